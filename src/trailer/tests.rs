//! Unit tests of the private helpers; the walks, views and writers are
//! tested against real and hostile packets in tests/trailer*.rs and
//! tests/nts*.rs.

use super::layout::pad4;
use super::writer::field_len;

#[test]
fn pad4_and_field_len() {
    assert_eq!([0, 1, 3, 4, 5].map(pad4), [0, 4, 4, 4, 8]);
    assert_eq!([0, 12, 13, 32].map(field_len), [16, 16, 20, 36]);
}

proptest::proptest! {
    // Pure functions, so cheap: enough cases to reach the rare shapes (a
    // last field of 16 octets, an odd trailer length at the start).
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

    /// The walk's one-branch test for a field that breaks no rule is only a
    /// shortcut: whatever it accepts, RFC 7822's rules taken one by one
    /// accept the same way, and it leaves everything else to them.
    #[test]
    fn field_shortcut_agrees_with_the_rules(
        mut rest in proptest::collection::vec(proptest::prelude::any::<u8>(), 96),
        words in 0usize..24,
        odd in proptest::prop_oneof![proptest::strategy::Just(0usize), 0usize..4],
        length_words in 0u16..25,
        length_odd in proptest::prop_oneof![proptest::strategy::Just(0u16), 0u16..4],
        length_is_rest: bool,
        at_start: bool,
        lenient: bool,
    ) {
        use super::walk::{field_by_the_rules, field_or_mac};
        rest.truncate(4 * words + odd);
        proptest::prop_assume!(!super::layout::V4_MAC_LENS.contains(&rest.len()));
        let length = if length_is_rest {
            rest.len() as u16
        } else {
            4 * length_words + length_odd
        };
        if let Some(field_length) = rest.get_mut(2..4) {
            field_length.copy_from_slice(&length.to_be_bytes());
        }
        let offset = if at_start { 48 } else { 52 };
        proptest::prop_assert_eq!(
            field_or_mac(&rest, offset, lenient),
            field_by_the_rules(&rest, offset, lenient)
        );
    }
}
