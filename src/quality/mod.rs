//! How good synthetic tables are, measured against the real tables they imitate, the way
//! SDMetrics 0.32.0's `QualityReport` measures it (the judge in `../shared/judge`), so that the
//! two agree.
//!
//! Pure: columns come in as [`ColumnData`] with the sdtype [`classify`] gives them, the report
//! goes out as [`Report`] (serde). The properties:
//!
//! - **Column Shapes**: per column, [`ks_complement`] for numerical and datetime columns (NULLs
//!   dropped, numbers rounded to 14 decimals, datetimes as nanoseconds), [`tv_complement`] for
//!   categorical and boolean ones (NULLs dropped).
//! - **Column Pair Trends**: per pair of scored columns, [`correlation_similarity`] (Pearson) when
//!   both are continuous, else [`contingency_similarity`] of the joint frequencies, NULL being a
//!   category and a continuous side cut into the 10 equal-width bins of [`histogram_edges`] over
//!   its own range, real and synthetic each with their own edges ([`digitize`]).
//! - **Cardinality** (several tables): per foreign key, [`cardinality_shape_similarity`].
//! - **Intertable Trends** (several tables): Column Pair Trends between each parent column and
//!   each child column on the child ⋈ parent join.
//!
//! A property is the mean of its scores, skipping the undefined ones (a constant column has no
//! correlation, an empty side no distribution); `overall` is the mean of the properties.
//! Unlike SDMetrics, contingency tables are computed on every row: SDMetrics samples 50,000 rows
//! at random when a table has more.
//!
//! Each property has its file: `shapes`, `pair_trends`, `relationships` (Cardinality and
//! Intertable Trends, which walk the foreign keys together); `column_data` holds the values
//! they read and the judge's classification. This file holds the report and what they share.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use serde::Serialize;

mod column_data;
mod pair_trends;
pub mod plausibility;
mod relationships;
mod shapes;
#[cfg(test)]
mod tests;

pub use column_data::{
    classify, Categories, CategoriesBuilder, ColumnData, Kind, SdType, CATEGORICAL_MAX_DISTINCT, CATEGORICAL_MAX_RATIO,
};
pub use pair_trends::{
    contingency_similarity, correlation_similarity, cramers_v, digitize, histogram_edges, pearson, PairScore,
};
pub use relationships::cardinality_shape_similarity;
pub use shapes::{ks_complement, tv_complement};

/// A hash map that iterates in the same order for the same inserts, so that sums are
/// reproducible to the last bit.
type Map<K, V> = HashMap<K, V, BuildHasherDefault<DefaultHasher>>;

/// The code of NULL in discrete columns: a category of its own in contingency tables.
const NULL_CODE: u32 = u32::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Metric {
    #[serde(rename = "KSComplement")]
    KsComplement,
    #[serde(rename = "TVComplement")]
    TvComplement,
    CorrelationSimilarity,
    ContingencySimilarity,
    CardinalityShapeSimilarity,
}

/// A real column and its synthetic counterpart.
#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    pub sdtype: SdType,
    pub real: ColumnData,
    pub synthetic: ColumnData,
}

/// A real table and its synthetic counterpart.
#[derive(Clone, Debug)]
pub struct Table {
    pub real_name: String,
    pub synthetic_name: String,
    pub real_rows: usize,
    pub synthetic_rows: usize,
    pub columns: Vec<Column>,
}

/// A single-column foreign key between two of the tables, by position: `child_column` of table
/// `child` references `parent_column` of table `parent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Relationship {
    pub parent: usize,
    pub parent_column: usize,
    pub child: usize,
    pub child_column: usize,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub overall: Option<f64>,
    pub properties: Properties,
    pub pair_threshold: f64,
    pub tables: Vec<TableReport>,
    pub columns: Vec<ColumnReport>,
    pub pairs: Vec<PairReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationships: Option<Vec<RelationshipReport>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intertable_pairs: Option<Vec<IntertablePairReport>>,
}

/// Property scores; the multi-table ones only for several tables (null when there is nothing
/// to score, such as no foreign key between the tables).
#[derive(Debug, Serialize)]
pub struct Properties {
    pub column_shapes: Option<f64>,
    pub column_pair_trends: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cardinality: Option<Option<f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intertable_trends: Option<Option<f64>>,
}

#[derive(Debug, Serialize)]
pub struct TableReport {
    pub real: String,
    pub synthetic: String,
    pub rows_real: usize,
    pub rows_synthetic: usize,
}

#[derive(Debug, Serialize)]
pub struct ColumnReport {
    pub table: String,
    pub column: String,
    pub sdtype: SdType,
    pub metric: Option<Metric>,
    pub score: Option<f64>,
    pub null_fraction_real: Option<f64>,
    pub null_fraction_synthetic: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct PairReport {
    pub table: String,
    pub columns: [String; 2],
    pub metric: Metric,
    pub score: Option<f64>,
    /// Pearson's r of the real and synthetic columns (correlations only).
    pub real: Option<f64>,
    pub synthetic: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_association: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_threshold: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct RelationshipReport {
    pub parent: String,
    pub parent_column: String,
    pub child: String,
    pub child_column: String,
    pub metric: Metric,
    pub score: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct IntertablePairReport {
    pub parent: String,
    pub child: String,
    pub foreign_key: String,
    /// The parent's column, then the child's.
    pub columns: [String; 2],
    pub metric: Metric,
    pub score: Option<f64>,
    pub real: Option<f64>,
    pub synthetic: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub real_association: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_threshold: Option<bool>,
}

/// Mean of the defined values; `None` without any.
fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values.flatten().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The quality report of `tables` (paired real ↔ synthetic) with the foreign keys
/// `relationships` between them. `pair_threshold` > 0 scores only pairs whose real correlation
/// (|Pearson r|) or association (Cramér's V) is above it, as SDMetrics'
/// `real_correlation_threshold` and `real_association_threshold` do. `tick` is called between
/// steps (the database layer checks for cancellation there).
pub fn report(tables: &[Table], relationships: &[Relationship], pair_threshold: f64, tick: &mut dyn FnMut()) -> Report {
    let multi = tables.len() > 1;
    let mut columns = Vec::new();
    let mut pairs = Vec::new();
    let mut shape_scores = Vec::new();
    let mut pair_scores = Vec::new();
    for table in tables {
        shapes::score_table(table, tick, &mut columns, &mut shape_scores);
        pair_trends::score_table(table, pair_threshold, tick, &mut pairs, &mut pair_scores);
    }
    let column_shapes = mean(shape_scores.into_iter());
    let column_pair_trends = mean(pair_scores.into_iter());
    let (mut cardinality, mut intertable) = (None, None);
    let (mut relationship_reports, mut intertable_pairs) = (None, None);
    if multi {
        let scored = relationships::score(tables, relationships, pair_threshold, tick);
        cardinality = Some(scored.cardinality);
        intertable = Some(scored.intertable);
        relationship_reports = Some(scored.reports);
        intertable_pairs = Some(scored.pairs);
    }
    let overall = mean([column_shapes, column_pair_trends, cardinality.flatten(), intertable.flatten()].into_iter());
    Report {
        overall,
        properties: Properties { column_shapes, column_pair_trends, cardinality, intertable_trends: intertable },
        pair_threshold,
        tables: tables
            .iter()
            .map(|t| TableReport {
                real: t.real_name.clone(),
                synthetic: t.synthetic_name.clone(),
                rows_real: t.real_rows,
                rows_synthetic: t.synthetic_rows,
            })
            .collect(),
        columns,
        pairs,
        relationships: relationship_reports,
        intertable_pairs,
    }
}
