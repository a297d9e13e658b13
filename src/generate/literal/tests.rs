use std::collections::HashSet;

use super::*;
use crate::profile::{SpatialInfo, TypeInfo};
use crate::rng::Key;

fn ty(kind: TypeKind, name: &str, max_length: Option<u32>) -> TypeInfo {
    let mut t = crate::profile::fixtures::col("c", kind, true).ty;
    t.name = name.into();
    t.max_length = max_length;
    t
}

fn every_literal() -> Vec<(TypeInfo, Literal)> {
    let mut out = Vec::new();
    let mut add = |t: TypeInfo, column: &str| {
        let l = Literal::for_type(&t, column, 7).unwrap_or_else(|| panic!("{:?}", t.kind));
        out.push((t, l));
    };
    use TypeKind::*;
    for (k, n) in [
        (SingleChar, "\"char\""),
        (Cidr, "cidr"),
        (Macaddr, "macaddr"),
        (Macaddr8, "macaddr8"),
        (Point, "point"),
        (Line, "line"),
        (Lseg, "lseg"),
        (Box, "box"),
        (Path, "path"),
        (Polygon, "polygon"),
        (Circle, "circle"),
        (Xml, "xml"),
        (Tsquery, "tsquery"),
        (Jsonpath, "jsonpath"),
        (Hstore, "hstore"),
        (Ltree, "ltree"),
        (Tid, "tid"),
        (Xid, "xid"),
        (Xid8, "xid8"),
        (Cid, "cid"),
        (Snapshot, "pg_snapshot"),
        (Aclitem, "aclitem"),
        (Refcursor, "refcursor"),
    ] {
        add(ty(k, n, None), "v");
    }
    add(ty(Inet, "inet", None), "last_sign_in_ip");
    add(ty(Inet, "inet", None), "host");
    add(ty(Bit, "bit(12)", Some(12)), "v");
    add(ty(Varbit, "bit varying(20)", Some(20)), "v");
    add(ty(Vector, "vector(8)", Some(8)), "embedding");
    add(ty(Cube, "cube", None), "toc");
    for isn in ["ean13", "isbn", "isbn13", "ismn", "issn", "upc"] {
        add(ty(Isn, isn, None), "v");
    }
    for reg in [
        "regclass",
        "regtype",
        "regproc",
        "regprocedure",
        "regoper",
        "regoperator",
        "regconfig",
        "regdictionary",
        "regnamespace",
        "regrole",
        "regcollation",
    ] {
        add(ty(Reg, reg, None), "v");
    }
    for (kind, sub, srid) in [
        (Geometry, "point", 4326),
        (Geometry, "polygon", 3857),
        (Geometry, "multipolygon", 2154),
        (Geometry, "linestring", 0),
        (Geometry, "geometrycollection", 4326),
        (Geography, "multipoint", 4326),
    ] {
        let mut t = ty(kind, "geometry", None);
        t.spatial = Some(SpatialInfo { subtype: sub.into(), srid, z: sub == "linestring", m: false });
        add(t, "geom");
    }
    out
}

#[test]
fn every_type_draws_the_same_values_for_the_same_row() {
    let key = Key::from_seed(3);
    for (t, l) in every_literal() {
        for row in 0..20 {
            let a = l.draw(&mut key.stream(row));
            assert_eq!(a, l.draw(&mut key.stream(row)), "{}", t.name);
            assert!(!a.is_empty(), "{}", t.name);
        }
    }
}

#[test]
fn nth_values_are_distinct_up_to_the_capacity() {
    let key = Key::from_seed(4);
    for (t, l) in every_literal() {
        let cap = l.capacity();
        if cap == 0 {
            continue;
        }
        let n = cap.min(5000);
        let values: HashSet<String> = (0..n).map(|i| l.nth(i, &mut key.stream(i))).collect();
        assert_eq!(values.len() as u64, n, "{}", t.name);
    }
}

#[test]
fn bit_strings_have_their_declared_length() {
    let key = Key::from_seed(5);
    let fixed = Literal::Bits { len: 12, varying: false };
    let varying = Literal::Bits { len: 20, varying: true };
    for row in 0..100 {
        let b = fixed.draw(&mut key.stream(row));
        assert_eq!(b.len(), 12);
        assert!(b.bytes().all(|c| c == b'0' || c == b'1'));
        let v = varying.draw(&mut key.stream(row));
        assert!((1..=20).contains(&v.len()), "{v}");
        assert_eq!(fixed.nth(row, &mut key.stream(row)).len(), 12);
    }
}

#[test]
fn addresses_fit_their_column() {
    let key = Key::from_seed(6);
    let clients = Literal::Inet(Addresses::for_column("last_sign_in_ip"));
    let hosts = Literal::Inet(Addresses::for_column("host_address"));
    for row in 0..300 {
        let c = clients.draw(&mut key.stream(row));
        assert!(!c.starts_with("10.") && !c.starts_with("192.168.") && !c.starts_with("127."), "{c}");
        let h = hosts.draw(&mut key.stream(row));
        assert!(h.starts_with("10.") || h.starts_with("192.168."), "{h}");
        let cidr = Literal::Cidr.draw(&mut key.stream(row));
        // Host bits are zero: the address is its own network.
        let (addr, prefix) = cidr.split_once('/').unwrap();
        let bits = addr.split('.').fold(0u32, |a, o| (a << 8) | o.parse::<u32>().unwrap());
        let prefix: u32 = prefix.parse().unwrap();
        assert_eq!(bits & !(u32::MAX << (32 - prefix)), 0, "{cidr}");
        let mac = Literal::Macaddr.draw(&mut key.stream(row));
        assert_eq!(mac.len(), 17, "{mac}");
        assert_eq!(Literal::Macaddr8.draw(&mut key.stream(row)).len(), 23);
    }
}

#[test]
fn shapes_are_well_formed() {
    let key = Key::from_seed(7);
    for row in 0..200 {
        let s = &mut key.stream(row);
        let poly = Literal::Geometric(Shape::Polygon).draw(s);
        assert!(poly.starts_with("((") && poly.matches('(').count() >= 4, "{poly}");
        let circle = Literal::Geometric(Shape::Circle).draw(s);
        let r: f64 = circle.rsplit(',').next().unwrap().trim_end_matches('>').parse().unwrap();
        assert!(r > 0.0, "{circle}");
        let line = Literal::Geometric(Shape::Line).draw(s);
        let abc: Vec<f64> =
            line.trim_matches(|c| c == '{' || c == '}').split(',').map(|x| x.parse().unwrap()).collect();
        assert!(abc[0] != 0.0 || abc[1] != 0.0, "{line}");
        let place = Literal::Geometric(Shape::point("location")).draw(s);
        let xy: Vec<f64> =
            place.trim_matches(|c| c == '(' || c == ')').split(',').map(|x| x.parse().unwrap()).collect();
        assert!(xy[0].abs() <= 180.0 && xy[1].abs() <= 90.0, "{place}");
    }
}

#[test]
fn spatial_values_carry_their_srid_subtype_and_dimensions() {
    let key = Key::from_seed(8);
    let mut t = ty(TypeKind::Geometry, "geometry(PolygonZ,4326)", None);
    t.spatial = Some(SpatialInfo { subtype: "polygon".into(), srid: 4326, z: true, m: false });
    let l = Literal::for_type(&t, "area", 1).unwrap();
    for row in 0..50 {
        let v = l.draw(&mut key.stream(row));
        assert!(v.starts_with("SRID=4326;POLYGON Z ((") && v.ends_with("))"), "{v}");
        // A closed ring: the first point is the last.
        let inner = v.trim_start_matches("SRID=4326;POLYGON Z ((").trim_end_matches("))");
        let pts: Vec<&str> = inner.split(", ").collect();
        assert_eq!(pts.first(), pts.last(), "{v}");
        assert!(pts.len() >= 4, "{v}");
        assert!(pts.iter().all(|p| p.split(' ').count() == 3), "{v}");
    }
    let mut g = ty(TypeKind::Geography, "geography", None);
    g.spatial = None;
    let p = Literal::for_type(&g, "location", 1).unwrap().draw(&mut key.stream(0));
    assert!(p.starts_with("SRID=4326;POINT ("), "{p}");
}

#[test]
fn documents_are_shaped_for_their_input_functions() {
    let key = Key::from_seed(9);
    for row in 0..200 {
        let s = &mut key.stream(row);
        let x = Literal::Xml.draw(s);
        assert!(x.starts_with('<') && x.ends_with('>') && !x.contains('&'), "{x}");
        let q = Literal::Tsquery.draw(s);
        assert!(q.starts_with('\'') || q.starts_with('!'), "{q}");
        let h = Literal::Hstore.draw(s);
        assert!(h.contains("=>"), "{h}");
        let tree = Literal::Ltree { tree: true, seed: 3 }.draw(s);
        assert!(tree.starts_with("Top"), "{tree}");
        assert!(
            tree.split('.').all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')),
            "{tree}"
        );
        let v = Literal::Vector { dims: 4 }.draw(s);
        let xs: Vec<f64> = v.trim_matches(|c| c == '[' || c == ']').split(',').map(|x| x.parse().unwrap()).collect();
        assert_eq!(xs.len(), 4);
        assert!((xs.iter().map(|x| x * x).sum::<f64>() - 1.0).abs() < 1e-4, "{v}");
    }
}

#[test]
fn ltree_paths_of_one_column_form_one_hierarchy() {
    // Rows share prefixes: few distinct second labels, and each under the root.
    let key = Key::from_seed(10);
    let l = Literal::Ltree { tree: true, seed: 11 };
    let paths: Vec<String> = (0..500).map(|row| l.draw(&mut key.stream(row))).collect();
    let second: HashSet<&str> = paths.iter().filter_map(|p| p.split('.').nth(1)).collect();
    assert!(second.len() <= super::document::BRANCHING as usize, "{second:?}");
}

#[test]
fn product_numbers_carry_their_prefix_and_check_digit() {
    assert_eq!(ean13("978", 30640615, 9), "9780306406157");
    assert_eq!(crate::semantic::checksum::ean13_check_digit("978030640615"), 7);
    assert_eq!(crate::semantic::checksum::ean13_check_digit("400638133393"), 1);
    assert_eq!(crate::semantic::checksum::ean13_check_digit("003600029145"), 2);
    let issn = product_number("issn");
    let v = issn.nth(1144875, &mut Key(1).stream(0));
    assert_eq!(v, "9771144875007");
    let upc = product_number("public.upc");
    assert!(upc.draw(&mut Key(2).stream(0)).starts_with('0'));
}
