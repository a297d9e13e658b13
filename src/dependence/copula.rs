//! The Gaussian copula of a table's numbers, dates and times: the correlations of their normal
//! scores (`Φ⁻¹` of mid-ranks), which any monotone transform leaves alone, corrected for ties and
//! made positive definite.

use statrs::distribution::{ContinuousCDF, Normal};

use super::encode::{Encoded, Encoding};
use crate::profile::Copula;

/// Pairs of values needed before a correlation is believed: fewer than rules need, as a small
/// table (nine facilities, their fees rising together) is its own whole sample.
const MIN_PAIRS: usize = 5;

/// The Gaussian copula of this table's numbers, dates and times (two or more), made positive
/// definite by shrinking towards independence where the pairwise estimates disagree.
pub(super) fn copula(encoded: &[Encoded], own: &[usize]) -> Option<Copula> {
    let cols: Vec<(&str, &Vec<Option<f64>>)> = own
        .iter()
        .filter_map(|&i| match &encoded[i].enc {
            Encoding::Numeric { x, .. } => Some((encoded[i].col.name.as_str(), x)),
            Encoding::Categorical { x: Some(x), .. } => Some((encoded[i].col.name.as_str(), x)),
            Encoding::Categorical { x: None, .. } => None,
        })
        .collect();
    if cols.len() < 2 {
        return None;
    }
    let k = cols.len();
    let att: Vec<f64> = cols.iter().map(|c| attenuation(&c.1.iter().flatten().copied().collect::<Vec<_>>())).collect();
    let mut r = vec![vec![0.0; k]; k];
    let mut raw = vec![vec![0.0; k]; k];
    for a in 0..k {
        r[a][a] = 1.0;
        raw[a][a] = 1.0;
        for b in a + 1..k {
            let pairs: Vec<(f64, f64)> =
                cols[a].1.iter().zip(cols[b].1).filter_map(|(x, y)| Some(((*x)?, (*y)?))).collect();
            // Ties hide part of the latent correlation (a price with two tiers carries less
            // than the normal variable it is cut from): undo that, as a polyserial estimate does.
            let observed = if pairs.len() >= MIN_PAIRS { normal_score_correlation(&pairs) } else { 0.0 };
            let rho = (observed / (att[a] * att[b])).clamp(-0.999, 0.999);
            (r[a][b], r[b][a], raw[a][b], raw[b][a]) = (rho, rho, observed, observed);
        }
    }
    // Corrections estimated pair by pair may not fit together: keep as much of them as a
    // positive definite matrix allows, then shrink every correlation if even that is not enough.
    let mut keep = 1.0;
    while keep > 0.0 && cholesky(&blend(&raw, &r, keep)).is_none() {
        keep -= 0.1;
    }
    let r = blend(&raw, &r, keep.max(0.0));
    // Pairwise estimates over the rows where both hold a value (columns NULL in different
    // rows) need not fit together either: the nearest matrix that does keeps near-perfect
    // relations near perfect (a mass and its neutrons), where shrinking every correlation by
    // the same share would halve them all.
    let r = if cholesky(&r).is_some() { r } else { nearest_correlation(&r).unwrap_or(r) };
    let mut lambda = 0.0;
    while cholesky(&shrink(&r, lambda)).is_none() {
        lambda += 0.05;
    }
    Some(Copula { columns: cols.iter().map(|c| c.0.to_string()).collect(), correlation: shrink(&r, lambda) })
}

/// The correlation matrix nearest `a` that is positive definite (Higham's alternating
/// projections, 2002: eigenvalues raised to a floor, then the unit diagonal restored, with
/// Dykstra's correction), rounded to 4 decimals; `None` if it does not settle.
pub(super) fn nearest_correlation(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    const FLOOR: f64 = 1e-3;
    let k = a.len();
    let mut y = a.to_vec();
    let mut correction = vec![vec![0.0; k]; k];
    for _ in 0..200 {
        let r: Vec<Vec<f64>> = (0..k).map(|i| (0..k).map(|j| y[i][j] - correction[i][j]).collect()).collect();
        let (values, vectors) = symmetric_eigen(&r);
        let x: Vec<Vec<f64>> = (0..k)
            .map(|i| {
                (0..k)
                    .map(|j| (0..k).map(|m| vectors[i][m] * values[m].max(FLOOR) * vectors[j][m]).sum::<f64>())
                    .collect()
            })
            .collect();
        correction = (0..k).map(|i| (0..k).map(|j| x[i][j] - r[i][j]).collect()).collect();
        let mut next = x;
        for (i, row) in next.iter_mut().enumerate() {
            row[i] = 1.0;
        }
        let moved = (0..k)
            .flat_map(|i| (0..k).map(move |j| (i, j)))
            .map(|(i, j)| (next[i][j] - y[i][j]).abs())
            .fold(0.0, f64::max);
        y = next;
        let rounded: Vec<Vec<f64>> =
            y.iter().map(|row| row.iter().map(|v| (v * 1e4).round() / 1e4).collect()).collect();
        if moved < 1e-7 && cholesky(&rounded).is_some() {
            return Some(rounded);
        }
    }
    let rounded: Vec<Vec<f64>> = y.iter().map(|row| row.iter().map(|v| (v * 1e4).round() / 1e4).collect()).collect();
    cholesky(&rounded).map(|_| rounded)
}

/// Eigenvalues and eigenvectors (as columns) of a symmetric matrix, by Jacobi rotations.
pub(super) fn symmetric_eigen(a: &[Vec<f64>]) -> (Vec<f64>, Vec<Vec<f64>>) {
    let k = a.len();
    let mut m = a.to_vec();
    let mut v: Vec<Vec<f64>> = (0..k).map(|i| (0..k).map(|j| if i == j { 1.0 } else { 0.0 }).collect()).collect();
    for _ in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |j| *j != i).map(move |j| (i, j)))
            .map(|(i, j)| m[i][j] * m[i][j])
            .sum();
        if off < 1e-22 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                if m[p][q].abs() < 1e-300 {
                    continue;
                }
                let theta = (m[q][q] - m[p][p]) / (2.0 * m[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let (mrp, mrq) = (m[r][p], m[r][q]);
                    m[r][p] = c * mrp - s * mrq;
                    m[r][q] = s * mrp + c * mrq;
                }
                for r in 0..k {
                    let (mpr, mqr) = (m[p][r], m[q][r]);
                    m[p][r] = c * mpr - s * mqr;
                    m[q][r] = s * mpr + c * mqr;
                }
                for r in 0..k {
                    let (vrp, vrq) = (v[r][p], v[r][q]);
                    v[r][p] = c * vrp - s * vrq;
                    v[r][q] = s * vrp + c * vrq;
                }
            }
        }
    }
    ((0..k).map(|i| m[i][i]).collect(), v)
}

/// `from` moved the share `t` of the way to `to`.
fn blend(from: &[Vec<f64>], to: &[Vec<f64>], t: f64) -> Vec<Vec<f64>> {
    from.iter().zip(to).map(|(f, g)| f.iter().zip(g).map(|(x, y)| x + t * (y - x)).collect()).collect()
}

pub(super) fn shrink(r: &[Vec<f64>], lambda: f64) -> Vec<Vec<f64>> {
    r.iter()
        .enumerate()
        .map(|(i, row)| row.iter().enumerate().map(|(j, v)| if i == j { 1.0 } else { v * (1.0 - lambda) }).collect())
        .collect()
}

/// The lower-triangular `L` with `L Lᵀ = r`, if `r` is positive definite.
pub fn cholesky(r: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = r.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let sum: f64 = (0..j).map(|m| l[i][m] * l[j][m]).sum();
            if i == j {
                let d = r[i][i] - sum;
                if d <= 1e-9 {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (r[i][j] - sum) / l[j][j];
            }
        }
    }
    Some(l)
}

/// Φ⁻¹, the standard normal quantile (statrs). The shares passed here lie strictly inside
/// (0, 1); anything else gives NaN rather than statrs's panic.
pub(super) fn normal_quantile(p: f64) -> f64 {
    if (0.0..=1.0).contains(&p) {
        Normal::standard().inverse_cdf(p)
    } else {
        f64::NAN
    }
}

/// Normal scores of values: Φ⁻¹ of their mid-ranks.
fn normal_scores(xs: &[f64]) -> Vec<f64> {
    let n = xs.len();
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|a, b| xs[*a].total_cmp(&xs[*b]));
    let mut scores = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && xs[idx[j]] == xs[idx[i]] {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0; // mean rank of the tie group, 0-based + 0.5
        for &k in &idx[i..j] {
            scores[k] = normal_quantile(mid / n as f64);
        }
        i = j;
    }
    scores
}

/// The correlation between a standard normal variable and the normal scores of the groups it is
/// cut into, with the group sizes of `xs`: 1 for distinct values, less the more values tie.
/// With `c` the cumulative shares, `τ = Φ⁻¹(c)` and `s` each group's score,
/// `Cov(Z, S) = Σ s_k (φ(τ_{k-1}) − φ(τ_k))`.
pub(super) fn attenuation(xs: &[f64]) -> f64 {
    let n = xs.len();
    if n < 2 {
        return 1.0;
    }
    let mut sorted = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let pdf = |t: f64| if t.is_finite() { (-t * t / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt() } else { 0.0 };
    let (mut cov, mut mean, mut square) = (0.0, 0.0, 0.0);
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n && sorted[j] == sorted[i] {
            j += 1;
        }
        let s = normal_quantile((i + j) as f64 / 2.0 / n as f64);
        let (lo, hi) = (i as f64 / n as f64, j as f64 / n as f64);
        let edge = |c: f64| {
            if c <= 0.0 {
                f64::NEG_INFINITY
            } else if c >= 1.0 {
                f64::INFINITY
            } else {
                normal_quantile(c)
            }
        };
        cov += s * (pdf(edge(lo)) - pdf(edge(hi)));
        let p = hi - lo;
        mean += p * s;
        square += p * s * s;
        i = j;
    }
    let sd = (square - mean * mean).max(0.0).sqrt();
    if sd <= 0.0 {
        1.0
    } else {
        (cov / sd).clamp(0.05, 1.0)
    }
}

/// The Pearson correlation of the pairs' normal scores.
pub fn normal_score_correlation(pairs: &[(f64, f64)]) -> f64 {
    let a = normal_scores(&pairs.iter().map(|p| p.0).collect::<Vec<_>>());
    let b = normal_scores(&pairs.iter().map(|p| p.1).collect::<Vec<_>>());
    pearson(&a, &b).clamp(-0.999, 0.999)
}

fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    if va <= 0.0 || vb <= 0.0 {
        0.0
    } else {
        cov / (va * vb).sqrt()
    }
}
