//! Table-level tests of believable text: what values say about a column, code patterns (unique
//! or not), one person per row, and the locale.

use std::collections::HashSet;

use super::column::Source;
use super::pattern::Pattern;
use super::tests::{col, ctx, key, opts, rows, table};
use super::*;
use crate::profile::*;
use crate::semantic::dict::{dict, home_of};
use crate::value::Value;

fn texts(plan: &TablePlan, n: u64, c: usize) -> Vec<String> {
    rows(plan, n)
        .into_iter()
        .map(|r| match &r[c] {
            Value::Text(t) => t.clone(),
            other => panic!("{other:?}"),
        })
        .collect()
}

/// Statistics of a column whose values are all distinct: a histogram of `hist` and no MCVs.
fn distinct_stats(hist: Vec<String>) -> ColumnStats {
    ColumnStats {
        null_frac: 0.0,
        n_distinct: -1.0,
        avg_width: hist.first().map_or(8, |h| h.len() as i32 + 1),
        correlation: None,
        most_common_vals: vec![],
        most_common_freqs: vec![],
        histogram_bounds: hist,
        range: None,
    }
}

fn invoices(unique: bool) -> TableProfile {
    let mut no = col("invoice_no", TypeKind::Varchar, true);
    no.ty.max_length = Some(20);
    no.stats = Some(distinct_stats((0..=100).map(|i| format!("INV-2024-{:06}", 100 + i * 97)).collect()));
    let mut p = table("invoices", vec![no]);
    p.table.reltuples = 10_000.0;
    p.table.analyzed = true;
    if unique {
        p.unique = vec![key("invoices_invoice_no_key", &["invoice_no"])];
    }
    p
}

fn is_email(s: &str) -> bool {
    s.split_once('@').is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.contains('@'))
}

#[test]
fn codes_keep_the_pattern_of_their_histogram() {
    let p = invoices(false);
    let plan = TablePlan::build(&p, &opts(1), &ctx(&p, 3000)).unwrap();
    let pattern = plan.columns[0].pattern.clone().expect("a pattern");
    assert_eq!(pattern.to_string(), "INV-dddd-dddddd");
    let vals = texts(&plan, 3000, 0);
    assert!(vals.iter().all(|v| pattern.matches(v)), "{:?}", vals.iter().find(|v| !pattern.matches(v)));
    // Between the histogram's bounds, as the real values are.
    let inside = vals.iter().filter(|v| v.as_str() >= "INV-2024-000100" && v.as_str() <= "INV-2024-009800").count();
    assert!(inside > 2900, "{inside} of 3000 inside the histogram");
}

#[test]
fn unique_codes_keep_the_pattern_and_never_repeat() {
    let p = invoices(true);
    let plan = TablePlan::build(&p, &opts(2), &ctx(&p, 20_000)).unwrap();
    assert!(matches!(plan.uniques[0].carrier, unique::Carrier::Pattern { .. }), "{:?}", plan.uniques[0].carrier);
    let vals = texts(&plan, 20_000, 0);
    let pattern = Pattern::parse("INV-dddd-dddddd").unwrap();
    assert!(vals.iter().all(|v| pattern.matches(v)));
    assert_eq!(vals.iter().collect::<HashSet<_>>().len(), 20_000, "no duplicates");
    // Filled again next to those rows: no value repeats an existing one.
    let fps: HashSet<u64> =
        vals.iter().map(|v| unique::fingerprint([(&Value::Text(v.clone()), TypeKind::Varchar)].into_iter())).collect();
    let mut c = ctx(&p, 20_000);
    c.uniques[0] = ExistingKeys { max_int: vec![None], fingerprints: Some(fps) };
    let mut again = TablePlan::build(&p, &opts(2), &c).unwrap();
    again.existing = 1;
    again.uniques[0].existing = c.uniques[0].fingerprints.clone();
    let more = texts(&again, 20_000, 0);
    let all: HashSet<&String> = vals.iter().chain(&more).collect();
    assert_eq!(all.len(), 40_000);
    assert!(more.iter().all(|v| pattern.matches(v)));
}

#[test]
fn a_pattern_without_room_is_reported_and_values_stay_unique() {
    let mut code = col("code", TypeKind::Text, true);
    code.stats = Some(distinct_stats(["A-1", "B-2", "C-3", "D-4", "E-5"].iter().map(|s| s.to_string()).collect()));
    let mut p = table("t", vec![code]);
    p.table.reltuples = 5.0;
    p.unique = vec![key("t_code_key", &["code"])];
    // 260 codes fit the pattern: 200 rows keep it …
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 200)).unwrap();
    let vals = texts(&plan, 200, 0);
    assert!(vals.iter().all(|v| Pattern::parse("L-d").unwrap().matches(v)), "{vals:?}");
    assert_eq!(vals.iter().collect::<HashSet<_>>().len(), 200);
    assert!(plan.notes().next().is_none());
    // … 1000 cannot: they are numbered, and the user hears why.
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 1000)).unwrap();
    let note = plan.notes().next().expect("a note").to_string();
    assert!(note.contains("pattern L-d") && note.contains("260 distinct values"), "{note}");
    assert_eq!(texts(&plan, 1000, 0).iter().collect::<HashSet<_>>().len(), 1000);
}

#[test]
fn values_say_what_a_column_holds() {
    let emails: Vec<String> = (0..50).map(|i| format!("person{i}@corp.example.com")).collect();
    let uuids: Vec<String> = (0..50).map(|i| format!("{i:08x}-1c2d-4e5f-8a9b-0c1d2e3f4a5b")).collect();
    let mut contact = col("contact", TypeKind::Text, true);
    contact.stats = Some(distinct_stats(emails.clone()));
    // The name says user name; the values say e-mail: the values win.
    let mut login = col("username", TypeKind::Text, true);
    login.stats = Some(distinct_stats(emails));
    let mut reference = col("reference", TypeKind::Text, true);
    reference.stats = Some(distinct_stats(uuids));
    let mut p = table("accounts", vec![contact, login, reference]);
    p.table.reltuples = 50.0;
    p.unique = vec![key("accounts_contact_key", &["contact"]), key("accounts_reference_key", &["reference"])];
    let plan = TablePlan::build(&p, &opts(4), &ctx(&p, 2000)).unwrap();
    let rs = rows(&plan, 2000);
    let text = |v: &Value| v.to_text(TypeKind::Text);
    assert!(rs.iter().all(|r| is_email(&text(&r[0])) && is_email(&text(&r[1]))), "{:?}", rs[0]);
    assert!(rs.iter().all(|r| text(&r[2]).parse::<uuid_check::Uuid>().is_ok()), "{:?}", rs[0]);
    assert!(rs.iter().all(|r| matches!(r[2], Value::Text(_))), "UUIDs are text in a text column");
    for c in [0, 2] {
        assert_eq!(rs.iter().map(|r| text(&r[c])).collect::<HashSet<_>>().len(), 2000, "column {c} unique");
    }
    // The e-mail is the row's person's: contact and username agree (but for the number that keeps
    // the unique contact unique).
    let person =
        |v: &Value| text(v).split('@').next().unwrap_or("").trim_end_matches(|c: char| c.is_ascii_digit()).to_string();
    assert!(rs.iter().filter(|r| person(&r[0]) == person(&r[1])).count() > 1900);
}

/// A tiny UUID parser, to check the canonical form without a dependency.
mod uuid_check {
    pub struct Uuid;
    impl std::str::FromStr for Uuid {
        type Err = ();
        fn from_str(s: &str) -> Result<Uuid, ()> {
            let ok = s.len() == 36
                && s.char_indices()
                    .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
                && &s[14..15] == "4";
            if ok {
                Ok(Uuid)
            } else {
                Err(())
            }
        }
    }
}

#[test]
fn names_win_over_patterns_except_for_codes() {
    // A postcode column of UK-style values stays a postcode (coherent with the row's city) …
    let uk: Vec<String> = (0..30)
        .map(|i| format!("{}{}{} {}{}", ["SW", "NE", "LS"][i % 3], i % 9 + 1, i % 7, i % 5, ["AB", "XY"][i % 2]))
        .collect();
    let mut zip = col("postcode", TypeKind::Text, true);
    zip.stats = Some(distinct_stats(uk.clone()));
    // … a SKU column of such values keeps their pattern.
    let mut sku = col("sku", TypeKind::Text, true);
    sku.stats = Some(distinct_stats(uk));
    let mut p = table("things", vec![zip, sku]);
    p.table.reltuples = 30.0;
    let plan = TablePlan::build(&p, &opts(5), &ctx(&p, 10)).unwrap();
    assert!(plan.columns[0].pattern.is_none());
    assert!(matches!(
        &plan.columns[0].source,
        Source::Text(text::TextSource::Semantic(crate::semantic::TextKind::Postcode))
    ));
    assert_eq!(plan.columns[1].pattern.as_ref().map(ToString::to_string).as_deref(), Some("LLdd dLL"));
}

#[test]
fn a_sampled_content_drives_generation_and_length_limits_hold() {
    let mut code = col("code", TypeKind::Char, true);
    code.ty.max_length = Some(9);
    code.content = Some(Content { kind: None, pattern: Some("LLdd dLL".into()), style: None, avoid: None });
    let mut short = col("ref", TypeKind::Varchar, true);
    short.ty.max_length = Some(5);
    short.content = Some(Content { kind: None, pattern: Some("LLdd dLL".into()), style: None, avoid: None });
    let mut p = table("codes", vec![code, short]);
    p.unique = vec![key("codes_code_key", &["code"])];
    let plan = TablePlan::build(&p, &opts(6), &ctx(&p, 500)).unwrap();
    let pattern = Pattern::parse("LLdd dLL").unwrap();
    let rs = rows(&plan, 500);
    let codes: HashSet<String> = rs.iter().map(|r| r[0].to_text(TypeKind::Char)).collect();
    assert_eq!(codes.len(), 500);
    assert!(codes.iter().all(|c| c.len() == 9 && pattern.matches(c.trim_end())), "{codes:?}");
    // varchar(5) cannot hold the 8-character pattern: it is not used.
    assert!(plan.columns[1].pattern.is_none());
    assert!(rs.iter().all(|r| r[1].to_text(TypeKind::Varchar).chars().count() <= 5));
}

fn people() -> TableProfile {
    let mut country = col("country", TypeKind::Char, true);
    country.ty.max_length = Some(2);
    table(
        "people",
        vec![
            col("first_name", TypeKind::Text, true),
            col("last_name", TypeKind::Text, true),
            col("email", TypeKind::Text, true),
            col("phone", TypeKind::Text, true),
            col("city", TypeKind::Text, true),
            col("postcode", TypeKind::Text, true),
            country,
        ],
    )
}

#[test]
fn a_row_is_one_person_in_one_place() {
    let p = people();
    for locale in Locale::ALL {
        let plan = TablePlan::build(&p, &Options { locale, ..opts(7) }, &ctx(&p, 1000)).unwrap();
        for r in rows(&plan, 1000) {
            let t: Vec<String> = r.iter().map(|v| v.to_text(TypeKind::Text)).collect();
            let slug = |s: &str| {
                crate::semantic::ascii_fold(s).to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "")
            };
            let local = t[2].split('@').next().unwrap_or("");
            assert!(local.contains(&slug(&t[1])), "{locale:?}: {} is not {} {}'s", t[2], t[0], t[1]);
            let iso2 = t[6].as_str();
            match home_of(iso2, locale) {
                Some((_, home)) => assert!(home.cities.iter().any(|c| c.name == t[4]), "{} is not in {iso2}", t[4]),
                None => assert_eq!(crate::semantic::country_by_iso2(iso2).map(|c| c.capital), Some(t[4].as_str())),
            }
            assert!(!t[3].is_empty() && !t[5].is_empty());
        }
    }
}

#[test]
fn the_locale_decides_the_names() {
    let p = people();
    let share_from = |locale: Locale, dict_locale: Locale| {
        let plan = TablePlan::build(&p, &Options { locale, ..opts(8) }, &ctx(&p, 500)).unwrap();
        // English family names come from the census list, the others from the dictionaries.
        let list = match crate::semantic::census::family(dict_locale) {
            Some(census) => census.names(),
            None => dict(dict_locale).last,
        };
        let rs = rows(&plan, 500);
        rs.iter().filter(|r| list.contains(&r[1].to_text(TypeKind::Text).as_str())).count() as f64 / 500.0
    };
    assert!(share_from(Locale::De, Locale::De) > 0.99);
    assert!(share_from(Locale::Fr, Locale::Fr) > 0.99);
    assert!(share_from(Locale::En, Locale::En) > 0.99);
    assert!(share_from(Locale::En, Locale::De) < 0.2, "English rows with German surnames");
    // Per-locale formats: German rows at home have five-digit postcodes and German numbers.
    let plan = TablePlan::build(&p, &Options { locale: Locale::De, ..opts(9) }, &ctx(&p, 500)).unwrap();
    for r in rows(&plan, 500) {
        let t: Vec<String> = r.iter().map(|v| v.to_text(TypeKind::Text)).collect();
        if t[6] == "DE" {
            assert!(t[5].len() == 5 && t[5].bytes().all(|b| b.is_ascii_digit()), "{}", t[5]);
            assert!(t[3].starts_with('0') || t[3].starts_with("+49 "), "{}", t[3]);
        }
    }
}

#[test]
fn learned_content_holds_no_values() {
    let sample = ["INV-2024-000123", "INV-2024-000124", "INV-2023-000999"];
    let c = content::learn_content(sample.iter().copied()).unwrap();
    assert_eq!(c, Content { kind: None, pattern: Some("INV-dddd-dddddd".into()), style: None, avoid: None });
    let c = content::learn_content(["lead1@corp.example.com", "lead2@corp.example.com", "lead3@corp.example.com"]);
    assert_eq!(
        c,
        Some(Content { kind: Some("email".into()), pattern: None, style: None, avoid: None }),
        "no pattern for e-mails"
    );
    // Digits are always a class, even where every example agrees (the +49).
    let phones = ["+49 30 1234567", "+49 40 7654321", "+49 89 1112223"];
    let c = content::learn_content(phones).unwrap();
    assert_eq!((c.kind.as_deref(), c.pattern.as_deref()), (Some("phone"), Some("+dd dd ddddddd")));
    assert_eq!(content::learn_content(["red", "green", "blue"]), None);
    let json = serde_json::to_string(&content::learn_content(sample.iter().copied())).unwrap();
    assert!(sample.iter().all(|v| !json.contains(v)), "{json}");
}

#[test]
fn unique_card_numbers_ibans_and_phones_stay_valid() {
    use crate::semantic::checksum::{iban_valid, luhn_valid};
    let mut p = table(
        "payment_methods",
        vec![
            col("card_number", TypeKind::Text, true),
            col("iban", TypeKind::Varchar, true),
            col("uuid", TypeKind::Text, true),
            col("phone", TypeKind::Text, true),
        ],
    );
    p.unique = vec![
        key("pm_card", &["card_number"]),
        key("pm_iban", &["iban"]),
        key("pm_uuid", &["uuid"]),
        key("pm_phone", &["phone"]),
    ];
    for locale in Locale::ALL {
        let plan = TablePlan::build(&p, &Options { locale, ..opts(10) }, &ctx(&p, 5000)).unwrap();
        assert!(matches!(plan.uniques[0].carrier, unique::Carrier::Checked { .. }));
        let rs = rows(&plan, 5000);
        for c in 0..4 {
            let vals: HashSet<String> = rs.iter().map(|r| r[c].to_text(TypeKind::Text)).collect();
            assert_eq!(vals.len(), 5000, "column {c} repeats");
        }
        for r in &rs {
            let (card, iban) = (r[0].to_text(TypeKind::Text), r[1].to_text(TypeKind::Text));
            assert!(luhn_valid(&card) && card.len() == 19, "{card}");
            assert!(iban_valid(&iban), "{iban}");
            assert_eq!(r[2].to_text(TypeKind::Text).len(), 36);
            let phone = r[3].to_text(TypeKind::Text);
            assert!(phone.chars().filter(char::is_ascii_digit).count() >= 9, "{phone}");
            assert!(phone.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c)), "{phone}");
        }
    }
}

#[test]
fn names_with_statistics_still_come_from_the_rows_person() {
    // The statistics list real people's names: replaying them would leak them and part the
    // name from the row's e-mail. Identity columns follow the persona whatever pg_stats says.
    let mut p = people();
    let real = |names: &[&str]| ColumnStats {
        null_frac: 0.0,
        n_distinct: names.len() as f64,
        avg_width: 7,
        correlation: None,
        most_common_vals: names.iter().map(|n| n.to_string()).collect(),
        most_common_freqs: vec![1.0 / names.len() as f64; names.len()],
        histogram_bounds: vec![],
        range: None,
    };
    p.columns[0].stats = Some(real(&["Zorbeth", "Quillan", "Yavanna"]));
    p.columns[1].stats = Some(real(&["Thistlewood", "Brambleby"]));
    p.table.analyzed = true;
    p.table.reltuples = 1000.0;
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 500)).unwrap();
    for r in rows(&plan, 500) {
        let t: Vec<String> = r.iter().map(|v| v.to_text(TypeKind::Text)).collect();
        assert!(!["Zorbeth", "Quillan", "Yavanna"].contains(&t[0].as_str()), "a real first name: {t:?}");
        assert!(!["Thistlewood", "Brambleby"].contains(&t[1].as_str()), "a real last name: {t:?}");
        let local = t[2].split('@').next().unwrap_or("").to_lowercase();
        let slug = crate::semantic::ascii_fold(&t[1]).to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "");
        assert!(local.contains(&slug), "{} is not {} {}'s", t[2], t[0], t[1]);
    }
}
