use serde_json::json;

use super::plan::{self, int_temp, Member, Step, Temp};
use super::rules::{self, parse_rule, parse_rules, Generalize, Kind, Mask, Noise, Rule};
use super::*;
use crate::error::Code;
use crate::semantic::Locale;

const INT4: ColType = ColType::Int { min: i32::MIN as i64, max: i32::MAX as i64 };
const INT8: ColType = ColType::Int { min: i64::MIN, max: i64::MAX };

fn col(name: &str, ty: ColType, sql_type: &str) -> Column {
    Column {
        name: name.into(),
        ty,
        sql_type: sql_type.into(),
        max_chars: None,
        not_null: false,
        generated: false,
        identity_always: false,
        unique: false,
        category: None,
    }
}

fn key(name: &str, ty: ColType, sql_type: &str) -> Column {
    Column { unique: true, not_null: true, ..col(name, ty, sql_type) }
}

fn fk(name: &str, child: usize, cc: &str, parent: usize, pc: &str, on_update: OnUpdate) -> ForeignKey {
    ForeignKey {
        name: name.into(),
        child,
        child_columns: vec![cc.into()],
        parent,
        parent_columns: vec![pc.into()],
        on_update,
    }
}

/// customers(id, email, name varchar(10), born, salary, manager_id → id);
/// orders(id, customer_id → customers.id); notes(order_customer → orders.customer_id? no: → customers via orders).
fn shop() -> Catalog {
    let customers = Table {
        name: "public.customers".into(),
        columns: vec![
            key("id", INT4, "integer"),
            Column { category: Some("email".into()), ..col("email", ColType::Text, "text") },
            Column { max_chars: Some(10), not_null: true, ..col("name", ColType::Text, "character varying(10)") },
            col("born", ColType::Date, "date"),
            col("salary", ColType::Numeric, "numeric(10,2)"),
            col("manager_id", INT4, "integer"),
            Column { generated: true, ..col("label", ColType::Text, "text") },
            col("country_id", INT4, "integer"),
        ],
    };
    let orders = Table {
        name: "public.orders".into(),
        columns: vec![key("id", INT8, "bigint"), col("customer_id", INT8, "bigint")],
    };
    let countries = Table { name: "public.countries".into(), columns: vec![key("id", INT4, "integer")] };
    let shipments = Table {
        name: "public.shipments".into(),
        columns: vec![key("order_id", INT8, "bigint"), col("customer_id", INT8, "bigint")],
    };
    Catalog {
        tables: vec![customers, orders, countries, shipments],
        foreign_keys: vec![
            fk("orders_customer_id_fkey", 1, "customer_id", 0, "id", OnUpdate::NoAction),
            fk("customers_manager_id_fkey", 0, "manager_id", 0, "id", OnUpdate::Restrict),
            fk("customers_country_id_fkey", 0, "country_id", 2, "id", OnUpdate::NoAction),
            fk("shipments_order_id_fkey", 3, "order_id", 1, "id", OnUpdate::Cascade),
        ],
    }
}

fn rules_of(doc: serde_json::Value) -> Vec<(String, Rule)> {
    parse_rules(&doc).unwrap()
}

#[test]
fn rules_parse_in_both_forms() {
    let r = rules_of(json!({
        "email": "pseudonymize",
        "last_name": {"fake": "last_name", "locale": "de"},
        "phone": {"mask": "digits", "keep_last": 2},
        "card": {"mask": "partial", "keep_prefix": 4, "pad": "****", "keep_suffix": 4},
        "birth_date": {"generalize": "Month"},
        "age": {"generalize": 10},
        "zip": {"generalize": "postcode", "keep_prefix": 3},
        "salary": {"noise": 0.1},
        "seen": {"noise": "10 days"},
        "notes": "null",
        "id": "keep",
        "status": {"value": 7},
        "iban": {"pseudonymize": "iban"},
    }));
    let get = |n: &str| r.iter().find(|(c, _)| c == n).unwrap().1.clone();
    assert_eq!(get("email"), Rule::Pseudonymize { kind: None, locale: None });
    assert_eq!(get("last_name"), Rule::Fake { kind: "last_name", locale: Some(Locale::De) });
    assert_eq!(get("phone"), Rule::Mask(Mask::Digits { keep_last: 2, mask: "X".into() }));
    assert_eq!(get("card"), Rule::Mask(Mask::Partial { keep_prefix: 4, pad: "****".into(), keep_suffix: 4 }));
    assert_eq!(get("birth_date"), Rule::Generalize(Generalize::Date("month")));
    assert_eq!(get("age"), Rule::Generalize(Generalize::Step(10.0)));
    assert_eq!(get("zip"), Rule::Generalize(Generalize::Postcode(3)));
    assert_eq!(get("salary"), Rule::Noise(Noise::Ratio(0.1)));
    assert_eq!(get("seen"), Rule::Noise(Noise::Shift("10 days".into())));
    assert_eq!(get("notes"), Rule::Null);
    assert_eq!(get("id"), Rule::Keep);
    assert_eq!(get("status"), Rule::Value("7".into()));
    assert_eq!(get("iban"), Rule::Pseudonymize { kind: Some(Kind::Iban), locale: None });
}

#[test]
fn malformed_rules_name_the_column_and_show_the_forms() {
    for (rule, says) in [
        (json!("scramble"), "unknown rule \"scramble\""),
        (json!({"pseudonymize": "passport"}), "unknown pseudonym kind \"passport\""),
        (json!({"fake": "dragon"}), "unknown fake kind"),
        (json!({"fake": "uuid", "locale": "de"}), "takes no locale"),
        (json!({"mask": "digits", "keep_prefix": 1}), "has no option \"keep_prefix\""),
        (json!({"mask": "stars"}), "unknown mask"),
        (json!({"noise": -1}), "non-negative"),
        (json!({"generalize": "fortnight"}), "fortnight"),
        (json!({"generalize": 0}), "positive"),
        (json!({"pseudonymize": "email", "fake": "email"}), "more than one rule name"),
        (json!({"locale": "de"}), "no rule name"),
        (json!({"pseudonymize": "email", "locale": "xx"}), "locale \"xx\""),
        (json!({"value": null}), "needs a value"),
        (json!(42), "neither a rule name nor an object"),
        (json!({"keep": 1}), "takes no argument"),
    ] {
        let e = parse_rule("notes", &rule).unwrap_err();
        assert_eq!(e.code, Code::InvalidParameterValue, "{rule}");
        assert!(e.message.starts_with("rule for column \"notes\": "), "{}", e.message);
        assert!(e.message.contains(says), "{rule}: {}", e.message);
        assert!(e.hint.as_deref().unwrap_or("").contains("{\"pseudonymize\": \"email\"}"));
    }
    let e = parse_rules(&json!(["email"])).unwrap_err();
    assert!(e.message.contains("JSON object"));
}

#[test]
fn rules_are_checked_against_the_column() {
    let c = shop();
    let root = c.root();
    let ok = |col: &str, r: serde_json::Value| rules::check(&parse_rule(col, &r).unwrap(), root.column(col).unwrap());
    assert!(ok("email", json!({"mask": "email"})).is_ok());
    assert!(ok("born", json!({"generalize": "year"})).is_ok());
    assert!(ok("salary", json!({"generalize": 1000})).is_ok());
    assert!(ok("id", json!({"generalize": 10})).is_ok());
    let e = ok("born", json!({"mask": "digits"})).unwrap_err();
    assert_eq!(e.code, Code::DatatypeMismatch);
    assert!(e.message.contains("\"mask\" does not apply to column \"born\" of type date"), "{}", e.message);
    assert!(e.hint.unwrap().contains("Date columns take"));
    assert_eq!(ok("salary", json!({"pseudonymize": "email"})).unwrap_err().code, Code::DatatypeMismatch);
    assert_eq!(ok("id", json!({"pseudonymize": "email"})).unwrap_err().code, Code::DatatypeMismatch);
    assert_eq!(ok("email", json!({"noise": 0.1})).unwrap_err().code, Code::DatatypeMismatch);
    assert!(ok("id", json!({"generalize": 2.5})).unwrap_err().message.contains("integer step"));
    let e = ok("name", json!("null")).unwrap_err();
    assert!(e.message.contains("NOT NULL"), "{}", e.message);
    let e = ok("label", json!({"value": "x"})).unwrap_err();
    assert!(e.message.contains("generated"), "{}", e.message);
    assert!(ok("label", json!("keep")).is_ok());
}

#[test]
fn bare_pseudonymize_takes_the_category_then_the_type() {
    let c = shop();
    let root = c.root();
    let kind = |n: &str| rules::resolve_kind(root.column(n).unwrap(), None).unwrap();
    assert_eq!(kind("email"), Kind::Email);
    assert_eq!(kind("name"), Kind::Code);
    assert_eq!(kind("id"), Kind::Digits);
    let phone = Column { category: Some("phone".into()), ..col("x", INT8, "bigint") };
    assert_eq!(rules::resolve_kind(&phone, None).unwrap(), Kind::Digits, "a category the type cannot take");
    assert!(rules::resolve_kind(root.column("born").unwrap(), None).is_err());
}

#[test]
fn defaults_follow_category_and_type() {
    let c = shop();
    let root = c.root();
    let d = |n: &str| rules::default_rule(root.column(n).unwrap()).unwrap();
    assert_eq!(d("email"), Rule::Pseudonymize { kind: None, locale: None });
    assert_eq!(d("born"), Rule::Generalize(Generalize::Date("month")));
    assert_eq!(d("salary"), Rule::Noise(Noise::Ratio(0.1)));
    let age = Column { category: Some("age".into()), ..col("age", INT4, "integer") };
    assert_eq!(rules::default_rule(&age).unwrap(), Rule::Generalize(Generalize::Step(5.0)));
    let flag = col("flag", ColType::Other, "boolean");
    assert_eq!(rules::default_rule(&flag).unwrap(), Rule::Null);
    let e = rules::default_rule(&Column { not_null: true, ..flag }).unwrap_err();
    assert!(e.hint.unwrap().contains("synthdata.sensitivity.rule"));
}

#[test]
fn expressions_reuse_the_masking_functions() {
    let c = shop();
    let root = c.root();
    let sql = |n: &str, r: serde_json::Value| {
        rules::rule_sql("s", root.column(n).unwrap(), &parse_rule(n, &r).unwrap(), "x").unwrap()
    };
    assert_eq!(sql("email", json!("pseudonymize")), "(s.synth_pseudonymize_email((x)::text, NULL, NULL))::text");
    assert_eq!(
        sql("name", json!({"pseudonymize": "last_name", "locale": "fr"})),
        "(left(s.synth_pseudonymize_last_name((x)::text, NULL, E'fr'), 10))::character varying(10)",
        "cut to varchar(10)"
    );
    assert_eq!(
        sql("name", json!({"pseudonymize": "code"})),
        "(s.synth_pseudonymize_code((x)::text))::character varying(10)"
    );
    assert_eq!(sql("id", json!("pseudonymize")), "s.synth_pseudonymize_int(x)");
    assert_eq!(
        sql("email", json!({"fake": "email"})),
        "CASE WHEN x IS NULL THEN NULL ELSE (s.synth_fake_email(NULL))::text END"
    );
    assert_eq!(sql("email", json!({"value": "it's"})), "CASE WHEN x IS NULL THEN NULL ELSE (E'it''s')::text END");
    assert_eq!(sql("born", json!({"generalize": "month"})), "(s.synth_generalize_date(x, E'month'))::date");
    assert_eq!(sql("id", json!({"generalize": 10})), "(lower(s.synth_generalize_int((x)::int8, 10)))::integer");
    assert_eq!(sql("salary", json!({"noise": 0.1})), "(s.synth_noise((x)::numeric, 0.1))::numeric(10,2)");
    assert_eq!(sql("born", json!({"noise": "3 days"})), "s.synth_noise_date(x, E'3 days'::interval)");
    assert_eq!(sql("email", json!("null")), "NULL::text");
    assert_eq!(
        sql("email", json!({"mask": "digits", "keep_last": 2, "pad": "#"})),
        "(s.synth_mask_digits((x)::text, 2, E'#'))::text"
    );
    assert_eq!(rules::rule_sql("s", root.column("email").unwrap(), &Rule::Keep, "x"), None);
}

#[test]
fn a_pseudonymized_key_takes_its_referencing_columns_along() {
    let c = shop();
    let p = plan::plan(&c, rules_of(json!({"id": "pseudonymize", "email": "pseudonymize"}))).unwrap();
    assert_eq!(p.plain.len(), 1);
    assert_eq!(p.keys.len(), 1);
    let k = &p.keys[0];
    assert_eq!(k.kind, Kind::Digits);
    assert!(k.two_phase);
    assert_eq!(
        k.members,
        vec![
            Member { table: 0, column: "id".into() },
            Member { table: 1, column: "customer_id".into() },
            Member { table: 0, column: "manager_id".into() },
        ]
    );
    assert_eq!(k.tables(), vec![0, 1]);
    // One UPDATE per table; the self-reference in the same UPDATE as the key.
    let sql = k.batch_sql(&c, "s", Step::ToTemp, Some(Temp::Shift { shift: 10_000, threshold: 9_999 }));
    assert!(sql.starts_with("WITH b AS (SELECT DISTINCT v FROM unnest(($1::text[])::integer[]) v)"), "{sql}");
    assert_eq!(sql.matches("UPDATE public.customers").count(), 1, "{sql}");
    assert!(
        sql.contains(
            "\"manager_id\" = CASE WHEN \"manager_id\" IN (SELECT v FROM b) THEN (\"manager_id\" + (10000)::int8)"
        ),
        "{sql}"
    );
    assert!(sql.contains("UPDATE public.orders SET \"customer_id\" = CASE"), "{sql}");
    assert!(sql.ends_with("SELECT ARRAY[(SELECT count(*) FROM u0), (SELECT count(*) FROM u1)]::int8[]"), "{sql}");
    let back = k.batch_sql(&c, "s", Step::FromTemp, Some(Temp::Shift { shift: 10_000, threshold: 9_999 }));
    assert!(back.contains("s.synth_pseudonymize_int(((\"customer_id\") - (10000)::int8)::integer)"), "{back}");
    assert_eq!(
        k.cursor_sql(&c, 1, Step::ToTemp, Some(Temp::Shift { shift: 10_000, threshold: 9_999 })),
        "SELECT \"customer_id\"::text FROM public.orders WHERE \"customer_id\" IS NOT NULL AND NOT (\"customer_id\" > 9999)"
    );
    assert_eq!(
        k.cursor_sql(&c, 0, Step::FromTemp, Some(Temp::Text)),
        "SELECT \"id\"::text FROM public.customers WHERE \"id\" IS NOT NULL AND (\"id\")::text <> '' AND ascii((\"id\")::text) >= 983040"
    );
    // The plain pass counts rows whose key changes, too.
    let plain = plan::plain_batch_sql(&c, "s", &p);
    assert!(plain.contains("(s.synth_pseudonymize_int(s.\"id\")) IS DISTINCT FROM s.\"id\" AS synth_k0"), "{plain}");
    assert!(plain.contains("UPDATE public.customers t SET \"email\" = n.synth_v0"), "{plain}");
    assert!(plain.ends_with("SELECT count(*) FILTER (WHERE ROW(n.synth_v0::text) IS DISTINCT FROM ROW(n.synth_o0::text) OR n.synth_k0) FROM n"), "{plain}");
}

#[test]
fn cascades_are_left_to_postgres_and_set_null_is_refused() {
    let mut c = shop();
    // orders is the table now: shipments follows by ON UPDATE CASCADE.
    c.tables.swap(0, 1);
    for f in &mut c.foreign_keys {
        for t in [&mut f.child, &mut f.parent] {
            *t = match *t {
                0 => 1,
                1 => 0,
                x => x,
            };
        }
    }
    let p = plan::plan(&c, rules_of(json!({"id": "pseudonymize"}))).unwrap();
    assert_eq!(p.keys[0].members.len(), 1);
    assert_eq!(p.keys[0].cascades, vec!["shipments_order_id_fkey".to_string()]);
    c.foreign_keys[3].on_update = OnUpdate::SetNull;
    let e = plan::plan(&c, rules_of(json!({"id": "pseudonymize"}))).unwrap_err();
    assert_eq!(e.code, Code::FeatureNotSupported);
    assert!(e.message.contains("ON UPDATE SET NULL"), "{}", e.message);
}

#[test]
fn keys_and_references_refuse_what_would_break_them() {
    let c = shop();
    let err = |doc| plan::plan(&c, rules_of(doc)).unwrap_err();
    // A referenced key with a rule that is not a pseudonym.
    let e = err(json!({"id": {"generalize": 10}}));
    assert_eq!(e.code, Code::FeatureNotSupported);
    assert!(
        e.message.contains("referenced by foreign key \"orders_customer_id_fkey\" of public.orders"),
        "{}",
        e.message
    );
    // The child side alone.
    let e = err(json!({"country_id": "pseudonymize"}));
    assert!(e.message.contains("references public.countries(\"id\")"), "{}", e.message);
    assert!(e.hint.unwrap().contains("synth_anonymize('public.countries', '{\"id\": \"pseudonymize\"}')"));
    // A column that follows a key cannot have a rule of its own.
    let e = err(json!({"id": "pseudonymize", "manager_id": "pseudonymize"}));
    assert!(e.message.contains("takes its pseudonyms"), "{}", e.message);
    // The self-reference alone is the child side alone.
    assert!(err(json!({"manager_id": "null"})).message.contains("references public.customers"));
    // Unknown columns.
    let e = err(json!({"nope": "null"}));
    assert_eq!(e.code, Code::UndefinedColumn);
    assert!(e.hint.unwrap().contains("id, email, name"));
    // Keeping is always fine.
    assert!(plan::plan(&c, rules_of(json!({"country_id": "keep", "manager_id": "keep"}))).unwrap().is_empty());
}

#[test]
fn integer_temporaries_clear_old_and_new_values_and_fit_every_type() {
    let i4 = (i32::MIN as i64, i32::MAX as i64);
    // ids 1..1000: pseudonyms have at most 4 digits, so 10000 clears both.
    assert_eq!(int_temp(1, 1000, i4, &[i4]).unwrap(), Temp::Shift { shift: 10_000, threshold: 9_999 });
    // Negative values widen the range below.
    assert_eq!(int_temp(-50, 7, i4, &[i4]).unwrap(), Temp::Shift { shift: 109, threshold: 9 });
    // No room above: move below.
    let t = int_temp(0, 2_000_000_000, i4, &[i4]).unwrap();
    assert_eq!(t, Temp::Shift { shift: -(i32::MAX as i64 + 1), threshold: 0 });
    // A smallint member narrows the room.
    let i2 = (i16::MIN as i64, i16::MAX as i64);
    assert!(int_temp(1, 20_000, i4, &[i4, i2]).is_err());
    let e = int_temp(-2_000_000_000, 2_000_000_000, i4, &[i4]).unwrap_err();
    assert_eq!(e.code, Code::FeatureNotSupported);
}
