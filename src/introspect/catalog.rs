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
use crate::introspect::settings;
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
    #[serde(default)]
    exclusions: Vec<ExclusionConstraint>,
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
    #[serde(default)]
    case_insensitive: bool,
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
            let mut stats = read_stats(&raw.schema, &raw.name, &c.name, partitioned, ty.kind)?;
            if let (Some(st), TypeKind::Range) = (&mut stats, ty.kind) {
                st.range = read_range_stats(relid, &c.name, partitioned, &ty.name)?;
            }
            analyzed |= stats.is_some();
            columns.push(ColumnProfile {
                name: c.name.clone(),
                ty,
                not_null: c.not_null,
                default: c.default.clone(),
                identity: c.identity.clone(),
                generated: c.generated.clone(),
                left_to_default: c.default.is_some() && stats.is_none() && settings::leave_defaults(),
                stats,
                categories: None,
                sensitive: None,
                content: None,
                weekly: None,
            });
        }
        name_relations(&mut columns, &raw.checks)?;
        let foreign_keys = dedup_foreign_keys(raw.foreign_keys);
        for col in columns.iter_mut().filter(|c| c.identity.is_none() && c.is_sequence_backed()) {
            // A column that references another table takes its parent's keys: its sequence
            // (ledgers whose `id DEFAULT nextval(…)` also references a shared transactions
            // table) would give keys that point nowhere.
            if foreign_keys.iter().any(|fk| fk.columns.contains(&col.name)) {
                col.default = None;
                col.left_to_default = false;
            }
        }
        let (pk, unique): (Vec<RawKey>, Vec<RawKey>) = raw.keys.into_iter().partition(|k| k.primary);
        let key = |k: RawKey| KeyConstraint {
            name: k.name,
            columns: k.columns,
            nulls_not_distinct: k.nulls_not_distinct,
            case_insensitive: k.case_insensitive,
        };
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
            // Partitions may each repeat a key: one of each set of columns.
            unique: {
                let mut keys: Vec<KeyConstraint> = Vec::new();
                for k in unique.into_iter().map(key) {
                    if !keys.iter().any(|o| o.columns == k.columns && o.case_insensitive == k.case_insensitive) {
                        keys.push(k);
                    }
                }
                keys
            },
            checks: raw.checks,
            foreign_keys,
            exclusions: raw.exclusions,
            partitioning: raw.partitioning,
            dependence: None,
            new_rows: None,
        })
    })
}

/// A text column a CHECK casts to a relation (`to_regclass(tablename) IS NOT NULL`,
/// `tablename::regclass`) names tables of this database: without statistics of its own it takes
/// them as its values, each as likely (at most 1000, schema-qualified, the system's left out).
fn name_relations(columns: &mut [ColumnProfile], checks: &[CheckConstraint]) -> Result<()> {
    for col in columns.iter_mut().filter(|c| c.ty.kind.is_text() && c.stats.is_none() && c.categories.is_none()) {
        let q = pgrx::spi::quote_identifier(&col.name);
        let casts = |def: &str| {
            [
                format!("to_regclass({q}"),
                format!("to_regclass(({q})"),
                format!("({q})::regclass"),
                format!("{q}::regclass"),
            ]
            .iter()
            .any(|form| def.contains(form.as_str()))
        };
        if !checks.iter().any(|c| casts(&c.definition)) {
            continue;
        }
        let names: Vec<String> = Spi::connect(|client| {
            let mut out = Vec::new();
            for row in client.select(
                "SELECT pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname)
                   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
                    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
                  ORDER BY 1 LIMIT 1000",
                None,
                &[],
            )? {
                out.extend(row.get::<String>(1)?);
            }
            Ok::<_, pgrx::spi::Error>(out)
        })
        .map_err(spi_err("reading the names of tables"))?;
        if !names.is_empty() {
            let share = 1.0 / names.len() as f64;
            col.categories =
                Some(Categories { null_share: 0.0, values: names.into_iter().map(|n| (n, share)).collect() });
        }
    }
    Ok(())
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
                               FROM pg_catalog.pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'),
                            t.typname::text, t.typrelid::int8,
                            (SELECT x.extname::text FROM pg_catalog.pg_depend d
                               JOIN pg_catalog.pg_extension x ON x.oid = d.refobjid
                              WHERE d.classid = 'pg_catalog.pg_type'::regclass AND d.objid = t.oid
                                AND d.refclassid = 'pg_catalog.pg_extension'::regclass AND d.deptype = 'e'
                              LIMIT 1),
                            (SELECT r.rngsubtype::int8 FROM pg_catalog.pg_range r WHERE r.rngtypid = t.oid),
                            (SELECT r.rngtypid::int8 FROM pg_catalog.pg_range r WHERE r.rngmultitypid = t.oid)
                       FROM pg_catalog.pg_type t WHERE t.oid = $1",
                    None,
                    &[oid.into(), typmod.into()],
                )?
                .first();
            Ok(RawType {
                typtype: t.get::<String>(1)?,
                elem: t.get::<i64>(2)?,
                base: t.get::<i64>(3)?,
                base_typmod: t.get::<i32>(4)?,
                notnull: t.get::<bool>(5)?,
                name: t.get::<String>(6)?.unwrap_or_default(),
                category: t.get::<String>(7)?,
                labels: t.get::<Vec<String>>(8)?,
                checks: t.get::<JsonB>(9)?,
                typname: t.get::<String>(10)?.unwrap_or_default(),
                relid: t.get::<i64>(11)?.unwrap_or(0),
                extension: t.get::<String>(12)?,
                range_subtype: t.get::<i64>(13)?,
                multirange_of: t.get::<i64>(14)?,
            })
        })
        .map_err(spi_err("describing a column type"))?;
        let oid_of = |o: i64| pg_sys::Oid::from_u32(o as u32);
        let name = row.name.clone();
        match row.typtype.as_deref() {
            Some("d") => {
                let mut info =
                    self.describe(oid_of(row.base.unwrap_or(0)), row.base_typmod.unwrap_or(-1), depth + 1)?;
                let mut own: Vec<CheckConstraint> =
                    row.checks.and_then(|j| serde_json::from_value(j.0).ok()).unwrap_or_default();
                let inner = info.domain.take();
                let not_null = row.notnull.unwrap_or(false) || inner.as_ref().is_some_and(|d| d.not_null);
                if let Some(d) = inner {
                    own.extend(d.checks);
                }
                info.domain = Some(DomainInfo { name: name.clone(), not_null, checks: own });
                info.name = name;
                Ok(info)
            }
            Some("e") => Ok(plain(name, TypeKind::Enum, typmod, row.labels)),
            Some("r") => {
                let mut info = plain(name, TypeKind::Range, typmod, None);
                let sub = self.describe(oid_of(row.range_subtype.unwrap_or(0)), -1, depth + 1)?;
                info.element = Some(Box::new(sub));
                Ok(info)
            }
            Some("m") => {
                let mut info = plain(name, TypeKind::Multirange, typmod, None);
                let range = self.describe(oid_of(row.multirange_of.unwrap_or(0)), -1, depth + 1)?;
                info.element = Some(Box::new(range));
                Ok(info)
            }
            Some("c") => {
                let mut info = plain(name, TypeKind::Composite, typmod, None);
                info.fields = Some(self.fields(oid_of(row.relid), depth)?);
                Ok(info)
            }
            _ if row.category.as_deref() == Some("A") && row.elem.unwrap_or(0) != 0 => {
                let element = self.describe(oid_of(row.elem.unwrap_or(0)), typmod, depth + 1)?;
                let mut info = plain(name, TypeKind::Array, -1, None);
                info.element = Some(Box::new(element));
                Ok(info)
            }
            _ => {
                let kind = match row.extension.as_deref() {
                    Some(ext) => extension_kind(ext, &row.typname),
                    None => builtin_kind(oid.to_u32()),
                };
                Ok(plain(name, kind, typmod, None))
            }
        }
    }

    /// The attributes of the composite type whose relation is `relid`, in order.
    fn fields(&mut self, relid: pg_sys::Oid, depth: u32) -> Result<Vec<FieldInfo>> {
        let attrs = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
            let mut out = Vec::new();
            for r in client.select(
                "SELECT attname::text, atttypid::int8, atttypmod FROM pg_catalog.pg_attribute
                  WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
                None,
                &[relid.into()],
            )? {
                out.push((r.get::<String>(1)?.unwrap_or_default(), r.get::<i64>(2)?.unwrap_or(0), r.get::<i32>(3)?));
            }
            Ok(out)
        })
        .map_err(spi_err("reading a composite type's attributes"))?;
        attrs
            .into_iter()
            .map(|(name, oid, typmod)| {
                let ty = self.describe(pg_sys::Oid::from_u32(oid as u32), typmod.unwrap_or(-1), depth + 1)?;
                Ok(FieldInfo { name, ty })
            })
            .collect()
    }
}

/// One row of `pg_type`, with what `describe` needs of the type's range, extension and relation.
struct RawType {
    typtype: Option<String>,
    elem: Option<i64>,
    base: Option<i64>,
    base_typmod: Option<i32>,
    notnull: Option<bool>,
    name: String,
    category: Option<String>,
    labels: Option<Vec<String>>,
    checks: Option<JsonB>,
    typname: String,
    relid: i64,
    extension: Option<String>,
    range_subtype: Option<i64>,
    multirange_of: Option<i64>,
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
        fields: None,
        spatial: None,
    };
    match kind {
        TypeKind::Name => t.max_length = Some(pg_sys::NAMEDATALEN - 1),
        TypeKind::Geography => t.spatial = Some(spatial_typmod(typmod, true)),
        TypeKind::Geometry => t.spatial = Some(spatial_typmod(typmod, false)),
        _ => {}
    }
    if typmod >= 0 {
        match kind {
            TypeKind::Varchar | TypeKind::Char => t.max_length = Some((typmod - 4).max(0) as u32),
            TypeKind::Bit | TypeKind::Varbit | TypeKind::Vector => t.max_length = Some(typmod as u32),
            TypeKind::Numeric => {
                let m = typmod - 4;
                t.precision = Some(((m >> 16) & 0xffff) as u32);
                // PostgreSQL 15+ stores the scale as an 11-bit signed number.
                let scale = ((m & 0x7ff) ^ 1024) - 1024;
                t.scale = Some(scale.max(0) as u32);
            }
            TypeKind::Time | TypeKind::TimeTz | TypeKind::Timestamp | TypeKind::Timestamptz => {
                t.precision = Some(typmod as u32)
            }
            TypeKind::Interval => t.precision = Some((typmod & 0xffff) as u32).filter(|p| *p <= 6),
            _ => {}
        }
    }
    t
}

/// A PostGIS type modifier (`TYPMOD_GET_SRID`, `TYPMOD_GET_TYPE`, `TYPMOD_GET_Z`, `TYPMOD_GET_M`
/// of its `liblwgeom`), or an unconstrained column (-1): any subtype; SRID unknown, or 4326 for
/// geography.
fn spatial_typmod(typmod: i32, geography: bool) -> SpatialInfo {
    const SUBTYPES: [&str; 8] = [
        "geometry",
        "point",
        "linestring",
        "polygon",
        "multipoint",
        "multilinestring",
        "multipolygon",
        "geometrycollection",
    ];
    let default_srid = if geography { 4326 } else { 0 };
    if typmod < 0 {
        return SpatialInfo { subtype: "geometry".into(), srid: default_srid, z: false, m: false };
    }
    let srid = ((typmod & 0x0FFF_FF00) - (typmod & 0x1000_0000)) >> 8;
    let subtype = SUBTYPES.get(((typmod & 0xFC) >> 2) as usize).copied().unwrap_or("geometry");
    SpatialInfo {
        subtype: subtype.into(),
        srid: if srid == 0 { default_srid } else { srid },
        z: typmod & 0x02 != 0,
        m: typmod & 0x01 != 0,
    }
}

/// Types of extensions synthdata knows, by extension and type name.
fn extension_kind(extension: &str, typname: &str) -> TypeKind {
    match (extension, typname) {
        ("citext", "citext") => TypeKind::Citext,
        ("hstore", "hstore") => TypeKind::Hstore,
        ("ltree", "ltree") => TypeKind::Ltree,
        ("cube", "cube") => TypeKind::Cube,
        ("isn", "ean13" | "isbn" | "isbn13" | "ismn" | "ismn13" | "issn" | "issn13" | "upc") => TypeKind::Isn,
        ("postgis", "geometry") => TypeKind::Geometry,
        ("postgis", "geography") => TypeKind::Geography,
        ("vector", "vector") => TypeKind::Vector,
        _ => TypeKind::Other,
    }
}

/// Built-in types by their (fixed) OIDs.
fn builtin_kind(oid: u32) -> TypeKind {
    match oid {
        16 => TypeKind::Boolean,
        17 => TypeKind::Bytea,
        18 => TypeKind::SingleChar,
        19 => TypeKind::Name,
        25 => TypeKind::Text,
        20 => TypeKind::Bigint,
        21 => TypeKind::Smallint,
        23 => TypeKind::Integer,
        24 | 2202 | 2203 | 2204 | 2205 | 2206 | 3734 | 3769 | 4089 | 4096 | 4191 => TypeKind::Reg,
        26 => TypeKind::Oid,
        27 => TypeKind::Tid,
        28 => TypeKind::Xid,
        29 => TypeKind::Cid,
        114 => TypeKind::Json,
        142 => TypeKind::Xml,
        600 => TypeKind::Point,
        601 => TypeKind::Lseg,
        602 => TypeKind::Path,
        603 => TypeKind::Box,
        604 => TypeKind::Polygon,
        628 => TypeKind::Line,
        650 => TypeKind::Cidr,
        700 => TypeKind::Real,
        701 => TypeKind::Double,
        718 => TypeKind::Circle,
        774 => TypeKind::Macaddr8,
        790 => TypeKind::Money,
        829 => TypeKind::Macaddr,
        869 => TypeKind::Inet,
        1033 => TypeKind::Aclitem,
        1042 => TypeKind::Char,
        1043 => TypeKind::Varchar,
        1082 => TypeKind::Date,
        1083 => TypeKind::Time,
        1114 => TypeKind::Timestamp,
        1184 => TypeKind::Timestamptz,
        1186 => TypeKind::Interval,
        1266 => TypeKind::TimeTz,
        1560 => TypeKind::Bit,
        1562 => TypeKind::Varbit,
        1700 => TypeKind::Numeric,
        1790 => TypeKind::Refcursor,
        2950 => TypeKind::Uuid,
        2970 | 5038 => TypeKind::Snapshot,
        3220 => TypeKind::PgLsn,
        3614 => TypeKind::Tsvector,
        3615 => TypeKind::Tsquery,
        3802 => TypeKind::Jsonb,
        4072 => TypeKind::Jsonpath,
        5069 => TypeKind::Xid8,
        _ => TypeKind::Other,
    }
}

/// A column's row of `pg_stats`, with values as canonical text.
fn read_stats(schema: &str, table: &str, column: &str, inherited: bool, kind: TypeKind) -> Result<Option<ColumnStats>> {
    // Array columns keep whole arrays as values; their text is parsed by the array input later.
    // Money prints in the currency of `lc_monetary`: its values are read as numerics.
    let values = |col: &str| match kind {
        TypeKind::Money => format!("(s.{col}::text)::pg_catalog.money[]::pg_catalog.numeric[]::text[]"),
        _ => format!("(s.{col}::text)::text[]"),
    };
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
            range: None,
        }))
    })
    .map_err(spi_err("reading pg_stats"))?;
    Ok(row)
}

/// What ANALYZE gathered of a range column's ranges: from `pg_statistic` where the role may read
/// it (its slots of kind 6, lengths and the share of empty ranges, and 7, the bounds histogram),
/// else from `pg_stats`' range columns, which PostgreSQL shows from version 17 on. `ty` is the
/// column's type, whose array the bounds histogram is read as.
fn read_range_stats(relid: pg_sys::Oid, column: &str, inherited: bool, ty: &str) -> Result<Option<RangeStats>> {
    const FROM_PG_STATISTIC: &str = "
        SELECT k.numbers[1]::float8, k.vals::text
          FROM pg_catalog.pg_statistic s
          JOIN pg_catalog.pg_attribute a ON a.attrelid = s.starelid AND a.attnum = s.staattnum
          CROSS JOIN LATERAL (VALUES (s.stakind1, s.stanumbers1, s.stavalues1), (s.stakind2, s.stanumbers2, s.stavalues2),
                                     (s.stakind3, s.stanumbers3, s.stavalues3), (s.stakind4, s.stanumbers4, s.stavalues4),
                                     (s.stakind5, s.stanumbers5, s.stavalues5)) k(kind, numbers, vals)
         WHERE s.starelid = $1 AND a.attname = $2 AND s.stainherit = $3 AND k.kind = $4";
    const FROM_PG_STATS: &str = "
        SELECT CASE $4 WHEN 6 THEN s.range_empty_frac::float8 END,
               CASE $4 WHEN 6 THEN s.range_length_histogram::text ELSE s.range_bounds_histogram::text END
          FROM pg_catalog.pg_stats s JOIN pg_catalog.pg_class c ON c.relname = s.tablename
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname
         WHERE c.oid = $1 AND s.attname = $2 AND s.inherited = $3";
    let readable = crate::pg::spi::get_one::<bool>(
        "SELECT pg_catalog.has_table_privilege('pg_catalog.pg_statistic', 'SELECT')
             OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                         WHERE attrelid = 'pg_catalog.pg_stats'::pg_catalog.regclass AND attname = 'range_bounds_histogram')",
    )
    .map_err(spi_err("looking for range statistics"))?
    .unwrap_or(false);
    if !readable {
        return Ok(None);
    }
    let own =
        crate::pg::spi::get_one::<bool>("SELECT pg_catalog.has_table_privilege('pg_catalog.pg_statistic', 'SELECT')")
            .map_err(spi_err("looking for range statistics"))?
            .unwrap_or(false);
    let sql = if own { FROM_PG_STATISTIC } else { FROM_PG_STATS };
    // The slot's figure and values; none when ANALYZE left no such slot.
    let slot = |kind: i32| {
        Spi::connect(|client| -> std::result::Result<(Option<f64>, Option<String>), pgrx::spi::Error> {
            let args = [relid.into(), column.into(), inherited.into(), kind.into()];
            match client.select(sql, Some(1), &args)?.into_iter().next() {
                Some(row) => Ok((row.get::<f64>(1)?, row.get::<String>(2)?)),
                None => Ok((None, None)),
            }
        })
        .map_err(spi_err("reading range statistics"))
    };
    let (empty, lengths) = slot(6)?;
    let (_, bounds) = slot(7)?;
    if empty.is_none() && lengths.is_none() && bounds.is_none() {
        return Ok(None);
    }
    let lengths: Vec<f64> = lengths
        .unwrap_or_default()
        .trim_matches(|c| c == '{' || c == '}')
        .split(',')
        .filter_map(|x| x.trim_matches('"').parse::<f64>().ok())
        .filter(|x| x.is_finite())
        .collect();
    let (mut lower_bounds, mut upper_bounds) = (Vec::new(), Vec::new());
    if let Some(b) = bounds {
        let sql = format!(
            "SELECT CASE WHEN lower_inf(r) THEN NULL ELSE lower(r)::text END,
                    CASE WHEN upper_inf(r) THEN NULL ELSE upper(r)::text END
               FROM unnest($1::text::{ty}[]) r"
        );
        Spi::connect(|client| -> std::result::Result<(), pgrx::spi::Error> {
            for row in client.select(sql.as_str(), None, &[b.as_str().into()])? {
                lower_bounds.push(row.get::<String>(1)?);
                upper_bounds.push(row.get::<String>(2)?);
            }
            Ok(())
        })
        .map_err(spi_err("reading a range column's bounds histogram"))?;
    }
    Ok(Some(RangeStats { empty_frac: empty.unwrap_or(0.0), lower_bounds, upper_bounds, lengths }))
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
