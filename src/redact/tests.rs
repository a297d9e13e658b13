//! Tests of what profiles keep: sensitive columns lose their values, rare values are left out,
//! noise is calibrated and seeded.

use super::*;
use crate::profile::fixtures::{col, table};
use crate::profile::{Categories, ColumnStats, ConditionalRow, Dependence, TableProfile};

fn stats(mcv: &[(&str, f64)], hist: &[&str], n_distinct: f64) -> Option<ColumnStats> {
    Some(ColumnStats {
        null_frac: 0.0,
        n_distinct,
        avg_width: 8,
        correlation: None,
        most_common_vals: mcv.iter().map(|m| m.0.to_string()).collect(),
        most_common_freqs: mcv.iter().map(|m| m.1).collect(),
        histogram_bounds: hist.iter().map(|h| h.to_string()).collect(),
        range: None,
    })
}

/// A table of 1000 rows: a name (MCV and histogram of names), a birth date, a category with one
/// rare value, an amount with unique values, an enum.
fn people() -> TableProfile {
    let mut name = col("last_name", TypeKind::Text, true);
    name.stats = stats(&[("SMITH", 0.01), ("JONES", 0.004)], &["ABEL", "KING", "ZOLA"], -0.8);
    name.categories = None;
    let mut born = col("born", TypeKind::Date, false);
    born.stats = stats(&[], &["1961-03-14", "1975-07-02", "1990-11-30"], -0.9);
    let mut plan = col("plan", TypeKind::Text, true);
    plan.stats = stats(&[("basic", 0.7), ("pro", 0.298), ("vip", 0.002)], &[], 3.0);
    plan.categories = Some(Categories {
        null_share: 0.0,
        values: vec![("basic".into(), 0.7), ("pro".into(), 0.298), ("vip".into(), 0.002)],
    });
    let mut amount = col("amount", TypeKind::Numeric, true);
    amount.stats = stats(&[], &["10.37", "52.81", "99.13", "250.44"], -1.0);
    let mut tier = col("tier", TypeKind::Enum, true);
    tier.stats = stats(&[("gold", 0.001)], &[], 1.0);
    let mut p = table("people", vec![name, born, plan, amount, tier]);
    p.table.reltuples = 1000.0;
    p.dependence = Some(Dependence {
        sample_rows: 1000,
        nodes: vec![
            DependenceNode {
                column: "amount".into(),
                parent: "plan".into(),
                via: None,
                strength: 0.3,
                model: Conditional::Quantiles {
                    bins: None,
                    rows: vec![
                        crate::profile::ConditionalQuantiles {
                            parent: Some("basic".into()),
                            null_share: 0.0,
                            quantiles: vec![10.37, 40.0, 99.13],
                        },
                        crate::profile::ConditionalQuantiles {
                            parent: Some("vip".into()),
                            null_share: 0.0,
                            quantiles: vec![200.0, 250.44, 250.44],
                        },
                    ],
                },
                parent_shares: None,
            },
            DependenceNode {
                column: "plan".into(),
                parent: "last_name".into(),
                via: None,
                strength: 0.1,
                model: Conditional::Table {
                    bins: None,
                    rows: vec![ConditionalRow {
                        parent: Some("SMITH".into()),
                        values: vec![(Some("pro".into()), 1.0)],
                    }],
                },
                parent_shares: None,
            },
        ],
        ..Default::default()
    });
    p
}

fn column<'a>(p: &'a TableProfile, name: &str) -> &'a ColumnProfile {
    p.column(name).unwrap()
}

fn json(p: &TableProfile) -> String {
    serde_json::to_string(p).unwrap()
}

#[test]
fn sensitive_columns_keep_their_shape_and_lose_every_value() {
    let mut p = people();
    let sensitive = [
        ("last_name".to_string(), Some("last_name".to_string())),
        ("born".to_string(), Some("birth_date".to_string())),
    ];
    protect_sensitive(&mut p, &sensitive, &|_, _| false);
    let text = json(&p);
    for raw in ["SMITH", "JONES", "ABEL", "KING", "ZOLA", "1961-03-14", "1975-07-02", "1990-11-30"] {
        assert!(!text.contains(raw), "{raw} left in {text}");
    }
    let name = column(&p, "last_name");
    assert_eq!(name.sensitive.as_deref(), Some("last_name"));
    assert_eq!(name.content.as_ref().and_then(|c| c.kind.as_deref()), Some("last_name"));
    let style = name.content.as_ref().and_then(|c| c.style).unwrap();
    assert_eq!(style.case, Some(crate::semantic::Case::Upper), "the case of the names stays");
    let st = name.stats.as_ref().unwrap();
    assert!(st.most_common_vals.is_empty() && st.histogram_bounds.is_empty());
    assert_eq!((st.n_distinct, st.avg_width), (-0.8, 8), "the shape stays");
    // Birth dates keep their spread, in years.
    assert_eq!(column(&p, "born").stats.as_ref().unwrap().histogram_bounds, ["1961-01-01", "1975-01-01", "1990-01-01"]);
    // The conditional keyed by a name is gone; the one between other columns stays.
    let nodes = &p.dependence.as_ref().unwrap().nodes;
    assert_eq!(nodes.iter().map(|n| n.column.as_str()).collect::<Vec<_>>(), ["amount"]);
    // Columns not named are untouched.
    assert_eq!(column(&p, "plan"), column(&people(), "plan"));
}

#[test]
fn a_parent_column_of_another_table_can_be_sensitive() {
    let mut p = people();
    p.dependence.as_mut().unwrap().nodes[0].via = Some("people_owner_fkey".into());
    protect_sensitive(&mut p, &[], &|fk, c| fk == "people_owner_fkey" && c == "plan");
    assert_eq!(p.dependence.as_ref().unwrap().nodes.len(), 1);
    assert_eq!(p.dependence.as_ref().unwrap().nodes[0].column, "plan");
}

#[test]
fn rare_values_are_left_out_and_common_ones_stay() {
    let mut p = people();
    suppress_rare(&mut p, 5.0);
    // SMITH is seen 10 times, JONES 4: JONES goes. Names repeat once each outside the list: the
    // text histogram goes.
    let name = column(&p, "last_name").stats.as_ref().unwrap();
    assert_eq!(name.most_common_vals, ["SMITH"]);
    assert_eq!(name.most_common_freqs, [0.01]);
    assert!(name.histogram_bounds.is_empty());
    // `vip` is seen twice: the categories, which would replay it, go; so does its MCV entry.
    let plan = column(&p, "plan");
    assert!(plan.categories.is_none());
    assert_eq!(plan.stats.as_ref().unwrap().most_common_vals, ["basic", "pro"]);
    // Unique amounts: the bounds move off the source values, in order.
    let bounds = &column(&p, "amount").stats.as_ref().unwrap().histogram_bounds;
    let source = ["10.37", "52.81", "99.13", "250.44"];
    assert_eq!(bounds.len(), 4);
    assert!(bounds.iter().all(|b| !source.contains(&b.as_str())), "{bounds:?}");
    let xs: Vec<f64> = bounds.iter().map(|b| b.parse().unwrap()).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
    assert!(xs.iter().zip([10.37, 52.81, 99.13, 250.44]).all(|(a, b)| (a - b).abs() < 0.3 * b), "{xs:?}");
    // Enum labels are the schema's: kept however rare.
    assert_eq!(column(&p, "tier").stats.as_ref().unwrap().most_common_vals, ["gold"]);
    // Conditionals: the group of `vip` (2 rows) goes, `basic` stays with rounded quantiles; the
    // row keyed by SMITH (10 rows) stays.
    let nodes = &p.dependence.as_ref().unwrap().nodes;
    match &nodes[0].model {
        Conditional::Quantiles { rows, .. } => {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].parent.as_deref(), Some("basic"));
            assert!(!rows[0].quantiles.contains(&10.37) && !rows[0].quantiles.contains(&99.13), "{:?}", rows[0]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(nodes.len(), 2);
}

#[test]
fn k_of_one_keeps_everything() {
    let mut p = people();
    suppress_rare(&mut p, 1.0);
    assert_eq!(p, people());
}

#[test]
fn values_repeated_at_least_k_times_keep_their_histogram() {
    let mut c = col("score", TypeKind::Integer, true);
    c.stats = stats(&[], &["1", "20", "40", "60"], 60.0);
    let mut p = table("t", vec![c]);
    p.table.reltuples = 6000.0;
    suppress_rare(&mut p, 5.0);
    assert_eq!(column(&p, "score").stats.as_ref().unwrap().histogram_bounds, ["1", "20", "40", "60"]);
}

#[test]
fn rounding_keeps_order_on_any_points() {
    let mut key = Key(7).stream(0);
    for _ in 0..200 {
        let mut xs: Vec<f64> = (0..20).map(|_| key.unit() * 1e4 - 5e3).collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        let r = fine_axis(&xs);
        assert!(r.windows(2).all(|w| w[0] <= w[1]), "{xs:?} -> {r:?}");
        assert!(r.iter().zip(&xs).all(|(a, b)| (a - b).abs() <= 1e4), "{r:?}");
    }
}

#[test]
fn noise_is_seeded_calibrated_and_keeps_figures_valid() {
    let base = people();
    let (mut a, mut b, mut c) = (base.clone(), base.clone(), base.clone());
    add_noise(&mut a, 1.0, 11);
    add_noise(&mut b, 1.0, 11);
    add_noise(&mut c, 1.0, 12);
    assert_eq!(a, b, "same seed, same noise");
    assert_ne!(a, c, "another seed, other noise");
    for p in [&a, &c] {
        for col in &p.columns {
            let st = col.stats.as_ref().unwrap();
            let total = st.null_frac + st.most_common_freqs.iter().sum::<f64>();
            assert!(st.null_frac >= 0.0 && total <= 1.0 + 1e-9, "{st:?}");
        }
        let cats = column(p, "plan").categories.as_ref().unwrap();
        let total = cats.null_share + cats.values.iter().map(|v| v.1).sum::<f64>();
        assert!((total - 1.0).abs() < 1e-9);
    }
    // A large epsilon barely moves anything; the row count moves by about the noise's scale.
    let mut d = base.clone();
    add_noise(&mut d, 1e6, 3);
    assert!((d.table.reltuples - 1000.0).abs() <= 1.0);
    let plan = column(&d, "plan").stats.as_ref().unwrap();
    assert!((plan.most_common_freqs[0] - 0.7).abs() < 1e-3, "{plan:?}");
}

#[test]
fn laplace_noise_has_its_scale() {
    let key = Key(99);
    let n = 20_000;
    let mean_abs: f64 = (1..=n).map(|i| laplace(key.unit(i), 3.0).abs()).sum::<f64>() / n as f64;
    assert!((mean_abs - 3.0).abs() < 0.15, "mean |x| of Laplace(3) is 3, got {mean_abs}");
}

#[test]
fn children_per_parent_noise_keeps_shares_a_distribution() {
    let mut c = ChildrenPerParent::from_counts(vec![0, 1, 1, 2, 3, 0, 5, 1], "statistics");
    add_noise_to_children(&mut c, 0.5, 4, "orders_customer_fkey");
    let total: f64 = c.bins.iter().map(|b| b.2).sum();
    assert!((total - 1.0).abs() < 1e-9 && (0.0..=1.0).contains(&c.childless_share));
    assert!(c.parents >= 1);
}

#[test]
fn blank_values_of_sensitive_columns_stay() {
    let mut c = col("address2", TypeKind::Text, false);
    c.stats = stats(&[("", 0.9), ("Flat 3", 0.05)], &[], 3.0);
    let mut p = table("address", vec![c]);
    protect_sensitive(&mut p, &[("address2".into(), Some("address".into()))], &|_, _| false);
    let st = column(&p, "address2").stats.as_ref().unwrap();
    assert_eq!((st.most_common_vals.clone(), st.most_common_freqs.clone()), (vec![String::new()], vec![0.9]));
}

#[test]
fn quantiles_of_columns_with_common_values_stay_as_they_are() {
    let mut p = people();
    // Amounts of three prices, each seen hundreds of times: their quantiles are not rare values.
    p.columns[3].stats = stats(&[("0.99", 0.5), ("2.99", 0.3), ("4.99", 0.2)], &[], 3.0);
    p.dependence.as_mut().unwrap().nodes[0].model = Conditional::Quantiles {
        bins: None,
        rows: vec![crate::profile::ConditionalQuantiles {
            parent: Some("basic".into()),
            null_share: 0.0,
            quantiles: vec![0.99, 0.99, 2.99, 4.99],
        }],
    };
    suppress_rare(&mut p, 5.0);
    match &p.dependence.as_ref().unwrap().nodes[0].model {
        Conditional::Quantiles { rows, .. } => assert_eq!(rows[0].quantiles, [0.99, 0.99, 2.99, 4.99]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn dropped_categories_leave_their_look_behind() {
    // Every most-common value is common; only the sampled categories hold a rare value.
    let mut city = col("city", TypeKind::Text, true);
    city.stats = stats(&[("PARIS", 0.6), ("LYON", 0.398)], &[], 3.0);
    city.categories = Some(Categories {
        null_share: 0.0,
        values: vec![("PARIS".into(), 0.6), ("LYON".into(), 0.398), ("NICE".into(), 0.002)],
    });
    let mut p = table("t", vec![city]);
    p.table.reltuples = 1000.0;
    suppress_rare(&mut p, 5.0);
    let c = column(&p, "city");
    assert!(c.categories.is_none());
    assert_eq!(c.stats.as_ref().unwrap().most_common_vals, ["PARIS", "LYON"], "the common values stay");
    let style = c.content.as_ref().and_then(|x| x.style).expect("the case stays when values go");
    assert_eq!(style.case, Some(crate::semantic::Case::Upper));
}

#[test]
fn range_statistics_leave_with_the_values_they_are() {
    let ranges = || {
        let mut c = col("during", TypeKind::Range, true);
        c.stats = Some(ColumnStats {
            range: Some(crate::profile::RangeStats {
                empty_frac: 0.2,
                lower_bounds: vec![Some("2024-01-01".into()), None],
                upper_bounds: vec![Some("2024-01-05".into()), Some("2024-02-01".into())],
                lengths: vec![4.0, 31.0],
            }),
            ..ColumnStats::default()
        });
        table("stays", vec![c])
    };
    // Sensitive: no statistics of the ranges at all.
    let mut p = ranges();
    protect_sensitive(&mut p, &[("during".into(), Some("birth_date".into()))], &|_, _| false);
    assert_eq!(p.columns[0].stats.as_ref().unwrap().range, None);
    // Exported: the share of empty ranges, no bound, no length.
    let mut p = ranges();
    suppress_rare(&mut p, 5.0);
    let r = p.columns[0].stats.as_ref().unwrap().range.clone().unwrap();
    assert_eq!((r.empty_frac, r.lower_bounds.len(), r.upper_bounds.len(), r.lengths.len()), (0.2, 0, 0, 0));
    // With epsilon: nothing.
    let mut p = ranges();
    add_noise(&mut p, 1.0, 7);
    assert_eq!(p.columns[0].stats.as_ref().unwrap().range, None);
}
