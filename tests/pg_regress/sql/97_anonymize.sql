-- Static anonymization: synth_anonymize rewrites a table in place with rules, keys take their
-- references along, and errors change nothing. Deterministic rules only (keyed pseudonyms,
-- masks, generalization, constants) under a fixed synthdata.secret.
SET client_min_messages = notice;
SET DateStyle = ISO;
CREATE SCHEMA anon_demo;
SET search_path = anon_demo, public;
SET synthdata.secret = 'demo-key';

CREATE TABLE customers (
    id         int PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    last_name  varchar(20) NOT NULL,
    phone      text,
    birth_date date,
    notes      text
);
CREATE TABLE orders (
    id          int PRIMARY KEY,
    customer_id int NOT NULL REFERENCES customers,
    total       numeric(8, 2) CHECK (total >= 0)
);
INSERT INTO customers VALUES
    (101, 'alice@corp.example', 'Martin', '+1 212 555 0101', '1984-03-17', 'VIP'),
    (102, 'bob@corp.example',   'Stone',  '+1 212 555 0102', '1990-11-02', NULL),
    (103, 'carol@corp.example', 'Nguyen', NULL,              '1975-07-30', 'call after 6'),
    (104, 'dave@corp.example',  'Okafor', '+1 212 555 0104', NULL,         NULL);
INSERT INTO orders VALUES (10, 101, 25.00), (11, 101, 12.50), (12, 103, 99.90), (13, 104, 5.00);
CREATE TEMP TABLE originals AS SELECT id, email FROM customers;

-- The rules: keyed pseudonyms (the same under the same key), a mask, a generalization, NULL.
SELECT synth_anonymize('customers', '{
    "email": "pseudonymize",
    "last_name": {"pseudonymize": "last_name"},
    "phone": {"mask": "digits", "keep_last": 2},
    "birth_date": {"generalize": "month"},
    "notes": "null"}') AS rows_changed;
SELECT * FROM customers ORDER BY id;
SELECT count(*) AS same_as_the_function FROM customers c JOIN originals o USING (id)
 WHERE c.email = synth_pseudonymize_email(o.email, 'demo-key');

-- A primary key referenced by orders: the ids are pseudonymized (keeping their number of digits,
-- one to one) and orders.customer_id takes the same pseudonyms in the same statement.
CREATE TEMP TABLE before AS
SELECT o.id AS order_id, c.id AS customer_id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id;
SELECT synth_anonymize('customers', '{"id": "pseudonymize"}') AS rows_changed;
SELECT o.id AS old_id, synth_pseudonymize_int(o.id, 'demo-key') AS pseudonym, c.id AS new_id
  FROM originals o JOIN customers c ON c.id = synth_pseudonymize_int(o.id, 'demo-key') ORDER BY o.id;
SELECT o.id AS order_id, b.customer_id AS old_customer_id, o.customer_id, c.email = b.email AS same_customer
  FROM orders o JOIN customers c ON c.id = o.customer_id JOIN before b ON b.order_id = o.id
 ORDER BY o.id;

-- Stored rules: synthdata.sensitivity.rule, used when no rules are passed; the detected
-- sensitive columns without a stored rule get a keyed pseudonym of their category.
CREATE TABLE staff (id int PRIMARY KEY, first_name text, email text, room text);
INSERT INTO staff VALUES (1, 'Alice', 'alice@corp.example', 'B-204'), (2, 'Bob', 'bob@corp.example', 'C-115');
INSERT INTO synthdata.sensitivity (table_name, column_name, sensitive, category, rule)
VALUES ('staff', 'room', true, NULL, '{"value": "hidden"}');
SELECT column_name, category, source FROM synth_sensitive_columns('staff');
SELECT synth_anonymize('staff') AS rows_changed;
SELECT * FROM staff ORDER BY id;
SELECT count(*) AS keyed FROM staff
 WHERE first_name IN (synth_pseudonymize_first_name('Alice', 'demo-key'), synth_pseudonymize_first_name('Bob', 'demo-key'));
DELETE FROM synthdata.sensitivity WHERE table_name = 'staff'::regclass;

-- Errors: SQLSTATE, message naming the column, hint; the table is unchanged after each.
CREATE TEMP TABLE snapshot AS SELECT * FROM customers;
\set VERBOSITY default
SELECT synth_anonymize('customers', '{"emial": "pseudonymize"}');
SELECT synth_anonymize('customers', '{"email": "scramble"}');
SELECT synth_anonymize('customers', '{"birth_date": {"mask": "digits"}}');
SELECT synth_anonymize('customers', '{"last_name": "null"}');
SELECT synth_anonymize('customers', '{"id": {"generalize": 10}}');
SELECT synth_anonymize('orders', '{"customer_id": "pseudonymize"}');
SELECT synth_anonymize('orders', '{"total": {"value": "lots"}}');
\set VERBOSITY terse
SELECT synth_anonymize('orders', '{"total": {"value": -1}}');   -- fails mid-pass: rolled back
\set VERBOSITY default
RESET synthdata.secret;
SELECT synth_anonymize('customers', '{"email": "pseudonymize"}');
SELECT (SELECT array_agg(c ORDER BY id) FROM customers c)::text = (SELECT array_agg(s ORDER BY id) FROM snapshot s)::text AS unchanged,
       (SELECT sum(total) FROM orders) AS total_unchanged;

RESET client_min_messages;
DROP SCHEMA anon_demo CASCADE;
RESET search_path;
