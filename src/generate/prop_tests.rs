//! Property tests: no profile, however malformed, makes the parser or the generator panic (a
//! panic inside the backend would become an internal error at best). Profiles come from users
//! (`synth_fill_schema(profile => …)`), so every field may hold anything JSON can.
//!
//! Arbitrary JSON exercises the parser; profiles that parse are then planned and generated from.
//! Mutations of well-formed profiles reach deeper: numbers become negative, zero, huge or tiny,
//! strings become other strings, arrays are reversed, truncated or emptied (histograms out of
//! order, MCV lists longer than their frequencies), objects lose keys, and any value may become
//! any JSON. The number of cases is bounded (PROPTEST_CASES, 256 by default) so CI runs it.

use proptest::prelude::*;
use serde_json::Value as Json;

use super::tests::{ctx, gadgets, learned_orders, opts, orders, stats};
use super::*;
use crate::profile::{SchemaProfile, TableProfile, TypeKind};

/// Well-formed profiles to mutate: keys, foreign keys, checks, statistics, a sample's rules.
fn seeds() -> &'static [Json] {
    static SEEDS: std::sync::OnceLock<Vec<Json>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(build_seeds)
}

fn build_seeds() -> Vec<Json> {
    let mut with_stats = orders();
    with_stats.columns[5].stats = stats(0.0, -1.0, 8, &[("10.00", 0.2), ("20.00", 0.1)], &["1", "5", "50", "500"]);
    with_stats.columns[3].stats =
        stats(0.0, -1.0, 8, &[], &["2024-01-01 00:00:00+00", "2024-06-01 00:00:00+00", "2025-01-01 00:00:00+00"]);
    let mut texts = crate::profile::fixtures::table(
        "people",
        vec![
            crate::profile::fixtures::col("email", TypeKind::Text, true),
            crate::profile::fixtures::col("city", TypeKind::Varchar, false),
            crate::profile::fixtures::col("code", TypeKind::Text, false),
            crate::profile::fixtures::col("tags", TypeKind::Text, false),
        ],
    );
    texts.columns[1].ty.max_length = Some(20);
    texts.columns[2].stats = stats(0.1, -0.5, 12, &[("INV-0001", 0.1)], &["INV-0002", "INV-0500", "INV-0999"]);
    texts.unique = vec![super::tests::key("people_email_key", &["email"])];
    [with_stats, learned_orders(), gadgets(), texts].iter().map(|p| serde_json::to_value(p).unwrap()).collect()
}

fn arb_number() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::from(0)),
        Just(Json::from(-1)),
        Just(Json::from(1)),
        Just(Json::from(u64::MAX)),
        Just(Json::from(i64::MIN)),
        Just(Json::from(1e308)),
        Just(Json::from(-1e308)),
        Just(Json::from(1e-308)),
        Just(Json::from(1_073_741_824)),
        any::<i32>().prop_map(Json::from),
        (-1e6f64..1e6).prop_map(Json::from),
    ]
}

fn arb_string() -> impl Strategy<Value = Json> {
    prop_oneof![
        Just(Json::from("")),
        Just(Json::from("NaN")),
        Just(Json::from("-Infinity")),
        Just(Json::from("1e400")),
        Just(Json::from("9999-12-31 23:59:59+00")),
        Just(Json::from("0001-01-01")),
        Just(Json::from("ünïcode \"quoted\" select")),
        "[a-z0-9 _-]{0,12}".prop_map(Json::from),
        ".{0,8}".prop_map(Json::from),
    ]
}

fn arb_json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![Just(Json::Null), any::<bool>().prop_map(Json::from), arb_number(), arb_string()];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Json::Object(m.into_iter().collect())),
        ]
    })
}

/// How one value of a document changes.
#[derive(Clone, Debug)]
enum Change {
    /// A number, string or any value of the same kind as the one there.
    SameKind(Json),
    Reverse,
    Truncate(usize),
    Empty,
    DropKey(usize),
    Any(Json),
}

fn arb_change() -> impl Strategy<Value = Change> {
    prop_oneof![
        4 => prop_oneof![arb_number(), arb_string()].prop_map(Change::SameKind),
        1 => Just(Change::Reverse),
        1 => (0usize..4).prop_map(Change::Truncate),
        1 => Just(Change::Empty),
        1 => any::<usize>().prop_map(Change::DropKey),
        1 => arb_json().prop_map(Change::Any),
    ]
}

/// Applies `change` at the value `path` leads to (each step picks a child by index, modulo; the
/// walk stops at a leaf).
fn mutate(at: &mut Json, path: &[usize], change: &Change) {
    if let Some((step, rest)) = path.split_first() {
        match at {
            Json::Array(a) if !a.is_empty() => {
                let i = step % a.len();
                return mutate(&mut a[i], rest, change);
            }
            Json::Object(o) if !o.is_empty() => {
                let i = step % o.len();
                return mutate(o.values_mut().nth(i).unwrap(), rest, change);
            }
            _ => {}
        }
    }
    match (change, &mut *at) {
        (Change::SameKind(v), Json::Number(_)) if v.is_number() => *at = v.clone(),
        (Change::SameKind(v), Json::String(_)) if v.is_string() => *at = v.clone(),
        (Change::SameKind(_), _) => {}
        (Change::Reverse, Json::Array(a)) => a.reverse(),
        (Change::Truncate(n), Json::Array(a)) => a.truncate(*n),
        (Change::Empty, Json::Array(a)) => a.clear(),
        (Change::Empty, Json::Object(o)) => o.clear(),
        (Change::DropKey(k), Json::Object(o)) if !o.is_empty() => {
            let key = o.keys().nth(k % o.len()).unwrap().clone();
            o.remove(&key);
        }
        (Change::Any(v), _) => *at = v.clone(),
        _ => {}
    }
}

/// Plans `p` and draws a few rows: errors are fine, panics are not.
fn generate_from(p: &TableProfile) {
    let mut c = ctx(p, 20);
    for k in c.parents.iter_mut() {
        *k = Some(ParentKeys::Range { lo: 1, count: 50 });
    }
    if let Ok(plan) = TablePlan::build(p, &opts(7), &c) {
        let mut out = Vec::new();
        for i in 0..20 {
            let _ = plan.row(i, &mut out, &mut |_| Ok(None));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics_the_parser(doc in arb_json()) {
        let _ = serde_json::from_value::<TableProfile>(doc.clone());
        let _ = serde_json::from_value::<SchemaProfile>(doc);
    }

    #[test]
    fn mutated_profiles_never_panic_planning_or_generation(
        which in 0usize..4,
        changes in prop::collection::vec((prop::collection::vec(any::<usize>(), 0..7), arb_change()), 1..5),
    ) {
        let mut doc = seeds()[which].clone();
        for (path, change) in &changes {
            mutate(&mut doc, path, change);
        }
        if let Ok(p) = serde_json::from_value::<TableProfile>(doc) {
            if std::env::var_os("SYNTH_PROP_STATS").is_some() {
                eprintln!("parsed");
            }
            generate_from(&p);
        }
    }
}
