//! Which parent each child row points at, so that children per parent follow a profiled
//! distribution: skewed relationships stay skewed and parents without children stay without.
//!
//! Each parent `p` gets a weight — its number of children in the profiled distribution, drawn
//! from the distribution's bins by a stream keyed by `p` alone. Laid end to end the weights cover
//! `0..total`; the children of this call are spread evenly over that line in the order of a
//! seeded permutation, and a child belongs to the parent whose stretch of the line it lands on. A
//! parent with weight 0 never gets a child. Only a running total every [`BLOCK`] parents is kept,
//! so memory stays small whatever the number of parents.

use crate::permute::Permutation;
use crate::profile::ChildrenPerParent;
use crate::rng::Key;

/// Parents per stored running total.
const BLOCK: u64 = 16;

#[derive(Clone, Debug)]
pub struct DegreeAssigner {
    key: Key,
    bins: Vec<(u64, u64)>,
    cum: Vec<f64>,
    parents: u64,
    /// `blocks[b]`: total weight of parents `0 .. b × BLOCK`.
    blocks: Vec<u64>,
    total: u64,
    children: u64,
    perm: Permutation,
    /// No parent has weight: every parent is equally likely.
    uniform: bool,
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
            total: 0,
            children: children.max(1),
            perm: Permutation::new(children.max(1), key.derive("children").0),
            uniform: false,
        };
        let mut total = 0u64;
        for p in 0..parents {
            if p % BLOCK == 0 {
                a.blocks.push(total);
            }
            total += a.weight(p);
        }
        a.total = total;
        a.uniform = total == 0;
        Some(a)
    }

    /// The number of children parent `p` has in the profiled distribution.
    pub fn weight(&self, p: u64) -> u64 {
        let mut s = self.key.stream(p);
        let (lo, hi) = self.bins[s.weighted(&self.cum)];
        s.range_i64(lo as i64, hi as i64) as u64
    }

    /// Total weight of parents `0..p`.
    pub fn cumulative(&self, p: u64) -> u64 {
        if p >= self.parents {
            return self.total;
        }
        let b = p / BLOCK;
        let mut sum = self.blocks[b as usize];
        for q in b * BLOCK..p {
            sum += self.weight(q);
        }
        sum
    }

    /// The parent whose stretch of `0..total` holds `x`.
    fn parent_at(&self, x: u64) -> u64 {
        let b = self.blocks.partition_point(|s| *s <= x).saturating_sub(1) as u64;
        let mut sum = self.blocks[b as usize];
        let end = ((b + 1) * BLOCK).min(self.parents);
        for p in b * BLOCK..end {
            sum += self.weight(p);
            if x < sum {
                return p;
            }
        }
        end.saturating_sub(1)
    }

    /// The parent (index into the parent keys) of child `i` of this call. A redrawn child
    /// (`redraw > 0`, after a failed check) lands on a fresh point of the line.
    pub fn parent_of(&self, i: u64, redraw: u32) -> u64 {
        if self.uniform {
            return self.key.derive_n(u64::from(redraw)).stream(i).below(self.parents);
        }
        let x = if redraw == 0 {
            let j = self.perm.apply(i % self.children);
            ((j as f64 + 0.5) * self.total as f64 / self.children as f64) as u64
        } else {
            (self.key.derive_n(u64::from(redraw)).unit(i) * self.total as f64) as u64
        };
        self.parent_at(x.min(self.total - 1))
    }

    /// For trees: a parent among the first `limit` parents, at position `u` in `[0, 1)` of
    /// their weights; `None` when none of them has any weight.
    pub fn parent_before(&self, limit: u64, u: f64) -> Option<u64> {
        let limit = limit.min(self.parents);
        let c = self.cumulative(limit);
        if c == 0 {
            return None;
        }
        Some(self.parent_at(((u * c as f64) as u64).min(c - 1)).min(limit - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!((childless - 0.2).abs() < 0.02, "{childless}");
        let heavy = c.iter().filter(|x| **x >= 20).count() as f64 / parents as f64;
        assert!((heavy - 0.1).abs() < 0.02, "{heavy}");
        assert_eq!(c.iter().sum::<u64>(), children);
        // A parent whose weight is 0 never gets a child.
        for p in 0..parents {
            if a.weight(p) == 0 {
                assert_eq!(c[p as usize], 0);
            }
        }
    }

    #[test]
    fn more_children_than_the_model_scales_every_parent() {
        let model = ChildrenPerParent { bins: vec![(0, 0, 0.5), (1, 1, 0.5)], ..Default::default() };
        let a = DegreeAssigner::new(&model, 1000, 5000, Key::from_seed(2)).unwrap();
        let c = counts(&a, 1000, 5000);
        assert!(c.iter().all(|x| *x == 0 || (*x as f64 - 10.0).abs() <= 1.0), "{:?}", &c[..20]);
    }

    #[test]
    fn cumulative_totals_match_the_weights() {
        let model = ChildrenPerParent { bins: vec![(0, 3, 1.0)], ..Default::default() };
        let a = DegreeAssigner::new(&model, 100, 10, Key::from_seed(3)).unwrap();
        let mut sum = 0;
        for p in 0..=100 {
            assert_eq!(a.cumulative(p), sum);
            if p < 100 {
                sum += a.weight(p);
            }
        }
    }

    #[test]
    fn trees_only_point_backwards() {
        let model = ChildrenPerParent { bins: vec![(0, 0, 0.6), (1, 4, 0.4)], ..Default::default() };
        let a = DegreeAssigner::new(&model, 500, 500, Key::from_seed(4)).unwrap();
        for k in 1..500u64 {
            if let Some(p) = a.parent_before(k, Key::from_seed(5).unit(k)) {
                assert!(p < k);
                assert!(a.weight(p) > 0);
            }
        }
    }

    #[test]
    fn all_childless_falls_back_to_uniform() {
        let model = ChildrenPerParent { bins: vec![(0, 0, 1.0)], ..Default::default() };
        let a = DegreeAssigner::new(&model, 10, 100, Key::from_seed(6)).unwrap();
        assert!(counts(&a, 10, 100).iter().all(|x| *x > 0));
        assert!(DegreeAssigner::new(&model, 0, 100, Key::from_seed(6)).is_none());
    }
}
