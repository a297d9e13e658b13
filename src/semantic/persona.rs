//! One coherent identity per row.
//!
//! [`Persona::new`] draws, in a fixed order, a gender, a first and last name, a country
//! (90 % one of the locale's own countries by weight, 10 % any country of the shared
//! table), a city of that country with its region and a postcode in its format, a street and
//! house number, a phone number in the country's format, an e-mail address and username made
//! from the name, an employer and a job title. A persona abroad in a country that another
//! locale covers (a German-speaking persona in the US, say) uses that locale's cities,
//! streets and companies; elsewhere the persona lives in the capital.

use super::countries::{country_by_iso2, Country, COUNTRIES};
use super::dict::{dict, home_of, Dict, Home};
use super::phone::{self, PhoneNumber};
use super::text::{capitalize, compact_slug, fill_pattern, hyphen_slug, pick};
use super::Locale;
use crate::rng::Stream;

/// Share of personas living in one of their locale's own countries.
const HOME_SHARE: f64 = 0.9;

/// Reserved e-mail domains (RFC 2606 / RFC 6761) with their weights.
const EMAIL_DOMAINS: &[(&str, u64)] = &[
    ("example.com", 40),
    ("example.org", 20),
    ("example.net", 20),
    ("mail.example.com", 10),
    ("mail.example.org", 5),
    ("post.example.net", 5),
];

/// Reserved second-level domains for web sites.
const WEB_DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];

/// A persona's gender, which decides the first name and gendered job titles.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Female.
    Female,
    /// Male.
    Male,
}

/// One coherent person and place, drawn once per row.
#[derive(Clone, Debug)]
pub struct Persona {
    locale: Locale,
    gender: Gender,
    first: String,
    last: String,
    residence: Residence,
    phone_international: bool,
    email_local: String,
    email_domain: &'static str,
    username: String,
    company_base: String,
    company_suffix: &'static str,
    job: &'static str,
    web_domain: &'static str,
}

/// Draws that a name may take before the row is left to the generator's own check.
const NAME_TRIES: usize = 64;
/// Draws from the dictionary itself before splicing.
const DICTIONARY_TRIES: usize = 4;

/// Names a generated persona must not take: the values of a sensitive column (see
/// `privacy::exclusion`, whose filter is one). A filter may flag a name that is not there; it
/// never misses one that is.
pub trait NameFilter {
    fn flags(&self, name: &str) -> bool;
}

/// A name of `list` (or spliced from two) that `avoid` does not flag.
fn name_avoiding<F: NameFilter + ?Sized>(rng: &mut Stream, list: Names, avoid: Option<&F>) -> String {
    let Some(avoid) = avoid else { return list.draw(rng).to_string() };
    let mut name = String::new();
    for attempt in 0..NAME_TRIES {
        name = if attempt < DICTIONARY_TRIES {
            list.draw(rng).to_string()
        } else {
            match splice(list.draw(rng), list.draw(rng)) {
                Some(n) => n,
                None => continue,
            }
        };
        if !avoid.flags(&name) {
            break;
        }
    }
    name
}

/// Where a persona's names come from: a locale's census list, as often as people bear them, or
/// its dictionary, each name alike.
#[derive(Clone, Copy)]
enum Names {
    Census(&'static super::census::NameList),
    Dictionary(&'static [&'static str]),
}

impl Names {
    fn draw(self, rng: &mut Stream) -> &'static str {
        match self {
            Names::Census(list) => list.draw(rng),
            Names::Dictionary(list) => pick(rng, list),
        }
    }
}

fn is_vowel(c: char) -> bool {
    "aeiouyäöüéèêëàâîïôûùáíóú".contains(c.to_lowercase().next().unwrap_or(c))
}

/// The first syllable's start of `a` and the rest of `b` after its own: `Mary` + `Linda` →
/// `Ma` + `nda` = `Manda`; `Brown` + `Davis` → `Bro` + `vis`. `None` when the parts make no
/// new name of at least three letters.
pub(crate) fn splice(a: &str, b: &str) -> Option<String> {
    let first_vowel_run_end = |s: &str| -> Option<usize> {
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let start = chars.iter().position(|(_, c)| is_vowel(*c))?;
        let end = chars[start..].iter().position(|(_, c)| !is_vowel(*c)).map_or(chars.len(), |k| start + k);
        Some(chars.get(end).map_or(s.len(), |(i, _)| *i))
    };
    let head = &a[..first_vowel_run_end(a)?];
    let tail = &b[first_vowel_run_end(b)?..];
    let out = format!("{head}{tail}");
    let ok = tail.chars().next().is_some_and(|c| c.is_alphabetic() && !is_vowel(c))
        && out.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && out != a
        && out != b;
    ok.then_some(out)
}

/// Where a persona lives.
struct Place {
    country: &'static Country,
    addr: &'static Dict,
    home: Option<&'static Home>,
    city: &'static str,
    region: &'static str,
    region_code: &'static str,
    postcode: String,
    area: &'static str,
}

fn country_of(iso2: &str) -> &'static Country {
    country_by_iso2(iso2).unwrap_or(&COUNTRIES[0])
}

fn pick_home(rng: &mut Stream, homes: &'static [Home]) -> Option<&'static Home> {
    let total: f64 = homes.iter().map(|h| h.weight).sum();
    let mut x = rng.unit() * total;
    for h in homes {
        if x < h.weight {
            return Some(h);
        }
        x -= h.weight;
    }
    homes.last()
}

fn home_place(rng: &mut Stream, addr: &'static Dict, home: &'static Home) -> Place {
    let country = country_of(home.iso2);
    if home.cities.is_empty() {
        return foreign_place(rng, addr, country);
    }
    let city = &home.cities[rng.index(home.cities.len())];
    Place {
        country,
        addr,
        home: Some(home),
        city: city.name,
        region: city.region,
        region_code: city.region_code,
        postcode: fill_pattern(city.postcode, rng),
        area: city.area,
    }
}

/// Where a persona lives: a place, and what goes with it — a street of its dictionary, a house
/// number as the country numbers them, a phone number of its area.
#[derive(Clone, Debug)]
struct Residence {
    country: &'static Country,
    /// Locale whose street names the address uses.
    address_locale: Locale,
    city: &'static str,
    region: &'static str,
    region_code: &'static str,
    postcode: String,
    street: &'static str,
    house_number: u32,
    phone: PhoneNumber,
}

impl Residence {
    fn at(rng: &mut Stream, place: Place) -> Residence {
        let street = pick(rng, place.addr.streets);
        let house_number = match place.country.iso2 {
            "US" | "CA" => rng.range_i64(100, 9899),
            "GB" | "AU" => rng.range_i64(1, 220),
            _ => rng.range_i64(1, 150),
        } as u32;
        let phone = phone::draw(place.country.iso2, place.country.calling, place.area, rng);
        Residence {
            country: place.country,
            address_locale: place.addr.locale,
            city: place.city,
            region: place.region,
            region_code: place.region_code,
            postcode: place.postcode,
            street,
            house_number,
            phone,
        }
    }
}

fn foreign_place(rng: &mut Stream, addr: &'static Dict, country: &'static Country) -> Place {
    Place {
        country,
        addr,
        home: None,
        city: country.capital,
        region: country.capital_region,
        region_code: "",
        postcode: fill_pattern(country.postcode, rng),
        area: "",
    }
}

fn draw_place(rng: &mut Stream, d: &'static Dict) -> Place {
    if rng.chance(HOME_SHARE) {
        if let Some(home) = pick_home(rng, d.homes) {
            return home_place(rng, d, home);
        }
    }
    let country = &COUNTRIES[rng.index(COUNTRIES.len())];
    match home_of(country.iso2, d.locale) {
        Some((addr, home)) => home_place(rng, addr, home),
        None => foreign_place(rng, d, country),
    }
}

fn pick_weighted(rng: &mut Stream, items: &[(&'static str, u64)]) -> &'static str {
    let total: u64 = items.iter().map(|i| i.1).sum();
    let mut x = rng.below(total.max(1));
    for (s, w) in items {
        if x < *w {
            return s;
        }
        x -= w;
    }
    items.last().map_or("example.com", |i| i.0)
}

/// The e-mail local part for a name: `first.last`, `flast`, `first_last`, `first.last42`
/// or `flast427`.
fn email_local(rng: &mut Stream, f: &str, l: &str) -> String {
    let i = initial(f);
    match rng.below(100) {
        0..=34 => format!("{f}.{l}"),
        35..=49 => format!("{i}{l}"),
        50..=59 => format!("{f}_{l}"),
        60..=84 => format!("{f}.{l}{}", rng.range_i64(10, 99)),
        _ => format!("{i}{l}{}", rng.range_i64(100, 999)),
    }
}

/// A username for a name: `first.last`, `flast42`, `first_last`, `firstl7`, `last.first`.
fn username(rng: &mut Stream, f: &str, l: &str) -> String {
    match rng.below(5) {
        0 => format!("{f}.{l}"),
        1 => format!("{}{l}{}", initial(f), rng.range_i64(1, 99)),
        2 => format!("{f}_{l}"),
        3 => format!("{f}{}{}", initial(l), rng.range_i64(1, 999)),
        _ => format!("{l}.{f}"),
    }
}

/// The first character of a slug (`x` for an empty one).
fn initial(slug: &str) -> char {
    slug.chars().next().unwrap_or('x')
}

/// A company name without legal suffix, from one of the dictionary's templates.
fn company_base(rng: &mut Stream, d: &Dict) -> String {
    let template = pick(rng, d.company_templates);
    let l = pick(rng, d.last);
    let mut l2 = pick(rng, d.last);
    if l2 == l {
        l2 = pick(rng, d.last);
    }
    let p = pick(rng, d.company_prefixes);
    let n = pick(rng, d.company_nouns);
    template.replace("{L2}", l2).replace("{L}", l).replace("{P}", p).replace("{N}", n).replace("{n}", &n.to_lowercase())
}

impl Persona {
    /// Draws a whole persona from `rng` (the caller seeds it per row, so the same seed and
    /// row give the same persona).
    pub fn new(rng: &mut Stream, locale: Locale) -> Persona {
        Persona::avoiding::<dyn NameFilter>(rng, locale, None, None)
    }

    /// As [`Persona::new`], with given and family names that the filters do not flag (the
    /// values of a sensitive column, see `privacy::exclusion`). A name of the dictionary comes
    /// first; when the filter flags the first few drawn, names are spliced from two of them
    /// (`Ma` + `nda`), which real tables rarely hold.
    pub fn avoiding<F: NameFilter + ?Sized>(
        rng: &mut Stream,
        locale: Locale,
        first_avoid: Option<&F>,
        last_avoid: Option<&F>,
    ) -> Persona {
        let d = dict(locale);
        let gender = if rng.chance(0.5) { Gender::Female } else { Gender::Male };
        let given = match super::census::given(locale, gender) {
            Some(list) => Names::Census(list),
            None => Names::Dictionary(if gender == Gender::Female { d.female } else { d.male }),
        };
        let family = super::census::family(locale).map_or(Names::Dictionary(d.last), Names::Census);
        let first = name_avoiding(rng, given, first_avoid);
        let last = name_avoiding(rng, family, last_avoid);
        let place = draw_place(rng, d);
        let (addr, home) = (place.addr, place.home);
        let residence = Residence::at(rng, place);
        let phone_international = rng.chance(0.3);
        let (f, l) = (compact_slug(&first), compact_slug(&last));
        let email_local = email_local(rng, &f, &l);
        let email_domain = pick_weighted(rng, EMAIL_DOMAINS);
        let username = username(rng, &f, &l);
        let company_base = company_base(rng, addr);
        let suffixes = match home {
            Some(h) => h.company_suffixes,
            None => addr.homes.first().map_or(&[][..], |h| h.company_suffixes),
        };
        let company_suffix = pick(rng, suffixes);
        let (job_m, job_f) = match d.jobs.len() {
            0 => ("", ""),
            n => d.jobs[rng.index(n)],
        };
        let job = if gender == Gender::Female && !job_f.is_empty() { job_f } else { job_m };
        let web_domain = pick(rng, WEB_DOMAINS);
        Persona {
            locale,
            gender,
            first,
            last,
            residence,
            phone_international,
            email_local,
            email_domain,
            username,
            company_base,
            company_suffix,
            job,
            web_domain,
        }
    }

    /// The same person living in `country` instead: a city of that country (from the
    /// dictionaries that have homes there, else its capital), with the region, postcode,
    /// street address and phone number that go with it. Name, e-mail and the rest stay.
    pub fn relocated(&self, rng: &mut Stream, country: &'static Country) -> Persona {
        let place = match home_of(country.iso2, self.locale) {
            Some((addr, home)) => home_place(rng, addr, home),
            None => foreign_place(rng, dict(self.locale), country),
        };
        Persona { residence: Residence::at(rng, place), ..self.clone() }
    }

    /// The locale the persona was drawn for (the language of its text).
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The persona's gender.
    pub fn gender(&self) -> Gender {
        self.gender
    }

    /// Given name.
    pub fn first_name(&self) -> &str {
        &self.first
    }

    /// Family name.
    pub fn last_name(&self) -> &str {
        &self.last
    }

    /// `First Last`.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    /// The country of residence.
    pub fn country(&self) -> &'static Country {
        self.residence.country
    }

    /// City of residence.
    pub fn city(&self) -> &'static str {
        self.residence.city
    }

    /// Region (state, province, Land, région …) of the city.
    pub fn region(&self) -> &'static str {
        self.residence.region
    }

    /// Short region code (`NY`, `BY`, `IDF` …) or `""` when the country has none here.
    pub fn region_code(&self) -> &'static str {
        self.residence.region_code
    }

    /// Postcode in the country's format.
    pub fn postcode(&self) -> &str {
        &self.residence.postcode
    }

    /// Street name without house number.
    pub fn street_name(&self) -> &'static str {
        self.residence.street
    }

    /// House number.
    pub fn house_number(&self) -> u32 {
        self.residence.house_number
    }

    /// Street and number in the country's order: `12 High Street`, `Hauptstraße 12`,
    /// `12 rue de la Paix`, `Rue de la Loi 12` (Belgium, Switzerland).
    pub fn street_address(&self) -> String {
        let n = self.residence.house_number;
        let street_first = match self.residence.country.iso2 {
            "DE" | "AT" | "CH" | "BE" | "NL" | "LU" | "IT" | "ES" | "PT" | "LI" => true,
            "US" | "GB" | "CA" | "AU" | "FR" | "IE" | "NZ" | "MC" => false,
            _ => self.residence.address_locale == Locale::De,
        };
        if street_first {
            format!("{} {n}", capitalize(self.residence.street))
        } else {
            format!("{n} {}", self.residence.street)
        }
    }

    /// The phone number in the persona's preferred form (national or international).
    pub fn phone(&self) -> &str {
        if self.phone_international {
            &self.residence.phone.international
        } else {
            &self.residence.phone.national
        }
    }

    /// The phone number in the other form.
    pub(crate) fn phone_alternative(&self) -> &str {
        if self.phone_international {
            &self.residence.phone.national
        } else {
            &self.residence.phone.international
        }
    }

    /// The phone number as `+` and digits only.
    pub(crate) fn phone_compact(&self) -> String {
        self.residence.phone.compact()
    }

    /// The national form as digits only: `2125550147`, `03012345678`.
    pub(crate) fn phone_national_digits(&self) -> String {
        self.residence.phone.national.chars().filter(char::is_ascii_digit).collect()
    }

    /// E-mail address on a reserved example domain.
    pub fn email(&self) -> String {
        format!("{}@{}", self.email_local, self.email_domain)
    }

    /// The e-mail domain (always `example.com`, `example.org`, `example.net` or a subdomain).
    pub fn email_domain(&self) -> &'static str {
        self.email_domain
    }

    /// Initial and last name, folded to ASCII: `jmueller`.
    pub(crate) fn short_local(&self) -> String {
        let f = compact_slug(&self.first);
        format!("{}{}", initial(&f), compact_slug(&self.last))
    }

    /// Login name.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// Employer name with legal suffix.
    pub fn company(&self) -> String {
        if self.company_suffix.is_empty() {
            self.company_base.clone()
        } else {
            format!("{} {}", self.company_base, self.company_suffix)
        }
    }

    /// Employer name without legal suffix.
    pub fn company_base(&self) -> &str {
        &self.company_base
    }

    /// Job title (gendered where the language requires it).
    pub fn job_title(&self) -> &'static str {
        self.job
    }

    /// The employer's web host: `mueller-logistik.example.com`.
    pub fn web_host(&self) -> String {
        let slug = hyphen_slug(&self.company_base);
        if slug.is_empty() {
            self.web_domain.to_string()
        } else {
            format!("{slug}.{}", self.web_domain)
        }
    }

    /// The reserved second-level domain of the employer's web site.
    pub(crate) fn web_domain(&self) -> &'static str {
        self.web_domain
    }
}
