//! Deciding what a column holds from its values.
//!
//! [`detect`] reads examples of a column's values (its most common values and histogram
//! bounds from `pg_stats`, or the values of a sample) and answers with the [`TextKind`] most of
//! them have, or `None`. Each kind has a test and a share of the distinct examples that must
//! pass it; the first kind that reaches its share wins, in this order:
//!
//! | kind | a value passes when it … | share |
//! |---|---|---|
//! | Email | is `local@domain.tld` | 90 % |
//! | Url | starts with `http://`, `https://`, `ftp://` or `www.` | 90 % |
//! | Uuid | is 8-4-4-4-12 hexadecimal digits | 90 % |
//! | Ipv4, Ipv6 | parses as an address of that family | 90 % |
//! | Iban | passes the ISO 13616 mod-97 check | 90 % |
//! | CreditCard | has 13–19 digits, starts with 2–6 and passes Luhn | 90 % |
//! | Phone | has 8–15 digits, written with `+`, `(`, or separators (dates are not phones) | 80 % |
//! | CountryCode2, CountryCode3, Currency | is a code of the country table | 90 % |
//! | Country | is a country's name in English, German or French | 60 % |
//! | City | is a city of the dictionaries or a capital | 50 % |
//! | Company | ends with a legal form (`GmbH`, `Inc.`, `SARL` …) | 50 % |
//! | FullName | is two to four words, the first a known given name | 50 % |
//! | FirstName, LastName | is a known given name, family name | 50 % |
//!
//! The kinds up to CreditCard are *unmistakable* ([`unmistakable`]): values of that form leave
//! no doubt, so they win over what the column's name suggests. The others only decide for
//! columns whose names say nothing. Names are compared case-insensitively and with accents
//! folded, so `PENELOPE`, `Penelope` and `Pénélope` agree. At least [`MIN_EXAMPLES`] distinct
//! examples are needed.

use std::collections::{BTreeSet, HashSet};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::sync::LazyLock;

use super::checksum::{iban_valid, luhn_valid};
use super::countries::COUNTRIES;
use super::dict::dict;
use super::text::ascii_fold;
use super::{Locale, TextKind};

/// Distinct examples needed to judge a column.
pub const MIN_EXAMPLES: usize = 2;

type Test = fn(&str) -> bool;

/// Kinds in the order they are tried, with their test and the share of examples that must pass.
const RULES: &[(TextKind, Test, f64)] = &[
    (TextKind::Email, is_email, 0.9),
    (TextKind::Url, is_url, 0.9),
    (TextKind::Uuid, is_uuid, 0.9),
    (TextKind::Ipv4, is_ipv4, 0.9),
    (TextKind::Ipv6, is_ipv6, 0.9),
    (TextKind::Iban, is_iban, 0.9),
    (TextKind::CreditCard, is_card_number, 0.9),
    (TextKind::Phone, is_phone, 0.8),
    (TextKind::CountryCode2, is_country_code2, 0.9),
    (TextKind::CountryCode3, is_country_code3, 0.9),
    (TextKind::Currency, is_currency, 0.9),
    (TextKind::Country, is_country, 0.6),
    (TextKind::City, is_city, 0.5),
    (TextKind::Company, is_company, 0.5),
    (TextKind::FullName, is_full_name, 0.5),
    (TextKind::FirstName, is_first_name, 0.5),
    (TextKind::LastName, is_last_name, 0.5),
];

/// What most of `values` hold (see the module documentation). Blank values are ignored and each
/// distinct value counts once.
pub fn detect<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<TextKind> {
    let distinct: BTreeSet<&str> = values.into_iter().map(str::trim).filter(|v| !v.is_empty()).collect();
    if distinct.len() < MIN_EXAMPLES {
        return None;
    }
    let n = distinct.len() as f64;
    RULES
        .iter()
        .find(|(_, test, share)| distinct.iter().filter(|v| test(v)).count() as f64 >= share * n)
        .map(|(kind, _, _)| *kind)
}

/// The test a value of `kind` must pass to count towards `kind` in [`detect`], for the kinds
/// that are detected from values (see the table above); `None` for the others.
pub fn value_test(kind: TextKind) -> Option<fn(&str) -> bool> {
    RULES.iter().find(|(k, _, _)| *k == kind).map(|(_, test, _)| *test)
}

/// Kinds whose values cannot be mistaken for anything else: detected from values, they win over
/// the column's name.
pub fn unmistakable(kind: TextKind) -> bool {
    matches!(
        kind,
        TextKind::Email
            | TextKind::Url
            | TextKind::Uuid
            | TextKind::Ipv4
            | TextKind::Ipv6
            | TextKind::Iban
            | TextKind::CreditCard
    )
}

fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else { return false };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && !local.contains(['@', ' '])
        && labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

fn is_url(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    ["http://", "https://", "ftp://", "www."].iter().any(|p| lower.starts_with(p) && lower.len() > p.len() + 2)
        && !v.contains(char::is_whitespace)
}

fn is_uuid(v: &str) -> bool {
    v.len() == 36
        && v.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

fn is_ipv4(v: &str) -> bool {
    v.parse::<Ipv4Addr>().is_ok()
}

fn is_ipv6(v: &str) -> bool {
    v.parse::<Ipv6Addr>().is_ok()
}

fn is_iban(v: &str) -> bool {
    let compact: String = v.chars().filter(|c| *c != ' ').collect();
    (15..=34).contains(&compact.len()) && compact.chars().all(|c| c.is_ascii_alphanumeric()) && iban_valid(&compact)
}

fn is_card_number(v: &str) -> bool {
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    v.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '-')
        && (13..=19).contains(&digits.len())
        && matches!(digits.as_bytes()[0], b'2'..=b'6')
        && luhn_valid(&digits)
}

fn is_phone(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let separated = v.contains([' ', '-', '.', '/']);
    let date_like = digits == 8 && v.len() == 10;
    v.chars().all(|c| c.is_ascii_digit() || " +-()./".contains(c))
        && (8..=15).contains(&digits)
        && !date_like
        && (v.starts_with('+') || v.contains('(') || (separated && digits >= 10) || (v.starts_with('0') && separated))
}

fn is_country_code2(v: &str) -> bool {
    v.len() == 2 && COUNTRIES.iter().any(|c| c.iso2 == v)
}

fn is_country_code3(v: &str) -> bool {
    v.len() == 3 && COUNTRIES.iter().any(|c| c.iso3 == v)
}

fn is_currency(v: &str) -> bool {
    v.len() == 3 && COUNTRIES.iter().any(|c| c.currency == v)
}

/// Lower-case ASCII spelling, for comparing names.
fn folded(v: &str) -> String {
    ascii_fold(v.trim()).to_lowercase()
}

/// A set of folded names.
fn folded_set<'a>(names: impl IntoIterator<Item = &'a str>) -> HashSet<String> {
    names.into_iter().map(folded).collect()
}

fn countries() -> &'static HashSet<String> {
    static SET: LazyLock<HashSet<String>> =
        LazyLock::new(|| folded_set(COUNTRIES.iter().flat_map(|c| [c.name_en, c.name_de, c.name_fr])));
    &SET
}

fn cities() -> &'static HashSet<String> {
    static SET: LazyLock<HashSet<String>> = LazyLock::new(|| {
        let mut v: Vec<&'static str> = COUNTRIES.iter().map(|c| c.capital).collect();
        for l in Locale::ALL {
            v.extend(dict(l).homes.iter().flat_map(|h| h.cities.iter().map(|c| c.name)));
        }
        folded_set(v)
    });
    &SET
}

fn given_names() -> &'static HashSet<String> {
    static SET: LazyLock<HashSet<String>> = LazyLock::new(|| {
        folded_set(Locale::ALL.iter().flat_map(|l| dict(*l).male.iter().chain(dict(*l).female).copied()))
    });
    &SET
}

fn family_names() -> &'static HashSet<String> {
    static SET: LazyLock<HashSet<String>> =
        LazyLock::new(|| folded_set(Locale::ALL.iter().flat_map(|l| dict(*l).last.iter().copied())));
    &SET
}

/// Legal forms, folded, without dots: `inc`, `gmbh`, `sarl`, `pty ltd` …
fn legal_forms() -> &'static HashSet<String> {
    static SET: LazyLock<HashSet<String>> = LazyLock::new(|| {
        let mut v: Vec<&'static str> =
            vec!["Inc", "Ltd", "Limited", "Corp", "Corporation", "GmbH", "AG", "S.A.", "SpA"];
        v.extend(["B.V.", "N.V.", "AB", "AS", "Oy", "KG", "plc", "LLC", "LLP", "Co"]);
        for l in Locale::ALL {
            v.extend(dict(l).homes.iter().flat_map(|h| h.company_suffixes.iter().copied()));
        }
        v.into_iter().map(|s| folded(s).replace('.', "")).collect()
    });
    &SET
}

fn is_country(v: &str) -> bool {
    countries().contains(&folded(v))
}

fn is_city(v: &str) -> bool {
    cities().contains(&folded(v))
}

fn is_company(v: &str) -> bool {
    let words: Vec<String> = v.split_whitespace().map(|w| folded(w).replace(['.', ','], "")).collect();
    let n = words.len();
    n >= 2
        && (legal_forms().contains(&words[n - 1])
            || legal_forms().contains(&format!("{} {}", words[n - 2], words[n - 1])))
}

/// Letters, with the hyphens and apostrophes of names (`Jean-Luc`, `O'Brien`).
fn is_name_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_alphabetic) && w.chars().all(|c| c.is_alphabetic() || "-'’.".contains(c))
}

fn is_full_name(v: &str) -> bool {
    let words: Vec<&str> = v.split_whitespace().collect();
    (2..=4).contains(&words.len()) && words.iter().all(|w| is_name_word(w)) && given_names().contains(&folded(words[0]))
}

fn is_first_name(v: &str) -> bool {
    is_name_word(v) && given_names().contains(&folded(v))
}

fn is_last_name(v: &str) -> bool {
    v.split_whitespace().all(is_name_word) && family_names().contains(&folded(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(values: &[&str]) -> Option<TextKind> {
        detect(values.iter().copied())
    }

    #[test]
    fn formats_are_recognised() {
        assert_eq!(
            kind(&["anna@example.com", "b.smith@mail.example.org", "x_y+z@sub.example.net"]),
            Some(TextKind::Email)
        );
        assert_eq!(
            kind(&["https://example.com/a", "http://www.example.org", "www.example.net/x"]),
            Some(TextKind::Url)
        );
        assert_eq!(
            kind(&["6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f", "00000000-0000-4000-8000-000000000001"]),
            Some(TextKind::Uuid)
        );
        assert_eq!(kind(&["192.0.2.1", "10.0.0.254", "8.8.8.8"]), Some(TextKind::Ipv4));
        assert_eq!(kind(&["2001:db8::1", "fe80::1:2", "::1"]), Some(TextKind::Ipv6));
        assert_eq!(kind(&["DE89370400440532013000", "GB82 WEST 1234 5698 7654 32"]), Some(TextKind::Iban));
        assert_eq!(
            kind(&["4111 1111 1111 1111", "5500-0000-0000-0004", "4012888888881881"]),
            Some(TextKind::CreditCard)
        );
        assert_eq!(
            kind(&["+49 30 1234567", "(212) 555-0147", "+1 212 555 0199", "030 12345678"]),
            Some(TextKind::Phone)
        );
    }

    #[test]
    fn names_and_places_are_recognised_whatever_their_case() {
        assert_eq!(kind(&["Germany", "France", "United States", "Schweiz"]), Some(TextKind::Country));
        assert_eq!(kind(&["DE", "FR", "US", "GB"]), Some(TextKind::CountryCode2));
        assert_eq!(kind(&["DEU", "FRA", "USA"]), Some(TextKind::CountryCode3));
        assert_eq!(kind(&["EUR", "USD", "CHF"]), Some(TextKind::Currency));
        assert_eq!(kind(&["Berlin", "München", "PARIS", "Lyon", "Atlantis"]), Some(TextKind::City));
        assert_eq!(kind(&["Müller GmbH", "Acme Inc.", "Dupont SARL", "Widgets Pty Ltd"]), Some(TextKind::Company));
        assert_eq!(kind(&["Mary Smith", "JOHN DOE", "Anna Maria Keller"]), Some(TextKind::FullName));
        assert_eq!(kind(&["Mary", "JOHN", "Anna"]), Some(TextKind::FirstName));
        assert_eq!(kind(&["Smith", "Müller", "Dubois"]), Some(TextKind::LastName));
    }

    #[test]
    fn ordinary_values_are_left_alone() {
        assert_eq!(kind(&["anna@example.com"]), None, "one example is not enough");
        assert_eq!(kind(&["alpha", "beta", "gamma"]), None);
        assert_eq!(kind(&["INV-2024-000123", "INV-2024-000124"]), None);
        assert_eq!(kind(&["2024-01-15", "2023-12-31", "2024-02-29"]), None, "dates are not phones");
        assert_eq!(kind(&["12345", "67890", "24680"]), None, "numbers are not phones");
        assert_eq!(kind(&["4111111111111112", "1234567812345678"]), None, "Luhn fails");
        assert_eq!(kind(&["DE89370400440532013001", "DE00000000000000000000"]), None, "mod 97 fails");
        assert_eq!(kind(&["a@b", "anna@example.com", "x@y", "no"]), None, "too few well-formed");
        assert_eq!(kind(&["Oak Table", "Steel Chair", "Red Lamp"]), None);
    }

    #[test]
    fn a_few_odd_values_do_not_hide_the_kind() {
        let mut v: Vec<String> = (0..19).map(|i| format!("user{i}@example.com")).collect();
        v.push("n/a".into());
        assert_eq!(detect(v.iter().map(String::as_str)), Some(TextKind::Email));
        assert!(unmistakable(TextKind::Email) && unmistakable(TextKind::Uuid));
        assert!(!unmistakable(TextKind::Phone) && !unmistakable(TextKind::FullName));
    }
}
