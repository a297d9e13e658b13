//! Values built from other values: ranges (a lower bound drawn as the subtype's own column would
//! be, then a length), multiranges (ranges apart and in order) and composite types (field by
//! field, each planned as a column of its type, domains and lengths included). Like arrays,
//! they are written as literals for their input functions.

use super::{ColumnPlan, RangeSource, Source, TableRef};
use crate::error::{Code, Result, SynthError};
use crate::generate::constraints::{unit, Constraints};
use crate::generate::scalar::{Bounds, Empirical, ScalarDist};
use crate::profile::{ColumnProfile, ColumnStats, RangeStats, TableProfile, TypeInfo, TypeKind};
use crate::rng::{Key, Stream};
use crate::semantic::Persona;
use crate::value::Value;

/// The plan of a part of a value (an array's element, a composite's field, a range's bound),
/// named `name`, with the rules of its type: its domain's checks and its length.
pub fn part(t: &TableRef, name: &str, ty: &TypeInfo, key: Key) -> Result<ColumnPlan> {
    let col = ColumnProfile {
        name: name.to_string(),
        ty: ty.clone(),
        not_null: true,
        default: None,
        identity: None,
        generated: None,
        left_to_default: false,
        stats: None,
        categories: None,
        sensitive: None,
        content: None,
        weekly: None,
    };
    let one = TableProfile::of_one_column(col);
    let rules = Constraints::collect(&one).rules.into_iter().next().unwrap_or_default();
    let plan = ColumnPlan::build(t, &one.columns[0], rules, key)?;
    Ok(ColumnPlan { null_frac: 0.0, ..plan })
}

/// The source of a range, multirange or composite column named `name` (`stats`: the column's, a
/// range's ANALYZE figures among them).
pub fn source(t: &TableRef, name: &str, ty: &TypeInfo, stats: Option<&ColumnStats>, key: Key) -> Result<Source> {
    let missing = |what: &str| {
        SynthError::new(Code::Internal, format!("column \"{name}\" of {}: type {} without {what}", t.label, ty.name))
    };
    Ok(match ty.kind {
        TypeKind::Range => {
            Source::Range(Box::new(range_source(t, name, ty, stats.and_then(|s| s.range.as_ref()), key)?))
        }
        TypeKind::Multirange => {
            let range = ty.element.as_deref().ok_or_else(|| missing("its range type"))?;
            let plan = part(t, name, range, key.derive("range"))?;
            Source::Multirange(Box::new(plan))
        }
        TypeKind::Composite => {
            let fields = ty.fields.as_ref().ok_or_else(|| missing("its fields"))?;
            let plans = fields
                .iter()
                .map(|f| part(t, &f.name, &f.ty, key.derive("field").derive(&f.name)))
                .collect::<Result<Vec<_>>>()?;
            Source::Composite(plans)
        }
        _ => return Err(missing("a structure")),
    })
}

fn range_source(t: &TableRef, name: &str, ty: &TypeInfo, stats: Option<&RangeStats>, key: Key) -> Result<RangeSource> {
    let sub = ty.element.as_deref().ok_or_else(|| {
        SynthError::new(Code::Internal, format!("range column \"{name}\" of {} without a subtype", t.label))
    })?;
    if !sub.kind.is_ordered_scalar() {
        return Err(SynthError::new(
            Code::FeatureNotSupported,
            format!(
                "cannot generate values for column \"{name}\" of {}: ranges of {} are not supported",
                t.label, sub.name
            ),
        )
        .hint("synthdata generates ranges of numbers, dates, times and timestamps."));
    }
    let bound = part(t, name, sub, key.derive("bound"))?;
    let day = crate::datetime::USECS_PER_DAY as f64;
    // Lengths as such ranges usually have: a few units, a week of dates, hours of timestamps.
    let length = match sub.kind {
        TypeKind::Date => ScalarDist::LogNormal { median: 7.0, sigma: 1.0 },
        TypeKind::Timestamp | TypeKind::Timestamptz => ScalarDist::LogNormal { median: day / 12.0, sigma: 1.2 },
        TypeKind::Time | TypeKind::TimeTz | TypeKind::Interval => {
            ScalarDist::LogNormal { median: day / 24.0, sigma: 1.0 }
        }
        _ => ScalarDist::LogNormal { median: 10.0, sigma: 1.0 },
    };
    let discrete = sub.kind.is_integer() || sub.kind == TypeKind::Date;
    let mut r = RangeSource { bound, length, discrete, empty: 0.0, lower_inf: 0.0, upper_inf: 0.0 };
    if let Some(st) = stats {
        follow_statistics(&mut r, sub.kind, st);
    }
    Ok(r)
}

/// Lower bounds from the histogram of lower bounds, lengths from the histogram of lengths, and
/// empty and unbounded ranges in their shares, where ANALYZE gathered them.
fn follow_statistics(r: &mut RangeSource, kind: TypeKind, st: &RangeStats) {
    let axis = |t: &String| Value::parse_canonical(kind, t).and_then(|v| v.axis()).filter(|x| x.is_finite());
    let share = |bounds: &[Option<String>]| {
        if bounds.is_empty() {
            0.0
        } else {
            bounds.iter().filter(|b| b.is_none()).count() as f64 / bounds.len() as f64
        }
    };
    r.empty = st.empty_frac.clamp(0.0, 1.0);
    r.lower_inf = share(&st.lower_bounds);
    r.upper_inf = share(&st.upper_bounds);
    let mut lowers: Vec<f64> = st.lower_bounds.iter().flatten().filter_map(axis).collect();
    lowers.sort_by(f64::total_cmp);
    if lowers.len() >= 2 {
        r.bound.source = Source::Scalar(ScalarDist::Empirical(Empirical::new(vec![], vec![], lowers, 1.0, None)));
    }
    // subtype_diff measures timestamps in seconds; the axis in microseconds.
    let per_unit = match kind {
        TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Time | TypeKind::TimeTz | TypeKind::Interval => 1e6,
        _ => 1.0,
    };
    let mut lengths: Vec<f64> = st.lengths.iter().map(|l| l * per_unit).filter(|l| *l > 0.0).collect();
    lengths.sort_by(f64::total_cmp);
    if lengths.len() >= 2 {
        r.length = ScalarDist::Empirical(Empirical::new(vec![], vec![], lengths, 1.0, None));
    }
}

impl RangeSource {
    pub fn step(&self) -> f64 {
        match unit(self.bound.kind, self.bound.scale) {
            u if u > 0.0 => u,
            _ => 1e-6,
        }
    }

    /// Lower and upper bound on the axis, from a lower bound at `lo` and a drawn length.
    fn bounds_from(&self, lo: f64, s: &mut Stream, max_len: Option<f64>) -> (Value, Value) {
        let step = self.step();
        let cap = max_len.unwrap_or(f64::INFINITY).max(step);
        let len = self.length.sample(s, Bounds::new(step, cap), self.bound.key).max(step);
        let lower = Value::from_axis(self.bound.kind, lo, self.bound.scale);
        let lo_axis = lower.axis().unwrap_or(lo);
        let mut upper = Value::from_axis(self.bound.kind, lo_axis + len, self.bound.scale);
        if upper.axis().is_none_or(|u| u <= lo_axis) {
            upper = Value::from_axis(self.bound.kind, lo_axis + step, self.bound.scale);
        }
        (lower, upper)
    }

    fn text(&self, lower: &Value, upper: &Value) -> String {
        let k = self.bound.kind;
        format!("[{},{})", quoted(&lower.to_text(k)), quoted(&upper.to_text(k)))
    }

    /// A typical range: a lower bound drawn as a column of the subtype named like this one would
    /// be, and a length; empty or unbounded in the shares the statistics show.
    pub fn draw(&self, s: &mut Stream, persona: &Persona) -> String {
        if self.empty > 0.0 && s.chance(self.empty) {
            return "empty".into();
        }
        let lower = self.bound.value(s, &[], persona);
        let lo = lower.axis().unwrap_or(0.0);
        let (lower, upper) = self.bounds_from(lo, s, None);
        let k = self.bound.kind;
        let open_lo = self.lower_inf > 0.0 && s.chance(self.lower_inf);
        let open_hi = self.upper_inf > 0.0 && s.chance(self.upper_inf);
        match (open_lo, open_hi) {
            (false, false) => self.text(&lower, &upper),
            (true, false) => format!("(,{})", quoted(&upper.to_text(k))),
            (false, true) => format!("[{},)", quoted(&lower.to_text(k))),
            (true, true) => "(,)".into(),
        }
    }

    /// The `n`-th of distinct ranges: lower bounds `spacing` apart from `origin` (at the earliest
    /// the start of the subtype's typical values), lengths of at most `max_len` (`None`: any). With `spacing` at
    /// least [`RangeSource::slot_width`] and `max_len` below it, ranges of distinct `n` neither
    /// overlap nor touch, as an exclusion constraint on `&&` needs.
    pub fn nth(&self, n: u64, origin: Option<f64>, spacing: f64, max_len: Option<f64>, s: &mut Stream) -> String {
        let start = self.bound.rules.bounds.intersect(self.typical()).lo;
        let start = if start.is_finite() { start } else { 0.0 };
        let origin = origin.map_or(start, |o| o.max(start));
        let step = self.step();
        // The range sits anywhere in its slot: its lower bound moves by whole steps while it still
        // ends inside (or, for distinct ranges, while the lower bound stays in the slot).
        let len = self.length.sample(s, Bounds::new(step, max_len.unwrap_or(f64::INFINITY).max(step)), self.bound.key);
        let room = if max_len.is_some() { spacing - len.max(step) - step } else { spacing - step };
        let shift = ((s.unit() * room.max(0.0)) / step).floor() * step;
        let lo = origin + n as f64 * spacing + shift;
        let (lower, upper) = self.bounds_from(lo, s, Some(len.max(step)));
        self.text(&lower, &upper)
    }

    /// Spacing of lower bounds for `count` distinct ranges spread over the subtype's typical
    /// values (whole steps, at least one).
    pub fn spread_spacing(&self, count: u64) -> f64 {
        let step = self.step();
        let t = self.bound.rules.bounds.intersect(self.typical());
        let span = if t.is_finite() { t.hi - t.lo } else { step * count as f64 };
        ((span / count.max(1) as f64 / step).floor().max(1.0)) * step
    }

    fn typical(&self) -> Bounds {
        match &self.bound.source {
            Source::Scalar(d) => d.support(),
            _ => Bounds::ALL,
        }
    }

    /// The width of a slot of ranges kept apart: the 90th percentile of the length, plus a step
    /// between neighbours, rounded up to whole steps.
    pub fn slot_width(&self) -> f64 {
        let step = self.step();
        let p90 = self.length.inverse(0.9, Bounds::new(step, f64::INFINITY), self.bound.key);
        ((p90 / step).ceil() + 1.0) * step
    }
}

/// One to three ranges of `plan` (a range column's plan), in order, apart.
pub fn multirange(plan: &ColumnPlan, s: &mut Stream, persona: &Persona) -> String {
    let Source::Range(r) = &plan.source else { return "{}".into() };
    let n = 1 + s.index(3);
    let first = r.bound.value(s, &[], persona).axis().unwrap_or(0.0);
    let step = r.step();
    let mut lo = first;
    let mut parts = Vec::with_capacity(n);
    for _ in 0..n {
        let (lower, upper) = r.bounds_from(lo, s, None);
        parts.push(r.text(&lower, &upper));
        // The next starts after a gap as long as a range: apart, never adjacent.
        let gap = r.length.sample(s, Bounds::new(step, f64::INFINITY), r.bound.key).max(step);
        lo = upper.axis().unwrap_or(lo) + gap + step;
    }
    format!("{{{}}}", parts.join(","))
}

/// A composite value: each field drawn by its plan, written as `record_in` reads it.
pub fn composite(fields: &[ColumnPlan], s: &mut Stream, persona: &Persona) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|f| {
            let v = f.value(s, &[], persona);
            text_of(f, &v).map_or(String::new(), |t| quoted(&t))
        })
        .collect();
    format!("({})", parts.join(","))
}

/// The literal of `v` for a part planned by `plan` (`None` for NULL): arrays print their
/// elements as the element's kind.
pub fn text_of(plan: &ColumnPlan, v: &Value) -> Option<String> {
    if v.is_null() {
        return None;
    }
    Some(match (&plan.source, v) {
        (Source::Array { element, .. }, Value::Array(_)) => v.to_text(element.kind),
        _ => v.to_text(plan.kind),
    })
}

/// A bound or field as range, multirange and record literals take it, and as PostgreSQL prints it
/// (`range_out`, `record_out`): in double quotes when empty or holding a space, a quote, a
/// backslash, a parenthesis, a bracket or a comma, so that keys compare as printed.
fn quoted(t: &str) -> String {
    let plain = !t.is_empty() && !t.chars().any(|c| c.is_whitespace() || "\"\\()[],{}".contains(c));
    if plain {
        return t.to_string();
    }
    format!("\"{}\"", t.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::fixtures::col;

    fn range_of(sub: TypeKind, name: &str) -> RangeSource {
        let t = TableRef { name: "bookings", label: "public.bookings", rows: -1.0 };
        let mut ty = col("r", TypeKind::Range, true).ty;
        ty.element = Some(Box::new(col("x", sub, true).ty));
        match source(&t, name, &ty, None, Key(7)).unwrap() {
            Source::Range(r) => *r,
            s => panic!("{s:?}"),
        }
    }

    /// Lower and upper bound of a range literal `["a","b")` on the axis of `kind`.
    fn ends(kind: TypeKind, text: &str) -> (f64, f64) {
        let inner = text.trim_start_matches('[').trim_end_matches(')');
        let (a, b) = inner.split_once(',').unwrap();
        let axis = |v: &str| Value::parse_canonical(kind, v.trim_matches('"')).and_then(|v| v.axis()).unwrap();
        (axis(a), axis(b))
    }

    #[test]
    fn ranges_are_ordered_for_every_subtype() {
        for kind in [
            TypeKind::Integer,
            TypeKind::Bigint,
            TypeKind::Numeric,
            TypeKind::Double,
            TypeKind::Date,
            TypeKind::Timestamptz,
        ] {
            let r = range_of(kind, "during");
            let p = Persona::new(&mut Key(1).stream(0), crate::semantic::Locale::En);
            for row in 0..200 {
                let (lo, hi) = ends(kind, &r.draw(&mut Key(2).stream(row), &p));
                assert!(lo < hi, "{kind:?}: {lo} {hi}");
            }
        }
    }

    #[test]
    fn ranges_kept_apart_never_overlap_and_distinct_ones_never_repeat() {
        for kind in [TypeKind::Integer, TypeKind::Date, TypeKind::Timestamptz] {
            let r = range_of(kind, "during");
            let width = r.slot_width();
            let apart: Vec<(f64, f64)> = (0..500)
                .map(|n| ends(kind, &r.nth(n, None, width, Some(width - r.step()), &mut Key(3).stream(n))))
                .collect();
            for (i, a) in apart.iter().enumerate() {
                assert!(a.0 < a.1, "{kind:?} {a:?}");
                if let Some(b) = apart.get(i + 1) {
                    // In slot order, each ends before the next begins ([) ranges may touch).
                    assert!(a.1 <= b.0, "{kind:?}: {a:?} overlaps {b:?}");
                }
            }
            let spacing = r.spread_spacing(500);
            let distinct: std::collections::HashSet<String> =
                (0..500).map(|n| r.nth(n, None, spacing, None, &mut Key(4).stream(n))).collect();
            assert_eq!(distinct.len(), 500, "{kind:?}");
        }
    }

    #[test]
    fn ranges_follow_analyze_s_statistics_of_ranges() {
        let t = TableRef { name: "stays", label: "public.stays", rows: 1000.0 };
        let mut ty = col("during", TypeKind::Range, true).ty;
        ty.element = Some(Box::new(col("x", TypeKind::Date, true).ty));
        let days = |d: u32| Some(format!("2024-01-{d:02}"));
        let st = ColumnStats {
            null_frac: 0.0,
            n_distinct: -1.0,
            avg_width: 8,
            correlation: None,
            most_common_vals: vec![],
            most_common_freqs: vec![],
            histogram_bounds: vec![],
            range: Some(RangeStats {
                empty_frac: 0.2,
                lower_bounds: (1..=10).map(days).collect(),
                // One upper bound in ten unbounded.
                upper_bounds: (11..=19).map(days).chain([None]).collect(),
                lengths: vec![1.0, 1.0, 2.0, 2.0, 3.0],
            }),
        };
        let Source::Range(r) = source(&t, "during", &ty, Some(&st), Key(3)).unwrap() else { panic!() };
        let p = Persona::new(&mut Key(1).stream(0), crate::semantic::Locale::En);
        let drawn: Vec<String> = (0..4000).map(|row| r.draw(&mut Key(2).stream(row), &p)).collect();
        let share = |f: &dyn Fn(&String) -> bool| drawn.iter().filter(|v| f(v)).count() as f64 / 4000.0;
        assert!((share(&|v| v == "empty") - 0.2).abs() < 0.03, "{}", share(&|v| v == "empty"));
        assert!((share(&|v| v.ends_with(",)")) - 0.08).abs() < 0.03, "{}", share(&|v| v.ends_with(",)")));
        for v in drawn.iter().filter(|v| v.starts_with('[') && v.ends_with(')') && !v.ends_with(",)")) {
            let (lo, hi) = ends(TypeKind::Date, v);
            let first = Value::parse_canonical(TypeKind::Date, "2024-01-01").and_then(|v| v.axis()).unwrap();
            assert!((first..=first + 10.0).contains(&lo), "{v}");
            assert!(hi - lo <= 3.0 && hi > lo, "{v}");
        }
    }

    #[test]
    fn composites_quote_their_fields() {
        let t = TableRef { name: "people", label: "public.people", rows: -1.0 };
        let mut ty = col("p", TypeKind::Composite, true).ty;
        ty.fields = Some(vec![
            crate::profile::FieldInfo { name: "label".into(), ty: col("label", TypeKind::Text, true).ty },
            crate::profile::FieldInfo { name: "n".into(), ty: col("n", TypeKind::Integer, true).ty },
        ]);
        let Source::Composite(fields) = source(&t, "p", &ty, None, Key(1)).unwrap() else { panic!() };
        let p = Persona::new(&mut Key(1).stream(0), crate::semantic::Locale::En);
        let v = composite(&fields, &mut Key(5).stream(0), &p);
        assert!(v.starts_with('(') && v.ends_with(')'), "{v}");
        // The number field prints bare; the label is quoted when it holds a space.
        let n = v.trim_end_matches(')').rsplit(',').next().unwrap();
        assert!(n.parse::<i64>().is_ok(), "{v}");
        assert_eq!(quoted(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quoted("2024-01-01"), "2024-01-01");
        assert_eq!(quoted(""), r#""""#);
    }
}
