-- Leak-free profiles on real data: no value of the personal columns of pagila's customer, staff
-- and address, and of chinook's customer and employee (names, e-mails, phones, street
-- addresses, user names, postcodes), appears anywhere in the exported profile (:profile, a file
-- written by synth_profile_schema(sample_rows => …)): neither as a whole JSON string nor, for
-- values of 8 characters or more, inside one. Short numbers (postcodes of 4 digits or fewer)
-- are left out: they coincide with any number of the profile. Fails when any is found.
\set ON_ERROR_STOP 1
CREATE TEMP TABLE profile_strings AS
SELECT DISTINCT v #>> '{}' AS s
  FROM jsonb_path_query(pg_read_file(:'profile')::jsonb, 'strict $.**') v
 WHERE jsonb_typeof(v) = 'string';
CREATE TEMP TABLE personal (tbl text, col text);
INSERT INTO personal VALUES
  ('customer', 'first_name'), ('customer', 'last_name'), ('customer', 'email'),
  ('customer', 'phone'), ('customer', 'fax'), ('customer', 'address'), ('customer', 'postal_code'),
  ('staff', 'first_name'), ('staff', 'last_name'), ('staff', 'email'), ('staff', 'username'),
  ('address', 'address'), ('address', 'address2'), ('address', 'phone'), ('address', 'postal_code'),
  ('employee', 'first_name'), ('employee', 'last_name'), ('employee', 'email'), ('employee', 'phone'),
  ('employee', 'fax'), ('employee', 'address'), ('employee', 'postal_code');
CREATE FUNCTION pg_temp.found_in_profile(tbl text, col text) RETURNS TABLE(source_values bigint, in_profile bigint)
LANGUAGE plpgsql AS $$
BEGIN
  RETURN QUERY EXECUTE format(
    'WITH src AS (SELECT DISTINCT %1$I::text AS v FROM public.%2$I
                   WHERE %1$I IS NOT NULL AND %1$I::text <> %3$L AND %1$I::text !~ ''^[0-9]{1,4}$'')
     SELECT (SELECT count(*) FROM src),
            (SELECT count(*) FROM src WHERE EXISTS (
                SELECT 1 FROM profile_strings p WHERE p.s = src.v OR (length(src.v) >= 8 AND position(src.v IN p.s) > 0)))',
    col, tbl, '');
END $$;
CREATE TEMP TABLE profile_leaks AS
SELECT p.tbl || '.' || p.col AS "column", f.source_values, f.in_profile
  FROM personal p
  JOIN pg_catalog.pg_attribute a ON a.attrelid = to_regclass('public.' || p.tbl) AND a.attname = p.col
 CROSS JOIN LATERAL pg_temp.found_in_profile(p.tbl, p.col) f
 ORDER BY 1;
SELECT * FROM profile_leaks;
DO $$
DECLARE bad text;
BEGIN
  SELECT string_agg("column" || ' (' || in_profile || ')', ', ') INTO bad FROM profile_leaks WHERE in_profile > 0;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'source values of personal columns found in the exported profile: %', bad;
  END IF;
END $$;
