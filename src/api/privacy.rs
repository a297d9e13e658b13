//! Privacy as SQL: `synth_detect_pii` (which columns of a schema hold personal data),
//! `synth_sensitive_columns` (detection overridden by the user's marks in
//! `synthdata.sensitivity`), `synth_k_anonymity` / `synth_l_diversity` (the smallest equivalence
//! class of a table over quasi-identifiers, and its fewest distinct sensitive values) and
//! `synth_leak_check` (what a synthetic table repeats of a real one).

use pgrx::prelude::*;
use pgrx::{JsonB, PgRelation};

use crate::error::SynthError;
use crate::introspect::{leak, pii};
use crate::pg::{raise, OrRaise, RegClass, SqlName};

// The table of the user's marks, `synthdata.sensitivity`.
extension_sql_file!("../../sql/sensitivity.sql", name = "sensitivity");

/// One row per column of `schema`'s tables judged personal: the table, the column, the category,
/// a confidence in [0.5, 1] and the reason. Reads a sample of at most 1000 rows of each table.
// PARALLEL UNSAFE although it only reads: see the note on parallel safety in `api`.
#[pg_extern(stable, parallel_unsafe, name = "synth_detect_pii")]
fn synth_detect_pii(
    schema: default!(Option<&str>, "'public'"),
) -> TableIterator<
    'static,
    (
        name!(table_name, RegClass),
        name!(column_name, SqlName),
        name!(category, String),
        name!(confidence, f64),
        name!(reason, String),
    ),
> {
    let schema = schema.unwrap_or_else(|| raise(SynthError::invalid("the schema must not be NULL")));
    let found = pii::detect_schema(schema).or_raise();
    TableIterator::new(found.into_iter().map(|d| {
        (
            RegClass(d.relid),
            SqlName(d.column),
            d.finding.category.name().to_string(),
            d.finding.confidence,
            d.finding.reason,
        )
    }))
}

/// The sensitive columns of `tbl`: what detection finds, overridden by the marks in
/// `synthdata.sensitivity` (`source` is `'detected'` or `'marked'`).
#[pg_extern(stable, parallel_unsafe, name = "synth_sensitive_columns")]
fn synth_sensitive_columns(
    tbl: PgRelation,
) -> TableIterator<'static, (name!(column_name, SqlName), name!(category, Option<String>), name!(source, String))> {
    let rows = pii::sensitive_columns(tbl.oid()).or_raise();
    TableIterator::new(rows.into_iter().map(|s| (SqlName(s.column), s.category, s.source.to_string())))
}

/// The size of the smallest group of rows of `tbl` that agree on every quasi-identifier (NULLs
/// count as equal, as in GROUP BY); NULL for an empty table.
#[pg_extern(stable, parallel_unsafe, name = "synth_k_anonymity")]
fn synth_k_anonymity(tbl: Option<PgRelation>, quasi_identifiers: Option<Vec<Option<String>>>) -> Option<i64> {
    let tbl = tbl.unwrap_or_else(|| raise(SynthError::invalid("the table must not be NULL")));
    pii::k_anonymity(tbl.oid(), quasi_identifiers).or_raise()
}

/// The fewest distinct non-NULL values of `sensitive` in a group of rows of `tbl` that agree on
/// every quasi-identifier; NULL for an empty table.
#[pg_extern(stable, parallel_unsafe, name = "synth_l_diversity")]
fn synth_l_diversity(
    tbl: Option<PgRelation>,
    quasi_identifiers: Option<Vec<Option<String>>>,
    sensitive: Option<&str>,
) -> Option<i64> {
    let tbl = tbl.unwrap_or_else(|| raise(SynthError::invalid("the table must not be NULL")));
    pii::l_diversity(tbl.oid(), quasi_identifiers, sensitive).or_raise()
}

/// What a synthetic table repeats of a real one, as jsonb: per column and for whole rows.
// PARALLEL UNSAFE although it only reads: see the note on parallel safety in `api`.
#[pg_extern(stable, parallel_unsafe, name = "synth_leak_check")]
fn synth_leak_check(
    real: Option<PgRelation>,
    synthetic: Option<PgRelation>,
    columns: default!(Option<Vec<String>>, "NULL"),
) -> JsonB {
    let real = real.unwrap_or_else(|| raise(SynthError::invalid("the real table must not be NULL")));
    let synthetic = synthetic.unwrap_or_else(|| raise(SynthError::invalid("the synthetic table must not be NULL")));
    leak::check(real, synthetic, columns).or_raise()
}
