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
