//! Edge values: for one column, the values at the limits of its type and its constraints.
//!
//! [`edge_values`] lists, in a fixed order, what `mode => 'edge'` cycles through: the lowest and
//! highest values the column admits (the type's range, narrowed by CHECK constraints, domains,
//! typmods and partition bounds), zero and the smallest step, `-infinity`/`infinity` and `NaN`
//! where the type has them and the constraints admit them, the shortest and longest strings, a
//! multi-byte one, every enum label or IN-list value, and NULL where the column allows it. Every
//! value in a list satisfies the column's own rules; checks between columns are the row's
//! business (see `scenario`).

use super::column::{allowed_values, ColumnPlan, Source};
use super::constraints::Rules;
use crate::datetime::{pg_date, DATE_INFINITY, DATE_NEG_INFINITY, TS_INFINITY, TS_NEG_INFINITY, USECS_PER_DAY};
use crate::profile::{ColumnProfile, TypeKind};
use crate::semantic::Persona;
use crate::value::{parse_float, Value};

/// The first date PostgreSQL stores: 4714-11-24 BC (Julian day 0), in days since 2000-01-01.
pub const DATE_MIN: i32 = -2_451_545;
/// The last date PostgreSQL stores: 5874897-12-31.
pub const DATE_MAX: i32 = 2_145_031_948;
/// The first timestamp PostgreSQL stores: 4714-11-24 00:00:00 BC, in µs since 2000-01-01.
pub const TS_MIN: i64 = -211_813_488_000_000_000;
/// The last timestamp PostgreSQL stores: 294276-12-31 23:59:59.999999.
pub const TS_MAX: i64 = 9_223_371_331_199_999_999;
/// PostgreSQL's documented interval range is ±178,000,000 years.
pub const INTERVAL_MAX_MONTHS: i32 = 178_000_000 * 12;
/// Characters of the long string of a text column without a length limit.
pub const LONG_TEXT: usize = 4096;
/// Digits of the largest numeric without a typmod (as far as exact decimals here go).
const NUMERIC_DIGITS: u32 = 37;
/// Multi-byte text: two-, three- and four-byte UTF-8 characters.
pub const MULTIBYTE: &str = "Ωmega ünïcødé 東京 🎉";
/// Quotes, a backslash and LIKE wildcards.
pub const PUNCTUATION: &str = "it's \"quoted\" \\ 100% _";

/// The edge values of column `col` (its plan) described by `prof`, in the order rows take them.
/// `specials`: whether `-infinity`, `infinity` and `NaN` may be used (not in columns compared with
/// other columns, whose bounds they would make meaningless). Empty when the column keeps its
/// typical values (PostgreSQL fills it, a key decides it, it is always NULL).
pub fn edge_values(col: &ColumnPlan, prof: &ColumnProfile, specials: bool, persona: &Persona) -> Vec<Value> {
    match &col.source {
        Source::Skip | Source::ForeignKey { .. } | Source::KeyPart { .. } => return vec![],
        Source::Choice { values, .. } if values.iter().all(Value::is_null) => return vec![],
        _ => {}
    }
    let r = &col.rules;
    // NaN sorts above every number: it needs an open upper end (a typmod's is not a CHECK's).
    let typmod_hi = match (col.kind, prof.ty.precision) {
        (TypeKind::Numeric, Some(p)) => {
            let max = 10f64.powi(p as i32 - col.scale as i32) - 10f64.powi(-(col.scale as i32));
            r.bounds.hi >= max * (1.0 - 1e-12)
        }
        _ => false,
    };
    let nan_ok = specials && (r.bounds.hi == f64::INFINITY || typmod_hi);
    let candidates = match allowed_values(prof, r) {
        // Enum labels and IN lists: every one of them, in declared order.
        Some(allowed) => allowed,
        None => by_kind(col, prof, specials, nan_ok, persona),
    };
    let mut out: Vec<Value> = Vec::new();
    for v in candidates {
        if admits(r, col.kind, &v, nan_ok) && !out.contains(&v) {
            out.push(v);
        }
    }
    if !r.not_null && (col.unique.is_none() || col.null_frac > 0.0) {
        out.push(Value::Null);
    }
    out
}

/// Whether a non-null edge value meets the column's own rules (bounds, exclusions, lists);
/// `nan_ok`: whether NaN does.
pub fn admits(r: &Rules, kind: TypeKind, v: &Value, nan_ok: bool) -> bool {
    if r.forbidden.contains(v) || r.allowed.as_ref().is_some_and(|a| !a.contains(v)) {
        return false;
    }
    if let Value::Text(t) = v {
        if kind.is_text() {
            let n = t.trim_end_matches(' ').chars().count();
            return n >= r.min_chars
                && r.max_chars.is_none_or(|m| t.chars().count() <= m)
                && r.max_octets.is_none_or(|m| t.len() <= m);
        }
    }
    let Some(x) = special(kind, v).or_else(|| v.axis()) else { return true };
    if x.is_nan() {
        return nan_ok;
    }
    r.bounds.contains(x) && !r.excluded.iter().any(|e| (e - x).abs() < f64::EPSILON.max(x.abs() * 1e-15))
}

/// `NaN`, `Infinity` and `-Infinity` of a numeric (carried as text) as a float.
fn special(kind: TypeKind, v: &Value) -> Option<f64> {
    match (kind, v) {
        (TypeKind::Numeric, Value::Text(t)) => parse_float(t),
        _ => None,
    }
}

fn by_kind(col: &ColumnPlan, prof: &ColumnProfile, specials: bool, nan_ok: bool, persona: &Persona) -> Vec<Value> {
    let r = &col.rules;
    let (open_lo, open_hi) = (specials && r.bounds.lo == f64::NEG_INFINITY, specials && r.bounds.hi == f64::INFINITY);
    match col.kind {
        k if k.is_integer() => integers(k, r),
        TypeKind::Numeric => numerics(prof.ty.precision, col.scale, r, open_lo, open_hi, nan_ok),
        TypeKind::Real | TypeKind::Double => floats(col.kind, r, open_lo, open_hi, nan_ok),
        TypeKind::Date => dates(r, open_lo, open_hi),
        TypeKind::Timestamp | TypeKind::Timestamptz => timestamps(r, col.time_precision, open_lo, open_hi),
        TypeKind::Time | TypeKind::TimeTz => times(r, col.time_precision),
        // money is a 64-bit count of cents: its ends, a cent either side of zero.
        TypeKind::Money => [i128::from(i64::MIN), -1, 0, 1, i128::from(i64::MAX)]
            .into_iter()
            .map(|unscaled| Value::Numeric { unscaled, scale: 2 })
            .collect(),
        TypeKind::PgLsn => vec![Value::Int(0), Value::Int(i64::MAX)],
        TypeKind::Interval => intervals(r, col.time_precision),
        TypeKind::Boolean => vec![Value::Bool(false), Value::Bool(true)],
        k if k.is_text() => texts(col, persona),
        TypeKind::Uuid => vec![Value::Uuid([0; 16]), Value::Uuid([0xff; 16])],
        TypeKind::Json | TypeKind::Jsonb => {
            ["{}", "[]", "null", "0", "\"Ωmega ünïcødé 東京 🎉\"", "{\"\": {\"\": []}}"]
                .iter()
                .map(|t| Value::Text(t.to_string()))
                .collect()
        }
        TypeKind::Bytea => vec![Value::Bytes(vec![]), Value::Bytes((0..=255).collect())],
        TypeKind::Inet => ["0.0.0.0", "255.255.255.255", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"]
            .iter()
            .map(|t| Value::Text(t.to_string()))
            .collect(),
        TypeKind::Tsvector => vec![Value::Text(String::new()), Value::Text("'ünïcødé' '東京'".into())],
        TypeKind::Array => vec![Value::Array(vec![]), Value::Array(vec![Value::Null])],
        // Literals at the ends of what the types hold: empty and unbounded ranges, the whole
        // address space, all-zero and all-one bit strings, the smallest documents.
        TypeKind::Range => texts_of(&["empty", "(,)"]),
        TypeKind::Multirange => texts_of(&["{}", "{(,)}"]),
        TypeKind::Cidr => texts_of(&["0.0.0.0/0", "255.255.255.255/32", "::/0"]),
        TypeKind::Macaddr => texts_of(&["00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff"]),
        TypeKind::Macaddr8 => texts_of(&["00:00:00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff:ff:ff"]),
        TypeKind::Bit | TypeKind::Varbit => {
            let n = prof.ty.max_length.unwrap_or(1).max(1) as usize;
            let mut v = vec![Value::Text("0".repeat(n)), Value::Text("1".repeat(n))];
            if col.kind == TypeKind::Varbit {
                v.push(Value::Text(String::new()));
            }
            v
        }
        TypeKind::Point => texts_of(&["(0,0)", "(-1e+300,1e+300)"]),
        TypeKind::Xml => texts_of(&["<a/>", "<x>&amp; ünïcødé 東京</x>"]),
        // Other types: the smallest and largest values the statistics list.
        _ => match &col.source {
            Source::Choice { values, .. } => values.first().into_iter().chain(values.last()).cloned().collect(),
            _ => vec![],
        },
    }
}

/// Moves `x` inward (up when `up`) past excluded values, one step at a time.
fn off_excluded(r: &Rules, x: f64, step: f64, up: bool) -> f64 {
    let mut x = x;
    for _ in 0..16 {
        if !r.excluded.iter().any(|e| (e - x).abs() < step / 2.0) {
            break;
        }
        x = if up { x + step } else { x - step };
    }
    x
}

fn texts_of(literals: &[&str]) -> Vec<Value> {
    literals.iter().map(|t| Value::Text(t.to_string())).collect()
}

fn integers(kind: TypeKind, r: &Rules) -> Vec<Value> {
    let (tlo, thi) = match kind {
        TypeKind::Smallint => (f64::from(i16::MIN), f64::from(i16::MAX)),
        TypeKind::Integer => (f64::from(i32::MIN), f64::from(i32::MAX)),
        TypeKind::Oid => (0.0, f64::from(u32::MAX)),
        _ => (i64::MIN as f64, i64::MAX as f64),
    };
    let lo = off_excluded(r, r.bounds.lo.max(tlo).ceil(), 1.0, true);
    let hi = off_excluded(r, r.bounds.hi.min(thi).floor(), 1.0, false);
    [lo, hi, 0.0].iter().map(|x| Value::from_axis(kind, *x, 0)).collect()
}

/// `10^e` as an exact integer (saturating).
fn pow10(e: u32) -> i128 {
    10i128.checked_pow(e).unwrap_or(i128::MAX)
}

/// The numeric with `scale` digits nearest to `x` on the inside of a bound (`up`: at or above).
fn numeric_inward(x: f64, scale: u32, up: bool) -> Value {
    let f = x * 10f64.powi(scale as i32);
    let unscaled = if up { f.ceil() } else { f.floor() };
    Value::Numeric { unscaled: unscaled.clamp(-1e37, 1e37) as i128, scale }
}

fn numerics(precision: Option<u32>, scale: u32, r: &Rules, open_lo: bool, open_hi: bool, nan: bool) -> Vec<Value> {
    // numeric(p, s) holds up to p digits: ±(10^p − 1)·10^−s, exactly.
    let max = match precision {
        Some(p) => Value::Numeric { unscaled: pow10(p.min(NUMERIC_DIGITS)) - 1, scale },
        None => Value::Numeric { unscaled: pow10(NUMERIC_DIGITS) - 1, scale },
    };
    let max_axis = max.axis().unwrap_or(f64::MAX);
    let negate = |v: &Value| match v {
        Value::Numeric { unscaled, scale } => Value::Numeric { unscaled: -unscaled, scale: *scale },
        other => other.clone(),
    };
    let step = 10f64.powi(-(scale as i32));
    let lo = if r.bounds.lo <= -max_axis * (1.0 - 1e-12) {
        negate(&max)
    } else {
        numeric_inward(off_excluded(r, r.bounds.lo, step, true), scale, true)
    };
    let hi = if r.bounds.hi >= max_axis * (1.0 - 1e-12) {
        max.clone()
    } else {
        numeric_inward(off_excluded(r, r.bounds.hi, step, false), scale, false)
    };
    let text = |t: &str| Value::Text(t.to_string());
    // Infinity does not fit a numeric with a typmod; NaN does.
    let infinite = precision.is_none();
    let mut out = vec![];
    out.push(if open_lo && infinite { text("-Infinity") } else { lo.clone() });
    out.push(if open_hi && infinite { text("Infinity") } else { hi.clone() });
    out.push(Value::Numeric { unscaled: 0, scale });
    out.push(Value::Numeric { unscaled: 1, scale });
    out.extend([lo, hi]);
    if nan {
        out.push(text("NaN"));
    }
    out
}

fn floats(kind: TypeKind, r: &Rules, open_lo: bool, open_hi: bool, nan: bool) -> Vec<Value> {
    let real = kind == TypeKind::Real;
    let (max, tiny) =
        if real { (f64::from(f32::MAX), f64::from(f32::MIN_POSITIVE)) } else { (f64::MAX, f64::MIN_POSITIVE) };
    // A bound as the nearest value of the type on its inside.
    let inward = |x: f64, up: bool| -> f64 {
        if !real || !x.is_finite() {
            return x;
        }
        let f = x as f32;
        let f = match (f64::from(f) < x, f64::from(f) > x) {
            (true, _) if up => f.next_up(),
            (_, true) if !up => f.next_down(),
            _ => f,
        };
        f64::from(f)
    };
    let lo = if r.bounds.lo.is_finite() { inward(r.bounds.lo, true) } else { -max };
    let hi = if r.bounds.hi.is_finite() { inward(r.bounds.hi, false) } else { max };
    let mut out = vec![];
    out.push(if open_lo { f64::NEG_INFINITY } else { lo });
    out.push(if open_hi { f64::INFINITY } else { hi });
    out.extend([0.0, tiny, lo, hi]);
    if nan {
        out.push(f64::NAN);
    }
    out.into_iter().map(Value::Float).collect()
}

/// Rounds `x` µs to the `precision` digits of a time type, up or down.
fn to_precision(x: f64, precision: Option<u32>, up: bool) -> f64 {
    let q = match precision {
        Some(p) if p < 6 => 10f64.powi(6 - p as i32),
        _ => 1.0,
    };
    if up {
        (x / q).ceil() * q
    } else {
        (x / q).floor() * q
    }
}

fn dates(r: &Rules, open_lo: bool, open_hi: bool) -> Vec<Value> {
    let lo = r.bounds.lo.max(f64::from(DATE_MIN)).ceil() as i32;
    let hi = r.bounds.hi.min(f64::from(DATE_MAX)).floor() as i32;
    let mut out = vec![];
    out.push(if open_lo { DATE_NEG_INFINITY } else { lo });
    out.push(if open_hi { DATE_INFINITY } else { hi });
    out.extend([lo, hi, pg_date(1970, 1, 1), pg_date(2000, 2, 29)]);
    out.into_iter().map(Value::Date).collect()
}

fn timestamps(r: &Rules, precision: Option<u32>, open_lo: bool, open_hi: bool) -> Vec<Value> {
    let lo = to_precision(r.bounds.lo.max(TS_MIN as f64), precision, true) as i64;
    let hi = to_precision(r.bounds.hi.min(TS_MAX as f64), precision, false) as i64;
    // f64 cannot hold TS_MAX exactly: an unbounded column takes the exact last microsecond.
    let hi = if r.bounds.hi >= TS_MAX as f64 { to_precision_i64(TS_MAX, precision) } else { hi };
    let day = |y, m, d| i64::from(pg_date(y, m, d)) * USECS_PER_DAY;
    let leap_end = to_precision_i64(day(2000, 3, 1) - 1, precision);
    let mut out = vec![];
    out.push(if open_lo { TS_NEG_INFINITY } else { lo });
    out.push(if open_hi { TS_INFINITY } else { hi });
    out.extend([lo, hi, day(1970, 1, 1), leap_end]);
    out.into_iter().map(Value::Timestamp).collect()
}

/// `x` µs rounded down to `precision` digits, in integers (exact at the ends of the range).
fn to_precision_i64(x: i64, precision: Option<u32>) -> i64 {
    match precision {
        Some(p) if p < 6 => {
            let q = 10i64.pow(6 - p);
            x.div_euclid(q) * q
        }
        _ => x,
    }
}

fn times(r: &Rules, precision: Option<u32>) -> Vec<Value> {
    let lo = to_precision(r.bounds.lo.max(0.0), precision, true);
    let hi = to_precision(r.bounds.hi.min(USECS_PER_DAY as f64), precision, false);
    let last = to_precision((USECS_PER_DAY - 1) as f64, precision, false);
    [lo, hi, last].iter().map(|x| Value::Time(*x as i64)).collect()
}

fn intervals(r: &Rules, precision: Option<u32>) -> Vec<Value> {
    let extreme = |months: i32| Value::Interval { months, days: 0, micros: 0 };
    let lo = if r.bounds.lo.is_finite() {
        Value::from_axis(TypeKind::Interval, to_precision(r.bounds.lo, precision, true), 0)
    } else {
        extreme(-INTERVAL_MAX_MONTHS)
    };
    let hi = if r.bounds.hi.is_finite() {
        Value::from_axis(TypeKind::Interval, to_precision(r.bounds.hi, precision, false), 0)
    } else {
        extreme(INTERVAL_MAX_MONTHS)
    };
    let tiny = to_precision(1.0, precision, true) as i64;
    vec![
        lo,
        hi,
        Value::Interval { months: 0, days: 0, micros: 0 },
        Value::Interval { months: 0, days: 0, micros: tiny },
    ]
}

/// The shortest string, the longest, a multi-byte one as long as allowed, and punctuation; each
/// made to fit the column's length limits, LIKE patterns and padding.
fn texts(col: &ColumnPlan, persona: &Persona) -> Vec<Value> {
    let r = &col.rules;
    let longest = r.max_chars.unwrap_or(LONG_TEXT).max(r.min_chars);
    let repeat_to = |base: &str, n: usize| -> String { base.chars().cycle().take(n).collect() };
    let multibyte = if r.max_chars.is_some() { repeat_to(MULTIBYTE, longest) } else { MULTIBYTE.to_string() };
    let raw = [repeat_to("x", r.min_chars), repeat_to("x", longest), multibyte, PUNCTUATION.to_string()];
    let key = col.key.derive("edge");
    raw.into_iter().enumerate().map(|(k, t)| col.fit(Value::Text(t), &mut key.stream(k as u64), &[], persona)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::column::TableRef;
    use crate::generate::constraints::Constraints;
    use crate::profile::*;
    use crate::rng::Key;
    use crate::semantic::Locale;

    use crate::generate::tests::col;

    /// The edge values of the single column of a table with these CHECKs.
    fn raw(c: ColumnProfile, checks: &[&str], specials: bool) -> Vec<Value> {
        let p = crate::generate::tests::checked_table("t", vec![c], checks);
        let rules = Constraints::collect(&p).rules.remove(0);
        let t = TableRef { name: "t", label: "public.t", rows: 1000.0 };
        let plan = ColumnPlan::build(&t, &p.columns[0], rules, Key(9)).unwrap();
        let persona = Persona::new(&mut Key(1).stream(0), Locale::En);
        edge_values(&plan, &p.columns[0], specials, &persona)
    }

    /// As [`raw`], as text.
    fn edges_with(c: ColumnProfile, checks: &[&str], specials: bool) -> Vec<String> {
        let kind = c.ty.kind;
        raw(c, checks, specials).iter().map(|v| v.to_text(kind)).collect()
    }

    fn edges(c: ColumnProfile, checks: &[&str]) -> Vec<String> {
        edges_with(c, checks, true)
    }

    #[test]
    fn integers_reach_the_limits_of_their_type() {
        assert_eq!(edges(col("a", TypeKind::Smallint, true), &[]), ["-32768", "32767", "0"]);
        assert_eq!(edges(col("a", TypeKind::Integer, true), &[]), ["-2147483648", "2147483647", "0"]);
        assert_eq!(
            edges(col("a", TypeKind::Bigint, false), &[]),
            ["-9223372036854775808", "9223372036854775807", "0", "NULL"]
        );
    }

    #[test]
    fn check_bounds_are_the_edges() {
        let between = "CHECK (((x >= 1) AND (x <= 10)))";
        assert_eq!(edges(col("x", TypeKind::Integer, true), &[between]), ["1", "10"]);
        // Strict comparisons land on the first admitted value; excluded values are stepped over.
        assert_eq!(edges(col("x", TypeKind::Integer, true), &["CHECK (((x > 0) AND (x < 100)))"]), ["1", "99"]);
        assert_eq!(
            edges(col("x", TypeKind::Integer, true), &["CHECK ((x >= 0))", "CHECK ((x <> 0))"]),
            ["1", "2147483647"]
        );
        // IN lists give every value.
        assert_eq!(edges(col("x", TypeKind::Integer, true), &["CHECK ((x = ANY (ARRAY[3, 5, 8])))"]), ["3", "5", "8"]);
    }

    #[test]
    fn numeric_typmods_give_their_largest_value_and_nan() {
        let mut n = col("price", TypeKind::Numeric, true);
        n.ty.precision = Some(5);
        n.ty.scale = Some(2);
        assert_eq!(edges(n.clone(), &[]), ["-999.99", "999.99", "0.00", "0.01", "NaN"]);
        // A CHECK's bound; no NaN once a CHECK closes the upper end.
        assert_eq!(edges(n.clone(), &["CHECK ((price >= (0)::numeric))"]), ["0.00", "999.99", "0.01", "NaN"]);
        assert_eq!(edges(n, &["CHECK (((price > (0)::numeric) AND (price <= 100.5)))"]), ["0.01", "100.50"]);
        // Without a typmod: infinities too.
        let mut u = col("amount", TypeKind::Numeric, true);
        u.ty.scale = None;
        let e = edges(u, &[]);
        assert_eq!(e[0], "-Infinity");
        assert_eq!(e[1], "Infinity");
        assert!(e.contains(&"NaN".to_string()));
        assert!(e.contains(&format!("{}.99", "9".repeat(35))), "{e:?}");
    }

    fn values(c: ColumnProfile, checks: &[&str]) -> Vec<Value> {
        raw(c, checks, true)
    }

    #[test]
    fn floats_have_infinities_nan_and_their_limits() {
        let f = |x: f64| Value::Float(x);
        let got = values(col("f", TypeKind::Double, true), &[]);
        assert_eq!(
            got[..6],
            [f(f64::NEG_INFINITY), f(f64::INFINITY), f(0.0), f(f64::MIN_POSITIVE), f(-f64::MAX), f(f64::MAX)]
        );
        assert!(matches!(got[6], Value::Float(x) if x.is_nan()));
        assert_eq!(got.len(), 7);
        let real = values(col("r", TypeKind::Real, true), &[]);
        assert_eq!(real[4..6], [f(-f64::from(f32::MAX)), f(f64::from(f32::MAX))]);
        // A strict lower bound of a real is the first real above it, not a double that rounds to 0.
        let pos = values(col("r", TypeKind::Real, true), &["CHECK ((r > (0)::double precision))"]);
        assert_eq!(pos[0], f(f64::from(f32::from_bits(1))));
        assert_eq!(pos[1], f(f64::INFINITY));
        // Compared with another column: no infinities or NaN.
        let plain = edges_with(col("f", TypeKind::Double, true), &[], false);
        assert!(!plain.iter().any(|t| t.contains("Infinity") || t == "NaN"), "{plain:?}");
    }

    #[test]
    fn dates_and_timestamps_reach_the_ends_of_their_range() {
        assert_eq!(
            edges(col("d", TypeKind::Date, true), &[]),
            ["-infinity", "infinity", "4714-11-24 BC", "5874897-12-31", "1970-01-01", "2000-02-29"]
        );
        assert_eq!(
            edges_with(col("d", TypeKind::Date, false), &["CHECK ((d >= '2020-01-01'::date))"], true),
            ["2020-01-01", "infinity", "5874897-12-31", "NULL"]
        );
        assert_eq!(
            edges(col("t", TypeKind::Timestamp, true), &[]),
            [
                "-infinity",
                "infinity",
                "4714-11-24 00:00:00 BC",
                "294276-12-31 23:59:59.999999",
                "1970-01-01 00:00:00",
                "2000-02-29 23:59:59.999999"
            ]
        );
        let mut t0 = col("t", TypeKind::Timestamptz, true);
        t0.ty.precision = Some(0);
        let e = edges_with(t0, &[], false);
        assert_eq!(e[1], "294276-12-31 23:59:59+00");
        assert_eq!(e[3], "2000-02-29 23:59:59+00");
        assert_eq!(edges(col("t", TypeKind::Time, true), &[]), ["00:00:00", "24:00:00", "23:59:59.999999"]);
    }

    #[test]
    fn text_edges_are_empty_longest_and_multibyte() {
        let mut v = col("code", TypeKind::Varchar, false);
        v.ty.max_length = Some(5);
        assert_eq!(edges(v, &[]), ["", "xxxxx", "Ωmega", "it's ", "NULL"]);
        // Length CHECKs move the shortest and longest.
        let e = edges(col("name", TypeKind::Text, true), &["CHECK (((length(name) >= 2) AND (length(name) <= 4)))"]);
        assert_eq!(e, ["xx", "xxxx", "Ωmeg", "it's"]);
        let long = edges(col("body", TypeKind::Text, true), &[]);
        assert_eq!(long[0], "");
        assert_eq!(long[1].chars().count(), LONG_TEXT);
        assert_eq!(long[2], MULTIBYTE);
        assert!(long[2].len() > long[2].chars().count(), "multi-byte");
        // char(n) pads.
        let mut c = col("cc", TypeKind::Char, true);
        c.ty.max_length = Some(2);
        assert_eq!(edges(c, &[]), ["  ", "xx", "Ωm", "it"]);
    }

    #[test]
    fn every_enum_label_and_in_list_value_is_an_edge() {
        let mut e = col("mood", TypeKind::Enum, false);
        e.ty.enum_labels = Some(vec!["sad".into(), "ok".into(), "happy".into()]);
        assert_eq!(edges(e.clone(), &[]), ["sad", "ok", "happy", "NULL"]);
        assert_eq!(edges(e, &["CHECK ((mood <> 'ok'::mood))"]), ["sad", "happy", "NULL"]);
        let s = col("status", TypeKind::Text, true);
        assert_eq!(edges(s, &["CHECK ((status = ANY (ARRAY['new'::text, 'done'::text])))"]), ["new", "done"]);
    }

    #[test]
    fn other_types_have_their_own_edges() {
        assert_eq!(edges(col("b", TypeKind::Boolean, false), &[]), ["f", "t", "NULL"]);
        assert_eq!(
            edges(col("u", TypeKind::Uuid, true), &[]),
            ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]
        );
        let iv = values(col("i", TypeKind::Interval, true), &[]);
        assert_eq!(iv[0], Value::Interval { months: -INTERVAL_MAX_MONTHS, days: 0, micros: 0 });
        assert_eq!(iv[3], Value::Interval { months: 0, days: 0, micros: 1 });
        assert_eq!(edges(col("j", TypeKind::Jsonb, true), &[])[..3], ["{}", "[]", "null"]);
        let mut a = col("a", TypeKind::Array, true);
        a.ty.element = Some(Box::new(col("a", TypeKind::Integer, true).ty));
        assert_eq!(edges(a, &[]), ["{}", "{NULL}"]);
    }
}
