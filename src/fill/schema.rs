//! Whole schemas: fills of every table in dependency order, from the live statistics or from a
//! profile brought from another database (`introspect::schema` reads one), and cascades that fill
//! a table's empty parents first.

use std::collections::{BTreeMap, HashMap};

use pgrx::prelude::*;
use pgrx::{pg_sys, Spi};

use crate::error::{Code, Result, SynthError};
use crate::fill::lock::FillLocks;
use crate::fill::row_source::FillSpec;
use crate::fill::{distributed, log, writer};
use crate::generate::degree::{self, DegreeAssigner};
use crate::generate::scenario::Scenario;
use crate::generate::{takes_default, ParentKeys};
use crate::introspect::schema::{read_schema_profile, schema_tables};
use crate::introspect::{catalog, citus, context, sample, settings};
use crate::permute::Permutation;
use crate::pg::spi_err;
use crate::plan::{self, FkEdge, TableNode};
use crate::profile::*;
use crate::rng::Key;

/// The target tables of a profile in `schema`, checked against it: every table and column must
/// exist with the same type. Returns the relation of each profile table.
fn match_target(schema: &str, profile: &SchemaProfile) -> Result<Vec<pg_sys::Oid>> {
    if profile.format_version != FORMAT_VERSION {
        return Err(SynthError::invalid(format!(
            "profile format_version {} is not supported (this synthdata reads {FORMAT_VERSION})",
            profile.format_version
        )));
    }
    let target: HashMap<String, pg_sys::Oid> = schema_tables(schema)?.into_iter().collect();
    let mut out = Vec::with_capacity(profile.tables.len());
    for t in &profile.tables {
        let Some(&oid) = target.get(&t.table.name) else {
            return Err(SynthError::new(
                Code::UndefinedTable,
                format!("table \"{}\" of the profile does not exist in schema \"{schema}\"", t.table.name),
            )
            .hint("Create the schema from the same DDL as the profiled database (pg_dump --schema-only)."));
        };
        let live = catalog::read_profile(oid)?;
        for c in &t.columns {
            let Some(lc) = live.column(&c.name) else {
                return Err(SynthError::new(
                    Code::UndefinedColumn,
                    format!(
                        "column \"{}\" of table \"{}\" in the profile does not exist in schema \"{schema}\"",
                        c.name, t.table.name
                    ),
                ));
            };
            if !same_type(&lc.ty, &c.ty) {
                return Err(SynthError::new(
                    Code::DatatypeMismatch,
                    format!(
                        "column \"{}\" of table \"{}\" is {} here but {} in the profile",
                        c.name, t.table.name, lc.ty.name, c.ty.name
                    ),
                ));
            }
        }
        if let Some(extra) = live.columns.iter().find(|lc| t.column(&lc.name).is_none()) {
            return Err(SynthError::new(
                Code::UndefinedColumn,
                format!("column \"{}\" of table \"{}\" is not in the profile", extra.name, t.table.name),
            )
            .hint("Profile a database with the same DDL, or fill this table with synth_fill."));
        }
        out.push(oid);
    }
    Ok(out)
}

/// Types match when their kinds, typmods and unqualified names do (the schema of a user type may
/// differ between the profiled database and the target).
fn same_type(a: &TypeInfo, b: &TypeInfo) -> bool {
    let bare = |n: &str| n.rsplit('.').next().unwrap_or(n).to_string();
    a.kind == b.kind
        && bare(&a.name) == bare(&b.name)
        && a.max_length == b.max_length
        && a.precision == b.precision
        && a.scale == b.scale
}

/// The table as SQL names it (`regclass` output: quoted, schema-qualified where needed).
fn table_text(relid: pg_sys::Oid) -> Result<String> {
    crate::pg::spi::get_one_with_args::<String>("SELECT $1::pg_catalog.regclass::text", &[relid.into()])
        .map_err(spi_err("looking up a table"))?
        .ok_or_else(|| SynthError::new(Code::UndefinedTable, "table disappeared"))
}

/// One table filled by a schema fill, with the rows it received.
pub struct Filled {
    pub relid: pg_sys::Oid,
    pub rows: u64,
}

/// How many rows each table of a schema fill gets.
pub enum Sizes {
    /// The profiled row count (`reltuples`) times this.
    Scale(f64),
    /// An empty schema: `rows` for the tables that reference no other, three per row of the
    /// largest parent for the others, none for tables already holding rows (see
    /// `plan::rows_from`); `tables` by name over both (tables it does not name get nothing when
    /// `rows` is `None`).
    Rows { rows: Option<u64>, tables: BTreeMap<String, u64> },
}

/// Fills every table of `schema` in dependency order, as many rows each as `sizes` says,
/// children per parent as profiled. With `profile`, generation follows it instead of the live
/// statistics.
pub fn fill_schema(
    schema: &str,
    sizes: Sizes,
    seed: i64,
    profile: Option<SchemaProfile>,
    scenario: &Scenario,
) -> Result<Vec<Filled>> {
    if let Sizes::Scale(scale) = sizes {
        if !scale.is_finite() || scale < 0.0 {
            return Err(SynthError::invalid(format!("scale must be a non-negative number, not {scale}")));
        }
    }
    // Every table of the schema is locked before anything of it is read (see `lock`).
    let mut locks = FillLocks::default();
    let tables: Vec<pg_sys::Oid> = schema_tables(schema)?.into_iter().map(|(_, oid)| oid).collect();
    locks.lock(&tables);
    // On Citus, before anything is read (see `distributed::one_connection_per_node`).
    let filled = distributed::one_connection_per_node(distributed::mixed(&tables)?, || {
        fill_locked_schema(schema, sizes, seed, profile, scenario, &mut locks)
    })?;
    locks.release_snapshots();
    Ok(filled)
}

/// [`fill_schema`] once the schema's tables are locked.
fn fill_locked_schema(
    schema: &str,
    sizes: Sizes,
    seed: i64,
    profile: Option<SchemaProfile>,
    scenario: &Scenario,
    locks: &mut FillLocks,
) -> Result<Vec<Filled>> {
    let source = if profile.is_some() { "imported" } else { log::live_source() };
    let profile = match profile {
        Some(p) => p,
        None => read_schema_profile(schema, settings::sample_rows())?,
    };
    let relids = match_target(schema, &profile)?;
    for relid in &relids {
        writer::check_fillable(*relid)?;
    }
    if let Some(name) = &scenario.anomaly_column {
        if !profile.tables.iter().any(|t| t.column(name).is_some()) {
            return Err(SynthError::new(
                Code::UndefinedColumn,
                format!("anomaly_column \"{name}\" is not a column of any table of schema {schema}"),
            )
            .hint("anomaly_column names a boolean column set true on anomalous rows, in the tables that have it."));
        }
    }
    if let Sizes::Rows { tables, .. } = &sizes {
        if let Some(name) = tables.keys().find(|n| !profile.tables.iter().any(|t| &t.table.name == *n)) {
            return Err(SynthError::new(
                Code::UndefinedTable,
                format!("table_rows names table \"{name}\", which is not a table of schema \"{schema}\""),
            )
            .hint("Name the tables as they are in the schema, without the schema name."));
        }
    }
    fill_tables(schema, &profile, source, &relids, &sizes, seed, scenario, locks)
}

/// Fills each table of `profile` with the rows `sizes` gives it (those with 0 are skipped), in
/// dependency order, then links the foreign keys the order could not satisfy.
#[allow(clippy::too_many_arguments)]
fn fill_tables(
    schema: &str,
    profile: &SchemaProfile,
    source: &'static str,
    relids: &[pg_sys::Oid],
    sizes: &Sizes,
    seed: i64,
    scenario: &Scenario,
    locks: &mut FillLocks,
) -> Result<Vec<Filled>> {
    let since = unsafe { pg_sys::GetCurrentCommandId(false) };
    // The tables of the fill: the schema's, in the target schema; and, filling an empty schema,
    // the empty tables of other schemas they reference, transitively, so that no key dangles.
    let own = profile.tables.len();
    let mut members: Vec<TableProfile> = profile
        .tables
        .iter()
        .map(|t| {
            let mut table = t.clone();
            table.table.schema = schema.to_string();
            retarget_foreign_keys(&mut table, &profile.schema, schema);
            table
        })
        .collect();
    let mut relids = relids.to_vec();
    if let Sizes::Rows { .. } = sizes {
        add_empty_parents(&mut members, &mut relids, locks)?;
    }
    let taken: Vec<Vec<TakenSerial>> = members.iter_mut().map(take_over_serials).collect();
    let qualified = |s: &str, t: &str| format!("{s}.{t}");
    let nodes: Vec<TableNode> = members
        .iter()
        .map(|t| TableNode {
            name: qualified(&t.table.schema, &t.table.name),
            fks: t
                .foreign_keys
                .iter()
                .map(|fk| FkEdge {
                    name: fk.name.clone(),
                    parent: qualified(&fk.ref_schema, &fk.ref_table),
                    nullable: nullable(t, fk),
                    deferrable: fk.deferrable,
                    own_row: own_row(t, fk),
                })
                .collect(),
        })
        .collect();
    let mut order = plan::plan(&nodes)?;
    distributed::undistributed_first(&relids, &mut order.order)?;
    let rows: Vec<u64> = match sizes {
        Sizes::Scale(scale) => {
            let mut rows = Vec::with_capacity(members.len());
            for (i, t) in members.iter().enumerate() {
                let n = if i < own { (t.table.reltuples.max(0.0) * scale).round() } else { 0.0 };
                // A profile may say anything: beyond what one call generates is an error, not
                // a fill that would run for ever.
                if n.is_nan() || n > MAX_ROWS {
                    return Err(SynthError::invalid(format!(
                        "table {} would get {n} rows ({} rows in the profile times scale {scale}), more than synthdata generates in one call (10^15)",
                        t.qualified_name(),
                        t.table.reltuples
                    ))
                    .hint("Lower scale, or size the tables with rows => … or table_rows => …."));
                }
                rows.push(n as u64);
            }
            rows
        }
        Sizes::Rows { rows, tables } => {
            let fixed: Vec<Option<u64>> = (0..members.len())
                .map(|i| if i < own { tables.get(&members[i].table.name).copied() } else { None })
                .collect();
            let mut existing = Vec::with_capacity(relids.len());
            for relid in &relids {
                let sql = format!("SELECT count(*) FROM {}", table_text(*relid)?);
                existing
                    .push(crate::pg::spi::get_one::<i64>(&sql).map_err(spi_err("counting rows"))?.unwrap_or(0).max(0)
                        as u64);
            }
            match rows {
                Some(n) => plan::rows_from(&nodes, &order, *n, &fixed, &existing),
                None => fixed.iter().map(|f| f.unwrap_or(0)).collect(),
            }
        }
    };
    let deferred: Vec<(String, String)> =
        order.deferred.iter().map(|(i, fk)| (members[*i].table.schema.clone(), fk.clone())).collect();
    defer_checks(&deferred)?;
    let paused = super::triggers::pause(&relids)?;
    // Children per parent of a foreign key of the schema's tables, as profiled.
    let spread = |i: usize, fk: &str| {
        (i < own)
            .then(|| profile.relationship(&profile.tables[i].table.name, fk).map(|r| r.children_per_parent.clone()))
            .flatten()
    };
    let mut filled = Vec::new();
    for &i in &order.order {
        let t = &members[i];
        let spec = FillSpec {
            spread: t.foreign_keys.iter().map(|fk| spread(i, &fk.name)).collect(),
            linked: t.foreign_keys.iter().map(|fk| order.is_linked(i, &fk.name)).collect(),
            // The anomaly column marks the schema's tables that have it.
            scenario: if i < own {
                Scenario {
                    anomaly_column: scenario.anomaly_column.clone().filter(|c| t.column(c).is_some()),
                    ..scenario.clone()
                }
            } else {
                Scenario::default()
            },
            profile: Some(t.clone()),
            // Sized by rows: a table whose keys have less room than that gets what they allow.
            fit_to_keys: matches!(sizes, Sizes::Rows { .. }),
            source: Some(if i < own { source } else { log::live_source() }),
        };
        let n = writer::fill_with(relids[i], rows[i], seed, spec)?;
        advance_sequences(relids[i], &taken[i])?;
        if i >= own && n > 0 {
            notice!("synth_fill_schema: filled {} with {n} rows first (its tables reference it)", t.qualified_name());
        }
        filled.push(Filled { relid: relids[i], rows: n });
    }
    for (i, fk_name) in &order.linked {
        let t = &members[*i];
        let Some(fk) = t.foreign_keys.iter().find(|f| &f.name == fk_name) else { continue };
        let model = link_model(relids[*i], fk_name, || spread(*i, fk_name))?;
        link(relids[*i], t, fk, &model, seed, since)?;
    }
    check_deferred(&deferred)?;
    super::triggers::resume(paused)?;
    Ok(filled)
}

/// Children per parent of the links of foreign key `fk_name` of table `relid`: during a replay those the
/// logged fill used, else `profiled()` (or spread evenly).
fn link_model(
    relid: pg_sys::Oid,
    fk_name: &str,
    profiled: impl FnOnce() -> Option<ChildrenPerParent>,
) -> Result<ChildrenPerParent> {
    match log::pin_of(relid, false)? {
        Some(pin) => {
            let f = pin.profile.foreign_keys.iter().position(|f| f.name == fk_name);
            Ok(f.and_then(|f| pin.spec.spread.get(f).cloned().flatten()).unwrap_or_default())
        }
        None => Ok(profiled().unwrap_or_default()),
    }
}

/// Whether parent table `oid` is empty, and then fillable by the current role (an error if not).
/// Locked first (see `lock`), so that a fill of it that commits meanwhile is seen.
fn empty_parent(oid: pg_sys::Oid, locks: &mut FillLocks) -> Result<bool> {
    locks.lock(&[oid]);
    let name = table_text(oid)?;
    let empty = !crate::pg::spi::get_one::<bool>(&format!("SELECT EXISTS (SELECT 1 FROM {name})"))
        .map_err(spi_err("looking at a parent table"))?
        .unwrap_or(false);
    if empty {
        writer::check_fillable(oid)?;
    }
    Ok(empty)
}

/// The most rows one call generates for one table (as `synth_fill`'s `n` allows).
const MAX_ROWS: f64 = 1e15;

/// Adds to `tables` (and their relations to `relids`) the empty tables of other schemas that they
/// reference, and those these reference, and so on.
fn add_empty_parents(
    tables: &mut Vec<TableProfile>,
    relids: &mut Vec<pg_sys::Oid>,
    locks: &mut FillLocks,
) -> Result<()> {
    let mut i = 0;
    while i < tables.len() {
        let fks = tables[i].foreign_keys.clone();
        for fk in fks {
            if tables.iter().any(|t| t.table.schema == fk.ref_schema && t.table.name == fk.ref_table) {
                continue;
            }
            let Some(oid) = catalog::table_oid(&fk.ref_schema, &fk.ref_table)? else { continue };
            if empty_parent(oid, locks)? {
                tables.push(sample::read_profile(oid, settings::sample_rows())?);
                relids.push(oid);
            }
        }
        i += 1;
    }
    Ok(())
}

/// `SET CONSTRAINTS … DEFERRED` for the deferred keys, (schema, constraint) each: their rows are
/// inserted with placeholders and linked before [`check_deferred`].
fn defer_checks(keys: &[(String, String)]) -> Result<()> {
    for (schema, name) in keys {
        let sql = format!("SET CONSTRAINTS {} DEFERRED", pgrx::spi::quote_qualified_identifier(schema, name));
        Spi::run(&sql).map_err(|e| {
            SynthError::new(Code::FeatureNotSupported, format!("cannot defer the check of foreign key \"{name}\": {e}"))
                .hint("The profile says the constraint is DEFERRABLE; declare it so in the target schema too.")
        })?;
    }
    Ok(())
}

/// Checks the deferred keys now, once linked (an error rolls the whole fill back, rather than
/// failing at COMMIT), and puts back their declared mode for the rest of the transaction.
fn check_deferred(keys: &[(String, String)]) -> Result<()> {
    for (schema, name) in keys {
        let qualified = pgrx::spi::quote_qualified_identifier(schema, name);
        Spi::run(&format!("SET CONSTRAINTS {qualified} IMMEDIATE")).map_err(spi_err("checking deferred keys"))?;
        let initially_deferred = crate::pg::spi::get_one_with_args::<bool>(
            "SELECT bool_or(c.condeferred) FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_namespace n ON n.oid = c.connamespace
              WHERE n.nspname = $1 AND c.conname = $2 AND c.contype = 'f'",
            &[schema.as_str().into(), name.as_str().into()],
        )
        .map_err(spi_err("reading a constraint's mode"))?
        .unwrap_or(false);
        if initially_deferred {
            Spi::run(&format!("SET CONSTRAINTS {qualified} DEFERRED")).map_err(spi_err("restoring deferred keys"))?;
        }
    }
    Ok(())
}

/// Foreign keys of a profile taken in schema `from` point at tables of the target schema `to`.
fn retarget_foreign_keys(t: &mut TableProfile, from: &str, to: &str) {
    for fk in &mut t.foreign_keys {
        if fk.ref_schema == from {
            fk.ref_schema = to.to_string();
        }
    }
}

/// A serial column a fill numbers itself, and its sequence when its DEFAULT names one.
struct TakenSerial {
    column: String,
    sequence: Option<String>,
}

/// Takes over the serial columns that a NOT NULL self-reference which cannot be deferred points
/// at (each row points at itself until linked, so the row must know its key) and those a CHECK
/// of the table reads (`id <> 1 OR …` is judged on the value the row will hold): their DEFAULT
/// leaves the fill's profile, the generator numbers them after the largest key, and
/// [`advance_sequences`] moves the sequence past the rows afterwards. Identity columns `GENERATED
/// ALWAYS` stay PostgreSQL's.
fn take_over_serials(t: &mut TableProfile) -> Vec<TakenSerial> {
    let mut wanted: Vec<String> = Vec::new();
    for fk in &t.foreign_keys {
        let self_ref = fk.ref_schema == t.table.schema && fk.ref_table == t.table.name;
        if self_ref && !fk.deferrable && !nullable(t, fk) {
            wanted.extend(fk.ref_columns.iter().cloned());
        }
    }
    for chk in &t.checks {
        for clause in crate::check_expr::parse_check(&chk.definition).clauses {
            wanted.extend(clause.columns());
        }
    }
    let mut taken = Vec::new();
    for col in t.columns.iter_mut() {
        let serial = col.is_sequence_backed()
            && col.generated.is_none()
            && col.identity.as_deref() != Some("always")
            && col.ty.kind.is_integer();
        if serial && wanted.contains(&col.name) {
            let sequence = col.default.as_deref().and_then(|d| {
                let start = d.find("nextval('")? + "nextval('".len();
                let len = d[start..].find('\'')?;
                Some(d[start..start + len].to_string())
            });
            taken.push(TakenSerial { column: col.name.clone(), sequence });
            col.default = None;
            col.identity = None;
            col.left_to_default = false;
        }
    }
    taken
}

/// Moves the sequence of each taken-over column past the largest key in the table, so that the
/// application's next INSERT does not draw a key the fill used.
fn advance_sequences(relid: pg_sys::Oid, taken: &[TakenSerial]) -> Result<()> {
    let table = table_text(relid)?;
    for t in taken {
        let col = pgrx::spi::quote_identifier(&t.column);
        let sequence = match &t.sequence {
            Some(s) => Some(s.clone()),
            None => crate::pg::spi::get_one_with_args::<String>(
                "SELECT pg_catalog.pg_get_serial_sequence($1, $2)",
                &[table.as_str().into(), t.column.as_str().into()],
            )
            .map_err(spi_err("finding a column's sequence"))?,
        };
        let Some(sequence) = sequence else { continue };
        let seq = crate::pg::spi::get_one::<String>(&format!(
            "SELECT {}::regclass::text",
            pgrx::spi::quote_literal(&sequence)
        ))
        .map_err(spi_err("finding a column's sequence"))?
        .unwrap_or(sequence);
        Spi::run(&format!(
            "SELECT pg_catalog.setval({lit}, m) FROM (SELECT max({col})::int8 AS m FROM {table}) k
              WHERE m IS NOT NULL AND m > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {seq})",
            lit = pgrx::spi::quote_literal(&seq),
        ))
        .map_err(spi_err("advancing a sequence past the generated keys"))?;
    }
    Ok(())
}

/// A NOT NULL self-reference whose referenced key synthdata generates: each row can point at
/// itself until it is linked.
fn own_row(t: &TableProfile, fk: &ForeignKey) -> bool {
    let self_ref = fk.ref_schema == t.table.schema && fk.ref_table == t.table.name;
    self_ref && !nullable(t, fk) && fk.ref_columns.iter().all(|c| t.column(c).is_some_and(|col| !takes_default(col)))
}

fn nullable(t: &TableProfile, fk: &ForeignKey) -> bool {
    fk.columns
        .iter()
        .all(|c| t.column(c).is_some_and(|col| !col.not_null && !col.ty.domain.as_ref().is_some_and(|d| d.not_null)))
}

/// Points the rows this transaction inserted into `t` with NULL in `fk`'s columns at parents:
/// children per parent as `model` says, the column's null share staying NULL. For a
/// self-reference, a row only points at a row with a smaller key, so trees stay trees. A NOT NULL
/// key (deferred) is linked in every row inserted, over its placeholder; in a self-reference its
/// first row, the root, points at itself.
///
/// `since` is the command id current when the fill began: only rows inserted by this transaction
/// from that command on are linked, so rows the caller inserted earlier keep their NULLs.
fn link(
    relid: pg_sys::Oid,
    t: &TableProfile,
    fk: &ForeignKey,
    model: &ChildrenPerParent,
    seed: i64,
    since: pg_sys::CommandId,
) -> Result<u64> {
    let q = pgrx::spi::quote_identifier;
    let table = pgrx::spi::quote_qualified_identifier(&t.table.schema, &t.table.name);
    let self_ref = fk.ref_schema == t.table.schema && fk.ref_table == t.table.name;
    let cols: Vec<&ColumnProfile> = fk.columns.iter().filter_map(|c| t.column(c)).collect();
    if cols.len() != fk.columns.len() || cols.iter().any(|c| takes_default(c)) {
        return Ok(0);
    }
    // A nullable key that is part of a unique key stays NULL: links could repeat a key
    // (`UNIQUE (parent_id, list_id)`), and NULLs never do.
    let in_unique = t.unique_keys().any(|k| !k.nulls_not_distinct && fk.columns.iter().any(|c| k.columns.contains(c)));
    if in_unique && nullable(t, fk) {
        return Ok(0);
    }
    // Links find this call's rows by their xmin, which shards on Citus workers do not share.
    let placement = citus::placement(relid)?;
    if placement.is_citus() {
        return Err(SynthError::new(
            Code::FeatureNotSupported,
            format!(
                "cannot fill {table}: its foreign key \"{}\" needs a second pass that links rows, which synthdata does not run on {}",
                fk.name,
                placement.describe()
            ),
        )
        .hint("Fill this table before distributing it, or fill it yourself."));
    }
    let parents = context::parent_keys(fk, &cols)?;
    if parents.is_empty() {
        return Ok(0);
    }
    let not_null = !nullable(t, fk);
    let null_share = if not_null {
        0.0
    } else {
        cols[0].stats.as_ref().map_or(crate::generate::column::DEFAULT_NULL_FRAC, |s| s.null_frac)
    };
    let xid = unsafe { pg_sys::GetCurrentTransactionIdIfAny() };
    let order = if self_ref { fk.ref_columns.iter().map(&q).collect::<Vec<_>>().join(", ") } else { "ctid".into() };
    let key_cols = if self_ref {
        fk.ref_columns.iter().map(|c| format!("{}::text", q(c))).collect::<Vec<_>>().join(" || ',' || ")
    } else {
        "NULL::text".into()
    };
    let null_test = if not_null {
        "true".to_string()
    } else {
        fk.columns.iter().map(|c| format!("{} IS NULL", q(c))).collect::<Vec<_>>().join(" AND ")
    };
    let rows_sql = format!(
        "SELECT tableoid, ctid::text, {key_cols} FROM {table} WHERE xmin::text = $1 AND cmin::text::int8 >= $2 AND {null_test} ORDER BY {order}"
    );
    let rows: Vec<(pg_sys::Oid, String, Option<String>)> =
        Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
            let mut out = Vec::new();
            for row in client.select(
                rows_sql.as_str(),
                None,
                &[xid.into_inner().to_string().into(), i64::from(since).into()],
            )? {
                out.push((
                    row.get::<pg_sys::Oid>(1)?.unwrap_or(pg_sys::InvalidOid),
                    row.get::<String>(2)?.unwrap_or_default(),
                    row.get::<String>(3)?,
                ));
            }
            Ok(out)
        })
        .map_err(spi_err("reading the rows to link"))?;
    if rows.is_empty() {
        return Ok(0);
    }
    let key = Key::from_seed(seed).derive(&t.table.name).derive("link").derive(&fk.name);
    let Some(assigner) = DegreeAssigner::new(model_or_even(model), parents.len(), rows.len() as u64, key) else {
        return Ok(0);
    };
    let positions = self_ref.then(|| key_positions(&parents, &cols));
    let mut updates: Vec<(pg_sys::Oid, String, u64)> = Vec::with_capacity(rows.len());
    // Exactly the column's share of NULLs stays NULL (for a tree: the roots, the first row included).
    let n = rows.len() as u64;
    let nulls = (null_share * n as f64).round() as u64;
    let stay_null = Permutation::new(n, key.derive("null").0);
    match &positions {
        Some(pos) => {
            // A tree over all rows of the table, in key order; only this call's rows get links.
            let order: Vec<Option<u64>> =
                rows.iter().map(|(_, _, k)| k.as_ref().and_then(|k| pos.get(k)).copied()).collect();
            let mut roots = vec![false; parents.len() as usize];
            let mut mine: HashMap<u64, usize> = HashMap::new();
            for (i, k) in order.iter().enumerate() {
                if let Some(k) = k {
                    mine.insert(*k, i);
                    roots[*k as usize] = stay_null.apply(i as u64) < nulls.saturating_sub(1);
                }
            }
            if let Some(r) = roots.first_mut() {
                *r = true;
            }
            // Rows already in the table keep their links: they are neither roots nor linked here.
            let weights = (0..parents.len()).map(|p| assigner.weight(p)).collect();
            for (k, parent) in degree::tree_parents(&roots, weights).into_iter().enumerate() {
                // A root of a NOT NULL self-reference points at itself.
                let parent = parent.map(|p| p as u64).or(not_null.then_some(k as u64));
                if let (Some(&i), Some(p)) = (mine.get(&(k as u64)), parent) {
                    updates.push((rows[i].0, rows[i].1.clone(), p));
                }
            }
        }
        None => {
            for (i, (rel, ctid, _)) in rows.iter().enumerate() {
                if stay_null.apply(i as u64) < nulls {
                    continue;
                }
                updates.push((*rel, ctid.clone(), assigner.parent_of(i as u64, 0)));
            }
        }
    }
    apply_links(relid, &table, fk, &parents, &updates)?;
    Ok(updates.len() as u64)
}

fn model_or_even(model: &ChildrenPerParent) -> &ChildrenPerParent {
    static EVEN: std::sync::LazyLock<ChildrenPerParent> =
        std::sync::LazyLock::new(|| ChildrenPerParent { bins: vec![(1, 1, 1.0)], ..Default::default() });
    if model.bins.is_empty() {
        &EVEN
    } else {
        model
    }
}

/// The position of each parent key in the parents' order, by the key's text (`a,b` for composites).
fn key_positions(parents: &ParentKeys, cols: &[&ColumnProfile]) -> HashMap<String, u64> {
    (0..parents.len())
        .map(|i| {
            let text: Vec<String> =
                (0..cols.len()).map(|part| parents.key_part(i, part).to_text(cols[part].ty.kind)).collect();
            (text.join(","), i)
        })
        .collect()
}

/// Writes the links: one UPDATE per batch of rows, keys passed as text arrays and cast to the
/// columns' types.
fn apply_links(
    relid: pg_sys::Oid,
    table: &str,
    fk: &ForeignKey,
    parents: &ParentKeys,
    updates: &[(pg_sys::Oid, String, u64)],
) -> Result<()> {
    let q = pgrx::spi::quote_identifier;
    let mut types = Vec::with_capacity(fk.columns.len());
    for c in &fk.columns {
        let ty = crate::pg::spi::get_one_with_args::<String>(
            "SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_catalog.pg_attribute WHERE attrelid = $1 AND attname = $2",
            &[relid.into(), c.as_str().into()],
        )
        .map_err(spi_err("reading column types"))?
        .unwrap_or_else(|| "text".into());
        types.push(ty);
    }
    let sets: Vec<String> = fk.columns.iter().map(q).collect();
    let vals: Vec<String> = types.iter().enumerate().map(|(i, ty)| format!("u.k{i}::{ty}")).collect();
    let unnest: Vec<String> = (0..fk.columns.len()).map(|i| format!("${}::text[]", i + 3)).collect();
    let names: Vec<String> = (0..fk.columns.len()).map(|i| format!("k{i}")).collect();
    let sql = format!(
        "UPDATE {table} AS c SET ({}) = ROW({}) FROM unnest($1::oid[], $2::text[], {}) AS u(rel, row_id, {})
          WHERE c.tableoid = u.rel AND c.ctid = u.row_id::tid",
        sets.join(", "),
        vals.join(", "),
        unnest.join(", "),
        names.join(", "),
    );
    for batch in updates.chunks(10_000) {
        pg_sys::check_for_interrupts!();
        let rels: Vec<pg_sys::Oid> = batch.iter().map(|u| u.0).collect();
        let ctids: Vec<String> = batch.iter().map(|u| u.1.clone()).collect();
        let mut keys: Vec<Vec<Option<String>>> = vec![Vec::with_capacity(batch.len()); fk.columns.len()];
        for (_, _, p) in batch {
            for (part, k) in keys.iter_mut().enumerate() {
                let v = parents.key_part(*p, part);
                k.push((!v.is_null()).then(|| v.to_text(crate::profile::TypeKind::Text)));
            }
        }
        Spi::connect_mut(|client| -> std::result::Result<(), pgrx::spi::Error> {
            let mut args: Vec<pgrx::datum::DatumWithOid> = vec![rels.into(), ctids.into()];
            for k in keys {
                args.push(k.into());
            }
            client.update(sql.as_str(), None, &args)?;
            Ok(())
        })
        .map_err(spi_err("linking rows"))?;
    }
    Ok(())
}

/// For `synth_fill(…, cascade => true)`: the empty tables `relid` depends on (directly or
/// through other empty tables), filled first in proportion, then the table itself.
pub fn fill_cascade(relid: pg_sys::Oid, n: u64, seed: i64, scenario: Scenario) -> Result<u64> {
    writer::check_fillable(relid)?;
    // The table, then each parent before it is looked at, is locked (see `lock`).
    let mut locks = FillLocks::default();
    locks.lock(&[relid]);
    // Its parents are found as it goes: on Citus, a cascade from a distributed table uses one
    // connection per node whatever they are.
    let from_distributed = matches!(citus::placement(relid)?, citus::Placement::Distributed { .. });
    let rows =
        distributed::one_connection_per_node(from_distributed, || cascade(relid, n, seed, scenario, &mut locks))?;
    locks.release_snapshots();
    Ok(rows)
}

fn cascade(relid: pg_sys::Oid, n: u64, seed: i64, scenario: Scenario, locks: &mut FillLocks) -> Result<u64> {
    let since = unsafe { pg_sys::GetCurrentCommandId(false) };
    let root = catalog::read_profile(relid)?;
    let mut tables = vec![root.clone()];
    let mut relids = vec![relid];
    let mut i = 0;
    while i < tables.len() {
        let fks = tables[i].foreign_keys.clone();
        for fk in fks {
            let name = pgrx::spi::quote_qualified_identifier(&fk.ref_schema, &fk.ref_table);
            if tables.iter().any(|t| t.table.schema == fk.ref_schema && t.table.name == fk.ref_table) {
                continue;
            }
            let oid = crate::pg::spi::get_one_with_args::<pg_sys::Oid>(
                "SELECT pg_catalog.to_regclass($1)::oid",
                &[name.as_str().into()],
            )
            .map_err(spi_err("finding a parent table"))?
            .ok_or_else(|| SynthError::new(Code::UndefinedTable, format!("relation {name} does not exist")))?;
            if empty_parent(oid, locks)? {
                tables.push(catalog::read_profile(oid)?);
                relids.push(oid);
            }
        }
        i += 1;
    }
    if tables.len() == 1 {
        return writer::fill(relid, n, seed, scenario);
    }
    // Rows in proportion: parents per child as in the statistics, else one parent per ten children.
    let index: HashMap<(String, String), usize> =
        tables.iter().enumerate().map(|(i, t)| ((t.table.schema.clone(), t.table.name.clone()), i)).collect();
    let mut rows = vec![0u64; tables.len()];
    rows[0] = n;
    let mut changed = true;
    while changed {
        changed = false;
        for (c, t) in tables.iter().enumerate() {
            for fk in &t.foreign_keys {
                let Some(&p) = index.get(&(fk.ref_schema.clone(), fk.ref_table.clone())) else { continue };
                if p == c || p == 0 {
                    continue;
                }
                let (pr, cr) = (tables[p].table.reltuples, t.table.reltuples);
                let ratio = if pr > 0.0 && cr > 0.0 { pr / cr } else { 0.1 };
                let mut want = ((rows[c] as f64) * ratio).ceil().max(1.0) as u64;
                // Enough parents for a key such as (order, line 1..9) to have room.
                if let Some(room) = crate::generate::children_room(t, fk) {
                    want = want.max(rows[c].div_ceil(room.max(1)));
                }
                if want > rows[p] {
                    rows[p] = want;
                    changed = true;
                }
            }
        }
    }
    // Plan as one schema (qualified names keep tables of different schemas apart).
    let schema_name = String::new();
    let mut as_schema: Vec<TableProfile> = tables.clone();
    for t in &mut as_schema {
        t.table.name = format!("{}.{}", t.table.schema, t.table.name);
        for fk in &mut t.foreign_keys {
            fk.ref_table = format!("{}.{}", fk.ref_schema, fk.ref_table);
            fk.ref_schema = schema_name.clone();
        }
    }
    let taken: Vec<Vec<TakenSerial>> = tables.iter_mut().map(take_over_serials).collect();
    let nodes: Vec<TableNode> = as_schema
        .iter()
        .zip(&tables)
        .map(|(t, original)| TableNode {
            name: t.table.name.clone(),
            fks: t
                .foreign_keys
                .iter()
                .zip(&original.foreign_keys)
                .map(|(fk, original_fk)| FkEdge {
                    name: fk.name.clone(),
                    parent: fk.ref_table.clone(),
                    nullable: nullable(t, fk),
                    deferrable: fk.deferrable,
                    own_row: own_row(original, original_fk),
                })
                .collect(),
        })
        .collect();
    let mut order = plan::plan(&nodes)?;
    distributed::undistributed_first(&relids, &mut order.order)?;
    let deferred: Vec<(String, String)> =
        order.deferred.iter().map(|(t, fk)| (tables[*t].table.schema.clone(), fk.clone())).collect();
    defer_checks(&deferred)?;
    let mut root_rows = 0;
    for &t in &order.order {
        let spec = FillSpec {
            linked: tables[t].foreign_keys.iter().map(|fk| order.is_linked(t, &fk.name)).collect(),
            profile: Some(tables[t].clone()),
            // The parents filled first are typical rows; the scenario is the table's own.
            scenario: if t == 0 { scenario.clone() } else { Scenario::default() },
            source: Some("catalog"),
            ..Default::default()
        };
        let n = writer::fill_with(relids[t], rows[t], seed, spec)?;
        advance_sequences(relids[t], &taken[t])?;
        if t == 0 {
            root_rows = n;
        } else {
            notice!("synth_fill: filled {} with {n} rows first (cascade)", tables[t].qualified_name());
        }
    }
    for (t, fk_name) in &order.linked {
        if let Some(fk) = tables[*t].foreign_keys.iter().find(|f| &f.name == fk_name) {
            let model = link_model(relids[*t], fk_name, || None)?;
            link(relids[*t], &tables[*t], fk, &model, seed, since)?;
        }
    }
    check_deferred(&deferred)?;
    Ok(root_rows)
}
