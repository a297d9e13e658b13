//! Controlled anomalies: values a column does not usually hold, inside every constraint.
//!
//! [`outlier`] gives one column's value in an anomalous row:
//! - numbers, times of day and intervals beyond the column's usual range (the smallest and
//!   largest value its statistics or its sample's categories know, else the 0.1 %–99.9 % range of the distribution its type
//!   and name suggest) by ½ to 3 times that range, on a side the constraints leave room on;
//! - dates and timestamps in bursts: [`BURSTS`] short windows (one day, or [`BURST_MICROS`])
//!   at fixed points of the usual range, so that anomalous rows crowd into a few moments;
//! - categories among the rarest allowed values (enum labels the statistics never saw), and for
//!   text categories without an IN list a value never seen (`unseen-1` … cut to the column's
//!   length);
//! - booleans the rarer value.
//!
//! `None` where a column has nothing unusual to offer (equally likely categories, free text,
//! a range the constraints fill exactly): the row keeps its typical value there.

use super::column::{ColumnPlan, Source};
use super::constraints::unit;
use super::edge::{admits, INTERVAL_MAX_MONTHS};
use super::scalar::{Bounds, ScalarDist};
use crate::datetime::USECS_PER_DAY;
use crate::profile::TypeKind;
use crate::rng::Stream;
use crate::semantic::Persona;
use crate::value::Value;

/// How many bursts anomalous dates and timestamps of a column crowd into.
pub const BURSTS: u64 = 3;
/// The width of a timestamp burst: ten minutes.
pub const BURST_MICROS: f64 = 600.0 * 1e6;

/// The value of column `col` in an anomalous row (`row` holds the columns generated so far).
pub fn outlier(col: &ColumnPlan, s: &mut Stream, row: &[Value], persona: &Persona) -> Option<Value> {
    match &col.source {
        Source::Scalar(dist) if is_moment(col.kind) => Some(burst(col, dist, s, row, persona)),
        Source::Scalar(dist) => beyond(col, dist, s, row, persona),
        // Numbers a sample showed as categories: beyond their range, as numbers drawn from
        // statistics.
        Source::Choice { values, cum }
            if col.kind.is_ordered_scalar()
                && !is_moment(col.kind)
                && col.kind != TypeKind::Boolean
                && col.rules.allowed.is_none() =>
        {
            let xs = values.iter().filter_map(Value::axis);
            let lo = xs.clone().fold(f64::INFINITY, f64::min);
            let hi = xs.fold(f64::NEG_INFINITY, f64::max);
            beyond(col, &ScalarDist::Uniform { lo, hi }, s, row, persona)
                .or_else(|| rare(col, values, cum, s, row, persona))
        }
        Source::Choice { values, cum } => rare(col, values, cum, s, row, persona),
        // Text whose statistics list common values (free text has no categories to leave).
        Source::Mixed { mcv, .. } if col.kind.is_text() && col.rules.allowed.is_none() => {
            let listed = match mcv.as_ref() {
                Source::Choice { values, .. } => values.as_slice(),
                _ => &[],
            };
            unseen(col, listed, s, row, persona)
        }
        Source::Bool { p_true } if (p_true - 0.5).abs() >= 0.05 => Some(Value::Bool(*p_true < 0.5)),
        _ => None,
    }
}

fn is_moment(kind: TypeKind) -> bool {
    matches!(kind, TypeKind::Date | TypeKind::Timestamp | TypeKind::Timestamptz)
}

/// The range a column's values usually fall in.
pub fn usual_range(col: &ColumnPlan, dist: &ScalarDist) -> Option<Bounds> {
    let b = match dist {
        ScalarDist::Empirical(_) | ScalarDist::Uniform { .. } => dist.support(),
        ScalarDist::LogNormal { .. } | ScalarDist::Normal { .. } => {
            let own = col.rules.bounds;
            Bounds::new(dist.inverse(0.001, own, col.key), dist.inverse(0.999, own, col.key))
        }
    };
    (b.is_finite() && !b.is_empty()).then_some(b)
}

/// Every value a kind can hold, on the axis (numeric typmods are in the rules already).
fn type_range(kind: TypeKind) -> Bounds {
    match kind {
        TypeKind::Smallint => Bounds::new(f64::from(i16::MIN), f64::from(i16::MAX)),
        TypeKind::Integer => Bounds::new(f64::from(i32::MIN), f64::from(i32::MAX)),
        TypeKind::Bigint => Bounds::new(i64::MIN as f64, i64::MAX as f64),
        TypeKind::Real => Bounds::new(-f64::from(f32::MAX), f64::from(f32::MAX)),
        TypeKind::Double => Bounds::new(-f64::MAX, f64::MAX),
        TypeKind::Numeric => Bounds::new(-1e36, 1e36),
        TypeKind::Time | TypeKind::TimeTz => Bounds::new(0.0, USECS_PER_DAY as f64),
        TypeKind::Interval => {
            let m = f64::from(INTERVAL_MAX_MONTHS) * 30.0 * USECS_PER_DAY as f64;
            Bounds::new(-m, m)
        }
        _ => Bounds::ALL,
    }
}

/// A number outside the usual range, inside the column's (and the row's) bounds.
fn beyond(col: &ColumnPlan, dist: &ScalarDist, s: &mut Stream, row: &[Value], persona: &Persona) -> Option<Value> {
    let usual = usual_range(col, dist)?;
    let hard = col.row_bounds(row).intersect(type_range(col.kind));
    if hard.is_empty() {
        return None;
    }
    let spread = match usual.hi - usual.lo {
        w if w > 0.0 => w,
        _ => usual.hi.abs().max(1.0),
    };
    let step = match unit(col.kind, col.scale) {
        u if u > 0.0 => u,
        _ => spread * 1e-6,
    };
    let gap = step.max(spread / 2.0);
    // Above (dir = 1) or below (dir = -1): ½ to 3 spreads away, else whatever room is left.
    let side = |from: f64, dir: f64| -> Option<Bounds> {
        let (near, far) = (from + dir * gap, from + dir * 3.0 * spread);
        let b = Bounds::new(near.min(far), near.max(far)).intersect(hard);
        if !b.is_empty() {
            return Some(b);
        }
        let closest = from + dir * step;
        let b = if dir > 0.0 { Bounds::new(closest, hard.hi) } else { Bounds::new(hard.lo, closest) };
        (!b.is_empty() && b.is_finite()).then_some(b)
    };
    let sides: Vec<Bounds> = [side(usual.hi, 1.0), side(usual.lo, -1.0)].into_iter().flatten().collect();
    if sides.is_empty() {
        return None;
    }
    let b = sides[s.index(sides.len())];
    let v = col.fit(Value::Float(b.lo + s.unit() * (b.hi - b.lo)), s, row, persona);
    let x = v.axis()?;
    (x > usual.hi || x < usual.lo).then_some(v)
}

/// A date or timestamp in one of the column's bursts.
fn burst(col: &ColumnPlan, dist: &ScalarDist, s: &mut Stream, row: &[Value], persona: &Persona) -> Value {
    let k = s.below(BURSTS);
    let at = dist.inverse(col.key.derive("burst").unit(k), col.rules.bounds, col.key);
    let width = if col.kind == TypeKind::Date { 0.0 } else { BURST_MICROS };
    col.fit(Value::Float(at + s.unit() * width), s, row, persona)
}

/// One of the rarest values of a choice; for text categories, a value never seen.
fn rare(
    col: &ColumnPlan,
    values: &[Value],
    cum: &[f64],
    s: &mut Stream,
    row: &[Value],
    persona: &Persona,
) -> Option<Value> {
    if col.kind.is_text() && col.rules.allowed.is_none() {
        if let Some(v) = unseen(col, values, s, row, persona) {
            return Some(v);
        }
    }
    let weight = |i: usize| cum[i] - if i == 0 { 0.0 } else { cum[i - 1] };
    let listed: Vec<usize> = (0..values.len()).filter(|i| !values[*i].is_null() && weight(*i) > 0.0).collect();
    let least = listed.iter().map(|i| weight(*i)).fold(f64::INFINITY, f64::min);
    let rarest: Vec<usize> = listed.iter().copied().filter(|i| weight(*i) <= 2.0 * least).collect();
    if rarest.is_empty() || rarest.len() == listed.len() {
        return None;
    }
    Some(values[rarest[s.index(rarest.len())]].clone())
}

/// A text value none of `listed` is, that the column admits.
fn unseen(col: &ColumnPlan, listed: &[Value], s: &mut Stream, row: &[Value], persona: &Persona) -> Option<Value> {
    let n = s.below(BURSTS) + 1;
    let v = col.fit(Value::Text(format!("unseen-{n}")), s, row, persona);
    (!listed.contains(&v) && admits(&col.rules, col.kind, &v, false)).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::column::TableRef;
    use crate::generate::constraints::Rules;
    use crate::profile::*;
    use crate::rng::Key;
    use crate::semantic::Locale;

    fn col(name: &str, kind: TypeKind) -> ColumnProfile {
        crate::generate::tests::col(name, kind, true)
    }

    fn stats(mcv: &[(&str, f64)], hist: &[&str]) -> ColumnStats {
        ColumnStats {
            null_frac: 0.0,
            n_distinct: -1.0,
            avg_width: 4,
            correlation: None,
            most_common_vals: mcv.iter().map(|(v, _)| v.to_string()).collect(),
            most_common_freqs: mcv.iter().map(|(_, f)| *f).collect(),
            histogram_bounds: hist.iter().map(|v| v.to_string()).collect(),
            range: None,
        }
    }

    fn plan(c: &ColumnProfile, rules: Rules) -> ColumnPlan {
        let t = TableRef { name: "t", label: "public.t", rows: 1000.0 };
        ColumnPlan::build(&t, c, Rules { not_null: true, ..rules }, Key(3)).unwrap()
    }

    fn outliers(p: &ColumnPlan, n: u64) -> Vec<Value> {
        let persona = Persona::new(&mut Key(1).stream(0), Locale::En);
        (0..n).filter_map(|i| outlier(p, &mut Key(5).stream(i), &[], &persona)).collect()
    }

    #[test]
    fn numbers_fall_outside_the_profiled_range_inside_the_bounds() {
        let mut c = col("amount", TypeKind::Integer);
        c.stats = Some(stats(&[], &["10", "40", "70", "100"]));
        let p = plan(&c, Rules::default());
        assert!(matches!(p.source, Source::Scalar(ScalarDist::Empirical(_))));
        let xs: Vec<f64> = outliers(&p, 500).iter().filter_map(Value::axis).collect();
        assert_eq!(xs.len(), 500);
        assert!(xs.iter().all(|x| *x < 10.0 || *x > 100.0), "{xs:?}");
        assert!(xs.iter().any(|x| *x < 10.0) && xs.iter().any(|x| *x > 100.0));
        assert!(xs.iter().all(|x| *x >= 10.0 - 270.0 && *x <= 100.0 + 270.0));
        // A CHECK leaves room only above: every outlier is above.
        let p = plan(&c, Rules { bounds: Bounds::new(10.0, f64::INFINITY), ..Rules::default() });
        assert!(outliers(&p, 200).iter().all(|v| v.axis().is_some_and(|x| x > 100.0)));
        // A CHECK that admits nothing beyond the usual range: no outlier.
        let p = plan(&c, Rules { bounds: Bounds::new(10.0, 100.0), ..Rules::default() });
        assert!(outliers(&p, 50).is_empty());
    }

    #[test]
    fn numeric_outliers_keep_their_typmod() {
        let mut c = col("price", TypeKind::Numeric);
        c.ty.precision = Some(5);
        c.ty.scale = Some(2);
        c.stats = Some(stats(&[], &["1.00", "5.00", "9.99"]));
        let p = plan(&c, Rules { bounds: Bounds::new(0.0, 999.99), ..Rules::default() });
        for v in outliers(&p, 300) {
            let Value::Numeric { unscaled, scale: 2 } = v else { panic!("{v:?}") };
            assert!((0..100_000).contains(&unscaled) && !(100..=999).contains(&unscaled), "{unscaled}");
        }
    }

    #[test]
    fn timestamps_crowd_into_bursts() {
        let mut c = col("created_at", TypeKind::Timestamptz);
        c.stats = Some(stats(&[], &["2024-01-01 00:00:00+00", "2024-06-01 00:00:00+00", "2025-01-01 00:00:00+00"]));
        let p = plan(&c, Rules::default());
        let ts: Vec<f64> = outliers(&p, 600).iter().filter_map(Value::axis).collect();
        assert_eq!(ts.len(), 600);
        let mut windows: Vec<i64> = ts.iter().map(|t| (t / BURST_MICROS).floor() as i64).collect();
        windows.sort_unstable();
        windows.dedup();
        // Three bursts, each at most two ten-minute windows wide.
        assert!(windows.len() <= 2 * BURSTS as usize, "{windows:?}");
        assert!(windows.len() >= BURSTS as usize, "{windows:?}");
    }

    #[test]
    fn categories_turn_rare_or_unseen() {
        let mut e = col("mood", TypeKind::Enum);
        e.ty.enum_labels = Some(vec!["sad".into(), "ok".into(), "happy".into(), "ecstatic".into()]);
        e.stats = Some(stats(&[("ok", 0.6), ("happy", 0.3), ("sad", 0.1)], &[]));
        let p = plan(&e, Rules::default());
        // The one label the statistics never saw.
        assert!(outliers(&p, 100).iter().all(|v| *v == Value::Text("ecstatic".into())));
        // Equally likely labels: nothing is rare.
        e.stats = None;
        assert!(outliers(&plan(&e, Rules::default()), 50).is_empty());
        // Text categories get values never seen, cut to the column's length.
        let mut t = col("country", TypeKind::Varchar);
        t.ty.max_length = Some(4);
        t.stats = Some(ColumnStats { n_distinct: 2.0, ..stats(&[("US", 0.7), ("FR", 0.3)], &[]) });
        let p = plan(&t, Rules { max_chars: Some(4), ..Rules::default() });
        let got = outliers(&p, 20);
        assert_eq!(got.len(), 20);
        assert!(got.iter().all(|v| *v == Value::Text("unse".into())), "{got:?}");
        // Booleans take the rarer value.
        let mut b = col("active", TypeKind::Boolean);
        b.stats = Some(stats(&[("t", 0.9), ("f", 0.1)], &[]));
        assert!(outliers(&plan(&b, Rules::default()), 20).iter().all(|v| *v == Value::Bool(false)));
        // Free text has no outliers.
        assert!(outliers(&plan(&col("note", TypeKind::Text), Rules::default()), 10).is_empty());
    }
}
