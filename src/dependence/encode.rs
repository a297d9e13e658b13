//! The sampled values as the model reads them: numbers cut into ten equal-count bins, categories
//! as codes (NULL one of them), and a number with a handful of values read both ways. Which
//! columns are categories at all (few values, each seen twice on average) is decided here.

use std::collections::BTreeMap;

use super::SampleColumn;
use crate::profile::{Categories, TypeKind};
use crate::value::Value;

/// Categories a column may have to take part (as SDMetrics treats text columns).
const MAX_CATEGORIES: usize = 200;
/// Numbers with at most this many distinct values are treated as categories.
const FEW_VALUES: usize = 10;
/// Bins numbers are cut into for mutual information.
const BINS: usize = 10;

pub(super) enum Encoding {
    Numeric {
        x: Vec<Option<f64>>,
        edges: Vec<f64>,
    },
    /// `x` holds the numbers of an ordered column with few values (a price tier), which also
    /// takes part in the copula through them.
    Categorical {
        labels: Vec<Option<String>>,
        x: Option<Vec<Option<f64>>>,
    },
}

pub(super) struct Encoded<'a> {
    pub(super) col: &'a SampleColumn,
    pub(super) enc: Encoding,
    pub(super) codes: Vec<u32>,
    /// Number of distinct codes.
    pub(super) arity: usize,
}

/// The column's values and their shares when it has few distinct values (see [`few_enough`]),
/// as a sample shows them: such a column is best drawn as a category.
pub fn categories(c: &SampleColumn) -> Option<Categories> {
    let n = c.values.len();
    if n == 0 || c.key {
        return None;
    }
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    let mut nulls = 0u64;
    for v in &c.values {
        match v {
            Some(t) => *counts.entry(t.as_str()).or_insert(0) += 1,
            None => nulls += 1,
        }
    }
    if !few_enough(counts.len(), n) {
        return None;
    }
    let mut values: Vec<(String, f64)> =
        counts.into_iter().map(|(v, k)| (v.to_string(), k as f64 / n as f64)).collect();
    values.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Some(Categories { null_share: nulls as f64 / n as f64, values })
}

pub(super) fn encode(c: &SampleColumn, n: usize) -> Option<Encoded<'_>> {
    // A number with a handful of values (a price tier, a rating) is a category: other columns
    // are drawn given each of its values rather than through a correlation.
    let few = c.kind.is_ordered_scalar() && {
        let mut seen = std::collections::BTreeSet::new();
        c.values.iter().flatten().all(|v| {
            seen.insert(v.as_str());
            seen.len() <= FEW_VALUES
        })
    };
    if c.kind.is_ordered_scalar() && !few {
        let x = numbers(c);
        let mut sorted: Vec<f64> = x.iter().flatten().copied().collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let mut edges: Vec<f64> = (1..BINS).map(|k| sorted[k * sorted.len() / BINS]).collect();
        edges.dedup();
        let codes: Vec<u32> =
            x.iter().map(|v| v.map_or(edges.len() as u32 + 1, |x| edges.partition_point(|e| *e <= x) as u32)).collect();
        let arity = edges.len() + 2;
        return Some(Encoded { col: c, enc: Encoding::Numeric { x, edges }, codes, arity });
    }
    let categorical = matches!(c.kind, TypeKind::Boolean | TypeKind::Enum) || c.kind.is_text() || few;
    if !categorical {
        return None;
    }
    let (labels, codes) = label_codes(&c.values);
    let distinct = labels.iter().filter(|l| l.is_some()).count();
    if !few_enough(distinct, n) && !few {
        return None;
    }
    let arity = labels.len();
    let x = few.then(|| numbers(c));
    Some(Encoded { col: c, enc: Encoding::Categorical { labels, x }, codes, arity })
}

/// The distinct values in order of first appearance (NULL one of them), and each value's code.
pub(super) fn label_codes(values: &[Option<String>]) -> (Vec<Option<String>>, Vec<u32>) {
    let mut labels: Vec<Option<String>> = Vec::new();
    let mut index: BTreeMap<Option<&str>, u32> = BTreeMap::new();
    let mut codes = Vec::with_capacity(values.len());
    for v in values {
        let code = *index.entry(v.as_deref()).or_insert_with(|| {
            labels.push(v.clone());
            (labels.len() - 1) as u32
        });
        codes.push(code);
    }
    (labels, codes)
}

/// The sampled values of an ordered column as numbers on its axis (NULL and ±infinity: `None`).
pub(super) fn numbers(c: &SampleColumn) -> Vec<Option<f64>> {
    c.values
        .iter()
        .map(|v| {
            v.as_ref().and_then(|t| Value::parse_canonical(c.kind, t)).and_then(|v| v.axis()).filter(|x| x.is_finite())
        })
        .collect()
}

/// True when `distinct` values in `rows` rows make a category: at most [`MAX_CATEGORIES`], and
/// each seen twice on average (NULLs counted), so that names and addresses never qualify.
fn few_enough(distinct: usize, rows: usize) -> bool {
    distinct > 0 && distinct <= MAX_CATEGORIES && distinct * 2 <= rows
}
