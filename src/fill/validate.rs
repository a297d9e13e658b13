//! The database's verdict on constraints the generator could not parse.
//!
//! For each opaque CHECK (table or domain) the constraint's stored expression (`conbin`), and for
//! a partition filled directly its partition constraint, is prepared once as an executor check, and every candidate row is evaluated with PostgreSQL's own
//! `ExecCheck`: a row the generator returns satisfies the constraint exactly as an INSERT would.

use std::ffi::CString;

use pgrx::{pg_sys, Spi};

use crate::error::{Code, Result, SynthError};
use crate::fill::datum::RowLayout;
use crate::generate::constraints::{CheckSource, OpaqueCheck};
use crate::value::Value;

struct Prepared {
    state: *mut pg_sys::ExprState,
    /// For a domain check: the column whose value it checks.
    domain_column: Option<usize>,
}

extern "C-unwind" {
    /// `utils/partcache.h`: a partition's constraint as a list of expressions (not in pgrx's
    /// bindings; exported by the server like every non-static function).
    fn RelationGetPartitionQual(rel: pg_sys::Relation) -> *mut pg_sys::List;
}

pub struct DbChecks {
    econtext: *mut pg_sys::ExprContext,
    slot: *mut pg_sys::TupleTableSlot,
    checks: Vec<Prepared>,
}

impl DbChecks {
    /// Prepares the opaque checks of a plan; `None` when there are none.
    pub fn prepare(
        relid: pg_sys::Oid,
        opaque: &[OpaqueCheck],
        layout: &RowLayout,
        domain_types: &[Option<pg_sys::Oid>],
    ) -> Result<Option<DbChecks>> {
        if opaque.is_empty() {
            return Ok(None);
        }
        unsafe {
            let estate = pg_sys::CreateExecutorState();
            let econtext = pg_sys::MakePerTupleExprContext(estate);
            let slot = pg_sys::MakeSingleTupleTableSlot(layout.tupdesc, &pg_sys::TTSOpsVirtual);
            let mut checks = Vec::with_capacity(opaque.len());
            for o in opaque {
                let (qual, domain_column) = match o.source {
                    CheckSource::Domain(c) => {
                        let ty = domain_types.get(c).copied().flatten().unwrap_or(pg_sys::InvalidOid);
                        (stored_qual(&conbin("contypid", ty, &o.constraint)?)?, Some(c))
                    }
                    CheckSource::Table => (stored_qual(&conbin("conrelid", relid, &o.constraint)?)?, None),
                    CheckSource::PartitionBound => {
                        let rel = pg_sys::relation_open(relid, pg_sys::AccessShareLock as pg_sys::LOCKMODE);
                        let qual = pg_sys::ffi::pg_guard_ffi_boundary(|| RelationGetPartitionQual(rel));
                        pg_sys::relation_close(rel, pg_sys::NoLock as pg_sys::LOCKMODE);
                        (qual, None)
                    }
                };
                let state = pg_sys::ExecPrepareCheck(qual, estate);
                checks.push(Prepared { state, domain_column });
            }
            Ok(Some(DbChecks { econtext, slot, checks }))
        }
    }

    /// The index of the first opaque check `row` fails, if any.
    pub fn first_failure(&mut self, layout: &mut RowLayout, row: &[Value]) -> Result<Option<usize>> {
        unsafe {
            pg_sys::MemoryContextReset((*self.econtext).ecxt_per_tuple_memory);
            pg_sys::ExecClearTuple(self.slot);
            let natts = layout.natts();
            let values = std::slice::from_raw_parts_mut((*self.slot).tts_values, natts);
            let nulls = std::slice::from_raw_parts_mut((*self.slot).tts_isnull, natts);
            layout.fill(row, values, nulls)?;
            pg_sys::ExecStoreVirtualTuple(self.slot);
            (*self.econtext).ecxt_scantuple = self.slot;
            for (i, c) in self.checks.iter().enumerate() {
                if let Some(col) = c.domain_column {
                    match layout.column_datum(col, &row[col])? {
                        Some(d) => {
                            (*self.econtext).domainValue_datum = d;
                            (*self.econtext).domainValue_isNull = false;
                        }
                        None => continue,
                    }
                }
                // A check that raises an error for this row (`to_regclass('a b c')`: invalid
                // name syntax) would fail the INSERT just the same: the row fails it.
                let (state, econtext) = (c.state, self.econtext);
                if !crate::pg::subxact::catching(|| pg_sys::ExecCheck(state, econtext)).unwrap_or(false) {
                    return Ok(Some(i));
                }
            }
            Ok(None)
        }
    }
}

/// A stored constraint expression (`conbin`) as the implicitly-ANDed list `ExecPrepareCheck` takes.
unsafe fn stored_qual(conbin: &str) -> Result<*mut pg_sys::List> {
    let text = CString::new(conbin).map_err(|_| SynthError::new(Code::Internal, "constraint text holds a NUL byte"))?;
    let expr = pg_sys::stringToNode(text.as_ptr()) as *mut pg_sys::Expr;
    Ok(pg_sys::make_ands_implicit(expr))
}

fn conbin(owner_column: &str, owner: pg_sys::Oid, name: &str) -> Result<String> {
    // A domain's checks include those of the domains it is based on: search up the chain.
    let sql = if owner_column == "contypid" {
        "WITH RECURSIVE chain(oid) AS (
             SELECT $1::oid
             UNION ALL
             SELECT t.typbasetype FROM pg_catalog.pg_type t JOIN chain ON t.oid = chain.oid WHERE t.typtype = 'd')
         SELECT k.conbin::text FROM pg_catalog.pg_constraint k
          WHERE k.contypid IN (SELECT oid FROM chain) AND k.conname = $2 AND k.contype = 'c' LIMIT 1"
    } else {
        "SELECT conbin::text FROM pg_catalog.pg_constraint WHERE conrelid = $1 AND conname = $2 AND contype = 'c'"
    };
    let found = Spi::connect(|client| -> std::result::Result<Option<String>, pgrx::spi::Error> {
        let rows = client.select(sql, Some(1), &[owner.into(), name.into()])?;
        if rows.is_empty() {
            return Ok(None);
        }
        rows.first().get::<String>(1)
    })
    .map_err(|e| SynthError::new(Code::Internal, format!("reading constraint \"{name}\": {e}")))?;
    found.ok_or_else(|| {
        SynthError::new(Code::UndefinedObject, format!("constraint \"{name}\" not found"))
            .hint("The table changed since it was profiled; profile it again.")
    })
}
