//! Whole schemas as the database shows them: their tables, and a profile of every table with
//! the shape of their relationships (children per parent).

use pgrx::{pg_sys, Spi};

use crate::error::{Code, Result, SynthError};
use crate::introspect::sample;
use crate::pg::spi_err;
use crate::profile::*;

/// Parents whose children are counted when statistics do not tell.
const SAMPLE_PARENTS: i64 = 10_000;

/// The tables of `schema` (ordinary and partitioned, not partitions, not an extension's own such as
/// `synthdata.sensitivity`), by name.
pub fn schema_tables(schema: &str) -> Result<Vec<(String, pg_sys::Oid)>> {
    let exists = crate::pg::spi::get_one_with_args::<bool>(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1)",
        &[schema.into()],
    )
    .map_err(spi_err("looking up the schema"))?
    .unwrap_or(false);
    if !exists {
        return Err(SynthError::new(Code::UndefinedSchema, format!("schema \"{schema}\" does not exist")));
    }
    Spi::connect(|client| -> std::result::Result<_, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(
            "SELECT c.relname::text, c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                                 WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
              ORDER BY c.relname",
            None,
            &[schema.into()],
        )? {
            if let (Some(name), Some(oid)) = (row.get::<String>(1)?, row.get::<pg_sys::Oid>(2)?) {
                out.push((name, oid));
            }
        }
        Ok(out)
    })
    .map_err(spi_err("listing the schema's tables"))
}

/// Every table of `schema` with its profile, and per foreign key inside the schema the
/// distribution of children per parent.
pub fn read_schema_profile(schema: &str, sample_rows: u64) -> Result<SchemaProfile> {
    let mut tables = Vec::new();
    for (_, oid) in schema_tables(schema)? {
        let mut p = sample::read_profile(oid, sample_rows)?;
        if p.table.reltuples < 0.0 {
            // Never analyzed: count, so that row counts scale from the truth.
            let table = pgrx::spi::quote_qualified_identifier(&p.table.schema, &p.table.name);
            p.table.reltuples = crate::pg::spi::get_one::<i64>(&format!("SELECT count(*) FROM {table}"))
                .map_err(spi_err("counting rows"))?
                .unwrap_or(0) as f64;
        }
        tables.push(p);
    }
    let mut relationships = Vec::new();
    for child in &tables {
        for fk in &child.foreign_keys {
            if fk.ref_schema != schema {
                continue;
            }
            let Some(parent) = tables.iter().find(|t| t.table.name == fk.ref_table) else { continue };
            relationships.push(Relationship {
                name: fk.name.clone(),
                child: child.table.name.clone(),
                columns: fk.columns.clone(),
                parent: parent.table.name.clone(),
                ref_columns: fk.ref_columns.clone(),
                children_per_parent: children_per_parent(child, fk, parent)?,
            });
        }
    }
    Ok(SchemaProfile { format_version: FORMAT_VERSION, schema: schema.to_string(), tables, relationships })
}

/// How many children the parents of `fk` have: from the child column's statistics when they list
/// every referenced parent, otherwise by counting the children of a bounded sample of parents.
fn children_per_parent(child: &TableProfile, fk: &ForeignKey, parent: &TableProfile) -> Result<ChildrenPerParent> {
    let parents = parent.table.reltuples.max(0.0);
    let children_rows = child.table.reltuples.max(0.0);
    if let [col] = fk.columns.as_slice() {
        if let Some(st) = child.column(col).and_then(|c| c.stats.as_ref()) {
            // A negative n_distinct is a float4 fraction of the rows: round away its error
            // (0.33195022 × 241 is 80.0000024, not more than 80).
            let distinct = if st.n_distinct >= 0.0 { st.n_distinct } else { (-st.n_distinct * children_rows).round() };
            if distinct > 0.0 && st.most_common_vals.len() as f64 >= distinct && parents >= distinct {
                let mut counts: Vec<u64> =
                    st.most_common_freqs.iter().map(|f| (f * children_rows).round() as u64).collect();
                counts.resize(parents.round() as usize, 0);
                return Ok(ChildrenPerParent::from_counts(counts, "statistics"));
            }
        }
    }
    let q = pgrx::spi::quote_identifier;
    let parent_table = pgrx::spi::quote_qualified_identifier(&fk.ref_schema, &fk.ref_table);
    let child_table = pgrx::spi::quote_qualified_identifier(&child.table.schema, &child.table.name);
    let pcols: Vec<String> = fk.ref_columns.iter().map(|c| format!("p.{}", q(c))).collect();
    let join: Vec<String> =
        fk.columns.iter().zip(&fk.ref_columns).map(|(c, r)| format!("c.{} = p.{}", q(c), q(r))).collect();
    let sample = if parents > SAMPLE_PARENTS as f64 * 1.5 {
        let pct = (SAMPLE_PARENTS as f64 * 1.5 / parents * 100.0).min(100.0);
        format!("TABLESAMPLE BERNOULLI ({pct}) REPEATABLE (0)")
    } else {
        String::new()
    };
    let sql = format!(
        "SELECT count(c.{first})::int8 FROM (SELECT {refs} FROM {parent_table} {sample} LIMIT {SAMPLE_PARENTS}) p
           LEFT JOIN {child_table} c ON {join} GROUP BY {pcols}",
        first = q(&fk.columns[0]),
        refs = fk.ref_columns.iter().map(q).collect::<Vec<_>>().join(", "),
        join = join.join(" AND "),
        pcols = pcols.join(", "),
    );
    let counts = Spi::connect(|client| -> std::result::Result<Vec<u64>, pgrx::spi::Error> {
        let mut out = Vec::new();
        for row in client.select(sql.as_str(), None, &[])? {
            out.push(row.get::<i64>(1)?.unwrap_or(0).max(0) as u64);
        }
        Ok(out)
    })
    .map_err(spi_err("counting children per parent"))?;
    Ok(ChildrenPerParent::from_counts(counts, "sample"))
}
