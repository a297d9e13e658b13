//! `synth_anonymize(tbl, rules)`: static anonymization in place, in SQL.
//!
//! This layer reads the catalog into [`crate::anonymize::Catalog`] (the table, the tables that
//! reference it transitively, the tables it references, the foreign keys between them), reads the
//! rules (the argument, else `synthdata.sensitivity.rule` and defaults for the sensitive columns),
//! lets [`crate::anonymize::plan`] check them and write the SQL, then runs the batches: a cursor
//! reads the rows (or key values) in the snapshot of its opening, so rows rewritten meanwhile are
//! never read again, and each batch is one statement under the caller's privileges. Everything
//! happens in the caller's transaction: an error anywhere leaves every table as it was.

use std::time::{Duration, Instant};

use pgrx::prelude::*;
use pgrx::{pg_sys, JsonB};

use crate::anonymize::plan::{self, KeyPlan, Plan, Step, Temp, TEMP_LIMIT};
use crate::anonymize::rules::{self, Rule};
use crate::anonymize::{Catalog, ColType, Column, ForeignKey, OnUpdate, Table};
use crate::error::{Code, Result, SynthError};
use crate::introspect::catalog::{check_not_system, check_relation};
use crate::introspect::{citus, pii, settings};
use crate::pg::spi_err;
use crate::pseudonym;

const COLUMNS_SQL: &str = "
SELECT a.attname::text, pg_catalog.format_type(a.atttypid, a.atttypmod), bt.typname::text, bt.typcategory::text,
       CASE WHEN bt.typname IN ('varchar', 'bpchar')
            THEN nullif(greatest(CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END - 4, -1), -1) END,
       a.attnotnull, a.attgenerated <> '', a.attidentity = 'a',
       EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = a.attrelid AND i.indisunique AND a.attnum = ANY (i.indkey))
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conrelid = a.attrelid AND c.contype = 'x' AND a.attnum = ANY (c.conkey))
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
  JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
 WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum";

/// Foreign keys (top-level constraints, not their copies on partitions) into or out of `$1`.
const FKS_SQL: &str = "
SELECT c.conname::text, c.conrelid, c.confrelid, c.confupdtype::text,
       ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i),
       ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
               JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)
  FROM pg_catalog.pg_constraint c
 WHERE c.contype = 'f' AND c.conparentid = 0 AND (c.confrelid = $1 OR (c.conrelid = $1 AND $2))
 ORDER BY c.conname";

fn col_type(typname: &str, category: &str) -> ColType {
    match (typname, category) {
        (_, "S") => ColType::Text,
        ("int2", _) => ColType::Int { min: i64::from(i16::MIN), max: i64::from(i16::MAX) },
        ("int4", _) => ColType::Int { min: i64::from(i32::MIN), max: i64::from(i32::MAX) },
        ("int8", _) => ColType::Int { min: i64::MIN, max: i64::MAX },
        ("numeric", _) => ColType::Numeric,
        ("float4" | "float8", _) => ColType::Float,
        ("date", _) => ColType::Date,
        ("timestamp", _) => ColType::Timestamp,
        ("timestamptz", _) => ColType::TimestampTz,
        ("uuid", _) => ColType::Uuid,
        ("inet" | "cidr", _) => ColType::Inet,
        _ => ColType::Other,
    }
}

fn read_table(relid: pg_sys::Oid) -> Result<Table> {
    let name = Spi::get_one_with_args::<String>("SELECT $1::regclass::text", &[relid.into()])
        .map_err(spi_err("looking up a table"))?
        .unwrap_or_default();
    let columns = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(COLUMNS_SQL, None, &[relid.into()])? {
            let typname = row.get::<String>(3)?.unwrap_or_default();
            let category = row.get::<String>(4)?.unwrap_or_default();
            out.push(Column {
                name: row.get::<String>(1)?.unwrap_or_default(),
                ty: col_type(&typname, &category),
                sql_type: row.get::<String>(2)?.unwrap_or_default(),
                max_chars: row.get::<i32>(5)?.and_then(|n| u32::try_from(n).ok()),
                not_null: row.get::<bool>(6)?.unwrap_or(false),
                generated: row.get::<bool>(7)?.unwrap_or(false),
                identity_always: row.get::<bool>(8)?.unwrap_or(false),
                unique: row.get::<bool>(9)?.unwrap_or(false),
                category: None,
            });
        }
        Ok(out)
    })
    .map_err(spi_err("reading the columns"))?;
    Ok(Table { name, columns })
}

/// The table, every table that references it (transitively) and the tables it references.
fn read_catalog(relid: pg_sys::Oid) -> Result<Catalog> {
    let mut oids = vec![relid];
    let mut tables = vec![read_table(relid)?];
    let mut foreign_keys = Vec::new();
    // Tables whose referencing tables are read: the root, then every table that references a
    // table of this list. The tables the root references are read, not followed.
    let mut follow = vec![0usize];
    let mut next = 0;
    while next < follow.len() {
        let at = follow[next];
        let rows = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
            let mut out = Vec::new();
            for row in client.select(FKS_SQL, None, &[oids[at].into(), (at == 0).into()])? {
                out.push((
                    row.get::<String>(1)?.unwrap_or_default(),
                    row.get::<pg_sys::Oid>(2)?.unwrap_or(pg_sys::InvalidOid),
                    row.get::<pg_sys::Oid>(3)?.unwrap_or(pg_sys::InvalidOid),
                    row.get::<String>(4)?.unwrap_or_default(),
                    row.get::<Vec<String>>(5)?.unwrap_or_default(),
                    row.get::<Vec<String>>(6)?.unwrap_or_default(),
                ));
            }
            Ok(out)
        })
        .map_err(spi_err("reading the foreign keys"))?;
        for (name, child, parent, on_update, child_columns, parent_columns) in rows {
            let mut index = |oid: pg_sys::Oid| -> Result<usize> {
                if let Some(i) = oids.iter().position(|o| *o == oid) {
                    return Ok(i);
                }
                oids.push(oid);
                tables.push(read_table(oid)?);
                Ok(oids.len() - 1)
            };
            let (child, parent) = (index(child)?, index(parent)?);
            if parent == at && !follow.contains(&child) {
                follow.push(child);
            }
            let fk = ForeignKey {
                name,
                child,
                child_columns,
                parent,
                parent_columns,
                on_update: OnUpdate::from_code(&on_update),
            };
            if !foreign_keys.contains(&fk) {
                foreign_keys.push(fk);
            }
        }
        next += 1;
    }
    Ok(Catalog { tables, foreign_keys })
}

/// The rules stored in `synthdata.sensitivity.rule` for `relid`'s columns.
fn stored_rules(relid: pg_sys::Oid) -> Result<Vec<(String, serde_json::Value)>> {
    Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(
            "SELECT column_name::text, rule FROM synthdata.sensitivity
              WHERE table_name::oid = $1 AND rule IS NOT NULL ORDER BY column_name",
            None,
            &[relid.into()],
        )? {
            let column = row.get::<String>(1)?.unwrap_or_default();
            if let Some(rule) = row.get::<JsonB>(2)? {
                out.push((column, rule.0));
            }
        }
        Ok(out)
    })
    .map_err(spi_err("reading synthdata.sensitivity"))
}

/// The rules of a call without `rules`: for each sensitive column, its stored rule, else the
/// default of its category and type.
fn rules_from_store(relid: pg_sys::Oid, catalog: &Catalog) -> Result<Vec<(String, Rule)>> {
    let stored = stored_rules(relid)?;
    let root = catalog.root();
    let from = "The rules come from synthdata.sensitivity.rule and, for sensitive columns without one, from defaults.";
    let mut out = Vec::new();
    for (column, doc) in &stored {
        let rule = rules::parse_rule(column, doc).map_err(|e| {
            SynthError { message: format!("stored {}", e.message), ..e }.detail(format!("{from} (table {})", root.name))
        })?;
        out.push((column.clone(), rule));
    }
    for c in root.columns.iter().filter(|c| c.category.is_some()) {
        if stored.iter().any(|(n, _)| *n == c.name) {
            continue;
        }
        let rule = rules::default_rule(c).map_err(|e| rules::in_column(e, &root.name, &c.name).detail(from))?;
        out.push((c.name.clone(), rule));
    }
    Ok(out)
}

/// 42501, as PostgreSQL words it, unless the current role may UPDATE `column` of `relid`.
fn check_update(table: &str, column: &str) -> Result<()> {
    let ok = Spi::get_one_with_args::<bool>(
        "SELECT pg_catalog.has_column_privilege($1::regclass, $2, 'UPDATE')",
        &[table.into(), column.into()],
    )
    .map_err(spi_err("checking privileges"))?
    .unwrap_or(false);
    if !ok {
        let relname = Spi::get_one_with_args::<String>(
            "SELECT relname::text FROM pg_catalog.pg_class WHERE oid = $1::regclass",
            &[table.into()],
        )
        .map_err(spi_err("checking privileges"))?
        .unwrap_or_default();
        let name = std::ffi::CString::new(relname).unwrap_or_default();
        unsafe {
            pg_sys::aclcheck_error(pg_sys::AclResult::ACLCHECK_NO_PRIV, pg_sys::ObjectType::OBJECT_TABLE, name.as_ptr())
        };
    }
    Ok(())
}

/// Constants and intervals of the rules, cast as the batches will cast them, before anything
/// changes: one that does not parse is an error naming its column.
fn check_constants(catalog: &Catalog, plan: &Plan) -> Result<()> {
    for (name, rule) in &plan.plain {
        let Some(column) = catalog.root().column(name) else { continue };
        let probe = match rule {
            Rule::Value(v) => format!("SELECT ({})::{}", crate::anonymize::literal(v), column.sql_type),
            Rule::Noise(rules::Noise::Shift(i)) => format!("SELECT ({})::interval", crate::anonymize::literal(i)),
            _ => continue,
        };
        let failure = PgTryBuilder::new(|| Spi::run(&probe).err().map(|e| e.to_string()))
            .catch_others(|cause| match cause {
                pg_sys::panic::CaughtError::PostgresError(e) | pg_sys::panic::CaughtError::ErrorReport(e) => {
                    Some(e.message().to_string())
                }
                other => other.rethrow(),
            })
            .execute();
        if let Some(message) = failure {
            return Err(SynthError::new(
                Code::InvalidTextRepresentation,
                format!("rule for column \"{name}\" of {}: {message}", catalog.root().name),
            )
            .hint(format!(
                "The rule's constant must be a valid {} (intervals as SQL writes them: '10 days').",
                column.sql_type
            )));
        }
    }
    Ok(())
}

/// Progress NOTICEs every `synthdata.progress_interval` seconds.
struct Progress {
    label: String,
    started: Instant,
    last: Instant,
    interval: Option<Duration>,
}

impl Progress {
    fn new(label: String) -> Progress {
        let secs = settings::progress_interval_secs();
        let now = Instant::now();
        Progress { label, started: now, last: now, interval: (secs > 0).then(|| Duration::from_secs(secs)) }
    }

    fn tick(&mut self, what: impl FnOnce() -> String) {
        let Some(interval) = self.interval else { return };
        let now = Instant::now();
        if now.duration_since(self.last) >= interval {
            self.last = now;
            notice!("{}: {} ({:.1} s)", self.label, what(), now.duration_since(self.started).as_secs_f64());
        }
    }
}

/// Runs `f` on each batch of at most `synthdata.batch_rows` rows of `sql`'s result (each row as
/// text columns), read through a cursor opened before the first batch runs.
fn batches(sql: &str, mut f: impl FnMut(Vec<Vec<Option<String>>>) -> Result<()>) -> Result<()> {
    let size = settings::batch_rows() as _;
    let name = Spi::connect_mut(|client| -> std::result::Result<_, pgrx::spi::Error> {
        Ok(client.try_open_cursor(sql, &[])?.detach_into_name())
    })
    .map_err(spi_err("opening a cursor"))?;
    loop {
        pg_sys::check_for_interrupts!();
        let rows = Spi::connect_mut(|client| -> std::result::Result<_, pgrx::spi::Error> {
            let mut cursor = client.find_cursor(&name)?;
            let mut out = Vec::new();
            for row in cursor.fetch(size)? {
                let mut values = Vec::with_capacity(row.columns());
                for i in 1..=row.columns() {
                    values.push(row.get::<String>(i)?);
                }
                out.push(values);
            }
            let _ = cursor.detach_into_name();
            Ok(out)
        })
        .map_err(spi_err("reading a batch"))?;
        if rows.is_empty() {
            break;
        }
        f(rows)?;
    }
    Spi::connect_mut(|client| client.find_cursor(&name).map(drop)).map_err(spi_err("closing a cursor"))?;
    Ok(())
}

/// The plain pass; returns the rows that change (plain values or key pseudonyms).
fn plain_pass(catalog: &Catalog, ext: &str, plan: &Plan, total: i64) -> Result<i64> {
    let sql = plan::plain_batch_sql(catalog, ext, plan);
    let mut progress = Progress::new(format!("synth_anonymize {}", catalog.root().name));
    let (mut done, mut changed) = (0i64, 0i64);
    batches(&plan::plain_cursor_sql(catalog), |rows| {
        let oids: Vec<i64> = rows.iter().map(|r| r[0].as_deref().and_then(|s| s.parse().ok()).unwrap_or(0)).collect();
        let tids: Vec<String> = rows.iter().map(|r| r[1].clone().unwrap_or_default()).collect();
        done += rows.len() as i64;
        changed += Spi::connect_mut(|client| -> std::result::Result<_, pgrx::spi::Error> {
            client.update(sql.as_str(), None, &[oids.into(), tids.into()])?.first().get_one::<i64>()
        })
        .map_err(|e| SynthError::new(Code::Internal, format!("rewriting {}: {e}", catalog.root().name)))?
        .unwrap_or(0);
        progress.tick(|| format!("{done} of {total} rows read, {changed} changed"));
        Ok(())
    })?;
    Ok(changed)
}

/// How a two-phase key is parked, after checking that its values can be.
fn temp_of(catalog: &Catalog, key: &KeyPlan) -> Result<Option<Temp>> {
    let key_col = catalog.root().column(&key.column).ok_or_else(|| SynthError::new(Code::Internal, "no key"))?;
    match key_col.ty {
        ColType::Int { min, max } => {
            let (mut lo, mut hi) = (None::<i64>, None::<i64>);
            let mut bounds = Vec::new();
            for m in &key.members {
                let table = &catalog.tables[m.table];
                let x = crate::anonymize::ident(&m.column);
                let (a, b) =
                    Spi::get_two::<i64, i64>(&format!("SELECT min({x})::int8, max({x})::int8 FROM {}", table.name))
                        .map_err(spi_err("reading a key's range"))?;
                lo = match (lo, a) {
                    (Some(l), Some(a)) => Some(l.min(a)),
                    (l, a) => l.or(a),
                };
                hi = match (hi, b) {
                    (Some(h), Some(b)) => Some(h.max(b)),
                    (h, b) => h.or(b),
                };
                if let Some(ColType::Int { min, max }) = table.column(&m.column).map(|c| c.ty) {
                    bounds.push((min, max));
                }
            }
            match (lo, hi) {
                (Some(lo), Some(hi)) => plan::int_temp(lo, hi, (min, max), &bounds)
                    .map(Some)
                    .map_err(|e| rules::in_column(e, &catalog.root().name, &key.column)),
                _ => Ok(None),
            }
        }
        _ => {
            let utf8 = Spi::get_one::<bool>("SELECT pg_catalog.getdatabaseencoding() = 'UTF8'")
                .map_err(spi_err("reading the encoding"))?
                .unwrap_or(false);
            if !utf8 {
                return Err(SynthError::new(
                    Code::FeatureNotSupported,
                    format!("pseudonymizing the text key \"{}\" in place needs a UTF8 database", key.column),
                )
                .hint("Keys move through temporary values in Unicode's private-use plane; use {\"pseudonymize\": \"hash\"} instead, which moves once."));
            }
            for m in &key.members {
                let table = &catalog.tables[m.table];
                let x = crate::anonymize::ident(&m.column);
                let blocked = Spi::get_one::<bool>(&format!(
                    "SELECT EXISTS (SELECT 1 FROM {} WHERE {x} IS NOT NULL AND {x}::text <> '' AND ascii({x}::text) >= {TEMP_LIMIT})",
                    table.name
                ))
                .map_err(spi_err("checking a key's values"))?
                .unwrap_or(false);
                if blocked {
                    return Err(SynthError::new(
                        Code::FeatureNotSupported,
                        format!("column \"{}\" of {} has values starting with a character beyond U+1FFFF", m.column, table.name),
                    )
                    .hint("Such values cannot be parked while the key is rewritten; use {\"pseudonymize\": \"hash\"} instead."));
                }
            }
            Ok(Some(Temp::Text))
        }
    }
}

/// Rewrites one key and its members: one or two phases, each over the key's values, then over
/// values of referencing columns the key's batches did not reach (partly NULL composite
/// references, which PostgreSQL does not check).
fn key_pass(catalog: &Catalog, ext: &str, key: &KeyPlan) -> Result<()> {
    let temp = if key.two_phase { temp_of(catalog, key)? } else { None };
    let steps: &[Step] = match temp {
        Some(_) => &[Step::ToTemp, Step::FromTemp],
        None => &[Step::Direct],
    };
    let tables = key.tables();
    let mut rows = vec![0i64; tables.len()];
    let root = &catalog.root().name;
    let mut progress = Progress::new(format!("synth_anonymize {root}, key {}", crate::anonymize::ident(&key.column)));
    for (phase, &step) in steps.iter().enumerate() {
        let sql = key.batch_sql(catalog, ext, step, temp);
        let members = if step == Step::Direct { 1 } else { key.members.len() };
        for i in 0..members {
            let mut done = 0usize;
            batches(&key.cursor_sql(catalog, i, step, temp), |batch| {
                let values: Vec<String> = batch.into_iter().filter_map(|mut r| r.pop().flatten()).collect();
                done += values.len();
                let counts = Spi::connect_mut(|client| -> std::result::Result<_, pgrx::spi::Error> {
                    client.update(sql.as_str(), None, &[values.into()])?.first().get_one::<Vec<i64>>()
                })
                .map_err(|e| SynthError::new(Code::Internal, format!("rewriting key \"{}\": {e}", key.column)))?
                .unwrap_or_default();
                if step != Step::ToTemp {
                    for (r, c) in rows.iter_mut().zip(counts) {
                        *r += c;
                    }
                }
                progress.tick(|| format!("phase {} of {}, {done} values", phase + 1, steps.len()));
                Ok(())
            })?;
        }
    }
    for (n, &t) in tables.iter().enumerate().skip(1) {
        let cols: Vec<&str> = key.members.iter().filter(|m| m.table == t).map(|m| m.column.as_str()).collect();
        notice!(
            "synth_anonymize: {} rows of {} follow {root}.{} ({})",
            rows[n],
            catalog.tables[t].name,
            crate::anonymize::ident(&key.column),
            cols.join(", ")
        );
    }
    for fk in &key.cascades {
        notice!(
            "synth_anonymize: foreign key \"{fk}\" cascades the new values of {root}.{}",
            crate::anonymize::ident(&key.column)
        );
    }
    Ok(())
}

pub fn anonymize(relid: pg_sys::Oid, doc: Option<serde_json::Value>) -> Result<u64> {
    check_relation(relid)?;
    check_not_system(relid)?;
    let mut catalog = read_catalog(relid)?;
    // The table and those whose keys follow it: UPDATEs Citus cannot run as one rewrite.
    for table in &catalog.tables {
        let oid =
            Spi::get_one_with_args::<pg_sys::Oid>("SELECT $1::pg_catalog.regclass::oid", &[table.name.as_str().into()])
                .map_err(spi_err("naming a table"))?
                .unwrap_or(relid);
        citus::refuse_rewrite(oid, "synth_anonymize")?;
    }
    for s in pii::sensitive_columns(relid)? {
        if let Some(c) = catalog.tables[0].columns.iter_mut().find(|c| c.name == s.column) {
            c.category = Some(s.category.unwrap_or_else(|| "sensitive".into()));
        }
    }
    let rules = match &doc {
        Some(doc) => rules::parse_rules(doc)?,
        None => rules_from_store(relid, &catalog)?,
    };
    let plan = plan::plan(&catalog, rules)?;
    if plan.is_empty() {
        notice!("synth_anonymize: no rule rewrites {}", catalog.root().name);
        return Ok(0);
    }
    if plan.needs_secret() {
        pseudonym::secret(None, settings::secret().as_deref(), "synth_anonymize").map_err(|e| {
            e.hint("Have a superuser set synthdata.secret: ALTER DATABASE … SET synthdata.secret = '…' (or SET synthdata.secret for the session).")
        })?;
    }
    for (name, _) in &plan.plain {
        check_update(&catalog.root().name, name)?;
    }
    for key in &plan.keys {
        for m in &key.members {
            check_update(&catalog.tables[m.table].name, &m.column)?;
        }
    }
    check_constants(&catalog, &plan)?;
    let ext = Spi::get_one::<String>(
        "SELECT pg_catalog.quote_ident(n.nspname::text) FROM pg_catalog.pg_extension e
           JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'synthdata'",
    )
    .map_err(spi_err("finding the extension's schema"))?
    .ok_or_else(|| SynthError::new(Code::UndefinedObject, "extension \"synthdata\" is not installed"))?;
    let total = Spi::get_one::<i64>(&format!("SELECT count(*) FROM {}", catalog.root().name))
        .map_err(spi_err("counting rows"))?
        .unwrap_or(0);
    let changed = plain_pass(&catalog, &ext, &plan, total)?;
    for key in &plan.keys {
        key_pass(&catalog, &ext, key)?;
    }
    Ok(changed.max(0) as u64)
}
