//! What reads the database: the catalog and `pg_stats` into a profile ([`catalog`]), a bounded
//! sample of rows into a dependence model ([`sample`]), how Citus holds a table ([`citus`]), the
//! target table as a fill finds it ([`context`]), whole schemas ([`schema`]), personal data and the user's marks ([`pii`]),
//! tables compared for quality ([`compare`]) and for leaks ([`leak`]), and the `synthdata.*`
//! settings ([`settings`]).
//!
//! Everything here only reads, through read-only SPI where it can (`pg::spi`), so profiling,
//! detection and comparison work on a hot standby. It hands plain Rust data to the pure engine
//! and to `fill`; it never writes.

pub mod catalog;
pub mod citus;
pub mod compare;
pub mod context;
pub mod leak;
pub mod pii;
pub mod plausibility;
pub mod sample;
pub mod schema;
pub mod settings;
