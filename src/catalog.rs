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
use crate::generate::unique::fingerprint;
use crate::generate::{takes_default, Context, ExistingKeys, ParentKeys};
use crate::profile::*;
use crate::value::Value;

const TABLE_SQL: &str = include_str!("../sql/catalog_table.sql");

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

fn spi_err(context: &str) -> impl Fn(pgrx::spi::Error) -> SynthError + '_ {
    move |e| SynthError::new(Code::Internal, format!("{context}: {e}"))
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
    let (kind, name) = crate::spi_read::get_two_with_args::<String, String>(
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
    let (system, name) = crate::spi_read::get_two_with_args::<bool, String>(
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
        let raw: JsonB = crate::spi_read::get_one_with_args::<JsonB>(TABLE_SQL, &[relid.into()])
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

/// Facts of the target table that generation depends on: rows already there, the keys of the
/// parents its foreign keys point at, and its existing unique keys.
pub fn read_context(profile: &TableProfile, rows: u64, linked: &[bool]) -> Result<Context> {
    let table = qualified(&profile.table.schema, &profile.table.name);
    with_canonical_output(|| {
        let existing: i64 = crate::spi_read::get_one(&format!("SELECT count(*) FROM {table}"))
            .map_err(spi_err("counting rows"))?
            .unwrap_or(0);
        let mut parents = Vec::with_capacity(profile.foreign_keys.len());
        for (f, fk) in profile.foreign_keys.iter().enumerate() {
            let cols: Option<Vec<&ColumnProfile>> = fk.columns.iter().map(|c| profile.column(c)).collect();
            match cols {
                Some(cols) if !cols.iter().any(|c| takes_default(c)) && !linked.get(f).copied().unwrap_or(false) => {
                    parents.push(Some(parent_keys(fk, &cols)?));
                }
                _ => parents.push(None),
            }
        }
        let mut uniques = Vec::new();
        for key in profile.unique_keys() {
            uniques.push(if existing > 0 {
                existing_keys(&table, profile, &key.columns)?
            } else {
                ExistingKeys::default()
            });
        }
        let n = profile.foreign_keys.len();
        let external = crate::sample::external_columns(profile, &parents)?;
        Ok(Context {
            existing_rows: existing.max(0) as u64,
            rows,
            parents,
            uniques,
            spread: vec![None; n],
            linked: (0..n).map(|f| linked.get(f).copied().unwrap_or(false)).collect(),
            external,
        })
    })
}

fn qualified(schema: &str, name: &str) -> String {
    pgrx::spi::quote_qualified_identifier(schema, name)
}

/// The keys of the rows `fk` can point at, in a stable order (integer keys ascending).
pub fn parent_keys(fk: &ForeignKey, child: &[&ColumnProfile]) -> Result<ParentKeys> {
    let parent = qualified(&fk.ref_schema, &fk.ref_table);
    let cols: Vec<String> = fk.ref_columns.iter().map(pgrx::spi::quote_identifier).collect();
    if cols.len() == 1 && child[0].ty.kind.is_integer() {
        let c = &cols[0];
        let (lo, hi, n) = crate::spi_read::get_three::<i64, i64, i64>(&format!(
            "SELECT min({c})::int8, max({c})::int8, count({c}) FROM {parent}"
        ))
        .map_err(spi_err("reading parent keys"))?;
        return match (lo, hi, n) {
            (Some(lo), Some(hi), Some(n)) if n > 0 && i128::from(hi) - i128::from(lo) + 1 == i128::from(n) => {
                Ok(ParentKeys::Range { lo, count: n as u64 })
            }
            (_, _, Some(n)) if n > 0 => {
                let sql = format!("SELECT {c}::int8 FROM {parent} WHERE {c} IS NOT NULL ORDER BY 1");
                let keys = Spi::connect(|client| -> std::result::Result<Vec<i64>, pgrx::spi::Error> {
                    let mut out = Vec::with_capacity(n as usize);
                    for row in client.select(sql.as_str(), None, &[])? {
                        if let Some(k) = row.get::<i64>(1)? {
                            out.push(k);
                        }
                    }
                    Ok(out)
                })
                .map_err(spi_err("reading parent keys"))?;
                Ok(ParentKeys::Ints(keys))
            }
            _ => Ok(ParentKeys::Range { lo: 0, count: 0 }),
        };
    }
    let not_null: Vec<String> = cols.iter().map(|c| format!("{c} IS NOT NULL")).collect();
    let sql = format!(
        "SELECT DISTINCT {} FROM {parent} WHERE {} ORDER BY {}",
        cols.iter().map(|c| format!("{c}::text")).collect::<Vec<_>>().join(", "),
        not_null.join(" AND "),
        (1..=cols.len()).map(|i| i.to_string()).collect::<Vec<_>>().join(", "),
    );
    let tuples = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(sql.as_str(), None, &[])? {
            let mut key = Vec::with_capacity(child.len());
            for (i, col) in child.iter().enumerate() {
                let text = row.get::<String>(i + 1)?.unwrap_or_default();
                key.push(Value::parse_canonical(col.ty.kind, &text).unwrap_or(Value::Text(text)));
            }
            out.push(key);
        }
        Ok(out)
    })
    .map_err(spi_err("reading parent keys"))?;
    Ok(ParentKeys::Tuples(tuples))
}

fn existing_keys(table: &str, profile: &TableProfile, columns: &[String]) -> Result<ExistingKeys> {
    let cols: Option<Vec<&ColumnProfile>> = columns.iter().map(|c| profile.column(c)).collect();
    let Some(cols) = cols else {
        return Ok(ExistingKeys::default());
    };
    if cols.iter().any(|c| c.is_sequence_backed()) {
        return Ok(ExistingKeys::default());
    }
    let quoted: Vec<String> = columns.iter().map(pgrx::spi::quote_identifier).collect();
    let mut max_int = Vec::with_capacity(cols.len());
    for (col, q) in cols.iter().zip(&quoted) {
        max_int.push(if col.ty.kind.is_integer() {
            crate::spi_read::get_one::<i64>(&format!("SELECT max({q})::int8 FROM {table}"))
                .map_err(spi_err("reading existing keys"))?
        } else {
            None
        });
    }
    let sql = format!(
        "SELECT {} FROM {table} WHERE {}",
        quoted.iter().map(|c| format!("{c}::text")).collect::<Vec<_>>().join(", "),
        quoted.iter().map(|c| format!("{c} IS NOT NULL")).collect::<Vec<_>>().join(" AND "),
    );
    let fingerprints = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut set = HashSet::new();
        let mut values = Vec::with_capacity(cols.len());
        for row in client.select(sql.as_str(), None, &[])? {
            values.clear();
            for (i, col) in cols.iter().enumerate() {
                let text = row.get::<String>(i + 1)?.unwrap_or_default();
                values.push(Value::parse_canonical(col.ty.kind, &text).unwrap_or(Value::Text(text)));
            }
            set.insert(fingerprint(values.iter().zip(cols.iter().map(|c| c.ty.kind))));
        }
        Ok(set)
    })
    .map_err(spi_err("reading existing keys"))?;
    Ok(ExistingKeys { max_int, fingerprints: Some(fingerprints) })
}
