//! The generator's draws beyond `domain::random`: valid NHS numbers in the range kept for
//! test data.

pub(super) use crate::domain::random::Random;

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
