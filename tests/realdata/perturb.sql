-- A "synthetic" copy of every table of schema public, in schema synth, perturbed so that the
-- judge and synth_compare have something other than 1.0 to agree on. A partitioned table and each
-- of its partitions get copies of their own (plain tables), perturbed independently. Reproducible (setseed).
-- Single-column keys (primary, unique) stay; foreign key columns are resampled from their own values (the
-- children per parent change), numbers scaled by 0.5..1.5 in half the rows, moments moved by up
-- to ±45 days in half the rows, booleans flipped in a fifth, other columns resampled in 30% of
-- the rows and NULL in 5%. A perturbation the column's type or domain refuses is skipped.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS synth CASCADE;
CREATE SCHEMA synth;
SELECT setseed(0.17);
DO $$
DECLARE
    t record;
    c record;
    tbl text;
    q text[];
    s text;
BEGIN
    FOR t IN SELECT relname FROM pg_class
              WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
              ORDER BY relname
    LOOP
        EXECUTE format('CREATE TABLE synth.%I AS SELECT * FROM public.%I', t.relname, t.relname);
    END LOOP;
    FOR c IN
        WITH RECURSIVE family(root, relid) AS (
            SELECT oid, oid FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p')
          UNION
            SELECT f.root, i.inhrelid FROM pg_inherits i JOIN family f ON i.inhparent = f.relid
        )
        SELECT r.relname, a.attname, ty.typcategory,
               EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = r.oid AND k.contype IN ('p', 'u')
                          AND k.conkey = ARRAY[a.attnum]) AS is_unique,
               EXISTS (SELECT 1 FROM pg_constraint k JOIN family f ON f.relid = k.conrelid AND f.root = r.oid
                         JOIN pg_attribute ka ON ka.attrelid = k.conrelid AND ka.attnum = ANY (k.conkey)
                        WHERE k.contype = 'f' AND ka.attname = a.attname) AS is_fk
          FROM pg_class r
          JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
          JOIN pg_type ty ON ty.oid = a.atttypid
         WHERE r.relnamespace = 'public'::regnamespace AND r.relkind IN ('r', 'p')
         ORDER BY r.relname, a.attnum
    LOOP
        tbl := format('synth.%I', c.relname);
        q := CASE
            WHEN c.is_unique THEN ARRAY[]::text[]
            WHEN c.is_fk THEN ARRAY[format(
                'UPDATE %s SET %I = s.v[1 + floor(random() * s.n)::int] FROM (SELECT array_agg(%I) v, count(*) n FROM %s) s WHERE random() < 0.5',
                tbl, c.attname, c.attname, tbl)]
            WHEN c.typcategory = 'N' THEN ARRAY[format('UPDATE %s SET %I = %I * (0.5 + random()) WHERE random() < 0.5', tbl, c.attname, c.attname)]
            WHEN c.typcategory = 'D' THEN ARRAY[format(
                'UPDATE %s SET %I = %I + (random() - 0.5) * interval ''90 days'' WHERE random() < 0.5', tbl, c.attname, c.attname)]
            WHEN c.typcategory = 'B' THEN ARRAY[format('UPDATE %s SET %I = NOT %I WHERE random() < 0.2', tbl, c.attname, c.attname)]
            ELSE ARRAY[format(
                'UPDATE %s SET %I = s.v[1 + floor(random() * s.n)::int] FROM (SELECT array_agg(%I) v, count(*) n FROM %s) s WHERE random() < 0.3',
                tbl, c.attname, c.attname, tbl),
                format('UPDATE %s SET %I = NULL WHERE random() < 0.05', tbl, c.attname)]
        END;
        FOREACH s IN ARRAY q LOOP
            BEGIN
                EXECUTE s;
            EXCEPTION WHEN others THEN
                RAISE NOTICE 'perturb: skipped %.%: %', c.relname, c.attname, SQLERRM;
            END;
        END LOOP;
    END LOOP;
END
$$;
