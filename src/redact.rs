//! What a profile may carry of the data it describes.
//!
//! A profile is statistics, but PostgreSQL's statistics are made of values: the most-common
//! values and histogram bounds of a `last_name` column are real names, the first and last bounds
//! of a `salary` column are the lowest and highest salaries. Three protections, applied by the
//! layer that reads profiles:
//!
//! 1. [`protect_sensitive`], on every profile (those used to fill and those exported): a
//!    sensitive column keeps the shape of its values (share of NULLs, number of distinct values,
//!    width, kind, code pattern) and loses every value but blank ones (`''`, `-`). Its most-common values, sampled
//!    categories and conditional distributions go; an ordered column (a birth date, a salary)
//!    keeps a histogram whose bounds are rounded to a coarse grid (years for dates, a twentieth
//!    of the range for numbers), text keeps none. Generation then draws it from the embedded
//!    dictionaries and patterns, never from the source.
//! 2. [`suppress_rare`], on exported profiles: a value seen fewer than `k` times in the source is
//!    left out (most-common values, categories, the rows and values of conditional
//!    distributions). Histogram bounds of columns whose values repeat fewer than `k` times are
//!    rounded to a grid as fine as the neighbouring bounds allow (ordered types), so that none
//!    is a source value, or dropped (text and other types).
//! 3. [`add_noise`], on exported profiles when the caller gives `epsilon`: Laplace noise on the
//!    counts behind row counts, NULL shares, frequencies, distinct counts, conditional shares
//!    and the shares of the week's hours (ε-differential privacy for those figures). Histogram bounds, quantiles, correlations and
//!    patterns are not covered.
//!
//! Enum labels and booleans are the schema's, not the data's: they are never suppressed.

use crate::datetime;
use crate::error::SynthError;
use crate::privacy::Category;
use crate::profile::{
    ChildrenPerParent, ColumnProfile, ColumnStats, Conditional, Content, DependenceNode, RangeStats, Relationship,
    TableProfile, TypeKind,
};
use crate::rng::Key;
use crate::semantic::TextStyle;
use crate::value::Value;

/// A column's values (canonical text, `None` for NULL) and their shares of the rows.
type Shares = Vec<(Option<String>, f64)>;

/// The default `k` of exported profiles: values seen fewer times are left out.
pub const DEFAULT_MIN_COUNT: u32 = 5;

/// The text kind generated for a sensitive text column of `category`, when its profile names
/// none (`None`: the column keeps whatever its pattern or name says).
fn kind_for(category: Option<Category>) -> Option<&'static str> {
    Some(match category? {
        Category::Name => "full_name",
        Category::FirstName => "first_name",
        Category::LastName => "last_name",
        Category::Email => "email",
        Category::Phone => "phone",
        Category::Address => "street_address",
        Category::City => "city",
        Category::Region => "region",
        Category::Postcode => "postcode",
        Category::Country => "country",
        Category::Iban => "iban",
        Category::CreditCard => "credit_card",
        Category::IpAddress => "ipv4",
        Category::Username => "username",
        Category::NationalId | Category::BirthDate | Category::Age | Category::Credential => return None,
    })
}

/// True for kinds whose values are the schema's (enum labels, booleans), not the data's.
fn schema_values(kind: TypeKind) -> bool {
    matches!(kind, TypeKind::Enum | TypeKind::Boolean)
}

/// Strips the values of the sensitive columns `sensitive` (column, category as SQL names it or
/// the user's own) from `p`. `parent_sensitive(fk, column)` says whether a parent table's column
/// that a conditional distribution is keyed by (through foreign key `fk`) is sensitive.
pub fn protect_sensitive(
    p: &mut TableProfile,
    sensitive: &[(String, Option<String>)],
    parent_sensitive: &dyn Fn(&str, &str) -> bool,
) {
    let is_sensitive = |name: &str| sensitive.iter().any(|(c, _)| c == name);
    for c in &mut p.columns {
        let Some((_, category)) = sensitive.iter().find(|(n, _)| *n == c.name) else { continue };
        let parsed = category.as_deref().and_then(Category::from_name);
        strip_values(c, parsed);
        c.sensitive = Some(category.clone().unwrap_or_else(|| "sensitive".into()));
    }
    if let Some(dep) = &mut p.dependence {
        dep.nodes.retain(|n| {
            let parent_hidden = match &n.via {
                Some(fk) => parent_sensitive(fk, &n.parent),
                None => is_sensitive(&n.parent),
            };
            !is_sensitive(&n.column) && !parent_hidden
        });
    }
}

fn strip_values(c: &mut ColumnProfile, category: Option<Category>) {
    keep_style(c);
    c.categories = None;
    c.weekly = None;
    let kind = c.ty.kind;
    if let Some(st) = &mut c.stats {
        st.range = None;
        if !schema_values(kind) {
            // Blank values ('', '-') say nothing about anyone: a column of mostly empty second
            // address lines stays mostly empty.
            retain_common_values(st, |v, _| !v.chars().any(char::is_alphanumeric));
            st.histogram_bounds =
                if kind.is_ordered_scalar() { coarse_bounds(kind, &st.histogram_bounds) } else { vec![] };
        }
    }
    if kind.is_text() {
        if let Some(k) = kind_for(category) {
            let content = c.content.get_or_insert_with(Content::default);
            if content.kind.is_none() && content.pattern.is_none() {
                content.kind = Some(k.to_string());
            }
        }
    }
}

/// Keeps only the most-common values (and their frequencies) for which `keep(value, frequency)`.
fn retain_common_values(st: &mut ColumnStats, keep: impl Fn(&str, f64) -> bool) {
    let (vals, freqs): (Vec<String>, Vec<f64>) = std::mem::take(&mut st.most_common_vals)
        .into_iter()
        .zip(std::mem::take(&mut st.most_common_freqs))
        .filter(|(v, f)| keep(v, *f))
        .unzip();
    st.most_common_vals = vals;
    st.most_common_freqs = freqs;
}

/// The look of a text column's values (case, words): the one its profile records, else the one
/// its statistics and categories show.
fn style_of(c: &ColumnProfile) -> Option<TextStyle> {
    if !c.ty.kind.is_text() {
        return None;
    }
    if let Some(style) = c.content.as_ref().and_then(|x| x.style) {
        return Some(style);
    }
    let st = c.stats.as_ref()?;
    let cats = c.categories.iter().flat_map(|k| k.values.iter().map(|v| &v.0));
    TextStyle::learn(st.most_common_vals.iter().chain(&st.histogram_bounds).chain(cats))
}

/// Keeps the look of a text column's values before its values go.
fn keep_style(c: &mut ColumnProfile) {
    if let Some(style) = style_of(c) {
        c.content.get_or_insert_with(Content::default).style = Some(style);
    }
}

/// Leaves out of `p` what occurs fewer than `k` times in the source.
pub fn suppress_rare(p: &mut TableProfile, k: f64) {
    if k <= 1.0 {
        return;
    }
    let rows = p.table.reltuples.max(0.0);
    let mut group_shares: Vec<(String, Shares)> = Vec::new();
    // Columns whose values outside the most-common list repeat fewer than k times: their
    // histogram bounds and quantiles would be source values.
    let mut rare: Vec<String> = Vec::new();
    for c in &mut p.columns {
        let kind = c.ty.kind;
        if schema_values(kind) {
            continue;
        }
        if c.stats.as_ref().is_none_or(|st| rare_values(st, rows, k)) {
            rare.push(c.name.clone());
        }
        // The look of the values, learned before any of them goes.
        let (style, stats_before) = (style_of(c), c.stats.clone());
        let mut dropped = false;
        if let Some(cats) = &c.categories {
            if cats.values.iter().any(|(_, s)| s * rows < k) {
                c.categories = None;
                dropped = true;
            }
        }
        if let Some(cats) = &c.categories {
            group_shares.push((c.name.clone(), cats.values.iter().map(|(v, s)| (Some(v.clone()), *s)).collect()));
        }
        if let Some(st) = &mut c.stats {
            suppress_stats(st, kind, rows, k);
            let mcv = st.most_common_vals.iter().cloned().map(Some).zip(st.most_common_freqs.iter().copied());
            if !group_shares.iter().any(|(n, _)| *n == c.name) {
                group_shares.push((c.name.clone(), mcv.collect()));
            }
        }
        if let Some(style) = style.filter(|_| dropped || c.stats != stats_before) {
            c.content.get_or_insert_with(Content::default).style = Some(style);
        }
    }
    if let Some(dep) = &mut p.dependence {
        for node in &mut dep.nodes {
            let shares = group_shares.iter().find(|(n, _)| *n == node.parent).map(|(_, s)| s.as_slice());
            let rounded = (rare.contains(&node.column), node.via.is_some() || rare.contains(&node.parent));
            suppress_node(node, shares, rows, k, rounded);
        }
        dep.nodes.retain(|n| !conditional_rows_empty(&n.model));
    }
}

/// True when the values outside `st`'s most-common list are seen fewer than `k` times each, on
/// average (`rows` rows in the table).
fn rare_values(st: &ColumnStats, rows: f64, k: f64) -> bool {
    let distinct = st.distinct_values(rows);
    let others = distinct - st.most_common_vals.len() as f64;
    if others < 0.5 {
        return false;
    }
    let rest = (1.0 - st.null_frac - st.most_common_freqs.iter().sum::<f64>()).max(0.0) * rows;
    rest / others < k
}

fn suppress_stats(st: &mut ColumnStats, kind: TypeKind, rows: f64, k: f64) {
    // A range column's bounds and lengths are its values: an export keeps the share of empty
    // ranges only.
    if let Some(r) = &mut st.range {
        *r = RangeStats { empty_frac: r.empty_frac, ..RangeStats::default() };
    }
    let rare = rare_values(st, rows, k);
    retain_common_values(st, |_, f| f * rows >= k);
    if st.histogram_bounds.is_empty() || !rare {
        return;
    }
    st.histogram_bounds = if kind.is_ordered_scalar() { fine_bounds(kind, &st.histogram_bounds) } else { vec![] };
}

/// The share of the rows a conditional row stands for, by the parent's key.
fn group_share(node: &DependenceNode, shares: Option<&[(Option<String>, f64)]>, key: &Option<String>) -> Option<f64> {
    let bins = match &node.model {
        Conditional::Table { bins, .. } | Conditional::Quantiles { bins, .. } => bins,
    };
    if let Some(b) = bins {
        return Some(1.0 / (b.len() + 1) as f64);
    }
    let list = node.parent_shares.as_deref().or(shares)?;
    list.iter().find(|(v, _)| v == key).map(|(_, s)| *s)
}

/// `rounded`: whether the quantiles (child) and bins (parent) are source values to round.
fn suppress_node(
    node: &mut DependenceNode,
    shares: Option<&[(Option<String>, f64)]>,
    rows: f64,
    k: f64,
    (round_child, round_parent): (bool, bool),
) {
    let bins_of = |b: &Option<Vec<f64>>| b.as_ref().map(|b| if round_parent { fine_axis(b) } else { b.clone() });
    let count = |key: &Option<String>| group_share(node, shares, key).map_or(0.0, |s| s * rows);
    match &node.model {
        Conditional::Table { bins, rows: table } => {
            let mut kept = Vec::new();
            for r in table {
                let group = count(&r.parent);
                if group < k {
                    continue;
                }
                let values: Vec<_> = r.values.iter().filter(|(_, s)| s * group >= k).cloned().collect();
                if !values.is_empty() {
                    kept.push(crate::profile::ConditionalRow { parent: r.parent.clone(), values });
                }
            }
            node.model = Conditional::Table { bins: bins_of(bins), rows: kept };
        }
        Conditional::Quantiles { bins, rows: table } => {
            let kept = table
                .iter()
                .filter(|r| count(&r.parent) >= k)
                .map(|r| crate::profile::ConditionalQuantiles {
                    parent: r.parent.clone(),
                    null_share: r.null_share,
                    quantiles: if round_child { fine_axis(&r.quantiles) } else { r.quantiles.clone() },
                })
                .collect();
            node.model = Conditional::Quantiles { bins: bins_of(bins), rows: kept };
        }
    }
    if let Some(ps) = &mut node.parent_shares {
        ps.retain(|(_, s)| s * rows >= k);
    }
}

fn conditional_rows_empty(c: &Conditional) -> bool {
    match c {
        Conditional::Table { rows, .. } => rows.is_empty(),
        Conditional::Quantiles { rows, .. } => rows.is_empty(),
    }
}

/// The largest of 1, 2 and 5 times a power of ten that is at most `x` (`x` > 0).
fn nice_step(x: f64) -> f64 {
    let p = 10f64.powf(x.log10().floor());
    [5.0, 2.0, 1.0].into_iter().map(|m| m * p).find(|s| *s <= x).unwrap_or(p)
}

/// Points on an axis rounded, each to a grid a quarter as fine as the gap to its nearest
/// neighbour (so the order is kept and the shape barely moves), leaving no source value.
fn fine_axis(points: &[f64]) -> Vec<f64> {
    (0..points.len())
        .map(|i| {
            let x = points[i];
            let gaps = [i.checked_sub(1).map(|j| x - points[j]), points.get(i + 1).map(|n| n - x)];
            let gap = gaps.into_iter().flatten().filter(|g| *g > 0.0).fold(f64::INFINITY, f64::min);
            if !gap.is_finite() || !x.is_finite() {
                return x;
            }
            let step = nice_step(gap / 4.0);
            (x / step).round() * step
        })
        .collect()
}

/// Histogram bounds rounded as [`fine_axis`] does, on the type's axis, as canonical text.
fn fine_bounds(kind: TypeKind, bounds: &[String]) -> Vec<String> {
    on_axis(kind, bounds, fine_axis)
}

/// Histogram bounds of a sensitive column on a coarse grid: years for dates and timestamps, a
/// twentieth of the range (a nice step) for numbers.
fn coarse_bounds(kind: TypeKind, bounds: &[String]) -> Vec<String> {
    on_axis(kind, bounds, |xs| {
        let (lo, hi) = (xs.first().copied().unwrap_or(0.0), xs.last().copied().unwrap_or(0.0));
        match kind {
            TypeKind::Date => xs.iter().map(|d| year_start_days(*d)).collect(),
            TypeKind::Timestamp | TypeKind::Timestamptz => xs
                .iter()
                .map(|t| year_start_days((t / datetime::USECS_PER_DAY as f64).floor()) * datetime::USECS_PER_DAY as f64)
                .collect(),
            _ if hi > lo => {
                let step = nice_step((hi - lo) / 20.0);
                xs.iter().map(|x| (x / step).round() * step).collect()
            }
            _ => vec![],
        }
    })
}

/// The first day of the year of day `d` (days since 2000-01-01).
fn year_start_days(d: f64) -> f64 {
    let (y, _, _) = datetime::ymd(d.clamp(i32::MIN as f64 + 1.0, i32::MAX as f64 - 1.0) as i32);
    f64::from(datetime::pg_date(y, 1, 1))
}

fn on_axis(kind: TypeKind, bounds: &[String], f: impl Fn(&[f64]) -> Vec<f64>) -> Vec<String> {
    let xs: Option<Vec<f64>> = bounds
        .iter()
        .map(|b| Value::parse_canonical(kind, b).and_then(|v| v.axis()).filter(|x| x.is_finite()))
        .collect();
    let Some(xs) = xs else { return vec![] };
    let scale = bounds.iter().filter_map(|b| b.split_once('.').map(|(_, f)| f.len() as u32)).max().unwrap_or(0);
    f(&xs).into_iter().map(|x| Value::from_axis(kind, x, scale).to_text(kind)).collect()
}

/// Laplace noise of scale `b`, from the uniform `u` in (0, 1).
fn laplace(u: f64, b: f64) -> f64 {
    let v = (u - 0.5).clamp(-0.499_999_999, 0.499_999_999);
    -b * v.signum() * (1.0 - 2.0 * v.abs()).ln()
}

/// A source of Laplace noise of one scale.
struct Noise {
    key: Key,
    next: u64,
    scale: f64,
}

impl Noise {
    fn draw(&mut self) -> f64 {
        self.next += 1;
        laplace(self.key.unit(self.next), self.scale)
    }

    /// `count` plus noise, never below zero.
    fn count(&mut self, count: f64) -> f64 {
        (count + self.draw()).max(0.0)
    }
}

/// How many figures [`add_noise`] releases for `p`: the row count, per column its value counts
/// (NULLs one of them) and its distinct count, its week's shares, per conditional its counts.
pub fn released_figures(p: &TableProfile) -> usize {
    1 + 2 * p.columns.len()
        + p.columns.iter().filter(|c| c.weekly.is_some()).count()
        + p.dependence.as_ref().map_or(0, |d| d.nodes.len())
}

/// Adds Laplace noise for `epsilon`-differential privacy of the counts behind `p`'s figures:
/// the budget is split evenly over [`released_figures`], each a count query of sensitivity 1
/// (one row added or removed changes one value's count by one). `seed` must not be known to
/// whoever reads the profile.
pub fn add_noise(p: &mut TableProfile, epsilon: f64, seed: u64) {
    let mut noise =
        Noise { key: Key(seed).derive(&p.table.name), next: 0, scale: released_figures(p) as f64 / epsilon };
    let true_rows = p.table.reltuples.max(0.0);
    let rows = noise.count(true_rows).round().max(1.0);
    if p.table.reltuples >= 0.0 {
        p.table.reltuples = rows;
    }
    for c in &mut p.columns {
        if let Some(st) = &mut c.stats {
            let mut counts: Vec<f64> = std::iter::once(st.null_frac)
                .chain(st.most_common_freqs.iter().copied())
                .map(|f| noise.count(f * true_rows) / rows)
                .collect();
            let total: f64 = counts.iter().sum();
            if total > 1.0 {
                counts.iter_mut().for_each(|c| *c /= total);
            }
            st.null_frac = counts[0];
            st.most_common_freqs = counts[1..].to_vec();
            // No noise is spent on a range column's empty share: it goes.
            st.range = None;
            st.n_distinct = if st.n_distinct >= 0.0 {
                noise.count(st.n_distinct).round().max(1.0)
            } else {
                -(noise.count(-st.n_distinct * true_rows) / rows).clamp(1.0 / rows, 1.0)
            };
        }
        if let Some(cats) = &mut c.categories {
            let mut shares: Vec<f64> = std::iter::once(cats.null_share)
                .chain(cats.values.iter().map(|v| v.1))
                .map(|s| noise.count(s * true_rows))
                .collect();
            let total: f64 = shares.iter().sum::<f64>().max(f64::MIN_POSITIVE);
            shares.iter_mut().for_each(|s| *s /= total);
            cats.null_share = shares[0];
            for (v, s) in cats.values.iter_mut().zip(&shares[1..]) {
                v.1 = *s;
            }
        }
        // The week's cells partition the rows: one histogram, one figure.
        if let Some(w) = &mut c.weekly {
            let noisy: Vec<f64> = w.shares.iter().map(|s| noise.count(s * true_rows).max(0.0)).collect();
            let total: f64 = noisy.iter().sum();
            if total > 0.0 {
                w.shares = noisy.iter().map(|n| n / total).collect();
            } else {
                c.weekly = None;
            }
        }
    }
    if let Some(dep) = &mut p.dependence {
        for node in &mut dep.nodes {
            noisy_node(node, &mut noise, true_rows);
        }
    }
}

fn renormalised(values: &mut [(Option<String>, f64)], noise: &mut Noise, rows: f64) {
    let noisy: Vec<f64> = values.iter().map(|(_, s)| noise.count(s * rows)).collect();
    let total: f64 = noisy.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    for (v, n) in values.iter_mut().zip(noisy) {
        v.1 = n / total;
    }
}

fn noisy_node(node: &mut DependenceNode, noise: &mut Noise, rows: f64) {
    match &mut node.model {
        Conditional::Table { rows: table, .. } => {
            for r in table {
                renormalised(&mut r.values, noise, rows);
            }
        }
        Conditional::Quantiles { rows: table, .. } => {
            for r in table {
                r.null_share = (noise.count(r.null_share * rows) / rows.max(1.0)).min(1.0);
            }
        }
    }
    if let Some(ps) = &mut node.parent_shares {
        renormalised(ps, noise, rows);
    }
}

/// Noise for the figures of one relationship's children per parent (its counts, the share of
/// childless parents and the shares of its bins), with the whole `epsilon` for them.
pub fn add_noise_to_children(c: &mut ChildrenPerParent, epsilon: f64, seed: u64, name: &str) {
    let figures = 3 + c.bins.len();
    let mut noise = Noise { key: Key(seed).derive(name), next: 0, scale: figures as f64 / epsilon };
    let parents = noise.count(c.parents as f64).round().max(1.0);
    let children = noise.count(c.children as f64).round();
    c.childless_share = (noise.count(c.childless_share * c.parents as f64) / parents).min(1.0);
    let shares: Vec<f64> = c.bins.iter().map(|b| noise.count(b.2 * c.parents as f64)).collect();
    let total: f64 = shares.iter().sum::<f64>().max(f64::MIN_POSITIVE);
    for (b, s) in c.bins.iter_mut().zip(shares) {
        b.2 = s / total;
    }
    c.parents = parents as u64;
    c.children = children as u64;
    c.mean = children / parents;
}

/// What an exported profile may carry: values seen at least `min_count` times, and with
/// `epsilon` noisy counts (see the module note).
pub struct ExportPolicy {
    pub min_count: u32,
    pub epsilon: Option<f64>,
    /// Seeds the noise and the bits that make name filters deniable; drawn from the server's
    /// strong random source, never shown.
    pub seed: u64,
}

impl ExportPolicy {
    /// The policy of a call's `min_count` and `epsilon` arguments (`min_count` NULL:
    /// `default_min_count`, the setting), with `seed` from a strong random source.
    pub fn new(
        min_count: Option<i32>,
        default_min_count: u32,
        epsilon: Option<f64>,
        seed: u64,
    ) -> crate::error::Result<ExportPolicy> {
        let min_count = match min_count {
            None => default_min_count,
            Some(k) if k >= 1 => k as u32,
            Some(k) => {
                return Err(SynthError::invalid(format!("min_count must be at least 1, not {k}"))
                    .hint("min_count => 1 keeps every value of columns that are not sensitive; the default is synthdata.min_count (5)."))
            }
        };
        if let Some(e) = epsilon {
            if !(e.is_finite() && e > 0.0) {
                return Err(SynthError::invalid(format!("epsilon must be a positive number, not {e}")).hint(
                    "Smaller epsilon means more noise: 1 is a common choice, 0.1 strong protection; NULL adds none.",
                ));
            }
        }
        Ok(ExportPolicy { min_count, epsilon, seed })
    }

    /// Applies the policy to one table's profile.
    pub fn apply(&self, p: &mut TableProfile) {
        suppress_rare(p, f64::from(self.min_count));
        if let Some(eps) = self.epsilon {
            add_noise(p, eps, self.seed);
        }
        let table = p.qualified_name();
        // A filter answers "certainly not there": no ε-DP release; else it is made deniable.
        match (&mut p.new_rows, self.epsilon) {
            (Some(_), Some(_)) => p.new_rows = None,
            (Some(f), None) => f.make_deniable(Key(self.seed).derive(&table).derive("\0rows").stream(0).next_u64()),
            (None, _) => {}
        }
        for c in p.columns.iter_mut() {
            let secret = Key(self.seed).derive(&table).derive(&c.name).stream(0).next_u64();
            let Some(content) = &mut c.content else { continue };
            match (&mut content.avoid, self.epsilon) {
                // A filter of a column's values answers "certainly not there": no ε-DP release.
                (Some(_), Some(_)) => content.avoid = None,
                (Some(f), None) => f.make_deniable(secret),
                (None, _) => {}
            }
        }
    }

    /// Applies the policy to the children-per-parent distributions of a schema's relationships.
    pub fn apply_to_relationships(&self, relationships: &mut [Relationship]) {
        if let Some(eps) = self.epsilon {
            for r in relationships {
                add_noise_to_children(&mut r.children_per_parent, eps, self.seed, &r.name);
            }
        }
    }
}

#[cfg(test)]
mod tests;
