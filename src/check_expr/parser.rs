//! The recursive-descent parser of CHECK expressions (OR < AND < NOT < comparison < `::` cast <
//! primary): tokens into an untyped syntax tree holding only what the lowering needs. Depth is
//! bounded so that hostile input cannot overflow the stack, and a group that does not parse
//! becomes `Expr::Other` rather than failing the whole expression.

use super::lexer::{tokenize, Tok, Token};
use super::CmpOp;

/// Untyped syntax tree: only what the lowering needs.
#[derive(Debug)]
pub(super) enum Expr {
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// A comparison, LIKE or regex operator, or `%`.
    Binary {
        op: String,
        lhs: Box<Node>,
        rhs: Box<Node>,
    },
    /// `lhs op ANY (rhs)`, or `lhs op ALL (rhs)` when `all`.
    Quantified {
        op: String,
        all: bool,
        lhs: Box<Node>,
        rhs: Box<Node>,
    },
    InList {
        lhs: Box<Node>,
        items: Vec<Node>,
        negated: bool,
    },
    NullTest {
        arg: Box<Node>,
        negated: bool,
    },
    Cast(Box<Node>, String),
    Neg(Box<Node>),
    Column(String),
    Str(String),
    /// A number, `true` or `false`.
    Bare(String),
    Call(String, Vec<Node>),
    Array(Vec<Node>),
    /// `NULL`, arithmetic and other operators, or a parenthesised group that did not parse.
    Other,
}

#[derive(Debug)]
pub(super) struct Node {
    pub(super) expr: Expr,
    /// Byte range in the source.
    pub(super) span: (usize, usize),
}

impl Node {
    pub(super) fn text(&self, src: &str) -> String {
        src.get(self.span.0..self.span.1).unwrap_or("").trim().to_string()
    }
}

/// Nesting limit (groups, NOT, unary minus) so that hostile input cannot overflow the stack.
const MAX_DEPTH: usize = 64;

/// Words that are never columns when unquoted (PostgreSQL quotes such column names).
const KEYWORDS: &[&str] = &[
    "ALL",
    "AND",
    "ANY",
    "ARRAY",
    "BETWEEN",
    "CASE",
    "CAST",
    "CHECK",
    "COLLATE",
    "CURRENT_CATALOG",
    "CURRENT_DATE",
    "CURRENT_ROLE",
    "CURRENT_SCHEMA",
    "CURRENT_TIME",
    "CURRENT_TIMESTAMP",
    "CURRENT_USER",
    "DISTINCT",
    "ELSE",
    "END",
    "EXISTS",
    "FALSE",
    "FROM",
    "ILIKE",
    "IN",
    "IS",
    "ISNULL",
    "LIKE",
    "LOCALTIME",
    "LOCALTIMESTAMP",
    "NOT",
    "NOTNULL",
    "NULL",
    "OR",
    "OVERLAPS",
    "ROW",
    "SELECT",
    "SESSION_USER",
    "SIMILAR",
    "SOME",
    "SYMMETRIC",
    "SYSTEM_USER",
    "THEN",
    "TO",
    "TRUE",
    "USER",
    "WHEN",
    "WHERE",
];

/// Words continuing a multi-word type name: `double precision`, `timestamp with time zone`.
const TYPE_WORDS: &[&str] = &["precision", "varying", "with", "without", "time", "zone"];

fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

/// A LIKE (`~~`) or regex (`~`) operator as (is LIKE, negated, case-insensitive).
pub(super) fn pattern_op(op: &str) -> Option<(bool, bool, bool)> {
    let (negated, rest) = op.strip_prefix('!').map_or((false, op), |r| (true, r));
    let (ci, rest) = rest.strip_suffix('*').map_or((false, rest), |r| (true, r));
    matches!(rest, "~" | "~~").then_some((rest == "~~", negated, ci))
}

fn is_cmp_op(op: &str) -> bool {
    CmpOp::from_sql(op).is_some() || pattern_op(op).is_some()
}

pub(super) struct Parser<'a> {
    src: &'a str,
    pub(super) toks: Vec<Token>,
    /// For each `(` token, the index of its matching `)`.
    matching: Vec<Option<usize>>,
    pub(super) pos: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str, toks: Vec<Token>) -> Self {
        let (mut matching, mut open) = (vec![None; toks.len()], Vec::new());
        for (i, t) in toks.iter().enumerate() {
            match t.tok {
                Tok::LParen => open.push(i),
                Tok::RParen => {
                    if let Some(slot) = open.pop().and_then(|o| matching.get_mut(o)) {
                        *slot = Some(i);
                    }
                }
                _ => {}
            }
        }
        Parser { src, toks, matching, pos: 0, depth: 0 }
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.toks.get(self.pos + n).map(|t| &t.tok)
    }

    fn peek(&self) -> Option<&Tok> {
        self.peek_at(0)
    }

    fn kw_at(&self, n: usize, kw: &str) -> bool {
        matches!(self.peek_at(n), Some(Tok::Ident(w)) if w.eq_ignore_ascii_case(kw))
    }

    fn kw_in(&self, n: usize, words: &[&str]) -> bool {
        words.iter().any(|w| self.kw_at(n, w))
    }

    pub(super) fn eat_kw(&mut self, kw: &str) -> bool {
        let hit = self.kw_at(0, kw);
        self.pos += usize::from(hit);
        hit
    }

    fn eat(&mut self, tok: &Tok) -> bool {
        let hit = self.peek() == Some(tok);
        self.pos += usize::from(hit);
        hit
    }

    /// A node spanning from token `first` to the last consumed token.
    fn node(&self, expr: Expr, first: usize) -> Node {
        let start = self.toks.get(first).map_or(0, |t| t.start);
        let end = self.pos.checked_sub(1).and_then(|i| self.toks.get(i)).map_or(start, |t| t.end);
        Node { expr, span: (start, end.max(start)) }
    }

    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if self.depth >= MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let result = f(self);
        self.depth -= 1;
        result
    }

    pub(super) fn expr(&mut self) -> Option<Node> {
        self.nested(|p| p.chain("OR", |p| p.chain("AND", Self::not_expr, Expr::And), Expr::Or))
    }

    /// `operand (kw operand)*`, built with `build` when there is more than one operand.
    fn chain(
        &mut self,
        kw: &str,
        operand: impl Fn(&mut Self) -> Option<Node>,
        build: fn(Vec<Node>) -> Expr,
    ) -> Option<Node> {
        let first = self.pos;
        let mut items = vec![operand(self)?];
        while self.eat_kw(kw) {
            items.push(operand(self)?);
        }
        if items.len() == 1 {
            return items.pop();
        }
        Some(self.node(build(items), first))
    }

    fn not_expr(&mut self) -> Option<Node> {
        let first = self.pos;
        if !self.eat_kw("NOT") {
            return self.cmp_expr();
        }
        let inner = self.nested(Self::not_expr)?;
        Some(self.node(Expr::Not(Box::new(inner)), first))
    }

    /// `x IS [NOT] NULL`, `x [NOT] IN (...)`, `x [NOT] [I]LIKE y`, `x op y`, `x op ANY|ALL (y)`.
    fn cmp_expr(&mut self) -> Option<Node> {
        let first = self.pos;
        let lhs = Box::new(self.additive()?);
        if self.eat_kw("IS") {
            let negated = self.eat_kw("NOT");
            return self.eat_kw("NULL").then(|| self.node(Expr::NullTest { arg: lhs, negated }, first));
        }
        let negated = self.kw_at(0, "NOT") && self.kw_in(1, &["IN", "LIKE", "ILIKE"]);
        self.pos += usize::from(negated);
        let expr = if self.eat_kw("IN") {
            if !self.eat(&Tok::LParen) {
                return None;
            }
            Expr::InList { lhs, items: self.list(&Tok::RParen)?, negated }
        } else if self.kw_in(0, &["LIKE", "ILIKE"]) {
            let ci = self.kw_at(0, "ILIKE");
            self.pos += 1;
            let op = format!("{}~~{}", if negated { "!" } else { "" }, if ci { "*" } else { "" });
            Expr::Binary { op, lhs, rhs: Box::new(self.additive()?) }
        } else if let Some(Tok::Op(op)) = self.peek().filter(|t| matches!(t, Tok::Op(o) if is_cmp_op(o))) {
            let op = op.clone();
            self.pos += 1;
            let all = self.kw_at(0, "ALL");
            if self.kw_in(0, &["ALL", "ANY", "SOME"]) && self.peek_at(1) == Some(&Tok::LParen) {
                self.pos += 1;
                Expr::Quantified { op, all, lhs, rhs: Box::new(self.primary()?) }
            } else {
                Expr::Binary { op, lhs, rhs: Box::new(self.additive()?) }
            }
        } else {
            return (!negated).then_some(*lhs);
        };
        Some(self.node(expr, first))
    }

    /// Operands joined by non-comparison operators (arithmetic, `||`, `@>`, ...) are not modelled.
    /// One exception: `x % y` alone, a remainder (`account_id % 100 = 7`).
    fn additive(&mut self) -> Option<Node> {
        let first = self.pos;
        let node = self.unary()?;
        let mut ops = Vec::new();
        let mut last = None;
        while let Some(Tok::Op(op)) = self.peek().filter(|t| matches!(t, Tok::Op(op) if !is_cmp_op(op))) {
            ops.push(op.clone());
            self.pos += 1;
            last = Some(self.unary()?);
        }
        Some(match (ops.as_slice(), last) {
            ([], _) => node,
            ([op], Some(rhs)) if op == "%" => {
                self.node(Expr::Binary { op: op.clone(), lhs: Box::new(node), rhs: Box::new(rhs) }, first)
            }
            _ => self.node(Expr::Other, first),
        })
    }

    fn unary(&mut self) -> Option<Node> {
        let first = self.pos;
        let minus = match self.peek() {
            Some(Tok::Op(op)) if op == "-" || op == "+" => op == "-",
            _ => return self.postfix(),
        };
        self.pos += 1;
        let inner = self.nested(Self::unary)?;
        Some(if minus { self.node(Expr::Neg(Box::new(inner)), first) } else { inner })
    }

    /// A primary followed by `::type` casts (at most a few). Subscripts are not modelled.
    fn postfix(&mut self) -> Option<Node> {
        let first = self.pos;
        let mut node = self.primary()?;
        for _ in 0..16 {
            if !self.eat(&Tok::Cast) {
                return (self.peek() != Some(&Tok::LBracket)).then_some(node);
            }
            let ty = self.type_name()?;
            node = self.node(Expr::Cast(Box::new(node), ty), first);
        }
        None
    }

    fn primary(&mut self) -> Option<Node> {
        let first = self.pos;
        let expr = match self.peek()?.clone() {
            Tok::LParen => return self.paren_group(),
            Tok::Ident(word) => return self.name_primary(word, true),
            Tok::QIdent(word) => return self.name_primary(word, false),
            Tok::Str(s) => Expr::Str(s),
            Tok::Num(n) => Expr::Bare(n),
            _ => return None,
        };
        self.pos += 1;
        Some(self.node(expr, first))
    }

    /// `( expr )`, giving the inner node; a group that does not parse becomes `Other`.
    fn paren_group(&mut self) -> Option<Node> {
        let open = self.pos;
        let close = self.matching.get(open).copied().flatten()?;
        self.pos += 1;
        let inner = self.expr().filter(|_| self.pos == close);
        self.pos = close + 1;
        inner.or_else(|| {
            let start = self.toks.get(open).map_or(0, |t| t.end);
            let end = self.toks.get(close).map_or(start, |t| t.start);
            Some(Node { expr: Expr::Other, span: (start, end.max(start)) })
        })
    }

    /// Column, function call, `NULL`, `true`/`false` or `ARRAY[...]`; `bare` means unquoted.
    fn name_primary(&mut self, word: String, bare: bool) -> Option<Node> {
        let first = self.pos;
        self.pos += 1;
        if bare {
            let special = match word.to_ascii_uppercase().as_str() {
                "NULL" => Some(Expr::Other),
                "TRUE" | "FALSE" => Some(Expr::Bare(word.to_ascii_lowercase())),
                "ARRAY" if self.eat(&Tok::LBracket) => Some(Expr::Array(self.list(&Tok::RBracket)?)),
                up if is_keyword(up) => return None,
                _ => None,
            };
            if let Some(expr) = special {
                return Some(self.node(expr, first));
            }
        }
        let (mut name, mut qualified) = (word, false);
        while self.peek() == Some(&Tok::Dot) {
            let Some(Tok::Ident(part) | Tok::QIdent(part)) = self.peek_at(1).cloned() else {
                return None;
            };
            (name, qualified) = (format!("{name}.{part}"), true);
            self.pos += 2;
        }
        let expr = match self.eat(&Tok::LParen) {
            true => Expr::Call(name, self.list(&Tok::RParen)?),
            false if qualified => return None,
            false => Expr::Column(name),
        };
        Some(self.node(expr, first))
    }

    /// Comma-separated expressions up to `close` (the opening token is already consumed).
    fn list(&mut self, close: &Tok) -> Option<Vec<Node>> {
        let mut items = Vec::new();
        while !self.eat(close) {
            if !items.is_empty() && !self.eat(&Tok::Comma) {
                return None;
            }
            items.push(self.expr()?);
        }
        Some(items)
    }

    /// A type name after `::`, as written: `double precision`, `public.mood`, `"MyType"`,
    /// `character varying(10)`, `timestamp(3) with time zone`, `text[]`.
    fn type_name(&mut self) -> Option<String> {
        let first = self.pos;
        let is_name = |t: Option<&Tok>| matches!(t, Some(Tok::Ident(_) | Tok::QIdent(_)));
        if !is_name(self.peek()) {
            return None;
        }
        self.pos += 1;
        while self.peek() == Some(&Tok::Dot) && is_name(self.peek_at(1)) {
            self.pos += 2;
        }
        self.type_words();
        if self.peek() == Some(&Tok::LParen) {
            self.pos = self.matching.get(self.pos).copied().flatten()? + 1;
            self.type_words();
        }
        while self.peek() == Some(&Tok::LBracket) {
            let bound = usize::from(matches!(self.peek_at(1), Some(Tok::Num(_))));
            if self.peek_at(1 + bound) != Some(&Tok::RBracket) {
                return None;
            }
            self.pos += 2 + bound;
        }
        let (start, end) = (self.toks.get(first)?.start, self.toks.get(self.pos.checked_sub(1)?)?.end);
        self.src.get(start..end).map(str::to_string)
    }

    fn type_words(&mut self) {
        while self.kw_in(0, TYPE_WORDS) {
            self.pos += 1;
        }
    }
}

/// Identifiers of an opaque text that may be columns (over-reporting is harmless).
pub(super) fn scan_columns(text: &str) -> Vec<String> {
    let mut p = Parser::new(text, tokenize(text, true).unwrap_or_default());
    let mut out = Vec::new();
    while let Some(tok) = p.peek().cloned() {
        p.pos += 1;
        match tok {
            Tok::Cast => drop(p.type_name()),
            Tok::Ident(_) | Tok::QIdent(_) if p.peek() == Some(&Tok::LParen) => {}
            Tok::Ident(word) if is_keyword(&word) => {}
            Tok::Ident(word) | Tok::QIdent(word) => out.push(word),
            _ => {}
        }
    }
    out
}
