-- xml, whose input function needs a server built with libxml (Debian's is; the PostgreSQL 18
-- tree the tests use is not, and says so: expected/32_xml_1.out).
CREATE TABLE notes_xml (doc xml NOT NULL, docs xml[] NOT NULL);
SELECT synth_fill('notes_xml', 50, seed => 1);
SELECT count(*) AS rows, count(DISTINCT doc::text) AS distinct_docs,
       bool_and(xml_is_well_formed_document(doc::text)) AS well_formed, left(min(doc::text), 60) AS least_doc
  FROM notes_xml;
