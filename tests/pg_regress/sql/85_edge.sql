-- Scenarios beyond the typical. mode => 'edge': each column cycles through the values at the
-- limits of its type and constraints (row 0 the lowest, row 1 the highest, then zero, special
-- values, NULL where allowed), and every constraint still holds. anomalies => share: that share
-- of rows holds outliers, marked true in the boolean column anomaly_column.
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET extra_float_digits = 0;
CREATE TYPE size AS ENUM ('small', 'medium', 'large');
CREATE TABLE owners (id int PRIMARY KEY);
INSERT INTO owners SELECT generate_series(1, 5);
CREATE TABLE gadgets (
    size     size         NOT NULL,
    rating   smallint     CHECK (rating BETWEEN 1 AND 10),
    label    varchar(8),
    price    numeric(6,2) NOT NULL CHECK (price >= 0),
    weight   float8,
    made_on  date         NOT NULL,
    owner_id int          REFERENCES owners
);
SELECT * FROM synth_rows(NULL::gadgets, 8, seed => 1, mode => 'edge');

-- Inserted: PostgreSQL checks every row. Every label, both CHECK bounds, the longest and the
-- empty string (multi-byte: more bytes than characters), the typmod's largest value and NaN,
-- the first and the last parent.
SELECT synth_fill('gadgets', 60, seed => 1, mode => 'edge');
SELECT size, count(*) FROM gadgets GROUP BY size ORDER BY size;
SELECT min(rating), max(rating), count(*) FILTER (WHERE rating IS NULL) AS nulls FROM gadgets;
SELECT DISTINCT length(label) AS chars, octet_length(label) AS bytes FROM gadgets ORDER BY 1, 2;
SELECT DISTINCT price FROM gadgets ORDER BY price;
SELECT DISTINCT owner_id FROM gadgets ORDER BY owner_id;

-- A unique column bounded by a CHECK takes its bounds once each; its values stay distinct.
CREATE TABLE seats (seat int PRIMARY KEY CHECK (seat BETWEEN 1 AND 20), note text);
SELECT seat FROM synth_rows(NULL::seats, 3, seed => 3, mode => 'edge');
SELECT synth_fill('seats', 20, seed => 3, mode => 'edge');
SELECT min(seat), max(seat), count(DISTINCT seat) FROM seats;

-- Anomalies: readings of 100…149 every hour of 2024, then 1000 synthetic ones of which 5%
-- are outliers: beyond the profiled range (the CHECK keeps them >= 0), their times crowded
-- into three bursts of ten minutes (one burst may straddle two hours).
CREATE TABLE readings (
    id         int PRIMARY KEY,
    value      int NOT NULL CHECK (value >= 0),
    at         timestamptz NOT NULL,
    is_anomaly boolean
);
INSERT INTO readings
SELECT g, 100 + g % 50, '2024-01-01'::timestamptz + g * interval '1 hour', false FROM generate_series(1, 1000) g;
ANALYZE readings;
SELECT synth_fill('readings', 1000, seed => 7, anomalies => 0.05, anomaly_column => 'is_anomaly');
SELECT is_anomaly, count(*), count(*) FILTER (WHERE value BETWEEN 100 AND 149) AS in_range,
       min(value), max(value), count(DISTINCT date_trunc('hour', at)) AS hours
  FROM readings WHERE id > 1000 GROUP BY is_anomaly ORDER BY is_anomaly;
-- The same seed flags the same rows.
SELECT (SELECT array_agg(is_anomaly) FROM synth_rows(NULL::readings, 200, 7, anomalies => 0.05, anomaly_column => 'is_anomaly'))
     = (SELECT array_agg(is_anomaly) FROM synth_rows(NULL::readings, 200, 7, anomalies => 0.05, anomaly_column => 'is_anomaly'))
       AS same_flags;

-- Bad arguments: SQLSTATE, message, hint; nothing written.
\set SHOW_CONTEXT never
SELECT synth_fill('gadgets', 10, mode => 'extreme');
\echo :LAST_ERROR_SQLSTATE
SELECT synth_fill('readings', 10, anomalies => 2);
\echo :LAST_ERROR_SQLSTATE
SELECT synth_fill('readings', 10, mode => 'edge', anomalies => 0.1);
\echo :LAST_ERROR_SQLSTATE
SELECT synth_fill('readings', 10, anomalies => 0.1, anomaly_column => 'value');
\echo :LAST_ERROR_SQLSTATE
SELECT synth_fill('readings', 10, anomalies => 0.1, anomaly_column => 'flag');
\echo :LAST_ERROR_SQLSTATE
SELECT count(*) FROM readings;
