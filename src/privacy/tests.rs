//! Tests of the detection rules: names, values, and how they combine into a confidence.

use super::*;

fn verdict(table: &str, column: &str, ty: TypeClass, values: &[&str]) -> Option<(&'static str, f64)> {
    judge(table, column, ty, values).map(|f| (f.category.name(), f.confidence))
}

fn category(table: &str, column: &str, ty: TypeClass) -> Option<&'static str> {
    verdict(table, column, ty, &[]).map(|(c, _)| c)
}

#[test]
fn names_in_three_languages() {
    use TypeClass::Text;
    for (table, column, want) in [
        ("customer", "first_name", "first_name"),
        ("kunden", "vorname", "first_name"),
        ("clients", "prenom", "first_name"),
        ("clients", "nom", "last_name"),
        ("kunden", "nachname", "last_name"),
        ("customer", "email", "email"),
        ("kunden", "e_mail", "email"),
        ("clients", "courriel", "email"),
        ("address", "phone", "phone"),
        ("kunden", "telefonnummer", "phone"),
        ("clients", "telephone", "phone"),
        ("address", "address", "address"),
        ("address", "address2", "address"),
        ("kunden", "strasse", "address"),
        ("clients", "adresse_livraison", "address"),
        ("address", "postal_code", "postcode"),
        ("kunden", "plz", "postcode"),
        ("clients", "code_postal", "postcode"),
        ("customer", "city", "city"),
        ("kunden", "wohnort", "city"),
        ("customer", "state", "region"),
        ("address", "district", "region"),
        ("customer", "country", "country"),
        ("staff", "username", "username"),
        ("customer", "name", "name"),
        ("orders", "customer_name", "name"),
        ("payments", "iban", "iban"),
        ("payments", "card_number", "credit_card"),
        ("sessions", "ip_address", "ip_address"),
        ("people", "ssn", "national_id"),
        ("assures", "numero_secu", "national_id"),
        ("mitarbeiter", "steuer_id", "national_id"),
    ] {
        assert_eq!(category(table, column, Text), Some(want), "{table}.{column}");
    }
}

#[test]
fn passwords_secrets_and_tokens_are_credentials() {
    use TypeClass::*;
    for (table, column, ty) in [
        ("staff", "password", Text),
        ("users", "password_hash", Text),
        ("users", "passwd", Text),
        ("benutzer", "passwort", Text),
        ("utilisateurs", "mot_de_passe", Text),
        ("accounts", "api_key", Text),
        ("sessions", "refresh_token", Text),
        ("clients", "client_secret", Text),
        ("users", "password_digest", Other),
        ("users", "encrypted_password", Text),
    ] {
        assert_eq!(verdict(table, column, ty, &[]), Some(("credential", 0.9)), "{table}.{column}");
    }
    // Not credentials: a count of tokens, when a password changed, a secret's expiry date.
    assert_eq!(category("documents", "token_count", Number), None);
    assert_eq!(category("users", "password_changed_at", Date), None);
    assert_eq!(category("keys", "secret_expires_at", Date), None);
}

#[test]
fn what_is_not_personal() {
    use TypeClass::*;
    for (table, column, ty) in [
        ("film", "title", Text),
        ("film", "description", Text),
        ("customer", "title", Text),
        ("employee", "title", Text),
        ("customer", "company", Text),
        ("payment", "amount", Number),
        ("customer", "customer_id", Number),
        ("customer", "address_id", Number),
        ("customer", "create_date", Date),
        ("employee", "hire_date", Date),
        ("rental", "last_update", Date),
        ("language", "name", Text),
        ("category", "name", Text),
        ("genre", "name", Text),
        ("product", "sku", Text),
        ("orders", "status", Text),
        ("invoice", "total", Number),
        ("city", "city", Text),
        ("country", "country", Text),
        ("regions", "region", Text),
    ] {
        assert_eq!(category(table, column, ty), None, "{table}.{column}");
    }
}

#[test]
fn types_decide_birth_dates_ages_and_addresses() {
    use TypeClass::*;
    assert_eq!(category("employee", "birth_date", Date), Some("birth_date"));
    assert_eq!(category("patients", "dob", Date), Some("birth_date"));
    assert_eq!(category("clients", "born", Date), Some("birth_date"));
    assert_eq!(category("kunden", "geburtsdatum", Date), Some("birth_date"));
    assert_eq!(category("clients", "date_naissance", Date), Some("birth_date"));
    assert_eq!(category("kunden", "geburtsort", Text), Some("city"), "a birth place is a city");
    assert_eq!(category("people", "age", Number), Some("age"));
    assert_eq!(category("logins", "client", Inet), Some("ip_address"));
    assert_eq!(category("address", "phone", Number), Some("phone"));
    assert_eq!(category("customer", "first_name", Number), None, "numbers are not names");
}

fn emails(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("person{i}@example.com")).collect()
}

#[test]
fn values_decide_unmistakable_kinds_even_against_the_name() {
    let mut v = emails(18);
    v.extend(["n/a".to_string(), "unknown".to_string()]);
    let values: Vec<&str> = v.iter().map(String::as_str).collect();
    let f = judge("people", "contact", TypeClass::Text, &values).unwrap();
    assert_eq!((f.category, f.confidence), (Category::Email, 0.9));
    assert_eq!(f.reason, "90% of 20 sampled values are e-mail addresses");
    // A column named for a phone that holds e-mail addresses holds e-mail addresses.
    assert_eq!(judge("people", "phone", TypeClass::Text, &values).unwrap().category, Category::Email);
    // National ids and cards by their check digits.
    let nir = ["2 55 08 14 168 025 38", "1 84 12 76 451 089 46", "1 85 07 2A 123 456 65"];
    assert_eq!(verdict("t", "ref", TypeClass::Text, &nir), Some(("national_id", 1.0)));
    let tax = ["86095742719", "65929970489", "26954371827", "47036892816"];
    assert_eq!(verdict("t", "ref", TypeClass::Text, &tax), Some(("national_id", 1.0)));
    assert_eq!(verdict("t", "ref", TypeClass::Text, &["123-45-6789", "078-05-1120"]), Some(("national_id", 0.9)));
    let mixed = ["2 55 08 14 168 025 38", "86095742719", "123-45-6789"];
    let f = judge("t", "ref", TypeClass::Text, &mixed).unwrap();
    assert_eq!((f.category, f.confidence), (Category::NationalId, 0.95));
    assert_eq!(f.reason, "100% of 3 sampled values are national ids (French NIR, German tax id, US SSN)");
    let cards = ["4111 1111 1111 1111", "5500-0000-0000-0004", "4012888888881881"];
    assert_eq!(verdict("t", "ref", TypeClass::Text, &cards), Some(("credit_card", 1.0)));
    let ibans = ["DE89370400440532013000", "GB82 WEST 1234 5698 7654 32"];
    assert_eq!(verdict("t", "ref", TypeClass::Text, &ibans), Some(("iban", 1.0)));
    assert_eq!(verdict("t", "host", TypeClass::Text, &["192.0.2.1", "2001:db8::1"]), Some(("ip_address", 0.9)));
}

#[test]
fn names_from_values_only_when_the_column_name_says_nothing() {
    let names = ["Mary Smith", "John Doe", "Anna Keller", "Pierre Martin"];
    assert_eq!(verdict("t", "who", TypeClass::Text, &names), Some(("name", 0.7)));
    assert_eq!(verdict("t", "x", TypeClass::Text, &["Mary", "John", "Anna", "Pierre"]), Some(("first_name", 0.7)));
    // A film title that is a name is still a title; a product named after a city is a product.
    assert_eq!(verdict("film", "title", TypeClass::Text, &names), None);
    assert_eq!(verdict("product", "name", TypeClass::Text, &["Paris", "Berlin", "Lyon"]), None);
    // Ordinary words and numbers are nothing.
    assert_eq!(verdict("t", "x", TypeClass::Text, &["alpha", "beta", "gamma"]), None);
    assert_eq!(verdict("t", "x", TypeClass::Text, &["12345", "67890", "13579"]), None);
    assert_eq!(verdict("t", "x", TypeClass::Text, &["2024-01-15", "2023-12-31"]), None);
}

#[test]
fn confidence_combines_name_and_values() {
    let v = emails(10);
    let values: Vec<&str> = v.iter().map(String::as_str).collect();
    let f = judge("customer", "email", TypeClass::Text, &values).unwrap();
    assert_eq!(f.confidence, 1.0);
    assert_eq!(f.reason, "column name; 100% of 10 sampled values are e-mail addresses");
    // Name alone.
    assert_eq!(verdict("customer", "email", TypeClass::Text, &[]), Some(("email", 0.9)));
    // Half the values confirm a first name: 1 - (1 - 0.9)(1 - 0.5 × 0.7) = 0.935 → 0.94 (rounded).
    let half = ["Mary", "John", "Xq", "Zz"];
    assert_eq!(verdict("customer", "first_name", TypeClass::Text, &half), Some(("first_name", 0.94)));
    // Values that do not confirm leave the name's confidence.
    assert_eq!(verdict("customer", "first_name", TypeClass::Text, &["Xq", "Zz", "Qw"]), Some(("first_name", 0.9)));
    // Person names confirm each other: `name` of people holding given names.
    let f = judge("customer", "name", TypeClass::Text, &["Mary Smith", "John Doe"]).unwrap();
    assert_eq!(f.category, Category::Name);
    assert!(f.confidence > 0.6 && f.reason.contains("people's names"), "{f:?}");
    // Below REPORT_AT nothing is reported: a third of the values are cities.
    assert_eq!(verdict("t", "x", TypeClass::Text, &["Paris", "xx", "yy"]), None);
}

#[test]
fn makers_of_works_are_people() {
    use TypeClass::Text;
    for (table, column) in [("track", "composer"), ("books", "author"), ("lieder", "komponist"), ("oeuvres", "auteur")]
    {
        assert_eq!(category(table, column, Text), Some("name"), "{table}.{column}");
    }
    assert_eq!(category("track", "composer_id", TypeClass::Number), None);
}
