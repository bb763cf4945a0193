//! Windows Time peer flags, the request-mode rule and manual peer lists,
//! with the exact result of every input.

#[cfg(feature = "alloc")]
use ntp_wire::w32time::ManualPeerListBuf;
use ntp_wire::w32time::{ManualPeer, ManualPeerList, NtpServerProvider, PeerFlags, MAX_HOST_LEN};
use ntp_wire::{Error, Mode};

use Mode::{Client, SymmetricActive};

/// For each value 0x0..=0xF: the names, the mode on a machine that serves
/// time (NtpServer provider enabled) and on one that does not. Written out
/// by hand from the rule: 0x8 wins, then 0x4, then the provider decides.
const TABLE: [(&str, Mode, Mode); 16] = [
    ("none", SymmetricActive, Client),
    ("SpecialInterval", SymmetricActive, Client),
    ("UseAsFallbackOnly", SymmetricActive, Client),
    (
        "SpecialInterval | UseAsFallbackOnly",
        SymmetricActive,
        Client,
    ),
    ("SymmetricActive", SymmetricActive, SymmetricActive),
    (
        "SpecialInterval | SymmetricActive",
        SymmetricActive,
        SymmetricActive,
    ),
    (
        "UseAsFallbackOnly | SymmetricActive",
        SymmetricActive,
        SymmetricActive,
    ),
    (
        "SpecialInterval | UseAsFallbackOnly | SymmetricActive",
        SymmetricActive,
        SymmetricActive,
    ),
    ("Client", Client, Client),
    ("SpecialInterval | Client", Client, Client),
    ("UseAsFallbackOnly | Client", Client, Client),
    (
        "SpecialInterval | UseAsFallbackOnly | Client",
        Client,
        Client,
    ),
    ("SymmetricActive | Client", Client, Client),
    ("SpecialInterval | SymmetricActive | Client", Client, Client),
    (
        "UseAsFallbackOnly | SymmetricActive | Client",
        Client,
        Client,
    ),
    (
        "SpecialInterval | UseAsFallbackOnly | SymmetricActive | Client",
        Client,
        Client,
    ),
];

const HEX: [&str; 16] = [
    "0x0", "0x1", "0x2", "0x3", "0x4", "0x5", "0x6", "0x7", "0x8", "0x9", "0xa", "0xb", "0xc",
    "0xd", "0xe", "0xf",
];

#[test]
fn every_flag_combination_through_mode_rule_and_text() {
    for (bits, &(names, on_server, on_client)) in (0u32..).zip(TABLE.iter()) {
        let flags = PeerFlags::from_bits(bits);
        assert_eq!(flags.bits(), bits);
        assert_eq!(flags.unknown_bits(), 0);
        assert_eq!(
            flags.request_mode(NtpServerProvider::Enabled),
            on_server,
            "{bits:#x}"
        );
        assert_eq!(
            flags.request_mode(NtpServerProvider::Disabled),
            on_client,
            "{bits:#x}"
        );
        assert_eq!(flags.names().to_string(), names);
        assert_eq!(flags.to_string(), HEX[bits as usize]);
        assert_eq!(
            format!("{flags:?}"),
            format!("PeerFlags({}: {names})", HEX[bits as usize])
        );

        // Every spelling Windows documents reads back to the same value.
        for text in [
            format!("{bits:#x}"),
            format!("0x{bits:02x}"),
            format!("0x{bits:02X}"),
            format!("0X{bits:X}"),
            format!("0x{bits:08x}"),
        ] {
            assert_eq!(text.parse::<PeerFlags>(), Ok(flags), "{text}");
        }
    }
}

#[test]
fn unknown_bits_are_kept_and_ignored_by_the_mode_rule() {
    for high in [0x10u32, 0x100, 0x8000_0000, 0xffff_fff0] {
        for (bits, &(_, on_server, on_client)) in (0u32..).zip(TABLE.iter()) {
            let flags = PeerFlags::from_bits(high | bits);
            assert_eq!(flags.unknown_bits(), high);
            assert_eq!(flags.request_mode(NtpServerProvider::Enabled), on_server);
            assert_eq!(flags.request_mode(NtpServerProvider::Disabled), on_client);
            let text = flags.to_string();
            assert_eq!(text, format!("{:#x}", high | bits));
            assert_eq!(text.parse::<PeerFlags>(), Ok(flags));
        }
    }
    assert_eq!(
        PeerFlags::from_bits(0x19).names().to_string(),
        "SpecialInterval | Client | 0x10"
    );
    assert_eq!(PeerFlags::from_bits(0x20).names().to_string(), "0x20");
    assert_eq!(PeerFlags::from_bits(u32::MAX).to_string(), "0xffffffff");
}

#[test]
fn flag_text_that_is_refused() {
    for bad in [
        "",
        "0x",
        "0X",
        "9",
        "10",
        "x9",
        "0x9 ",
        " 0x9",
        "0xg",
        "0x-1",
        "+0x1",
        "0x1,0x2",
        "0b1",
        "0x100000000",
        "０x9",
    ] {
        assert_eq!(
            bad.parse::<PeerFlags>(),
            Err(Error::InvalidPeerFlags {
                offset: 0,
                len: bad.len()
            }),
            "{bad:?}"
        );
    }
}

#[test]
fn bit_operations() {
    let f = PeerFlags::SPECIAL_INTERVAL | PeerFlags::CLIENT;
    assert_eq!(f.bits(), 0x9);
    assert_eq!((f & PeerFlags::CLIENT), PeerFlags::CLIENT);
    assert_eq!((f - PeerFlags::CLIENT), PeerFlags::SPECIAL_INTERVAL);
    assert_eq!((f ^ PeerFlags::KNOWN).bits(), 0x6);
    assert!(f.contains(PeerFlags::CLIENT));
    assert!(!f.contains(PeerFlags::CLIENT | PeerFlags::SYMMETRIC_ACTIVE));
    assert!(f.intersects(PeerFlags::CLIENT | PeerFlags::SYMMETRIC_ACTIVE));
    assert!(PeerFlags::NONE.is_empty());
    assert_eq!(PeerFlags::default(), PeerFlags::NONE);
    let mut g = PeerFlags::NONE;
    g |= PeerFlags::SYMMETRIC_ACTIVE;
    g |= PeerFlags::USE_AS_FALLBACK_ONLY;
    g -= PeerFlags::SYMMETRIC_ACTIVE;
    g &= PeerFlags::KNOWN;
    g ^= PeerFlags::CLIENT;
    assert_eq!(g.bits(), 0xa);
    assert_eq!(u32::from(g), 0xa);
    assert_eq!(PeerFlags::from(0xau32), g);
    assert_eq!(NtpServerProvider::from(true), NtpServerProvider::Enabled);
    assert_eq!(NtpServerProvider::default(), NtpServerProvider::Disabled);
}

fn peers(text: &str) -> Vec<(String, u32, usize)> {
    ManualPeerList::parse(text)
        .unwrap_or_else(|e| panic!("{text:?}: {e}"))
        .iter()
        .map(|p| (p.host.to_string(), p.flags.bits(), p.offset))
        .collect()
}

fn owned(v: &[(&str, u32, usize)]) -> Vec<(String, u32, usize)> {
    v.iter().map(|&(h, f, o)| (h.to_string(), f, o)).collect()
}

#[test]
fn kb_875424_form_host_comma_0x8() {
    // KB 875424's fix: w32tm /config /manualpeerlist:PEER,0x8 /syncfromflags:manual
    let list = ManualPeerList::parse("ntp.example.com,0x8").unwrap();
    assert_eq!(peers(list.as_str()), owned(&[("ntp.example.com", 0x8, 0)]));
    let peer = list.get("ntp.example.com").unwrap();
    assert_eq!(peer.flags.request_mode(NtpServerProvider::Enabled), Client);
    assert_eq!(list.to_string(), "ntp.example.com,0x8");
}

#[test]
fn microsoft_documented_examples() {
    // The default of current Windows, and of Windows Server 2003.
    assert_eq!(
        peers("time.windows.com,0x9"),
        owned(&[("time.windows.com", 0x9, 0)])
    );
    assert_eq!(
        peers("time.windows.com,0x1"),
        owned(&[("time.windows.com", 0x1, 0)])
    );
    // The W32Time team's blog: three sources with mixed flags.
    let text = "time.windows.com,0x01 time.nist.gov,0x01 my.time.server.com,0x02";
    assert_eq!(
        peers(text),
        owned(&[
            ("time.windows.com", 0x1, 0),
            ("time.nist.gov", 0x1, 22),
            ("my.time.server.com", 0x2, 41),
        ])
    );
    let list = ManualPeerList::parse(text).unwrap();
    assert_eq!(
        list.to_string(),
        "time.windows.com,0x1 time.nist.gov,0x1 my.time.server.com,0x2"
    );
    // Mixed: one with client mode, one without flags, an IP with 0xA.
    let text = "\t\"0.pool.ntp.org,0x8   192.0.2.1 \t 2001:db8::1,0XA\"\r\n";
    assert_eq!(
        peers(text),
        owned(&[
            ("0.pool.ntp.org", 0x8, 2),
            ("192.0.2.1", 0x0, 23),
            ("2001:db8::1", 0xa, 35),
        ])
    );
    assert_eq!(
        ManualPeerList::parse(text).unwrap().to_string(),
        "0.pool.ntp.org,0x8 192.0.2.1,0x0 2001:db8::1,0xa"
    );
}

#[test]
fn canonical_text_round_trips() {
    for text in ["time.windows.com,0x9", "a,0x0 b,0x1 c,0xf d,0xffffffff", ""] {
        let list = ManualPeerList::parse(text).unwrap();
        assert_eq!(list.to_string(), text);
        let again = list.to_string();
        assert_eq!(ManualPeerList::parse(&again).unwrap().to_string(), text);
    }
}

#[test]
fn hostile_strings_each_with_its_exact_result() {
    use Error::*;
    let cases: &[(&str, Result<usize, Error>)] = &[
        ("", Ok(0)),
        ("     ", Ok(0)),
        ("\t \r\n", Ok(0)),
        ("\"\"", Ok(0)),
        ("host,", Err(InvalidPeerFlags { offset: 5, len: 0 })),
        ("host,0xZZ", Err(InvalidPeerFlags { offset: 5, len: 4 })),
        ("host,0x1,0x2", Err(InvalidPeerFlags { offset: 5, len: 7 })),
        ("host,9", Err(InvalidPeerFlags { offset: 5, len: 1 })),
        ("host,0x", Err(InvalidPeerFlags { offset: 5, len: 2 })),
        (
            "ok,0x8 host,,0x8",
            Err(InvalidPeerFlags { offset: 12, len: 4 }),
        ),
        (",0x8", Err(InvalidPeerHost { offset: 0, len: 0 })),
        (",", Err(InvalidPeerHost { offset: 0, len: 0 })),
        ("a\"b,0x8", Err(InvalidPeerHost { offset: 0, len: 3 })),
        ("\"a,0x8", Err(InvalidPeerHost { offset: 0, len: 2 })),
        ("a\u{7}b", Err(InvalidPeerHost { offset: 0, len: 3 })),
        (
            "Time.Windows.com,0x9 time.windows.COM,0x8",
            Err(DuplicatePeer {
                offset: 21,
                first: 0,
            }),
        ),
        (
            "a.example b.example A.EXAMPLE,0x8",
            Err(DuplicatePeer {
                offset: 20,
                first: 0,
            }),
        ),
    ];
    for (text, expected) in cases {
        let got = ManualPeerList::parse(text).map(|l| l.len());
        assert_eq!(&got, expected, "{text:?}");
    }
}

#[test]
fn ten_kilobyte_strings() {
    // One 10 KB token: no DNS name is that long.
    let long = "a".repeat(10 * 1024);
    assert_eq!(
        ManualPeerList::parse(&long).unwrap_err(),
        Error::InvalidPeerHost {
            offset: 0,
            len: 10 * 1024
        }
    );
    // The longest host accepted, and one more.
    let max = "h".repeat(MAX_HOST_LEN);
    assert_eq!(ManualPeerList::parse(&max).unwrap().len(), 1);
    assert_eq!(
        ManualPeerList::parse(&format!("{max}h,0x8")).unwrap_err(),
        Error::InvalidPeerHost {
            offset: 0,
            len: MAX_HOST_LEN + 1
        }
    );

    // 10 KB of distinct peers: "p0000.example,0x8 " is 18 octets.
    let mut text = String::new();
    let mut n = 0;
    while text.len() + 18 <= 10 * 1024 {
        text.push_str(&format!("p{n:04}.example,0x8 "));
        n += 1;
    }
    assert_eq!(n, 568);
    let list = ManualPeerList::parse(&text).unwrap();
    assert_eq!(list.len(), 568);
    assert_eq!(
        list.iter().nth(567),
        Some(ManualPeer {
            host: "p0567.example",
            flags: PeerFlags::CLIENT,
            offset: 567 * 18
        })
    );
    // The same with the last one repeating the first, in capitals.
    text.push_str("P0000.EXAMPLE");
    assert_eq!(
        ManualPeerList::parse(&text).unwrap_err(),
        Error::DuplicatePeer {
            offset: 568 * 18,
            first: 0
        }
    );
    // 10 KB of white space and commas.
    assert_eq!(
        ManualPeerList::parse(&" ".repeat(10 * 1024)).unwrap().len(),
        0
    );
    assert_eq!(
        ManualPeerList::parse(&",".repeat(10 * 1024)).unwrap_err(),
        Error::InvalidPeerHost { offset: 0, len: 0 }
    );
}

#[test]
fn scan_reports_every_problem_in_order() {
    let text = "good,0x8 bad,0xZZ ,0x1 GOOD also.good";
    let results: Vec<_> = ManualPeerList::scan(text).collect();
    assert_eq!(
        results,
        vec![
            Ok(ManualPeer {
                host: "good",
                flags: PeerFlags::CLIENT,
                offset: 0
            }),
            Err(Error::InvalidPeerFlags { offset: 13, len: 4 }),
            Err(Error::InvalidPeerHost { offset: 18, len: 0 }),
            Err(Error::DuplicatePeer {
                offset: 23,
                first: 0
            }),
            Ok(ManualPeer {
                host: "also.good",
                flags: PeerFlags::NONE,
                offset: 28
            }),
        ]
    );
}

#[test]
fn duplicates_compare_whole_hosts_of_well_formed_entries_only() {
    // A malformed entry is not an earlier copy; a host that is a prefix of
    // another, or equal up to the comma, is told apart.
    let text = "a,0xZZ ab,0x1 A b,0x8 \"AB a.b";
    let results: Vec<_> = ManualPeerList::scan(text).collect();
    assert_eq!(
        results,
        vec![
            Err(Error::InvalidPeerFlags { offset: 2, len: 4 }),
            Ok(ManualPeer {
                host: "ab",
                flags: PeerFlags::SPECIAL_INTERVAL,
                offset: 7
            }),
            Ok(ManualPeer {
                host: "A",
                flags: PeerFlags::NONE,
                offset: 14
            }),
            Ok(ManualPeer {
                host: "b",
                flags: PeerFlags::CLIENT,
                offset: 16
            }),
            Err(Error::InvalidPeerHost { offset: 22, len: 3 }),
            Ok(ManualPeer {
                host: "a.b",
                flags: PeerFlags::NONE,
                offset: 26
            }),
        ]
    );
    // Inside quotes, offsets count the quote; the first copy is reported.
    assert_eq!(
        ManualPeerList::parse("  \"x.example,0x8\ty.example  X.EXAMPLE,0x1\"").unwrap_err(),
        Error::DuplicatePeer {
            offset: 28,
            first: 3
        }
    );
}

#[test]
fn errors_read_as_instructions() {
    assert_eq!(
        Error::InvalidPeerFlags { offset: 5, len: 4 }.to_string(),
        "invalid Windows Time peer flags at offset 5 (4 characters): write 0x and a hex value of at most 8 significant digits, such as 0x8 or 0x9"
    );
    assert_eq!(
        Error::DuplicatePeer { offset: 21, first: 0 }.to_string(),
        "duplicate peer at offset 21: the same host is already listed at offset 0; list each host once"
    );
}

#[cfg(feature = "alloc")]
#[test]
fn owned_list_edits_and_fixes() {
    let mut list: ManualPeerListBuf =
        "time.windows.com,0x1 ntp.example.org,0x4 fallback.example,0xA"
            .parse()
            .unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(
        list.get("NTP.example.org"),
        Some(PeerFlags::SYMMETRIC_ACTIVE)
    );
    assert_eq!(list.require_client_mode(), 2);
    assert_eq!(
        list.to_string(),
        "time.windows.com,0x9 ntp.example.org,0x8 fallback.example,0xa"
    );
    assert_eq!(list.require_client_mode(), 0);

    assert_eq!(
        list.insert("Time.Windows.COM", PeerFlags::from_bits(0x8)),
        Ok(Some(PeerFlags::from_bits(0x9)))
    );
    assert_eq!(list.insert("new.example", PeerFlags::NONE), Ok(None));
    assert_eq!(
        list.insert("two words", PeerFlags::NONE),
        Err(Error::InvalidPeerHost { offset: 0, len: 9 })
    );
    assert_eq!(
        list.insert("a,0x8", PeerFlags::NONE),
        Err(Error::InvalidPeerHost { offset: 0, len: 5 })
    );
    assert_eq!(
        list.insert("", PeerFlags::NONE),
        Err(Error::InvalidPeerHost { offset: 0, len: 0 })
    );
    assert_eq!(
        list.remove("FALLBACK.example"),
        Some(PeerFlags::from_bits(0xa))
    );
    assert_eq!(list.remove("absent.example"), None);
    assert_eq!(
        list.to_string(),
        "time.windows.com,0x8 ntp.example.org,0x8 new.example,0x0"
    );
    // The owned text parses back to an equal list.
    assert_eq!(
        list.to_string().parse::<ManualPeerListBuf>(),
        Ok(list.clone())
    );
    assert_eq!(
        "a,0x1 A".parse::<ManualPeerListBuf>(),
        Err(Error::DuplicatePeer {
            offset: 6,
            first: 0
        })
    );
    assert!(ManualPeerListBuf::new().is_empty());
}
