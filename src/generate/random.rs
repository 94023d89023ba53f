//! The generator's randomness: SplitMix64 (a seed always gives the same files) and the
//! draws built on it, including valid NHS numbers in the range kept for test data.

/// SplitMix64: tiny, fast and stable forever, so a seed always gives the same files.
pub(super) struct Random(pub(super) u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub(super) fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in `low..=high`.
    pub(super) fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }
    pub(super) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Index drawn with the given weights.
    pub(super) fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}

/// A valid NHS number in the 999 range kept for test data.
pub(super) fn nhs_number(random: &mut Random) -> String {
    loop {
        let mut digits = vec![9u32, 9, 9];
        for _ in 0..6 {
            digits.push(random.between(0, 9) as u32);
        }
        let sum: u32 = digits.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        digits.push(check);
        return digits
            .iter()
            .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
            .collect();
    }
}

/// An NHS number as people write it: `999 123 4567`.
pub(super) fn format_nhs(digits: &str) -> String {
    format!("{} {} {}", &digits[..3], &digits[3..6], &digits[6..])
}
