-- Filling the shop in dependency order. Every constraint is enforced by PostgreSQL itself;
-- the queries below show the data also looks like what the columns say.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SELECT synth_fill('customers', 200, seed => 42);
SELECT synth_fill('products', 50, seed => 42);
SELECT synth_fill('orders', 1e3, seed => 42);
SELECT synth_fill('order_items', 2000, seed => 42);

SELECT customer_id, email, first_name, last_name, country, created_at FROM customers ORDER BY customer_id LIMIT 5;
SELECT product_id, sku, name, price, attributes FROM products ORDER BY product_id LIMIT 5;
SELECT order_id, customer_id, status, placed_at, shipped_at, total FROM orders ORDER BY order_id LIMIT 5;
SELECT * FROM order_items ORDER BY order_id, line_no LIMIT 5;

-- Every enum label appears; about a tenth of the nullable shipped_at is NULL.
SELECT status, count(*) > 100 AS plenty FROM orders GROUP BY status ORDER BY status;
SELECT count(*) FILTER (WHERE shipped_at IS NULL) BETWEEN 50 AND 150 AS some_not_shipped FROM orders;
-- Shipping never precedes placing; emails are unique and look like emails.
SELECT count(*) AS shipped_before_placed FROM orders WHERE shipped_at < placed_at;
SELECT count(*) = count(DISTINCT email) AS emails_unique, bool_and(email LIKE '%_@_%.__%') AS emails_look_right FROM customers;
-- Line numbers stay within their CHECK and keys within their parents.
SELECT min(line_no) >= 1 AND max(line_no) <= 50 AS lines_in_range FROM order_items;
SELECT count(*) AS orphans FROM order_items i LEFT JOIN orders o USING (order_id) WHERE o.order_id IS NULL;

-- A second fill continues the numbering and keeps keys unique.
SELECT synth_fill('customers', 200, seed => 42);
SELECT count(*), count(DISTINCT email) FROM customers;
SELECT synth_fill('order_items', 2000, seed => 42);
SELECT count(*), count(DISTINCT (order_id, line_no)) FROM order_items;

-- Zero rows is a valid request.
SELECT synth_fill('orders', 0);

-- A table created (or truncated) in the transaction that fills it gets its rows frozen, as
-- COPY FREEZE puts them: VACUUM will have nothing left to freeze. In a savepoint opened after
-- the table was made they are not, since rolling the savepoint back must take them away.
-- (Pages are counted where rows are: PostgreSQL 16 and later extend a table by several pages.)
CREATE EXTENSION pg_visibility;
BEGIN;
CREATE TABLE fresh (id int PRIMARY KEY, note text);
SELECT synth_fill('fresh', 20000, seed => 1);
SELECT bool_and(v.all_frozen) AS pages_with_rows_frozen, count(*) > 10 AS many_pages
  FROM pg_visibility_map('fresh') v
 WHERE v.blkno IN (SELECT DISTINCT (ctid::text::point)[0]::bigint FROM fresh);
SAVEPOINT later;
SELECT synth_fill('fresh', 20000, seed => 2);
SELECT bool_or(v.all_frozen) AS later_pages_frozen
  FROM pg_visibility_map('fresh') v
 WHERE v.blkno IN (SELECT DISTINCT (ctid::text::point)[0]::bigint FROM fresh WHERE xmin <> pg_current_xact_id()::xid);
ROLLBACK TO SAVEPOINT later;
COMMIT;
SELECT count(*) FROM fresh;
DROP TABLE fresh;
DROP EXTENSION pg_visibility;

-- synthdata.parallel = 2: two parallel workers write the table in the caller's transaction (this
-- backend inserts none of the rows), and the rows are those one process writes, keys included.
CREATE TABLE par (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                  customer_id int NOT NULL REFERENCES customers,
                  total numeric(10,2) NOT NULL CHECK (total > 0),
                  note text);
SELECT synth_fill('par', 30000, seed => 5);
CREATE TEMP TABLE par_by_one AS TABLE par;
TRUNCATE par RESTART IDENTITY;
BEGIN;
-- (PostgreSQL 15's view may still count rows of the session's earlier transactions: a difference.)
SELECT n_tup_ins AS inserted_before FROM pg_stat_xact_user_tables WHERE relid = 'par'::regclass \gset
SET LOCAL synthdata.parallel = 2;
SELECT synth_fill('par', 30000, seed => 5);
SELECT n_tup_ins - :inserted_before AS inserted_by_this_backend FROM pg_stat_xact_user_tables WHERE relid = 'par'::regclass;
COMMIT;
SELECT (SELECT count(*) FROM (TABLE par EXCEPT ALL TABLE par_by_one) a) AS only_in_parallel,
       (SELECT count(*) FROM (TABLE par_by_one EXCEPT ALL TABLE par) b) AS only_in_one,
       max(id) AS last_id
  FROM par;
DROP TABLE par, par_by_one;
