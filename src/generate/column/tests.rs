//! Tests of single columns: statistics, listed values, limits, bounds and refusals.

use super::*;
use crate::error::Code;
use crate::generate::scalar::Bounds;
use crate::profile::{ColumnProfile, ColumnStats};
use crate::semantic::Persona;

fn col(name: &str, kind: TypeKind) -> ColumnProfile {
    crate::generate::tests::col(name, kind, true)
}

fn draw(plan: &ColumnPlan, n: u64) -> Vec<Value> {
    let key = Key::from_seed(1);
    (0..n)
        .map(|i| {
            let mut s = key.stream(i);
            let p = Persona::new(&mut key.derive("p").stream(i), crate::semantic::Locale::En);
            plan.value(&mut s, &[], &p)
        })
        .collect()
}

#[test]
fn statistics_drive_categorical_text() {
    let mut c = col("rating", TypeKind::Text);
    c.stats = Some(ColumnStats {
        null_frac: 0.0,
        n_distinct: 3.0,
        avg_width: 3,
        correlation: None,
        most_common_vals: vec!["PG".into(), "R".into(), "G".into()],
        most_common_freqs: vec![0.5, 0.3, 0.2],
        histogram_bounds: vec![],
        range: None,
    });
    let plan = ColumnPlan::build(
        &TableRef { name: "film", label: "public.film", rows: 1000.0 },
        &c,
        Rules { not_null: true, ..Rules::default() },
        Key(1),
    )
    .unwrap();
    let vals = draw(&plan, 10_000);
    let share = |x: &str| vals.iter().filter(|v| **v == Value::Text(x.into())).count() as f64 / 10_000.0;
    assert!((share("PG") - 0.5).abs() < 0.02);
    assert!((share("G") - 0.2).abs() < 0.02);
}

#[test]
fn small_tables_keep_their_listed_values() {
    // 10 companies among 59 customers: n_distinct = -10/59 as a float4.
    let mut c = col("company", TypeKind::Varchar);
    c.not_null = false;
    c.stats = Some(ColumnStats {
        null_frac: 0.83,
        n_distinct: -0.169_491_53,
        avg_width: 17,
        correlation: None,
        most_common_vals: vec![],
        most_common_freqs: vec![],
        histogram_bounds: (0..10).map(|i| format!("Company {i}")).collect(),
        range: None,
    });
    let t = TableRef { name: "customer", label: "public.customer", rows: 59.0 };
    let plan = ColumnPlan::build(&t, &c, Rules::default(), Key(1)).unwrap();
    assert!(draw(&plan, 100).iter().all(|v| matches!(v, Value::Text(s) if s.starts_with("Company "))));
}

#[test]
fn unique_text_is_not_replayed_from_the_histogram() {
    let mut c = col("email", TypeKind::Text);
    c.stats = Some(ColumnStats {
        null_frac: 0.0,
        n_distinct: -1.0,
        avg_width: 16,
        correlation: None,
        most_common_vals: vec![],
        most_common_freqs: vec![],
        histogram_bounds: (0..100).map(|i| format!("p{i}@example.com")).collect(),
        range: None,
    });
    let t = TableRef { name: "people", label: "crm.people", rows: 100.0 };
    let plan = ColumnPlan::build(&t, &c, Rules { not_null: true, ..Rules::default() }, Key(2)).unwrap();
    assert!(matches!(plan.source, Source::Text(_)), "{:?}", plan.source);
}

#[test]
fn varchar_limits_and_char_padding_hold() {
    let mut v = col("email", TypeKind::Varchar);
    v.ty.max_length = Some(12);
    let rules = Rules { max_chars: Some(12), not_null: true, ..Rules::default() };
    let plan =
        ColumnPlan::build(&TableRef { name: "customers", label: "public.customers", rows: 1000.0 }, &v, rules, Key(2))
            .unwrap();
    assert!(draw(&plan, 500).iter().all(|x| matches!(x, Value::Text(t) if t.chars().count() <= 12)));
    let mut c = col("country", TypeKind::Char);
    c.ty.max_length = Some(2);
    let plan = ColumnPlan::build(
        &TableRef { name: "customers", label: "public.customers", rows: 1000.0 },
        &c,
        Rules { max_chars: Some(2), ..Rules::default() },
        Key(3),
    )
    .unwrap();
    for x in draw(&plan, 200) {
        let Value::Text(t) = x else { panic!() };
        assert_eq!(t.chars().count(), 2, "{t}");
    }
}

#[test]
fn bounds_and_exclusions_shape_numbers() {
    let mut c = col("quantity", TypeKind::Integer);
    c.not_null = true;
    let rules = Rules { bounds: Bounds::new(1.0, 3.0), excluded: vec![2.0], not_null: true, ..Rules::default() };
    let plan =
        ColumnPlan::build(&TableRef { name: "items", label: "public.items", rows: 1000.0 }, &c, rules, Key(4)).unwrap();
    let vals = draw(&plan, 2000);
    assert!(vals.iter().all(|v| matches!(v, Value::Int(1) | Value::Int(3))), "{vals:?}");
}

#[test]
fn check_ranges_are_covered_evenly_ends_included() {
    // `quantity` suggests 1..10; the CHECK says 10..20: every value of the CHECK appears.
    let c = col("quantity", TypeKind::Integer);
    let rules = Rules { bounds: Bounds::new(10.0, 20.0), not_null: true, ..Rules::default() };
    let plan = ColumnPlan::build(&TableRef { name: "t", label: "public.t", rows: 1000.0 }, &c, rules, Key(7)).unwrap();
    let vals = draw(&plan, 11_000);
    for v in 10..=20 {
        let share = vals.iter().filter(|x| **x == Value::Int(v)).count() as f64 / 11_000.0;
        assert!((share - 1.0 / 11.0).abs() < 0.015, "{v}: {share}");
    }
    let c = col("x", TypeKind::Smallint);
    let rules = Rules { bounds: Bounds::new(-5.0, 5.0), not_null: true, ..Rules::default() };
    let plan = ColumnPlan::build(&TableRef { name: "t", label: "public.t", rows: 1000.0 }, &c, rules, Key(8)).unwrap();
    assert!(draw(&plan, 500).contains(&Value::Int(-5)));
}

#[test]
fn contradictory_rules_are_reported_with_the_column() {
    let c = col("status", TypeKind::Text);
    let rules = Rules {
        allowed: Some(vec![Value::Text("toolong".into())]),
        max_chars: Some(3),
        not_null: true,
        ..Rules::default()
    };
    let err = ColumnPlan::build(&TableRef { name: "t", label: "public.t", rows: 1000.0 }, &c, rules.clone(), Key(5))
        .unwrap_err();
    assert_eq!(err.code, Code::CheckViolation);
    assert!(err.message.contains("\"status\" of public.t"), "{}", err.message);
    // A nullable column can still be NULL: it is, with a note saying why.
    let plan = ColumnPlan::build(
        &TableRef { name: "t", label: "public.t", rows: 1000.0 },
        &c,
        Rules { not_null: false, ..rules },
        Key(5),
    )
    .unwrap();
    assert!(plan.note.as_deref().unwrap_or("").contains("left NULL"));
    assert!(draw(&plan, 20).iter().all(Value::is_null));
}

#[test]
fn unknown_types_without_statistics_are_refused_by_name() {
    let mut c = col("shape", TypeKind::Other);
    c.ty.name = "polygon".into();
    let err = ColumnPlan::build(&TableRef { name: "t", label: "public.t", rows: 1000.0 }, &c, Rules::default(), Key(6))
        .unwrap_err();
    assert_eq!(err.code, Code::FeatureNotSupported);
    assert!(err.message.contains("shape") && err.message.contains("polygon"));
}
