//! Inserting generated rows.
//!
//! `fill` takes the bulk path (`bulk`, COPY-style batches) where it is equivalent to an INSERT,
//! and otherwise one `INSERT … SELECT` over `synth_rows` through PostgreSQL's executor, so that
//! partition routing, triggers, generated columns and row-level security behave exactly as for any
//! INSERT. Either way the fill runs inside the caller's statement and transaction: on any error
//! nothing is left behind.

use pgrx::prelude::*;
use pgrx::{pg_sys, Spi};

use crate::error::{Code, Result, SynthError};
use crate::fill::row_source::{reporting_as, with_spec, FillSpec, RowSource};
use crate::fill::{bulk, distributed, log, parallel};
use crate::generate::scenario::Scenario;
use crate::generate::takes_default;
use crate::introspect::{catalog, citus, sample, settings};
use crate::profile::TableProfile;

/// Inserts `n` rows generated with `seed` in `scenario` into `relid`; returns the number inserted.
/// Concurrent fills of the table take turns (see `lock`).
pub fn fill(relid: pg_sys::Oid, n: u64, seed: i64, scenario: Scenario) -> Result<u64> {
    check_fillable(relid)?;
    let mut locks = super::lock::FillLocks::default();
    locks.lock(&[relid]);
    let paused = super::triggers::pause(&[relid])?;
    let n = fill_with(relid, n, seed, FillSpec { scenario, ..FillSpec::default() })?;
    super::triggers::resume(paused)?;
    locks.release_snapshots();
    Ok(n)
}

/// An error unless `relid` is a table the current role may fill: an ordinary or partitioned
/// table, not a system catalog, with INSERT granted.
pub fn check_fillable(relid: pg_sys::Oid) -> Result<()> {
    catalog::check_relation(relid)?;
    catalog::check_not_system(relid)?;
    check_insert_privilege(relid)
}

/// As [`fill`], following `spec` (a profile from elsewhere, children per parent, linked keys).
/// During a replay, the table's logged entry replaces `n`, `seed` and `spec`. The table gets an
/// entry in the fill log.
pub fn fill_with(relid: pg_sys::Oid, n: u64, seed: i64, spec: FillSpec) -> Result<u64> {
    let (started, started_at) = (std::time::Instant::now(), unsafe { pg_sys::GetCurrentTimestamp() });
    let (n, seed, mut spec) = match log::pin_of(relid, true)? {
        Some(pin) => {
            let spec = FillSpec {
                profile: Some(pin.profile),
                spread: pin.spec.spread.clone(),
                linked: pin.spec.linked.clone(),
                scenario: pin.spec.scenario.clone(),
                fit_to_keys: pin.spec.fit_to_keys,
                source: Some("logged"),
            };
            (pin.spec.rows, pin.seed, spec)
        }
        // A table the logged call did not write gets no rows in its replay.
        None if log::replaying() => return Ok(0),
        None => (n, seed, spec),
    };
    if n == 0 && spec.scenario.anomaly_column.is_none() {
        return Ok(0);
    }
    let (profile, source) = match spec.profile.take() {
        Some(p) => (p, spec.source.unwrap_or("caller")),
        None => (sample::read_profile(relid, settings::sample_rows())?, log::live_source()),
    };
    // A bad anomaly column is an error even when there is nothing to insert.
    let flag = spec.scenario.flag_column(&profile)?;
    if n == 0 {
        return Ok(0);
    }
    let logged = log::logged_spec(n, &spec);
    let placement = citus::placement(relid)?;
    let written = match bulk::ineligible(relid, &profile)? {
        // Never into a Citus shell: its heap is read by no query.
        _ if placement.is_citus() => {
            let cols = insert_columns(&profile, flag);
            spec.profile = Some(profile.clone());
            distributed::insert(relid, &placement, spec, n, seed, &cols)?
        }
        None => {
            bulk::lock_parents(&profile)?;
            spec.profile = Some(profile.clone());
            match settings::parallel() {
                1 => {
                    let mut source = RowSource::open_with(relid, spec, n, seed, "synth_fill")?;
                    bulk::insert(relid, &mut source)?
                }
                processes => parallel::insert(relid, &profile, spec, n, seed, processes)?,
            }
        }
        Some(reason) => {
            debug1!("synth_fill: inserting through INSERT … SELECT ({reason})");
            let cols = insert_columns(&profile, flag);
            spec.profile = Some(profile.clone());
            with_spec(relid, spec, || insert_select(&profile, &cols, n, seed))?
        }
    };
    log::note_written(relid, written);
    log::record(log::Entry {
        relid,
        rows: written,
        seed: Some(seed),
        profile: Some(&profile),
        source: Some(source),
        spec: Some(logged),
        started,
        started_at,
    })?;
    Ok(written)
}

/// The columns an INSERT names: those PostgreSQL does not fill itself, and the anomaly column.
fn insert_columns(profile: &TableProfile, flag: Option<usize>) -> Vec<String> {
    let named = |(i, c): &(usize, &crate::profile::ColumnProfile)| !takes_default(c) || Some(*i) == flag;
    profile.columns.iter().enumerate().filter(named).map(|(_, c)| pgrx::spi::quote_identifier(&c.name)).collect()
}

/// Inserts through the executor: `INSERT INTO t (…) SELECT … FROM synth_rows(NULL::t, n, seed)`.
pub fn insert_select(profile: &TableProfile, cols: &[String], n: u64, seed: i64) -> Result<u64> {
    let table = pgrx::spi::quote_qualified_identifier(&profile.table.schema, &profile.table.name);
    let schema = extension_schema()?;
    let sql = if cols.is_empty() {
        format!("INSERT INTO {table} SELECT FROM {schema}.synth_rows(NULL::{table}, $1, $2)")
    } else {
        let list = cols.join(", ");
        let fields: Vec<String> = cols.iter().map(|c| format!("(r).{c}")).collect();
        // OFFSET 0 keeps the set-returning call in its own subquery, streamed row by row.
        format!(
            "INSERT INTO {table} ({list}) SELECT {} FROM (SELECT {schema}.synth_rows(NULL::{table}, $1, $2) AS r OFFSET 0) s",
            fields.join(", ")
        )
    };
    let inserted = reporting_as("synth_fill", || {
        Spi::connect_mut(|client| client.update(sql.as_str(), None, &[(n as f64).into(), seed.into()]).map(|t| t.len()))
    })
    .map_err(|e| SynthError::new(Code::Internal, format!("inserting rows: {e}")))?;
    Ok(inserted as u64)
}

/// An error unless `relid` is a table whose fill can be explained: an ordinary or partitioned
/// table, not a system catalog (explaining writes nothing: no privilege beyond reading it).
pub fn check_explainable(relid: pg_sys::Oid) -> Result<()> {
    catalog::check_relation(relid)?;
    catalog::check_not_system(relid)
}

fn check_insert_privilege(relid: pg_sys::Oid) -> Result<()> {
    let ok = unsafe { pg_sys::pg_class_aclcheck(relid, pg_sys::GetUserId(), pg_sys::ACL_INSERT as pg_sys::AclMode) };
    if ok == pg_sys::AclResult::ACLCHECK_OK {
        return Ok(());
    }
    let name = Spi::get_one_with_args::<String>("SELECT $1::regclass::text", &[relid.into()])
        .ok()
        .flatten()
        .unwrap_or_default();
    Err(SynthError::new(Code::InsufficientPrivilege, format!("permission denied for table {name}")).hint(format!(
        "synth_fill inserts rows: the current role needs INSERT on {name} (GRANT INSERT ON {name} TO …)."
    )))
}

/// The schema synthdata is installed in, quoted, for calls back into its own functions.
pub fn extension_schema() -> Result<String> {
    Spi::get_one::<String>(
        "SELECT pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'synthdata'",
    )
    .map_err(|e| SynthError::new(Code::Internal, format!("finding synthdata's schema: {e}")))?
    .ok_or_else(|| SynthError::new(Code::Internal, "synthdata is not installed in this database"))
}
