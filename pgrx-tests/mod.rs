//! In-database tests (`cargo pgrx test`): the SQL API against a real PostgreSQL.
//! Each `#[pg_test]` runs in its own transaction, rolled back afterwards; most create a schema of
//! their own (`common::scratch`) so that tests running side by side never wait for each other.
//!
//! | file | concern |
//! |---|---|
//! | `fill.rs` | synth_fill: row counts, defaults, failures mid-fill, cancellation, progress |
//! | `parallel.rs` | synthdata.parallel: the rows of one process, reserved sequence values, one outcome |
//! | `rows.rs` | synth_rows: typed rows, nothing inserted, seeds and determinism |
//! | `datum.rs` | values built as datums directly: the bytes the types' input functions make |
//! | `constraints.rs` | CHECKs, typmods, domains, enums, keys, foreign keys, partitions |
//! | `stats.rs` | following ANALYZE statistics; name-appropriate values without them |
//! | `profile.rs` | synth_profile |
//! | `profile_privacy.rs` | leak-free profiles: sensitive columns, min_count, epsilon; generation from them |
//! | `dependence.rs` | sample_rows: copula, conditionals, parent columns, learned rules |
//! | `schema.rs` | synth_profile_schema, synth_fill_schema (statistics, profiles, trees, cycles), cascade |
//! | `scenarios.rs` | `mode => 'edge'`, `anomalies` and `anomaly_column`: limits, outliers, flags, errors |
//! | `errors.rs` | every error with its SQLSTATE and message; failed calls change nothing |
//! | `leak.rs` | synth_leak_check |
//! | `settings.rs` | synthdata.seed, .unsupported_types, .locale, .progress_interval |
//! | `text.rs` | believable text: the `locale` argument, kinds told by values, code patterns |
//! | `privacy.rs` | synth_detect_pii, synth_sensitive_columns and the marks, synth_k_anonymity, synth_l_diversity, their errors |
//! | `mask.rs` | masking toolbox: fakers, masks, keyed pseudonyms and joins, the secret setting, noise, generalization, shuffling |
//! | `anonymize.rs` | synth_anonymize: rows changed, determinism, keys and their references, batches, stored rules, errors that change nothing |
//! | `compare.rs` | synth_compare: scores against SDMetrics' values, the judge's classification, foreign keys on partitions, errors |
//!
//! SQL function names share one schema (`tests`), so test names carry their file's prefix.

mod common;

mod anonymize;
mod compare;
mod constraints;
mod datum;
mod dependence;
mod errors;
mod fill;
mod leak;
mod mask;
mod parallel;
mod privacy;
mod profile;
mod profile_privacy;
mod rows;
mod scenarios;
mod schema;
mod settings;
mod stats;
mod text;
