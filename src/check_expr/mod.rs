//! Parser for CHECK constraint expressions as PostgreSQL deparses them.
//!
//! `pg_get_constraintdef`, `pg_get_partition_constraintdef` and domain constraints print a canonical,
//! fully parenthesised text such as `CHECK (((a >= 0) AND (a <= 50)))`. This module turns it into a
//! [`CheckModel`]: a conjunction of simple [`Clause`]s (column against literal, length bounds, IN lists,
//! LIKE/regex patterns, NULL tests, ...) that the row generator satisfies *by construction*. Whatever is
//! not fully understood stays [`Clause::Opaque`] with its source text, and the generator falls back to
//! generate-and-test for it; so the parser never panics and prefers `Opaque` to a guess.
//!
//! A small tokenizer and a recursive-descent parser (OR < AND < NOT < comparison < `::` cast < primary)
//! build an untyped syntax tree, which is then lowered to clauses. A parenthesised group that does not
//! parse becomes an opaque node of its own, so one odd AND operand does not spoil the others.
//!
//! The stages live apart: `lexer` cuts the text into tokens, `parser` builds the syntax tree,
//! `lower` turns the tree into clauses; this file holds the model they produce.

mod lexer;
mod lower;
mod parser;
#[cfg(test)]
mod tests;

use lexer::tokenize;
use lower::lower_into;
use parser::{scan_columns, Parser};

/// A constant on one side of a comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct Literal {
    /// The text with quotes removed and `''` unescaped: `'2020-01-01'::date` -> "2020-01-01",
    /// `(0)::numeric` -> "0", `'-5'::integer` and `(- 5)` -> "-5", `true` -> "true".
    pub text: String,
    /// The outermost cast type as written: "date", "double precision", "timestamp with time zone",
    /// "character varying(10)", "text[]", "public.mood", ...
    pub cast: Option<String>,
    /// True when the source was a quoted string literal (possibly inside casts).
    pub quoted: bool,
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    /// The operator with its operands swapped: `a < b` <=> `b > a`.
    pub fn flip(self) -> CmpOp {
        use CmpOp::*;
        match self {
            Lt => Gt,
            Le => Ge,
            Gt => Lt,
            Ge => Le,
            op => op,
        }
    }

    /// Whether `a op b` holds when `a` compares to `b` as `ord`.
    pub fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Eq => ord == Equal,
            CmpOp::Ne => ord != Equal,
            CmpOp::Lt => ord == Less,
            CmpOp::Le => ord != Greater,
            CmpOp::Gt => ord == Greater,
            CmpOp::Ge => ord != Less,
        }
    }

    /// The logical negation: `NOT (a < b)` <=> `a >= b`.
    pub fn negate(self) -> CmpOp {
        use CmpOp::*;
        match self {
            Eq => Ne,
            Ne => Eq,
            Lt => Ge,
            Le => Gt,
            Gt => Le,
            Ge => Lt,
        }
    }

    fn from_sql(op: &str) -> Option<CmpOp> {
        use CmpOp::*;
        Some(match op {
            "=" => Eq,
            "<>" | "!=" => Ne,
            "<" => Lt,
            "<=" => Le,
            ">" => Gt,
            ">=" => Ge,
            _ => return None,
        })
    }
}

/// Which length a [`Clause::Length`] bounds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LengthFn {
    /// `length`, `char_length`, `character_length`.
    Chars,
    /// `octet_length`.
    Octets,
}

/// One conjunct of a CHECK expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    /// `column op literal`, normalised so the column is on the left (`(0 < l)` -> `l > 0`).
    Compare { column: String, op: CmpOp, value: Literal },
    /// `length(column) op integer` (also `char_length`, `character_length`, `octet_length`).
    Length { column: String, func: LengthFn, op: CmpOp, value: i64 },
    /// `column op column`, e.g. `(shipped_at >= placed_at)`.
    CompareColumns { left: String, op: CmpOp, right: String },
    /// `column = ANY (ARRAY[...])` or `IN (...)`; negated for `<> ALL (ARRAY[...])` or `NOT IN (...)`.
    In { column: String, values: Vec<Literal>, negated: bool },
    /// `column IS NOT NULL`.
    IsNotNull { column: String },
    /// `column IS NULL`.
    IsNull { column: String },
    /// `column ~~ pattern` (LIKE); `~~*` is ILIKE (case_insensitive), `!~~` / `!~~*` are negated.
    Like { column: String, pattern: String, negated: bool, case_insensitive: bool },
    /// `column ~ regex`; `~*` is case_insensitive, `!~` / `!~*` are negated.
    Regex { column: String, pattern: String, negated: bool, case_insensitive: bool },
    /// `column = lower(column)` (`upper`: `column = upper(column)`), either way round, casts to
    /// text allowed: the value is all lower (or upper) case.
    Case { column: String, upper: bool },
    /// `column = btrim(column)` (also `trim`): no leading or trailing spaces.
    Trimmed { column: String },
    /// How many of `columns` are not NULL: one of `counts`. From `num_nonnulls(a, b) = 1`,
    /// `num_nulls(…) op n`, `(a IS NULL) <> (b IS NULL)` (one of two) and `(a IS NULL) = (b IS
    /// NULL)` (both or neither).
    NonNulls { columns: Vec<String>, counts: Vec<usize> },
    /// `column % divisor = remainder` (`<>` when negated), with PostgreSQL's sign: the
    /// remainder of a negative number is negative.
    Remainder { column: String, divisor: i64, remainder: i64, negated: bool },
    /// `(column IS NULL) OR (<conjunction>)` where every inner clause mentions `column`: the inner
    /// clauses apply whenever `column` is not null.
    WhenNotNull { column: String, clauses: Vec<Clause> },
    /// Anything else, with its source text (the trimmed sub-expression).
    Opaque(String),
}

impl Clause {
    /// Names of the columns this clause mentions. For `Opaque` this is a best-effort scan of the
    /// identifiers in the text (keywords, cast type names and function names excluded): it may
    /// over-report but does not miss a column.
    pub fn columns(&self) -> Vec<String> {
        let found = match self {
            Clause::Compare { column, .. }
            | Clause::Length { column, .. }
            | Clause::In { column, .. }
            | Clause::IsNotNull { column }
            | Clause::IsNull { column }
            | Clause::Like { column, .. }
            | Clause::Regex { column, .. }
            | Clause::Case { column, .. }
            | Clause::Trimmed { column }
            | Clause::Remainder { column, .. } => vec![column.clone()],
            Clause::NonNulls { columns, .. } => columns.clone(),
            Clause::CompareColumns { left, right, .. } => vec![left.clone(), right.clone()],
            Clause::WhenNotNull { column, clauses } => {
                std::iter::once(column.clone()).chain(clauses.iter().flat_map(Clause::columns)).collect()
            }
            Clause::Opaque(text) => scan_columns(text),
        };
        let mut unique: Vec<String> = Vec::new();
        for name in found {
            if !unique.contains(&name) {
                unique.push(name);
            }
        }
        unique
    }

    fn understood(&self) -> bool {
        match self {
            Clause::Opaque(_) => false,
            Clause::WhenNotNull { clauses, .. } => clauses.iter().all(Clause::understood),
            _ => true,
        }
    }
}

/// A CHECK expression as a conjunction of clauses.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckModel {
    /// The conjuncts, in source order.
    pub clauses: Vec<Clause>,
}

impl CheckModel {
    /// True when every clause was understood (no `Opaque` anywhere, including inside `WhenNotNull`).
    pub fn fully_parsed(&self) -> bool {
        self.clauses.iter().all(Clause::understood)
    }
}

/// Parses `CHECK (<expr>)` (optionally followed by ` NOT VALID` or ` NO INHERIT`) or a bare expression.
/// Domain constraints refer to the value as the keyword `VALUE`, returned as the column name "VALUE".
/// Text that does not tokenize or parse at all becomes a single `Opaque`.
pub fn parse_check(definition: &str) -> CheckModel {
    let parsed = tokenize(definition, false).and_then(|toks| {
        let mut p = Parser::new(definition, toks);
        p.eat_kw("CHECK");
        let node = p.expr()?;
        while p.pos < p.toks.len() {
            if !(p.eat_kw("NOT") && p.eat_kw("VALID") || p.eat_kw("NO") && p.eat_kw("INHERIT")) {
                return None;
            }
        }
        Some(node)
    });
    let mut clauses = Vec::new();
    match parsed {
        Some(node) => lower_into(&node, definition, &mut clauses),
        None => clauses.push(Clause::Opaque(definition.trim().to_string())),
    }
    CheckModel { clauses }
}
