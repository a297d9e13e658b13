//! Where a column's values come from: [`ColumnPlan::build`] reads the column's profile (type,
//! statistics, the sample's categories, name) and the rules its constraints impose, and picks a
//! [`Source`] — PostgreSQL's statistics when there are some, otherwise what the type and the name
//! suggest — or reports the column impossible to fill, naming it.

use super::{structured, ColumnPlan, Source, TableRef, DEFAULT_NULL_FRAC};
use crate::error::{Code, Result, SynthError};
use crate::generate::constraints::Rules;
use crate::generate::content::{text_content, TextContent};
use crate::generate::hints;
use crate::generate::literal::Literal;
use crate::generate::scalar::{running_totals, Bounds, Empirical, ScalarDist};
use crate::generate::text::{TextSource, TextStyle};
use crate::profile::{ColumnProfile, ColumnStats, TypeInfo, TypeKind};
use crate::rng::Key;
use crate::semantic::TextKind;
use crate::value::Value;

impl ColumnPlan {
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
            source_for(t, &col.name, ty, &rules, stats, &content, key)?
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
            after_parent: None,
            unique: None,
            retried: false,
            note,
            avoid: col.content.as_ref().and_then(|c| c.avoid.clone()).map(std::sync::Arc::new),
            spellings: match (content.kind, stats) {
                (Some(TextKind::Country), Some(st)) => country_spellings(&st.most_common_vals),
                _ => vec![],
            },
            weekly: None,
            key,
        };
        // A uniform range of a rounded type includes its ends as fully as the values between.
        if let Source::Scalar(ScalarDist::Uniform { lo, hi }) = plan.source {
            let b = plan.rounding_bounds(Bounds::new(lo, hi));
            plan.source = Source::Scalar(ScalarDist::Uniform { lo: b.lo, hi: b.hi });
        }
        plan.weekly = col.weekly.as_ref().and_then(|w| week_map(&plan, w));
        Ok(plan)
    }
}

/// Quantiles of a column's distribution read to see how it spreads over the week.
const WEEK_QUANTILES: usize = 4096;

/// How the plan's values on a number line move inside their week to follow `target`: from the
/// shares of the week that the distribution gives (its quantiles) to the learned ones.
fn week_map(plan: &ColumnPlan, target: &crate::profile::Weekly) -> Option<crate::calendar::WeekMap> {
    let dist = match &plan.source {
        Source::Scalar(d) => d,
        Source::Mixed { rest, .. } => match rest.as_ref() {
            Source::Scalar(d) => d,
            _ => return None,
        },
        _ => return None,
    };
    let b = plan.rounding_bounds(plan.rules.bounds);
    let quantiles = (0..WEEK_QUANTILES).map(|k| dist.inverse((k as f64 + 0.5) / WEEK_QUANTILES as f64, b, plan.key));
    crate::calendar::WeekMap::new(plan.kind, target, quantiles)
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
    if !matches!(
        ty.kind,
        TypeKind::Time | TypeKind::TimeTz | TypeKind::Timestamp | TypeKind::Timestamptz | TypeKind::Interval
    ) {
        return None;
    }
    ty.precision.or_else(|| {
        let st = stats?;
        let mut values = st.most_common_vals.iter().chain(&st.histogram_bounds).peekable();
        values.peek()?;
        let whole = |v: &String| {
            !v.split([' ', 'T'])
                .nth(if matches!(ty.kind, TypeKind::Time | TypeKind::TimeTz) { 0 } else { 1 })
                .unwrap_or("")
                .contains('.')
        };
        values.all(whole).then_some(0)
    })
}

/// The numeric scale: the typmod's, else the largest scale seen in the statistics (default 2).
fn numeric_scale(ty: &TypeInfo, stats: Option<&ColumnStats>) -> u32 {
    if ty.kind == TypeKind::Money {
        // Cents: lc_monetary's currencies almost all have two decimals (numeric_cash rounds).
        return 2;
    }
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
pub(in crate::generate) fn allowed_values(col: &ColumnProfile, rules: &Rules) -> Option<Vec<Value>> {
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
    key: Key,
) -> Result<Source> {
    let label = t.label;
    let kind = ty.kind;
    if let Some(literal) = Literal::for_type(ty, name, key.derive("literal").0) {
        // The statistics' values where they list them all, else their common values beside
        // drawn ones.
        return Ok(match stats.filter(|s| !s.most_common_vals.is_empty() || !s.histogram_bounds.is_empty()) {
            Some(st) if stats_cover_all_values(st, t.rows) => literal_choice(st),
            Some(st) if !st.most_common_vals.is_empty() => mixed(literal_choice_mcv(st), st, Source::Literal(literal)),
            _ => Source::Literal(literal),
        });
    }
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
        TypeKind::Tsvector => Source::Tsvector,
        TypeKind::Range | TypeKind::Multirange | TypeKind::Composite => structured::source(t, name, ty, stats, key)?,
        TypeKind::Array => {
            let elem_ty = ty.element.as_deref().ok_or_else(|| {
                SynthError::new(Code::Internal, format!("array column \"{name}\" without element type"))
            })?;
            let element = structured::part(t, name, elem_ty, Key(0))?;
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
