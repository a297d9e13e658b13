//! Code patterns: the visible shape of identifiers such as `INV-2024-000123` or `AB12 3CD`.
//!
//! A [`Pattern`] is a fixed-width sequence of positions, each a digit, an upper-case letter, a
//! lower-case letter or a literal character. Written out, `d` is a digit, `L` an upper-case
//! letter, `l` a lower-case letter, and every other character stands for itself (a backslash
//! makes `d`, `L`, `l` or `\` literal): `INV-2024-000123` → `INV-dddd-dddddd`, `AB12 3CD` →
//! `LLdd dLL`.
//!
//! [`Pattern::learn`] reads it from examples (most common values, histogram bounds, a sample):
//! the shape that at least four in five examples share, if it holds a digit; separators are
//! literal, digits always a class, and a run of letters is literal when every example has the
//! same letters there and the run stands alone between separators (`INV-`) or at least
//! [`LITERAL_AGREEMENT`] examples agree on it. A pattern is a description, never a value: a
//! profile may carry it where it may not carry the values it was learned from.
//!
//! Unique columns number their rows through the pattern: [`Pattern::numbered`] picks the
//! rightmost class positions that together have room for the rows, and a seeded permutation of
//! the row's slot writes a distinct number into them, so no two rows share a value while every
//! value keeps the pattern.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::rng::Stream;

/// Share of the examples that must have the pattern's shape.
pub const MIN_SHARE: f64 = 0.8;
/// Examples that must agree on a run of letters joined to digits (`X` in `X123`) to make it
/// literal.
pub const LITERAL_AGREEMENT: usize = 5;
/// The most positions a number is written into (`36^12` is far more than any table's rows).
const MAX_NUMBER_CAPACITY: u128 = 1 << 62;

/// One position of a pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Slot {
    Digit,
    Upper,
    Lower,
    Lit(char),
}

impl Slot {
    fn of(c: char) -> Slot {
        if c.is_ascii_digit() {
            Slot::Digit
        } else if c.is_uppercase() {
            Slot::Upper
        } else if c.is_lowercase() {
            Slot::Lower
        } else {
            Slot::Lit(c)
        }
    }

    fn is_class(self) -> bool {
        !matches!(self, Slot::Lit(_))
    }

    /// How many characters the position can hold.
    fn radix(self) -> u64 {
        match self {
            Slot::Digit => 10,
            Slot::Upper | Slot::Lower => 26,
            Slot::Lit(_) => 1,
        }
    }

    /// The `d`-th character of the position (`d < radix`).
    fn char(self, d: u64) -> char {
        match self {
            Slot::Digit => char::from(b'0' + d as u8),
            Slot::Upper => char::from(b'A' + d as u8),
            Slot::Lower => char::from(b'a' + d as u8),
            Slot::Lit(c) => c,
        }
    }

    /// Whether `c` can stand at this position of a generated value.
    fn admits(self, c: char) -> bool {
        match self {
            Slot::Digit => c.is_ascii_digit(),
            Slot::Upper => c.is_ascii_uppercase(),
            Slot::Lower => c.is_ascii_lowercase(),
            Slot::Lit(l) => c == l,
        }
    }
}

/// A fixed-width code pattern, see the module documentation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pattern {
    slots: Vec<Slot>,
}

/// Where a unique column writes its rows' numbers: class positions, rightmost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbering {
    positions: Vec<usize>,
    capacity: u64,
}

impl Numbering {
    /// How many distinct numbers the positions hold.
    pub fn capacity(&self) -> u64 {
        self.capacity
    }
}

impl Pattern {
    /// The pattern of the examples, or `None` when they show none (see the module
    /// documentation). Empty examples are ignored; each distinct example counts once.
    pub fn learn<'a>(examples: impl IntoIterator<Item = &'a str>) -> Option<Pattern> {
        let distinct: BTreeSet<&str> = examples.into_iter().filter(|e| !e.is_empty()).collect();
        if distinct.is_empty() {
            return None;
        }
        let shaped: Vec<(Vec<char>, Vec<Slot>)> = distinct
            .iter()
            .map(|e| {
                let chars: Vec<char> = e.chars().collect();
                let shape = chars.iter().map(|c| Slot::of(*c)).collect();
                (chars, shape)
            })
            .collect();
        let mut counts: BTreeMap<&[Slot], usize> = BTreeMap::new();
        for (_, shape) in &shaped {
            *counts.entry(shape.as_slice()).or_insert(0) += 1;
        }
        // The most common shape; among equals the first in order, so the answer never depends
        // on the order of the examples.
        let (best, n) = counts.iter().fold((&[][..], 0), |acc, (s, n)| if *n > acc.1 { (*s, *n) } else { acc });
        if (n as f64) < MIN_SHARE * shaped.len() as f64 || !best.contains(&Slot::Digit) {
            return None;
        }
        let mut slots = best.to_vec();
        let matching: Vec<&Vec<char>> = shaped.iter().filter(|(_, s)| s.as_slice() == best).map(|(c, _)| c).collect();
        // Words: maximal runs of letters, whatever their case.
        let letter = |s: Slot| matches!(s, Slot::Upper | Slot::Lower);
        let mut start = 0;
        while start < slots.len() {
            if !letter(slots[start]) {
                start += 1;
                continue;
            }
            let mut end = start + 1;
            while end < slots.len() && letter(slots[end]) {
                end += 1;
            }
            let texts: BTreeSet<&[char]> = matching.iter().map(|c| &c[start..end]).collect();
            let alone = (start == 0 || !slots[start - 1].is_class()) && (end == slots.len() || !slots[end].is_class());
            if texts.len() == 1 && (alone || matching.len() >= LITERAL_AGREEMENT) {
                for (i, c) in matching[0][start..end].iter().enumerate() {
                    slots[start + i] = Slot::Lit(*c);
                }
            }
            start = end;
        }
        Some(Pattern { slots })
    }

    /// Reads a pattern written as [`Display`](fmt::Display) writes it; `None` for an empty one
    /// or a dangling backslash.
    pub fn parse(s: &str) -> Option<Pattern> {
        let mut slots = Vec::new();
        let mut it = s.chars();
        while let Some(c) = it.next() {
            slots.push(match c {
                '\\' => Slot::Lit(it.next()?),
                'd' => Slot::Digit,
                'L' => Slot::Upper,
                'l' => Slot::Lower,
                c => Slot::Lit(c),
            });
        }
        (!slots.is_empty()).then_some(Pattern { slots })
    }

    /// Characters in a value of the pattern.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether `v` has the pattern.
    pub fn matches(&self, v: &str) -> bool {
        v.chars().count() == self.slots.len() && v.chars().zip(&self.slots).all(|(c, s)| s.admits(c))
    }

    /// Distinct values of the pattern (saturating).
    pub fn capacity(&self) -> u128 {
        self.slots.iter().fold(1u128, |acc, s| acc.saturating_mul(u128::from(s.radix())))
    }

    /// A random value of the pattern.
    pub fn generate(&self, s: &mut Stream) -> String {
        self.slots.iter().map(|slot| slot.char(s.below(slot.radix()))).collect()
    }

    /// `v` made to fit the pattern: literal positions take their literal, a character of the
    /// wrong class a random one of the right class. A value of another length is replaced by
    /// a random value of the pattern.
    pub fn conform(&self, v: &str, s: &mut Stream) -> String {
        if v.chars().count() != self.slots.len() {
            return self.generate(s);
        }
        v.chars()
            .zip(&self.slots)
            .map(|(c, slot)| if slot.admits(c) { c } else { slot.char(s.below(slot.radix())) })
            .collect()
    }

    /// The rightmost class positions that hold at least `wanted` numbers, or all of them when
    /// they hold fewer; `None` when they cannot hold `needed`.
    pub fn numbered(&self, needed: u64, wanted: u64) -> Option<Numbering> {
        let mut capacity: u128 = 1;
        let mut positions = Vec::new();
        for (i, slot) in self.slots.iter().enumerate().rev().filter(|(_, s)| s.is_class()) {
            if capacity >= u128::from(wanted.max(needed)) {
                break;
            }
            let next = capacity * u128::from(slot.radix());
            if next > MAX_NUMBER_CAPACITY {
                break;
            }
            capacity = next;
            positions.push(i);
        }
        (capacity >= u128::from(needed)).then_some(Numbering { positions, capacity: capacity as u64 })
    }

    /// `base` (made to fit the pattern) with `number` written into the numbering's positions,
    /// least significant rightmost: distinct numbers below its capacity give distinct values.
    pub fn with_number(&self, base: &str, numbering: &Numbering, number: u64, s: &mut Stream) -> String {
        let mut chars: Vec<char> = self.conform(base, s).chars().collect();
        let mut x = number;
        for &p in &numbering.positions {
            let slot = self.slots[p];
            chars[p] = slot.char(x % slot.radix());
            x /= slot.radix();
        }
        chars.into_iter().collect()
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for slot in &self.slots {
            match slot {
                Slot::Digit => f.write_str("d")?,
                Slot::Upper => f.write_str("L")?,
                Slot::Lower => f.write_str("l")?,
                Slot::Lit(c @ ('d' | 'L' | 'l' | '\\')) => write!(f, "\\{c}")?,
                Slot::Lit(c) => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::permute::Permutation;
    use crate::rng::Key;

    fn learn(examples: &[&str]) -> Option<String> {
        Pattern::learn(examples.iter().copied()).map(|p| p.to_string())
    }

    #[test]
    fn the_examples_of_the_issue() {
        assert_eq!(learn(&["INV-2024-000123"]).as_deref(), Some("INV-dddd-dddddd"));
        assert_eq!(
            learn(&["INV-2024-000123", "INV-2023-004711", "INV-2024-000007"]).as_deref(),
            Some("INV-dddd-dddddd")
        );
        assert_eq!(learn(&["AB12 3CD"]).as_deref(), Some("LLdd dLL"));
        assert_eq!(learn(&["AB12 3CD", "XY98 7ZW", "KL45 6MN"]).as_deref(), Some("LLdd dLL"));
    }

    #[test]
    fn constant_letters_become_literal_when_they_stand_alone_or_many_agree() {
        // A word between separators is literal from the first example on.
        assert_eq!(learn(&["2024-ORD-17", "2023-ORD-99"]).as_deref(), Some("dddd-ORD-dd"));
        // Letters joined to digits need several agreeing examples.
        assert_eq!(learn(&["X123", "X456"]).as_deref(), Some("Lddd"));
        let many: Vec<String> = (100..110).map(|i| format!("X{i}")).collect();
        assert_eq!(Pattern::learn(many.iter().map(String::as_str)).unwrap().to_string(), "Xddd");
        // Letters that differ between examples stay a class.
        assert_eq!(learn(&["INV-1", "CRN-2", "ORD-3"]).as_deref(), Some("LLL-d"));
        assert_eq!(learn(&["ab-12", "cd-34"]).as_deref(), Some("ll-dd"));
    }

    #[test]
    fn no_pattern_without_a_dominant_shape_or_digits() {
        assert_eq!(learn(&[]), None);
        assert_eq!(learn(&["", ""]), None);
        assert_eq!(learn(&["apple", "pear", "plum"]), None, "no digits");
        assert_eq!(learn(&["ABC-DEF", "GHI-JKL"]), None, "no digits");
        assert_eq!(learn(&["A1", "B22", "C333", "D4444", "E5"]), None, "no shape shared by four in five");
        // Four in five is enough: the odd one out is ignored.
        assert_eq!(learn(&["A-1", "B-2", "C-3", "D-4", "E-55"]).as_deref(), Some("L-d"));
    }

    #[test]
    fn patterns_round_trip_through_text() {
        for p in ["INV-dddd-dddddd", "LLdd dLL", "Or\\d-dd", "a\\\\b-d", "ll-dd"] {
            let parsed = Pattern::parse(p).unwrap();
            assert_eq!(parsed.to_string(), p);
        }
        assert_eq!(Pattern::parse(""), None);
        assert_eq!(Pattern::parse("dd\\"), None);
        let learned = Pattern::learn(["Ord-17", "Ord-99"]).unwrap();
        assert_eq!(learned.to_string(), "Or\\d-dd");
        assert!(learned.matches("Ord-42") && !learned.matches("Orx-42"));
    }

    #[test]
    fn generated_and_conformed_values_match() {
        let p = Pattern::parse("INV-dddd-dddddd").unwrap();
        let key = Key::from_seed(1);
        for i in 0..500 {
            let mut s = key.stream(i);
            let v = p.generate(&mut s);
            assert!(p.matches(&v), "{v}");
        }
        let mut s = key.stream(0);
        assert_eq!(p.conform("INV-2024-000123", &mut s), "INV-2024-000123", "a matching value is kept");
        let fixed = p.conform("INV-2O24-00012x", &mut s);
        assert!(p.matches(&fixed) && fixed.starts_with("INV-2") && fixed[6..13] == *"24-0001", "{fixed}");
        assert!(p.matches(&p.conform("short", &mut s)));
        let uk = Pattern::parse("LLdd dLL").unwrap();
        assert_eq!(uk.capacity(), 26u128.pow(4) * 1000);
        for i in 0..200 {
            assert!(uk.matches(&uk.generate(&mut key.stream(i))));
        }
    }

    #[test]
    fn numbering_takes_the_rightmost_positions_with_room() {
        let p = Pattern::parse("INV-dddd-dddddd").unwrap();
        let n = p.numbered(1000, 4000).unwrap();
        assert_eq!(n.capacity(), 10_000);
        assert_eq!(n.positions, vec![14, 13, 12, 11]);
        let uk = Pattern::parse("LLdd dLL").unwrap();
        assert_eq!(uk.numbered(600, 600).unwrap().capacity(), 676, "two letters hold 676");
        // Not enough room at all.
        let tiny = Pattern::parse("X-d").unwrap();
        assert_eq!(tiny.numbered(11, 100), None);
        assert_eq!(tiny.numbered(10, 100).unwrap().capacity(), 10, "all positions when fewer than wanted");
    }

    #[test]
    fn numbered_values_never_repeat_and_keep_the_pattern() {
        let p = Pattern::parse("INV-dddd-dddddd").unwrap();
        let rows = 5000u64;
        let n = p.numbered(rows, rows * 4).unwrap();
        assert_eq!(n.capacity(), 100_000);
        let perm = Permutation::new(n.capacity(), 7);
        let key = Key::from_seed(3);
        let mut seen = HashSet::new();
        for slot in 0..rows {
            let mut s = key.stream(slot);
            // Every row starts from the same base: the number alone keeps them apart.
            let v = p.with_number("INV-2024-000100", &n, perm.apply(slot), &mut s);
            assert!(p.matches(&v), "{v}");
            assert!(v.starts_with("INV-2024-0"), "{v}: only the five numbered positions change");
            assert!(seen.insert(v.clone()), "{v} repeated");
        }
    }
}
