//! National identification numbers whose form, and where there is one their check digits, can be
//! verified: the US Social Security number, the French INSEE number (NIR, numéro de sécurité
//! sociale) and the German tax identification number (steuerliche Identifikationsnummer).
//!
//! Each test takes one value as written in a column (spaces, and for the SSN dashes, as people
//! write them) and answers whether it is a well-formed number of that kind. A random string
//! passes the NIR test about once in 97 tries (its key is mod 97) and the tax id test about once
//! in 11 (ISO 7064 MOD 11,10) after its digit-distribution rule, so a column where most values
//! pass holds such numbers. The SSN has no check digit: only its dashed form
//! (`AAA-GG-SSSS`) and the ranges the Social Security Administration never assigns are checked,
//! which is why a plain nine-digit number is not taken for one.

/// The ASCII digits of `s` with spaces removed, or `None` if anything else is present.
fn digits_without_spaces(s: &str) -> Option<Vec<u8>> {
    s.chars().filter(|c| *c != ' ').map(|c| c.to_digit(10).map(|d| d as u8)).collect()
}

/// A US Social Security number written `AAA-GG-SSSS`: area not 000, 666 or 900–999, group not
/// 00, serial not 0000.
pub fn us_ssn(v: &str) -> bool {
    let b = v.trim().as_bytes();
    if b.len() != 11 || b[3] != b'-' || b[6] != b'-' {
        return false;
    }
    let part = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = std::str::from_utf8(&b[r]).ok()?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    let (Some(area), Some(group), Some(serial)) = (part(0..3), part(4..6), part(7..11)) else { return false };
    area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
}

/// A French INSEE number (NIR): 13 characters and a 2-digit key, spaces allowed
/// (`2 55 08 14 168 025 38`). The first digit is the sex (1, 2, or 3, 4, 7, 8 for temporary
/// numbers), then year, month (01–12, 20–42 or 50–99 when unknown), département (two digits, or
/// `2A`/`2B` for Corsica, counted as 19 and 18 for the key), commune and order number; the key is
/// 97 minus the 13-digit number mod 97.
pub fn fr_nir(v: &str) -> bool {
    let compact: String = v.trim().chars().filter(|c| *c != ' ').collect::<String>().to_ascii_uppercase();
    if compact.len() != 15 || !compact.is_ascii() {
        return false;
    }
    let (body, key) = compact.split_at(13);
    let numeric = match &body[5..7] {
        "2A" => format!("{}19{}", &body[..5], &body[7..]),
        "2B" => format!("{}18{}", &body[..5], &body[7..]),
        _ => body.to_string(),
    };
    if !numeric.bytes().chain(key.bytes()).all(|c| c.is_ascii_digit()) {
        return false;
    }
    if !matches!(numeric.as_bytes()[0], b'1' | b'2' | b'3' | b'4' | b'7' | b'8') {
        return false;
    }
    let month: u32 = numeric[3..5].parse().unwrap_or(0);
    if !(matches!(month, 1..=12 | 20..=42 | 50..=99)) {
        return false;
    }
    let (Ok(n), Ok(key)) = (numeric.parse::<u64>(), key.parse::<u64>()) else { return false };
    97 - n % 97 == key
}

/// A German tax identification number: 11 digits (spaces allowed), the first not 0; among the
/// first ten, exactly one digit occurs twice or three times (never three times in a row) and every
/// other digit at most once; the last is the ISO 7064 MOD 11,10 check digit of the first ten.
pub fn de_tax_id(v: &str) -> bool {
    let Some(d) = digits_without_spaces(v.trim()) else { return false };
    if d.len() != 11 || d[0] == 0 {
        return false;
    }
    let mut counts = [0u8; 10];
    for &x in &d[..10] {
        counts[x as usize] += 1;
    }
    let repeated: Vec<usize> = (0..10).filter(|&i| counts[i] >= 2).collect();
    if repeated.len() != 1 || counts[repeated[0]] > 3 {
        return false;
    }
    if d[..10].windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
        return false;
    }
    de_tax_id_check_digit(&d[..10]) == d[10]
}

/// ISO 7064 MOD 11,10 check digit of `digits`.
fn de_tax_id_check_digit(digits: &[u8]) -> u8 {
    let mut product: u32 = 10;
    for &x in digits {
        let mut sum = (u32::from(x) + product) % 10;
        if sum == 0 {
            sum = 10;
        }
        product = (sum * 2) % 11;
    }
    match 11 - product {
        10 => 0,
        c => c as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssn_form_and_unassigned_ranges() {
        assert!(us_ssn("123-45-6789"));
        assert!(us_ssn(" 078-05-1120 "));
        assert!(!us_ssn("000-12-3456"), "area 000");
        assert!(!us_ssn("666-12-3456"), "area 666");
        assert!(!us_ssn("912-12-3456"), "area 9xx");
        assert!(!us_ssn("123-00-3456"), "group 00");
        assert!(!us_ssn("123-45-0000"), "serial 0000");
        assert!(!us_ssn("123456789"), "no dashes: any nine-digit number would pass");
        assert!(!us_ssn("12-345-6789"));
        assert!(!us_ssn("123-45-678a"));
        assert!(!us_ssn("2024-01-15"));
    }

    #[test]
    fn nir_key_is_checked() {
        assert!(fr_nir("2 55 08 14 168 025 38"));
        assert!(fr_nir("255081416802538"));
        assert!(fr_nir("1 84 12 76 451 089 46"));
        assert!(fr_nir("1 85 07 2A 123 456 65"), "Corsica counts as 19");
        assert!(fr_nir("1 85 07 2a 123 456 65"));
        assert!(!fr_nir("2 55 08 14 168 025 39"), "wrong key");
        assert!(!fr_nir("5 55 08 14 168 025 38"), "no such sex digit");
        assert!(!fr_nir("2 55 15 14 168 025 38"), "month 15");
        assert!(!fr_nir("2 55 08 14 168 025"), "no key");
        assert!(!fr_nir("2 55 08 2C 168 025 38"));
    }

    #[test]
    fn tax_id_digits_and_check_digit() {
        for ok in ["86095742719", "65929970489", "26954371827", "47036892816", "12345678995", "8609 5742 719"] {
            assert!(de_tax_id(ok), "{ok}");
        }
        assert!(!de_tax_id("86095742718"), "wrong check digit");
        assert!(!de_tax_id("02476291358"), "first digit 0");
        assert!(!de_tax_id("12345678901"), "no repeated digit");
        assert!(!de_tax_id("11122345670"), "three in a row");
        assert!(!de_tax_id("1122345678"), "ten digits");
        assert!(!de_tax_id("14033335568"), "a phone number (two repeated digits)");
    }

    #[test]
    fn check_digit_agrees_with_the_test() {
        for n in 0u64..3000 {
            let body = format!("{:010}", 1_023_456_789 + n * 7_919);
            let d: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
            let full = format!("{body}{}", de_tax_id_check_digit(&d));
            let mut counts = [0u8; 10];
            d.iter().for_each(|&x| counts[x as usize] += 1);
            let shape = counts.iter().filter(|&&c| c >= 2).count() == 1
                && counts.iter().all(|&c| c <= 3)
                && !d.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]);
            assert_eq!(de_tax_id(&full), shape, "{full}");
        }
    }
}
