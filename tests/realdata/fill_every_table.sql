-- synth_fill(t, 1000) for every table, each in a subtransaction rolled back afterwards so the
-- real data stays as it was. Every foreign key of the new rows is checked by anti-join too.
SET client_min_messages = warning;
DO $$
DECLARE
  t regclass;
  n bigint;
  orphans bigint;
  filled text[] := '{}';
BEGIN
  FOR t IN SELECT c.oid::regclass FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            ORDER BY c.relname
  LOOP
    BEGIN
      n := synth_fill(t, 1000, seed => 1);
      orphans := realdata_test.orphans(t);
      IF n <> 1000 OR orphans <> 0 THEN
        RAISE EXCEPTION 'table %: % rows, % orphans', t, n, orphans USING ERRCODE = 'P0001';
      END IF;
      filled := filled || t::text;
      RAISE EXCEPTION 'rollback' USING ERRCODE = 'P0099';
    EXCEPTION WHEN SQLSTATE 'P0099' THEN NULL;
    END;
  END LOOP;
  RAISE WARNING 'filled 1000 rows into each of % tables: %', cardinality(filled), array_to_string(filled, ', ');
END $$;
