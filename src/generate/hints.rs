//! Sensible values for columns without statistics, judged from the column's name and type.
//!
//! With `pg_stats` the generator follows the data; without it (an empty dev database, a table never
//! analyzed) it falls back to what the name says: `price` is a positive amount with cents,
//! `quantity` a small count, `created_at` a moment in the past few years, `birth_date` an adult's
//! birthday. Dates are anchored at [`REFERENCE_DATE`], a fixed day, never the clock: the same seed
//! must give the same rows on any day.

use super::scalar::ScalarDist;
use crate::datetime::{pg_date, USECS_PER_DAY};
use crate::profile::TypeKind;

/// The "today" of generated data when there are no statistics: 2026-01-01.
pub fn reference_day() -> f64 {
    f64::from(pg_date(2026, 1, 1))
}

/// What a name says about a number, a date or a boolean.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumericHint {
    Money,
    Salary,
    Quantity,
    Stock,
    Age,
    Year,
    Rating,
    Percent,
    Latitude,
    Longitude,
    Duration,
    PastMoment,
    FutureMoment,
    BirthDate,
    Generic,
}

fn tokens(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for ch in name.chars() {
        if ch == '_' || ch == '-' || ch == ' ' {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if ch.is_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = ch.is_lowercase() || ch.is_ascii_digit();
        cur.extend(ch.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

pub fn numeric_hint(column: &str) -> NumericHint {
    let t = tokens(column);
    let has = |words: &[&str]| t.iter().any(|w| words.contains(&w.as_str()));
    let last = t.last().map(String::as_str).unwrap_or("");
    if has(&["birth", "birthday", "dob", "birthdate", "born", "geburtsdatum", "naissance"]) {
        NumericHint::BirthDate
    } else if has(&["expires", "expiry", "expiration", "due", "until", "deadline", "valid", "scheduled"]) {
        NumericHint::FutureMoment
    } else if has(&["salary", "wage", "income", "gehalt", "salaire"]) {
        NumericHint::Salary
    } else if has(&[
        "price", "amount", "total", "cost", "fee", "balance", "subtotal", "tax", "discount", "revenue", "payment",
        "paid", "charge", "betrag", "preis", "prix", "montant",
    ]) {
        NumericHint::Money
    } else if has(&["quantity", "qty", "units", "count", "menge", "anzahl", "quantite"]) {
        NumericHint::Quantity
    } else if has(&["stock", "inventory", "available"]) {
        NumericHint::Stock
    } else if last == "age" || column.eq_ignore_ascii_case("alter") {
        NumericHint::Age
    } else if last == "year" || has(&["jahr", "annee"]) {
        NumericHint::Year
    } else if has(&["rating", "stars", "score", "grade", "rank"]) {
        NumericHint::Rating
    } else if has(&["percent", "percentage", "pct", "ratio", "rate"]) {
        NumericHint::Percent
    } else if has(&["lat", "latitude"]) {
        NumericHint::Latitude
    } else if has(&["lng", "lon", "long", "longitude"]) {
        NumericHint::Longitude
    } else if has(&["duration", "length", "elapsed", "runtime", "seconds", "minutes", "milliseconds"]) {
        NumericHint::Duration
    } else if last == "at"
        || last == "on"
        || has(&["date", "time", "timestamp", "created", "updated", "modified", "deleted", "last", "since"])
    {
        NumericHint::PastMoment
    } else {
        NumericHint::Generic
    }
}

/// The distribution of a column of `kind` named `column` when nothing else is known.
pub fn default_dist(kind: TypeKind, column: &str) -> ScalarDist {
    use NumericHint::*;
    let hint = numeric_hint(column);
    let today = reference_day();
    let day_us = USECS_PER_DAY as f64;
    match kind {
        TypeKind::Date | TypeKind::Timestamp | TypeKind::Timestamptz => {
            let (lo_day, hi_day) = match hint {
                BirthDate => (f64::from(pg_date(1940, 1, 1)), f64::from(pg_date(2007, 12, 31))),
                FutureMoment => (today - 30.0, today + 365.0),
                _ => (today - 3.0 * 365.0, today),
            };
            if kind == TypeKind::Date {
                ScalarDist::Uniform { lo: lo_day, hi: hi_day }
            } else {
                ScalarDist::Uniform { lo: lo_day * day_us, hi: hi_day * day_us }
            }
        }
        TypeKind::Time | TypeKind::TimeTz => ScalarDist::Uniform { lo: 0.0, hi: day_us - 1.0 },
        // Object ids of user objects start at 16384; WAL positions of a database in use.
        TypeKind::Oid => ScalarDist::Uniform { lo: 16384.0, hi: 1_000_000.0 },
        TypeKind::PgLsn => ScalarDist::Uniform { lo: f64::from(1u32 << 24), hi: (1u64 << 36) as f64 },
        TypeKind::Interval => ScalarDist::LogNormal { median: 3600.0 * 1e6, sigma: 1.5 },
        _ => match hint {
            Money => ScalarDist::LogNormal { median: 40.0, sigma: 1.0 },
            Salary => ScalarDist::LogNormal { median: 52_000.0, sigma: 0.4 },
            Quantity => ScalarDist::Uniform { lo: 1.0, hi: 10.0 },
            Stock => ScalarDist::Uniform { lo: 0.0, hi: 500.0 },
            Age => ScalarDist::Uniform { lo: 18.0, hi: 90.0 },
            Year => ScalarDist::Uniform { lo: 1970.0, hi: 2025.0 },
            Rating => ScalarDist::Uniform { lo: 1.0, hi: 5.0 },
            Percent if matches!(kind, TypeKind::Real | TypeKind::Double) => ScalarDist::Uniform { lo: 0.0, hi: 1.0 },
            Percent => ScalarDist::Uniform { lo: 0.0, hi: 100.0 },
            Latitude => ScalarDist::Uniform { lo: -60.0, hi: 70.0 },
            Longitude => ScalarDist::Uniform { lo: -180.0, hi: 180.0 },
            Duration => ScalarDist::LogNormal { median: 120.0, sigma: 1.0 },
            _ => match kind {
                TypeKind::Smallint => ScalarDist::Uniform { lo: 0.0, hi: 1000.0 },
                TypeKind::Money => ScalarDist::LogNormal { median: 40.0, sigma: 1.0 },
                TypeKind::Real | TypeKind::Double | TypeKind::Numeric => {
                    ScalarDist::LogNormal { median: 100.0, sigma: 1.2 }
                }
                _ => ScalarDist::Uniform { lo: 1.0, hi: 100_000.0 },
            },
        },
    }
}

/// Words of a name that come in order: a row is created before it is updated, starts before it
/// ends, is valid from before it is valid until.
const ORDERED_WORDS: &[(&[&str], &[&str])] = &[
    (
        &["created", "inserted", "added"],
        &["updated", "modified", "changed", "edited", "deleted", "archived", "closed", "completed", "published"],
    ),
    (
        &["start", "starts", "started", "begin", "begins", "began"],
        &["end", "ends", "ended", "finish", "finished", "stop", "stopped"],
    ),
    (&["from"], &["to", "until", "till", "thru"]),
    (&["opened", "open"], &["closed", "close"]),
    (&["valid"], &["expires", "expired", "expiry"]),
    (&["checkin", "arrival"], &["checkout", "departure"]),
];

/// Whether a column named `later` comes after one named `earlier` of the same table by their
/// names alone: the same words but one, which says first and then (`created_at`, `updated_at`;
/// `start_date`, `end_date`; `valid_from`, `valid_until`).
pub fn comes_after(earlier: &str, later: &str) -> bool {
    let (a, b) = (tokens(earlier), tokens(later));
    if a.len() != b.len() {
        return false;
    }
    let differ: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    let [i] = differ.as_slice() else { return false };
    ORDERED_WORDS.iter().any(|(first, then)| first.contains(&a[*i].as_str()) && then.contains(&b[*i].as_str()))
}

/// The share of `true` for a boolean column named `column` without statistics.
pub fn true_share(column: &str) -> f64 {
    let t = tokens(column);
    let has = |words: &[&str]| t.iter().any(|w| words.contains(&w.as_str()));
    if has(&["deleted", "archived", "banned", "blocked", "suspended", "fraud", "disabled"]) {
        0.05
    } else if has(&["active", "enabled", "verified", "confirmed", "visible", "published", "valid"]) {
        0.85
    } else {
        0.5
    }
}

/// Name tokens (snake_case and camelCase split, lower-cased), shared with the text classifier.
pub fn name_tokens(name: &str) -> Vec<String> {
    tokens(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_numbers_hold() {
        assert_eq!(numeric_hint("unit_price"), NumericHint::Money);
        assert_eq!(numeric_hint("totalAmount"), NumericHint::Money);
        assert_eq!(numeric_hint("quantity"), NumericHint::Quantity);
        assert_eq!(numeric_hint("created_at"), NumericHint::PastMoment);
        assert_eq!(numeric_hint("shipped_at"), NumericHint::PastMoment);
        assert_eq!(numeric_hint("date_of_birth"), NumericHint::BirthDate);
        assert_eq!(numeric_hint("expires_at"), NumericHint::FutureMoment);
        assert_eq!(numeric_hint("release_year"), NumericHint::Year);
        assert_eq!(numeric_hint("customer_id"), NumericHint::Generic);
        assert_eq!(numeric_hint("page"), NumericHint::Generic);
    }

    #[test]
    fn tokens_split_snake_and_camel_case() {
        assert_eq!(name_tokens("lastUpdate"), vec!["last", "update"]);
        assert_eq!(name_tokens("ship_date"), vec!["ship", "date"]);
        assert_eq!(name_tokens("HTTPCode"), vec!["httpcode"]);
    }

    #[test]
    fn past_moments_end_at_the_reference_date() {
        match default_dist(TypeKind::Timestamptz, "created_at") {
            ScalarDist::Uniform { hi, .. } => {
                assert_eq!(hi, reference_day() * USECS_PER_DAY as f64)
            }
            d => panic!("{d:?}"),
        }
    }

    #[test]
    fn names_tell_which_moment_comes_first() {
        for (a, b) in [
            ("created_at", "updated_at"),
            ("createdAt", "updatedAt"),
            ("start_date", "end_date"),
            ("starts_at", "ends_at"),
            ("valid_from", "valid_until"),
            ("date_from", "date_to"),
            ("opened_at", "closed_at"),
            ("created_on", "deleted_on"),
            ("period_start", "period_end"),
        ] {
            assert!(comes_after(a, b), "{a} {b}");
            assert!(!comes_after(b, a), "{b} {a}");
        }
        assert!(!comes_after("created_at", "created_by"));
        assert!(!comes_after("start_date", "due_date"));
        assert!(!comes_after("from_city", "to_city_name"));
    }

    #[test]
    fn booleans_lean_by_name() {
        assert!(true_share("is_active") > 0.8);
        assert!(true_share("deleted") < 0.1);
        assert_eq!(true_share("flag"), 0.5);
    }
}
