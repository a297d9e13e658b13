//! Tests of the column-name classifier.

use super::super::TextKind::{self, *};
use super::{classify, singular, split_words};

fn check(table: &str, cases: &[(&str, Option<TextKind>)]) {
    for (column, want) in cases {
        assert_eq!(classify(table, column), *want, "{table}.{column}");
    }
}

#[test]
fn uuid_names_hold_uuids() {
    check(
        "t",
        &[
            ("uuid", Some(Uuid)),
            ("guid", Some(Uuid)),
            ("external_uuid", Some(Uuid)),
            ("orderGuid", Some(Uuid)),
            ("uuid_version", None),
            ("id", None),
        ],
    );
}

#[test]
fn splitting() {
    assert_eq!(split_words("firstName"), ["first", "name"]);
    assert_eq!(split_words("IPAddress"), ["ip", "address"]);
    assert_eq!(split_words("ZIPCode"), ["zip", "code"]);
    assert_eq!(split_words("e-mail"), ["e", "mail"]);
    assert_eq!(split_words("Straße"), ["strasse"]);
    assert_eq!(split_words("prénom du client"), ["prenom", "du", "client"]);
    assert_eq!(split_words("address_line_1"), ["address", "line"]);
    assert_eq!(split_words("address2"), ["address"]);
    assert_eq!(split_words("country_iso3"), ["country", "iso3"]);
    assert_eq!(split_words("ipv6"), ["ipv6"]);
    assert_eq!(split_words("public.\"Customers\""), ["public", "customers"]);
    assert!(split_words("__").is_empty());
    assert_eq!(singular("categories"), "category");
    assert_eq!(singular("addresses"), "address");
    assert_eq!(singular("customers"), "customer");
    assert_eq!(singular("people"), "person");
    assert_eq!(singular("status"), "statu");
}

#[test]
#[rustfmt::skip]
fn every_example_of_the_specification() {
    check("t", &[
        ("email", Some(Email)), ("e_mail", Some(Email)), ("email_address", Some(Email)),
        ("mail", Some(Email)), ("courriel", Some(Email)), ("E-Mail", Some(Email)),
        ("first_name", Some(FirstName)), ("firstname", Some(FirstName)), ("fname", Some(FirstName)),
        ("given_name", Some(FirstName)), ("vorname", Some(FirstName)), ("prenom", Some(FirstName)),
        ("prénom", Some(FirstName)), ("firstName", Some(FirstName)),
        ("last_name", Some(LastName)), ("lastname", Some(LastName)), ("surname", Some(LastName)),
        ("family_name", Some(LastName)), ("nachname", Some(LastName)), ("nom", Some(LastName)),
        ("nom_famille", Some(LastName)),
        ("full_name", Some(FullName)), ("fullname", Some(FullName)),
        ("customer_name", Some(FullName)), ("contact_name", Some(FullName)),
        ("phone", Some(Phone)), ("phone_number", Some(Phone)), ("telephone", Some(Phone)),
        ("tel", Some(Phone)), ("mobile", Some(Phone)), ("handy", Some(Phone)),
        ("telefon", Some(Phone)), ("telefonnummer", Some(Phone)), ("téléphone", Some(Phone)),
        ("portable", Some(Phone)),
        ("address", Some(StreetAddress)), ("address1", Some(StreetAddress)),
        ("street", Some(StreetAddress)), ("street_address", Some(StreetAddress)),
        ("strasse", Some(StreetAddress)), ("straße", Some(StreetAddress)),
        ("adresse", Some(StreetAddress)), ("rue", Some(StreetAddress)),
        ("city", Some(City)), ("town", Some(City)), ("stadt", Some(City)), ("ort", Some(City)),
        ("ville", Some(City)),
        ("state", Some(Region)), ("province", Some(Region)), ("region", Some(Region)),
        ("bundesland", Some(Region)),
        ("zip", Some(Postcode)), ("zipcode", Some(Postcode)), ("zip_code", Some(Postcode)),
        ("postal_code", Some(Postcode)), ("postcode", Some(Postcode)), ("plz", Some(Postcode)),
        ("postleitzahl", Some(Postcode)), ("code_postal", Some(Postcode)), ("cp", Some(Postcode)),
        ("country", Some(Country)), ("land", Some(Country)), ("pays", Some(Country)),
        ("country_code", Some(CountryCode2)), ("iso3", Some(CountryCode3)),
        ("country_iso3", Some(CountryCode3)),
        ("company", Some(Company)), ("company_name", Some(Company)), ("firma", Some(Company)),
        ("unternehmen", Some(Company)), ("societe", Some(Company)), ("société", Some(Company)),
        ("entreprise", Some(Company)),
        ("job_title", Some(JobTitle)), ("position", None), ("beruf", Some(JobTitle)),
        ("url", Some(Url)), ("website", Some(Url)), ("homepage", Some(Url)),
        ("domain", Some(DomainName)), ("ip", Some(Ipv4)), ("ip_address", Some(Ipv4)),
        ("ipv6", Some(Ipv6)), ("iban", Some(Iban)),
        ("credit_card", Some(CreditCard)), ("card_number", Some(CreditCard)),
        ("cc_number", Some(CreditCard)),
        ("currency", Some(Currency)), ("currency_code", Some(Currency)),
        ("waehrung", Some(Currency)), ("währung", Some(Currency)), ("devise", Some(Currency)),
        ("color", Some(Color)), ("colour", Some(Color)), ("farbe", Some(Color)),
        ("couleur", Some(Color)),
        ("sku", Some(Sku)), ("product_code", Some(Sku)),
        ("username", Some(Username)), ("user_name", Some(Username)), ("login", Some(Username)),
        ("handle", Some(Username)),
        ("description", Some(Paragraph)), ("notes", Some(Paragraph)), ("bio", Some(Paragraph)),
        ("beschreibung", Some(Paragraph)),
        ("comment", Some(Sentence)), ("comments", Some(Sentence)), ("remarks", Some(Sentence)),
        ("bemerkung", Some(Sentence)), ("commentaire", Some(Sentence)),
    ]);
}

#[test]
#[rustfmt::skip]
fn names_that_say_nothing() {
    check("orders", &[
        ("id", None), ("status", None), ("amount", None), ("created_at", None),
        ("quantity", None), ("price", None), ("code", None), ("type", None),
        ("customer_id", None), ("email_verified", None), ("is_active", None),
        ("updated_on", None), ("order_date", None), ("total", None), ("discount_code", None),
        ("order_state", None), ("position", None), ("file_name", None), ("", None), ("_", None),
        ("birthdate", None), ("gender", None), ("age", None), ("has_email", None),
        ("phone_type", None), ("city_population", None),
    ]);
}

#[test]
#[rustfmt::skip]
fn qualified_and_foreign_names() {
    check("whatever", &[
        ("billing_city", Some(City)), ("shipping_address", Some(StreetAddress)),
        ("address_line_2", Some(StreetAddress)), ("billing_address_line1", Some(StreetAddress)),
        ("billing_state", Some(Region)), ("billing_zip", Some(Postcode)),
        ("customer_first_name", Some(FirstName)), ("contact_last_name", Some(LastName)),
        ("customerFirstname", Some(FirstName)), ("work_email", Some(Email)),
        ("home_phone", Some(Phone)), ("work_phone_number", Some(Phone)), ("tel_no", Some(Phone)),
        ("mobile_phone", Some(Phone)), ("client_ip", Some(Ipv4)), ("IPAddress", Some(Ipv4)),
        ("last_login_ip", Some(Ipv4)), ("ipv6_address", Some(Ipv6)),
        ("emailAddress", Some(Email)), ("ZIPCode", Some(Postcode)),
        ("country_name", Some(Country)), ("brand_name", Some(Company)),
        ("supplier_name", Some(Company)), ("product_name", Some(ProductName)),
        ("category_name", Some(Word)), ("display_name", Some(FullName)),
        ("login_name", Some(Username)), ("eye_color", Some(Color)),
        ("product_description", Some(Paragraph)), ("job", Some(JobTitle)),
        ("profile_url", Some(Url)), ("website_url", Some(Url)), ("hostname", Some(DomainName)),
        ("web_site", Some(Url)), ("site_web", Some(Url)), ("twitter_handle", Some(Username)),
        ("nom_client", Some(FullName)), ("nom_produit", Some(ProductName)),
        ("nom_societe", Some(Company)), ("nom_utilisateur", Some(Username)),
        ("adresse_email", Some(Email)), ("adresse_livraison", Some(StreetAddress)),
        ("ville_livraison", Some(City)), ("numero_telephone", Some(Phone)),
        ("prenom_client", Some(FirstName)), ("email_client", Some(Email)),
        ("telefon_nr", Some(Phone)), ("kreditkartennummer", Some(CreditCard)),
        ("artikelnummer", Some(Sku)), ("country_iso2", Some(CountryCode2)),
        ("iso2", Some(CountryCode2)), ("postal code", Some(Postcode)),
        ("Email Address", Some(Email)), ("tags", Some(Word)), ("genre", Some(Word)),
        ("message", Some(Sentence)), ("subject", Some(Sentence)), ("review", Some(Paragraph)),
    ]);
}

#[test]
fn name_title_and_label_depend_on_the_table() {
    let name = |t: &str| classify(t, "name");
    assert_eq!(name("products"), Some(ProductName));
    assert_eq!(name("order_items"), Some(ProductName));
    assert_eq!(name("produits"), Some(ProductName));
    for t in [
        "customers",
        "users",
        "persons",
        "people",
        "employees",
        "staff",
        "actors",
        "artists",
        "authors",
        "public.customers",
        "Kunden",
        "clients",
        "utilisateurs",
    ] {
        assert_eq!(name(t), Some(FullName), "{t}");
    }
    for t in ["companies", "suppliers", "vendors", "publishers", "firmen", "fournisseurs"] {
        assert_eq!(name(t), Some(Company), "{t}");
    }
    for t in ["categories", "genres", "tags", "product_categories", "catégories"] {
        assert_eq!(name(t), Some(Word), "{t}");
    }
    for t in ["films", "movies", "books", "albums", "tracks", "songs"] {
        assert_eq!(name(t), Some(Sentence), "{t}");
        assert_eq!(classify(t, "title"), Some(Sentence), "{t}");
    }
    assert_eq!(name("cities"), Some(City));
    assert_eq!(name("countries"), Some(Country));
    assert_eq!(name("states"), Some(Region));
    assert_eq!(name("jobs"), Some(JobTitle));
    assert_eq!(name("warehouses"), Some(Word));
    assert_eq!(classify("products", "title"), Some(ProductName));
    assert_eq!(classify("employees", "title"), Some(JobTitle));
    assert_eq!(classify("customers", "title"), None);
    assert_eq!(classify("posts", "title"), Some(Sentence));
    assert_eq!(classify("product_reviews", "title"), Some(Sentence));
    assert_eq!(classify("anything", "title"), Some(Sentence));
    assert_eq!(classify("anything", "job_title"), Some(JobTitle));
    assert_eq!(classify("categories", "label"), Some(Word));
    assert_eq!(classify("produits", "libelle"), Some(ProductName));
    assert_eq!(classify("artikel", "bezeichnung"), Some(ProductName));
    assert_eq!(classify("produits", "nom"), Some(ProductName));
    assert_eq!(classify("clients", "nom"), Some(LastName));
    assert_eq!(classify("villes", "nom"), Some(City));
    assert_eq!(classify("livres", "titre"), Some(Sentence));
    // A qualified name ignores the table.
    assert_eq!(classify("products", "customer_name"), Some(FullName));
    assert_eq!(classify("orders", "customer_name"), Some(FullName));
}

#[test]
fn odd_input_never_panics() {
    let long = "x".repeat(1000);
    for s in ["", "123", "_1_2_", "ÉÉÉ", "ＡＢＣ", "İstanbul", "a\u{301}", "🙂name", "ß", long.as_str()] {
        let _ = classify(s, s);
        let _ = classify("t", s);
        let _ = classify(s, "name");
    }
    assert_eq!(classify("t", "EMAIL"), Some(Email));
    assert_eq!(classify("t", "PRÉNOM"), Some(FirstName));
}
