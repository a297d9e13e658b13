//! Semantic text: values whose kind is told by the column's name or by its values.
//!
//! # Design
//!
//! * [`detect`] reads examples of a column's values (most common values, histogram bounds, a
//!   sample) and answers with the kind most of them have: e-mails, URLs, UUIDs, IP addresses,
//!   IBANs, card numbers, phone numbers, country codes, countries, cities, companies and
//!   names. Values of an *unmistakable* form (an e-mail, a UUID …) win over the column's name.
//! * [`classify`] reads a column name (and, for ambiguous names such as `name`, `title` or
//!   `label`, the table name) and answers with a [`TextKind`], or `None` when the name says
//!   nothing about the content. Names are split into words (on `_`, `-`, spaces, dots and
//!   camelCase), lower-cased and folded to ASCII, so `prénom`, `Prenom` and `PRENOM` agree.
//!   The rules live in `classify.rs`, which documents every choice made for ambiguous names.
//! * [`Persona`] is one coherent person per row: name, gender, country, city, region,
//!   postcode, street, phone, e-mail, username, employer and job are all drawn together in
//!   [`Persona::new`], so the columns of one row agree with each other (the e-mail is made
//!   from the name, the postcode and phone follow the country and city). The caller gives
//!   every row its own seeded [`Stream`], so a persona is a pure function of seed and row.
//! * [`fake`] renders one value of a kind for a persona. Kinds that are not part of the
//!   identity (words, sentences, SKUs, IP addresses, card numbers, IBAN digits …) draw from
//!   the column's own stream. Every kind honours a column length limit: it first tries
//!   shorter natural forms (initial + last name, a country code instead of a name, …) and
//!   only then truncates, always on a character boundary.
//! * The dictionaries are plain `static` data, one file per locale (`dict_en.rs`,
//!   `dict_de.rs`, `dict_fr.rs`), plus a shared country table (`countries.rs`). A locale
//!   covers several countries (en: US, GB, CA, AU; de: DE, AT, CH; fr: FR, BE, CH), each
//!   with its own cities, postcode patterns, phone format and company suffixes. English given
//!   and family names come from the 1990 US Census lists instead, weighted as the census counts
//!   them ([`census`], data in `names/`).
//!
//! # Safety of the generated data
//!
//! Nothing here should ever name a real, reachable person: e-mail addresses only use the
//! reserved domains `example.com`, `example.org`, `example.net` and subdomains of them;
//! web sites and domain names are subdomains of those; phone numbers use the ranges reserved
//! for fiction where one exists (US/CA 555-01xx, GB 07700 900xxx, FR 01 99 00 xx xx,
//! AU 5550 xxxx); IPv6 addresses use the documentation prefix 2001:db8::/32. IPv4 addresses
//! are random *public unicast* addresses (every private, reserved, documentation and
//! multicast block is skipped) because the three documentation /24s only hold 762 hosts,
//! far too few for a column with a unique constraint. Card numbers and IBANs are
//! checksum-valid but random.
//!
//! Everything is deterministic: the only source of randomness is the [`Stream`] passed in,
//! no global state is used and no hash-map iteration order is relied upon.

pub(crate) mod census;
pub mod checksum;
mod classify;
mod countries;
mod detect;
pub(crate) mod dict;
mod dict_de;
mod dict_en;
mod dict_fr;
mod persona;
mod phone;
mod render;
mod style;
mod text;

#[cfg(test)]
mod tests;

use crate::rng::Stream;

pub use classify::classify;
pub(crate) use classify::split_words;
pub use countries::{country_by_iso2, country_named, Country, COUNTRIES};
pub use detect::{detect, unmistakable, value_test};
pub use persona::{Gender, NameFilter, Persona};
pub use style::{Case, TextStyle};
pub use text::ascii_fold;

/// A language (and the group of countries it covers) for generated text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English: United States, United Kingdom, Canada, Australia.
    En,
    /// German: Germany, Austria, Switzerland.
    De,
    /// French: France, Belgium, Switzerland.
    Fr,
}

impl Locale {
    /// All locales, in a fixed order.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::De, Locale::Fr];

    /// Parses a locale tag such as `"en"`, `"en_US"`, `"en-GB"`, `"de_DE.UTF-8"`, `"FR"`.
    ///
    /// Only the language part (before `_`, `-`, `.` or `@`) decides, case-insensitively;
    /// any other language, or an empty string, gives `None`.
    pub fn parse(s: &str) -> Option<Locale> {
        let lang = s.trim().split(['_', '-', '.', '@']).next().unwrap_or("");
        if lang.eq_ignore_ascii_case("en") {
            Some(Locale::En)
        } else if lang.eq_ignore_ascii_case("de") {
            Some(Locale::De)
        } else if lang.eq_ignore_ascii_case("fr") {
            Some(Locale::Fr)
        } else {
            None
        }
    }

    /// The two-letter language code: `"en"`, `"de"` or `"fr"`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::De => "de",
            Locale::Fr => "fr",
        }
    }
}

/// What a text column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextKind {
    /// A given name matching the persona's gender.
    FirstName,
    /// A family name.
    LastName,
    /// First and last name.
    FullName,
    /// An e-mail address made from the persona's name, on a reserved example domain.
    Email,
    /// A login made from the persona's name.
    Username,
    /// A phone number formatted for the persona's country.
    Phone,
    /// Street and house number, in the country's usual order.
    StreetAddress,
    /// The persona's city.
    City,
    /// State, province, Land, région … of the persona's city.
    Region,
    /// A postcode in the country's format.
    Postcode,
    /// The country name, in the locale's language.
    Country,
    /// ISO 3166-1 alpha-2 code.
    CountryCode2,
    /// ISO 3166-1 alpha-3 code.
    CountryCode3,
    /// The persona's employer, with a legal suffix.
    Company,
    /// The persona's job title.
    JobTitle,
    /// A product name (adjective, material, noun).
    ProductName,
    /// A web address under a reserved example domain.
    Url,
    /// A host name under a reserved example domain.
    DomainName,
    /// A public unicast IPv4 address.
    Ipv4,
    /// An IPv6 address in the documentation prefix 2001:db8::/32.
    Ipv6,
    /// A checksum-valid IBAN of the persona's country (German if it has none).
    Iban,
    /// A Luhn-valid 16-digit card number in groups of four.
    CreditCard,
    /// A random (version 4) UUID in its canonical 8-4-4-4-12 form.
    Uuid,
    /// The ISO 4217 currency code of the persona's country.
    Currency,
    /// A colour name.
    Color,
    /// A stock-keeping unit such as `KTR-20417`.
    Sku,
    /// One word.
    Word,
    /// One sentence of 4 to 12 words.
    Sentence,
    /// Two to five sentences.
    Paragraph,
}

impl TextKind {
    /// Kinds that identify a person: generated from the row's persona, never replayed from the
    /// statistics (whose values are real people's), so that a row's name, e-mail, username and
    /// phone agree with each other. Addresses are not (yet) among them: a billing address that
    /// repeats with every invoice of a customer is a category whose shares the statistics keep
    /// (see the manual's Limitations, docs/src/limitations.md).
    pub fn identifies_a_person(self) -> bool {
        matches!(
            self,
            TextKind::FirstName
                | TextKind::LastName
                | TextKind::FullName
                | TextKind::Email
                | TextKind::Username
                | TextKind::Phone
                | TextKind::Iban
                | TextKind::CreditCard
        )
    }

    /// Whether [`fake`] reads the persona for more than its locale (a name, an address, a
    /// country): kinds that do not (words, sentences, product names, SKUs, card numbers, …) give
    /// the same text from any persona of the same locale.
    pub fn reads_the_person(self) -> bool {
        !matches!(
            self,
            TextKind::ProductName
                | TextKind::Ipv4
                | TextKind::Ipv6
                | TextKind::CreditCard
                | TextKind::Uuid
                | TextKind::Color
                | TextKind::Sku
                | TextKind::Word
                | TextKind::Sentence
                | TextKind::Paragraph
        )
    }

    /// Every kind, in declaration order.
    pub const ALL: [TextKind; 29] = [
        TextKind::FirstName,
        TextKind::LastName,
        TextKind::FullName,
        TextKind::Email,
        TextKind::Username,
        TextKind::Phone,
        TextKind::StreetAddress,
        TextKind::City,
        TextKind::Region,
        TextKind::Postcode,
        TextKind::Country,
        TextKind::CountryCode2,
        TextKind::CountryCode3,
        TextKind::Company,
        TextKind::JobTitle,
        TextKind::ProductName,
        TextKind::Url,
        TextKind::DomainName,
        TextKind::Ipv4,
        TextKind::Ipv6,
        TextKind::Iban,
        TextKind::CreditCard,
        TextKind::Uuid,
        TextKind::Currency,
        TextKind::Color,
        TextKind::Sku,
        TextKind::Word,
        TextKind::Sentence,
        TextKind::Paragraph,
    ];

    /// The snake_case name of the kind, e.g. `"first_name"`.
    pub fn name(self) -> &'static str {
        match self {
            TextKind::FirstName => "first_name",
            TextKind::LastName => "last_name",
            TextKind::FullName => "full_name",
            TextKind::Email => "email",
            TextKind::Username => "username",
            TextKind::Phone => "phone",
            TextKind::StreetAddress => "street_address",
            TextKind::City => "city",
            TextKind::Region => "region",
            TextKind::Postcode => "postcode",
            TextKind::Country => "country",
            TextKind::CountryCode2 => "country_code2",
            TextKind::CountryCode3 => "country_code3",
            TextKind::Company => "company",
            TextKind::JobTitle => "job_title",
            TextKind::ProductName => "product_name",
            TextKind::Url => "url",
            TextKind::DomainName => "domain_name",
            TextKind::Ipv4 => "ipv4",
            TextKind::Ipv6 => "ipv6",
            TextKind::Iban => "iban",
            TextKind::CreditCard => "credit_card",
            TextKind::Uuid => "uuid",
            TextKind::Currency => "currency",
            TextKind::Color => "color",
            TextKind::Sku => "sku",
            TextKind::Word => "word",
            TextKind::Sentence => "sentence",
            TextKind::Paragraph => "paragraph",
        }
    }

    /// The kind whose [`name`](TextKind::name) is `s` (ASCII case-insensitive; `-` and
    /// spaces are accepted for `_`).
    pub fn from_name(s: &str) -> Option<TextKind> {
        let wanted: String =
            s.trim().chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() }).collect();
        TextKind::ALL.into_iter().find(|k| k.name() == wanted)
    }
}

/// `value` (a card number or an IBAN that [`fake`] made) with `number` written into its last
/// `width` free digits and its check digits recomputed, so that a unique column of them stays
/// unique and valid; `None` for other kinds or when the value has no room. At most
/// [`renumber_width`] digits.
pub fn renumber(kind: TextKind, value: &str, number: u64, width: usize) -> Option<String> {
    render::renumber(kind, value, number, width)
}

/// The widest number [`renumber`] writes into a value of `kind` (0: it writes none).
pub fn renumber_width(kind: TextKind) -> usize {
    render::renumber_width(kind)
}

/// A value of `kind` for this row's `persona`.
///
/// `rng` is the column's own stream for this row; it is used for everything that is not part
/// of the persona (words, sentences, SKUs, IP addresses, card numbers, IBAN digits, product
/// names). `max_chars` is the column's length limit in characters: the result never exceeds
/// it. Shorter natural forms are tried first (an initial instead of a first name, a country
/// code instead of a country name, fewer words …); only when none fits is the value cut, and
/// always between characters. Limits of 0 or 1 are fine (the result may be empty).
pub fn fake(kind: TextKind, persona: &Persona, rng: &mut Stream, max_chars: Option<usize>) -> String {
    render::render(kind, persona, rng, max_chars)
}
