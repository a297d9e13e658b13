//! The fill log as SQL: `synth_replay` (a logged call again) and `synth_explain` (where each
//! column's values will come from, before anything is written). The log itself is the table
//! `synthdata.fill_log` (sql/fill_log.sql), written by the fills (`fill::log`).

use pgrx::prelude::*;
use pgrx::PgRelation;

use super::args::row_count;
use crate::error::SynthError;
use crate::fill::replay;
use crate::fill::row_source::RowSource;
use crate::pg::{raise, OrRaise, RegClass};

// The log table, after the schema the sensitivity table creates.
extension_sql_file!("../../sql/fill_log.sql", name = "fill_log", requires = ["sensitivity"]);

/// Repeats the call that wrote fill log entry `log_id` — same function, arguments, seed,
/// settings and per-table profiles — into the logged tables or, with `target_schema`, into the
/// tables of the same names there. The rows are the logged call's, byte for byte; when the
/// database is not where the logged call began (rows already in a table, other parent keys,
/// another synthdata version), nothing is written and the error says what differs.
#[pg_extern(volatile, parallel_unsafe, name = "synth_replay")]
fn synth_replay(
    log_id: Option<i64>,
    target_schema: default!(Option<&str>, "NULL"),
) -> TableIterator<'static, (name!(table_name, RegClass), name!(rows, i64))> {
    let log_id = log_id.unwrap_or_else(|| raise(SynthError::invalid("log_id must not be NULL")));
    let filled = replay::replay(log_id, target_schema).or_raise();
    TableIterator::new(filled.into_iter().map(|f| (RegClass(f.relid), f.rows as i64)))
}

/// Where each column of `tbl` would get its values in a fill of `n` rows, without generating
/// any: `source` is `postgres` (PostgreSQL fills it: identity, serial, generated, a DEFAULT
/// left to it), `parent key`, `unique key`, `sample rule`, `statistics`, `constraint`,
/// `default`, `semantic` or `type`; `detail` says how, with the bounds its constraints set.
#[pg_extern(stable, parallel_unsafe, name = "synth_explain")]
fn synth_explain(
    tbl: Option<PgRelation>,
    n: default!(Option<f64>, 1000.0),
) -> TableIterator<
    'static,
    (name!(column_name, String), name!(type_name, String), name!(source, String), name!(detail, String)),
> {
    let tbl = tbl.unwrap_or_else(|| raise(SynthError::invalid("the table must not be NULL")));
    let n = row_count(n).or_raise();
    crate::fill::writer::check_explainable(tbl.oid()).or_raise();
    let rows = RowSource::explain(tbl.oid(), n).or_raise();
    TableIterator::new(rows.into_iter().map(|(ty, e)| (e.column, ty, e.source.to_string(), e.detail)))
}
