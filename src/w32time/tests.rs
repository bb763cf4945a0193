//! Internals of the peer list reader; the public behaviour is tested in
//! tests/w32time.rs.

extern crate std;
use std::string::ToString;

use super::peer_list::*;
use super::*;
use crate::Error;

#[test]
fn flags_text_offsets_are_relative_to_the_whole_string() {
    // "a.example,0xZZ": the flags start after the comma at offset 10.
    let mut scan = ManualPeerList::scan("  a.example,0xZZ");
    assert_eq!(
        scan.next(),
        Some(Err(Error::InvalidPeerFlags { offset: 12, len: 4 }))
    );
    assert_eq!(scan.next(), None);
}

#[test]
fn quotes_must_pair_to_be_removed() {
    assert_eq!(
        ManualPeerList::parse("\"a.example").unwrap_err(),
        Error::InvalidPeerHost { offset: 0, len: 10 }
    );
    assert_eq!(
        ManualPeerList::parse("'a.example,0x8'")
            .unwrap()
            .to_string(),
        "a.example,0x8"
    );
    assert_eq!(
        ManualPeerList::parse("\"a.example'").unwrap_err(),
        Error::InvalidPeerHost { offset: 0, len: 11 }
    );
    // A quoted empty list is empty.
    assert!(ManualPeerList::parse(" \"\" ").unwrap().is_empty());
}

#[test]
fn overlong_flags_overflow_is_an_error_not_a_wrap() {
    assert_eq!(
        "0x100000000".parse::<PeerFlags>(),
        Err(Error::InvalidPeerFlags { offset: 0, len: 11 })
    );
    assert_eq!(
        "0x0000000000000009".parse::<PeerFlags>(),
        Ok(PeerFlags::from_bits(9))
    );
}
