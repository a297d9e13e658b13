-- Believable text: the locale of one call, columns whose values say what they hold, and codes
-- that keep their pattern.
SET client_min_messages = warning;
CREATE SCHEMA text_demo;
SET search_path = text_demo, public;

-- The locale argument overrides synthdata.locale for one call.
CREATE TABLE people (first_name text NOT NULL, last_name text NOT NULL, email text NOT NULL,
                     phone text NOT NULL, city text NOT NULL, postcode text NOT NULL, country char(2) NOT NULL);
SELECT * FROM synth_rows(NULL::people, 3, seed => 1, locale => 'de');
SELECT * FROM synth_rows(NULL::people, 3, seed => 1, locale => 'fr');
SELECT * FROM synth_rows(NULL::people, 3, seed => 1, locale => 'es');

-- Codes keep the pattern of the real ones; a unique one never repeats, also next to them.
CREATE TABLE invoices (invoice_no varchar(20) NOT NULL UNIQUE, postcode_uk text, contact text, ref text);
INSERT INTO invoices
SELECT 'INV-' || (2022 + i % 3) || '-' || lpad((i * 7)::text, 6, '0'),
       chr(65 + i % 26) || chr(65 + i % 7) || (10 + i % 90) || ' ' || (i % 10) || chr(65 + i % 11) || chr(70 + i % 13),
       'lead' || i || '@corp.example.com',
       md5(i::text)::uuid::text
  FROM generate_series(1, 1000) i;
ANALYZE invoices;
SELECT c->>'name' AS column, c->'content' AS content
  FROM jsonb_array_elements(synth_profile('invoices', sample_rows => 500)->'columns') c;
SELECT invoice_no, postcode_uk, contact, length(ref) AS ref_length, ref::uuid IS NOT NULL AS ref_is_uuid
  FROM synth_rows(NULL::invoices, 5, seed => 3);
SELECT synth_fill('invoices', 20000, seed => 3);
SELECT count(*) AS rows, count(DISTINCT invoice_no) AS distinct_numbers,
       count(*) FILTER (WHERE invoice_no !~ '^INV-\d{4}-\d{6}$') AS off_pattern,
       count(*) FILTER (WHERE postcode_uk !~ '^[A-Z]{2}\d{2} \d[A-Z]{2}$') AS off_pattern_postcodes,
       count(*) FILTER (WHERE contact NOT LIKE '%_@_%.__%') AS not_emails
  FROM invoices;

-- A country the column draws from its own values (here a CHECK's list; statistics or a sample
-- alike) moves the row's person there: city, postcode and phone are that country's, from the
-- dictionaries where they have its cities, else its capital.
CREATE TABLE offices (city text NOT NULL, postcode text NOT NULL, phone text NOT NULL,
                      country text NOT NULL CHECK (country IN ('France', 'Japan', 'Germany')));
SELECT * FROM synth_rows(NULL::offices, 6, seed => 3);
RESET search_path;
DROP SCHEMA text_demo CASCADE;
