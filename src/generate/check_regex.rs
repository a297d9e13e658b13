//! Regular expressions of CHECK constraints (`col ~ '^[a-z][a-z0-9_]+$'`): whether a value
//! matches, and values that match. PostgreSQL's advanced regular expressions and Rust's `regex`
//! agree on the shapes CHECKs use (classes, bracket expressions with `[:alpha:]`, anchors,
//! bounded and unbounded repetition, alternation); a pattern the `regex` crate reads differently
//! or not at all (back-references, `\m`, `\y`, look-ahead) is not compiled, and the database
//! stays the judge of its constraint.
//!
//! Values come from [`rand_regex`], which draws strings from a pattern's syntax tree. Anchors are
//! dropped from the tree (a drawn value is the whole string, so `^` and `$` hold where they stand
//! at its ends; elsewhere the matcher rejects the draw), repetition is bounded, and character
//! classes are narrowed to printable ASCII where they allow it (`[^/]+` gives `k3R`, not symbols
//! from every script).

use std::cell::RefCell;
use std::collections::HashMap;

use rand::distr::Distribution;
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Repetition};

use crate::rng::Stream;

/// The most times an unbounded repetition (`+`, `*`, `{2,}`) repeats in a drawn value.
const MAX_REPEAT: u32 = 12;

/// How many values are drawn before a pattern is declared one we cannot meet.
const DRAWS: usize = 32;

/// A compiled CHECK pattern.
#[derive(Clone, Debug)]
pub struct Regex {
    source: String,
    case_insensitive: bool,
    matcher: regex::Regex,
    sampler: Option<rand_regex::Regex>,
}

impl PartialEq for Regex {
    fn eq(&self, other: &Regex) -> bool {
        self.source == other.source && self.case_insensitive == other.case_insensitive
    }
}

impl Regex {
    /// `None` when the pattern uses syntax read differently here than by PostgreSQL.
    pub fn compile(source: &str, case_insensitive: bool) -> Option<Regex> {
        let translated = translate(source)?;
        let matcher = regex::RegexBuilder::new(&translated).case_insensitive(case_insensitive).build().ok()?;
        let hir = regex_syntax::ParserBuilder::new().build().parse(&translated).ok()?;
        let sampler = rand_regex::Regex::with_hir(printable(strip_looks(hir)), MAX_REPEAT).ok();
        Some(Regex { source: source.to_string(), case_insensitive, matcher, sampler })
    }

    pub fn matches(&self, text: &str) -> bool {
        self.matcher.is_match(text)
    }

    /// A value that matches, between `min_chars` and `max_chars` characters when one such was
    /// drawn, else `None`.
    pub fn draw(&self, s: &mut Stream, min_chars: usize, max_chars: Option<usize>) -> Option<String> {
        let sampler = self.sampler.as_ref()?;
        (0..DRAWS).map(|_| -> String { sampler.sample(s) }).find(|t| {
            let n = t.chars().count();
            n >= min_chars && max_chars.is_none_or(|m| n <= m) && self.matches(t)
        })
    }

    /// The value itself when it matches, else the value's letters, digits and underscores (a
    /// name becomes a user name `candrahunderson`), else `None`.
    pub fn fit(&self, text: &str) -> Option<String> {
        if self.matches(text) {
            return Some(text.to_string());
        }
        let plain: String = text.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        (!plain.is_empty() && self.matches(&plain)).then_some(plain)
    }
}

/// Whether `text` matches `pattern`, for checks of rows (`None`: not a pattern we compile).
/// Compiled patterns are kept for the session; a schema holds few.
pub fn matches(pattern: &str, case_insensitive: bool, text: &str) -> Option<bool> {
    thread_local! {
        static CACHE: RefCell<HashMap<(String, bool), Option<Regex>>> = RefCell::new(HashMap::new());
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let compiled = cache
            .entry((pattern.to_string(), case_insensitive))
            .or_insert_with(|| Regex::compile(pattern, case_insensitive));
        compiled.as_ref().map(|p| p.matches(text))
    })
}

/// PostgreSQL's syntax in `regex`'s words, or `None` where they differ: `\Z` (end of string) is
/// `\z`; PostgreSQL's word-boundary escapes (`\m`, `\M`, `\y`, `\Y`), back-references and
/// option prefixes (`***:`, `(?b)`-style flags other than `i`) are not translated.
fn translate(source: &str) -> Option<String> {
    if source.starts_with("***") {
        return None;
    }
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    let mut in_bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next()?;
                match next {
                    'Z' if !in_bracket => out.push_str("\\z"),
                    'm' | 'M' | 'y' | 'Y' | '1'..='9' if !in_bracket => return None,
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' if !in_bracket => {
                in_bracket = true;
                out.push('[');
                // `[]…]` and `[^]…]`: a leading `]` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next()?);
                }
                if chars.peek() == Some(&']') {
                    chars.next();
                    out.push_str("\\]");
                }
            }
            '[' if in_bracket && chars.peek() == Some(&':') => {
                // A character class name, `[:alpha:]`, copied whole.
                out.push('[');
                for d in chars.by_ref() {
                    out.push(d);
                    if d == ']' {
                        break;
                    }
                }
            }
            '[' => out.push_str("\\["),
            ']' if in_bracket => {
                in_bracket = false;
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// The tree without anchors and word boundaries: they match the empty string where they stand.
fn strip_looks(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Capture(c) => Hir::capture(regex_syntax::hir::Capture { sub: Box::new(strip_looks(*c.sub)), ..c }),
        HirKind::Repetition(r) => Hir::repetition(Repetition { sub: Box::new(strip_looks(*r.sub)), ..r }),
        HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(strip_looks).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.into_iter().map(strip_looks).collect()),
        other => Hir::from(other_kind(other)),
    }
}

fn other_kind(kind: HirKind) -> Hir {
    match kind {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Class(c) => Hir::class(c),
        _ => Hir::empty(),
    }
}

/// Classes narrowed to printable ASCII where that leaves something (`.` and `[^@]`
/// draw letters, digits and punctuation, not code points from every script).
fn printable(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Class(Class::Unicode(c)) => {
            let mut narrowed = c.clone();
            narrowed.intersect(&ClassUnicode::new([ClassUnicodeRange::new(' ', '~')]));
            Hir::class(Class::Unicode(if narrowed.iter().next().is_some() { narrowed } else { c }))
        }
        HirKind::Capture(c) => Hir::capture(regex_syntax::hir::Capture { sub: Box::new(printable(*c.sub)), ..c }),
        HirKind::Repetition(r) => Hir::repetition(Repetition { sub: Box::new(printable(*r.sub)), ..r }),
        HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(printable).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.into_iter().map(printable).collect()),
        other => other_kind(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;

    #[test]
    fn drawn_values_match_anchored_patterns() {
        let p = Regex::compile("^[a-zA-Z]([_]?[a-zA-Z0-9])+$", false).unwrap();
        let mut s = Key(7).stream(0);
        for _ in 0..200 {
            let v = p.draw(&mut s, 2, Some(24)).expect("a user name");
            assert!(p.matches(&v) && (2..=24).contains(&v.chars().count()), "{v}");
        }
        assert!(!p.matches("_x") && !p.matches("a__b") && p.matches("ab_9"));
    }

    #[test]
    fn classes_draw_printable_ascii() {
        let p = Regex::compile("^https?://[^/]+", false).unwrap();
        let mut s = Key(3).stream(1);
        for _ in 0..100 {
            let v = p.draw(&mut s, 0, None).unwrap();
            assert!(v.starts_with("http") && v.chars().all(|c| (' '..='~').contains(&c)), "{v}");
        }
    }

    #[test]
    fn postgres_syntax_is_translated_or_refused() {
        assert!(Regex::compile("^[[:alpha:]][[:digit:]]{2}\\Z", false).unwrap().matches("a12"));
        assert!(!Regex::compile("^[[:alpha:]][[:digit:]]{2}\\Z", false).unwrap().matches("a12\n"));
        assert!(Regex::compile("^[]a]+$", false).unwrap().matches("]a]"));
        assert!(Regex::compile("\\mword\\M", false).is_none());
        assert!(Regex::compile("(a)\\1", false).is_none());
        assert!(Regex::compile("***:abc", false).is_none());
        assert_eq!(matches("^[A-Z]+$", true, "abc"), Some(true));
        assert_eq!(matches("^[A-Z]+$", false, "abc"), Some(false));
    }

    #[test]
    fn names_fit_by_losing_punctuation() {
        let p = Regex::compile("^[a-z][a-z0-9_]*$", false).unwrap();
        assert_eq!(p.fit("candra_h").as_deref(), Some("candra_h"));
        assert_eq!(p.fit("candra.hunderson").as_deref(), Some("candrahunderson"));
        assert_eq!(p.fit("Ünal").as_deref(), Some("nal"));
        assert_eq!(p.fit("42 Main St"), None);
    }
}
