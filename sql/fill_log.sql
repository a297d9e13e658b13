-- synthdata.fill_log: one row per table a writing call wrote (synth_fill, synth_fill_schema,
-- synth_anonymize, synth_shuffle; a synth_replay is logged as the call it repeats, its arguments
-- saying replay_of), appended in the caller's transaction: a call that rolls back leaves no
-- entry. synth_replay(id) repeats a logged fill from its entries.
--
-- Entries are written by the extension as the table's owner (src/fill/log.rs), so no role needs
-- INSERT on it and none but its owner can change it. Each role reads its own entries (row-level
-- security); members of synthdata_auditor (a role an administrator creates: CREATE ROLE
-- synthdata_auditor; GRANT synthdata_auditor TO alice) and of pg_read_all_data read every entry.
-- synthdata.log = off (superusers) stops the log. pg_dump keeps the entries.
CREATE SEQUENCE synthdata.fill_log_id_seq;
CREATE TABLE synthdata.fill_log (
    id             bigint      NOT NULL DEFAULT pg_catalog.nextval('synthdata.fill_log_id_seq') PRIMARY KEY,
    call_id        bigint      NOT NULL,
    logged_at      timestamptz NOT NULL,
    role_name      name        NOT NULL,
    database_name  name        NOT NULL,
    function_name  text        NOT NULL,
    schema_name    name        NOT NULL,
    table_name     name        NOT NULL,
    rows           bigint      NOT NULL,
    seed           bigint,
    arguments      jsonb       NOT NULL,
    settings       jsonb       NOT NULL,
    profile_source text,
    profile_digest text,
    profile        jsonb,
    spec           jsonb,
    context        jsonb,
    version        text        NOT NULL,
    duration       interval    NOT NULL
);
ALTER SEQUENCE synthdata.fill_log_id_seq OWNED BY synthdata.fill_log.id;
CREATE INDEX fill_log_call_id_idx ON synthdata.fill_log (call_id);
COMMENT ON TABLE synthdata.fill_log IS
    'synthdata: one row per table written by synth_fill, synth_fill_schema, synth_anonymize, synth_shuffle (and their replays)';
COMMENT ON COLUMN synthdata.fill_log.call_id IS 'synthdata: the id of the first entry of the call (a schema fill writes several)';
COMMENT ON COLUMN synthdata.fill_log.profile IS 'synthdata: the table profile the rows were generated from (what synth_replay generates from)';
COMMENT ON COLUMN synthdata.fill_log.spec IS 'synthdata: rows asked, scenario, children per parent and linked keys of this table in the call';
COMMENT ON COLUMN synthdata.fill_log.context IS 'synthdata: digests of what the fill found: rows already there, parent keys, existing unique keys';
ALTER TABLE synthdata.fill_log ENABLE ROW LEVEL SECURITY;
CREATE POLICY fill_log_read ON synthdata.fill_log FOR SELECT USING (
    role_name = CURRENT_USER
    OR pg_catalog.pg_has_role(CURRENT_USER, 'pg_read_all_data', 'MEMBER')
    OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                WHERE r.rolname = 'synthdata_auditor' AND pg_catalog.pg_has_role(CURRENT_USER, r.oid, 'MEMBER')));
GRANT SELECT ON synthdata.fill_log TO PUBLIC;
SELECT pg_catalog.pg_extension_config_dump('synthdata.fill_log', '');
SELECT pg_catalog.pg_extension_config_dump('synthdata.fill_log_id_seq', '');
