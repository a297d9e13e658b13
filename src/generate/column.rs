//! One column's generator: where its values come from and what they must obey.
//!
//! [`ColumnPlan::build`] reads the column's profile (type, statistics, name) and the rules its
//! constraints impose, and chooses a [`Source`]: PostgreSQL's statistics when there are some,
//! otherwise what the type and the name suggest. [`ColumnPlan::value`] then draws one value for
//! one row, inside the column's bounds and the bounds other columns of the row impose.

use super::constraints::{unit, Rules};
use super::content::{text_content, TextContent};
use super::hints;
use super::joint::pick;
use super::misc;
use super::pattern::Pattern;
use super::scalar::{running_totals, Bounds, Empirical, ScalarDist};
use super::text::{build_like, like_matches, pad_chars, truncate_chars, TextSource, TextStyle};
use crate::check_expr::CmpOp;
use crate::error::{Code, Result, SynthError};
use crate::privacy::exclusion::Exclusion;
use crate::profile::{ColumnProfile, ColumnStats, TypeInfo, TypeKind};
use crate::rng::{Key, Stream};
use crate::semantic::{Persona, TextKind};
use crate::value::Value;

/// Share of NULLs in a nullable column that has no statistics.
pub const DEFAULT_NULL_FRAC: f64 = 0.1;

#[derive(Clone, Debug)]
pub enum Source {
    /// PostgreSQL supplies the value (identity, serial, DEFAULT, generated column).
    Skip,
    /// A weighted choice among values (enum labels, IN lists, categorical statistics).
    Choice {
        values: Vec<Value>,
        cum: Vec<f64>,
    },
    /// Values on a number line.
    Scalar(ScalarDist),
    Bool {
        p_true: f64,
    },
    Text(TextSource),
    /// Most common values with their share, then another source for the rest.
    Mixed {
        mcv: Box<Source>,
        mcv_share: f64,
        rest: Box<Source>,
    },
    Uuid,
    Json,
    Bytes {
        mean_len: usize,
    },
    Tsvector,
    Array {
        element: Box<ColumnPlan>,
        max_len: usize,
    },
    /// Part `part` of the parent key chosen for foreign key `fk`.
    ForeignKey {
        fk: usize,
        part: usize,
    },
    /// Position `position` of composite unique key `unique`.
    KeyPart {
        unique: usize,
        position: usize,
    },
}

/// The table a column belongs to: its name (for name hints), qualified name (for messages) and
/// row count (to read a negative `n_distinct`).
#[derive(Clone, Copy, Debug)]
pub struct TableRef<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub rows: f64,
}

#[derive(Clone, Debug)]
pub struct ColumnPlan {
    pub name: String,
    pub kind: TypeKind,
    pub null_frac: f64,
    pub source: Source,
    pub rules: Rules,
    pub scale: u32,
    /// `char(n)`: values are padded to exactly n characters.
    pub pad_to: Option<usize>,
    /// The look of the real values, applied to generated (non-MCV) text.
    pub style: Option<TextStyle>,
    /// The pattern of a code column's values (`INV-dddd-dddddd`), which generated values keep.
    pub pattern: Option<Pattern>,
    /// Fractional-second digits of `time(p)`, `timestamp(p)`, `interval(p)`.
    pub time_precision: Option<u32>,
    /// Bounds from other columns of the row: `self op other`.
    pub relations: Vec<(CmpOp, usize)>,
    /// Without statistics, follow this earlier column by a realistic lag (shipped after placed).
    pub follows: Option<usize>,
    /// The single-column unique carrier that decides this column's final value.
    pub unique: Option<usize>,
    /// Whether this column is regenerated on each attempt (it takes part in a check).
    pub retried: bool,
    /// Something the user should hear about this column (a NOTICE).
    pub note: Option<String>,
    /// A sensitive column's filter of its real values, which generated values must avoid.
    pub avoid: Option<std::sync::Arc<Exclusion>>,
    /// A country column's own spelling of the countries its common values name ("USA"), which
    /// the row's persona uses too (rather than "United States" beside "USA").
    pub spellings: Vec<(&'static str, String)>,
    pub key: Key,
}

impl ColumnPlan {
    pub fn skip(name: &str, kind: TypeKind, key: Key) -> ColumnPlan {
        ColumnPlan {
            name: name.to_string(),
            kind,
            null_frac: 0.0,
            source: Source::Skip,
            rules: Rules::default(),
            scale: 0,
            pad_to: None,
            style: None,
            pattern: None,
            time_precision: None,
            relations: vec![],
            follows: None,
            unique: None,
            retried: false,
            note: None,
            avoid: None,
            spellings: vec![],
            key,
        }
    }

    pub fn is_generated(&self) -> bool {
        !matches!(self.source, Source::Skip)
    }

    /// Plans a column of table `t` from its profile and rules.
    pub fn build(t: &TableRef, col: &ColumnProfile, rules: Rules, key: Key) -> Result<ColumnPlan> {
        let label = t.label;
        let ty = &col.ty;
        let stats = col.stats.as_ref();
        let scale = numeric_scale(ty, stats);
        let not_null = rules.not_null;
        let null_frac = if not_null {
            0.0
        } else if rules.always_null {
            1.0
        } else {
            stats.map_or(DEFAULT_NULL_FRAC, |s| s.null_frac.clamp(0.0, 1.0))
        };
        let no_value = rules.bounds.is_empty() || allowed_values(col, &rules).is_some_and(|a| a.is_empty());
        let mut note = None;
        if no_value && not_null {
            return Err(impossible(label, col, "no value satisfies all of its CHECK constraints"));
        }
        if rules.always_null && not_null {
            return Err(impossible(label, col, "it must be NULL and NOT NULL at once"));
        }
        if no_value {
            note = Some(format!(
                "column \"{}\" of {label} is left NULL: no value satisfies all of its CHECK constraints",
                col.name
            ));
        }
        let categories = if rules.always_null || no_value { None } else { category_choice(col, &rules) };
        let null_frac = match (&categories, &col.categories) {
            (Some(_), Some(c)) if !not_null && !rules.always_null => c.null_share.clamp(0.0, 1.0),
            _ => null_frac,
        };
        let content = if ty.kind.is_text() { text_content(t, col, &rules) } else { TextContent::default() };
        let source = if rules.always_null || no_value {
            Source::Choice { values: vec![Value::Null], cum: vec![1.0] }
        } else if let Some(choice) = categories {
            choice
        } else if let Some(allowed) = allowed_values(col, &rules) {
            choice_weighted_by_stats(ty.kind, allowed, stats)
        } else {
            source_for(t, &col.name, ty, &rules, stats, &content)?
        };
        let null_frac = if no_value { 1.0 } else { null_frac };
        let pad_to = (ty.kind == TypeKind::Char).then(|| ty.max_length.unwrap_or(1) as usize);
        let mut plan = ColumnPlan {
            name: col.name.clone(),
            kind: ty.kind,
            null_frac,
            source,
            rules,
            scale,
            pad_to,
            style: stats
                .filter(|_| ty.kind.is_text())
                .and_then(|st| TextStyle::learn(st.most_common_vals.iter().chain(&st.histogram_bounds)))
                .or_else(|| col.content.as_ref().and_then(|c| c.style)),
            pattern: content.pattern,
            time_precision: time_precision(ty, stats),
            relations: vec![],
            follows: None,
            unique: None,
            retried: false,
            note,
            avoid: col.content.as_ref().and_then(|c| c.avoid.clone()).map(std::sync::Arc::new),
            spellings: match (content.kind, stats) {
                (Some(TextKind::Country), Some(st)) => country_spellings(&st.most_common_vals),
                _ => vec![],
            },
            key,
        };
        // A uniform range of a rounded type includes its ends as fully as the values between.
        if let Source::Scalar(ScalarDist::Uniform { lo, hi }) = plan.source {
            let b = plan.rounding_bounds(Bounds::new(lo, hi));
            plan.source = Source::Scalar(ScalarDist::Uniform { lo: b.lo, hi: b.hi });
        }
        Ok(plan)
    }

    pub fn has_stats_source(&self) -> bool {
        matches!(&self.source, Source::Scalar(ScalarDist::Empirical(_)))
    }

    /// The kind of text this column writes from the row's persona, if any.
    pub fn persona_kind(&self) -> Option<TextKind> {
        match &self.source {
            Source::Text(TextSource::Semantic(k)) => Some(*k),
            Source::Mixed { rest, .. } => match rest.as_ref() {
                Source::Text(TextSource::Semantic(k)) => Some(*k),
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether `v` is one of the values this column must avoid (see `privacy::exclusion`).
    pub fn avoids(&self, v: &Value) -> bool {
        match (&self.avoid, v) {
            (Some(e), Value::Text(t)) => e.contains(t),
            _ => false,
        }
    }

    pub fn needs_persona(&self) -> bool {
        match &self.source {
            Source::Text(t) => t.needs_persona(),
            Source::Mixed { rest, .. } => {
                matches!(rest.as_ref(), Source::Text(t) if t.needs_persona())
            }
            Source::Json | Source::Tsvector => true,
            _ => false,
        }
    }

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

    /// The column's bounds narrowed by the other columns of the row.
    pub fn row_bounds(&self, row: &[Value]) -> Bounds {
        let mut bounds = self.rules.bounds;
        for (op, other) in &self.relations {
            if let Some(x) = row.get(*other).and_then(Value::axis) {
                bounds = narrow_by(bounds, *op, x, unit(self.kind, self.scale));
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
                        Value::Text(if whole(*k) { style.case_only().apply(&text) } else { style.apply(&text) })
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
                let len = s.index(mean_len * 2 + 1);
                Value::Bytes(misc::bytes(s, len))
            }
            Source::Tsvector => Value::Text(misc::tsvector(s, persona)),
            Source::Array { element, max_len } => {
                let n = misc::array_len(s, *max_len);
                Value::Array((0..n).map(|_| element.draw(None, s, element.rules.bounds, &[], persona)).collect())
            }
        }
    }

    /// Rounds a scalar to the type, keeps it inside the bounds and off excluded values.
    pub(super) fn finish_scalar(&self, x: f64, s: &mut Stream, bounds: Bounds) -> Value {
        let mut v = Value::from_axis(self.kind, self.round_time(x), self.scale);
        if let Some(a) = v.axis().filter(|a| !bounds.contains(*a) && !bounds.is_empty()) {
            v = Value::from_axis(self.kind, bounds.clamp(a), self.scale);
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
    fn rounding_bounds(&self, b: Bounds) -> Bounds {
        let step = match (self.kind, self.time_precision) {
            (TypeKind::Time | TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Interval, Some(p)) if p < 6 => {
                10f64.powi(6 - p as i32)
            }
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
            (TypeKind::Time | TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Interval, Some(p)) if p < 6 => {
                let q = 10f64.powi(6 - p as i32);
                (x / q).round() * q
            }
            _ => x,
        }
    }

    /// Applies length limits, LIKE patterns and padding to text.
    fn finish(&self, v: Value, s: &mut Stream, persona: &Persona) -> Value {
        let Value::Text(mut t) = v else { return v };
        if !self.kind.is_text() {
            return Value::Text(t);
        }
        let r = &self.rules;
        for (pattern, ci) in &r.like {
            if !like_matches(&t, pattern, *ci) {
                t = build_like(pattern, &t, s);
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

/// The countries that values of a country column name, each with the first spelling seen.
fn country_spellings(values: &[String]) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for v in values {
        if let Some(c) = crate::semantic::country_named(v) {
            if !out.iter().any(|(iso2, _)| *iso2 == c.iso2) {
                out.push((c.iso2, v.clone()));
            }
        }
    }
    out
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

fn impossible(label: &str, col: &ColumnProfile, why: &str) -> SynthError {
    SynthError::new(
        Code::CheckViolation,
        format!("cannot generate values for column \"{}\" of {label}: {why}", col.name),
    )
    .hint("Check the column's CHECK constraints and its domain; they may contradict each other.")
}

/// Fractional-second digits: the typmod's, else none when every value in the statistics is a
/// whole second (real timestamps are often stored that way).
fn time_precision(ty: &TypeInfo, stats: Option<&ColumnStats>) -> Option<u32> {
    if !matches!(ty.kind, TypeKind::Time | TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Interval) {
        return None;
    }
    ty.precision.or_else(|| {
        let st = stats?;
        let mut values = st.most_common_vals.iter().chain(&st.histogram_bounds).peekable();
        values.peek()?;
        let whole = |v: &String| {
            !v.split([' ', 'T']).nth(if ty.kind == TypeKind::Time { 0 } else { 1 }).unwrap_or("").contains('.')
        };
        values.all(whole).then_some(0)
    })
}

/// The numeric scale: the typmod's, else the largest scale seen in the statistics (default 2).
fn numeric_scale(ty: &TypeInfo, stats: Option<&ColumnStats>) -> u32 {
    if ty.kind != TypeKind::Numeric {
        return 0;
    }
    if let Some(s) = ty.scale {
        return s;
    }
    stats
        .map(|st| {
            st.most_common_vals
                .iter()
                .chain(&st.histogram_bounds)
                .map(|v| v.split_once('.').map_or(0, |(_, f)| f.len() as u32))
                .max()
                .unwrap_or(2)
        })
        .unwrap_or(2)
        .min(10)
}

/// The allowed values after every rule, when an IN list or `=` restricts the column.
pub(super) fn allowed_values(col: &ColumnProfile, rules: &Rules) -> Option<Vec<Value>> {
    let allowed = match (&rules.allowed, col.ty.kind) {
        (Some(a), _) => a.clone(),
        (None, TypeKind::Enum) => col.ty.enum_labels.as_ref()?.iter().map(|l| Value::Text(l.clone())).collect(),
        _ => return None,
    };
    Some(
        allowed
            .into_iter()
            .filter(|v| !rules.forbidden.contains(v))
            .filter(|v| v.axis().is_none_or(|x| rules.bounds.contains(x) && !rules.excluded.contains(&x)))
            .filter(|v| match v {
                Value::Text(t) if col.ty.kind.is_text() => {
                    let n = t.chars().count();
                    n >= rules.min_chars && rules.max_chars.is_none_or(|m| n <= m)
                }
                _ => true,
            })
            .collect(),
    )
}

/// The sample's categories that every rule admits, in order of value for ordered types (so that
/// a uniform's rank is the value's rank), as a weighted choice.
fn category_choice(col: &ColumnProfile, rules: &Rules) -> Option<Source> {
    let cats = col.categories.as_ref()?;
    let kind = col.ty.kind;
    let allowed = allowed_values(col, rules);
    let mut values: Vec<(Value, f64)> = cats
        .values
        .iter()
        .filter_map(|(t, share)| Some((Value::parse_canonical(kind, t)?, *share)))
        .filter(|(v, _)| allowed.as_ref().is_none_or(|a| a.contains(v)))
        .filter(|(v, _)| !rules.forbidden.contains(v))
        .filter(|(v, _)| v.axis().is_none_or(|x| rules.bounds.contains(x) && !rules.excluded.contains(&x)))
        .filter(|(v, _)| match v {
            Value::Text(t) if kind.is_text() => {
                let n = t.chars().count();
                n >= rules.min_chars && rules.max_chars.is_none_or(|m| n <= m)
            }
            _ => true,
        })
        .collect();
    if values.is_empty() {
        return None;
    }
    if kind.is_ordered_scalar() {
        values.sort_by(|a, b| a.0.axis().unwrap_or(0.0).total_cmp(&b.0.axis().unwrap_or(0.0)));
    }
    let cum = running_totals(&values.iter().map(|v| v.1).collect::<Vec<_>>());
    Some(Source::Choice { values: values.into_iter().map(|v| v.0).collect(), cum })
}

/// A choice among `allowed`, weighted by the statistics' frequencies where they know the value.
fn choice_weighted_by_stats(kind: TypeKind, allowed: Vec<Value>, stats: Option<&ColumnStats>) -> Source {
    let mut weights = vec![0.0; allowed.len()];
    let mut known = 0.0;
    if let Some(st) = stats {
        let rest_share = rest_share(st);
        let hist_each =
            if st.histogram_bounds.is_empty() { 0.0 } else { rest_share / st.histogram_bounds.len() as f64 };
        let pairs = st
            .most_common_vals
            .iter()
            .zip(st.most_common_freqs.iter().copied())
            .chain(st.histogram_bounds.iter().map(|h| (h, hist_each)));
        for (text, f) in pairs {
            if let Some(v) = Value::parse_canonical(kind, text) {
                if let Some(i) = allowed.iter().position(|a| *a == v) {
                    weights[i] += f;
                    known += f;
                }
            }
        }
    }
    if known <= 0.0 {
        weights = vec![1.0; allowed.len()];
    } else {
        // Values the statistics never saw still appear, rarely.
        let floor = known * 0.001;
        for w in &mut weights {
            *w = w.max(floor);
        }
    }
    Source::Choice { cum: running_totals(&weights), values: allowed }
}

/// Share of rows that are neither NULL nor a most-common value.
fn rest_share(st: &ColumnStats) -> f64 {
    (1.0 - st.null_frac - st.most_common_freqs.iter().sum::<f64>()).max(0.0)
}

/// True when the column is categorical and every distinct value appears in the MCV list or the
/// histogram (`rows`: the table's row count, for a negative `n_distinct`).
fn stats_cover_all_values(st: &ColumnStats, rows: f64) -> bool {
    let listed = (st.most_common_vals.len() + st.histogram_bounds.len()) as f64;
    // pg_stats keeps n_distinct in a float4: round before comparing. A column whose values are
    // mostly distinct is not a list of categories, even when a small table lists them all.
    let distinct = (if st.n_distinct >= 0.0 { st.n_distinct } else { -st.n_distinct * rows }).round();
    let mostly_distinct = st.n_distinct < -0.5 || (rows > 0.0 && distinct > 0.5 * rows);
    distinct > 0.0 && distinct <= listed && !mostly_distinct
}

fn source_for(
    t: &TableRef,
    name: &str,
    ty: &TypeInfo,
    rules: &Rules,
    stats: Option<&ColumnStats>,
    content: &TextContent,
) -> Result<Source> {
    let label = t.label;
    let kind = ty.kind;
    Ok(match kind {
        TypeKind::Boolean => {
            let p_true = stats
                .and_then(|st| {
                    let nonnull = (1.0 - st.null_frac).max(1e-9);
                    let t = st.most_common_vals.iter().position(|v| v == "t").map(|i| st.most_common_freqs[i]);
                    let f = st.most_common_vals.iter().position(|v| v == "f").map(|i| st.most_common_freqs[i]);
                    match (t, f) {
                        (Some(t), _) => Some(t / nonnull),
                        (None, Some(f)) => Some(1.0 - f / nonnull),
                        _ => None,
                    }
                })
                .unwrap_or_else(|| hints::true_share(name));
            Source::Bool { p_true }
        }
        k if k.is_ordered_scalar() => {
            Source::Scalar(scalar_dist(kind, stats).unwrap_or_else(|| hinted_dist(kind, name, rules)))
        }
        k if k.is_text() => text_source(t, ty, rules, stats, content),
        TypeKind::Uuid => Source::Uuid,
        TypeKind::Json | TypeKind::Jsonb => match stats.filter(|s| stats_cover_all_values(s, t.rows)) {
            Some(st) => literal_choice(st),
            None => Source::Json,
        },
        TypeKind::Bytea => Source::Bytes { mean_len: stats.map_or(16, |s| (s.avg_width.max(2) - 1) as usize) },
        TypeKind::Inet => Source::Text(TextSource::Semantic(TextKind::Ipv4)),
        TypeKind::Tsvector => Source::Tsvector,
        TypeKind::Array => {
            let elem_ty = ty.element.as_deref().ok_or_else(|| {
                SynthError::new(Code::Internal, format!("array column \"{name}\" without element type"))
            })?;
            let element = ColumnPlan::build(t, &element_profile(name, elem_ty), Rules::default(), Key(0))?;
            let generated = Source::Array { element: Box::new(ColumnPlan { null_frac: 0.0, ..element }), max_len: 4 };
            match stats.filter(|s| !s.most_common_vals.is_empty()) {
                Some(st) if stats_cover_all_values(st, t.rows) => literal_choice(st),
                Some(st) => mixed(literal_choice_mcv(st), st, generated),
                None => generated,
            }
        }
        TypeKind::Other => match stats.filter(|s| !s.most_common_vals.is_empty() || !s.histogram_bounds.is_empty()) {
            Some(st) => literal_choice(st),
            None => {
                return Err(SynthError::new(
                    Code::FeatureNotSupported,
                    format!("cannot generate values for column \"{name}\" of {label}: type {} is not supported", ty.name),
                )
                .hint("ANALYZE a table holding real values of this column, or set synthdata.unsupported_types = 'null' to leave nullable columns of unsupported types NULL."));
            }
        },
        _ => {
            return Err(SynthError::new(
                Code::FeatureNotSupported,
                format!("cannot generate values for column \"{name}\" of {label}: type {} is not supported", ty.name),
            ))
        }
    })
}

/// What the name suggests, unless the CHECK constraints bound the column on both sides to a range
/// the suggestion does not cover: then every value of that range is equally likely.
fn hinted_dist(kind: TypeKind, name: &str, rules: &Rules) -> ScalarDist {
    let hint = hints::default_dist(kind, name);
    let (b, support) = (rules.bounds, hint.support());
    if b.is_finite() && !b.is_empty() && !(support.lo <= b.lo && support.hi >= b.hi) {
        ScalarDist::Uniform { lo: b.lo, hi: b.hi }
    } else {
        hint
    }
}

fn element_profile(name: &str, ty: &TypeInfo) -> ColumnProfile {
    ColumnProfile {
        name: name.to_string(),
        ty: ty.clone(),
        not_null: true,
        default: None,
        identity: None,
        generated: None,
        stats: None,
        categories: None,
        sensitive: None,
        content: None,
    }
}

/// The empirical distribution of an ordered column, if its statistics parse.
fn scalar_dist(kind: TypeKind, stats: Option<&ColumnStats>) -> Option<ScalarDist> {
    let st = stats?;
    let parse = |t: &String| Value::parse_canonical(kind, t).and_then(|v| v.axis()).filter(|x| x.is_finite());
    let mcv: Vec<f64> = st.most_common_vals.iter().map(parse).collect::<Option<_>>()?;
    let hist: Vec<f64> = st.histogram_bounds.iter().map(parse).collect::<Option<_>>()?;
    if mcv.is_empty() && hist.is_empty() {
        return None;
    }
    let pool =
        (st.n_distinct > 0.0 && !hist.is_empty()).then(|| (st.n_distinct - mcv.len() as f64).max(1.0).round() as u64);
    let freqs = st.most_common_freqs.iter().take(mcv.len()).copied().collect();
    Some(ScalarDist::Empirical(Empirical::new(mcv, freqs, hist, rest_share(st), pool)))
}

fn text_source(
    t: &TableRef,
    ty: &TypeInfo,
    rules: &Rules,
    stats: Option<&ColumnStats>,
    content: &TextContent,
) -> Source {
    let semantic = content.kind;
    let limit = rules.max_chars.or(ty.max_length.map(|m| m as usize));
    let hist_pool = |st: &ColumnStats| {
        (st.n_distinct > 0.0).then(|| (st.n_distinct - st.most_common_vals.len() as f64).max(1.0) as u64)
    };
    let fallback = || match (semantic, &content.pattern, ty.kind) {
        (Some(k), _, _) => TextSource::Semantic(k),
        (None, Some(p), _) => TextSource::Pattern { pattern: p.clone(), hist: vec![], pool: None },
        (None, None, TypeKind::Char) => TextSource::Code { len: limit.unwrap_or(1) },
        (None, None, _) => {
            let mean = stats.map_or(12, |s| (s.avg_width.max(2) - 1) as usize);
            TextSource::Words { mean_chars: limit.map_or(mean, |l| mean.min(l)) }
        }
    };
    if let Some(k) = semantic.filter(|k| k.identifies_a_person()) {
        return Source::Text(TextSource::Semantic(k));
    }
    match stats {
        Some(st) if stats_cover_all_values(st, t.rows) => literal_choice(st),
        Some(st) => {
            let rest = match (semantic, &content.pattern) {
                (Some(k), _) => TextSource::Semantic(k),
                (None, Some(p)) => {
                    TextSource::Pattern { pattern: p.clone(), hist: st.histogram_bounds.clone(), pool: hist_pool(st) }
                }
                (None, None) if st.histogram_bounds.len() >= 2 => {
                    TextSource::Interpolate { hist: st.histogram_bounds.clone(), pool: hist_pool(st) }
                }
                (None, None) => fallback(),
            };
            if st.most_common_vals.is_empty() {
                Source::Text(rest)
            } else {
                mixed(literal_choice_mcv(st), st, Source::Text(rest))
            }
        }
        None => Source::Text(fallback()),
    }
}

fn mixed(mcv: Source, st: &ColumnStats, rest: Source) -> Source {
    let mcv_total: f64 = st.most_common_freqs.iter().sum();
    let nonnull = (1.0 - st.null_frac).max(1e-9);
    Source::Mixed { mcv: Box::new(mcv), mcv_share: (mcv_total / nonnull).clamp(0.0, 1.0), rest: Box::new(rest) }
}

/// A choice among the values the statistics list: MCVs by frequency, histogram bounds sharing
/// the rest equally.
fn literal_choice(st: &ColumnStats) -> Source {
    let rest = rest_share(st);
    let each = if st.histogram_bounds.is_empty() { 0.0 } else { rest / st.histogram_bounds.len() as f64 };
    let values: Vec<Value> =
        st.most_common_vals.iter().chain(&st.histogram_bounds).map(|v| Value::Text(v.clone())).collect();
    let weights: Vec<f64> =
        st.most_common_freqs.iter().copied().chain(std::iter::repeat_n(each, st.histogram_bounds.len())).collect();
    Source::Choice { cum: running_totals(&weights), values }
}

fn literal_choice_mcv(st: &ColumnStats) -> Source {
    let values = st.most_common_vals.iter().map(|v| Value::Text(v.clone())).collect();
    Source::Choice { values, cum: running_totals(&st.most_common_freqs) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col(name: &str, kind: TypeKind) -> ColumnProfile {
        crate::generate::tests::col(name, kind, true)
    }

    fn draw(plan: &ColumnPlan, n: u64) -> Vec<Value> {
        let key = Key::from_seed(1);
        (0..n)
            .map(|i| {
                let mut s = key.stream(i);
                let p = Persona::new(&mut key.derive("p").stream(i), crate::semantic::Locale::En);
                plan.value(&mut s, &[], &p)
            })
            .collect()
    }

    #[test]
    fn statistics_drive_categorical_text() {
        let mut c = col("rating", TypeKind::Text);
        c.stats = Some(ColumnStats {
            null_frac: 0.0,
            n_distinct: 3.0,
            avg_width: 3,
            correlation: None,
            most_common_vals: vec!["PG".into(), "R".into(), "G".into()],
            most_common_freqs: vec![0.5, 0.3, 0.2],
            histogram_bounds: vec![],
        });
        let plan = ColumnPlan::build(
            &TableRef { name: "film", label: "public.film", rows: 1000.0 },
            &c,
            Rules { not_null: true, ..Rules::default() },
            Key(1),
        )
        .unwrap();
        let vals = draw(&plan, 10_000);
        let share = |x: &str| vals.iter().filter(|v| **v == Value::Text(x.into())).count() as f64 / 10_000.0;
        assert!((share("PG") - 0.5).abs() < 0.02);
        assert!((share("G") - 0.2).abs() < 0.02);
    }

    #[test]
    fn small_tables_keep_their_listed_values() {
        // 10 companies among 59 customers: n_distinct = -10/59 as a float4.
        let mut c = col("company", TypeKind::Varchar);
        c.not_null = false;
        c.stats = Some(ColumnStats {
            null_frac: 0.83,
            n_distinct: -0.169_491_53,
            avg_width: 17,
            correlation: None,
            most_common_vals: vec![],
            most_common_freqs: vec![],
            histogram_bounds: (0..10).map(|i| format!("Company {i}")).collect(),
        });
        let t = TableRef { name: "customer", label: "public.customer", rows: 59.0 };
        let plan = ColumnPlan::build(&t, &c, Rules::default(), Key(1)).unwrap();
        assert!(draw(&plan, 100).iter().all(|v| matches!(v, Value::Text(s) if s.starts_with("Company "))));
    }

    #[test]
    fn unique_text_is_not_replayed_from_the_histogram() {
        let mut c = col("email", TypeKind::Text);
        c.stats = Some(ColumnStats {
            null_frac: 0.0,
            n_distinct: -1.0,
            avg_width: 16,
            correlation: None,
            most_common_vals: vec![],
            most_common_freqs: vec![],
            histogram_bounds: (0..100).map(|i| format!("p{i}@example.com")).collect(),
        });
        let t = TableRef { name: "people", label: "crm.people", rows: 100.0 };
        let plan = ColumnPlan::build(&t, &c, Rules { not_null: true, ..Rules::default() }, Key(2)).unwrap();
        assert!(matches!(plan.source, Source::Text(_)), "{:?}", plan.source);
    }

    #[test]
    fn varchar_limits_and_char_padding_hold() {
        let mut v = col("email", TypeKind::Varchar);
        v.ty.max_length = Some(12);
        let rules = Rules { max_chars: Some(12), not_null: true, ..Rules::default() };
        let plan = ColumnPlan::build(
            &TableRef { name: "customers", label: "public.customers", rows: 1000.0 },
            &v,
            rules,
            Key(2),
        )
        .unwrap();
        assert!(draw(&plan, 500).iter().all(|x| matches!(x, Value::Text(t) if t.chars().count() <= 12)));
        let mut c = col("country", TypeKind::Char);
        c.ty.max_length = Some(2);
        let plan = ColumnPlan::build(
            &TableRef { name: "customers", label: "public.customers", rows: 1000.0 },
            &c,
            Rules { max_chars: Some(2), ..Rules::default() },
            Key(3),
        )
        .unwrap();
        for x in draw(&plan, 200) {
            let Value::Text(t) = x else { panic!() };
            assert_eq!(t.chars().count(), 2, "{t}");
        }
    }

    #[test]
    fn bounds_and_exclusions_shape_numbers() {
        let mut c = col("quantity", TypeKind::Integer);
        c.not_null = true;
        let rules = Rules { bounds: Bounds::new(1.0, 3.0), excluded: vec![2.0], not_null: true, ..Rules::default() };
        let plan =
            ColumnPlan::build(&TableRef { name: "items", label: "public.items", rows: 1000.0 }, &c, rules, Key(4))
                .unwrap();
        let vals = draw(&plan, 2000);
        assert!(vals.iter().all(|v| matches!(v, Value::Int(1) | Value::Int(3))), "{vals:?}");
    }

    #[test]
    fn check_ranges_are_covered_evenly_ends_included() {
        // `quantity` suggests 1..10; the CHECK says 10..20: every value of the CHECK appears.
        let c = col("quantity", TypeKind::Integer);
        let rules = Rules { bounds: Bounds::new(10.0, 20.0), not_null: true, ..Rules::default() };
        let plan =
            ColumnPlan::build(&TableRef { name: "t", label: "public.t", rows: 1000.0 }, &c, rules, Key(7)).unwrap();
        let vals = draw(&plan, 11_000);
        for v in 10..=20 {
            let share = vals.iter().filter(|x| **x == Value::Int(v)).count() as f64 / 11_000.0;
            assert!((share - 1.0 / 11.0).abs() < 0.015, "{v}: {share}");
        }
        let c = col("x", TypeKind::Smallint);
        let rules = Rules { bounds: Bounds::new(-5.0, 5.0), not_null: true, ..Rules::default() };
        let plan =
            ColumnPlan::build(&TableRef { name: "t", label: "public.t", rows: 1000.0 }, &c, rules, Key(8)).unwrap();
        assert!(draw(&plan, 500).contains(&Value::Int(-5)));
    }

    #[test]
    fn contradictory_rules_are_reported_with_the_column() {
        let c = col("status", TypeKind::Text);
        let rules = Rules {
            allowed: Some(vec![Value::Text("toolong".into())]),
            max_chars: Some(3),
            not_null: true,
            ..Rules::default()
        };
        let err =
            ColumnPlan::build(&TableRef { name: "t", label: "public.t", rows: 1000.0 }, &c, rules.clone(), Key(5))
                .unwrap_err();
        assert_eq!(err.code, Code::CheckViolation);
        assert!(err.message.contains("\"status\" of public.t"), "{}", err.message);
        // A nullable column can still be NULL: it is, with a note saying why.
        let plan = ColumnPlan::build(
            &TableRef { name: "t", label: "public.t", rows: 1000.0 },
            &c,
            Rules { not_null: false, ..rules },
            Key(5),
        )
        .unwrap();
        assert!(plan.note.as_deref().unwrap_or("").contains("left NULL"));
        assert!(draw(&plan, 20).iter().all(Value::is_null));
    }

    #[test]
    fn unknown_types_without_statistics_are_refused_by_name() {
        let mut c = col("shape", TypeKind::Other);
        c.ty.name = "polygon".into();
        let err =
            ColumnPlan::build(&TableRef { name: "t", label: "public.t", rows: 1000.0 }, &c, Rules::default(), Key(6))
                .unwrap_err();
        assert_eq!(err.code, Code::FeatureNotSupported);
        assert!(err.message.contains("shape") && err.message.contains("polygon"));
    }
}
