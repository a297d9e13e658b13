//! The table profile: everything the generator knows about a table, as plain serde structs.
//!
//! A profile is read from the catalog and `pg_stats` by `introspect::catalog` (and what a sample
//! teaches by `introspect::sample`), returned to users by `synth_profile` as versioned JSON, and
//! read back by the planner. It names schemas, tables, columns and types, never OIDs, so a profile taken in one
//! database can drive generation in another with the same DDL. Statistics values are kept as
//! canonical text (ISO dates and timestamps in UTC, numbers as PostgreSQL prints them, intervals in
//! PostgreSQL style), independent of the session's `DateStyle` or `TimeZone`.
//!
//! The JSON layout is documented field by field in `docs/src/profile-format.md`; any change that a
//! reader of an older profile would misread bumps [`FORMAT_VERSION`].

use serde::{Deserialize, Serialize};

#[cfg(test)]
pub(crate) mod fixtures;

/// Part of the format: the kind of a column's type, defined beside the values it takes.
pub use crate::value::TypeKind;

pub const FORMAT_VERSION: u32 = 1;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TableProfile {
    pub format_version: u32,
    pub table: TableInfo,
    pub columns: Vec<ColumnProfile>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_key: Option<KeyConstraint>,
    #[serde(default)]
    pub unique: Vec<KeyConstraint>,
    #[serde(default)]
    pub checks: Vec<CheckConstraint>,
    #[serde(default)]
    pub foreign_keys: Vec<ForeignKey>,
    /// EXCLUDE constraints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclusions: Vec<ExclusionConstraint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitioning: Option<Partitioning>,
    /// How the columns depend on each other, learned from a sample of rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependence: Option<Dependence>,
    /// For a table of people: a filter of the source rows' signatures, which generated rows
    /// avoid (see `privacy::novelty`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_rows: Option<crate::privacy::novelty::RowFilter>,
}

/// How columns depend on each other, learned from a sample of rows: a Gaussian copula over the
/// numeric, date and time columns; a tree in which a column is drawn given one other
/// (Chow–Liu: the tree that keeps the most mutual information) wherever a category takes part;
/// and relations that held in every sampled row.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct Dependence {
    /// Rows the model was learned from (0: from extended statistics, see `from`).
    pub sample_rows: u64,
    /// Where the model comes from when not from a sample: `"extended_statistics"` (the
    /// multi-column most-common-values lists of `CREATE STATISTICS … (mcv)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copula: Option<Copula>,
    /// Columns drawn given another, parents before children.
    #[serde(default)]
    pub nodes: Vec<DependenceNode>,
    #[serde(default)]
    pub rules: Vec<Rule>,
    /// Columns that repeat a column of the parent row in most sampled rows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<Copied>,
}

/// A column that held the same value as a column of the row a foreign key points at in most
/// sampled rows (a shipping address that is the customer's address, an invoice line's price
/// that is the track's): generated rows copy the generated parent's value in the same share.
/// It names columns and a share, never a value.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Copied {
    pub column: String,
    /// The parent table's column, through foreign key `via`.
    pub parent: String,
    pub via: String,
    /// The share of sampled rows where the two were equal (NULL beside NULL too; rows with a
    /// value beside a NULL parent value, which may have no parent row, left out).
    pub share: f64,
}

/// A Gaussian copula: the correlations of the columns' normal scores (`Φ⁻¹` of their ranks).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Copula {
    pub columns: Vec<String>,
    /// Row-major, `columns.len()` squared, ones on the diagonal; positive definite.
    pub correlation: Vec<Vec<f64>>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DependenceNode {
    pub column: String,
    /// The column it is drawn given: of this table, or with `via` of the table that foreign key
    /// points at (the parent row's value).
    pub parent: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Mutual information between the two in the sample (nats).
    pub strength: f64,
    pub model: Conditional,
    /// For a parent row's column: how the sampled child rows spread over its values (keys as
    /// in `model`), so that parents with popular values get the most children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_shares: Option<Vec<(Option<String>, f64)>>,
}

/// The distribution of a column given its parent's value. Values are canonical text (`null`
/// for NULL); a numeric parent is cut into bins at `bins` (bin `k` holds `bins[k-1] <= x <
/// bins[k]`, its key is `k`, NULL's is `null`); numbers are on the axis of their type (days
/// since 2000-01-01 for dates, microseconds since 2000-01-01 for timestamps). Two numeric
/// columns of one table are related by the copula instead.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Conditional {
    /// A categorical child: its values and their shares, per parent value.
    Table {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bins: Option<Vec<f64>>,
        rows: Vec<ConditionalRow>,
    },
    /// A numeric child: its share of NULLs and quantiles (0%, 5%, … 100%), per parent value.
    Quantiles {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bins: Option<Vec<f64>>,
        rows: Vec<ConditionalQuantiles>,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConditionalRow {
    pub parent: Option<String>,
    pub values: Vec<(Option<String>, f64)>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ConditionalQuantiles {
    pub parent: Option<String>,
    pub null_share: f64,
    pub quantiles: Vec<f64>,
}

/// A relation that held in every sampled row; generated rows keep it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Rule {
    /// `left <= right` whenever both are set.
    LessOrEqual { left: String, right: String },
    /// The columns are NULL in the same rows.
    NullTogether { columns: Vec<String> },
    /// `column = factors[0] × factors[1]` (to the column's scale).
    Product { column: String, factors: Vec<String> },
    /// `column >= parent`, a column of the row that foreign key `via` points at, whenever both
    /// are set: an order placed after its customer signed up, a payment after its rental.
    AfterParent { column: String, parent: String, via: String },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TableInfo {
    pub schema: String,
    pub name: String,
    /// `table` or `partitioned_table`.
    pub kind: String,
    /// `pg_class.reltuples` (for a partitioned table, the sum over its partitions); -1 if unknown.
    pub reltuples: f64,
    /// Whether `pg_stats` had rows for this table when it was profiled.
    pub analyzed: bool,
    /// For a partition: its partition constraint (`pg_get_partition_constraintdef`), which rows
    /// inserted into it directly must meet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition_bound: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ColumnProfile {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeInfo,
    pub not_null: bool,
    /// The default expression as `pg_get_expr` prints it (`nextval(...)` for serial columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// `always` or `by_default` for identity columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// The expression of a stored generated column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated: Option<String>,
    /// PostgreSQL's DEFAULT fills the column, whatever it is: so profiles read with
    /// `synthdata.defaults = leave` mark the columns with a DEFAULT and no statistics.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub left_to_default: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stats: Option<ColumnStats>,
    /// Every value and its share, when a sample showed few distinct values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Categories>,
    /// What a text column's values hold, when a sample showed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<Content>,
    /// A timestamp's shares of the week's hours, a date's of its days, when a sample showed
    /// them uneven (see `calendar`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly: Option<Weekly>,
    /// For a sensitive column (`synth_sensitive_columns`), its category (`first_name`, `email`
    /// …, or the user's): the profile keeps only the shape of its values, never one of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sensitive: Option<String>,
}

/// Shares of the week's cells, from Monday: 168 hours for timestamps, 7 days for dates (see
/// `calendar`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Weekly {
    pub shares: Vec<f64>,
}

/// What a text column's values hold, learned from a sample: a kind of value (`email`, `uuid`,
/// `phone` …, see `semantic::TextKind::name`) or the pattern of codes (`INV-dddd-dddddd`, see
/// `generate::pattern`). A description of the values, never one of them.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct Content {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Letter case and word counts of the values, kept when the values themselves are left out
    /// (sensitive columns, rare values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<crate::semantic::TextStyle>,
    /// For a sensitive column of names: a deniable filter of its values, which generated
    /// values avoid (see `privacy::exclusion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avoid: Option<crate::privacy::exclusion::Exclusion>,
}

/// The values of a column with few distinct values (at most 200, each seen at least twice on
/// average) and their shares of the sampled rows: such a column is drawn as a category.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Categories {
    pub null_share: f64,
    /// Canonical text and share, most frequent first.
    pub values: Vec<(String, f64)>,
}

/// What generators need to know about a type. For a domain, `kind` and the typmod fields
/// describe the base type and `domain` carries the domain's name and rules.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TypeInfo {
    /// `format_type(type, typmod)`, e.g. `character varying(254)` or `public.mpaa_rating`.
    pub name: String,
    pub kind: TypeKind,
    /// Maximum length in characters of `varchar(n)` / `char(n)`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<u32>,
    /// Element type of an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element: Option<Box<TypeInfo>>,
    /// Labels of an enum, in sort order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enum_labels: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<DomainInfo>,
    /// Attributes of a composite type, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<FieldInfo>>,
    /// Subtype and SRID of a PostGIS `geometry`/`geography` column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spatial: Option<SpatialInfo>,
}

/// An EXCLUDE constraint: no two rows may match on every element (`room WITH =, during WITH &&`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ExclusionConstraint {
    pub name: String,
    pub elements: Vec<ExclusionElement>,
}

/// A column (`None` for an expression) and the operator rows are compared with.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ExclusionElement {
    pub column: Option<String>,
    pub operator: String,
}

/// An attribute of a composite type.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FieldInfo {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: TypeInfo,
}

/// What a PostGIS type modifier says: `geometry(MultiPolygonZ, 4326)` is subtype
/// `multipolygon`, SRID 4326, with Z. Subtype `geometry` is any; SRID 0 is unknown.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SpatialInfo {
    pub subtype: String,
    pub srid: i32,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub z: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub m: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct DomainInfo {
    pub name: String,
    pub not_null: bool,
    /// CHECK constraints of the domain and of the domains it is based on.
    #[serde(default)]
    pub checks: Vec<CheckConstraint>,
}

/// A column's row in `pg_stats`, values in canonical text.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct ColumnStats {
    pub null_frac: f64,
    /// Positive: number of distinct values; negative: minus the fraction of rows that are distinct.
    pub n_distinct: f64,
    pub avg_width: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation: Option<f64>,
    #[serde(default)]
    pub most_common_vals: Vec<String>,
    #[serde(default)]
    pub most_common_freqs: Vec<f64>,
    #[serde(default)]
    pub histogram_bounds: Vec<String>,
    /// For a range column, what ANALYZE gathers of its ranges instead of values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<RangeStats>,
}

/// What ANALYZE gathers of a range column: the share of empty ranges, a histogram of lower bounds
/// and one of upper bounds (canonical text, `None` for an unbounded end), and a histogram of
/// lengths (the subtype's `subtype_diff`: seconds for timestamps, days for dates; unbounded ranges
/// left out).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct RangeStats {
    pub empty_frac: f64,
    #[serde(default)]
    pub lower_bounds: Vec<Option<String>>,
    #[serde(default)]
    pub upper_bounds: Vec<Option<String>>,
    #[serde(default)]
    pub lengths: Vec<f64>,
}

impl ColumnStats {
    /// The number of distinct values among `rows` rows (`n_distinct` as a count, whatever its
    /// sign; an unknown row count, below zero, counts as none).
    pub fn distinct_values(&self, rows: f64) -> f64 {
        if self.n_distinct >= 0.0 {
            self.n_distinct
        } else {
            -self.n_distinct * rows.max(0.0)
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct KeyConstraint {
    pub name: String,
    pub columns: Vec<String>,
    #[serde(default)]
    pub nulls_not_distinct: bool,
    /// A unique index on `lower(column)` (or `upper`): keys differ whatever their letter case.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub case_insensitive: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CheckConstraint {
    pub name: String,
    /// `pg_get_constraintdef`, e.g. `CHECK ((price > (0)::numeric))`; in a domain, the value is
    /// written `VALUE`.
    pub definition: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub ref_schema: String,
    pub ref_table: String,
    pub ref_columns: Vec<String>,
    /// The partition this constraint is declared on, when it is not declared on the table itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_on: Option<String>,
    #[serde(default)]
    pub deferrable: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Partitioning {
    /// `range`, `list` or `hash`.
    pub strategy: String,
    /// Key columns; an expression key is listed as its text and not generated against.
    pub key: Vec<String>,
    /// The leaf partitions, at every level of partitioning.
    pub partitions: Vec<PartitionBound>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct PartitionBound {
    pub name: String,
    /// `pg_get_expr(relpartbound)`, e.g. `FOR VALUES FROM ('2022-01-01') TO ('2022-02-01')`.
    pub bound: String,
    /// `pg_get_partition_constraintdef`: the bound as a boolean expression on the key columns,
    /// including the bounds of the partitions above it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraint: Option<String>,
}

impl TableProfile {
    /// A table of one column: how a composite type's field or an array's element is planned, with
    /// the rules of its type (domain checks, lengths) and nothing else.
    pub fn of_one_column(column: ColumnProfile) -> TableProfile {
        TableProfile {
            format_version: FORMAT_VERSION,
            table: TableInfo {
                schema: String::new(),
                name: String::new(),
                kind: "table".into(),
                reltuples: -1.0,
                analyzed: false,
                partition_bound: None,
            },
            columns: vec![column],
            primary_key: None,
            unique: vec![],
            checks: vec![],
            foreign_keys: vec![],
            exclusions: vec![],
            partitioning: None,
            dependence: None,
            new_rows: None,
        }
    }

    pub fn qualified_name(&self) -> String {
        format!("{}.{}", self.table.schema, self.table.name)
    }

    pub fn column(&self, name: &str) -> Option<&ColumnProfile> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// Every unique key: the primary key first, then UNIQUE constraints and unique indexes.
    pub fn unique_keys(&self) -> impl Iterator<Item = &KeyConstraint> {
        self.primary_key.iter().chain(self.unique.iter())
    }
}

impl ColumnProfile {
    /// True when PostgreSQL supplies the value: identity, serial/sequence defaults, generated.
    pub fn is_sequence_backed(&self) -> bool {
        self.identity.is_some() || self.default.as_deref().is_some_and(|d| d.starts_with("nextval("))
    }
}

/// Every table of a schema and how they relate: what `synth_profile_schema` returns and
/// `synth_fill_schema(profile => …)` reads.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct SchemaProfile {
    pub format_version: u32,
    pub schema: String,
    pub tables: Vec<TableProfile>,
    /// One entry per foreign key between tables of the schema (self-references included).
    #[serde(default)]
    pub relationships: Vec<Relationship>,
}

/// A foreign key seen from both ends, with how many children its parents have.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Relationship {
    /// The foreign key's name (as in the child table's `foreign_keys`).
    pub name: String,
    pub child: String,
    pub columns: Vec<String>,
    pub parent: String,
    pub ref_columns: Vec<String>,
    pub children_per_parent: ChildrenPerParent,
}

/// The distribution of the number of child rows per parent row.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Default)]
pub struct ChildrenPerParent {
    /// Parent rows the figures describe (all of them, or the sample).
    pub parents: u64,
    /// Child rows pointing at those parents.
    pub children: u64,
    /// Share of parents without any child.
    pub childless_share: f64,
    /// Mean number of children per parent (childless parents included).
    pub mean: f64,
    /// Standard deviation of the number of children per parent.
    pub stddev: f64,
    pub max: u64,
    /// Share of all children that belong to the heaviest 1% of parents.
    pub top_1pct_share: f64,
    /// `[lo, hi, share]`: the share of parents with between `lo` and `hi` children.
    pub bins: Vec<(u64, u64, f64)>,
    /// `statistics` (the child column's pg_stats list every referenced parent) or `sample` (the
    /// children of a bounded random sample of parents were counted).
    pub source: String,
}

impl SchemaProfile {
    pub fn table(&self, name: &str) -> Option<&TableProfile> {
        self.tables.iter().find(|t| t.table.name == name)
    }

    pub fn relationship(&self, child: &str, fk: &str) -> Option<&Relationship> {
        self.relationships.iter().find(|r| r.child == child && r.name == fk)
    }
}

impl ChildrenPerParent {
    /// Every parent equally likely to get the next child.
    pub fn even() -> ChildrenPerParent {
        ChildrenPerParent { bins: vec![(1, 1, 1.0)], source: "even".into(), ..Default::default() }
    }

    /// Summarises exact per-parent child counts (in any order).
    pub fn from_counts(mut counts: Vec<u64>, source: &str) -> ChildrenPerParent {
        let parents = counts.len() as u64;
        if parents == 0 {
            return ChildrenPerParent { source: source.into(), ..Default::default() };
        }
        counts.sort_unstable();
        let children: u64 = counts.iter().sum();
        let mean = children as f64 / parents as f64;
        let var = counts.iter().map(|c| (*c as f64 - mean).powi(2)).sum::<f64>() / parents as f64;
        let top = (parents as f64 * 0.01).ceil().max(1.0) as usize;
        let top_children: u64 = counts.iter().rev().take(top).sum();
        ChildrenPerParent {
            parents,
            children,
            childless_share: counts.iter().filter(|c| **c == 0).count() as f64 / parents as f64,
            mean,
            stddev: var.sqrt(),
            max: counts.last().copied().unwrap_or(0),
            top_1pct_share: if children > 0 { top_children as f64 / children as f64 } else { 0.0 },
            bins: degree_bins(&counts),
            source: source.into(),
        }
    }
}

/// Bins of children counts: one per distinct count while there are at most [`EXACT_BINS`] of
/// them, else equal-share bins between quantiles (a parent's count is drawn inside its bin).
fn degree_bins(sorted: &[u64]) -> Vec<(u64, u64, f64)> {
    const EXACT_BINS: usize = 200;
    let n = sorted.len();
    let mut distinct: Vec<(u64, usize)> = Vec::new();
    for c in sorted {
        match distinct.last_mut() {
            Some((v, k)) if v == c => *k += 1,
            _ => distinct.push((*c, 1)),
        }
    }
    if distinct.len() <= EXACT_BINS {
        return distinct.into_iter().map(|(c, k)| (c, c, k as f64 / n as f64)).collect();
    }
    // Equal-share bins; a value shared by many parents (0, say) keeps a bin of its own.
    let mut bins: Vec<(u64, u64, f64)> = Vec::new();
    let per = n.div_ceil(EXACT_BINS / 2);
    let mut i = 0;
    while i < n {
        let mut j = (i + per).min(n);
        // Never split one count across bins.
        while j < n && sorted[j] == sorted[j - 1] {
            j += 1;
        }
        bins.push((sorted[i], sorted[j - 1], (j - i) as f64 / n as f64));
        i = j;
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_counts_are_summarised() {
        // 58 customers with 7 invoices and one with 6, plus one without.
        let mut counts = vec![7u64; 58];
        counts.push(6);
        counts.push(0);
        let c = ChildrenPerParent::from_counts(counts, "sample");
        assert_eq!((c.parents, c.children, c.max), (60, 412, 7));
        assert!((c.childless_share - 1.0 / 60.0).abs() < 1e-12);
        assert!((c.mean - 412.0 / 60.0).abs() < 1e-12);
        assert_eq!(c.bins, vec![(0, 0, 1.0 / 60.0), (6, 6, 1.0 / 60.0), (7, 7, 58.0 / 60.0)]);
        assert!((c.top_1pct_share - 7.0 / 412.0).abs() < 1e-12);
    }

    #[test]
    fn many_distinct_counts_fall_in_quantile_bins() {
        let c = ChildrenPerParent::from_counts(vec![25, 30, 41, 100, 1000], "sample");
        assert_eq!(c.bins.len(), 5, "few distinct counts stay exact");
        let counts: Vec<u64> = (0..5000).map(|i| i % 1000).chain(std::iter::repeat_n(0, 5000)).collect();
        let c = ChildrenPerParent::from_counts(counts, "sample");
        assert!(c.bins.len() <= 101, "{}", c.bins.len());
        assert_eq!(c.bins[0], (0, 0, 0.5005), "zero keeps a bin of its own");
        assert!((c.bins.iter().map(|b| b.2).sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(c.bins.windows(2).all(|w| w[0].1 < w[1].0), "bins do not overlap");
    }
}
