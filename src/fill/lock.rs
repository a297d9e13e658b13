//! Concurrent fills of the same tables take turns.
//!
//! A fill reads what a table holds (rows, the largest keys, existing unique keys) and then writes
//! keys after them. Two fills of one table at once would read the same keys and write the same
//! next ones. So a fill takes `SHARE ROW EXCLUSIVE` on every table it writes, before it reads
//! anything of them: the mode conflicts with itself and with the `ROW EXCLUSIVE` of INSERT,
//! UPDATE and DELETE, so a second fill (or an application's write) waits until the first commits
//! or rolls back; it does not conflict with `ACCESS SHARE`, so readers are never blocked. Tables
//! are locked in OID order, so two calls that write overlapping sets cannot deadlock on them.
//!
//! A call that waited must then see what the other one committed. Under READ COMMITTED each
//! lock taken after a wait is followed by a fresh snapshot for the rest of the call (as a new
//! statement would take); under REPEATABLE READ and SERIALIZABLE the transaction's snapshot is
//! fixed, and a fill that waited for another fill of the same table fails on its first duplicate
//! key (23505) or with a serialization failure (40001), as any write conflict does at those
//! levels: retry the transaction.

use pgrx::pg_sys;

/// The locks and snapshots one call took.
#[derive(Default)]
pub struct FillLocks {
    locked: Vec<pg_sys::Oid>,
    snapshots: usize,
}

impl FillLocks {
    /// Locks `relids` (those not locked yet, in OID order) for writing; after any lock, the rest
    /// of the call reads with a fresh snapshot (READ COMMITTED). Tables the role may not insert
    /// into are left alone: the fill refuses them with its own error, and a role must not be able
    /// to lock a table it has no right to write.
    pub fn lock(&mut self, relids: &[pg_sys::Oid]) {
        let writable = |r: &pg_sys::Oid| unsafe {
            pg_sys::pg_class_aclcheck(*r, pg_sys::GetUserId(), pg_sys::ACL_INSERT as pg_sys::AclMode)
                == pg_sys::AclResult::ACLCHECK_OK
        };
        let mut new: Vec<pg_sys::Oid> =
            relids.iter().copied().filter(|r| !self.locked.contains(r) && writable(r)).collect();
        new.sort_by_key(|o| o.to_u32());
        new.dedup();
        if new.is_empty() {
            return;
        }
        for oid in &new {
            unsafe { pg_sys::LockRelationOid(*oid, pg_sys::ShareRowExclusiveLock as pg_sys::LOCKMODE) };
        }
        self.locked.extend(new);
        unsafe {
            if pg_sys::XactIsoLevel < pg_sys::XACT_REPEATABLE_READ as i32 {
                pg_sys::CommandCounterIncrement();
                pg_sys::PushActiveSnapshot(pg_sys::GetTransactionSnapshot());
                self.snapshots += 1;
            }
        }
    }

    /// Pops the snapshots the call pushed (the locks stay until the transaction ends). Not
    /// called on error: aborting the transaction (or subtransaction) drops them.
    pub fn release_snapshots(mut self) {
        for _ in 0..self.snapshots {
            unsafe { pg_sys::PopActiveSnapshot() };
        }
        self.snapshots = 0;
    }
}
