//! Bulk insertion, the way COPY does it: rows go straight into the table in batches
//! (`table_multi_insert`), with index entries, NOT NULL and CHECK constraints maintained by
//! PostgreSQL's own executor routines, and defaults (identity, serial, DEFAULT) evaluated from
//! the table's own default expressions.
//!
//! It is used only where it is exactly equivalent to an INSERT ([`eligible`]): an ordinary table
//! without row-level security, generated columns, deferrable keys or user triggers on INSERT. The
//! one thing an INSERT would do that this path does not is the per-row foreign-key trigger check;
//! instead every foreign key must be a single integer column whose values the generator draws from
//! the parent's keys, and the parents are locked in SHARE mode before their keys are read, so no
//! concurrent transaction can delete a referenced row before this one commits.

use pgrx::{pg_sys, PgBox, Spi};

use crate::error::{Code, Result, SynthError};
use crate::fill::row_source::RowSource;
use crate::generate::takes_default;
use crate::profile::TableProfile;

/// Rows per `table_multi_insert` call (COPY uses 1000 too).
const BATCH: usize = 1000;

/// Why a table cannot take the bulk path, or `None` when it can.
pub fn ineligible(relid: pg_sys::Oid, profile: &TableProfile) -> Result<Option<String>> {
    let reason = Spi::get_one_with_args::<String>(
        "SELECT CASE
           WHEN c.relkind <> 'r' THEN 'not an ordinary table'
           WHEN c.relrowsecurity THEN 'row-level security'
           WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attgenerated <> '')
             THEN 'generated columns'
           WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_index i WHERE i.indrelid = c.oid AND NOT i.indimmediate)
             THEN 'deferrable unique keys'
           WHEN EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                         WHERE t.tgrelid = c.oid AND t.tgenabled <> 'D' AND (t.tgtype & 4) <> 0
                           AND t.tgfoid <> 'pg_catalog.\"RI_FKey_check_ins\"'::pg_catalog.regproc)
             THEN 'triggers on INSERT'
         END
         FROM pg_catalog.pg_class c WHERE c.oid = $1",
        &[relid.into()],
    )
    .map_err(|e| SynthError::new(Code::Internal, format!("inspecting the table: {e}")))?;
    if reason.is_some() {
        return Ok(reason);
    }
    for fk in &profile.foreign_keys {
        let cols: Vec<_> = fk.columns.iter().filter_map(|c| profile.column(c)).collect();
        let integer = cols.len() == 1 && cols[0].ty.kind.is_integer() && fk.columns.len() == 1;
        if !integer || cols.iter().any(|c| takes_default(c)) {
            return Ok(Some(format!("foreign key \"{}\" is not a single generated integer column", fk.name)));
        }
    }
    Ok(None)
}

/// Locks the tables the foreign keys reference in SHARE mode (blocking their writers until this
/// transaction ends), so the keys read next stay valid.
pub fn lock_parents(profile: &TableProfile) -> Result<()> {
    for fk in &profile.foreign_keys {
        let name = pgrx::spi::quote_qualified_identifier(&fk.ref_schema, &fk.ref_table);
        let oid =
            Spi::get_one_with_args::<pg_sys::Oid>("SELECT pg_catalog.to_regclass($1)::oid", &[name.as_str().into()])
                .map_err(|e| SynthError::new(Code::Internal, format!("finding {name}: {e}")))?
                .ok_or_else(|| SynthError::new(Code::UndefinedTable, format!("relation {name} does not exist")))?;
        unsafe { pg_sys::LockRelationOid(oid, pg_sys::ShareLock as pg_sys::LOCKMODE) };
    }
    Ok(())
}

/// Inserts every row of `source` into `relid`; returns the number inserted.
pub fn insert(relid: pg_sys::Oid, source: &mut RowSource) -> Result<u64> {
    let generated: Vec<bool> = source.plan.columns.iter().map(|c| c.is_generated()).collect();
    unsafe {
        let rel = pg_sys::table_open(relid, pg_sys::RowExclusiveLock as pg_sys::LOCKMODE);
        let estate = pg_sys::CreateExecutorState();
        let rri = PgBox::<pg_sys::ResultRelInfo>::alloc_node(pg_sys::NodeTag::T_ResultRelInfo).into_pg();
        // Range-table index 0: not part of a query, as for a trigger target.
        pg_sys::InitResultRelInfo(rri, rel, 0, std::ptr::null_mut(), 0);
        pg_sys::ExecOpenIndices(rri, false);
        (*estate).es_output_cid = pg_sys::GetCurrentCommandId(true);
        let econtext = pg_sys::MakePerTupleExprContext(estate);
        let defaults = default_states(rel, estate, source, &generated);
        let has_constraints = !(*(*rel).rd_att).constr.is_null();
        let is_partition = (*(*rel).rd_rel).relispartition;
        let bistate = pg_sys::GetBulkInsertState();
        let slots: Vec<*mut pg_sys::TupleTableSlot> =
            (0..BATCH).map(|_| pg_sys::table_slot_create(rel, &mut (*estate).es_tupleTable)).collect();
        let natts = source.layout.natts();
        let mut total = 0u64;
        loop {
            // Everything a batch allocates lives in the per-tuple context, freed batch by batch.
            pg_sys::MemoryContextReset((*econtext).ecxt_per_tuple_memory);
            let old = pg_sys::MemoryContextSwitchTo((*econtext).ecxt_per_tuple_memory);
            let mut k = 0;
            while k < BATCH {
                let slot = slots[k];
                pg_sys::ExecClearTuple(slot);
                let values = std::slice::from_raw_parts_mut((*slot).tts_values, natts);
                let nulls = std::slice::from_raw_parts_mut((*slot).tts_isnull, natts);
                if !source.next_datums(values, nulls)? {
                    break;
                }
                for (att, state) in &defaults {
                    (*econtext).ecxt_scantuple = std::ptr::null_mut();
                    let mut isnull = false;
                    values[*att] = pg_sys::ExecEvalExprSwitchContext(*state, econtext, &mut isnull);
                    nulls[*att] = isnull;
                }
                pg_sys::ExecStoreVirtualTuple(slot);
                if has_constraints {
                    pg_sys::ExecConstraints(rri, slot, estate);
                }
                if is_partition {
                    pg_sys::ExecPartitionCheck(rri, slot, estate, true);
                }
                k += 1;
            }
            if k > 0 {
                pg_sys::table_multi_insert(
                    rel,
                    slots.as_ptr() as *mut _,
                    k as i32,
                    (*estate).es_output_cid,
                    0,
                    bistate,
                );
                if (*rri).ri_NumIndices > 0 {
                    for slot in &slots[..k] {
                        let recheck = insert_index_tuples(rri, *slot, estate);
                        pg_sys::list_free(recheck);
                    }
                }
                total += k as u64;
            }
            pg_sys::MemoryContextSwitchTo(old);
            if k < BATCH {
                break;
            }
        }
        pg_sys::FreeBulkInsertState(bistate);
        pg_sys::ExecCloseIndices(rri);
        pg_sys::ExecResetTupleTable((*estate).es_tupleTable, false);
        pg_sys::FreeExecutorState(estate);
        pg_sys::table_close(rel, pg_sys::NoLock as pg_sys::LOCKMODE);
        Ok(total)
    }
}

/// Prepared default expressions of the columns PostgreSQL fills (attribute index, state).
unsafe fn default_states(
    rel: pg_sys::Relation,
    estate: *mut pg_sys::EState,
    source: &RowSource,
    generated: &[bool],
) -> Vec<(usize, *mut pg_sys::ExprState)> {
    let mut out = Vec::new();
    for (att, column) in source.layout.targets().iter().enumerate() {
        let Some(c) = column else { continue };
        if generated[*c] {
            continue;
        }
        let expr = pg_sys::build_column_default(rel, (att + 1) as i32);
        if !expr.is_null() {
            out.push((att, pg_sys::ExecPrepareExpr(expr as *mut pg_sys::Expr, estate)));
        }
    }
    out
}

#[cfg(not(feature = "pg18"))]
unsafe fn insert_index_tuples(
    rri: *mut pg_sys::ResultRelInfo,
    slot: *mut pg_sys::TupleTableSlot,
    estate: *mut pg_sys::EState,
) -> *mut pg_sys::List {
    pg_sys::ExecInsertIndexTuples(rri, slot, estate, false, false, std::ptr::null_mut(), std::ptr::null_mut())
}

#[cfg(feature = "pg18")]
unsafe fn insert_index_tuples(
    rri: *mut pg_sys::ResultRelInfo,
    slot: *mut pg_sys::TupleTableSlot,
    estate: *mut pg_sys::EState,
) -> *mut pg_sys::List {
    pg_sys::ExecInsertIndexTuples(rri, slot, estate, false, false, std::ptr::null_mut(), std::ptr::null_mut(), false)
}
