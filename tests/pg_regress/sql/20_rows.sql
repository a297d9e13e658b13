-- synth_rows returns typed rows without inserting anything. Columns PostgreSQL fills on INSERT
-- (identity, serial, DEFAULT, generated) are NULL.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SELECT * FROM synth_rows(NULL::customers, 5, seed => 7);
SELECT count(*) FROM customers WHERE email IN (SELECT email FROM synth_rows(NULL::customers, 5, seed => 7));

-- The same seed gives the same rows; another seed, other rows.
SELECT (SELECT array_agg(r ORDER BY r::text) FROM synth_rows(NULL::orders, 10, seed => 1) r)
     = (SELECT array_agg(r ORDER BY r::text) FROM synth_rows(NULL::orders, 10, seed => 1) r) AS same_seed_same_rows;
SELECT (SELECT array_agg(r ORDER BY r::text) FROM synth_rows(NULL::orders, 10, seed => 1) r)
     = (SELECT array_agg(r ORDER BY r::text) FROM synth_rows(NULL::orders, 10, seed => 2) r) AS other_seed_same_rows;

-- Without a seed, calls differ; synthdata.seed gives a session-wide default.
SELECT (SELECT array_agg(r::text) FROM synth_rows(NULL::products, 3) r)
     = (SELECT array_agg(r::text) FROM synth_rows(NULL::products, 3) r) AS unseeded_calls_equal;
SET synthdata.seed = 99;
SELECT (SELECT array_agg(r::text) FROM synth_rows(NULL::products, 3) r)
     = (SELECT array_agg(r::text) FROM synth_rows(NULL::products, 3, seed => 99) r) AS setting_is_the_default;
RESET synthdata.seed;

-- Rows can be used like any query result.
SELECT status, count(*) FROM synth_rows(NULL::orders, 500, seed => 3) GROUP BY status ORDER BY status;
