//! Whether a table belongs to Citus, read from Citus's own catalog (`pg_dist_partition`), never
//! guessed from names. On a Citus coordinator the table a user names is a shell: its heap holds
//! no rows that any query reads, and the rows live in shards on the workers. Writers must go
//! through Citus (its planner and executor) or refuse.

use pgrx::pg_sys;

use crate::error::{Code, Result, SynthError};
use crate::pg::spi_err;

/// How Citus holds a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// An ordinary PostgreSQL table (or no Citus in this database).
    Local,
    /// Sharded over the workers by `column` (hash, or the older range and append methods).
    Distributed { column: String },
    /// A copy on every node.
    Reference,
    /// A table Citus tracks on the coordinator alone (`citus_add_local_table_to_metadata`).
    CitusLocal,
}

impl Placement {
    pub fn is_citus(&self) -> bool {
        !matches!(self, Placement::Local)
    }

    /// How the table is described in messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Placement::Local => "a local table",
            Placement::Distributed { .. } => "a Citus distributed table",
            Placement::Reference => "a Citus reference table",
            Placement::CitusLocal => "a Citus local table",
        }
    }
}

/// True when Citus's catalog exists in this database (the extension is installed).
pub fn installed() -> Result<bool> {
    Ok(crate::pg::spi::get_one::<bool>("SELECT pg_catalog.to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL")
        .map_err(spi_err("looking for Citus"))?
        .unwrap_or(false))
}

/// How Citus holds `relid`.
pub fn placement(relid: pg_sys::Oid) -> Result<Placement> {
    if !installed()? {
        return Ok(Placement::Local);
    }
    let (method, rest) = crate::pg::spi::get_two_with_args::<String, String>(
        // One row whether or not Citus knows the table.
        "SELECT (SELECT partmethod::text || repmodel::text || CASE WHEN colocationid <> 0 THEN 'c' ELSE '' END
                   FROM pg_catalog.pg_dist_partition WHERE logicalrelid = $1),
                (SELECT pg_catalog.column_to_column_name(logicalrelid, partkey)
                   FROM pg_catalog.pg_dist_partition WHERE logicalrelid = $1 AND partkey IS NOT NULL)",
        &[relid.into()],
    )
    .map_err(spi_err("reading Citus's catalog"))?;
    Ok(match method.as_deref() {
        None => Placement::Local,
        Some(m) if m.starts_with("nt") => Placement::Reference,
        // A single-shard distributed table (Citus 12) is co-located; a Citus local table is not.
        Some(m) if m.starts_with('n') && !m.ends_with('c') => Placement::CitusLocal,
        Some(_) => Placement::Distributed { column: rest.unwrap_or_default() },
    })
}

/// An error for a rewrite that cannot go through Citus, naming the table and what to do.
pub fn refuse_rewrite(relid: pg_sys::Oid, verb: &str) -> Result<()> {
    let placement = placement(relid)?;
    if !placement.is_citus() {
        return Ok(());
    }
    let name = crate::pg::spi::get_one_with_args::<String>("SELECT $1::pg_catalog.regclass::text", &[relid.into()])
        .map_err(spi_err("naming the table"))?
        .unwrap_or_default();
    Err(SynthError::new(
        Code::FeatureNotSupported,
        format!("{verb} cannot rewrite \"{name}\": it is {}", placement.describe()),
    )
    .hint(format!(
        "Rewrite a local copy and distribute that: SELECT undistribute_table('{name}'); SELECT {verb}('{name}', …); then create_distributed_table or create_reference_table again."
    )))
}
