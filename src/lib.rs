//! synthdata: realistic, constraint-respecting synthetic rows, generated inside PostgreSQL.
//!
//! Data flows one way, and the folders show it, top to bottom:
//!
//! * `api`: the SQL functions (`#[pg_extern]` only): argument checks, one call down, engine
//!   errors raised as PostgreSQL errors.
//! * `fill` (generated rows into tables: one table, cascades, whole schemas, through the bulk
//!   path or `INSERT … SELECT`) and `rewrite` (rows rewritten in place: `synth_anonymize`,
//!   `synth_shuffle`): the only code that writes.
//! * `introspect`: what reads the database: the catalog and `pg_stats` into a [`profile`], a
//!   bounded sample into a [`dependence`] model, the target table as a fill finds it, personal
//!   data and the user's marks, tables compared for quality and leaks, the `synthdata.*` settings.
//! * `pg`: helpers every PostgreSQL-facing module needs (errors raised with their SQLSTATE,
//!   read-only SPI, the `regclass` and `name` SQL types).
//! * The pure engine, plain Rust that `cargo test` checks without a database: [`profile`]
//!   (serde, versioned JSON) → [`generate`] (a plan of pure, seeded generators: every value a
//!   function of seed, table, column and row index), with [`check_expr`] (CHECK expressions),
//!   [`dependence`] (how columns depend on each other), [`semantic`] (what a column means:
//!   names, places, personas, dictionaries), [`privacy`] (finding personal data, what generated
//!   values avoid), [`redact`] (what an exported profile may carry), [`quality`] (scores as the
//!   judge computes them), [`mask`] and [`pseudonym`] (the masking toolbox), [`anonymize`]
//!   (rules and plans of in-place anonymization), [`plan`] (tables in dependency order), and the
//!   foundations [`value`], [`datetime`], [`rng`], [`permute`], [`error`].
//!
//! Every import points down this list (`scripts/layers.py` checks it in CI).

::pgrx::pg_module_magic!(name, version);

// Pure engine.
pub mod anonymize;
pub mod calendar;
pub mod check_expr;
pub mod datetime;
pub mod dependence;
pub mod error;
pub mod generate;
pub mod mask;
pub mod permute;
pub mod plan;
pub mod privacy;
pub mod profile;
pub mod pseudonym;
pub mod quality;
pub mod redact;
pub mod rng;
pub mod semantic;
pub mod value;

// PostgreSQL-facing layer.
mod api;
mod fill;
mod introspect;
mod pg;
mod rewrite;

#[pgrx::pg_guard]
pub extern "C-unwind" fn _PG_init() {
    pg::error::quiet_backtraces();
    introspect::settings::init();
}

#[cfg(feature = "pg_test")]
#[path = "../pgrx-tests/mod.rs"]
mod pgrx_tests;

/// Required by `cargo pgrx test`.
#[cfg(test)]
pub mod pg_test {
    pub fn setup(_options: Vec<&str>) {}

    #[must_use]
    pub fn postgresql_conf_options() -> Vec<&'static str> {
        vec![]
    }
}
