-- Masking and pseudonymization: deterministic functions only (masks, keyed pseudonyms,
-- generalization, a seeded shuffle); the random fakers are checked for their format.
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET DateStyle = ISO;
CREATE SCHEMA mask_demo;
SET search_path = mask_demo, public;

-- Partial masks keep what is needed to recognise a value, nothing more.
SELECT synth_mask_partial('4111111111111111', 4, '********', 4) AS card,
       synth_mask_partial('abc', 2, '***', 2) AS too_short,
       synth_mask_email('alice.smith@corp.example') AS email,
       synth_mask_digits('+49 (030) 1234-5678', 2) AS phone,
       synth_mask_digits('DE89 3704 0044 0532 0130 00', 4, '0') AS iban;
SELECT synth_mask_partial('abc', -1, '*', 0);

-- Keyed pseudonyms: the same value and key always give the same pseudonym; another key, another.
SELECT v, synth_pseudonymize_name(v, 'demo-key') AS name,
       synth_pseudonymize_first_name(v, 'demo-key') AS first_name,
       synth_pseudonymize_last_name(v, 'demo-key', 'de') AS last_name_de
  FROM (VALUES ('Alice Martin'), ('Bob Stone'), ('Alice Martin')) t(v);
SELECT synth_pseudonymize_email('Alice@Corp.example', 'demo-key') AS email,
       synth_pseudonymize_email(' alice@corp.example ', 'demo-key') AS same_email,
       synth_pseudonymize_email('alice@corp.example', 'other-key') AS other_key;
SELECT synth_pseudonymize_phone('+1 212 555 0100', 'demo-key') AS phone,
       synth_pseudonymize_city('Springfield', 'demo-key', 'fr') AS city,
       synth_pseudonymize_company('ACME', 'demo-key') AS company;
SELECT synth_hash('alice', 'demo-key') AS token;

-- Format-preserving: digits map to digits (and letters to letters for codes), one to one.
SELECT synth_pseudonymize_digits('4111 1111 1111 1111', 'demo-key') AS card,
       synth_pseudonymize_digits('DE89 3704 0044 0532 0130 00', 'demo-key') AS iban_digits,
       synth_pseudonymize_code('INV-2024-000123', 'demo-key') AS invoice,
       synth_pseudonymize_iban('DE89 3704 0044 0532 0130 00', 'demo-key') AS valid_iban,
       synth_pseudonymize_credit_card('4111 1111 1111 1111', 'demo-key') AS luhn_valid_card,
       synth_pseudonymize_digits('', 'demo-key') AS empty,
       synth_pseudonymize_digits(NULL, 'demo-key') IS NULL AS null_stays_null;
SELECT count(*) AS codes, count(DISTINCT synth_pseudonymize_digits(lpad(i::text, 5, '0'), 'demo-key')) AS distinct_pseudonyms
  FROM generate_series(0, 99999) i;

-- Joins survive: pseudonymize both sides with the same key.
CREATE TABLE customers (id int PRIMARY KEY, email text);
CREATE TABLE tickets (id int PRIMARY KEY, email text, subject text);
INSERT INTO customers SELECT i, 'user' || i || '@corp.example' FROM generate_series(1, 100) i;
INSERT INTO tickets SELECT i, 'user' || (i * 3 % 100 + 1) || '@corp.example', 'ticket ' || i FROM generate_series(1, 40) i;
SELECT count(*) AS matches_before FROM customers c JOIN tickets t USING (email);
SET synthdata.secret = 'demo-key';
UPDATE customers SET email = synth_pseudonymize_email(email);
UPDATE tickets SET email = synth_pseudonymize_email(email);
SELECT count(*) AS matches_after, count(*) FILTER (WHERE email LIKE '%@corp.example') AS left_in_clear
  FROM customers c JOIN tickets t USING (email);
RESET synthdata.secret;
SELECT synth_pseudonymize_email('alice@corp.example');

-- Generalization: ranges, periods, areas.
SELECT synth_generalize_int(37, 10) AS age_band, synth_generalize_int(-1, 10) AS negative,
       synth_generalize_date(date '2024-08-15', 'week') AS week,
       synth_generalize_date(date '2024-08-15', 'quarter') AS quarter,
       synth_generalize_date(timestamptz '2024-08-15 13:14:15+00', 'month') AS month,
       synth_generalize_postcode('75012', 2) AS paris, synth_generalize_postcode('SW1A 1AA', 4) AS london;
SELECT synth_generalize_date(date '2024-08-15', 'fortnight');

-- Shuffling a column: the values stay, their rows change; keys are refused.
CREATE TABLE staff (id int PRIMARY KEY, dept text, salary int);
INSERT INTO staff SELECT i, 'd' || i % 3, 1000 * i FROM generate_series(1, 8) i;
SELECT synth_shuffle('staff', 'salary', seed => 7) AS rows_changed;
SELECT sum(salary) AS same_total, count(DISTINCT salary) AS same_values FROM staff;
SELECT synth_shuffle('staff', 'id');

-- The random fakers: formats, not values.
SELECT synth_fake_credit_card() ~ '^\d{4} \d{4} \d{4} \d{4}$' AS card_format,
       synth_fake_iban('de') ~ '^[A-Z]{2}\d{2}' AS iban_format,
       synth_fake_email() LIKE '%@%example.%' AS reserved_domain,
       synth_fake_ip()::inet IS NOT NULL AS ip,
       synth_fake_uuid() IS NOT NULL AS uuid,
       array_length(string_to_array(synth_fake_lorem(6), ' '), 1) AS lorem_words;

-- Declared volatility.
SELECT proname, string_agg(DISTINCT provolatile::text, '' ORDER BY provolatile::text) AS volatility
  FROM pg_proc
 WHERE proname ~ '^synth_(mask|pseudonymize|hash|generalize|noise|shuffle|fake_name)'
 GROUP BY proname ORDER BY proname;
RESET search_path;
DROP SCHEMA mask_demo CASCADE;
