//! Column Pair Trends: per pair of scored columns of a table, the correlation similarity
//! (Pearson) when both are continuous, else the contingency similarity of their joint
//! frequencies, a continuous side cut into `np.histogram`'s ten bins. Intertable Trends score
//! pairs across a join with the same functions (see `relationships`).

use std::borrow::Cow;

use super::column_data::{Encoder, Shape};
use super::{ColumnData, Map, Metric, PairReport, SdType, Table, NULL_CODE};

/// Bins of a continuous column in a contingency table (`np.histogram_bin_edges`' default).
const BINS: usize = 10;

/// Contingency tables with at most this many cells are counted in an array.
const DENSE_CELLS: usize = 1 << 16;

/// Pearson's r of the pairs, as `scipy.stats.pearsonr` computes it; `None` when there are
/// fewer than two pairs or a side is constant.
pub fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let n = x.len();
    if n < 2 || n != y.len() || x.iter().all(|v| *v == x[0]) || y.iter().all(|v| *v == y[0]) {
        return None;
    }
    let centered = |v: &[f64]| {
        let mean = v.iter().sum::<f64>() / n as f64;
        let c: Vec<f64> = v.iter().map(|a| a - mean).collect();
        let max = c.iter().fold(0f64, |m, a| m.max(a.abs()));
        let norm = max * c.iter().map(|a| (a / max) * (a / max)).sum::<f64>().sqrt();
        c.into_iter().map(|a| a / norm).collect::<Vec<f64>>()
    };
    let (xm, ym) = (centered(x), centered(y));
    let r: f64 = xm.iter().zip(&ym).map(|(a, b)| a * b).sum();
    Some(r.clamp(-1.0, 1.0))
}

/// Cramér's V of the joint codes (`scipy.stats.contingency.association`, no correction);
/// `None` when either side has a single category.
pub fn cramers_v(a: &[u32], b: &[u32]) -> Option<f64> {
    let n = a.len() as f64;
    let mut rows: Map<u32, f64> = Map::default();
    let mut cols: Map<u32, f64> = Map::default();
    for (x, y) in a.iter().zip(b) {
        *rows.entry(*x).or_default() += 1.0;
        *cols.entry(*y).or_default() += 1.0;
    }
    if n == 0.0 || rows.len() < 2 || cols.len() < 2 {
        return None;
    }
    // Σ (o − e)² / e over every cell = Σ over the observed cells of o² / e, minus n.
    let chi2 = joint_counts(a, b).iter().map(|((x, y), o)| o * o / (rows[x] * cols[y] / n)).sum::<f64>() - n;
    let k = (rows.len().min(cols.len()) - 1) as f64;
    Some((chi2 / n / k).max(0.0).sqrt())
}

/// How often each pair of codes occurs, in code order (NULL last). Counted in an array when the
/// codes span few enough cells, in a hash map otherwise.
pub(super) fn joint_counts(a: &[u32], b: &[u32]) -> Vec<((u32, u32), f64)> {
    // Codes are dense from 0; one more slot, the last, for NULL.
    let slots = |v: &[u32]| v.iter().filter(|c| **c != NULL_CODE).max().map_or(0, |m| *m as usize + 1) + 1;
    let (ka, kb) = (slots(a), slots(b));
    if ka.saturating_mul(kb) <= DENSE_CELLS {
        let slot = |c: u32, k: usize| if c == NULL_CODE { k - 1 } else { c as usize };
        let code = |s: usize, k: usize| if s == k - 1 { NULL_CODE } else { s as u32 };
        let mut cells = vec![0f64; ka * kb];
        for (x, y) in a.iter().zip(b) {
            cells[slot(*x, ka) * kb + slot(*y, kb)] += 1.0;
        }
        return cells
            .into_iter()
            .enumerate()
            .filter(|(_, c)| *c > 0.0)
            .map(|(i, c)| ((code(i / kb, ka), code(i % kb, kb)), c))
            .collect();
    }
    let mut counts: Map<(u32, u32), f64> = Map::default();
    for (x, y) in a.iter().zip(b) {
        *counts.entry((*x, *y)).or_default() += 1.0;
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by_key(|(k, _)| *k);
    v
}

/// 1 − the total variation distance between the joint frequencies of two discrete columns,
/// NULL included as a category.
pub fn contingency_similarity(real: (&[u32], &[u32]), synthetic: (&[u32], &[u32])) -> f64 {
    let (r, s) = (joint_counts(real.0, real.1), joint_counts(synthetic.0, synthetic.1));
    let (nr, ns) = (real.0.len() as f64, synthetic.0.len() as f64);
    // Both in code order: walk them together.
    let (mut i, mut j, mut variation) = (0, 0, 0.0);
    while i < r.len() || j < s.len() {
        let (fr, fs) = match (r.get(i), s.get(j)) {
            (Some((kr, cr)), Some((ks, cs))) if kr == ks => {
                i += 1;
                j += 1;
                (cr / nr, cs / ns)
            }
            (Some((kr, cr)), Some((ks, _))) if kr < ks => {
                i += 1;
                (cr / nr, 0.0)
            }
            (Some(_), Some((_, cs))) | (None, Some((_, cs))) => {
                j += 1;
                (0.0, cs / ns)
            }
            (Some((_, cr)), None) => {
                i += 1;
                (cr / nr, 0.0)
            }
            (None, None) => break,
        };
        variation += (fr - fs).abs() / 2.0;
    }
    1.0 - variation
}

/// `np.histogram_bin_edges(values)`: 10 equal-width bins from the smallest to the largest value
/// (±0.5 around a single value; 0..1 without values). `None` when the range is not finite or
/// too narrow for 10 distinct edges.
pub fn histogram_edges(values: impl Iterator<Item = f64>) -> Option<[f64; BINS + 1]> {
    let (mut lo, mut hi, mut any) = (f64::INFINITY, f64::NEG_INFINITY, false);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
        any = true;
    }
    if !any {
        (lo, hi) = (0.0, 1.0);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    if lo == hi {
        (lo, hi) = (lo - 0.5, hi + 0.5);
    }
    // np.linspace(lo, hi, 11): i * step + lo, the last edge exactly hi.
    let step = (hi - lo) / BINS as f64;
    let mut edges = [0.0; BINS + 1];
    for (i, e) in edges.iter_mut().enumerate() {
        *e = i as f64 * step + lo;
    }
    edges[BINS] = hi;
    // numpy refuses bins that floating point cannot tell apart ("Too many bins for data
    // range"), as for a constant column of nanoseconds, where ±0.5 is lost in rounding.
    edges.windows(2).all(|w| w[0] < w[1]).then_some(edges)
}

/// `np.digitize(value, edges)`: how many edges are ≤ value, so 1..=10 inside the range, 11 for
/// the largest value and for missing values, 0 below.
pub fn digitize(value: Option<f64>, edges: &[f64; BINS + 1]) -> u32 {
    match value {
        Some(v) => edges.partition_point(|e| *e <= v) as u32,
        None => (BINS + 1) as u32,
    }
}

/// A pair's score, with the correlations of both sides when it is a correlation.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PairScore {
    pub score: Option<f64>,
    pub real: Option<f64>,
    pub synthetic: Option<f64>,
    /// Cramér's V of the real side, computed only for a threshold.
    pub real_association: Option<f64>,
    /// Whether the pair counts towards the property: always without a threshold.
    pub meets_threshold: bool,
}

/// 1 − |r_real − r_synthetic| / 2 for two continuous columns (rows with a NULL dropped). With
/// `threshold` > 0, a pair whose real |r| is not above it has no score and does not count.
pub fn correlation_similarity(
    real: (&[Option<f64>], &[Option<f64>]),
    synthetic: (&[Option<f64>], &[Option<f64>]),
    threshold: f64,
) -> PairScore {
    let constant = |v: &[Option<f64>]| {
        let mut it = v.iter().flatten();
        it.next().is_some_and(|first| it.all(|x| x == first))
    };
    if constant(real.0) || constant(real.1) || constant(synthetic.0) || constant(synthetic.1) {
        return PairScore::default();
    }
    let complete = |(a, b): (&[Option<f64>], &[Option<f64>])| -> (Vec<f64>, Vec<f64>) {
        a.iter().zip(b).filter_map(|(x, y)| Some(((*x)?, (*y)?))).unzip()
    };
    let (rx, ry) = complete(real);
    if rx.len() < 2 {
        return PairScore::default();
    }
    let r = pearson(&rx, &ry);
    if threshold > 0.0 && r.is_some_and(|r| r.abs() <= threshold) {
        return PairScore { real: r, ..PairScore::default() };
    }
    let (sx, sy) = complete(synthetic);
    if sx.len() < 2 {
        return PairScore::default();
    }
    let s = pearson(&sx, &sy);
    PairScore {
        score: r.zip(s).map(|(r, s)| 1.0 - (r - s).abs() / 2.0),
        real: r,
        synthetic: s,
        real_association: None,
        meets_threshold: threshold <= 0.0 || r.is_some_and(|r| r.abs() > threshold),
    }
}

/// [`contingency_similarity`] as a pair score; with `threshold` > 0, a pair whose real Cramér's
/// V is not above it has no score and does not count.
fn contingency_score(real: (&[u32], &[u32]), synthetic: (&[u32], &[u32]), threshold: f64) -> PairScore {
    let mut out = PairScore { meets_threshold: true, ..PairScore::default() };
    if threshold > 0.0 {
        out.real_association = cramers_v(real.0, real.1);
        if !out.real_association.is_some_and(|v| v > threshold) {
            out.meets_threshold = false;
            return out;
        }
    }
    out.score = Some(contingency_similarity(real, synthetic));
    out
}

/// A scored column made ready for pairs: continuous values with their bins (`None` when the
/// range is not finite), or discrete codes.
pub(super) enum Prepared<'a> {
    Continuous { real: Cow<'a, [Option<f64>]>, synthetic: Cow<'a, [Option<f64>]>, bins: Option<(Vec<u32>, Vec<u32>)> },
    Discrete { real: Vec<u32>, synthetic: Vec<u32> },
}

pub(super) fn prepare<'a>(sdtype: SdType, real: &'a ColumnData, synthetic: &'a ColumnData) -> Option<Prepared<'a>> {
    match sdtype.shape()? {
        Shape::Continuous => {
            let (real, synthetic) = (real.continuous(), synthetic.continuous());
            let bin = |v: &[Option<f64>]| {
                let edges = histogram_edges(v.iter().flatten().copied())?;
                Some(v.iter().map(|x| digitize(*x, &edges)).collect::<Vec<u32>>())
            };
            let bins = bin(&real).zip(bin(&synthetic));
            Some(Prepared::Continuous { real, synthetic, bins })
        }
        Shape::Discrete => {
            let mut encoder = Encoder::default();
            let r = encoder.encode(real);
            let s = encoder.encode(synthetic);
            Some(Prepared::Discrete { real: r, synthetic: s })
        }
    }
}

/// [`prepare`] for columns gathered on a join (`None` where not scored).
pub(super) fn prepare_joined(columns: &[Option<(SdType, ColumnData, ColumnData)>]) -> Vec<Option<Prepared<'_>>> {
    columns.iter().map(|c| c.as_ref().and_then(|(sdtype, real, synthetic)| prepare(*sdtype, real, synthetic))).collect()
}

pub(super) fn pair_score(a: &Prepared, b: &Prepared, threshold: f64) -> (Metric, PairScore) {
    use Prepared::*;
    match (a, b) {
        (Continuous { real: ra, synthetic: sa, .. }, Continuous { real: rb, synthetic: sb, .. }) => {
            (Metric::CorrelationSimilarity, correlation_similarity((ra, rb), (sa, sb), threshold))
        }
        (Discrete { real: ra, synthetic: sa }, Discrete { real: rb, synthetic: sb }) => {
            (Metric::ContingencySimilarity, contingency_score((ra, rb), (sa, sb), threshold))
        }
        (Continuous { bins, .. }, Discrete { real, synthetic })
        | (Discrete { real, synthetic }, Continuous { bins, .. }) => {
            let score = match bins {
                Some((rb, sb)) => contingency_score((rb, real), (sb, synthetic), threshold),
                None => PairScore::default(),
            };
            (Metric::ContingencySimilarity, score)
        }
    }
}

/// Whether a pair's score enters its property's mean.
pub(super) fn contribution(p: &PairScore) -> Option<f64> {
    p.score.filter(|_| p.meets_threshold)
}

/// The Column Pair Trends of `table`: a report per pair of scored columns, and what each adds
/// to the property's mean (nothing when it misses the threshold).
pub(super) fn score_table(
    table: &Table,
    pair_threshold: f64,
    tick: &mut dyn FnMut(),
    pairs: &mut Vec<PairReport>,
    scores: &mut Vec<Option<f64>>,
) {
    let with_threshold = pair_threshold > 0.0;
    let prepared: Vec<Option<Prepared>> =
        table.columns.iter().map(|c| prepare(c.sdtype, &c.real, &c.synthetic)).collect();
    for i in 0..prepared.len() {
        for j in i + 1..prepared.len() {
            let (Some(a), Some(b)) = (&prepared[i], &prepared[j]) else { continue };
            tick();
            let (metric, p) = pair_score(a, b, pair_threshold);
            scores.push(contribution(&p));
            pairs.push(PairReport {
                table: table.real_name.clone(),
                columns: [table.columns[i].name.clone(), table.columns[j].name.clone()],
                metric,
                score: p.score,
                real: p.real,
                synthetic: p.synthetic,
                real_association: p.real_association,
                meets_threshold: with_threshold.then_some(p.meets_threshold),
            });
        }
    }
}
