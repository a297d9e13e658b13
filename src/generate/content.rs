//! What a text column holds, from its values and its name.
//!
//! [`learn_content`] reads a sample of a column's values at profile time and records what it
//! shows as the column's [`Content`]: a kind of value (`semantic::detect`) and the pattern of its
//! codes ([`Pattern::learn`]), never a value. At plan time, [`text_content`] weighs that (or, for
//! a profile without it, the values the statistics and sampled categories list) against the
//! column's name (`semantic::classify`).

use super::column::TableRef;
use super::constraints::Rules;
use super::pattern::Pattern;
use crate::profile::{ColumnProfile, Content};
use crate::semantic::{classify, detect, unmistakable, TextKind};

/// What a text column holds: a kind of value or the pattern of its codes, from its values (the
/// profile's `content`, learned from a sample, else the values its statistics and categories
/// list) and its name.
///
/// Values of an unmistakable form (e-mails, UUIDs, IBANs …) decide first; then the name; then a
/// pattern (which also wins over a name that only says "some code", `sku`); then what else the
/// values suggest (names, cities, phone numbers …). A pattern longer than the column allows is
/// ignored.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TextContent {
    pub kind: Option<TextKind>,
    pub pattern: Option<Pattern>,
}

/// Distinct values of a sample read to learn what a text column holds.
const CONTENT_EXAMPLES: usize = 2000;

/// What a sample of a text column's values shows: the kind of value most of them are and the
/// pattern of their codes; `None` when neither. Reads at most [`CONTENT_EXAMPLES`] distinct
/// values (trailing spaces, the padding of `char(n)`, dropped).
pub fn learn_content<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<Content> {
    let mut seen = std::collections::HashSet::new();
    let examples: Vec<&str> = values
        .into_iter()
        .map(|v| v.trim_end_matches(' '))
        .filter(|v| seen.insert(*v))
        .take(CONTENT_EXAMPLES)
        .collect();
    let kind = detect(examples.iter().copied());
    // E-mails, UUIDs … are generated as such: a pattern would only be noise in the profile.
    let pattern = match kind {
        Some(k) if unmistakable(k) => None,
        _ => Pattern::learn(examples.iter().copied()).map(|p| p.to_string()),
    };
    let kind = kind.map(|k| k.name().to_string());
    (kind.is_some() || pattern.is_some()).then_some(Content { kind, pattern, style: None, avoid: None })
}

pub(super) fn text_content(t: &TableRef, col: &ColumnProfile, rules: &Rules) -> TextContent {
    let (by_values, pattern) = match &col.content {
        Some(c) => (c.kind.as_deref().and_then(TextKind::from_name), c.pattern.as_deref().and_then(Pattern::parse)),
        None => {
            let stats = col.stats.iter().flat_map(|st| st.most_common_vals.iter().chain(&st.histogram_bounds));
            let categories = col.categories.iter().flat_map(|c| c.values.iter().map(|(v, _)| v));
            let examples: Vec<&str> = stats.chain(categories).map(|v| v.trim_end_matches(' ')).collect();
            (detect(examples.iter().copied()), Pattern::learn(examples.iter().copied()))
        }
    };
    let limit = rules.max_chars.or(col.ty.max_length.map(|m| m as usize));
    let pattern = pattern.filter(|p| limit.is_none_or(|m| p.len() <= m) && p.len() >= rules.min_chars);
    let by_name = classify(t.name, &col.name);
    let (kind, pattern) = match (by_values, by_name, pattern) {
        (Some(k), _, _) if unmistakable(k) => (Some(k), None),
        (_, Some(TextKind::Sku) | None, Some(p)) => (None, Some(p)),
        (_, Some(k), _) => (Some(k), None),
        (k, None, None) => (k, None),
    };
    let kind = kind.map(|k| match (k, limit) {
        (TextKind::Country, Some(2)) => TextKind::CountryCode2,
        (TextKind::Country, Some(3)) => TextKind::CountryCode3,
        (k, _) => k,
    });
    TextContent { kind, pattern }
}
