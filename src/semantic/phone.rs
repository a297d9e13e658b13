//! Phone numbers in each country's national and international format.
//!
//! Ranges reserved for fiction are used where the regulator has one: North America
//! 555-0100…555-0199 (any area code), United Kingdom 07700 900000…900999 (Ofcom's drama
//! range), France 01 99 00 xx xx (as used in French productions), Australia 5550 xxxx after
//! the area code (ACMA). Other countries get the city's real area code (or a plausible
//! prefix) followed by random subscriber digits.

use super::text::digits;
use crate::rng::Stream;

/// A phone number written two ways.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PhoneNumber {
    /// As dialled inside the country, e.g. `(212) 555-0147`, `030 12345678`.
    pub national: String,
    /// With the country calling code, e.g. `+1 212-555-0147`, `+49 30 12345678`.
    pub international: String,
}

impl PhoneNumber {
    /// `+` followed by all the digits of the international form: `+12125550147`.
    pub fn compact(&self) -> String {
        let mut out = String::with_capacity(16);
        out.push('+');
        out.extend(self.international.chars().filter(char::is_ascii_digit));
        out
    }
}

/// A number whose first digit is not zero, `n` digits long.
fn subscriber(rng: &mut Stream, n: usize) -> String {
    let mut s = String::with_capacity(n);
    s.push(char::from(b'2' + rng.below(8) as u8));
    s.push_str(&digits(rng, n.saturating_sub(1)));
    s
}

/// Splits `s` into groups of the given sizes separated by spaces (the last group takes the rest).
fn grouped(s: &str, sizes: &[usize]) -> String {
    let mut out = String::with_capacity(s.len() + sizes.len());
    let mut rest = s;
    for &n in sizes {
        if rest.is_empty() {
            break;
        }
        let (head, tail) = rest.split_at(n.min(rest.len()));
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(head);
        rest = tail;
    }
    if !rest.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(rest);
    }
    out
}

/// Draws a number for country `iso2` (calling code `calling`) in a city with telephone area
/// code `area` (without trunk prefix; may be empty).
pub(crate) fn draw(iso2: &str, calling: &str, area: &str, rng: &mut Stream) -> PhoneNumber {
    match iso2 {
        "US" | "CA" => {
            let area = if area.is_empty() { format!("{}", rng.range_i64(201, 989)) } else { area.to_string() };
            let line = format!("01{:02}", rng.below(100));
            PhoneNumber { national: format!("({area}) 555-{line}"), international: format!("+1 {area}-555-{line}") }
        }
        "GB" => {
            let n = format!("{:03}", rng.below(1000));
            PhoneNumber { national: format!("07700 900{n}"), international: format!("+44 7700 900{n}") }
        }
        "AU" => {
            let area = if area.is_empty() { "2" } else { area };
            let n = format!("{:04}", rng.below(10_000));
            PhoneNumber { national: format!("(0{area}) 5550 {n}"), international: format!("+61 {area} 5550 {n}") }
        }
        "FR" => {
            let (a, b) = (rng.below(100), rng.below(100));
            PhoneNumber {
                national: format!("01 99 00 {a:02} {b:02}"),
                international: format!("+33 1 99 00 {a:02} {b:02}"),
            }
        }
        "DE" | "AT" => {
            let area = if area.is_empty() { "30" } else { area };
            let len = 11usize.saturating_sub(area.len()).clamp(5, 8);
            let sub = subscriber(rng, len);
            let cc = if iso2 == "DE" { "49" } else { "43" };
            PhoneNumber { national: format!("0{area} {sub}"), international: format!("+{cc} {area} {sub}") }
        }
        "CH" => {
            let area = if area.is_empty() { "44" } else { area };
            let sub = grouped(&subscriber(rng, 7), &[3, 2, 2]);
            PhoneNumber { national: format!("0{area} {sub}"), international: format!("+41 {area} {sub}") }
        }
        "BE" => {
            let area = if area.is_empty() { "2" } else { area };
            let sub = if area.len() == 1 {
                grouped(&subscriber(rng, 7), &[3, 2, 2])
            } else {
                grouped(&subscriber(rng, 6), &[2, 2, 2])
            };
            PhoneNumber { national: format!("0{area} {sub}"), international: format!("+32 {area} {sub}") }
        }
        _ => {
            let sub = grouped(&subscriber(rng, 9), &[2, 3, 4]);
            PhoneNumber { national: format!("0{sub}"), international: format!("+{calling} {sub}") }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;

    #[test]
    fn formats() {
        let mut rng = Key::from_seed(5).stream(1);
        for _ in 0..200 {
            let us = draw("US", "1", "212", &mut rng);
            assert!(us.national.starts_with("(212) 555-01") && us.national.len() == 14, "{us:?}");
            assert!(us.international.starts_with("+1 212-555-01"));
            assert_eq!(us.compact().len(), 12);
            let gb = draw("GB", "44", "", &mut rng);
            assert!(gb.national.starts_with("07700 900") && gb.national.len() == 12, "{gb:?}");
            assert!(gb.international.starts_with("+44 7700 900"));
            let fr = draw("FR", "33", "1", &mut rng);
            assert!(fr.national.starts_with("01 99 00 ") && fr.national.len() == 14, "{fr:?}");
            assert!(fr.international.starts_with("+33 1 99 00 "));
            let de = draw("DE", "49", "30", &mut rng);
            assert!(de.national.starts_with("030 ") && de.international.starts_with("+49 30 "));
            assert_eq!(de.compact().len(), 1 + 2 + 2 + 8, "{de:?}");
            let ch = draw("CH", "41", "44", &mut rng);
            assert_eq!(ch.national.len(), "044 123 45 67".len(), "{ch:?}");
            let au = draw("AU", "61", "3", &mut rng);
            assert!(au.national.starts_with("(03) 5550 "), "{au:?}");
            let jp = draw("JP", "81", "", &mut rng);
            assert!(jp.international.starts_with("+81 ") && jp.national.starts_with('0'));
        }
        assert_eq!(grouped("1234567", &[3, 2, 2]), "123 45 67");
        assert_eq!(grouped("12", &[3, 2]), "12");
        assert_eq!(grouped("123456789", &[2, 3]), "12 345 6789");
    }
}
