//! `synth_leak_check`: how much of a real table a synthetic table repeats. Per column, the
//! distinct synthetic values that also occur in the real column and the synthetic rows holding
//! one; over the compared columns together, the synthetic rows equal to some real row.
//!
//! Values are compared as their text output, so that any two types compare (json, arrays) and
//! NULL never matches a value; rows are compared whole (`ROW(…)::text`), where a NULL matches a
//! NULL. Every count is one hashed query over both tables: no sampling, memory of PostgreSQL's
//! hash tables.

use pgrx::prelude::*;
use pgrx::{JsonB, PgRelation};
use serde_json::json;

use crate::error::{Code, Result, SynthError};
use crate::introspect::catalog;

/// `name` as a quoted SQL identifier (always quoted: the same for any name).
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The SQL counting, for column `col`, the distinct non-NULL synthetic values, those also found in
/// the real column, and the synthetic rows holding one of those.
pub fn column_sql(real: &str, synthetic: &str, col: &str) -> String {
    let c = quote_identifier(col);
    format!(
        "SELECT count(*)::int8, count(r.v)::int8,
                (SELECT count(*) FROM {synthetic} s WHERE s.{c}::text IN (SELECT {c}::text FROM {real}))::int8
           FROM (SELECT DISTINCT {c}::text AS v FROM {synthetic} WHERE {c} IS NOT NULL) s
           LEFT JOIN (SELECT DISTINCT {c}::text AS v FROM {real}) r USING (v)"
    )
}

/// The SQL counting the synthetic rows equal, on `cols`, to some real row (NULL equal to NULL).
pub fn duplicate_rows_sql(real: &str, synthetic: &str, cols: &[String]) -> String {
    let row = |alias: &str| {
        let parts: Vec<String> = cols.iter().map(|c| format!("{alias}.{}", quote_identifier(c))).collect();
        format!("ROW({})::text", parts.join(", "))
    };
    format!("SELECT count(*)::int8 FROM {synthetic} s WHERE {} IN (SELECT {} FROM {real} r)", row("s"), row("r"))
}

/// The columns compared when the caller names none: those both tables have, except the real
/// table's keys (primary, unique, foreign), which repeat by construction.
pub fn default_columns(real: &crate::profile::TableProfile, synthetic: &crate::profile::TableProfile) -> Vec<String> {
    let mut keys: Vec<&String> = real.unique_keys().flat_map(|k| k.columns.iter()).collect();
    keys.extend(real.foreign_keys.iter().flat_map(|f| f.columns.iter()));
    real.columns
        .iter()
        .map(|c| &c.name)
        .filter(|n| !keys.contains(n) && synthetic.column(n).is_some())
        .cloned()
        .collect()
}

pub fn check(real: PgRelation, synthetic: PgRelation, columns: Option<Vec<String>>) -> Result<JsonB> {
    let rp = catalog::read_profile(real.oid())?;
    let sp = catalog::read_profile(synthetic.oid())?;
    let cols = match columns {
        None => default_columns(&rp, &sp),
        Some(cols) => {
            for c in &cols {
                for (p, what) in [(&rp, "real"), (&sp, "synthetic")] {
                    if p.column(c).is_none() {
                        return Err(SynthError::new(
                            Code::UndefinedColumn,
                            format!("column \"{c}\" does not exist in the {what} table {}", p.qualified_name()),
                        ));
                    }
                }
            }
            cols
        }
    };
    if cols.is_empty() {
        return Err(SynthError::invalid("no column to compare")
            .hint("Name the columns: synth_leak_check(real, synthetic, columns => '{email,phone}')."));
    }
    let rq = format!("{}.{}", quote_identifier(&rp.table.schema), quote_identifier(&rp.table.name));
    let sq = format!("{}.{}", quote_identifier(&sp.table.schema), quote_identifier(&sp.table.name));
    let spi = |e: pgrx::spi::Error| SynthError::new(Code::Internal, format!("checking for leaks: {e}"));
    let mut per_column = Vec::new();
    for c in &cols {
        let (distinct, found, rows) =
            Spi::connect(|client| -> std::result::Result<(i64, i64, i64), pgrx::spi::Error> {
                let row = client.select(&column_sql(&rq, &sq, c), Some(1), &[])?.first();
                Ok((row.get(1)?.unwrap_or(0), row.get(2)?.unwrap_or(0), row.get(3)?.unwrap_or(0)))
            })
            .map_err(spi)?;
        per_column.push(json!({
            "column": c,
            "synthetic_values": distinct,
            "found_in_real": found,
            "rows_with_a_real_value": rows,
        }));
    }
    let total = crate::pg::spi::get_one::<i64>(&format!("SELECT count(*) FROM {sq}")).map_err(spi)?.unwrap_or(0);
    let duplicates = crate::pg::spi::get_one::<i64>(&duplicate_rows_sql(&rq, &sq, &cols)).map_err(spi)?.unwrap_or(0);
    Ok(JsonB(json!({
        "real": rp.qualified_name(),
        "synthetic": sp.qualified_name(),
        "compared_columns": cols,
        "synthetic_rows": total,
        "rows_equal_to_a_real_row": duplicates,
        "columns": per_column,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_and_rows_compared_whole() {
        let sql = column_sql("public.people", "synth.people", "E-mail");
        assert!(sql.contains("\"E-mail\"::text"), "{sql}");
        let dup = duplicate_rows_sql("r", "s", &["a".into(), "Last Name".into()]);
        assert_eq!(
            dup,
            "SELECT count(*)::int8 FROM s s WHERE ROW(s.\"a\", s.\"Last Name\")::text IN (SELECT ROW(r.\"a\", r.\"Last Name\")::text FROM r r)"
        );
        assert_eq!(quote_identifier("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
