//! Quality as SQL: `synth_compare`, the quality report of synthetic tables against the real
//! tables they imitate (see `introspect::compare`), for one table, tables named as text, or
//! arrays of related tables; and `synth_plausibility`, the rows of filled tables that break what
//! their profile says (see `quality::plausibility`).

use pgrx::prelude::*;
use pgrx::{pg_sys, JsonB};

use crate::error::{Code, SynthError};
use crate::introspect::{compare, plausibility};
use crate::pg::json_arg::JsonArg;
use crate::pg::{raise, spi_err, OrRaise, TableOid};
use crate::profile::{SchemaProfile, TableProfile};

/// The quality of one synthetic table against the real one: Column Shapes and Column Pair Trends.
// PARALLEL UNSAFE although it only reads: see the note on parallel safety in `api`.
#[pg_extern(stable, parallel_unsafe, name = "synth_compare")]
fn synth_compare_table(
    real: Option<TableOid>,
    synthetic: Option<TableOid>,
    pair_threshold: default!(Option<f64>, 0),
) -> JsonB {
    let real = real.unwrap_or_else(|| raise(SynthError::invalid("the real table must not be NULL")));
    let synthetic = synthetic.unwrap_or_else(|| raise(SynthError::invalid("the synthetic table must not be NULL")));
    report(&[real.0], &[synthetic.0], pair_threshold)
}

/// The same for tables named as text, so that `synth_compare('orders', 'synth.orders')` and
/// `synth_compare('{orders,items}', '{synth.orders,synth.items}')` resolve (string literals fit
/// both other forms equally well).
#[pg_extern(stable, parallel_unsafe, name = "synth_compare")]
fn synth_compare_named(real: Option<&str>, synthetic: Option<&str>, pair_threshold: default!(Option<f64>, 0)) -> JsonB {
    let real = real.unwrap_or_else(|| raise(SynthError::invalid("the real table must not be NULL")));
    let synthetic = synthetic.unwrap_or_else(|| raise(SynthError::invalid("the synthetic table must not be NULL")));
    report(&resolve(real, "real"), &resolve(synthetic, "synthetic"), pair_threshold)
}

/// The quality of several related synthetic tables against the real ones, paired by position:
/// adds Cardinality and Intertable Trends over the foreign keys among the real tables.
#[pg_extern(stable, parallel_unsafe, name = "synth_compare")]
fn synth_compare_tables(
    real: Option<Vec<Option<TableOid>>>,
    synthetic: Option<Vec<Option<TableOid>>>,
    pair_threshold: default!(Option<f64>, 0),
) -> JsonB {
    let list = |v: Option<Vec<Option<TableOid>>>, what: &str| -> Vec<pg_sys::Oid> {
        v.unwrap_or_else(|| raise(SynthError::invalid(format!("the {what} tables must not be NULL"))))
            .into_iter()
            .map(|t| {
                t.unwrap_or_else(|| raise(SynthError::invalid(format!("the {what} tables must not contain NULL")))).0
            })
            .collect()
    };
    report(&list(real, "real"), &list(synthetic, "synthetic"), pair_threshold)
}

fn report(real: &[pg_sys::Oid], synthetic: &[pg_sys::Oid], pair_threshold: Option<f64>) -> JsonB {
    let threshold = pair_threshold.unwrap_or_else(|| raise(SynthError::invalid("pair_threshold must not be NULL")));
    let report = compare::compare(real, synthetic, threshold).or_raise();
    JsonB(serde_json::to_value(&report).unwrap_or_default())
}

/// Tables named as text, resolved on the search path like a `regclass` literal: one name, or an
/// array literal of names (`{a,b}`; a name cannot start with a brace unless quoted).
fn resolve(names: &str, what: &str) -> Vec<pg_sys::Oid> {
    let oids = if names.trim_start().starts_with('{') {
        crate::pg::spi::get_one_with_args::<Vec<Option<pg_sys::Oid>>>(
            "SELECT $1::pg_catalog.regclass[]::pg_catalog.oid[]",
            &[names.into()],
        )
    } else {
        crate::pg::spi::get_one_with_args::<pg_sys::Oid>(
            "SELECT $1::pg_catalog.regclass::pg_catalog.oid",
            &[names.into()],
        )
        .map(|oid| oid.map(|o| vec![Some(o)]))
    };
    oids.map_err(spi_err("looking up tables"))
        .or_raise()
        .unwrap_or_default()
        .into_iter()
        .map(|o| o.unwrap_or_else(|| raise(SynthError::invalid(format!("the {what} tables must not contain NULL")))))
        .collect()
}

/// What a profile says every row must look like, counted over the tables filled from it: per
/// number, date and timestamp column, the rows outside the range its statistics show (widened
/// a little at each end, see `quality::plausibility`); per rule the sample taught (`a <= b`,
/// NULLs together, `total = qty * price`), the rows that break it. Takes what `synth_profile`
/// or `synth_profile_schema` returns; needs no real rows.
#[pg_extern(stable, parallel_unsafe, name = "synth_plausibility")]
fn synth_plausibility(
    profile: Option<JsonArg>,
) -> TableIterator<
    'static,
    (
        name!(table_name, String),
        name!(check_name, String),
        name!(subject, String),
        name!(expected, String),
        name!(rows, i64),
        name!(broken, i64),
    ),
> {
    let hint = "Pass what synth_profile or synth_profile_schema returns.";
    let doc = profile
        .unwrap_or_else(|| raise(SynthError::invalid("the profile must not be NULL")))
        .value_or_raise("profile", hint);
    let tables: Vec<TableProfile> = if doc.get("tables").is_some() {
        serde_json::from_value::<SchemaProfile>(doc).map(|s| s.tables)
    } else {
        serde_json::from_value::<TableProfile>(doc).map(|t| vec![t])
    }
    .unwrap_or_else(|e| {
        raise(
            SynthError::new(Code::InvalidTextRepresentation, format!("profile is not a synthdata profile: {e}"))
                .hint(hint),
        )
    });
    let mut out = Vec::new();
    for t in &tables {
        let label = format!("{}.{}", t.table.schema, t.table.name);
        for c in plausibility::count(t).or_raise() {
            out.push((label.clone(), c.check.kind.to_string(), c.check.subject, c.check.expected, c.rows, c.broken));
        }
    }
    TableIterator::new(out)
}
