-- Upgrade from synthdata 0.1.0 to 0.2.0 (ALTER EXTENSION synthdata UPDATE TO '0.2.0').
--
-- Hand-written: after this script a 0.1.0 database must be the same as a fresh 0.2.0 install,
-- object for object (tests/upgrade/run.sh compares the two). Every change to an extension object
-- between the releases goes here: a new function (CREATE FUNCTION … AS 'MODULE_PATHNAME', '…'
-- copied from what `cargo pgrx schema` generates), a changed signature or default (DROP FUNCTION
-- of the old one, then CREATE), a changed attribute (ALTER FUNCTION … STABLE / PARALLEL …), new
-- tables or columns. Never edit it once 0.2.0 is released.

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION synthdata UPDATE TO '0.2.0'" to load this file. \quit

-- Fakers and noise draw from the backend's random stream (seeded by synthdata.seed): PARALLEL
-- RESTRICTED, like random(), so a seeded session's sequence stays one sequence.
ALTER FUNCTION synth_fake_first_name(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_last_name(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_name(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_email(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_phone(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_address(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_city(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_postcode(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_country(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_company(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_iban(text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_credit_card() PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_ip() PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_uuid() PARALLEL RESTRICTED;
ALTER FUNCTION synth_fake_lorem(integer, text) PARALLEL RESTRICTED;
ALTER FUNCTION synth_noise(double precision, double precision) PARALLEL RESTRICTED;
ALTER FUNCTION synth_noise(numeric, double precision) PARALLEL RESTRICTED;
ALTER FUNCTION synth_noise_abs(double precision, double precision) PARALLEL RESTRICTED;
ALTER FUNCTION synth_noise_abs(numeric, double precision) PARALLEL RESTRICTED;
ALTER FUNCTION synth_noise_date(date, interval) PARALLEL RESTRICTED;
ALTER FUNCTION synth_noise_date(timestamp with time zone, interval) PARALLEL RESTRICTED;

-- Functions that read tables through SPI are PARALLEL UNSAFE: pgrx's SPI helpers assign a
-- transaction id, which raises an ERROR in parallel mode (in a worker and in the leader).
ALTER FUNCTION synth_compare(regclass, regclass, double precision) PARALLEL UNSAFE;
ALTER FUNCTION synth_compare(regclass[], regclass[], double precision) PARALLEL UNSAFE;
ALTER FUNCTION synth_compare(text, text, double precision) PARALLEL UNSAFE;
ALTER FUNCTION synth_leak_check(regclass, regclass, text[]) PARALLEL UNSAFE;
ALTER FUNCTION synth_detect_pii(text) PARALLEL UNSAFE;
ALTER FUNCTION synth_sensitive_columns(regclass) PARALLEL UNSAFE;
ALTER FUNCTION synth_k_anonymity(regclass, text[]) PARALLEL UNSAFE;
ALTER FUNCTION synth_l_diversity(regclass, text[], text) PARALLEL UNSAFE;

-- Leak-free profiles: synth_profile and synth_profile_schema take min_count (values seen fewer
-- times are left out) and epsilon (Laplace noise, fresh on every call: VOLATILE). PARALLEL
-- UNSAFE as the other functions that read tables.
DROP FUNCTION synth_profile(regclass, integer);
CREATE  FUNCTION "synth_profile"(
	"tbl" regclass, /* PgRelation */
	"sample_rows" INT DEFAULT NULL, /* Option < i32 > */
	"min_count" INT DEFAULT NULL, /* Option < i32 > */
	"epsilon" double precision DEFAULT NULL /* Option < f64 > */
) RETURNS jsonb /* JsonB */
VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_profile_wrapper';

DROP FUNCTION synth_profile_schema(text, integer);
CREATE  FUNCTION "synth_profile_schema"(
	"schema" TEXT DEFAULT 'public', /* Option < & str > */
	"sample_rows" INT DEFAULT NULL, /* Option < i32 > */
	"min_count" INT DEFAULT NULL, /* Option < i32 > */
	"epsilon" double precision DEFAULT NULL /* Option < f64 > */
) RETURNS jsonb /* JsonB */
VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_profile_schema_wrapper';

-- Static anonymization: synth_anonymize, the integer pseudonyms it uses for keys, and the stored
-- rule of a column (sql/anonymize.sql).
ALTER TABLE synthdata.sensitivity
    ADD COLUMN rule jsonb,
    ADD CONSTRAINT sensitivity_rule_needs_sensitive CHECK (rule IS NULL OR sensitive);
COMMENT ON COLUMN synthdata.sensitivity.rule IS
    'synthdata: the rule synth_anonymize applies to this column when called without rules, e.g. {"pseudonymize": "email"}';

CREATE  FUNCTION "synth_anonymize"(
	"tbl" regclass, /* Option < PgRelation > */
	"rules" jsonb DEFAULT NULL /* Option < JsonB > */
) RETURNS bigint /* i64 */
VOLATILE PARALLEL UNSAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_anonymize_wrapper';

CREATE  FUNCTION "synth_pseudonymize_int"(
	"value" smallint, /* Option < i16 > */
	"key" TEXT DEFAULT NULL /* Option < & str > */
) RETURNS smallint /* Option < i16 > */
STABLE PARALLEL SAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_pseudonymize_int2_wrapper';

CREATE  FUNCTION "synth_pseudonymize_int"(
	"value" INT, /* Option < i32 > */
	"key" TEXT DEFAULT NULL /* Option < & str > */
) RETURNS INT /* Option < i32 > */
STABLE PARALLEL SAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_pseudonymize_int4_wrapper';

CREATE  FUNCTION "synth_pseudonymize_int"(
	"value" bigint, /* Option < i64 > */
	"key" TEXT DEFAULT NULL /* Option < & str > */
) RETURNS bigint /* Option < i64 > */
STABLE PARALLEL SAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_pseudonymize_int8_wrapper';

-- synth_fill_schema fills an empty schema: rows (tables that reference no other get that many,
-- the others three per row of their largest parent) and table_rows (sizes by table name).
DROP FUNCTION synth_fill_schema(text, double precision, bigint, jsonb, text, double precision, text, text);
CREATE  FUNCTION "synth_fill_schema"(
	"schema" TEXT DEFAULT 'public', /* Option < & str > */
	"scale" double precision DEFAULT 1.0, /* Option < f64 > */
	"seed" bigint DEFAULT NULL, /* Option < i64 > */
	"profile" jsonb DEFAULT NULL, /* Option < JsonB > */
	"mode" TEXT DEFAULT 'typical', /* Option < & str > */
	"anomalies" double precision DEFAULT 0.0, /* Option < f64 > */
	"anomaly_column" TEXT DEFAULT NULL, /* Option < & str > */
	"locale" TEXT DEFAULT NULL, /* Option < & str > */
	"rows" double precision DEFAULT NULL, /* Option < f64 > */
	"table_rows" jsonb DEFAULT NULL /* Option < JsonB > */
) RETURNS TABLE (
	"table_name" regclass,  /* RegClass */
	"rows" bigint  /* i64 */
)
VOLATILE PARALLEL UNSAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_fill_schema_wrapper';

-- The fill log: every writing call appends its tables to synthdata.fill_log (sql/fill_log.sql);
-- synth_replay repeats a logged call, synth_explain shows where each column's values come from.
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

CREATE  FUNCTION "synth_explain"(
	"tbl" regclass, /* Option < PgRelation > */
	"n" double precision DEFAULT 1000.0 /* Option < f64 > */
) RETURNS TABLE (
	"column_name" TEXT,  /* String */
	"type_name" TEXT,  /* String */
	"source" TEXT,  /* String */
	"detail" TEXT  /* String */
)
STABLE PARALLEL UNSAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_explain_wrapper';

CREATE  FUNCTION "synth_replay"(
	"log_id" bigint, /* Option < i64 > */
	"target_schema" TEXT DEFAULT NULL /* Option < & str > */
) RETURNS TABLE (
	"table_name" regclass,  /* RegClass */
	"rows" bigint  /* i64 */
)
VOLATILE PARALLEL UNSAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_replay_wrapper';

-- Fills of Citus distributed tables: what each worker runs for its parts of a fill (STABLE, so
-- that Citus pushes it down).
CREATE  FUNCTION "synth_rows_part"(
	"tbl" anyelement, /* Option < AnyElement > */
	"doc" TEXT, /* & str */
	"lo" bigint, /* i64 */
	"hi" bigint /* i64 */
) RETURNS SETOF anyelement /* AnyElement */
STABLE PARALLEL UNSAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_rows_part_wrapper';

-- Plausibility of filled tables against their profile: rows outside the observed ranges and rows
-- breaking the learned rules.
CREATE  FUNCTION "synth_plausibility"(
	"profile" jsonb /* Option < JsonArg > */
) RETURNS TABLE (
	"table_name" TEXT,  /* String */
	"check_name" TEXT,  /* String */
	"subject" TEXT,  /* String */
	"expected" TEXT,  /* String */
	"rows" bigint,  /* i64 */
	"broken" bigint  /* i64 */
)
STABLE PARALLEL UNSAFE 
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_plausibility_wrapper';
