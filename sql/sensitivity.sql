-- synthdata.sensitivity: the user's marks on columns, read by synth_sensitive_columns(). One row
-- per column the user has decided about: `sensitive = true` makes the column sensitive (with
-- `category`, or the detected category when NULL); `sensitive = false` declares it not sensitive
-- whatever detection says. Marks win over detection.
--
-- It lives in its own schema `synthdata` (created here unless the extension is installed into a
-- schema of that name), so that the tables of the schema the functions are installed in stay the
-- user's own: synth_fill_schema('public') and scripts that walk a schema never meet it. The
-- table belongs to the extension but its rows are the user's: pg_dump dumps them
-- (pg_extension_config_dump); DROP EXTENSION drops them.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'synthdata') THEN
    CREATE SCHEMA synthdata;
  ELSIF pg_catalog.current_schema() IS DISTINCT FROM 'synthdata' THEN
    RAISE EXCEPTION 'schema "synthdata" already exists'
      USING HINT = 'synthdata keeps its table of sensitive columns in the schema synthdata: install the extension into it (CREATE EXTENSION synthdata SCHEMA synthdata) or rename the existing schema.';
  END IF;
END $$;
GRANT USAGE ON SCHEMA synthdata TO PUBLIC;
CREATE TABLE synthdata.sensitivity (
    table_name  regclass NOT NULL,
    column_name name     NOT NULL,
    sensitive   boolean  NOT NULL,
    category    text,
    note        text,
    PRIMARY KEY (table_name, column_name)
);
COMMENT ON TABLE synthdata.sensitivity IS
    'synthdata: columns marked sensitive (or not sensitive) by the user; marks override synth_detect_pii';
SELECT pg_catalog.pg_extension_config_dump('synthdata.sensitivity', '');
GRANT SELECT ON synthdata.sensitivity TO PUBLIC;
