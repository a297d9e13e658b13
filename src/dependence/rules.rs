//! Relations that held in every sampled row become rules the generator keeps: orderings between
//! comparable columns (`a ≤ b`), NULLs that go together, products (`total = qty × price`) and
//! moments never before the parent row's (an order after its customer's sign-up).

use super::encode::numbers;
use super::{SampleColumn, MIN_ROWS_FOR_RULE};
use crate::profile::{Rule, TypeKind};
use crate::value::Value;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Number,
    Date,
    Timestamp,
    Time,
    Interval,
}

fn family(kind: TypeKind) -> Option<Family> {
    Some(match kind {
        TypeKind::Smallint
        | TypeKind::Integer
        | TypeKind::Bigint
        | TypeKind::Numeric
        | TypeKind::Real
        | TypeKind::Double => Family::Number,
        TypeKind::Date => Family::Date,
        TypeKind::Timestamp | TypeKind::Timestamptz => Family::Timestamp,
        TypeKind::Time => Family::Time,
        TypeKind::Interval => Family::Interval,
        _ => return None,
    })
}

/// Relations that held in every sampled row: orderings between comparable columns, NULLs that
/// go together, products.
pub(super) fn find_rules(columns: &[SampleColumn], n: usize) -> Vec<Rule> {
    let own: Vec<&SampleColumn> = columns.iter().filter(|c| c.via.is_none()).collect();
    let mut rules = Vec::new();
    // NULL together: identical, non-trivial NULL patterns.
    let mut seen = vec![false; own.len()];
    for i in 0..own.len() {
        let nulls = |c: &SampleColumn| c.values.iter().map(Option::is_none).collect::<Vec<_>>();
        let pattern = nulls(own[i]);
        let count = pattern.iter().filter(|x| **x).count();
        if seen[i] || count == 0 || count == n || n < MIN_ROWS_FOR_RULE {
            continue;
        }
        let group: Vec<usize> = (i..own.len()).filter(|&j| !seen[j] && nulls(own[j]) == pattern).collect();
        if group.len() >= 2 {
            for &j in &group {
                seen[j] = true;
            }
            rules.push(Rule::NullTogether { columns: group.iter().map(|&j| own[j].name.clone()).collect() });
        }
    }
    let numeric: Vec<(&SampleColumn, Vec<Option<f64>>, u32)> = own
        .iter()
        .filter(|c| !c.key && family(c.kind).is_some())
        .map(|c| {
            let xs = c
                .values
                .iter()
                .map(|v| v.as_ref().and_then(|t| Value::parse_canonical(c.kind, t)).and_then(|v| v.axis()))
                .collect();
            let scale = c
                .values
                .iter()
                .flatten()
                .map(|t| t.split_once('.').map_or(0, |(_, f)| f.len() as u32))
                .max()
                .unwrap_or(0);
            (*c, xs, scale)
        })
        .collect();
    // left <= right in every row where both are set. Numbers must also overlap in range (no
    // trivial orderings such as small codes below large amounts); moments need not (orders are
    // shipped after they are placed, whatever the gap).
    for (a, xa, _) in &numeric {
        for (b, xb, _) in &numeric {
            if a.name == b.name || family(a.kind) != family(b.kind) {
                continue;
            }
            let pairs: Vec<(f64, f64)> = xa.iter().zip(xb).filter_map(|(x, y)| Some(((*x)?, (*y)?))).collect();
            if pairs.len() < MIN_ROWS_FOR_RULE
                || !pairs.iter().all(|(x, y)| x <= y)
                || pairs.iter().all(|(x, y)| x == y)
            {
                continue;
            }
            if family(a.kind) != Some(Family::Number) || !nearly_ordered_anyway(&pairs) {
                rules.push(Rule::LessOrEqual { left: a.name.clone(), right: b.name.clone() });
            }
        }
    }
    // A date or a time never before the parent row's (of the same family), in every row where
    // both are set: the order of events across tables (a customer signs up, then orders).
    // Each column's values are read once, not once per pair.
    let parents: Vec<(&SampleColumn, Vec<Option<f64>>)> =
        columns.iter().filter(|p| p.via.is_some() && moment(p.kind)).map(|p| (p, numbers(p))).collect();
    for c in own.iter().filter(|c| !c.key && moment(c.kind)) {
        let cx = numbers(c);
        for (p, px) in parents.iter().filter(|(p, _)| family(p.kind) == family(c.kind)) {
            let pairs: Vec<(f64, f64)> = px.iter().zip(&cx).filter_map(|(x, y)| Some(((*x)?, (*y)?))).collect();
            if pairs.len() >= MIN_ROWS_FOR_RULE
                && pairs.iter().all(|(x, y)| x <= y)
                && !pairs.iter().all(|(x, y)| x == y)
            {
                rules.push(Rule::AfterParent {
                    column: c.name.clone(),
                    parent: p.name.clone(),
                    via: p.via.clone().unwrap_or_default(),
                });
            }
        }
    }
    // column = x × y exactly (to the column's scale).
    let numbers: Vec<&(&SampleColumn, Vec<Option<f64>>, u32)> =
        numeric.iter().filter(|c| family(c.0.kind) == Some(Family::Number)).take(16).collect();
    for t in &numbers {
        let tol = 0.5 * 10f64.powi(-(t.2 as i32)) + 1e-9;
        for (i, x) in numbers.iter().enumerate() {
            for y in numbers.iter().skip(i + 1) {
                if t.0.name == x.0.name || t.0.name == y.0.name {
                    continue;
                }
                let rows: Vec<(f64, f64, f64)> = (0..n).filter_map(|r| Some((t.1[r]?, x.1[r]?, y.1[r]?))).collect();
                let nontrivial = rows.iter().any(|(_, a, b)| *a != 1.0 && *b != 1.0 && *a != 0.0 && *b != 0.0);
                if rows.len() >= MIN_ROWS_FOR_RULE
                    && nontrivial
                    && rows.iter().all(|(v, a, b)| (v - a * b).abs() <= tol)
                {
                    rules.push(Rule::Product {
                        column: t.0.name.clone(),
                        factors: vec![x.0.name.clone(), y.0.name.clone()],
                    });
                }
            }
        }
    }
    rules
}

/// Share of value pairs taken at random (the left value of one row, the right of another)
/// below which an ordering that holds in every row says nothing about the rows: their ranges
/// barely overlap (neutrons below melting points, small codes below large amounts).
const MIN_CHANCE_OF_DISORDER: f64 = 0.05;

/// Whether `left <= right` would hold in nearly every pair of values taken at random, so that
/// its holding in every row is a matter of ranges rather than of rows.
fn nearly_ordered_anyway(pairs: &[(f64, f64)]) -> bool {
    let mut left: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let mut right: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    left.sort_by(f64::total_cmp);
    right.sort_by(f64::total_cmp);
    // For each left value, the right values below it.
    let mut below = 0usize;
    let mut disorder = 0u128;
    for x in &left {
        while below < right.len() && right[below] < *x {
            below += 1;
        }
        disorder += below as u128;
    }
    let all = (left.len() as u128) * (right.len() as u128);
    all == 0 || (disorder as f64) < MIN_CHANCE_OF_DISORDER * all as f64
}

/// Dates and times: the kinds events are ordered by.
fn moment(kind: TypeKind) -> bool {
    matches!(family(kind), Some(Family::Date | Family::Timestamp))
}
