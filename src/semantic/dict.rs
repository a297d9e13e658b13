//! The shape of a locale's dictionary; the data itself is in `dict_en.rs`, `dict_de.rs` and
//! `dict_fr.rs`.

use super::{dict_de, dict_en, dict_fr, Locale};

/// Grammatical gender of a product noun (German and French adjectives agree with it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum G {
    /// Masculine.
    M,
    /// Feminine.
    F,
    /// Neuter (German), or "no gender" (English).
    N,
}

/// A city with the data that must agree with it.
#[derive(Debug)]
pub(crate) struct City {
    /// The city's name as written locally.
    pub name: &'static str,
    /// State, province, Land, région … in the country's language.
    pub region: &'static str,
    /// Short region code (US state, German Land, Swiss canton …), or `""` when there is none.
    pub region_code: &'static str,
    /// Postcode pattern (see `text::fill_pattern`): `#` digit, `%` 1–9, `@` letter, `|` or.
    pub postcode: &'static str,
    /// Telephone area code without the trunk prefix (`"212"`, `"30"`, `"1"`), or `""`.
    pub area: &'static str,
}

/// One of a locale's own countries, with its cities.
#[derive(Debug)]
pub(crate) struct Home {
    /// ISO 3166-1 alpha-2 code; it must be in the shared country table.
    pub iso2: &'static str,
    /// Relative weight among the locale's countries.
    pub weight: f64,
    /// Cities of the country.
    pub cities: &'static [City],
    /// Legal suffixes of company names (`"Inc."`, `"GmbH"`, `"SARL"` …).
    pub company_suffixes: &'static [&'static str],
}

/// Everything a locale needs to write names, addresses and text.
#[derive(Debug)]
pub(crate) struct Dict {
    /// The locale this dictionary belongs to.
    pub locale: Locale,
    /// Male given names.
    pub male: &'static [&'static str],
    /// Female given names.
    pub female: &'static [&'static str],
    /// Family names.
    pub last: &'static [&'static str],
    /// The locale's countries; the first one is the default for company suffixes.
    pub homes: &'static [Home],
    /// Street names (with their `Street`/`Straße`/`rue` part).
    pub streets: &'static [&'static str],
    /// Job titles as (masculine or neutral, feminine) pairs; `""` means "same as the first".
    pub jobs: &'static [(&'static str, &'static str)],
    /// Words that start or qualify a company name (`Pacific`, `Nord`, `Atlantique`).
    pub company_prefixes: &'static [&'static str],
    /// Business nouns (`Logistics`, `Technik`, `Conseil`).
    pub company_nouns: &'static [&'static str],
    /// Company name templates: `{L}`, `{L2}` family names, `{P}` prefix, `{N}` noun,
    /// `{n}` noun in lower case. The legal suffix is appended separately.
    pub company_templates: &'static [&'static str],
    /// Content words for sentences and the `Word` kind.
    pub words: &'static [&'static str],
    /// Function words mixed into sentences.
    pub filler: &'static [&'static str],
    /// Product adjectives as (base, feminine) pairs; `""` means "same as the base".
    /// English: the word. German: the stem, to which `-er`/`-e`/`-es` is added. French: the
    /// masculine and feminine forms.
    pub product_adjectives: &'static [(&'static str, &'static str)],
    /// Product nouns with their gender.
    pub product_nouns: &'static [(&'static str, G)],
    /// Materials: adjectives in English (`Wooden`), nouns in German and French (`Holz`, `bois`).
    pub materials: &'static [&'static str],
    /// Colour names.
    pub colors: &'static [&'static str],
}

/// The dictionary of `locale`.
pub(crate) fn dict(locale: Locale) -> &'static Dict {
    match locale {
        Locale::En => &dict_en::DICT,
        Locale::De => &dict_de::DICT,
        Locale::Fr => &dict_fr::DICT,
    }
}

/// The locale and home entry that describe country `iso2`, preferring `preferred`'s own.
pub(crate) fn home_of(iso2: &str, preferred: Locale) -> Option<(&'static Dict, &'static Home)> {
    let order = [preferred, Locale::En, Locale::De, Locale::Fr];
    order.into_iter().find_map(|l| {
        let d = dict(l);
        d.homes.iter().find(|h| h.iso2 == iso2).map(|h| (d, h))
    })
}

#[cfg(test)]
mod tests {
    use super::super::countries::country_by_iso2;
    use super::*;

    fn no_duplicates(what: &str, items: &[&str]) {
        let mut v: Vec<&str> = items.to_vec();
        v.sort_unstable();
        for w in v.windows(2) {
            assert_ne!(w[0], w[1], "duplicate {what}: {}", w[0]);
        }
        assert!(items.iter().all(|s| !s.trim().is_empty() && s.trim() == *s), "blank {what}");
    }

    fn pattern_ok(p: &str) -> bool {
        !p.is_empty() && p.split('|').all(|a| !a.is_empty())
    }

    #[test]
    fn dictionaries_are_large_enough_and_clean() {
        for l in Locale::ALL {
            let d = dict(l);
            assert_eq!(d.locale, l);
            assert!(d.male.len() + d.female.len() >= 150, "{l:?} first names");
            assert!(d.male.len() >= 70 && d.female.len() >= 70, "{l:?} first names by gender");
            assert!(d.last.len() >= 150, "{l:?} last names: {}", d.last.len());
            assert!(d.streets.len() >= 40, "{l:?} streets");
            assert!(d.jobs.len() >= 30, "{l:?} jobs");
            assert!(d.words.len() >= 100, "{l:?} words: {}", d.words.len());
            assert!(d.product_adjectives.len() >= 30, "{l:?} adjectives");
            assert!(d.product_nouns.len() >= 30, "{l:?} nouns");
            assert!(d.colors.len() >= 20, "{l:?} colours");
            assert!(d.company_prefixes.len() >= 15 && d.company_nouns.len() >= 15);
            assert!(!d.company_templates.is_empty() && !d.materials.is_empty());
            assert!(!d.filler.is_empty());
            let cities: usize = d.homes.iter().map(|h| h.cities.len()).sum();
            assert!(cities >= 40, "{l:?} cities: {cities}");
            let mut all_first: Vec<&str> = d.male.to_vec();
            all_first.extend_from_slice(d.female);
            no_duplicates("first name", &all_first);
            no_duplicates("last name", d.last);
            no_duplicates("street", d.streets);
            no_duplicates("word", d.words);
            no_duplicates("colour", d.colors);
            no_duplicates("material", d.materials);
            let jobs: Vec<&str> = d.jobs.iter().map(|j| j.0).collect();
            no_duplicates("job", &jobs);
            let adjs: Vec<&str> = d.product_adjectives.iter().map(|a| a.0).collect();
            no_duplicates("adjective", &adjs);
            let nouns: Vec<&str> = d.product_nouns.iter().map(|n| n.0).collect();
            no_duplicates("noun", &nouns);
            for h in d.homes {
                assert!(country_by_iso2(h.iso2).is_some(), "{} not in country table", h.iso2);
                assert!(h.weight > 0.0 && !h.company_suffixes.is_empty());
                let names: Vec<&str> = h.cities.iter().map(|c| c.name).collect();
                no_duplicates("city", &names);
                for c in h.cities {
                    assert!(pattern_ok(c.postcode), "{}", c.name);
                    assert!(!c.region.is_empty(), "{}", c.name);
                    assert!(c.area.bytes().all(|b| b.is_ascii_digit()), "{}", c.name);
                }
            }
            for t in d.company_templates {
                assert!(t.contains('{'), "{t}");
            }
        }
    }

    #[test]
    fn home_lookup_prefers_the_given_locale() {
        let (d, h) = home_of("CH", Locale::Fr).expect("CH is a home country");
        assert_eq!((d.locale, h.iso2), (Locale::Fr, "CH"));
        let (d, _) = home_of("CH", Locale::En).expect("CH is a home country");
        assert_eq!(d.locale, Locale::De);
        assert_eq!(home_of("US", Locale::De).map(|(d, _)| d.locale), Some(Locale::En));
        assert!(home_of("JP", Locale::En).is_none());
    }
}
