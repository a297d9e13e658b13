//! Running a piece of executor work that may raise an error inside a subtransaction, so that the
//! error becomes a value and the surrounding transaction goes on — as PL/pgSQL's
//! `BEGIN … EXCEPTION` and PL/Python's `plpy.subtransaction` do it.

use pgrx::pg_sys;
use pgrx::pg_sys::panic::CaughtError;
use pgrx::PgTryBuilder;

/// `f()`, or the message of the error it raised (the subtransaction it ran in is rolled back,
/// releasing whatever it held). Errors of severity FATAL and above, and Rust panics, go on up.
pub fn catching<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Result<T, String> {
    unsafe {
        let context = pg_sys::CurrentMemoryContext;
        let owner = pg_sys::CurrentResourceOwner;
        pg_sys::BeginInternalSubTransaction(std::ptr::null());
        // The work's memory stays in the caller's context, as if no subtransaction were there.
        pg_sys::MemoryContextSwitchTo(context);
        let outcome = PgTryBuilder::new(|| Ok(f()))
            .catch_others(|cause| match cause {
                CaughtError::PostgresError(e) | CaughtError::ErrorReport(e) => Err(e.message().to_string()),
                other => other.rethrow(),
            })
            .execute();
        match outcome {
            Ok(_) => pg_sys::ReleaseCurrentSubTransaction(),
            Err(_) => pg_sys::RollbackAndReleaseCurrentSubTransaction(),
        }
        pg_sys::MemoryContextSwitchTo(context);
        pg_sys::CurrentResourceOwner = owner;
        outcome
    }
}
