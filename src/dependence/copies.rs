//! Columns that repeat a column of the parent row: an order's shipping city that is its
//! customer's city, an invoice line's price that is its track's. Such a column is found when it
//! equals the parent's column in most sampled rows, far more often than the two columns' own
//! distributions would make them equal by chance (two columns that are mostly `'active'` are
//! equal without one being a copy of the other).

use std::collections::HashMap;

use super::{SampleColumn, MIN_ROWS_FOR_RULE};
use crate::profile::{Copied, TypeKind};
use crate::value::Value;

/// Share of rows (with the parent's value set) that must hold the parent's value.
const MIN_SHARE: f64 = 0.9;
/// How much of the way from chance to always equal the share must go: `(share − chance) /
/// (1 − chance)`.
const MIN_LIFT: f64 = 0.8;

/// The columns of `own` (this table's, not keys) that copy one of `parents` (parent rows'
/// columns, with `via`), each with the parent column it copies most often.
pub fn copies(own: &[SampleColumn], parents: &[&SampleColumn]) -> Vec<Copied> {
    let mut out = Vec::new();
    for c in own.iter().filter(|c| c.via.is_none() && !c.key) {
        let best = parents
            .iter()
            .filter(|p| p.via.is_some() && comparable(c.kind, p.kind))
            .filter_map(|p| copy_share(c, p).map(|share| (*p, share)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((p, share)) = best {
            out.push(Copied {
                column: c.name.clone(),
                parent: p.name.clone(),
                via: p.via.clone().unwrap_or_default(),
                share: (share * 1000.0).round() / 1000.0,
            });
        }
    }
    out
}

/// Kinds whose values can be the same: text of any kind with text, numbers with numbers,
/// timestamps with timestamps, and a kind with itself.
pub fn comparable(a: TypeKind, b: TypeKind) -> bool {
    use TypeKind::*;
    let number = |k: TypeKind| matches!(k, Smallint | Integer | Bigint | Numeric | Real | Double | Money);
    let timestamp = |k: TypeKind| matches!(k, Timestamp | Timestamptz);
    a == b || (a.is_text() && b.is_text()) || (number(a) && number(b)) || (timestamp(a) && timestamp(b))
}

/// A value as the comparison reads it: a number on its axis (so `2.50` and `2.5` are one), any
/// other value as its text.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Key<'a> {
    Number(u64),
    Text(&'a str),
}

fn key<'a>(kind: TypeKind, text: &'a str) -> Key<'a> {
    if kind.is_ordered_scalar() {
        if let Some(x) = Value::parse_canonical(kind, text).and_then(|v| v.axis()) {
            return Key::Number((x + 0.0).to_bits());
        }
    }
    Key::Text(text)
}

/// The share of rows where `c` held the parent's value (NULL beside NULL too), when it is a
/// copy.
fn copy_share(c: &SampleColumn, p: &SampleColumn) -> Option<f64> {
    let mut rows = 0usize;
    let mut same = 0usize;
    let mut child_counts: HashMap<Option<Key>, usize> = HashMap::new();
    let mut parent_counts: HashMap<Option<Key>, usize> = HashMap::new();
    for (cv, pv) in c.values.iter().zip(&p.values) {
        // A value beside a NULL parent value may be a row without a parent row: it says nothing.
        if pv.is_none() && cv.is_some() {
            continue;
        }
        rows += 1;
        let pk = pv.as_deref().map(|t| key(p.kind, t));
        let ck = cv.as_deref().map(|t| key(c.kind, t));
        same += usize::from(ck == pk);
        *parent_counts.entry(pk).or_default() += 1;
        *child_counts.entry(ck).or_default() += 1;
    }
    if rows < MIN_ROWS_FOR_RULE {
        return None;
    }
    let share = same as f64 / rows as f64;
    let n = rows as f64;
    let chance: f64 =
        child_counts.iter().map(|(k, a)| *a as f64 / n * parent_counts.get(k).map_or(0.0, |b| *b as f64 / n)).sum();
    let lift = if chance >= 1.0 { 0.0 } else { (share - chance) / (1.0 - chance) };
    (share >= MIN_SHARE && lift >= MIN_LIFT).then_some(share)
}
