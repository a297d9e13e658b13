//! Read-only SPI for the code that only reads the catalog and tables.
//!
//! pgrx's `Spi::get_one*` run their query as an update and first ask PostgreSQL for a transaction
//! id, which a hot standby refuses ("cannot assign TransactionIds during recovery") and parallel
//! mode too. Profiling, detection, comparison and leak checks must work on a read replica of
//! production, so they read through these instead: the same calls, run as `select`, which pgrx
//! executes read-only until the transaction has written something.

use pgrx::datum::{DatumWithOid, FromDatum, IntoDatum};
use pgrx::spi::{Result, Spi, SpiHeapTupleData};

pub fn get_one<A: FromDatum + IntoDatum>(query: &str) -> Result<Option<A>> {
    Spi::connect(|client| client.select(query, Some(1), &[])?.first().get_one())
}

pub fn get_one_with_args<'mcx, A: FromDatum + IntoDatum>(
    query: &str,
    args: &[DatumWithOid<'mcx>],
) -> Result<Option<A>> {
    Spi::connect(|client| client.select(query, Some(1), args)?.first().get_one())
}

pub fn get_two_with_args<'mcx, A: FromDatum + IntoDatum, B: FromDatum + IntoDatum>(
    query: &str,
    args: &[DatumWithOid<'mcx>],
) -> Result<(Option<A>, Option<B>)> {
    Spi::connect(|client| client.select(query, Some(1), args)?.first().get_two::<A, B>())
}

pub fn get_three<A: FromDatum + IntoDatum, B: FromDatum + IntoDatum, C: FromDatum + IntoDatum>(
    query: &str,
) -> Result<(Option<A>, Option<B>, Option<C>)> {
    Spi::connect(|client| client.select(query, Some(1), &[])?.first().get_three::<A, B, C>())
}

/// Runs `query` through a cursor, `batch` rows per fetch, and hands each row to `each` until it
/// returns `false` or the rows end. One SPI connection per fetch, so that its memory goes with
/// it; interrupts are checked between fetches.
pub fn for_each_row(query: &str, batch: i64, mut each: impl FnMut(&SpiHeapTupleData) -> Result<bool>) -> Result<()> {
    let cursor = Spi::connect(|client| client.try_open_cursor(query, &[]).map(|c| c.detach_into_name()))?;
    loop {
        pgrx::pg_sys::check_for_interrupts!();
        let more = Spi::connect(|client| -> Result<bool> {
            let mut cur = client.find_cursor(&cursor)?;
            let mut fetched = false;
            for row in cur.fetch(batch)? {
                fetched = true;
                if !each(&row)? {
                    return Ok(false); // the cursor closes with `cur`
                }
            }
            if fetched {
                cur.detach_into_name();
            }
            Ok(fetched)
        })?;
        if !more {
            return Ok(());
        }
    }
}
