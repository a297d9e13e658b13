-- Every other type of PostgreSQL (xml: 32_xml) and of its contrib extensions: each in an empty NOT NULL column
-- of a table of its own (and as an array), filled from the catalog alone, then filled again after
-- ANALYZE, from the statistics. UNIQUE where the type has a B-tree equality and room for the
-- rows: then distinct_values must equal rows. Values are stored, so each one parsed.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET lc_monetary = 'C';
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS hstore;
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS isn;
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS btree_gist;
RESET client_min_messages;
CREATE DOMAIN small_pos AS integer CHECK (VALUE BETWEEN 1 AND 9);
CREATE TYPE pair AS (x integer, label text, n small_pos);
CREATE TYPE floatrange AS RANGE (subtype = float8);

-- Creates typ_<type> (v <type> NOT NULL [UNIQUE]), fills it with 50 rows and reports them; with
-- `again`, ANALYZEs it and fills 50 more from its statistics.
CREATE FUNCTION fill_type(typ text, uniq boolean, again boolean)
RETURNS TABLE (type text, rows bigint, distinct_values bigint, least_value text)
LANGUAGE plpgsql AS $$
DECLARE
  t text := 'typ_' || trim(both '_' from regexp_replace(lower(typ), '[^a-z0-9]+', '_', 'g'))
            || CASE WHEN typ LIKE '%[]' THEN '_array' ELSE '' END;
BEGIN
  IF NOT again THEN
    EXECUTE format('CREATE TABLE %I (v %s NOT NULL%s)', t, typ, CASE WHEN uniq THEN ' UNIQUE' ELSE '' END);
    PERFORM synth_fill(t::regclass, 50, seed => 1);
  ELSE
    EXECUTE format('ANALYZE %I', t);
    PERFORM synth_fill(t::regclass, 50, seed => 2);
  END IF;
  RETURN QUERY EXECUTE format('SELECT %L::text, count(*), count(DISTINCT v::text), left(min(v::text), 48) FROM %I', typ, t);
END $$;

CREATE TABLE types (n serial, typ text, uniq boolean);
INSERT INTO types (typ, uniq) VALUES
  ('money', true), ('"char"', false), ('timetz', true), ('cidr', true), ('inet', true),
  ('macaddr', true), ('macaddr8', true), ('bit(12)', true), ('bit varying(20)', true),
  ('point', false), ('line', false), ('lseg', false), ('box', false), ('path', false), ('polygon', false),
  ('circle', false), ('tsquery', false), ('jsonpath', false),
  ('int4range', true), ('int8range', true), ('numrange', true), ('daterange', true), ('tsrange', true),
  ('tstzrange', true), ('floatrange', true),
  ('int4multirange', false), ('int8multirange', false), ('nummultirange', false), ('datemultirange', false),
  ('tsmultirange', false), ('tstzmultirange', false),
  ('oid', true), ('pg_lsn', true), ('name', true), ('tid', true), ('xid', false), ('xid8', true), ('cid', false),
  ('pg_snapshot', false), ('txid_snapshot', false), ('aclitem', false), ('refcursor', false),
  ('regclass', false), ('regtype', false), ('regproc', false), ('regprocedure', false), ('regoper', false),
  ('regoperator', false), ('regconfig', false), ('regdictionary', false), ('regnamespace', false),
  ('regrole', false), ('regcollation', false),
  ('citext', true), ('hstore', true), ('ltree', true), ('isbn', true), ('issn13', true), ('ismn', false),
  ('ean13', true), ('upc', false), ('cube', true), ('pair', false), ('small_pos', false);

-- From the catalog alone.
SELECT f.* FROM types, LATERAL fill_type(typ, uniq, false) f ORDER BY n;
-- Again, from the statistics of the rows now there.
SELECT f.* FROM types, LATERAL fill_type(typ, uniq, true) f ORDER BY n;
-- The same types as arrays.
SELECT f.* FROM types, LATERAL fill_type(typ || '[]', false, false) f ORDER BY n;

-- A name is a name, not the bytes of a text header: no one-character values.
SELECT min(length(v::text)) > 1 AS names_are_words FROM typ_name;
-- Ranges have lower < upper; bit strings their declared length; composite fields their domain.
SELECT bool_and(lower(v) < upper(v)) AS ordered_ranges FROM typ_tstzrange;
SELECT bool_and(length(v) = 12) AS bit_length FROM typ_bit_12;
SELECT bool_and(length(v) BETWEEN 1 AND 20) AS varbit_length FROM typ_bit_varying_20;
SELECT bool_and((v).n BETWEEN 1 AND 9) AS field_domain FROM typ_pair;
-- citext keeps uniqueness without regard to case.
SELECT count(DISTINCT lower(v::text)) AS case_folded_distinct FROM typ_citext;

-- EXCLUDE constraints: bookings of one room never overlap.
CREATE TABLE meeting_rooms (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE room_bookings (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id integer NOT NULL REFERENCES meeting_rooms,
    during tstzrange NOT NULL,
    EXCLUDE USING gist (room_id WITH =, during WITH &&)
);
SELECT synth_fill('meeting_rooms', 10, seed => 1);
SELECT synth_fill('room_bookings', 1000, seed => 1);
SELECT count(*) AS overlaps FROM room_bookings a JOIN room_bookings b
    ON a.room_id = b.room_id AND a.id < b.id AND a.during && b.during;
SELECT room_id, during FROM room_bookings WHERE room_id = 1 ORDER BY during LIMIT 3;
-- More bookings start after the ones already there.
SELECT synth_fill('room_bookings', 200, seed => 2);
SELECT count(*) AS bookings, count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM room_bookings b WHERE b.room_id = a.room_id AND b.id <> a.id AND b.during && a.during)) AS overlapping
  FROM room_bookings a;
-- Alone, a range compared with && takes slots of one timeline.
CREATE TABLE maintenance (window_ daterange NOT NULL, EXCLUDE USING gist (window_ WITH &&));
SELECT synth_fill('maintenance', 100, seed => 1);
SELECT count(*) AS overlaps FROM maintenance a JOIN maintenance b ON a.ctid < b.ctid AND a.window_ && b.window_;
-- Forms synthdata cannot keep by construction are refused, naming the constraint.
CREATE TABLE discs (c circle NOT NULL, EXCLUDE USING gist (c WITH &&));
SELECT synth_fill('discs', 10);
SELECT count(*) FROM discs;

-- Ranges follow what ANALYZE gathers of them (the share of empty and of unbounded ranges, lower
-- bounds and lengths), where the role can read it (pg_statistic, or pg_stats from PostgreSQL 17).
CREATE TABLE stays (during daterange NOT NULL);
INSERT INTO stays
SELECT CASE WHEN i % 5 = 0 THEN 'empty'::daterange
            WHEN i % 10 = 1 THEN daterange(date '2024-01-01' + i % 300, NULL)
            ELSE daterange(date '2024-01-01' + i % 300, date '2024-01-01' + i % 300 + 1 + i % 7) END
  FROM generate_series(1, 1000) i;
ANALYZE stays;
SELECT synth_fill('stays', 1000, seed => 1);
SELECT count(*) AS rows, round(avg(isempty(during)::int), 1) AS empty_share,
       round(avg((upper_inf(during) AND NOT isempty(during))::int), 1) AS unbounded_share,
       min(lower(during)) >= '2024-01-01' AND max(lower(during)) < '2024-11-01' AS lower_bounds_as_seen,
       max(upper(during) - lower(during)) <= 8 AS lengths_as_seen
  FROM stays;
