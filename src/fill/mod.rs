//! What writes generated rows: one table ([`writer`], through the bulk path [`bulk`] or an
//! `INSERT … SELECT`), the rows of one call as datums ([`row_source`], [`datum`], checked by the
//! database's own CHECKs where the engine cannot judge them, [`validate`]), and whole schemas and
//! cascades in dependency order ([`schema`]), with the tables' user triggers paused when the
//! settings say so ([`triggers`]). With `synthdata.parallel`, parallel workers in the caller's
//! transaction write chunks of a table's rows while it waits ([`parallel`]). Citus tables are written
//! through Citus, generated on its workers ([`distributed`]). Every table a call writes is
//! recorded in the fill log ([`log`]), from which [`replay`] repeats the call.
//!
//! A fill runs inside the caller's statement and transaction: on any error nothing is left
//! behind.

pub mod bulk;
pub mod datum;
pub mod distributed;
pub mod lock;
pub mod log;
pub mod parallel;
pub mod replay;
pub mod row_source;
pub mod schema;
pub mod triggers;
pub mod validate;
pub mod writer;
