-- Helpers for the real-data tests: orphan counting over every foreign key of a table (including
-- foreign keys declared on its partitions) and statistics fidelity of a synthetic copy.
CREATE SCHEMA IF NOT EXISTS realdata_test;

-- Rows of `t` whose foreign key points at no parent row, summed over its foreign keys.
CREATE OR REPLACE FUNCTION realdata_test.orphans(t regclass) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  fk record;
  n bigint;
  total bigint := 0;
BEGIN
  FOR fk IN
    SELECT c.conrelid::regclass AS child, c.confrelid::regclass AS parent,
           (SELECT string_agg(format('c.%I', a.attname), ', ' ORDER BY k.o) FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
              JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS ccols,
           (SELECT string_agg(format('p.%I', a.attname), ', ' ORDER BY k.o) FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
              JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS pcols
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conparentid = 0
       AND (c.conrelid = t OR c.conrelid IN (SELECT relid FROM pg_partition_tree(t)))
  LOOP
    EXECUTE format('SELECT count(*) FROM %s c WHERE (%s) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM %s p WHERE (%s) = (%s))',
                   fk.child, fk.ccols, fk.parent, fk.pcols, fk.ccols) INTO n;
    total := total + n;
  END LOOP;
  RETURN total;
END $$;

-- For each column of real table `r` with statistics: the null fraction and the frequency of each
-- most-common value, in `r` (pg_stats) and in synthetic table `s` (counted exactly).
CREATE OR REPLACE FUNCTION realdata_test.fidelity(r regclass, s regclass)
RETURNS TABLE(column_name name, what text, real_freq float8, synth_freq float8) LANGUAGE plpgsql AS $$
DECLARE
  st record;
  total float8;
  v text;
  i int;
BEGIN
  EXECUTE format('SELECT count(*) FROM %s', s) INTO total;
  FOR st IN
    SELECT ps.attname, ps.null_frac, ps.most_common_vals::text::text[] AS mcv, ps.most_common_freqs AS mcf
      FROM pg_stats ps JOIN pg_class c ON c.relname = ps.tablename JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = ps.schemaname
     WHERE c.oid = r AND ps.inherited = (c.relkind = 'p')
  LOOP
    column_name := st.attname;
    what := 'NULL';
    real_freq := st.null_frac;
    EXECUTE format('SELECT count(*) FILTER (WHERE %I IS NULL) / %s::float8 FROM %s', st.attname, total, s) INTO synth_freq;
    RETURN NEXT;
    FOR i IN 1 .. coalesce(array_length(st.mcv, 1), 0) LOOP
      v := st.mcv[i];
      what := v;
      real_freq := st.mcf[i];
      EXECUTE format('SELECT count(*) FILTER (WHERE %I::text = $1) / %s::float8 FROM %s', st.attname, total, s) INTO synth_freq USING v;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END $$;
