//! From CHECK constraints, domains and partition bounds to rules the generators follow.
//!
//! Each parsed clause lands where it can be satisfied by construction: a comparison with a
//! constant narrows the column's [`Bounds`], an IN list becomes its allowed values, `length()`
//! limits its characters, `a < b` becomes a [`Relation`] that bounds the later column by the
//! earlier one. Every parsed clause is also kept as a [`RowCheck`] that the generator verifies in
//! Rust, and what the parser did not understand is an [`OpaqueCheck`] for the database to verify.

use super::scalar::Bounds;
use super::text::like_matches;
use crate::check_expr::{parse_check, Clause, CmpOp, LengthFn, Literal};
use crate::datetime;
use crate::profile::{ColumnProfile, TableProfile, TypeKind};
use crate::value::Value;

/// What the constraints require of one column's non-null values.
#[derive(Clone, Debug, PartialEq)]
pub struct Rules {
    pub bounds: Bounds,
    /// Values on the axis that are excluded (`<>`, `NOT IN` on ordered kinds).
    pub excluded: Vec<f64>,
    /// The only values allowed (IN lists, `=`), when restricted.
    pub allowed: Option<Vec<Value>>,
    /// Values that are not allowed (`<>`, `NOT IN` on other kinds).
    pub forbidden: Vec<Value>,
    pub min_chars: usize,
    pub max_chars: Option<usize>,
    pub max_octets: Option<usize>,
    pub not_null: bool,
    /// `col IS NULL` required.
    pub always_null: bool,
    /// LIKE patterns the value must match (pattern, case-insensitive).
    pub like: Vec<(String, bool)>,
    /// For a partition key: the value must fall in one of these ranges (one per partition).
    pub regions: Vec<Bounds>,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            bounds: Bounds::ALL,
            excluded: vec![],
            allowed: None,
            forbidden: vec![],
            min_chars: 0,
            max_chars: None,
            max_octets: None,
            not_null: false,
            always_null: false,
            like: vec![],
            regions: vec![],
        }
    }
}

/// `left op right` between two columns of the row.
#[derive(Clone, Debug, PartialEq)]
pub struct Relation {
    pub left: usize,
    pub op: CmpOp,
    pub right: usize,
    pub constraint: String,
}

/// A parsed clause the generator verifies on every row.
#[derive(Clone, Debug, PartialEq)]
pub struct RowCheck {
    pub constraint: String,
    pub clause: Clause,
}

/// A constraint (or part of one) only the database can evaluate.
#[derive(Clone, Debug, PartialEq)]
pub struct OpaqueCheck {
    pub constraint: String,
    /// For a domain constraint: the column whose value it checks.
    pub domain_column: Option<usize>,
    pub columns: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Constraints {
    pub rules: Vec<Rules>,
    pub relations: Vec<Relation>,
    pub row_checks: Vec<RowCheck>,
    pub opaque: Vec<OpaqueCheck>,
}

/// The axis step of a kind: the smallest distance between two distinct values.
pub fn unit(kind: TypeKind, scale: u32) -> f64 {
    match kind {
        TypeKind::Numeric => 10f64.powi(-(scale as i32)),
        TypeKind::Real | TypeKind::Double => 0.0,
        _ => 1.0,
    }
}

/// Converts a CHECK literal to a value of the column's kind.
pub fn literal_value(kind: TypeKind, lit: &Literal) -> Option<Value> {
    if kind == TypeKind::Interval {
        if let Some(us) = datetime::parse_interval(&lit.text) {
            return Some(Value::from_axis(TypeKind::Interval, us as f64, 0));
        }
    }
    Value::parse_canonical(kind, &lit.text)
}

/// Narrows `b` by `x op value` for a column whose distinct values are `step` apart.
fn narrow(b: Bounds, op: CmpOp, v: f64, step: f64) -> Bounds {
    let below = |x: f64| if step > 0.0 { x - step } else { x.next_down() };
    let above = |x: f64| if step > 0.0 { x + step } else { x.next_up() };
    match op {
        CmpOp::Eq => b.intersect(Bounds::new(v, v)),
        CmpOp::Lt => b.intersect(Bounds::new(f64::NEG_INFINITY, below(v))),
        CmpOp::Le => b.intersect(Bounds::new(f64::NEG_INFINITY, v)),
        CmpOp::Gt => b.intersect(Bounds::new(above(v), f64::INFINITY)),
        CmpOp::Ge => b.intersect(Bounds::new(v, f64::INFINITY)),
        CmpOp::Ne => b,
    }
}

impl Constraints {
    pub fn collect(profile: &TableProfile) -> Constraints {
        let mut c = Constraints { rules: vec![Rules::default(); profile.columns.len()], ..Default::default() };
        for (i, col) in profile.columns.iter().enumerate() {
            c.rules[i].not_null = col.not_null;
            if let Some(d) = &col.ty.domain {
                c.rules[i].not_null |= d.not_null;
                for chk in &d.checks {
                    let model = parse_check(&chk.definition);
                    for clause in model.clauses {
                        let clause = rename(clause, "VALUE", &col.name);
                        c.add(profile, &chk.name, clause, Some(i));
                    }
                }
            }
            if let Some(n) = col.ty.max_length {
                let r = &mut c.rules[i];
                r.max_chars = Some(r.max_chars.map_or(n as usize, |m| m.min(n as usize)));
            }
            if let (TypeKind::Numeric, Some(p)) = (col.ty.kind, col.ty.precision) {
                // numeric(p, s) holds |x| < 10^(p - s), rounded to s digits.
                let s = col.ty.scale.unwrap_or(0) as i32;
                let max = 10f64.powi(p as i32 - s) - 10f64.powi(-s);
                c.rules[i].bounds = c.rules[i].bounds.intersect(Bounds::new(-max, max));
            }
        }
        for chk in &profile.checks {
            for clause in parse_check(&chk.definition).clauses {
                c.add(profile, &chk.name, clause, None);
            }
        }
        c
    }

    fn add(&mut self, p: &TableProfile, constraint: &str, clause: Clause, domain_column: Option<usize>) {
        if self.apply(p, &clause) {
            self.row_checks.push(RowCheck { constraint: constraint.to_string(), clause });
        } else {
            let columns = clause.columns().iter().filter_map(|n| p.column_index(n)).collect();
            self.opaque.push(OpaqueCheck { constraint: constraint.to_string(), domain_column, columns });
        }
    }

    /// Folds a clause into the rules; false when it cannot be evaluated here.
    fn apply(&mut self, p: &TableProfile, clause: &Clause) -> bool {
        let idx = |name: &str| p.column_index(name);
        match clause {
            Clause::Compare { column, op, value } => {
                let Some(i) = idx(column) else { return false };
                self.apply_compare(&p.columns[i], i, *op, value)
            }
            Clause::Length { column, func, op, value } => {
                let Some(i) = idx(column) else { return false };
                if !p.columns[i].ty.kind.is_text() {
                    return false;
                }
                let r = &mut self.rules[i];
                let n = (*value).max(0) as usize;
                let (lo, hi) = match op {
                    CmpOp::Eq => (Some(n), Some(n)),
                    CmpOp::Lt => (None, Some(n.saturating_sub(1))),
                    CmpOp::Le => (None, Some(n)),
                    CmpOp::Gt => (Some(n + 1), None),
                    CmpOp::Ge => (Some(n), None),
                    CmpOp::Ne => (None, None),
                };
                match func {
                    LengthFn::Chars => {
                        if let Some(lo) = lo {
                            r.min_chars = r.min_chars.max(lo);
                        }
                        if let Some(hi) = hi {
                            r.max_chars = Some(r.max_chars.map_or(hi, |m| m.min(hi)));
                        }
                    }
                    LengthFn::Octets => {
                        if let Some(hi) = hi {
                            r.max_octets = Some(r.max_octets.map_or(hi, |m| m.min(hi)));
                        }
                    }
                }
                true
            }
            Clause::CompareColumns { left, op, right } => {
                let (Some(l), Some(r)) = (idx(left), idx(right)) else {
                    return false;
                };
                let (kl, kr) = (p.columns[l].ty.kind, p.columns[r].ty.kind);
                let same_axis = kl == kr
                    || (kl.is_integer() || kl == TypeKind::Numeric) && (kr.is_integer() || kr == TypeKind::Numeric)
                    || matches!(
                        (kl, kr),
                        (TypeKind::Timestamp | TypeKind::Timestamptz, TypeKind::Timestamp | TypeKind::Timestamptz)
                    );
                if !(kl.is_ordered_scalar() && same_axis) {
                    return false;
                }
                if *op != CmpOp::Ne {
                    self.relations.push(Relation { left: l, op: *op, right: r, constraint: String::new() });
                }
                true
            }
            Clause::In { column, values, negated } => {
                let Some(i) = idx(column) else { return false };
                let kind = p.columns[i].ty.kind;
                let Some(vals) = values.iter().map(|l| literal_value(kind, l)).collect::<Option<Vec<Value>>>() else {
                    return false;
                };
                let r = &mut self.rules[i];
                if *negated {
                    if kind.is_ordered_scalar() {
                        r.excluded.extend(vals.iter().filter_map(Value::axis));
                    } else {
                        r.forbidden.extend(vals);
                    }
                } else {
                    r.allowed = Some(match r.allowed.take() {
                        Some(prev) => prev.into_iter().filter(|v| vals.contains(v)).collect(),
                        None => vals,
                    });
                }
                true
            }
            Clause::IsNotNull { column } => idx(column).map(|i| self.rules[i].not_null = true).is_some(),
            Clause::IsNull { column } => idx(column).map(|i| self.rules[i].always_null = true).is_some(),
            Clause::Like { column, pattern, negated: false, case_insensitive } => {
                let Some(i) = idx(column) else { return false };
                self.rules[i].like.push((pattern.clone(), *case_insensitive));
                true
            }
            Clause::Like { .. } => idx_of_text(p, clause).is_some(),
            Clause::WhenNotNull { clauses, .. } => {
                // The inner clauses bind only non-null values, which is all the rules ever bind.
                let mut ok = true;
                for inner in clauses {
                    ok &= self.apply(p, inner);
                }
                ok
            }
            Clause::Regex { .. } | Clause::Opaque(_) => false,
        }
    }

    fn apply_compare(&mut self, col: &ColumnProfile, i: usize, op: CmpOp, lit: &Literal) -> bool {
        let kind = col.ty.kind;
        // `(n)::text > '5'` on a number compares text, not numbers: leave it to the database.
        let text_cast =
            lit.cast.as_deref().is_some_and(|c| c == "text" || c.starts_with("character varying") || c == "bpchar");
        if text_cast && !kind.is_text() && kind != TypeKind::Enum {
            return false;
        }
        let Some(v) = literal_value(kind, lit) else {
            return false;
        };
        let r = &mut self.rules[i];
        if kind.is_ordered_scalar() {
            let Some(x) = v.axis() else { return false };
            if x.is_nan() {
                // `<> 'NaN'`: generators never produce NaN; other comparisons with NaN are opaque.
                return op == CmpOp::Ne;
            }
            if op == CmpOp::Ne {
                r.excluded.push(x);
            } else {
                r.bounds = narrow(r.bounds, op, x, unit(kind, col.ty.scale.unwrap_or(0)));
            }
            return true;
        }
        match (kind, op) {
            (TypeKind::Enum, _) => {
                let labels = col.ty.enum_labels.clone().unwrap_or_default();
                let Value::Text(label) = &v else { return false };
                let Some(pos) = labels.iter().position(|l| l == label) else {
                    return false;
                };
                let keep: Vec<Value> = labels
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| op_holds(op, (*j).cmp(&pos)))
                    .map(|(_, l)| Value::Text(l.clone()))
                    .collect();
                r.allowed = Some(match r.allowed.take() {
                    Some(prev) => prev.into_iter().filter(|x| keep.contains(x)).collect(),
                    None => keep,
                });
                true
            }
            (_, CmpOp::Eq) => {
                r.allowed = Some(match r.allowed.take() {
                    Some(prev) => prev.into_iter().filter(|x| *x == v).collect(),
                    None => vec![v],
                });
                true
            }
            (_, CmpOp::Ne) => {
                r.forbidden.push(v);
                true
            }
            // Text ordering: verified per row (C-collation order; the database has the last word).
            _ => kind.is_text(),
        }
    }
}

/// Rules that keep a partitioned table's rows inside its partitions: for a range or list
/// partitioning on one column without a default partition, the union of the partitions' bounds.
/// Returns the key column and the rules its values must also follow.
pub fn partition_rules(p: &TableProfile) -> Option<(usize, Rules)> {
    let part = p.partitioning.as_ref()?;
    if part.key.len() != 1 || part.strategy == "hash" {
        return None;
    }
    let col = p.column_index(&part.key[0])?;
    let kind = p.columns[col].ty.kind;
    let mut out = Rules::default();
    let mut allowed: Vec<Value> = vec![];
    for partition in &part.partitions {
        // A default partition takes every row: nothing to keep to.
        let constraint = partition.constraint.as_ref().filter(|_| partition.bound != "DEFAULT")?;
        let mut single = Constraints { rules: vec![Rules::default(); p.columns.len()], ..Default::default() };
        for clause in parse_check(constraint).clauses {
            if !single.apply(p, &clause) {
                return None;
            }
        }
        let r = &single.rules[col];
        if kind.is_ordered_scalar() && r.allowed.is_none() {
            out.regions.push(r.bounds);
        } else {
            allowed.extend(r.allowed.clone()?);
        }
    }
    if !out.regions.is_empty() {
        let lo = out.regions.iter().map(|b| b.lo).fold(f64::INFINITY, f64::min);
        let hi = out.regions.iter().map(|b| b.hi).fold(f64::NEG_INFINITY, f64::max);
        out.bounds = Bounds::new(lo, hi);
    }
    if !allowed.is_empty() {
        out.allowed = Some(allowed);
    }
    out.not_null = true;
    Some((col, out))
}

/// Merges partition rules into a column's rules.
pub fn merge(into: &mut Rules, extra: Rules) {
    into.bounds = into.bounds.intersect(extra.bounds);
    into.regions = extra.regions;
    into.not_null |= extra.not_null;
    if let Some(a) = extra.allowed {
        into.allowed = Some(match into.allowed.take() {
            Some(prev) => prev.into_iter().filter(|v| a.contains(v)).collect(),
            None => a,
        });
    }
}

fn idx_of_text(p: &TableProfile, clause: &Clause) -> Option<usize> {
    match clause {
        Clause::Like { column, .. } => p.column_index(column).filter(|i| p.columns[*i].ty.kind.is_text()),
        _ => None,
    }
}

fn op_holds(op: CmpOp, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CmpOp::Eq => ord == Equal,
        CmpOp::Ne => ord != Equal,
        CmpOp::Lt => ord == Less,
        CmpOp::Le => ord != Greater,
        CmpOp::Gt => ord == Greater,
        CmpOp::Ge => ord != Less,
    }
}

/// Renames a column in a clause (domain checks call the value `VALUE`).
fn rename(clause: Clause, from: &str, to: &str) -> Clause {
    let r = |s: String| if s == from { to.to_string() } else { s };
    match clause {
        Clause::Compare { column, op, value } => Clause::Compare { column: r(column), op, value },
        Clause::Length { column, func, op, value } => Clause::Length { column: r(column), func, op, value },
        Clause::CompareColumns { left, op, right } => Clause::CompareColumns { left: r(left), op, right: r(right) },
        Clause::In { column, values, negated } => Clause::In { column: r(column), values, negated },
        Clause::IsNotNull { column } => Clause::IsNotNull { column: r(column) },
        Clause::IsNull { column } => Clause::IsNull { column: r(column) },
        Clause::Like { column, pattern, negated, case_insensitive } => {
            Clause::Like { column: r(column), pattern, negated, case_insensitive }
        }
        Clause::Regex { column, pattern, negated, case_insensitive } => {
            Clause::Regex { column: r(column), pattern, negated, case_insensitive }
        }
        Clause::WhenNotNull { column, clauses } => Clause::WhenNotNull {
            column: r(column),
            clauses: clauses.into_iter().map(|c| rename(c, from, to)).collect(),
        },
        Clause::Opaque(t) => Clause::Opaque(t),
    }
}

/// Evaluates a parsed clause on a row (`None` when it cannot be judged here, which counts as
/// holding: the database judges it). NULL makes a comparison unknown, which a CHECK accepts.
pub fn holds(p: &TableProfile, clause: &Clause, row: &[Value]) -> Option<bool> {
    let val = |name: &str| p.column_index(name).map(|i| (&row[i], &p.columns[i]));
    Some(match clause {
        Clause::Compare { column, op, value } => {
            let (v, col) = val(column)?;
            if v.is_null() {
                return Some(true);
            }
            let lit = literal_value(col.ty.kind, value)?;
            op_holds(*op, compare(col, v, &lit)?)
        }
        Clause::Length { column, func, op, value } => {
            let (v, _) = val(column)?;
            let Value::Text(t) = v else { return Some(true) };
            let t = t.trim_end_matches(' ');
            let n = match func {
                LengthFn::Chars => t.chars().count(),
                LengthFn::Octets => t.len(),
            } as i64;
            op_holds(*op, n.cmp(value))
        }
        Clause::CompareColumns { left, op, right } => {
            let ((a, ca), (b, _)) = (val(left)?, val(right)?);
            if a.is_null() || b.is_null() {
                return Some(true);
            }
            op_holds(*op, compare(ca, a, b)?)
        }
        Clause::In { column, values, negated } => {
            let (v, col) = val(column)?;
            if v.is_null() {
                return Some(true);
            }
            let found = values
                .iter()
                .filter_map(|l| literal_value(col.ty.kind, l))
                .any(|l| compare(col, v, &l) == Some(std::cmp::Ordering::Equal));
            found != *negated
        }
        Clause::IsNotNull { column } => !val(column)?.0.is_null(),
        Clause::IsNull { column } => val(column)?.0.is_null(),
        Clause::Like { column, pattern, negated, case_insensitive } => match val(column)?.0 {
            Value::Text(t) => like_matches(t, pattern, *case_insensitive) != *negated,
            _ => true,
        },
        Clause::WhenNotNull { column, clauses } => {
            if val(column)?.0.is_null() {
                return Some(true);
            }
            for c in clauses {
                if holds(p, c, row) == Some(false) {
                    return Some(false);
                }
            }
            true
        }
        Clause::Regex { .. } | Clause::Opaque(_) => return None,
    })
}

fn compare(col: &ColumnProfile, a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Text(x), Value::Text(y)) if col.ty.kind == TypeKind::Enum => {
            let labels = col.ty.enum_labels.as_ref()?;
            let (i, j) = (labels.iter().position(|l| l == x)?, labels.iter().position(|l| l == y)?);
            Some(i.cmp(&j))
        }
        (Value::Text(x), Value::Text(y)) => Some(x.trim_end_matches(' ').cmp(y.trim_end_matches(' '))),
        _ => a.axis()?.partial_cmp(&b.axis()?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::*;

    fn col(name: &str, kind: TypeKind) -> ColumnProfile {
        ColumnProfile {
            name: name.into(),
            ty: TypeInfo {
                name: format!("{kind:?}"),
                kind,
                max_length: None,
                precision: None,
                scale: None,
                element: None,
                enum_labels: None,
                domain: None,
            },
            not_null: false,
            default: None,
            identity: None,
            generated: None,
            stats: None,
        }
    }

    fn table(columns: Vec<ColumnProfile>, checks: &[&str]) -> TableProfile {
        TableProfile {
            format_version: FORMAT_VERSION,
            table: TableInfo {
                schema: "public".into(),
                name: "t".into(),
                kind: "table".into(),
                reltuples: -1.0,
                analyzed: false,
            },
            columns,
            primary_key: None,
            unique: vec![],
            checks: checks
                .iter()
                .enumerate()
                .map(|(i, d)| CheckConstraint { name: format!("c{i}"), definition: d.to_string() })
                .collect(),
            foreign_keys: vec![],
            partitioning: None,
        }
    }

    #[test]
    fn comparisons_become_bounds_with_strictness() {
        let p = table(
            vec![col("a", TypeKind::Integer), col("b", TypeKind::Numeric)],
            &["CHECK (((a >= '-5'::integer) AND (a < 50)))", "CHECK ((b > (0)::numeric))"],
        );
        let mut p = p;
        p.columns[1].ty.scale = Some(2);
        let c = Constraints::collect(&p);
        assert_eq!(c.rules[0].bounds, Bounds::new(-5.0, 49.0));
        assert_eq!(c.rules[1].bounds, Bounds::new(0.01, f64::INFINITY));
        assert!(c.opaque.is_empty());
        assert_eq!(c.row_checks.len(), 3);
    }

    #[test]
    fn in_lists_lengths_relations_and_opaque() {
        let p = table(
            vec![
                col("c", TypeKind::Varchar),
                col("f", TypeKind::Timestamptz),
                col("g", TypeKind::Timestamptz),
                col("n", TypeKind::Text),
            ],
            &[
                "CHECK (((c)::text = ANY ((ARRAY['x'::character varying, 'y''z'::character varying])::text[])))",
                "CHECK (((g IS NULL) OR (g >= f)))",
                "CHECK (((length(n) >= 3) AND (char_length(n) < 10)))",
                "CHECK ((n = lower(n)))",
            ],
        );
        let c = Constraints::collect(&p);
        assert_eq!(c.rules[0].allowed, Some(vec![Value::Text("x".into()), Value::Text("y'z".into())]));
        assert_eq!(c.relations.len(), 1);
        assert_eq!((c.relations[0].left, c.relations[0].op, c.relations[0].right), (2, CmpOp::Ge, 1));
        assert_eq!((c.rules[3].min_chars, c.rules[3].max_chars), (3, Some(9)));
        assert_eq!(c.opaque.len(), 1);
        assert_eq!(c.opaque[0].columns, vec![3]);
    }

    #[test]
    fn domain_checks_apply_to_the_column() {
        let mut year = col("release_year", TypeKind::Integer);
        year.ty.domain = Some(DomainInfo {
            name: "year".into(),
            not_null: false,
            checks: vec![CheckConstraint {
                name: "year_check".into(),
                definition: "CHECK (((VALUE >= 1901) AND (VALUE <= 2155)))".into(),
            }],
        });
        let c = Constraints::collect(&table(vec![year], &[]));
        assert_eq!(c.rules[0].bounds, Bounds::new(1901.0, 2155.0));
    }

    #[test]
    fn numeric_typmods_bound_values() {
        let mut n = col("price", TypeKind::Numeric);
        n.ty.precision = Some(5);
        n.ty.scale = Some(2);
        let c = Constraints::collect(&table(vec![n], &[]));
        assert_eq!(c.rules[0].bounds, Bounds::new(-999.99, 999.99));
    }

    #[test]
    fn enum_comparisons_select_labels() {
        let mut q = col("q", TypeKind::Enum);
        q.ty.enum_labels = Some(vec!["a".into(), "b".into(), "c".into()]);
        let c = Constraints::collect(&table(vec![q], &["CHECK ((q <> 'b'::mood))"]));
        assert_eq!(c.rules[0].allowed, Some(vec![Value::Text("a".into()), Value::Text("c".into())]));
    }

    #[test]
    fn range_partitions_become_regions() {
        let mut p = table(vec![col("id", TypeKind::Integer), col("ts", TypeKind::Timestamptz)], &[]);
        let bound = |name: &str, lo: &str, hi: &str| {
            PartitionBound {
            name: name.into(),
            bound: format!("FOR VALUES FROM ('{lo}') TO ('{hi}')"),
            constraint: Some(format!(
                "((ts IS NOT NULL) AND (ts >= '{lo}'::timestamp with time zone) AND (ts < '{hi}'::timestamp with time zone))"
            )),
        }
        };
        p.partitioning = Some(Partitioning {
            strategy: "range".into(),
            key: vec!["ts".into()],
            partitions: vec![
                bound("p1", "2022-01-01 00:00:00+00", "2022-02-01 00:00:00+00"),
                bound("p2", "2022-03-01 00:00:00+00", "2022-04-01 00:00:00+00"),
            ],
        });
        let (col, rules) = partition_rules(&p).unwrap();
        assert_eq!(col, 1);
        assert_eq!(rules.regions.len(), 2);
        assert!(rules.not_null);
        let jan = Value::parse_canonical(TypeKind::Timestamptz, "2022-01-15 00:00:00+00").unwrap().axis().unwrap();
        let feb = Value::parse_canonical(TypeKind::Timestamptz, "2022-02-15 00:00:00+00").unwrap().axis().unwrap();
        assert!(rules.regions.iter().any(|b| b.contains(jan)));
        assert!(!rules.regions.iter().any(|b| b.contains(feb)));
        let p2 = p.partitioning.as_mut().unwrap();
        p2.partitions.push(PartitionBound {
            name: "d".into(),
            bound: "DEFAULT".into(),
            constraint: Some("(NOT ...)".into()),
        });
        assert!(partition_rules(&p).is_none());
    }

    #[test]
    fn holds_judges_rows_like_postgres() {
        let p = table(vec![col("a", TypeKind::Integer), col("b", TypeKind::Integer)], &[]);
        let check = |def: &str, row: &[Value]| {
            let m = parse_check(def);
            m.clauses.iter().all(|c| holds(&p, c, row) != Some(false))
        };
        assert!(check("CHECK ((a < b))", &[Value::Int(1), Value::Int(2)]));
        assert!(!check("CHECK ((a < b))", &[Value::Int(2), Value::Int(2)]));
        assert!(check("CHECK ((a < b))", &[Value::Null, Value::Int(2)]));
        assert!(!check("CHECK ((a IS NOT NULL))", &[Value::Null, Value::Int(2)]));
        assert!(check("CHECK ((a <> ALL (ARRAY[1, 2])))", &[Value::Int(3), Value::Null]));
        assert!(!check("CHECK ((a <> ALL (ARRAY[1, 2])))", &[Value::Int(2), Value::Null]));
    }
}
