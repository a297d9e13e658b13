//! synthdata: realistic, constraint-respecting synthetic rows, generated inside PostgreSQL.
//!
//! Data flows one way: catalog and statistics → [`profile`] (serde, versioned JSON) →
//! [`generate`] (a plan of pure, seeded generators) → `writer` and `bulk` (the only code that
//! inserts).
//! Beside it, [`quality`] scores synthetic tables against real ones as the judge (SDMetrics) does,
//! and `compare` serves it to SQL as `synth_compare`. [`privacy`] tells which columns hold
//! personal data; `pii` serves it to SQL (`synth_detect_pii`, `synth_sensitive_columns`, the
//! marks in `synthdata.sensitivity`) with `synth_k_anonymity` and `synth_l_diversity`; `leak`
//! (`synth_leak_check`) counts what a synthetic table repeats of a real one. [`dependence`]
//! learns how columns depend on each other from a sample that `sample` reads.
//! The masking toolbox is [`mask`] (fakers, partial masks, noise, generalization) and
//! [`pseudonym`] (keyed, HMAC-SHA256 based pseudonyms), served to SQL by `api_mask`, with
//! `shuffle` for `synth_shuffle`.
//! The pure modules (`profile`, `dependence`, `generate`, `check_expr`, `semantic`, `rng`,
//! `permute`, `value`, `datetime`, `quality`, `privacy`, `mask`, `pseudonym`) are tested with
//! plain `cargo test`; the PostgreSQL-facing ones (`catalog`, `sample`, `bulk`, `datum`,
//! `validate`, `row_source`, `writer`, `api`, `api_mask`, `shuffle`, `gucs`, `compare`, `pii`,
//! `leak`) with `cargo pgrx test` and the SQL regression suite.

::pgrx::pg_module_magic!(name, version);

// Pure engine.
pub mod anonymize;
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
mod api_anonymize;
mod api_mask;
mod bulk;
mod catalog;
mod compare;
mod datum;
mod gucs;
mod leak;
mod pii;
mod row_source;
mod sample;
mod schema;
mod shuffle;
mod spi_read;
mod validate;
mod writer;

#[pgrx::pg_guard]
pub extern "C-unwind" fn _PG_init() {
    gucs::init();
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
