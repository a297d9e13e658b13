//! How each foreign key picks its parent row: evenly, by the child column's own statistics, by
//! the children per parent a schema profile gives, or by the value of a parent column the child
//! depends on (children handed to groups of parents in fixed numbers). Also how many children
//! one parent can have before a unique key holding the foreign key runs out.

use super::column::Source;
use super::constraints::{Constraints, Rules};
use super::joint::Given;
use super::scalar::Bounds;
use super::{degree, scalar, Context, TablePlan};
use crate::error::{Code, Result, SynthError};
use crate::permute::Permutation;
use crate::profile::{ChildrenPerParent, TableProfile, TypeKind};
use crate::rng::Key;
use crate::value::Value;

/// The keys of a parent table that a foreign key can point at.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum ParentKeys {
    /// A dense integer range `lo .. lo + count` (never loaded row by row).
    Range { lo: i64, count: u64 },
    /// Single integer keys, sorted ascending (8 bytes per parent row).
    Ints(Vec<i64>),
    /// Key tuples in a stable order.
    Tuples(Vec<Vec<Value>>),
}

impl ParentKeys {
    pub fn len(&self) -> u64 {
        match self {
            ParentKeys::Range { count, .. } => *count,
            ParentKeys::Ints(v) => v.len() as u64,
            ParentKeys::Tuples(t) => t.len() as u64,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Part `part` of parent key number `index`.
    pub fn key_part(&self, index: u64, part: usize) -> Value {
        match self {
            ParentKeys::Range { lo, .. } => Value::Int(lo + index as i64),
            ParentKeys::Ints(v) => v.get(index as usize).map_or(Value::Null, |k| Value::Int(*k)),
            ParentKeys::Tuples(t) => t.get(index as usize).and_then(|k| k.get(part)).cloned().unwrap_or(Value::Null),
        }
    }

    /// The index of the parent key nearest to `x` (integer keys only).
    pub(super) fn nearest(&self, x: f64) -> Option<u64> {
        let n = self.len();
        if n == 0 {
            return None;
        }
        match self {
            ParentKeys::Range { lo, count } => Some((x.round() - *lo as f64).clamp(0.0, (*count - 1) as f64) as u64),
            ParentKeys::Ints(v) => {
                let k = x.round() as i64;
                let i = v.partition_point(|p| *p < k);
                let best = match (i.checked_sub(1), v.get(i)) {
                    (Some(j), Some(after)) if k - v[j] <= after - k => j,
                    (Some(j), None) => j,
                    _ => i,
                };
                Some(best as u64)
            }
            ParentKeys::Tuples(_) => None,
        }
    }
}

/// How a foreign key picks its parent row.
#[derive(Clone, Debug)]
pub(super) enum ParentChoice {
    /// Every parent equally likely.
    Even,
    /// Integer keys drawn from the child column's own statistics, snapped to an existing key.
    Popularity(scalar::ScalarDist),
    /// Children per parent as profiled.
    Spread(degree::DegreeAssigner),
    /// By the value of a parent column, then within the parents of that value.
    ByValue(Box<ByValue>),
}

/// Children handed to groups of parents (the parents with one value of a column) in fixed
/// numbers: child `i` takes place `perm(i)`, and the places `start .. start + count` are one
/// group's.
#[derive(Clone, Debug)]
pub(super) struct ByValue {
    pub(super) perm: Permutation,
    pub(super) groups: Vec<ValueGroup>,
}

#[derive(Clone, Debug)]
pub(super) struct ValueGroup {
    /// Parent key indexes.
    pub(super) members: Vec<u64>,
    pub(super) start: u64,
    pub(super) count: u64,
    /// Children per parent within the group, as profiled (else every member alike).
    pub(super) assigner: Option<degree::DegreeAssigner>,
    pub(super) key: Key,
}

impl ByValue {
    /// The group holding `place` (a position in the permuted rows) and `place`'s rank in it.
    fn group_at(&self, place: u64) -> Option<(&ValueGroup, u64)> {
        let g = self.groups.iter().find(|g| place >= g.start && place < g.start + g.count)?;
        Some((g, place - g.start))
    }

    /// Where row `i` stands in its group of children: its position in `[0, 1)`, the positions
    /// of a group spread evenly, and the group's share of the call's rows.
    pub(super) fn place_of(&self, i: u64) -> Option<(f64, f64)> {
        if i >= self.perm.len() {
            return None;
        }
        let (g, k) = self.group_at(self.perm.apply(i))?;
        Some(((k as f64 + 0.5) / g.count as f64, g.count as f64 / self.perm.len() as f64))
    }

    pub(super) fn parent_of(&self, i: u64, redrawn: u32) -> Option<u64> {
        let place = if i < self.perm.len() { self.perm.apply(i) } else { i % self.perm.len().max(1) };
        let (g, k) = self.group_at(place)?;
        let local = match &g.assigner {
            Some(a) => a.parent_of(k, redrawn),
            None => g.key.derive_n(u64::from(redrawn)).stream(k).below(g.members.len() as u64),
        };
        g.members.get(local as usize).copied()
    }
}

/// `total` split in proportion to `shares` (summing to 1), rounding by largest remainders.
fn largest_remainder(shares: &[f64], total: u64) -> Vec<u64> {
    let exact: Vec<f64> = shares.iter().map(|s| s * total as f64).collect();
    let mut out: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut left = total.saturating_sub(out.iter().sum());
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|a, b| (exact[*b] - exact[*b].floor()).total_cmp(&(exact[*a] - exact[*a].floor())));
    for i in order {
        if left == 0 {
            break;
        }
        out[i] += 1;
        left -= 1;
    }
    out
}

#[derive(Clone, Debug)]
pub(super) struct FkPlan {
    pub(super) name: String,
    pub(super) columns: Vec<usize>,
    pub(super) parents: ParentKeys,
    pub(super) null_frac: f64,
    pub(super) choice: ParentChoice,
    pub(super) key: Key,
    /// Chosen by a composite unique key rather than at random.
    pub(super) by_key: bool,
}

/// The parent keys whose every part the child column's CHECKs admit (`dest_class = 2` on a
/// column that references a table of classes): the others could only be redrawn.
fn admitted(parents: ParentKeys, rules: &[&Rules]) -> ParentKeys {
    let restricted =
        |r: &Rules| r.allowed.is_some() || r.bounds != Bounds::ALL || !r.excluded.is_empty() || !r.forbidden.is_empty();
    if !rules.iter().any(|r| restricted(r)) {
        return parents;
    }
    let admits = |r: &Rules, v: &Value| {
        r.allowed.as_ref().is_none_or(|a| a.contains(v))
            && !r.forbidden.contains(v)
            && v.axis().is_none_or(|x| r.bounds.contains(x) && !r.excluded.contains(&x))
    };
    match (parents, rules) {
        (ParentKeys::Range { lo, count }, [r])
            if r.allowed.is_none() && r.excluded.is_empty() && r.forbidden.is_empty() =>
        {
            // Bounds alone: still a range.
            let from = (r.bounds.lo.ceil().max(lo as f64)) as i64;
            let to = (r.bounds.hi.floor().min((lo + count as i64 - 1) as f64)) as i64;
            ParentKeys::Range { lo: from, count: if to >= from { (to - from + 1) as u64 } else { 0 } }
        }
        (ParentKeys::Range { lo, count }, [r]) => {
            let keys = match &r.allowed {
                Some(a) => {
                    let mut v: Vec<i64> = a
                        .iter()
                        .filter_map(|v| match v {
                            Value::Int(k) if (lo..lo + count as i64).contains(k) && admits(r, v) => Some(*k),
                            _ => None,
                        })
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                }
                None => (lo..lo + count as i64).filter(|k| admits(r, &Value::Int(*k))).collect(),
            };
            ParentKeys::Ints(keys)
        }
        (ParentKeys::Ints(keys), [r]) => {
            ParentKeys::Ints(keys.into_iter().filter(|k| admits(r, &Value::Int(*k))).collect())
        }
        (ParentKeys::Tuples(t), rules) => ParentKeys::Tuples(
            t.into_iter().filter(|k| k.iter().zip(rules.iter()).all(|(v, r)| admits(r, v))).collect(),
        ),
        (parents, _) => parents,
    }
}

impl TablePlan {
    pub(super) fn plan_foreign_keys(&mut self, profile: &TableProfile, ctx: &Context) -> Result<()> {
        for (f, fk) in profile.foreign_keys.iter().enumerate() {
            let cols: Option<Vec<usize>> = fk.columns.iter().map(|c| profile.column_index(c)).collect();
            let Some(cols) = cols else { continue };
            if cols.iter().any(|c| {
                !self.columns[*c].is_generated() || matches!(self.columns[*c].source, Source::ForeignKey { .. })
            }) {
                continue;
            }
            if ctx.linked.get(f).copied().unwrap_or(false) {
                // Linked afterwards: NULL for now. A NOT NULL key is linked only when its check
                // is deferred; until the link it holds a placeholder, the column's own value.
                if cols.iter().all(|c| !self.columns[*c].rules.not_null) {
                    for c in &cols {
                        self.columns[*c].source = Source::Choice { values: vec![Value::Null], cum: vec![1.0] };
                        self.columns[*c].null_frac = 1.0;
                    }
                } else {
                    for c in &cols {
                        self.columns[*c].null_frac = 0.0;
                    }
                    // A self-reference whose key the generator makes points at its own row,
                    // which satisfies it even when it cannot be deferred.
                    let self_ref = fk.ref_schema == profile.table.schema && fk.ref_table == profile.table.name;
                    let own: Option<Vec<usize>> = fk.ref_columns.iter().map(|c| profile.column_index(c)).collect();
                    if let (true, Some(own)) = (self_ref, own) {
                        if own.iter().all(|k| self.columns[*k].is_generated()) {
                            self.same_as.extend(cols.iter().copied().zip(own));
                        }
                    }
                }
                continue;
            }
            let Some(all) = ctx.parents.get(f).cloned().flatten() else { continue };
            let existing = all.len();
            let parents = admitted(all, &cols.iter().map(|c| &self.columns[*c].rules).collect::<Vec<_>>());
            let nullable = cols.iter().all(|c| self.columns[*c].null_frac > 0.0 || !self.columns[*c].rules.not_null);
            let parent = format!("{}.{}", fk.ref_schema, fk.ref_table);
            if parents.is_empty() && !nullable && existing > 0 {
                return Err(SynthError::new(
                    Code::CheckViolation,
                    format!(
                        "cannot generate rows for {}: none of the {existing} rows of {parent} is one the CHECK constraints on ({}) allow",
                        self.table,
                        fk.columns.join(", ")
                    ),
                )
                .hint(format!("Foreign key \"{}\" can only point at rows whose key the CHECKs admit; add such rows to {parent}.", fk.name)));
            }
            if parents.is_empty() && !nullable {
                return Err(SynthError::new(
                    Code::ForeignKeyViolation,
                    format!("cannot generate rows for {}: the table it references, {parent}, is empty", self.table),
                )
                .detail(format!(
                    "Foreign key \"{}\" on ({}) needs existing rows in {parent}.",
                    fk.name,
                    fk.columns.join(", ")
                ))
                .hint(format!("Fill the parent table first, for example: SELECT synth_fill('{parent}', 1000);")));
            }
            let null_frac = if parents.is_empty() {
                1.0
            } else if cols.iter().any(|c| self.columns[*c].rules.not_null) {
                0.0
            } else {
                cols.iter().map(|c| self.columns[*c].null_frac).fold(0.0, f64::max)
            };
            let index = self.fks.len();
            let key = self.key.derive("fk").derive(&fk.name);
            let spread = ctx.spread.get(f).and_then(Option::as_ref);
            let choice = match (spread, cols.as_slice(), &parents) {
                (Some(model), _, _) => match degree::DegreeAssigner::new(model, parents.len(), ctx.rows, key) {
                    Some(a) => ParentChoice::Spread(a),
                    None => ParentChoice::Even,
                },
                // The child column's own statistics say which parents are popular.
                (None, [c], ParentKeys::Range { .. } | ParentKeys::Ints(_)) => match &self.columns[*c].source {
                    Source::Scalar(d @ scalar::ScalarDist::Empirical(_)) => ParentChoice::Popularity(d.clone()),
                    _ => ParentChoice::Even,
                },
                _ => ParentChoice::Even,
            };
            for (part, c) in cols.iter().enumerate() {
                self.columns[*c].source = Source::ForeignKey { fk: index, part };
            }
            self.fks.push(FkPlan {
                name: fk.name.clone(),
                columns: cols,
                parents,
                null_frac,
                choice,
                key,
                by_key: false,
            });
        }
        Ok(())
    }

    /// Hands children to parents grouped by the value of a parent column the child depends on,
    /// once per foreign key, by the strongest dependence on it.
    ///
    /// With children per parent profiled, every parent first takes its number of children from
    /// that distribution, so that its shape is kept whatever the groups' sizes (nine facilities
    /// in six groups still have 111 to 837 bookings, not 449 each); the largest numbers go to
    /// the parents whose value had the most children per parent in the sample (`shares` against
    /// the group's share of parents), and each group gets the children its parents' numbers add
    /// up to. Without a profile, each group gets children in proportion to its parents (the
    /// synthetic parents already hold the values in their real shares; weighting by the
    /// sample's child shares instead lets a group one parent short crowd its children).
    pub(super) fn group_parents(
        &mut self,
        f: usize,
        given: &Given,
        shares: &[(Option<String>, f64)],
        profile: &TableProfile,
        ctx: &Context,
    ) -> bool {
        let fk = &self.fks[f];
        if fk.by_key || matches!(fk.choice, ParentChoice::ByValue(_)) {
            return false;
        }
        let Some(groups) = given.parent_groups(shares, fk.parents.len()) else { return false };
        let model = profile
            .foreign_keys
            .iter()
            .position(|x| x.name == fk.name)
            .and_then(|pf| ctx.spread.get(pf).cloned().flatten());
        let parents = groups.iter().map(|g| g.0.len()).sum::<usize>().max(1) as f64;
        let degrees = model.as_ref().and_then(|m| ranked_degrees(m, &groups, ctx.rows, fk.key));
        let weights: Vec<f64> = match &degrees {
            Some(d) => d.iter().map(|g| g.iter().sum::<u64>() as f64).collect(),
            None => groups.iter().map(|g| g.0.len() as f64 / parents).collect(),
        };
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return false;
        }
        let counts = largest_remainder(&weights.iter().map(|w| w / total).collect::<Vec<_>>(), ctx.rows);
        let mut start = 0;
        let mut parts = Vec::with_capacity(groups.len());
        for (k, ((members, _), count)) in groups.into_iter().zip(counts).enumerate() {
            let key = fk.key.derive("group").derive_n(k as u64);
            let own = degrees.as_ref().map(|d| ChildrenPerParent::from_counts(d[k].clone(), "group"));
            let assigner = own
                .as_ref()
                .or(model.as_ref())
                .and_then(|m| degree::DegreeAssigner::new(m, members.len() as u64, count, key));
            parts.push(ValueGroup { members, start, count, assigner, key });
            start += count;
        }
        let perm = Permutation::new(ctx.rows.max(1), fk.key.derive("groups").0);
        self.fks[f].choice = ParentChoice::ByValue(Box::new(ByValue { perm, groups: parts }));
        true
    }
}

/// Parents at most this many are given their numbers of children one by one for value groups.
const MAX_RANKED_PARENTS: usize = 5_000_000;

/// The children per parent of `model`, drawn for every parent of `groups` (members and share of
/// the children in the sample) and handed to the groups so that each group's total comes near
/// its share: largest first, each to a group drawn in proportion to the children it still
/// lacks (among groups with a parent left; by parents left once none lacks any). A group of
/// parents whose value had many children per parent gets the larger numbers more often, not
/// always. Per group, its members' numbers; `None` for too many parents.
fn ranked_degrees(
    model: &ChildrenPerParent,
    groups: &[(Vec<u64>, f64)],
    children: u64,
    key: crate::rng::Key,
) -> Option<Vec<Vec<u64>>> {
    let parents: usize = groups.iter().map(|g| g.0.len()).sum();
    if parents == 0 || parents > MAX_RANKED_PARENTS {
        return None;
    }
    let all = degree::DegreeAssigner::new(model, parents as u64, children, key.derive("degrees"))?;
    let mut degrees: Vec<u64> = (0..parents as u64).map(|p| all.weight(p)).collect();
    degrees.sort_unstable_by(|a, b| b.cmp(a));
    let total: f64 = degrees.iter().sum::<u64>() as f64;
    let mut lacking = SumTree::new(groups.iter().map(|g| if g.0.is_empty() { 0.0 } else { g.1 * total }));
    let mut left = SumTree::new(groups.iter().map(|g| g.0.len() as f64));
    let mut out: Vec<Vec<u64>> = groups.iter().map(|g| Vec::with_capacity(g.0.len())).collect();
    let mut s = key.derive("hand out").stream(0);
    for d in degrees {
        let g = match lacking.pick(s.unit()) {
            Some(g) => g,
            None => left.pick(s.unit())?,
        };
        out[g].push(d);
        let full = out[g].len() == groups[g].0.len();
        let still = if full { 0.0 } else { (lacking.get(g) - d as f64).max(0.0) };
        lacking.set(g, still);
        left.set(g, (groups[g].0.len() - out[g].len()) as f64);
    }
    Some(out)
}

/// Non-negative weights that can be changed one at a time and drawn from in proportion, both
/// in time logarithmic in their number (a Fenwick tree).
struct SumTree {
    tree: Vec<f64>,
    weights: Vec<f64>,
}

impl SumTree {
    fn new(weights: impl Iterator<Item = f64>) -> SumTree {
        let weights: Vec<f64> = weights.map(|w| w.max(0.0)).collect();
        let mut t = SumTree { tree: vec![0.0; weights.len() + 1], weights: vec![0.0; weights.len()] };
        for (i, w) in weights.into_iter().enumerate() {
            t.set(i, w);
        }
        t
    }

    fn get(&self, i: usize) -> f64 {
        self.weights[i]
    }

    fn set(&mut self, i: usize, w: f64) {
        let delta = w.max(0.0) - self.weights[i];
        self.weights[i] = w.max(0.0);
        let mut k = i + 1;
        while k < self.tree.len() {
            self.tree[k] += delta;
            k += k & k.wrapping_neg();
        }
    }

    fn total(&self) -> f64 {
        let mut k = self.weights.len();
        let mut sum = 0.0;
        while k > 0 {
            sum += self.tree[k];
            k -= k & k.wrapping_neg();
        }
        sum
    }

    /// The weight a uniform `u` falls in; `None` when every weight is 0.
    fn pick(&self, u: f64) -> Option<usize> {
        let total = self.total();
        if total <= 1e-9 {
            return None;
        }
        let mut rest = u * total;
        let mut pos = 0;
        let mut step = self.tree.len().next_power_of_two() / 2;
        while step > 0 {
            let next = pos + step;
            if next < self.tree.len() && self.tree[next] <= rest {
                pos = next;
                rest -= self.tree[next];
            }
            step /= 2;
        }
        // Rounding may land on a weight of 0: the next one that has weight.
        (pos..self.weights.len()).chain(0..pos).find(|i| self.weights[*i] > 0.0)
    }
}

/// How many children one parent row of `fk` can have before a unique key of `child` that holds
/// the foreign key runs out (its other columns have a finite number of values: a line number
/// `CHECK (n BETWEEN 1 AND 9)`, an enum, a boolean); `None` when nothing limits it.
pub fn children_room(child: &TableProfile, fk: &crate::profile::ForeignKey) -> Option<u64> {
    let cons = Constraints::collect(child);
    child
        .unique_keys()
        .filter(|k| fk.columns.iter().all(|c| k.columns.contains(c)))
        .filter_map(|k| {
            let mut room: u128 = 1;
            for name in k.columns.iter().filter(|c| !fk.columns.contains(c)) {
                let i = child.column_index(name)?;
                let (col, rules) = (&child.columns[i], &cons.rules[i]);
                let size = match (&rules.allowed, col.ty.kind) {
                    (Some(a), _) => a.len() as u128,
                    (None, TypeKind::Enum) => col.ty.enum_labels.as_ref()?.len() as u128,
                    (None, TypeKind::Boolean) => 2,
                    (None, k) if k.is_integer() && rules.bounds.is_finite() => {
                        (rules.bounds.hi.floor() - rules.bounds.lo.ceil() + 1.0).max(0.0) as u128
                    }
                    _ => return None,
                };
                room = room.saturating_mul(size);
            }
            Some(room.min(u128::from(u64::MAX)) as u64)
        })
        .min()
}

#[cfg(test)]
mod tests {
    use super::SumTree;

    #[test]
    fn sum_trees_draw_in_proportion_and_follow_changes() {
        let mut t = SumTree::new([1.0, 0.0, 3.0, 0.0, 4.0].into_iter());
        assert_eq!(t.total(), 8.0);
        let picks: Vec<usize> = (0..8).map(|k| t.pick((k as f64 + 0.5) / 8.0).unwrap()).collect();
        assert_eq!(picks, vec![0, 2, 2, 2, 4, 4, 4, 4]);
        t.set(4, 0.0);
        t.set(1, 4.0);
        let picks: Vec<usize> = (0..8).map(|k| t.pick((k as f64 + 0.5) / 8.0).unwrap()).collect();
        assert_eq!(picks, vec![0, 1, 1, 1, 1, 2, 2, 2]);
        for i in 0..5 {
            t.set(i, 0.0);
        }
        assert_eq!(t.pick(0.5), None);
    }
}
