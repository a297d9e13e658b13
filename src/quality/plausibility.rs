//! Plausibility: what a profile says every row must look like, as checks a filled table can be
//! counted against (`synth_plausibility`). No real rows are needed, only the profile, so the
//! check runs in the development database the rows were generated in.
//!
//! - **Range**: a number, date or timestamp column stays within the range its statistics show
//!   (the lowest and highest value among the most common values and the histogram's bounds),
//!   widened at each end by what the histogram says of its tails: the width of the outermost
//!   bucket, at most a twentieth of the range. The generator keeps to the same range
//!   ([`observed_range`]).
//! - **Rules**: every relation that held in every sampled row (`a ≤ b`, NULLs together,
//!   `total = qty × price`, a moment never before the parent row's) holds in every row.
//!
//! Columns PostgreSQL fills (identity, sequences, generated) and single-column keys and
//! foreign keys are left out of the range checks: their values come from the key's own rules.

use serde::Serialize;

use crate::generate::takes_default;
use crate::profile::{ColumnProfile, ColumnStats, Rule, TableProfile, TypeKind};
use crate::value::Value;

/// One check of one table: the SQL condition under which a row breaks it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Check {
    /// `range`, `less_or_equal`, `null_together`, `product` or `after_parent`.
    pub kind: &'static str,
    /// The column (range) or the columns the rule names, comma-separated.
    pub subject: String,
    /// What every row must satisfy, in words a reader checks (`between 2005-05-24 and …`).
    pub expected: String,
    /// A boolean SQL expression over the table's columns, true for a row that breaks the check.
    pub broken_when: String,
}

/// Kinds whose range is checked and kept.
pub fn ranged(kind: TypeKind) -> bool {
    matches!(
        kind,
        TypeKind::Smallint
            | TypeKind::Integer
            | TypeKind::Bigint
            | TypeKind::Numeric
            | TypeKind::Real
            | TypeKind::Double
            | TypeKind::Date
            | TypeKind::Timestamp
            | TypeKind::Timestamptz
    )
}

/// The range a column's profile shows, on the axis of its kind (see [`Value::axis`]):
/// `(lowest, highest, widened lowest, widened highest)` over its statistics (most common values,
/// histogram) and the values a sample showed (`categories`). `None` without values that parse.
pub fn observed_range(c: &ColumnProfile) -> Option<(f64, f64, f64, f64)> {
    let kind = c.ty.kind;
    let parse = |t: &String| Value::parse_canonical(kind, t).and_then(|v| v.axis()).filter(|x| x.is_finite());
    let empty = ColumnStats::default();
    let stats = c.stats.as_ref().unwrap_or(&empty);
    let hist: Vec<f64> = stats.histogram_bounds.iter().map(parse).collect::<Option<_>>()?;
    let mut values: Vec<f64> = stats.most_common_vals.iter().map(parse).collect::<Option<Vec<_>>>()?;
    for (v, _) in c.categories.iter().flat_map(|cat| &cat.values) {
        values.push(parse(v)?);
    }
    let all = values.iter().chain(&hist);
    let lo = all.clone().copied().fold(f64::INFINITY, f64::min);
    let hi = all.copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    let cap = (hi - lo) / 20.0;
    let n = hist.len();
    let (below, above) =
        if n >= 2 { ((hist[1] - hist[0]).min(cap), (hist[n - 1] - hist[n - 2]).min(cap)) } else { (0.0, 0.0) };
    Some((lo, hi, lo - below.max(0.0), hi + above.max(0.0)))
}

/// The lowest and highest of the quantiles the sample gives `column` per parent value.
fn conditional_extremes(p: &TableProfile, column: &str) -> Option<(f64, f64)> {
    let mut out: Option<(f64, f64)> = None;
    for node in p.dependence.iter().flat_map(|d| &d.nodes).filter(|n| n.column == column) {
        if let crate::profile::Conditional::Quantiles { rows, .. } = &node.model {
            for q in rows.iter().flat_map(|r| [r.quantiles.first(), r.quantiles.last()]).flatten() {
                let (a, b) = out.unwrap_or((*q, *q));
                out = Some((a.min(*q), b.max(*q)));
            }
        }
    }
    out
}

/// True for a column whose values come from its key's own rules or from PostgreSQL.
fn keyed(p: &TableProfile, c: &ColumnProfile) -> bool {
    takes_default(c)
        || p.unique_keys().any(|k| k.columns.len() == 1 && k.columns[0] == c.name)
        || p.foreign_keys.iter().any(|f| f.columns.iter().any(|x| x == &c.name))
}

/// Text of an axis position as a literal of the column's type: `'2005-05-24'::date`.
fn literal(c: &ColumnProfile, x: f64, outward_down: bool) -> (String, String) {
    let scale = c.ty.scale.unwrap_or(6);
    // Round outward so that the widened range holds every value of the unwidened one.
    let step = match c.ty.kind {
        TypeKind::Numeric => 10f64.powi(-(scale as i32)),
        k if k.is_integer() => 1.0,
        TypeKind::Date => 1.0,
        _ => 0.0,
    };
    let x = if step > 0.0 {
        if outward_down {
            (x / step).floor() * step
        } else {
            (x / step).ceil() * step
        }
    } else {
        x
    };
    let text = Value::from_axis(c.ty.kind, x, scale).to_text(c.ty.kind);
    (format!("{}::{}", quote_literal(&text), c.ty.name), text)
}

/// The checks a profile sets for its table's rows.
pub fn checks(p: &TableProfile) -> Vec<Check> {
    let mut out = Vec::new();
    for c in p.columns.iter().filter(|c| ranged(c.ty.kind) && !keyed(p, c)) {
        let Some((_, _, lo, hi)) = observed_range(c) else { continue };
        // The sample's conditional quantiles are part of what the profile shows (the
        // histogram may be coarsened for privacy, the quantiles are not).
        let (lo, hi) = conditional_extremes(p, &c.name).map_or((lo, hi), |(a, b)| (lo.min(a), hi.max(b)));
        let (lo_sql, lo_text) = literal(c, lo, true);
        let (hi_sql, hi_text) = literal(c, hi, false);
        let col = quote_identifier(&c.name);
        out.push(Check {
            kind: "range",
            subject: c.name.clone(),
            expected: format!("between {lo_text} and {hi_text}"),
            broken_when: format!("{col} < {lo_sql} OR {col} > {hi_sql}"),
        });
    }
    for r in p.dependence.iter().flat_map(|d| &d.rules) {
        let q = |s: &String| quote_identifier(s);
        out.push(match r {
            Rule::LessOrEqual { left, right } => Check {
                kind: "less_or_equal",
                subject: format!("{left}, {right}"),
                expected: format!("{left} <= {right}"),
                broken_when: format!("{} > {}", q(left), q(right)),
            },
            Rule::NullTogether { columns } => Check {
                kind: "null_together",
                subject: columns.join(", "),
                expected: format!("{} NULL in the same rows", columns.join(", ")),
                broken_when: columns
                    .windows(2)
                    .map(|w| format!("({} IS NULL) <> ({} IS NULL)", q(&w[0]), q(&w[1])))
                    .collect::<Vec<_>>()
                    .join(" OR "),
            },
            Rule::Product { column, factors } if factors.len() == 2 => {
                let scale = p.column(column).and_then(|c| c.ty.scale).unwrap_or(2);
                let tol = 0.5 * 10f64.powi(-(scale as i32));
                Check {
                    kind: "product",
                    subject: format!("{column}, {}", factors.join(", ")),
                    expected: format!("{column} = {} * {}", factors[0], factors[1]),
                    broken_when: format!(
                        "abs({} - {} * {}) > {tol} + 1e-9 * abs({})",
                        q(column),
                        q(&factors[0]),
                        q(&factors[1]),
                        q(column)
                    ),
                }
            }
            Rule::Product { .. } => continue,
            Rule::AfterParent { column, parent, via } => {
                let Some(fk) = p.foreign_keys.iter().find(|f| &f.name == via && f.columns.len() == 1) else { continue };
                let me = format!("{}.{}", quote_identifier(&p.table.schema), quote_identifier(&p.table.name));
                Check {
                    kind: "after_parent",
                    subject: format!("{column}, {}.{parent}", fk.ref_table),
                    expected: format!("{column} >= {parent} of the {} row it points at", fk.ref_table),
                    broken_when: format!(
                        "EXISTS (SELECT FROM {}.{} x WHERE x.{} = {me}.{} AND x.{} > {me}.{})",
                        quote_identifier(&fk.ref_schema),
                        quote_identifier(&fk.ref_table),
                        q(&fk.ref_columns[0]),
                        q(&fk.columns[0]),
                        q(parent),
                        q(column)
                    ),
                }
            }
        });
    }
    out
}

/// `"name"`, with inner quotes doubled (always quoted: the result is only ever read by SQL).
fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn quote_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::fixtures;

    fn stats(mcv: &[&str], hist: &[&str]) -> ColumnStats {
        ColumnStats {
            most_common_vals: mcv.iter().map(|s| s.to_string()).collect(),
            most_common_freqs: mcv.iter().map(|_| 0.01).collect(),
            histogram_bounds: hist.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        }
    }

    fn column(kind: TypeKind, st: ColumnStats) -> ColumnProfile {
        let mut c = fixtures::col("x", kind, false);
        c.stats = Some(st);
        c
    }

    #[test]
    fn the_range_spans_common_values_and_histogram_widened_by_its_outer_buckets() {
        let c = column(TypeKind::Integer, stats(&["500"], &["10", "20", "60", "100"]));
        // Widened by the outer buckets (10 below, 40 above), each at most (500 − 10) / 20.
        assert_eq!(observed_range(&c), Some((10.0, 500.0, 0.0, 524.5)));
        let c = column(TypeKind::Date, stats(&[], &["2005-05-24", "2005-06-01", "2006-02-14"]));
        let (lo, hi, wlo, whi) = observed_range(&c).unwrap();
        assert_eq!((hi - lo) as i64, 266);
        assert_eq!(lo - wlo, 8.0);
        assert!((whi - hi - 266.0 / 20.0).abs() < 1e-6);
        assert_eq!(observed_range(&column(TypeKind::Integer, stats(&[], &[]))), None);
        assert_eq!(observed_range(&column(TypeKind::Integer, stats(&["x"], &[]))), None);
    }

    /// A value the sample showed (a period of 1, rarer than any the statistics list) is inside.
    #[test]
    fn the_range_holds_the_values_a_sample_showed() {
        let mut c = column(TypeKind::Integer, stats(&["2", "4", "7"], &[]));
        assert_eq!(observed_range(&c), Some((2.0, 7.0, 2.0, 7.0)));
        c.categories =
            Some(crate::profile::Categories { null_share: 0.0, values: vec![("4".into(), 0.5), ("1".into(), 0.02)] });
        assert_eq!(observed_range(&c), Some((1.0, 7.0, 1.0, 7.0)));
    }

    /// orders(id bigint primary key, customer_id int references customers, placed date,
    /// shipped date, amount numeric(12,2), n int generated always as identity, note text).
    fn orders() -> TableProfile {
        let mut amount = fixtures::col("amount", TypeKind::Numeric, true);
        amount.ty.name = "numeric(12,2)".into();
        amount.ty.scale = Some(2);
        let mut n = fixtures::col("n", TypeKind::Integer, true);
        n.identity = Some("always".into());
        let mut p = fixtures::table(
            "orders",
            vec![
                fixtures::col("id", TypeKind::Bigint, true),
                fixtures::col("customer_id", TypeKind::Integer, true),
                fixtures::col("placed", TypeKind::Date, true),
                fixtures::col("shipped", TypeKind::Date, false),
                amount,
                n,
                fixtures::col("note", TypeKind::Text, false),
            ],
        );
        p.primary_key = Some(crate::profile::KeyConstraint {
            name: "orders_pkey".into(),
            columns: vec!["id".into()],
            nulls_not_distinct: false,
            case_insensitive: false,
        });
        p.foreign_keys.push(fixtures::foreign_key("orders_customer_fkey", "customer_id", "customers", "id"));
        p
    }

    #[test]
    fn checks_cover_plain_columns_and_rules_but_not_keys() {
        let mut p = orders();
        for c in p.columns.iter_mut() {
            c.stats = Some(match c.ty.kind {
                TypeKind::Date => stats(&[], &["2005-05-24", "2005-06-01", "2006-02-14"]),
                _ => stats(&[], &["1", "5", "9"]),
            });
        }
        p.dependence = Some(crate::profile::Dependence {
            rules: vec![Rule::LessOrEqual { left: "placed".into(), right: "shipped".into() }],
            ..Default::default()
        });
        let checks = checks(&p);
        let ranged_columns: Vec<&str> =
            checks.iter().filter(|c| c.kind == "range").map(|c| c.subject.as_str()).collect();
        assert_eq!(ranged_columns, ["placed", "shipped", "amount"]);
        let placed = &checks[0];
        assert_eq!(placed.expected, "between 2005-05-16 and 2006-02-28");
        assert_eq!(placed.broken_when, "\"placed\" < '2005-05-16'::date OR \"placed\" > '2006-02-28'::date");
        let rule = checks.iter().find(|c| c.kind == "less_or_equal").unwrap();
        assert_eq!(rule.broken_when, "\"placed\" > \"shipped\"");
    }

    #[test]
    fn a_moment_after_the_parent_rows_is_checked_against_the_parent_row() {
        let mut p = orders();
        p.dependence = Some(crate::profile::Dependence {
            rules: vec![Rule::AfterParent {
                column: "placed".into(),
                parent: "signed_up".into(),
                via: "orders_customer_fkey".into(),
            }],
            ..Default::default()
        });
        let check = checks(&p).into_iter().find(|c| c.kind == "after_parent").unwrap();
        assert_eq!(check.expected, "placed >= signed_up of the customers row it points at");
        assert_eq!(
            check.broken_when,
            "EXISTS (SELECT FROM \"public\".\"customers\" x WHERE x.\"id\" = \"public\".\"orders\".\"customer_id\" \
             AND x.\"signed_up\" > \"public\".\"orders\".\"placed\")"
        );
    }

    /// The sample's conditional quantiles widen the range (a histogram coarsened for privacy
    /// may start later than the quantiles the sample kept).
    #[test]
    fn conditional_quantiles_are_part_of_the_range() {
        let mut p = orders();
        p.columns[4].stats = Some(stats(&[], &["10", "20", "30"]));
        let quantiles =
            crate::profile::ConditionalQuantiles { parent: None, null_share: 0.0, quantiles: vec![2.0, 15.0, 31.0] };
        p.dependence = Some(crate::profile::Dependence {
            nodes: vec![crate::profile::DependenceNode {
                column: "amount".into(),
                parent: "placed".into(),
                via: None,
                strength: 0.1,
                model: crate::profile::Conditional::Quantiles { bins: None, rows: vec![quantiles] },
                parent_shares: None,
            }],
            ..Default::default()
        });
        let check = checks(&p).into_iter().find(|k| k.subject == "amount").unwrap();
        assert_eq!(check.expected, "between 2.00 and 31.00");
    }

    #[test]
    fn bounds_are_literals_of_the_column_type_rounded_outward() {
        let mut p = orders();
        p.columns[4].stats = Some(stats(&[], &["1.25", "2.50", "100.75"]));
        let check = checks(&p).into_iter().find(|k| k.subject == "amount").unwrap();
        // 1.25 − min(1.25, 99.5 / 20) = 0 below; 100.75 + 4.975 = 105.725, rounded up to cents.
        assert_eq!(check.expected, "between 0.00 and 105.73");
        assert!(check.broken_when.ends_with("> '105.73'::numeric(12,2)"), "{}", check.broken_when);
    }
}
