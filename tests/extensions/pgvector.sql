-- pgvector columns: vectors of the declared dimension, of unit length, distinct where UNIQUE.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;
CREATE EXTENSION vector;
CREATE TABLE documents (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    embedding vector(8) NOT NULL,
    fingerprint vector(3) NOT NULL UNIQUE,
    loose vector NOT NULL
);
SELECT synth_fill('documents', 500, seed => 1);
ANALYZE documents;
SELECT synth_fill('documents', 500, seed => 2);
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM documents WHERE vector_dims(embedding) <> 8 OR vector_dims(fingerprint) <> 3) THEN
    RAISE EXCEPTION 'a vector has the wrong dimension';
  END IF;
  IF EXISTS (SELECT 1 FROM documents WHERE abs(vector_norm(embedding) - 1) > 1e-3) THEN
    RAISE EXCEPTION 'an embedding is not of unit length';
  END IF;
  IF (SELECT count(DISTINCT fingerprint) FROM documents) <> 1000 THEN
    RAISE EXCEPTION 'fingerprints repeat';
  END IF;
END $$;
SELECT count(*) AS rows, count(DISTINCT embedding) AS embeddings, count(DISTINCT fingerprint) AS fingerprints,
       min(vector_dims(loose)) AS loose_dims FROM documents;
