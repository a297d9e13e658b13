//! Finding personal data: which columns of a table hold it, judged from the column's name and
//! type and from a sample of its values, with a confidence and a reason a person can check.
//!
//! # Rules
//!
//! **From the name and type** ([`from_name`]). Column names are read by
//! [`crate::semantic::classify`] (English, German, French; `prenom`, `Nachname`, `e_mail`,
//! `billing_city` …) and the kinds that describe a person become categories:
//!
//! | kind from the name | category | confidence |
//! |---|---|---|
//! | first name, last name, e-mail, phone, IBAN, card number | `first_name`, `last_name`, `email`, `phone`, `iban`, `credit_card` | 0.9 |
//! | full name (`customer_name`, `contact_name`) | `name` | 0.8 |
//! | `name`/`nom` alone, in a table of people | `name` (`last_name` for `nom`) | 0.6 |
//! | street address | `address` | 0.8 |
//! | IP address | `ip_address` | 0.8 |
//! | postcode | `postcode` | 0.7 |
//! | user name, login | `username` | 0.7 |
//! | city | `city` | 0.6 |
//! | region, state, district | `region` | 0.5 |
//! | country, country code | `country` | 0.5 |
//!
//! Besides: a text (or binary) column named for a password, secret or token (`password`, any
//! name with the word `password`/`passwort`/`kennwort`, `passwd`, `pwd`, `mot_de_passe`,
//! `secret`, `api_key`, `access_token`, `refresh_token`, `private_key` …) is `credential` (0.9):
//! not personal data, but never to be copied. A date or timestamp column whose name speaks of
//! birth (`birth_date`, `dob`, `born`, `geburtsdatum`, `date_naissance`) is `birth_date` (0.9); an integer column named `age`/`alter`
//! is `age` (0.6); national identifiers by name (`ssn`, `social_security_number`, `nir`,
//! `numero_secu`, `steuer_id`, `steueridentifikationsnummer`, `national_id`, `passport_number`
//! …) are `national_id` (0.9); an `inet`/`cidr` column is `ip_address` (0.8). Companies, job
//! titles, products, titles, descriptions, URLs, codes, amounts and dates are not personal.
//! Places in a table *of places* (`city.city`, `country.country`) are reference data, not
//! someone's address, and are left out.
//!
//! **From the values** ([`from_values`], text columns only). Each rule counts the sampled
//! non-blank values that pass its test:
//!
//! | category | a value passes when it is … | share needed | weight |
//! |---|---|---|---|
//! | `email` | `local@domain.tld` | 80 % | 1.0 |
//! | `iban` | an IBAN with valid mod-97 check digits | 80 % | 1.0 |
//! | `credit_card` | 13–19 digits starting with 2–6 that pass Luhn | 80 % | 1.0 |
//! | `national_id` | a French NIR with a valid key, a German tax id with a valid check digit, or a US SSN `AAA-GG-SSSS` | 80 % | 1.0 (SSN 0.9, a mix of kinds 0.95) |
//! | `ip_address` | an IPv4 or IPv6 address | 80 % | 0.9 |
//! | `phone` | a phone number (`+`, parentheses or separators; not a date) | 80 % | 0.8 |
//! | `name`, `first_name`, `last_name` | a given name followed by 1–3 words, a known given name, a known family name | 50 % | 0.7 |
//! | `city` | a city of the dictionaries or a capital | 50 % | 0.6 |
//!
//! The value's confidence is its share times the weight. The first five are *unmistakable*: they
//! decide even against the column's name (a column `contact` holding e-mail addresses is
//! `email`). The others only speak for columns whose name says nothing: a `title` column of
//! people's names is not reported because one title happens to be `Paris`.
//!
//! **Together** ([`judge`]): when the values confirm the name (at least half of them pass the
//! test of the name's category), the confidences combine as independent evidence,
//! `1 − (1 − name)(1 − values)`; otherwise the unmistakable values win, then the name, then the
//! other values. A column is reported when its confidence is at least [`REPORT_AT`].

pub mod exclusion;
pub mod national_id;
pub mod novelty;

use crate::semantic::{classify, split_words, value_test, TextKind};

/// The lowest confidence reported.
pub const REPORT_AT: f64 = 0.5;

/// What a column is, as far as the rules care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeClass {
    /// `text`, `varchar`, `char` and other string types (sampled).
    Text,
    /// `date`, `timestamp`, `timestamptz`.
    Date,
    /// `inet`, `cidr`.
    Inet,
    /// Integers and `numeric`.
    Number,
    /// Anything else.
    Other,
}

/// Personal data, by kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    Name,
    FirstName,
    LastName,
    Email,
    Phone,
    Address,
    City,
    Region,
    Postcode,
    Country,
    Iban,
    CreditCard,
    NationalId,
    IpAddress,
    BirthDate,
    Age,
    Username,
    Credential,
}

/// Every category.
pub const ALL: [Category; 18] = [
    Category::Name,
    Category::FirstName,
    Category::LastName,
    Category::Email,
    Category::Phone,
    Category::Address,
    Category::City,
    Category::Region,
    Category::Postcode,
    Category::Country,
    Category::Iban,
    Category::CreditCard,
    Category::NationalId,
    Category::IpAddress,
    Category::BirthDate,
    Category::Age,
    Category::Username,
    Category::Credential,
];

impl Category {
    /// The category as SQL shows it: `first_name`, `email`, `national_id` …
    pub fn name(self) -> &'static str {
        match self {
            Category::Name => "name",
            Category::FirstName => "first_name",
            Category::LastName => "last_name",
            Category::Email => "email",
            Category::Phone => "phone",
            Category::Address => "address",
            Category::City => "city",
            Category::Region => "region",
            Category::Postcode => "postcode",
            Category::Country => "country",
            Category::Iban => "iban",
            Category::CreditCard => "credit_card",
            Category::NationalId => "national_id",
            Category::IpAddress => "ip_address",
            Category::BirthDate => "birth_date",
            Category::Age => "age",
            Category::Username => "username",
            Category::Credential => "credential",
        }
    }

    /// The category [`Category::name`] calls `name`.
    pub fn from_name(name: &str) -> Option<Category> {
        ALL.iter().copied().find(|c| c.name() == name)
    }

    /// Places (city, region, country) identify nobody alone: they are quasi-identifiers, which
    /// detection reports but does not make sensitive.
    pub fn is_place(self) -> bool {
        matches!(self, Category::City | Category::Region | Category::Country)
    }

    /// Categories whose values cannot be mistaken for anything else.
    pub fn unmistakable(self) -> bool {
        matches!(
            self,
            Category::Email | Category::Iban | Category::CreditCard | Category::NationalId | Category::IpAddress
        )
    }

    /// Names of people: `name`, `first_name` and `last_name` confirm each other.
    fn person_name(self) -> bool {
        matches!(self, Category::Name | Category::FirstName | Category::LastName)
    }

    fn places(self) -> bool {
        matches!(self, Category::City | Category::Region | Category::Country | Category::Postcode)
    }
}

/// One piece of evidence: a category, how sure, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub category: Category,
    pub confidence: f64,
    pub reason: String,
}

/// Words that name a birth.
const BIRTH_W: &[&str] =
    &["birth", "birthday", "birthdate", "born", "dob", "geburt", "geboren", "geburtsdatum", "geburtstag", "naissance"];

/// Whole names (words run together) of national identifiers.
#[rustfmt::skip]
const NATIONAL_ID_NAMES: &[&str] = &[
    "ssn", "socialsecuritynumber", "socialsecurityno", "socialsecurity", "nationalid",
    "nationalidnumber", "nationalidentifier", "nationalidentificationnumber", "passportnumber",
    "passportno", "passport", "taxid", "taxidentificationnumber", "tin", "nin", "nino",
    "nationalinsurancenumber", "nir", "insee", "numeroinsee", "numerosecu", "numsecu",
    "numerosecuritesociale", "nss", "securitesociale", "steuerid", "steueridnr", "idnr",
    "steueridentifikationsnummer", "steuerlicheidentifikationsnummer", "sozialversicherungsnummer",
    "svnr", "svnummer", "personalausweisnummer", "ausweisnummer", "reisepassnummer",
    "numeropasseport", "cni", "numerocni",
];

/// Last words of columns naming the person who made a work: composers, authors, writers.
const PERSON_ROLE_W: &[&str] =
    &["composer", "composers", "author", "authors", "writer", "writers", "komponist", "autor", "compositeur", "auteur"];

/// Last words of tables that list places.
const PLACE_TABLE_W: &[&str] = &[
    "city",
    "cities",
    "town",
    "towns",
    "country",
    "countries",
    "region",
    "regions",
    "state",
    "states",
    "province",
    "provinces",
    "stadt",
    "staedte",
    "ville",
    "villes",
    "pays",
    "land",
    "laender",
    "district",
    "districts",
    "postcode",
    "postcodes",
    "zipcode",
    "zipcodes",
    "commune",
    "communes",
];

/// Column names (whole, words joined, or the last word) of passwords, secrets and tokens.
const CREDENTIAL_NAMES: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "passwordhash",
    "passhash",
    "passwort",
    "kennwort",
    "motdepasse",
    "mdp",
    "secret",
    "apikey",
    "accesstoken",
    "refreshtoken",
    "authtoken",
    "apitoken",
    "privatekey",
];
/// Two consecutive words that name one (`api_key`, `mot_de_passe` is joined above).
const CREDENTIAL_PAIRS: &[(&str, &str)] =
    &[("api", "key"), ("access", "token"), ("refresh", "token"), ("auth", "token"), ("private", "key")];

/// True for a table that lists places (`city`, `countries`, `regions`): its place columns are
/// reference data.
pub fn place_table(table: &str) -> bool {
    split_words(table).last().is_some_and(|w| PLACE_TABLE_W.contains(&w.as_str()))
}

fn finding(category: Category, confidence: f64, reason: impl Into<String>) -> Option<Finding> {
    Some(Finding { category, confidence, reason: reason.into() })
}

/// What the column's name and type say (see the module documentation).
pub fn from_name(table: &str, column: &str, ty: TypeClass) -> Option<Finding> {
    let words = split_words(column);
    let last = words.last()?.as_str();
    let joined = words.concat();
    let id_name = NATIONAL_ID_NAMES.contains(&joined.as_str()) || NATIONAL_ID_NAMES.contains(&last);
    if id_name && matches!(ty, TypeClass::Text | TypeClass::Number) {
        return finding(Category::NationalId, 0.9, "column name");
    }
    let credential = CREDENTIAL_NAMES.contains(&joined.as_str())
        || CREDENTIAL_NAMES.contains(&last)
        || words.iter().any(|w| matches!(w.as_str(), "password" | "passwd" | "passwort" | "kennwort"))
        || (words.len() >= 2
            && CREDENTIAL_PAIRS.iter().any(|(a, b)| words.windows(2).any(|w| w[0] == *a && w[1] == *b)));
    if credential && matches!(ty, TypeClass::Text | TypeClass::Other) {
        return finding(Category::Credential, 0.9, "column name: a password, secret or token");
    }
    let birth = words.iter().any(|w| BIRTH_W.contains(&w.as_str()) || w.starts_with("geburts"));
    match ty {
        TypeClass::Date if birth => return finding(Category::BirthDate, 0.9, "date column named for a birth date"),
        TypeClass::Text if birth && classify(table, column).is_none() => {
            return finding(Category::BirthDate, 0.8, "column name")
        }
        TypeClass::Date => return None,
        TypeClass::Inet => return finding(Category::IpAddress, 0.8, "column type inet/cidr"),
        TypeClass::Number if matches!(last, "age" | "alter") => return finding(Category::Age, 0.6, "column name"),
        _ => {}
    }
    if ty == TypeClass::Text && PERSON_ROLE_W.contains(&last) {
        return finding(Category::Name, 0.6, "column name: the person who made the work");
    }
    let kind = classify(table, column)?;
    let (category, confidence) = match kind {
        TextKind::FirstName => (Category::FirstName, 0.9),
        TextKind::LastName if words.len() == 1 && words[0] == "nom" => (Category::LastName, 0.6),
        TextKind::LastName => (Category::LastName, 0.9),
        TextKind::FullName if words.len() == 1 => (Category::Name, 0.6),
        TextKind::FullName => (Category::Name, 0.8),
        TextKind::Email => (Category::Email, 0.9),
        TextKind::Phone => (Category::Phone, 0.9),
        TextKind::Iban => (Category::Iban, 0.9),
        TextKind::CreditCard => (Category::CreditCard, 0.9),
        TextKind::StreetAddress => (Category::Address, 0.8),
        TextKind::Ipv4 | TextKind::Ipv6 => (Category::IpAddress, 0.8),
        TextKind::Postcode => (Category::Postcode, 0.7),
        TextKind::Username => (Category::Username, 0.7),
        TextKind::City => (Category::City, 0.6),
        TextKind::Region => (Category::Region, 0.5),
        TextKind::Country | TextKind::CountryCode2 | TextKind::CountryCode3 => (Category::Country, 0.5),
        _ => return None,
    };
    // Numbers only hold the kinds that are numbers.
    if ty == TypeClass::Number && !matches!(category, Category::Phone | Category::Postcode | Category::CreditCard) {
        return None;
    }
    if !matches!(ty, TypeClass::Text | TypeClass::Number) {
        return None;
    }
    finding(category, confidence, "column name")
}

/// A district (`district`, `bezirk`, `arrondissement`): part of an address, in a table of
/// addresses or people. `classify` does not know the word; the privacy rules need it.
pub fn region_word(column: &str) -> bool {
    let words = split_words(column);
    matches!(words.last().map(String::as_str), Some("district" | "bezirk" | "arrondissement" | "quartier"))
}

type Test = fn(&str) -> bool;

/// A value rule: category, test, share of values needed, weight, and what passing values are.
struct ValueRule {
    category: Category,
    test: Test,
    share: f64,
    weight: f64,
    what: &'static str,
}

fn semantic(kind: TextKind) -> Test {
    value_test(kind).unwrap_or(|_| false)
}

fn is_ip(v: &str) -> bool {
    semantic(TextKind::Ipv4)(v) || semantic(TextKind::Ipv6)(v)
}

fn is_national_id(v: &str) -> bool {
    national_id::fr_nir(v) || national_id::de_tax_id(v) || national_id::us_ssn(v)
}

fn rules() -> [ValueRule; 12] {
    let r = |category, test, share, weight, what| ValueRule { category, test, share, weight, what };
    [
        r(Category::Email, semantic(TextKind::Email), 0.8, 1.0, "e-mail addresses"),
        r(Category::Iban, semantic(TextKind::Iban), 0.8, 1.0, "IBANs with valid check digits"),
        r(Category::CreditCard, semantic(TextKind::CreditCard), 0.8, 1.0, "card numbers passing the Luhn check"),
        r(Category::NationalId, national_id::fr_nir, 0.8, 1.0, "French INSEE numbers (NIR) with a valid key"),
        r(Category::NationalId, national_id::de_tax_id, 0.8, 1.0, "German tax ids with a valid check digit"),
        r(Category::NationalId, national_id::us_ssn, 0.8, 0.9, "US social security numbers (AAA-GG-SSSS)"),
        r(Category::NationalId, is_national_id, 0.8, 0.95, "national ids (French NIR, German tax id, US SSN)"),
        r(Category::IpAddress, is_ip, 0.8, 0.9, "IP addresses"),
        r(Category::Phone, semantic(TextKind::Phone), 0.8, 0.8, "phone numbers"),
        r(Category::Name, semantic(TextKind::FullName), 0.5, 0.7, "people's names"),
        r(Category::FirstName, semantic(TextKind::FirstName), 0.5, 0.7, "known given names"),
        r(Category::LastName, semantic(TextKind::LastName), 0.5, 0.7, "known family names"),
    ]
}

/// The city rule apart: cities are places, and places in a table of places are not personal.
fn city_rule() -> ValueRule {
    ValueRule { category: Category::City, test: semantic(TextKind::City), share: 0.5, weight: 0.6, what: "cities" }
}

/// Values needed to judge a column.
pub const MIN_VALUES: usize = 2;

fn share_of(values: &[&str], test: Test) -> (usize, usize) {
    (values.iter().filter(|v| test(v)).count(), values.len())
}

fn value_reason(pass: usize, total: usize, what: &str) -> String {
    let pct = (pass as f64 * 100.0 / total as f64).round();
    format!("{pct}% of {total} sampled values are {what}")
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The values' own evidence: the first rule whose share is reached (see the module
/// documentation). `values` are non-blank and trimmed.
pub fn from_values(values: &[&str]) -> Option<Finding> {
    if values.len() < MIN_VALUES {
        return None;
    }
    let city = city_rule();
    rules().into_iter().chain(std::iter::once(city)).find_map(|r| {
        let (pass, total) = share_of(values, r.test);
        let share = pass as f64 / total as f64;
        (share >= r.share).then(|| Finding {
            category: r.category,
            confidence: round2(share * r.weight),
            reason: value_reason(pass, total, r.what),
        })
    })
}

/// How the values confirm a category from the name: the best share among the rules of that
/// category (person names confirm each other), when at least half the values pass.
fn confirmation(category: Category, values: &[&str]) -> Option<Finding> {
    if values.len() < MIN_VALUES {
        return None;
    }
    let city = city_rule();
    rules()
        .into_iter()
        .chain(std::iter::once(city))
        .filter(|r| r.category == category || (r.category.person_name() && category.person_name()))
        .map(|r| {
            let (pass, total) = share_of(values, r.test);
            (pass, total, r)
        })
        .filter(|(pass, total, _)| *pass as f64 >= 0.5 * *total as f64)
        .max_by_key(|(pass, _, _)| *pass)
        .map(|(pass, total, r)| Finding {
            category,
            confidence: round2(pass as f64 / total as f64 * r.weight),
            reason: value_reason(pass, total, r.what),
        })
}

/// The verdict on one column: its category, confidence and reason, or `None` when it does not
/// look personal. `values`: a sample of its non-blank values (empty for columns not sampled).
pub fn judge(table: &str, column: &str, ty: TypeClass, values: &[&str]) -> Option<Finding> {
    let mut by_name = from_name(table, column, ty);
    if by_name.is_none() && ty == TypeClass::Text && region_word(column) {
        by_name = finding(Category::Region, 0.5, "column name");
    }
    let by_values = if ty == TypeClass::Text { from_values(values) } else { None };
    let verdict = match (by_name, by_values) {
        (Some(n), v) => match confirmation(n.category, values) {
            Some(c) => Some(Finding {
                category: n.category,
                confidence: round2(1.0 - (1.0 - n.confidence) * (1.0 - c.confidence)),
                reason: format!("{}; {}", n.reason, c.reason),
            }),
            None => match v {
                Some(v) if v.category.unmistakable() && v.category != n.category => Some(v),
                _ => Some(n),
            },
        },
        (None, Some(v)) if v.category.unmistakable() => Some(v),
        // The name says nothing: the other values speak only when classify knows nothing of it.
        (None, Some(v)) if classify(table, column).is_none() => Some(v),
        (None, _) => None,
    };
    verdict.filter(|f| f.confidence >= REPORT_AT && !(f.category.places() && place_table(table)))
}

#[cfg(test)]
mod tests;
