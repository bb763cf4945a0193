//! The views of the kinds that are not v1-v4 time packets, one module
//! each: control messages (mode 6), ntpd's private messages (mode 7) and
//! NTPv5. Each reads its kind with `ntp-wire`'s layer into plain data
//! (`View`), and writes that data as text and as a JSON member.
//!
//! Each `decode` never panics and always gives a view: a message the
//! strict reading refuses is read field by field from the raw octets as
//! far as they go, and the refusal is returned beside it.

pub mod control;
pub mod private;
pub mod v5;

use std::fmt::Write as _;

/// Octets as lowercase hex.
pub fn hex(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}

/// Octets as text: UTF-8 where it is, `\xNN` for the rest and for control
/// characters, so the output stays one line and readable.
pub fn text_of(b: &[u8]) -> String {
    let mut s = String::with_capacity(b.len());
    for chunk in b.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() {
                let _ = write!(s, "\\x{:02x}", c as u32);
            } else {
                s.push(c);
            }
        }
        for x in chunk.invalid() {
            let _ = write!(s, "\\x{x:02x}");
        }
    }
    s
}

/// The algorithms a MAC length allows, in words.
pub fn algorithms(c: &[ntp_wire::trailer::MacAlgorithm]) -> String {
    if c.is_empty() {
        return "no known algorithm".into();
    }
    c.iter().map(|a| a.name()).collect::<Vec<_>>().join(" or ")
}
