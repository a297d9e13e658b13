//! Drawing the columns of a row together: stratified uniforms, the Gaussian copula, and columns
//! drawn given another column's value.
//!
//! Every column starts from a uniform `u` for its row. Within one call the uniforms are
//! stratified ([`Strata`]): row `i` of `n` gets a point of its own `1/n`-wide stratum, the strata
//! shuffled by a seeded permutation per column, so that any `n` rows follow the column's
//! distribution as closely as `n` rows can (a category with a share of 10% gets 10% of the rows,
//! not 10% give or take sampling noise) while the columns stay independent of each other. The
//! copula ([`CopulaPlan`]) then mixes the normal scores of the numeric columns to give them the
//! profiled correlations, and a column with a parent ([`Given`]) maps its `u` through the
//! distribution conditional on the parent's value. Each uniform is still a pure function of
//! (seed, table, column, row index, rows in the call).

use std::collections::HashMap;

use super::scalar::{normal_cdf, normal_quantile, running_totals, Bounds};
use crate::dependence::cholesky;
use crate::permute::Permutation;
use crate::profile::{Conditional, Copula, TypeKind};
use crate::rng::Key;
use crate::value::Value;

/// Stratified uniforms for one column over the `n` rows of one call.
#[derive(Clone, Debug)]
pub struct Strata {
    perm: Permutation,
    key: Key,
}

impl Strata {
    pub fn new(n: u64, key: Key) -> Strata {
        Strata { perm: Permutation::new(n.max(1), key.derive("strata").0), key: key.derive("jitter") }
    }

    /// The uniform of row `i`: in stratum `perm(i)` of `n`.
    pub fn unit(&self, i: u64) -> f64 {
        let n = self.perm.len();
        if i >= n {
            return self.key.unit(i);
        }
        (self.perm.apply(i) as f64 + self.key.unit(i)) / n as f64
    }
}

/// The copula over some of the table's columns, ready to apply to a row's uniforms. The first
/// `anchored` columns get their values another way (given a category, as a product): their
/// ranks condition the others.
#[derive(Clone, Debug)]
pub struct CopulaPlan {
    pub columns: Vec<usize>,
    pub anchored: usize,
    chol: Vec<Vec<f64>>,
}

impl CopulaPlan {
    /// `index` maps the profile's column names to the plan's columns; columns the plan does not
    /// draw freely are left out (with their rows and columns of the matrix). Columns `anchored`
    /// says get their values elsewhere come first.
    pub fn new(
        c: &Copula,
        index: impl Fn(&str) -> Option<usize>,
        anchored: impl Fn(usize) -> bool,
    ) -> Option<CopulaPlan> {
        let mut kept: Vec<(usize, usize)> =
            c.columns.iter().enumerate().filter_map(|(k, name)| Some((k, index(name)?))).collect();
        kept.sort_by_key(|(_, col)| !anchored(*col));
        let n_anchored = kept.iter().filter(|(_, col)| anchored(*col)).count();
        if kept.len() < 2 || c.correlation.len() != c.columns.len() {
            return None;
        }
        let r: Vec<Vec<f64>> = kept
            .iter()
            .map(|(a, _)| kept.iter().map(|(b, _)| c.correlation[*a].get(*b).copied().unwrap_or(0.0)).collect())
            .collect();
        let chol = cholesky(&r)?;
        Some(CopulaPlan { columns: kept.into_iter().map(|(_, c)| c).collect(), anchored: n_anchored, chol })
    }

    /// Replaces the uniforms of the copula's columns (`u`, indexed by column) with correlated
    /// ones. An anchored column's `u` is the rank of its value: its normal score is kept and the
    /// others are drawn given it. The first column's normal score is its own (`L[0][0]` is 1),
    /// so its uniform stays exact.
    pub fn apply(&self, u: &mut [f64]) {
        let mut e = Vec::with_capacity(self.columns.len());
        for (r, c) in self.columns.iter().enumerate() {
            let own = normal_quantile(u[*c].clamp(1e-12, 1.0 - 1e-12));
            if r < self.anchored {
                // Forward substitution: the noise that gives this column its normal score.
                let before: f64 = (0..r).map(|k| self.chol[r][k] * e[k]).sum();
                e.push((own - before) / self.chol[r][r]);
            } else {
                e.push(own);
                if r > 0 {
                    let z: f64 = (0..=r).map(|k| self.chol[r][k] * e[k]).sum();
                    u[*c] = normal_cdf(z);
                }
            }
        }
    }
}

/// Where a conditioned column's parent value comes from.
#[derive(Clone, Debug)]
pub enum ParentRef {
    /// A column of the same row.
    Column(usize),
    /// A column of the row that foreign key `fk` (the plan's index) points at.
    External { fk: usize, values: ExternalValues },
}

/// One column of a parent table, by parent key index (as `ParentKeys` orders them).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ExternalValues {
    /// Categories: `labels[codes[p]]` (`None` for NULL).
    Codes { labels: Vec<Option<String>>, codes: Vec<u32> },
    /// Numbers on the type's axis (NaN for NULL).
    Numbers(#[serde(with = "crate::value::nan_as_null::vec")] Vec<f64>),
}

impl ExternalValues {
    /// The value of parent `parent` (by parent key index), as a value of `kind` for categories
    /// and on its axis for numbers.
    pub fn value(&self, parent: u64, kind: TypeKind) -> Value {
        match self {
            ExternalValues::Codes { labels, codes } => codes
                .get(parent as usize)
                .and_then(|c| labels.get(*c as usize))
                .and_then(|l| l.as_ref())
                .and_then(|l| Value::parse_canonical(kind, l))
                .unwrap_or(Value::Null),
            ExternalValues::Numbers(x) => {
                x.get(parent as usize).filter(|v| !v.is_nan()).map_or(Value::Null, |v| Value::Float(*v))
            }
        }
    }
}

/// A column that holds the value of its parent row's column in a share of rows (see
/// `profile::Copied`); the other rows draw it their own way.
#[derive(Clone, Debug)]
pub struct CopyOf {
    /// The plan's index of the foreign key.
    pub fk: usize,
    values: ExternalValues,
    parent_kind: TypeKind,
    share: f64,
    /// Decides, per row, whether the row copies.
    key: Key,
}

impl CopyOf {
    pub fn new(fk: usize, values: ExternalValues, parent_kind: TypeKind, share: f64, key: Key) -> CopyOf {
        CopyOf { fk, values, parent_kind, share: share.clamp(0.0, 1.0), key }
    }

    /// The share of rows that copy.
    pub fn share(&self) -> f64 {
        self.share
    }

    /// The parent's value (NULL too) when row `g` copies it: it has a parent (`chosen`, by the
    /// plan's foreign keys) and falls in the share.
    pub fn value(&self, g: u64, chosen: &[Option<u64>]) -> Option<Value> {
        let p = chosen.get(self.fk).copied().flatten()?;
        (self.key.unit(g) < self.share).then(|| self.values.value(p, self.parent_kind))
    }
}

/// A column drawn given its parent's value.
#[derive(Clone, Debug)]
pub struct Given {
    pub parent: ParentRef,
    parent_kind: TypeKind,
    bins: Option<Vec<f64>>,
    model: GivenModel,
}

#[derive(Clone, Debug)]
enum GivenModel {
    /// Per parent key: the values (sorted when ordered) and their running totals.
    Table(HashMap<String, (Vec<Value>, Vec<f64>)>),
    /// Per parent key: the share of NULLs and 21 quantiles.
    Quantiles(HashMap<String, (f64, Vec<f64>)>),
}

/// What a conditioned column gets for one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Drawn {
    Null,
    /// A value to fit to the column (rounding, bounds).
    Value(Value),
}

impl Given {
    /// The plan of a profiled conditional for a column of `kind` whose parent has `parent_kind`.
    pub fn new(model: &Conditional, kind: TypeKind, parent: ParentRef, parent_kind: TypeKind) -> Given {
        let norm = |k: &Option<String>| match k {
            None => "null".to_string(),
            Some(t) => parent_key_text(t, parent_kind),
        };
        let (bins, model) = match model {
            Conditional::Table { bins, rows } => {
                let table = rows
                    .iter()
                    .map(|r| {
                        let mut values: Vec<(Value, f64)> = r
                            .values
                            .iter()
                            .filter_map(|(v, p)| match v {
                                None => Some((Value::Null, *p)),
                                Some(t) => Value::parse_canonical(kind, t).map(|v| (v, *p)),
                            })
                            .collect();
                        if kind.is_ordered_scalar() {
                            values.sort_by(|a, b| {
                                a.0.axis()
                                    .unwrap_or(f64::NEG_INFINITY)
                                    .total_cmp(&b.0.axis().unwrap_or(f64::NEG_INFINITY))
                            });
                        }
                        let cum = running_totals(&values.iter().map(|v| v.1).collect::<Vec<_>>());
                        (norm(&r.parent), (values.into_iter().map(|v| v.0).collect(), cum))
                    })
                    .collect();
                (bins.clone(), GivenModel::Table(table))
            }
            Conditional::Quantiles { bins, rows } => (
                bins.clone(),
                GivenModel::Quantiles(
                    rows.iter().map(|r| (norm(&r.parent), (r.null_share, r.quantiles.clone()))).collect(),
                ),
            ),
        };
        Given { parent, parent_kind, bins, model }
    }

    /// The parent's value for this row: from the row, or from the parent table by the parent
    /// key index chosen for the foreign key (`chosen`).
    pub fn parent_value(&self, row: &[Value], chosen: &[Option<u64>]) -> Option<Value> {
        match &self.parent {
            ParentRef::Column(c) => row.get(*c).cloned(),
            ParentRef::External { fk, values } => {
                chosen.get(*fk).copied().flatten().map(|p| values.value(p, self.parent_kind))
            }
        }
    }

    /// Whether values come from quantiles, between which they are spread evenly (rather than
    /// from a table of the values the sample showed).
    pub fn interpolates(&self) -> bool {
        matches!(self.model, GivenModel::Quantiles(_))
    }

    /// The key of the parent's value in the model.
    fn key(&self, parent: &Value) -> String {
        if parent.is_null() {
            return "null".into();
        }
        match (&self.bins, parent.axis()) {
            (Some(edges), Some(x)) => edges.partition_point(|e| *e <= x).to_string(),
            _ => parent_key_text(&parent.to_text(self.parent_kind), self.parent_kind),
        }
    }

    /// The value of the distribution given `parent`, among values inside `bounds`: a table of
    /// categories (NULL one of them) picks at `base`; conditional quantiles decide NULL by
    /// `base` and take the value at `u` (the copula's). `None` when the sample never saw the
    /// parent's value.
    pub fn draw(&self, parent: &Value, base: f64, u: f64, bounds: Bounds) -> Option<Drawn> {
        self.draw_placed(parent, base, u, bounds).map(|d| d.0)
    }

    /// As [`Given::draw`], with where `base` fell inside the drawn value's share of a table
    /// (position in `[0, 1)` and the share), when every value was allowed: a column drawn given
    /// this one can then be stratified within this one's groups.
    pub fn draw_placed(
        &self,
        parent: &Value,
        base: f64,
        u: f64,
        bounds: Bounds,
    ) -> Option<(Drawn, Option<(f64, f64)>)> {
        let key = self.key(parent);
        match &self.model {
            GivenModel::Table(t) => {
                let (values, cum) = t.get(&key)?;
                let inside: Vec<usize> =
                    (0..values.len()).filter(|i| values[*i].axis().is_none_or(|x| bounds.contains(x))).collect();
                if inside.is_empty() {
                    return None;
                }
                let weight = |i: usize| cum[i] - if i == 0 { 0.0 } else { cum[i - 1] };
                let sub = running_totals(&inside.iter().map(|i| weight(*i)).collect::<Vec<_>>());
                let k = pick(&sub, base);
                let v = &values[inside[k]];
                let place = (inside.len() == values.len()).then(|| place_in(&sub, k, base)).flatten();
                Some((if v.is_null() { Drawn::Null } else { Drawn::Value(v.clone()) }, place))
            }
            GivenModel::Quantiles(t) => {
                let (null_share, q) = t.get(&key)?;
                if base < *null_share || q.is_empty() {
                    return Some((Drawn::Null, None));
                }
                Some((Drawn::Value(Value::Float(interpolate_within(q, u, bounds))), None))
            }
        }
    }
}

impl Given {
    /// For a parent row's column: the parents grouped by this column's value (as the model
    /// keys it), each group with its share of the children (`shares`, from the sample; groups
    /// the sample never saw get none, and the shares of values no parent has are spread over
    /// the others).
    pub fn parent_groups(&self, shares: &[(Option<String>, f64)], parents: u64) -> Option<Vec<(Vec<u64>, f64)>> {
        let ParentRef::External { values, .. } = &self.parent else { return None };
        let mut groups: HashMap<String, Vec<u64>> = HashMap::new();
        for p in 0..parents {
            groups.entry(self.key(&values.value(p, self.parent_kind))).or_default().push(p);
        }
        let share: HashMap<String, f64> = shares
            .iter()
            .map(|(k, s)| {
                let k = match (k, &self.bins) {
                    (None, _) => "null".to_string(),
                    (Some(t), Some(_)) => t.clone(),
                    (Some(t), None) => parent_key_text(t, self.parent_kind),
                };
                (k, *s)
            })
            .collect();
        let mut out: Vec<(String, Vec<u64>, f64)> = groups
            .into_iter()
            .map(|(k, members)| {
                let s = share.get(&k).copied().unwrap_or(0.0);
                (k, members, s)
            })
            .collect();
        // Sorted before summing: the same total to the last bit whatever the map's order.
        out.sort_by(|a, b| a.0.cmp(&b.0));
        let total: f64 = out.iter().map(|g| g.2).sum();
        if total <= 0.0 {
            return None;
        }
        Some(out.into_iter().map(|(_, m, s)| (m, s / total)).collect())
    }
}

/// Parent values of canonical text, normalized so that the sample's and the generator's
/// spellings meet (`t`/`true`, `2.50`/`2.5`).
fn parent_key_text(t: &str, kind: TypeKind) -> String {
    Value::parse_canonical(kind, t).map_or_else(|| t.to_string(), |v| v.to_text(kind))
}

/// The index a uniform `u` selects among running totals.
/// Where `u` falls inside the share of entry `k` of running totals `cum` (which `pick` chose):
/// its position in `[0, 1)` and the entry's share of the total.
pub fn place_in(cum: &[f64], k: usize, u: f64) -> Option<(f64, f64)> {
    let total = cum.last().copied().filter(|t| *t > 0.0)?;
    let lo = if k == 0 { 0.0 } else { cum[k - 1] };
    let width = cum[k] - lo;
    if width <= 0.0 {
        return None;
    }
    Some((((u * total - lo) / width).clamp(0.0, 1.0 - 1e-12), width / total))
}

/// A uniform stratified within a group of about `size` rows whose positions `pos` are spread
/// evenly over `[0, 1)`: the positions' strata, shuffled by `key` so that two columns drawn
/// within the same group do not follow each other. Exact group shares stay exact.
pub fn within_group(pos: f64, size: f64, key: Key) -> f64 {
    let m = size.round().max(1.0) as u64;
    let x = pos.clamp(0.0, 1.0 - 1e-12) * m as f64;
    let k = (x.floor() as u64).min(m - 1);
    (Permutation::new(m, key.0).apply(k) as f64 + (x - k as f64)) / m as f64
}

pub fn pick(cum: &[f64], u: f64) -> usize {
    let total = cum.last().copied().unwrap_or(0.0);
    cum.partition_point(|c| *c <= u * total).min(cum.len().saturating_sub(1))
}

/// The value at `u` of the part of the distribution (given by its quantiles `q`) inside
/// `bounds`: a bound cuts the distribution rather than piling its mass up at the bound. Bounds
/// outside every quantile clamp.
fn interpolate_within(q: &[f64], u: f64, bounds: Bounds) -> f64 {
    let (lo, hi) = (rank_of(q, bounds.lo), rank_of(q, bounds.hi));
    if q.len() < 2 || hi <= lo {
        return bounds.clamp(interpolate(q, u));
    }
    bounds.clamp(interpolate(q, lo + u.clamp(0.0, 1.0) * (hi - lo)))
}

/// The share of the distribution given by quantiles `q` below `x` (inverse of [`interpolate`]).
fn rank_of(q: &[f64], x: f64) -> f64 {
    let n = q.len();
    if n < 2 || x <= q[0] {
        return 0.0;
    }
    if x >= q[n - 1] {
        return 1.0;
    }
    let k = q.partition_point(|v| *v <= x).clamp(1, n - 1);
    let (a, b) = (q[k - 1], q[k]);
    let within = if b > a { (x - a) / (b - a) } else { 0.0 };
    ((k - 1) as f64 + within) / (n - 1) as f64
}

/// The quantile function through equally spaced quantiles `q` (piecewise linear).
fn interpolate(q: &[f64], u: f64) -> f64 {
    if q.len() == 1 {
        return q[0];
    }
    let pos = u.clamp(0.0, 1.0) * (q.len() - 1) as f64;
    let k = (pos.floor() as usize).min(q.len() - 2);
    q[k] + (pos - k as f64) * (q[k + 1] - q[k])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{ConditionalQuantiles, ConditionalRow};

    #[test]
    fn strata_cover_the_unit_interval_evenly() {
        let s = Strata::new(100, Key(7));
        let mut seen = [0u32; 100];
        for i in 0..100 {
            let u = s.unit(i);
            assert!((0.0..1.0).contains(&u));
            seen[(u * 100.0) as usize] += 1;
        }
        assert!(seen.iter().all(|c| *c == 1), "one row per stratum");
        // Another column's strata are independent: the pairs are not on a diagonal.
        let t = Strata::new(100, Key(8));
        let same_half = (0..100).filter(|i| (s.unit(*i) < 0.5) == (t.unit(*i) < 0.5)).count();
        assert!((30..70).contains(&same_half), "{same_half}");
    }

    #[test]
    fn the_copula_correlates_uniforms() {
        let c = Copula { columns: vec!["a".into(), "b".into()], correlation: vec![vec![1.0, 0.9], vec![0.9, 1.0]] };
        let plan = CopulaPlan::new(&c, |n| Some(if n == "a" { 0 } else { 1 }), |_| false).unwrap();
        let (sa, sb) = (Strata::new(2000, Key(1)), Strata::new(2000, Key(2)));
        let pairs: Vec<(f64, f64)> = (0..2000)
            .map(|i| {
                let mut u = [sa.unit(i), sb.unit(i)];
                plan.apply(&mut u);
                (u[0], u[1])
            })
            .collect();
        let rho = crate::dependence::normal_score_correlation(&pairs);
        assert!((rho - 0.9).abs() < 0.03, "{rho}");
        // The first column keeps its stratified uniform.
        assert!((0..2000).all(|i| (pairs[i as usize].0 - sa.unit(i)).abs() < 1e-9));
        // Anchored on b (its rank given), a follows b.
        let plan = CopulaPlan::new(&c, |n| Some(if n == "a" { 0 } else { 1 }), |c| c == 1).unwrap();
        assert_eq!(plan.columns, vec![1, 0]);
        let pairs: Vec<(f64, f64)> = (0..2000)
            .map(|i| {
                let b_rank = sb.unit(i);
                let mut u = [sa.unit(i), b_rank];
                plan.apply(&mut u);
                assert_eq!(u[1], b_rank, "an anchored rank is kept");
                (u[0], u[1])
            })
            .collect();
        let rho = crate::dependence::normal_score_correlation(&pairs);
        assert!((rho - 0.9).abs() < 0.03, "{rho}");
    }

    #[test]
    fn given_tables_follow_the_parent_value() {
        let model = Conditional::Table {
            bins: None,
            rows: vec![
                ConditionalRow {
                    parent: Some("France".into()),
                    values: vec![(Some("Paris".into()), 0.7), (Some("Lyon".into()), 0.3)],
                },
                ConditionalRow { parent: None, values: vec![(None, 1.0)] },
            ],
        };
        let g = Given::new(&model, TypeKind::Text, ParentRef::Column(0), TypeKind::Text);
        let france = Value::Text("France".into());
        assert_eq!(g.draw(&france, 0.1, 0.0, Bounds::ALL), Some(Drawn::Value(Value::Text("Paris".into()))));
        assert_eq!(g.draw(&france, 0.9, 0.0, Bounds::ALL), Some(Drawn::Value(Value::Text("Lyon".into()))));
        assert_eq!(g.draw(&Value::Null, 0.5, 0.0, Bounds::ALL), Some(Drawn::Null));
        assert_eq!(g.draw(&Value::Text("Peru".into()), 0.5, 0.0, Bounds::ALL), None, "unseen parent value");
    }

    #[test]
    fn given_quantiles_follow_the_parent_bin() {
        let model = Conditional::Quantiles {
            bins: Some(vec![10.0]),
            rows: vec![
                ConditionalQuantiles { parent: Some("0".into()), null_share: 0.0, quantiles: vec![0.0, 1.0] },
                ConditionalQuantiles { parent: Some("1".into()), null_share: 0.5, quantiles: vec![100.0, 200.0] },
            ],
        };
        let g = Given::new(&model, TypeKind::Double, ParentRef::Column(0), TypeKind::Integer);
        assert_eq!(g.draw(&Value::Int(3), 0.5, 0.5, Bounds::ALL), Some(Drawn::Value(Value::Float(0.5))));
        assert_eq!(g.draw(&Value::Int(30), 0.2, 0.9, Bounds::ALL), Some(Drawn::Null));
        assert_eq!(g.draw(&Value::Int(30), 0.75, 0.5, Bounds::ALL), Some(Drawn::Value(Value::Float(150.0))));
        // A bound cuts the distribution: the middle of what is left, not the bound itself.
        assert_eq!(
            g.draw(&Value::Int(30), 0.75, 0.5, Bounds::new(0.0, 120.0)),
            Some(Drawn::Value(Value::Float(110.0)))
        );
        assert_eq!(
            g.draw(&Value::Int(30), 0.75, 0.0, Bounds::new(150.0, 1000.0)),
            Some(Drawn::Value(Value::Float(150.0)))
        );
        // Outside every quantile, the bound.
        assert_eq!(
            g.draw(&Value::Int(30), 0.75, 0.5, Bounds::new(300.0, 1000.0)),
            Some(Drawn::Value(Value::Float(300.0)))
        );
    }

    #[test]
    fn external_parents_are_read_by_parent_index() {
        let values = ExternalValues::Codes { labels: vec![Some("France".into()), None], codes: vec![1, 0] };
        let model = Conditional::Table {
            bins: None,
            rows: vec![ConditionalRow { parent: Some("France".into()), values: vec![(Some("EUR".into()), 1.0)] }],
        };
        let g = Given::new(&model, TypeKind::Text, ParentRef::External { fk: 0, values }, TypeKind::Text);
        assert_eq!(g.parent_value(&[], &[Some(1)]), Some(Value::Text("France".into())));
        assert_eq!(g.parent_value(&[], &[Some(0)]), Some(Value::Null));
        assert_eq!(g.parent_value(&[], &[None]), None);
    }
}
