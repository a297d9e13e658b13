//! What a column is drawn from given its parent: a table of categories per parent value, or 21
//! quantiles per parent value (a parent number by its bin). Learned from the sample, or read
//! from the multi-column MCV list of an extended statistics object.

use std::collections::BTreeMap;

use super::encode::{Encoded, Encoding};
use crate::profile::{Conditional, ConditionalQuantiles, ConditionalRow, DependenceNode};

/// The share of rows per key of `p` (see [`parent_key`]), largest first.
pub(super) fn shares(p: &Encoded, n: usize) -> Vec<(Option<String>, f64)> {
    let mut counts: BTreeMap<Option<String>, usize> = BTreeMap::new();
    for row in 0..n {
        *counts.entry(parent_key(p, row)).or_insert(0) += 1;
    }
    let mut out: Vec<(Option<String>, f64)> = counts.into_iter().map(|(k, c)| (k, c as f64 / n as f64)).collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// The key of a parent's code: its value's text for categories, its bin for numbers.
fn parent_key(p: &Encoded, row: usize) -> Option<String> {
    match &p.enc {
        Encoding::Categorical { labels, .. } => labels[p.codes[row] as usize].clone(),
        Encoding::Numeric { x, .. } => x[row].map(|_| p.codes[row].to_string()),
    }
}

pub(super) fn conditional(child: &Encoded, parent: &Encoded, n: usize) -> Option<Conditional> {
    let bins = match &parent.enc {
        Encoding::Numeric { edges, .. } => Some(edges.clone()),
        Encoding::Categorical { .. } => None,
    };
    match (&child.enc, &parent.enc) {
        (Encoding::Categorical { labels, .. }, _) => {
            let mut groups: Vec<(Option<String>, BTreeMap<u32, u32>, u32)> = Vec::new();
            let mut index: BTreeMap<Option<String>, usize> = BTreeMap::new();
            for row in 0..n {
                let key = parent_key(parent, row);
                let g = *index.entry(key.clone()).or_insert_with(|| {
                    groups.push((key, BTreeMap::new(), 0));
                    groups.len() - 1
                });
                *groups[g].1.entry(child.codes[row]).or_insert(0) += 1;
                groups[g].2 += 1;
            }
            let rows = groups
                .into_iter()
                .map(|(parent, counts, total)| {
                    let mut values: Vec<(Option<String>, f64)> = counts
                        .into_iter()
                        .map(|(code, c)| (labels[code as usize].clone(), f64::from(c) / f64::from(total)))
                        .collect();
                    values.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    ConditionalRow { parent, values }
                })
                .collect();
            Some(Conditional::Table { bins, rows: sorted_rows(rows) })
        }
        (Encoding::Numeric { x, .. }, _) => {
            let mut groups: BTreeMap<Option<String>, (Vec<f64>, u32)> = BTreeMap::new();
            for (row, v) in x.iter().enumerate() {
                let g = groups.entry(parent_key(parent, row)).or_default();
                match v {
                    Some(v) => g.0.push(*v),
                    None => g.1 += 1,
                }
            }
            let mut rows: Vec<ConditionalQuantiles> = groups
                .into_iter()
                .map(|(parent, (mut xs, nulls))| {
                    let total = xs.len() as f64 + f64::from(nulls);
                    xs.sort_by(f64::total_cmp);
                    ConditionalQuantiles { parent, null_share: f64::from(nulls) / total, quantiles: quantiles(&xs) }
                })
                .collect();
            rows.sort_by(|a, b| a.parent.cmp(&b.parent));
            Some(Conditional::Quantiles { bins, rows })
        }
    }
}

fn sorted_rows(mut rows: Vec<ConditionalRow>) -> Vec<ConditionalRow> {
    rows.sort_by(|a, b| a.parent.cmp(&b.parent));
    rows
}

/// 21 quantiles (0%, 5%, … 100%) of sorted values (empty when there are none).
fn quantiles(sorted: &[f64]) -> Vec<f64> {
    if sorted.is_empty() {
        return vec![];
    }
    (0..=20)
        .map(|k| {
            let pos = k as f64 / 20.0 * (sorted.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            sorted[lo] + (pos - lo as f64) * (sorted[hi] - sorted[lo])
        })
        .collect()
}

/// A dependence model from the multi-column most-common-values list of an extended statistics
/// object (`CREATE STATISTICS … (mcv) ON a, b FROM t`): each other column drawn given the first
/// one, with the shares of their combinations in the list. `items` are the list's rows: one
/// canonical value (`None` for NULL) per column, and its frequency. Parent values the list does
/// not name leave the column to its own statistics.
pub fn from_mcv(columns: &[String], items: &[(Vec<Option<String>>, f64)]) -> Vec<DependenceNode> {
    // The parent is the column with the fewest values in the list (the country, not the city).
    let distinct = |c: usize| items.iter().filter_map(|i| i.0.get(c)).collect::<std::collections::BTreeSet<_>>().len();
    let mut order: Vec<usize> = (0..columns.len()).collect();
    order.sort_by_key(|c| distinct(*c));
    let columns: Vec<String> = order.iter().map(|c| columns[*c].clone()).collect();
    let items: Vec<(Vec<Option<String>>, f64)> =
        items.iter().map(|(v, f)| (order.iter().map(|c| v.get(*c).cloned().flatten()).collect(), *f)).collect();
    let Some(parent) = columns.first() else { return vec![] };
    let mut nodes = Vec::new();
    for (c, column) in columns.iter().enumerate().skip(1) {
        // Parent values in order of first appearance (the list is by frequency), children too.
        let mut rows: Vec<ConditionalRow> = Vec::new();
        for (values, freq) in &items {
            let (Some(p), Some(v)) = (values.first(), values.get(c)) else { continue };
            if !(freq.is_finite() && *freq > 0.0) {
                continue;
            }
            let row = match rows.iter().position(|r| r.parent == *p) {
                Some(i) => &mut rows[i],
                None => {
                    rows.push(ConditionalRow { parent: p.clone(), values: vec![] });
                    rows.last_mut().unwrap()
                }
            };
            match row.values.iter_mut().find(|(w, _)| w == v) {
                Some(e) => e.1 += freq,
                None => row.values.push((v.clone(), *freq)),
            }
        }
        if rows.is_empty() {
            continue;
        }
        // Mutual information of the listed combinations, as the strength.
        let total: f64 = rows.iter().flat_map(|r| r.values.iter().map(|v| v.1)).sum();
        let mut child_share: BTreeMap<Option<&str>, f64> = BTreeMap::new();
        for r in &rows {
            for (v, f) in &r.values {
                *child_share.entry(v.as_deref()).or_default() += f / total;
            }
        }
        let mut strength = 0.0;
        for r in &rows {
            let parent_share: f64 = r.values.iter().map(|v| v.1).sum::<f64>() / total;
            for (v, f) in &r.values {
                let joint = f / total;
                strength += joint * (joint / (parent_share * child_share[&v.as_deref()])).ln();
            }
        }
        for r in &mut rows {
            let sum: f64 = r.values.iter().map(|v| v.1).sum();
            for v in &mut r.values {
                v.1 /= sum;
            }
        }
        nodes.push(DependenceNode {
            column: column.clone(),
            parent: parent.clone(),
            via: None,
            strength: strength.max(0.0),
            model: Conditional::Table { bins: None, rows },
            parent_shares: None,
        });
    }
    nodes
}
