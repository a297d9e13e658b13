//! Check digits: the Luhn algorithm (payment cards) and ISO 13616 mod-97 (IBAN).

/// The digits of `s` with spaces and dashes removed, or `None` if anything else is present.
fn digits_only(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ' ' | '-' => {}
            '0'..='9' => out.push(c as u8 - b'0'),
            _ => return None,
        }
    }
    Some(out)
}

/// The Luhn sum of `digits`, doubling every second digit counted from the right when
/// `double_last` is false (a full number) or from the last one when true (a payload).
fn luhn_sum(digits: &[u8], double_last: bool) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let double = (i % 2 == 1) != double_last;
            let d = u32::from(d);
            if double {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum()
}

/// True if `digits` (spaces and dashes ignored) is a Luhn-valid number of at least two digits.
pub fn luhn_valid(digits: &str) -> bool {
    match digits_only(digits) {
        Some(d) if d.len() >= 2 => luhn_sum(&d, false).is_multiple_of(10),
        _ => false,
    }
}

/// The digit to append to `payload` so that the result is Luhn-valid.
///
/// Spaces, dashes and any other non-digit characters in `payload` are ignored.
pub fn luhn_check_digit(payload: &str) -> u8 {
    let d: Vec<u8> = payload.bytes().filter(u8::is_ascii_digit).map(|b| b - b'0').collect();
    ((10 - luhn_sum(&d, true) % 10) % 10) as u8
}

/// Remainder mod 97 of the number spelt by `chars`, letters counting A = 10 … Z = 35.
/// `None` if a character is neither an ASCII digit nor an ASCII letter.
fn mod97<I: IntoIterator<Item = char>>(chars: I) -> Option<u32> {
    let mut r: u32 = 0;
    for c in chars {
        let v = c.to_digit(36)?;
        r = if v < 10 { (r * 10 + v) % 97 } else { (r * 100 + v) % 97 };
    }
    Some(r)
}

/// True if `iban` (spaces ignored, letters in either case) is a well-formed IBAN whose
/// check digits are right: two letters, two digits, 1–30 alphanumerics, mod 97 = 1.
pub fn iban_valid(iban: &str) -> bool {
    let s: Vec<char> = iban.chars().filter(|c| *c != ' ').collect();
    if s.len() < 5 || s.len() > 34 {
        return false;
    }
    if !s[..2].iter().all(char::is_ascii_alphabetic) || !s[2..4].iter().all(char::is_ascii_digit) {
        return false;
    }
    if !s.iter().all(char::is_ascii_alphanumeric) {
        return false;
    }
    let rearranged = s[4..].iter().chain(s[..4].iter()).copied();
    mod97(rearranged) == Some(1)
}

/// The two check digits of the IBAN made of `country` (two letters) and `bban`.
///
/// Spaces in `bban` are ignored; characters that are not ASCII letters or digits are skipped.
pub fn iban_check_digits(country: &str, bban: &str) -> String {
    let chars = bban.chars().chain(country.chars()).filter(char::is_ascii_alphanumeric).chain("00".chars());
    let r = mod97(chars).unwrap_or(0);
    format!("{:02}", 98 - r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_known_numbers() {
        assert!(luhn_valid("4111 1111 1111 1111"));
        assert!(luhn_valid("79927398713"));
        assert!(luhn_valid("5555-5555-5555-4444"));
        assert!(!luhn_valid("79927398710"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("0"));
        assert!(!luhn_valid("4111x1111"));
        assert_eq!(luhn_check_digit("7992739871"), 3);
        assert_eq!(luhn_check_digit("4111 1111 1111 111"), 1);
        assert_eq!(luhn_check_digit(""), 0);
    }

    #[test]
    fn luhn_check_digit_always_validates() {
        for n in 0u64..2000 {
            let payload = format!("{}", n * 7919 + 12345);
            let full = format!("{payload}{}", luhn_check_digit(&payload));
            assert!(luhn_valid(&full), "{full}");
        }
    }

    #[test]
    fn iban_known_numbers() {
        assert!(iban_valid("DE89 3704 0044 0532 0130 00"));
        assert!(iban_valid("GB82 WEST 1234 5698 7654 32"));
        assert!(iban_valid("FR14 2004 1010 0505 0001 3M02 606"));
        assert!(iban_valid("gb82west12345698765432"));
        assert!(!iban_valid("DE88 3704 0044 0532 0130 00"));
        assert!(!iban_valid("DE89"));
        assert!(!iban_valid("1289 3704 0044 0532 0130 00"));
        assert!(!iban_valid("DE89-3704-0044-0532-0130-00"));
        assert_eq!(iban_check_digits("DE", "370400440532013000"), "89");
        assert_eq!(iban_check_digits("GB", "WEST12345698765432"), "82");
        assert_eq!(iban_check_digits("FR", "20041010050500013M02606"), "14");
    }
}

/// The check digit of a 12-digit EAN-13 payload (weights 1, 3, 1, 3 … from the left).
pub fn ean13_check_digit(payload: &str) -> u8 {
    let sum: u32 = payload
        .bytes()
        .filter(u8::is_ascii_digit)
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}
