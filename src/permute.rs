//! Seeded bijections of `0..n`.
//!
//! Unique values come from a permutation of the row index rather than from a set of values seen so
//! far: row `i` gets slot `Permutation::apply(i)`, distinct rows get distinct slots, and memory
//! stays constant whatever the row count. The permutation is a balanced Feistel network on the
//! smallest even number of bits that covers `n`, with cycle walking to stay inside `0..n`
//! (the domain is at most 4n, so a walk takes fewer than four rounds on average).

use crate::rng::mix64;

#[derive(Clone, Debug)]
pub struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    /// A permutation of `0..n` chosen by `key`. `n == 0` gives an empty permutation.
    pub fn new(n: u64, key: u64) -> Permutation {
        let bits = 64 - n.saturating_sub(1).leading_zeros();
        let half_bits = bits.div_ceil(2).max(1);
        let mut keys = [0u64; 4];
        let mut k = key;
        for slot in &mut keys {
            k = mix64(k.wrapping_add(0x9e37_79b9_7f4a_7c15));
            *slot = k;
        }
        Permutation { n, half_bits, keys }
    }

    pub fn len(&self) -> u64 {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The image of `i` (`i < n`).
    pub fn apply(&self, i: u64) -> u64 {
        debug_assert!(i < self.n);
        if self.n <= 1 {
            return 0;
        }
        let mut x = i;
        loop {
            x = self.feistel(x);
            if x < self.n {
                return x;
            }
        }
    }

    /// The `i` whose image is `y` (`y < n`): the rounds run backwards, and the cycle walk
    /// retraces the forward walk's steps outside `0..n`.
    pub fn invert(&self, y: u64) -> u64 {
        debug_assert!(y < self.n);
        if self.n <= 1 {
            return 0;
        }
        let mut x = y;
        loop {
            x = self.feistel_inverse(x);
            if x < self.n {
                return x;
            }
        }
    }

    fn feistel_inverse(&self, y: u64) -> u64 {
        let h = self.half_bits;
        let mask = if h >= 64 { u64::MAX } else { (1u64 << h) - 1 };
        let mut left = (y >> h) & mask;
        let mut right = y & mask;
        for k in self.keys.iter().rev() {
            let before = right ^ (mix64(left ^ k) & mask);
            right = left;
            left = before;
        }
        (left << h) | right
    }

    fn feistel(&self, x: u64) -> u64 {
        let h = self.half_bits;
        let mask = if h >= 64 { u64::MAX } else { (1u64 << h) - 1 };
        let mut left = (x >> h) & mask;
        let mut right = x & mask;
        for k in self.keys {
            let f = mix64(right ^ k) & mask;
            let next = left ^ f;
            left = right;
            right = next;
        }
        (left << h) | right
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_bijection_for_many_sizes() {
        for n in [1u64, 2, 3, 7, 16, 17, 100, 1000, 4097] {
            let p = Permutation::new(n, 42);
            let mut seen = vec![false; n as usize];
            for i in 0..n {
                let j = p.apply(i);
                assert!(j < n);
                assert!(!seen[j as usize], "n={n} i={i} collided");
                seen[j as usize] = true;
            }
        }
    }

    #[test]
    fn invert_undoes_apply() {
        for n in [1u64, 2, 3, 10, 17, 1000, 4097] {
            let p = Permutation::new(n, 9);
            for i in 0..n {
                assert_eq!(p.invert(p.apply(i)), i, "n={n} i={i}");
            }
        }
        let p = Permutation::new(u64::MAX / 3, 5);
        assert_eq!(p.invert(p.apply(987_654_321)), 987_654_321);
    }

    #[test]
    fn different_keys_give_different_orders() {
        let a: Vec<u64> = (0..50).map(|i| Permutation::new(50, 1).apply(i)).collect();
        let b: Vec<u64> = (0..50).map(|i| Permutation::new(50, 2).apply(i)).collect();
        assert_ne!(a, b);
    }

    #[test]
    fn shuffles_rather_than_counting() {
        let p = Permutation::new(1_000_000, 7);
        let fixed = (0..1000).filter(|&i| p.apply(i) == i).count();
        assert!(fixed < 5, "{fixed} fixed points in the first 1000");
    }

    #[test]
    fn handles_huge_domains() {
        let p = Permutation::new(u64::MAX, 3);
        let x = p.apply(123);
        assert!(x < u64::MAX);
        assert_ne!(p.apply(124), x);
    }
}
