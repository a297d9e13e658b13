//! The values of the columns being compared, as the judge reads them (numbers, moments,
//! booleans, categories, or only counts), and the judge's classification of each column into an
//! sdtype, which decides which metric scores it.

use std::borrow::Cow;

use serde::Serialize;

use super::{Map, NULL_CODE};

/// Text columns with more distinct values than this are free text, not categories.
pub const CATEGORICAL_MAX_DISTINCT: usize = 200;
/// Text columns with more distinct values than this share of their rows are free text.
pub const CATEGORICAL_MAX_RATIO: f64 = 0.5;

/// What the catalog says about a column, before its values are seen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Single-column primary key, foreign key column, serial or identity column.
    Key,
    Boolean,
    /// Integers, numeric, floating point.
    Number,
    /// date, timestamp, timestamptz.
    Datetime,
    /// Everything else, compared as its text.
    Text,
    /// bytea: never scored.
    Binary,
}

/// The judge's column types (SDMetrics' sdtypes, plus `binary` for what it leaves out).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SdType {
    Id,
    Numerical,
    Datetime,
    Boolean,
    Categorical,
    /// Free text: too many distinct values to be categories; not scored.
    Text,
    Binary,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    Continuous,
    Discrete,
}

impl SdType {
    pub(super) fn shape(self) -> Option<Shape> {
        match self {
            SdType::Numerical | SdType::Datetime => Some(Shape::Continuous),
            SdType::Categorical | SdType::Boolean => Some(Shape::Discrete),
            SdType::Id | SdType::Text | SdType::Binary => None,
        }
    }
}

/// Distinct text values and, per row, which one (or NULL).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Categories {
    codes: Vec<Option<u32>>,
    labels: Vec<String>,
}

/// The values of one column, one entry per row.
#[derive(Clone, Debug, PartialEq)]
pub enum ColumnData {
    /// Numbers; NaN counts as missing, as in pandas.
    Numbers(Vec<Option<f64>>),
    /// Moments as nanoseconds since 1970-01-01 00:00 UTC.
    Moments(Vec<Option<i64>>),
    Booleans(Vec<Option<bool>>),
    Categories(Categories),
    /// Values not kept (keys, free text, binary): only how many rows and how many NULLs.
    Unread {
        rows: usize,
        nulls: usize,
    },
}

/// Collects text values into [`Categories`]; past `limit` distinct values it keeps counting
/// rows and NULLs only and finishes as [`ColumnData::Unread`] (free text).
pub struct CategoriesBuilder {
    limit: Option<usize>,
    index: Map<String, u32>,
    categories: Categories,
    rows: usize,
    nulls: usize,
    overflowed: bool,
}

impl CategoriesBuilder {
    pub fn new(limit: Option<usize>) -> CategoriesBuilder {
        CategoriesBuilder {
            limit,
            index: Map::default(),
            categories: Categories::default(),
            rows: 0,
            nulls: 0,
            overflowed: false,
        }
    }

    pub fn push(&mut self, value: Option<&str>) {
        self.rows += 1;
        if value.is_none() {
            self.nulls += 1;
        }
        if self.overflowed {
            return;
        }
        let code = match value {
            None => None,
            Some(v) => match self.index.get(v) {
                Some(c) => Some(*c),
                None if self.limit.is_some_and(|l| self.categories.labels.len() >= l) => {
                    self.overflowed = true;
                    self.index = Map::default();
                    self.categories = Categories::default();
                    return;
                }
                None => {
                    let c = self.categories.labels.len() as u32;
                    self.index.insert(v.to_owned(), c);
                    self.categories.labels.push(v.to_owned());
                    Some(c)
                }
            },
        };
        self.categories.codes.push(code);
    }

    pub fn finish(self) -> ColumnData {
        if self.overflowed {
            ColumnData::Unread { rows: self.rows, nulls: self.nulls }
        } else {
            ColumnData::Categories(self.categories)
        }
    }
}

/// A value as a hashable key, for counting equal values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Key<'a> {
    Number(u64),
    Moment(i64),
    Boolean(bool),
    Text(&'a str),
}

impl ColumnData {
    /// Numbers, with NaN read as missing.
    pub fn numbers(values: Vec<Option<f64>>) -> ColumnData {
        ColumnData::Numbers(values.into_iter().map(|v| v.filter(|x| !x.is_nan())).collect())
    }

    /// Text values without a limit on distinct values.
    pub fn categories<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> ColumnData {
        let mut b = CategoriesBuilder::new(None);
        values.into_iter().for_each(|v| b.push(v));
        b.finish()
    }

    pub fn rows(&self) -> usize {
        match self {
            ColumnData::Numbers(v) => v.len(),
            ColumnData::Moments(v) => v.len(),
            ColumnData::Booleans(v) => v.len(),
            ColumnData::Categories(c) => c.codes.len(),
            ColumnData::Unread { rows, .. } => *rows,
        }
    }

    pub fn nulls(&self) -> usize {
        match self {
            ColumnData::Numbers(v) => v.iter().filter(|x| x.is_none()).count(),
            ColumnData::Moments(v) => v.iter().filter(|x| x.is_none()).count(),
            ColumnData::Booleans(v) => v.iter().filter(|x| x.is_none()).count(),
            ColumnData::Categories(c) => c.codes.iter().filter(|x| x.is_none()).count(),
            ColumnData::Unread { nulls, .. } => *nulls,
        }
    }

    pub(super) fn null_fraction(&self) -> Option<f64> {
        let rows = self.rows();
        (rows > 0).then(|| self.nulls() as f64 / rows as f64)
    }

    fn key(&self, row: usize) -> Option<Key<'_>> {
        match self {
            // -0.0 and 0.0 are one value.
            ColumnData::Numbers(v) => v[row].map(|x| Key::Number(if x == 0.0 { 0 } else { x.to_bits() })),
            ColumnData::Moments(v) => v[row].map(Key::Moment),
            ColumnData::Booleans(v) => v[row].map(Key::Boolean),
            ColumnData::Categories(c) => c.codes[row].map(|k| Key::Text(&c.labels[k as usize])),
            ColumnData::Unread { .. } => None,
        }
    }

    /// How many distinct non-NULL values.
    pub(super) fn distinct(&self) -> usize {
        match self {
            ColumnData::Categories(c) => c.labels.len(),
            // Values not kept: free text, or NULLs only.
            ColumnData::Unread { rows, nulls } => {
                if rows > nulls {
                    usize::MAX
                } else {
                    0
                }
            }
            _ => {
                let mut seen = Map::default();
                for row in 0..self.rows() {
                    if let Some(k) = self.key(row) {
                        seen.insert(k, ());
                    }
                }
                seen.len()
            }
        }
    }

    /// Numbers and moments as floats (pandas converts datetimes to int64 nanoseconds, then to
    /// float64 for correlations and bins); other columns are all missing.
    pub(super) fn continuous(&self) -> Cow<'_, [Option<f64>]> {
        match self {
            ColumnData::Numbers(v) => Cow::Borrowed(v),
            ColumnData::Moments(v) => Cow::Owned(v.iter().map(|x| x.map(|n| n as f64)).collect()),
            other => Cow::Owned(vec![None; other.rows()]),
        }
    }

    /// The rows at `rows`, in that order (repeats allowed).
    pub(super) fn gather(&self, rows: &[usize]) -> ColumnData {
        match self {
            ColumnData::Numbers(v) => ColumnData::Numbers(rows.iter().map(|r| v[*r]).collect()),
            ColumnData::Moments(v) => ColumnData::Moments(rows.iter().map(|r| v[*r]).collect()),
            ColumnData::Booleans(v) => ColumnData::Booleans(rows.iter().map(|r| v[*r]).collect()),
            ColumnData::Categories(c) => ColumnData::Categories(Categories {
                codes: rows.iter().map(|r| c.codes[*r]).collect(),
                labels: c.labels.clone(),
            }),
            ColumnData::Unread { .. } => ColumnData::Unread { rows: rows.len(), nulls: rows.len() },
        }
    }
}

/// The judge's classification of a column from its catalog kind and its real values, which
/// follows what pandas makes of the values psycopg returns: a column without a single non-NULL
/// value (even bytea), and a boolean column with NULLs, have no numeric, datetime, boolean or
/// bytes dtype and are classified by the text rule (categorical when it has at most 200 distinct
/// values and at most half as many as rows, else free text).
pub fn classify(kind: Kind, real: &ColumnData) -> SdType {
    let rows = real.rows();
    let nulls = real.nulls();
    let typed = rows > nulls;
    match kind {
        Kind::Key => SdType::Id,
        Kind::Binary if typed => SdType::Binary,
        Kind::Number if typed => SdType::Numerical,
        Kind::Datetime if typed => SdType::Datetime,
        Kind::Boolean if typed && nulls == 0 => SdType::Boolean,
        _ => {
            let distinct = real.distinct();
            if distinct <= CATEGORICAL_MAX_DISTINCT && distinct as f64 <= CATEGORICAL_MAX_RATIO * rows.max(1) as f64 {
                SdType::Categorical
            } else {
                SdType::Text
            }
        }
    }
}

/// Codes for the values of columns, equal values getting equal codes, NULL getting [`NULL_CODE`].
#[derive(Default)]
pub(super) struct Encoder<'a> {
    codes: Map<Key<'a>, u32>,
}

impl<'a> Encoder<'a> {
    pub(super) fn encode(&mut self, column: &'a ColumnData) -> Vec<u32> {
        (0..column.rows())
            .map(|row| match column.key(row) {
                None => NULL_CODE,
                Some(k) => {
                    let next = self.codes.len() as u32;
                    *self.codes.entry(k).or_insert(next)
                }
            })
            .collect()
    }
}
