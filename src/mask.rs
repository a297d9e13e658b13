//! Masking without a database: fake values, partial masks, noise and generalization.
//!
//! Everything takes plain Rust values; randomness comes from the [`Stream`] passed in, so the
//! SQL layer decides where it comes from (a per-backend stream for the volatile fakers and noise,
//! an HMAC of the value for the keyed pseudonyms of [`crate::pseudonym`]). Text is handled in
//! characters, never bytes, so multibyte input is never cut inside a character.

use crate::datetime::{
    civil_from_days, days_from_civil, DATE_INFINITY, DATE_NEG_INFINITY, TS_INFINITY, TS_NEG_INFINITY,
};
use crate::error::{Result, SynthError};
use crate::rng::Stream;
use crate::semantic::{self, Locale, Persona, TextKind};

/// The values the `synth_fake_*` functions make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fake {
    FirstName,
    LastName,
    Name,
    Email,
    Phone,
    /// Street and number, postcode and city: `12 High Street, 10115 Berlin`.
    Address,
    City,
    Postcode,
    Country,
    Company,
    Iban,
    CreditCard,
    Ip,
    Uuid,
}

/// Most words `synth_fake_lorem` writes in one call.
pub const MAX_LOREM_WORDS: i64 = 100_000;

/// One fake value of `kind`, for a fresh persona of `locale`.
pub fn fake(kind: Fake, locale: Locale, rng: &mut Stream) -> String {
    let persona = Persona::new(rng, locale);
    fake_with(kind, &persona, rng)
}

/// One fake value of `kind` for `persona`.
pub fn fake_with(kind: Fake, persona: &Persona, rng: &mut Stream) -> String {
    let text = match kind {
        Fake::FirstName => TextKind::FirstName,
        Fake::LastName => TextKind::LastName,
        Fake::Name => TextKind::FullName,
        Fake::Email => TextKind::Email,
        Fake::Phone => TextKind::Phone,
        Fake::Address => {
            return format!("{}, {} {}", persona.street_address(), persona.postcode(), persona.city());
        }
        Fake::City => TextKind::City,
        Fake::Postcode => TextKind::Postcode,
        Fake::Country => TextKind::Country,
        Fake::Company => TextKind::Company,
        Fake::Iban => TextKind::Iban,
        Fake::CreditCard => TextKind::CreditCard,
        Fake::Ip => TextKind::Ipv4,
        Fake::Uuid => TextKind::Uuid,
    };
    semantic::fake(text, persona, rng, None)
}

/// `words` words of the locale's vocabulary, separated by spaces.
pub fn lorem(words: i64, locale: Locale, rng: &mut Stream) -> Result<String> {
    if !(0..=MAX_LOREM_WORDS).contains(&words) {
        return Err(SynthError::invalid(format!("words must be between 0 and {MAX_LOREM_WORDS}, not {words}")));
    }
    let persona = Persona::new(rng, locale);
    let out: Vec<String> = (0..words).map(|_| semantic::fake(TextKind::Word, &persona, rng, None)).collect();
    Ok(out.join(" "))
}

fn non_negative(name: &str, v: i32) -> Result<usize> {
    usize::try_from(v).map_err(|_| SynthError::invalid(format!("{name} must not be negative, got {v}")))
}

/// The first `keep_prefix` and last `keep_suffix` characters of `value` around `pad`; when they
/// would together keep the whole value, only `pad` is returned (nothing is revealed).
pub fn partial(value: &str, keep_prefix: i32, pad: &str, keep_suffix: i32) -> Result<String> {
    let (p, s) = (non_negative("keep_prefix", keep_prefix)?, non_negative("keep_suffix", keep_suffix)?);
    let chars: Vec<char> = value.chars().collect();
    if p.saturating_add(s) >= chars.len() {
        return Ok(pad.to_string());
    }
    let mut out: String = chars[..p].iter().collect();
    out.push_str(pad);
    out.extend(&chars[chars.len() - s..]);
    Ok(out)
}

/// The local part of an e-mail address masked (its first character kept, the others `*`), the
/// domain kept: `alice.smith@corp.example` → `a**********@corp.example`. A value without `@`
/// is masked the same way as a whole.
pub fn email(value: &str) -> String {
    let (local, domain) = match value.rfind('@') {
        Some(at) => (&value[..at], &value[at..]),
        None => (value, ""),
    };
    let mut out = String::with_capacity(value.len());
    for (i, c) in local.chars().enumerate() {
        out.push(if i == 0 { c } else { '*' });
    }
    out.push_str(domain);
    out
}

/// Every ASCII digit of `value` but the last `keep_last` replaced by `mask`; everything else
/// (separators, letters, length) stays.
pub fn digits(value: &str, keep_last: i32, mask: &str) -> Result<String> {
    let keep = non_negative("keep_last", keep_last)?;
    let mut m = mask.chars();
    let (Some(mask), None) = (m.next(), m.next()) else {
        return Err(SynthError::invalid(format!("mask must be one character, not \"{mask}\"")));
    };
    let total = value.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    Ok(value
        .chars()
        .map(|c| {
            if !c.is_ascii_digit() {
                return c;
            }
            seen += 1;
            if seen + keep > total {
                c
            } else {
                mask
            }
        })
        .collect())
}

/// `value` times a random factor in [1 − ratio, 1 + ratio].
pub fn noise(value: f64, ratio: f64, rng: &mut Stream) -> Result<f64> {
    if !ratio.is_finite() || ratio < 0.0 {
        return Err(SynthError::invalid(format!("ratio must be a finite number ≥ 0, not {ratio}")));
    }
    Ok(value * (1.0 + ratio * (2.0 * rng.unit() - 1.0)))
}

/// `value` plus a random amount in [−amount, +amount].
pub fn noise_abs(value: f64, amount: f64, rng: &mut Stream) -> Result<f64> {
    if !amount.is_finite() || amount < 0.0 {
        return Err(SynthError::invalid(format!("amount must be a finite number ≥ 0, not {amount}")));
    }
    Ok(value + amount * (2.0 * rng.unit() - 1.0))
}

/// The span of an interval in microseconds, a month counting 30 days (as PostgreSQL's
/// `justify_days` does); negative intervals count as positive.
pub fn interval_micros(months: i32, days: i32, micros: i64) -> i128 {
    let day = 86_400_000_000i128;
    (i128::from(months) * 30 * day + i128::from(days) * day + i128::from(micros)).abs()
}

/// A timestamp moved by a random amount in [−span, +span] microseconds, staying finite;
/// infinities stay.
pub fn noise_timestamp(value: i64, span: i128, rng: &mut Stream) -> i64 {
    if value == TS_INFINITY || value == TS_NEG_INFINITY || span == 0 {
        return value;
    }
    let span = span.min(i128::from(i64::MAX) / 2) as i64;
    let shift = rng.range_i64(-span, span);
    let moved = i128::from(value) + i128::from(shift);
    moved.clamp(i128::from(TS_NEG_INFINITY) + 1, i128::from(TS_INFINITY) - 1) as i64
}

/// A date moved by a random number of whole days in [−span, +span] (span in microseconds,
/// rounded down to days); infinities stay.
pub fn noise_date(value: i32, span: i128, rng: &mut Stream) -> i32 {
    if value == DATE_INFINITY || value == DATE_NEG_INFINITY {
        return value;
    }
    let days = (span / 86_400_000_000).min(i128::from(i32::MAX)) as i64;
    let moved = i64::from(value) + rng.range_i64(-days, days);
    // PostgreSQL's dates stop at 4713 BC and 5874897 AD.
    moved.clamp(-2_451_545, 2_145_031_948) as i32
}

/// The range `[lo, lo + step)` holding `value`, `lo` a multiple of `step`; a bound beyond
/// bigint is `None` (unbounded).
pub fn generalize_int(value: i64, step: i64) -> Result<(Option<i64>, Option<i64>)> {
    if step <= 0 {
        return Err(SynthError::invalid(format!("step must be positive, not {step}")));
    }
    let lo = i128::from(value.div_euclid(step)) * i128::from(step);
    let hi = lo + i128::from(step);
    Ok((i64::try_from(lo).ok(), i64::try_from(hi).ok()))
}

/// The precisions of [`generalize_date`].
pub const DATE_PRECISIONS: &str = "day, week, month, quarter, year, decade";

/// The unit `precision` names (any case, spaces around), as `date_trunc` spells it.
pub fn date_precision(precision: &str) -> Result<&'static str> {
    let unit = precision.trim().to_ascii_lowercase();
    ["day", "week", "month", "quarter", "year", "decade"].into_iter().find(|u| *u == unit).ok_or_else(|| {
        SynthError::invalid(format!("precision \"{precision}\" is not supported"))
            .hint(format!("Use one of {DATE_PRECISIONS}."))
    })
}

/// The first day (days since 2000-01-01) of the `precision` period holding `value`; weeks
/// start on Monday (ISO 8601). Infinities stay.
pub fn generalize_date(value: i32, precision: &str) -> Result<i32> {
    let unit = date_precision(precision)?;
    if value == DATE_INFINITY || value == DATE_NEG_INFINITY {
        return Ok(value);
    }
    const PG_EPOCH: i64 = 10_957;
    let unix = i64::from(value) + PG_EPOCH;
    let (y, m, _) = civil_from_days(unix);
    let first = match unit {
        "day" => unix,
        // 1970-01-05 was a Monday.
        "week" => unix - (unix - 4).rem_euclid(7),
        "month" => days_from_civil(y, m, 1),
        "quarter" => days_from_civil(y, (m - 1) / 3 * 3 + 1, 1),
        "year" => days_from_civil(y, 1, 1),
        _ => days_from_civil(y - y.rem_euclid(10), 1, 1),
    };
    Ok((first - PG_EPOCH).clamp(-2_451_545, i64::from(i32::MAX - 1)) as i32)
}

/// A postcode with its first `keep` letters and digits kept and the others generalized (digits
/// to `0`, letters to `X`); separators stay: (`75012`, 2) → `75000`, (`SW1A 1AA`, 4) → `SW1A 0XX`.
pub fn generalize_postcode(value: &str, keep: i32) -> Result<String> {
    let keep = non_negative("keep", keep)?;
    let mut kept = 0;
    Ok(value
        .chars()
        .map(|c| {
            if !c.is_alphanumeric() {
                return c;
            }
            kept += 1;
            if kept <= keep {
                c
            } else if c.is_numeric() {
                '0'
            } else {
                'X'
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;
    use crate::semantic::checksum::{iban_valid, luhn_valid};

    fn rng(n: u64) -> Stream {
        Key::from_seed(5).stream(n)
    }

    #[test]
    fn fakes_have_their_formats() {
        for i in 0..300 {
            for locale in Locale::ALL {
                let r = &mut rng(i);
                assert!(luhn_valid(&fake(Fake::CreditCard, locale, r)));
                assert!(iban_valid(&fake(Fake::Iban, locale, r)));
                let email = fake(Fake::Email, locale, r);
                assert!(email.contains('@') && email.contains("example."), "{email}");
                let uuid = fake(Fake::Uuid, locale, r);
                assert_eq!(uuid.len(), 36);
                assert_eq!(uuid.as_bytes()[14], b'4');
                let ip = fake(Fake::Ip, locale, r);
                assert_eq!(ip.split('.').filter(|p| p.parse::<u8>().is_ok()).count(), 4, "{ip}");
                let name = fake(Fake::Name, locale, r);
                assert!(name.contains(' '), "{name}");
                for kind in [
                    Fake::FirstName,
                    Fake::LastName,
                    Fake::Phone,
                    Fake::City,
                    Fake::Postcode,
                    Fake::Country,
                    Fake::Company,
                ] {
                    assert!(!fake(kind, locale, r).is_empty(), "{kind:?}");
                }
                let address = fake(Fake::Address, locale, r);
                assert!(address.contains(", "), "{address}");
            }
        }
    }

    #[test]
    fn fakes_follow_the_stream_and_the_locale() {
        assert_eq!(fake(Fake::Name, Locale::De, &mut rng(1)), fake(Fake::Name, Locale::De, &mut rng(1)));
        let de: Vec<String> = (0..20).map(|i| fake(Fake::LastName, Locale::De, &mut rng(i))).collect();
        let fr: Vec<String> = (0..20).map(|i| fake(Fake::LastName, Locale::Fr, &mut rng(i))).collect();
        assert_ne!(de, fr);
    }

    #[test]
    fn lorem_counts_words() {
        assert_eq!(lorem(0, Locale::En, &mut rng(0)).unwrap(), "");
        assert_eq!(lorem(7, Locale::Fr, &mut rng(0)).unwrap().split(' ').count(), 7);
        assert!(lorem(-1, Locale::En, &mut rng(0)).is_err());
        assert!(lorem(MAX_LOREM_WORDS + 1, Locale::En, &mut rng(0)).is_err());
    }

    #[test]
    fn partial_masks() {
        assert_eq!(partial("4111111111111111", 4, "********", 4).unwrap(), "4111********1111");
        assert_eq!(partial("Zoë Müller", 2, "…", 1).unwrap(), "Zo…r");
        assert_eq!(partial("abc", 2, "***", 1).unwrap(), "***", "would reveal everything");
        assert_eq!(partial("", 0, "*", 0).unwrap(), "*");
        assert_eq!(partial("abcdef", 0, "#", 0).unwrap(), "#");
        assert!(partial("abc", -1, "*", 0).is_err());
        assert_eq!(partial(&"x".repeat(1_000_000), i32::MAX, "*", i32::MAX).unwrap(), "*");
    }

    #[test]
    fn email_masks_the_local_part() {
        assert_eq!(email("alice.smith@corp.example"), "a**********@corp.example");
        assert_eq!(email("zoë@x.fr"), "z**@x.fr");
        assert_eq!(email("a\"b@c\"@d.org"), "a*****@d.org");
        assert_eq!(email("@d.org"), "@d.org");
        assert_eq!(email("nobody"), "n*****");
        assert_eq!(email(""), "");
    }

    #[test]
    fn digits_keep_the_format() {
        assert_eq!(digits("+49 (030) 1234-5678", 2, "X").unwrap(), "+XX (XXX) XXXX-XX78");
        assert_eq!(digits("DE89 3704 0044", 0, "0").unwrap(), "DE00 0000 0000");
        assert_eq!(digits("12", 5, "X").unwrap(), "12");
        assert_eq!(digits("", 0, "X").unwrap(), "");
        assert_eq!(digits("١٢3", 0, "•").unwrap(), "١٢•", "only ASCII digits");
        assert!(digits("1", 0, "").is_err());
        assert!(digits("1", 0, "ab").is_err());
        assert!(digits("1", -1, "X").is_err());
    }

    #[test]
    fn noise_stays_within_bounds() {
        let r = &mut rng(3);
        for _ in 0..1000 {
            let v = noise(100.0, 0.1, r).unwrap();
            assert!((90.0..=110.0).contains(&v));
            let w = noise_abs(100.0, 5.0, r).unwrap();
            assert!((95.0..=105.0).contains(&w));
        }
        assert_eq!(noise(7.0, 0.0, r).unwrap(), 7.0);
        assert!(noise(1.0, -0.1, r).is_err());
        assert!(noise(1.0, f64::NAN, r).is_err());
        assert!(noise_abs(1.0, f64::INFINITY, r).is_err());
    }

    #[test]
    fn date_noise_stays_within_the_interval() {
        let r = &mut rng(4);
        let week = interval_micros(0, 7, 0);
        let mut moved = 0;
        for _ in 0..1000 {
            let d = noise_date(9000, week, r);
            assert!((8993..=9007).contains(&d));
            moved += i32::from(d != 9000);
            let t = noise_timestamp(0, interval_micros(0, 0, 3_600_000_000), r);
            assert!(t.abs() <= 3_600_000_000);
        }
        assert!(moved > 800);
        assert_eq!(noise_date(DATE_INFINITY, week, r), DATE_INFINITY);
        assert_eq!(noise_timestamp(TS_NEG_INFINITY, week, r), TS_NEG_INFINITY);
        assert_eq!(interval_micros(-1, 0, 0), interval_micros(1, 0, 0));
        let far = noise_timestamp(TS_INFINITY - 2, interval_micros(i32::MAX, i32::MAX, i64::MAX), r);
        assert!(far < TS_INFINITY);
        let _ = noise_date(2_145_031_948, interval_micros(i32::MAX, 0, 0), r);
    }

    #[test]
    fn integers_generalize_to_ranges() {
        assert_eq!(generalize_int(37, 10).unwrap(), (Some(30), Some(40)));
        assert_eq!(generalize_int(-1, 10).unwrap(), (Some(-10), Some(0)));
        assert_eq!(generalize_int(40, 10).unwrap(), (Some(40), Some(50)));
        assert_eq!(generalize_int(i64::MAX, 10).unwrap().1, None);
        assert_eq!(generalize_int(i64::MIN, 3).unwrap().0, None);
        assert!(generalize_int(1, 0).is_err());
        assert!(generalize_int(1, -5).is_err());
    }

    #[test]
    fn dates_generalize_to_the_start_of_their_period() {
        let d = crate::datetime::pg_date(2024, 8, 15); // a Thursday
        let ymd = |p: &str| crate::datetime::ymd(generalize_date(d, p).unwrap());
        assert_eq!(ymd("week"), (2024, 8, 12));
        assert_eq!(ymd("Month"), (2024, 8, 1));
        assert_eq!(ymd("quarter"), (2024, 7, 1));
        assert_eq!(ymd("year"), (2024, 1, 1));
        assert_eq!(ymd("decade"), (2020, 1, 1));
        assert_eq!(ymd("day"), (2024, 8, 15));
        let monday = crate::datetime::pg_date(2024, 8, 12);
        assert_eq!(generalize_date(monday, "week").unwrap(), monday);
        assert_eq!(
            crate::datetime::ymd(generalize_date(crate::datetime::pg_date(-5, 3, 3), "decade").unwrap()),
            (-10, 1, 1)
        );
        assert_eq!(generalize_date(DATE_INFINITY, "year").unwrap(), DATE_INFINITY);
        let e = generalize_date(d, "fortnight").unwrap_err();
        assert!(e.hint.unwrap().contains("week"));
    }

    #[test]
    fn postcodes_generalize() {
        assert_eq!(generalize_postcode("75012", 2).unwrap(), "75000");
        assert_eq!(generalize_postcode("SW1A 1AA", 4).unwrap(), "SW1A 0XX");
        assert_eq!(generalize_postcode("D-80331", 3).unwrap(), "D-80000");
        assert_eq!(generalize_postcode("123", 10).unwrap(), "123");
        assert_eq!(generalize_postcode("", 1).unwrap(), "");
        assert!(generalize_postcode("1", -1).is_err());
    }
}
