//! Table-level generator tests on hand-built profiles: determinism, keys, references, checks,
//! statistics.

use std::collections::HashSet;

use super::*;
use crate::profile::*;

pub(super) fn ty(kind: TypeKind) -> TypeInfo {
    TypeInfo {
        name: format!("{kind:?}").to_lowercase(),
        kind,
        max_length: None,
        precision: None,
        scale: None,
        element: None,
        enum_labels: None,
        domain: None,
    }
}

pub(super) fn col(name: &str, kind: TypeKind, not_null: bool) -> ColumnProfile {
    ColumnProfile {
        name: name.into(),
        ty: ty(kind),
        not_null,
        default: None,
        identity: None,
        generated: None,
        stats: None,
        categories: None,
        content: None,
    }
}

pub(super) fn table(name: &str, columns: Vec<ColumnProfile>) -> TableProfile {
    TableProfile {
        format_version: FORMAT_VERSION,
        table: TableInfo {
            schema: "public".into(),
            name: name.into(),
            kind: "table".into(),
            reltuples: -1.0,
            analyzed: false,
            partition_bound: None,
        },
        columns,
        primary_key: None,
        unique: vec![],
        checks: vec![],
        foreign_keys: vec![],
        partitioning: None,
        dependence: None,
    }
}

pub(super) fn key(name: &str, cols: &[&str]) -> KeyConstraint {
    KeyConstraint {
        name: name.into(),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        nulls_not_distinct: false,
    }
}

pub(super) fn check(name: &str, def: &str) -> CheckConstraint {
    CheckConstraint { name: name.into(), definition: def.into() }
}

pub(super) fn opts(seed: i64) -> Options {
    Options { seed, locale: Locale::En, unsupported_as_null: false }
}

pub(super) fn ctx(p: &TableProfile, rows: u64) -> Context {
    Context {
        existing_rows: 0,
        rows,
        parents: vec![None; p.foreign_keys.len()],
        uniques: vec![ExistingKeys::default(); p.unique_keys().count()],
        spread: vec![None; p.foreign_keys.len()],
        linked: vec![false; p.foreign_keys.len()],
        external: vec![],
    }
}

pub(super) fn rows(plan: &TablePlan, n: u64) -> Vec<Vec<Value>> {
    (0..n)
        .map(|i| {
            let mut out = vec![];
            plan.row(i, &mut out, &mut |_| Ok(None)).unwrap();
            out
        })
        .collect()
}

/// The demo's `orders` table without statistics.
fn orders() -> TableProfile {
    let mut id = col("order_id", TypeKind::Bigint, true);
    id.identity = Some("always".into());
    let mut status = col("status", TypeKind::Enum, true);
    status.ty.enum_labels = Some(vec!["pending".into(), "paid".into(), "shipped".into()]);
    let mut total = col("total", TypeKind::Numeric, true);
    total.ty.precision = Some(12);
    total.ty.scale = Some(2);
    let mut p = table(
        "orders",
        vec![
            id,
            col("customer_id", TypeKind::Bigint, true),
            status,
            col("placed_at", TypeKind::Timestamptz, true),
            col("shipped_at", TypeKind::Timestamptz, false),
            total,
        ],
    );
    p.primary_key = Some(key("orders_pkey", &["order_id"]));
    p.checks = vec![
        check("orders_total_check", "CHECK ((total >= (0)::numeric))"),
        check("orders_check", "CHECK (((shipped_at IS NULL) OR (shipped_at >= placed_at)))"),
    ];
    p.foreign_keys = vec![ForeignKey {
        name: "orders_customer_id_fkey".into(),
        columns: vec!["customer_id".into()],
        ref_schema: "public".into(),
        ref_table: "customers".into(),
        ref_columns: vec!["customer_id".into()],
        declared_on: None,
        deferrable: false,
    }];
    p
}

fn orders_ctx(p: &TableProfile, n: u64) -> Context {
    let mut c = ctx(p, n);
    c.parents[0] = Some(ParentKeys::Range { lo: 1, count: 100 });
    c
}

#[test]
fn same_seed_same_rows_in_any_order() {
    let p = orders();
    let plan = TablePlan::build(&p, &opts(42), &orders_ctx(&p, 200)).unwrap();
    let forward = rows(&plan, 200);
    let backward: Vec<Vec<Value>> = (0..200u64)
        .rev()
        .map(|i| {
            let mut out = vec![];
            plan.row(i, &mut out, &mut |_| Ok(None)).unwrap();
            out
        })
        .rev()
        .collect();
    assert_eq!(forward, backward);
    let again = TablePlan::build(&p, &opts(42), &orders_ctx(&p, 200)).unwrap();
    assert_eq!(forward, rows(&again, 200));
    let other = TablePlan::build(&p, &opts(43), &orders_ctx(&p, 200)).unwrap();
    assert_ne!(forward, rows(&other, 200));
}

#[test]
fn orders_obey_their_constraints_without_statistics() {
    let p = orders();
    let plan = TablePlan::build(&p, &opts(1), &orders_ctx(&p, 2000)).unwrap();
    let mut statuses = HashSet::new();
    let mut nulls = 0;
    for r in rows(&plan, 2000) {
        assert_eq!(r[0], Value::Null, "identity is left to PostgreSQL");
        match &r[1] {
            Value::Int(c) => assert!((1..=100).contains(c)),
            v => panic!("customer_id {v:?}"),
        }
        let Value::Text(s) = &r[2] else { panic!() };
        statuses.insert(s.clone());
        let placed = r[3].axis().unwrap();
        match r[4].axis() {
            Some(shipped) => assert!(shipped >= placed),
            None => nulls += 1,
        }
        let Value::Numeric { unscaled, scale: 2 } = r[5] else { panic!("{:?}", r[5]) };
        assert!(unscaled >= 0);
    }
    assert_eq!(statuses.len(), 3);
    assert!((100..300).contains(&nulls), "nullable columns get some NULLs: {nulls}");
}

#[test]
fn integer_keys_without_defaults_count_up_after_existing_rows() {
    let mut p = table("artist", vec![col("artist_id", TypeKind::Integer, true), col("name", TypeKind::Text, false)]);
    p.primary_key = Some(key("artist_pkey", &["artist_id"]));
    let mut c = ctx(&p, 50);
    c.existing_rows = 275;
    c.uniques[0] = ExistingKeys { max_int: vec![Some(275)], fingerprints: Some(HashSet::new()) };
    let plan = TablePlan::build(&p, &opts(3), &c).unwrap();
    let ids: Vec<i64> = rows(&plan, 50).iter().map(|r| if let Value::Int(v) = r[0] { v } else { panic!() }).collect();
    assert_eq!(ids, (276..326).collect::<Vec<i64>>());
}

#[test]
fn unique_text_stays_unique_and_avoids_existing_values() {
    let mut email = col("email", TypeKind::Varchar, true);
    email.ty.max_length = Some(40);
    let mut p = table("customers", vec![email]);
    p.unique = vec![key("customers_email_key", &["email"])];
    // Fill once, then pretend those rows exist and fill again with the same seed.
    let first = TablePlan::build(&p, &opts(5), &ctx(&p, 500)).unwrap();
    let first_rows = rows(&first, 500);
    let fps: HashSet<u64> =
        first_rows.iter().map(|r| unique::fingerprint([(&r[0], TypeKind::Varchar)].into_iter())).collect();
    let mut c = ctx(&p, 500);
    c.existing_rows = 0; // worst case: numbering restarts, so every first candidate collides
    c.uniques[0] = ExistingKeys { max_int: vec![None], fingerprints: Some(fps) };
    let mut plan = TablePlan::build(&p, &opts(5), &c).unwrap();
    plan.existing = 1; // collisions are only checked when the table has rows
    plan.uniques[0].existing = c.uniques[0].fingerprints.clone();
    let second = rows(&plan, 500);
    let all: HashSet<String> = first_rows.iter().chain(&second).map(|r| r[0].to_text(TypeKind::Varchar)).collect();
    assert_eq!(all.len(), 1000);
    for r in &second {
        let Value::Text(t) = &r[0] else { panic!() };
        assert!(t.chars().count() <= 40 && t.contains('@'), "{t}");
    }
}

#[test]
fn composite_keys_enumerate_parent_and_line_combinations() {
    let mut line = col("line_no", TypeKind::Smallint, true);
    line.not_null = true;
    let mut p = table(
        "order_items",
        vec![col("order_id", TypeKind::Bigint, true), line, col("quantity", TypeKind::Integer, true)],
    );
    p.primary_key = Some(key("order_items_pkey", &["order_id", "line_no"]));
    p.checks = vec![
        check("line_no_check", "CHECK (((line_no >= 1) AND (line_no <= 5)))"),
        check("quantity_check", "CHECK ((quantity > 0))"),
    ];
    p.foreign_keys = vec![ForeignKey {
        name: "fk".into(),
        columns: vec!["order_id".into()],
        ref_schema: "public".into(),
        ref_table: "orders".into(),
        ref_columns: vec!["order_id".into()],
        declared_on: None,
        deferrable: false,
    }];
    let mut c = ctx(&p, 40);
    c.parents[0] = Some(ParentKeys::Tuples((0..8).map(|i| vec![Value::Int(i * 10)]).collect()));
    let plan = TablePlan::build(&p, &opts(9), &c).unwrap();
    let keys: HashSet<(i64, i64)> = rows(&plan, 40)
        .iter()
        .map(|r| match (&r[0], &r[1], &r[2]) {
            (Value::Int(o), Value::Int(l), Value::Int(q)) => {
                assert!(o % 10 == 0 && (1..=5).contains(l) && *q > 0);
                (*o, *l)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(keys.len(), 40);
    c.rows = 41;
    let err = TablePlan::build(&p, &opts(9), &c).unwrap_err();
    assert_eq!(err.code, Code::UniqueViolation);
}

#[test]
fn empty_parent_tables_are_reported_with_a_hint() {
    let p = orders();
    let mut c = ctx(&p, 10);
    c.parents[0] = Some(ParentKeys::Range { lo: 0, count: 0 });
    let err = TablePlan::build(&p, &opts(1), &c).unwrap_err();
    assert_eq!(err.code, Code::ForeignKeyViolation);
    assert!(err.hint.as_deref().unwrap_or("").contains("synth_fill('public.customers'"), "{err:?}");
}

#[test]
fn opaque_checks_are_retried_until_the_database_accepts() {
    let mut p = table("t", vec![col("code", TypeKind::Integer, true)]);
    p.checks = vec![check("code_even", "CHECK (((code % 2) = 0))")];
    let plan = TablePlan::build(&p, &opts(2), &ctx(&p, 100)).unwrap();
    assert_eq!(plan.opaque.len(), 1);
    for i in 0..100 {
        let mut out = vec![];
        plan.row(i, &mut out, &mut |r| {
            Ok(match r[0] {
                Value::Int(v) if v % 2 != 0 => Some(0),
                _ => None,
            })
        })
        .unwrap();
        assert!(matches!(out[0], Value::Int(v) if v % 2 == 0));
    }
    let err = plan.row(0, &mut vec![], &mut |_| Ok(Some(0))).unwrap_err();
    assert_eq!(err.code, Code::CheckViolation);
    assert!(err.message.contains("code_even"));
}

#[test]
fn statistics_are_reproduced() {
    let mut amount = col("amount", TypeKind::Numeric, false);
    amount.stats = Some(ColumnStats {
        null_frac: 0.1,
        n_distinct: 5.0,
        avg_width: 5,
        correlation: None,
        most_common_vals: vec!["0.99".into(), "4.99".into(), "2.99".into(), "5.99".into(), "9.99".into()],
        most_common_freqs: vec![0.3, 0.25, 0.15, 0.12, 0.08],
        histogram_bounds: vec![],
    });
    let p = table("payment", vec![amount]);
    let plan = TablePlan::build(&p, &opts(8), &ctx(&p, 20_000)).unwrap();
    let rs = rows(&plan, 20_000);
    let share = |v: &str| rs.iter().filter(|r| r[0].to_text(TypeKind::Numeric) == v).count() as f64 / 20_000.0;
    assert!((share("NULL") - 0.1).abs() < 0.02, "{}", share("NULL"));
    assert!((share("0.99") - 0.3).abs() < 0.02);
    assert!((share("9.99") - 0.08).abs() < 0.02);
    let distinct: HashSet<String> = rs.iter().map(|r| r[0].to_text(TypeKind::Numeric)).collect();
    assert_eq!(distinct.len(), 6, "five values and NULL: {distinct:?}");
}

#[test]
fn identity_serial_and_generated_columns_take_their_defaults() {
    let mut serial = col("id", TypeKind::Integer, true);
    serial.default = Some("nextval('t_id_seq'::regclass)".into());
    let mut gen = col("total", TypeKind::Integer, false);
    gen.generated = Some("(a * 2)".into());
    let mut dflt = col("status", TypeKind::Text, true);
    dflt.default = Some("'new'::text".into());
    let p = table("t", vec![serial, col("a", TypeKind::Integer, true), gen, dflt]);
    let plan = TablePlan::build(&p, &opts(1), &ctx(&p, 5)).unwrap();
    assert_eq!(plan.generated_columns(), vec![1]);
}

#[test]
fn partitioned_rows_land_in_partitions() {
    let mut p = table("payment", vec![col("payment_date", TypeKind::Timestamptz, true)]);
    let part = |name: &str, lo: &str, hi: &str| {
        PartitionBound {
        name: name.into(),
        bound: String::new(),
        constraint: Some(format!("((payment_date IS NOT NULL) AND (payment_date >= '{lo}'::timestamp with time zone) AND (payment_date < '{hi}'::timestamp with time zone))")),
    }
    };
    p.partitioning = Some(Partitioning {
        strategy: "range".into(),
        key: vec!["payment_date".into()],
        partitions: vec![
            part("p1", "2022-01-01 00:00:00+00", "2022-02-01 00:00:00+00"),
            part("p2", "2022-06-01 00:00:00+00", "2022-07-01 00:00:00+00"),
        ],
    });
    let plan = TablePlan::build(&p, &opts(4), &ctx(&p, 500)).unwrap();
    let lo1 = Value::parse_canonical(TypeKind::Timestamptz, "2022-01-01 00:00:00+00").unwrap().axis().unwrap();
    let hi1 = Value::parse_canonical(TypeKind::Timestamptz, "2022-02-01 00:00:00+00").unwrap().axis().unwrap();
    let lo2 = Value::parse_canonical(TypeKind::Timestamptz, "2022-06-01 00:00:00+00").unwrap().axis().unwrap();
    let hi2 = Value::parse_canonical(TypeKind::Timestamptz, "2022-07-01 00:00:00+00").unwrap().axis().unwrap();
    for r in rows(&plan, 500) {
        let x = r[0].axis().unwrap();
        assert!((lo1..hi1).contains(&x) || (lo2..hi2).contains(&x), "{:?}", r[0].to_text(TypeKind::Timestamptz));
    }
}

#[test]
fn unsupported_types_name_the_column_or_become_null_on_request() {
    let mut c = col("area", TypeKind::Other, false);
    c.ty.name = "polygon".into();
    let p = table("shapes", vec![c]);
    let err = TablePlan::build(&p, &opts(1), &ctx(&p, 1)).unwrap_err();
    assert_eq!(err.code, Code::FeatureNotSupported);
    assert!(err.message.contains("area") && err.message.contains("polygon"));
    let plan = TablePlan::build(&p, &Options { unsupported_as_null: true, ..opts(1) }, &ctx(&p, 1)).unwrap();
    assert_eq!(rows(&plan, 3), vec![vec![Value::Null]; 3]);
}

#[test]
fn foreign_keys_follow_the_child_column_statistics() {
    let mut staff = col("staff_id", TypeKind::Integer, true);
    staff.stats = Some(ColumnStats {
        null_frac: 0.0,
        n_distinct: 2.0,
        avg_width: 4,
        correlation: None,
        most_common_vals: vec!["1".into(), "2".into()],
        most_common_freqs: vec![0.7, 0.3],
        histogram_bounds: vec![],
    });
    let mut p = table("payment", vec![staff]);
    p.foreign_keys = vec![ForeignKey {
        name: "payment_staff_id_fkey".into(),
        columns: vec!["staff_id".into()],
        ref_schema: "public".into(),
        ref_table: "staff".into(),
        ref_columns: vec!["staff_id".into()],
        declared_on: Some("payment_p2022_01".into()),
        deferrable: false,
    }];
    let mut c = ctx(&p, 5000);
    c.parents[0] = Some(ParentKeys::Ints((1..=1500).chain([4000, 9000]).collect()));
    let plan = TablePlan::build(&p, &opts(3), &c).unwrap();
    let rs = rows(&plan, 5000);
    let ones = rs.iter().filter(|r| r[0] == Value::Int(1)).count() as f64 / 5000.0;
    assert!(rs.iter().all(|r| matches!(r[0], Value::Int(1) | Value::Int(2))));
    assert!((ones - 0.7).abs() < 0.02, "{ones}");
    assert_eq!(ParentKeys::Ints(vec![3, 10, 20]).nearest(14.0), Some(1));
    assert_eq!(ParentKeys::Ints(vec![3, 10, 20]).nearest(16.0), Some(2));
    assert_eq!(ParentKeys::Range { lo: 5, count: 3 }.nearest(100.0), Some(2));
}

#[test]
fn profiled_children_per_parent_replace_the_childs_statistics() {
    let mut p = orders();
    p.columns[1].stats = Some(ColumnStats {
        null_frac: 0.0,
        n_distinct: 2.0,
        avg_width: 8,
        correlation: None,
        most_common_vals: vec!["1".into(), "2".into()],
        most_common_freqs: vec![0.5, 0.5],
        histogram_bounds: vec![],
    });
    let mut c = orders_ctx(&p, 1000);
    // A tenth of the customers have all the orders, ten each.
    c.spread[0] = Some(ChildrenPerParent { bins: vec![(0, 0, 0.9), (10, 10, 0.1)], ..Default::default() });
    let plan = TablePlan::build(&p, &opts(3), &c).unwrap();
    let mut per_customer = std::collections::HashMap::new();
    for r in rows(&plan, 1000) {
        *per_customer.entry(r[1].to_text(TypeKind::Bigint)).or_insert(0) += 1;
    }
    // About a tenth of the 100 customers (each parent's lot is drawn), each with the same share.
    assert!((5..=15).contains(&per_customer.len()), "{per_customer:?}");
    let first = *per_customer.values().next().unwrap();
    assert!(per_customer.values().all(|n| (*n as i64 - first as i64).abs() <= 1), "{per_customer:?}");
}

#[test]
fn linked_keys_are_left_null() {
    let p = orders();
    let mut c = orders_ctx(&p, 10);
    c.linked[0] = true;
    let plan = TablePlan::build(&p, &opts(3), &c).unwrap();
    assert!(rows(&plan, 10).iter().all(|r| r[1].is_null()));
}

#[test]
fn children_room_comes_from_the_rest_of_a_composite_key() {
    let mut p = table("lines", vec![col("order_id", TypeKind::Integer, true), col("n", TypeKind::Smallint, true)]);
    p.primary_key = Some(key("lines_pkey", &["order_id", "n"]));
    p.checks = vec![check("n_check", "CHECK (((n >= 1) AND (n <= 9)))")];
    let fk = ForeignKey {
        name: "lines_order_id_fkey".into(),
        columns: vec!["order_id".into()],
        ref_schema: "public".into(),
        ref_table: "orders".into(),
        ref_columns: vec!["id".into()],
        declared_on: None,
        deferrable: false,
    };
    assert_eq!(children_room(&p, &fk), Some(9));
    p.checks.clear();
    assert_eq!(children_room(&p, &fk), None, "an unbounded smallint does not limit in practice");
}
