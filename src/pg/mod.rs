//! PostgreSQL helpers that every PostgreSQL-facing module needs: engine errors raised as
//! PostgreSQL errors ([`error`]), read-only SPI ([`spi`]), errors caught in a subtransaction
//! ([`subxact`]) and the SQL types of arguments and
//! results that pgrx does not provide ([`types`]). They sit at the bottom of that layer: they
//! import nothing of it.

pub mod error;
pub mod json_arg;
pub mod spi;
pub mod subxact;
pub mod types;

pub use error::{raise, spi_err, OrRaise};
pub use types::{RegClass, SqlName, TableOid};
