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
    let mut writer = Writer::open(relid, source, &[], None)?;
    let written = writer.write(source)?;
    writer.close();
    Ok(written)
}

/// A sequence's values reserved for a whole fill: row `i` of the call takes `first + i ×
/// increment` in attribute `att`, as `nextval` would have given them in row order.
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct Reserved {
    pub att: usize,
    pub first: i64,
    pub increment: i64,
}

/// How an attribute that PostgreSQL fills gets its value.
enum Filled {
    /// The column's DEFAULT, evaluated per row.
    Default(*mut pg_sys::ExprState),
    /// Values reserved from its sequence, of an integer type of this width in bytes.
    Reserved(Reserved, usize),
}

/// An open bulk insertion into one table: what `table_multi_insert` batches need, set up once.
pub struct Writer {
    rel: pg_sys::Relation,
    estate: *mut pg_sys::EState,
    rri: *mut pg_sys::ResultRelInfo,
    econtext: *mut pg_sys::ExprContext,
    filled: Vec<(usize, Filled)>,
    has_constraints: bool,
    is_partition: bool,
    bistate: pg_sys::BulkInsertState,
    slots: Vec<*mut pg_sys::TupleTableSlot>,
    natts: usize,
    cid: pg_sys::CommandId,
    /// `table_multi_insert` options: `TABLE_INSERT_FROZEN` where COPY FREEZE would freeze.
    options: i32,
}

impl Writer {
    /// Opens `relid` for the rows of `source`. Attributes in `reserved` take reserved sequence
    /// values instead of their DEFAULT; `cid` is the command id the rows carry (`None`: the
    /// current one, marked used, and the rows are inserted frozen where [`freezable`] says so).
    pub fn open(
        relid: pg_sys::Oid,
        source: &RowSource,
        reserved: &[Reserved],
        cid: Option<pg_sys::CommandId>,
    ) -> Result<Writer> {
        unsafe {
            let rel = pg_sys::table_open(relid, pg_sys::RowExclusiveLock as pg_sys::LOCKMODE);
            let estate = pg_sys::CreateExecutorState();
            let rri = PgBox::<pg_sys::ResultRelInfo>::alloc_node(pg_sys::NodeTag::T_ResultRelInfo).into_pg();
            // Range-table index 0: not part of a query, as for a trigger target.
            pg_sys::InitResultRelInfo(rri, rel, 0, std::ptr::null_mut(), 0);
            pg_sys::ExecOpenIndices(rri, false);
            let options = match cid {
                None if freezable(rel) => pg_sys::TABLE_INSERT_FROZEN as i32,
                _ => 0,
            };
            let cid = cid.unwrap_or_else(|| pg_sys::GetCurrentCommandId(true));
            (*estate).es_output_cid = cid;
            let econtext = pg_sys::MakePerTupleExprContext(estate);
            let mut filled = Vec::new();
            for (att, expr) in defaults(rel, source) {
                match reserved.iter().find(|r| r.att == att) {
                    Some(r) => {
                        let width = integer_width(rel, att).ok_or_else(|| {
                            SynthError::new(Code::Internal, "a reserved sequence for a column that is not an integer")
                        })?;
                        filled.push((att, Filled::Reserved(*r, width)));
                    }
                    None => filled.push((att, Filled::Default(pg_sys::ExecPrepareExpr(expr, estate)))),
                }
            }
            let slots = (0..BATCH).map(|_| pg_sys::table_slot_create(rel, &mut (*estate).es_tupleTable)).collect();
            Ok(Writer {
                rel,
                estate,
                rri,
                econtext,
                filled,
                has_constraints: !(*(*rel).rd_att).constr.is_null(),
                is_partition: (*(*rel).rd_rel).relispartition,
                bistate: pg_sys::GetBulkInsertState(),
                slots,
                natts: source.layout.natts(),
                cid,
                options,
            })
        }
    }

    /// Inserts the rows `source` has left; returns the number inserted.
    pub fn write(&mut self, source: &mut RowSource) -> Result<u64> {
        let mut total = 0u64;
        unsafe {
            let econtext = self.econtext;
            loop {
                // Everything a batch allocates lives in the per-tuple context, freed batch by batch.
                pg_sys::MemoryContextReset((*econtext).ecxt_per_tuple_memory);
                let old = pg_sys::MemoryContextSwitchTo((*econtext).ecxt_per_tuple_memory);
                let mut k = 0;
                while k < BATCH {
                    let slot = self.slots[k];
                    pg_sys::ExecClearTuple(slot);
                    let values = std::slice::from_raw_parts_mut((*slot).tts_values, self.natts);
                    let nulls = std::slice::from_raw_parts_mut((*slot).tts_isnull, self.natts);
                    if !source.next_datums(values, nulls)? {
                        break;
                    }
                    let row = source.position() - 1;
                    for (att, filled) in &self.filled {
                        let (value, isnull) = match filled {
                            Filled::Default(state) => {
                                (*econtext).ecxt_scantuple = std::ptr::null_mut();
                                let mut isnull = false;
                                (pg_sys::ExecEvalExprSwitchContext(*state, econtext, &mut isnull), isnull)
                            }
                            Filled::Reserved(r, width) => (reserved_datum(r, *width, row)?, false),
                        };
                        values[*att] = value;
                        nulls[*att] = isnull;
                    }
                    pg_sys::ExecStoreVirtualTuple(slot);
                    if self.has_constraints {
                        pg_sys::ExecConstraints(self.rri, slot, self.estate);
                    }
                    if self.is_partition {
                        pg_sys::ExecPartitionCheck(self.rri, slot, self.estate, true);
                    }
                    k += 1;
                }
                if k > 0 {
                    multi_insert(self.rel, &self.slots[..k], self.cid, self.options, self.bistate);
                    if (*self.rri).ri_NumIndices > 0 {
                        for slot in &self.slots[..k] {
                            let recheck = insert_index_tuples(self.rri, *slot, self.estate);
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
        }
        Ok(total)
    }

    /// Ends the insertion, releasing what it held (the table's lock stays until the transaction ends).
    pub fn close(self) {
        unsafe {
            pg_sys::FreeBulkInsertState(self.bistate);
            pg_sys::ExecCloseIndices(self.rri);
            pg_sys::ExecResetTupleTable((*self.estate).es_tupleTable, false);
            pg_sys::FreeExecutorState(self.estate);
            pg_sys::table_close(self.rel, pg_sys::NoLock as pg_sys::LOCKMODE);
        }
    }
}

/// `table_multi_insert` of a batch. In a parallel worker of a fill (see `parallel`), PostgreSQL's
/// guard against inserting from a worker is lifted for the call: the worker writes in the
/// leader's transaction, with a command id the leader marked used, and no trigger runs.
unsafe fn multi_insert(
    rel: pg_sys::Relation,
    slots: &[*mut pg_sys::TupleTableSlot],
    cid: pg_sys::CommandId,
    options: i32,
    bistate: pg_sys::BulkInsertState,
) {
    let _as_leader = super::parallel::InsertingAsLeader::new();
    pg_sys::table_multi_insert(rel, slots.as_ptr() as *mut _, slots.len() as i32, cid, options, bistate);
}

/// Whether rows can go in frozen, as `COPY … FREEZE` puts them: the table was created or
/// truncated in the current subtransaction (a rollback of it takes the rows and the table's new
/// file together), and no earlier snapshot or open cursor of this transaction could see rows it
/// should not. Frozen rows need no later VACUUM to freeze them or hint bits set by the first
/// reads. As with `COPY FREEZE` (and `TRUNCATE` itself), other sessions' snapshots taken before
/// this transaction commits see them once it has.
unsafe fn freezable(rel: pg_sys::Relation) -> bool {
    let here = pg_sys::GetCurrentSubTransactionId();
    #[cfg(not(feature = "pg18"))]
    let new_file = (*rel).rd_newRelfilenodeSubid;
    #[cfg(feature = "pg18")]
    let new_file = (*rel).rd_newRelfilelocatorSubid;
    if (*rel).rd_createSubid != here && new_file != here {
        return false;
    }
    // The catalog snapshot counts as registered and is taken again when needed.
    pg_sys::InvalidateCatalogSnapshot();
    pg_sys::ThereAreNoPriorRegisteredSnapshots() && pg_sys::ThereAreNoReadyPortals()
}

/// Row `row`'s value of a reserved sequence, as the integer datum of `width` bytes.
fn reserved_datum(r: &Reserved, width: usize, row: u64) -> Result<pg_sys::Datum> {
    let value = i64::try_from(row)
        .ok()
        .and_then(|i| i.checked_mul(r.increment))
        .and_then(|step| step.checked_add(r.first))
        .ok_or_else(|| SynthError::new(Code::NumericValueOutOfRange, "a reserved sequence value is out of range"))?;
    let out_of_range = || {
        SynthError::new(Code::NumericValueOutOfRange, format!("sequence value {value} is out of range for its column"))
    };
    Ok(match width {
        2 => pg_sys::Datum::from(i16::try_from(value).map_err(|_| out_of_range())?),
        4 => pg_sys::Datum::from(i32::try_from(value).map_err(|_| out_of_range())?),
        _ => pg_sys::Datum::from(value),
    })
}

/// The width in bytes of attribute `att` when it is a smallint, integer or bigint (or a domain
/// over one).
pub unsafe fn integer_width(rel: pg_sys::Relation, att: usize) -> Option<usize> {
    let desc = pgrx::PgTupleDesc::from_pg_unchecked((*rel).rd_att);
    match pg_sys::getBaseType(desc.get(att)?.atttypid) {
        pg_sys::INT2OID => Some(2),
        pg_sys::INT4OID => Some(4),
        pg_sys::INT8OID => Some(8),
        _ => None,
    }
}

/// The DEFAULT expressions of the attributes PostgreSQL fills (attribute index, expression):
/// those of the columns `source` does not generate.
pub unsafe fn defaults(rel: pg_sys::Relation, source: &RowSource) -> Vec<(usize, *mut pg_sys::Expr)> {
    let mut out = Vec::new();
    for (att, column) in source.layout.targets().iter().enumerate() {
        let Some(c) = column else { continue };
        if source.plan.columns[*c].is_generated() {
            continue;
        }
        let expr = pg_sys::build_column_default(rel, (att + 1) as i32);
        if !expr.is_null() {
            out.push((att, expr as *mut pg_sys::Expr));
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
