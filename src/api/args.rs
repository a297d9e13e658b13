//! The arguments many SQL functions share: row counts, seeds and locales, checked once.

use pgrx::pg_sys;

use crate::error::{Result, SynthError};
use crate::introspect::settings;
use crate::semantic::Locale;

/// Validates a call's `locale` argument: `None` (SQL NULL) means the `synthdata.locale` setting.
pub fn parse_locale(locale: Option<&str>) -> Result<Option<Locale>> {
    let Some(raw) = locale else { return Ok(None) };
    Locale::parse(raw).map(Some).ok_or_else(|| {
        SynthError::invalid(format!("locale \"{raw}\" is not supported"))
            .hint("Use en, de or fr (or NULL for the synthdata.locale setting).")
    })
}

/// Validates a row count given as float8 (so that `1e6` works) and returns it as an integer.
pub fn row_count(n: Option<f64>) -> Result<u64> {
    let n = n.ok_or_else(|| SynthError::invalid("the number of rows must not be NULL"))?;
    if !n.is_finite() || n.fract() != 0.0 {
        return Err(SynthError::invalid(format!("the number of rows must be a whole number, not {n}"))
            .hint("Pass a whole number such as 1000 or 1e6."));
    }
    if n < 0.0 {
        return Err(SynthError::invalid(format!("the number of rows must not be negative, got {n}")));
    }
    if n > 1e15 {
        return Err(SynthError::invalid(format!("{n} rows is more than synthdata generates in one call (10^15)")));
    }
    Ok(n as u64)
}

/// The seed of a call: the argument, else `synthdata.seed`, else a fresh one.
pub fn resolve_seed(seed: Option<i64>) -> Result<i64> {
    if let Some(s) = seed {
        return Ok(s);
    }
    if let Some(s) = settings::seed()? {
        return Ok(s);
    }
    let now = unsafe { pg_sys::GetCurrentTimestamp() } as u64;
    let pid = unsafe { pg_sys::MyProcPid } as u64;
    Ok(crate::rng::mix64(now ^ (pid << 40)) as i64 >> 1)
}
