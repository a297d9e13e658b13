//! Text values: what a name says (via `semantic`), what the histogram shows, or plain words.

use super::pattern::Pattern;
use crate::rng::{Key, Stream};
use crate::semantic::{fake, Persona, TextKind};
pub use crate::semantic::{Case, TextStyle};

#[derive(Clone, Debug, PartialEq)]
pub enum TextSource {
    /// A value of a known kind (names, emails, cities …), coherent within the row.
    Semantic(TextKind),
    /// Strings that sort between neighbouring histogram bounds and keep their shape (codes such as
    /// `INV-2024-000123` stay codes); `pool` caps the number of distinct values.
    Interpolate { hist: Vec<String>, pool: Option<u64> },
    /// Codes of a pattern (`INV-dddd-dddddd`): between neighbouring histogram bounds as
    /// `Interpolate` does when there are some (so codes keep their distribution), then made to
    /// fit the pattern; drawn from the pattern alone otherwise.
    Pattern { pattern: Pattern, hist: Vec<String>, pool: Option<u64> },
    /// Words until about `mean_chars` characters.
    Words { mean_chars: usize },
    /// Upper-case letters and digits of exactly `len` characters.
    Code { len: usize },
}

impl TextSource {
    pub fn needs_persona(&self) -> bool {
        matches!(self, TextSource::Semantic(_))
    }

    /// Whether the value needs the row's own person, not only a persona of the call's locale.
    pub fn needs_person(&self) -> bool {
        matches!(self, TextSource::Semantic(k) if k.reads_the_person())
    }

    pub fn generate(&self, s: &mut Stream, key: Key, persona: Option<&Persona>, max_chars: Option<usize>) -> String {
        let out = match self {
            TextSource::Semantic(kind) => match persona {
                Some(p) => fake(*kind, p, s, max_chars),
                None => fake(*kind, &Persona::new(s, crate::semantic::Locale::En), s, max_chars),
            },
            TextSource::Interpolate { hist, pool } => interpolate(hist, *pool, s, key),
            TextSource::Pattern { pattern, hist, pool } => {
                let near = if hist.len() >= 2 { interpolate(hist, *pool, s, key) } else { String::new() };
                pattern.conform(&near, s)
            }
            TextSource::Words { mean_chars } => words(s, *mean_chars, persona),
            TextSource::Code { len } => code(s, *len),
        };
        match max_chars {
            Some(m) => truncate_chars(&out, m).to_string(),
            None => out,
        }
    }
}

/// The longest prefix of `s` with at most `max` characters.
pub fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Pads with spaces to exactly `len` characters (for `char(n)`), truncating if longer.
pub fn pad_chars(s: &str, len: usize) -> String {
    let t = truncate_chars(s, len);
    let n = t.chars().count();
    let mut out = String::with_capacity(t.len() + len - n);
    out.push_str(t);
    out.extend(std::iter::repeat_n(' ', len - n));
    out
}

fn code(s: &mut Stream, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
    (0..len).map(|_| ALPHABET[s.index(ALPHABET.len())] as char).collect()
}

fn words(s: &mut Stream, mean_chars: usize, persona: Option<&Persona>) -> String {
    // Lengths vary around the mean (half to one and a half times it); words are never cut.
    let target = (mean_chars / 2 + s.index(mean_chars.max(1) + 1)).max(1);
    let fallback;
    let p = match persona {
        Some(p) => p,
        None => {
            fallback = Persona::new(s, crate::semantic::Locale::En);
            &fallback
        }
    };
    let mut out = String::new();
    let mut len = 0;
    loop {
        let word = fake(TextKind::Word, p, s, None);
        let wlen = word.chars().count();
        if len > 0 && len + 1 + wlen > target {
            break;
        }
        if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(&word);
        len += wlen;
        if len >= target {
            break;
        }
    }
    capitalize(truncate_chars(&out, target.max(wlen_first(&out))))
}

fn wlen_first(s: &str) -> usize {
    s.split(' ').next().map_or(0, |w| w.chars().count())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Digit,
    Upper,
    Lower,
    Other,
}

fn class(c: char) -> Class {
    if c.is_ascii_digit() {
        Class::Digit
    } else if c.is_uppercase() {
        Class::Upper
    } else if c.is_lowercase() {
        Class::Lower
    } else {
        Class::Other
    }
}

fn random_of(class: Class, s: &mut Stream, like: char) -> char {
    match class {
        Class::Digit => (b'0' + s.below(10) as u8) as char,
        Class::Upper => (b'A' + s.below(26) as u8) as char,
        Class::Lower => (b'a' + s.below(26) as u8) as char,
        Class::Other => like,
    }
}

/// A string between two neighbouring histogram bounds with their shape: the common prefix is kept,
/// the next character falls between theirs, and the rest follows the character classes of one of
/// them (digits stay digits, letters stay letters, punctuation is copied).
fn interpolate(hist: &[String], pool: Option<u64>, s: &mut Stream, key: Key) -> String {
    match hist.len() {
        0 => return String::new(),
        1 => return hist[0].clone(),
        _ => {}
    }
    // With a pool, slot k always renders the same string: it seeds its own stream.
    let mut slot_stream;
    let s = match pool {
        Some(d) if d > 0 => {
            slot_stream = key.derive("pool").stream(s.below(d));
            &mut slot_stream
        }
        _ => s,
    };
    let b = s.index(hist.len() - 1);
    let (lo, hi): (Vec<char>, Vec<char>) = (hist[b].chars().collect(), hist[b + 1].chars().collect());
    let template = if s.chance(0.5) { &lo } else { &hi };
    let prefix = lo.iter().zip(&hi).take_while(|(a, b)| a == b).count();
    let mut out: String = lo[..prefix].iter().collect();
    for (i, &t) in template.iter().enumerate().skip(prefix) {
        let c = if i == prefix {
            match (lo.get(i), hi.get(i)) {
                (Some(&a), Some(&z)) if class(a) == class(z) && a < z && class(a) != Class::Other => {
                    char::from_u32(a as u32 + s.below(u64::from(z as u32 - a as u32) + 1) as u32).unwrap_or(t)
                }
                _ => t,
            }
        } else {
            random_of(class(t), s, t)
        };
        out.push(c);
    }
    out
}

/// SQL `LIKE` matching (`%`, `_`, backslash escape), optionally case-insensitive.
pub fn like_matches(value: &str, pattern: &str, case_insensitive: bool) -> bool {
    let fold = |x: &str| {
        if case_insensitive {
            x.to_lowercase()
        } else {
            x.to_string()
        }
    };
    let v: Vec<char> = fold(value).chars().collect();
    let p = parse_like(&fold(pattern));
    like_rec(&v, &p)
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum LikeTok {
    Any,
    One,
    Lit(char),
}

fn parse_like(pattern: &str) -> Vec<LikeTok> {
    let mut out = Vec::new();
    let mut it = pattern.chars();
    while let Some(c) = it.next() {
        out.push(match c {
            '%' => LikeTok::Any,
            '_' => LikeTok::One,
            '\\' => LikeTok::Lit(it.next().unwrap_or('\\')),
            c => LikeTok::Lit(c),
        });
    }
    out
}

fn like_rec(v: &[char], p: &[LikeTok]) -> bool {
    // Iterative matcher with backtracking over the last `%` (linear in practice).
    let (mut vi, mut pi) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while vi < v.len() {
        match p.get(pi) {
            Some(LikeTok::Any) => {
                star = Some((pi, vi));
                pi += 1;
            }
            Some(LikeTok::One) => {
                vi += 1;
                pi += 1;
            }
            Some(LikeTok::Lit(c)) if *c == v[vi] => {
                vi += 1;
                pi += 1;
            }
            _ => match star {
                Some((sp, sv)) => {
                    pi = sp + 1;
                    vi = sv + 1;
                    star = Some((sp, sv + 1));
                }
                None => return false,
            },
        }
    }
    p[pi..].iter().all(|t| *t == LikeTok::Any)
}

/// A string matching a `LIKE` pattern, built from `base`: literal parts are copied, `_` becomes a
/// letter, and the first `%` receives `base` (later ones a short word).
pub fn build_like(pattern: &str, base: &str, s: &mut Stream) -> String {
    let mut out = String::new();
    let mut used_base = false;
    for tok in parse_like(pattern) {
        match tok {
            LikeTok::Lit(c) => out.push(c),
            LikeTok::One => out.push((b'a' + s.below(26) as u8) as char),
            LikeTok::Any if !used_base => {
                out.push_str(base);
                used_base = true;
            }
            LikeTok::Any => out.push_str(&code(s, 3).to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_and_padding_count_characters() {
        assert_eq!(truncate_chars("Zoë Müller", 3), "Zoë");
        assert_eq!(pad_chars("ab", 4), "ab  ");
        assert_eq!(pad_chars("abcdef", 4), "abcd");
    }

    #[test]
    fn interpolation_keeps_the_shape_of_codes() {
        let hist = vec!["INV-2024-000100".to_string(), "INV-2024-000900".to_string()];
        let key = Key::from_seed(1);
        for i in 0..200 {
            let v = interpolate(&hist, None, &mut key.stream(i), key);
            assert_eq!(v.len(), 15, "{v}");
            assert!(v.starts_with("INV-2024-000"), "{v}");
            assert!(v[12..].chars().all(|c| c.is_ascii_digit()), "{v}");
            assert!(v.as_str() >= "INV-2024-000100" && v.as_str() <= "INV-2024-000999", "{v}");
        }
    }

    #[test]
    fn pattern_sources_keep_the_pattern_and_the_histogram() {
        let pattern = Pattern::parse("INV-dddd-dddddd").unwrap();
        // A bound of another shape does not leak into the values.
        let hist: Vec<String> = ["INV-2024-000100", "INV-2024-000500", "INV-2024-000900", "INV-24-9"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let source = TextSource::Pattern { pattern: pattern.clone(), hist, pool: None };
        let key = Key::from_seed(5);
        let vals: Vec<String> = (0..600).map(|i| source.generate(&mut key.stream(i), key, None, None)).collect();
        assert!(vals.iter().all(|v| pattern.matches(v)), "{vals:?}");
        let inside = vals.iter().filter(|v| v.as_str() >= "INV-2024-000100" && v.as_str() <= "INV-2024-000999").count();
        assert!(inside >= 350, "{inside} of 600 between the bounds");
        let bare = TextSource::Pattern { pattern: pattern.clone(), hist: vec![], pool: None };
        assert!(pattern.matches(&bare.generate(&mut key.stream(0), key, None, None)));
    }

    #[test]
    fn interpolation_pool_caps_distinct_values() {
        let hist: Vec<String> = ["apple", "banana", "cherry", "damson"].iter().map(|s| s.to_string()).collect();
        let key = Key::from_seed(2);
        let mut vals: Vec<String> = (0..2000).map(|i| interpolate(&hist, Some(5), &mut key.stream(i), key)).collect();
        vals.sort();
        vals.dedup();
        assert!(vals.len() <= 5, "{vals:?}");
    }

    #[test]
    fn like_matching_and_building_agree() {
        assert!(like_matches("anna@example.com", "%@%", false));
        assert!(!like_matches("anna.example.com", "%@%", false));
        assert!(like_matches("ABC", "a_c", true));
        assert!(!like_matches("ABC", "a_c", false));
        assert!(like_matches("50%", "50\\%", false));
        let key = Key::from_seed(3);
        for pat in ["%@%", "INV-____", "a%b%c", "%"] {
            let v = build_like(pat, "base", &mut key.stream(0));
            assert!(like_matches(&v, pat, false), "{pat} -> {v}");
        }
    }

    #[test]
    fn words_are_never_cut() {
        let key = Key::from_seed(9);
        for i in 0..200 {
            let mut st = key.stream(i);
            let p = Persona::new(&mut st, crate::semantic::Locale::En);
            let t = TextSource::Words { mean_chars: 14 }.generate(&mut st, key, Some(&p), None);
            for w in t.split(' ') {
                let lower = w.to_lowercase();
                let words = crate::semantic::dict::dict(crate::semantic::Locale::En).words;
                assert!(words.iter().any(|d| d.to_lowercase() == lower), "{w:?} in {t:?}");
            }
        }
    }

    #[test]
    fn codes_have_the_requested_length() {
        let key = Key::from_seed(4);
        let s = TextSource::Code { len: 8 }.generate(&mut key.stream(0), key, None, None);
        assert_eq!(s.len(), 8);
        assert!(s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()));
    }
}
