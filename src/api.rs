//! The SQL API. Each function reads like its SQL signature and hands the work to the engine;
//! engine errors become PostgreSQL errors here, with SQLSTATE, message, detail and hint.
//!
//! Parallel safety of functions that read tables through SPI (the profiles here, `synth_compare`,
//! `synth_leak_check`, `synth_detect_pii`, `synth_sensitive_columns`, `synth_k_anonymity`,
//! `synth_l_diversity`): PARALLEL UNSAFE, though they only read. They read through `spi_read`
//! (read-only SPI, no transaction id: they work on a hot standby, `tests/behaviour/standby.sh`),
//! but have not been shown to run inside a parallel worker; marking them SAFE takes that test
//! first, and the change then goes into the next upgrade script.

use pgrx::pg_sys::panic::ErrorReport;
use pgrx::prelude::*;
use pgrx::{pg_sys, AnyElement, JsonB, PgLogLevel, PgRelation, PgSqlErrorCode};

use crate::error::{Code, SynthError};
use crate::generate::scenario::Scenario;
use crate::profile::SchemaProfile;
use crate::redact;
use crate::row_source::{parse_locale, resolve_seed, row_count, with_locale, RowSource};
use crate::writer;
use crate::{sample, schema};

/// Raises an engine error as a PostgreSQL ERROR.
pub fn raise(e: SynthError) -> ! {
    let code = match e.code {
        Code::UndefinedTable => PgSqlErrorCode::ERRCODE_UNDEFINED_TABLE,
        Code::UndefinedColumn => PgSqlErrorCode::ERRCODE_UNDEFINED_COLUMN,
        Code::UndefinedObject => PgSqlErrorCode::ERRCODE_UNDEFINED_OBJECT,
        Code::UndefinedSchema => PgSqlErrorCode::ERRCODE_INVALID_SCHEMA_NAME,
        Code::DatatypeMismatch => PgSqlErrorCode::ERRCODE_DATATYPE_MISMATCH,
        Code::WrongObjectType => PgSqlErrorCode::ERRCODE_WRONG_OBJECT_TYPE,
        Code::InvalidParameterValue => PgSqlErrorCode::ERRCODE_INVALID_PARAMETER_VALUE,
        Code::FeatureNotSupported => PgSqlErrorCode::ERRCODE_FEATURE_NOT_SUPPORTED,
        Code::InsufficientPrivilege => PgSqlErrorCode::ERRCODE_INSUFFICIENT_PRIVILEGE,
        Code::CheckViolation => PgSqlErrorCode::ERRCODE_CHECK_VIOLATION,
        Code::ForeignKeyViolation => PgSqlErrorCode::ERRCODE_FOREIGN_KEY_VIOLATION,
        Code::UniqueViolation => PgSqlErrorCode::ERRCODE_UNIQUE_VIOLATION,
        Code::NumericValueOutOfRange => PgSqlErrorCode::ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
        Code::InvalidTextRepresentation => PgSqlErrorCode::ERRCODE_INVALID_TEXT_REPRESENTATION,
        Code::Internal => PgSqlErrorCode::ERRCODE_INTERNAL_ERROR,
    };
    let mut report = ErrorReport::new(code, e.message, "synthdata");
    if let Some(d) = e.detail {
        report = report.set_detail(d);
    }
    if let Some(h) = e.hint {
        report = report.set_hint(h);
    }
    report.report(PgLogLevel::ERROR);
    unreachable!("ERROR does not return")
}

/// What an exported profile may carry: values seen at least `min_count` times, and with
/// `epsilon` noisy counts (see `redact`).
struct ExportPolicy {
    min_count: u32,
    epsilon: Option<f64>,
    /// Seeds the noise and the bits that make name filters deniable; drawn from the server's
    /// strong random source, never shown.
    seed: u64,
}

impl ExportPolicy {
    fn new(min_count: Option<i32>, epsilon: Option<f64>) -> crate::error::Result<ExportPolicy> {
        let min_count = match min_count {
            None => crate::gucs::min_count(),
            Some(k) if k >= 1 => k as u32,
            Some(k) => {
                return Err(SynthError::invalid(format!("min_count must be at least 1, not {k}"))
                    .hint("min_count => 1 keeps every value of columns that are not sensitive; the default is synthdata.min_count (5)."))
            }
        };
        if let Some(e) = epsilon {
            if !(e.is_finite() && e > 0.0) {
                return Err(SynthError::invalid(format!("epsilon must be a positive number, not {e}")).hint(
                    "Smaller epsilon means more noise: 1 is a common choice, 0.1 strong protection; NULL adds none.",
                ));
            }
        }
        let mut bytes = [0u8; 8];
        if !unsafe { pg_sys::pg_strong_random(bytes.as_mut_ptr().cast(), bytes.len()) } {
            return Err(SynthError::new(Code::Internal, "could not read the server's random source"));
        }
        Ok(ExportPolicy { min_count, epsilon, seed: u64::from_le_bytes(bytes) })
    }

    fn apply(&self, p: &mut crate::profile::TableProfile) {
        redact::suppress_rare(p, f64::from(self.min_count));
        if let Some(eps) = self.epsilon {
            redact::add_noise(p, eps, self.seed);
        }
        let table = p.qualified_name();
        // A filter answers "certainly not there": no ε-DP release; else it is made deniable.
        match (&mut p.new_rows, self.epsilon) {
            (Some(_), Some(_)) => p.new_rows = None,
            (Some(f), None) => {
                f.make_deniable(crate::rng::Key(self.seed).derive(&table).derive("\0rows").stream(0).next_u64())
            }
            (None, _) => {}
        }
        for c in p.columns.iter_mut() {
            let secret = crate::rng::Key(self.seed).derive(&table).derive(&c.name).stream(0).next_u64();
            let Some(content) = &mut c.content else { continue };
            match (&mut content.avoid, self.epsilon) {
                // A filter of a column's values answers "certainly not there": no ε-DP release.
                (Some(_), Some(_)) => content.avoid = None,
                (Some(f), None) => f.make_deniable(secret),
                (None, _) => {}
            }
        }
    }
}

pub trait OrRaise<T> {
    fn or_raise(self) -> T;
}

impl<T> OrRaise<T> for crate::error::Result<T> {
    fn or_raise(self) -> T {
        self.unwrap_or_else(|e| raise(e))
    }
}

/// Everything the generator knows about a table, as versioned JSON.
/// With `sample_rows`, a sample of that many rows also teaches how the columns depend on each
/// other.
///
/// The profile is safe to ship: sensitive columns (`synth_sensitive_columns`) carry the shape of
/// their values, never one of them; values seen fewer than `min_count` times (default
/// `synthdata.min_count`, 5) are left out; with `epsilon`, counts and frequencies get Laplace
/// noise for ε-differential privacy.
/// VOLATILE: with `epsilon`, fresh noise on every call. PARALLEL UNSAFE: see the module note.
#[pg_extern(volatile, parallel_unsafe, name = "synth_profile")]
fn synth_profile(
    tbl: PgRelation,
    sample_rows: default!(i32, 0),
    min_count: default!(Option<i32>, "NULL"),
    epsilon: default!(Option<f64>, "NULL"),
) -> JsonB {
    let rows = sample::check_sample_rows(i64::from(sample_rows)).or_raise();
    let policy = ExportPolicy::new(min_count, epsilon).or_raise();
    let mut profile = sample::read_profile(tbl.oid(), rows).or_raise();
    policy.apply(&mut profile);
    if !profile.table.analyzed {
        notice!(
            "table {} has no statistics; its profile comes from the catalog alone. Run ANALYZE {} on a table holding representative data for realistic distributions",
            profile.qualified_name(),
            profile.qualified_name()
        );
    }
    JsonB(serde_json::to_value(&profile).unwrap_or_default())
}

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
    let tupdesc = source.layout.tupdesc;
    SetOfIterator::new(std::iter::from_fn(move || {
        let tuple = source.next_tuple().or_raise()?;
        let datum = unsafe { pg_sys::heap_copy_tuple_as_datum(tuple, tupdesc) };
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
    cascade: default!(bool, false),
    mode: default!(Option<&str>, "'typical'"),
    anomalies: default!(Option<f64>, 0.0),
    anomaly_column: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> i64 {
    let tbl = tbl.unwrap_or_else(|| raise(SynthError::invalid("the table must not be NULL")));
    let n = row_count(n).or_raise();
    let scenario = Scenario::new(mode, anomalies, anomaly_column).or_raise();
    let seed = resolve_seed(seed).or_raise();
    let locale = parse_locale(locale).or_raise();
    with_locale(locale, || {
        if cascade {
            schema::fill_cascade(tbl.oid(), n, seed, scenario).or_raise() as i64
        } else {
            writer::fill(tbl.oid(), n, seed, scenario).or_raise() as i64
        }
    })
}

/// Every table of a schema with its profile, and for each foreign key the distribution of
/// children per parent, as JSON that `synth_fill_schema(profile => …)` reads.
/// What it carries of the data is limited as for `synth_profile` (`min_count`, `epsilon`).
/// VOLATILE: with `epsilon`, fresh noise on every call. PARALLEL UNSAFE: see the module note.
#[pg_extern(volatile, parallel_unsafe, name = "synth_profile_schema")]
fn synth_profile_schema(
    schema: default!(Option<&str>, "'public'"),
    sample_rows: default!(i32, 0),
    min_count: default!(Option<i32>, "NULL"),
    epsilon: default!(Option<f64>, "NULL"),
) -> JsonB {
    let schema = schema.unwrap_or_else(|| raise(SynthError::invalid("the schema must not be NULL")));
    let rows = sample::check_sample_rows(i64::from(sample_rows)).or_raise();
    let policy = ExportPolicy::new(min_count, epsilon).or_raise();
    let mut profile = schema::read_schema_profile(schema, rows).or_raise();
    for t in &mut profile.tables {
        policy.apply(t);
    }
    if let Some(eps) = policy.epsilon {
        for r in &mut profile.relationships {
            redact::add_noise_to_children(&mut r.children_per_parent, eps, policy.seed, &r.name);
        }
    }
    JsonB(serde_json::to_value(&profile).unwrap_or_default())
}

/// Fills every table of a schema in dependency order: each gets its profiled row count times
/// `scale`. With `profile` (from `synth_profile_schema`, possibly of another database), generation
/// follows it instead of this database's statistics. `mode` and `anomalies` apply to every table,
/// `anomaly_column` to the tables that have it.
/// follows it instead of this database's statistics. `locale` (`en`, `de`, `fr`) overrides
/// `synthdata.locale` for this call.
// One Rust argument per SQL parameter, named as in SQL.
#[allow(clippy::too_many_arguments)]
#[pg_extern(volatile, parallel_unsafe, name = "synth_fill_schema")]
fn synth_fill_schema(
    schema: default!(Option<&str>, "'public'"),
    scale: default!(Option<f64>, 1.0),
    seed: default!(Option<i64>, "NULL"),
    profile: default!(Option<JsonB>, "NULL"),
    mode: default!(Option<&str>, "'typical'"),
    anomalies: default!(Option<f64>, 0.0),
    anomaly_column: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> TableIterator<'static, (name!(table_name, RegClass), name!(rows, i64))> {
    let schema = schema.unwrap_or_else(|| raise(SynthError::invalid("the schema must not be NULL")));
    let scale = scale.unwrap_or_else(|| raise(SynthError::invalid("scale must not be NULL")));
    let scenario = Scenario::new(mode, anomalies, anomaly_column).or_raise();
    let seed = resolve_seed(seed).or_raise();
    let locale = parse_locale(locale).or_raise();
    let profile = profile.map(|p| {
        serde_json::from_value::<SchemaProfile>(p.0).unwrap_or_else(|e| {
            raise(
                SynthError::new(
                    Code::InvalidTextRepresentation,
                    format!("profile is not a synthdata schema profile: {e}"),
                )
                .hint("Pass what synth_profile_schema returns."),
            )
        })
    });
    let filled = with_locale(locale, || schema::fill_schema(schema, scale, seed, profile, &scenario)).or_raise();
    TableIterator::new(filled.into_iter().map(|f| (RegClass(f.relid), f.rows as i64)))
}

/// A table, returned to SQL as `regclass` (a `PgRelation` would open the relation).
pub struct RegClass(pub pg_sys::Oid);

impl pgrx::IntoDatum for RegClass {
    fn into_datum(self) -> Option<pg_sys::Datum> {
        Some(pg_sys::Datum::from(self.0))
    }

    fn type_oid() -> pg_sys::Oid {
        pg_sys::REGCLASSOID
    }
}

unsafe impl pgrx::callconv::BoxRet for RegClass {
    unsafe fn box_into<'fcx>(self, fcinfo: &mut pgrx::callconv::FcInfo<'fcx>) -> pgrx::datum::Datum<'fcx> {
        unsafe { fcinfo.return_raw_datum(pg_sys::Datum::from(self.0)) }
    }
}

unsafe impl pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable for RegClass {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(RegClass);
    const TYPE_ORIGIN: pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin =
        pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin::External;
    const ARGUMENT_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef,
        pgrx::pgrx_sql_entity_graph::metadata::ArgumentError,
    > = Ok(pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef::literal("regclass"));
    const RETURN_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef,
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsError,
    > = Ok(pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef::One(
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef::literal("regclass"),
    ));
}

/// A `name` (a column's name), returned to SQL as `name`: at most 63 bytes, cut on a character
/// boundary.
pub struct SqlName(pub String);

impl pgrx::IntoDatum for SqlName {
    fn into_datum(self) -> Option<pg_sys::Datum> {
        let max = pg_sys::NAMEDATALEN as usize - 1;
        let mut end = self.0.len().min(max);
        while !self.0.is_char_boundary(end) {
            end -= 1;
        }
        unsafe {
            let p = pg_sys::palloc0(pg_sys::NAMEDATALEN as usize) as *mut u8;
            std::ptr::copy_nonoverlapping(self.0.as_ptr(), p, end);
            Some(pg_sys::Datum::from(p))
        }
    }

    fn type_oid() -> pg_sys::Oid {
        pg_sys::NAMEOID
    }
}

unsafe impl pgrx::pgrx_sql_entity_graph::metadata::SqlTranslatable for SqlName {
    const TYPE_IDENT: &'static str = pgrx::pgrx_resolved_type!(SqlName);
    const TYPE_ORIGIN: pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin =
        pgrx::pgrx_sql_entity_graph::metadata::TypeOrigin::External;
    const ARGUMENT_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef,
        pgrx::pgrx_sql_entity_graph::metadata::ArgumentError,
    > = Ok(pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef::literal("name"));
    const RETURN_SQL: Result<
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef,
        pgrx::pgrx_sql_entity_graph::metadata::ReturnsError,
    > = Ok(pgrx::pgrx_sql_entity_graph::metadata::ReturnsRef::One(
        pgrx::pgrx_sql_entity_graph::metadata::SqlMappingRef::literal("name"),
    ));
}

unsafe impl pgrx::callconv::BoxRet for SqlName {
    unsafe fn box_into<'fcx>(self, fcinfo: &mut pgrx::callconv::FcInfo<'fcx>) -> pgrx::datum::Datum<'fcx> {
        let datum = pgrx::IntoDatum::into_datum(self).unwrap_or(pg_sys::Datum::from(0usize));
        unsafe { fcinfo.return_raw_datum(datum) }
    }
}
