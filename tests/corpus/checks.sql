-- What tests/corpus/run.sh checks in a filled corpus database, as functions of a schema of their
-- own (corpus_check), which the fill leaves alone (its one table, the tables seeded before the
-- fill, is not a table the checks count).
SET client_min_messages = warning;
CREATE SCHEMA corpus_check;

-- The tables that can hold rows: ordinary and partitioned tables (a partitioned one only when it
-- has partitions) outside the system, the extensions and this schema; partitions count through
-- their parent.
CREATE FUNCTION corpus_check.fillable() RETURNS TABLE (relid regclass, nsp name)
LANGUAGE sql STABLE AS $$
  SELECT c.oid::regclass, n.nspname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
     AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'corpus_check') AND n.nspname NOT LIKE 'pg\_%'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
     AND (c.relkind = 'r' OR EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhparent = c.oid))
$$;

-- The tables that hold rows before the fill: seeded by the schema's own script.
CREATE FUNCTION corpus_check.remember_seeded() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  n bigint;
BEGIN
  CREATE TABLE corpus_check.seeded (relid regclass);
  FOR t IN SELECT relid FROM corpus_check.fillable() LOOP
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 1) s', t.relid) INTO n;
    IF n > 0 THEN
      INSERT INTO corpus_check.seeded VALUES (t.relid);
    END IF;
  END LOOP;
END $$;

-- Schemas holding such tables, those whose tables others reference first (by the foreign keys
-- between schemas; in a cycle, by name).
CREATE FUNCTION corpus_check.schema_order() RETURNS SETOF name
LANGUAGE plpgsql AS $$
DECLARE
  left_ name[] := ARRAY(SELECT DISTINCT nsp FROM corpus_check.fillable() ORDER BY 1);
  pick name;
BEGIN
  WHILE cardinality(left_) > 0 LOOP
    SELECT s INTO pick FROM unnest(left_) s
     WHERE NOT EXISTS (
       SELECT 1 FROM pg_constraint f
         JOIN pg_class c ON c.oid = f.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
         JOIN pg_class p ON p.oid = f.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
        WHERE f.contype = 'f' AND cn.nspname = s AND pn.nspname <> s AND pn.nspname = ANY (left_))
     ORDER BY s LIMIT 1;
    IF pick IS NULL THEN
      pick := left_[1];
    END IF;
    RETURN NEXT pick;
    left_ := array_remove(left_, pick);
  END LOOP;
END $$;

-- Every problem found, one line each.
CREATE FUNCTION corpus_check.problems() RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  f record;
  c record;
  p record;
  n bigint;
  def text;
BEGIN
  -- Tables that can hold rows and hold none.
  FOR t IN SELECT relid FROM corpus_check.fillable() ORDER BY relid::text LOOP
    EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %s LIMIT 1) s', t.relid) INTO n;
    IF n = 0 THEN
      RETURN NEXT format('empty: %s', t.relid);
    END IF;
  END LOOP;
  -- Foreign keys pointing nowhere (MATCH SIMPLE: a row with a NULL in the key points nowhere by
  -- design).
  FOR f IN
    SELECT k.conname, k.conrelid::regclass AS child,
           -- As PostgreSQL checks: a plain table's own rows, not those of tables inheriting it.
           CASE WHEN (SELECT relkind FROM pg_class WHERE oid = k.confrelid) = 'r' THEN 'ONLY ' ELSE '' END
             || k.confrelid::regclass::text AS parent,
           (SELECT string_agg(format('c.%I', a.attname), ', ' ORDER BY u.o) FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) AS ccols,
           (SELECT string_agg(format('p.%I', a.attname), ', ' ORDER BY u.o) FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
              JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n) AS pcols,
           (SELECT string_agg(format('c.%I IS NOT NULL', a.attname), ' AND ') FROM unnest(k.conkey) u(n)
              JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n) AS notnull
      FROM pg_constraint k
     WHERE k.contype = 'f' AND k.conrelid IN (SELECT relid FROM corpus_check.fillable()) AND k.conparentid = 0
  LOOP
    EXECUTE format('SELECT count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE (%s) = (%s))',
                   f.child, f.notnull, f.parent, f.pcols, f.ccols) INTO n;
    IF n > 0 THEN
      RETURN NEXT format('dangling: %s rows of %s point nowhere through %s', n, f.child, f.conname);
    END IF;
  END LOOP;
    -- Unique and foreign-key columns holding their constant DEFAULT in every row of a table of
  -- several rows (tables the schema's own script seeded with rows are the application's).
  FOR c IN
    SELECT a.attrelid::regclass AS relid, a.attname, pg_get_expr(d.adbin, d.adrelid) AS expr
      FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid IN (SELECT relid FROM corpus_check.fillable()) AND a.attgenerated = ''
       AND a.attrelid NOT IN (SELECT relid FROM corpus_check.seeded)
       AND pg_get_expr(d.adbin, d.adrelid) !~ '\('
       AND (EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique AND a.attnum = ANY (i.indkey))
            OR EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = a.attrelid AND k.contype = 'f' AND a.attnum = ANY (k.conkey)))
  LOOP
    EXECUTE format('SELECT (%s)::text', c.expr) INTO def;
    EXECUTE format('SELECT count(*) FILTER (WHERE %1$I::text IS DISTINCT FROM %2$L) FROM %3$s HAVING count(*) > 1',
                   c.attname, def, c.relid) INTO n;
    IF n = 0 THEN
      RETURN NEXT format('defaulted: every row of %s holds %s''s default %L', c.relid, c.attname, def);
    END IF;
  END LOOP;
  -- Pairs of dates or timestamps named as a start and an end, in reverse order.
  FOR p IN
    SELECT a.attrelid::regclass AS relid, a.attname AS first, b.attname AS second
      FROM pg_attribute a
      JOIN pg_attribute b ON b.attrelid = a.attrelid AND b.attnum > 0 AND NOT b.attisdropped
      JOIN (VALUES ('created', 'updated'), ('created', 'modified'), ('start', 'end'), ('starts', 'ends'),
                   ('begin', 'end'), ('from', 'to'), ('from', 'until'), ('opened', 'closed'), ('valid_from', 'valid_to'),
                   ('valid_from', 'valid_until')) w(a, b)
        ON b.attname = regexp_replace(a.attname, '(^|_)' || w.a || '(_|$)', '\1' || w.b || '\2')
     WHERE a.attrelid IN (SELECT relid FROM corpus_check.fillable()) AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attname <> b.attname
       AND a.atttypid IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype)
       AND b.atttypid = a.atttypid
  LOOP
    EXECUTE format('SELECT count(*) FROM %s WHERE %I > %I', p.relid, p.first, p.second) INTO n;
    IF n > 0 THEN
      RETURN NEXT format('unordered: %s rows of %s have %s after %s', n, p.relid, p.first, p.second);
    END IF;
  END LOOP;
END $$;

-- filled, fillable, dangling keys, defaulted keys, unordered pairs.
CREATE FUNCTION corpus_check.summary() RETURNS TABLE (filled bigint, fillable bigint, dangling bigint, defaulted bigint, unordered bigint)
LANGUAGE sql AS $$
  WITH p AS (SELECT corpus_check.problems() AS line)
  SELECT (SELECT count(*) FROM corpus_check.fillable()) - count(*) FILTER (WHERE line LIKE 'empty:%'),
         (SELECT count(*) FROM corpus_check.fillable()),
         count(*) FILTER (WHERE line LIKE 'dangling:%'),
         count(*) FILTER (WHERE line LIKE 'defaulted:%'),
         count(*) FILTER (WHERE line LIKE 'unordered:%')
    FROM p
$$;
