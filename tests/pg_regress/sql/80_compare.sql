-- synth_compare: the judge's quality report (SDMetrics' QualityReport), computed in the
-- database. Scores are rounded to 4 decimals.
SET client_min_messages = warning;
CREATE SCHEMA cmp;
CREATE TABLE cmp.accounts (id int PRIMARY KEY, plan text NOT NULL, opened date NOT NULL, active bool NOT NULL);
CREATE TABLE cmp.events (
    id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id int NOT NULL REFERENCES cmp.accounts,
    kind text,
    amount numeric(8, 2) NOT NULL,
    at timestamptz NOT NULL
);
INSERT INTO cmp.accounts
SELECT i, (ARRAY['basic', 'basic', 'pro', 'team'])[1 + i % 4], DATE '2023-01-01' + (i * 37) % 365, i % 4 > 0
  FROM generate_series(1, 50) i;
INSERT INTO cmp.events (account_id, kind, amount, at)
SELECT 1 + (i * i) % 50, (ARRAY['view', 'view', 'click', 'buy', NULL])[1 + i % 5], (i * 13) % 97 + 0.99,
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * interval '37 minutes'
  FROM generate_series(1, 400) i;

-- A "synthetic" copy elsewhere: same columns, no keys, other values.
CREATE SCHEMA cmp_s;
CREATE TABLE cmp_s.accounts (LIKE cmp.accounts);
CREATE TABLE cmp_s.events (id int, account_id int, kind text, amount numeric(8, 2), at timestamptz);
INSERT INTO cmp_s.accounts
SELECT i, (ARRAY['basic', 'pro', 'pro', 'team'])[1 + i % 4], DATE '2023-01-01' + (i * 41) % 300, i % 3 > 0
  FROM generate_series(1, 40) i;
INSERT INTO cmp_s.events
SELECT i, 1 + (i * 7) % 40, (ARRAY['view', 'click', 'buy', 'buy', NULL, 'view'])[1 + i % 6], (i * 17) % 89 + 1.5,
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + i * interval '41 minutes'
  FROM generate_series(1, 450) i;

-- A table against itself scores 1.
SELECT synth_compare('cmp.events', 'cmp.events')->'properties' AS properties;

-- One table: Column Shapes (KS complement, TV complement) and Column Pair Trends. Keys (the
-- primary key, the foreign key, the identity column) are not scored.
SELECT jsonb_build_object('overall', round((r->>'overall')::numeric, 4), 'pair_threshold', r->'pair_threshold',
                          'tables', r->'tables') AS report
  FROM synth_compare('cmp.events', 'cmp_s.events') r;
SELECT c->>'column' AS "column", c->>'sdtype' AS sdtype, c->>'metric' AS metric,
       round((c->>'score')::numeric, 4) AS score,
       round((c->>'null_fraction_real')::numeric, 4) AS nulls_real,
       round((c->>'null_fraction_synthetic')::numeric, 4) AS nulls_synthetic
  FROM jsonb_array_elements(synth_compare('cmp.events', 'cmp_s.events')->'columns') c;
SELECT p->'columns' AS columns, p->>'metric' AS metric, round((p->>'score')::numeric, 4) AS score,
       round((p->>'real')::numeric, 4) AS real, round((p->>'synthetic')::numeric, 4) AS synthetic
  FROM jsonb_array_elements(synth_compare('cmp.events', 'cmp_s.events')->'pairs') p;
SELECT key AS property, round(value::numeric, 4) AS score
  FROM jsonb_each_text(synth_compare('cmp.events', 'cmp_s.events')->'properties') ORDER BY key;

-- Several tables, paired by position: adds Cardinality (children per parent) and Intertable
-- Trends (parent columns against child columns on the join) for the foreign key among them.
SELECT key AS property, round(value::numeric, 4) AS score
  FROM jsonb_each_text(synth_compare('{cmp.accounts,cmp.events}', '{cmp_s.accounts,cmp_s.events}')->'properties')
 ORDER BY key;
SELECT x->>'child' AS child, x->>'child_column' AS child_column, x->>'parent' AS parent,
       x->>'parent_column' AS parent_column, round((x->>'score')::numeric, 4) AS cardinality
  FROM jsonb_array_elements(synth_compare('{cmp.accounts,cmp.events}', '{cmp_s.accounts,cmp_s.events}')->'relationships') x;
SELECT x->'columns' AS columns, x->>'metric' AS metric, round((x->>'score')::numeric, 4) AS score
  FROM jsonb_array_elements(synth_compare('{cmp.accounts,cmp.events}', '{cmp_s.accounts,cmp_s.events}')->'intertable_pairs') x;

-- pair_threshold: only pairs whose real |correlation| or Cramér's V is above it count.
SELECT p->'columns' AS columns, p->'meets_threshold' AS counts, round((p->>'score')::numeric, 4) AS score
  FROM jsonb_array_elements(synth_compare('cmp.events', 'cmp_s.events', 0.1)->'pairs') p;

-- Errors.
SELECT synth_compare('{cmp.accounts}'::regclass[], '{cmp_s.accounts,cmp_s.events}');
SELECT synth_compare('cmp.accounts', 'cmp_s.events');
SELECT synth_compare('cmp.accounts', 'cmp_s.nothing');
SELECT synth_compare('cmp.events', 'cmp.events', pair_threshold => -1);

-- synth_plausibility: what the profile says every row must look like, counted over the rows
-- filled from it, with no real row at hand. Shipments of 2024 whose orders are placed before
-- they ship in every row; the profile is filled into an empty copy of the table (schema
-- plaus_copy), where every value stays in range and every row keeps the order.
CREATE SCHEMA plaus;
CREATE TABLE plaus.shipments (id int PRIMARY KEY, weight numeric(8,2) NOT NULL, placed date NOT NULL, shipped date);
INSERT INTO plaus.shipments
SELECT i, 1 + (hashint4(i) & 1023) / 10.0, date '2024-01-01' + (hashint4(i + 7) & 255),
       CASE WHEN i % 10 <> 0 THEN date '2024-01-01' + (hashint4(i + 7) & 255) + i % 9 END
  FROM generate_series(1, 2000) i;
ANALYZE plaus.shipments;
CREATE SCHEMA plaus_copy;
CREATE TABLE plaus_copy.shipments (LIKE plaus.shipments INCLUDING ALL);
SELECT jsonb_set(synth_profile('plaus.shipments'), '{table,schema}', '"plaus_copy"') AS p \gset
SELECT synth_fill_schema('plaus_copy', profile => jsonb_build_object('format_version', 1, 'schema', 'plaus_copy',
                                                                  'tables', jsonb_build_array(:'p'::jsonb)), seed => 3);
SELECT table_name, check_name, subject, expected, rows, broken FROM synth_plausibility(:'p') ORDER BY 2, 3;
-- Rows written by hand that leave the range or break the order are counted.
INSERT INTO plaus_copy.shipments VALUES (-1, 5000, '2024-03-01', '2024-02-01'), (-2, 3, '2031-01-01', NULL);
SELECT check_name, subject, broken FROM synth_plausibility(:'p') WHERE broken > 0 ORDER BY 1, 2;
-- A profile naming a table this database does not have.
SELECT * FROM synth_plausibility(synth_profile('plaus.shipments') || '{"table": {"schema": "nowhere", "name": "x", "kind": "table", "reltuples": 0, "analyzed": false}}');
SELECT * FROM synth_plausibility('{"tables": 3}');
