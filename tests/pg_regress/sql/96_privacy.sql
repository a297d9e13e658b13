-- Finding personal data: synth_detect_pii on a schema of customers with tricky columns, marks in
-- synthdata.sensitivity overriding detection, k-anonymity and l-diversity against GROUP BY, errors.
SET client_min_messages = warning;
CREATE SCHEMA privacy_demo;
SET search_path = privacy_demo, public;

-- `contact` holds e-mail addresses under a name that says nothing; `nom` and `vorname` are
-- French and German; `ref` holds French INSEE numbers; `amount`, `title` and `placed_on` are not
-- personal.
CREATE TABLE clients (
    id          int PRIMARY KEY,
    vorname     text,
    nom         text,
    contact     text,
    title       text,
    amount      numeric(10, 2),
    placed_on   date,
    born        date,
    code_postal text,
    ref         text
);
INSERT INTO clients
SELECT i,
       (ARRAY['Anna', 'Lukas', 'Marie', 'Paul', 'Sophie'])[1 + i % 5],
       (ARRAY['Müller', 'Schmidt', 'Dubois', 'Martin', 'Weber'])[1 + i % 5],
       CASE WHEN i % 10 = 0 THEN 'n/a' ELSE format('client%s@example.com', i) END,
       (ARRAY['Paris Nights', 'Blue Lagoon', 'The Long Road'])[1 + i % 3],
       i * 1.5,
       '2024-01-01'::date + i,
       '1970-01-01'::date + i * 97,
       lpad((1000 + i * 37)::text, 5, '0'),
       (ARRAY['2 55 08 14 168 025 38', '1 84 12 76 451 089 46', '1 85 07 2A 123 456 65'])[1 + i % 3]
  FROM generate_series(1, 100) i;
SELECT * FROM synth_detect_pii('privacy_demo');

-- Marks override detection: `contact` is declared not sensitive, `amount` sensitive with a
-- category of its own, `born` sensitive with the category detection found.
SELECT * FROM synth_sensitive_columns('clients');
INSERT INTO synthdata.sensitivity (table_name, column_name, sensitive, category) VALUES
    ('clients', 'contact', false, NULL),
    ('clients', 'amount', true, 'income'),
    ('clients', 'born', true, NULL);
SELECT * FROM synth_sensitive_columns('clients');
DELETE FROM synthdata.sensitivity WHERE table_name = 'clients'::regclass;

-- k-anonymity and l-diversity, and the GROUP BY queries they stand for (NULLs form one group).
CREATE TABLE census (id int, "Zip Code" text, age int, sex text, disease text);
INSERT INTO census
SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE (10000 + i % 4)::text END, 20 + i % 3,
       (ARRAY['f', 'm'])[1 + i % 2], (ARRAY['flu', 'cold', 'none', NULL])[1 + i % 4]
  FROM generate_series(1, 103) i;
SELECT synth_k_anonymity('census', ARRAY['Zip Code', 'sex']) AS k,
       (SELECT min(n) FROM (SELECT count(*) n FROM census GROUP BY "Zip Code", sex) g) AS k_by_group_by,
       synth_l_diversity('census', ARRAY['Zip Code', 'sex'], 'disease') AS l,
       (SELECT min(n) FROM (SELECT count(DISTINCT disease) n FROM census GROUP BY "Zip Code", sex) g) AS l_by_group_by;
SELECT synth_k_anonymity('census', ARRAY['age']) AS k_age, synth_k_anonymity('census', ARRAY['id']) AS k_id;

-- Leak-free profiles: after ANALYZE, pg_stats holds the clients' names, e-mails and birth dates.
-- The profile keeps their shape (kind, case, a histogram of birth years), never one of them;
-- `title` and `amount` are not sensitive and keep what they have seen at least 5 times (every
-- title is seen 33 times or more; the amounts are all distinct, so their bounds are rounded).
ANALYZE clients;
SELECT c->>'name' AS "column", c->>'sensitive' AS sensitive,
       c->'stats'->'most_common_vals' AS most_common,
       (SELECT jsonb_agg(b) FROM jsonb_array_elements(c->'stats'->'histogram_bounds') WITH ORDINALITY h(b, i)
         WHERE i IN (1, 2, 50, 101)) AS some_histogram_bounds,
       (c->'content') - 'avoid' AS content, c->'content'->'avoid'->'bits' AS avoid_bits
  FROM jsonb_array_elements(synth_profile('clients')->'columns') c;
-- The name and postcode columns' `avoid`: a filter of their values (192 bits for 100 rows; in an
-- exported profile at least half of them set, see docs/src/profile-format.md), so rows generated never
-- hold one of the clients' names or postcodes, common German names though they are.
SELECT count(*) AS rows,
       count(*) FILTER (WHERE vorname IN (SELECT vorname FROM clients)) AS real_first_names,
       count(*) FILTER (WHERE nom IN (SELECT nom FROM clients)) AS real_last_names,
       count(*) FILTER (WHERE code_postal IN (SELECT code_postal FROM clients)) AS real_postcodes,
       count(DISTINCT vorname) > 100 AS varied
  FROM synth_rows(NULL::clients, 500, seed => 1, locale => 'de');
-- min_count => 1 keeps the amounts' bounds as they are; sensitive columns stay bare.
SELECT c->>'name' AS "column", c->'stats'->'histogram_bounds'->0 AS first_bound,
       c->'stats'->'most_common_vals' AS most_common
  FROM jsonb_array_elements(synth_profile('clients', min_count => 1)->'columns') c
 WHERE c->>'name' IN ('amount', 'nom');

-- New rows, not only new names: in a table of people (a sensitive column of names) whose coarse
-- values single members out (163 combinations of region, tier, age band and whether there is a
-- fax, for 200 members), the profile carries a filter of those signatures (`new_rows`, see
-- docs/src/profile-format.md): no generated member repeats a real one's, although the generator
-- draws from the same regions, tiers and bands. Without it (names marked not sensitive, or
-- synthdata.new_rows off), many do.
CREATE TABLE members (
    id         int PRIMARY KEY,
    first_name text NOT NULL,
    last_name  text NOT NULL,
    region     text NOT NULL,
    tier       text NOT NULL,
    age_band   text NOT NULL,
    fax        text
);
INSERT INTO members
SELECT i, (ARRAY['Anna', 'Lukas', 'Marie', 'Paul'])[1 + i % 4], (ARRAY['Weber', 'Martin', 'Dubois'])[1 + i % 3],
       'R' || (hashint4(i) & 1023) % 12,
       (ARRAY['basic', 'plus', 'gold', 'staff'])[1 + (hashint4(i + 1000) & 1023) % 4],
       (ARRAY['18-29', '30-39', '40-49', '50-59', '60-69', '70+'])[1 + (hashint4(i + 2000) & 1023) % 6],
       CASE WHEN i % 5 = 0 THEN format('+33 1 %s', 4000 + i) END
  FROM generate_series(1, 200) i;
ANALYZE members;
SELECT count(DISTINCT (region, tier, age_band, fax IS NULL)) AS signatures, count(*) AS members FROM members;
SELECT jsonb_path_query_array(p->'new_rows'->'columns', '$[*] ? (@.part == "value").column') AS signed_by_value,
       jsonb_path_query_array(p->'new_rows'->'columns', '$[*] ? (@.part == "null").column') AS signed_by_null,
       p->'new_rows'->'filter'->'bits' AS bits,
       synth_profile('members', epsilon => 1) ? 'new_rows' AS kept_with_epsilon
  FROM synth_profile('members') p;
CREATE FUNCTION repeats(n int) RETURNS TABLE (rows bigint, repeating_a_member bigint) LANGUAGE sql AS $$
  SELECT count(*),
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM members m
                                         WHERE (m.region, m.tier, m.age_band) = (g.region, g.tier, g.age_band)
                                           AND (m.fax IS NULL) = (g.fax IS NULL)))
    FROM synth_rows(NULL::members, n, seed => 1) g $$;
SELECT * FROM repeats(500);
INSERT INTO synthdata.sensitivity (table_name, column_name, sensitive)
VALUES ('members', 'first_name', false), ('members', 'last_name', false);
SELECT * FROM repeats(500);
DELETE FROM synthdata.sensitivity WHERE table_name = 'members'::regclass;
-- The same with the filter turned off by its setting (the names stay sensitive).
SET synthdata.new_rows = off;
SELECT synth_profile('members') ? 'new_rows' AS has_filter, r.* FROM repeats(500) r;
RESET synthdata.new_rows;

-- Errors.
SELECT synth_profile('clients', min_count => 0);
SELECT synth_profile('clients', epsilon => 0);
SELECT synth_k_anonymity('census', ARRAY[]::text[]);
SELECT synth_k_anonymity('census', ARRAY['zip code']);
SELECT synth_l_diversity('census', ARRAY['sex'], 'sex');
SELECT * FROM synth_detect_pii('no_such_schema');
CREATE ROLE privacy_demo_reader;
GRANT USAGE ON SCHEMA privacy_demo TO privacy_demo_reader;
SET ROLE privacy_demo_reader;
SELECT * FROM synth_detect_pii('privacy_demo');
SELECT synth_k_anonymity('census', ARRAY['sex']);
RESET ROLE;
DROP SCHEMA privacy_demo CASCADE;
DROP ROLE privacy_demo_reader;
RESET search_path;
