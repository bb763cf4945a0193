//! Internals of the peer list reader; the public behaviour is tested in
//! tests/w32time.rs.

extern crate std;
use std::string::ToString;

use super::host::{for_each_repeat, Key};
use super::*;

fn err(offset: usize, len: usize, rule: PeerListRule) -> PeerListError {
    PeerListError::new(offset, len, rule)
}

#[test]
fn flags_text_offsets_are_relative_to_the_whole_string() {
    // "  a.example,0xZZ": the flags start after the comma at offset 12.
    let mut scan = ManualPeerList::scan("  a.example,0xZZ");
    assert_eq!(scan.next(), Some(Err(err(12, 4, PeerListRule::Flags))));
    assert_eq!(scan.next(), None);
}

#[test]
fn quotes_must_pair_to_be_removed() {
    assert_eq!(
        ManualPeerList::parse("\"a.example").unwrap_err(),
        err(0, 1, PeerListRule::HostCharacter { character: '"' })
    );
    assert_eq!(
        ManualPeerList::parse("'a.example,0x8'")
            .unwrap()
            .to_string(),
        "a.example,0x8"
    );
    assert_eq!(
        ManualPeerList::parse("\"a.example'").unwrap_err(),
        err(0, 1, PeerListRule::HostCharacter { character: '"' })
    );
    // A quoted empty list is empty.
    assert!(ManualPeerList::parse(" \"\" ").unwrap().is_empty());
}

#[test]
fn overlong_flags_overflow_is_an_error_not_a_wrap() {
    assert_eq!(
        "0x100000000".parse::<PeerFlags>(),
        Err(err(0, 11, PeerListRule::Flags))
    );
    assert_eq!(
        "0x0000000000000009".parse::<PeerFlags>(),
        Ok(PeerFlags::from_bits(9))
    );
}

#[test]
fn keys_order_names_case_blind_and_addresses_by_value() {
    use core::cmp::Ordering::*;
    let cases = [
        ("a.example", "A.EXAMPLE.", Equal),
        ("a.example", "b.example", Less),
        ("B", "a", Greater),
        ("2001:db8::1", "2001:DB8:0:0:0:0:0:1", Equal),
        ("2001:db8::1", "2001:db8::2", Less),
        // Names sort before addresses, so the two never compare equal.
        ("zzz", "::1", Less),
        ("::1", "a", Greater),
        // An IPv4 address compares as its text, which is canonical.
        ("192.0.2.1", "192.0.2.1.", Equal),
    ];
    for (a, b, order) in cases {
        assert_eq!(Key::of(a).cmp(&Key::of(b)), order, "{a} {b}");
        assert_eq!(Key::of(a) == Key::of(b), order == Equal, "{a} {b}");
        assert_eq!(Key::of(a).partial_cmp(&Key::of(b)), Some(order));
        assert_eq!(same_host(a, b), order == Equal);
    }
}

#[test]
fn every_repeat_is_reported_with_the_first_of_its_run() {
    let hosts = ["b", "a", "B", "c", "A", "b."];
    let mut positions: std::vec::Vec<usize> = (0..hosts.len()).collect();
    let mut repeats = std::vec::Vec::new();
    for_each_repeat(
        &mut positions,
        |i| Key::of(hosts[i]),
        |later, first| repeats.push((later, first)),
    );
    repeats.sort_unstable();
    assert_eq!(repeats, [(2, 0), (4, 1), (5, 0)]);
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
            "' ' cannot be part of a host: a DNS name has letters, digits, hyphens and dots (RFC 1123 section 2.1), an IPv6 address hex digits and colons (at offset 1, 1 octets)",
        ),
        (
            r#"{"peers":[{"host":"","flags":0}]}"#,
            "an entry without a host: write the host before the comma, as host,0x8 (at offset 0, 0 octets)",
        ),
        (
            r#"{"peers":[{"host":"a","flags":1},{"host":"b","flags":1},{"host":"A.","flags":8}]}"#,
            "the same host is already listed at offset 0; list each host once (at offset 2, 1 octets)",
        ),
    ] {
        let err = serde_json::from_str::<ManualPeerListBuf>(json).unwrap_err();
        assert!(err.is_data(), "{json}");
        assert_eq!(err.to_string(), message, "{json}");
    }
}
