//! Rewrites in place as SQL: `synth_anonymize` (static anonymization of a table by rules) and
//! `synth_shuffle` (one column's values permuted among the rows).

use pgrx::prelude::*;
use pgrx::PgRelation;

use super::args::resolve_seed;
use serde_json::json;

use crate::error::{Code, SynthError};
use crate::fill::log;
use crate::pg::json_arg::JsonArg;
use crate::pg::{raise, OrRaise};
use crate::rewrite::{anonymize, shuffle};

// The rules column of `synthdata.sensitivity`.
extension_sql_file!("../../sql/anonymize.sql", name = "anonymize_rules", requires = ["sensitivity"]);

/// Rewrites `tbl` in place with `rules` (NULL: the stored rules, else defaults for its sensitive
/// columns); pseudonymized keys take their referencing columns along. Returns the number of rows
/// of `tbl` in which a value changed.
#[pg_extern(volatile, parallel_unsafe, name = "synth_anonymize")]
fn synth_anonymize(tbl: Option<PgRelation>, rules: default!(Option<JsonArg>, "NULL")) -> i64 {
    let tbl = tbl.unwrap_or_else(|| raise(SynthError::invalid("the table must not be NULL")));
    let rules = rules.map(|j| {
        j.0.unwrap_or_else(|e| {
            raise(
                SynthError::new(
                    Code::InvalidTextRepresentation,
                    format!("rules is not a JSON document synthdata can read: {e}"),
                )
                .hint("Pass an object of column names and rules, for example '{\"email\": \"pseudonymize\"}'."),
            )
        })
    });
    let arguments = log::arguments(&[
        ("schema", json!(tbl.namespace())),
        ("table", json!(tbl.name())),
        ("rules", rules.clone().unwrap_or(serde_json::Value::Null)),
    ]);
    log::rewrite("synth_anonymize", arguments, None, tbl.oid(), || anonymize::anonymize(tbl.oid(), rules)).or_raise()
        as i64
}

/// Permutes the values of column `col` among the rows of `tbl`; returns the rows that changed.
#[pg_extern(volatile, parallel_unsafe, name = "synth_shuffle")]
fn synth_shuffle(tbl: Option<PgRelation>, col: Option<&str>, seed: default!(Option<i64>, "NULL")) -> i64 {
    let tbl = tbl.unwrap_or_else(|| raise(SynthError::invalid("the table must not be NULL")));
    let col = col.unwrap_or_else(|| raise(SynthError::invalid("the column must not be NULL")));
    let seed = resolve_seed(seed).or_raise();
    let arguments =
        log::arguments(&[("schema", json!(tbl.namespace())), ("table", json!(tbl.name())), ("column", json!(col))]);
    log::rewrite("synth_shuffle", arguments, Some(seed), tbl.oid(), || shuffle::shuffle(tbl.oid(), col, seed))
        .or_raise() as i64
}
