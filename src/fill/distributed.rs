//! Fills of Citus tables, written through Citus and never into the coordinator's shell.
//!
//! A distributed table is filled by one `INSERT … SELECT` that Citus runs on the workers: the
//! SELECT joins a small distributed table of part numbers (`synthdata.citus_parts`, 256 rows
//! spread over its shards) LATERAL to `synth_rows_part`, so each worker generates the rows of the
//! parts its shards hold, in parallel, and Citus repartitions them by the target's distribution
//! column into its shards, in the caller's transaction. The call carries everything generation
//! depends on — the profile, the table as the coordinator found it (parent keys, existing rows)
//! and the options — as one JSON document, so a worker reads nothing of its own and every value
//! is the same function of (seed, table, column, row index) as on a single server: the same seed
//! gives the same rows. Reference tables and Citus local tables take the coordinator's
//! `INSERT … SELECT` over `synth_rows`, which Citus writes to every placement.

use std::cell::RefCell;
use std::rc::Rc;

use pgrx::prelude::*;
use pgrx::{pg_sys, Spi};
use serde::{Deserialize, Serialize};

use crate::error::{Code, Result, SynthError};
use crate::fill::row_source::{self, FillSpec, RowSource};
use crate::generate::scenario::Scenario;
use crate::generate::{Context, Options, TablePlan};
use crate::introspect::citus::{self, Placement};
use crate::profile::TableProfile;
use crate::semantic::Locale;

/// Parts a distributed fill is cut into (rows of `synthdata.citus_parts`).
pub const PARTS: u64 = 256;
/// The largest document sent to the workers (Citus copies it into every shard's task); a fill
/// whose parents' keys make it larger runs on the coordinator instead.
const MAX_DOCUMENT: usize = 16 << 20;

/// What a worker needs to generate any range of a fill's rows.
#[derive(Serialize, Deserialize)]
pub struct Part {
    pub profile: TableProfile,
    pub context: Context,
    pub seed: i64,
    pub locale: String,
    pub unsupported_as_null: bool,
    pub scenario: Scenario,
    pub fit_to_keys: bool,
}

impl Part {
    /// The part of a fill following `profile` in `context` with `opts`.
    pub fn new(profile: TableProfile, context: Context, opts: &Options) -> Part {
        Part {
            profile,
            context,
            seed: opts.seed,
            locale: opts.locale.code().to_string(),
            unsupported_as_null: opts.unsupported_as_null,
            scenario: opts.scenario.clone(),
            fit_to_keys: opts.fit_to_keys,
        }
    }

    pub fn options(&self) -> Result<Options> {
        let locale = Locale::parse(&self.locale)
            .ok_or_else(|| SynthError::invalid(format!("unknown locale \"{}\" in a fill part", self.locale)))?;
        Ok(Options {
            seed: self.seed,
            locale,
            unsupported_as_null: self.unsupported_as_null,
            scenario: self.scenario.clone(),
            fit_to_keys: self.fit_to_keys,
        })
    }
}

/// Inserts `n` rows of the Citus table `relid` through Citus; `cols` are the columns the INSERT
/// names. Returns the number inserted.
pub fn insert(
    relid: pg_sys::Oid,
    placement: &Placement,
    spec: FillSpec,
    n: u64,
    seed: i64,
    cols: &[String],
) -> Result<u64> {
    let profile = spec.profile.clone().ok_or_else(|| SynthError::new(Code::Internal, "a fill without a profile"))?;
    // A table whose every column PostgreSQL fills has nothing to generate on the workers.
    if !matches!(placement, Placement::Distributed { .. }) || cols.is_empty() {
        return on_the_coordinator(relid, spec, &profile, cols, n, seed);
    }
    let coordinator_spec = spec.clone();
    let (context, opts) = row_source::read_context(relid, &profile, spec, n, seed)?;
    // Built here once so that impossible constraints fail before any worker starts.
    let plan = TablePlan::build(&profile, &opts, &context)?;
    let n = plan.row_limit.map_or(n, |limit| n.min(limit));
    for note in plan.notes() {
        notice!("{note}");
    }
    drop(plan);
    let part = Part::new(profile.clone(), context, &opts);
    let doc = serde_json::to_string(&part)
        .map_err(|e| SynthError::new(Code::Internal, format!("writing the fill's parts: {e}")))?;
    let table = pgrx::spi::quote_qualified_identifier(&profile.table.schema, &profile.table.name);
    if doc.len() > MAX_DOCUMENT {
        notice!(
            "synth_fill {table}: generating on the coordinator: what the workers would need ({} MB, mostly its parents' keys) is too large to send",
            doc.len() >> 20
        );
        return on_the_coordinator(relid, coordinator_spec, &profile, cols, n, seed);
    }
    ensure_parts_table()?;
    let schema = super::writer::extension_schema()?;
    let fields: Vec<String> = cols.iter().map(|c| format!("r.{c}")).collect();
    let sql = format!(
        "INSERT INTO {table} ({}) SELECT {} FROM synthdata.citus_parts p, \
         LATERAL {schema}.synth_rows_part(NULL::{table}, {}, p.part * {n} / {PARTS}, (p.part + 1) * {n} / {PARTS}) r \
         WHERE p.part >= 0 AND p.part < {PARTS}",
        cols.join(", "),
        fields.join(", "),
        pgrx::spi::quote_literal(&doc),
    );
    // The workers report no progress: say where a long fill runs.
    if n >= 100_000 {
        notice!("synth_fill {table}: generating {n} rows on the Citus workers ({PARTS} parts)");
    } else {
        debug1!("synth_fill {table}: generating {n} rows on the Citus workers ({PARTS} parts)");
    }
    let inserted = Spi::connect_mut(|client| client.update(sql.as_str(), None, &[]).map(|t| t.len()))
        .map_err(|e| SynthError::new(Code::Internal, format!("inserting rows through Citus: {e}")))?;
    // Every part ran once: anything else is an error, never a fill of the wrong size.
    if inserted as u64 != n {
        return Err(SynthError::new(
            Code::Internal,
            format!("Citus inserted {inserted} rows into {table}, not the {n} generated"),
        )
        .hint("synthdata.citus_parts must hold the part numbers 0 to 255 once each: DROP TABLE synthdata.citus_parts; the next fill makes it again."));
    }
    Ok(inserted as u64)
}

/// The coordinator's `INSERT … SELECT` over `synth_rows` following `spec`, which Citus routes to
/// the table's shards or placements.
fn on_the_coordinator(
    relid: pg_sys::Oid,
    spec: FillSpec,
    profile: &TableProfile,
    cols: &[String],
    n: u64,
    seed: i64,
) -> Result<u64> {
    row_source::with_spec(relid, spec, || super::writer::insert_select(profile, cols, n, seed))
}

/// Reorders a dependency order (`order`, indexes into `relids`) so that the tables Citus does not
/// distribute come first, each group keeping its order. Citus refuses writes to a reference table
/// after a parallel write to a distributed one in the same transaction; the new order still puts
/// parents first, because Citus allows no foreign key from a reference or local table to a
/// distributed one.
pub fn undistributed_first(relids: &[pg_sys::Oid], order: &mut [usize]) -> Result<()> {
    if !citus::installed()? {
        return Ok(());
    }
    let mut distributed = vec![false; relids.len()];
    for &i in order.iter() {
        distributed[i] = matches!(citus::placement(relids[i])?, Placement::Distributed { .. });
    }
    order.sort_by_key(|&i| distributed[i]);
    Ok(())
}

/// True when `relids` mix tables Citus distributes with tables it does not (reference, Citus
/// local or plain tables): a fill of them must use one connection per node
/// ([`one_connection_per_node`]).
pub fn mixed(relids: &[pg_sys::Oid]) -> Result<bool> {
    if !citus::installed()? {
        return Ok(false);
    }
    let mut kinds = Vec::with_capacity(relids.len());
    for relid in relids {
        kinds.push(matches!(citus::placement(*relid)?, Placement::Distributed { .. }));
    }
    Ok(kinds.contains(&true) && kinds.contains(&false))
}

/// Runs `f` with Citus using one connection per node when `when` holds. Citus refuses to modify
/// a reference table in a transaction that has already read a distributed table in parallel (as
/// counting rows does), and switches to one connection per node after such a write anyway.
pub fn one_connection_per_node<T>(when: bool, f: impl FnOnce() -> Result<T>) -> Result<T> {
    if !when {
        return f();
    }
    let set = |value: &str| {
        crate::pg::spi::get_one_with_args::<String>(
            "SELECT pg_catalog.set_config('citus.multi_shard_modify_mode', $1, true)",
            &[value.into()],
        )
        .map_err(|e| SynthError::new(Code::Internal, format!("setting citus.multi_shard_modify_mode: {e}")))
    };
    let before =
        crate::pg::spi::get_one::<String>("SELECT pg_catalog.current_setting('citus.multi_shard_modify_mode', true)")
            .map_err(|e| SynthError::new(Code::Internal, format!("reading citus.multi_shard_modify_mode: {e}")))?;
    // No such setting: Citus's catalog is there but Citus is not loaded, and nothing runs on workers.
    let Some(before) = before else { return f() };
    set("sequential")?;
    let out = f();
    set(&before)?;
    out
}

/// Creates `synthdata.citus_parts`, the distributed table of part numbers, unless it exists.
fn ensure_parts_table() -> Result<()> {
    // Two first fills at once: the second waits for the first's transaction, then finds it.
    Spi::run("SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('synthdata.citus_parts'))")
        .map_err(|e| SynthError::new(Code::Internal, format!("locking synthdata.citus_parts: {e}")))?;
    let (exists, citus, may_create) = crate::pg::spi::get_three::<bool, bool, bool>(
        "SELECT pg_catalog.to_regclass('synthdata.citus_parts') IS NOT NULL,
                EXISTS (SELECT 1 FROM pg_catalog.pg_proc WHERE proname = 'create_distributed_table'),
                pg_catalog.has_schema_privilege('synthdata', 'CREATE')",
    )
    .map_err(|e| SynthError::new(Code::Internal, format!("looking for synthdata.citus_parts: {e}")))?;
    if exists == Some(true) {
        let whole = crate::pg::spi::get_one::<bool>(&format!(
            "SELECT count(DISTINCT part) = {PARTS} AND min(part) = 0 AND max(part) = {} FROM synthdata.citus_parts",
            PARTS - 1
        ))
        .map_err(|e| SynthError::new(Code::Internal, format!("reading synthdata.citus_parts: {e}")))?;
        if whole != Some(true) {
            return Err(SynthError::new(
                Code::ObjectNotInPrerequisiteState,
                format!("synthdata.citus_parts does not hold the part numbers 0 to {} once each", PARTS - 1),
            )
            .hint("DROP TABLE synthdata.citus_parts; the next fill of a distributed table makes it again."));
        }
        return Ok(());
    }
    if citus != Some(true) {
        return Err(SynthError::new(
            Code::ObjectNotInPrerequisiteState,
            "Citus's catalog names this table distributed, but Citus's create_distributed_table is not there",
        )
        .hint(
            "Is the citus extension installed in this database? SELECT * FROM pg_extension WHERE extname = 'citus';",
        ));
    }
    if may_create != Some(true) {
        return Err(SynthError::new(
            Code::InsufficientPrivilege,
            "permission denied to create synthdata.citus_parts, the table of part numbers a fill of a distributed table uses",
        )
        .hint("Run the first fill of a distributed table as a role with CREATE on schema synthdata (a superuser); later fills only read it."));
    }
    Spi::run("CREATE TABLE synthdata.citus_parts (part bigint PRIMARY KEY)")
        .and_then(|_| {
            Spi::run("SELECT create_distributed_table('synthdata.citus_parts', 'part', colocate_with => 'none')")
        })
        .and_then(|_| {
            Spi::run(&format!("INSERT INTO synthdata.citus_parts SELECT pg_catalog.generate_series(0, {})", PARTS - 1))
        })
        .and_then(|_| Spi::run("GRANT SELECT ON synthdata.citus_parts TO PUBLIC"))
        // A member of the extension, so that DROP EXTENSION synthdata drops it (on every node).
        .and_then(|_| Spi::run("ALTER EXTENSION synthdata ADD TABLE synthdata.citus_parts"))
        .map_err(|e| SynthError::new(Code::Internal, format!("creating synthdata.citus_parts: {e}")))
}

thread_local! {
    /// The last part document a worker read, parsed: the parts of one fill share it.
    static LAST: RefCell<Option<(String, Rc<Part>)>> = const { RefCell::new(None) };
}

/// The rows `lo .. hi` of the fill that `doc` (written by [`insert`]) describes, for table `relid`.
pub fn part_rows(relid: pg_sys::Oid, doc: &str, lo: u64, hi: u64) -> Result<RowSource> {
    let part = LAST.with(|last| -> Result<Rc<Part>> {
        let mut last = last.borrow_mut();
        if let Some((text, part)) = last.as_ref() {
            if text == doc {
                return Ok(part.clone());
            }
        }
        let part: Part = serde_json::from_str(doc).map_err(|e| {
            SynthError::new(Code::InvalidTextRepresentation, format!("not a synthdata fill part: {e}"))
                .hint("synth_rows_part is called by fills of Citus tables; call synth_rows instead.")
        })?;
        let part = Rc::new(part);
        *last = Some((doc.to_string(), part.clone()));
        Ok(part)
    })?;
    RowSource::open_part(relid, &part.profile, &part.context, &part.options()?, lo..hi.max(lo))
}
