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

#[cfg(all(feature = "serde", feature = "alloc"))]
#[test]
fn deserialized_owned_list_keeps_its_promises() {
    // The JSON shape is unchanged: a round trip still works.
    let list: ManualPeerListBuf = "a.example,0x9 b.example".parse().unwrap();
    let json = serde_json::to_string(&list).unwrap();
    assert_eq!(
        json,
        r#"{"peers":[{"host":"a.example","flags":9},{"host":"b.example","flags":0}]}"#
    );
    assert_eq!(
        serde_json::from_str::<ManualPeerListBuf>(&json).unwrap(),
        list
    );
    // But a host the list text cannot hold, or a repeated host, is refused
    // as `insert` and `parse` refuse them: else Display writes a text that
    // w32tm reads differently.
    for (json, message) in [
        (
            r#"{"peers":[{"host":"a b,0x8","flags":0}]}"#,
            "invalid peer host name at offset 0 (7 octets): a host is a DNS name or IP address of 1 to 253 characters, without quotes, commas or spaces",
        ),
        (
            r#"{"peers":[{"host":"","flags":0}]}"#,
            "invalid peer host name at offset 0 (0 octets): a host is a DNS name or IP address of 1 to 253 characters, without quotes, commas or spaces",
        ),
        (
            r#"{"peers":[{"host":"a","flags":1},{"host":"A","flags":8}]}"#,
            "duplicate peer at offset 1: the same host is already listed at offset 0; list each host once",
        ),
    ] {
        let err = serde_json::from_str::<ManualPeerListBuf>(json).unwrap_err();
        assert!(err.is_data(), "{json}");
        assert_eq!(err.to_string(), message, "{json}");
    }
}
