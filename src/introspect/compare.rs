//! `synth_compare`: the quality report of synthetic tables against the real tables they imitate,
//! computed in the database the way the judge (SDMetrics' `QualityReport`) computes it.
//!
//! This layer reads the catalog (keys, column types, the foreign keys among the tables, including
//! those declared on partitions, selected as the judge selects them), reads every row of every
//! table through SPI cursors in batches, keeping only what the report needs (numbers, moments and
//! booleans unboxed, text as codes of its distinct values, NULL flags of the columns not scored),
//! classifies the columns as the judge does and hands them to [`crate::quality`]; the report
//! comes back as jsonb. No sampling: the scores are those of all the rows.

use std::collections::HashSet;

use pgrx::prelude::*;
use pgrx::spi::quote_identifier;
use pgrx::{pg_sys, PgMemoryContexts};

use crate::error::{Code, Result, SynthError};
use crate::pg::spi_err;
use crate::quality::{self, CategoriesBuilder, ColumnData, Kind, SdType, CATEGORICAL_MAX_DISTINCT};

/// Rows fetched from a cursor at a time.
const BATCH: i64 = 10_000;

/// Compares `synthetic[i]` with `real[i]` for every i.
pub fn compare(real: &[pg_sys::Oid], synthetic: &[pg_sys::Oid], pair_threshold: f64) -> Result<quality::Report> {
    if real.len() != synthetic.len() {
        return Err(SynthError::invalid(format!(
            "the arrays of tables differ in length: {} real, {} synthetic",
            real.len(),
            synthetic.len()
        ))
        .hint("The arrays pair tables by position: real[i] is compared with synthetic[i]."));
    }
    if real.is_empty() {
        return Err(SynthError::invalid("no tables to compare"));
    }
    if !(0.0..=1.0).contains(&pair_threshold) {
        return Err(SynthError::invalid(format!("pair_threshold must be between 0 and 1, not {pair_threshold}")));
    }
    let reals: Vec<TableInfo> = real.iter().map(|oid| describe(*oid)).collect::<Result<_>>()?;
    let synths: Vec<TableInfo> = synthetic.iter().map(|oid| describe(*oid)).collect::<Result<_>>()?;
    let mut seen = HashSet::new();
    for t in &reals {
        if !seen.insert(t.oid) {
            return Err(SynthError::invalid(format!("table {} appears twice among the real tables", t.name)));
        }
    }
    let synth_columns: Vec<Vec<usize>> =
        reals.iter().zip(&synths).map(|(r, s)| match_columns(r, s)).collect::<Result<_>>()?;
    let relationships = if reals.len() > 1 { relationships(&reals)? } else { Vec::new() };
    let mut needed: Vec<Vec<bool>> = reals.iter().map(|t| vec![false; t.columns.len()]).collect();
    for r in &relationships {
        needed[r.parent][r.parent_column] = true;
        needed[r.child][r.child_column] = true;
    }
    let mut tables = Vec::with_capacity(reals.len());
    for (t, real) in reals.iter().enumerate() {
        let specs: Vec<ReadAs> = real
            .columns
            .iter()
            .zip(&needed[t])
            .map(|(c, needed)| match c.kind {
                Kind::Key if *needed => ReadAs::Text { limit: None },
                Kind::Key | Kind::Binary => ReadAs::Nulls,
                Kind::Number => ReadAs::Number,
                Kind::Datetime => ReadAs::Moment,
                Kind::Boolean => ReadAs::Boolean,
                Kind::Text => ReadAs::Text { limit: Some(CATEGORICAL_MAX_DISTINCT) },
            })
            .collect();
        let (real_rows, real_data) = read(real, &real.columns.iter().collect::<Vec<_>>(), &specs)?;
        let sdtypes: Vec<SdType> =
            real.columns.iter().zip(&real_data).map(|(c, d)| quality::classify(c.kind, d)).collect();
        let synth = &synths[t];
        let synth_cols: Vec<&ColumnInfo> = synth_columns[t].iter().map(|i| &synth.columns[*i]).collect();
        let synth_specs: Vec<ReadAs> = specs
            .iter()
            .zip(&real.columns)
            .zip(&sdtypes)
            .map(|((spec, column), sdtype)| match sdtype {
                SdType::Id | SdType::Numerical | SdType::Datetime | SdType::Boolean => *spec,
                SdType::Text | SdType::Binary => ReadAs::Nulls,
                SdType::Categorical => match column.kind {
                    Kind::Text | Kind::Binary => ReadAs::Text { limit: None },
                    _ => *spec,
                },
            })
            .collect();
        let (synthetic_rows, synth_data) = read(synth, &synth_cols, &synth_specs)?;
        let columns = real
            .columns
            .iter()
            .zip(sdtypes)
            .zip(real_data.into_iter().zip(synth_data))
            .map(|((c, sdtype), (real, synthetic))| quality::Column { name: c.name.clone(), sdtype, real, synthetic })
            .collect();
        tables.push(quality::Table {
            real_name: real.name.clone(),
            synthetic_name: synth.name.clone(),
            real_rows,
            synthetic_rows,
            columns,
        });
    }
    Ok(quality::report(&tables, &relationships, pair_threshold, &mut || {
        pg_sys::check_for_interrupts!();
    }))
}

/// A table as the comparison sees it.
struct TableInfo {
    oid: pg_sys::Oid,
    /// Schema-qualified and quoted where needed.
    name: String,
    columns: Vec<ColumnInfo>,
}

struct ColumnInfo {
    name: String,
    /// The type, domains resolved to their base type.
    base_type: pg_sys::Oid,
    type_name: String,
    kind: Kind,
}

/// `family`: the table `$1` and its partitions or inheritance children, at every level, whose
/// foreign keys the judge counts as the table's; none when the table is itself a partition or an
/// inheritance child (the judge counts its foreign keys, even those declared on it, as its
/// parent's, and its foreign key columns as plain values).
macro_rules! family_cte {
    () => {
        "
WITH RECURSIVE family(relid) AS (
    SELECT $1::pg_catalog.oid
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = $1)
  UNION
    SELECT i.inhrelid FROM pg_catalog.pg_inherits i JOIN family f ON i.inhparent = f.relid
)"
    };
}

const COLUMNS_SQL: &str = concat!(
    family_cte!(),
    "
SELECT a.attname::pg_catalog.text, a.atttypid, pg_catalog.format_type(a.atttypid, a.atttypmod),
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint p
                WHERE p.conrelid = a.attrelid AND p.contype = 'p' AND p.conkey = ARRAY[a.attnum])
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_constraint f
                    JOIN family ON family.relid = f.conrelid
                    JOIN pg_catalog.pg_attribute fa ON fa.attrelid = f.conrelid AND fa.attnum = ANY (f.conkey)
                   WHERE f.contype = 'f' AND fa.attname = a.attname)
       OR a.attidentity <> ''
       OR coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval%', false)
  FROM pg_catalog.pg_attribute a
  LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
 WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attnum"
);

/// A table's name and columns, with the judge's key columns: the single-column primary key,
/// every foreign key column of its `family` (also those declared on its partitions or
/// inheritance children), serial and identity columns.
fn describe(oid: pg_sys::Oid) -> Result<TableInfo> {
    let (kind, name) = crate::pg::spi::get_two_with_args::<String, String>(
        "SELECT (SELECT c.relkind::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.oid = $1),
                (SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
                   FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.oid = $1)",
        &[oid.into()],
    )
    .map_err(spi_err("looking up a table"))?;
    let name = match (kind.as_deref(), name) {
        (Some("r" | "p" | "v" | "m" | "f"), Some(name)) => name,
        (None, _) => {
            return Err(SynthError::new(
                Code::UndefinedTable,
                format!("relation with OID {} does not exist", oid.to_u32()),
            ))
        }
        (_, name) => {
            return Err(SynthError::new(
                Code::WrongObjectType,
                format!("\"{}\" is not a table", name.unwrap_or_default()),
            ))
        }
    };
    let columns = Spi::connect(|client| -> std::result::Result<Vec<ColumnInfo>, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(COLUMNS_SQL, None, &[oid.into()])? {
            let type_oid = row.get::<pg_sys::Oid>(2)?.unwrap_or(pg_sys::InvalidOid);
            let base_type = unsafe { pg_sys::getBaseType(type_oid) };
            let kind = if row.get::<bool>(4)?.unwrap_or(false) { Kind::Key } else { kind_of(base_type) };
            out.push(ColumnInfo {
                name: row.get::<String>(1)?.unwrap_or_default(),
                base_type,
                type_name: row.get::<String>(3)?.unwrap_or_default(),
                kind,
            });
        }
        Ok(out)
    })
    .map_err(spi_err("reading the columns"))?;
    Ok(TableInfo { oid, name, columns })
}

/// The judge's kind of a (base) type: what psycopg and pandas make of its values.
fn kind_of(base_type: pg_sys::Oid) -> Kind {
    match base_type {
        pg_sys::BOOLOID => Kind::Boolean,
        pg_sys::INT2OID
        | pg_sys::INT4OID
        | pg_sys::INT8OID
        | pg_sys::OIDOID
        | pg_sys::FLOAT4OID
        | pg_sys::FLOAT8OID
        | pg_sys::NUMERICOID => Kind::Number,
        pg_sys::DATEOID | pg_sys::TIMESTAMPOID | pg_sys::TIMESTAMPTZOID => Kind::Datetime,
        pg_sys::BYTEAOID => Kind::Binary,
        _ => Kind::Text,
    }
}

/// For each column of `real`, the position of the synthetic column of the same name; the two
/// tables must have the same columns, of the same kind (numbers, moments, booleans, bytea, text).
fn match_columns(real: &TableInfo, synthetic: &TableInfo) -> Result<Vec<usize>> {
    let mismatch = |message: String| SynthError::new(Code::DatatypeMismatch, message);
    let mut out = Vec::with_capacity(real.columns.len());
    for c in &real.columns {
        let Some(i) = synthetic.columns.iter().position(|s| s.name == c.name) else {
            return Err(mismatch(format!("column \"{}\" of {} is missing from {}", c.name, real.name, synthetic.name))
                .hint("The synthetic table must have the real table's columns, by name."));
        };
        let s = &synthetic.columns[i];
        if kind_of(c.base_type) != kind_of(s.base_type) {
            return Err(mismatch(format!(
                "column \"{}\" is {} in {} but {} in {}",
                c.name, c.type_name, real.name, s.type_name, synthetic.name
            )));
        }
        out.push(i);
    }
    if let Some(extra) = synthetic.columns.iter().find(|s| !real.columns.iter().any(|c| c.name == s.name)) {
        return Err(mismatch(format!("column \"{}\" of {} is not in {}", extra.name, synthetic.name, real.name))
            .hint("The synthetic table must have the real table's columns, by name."));
    }
    Ok(out)
}

const FOREIGN_KEYS_SQL: &str = concat!(
    family_cte!(),
    "
SELECT DISTINCT ca.attname::pg_catalog.text, c.confrelid, pa.attname::pg_catalog.text,
       pg_catalog.cardinality(c.conkey)::pg_catalog.int4
  FROM pg_catalog.pg_constraint c
  JOIN family ON family.relid = c.conrelid
  JOIN pg_catalog.pg_attribute ca ON ca.attrelid = c.conrelid AND ca.attnum = c.conkey[1]
  JOIN pg_catalog.pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
 WHERE c.contype = 'f'"
);

/// A foreign key from one of the real tables (`child`) to another (`parent`), by position in
/// the list of tables, with the names of its first columns and its number of columns.
#[derive(Clone, Debug, PartialEq)]
struct ForeignKey {
    child: usize,
    child_column: String,
    parent: usize,
    parent_column: String,
    width: usize,
}

/// The relationships the judge sees among the real tables: at most one from a child table to a
/// parent table; none when a foreign key between the two has several columns, else the
/// single-column one whose child column's name sorts first (pagila's `film.language_id`, not
/// `film.original_language_id`).
fn judge_relationships(mut fks: Vec<ForeignKey>) -> Vec<ForeignKey> {
    fks.sort_by(|a, b| (a.child, a.parent, &a.child_column).cmp(&(b.child, b.parent, &b.child_column)));
    let mut out: Vec<ForeignKey> = Vec::new();
    for group in fks.chunk_by(|a, b| (a.child, a.parent) == (b.child, b.parent)) {
        if group.iter().all(|fk| fk.width == 1) {
            out.push(group[0].clone());
        }
    }
    out
}

/// The relationships among the real tables (foreign keys declared on a table or on its
/// partitions, as the judge selects them), in the order of the tables and their columns.
fn relationships(tables: &[TableInfo]) -> Result<Vec<quality::Relationship>> {
    let mut fks = Vec::new();
    for (child, table) in tables.iter().enumerate() {
        let rows =
            Spi::connect(|client| -> std::result::Result<Vec<(String, pg_sys::Oid, String, i32)>, pgrx::spi::Error> {
                let mut v = Vec::new();
                for row in client.select(FOREIGN_KEYS_SQL, None, &[table.oid.into()])? {
                    v.push((
                        row.get::<String>(1)?.unwrap_or_default(),
                        row.get::<pg_sys::Oid>(2)?.unwrap_or(pg_sys::InvalidOid),
                        row.get::<String>(3)?.unwrap_or_default(),
                        row.get::<i32>(4)?.unwrap_or(1),
                    ));
                }
                Ok(v)
            })
            .map_err(spi_err("reading foreign keys"))?;
        for (child_column, parent_oid, parent_column, width) in rows {
            if let Some(parent) = tables.iter().position(|t| t.oid == parent_oid) {
                fks.push(ForeignKey { child, child_column, parent, parent_column, width: width as usize });
            }
        }
    }
    let column = |t: &TableInfo, name: &str| t.columns.iter().position(|c| c.name == name);
    let mut out: Vec<quality::Relationship> = judge_relationships(fks)
        .into_iter()
        .filter_map(|fk| {
            Some(quality::Relationship {
                parent: fk.parent,
                parent_column: column(&tables[fk.parent], &fk.parent_column)?,
                child: fk.child,
                child_column: column(&tables[fk.child], &fk.child_column)?,
            })
        })
        .collect();
    out.sort_by_key(|r| (r.child, r.child_column, r.parent, r.parent_column));
    Ok(out)
}

/// How a column is read.
#[derive(Clone, Copy)]
enum ReadAs {
    /// As float8.
    Number,
    /// As nanoseconds since 1970-01-01 UTC, clipped to what pandas can hold (1677-09-22 to
    /// 2262-01-01; the judge clips the end).
    Moment,
    Boolean,
    /// As its text (json as jsonb's canonical text), up to `limit` distinct values.
    Text {
        limit: Option<usize>,
    },
    /// Only whether it is NULL.
    Nulls,
}

fn expression(column: &ColumnInfo, how: ReadAs) -> String {
    let c = quote_identifier(&column.name);
    match how {
        ReadAs::Number => format!("{c}::pg_catalog.float8"),
        ReadAs::Moment => {
            let (ty, lo, hi) = match column.base_type {
                pg_sys::DATEOID => ("date", "1677-09-22", "2262-01-01"),
                pg_sys::TIMESTAMPOID => ("timestamp", "1677-09-22", "2262-01-01"),
                _ => ("timestamptz", "1677-09-22 00:00:00+00", "2262-01-01 00:00:00+00"),
            };
            // GREATEST and LEAST skip NULLs: keep them NULL.
            format!(
                "CASE WHEN {c} IS NOT NULL THEN (EXTRACT(epoch FROM LEAST(GREATEST({c}::pg_catalog.{ty}, '{lo}'::pg_catalog.{ty}), '{hi}'::pg_catalog.{ty})) * 1000000)::pg_catalog.int8 END"
            )
        }
        ReadAs::Boolean => format!("{c}::pg_catalog.bool"),
        ReadAs::Text { .. } if column.base_type == pg_sys::JSONOID => {
            format!("{c}::pg_catalog.jsonb::pg_catalog.text")
        }
        ReadAs::Text { .. } => format!("{c}::pg_catalog.text"),
        ReadAs::Nulls => format!("{c} IS NULL"),
    }
}

/// Where the values of one column go while the rows stream by.
enum Sink {
    Numbers(Vec<Option<f64>>),
    Moments(Vec<Option<i64>>),
    Booleans(Vec<Option<bool>>),
    Text(CategoriesBuilder),
    Nulls { rows: usize, nulls: usize },
}

impl Sink {
    fn new(how: ReadAs) -> Sink {
        match how {
            ReadAs::Number => Sink::Numbers(Vec::new()),
            ReadAs::Moment => Sink::Moments(Vec::new()),
            ReadAs::Boolean => Sink::Booleans(Vec::new()),
            ReadAs::Text { limit } => Sink::Text(CategoriesBuilder::new(limit)),
            ReadAs::Nulls => Sink::Nulls { rows: 0, nulls: 0 },
        }
    }

    fn push(&mut self, row: &pgrx::spi::SpiHeapTupleData, ordinal: usize) -> std::result::Result<(), pgrx::spi::Error> {
        match self {
            Sink::Numbers(v) => v.push(row.get::<f64>(ordinal)?),
            Sink::Moments(v) => v.push(row.get::<i64>(ordinal)?.map(|micros| micros * 1000)),
            Sink::Booleans(v) => v.push(row.get::<bool>(ordinal)?),
            Sink::Text(b) => b.push(row.get::<&str>(ordinal)?),
            Sink::Nulls { rows, nulls } => {
                *rows += 1;
                if row.get::<bool>(ordinal)?.unwrap_or(false) {
                    *nulls += 1;
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> ColumnData {
        match self {
            Sink::Numbers(v) => ColumnData::numbers(v),
            Sink::Moments(v) => ColumnData::Moments(v),
            Sink::Booleans(v) => ColumnData::Booleans(v),
            Sink::Text(b) => b.finish(),
            Sink::Nulls { rows, nulls } => ColumnData::Unread { rows, nulls },
        }
    }
}

/// Every row of `table`: how many, and the values of `columns` read as `specs` say.
fn read(table: &TableInfo, columns: &[&ColumnInfo], specs: &[ReadAs]) -> Result<(usize, Vec<ColumnData>)> {
    let mut list: Vec<String> = columns.iter().zip(specs).map(|(c, how)| expression(c, *how)).collect();
    // A table without columns still has rows to count.
    list.insert(0, "NULL".into());
    let sql = format!("SELECT {} FROM {}", list.join(", "), table.name);
    let mut sinks: Vec<Sink> = specs.iter().map(|how| Sink::new(*how)).collect();
    let rows = Spi::connect(|client| -> std::result::Result<usize, pgrx::spi::Error> {
        let mut cursor = client.try_open_cursor(sql.as_str(), &[])?;
        // pgrx converts a value (detoasting text) in the parent of the current memory context:
        // read each batch in a child of `batch_memory`, which is emptied after each batch, as
        // each batch's tuples are freed, so that memory holds the kept values only.
        let mut batch_memory = PgMemoryContexts::new("synth_compare batch");
        let mut rows = 0;
        loop {
            let batch = cursor.fetch(BATCH)?;
            if batch.is_empty() {
                break;
            }
            // SAFETY: both contexts outlive their use here; nothing allocated in them is kept.
            unsafe {
                batch_memory.switch_to(|_| {
                    PgMemoryContexts::new("synth_compare rows").switch_to(|_| {
                        for row in batch {
                            rows += 1;
                            for (k, sink) in sinks.iter_mut().enumerate() {
                                sink.push(&row, k + 2)?;
                            }
                        }
                        Ok::<(), pgrx::spi::Error>(())
                    })
                })?;
                batch_memory.reset();
                pg_sys::SPI_freetuptable(pg_sys::SPI_tuptable);
            }
            pg_sys::check_for_interrupts!();
        }
        Ok(rows)
    })
    .map_err(spi_err("reading rows"))?;
    Ok((rows, sinks.into_iter().map(Sink::finish).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fk(child: usize, child_column: &str, parent: usize, width: usize) -> ForeignKey {
        ForeignKey { child, child_column: child_column.into(), parent, parent_column: "id".into(), width }
    }

    #[test]
    fn one_relationship_per_pair_of_tables_as_the_judge_sees_them() {
        // The judge's "# relationships" line on tables built for it: of several single-column
        // foreign keys from a child to a parent it keeps the child column whose name sorts first,
        // whatever the column order or the constraint names; a foreign key of several columns
        // between the two leaves none.
        let picked = judge_relationships(vec![
            fk(1, "original_language_id", 0, 1),
            fk(1, "language_id", 0, 1),
            fk(2, "x", 0, 1),
            fk(2, "m", 0, 1),
            fk(2, "zb", 1, 1),
            fk(3, "a", 0, 1),
            fk(3, "b", 0, 2),
            fk(3, "c", 1, 2),
        ]);
        assert_eq!(picked, vec![fk(1, "language_id", 0, 1), fk(2, "m", 0, 1), fk(2, "zb", 1, 1)]);
    }
}
