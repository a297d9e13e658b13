-- synth_fill(t, 500, mode => 'edge') and synth_fill(t, 500, anomalies => 0.2) for every table,
-- each in a subtransaction rolled back afterwards so the real data stays as it was. Every
-- foreign key of the new rows is checked by anti-join too; any failure is an error.
SET client_min_messages = warning;
DO $$
DECLARE
  t regclass;
  n bigint;
  orphans bigint;
  mode text;
  filled int := 0;
BEGIN
  FOREACH mode IN ARRAY ARRAY['edge', 'anomalies'] LOOP
    FOR t IN SELECT c.oid::regclass FROM pg_class c
              WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              ORDER BY c.relname
    LOOP
      BEGIN
        IF mode = 'edge' THEN
          n := synth_fill(t, 500, seed => 1, mode => 'edge');
        ELSE
          n := synth_fill(t, 500, seed => 1, anomalies => 0.2);
        END IF;
        orphans := realdata_test.orphans(t);
        IF n <> 500 OR orphans <> 0 THEN
          RAISE EXCEPTION '% rows into % (%): % rows, % orphans', 500, t, mode, n, orphans USING ERRCODE = 'P0001';
        END IF;
        filled := filled + 1;
        RAISE EXCEPTION 'rollback' USING ERRCODE = 'P0099';
      EXCEPTION WHEN SQLSTATE 'P0099' THEN NULL;
      END;
    END LOOP;
  END LOOP;
  RAISE WARNING 'edge and anomalous rows: % fills', filled;
END $$;
