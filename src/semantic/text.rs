//! Small text helpers: ASCII folding, slugs, length limits, pattern filling.

use crate::rng::Stream;

/// Pushes the ASCII spelling of `c` (German umlauts as `ae`/`oe`/`ue`, `ß` as `ss`, accents
/// dropped, ligatures spelt out). Characters without an ASCII spelling are skipped.
fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    let s = match c {
        'ä' => "ae",
        'ö' => "oe",
        'ü' => "ue",
        'Ä' => "Ae",
        'Ö' => "Oe",
        'Ü' => "Ue",
        'ß' => "ss",
        'ẞ' => "SS",
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ą' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Å' | 'Ā' | 'Ą' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' | 'ć' | 'č' => "c",
        'Ç' | 'Ć' | 'Č' => "C",
        'ď' | 'đ' => "d",
        'Ď' | 'Đ' => "D",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ė' | 'Ę' | 'Ě' => "E",
        'ğ' => "g",
        'Ğ' => "G",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'İ' => "I",
        'ł' => "l",
        'Ł' => "L",
        'ñ' | 'ń' | 'ň' => "n",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' | 'Ō' | 'Ő' => "O",
        'œ' => "oe",
        'Œ' => "OE",
        'ř' => "r",
        'Ř' => "R",
        'ś' | 'š' | 'ş' => "s",
        'Ś' | 'Š' | 'Ş' => "S",
        'ť' | 'ţ' => "t",
        'Ť' | 'Ţ' => "T",
        'ù' | 'ú' | 'û' | 'ū' | 'ů' | 'ű' => "u",
        'Ù' | 'Ú' | 'Û' | 'Ū' | 'Ů' | 'Ű' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' | 'Ÿ' => "Y",
        'ź' | 'ż' | 'ž' => "z",
        'Ź' | 'Ż' | 'Ž' => "Z",
        '’' | '‘' => "'",
        _ => "",
    };
    out.push_str(s);
}

/// `s` spelt in ASCII: `Müller` → `Mueller`, `Gérard` → `Gerard`, `Straße` → `Strasse`.
///
/// Characters with no ASCII spelling are dropped.
pub fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Lower-case ASCII letters and digits only: `O'Brien` → `obrien`, `Le Gall` → `legall`.
pub(crate) fn compact_slug(s: &str) -> String {
    ascii_fold(s).chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Lower-case ASCII words joined by single hyphens: `Müller & Söhne` → `mueller-soehne`.
pub(crate) fn hyphen_slug(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_dash = false;
    for c in ascii_fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Number of characters (not bytes) in `s`.
#[inline]
pub(crate) fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// True if `s` has at most `max` characters (always true without a limit).
#[inline]
pub(crate) fn fits(s: &str, max: Option<usize>) -> bool {
    match max {
        None => true,
        Some(m) => s.len() <= m || char_len(s) <= m,
    }
}

/// `s` cut to at most `max` characters, on a character boundary, without trailing spaces.
pub(crate) fn clip(mut s: String, max: Option<usize>) -> String {
    let Some(m) = max else { return s };
    if fits(&s, max) {
        return s;
    }
    let cut = s.char_indices().nth(m).map_or(s.len(), |(i, _)| i);
    s.truncate(cut);
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    s
}

/// `s` with its first character upper-cased (Unicode-aware).
pub(crate) fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let mut out = String::with_capacity(s.len() + 2);
            out.extend(first.to_uppercase());
            out.push_str(chars.as_str());
            out
        }
    }
}

/// Letters allowed where a postcode pattern says `@`: the intersection of the letters UK
/// inward codes and Canadian postal codes may use.
const PATTERN_LETTERS: &[u8] = b"ABEGHJLNPRSTWXYZ";

/// Fills a pattern: `#` is a digit, `%` a digit from 1 to 9, `@` an upper-case letter, any
/// other character stands for itself; `|` separates alternatives, one of which is chosen.
pub(crate) fn fill_pattern(pattern: &str, rng: &mut Stream) -> String {
    let alternatives = pattern.split('|').count();
    let chosen = if alternatives > 1 { rng.index(alternatives) } else { 0 };
    let alt = pattern.split('|').nth(chosen).unwrap_or(pattern);
    let mut out = String::with_capacity(alt.len());
    for c in alt.chars() {
        match c {
            '#' => out.push(char::from(b'0' + rng.below(10) as u8)),
            '%' => out.push(char::from(b'1' + rng.below(9) as u8)),
            '@' => out.push(char::from(PATTERN_LETTERS[rng.index(PATTERN_LETTERS.len())])),
            _ => out.push(c),
        }
    }
    out
}

/// `n` random decimal digits.
pub(crate) fn digits(rng: &mut Stream, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.below(10) as u8)).collect()
}

/// A uniformly chosen item of a non-empty slice (the empty string for an empty one).
#[inline]
pub(crate) fn pick(rng: &mut Stream, items: &[&'static str]) -> &'static str {
    if items.is_empty() {
        return "";
    }
    items[rng.index(items.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;

    #[test]
    fn folding() {
        assert_eq!(ascii_fold("Müller"), "Mueller");
        assert_eq!(ascii_fold("Straße"), "Strasse");
        assert_eq!(ascii_fold("Gérard Lefèvre"), "Gerard Lefevre");
        assert_eq!(ascii_fold("Œuvre Noël Loïc"), "OEuvre Noel Loic");
        assert_eq!(compact_slug("O'Brien"), "obrien");
        assert_eq!(compact_slug("Le Gall"), "legall");
        assert_eq!(compact_slug("Jean-Pierre"), "jeanpierre");
        assert_eq!(hyphen_slug("Müller & Söhne GmbH"), "mueller-soehne-gmbh");
        assert_eq!(hyphen_slug("  --Atlantique Services-- "), "atlantique-services");
    }

    #[test]
    fn clipping_respects_char_boundaries() {
        assert_eq!(clip("Größe".to_string(), Some(3)), "Grö");
        assert_eq!(clip("Größe".to_string(), Some(0)), "");
        assert_eq!(clip("ab cd".to_string(), Some(3)), "ab");
        assert_eq!(clip("abc".to_string(), Some(10)), "abc");
        assert_eq!(clip("abc".to_string(), None), "abc");
        assert!(fits("äöü", Some(3)));
        assert!(!fits("äöü", Some(2)));
        assert_eq!(capitalize("élan"), "Élan");
        assert_eq!(capitalize(""), "");
    }

    #[test]
    fn patterns() {
        let mut rng = Key::from_seed(3).stream(0);
        for _ in 0..200 {
            let p = fill_pattern("SW% #@@", &mut rng);
            let b = p.as_bytes();
            assert_eq!(p.len(), 7, "{p}");
            assert!(p.starts_with("SW") && b[2].is_ascii_digit() && b[2] != b'0');
            assert_eq!(b[3], b' ');
            assert!(b[4].is_ascii_digit() && b[5].is_ascii_uppercase() && b[6].is_ascii_uppercase());
            let alt = fill_pattern("7500%|7501#", &mut rng);
            assert!(alt.starts_with("7500") || alt.starts_with("7501"), "{alt}");
        }
    }
}
