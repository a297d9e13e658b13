-- synth_profile: what the generator knows, as versioned JSON.
CREATE TABLE profiled (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sku varchar(12) NOT NULL UNIQUE,
    price numeric(8, 2) CHECK (price > 0),
    status order_status NOT NULL DEFAULT 'pending',
    stars rating
);
SELECT jsonb_pretty(synth_profile('profiled'));
-- With statistics, the profile carries pg_stats for each column.
INSERT INTO profiled (sku, price, status, stars)
SELECT 'SKU-' || i, (i % 7) + 0.99, (enum_range(NULL::order_status))[1 + i % 3], 1 + i % 5 FROM generate_series(1, 1000) i;
ANALYZE profiled;
SELECT c->>'name' AS column, (c->'stats'->>'null_frac')::float8 AS null_frac, (c->'stats'->>'n_distinct')::float8 AS n_distinct,
       c->'stats'->'most_common_vals' AS mcv
  FROM jsonb_array_elements(synth_profile('profiled')->'columns') c;
