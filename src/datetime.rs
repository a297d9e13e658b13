//! Calendar arithmetic in PostgreSQL's own units, without a database.
//!
//! Dates are days since 2000-01-01 and timestamps microseconds since 2000-01-01 00:00 UTC, as in
//! PostgreSQL's `DateADT` and `Timestamp`; `i32::MIN`/`i32::MAX` and `i64::MIN`/`i64::MAX` are its
//! `-infinity` and `infinity`. Text is ISO 8601 as PostgreSQL prints it with `DateStyle = ISO`.

pub const USECS_PER_SEC: i64 = 1_000_000;
pub const USECS_PER_DAY: i64 = 86_400 * USECS_PER_SEC;
pub const DATE_NEG_INFINITY: i32 = i32::MIN;
pub const DATE_INFINITY: i32 = i32::MAX;
pub const TS_NEG_INFINITY: i64 = i64::MIN;
pub const TS_INFINITY: i64 = i64::MAX;

/// Days from 1970-01-01 to 2000-01-01.
const UNIX_TO_PG_DAYS: i64 = 10_957;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (`civil_from_days`).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

pub fn pg_date(y: i64, m: u32, d: u32) -> i32 {
    (days_from_civil(y, m, d) - UNIX_TO_PG_DAYS) as i32
}

pub fn ymd(pg_days: i32) -> (i64, u32, u32) {
    civil_from_days(i64::from(pg_days) + UNIX_TO_PG_DAYS)
}

pub fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Parses `YYYY-MM-DD` (optionally followed by ` BC`), `infinity` or `-infinity`.
pub fn parse_date(s: &str) -> Option<i32> {
    let s = s.trim();
    match s {
        "infinity" => return Some(DATE_INFINITY),
        "-infinity" => return Some(DATE_NEG_INFINITY),
        _ => {}
    }
    let (body, bc) = strip_bc(s);
    let (y, m, d) = parse_ymd(body)?;
    let y = if bc { 1 - y } else { y };
    Some(pg_date(y, m, d))
}

/// Parses `HH:MM:SS[.ffffff]` into microseconds since midnight (24:00:00 is allowed).
pub fn parse_time(s: &str) -> Option<i64> {
    let s = s.trim();
    let mut parts = s.splitn(3, ':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let sec = parts.next().unwrap_or("0");
    let (whole, frac) = match sec.split_once('.') {
        Some((w, f)) => (w, f),
        None => (sec, ""),
    };
    let whole: i64 = whole.parse().ok()?;
    let micros = parse_fraction_micros(frac)?;
    if !(0..=24).contains(&h) || !(0..60).contains(&m) || !(0..=60).contains(&whole) {
        return None;
    }
    Some(((h * 60 + m) * 60 + whole) * USECS_PER_SEC + micros)
}

/// Parses `YYYY-MM-DD HH:MM:SS[.ffffff][+HH[:MM]]` (also with `T`), `infinity`, `-infinity`,
/// into microseconds since 2000-01-01 00:00 UTC. A missing offset means UTC.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.trim();
    match s {
        "infinity" => return Some(TS_INFINITY),
        "-infinity" => return Some(TS_NEG_INFINITY),
        _ => {}
    }
    let (s, bc) = strip_bc(s);
    let (date_part, rest) = match s.find([' ', 'T']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let (y, m, d) = parse_ymd(date_part)?;
    let y = if bc { 1 - y } else { y };
    let days = i64::from(pg_date(y, m, d));
    if rest.is_empty() {
        return Some(days * USECS_PER_DAY);
    }
    let (time_part, offset_secs) = split_offset(rest)?;
    let t = parse_time(time_part)?;
    Some(days * USECS_PER_DAY + t - offset_secs * USECS_PER_SEC)
}

fn strip_bc(s: &str) -> (&str, bool) {
    match s.strip_suffix(" BC") {
        Some(body) => (body, true),
        None => (s, false),
    }
}

fn parse_ymd(s: &str) -> Option<(i64, u32, u32)> {
    let mut it = s.splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let d: u32 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some((y, m, d))
}

fn parse_fraction_micros(frac: &str) -> Option<i64> {
    if frac.is_empty() {
        return Some(0);
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = frac.chars().chain(std::iter::repeat('0')).take(6).collect();
    digits.parse().ok()
}

/// Splits a trailing `+HH`, `-HH:MM` or `Z` offset from a time; returns the offset in seconds.
fn split_offset(s: &str) -> Option<(&str, i64)> {
    if let Some(body) = s.strip_suffix('Z') {
        return Some((body, 0));
    }
    let Some(pos) = s.rfind(['+', '-']) else {
        return Some((s, 0));
    };
    let (body, off) = (&s[..pos], &s[pos..]);
    let sign = if off.starts_with('-') { -1 } else { 1 };
    let mut parts = off[1..].split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    let sec: i64 = parts.next().map_or(Some(0), |p| p.parse().ok())?;
    Some((body, sign * (h * 3600 + m * 60 + sec)))
}

/// Parses an interval as PostgreSQL prints it with `IntervalStyle = postgres`
/// (`1 year 2 mons -3 days 04:05:06.5`, `00:30:00`, `2 days`) into microseconds, counting a
/// month as 30 days and a year as 12 months, as PostgreSQL compares intervals.
pub fn parse_interval(s: &str) -> Option<i64> {
    let mut total: i64 = 0;
    let mut words = s.split_whitespace().peekable();
    let mut seen = false;
    while let Some(w) = words.next() {
        seen = true;
        if w.contains(':') {
            let (neg, body) = match w.strip_prefix('-') {
                Some(b) => (true, b),
                None => (false, w.strip_prefix('+').unwrap_or(w)),
            };
            let mut parts = body.splitn(3, ':');
            let h: i64 = parts.next()?.parse().ok()?;
            let m: i64 = parts.next()?.parse().ok()?;
            let sec = parts.next().unwrap_or("0");
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, ""));
            let micros =
                ((h * 60 + m) * 60 + whole.parse::<i64>().ok()?) * USECS_PER_SEC + parse_fraction_micros(frac)?;
            total += if neg { -micros } else { micros };
            continue;
        }
        let n: f64 = w.parse().ok()?;
        let unit = words.next()?.trim_end_matches('s');
        let micros_per_unit = match unit {
            "year" => 360.0 * USECS_PER_DAY as f64,
            "mon" | "month" => 30.0 * USECS_PER_DAY as f64,
            "week" => 7.0 * USECS_PER_DAY as f64,
            "day" => USECS_PER_DAY as f64,
            "hour" => 3600.0 * USECS_PER_SEC as f64,
            "min" | "minute" => 60.0 * USECS_PER_SEC as f64,
            "sec" | "second" => USECS_PER_SEC as f64,
            _ => return None,
        };
        total += (n * micros_per_unit).round() as i64;
    }
    seen.then_some(total)
}

pub fn format_date(days: i32) -> String {
    match days {
        DATE_INFINITY => "infinity".into(),
        DATE_NEG_INFINITY => "-infinity".into(),
        _ => {
            let (y, m, d) = ymd(days);
            format_ymd(y, m, d)
        }
    }
}

fn format_ymd(y: i64, m: u32, d: u32) -> String {
    if y <= 0 {
        format!("{:04}-{m:02}-{d:02} BC", 1 - y)
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

pub fn format_time(micros: i64) -> String {
    let secs = micros.div_euclid(USECS_PER_SEC);
    let frac = micros.rem_euclid(USECS_PER_SEC);
    let (h, m, s) = (secs / 3600, (secs / 60) % 60, secs % 60);
    if frac == 0 {
        format!("{h:02}:{m:02}:{s:02}")
    } else {
        let f = format!("{frac:06}");
        format!("{h:02}:{m:02}:{s:02}.{}", f.trim_end_matches('0'))
    }
}

/// ISO text of a timestamp; `utc_suffix` appends `+00` (for `timestamptz`).
pub fn format_timestamp(micros: i64, utc_suffix: bool) -> String {
    match micros {
        TS_INFINITY => return "infinity".into(),
        TS_NEG_INFINITY => return "-infinity".into(),
        _ => {}
    }
    let days = micros.div_euclid(USECS_PER_DAY);
    let time = micros.rem_euclid(USECS_PER_DAY);
    let (y, m, d) = ymd(days as i32);
    let date = format_ymd(y, m, d);
    let (date, bc) = match date.strip_suffix(" BC") {
        Some(body) => (body.to_string(), " BC"),
        None => (date, ""),
    };
    let tz = if utc_suffix { "+00" } else { "" };
    format!("{date} {}{tz}{bc}", format_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_is_zero() {
        assert_eq!(pg_date(2000, 1, 1), 0);
        assert_eq!(parse_timestamp("2000-01-01 00:00:00+00"), Some(0));
        assert_eq!(format_date(0), "2000-01-01");
    }

    #[test]
    fn round_trips_dates_across_centuries() {
        for days in [-800_000, -36_525, -1, 0, 59, 60, 365, 8_000, 3_000_000] {
            assert_eq!(parse_date(&format_date(days)), Some(days), "{days}");
        }
        assert_eq!(format_date(pg_date(2024, 2, 29)), "2024-02-29");
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(format_date(pg_date(0, 6, 1)), "0001-06-01 BC");
    }

    #[test]
    fn parses_timestamps_with_offsets_and_fractions() {
        let base = parse_timestamp("2022-02-14 21:21:59.996577").unwrap();
        assert_eq!(parse_timestamp("2022-02-14 21:21:59.996577+00"), Some(base));
        assert_eq!(parse_timestamp("2022-02-14T23:21:59.996577+02:00"), Some(base));
        assert_eq!(parse_timestamp("2022-02-14 16:21:59.996577-05"), Some(base));
        assert_eq!(format_timestamp(base, true), "2022-02-14 21:21:59.996577+00");
        assert_eq!(parse_timestamp("infinity"), Some(TS_INFINITY));
        assert_eq!(parse_timestamp("2020-01-01"), Some(i64::from(pg_date(2020, 1, 1)) * USECS_PER_DAY));
    }

    #[test]
    fn intervals_parse_in_postgres_style() {
        assert_eq!(parse_interval("1 day"), Some(USECS_PER_DAY));
        assert_eq!(parse_interval("00:30:00"), Some(1800 * USECS_PER_SEC));
        assert_eq!(
            parse_interval("1 year 2 mons -3 days 04:05:06.5"),
            Some((360 + 60 - 3) * USECS_PER_DAY + 14_706_500_000)
        );
        assert_eq!(parse_interval("-01:00:00"), Some(-3600 * USECS_PER_SEC));
        assert_eq!(parse_interval("soon"), None);
        assert_eq!(parse_interval(""), None);
    }

    #[test]
    fn times_round_trip() {
        assert_eq!(parse_time("13:05:09.5"), Some(47_109_500_000));
        assert_eq!(format_time(47_109_500_000), "13:05:09.5");
        assert_eq!(format_time(0), "00:00:00");
        assert_eq!(parse_time("25:00:00"), None);
    }
}
