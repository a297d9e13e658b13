//! One column's generator: where its values come from and what they must obey.
//!
//! [`ColumnPlan::build`] reads the column's profile (type, statistics, name) and the rules its
//! constraints impose, and chooses a [`Source`]: PostgreSQL's statistics when there are some,
//! otherwise what the type and the name suggest. [`ColumnPlan::value`] then draws one value for
//! one row, inside the column's bounds and the bounds other columns of the row impose.
//!
//! Choosing the source lives in `source`, drawing values from it in `draw`; this file holds the
//! plan itself and what both read of it.

mod draw;
mod source;
pub(in crate::generate) mod structured;
#[cfg(test)]
mod tests;

use super::constraints::Rules;
use super::literal::Literal;
use super::pattern::Pattern;
use super::scalar::ScalarDist;
use super::text::{TextSource, TextStyle};
use crate::check_expr::CmpOp;
use crate::privacy::exclusion::Exclusion;
use crate::profile::TypeKind;
use crate::rng::Key;
use crate::semantic::TextKind;
use crate::value::Value;

pub(in crate::generate) use source::allowed_values;

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
    /// Values written as literals for the type's input function (see `literal`).
    Literal(Literal),
    Array {
        element: Box<ColumnPlan>,
        max_len: usize,
    },
    /// Ranges whose bounds `bound` draws: lower bound, then a length of `length` axis units.
    Range(Box<RangeSource>),
    /// One to three ranges of `range`, apart and in order.
    Multirange(Box<ColumnPlan>),
    /// A composite value, field by field.
    Composite(Vec<ColumnPlan>),
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

/// How a range column's values are drawn: the lower bound by the subtype's own plan, the length
/// (in axis units of the subtype) from `length`.
#[derive(Clone, Debug)]
pub struct RangeSource {
    pub bound: ColumnPlan,
    pub length: ScalarDist,
    /// Ranges of a discrete subtype (integers, dates) are `[lower, upper)` in whole steps.
    pub discrete: bool,
    /// Shares of empty ranges, and of ranges without a lower or an upper bound (from the
    /// statistics; none without them).
    pub empty: f64,
    pub lower_inf: f64,
    pub upper_inf: f64,
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
    /// The row's slot past its columns that holds the parent row's value this column is never
    /// below (a learned `AfterParent`: an order after its customer's sign-up).
    pub after_parent: Option<usize>,
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
    /// How values move inside their week to keep the hours and days the sample showed.
    pub weekly: Option<crate::calendar::WeekMap>,
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
            after_parent: None,
            unique: None,
            retried: false,
            note: None,
            avoid: None,
            spellings: vec![],
            weekly: None,
            key,
        }
    }

    pub fn is_generated(&self) -> bool {
        !matches!(self.source, Source::Skip)
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

    /// Whether the column needs a person drawn for its row; when no column of the table does,
    /// rows take the plan's persona of the call's locale, which gives the same values to the
    /// columns that read no more than its locale ([`TextSource::needs_person`]).
    pub fn needs_person(&self) -> bool {
        self.reads_persona(TextSource::needs_person)
    }

    /// Whether the column reads the row's persona at all (its locale included).
    pub fn needs_persona(&self) -> bool {
        self.reads_persona(TextSource::needs_persona)
    }

    /// Whether the column's values read the persona, as `text` says of its text source.
    fn reads_persona(&self, text: fn(&TextSource) -> bool) -> bool {
        match &self.source {
            Source::Text(t) => text(t),
            Source::Mixed { rest, .. } => matches!(rest.as_ref(), Source::Text(t) if text(t)),
            Source::Json | Source::Tsvector | Source::Composite(_) => true,
            _ => false,
        }
    }
}
