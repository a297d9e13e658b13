//! The SQL API: every `#[pg_extern]`, and nothing else. Each function reads like its SQL
//! signature: it checks its arguments ([`args`]), makes one call into the layer below (`fill`,
//! `rewrite`, `introspect` or the pure engine) and raises engine errors as PostgreSQL errors
//! (`pg::raise`), with SQLSTATE, message, detail and hint.
//!
//! Parallel safety of functions that read tables through SPI (the profiles, `synth_compare`,
//! `synth_leak_check`, `synth_detect_pii`, `synth_sensitive_columns`, `synth_k_anonymity`,
//! `synth_l_diversity`): PARALLEL UNSAFE, though they only read. They read through `pg::spi`
//! (read-only SPI, no transaction id: they work on a hot standby, `tests/behaviour/standby.sh`),
//! but have not been shown to run inside a parallel worker; marking them SAFE takes that test
//! first, and the change then goes into the next upgrade script.

mod anonymize;
mod args;
mod fill;
mod log;
mod mask;
mod privacy;
mod profile;
mod quality;
