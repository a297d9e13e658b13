//! Where each column's values will come from, in words, before anything is generated: the
//! output of `synth_explain`. It reads the plan [`TablePlan::build`] made — the same plan the
//! rows are drawn from — so what it says is what the fill does.

use super::column::{ColumnPlan, Source};
use super::defaults;
use super::scalar::ScalarDist;
use super::text::TextSource;
use super::TablePlan;
use crate::check_expr::CmpOp;
use crate::profile::TypeKind;
use crate::value::Value;

/// One column of a plan, explained.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnExplanation {
    pub column: String,
    /// Where the values come from: `postgres` (PostgreSQL fills the column), `parent key`,
    /// `unique key`, `sample rule`, `statistics`, `constraint`, `default`, `semantic`, `type`, or
    /// `anomaly flag`.
    pub source: &'static str,
    /// How, in a sentence: the statistics used, the rule, the key, the bounds.
    pub detail: String,
}

impl TablePlan {
    /// Each column's source and how it is drawn, in the table's column order.
    pub fn explain(&self) -> Vec<ColumnExplanation> {
        (0..self.columns.len()).map(|c| self.explain_column(c)).collect()
    }

    fn explain_column(&self, c: usize) -> ColumnExplanation {
        let col = &self.columns[c];
        let prof = &self.profile.columns[c];
        let name = |i: usize| self.columns[i].name.clone();
        let (source, mut detail) = if !col.is_generated() {
            let how = if let Some(expr) = &prof.generated {
                format!("generated column: GENERATED ALWAYS AS ({expr})")
            } else if let Some(kind) = &prof.identity {
                format!("identity column (GENERATED {}): PostgreSQL numbers it", kind.replace('_', " ").to_uppercase())
            } else if prof.left_to_default {
                format!(
                    "DEFAULT {} in every row (synthdata.defaults = leave)",
                    prof.default.as_deref().unwrap_or("NULL")
                )
            } else {
                format!("DEFAULT {}: PostgreSQL numbers it", prof.default.as_deref().unwrap_or("NULL"))
            };
            ("postgres", how)
        } else if self.scenario.flags(c) {
            ("anomaly flag", "true on the rows the call makes anomalous, false on the others".to_string())
        } else if let Source::ForeignKey { fk, part } = &col.source {
            let plan = &self.fks[*fk];
            let target = self
                .profile
                .foreign_keys
                .iter()
                .find(|f| f.name == plan.name)
                .map(|f| format!("{}.{}({})", f.ref_schema, f.ref_table, f.ref_columns.join(", ")))
                .unwrap_or_default();
            let part = if plan.columns.len() > 1 { format!("part {} of ", part + 1) } else { String::new() };
            ("parent key", format!("{part}a key of {target} ({} keys), foreign key {}", plan.parents.len(), plan.name))
        } else if let Source::KeyPart { unique, position } = &col.source {
            let key = &self.uniques[*unique];
            let cols: Vec<String> = key.columns.iter().map(|&i| name(i)).collect();
            (
                "unique key",
                format!(
                    "part {} of unique key {} ({}): no two rows share a key",
                    position + 1,
                    key.name,
                    cols.join(", ")
                ),
            )
        } else if let Some(copy) = &self.copy_of[c] {
            let fk = self.fks.get(copy.fk).map_or("?", |f| f.name.as_str());
            let parent = prof_copied(&self.profile, &prof.name).unwrap_or("?");
            (
                "sample rule",
                format!(
                    "the parent row's {parent} (foreign key {fk}) in {:.0}% of rows, as in the sampled rows; otherwise {}",
                    copy.share() * 100.0,
                    self.describe(col)
                ),
            )
        } else if let Some(given) = &self.given[c] {
            let on = match &given.parent {
                super::joint::ParentRef::Column(i) => name(*i),
                super::joint::ParentRef::External { fk, .. } => {
                    format!("the parent row of foreign key {}", self.fks.get(*fk).map_or("?", |f| f.name.as_str()))
                }
            };
            ("sample rule", format!("drawn given {on}, as the sampled rows show; {}", self.describe(col)))
        } else if let Some((a, b)) = self.product_of[c] {
            ("sample rule", format!("{} × {} in every row, as in every sampled row", name(a), name(b)))
        } else if let Source::Text(TextSource::Semantic(kind)) = &col.source {
            ("semantic", format!("{} (from its name), one persona per row across its text columns", kind_words(kind)))
        } else if prof.stats.is_some() {
            ("statistics", self.describe(col))
        } else if prof.categories.is_some() {
            ("statistics", format!("the sampled categories and their shares: {}", self.describe(col)))
        } else if col.rules.allowed.is_some() {
            ("constraint", self.describe(col))
        } else if let Some(d) = prof.default.as_deref().filter(|d| defaults::constant(d, prof.ty.kind).is_some()) {
            ("default", format!("its DEFAULT {d} the most common value, the rest {}", self.describe(col)))
        } else {
            ("type", self.describe(col))
        };
        if let Some(u) = col.unique {
            let key = &self.uniques.iter().find(|k| k.columns.contains(&u) || k.columns.contains(&c));
            if let Some(key) = key {
                detail.push_str(&format!("; unique key {}: values never repeat", key.name));
            }
        }
        detail.push_str(&self.bounds_of(c));
        ColumnExplanation { column: col.name.clone(), source, detail }
    }

    /// The values a source draws, in words.
    fn describe(&self, col: &ColumnPlan) -> String {
        describe_source(&col.source, col.kind, col.scale)
    }

    /// What else bounds column `c`: its null share, the values CHECKs allow, other columns of
    /// the row.
    fn bounds_of(&self, c: usize) -> String {
        let col = &self.columns[c];
        let mut out = String::new();
        if !col.is_generated() {
            return out;
        }
        if col.rules.not_null || col.null_frac <= 0.0 {
            out.push_str("; never NULL");
        } else {
            out.push_str(&format!("; NULL in {:.0}% of rows", col.null_frac * 100.0));
        }
        let b = col.rules.bounds;
        let at = |x: f64| shown(col.kind, x, col.scale);
        match (b.lo.is_finite(), b.hi.is_finite()) {
            (true, true) => out.push_str(&format!("; within [{}, {}]", at(b.lo), at(b.hi))),
            (true, false) => out.push_str(&format!("; at least {}", at(b.lo))),
            (false, true) => out.push_str(&format!("; at most {}", at(b.hi))),
            (false, false) => {}
        }
        if let Some(max) = col.rules.max_chars {
            out.push_str(&format!("; at most {max} characters"));
        }
        for (op, other) in &col.relations {
            out.push_str(&format!("; {} {}", op_words(*op), self.columns[*other].name));
        }
        if col.after_parent.is_some() {
            out.push_str("; not before its parent row's, as in every sampled row");
        }
        if let Some(f) = col.follows {
            out.push_str(&format!("; after {} by a realistic lag", self.columns[f].name));
        }
        if !col.rules.regex.is_empty() || !col.rules.like.is_empty() {
            out.push_str("; matches its CHECK's pattern");
        }
        out
    }
}

fn describe_source(s: &Source, kind: TypeKind, scale: u32) -> String {
    let at = |x: f64| shown(kind, x, scale);
    match s {
        Source::Skip => "left to PostgreSQL".to_string(),
        Source::Choice { values, .. } => {
            if values.len() == 1 {
                format!("always {}", values[0].to_text(kind))
            } else {
                format!("one of {} values, each with its share", values.len())
            }
        }
        Source::Scalar(d) => match d {
            ScalarDist::Empirical(e) if e.mcv.is_empty() => {
                format!("pg_stats: a histogram of {} bounds", e.hist.len())
            }
            ScalarDist::Empirical(e) => format!(
                "pg_stats: {} most common values ({:.0}% of rows), then a histogram of {} bounds",
                e.mcv.len(),
                e.mcv_freq.iter().sum::<f64>() * 100.0,
                e.hist.len()
            ),
            ScalarDist::Uniform { lo, hi } => format!("uniform between {} and {}", at(*lo), at(*hi)),
            ScalarDist::LogNormal { median, sigma } => format!("log-normal around {} (σ {sigma:.2})", at(*median)),
            ScalarDist::Normal { mean, sd } => format!("normal around {} (sd {sd})", at(*mean)),
        },
        Source::Bool { p_true } => format!("true in {:.0}% of rows", p_true * 100.0),
        Source::Text(t) => match t {
            TextSource::Semantic(kind) => kind_words(kind),
            TextSource::Interpolate { hist, .. } => {
                format!("strings between neighbouring pg_stats histogram bounds ({} bounds)", hist.len())
            }
            TextSource::Pattern { pattern, .. } => format!("codes of the pattern {pattern}"),
            TextSource::Words { mean_chars } => format!("words, about {mean_chars} characters"),
            TextSource::Code { len } => format!("codes of {len} letters and digits"),
        },
        Source::Mixed { mcv, mcv_share, rest } => format!(
            "pg_stats most common values in {:.0}% of rows ({}), the rest {}",
            mcv_share * 100.0,
            describe_source(mcv, kind, scale),
            describe_source(rest, kind, scale)
        ),
        Source::Uuid => "random version 4 UUIDs".to_string(),
        Source::Json => "small JSON documents".to_string(),
        Source::Bytes { mean_len } => format!("random bytes, about {mean_len} long"),
        Source::Tsvector => "text search vectors of words".to_string(),
        Source::Literal(_) => "values of its type, written as literals".to_string(),
        Source::Array { element, max_len } => {
            format!(
                "arrays of up to {max_len} elements: {}",
                describe_source(&element.source, element.kind, element.scale)
            )
        }
        Source::Range(r) => {
            format!("ranges whose lower bound is {}", describe_source(&r.bound.source, r.bound.kind, r.bound.scale))
        }
        Source::Multirange(r) => format!("one to three ranges of {}", describe_source(&r.source, r.kind, r.scale)),
        Source::Composite(fields) => format!("composite values of {} fields", fields.len()),
        Source::ForeignKey { .. } => "a parent's key".to_string(),
        Source::KeyPart { .. } => "a part of a unique key".to_string(),
    }
}

/// A point of a column's axis as a value of its type: a date as a date, an amount with its scale.
fn shown(kind: TypeKind, x: f64, scale: u32) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    match Value::from_axis(kind, x, scale) {
        Value::Null => format!("{x}"),
        v => v.to_text(kind),
    }
}

fn kind_words(kind: &crate::semantic::TextKind) -> String {
    let raw = format!("{kind:?}");
    let mut out = String::new();
    for (i, ch) in raw.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(ch.to_lowercase());
    }
    out.push('s');
    out
}

fn op_words(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "equal to",
        CmpOp::Ne => "different from",
        CmpOp::Lt => "before (less than)",
        CmpOp::Le => "at most",
        CmpOp::Gt => "after (greater than)",
        CmpOp::Ge => "at least",
    }
}

/// The parent column `column` copies, by the profile's dependence model.
fn prof_copied<'a>(profile: &'a crate::profile::TableProfile, column: &str) -> Option<&'a str> {
    profile.dependence.as_ref()?.copies.iter().find(|c| c.column == column).map(|c| c.parent.as_str())
}
