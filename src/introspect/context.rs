//! The target table as a fill finds it: the rows already there, the keys of the parents its
//! foreign keys point at, its existing unique keys, and the parent columns its dependence model
//! conditions on. Read once per fill, before the first row is generated.

use std::collections::HashSet;

use pgrx::Spi;

use crate::error::{Code, Result, SynthError};
use crate::generate::joint::ExternalValues;
use crate::generate::unique::fingerprint_key;
use crate::generate::{takes_default, Context, ExistingKeys, ExternalColumn, ParentKeys};
use crate::introspect::catalog::{parent_profile, with_canonical_output};
use crate::pg::spi_err;
use crate::profile::*;
use crate::value::Value;

/// Parent tables larger than this are not read row by row for external conditioning.
const MAX_EXTERNAL_PARENT_ROWS: i64 = 5_000_000;
/// Categories a parent column may have to be held as codes.
const MAX_EXTERNAL_LABELS: usize = 10_000;
/// Distinct values a parent column copied by a child may have (names, addresses: about one per
/// parent row), so that what a fill holds stays bounded.
const MAX_COPIED_LABELS: usize = 1_000_000;

/// Facts of the target table that generation depends on: rows already there, the keys of the
/// parents its foreign keys point at, and its existing unique keys.
pub fn read_context(profile: &TableProfile, rows: u64, linked: &[bool]) -> Result<Context> {
    let table = qualified(&profile.table.schema, &profile.table.name);
    with_canonical_output(|| {
        let existing: i64 = crate::pg::spi::get_one(&format!("SELECT count(*) FROM {table}"))
            .map_err(spi_err("counting rows"))?
            .unwrap_or(0);
        let mut parents = Vec::with_capacity(profile.foreign_keys.len());
        for (f, fk) in profile.foreign_keys.iter().enumerate() {
            let cols: Option<Vec<&ColumnProfile>> = fk.columns.iter().map(|c| profile.column(c)).collect();
            match cols {
                Some(cols) if !cols.iter().any(|c| takes_default(c)) && !linked.get(f).copied().unwrap_or(false) => {
                    parents.push(Some(parent_keys(fk, &cols)?));
                }
                _ => parents.push(None),
            }
        }
        let mut uniques = Vec::new();
        for key in profile.unique_keys() {
            uniques.push(if existing > 0 {
                existing_keys(&table, profile, &key.columns, key.case_insensitive)?
            } else {
                ExistingKeys::default()
            });
        }
        let n = profile.foreign_keys.len();
        let external = external_columns(profile, &parents)?;
        let mut exclusion_floors = Vec::with_capacity(profile.exclusions.len());
        for x in &profile.exclusions {
            exclusion_floors.push(if existing > 0 { range_floor(&table, profile, x)? } else { None });
        }
        Ok(Context {
            existing_rows: existing.max(0) as u64,
            rows,
            parents,
            uniques,
            spread: vec![None; n],
            linked: (0..n).map(|f| linked.get(f).copied().unwrap_or(false)).collect(),
            external,
            exclusion_floors,
        })
    })
}

/// The largest upper bound of the ranges an exclusion constraint keeps apart, among the rows
/// already in `table`, on the axis of the range's subtype (`None`: no such range, or none there).
fn range_floor(table: &str, profile: &TableProfile, x: &ExclusionConstraint) -> Result<Option<f64>> {
    let Some(col) = x.elements.iter().find(|e| e.operator == "&&").and_then(|e| e.column.as_deref()) else {
        return Ok(None);
    };
    let Some(sub) = profile.column(col).and_then(|c| c.ty.element.as_deref()).map(|t| t.kind) else {
        return Ok(None);
    };
    let sql = format!("SELECT max(upper({}))::text FROM {table}", pgrx::spi::quote_identifier(col));
    let max = crate::pg::spi::get_one::<String>(&sql).map_err(spi_err("reading existing ranges"))?;
    Ok(max.and_then(|m| Value::parse_canonical(sub, &m)).and_then(|v| v.axis()))
}

/// The rows a foreign key can point at, as a FROM item: a table's own rows, without those of
/// tables that INHERIT it (PostgreSQL checks foreign keys against `ONLY` the table), or every
/// partition's rows.
fn referenced_rows(schema: &str, name: &str) -> Result<String> {
    let table = qualified(schema, name);
    let inherited = crate::pg::spi::get_one::<bool>(&format!(
        "SELECT relkind = 'r' AND relhassubclass FROM pg_catalog.pg_class WHERE oid = {}::regclass",
        pgrx::spi::quote_literal(&table)
    ))
    .map_err(spi_err("reading parent keys"))?;
    Ok(if inherited == Some(true) { format!("ONLY {table}") } else { table })
}

fn qualified(schema: &str, name: &str) -> String {
    pgrx::spi::quote_qualified_identifier(schema, name)
}

/// The keys of the rows `fk` can point at, in a stable order (integer keys ascending).
pub fn parent_keys(fk: &ForeignKey, child: &[&ColumnProfile]) -> Result<ParentKeys> {
    let parent = referenced_rows(&fk.ref_schema, &fk.ref_table)?;
    let cols: Vec<String> = fk.ref_columns.iter().map(pgrx::spi::quote_identifier).collect();
    if cols.len() == 1 && child[0].ty.kind.is_integer() {
        let c = &cols[0];
        let (lo, hi, n) = crate::pg::spi::get_three::<i64, i64, i64>(&format!(
            "SELECT min({c})::int8, max({c})::int8, count({c}) FROM {parent}"
        ))
        .map_err(spi_err("reading parent keys"))?;
        return match (lo, hi, n) {
            (Some(lo), Some(hi), Some(n)) if n > 0 && i128::from(hi) - i128::from(lo) + 1 == i128::from(n) => {
                Ok(ParentKeys::Range { lo, count: n as u64 })
            }
            (_, _, Some(n)) if n > 0 => {
                let sql = format!("SELECT {c}::int8 FROM {parent} WHERE {c} IS NOT NULL ORDER BY 1");
                let keys = Spi::connect(|client| -> std::result::Result<Vec<i64>, pgrx::spi::Error> {
                    let mut out = Vec::with_capacity(n as usize);
                    for row in client.select(sql.as_str(), None, &[])? {
                        if let Some(k) = row.get::<i64>(1)? {
                            out.push(k);
                        }
                    }
                    Ok(out)
                })
                .map_err(spi_err("reading parent keys"))?;
                Ok(ParentKeys::Ints(keys))
            }
            _ => Ok(ParentKeys::Range { lo: 0, count: 0 }),
        };
    }
    let not_null: Vec<String> = cols.iter().map(|c| format!("{c} IS NOT NULL")).collect();
    let sql = format!(
        "SELECT DISTINCT {} FROM {parent} WHERE {} ORDER BY {}",
        cols.iter().zip(child).map(|(c, col)| canonical_text(c, col.ty.kind)).collect::<Vec<_>>().join(", "),
        not_null.join(" AND "),
        (1..=cols.len()).map(|i| i.to_string()).collect::<Vec<_>>().join(", "),
    );
    let tuples = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(sql.as_str(), None, &[])? {
            let mut key = Vec::with_capacity(child.len());
            for (i, col) in child.iter().enumerate() {
                let text = row.get::<String>(i + 1)?.unwrap_or_default();
                key.push(Value::parse_canonical(col.ty.kind, &text).unwrap_or(Value::Text(text)));
            }
            out.push(key);
        }
        Ok(out)
    })
    .map_err(spi_err("reading parent keys"))?;
    Ok(ParentKeys::Tuples(tuples))
}

/// SQL for column `c` as the text [`Value::parse_canonical`] reads, whatever the session's
/// settings: money without lc_monetary's currency, bytea in hex even under `bytea_output = escape`.
fn canonical_text(c: &str, kind: TypeKind) -> String {
    match kind {
        TypeKind::Money => format!("{c}::pg_catalog.numeric::text"),
        TypeKind::Bytea => format!("'\\x' || pg_catalog.encode({c}, 'hex')"),
        _ => format!("{c}::text"),
    }
}

fn existing_keys(table: &str, profile: &TableProfile, columns: &[String], fold: bool) -> Result<ExistingKeys> {
    let cols: Option<Vec<&ColumnProfile>> = columns.iter().map(|c| profile.column(c)).collect();
    let Some(cols) = cols else {
        return Ok(ExistingKeys::default());
    };
    if cols.iter().any(|c| c.is_sequence_backed()) {
        return Ok(ExistingKeys::default());
    }
    let quoted: Vec<String> = columns.iter().map(pgrx::spi::quote_identifier).collect();
    let mut max_int = Vec::with_capacity(cols.len());
    for (col, q) in cols.iter().zip(&quoted) {
        max_int.push(if col.ty.kind.is_integer() {
            crate::pg::spi::get_one::<i64>(&format!("SELECT max({q})::int8 FROM {table}"))
                .map_err(spi_err("reading existing keys"))?
        } else {
            None
        });
    }
    let text = |(c, col): (&String, &&ColumnProfile)| canonical_text(c, col.ty.kind);
    let sql = format!(
        "SELECT {} FROM {table} WHERE {}",
        quoted.iter().zip(&cols).map(text).collect::<Vec<_>>().join(", "),
        quoted.iter().map(|c| format!("{c} IS NOT NULL")).collect::<Vec<_>>().join(" AND "),
    );
    let fingerprints = Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut set = HashSet::new();
        let mut values = Vec::with_capacity(cols.len());
        for row in client.select(sql.as_str(), None, &[])? {
            values.clear();
            for (i, col) in cols.iter().enumerate() {
                let text = row.get::<String>(i + 1)?.unwrap_or_default();
                values.push(Value::parse_canonical(col.ty.kind, &text).unwrap_or(Value::Text(text)));
            }
            set.insert(fingerprint_key(values.iter().zip(cols.iter().map(|c| c.ty.kind)), fold));
        }
        Ok(set)
    })
    .map_err(spi_err("reading existing keys"))?;
    Ok(ExistingKeys { max_int, fingerprints: Some(fingerprints) })
}
/// The parent columns that `profile`'s dependence model conditions on or copies, by parent key index
/// (`parents`: the keys per foreign key, as the generator numbers them).
pub fn external_columns(profile: &TableProfile, parents: &[Option<ParentKeys>]) -> Result<Vec<ExternalColumn>> {
    let Some(d) = &profile.dependence else { return Ok(vec![]) };
    // (foreign key, parent column, how many distinct values it may have): a column copied from
    // the parent row is read with its many values (a name, an address), others only as categories.
    let mut wanted: Vec<(&String, &String, usize)> = Vec::new();
    for c in &d.copies {
        wanted.push((&c.via, &c.parent, MAX_COPIED_LABELS));
    }
    for node in &d.nodes {
        if let Some(fk) = &node.via {
            wanted.push((fk, &node.parent, MAX_EXTERNAL_LABELS));
        }
    }
    for r in &d.rules {
        if let Rule::AfterParent { parent, via, .. } = r {
            wanted.push((via, parent, MAX_EXTERNAL_LABELS));
        }
    }
    let mut out: Vec<ExternalColumn> = Vec::new();
    for (fk_name, parent_column, max_labels) in wanted {
        if out.iter().any(|e| &e.fk == fk_name && &e.column == parent_column) {
            continue;
        }
        let Some(f) = profile.foreign_keys.iter().position(|f| &f.name == fk_name) else { continue };
        let fk = &profile.foreign_keys[f];
        let Some(Some(keys)) = parents.get(f) else { continue };
        if fk.ref_columns.len() != 1 || keys.len() as i64 > MAX_EXTERNAL_PARENT_ROWS {
            continue;
        }
        let Some(parent) = parent_profile(&fk.ref_schema, &fk.ref_table)? else { continue };
        let Some(kind) = parent.column(parent_column).map(|c| c.ty.kind) else { continue };
        let Some(child_kind) = profile.column(&fk.columns[0]).map(|c| c.ty.kind) else { continue };
        let q = pgrx::spi::quote_identifier;
        let key = q(&fk.ref_columns[0]);
        // Integer keys are found by value; other keys (text codes, uuids) in the order
        // `parent_keys` read them, checked one by one.
        let key_sql = match keys {
            ParentKeys::Tuples(_) => canonical_text(&key, child_kind),
            _ => format!("{key}::int8"),
        };
        let sql = format!(
            "SELECT {key_sql}, {}::text FROM {} WHERE {key} IS NOT NULL{}",
            q(parent_column),
            pgrx::spi::quote_qualified_identifier(&fk.ref_schema, &fk.ref_table),
            if matches!(keys, ParentKeys::Tuples(_)) { " ORDER BY 1" } else { "" },
        );
        let n = keys.len() as usize;
        let numeric = kind.is_ordered_scalar();
        let mut numbers = vec![f64::NAN; if numeric { n } else { 0 }];
        let mut codes = vec![u32::MAX; if numeric { 0 } else { n }];
        let mut labels: Vec<Option<String>> = Vec::new();
        let mut index: std::collections::HashMap<Option<String>, u32> = std::collections::HashMap::new();
        let mut too_many = false;
        let mut misaligned = false;
        with_canonical_output(|| {
            Spi::connect(|client| -> std::result::Result<(), pgrx::spi::Error> {
                for (i, row) in client.select(sql.as_str(), None, &[])?.enumerate() {
                    let p = match keys {
                        ParentKeys::Tuples(t) => {
                            let Some(k) = row.get::<String>(1)? else { continue };
                            let k = Value::parse_canonical(child_kind, &k).unwrap_or(Value::Text(k));
                            if t.get(i).and_then(|tuple| tuple.first()) != Some(&k) {
                                misaligned = true;
                                break;
                            }
                            i
                        }
                        _ => {
                            let Some(k) = row.get::<i64>(1)? else { continue };
                            let Some(p) = key_index(keys, k) else { continue };
                            p
                        }
                    };
                    let v = row.get::<String>(2)?;
                    if numeric {
                        numbers[p] =
                            v.and_then(|t| Value::parse_canonical(kind, &t)).and_then(|x| x.axis()).unwrap_or(f64::NAN);
                    } else if !too_many {
                        let next = labels.len() as u32;
                        let code = *index.entry(v.clone()).or_insert_with(|| {
                            labels.push(v);
                            next
                        });
                        codes[p] = code;
                        too_many = labels.len() > max_labels;
                    }
                }
                Ok(())
            })
            .map_err(|e| SynthError::new(Code::Internal, format!("reading {}: {e}", fk.ref_table)))
        })?;
        if too_many || misaligned {
            continue;
        }
        let values = if numeric { ExternalValues::Numbers(numbers) } else { ExternalValues::Codes { labels, codes } };
        out.push(ExternalColumn { fk: fk_name.clone(), column: parent_column.clone(), kind, values });
    }
    Ok(out)
}

/// The generator's index of parent key `k`.
fn key_index(keys: &ParentKeys, k: i64) -> Option<usize> {
    match keys {
        ParentKeys::Range { lo, count } => {
            let i = k.checked_sub(*lo)?;
            (i >= 0 && (i as u64) < *count).then_some(i as usize)
        }
        ParentKeys::Ints(v) => v.binary_search(&k).ok(),
        ParentKeys::Tuples(_) => None,
    }
}
