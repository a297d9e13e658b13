//! Table-level generator tests on hand-built profiles: determinism, keys, references, checks,
//! statistics.

use std::collections::HashSet;

use super::column::Source;
use super::constraints::Constraints;
use super::*;
use crate::error::Code;
use crate::profile::*;
use crate::semantic::TextKind;
use crate::value::Value;

pub(crate) use crate::profile::fixtures::{col, foreign_key, table};

/// Statistics as `pg_stats` gives them: NULL share, `n_distinct`, average width, the most common
/// values with their frequencies, the histogram's bounds.
pub(super) fn stats(
    null_frac: f64,
    n_distinct: f64,
    avg_width: i32,
    mcv: &[(&str, f64)],
    hist: &[&str],
) -> Option<ColumnStats> {
    Some(ColumnStats {
        null_frac,
        n_distinct,
        avg_width,
        correlation: None,
        most_common_vals: mcv.iter().map(|(v, _)| v.to_string()).collect(),
        most_common_freqs: mcv.iter().map(|(_, f)| *f).collect(),
        histogram_bounds: hist.iter().map(|v| v.to_string()).collect(),
        range: None,
    })
}

/// A table named `name` with `columns` and a CHECK constraint `c0`, `c1` … per definition.
pub(super) fn checked_table(name: &str, columns: Vec<ColumnProfile>, checks: &[&str]) -> TableProfile {
    let mut p = table(name, columns);
    p.checks = checks
        .iter()
        .enumerate()
        .map(|(i, d)| CheckConstraint { name: format!("c{i}"), definition: d.to_string() })
        .collect();
    p
}

pub(super) fn key(name: &str, cols: &[&str]) -> KeyConstraint {
    KeyConstraint {
        name: name.into(),
        columns: cols.iter().map(|c| c.to_string()).collect(),
        nulls_not_distinct: false,
        case_insensitive: false,
    }
}

pub(super) fn check(name: &str, def: &str) -> CheckConstraint {
    CheckConstraint { name: name.into(), definition: def.into() }
}

pub(super) fn opts(seed: i64) -> Options {
    Options { seed, locale: Locale::En, unsupported_as_null: false, scenario: Scenario::default(), fit_to_keys: false }
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
        exclusion_floors: vec![None; p.exclusions.len()],
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
pub(super) fn orders() -> TableProfile {
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
    p.foreign_keys = vec![foreign_key("orders_customer_id_fkey", "customer_id", "customers", "customer_id")];
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
    p.foreign_keys = vec![foreign_key("fk", "order_id", "orders", "order_id")];
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
    p.checks = vec![check("code_even", "CHECK (((abs(code) % 2) = 0))")];
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
    amount.stats =
        stats(0.1, 5.0, 5, &[("0.99", 0.3), ("4.99", 0.25), ("2.99", 0.15), ("5.99", 0.12), ("9.99", 0.08)], &[]);
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
fn identity_serial_and_generated_columns_take_their_defaults_other_defaults_are_the_common_value() {
    let mut serial = col("id", TypeKind::Integer, true);
    serial.default = Some("nextval('t_id_seq'::regclass)".into());
    let mut gen = col("total", TypeKind::Integer, false);
    gen.generated = Some("(a * 2)".into());
    let mut status = col("status", TypeKind::Text, true);
    status.default = Some("'new'::text".into());
    let mut visible = col("visible", TypeKind::Boolean, true);
    visible.default = Some("false".into());
    let mut tenant = col("tenant", TypeKind::Text, true);
    tenant.default = Some("current_setting('app.tenant'::text)".into());
    let p = table("t", vec![serial, col("a", TypeKind::Integer, true), gen, status, visible, tenant]);
    let plan = TablePlan::build(&p, &opts(1), &ctx(&p, 2000)).unwrap();
    assert_eq!(plan.generated_columns(), vec![1, 3, 4, 5]);
    let rs = rows(&plan, 2000);
    let share = |c: usize, v: &Value| rs.iter().filter(|r| &r[c] == v).count() as f64 / 2000.0;
    // A constant default is the most common value, not the only one.
    let new = share(3, &Value::Text("new".into()));
    assert!((new - 0.6).abs() < 0.04, "{new}");
    let others: HashSet<String> = rs.iter().map(|r| r[3].to_text(TypeKind::Text)).collect();
    assert!(others.len() > 10, "{others:?}");
    assert!((share(4, &Value::Bool(false)) - 0.8).abs() < 0.04);
    // An expression says nothing of the values: the column is generated as any other.
    assert!(rs.iter().all(|r| matches!(&r[5], Value::Text(t) if !t.is_empty())));
    // Left to PostgreSQL (synthdata.defaults = leave): not generated.
    let mut left = p.clone();
    for c in &mut left.columns[3..] {
        c.left_to_default = true;
    }
    let plan = TablePlan::build(&left, &opts(1), &ctx(&left, 5)).unwrap();
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
    staff.stats = stats(0.0, 2.0, 4, &[("1", 0.7), ("2", 0.3)], &[]);
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
    p.columns[1].stats = stats(0.0, 2.0, 8, &[("1", 0.5), ("2", 0.5)], &[]);
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
fn linked_keys_are_left_null_or_hold_a_placeholder_when_not_null() {
    // A nullable key is linked afterwards: NULL for now.
    let mut p = orders();
    p.columns[1].not_null = false;
    let mut c = orders_ctx(&p, 10);
    c.linked[0] = true;
    let plan = TablePlan::build(&p, &opts(3), &c).unwrap();
    assert!(rows(&plan, 10).iter().all(|r| r[1].is_null()));
    // A NOT NULL one is linked only when its check is deferred: until then, a placeholder.
    let p = orders();
    let mut c = orders_ctx(&p, 10);
    c.linked[0] = true;
    let plan = TablePlan::build(&p, &opts(3), &c).unwrap();
    assert!(rows(&plan, 10).iter().all(|r| matches!(r[1], Value::Int(_))), "{:?}", rows(&plan, 10));
}

#[test]
fn children_room_comes_from_the_rest_of_a_composite_key() {
    let mut p = table("lines", vec![col("order_id", TypeKind::Integer, true), col("n", TypeKind::Smallint, true)]);
    p.primary_key = Some(key("lines_pkey", &["order_id", "n"]));
    p.checks = vec![check("n_check", "CHECK (((n >= 1) AND (n <= 9)))")];
    let fk = foreign_key("lines_order_id_fkey", "order_id", "orders", "id");
    assert_eq!(children_room(&p, &fk), Some(9));
    p.checks.clear();
    assert_eq!(children_room(&p, &fk), None, "an unbounded smallint does not limit in practice");
}

/// A table whose sample taught a copula, a conditional and every kind of rule, learned by
/// `dependence::learn` from rows made here.
pub(super) fn learned_orders() -> TableProfile {
    use crate::dependence::{learn, SampleColumn};
    let mut price = col("unit_price", TypeKind::Numeric, true);
    price.ty.precision = Some(8);
    price.ty.scale = Some(2);
    let mut total = col("total", TypeKind::Numeric, true);
    total.ty.precision = Some(12);
    total.ty.scale = Some(2);
    let mut p = table(
        "orders",
        vec![
            col("region", TypeKind::Text, true),
            col("qty", TypeKind::Integer, true),
            price,
            total,
            col("weight", TypeKind::Double, true),
            col("placed_at", TypeKind::Date, true),
            col("shipped_at", TypeKind::Date, false),
            col("delivered_at", TypeKind::Date, false),
        ],
    );
    let key = crate::rng::Key::from_seed(77);
    let mut sample: Vec<Vec<Option<String>>> = vec![vec![]; 8];
    for i in 0..2000u64 {
        let mut s = key.stream(i);
        let r = s.below(3);
        let qty = 1 + s.below(9);
        let price = (r as f64 + 1.0) * 100.0 + (s.unit() * 5000.0).round() / 100.0;
        let day = 19000 + s.below(1000) as i64;
        let shipped = (s.unit() > 0.2).then(|| day + s.below(10) as i64);
        let row = [
            Some(["north", "south", "east"][r as usize].to_string()),
            Some(qty.to_string()),
            Some(format!("{price:.2}")),
            Some(format!("{:.2}", qty as f64 * price)),
            Some(format!("{}", qty as f64 * 1.5 + s.unit())),
            Some(crate::datetime::format_date(day as i32)),
            shipped.map(|d| crate::datetime::format_date(d as i32)),
            shipped.map(|d| crate::datetime::format_date((d + 1 + s.below(5) as i64) as i32)),
        ];
        for (c, v) in row.into_iter().enumerate() {
            sample[c].push(v);
        }
    }
    let columns: Vec<SampleColumn> = p
        .columns
        .iter()
        .zip(sample)
        .map(|(c, values)| SampleColumn {
            name: c.name.clone(),
            kind: c.ty.kind,
            key: false,
            via: None,
            values,
            place: None,
        })
        .collect();
    for (c, s) in p.columns.iter_mut().zip(&columns) {
        c.categories = crate::dependence::categories(s);
    }
    p.dependence = Some(learn(&columns));
    p
}

#[test]
fn learned_rules_hold_in_every_generated_row() {
    let p = learned_orders();
    let rules = &p.dependence.as_ref().unwrap().rules;
    assert!(
        rules.contains(&Rule::Product { column: "total".into(), factors: vec!["qty".into(), "unit_price".into()] }),
        "{rules:?}"
    );
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 3000)).unwrap();
    let (mut shipped, mut by_region) = (0, std::collections::BTreeMap::<String, (f64, f64)>::new());
    for r in rows(&plan, 3000) {
        let (qty, price, total) = (r[1].axis().unwrap(), r[2].axis().unwrap(), r[3].axis().unwrap());
        assert!((total - qty * price).abs() < 0.006, "total {total} = {qty} x {price}: {r:?}");
        assert_eq!(r[6].is_null(), r[7].is_null(), "{r:?}");
        if let (Some(a), Some(b), Some(c)) = (r[5].axis(), r[6].axis(), r[7].axis()) {
            assert!(a <= b && b <= c, "{r:?}");
            shipped += 1;
        }
        let e = by_region.entry(format!("{:?}", r[0])).or_default();
        e.0 += price;
        e.1 += 1.0;
    }
    // Some rows ship and some do not (without statistics the NULL share is the default one).
    assert!(shipped > 1500 && shipped < 2950, "{shipped}");
    // The price follows the region: three means about 100 apart.
    let mut means: Vec<f64> = by_region.values().map(|(s, n)| s / n).collect();
    means.sort_by(f64::total_cmp);
    assert_eq!(means.len(), 3);
    assert!(means[1] - means[0] > 70.0 && means[2] - means[1] > 70.0, "{means:?}");
}

/// A learned `a <= b` between an integer and a double (studies ≤ data points) holds like one
/// between two columns of one type: both are numbers on the same axis.
#[test]
fn a_learned_ordering_between_an_integer_and_a_double_holds() {
    let mut studies = col("studies", TypeKind::Integer, false);
    studies.stats = stats(0.0, 5.0, 4, &[("1", 0.4), ("2", 0.3), ("3", 0.2), ("6", 0.1)], &[]);
    let mut points = col("points", TypeKind::Double, true);
    points.stats = stats(0.0, -0.5, 8, &[("0", 0.3)], &["0", "1", "2", "4", "8", "20"]);
    let mut p = table("nut_data", vec![studies, points]);
    p.dependence = Some(crate::profile::Dependence {
        sample_rows: 1000,
        rules: vec![Rule::LessOrEqual { left: "studies".into(), right: "points".into() }],
        ..Default::default()
    });
    let plan = TablePlan::build(&p, &opts(5), &ctx(&p, 2000)).unwrap();
    let generated = rows(&plan, 2000);
    for r in &generated {
        if let (Some(a), Some(b)) = (r[0].axis(), r[1].axis()) {
            assert!(a <= b, "{r:?}");
        }
    }
    assert!(generated.iter().filter(|r| r[0].axis().is_some()).count() > 1500);
}

#[test]
fn a_copula_is_followed_through_the_table_plan() {
    let p = learned_orders();
    let plan = TablePlan::build(&p, &opts(4), &ctx(&p, 3000)).unwrap();
    let pairs: Vec<(f64, f64)> =
        rows(&plan, 3000).iter().map(|r| (r[1].axis().unwrap(), r[4].axis().unwrap())).collect();
    let rho = crate::dependence::normal_score_correlation(&pairs);
    assert!(rho > 0.8, "qty and weight: {rho}");
}

fn with_scenario(seed: i64, scenario: Scenario) -> Options {
    Options { scenario, ..opts(seed) }
}

fn edge_mode() -> Scenario {
    Scenario { mode: scenario::Mode::Edge, ..Scenario::default() }
}

/// Every parsed CHECK of the profile holds on the row.
fn checks_hold(p: &TableProfile, row: &[Value]) -> bool {
    Constraints::collect(p).row_checks.iter().all(|c| constraints::holds(p, &c.clause, row) != Some(false))
}

/// A table with an enum, CHECKs, varchar(n), numeric(p,s), float8, date, a unique bounded integer
/// and a foreign key.
pub(super) fn gadgets() -> TableProfile {
    let mut kind = col("kind", TypeKind::Enum, true);
    kind.ty.enum_labels = Some(vec!["small".into(), "medium".into(), "large".into(), "huge".into()]);
    let mut name = col("name", TypeKind::Varchar, false);
    name.ty.max_length = Some(12);
    let mut price = col("price", TypeKind::Numeric, true);
    price.ty.precision = Some(7);
    price.ty.scale = Some(2);
    let mut p = table(
        "gadgets",
        vec![
            col("slot", TypeKind::Integer, true),
            kind,
            col("rating", TypeKind::Smallint, false),
            name,
            price,
            col("weight", TypeKind::Double, false),
            col("made_on", TypeKind::Date, true),
            col("sold_on", TypeKind::Date, false),
            col("owner_id", TypeKind::Bigint, false),
        ],
    );
    p.unique = vec![key("gadgets_slot_key", &["slot"])];
    p.checks = vec![
        check("gadgets_slot_check", "CHECK (((slot >= 1) AND (slot <= 500)))"),
        check("gadgets_rating_check", "CHECK (((rating >= 1) AND (rating <= 10)))"),
        check("gadgets_price_check", "CHECK ((price >= (0)::numeric))"),
        check("gadgets_check", "CHECK ((sold_on >= made_on))"),
    ];
    p.foreign_keys = vec![foreign_key("gadgets_owner_id_fkey", "owner_id", "owners", "id")];
    p
}

fn gadgets_ctx(p: &TableProfile, n: u64) -> Context {
    let mut c = ctx(p, n);
    c.parents[0] = Some(ParentKeys::Range { lo: 101, count: 20 });
    c
}

#[test]
fn edge_rows_reach_every_limit_and_keep_every_constraint() {
    let p = gadgets();
    let plan = TablePlan::build(&p, &with_scenario(7, edge_mode()), &gadgets_ctx(&p, 200)).unwrap();
    let rows = rows(&plan, 200);
    let column = |name: &str| -> Vec<String> {
        let i = p.column_index(name).unwrap();
        rows.iter().map(|r| r[i].to_text(p.columns[i].ty.kind)).collect()
    };
    for r in &rows {
        assert!(checks_hold(&p, r), "{r:?}");
    }
    // Row 0 holds the lowest values, row 1 the highest.
    let first = |name: &str, k: usize| column(name)[k].clone();
    assert_eq!([first("rating", 0), first("rating", 1)], ["1", "10"]);
    assert_eq!([first("price", 0), first("price", 1)], ["0.00", "99999.99"]);
    assert_eq!([first("made_on", 0), first("made_on", 1)], ["4714-11-24 BC", "5874897-12-31"]);
    assert_eq!([first("weight", 0), first("weight", 1)], ["-Infinity", "Infinity"]);
    assert_eq!([first("owner_id", 0), first("owner_id", 1), first("owner_id", 2)], ["101", "120", "NULL"]);
    // Every enum label, every CHECK bound, NULL where allowed, NaN.
    for label in ["small", "medium", "large", "huge"] {
        assert!(column("kind").contains(&label.to_string()), "{label}");
    }
    for v in ["1", "10", "NULL"] {
        assert!(column("rating").contains(&v.to_string()), "rating {v}");
    }
    assert!(column("weight").contains(&"NaN".to_string()));
    assert!(column("price").contains(&"NaN".to_string()));
    let names = column("name");
    assert!(
        names.contains(&String::new()) && names.contains(&"x".repeat(12)) && names.contains(&"Ωmega ünïcød".into())
    );
    // sold_on is compared with made_on: no infinities, and on the CHECK's boundary when pushed.
    let sold = column("sold_on");
    assert!(!sold.iter().any(|d| d.contains("infinity")), "{sold:?}");
    assert!(rows.iter().any(|r| r[7] == r[6]), "sold_on = made_on somewhere");
    // The unique bounded column takes its ends once each, and never repeats.
    let slots = column("slot");
    assert_eq!([slots[0].as_str(), slots[1].as_str()], ["1", "500"]);
    let distinct: HashSet<&String> = slots.iter().collect();
    assert_eq!(distinct.len(), 200);
    // Pure function of the row index: any order, same rows.
    let mut again = vec![];
    plan.row(137, &mut again, &mut |_| Ok(None)).unwrap();
    assert_eq!(again, rows[137]);
}

#[test]
fn edge_unique_lattices_cover_their_whole_range() {
    let mut p = table("lines", vec![col("n", TypeKind::Integer, true)]);
    p.primary_key = Some(key("lines_pkey", &["n"]));
    p.checks = vec![check("lines_n_check", "CHECK (((n >= 1) AND (n <= 10)))")];
    let plan = TablePlan::build(&p, &with_scenario(3, edge_mode()), &ctx(&p, 10)).unwrap();
    let got: Vec<Value> = rows(&plan, 10).into_iter().map(|r| r[0].clone()).collect();
    assert_eq!(got[..2], [Value::Int(1), Value::Int(10)]);
    let mut sorted: Vec<i64> = got.iter().map(|v| if let Value::Int(x) = v { *x } else { panic!() }).collect();
    sorted.sort_unstable();
    assert_eq!(sorted, (1..=10).collect::<Vec<_>>());
}

#[test]
fn edge_partitions_are_taken_in_turn_at_their_bounds() {
    let mut p = table("events", vec![col("at", TypeKind::Date, true)]);
    let part = |lo: &str, hi: &str| PartitionBound {
        name: format!("p{lo}"),
        bound: String::new(),
        constraint: Some(format!("((at IS NOT NULL) AND (at >= '{lo}'::date) AND (at < '{hi}'::date))")),
    };
    p.partitioning = Some(Partitioning {
        strategy: "range".into(),
        key: vec!["at".into()],
        partitions: vec![part("2024-01-01", "2024-02-01"), part("2024-06-01", "2024-07-01")],
    });
    let plan = TablePlan::build(&p, &with_scenario(4, edge_mode()), &ctx(&p, 8)).unwrap();
    let got: Vec<String> = rows(&plan, 8).iter().map(|r| r[0].to_text(TypeKind::Date)).collect();
    for d in ["2024-01-01", "2024-01-31", "2024-06-01", "2024-06-30"] {
        assert!(got.contains(&d.to_string()), "{d}: {got:?}");
    }
}

#[test]
fn anomalies_change_only_the_anomalous_rows() {
    let mut p = orders();
    p.columns.push(col("is_anomaly", TypeKind::Boolean, false));
    let typical = TablePlan::build(&p, &opts(5), &orders_ctx(&p, 1000)).unwrap();
    let sc = Scenario { anomalies: 0.1, anomaly_column: Some("is_anomaly".into()), ..Scenario::default() };
    let plan = TablePlan::build(&p, &with_scenario(5, sc), &orders_ctx(&p, 1000)).unwrap();
    let (before, after) = (rows(&typical, 1000), rows(&plan, 1000));
    let flag = p.column_index("is_anomaly").unwrap();
    let total = p.column_index("total").unwrap();
    let flagged: Vec<usize> = (0..1000).filter(|i| after[*i][flag] == Value::Bool(true)).collect();
    assert!((95..=105).contains(&flagged.len()), "{}", flagged.len());
    assert!(after.iter().all(|r| matches!(r[flag], Value::Bool(_))), "the flag is never NULL");
    // The usual range of `total` (no statistics): the suggested distribution's 0.1%–99.9%.
    let usual = match &typical.columns[total].source {
        Source::Scalar(d) => anomaly::usual_range(&typical.columns[total], d).unwrap(),
        s => panic!("{s:?}"),
    };
    for i in 0..1000 {
        assert!(checks_hold(&p, &after[i]));
        if flagged.contains(&i) {
            let x = after[i][total].axis().unwrap();
            assert!(x > usual.hi || x < usual.lo, "row {i}: {x} inside {usual:?}");
            assert_eq!(after[i][1], before[i][1], "foreign keys stay typical");
        } else {
            assert_eq!(after[i][..flag], before[i][..flag], "row {i}");
        }
    }
}

#[test]
fn anomaly_columns_must_be_boolean_columns_outside_keys() {
    let mut p = orders();
    p.columns.push(col("flag", TypeKind::Boolean, false));
    let with = |name: &str| Scenario { anomaly_column: Some(name.into()), ..Scenario::default() };
    assert_eq!(with("flag").flag_column(&p).unwrap(), Some(6));
    let missing = with("nope").flag_column(&p).unwrap_err();
    assert_eq!(missing.code, Code::UndefinedColumn);
    assert!(missing.hint.unwrap().contains("public.orders has: flag"));
    let wrong = with("total").flag_column(&p).unwrap_err();
    assert_eq!(
        (wrong.code, wrong.message.as_str()),
        (Code::InvalidParameterValue, "anomaly_column \"total\" of public.orders is of type numeric, not boolean")
    );
    p.unique = vec![key("orders_flag_key", &["customer_id", "flag"])];
    assert!(with("flag").flag_column(&p).unwrap_err().message.contains("unique constraint \"orders_flag_key\""));
    // A column with a DEFAULT is generated all the same.
    let mut q = orders();
    let mut d = col("flag", TypeKind::Boolean, true);
    d.default = Some("false".into());
    q.columns.push(d);
    let plan =
        TablePlan::build(&q, &with_scenario(1, Scenario { anomalies: 0.5, ..with("flag") }), &orders_ctx(&q, 100))
            .unwrap();
    assert!(plan.columns[6].is_generated());
    let flags = rows(&plan, 100).iter().filter(|r| r[6] == Value::Bool(true)).count();
    assert!((45..=55).contains(&flags), "{flags}");
}

#[test]
fn a_column_drawn_given_a_category_is_stratified_within_each_group() {
    // Three regions, two cities each, half and half: 300 rows give 50 of each pair, not a
    // binomial draw around 50.
    use crate::dependence::{learn, SampleColumn};
    let mut p = table("places", vec![col("region", TypeKind::Text, true), col("city", TypeKind::Text, true)]);
    let (mut region, mut city) = (vec![], vec![]);
    for i in 0..600 {
        region.push(Some(format!("r{}", i % 3)));
        city.push(Some(format!("c{}-{}", i % 3, (i / 3) % 2)));
    }
    let columns = vec![
        SampleColumn {
            name: "region".into(),
            kind: TypeKind::Text,
            key: false,
            via: None,
            values: region,
            place: None,
        },
        SampleColumn { name: "city".into(), kind: TypeKind::Text, key: false, via: None, values: city, place: None },
    ];
    for (c, s) in p.columns.iter_mut().zip(&columns) {
        c.categories = crate::dependence::categories(s);
    }
    p.dependence = Some(learn(&columns));
    assert_eq!(p.dependence.as_ref().unwrap().nodes.len(), 1, "{:?}", p.dependence);
    for seed in 0..5 {
        let plan = TablePlan::build(&p, &opts(seed), &ctx(&p, 300)).unwrap();
        let mut counts = std::collections::BTreeMap::<String, i64>::new();
        for r in rows(&plan, 300) {
            let (Value::Text(a), Value::Text(b)) = (&r[0], &r[1]) else { panic!("{r:?}") };
            assert_eq!(&b[1..2], &a[1..2], "a city of another region: {r:?}");
            *counts.entry(b.clone()).or_default() += 1;
        }
        assert_eq!(counts.len(), 6);
        assert!(counts.values().all(|n| (n - 50).abs() <= 1), "seed {seed}: {counts:?}");
    }
}

#[test]
fn a_city_seen_once_stays_in_its_country() {
    // Five countries of six customers each, every customer in a city of their own: too many
    // cities to be a category, yet a generated city must lie in the row's country.
    use crate::dependence::{learn, Place, SampleColumn};
    let mut p = table("customer", vec![col("country", TypeKind::Text, true), col("city", TypeKind::Text, true)]);
    let (mut country, mut city) = (vec![], vec![]);
    for i in 0..30 {
        country.push(Some(format!("country{}", i % 5)));
        city.push(Some(format!("city{}-of-{}", i, i % 5)));
    }
    let sample = |place: bool| {
        vec![
            SampleColumn {
                name: "country".into(),
                kind: TypeKind::Text,
                key: false,
                via: None,
                values: country.clone(),
                place: place.then_some(Place::Country),
            },
            SampleColumn {
                name: "city".into(),
                kind: TypeKind::Text,
                key: false,
                via: None,
                values: city.clone(),
                place: place.then_some(Place::City),
            },
        ]
    };
    assert!(learn(&sample(false)).nodes.is_empty(), "thirty cities in thirty rows are no category");
    let columns = sample(true);
    for (c, s) in p.columns.iter_mut().zip(&columns) {
        c.categories = crate::dependence::categories(s);
    }
    p.dependence = Some(learn(&columns));
    let nodes = &p.dependence.as_ref().unwrap().nodes;
    assert_eq!(nodes.len(), 1, "{nodes:?}");
    assert_eq!((nodes[0].column.as_str(), nodes[0].parent.as_str()), ("city", "country"));
    let plan = TablePlan::build(&p, &opts(1), &ctx(&p, 300)).unwrap();
    let mut cities = std::collections::BTreeSet::new();
    for r in rows(&plan, 300) {
        let (Value::Text(a), Value::Text(b)) = (&r[0], &r[1]) else { panic!("{r:?}") };
        assert!(b.ends_with(&format!("-of-{}", &a["country".len()..])), "a city of another country: {r:?}");
        cities.insert(b.clone());
    }
    assert!(cities.len() >= 25, "the cities vary: {}", cities.len());
}

#[test]
fn the_persona_moves_to_the_row_s_country() {
    // The country comes from the column's own categories (a replayed MCV list, say); the city,
    // postcode and phone come from the persona, which must then live in that country.
    let mut country = col("country", TypeKind::Text, true);
    country.categories = Some(crate::profile::Categories {
        null_share: 0.0,
        values: vec![("France".into(), 0.4), ("Argentina".into(), 0.3), ("Deutschland".into(), 0.3)],
    });
    let p = table(
        "customer",
        // City and phone come before the country in the table: they are generated after it.
        vec![col("city", TypeKind::Text, true), col("phone", TypeKind::Text, true), country],
    );
    let plan = TablePlan::build(&p, &opts(5), &ctx(&p, 600)).unwrap();
    let mut seen = HashSet::new();
    for r in rows(&plan, 600) {
        let (Value::Text(city), Value::Text(phone), Value::Text(name)) = (&r[0], &r[1], &r[2]) else { panic!("{r:?}") };
        let there = crate::semantic::country_named(name).unwrap();
        let cities: Vec<&str> = crate::semantic::dict::home_of(there.iso2, Locale::En)
            .map(|(_, h)| h.cities.iter().map(|c| c.name).collect())
            .unwrap_or_default();
        assert!(city == there.capital || cities.contains(&city.as_str()), "{city} is not in {name}: {r:?}");
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if phone.starts_with('+') {
            assert!(digits.starts_with(there.calling), "{phone} is not a phone of {name}");
        }
        seen.insert(there.iso2);
    }
    assert_eq!(seen.len(), 3);
}

#[test]
fn a_country_column_spells_the_persona_s_country_as_its_own_values_do() {
    // The common values say "USA" (chinook); the other rows' countries come from the persona,
    // which must not write "United States" beside them. The region column holds codes ("CA",
    // "WA"): generated regions are codes too where the country has them, not "CALIFORNIA".
    let mut country = col("country", TypeKind::Text, false);
    country.stats = stats(0.0, 24.0, 7, &[("USA", 0.2), ("Canada", 0.1)], &[]);
    let mut state = col("state", TypeKind::Text, false);
    state.stats = stats(0.0, -0.5, 3, &[], &["AB", "CA", "DF", "NSW", "RJ", "WA"]);
    let p = table("customer", vec![country, state]);
    let plan = TablePlan::build(&p, &opts(4), &ctx(&p, 3000)).unwrap();
    assert_eq!(plan.columns[0].persona_kind(), Some(TextKind::Country), "{:?}", plan.columns[0].source);
    let (mut usa, mut coded) = (0, 0);
    for r in rows(&plan, 3000) {
        let (Value::Text(c), Value::Text(st)) = (&r[0], &r[1]) else { panic!("{r:?}") };
        assert_ne!(c, "United States", "{r:?}");
        usa += usize::from(c == "USA");
        // Regions of the countries whose dictionaries have codes (the rest keep their names).
        if ["USA", "Canada", "Australia"].contains(&c.as_str()) {
            assert!(st.chars().count() <= 3 && st.chars().all(|x| x.is_ascii_uppercase()), "{r:?}");
            coded += 1;
        }
    }
    assert!(usa > 600, "USA: the common share (600) and persona rows that live there: {usa}");
    assert!(coded > 900, "{coded}");
}

#[test]
fn places_and_names_keep_every_word_when_the_column_has_a_style() {
    // A profile that left a country column's values out keeps their look: one word, title
    // case. Multi-word countries must come out whole ("United Kingdom", not "United").
    let mut country = col("country", TypeKind::Text, true);
    country.content = Some(Content {
        kind: Some("country".into()),
        pattern: None,
        style: Some(crate::generate::text::TextStyle {
            case: Some(crate::generate::text::Case::Upper),
            words: Some((1, 1)),
            codes: false,
        }),
        avoid: None,
    });
    let p = table("customer", vec![country]);
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 2000)).unwrap();
    let all = crate::semantic::COUNTRIES.iter().map(|c| c.name_en.to_uppercase()).collect::<HashSet<_>>();
    let mut multi = 0;
    for r in rows(&plan, 2000) {
        let Value::Text(t) = &r[0] else { panic!("{r:?}") };
        assert!(all.contains(t), "{t:?} is not a country");
        multi += usize::from(t.contains(' '));
    }
    assert!(multi > 0, "no country of several words in 2000 rows");
}

#[test]
fn sensitive_name_columns_never_emit_a_value_of_their_filter() {
    // The worst case: the source holds every name of the census lists English names come from.
    // Generated names avoid them all, stay varied, and the e-mail still follows the row's name.
    use crate::privacy::exclusion::Exclusion;
    use crate::semantic::{census, Gender};
    let given = |g| census::given(Locale::En, g).unwrap().names();
    let firsts: Vec<&str> = given(Gender::Female).iter().chain(given(Gender::Male)).copied().collect();
    let lasts = census::family(Locale::En).unwrap().names();
    let filter = |names: &[&str]| {
        let mut e = Exclusion::new(b"k", names.len() as u64);
        names.iter().for_each(|n| e.insert(&n.to_uppercase()));
        e.make_deniable(9);
        e
    };
    let named = |name: &str, kind: &str, avoid: Option<Exclusion>| {
        let mut c = col(name, TypeKind::Text, true);
        c.content = Some(Content { kind: Some(kind.into()), pattern: None, style: None, avoid });
        c
    };
    let p = table(
        "customer",
        vec![
            named("first_name", "first_name", Some(filter(&firsts))),
            named("last_name", "last_name", Some(filter(lasts))),
            named("email", "email", None),
        ],
    );
    let plan = TablePlan::build(&p, &opts(7), &ctx(&p, 2000)).unwrap();
    let generated = rows(&plan, 2000);
    let lower = |names: &[&str]| names.iter().map(|n| n.to_lowercase()).collect::<HashSet<_>>();
    let (real_firsts, real_lasts) = (lower(&firsts), lower(lasts));
    let (mut distinct, mut coherent) = (HashSet::new(), 0);
    for r in &generated {
        let [Value::Text(f), Value::Text(l), Value::Text(e)] = &r[..] else { panic!("{r:?}") };
        assert!(!real_firsts.contains(&f.to_lowercase()) && !real_lasts.contains(&l.to_lowercase()), "{r:?}");
        assert!(f.chars().all(char::is_alphabetic) && f.chars().count() >= 3, "{f:?}");
        distinct.insert(f.clone());
        coherent += usize::from(e.to_lowercase().contains(&l.to_lowercase().replace(['\'', ' ', '-'], "")));
    }
    assert!(distinct.len() > 300, "{} distinct first names", distinct.len());
    assert!(coherent > 1000, "{coherent} of 2000 e-mails follow the name");
    assert_eq!(rows(&TablePlan::build(&p, &opts(7), &ctx(&p, 2000)).unwrap(), 2000), generated, "same seed, same rows");
}

#[test]
fn a_moved_persona_is_drawn_again_when_its_postcode_is_a_real_one() {
    // Every employee is in Canada (the country replayed from statistics); a deniable filter of
    // their postcodes flags about half of all codes. The persona moved to Canada must be drawn
    // anew with the rest of the persona on each attempt, or a flagged row never gets out.
    use crate::privacy::exclusion::Exclusion;
    let mut real = Exclusion::new(b"k", 8);
    ["T2P 2T3", "T3B 1Y7", "T5K 2N1", "T1H 1Y8", "T1K 5N8", "T2P 5M5", "T2P 5G3", "T2P 3R7"]
        .iter()
        .for_each(|c| real.insert(c));
    real.make_deniable(3);
    let mut postcode = col("postal_code", TypeKind::Text, true);
    postcode.content = Some(Content { kind: Some("postcode".into()), pattern: None, style: None, avoid: Some(real) });
    let mut country = col("country", TypeKind::Text, true);
    country.categories = Some(crate::profile::Categories { null_share: 0.0, values: vec![("Canada".into(), 1.0)] });
    let p = table("employee", vec![postcode, country]);
    let plan = TablePlan::build(&p, &opts(2), &ctx(&p, 200)).unwrap();
    let filter = plan.columns[0].avoid.clone().unwrap();
    for r in rows(&plan, 200) {
        let Value::Text(code) = &r[0] else { panic!("{r:?}") };
        assert!(!filter.contains(code), "{code} is flagged");
        assert!(code.len() == 7 && code.as_bytes()[3] == b' ', "{code} is not a Canadian postcode");
    }
}

#[test]
fn sensitive_postcodes_avoid_the_real_ones_and_an_exhausted_filter_is_named() {
    use crate::privacy::exclusion::Exclusion;
    // Every German postcode from 10000 to 39999 is a real one: generated ones must be others.
    let mut real = Exclusion::new(b"k", 30_000);
    (10_000..40_000).for_each(|n| real.insert(&n.to_string()));
    let postcode = |avoid: Exclusion| {
        let mut c = col("postcode", TypeKind::Text, true);
        c.content = Some(Content { kind: Some("postcode".into()), pattern: None, style: None, avoid: Some(avoid) });
        table("address", vec![c])
    };
    let p = postcode(real);
    let de = Options { locale: Locale::De, ..opts(5) };
    let plan = TablePlan::build(&p, &de, &ctx(&p, 3000)).unwrap();
    let codes: Vec<String> = rows(&plan, 3000)
        .into_iter()
        .map(|r| match &r[0] {
            Value::Text(t) => t.clone(),
            v => panic!("{v:?}"),
        })
        .collect();
    let german = codes
        .iter()
        .filter(|t| t.len() == 5 && t.bytes().all(|b| b.is_ascii_digit()))
        .map(|t| t.parse::<u32>().unwrap())
        .collect::<Vec<_>>();
    assert!(german.len() > 1000, "{} numeric postcodes", german.len());
    assert!(german.iter().all(|c| !(10_000..40_000).contains(c)), "a real postcode was generated");
    assert!(codes.iter().collect::<HashSet<_>>().len() > 500);
    // A filter that flags everything: no row can be made, and the error says which column.
    let mut all = Exclusion::new(b"k", 1);
    (0..5000).for_each(|i| all.insert(&format!("x{i}")));
    let p = postcode(all);
    let plan = TablePlan::build(&p, &de, &ctx(&p, 1)).unwrap();
    let e = plan.row(0, &mut vec![], &mut |_| Ok(None)).unwrap_err();
    assert!(e.message.contains("sensitive column \"postcode\""), "{}", e.message);
}

#[test]
fn rows_of_people_avoid_the_source_rows_signatures_and_redraw_whole() {
    // The source's rows without a company are all in tiers T0–T4: a generated row without a
    // company in one of those tiers repeats a real row's signature and is drawn again, whole.
    use crate::privacy::novelty::{Part, RowFilter, SignatureColumn};
    let mut first = col("first_name", TypeKind::Text, true);
    first.sensitive = Some("first_name".into());
    first.content = Some(Content { kind: Some("first_name".into()), pattern: None, style: None, avoid: None });
    let mut company = col("company", TypeKind::Text, false);
    company.categories =
        Some(Categories { null_share: 0.8, values: vec![("Acme".into(), 0.1), ("Globex".into(), 0.1)] });
    let mut tier = col("tier", TypeKind::Text, true);
    tier.categories = Some(Categories { null_share: 0.0, values: (0..10).map(|t| (format!("T{t}"), 0.1)).collect() });
    let mut p = table("customer", vec![first, company, tier]);
    let plain = rows(&TablePlan::build(&p, &opts(3), &ctx(&p, 2000)).unwrap(), 2000);
    let parts = [("first_name", Part::Null), ("company", Part::Null), ("tier", Part::Value)];
    let columns = parts.iter().map(|(c, part)| SignatureColumn { column: c.to_string(), part: *part }).collect();
    let mut filter = RowFilter::new("public.customer", columns, 5);
    (0..5).for_each(|t| filter.insert(&[Some(""), None, Some(&format!("T{t}"))]));
    p.new_rows = Some(filter);
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 2000)).unwrap();
    let new = rows(&plan, 2000);
    let repeats = |rows: &[Vec<Value>]| {
        rows.iter().filter(|r| r[1].is_null() && matches!(&r[2], Value::Text(t) if t.as_str() < "T5")).count()
    };
    assert!(repeats(&plain) > 600, "{} repeats without the filter", repeats(&plain));
    assert_eq!(repeats(&new), 0);
    // What the filter allows still comes: rows without a company in other tiers, rows with
    // one in any tier, and the rows that needed no redraw are the plain ones.
    let count = |f: &dyn Fn(&Vec<Value>) -> bool| new.iter().filter(|r| f(r)).count();
    assert!(count(&|r| r[1].is_null()) > 900, "{}", count(&|r| r[1].is_null()));
    assert!(count(&|r| !r[1].is_null() && matches!(&r[2], Value::Text(t) if t == "T0")) > 20);
    let same = plain.iter().zip(&new).filter(|(a, b)| a == b).count();
    assert!(same > 800, "{same} rows kept as first drawn");
    assert_eq!(rows(&plan, 2000), new, "same seed, same rows");
    // With anomalies asked for, the typical rows still avoid the signatures; anomalies do not.
    let with_anomalies = Options { scenario: Scenario::new(Some("typical"), Some(0.2), None).unwrap(), ..opts(3) };
    let plan = TablePlan::build(&p, &with_anomalies, &ctx(&p, 2000)).unwrap();
    let all = rows(&plan, 2000);
    let typical: Vec<Vec<Value>> =
        all.iter().enumerate().filter(|(i, _)| !plan.scenario.anomalous(*i as u64)).map(|(_, r)| r.clone()).collect();
    assert!(typical.len() > 1000 && typical.len() < 2000, "{} typical rows", typical.len());
    assert_eq!(repeats(&typical), 0);
}

#[test]
fn moments_named_first_and_then_come_in_that_order_without_statistics() {
    let p = table(
        "sessions",
        vec![
            col("updated_at", TypeKind::Timestamptz, true),
            col("created_at", TypeKind::Timestamptz, true),
            col("valid_until", TypeKind::Date, false),
            col("valid_from", TypeKind::Date, true),
        ],
    );
    let plan = TablePlan::build(&p, &opts(4), &ctx(&p, 2000)).unwrap();
    for r in rows(&plan, 2000) {
        assert!(r[0].axis() >= r[1].axis(), "{r:?}");
        if !r[2].is_null() {
            assert!(r[2].axis() >= r[3].axis(), "{r:?}");
        }
    }
}

#[test]
fn unique_byte_strings_keep_their_declared_length() {
    let mut hash = col("id", TypeKind::Bytea, true);
    hash.ty.domain = Some(DomainInfo {
        name: "bytea20".into(),
        not_null: false,
        checks: vec![check("bytea20_check", "CHECK (((VALUE IS NULL) OR (length(VALUE) = 20)))")],
    });
    let mut p = table("zone", vec![hash]);
    p.primary_key = Some(key("zone_pkey", &["id"]));
    let plan = TablePlan::build(&p, &opts(5), &ctx(&p, 3000)).unwrap();
    let rs = rows(&plan, 3000);
    let distinct: HashSet<String> = rs.iter().map(|r| r[0].to_text(TypeKind::Bytea)).collect();
    assert_eq!(distinct.len(), 3000);
    assert!(rs.iter().all(|r| matches!(&r[0], Value::Bytes(b) if b.len() == 20)));
}

#[test]
fn regular_expression_checks_are_met_by_construction() {
    let mut user = col("username", TypeKind::Citext, true);
    // Recognised by its name, as the catalog does: a user-name generator whose values
    // (`sophie.walker`) the pattern refuses.
    user.content = Some(crate::profile::Content { kind: Some("username".into()), ..Default::default() });
    let mut p = table("users", vec![user, col("avatar_url", TypeKind::Text, false)]);
    p.unique = vec![key("users_username_key", &["username"])];
    p.checks = vec![
        check(
            "users_username_check",
            "CHECK (((length((username)::text) >= 2) AND (length((username)::text) <= 24) AND (username OPERATOR(public.~) '^[a-zA-Z]([_]?[a-zA-Z0-9])+$'::public.citext)))",
        ),
        check("users_avatar_url_check", "CHECK ((avatar_url ~ '^https?://[^/]+'::text))"),
    ];
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 2000)).unwrap();
    // Every row is met without the database: no check is left to it.
    assert!(plan.opaque.is_empty());
    let user = regex::Regex::new("^[a-zA-Z]([_]?[a-zA-Z0-9])+$").unwrap();
    let rs = rows(&plan, 2000);
    for r in &rs {
        let Value::Text(u) = &r[0] else { panic!("{r:?}") };
        assert!(user.is_match(u) && (2..=24).contains(&u.chars().count()), "{u}");
        if let Value::Text(a) = &r[1] {
            assert!(a.starts_with("http://") || a.starts_with("https://"), "{a}");
        }
    }
    let distinct: HashSet<String> = rs.iter().map(|r| r[0].to_text(TypeKind::Citext).to_lowercase()).collect();
    assert_eq!(distinct.len(), 2000);
}

#[test]
fn counts_of_nulls_and_remainders_are_met_by_construction() {
    let mut p = table(
        "invitations",
        vec![
            col("user_id", TypeKind::Integer, false),
            col("email", TypeKind::Text, false),
            col("code", TypeKind::Text, false),
            col("phone", TypeKind::Text, false),
            col("fax", TypeKind::Text, false),
            col("account_id", TypeKind::Bigint, true),
        ],
    );
    p.checks = vec![
        check("one_invitee", "CHECK (((user_id IS NULL) <> (email IS NULL)))"),
        check("code_with_email", "CHECK (((code IS NULL) = (email IS NULL)))"),
        check("reachable", "CHECK ((num_nonnulls(phone, fax) >= 1))"),
        check("account", "CHECK (((account_id % 100) = 7))"),
    ];
    let plan = TablePlan::build(&p, &opts(6), &ctx(&p, 3000)).unwrap();
    assert!(plan.opaque.is_empty());
    let rs = rows(&plan, 3000);
    let mut by_user = 0;
    for r in &rs {
        assert_ne!(r[0].is_null(), r[1].is_null(), "{r:?}");
        assert_eq!(r[2].is_null(), r[1].is_null(), "{r:?}");
        assert!(!(r[3].is_null() && r[4].is_null()), "{r:?}");
        assert!(matches!(r[5], Value::Int(a) if a % 100 == 7), "{r:?}");
        by_user += usize::from(!r[0].is_null());
    }
    // Both ways of inviting occur.
    assert!((500..2500).contains(&by_user), "{by_user}");
}

#[test]
fn foreign_keys_point_only_at_parents_their_checks_admit() {
    let mut p = orders();
    p.checks.push(check(
        "orders_customer_check",
        "CHECK ((customer_id = ANY (ARRAY[(7)::bigint, (9)::bigint, (500)::bigint])))",
    ));
    let plan = TablePlan::build(&p, &opts(2), &orders_ctx(&p, 300)).unwrap();
    let customers: HashSet<String> = rows(&plan, 300).iter().map(|r| r[1].to_text(TypeKind::Bigint)).collect();
    assert_eq!(customers, HashSet::from(["7".to_string(), "9".to_string()]));
    // Bounds keep a range a range.
    let mut p = orders();
    p.checks.push(check("orders_customer_check", "CHECK ((customer_id >= 95))"));
    let plan = TablePlan::build(&p, &opts(2), &orders_ctx(&p, 300)).unwrap();
    assert!(rows(&plan, 300).iter().all(|r| matches!(r[1], Value::Int(c) if (95..=100).contains(&c))));
    // No parent admitted: an error that says so.
    let mut p = orders();
    p.checks.push(check("orders_customer_check", "CHECK ((customer_id > 1000))"));
    let err = TablePlan::build(&p, &opts(2), &orders_ctx(&p, 10)).unwrap_err();
    assert!(err.message.contains("none of the 100 rows of public.customers"), "{}", err.message);
}

#[test]
fn a_not_null_self_reference_points_at_its_own_row_until_linked() {
    let mut p =
        table("link_attribute_type", vec![col("id", TypeKind::Integer, true), col("root", TypeKind::Integer, true)]);
    p.primary_key = Some(key("pkey", &["id"]));
    p.foreign_keys = vec![foreign_key("root_fk", "root", "link_attribute_type", "id")];
    let mut c = ctx(&p, 50);
    c.linked[0] = true;
    let plan = TablePlan::build(&p, &opts(4), &c).unwrap();
    let rs = rows(&plan, 50);
    assert!(rs.iter().all(|r| r[1] == r[0] && !r[0].is_null()), "{:?}", &rs[..3]);
}

#[test]
fn a_key_no_row_can_hold_is_skipped() {
    // `id <> 1 OR (kind = 3 AND a IS NULL AND …)`: only a special row may be number 1. A row
    // that keeps failing takes a key the call's other rows do not use.
    let mut p = table(
        "artist",
        vec![
            col("id", TypeKind::Integer, true),
            col("kind", TypeKind::Integer, false),
            col("a", TypeKind::Text, false),
            col("b", TypeKind::Text, false),
            col("c", TypeKind::Text, false),
        ],
    );
    p.primary_key = Some(key("artist_pkey", &["id"]));
    p.checks = vec![check(
        "artist_va_check",
        "CHECK (((id <> 1) OR ((kind = 3) AND (a IS NULL) AND (b IS NULL) AND (c IS NULL))))",
    )];
    let plan = TablePlan::build(&p, &opts(1), &ctx(&p, 200)).unwrap();
    assert_eq!(plan.opaque.len(), 1, "judged by the database");
    let special = |r: &[Value]| r[1] == Value::Int(3) && r[2].is_null() && r[3].is_null() && r[4].is_null();
    let mut ids = HashSet::new();
    for i in 0..200 {
        let mut out = vec![];
        plan.row(i, &mut out, &mut |r| Ok((r[0] == Value::Int(1) && !special(r)).then_some(0))).unwrap();
        assert!(out[0] != Value::Int(1) || special(&out), "{out:?}");
        ids.insert(out[0].to_text(TypeKind::Integer));
    }
    assert_eq!(ids.len(), 200);
    assert!(!ids.contains("1"), "the first row moved to a free key");
}

#[test]
fn short_unique_text_never_repeats_past_its_room() {
    // char(2): 36 × 36 codes. Asking for more is an error, not repeated keys.
    let mut code = col("code", TypeKind::Char, true);
    code.ty.max_length = Some(2);
    let mut p = table("iso_3166_1", vec![code]);
    p.primary_key = Some(key("iso_3166_1_pkey", &["code"]));
    let plan = TablePlan::build(&p, &opts(1), &ctx(&p, 1296)).unwrap();
    let distinct: HashSet<String> = rows(&plan, 1296).iter().map(|r| r[0].to_text(TypeKind::Char)).collect();
    assert_eq!(distinct.len(), 1296);
    let err = TablePlan::build(&p, &opts(1), &ctx(&p, 1300)).unwrap_err();
    assert_eq!(err.code, Code::UniqueViolation, "{err:?}");
    // Part of a composite key, numbered within the key's other column (a country's codes).
    let mut code = col("code", TypeKind::Char, true);
    code.ty.max_length = Some(2);
    let mut p = table("iso_3166_1", vec![col("area", TypeKind::Integer, true), code]);
    p.primary_key = Some(key("iso_3166_1_pkey", &["code"]));
    p.unique = vec![key("area_code", &["area", "code"])];
    let mut opts = opts(1);
    opts.fit_to_keys = true;
    let plan = TablePlan::build(&p, &opts, &ctx(&p, 1800)).unwrap();
    assert_eq!(plan.row_limit, Some(1296));
    let distinct: HashSet<String> = rows(&plan, 1296).iter().map(|r| r[1].to_text(TypeKind::Char)).collect();
    assert_eq!(distinct.len(), 1296);
}

#[test]
fn a_key_of_two_parents_ordered_by_a_check_takes_pairs_that_hold() {
    // tag_relation (tag1, tag2) PRIMARY KEY, both referencing tag, CHECK (tag1 < tag2): half the
    // pairs of the key's product break the CHECK, and redrawing a key's columns changes nothing.
    let mut p = table("tag_relation", vec![col("tag1", TypeKind::Integer, true), col("tag2", TypeKind::Integer, true)]);
    p.primary_key = Some(key("tag_relation_pkey", &["tag1", "tag2"]));
    p.checks = vec![check("tag_relation_check", "CHECK ((tag1 < tag2))")];
    let fk = |name: &str, column: &str| foreign_key(name, column, "tag", "id");
    p.foreign_keys = vec![fk("fk_tag1", "tag1"), fk("fk_tag2", "tag2")];
    let mut c = ctx(&p, 600);
    c.parents = vec![Some(ParentKeys::Range { lo: 1, count: 200 }), Some(ParentKeys::Range { lo: 1, count: 200 })];
    let plan = TablePlan::build(&p, &opts(2), &c).unwrap();
    let rs = rows(&plan, 600);
    let pairs: HashSet<(i64, i64)> = rs
        .iter()
        .map(|r| match (&r[0], &r[1]) {
            (Value::Int(a), Value::Int(b)) => (*a, *b),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(pairs.len(), 600);
    assert!(pairs.iter().all(|(a, b)| a < b));
}

#[test]
fn explain_names_each_columns_source() {
    let p = orders();
    let plan = TablePlan::build(&p, &opts(1), &orders_ctx(&p, 10)).unwrap();
    let e = plan.explain();
    let by = |c: &str| e.iter().find(|x| x.column == c).unwrap().clone();
    assert_eq!(e.len(), p.columns.len());
    assert_eq!(by("order_id").source, "postgres");
    assert!(by("order_id").detail.contains("identity"), "{:?}", by("order_id"));
    assert_eq!(by("customer_id").source, "parent key");
    assert!(by("customer_id").detail.contains("public.customers(customer_id) (100 keys)"), "{:?}", by("customer_id"));
    assert_eq!(by("status").source, "type");
    assert!(by("status").detail.starts_with("one of 3 values"), "{:?}", by("status"));
    // The CHECKs show: total is at least 0, shipped_at at least placed_at.
    assert!(by("total").detail.contains("within [0.00, 9999999999.99]"), "{:?}", by("total"));
    assert!(by("shipped_at").detail.contains("at least placed_at"), "{:?}", by("shipped_at"));
    assert!(by("shipped_at").detail.contains("NULL in"), "{:?}", by("shipped_at"));
}

#[test]
fn explain_tells_sample_rules_and_statistics_apart() {
    let p = learned_orders();
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 100)).unwrap();
    let e = plan.explain();
    let by = |c: &str| e.iter().find(|x| x.column == c).unwrap().clone();
    assert_eq!(by("total").source, "sample rule");
    assert!(by("total").detail.starts_with("qty × unit_price in every row, as in every sampled row; never NULL"));
    assert_eq!(by("region").source, "statistics", "{:?}", by("region"));
    let mut with_stats = orders();
    with_stats.columns[5].stats = stats(0.0, -1.0, 8, &[("10.00", 0.2)], &["1", "5", "50", "500"]);
    let plan = TablePlan::build(&with_stats, &opts(1), &orders_ctx(&with_stats, 10)).unwrap();
    let total = plan.explain().into_iter().find(|x| x.column == "total").unwrap();
    assert_eq!(total.source, "statistics");
    assert!(total.detail.contains("pg_stats"), "{total:?}");
}

/// A fill of a Citus distributed table sends its context to the workers as JSON: every kind of
/// parent key, existing key and parent column survives the trip (NaN for NULL included), and a
/// plan built from the copy generates, at any row number, the row the original generates there.
#[test]
fn contexts_survive_json_and_generate_the_same_rows_at_any_row_number() {
    let mut p =
        table("order_items", vec![col("order_id", TypeKind::Bigint, true), col("quantity", TypeKind::Integer, true)]);
    p.foreign_keys = vec![foreign_key("fk", "order_id", "orders", "order_id")];
    let mut c = ctx(&p, 60);
    c.parents[0] = Some(ParentKeys::Ints(vec![3, 7, 11, 400, 9_000_000_000]));
    c.external = vec![
        ExternalColumn {
            fk: "fk".into(),
            column: "weight".into(),
            kind: TypeKind::Double,
            values: joint::ExternalValues::Numbers(vec![1.5, f64::NAN, 3.0, -0.25, f64::NAN]),
        },
        ExternalColumn {
            fk: "fk".into(),
            column: "status".into(),
            kind: TypeKind::Text,
            values: joint::ExternalValues::Codes {
                labels: vec![Some("open".into()), None],
                codes: vec![0, 1, 0, 0, 1],
            },
        },
    ];
    let json = serde_json::to_string(&c).unwrap();
    let back: Context = serde_json::from_str(&json).unwrap();
    assert_eq!(format!("{back:?}"), format!("{c:?}"));

    let tuples = ParentKeys::Tuples(vec![vec![
        Value::Float(f64::NAN),
        Value::Numeric { unscaled: -12345678901234567890123, scale: 4 },
        Value::Text("ä, \"quoted\"".into()),
        Value::Timestamp(-1),
        Value::Uuid([7; 16]),
        Value::Interval { months: 1, days: -2, micros: 3 },
        Value::Array(vec![Value::Null, Value::Bytes(vec![0, 255])]),
    ]]);
    let json = serde_json::to_string(&tuples).unwrap();
    let edges = vec![Value::Float(f64::INFINITY), Value::Float(f64::NEG_INFINITY), Value::Float(-0.0)];
    let back_edges: Vec<Value> = serde_json::from_str(&serde_json::to_string(&edges).unwrap()).unwrap();
    assert_eq!(format!("{back_edges:?}"), format!("{edges:?}"));
    let numbers = joint::ExternalValues::Numbers(vec![f64::INFINITY, f64::NAN, f64::NEG_INFINITY, 0.1]);
    let back_numbers: joint::ExternalValues = serde_json::from_str(&serde_json::to_string(&numbers).unwrap()).unwrap();
    assert_eq!(format!("{back_numbers:?}"), format!("{numbers:?}"));
    // Every finite double comes back bit for bit (serde_json's float_roundtrip): the workers of a
    // Citus fill read the profile from this text, and a last digit off changes generated values.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let f = f64::from_bits(x);
        if f.is_finite() {
            let back: f64 = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
            assert_eq!(back.to_bits(), f.to_bits(), "{f:e}");
        }
    }
    let back_tuples: ParentKeys = serde_json::from_str(&json).unwrap();
    assert_eq!(format!("{back_tuples:?}"), format!("{tuples:?}"));

    let existing = ExistingKeys { max_int: vec![Some(41), None], fingerprints: Some(HashSet::from([1, u64::MAX])) };
    let back_existing: ExistingKeys = serde_json::from_str(&serde_json::to_string(&existing).unwrap()).unwrap();
    assert_eq!((back_existing.max_int, back_existing.fingerprints), (existing.max_int, existing.fingerprints));

    let whole = rows(&TablePlan::build(&p, &opts(5), &c).unwrap(), 60);
    let copy = TablePlan::build(&p, &opts(5), &back).unwrap();
    for i in [0u64, 17, 40, 59] {
        let mut out = vec![];
        copy.row(i, &mut out, &mut |_| Ok(None)).unwrap();
        assert_eq!(out, whole[i as usize], "row {i}");
    }
}

/// Not a test: the engine's cost per row on the orders table of issue 20 (identity key, foreign
/// key, enum, numeric(12,2) with a CHECK, two timestamps with their CHECK, a nullable note), for
/// profiling. `cargo test --release --lib engine_rows_per_second -- --ignored --nocapture`.
#[test]
#[ignore]
fn engine_rows_per_second() {
    let mut p = orders();
    p.columns.push(col("note", TypeKind::Text, false));
    let n = 1_000_000;
    let plan = TablePlan::build(&p, &opts(1), &orders_ctx(&p, n)).unwrap();
    let started = std::time::Instant::now();
    let mut out = vec![];
    let mut chars = 0usize;
    for i in 0..n {
        plan.row(i, &mut out, &mut |_| Ok(None)).unwrap();
        if let Value::Text(t) = &out[6] {
            chars += t.len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!("{n} rows in {secs:.2} s: {:.0} rows/s ({chars} chars of notes)", n as f64 / secs);
}

/// A row draws a person only when a column needs one: a sentence reads no more than the
/// persona's locale, so a table of notes draws none, and its notes are those of a table whose
/// rows draw a person for another column.
#[test]
fn rows_draw_a_person_only_for_columns_that_read_one() {
    let notes = table("notes", vec![col("id", TypeKind::Bigint, true), col("note", TypeKind::Text, false)]);
    let with_person = table(
        "notes",
        vec![
            col("id", TypeKind::Bigint, true),
            col("note", TypeKind::Text, false),
            col("first_name", TypeKind::Text, true),
        ],
    );
    let a = TablePlan::build(&notes, &opts(3), &ctx(&notes, 200)).unwrap();
    let b = TablePlan::build(&with_person, &opts(3), &ctx(&with_person, 200)).unwrap();
    assert!(matches!(a.columns[1].source, Source::Text(super::text::TextSource::Semantic(TextKind::Sentence))));
    assert!(!a.persona, "a table of notes draws no person");
    assert!(b.persona, "a first name needs the row's person");
    let (ra, rb) = (rows(&a, 200), rows(&b, 200));
    assert!(ra.iter().zip(&rb).all(|(x, y)| x[1] == y[1]), "the notes differ");
    assert!(rb.iter().map(|r| format!("{:?}", r[2])).collect::<HashSet<_>>().len() > 50, "first names vary by row");
}

/// A learned `period <= protons` never pushes the period outside the values the data shows: a
/// row whose protons leave no room (1, below every period) is drawn again.
#[test]
fn a_learned_ordering_keeps_values_inside_what_the_data_shows() {
    let mut protons = col("protons", TypeKind::Integer, true);
    protons.stats = stats(0.0, 10.0, 4, &[("1", 0.05), ("2", 0.05)], &["3", "10", "40", "118"]);
    let mut period = col("period", TypeKind::Integer, true);
    period.stats =
        stats(0.0, 6.0, 4, &[("6", 0.3), ("7", 0.3), ("4", 0.15), ("5", 0.15), ("2", 0.05), ("3", 0.05)], &[]);
    let mut p = table("elements", vec![protons, period]);
    p.dependence = Some(crate::profile::Dependence {
        sample_rows: 118,
        rules: vec![Rule::LessOrEqual { left: "period".into(), right: "protons".into() }],
        ..Default::default()
    });
    let plan = TablePlan::build(&p, &opts(5), &ctx(&p, 3000)).unwrap();
    for r in rows(&plan, 3000) {
        let (protons, period) = (r[0].axis().unwrap(), r[1].axis().unwrap());
        assert!((2.0..=7.0).contains(&period) && period <= protons, "{r:?}");
    }
}

/// A key part whose sample showed three line numbers still fills an order_items table of more
/// rows than orders × 3: integers of a key are numbered within their parent, whatever values
/// the sample showed.
#[test]
fn a_key_part_from_a_sample_widens_when_its_values_leave_too_little_room() {
    let mut line = col("line_no", TypeKind::Integer, true);
    line.categories = Some(crate::profile::Categories {
        null_share: 0.0,
        values: vec![("1".into(), 0.5), ("2".into(), 0.3), ("3".into(), 0.2)],
    });
    let mut p = table("order_items", vec![col("order_id", TypeKind::Integer, true), line]);
    p.primary_key = Some(key("order_items_pkey", &["order_id", "line_no"]));
    p.foreign_keys.push(foreign_key("order_items_order_id_fkey", "order_id", "orders", "id"));
    let mut c = ctx(&p, 100);
    c.parents[0] = Some(ParentKeys::Range { lo: 1, count: 10 });
    let plan = TablePlan::build(&p, &opts(1), &c).expect("room for 100 keys");
    let generated = rows(&plan, 100);
    let keys: std::collections::HashSet<String> = generated.iter().map(|r| format!("{r:?}")).collect();
    assert_eq!(keys.len(), 100);
    // Numbered from the lowest line number the sample showed, not from the type's minimum.
    assert!(generated.iter().all(|r| r[1].axis().unwrap() >= 1.0), "{generated:?}");
}

#[test]
fn timestamps_keep_the_hours_and_days_of_the_week_a_sample_showed() {
    // A year of timestamps by their histogram, and a sample that saw them only in office hours.
    let hist: Vec<String> = (0..=52).map(|w| format!("{} 00:00:00+00", date_after_2024(w * 7))).collect();
    let hist: Vec<&str> = hist.iter().map(String::as_str).collect();
    let mut at = col("at", TypeKind::Timestamptz, true);
    at.stats = stats(0.0, -1.0, 8, &[], &hist);
    let p = table("visits", vec![at.clone()]);
    let weekday_hour = |v: &Value| {
        let x = v.axis().unwrap() / 3.6e9; // hours since 2000-01-01, a Saturday
        let h = (x - 48.0).rem_euclid(168.0) as usize;
        (h / 24, h % 24)
    };
    let in_office = |rs: &[Vec<Value>]| {
        rs.iter().filter(|r| matches!(weekday_hour(&r[0]), (d, h) if d < 5 && (9..17).contains(&h))).count()
    };
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 5000)).unwrap();
    let before = rows(&plan, 5000);
    assert!(in_office(&before) < 1500, "without the week, about 40/168 of rows: {}", in_office(&before));
    at.weekly = Some(office_week());
    let p = table("visits", vec![at]);
    let plan = TablePlan::build(&p, &opts(3), &ctx(&p, 5000)).unwrap();
    let after = rows(&plan, 5000);
    assert!(in_office(&after) > 4950, "{}", in_office(&after));
    // Never past the range the histogram shows, though the last week runs beyond it.
    let last =
        Value::parse_canonical(TypeKind::Timestamptz, &format!("{} 00:00:00+00", date_after_2024(52 * 7))).unwrap();
    assert!(after.iter().all(|r| r[0].axis() <= last.axis()));
    // Each value stays in its week: the months keep their shares.
    let month =
        |rs: &[Vec<Value>]| rs.iter().filter(|r| r[0].to_text(TypeKind::Timestamptz).starts_with("2024-06")).count();
    assert!((month(&before) as i64 - month(&after) as i64).abs() < 100, "{} {}", month(&before), month(&after));
}

/// `YYYY-MM-DD` of day `days` after 2024-01-01.
fn date_after_2024(days: i64) -> String {
    let base = Value::parse_canonical(TypeKind::Date, "2024-01-01").unwrap().axis().unwrap();
    Value::from_axis(TypeKind::Date, base + days as f64, 0).to_text(TypeKind::Date)
}

/// A food's weights `(ndb_no, seq)`, seq a char(2) whose values '1', '2', '3' … fall in share as
/// they do when every food has a first line and fewer have more: from sampled categories, or
/// (a profile that left out the rarest) from most-common values that hold nearly every row.
fn weights_table(categories: bool) -> TableProfile {
    let mut seq = col("seq", TypeKind::Char, true);
    seq.ty.max_length = Some(2);
    let shares = [0.5, 0.3, 0.15, 0.05];
    if categories {
        seq.categories = Some(Categories {
            null_share: 0.0,
            values: shares.iter().enumerate().map(|(i, s)| ((i + 1).to_string(), *s)).collect(),
        });
    } else {
        let mcv: Vec<(String, f64)> = shares.iter().enumerate().map(|(i, s)| (format!("{:<2}", i + 1), *s)).collect();
        let mcv: Vec<(&str, f64)> = mcv.iter().map(|(v, s)| (v.as_str(), *s * 0.999)).collect();
        seq.stats = stats(0.0, 5.0, 3, &mcv, &[]);
    }
    let mut p = table("weight", vec![col("ndb_no", TypeKind::Char, true), seq]);
    p.primary_key = Some(key("weight_pkey", &["ndb_no", "seq"]));
    p.foreign_keys = vec![foreign_key("weight_ndb_no_fkey", "ndb_no", "food_des", "ndb_no")];
    p
}

#[test]
fn categories_of_a_key_are_numbered_within_their_parent_commonest_first() {
    for categories in [true, false] {
        let p = weights_table(categories);
        let mut c = ctx(&p, 400);
        c.parents[0] = Some(ParentKeys::Tuples((0..200).map(|i| vec![Value::Text(format!("{i:05}"))]).collect()));
        let plan = TablePlan::build(&p, &opts(5), &c).unwrap();
        let rs = rows(&plan, 400);
        // Stored as char(2) stores them: padded ('1 '), as the source's are.
        assert!(rs.iter().all(|r| r[1].to_text(TypeKind::Char).len() == 2), "{:?}", &rs[..3]);
        let mut by_parent: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        for r in &rs {
            by_parent
                .entry(r[0].to_text(TypeKind::Char))
                .or_default()
                .push(r[1].to_text(TypeKind::Char).trim().to_string());
        }
        // Every parent's lines are 1, 2 … k: no food has a line 3 without lines 1 and 2.
        for (parent, mut lines) in by_parent {
            lines.sort();
            let expected: Vec<String> = (1..=lines.len()).map(|k| k.to_string()).collect();
            assert_eq!(lines, expected, "{parent} (categories: {categories})");
        }
    }
}

#[test]
fn children_grouped_by_a_parents_value_keep_their_numbers_per_parent() {
    // Nine facilities; bookings' slots depend on the facility's kind. Bookings per facility run
    // from 100 to 800, and the courts ('court', a third of the facilities) have most of them.
    let mut p = table("bookings", vec![col("facid", TypeKind::Integer, true), col("slots", TypeKind::Integer, true)]);
    p.foreign_keys = vec![foreign_key("fk", "facid", "facilities", "facid")];
    let row = |parent: &str, slots: &str| ConditionalRow {
        parent: Some(parent.into()),
        values: vec![(Some(slots.into()), 1.0)],
    };
    p.dependence = Some(Dependence {
        sample_rows: 4000,
        from: None,
        copula: None,
        nodes: vec![DependenceNode {
            column: "slots".into(),
            parent: "kind".into(),
            via: Some("fk".into()),
            strength: 0.8,
            model: Conditional::Table { bins: None, rows: vec![row("court", "3"), row("room", "1")] },
            parent_shares: Some(vec![(Some("court".into()), 0.6), (Some("room".into()), 0.4)]),
        }],
        ..Default::default()
    });
    let degrees = [800u64, 700, 600, 300, 250, 200, 150, 120, 100];
    let mut c = ctx(&p, degrees.iter().sum());
    c.parents[0] = Some(ParentKeys::Range { lo: 0, count: 9 });
    c.spread[0] = Some(ChildrenPerParent::from_counts(degrees.to_vec(), "statistics"));
    c.external = vec![ExternalColumn {
        fk: "fk".into(),
        column: "kind".into(),
        kind: TypeKind::Text,
        values: joint::ExternalValues::Codes {
            labels: vec![Some("court".into()), Some("room".into())],
            codes: vec![1, 0, 1, 1, 0, 1, 1, 0, 1],
        },
    }];
    let n = c.rows;
    let plan = TablePlan::build(&p, &opts(4), &c).unwrap();
    let mut per_parent = [0u64; 9];
    for r in rows(&plan, n) {
        let (Value::Int(f), Value::Int(slots)) = (&r[0], &r[1]) else { panic!("{r:?}") };
        per_parent[*f as usize] += 1;
        // Each booking has its facility's slots.
        assert_eq!(*slots, if [1, 4, 7].contains(f) { 3 } else { 1 }, "{r:?}");
    }
    let mut got = per_parent.to_vec();
    got.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(got, degrees.to_vec(), "{per_parent:?}");
    // The three courts have most of them, near their 60% (in proportion to the facilities: 33%).
    let courts: u64 = [per_parent[1], per_parent[4], per_parent[7]].iter().sum();
    assert!(courts > 1500, "{per_parent:?}");
}

#[test]
fn times_drawn_given_another_column_keep_the_week_too() {
    let kind = kind_a_or_b();
    let mut at = col("at", TypeKind::Timestamptz, true);
    let hist: Vec<String> = (0..=52).map(|w| format!("{} 00:00:00+00", date_after_2024(w * 7))).collect();
    at.stats = stats(0.0, -1.0, 8, &[], &hist.iter().map(String::as_str).collect::<Vec<_>>());
    at.weekly = Some(office_week());
    let axis = |d: i64| {
        Value::parse_canonical(TypeKind::Timestamptz, &format!("{} 00:00:00+00", date_after_2024(d)))
            .unwrap()
            .axis()
            .unwrap()
    };
    // `a` in the first half of the year, `b` in the second, as 21 quantiles each.
    let quantiles = |from: i64| (0..21).map(|k| axis(from + k * 9)).collect::<Vec<f64>>();
    let mut p = table("visits", vec![kind, at]);
    p.dependence = Some(Dependence {
        sample_rows: 2000,
        from: None,
        copula: None,
        nodes: vec![given_a_or_b("at", quantiles(0), quantiles(182))],
        ..Default::default()
    });
    let plan = TablePlan::build(&p, &opts(6), &ctx(&p, 2000)).unwrap();
    let rs = rows(&plan, 2000);
    let office = rs
        .iter()
        .filter(|r| {
            let h = ((r[1].axis().unwrap() / 3.6e9) - 48.0).rem_euclid(168.0) as usize;
            h / 24 < 5 && (9..17).contains(&(h % 24))
        })
        .count();
    assert!(office > 1980, "{office}");
    // Still given the kind: `a` in the first half of the year.
    let early = rs.iter().filter(|r| r[0] == Value::Text("a".into())).all(|r| r[1].axis().unwrap() < axis(190));
    assert!(early);
}

#[test]
fn numbers_a_conditioned_column_needs_first_keep_their_correlation() {
    // `g` is drawn given `kind` and must stay above `x` and `z` (learned rules), so `x` and
    // `z` get their values before the copula conditions the rest on them; they rise together.
    let kind = kind_a_or_b();
    let hist: Vec<String> = (0..=100).map(|k| k.to_string()).collect();
    let hist: Vec<&str> = hist.iter().map(String::as_str).collect();
    let mut x = col("x", TypeKind::Double, true);
    x.stats = stats(0.0, -1.0, 8, &[], &hist);
    let mut z = col("z", TypeKind::Double, true);
    z.stats = stats(0.0, -1.0, 8, &[], &hist);
    let mut g = col("g", TypeKind::Double, true);
    let ghist: Vec<String> = (0..=100).map(|k| (200 + k).to_string()).collect();
    g.stats = stats(0.0, -1.0, 8, &[], &ghist.iter().map(String::as_str).collect::<Vec<_>>());
    let quantiles = |lo: f64| (0..21).map(|k| lo + k as f64 * 2.5).collect::<Vec<f64>>();
    let mut p = table("t", vec![kind, x, z, g]);
    p.dependence = Some(Dependence {
        sample_rows: 2000,
        from: None,
        copula: Some(Copula {
            columns: vec!["x".into(), "z".into(), "g".into()],
            correlation: vec![vec![1.0, 0.95, 0.0], vec![0.95, 1.0, 0.0], vec![0.0, 0.0, 1.0]],
        }),
        nodes: vec![given_a_or_b("g", quantiles(200.0), quantiles(250.0))],
        rules: vec![
            Rule::LessOrEqual { left: "x".into(), right: "g".into() },
            Rule::LessOrEqual { left: "z".into(), right: "g".into() },
        ],
        copies: vec![],
    });
    let plan = TablePlan::build(&p, &opts(2), &ctx(&p, 2000)).unwrap();
    let rs = rows(&plan, 2000);
    let xs: Vec<f64> = rs.iter().map(|r| r[1].axis().unwrap()).collect();
    let zs: Vec<f64> = rs.iter().map(|r| r[2].axis().unwrap()).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (mx, mz) = (mean(&xs), mean(&zs));
    let cov: f64 = xs.iter().zip(&zs).map(|(a, b)| (a - mx) * (b - mz)).sum();
    let sd = |v: &[f64], m: f64| v.iter().map(|a| (a - m).powi(2)).sum::<f64>().sqrt();
    let r = cov / (sd(&xs, mx) * sd(&zs, mz));
    assert!(r > 0.8, "{r}");
    assert!(rs.iter().all(|row| row[1].axis() <= row[3].axis() && row[2].axis() <= row[3].axis()));
}

/// A text column `kind` of two values, `a` and `b`, half each.
fn kind_a_or_b() -> ColumnProfile {
    let mut kind = col("kind", TypeKind::Text, true);
    kind.categories = Some(Categories { null_share: 0.0, values: vec![("a".into(), 0.5), ("b".into(), 0.5)] });
    kind
}

/// `column` drawn given `kind` (see [`kind_a_or_b`]) by 21 quantiles for each of its values.
fn given_a_or_b(column: &str, a: Vec<f64>, b: Vec<f64>) -> DependenceNode {
    DependenceNode {
        column: column.into(),
        parent: "kind".into(),
        via: None,
        strength: 0.7,
        model: Conditional::Quantiles {
            bins: None,
            rows: vec![
                ConditionalQuantiles { parent: Some("a".into()), null_share: 0.0, quantiles: a },
                ConditionalQuantiles { parent: Some("b".into()), null_share: 0.0, quantiles: b },
            ],
        },
        parent_shares: None,
    }
}

/// An office's week: Monday to Friday, 9:00 to 17:00, each of those hours alike.
fn office_week() -> Weekly {
    Weekly {
        shares: (0..168).map(|c| if c / 24 < 5 && (9..17).contains(&(c % 24)) { 1.0 / 40.0 } else { 0.0 }).collect(),
    }
}

#[test]
fn a_copied_column_holds_its_parent_rows_value_in_the_sampled_share() {
    // Orders ship to their customer's city in 80% of rows; the rest go their own way. The
    // column is varchar(10): a longer parent value is cut to fit. A customer without a city
    // gives its orders none, in the same share.
    let mut city = col("ship_city", TypeKind::Varchar, false);
    city.ty.max_length = Some(10);
    let mut p = table("orders", vec![col("customer_id", TypeKind::Integer, true), city]);
    p.foreign_keys = vec![foreign_key("fk", "customer_id", "customers", "customer_id")];
    p.dependence = Some(Dependence {
        sample_rows: 1000,
        copies: vec![Copied { column: "ship_city".into(), parent: "city".into(), via: "fk".into(), share: 0.8 }],
        ..Default::default()
    });
    let customers = ["Lyon", "Osaka", "Saint-Rémy-de-Provence", "Quito"];
    let mut c = ctx(&p, 2000);
    c.parents[0] = Some(ParentKeys::Range { lo: 1, count: 5 });
    c.external = vec![ExternalColumn {
        fk: "fk".into(),
        column: "city".into(),
        kind: TypeKind::Text,
        values: joint::ExternalValues::Codes {
            labels: customers.iter().map(|c| Some(c.to_string())).chain([None]).collect(),
            codes: vec![0, 1, 2, 3, 4],
        },
    }];
    let plan = TablePlan::build(&p, &opts(3), &c).unwrap();
    let rs = rows(&plan, 2000);
    let copied = rs
        .iter()
        .filter(|r| match (&r[0], &r[1]) {
            (Value::Int(5), city) => city.is_null(),
            (Value::Int(k), Value::Text(city)) => {
                assert!(city.chars().count() <= 10, "{city}");
                *city == customers[*k as usize - 1].chars().take(10).collect::<String>()
            }
            _ => false,
        })
        .count();
    assert!((1520..=1680).contains(&copied), "{copied} of 2000 rows copy their customer's city");
    // The same rows for the same seed, whatever the order they are made in.
    let again = TablePlan::build(&p, &opts(3), &c).unwrap();
    let mut out = vec![];
    again.row(1999, &mut out, &mut |_| Ok(None)).unwrap();
    assert_eq!(out, rs[1999]);
}

#[test]
fn a_moment_stays_after_its_parent_rows_and_keeps_its_own_shape() {
    // Orders over 2024; each customer signed up at some day of 2024 (the parent's value), and
    // every sampled order came after its customer's sign-up.
    let mut placed = col("placed_on", TypeKind::Date, true);
    let hist: Vec<String> = (0..=36).map(|k| date_after_2024(k * 10)).collect();
    placed.stats = stats(0.0, -1.0, 4, &[], &hist.iter().map(String::as_str).collect::<Vec<_>>());
    let mut p = table("orders", vec![col("customer_id", TypeKind::Integer, true), placed]);
    p.foreign_keys = vec![foreign_key("fk", "customer_id", "customers", "customer_id")];
    let day = |d: i64| Value::parse_canonical(TypeKind::Date, &date_after_2024(d)).unwrap().axis().unwrap();
    let signed_up: Vec<f64> = (0..50).map(|k| day(k * 7)).collect();
    let mut c = ctx(&p, 5000);
    c.parents[0] = Some(ParentKeys::Range { lo: 1, count: 50 });
    c.external = vec![ExternalColumn {
        fk: "fk".into(),
        column: "created_on".into(),
        kind: TypeKind::Date,
        values: joint::ExternalValues::Numbers(signed_up.clone()),
    }];
    let before = |p: &TableProfile| {
        let plan = TablePlan::build(p, &opts(5), &c).unwrap();
        let rs = rows(&plan, 5000);
        let early = rs
            .iter()
            .filter(|r| {
                let (Value::Int(k), Some(x)) = (&r[0], r[1].axis()) else { panic!("{r:?}") };
                x < signed_up[*k as usize - 1]
            })
            .count();
        (early, rs)
    };
    // Without the rule, orders fall before their customer existed.
    let (early, _) = before(&p);
    assert!(early > 500, "{early}");
    p.dependence = Some(Dependence {
        sample_rows: 1000,
        rules: vec![Rule::AfterParent { column: "placed_on".into(), parent: "created_on".into(), via: "fk".into() }],
        ..Default::default()
    });
    let (early, rs) = before(&p);
    assert_eq!(early, 0);
    // Cut, not piled up: few orders on their customer's very day, and all inside the year.
    let on_the_day = rs.iter().filter(|r| {
        let Value::Int(k) = r[0] else { unreachable!() };
        r[1].axis() == Some(signed_up[k as usize - 1])
    });
    assert!(on_the_day.count() < 100);
    assert!(rs.iter().all(|r| r[1].axis().is_some_and(|x| x <= day(360))));
}

#[test]
fn compiled_row_checks_judge_rows_as_the_clauses_do() {
    let mut status = col("status", TypeKind::Enum, false);
    status.ty.enum_labels = Some(vec!["new".into(), "paid".into(), "sent".into()]);
    let p = checked_table(
        "orders",
        vec![
            col("total", TypeKind::Numeric, false),
            col("placed", TypeKind::Timestamptz, true),
            col("shipped", TypeKind::Timestamptz, false),
            status,
            col("code", TypeKind::Text, false),
        ],
        &[
            "CHECK ((total >= (0)::numeric))",
            "CHECK (((shipped IS NULL) OR (shipped >= placed)))",
            "CHECK ((status <> 'sent'::order_status))",
            "CHECK (((shipped IS NULL) OR ((shipped > placed) AND (total > (1)::numeric))))",
            "CHECK ((length(code) <= 3))",
        ],
    );
    let checks = Constraints::collect(&p).row_checks;
    assert!(checks.len() >= 4, "{checks:?}");
    let compiled: Vec<constraints::Compiled> =
        checks.iter().map(|c| constraints::Compiled::new(&p, &c.clause)).collect();
    assert!(compiled.iter().any(|c| matches!(c, constraints::Compiled::WhenNotNull { .. })));
    let key = crate::rng::Key::from_seed(3);
    for i in 0..2000u64 {
        let mut s = key.stream(i);
        let ts = |s: &mut crate::rng::Stream| {
            if s.chance(0.2) {
                Value::Null
            } else {
                Value::from_axis(TypeKind::Timestamptz, (s.below(10) * 3_600_000_000) as f64, 0)
            }
        };
        let row = vec![
            if s.chance(0.1) { Value::Null } else { Value::Float(s.below(5) as f64 - 1.5) },
            ts(&mut s),
            ts(&mut s),
            Value::Text(["new", "paid", "sent"][s.index(3)].into()),
            Value::Text("abcde"[..s.index(6)].into()),
        ];
        for (c, k) in checks.iter().zip(&compiled) {
            assert_eq!(k.holds(&p, &row), constraints::holds(&p, &c.clause, &row), "{c:?} on {row:?}");
        }
    }
}
