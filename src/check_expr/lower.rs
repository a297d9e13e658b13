//! Lowering: the syntax tree into [`Clause`]s the generator can satisfy by construction. AND is
//! flattened into conjuncts; whatever does not match a known shape stays `Clause::Opaque` with its
//! source text, never a guess.

use super::parser::{pattern_op, Expr, Node};
use super::{Clause, CmpOp, LengthFn, Literal};

/// Pushes the clauses of `node`, flattening AND.
pub(super) fn lower_into(node: &Node, src: &str, out: &mut Vec<Clause>) {
    match &node.expr {
        Expr::And(items) => items.iter().for_each(|n| lower_into(n, src, out)),
        _ => out.push(lower(node, src)),
    }
}

fn lower(node: &Node, src: &str) -> Clause {
    let clause = match &node.expr {
        Expr::Or(items) => when_not_null(items, src).or_else(|| one_of(items)),
        Expr::Not(inner) => negate(lower(inner, src)),
        Expr::Binary { op, lhs, rhs } => match (CmpOp::from_sql(op), pattern_op(op)) {
            (Some(op), _) => comparison(op, lhs, rhs),
            (None, Some(kind)) => pattern(kind, lhs, rhs),
            (None, None) => None,
        },
        Expr::Quantified { op, all, lhs, rhs } => quantified(op, *all, lhs, rhs),
        Expr::InList { lhs, items, negated } => in_list(lhs, items, *negated),
        Expr::NullTest { arg, negated: true } => column(arg).map(|column| Clause::IsNotNull { column }),
        Expr::NullTest { arg, negated: false } => column(arg).map(|column| Clause::IsNull { column }),
        _ => None,
    };
    clause.unwrap_or_else(|| Clause::Opaque(node.text(src)))
}

/// `(col = 'a') OR (col = 'b') OR …`, as PostgreSQL prints an IN list written with ORs.
fn one_of(items: &[Node]) -> Option<Clause> {
    let mut col = None;
    let mut values = Vec::with_capacity(items.len());
    for item in items {
        let Expr::Binary { op, lhs, rhs } = &item.expr else { return None };
        if CmpOp::from_sql(op) != Some(CmpOp::Eq) {
            return None;
        }
        let (c, v) = match (column(lhs), literal(rhs)) {
            (Some(c), Some(v)) => (c, v),
            _ => (column(rhs)?, literal(lhs)?),
        };
        if col.get_or_insert_with(|| c.clone()) != &c {
            return None;
        }
        values.push(v);
    }
    Some(Clause::In { column: col?, values, negated: false })
}

/// `(col IS NULL) OR (<clauses mentioning col>)`, in either order.
fn when_not_null(items: &[Node], src: &str) -> Option<Clause> {
    let [a, b] = items else { return None };
    [(a, b), (b, a)].into_iter().find_map(|(test, rest)| {
        let Expr::NullTest { arg, negated: false } = &test.expr else {
            return None;
        };
        let column = column(arg)?;
        let mut clauses = Vec::new();
        lower_into(rest, src, &mut clauses);
        clauses.iter().all(|c| c.columns().contains(&column)).then_some(Clause::WhenNotNull { column, clauses })
    })
}

fn negate(mut clause: Clause) -> Option<Clause> {
    match &mut clause {
        Clause::Compare { op, .. } | Clause::Length { op, .. } | Clause::CompareColumns { op, .. } => *op = op.negate(),
        Clause::In { negated, .. } | Clause::Like { negated, .. } | Clause::Regex { negated, .. } => {
            *negated = !*negated
        }
        Clause::IsNull { column } => return Some(Clause::IsNotNull { column: std::mem::take(column) }),
        Clause::IsNotNull { column } => return Some(Clause::IsNull { column: std::mem::take(column) }),
        Clause::Remainder { negated, .. } => *negated = !*negated,
        Clause::NonNulls { columns, counts } => {
            *counts = (0..=columns.len()).filter(|k| !counts.contains(k)).collect();
        }
        Clause::WhenNotNull { .. } | Clause::Case { .. } | Clause::Trimmed { .. } | Clause::Opaque(_) => return None,
    }
    Some(clause)
}

fn comparison(op: CmpOp, lhs: &Node, rhs: &Node) -> Option<Clause> {
    if let Some(clause) = null_tests_compared(op, lhs, rhs).or_else(|| null_count(op, lhs, rhs)) {
        return Some(clause);
    }
    if let Some(clause) = remainder(op, lhs, rhs) {
        return Some(clause);
    }
    if op == CmpOp::Eq {
        if let Some(clause) = [(lhs, rhs), (rhs, lhs)].into_iter().find_map(|(a, b)| same_after(a, b)) {
            return Some(clause);
        }
    }
    if let (Some(column), Some(value)) = (column(lhs), literal(rhs)) {
        return Some(Clause::Compare { column, op, value });
    }
    if let (Some(value), Some(column)) = (literal(lhs), column(rhs)) {
        return Some(Clause::Compare { column, op: op.flip(), value });
    }
    if let (Some(left), Some(right)) = (column(lhs), column(rhs)) {
        return Some(Clause::CompareColumns { left, op, right });
    }
    if let (Some((column, func)), Some(value)) = (length_call(lhs), int_literal(rhs)) {
        return Some(Clause::Length { column, func, op, value });
    }
    let (column, func) = length_call(rhs)?;
    Some(Clause::Length { column, func, op: op.flip(), value: int_literal(lhs)? })
}

/// `column ~~ 'pattern'` and friends; `kind` is from [`pattern_op`].
fn pattern((like, negated, case_insensitive): (bool, bool, bool), lhs: &Node, rhs: &Node) -> Option<Clause> {
    let column = column(lhs)?;
    let pattern = literal(rhs).filter(|v| v.quoted)?.text;
    Some(match like {
        true => Clause::Like { column, pattern, negated, case_insensitive },
        false => Clause::Regex { column, pattern, negated, case_insensitive },
    })
}

/// `col = f(col)` for a function that only changes letter case or trims: `lower`, `upper`,
/// `btrim`, `trim` (casts to text around either side allowed).
fn same_after(plain: &Node, call: &Node) -> Option<Clause> {
    let column = column(plain)?;
    let mut call = call;
    while let Expr::Cast(inner, ty) = &call.expr {
        if !COLUMN_CASTS.contains(&ty.as_str()) {
            return None;
        }
        call = inner;
    }
    let Expr::Call(name, args) = &call.expr else { return None };
    let [arg] = args.as_slice() else { return None };
    if self::column(arg)? != column {
        return None;
    }
    match name.strip_prefix("pg_catalog.").unwrap_or(name) {
        "lower" => Some(Clause::Case { column, upper: false }),
        "upper" => Some(Clause::Case { column, upper: true }),
        "btrim" | "trim" => Some(Clause::Trimmed { column }),
        _ => None,
    }
}

/// `col = ANY (ARRAY[...])` and `col <> ALL (ARRAY[...])`, the array possibly cast.
fn quantified(op: &str, all: bool, lhs: &Node, rhs: &Node) -> Option<Clause> {
    let negated = match (CmpOp::from_sql(op)?, all) {
        (CmpOp::Eq, false) => false,
        (CmpOp::Ne, true) => true,
        _ => return None,
    };
    let mut array = rhs;
    while let Expr::Cast(inner, _) = &array.expr {
        array = inner;
    }
    let Expr::Array(items) = &array.expr else {
        return None;
    };
    in_list(lhs, items, negated)
}

fn in_list(lhs: &Node, items: &[Node], negated: bool) -> Option<Clause> {
    let values: Vec<Literal> = items.iter().map(literal).collect::<Option<_>>()?;
    if values.is_empty() {
        return None;
    }
    Some(Clause::In { column: column(lhs)?, values, negated })
}

/// Casts that PostgreSQL inserts implicitly around columns (`(c)::text` for varchar, `(i)::numeric`
/// against a decimal) and that lose no information; `(v)::integer` or `(ts)::date` might.
const COLUMN_CASTS: &[&str] = &["text", "character varying", "bpchar", "name", "numeric", "double precision"];

/// A column, possibly wrapped in [`COLUMN_CASTS`] (parentheses are already gone).
fn column(node: &Node) -> Option<String> {
    match &node.expr {
        Expr::Column(name) => Some(name.clone()),
        Expr::Cast(inner, ty) if COLUMN_CASTS.contains(&ty.as_str()) => column(inner),
        _ => None,
    }
}

/// A non-NULL constant, possibly negated or cast (the outermost cast is kept).
fn literal(node: &Node) -> Option<Literal> {
    let (text, quoted) = match &node.expr {
        Expr::Str(s) => (s.clone(), true),
        Expr::Bare(n) => (n.clone(), false),
        Expr::Neg(inner) => match &inner.expr {
            Expr::Bare(n) if n.starts_with(|c: char| c.is_ascii_digit() || c == '.') => (format!("-{n}"), false),
            _ => return None,
        },
        Expr::Cast(inner, ty) => return literal(inner).map(|l| Literal { cast: Some(ty.clone()), ..l }),
        _ => return None,
    };
    Some(Literal { text, cast: None, quoted })
}

fn int_literal(node: &Node) -> Option<i64> {
    let lit = literal(node)?;
    let integral = lit.cast.as_deref().is_none_or(|t| matches!(t, "integer" | "bigint" | "smallint"));
    if integral {
        lit.text.parse().ok()
    } else {
        None
    }
}

/// `length(col)` and friends, `col` possibly cast (`length((d)::text)` for varchar).
fn length_call(node: &Node) -> Option<(String, LengthFn)> {
    let Expr::Call(name, args) = &node.expr else {
        return None;
    };
    let func = match name.strip_prefix("pg_catalog.").unwrap_or(name) {
        "length" | "char_length" | "character_length" => LengthFn::Chars,
        "octet_length" => LengthFn::Octets,
        _ => return None,
    };
    match args.as_slice() {
        [arg] => Some((column(arg)?, func)),
        _ => None,
    }
}

/// `(a IS NULL) = (b IS NULL)` and `<>`, either test negated.
fn null_tests_compared(op: CmpOp, lhs: &Node, rhs: &Node) -> Option<Clause> {
    let test = |n: &Node| match &n.expr {
        Expr::NullTest { arg, negated } => column(arg).map(|c| (c, *negated)),
        _ => None,
    };
    let ((a, a_not), (b, b_not)) = (test(lhs)?, test(rhs)?);
    // Whether the two columns must be NULL alike: same test and `=`, or opposite tests and `<>`.
    let alike = match op {
        CmpOp::Eq => a_not == b_not,
        CmpOp::Ne => a_not != b_not,
        _ => return None,
    };
    if a == b {
        return None;
    }
    Some(Clause::NonNulls { columns: vec![a, b], counts: if alike { vec![0, 2] } else { vec![1] } })
}

/// `num_nonnulls(a, b, …) op n` and `num_nulls(…) op n`, either way round.
fn null_count(op: CmpOp, lhs: &Node, rhs: &Node) -> Option<Clause> {
    let (call, n, op) = match (int_literal(rhs), int_literal(lhs)) {
        (Some(n), _) => (lhs, n, op),
        (None, Some(n)) => (rhs, n, op.flip()),
        _ => return None,
    };
    let Expr::Call(name, args) = &call.expr else { return None };
    let nulls = match name.strip_prefix("pg_catalog.").unwrap_or(name) {
        "num_nonnulls" => false,
        "num_nulls" => true,
        _ => return None,
    };
    let columns: Vec<String> = args.iter().map(column).collect::<Option<_>>()?;
    let total = columns.len();
    let counts = (0..=total)
        .filter(|k| {
            let counted = if nulls { total - k } else { *k } as i64;
            op.holds(counted.cmp(&n))
        })
        .collect();
    Some(Clause::NonNulls { columns, counts })
}

/// `col % d = r` and `<>` (also `mod(col, d)`), `d` and `r` integers.
fn remainder(op: CmpOp, lhs: &Node, rhs: &Node) -> Option<Clause> {
    let negated = match op {
        CmpOp::Eq => false,
        CmpOp::Ne => true,
        _ => return None,
    };
    let (expr, remainder) = match (int_literal(rhs), int_literal(lhs)) {
        (Some(r), _) => (lhs, r),
        (None, Some(r)) => (rhs, r),
        _ => return None,
    };
    let (col, div) = match &expr.expr {
        Expr::Binary { op, lhs, rhs } if op == "%" => (lhs.as_ref(), rhs.as_ref()),
        Expr::Call(name, args) if name.strip_prefix("pg_catalog.").unwrap_or(name) == "mod" && args.len() == 2 => {
            (&args[0], &args[1])
        }
        _ => return None,
    };
    let divisor = int_literal(div).filter(|d| *d != 0)?;
    Some(Clause::Remainder { column: column(col)?, divisor, remainder, negated })
}
