-- CHECK constraints: comparisons, IN lists, length(), column against column, and anything
-- else by generate-and-test.
CREATE TABLE bookings (
    id serial PRIMARY KEY,
    code varchar(10) NOT NULL UNIQUE CHECK (length(code) >= 4),
    kind text NOT NULL CHECK (kind IN ('standard', 'express', 'overnight')),
    guests integer NOT NULL CHECK (guests BETWEEN 1 AND 8),
    starts date NOT NULL CHECK (starts >= '2024-01-01'),
    ends date NOT NULL,
    price numeric(8, 2) CHECK (price > 0 AND price < 5000),
    even integer CHECK (even % 2 = 0),
    CHECK (starts < ends)
);
SELECT synth_fill('bookings', 1000, seed => 11);
SELECT count(*) AS bad FROM bookings
 WHERE length(code) < 4 OR guests NOT BETWEEN 1 AND 8 OR starts < '2024-01-01' OR starts >= ends
    OR price <= 0 OR price >= 5000 OR even % 2 <> 0;
SELECT kind, count(*) > 250 AS plenty FROM bookings GROUP BY kind ORDER BY kind;

-- Partitioned tables: rows land in existing partitions only.
CREATE TABLE events (id bigint, at timestamptz NOT NULL, region text NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024_01 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
CREATE TABLE events_2024_03 PARTITION OF events FOR VALUES FROM ('2024-03-01') TO ('2024-04-01');
SELECT synth_fill('events', 300, seed => 1);
SELECT tableoid::regclass AS partition, count(*) > 50 AS plenty FROM events GROUP BY 1 ORDER BY 1;

CREATE TABLE by_region (id int, region text NOT NULL) PARTITION BY LIST (region);
CREATE TABLE by_region_eu PARTITION OF by_region FOR VALUES IN ('eu', 'uk');
CREATE TABLE by_region_us PARTITION OF by_region FOR VALUES IN ('us');
SELECT synth_fill('by_region', 300, seed => 1);
SELECT tableoid::regclass AS partition, count(*) > 50 AS plenty FROM by_region GROUP BY 1 ORDER BY 1;
