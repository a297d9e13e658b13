//! Tests of personas and rendered values: formats, checksums, limits, determinism and
//! within-row consistency.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::checksum::{iban_valid, luhn_valid};
use super::dict::home_of;
use super::text::compact_slug;
use super::*;
use crate::rng::Key;

fn personas(locale: Locale, n: u64) -> impl Iterator<Item = (Persona, Stream)> {
    let key = Key::from_seed(20240).derive(locale.code());
    (0..n).map(move |row| {
        let persona = Persona::new(&mut key.derive("persona").stream(row), locale);
        (persona, key.derive("column").stream(row))
    })
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_reserved_domain(d: &str) -> bool {
    ["example.com", "example.org", "example.net"].iter().any(|r| d == *r || d.ends_with(&format!(".{r}")))
}

fn is_email(s: &str) -> bool {
    let mut parts = s.split('@');
    let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !local.is_empty()
        && local.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_')
        && !local.starts_with('.')
        && is_reserved_domain(domain)
}

/// UK postcode: outward (1–2 letters, a digit, optionally a letter or digit), space,
/// inward (a digit and two letters).
fn is_gb_postcode(s: &str) -> bool {
    let Some((out, inw)) = s.split_once(' ') else {
        return false;
    };
    let o = out.as_bytes();
    let letters = o.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let rest = &o[letters..];
    let i = inw.as_bytes();
    (1..=2).contains(&letters)
        && !rest.is_empty()
        && rest.len() <= 2
        && rest[0].is_ascii_digit()
        && rest.iter().all(u8::is_ascii_alphanumeric)
        && i.len() == 3
        && i[0].is_ascii_digit()
        && i[1].is_ascii_uppercase()
        && i[2].is_ascii_uppercase()
}

/// Canadian postcode: `A1A 1A1`.
fn is_ca_postcode(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[3] == b' '
        && [0, 2, 5].iter().all(|&i| b[i].is_ascii_uppercase())
        && [1, 4, 6].iter().all(|&i| b[i].is_ascii_digit())
}

fn postcode_ok(iso2: &str, p: &str) -> bool {
    match iso2 {
        "US" | "DE" | "FR" => is_digits(p, 5),
        "AT" | "CH" | "BE" | "AU" => is_digits(p, 4),
        "GB" => is_gb_postcode(p),
        "CA" => is_ca_postcode(p),
        _ => !p.is_empty(),
    }
}

fn phone_ok(iso2: &str, p: &str) -> bool {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    let chars_ok = p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    chars_ok
        && match iso2 {
            "US" | "CA" => p.contains("555-01") && (digits == 10 || digits == 11),
            "GB" => p.starts_with("07700 900") || p.starts_with("+44 7700 900"),
            "FR" => p.starts_with("01 99 00 ") || p.starts_with("+33 1 99 00 "),
            "DE" => p.starts_with('0') || p.starts_with("+49 "),
            "AU" => p.contains("5550 "),
            _ => digits >= 8,
        }
}

#[test]
fn locale_parsing() {
    for (s, l) in [
        ("en", Locale::En),
        ("en_US", Locale::En),
        ("en-GB", Locale::En),
        ("EN", Locale::En),
        ("de", Locale::De),
        ("de_DE", Locale::De),
        ("de-AT", Locale::De),
        ("de_DE.UTF-8", Locale::De),
        ("fr", Locale::Fr),
        ("fr_FR", Locale::Fr),
        ("FR", Locale::Fr),
        ("fr-ca", Locale::Fr),
        (" fr ", Locale::Fr),
    ] {
        assert_eq!(Locale::parse(s), Some(l), "{s}");
    }
    for s in ["", "es", "english", "e", "_en", "deu", "french"] {
        assert_eq!(Locale::parse(s), None, "{s}");
    }
    assert_eq!(Locale::Fr.code(), "fr");
    for l in Locale::ALL {
        assert_eq!(Locale::parse(l.code()), Some(l));
    }
}

#[test]
fn kind_names_round_trip() {
    for k in TextKind::ALL {
        assert_eq!(TextKind::from_name(k.name()), Some(k));
        assert!(k.name().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
    }
    assert_eq!(TextKind::from_name("First-Name"), Some(TextKind::FirstName));
    assert_eq!(TextKind::from_name("nope"), None);
}

#[test]
fn same_seed_same_persona_and_values() {
    for l in Locale::ALL {
        let a: Vec<(Persona, Stream)> = personas(l, 50).collect();
        let b: Vec<(Persona, Stream)> = personas(l, 50).collect();
        for ((pa, mut ra), (pb, mut rb)) in a.into_iter().zip(b) {
            assert_eq!(format!("{pa:?}"), format!("{pb:?}"));
            for k in TextKind::ALL {
                assert_eq!(fake(k, &pa, &mut ra, None), fake(k, &pb, &mut rb, None));
            }
        }
    }
    let key = Key::from_seed(1).derive("p");
    let p0 = Persona::new(&mut key.stream(0), Locale::En);
    let p1 = Persona::new(&mut key.stream(1), Locale::En);
    assert_ne!(format!("{p0:?}"), format!("{p1:?}"));
}

#[test]
fn personas_are_consistent_within_a_row() {
    for l in Locale::ALL {
        let mut at_home = 0;
        let n = 3000;
        for (p, mut rng) in personas(l, n) {
            let iso2 = p.country().iso2;
            // City, region and postcode belong to the country.
            match home_of(iso2, l) {
                Some((_, home)) => {
                    let city = home.cities.iter().find(|c| c.name == p.city());
                    let city = city.unwrap_or_else(|| panic!("{} not in {iso2}", p.city()));
                    assert_eq!(city.region, p.region());
                    if l.code() == "en" && ["US", "GB", "CA", "AU"].contains(&iso2)
                        || l.code() == "de" && ["DE", "AT", "CH"].contains(&iso2)
                        || l.code() == "fr" && ["FR", "BE", "CH"].contains(&iso2)
                    {
                        at_home += 1;
                    }
                }
                None => assert_eq!(p.city(), p.country().capital),
            }
            assert!(postcode_ok(iso2, p.postcode()), "{iso2} postcode {}", p.postcode());
            assert_eq!(fake(TextKind::Postcode, &p, &mut rng, None), p.postcode());
            let phone = fake(TextKind::Phone, &p, &mut rng, None);
            assert!(phone_ok(iso2, &phone), "{iso2} phone {phone}");
            // E-mail and username come from the name.
            let email = fake(TextKind::Email, &p, &mut rng, None);
            assert!(is_email(&email), "{email}");
            let last = compact_slug(p.last_name());
            let first = compact_slug(p.first_name());
            let local = email.split('@').next().unwrap_or("");
            assert!(local.contains(&last), "{email} lacks {last}");
            assert!(local.starts_with(first.chars().next().unwrap_or('?')), "{email}");
            let user = fake(TextKind::Username, &p, &mut rng, None);
            assert!(user.contains(&last) || user.starts_with(&first), "{user}");
            assert!(user.is_ascii() && !user.contains('@'));
            // Country, codes and currency agree.
            assert_eq!(fake(TextKind::CountryCode2, &p, &mut rng, None), iso2);
            assert_eq!(fake(TextKind::CountryCode3, &p, &mut rng, None), p.country().iso3);
            assert_eq!(fake(TextKind::Country, &p, &mut rng, None), p.country().name(l));
            assert_eq!(fake(TextKind::Currency, &p, &mut rng, None), p.country().currency);
            assert_eq!(fake(TextKind::City, &p, &mut rng, None), p.city());
            let street = fake(TextKind::StreetAddress, &p, &mut rng, None);
            assert!(street.contains(&p.house_number().to_string()), "{street}");
            let full = fake(TextKind::FullName, &p, &mut rng, None);
            assert_eq!(full, format!("{} {}", p.first_name(), p.last_name()));
            assert!(!fake(TextKind::Company, &p, &mut rng, None).is_empty());
            assert!(!fake(TextKind::JobTitle, &p, &mut rng, None).is_empty());
        }
        let share = f64::from(at_home) / n as f64;
        assert!((0.85..0.97).contains(&share), "{l:?} home share {share}");
    }
}

#[test]
fn english_personas_follow_their_country() {
    let mut seen = std::collections::BTreeSet::new();
    for (p, _) in personas(Locale::En, 2000) {
        let iso2 = p.country().iso2;
        seen.insert(iso2);
        if iso2 == "US" {
            assert!(is_digits(p.postcode(), 5), "{}", p.postcode());
            assert_eq!(p.region_code().len(), 2);
        }
        if iso2 == "GB" {
            assert!(is_gb_postcode(p.postcode()), "{}", p.postcode());
        }
    }
    for c in ["US", "GB", "CA", "AU"] {
        assert!(seen.contains(c), "{c} never drawn");
    }
}

#[test]
fn checksummed_and_technical_values() {
    for l in Locale::ALL {
        for (p, mut rng) in personas(l, 400) {
            let iban = fake(TextKind::Iban, &p, &mut rng, None);
            assert!(iban_valid(&iban), "{iban}");
            let expected = match p.country().iso2 {
                c if p.country().iban.is_empty() => ("DE", 22, c),
                c => (c, p.country().iban.len() + 4, c),
            };
            assert!(iban.starts_with(expected.0), "{iban} for {}", expected.2);
            assert_eq!(iban.len(), expected.1, "{iban}");
            match p.country().iso2 {
                "DE" => assert_eq!(iban.len(), 22),
                "FR" => assert_eq!(iban.len(), 27),
                "GB" => assert_eq!(iban.len(), 22),
                _ => {}
            }

            let card = fake(TextKind::CreditCard, &p, &mut rng, None);
            assert!(luhn_valid(&card), "{card}");
            let groups: Vec<&str> = card.split(' ').collect();
            assert_eq!(groups.len(), 4);
            assert!(groups.iter().all(|g| is_digits(g, 4)), "{card}");
            let prefix2: u32 = card[..2].parse().unwrap_or(0);
            assert!(card.starts_with('4') || (51..=55).contains(&prefix2), "{card}");

            let v4 = fake(TextKind::Ipv4, &p, &mut rng, None);
            let a: Ipv4Addr = v4.parse().unwrap_or_else(|_| panic!("{v4}"));
            assert!(!a.is_private() && !a.is_loopback() && !a.is_link_local() && !a.is_multicast());
            assert!(!a.is_documentation() && !a.is_broadcast() && !a.is_unspecified());
            assert!(a.octets()[3] != 0 && a.octets()[3] != 255);

            let v6 = fake(TextKind::Ipv6, &p, &mut rng, None);
            let b: Ipv6Addr = v6.parse().unwrap_or_else(|_| panic!("{v6}"));
            assert_eq!(&b.segments()[..2], &[0x2001, 0x0db8]);
            assert_eq!(b.to_string(), v6, "canonical form");

            let url = fake(TextKind::Url, &p, &mut rng, None);
            let host = url.strip_prefix("https://").unwrap_or_else(|| panic!("{url}"));
            let host = host.split('/').next().unwrap_or("");
            assert!(is_reserved_domain(host) && url.is_ascii(), "{url}");
            let domain = fake(TextKind::DomainName, &p, &mut rng, None);
            assert!(is_reserved_domain(&domain) && !domain.contains('/'), "{domain}");

            let uuid = fake(TextKind::Uuid, &p, &mut rng, None);
            let hex: String = uuid.chars().filter(|c| *c != '-').collect();
            assert_eq!(uuid.len(), 36, "{uuid}");
            assert!([8, 13, 18, 23].iter().all(|i| &uuid[*i..*i + 1] == "-"), "{uuid}");
            assert!(hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{uuid}");
            assert!(&uuid[14..15] == "4" && "89ab".contains(&uuid[19..20]), "{uuid}: version 4, RFC 4122 variant");

            let sku = fake(TextKind::Sku, &p, &mut rng, None);
            let (letters, digits) = sku.split_once('-').unwrap_or(("", ""));
            assert!(letters.len() == 3 && letters.bytes().all(|b| b.is_ascii_uppercase()), "{sku}");
            assert!(is_digits(digits, 5), "{sku}");
        }
    }
}

#[test]
fn sentences_and_paragraphs() {
    for l in Locale::ALL {
        for (p, mut rng) in personas(l, 300) {
            let s = fake(TextKind::Sentence, &p, &mut rng, None);
            let words = s.split(' ').count();
            assert!((4..=12).contains(&words), "{s}");
            assert!(s.ends_with('.') && s.matches('.').count() == 1, "{s}");
            let first = s.chars().next().unwrap_or('x');
            assert!(first.is_uppercase(), "{s}");
            let para = fake(TextKind::Paragraph, &p, &mut rng, None);
            let sentences = para.matches('.').count();
            assert!((2..=5).contains(&sentences) && para.ends_with('.'), "{para}");
            let w = fake(TextKind::Word, &p, &mut rng, None);
            assert!(!w.is_empty() && !w.contains(' '), "{w}");
            assert!(!fake(TextKind::Color, &p, &mut rng, None).is_empty());
            let prod = fake(TextKind::ProductName, &p, &mut rng, None);
            assert!(prod.split(' ').count() >= 2, "{prod}");
        }
    }
}

#[test]
fn every_kind_respects_every_limit() {
    for l in Locale::ALL {
        for (p, rng) in personas(l, 60) {
            for k in TextKind::ALL {
                let unlimited = fake(k, &p, &mut rng.clone(), None);
                assert!(!unlimited.is_empty(), "{k:?} empty");
                for max in 0..=40 {
                    let v = fake(k, &p, &mut rng.clone(), Some(max));
                    assert!(v.chars().count() <= max, "{k:?} {max}: {v:?}");
                    assert_eq!(v.trim_end(), v, "{k:?} trailing space");
                    if unlimited.chars().count() <= max {
                        assert_eq!(v, unlimited, "{k:?} changed although it fit");
                    }
                }
            }
        }
    }
}

#[test]
fn short_natural_forms_come_before_cutting() {
    for (p, rng) in personas(Locale::En, 300) {
        let f = |k, max| fake(k, &p, &mut rng.clone(), Some(max));
        let email = f(TextKind::Email, 20);
        assert!(is_email(&email), "{email}");
        let short_email = f(TextKind::Email, 13);
        assert!(is_email(&short_email), "{short_email}");
        assert_eq!(f(TextKind::Country, 3).len(), 3);
        assert_eq!(f(TextKind::Country, 2), p.country().iso2);
        if p.country().iso2 == "US" {
            assert_eq!(f(TextKind::Region, 2), p.region_code());
        }
        let name = f(TextKind::FullName, 12);
        assert!(name.contains(p.last_name()) || name.chars().count() == 12, "{name}");
        let company = f(TextKind::Company, 18);
        assert!(company.chars().count() <= 18);
        let card = f(TextKind::CreditCard, 16);
        assert!(luhn_valid(&card) && is_digits(&card, 16), "{card}");
        let sentence = f(TextKind::Sentence, 30);
        assert!(sentence.ends_with('.'), "{sentence}");
        let para = f(TextKind::Paragraph, 60);
        assert!(para.ends_with('.'), "{para}");
        if p.country().iso2 == "US" {
            let phone = f(TextKind::Phone, 10);
            assert!(is_digits(&phone, 10) && phone.contains("55501"), "{phone}");
        }
        let sku = f(TextKind::Sku, 8);
        assert_eq!(sku.len(), 8);
    }
}

#[test]
fn german_and_french_text_keeps_its_letters() {
    let mut umlaut = false;
    for (p, mut rng) in personas(Locale::De, 400) {
        let name = fake(TextKind::FullName, &p, &mut rng, None);
        umlaut |= name.contains(['ä', 'ö', 'ü', 'ß']);
        let email = fake(TextKind::Email, &p, &mut rng, None);
        assert!(email.is_ascii(), "{email}");
        if p.country().iso2 == "DE" {
            let street = p.street_address();
            assert!(street.ends_with(&p.house_number().to_string()), "{street}");
        }
    }
    assert!(umlaut, "no umlaut in 400 German names");
    for (p, _) in personas(Locale::Fr, 400) {
        if p.country().iso2 == "FR" {
            let street = p.street_address();
            assert!(street.starts_with(&p.house_number().to_string()), "{street}");
        }
        if p.country().iso2 == "FR" {
            assert!(is_digits(p.postcode(), 5));
        }
    }
}

#[test]
fn renumbered_cards_and_ibans_stay_valid_and_distinct() {
    for l in Locale::ALL {
        let mut seen = std::collections::HashSet::new();
        for (i, (p, mut rng)) in personas(l, 400).enumerate() {
            let card = fake(TextKind::CreditCard, &p, &mut rng, None);
            let iban = fake(TextKind::Iban, &p, &mut rng, None);
            // Every row starts from one of two bases: the number alone keeps them apart.
            let (card, iban) = if i % 2 == 0 {
                (card, iban)
            } else {
                ("4111 1111 1111 1111".into(), "DE89 3704 0044 0532 0130 00".into())
            };
            let c = renumber(TextKind::CreditCard, &card, i as u64, 4).unwrap_or_else(|| panic!("{card}"));
            assert!(luhn_valid(&c) && c.len() == card.len() && c[..2] == card[..2], "{card} -> {c}");
            let b = renumber(TextKind::Iban, &iban, i as u64, 4).unwrap_or_else(|| panic!("{iban}"));
            assert!(iban_valid(&b) && b.len() == iban.len() && b[..2] == iban[..2], "{iban} -> {b}");
            if b.starts_with("FR") {
                // The RIB key is right too.
                let d: String = b.chars().filter(|c| *c != ' ').collect();
                let n = |r: std::ops::Range<usize>| d[r].parse::<i64>().unwrap();
                assert_eq!(97 - (89 * n(4..9) + 15 * n(9..14) + 3 * n(14..25)) % 97, n(25..27), "{b}");
            }
            assert!(seen.insert(c.clone()) && seen.insert(b.clone()), "{c} or {b} repeated");
        }
    }
    assert_eq!(renumber(TextKind::CreditCard, "4111 1111 1111 1111", 10_000, 4), None, "number wider than 4 digits");
    assert_eq!(renumber(TextKind::CreditCard, "4111 1111", 1, 4), None, "cut by a length limit");
    assert_eq!(renumber(TextKind::Email, "a@example.com", 1, 1), None);
    assert_eq!(renumber(TextKind::Phone, "(212) 555-0147", 4711, 4).as_deref(), Some("(212) 555-4711"));
    assert_eq!(renumber(TextKind::Phone, "+33 1 99 00 06 53", 42, 4).as_deref(), Some("+33 1 99 00 00 42"));
    assert_eq!(renumber(TextKind::Phone, "555-0147", 1, 6), None, "too few digits to keep an area code");
    assert_eq!(renumber(TextKind::Iban, "DE89 3704 0044 0532 0130 00", 1, 10), None, "at most 9 digits");
}

#[test]
fn spliced_names_join_a_first_syllable_to_another_name_s_rest() {
    use super::persona::splice;
    assert_eq!(splice("Mary", "Linda").as_deref(), Some("Manda"));
    assert_eq!(splice("Brown", "Davis").as_deref(), Some("Brovis"));
    assert_eq!(splice("Zoé", "Léna").as_deref(), Some("Zoéna"));
    // No rest after the vowels, a name of two letters, or one of the two names again: none.
    assert_eq!(splice("Mary", "Lee"), None);
    assert_eq!(splice("Al", "Ava"), None);
    assert_eq!(splice("Mary", "Mary"), None);
}
