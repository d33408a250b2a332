//! Deterministic hashing of features into buckets (the same on every platform and run).

/// The splitmix64 finaliser: a strong 64-bit mixer.
pub(crate) const fn mix(mut h: u64) -> u64 {
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Hashes `bytes` under namespace `ns` (FNV-1a over the bytes, then mixed).
pub(crate) fn hash_bytes(ns: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ mix(ns.wrapping_add(0x9e37_79b9_7f4a_7c15));
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h)
}

/// Hashes a string under namespace `ns`.
pub(crate) fn hash_str(ns: u64, s: &str) -> u64 {
    hash_bytes(ns, s.as_bytes())
}

/// Combines a hash with a small value (an offset, a label, a flag).
pub(crate) const fn combine(h: u64, v: u64) -> u64 {
    mix(h ^ v.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// A small deterministic random number generator (splitmix64) for shuffling in training.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A value in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        // Fixed values: a change here changes every trained model.
        assert_eq!(hash_str(1, "Blinken"), hash_str(1, "Blinken"));
        assert_ne!(hash_str(1, "Blinken"), hash_str(2, "Blinken"));
        assert_eq!(mix(0), 0);
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let mut v: Vec<u32> = (0..10).collect();
        a.shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..10).collect::<Vec<_>>());
    }
}
