-- Citus tables are recognised by Citus's own catalog, pg_dist_partition, never by their names.
-- Without Citus here, the catalog table is made by hand (as a superuser may, with
-- allow_system_table_mods) with the columns synthdata reads; tier 9 (tests/citus/run.sh) runs
-- the real thing on a coordinator and two workers.
SET allow_system_table_mods = on;
CREATE TABLE pg_catalog.pg_dist_partition (
    logicalrelid regclass NOT NULL,
    partmethod   "char" NOT NULL,
    partkey      text,
    colocationid integer NOT NULL,
    repmodel     "char" NOT NULL
);
CREATE FUNCTION pg_catalog.column_to_column_name(regclass, text) RETURNS text
    LANGUAGE sql AS $$ SELECT $2 $$;
RESET allow_system_table_mods;
CREATE TABLE shop_customers (id bigint PRIMARY KEY, email text);
CREATE TABLE shop_countries (code char(2) PRIMARY KEY, name text);
CREATE TABLE shop_plain (id bigint PRIMARY KEY, email text);
INSERT INTO pg_catalog.pg_dist_partition VALUES
    ('shop_customers', 'h', 'id', 1, 's'),
    ('shop_countries', 'n', NULL, 2, 't');

-- A distributed table is filled through Citus (here, its table of part numbers cannot be made:
-- there is no create_distributed_table), never into the coordinator's shell.
SELECT synth_fill('shop_customers', 10, seed => 1);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
SELECT count(*) AS rows_in_the_shell FROM shop_customers;
-- A reference table goes through INSERT … SELECT, which Citus would route to every placement.
SELECT synth_fill('shop_countries', 5, seed => 1);
-- Rewrites refuse Citus tables, with what to do instead; a table of the same database that Citus
-- does not know is rewritten as usual.
SELECT synth_anonymize('shop_customers', '{"email": "mask"}');
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
SELECT synth_shuffle('shop_countries', 'name', seed => 1);
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate;
SELECT synth_fill('shop_plain', 5, seed => 1);
SELECT synth_shuffle('shop_plain', 'email', seed => 1) >= 0 AS shuffled;
-- A schema fill sees both: the table Citus does not distribute comes first.
SELECT table_name, rows FROM synth_fill_schema('public', table_rows => '{"shop_countries": 3}', seed => 1)
 WHERE table_name::text LIKE 'shop_%';

DROP TABLE shop_customers, shop_countries, shop_plain;
SET allow_system_table_mods = on;
DROP FUNCTION pg_catalog.column_to_column_name(regclass, text);
DROP TABLE pg_catalog.pg_dist_partition;
RESET allow_system_table_mods;
