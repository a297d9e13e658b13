//! Values of the remaining built-in types: uuid, json/jsonb, bytea, inet, tsvector.

use crate::rng::Stream;
use crate::semantic::{fake, Persona, TextKind};
use crate::value::Value;

/// A version-4 UUID from 128 random bits.
pub fn uuid(s: &mut Stream) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&s.next_u64().to_be_bytes());
    b[8..].copy_from_slice(&s.next_u64().to_be_bytes());
    set_uuid_version(&mut b);
    b
}

/// A version-4 UUID whose low 62 bits hold `slot` through a permutation keyed by `mask`
/// (distinct slots give distinct UUIDs, and neighbouring slots UUIDs that look unrelated) and
/// whose high bits are random.
pub fn uuid_for_slot(s: &mut Stream, slot: u64, mask: u64) -> [u8; 16] {
    const LOW: u64 = 1 << 62;
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&s.next_u64().to_be_bytes());
    let low = crate::permute::Permutation::new(LOW, mask).apply(slot % LOW);
    b[8..].copy_from_slice(&low.to_be_bytes());
    // The variant bits overwrite the top two bits of byte 8: keep the slot in the remaining 62.
    set_uuid_version(&mut b);
    b
}

fn set_uuid_version(b: &mut [u8; 16]) {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
}

/// A small JSON object whose keys and values look like application data.
pub fn json_object(s: &mut Stream, persona: &Persona) -> String {
    const KEYS: &[&str] =
        &["color", "size", "tags", "source", "priority", "rating", "channel", "note", "version", "enabled"];
    let n = 1 + s.index(4);
    let start = s.index(KEYS.len());
    let mut parts = Vec::with_capacity(n);
    for i in 0..n {
        let k = KEYS[(start + i) % KEYS.len()];
        let v = match k {
            "color" => json_string(&fake(TextKind::Color, persona, s, None)),
            "size" => json_string(["XS", "S", "M", "L", "XL"][s.index(5)]),
            "tags" => {
                let m = s.index(3);
                let tags: Vec<String> = (0..m).map(|_| json_string(&fake(TextKind::Word, persona, s, None))).collect();
                format!("[{}]", tags.join(", "))
            }
            "source" => json_string(["web", "mobile", "store", "partner"][s.index(4)]),
            "channel" => json_string(["email", "sms", "push"][s.index(3)]),
            "priority" | "rating" => (1 + s.below(5)).to_string(),
            "version" => (1 + s.below(20)).to_string(),
            "enabled" => (s.chance(0.7)).to_string(),
            _ => json_string(&fake(TextKind::Sentence, persona, s, Some(60))),
        };
        parts.push(format!("\"{k}\": {v}"));
    }
    format!("{{{}}}", parts.join(", "))
}

pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn bytes(s: &mut Stream, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        let chunk = s.next_u64().to_le_bytes();
        let take = (len - out.len()).min(8);
        out.extend_from_slice(&chunk[..take]);
    }
    out
}

/// A tsvector literal of a few dictionary words, as the `tsvector` input function reads it.
pub fn tsvector(s: &mut Stream, persona: &Persona) -> String {
    let n = 3 + s.index(8);
    let mut words: Vec<String> =
        (0..n).map(|_| fake(TextKind::Word, persona, s, None).to_lowercase().replace('\'', "''")).collect();
    words.sort();
    words.dedup();
    words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" ")
}

/// An element count for an array column.
pub fn array_len(s: &mut Stream, max: usize) -> usize {
    s.index(max + 1)
}

pub fn text(v: String) -> Value {
    Value::Text(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Key;
    use crate::semantic::Locale;

    #[test]
    fn uuids_are_version_4_and_slots_stay_distinct() {
        let key = Key::from_seed(1);
        let u = uuid(&mut key.stream(0));
        assert_eq!(u[6] >> 4, 4);
        assert_eq!(u[8] >> 6, 0b10);
        let a = uuid_for_slot(&mut key.stream(0), 1, 0);
        let b = uuid_for_slot(&mut key.stream(0), 2, 0);
        assert_ne!(a, b);
        // Distinct slots, distinct low halves; neighbours share no visible tail.
        let lows: std::collections::HashSet<[u8; 8]> = (0..5000)
            .map(|slot| uuid_for_slot(&mut key.stream(slot), slot, 77)[8..].try_into().unwrap_or_default())
            .collect();
        assert_eq!(lows.len(), 5000);
        let (c, d) = (uuid_for_slot(&mut key.stream(0), 10, 77), uuid_for_slot(&mut key.stream(0), 11, 77));
        assert_ne!(c[8..14], d[8..14], "{c:?} {d:?}");
    }

    #[test]
    fn json_objects_are_well_formed() {
        let key = Key::from_seed(2);
        for i in 0..50 {
            let mut s = key.stream(i);
            let p = Persona::new(&mut s, Locale::En);
            let j = json_object(&mut s, &p);
            serde_json::from_str::<serde_json::Value>(&j).unwrap_or_else(|e| panic!("{j}: {e}"));
        }
        assert_eq!(json_string("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }

    #[test]
    fn bytes_have_the_requested_length() {
        let key = Key::from_seed(3);
        assert_eq!(bytes(&mut key.stream(0), 13).len(), 13);
        assert!(bytes(&mut key.stream(0), 0).is_empty());
    }
}
