//! Given names and family names as often as a census counts them: the 1990 US Census lists
//! (public domain; 88,799 family names, 4,275 female and 1,219 male given names, with their
//! frequencies), converted by `scripts/census_names.py` into `names/*.txt`. English personas draw
//! from them: about 4.9 × 10⁸ first-and-last pairs, so a table of millions of people keeps
//! finding names its rows do not hold yet, and the common names are common (`Smith` one family
//! name in a hundred, `James` one man in thirty).
//!
//! Each list is read once per backend, on first use, into the names and their running weights;
//! a draw is a binary search of one uniform number.

use std::sync::LazyLock;

use super::persona::Gender;
use super::Locale;
use crate::rng::Stream;

/// Names with their running weights.
pub(crate) struct NameList {
    names: Vec<&'static str>,
    cumulative: Vec<u64>,
}

impl NameList {
    fn parse(text: &'static str) -> NameList {
        let mut names = Vec::new();
        let mut cumulative = Vec::new();
        let mut total = 0u64;
        for line in text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()) {
            let (name, weight) = line.split_once('\t').unwrap_or((line, "1"));
            total += weight.trim().parse::<u64>().unwrap_or(1).max(1);
            names.push(name);
            cumulative.push(total);
        }
        NameList { names, cumulative }
    }

    /// A name, as likely as its weight says.
    pub(crate) fn draw(&self, rng: &mut Stream) -> &'static str {
        let total = self.cumulative.last().copied().unwrap_or(0);
        if total == 0 {
            return "";
        }
        let x = rng.below(total);
        let i = self.cumulative.partition_point(|c| *c <= x);
        self.names[i.min(self.names.len() - 1)]
    }

    /// Every name of the list, in census order.
    #[cfg(test)]
    pub(crate) fn names(&self) -> &[&'static str] {
        &self.names
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

static US_LAST: LazyLock<NameList> = LazyLock::new(|| NameList::parse(include_str!("names/us_last.txt")));
static US_FEMALE: LazyLock<NameList> = LazyLock::new(|| NameList::parse(include_str!("names/us_female.txt")));
static US_MALE: LazyLock<NameList> = LazyLock::new(|| NameList::parse(include_str!("names/us_male.txt")));

/// The weighted given names of `locale` for `gender`, when it has census lists.
pub(crate) fn given(locale: Locale, gender: Gender) -> Option<&'static NameList> {
    match (locale, gender) {
        (Locale::En, Gender::Female) => Some(&US_FEMALE),
        (Locale::En, Gender::Male) => Some(&US_MALE),
        _ => None,
    }
}

/// The weighted family names of `locale`, when it has census lists.
pub(crate) fn family(locale: Locale) -> Option<&'static NameList> {
    match locale {
        Locale::En => Some(&US_LAST),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;
    use std::collections::HashMap;

    #[test]
    fn lists_are_whole_and_draws_follow_the_census() {
        assert_eq!(US_LAST.len(), 88_799);
        assert_eq!(US_FEMALE.len() + US_MALE.len(), 5_494);
        let mut s = Key(1).stream(0);
        let mut counts: HashMap<&str, u32> = HashMap::new();
        let n = 200_000;
        for _ in 0..n {
            *counts.entry(US_LAST.draw(&mut s)).or_default() += 1;
        }
        // Smith is 1.006% of the census' 90.483% listed.
        let smith = f64::from(counts["Smith"]) / f64::from(n);
        assert!((smith - 1.006 / 90.483).abs() < 0.0015, "{smith}");
        // The rare names are drawn too: thousands of distinct ones.
        assert!(counts.len() > 25_000, "{}", counts.len());
        assert!(counts.contains_key("McDonald"));
    }

    #[test]
    fn a_million_full_names_are_mostly_distinct() {
        let mut s = Key(2).stream(0);
        let mut seen = std::collections::HashSet::new();
        for i in 0..1_000_000u32 {
            let g = if i % 2 == 0 { Gender::Female } else { Gender::Male };
            let first = given(Locale::En, g).unwrap().draw(&mut s);
            let last = family(Locale::En).unwrap().draw(&mut s);
            seen.insert((first, last));
        }
        assert!(seen.len() > 700_000, "{}", seen.len());
    }
}
