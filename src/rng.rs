//! Counter-based randomness.
//!
//! Every random draw synthdata makes is a pure function of `(seed, table, column, row, attempt)`:
//! a [`Key`] is derived from the seed and the names involved, and [`Key::stream`] turns it and a
//! row index into a short random [`Stream`]. Nothing depends on the order in which rows are
//! generated, so any split of the row range (batches, workers, a resumed fill) yields the same
//! values. The hash functions here are fixed (FNV-1a and the SplitMix64 finaliser), never
//! `std`'s `DefaultHasher`, whose output may change between Rust releases.

/// The SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche.
#[inline]
pub fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A stable 64-bit hash of bytes (FNV-1a, then mixed).
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix64(h)
}

const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// A point in the tree of random keys: seed → table → column → purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(pub u64);

impl Key {
    pub fn from_seed(seed: i64) -> Key {
        Key(mix64(seed as u64 ^ 0x5eed_5eed_5eed_5eed))
    }

    /// A child key named by a label (a table or column name, or a purpose such as `"null"`).
    pub fn derive(self, label: &str) -> Key {
        Key(mix64(self.0 ^ stable_hash(label.as_bytes())))
    }

    /// A child key numbered by an integer (an attempt, a pool slot, an array element).
    pub fn derive_n(self, n: u64) -> Key {
        Key(mix64(self.0 ^ mix64(n.wrapping_add(1).wrapping_mul(GOLDEN))))
    }

    /// The random stream of one row under this key.
    #[inline]
    pub fn stream(self, row: u64) -> Stream {
        Stream { state: mix64(self.0 ^ row.wrapping_mul(GOLDEN)) }
    }

    /// One uniform number in [0, 1) for `row`, without building a stream.
    #[inline]
    pub fn unit(self, row: u64) -> f64 {
        to_unit(mix64(self.0 ^ row.wrapping_mul(GOLDEN) ^ 0x1234_5678))
    }
}

#[inline]
fn to_unit(x: u64) -> f64 {
    (x >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A SplitMix64 sequence: small, fast, and good enough for sampling.
#[derive(Clone, Debug)]
pub struct Stream {
    state: u64,
}

impl Stream {
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix64(self.state)
    }

    /// Uniform in [0, 1).
    #[inline]
    pub fn unit(&mut self) -> f64 {
        to_unit(self.next_u64())
    }

    /// Uniform in `0..n` (`n > 0`), by Lemire's multiply-shift.
    #[inline]
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform index into a slice of length `n` (`n > 0`).
    #[inline]
    pub fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi as i128 - lo as i128) as u128 + 1;
        if span > u128::from(u64::MAX) {
            return self.next_u64() as i64;
        }
        (lo as i128 + i128::from(self.below(span as u64))) as i64
    }

    /// True with probability `p`.
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Picks an item by weight; `cumulative` holds running totals ending at the total weight.
    pub fn weighted(&mut self, cumulative: &[f64]) -> usize {
        let total = match cumulative.last() {
            Some(t) if *t > 0.0 => *t,
            _ => return 0,
        };
        let x = self.unit() * total;
        cumulative.partition_point(|c| *c <= x).min(cumulative.len() - 1)
    }
}

impl rand::RngCore for Stream {
    fn next_u32(&mut self) -> u32 {
        (Stream::next_u64(self) >> 32) as u32
    }

    fn next_u64(&mut self) -> u64 {
        Stream::next_u64(self)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(8) {
            let bytes = Stream::next_u64(self).to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_pure_functions_of_key_and_row() {
        let k = Key::from_seed(42).derive("orders").derive("total");
        let a: Vec<u64> = (0..5).map(|r| k.stream(r).next_u64()).collect();
        let b: Vec<u64> = (0..5).rev().map(|r| k.stream(r).next_u64()).rev().collect();
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
    }

    #[test]
    fn keys_differ_by_label_seed_and_number() {
        let root = Key::from_seed(1);
        assert_ne!(root.derive("a"), root.derive("b"));
        assert_ne!(Key::from_seed(1).derive("a"), Key::from_seed(2).derive("a"));
        assert_ne!(root.derive_n(0), root.derive_n(1));
    }

    #[test]
    fn hashes_are_stable_across_releases() {
        // Fixed expectations: changing them changes every user's seeded data.
        assert_eq!(stable_hash(b""), mix64(0xcbf2_9ce4_8422_2325));
        assert_eq!(Key::from_seed(0).derive("x").0, Key::from_seed(0).derive("x").0);
        assert_eq!(mix64(1), 0x5692_161d_100b_05e5);
    }

    #[test]
    fn unit_and_below_stay_in_range_and_look_uniform() {
        let mut s = Key::from_seed(7).stream(3);
        let mut counts = [0u32; 10];
        for _ in 0..100_000 {
            let u = s.unit();
            assert!((0.0..1.0).contains(&u));
            counts[s.below(10) as usize] += 1;
        }
        for c in counts {
            assert!((9_000..11_000).contains(&c), "{c}");
        }
    }

    #[test]
    fn range_i64_covers_extremes() {
        let mut s = Key::from_seed(9).stream(0);
        for _ in 0..1000 {
            let v = s.range_i64(-3, 3);
            assert!((-3..=3).contains(&v));
        }
        let _ = s.range_i64(i64::MIN, i64::MAX);
        assert_eq!(s.range_i64(5, 5), 5);
    }

    #[test]
    fn weighted_follows_weights() {
        let mut s = Key::from_seed(11).stream(0);
        let cum = [1.0, 1.0, 4.0]; // weights 1, 0, 3
        let mut counts = [0u32; 3];
        for _ in 0..40_000 {
            counts[s.weighted(&cum)] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((9_000..11_000).contains(&counts[0]), "{counts:?}");
    }
}
