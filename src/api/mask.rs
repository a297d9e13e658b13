//! The masking toolbox in SQL: random fakers, partial masks, keyed pseudonyms, noise,
//! generalization and column shuffling. Each function converts its arguments and calls
//! [`crate::mask`], [`crate::pseudonym`] or [`crate::shuffle`].
//!
//! Volatility is honest: fakers and noise are `VOLATILE` (a fresh value per call); pseudonyms and
//! `synth_hash` are `STABLE` (they read `synthdata.secret` and `synthdata.locale`); masks and
//! generalizations that depend on their arguments alone are `IMMUTABLE`.
//!
//! So is parallel safety: fakers and noise are `PARALLEL RESTRICTED`, like PostgreSQL's own
//! `random()`, because they draw from the backend's stream ([`random`]): a parallel worker would
//! start its own stream each query, so a session seeded with `synthdata.seed` would neither
//! repeat its sequence nor keep the values of two queries apart. Everything else here is
//! `PARALLEL SAFE` (settings reach parallel workers) except `synth_shuffle`, which writes.

use std::cell::RefCell;

use pgrx::prelude::*;

use super::args::parse_locale;
use crate::error::SynthError;
use crate::introspect::settings;
use crate::mask::{self, Fake};
use crate::pg::{raise, OrRaise};
use crate::pseudonym::{self, Alphabet, Pseudo};
use crate::rng::{mix64, Key, Stream};
use crate::semantic::Locale;

thread_local! {
    /// The backend's source of fresh randomness and the `synthdata.seed` it was seeded from.
    static RANDOM: RefCell<Option<(Option<i64>, Stream)>> = const { RefCell::new(None) };
}

/// A fresh random stream for one call. With `synthdata.seed` set, a session's sequence of calls
/// is reproducible (setting the seed again starts it over); without, the stream is seeded from
/// the clock and the process id. The functions using it are PARALLEL RESTRICTED, so it runs in
/// the leader; a worker number is mixed in all the same, in case one is ever called in a worker.
fn random() -> Stream {
    let seed = settings::seed().or_raise();
    RANDOM.with(|r| {
        let mut r = r.borrow_mut();
        if r.as_ref().is_none_or(|(s, _)| *s != seed) {
            let worker = unsafe { pg_sys::ParallelWorkerNumber } as i64 as u64;
            let root = match seed {
                Some(s) => Key::from_seed(s).derive("synth_fake"),
                None => {
                    let now = unsafe { pg_sys::GetCurrentTimestamp() } as u64;
                    let pid = unsafe { pg_sys::MyProcPid } as u64;
                    Key(mix64(now ^ (pid << 40)))
                }
            };
            *r = Some((seed, root.derive_n(worker.wrapping_add(1)).stream(0)));
        }
        let (_, base) = r.as_mut().unwrap_or_else(|| unreachable!());
        Key(base.next_u64()).stream(0)
    })
}

fn locale(locale: Option<&str>) -> Locale {
    match parse_locale(locale).or_raise() {
        Some(l) => l,
        None => settings::locale().or_raise(),
    }
}

fn key(key: Option<&str>, function: &str) -> Vec<u8> {
    pseudonym::secret(key, settings::secret().as_deref(), function).or_raise()
}

fn fake(kind: Fake, loc: Option<&str>) -> String {
    mask::fake(kind, locale(loc), &mut random())
}

// ---------------------------------------------------------------------------------------------
// Random fakers (VOLATILE).

/// A random given name in `locale` (`en`, `de`, `fr`; NULL: `synthdata.locale`).
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_first_name")]
fn synth_fake_first_name(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::FirstName, locale)
}

/// A random family name.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_last_name")]
fn synth_fake_last_name(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::LastName, locale)
}

/// A random `First Last`.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_name")]
fn synth_fake_name(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::Name, locale)
}

/// A random e-mail address on a reserved example domain.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_email")]
fn synth_fake_email(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::Email, locale)
}

/// A random phone number in a country's format (fiction ranges where they exist).
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_phone")]
fn synth_fake_phone(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::Phone, locale)
}

/// A random `street and number, postcode city`.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_address")]
fn synth_fake_address(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::Address, locale)
}

/// A random city.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_city")]
fn synth_fake_city(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::City, locale)
}

/// A random postcode in its country's format.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_postcode")]
fn synth_fake_postcode(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::Postcode, locale)
}

/// A random country name, in the locale's language.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_country")]
fn synth_fake_country(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::Country, locale)
}

/// A random company name with a legal suffix.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_company")]
fn synth_fake_company(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::Company, locale)
}

/// A random IBAN with valid check digits.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_iban")]
fn synth_fake_iban(locale: default!(Option<&str>, "NULL")) -> String {
    fake(Fake::Iban, locale)
}

/// A random Luhn-valid 16-digit card number in groups of four.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_credit_card")]
fn synth_fake_credit_card() -> String {
    fake(Fake::CreditCard, Some("en"))
}

/// A random public unicast IPv4 address.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_ip")]
fn synth_fake_ip() -> String {
    fake(Fake::Ip, Some("en"))
}

/// A random version 4 UUID.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_uuid")]
fn synth_fake_uuid() -> pgrx::Uuid {
    let text = fake(Fake::Uuid, Some("en"));
    let hex: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    let mut bytes = [0u8; 16];
    for (i, b) in bytes.iter_mut().enumerate() {
        let pair = std::str::from_utf8(&hex[2 * i..2 * i + 2]).unwrap_or("00");
        *b = u8::from_str_radix(pair, 16).unwrap_or(0);
    }
    pgrx::Uuid::from_bytes(bytes)
}

/// `words` random words of the locale's vocabulary.
#[pg_extern(volatile, parallel_restricted, name = "synth_fake_lorem")]
fn synth_fake_lorem(words: default!(Option<i32>, 5), locale: default!(Option<&str>, "NULL")) -> Option<String> {
    // NULL words, NULL text (as the other fakers and masks treat NULL).
    let words = words?;
    Some(mask::lorem(i64::from(words), self::locale(locale), &mut random()).or_raise())
}

// ---------------------------------------------------------------------------------------------
// Partial masking (IMMUTABLE).

/// The first `keep_prefix` and last `keep_suffix` characters around `pad`; only `pad` when
/// they would keep the whole value.
#[pg_extern(immutable, strict, parallel_safe, name = "synth_mask_partial")]
fn synth_mask_partial(value: &str, keep_prefix: i32, pad: &str, keep_suffix: i32) -> String {
    mask::partial(value, keep_prefix, pad, keep_suffix).or_raise()
}

/// The local part masked (first character kept), the domain kept.
#[pg_extern(immutable, strict, parallel_safe, name = "synth_mask_email")]
fn synth_mask_email(value: &str) -> String {
    mask::email(value)
}

/// Every digit but the last `keep_last` replaced by `mask`; separators, letters and length stay.
#[pg_extern(immutable, strict, parallel_safe, name = "synth_mask_digits")]
fn synth_mask_digits(value: &str, keep_last: default!(i32, 0), mask: default!(&str, "'X'")) -> String {
    mask::digits(value, keep_last, mask).or_raise()
}

// ---------------------------------------------------------------------------------------------
// Keyed pseudonyms (STABLE: they read synthdata.secret and synthdata.locale).

fn pseudo(
    kind: Pseudo,
    value: Option<&str>,
    key_arg: Option<&str>,
    loc: Option<&str>,
    function: &str,
) -> Option<String> {
    let value = value?;
    let k = key(key_arg, function);
    Some(pseudonym::fake_of(kind, &k, value, locale(loc)))
}

/// HMAC-SHA256 of `value` under `key` (else `synthdata.secret`), as 64 hex digits.
#[pg_extern(stable, parallel_safe, name = "synth_hash")]
fn synth_hash(value: Option<&str>, key: default!(Option<&str>, "NULL")) -> Option<String> {
    let value = value?;
    let k = self::key(key, "synth_hash");
    Some(pseudonym::hmac_hex(&k, value.as_bytes()))
}

/// A fake `First Last` standing for `value`: the same under the same key, everywhere.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_name")]
fn synth_pseudonymize_name(
    value: Option<&str>,
    key: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> Option<String> {
    pseudo(Pseudo::Name, value, key, locale, "synth_pseudonymize_name")
}

/// A fake given name standing for `value` (agrees with `synth_pseudonymize_name` of the same value).
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_first_name")]
fn synth_pseudonymize_first_name(
    value: Option<&str>,
    key: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> Option<String> {
    pseudo(Pseudo::FirstName, value, key, locale, "synth_pseudonymize_first_name")
}

/// A fake family name standing for `value`.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_last_name")]
fn synth_pseudonymize_last_name(
    value: Option<&str>,
    key: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> Option<String> {
    pseudo(Pseudo::LastName, value, key, locale, "synth_pseudonymize_last_name")
}

/// A fake e-mail address (reserved example domains) standing for `value`; case and surrounding
/// spaces of `value` are ignored.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_email")]
fn synth_pseudonymize_email(
    value: Option<&str>,
    key: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> Option<String> {
    pseudo(Pseudo::Email, value, key, locale, "synth_pseudonymize_email")
}

/// A fake phone number (fiction ranges where they exist) standing for `value`.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_phone")]
fn synth_pseudonymize_phone(
    value: Option<&str>,
    key: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> Option<String> {
    pseudo(Pseudo::Phone, value, key, locale, "synth_pseudonymize_phone")
}

/// A fake `street and number, postcode city` standing for `value`.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_address")]
fn synth_pseudonymize_address(
    value: Option<&str>,
    key: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> Option<String> {
    pseudo(Pseudo::Address, value, key, locale, "synth_pseudonymize_address")
}

/// A fake city standing for `value`.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_city")]
fn synth_pseudonymize_city(
    value: Option<&str>,
    key: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> Option<String> {
    pseudo(Pseudo::City, value, key, locale, "synth_pseudonymize_city")
}

/// A fake company standing for `value`.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_company")]
fn synth_pseudonymize_company(
    value: Option<&str>,
    key: default!(Option<&str>, "NULL"),
    locale: default!(Option<&str>, "NULL"),
) -> Option<String> {
    pseudo(Pseudo::Company, value, key, locale, "synth_pseudonymize_company")
}

/// `value` with its digits mapped through a keyed bijection; length, separators and letters
/// stay, distinct values stay distinct.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_digits")]
fn synth_pseudonymize_digits(value: Option<&str>, key: default!(Option<&str>, "NULL")) -> Option<String> {
    let value = value?;
    let k = self::key(key, "synth_pseudonymize_digits");
    Some(pseudonym::format_preserving(&k, value, Alphabet::Digits))
}

fn pseudo_int(value: Option<i64>, key: Option<&str>, min: i64, max: i64) -> Option<i64> {
    let value = value?;
    let k = self::key(key, "synth_pseudonymize_int");
    Some(pseudonym::integer(&k, value, min, max))
}

/// `value` mapped through a keyed bijection of `bigint` that keeps its sign and number of digits:
/// distinct keys stay distinct and keep their magnitude.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_int")]
fn synth_pseudonymize_int8(value: Option<i64>, key: default!(Option<&str>, "NULL")) -> Option<i64> {
    pseudo_int(value, key, i64::MIN, i64::MAX)
}

/// As for `bigint`, within the range of `integer`.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_int")]
fn synth_pseudonymize_int4(value: Option<i32>, key: default!(Option<&str>, "NULL")) -> Option<i32> {
    pseudo_int(value.map(i64::from), key, i64::from(i32::MIN), i64::from(i32::MAX)).map(|v| v as i32)
}

/// As for `bigint`, within the range of `smallint`.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_int")]
fn synth_pseudonymize_int2(value: Option<i16>, key: default!(Option<&str>, "NULL")) -> Option<i16> {
    pseudo_int(value.map(i64::from), key, i64::from(i16::MIN), i64::from(i16::MAX)).map(|v| v as i16)
}

/// `value` with its digits and ASCII letters mapped through a keyed bijection (digits to digits,
/// capitals to capitals, small letters to small letters); everything else stays.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_code")]
fn synth_pseudonymize_code(value: Option<&str>, key: default!(Option<&str>, "NULL")) -> Option<String> {
    let value = value?;
    let k = self::key(key, "synth_pseudonymize_code");
    Some(pseudonym::format_preserving(&k, value, Alphabet::Alphanumeric))
}

/// A valid IBAN of the same country and layout standing for `value` (account part pseudonymized,
/// check digits recomputed); distinct IBANs stay distinct.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_iban")]
fn synth_pseudonymize_iban(value: Option<&str>, key: default!(Option<&str>, "NULL")) -> Option<String> {
    let value = value?;
    let k = self::key(key, "synth_pseudonymize_iban");
    Some(pseudonym::iban(&k, value))
}

/// A Luhn-valid card number with the same separators standing for `value`.
#[pg_extern(stable, parallel_safe, name = "synth_pseudonymize_credit_card")]
fn synth_pseudonymize_credit_card(value: Option<&str>, key: default!(Option<&str>, "NULL")) -> Option<String> {
    let value = value?;
    let k = self::key(key, "synth_pseudonymize_credit_card");
    Some(pseudonym::credit_card(&k, value))
}

// ---------------------------------------------------------------------------------------------
// Noise (VOLATILE).

/// `value` times a random factor in [1 − ratio, 1 + ratio].
#[pg_extern(volatile, strict, parallel_restricted, name = "synth_noise")]
fn synth_noise(value: f64, ratio: f64) -> f64 {
    mask::noise(value, ratio, &mut random()).or_raise()
}

/// `value` plus a random amount in [−amount, +amount].
#[pg_extern(volatile, strict, parallel_restricted, name = "synth_noise_abs")]
fn synth_noise_abs(value: f64, amount: f64) -> f64 {
    mask::noise_abs(value, amount, &mut random()).or_raise()
}

fn to_numeric(x: f64) -> AnyNumeric {
    AnyNumeric::try_from(x).unwrap_or_else(|_| raise(SynthError::invalid("the noise is out of the range of numeric")))
}

/// `value + delta` rounded to `value`'s scale, in numeric arithmetic (no float8 round trip).
fn numeric_plus(value: AnyNumeric, delta: AnyNumeric) -> AnyNumeric {
    if value.is_nan() {
        return value;
    }
    let text = value.to_string();
    let scale = text.split_once('.').map_or(0, |(_, frac)| frac.len()) as i32;
    let sum = value + delta;
    unsafe { pgrx::direct_function_call::<AnyNumeric>(pg_sys::numeric_round, &[sum.into_datum(), scale.into_datum()]) }
        .unwrap_or_else(|| raise(SynthError::invalid("rounding the noisy value failed")))
}

/// As `synth_noise(float8, float8)`, in numeric arithmetic and at `value`'s scale.
#[pg_extern(volatile, strict, parallel_restricted, name = "synth_noise")]
fn synth_noise_numeric(value: AnyNumeric, ratio: f64) -> AnyNumeric {
    let factor = mask::noise(1.0, ratio, &mut random()).or_raise() - 1.0;
    let delta = value.clone() * to_numeric(factor);
    numeric_plus(value, delta)
}

/// As `synth_noise_abs(float8, float8)`, in numeric arithmetic and at `value`'s scale.
#[pg_extern(volatile, strict, parallel_restricted, name = "synth_noise_abs")]
fn synth_noise_abs_numeric(value: AnyNumeric, amount: f64) -> AnyNumeric {
    let delta = mask::noise_abs(0.0, amount, &mut random()).or_raise();
    numeric_plus(value, to_numeric(delta))
}

fn span(interval: &Interval) -> i128 {
    mask::interval_micros(interval.months(), interval.days(), interval.micros())
}

/// `value` moved by a random amount within ± `shift` (a month counts 30 days).
#[pg_extern(volatile, strict, parallel_restricted, name = "synth_noise_date")]
fn synth_noise_date_tz(value: TimestampWithTimeZone, shift: Interval) -> TimestampWithTimeZone {
    let micros = mask::noise_timestamp(pg_sys::TimestampTz::from(value), span(&shift), &mut random());
    TimestampWithTimeZone::try_from(micros)
        .unwrap_or_else(|_| raise(SynthError::invalid("the shifted timestamp is out of range")))
}

/// `value` moved by a random number of whole days within ± `shift`.
#[pg_extern(volatile, strict, parallel_restricted, name = "synth_noise_date")]
fn synth_noise_date_date(value: Date, shift: Interval) -> Date {
    let days = mask::noise_date(value.to_pg_epoch_days(), span(&shift), &mut random());
    Date::saturating_from_raw(days)
}

// ---------------------------------------------------------------------------------------------
// Generalization.

/// The range of width `step` holding `value`: `[30,40)` for 37 and 10.
#[pg_extern(immutable, strict, parallel_safe, name = "synth_generalize_int")]
fn synth_generalize_int(value: i64, step: i64) -> Range<i64> {
    let (lo, hi) = mask::generalize_int(value, step).or_raise();
    let lo = lo.map_or(RangeBound::Infinite, RangeBound::Inclusive);
    let hi = hi.map_or(RangeBound::Infinite, RangeBound::Exclusive);
    Range::new(lo, hi)
}

/// The first day of the day, week (Monday), month, quarter, year or decade holding `value`.
#[pg_extern(immutable, strict, parallel_safe, name = "synth_generalize_date")]
fn synth_generalize_date_date(value: Date, precision: &str) -> Date {
    Date::saturating_from_raw(mask::generalize_date(value.to_pg_epoch_days(), precision).or_raise())
}

/// The start of the period holding `value`, in the session's time zone (hence STABLE).
#[pg_extern(stable, strict, parallel_safe, name = "synth_generalize_date")]
fn synth_generalize_date_tz(value: TimestampWithTimeZone, precision: &str) -> TimestampWithTimeZone {
    let unit = mask::date_precision(precision).or_raise();
    unsafe {
        pgrx::direct_function_call::<TimestampWithTimeZone>(
            pg_sys::timestamptz_trunc,
            &[unit.into_datum(), value.into_datum()],
        )
    }
    .unwrap_or(value)
}

/// The first `keep` letters and digits kept, the other digits `0` and letters `X`.
#[pg_extern(immutable, strict, parallel_safe, name = "synth_generalize_postcode")]
fn synth_generalize_postcode(value: &str, keep: i32) -> String {
    mask::generalize_postcode(value, keep).or_raise()
}
