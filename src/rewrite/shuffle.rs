//! `synth_shuffle`: permutes one column's values among the rows of a table, in one UPDATE.
//!
//! The rows are numbered in physical order, and row `i` receives the value of the row whose
//! rank under a seeded hash is `i`: a permutation, so the column keeps its multiset of values
//! while losing the link to the rest of its row. Key columns (primary keys, unique, exclusion
//! and foreign keys, either side) are refused: shuffling them would break uniqueness checks
//! row by row or silently rewire references.

use pgrx::prelude::*;
use pgrx::spi::{quote_identifier, quote_qualified_identifier};

use crate::error::{Code, Result, SynthError};
use crate::introspect::catalog::{check_not_system, check_relation};
use crate::pg::spi_err;

/// One row, whether the column exists or not (a NULL `attgenerated` says it does not).
const COLUMN_SQL: &str = "
SELECT a.attgenerated::text,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                WHERE (c.conrelid = a.attrelid AND c.contype IN ('p', 'u', 'f', 'x') AND a.attnum = ANY (c.conkey))
                   OR (c.confrelid = a.attrelid AND c.contype = 'f' AND a.attnum = ANY (c.confkey)))
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_index i
                   WHERE i.indrelid = a.attrelid AND i.indisunique AND a.attnum = ANY (i.indkey))
  FROM (SELECT) one
  LEFT JOIN pg_catalog.pg_attribute a
    ON a.attrelid = $1 AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped";

/// Shuffles column `col` of table `relid` with `seed`; returns how many rows changed value.
pub fn shuffle(relid: pg_sys::Oid, col: &str, seed: i64) -> Result<u64> {
    check_relation(relid)?;
    check_not_system(relid)?;
    crate::introspect::citus::refuse_rewrite(relid, "synth_shuffle")?;
    let (schema, name) = Spi::get_two_with_args::<String, String>(
        "SELECT n.nspname::text, c.relname::text FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
        &[relid.into()],
    )
    .map_err(spi_err("looking up the table"))?;
    let table = quote_qualified_identifier(schema.unwrap_or_default(), name.unwrap_or_default());
    let (generated, keyed) = Spi::get_two_with_args::<String, bool>(COLUMN_SQL, &[relid.into(), col.into()])
        .map_err(spi_err("looking up the column"))?;
    let Some(generated) = generated else {
        return Err(SynthError::new(
            Code::UndefinedColumn,
            format!("column \"{col}\" of relation {table} does not exist"),
        ));
    };
    if !generated.is_empty() {
        return Err(SynthError::invalid(format!("column \"{col}\" of {table} is generated and cannot be shuffled")));
    }
    if keyed == Some(true) {
        return Err(SynthError::invalid(format!("column \"{col}\" of {table} is part of a key and cannot be shuffled"))
            .detail("It belongs to a primary key, a unique constraint or index, an exclusion constraint or a foreign key.")
            .hint("Shuffle the columns that describe rows, not those that identify or link them; pseudonymize keys with synth_pseudonymize_digits or synth_pseudonymize_code."));
    }
    let c = quote_identifier(col);
    let sql = format!(
        "WITH src AS (
           SELECT tableoid AS toid, ctid AS tid, {c} AS v, row_number() OVER (ORDER BY tableoid, ctid) AS rn FROM {table}
         ), perm AS (
           SELECT toid, tid, row_number() OVER (ORDER BY pg_catalog.hashint8extended(rn, $1), rn) AS pos FROM src
         ), upd AS (
           UPDATE {table} t SET {c} = s.v FROM perm p JOIN src s ON s.rn = p.pos
            WHERE t.tableoid = p.toid AND t.ctid = p.tid AND t.{c}::text IS DISTINCT FROM s.v::text
           RETURNING 1
         )
         SELECT count(*) FROM upd"
    );
    let changed = Spi::get_one_with_args::<i64>(&sql, &[seed.into()]).map_err(spi_err("shuffling"))?;
    Ok(changed.unwrap_or(0).max(0) as u64)
}
