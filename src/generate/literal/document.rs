//! Documents and structured text: `xml`, `tsquery`, `jsonpath`, `hstore` and `ltree`.

use crate::rng::{mix64, Stream};
use crate::semantic::dict::dict;
use crate::semantic::Locale;

/// A lower-case dictionary word of ASCII letters only (safe in every one of these syntaxes).
fn word(s: &mut Stream) -> String {
    let words = dict(Locale::En).words;
    for _ in 0..8 {
        let w = words[s.index(words.len())].to_lowercase();
        if !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()) {
            return w;
        }
    }
    "item".into()
}

fn capitalized(s: &mut Stream) -> String {
    let w = word(s);
    let mut c = w.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or(w)
}

/// A small XML document: a root element with an id, a title and a body of words.
pub fn xml(s: &mut Stream) -> String {
    const ROOTS: [&str; 5] = ["note", "item", "record", "entry", "message"];
    let root = ROOTS[s.index(ROOTS.len())];
    let title = (0..1 + s.index(3)).map(|_| capitalized(s)).collect::<Vec<_>>().join(" ");
    let body = (0..3 + s.index(8)).map(|_| word(s)).collect::<Vec<_>>().join(" ");
    format!("<{root} id=\"{}\"><title>{title}</title><body>{body}.</body></{root}>", 1 + s.below(100_000))
}

/// A text-search query of one to three words: `'river' & 'stone'`, `'cloud' | !'rain'`.
pub fn tsquery(s: &mut Stream) -> String {
    let n = 1 + s.index(3);
    let mut words: Vec<String> = (0..n).map(|_| word(s)).collect();
    words.dedup();
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(if s.chance(0.7) { " & " } else { " | " });
        }
        if i > 0 && s.chance(0.15) {
            out.push('!');
        }
        out.push_str(&format!("'{w}'"));
    }
    out
}

/// A JSON path over application data: `$.items[*].price`, `$.rating ? (@ > 3)`.
pub fn jsonpath(s: &mut Stream) -> String {
    const KEYS: [&str; 8] = ["items", "price", "tags", "rating", "color", "size", "address", "name"];
    let k = |s: &mut Stream| KEYS[s.index(KEYS.len())];
    match s.index(5) {
        0 => format!("$.{}", k(s)),
        1 => format!("$.{}[*].{}", k(s), k(s)),
        2 => format!("$.{} ? (@ > {})", k(s), s.below(100)),
        3 => format!("strict $.{}[{}]", k(s), s.below(5)),
        _ => format!("$.{}.{}", k(s), k(s)),
    }
}

const HSTORE_KEYS: [&str; 10] =
    ["color", "size", "brand", "material", "origin", "weight", "style", "season", "fit", "finish"];

fn hstore_value(s: &mut Stream, key: &str) -> String {
    match key {
        "size" => ["XS", "S", "M", "L", "XL"][s.index(5)].to_string(),
        "weight" => format!("{}", 50 + s.below(5000)),
        "season" => ["spring", "summer", "autumn", "winter"][s.index(4)].to_string(),
        _ => word(s),
    }
}

/// A map of one to four attributes, as jsonb objects of application data hold:
/// `"color"=>"amber", "size"=>"M"`.
pub fn hstore(s: &mut Stream) -> String {
    let n = 1 + s.index(4);
    let start = s.index(HSTORE_KEYS.len());
    (0..n)
        .map(|i| {
            let k = HSTORE_KEYS[(start + i) % HSTORE_KEYS.len()];
            format!("\"{k}\"=>\"{}\"", hstore_value(s, k))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Distinct maps: a `sku` number beside a drawn attribute or two.
pub fn hstore_nth(n: u64, s: &mut Stream) -> String {
    format!("\"sku\"=>\"{n}\", {}", hstore(s))
}

/// Children per label of an ltree column's hierarchy.
pub(super) const BRANCHING: u64 = 6;

/// The label of child `i` (below [`BRANCHING`]) of the node whose path hashes to `parent`:
/// consecutive words of the dictionary from a place fixed by the column's seed and the parent, so
/// that siblings differ.
fn label(seed: u64, parent: u64, i: u64) -> String {
    let words = dict(Locale::En).words;
    let at = (mix64(seed ^ parent).wrapping_add(i) % words.len() as u64) as usize;
    let w: String = words[at].chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => format!("Node{i}"),
    }
}

/// A path from the root of the column's hierarchy down one to four levels: rows share prefixes
/// as the nodes of one tree do (`Top.Science.Astronomy`). Without `tree`, any labels.
pub fn ltree(s: &mut Stream, tree: bool, seed: u64) -> String {
    let depth = 1 + s.index(4);
    let mut parts = vec!["Top".to_string()];
    let mut parent = seed;
    for _ in 1..depth {
        if tree {
            let i = s.below(BRANCHING);
            parts.push(label(seed, parent, i));
            parent = mix64(parent ^ (i + 1));
        } else {
            parts.push(capitalized(s));
        }
    }
    parts.join(".")
}

/// Distinct paths: `n` written in bijective base-[`BRANCHING`] numerals, a level per digit, under
/// `Top` (every `n` a different node of the hierarchy).
pub fn ltree_nth(n: u64, seed: u64) -> String {
    let mut digits = Vec::new();
    let mut m = n;
    while m > 0 {
        let d = (m - 1) % BRANCHING;
        digits.push(d);
        m = (m - 1) / BRANCHING;
    }
    digits.reverse();
    let mut parts = vec!["Top".to_string()];
    let mut parent = seed;
    for d in digits {
        parts.push(label(seed, parent, d));
        parent = mix64(parent ^ (d + 1));
    }
    parts.join(".")
}
