-- Every supported type, with typmods PostgreSQL does not check on returned rows.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
CREATE DOMAIN rating AS smallint CHECK (VALUE BETWEEN 1 AND 5);
CREATE TABLE everything (
    i2 smallint, i4 integer, i8 bigint,
    n numeric, n52 numeric(5, 2), r real, d double precision,
    b boolean,
    t text, vc varchar(8), c char(3),
    dt date, tm time, ts timestamp(0), tstz timestamptz,
    iv interval, u uuid, j json, jb jsonb, by bytea, ip inet,
    stars rating, tags text[], nums integer[], doc tsvector
);
SELECT synth_fill('everything', 500, seed => 5);
SELECT pg_typeof(i2), pg_typeof(n52), pg_typeof(stars), pg_typeof(tags), pg_typeof(doc) FROM everything LIMIT 1;
-- Typmods and domains hold.
SELECT max(length(vc)) <= 8 AS vc_fits, bool_and(length(c) = 3 OR c IS NULL) AS char_padded,
       max(abs(n52)) < 1000 AS numeric_precision, bool_and(scale(n52) <= 2) AS numeric_scale,
       bool_and(ts = date_trunc('second', ts) OR ts IS NULL) AS timestamp0,
       bool_and(stars BETWEEN 1 AND 5 OR stars IS NULL) AS domain_check
  FROM everything;
-- Values parse back as their types (json/jsonb/inet/tsvector/arrays went through input functions).
SELECT count(*) FILTER (WHERE jb IS NOT NULL AND jsonb_typeof(jb) = 'object') > 0 AS jsonb_objects,
       count(*) FILTER (WHERE ip IS NOT NULL AND family(ip) = 4) > 0 AS ipv4,
       count(*) FILTER (WHERE doc IS NOT NULL AND length(doc) > 0) > 0 AS tsvectors,
       count(*) FILTER (WHERE u IS NOT NULL) > 0 AS uuids
  FROM everything;
-- Nullable columns without statistics get some NULLs, never all.
SELECT count(*) FILTER (WHERE t IS NULL) BETWEEN 20 AND 90 AS some_nulls FROM everything;
