//! Rendering one [`TextKind`] for a persona within a length limit.
//!
//! Each kind lists its forms from the most natural to the shortest; the first that fits the
//! limit wins, and if none does the shortest is cut on a character boundary.

use super::checksum::{iban_check_digits, luhn_check_digit};
use super::countries::{country_by_iso2, Country};
use super::dict::{dict, Dict, G};
use super::persona::Persona;
use super::text::{capitalize, clip, compact_slug, digits, fill_pattern, fits, pick};
use super::{Locale, TextKind};
use crate::rng::Stream;

/// Returns from the enclosing function with `$s` if it fits within `$max`.
macro_rules! try_fit {
    ($s:expr, $max:expr) => {{
        let s: String = $s;
        if fits(&s, $max) {
            return s;
        }
        s
    }};
}

/// See [`super::fake`].
pub(crate) fn render(kind: TextKind, p: &Persona, rng: &mut Stream, max: Option<usize>) -> String {
    match kind {
        TextKind::FirstName => clip(p.first_name().to_string(), max),
        TextKind::LastName => clip(p.last_name().to_string(), max),
        TextKind::FullName => full_name(p, max),
        TextKind::Email => email(p, max),
        TextKind::Username => username(p, max),
        TextKind::Phone => phone(p, max),
        TextKind::StreetAddress => clip(p.street_address(), max),
        TextKind::City => clip(p.city().to_string(), max),
        TextKind::Region => region(p, max),
        TextKind::Postcode => clip(p.postcode().to_string(), max),
        TextKind::Country => country(p, max),
        TextKind::CountryCode2 => clip(p.country().iso2.to_string(), max),
        TextKind::CountryCode3 => clip(p.country().iso3.to_string(), max),
        TextKind::Company => company(p, max),
        TextKind::JobTitle => clip(p.job_title().to_string(), max),
        TextKind::ProductName => product_name(dict(p.locale()), rng, max),
        TextKind::Url => url(p, rng, max),
        TextKind::DomainName => domain_name(p, max),
        TextKind::Ipv4 => clip(ipv4(rng), max),
        TextKind::Ipv6 => clip(ipv6(rng), max),
        TextKind::Iban => clip(iban(p.country(), rng), max),
        TextKind::CreditCard => credit_card(rng, max),
        TextKind::Uuid => clip(uuid(rng), max),
        TextKind::Currency => clip(p.country().currency.to_string(), max),
        TextKind::Color => clip(pick(rng, dict(p.locale()).colors).to_string(), max),
        TextKind::Sku => sku(rng, max),
        TextKind::Word => clip(pick(rng, dict(p.locale()).words).to_string(), max),
        TextKind::Sentence => sentence(dict(p.locale()), rng, max),
        TextKind::Paragraph => paragraph(dict(p.locale()), rng, max),
    }
}

fn full_name(p: &Persona, max: Option<usize>) -> String {
    try_fit!(p.full_name(), max);
    let initial: String = p.first_name().chars().take(1).collect();
    try_fit!(format!("{initial}. {}", p.last_name()), max);
    clip(p.last_name().to_string(), max)
}

fn email(p: &Persona, max: Option<usize>) -> String {
    try_fit!(p.email(), max);
    try_fit!(format!("{}@{}", p.short_local(), p.email_domain()), max);
    let short = try_fit!(format!("{}@example.com", p.short_local()), max);
    // Keep the address well-formed as long as "x@example.com" fits.
    match max {
        Some(m) if m >= "x@example.com".len() => {
            let keep = m - "@example.com".len();
            let local: String = p.short_local().chars().take(keep).collect();
            format!("{local}@example.com")
        }
        _ => clip(short, max),
    }
}

fn username(p: &Persona, max: Option<usize>) -> String {
    try_fit!(p.username().to_string(), max);
    clip(p.short_local(), max)
}

fn phone(p: &Persona, max: Option<usize>) -> String {
    try_fit!(p.phone().to_string(), max);
    try_fit!(p.phone_alternative().to_string(), max);
    try_fit!(p.phone_compact(), max);
    clip(p.phone_national_digits(), max)
}

fn region(p: &Persona, max: Option<usize>) -> String {
    let full = try_fit!(p.region().to_string(), max);
    if !p.region_code().is_empty() && fits(p.region_code(), max) {
        return p.region_code().to_string();
    }
    clip(full, max)
}

fn country(p: &Persona, max: Option<usize>) -> String {
    let c = p.country();
    try_fit!(c.name(p.locale()).to_string(), max);
    try_fit!(c.iso3.to_string(), max);
    clip(c.iso2.to_string(), max)
}

fn company(p: &Persona, max: Option<usize>) -> String {
    try_fit!(p.company(), max);
    clip(p.company_base().to_string(), max)
}

/// Three forms of a product name: with material, without, the bare noun.
fn product_forms(d: &Dict, rng: &mut Stream) -> [String; 3] {
    if d.product_adjectives.is_empty() || d.product_nouns.is_empty() {
        return [String::new(), String::new(), String::new()];
    }
    let (adj_m, adj_f) = d.product_adjectives[rng.index(d.product_adjectives.len())];
    let (noun, gender) = d.product_nouns[rng.index(d.product_nouns.len())];
    let material = pick(rng, d.materials);
    let adj_f = if adj_f.is_empty() { adj_m } else { adj_f };
    match d.locale {
        Locale::En => [format!("{adj_m} {material} {noun}"), format!("{adj_m} {noun}"), noun.to_string()],
        Locale::De => {
            let ending = match gender {
                G::M => "er",
                G::F => "e",
                G::N => "es",
            };
            let adj = capitalize(adj_m);
            [format!("{adj}{ending} {noun} aus {material}"), format!("{adj}{ending} {noun}"), noun.to_string()]
        }
        Locale::Fr => {
            let adj = if gender == G::F { adj_f } else { adj_m };
            let noun = capitalize(noun);
            [format!("{noun} {adj} en {material}"), format!("{noun} {adj}"), noun]
        }
    }
}

fn product_name(d: &Dict, rng: &mut Stream, max: Option<usize>) -> String {
    let with_material = rng.chance(0.4);
    let [long, medium, short] = product_forms(d, rng);
    if with_material {
        try_fit!(long, max);
    }
    try_fit!(medium, max);
    clip(short, max)
}

/// One ASCII path segment made from a dictionary word.
fn path_segment(d: &Dict, rng: &mut Stream) -> String {
    let s = compact_slug(pick(rng, d.words));
    if s.is_empty() {
        "home".to_string()
    } else {
        s
    }
}

fn url(p: &Persona, rng: &mut Stream, max: Option<usize>) -> String {
    let d = dict(p.locale());
    let segments = rng.below(3);
    let mut path = String::new();
    for _ in 0..segments {
        path.push('/');
        path.push_str(&path_segment(d, rng));
    }
    let host = p.web_host();
    try_fit!(format!("https://www.{host}{path}"), max);
    try_fit!(format!("https://{host}"), max);
    try_fit!(format!("https://{}", p.web_domain()), max);
    clip(p.web_domain().to_string(), max)
}

fn domain_name(p: &Persona, max: Option<usize>) -> String {
    try_fit!(p.web_host(), max);
    clip(p.web_domain().to_string(), max)
}

/// True for IPv4 addresses in private, shared, loopback, link-local, documentation,
/// benchmarking, multicast or reserved blocks.
fn ipv4_is_special(a: u8, b: u8, c: u8) -> bool {
    matches!(a, 0 | 10 | 127 | 224..=255)
        || (a == 100 && (64..128).contains(&b))
        || (a == 169 && b == 254)
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && (c == 0 || c == 2))
        || (a == 192 && b == 88 && c == 99)
        || (a == 198 && (b == 18 || b == 19))
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
}

/// A random public unicast IPv4 address (host part 1–254).
pub(crate) fn ipv4(rng: &mut Stream) -> String {
    for _ in 0..32 {
        let x = rng.next_u64();
        let (a, b, c) = ((x >> 24) as u8, (x >> 16) as u8, (x >> 8) as u8);
        if !ipv4_is_special(a, b, c) {
            let host = 1 + rng.below(254);
            return format!("{a}.{b}.{c}.{host}");
        }
    }
    // Practically unreachable (each try fails with probability < 0.15).
    format!("8.{}.{}.{}", rng.below(256), rng.below(256), 1 + rng.below(254))
}

/// A random address in the documentation prefix 2001:db8::/32, in RFC 5952 form.
pub(crate) fn ipv6(rng: &mut Stream) -> String {
    let mut groups = [0u16; 8];
    groups[0] = 0x2001;
    groups[1] = 0x0db8;
    for g in groups.iter_mut().skip(2) {
        *g = rng.below(0x1_0000) as u16;
    }
    // Longest run (≥ 2) of zero groups, compressed to "::".
    let (mut best_start, mut best_len) = (8, 0);
    let mut i = 0;
    while i < 8 {
        if groups[i] == 0 {
            let start = i;
            while i < 8 && groups[i] == 0 {
                i += 1;
            }
            if i - start > best_len {
                best_start = start;
                best_len = i - start;
            }
        } else {
            i += 1;
        }
    }
    let hex = |gs: &[u16]| gs.iter().map(|g| format!("{g:x}")).collect::<Vec<_>>().join(":");
    if best_len >= 2 {
        format!("{}::{}", hex(&groups[..best_start]), hex(&groups[best_start + best_len..]))
    } else {
        hex(&groups)
    }
}

/// The French BBAN: bank, branch, account and the RIB key that makes them consistent.
fn french_bban(rng: &mut Stream) -> String {
    let bank = rng.range_i64(10_000, 99_999);
    let branch = rng.range_i64(0, 99_999);
    let account = rng.range_i64(0, 99_999_999_999);
    let key = 97 - (89 * bank + 15 * branch + 3 * account) % 97;
    format!("{bank:05}{branch:05}{account:011}{key:02}")
}

/// The Belgian BBAN: ten digits and their mod-97 check (97 instead of 0).
fn belgian_bban(rng: &mut Stream) -> String {
    let n = rng.range_i64(1, 9_999_999_999);
    let check = match n % 97 {
        0 => 97,
        r => r,
    };
    format!("{n:010}{check:02}")
}

/// A valid IBAN of `country`, or a German one if the country does not use IBANs.
pub(crate) fn iban(country: &Country, rng: &mut Stream) -> String {
    let country = if country.iban.is_empty() { country_by_iso2("DE").unwrap_or(country) } else { country };
    let bban = match country.iso2 {
        "FR" | "MC" => french_bban(rng),
        "BE" => belgian_bban(rng),
        _ => fill_pattern(country.iban, rng),
    };
    let check = iban_check_digits(country.iso2, &bban);
    format!("{}{check}{bban}", country.iso2)
}

/// A Luhn-valid 16-digit card number with a Visa (4…) or Mastercard (51–55…) prefix.
pub(crate) fn card_number(rng: &mut Stream) -> String {
    let mut payload = if rng.chance(0.5) { "4".to_string() } else { format!("5{}", 1 + rng.below(5)) };
    let rest = 15 - payload.len();
    payload.push_str(&digits(rng, rest));
    let check = luhn_check_digit(&payload);
    payload.push(char::from(b'0' + check));
    payload
}

fn credit_card(rng: &mut Stream, max: Option<usize>) -> String {
    let n = card_number(rng);
    let groups: Vec<&str> = (0..4).map(|i| &n[i * 4..i * 4 + 4]).collect();
    try_fit!(groups.join(" "), max);
    clip(n, max)
}

/// A random version-4 UUID: `6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f`.
pub(crate) fn uuid(rng: &mut Stream) -> String {
    let (hi, lo) = (rng.next_u64(), rng.next_u64());
    let hi = (hi & !0xf000) | 0x4000;
    let lo = (lo & !(0b11 << 62)) | (0b10 << 62);
    let hex = format!("{hi:016x}{lo:016x}");
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// The widest number [`renumber`] writes into a value of `kind`: 12 digits of a card number's
/// payload (its network prefix and check digit stay), 9 of an IBAN's account (every country's
/// BBAN has at least ten digits before any national check), 6 of a phone number (its country
/// and area codes stay).
pub(crate) fn renumber_width(kind: TextKind) -> usize {
    match kind {
        TextKind::CreditCard => 12,
        TextKind::Iban => 9,
        TextKind::Phone => 6,
        _ => 0,
    }
}

/// `value`, a card number, an IBAN or a phone number as [`render`] writes it, with `number`
/// written into its last `width` free digits and its check digits made right again: distinct
/// numbers below `10^width` give distinct values of one layout, each still Luhn- or
/// mod-97-valid, keeping the value's spaces and punctuation. `None` for other kinds, a width
/// over [`renumber_width`], or a value that is not a whole card number, IBAN or phone number
/// (cut by a length limit).
///
/// A phone number keeps a range reserved for fiction only while `width` fits in it (two digits
/// in the US and Canada, three in the UK, four in France and Australia).
pub(crate) fn renumber(kind: TextKind, value: &str, number: u64, width: usize) -> Option<String> {
    if width > renumber_width(kind) || (width < 20 && number >= 10u64.pow(width as u32)) {
        return None;
    }
    let mut chars: Vec<char> = value.chars().collect();
    // Positions of the value's digits (cards) or alphanumerics (IBANs), in order.
    let write = |chars: &mut Vec<char>, positions: &[usize], mut x: u64| {
        for &p in positions.iter().rev() {
            chars[p] = char::from(b'0' + (x % 10) as u8);
            x /= 10;
        }
    };
    match kind {
        TextKind::CreditCard => {
            let digits: Vec<usize> = (0..chars.len()).filter(|i| chars[*i].is_ascii_digit()).collect();
            if digits.len() < 13 || !super::checksum::luhn_valid(value) {
                return None;
            }
            let payload = &digits[..digits.len() - 1];
            write(&mut chars, &payload[payload.len() - width..], number);
            let text: String = payload.iter().map(|p| chars[*p]).collect();
            chars[digits[digits.len() - 1]] = char::from(b'0' + luhn_check_digit(&text));
        }
        TextKind::Iban => {
            if !super::checksum::iban_valid(value) {
                return None;
            }
            let alnum: Vec<usize> = (0..chars.len()).filter(|i| chars[*i].is_ascii_alphanumeric()).collect();
            let country: String = alnum[..2].iter().map(|p| chars[*p]).collect();
            let bban = &alnum[4..];
            // France, Monaco and Belgium end their BBAN with a national check of two digits.
            let national = if matches!(country.as_str(), "FR" | "MC" | "BE") { 2 } else { 0 };
            let free: Vec<usize> =
                bban[..bban.len() - national].iter().copied().filter(|p| chars[*p].is_ascii_digit()).collect();
            if free.len() < width + 1 {
                return None;
            }
            write(&mut chars, &free[free.len() - width..], number);
            let text = |chars: &[char], ps: &[usize]| -> String { ps.iter().map(|p| chars[*p]).collect() };
            let check = match country.as_str() {
                "FR" | "MC" => {
                    let num = |r: std::ops::Range<usize>| text(&chars, &bban[r]).parse::<i64>().ok();
                    let (bank, branch, account) = (num(0..5)?, num(5..10)?, num(10..21)?);
                    Some(format!("{:02}", 97 - (89 * bank + 15 * branch + 3 * account) % 97))
                }
                "BE" => {
                    let n = text(&chars, &bban[..10]).parse::<i64>().ok()?;
                    Some(format!("{:02}", if n % 97 == 0 { 97 } else { n % 97 }))
                }
                _ => None,
            };
            if let Some(check) = check {
                write(&mut chars, &bban[bban.len() - 2..], check.parse().ok()?);
            }
            let digits = iban_check_digits(&country, &text(&chars, bban));
            write(&mut chars, &alnum[2..4], digits.parse().ok()?);
        }
        TextKind::Phone => {
            let digits: Vec<usize> = (0..chars.len()).filter(|i| chars[*i].is_ascii_digit()).collect();
            if digits.len() < width + 4 {
                return None;
            }
            write(&mut chars, &digits[digits.len() - width..], number);
        }
        _ => return None,
    }
    Some(chars.into_iter().collect())
}

/// Letters for SKUs (no I or O, which read as digits).
const SKU_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

fn sku(rng: &mut Stream, max: Option<usize>) -> String {
    let letters: String = (0..3).map(|_| char::from(SKU_LETTERS[rng.index(SKU_LETTERS.len())])).collect();
    let number = rng.range_i64(10_000, 99_999);
    try_fit!(format!("{letters}-{number}"), max);
    clip(format!("{letters}{number}"), max)
}

/// A sentence of up to `words` words that fits in `max` characters (period included).
///
/// Words stop being added once the next would overflow; if not even the first word fits, the
/// first word is cut (and the period dropped).
fn sentence_with(d: &Dict, rng: &mut Stream, words: u64, max: Option<usize>) -> String {
    let budget = max.map(|m| m.saturating_sub(1));
    let mut s = String::with_capacity(96);
    let mut len = 0usize;
    for i in 0..words {
        let w = if i > 0 && rng.chance(0.3) { pick(rng, d.filler) } else { pick(rng, d.words) };
        if i == 0 {
            let first = capitalize(w);
            let needed = first.chars().count();
            if budget.is_some_and(|b| needed > b) {
                return clip(first, max);
            }
            s.push_str(&first);
            len = needed;
            continue;
        }
        let needed = len + 1 + w.chars().count();
        if budget.is_some_and(|b| needed > b) {
            break;
        }
        s.push(' ');
        s.push_str(w);
        len = needed;
    }
    s.push('.');
    clip(s, max)
}

/// A sentence of 4–12 words (fewer if the limit requires).
pub(crate) fn sentence(d: &Dict, rng: &mut Stream, max: Option<usize>) -> String {
    let words = 4 + rng.below(9);
    sentence_with(d, rng, words, max)
}

/// Two to five sentences (fewer if the limit requires).
pub(crate) fn paragraph(d: &Dict, rng: &mut Stream, max: Option<usize>) -> String {
    let count = 2 + rng.below(4);
    let mut out = String::new();
    for _ in 0..count {
        let room = match max {
            None => None,
            Some(m) => {
                let used = out.chars().count() + usize::from(!out.is_empty());
                if used >= m {
                    break;
                }
                Some(m - used)
            }
        };
        let s = sentence(d, rng, room);
        if s.is_empty() || (!out.is_empty() && !s.ends_with('.')) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s);
    }
    clip(out, max)
}
