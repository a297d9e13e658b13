//! What a column's DEFAULT becomes when synthdata generates the column (`synthdata.defaults =
//! generate`): without statistics, a constant default (`'pending'`, `true`, `0`, `'en'`) is the
//! column's most common value, not its only one; an expression (`now()`, `current_setting(…)`,
//! `gen_random_uuid()`) says nothing about the values and is ignored. A unique or foreign-key
//! column takes no default share (it would collapse the key or point nowhere), nor does a column
//! whose statistics or sampled categories already show how often its default occurs.

use super::column::{ColumnPlan, Source};
use super::edge::admits;
use crate::profile::{ColumnProfile, TableProfile, TypeKind};
use crate::value::Value;

/// The share of rows that hold a constant default, without statistics.
pub const DEFAULT_SHARE: f64 = 0.6;
/// The share of an empty-string default (`DEFAULT ''`): an empty value is a field nobody filled
/// yet, and a filled database should mostly show content.
pub const EMPTY_DEFAULT_SHARE: f64 = 0.25;
/// The share of `true` when a boolean defaults to `true` (and of `false` when it defaults to
/// `false`).
pub const BOOLEAN_DEFAULT_SHARE: f64 = 0.8;

/// The constant a DEFAULT expression (as `pg_get_expr` prints it) stands for, as a value of
/// `kind`: `'pending'::character varying`, `(0)::numeric`, `false`, `'-1'::integer`. `None` for
/// anything else: function calls, `CURRENT_TIMESTAMP`, NULL.
pub fn constant(expr: &str, kind: TypeKind) -> Option<Value> {
    let mut e = expr.trim();
    while e.starts_with('(') && e.ends_with(')') && balanced(&e[1..e.len() - 1]) {
        e = e[1..e.len() - 1].trim();
    }
    let (text, rest) = if let Some(body) = e.strip_prefix('\'') {
        // A string literal: '' is a quote; what follows may only be casts.
        let mut out = String::new();
        let mut chars = body.char_indices().peekable();
        let mut end = None;
        while let Some((i, c)) = chars.next() {
            if c == '\'' {
                if chars.peek().map(|(_, n)| *n) == Some('\'') {
                    out.push('\'');
                    chars.next();
                } else {
                    end = Some(i + 1);
                    break;
                }
            } else {
                out.push(c);
            }
        }
        (out, &body[end?..])
    } else {
        let cut = e.find("::").unwrap_or(e.len());
        let (literal, rest) = e.split_at(cut);
        let literal = literal.trim().trim_start_matches('(').trim_end_matches(')').trim();
        let numeric = literal.parse::<f64>().is_ok();
        if !(numeric || literal.eq_ignore_ascii_case("true") || literal.eq_ignore_ascii_case("false")) {
            return None;
        }
        (literal.to_lowercase(), rest)
    };
    // Only casts may follow (`::text`, `::character varying(8)`, `::public.status`, `::text[]`).
    let rest = rest.trim();
    let casts_only = rest.is_empty()
        || (rest.starts_with("::") && rest.chars().all(|c| c.is_alphanumeric() || " _.\"(),[]:".contains(c)));
    if !casts_only {
        return None;
    }
    Value::parse_canonical(kind, &text).filter(|v| !v.is_null())
}

fn balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        depth += i32::from(c == '(') - i32::from(c == ')');
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// Gives each column of `profile` with a constant DEFAULT its share of the rows (see the module
/// note), where the column has no statistics and its rules admit the value.
pub fn apply_shares(profile: &TableProfile, columns: &mut [ColumnPlan]) {
    let in_key = |name: &str| {
        profile.unique_keys().any(|k| k.columns.iter().any(|c| c == name))
            || profile.foreign_keys.iter().any(|f| f.columns.iter().any(|c| c == name))
    };
    for (col, plan) in profile.columns.iter().zip(columns.iter_mut()) {
        if !plan.is_generated() || in_key(&col.name) || !without_statistics(col) {
            continue;
        }
        let Some(v) = col.default.as_deref().and_then(|d| constant(d, col.ty.kind)) else { continue };
        if !admits(&plan.rules, col.ty.kind, &v, false) {
            continue;
        }
        plan.source = match (&plan.source, &v) {
            (Source::Bool { .. }, Value::Bool(b)) => {
                Source::Bool { p_true: if *b { BOOLEAN_DEFAULT_SHARE } else { 1.0 - BOOLEAN_DEFAULT_SHARE } }
            }
            (rest, _) => {
                let share =
                    if matches!(&v, Value::Text(t) if t.is_empty()) { EMPTY_DEFAULT_SHARE } else { DEFAULT_SHARE };
                Source::Mixed {
                    mcv: Box::new(Source::Choice { values: vec![v.clone()], cum: vec![1.0] }),
                    mcv_share: share,
                    rest: Box::new(rest.clone()),
                }
            }
        };
    }
}

fn without_statistics(col: &ColumnProfile) -> bool {
    col.stats.is_none() && col.categories.is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_read_through_their_casts() {
        let text = |s: &str| Some(Value::Text(s.into()));
        assert_eq!(constant("'pending'::character varying", TypeKind::Varchar), text("pending"));
        assert_eq!(constant("''::character varying", TypeKind::Varchar), text(""));
        assert_eq!(constant("'it''s'::text", TypeKind::Text), text("it's"));
        assert_eq!(constant("'active'::public.status", TypeKind::Enum), text("active"));
        assert_eq!(constant("0", TypeKind::Integer), Some(Value::Int(0)));
        assert_eq!(constant("(0)::numeric", TypeKind::Numeric), Some(Value::Numeric { unscaled: 0, scale: 0 }));
        assert_eq!(constant("'-1'::integer", TypeKind::Integer), Some(Value::Int(-1)));
        assert_eq!(constant("0.00", TypeKind::Numeric), Some(Value::Numeric { unscaled: 0, scale: 2 }));
        assert_eq!(constant("true", TypeKind::Boolean), Some(Value::Bool(true)));
        assert_eq!(constant("false", TypeKind::Boolean), Some(Value::Bool(false)));
        assert_eq!(constant("'{}'::jsonb", TypeKind::Jsonb), text("{}"));
        assert_eq!(constant("'en'::character varying(8)", TypeKind::Varchar), text("en"));
        for expr in [
            "now()",
            "CURRENT_TIMESTAMP",
            "current_setting('app.tenant'::text)",
            "gen_random_uuid()",
            "NULL::text",
            "nextval('t_id_seq'::regclass)",
            "'a'::text || 'b'::text",
            "lower('X'::text)",
        ] {
            assert_eq!(constant(expr, TypeKind::Text), None, "{expr}");
        }
    }
}
