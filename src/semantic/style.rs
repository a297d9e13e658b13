//! The look of a column's text: letter case, words per value, codes rather than names.

use serde::{Deserialize, Serialize};

/// Letter case of a column's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    Upper,
    Lower,
    Title,
}

/// The longest value a column of codes holds.
const MAX_CODE_CHARS: usize = 3;

/// The look of a column's real values, learned from its statistics, so that generated names and
/// words look like their neighbours (`MARY SMITH` stays upper case, titles keep two words).
/// A profile keeps it for columns whose values it leaves out (`Content::style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextStyle {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<Case>,
    /// Fewest and most words seen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub words: Option<(usize, usize)>,
    /// Nine values in ten were codes of at most three characters ("CA", "NSW", and chinook's
    /// one "Dublin"): a region column of codes gets the region's code, not its name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub codes: bool,
}

impl TextStyle {
    /// Learns the style from sample values; `None` when they show nothing consistent.
    pub fn learn<'a>(samples: impl Iterator<Item = &'a String>) -> Option<TextStyle> {
        let (mut n, mut upper, mut lower, mut title) = (0, 0, 0, 0);
        let mut codes = 0;
        let mut words: Option<(usize, usize)> = None;
        for v in samples {
            if !v.chars().any(char::is_alphabetic) {
                continue;
            }
            n += 1;
            codes += usize::from(v.chars().count() <= MAX_CODE_CHARS);
            let has_upper = v.chars().any(char::is_uppercase);
            let has_lower = v.chars().any(char::is_lowercase);
            upper += usize::from(has_upper && !has_lower);
            lower += usize::from(has_lower && !has_upper);
            title += usize::from(
                v.split_whitespace().all(|w| {
                    let mut c = w.chars();
                    c.next().is_some_and(|f| !f.is_lowercase()) && c.all(|x| !x.is_uppercase())
                }) && has_lower,
            );
            let wc = v.split_whitespace().count();
            words = Some(words.map_or((wc, wc), |(lo, hi)| (lo.min(wc), hi.max(wc))));
        }
        if n < 3 {
            return None;
        }
        let share = |k: usize| k as f64 / n as f64;
        let case = if share(upper) >= 0.9 {
            Some(Case::Upper)
        } else if share(lower) >= 0.9 {
            Some(Case::Lower)
        } else if share(title) >= 0.9 {
            Some(Case::Title)
        } else {
            None
        };
        Some(TextStyle { case, words, codes: share(codes) >= 0.9 })
    }

    /// The same case, any number of words.
    pub fn case_only(&self) -> TextStyle {
        TextStyle { case: self.case, words: None, codes: self.codes }
    }

    /// `s` cut to the style's number of words and put in its case (without a copy when the
    /// style leaves it as it is).
    pub fn apply(&self, s: String) -> String {
        let out = match self.words {
            Some((_, hi)) if hi > 0 && s.split_whitespace().nth(hi).is_some() => {
                let kept: Vec<&str> = s.split_whitespace().take(hi).collect();
                kept.join(" ").trim_end_matches(['.', ',', ';', ':']).to_string()
            }
            _ => s,
        };
        match self.case {
            Some(Case::Upper) => out.to_uppercase(),
            Some(Case::Lower) => out.to_lowercase(),
            Some(Case::Title) => out.split(' ').map(capitalize_word).collect::<Vec<_>>().join(" "),
            None => out,
        }
    }
}

fn capitalize_word(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_are_learned_and_applied() {
        let titles: Vec<String> = ["ACADEMY DINOSAUR", "ACE GOLDFINGER", "ADAPTATION HOLES", "AFFAIR PREJUDICE"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let style = TextStyle::learn(titles.iter()).unwrap();
        assert_eq!(style, TextStyle { case: Some(Case::Upper), words: Some((2, 2)), codes: false });
        assert_eq!(style.apply("Warm discover happy listen.".into()), "WARM DISCOVER");
        let names: Vec<String> = ["Mary", "Patricia", "Linda"].iter().map(|s| s.to_string()).collect();
        assert_eq!(TextStyle::learn(names.iter()).unwrap().case, Some(Case::Title));
        let mixed: Vec<String> = ["abc", "DEF", "Ghi", "jKl"].iter().map(|s| s.to_string()).collect();
        assert_eq!(TextStyle::learn(mixed.iter()).unwrap().case, None);
        assert_eq!(TextStyle::learn([].iter()), None);
        let regions: Vec<String> = ["CA", "NSW", "QC"].iter().map(|s| s.to_string()).collect();
        assert!(TextStyle::learn(regions.iter()).unwrap().codes);
        let mostly: Vec<String> =
            ["CA", "NSW", "QC", "SP", "RJ", "WA", "NY", "ON", "BC", "Dublin"].iter().map(|s| s.to_string()).collect();
        assert!(TextStyle::learn(mostly.iter()).unwrap().codes, "nine codes in ten");
        assert!(!TextStyle::learn(mostly[7..].iter()).unwrap().codes, "two codes in three");
        assert!(!TextStyle::learn(names.iter()).unwrap().codes);
    }
}
