//! Fills written by parallel workers (`synthdata.parallel`): n workers join the caller's
//! transaction and each generates and inserts chunks of row indexes it claims from a shared
//! counter, while the caller's backend waits for them.
//!
//! The workers are PostgreSQL's own parallel workers (the infrastructure parallel queries and
//! parallel CREATE INDEX use): they run in the caller's transaction, with its transaction id,
//! snapshot, locks (as one lock group) and settings. So the rows they insert belong to the
//! caller's transaction and the fill has one outcome: an error in any process, or a cancel,
//! aborts the transaction and every row goes with it. Every value is a pure function of (seed,
//! table, column, row index), so the rows are those a single process writes, whatever the
//! number of workers and whichever chunk each one takes. The first worker reports progress.
//!
//! PostgreSQL refuses inserts from parallel workers in general, because an INSERT may fire
//! triggers or foreign-key checks that need new command ids, and its guard says so; none of that
//! happens on the bulk path, whose rows carry the command id the caller's backend marked used
//! before the workers started. The guard is lifted around `table_multi_insert` alone
//! ([`InsertingAsLeader`]). What a worker cannot do is left to the caller's backend: sequence
//! values are reserved before the workers start (row `i` takes `first + i × increment`, the value
//! `nextval` gives it in a fill by one process). The caller's backend writes the table alone
//! where the workers could differ from it or from an INSERT: a table that is temporary, a
//! partition, not heap, new in this transaction under `wal_level = minimal`; whose DEFAULTs,
//! CHECKs or index expressions call functions that are not parallel safe; whose checks need the
//! database's verdict (run in subtransactions); whose sequences cycle, are shared by two columns,
//! cannot be read and set by the role, or are in use by another transaction; in a SERIALIZABLE
//! transaction; and when no worker can start.
//!
//! The workers' own statistics count their rows as inserted even when the caller's transaction
//! rolls back (`n_live_tup` then runs high until the next ANALYZE).

use std::sync::atomic::{AtomicU64, Ordering};

use pgrx::prelude::*;
use pgrx::{pg_sys, PgList};
use serde::{Deserialize, Serialize};

use crate::error::{Code, Result, SynthError};
use crate::fill::bulk::{self, Reserved, Writer};
use crate::fill::distributed::Part;
use crate::fill::row_source::{self, FillSpec, Progress, RowSource};
use crate::pg::error::OrRaise;
use crate::profile::TableProfile;

/// Rows a process claims at a time.
const CHUNK: u64 = 10_000;
const KEY_SHARED: u64 = 0x5359_4E54_4841_0001;
const KEY_JOB: u64 = 0x5359_4E54_4841_0002;

/// What the processes of a fill share: the next chunk to claim and the rows written so far.
#[repr(C)]
struct Shared {
    next_chunk: AtomicU64,
    written: AtomicU64,
    job_len: u64,
}

/// What a worker needs to write its chunks.
#[derive(Serialize, Deserialize)]
struct Job {
    relid: u32,
    rows: u64,
    cid: u32,
    reserved: Vec<Reserved>,
    /// How progress NOTICEs name the fill.
    label: String,
    part: Part,
}

/// Inserts the fill's `n` rows of `relid` (which takes the bulk path) with up to `processes`
/// parallel workers; returns the number inserted.
///
/// The workers write and this backend waits for them. It writes itself only where [`verdict`]
/// says so, when a sequence is busy, or when no worker could start: while workers run, its own
/// relation cache may know the table (or an index) as new in this transaction, and PostgreSQL
/// extends such a relation without taking the lock that keeps the workers apart.
pub fn insert(
    relid: pg_sys::Oid,
    profile: &TableProfile,
    spec: FillSpec,
    n: u64,
    seed: i64,
    processes: u32,
) -> Result<u64> {
    let (context, opts) = row_source::read_context(relid, profile, spec, n, seed)?;
    let mut source = RowSource::open_part(relid, profile, &context, &opts, 0..0)?;
    for note in source.plan.notes() {
        notice!("{note}");
    }
    let n = source.plan.row_limit.map_or(n, |limit| n.min(limit));
    let label = format!("{} {}", row_source::reporting_verb("synth_fill"), profile.qualified_name());
    let alone = |reason: String| debug1!("{label}: written by one process ({reason})");
    let sequences = match verdict(relid, &source, n, processes)? {
        Verdict::Alone(reason) => {
            alone(reason);
            return write_alone(relid, &mut source, n, &label, seed, &[], None);
        }
        Verdict::Parallel { sequences } => sequences,
    };
    let Some(reserved) = reserve_sequences(&sequences, n)? else {
        alone("a sequence of its defaults is in use by another transaction".into());
        return write_alone(relid, &mut source, n, &label, seed, &[], None);
    };
    // No more workers than chunks.
    let workers = processes.min(n.div_ceil(CHUNK) as u32);
    let cid = unsafe {
        // The workers share the transaction id: it must exist before they start.
        pg_sys::GetCurrentTransactionId();
        pg_sys::GetCurrentCommandId(true)
    };
    let job = Job {
        relid: relid.to_u32(),
        rows: n,
        cid,
        reserved: reserved.clone(),
        label: label.clone(),
        part: Part::new(profile.clone(), context, &opts),
    };
    let job = serde_json::to_vec(&job)
        .map_err(|e| SynthError::new(Code::Internal, format!("writing the workers' job: {e}")))?;
    let mut progress = Progress::new(label.clone(), n, seed);
    let team = unsafe { Team::launch(workers, &job) };
    let written = if team.launched() > 0 {
        let launched = team.launched();
        if launched < workers {
            notice!("{label}: {launched} of the {workers} parallel workers asked for could start (max_worker_processes, max_parallel_workers)");
        }
        let written = team.finish();
        progress.finish_reported_elsewhere(written);
        written
    } else {
        team.abandon();
        notice!("{label}: no parallel worker could start (max_worker_processes, max_parallel_workers); written by one process");
        write_alone(relid, &mut source, n, &label, seed, &reserved, Some(cid))?
    };
    if written != n {
        return Err(SynthError::new(Code::Internal, format!("{label}: {written} rows written, not {n}")));
    }
    Ok(written)
}

/// Writes rows `0..n` in this backend, with `reserved` sequence values and command id `cid` if
/// the workers' were taken (else as any one-process fill, frozen where it can be).
fn write_alone(
    relid: pg_sys::Oid,
    source: &mut RowSource,
    n: u64,
    label: &str,
    seed: i64,
    reserved: &[Reserved],
    cid: Option<pg_sys::CommandId>,
) -> Result<u64> {
    let mut writer = Writer::open(relid, source, reserved, cid)?;
    let shared = Shared { next_chunk: AtomicU64::new(0), written: AtomicU64::new(0), job_len: 0 };
    let mut progress = Progress::new(label.to_string(), n, seed);
    take_chunks(&shared, n, source, &mut writer, Some(&mut progress))?;
    writer.close();
    progress.finish(n);
    Ok(shared.written.load(Ordering::SeqCst))
}

/// Claims chunks of row indexes until none is left, writing each.
fn take_chunks(
    shared: &Shared,
    n: u64,
    source: &mut RowSource,
    writer: &mut Writer,
    mut progress: Option<&mut Progress>,
) -> Result<()> {
    loop {
        let lo = shared.next_chunk.fetch_add(1, Ordering::SeqCst).saturating_mul(CHUNK);
        if lo >= n {
            return Ok(());
        }
        source.seek(lo..(lo + CHUNK).min(n));
        let k = writer.write(source)?;
        let done = shared.written.fetch_add(k, Ordering::SeqCst) + k;
        if let Some(p) = progress.as_deref_mut() {
            p.report(done);
        }
    }
}

/// Whether workers may write a fill: if not, why; if so, the sequences whose values they need
/// reserved.
enum Verdict {
    Alone(String),
    /// `(attribute index, sequence)` of the DEFAULTs that are `nextval` of a sequence.
    Parallel {
        sequences: Vec<(usize, pg_sys::Oid)>,
    },
}

/// Whether the fill of `relid` is written by parallel workers or by the caller's backend alone.
fn verdict(relid: pg_sys::Oid, source: &RowSource, n: u64, processes: u32) -> Result<Verdict> {
    let alone = |reason: &str| Ok(Verdict::Alone(reason.to_string()));
    if processes <= 1 {
        return alone("synthdata.parallel = 1");
    }
    if n < 2 * CHUNK {
        return alone(&format!("fewer than {} rows", 2 * CHUNK));
    }
    if source.has_db_checks() {
        return alone("CHECK constraints evaluated by the database, in subtransactions");
    }
    unsafe {
        if pg_sys::IsInParallelMode() {
            return alone("already in a parallel operation");
        }
        // Only the workers would check their writes for serialization conflicts, and the
        // caller's transaction would commit as if it had written nothing.
        if pg_sys::XactIsoLevel >= pg_sys::XACT_SERIALIZABLE as i32 {
            return alone("a SERIALIZABLE transaction");
        }
        let rel = pg_sys::table_open(relid, pg_sys::AccessShareLock as pg_sys::LOCKMODE);
        let verdict = match sequences_or_reason(rel, source) {
            Ok(sequences) => Verdict::Parallel { sequences },
            Err(reason) => Verdict::Alone(reason),
        };
        pg_sys::table_close(rel, pg_sys::NoLock as pg_sys::LOCKMODE);
        Ok(verdict)
    }
}

/// The sequences of `rel`'s DEFAULTs, or why the table is written by one process.
unsafe fn sequences_or_reason(
    rel: pg_sys::Relation,
    source: &RowSource,
) -> std::result::Result<Vec<(usize, pg_sys::Oid)>, String> {
    // Lifting the guard on worker inserts is sound for heap tables, whose inserts go straight to
    // shared buffers; another access method may keep rows per backend until its commit.
    if (*(*rel).rd_rel).relam != pg_sys::HEAP_TABLE_AM_OID {
        return Err("not a heap table".into());
    }
    if (*(*rel).rd_rel).relispartition {
        return Err("a partition, whose bound each row is checked against".into());
    }
    let persistence = (*(*rel).rd_rel).relpersistence as u8;
    if persistence == pg_sys::RELPERSISTENCE_TEMP {
        return Err("a temporary table, which only its own backend can write".into());
    }
    // RelationNeedsWAL: a table new in this transaction under wal_level = minimal skips WAL.
    #[cfg(not(feature = "pg18"))]
    let first_file = (*rel).rd_firstRelfilenodeSubid;
    #[cfg(feature = "pg18")]
    let first_file = (*rel).rd_firstRelfilelocatorSubid;
    let new_here = (*rel).rd_createSubid != 0 || first_file != 0;
    if persistence == pg_sys::RELPERSISTENCE_PERMANENT
        && pg_sys::wal_level < pg_sys::WalLevel::WAL_LEVEL_REPLICA as i32
        && new_here
    {
        return Err("a table new in this transaction under wal_level = minimal, written without WAL".into());
    }
    let mut sequences: Vec<(usize, pg_sys::Oid)> = Vec::new();
    for (att, expr) in bulk::defaults(rel, source) {
        let name = attribute_name(rel, att);
        match sequence_of(expr as *mut pg_sys::Node) {
            Some(_) if bulk::integer_width(rel, att).is_none() => {
                return Err(format!("column \"{name}\" takes a sequence's values but is not an integer"));
            }
            Some(seq) if sequences.iter().any(|(_, s)| *s == seq) => {
                return Err(format!("column \"{name}\" shares its sequence with another column"));
            }
            Some(seq) => {
                if let Some(reason) = why_not_reserved(seq) {
                    return Err(format!("column \"{name}\": {reason}"));
                }
                sequences.push((att, seq));
            }
            None if !parallel_safe(expr as *mut pg_sys::Node) => {
                return Err(format!("the DEFAULT of column \"{name}\" calls a function that is not parallel safe"));
            }
            None => {}
        }
    }
    // The workers evaluate the table's CHECKs and its indexes' expressions and predicates too.
    let constr = (*(*rel).rd_att).constr;
    if !constr.is_null() && (*constr).num_check > 0 {
        let checks = std::slice::from_raw_parts((*constr).check, (*constr).num_check as usize);
        for check in checks {
            if !parallel_safe(pg_sys::stringToNode(check.ccbin) as *mut pg_sys::Node) {
                let name = std::ffi::CStr::from_ptr(check.ccname).to_string_lossy();
                return Err(format!("CHECK \"{name}\" calls a function that is not parallel safe"));
            }
        }
    }
    for index in PgList::<pg_sys::Oid>::from_pg(pg_sys::RelationGetIndexList(rel)).iter_oid() {
        let irel = pg_sys::index_open(index, pg_sys::AccessShareLock as pg_sys::LOCKMODE);
        let exprs = pg_sys::RelationGetIndexExpressions(irel);
        let pred = pg_sys::RelationGetIndexPredicate(irel);
        let safe =
            [exprs, pred].iter().all(|l| PgList::<pg_sys::Node>::from_pg(*l).iter_ptr().all(|e| parallel_safe(e)));
        pg_sys::index_close(irel, pg_sys::AccessShareLock as pg_sys::LOCKMODE);
        if !safe {
            return Err("an index expression or predicate calls a function that is not parallel safe".into());
        }
    }
    Ok(sequences)
}

/// Why the values of sequence `seq` cannot be reserved for the workers, or `None`: a sequence
/// that cycles wraps around where one process would, and reserving reads it (SELECT) and moves
/// it (UPDATE), which a role allowed only `nextval` may not do.
unsafe fn why_not_reserved(seq: pg_sys::Oid) -> Option<String> {
    let user = pg_sys::GetUserId();
    for (mode, what) in [(pg_sys::ACL_SELECT, "SELECT"), (pg_sys::ACL_UPDATE, "UPDATE")] {
        if pg_sys::pg_class_aclcheck(seq, user, mode as pg_sys::AclMode) != pg_sys::AclResult::ACLCHECK_OK {
            return Some(format!("no {what} privilege on its sequence"));
        }
    }
    let cycles = Spi::get_one_with_args::<bool>(
        "SELECT seqcycle FROM pg_catalog.pg_sequence WHERE seqrelid = $1",
        &[seq.into()],
    );
    match cycles {
        Ok(Some(false)) => None,
        Ok(_) => Some("its sequence cycles".into()),
        Err(e) => Some(format!("its sequence could not be read ({e})")),
    }
}

unsafe fn attribute_name(rel: pg_sys::Relation, att: usize) -> String {
    let desc = pgrx::PgTupleDesc::from_pg_unchecked((*rel).rd_att);
    desc.get(att).map(|a| a.name().to_string()).unwrap_or_default()
}

/// The sequence of a DEFAULT that is `nextval` of one (identity and serial columns), under
/// implicit casts.
unsafe fn sequence_of(mut node: *mut pg_sys::Node) -> Option<pg_sys::Oid> {
    loop {
        if node.is_null() {
            return None;
        }
        match (*node).type_ {
            pg_sys::NodeTag::T_NextValueExpr => return Some((*(node as *mut pg_sys::NextValueExpr)).seqid),
            pg_sys::NodeTag::T_FuncExpr => {
                let f = node as *mut pg_sys::FuncExpr;
                let args = PgList::<pg_sys::Node>::from_pg((*f).args);
                if (*f).funcid == pg_sys::Oid::from(pg_sys::F_NEXTVAL) && args.len() == 1 {
                    let arg = args.get_ptr(0)?;
                    if (*arg).type_ != pg_sys::NodeTag::T_Const || (*(arg as *mut pg_sys::Const)).constisnull {
                        return None;
                    }
                    let value = (*(arg as *mut pg_sys::Const)).constvalue;
                    return Some(pg_sys::Oid::from(value.value() as u32));
                }
                if (*f).funcformat == pg_sys::CoercionForm::COERCE_IMPLICIT_CAST && args.len() == 1 {
                    node = args.get_ptr(0)?;
                    continue;
                }
                return None;
            }
            _ => return None,
        }
    }
}

/// Whether an expression (a DEFAULT, a CHECK, an index expression) may be evaluated in a
/// parallel worker: built of constants, columns, casts, boolean logic, CASE and calls of
/// functions (and operators) marked PARALLEL SAFE. Any other node counts as not safe.
unsafe fn parallel_safe(node: *mut pg_sys::Node) -> bool {
    if node.is_null() {
        return true;
    }
    let safe_fn = |f: pg_sys::Oid| pg_sys::func_parallel(f) as u8 == pg_sys::PROPARALLEL_SAFE;
    let all = |list: *mut pg_sys::List| PgList::<pg_sys::Node>::from_pg(list).iter_ptr().all(|n| parallel_safe(n));
    match (*node).type_ {
        pg_sys::NodeTag::T_Const
        | pg_sys::NodeTag::T_SQLValueFunction
        | pg_sys::NodeTag::T_Var
        | pg_sys::NodeTag::T_CaseTestExpr => true,
        pg_sys::NodeTag::T_FuncExpr => {
            let f = node as *mut pg_sys::FuncExpr;
            safe_fn((*f).funcid) && all((*f).args)
        }
        // DistinctExpr and NullIfExpr are OpExprs under another tag.
        pg_sys::NodeTag::T_OpExpr | pg_sys::NodeTag::T_DistinctExpr | pg_sys::NodeTag::T_NullIfExpr => {
            let o = node as *mut pg_sys::OpExpr;
            safe_fn(pg_sys::get_opcode((*o).opno)) && all((*o).args)
        }
        pg_sys::NodeTag::T_RelabelType => parallel_safe((*(node as *mut pg_sys::RelabelType)).arg as *mut pg_sys::Node),
        pg_sys::NodeTag::T_CoerceViaIO => parallel_safe((*(node as *mut pg_sys::CoerceViaIO)).arg as *mut pg_sys::Node),
        pg_sys::NodeTag::T_ScalarArrayOpExpr => {
            let o = node as *mut pg_sys::ScalarArrayOpExpr;
            safe_fn(pg_sys::get_opcode((*o).opno)) && all((*o).args)
        }
        pg_sys::NodeTag::T_CoalesceExpr => all((*(node as *mut pg_sys::CoalesceExpr)).args),
        pg_sys::NodeTag::T_MinMaxExpr => all((*(node as *mut pg_sys::MinMaxExpr)).args),
        pg_sys::NodeTag::T_BoolExpr => all((*(node as *mut pg_sys::BoolExpr)).args),
        pg_sys::NodeTag::T_ArrayExpr => all((*(node as *mut pg_sys::ArrayExpr)).elements),
        pg_sys::NodeTag::T_NullTest => parallel_safe((*(node as *mut pg_sys::NullTest)).arg as *mut pg_sys::Node),
        pg_sys::NodeTag::T_BooleanTest => parallel_safe((*(node as *mut pg_sys::BooleanTest)).arg as *mut pg_sys::Node),
        pg_sys::NodeTag::T_CaseExpr => {
            let c = node as *mut pg_sys::CaseExpr;
            let whens = PgList::<pg_sys::CaseWhen>::from_pg((*c).args).iter_ptr().all(|w| {
                parallel_safe((*w).expr as *mut pg_sys::Node) && parallel_safe((*w).result as *mut pg_sys::Node)
            });
            whens && parallel_safe((*c).arg as *mut pg_sys::Node) && parallel_safe((*c).defresult as *mut pg_sys::Node)
        }
        _ => false,
    }
}

/// Reserves the values of the sequences the table's defaults draw from, for rows `0..n`; `None`
/// when a sequence is in use by another transaction (which holds its lock until it ends: waiting
/// for it could deadlock with a transaction waiting for this fill's table).
///
/// Each sequence is locked against `nextval` for the moment it takes to read where it stands
/// and move it past the fill's last row (`setval`, which also drops this backend's cached
/// values). Row `i` then takes `first + i × increment`, what `nextval` gives it in a fill by one
/// process unless this session holds values of the sequence it cached earlier (CACHE > 1).
fn reserve_sequences(sequences: &[(usize, pg_sys::Oid)], n: u64) -> Result<Option<Vec<Reserved>>> {
    let lock = pg_sys::ExclusiveLock as pg_sys::LOCKMODE;
    let mut locked = Vec::new();
    for (_, seq) in sequences {
        if !unsafe { pg_sys::ConditionalLockRelationOid(*seq, lock) } {
            for l in locked {
                unsafe { pg_sys::UnlockRelationOid(l, lock) };
            }
            return Ok(None);
        }
        locked.push(*seq);
    }
    let reserved: Result<Vec<Reserved>> = sequences
        .iter()
        .map(|(att, seq)| reserve(*seq, n).map(|(first, increment)| Reserved { att: *att, first, increment }))
        .collect();
    for l in locked {
        unsafe { pg_sys::UnlockRelationOid(l, lock) };
    }
    reserved.map(Some)
}

/// `(first value, increment)` of `n` values taken from sequence `seq`, read from the sequence
/// itself (other sessions' cached values lie behind it).
fn reserve(seq: pg_sys::Oid, n: u64) -> Result<(i64, i64)> {
    let state = Spi::connect(|client| {
        let name = client
            .select("SELECT $1::pg_catalog.regclass::text", Some(1), &[seq.into()])?
            .first()
            .get::<String>(1)?
            .unwrap_or_default();
        let increment = client
            .select("SELECT seqincrement FROM pg_catalog.pg_sequence WHERE seqrelid = $1", Some(1), &[seq.into()])?
            .first()
            .get::<i64>(1)?;
        let row = client.select(&format!("SELECT last_value, is_called FROM {name}"), Some(1), &[])?;
        let row = row.first();
        Ok::<_, pgrx::spi::Error>((name, increment, row.get::<i64>(1)?, row.get::<bool>(2)?))
    })
    .map_err(|e| SynthError::new(Code::Internal, format!("reading a sequence: {e}")))?;
    let (name, Some(increment), Some(last_value), Some(is_called)) = state else {
        return Err(SynthError::new(Code::UndefinedObject, "the sequence of a column's DEFAULT was not found"));
    };
    let out_of_room = || {
        SynthError::new(Code::NumericValueOutOfRange, format!("sequence {name} cannot give {n} more values"))
            .hint("Fill fewer rows, or ALTER SEQUENCE … MAXVALUE.")
    };
    let first = if is_called { last_value.checked_add(increment).ok_or_else(out_of_room)? } else { last_value };
    let last = i64::try_from(n.saturating_sub(1))
        .ok()
        .and_then(|k| k.checked_mul(increment))
        .and_then(|d| d.checked_add(first))
        .ok_or_else(out_of_room)?;
    // setval checks the sequence's bounds, and makes the next nextval return last + increment.
    Spi::get_one_with_args::<i64>("SELECT pg_catalog.setval($1::pg_catalog.regclass, $2)", &[seq.into(), last.into()])
        .map_err(|e| out_of_room().detail(format!("{e}")))?;
    Ok((first, increment))
}

/// The parallel context of a fill, in parallel mode.
struct Team {
    pcxt: *mut pg_sys::ParallelContext,
    shared: *mut Shared,
}

impl Team {
    /// Enters parallel mode and starts up to `workers` workers on `job`.
    unsafe fn launch(workers: u32, job: &[u8]) -> Team {
        pg_sys::EnterParallelMode();
        let pcxt =
            pg_sys::CreateParallelContext(c"$libdir/synthdata".as_ptr(), c"synth_fill_worker".as_ptr(), workers as i32);
        let estimator = &mut (*pcxt).estimator;
        estimator.space_for_chunks += buffer_align(std::mem::size_of::<Shared>()) + buffer_align(job.len());
        estimator.number_of_keys += 2;
        pg_sys::InitializeParallelDSM(pcxt);
        let toc = (*pcxt).toc;
        let shared = pg_sys::shm_toc_allocate(toc, std::mem::size_of::<Shared>()) as *mut Shared;
        shared.write(Shared { next_chunk: AtomicU64::new(0), written: AtomicU64::new(0), job_len: job.len() as u64 });
        pg_sys::shm_toc_insert(toc, KEY_SHARED, shared as *mut std::ffi::c_void);
        let space = pg_sys::shm_toc_allocate(toc, job.len().max(1)) as *mut u8;
        std::ptr::copy_nonoverlapping(job.as_ptr(), space, job.len());
        pg_sys::shm_toc_insert(toc, KEY_JOB, space as *mut std::ffi::c_void);
        pg_sys::LaunchParallelWorkers(pcxt);
        Team { pcxt, shared }
    }

    fn launched(&self) -> u32 {
        unsafe { (*self.pcxt).nworkers_launched.max(0) as u32 }
    }

    /// Waits for the workers to finish their chunks (raising the first error any of them
    /// raised), then leaves parallel mode; returns the rows written by all processes.
    fn finish(self) -> u64 {
        unsafe {
            pg_sys::WaitForParallelWorkersToFinish(self.pcxt);
            let written = (*self.shared).written.load(Ordering::SeqCst);
            pg_sys::DestroyParallelContext(self.pcxt);
            pg_sys::ExitParallelMode();
            written
        }
    }

    /// Leaves parallel mode without waiting (no worker started).
    fn abandon(self) {
        unsafe {
            pg_sys::DestroyParallelContext(self.pcxt);
            pg_sys::ExitParallelMode();
        }
    }
}

fn buffer_align(len: usize) -> usize {
    const ALIGN: usize = pg_sys::ALIGNOF_BUFFER as usize;
    len.div_ceil(ALIGN) * ALIGN
}

/// Lifts PostgreSQL's guard against inserting from a parallel worker while it lives (see the
/// module's documentation); nothing changes in any other backend.
pub struct InsertingAsLeader(i32);

impl InsertingAsLeader {
    pub fn new() -> InsertingAsLeader {
        unsafe {
            let number = pg_sys::ParallelWorkerNumber;
            pg_sys::ParallelWorkerNumber = -1;
            InsertingAsLeader(number)
        }
    }
}

impl Drop for InsertingAsLeader {
    fn drop(&mut self) {
        unsafe { pg_sys::ParallelWorkerNumber = self.0 };
    }
}

/// Entry point of a fill's parallel worker (`CreateParallelContext` names it).
#[pg_guard]
#[no_mangle]
pub extern "C-unwind" fn synth_fill_worker(_seg: *mut pg_sys::dsm_segment, toc: *mut pg_sys::shm_toc) {
    unsafe {
        let shared = &*(pg_sys::shm_toc_lookup(toc, KEY_SHARED, false) as *const Shared);
        let job = pg_sys::shm_toc_lookup(toc, KEY_JOB, false) as *const u8;
        let job = std::slice::from_raw_parts(job, shared.job_len as usize);
        work(shared, job).or_raise();
    }
}

fn work(shared: &Shared, job: &[u8]) -> Result<()> {
    let job: Job = serde_json::from_slice(job)
        .map_err(|e| SynthError::new(Code::Internal, format!("reading the worker's job: {e}")))?;
    let relid = pg_sys::Oid::from(job.relid);
    let opts = job.part.options()?;
    let mut source = RowSource::open_part(relid, &job.part.profile, &job.part.context, &opts, 0..0)?;
    let mut writer = Writer::open(relid, &source, &job.reserved, Some(job.cid))?;
    // The first worker reports the progress of all (relayed to the client by the caller's backend).
    let mut progress =
        unsafe { pg_sys::ParallelWorkerNumber == 0 }.then(|| Progress::new(job.label, job.rows, opts.seed));
    take_chunks(shared, job.rows, &mut source, &mut writer, progress.as_mut())?;
    writer.close();
    Ok(())
}
