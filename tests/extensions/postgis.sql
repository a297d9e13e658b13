-- PostGIS columns of each subtype, SRID and dimension, filled from the catalog alone: every value
-- is a valid shape of the declared subtype and SRID, and values are distinct (one column UNIQUE).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION postgis;
CREATE TABLE places (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location geometry(Point, 4326) NOT NULL UNIQUE,
    area geometry(MultiPolygon, 3857) NOT NULL,
    route geometry(LineStringZ, 2154) NOT NULL,
    site geography(Point) NOT NULL,
    outline geometry(Polygon) NOT NULL,
    anything geometry NOT NULL,
    parts geometry(GeometryCollection, 4326) NOT NULL,
    grid geometry(MultiPoint, 27700) NOT NULL
);
SELECT synth_fill('places', 500, seed => 1);
-- Again, after ANALYZE: from the statistics.
ANALYZE places;
SELECT synth_fill('places', 500, seed => 2);

DO $$
DECLARE
  c record;
  bad bigint;
BEGIN
  FOR c IN SELECT * FROM (VALUES
      ('location', 'POINT', 4326), ('area', 'MULTIPOLYGON', 3857), ('route', 'LINESTRING', 2154),
      ('outline', 'POLYGON', 0), ('parts', 'GEOMETRYCOLLECTION', 4326), ('grid', 'MULTIPOINT', 27700)) v(col, typ, srid)
  LOOP
    EXECUTE format('SELECT count(*) FROM places WHERE NOT ST_IsValid(%1$I) OR GeometryType(%1$I) <> %2$L OR ST_SRID(%1$I) <> %3$s', c.col, c.typ, c.srid) INTO bad;
    IF bad > 0 THEN
      RAISE EXCEPTION 'column %: % rows are not valid % of SRID %', c.col, bad, c.typ, c.srid;
    END IF;
  END LOOP;
  SELECT count(*) INTO bad FROM places WHERE ST_Z(ST_StartPoint(route)) IS NULL;
  IF bad > 0 THEN RAISE EXCEPTION 'route: % rows lack Z', bad; END IF;
  SELECT count(*) INTO bad FROM places WHERE ST_SRID(site::geometry) <> 4326 OR abs(ST_X(site::geometry)) > 180 OR abs(ST_Y(site::geometry)) > 90;
  IF bad > 0 THEN RAISE EXCEPTION 'site: % rows outside longitude and latitude', bad; END IF;
  SELECT count(*) INTO bad FROM places WHERE NOT ST_IsValid(anything);
  IF bad > 0 THEN RAISE EXCEPTION 'anything: % invalid', bad; END IF;
  IF (SELECT count(DISTINCT location) FROM places) <> 1000 THEN RAISE EXCEPTION 'location repeats'; END IF;
END $$;
SELECT count(*) AS rows, count(DISTINCT location) AS locations, count(DISTINCT ST_AsText(area)) AS areas,
       round(avg(ST_X(location))::numeric, 1) AS mean_lon, round(avg(ST_Y(location))::numeric, 1) AS mean_lat
  FROM places;
