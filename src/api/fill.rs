//! Fills as SQL: `synth_rows` (rows without inserting them), `synth_fill` (one table, with
//! `cascade` its empty parents first) and `synth_fill_schema` (every table of a schema).

use std::collections::BTreeMap;

use pgrx::prelude::*;
use pgrx::{pg_sys, AnyElement, PgRelation};

use super::args::{parse_locale, resolve_seed, row_count};
use crate::error::{Code, SynthError};
use crate::fill::row_source::{with_locale, RowSource};
use crate::fill::schema::{self, Sizes};
use crate::fill::{distributed, log, writer};
use crate::generate::scenario::Scenario;
use crate::pg::json_arg::JsonArg;
use crate::pg::{raise, OrRaise, RegClass};
use crate::profile::SchemaProfile;
use serde_json::json;

/// `n` rows of the table whose row type `tbl` has (`NULL::orders`), without inserting them.
/// Columns PostgreSQL fills on INSERT (identity, serial, DEFAULT, generated) are NULL.
/// `mode => 'edge'`: values at the limits of each type and constraint. `anomalies`: the share of
/// rows that hold outliers, marked in the boolean column `anomaly_column`.
/// `locale` (`en`, `de`, `fr`) overrides `synthdata.locale` for this call.
// One Rust argument per SQL parameter, named as in SQL. PARALLEL UNSAFE although it does not
// write: a fill inserting through it hands it backend-local state (row_source::with_spec), which
// a parallel worker would not see.
#[allow(clippy::too_many_arguments)]
#[pg_extern(volatile, parallel_unsafe, name = "synth_rows")]
fn synth_rows(
    tbl: Option<AnyElement>,
    n: Option<f64>,
    seed: default!(Option<i64>, "NULL"),
    mode: default!(Option<&str>, "'typical'"),
    anomalies: default!(Option<f64>, 0.0),
    anomaly_column: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
    fcinfo: pg_sys::FunctionCallInfo,
) -> SetOfIterator<'static, AnyElement> {
    let _ = tbl;
    let typoid = unsafe { pg_sys::get_fn_expr_argtype((*fcinfo).flinfo, 0) };
    let relid = unsafe { pg_sys::typeidTypeRelid(typoid) };
    if relid == pg_sys::InvalidOid {
        raise(
            SynthError::invalid("synth_rows needs a table's row type as its first argument")
                .hint("Pass a typed NULL of the table, for example: SELECT * FROM synth_rows(NULL::orders, 5);"),
        );
    }
    let n = row_count(n).or_raise();
    let scenario = Scenario::new(mode, anomalies, anomaly_column).or_raise();
    let seed = resolve_seed(seed).or_raise();
    let locale = parse_locale(locale).or_raise();
    let mut source = with_locale(locale, || RowSource::open(relid, n, seed, scenario, "synth_rows")).or_raise();
    SetOfIterator::new(std::iter::from_fn(move || {
        let datum = source.next_row_datum().or_raise()?;
        unsafe { AnyElement::from_polymorphic_datum(datum, false, typoid) }
    }))
}

/// Rows `lo .. hi` of a fill of a Citus distributed table, as `doc` (written by the fill on the
/// coordinator) describes them: what each worker runs for its parts of the fill. STABLE, so that
/// Citus pushes it down to the workers: its rows depend on its arguments and the table's
/// definition alone.
#[pg_extern(stable, parallel_unsafe, name = "synth_rows_part")]
fn synth_rows_part(
    tbl: Option<AnyElement>,
    doc: Option<&str>,
    lo: Option<i64>,
    hi: Option<i64>,
    fcinfo: pg_sys::FunctionCallInfo,
) -> SetOfIterator<'static, AnyElement> {
    let _ = tbl;
    let typoid = unsafe { pg_sys::get_fn_expr_argtype((*fcinfo).flinfo, 0) };
    let relid = unsafe { pg_sys::typeidTypeRelid(typoid) };
    let (Some(doc), Some(lo @ 0..), Some(hi @ 0..)) = (doc, lo, hi) else {
        raise(
            SynthError::invalid("synth_rows_part needs a fill's document and a range of row numbers")
                .hint("synth_rows_part is called by fills of Citus tables; call synth_rows instead."),
        )
    };
    if relid == pg_sys::InvalidOid {
        raise(
            SynthError::invalid("synth_rows_part needs a table's row type as its first argument")
                .hint("synth_rows_part is called by fills of Citus tables; call synth_rows instead."),
        );
    }
    let mut source = distributed::part_rows(relid, doc, lo as u64, hi as u64).or_raise();
    SetOfIterator::new(std::iter::from_fn(move || {
        let datum = source.next_row_datum().or_raise()?;
        unsafe { AnyElement::from_polymorphic_datum(datum, false, typoid) }
    }))
}

/// Inserts `n` generated rows into `tbl` and returns how many were inserted. With `cascade`,
/// empty tables it references are filled first, in proportion. `mode`, `anomalies` and
/// `anomaly_column` as for `synth_rows`.
/// empty tables it references are filled first, in proportion. `locale` (`en`, `de`, `fr`)
/// overrides `synthdata.locale` for this call.
// One Rust argument per SQL parameter, named as in SQL.
#[allow(clippy::too_many_arguments)]
#[pg_extern(volatile, parallel_unsafe, name = "synth_fill")]
fn synth_fill(
    tbl: Option<PgRelation>,
    n: Option<f64>,
    seed: default!(Option<i64>, "NULL"),
    cascade: default!(Option<bool>, false),
    mode: default!(Option<&str>, "'typical'"),
    anomalies: default!(Option<f64>, 0.0),
    anomaly_column: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> i64 {
    let tbl = tbl.unwrap_or_else(|| raise(SynthError::invalid("the table must not be NULL")));
    let n = row_count(n).or_raise();
    let cascade = cascade.unwrap_or_else(|| raise(SynthError::invalid("cascade must not be NULL")));
    let scenario = Scenario::new(mode, anomalies, anomaly_column).or_raise();
    let seed = resolve_seed(seed).or_raise();
    let locale_arg = locale;
    let locale = parse_locale(locale).or_raise();
    let arguments = log::arguments(&[
        ("schema", json!(tbl.namespace())),
        ("table", json!(tbl.name())),
        ("n", json!(n)),
        ("cascade", json!(cascade)),
        ("mode", json!(mode)),
        ("anomalies", json!(anomalies)),
        ("anomaly_column", json!(anomaly_column)),
        ("locale", json!(locale_arg)),
    ]);
    log::call("synth_fill", arguments, Some(seed), || {
        with_locale(locale, || {
            if cascade {
                schema::fill_cascade(tbl.oid(), n, seed, scenario)
            } else {
                writer::fill(tbl.oid(), n, seed, scenario)
            }
        })
    })
    .or_raise() as i64
}

/// Fills every table of a schema in dependency order. Each table gets its row count in the
/// profile (or the live statistics) times `scale`; with `rows`, an empty schema is filled: every
/// table that references no other gets `rows` rows, the others three per row of the largest table
/// they reference (at most ten times `rows`); `table_rows` (`{"orders": 5000}`) sizes tables by
/// name, over both. With `profile` (from `synth_profile_schema`, possibly of another database),
/// generation follows it instead of this database's statistics. `mode` and `anomalies` apply to
/// every table, `anomaly_column` to the tables that have it. `locale` (`en`, `de`, `fr`)
/// overrides `synthdata.locale` for this call.
// One Rust argument per SQL parameter, named as in SQL.
#[allow(clippy::too_many_arguments)]
#[pg_extern(volatile, parallel_unsafe, name = "synth_fill_schema")]
fn synth_fill_schema(
    schema: default!(Option<&str>, "'public'"),
    scale: default!(Option<f64>, 1.0),
    seed: default!(Option<i64>, "NULL"),
    profile: default!(Option<JsonArg>, "NULL"),
    mode: default!(Option<&str>, "'typical'"),
    anomalies: default!(Option<f64>, 0.0),
    anomaly_column: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
    rows: default!(Option<f64>, "NULL"),
    table_rows: default!(Option<JsonArg>, "NULL"),
) -> TableIterator<'static, (name!(table_name, RegClass), name!(rows, i64))> {
    let schema = schema.unwrap_or_else(|| raise(SynthError::invalid("the schema must not be NULL")));
    let locale_arg = locale;
    let scale = scale.unwrap_or_else(|| raise(SynthError::invalid("scale must not be NULL")));
    let profile = profile.map(|p| p.value_or_raise("profile", "Pass what synth_profile_schema returns."));
    let table_rows = table_rows.map(|t| {
        t.value_or_raise(
            "table_rows",
            "Pass an object of table names and row counts, for example '{\"orders\": 1000}'.",
        )
    });
    let table_rows_arg = table_rows.clone().unwrap_or(serde_json::Value::Null);
    let sizes = match (rows, table_rows) {
        (None, None) => Sizes::Scale(scale),
        (rows, tables) => Sizes::Rows {
            rows: rows.map(|n| row_count(Some(n))).transpose().or_raise(),
            tables: table_counts(tables).or_raise(),
        },
    };
    let scenario = Scenario::new(mode, anomalies, anomaly_column).or_raise();
    let seed = resolve_seed(seed).or_raise();
    let locale = parse_locale(locale).or_raise();
    let profile_digest = profile.as_ref().map(|p| log::sha256_hex(&p.to_string()));
    let arguments = log::arguments(&[
        ("schema", json!(schema)),
        ("scale", json!(scale)),
        ("rows", json!(rows)),
        ("table_rows", table_rows_arg),
        ("profile_digest", json!(profile_digest)),
        ("mode", json!(mode)),
        ("anomalies", json!(anomalies)),
        ("anomaly_column", json!(anomaly_column)),
        ("locale", json!(locale_arg)),
    ]);
    let profile = profile.map(|p| {
        serde_json::from_value::<SchemaProfile>(p).unwrap_or_else(|e| {
            raise(
                SynthError::new(
                    Code::InvalidTextRepresentation,
                    format!("profile is not a synthdata schema profile: {e}"),
                )
                .hint("Pass what synth_profile_schema returns."),
            )
        })
    });
    let filled = log::call("synth_fill_schema", arguments, Some(seed), || {
        with_locale(locale, || schema::fill_schema(schema, sizes, seed, profile, &scenario))
    })
    .or_raise();
    TableIterator::new(filled.into_iter().map(|f| (RegClass(f.relid), f.rows as i64)))
}

/// `table_rows`, checked: an object of table names and whole numbers of rows.
fn table_counts(doc: Option<serde_json::Value>) -> crate::error::Result<BTreeMap<String, u64>> {
    let hint = "Pass an object of table names and row counts, for example '{\"customers\": 100, \"orders\": 1000}'.";
    let Some(doc) = doc else { return Ok(BTreeMap::new()) };
    let serde_json::Value::Object(map) = doc else {
        return Err(SynthError::invalid("table_rows must be a JSON object of table names and row counts").hint(hint));
    };
    map.into_iter()
        .map(|(table, n)| {
            let n = n.as_f64().ok_or_else(|| {
                SynthError::invalid(format!("table_rows gives table \"{table}\" {n}, not a number of rows")).hint(hint)
            })?;
            Ok((table, row_count(Some(n))?))
        })
        .collect()
}
