//! What a sensitive column must not emit, without saying what it holds.
//!
//! A name drawn from a dictionary of common names is, more often than not, a name some real
//! customer has: on pagila most of the dictionary's names are in `customer`. Generation avoids
//! them with an [`Exclusion`]: a one-hash Bloom filter of the column's values (case and spacing
//! folded), keyed with a random key drawn for each profile. A value of the column always tests
//! positive, so a generator that keeps only negatives never emits one.
//!
//! The key is derived from the table and column names, so that a fill from live statistics
//! gives the same rows every time the table holds the same values. An exported filter is made
//! *deniable* ([`Exclusion::make_deniable`]): bits chosen by a random seed that is never shipped
//! are set until at least half of all bits are, so that any value not in the column also tests
//! positive with probability at least one half, however few values the column has, and no one
//! can tell the added bits from the real ones. Testing someone's name against a shipped profile
//! therefore at most doubles the odds that they are in the table (each further export of the
//! same table, with its own random bits, can double them again); a negative answer does say
//! that they are not. The filter is left out of profiles exported with `epsilon`: its one-sided
//! answer is no differential privacy.

use serde::{Deserialize, Serialize};

use crate::pseudonym::hmac;
use crate::rng::mix64;
use crate::semantic::NameFilter;

/// At least this share of the bits is set: the chance that a value not in the column tests
/// positive all the same.
pub const DENIABILITY: f64 = 0.5;

/// A one-hash Bloom filter of a column's values (see the module note).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Shipped", into = "Shipped")]
pub struct Exclusion {
    key: Vec<u8>,
    words: Vec<u64>,
}

/// The JSON form: the key and the bits in hexadecimal.
#[derive(Serialize, Deserialize)]
struct Shipped {
    key: String,
    bits: u64,
    set: String,
}

impl Exclusion {
    /// A filter sized for `count` values (at most; duplicates count once when inserted).
    pub fn new(key: &[u8], count: u64) -> Exclusion {
        // With m bits and n values, one hash sets about 1 - e^(-n/m) of them: m = n / ln 2
        // sets half.
        Exclusion::with_bits_per_value(key, count, 1.0 / std::f64::consts::LN_2)
    }

    /// A filter of `bits_per_value` bits per value: at `b`, a value not inserted tests positive
    /// with probability about `1 - e^(-1/b)` (12% at 8) until [`Exclusion::make_deniable`].
    pub fn with_bits_per_value(key: &[u8], count: u64, bits_per_value: f64) -> Exclusion {
        let bits = ((count as f64 * bits_per_value).ceil() as u64).max(64);
        Exclusion { key: key.to_vec(), words: vec![0; bits.div_ceil(64) as usize] }
    }

    fn bits(&self) -> u64 {
        self.words.len() as u64 * 64
    }

    fn position(&self, value: &str) -> u64 {
        let folded = fold(value);
        let h = hmac(&self.key, &[folded.as_bytes()]);
        u64::from_le_bytes(h[..8].try_into().expect("8 bytes")) % self.bits()
    }

    pub fn insert(&mut self, value: &str) {
        let p = self.position(value);
        self.words[(p / 64) as usize] |= 1 << (p % 64);
    }

    /// Whether `value` may be one of the column's: always when it is, with probability at
    /// least [`DENIABILITY`] when it is not.
    pub fn contains(&self, value: &str) -> bool {
        let p = self.position(value);
        self.words[(p / 64) as usize] & (1 << (p % 64)) != 0
    }

    fn set_bits(&self) -> u64 {
        self.words.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// The key of the filter of `column` of `table`.
    pub fn key_for(table: &str, column: &str) -> Vec<u8> {
        hmac(b"synthdata exclusion filter", &[table.as_bytes(), b"\0", column.as_bytes()])[..16].to_vec()
    }

    /// Sets bits chosen by `secret` (drawn at random and never shown) until at least
    /// [`DENIABILITY`] of them are.
    pub fn make_deniable(&mut self, secret: u64) {
        let want = (self.bits() as f64 * DENIABILITY).ceil() as u64;
        let mut have = self.set_bits();
        let mut state = mix64(secret);
        while have < want {
            state = mix64(state.wrapping_add(0x9E37_79B9_7F4A_7C15));
            let p = state % self.bits();
            let (w, b) = ((p / 64) as usize, 1u64 << (p % 64));
            if self.words[w] & b == 0 {
                self.words[w] |= b;
                have += 1;
            }
        }
    }
}

/// Case and spacing do not make a name another one: `MARY  Smith` is `mary smith`.
fn fold(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

impl From<Exclusion> for Shipped {
    fn from(e: Exclusion) -> Shipped {
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let bytes: Vec<u8> = e.words.iter().flat_map(|w| w.to_le_bytes()).collect();
        Shipped { key: hex(&e.key), bits: e.bits(), set: hex(&bytes) }
    }
}

impl TryFrom<Shipped> for Exclusion {
    type Error = String;

    fn try_from(s: Shipped) -> Result<Exclusion, String> {
        let unhex = |t: &str| -> Result<Vec<u8>, String> {
            if t.len() % 2 != 0 {
                return Err("odd number of hexadecimal digits".into());
            }
            (0..t.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&t[i..i + 2], 16).map_err(|e| format!("not hexadecimal: {e}")))
                .collect()
        };
        let key = unhex(&s.key)?;
        let bytes = unhex(&s.set)?;
        if s.bits == 0 || s.bits % 64 != 0 || bytes.len() as u64 * 8 != s.bits || key.is_empty() {
            return Err(format!("an exclusion filter of {} bits holds {} bytes", s.bits, bytes.len()));
        }
        let words = bytes.chunks(8).map(|c| u64::from_le_bytes(c.try_into().expect("8 bytes"))).collect();
        Ok(Exclusion { key, words })
    }
}

impl NameFilter for Exclusion {
    fn flags(&self, name: &str) -> bool {
        self.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(values: &[&str]) -> Exclusion {
        let mut e = Exclusion::new(b"a key", values.len() as u64);
        for v in values {
            e.insert(v);
        }
        e.make_deniable(42);
        e
    }

    #[test]
    fn every_value_is_caught_whatever_its_case_and_spacing() {
        let names: Vec<String> = (0..5000).map(|i| format!("Name{i}")).collect();
        let e = filter(&names.iter().map(String::as_str).collect::<Vec<_>>());
        for n in &names {
            assert!(e.contains(n) && e.contains(&n.to_uppercase()) && e.contains(&format!("  {n} ")), "{n}");
        }
    }

    #[test]
    fn other_values_test_positive_about_half_the_time_even_for_a_tiny_column() {
        for values in [&["Mary"][..], &["Mary", "Linda", "Susan"], &[]] {
            let e = filter(values);
            let n = 20_000;
            let hits = (0..n).filter(|i| e.contains(&format!("other {i}"))).count() as f64 / n as f64;
            assert!((0.47..0.60).contains(&hits), "{values:?}: {hits}");
        }
    }

    #[test]
    fn the_key_decides_the_bits() {
        let (a, b) = (filter(&["Mary", "Linda"]), {
            let mut e = Exclusion::new(b"another key", 2);
            e.insert("Mary");
            e.insert("Linda");
            e.make_deniable(42);
            e
        });
        assert_ne!(a, b);
    }

    #[test]
    fn the_secret_decides_the_added_bits_and_the_real_ones_stay() {
        let mut a = Exclusion::new(b"k", 100);
        (0..10).for_each(|i| a.insert(&format!("n{i}")));
        let mut b = a.clone();
        a.make_deniable(1);
        b.make_deniable(2);
        assert_ne!(a, b);
        assert!((0..10).all(|i| a.contains(&format!("n{i}")) && b.contains(&format!("n{i}"))));
        assert_ne!(Exclusion::key_for("public.t", "a"), Exclusion::key_for("public.t", "b"));
    }

    #[test]
    fn the_json_form_round_trips_and_bad_forms_are_refused() {
        let e = filter(&["Mary", "Linda", "Susan"]);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["bits"], 64);
        assert!(!json.to_string().to_lowercase().contains("mary"));
        assert_eq!(serde_json::from_value::<Exclusion>(json).unwrap(), e);
        for bad in [
            serde_json::json!({"key": "00", "bits": 64, "set": "00"}),
            serde_json::json!({"key": "zz", "bits": 64, "set": "0000000000000000"}),
            serde_json::json!({"key": "", "bits": 64, "set": "0000000000000000"}),
        ] {
            assert!(serde_json::from_value::<Exclusion>(bad).is_err());
        }
    }
}
