//! Deciding what a column holds from its name.
//!
//! A column name is split into words on `_`, `-`, spaces, dots and camelCase boundaries
//! (`firstName`, `IPAddress` → `ip address`), lower-cased and folded to ASCII (`prénom` →
//! `prenom`, `straße` → `strasse`, `währung` → `waehrung`). Trailing digits are dropped
//! (`address1` → `address`) except in `ipv4`, `ipv6`, `iso2`, `iso3`, `alpha2`, `alpha3`.
//!
//! Then, in order:
//!
//! 1. the words run together (`e_mail` → `email`, `zip_code` → `zipcode`) are looked up in a
//!    table of whole names in English, German and French;
//! 2. a name ending in `uuid` or `guid` is Uuid (the column is text, so it holds one written
//!    out); other names that describe numbers, dates, flags or keys (`…_id`, `…_at`, `…_date`,
//!    `…_count`, `is_…`, `price`, `status`, `type`, `code`, `position` …) give `None`;
//! 3. otherwise the last word decides, helped by the one before it (`billing_city` → City,
//!    `customer_first_name` → FirstName, `contact_name` → FullName, `country_code` →
//!    CountryCode2, `postal_code` → Postcode, `ip_address` → Ipv4);
//! 4. `name`, `title`, `label` (and German `bezeichnung`/`titel`, French `nom`/`libelle`/
//!    `titre`) depend on the table, see below.
//!
//! # Table-dependent names
//!
//! The table name is split the same way, plural words are singularised, and the last word
//! that names a known kind of thing decides (`product_categories` → categories):
//!
//! | table holds …                                   | `name`        | `title`       |
//! |-------------------------------------------------|---------------|---------------|
//! | people (customers, users, authors, kunden …)    | FullName      | None (honorific) |
//! | staff (employees, staff, mitarbeiter, salariés) | FullName      | JobTitle      |
//! | jobs / positions / occupations                  | JobTitle      | JobTitle      |
//! | companies (suppliers, vendors, publishers …)    | Company       | Sentence      |
//! | products (items, artikel, produits …)           | ProductName   | ProductName   |
//! | categories (genres, tags, departments …)        | Word          | Word          |
//! | creative works (films, books, songs, posts …)   | Sentence      | Sentence      |
//! | cities / countries / regions                    | City / Country / Region | same |
//! | anything else                                   | Word          | Sentence      |
//!
//! Titles and names of creative works (films, movies, books, albums, tracks, songs, articles,
//! posts …) are classified as **Sentence**: a short sentence reads like a title, and the
//! length limit of the column (usually a varchar) shortens it further. `label`/`libelle`/
//! `bezeichnung` follow the `name` rules. French `nom` is LastName for people and unknown
//! tables (French schemas pair `nom` with `prenom`) and follows `name` otherwise.
//!
//! # Free text
//!
//! Long free text — `description`, `beschreibung`, `notes`, `notizen`, `bio`, `about`,
//! `body`, `content`, `text`, `review` — is **Paragraph**; short remarks — `comment(s)`,
//! `remark(s)`, `bemerkung`, `kommentar`, `commentaire`, `remarque`, `note`, `message`,
//! `subject`, `summary`, `headline`, `caption`, `slogan` — are **Sentence**.

use super::text::ascii_fold;
use super::TextKind::{self, *};

/// What a column holds, judged from its name and, for ambiguous names, from its table's name.
///
/// Names in English, German and French are understood; comparison is case-insensitive and
/// accents are optional. `None` means the name says nothing about the content (`id`,
/// `status`, `amount`, `created_at`, `code`, `type` …); numeric and date columns are
/// classified elsewhere and never get a kind here. See the module documentation for the
/// rules.
pub fn classify(table: &str, column: &str) -> Option<TextKind> {
    let words = split_words(column);
    if words.is_empty() {
        return None;
    }
    let joined: String = words.concat();
    if let Some(k) = whole_name(&joined) {
        return k;
    }
    // A text column named for a UUID holds one (`external_uuid`); other keys hold no text.
    if matches!(words[words.len() - 1].as_str(), "uuid" | "guid") {
        return Some(Uuid);
    }
    if says_no_text(&words) {
        return None;
    }
    by_last_word(&words, table).or_else(|| by_first_word(&words, table))
}

/// Words kept with their digits.
#[rustfmt::skip]
const DIGIT_WORDS: &[&str] = &["ipv4", "ipv6", "iso2", "iso3", "alpha2", "alpha3"];

/// Splits an identifier into lower-case ASCII words (see the module documentation).
pub(crate) fn split_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut raw: Vec<String> = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                raw.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_ascii_digit() || (prev.is_uppercase() && next_lower) {
                raw.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        raw.push(cur);
    }
    raw.into_iter()
        .filter_map(|w| {
            let w = ascii_fold(&w).to_ascii_lowercase();
            let w = if DIGIT_WORDS.contains(&w.as_str()) {
                w
            } else {
                w.trim_end_matches(|c: char| c.is_ascii_digit()).to_string()
            };
            (!w.is_empty()).then_some(w)
        })
        .collect()
}

/// Whole names (words run together). `Some(None)` means "known to hold no text".
fn whole_name(j: &str) -> Option<Option<TextKind>> {
    let k = match j {
        "email" | "emailaddress" | "mail" | "mailaddress" | "courriel" | "emailadresse" | "mailadresse"
        | "adresseemail" | "adressemail" | "adressecourriel" => Email,
        "firstname" | "fname" | "givenname" | "forename" | "vorname" | "prenom" => FirstName,
        "lastname" | "lname" | "surname" | "familyname" | "nachname" | "familienname" | "nomfamille"
        | "nomdefamille" => LastName,
        "fullname" | "contactname" | "customername" | "nomcomplet" | "vollername" => FullName,
        "phone" | "phonenumber" | "phoneno" | "telephone" | "telephonenumber" | "tel" | "mobile" | "mobilephone"
        | "mobilenumber" | "cell" | "cellphone" | "handy" | "handynummer" | "telefon" | "telefonnummer"
        | "mobilnummer" | "portable" | "numerotelephone" | "fax" => Phone,
        "address" | "addressline" | "streetaddress" | "street" | "strasse" | "adresse" | "rue" | "anschrift"
        | "addr" | "streetname" | "strassenname" => StreetAddress,
        "city" | "town" | "stadt" | "ort" | "ville" | "wohnort" | "cityname" | "commune" => City,
        "state" | "province" | "region" | "bundesland" | "county" | "departement" | "kanton" | "canton" => Region,
        "zip" | "zipcode" | "postalcode" | "postcode" | "plz" | "postleitzahl" | "codepostal" | "cp" | "postnummer" => {
            Postcode
        }
        "country" | "land" | "pays" | "countryname" => Country,
        "countrycode" | "countryiso" | "countryiso2" | "iso2" | "countryalpha2" | "codepays" | "laendercode"
        | "landcode" => CountryCode2,
        "iso3" | "countryiso3" | "countrycode3" | "countryalpha3" | "alpha3" => CountryCode3,
        "company" | "companyname" | "firma" | "unternehmen" | "societe" | "entreprise" | "firmenname" | "employer"
        | "arbeitgeber" | "organization" | "organisation" | "raisonsociale" | "businessname" => Company,
        "jobtitle" | "job" | "occupation" | "profession" | "beruf" | "berufsbezeichnung" | "metier" => JobTitle,
        "url" | "uri" | "website" | "homepage" | "webseite" | "siteweb" | "weburl" | "link" => Url,
        "domain" | "domainname" | "hostname" | "fqdn" => DomainName,
        "ip" | "ipaddress" | "ipaddr" | "ipv4" | "ipv4address" => Ipv4,
        "ipv6" | "ipv6address" => Ipv6,
        "iban" => Iban,
        "creditcard" | "creditcardnumber" | "cardnumber" | "ccnumber" | "ccnum" | "kreditkarte"
        | "kreditkartennummer" | "cartebancaire" | "numerocarte" => CreditCard,
        "currency" | "currencycode" | "waehrung" | "devise" | "ccy" | "monnaie" => Currency,
        "color" | "colour" | "farbe" | "couleur" => Color,
        "sku" | "productcode" | "itemcode" | "articlenumber" | "artikelnummer" | "partnumber" => Sku,
        "username" | "user" | "login" | "handle" | "loginname" | "benutzername" | "nickname" | "screenname"
        | "pseudo" => Username,
        "uuid" | "guid" => Uuid,
        "position" | "code" | "type" | "status" | "id" | "key" => return Some(None),
        _ => return None,
    };
    Some(Some(k))
}

/// Last words of names that hold numbers, dates, flags or keys.
#[rustfmt::skip]
const NON_TEXT_LAST: &[&str] = &[
    "id", "ids", "uuid", "guid", "key", "fk", "pk", "at", "on", "date", "dt", "time",
    "timestamp", "ts", "datetime", "year", "month", "day", "count", "cnt", "qty", "quantity",
    "amount", "amt", "price", "cost", "total", "sum", "balance", "rate", "ratio", "percent",
    "pct", "score", "rank", "level", "hash", "token", "verified", "confirmed", "enabled",
    "active", "flag", "status", "type", "kind", "format", "valid", "in", "out", "len",
    "length", "size", "width", "height", "weight", "lat", "lon", "lng", "latitude",
    "longitude", "version", "index", "idx", "seq", "order", "position", "age", "salary",
    "discount", "tax", "vat", "fee", "limit", "min", "max", "avg", "preis", "betrag", "anzahl",
    "menge", "datum", "prix", "montant", "quantite", "nombre", "population",
];

/// First words of names that hold flags or numbers.
#[rustfmt::skip]
const NON_TEXT_FIRST: &[&str] = &[
    "is", "has", "can", "should", "was", "allow", "enable", "use", "num", "count", "total",
    "max", "min", "avg", "nb", "nbr", "anzahl",
];

fn says_no_text(words: &[String]) -> bool {
    let first = words[0].as_str();
    let last = words[words.len() - 1].as_str();
    NON_TEXT_FIRST.contains(&first) && words.len() > 1 || NON_TEXT_LAST.contains(&last)
}

#[rustfmt::skip]
const EMAIL_W: &[&str] = &["email", "mail", "courriel", "emailaddress"];
#[rustfmt::skip]
const FIRST_W: &[&str] = &["firstname", "fname", "givenname", "forename", "vorname", "prenom"];
#[rustfmt::skip]
const LAST_W: &[&str] = &["lastname", "lname", "surname", "familyname", "nachname", "familienname"];
#[rustfmt::skip]
const PHONE_W: &[&str] = &[
    "phone", "telephone", "tel", "mobile", "cell", "cellphone", "fax", "handy", "telefon",
    "telefonnummer", "phonenumber", "mobilnummer", "handynummer", "mobil", "festnetz",
];
#[rustfmt::skip]
const NUMBER_W: &[&str] = &["number", "no", "nr", "num", "nummer", "numero"];
#[rustfmt::skip]
const ADDRESS_W: &[&str] = &["address", "adresse", "addr", "street", "strasse", "rue", "anschrift"];
#[rustfmt::skip]
const CITY_W: &[&str] = &["city", "town", "stadt", "ort", "ville", "wohnort", "geburtsort", "municipality", "commune"];
#[rustfmt::skip]
const REGION_W: &[&str] = &["region", "province", "bundesland", "county", "departement", "kanton", "canton"];
/// Words before `state` that make it a region rather than a status.
#[rustfmt::skip]
const ADDRESS_CONTEXT: &[&str] = &[
    "billing", "shipping", "home", "mailing", "delivery", "address", "postal", "residence",
    "customer", "invoice", "user", "office", "work", "birth",
];
#[rustfmt::skip]
const POSTCODE_W: &[&str] = &["zip", "zipcode", "postcode", "postalcode", "plz", "postleitzahl", "codepostal"];
#[rustfmt::skip]
const COUNTRY_W: &[&str] = &["country", "pays", "land", "countryname"];
#[rustfmt::skip]
const COMPANY_W: &[&str] = &[
    "company", "companyname", "firma", "unternehmen", "societe", "entreprise", "employer",
    "organization", "organisation", "arbeitgeber", "firmenname", "supplier", "vendor",
    "manufacturer", "publisher", "brand", "hersteller", "lieferant", "fournisseur", "fabricant",
    "marque", "business", "firm", "merchant", "bank",
];
#[rustfmt::skip]
const PERSON_W: &[&str] = &[
    "full", "display", "contact", "customer", "client", "person", "employee", "author", "owner",
    "manager", "member", "patient", "student", "teacher", "driver", "guest", "passenger",
    "recipient", "sender", "buyer", "holder", "cardholder", "beneficiary", "kunde", "kunden",
    "mitarbeiter", "ansprechpartner", "auteur", "responsable", "emergency",
    "parent", "spouse", "father", "mother", "doctor", "agent", "representative", "rep",
];
#[rustfmt::skip]
const PRODUCT_W: &[&str] = &["product", "item", "artikel", "produkt", "produit"];
#[rustfmt::skip]
const URL_W: &[&str] = &["url", "uri", "website", "homepage", "webseite", "link", "weblink", "webpage"];
#[rustfmt::skip]
const JOB_W: &[&str] = &["jobtitle", "job", "occupation", "profession", "beruf", "metier"];
#[rustfmt::skip]
const CURRENCY_W: &[&str] = &["currency", "currencycode", "waehrung", "devise", "ccy", "monnaie"];
#[rustfmt::skip]
const COLOR_W: &[&str] = &["color", "colour", "farbe", "couleur"];
#[rustfmt::skip]
const USERNAME_W: &[&str] = &["username", "login", "handle", "nickname", "benutzername", "pseudo", "screenname"];
#[rustfmt::skip]
const PARAGRAPH_W: &[&str] = &[
    "description", "desc", "descr", "notes", "notizen", "bio", "biography", "about",
    "beschreibung", "body", "content", "text", "review", "biographie", "inhalt", "contenu",
];
#[rustfmt::skip]
const SENTENCE_W: &[&str] = &[
    "comment", "comments", "remark", "remarks", "bemerkung", "bemerkungen", "anmerkung",
    "anmerkungen", "kommentar", "kommentare", "commentaire", "commentaires", "remarque",
    "remarques", "note", "message", "nachricht", "subject", "betreff", "headline", "tagline",
    "slogan", "caption", "summary", "zusammenfassung", "motto",
];
#[rustfmt::skip]
const WORD_W: &[&str] = &[
    "tag", "tags", "keyword", "keywords", "category", "genre", "schlagwort", "stichwort",
    "kategorie", "categorie", "motcle",
];
#[rustfmt::skip]
const NAME_W: &[&str] = &["name", "nom", "bezeichnung", "label", "libelle"];
#[rustfmt::skip]
const TITLE_W: &[&str] = &["title", "titel", "titre"];
/// Classification by the last word, with the word before it as a qualifier.
fn by_last_word(words: &[String], table: &str) -> Option<TextKind> {
    let n = words.len();
    let last = words[n - 1].as_str();
    let prev = if n >= 2 { words[n - 2].as_str() } else { "" };
    let is = |list: &[&str], w: &str| list.contains(&w);

    if is(NAME_W, last) {
        return qualified_name(prev, last, n == 1, table);
    }
    if is(TITLE_W, last) {
        return match prev {
            "job" | "position" | "role" | "stellen" => Some(JobTitle),
            p if is(PRODUCT_W, p) => Some(ProductName),
            "" => table_title(table),
            _ => Some(Sentence),
        };
    }
    if is(EMAIL_W, last) {
        return Some(Email);
    }
    if is(FIRST_W, last) {
        return Some(FirstName);
    }
    if is(LAST_W, last) {
        return Some(LastName);
    }
    if last == "fullname" {
        return Some(FullName);
    }
    if is(PHONE_W, last) || (is(NUMBER_W, last) && is(PHONE_W, prev)) {
        return Some(Phone);
    }
    if is(NUMBER_W, last) {
        return match prev {
            "card" | "cc" | "karte" | "carte" | "creditcard" | "kreditkarte" => Some(CreditCard),
            "article" | "part" | "item" | "artikel" | "product" | "produkt" => Some(Sku),
            "iban" => Some(Iban),
            _ => None,
        };
    }
    if last == "code" {
        return match prev {
            "postal" | "zip" | "post" => Some(Postcode),
            "country" | "iso" | "land" | "pays" => Some(CountryCode2),
            "currency" | "waehrung" | "devise" => Some(Currency),
            "color" | "colour" => Some(Color),
            p if is(PRODUCT_W, p) || p == "article" || p == "part" => Some(Sku),
            _ => None,
        };
    }
    if is(ADDRESS_W, last) {
        return match prev {
            p if is(EMAIL_W, p) => Some(Email),
            "ip" | "ipv4" => Some(Ipv4),
            "ipv6" => Some(Ipv6),
            "web" | "site" => Some(Url),
            "mac" | "wallet" | "server" | "bitcoin" => None,
            _ => Some(StreetAddress),
        };
    }
    if last == "line" && is(ADDRESS_W, prev) {
        return Some(StreetAddress);
    }
    if is(CITY_W, last) {
        return Some(City);
    }
    if is(REGION_W, last) || (last == "state" && is(ADDRESS_CONTEXT, prev)) {
        return Some(Region);
    }
    if is(POSTCODE_W, last) {
        return Some(Postcode);
    }
    if is(COUNTRY_W, last) {
        return Some(Country);
    }
    if matches!(last, "iso3" | "alpha3") {
        return Some(CountryCode3);
    }
    if matches!(last, "iso2" | "alpha2" | "iso") && is(COUNTRY_W, prev) || last == "countrycode" {
        return Some(CountryCode2);
    }
    if is(COMPANY_W, last) {
        return Some(Company);
    }
    if is(JOB_W, last) {
        return Some(JobTitle);
    }
    if is(URL_W, last) {
        return Some(Url);
    }
    if matches!(last, "domain" | "domainname" | "hostname") {
        return Some(DomainName);
    }
    if matches!(last, "ip" | "ipv4" | "ipaddress") {
        return Some(Ipv4);
    }
    if last == "ipv6" {
        return Some(Ipv6);
    }
    if last == "iban" {
        return Some(Iban);
    }
    if matches!(last, "creditcard" | "cardnumber" | "ccnumber" | "kreditkarte") {
        return Some(CreditCard);
    }
    if is(CURRENCY_W, last) {
        return Some(Currency);
    }
    if is(COLOR_W, last) {
        return Some(Color);
    }
    if matches!(last, "sku" | "productcode" | "artikelnummer" | "partnumber") {
        return Some(Sku);
    }
    if is(USERNAME_W, last) {
        return Some(Username);
    }
    if is(PARAGRAPH_W, last) {
        return Some(Paragraph);
    }
    if is(SENTENCE_W, last) {
        return Some(Sentence);
    }
    if is(WORD_W, last) {
        return Some(Word);
    }
    None
}

/// French word order puts the head first (`nom_client`, `adresse_livraison`,
/// `ville_naissance`): when the last word decided nothing, a French head word decides.
fn by_first_word(words: &[String], table: &str) -> Option<TextKind> {
    if words.len() < 2 {
        return None;
    }
    match words[0].as_str() {
        "nom" | "libelle" => qualified_name(words[1].as_str(), "nom", false, table),
        "prenom" => Some(FirstName),
        "adresse" => match words[1].as_str() {
            "email" | "mail" | "courriel" | "electronique" => Some(Email),
            "ip" => Some(Ipv4),
            "web" => Some(Url),
            _ => Some(StreetAddress),
        },
        "ville" => Some(City),
        "pays" => Some(Country),
        "telephone" | "portable" => Some(Phone),
        "courriel" | "email" | "mail" => Some(Email),
        "titre" => Some(Sentence),
        "description" => Some(Paragraph),
        "commentaire" | "remarque" => Some(Sentence),
        _ => None,
    }
}

/// `name`-like words, qualified by the word before them (or the table when alone).
fn qualified_name(prev: &str, last: &str, alone: bool, table: &str) -> Option<TextKind> {
    let is = |list: &[&str], w: &str| list.contains(&w);
    match prev {
        "first" | "given" | "fore" | "christian" | "middle" => Some(FirstName),
        "last" | "family" | "sur" | "maiden" | "famille" => Some(LastName),
        "user" | "login" | "screen" | "nick" | "account" | "utilisateur" | "benutzer" => Some(Username),
        "city" | "town" | "ort" | "ville" => Some(City),
        "country" | "land" | "pays" => Some(Country),
        "street" | "strasse" | "rue" => Some(StreetAddress),
        "state" | "region" | "province" => Some(Region),
        "domain" | "host" => Some(DomainName),
        "category" | "tag" | "genre" | "kategorie" | "categorie" => Some(Word),
        "job" | "position" => Some(JobTitle),
        "color" | "colour" => Some(Color),
        "currency" => Some(Currency),
        p if is(PERSON_W, p) => Some(FullName),
        p if is(COMPANY_W, p) => Some(Company),
        p if is(PRODUCT_W, p) || p == "article" => Some(ProductName),
        _ if alone => table_name_rule(last, table),
        _ => None,
    }
}

/// What a table holds, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Person,
    Staff,
    Job,
    Company,
    Product,
    Category,
    Work,
    City,
    Country,
    Region,
}

#[rustfmt::skip]
const ROLE_WORDS: &[(Role, &[&str])] = &[
    (Role::Staff, &[
        "employee", "staff", "worker", "mitarbeiter", "angestellte", "angestellter", "employe",
        "salarie", "personnel", "personal",
    ]),
    (Role::Person, &[
        "customer", "user", "person", "people", "actor", "artist", "author", "member", "client",
        "contact", "patient", "student", "teacher", "driver", "player", "owner", "guest",
        "passenger", "subscriber", "buyer", "applicant", "candidate", "participant", "attendee",
        "volunteer", "donor", "tenant", "traveler", "traveller", "reviewer", "writer",
        "musician", "director", "singer", "composer", "kunde", "kunden", "personen", "benutzer",
        "nutzer", "teilnehmer", "mitglied", "mitglieder", "autor", "autoren", "schueler",
        "patienten", "utilisateur", "personne", "auteur", "acteur", "artiste", "membre", "eleve",
        "etudiant", "adherent",
    ]),
    (Role::Job, &["job", "position", "occupation", "profession", "beruf", "berufe", "metier", "poste"]),
    (Role::Company, &[
        "company", "supplier", "vendor", "publisher", "manufacturer", "brand", "firm",
        "organization", "organisation", "employer", "merchant", "agency", "store", "shop",
        "bank", "carrier", "shipper", "firma", "firmen", "unternehmen", "lieferant",
        "lieferanten", "hersteller", "verlag", "verlage", "societe", "entreprise",
        "fournisseur", "editeur", "fabricant", "marque", "agence", "magasin", "boutique",
    ]),
    (Role::Product, &["product", "item", "artikel", "produkt", "produkte", "produit", "merchandise", "ware", "waren"]),
    (Role::Category, &[
        "category", "genre", "tag", "topic", "keyword", "kategorie", "kategorien", "categorie",
        "rubrique", "theme", "thema", "department", "team", "section", "abteilung",
    ]),
    (Role::Work, &[
        "film", "movie", "book", "album", "track", "song", "episode", "show", "series",
        "podcast", "game", "article", "post", "story", "poem", "painting", "artwork", "play",
        "novel", "course", "buch", "buecher", "filme", "lied", "lieder", "livre", "chanson",
        "oeuvre", "roman", "review", "comment", "message", "note", "ticket", "issue", "task",
        "event", "project", "page", "document", "report", "notification", "announcement",
        "recipe", "listing",
    ]),
    (Role::City, &["city", "town", "stadt", "staedte", "ville", "ort", "orte", "municipality", "commune"]),
    (Role::Country, &["country", "land", "laender", "pays", "nation"]),
    (Role::Region, &["region", "state", "province", "bundesland", "bundeslaender", "departement", "kanton", "canton", "county"]),
];

/// `word` without a plural ending (`categories` → `category`, `addresses` → `address`).
fn singular(word: &str) -> String {
    if word == "people" {
        return "person".to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        if stem.len() >= 2 {
            return format!("{stem}y");
        }
    }
    for suffix in ["sses", "ches", "shes", "xes"] {
        if word.ends_with(suffix) {
            return word[..word.len() - 2].to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
        _ => word.to_string(),
    }
}

fn table_role(table: &str) -> Option<Role> {
    split_words(table).iter().rev().find_map(|w| {
        let s = singular(w);
        let bare = w.strip_suffix('s').unwrap_or(w);
        ROLE_WORDS
            .iter()
            .find(|(_, words)| [w.as_str(), s.as_str(), bare].iter().any(|c| words.contains(c)))
            .map(|(role, _)| *role)
    })
}

/// `name`, `nom`, `label` … alone, decided by the table.
fn table_name_rule(word: &str, table: &str) -> Option<TextKind> {
    let role = table_role(table);
    if word == "nom" && matches!(role, None | Some(Role::Person) | Some(Role::Staff)) {
        return Some(LastName);
    }
    Some(match role {
        Some(Role::Person | Role::Staff) => FullName,
        Some(Role::Job) => JobTitle,
        Some(Role::Company) => Company,
        Some(Role::Product) => ProductName,
        Some(Role::Category) => Word,
        Some(Role::Work) => Sentence,
        Some(Role::City) => City,
        Some(Role::Country) => Country,
        Some(Role::Region) => Region,
        None => Word,
    })
}

/// `title` alone, decided by the table.
fn table_title(table: &str) -> Option<TextKind> {
    match table_role(table) {
        Some(Role::Person) => None,
        Some(Role::Staff | Role::Job) => Some(JobTitle),
        Some(Role::Product) => Some(ProductName),
        Some(Role::Category) => Some(Word),
        Some(Role::City) => Some(City),
        Some(Role::Country) => Some(Country),
        Some(Role::Region) => Some(Region),
        Some(Role::Company | Role::Work) | None => Some(Sentence),
    }
}

#[cfg(test)]
#[path = "classify_tests.rs"]
mod tests;
