//! Reading a table's profile and the facts of the target database, through SPI.
//!
//! This is the only module that queries the catalog. Queries run with canonical output settings
//! (ISO dates, UTC, PostgreSQL-style intervals, exact floats, `search_path = pg_catalog`), so the
//! profile holds text the pure modules parse the same way whatever the session's settings.

use std::collections::{HashMap, HashSet};
use std::ffi::CString;

use pgrx::{pg_sys, JsonB, Spi};
use serde::Deserialize;

use crate::error::{Code, Result, SynthError};
use crate::pg::spi_err;
use crate::profile::*;

const TABLE_SQL: &str = include_str!("../../sql/catalog_table.sql");

/// Runs `f` with output settings that make catalog and statistics text canonical.
pub fn with_canonical_output<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    const SETTINGS: [(&str, &str); 5] = [
        ("DateStyle", "ISO, YMD"),
        ("IntervalStyle", "postgres"),
        ("TimeZone", "UTC"),
        ("extra_float_digits", "3"),
        ("search_path", "pg_catalog, pg_temp"),
    ];
    let level = unsafe { pg_sys::NewGUCNestLevel() };
    for (name, value) in SETTINGS {
        let (n, v) = (CString::new(name).unwrap_or_default(), CString::new(value).unwrap_or_default());
        unsafe {
            pg_sys::set_config_option(
                n.as_ptr(),
                v.as_ptr(),
                pg_sys::GucContext::PGC_USERSET,
                pg_sys::GucSource::PGC_S_SESSION,
                pg_sys::GucAction::GUC_ACTION_SAVE,
                true,
                0,
                false,
            );
        }
    }
    let out = f();
    // On error PostgreSQL's abort processing restores the settings; on success we do.
    unsafe { pg_sys::AtEOXact_GUC(true, level) };
    out
}

#[derive(Deserialize)]
struct RawTable {
    schema: String,
    name: String,
    relkind: String,
    reltuples: f64,
    columns: Vec<RawColumn>,
    keys: Vec<RawKey>,
    checks: Vec<CheckConstraint>,
    foreign_keys: Vec<ForeignKey>,
    partitioning: Option<Partitioning>,
    partition_bound: Option<String>,
}

#[derive(Deserialize)]
struct RawColumn {
    name: String,
    type_oid: i64,
    typmod: i32,
    not_null: bool,
    default: Option<String>,
    identity: Option<String>,
    generated: Option<String>,
}

#[derive(Deserialize)]
struct RawKey {
    name: String,
    primary: bool,
    nulls_not_distinct: bool,
    columns: Vec<String>,
}

/// What kind of relation `relid` is, and an error if it is not a table we can fill.
pub fn check_relation(relid: pg_sys::Oid) -> Result<()> {
    let (kind, name) = crate::pg::spi::get_two_with_args::<String, String>(
        "SELECT relkind::text, oid::regclass::text FROM pg_catalog.pg_class WHERE oid = $1",
        &[relid.into()],
    )
    .map_err(spi_err("looking up the table"))?;
    let name = name.unwrap_or_else(|| relid.to_u32().to_string());
    let what = match kind.as_deref() {
        Some("r") | Some("p") => return Ok(()),
        None => {
            return Err(SynthError::new(
                Code::UndefinedTable,
                format!("relation with OID {} does not exist", relid.to_u32()),
            ))
        }
        Some("v") => "a view",
        Some("m") => "a materialized view",
        Some("f") => "a foreign table",
        Some("S") => "a sequence",
        Some("c") => "a composite type",
        Some("i") | Some("I") => "an index",
        Some("t") => "a TOAST table",
        Some(_) => "not a table",
    };
    Err(SynthError::new(Code::WrongObjectType, format!("\"{name}\" is {what}"))
        .hint("synthdata generates rows for ordinary and partitioned tables; name the table behind it."))
}

/// Refuses PostgreSQL's own catalogs: made-up rows there would corrupt the database.
pub fn check_not_system(relid: pg_sys::Oid) -> Result<()> {
    let (system, name) = crate::pg::spi::get_two_with_args::<bool, String>(
        "SELECT n.nspname IN ('pg_catalog', 'information_schema') OR n.nspname LIKE 'pg\\_toast%', c.relname::text
           FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1",
        &[relid.into()],
    )
    .map_err(spi_err("looking up the table"))?;
    match system {
        Some(true) => Err(SynthError::new(
            Code::InsufficientPrivilege,
            format!("permission denied: \"{}\" is a system catalog", name.unwrap_or_default()),
        )
        .hint("synthdata only fills user tables.")),
        _ => Ok(()),
    }
}

/// The profile of a table: catalog facts, and statistics where ANALYZE has gathered them.
pub fn read_profile(relid: pg_sys::Oid) -> Result<TableProfile> {
    check_relation(relid)?;
    with_canonical_output(|| {
        let raw: JsonB = crate::pg::spi::get_one_with_args::<JsonB>(TABLE_SQL, &[relid.into()])
            .map_err(spi_err("reading the catalog"))?
            .ok_or_else(|| SynthError::new(Code::UndefinedTable, "table not found"))?;
        let raw: RawTable = serde_json::from_value(raw.0)
            .map_err(|e| SynthError::new(Code::Internal, format!("catalog document: {e}")))?;
        let partitioned = raw.relkind == "p";
        let mut types = TypeCache::default();
        let mut columns = Vec::with_capacity(raw.columns.len());
        let mut analyzed = false;
        for c in &raw.columns {
            let ty = types.resolve(pg_sys::Oid::from_u32(c.type_oid as u32), c.typmod)?;
            let stats = read_stats(&raw.schema, &raw.name, &c.name, partitioned)?;
            analyzed |= stats.is_some();
            columns.push(ColumnProfile {
                name: c.name.clone(),
                ty,
                not_null: c.not_null,
                default: c.default.clone(),
                identity: c.identity.clone(),
                generated: c.generated.clone(),
                stats,
                categories: None,
                sensitive: None,
                content: None,
            });
        }
        let (pk, unique): (Vec<RawKey>, Vec<RawKey>) = raw.keys.into_iter().partition(|k| k.primary);
        let key =
            |k: RawKey| KeyConstraint { name: k.name, columns: k.columns, nulls_not_distinct: k.nulls_not_distinct };
        Ok(TableProfile {
            format_version: FORMAT_VERSION,
            table: TableInfo {
                schema: raw.schema,
                name: raw.name,
                kind: if partitioned { "partitioned_table".into() } else { "table".into() },
                reltuples: raw.reltuples,
                analyzed,
                partition_bound: raw.partition_bound,
            },
            columns,
            primary_key: pk.into_iter().next().map(key),
            unique: unique.into_iter().map(key).collect(),
            checks: raw.checks,
            foreign_keys: dedup_foreign_keys(raw.foreign_keys),
            partitioning: raw.partitioning,
            dependence: None,
            new_rows: None,
        })
    })
}

/// Foreign keys declared on each partition repeat the same rule: keep one of each.
fn dedup_foreign_keys(fks: Vec<ForeignKey>) -> Vec<ForeignKey> {
    let mut seen = HashSet::new();
    fks.into_iter()
        .filter(|f| seen.insert((f.columns.clone(), f.ref_schema.clone(), f.ref_table.clone(), f.ref_columns.clone())))
        .collect()
}

#[derive(Default)]
struct TypeCache {
    seen: HashMap<(u32, i32), TypeInfo>,
}

impl TypeCache {
    fn resolve(&mut self, oid: pg_sys::Oid, typmod: i32) -> Result<TypeInfo> {
        if let Some(t) = self.seen.get(&(oid.to_u32(), typmod)) {
            return Ok(t.clone());
        }
        let t = self.describe(oid, typmod, 0)?;
        self.seen.insert((oid.to_u32(), typmod), t.clone());
        Ok(t)
    }

    fn describe(&mut self, oid: pg_sys::Oid, typmod: i32, depth: u32) -> Result<TypeInfo> {
        if depth > 16 {
            return Err(SynthError::new(Code::FeatureNotSupported, "types nested too deeply"));
        }
        let row = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
            let t = client
                .select(
                    "SELECT t.typtype::text, t.typelem::int8, t.typbasetype::int8, t.typtypmod, t.typnotnull,
                            pg_catalog.format_type(t.oid, $2), t.typcategory::text,
                            (SELECT array_agg(e.enumlabel::text ORDER BY e.enumsortorder)
                               FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid),
                            (SELECT jsonb_agg(jsonb_build_object('name', k.conname, 'definition', pg_catalog.pg_get_constraintdef(k.oid)) ORDER BY k.conname)
                               FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c')
                       FROM pg_catalog.pg_type t WHERE t.oid = $1",
                    None,
                    &[oid.into(), typmod.into()],
                )?
                .first();
            Ok((
                t.get::<String>(1)?,
                t.get::<i64>(2)?,
                t.get::<i64>(3)?,
                t.get::<i32>(4)?,
                t.get::<bool>(5)?,
                t.get::<String>(6)?,
                t.get::<String>(7)?,
                t.get::<Vec<String>>(8)?,
                t.get::<JsonB>(9)?,
            ))
        })
        .map_err(spi_err("describing a column type"))?;
        let (typtype, elem, base, base_typmod, notnull, name, category, labels, checks) = row;
        let name = name.unwrap_or_default();
        match typtype.as_deref() {
            Some("d") => {
                let base = pg_sys::Oid::from_u32(base.unwrap_or(0) as u32);
                let mut info = self.describe(base, base_typmod.unwrap_or(-1), depth + 1)?;
                let mut own: Vec<CheckConstraint> =
                    checks.and_then(|j| serde_json::from_value(j.0).ok()).unwrap_or_default();
                let inner = info.domain.take();
                let not_null = notnull.unwrap_or(false) || inner.as_ref().is_some_and(|d| d.not_null);
                if let Some(d) = inner {
                    own.extend(d.checks);
                }
                info.domain = Some(DomainInfo { name: name.clone(), not_null, checks: own });
                info.name = name;
                Ok(info)
            }
            Some("e") => Ok(plain(name, TypeKind::Enum, typmod, labels)),
            _ if category.as_deref() == Some("A") && elem.unwrap_or(0) != 0 => {
                let element = self.describe(pg_sys::Oid::from_u32(elem.unwrap_or(0) as u32), typmod, depth + 1)?;
                let mut info = plain(name, TypeKind::Array, -1, None);
                info.element = Some(Box::new(element));
                Ok(info)
            }
            _ => Ok(plain(name, builtin_kind(oid.to_u32()), typmod, None)),
        }
    }
}

fn plain(name: String, kind: TypeKind, typmod: i32, labels: Option<Vec<String>>) -> TypeInfo {
    let mut t = TypeInfo {
        name,
        kind,
        max_length: None,
        precision: None,
        scale: None,
        element: None,
        enum_labels: labels,
        domain: None,
    };
    if typmod >= 0 {
        match kind {
            TypeKind::Varchar | TypeKind::Char => t.max_length = Some((typmod - 4).max(0) as u32),
            TypeKind::Numeric => {
                let m = typmod - 4;
                t.precision = Some(((m >> 16) & 0xffff) as u32);
                // PostgreSQL 15+ stores the scale as an 11-bit signed number.
                let scale = ((m & 0x7ff) ^ 1024) - 1024;
                t.scale = Some(scale.max(0) as u32);
            }
            TypeKind::Time | TypeKind::Timestamp | TypeKind::Timestamptz => t.precision = Some(typmod as u32),
            TypeKind::Interval => t.precision = Some((typmod & 0xffff) as u32).filter(|p| *p <= 6),
            _ => {}
        }
    }
    t
}

/// Built-in types by their (fixed) OIDs.
fn builtin_kind(oid: u32) -> TypeKind {
    match oid {
        16 => TypeKind::Boolean,
        17 => TypeKind::Bytea,
        19 | 25 => TypeKind::Text,
        20 => TypeKind::Bigint,
        21 => TypeKind::Smallint,
        23 => TypeKind::Integer,
        114 => TypeKind::Json,
        700 => TypeKind::Real,
        701 => TypeKind::Double,
        869 => TypeKind::Inet,
        1042 => TypeKind::Char,
        1043 => TypeKind::Varchar,
        1082 => TypeKind::Date,
        1083 => TypeKind::Time,
        1114 => TypeKind::Timestamp,
        1184 => TypeKind::Timestamptz,
        1186 => TypeKind::Interval,
        1700 => TypeKind::Numeric,
        2950 => TypeKind::Uuid,
        3614 => TypeKind::Tsvector,
        3802 => TypeKind::Jsonb,
        _ => TypeKind::Other,
    }
}

/// A column's row of `pg_stats`, with values as canonical text.
fn read_stats(schema: &str, table: &str, column: &str, inherited: bool) -> Result<Option<ColumnStats>> {
    // Array columns keep whole arrays as values; their text is parsed by the array input later.
    let values = |col: &str| format!("(s.{col}::text)::text[]");
    let sql = format!(
        "SELECT s.null_frac::float8, s.n_distinct::float8, s.avg_width, s.correlation::float8,
                {}, s.most_common_freqs::float8[], {}
           FROM pg_catalog.pg_stats s
          WHERE s.schemaname = $1 AND s.tablename = $2 AND s.attname = $3 AND s.inherited = $4",
        values("most_common_vals"),
        values("histogram_bounds"),
    );
    let row = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let rows =
            client.select(sql.as_str(), Some(1), &[schema.into(), table.into(), column.into(), inherited.into()])?;
        if rows.is_empty() {
            return Ok(None);
        }
        let r = rows.first();
        Ok(Some(ColumnStats {
            null_frac: r.get::<f64>(1)?.unwrap_or(0.0),
            n_distinct: r.get::<f64>(2)?.unwrap_or(0.0),
            avg_width: r.get::<i32>(3)?.unwrap_or(0),
            correlation: r.get::<f64>(4)?,
            most_common_vals: r.get::<Vec<Option<String>>>(5)?.unwrap_or_default().into_iter().flatten().collect(),
            most_common_freqs: r.get::<Vec<f64>>(6)?.unwrap_or_default(),
            histogram_bounds: r.get::<Vec<Option<String>>>(7)?.unwrap_or_default().into_iter().flatten().collect(),
        }))
    })
    .map_err(spi_err("reading pg_stats"))?;
    Ok(row)
}

/// The oid of table `schema.table`, if it exists.
pub fn table_oid(schema: &str, table: &str) -> Result<Option<pg_sys::Oid>> {
    let name = pgrx::spi::quote_qualified_identifier(schema, table);
    crate::pg::spi::get_one_with_args::<pg_sys::Oid>("SELECT to_regclass($1)::oid", &[name.as_str().into()])
        .map_err(|e| SynthError::new(Code::Internal, format!("looking up {name}: {e}")))
}

/// The profile of table `schema.table` (catalog and statistics), if it exists.
pub fn parent_profile(schema: &str, table: &str) -> Result<Option<TableProfile>> {
    table_oid(schema, table)?.map(read_profile).transpose()
}
