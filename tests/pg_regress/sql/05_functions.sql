-- Every SQL function of the extension with its volatility and parallel safety, as PostgreSQL
-- records them. A change here is a change of the SQL interface: the upgrade script of the next
-- version must make it too (ALTER FUNCTION …), and tests/upgrade/run.sh checks that it does.
SELECT p.oid::regprocedure AS function,
       CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS volatility,
       CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END AS parallel,
       p.proisstrict AS strict
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'synthdata'
 ORDER BY p.proname, p.oid::regprocedure::text;

-- The same attributes at work: with parallel query forced, a query whose functions are all
-- PARALLEL SAFE runs in a parallel worker; a RESTRICTED one keeps its part in the leader;
-- a query with an UNSAFE one is not parallel at all. A function marked safe or restricted that
-- cannot run in parallel mode (one that writes or assigns a transaction id) fails here.
SELECT set_config(CASE WHEN current_setting('server_version_num')::int >= 160000
                       THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END, 'on', false) AS forced;
SET synthdata.secret = 'regress-key';
CREATE TABLE par (id int, name text);
INSERT INTO par VALUES (1, 'Alice Martin'), (2, 'Bob Stone');
ANALYZE par;
-- safe: pseudonyms and synth_hash read synthdata.secret, which parallel workers receive
SELECT id, synth_pseudonymize_name(name) AS pseudonym, synth_pseudonymize_digits('4111 1111', 'k') AS digits,
       left(synth_hash(name), 8) AS hash, synth_mask_email('alice@corp.example') AS masked,
       synth_generalize_date(date '2024-08-15', 'week') AS week, synth_generalize_int(id, 10) AS band
  FROM par ORDER BY id;
-- restricted: fakers and noise draw from the leader's random stream
SELECT id, synth_fake_name() IS NOT NULL AS faked, synth_noise(100, 0) AS no_noise FROM par ORDER BY id;
-- unsafe although they only read: every function that reads tables through SPI
SELECT synth_profile('par')->'table'->>'name' AS profiled, synth_k_anonymity('par', '{name}') AS k,
       synth_l_diversity('par', '{name}', 'id') AS l, synth_compare('par'::regclass, 'par'::regclass)->>'overall' AS overall,
       synth_leak_check('par', 'par') IS NOT NULL AS leak_checked,
       (SELECT count(*) FROM synth_sensitive_columns('par')) AS sensitive,
       (SELECT count(*) FROM synth_detect_pii('public')) >= 0 AS detected,
       synth_profile_schema('public') IS NOT NULL AS schema_profiled
  FROM par ORDER BY id LIMIT 1;
DROP TABLE par;
