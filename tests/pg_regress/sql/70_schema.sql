-- Whole schemas: profiles with the shape of every relationship, fills in dependency order, and
-- a profile taken from one schema driving the fill of an empty copy (production → dev).
SET client_min_messages = warning;
CREATE SCHEMA crm;
CREATE TABLE crm.companies (id int PRIMARY KEY, name text NOT NULL, main_contact int);
CREATE TABLE crm.people (
    id int PRIMARY KEY,
    company_id int NOT NULL REFERENCES crm.companies,
    manager_id int REFERENCES crm.people,
    email text NOT NULL UNIQUE
);
-- A cycle: companies point back at people through a nullable column.
ALTER TABLE crm.companies ADD FOREIGN KEY (main_contact) REFERENCES crm.people;
CREATE TABLE crm.deals (id int PRIMARY KEY, person_id int NOT NULL REFERENCES crm.people, amount numeric(10,2) NOT NULL);
-- Source data with a shape to keep: 20 companies, 5 people each, one boss per company and a
-- skewed number of deals (a third of the people have none).
INSERT INTO crm.companies SELECT i, 'Company ' || i, NULL FROM generate_series(1, 20) i;
INSERT INTO crm.people SELECT i, 1 + (i - 1) / 5, CASE WHEN i % 5 = 1 THEN NULL ELSE i - (i - 1) % 5 END, 'p' || i || '@example.com'
  FROM generate_series(1, 100) i;
UPDATE crm.companies SET main_contact = (id - 1) * 5 + 1;
INSERT INTO crm.deals SELECT i, 1 + (i * i) % 67, (i % 90) * 10.5 FROM generate_series(1, 300) i;
ANALYZE crm.companies, crm.people, crm.deals;

SELECT r->>'child' AS child, r->>'parent' AS parent, r->>'name' AS foreign_key,
       r->'children_per_parent'->>'source' AS source,
       round((r->'children_per_parent'->>'childless_share')::numeric, 3) AS childless,
       round((r->'children_per_parent'->>'mean')::numeric, 3) AS mean,
       r->'children_per_parent'->>'max' AS max
  FROM jsonb_array_elements(synth_profile_schema('crm')->'relationships') r ORDER BY 1, 3;

-- The same DDL, empty, filled from that profile at twice the size.
CREATE SCHEMA crm_copy;
CREATE TABLE crm_copy.companies (LIKE crm.companies INCLUDING ALL);
CREATE TABLE crm_copy.people (LIKE crm.people INCLUDING ALL);
ALTER TABLE crm_copy.people ADD FOREIGN KEY (company_id) REFERENCES crm_copy.companies;
ALTER TABLE crm_copy.people ADD FOREIGN KEY (manager_id) REFERENCES crm_copy.people;
ALTER TABLE crm_copy.companies ADD FOREIGN KEY (main_contact) REFERENCES crm_copy.people;
CREATE TABLE crm_copy.deals (LIKE crm.deals INCLUDING ALL);
ALTER TABLE crm_copy.deals ADD FOREIGN KEY (person_id) REFERENCES crm_copy.people;
SELECT * FROM synth_fill_schema('crm_copy', scale => 2, seed => 7, profile => synth_profile_schema('crm'));
ANALYZE crm_copy.companies, crm_copy.people, crm_copy.deals;
SELECT r->>'child' AS child, r->>'parent' AS parent,
       round((r->'children_per_parent'->>'childless_share')::numeric, 3) AS childless,
       round((r->'children_per_parent'->>'mean')::numeric, 3) AS mean
  FROM jsonb_array_elements(synth_profile_schema('crm_copy')->'relationships') r ORDER BY 1, r->>'name';
-- Managers form trees: following manager_id always ends at a root, never loops.
WITH RECURSIVE up(id, boss, depth) AS (
    SELECT id, manager_id, 0 FROM crm_copy.people
  UNION ALL
    SELECT up.id, p.manager_id, depth + 1 FROM up JOIN crm_copy.people p ON p.id = up.boss WHERE depth < 100
)
SELECT max(depth) < 100 AS no_loops, count(*) FILTER (WHERE boss IS NULL) AS chains_reaching_a_root
  FROM up;
SELECT count(*) FILTER (WHERE main_contact IS NOT NULL) > 0 AS companies_linked_to_people FROM crm_copy.companies;

-- A profile that does not fit the target is refused, naming what differs.
ALTER TABLE crm_copy.deals ADD COLUMN note text;
SELECT * FROM synth_fill_schema('crm_copy', profile => synth_profile_schema('crm'));
ALTER TABLE crm_copy.deals DROP COLUMN note;
SELECT * FROM synth_fill_schema('crm_copy', profile => '{"format_version": 99, "schema": "crm", "tables": []}');
SELECT * FROM synth_fill_schema('crm_copy', profile => '{"tables": 1}');
SELECT * FROM synth_fill_schema('no_such_schema');

-- A cycle of NOT NULL foreign keys cannot be filled in any order.
CREATE SCHEMA knot;
CREATE TABLE knot.a (id int PRIMARY KEY, b_id int NOT NULL);
CREATE TABLE knot.b (id int PRIMARY KEY, a_id int NOT NULL REFERENCES knot.a);
ALTER TABLE knot.a ADD FOREIGN KEY (b_id) REFERENCES knot.b;
SELECT * FROM synth_fill_schema('knot');
-- Declared DEFERRABLE, the same cycle fills: rows of a go in with placeholders while the key is
-- checked deferred, are pointed at rows of b once b is filled, and are checked before the call
-- returns. (The source rows themselves can only go in under deferred checking.)
ALTER TABLE knot.a DROP CONSTRAINT a_b_id_fkey,
    ADD FOREIGN KEY (b_id) REFERENCES knot.b DEFERRABLE INITIALLY IMMEDIATE;
BEGIN;
SET CONSTRAINTS ALL DEFERRED;
INSERT INTO knot.a SELECT i, i FROM generate_series(1, 20) i;
INSERT INTO knot.b SELECT i, i FROM generate_series(1, 20) i;
COMMIT;
ANALYZE knot.a, knot.b;
SELECT * FROM synth_fill_schema('knot', seed => 1);
SELECT (SELECT count(*) FROM knot.a) AS a_rows, (SELECT count(*) FROM knot.b) AS b_rows,
       (SELECT count(*) FROM knot.a WHERE b_id NOT IN (SELECT id FROM knot.b)) AS a_dangling,
       (SELECT count(*) FROM knot.b WHERE a_id NOT IN (SELECT id FROM knot.a)) AS b_dangling;

-- cascade: the empty tables a table needs are filled first, in proportion.
CREATE SCHEMA shop2;
CREATE TABLE shop2.customers (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE TABLE shop2.orders (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id int NOT NULL REFERENCES shop2.customers);
CREATE TABLE shop2.lines (order_id int NOT NULL REFERENCES shop2.orders, n smallint NOT NULL CHECK (n BETWEEN 1 AND 9), PRIMARY KEY (order_id, n));
SET client_min_messages = notice;
SELECT synth_fill('shop2.lines', 200, seed => 1, cascade => true);
SELECT (SELECT count(*) FROM shop2.customers) AS customers, (SELECT count(*) FROM shop2.orders) AS orders,
       (SELECT count(*) FROM shop2.lines) AS lines;

-- rows: an empty schema in one call. Tables that reference no other get `rows`, the others three
-- per row of their largest parent (at most ten times `rows`); a self-reference makes a tree.
-- Constant DEFAULTs are the most common values, never the only ones; table_rows sizes a table.
CREATE SCHEMA app;
CREATE TYPE app.state AS ENUM ('draft', 'active', 'archived');
CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    login text NOT NULL DEFAULT '' UNIQUE,
    locale text NOT NULL DEFAULT 'en',
    visible boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE app.categories (id int PRIMARY KEY, parent_id int REFERENCES app.categories, name text NOT NULL);
CREATE TABLE app.posts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES app.users,
    category_id int REFERENCES app.categories,
    state app.state NOT NULL DEFAULT 'draft',
    tenant text NOT NULL DEFAULT current_setting('app.tenant')
);
CREATE TABLE app.comments (post_id bigint NOT NULL REFERENCES app.posts, body text NOT NULL DEFAULT '');
SELECT * FROM synth_fill_schema('app', rows => 100, seed => 1) ORDER BY 1;
SELECT count(DISTINCT login) AS logins, count(*) FILTER (WHERE locale = 'en') BETWEEN 40 AND 80 AS mostly_en,
       count(DISTINCT locale) > 1 AS other_locales, count(*) FILTER (WHERE visible) BETWEEN 65 AND 95 AS mostly_visible,
       count(DISTINCT created_at) > 90 AS created_spread
  FROM app.users;
SELECT count(*) FILTER (WHERE state = 'draft') BETWEEN 110 AND 250 AS mostly_draft, count(DISTINCT state) AS states,
       count(DISTINCT tenant) > 1 AS tenants
  FROM app.posts;
SELECT count(*) FILTER (WHERE parent_id IS NOT NULL) > 50 AS categories_in_a_tree FROM app.categories;
-- Tables already holding rows get none; table_rows sizes tables by name.
SELECT * FROM synth_fill_schema('app', rows => 100, table_rows => '{"comments": 10}', seed => 2) ORDER BY 1;
SELECT * FROM synth_fill_schema('app', table_rows => '{"nope": 1}');
SELECT * FROM synth_fill_schema('app', table_rows => '[1]');
