-- Upgrade from synthdata 0.1.0 to 0.2.0 (ALTER EXTENSION synthdata UPDATE TO '0.2.0').
--
-- Hand-written: after this script a 0.1.0 database must be the same as a fresh 0.2.0 install,
-- object for object (tests/upgrade/run.sh compares the two). Every change to an extension object
-- between the releases goes here: a new function (CREATE FUNCTION … AS 'MODULE_PATHNAME', '…'
-- copied from what `cargo pgrx schema` generates), a changed signature or default (DROP FUNCTION
-- of the old one, then CREATE), a changed attribute (ALTER FUNCTION … STABLE / PARALLEL …), new
-- tables or columns. Never edit it once 0.2.0 is released.

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION synthdata UPDATE TO '0.2.0'" to load this file. \quit
