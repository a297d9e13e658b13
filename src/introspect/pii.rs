//! Privacy in SQL: `synth_detect_pii` (which columns of a schema hold personal data),
//! `synth_sensitive_columns` (detection overridden by the user's marks in
//! `synthdata.sensitivity`),
//! and `synth_k_anonymity` / `synth_l_diversity` (the smallest equivalence class of a table over
//! quasi-identifiers, and its fewest distinct sensitive values).
//!
//! This layer reads the catalog and a bounded sample of each table (at most [`SAMPLE_ROWS`] rows,
//! `TABLESAMPLE BERNOULLI … REPEATABLE (0)` when the table is larger, so the same rows each time
//! the table is unchanged) and hands names, types and values to the pure rules of
//! [`crate::privacy`]. k-anonymity and l-diversity are one `GROUP BY` query each, identifiers
//! quoted.

use pgrx::prelude::*;
use pgrx::{pg_sys, Spi};

use crate::error::{Code, Result, SynthError};
use crate::introspect::schema;
use crate::pg::spi_err;
use crate::privacy::{self, Finding, TypeClass};

/// Rows sampled per table for detection.
pub const SAMPLE_ROWS: u64 = 1000;
/// Characters of a sampled value that are read (an e-mail or a name is much shorter).
const VALUE_CHARS: usize = 200;

/// The table's name as SQL writes it (schema-qualified when not on the search path, quoted).
fn table_text(relid: pg_sys::Oid) -> Result<String> {
    crate::pg::spi::get_one_with_args::<String>("SELECT $1::regclass::text", &[relid.into()])
        .map_err(spi_err("looking up the table"))?
        .ok_or_else(|| SynthError::new(Code::UndefinedTable, format!("no table with oid {}", relid.to_u32())))
}

/// Whether the current role may SELECT from `relid`.
pub(crate) fn can_select(relid: pg_sys::Oid) -> bool {
    let ok = unsafe { pg_sys::pg_class_aclcheck(relid, pg_sys::GetUserId(), pg_sys::ACL_SELECT as pg_sys::AclMode) };
    ok == pg_sys::AclResult::ACLCHECK_OK
}

/// SELECT on `relid` for the current role, or 42501 naming the table.
fn check_select(relid: pg_sys::Oid, function: &str) -> Result<()> {
    if can_select(relid) {
        return Ok(());
    }
    let name = table_text(relid)?;
    Err(SynthError::new(Code::InsufficientPrivilege, format!("permission denied for table {name}")).hint(format!(
        "{function} reads the table's rows: the current role needs SELECT on {name} (GRANT SELECT ON {name} TO …)."
    )))
}

/// A column with what the rules need to know of its type.
struct ColumnFacts {
    name: String,
    ty: TypeClass,
}

/// A table's name, estimated rows and columns (in order).
struct TableFacts {
    name: String,
    reltuples: f64,
    columns: Vec<ColumnFacts>,
}

fn type_class(typname: &str, category: &str) -> TypeClass {
    match (typname, category) {
        (_, "S") => TypeClass::Text,
        ("date" | "timestamp" | "timestamptz", _) => TypeClass::Date,
        ("inet" | "cidr", _) => TypeClass::Inet,
        ("int2" | "int4" | "int8" | "numeric", _) => TypeClass::Number,
        _ => TypeClass::Other,
    }
}

fn table_facts(relid: pg_sys::Oid) -> Result<TableFacts> {
    let (name, reltuples) = crate::pg::spi::get_two_with_args::<String, f64>(
        "SELECT relname::text, reltuples::float8 FROM pg_catalog.pg_class WHERE oid = $1",
        &[relid.into()],
    )
    .map_err(spi_err("looking up the table"))?;
    let columns = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(
            "SELECT a.attname::text, bt.typname::text, bt.typcategory::text
               FROM pg_catalog.pg_attribute a
               JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
               JOIN pg_catalog.pg_type bt ON bt.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
              WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
              ORDER BY a.attnum",
            None,
            &[relid.into()],
        )? {
            let name = row.get::<String>(1)?.unwrap_or_default();
            let typname = row.get::<String>(2)?.unwrap_or_default();
            let category = row.get::<String>(3)?.unwrap_or_default();
            out.push(ColumnFacts { name, ty: type_class(&typname, &category) });
        }
        Ok(out)
    })
    .map_err(spi_err("reading the table's columns"))?;
    Ok(TableFacts { name: name.unwrap_or_default(), reltuples: reltuples.unwrap_or(-1.0), columns })
}

/// A bounded sample of the text columns `which` of `relid`: per column, its non-blank values.
fn sample_text(relid: pg_sys::Oid, facts: &TableFacts, which: &[usize]) -> Result<Vec<Vec<String>>> {
    if which.is_empty() {
        return Ok(vec![]);
    }
    let table = table_text(relid)?;
    let select: Vec<String> = which
        .iter()
        .map(|&i| format!("left({}::text, {VALUE_CHARS})", pgrx::spi::quote_identifier(&facts.columns[i].name)))
        .collect();
    let sampling = if facts.reltuples > SAMPLE_ROWS as f64 {
        let pct = (SAMPLE_ROWS as f64 * 1.5 / facts.reltuples * 100.0).min(100.0);
        format!(" TABLESAMPLE BERNOULLI ({pct}) REPEATABLE (0)")
    } else {
        String::new()
    };
    let sql = format!("SELECT {} FROM {table}{sampling} LIMIT {SAMPLE_ROWS}", select.join(", "));
    Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut cols: Vec<Vec<String>> = vec![Vec::new(); which.len()];
        for row in client.select(sql.as_str(), None, &[])? {
            for (i, col) in cols.iter_mut().enumerate() {
                if let Some(v) = row.get::<String>(i + 1)? {
                    let v = v.trim();
                    if !v.is_empty() {
                        col.push(v.to_string());
                    }
                }
            }
        }
        Ok(cols)
    })
    .map_err(spi_err(&format!("reading a sample of {table}")))
}

/// A column judged personal.
pub struct Detected {
    pub relid: pg_sys::Oid,
    pub column: String,
    pub finding: Finding,
}

/// The personal columns of one table (the caller has checked SELECT).
fn detect_table(relid: pg_sys::Oid, facts: &TableFacts) -> Result<Vec<Detected>> {
    let text: Vec<usize> = (0..facts.columns.len()).filter(|&i| facts.columns[i].ty == TypeClass::Text).collect();
    let samples = sample_text(relid, facts, &text)?;
    let mut out = Vec::new();
    for (i, c) in facts.columns.iter().enumerate() {
        let values: Vec<&str> = match text.iter().position(|&t| t == i) {
            Some(k) => samples.get(k).map(|v| v.iter().map(String::as_str).collect()).unwrap_or_default(),
            None => vec![],
        };
        if let Some(finding) = privacy::judge(&facts.name, &c.name, c.ty, &values) {
            out.push(Detected { relid, column: c.name.clone(), finding });
        }
    }
    Ok(out)
}

/// The personal columns of every table of `schema` (tables that belong to an extension left out), table by
/// table in name order, columns in table order.
pub fn detect_schema(schema: &str) -> Result<Vec<Detected>> {
    let mut tables = Vec::new();
    for (_, relid) in schema::schema_tables(schema)? {
        check_select(relid, "synth_detect_pii")?;
        tables.push(relid);
    }
    let mut out = Vec::new();
    for relid in tables {
        let facts = table_facts(relid)?;
        out.extend(detect_table(relid, &facts)?);
    }
    Ok(out)
}

/// A sensitive column, and whether detection or a mark says so.
pub struct Sensitive {
    pub column: String,
    pub category: Option<String>,
    pub source: &'static str,
}

/// The user's marks on `relid`'s columns: column, sensitive, category.
fn read_marks(relid: pg_sys::Oid) -> Result<Vec<(String, bool, Option<String>)>> {
    let sql = "SELECT column_name::text, sensitive, category FROM synthdata.sensitivity
                WHERE table_name::oid = $1 ORDER BY column_name";
    Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(sql, None, &[relid.into()])? {
            let column = row.get::<String>(1)?.unwrap_or_default();
            let sensitive = row.get::<bool>(2)?.unwrap_or(false);
            out.push((column, sensitive, row.get::<String>(3)?));
        }
        Ok(out)
    })
    .map_err(spi_err("reading synthdata.sensitivity"))
}

/// Detection on `relid` overridden by the marks: a column marked sensitive is sensitive (with
/// the mark's category, else the detected one), a column marked not sensitive is not.
pub fn sensitive_columns(relid: pg_sys::Oid) -> Result<Vec<Sensitive>> {
    check_select(relid, "synth_sensitive_columns")?;
    let facts = table_facts(relid)?;
    let detected = detect_table(relid, &facts)?;
    let marks = read_marks(relid)?;
    for (column, _, _) in &marks {
        if !facts.columns.iter().any(|c| &c.name == column) {
            notice!(
                "synthdata.sensitivity marks column \"{column}\" of {}, which does not exist; the mark is ignored",
                table_text(relid)?
            );
        }
    }
    let mut out = Vec::new();
    for c in &facts.columns {
        let found = detected.iter().find(|d| d.column == c.name).map(|d| d.finding.category);
        match marks.iter().find(|m| m.0 == c.name) {
            Some((_, true, category)) => out.push(Sensitive {
                column: c.name.clone(),
                category: category.clone().or(found.map(|f| f.name().to_string())),
                source: "marked",
            }),
            Some((_, false, _)) => {}
            None => {
                // Places alone identify nobody: reported by detection, sensitive when marked.
                if let Some(category) = found.filter(|f| !f.is_place()) {
                    out.push(Sensitive {
                        column: c.name.clone(),
                        category: Some(category.name().to_string()),
                        source: "detected",
                    });
                }
            }
        }
    }
    Ok(out)
}

/// Sensitive columns as profiles need them: (column, category).
pub type SensitiveList = Vec<(String, Option<String>)>;

/// The sensitive columns of `relid` as profiles need them: (column, category). Without SELECT
/// on the table there are neither statistics nor rows to read, and the marks alone decide.
pub fn sensitive_for_profile(relid: pg_sys::Oid) -> Result<SensitiveList> {
    if can_select(relid) {
        return Ok(sensitive_columns(relid)?.into_iter().map(|s| (s.column, s.category)).collect());
    }
    Ok(read_marks(relid)?.into_iter().filter(|m| m.1).map(|m| (m.0, m.2)).collect())
}

/// `names`, checked: not NULL, not empty, no NULL element, every one a column of `relid`.
fn quasi_identifiers(relid: pg_sys::Oid, names: Option<Vec<Option<String>>>) -> Result<Vec<String>> {
    let names = names.ok_or_else(|| SynthError::invalid("quasi_identifiers must not be NULL"))?;
    if names.is_empty() {
        return Err(SynthError::invalid("quasi_identifiers must name at least one column")
            .hint("Pass the columns an attacker could know, for example ARRAY['zip', 'birth_year', 'sex']."));
    }
    let names: Vec<String> = names
        .into_iter()
        .map(|n| n.ok_or_else(|| SynthError::invalid("quasi_identifiers must not contain NULL")))
        .collect::<Result<_>>()?;
    for n in &names {
        check_column(relid, n)?;
    }
    Ok(names)
}

fn check_column(relid: pg_sys::Oid, name: &str) -> Result<()> {
    let exists = crate::pg::spi::get_one_with_args::<bool>(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                         WHERE attrelid = $1 AND attname = $2 AND attnum > 0 AND NOT attisdropped)",
        &[relid.into(), name.into()],
    )
    .map_err(spi_err("looking up a column"))?
    .unwrap_or(false);
    if exists {
        return Ok(());
    }
    let table = table_text(relid)?;
    Err(SynthError::new(Code::UndefinedColumn, format!("column \"{name}\" of relation {table} does not exist"))
        .hint("Column names are matched exactly, as they are stored (unquoted names are lower case)."))
}

fn group_by(columns: &[String]) -> String {
    columns.iter().map(pgrx::spi::quote_identifier).collect::<Vec<_>>().join(", ")
}

fn smallest(sql: &str) -> Result<Option<i64>> {
    crate::pg::spi::get_one::<i64>(sql).map_err(spi_err("grouping the table"))
}

/// `SELECT min(count(*)) … GROUP BY quasi-identifiers`.
pub fn k_anonymity(relid: pg_sys::Oid, names: Option<Vec<Option<String>>>) -> Result<Option<i64>> {
    check_select(relid, "synth_k_anonymity")?;
    let qi = quasi_identifiers(relid, names)?;
    let table = table_text(relid)?;
    smallest(&format!("SELECT min(n)::int8 FROM (SELECT count(*) AS n FROM {table} GROUP BY {}) g", group_by(&qi)))
}

/// `SELECT min(count(DISTINCT sensitive)) … GROUP BY quasi-identifiers`.
pub fn l_diversity(
    relid: pg_sys::Oid,
    names: Option<Vec<Option<String>>>,
    sensitive: Option<&str>,
) -> Result<Option<i64>> {
    check_select(relid, "synth_l_diversity")?;
    let qi = quasi_identifiers(relid, names)?;
    let sensitive = sensitive.ok_or_else(|| SynthError::invalid("the sensitive column must not be NULL"))?;
    check_column(relid, sensitive)?;
    if qi.iter().any(|q| q == sensitive) {
        return Err(SynthError::invalid(format!("the sensitive column \"{sensitive}\" is also a quasi-identifier"))
            .hint(
                "l-diversity counts the sensitive values within groups of equal quasi-identifiers; name it only once.",
            ));
    }
    let table = table_text(relid)?;
    smallest(&format!(
        "SELECT min(n)::int8 FROM (SELECT count(DISTINCT {}) AS n FROM {table} GROUP BY {}) g",
        pgrx::spi::quote_identifier(sensitive),
        group_by(&qi)
    ))
}
