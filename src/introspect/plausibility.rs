//! Counting a table's rows against the checks its profile sets (`quality::plausibility`): one
//! scan per table, one `count(*) FILTER (WHERE …)` per check.

use pgrx::prelude::*;

use crate::error::{Code, Result, SynthError};
use crate::introspect::catalog::table_oid;
use crate::profile::TableProfile;
use crate::quality::plausibility::{checks, Check};

/// A check and what the table's rows say of it.
pub struct Counted {
    pub check: Check,
    pub rows: i64,
    pub broken: i64,
}

/// The checks of `profile`, counted over the rows of the table it names in this database.
pub fn count(profile: &TableProfile) -> Result<Vec<Counted>> {
    let (schema, name) = (&profile.table.schema, &profile.table.name);
    let table = pgrx::spi::quote_qualified_identifier(schema, name);
    if table_oid(schema, name)?.is_none() {
        return Err(SynthError::new(Code::UndefinedTable, format!("table {table} of the profile does not exist"))
            .hint("Check the tables of a profile in the database filled from it, with the same DDL."));
    }
    let checks = checks(profile);
    if checks.is_empty() {
        return Ok(vec![]);
    }
    let filters: Vec<String> = checks.iter().map(|c| format!("count(*) FILTER (WHERE {})", c.broken_when)).collect();
    let sql = format!("SELECT count(*), {} FROM {table}", filters.join(", "));
    let counts: Vec<i64> = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let row = client.select(sql.as_str(), Some(1), &[])?.first();
        (1..=checks.len() + 1).map(|i| row.get::<i64>(i).map(|v| v.unwrap_or(0))).collect()
    })
    .map_err(|e| SynthError::new(Code::Internal, format!("counting the rows of {table} against its profile: {e}")))?;
    Ok(checks
        .into_iter()
        .zip(&counts[1..])
        .map(|(check, &broken)| Counted { check, rows: counts[0], broken })
        .collect())
}
