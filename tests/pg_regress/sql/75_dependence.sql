-- Dependence learned from a sample: synth_profile(…, sample_rows) keeps hard rules, a copula
-- and conditionals; synthdata.sample_rows makes fills of the live table use them.
SET client_min_messages = warning;
CREATE SCHEMA dep;
SET search_path = dep, public;
CREATE TABLE orders (
    id int PRIMARY KEY,
    region text NOT NULL,
    qty int NOT NULL,
    unit_price numeric(8, 2) NOT NULL,
    total numeric(12, 2) NOT NULL,
    weight float8 NOT NULL,
    placed_at timestamptz NOT NULL,
    shipped_at timestamptz,
    delivered_at timestamptz);
SELECT setseed(0.25);
INSERT INTO orders
SELECT i, (ARRAY['north', 'south', 'east'])[r], q, p, q * p, q * 1.5 + w, t,
       CASE WHEN s THEN NULL ELSE t + d1 * interval '1 hour' END,
       CASE WHEN s THEN NULL ELSE t + (d1 + d2) * interval '1 hour' END
  FROM (SELECT i, r, 1 + floor(random() * 9)::int AS q, round((r * 100 + random() * 50)::numeric, 2) AS p,
               random() AS w, timestamptz '2024-01-01' + random() * interval '1000 days' AS t,
               random() < 0.2 AS s, random() * 200 AS d1, random() * 200 AS d2
          FROM (SELECT i, 1 + floor(random() * 3)::int AS r FROM generate_series(1, 3000) i) x) y;
ANALYZE orders;

-- The rules that hold in every sampled row (no CHECK says so).
SELECT r->>'kind' AS kind, coalesce(r->>'left', r->>'column', r->'columns'->>0) AS a,
       coalesce(r->>'right', r->'factors'->>0, r->'columns'->>1) AS b, r->'factors'->>1 AS c
  FROM jsonb_array_elements(synth_profile('orders', sample_rows => 3000)->'dependence'->'rules') r
 ORDER BY 1, 2, 3;

-- Generated rows keep them, and the dependence between columns: with the sample …
SET synthdata.sample_rows = 3000;
CREATE TEMP TABLE with_sample AS SELECT * FROM synth_rows(NULL::orders, 3000, seed => 1);
-- … and without it, from the statistics alone.
SET synthdata.sample_rows = 0;
CREATE TEMP TABLE without_sample AS SELECT * FROM synth_rows(NULL::orders, 3000, seed => 1);

SELECT src,
       count(*) FILTER (WHERE total <> qty * unit_price) AS total_not_product,
       count(*) FILTER (WHERE shipped_at < placed_at OR delivered_at < shipped_at) AS dates_out_of_order,
       count(*) FILTER (WHERE (shipped_at IS NULL) <> (delivered_at IS NULL)) AS half_shipped,
       round(corr(qty, weight)::numeric, 1) AS corr_qty_weight
  FROM (SELECT 'real' AS src, * FROM orders
        UNION ALL SELECT 'with sample', * FROM with_sample
        UNION ALL SELECT 'statistics only', * FROM without_sample) a
 GROUP BY src ORDER BY src;

-- The unit price by region, to the nearest 25.
SELECT region,
       round((SELECT avg(unit_price) FROM orders o WHERE o.region = r.region) / 25) * 25 AS real,
       round((SELECT avg(unit_price) FROM with_sample o WHERE o.region = r.region) / 25) * 25 AS with_sample,
       round((SELECT avg(unit_price) FROM without_sample o WHERE o.region = r.region) / 25) * 25 AS statistics_only
  FROM (VALUES ('east'), ('north'), ('south')) r(region) ORDER BY 1;

RESET synthdata.sample_rows;
DROP SCHEMA dep CASCADE;
