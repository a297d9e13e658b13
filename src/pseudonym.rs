//! Keyed pseudonymization: the same value and the same secret key always give the same
//! pseudonym, in any table, so joins on pseudonymized columns still match; another key gives
//! other pseudonyms.
//!
//! * [`hmac_hex`] is HMAC-SHA256 (RustCrypto's `hmac` and `sha2`), as a hex token.
//! * [`fake_of`] draws a whole [`Persona`] from the HMAC of a value, so the name, first name,
//!   last name, e-mail and phone pseudonyms of one input agree with each other. They are not
//!   injective: two inputs may share a pseudonym (names repeat in any population).
//! * [`format_preserving`] maps the digits (and, for codes, the letters) of a value through a
//!   keyed bijection and keeps everything else: length, separators, letter case. Distinct inputs
//!   stay distinct, so a unique column stays unique. Symbols are grouped into blocks of at most
//!   2^60 values, each block permuted by [`Permutation`] under a key that depends on the secret,
//!   the value's shape and (in a forward then a backward pass) the other blocks, so every output
//!   symbol depends on every input symbol. This is pseudonymization, not encryption: keep the
//!   key secret, and do not rely on it against someone who can query it at will.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::error::{Result, SynthError};
use crate::mask::{self, Fake};
use crate::permute::Permutation;
use crate::rng::{mix64, Key};
use crate::semantic::{ascii_fold, checksum, Locale, Persona};

type HmacSha256 = Hmac<Sha256>;

/// The secret key of a call: the argument, else the `synthdata.secret` setting. Never echoes it.
pub fn secret(arg: Option<&str>, setting: Option<&str>, function: &str) -> Result<Vec<u8>> {
    match arg.or(setting) {
        Some(k) if !k.is_empty() => Ok(k.as_bytes().to_vec()),
        _ => Err(SynthError::invalid(format!("{function} needs a secret key, and none is set"))
            .detail("Pseudonyms are derived from the value and a secret key; without a key they could be reversed by anyone.")
            .hint("Pass key => '…', or have a superuser SET synthdata.secret (ALTER DATABASE … SET synthdata.secret = '…').")),
    }
}

/// HMAC-SHA256 of `parts` (concatenated) under `key`.
pub fn hmac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length: this cannot fail.
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!());
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// HMAC-SHA256 of `value` under `key`, as 64 lowercase hex digits.
pub fn hmac_hex(key: &[u8], value: &[u8]) -> String {
    hmac(key, &[value]).iter().map(|b| format!("{b:02x}")).collect()
}

fn word(bytes: &[u8; 32], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
    u64::from_le_bytes(w)
}

/// What a keyed pseudonym looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pseudo {
    FirstName,
    LastName,
    Name,
    Email,
    Phone,
    Address,
    City,
    Company,
}

/// The input as it is matched: e-mail addresses ignore case and surrounding spaces.
fn normalize(kind: Pseudo, value: &str) -> String {
    match kind {
        Pseudo::Email => value.trim().to_lowercase(),
        _ => value.to_string(),
    }
}

/// A deterministic fake value standing for `value` under `key`.
pub fn fake_of(kind: Pseudo, key: &[u8], value: &str, locale: Locale) -> String {
    let input = normalize(kind, value);
    let h = hmac(key, &[b"synthdata/persona\0", locale.code().as_bytes(), b"\0", input.as_bytes()]);
    let mut rng = Key(word(&h, 0)).stream(word(&h, 1));
    let persona = Persona::new(&mut rng, locale);
    match kind {
        Pseudo::FirstName => persona.first_name().to_string(),
        Pseudo::LastName => persona.last_name().to_string(),
        Pseudo::Name => persona.full_name(),
        // A number from the HMAC keeps distinct addresses apart in all but rare cases.
        Pseudo::Email => format!(
            "{}.{}{}@{}",
            slug(persona.first_name()),
            slug(persona.last_name()),
            word(&h, 2) % 10_000,
            persona.email_domain()
        ),
        Pseudo::Phone => persona.phone().to_string(),
        Pseudo::Address => mask::fake_with(Fake::Address, &persona, &mut rng),
        Pseudo::City => persona.city().to_string(),
        Pseudo::Company => persona.company(),
    }
}

/// Lower-case ASCII letters and digits of a name: `Müller-Lüdenscheidt` → `muellerluedenscheidt`.
fn slug(s: &str) -> String {
    let s: String = ascii_fold(s).chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
    if s.is_empty() {
        "x".into()
    } else {
        s
    }
}

/// Which characters [`format_preserving`] maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alphabet {
    /// ASCII digits only; letters and everything else stay.
    Digits,
    /// ASCII digits, upper-case and lower-case letters (each within its own class).
    Alphanumeric,
}

/// Largest product of radices in one block.
const BLOCK_LIMIT: u64 = 1 << 60;

/// The class of a character: (radix, first character), or `None` if it stays as it is.
fn class(c: char, alphabet: Alphabet) -> Option<(u64, u8)> {
    match c {
        '0'..='9' => Some((10, b'0')),
        'A'..='Z' if alphabet == Alphabet::Alphanumeric => Some((26, b'A')),
        'a'..='z' if alphabet == Alphabet::Alphanumeric => Some((26, b'a')),
        _ => None,
    }
}

/// `value` with its digits (and letters, for [`Alphabet::Alphanumeric`]) replaced through a
/// bijection chosen by `key`; [`format_preserving_inverse`] undoes it.
pub fn format_preserving(key: &[u8], value: &str, alphabet: Alphabet) -> String {
    fpe(key, value, alphabet, false)
}

/// The inverse of [`format_preserving`] under the same key (for tests and for re-identification
/// by whoever holds the key).
pub fn format_preserving_inverse(key: &[u8], value: &str, alphabet: Alphabet) -> String {
    fpe(key, value, alphabet, true)
}

/// An IBAN with its account part (BBAN) pseudonymized as a code and its check digits recomputed,
/// so the result is a valid IBAN of the same country and layout; distinct IBANs stay distinct.
/// A value not shaped like an IBAN gets [`format_preserving`] of its digits.
pub fn iban(key: &[u8], value: &str) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    let alnum: Vec<usize> = (0..chars.len()).filter(|&i| chars[i].is_ascii_alphanumeric()).collect();
    let shaped = alnum.len() >= 5
        && alnum[..2].iter().all(|&i| chars[i].is_ascii_alphabetic())
        && alnum[2..4].iter().all(|&i| chars[i].is_ascii_digit());
    if !shaped {
        return format_preserving(key, value, Alphabet::Digits);
    }
    let country: String = alnum[..2].iter().map(|&i| chars[i].to_ascii_uppercase()).collect();
    let bban: String = alnum[4..].iter().map(|&i| chars[i]).collect();
    let tag = format!("iban:{country}:");
    let mut k = key.to_vec();
    k.extend_from_slice(tag.as_bytes());
    let new_bban: Vec<char> = format_preserving(&k, &bban, Alphabet::Alphanumeric).chars().collect();
    let upper: String = new_bban.iter().map(char::to_ascii_uppercase).collect();
    let check: Vec<char> = checksum::iban_check_digits(&country, &upper).chars().collect();
    for (j, &i) in alnum[2..4].iter().enumerate() {
        chars[i] = check[j];
    }
    for (j, &i) in alnum[4..].iter().enumerate() {
        chars[i] = new_bban[j];
    }
    chars.into_iter().collect()
}

/// A card number with every digit but the last pseudonymized and the last recomputed, so the
/// result passes the Luhn check; separators stay, and distinct valid numbers (whose last digit
/// follows from the others) stay distinct.
pub fn credit_card(key: &[u8], value: &str) -> String {
    let Some((last, _)) = value.char_indices().rev().find(|(_, c)| c.is_ascii_digit()) else {
        return value.to_string();
    };
    let (head, tail) = (&value[..last], &value[last + 1..]);
    if !head.chars().any(|c| c.is_ascii_digit()) {
        return format_preserving(key, value, Alphabet::Digits);
    }
    let mut k = key.to_vec();
    k.extend_from_slice(b"card:");
    let head = format_preserving(&k, head, Alphabet::Digits);
    let check = checksum::luhn_check_digit(&head);
    format!("{head}{check}{tail}")
}

/// `value` mapped through a keyed bijection of the integers in `[min, max]` that keeps the sign
/// and the number of decimal digits: distinct inputs stay distinct, so an integer key stays a key
/// of the same magnitude. The digits are permuted as a `d`-digit code by [`format_preserving`]
/// (under a key tagged for integers), walking the cycle until the result has no leading zero and
/// lies in range: the walk ends because `value` itself is such a number, and it is a bijection
/// on those numbers. `value` must lie in `[min, max]`, and `min <= 0 <= max`.
pub fn integer(key: &[u8], value: i64, min: i64, max: i64) -> i64 {
    let negative = value < 0;
    let magnitude = value.unsigned_abs();
    let digits = magnitude.to_string().len();
    let mut k = key.to_vec();
    k.extend_from_slice(if negative { b"int:-" } else { b"int:+" });
    let mut code = format!("{magnitude:0digits$}");
    loop {
        code = format_preserving(&k, &code, Alphabet::Digits);
        let leading_zero = digits > 1 && code.starts_with('0');
        // A d-digit string of digits always parses; the fallback is never taken.
        let m = code.parse::<u64>().unwrap_or(magnitude);
        let v = if negative { -(i128::from(m)) } else { i128::from(m) };
        let zero_for_negative = negative && m == 0;
        if !leading_zero && !zero_for_negative && v >= i128::from(min) && v <= i128::from(max) {
            return v as i64;
        }
    }
}

struct Block {
    /// Indexes into the symbol list.
    start: usize,
    end: usize,
    size: u64,
}

fn fpe(key: &[u8], value: &str, alphabet: Alphabet, inverse: bool) -> String {
    let mut chars: Vec<char> = value.chars().collect();
    // The symbols: position in `chars`, radix, base character, value.
    let mut syms: Vec<(usize, u64, u8, u64)> = Vec::new();
    let mut shape = Vec::with_capacity(value.len());
    for (i, c) in chars.iter().enumerate() {
        match class(*c, alphabet) {
            Some((radix, base)) => {
                syms.push((i, radix, base, u64::from(*c as u8 - base)));
                shape.extend_from_slice(if base == b'0' { b"9" } else { b"A" });
            }
            None => {
                let mut buf = [0u8; 4];
                shape.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    if syms.is_empty() {
        return value.to_string();
    }
    // The keys depend on the secret and on the shape: equal shapes share a bijection, and the
    // shape itself is kept, so the whole map is a bijection.
    let tag: &[u8] = if alphabet == Alphabet::Digits { b"synthdata/fpe/digits\0" } else { b"synthdata/fpe/code\0" };
    let h = hmac(key, &[tag, &shape]);
    let (k_forward, k_backward) = (word(&h, 0), word(&h, 1));
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut size = 1u64;
    for (j, s) in syms.iter().enumerate() {
        if size.saturating_mul(s.1) > BLOCK_LIMIT {
            blocks.push(Block { start, end: j, size });
            start = j;
            size = 1;
        }
        size *= s.1;
    }
    blocks.push(Block { start, end: syms.len(), size });
    let mut vals: Vec<u64> = blocks.iter().map(|b| read_block(&syms, b)).collect();
    let n = vals.len();
    let forward: Vec<usize> = (0..n).collect();
    let backward: Vec<usize> = (0..n).rev().collect();
    // Encryption runs a forward then a backward pass; decryption undoes them in reverse order.
    // In each pass, a block's key depends on the pass's input of the blocks before it, which
    // the inverse has recovered by then.
    let passes = if inverse {
        [(&backward, k_backward), (&forward, k_forward)]
    } else {
        [(&forward, k_forward), (&backward, k_backward)]
    };
    for (order, k) in passes {
        let mut chain = k;
        for &i in order.iter() {
            let perm = Permutation::new(blocks[i].size, mix64(chain ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)));
            let input = if inverse { perm.invert(vals[i]) } else { perm.apply(vals[i]) };
            let plain = if inverse { input } else { vals[i] };
            vals[i] = input;
            chain = mix64(chain ^ mix64(plain.wrapping_add(0x5851_f42d_4c95_7f2d)));
        }
    }
    for (b, v) in blocks.iter().zip(vals) {
        write_block(&mut chars, &syms, b, v);
    }
    chars.into_iter().collect()
}

fn read_block(syms: &[(usize, u64, u8, u64)], b: &Block) -> u64 {
    syms[b.start..b.end].iter().fold(0u64, |acc, s| acc * s.1 + s.3)
}

fn write_block(chars: &mut [char], syms: &[(usize, u64, u8, u64)], b: &Block, mut v: u64) {
    for s in syms[b.start..b.end].iter().rev() {
        chars[s.0] = char::from(s.2 + (v % s.1) as u8);
        v /= s.1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const K: &[u8] = b"k1";

    #[test]
    fn hmac_matches_rfc_4231() {
        // RFC 4231, test case 2.
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_ne!(hmac_hex(b"k1", b"x"), hmac_hex(b"k2", b"x"));
        assert_eq!(hmac_hex(b"k1", b"").len(), 64);
    }

    #[test]
    fn a_missing_key_is_an_error_that_does_not_echo_keys() {
        let e = secret(None, None, "synth_hash").unwrap_err();
        assert_eq!(e.code, crate::error::Code::InvalidParameterValue);
        assert!(e.hint.unwrap().contains("synthdata.secret"));
        assert!(secret(Some(""), None, "f").is_err());
        assert_eq!(secret(None, Some("s3"), "f").unwrap(), b"s3");
        assert_eq!(secret(Some("arg"), Some("s3"), "f").unwrap(), b"arg");
    }

    #[test]
    fn fakes_are_deterministic_per_key_and_differ_across_keys() {
        for kind in [
            Pseudo::FirstName,
            Pseudo::LastName,
            Pseudo::Name,
            Pseudo::Email,
            Pseudo::Phone,
            Pseudo::Address,
            Pseudo::City,
            Pseudo::Company,
        ] {
            let a = fake_of(kind, K, "Alice Martin", Locale::En);
            assert_eq!(a, fake_of(kind, K, "Alice Martin", Locale::En), "{kind:?}");
            assert!(!a.is_empty());
            let differ = (0..20)
                .filter(|i| {
                    fake_of(kind, format!("k{i}").as_bytes(), "x", Locale::De) != fake_of(kind, K, "x", Locale::De)
                })
                .count();
            assert!(differ >= 10, "{kind:?}: {differ} of 20 keys gave another value");
        }
    }

    #[test]
    fn fakes_of_one_input_agree() {
        let first = fake_of(Pseudo::FirstName, K, "p-17", Locale::Fr);
        let last = fake_of(Pseudo::LastName, K, "p-17", Locale::Fr);
        assert_eq!(fake_of(Pseudo::Name, K, "p-17", Locale::Fr), format!("{first} {last}"));
    }

    #[test]
    fn emails_ignore_case_and_rarely_collide() {
        let a = fake_of(Pseudo::Email, K, " Bob@Corp.COM ", Locale::En);
        assert_eq!(a, fake_of(Pseudo::Email, K, "bob@corp.com", Locale::En));
        assert!(
            a.contains("@") && (a.ends_with("example.com") || a.ends_with("example.org") || a.ends_with("example.net")),
            "{a}"
        );
        let set: HashSet<String> =
            (0..5000).map(|i| fake_of(Pseudo::Email, K, &format!("user{i}@x.com"), Locale::En)).collect();
        assert!(set.len() > 4990, "{} distinct of 5000", set.len());
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for v in ["", "é", "🦀🦀", &"x".repeat(100_000)] {
            for kind in [Pseudo::Name, Pseudo::Email, Pseudo::Phone] {
                assert!(!fake_of(kind, K, v, Locale::En).is_empty());
            }
            assert_eq!(format_preserving(K, v, Alphabet::Digits).chars().count(), v.chars().count());
        }
    }

    #[test]
    fn format_preserving_keeps_the_shape() {
        let v = "+49 (030) 1234-5678 ext. 9";
        let p = format_preserving(K, v, Alphabet::Digits);
        assert_eq!(p.len(), v.len());
        for (a, b) in v.chars().zip(p.chars()) {
            assert_eq!(a.is_ascii_digit(), b.is_ascii_digit(), "{v} → {p}");
            if !a.is_ascii_digit() {
                assert_eq!(a, b);
            }
        }
        assert_ne!(p, v);
        assert_eq!(p, format_preserving(K, v, Alphabet::Digits));
        assert_ne!(p, format_preserving(b"k2", v, Alphabet::Digits));
        let code = format_preserving(K, "Ab-12_zé", Alphabet::Alphanumeric);
        let c: Vec<char> = code.chars().collect();
        assert!(c[0].is_ascii_uppercase() && c[1].is_ascii_lowercase() && c[2] == '-' && c[3].is_ascii_digit());
        assert!(c[4].is_ascii_digit() && c[5] == '_' && c[6].is_ascii_lowercase() && c[7] == 'é', "{code}");
        assert_eq!(format_preserving(K, "no digits", Alphabet::Digits), "no digits");
        assert_eq!(format_preserving(K, "", Alphabet::Alphanumeric), "");
    }

    #[test]
    fn format_preserving_is_a_bijection() {
        // Every 4-digit string maps to a distinct 4-digit string.
        let all: HashSet<String> =
            (0..10_000).map(|i| format_preserving(K, &format!("{i:04}"), Alphabet::Digits)).collect();
        assert_eq!(all.len(), 10_000);
        // Three-character codes of two letters and a digit.
        let mut codes = HashSet::new();
        for a in b'A'..=b'Z' {
            for b in b'a'..=b'z' {
                for d in b'0'..=b'9' {
                    let v = format!("{}{}{}", a as char, b as char, d as char);
                    let p = format_preserving(K, &v, Alphabet::Alphanumeric);
                    assert_eq!(format_preserving_inverse(K, &p, Alphabet::Alphanumeric), v);
                    codes.insert(p);
                }
            }
        }
        assert_eq!(codes.len(), 26 * 26 * 10);
    }

    #[test]
    fn long_values_span_blocks_and_every_digit_matters() {
        let v: String = (0..200).map(|i| char::from(b'0' + (i % 10) as u8)).collect();
        let p = format_preserving(K, &v, Alphabet::Digits);
        assert_eq!(format_preserving_inverse(K, &p, Alphabet::Digits), v);
        // Changing the last digit changes the first block too (the backward pass).
        let mut w = v.clone();
        w.replace_range(199.., "0");
        let q = format_preserving(K, &w, Alphabet::Digits);
        assert_ne!(p[..18], q[..18]);
        let huge = "7".repeat(1_000_000);
        let h = format_preserving(K, &huge, Alphabet::Digits);
        assert_eq!(h.len(), huge.len());
        assert_eq!(format_preserving_inverse(K, &h, Alphabet::Digits), huge);
    }

    #[test]
    fn card_numbers_stay_distinct() {
        let set: HashSet<String> = (0..20_000u64)
            .map(|i| format_preserving(K, &format!("4111 1111 {:04} {:04}", i / 10_000, i % 10_000), Alphabet::Digits))
            .collect();
        assert_eq!(set.len(), 20_000);
    }

    #[test]
    fn ibans_stay_valid_and_distinct() {
        let v = "DE89 3704 0044 0532 0130 00";
        let p = iban(K, v);
        assert!(checksum::iban_valid(&p), "{p}");
        assert!(p.starts_with("DE") && p.len() == v.len() && p != v, "{p}");
        assert_eq!(p, iban(K, v));
        assert_ne!(p, iban(b"k2", v));
        assert!(checksum::iban_valid(&iban(K, "GB82WEST12345698765432")));
        let set: HashSet<String> = (0..10_000).map(|i| iban(K, &format!("DE00 3704 0044 0532 01{i:04}"))).collect();
        assert_eq!(set.len(), 10_000);
        assert!(set.iter().all(|s| checksum::iban_valid(s)));
        assert_eq!(iban(K, "").len(), 0);
        assert_eq!(iban(K, "12-34").len(), 5);
        assert_eq!(iban(K, "ÄÖ12 x").chars().count(), 6);
    }

    #[test]
    fn card_numbers_stay_luhn_valid() {
        let p = credit_card(K, "4111 1111 1111 1111");
        assert!(checksum::luhn_valid(&p), "{p}");
        assert_eq!(p.len(), 19);
        assert_eq!(&p[4..5], " ");
        let set: HashSet<String> = (0..10_000).map(|i| credit_card(K, &format!("4111-1111-1111-{i:04}"))).collect();
        assert!(set.len() >= 1000, "one in ten numbers is Luhn-valid, and those stay distinct: {}", set.len());
        assert_eq!(credit_card(K, ""), "");
        assert_eq!(credit_card(K, "x"), "x");
        assert_eq!(credit_card(K, "7").len(), 1);
        assert!(checksum::luhn_valid(&credit_card(K, "5555555555554444 (ref)")[..16]));
    }

    #[test]
    fn integers_map_one_to_one_keeping_sign_digits_and_range() {
        for (min, max) in [(i64::from(i16::MIN), i64::from(i16::MAX)), (-1000, 999)] {
            let mut seen = HashSet::new();
            for v in min..=max {
                let p = integer(K, v, min, max);
                assert!((min..=max).contains(&p), "{v} -> {p}");
                assert_eq!(p.signum() < 0, v < 0, "{v} -> {p}");
                assert_eq!(p.unsigned_abs().to_string().len(), v.unsigned_abs().to_string().len(), "{v} -> {p}");
                assert!(seen.insert(p), "{p} twice");
            }
        }
        assert_eq!(integer(K, 123_456, i64::MIN, i64::MAX), integer(K, 123_456, i64::MIN, i64::MAX));
        assert_ne!(integer(K, 123_456, i64::MIN, i64::MAX), integer(b"k2", 123_456, i64::MIN, i64::MAX));
        for v in [i64::MIN, i64::MAX, 0, -1, 9_999_999_999] {
            let p = integer(K, v, i64::MIN, i64::MAX);
            assert_eq!(p.unsigned_abs().to_string().len(), v.unsigned_abs().to_string().len());
        }
        let p = integer(K, i64::from(i32::MAX), i64::from(i32::MIN), i64::from(i32::MAX));
        assert!(p <= i64::from(i32::MAX) && p >= 1_000_000_000);
    }
}
