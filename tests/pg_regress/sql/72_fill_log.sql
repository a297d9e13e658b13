-- The fill log: every writing call appends one row per table it wrote to synthdata.fill_log, in
-- the caller's transaction; synth_replay repeats a logged call byte for byte (or says what
-- differs); synth_explain says where each column's values will come from. Entry ids depend on the
-- files before this one, so they are compared, not printed.
SET client_min_messages = warning;
CREATE SCHEMA fill_log_demo;
SET search_path = fill_log_demo, public;
CREATE TABLE authors (
    id    int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name  text NOT NULL,
    born  date
);
CREATE TABLE books (
    id         int PRIMARY KEY,
    author_id  int NOT NULL REFERENCES authors,
    title      text NOT NULL,
    price      numeric(8, 2) CHECK (price > 0),
    published  date,
    status     text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'retired'))
);

-- Where each column's values will come from, before anything is written.
SELECT * FROM synth_explain('authors');
-- books references authors, which is empty: the same error as a fill.
SELECT * FROM synth_explain('books');

-- One call, one entry per table: the cascade fills the empty authors first. Both entries share
-- the call's id (the id of its first entry), its seed and arguments.
SELECT synth_fill('books', 40, seed => 7, cascade => true);
SELECT function_name, table_name, rows, seed, profile_source,
       arguments->>'cascade' AS cascade, arguments->>'n' AS n,
       call_id = min(id) OVER () AS one_call,
       role_name = current_user AS own, database_name = current_database() AS here,
       version = (SELECT extversion FROM pg_extension WHERE extname = 'synthdata') AS this_version,
       duration >= interval '0' AS timed, length(profile_digest) AS digest_chars,
       profile->'table'->>'name' = table_name AS profile_of_table,
       spec->>'rows' AS rows_asked,
       context->>'existing_rows' AS rows_before,
       jsonb_typeof(context->'parents') AS parents,
       settings->>'synthdata.locale' AS locale, settings->>'synthdata.defaults' AS defaults
  FROM synthdata.fill_log
 WHERE schema_name = 'fill_log_demo'
 ORDER BY id;

-- Once authors has rows and books statistics, the plan says so.
ANALYZE books;
SELECT * FROM synth_explain('books');

-- A call that rolls back, or fails, leaves no entry.
BEGIN;
SELECT synth_fill('authors', 5, seed => 1);
ROLLBACK;
SELECT synth_fill('books', -1);
SELECT count(*) AS entries FROM synthdata.fill_log WHERE schema_name = 'fill_log_demo';

-- Replay into the same tables, emptied: the same rows, byte for byte.
CREATE TABLE saved_authors AS TABLE authors;
CREATE TABLE saved_books AS TABLE books;
TRUNCATE books, authors RESTART IDENTITY;
SELECT table_name, rows
  FROM synth_replay((SELECT max(call_id) FROM synthdata.fill_log WHERE schema_name = 'fill_log_demo'));
SELECT (SELECT count(*) FROM (TABLE authors EXCEPT ALL TABLE saved_authors) d)
     + (SELECT count(*) FROM (TABLE saved_authors EXCEPT ALL TABLE authors) d) AS authors_differ,
       (SELECT count(*) FROM (TABLE books EXCEPT ALL TABLE saved_books) d)
     + (SELECT count(*) FROM (TABLE saved_books EXCEPT ALL TABLE books) d) AS books_differ,
       (SELECT count(*) FROM books) AS books;
-- The replay is logged as the call it repeats, saying which.
SELECT function_name, table_name, rows,
       (arguments->>'replay_of')::bigint = (SELECT min(call_id) FROM synthdata.fill_log
                                             WHERE schema_name = 'fill_log_demo') AS replays_the_first_call
  FROM synthdata.fill_log
 WHERE schema_name = 'fill_log_demo' AND arguments ? 'replay_of'
 ORDER BY id;
SELECT count(DISTINCT profile_digest) AS digests_per_table
  FROM synthdata.fill_log WHERE schema_name = 'fill_log_demo' AND table_name = 'books';

-- Replayed again over the rows it wrote, it cannot give the same rows: it says why and writes
-- nothing.
DO $$
DECLARE
  st text; msg text; det text; hnt text;
BEGIN
  PERFORM synth_replay((SELECT min(call_id) FROM synthdata.fill_log WHERE schema_name = 'fill_log_demo'));
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hnt = PG_EXCEPTION_HINT;
  RAISE WARNING 'SQLSTATE %: %', st, regexp_replace(msg, 'entry [0-9]+', 'entry N');
  RAISE WARNING 'DETAIL: %', det;
  RAISE WARNING 'HINT: %', hnt;
END $$;
SELECT count(*) AS books FROM books;

-- Into a copy of the schema (target_schema): the same rows there.
CREATE SCHEMA fill_log_copy;
CREATE TABLE fill_log_copy.authors (LIKE fill_log_demo.authors INCLUDING ALL);
CREATE TABLE fill_log_copy.books (LIKE fill_log_demo.books INCLUDING ALL,
    FOREIGN KEY (author_id) REFERENCES fill_log_copy.authors);
SELECT table_name, rows
  FROM synth_replay((SELECT min(call_id) FROM synthdata.fill_log WHERE schema_name = 'fill_log_demo'),
                    target_schema => 'fill_log_copy');
SELECT (SELECT count(*) FROM (TABLE fill_log_copy.books EXCEPT ALL TABLE saved_books) d)
     + (SELECT count(*) FROM (TABLE saved_books EXCEPT ALL TABLE fill_log_copy.books) d) AS books_differ;

-- One table, no seed, a session setting: the log keeps the seed drawn for the call and the
-- settings, and the replay applies both.
CREATE TABLE notes (id int PRIMARY KEY, author text NOT NULL, city text, body text NOT NULL);
SET synthdata.locale = 'de';
SELECT synth_fill('notes', 25);
RESET synthdata.locale;
SELECT seed IS NOT NULL AS seed_kept, settings->>'synthdata.locale' AS locale, arguments->>'cascade' AS cascade
  FROM synthdata.fill_log WHERE schema_name = 'fill_log_demo' AND table_name = 'notes';
CREATE TABLE saved_notes AS TABLE notes;
-- Statistics now describe the generated rows (TRUNCATE keeps them): the replay generates from
-- the logged profile, which had none, not from these.
ANALYZE notes;
TRUNCATE notes;
SELECT table_name, rows
  FROM synth_replay((SELECT max(id) FROM synthdata.fill_log WHERE schema_name = 'fill_log_demo' AND table_name = 'notes'));
SELECT (SELECT count(*) FROM (TABLE notes EXCEPT ALL TABLE saved_notes) d)
     + (SELECT count(*) FROM (TABLE saved_notes EXCEPT ALL TABLE notes) d) AS notes_differ,
       current_setting('synthdata.locale') AS locale_after;

-- A schema fill with a self-reference linked afterwards, replayed into a copy of the schema.
CREATE SCHEMA fill_log_shop;
CREATE TABLE fill_log_shop.categories (
    id int PRIMARY KEY, parent_id int REFERENCES fill_log_shop.categories, name text NOT NULL UNIQUE);
CREATE TABLE fill_log_shop.customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL UNIQUE, country char(2) NOT NULL);
CREATE TABLE fill_log_shop.orders (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES fill_log_shop.customers,
    category_id int REFERENCES fill_log_shop.categories,
    placed_at timestamptz NOT NULL, shipped_at timestamptz,
    total numeric(10, 2) NOT NULL CHECK (total >= 0),
    CHECK (shipped_at >= placed_at));
SELECT table_name, rows FROM synth_fill_schema('fill_log_shop', rows => 20, seed => 11) ORDER BY 1::text;
CREATE SCHEMA fill_log_shop2;
CREATE TABLE fill_log_shop2.categories (LIKE fill_log_shop.categories INCLUDING ALL,
    FOREIGN KEY (parent_id) REFERENCES fill_log_shop2.categories);
CREATE TABLE fill_log_shop2.customers (LIKE fill_log_shop.customers INCLUDING ALL);
CREATE TABLE fill_log_shop2.orders (LIKE fill_log_shop.orders INCLUDING ALL,
    FOREIGN KEY (customer_id) REFERENCES fill_log_shop2.customers,
    FOREIGN KEY (category_id) REFERENCES fill_log_shop2.categories);
SELECT table_name, rows
  FROM synth_replay((SELECT max(id) FROM synthdata.fill_log WHERE schema_name = 'fill_log_shop'),
                    target_schema => 'fill_log_shop2')
 ORDER BY 1::text;
SELECT t AS table_name,
       (SELECT count(*) FROM (SELECT * FROM fill_log_shop.categories EXCEPT ALL SELECT * FROM fill_log_shop2.categories) d) AS categories_differ,
       (SELECT count(*) FROM (SELECT * FROM fill_log_shop.customers EXCEPT ALL SELECT * FROM fill_log_shop2.customers) d) AS customers_differ,
       (SELECT count(*) FROM (SELECT * FROM fill_log_shop.orders EXCEPT ALL SELECT * FROM fill_log_shop2.orders) d) AS orders_differ,
       (SELECT count(*) FROM fill_log_shop2.categories WHERE parent_id IS NOT NULL) > 0 AS linked
  FROM (VALUES ('all')) v(t);

-- A schema fill from an imported profile (another schema's statistics), replayed into a third
-- schema: each table generates from the profile its entry logged.
CREATE SCHEMA fill_log_src;
CREATE TABLE fill_log_src.companies (id int PRIMARY KEY, name text NOT NULL, country text);
CREATE TABLE fill_log_src.people (id int PRIMARY KEY, company_id int REFERENCES fill_log_src.companies,
                                  email text UNIQUE, born date);
INSERT INTO fill_log_src.companies SELECT i, 'C' || i, (ARRAY['DE', 'FR', 'US'])[1 + i % 3] FROM generate_series(1, 20) i;
INSERT INTO fill_log_src.people SELECT i, 1 + i % 20, 'p' || i || '@example.org', date '1980-01-01' + i * 40 FROM generate_series(1, 100) i;
ANALYZE fill_log_src.companies, fill_log_src.people;
CREATE SCHEMA fill_log_dst;
CREATE TABLE fill_log_dst.companies (LIKE fill_log_src.companies INCLUDING ALL);
CREATE TABLE fill_log_dst.people (LIKE fill_log_src.people INCLUDING ALL,
    FOREIGN KEY (company_id) REFERENCES fill_log_dst.companies);
CREATE SCHEMA fill_log_dst2;
CREATE TABLE fill_log_dst2.companies (LIKE fill_log_src.companies INCLUDING ALL);
CREATE TABLE fill_log_dst2.people (LIKE fill_log_src.people INCLUDING ALL,
    FOREIGN KEY (company_id) REFERENCES fill_log_dst2.companies);
SELECT table_name, rows
  FROM synth_fill_schema('fill_log_dst', scale => 3, seed => 5, profile => synth_profile_schema('fill_log_src', min_count => 1))
 ORDER BY 1::text;
SELECT table_name, rows, profile_source, arguments->>'profile_digest' IS NOT NULL AS profile_digest_kept
  FROM synthdata.fill_log WHERE schema_name = 'fill_log_dst' ORDER BY id;
SELECT table_name, rows
  FROM synth_replay((SELECT min(id) FROM synthdata.fill_log WHERE schema_name = 'fill_log_dst'),
                    target_schema => 'fill_log_dst2')
 ORDER BY 1::text;
SELECT (SELECT count(*) FROM (SELECT * FROM fill_log_dst.people EXCEPT ALL SELECT * FROM fill_log_dst2.people) d) AS people_differ,
       (SELECT count(*) FROM (SELECT * FROM fill_log_dst.companies EXCEPT ALL SELECT * FROM fill_log_dst2.companies) d) AS companies_differ;

-- Rewrites are logged too; they cannot be replayed (they change the rows a table holds).
SELECT synth_anonymize('authors', '{"born": {"generalize": "month"}}') AS anonymized;
SELECT synth_shuffle('authors', 'born', seed => 3) > 0 AS shuffled;
SELECT function_name, table_name, rows > 0 AS changed, seed, profile IS NULL AS no_profile,
       arguments->>'column' AS col, arguments->'rules' AS rules
  FROM synthdata.fill_log WHERE id > (SELECT max(id) - 2 FROM synthdata.fill_log) ORDER BY id;
DO $$
DECLARE
  st text; msg text;
BEGIN
  PERFORM synth_replay((SELECT max(id) FROM synthdata.fill_log));
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
  RAISE WARNING 'SQLSTATE %: %', st, regexp_replace(msg, 'entry [0-9]+', 'entry N');
END $$;
SELECT * FROM synth_replay(-1);

-- Who reads what: a role reads its own entries; it cannot write or change any; members of
-- synthdata_auditor read everyone's. Only superusers switch the log off.
CREATE ROLE fill_log_dev;
CREATE ROLE synthdata_auditor;
CREATE ROLE fill_log_reviewer IN ROLE synthdata_auditor;
GRANT USAGE ON SCHEMA fill_log_demo TO fill_log_dev;
GRANT SELECT, INSERT ON fill_log_demo.authors TO fill_log_dev;
SET ROLE fill_log_dev;
SELECT synth_fill('authors', 3, seed => 2);
SELECT count(*) FILTER (WHERE role_name = current_user) AS own,
       count(*) FILTER (WHERE role_name <> current_user) AS others
  FROM synthdata.fill_log;
UPDATE synthdata.fill_log SET rows = 0;
DELETE FROM synthdata.fill_log;
INSERT INTO synthdata.fill_log (call_id, logged_at, role_name, database_name, function_name, schema_name,
    table_name, rows, arguments, settings, version, duration)
VALUES (1, now(), 'x', 'x', 'synth_fill', 'x', 'x', 1, '{}', '{}', '0', '0');
SET synthdata.log = off;
RESET ROLE;
SET ROLE fill_log_reviewer;
SELECT count(DISTINCT role_name) >= 2 AS reads_all FROM synthdata.fill_log;
RESET ROLE;
SET synthdata.log = off;
SELECT synth_fill('authors', 2, seed => 4);
RESET synthdata.log;
SELECT count(*) AS dev_entries, sum(rows) AS dev_rows FROM synthdata.fill_log WHERE role_name = 'fill_log_dev';
SELECT count(*) AS authors FROM fill_log_demo.authors;
DELETE FROM synthdata.fill_log WHERE role_name = 'fill_log_dev';
REVOKE ALL ON SCHEMA fill_log_demo FROM fill_log_dev;
REVOKE ALL ON fill_log_demo.authors FROM fill_log_dev;
DROP ROLE fill_log_dev;
DROP ROLE fill_log_reviewer;
DROP ROLE synthdata_auditor;

DROP SCHEMA fill_log_demo, fill_log_copy, fill_log_shop, fill_log_shop2, fill_log_src, fill_log_dst, fill_log_dst2 CASCADE;
RESET search_path;
