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
	"sample_rows" INT DEFAULT 0, /* i32 */
	"min_count" INT DEFAULT NULL, /* Option < i32 > */
	"epsilon" double precision DEFAULT NULL /* Option < f64 > */
) RETURNS jsonb /* JsonB */
VOLATILE PARALLEL UNSAFE
LANGUAGE c /* Rust */
AS 'MODULE_PATHNAME', 'synth_profile_wrapper';

DROP FUNCTION synth_profile_schema(text, integer);
CREATE  FUNCTION "synth_profile_schema"(
	"schema" TEXT DEFAULT 'public', /* Option < & str > */
	"sample_rows" INT DEFAULT 0, /* i32 */
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
