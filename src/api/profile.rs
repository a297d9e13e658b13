//! Profiles as SQL: `synth_profile` (one table) and `synth_profile_schema` (a schema with its
//! relationships), redacted for export as `redact::ExportPolicy` says.
//!
//! Parallel safety: PARALLEL UNSAFE, though they only read (see the note in `api`).

use pgrx::prelude::*;
use pgrx::{pg_sys, JsonB, PgRelation};

use crate::error::{Code, Result, SynthError};
use crate::introspect::{sample, schema, settings};
use crate::pg::{raise, OrRaise};
use crate::redact::ExportPolicy;

/// The export policy of a call's `min_count` and `epsilon`, seeded from the server's strong
/// random source (the seed is never shown).
fn export_policy(min_count: Option<i32>, epsilon: Option<f64>) -> Result<ExportPolicy> {
    let mut bytes = [0u8; 8];
    if !unsafe { pg_sys::pg_strong_random(bytes.as_mut_ptr().cast(), bytes.len()) } {
        return Err(SynthError::new(Code::Internal, "could not read the server's random source"));
    }
    ExportPolicy::new(min_count, settings::min_count(), epsilon, u64::from_le_bytes(bytes))
}

/// A call's `sample_rows`, checked: NULL is the default sample, 10,000 rows.
fn sample_size(sample_rows: Option<i32>) -> crate::error::Result<u64> {
    match sample_rows {
        Some(n) => sample::check_sample_rows(i64::from(n)),
        None => Ok(settings::DEFAULT_SAMPLE_ROWS as u64),
    }
}

/// Everything the generator knows about a table, as versioned JSON.
/// A sample of at most `sample_rows` rows (default 10,000) also teaches
/// how the columns depend on each other; 0 keeps the profile of the statistics alone.
///
/// The profile is safe to ship: sensitive columns (`synth_sensitive_columns`) carry the shape of
/// their values, never one of them; values seen fewer than `min_count` times (default
/// `synthdata.min_count`, 5) are left out; with `epsilon`, counts and frequencies get Laplace
/// noise for ε-differential privacy.
/// VOLATILE: with `epsilon`, fresh noise on every call. PARALLEL UNSAFE: see the module note.
#[pg_extern(volatile, parallel_unsafe, name = "synth_profile")]
fn synth_profile(
    tbl: Option<PgRelation>,
    sample_rows: default!(Option<i32>, "NULL"),
    min_count: default!(Option<i32>, "NULL"),
    epsilon: default!(Option<f64>, "NULL"),
) -> JsonB {
    let tbl = tbl.unwrap_or_else(|| raise(SynthError::invalid("the table must not be NULL")));
    let rows = sample_size(sample_rows).or_raise();
    let policy = export_policy(min_count, epsilon).or_raise();
    let mut profile = sample::read_profile(tbl.oid(), rows).or_raise();
    policy.apply(&mut profile);
    if !profile.table.analyzed {
        notice!(
            "table {} has no statistics; its profile comes from the catalog alone. Run ANALYZE {} on a table holding representative data for realistic distributions",
            profile.qualified_name(),
            profile.qualified_name()
        );
    }
    JsonB(serde_json::to_value(&profile).unwrap_or_default())
}

/// Every table of a schema with its profile, and for each foreign key the distribution of
/// children per parent, as JSON that `synth_fill_schema(profile => …)` reads.
/// What it carries of the data is limited as for `synth_profile` (`min_count`, `epsilon`).
/// VOLATILE: with `epsilon`, fresh noise on every call. PARALLEL UNSAFE: see the module note.
#[pg_extern(volatile, parallel_unsafe, name = "synth_profile_schema")]
fn synth_profile_schema(
    schema: default!(Option<&str>, "'public'"),
    sample_rows: default!(Option<i32>, "NULL"),
    min_count: default!(Option<i32>, "NULL"),
    epsilon: default!(Option<f64>, "NULL"),
) -> JsonB {
    let schema = schema.unwrap_or_else(|| raise(SynthError::invalid("the schema must not be NULL")));
    let rows = sample_size(sample_rows).or_raise();
    let policy = export_policy(min_count, epsilon).or_raise();
    let mut profile = schema::read_schema_profile(schema, rows).or_raise();
    for t in &mut profile.tables {
        policy.apply(t);
    }
    policy.apply_to_relationships(&mut profile.relationships);
    JsonB(serde_json::to_value(&profile).unwrap_or_default())
}
