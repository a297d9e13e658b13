-- synthdata.sensitivity.rule: the stored rule of a column for synth_anonymize(tbl) called without
-- rules (the rules format is documented in src/anonymize/rules.rs and docs/src/masking.md). A column
-- marked sensitive without a rule gets the default of its category; a rule needs the column
-- marked sensitive (a rule on a column declared not sensitive would contradict the mark).
--
-- Kept apart from sensitivity.sql so that this file is, word for word, what an upgrade script
-- from a release without stored rules adds.
ALTER TABLE synthdata.sensitivity
    ADD COLUMN rule jsonb,
    ADD CONSTRAINT sensitivity_rule_needs_sensitive CHECK (rule IS NULL OR sensitive);
COMMENT ON COLUMN synthdata.sensitivity.rule IS
    'synthdata: the rule synth_anonymize applies to this column when called without rules, e.g. {"pseudonymize": "email"}';
