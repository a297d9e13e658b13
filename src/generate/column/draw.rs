//! Drawing one column's value for one row: from its source, at a quantile a copula may choose,
//! inside the column's bounds narrowed by the other columns of the row, then rounded to the
//! type, kept off excluded values, and cut, patterned and padded as text must be.

use super::{structured, ColumnPlan, Source};
use crate::check_expr::CmpOp;
use crate::generate::constraints::unit;
use crate::generate::joint::pick;
use crate::generate::misc;
use crate::generate::scalar::{running_totals, Bounds, ScalarDist};
use crate::generate::text::{build_like, like_matches, pad_chars, truncate_chars, TextSource};
use crate::profile::TypeKind;
use crate::rng::Stream;
use crate::semantic::{Persona, TextKind};
use crate::value::Value;

impl ColumnPlan {
    /// Draws this column's value for a row. `row` holds the columns generated so far.
    pub fn value(&self, s: &mut Stream, row: &[Value], persona: &Persona) -> Value {
        self.value_at(None, s, row, persona)
    }

    /// As [`ColumnPlan::value`], with the quantile `u` of the column's distribution chosen by the
    /// caller (a copula) rather than drawn here (numbers, categories and booleans use it).
    pub fn value_at(&self, u: Option<f64>, s: &mut Stream, row: &[Value], persona: &Persona) -> Value {
        let bounds = self.row_bounds(row);
        if bounds.is_empty() {
            // The row's other values leave no room: NULL if allowed, else let the check retry.
            return if self.null_frac > 0.0 { Value::Null } else { self.draw(u, s, self.rules.bounds, row, persona) };
        }
        self.draw(u, s, bounds, row, persona)
    }

    /// The share of the column's distribution below `v` (the uniform that gives it), for
    /// numbers drawn from a distribution or a choice among ordered values.
    pub fn rank(&self, v: &Value) -> Option<f64> {
        let x = v.axis().filter(|x| x.is_finite())?;
        let r = match &self.source {
            Source::Scalar(d) => d.cdf_at(x),
            Source::Choice { values, cum } if self.kind.is_ordered_scalar() => {
                let i = values.iter().position(|w| w.axis() == Some(x))?;
                let total = cum.last().copied().filter(|t| *t > 0.0)?;
                (cum[i] + if i == 0 { 0.0 } else { cum[i - 1] }) / 2.0 / total
            }
            _ => return None,
        };
        Some(r.clamp(1e-9, 1.0 - 1e-9))
    }

    /// The column's bounds narrowed by the other columns of the row. Narrowed bounds that leave
    /// every value the data shows (a period no larger than a proton count of 1) are not
    /// followed: the value stays inside what the data shows, and the row's check draws the row
    /// again.
    pub fn row_bounds(&self, row: &[Value]) -> Bounds {
        let mut bounds = self.rules.bounds;
        for (op, other) in &self.relations {
            if let Some(x) = row.get(*other).and_then(Value::axis) {
                bounds = narrow_by(bounds, *op, x, unit(self.kind, self.scale));
            }
        }
        if let Some(x) = self.after_parent.and_then(|k| row.get(k)).and_then(Value::axis) {
            bounds = narrow_by(bounds, CmpOp::Ge, x, unit(self.kind, self.scale));
        }
        if let Source::Scalar(dist @ ScalarDist::Empirical(_)) = &self.source {
            let data = dist.support();
            if !bounds.is_empty() && bounds.intersect(data).is_empty() && !self.rules.bounds.intersect(data).is_empty()
            {
                return self.rules.bounds;
            }
        }
        bounds
    }

    /// A value chosen elsewhere (a category from a conditional table, a number from conditional
    /// quantiles) made to fit the column: rounded, bounded, padded.
    pub fn fit(&self, v: Value, s: &mut Stream, row: &[Value], persona: &Persona) -> Value {
        if self.kind.is_ordered_scalar() {
            if let Some(x) = v.axis() {
                let bounds = self.row_bounds(row);
                let b = if bounds.is_empty() { self.rules.bounds } else { bounds };
                return self.finish_scalar(x, s, b);
            }
        }
        self.finish(v, s, persona)
    }

    /// A time drawn from conditional quantiles (which know months, not hours) moved inside its
    /// week to the hours and days the sample showed, where the row's bounds allow.
    pub fn in_week(&self, v: Value, row: &[Value]) -> Value {
        let (Some(week), Some(x)) = (&self.weekly, v.axis()) else { return v };
        let y = week.apply(x);
        let support = match &self.source {
            Source::Scalar(d) => d.support(),
            _ => Bounds::ALL,
        };
        if self.rounding_bounds(self.row_bounds(row)).contains(y) && support.contains(y) {
            Value::from_axis(self.kind, y, self.scale)
        } else {
            v
        }
    }

    fn draw(&self, u: Option<f64>, s: &mut Stream, bounds: Bounds, row: &[Value], persona: &Persona) -> Value {
        if let (Some(prev), Source::Scalar(_)) = (self.follows, &self.source) {
            if let Some(x) = row.get(prev).and_then(Value::axis) {
                let per_day = if self.kind == TypeKind::Date { 1.0 } else { crate::datetime::USECS_PER_DAY as f64 };
                let lag_days =
                    ScalarDist::LogNormal { median: 2.0, sigma: 0.8 }.sample(s, Bounds::new(0.0, 60.0), self.key);
                return self.finish_scalar(bounds.clamp(x + lag_days * per_day), s, bounds);
            }
        }
        let v = self.draw_source(&self.source, u, s, bounds, persona);
        self.finish(v, s, persona)
    }

    fn draw_source(&self, source: &Source, u: Option<f64>, s: &mut Stream, bounds: Bounds, persona: &Persona) -> Value {
        match source {
            Source::Skip | Source::ForeignKey { .. } | Source::KeyPart { .. } => Value::Null,
            Source::Choice { values, cum } => {
                let u = u.unwrap_or_else(|| s.unit());
                if bounds == self.rules.bounds || !self.kind.is_ordered_scalar() {
                    values[pick(cum, u)].clone()
                } else {
                    // Bounds from other columns of the row: choose among the values inside them.
                    choice_within(values, cum, bounds, u).unwrap_or_else(|| values[pick(cum, u)].clone())
                }
            }
            Source::Scalar(dist) => {
                let b = self.rounding_bounds(bounds);
                let x = match u {
                    // The value at `u` of the column's own range, when the row's bounds admit
                    // it (a correlated `u` keeps its meaning); else the value at `u` inside them.
                    Some(u) => {
                        let own = dist.inverse(u, self.rounding_bounds(self.rules.bounds), self.key);
                        if b.contains(own) {
                            own
                        } else {
                            dist.inverse(u, b, self.key)
                        }
                    }
                    None => dist.sample(s, b, self.key),
                };
                // Inside its week, to the hours and days the sample showed, where the row's
                // bounds allow.
                let x = match &self.weekly {
                    Some(week) => {
                        Some(week.apply(x)).filter(|y| b.contains(*y) && dist.support().contains(*y)).unwrap_or(x)
                    }
                    None => x,
                };
                self.finish_scalar(x, s, bounds)
            }
            Source::Bool { p_true } => Value::Bool(match u {
                Some(u) => u >= 1.0 - p_true,
                None => s.chance(*p_true),
            }),
            Source::Text(t) => {
                let text = match t {
                    TextSource::Semantic(TextKind::Country) => {
                        let iso2 = persona.country().iso2;
                        if let Some((_, spelled)) = self.spellings.iter().find(|(c, _)| *c == iso2) {
                            return Value::Text(spelled.clone());
                        }
                        t.generate(s, self.key, Some(persona), self.rules.max_chars)
                    }
                    TextSource::Semantic(TextKind::Region)
                        if self.style.is_some_and(|st| st.codes)
                            && !persona.region_code().is_empty()
                            && self.rules.max_chars.is_none_or(|m| persona.region_code().chars().count() <= m) =>
                    {
                        persona.region_code().to_string()
                    }
                    _ => t.generate(s, self.key, Some(persona), self.rules.max_chars),
                };
                match (&self.style, t) {
                    (Some(style), TextSource::Semantic(k)) if styled(*k) => {
                        Value::Text(if whole(*k) { style.case_only().apply(text) } else { style.apply(text) })
                    }
                    _ => Value::Text(text),
                }
            }
            Source::Mixed { mcv, mcv_share, rest } => match u {
                Some(u) if u < *mcv_share => self.draw_source(mcv, Some(u / mcv_share), s, bounds, persona),
                Some(u) => self.draw_source(rest, Some((u - mcv_share) / (1.0 - mcv_share)), s, bounds, persona),
                None if s.chance(*mcv_share) => self.draw_source(mcv, None, s, bounds, persona),
                None => self.draw_source(rest, None, s, bounds, persona),
            },
            Source::Uuid => Value::Uuid(misc::uuid(s)),
            Source::Json => Value::Text(misc::json_object(s, persona)),
            Source::Bytes { mean_len } => {
                let (lo, hi) = self.byte_lengths(*mean_len);
                let len = lo + s.index(hi - lo + 1);
                Value::Bytes(misc::bytes(s, len))
            }
            Source::Tsvector => Value::Text(misc::tsvector(s, persona)),
            Source::Literal(l) => Value::Text(l.draw(s)),
            Source::Range(r) => Value::Text(r.draw(s, persona)),
            Source::Multirange(range) => Value::Text(structured::multirange(range, s, persona)),
            Source::Composite(fields) => Value::Text(structured::composite(fields, s, persona)),
            Source::Array { element, max_len } => {
                let n = misc::array_len(s, *max_len);
                Value::Array((0..n).map(|_| element.draw(None, s, element.rules.bounds, &[], persona)).collect())
            }
        }
    }

    /// The fewest and most bytes of a bytea value: around `mean_len`, inside the length the
    /// constraints allow (a hash column of exactly 20 bytes).
    pub(in crate::generate) fn byte_lengths(&self, mean_len: usize) -> (usize, usize) {
        let lo = self.rules.min_chars;
        let hi = self.rules.max_chars.unwrap_or(mean_len * 2).max(lo);
        (lo, hi)
    }

    /// Rounds a scalar to the type, keeps it inside the bounds and off excluded values.
    pub(in crate::generate) fn finish_scalar(&self, x: f64, s: &mut Stream, bounds: Bounds) -> Value {
        let mut v = Value::from_axis(self.kind, self.round_time(x), self.scale);
        if let Some(a) = v.axis().filter(|a| !bounds.contains(*a) && !bounds.is_empty()) {
            v = Value::from_axis(self.kind, bounds.clamp(a), self.scale);
        }
        if let (Some((d, r)), Value::Int(x)) = (self.rules.remainder, &v) {
            v = Value::Int(with_remainder(*x, d, r, bounds));
        }
        let step = unit(self.kind, self.scale).max(1e-9);
        for _ in 0..8 {
            let Some(a) = v.axis() else { break };
            if !self.rules.excluded.iter().any(|e| (e - a).abs() < step / 2.0) {
                break;
            }
            let shifted = if s.chance(0.5) { a + step } else { a - step };
            v = Value::from_axis(self.kind, bounds.clamp(shifted), self.scale);
        }
        v
    }

    /// Bounds to sample a continuous value in, so that after rounding to the type each value in
    /// `b` is equally likely, the ends included (an integer in [10, 20] is drawn in [9.5, 20.5)).
    pub(super) fn rounding_bounds(&self, b: Bounds) -> Bounds {
        let step = match (self.kind, self.time_precision) {
            (
                TypeKind::Time | TypeKind::TimeTz | TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Interval,
                Some(p),
            ) if p < 6 => 10f64.powi(6 - p as i32),
            _ => unit(self.kind, self.scale),
        };
        match self.kind {
            _ if step <= 0.0 => b,
            // Dates are floored, not rounded.
            TypeKind::Date => Bounds::new(b.lo, b.hi + 1.0 - 1e-9),
            _ => Bounds::new(b.lo - step / 2.0, b.hi + step / 2.0 - step * 1e-9),
        }
    }

    /// Rounds times and timestamps to the column's fractional-second precision (`timestamp(0)`).
    fn round_time(&self, x: f64) -> f64 {
        match (self.kind, self.time_precision) {
            (
                TypeKind::Time | TypeKind::TimeTz | TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Interval,
                Some(p),
            ) if p < 6 => {
                let q = 10f64.powi(6 - p as i32);
                (x / q).round() * q
            }
            _ => x,
        }
    }

    /// Text in the letter case the constraints ask for, matching their regular expressions
    /// (a unique carrier's value, made after the column's own: `carrollk-12` becomes
    /// `carrollk12` where the pattern has no room for `-`).
    pub fn conformed(&self, v: Value, s: &mut Stream) -> Value {
        let v = match (v, self.rules.letter_case) {
            (Value::Text(t), Some(crate::semantic::Case::Lower)) => Value::Text(t.to_lowercase()),
            (Value::Text(t), Some(crate::semantic::Case::Upper)) => Value::Text(t.to_uppercase()),
            (v, _) => v,
        };
        match v {
            Value::Text(mut t) if !self.rules.regex.is_empty() => {
                for re in &self.rules.regex {
                    if let Some(fit) = re.fit(&t).or_else(|| re.draw(s, self.rules.min_chars, self.rules.max_chars)) {
                        t = fit;
                    }
                }
                Value::Text(t)
            }
            v => v,
        }
    }

    /// Applies length limits, LIKE patterns and padding to text.
    fn finish(&self, v: Value, s: &mut Stream, persona: &Persona) -> Value {
        let Value::Text(mut t) = v else { return v };
        if !self.kind.is_text() {
            return Value::Text(t);
        }
        let r = &self.rules;
        match r.letter_case {
            Some(crate::semantic::Case::Lower) => t = t.to_lowercase(),
            Some(crate::semantic::Case::Upper) => t = t.to_uppercase(),
            _ => {}
        }
        if r.trimmed {
            t = t.trim_matches(' ').to_string();
        }
        for (pattern, ci) in &r.like {
            if !like_matches(&t, pattern, *ci) {
                t = build_like(pattern, &t, s);
            }
        }
        for re in &r.regex {
            // The value itself or its letters and digits when they match (a name as a user
            // name), else a value drawn from the pattern.
            let fits = |f: &String| {
                let n = f.chars().count();
                n >= r.min_chars && r.max_chars.is_none_or(|m| n <= m)
            };
            if let Some(fit) = re.fit(&t).filter(fits).or_else(|| re.draw(s, r.min_chars, r.max_chars)) {
                t = fit;
            }
        }
        let have = t.chars().count();
        if have < r.min_chars {
            let filler = TextSource::Words { mean_chars: r.min_chars * 2 }.generate(s, self.key, Some(persona), None);
            t.push(' ');
            t.push_str(&filler.replace(' ', ""));
            if t.chars().count() < r.min_chars {
                t.extend(std::iter::repeat_n('x', r.min_chars - t.chars().count()));
            }
        }
        if let Some(m) = r.max_chars {
            t = truncate_chars(&t, m).to_string();
        }
        if let Some(m) = r.max_octets {
            while t.len() > m {
                t.pop();
            }
        }
        match self.pad_to {
            Some(n) => Value::Text(pad_chars(&t, n)),
            None => Value::Text(t),
        }
    }
}

/// The value at `u` of a weighted choice restricted to the values inside `bounds`.
fn choice_within(values: &[Value], cum: &[f64], bounds: Bounds, u: f64) -> Option<Value> {
    let weight = |i: usize| cum[i] - if i == 0 { 0.0 } else { cum[i - 1] };
    let inside: Vec<usize> =
        (0..values.len()).filter(|i| values[*i].axis().is_some_and(|x| bounds.contains(x))).collect();
    if inside.is_empty() {
        return None;
    }
    let sub = running_totals(&inside.iter().map(|i| weight(*i)).collect::<Vec<_>>());
    Some(values[inside[pick(&sub, u)]].clone())
}

/// Kinds whose case and length follow the column's real values (not emails, codes, URLs…).
fn styled(kind: TextKind) -> bool {
    matches!(
        kind,
        TextKind::FirstName
            | TextKind::LastName
            | TextKind::FullName
            | TextKind::City
            | TextKind::Region
            | TextKind::Country
            | TextKind::Company
            | TextKind::JobTitle
            | TextKind::ProductName
            | TextKind::StreetAddress
            | TextKind::Word
            | TextKind::Sentence
            | TextKind::Paragraph
            | TextKind::Color
    )
}

/// Kinds whose values are names: cutting words would make new, wrong ones ("United Kingdom"
/// is not "United"), so only their case follows the column.
fn whole(kind: TextKind) -> bool {
    matches!(
        kind,
        TextKind::FirstName
            | TextKind::LastName
            | TextKind::FullName
            | TextKind::City
            | TextKind::Region
            | TextKind::Country
            | TextKind::Company
            | TextKind::StreetAddress
    )
}

fn narrow_by(b: Bounds, op: CmpOp, x: f64, step: f64) -> Bounds {
    let below = if step > 0.0 { x - step } else { x.next_down() };
    let above = if step > 0.0 { x + step } else { x.next_up() };
    match op {
        CmpOp::Lt => b.intersect(Bounds::new(f64::NEG_INFINITY, below)),
        CmpOp::Le => b.intersect(Bounds::new(f64::NEG_INFINITY, x)),
        CmpOp::Gt => b.intersect(Bounds::new(above, f64::INFINITY)),
        CmpOp::Ge => b.intersect(Bounds::new(x, f64::INFINITY)),
        CmpOp::Eq => b.intersect(Bounds::new(x, x)),
        CmpOp::Ne => b,
    }
}

/// The integer nearest below `x` (or above, to stay in `bounds`) whose remainder by `d` is `r`,
/// as PostgreSQL's `%` computes it: a non-negative number for `r >= 0`, a negative one for
/// `r < 0`.
fn with_remainder(x: i64, d: i64, r: i64, bounds: Bounds) -> i64 {
    let d = d.abs();
    let q = x.div_euclid(d);
    let q = if r >= 0 { q.max(0) } else { (q + 1).min(0) };
    let mut y = q.saturating_mul(d).saturating_add(r);
    if (y as f64) > bounds.hi && (y - d) % d == r {
        y -= d;
    }
    if (y as f64) < bounds.lo && (y + d) % d == r {
        y += d;
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remainders_follow_postgres_signs_and_stay_in_bounds() {
        let all = Bounds::ALL;
        assert_eq!(with_remainder(1234, 100, 7, all), 1207);
        assert_eq!(with_remainder(-50, 100, 7, all), 7);
        assert_eq!(with_remainder(-1234, 100, -7, all), -1207);
        assert_eq!(with_remainder(1234, -100, 7, all), 1207);
        assert_eq!(with_remainder(1299, 100, 7, Bounds::new(1150.0, 1300.0)), 1207);
        assert_eq!(with_remainder(1210, 100, 7, Bounds::new(1208.0, 1400.0)), 1307);
        for x in [-1000i64, -1, 0, 1, 99, 100, 12345] {
            for (d, r) in [(2, 0), (2, 1), (100, 7), (7, -3)] {
                assert_eq!(with_remainder(x, d, r, all) % d, r, "{x} % {d}");
            }
        }
    }
}
