//! The week as data shows it: the shares of a timestamp column's rows in each hour of the week
//! (an office table busy 9 to 17 on weekdays, a shop's orders in the evening), and of a date
//! column's rows on each day of the week (no deliveries on Sunday).
//!
//! A profile learns the shares from its sample ([`Weekly::learn`]) when they differ from an even
//! spread by more than chance. A generator then moves each value inside its own week
//! ([`WeekMap`]): the value's position in the week, as the column's distribution places it, goes
//! through that distribution's cumulative shares of the week's cells and back through the
//! learned ones. Each value stays in its week, so the distribution over weeks and longer (the
//! histogram's, seasons, trends) is kept, and the map is monotone inside a week, so stratified
//! draws stay stratified. A distribution that already shows the week (a histogram with buckets
//! narrower than a day) is mapped nearly onto itself.

use statrs::distribution::{ChiSquared, ContinuousCDF};

use crate::datetime::USECS_PER_DAY;
use crate::profile::{TypeKind, Weekly};

/// Values a sample needs before its week is learned.
pub const MIN_VALUES: usize = 200;
/// How sure the shares must be to differ from an even spread (a chi-squared test).
const CONFIDENCE: f64 = 0.999;
const HOUR: f64 = (USECS_PER_DAY / 24) as f64;
/// Day 0 of the axis (2000-01-01) is a Saturday: Monday is day 2.
const MONDAY: f64 = 2.0;

/// The cells of a week of `kind`, and the length of one on its axis; `None` for other types.
fn cells(kind: TypeKind) -> Option<(usize, f64)> {
    match kind {
        TypeKind::Timestamp | TypeKind::Timestamptz => Some((168, HOUR)),
        TypeKind::Date => Some((7, 1.0)),
        _ => None,
    }
}

/// The week that holds `x` (its first instant, a Monday at 00:00) and `x`'s position in it in
/// `[0, 1)`.
fn in_week(x: f64, week: f64, day: f64) -> (f64, f64) {
    let monday = MONDAY * day;
    let pos = (x - monday).rem_euclid(week);
    (x - pos, pos / week)
}

impl Weekly {
    /// The week of the values `xs` (on `kind`'s axis; dates floored to their day), when there
    /// are enough of them and their shares are not an even spread.
    pub fn learn(kind: TypeKind, xs: impl IntoIterator<Item = f64>) -> Option<Weekly> {
        let (n, cell) = cells(kind)?;
        let day = if kind == TypeKind::Date { 1.0 } else { USECS_PER_DAY as f64 };
        let mut counts = vec![0.0; n];
        let mut total = 0.0;
        for x in xs.into_iter().filter(|x| x.is_finite()) {
            let (_, u) = in_week(x, cell * n as f64, day);
            counts[((u * n as f64) as usize).min(n - 1)] += 1.0;
            total += 1.0;
        }
        if total < MIN_VALUES as f64 {
            return None;
        }
        let expected = total / n as f64;
        let chi2: f64 = counts.iter().map(|o| (o - expected).powi(2) / expected).sum();
        let critical = ChiSquared::new((n - 1) as f64).ok()?.inverse_cdf(CONFIDENCE);
        if chi2 <= critical {
            return None;
        }
        Some(Weekly { shares: counts.iter().map(|c| (c / total * 1e5).round() / 1e5).collect() })
    }

    /// Whether these shares fit a column of `kind`.
    pub fn fits(&self, kind: TypeKind) -> bool {
        cells(kind)
            .is_some_and(|(n, _)| self.shares.len() == n && self.shares.iter().all(|s| s.is_finite() && *s >= 0.0))
            && self.shares.iter().sum::<f64>() > 0.0
    }
}

/// Moves values of a distribution inside their week, from the week's shares the distribution
/// gives (`from`) to the learned ones (`to`).
#[derive(Clone, Debug)]
pub struct WeekMap {
    /// Running totals of the cells' shares, starting at 0 and ending at 1.
    from: Vec<f64>,
    to: Vec<f64>,
    cell: f64,
    day: f64,
}

/// `[0, s0, s0 + s1, …, 1]`, every cell given a little weight so that no position is lost.
fn running(shares: &[f64]) -> Vec<f64> {
    let floor = 1e-6;
    let total: f64 = shares.iter().map(|s| s.max(0.0) + floor).sum();
    let mut cum = Vec::with_capacity(shares.len() + 1);
    cum.push(0.0);
    let mut acc = 0.0;
    for s in shares {
        acc += (s.max(0.0) + floor) / total;
        cum.push(acc);
    }
    *cum.last_mut().unwrap() = 1.0;
    cum
}

/// The position in `[0, 1)` of the cells' running totals `cum` at `u`, inverted: the point whose
/// cumulative share is `u`.
fn invert(cum: &[f64], u: f64) -> f64 {
    let n = cum.len() - 1;
    let c = cum.partition_point(|x| *x <= u).clamp(1, n) - 1;
    let within = ((u - cum[c]) / (cum[c + 1] - cum[c]).max(1e-12)).clamp(0.0, 1.0);
    (c as f64 + within) / n as f64
}

/// The cumulative share in `cum` at position `p` in `[0, 1)`.
fn through(cum: &[f64], p: f64) -> f64 {
    let n = cum.len() - 1;
    let c = ((p * n as f64) as usize).min(n - 1);
    let within = p * n as f64 - c as f64;
    cum[c] + within * (cum[c + 1] - cum[c])
}

impl WeekMap {
    /// The map of a column of `kind` from the shares `quantiles` (equally likely values of its
    /// distribution) give to `target`. `None` when the shares do not fit the type.
    pub fn new(kind: TypeKind, target: &Weekly, quantiles: impl IntoIterator<Item = f64>) -> Option<WeekMap> {
        let (n, cell) = cells(kind)?;
        if !target.fits(kind) {
            return None;
        }
        let day = if kind == TypeKind::Date { 1.0 } else { USECS_PER_DAY as f64 };
        let mut counts = vec![0.0; n];
        for x in quantiles.into_iter().filter(|x| x.is_finite()) {
            let (_, u) = in_week(x, cell * n as f64, day);
            counts[((u * n as f64) as usize).min(n - 1)] += 1.0;
        }
        let total: f64 = counts.iter().sum();
        if total == 0.0 {
            return None;
        }
        let from: Vec<f64> = counts.iter().map(|c| c / total).collect();
        Some(WeekMap { from: running(&from), to: running(&target.shares), cell, day })
    }

    /// `x` moved inside its week (dates as a continuous day, floored later).
    pub fn apply(&self, x: f64) -> f64 {
        if !x.is_finite() {
            return x;
        }
        let week = self.cell * (self.from.len() - 1) as f64;
        let (start, p) = in_week(x, week, self.day);
        start + invert(&self.to, through(&self.from, p)) * week
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    fn ts(text: &str) -> f64 {
        Value::parse_canonical(TypeKind::Timestamp, text).unwrap().axis().unwrap()
    }

    /// Office hours: Monday to Friday, 9:00 to 17:00, over a year.
    fn office(n: usize) -> Vec<f64> {
        let start = ts("2023-01-02 00:00:00"); // a Monday
        (0..n)
            .map(|i| {
                let week = (i % 52) as f64;
                let day = (i % 5) as f64;
                let minute = ((i * 37) % 480) as f64;
                start + (week * 7.0 + day) * USECS_PER_DAY as f64 + 9.0 * HOUR + minute * 60e6
            })
            .collect()
    }

    fn weekday_hour(x: f64) -> (usize, usize) {
        let (_, u) = in_week(x, 168.0 * HOUR, USECS_PER_DAY as f64);
        let h = (u * 168.0) as usize;
        (h / 24, h % 24)
    }

    #[test]
    fn the_week_starts_on_monday_at_midnight() {
        assert_eq!(weekday_hour(ts("2000-01-03 00:30:00")), (0, 0));
        assert_eq!(weekday_hour(ts("2026-12-06 23:59:00")), (6, 23)); // a Sunday
        assert_eq!(weekday_hour(ts("1999-12-29 13:00:00")), (2, 13)); // a Wednesday before day 0
    }

    #[test]
    fn an_even_spread_teaches_nothing() {
        let start = ts("2023-01-01 00:00:00");
        let even: Vec<f64> = (0..10_000).map(|i| start + i as f64 * 3_599_000_000.0 * 1.37).collect();
        assert_eq!(Weekly::learn(TypeKind::Timestamp, even), None);
        assert_eq!(Weekly::learn(TypeKind::Timestamp, office(100)), None, "too few values");
        assert_eq!(Weekly::learn(TypeKind::Integer, office(1000)), None);
    }

    #[test]
    fn office_hours_are_learned_and_kept() {
        let w = Weekly::learn(TypeKind::Timestamp, office(2000)).unwrap();
        let busy: f64 = (0..5).flat_map(|d| (9..17).map(move |h| d * 24 + h)).map(|c| w.shares[c]).sum();
        assert!((busy - 1.0).abs() < 1e-3, "{busy}");
        // Values spread evenly over a year land in office hours, each in its own week.
        let start = ts("2024-01-01 00:00:00");
        let even: Vec<f64> = (0..20_000).map(|i| start + i as f64 / 20_000.0 * 365.0 * USECS_PER_DAY as f64).collect();
        let map = WeekMap::new(TypeKind::Timestamp, &w, even.iter().copied()).unwrap();
        let week = 168.0 * HOUR;
        let mut inside = 0;
        for x in &even {
            let y = map.apply(*x);
            let (d, h) = weekday_hour(y);
            inside += usize::from(d < 5 && (9..17).contains(&h));
            assert_eq!(in_week(*x, week, USECS_PER_DAY as f64).0, in_week(y, week, USECS_PER_DAY as f64).0);
        }
        assert!(inside as f64 > 0.99 * even.len() as f64, "{inside}");
        // Monotone inside a week.
        let ys: Vec<f64> = even[..500].iter().map(|x| map.apply(*x)).collect();
        assert!(ys.windows(2).all(|p| p[0] <= p[1]));
    }

    #[test]
    fn a_distribution_that_already_shows_the_week_is_left_nearly_alone() {
        let xs = office(5000);
        let w = Weekly::learn(TypeKind::Timestamp, xs.iter().copied()).unwrap();
        let map = WeekMap::new(TypeKind::Timestamp, &w, xs.iter().copied()).unwrap();
        let moved = xs.iter().filter(|x| (map.apply(**x) - **x).abs() > 2.0 * HOUR).count();
        assert!(moved < xs.len() / 100, "{moved}");
    }

    #[test]
    fn dates_keep_their_working_days() {
        let start = Value::parse_canonical(TypeKind::Date, "2024-01-01").unwrap().axis().unwrap(); // Monday
        let working: Vec<f64> = (0..1000).map(|i| start + (i / 5 * 7 + i % 5) as f64).collect();
        let w = Weekly::learn(TypeKind::Date, working).unwrap();
        assert_eq!(w.shares.len(), 7);
        assert!(w.shares[5] == 0.0 && w.shares[6] == 0.0, "{:?}", w.shares);
        let even: Vec<f64> = (0..7000).map(|i| start + i as f64 / 10.0).collect();
        let map = WeekMap::new(TypeKind::Date, &w, even.iter().copied()).unwrap();
        let weekend = even.iter().map(|x| map.apply(*x).floor()).filter(|d| (d - start).rem_euclid(7.0) >= 5.0).count();
        assert!(weekend < 10, "{weekend}");
    }

    #[test]
    fn shares_that_do_not_fit_are_refused() {
        let bad = Weekly { shares: vec![1.0; 24] };
        assert!(WeekMap::new(TypeKind::Timestamp, &bad, [0.0, 1.0]).is_none());
        let nan = Weekly { shares: vec![f64::NAN; 7] };
        assert!(WeekMap::new(TypeKind::Date, &nan, [0.0, 1.0]).is_none());
    }
}
