-- The user's marks on columns, read by synth_sensitive_columns(): one row per column the user
-- has decided about. `sensitive = true` makes the column sensitive (with `category`, or the
-- detected category when NULL); `sensitive = false` declares it not sensitive whatever detection
-- says. Marks win over detection. The table belongs to the extension but its rows are the
-- user's: pg_dump dumps them (pg_extension_config_dump) and DROP EXTENSION drops them.
CREATE TABLE synth_sensitivity (
    table_name  regclass NOT NULL,
    column_name name     NOT NULL,
    sensitive   boolean  NOT NULL,
    category    text,
    note        text,
    PRIMARY KEY (table_name, column_name)
);
COMMENT ON TABLE synth_sensitivity IS
    'synthdata: columns marked sensitive (or not sensitive) by the user; marks override synth_detect_pii';
SELECT pg_catalog.pg_extension_config_dump('synth_sensitivity', '');
GRANT SELECT ON synth_sensitivity TO PUBLIC;
