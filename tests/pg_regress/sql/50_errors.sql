-- Bad input gets an error with SQLSTATE, message and hint, and changes nothing.
\set SHOW_CONTEXT never
CREATE TABLE notes (id int PRIMARY KEY, body text);
CREATE VIEW notes_view AS SELECT * FROM notes;

SELECT synth_fill('no_such_table', 10);
\echo :LAST_ERROR_SQLSTATE
SELECT synth_fill('notes_view', 10);
\echo :LAST_ERROR_SQLSTATE
SELECT synth_fill('notes', -1);
\echo :LAST_ERROR_SQLSTATE
SELECT synth_fill('notes', 2.5);
\echo :LAST_ERROR_SQLSTATE
SELECT synth_fill('notes', 'NaN');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM synth_rows(NULL::int, 3);
\echo :LAST_ERROR_SQLSTATE

-- A parent table without rows.
CREATE TABLE authors (id int PRIMARY KEY);
CREATE TABLE books (id int PRIMARY KEY, author_id int NOT NULL REFERENCES authors);
SELECT synth_fill('books', 10);
\echo :LAST_ERROR_SQLSTATE

-- A type synthdata does not know (a base type of no extension it knows, here made from text's
-- own input and output functions), then the setting that leaves it NULL.
SET client_min_messages = warning;
CREATE TYPE mystery;
CREATE FUNCTION mystery_in(cstring) RETURNS mystery LANGUAGE internal IMMUTABLE STRICT AS 'textin';
CREATE FUNCTION mystery_out(mystery) RETURNS cstring LANGUAGE internal IMMUTABLE STRICT AS 'textout';
CREATE TYPE mystery (INPUT = mystery_in, OUTPUT = mystery_out, LIKE = text);
RESET client_min_messages;
CREATE TABLE clues (id int, clue mystery);
SELECT synth_fill('clues', 10);
\echo :LAST_ERROR_SQLSTATE
SET synthdata.unsupported_types = 'null';
SELECT synth_fill('clues', 10, seed => 1);
SELECT count(*), count(clue) FROM clues;
RESET synthdata.unsupported_types;

-- Constraints no value can meet. A nullable column can still be NULL, and says so.
CREATE TABLE impossible (x int NOT NULL CHECK (x > 10 AND x < 5));
SELECT synth_fill('impossible', 1);
\echo :LAST_ERROR_SQLSTATE
CREATE TABLE only_null (id int, x int CHECK (x > 10 AND x < 5));
SELECT synth_fill('only_null', 3, seed => 1);
SELECT count(*), count(x) FROM only_null;
CREATE TABLE tiny (flag boolean PRIMARY KEY);
SELECT synth_fill('tiny', 3);
\echo :LAST_ERROR_SQLSTATE
CREATE TABLE strict (x int NOT NULL CHECK (x = x + 1));
SELECT synth_fill('strict', 1, seed => 1);
\echo :LAST_ERROR_SQLSTATE

-- Missing INSERT privilege.
SET client_min_messages = warning;
DROP ROLE IF EXISTS synth_reader;
RESET client_min_messages;
CREATE ROLE synth_reader;
GRANT SELECT ON notes TO synth_reader;
SET ROLE synth_reader;
SELECT synth_fill('notes', 1);
\echo :LAST_ERROR_SQLSTATE
RESET ROLE;
DROP OWNED BY synth_reader;
DROP ROLE synth_reader;

-- Nothing was written by any failed call.
SELECT (SELECT count(*) FROM notes) AS notes, (SELECT count(*) FROM books) AS books,
       (SELECT count(*) FROM impossible) AS impossible, (SELECT count(*) FROM tiny) AS tiny;
