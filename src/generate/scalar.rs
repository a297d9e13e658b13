//! Values on a number line: integers, numerics, floats, dates, times, timestamps, intervals.
//!
//! A [`ScalarDist`] is sampled inside [`Bounds`] (from the type, CHECK constraints, partition
//! bounds and other columns of the row). Sampling is by inverse CDF restricted to the bounds, so a
//! constraint never causes a retry loop: the distribution is truncated instead. Values live on the
//! axis of [`Value::axis`](crate::value::Value::axis).

use statrs::distribution::{ContinuousCDF, Normal};

use crate::rng::{Key, Stream};

/// Inclusive bounds on the axis; infinite when unconstrained.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub lo: f64,
    pub hi: f64,
}

impl Bounds {
    pub const ALL: Bounds = Bounds { lo: f64::NEG_INFINITY, hi: f64::INFINITY };

    pub fn new(lo: f64, hi: f64) -> Bounds {
        Bounds { lo, hi }
    }

    pub fn intersect(self, other: Bounds) -> Bounds {
        Bounds { lo: self.lo.max(other.lo), hi: self.hi.min(other.hi) }
    }

    pub fn is_empty(self) -> bool {
        self.lo > self.hi || self.lo.is_nan() || self.hi.is_nan()
    }

    pub fn contains(self, x: f64) -> bool {
        x >= self.lo && x <= self.hi
    }

    pub fn clamp(self, x: f64) -> f64 {
        if self.is_empty() {
            return x;
        }
        x.max(self.lo).min(self.hi)
    }

    pub fn is_finite(self) -> bool {
        self.lo.is_finite() && self.hi.is_finite()
    }
}

/// PostgreSQL's picture of a column: most common values, then an equi-depth histogram of the rest.
#[derive(Clone, Debug, PartialEq)]
pub struct Empirical {
    pub mcv: Vec<f64>,
    /// Frequencies among all rows, as in `pg_stats.most_common_freqs`.
    pub mcv_freq: Vec<f64>,
    /// Sorted histogram bounds (each bucket holds the same share of the non-MCV rows).
    pub hist: Vec<f64>,
    /// Share of all rows that are neither NULL nor an MCV.
    pub hist_mass: f64,
    /// Number of distinct values in the histogram part, when small enough to matter.
    pub pool: Option<u64>,
    /// MCV frequencies summed in ascending order of value, up to and including each MCV (the
    /// MCVs are kept sorted by value).
    mcv_cum: Vec<f64>,
    /// The histogram's share of rows below each MCV (`cdf(mcv[k])`), read on every draw.
    mcv_hist_cdf: Vec<f64>,
    /// Smallest and largest value the statistics know.
    support: Bounds,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ScalarDist {
    Empirical(Empirical),
    Uniform {
        lo: f64,
        hi: f64,
    },
    /// Positive values around `median`, spread by `sigma` (log scale): prices, amounts.
    LogNormal {
        median: f64,
        sigma: f64,
    },
    Normal {
        mean: f64,
        sd: f64,
    },
}

impl ScalarDist {
    /// Draws a value inside `b` (assumed non-empty), using `key` for the pool slots.
    pub fn sample(&self, s: &mut Stream, b: Bounds, key: Key) -> f64 {
        self.inverse(s.unit(), b, key)
    }

    /// The value at quantile `u` (in `[0, 1)`) of the distribution restricted to `b`: the inverse
    /// CDF, so that a uniform `u` gives the distribution and a correlated `u` a correlated value.
    pub fn inverse(&self, u: f64, b: Bounds, key: Key) -> f64 {
        let u = u.clamp(0.0, 1.0 - 1e-12);
        let x = match self {
            ScalarDist::Empirical(e) => e.inverse(u, b, key),
            ScalarDist::Uniform { lo, hi } => uniform_at(u, Bounds::new(*lo, *hi).intersect(b), b),
            ScalarDist::LogNormal { median, sigma } => {
                let mu = median.ln();
                let lb = if b.lo > 0.0 { (b.lo.ln() - mu) / sigma } else { f64::NEG_INFINITY };
                let ub = if b.hi > 0.0 { (b.hi.ln() - mu) / sigma } else { f64::NEG_INFINITY };
                if ub == f64::NEG_INFINITY {
                    uniform_at(u, b, b)
                } else {
                    (mu + sigma * truncated_standard_normal(u, lb, ub)).exp()
                }
            }
            ScalarDist::Normal { mean, sd } => {
                let lb = (b.lo - mean) / sd;
                let ub = (b.hi - mean) / sd;
                mean + sd * truncated_standard_normal(u, lb, ub)
            }
        };
        b.clamp(x)
    }

    /// The share of the distribution below `x` (half of a point mass at `x` counted): the
    /// uniform a value corresponds to, for rank correlations.
    pub fn cdf_at(&self, x: f64) -> f64 {
        let p = match self {
            ScalarDist::Empirical(e) => e.cdf_at(x),
            ScalarDist::Uniform { lo, hi } if hi > lo => (x - lo) / (hi - lo),
            ScalarDist::Uniform { lo, .. } => f64::from(u8::from(x >= *lo)),
            ScalarDist::LogNormal { median, sigma } => {
                if x <= 0.0 {
                    0.0
                } else {
                    normal_cdf((x.ln() - median.ln()) / sigma)
                }
            }
            ScalarDist::Normal { mean, sd } => normal_cdf((x - mean) / sd),
        };
        p.clamp(0.0, 1.0)
    }

    /// The smallest and largest values this distribution produces without bounds.
    pub fn support(&self) -> Bounds {
        match self {
            ScalarDist::Empirical(e) => e.support,
            ScalarDist::Uniform { lo, hi } => Bounds::new(*lo, *hi),
            ScalarDist::LogNormal { .. } => Bounds::new(0.0, f64::INFINITY),
            ScalarDist::Normal { .. } => Bounds::ALL,
        }
    }
}

/// Quantile `u` of the uniform distribution on `inner`, or on `outer` when `inner` is empty, or
/// within 1000 of a finite end of `outer`.
fn uniform_at(u: f64, inner: Bounds, outer: Bounds) -> f64 {
    let b = if inner.is_empty() { outer } else { inner };
    match (b.lo.is_finite(), b.hi.is_finite()) {
        (true, true) => b.lo + u * (b.hi - b.lo),
        (true, false) => b.lo + u * 1000.0,
        (false, true) => b.hi - u * 1000.0,
        (false, false) => u * 1000.0,
    }
}

impl Empirical {
    pub fn new(mcv: Vec<f64>, mcv_freq: Vec<f64>, hist: Vec<f64>, hist_mass: f64, pool: Option<u64>) -> Empirical {
        let mut pairs: Vec<(f64, f64)> = mcv.into_iter().zip(mcv_freq).collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (mcv, mcv_freq): (Vec<f64>, Vec<f64>) = pairs.into_iter().unzip();
        let mcv_cum = running_totals(&mcv_freq);
        let lo = mcv.iter().chain(hist.first()).cloned().fold(f64::INFINITY, f64::min);
        let hi = mcv.iter().chain(hist.last()).cloned().fold(f64::NEG_INFINITY, f64::max);
        let mut e = Empirical {
            mcv,
            mcv_freq,
            hist,
            hist_mass,
            pool,
            mcv_cum,
            mcv_hist_cdf: vec![],
            support: Bounds::new(lo, hi),
        };
        e.mcv_hist_cdf = e.mcv.iter().map(|x| e.cdf(*x)).collect();
        e
    }

    fn hist_weight(&self) -> f64 {
        if self.hist.len() >= 2 {
            self.hist_mass
        } else {
            0.0
        }
    }

    /// The mass strictly below `x` (`inclusive`: up to and including `x`).
    fn mass(&self, x: f64, inclusive: bool) -> f64 {
        let k = if inclusive { self.mcv.partition_point(|v| *v <= x) } else { self.mcv.partition_point(|v| *v < x) };
        let mcv = if k == 0 { 0.0 } else { self.mcv_cum[k - 1] };
        mcv + self.hist_weight() * self.cdf(x)
    }

    /// The monotone inverse of the mixture of point masses (MCVs) and histogram: the smallest
    /// value whose mass reaches `u` of the mass inside `b`.
    fn inverse(&self, u: f64, b: Bounds, key: Key) -> f64 {
        let (m_lo, m_hi) = (self.mass(b.lo, false), self.mass(b.hi, true));
        if m_hi - m_lo <= 0.0 {
            // Nothing the statistics know lies inside the bounds: spread over the bounds.
            return uniform_at(u, b, self.support.intersect(b));
        }
        let m = m_lo + u * (m_hi - m_lo);
        // The first MCV whose mass (with its own point mass) passes m.
        // Both terms grow with k (MCVs are sorted), so a binary search finds it.
        let h = self.hist_weight();
        let (mut lo, mut hi) = (0, self.mcv.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.mcv_cum[mid] + h * self.mcv_hist_cdf[mid] <= m {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let k = (lo < self.mcv.len()).then_some(lo);
        let before = |k: usize| if k == 0 { 0.0 } else { self.mcv_cum[k - 1] };
        if let Some(k) = k {
            let at = self.mcv[k];
            if before(k) + h * self.mcv_hist_cdf[k] <= m && b.contains(at) {
                return at;
            }
        }
        // Between MCVs: the histogram part holds the rest of m.
        let mcv_below = before(k.unwrap_or(self.mcv.len()));
        if h <= 0.0 {
            return b.clamp(self.mcv.get(k.unwrap_or(0)).copied().unwrap_or(b.lo));
        }
        let q = ((m - mcv_below) / h).clamp(0.0, 1.0);
        let q = match self.pool {
            Some(d) if d > 0 => {
                let slot = ((q * d as f64) as u64).min(d - 1);
                let jitter = key.derive("pool").unit(slot);
                (slot as f64 + jitter) / d as f64
            }
            _ => q,
        };
        b.clamp(self.quantile(q))
    }

    /// The share of non-NULL rows below `x` (half of an MCV equal to `x` counted).
    fn cdf_at(&self, x: f64) -> f64 {
        let total = self.mass(f64::INFINITY, true);
        if total <= 0.0 {
            return 0.5;
        }
        (self.mass(x, false) + self.mass(x, true)) / 2.0 / total
    }

    /// Share of histogram rows below `x` (piecewise linear between equi-depth bounds).
    pub fn cdf(&self, x: f64) -> f64 {
        let h = &self.hist;
        if h.len() < 2 {
            return if h.first().is_some_and(|v| x >= *v) { 1.0 } else { 0.0 };
        }
        if x <= h[0] {
            return 0.0;
        }
        let n = (h.len() - 1) as f64;
        if x >= h[h.len() - 1] {
            return 1.0;
        }
        let j = h.partition_point(|v| *v <= x).saturating_sub(1).min(h.len() - 2);
        let width = h[j + 1] - h[j];
        let within = if width > 0.0 { (x - h[j]) / width } else { 1.0 };
        (j as f64 + within) / n
    }

    /// The value below which a share `q` of the histogram rows lies.
    pub fn quantile(&self, q: f64) -> f64 {
        let h = &self.hist;
        match h.len() {
            0 => 0.0,
            1 => h[0],
            len => {
                let pos = q.clamp(0.0, 1.0) * (len - 1) as f64;
                let j = (pos.floor() as usize).min(len - 2);
                h[j] + (pos - j as f64) * (h[j + 1] - h[j])
            }
        }
    }
}

pub fn running_totals(weights: &[f64]) -> Vec<f64> {
    let mut acc = 0.0;
    weights
        .iter()
        .map(|w| {
            acc += w.max(0.0);
            acc
        })
        .collect()
}

/// The standard normal's quantile `u` restricted to `[lb, ub]`.
fn truncated_standard_normal(u: f64, lb: f64, ub: f64) -> f64 {
    let cdf = |x: f64| match x {
        f64::NEG_INFINITY => 0.0,
        f64::INFINITY => 1.0,
        _ => normal_cdf(x),
    };
    let (p_lo, p_hi) = (cdf(lb), cdf(ub));
    let p = p_lo + u * (p_hi - p_lo);
    normal_quantile(p.clamp(1e-15, 1.0 - 1e-15))
}

/// Φ, the standard normal CDF (statrs).
pub fn normal_cdf(x: f64) -> f64 {
    Normal::standard().cdf(x)
}

/// Φ⁻¹, the standard normal quantile (statrs): ±∞ at 0 and 1, NaN outside [0, 1] or for NaN,
/// where statrs would panic.
pub fn normal_quantile(p: f64) -> f64 {
    if (0.0..=1.0).contains(&p) {
        Normal::standard().inverse_cdf(p)
    } else {
        f64::NAN
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draws(d: &ScalarDist, b: Bounds, n: u64) -> Vec<f64> {
        let key = Key::from_seed(5);
        (0..n).map(|i| d.sample(&mut key.stream(i), b, key)).collect()
    }

    #[test]
    fn empirical_reproduces_mcv_frequencies_and_histogram() {
        let e = Empirical::new(vec![10.0, 20.0], vec![0.3, 0.2], vec![0.0, 100.0, 200.0], 0.5, None);
        let xs = draws(&ScalarDist::Empirical(e), Bounds::ALL, 20_000);
        let share = |v: f64| xs.iter().filter(|x| **x == v).count() as f64 / xs.len() as f64;
        assert!((share(10.0) - 0.3).abs() < 0.02);
        assert!((share(20.0) - 0.2).abs() < 0.02);
        let below_100 = xs.iter().filter(|x| **x != 10.0 && **x != 20.0 && **x < 100.0).count() as f64;
        assert!((below_100 / xs.len() as f64 - 0.25).abs() < 0.02);
        assert!(xs.iter().all(|x| (0.0..=200.0).contains(x)));
    }

    #[test]
    fn bounds_truncate_instead_of_retrying() {
        let e = Empirical::new(vec![5.0], vec![0.5], vec![0.0, 10.0], 0.5, None);
        let b = Bounds::new(6.0, 8.0);
        let xs = draws(&ScalarDist::Empirical(e), b, 2000);
        assert!(xs.iter().all(|x| b.contains(*x)));
        let ln = ScalarDist::LogNormal { median: 50.0, sigma: 1.0 };
        assert!(draws(&ln, Bounds::new(100.0, 101.0), 500).iter().all(|x| (100.0..=101.0).contains(x)));
        let n = ScalarDist::Normal { mean: 0.0, sd: 1.0 };
        assert!(draws(&n, Bounds::new(3.0, f64::INFINITY), 500).iter().all(|x| *x >= 3.0));
    }

    #[test]
    fn pool_limits_the_number_of_distinct_values() {
        let e = Empirical::new(vec![], vec![], vec![0.0, 1000.0], 1.0, Some(7));
        let mut xs = draws(&ScalarDist::Empirical(e), Bounds::ALL, 5000);
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        assert_eq!(xs.len(), 7);
    }

    #[test]
    fn disjoint_bounds_still_give_values_inside_them() {
        let e = Empirical::new(vec![1.0], vec![1.0], vec![], 0.0, None);
        let b = Bounds::new(50.0, 60.0);
        assert!(draws(&ScalarDist::Empirical(e), b, 100).iter().all(|x| b.contains(*x)));
    }

    #[test]
    fn inverse_and_cdf_agree() {
        let e = Empirical::new(vec![10.0], vec![0.2], vec![0.0, 100.0], 0.8, None);
        for d in [
            ScalarDist::Empirical(e),
            ScalarDist::LogNormal { median: 50.0, sigma: 1.0 },
            ScalarDist::Uniform { lo: 0.0, hi: 10.0 },
        ] {
            for u in [0.05, 0.3, 0.5, 0.9] {
                let x = d.inverse(u, Bounds::ALL, Key(1));
                let back = d.cdf_at(x);
                // An MCV covers a range of u; elsewhere the two are inverse.
                assert!((back - u).abs() < 0.11, "{d:?} u={u} x={x} back={back}");
            }
            let lo = d.inverse(0.1, Bounds::ALL, Key(1));
            let hi = d.inverse(0.9, Bounds::ALL, Key(1));
            assert!(lo <= hi, "monotone: {d:?}");
        }
    }

    #[test]
    fn normal_helpers_agree() {
        for p in [0.001, 0.1, 0.5, 0.9, 0.999] {
            assert!((normal_cdf(normal_quantile(p)) - p).abs() < 1e-6, "{p}");
        }
    }
}
