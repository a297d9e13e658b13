//! Generated values, before they become PostgreSQL datums.
//!
//! A [`Value`] is plain Rust data; which PostgreSQL type it becomes is decided by the column's
//! [`TypeKind`] when the writer builds the datum. Text-like types that PostgreSQL parses itself
//! (`inet`, `tsvector`, `json`, enum labels, literals of other types) travel as text.

use serde::{Deserialize, Serialize};

use crate::datetime;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(#[serde(with = "nan_as_null")] f64),
    /// An exact decimal: `unscaled × 10^-scale`.
    Numeric {
        unscaled: i128,
        scale: u32,
    },
    /// Text, and every type whose datum is built from text by its input function.
    Text(String),
    /// Days since 2000-01-01.
    Date(i32),
    /// Microseconds since midnight.
    Time(i64),
    /// Microseconds since 2000-01-01 00:00 UTC (both `timestamp` and `timestamptz`).
    Timestamp(i64),
    Interval {
        months: i32,
        days: i32,
        micros: i64,
    },
    Uuid([u8; 16]),
    Bytes(Vec<u8>),
    Array(Vec<Value>),
}

/// Serde for floats that may be NaN or infinite, which JSON cannot write as numbers: they travel
/// as the strings `"NaN"`, `"inf"` and `"-inf"` (and `null` reads as NaN).
pub mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Wire {
        Number(f64),
        Word(String),
    }

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        match *x {
            x if x.is_finite() => s.serialize_f64(x),
            x if x.is_nan() => s.serialize_str("NaN"),
            x if x > 0.0 => s.serialize_str("inf"),
            _ => s.serialize_str("-inf"),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(match Option::<Wire>::deserialize(d)? {
            Some(Wire::Number(x)) => x,
            Some(Wire::Word(w)) if w == "inf" => f64::INFINITY,
            Some(Wire::Word(w)) if w == "-inf" => f64::NEG_INFINITY,
            _ => f64::NAN,
        })
    }

    /// The same for a list of floats.
    pub mod vec {
        use serde::ser::SerializeSeq;
        use serde::{Deserialize, Deserializer, Serializer};

        struct One(f64);

        impl serde::Serialize for One {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                super::serialize(&self.0, s)
            }
        }

        #[derive(Deserialize)]
        struct Back(#[serde(deserialize_with = "super::deserialize")] f64);

        pub fn serialize<S: Serializer>(xs: &[f64], s: S) -> Result<S::Ok, S::Error> {
            let mut seq = s.serialize_seq(Some(xs.len()))?;
            for x in xs {
                seq.serialize_element(&One(*x))?;
            }
            seq.end()
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
            Ok(Vec::<Back>::deserialize(d)?.into_iter().map(|b| b.0).collect())
        }
    }
}

/// The kind of a column's type, as far as generators tell types apart (part of the profile
/// format, see `profile::TypeInfo`).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum TypeKind {
    Smallint,
    Integer,
    Bigint,
    Numeric,
    Real,
    Double,
    Boolean,
    Text,
    Varchar,
    Char,
    Date,
    Time,
    Timestamp,
    Timestamptz,
    Interval,
    Uuid,
    Json,
    Jsonb,
    Bytea,
    Inet,
    Enum,
    Array,
    Tsvector,
    /// `money`: an amount in the currency of `lc_monetary`, generated as a numeric.
    Money,
    /// `oid`: an unsigned 32-bit integer.
    Oid,
    /// `pg_lsn`: a position in the write-ahead log, printed `16/B374D848`.
    PgLsn,
    /// `timetz`: a time of day with a UTC offset (generated in UTC).
    #[serde(rename = "timetz")]
    TimeTz,
    /// `name`: text of at most 63 bytes.
    Name,
    /// `citext` (extension citext): text compared without regard to case.
    Citext,
    /// `"char"`: one byte.
    SingleChar,
    Xml,
    Cidr,
    Macaddr,
    Macaddr8,
    /// `bit(n)`: exactly `max_length` bits.
    Bit,
    /// `bit varying(n)`: at most `max_length` bits.
    Varbit,
    Point,
    Line,
    Lseg,
    Box,
    Path,
    Polygon,
    Circle,
    Tsquery,
    Jsonpath,
    /// A range type: `element` is its subtype.
    Range,
    /// A multirange type: `element` is its range type.
    Multirange,
    /// A composite type: `fields` are its attributes.
    Composite,
    /// `hstore` (extension hstore): a map of text keys to text values.
    Hstore,
    /// `ltree` (extension ltree): a path of labels.
    Ltree,
    /// `cube` (extension cube): a point or box of up to 100 dimensions.
    Cube,
    /// The product numbers of extension isn (`ean13`, `isbn`, `isbn13`, `ismn`, `ismn13`,
    /// `issn`, `issn13`, `upc`): `name` says which.
    Isn,
    /// `geometry` (extension PostGIS): `geometry` says its subtype and SRID.
    Geometry,
    /// `geography` (extension PostGIS): longitude and latitude, SRID 4326 unless `geometry` says.
    Geography,
    /// `vector(n)` (extension pgvector): `max_length` is the number of dimensions.
    Vector,
    Tid,
    Xid,
    Xid8,
    Cid,
    /// `txid_snapshot` and `pg_snapshot`.
    Snapshot,
    Aclitem,
    Refcursor,
    /// An object identifier type (`regclass`, `regtype`, `regproc` …): `name` says which.
    Reg,
    /// Any other type: generated only from its statistics, through its input function.
    Other,
}

impl TypeKind {
    pub fn is_integer(self) -> bool {
        matches!(self, TypeKind::Smallint | TypeKind::Integer | TypeKind::Bigint | TypeKind::Oid)
    }

    pub fn is_text(self) -> bool {
        matches!(self, TypeKind::Text | TypeKind::Varchar | TypeKind::Char | TypeKind::Name | TypeKind::Citext)
    }

    /// Kinds whose values sit on a number line (and so have ranges, histograms and bounds).
    pub fn is_ordered_scalar(self) -> bool {
        matches!(
            self,
            TypeKind::Smallint
                | TypeKind::Integer
                | TypeKind::Bigint
                | TypeKind::Numeric
                | TypeKind::Real
                | TypeKind::Double
                | TypeKind::Date
                | TypeKind::Time
                | TypeKind::Timestamp
                | TypeKind::Timestamptz
                | TypeKind::Interval
                | TypeKind::Money
                | TypeKind::Oid
                | TypeKind::PgLsn
                | TypeKind::TimeTz
        )
    }
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The position of an ordered scalar on the number line that generators and bounds use:
    /// integers and numerics as themselves, dates in days, times, timestamps and intervals in
    /// microseconds (an interval's month counts as 30 days, as PostgreSQL compares them).
    pub fn axis(&self) -> Option<f64> {
        match self {
            Value::Int(v) => Some(*v as f64),
            Value::Float(v) => Some(*v),
            Value::Numeric { unscaled, scale } => Some(*unscaled as f64 / 10f64.powi(*scale as i32)),
            Value::Date(d) => Some(f64::from(*d)),
            Value::Time(t) | Value::Timestamp(t) => Some(*t as f64),
            Value::Interval { months, days, micros } => Some(
                (i64::from(*months) * 30 + i64::from(*days)) as f64 * datetime::USECS_PER_DAY as f64 + *micros as f64,
            ),
            Value::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
            _ => None,
        }
    }

    /// The value of `kind` at position `x` of the axis (see [`Value::axis`]), rounded to the type's
    /// resolution (`scale` digits for numeric). Out-of-range integers saturate.
    pub fn from_axis(kind: TypeKind, x: f64, scale: u32) -> Value {
        match kind {
            TypeKind::Smallint => Value::Int(x.round().clamp(i16::MIN as f64, i16::MAX as f64) as i64),
            TypeKind::Integer => Value::Int(x.round().clamp(i32::MIN as f64, i32::MAX as f64) as i64),
            TypeKind::Bigint => Value::Int(x.round().clamp(i64::MIN as f64, i64::MAX as f64) as i64),
            TypeKind::Oid => Value::Int(x.round().clamp(0.0, u32::MAX as f64) as i64),
            TypeKind::PgLsn => Value::Int(x.round().clamp(0.0, i64::MAX as f64) as i64),
            TypeKind::Numeric | TypeKind::Money => numeric_from_f64(x, scale),
            TypeKind::Real => Value::Float(f64::from(x as f32)),
            TypeKind::Double => Value::Float(x),
            TypeKind::Date => Value::Date(x.floor().clamp(i32::MIN as f64 + 1.0, i32::MAX as f64 - 1.0) as i32),
            TypeKind::Time | TypeKind::TimeTz => {
                Value::Time(x.round().clamp(0.0, datetime::USECS_PER_DAY as f64) as i64)
            }
            TypeKind::Timestamp | TypeKind::Timestamptz => {
                Value::Timestamp(x.round().clamp(i64::MIN as f64 + 1.0, i64::MAX as f64 - 1.0) as i64)
            }
            TypeKind::Interval => {
                let micros = x.round().clamp(-9.0e18, 9.0e18) as i64;
                Value::Interval {
                    months: 0,
                    days: (micros / datetime::USECS_PER_DAY) as i32,
                    micros: micros % datetime::USECS_PER_DAY,
                }
            }
            TypeKind::Boolean => Value::Bool(x >= 0.5),
            _ => Value::Float(x),
        }
    }

    /// Parses the canonical text that profiles hold for a type (see `profile`): numbers as
    /// PostgreSQL prints them, ISO dates and times, timestamps in UTC, intervals in PostgreSQL
    /// style (or plain seconds), booleans as `t`/`f`; text-like types are taken verbatim. `None`
    /// when the text does not parse, so bad profile content never becomes a wrong value silently.
    pub fn parse_canonical(kind: TypeKind, text: &str) -> Option<Value> {
        let t = text.trim();
        match kind {
            TypeKind::Smallint | TypeKind::Integer | TypeKind::Bigint | TypeKind::Oid => t.parse().ok().map(Value::Int),
            TypeKind::PgLsn => parse_lsn(t).map(Value::Int),
            TypeKind::Real | TypeKind::Double => parse_float(t).map(Value::Float),
            TypeKind::Numeric | TypeKind::Money => parse_numeric(t),
            TypeKind::Boolean => match t {
                "t" | "true" | "TRUE" | "on" | "yes" | "1" => Some(Value::Bool(true)),
                "f" | "false" | "FALSE" | "off" | "no" | "0" => Some(Value::Bool(false)),
                _ => None,
            },
            TypeKind::Date => datetime::parse_date(t).map(Value::Date),
            TypeKind::Time => datetime::parse_time(t).map(Value::Time),
            TypeKind::TimeTz => parse_timetz(t).map(Value::Time),
            TypeKind::Timestamp | TypeKind::Timestamptz => datetime::parse_timestamp(t).map(Value::Timestamp),
            TypeKind::Interval => datetime::parse_interval(t)
                .map(|us| us as f64)
                .or_else(|| parse_float(t).map(|secs| secs * datetime::USECS_PER_SEC as f64))
                .map(|us| Value::from_axis(TypeKind::Interval, us, 0)),
            TypeKind::Bytea => parse_bytea_hex(t).map(Value::Bytes),
            _ => Some(Value::Text(text.to_string())),
        }
    }

    /// Text in the form PostgreSQL's input function for `kind` accepts (and, for the canonical
    /// kinds, the same form [`Value::parse_canonical`] reads).
    pub fn to_text(&self, kind: TypeKind) -> String {
        match self {
            Value::Null => "NULL".into(),
            Value::Bool(b) => if *b { "t" } else { "f" }.into(),
            Value::Int(v) if kind == TypeKind::PgLsn => format_lsn(*v),
            Value::Int(v) => v.to_string(),
            Value::Float(v) => format_float(*v),
            Value::Numeric { unscaled, scale } => format_numeric(*unscaled, *scale),
            Value::Text(s) => s.clone(),
            Value::Date(d) => datetime::format_date(*d),
            Value::Time(t) if kind == TypeKind::TimeTz => format!("{}+00", datetime::format_time(*t)),
            Value::Time(t) => datetime::format_time(*t),
            Value::Timestamp(t) => datetime::format_timestamp(*t, kind == TypeKind::Timestamptz),
            Value::Interval { months, days, micros } => {
                format!("{months} mons {days} days {} secs", *micros as f64 / 1e6)
            }
            Value::Uuid(b) => format_uuid(b),
            Value::Bytes(b) => {
                let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
                format!("\\x{hex}")
            }
            Value::Array(items) => {
                let parts: Vec<String> = items.iter().map(|v| array_element_text(v, kind)).collect();
                // Boxes hold commas: their arrays are delimited by semicolons (`typdelim`).
                format!("{{{}}}", parts.join(if kind == TypeKind::Box { ";" } else { "," }))
            }
        }
    }
}

/// A WAL position `16/B374D848` (two hexadecimal halves) as an integer.
/// Bytes from PostgreSQL's hex output of `bytea` (`\\x0a1b…`); `None` for other forms.
pub fn parse_bytea_hex(t: &str) -> Option<Vec<u8>> {
    let hex = t.strip_prefix("\\x")?.as_bytes();
    if hex.len() % 2 != 0 {
        return None;
    }
    hex.chunks(2).map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()).collect()
}

pub fn parse_lsn(t: &str) -> Option<i64> {
    let (hi, lo) = t.split_once('/')?;
    let (hi, lo) = (u32::from_str_radix(hi, 16).ok()?, u32::from_str_radix(lo, 16).ok()?);
    i64::try_from((u64::from(hi) << 32) | u64::from(lo)).ok()
}

pub fn format_lsn(v: i64) -> String {
    let v = v.max(0) as u64;
    format!("{:X}/{:X}", v >> 32, v & 0xffff_ffff)
}

/// A `timetz` such as `10:30:00+02` or `10:30:00.5-05:30`, as microseconds since midnight UTC.
fn parse_timetz(t: &str) -> Option<i64> {
    let at = t.rfind(['+', '-']).filter(|i| *i > 0)?;
    let (time, offset) = t.split_at(at);
    let local = datetime::parse_time(time)?;
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let mut parts = offset[1..].split(':').map(|p| p.parse::<i64>().ok());
    let hours = parts.next().flatten()?;
    let minutes = parts.next().flatten().unwrap_or(0);
    let seconds = parts.next().flatten().unwrap_or(0);
    let shift = sign * ((hours * 60 + minutes) * 60 + seconds) * datetime::USECS_PER_SEC;
    Some((local - shift).rem_euclid(datetime::USECS_PER_DAY))
}

fn array_element_text(v: &Value, kind: TypeKind) -> String {
    if v.is_null() {
        return "NULL".into();
    }
    let s = v.to_text(kind);
    let escaped = s.replace('\\', "\\\\").replace('"', "\\\"");
    format!("\"{escaped}\"")
}

pub fn parse_float(t: &str) -> Option<f64> {
    match t {
        "NaN" => Some(f64::NAN),
        "Infinity" => Some(f64::INFINITY),
        "-Infinity" => Some(f64::NEG_INFINITY),
        _ => t.parse().ok(),
    }
}

pub fn format_float(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        format!("{v}")
    }
}

/// Parses a decimal such as `-12.340` or `1e3` keeping its scale; `NaN` is not a finite value
/// and is returned as text for the input function.
pub fn parse_numeric(t: &str) -> Option<Value> {
    if t.eq_ignore_ascii_case("nan") || t.ends_with("Infinity") {
        return Some(Value::Text(t.to_string()));
    }
    if t.contains(['e', 'E']) {
        let v: f64 = t.parse().ok()?;
        return Some(numeric_from_f64(v, 0));
    }
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) || frac.len() > 30 {
        return None;
    }
    let joined = format!("{whole}{frac}");
    let unscaled: i128 = if joined.is_empty() { 0 } else { joined.parse().ok()? };
    Some(Value::Numeric { unscaled: if neg { -unscaled } else { unscaled }, scale: frac.len() as u32 })
}

/// Rounds `x` to `scale` decimal digits (half away from zero, as PostgreSQL rounds numerics).
pub fn numeric_from_f64(x: f64, scale: u32) -> Value {
    if !x.is_finite() {
        return Value::Text(format_float(x));
    }
    let factor = 10f64.powi(scale as i32);
    let scaled = (x * factor).round();
    let unscaled = scaled.clamp(-1.0e37, 1.0e37) as i128;
    Value::Numeric { unscaled, scale }
}

pub fn format_numeric(unscaled: i128, scale: u32) -> String {
    let neg = unscaled < 0;
    let digits = unscaled.unsigned_abs().to_string();
    let scale = scale as usize;
    let body = if scale == 0 {
        digits
    } else if digits.len() > scale {
        let (w, f) = digits.split_at(digits.len() - scale);
        format!("{w}.{f}")
    } else {
        format!("0.{}{digits}", "0".repeat(scale - digits.len()))
    };
    if neg {
        format!("-{body}")
    } else {
        body
    }
}

pub fn format_uuid(b: &[u8; 16]) -> String {
    let h: Vec<String> = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        h[0..4].concat(),
        h[4..6].concat(),
        h[6..8].concat(),
        h[8..10].concat(),
        h[10..16].concat()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytea_reads_back_from_hex_output() {
        let v = Value::Bytes(vec![0, 0x9f, 0xff, 0x10]);
        assert_eq!(Value::parse_canonical(TypeKind::Bytea, &v.to_text(TypeKind::Bytea)), Some(v));
        assert_eq!(parse_bytea_hex("\\x"), Some(vec![]));
        assert_eq!(parse_bytea_hex("\\x0"), None);
        assert_eq!(parse_bytea_hex("\\000"), None);
    }

    #[test]
    fn numerics_keep_scale_and_sign() {
        assert_eq!(parse_numeric("-12.340"), Some(Value::Numeric { unscaled: -12340, scale: 3 }));
        assert_eq!(format_numeric(-12340, 3), "-12.340");
        assert_eq!(format_numeric(5, 2), "0.05");
        assert_eq!(format_numeric(-5, 2), "-0.05");
        assert_eq!(numeric_from_f64(2.675, 2).to_text(TypeKind::Numeric), "2.68");
        assert_eq!(parse_numeric("abc"), None);
        assert_eq!(parse_numeric("."), None);
    }

    #[test]
    fn canonical_text_round_trips() {
        let cases = [
            (TypeKind::Integer, "42"),
            (TypeKind::Numeric, "4.99"),
            (TypeKind::Date, "2022-05-24"),
            (TypeKind::Timestamptz, "2022-05-24 23:33:42.123+00"),
            (TypeKind::Timestamp, "2022-05-24 23:33:42"),
            (TypeKind::Time, "08:30:00"),
            (TypeKind::Boolean, "t"),
            (TypeKind::Double, "-1.5"),
        ];
        for (kind, text) in cases {
            let v = Value::parse_canonical(kind, text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(v.to_text(kind), text, "{kind:?}");
        }
        assert_eq!(Value::parse_canonical(TypeKind::Integer, "x"), None);
    }

    #[test]
    fn axis_round_trips_by_kind() {
        assert_eq!(Value::from_axis(TypeKind::Smallint, 1e9, 0), Value::Int(32767));
        assert_eq!(Value::from_axis(TypeKind::Numeric, 12.34567, 2).axis(), Some(12.35));
        let ts = Value::parse_canonical(TypeKind::Timestamptz, "2020-01-01 00:00:00+00").unwrap();
        assert_eq!(Value::from_axis(TypeKind::Timestamptz, ts.axis().unwrap(), 0), ts);
        let iv = Value::parse_canonical(TypeKind::Interval, "90061.5").unwrap();
        assert_eq!(iv, Value::Interval { months: 0, days: 1, micros: 3_661_500_000 });
    }

    #[test]
    fn arrays_and_uuids_render_as_input_text() {
        let arr = Value::Array(vec![Value::Text("a b".into()), Value::Null, Value::Text("q\"".into())]);
        assert_eq!(arr.to_text(TypeKind::Text), r#"{"a b",NULL,"q\""}"#);
        let u = Value::Uuid([0x12; 16]);
        assert_eq!(u.to_text(TypeKind::Uuid), "12121212-1212-1212-1212-121212121212");
    }
}
