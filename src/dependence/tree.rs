//! The Chow–Liu forest: the mutual information of every pair of columns, less what chance alone
//! would give, weighs the edges of a maximum spanning forest, the tree of pairwise dependencies
//! that keeps the most information. Each column whose edge involves a category becomes a node of
//! the model, drawn given its parent; a parent row's column may be a tree's root.

use std::collections::BTreeMap;

use super::conditional::{conditional, shares};
use super::encode::{Encoded, Encoding};
use super::MIN_ROWS_FOR_RULE;
use crate::permute::Permutation;
use crate::profile::DependenceNode;

/// Dependence weaker than this (nats, after correction for chance) is not modelled.
const MIN_STRENGTH: f64 = 0.0;

/// The forest over `encoded`'s columns (`own`: this table's, `external`: the parent rows'),
/// oriented from its roots, as the model's nodes: each column drawn given its parent.
pub(super) fn nodes(encoded: &[Encoded], own: &[usize], external: &[usize], n: usize) -> Vec<DependenceNode> {
    let mi = |a: usize, b: usize| adjusted_mi(&encoded[a], &encoded[b], n);
    // Columns of the copula: numbers, and numbers with few values through their numbers.
    let numeric =
        |i: usize| matches!(encoded[i].enc, Encoding::Numeric { .. } | Encoding::Categorical { x: Some(_), .. });

    // Kruskal's algorithm over this table's columns and the parent rows' columns: a maximum
    // spanning forest in which each tree holds at most one column of a parent row (that column
    // is then the tree's root, the rest of the row drawn given it; two would pull one column
    // two ways).
    //
    // Edges between two columns of this table of which one is a function of the other (a city
    // and its region) come first, whatever their weight: a tree that holds them draws the pair
    // consistently (a region drawn from the parent row's region could not match a city drawn
    // given the country).
    let mut edges: Vec<(usize, usize, f64, bool)> = Vec::new();
    for (i, &a) in own.iter().enumerate() {
        for &b in own[i + 1..].iter().chain(external) {
            let s = mi(a, b);
            if s > MIN_STRENGTH {
                let exact = encoded[b].col.via.is_none()
                    && (determines(&encoded[a], &encoded[b], n) || determines(&encoded[b], &encoded[a], n));
                edges.push((a, b, s, exact));
            }
        }
    }
    edges.sort_by(|x, y| y.3.cmp(&x.3).then(y.2.total_cmp(&x.2)).then((x.0, x.1).cmp(&(y.0, y.1))));
    let mut set: Vec<usize> = (0..encoded.len()).collect();
    let mut has_external: Vec<bool> = (0..encoded.len()).map(|i| encoded[i].col.via.is_some()).collect();
    fn root_of(set: &mut [usize], mut x: usize) -> usize {
        while set[x] != x {
            set[x] = set[set[x]];
            x = set[x];
        }
        x
    }
    let mut adjacent: Vec<Vec<(usize, f64)>> = vec![Vec::new(); encoded.len()];
    for (a, b, s, _) in edges {
        let (ra, rb) = (root_of(&mut set, a), root_of(&mut set, b));
        if ra == rb || (has_external[ra] && has_external[rb]) {
            continue;
        }
        set[ra] = rb;
        has_external[rb] |= has_external[ra];
        adjacent[a].push((b, s));
        adjacent[b].push((a, s));
    }
    // Orient each tree from its root: the parent row's column if it has one, else its first
    // column; parents come before children.
    let mut parent: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
    let mut order: Vec<usize> = Vec::new();
    let mut seen = vec![false; encoded.len()];
    let roots: Vec<usize> = external.iter().chain(own).copied().collect();
    for root in roots {
        if seen[root] || (encoded[root].col.via.is_some() && adjacent[root].is_empty()) {
            continue;
        }
        seen[root] = true;
        let mut queue = std::collections::VecDeque::from([root]);
        while let Some(x) = queue.pop_front() {
            if encoded[x].col.via.is_none() {
                order.push(x);
            }
            for &(y, s) in &adjacent[x] {
                if !seen[y] {
                    seen[y] = true;
                    parent.insert(y, (x, s));
                    queue.push_back(y);
                }
            }
        }
    }
    // Two numbers of this table are related through the copula, not through the tree.
    order
        .into_iter()
        .filter_map(|c| {
            let (p, strength) = parent
                .get(&c)
                .copied()
                .filter(|(p, _)| encoded[*p].col.via.is_some() || !(numeric(c) && numeric(*p)))?;
            let model = conditional(&encoded[c], &encoded[p], n)?;
            let parent_shares = encoded[p].col.via.is_some().then(|| shares(&encoded[p], n));
            Some(DependenceNode {
                column: encoded[c].col.name.clone(),
                parent: encoded[p].col.name.clone(),
                via: encoded[p].col.via.clone(),
                strength,
                model,
                parent_shares,
            })
        })
        .collect()
}

/// True when the sample shows `b` as a function of the category `a`: every value of `a` (NULL
/// one of them) came with one value of `b`, `a` repeats (each value twice on average, so that a
/// column of distinct values does not determine everything) and `b` varies. Enough rows are
/// needed to believe it, as for rules.
pub(super) fn determines(a: &Encoded, b: &Encoded, n: usize) -> bool {
    if n < MIN_ROWS_FOR_RULE
        || !matches!(a.enc, Encoding::Categorical { .. })
        || !matches!(b.enc, Encoding::Categorical { .. })
        || a.arity * 2 > n
        || b.arity < 2
    {
        return false;
    }
    let mut image: Vec<Option<u32>> = vec![None; a.arity];
    a.codes.iter().zip(&b.codes).all(|(x, y)| *image[*x as usize].get_or_insert(*y) == *y)
}

/// Mutual information less its expectation under independence, estimated by pairing `a` with
/// seeded shuffles of `b` (in small samples, columns with many values share much information by
/// chance alone).
pub(super) fn adjusted_mi(a: &Encoded, b: &Encoded, n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let observed = mutual_information(&a.codes, &b.codes, a.arity, b.arity);
    let chance: f64 = (0..SHUFFLES)
        .map(|k| {
            let perm = Permutation::new(n as u64, 0x5ca1e + k);
            let shuffled: Vec<u32> = (0..n).map(|i| b.codes[perm.apply(i as u64) as usize]).collect();
            mutual_information(&a.codes, &shuffled, a.arity, b.arity)
        })
        .sum::<f64>()
        / SHUFFLES as f64;
    observed - chance
}

/// Shuffles that estimate the mutual information two independent columns share by chance.
const SHUFFLES: u64 = 4;

fn mutual_information(a: &[u32], b: &[u32], arity_a: usize, arity_b: usize) -> f64 {
    let n = a.len() as f64;
    let mut joint: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    let mut pa = vec![0u32; arity_a];
    let mut pb = vec![0u32; arity_b];
    for (x, y) in a.iter().zip(b) {
        *joint.entry((*x, *y)).or_insert(0) += 1;
        pa[*x as usize] += 1;
        pb[*y as usize] += 1;
    }
    joint
        .iter()
        .map(|((x, y), c)| {
            let pxy = f64::from(*c) / n;
            let px = f64::from(pa[*x as usize]) / n;
            let py = f64::from(pb[*y as usize]) / n;
            pxy * (pxy / (px * py)).ln()
        })
        .sum()
}
