-- The catalog facts of one table, as one jsonb document for src/introspect/catalog.rs.
-- $1: the table's oid. Run with search_path = pg_catalog and ISO/UTC output settings, so that
-- type names come out schema-qualified and literals in expressions in canonical form.
SELECT jsonb_build_object(
  'schema', n.nspname,
  'name', c.relname,
  'relkind', c.relkind::text,
  'reltuples', CASE WHEN c.relkind = 'p' THEN
      (SELECT coalesce(sum(greatest(p.reltuples, 0)), -1)
         FROM pg_catalog.pg_partition_tree(c.oid) t
         JOIN pg_catalog.pg_class p ON p.oid = t.relid
        WHERE t.isleaf)
    ELSE c.reltuples END,
  'columns', (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
             'name', a.attname,
             'type_oid', a.atttypid::int8,
             'typmod', a.atttypmod,
             'not_null', a.attnotnull,
             'default', CASE WHEN a.attgenerated = '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END,
             'identity', CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by_default' END,
             'generated', CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END)
           ORDER BY a.attnum), '[]'::jsonb)
      FROM pg_catalog.pg_attribute a
      LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
  -- Unique keys: PRIMARY KEY and UNIQUE constraints and unique indexes on plain columns, or on
  -- lower(column)/upper(column) (then case_insensitive: keys differ whatever their case).
  'keys', (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
             'name', coalesce(con.conname, ic.relname),
             'primary', i.indisprimary AND i.indrelid = c.oid,
             'nulls_not_distinct', i.indnullsnotdistinct,
             'case_insensitive', cols.folded,
             'columns', cols.names)
           ORDER BY i.indisprimary DESC, coalesce(con.conname, ic.relname)), '[]'::jsonb)
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
      LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u')
      CROSS JOIN LATERAL (
        SELECT jsonb_agg(coalesce(a.attname::text, btrim(e.m[1], '"')) ORDER BY k.ord) AS names,
               coalesce(bool_or(k.attnum = 0), false) AS folded,
               bool_and(a.attname IS NOT NULL OR e.m IS NOT NULL) AS plain_or_folded
          FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
          LEFT JOIN pg_catalog.pg_attribute a ON k.attnum <> 0 AND a.attrelid = i.indrelid AND a.attnum = k.attnum
          LEFT JOIN LATERAL (
            SELECT regexp_match(pg_catalog.pg_get_indexdef(i.indexrelid, k.ord::int, true),
                                '^(?:lower|upper)\(\(?("?[^()":]+"?)\)?(?:::[a-z ]+)?\)$') AS m
          ) e ON k.attnum = 0
         WHERE k.ord <= i.indnkeyatts) cols
     WHERE i.indisunique AND cols.plain_or_folded
       -- The table's own, and those of its partitions that are theirs alone (not attached to an
       -- index of the table): keys unique over all the rows are unique in each partition too.
       AND (i.indrelid = c.oid
            OR (i.indrelid IN (SELECT t.relid FROM pg_catalog.pg_partition_tree(c.oid) t WHERE t.relid <> c.oid)
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits ih WHERE ih.inhrelid = i.indexrelid)))),
  -- EXCLUDE constraints: per element its column (NULL for an expression) and operator.
  'exclusions', (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
             'name', x.conname,
             'elements', (SELECT jsonb_agg(jsonb_build_object('column', a.attname, 'operator', o.oprname) ORDER BY k.ord)
                            FROM unnest(x.conkey, x.conexclop) WITH ORDINALITY k(attnum, op, ord)
                            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.conrelid AND a.attnum = k.attnum
                            JOIN pg_catalog.pg_operator o ON o.oid = k.op))
           ORDER BY x.conname), '[]'::jsonb)
      FROM pg_catalog.pg_constraint x
     WHERE x.conrelid = c.oid AND x.contype = 'x'),
  'checks', (
    SELECT coalesce(jsonb_agg(jsonb_build_object('name', k.conname, 'definition', pg_catalog.pg_get_constraintdef(k.oid))
           ORDER BY k.conname), '[]'::jsonb)
      FROM pg_catalog.pg_constraint k
     WHERE k.conrelid = c.oid AND k.contype = 'c'),
  -- Foreign keys of the table (declared or inherited), and those declared directly on its partitions.
  'foreign_keys', (
    SELECT coalesce(jsonb_agg(jsonb_build_object(
             'name', f.conname,
             'columns', (SELECT jsonb_agg(a.attname ORDER BY k.ord)
                           FROM unnest(f.conkey) WITH ORDINALITY k(attnum, ord)
                           JOIN pg_catalog.pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.attnum),
             'ref_schema', rn.nspname,
             'ref_table', r.relname,
             'ref_columns', (SELECT jsonb_agg(a.attname ORDER BY k.ord)
                               FROM unnest(f.confkey) WITH ORDINALITY k(attnum, ord)
                               JOIN pg_catalog.pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.attnum),
             'declared_on', CASE WHEN f.conrelid <> c.oid THEN (SELECT relname FROM pg_catalog.pg_class WHERE oid = f.conrelid) END,
             'deferrable', f.condeferrable)
           ORDER BY f.conrelid <> c.oid, f.conname), '[]'::jsonb)
      FROM pg_catalog.pg_constraint f
      JOIN pg_catalog.pg_class r ON r.oid = f.confrelid
      JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
     WHERE f.contype = 'f'
       -- Skip the copies PostgreSQL makes for each partition of a referenced partitioned table
       -- (their parent constraint is on the same table); keep those a partition inherits.
       AND (f.conparentid = 0
            OR (SELECT p.conrelid FROM pg_catalog.pg_constraint p WHERE p.oid = f.conparentid) <> f.conrelid)
       AND (f.conrelid = c.oid
            OR (f.conparentid = 0
                AND f.conrelid IN (SELECT t.relid FROM pg_catalog.pg_partition_tree(c.oid) t WHERE t.relid <> c.oid))
            -- A table that INHERITS another (not as a partition) holds rows its ancestors'
            -- foreign keys would have constrained: PostgreSQL does not copy them, the rows
            -- should keep them all the same.
            OR (NOT c.relispartition
                AND f.conrelid IN (WITH RECURSIVE up(relid) AS (
                                     SELECT i.inhparent FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid
                                     UNION
                                     SELECT i.inhparent FROM pg_catalog.pg_inherits i JOIN up ON i.inhrelid = up.relid)
                                   SELECT relid FROM up)))),
  'partitioning', (
    SELECT jsonb_build_object(
             'strategy', CASE pt.partstrat WHEN 'r' THEN 'range' WHEN 'l' THEN 'list' ELSE 'hash' END,
             'key', (SELECT jsonb_agg(coalesce(a.attname::text, '(expression)') ORDER BY k.ord)
                       FROM unnest(pt.partattrs::int2[]) WITH ORDINALITY k(attnum, ord)
                       LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum),
             -- Leaves at every level; each constraint includes the bounds above it.
             'partitions', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                                      'name', pc.relname,
                                      'bound', pg_catalog.pg_get_expr(pc.relpartbound, pc.oid),
                                      'constraint', pg_catalog.pg_get_partition_constraintdef(pc.oid))
                                    ORDER BY pc.relname), '[]'::jsonb)
                              FROM pg_catalog.pg_partition_tree(c.oid) tree
                              JOIN pg_catalog.pg_class pc ON pc.oid = tree.relid
                             WHERE tree.isleaf AND tree.relid <> c.oid))
      FROM pg_catalog.pg_partitioned_table pt
     WHERE pt.partrelid = c.oid),
  'partition_bound', CASE WHEN c.relispartition THEN pg_catalog.pg_get_partition_constraintdef(c.oid) END
)
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid = $1
