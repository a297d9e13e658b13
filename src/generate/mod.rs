//! The table generator: a plan built once from a profile, then rows on demand.
//!
//! [`TablePlan::build`] turns a [`TableProfile`](crate::profile::TableProfile) and the facts of
//! the target database ([`Context`]: rows already there, the parents' keys, existing unique keys)
//! into a plan; [`TablePlan::row`] produces row `i` of this call. Every value is a pure function
//! of (seed, table, column, row index, attempt), so rows can be produced in any order, in any
//! batches, and the same seed always gives the same rows.
//!
//! The plan is built in steps, each in its file: `plan` (the plan and [`TablePlan::build`], which
//! runs the steps, and partition steering), `parents` (how each foreign key picks its parent
//! row), `unique_keys` (which carrier keeps each unique key), `order` (what each column is drawn
//! after and given: the sample's dependence, CHECK relations, the copula). A row is assembled in
//! `row` ([`TablePlan::generate`]) and redrawn until it holds in `retry` ([`TablePlan::row`]).
//! This file holds what the callers hand in: [`Options`] and the [`Context`] of the database.

pub mod anomaly;
pub mod check_regex;
pub mod column;
pub mod constraints;
pub mod content;
pub mod defaults;
pub mod degree;
pub mod edge;
pub mod explain;
pub mod facts;
pub mod hints;
pub mod joint;
pub mod literal;
pub mod misc;
pub mod pattern;
pub mod scalar;
pub mod scenario;
pub mod text;
pub mod unique;

mod order;
mod parents;
mod plan;
mod retry;
mod row;
mod unique_keys;

use std::collections::HashSet;

use crate::profile::{ChildrenPerParent, ColumnProfile, TypeKind};
use crate::semantic::Locale;
use joint::ExternalValues;
use scenario::Scenario;

pub use parents::{children_room, ParentKeys};
pub use plan::TablePlan;
pub use retry::{Attempts, MAX_ATTEMPTS};

#[derive(Clone, Debug)]
pub struct Options {
    pub seed: i64,
    pub locale: Locale,
    /// Leave nullable columns of unsupported types NULL instead of failing.
    pub unsupported_as_null: bool,
    /// Edge cases or anomalies instead of typical rows only.
    pub scenario: Scenario,
    /// Generate only as many rows as the unique keys have room for, rather than refusing the
    /// call (a schema fill sizing tables itself: a join table of two roles per user).
    pub fit_to_keys: bool,
}

/// What already exists for one unique key of the target table.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ExistingKeys {
    /// The largest value of each integer column of the key (in the key's order), so that a
    /// column that carries the key alone continues after them.
    pub max_int: Vec<Option<i64>>,
    /// Fingerprints of the existing keys (see `unique::fingerprint`).
    pub fingerprints: Option<HashSet<u64>>,
}

/// Facts of the target database at generation time.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Context {
    /// Rows already in the table: row numbering continues after them.
    pub existing_rows: u64,
    /// Rows this call generates.
    pub rows: u64,
    /// Parent keys per foreign key of the profile (`None` when the key is not generated).
    pub parents: Vec<Option<ParentKeys>>,
    /// Per unique key of the profile (`TableProfile::unique_keys` order).
    pub uniques: Vec<ExistingKeys>,
    /// Per foreign key: how children spread over parents, from a schema profile. Without it,
    /// the child column's statistics say which parents are popular, or children spread evenly.
    pub spread: Vec<Option<ChildrenPerParent>>,
    /// Per foreign key: left NULL now, to be linked by a later UPDATE (self-references, cycles).
    pub linked: Vec<bool>,
    /// Columns of parent rows that columns of this table are drawn given (see `Dependence`).
    pub external: Vec<ExternalColumn>,
    /// Per EXCLUDE constraint of the profile: the largest upper bound (on the axis) of the
    /// ranges already in the table, which new ranges start after.
    pub exclusion_floors: Vec<Option<f64>>,
}

/// One column of the table a foreign key points at, by parent key index.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ExternalColumn {
    /// The foreign key's name.
    pub fk: String,
    pub column: String,
    pub kind: TypeKind,
    pub values: ExternalValues,
}

/// True when PostgreSQL fills the column: generated columns, identity and serial columns, and
/// columns the profile leaves to their DEFAULT (`synthdata.defaults = leave`). Any other DEFAULT
/// (`''`, `'pending'`, `now()`, `current_setting(…)`) is one value among those generated.
pub fn takes_default(col: &ColumnProfile) -> bool {
    col.generated.is_some() || col.is_sequence_backed() || col.left_to_default
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod prop_tests;

#[cfg(test)]
#[path = "text_tests.rs"]
mod text_tests;
