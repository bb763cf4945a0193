//! Unit tests of the private helpers; the walks, views and writers are
//! tested against real and hostile packets in tests/trailer*.rs and
//! tests/nts*.rs.

use super::writer::field_len;
use crate::wire::pad4;

#[test]
fn pad4_and_field_len() {
    assert_eq!([0, 1, 3, 4, 5].map(pad4), [0, 4, 4, 4, 8]);
    assert_eq!([0, 12, 13, 32].map(field_len), [16, 16, 20, 36]);
}

/// The NTS-KE fuzz target on an input longer than its 4096-octet output
/// buffer (libFuzzer raises -max_len past 4096 for larger corpus files):
/// a record that cannot be re-emitted there is no finding.
#[test]
fn nts_ke_target_takes_inputs_past_its_buffer() {
    // One 5000-octet record, and 4090 octets of records then a large one.
    let mut one = [0u8; 5000];
    one[2..4].copy_from_slice(&4996u16.to_be_bytes());
    crate::fuzzing::nts_ke(&one);
    let mut many = [0u8; 4102];
    for record in many[..4090].chunks_mut(10) {
        record.copy_from_slice(&[0, 5, 0, 6, 1, 2, 3, 4, 5, 6]);
    }
    many[4090..].copy_from_slice(&[0x80, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0]);
    crate::fuzzing::nts_ke(&many);
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
        proptest::prop_assume!(!matches!(
            super::mac::whole_trailer(rest.len(), 4),
            super::mac::WholeTrailer::Mac
        ));
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
