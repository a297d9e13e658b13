//! Scenarios beyond the typical: edge cases and controlled anomalies.
//!
//! **Edge cases** (`mode => 'edge'`). Each column has a list of edge values ([`edge`]); row `i`
//! of a call takes entry `i mod m` of each column's list of `m` values, so every edge value
//! appears within the list's first `m` rows, and lists of different lengths mix their values
//! across rows. Row 0 holds every column's lowest value, row 1 every highest. Where an edge
//! value would break a check of the row, the row's next attempt draws that check's columns the
//! typical way (a redrawn column leaves its list). Values bounded by another column of the row
//! (`shipped_at >= placed_at`) are moved onto that bound: the CHECK's boundary itself.
//! Keys keep their guarantees: a foreign key takes the first and the last parent key (and NULL
//! where allowed); a unique column on a lattice (a bounded integer, a date range …) takes its
//! edge values once each, in rows `0 … m−1`, by swapping those rows' slots with the slots the
//! lattice gives the edge values (see [`SlotMap`]); unique text takes edge strings with its
//! distinguishing number; other unique columns and composite keys keep their typical values.
//!
//! **Anomalies** (`anomalies => share`). Row `i` is anomalous when `frac(φ·i + offset) < share`
//! (φ the golden ratio, `offset` from the seed and the table): a pure function of
//! (seed, table, row index) whose share among any `n` rows is within about `log(n)/n` of the
//! target. An anomalous row takes an outlier ([`anomaly`]) in every column drawn from a
//! distribution; keys and foreign keys stay typical. With `anomaly_column`, that boolean column
//! says which rows are anomalous.

use std::collections::HashSet;

use super::column::ColumnPlan;
use super::constraints::Relation;
use super::edge::{DATE_MAX, DATE_MIN, TS_MAX, TS_MIN};
use super::unique::Carrier;
use super::{anomaly, edge, TablePlan};
use crate::datetime::{DATE_INFINITY, DATE_NEG_INFINITY, TS_INFINITY, TS_NEG_INFINITY};
use crate::error::{Code, Result, SynthError};
use crate::profile::{TableProfile, TypeKind};
use crate::rng::Stream;
use crate::semantic::Persona;
use crate::value::Value;

/// After this many redraws of a column (its outliers keep failing a check), an anomalous row
/// takes the column's typical value.
const ANOMALY_REDRAWS: u32 = 10;

/// Which values a call generates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Values as the statistics, the type and the name suggest.
    #[default]
    Typical,
    /// Values at the limits of each type and constraint.
    Edge,
}

/// The scenario options of a call, as the SQL functions take them.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scenario {
    pub mode: Mode,
    /// Share of rows that are anomalous, in [0, 1].
    pub anomalies: f64,
    /// A boolean column set true on anomalous rows and false elsewhere.
    pub anomaly_column: Option<String>,
}

impl Scenario {
    /// Validates the SQL arguments `mode`, `anomalies` and `anomaly_column`.
    pub fn new(mode: Option<&str>, anomalies: Option<f64>, anomaly_column: Option<&str>) -> Result<Scenario> {
        let mode = match mode.map(|m| m.trim().to_ascii_lowercase()) {
            Some(m) if m == "typical" => Mode::Typical,
            Some(m) if m == "edge" => Mode::Edge,
            Some(_) | None => {
                let shown = mode.map_or("NULL".to_string(), |m| format!("'{m}'"));
                return Err(SynthError::invalid(format!("mode must be 'typical' or 'edge', not {shown}")).hint(
                    "mode => 'edge' generates values at the limits of each type and constraint; leave mode out for typical values.",
                ));
            }
        };
        let share = anomalies.unwrap_or(f64::NAN);
        if !(0.0..=1.0).contains(&share) {
            let shown = anomalies.map_or("NULL".to_string(), |a| a.to_string());
            return Err(SynthError::invalid(format!("anomalies must be a share between 0 and 1, not {shown}"))
                .hint("Pass the share of rows to make outliers, for example anomalies => 0.05 for 5% of the rows."));
        }
        if mode == Mode::Edge && share > 0.0 {
            return Err(SynthError::invalid("anomalies cannot be combined with mode 'edge'")
                .detail("In edge mode every row already holds values at the limits of its columns.")
                .hint("Ask for anomalies among typical rows (leave mode out), or for edge cases without anomalies."));
        }
        Ok(Scenario { mode, anomalies: share, anomaly_column: anomaly_column.map(str::to_string) })
    }

    pub fn is_typical(&self) -> bool {
        *self == Scenario::default()
    }

    /// The index of the anomaly column in `p`, after checking that the column can say which rows
    /// are anomalous: a boolean column synthdata generates, outside keys and partition keys.
    pub fn flag_column(&self, p: &TableProfile) -> Result<Option<usize>> {
        let Some(name) = &self.anomaly_column else { return Ok(None) };
        let label = p.qualified_name();
        let booleans: Vec<&str> =
            p.columns.iter().filter(|c| c.ty.kind == TypeKind::Boolean).map(|c| c.name.as_str()).collect();
        let hint = if booleans.is_empty() {
            format!(
                "anomaly_column names a boolean column set true on anomalous rows; add one, for example: ALTER TABLE {label} ADD COLUMN is_anomaly boolean;"
            )
        } else {
            format!(
                "anomaly_column names a boolean column set true on anomalous rows; {label} has: {}.",
                booleans.join(", ")
            )
        };
        let Some(i) = p.column_index(name) else {
            return Err(SynthError::new(
                Code::UndefinedColumn,
                format!("anomaly_column \"{name}\" is not a column of {label}"),
            )
            .hint(hint));
        };
        let col = &p.columns[i];
        let refuse = |why: String| {
            Err(SynthError::invalid(format!("anomaly_column \"{name}\" of {label} {why}")).hint(
                "The anomaly column must be a boolean column synthdata fills freely: outside keys and the partition key, not generated.",
            ))
        };
        if col.ty.kind != TypeKind::Boolean {
            return Err(SynthError::invalid(format!(
                "anomaly_column \"{name}\" of {label} is of type {}, not boolean",
                col.ty.name
            ))
            .hint(hint));
        }
        if col.generated.is_some() {
            return refuse("is a generated column".into());
        }
        let named = |cols: &[String]| cols.iter().any(|c| c == name);
        if let Some(k) = p.unique_keys().find(|k| named(&k.columns)) {
            return refuse(format!("is part of unique constraint \"{}\"", k.name));
        }
        if let Some(fk) = p.foreign_keys.iter().find(|f| named(&f.columns)) {
            return refuse(format!("is part of foreign key \"{}\"", fk.name));
        }
        if p.partitioning.as_ref().is_some_and(|part| named(&part.key)) {
            return refuse("is part of the partition key".into());
        }
        Ok(Some(i))
    }
}

/// A bijection of slots that sends `from[k]` to `to[k]` and closes the chains it opens (a slot
/// taken from a row goes to the row whose slot was taken), so distinct slots stay distinct.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SlotMap {
    from: Vec<u64>,
    to: Vec<u64>,
}

impl SlotMap {
    /// `from` and `to` hold distinct slots each, pairwise.
    pub fn new(from: Vec<u64>, to: Vec<u64>) -> SlotMap {
        SlotMap { from, to }
    }

    pub fn apply(&self, x: u64) -> u64 {
        if let Some(k) = self.from.iter().position(|f| *f == x) {
            return self.to[k];
        }
        // A slot given to another row: follow the chain back to the slot its row left free.
        let mut y = x;
        for _ in 0..=self.from.len() {
            match self.to.iter().position(|t| *t == y) {
                Some(k) => y = self.from[k],
                None => return y,
            }
        }
        y
    }
}

/// How this call departs from typical rows.
#[derive(Clone, Debug, Default)]
pub struct ScenarioPlan {
    edge: bool,
    /// Per column: its edge values (empty: typical values).
    edges: Vec<Vec<Value>>,
    /// Per leaf partition: the edge values of its key columns.
    leaf_edges: Vec<Vec<(usize, Vec<Value>)>>,
    /// The leaf partitions that can hold rows, taken in turn.
    leaves: Vec<usize>,
    /// Per foreign key: the parents to take in turn (`None`: NULL).
    parents: Vec<Vec<Option<u64>>>,
    /// Per unique key: the slot swaps that give its edge values.
    slots: Vec<Option<SlotMap>>,
    anomaly: Option<Anomalies>,
    flag: Option<usize>,
}

#[derive(Clone, Debug)]
struct Anomalies {
    share: f64,
    offset: u64,
    /// Per column: whether it takes outliers.
    columns: Vec<bool>,
}

/// 2^64 / φ: the step of the Weyl sequence that picks anomalous rows.
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

impl ScenarioPlan {
    /// Whether column `c` is the anomaly column, which says which rows are anomalous.
    pub fn flags(&self, c: usize) -> bool {
        self.flag == Some(c)
    }

    /// The scenario part of `plan`; `flag`: the anomaly column (see [`Scenario::flag_column`]).
    pub(super) fn build(
        plan: &TablePlan,
        profile: &TableProfile,
        relations: &[Relation],
        scenario: &Scenario,
        flag: Option<usize>,
    ) -> ScenarioPlan {
        let n = plan.columns.len();
        let mut out = ScenarioPlan { edge: scenario.mode == Mode::Edge, flag, ..ScenarioPlan::default() };
        if scenario.anomalies > 0.0 {
            out.anomaly = Some(Anomalies {
                share: scenario.anomalies,
                offset: plan.key.derive("anomaly").0,
                columns: (0..n).map(|c| Some(c) != flag && plan.is_free(c)).collect(),
            });
        }
        if !out.edge {
            return out;
        }
        // Infinities and NaN would leave a column compared with another without a bound.
        let related: HashSet<usize> = relations.iter().flat_map(|r| [r.left, r.right]).collect();
        let persona = &plan.default_persona;
        let edges_of = |c: usize, col: &ColumnPlan| {
            if Some(c) == flag {
                return vec![];
            }
            edge::edge_values(col, &profile.columns[c], !related.contains(&c), persona)
        };
        out.edges = plan.columns.iter().enumerate().map(|(c, col)| edges_of(c, col)).collect();
        out.slots = vec![None; plan.uniques.len()];
        for (k, u) in plan.uniques.iter().enumerate() {
            let Some(c) = u.carrier.column() else { continue };
            match &u.carrier {
                // Unique text: the edge strings, each with its distinguishing number.
                Carrier::Token { .. } => {}
                Carrier::Lattice { .. } => {
                    let mut to: Vec<u64> = vec![];
                    for v in out.edges[c].iter().filter(|v| !v.is_null()) {
                        if let Some(slot) = u.carrier.slot_of(v) {
                            if !to.contains(&slot) {
                                to.push(slot);
                            }
                        }
                    }
                    to.truncate(plan.rows as usize);
                    let from = (0..to.len() as u64).map(|k| plan.existing + k).collect();
                    out.slots[k] = Some(SlotMap::new(from, to));
                    out.edges[c].clear();
                }
                _ => out.edges[c].clear(),
            }
        }
        out.parents = plan
            .fks
            .iter()
            .map(|fk| {
                if fk.by_key || fk.parents.is_empty() {
                    return vec![];
                }
                let mut list = vec![Some(0)];
                if fk.parents.len() > 1 {
                    list.push(Some(fk.parents.len() - 1));
                }
                if fk.columns.iter().all(|c| !plan.columns[*c].rules.not_null) {
                    list.push(None);
                }
                list
            })
            .collect();
        if let Some(p) = &plan.partitions {
            out.leaves = (0..p.cum.len()).filter(|l| p.cum[*l] > if *l == 0 { 0.0 } else { p.cum[l - 1] }).collect();
            out.leaf_edges =
                p.leaves.iter().map(|leaf| leaf.iter().map(|(c, lp)| (*c, edges_of(*c, lp))).collect()).collect();
        }
        out
    }

    /// True when the call generates typical rows only.
    pub fn is_typical(&self) -> bool {
        !self.edge && self.anomaly.is_none() && self.flag.is_none()
    }

    /// Whether row `i` of the call is a typical one (not an edge case, not an anomaly).
    pub fn typical_row(&self, i: u64) -> bool {
        !self.edge && !self.anomalous(i)
    }

    /// Whether row `i` of the call is anomalous.
    pub fn anomalous(&self, i: u64) -> bool {
        self.anomaly.as_ref().is_some_and(|a| {
            let x = a.offset.wrapping_add(i.wrapping_mul(GOLDEN));
            ((x >> 11) as f64 / (1u64 << 53) as f64) < a.share
        })
    }

    /// In edge mode, the leaf partition of row `i`: each leaf in turn.
    pub fn leaf(&self, i: u64) -> Option<usize> {
        (self.edge && !self.leaves.is_empty()).then(|| self.leaves[(i % self.leaves.len() as u64) as usize])
    }

    /// In edge mode, the parent of foreign key `f` for row `i` (`Some(None)`: NULL).
    pub fn parent(&self, f: usize, i: u64, redrawn: u32) -> Option<Option<u64>> {
        let list = self.parents.get(f).filter(|l| self.edge && redrawn == 0 && !l.is_empty())?;
        Some(list[(i % list.len() as u64) as usize])
    }

    /// The slot unique key `k` gives a row whose slot is `slot`.
    pub fn slot(&self, k: usize, slot: u64) -> u64 {
        match self.slots.get(k) {
            Some(Some(map)) => map.apply(slot),
            _ => slot,
        }
    }

    /// The value of column `c` (planned as `col`, in leaf partition `leaf`) in row `i`, when the
    /// scenario decides it: the anomaly flag, an edge value, an outlier. `redraws`: how often the
    /// column has been redrawn for this row; `s` its random stream.
    #[allow(clippy::too_many_arguments)]
    pub fn value(
        &self,
        c: usize,
        col: &ColumnPlan,
        leaf: Option<usize>,
        i: u64,
        redraws: u32,
        anomalous: bool,
        s: &mut Stream,
        row: &[Value],
        persona: &Persona,
    ) -> Option<Value> {
        if Some(c) == self.flag {
            return Some(Value::Bool(anomalous));
        }
        if self.edge && redraws == 0 {
            let in_leaf = leaf.and_then(|l| self.leaf_edges.get(l)?.iter().find(|(k, _)| *k == c).map(|(_, e)| e));
            // A leaf's rows are every L-th row: they take its edge values by their turn in it.
            let (list, turn) = match in_leaf {
                Some(list) => (Some(list), i / self.leaves.len().max(1) as u64),
                None => (self.edges.get(c), i),
            };
            if let Some(list) = list.filter(|l| !l.is_empty()) {
                return on_row_bounds(col, list[(turn % list.len() as u64) as usize].clone(), s, row, persona);
            }
        }
        match &self.anomaly {
            Some(a) if anomalous && redraws < ANOMALY_REDRAWS && a.columns[c] => anomaly::outlier(col, s, row, persona),
            _ => None,
        }
    }

    /// Columns to redraw because a date or timestamp left its type's range (a bound from another
    /// column at the end of the range can push it out): the column and those it is compared with.
    pub fn misfit(&self, columns: &[ColumnPlan], row: &[Value]) -> Option<Vec<usize>> {
        if self.is_typical() {
            return None;
        }
        let c = row.iter().position(|v| match v {
            Value::Date(d) => ![DATE_NEG_INFINITY, DATE_INFINITY].contains(d) && !(DATE_MIN..=DATE_MAX).contains(d),
            Value::Timestamp(t) => ![TS_NEG_INFINITY, TS_INFINITY].contains(t) && !(TS_MIN..=TS_MAX).contains(t),
            _ => false,
        })?;
        let mut cols = vec![c];
        cols.extend(columns[c].relations.iter().map(|(_, o)| *o));
        cols.extend((0..columns.len()).filter(|x| columns[*x].relations.iter().any(|(_, o)| *o == c)));
        Some(cols)
    }
}

/// An edge value of a column bounded by other columns of the row, moved onto the row's bound when
/// it falls outside (`None`: the row leaves no room; the column takes its typical value).
fn on_row_bounds(col: &ColumnPlan, v: Value, s: &mut Stream, row: &[Value], persona: &Persona) -> Option<Value> {
    if (col.relations.is_empty() && col.after_parent.is_none()) || v.is_null() {
        return Some(v);
    }
    let Some(x) = v.axis() else { return Some(v) };
    let b = col.row_bounds(row);
    if b.contains(x) {
        Some(v)
    } else if b.is_empty() {
        None
    } else {
        Some(col.fit(Value::Float(b.clamp(x)), s, row, persona))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_are_validated_with_hints() {
        assert_eq!(Scenario::new(Some("typical"), Some(0.0), None).unwrap(), Scenario::default());
        assert_eq!(Scenario::new(Some(" EDGE "), Some(0.0), None).unwrap().mode, Mode::Edge);
        for (mode, share) in [(Some("extreme"), Some(0.0)), (None, Some(0.0)), (Some("typical"), Some(1.5))] {
            let e = Scenario::new(mode, share, None).unwrap_err();
            assert_eq!(e.code, Code::InvalidParameterValue);
            assert!(e.hint.is_some(), "{e:?}");
        }
        for bad in [Some(-0.1), Some(f64::NAN), None] {
            let e = Scenario::new(Some("typical"), bad, None).unwrap_err();
            assert!(e.message.starts_with("anomalies must be a share between 0 and 1"), "{}", e.message);
        }
        assert!(Scenario::new(Some("edge"), Some(0.1), None).is_err());
        assert_eq!(Scenario::new(Some("typical"), Some(1.0), Some("flag")).unwrap().anomalies, 1.0);
    }

    #[test]
    fn slot_maps_are_bijections_that_place_the_edges() {
        // Rows 0..3 take slots 7, 1, 0; the rows whose slots were taken get the freed ones.
        let m = SlotMap::new(vec![0, 1, 2], vec![7, 1, 0]);
        let image: Vec<u64> = (0..10).map(|x| m.apply(x)).collect();
        assert_eq!(&image[..3], &[7, 1, 0]);
        let mut sorted = image.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
        assert_eq!(m.apply(7), 2);
    }

    #[test]
    fn anomalous_rows_have_the_requested_share_spread_evenly() {
        let plan = ScenarioPlan {
            anomaly: Some(Anomalies { share: 0.1, offset: 12345, columns: vec![] }),
            ..ScenarioPlan::default()
        };
        let flagged: Vec<u64> = (0..1000).filter(|i| plan.anomalous(*i)).collect();
        assert!((98..=102).contains(&flagged.len()), "{}", flagged.len());
        // Every hundred rows hold about ten.
        for chunk in 0..10 {
            let k = flagged.iter().filter(|i| **i / 100 == chunk).count();
            assert!((8..=12).contains(&k), "{chunk}: {k}");
        }
        let none = ScenarioPlan { anomaly: Some(Anomalies { share: 0.0, offset: 1, columns: vec![] }), ..plan.clone() };
        assert!((0..1000).all(|i| !none.anomalous(i)));
        let all = ScenarioPlan { anomaly: Some(Anomalies { share: 1.0, offset: 1, columns: vec![] }), ..plan };
        assert!((0..1000).all(|i| all.anomalous(i)));
    }
}
