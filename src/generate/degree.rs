//! Which parent each child row points at, so that children per parent follow a profiled
//! distribution: skewed relationships stay skewed and parents without children stay without.
//!
//! Each parent `p` gets a weight — its number of children in the profiled distribution. Weights are
//! stratified: parent `p` takes the distribution's value at quantile `(σ(p) + jitter) / parents`
//! for a seeded permutation σ, so even eight parents split exactly as the profile says (five of
//! eight without children stay five, not "about five").
//!
//! The children of a call are then handed out in two rounds, in the order of a seeded
//! permutation: first one child to every parent with a weight (so parents with children keep at
//! least one, whatever the call's size), then the rest along a line where each such parent
//! holds a stretch as long as its weight minus one. A parent's children take consecutive
//! *places* (its first child, then its others), which composite keys use to number them.
//! Only running totals every [`BLOCK`] parents are kept, so memory stays small whatever the
//! number of parents.

use crate::permute::Permutation;
use crate::profile::ChildrenPerParent;
use crate::rng::Key;

/// Parents per stored running total.
const BLOCK: u64 = 16;

/// Running totals before a block of parents.
#[derive(Clone, Copy, Debug, Default)]
struct Totals {
    /// Parents with a weight.
    weighted: u64,
    /// Sum of (weight − 1) over those parents.
    extra: u64,
}

#[derive(Clone, Debug)]
pub struct DegreeAssigner {
    key: Key,
    bins: Vec<(u64, u64)>,
    cum: Vec<f64>,
    parents: u64,
    blocks: Vec<Totals>,
    /// Parents with a weight (all parents when none has one).
    weighted: u64,
    /// Total extra weight; when 0 every weighted parent counts 1 extra.
    extra: u64,
    children: u64,
    perm: Permutation,
    strata: Permutation,
    /// Largest number of children one parent had in the profile (caps the widest bin).
    cap: Option<u64>,
    /// No parent has weight: every parent counts as weight 1.
    uniform: bool,
    /// Every weighted parent counts one extra (the profile gives none more than one child).
    flat_extra: bool,
    max_extra: u64,
}

impl DegreeAssigner {
    /// An assigner for `children` new child rows over `parents` parent rows. `None` when there
    /// are no parents or the model is empty.
    pub fn new(model: &ChildrenPerParent, parents: u64, children: u64, key: Key) -> Option<DegreeAssigner> {
        if parents == 0 || model.bins.is_empty() {
            return None;
        }
        let bins: Vec<(u64, u64)> = model.bins.iter().map(|(lo, hi, _)| (*lo, (*hi).max(*lo))).collect();
        let cum = crate::generate::scalar::running_totals(&model.bins.iter().map(|b| b.2).collect::<Vec<_>>());
        let mut a = DegreeAssigner {
            key,
            bins,
            cum,
            parents,
            blocks: Vec::with_capacity((parents / BLOCK + 1) as usize),
            weighted: 0,
            extra: 0,
            children: children.max(1),
            perm: Permutation::new(children.max(1), key.derive("children").0),
            strata: Permutation::new(parents, key.derive("strata").0),
            cap: (model.max > 0).then_some(model.max),
            uniform: false,
            flat_extra: false,
            max_extra: 0,
        };
        let mut t = Totals::default();
        for p in 0..parents {
            if p % BLOCK == 0 {
                a.blocks.push(t);
            }
            let w = a.weight(p);
            if w > 0 {
                t.weighted += 1;
                t.extra += w - 1;
                a.max_extra = a.max_extra.max(w - 1);
            }
        }
        a.uniform = t.weighted == 0;
        if a.uniform {
            t = Totals { weighted: parents, extra: parents };
            a.blocks = (0..parents.div_ceil(BLOCK)).map(|b| Totals { weighted: b * BLOCK, extra: b * BLOCK }).collect();
            a.max_extra = 1;
        }
        a.flat_extra = !a.uniform && t.extra == 0;
        if a.flat_extra {
            t.extra = t.weighted;
            a.max_extra = 1;
            for b in &mut a.blocks {
                b.extra = b.weighted;
            }
        }
        a.weighted = t.weighted;
        a.extra = t.extra;
        Some(a)
    }

    /// The number of children parent `p` has in the profiled distribution.
    pub fn weight(&self, p: u64) -> u64 {
        let mut s = self.key.stream(p);
        let total = self.cum.last().copied().unwrap_or(0.0);
        let u = (self.strata.apply(p) as f64 + s.unit()) / self.parents as f64 * total;
        let b = self.cum.partition_point(|c| *c <= u).min(self.bins.len() - 1);
        let (lo, hi) = self.bins[b];
        let hi = self.cap.map_or(hi, |c| hi.min(c.max(lo)));
        s.range_i64(lo as i64, hi as i64) as u64
    }

    /// Whether parent `p` gets any child.
    pub fn has_children(&self, p: u64) -> bool {
        self.uniform || self.weight(p) > 0
    }

    /// The parents that get children (all of them when none has weight).
    pub fn parents_with_children(&self) -> Vec<u64> {
        (0..self.parents).filter(|p| self.has_children(*p)).collect()
    }

    /// (is weighted, extra weight) of parent `p` as the line sees it.
    fn part(&self, p: u64) -> (u64, u64) {
        if self.uniform {
            return (1, 1);
        }
        match self.weight(p) {
            0 => (0, 0),
            w if self.flat_extra => (1, w.min(1)),
            w => (1, w - 1),
        }
    }

    /// Running totals over parents `0..p`.
    fn totals(&self, p: u64) -> Totals {
        let p = p.min(self.parents);
        if p == self.parents {
            return Totals { weighted: self.weighted, extra: self.extra };
        }
        let b = p / BLOCK;
        let mut t = self.blocks[b as usize];
        for q in b * BLOCK..p {
            let (w, e) = self.part(q);
            t.weighted += w;
            t.extra += e;
        }
        t
    }

    /// The first parent at or after block start whose running total (by `f`) passes `x`.
    fn find(&self, x: u64, f: impl Fn(&Totals) -> u64, g: impl Fn((u64, u64)) -> u64) -> u64 {
        let b = self.blocks.partition_point(|t| f(t) <= x).saturating_sub(1) as u64;
        let mut sum = f(&self.blocks[b as usize]);
        let end = ((b + 1) * BLOCK).min(self.parents);
        for p in b * BLOCK..end {
            sum += g(self.part(p));
            if x < sum {
                return p;
            }
        }
        end.saturating_sub(1)
    }

    /// The `k`-th parent with a weight.
    fn weighted_parent(&self, k: u64) -> u64 {
        self.find(k, |t| t.weighted, |(w, _)| w)
    }

    /// The parent whose stretch of the extra line holds `x`.
    fn extra_parent(&self, x: u64) -> u64 {
        self.find(x, |t| t.extra, |(_, e)| e)
    }

    /// Children of the second round (after one each) and the first of them that lands on each
    /// parent's stretch, for `n` children in all.
    fn second_round(&self) -> u64 {
        self.children.saturating_sub(self.weighted)
    }

    fn extra_position(&self, e: u64) -> u64 {
        let n2 = self.second_round().max(1);
        ((2 * u128::from(e) + 1) * u128::from(self.extra) / (2 * u128::from(n2))) as u64
    }

    fn first_extra(&self, extra_before: u64) -> u64 {
        let n2 = self.second_round();
        let num = 2 * i128::from(n2) * i128::from(extra_before) - i128::from(self.extra);
        if num <= 0 {
            0
        } else {
            (num as u128).div_ceil(2 * u128::from(self.extra)) as u64
        }
    }

    /// The parent of child `i` of this call, the child's number among that parent's children
    /// (0, 1, 2 …), and its *place*: the children of a call sorted by parent, a parent's children
    /// at consecutive places.
    pub fn parent_and_rank(&self, i: u64) -> (u64, u64, u64) {
        let j = self.perm.apply(i % self.children);
        if self.children < self.weighted {
            // Fewer children than parents with children: at most one each, spread evenly.
            let k = ((2 * u128::from(j) + 1) * u128::from(self.weighted) / (2 * u128::from(self.children))) as u64;
            return (self.weighted_parent(k), 0, j);
        }
        if j < self.weighted {
            let p = self.weighted_parent(j);
            return (p, 0, self.place(p, 0));
        }
        let e = j - self.weighted;
        let p = self.extra_parent(self.extra_position(e).min(self.extra - 1));
        let rank = 1 + e - self.first_extra(self.totals(p).extra);
        (p, rank, self.place(p, rank))
    }

    /// The place of parent `p`'s child number `rank`.
    fn place(&self, p: u64, rank: u64) -> u64 {
        let t = self.totals(p);
        t.weighted + self.first_extra(t.extra) + rank
    }

    /// The parent (index into the parent keys) of child `i` of this call. A redrawn child
    /// (`redraw > 0`, after a failed check) goes to a random parent with a weight.
    pub fn parent_of(&self, i: u64, redraw: u32) -> u64 {
        if redraw == 0 {
            return self.parent_and_rank(i).0;
        }
        let k = self.key.derive_n(u64::from(redraw)).stream(i).below(self.weighted);
        self.weighted_parent(k)
    }

    /// An upper bound on the children any one parent gets from this call.
    pub fn max_children(&self) -> u64 {
        if self.children < self.weighted {
            return 1;
        }
        1 + (u128::from(self.max_extra) * u128::from(self.second_round())).div_ceil(u128::from(self.extra.max(1)))
            as u64
    }
}

/// Parents for the rows of a tree, in key order: row `k` points at an earlier row or is a root.
///
/// Children per parent come from `weights` (one per row, as a [`DegreeAssigner`] gives them),
/// scaled to the number of rows that are not roots. The largest go to the earliest rows and each
/// row fills its quota before the next takes children (breadth first), so the profile's
/// distribution of children per parent is kept exactly and levels form as in real hierarchies.
pub fn tree_parents(roots: &[bool], mut weights: Vec<u64>) -> Vec<Option<usize>> {
    let n = roots.len();
    let non_roots = roots.iter().skip(1).filter(|r| !**r).count() as u64;
    weights.resize(n, 0);
    weights.sort_unstable_by(|a, b| b.cmp(a));
    let total: u64 = weights.iter().sum();
    // Largest-remainder scaling of the quotas to exactly `non_roots`.
    let mut quota: Vec<u64> = vec![0; n];
    if total > 0 {
        let mut rem: Vec<(u64, usize)> = Vec::with_capacity(n);
        let mut given = 0;
        for (k, w) in weights.iter().enumerate() {
            let exact = u128::from(*w) * u128::from(non_roots);
            quota[k] = (exact / u128::from(total)) as u64;
            given += quota[k];
            rem.push(((exact % u128::from(total)) as u64, k));
        }
        rem.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, k) in rem.into_iter().take((non_roots - given) as usize) {
            quota[k] += 1;
        }
    }
    let mut out = vec![None; n];
    let mut next = 0usize;
    for k in 1..n {
        if roots[k] {
            continue;
        }
        while next < k && quota[next] == 0 {
            next += 1;
        }
        if next < k {
            out[k] = Some(next);
            quota[next] -= 1;
        } else {
            out[k] = Some(k - 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_keep_children_per_parent_and_point_backwards() {
        // Eight employees: one root, three with 3, 2 and 2 reports.
        let roots = [true, false, false, false, false, false, false, false];
        let parents = tree_parents(&roots, vec![0, 2, 0, 3, 0, 2, 0, 0]);
        assert_eq!(parents, vec![None, Some(0), Some(0), Some(0), Some(1), Some(1), Some(2), Some(2)]);
        // Quotas scale to the rows that need a parent, and every row points backwards.
        let roots: Vec<bool> = (0..100).map(|k| k % 10 == 0).collect();
        let parents = tree_parents(&roots, (0..100).map(|k| k % 3).collect());
        for (k, p) in parents.iter().enumerate() {
            assert_eq!(p.is_none(), roots[k], "{k}");
            assert!(p.is_none_or(|p| p < k));
        }
    }

    fn counts(a: &DegreeAssigner, parents: u64, children: u64) -> Vec<u64> {
        let mut c = vec![0u64; parents as usize];
        for i in 0..children {
            c[a.parent_of(i, 0) as usize] += 1;
        }
        c
    }

    #[test]
    fn children_follow_the_profiled_distribution() {
        // 20% of parents childless, 70% with 2 children, 10% with 30.
        let model = ChildrenPerParent { bins: vec![(0, 0, 0.2), (2, 2, 0.7), (30, 30, 0.1)], ..Default::default() };
        let (parents, mean) = (10_000u64, 0.7 * 2.0 + 0.1 * 30.0);
        let children = (parents as f64 * mean) as u64;
        let a = DegreeAssigner::new(&model, parents, children, Key::from_seed(1)).unwrap();
        let c = counts(&a, parents, children);
        let childless = c.iter().filter(|x| **x == 0).count() as f64 / parents as f64;
        assert!((childless - 0.2).abs() < 0.001, "{childless}");
        let heavy = c.iter().filter(|x| **x >= 20).count() as f64 / parents as f64;
        assert!((heavy - 0.1).abs() < 0.001, "{heavy}");
        assert_eq!(c.iter().sum::<u64>(), children);
        for p in 0..parents {
            assert_eq!(c[p as usize] == 0, a.weight(p) == 0, "parent {p}");
        }
    }

    #[test]
    fn parents_with_children_keep_one_whatever_the_scale() {
        let model = ChildrenPerParent { bins: vec![(0, 0, 0.5), (1, 1, 0.25), (9, 9, 0.25)], ..Default::default() };
        for children in [300u64, 1000, 5000] {
            let a = DegreeAssigner::new(&model, 200, children, Key::from_seed(2)).unwrap();
            let c = counts(&a, 200, children);
            assert_eq!(c.iter().filter(|x| **x == 0).count(), 100, "{children}");
            assert_eq!(c.iter().sum::<u64>(), children);
        }
    }

    #[test]
    fn fewer_children_than_parents_get_one_each() {
        let model = ChildrenPerParent { bins: vec![(1, 5, 1.0)], ..Default::default() };
        let a = DegreeAssigner::new(&model, 100, 40, Key::from_seed(3)).unwrap();
        let c = counts(&a, 100, 40);
        assert_eq!(c.iter().filter(|x| **x == 1).count(), 40);
    }

    #[test]
    fn ranks_and_places_number_each_parents_children() {
        let model = ChildrenPerParent { bins: vec![(0, 0, 0.3), (1, 6, 0.7)], ..Default::default() };
        for (parents, children) in [(200u64, 500u64), (200, 2000), (50, 10), (50, 35)] {
            let a = DegreeAssigner::new(&model, parents, children, Key::from_seed(7)).unwrap();
            let mut ranks: Vec<Vec<(u64, u64)>> = vec![vec![]; parents as usize];
            let mut places = std::collections::HashSet::new();
            for i in 0..children {
                let (p, r, place) = a.parent_and_rank(i);
                assert_eq!(p, a.parent_of(i, 0));
                ranks[p as usize].push((r, place));
                assert!(places.insert(place), "places are distinct");
            }
            for r in &mut ranks {
                r.sort_unstable();
                let expect: Vec<u64> = (0..r.len() as u64).collect();
                assert_eq!(r.iter().map(|x| x.0).collect::<Vec<_>>(), expect);
                if let Some(first) = r.first() {
                    assert!(r.iter().enumerate().all(|(k, x)| x.1 == first.1 + k as u64), "consecutive places");
                }
                assert!(r.len() as u64 <= a.max_children());
            }
        }
    }

    #[test]
    fn few_parents_split_exactly_as_profiled() {
        let model = ChildrenPerParent {
            bins: vec![(0, 0, 0.625), (18, 18, 0.125), (20, 20, 0.125), (21, 41, 0.125)],
            max: 21,
            ..Default::default()
        };
        for seed in 0..20 {
            let a = DegreeAssigner::new(&model, 8, 59, Key::from_seed(seed)).unwrap();
            let w: Vec<u64> = (0..8).map(|p| a.weight(p)).collect();
            assert_eq!(w.iter().filter(|x| **x == 0).count(), 5, "{w:?}");
            assert!(w.iter().all(|x| *x <= 21), "the profile's maximum caps the widest bin: {w:?}");
            assert_eq!(counts(&a, 8, 59).iter().filter(|x| **x == 0).count(), 5);
        }
    }

    #[test]
    fn all_childless_falls_back_to_uniform() {
        let model = ChildrenPerParent { bins: vec![(0, 0, 1.0)], ..Default::default() };
        let a = DegreeAssigner::new(&model, 10, 100, Key::from_seed(6)).unwrap();
        assert!(counts(&a, 10, 100).iter().all(|x| *x == 10));
        assert!(DegreeAssigner::new(&model, 0, 100, Key::from_seed(6)).is_none());
    }

    #[test]
    fn one_child_each_spreads_the_rest_evenly() {
        let model = ChildrenPerParent { bins: vec![(0, 0, 0.5), (1, 1, 0.5)], ..Default::default() };
        let a = DegreeAssigner::new(&model, 1000, 5000, Key::from_seed(2)).unwrap();
        let c = counts(&a, 1000, 5000);
        assert!(c.iter().all(|x| *x == 0 || *x == 10), "{:?}", &c[..20]);
    }
}
