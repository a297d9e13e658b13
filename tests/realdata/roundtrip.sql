-- Production → dev: fill this empty copy (same DDL, no rows) from the source's schema profile at
-- the given scale, then check what the copy holds. Variables: profile (a file of the JSON),
-- scale. Every check raises an error when it fails.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE TEMP TABLE source_profile AS SELECT pg_read_file(:'profile')::jsonb AS p;
CREATE TEMP TABLE filled AS
  SELECT table_name::text AS table_name, rows FROM synth_fill_schema(profile => (SELECT p FROM source_profile), scale => :scale, seed => 1);
ANALYZE;

-- Every foreign key of every table points at a row (anti-join over each key, partitions included).
SELECT count(*) AS tables, sum(realdata_test.orphans(c.oid)) AS orphans
  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition;
DO $$
BEGIN
  IF (SELECT sum(realdata_test.orphans(c.oid)) FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition) <> 0 THEN
    RAISE EXCEPTION 'rows point at parents that do not exist';
  END IF;
END $$;

-- Row counts: scale × the source's, within 2%.
CREATE TEMP TABLE counts AS
  SELECT t->'table'->>'name' AS table_name,
         round((t->'table'->>'reltuples')::float8 * :scale) AS expected,
         (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', t->'table'->>'name'), false, true, '')))[1]::text::bigint AS actual
    FROM source_profile, jsonb_array_elements(p->'tables') t;
SELECT count(*) AS tables, max(abs(actual - expected) / greatest(expected, 1)) AS worst_relative_error FROM counts;
DO $$
DECLARE bad text;
BEGIN
  SELECT string_agg(format('%s: %s rows, expected %s', table_name, actual, expected), '; ') INTO bad
    FROM counts WHERE abs(actual - expected) > 0.02 * greatest(expected, 1);
  IF bad IS NOT NULL THEN RAISE EXCEPTION 'row counts off by more than 2%%: %', bad; END IF;
END $$;

-- Children per parent: the share of parents without children and the mean number of children,
-- per foreign key, within 10% of the source (or 0.01 absolute for shares near zero).
CREATE TEMP TABLE shapes AS
  SELECT s->>'child' AS child, s->>'name' AS foreign_key,
         (s->'children_per_parent'->>'childless_share')::float8 AS source_childless,
         (c->'children_per_parent'->>'childless_share')::float8 AS copy_childless,
         (s->'children_per_parent'->>'mean')::float8 AS source_mean,
         (c->'children_per_parent'->>'mean')::float8 AS copy_mean
    FROM source_profile,
         jsonb_array_elements(p->'relationships') s
    JOIN jsonb_array_elements(synth_profile_schema()->'relationships') c
      ON c->>'child' = s->>'child' AND c->>'name' = s->>'name';
SELECT count(*) AS foreign_keys,
       round(max(abs(copy_childless - source_childless))::numeric, 4) AS worst_childless_difference,
       round(max(abs(copy_mean - source_mean) / greatest(source_mean, 1e-9))::numeric, 4) AS worst_mean_relative_difference
  FROM shapes;
DO $$
DECLARE bad text;
BEGIN
  SELECT string_agg(format('%s.%s: childless %s vs %s, mean %s vs %s', child, foreign_key,
                           round(copy_childless::numeric, 3), round(source_childless::numeric, 3),
                           round(copy_mean::numeric, 3), round(source_mean::numeric, 3)), '; ') INTO bad
    FROM shapes
   WHERE abs(copy_childless - source_childless) > greatest(0.1 * source_childless, 0.01)
      OR abs(copy_mean - source_mean) > 0.1 * source_mean;
  IF bad IS NOT NULL THEN RAISE EXCEPTION 'children per parent differ from the source: %', bad; END IF;
END $$;
