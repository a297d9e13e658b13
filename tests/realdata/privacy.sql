-- Privacy on real data, run in synth_pagila and synth_chinook before anything is filled:
-- synth_detect_pii finds every column of names, e-mails, phones and addresses of pagila's
-- customer, staff and address (and staff's password, a credential) and chinook's customer and employee, reports no key, amount, date
-- (birth dates apart), title or description, and synth_k_anonymity / synth_l_diversity agree
-- with the GROUP BY queries they stand for on a few quasi-identifier sets.
CREATE TEMP TABLE pii AS
  SELECT table_name::text AS tbl, column_name::text AS col, category, confidence, reason FROM synth_detect_pii();

DO $$
DECLARE
  required text[];
  missing text[];
  absurd text[];
BEGIN
  IF current_database() = 'synth_pagila' THEN
    required := ARRAY[
      'customer.first_name', 'customer.last_name', 'customer.email',
      'staff.first_name', 'staff.last_name', 'staff.email', 'staff.username', 'staff.password',
      'address.address', 'address.address2', 'address.district', 'address.postal_code', 'address.phone'];
  ELSE
    required := ARRAY[
      'customer.first_name', 'customer.last_name', 'customer.address', 'customer.city', 'customer.state',
      'customer.country', 'customer.postal_code', 'customer.phone', 'customer.fax', 'customer.email',
      'employee.first_name', 'employee.last_name', 'employee.birth_date', 'employee.address', 'employee.city',
      'employee.state', 'employee.country', 'employee.postal_code', 'employee.phone', 'employee.fax',
      'employee.email'];
  END IF;
  SELECT array_agg(r) INTO missing FROM unnest(required) r WHERE r NOT IN (SELECT tbl || '.' || col FROM pii);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '%: synth_detect_pii missed %', current_database(), missing;
  END IF;
  SELECT array_agg(tbl || '.' || col) INTO absurd FROM pii
   WHERE (col ~ '(_id|^id|amount|total|price|rate|title|description|_date|last_update|length|rating)$'
          AND category <> 'birth_date')
      OR tbl IN ('film', 'payment', 'rental', 'inventory', 'album', 'invoice_line', 'genre', 'media_type',
                 'category', 'language', 'city', 'country')
      -- A track's composer is a person (as an artist's name); nothing else of a track is.
      OR (tbl = 'track' AND col <> 'composer');
  IF absurd IS NOT NULL THEN
    RAISE EXCEPTION '%: synth_detect_pii reports columns that are not personal: %', current_database(), absurd;
  END IF;
  RAISE NOTICE '%: % personal columns found, every required one among them', current_database(), (SELECT count(*) FROM pii);
END $$;

-- k and l by the GROUP BY they stand for, identifiers quoted with %I.
CREATE OR REPLACE FUNCTION pg_temp.check_k(t regclass, qi text[], sensitive text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  cols text := (SELECT string_agg(format('%I', c), ', ') FROM unnest(qi) c);
  k_want bigint;
  l_want bigint;
  k_got bigint := synth_k_anonymity(t, qi);
  l_got bigint := synth_l_diversity(t, qi, sensitive);
BEGIN
  EXECUTE format('SELECT min(n) FROM (SELECT count(*) n FROM %s GROUP BY %s) g', t, cols) INTO k_want;
  EXECUTE format('SELECT min(n) FROM (SELECT count(DISTINCT %I) n FROM %s GROUP BY %s) g', sensitive, t, cols) INTO l_want;
  IF k_got IS DISTINCT FROM k_want OR l_got IS DISTINCT FROM l_want THEN
    RAISE EXCEPTION '% over %: synth_k_anonymity % (GROUP BY %), synth_l_diversity % (GROUP BY %)',
      t, qi, k_got, k_want, l_got, l_want;
  END IF;
  RAISE NOTICE '% over % (sensitive %): k = %, l = %', t, qi, sensitive, k_got, l_got;
END $$;

\o /dev/null
SELECT pg_temp.check_k(t::regclass, qi, s) FROM (VALUES
  ('customer', ARRAY['store_id'], 'active'),
  ('customer', ARRAY['store_id', 'active'], 'first_name'),
  ('address', ARRAY['district'], 'postal_code'),
  ('address', ARRAY['city_id', 'postal_code'], 'phone')) v(t, qi, s)
 WHERE current_database() = 'synth_pagila';

SELECT pg_temp.check_k(t::regclass, qi, s) FROM (VALUES
  ('customer', ARRAY['country'], 'city'),
  ('customer', ARRAY['country', 'state'], 'support_rep_id'),
  ('customer', ARRAY['country', 'state', 'company'], 'city'),
  ('employee', ARRAY['title', 'city'], 'reports_to')) v(t, qi, s)
 WHERE current_database() = 'synth_chinook';
\o
