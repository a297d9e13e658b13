//! Tests of learning: determinism, trees, the copula, conditionals, places and rules.

use super::copula::{attenuation, nearest_correlation, normal_quantile, shrink, symmetric_eigen};
use super::tree::determines;
use super::*;
use crate::profile::*;
use crate::rng::Key;

fn column(name: &str, kind: TypeKind, values: Vec<Option<String>>) -> SampleColumn {
    SampleColumn { name: name.into(), kind, key: false, via: None, values, place: None }
}

#[test]
fn learning_gives_the_same_model_to_the_last_bit_every_time() {
    // Strengths are sums over many (value, value) cells: summed in a hash map's order they
    // differ in the last bit from one map to the next, which flips ties between equally
    // strong edges (two columns unique per row) and so the model a profile ships.
    let key = Key::from_seed(3);
    let (mut a, mut b, mut c) = (vec![], vec![], vec![]);
    for i in 0..3000u64 {
        a.push(Some(format!("a{}", key.stream(i).below(150))));
        b.push(Some(format!("b{}", key.derive("b").stream(i).below(150))));
        c.push(Some(format!("c{}", key.derive("c").stream(i).below(150))));
    }
    let columns = [column("a", TypeKind::Text, a), column("b", TypeKind::Text, b), column("c", TypeKind::Text, c)];
    let first = serde_json::to_string(&learn(&columns)).unwrap();
    for _ in 0..10 {
        assert_eq!(serde_json::to_string(&learn(&columns)).unwrap(), first);
    }
}

#[test]
fn functional_dependencies_become_tree_edges() {
    // city determines country; amount is independent of both.
    let cities =
        [("Paris", "France"), ("Lyon", "France"), ("Berlin", "Germany"), ("Munich", "Germany"), ("Rome", "Italy")];
    let key = Key::from_seed(1);
    let (mut city, mut country, mut amount) = (vec![], vec![], vec![]);
    for i in 0..1000u64 {
        let (c, k) = cities[key.stream(i).index(cities.len())];
        city.push(Some(c.to_string()));
        country.push(Some(k.to_string()));
        amount.push(Some(format!("{}", key.derive("a").stream(i).below(1000))));
    }
    let d = learn(&[
        column("city", TypeKind::Text, city),
        column("country", TypeKind::Text, country),
        column("amount", TypeKind::Integer, amount),
    ]);
    assert_eq!(d.nodes.len(), 1, "{:?}", d.nodes);
    let node = &d.nodes[0];
    assert_eq!((node.column.as_str(), node.parent.as_str()), ("country", "city"));
    let Conditional::Table { rows, .. } = &node.model else { panic!("{:?}", node.model) };
    let paris = rows.iter().find(|r| r.parent.as_deref() == Some("Paris")).unwrap();
    assert_eq!(paris.values, vec![(Some("France".to_string()), 1.0)]);
}

#[test]
fn a_small_table_is_its_own_sample_for_the_copula() {
    // Nine facilities, as in pgexercises: fees and upkeep rise together.
    let fees = [5.0, 25.0, 0.0, 0.0, 9.9, 35.0, 3.5, 0.0, 0.0];
    let upkeep = [200.0, 200.0, 50.0, 80.0, 3000.0, 3000.0, 15.0, 15.0, 10.0];
    let text = |v: &[f64]| v.iter().map(|x| Some(x.to_string())).collect();
    let d = learn(&[
        column("membercost", TypeKind::Numeric, text(&fees)),
        column("upkeep", TypeKind::Numeric, text(&upkeep)),
    ]);
    let copula = d.copula.expect("two numbers make a copula");
    assert!(copula.correlation[0][1] > 0.5, "{:?}", copula.correlation);
}

#[test]
fn eigen_decompositions_rebuild_their_matrix() {
    let a = vec![vec![4.0, 1.0, -2.0], vec![1.0, 3.0, 0.5], vec![-2.0, 0.5, 1.0]];
    let (values, vectors) = symmetric_eigen(&a);
    for i in 0..3 {
        for j in 0..3 {
            let back: f64 = (0..3).map(|m| vectors[i][m] * values[m] * vectors[j][m]).sum();
            assert!((back - a[i][j]).abs() < 1e-9, "{values:?}");
        }
    }
}

#[test]
fn the_nearest_correlation_matrix_keeps_strong_relations_strong() {
    // Not positive definite: a is nearly b and nearly c, yet b and c disagree.
    let a = vec![vec![1.0, 0.99, 0.99], vec![0.99, 1.0, 0.5], vec![0.99, 0.5, 1.0]];
    assert!(cholesky(&a).is_none());
    let near = nearest_correlation(&a).unwrap();
    assert!(cholesky(&near).is_some());
    assert!((0..3).all(|i| near[i][i] == 1.0));
    assert!(near[0][1] > 0.85 && near[0][2] > 0.85, "{near:?}");
    // Shrinking every correlation by one share, as before, needs far more.
    let mut lambda = 0.0;
    while cholesky(&shrink(&a, lambda)).is_none() {
        lambda += 0.05;
    }
    assert!(near[0][1] > 0.99 * (1.0 - lambda), "{near:?} vs shrunk by {lambda}");
}

#[test]
fn columns_null_in_different_rows_keep_their_near_perfect_correlations() {
    // Elements: a mass, its neutrons and protons rise together; other measures are known for
    // some elements only, so their pairwise correlations do not fit one matrix.
    let key = Key::from_seed(5);
    let n = 118;
    let mut cols: Vec<Vec<Option<String>>> = vec![vec![]; 6];
    for i in 0..n {
        let mut s = key.stream(i as u64);
        let z = i as f64;
        let v = [
            Some(z * 2.5 + s.unit()),
            Some(z * 1.4 + s.unit()),
            Some(z),
            (i % 3 != 0).then(|| z * z + 40.0 * s.unit()),
            (i % 4 != 1).then(|| -z + 80.0 * s.unit()),
            (i % 5 != 2 && i < 90).then(|| 100.0 * s.unit() - z * 0.5),
        ];
        for (c, x) in v.iter().enumerate() {
            cols[c].push(x.map(|x| format!("{x:.3}")));
        }
    }
    let names = ["mass", "neutrons", "protons", "density", "radius", "heat"];
    let columns: Vec<SampleColumn> =
        names.iter().zip(cols).map(|(name, values)| column(name, TypeKind::Double, values)).collect();
    let copula = learn(&columns).copula.unwrap();
    assert!(copula.correlation[0][1] > 0.99 && copula.correlation[0][2] > 0.99, "{:?}", copula.correlation);
}

#[test]
fn copula_recovers_a_known_correlation_matrix() {
    // Three columns with normal scores correlated as `want`, seen through monotone
    // transforms (ranks do not care) and a few NULLs.
    let want = vec![vec![1.0, 0.8, -0.3], vec![0.8, 1.0, -0.1], vec![-0.3, -0.1, 1.0]];
    let l = cholesky(&want).unwrap();
    let key = Key::from_seed(2);
    let (mut a, mut b, mut c) = (vec![], vec![], vec![]);
    for i in 0..5000u64 {
        let mut s = key.stream(i);
        let e: Vec<f64> = (0..3).map(|_| normal_quantile(s.unit())).collect();
        let z: Vec<f64> = (0..3).map(|r| (0..=r).map(|k| l[r][k] * e[k]).sum()).collect();
        a.push(Some(format!("{}", (z[0] * 2.0).exp())));
        b.push((i % 50 != 0).then(|| format!("{}", z[1] * 10.0 + 3.0)));
        c.push(Some(format!("{}", z[2].powi(3))));
    }
    let d =
        learn(&[column("a", TypeKind::Double, a), column("b", TypeKind::Double, b), column("c", TypeKind::Double, c)]);
    let copula = d.copula.expect("three numbers make a copula");
    assert_eq!(copula.columns, vec!["a", "b", "c"]);
    for (i, row) in want.iter().enumerate() {
        for (j, w) in row.iter().enumerate() {
            assert!((copula.correlation[i][j] - w).abs() < 0.03, "{:?}", copula.correlation);
        }
    }
    assert!(d.nodes.is_empty(), "numbers are related by the copula alone: {:?}", d.nodes);
}

#[test]
fn a_number_with_few_values_takes_part_in_the_copula_with_its_latent_correlation() {
    // A price tier (two values) cut from a normal variable correlated 0.8 with a duration:
    // it is a category for the conditionals and, through its numbers, a column of the
    // copula whose correlation is the latent one, not the smaller one of its two scores.
    let key = Key::from_seed(5);
    let (mut tier, mut length) = (vec![], vec![]);
    for i in 0..4000u64 {
        let z = normal_quantile(key.stream(i).unit());
        let w = 0.8 * z + 0.6 * normal_quantile(key.stream(i + 10_000).unit());
        length.push(Some(format!("{}", 1000.0 + 300.0 * z)));
        tier.push(Some(if w > 0.5 { "1.99" } else { "0.99" }.to_string()));
    }
    let d = learn(&[column("length", TypeKind::Double, length), column("tier", TypeKind::Numeric, tier)]);
    let copula = d.copula.expect("the tier is in the copula");
    assert_eq!(copula.columns, vec!["length", "tier"]);
    assert!((copula.correlation[0][1] - 0.8).abs() < 0.06, "{:?}", copula.correlation);
}

#[test]
fn extended_statistics_mcv_lists_become_conditionals() {
    let items = vec![
        (vec![Some("DE".to_string()), Some("Berlin".to_string()), Some("de".to_string())], 0.3),
        (vec![Some("DE".to_string()), Some("Munich".to_string()), Some("de".to_string())], 0.1),
        (vec![Some("FR".to_string()), Some("Paris".to_string()), Some("fr".to_string())], 0.4),
        (vec![Some("FR".to_string()), None, Some("fr".to_string())], 0.2),
    ];
    // Listed city first (its column comes first in the table): the country, with fewer
    // values, is the parent all the same.
    let items: Vec<_> = items.into_iter().map(|(v, f)| (vec![v[1].clone(), v[0].clone(), v[2].clone()], f)).collect();
    let nodes = from_mcv(&["city".into(), "country".into(), "lang".into()], &items);
    assert_eq!(nodes.len(), 2);
    let node = |c: &str| nodes.iter().find(|n| n.column == c).unwrap_or_else(|| panic!("{nodes:?}"));
    assert_eq!(node("city").parent, "country");
    assert_eq!(node("lang").parent, "country");
    let Conditional::Table { bins: None, rows } = &node("city").model else { panic!("{:?}", node("city").model) };
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].parent.as_deref(), Some("DE"));
    let names: Vec<Option<&str>> = rows[0].values.iter().map(|v| v.0.as_deref()).collect();
    assert_eq!(names, [Some("Berlin"), Some("Munich")]);
    assert!((rows[0].values[0].1 - 0.75).abs() < 1e-12 && (rows[0].values[1].1 - 0.25).abs() < 1e-12);
    assert!((rows[1].values[1].1 - 1.0 / 3.0).abs() < 1e-12 && rows[1].values[1].0.is_none());
    // A language that is a function of the country: all of the country's information.
    let h = -(0.4f64 * 0.4f64.ln() + 0.6 * 0.6f64.ln());
    assert!((node("lang").strength - h).abs() < 1e-9, "{}", node("lang").strength);
}

#[test]
fn ties_attenuate_normal_scores_as_theory_says() {
    // Distinct values: nothing lost. Two equal halves: sqrt(2/π).
    let distinct: Vec<f64> = (0..1000).map(f64::from).collect();
    assert!(attenuation(&distinct) > 0.99);
    let halves: Vec<f64> = (0..1000).map(|i| f64::from(i % 2)).collect();
    assert!((attenuation(&halves) - (2.0 / std::f64::consts::PI).sqrt()).abs() < 1e-3);
}

#[test]
fn a_correlation_matrix_that_is_not_positive_definite_is_shrunk() {
    let r = vec![vec![1.0, 0.9, 0.9], vec![0.9, 1.0, -0.9], vec![0.9, -0.9, 1.0]];
    assert!(cholesky(&r).is_none());
    let mut lambda = 0.0;
    while cholesky(&shrink(&r, lambda)).is_none() {
        lambda += 0.05;
    }
    assert!(lambda > 0.0 && lambda < 1.0);
}

#[test]
fn columns_with_few_values_are_categories() {
    let few: Vec<Option<String>> = (0..100).map(|i| (i % 10 != 0).then(|| format!("{}", i % 3))).collect();
    let cats = categories(&column("k", TypeKind::Integer, few)).unwrap();
    assert!((cats.null_share - 0.1).abs() < 1e-9);
    assert_eq!(cats.values.len(), 3);
    assert!((cats.values.iter().map(|v| v.1).sum::<f64>() + cats.null_share - 1.0).abs() < 1e-9);
    let many: Vec<Option<String>> = (0..100).map(|i| Some(format!("v{i}"))).collect();
    assert!(categories(&column("name", TypeKind::Text, many)).is_none(), "all distinct: free text");
}

#[test]
fn numbers_given_categories_keep_their_quantiles() {
    let mut kind = vec![];
    let mut price = vec![];
    for i in 0..400 {
        let premium = i % 4 == 0;
        kind.push(Some(if premium { "premium" } else { "basic" }.to_string()));
        price.push(Some(format!("{}", if premium { 100 + i % 50 } else { 10 + i % 5 })));
    }
    let d = learn(&[column("kind", TypeKind::Text, kind), column("price", TypeKind::Integer, price)]);
    let Conditional::Quantiles { rows, .. } = &d.nodes[0].model else { panic!("{:?}", d.nodes) };
    let premium = rows.iter().find(|r| r.parent.as_deref() == Some("premium")).unwrap();
    assert!(premium.quantiles[0] >= 100.0 && premium.quantiles[20] < 150.0, "{:?}", premium.quantiles);
}

#[test]
fn independent_columns_with_many_values_stay_unlinked() {
    let key = Key::from_seed(3);
    let a = (0..300u64).map(|i| Some(format!("a{}", key.stream(i).below(100)))).collect();
    let b = (0..300u64).map(|i| Some(format!("b{}", key.derive("b").stream(i).below(100)))).collect();
    assert!(learn(&[column("a", TypeKind::Text, a), column("b", TypeKind::Text, b)]).nodes.is_empty());
}

#[test]
fn rules_that_always_held_are_found() {
    let n = 50;
    let placed: Vec<Option<String>> = (0..n).map(|i| Some(format!("2024-01-{:02}", 1 + i % 20))).collect();
    let shipped: Vec<Option<String>> =
        (0..n).map(|i| if i % 7 == 0 { None } else { Some(format!("2024-02-{:02}", 1 + i % 20)) }).collect();
    let delivered: Vec<Option<String>> = shipped.iter().map(|s| s.as_ref().map(|_| "2024-03-01".to_string())).collect();
    let qty: Vec<Option<String>> = (0..n).map(|i| Some(format!("{}", 1 + i % 4))).collect();
    let price: Vec<Option<String>> = (0..n).map(|i| Some(format!("{}.50", 2 + i % 3))).collect();
    let total: Vec<Option<String>> =
        (0..n).map(|i| Some(format!("{:.2}", (1 + i % 4) as f64 * ((2 + i % 3) as f64 + 0.5)))).collect();
    let code: Vec<Option<String>> = (0..n).map(|i| Some(format!("{}", 1 + i % 5))).collect();
    let big: Vec<Option<String>> = (0..n).map(|i| Some(format!("{}", 1000 + i * 17 % 1000))).collect();
    let d = learn(&[
        column("placed", TypeKind::Date, placed),
        column("shipped", TypeKind::Date, shipped),
        column("delivered", TypeKind::Date, delivered),
        column("qty", TypeKind::Integer, qty),
        column("price", TypeKind::Numeric, price),
        column("total", TypeKind::Numeric, total),
        column("code", TypeKind::Integer, code),
        column("big", TypeKind::Integer, big),
    ]);
    assert!(d.rules.contains(&Rule::LessOrEqual { left: "placed".into(), right: "shipped".into() }), "{:?}", d.rules);
    assert!(d.rules.contains(&Rule::NullTogether { columns: vec!["shipped".into(), "delivered".into()] }));
    assert!(d.rules.contains(&Rule::Product { column: "total".into(), factors: vec!["qty".into(), "price".into()] }));
    assert!(
        !d.rules.contains(&Rule::LessOrEqual { left: "code".into(), right: "big".into() }),
        "disjoint ranges order trivially"
    );
}

#[test]
fn orderings_that_ranges_alone_explain_are_not_rules() {
    // Elements: neutrons (0 to 160) are below melting points (14 to 3800 kelvin) in every row,
    // as nearly any neutron count is below nearly any melting point. A sale price below the
    // list price is a rule: their ranges are the same.
    let n = 118;
    let key = Key::from_seed(8);
    let neutrons: Vec<Option<String>> = (0..n).map(|i| Some(format!("{}", (i as f64 * 1.4).round()))).collect();
    let melting: Vec<Option<String>> = (0..n)
        .map(|i| Some(format!("{:.1}", if i == 0 { 14.0 } else { 200.0 + 3600.0 * key.stream(i).unit() })))
        .collect();
    let list: Vec<f64> = (0..n).map(|i| 10.0 + 90.0 * key.derive("list").stream(i).unit()).collect();
    let sale: Vec<Option<String>> = list
        .iter()
        .enumerate()
        .map(|(i, l)| Some(format!("{:.2}", l * (0.6 + 0.4 * key.derive("off").stream(i as u64).unit()))))
        .collect();
    let list: Vec<Option<String>> = list.iter().map(|l| Some(format!("{l:.2}"))).collect();
    let d = learn(&[
        column("neutrons", TypeKind::Integer, neutrons),
        column("melting", TypeKind::Numeric, melting),
        column("sale", TypeKind::Numeric, sale),
        column("list", TypeKind::Numeric, list),
    ]);
    assert!(
        !d.rules.contains(&Rule::LessOrEqual { left: "neutrons".into(), right: "melting".into() }),
        "{:?}",
        d.rules
    );
    assert!(d.rules.contains(&Rule::LessOrEqual { left: "sale".into(), right: "list".into() }), "{:?}", d.rules);
}

#[test]
fn a_parent_rows_column_can_be_the_parent() {
    let countries = ["France", "Germany", "Italy", "Spain"];
    let key = Key::from_seed(4);
    let (mut parent_country, mut billing) = (vec![], vec![]);
    for i in 0..500u64 {
        let c = countries[key.stream(i).index(4)];
        parent_country.push(Some(c.to_string()));
        billing.push(Some(c.to_string()));
    }
    let mut external = column("country", TypeKind::Text, parent_country);
    external.via = Some("invoice_customer_id_fkey".into());
    let d = learn(&[column("billing_country", TypeKind::Text, billing), external]);
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(d.nodes[0].via.as_deref(), Some("invoice_customer_id_fkey"));
    assert_eq!(d.nodes[0].parent, "country");
}

#[test]
fn a_region_follows_its_city_rather_than_the_parent_row_s_region() {
    // An invoice's billing place copies its customer's: the parent row's country and region
    // both tell the billing columns exactly, but one tree may hold one of them only. The
    // region must then come from the billing city (it is a function of it), not from the
    // parent's region, or a city lands in a region it is not in.
    let places = [
        ("Austin", Some("TX"), "USA"),
        ("Dallas", Some("TX"), "USA"),
        ("Boston", Some("MA"), "USA"),
        ("Toronto", Some("ON"), "Canada"),
        ("Montréal", Some("QC"), "Canada"),
        ("Paris", None, "France"),
        ("Lyon", None, "France"),
    ];
    let key = Key::from_seed(9);
    let (mut city, mut region, mut country) = (vec![], vec![], vec![]);
    for i in 0..400u64 {
        let (c, r, k) = places[key.stream(i).index(places.len())];
        city.push(Some(c.to_string()));
        region.push(r.map(str::to_string));
        country.push(Some(k.to_string()));
    }
    let via = |mut c: SampleColumn| {
        c.via = Some("invoice_customer_id_fkey".into());
        c
    };
    let d = learn(&[
        column("billing_city", TypeKind::Text, city),
        column("billing_state", TypeKind::Text, region.clone()),
        column("billing_country", TypeKind::Text, country.clone()),
        via(column("country", TypeKind::Text, country)),
        via(column("state", TypeKind::Text, region)),
    ]);
    assert_eq!(d.nodes.iter().filter(|n| n.via.is_some()).count(), 1, "{:?}", d.nodes);
    // Every billing column is in the parent-rooted tree: each is drawn given another.
    for c in ["billing_city", "billing_state", "billing_country"] {
        assert!(d.nodes.iter().any(|n| n.column == c), "{c} is drawn given another column: {:?}", d.nodes);
    }
}

#[test]
fn a_customer_s_state_follows_its_city_when_cities_are_too_many_to_be_categories() {
    // chinook's customers: a city each (nearly), a state that is a category, a country. The
    // tree links state and country; the city, drawn given the country beside it, would land
    // in any state of that country (Orlando, CA). The state is drawn given the city instead.
    let us = [("TX", 14), ("CA", 12), ("FL", 8), ("WA", 6)];
    let (mut city, mut state, mut country) = (vec![], vec![], vec![]);
    let mut i = 0;
    for (st, count) in us {
        for _ in 0..count {
            city.push(Some(format!("City{i}")));
            state.push(Some(st.to_string()));
            country.push(Some("USA".to_string()));
            i += 1;
        }
    }
    for (k, count) in [("France", 12), ("Germany", 10)] {
        for _ in 0..count {
            city.push(Some(format!("City{i}")));
            state.push(None);
            country.push(Some(k.to_string()));
            i += 1;
        }
    }
    let n = city.len();
    let place = |mut c: SampleColumn, p: Place| {
        c.place = Some(p);
        c
    };
    let d = learn(&[
        place(column("city", TypeKind::Text, city), Place::City),
        place(column("state", TypeKind::Text, state), Place::Region),
        place(column("country", TypeKind::Text, country), Place::Country),
    ]);
    // The three places are one chain through the city: two links, each with the city at
    // one end (state → city → country here, the tree having drawn the country given the
    // state), and what is drawn given the city is a function of it.
    let links: Vec<(&str, &str)> = d
        .nodes
        .iter()
        .filter(|x| ["city", "state", "country"].contains(&x.column.as_str()))
        .map(|x| (x.column.as_str(), x.parent.as_str()))
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links.iter().all(|(a, b)| *a == "city" || *b == "city"), "{links:?}");
    for x in d.nodes.iter().filter(|x| x.parent == "city") {
        let Conditional::Table { rows, .. } = &x.model else { panic!() };
        assert_eq!(rows.len(), n);
        assert!(rows.iter().all(|r| r.values.len() == 1), "{} given the city: {rows:?}", x.column);
    }
}

#[test]
fn a_function_needs_repeated_values_and_enough_rows() {
    let col =
        |name: &str, vals: &[&str]| column(name, TypeKind::Text, vals.iter().map(|v| Some(v.to_string())).collect());
    let n = 12;
    let a = col("a", &["x", "x", "y", "y", "z", "z", "x", "y", "z", "x", "y", "z"]);
    let b = col("b", &["1", "1", "2", "2", "1", "1", "1", "2", "1", "1", "2", "1"]);
    let distinct = col("d", &["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"]);
    let (ea, eb) = (encode(&a, n).unwrap(), encode(&b, n).unwrap());
    assert!(determines(&ea, &eb, n));
    assert!(!determines(&eb, &ea, n), "b takes 1 with both x and z");
    // Twelve distinct values are not a category; and the first rows alone are too few.
    assert!(encode(&distinct, n).is_none());
    let few = |c: &SampleColumn| column(&c.name, c.kind, c.values[..6].to_vec());
    let (fa, fb) = (few(&a), few(&b));
    assert!(!determines(&encode(&fa, 6).unwrap(), &encode(&fb, 6).unwrap(), 6));
}

#[test]
fn a_column_that_repeats_the_parent_rows_is_a_copy() {
    // Shipping cities: the customer's own in 95% of orders, another city in the rest. Cities are
    // far too many to be categories, so only a copy can keep them together.
    let key = Key::from_seed(8);
    let city = |k: u64| format!("city {k}");
    let (mut customer_city, mut ship_city, mut status, mut parent_status) = (vec![], vec![], vec![], vec![]);
    for i in 0..1000u64 {
        let mut s = key.stream(i);
        let c = s.below(400);
        customer_city.push(Some(city(c)));
        ship_city.push(Some(if s.chance(0.95) { city(c) } else { city(s.below(400)) }));
        // Mostly 'active' on both sides, independently: equal in about 90% of rows by chance.
        let active = |s: &mut crate::rng::Stream| if s.chance(0.95) { "active" } else { "closed" };
        status.push(Some(active(&mut s).to_string()));
        parent_status.push(Some(active(&mut s).to_string()));
    }
    let via = |mut c: SampleColumn| {
        c.via = Some("orders_customer_id_fkey".into());
        c
    };
    let own = [column("ship_city", TypeKind::Varchar, ship_city), column("status", TypeKind::Text, status)];
    let parents =
        [via(column("city", TypeKind::Text, customer_city)), via(column("status", TypeKind::Text, parent_status))];
    let copies = crate::dependence::copies(&own, &parents.iter().collect::<Vec<_>>());
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!((copies[0].column.as_str(), copies[0].parent.as_str()), ("ship_city", "city"));
    assert_eq!(copies[0].via, "orders_customer_id_fkey");
    assert!((copies[0].share - 0.95).abs() < 0.02, "{}", copies[0].share);
}

#[test]
fn numbers_are_copies_by_value_and_a_rare_match_is_not_a_copy() {
    // A line's price is its track's, written with another scale; a discount matches the price
    // in only 60% of rows.
    let key = Key::from_seed(9);
    let (mut track_price, mut line_price, mut discount) = (vec![], vec![], vec![]);
    for i in 0..300u64 {
        let mut s = key.stream(i);
        let cents = 99 + 100 * s.below(3);
        track_price.push(Some(format!("{}.{:02}", cents / 100, cents % 100)));
        line_price.push(Some(format!("{}.{:02}0", cents / 100, cents % 100)));
        discount.push(Some(if s.chance(0.6) { format!("{}.{:02}", cents / 100, cents % 100) } else { "0.00".into() }));
    }
    let mut parent = column("unit_price", TypeKind::Numeric, track_price);
    parent.via = Some("line_track_id_fkey".into());
    let own = [column("unit_price", TypeKind::Numeric, line_price), column("discount", TypeKind::Numeric, discount)];
    let copies = crate::dependence::copies(&own, &[&parent]);
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert_eq!(copies[0].column, "unit_price");
    assert_eq!(copies[0].share, 1.0);
}

#[test]
fn a_moment_never_before_the_parent_rows_is_a_rule() {
    let key = Key::from_seed(10);
    let day = |d: u64| format!("2024-{:02}-{:02}", 1 + d / 28, 1 + d % 28);
    let (mut created, mut placed, mut anywhen) = (vec![], vec![], vec![]);
    for i in 0..200u64 {
        let mut s = key.stream(i);
        let c = s.below(200);
        created.push(Some(day(c)));
        placed.push(Some(day(c + s.below(100))));
        anywhen.push(Some(day(s.below(300))));
    }
    let mut parent = column("created_on", TypeKind::Date, created);
    parent.via = Some("orders_customer_id_fkey".into());
    let d = learn(&[column("placed_on", TypeKind::Date, placed), column("seen_on", TypeKind::Date, anywhen), parent]);
    let after: Vec<&Rule> = d.rules.iter().filter(|r| matches!(r, Rule::AfterParent { .. })).collect();
    assert_eq!(
        after,
        vec![&Rule::AfterParent {
            column: "placed_on".into(),
            parent: "created_on".into(),
            via: "orders_customer_id_fkey".into()
        }]
    );
}
