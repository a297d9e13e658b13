-- Hostile input: each case runs in its own subtransaction (hostile.try) and shows its SQLSTATE
-- ('ok' when it is accepted), its message and whether a hint comes with it. At the end: no case
-- raised an internal error (XX000), the tables hold exactly the rows the accepted cases wrote, no
-- failed case left a fill log entry, and this backend still answers (a crash would end the file).
SET client_min_messages = warning;
CREATE SCHEMA hostile;
SET search_path = hostile, public;
CREATE FUNCTION try(stmt text) RETURNS TABLE(outcome text, message text, hint boolean)
LANGUAGE plpgsql AS $$
DECLARE st text; msg text; hnt text;
BEGIN
  EXECUTE stmt;
  RETURN QUERY SELECT 'ok'::text, NULL::text, NULL::boolean;
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, hnt = PG_EXCEPTION_HINT;
  -- OIDs and log entry ids depend on the database: numbers of five digits or more are shown as N.
  RETURN QUERY SELECT st, left(regexp_replace(msg, '[0-9]{5,}', 'N', 'g'), 150), coalesce(hnt, '') <> '';
END $$;

-- A source schema profiled with its statistics, and an empty target of the same shape.
CREATE SCHEMA hostile_src;
CREATE SCHEMA hostile_target;
CREATE TABLE hostile_src.items (id int PRIMARY KEY, name text NOT NULL, price numeric(8, 2) CHECK (price > 0), made date);
CREATE TABLE hostile_target.items (LIKE hostile_src.items INCLUDING ALL);
SELECT synth_fill('hostile_src.items', 500, seed => 1);
ANALYZE hostile_src.items;
CREATE TABLE good AS SELECT synth_profile_schema('hostile_src', min_count => 1) AS p;

-- Names that need quoting, a 1,600-column table, a row that would be 1 GB wide, other objects.
CREATE TABLE "Order Items" (id int PRIMARY KEY, "select" text NOT NULL, "from" int CHECK ("from" > 0));
CREATE SCHEMA "ünïcode";
CREATE TABLE "ünïcode"."tëst" ("ä" text NOT NULL, "ö" date);
DO $$ BEGIN
  EXECUTE 'CREATE TABLE wide (' ||
          (SELECT string_agg(format('c%s int', i), ', ') FROM generate_series(1, 1600) i) || ')';
END $$;
CREATE TABLE gigabyte (t text NOT NULL CHECK (octet_length(t) > 1073741824));
CREATE VIEW a_view AS SELECT 1 AS x;
CREATE SEQUENCE a_sequence;
CREATE TABLE plain (id int PRIMARY KEY, note text);

CREATE TABLE cases (n int, label text, stmt text);
INSERT INTO cases VALUES
-- Profiles that are not profiles.
( 1, 'profile: a JSON array', $$SELECT synth_fill_schema('hostile_target', profile => '[]')$$),
( 2, 'profile: a JSON string', $$SELECT synth_fill_schema('hostile_target', profile => '"profile"')$$),
( 3, 'profile: a JSON number', $$SELECT synth_fill_schema('hostile_target', profile => '42')$$),
( 4, 'profile: JSON null', $$SELECT synth_fill_schema('hostile_target', profile => 'null')$$),
( 5, 'profile: an empty object', $$SELECT synth_fill_schema('hostile_target', profile => '{}')$$),
( 6, 'profile: nested 5,000 deep', $$SELECT synth_fill_schema('hostile_target', profile => (repeat('{"a":', 5000) || '1' || repeat('}', 5000))::jsonb)$$),
( 7, 'profile: 200,000 extra tables of junk', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{junk}', (SELECT jsonb_agg(i) FROM generate_series(1, 200000) i)))$$),
( 8, 'profile: format_version from the future', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{format_version}', '999'))$$),
( 9, 'profile: format_version negative', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{format_version}', '-1'))$$),
(10, 'profile: format_version a string', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{format_version}', '"1"'))$$),
(11, 'profile: tables an object', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables}', '{}'))$$),
(12, 'profile: a table without columns', $$SELECT synth_fill_schema('hostile_target', profile => (SELECT p FROM good) #- '{tables,0,columns}')$$),
(13, 'profile: an unknown type kind', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,1,type,kind}', '"bogus"'))$$),
(14, 'profile: a table the target lacks', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables,0,table,name}', '"missing"'))$$),
(15, 'profile: a column the target lacks', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,1,name}', '"missing"'))$$),
(16, 'profile: a column of another type', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,3,type}', '{"kind": "bigint", "name": "bigint"}'))$$),
(17, 'profile: reltuples a string', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables,0,table,reltuples}', '"NaN"'))$$),
(18, 'profile: reltuples 1e300', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables,0,table,reltuples}', '1e300'))$$),
(19, 'profile: reltuples negative', $$SELECT count(*) FROM synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables,0,table,reltuples}', '-1e300'))$$),
(20, 'profile: null_frac 2', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,3,stats,null_frac}', '2'))$$),
(21, 'profile: null_frac negative', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,3,stats,null_frac}', '-1'))$$),
(22, 'profile: more common values than frequencies', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set(jsonb_set((SELECT p FROM good), '{tables,0,columns,2,stats,most_common_vals}', '["1.00", "2.00", "3.00"]'), '{tables,0,columns,2,stats,most_common_freqs}', '[0.5]'))$$),
(23, 'profile: negative and huge frequencies', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set(jsonb_set((SELECT p FROM good), '{tables,0,columns,2,stats,most_common_vals}', '["1.00", "2.00"]'), '{tables,0,columns,2,stats,most_common_freqs}', '[-5, 1e300]'))$$),
(24, 'profile: histogram out of order', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,3,stats,histogram_bounds}', '["2030-01-01", "1990-01-01", "2010-06-01"]'))$$),
(25, 'profile: histogram of words in a date column', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,3,stats,histogram_bounds}', '["yesterday", "soon", "never"]'))$$),
(26, 'profile: n_distinct 1e308', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,1,stats,n_distinct}', '1e308'))$$),
(27, 'profile: a text 1 GB wide on average', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,1,stats,avg_width}', '1073741824'))$$),
(28, 'profile: avg_width a string', $$SELECT synth_fill_schema('hostile_target', profile => jsonb_set((SELECT p FROM good), '{tables,0,columns,1,stats,avg_width}', '"wide"'))$$),
(29, 'profile: a relationship to nowhere', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set((SELECT p FROM good), '{relationships}', '[{"name": "x", "child": "items", "parent": "nowhere", "children_per_parent": {"parents": 1, "children": -5, "childless_share": 7, "mean": -1, "stddev": -1}}]'))$$),
(30, 'profile: a CHECK that is not SQL', $$SELECT count(*) FROM synth_fill_schema('hostile_target', scale => 0.01, profile => jsonb_set((SELECT p FROM good), '{tables,0,checks}', '[{"name": "c", "definition": "CHECK ((((("}]'))$$),
-- Counts, seeds, modes.
(31, 'n negative', $$SELECT synth_fill('plain', -5)$$),
(32, 'n NaN', $$SELECT synth_fill('plain', 'NaN')$$),
(33, 'n infinite', $$SELECT synth_fill('plain', 'Infinity')$$),
(34, 'n 1e300', $$SELECT synth_fill('plain', 1e300)$$),
(35, 'n fractional', $$SELECT synth_fill('plain', 2.5)$$),
(36, 'n NULL', $$SELECT synth_fill('plain', NULL)$$),
(37, 'seed at the lowest bigint', $$SELECT synth_fill('plain', 3, seed => -9223372036854775808)$$),
(38, 'seed at the highest bigint', $$SELECT synth_fill('plain', 3, seed => 9223372036854775807)$$),
(39, 'synthdata.seed not a number', $$SELECT set_config('synthdata.seed', 'forty-two', true), synth_fill('plain', 1)$$),
(40, 'mode unknown', $$SELECT synth_fill('plain', 1, mode => 'chaos')$$),
(41, 'anomalies above 1', $$SELECT synth_fill('plain', 1, anomalies => 2)$$),
(42, 'anomalies NaN', $$SELECT synth_fill('plain', 1, anomalies => 'NaN')$$),
(43, 'anomaly_column missing', $$SELECT synth_fill('plain', 1, anomalies => 0.1, anomaly_column => 'nope')$$),
(44, 'locale unknown', $$SELECT synth_fill('plain', 1, locale => 'xx')$$),
-- Objects that are missing or are not tables.
(45, 'a table that does not exist', $$SELECT synth_fill('no_such_table', 1)$$),
(46, 'a view', $$SELECT synth_fill('a_view', 1)$$),
(47, 'a sequence', $$SELECT synth_fill('a_sequence', 1)$$),
(48, 'a system catalog', $$SELECT synth_fill('pg_catalog.pg_class', 1)$$),
(49, 'rows of a type that is no table', $$SELECT * FROM synth_rows(NULL::int, 1)$$),
(50, 'a schema that does not exist', $$SELECT synth_fill_schema('no_such_schema')$$),
(51, 'scale negative', $$SELECT synth_fill_schema('hostile_target', scale => -1)$$),
(52, 'scale infinite', $$SELECT synth_fill_schema('hostile_target', scale => 'Infinity')$$),
(53, 'table_rows an array', $$SELECT synth_fill_schema('hostile_target', table_rows => '[1, 2]')$$),
(54, 'table_rows negative', $$SELECT synth_fill_schema('hostile_target', table_rows => '{"items": -1}')$$),
(55, 'table_rows naming a missing table', $$SELECT synth_fill_schema('hostile_target', table_rows => '{"nope": 5}')$$),
(56, 'sample_rows negative', $$SELECT synth_profile('plain', sample_rows => -1)$$),
(57, 'min_count zero', $$SELECT synth_profile('plain', min_count => 0)$$),
(58, 'epsilon negative', $$SELECT synth_profile('plain', epsilon => -1)$$),
(59, 'shuffle a missing column', $$SELECT synth_shuffle('plain', 'nope')$$),
(60, 'k-anonymity of no columns', $$SELECT synth_k_anonymity('plain', '{}')$$),
(61, 'replay of a missing entry', $$SELECT * FROM synth_replay(-1)$$),
-- Names that need quoting, size limits.
(62, 'a table named "Order Items", a column named select', $$SELECT synth_fill('"Order Items"', 20, seed => 1)$$),
(63, 'schema ünïcode, table tëst', $$SELECT synth_fill('"ünïcode"."tëst"', 20, seed => 1)$$),
(64, 'a table of 1,600 columns', $$SELECT synth_fill('wide', 5, seed => 1)$$),
(65, 'a row that would be 1 GB wide', $$SELECT synth_fill('gigabyte', 1, seed => 1)$$);

CREATE TABLE results AS
SELECT c.n, c.label, r.outcome, r.message, r.hint
  FROM cases c, LATERAL try(c.stmt) r;
SELECT n, label, outcome, message, hint FROM results ORDER BY n;

-- Every SQL function of the extension called with NULL for every argument.
CREATE TABLE null_calls AS
SELECT p.oid::regprocedure::text AS function,
       format('SELECT %s(%s)', p.oid::regproc,
              (SELECT string_agg(CASE WHEN t::regtype::text = 'anyelement' THEN 'NULL::int'
                                      ELSE 'NULL::' || t::regtype::text END, ', ')
                 FROM unnest(p.proargtypes) t)) AS stmt
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'synthdata';
CREATE TABLE null_results AS
SELECT n.function, r.outcome, r.message FROM null_calls n, LATERAL try(n.stmt) r;
SELECT function, outcome, message FROM null_results ORDER BY function;
SELECT count(*) AS functions, count(*) FILTER (WHERE outcome = 'XX000') AS internal_errors FROM null_results;

-- Privileges: a role that may read open_t but not secret_t learns nothing of secret_t through
-- any function (its one value, 'the-secret-value', is in its statistics); without INSERT it fills
-- nothing; synthdata.sensitivity is changed only by its owner (and whom the owner grants).
CREATE TABLE open_t (id int PRIMARY KEY, v text);
CREATE TABLE secret_t (id int PRIMARY KEY, v text);
INSERT INTO open_t SELECT i, 'open' FROM generate_series(1, 50) i;
INSERT INTO secret_t SELECT i, 'the-secret-value' FROM generate_series(1, 50) i;
ANALYZE open_t, secret_t;
CREATE ROLE hostile_prying;
GRANT USAGE ON SCHEMA hostile TO hostile_prying;
GRANT SELECT ON open_t, cases TO hostile_prying;
GRANT EXECUTE ON FUNCTION try(text) TO hostile_prying;
CREATE TABLE prying_cases (n int, label text, stmt text);
INSERT INTO prying_cases VALUES
-- (A profile is the catalog and pg_stats, which shows no row of a column the role may not read:
-- the profiles succeed without the value; were it there, the cast of 'open' would fail.)
(1, 'profile of the table', $$SELECT CASE WHEN synth_profile('secret_t')::text LIKE '%the-secret-value%' THEN (SELECT v FROM open_t LIMIT 1)::int END$$),
(2, 'profile of the schema', $$SELECT CASE WHEN synth_profile_schema('hostile', min_count => 1)::text LIKE '%the-secret-value%' THEN (SELECT v FROM open_t LIMIT 1)::int END$$),
(3, 'compare', $$SELECT synth_compare('open_t', 'secret_t')$$),
(4, 'leak check', $$SELECT synth_leak_check('open_t', 'secret_t')$$),
(5, 'personal data detection', $$SELECT * FROM synth_detect_pii('hostile')$$),
(6, 'sensitive columns', $$SELECT * FROM synth_sensitive_columns('secret_t')$$),
(7, 'k-anonymity', $$SELECT synth_k_anonymity('secret_t', ARRAY['v'])$$),
(8, 'rows of it', $$SELECT * FROM synth_rows(NULL::secret_t, 5)$$),
(9, 'explain', $$SELECT * FROM synth_explain('secret_t')$$),
(10, 'fill without INSERT', $$SELECT synth_fill('open_t', 5)$$),
(11, 'mark a column', $$INSERT INTO synthdata.sensitivity (table_name, column_name, sensitive) VALUES ('open_t', 'v', false)$$),
(12, 'change a mark', $$UPDATE synthdata.sensitivity SET sensitive = false$$);
GRANT SELECT ON prying_cases TO hostile_prying;
SET ROLE hostile_prying;
SELECT c.n, c.label, r.outcome, r.message FROM prying_cases c, LATERAL try(c.stmt) r ORDER BY c.n;
RESET ROLE;
SELECT count(*) AS rows_added FROM open_t WHERE id > 50;

-- What the cases left behind: no internal error, the rows of the accepted fills only, no log
-- entry of a failed call, a live backend.
SELECT count(*) AS cases, count(*) FILTER (WHERE outcome = 'ok') AS accepted,
       count(*) FILTER (WHERE outcome = 'XX000') AS internal_errors,
       count(*) FILTER (WHERE outcome <> 'ok' AND NOT hint) AS errors_without_hint
  FROM results;
SELECT (SELECT count(*) FROM hostile_target.items) AS target_items, (SELECT count(*) FROM plain) AS plain,
       (SELECT count(*) FROM "Order Items") AS order_items, (SELECT count(*) FROM "ünïcode"."tëst") AS tests,
       (SELECT count(*) FROM wide) AS wide, (SELECT count(*) FROM gigabyte) AS gigabyte;
SELECT schema_name, table_name, sum(rows) AS rows
  FROM synthdata.fill_log
 WHERE schema_name IN ('hostile', 'hostile_target', 'ünïcode')
 GROUP BY 1, 2 ORDER BY 1, 2;
SELECT 1 AS alive;

RESET search_path;
DROP SCHEMA hostile, hostile_src, hostile_target, "ünïcode" CASCADE;
DROP ROLE hostile_prying;
