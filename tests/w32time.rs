//! Windows Time peer flags, the request-mode rule, manual peer lists, the
//! diagnosis of a whole list and the registry, with the exact result of
//! every input.

#[cfg(feature = "alloc")]
use ntp_wire::w32time::ManualPeerListBuf;
use ntp_wire::w32time::{
    same_host, ManualPeer, ManualPeerList, NtpServerProvider, PeerFlags, PeerListError,
    PeerListRule, RegistrySettings, SyncType, MAX_HOST_LEN, NO_ALLOC_PEER_LIMIT,
};
use ntp_wire::Mode;
use proptest::prelude::*;

use Mode::{Client, SymmetricActive};
use PeerListRule::*;

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

fn err(offset: usize, len: usize, rule: PeerListRule) -> PeerListError {
    PeerListError::new(offset, len, rule)
}

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
            Err(err(0, bad.len(), Flags)),
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
        .unwrap_or_else(|e| panic!("{text:?}: {}", e.explain(text)))
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
    // "Windows Time service tools and settings": two servers, one a fallback.
    assert_eq!(
        peers("ntpserver.contoso.com,0x8 clock.adatum.com,0x2"),
        owned(&[
            ("ntpserver.contoso.com", 0x8, 0),
            ("clock.adatum.com", 0x2, 26)
        ])
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
    let cases: &[(&str, Result<usize, PeerListError>)] = &[
        ("", Ok(0)),
        ("     ", Ok(0)),
        ("\t \r\n", Ok(0)),
        ("\"\"", Ok(0)),
        ("host,", Err(err(5, 0, Flags))),
        ("host,0xZZ", Err(err(5, 4, Flags))),
        ("host,0x1,0x2", Err(err(5, 7, Flags))),
        ("host,9", Err(err(5, 1, Flags))),
        ("host,0x", Err(err(5, 2, Flags))),
        ("ok,0x8 host,,0x8", Err(err(12, 4, Flags))),
        (",0x8", Err(err(0, 1, EmptyHost))),
        (",", Err(err(0, 1, EmptyHost))),
        ("a\"b,0x8", Err(err(1, 1, HostCharacter { character: '"' }))),
        ("\"a,0x8", Err(err(0, 1, HostCharacter { character: '"' }))),
        (
            "a\u{7}b",
            Err(err(1, 1, ControlCharacter { character: '\u{7}' })),
        ),
        (
            "Time.Windows.com,0x9 time.windows.COM,0x8",
            Err(err(21, 16, Duplicate { first: 0 })),
        ),
        (
            "a.example b.example A.EXAMPLE,0x8",
            Err(err(20, 9, Duplicate { first: 0 })),
        ),
    ];
    for (text, expected) in cases {
        let got = ManualPeerList::parse(text).map(|l| l.len());
        assert_eq!(&got, expected, "{text:?}");
    }
}

/// The shapes of issue 8, each with its exact error (and correction) or
/// value.
#[test]
fn the_mistakes_people_make() {
    struct Case {
        text: &'static str,
        error: PeerListError,
        offending: &'static str,
        corrected: Option<&'static str>,
    }
    let case = |text, error, offending, corrected| Case {
        text,
        error,
        offending,
        corrected,
    };
    let cases = [
        // The comma forgotten: two hosts, "time.windows.com" and "0x8",
        // both with flags 0, is what Windows Time would read.
        case(
            "time.windows.com 0x8",
            err(17, 3, MissingComma { gap: 1 }),
            "0x8",
            Some("time.windows.com,0x8"),
        ),
        case(
            "a.example,0x8 time.windows.com \t 0x9 b.example",
            err(33, 3, MissingComma { gap: 3 }),
            "0x9",
            Some("a.example,0x8 time.windows.com,0x9 b.example"),
        ),
        case(
            "time.windows.com;0x8",
            err(16, 1, Semicolon),
            ";",
            Some("time.windows.com,0x8"),
        ),
        case(
            "time.windows.com, 0x8",
            err(17, 1, SpaceAfterComma { gap: 1 }),
            " ",
            Some("time.windows.com,0x8"),
        ),
        case(
            "time.windows.com  ,0x8",
            err(16, 2, SpaceBeforeComma { gap: 2 }),
            "  ",
            Some("time.windows.com,0x8"),
        ),
        case("0x8", err(0, 3, FlagsWithoutHost), "0x8", None),
        case("a,0x1 0x8", err(6, 3, FlagsWithoutHost), "0x8", None),
        case(
            "a;b",
            err(1, 1, HostCharacter { character: ';' }),
            ";",
            None,
        ),
        case("/config", err(0, 7, CommandLineOption), "/config", None),
        case("*", err(0, 1, HostCharacter { character: '*' }), "*", None),
        case("..", err(0, 1, EmptyLabel), ".", None),
        case("a..b", err(1, 2, EmptyLabel), "..", None),
        case(".a", err(0, 1, EmptyLabel), ".", None),
        case("a.b..", err(3, 2, EmptyLabel), "..", None),
        case(
            "time\u{a0}windows.com",
            err(
                4,
                2,
                NonAsciiWhitespace {
                    character: '\u{a0}',
                },
            ),
            "\u{a0}",
            None,
        ),
        case(
            "time\u{feff}windows.com",
            err(
                4,
                3,
                NonAscii {
                    character: '\u{feff}',
                },
            ),
            "\u{feff}",
            None,
        ),
        case(
            "time.windows.com\u{2028}0x8",
            err(
                16,
                3,
                NonAsciiWhitespace {
                    character: '\u{2028}',
                },
            ),
            "\u{2028}",
            None,
        ),
        case(
            "\u{feff}time.windows.com",
            err(
                0,
                3,
                NonAscii {
                    character: '\u{feff}',
                },
            ),
            "\u{feff}",
            None,
        ),
        case(
            "zeit.bücher.example",
            err(6, 2, NonAscii { character: 'ü' }),
            "ü",
            None,
        ),
        case(
            "a\u{b}b",
            err(1, 1, ControlCharacter { character: '\u{b}' }),
            "\u{b}",
            None,
        ),
        case(
            "a\u{85}b",
            err(
                1,
                2,
                ControlCharacter {
                    character: '\u{85}',
                },
            ),
            "\u{85}",
            None,
        ),
        case(
            "_ntp.example",
            err(0, 1, HostCharacter { character: '_' }),
            "_",
            None,
        ),
        case("-a.example", err(0, 1, LabelHyphen), "-", None),
        case("a-.example", err(1, 1, LabelHyphen), "-", None),
        case("a.b-", err(3, 1, LabelHyphen), "-", None),
        // IPv4: dotted decimal only.
        case("010.0.0.1", err(0, 9, Ipv4Address), "010.0.0.1", None),
        case("256.1.1.1", err(0, 9, Ipv4Address), "256.1.1.1", None),
        case("10.0.1", err(0, 6, Ipv4Address), "10.0.1", None),
        case("10.0.0.1.", err(0, 9, Ipv4Address), "10.0.0.1.", None),
        case("10.0.0.0.1", err(0, 10, Ipv4Address), "10.0.0.0.1", None),
        case("1.2.3.0004", err(0, 10, Ipv4Address), "1.2.3.0004", None),
        case("1.2.3.1000", err(0, 10, Ipv4Address), "1.2.3.1000", None),
        case("a.2.3.4", err(0, 7, Ipv4Address), "a.2.3.4", None),
        case("ntp.123", err(0, 7, Ipv4Address), "ntp.123", None),
        // IPv6: RFC 4291 text, no brackets, zone or port.
        case(
            "[2001:db8::1],0x8",
            err(0, 13, Ipv6Brackets),
            "[2001:db8::1]",
            None,
        ),
        case("fe80::1%3", err(0, 9, Ipv6Address), "fe80::1%3", None),
        // Half a bracket is no bracketed address, just a bad one.
        case(
            "[2001:db8::1",
            err(0, 12, Ipv6Address),
            "[2001:db8::1",
            None,
        ),
        case(
            "2001:db8::1]",
            err(0, 12, Ipv6Address),
            "2001:db8::1]",
            None,
        ),
        case(
            "2001:db8::1::2",
            err(0, 14, Ipv6Address),
            "2001:db8::1::2",
            None,
        ),
        case(
            "time.windows.com:123",
            err(0, 20, Ipv6Address),
            "time.windows.com:123",
            None,
        ),
        case(
            "2001:db8::1 2001:DB8:0:0::1,0x8",
            err(12, 15, Duplicate { first: 0 }),
            "2001:DB8:0:0::1",
            None,
        ),
        // A trailing dot names the same host.
        case(
            "time.windows.com. TIME.WINDOWS.COM",
            err(18, 16, Duplicate { first: 0 }),
            "TIME.WINDOWS.COM",
            None,
        ),
        // A whole command line where a list belongs.
        case(
            "w32tm /config /manualpeerlist:\"a.example,0x8\" /update",
            err(6, 7, CommandLineOption),
            "/config",
            None,
        ),
    ];
    for c in cases {
        let got = ManualPeerList::parse(c.text).unwrap_err();
        assert_eq!(got, c.error, "{:?}", c.text);
        assert_eq!(got.offending(c.text), c.offending, "{:?}", c.text);
        assert_eq!(
            got.corrected(c.text).map(|t| t.to_string()).as_deref(),
            c.corrected,
            "{:?}",
            c.text
        );
        if let Some(fixed) = c.corrected {
            // The correction is what was meant: it parses.
            assert!(ManualPeerList::parse(fixed).is_ok(), "{fixed:?}");
        }
    }
}

#[test]
fn addresses_that_are_accepted() {
    for (text, address) in [
        ("192.0.2.1", "192.0.2.1"),
        ("0.0.0.0", "0.0.0.0"),
        ("255.255.255.255", "255.255.255.255"),
        ("2001:db8::1", "2001:db8::1"),
        ("::1", "::1"),
        ("::", "::"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
    ] {
        let list = ManualPeerList::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        let peer = list.iter().next().unwrap();
        assert_eq!(peer.host, text);
        assert_eq!(
            peer.address().map(|a| a.to_string()).as_deref(),
            Some(address)
        );
    }
    // Names are not addresses, and a name may start with a digit.
    for name in [
        "0.pool.ntp.org",
        "1e100.net",
        "time.windows.com.",
        "x",
        "a-b.c-d",
    ] {
        let list = ManualPeerList::parse(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(list.iter().next().unwrap().address(), None, "{name}");
    }
}

/// `n` characters of name: labels of 63 `a` joined by dots, the last one
/// shorter.
fn name_of(n: usize) -> String {
    let mut name = String::new();
    while name.len() < n {
        if !name.is_empty() {
            name.push('.');
        }
        let label = (n - name.len()).min(63);
        name.push_str(&"a".repeat(label));
    }
    assert_eq!(name.len(), n);
    name
}

#[test]
fn lengths_of_names_and_labels() {
    assert_eq!(MAX_HOST_LEN, 253);
    let n253 = name_of(253);
    let n254 = name_of(254);
    assert!(!n253.ends_with('.') && !n254.ends_with('.'));
    // 253 characters, and 254 with the trailing dot: the longest names.
    assert_eq!(ManualPeerList::parse(&n253).unwrap().len(), 1);
    assert_eq!(ManualPeerList::parse(&format!("{n253}.")).unwrap().len(), 1);
    assert_eq!(
        ManualPeerList::parse(&format!("{n253}.,0x8"))
            .unwrap()
            .iter()
            .next()
            .unwrap()
            .host
            .len(),
        254
    );
    // One more, with or without the dot, is too long.
    assert_eq!(
        ManualPeerList::parse(&n254).unwrap_err(),
        err(0, 254, HostTooLong)
    );
    assert_eq!(
        ManualPeerList::parse(&format!("{n254}.,0x8")).unwrap_err(),
        err(0, 255, HostTooLong)
    );
    // Labels: 63 octets are fine, 64 are not, wherever the label is.
    let l63 = "b".repeat(63);
    let l64 = "b".repeat(64);
    assert!(ManualPeerList::parse(&format!("{l63}.example")).is_ok());
    assert!(ManualPeerList::parse(&format!("ntp.{l63}")).is_ok());
    assert_eq!(
        ManualPeerList::parse(&format!("{l64}.example")).unwrap_err(),
        err(0, 64, LabelTooLong)
    );
    assert_eq!(
        ManualPeerList::parse(&format!("x ntp.{l64}.example,0x8")).unwrap_err(),
        err(6, 64, LabelTooLong)
    );
}

/// A long list, checked with a scratch buffer as long as the text: what
/// [`ManualPeerList::parse`] does with `alloc`; without it, `parse`
/// refuses more than 64 entries, and says where.
fn parse_long(text: &str) -> Result<ManualPeerList<'_>, PeerListError> {
    let mut scratch = vec![0usize; text.len()];
    let checked = ManualPeerList::parse_with_scratch(text, &mut scratch);
    let entries = text.split_ascii_whitespace().count();
    if cfg!(feature = "alloc") || entries <= NO_ALLOC_PEER_LIMIT {
        assert_eq!(ManualPeerList::parse(text), checked);
    } else {
        let words: Vec<&str> = text.split_ascii_whitespace().collect();
        let at = words[64].as_ptr() as usize - text.as_ptr() as usize;
        // The 65th entry is past the limit, unless an error comes first.
        let expected = match &checked {
            Err(e) if e.offset < at => *e,
            _ => err(at, words[64].len(), TooManyPeers { limit: 64 }),
        };
        assert_eq!(ManualPeerList::parse(text), Err(expected));
    }
    checked
}

#[test]
fn ten_kilobyte_strings() {
    // One 10 KB token: no DNS name is that long.
    let long = "a".repeat(10 * 1024);
    assert_eq!(
        ManualPeerList::parse(&long).unwrap_err(),
        err(0, 10 * 1024, HostTooLong)
    );

    // 10 KB of distinct peers: "p0000.example,0x8 " is 18 octets.
    let mut text = String::new();
    let mut n = 0;
    while text.len() + 18 <= 10 * 1024 {
        text.push_str(&format!("p{n:04}.example,0x8 "));
        n += 1;
    }
    assert_eq!(n, 568);
    let list = parse_long(&text).unwrap();
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
        parse_long(&text).unwrap_err(),
        err(568 * 18, 13, Duplicate { first: 0 })
    );
    // 10 KB of white space and commas.
    assert_eq!(
        ManualPeerList::parse(&" ".repeat(10 * 1024)).unwrap().len(),
        0
    );
    assert_eq!(
        ManualPeerList::parse(&",".repeat(10 * 1024)).unwrap_err(),
        err(0, 1, EmptyHost)
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
            Err(err(13, 4, Flags)),
            Err(err(18, 1, EmptyHost)),
            Err(err(23, 4, Duplicate { first: 0 })),
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
            Err(err(2, 4, Flags)),
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
            Err(err(22, 1, HostCharacter { character: '"' })),
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
        err(28, 9, Duplicate { first: 3 })
    );
    // Of several repeats, the one earliest in the text, with the first copy.
    assert_eq!(
        ManualPeerList::parse("b a c A B").unwrap_err(),
        err(6, 1, Duplicate { first: 2 })
    );
}

#[test]
fn scratch_buffers_and_the_limit_without_an_allocator() {
    // 200 distinct hosts, then a repeat of host 7.
    let hosts: Vec<String> = (0..200).map(|i| format!("h{i}.example")).collect();
    let mut text = hosts.join(" ");
    let list = parse_long(&text).unwrap();
    assert_eq!(list.len(), 200);
    let mut scratch = vec![0usize; 200];
    assert_eq!(
        ManualPeerList::parse_with_scratch(&text, &mut scratch).unwrap(),
        list
    );
    let mut small = [0usize; 10];
    let tenth = text.find("h10.example").unwrap();
    assert_eq!(
        ManualPeerList::parse_with_scratch(&text, &mut small).unwrap_err(),
        err(tenth, 11, TooManyPeers { limit: 10 })
    );
    // An error before the limit is reported, not the limit.
    assert_eq!(
        ManualPeerList::parse_with_scratch("a b c,0xZ d e f g h i j k l", &mut small).unwrap_err(),
        err(6, 3, Flags)
    );
    text.push_str(" H7.EXAMPLE");
    let repeat = text.len() - 10;
    assert_eq!(
        parse_long(&text).unwrap_err(),
        err(repeat, 10, Duplicate { first: 77 })
    );
    let scanned: Vec<_> = ManualPeerList::scan(&text).collect();
    assert_eq!(scanned.len(), 201);
    #[cfg(feature = "alloc")]
    {
        assert!(scanned[..200].iter().all(Result::is_ok));
        assert_eq!(scanned[200], Err(err(repeat, 10, Duplicate { first: 77 })));
    }
    #[cfg(not(feature = "alloc"))]
    {
        // The first 64 are checked; every one after is past the limit.
        assert!(scanned[..NO_ALLOC_PEER_LIMIT].iter().all(Result::is_ok));
        let at = text.find("h64.example").unwrap();
        assert_eq!(
            scanned[NO_ALLOC_PEER_LIMIT],
            Err(err(at, 11, TooManyPeers { limit: 64 }))
        );
        assert!(scanned[64..]
            .iter()
            .all(|r| matches!(r, Err(e) if e.rule == TooManyPeers { limit: 64 })));
    }
    assert_eq!(NO_ALLOC_PEER_LIMIT, 64);
}

#[test]
fn errors_read_as_instructions() {
    assert_eq!(
        err(5, 4, Flags).to_string(),
        "peer flags are 0x and a hex value of at most 8 significant digits, such as 0x8 or 0x9 ([MS-W32T] section 2.2.11) (at offset 5, 4 octets)"
    );
    assert_eq!(
        err(21, 16, Duplicate { first: 0 }).to_string(),
        "the same host is already listed at offset 0; list each host once (at offset 21, 16 octets)"
    );
    let text = "time.windows.com 0x8";
    assert_eq!(
        ManualPeerList::parse(text).unwrap_err().explain(text).to_string(),
        "at offset 17: \"0x8\": flags written as a separate word after a host: the comma is missing, so Windows Time would read two hosts, both with flags 0; did you mean \"time.windows.com,0x8\"?"
    );
    let text = "a b\u{a0}c";
    assert_eq!(
        ManualPeerList::parse(text).unwrap_err().explain(text).to_string(),
        "at offset 3: \"\\u{a0}\": U+00A0 is white space outside ASCII: it looks like a separator but is part of the host; separate entries with ASCII spaces"
    );
}

#[test]
fn whole_command_lines() {
    let ok = |line: &str| -> (String, Vec<usize>) {
        let list = ManualPeerList::from_command_line(line)
            .unwrap_or_else(|e| panic!("{line}: {}", e.explain(line)));
        (list.to_string(), list.iter().map(|p| p.offset).collect())
    };
    // Quoted, as the W32Time reference writes it.
    assert_eq!(
        ok(
            r#"w32tm /config /manualpeerlist:"ntpserver.contoso.com,0x8 clock.adatum.com,0x2" /syncfromflags:manual /update"#
        ),
        (
            "ntpserver.contoso.com,0x8 clock.adatum.com,0x2".into(),
            vec![31, 57]
        )
    );
    // Unquoted, one peer, as KB 875424 writes it; any case; a prompt first.
    assert_eq!(
        ok(
            r"C:\Windows\system32> w32tm.exe /CONFIG /ManualPeerList:10.0.0.1,0x8 /SyncFromFlags:MANUAL"
        ),
        ("10.0.0.1,0x8".into(), vec![55])
    );
    // The whole argument in quotes; a dash for the slash.
    assert_eq!(
        ok(r#"w32tm /config "-manualpeerlist:a.example b.example,0x9""#),
        ("a.example,0x0 b.example,0x9".into(), vec![31, 41])
    );
    // An empty list.
    assert_eq!(
        ok(r#"w32tm /config /manualpeerlist:"" /update"#),
        ("".into(), vec![])
    );

    let bad = |line: &str| ManualPeerList::from_command_line(line).unwrap_err();
    assert_eq!(
        bad("w32tm /config /syncfromflags:manual /update"),
        err(0, 43, NoPeerListOption)
    );
    // An option one octet shorter than "/manualpeerlist:" is another
    // option (and no out-of-bounds read); the bare option is an empty list.
    assert_eq!(bad("w32tm /manualpeerlist"), err(0, 21, NoPeerListOption));
    assert_eq!(bad("w32tm /xxxxxxxxxxxxxx"), err(0, 21, NoPeerListOption));
    assert_eq!(ok("w32tm /config /manualpeerlist:"), ("".into(), vec![]));
    assert_eq!(
        bad("w32tm /manualpeerlist:a /manualpeerlist:b"),
        err(24, 17, RepeatedPeerListOption { first: 6 })
    );
    assert_eq!(
        bad("w32tm /config /manualpeerlist:\"a.example,0x8 /update"),
        err(30, 1, UnclosedQuote)
    );
    assert_eq!(
        bad("w32tm /config /manualpeerlist:\"a b\"c /update"),
        err(30, 6, Quoting)
    );
    assert_eq!(
        bad("w32tm /config /manualpeerlist:a\" \"b /update"),
        err(30, 5, Quoting)
    );
    // The list errors keep their offsets in the line.
    let line = "w32tm /config /manualpeerlist:\"a.example 0x8\" /update";
    let e = bad(line);
    assert_eq!(e, err(41, 3, MissingComma { gap: 1 }));
    assert_eq!(
        e.corrected(line).unwrap().to_string(),
        "w32tm /config /manualpeerlist:\"a.example,0x8\" /update"
    );
    // Spaces without quotes: cmd.exe would pass only the first peer.
    let line = "w32tm /config /manualpeerlist:a.example,0x8 b.example /syncfromflags:manual";
    let e = bad(line);
    assert_eq!(e, err(30, 23, UnquotedList { span: 23 }));
    let fixed = e.corrected(line).unwrap().to_string();
    assert_eq!(
        fixed,
        "w32tm /config /manualpeerlist:\"a.example,0x8 b.example\" /syncfromflags:manual"
    );
    assert_eq!(ok(&fixed).0, "a.example,0x8 b.example,0x0");
}

/// KB 875424 and [MS-W32T] say which mode each flag sends; this table is
/// written from their sentences, not from the crate's rule:
///
/// - KB 875424, "More information": "If the value of the Enabled entry in
///   this subkey is 1, Windows Time uses symmetric active mode. Otherwise,
///   Windows Time uses client mode." (the subkey being
///   `W32Time\TimeProviders\NtpServer`): the mode when no mode flag is set.
/// - KB 875424: "0x04 - send request as SymmetricActive mode" and
///   "0x08 - send request as Client mode"; the Windows Server 2003
///   registry reference of `NtpServer`: 0x4 "Set the local computer to
///   operate in symmetric active mode in the association with this
///   source", 0x8 "... in client mode ...".
/// - KB 875424: "0x01 - use special poll interval SpecialInterval",
///   "0x02 - UseAsFallbackOnly": poll interval and fallback, not mode.
///
/// The sources are silent on 0x4 and 0x8 together. The crate sends client
/// mode then (KB 875424's fix adds 0x8 to whatever is set); those rows say
/// SILENT, and check that assumption separately.
#[test]
fn list_diagnosis_of_every_flag_combination_from_the_sources() {
    #[derive(Clone, Copy, PartialEq, Debug)]
    enum Expected {
        Mode(Mode),
        /// Both 0x4 and 0x8: the sources do not say.
        Silent,
    }
    use Expected::{Mode as M, Silent};
    // (flags, provider enabled, expected)
    let table: [(u32, bool, Expected); 32] = [
        (0x0, false, M(Client)),         // "Otherwise, ... client mode"
        (0x0, true, M(SymmetricActive)), // "Enabled ... is 1, ... symmetric active mode"
        (0x1, false, M(Client)),         // 0x1 is a poll interval
        (0x1, true, M(SymmetricActive)),
        (0x2, false, M(Client)), // 0x2 is fallback only
        (0x2, true, M(SymmetricActive)),
        (0x3, false, M(Client)),
        (0x3, true, M(SymmetricActive)),
        (0x4, false, M(SymmetricActive)), // "0x04 - send request as SymmetricActive mode"
        (0x4, true, M(SymmetricActive)),
        (0x5, false, M(SymmetricActive)),
        (0x5, true, M(SymmetricActive)),
        (0x6, false, M(SymmetricActive)),
        (0x6, true, M(SymmetricActive)),
        (0x7, false, M(SymmetricActive)),
        (0x7, true, M(SymmetricActive)),
        (0x8, false, M(Client)), // "0x08 - send request as Client mode"
        (0x8, true, M(Client)),
        (0x9, false, M(Client)),
        (0x9, true, M(Client)),
        (0xa, false, M(Client)),
        (0xa, true, M(Client)),
        (0xb, false, M(Client)),
        (0xb, true, M(Client)),
        (0xc, false, Silent),
        (0xc, true, Silent),
        (0xd, false, Silent),
        (0xd, true, Silent),
        (0xe, false, Silent),
        (0xe, true, Silent),
        (0xf, false, Silent),
        (0xf, true, Silent),
    ];
    // One list holding every combination: p0 has 0x0, ..., p15 has 0xf.
    let text: String = (0..16)
        .map(|bits| format!("p{bits}.example,{bits:#x}"))
        .collect::<Vec<_>>()
        .join(" ");
    let list = ManualPeerList::parse(&text).unwrap();
    for enabled in [false, true] {
        let provider = NtpServerProvider::from(enabled);
        let d = list.diagnose(provider);
        let mut fixed = Vec::new();
        for (peer, diagnosis) in d.peers() {
            let bits = peer.flags.bits();
            let (_, _, expected) = table
                .iter()
                .find(|(b, e, _)| *b == bits && *e == enabled)
                .copied()
                .unwrap();
            let mode = diagnosis.mode();
            match expected {
                M(m) => assert_eq!(mode, m, "{bits:#x} enabled={enabled}"),
                // The crate's documented assumption where the sources are
                // silent: Client wins.
                Silent => assert_eq!(mode, Client, "{bits:#x} enabled={enabled}"),
            }
            // A peer sent mode 1 is fixed with 0x8 and without 0x4, other
            // bits kept; every other peer is left alone.
            let want = if mode == SymmetricActive {
                (bits & !0x4) | 0x8
            } else {
                bits
            };
            fixed.push(format!("p{bits}.example,{want:#x}"));
        }
        let unanswered = table
            .iter()
            .filter(|(_, e, x)| *e == enabled && *x == M(SymmetricActive))
            .count();
        assert_eq!(d.unanswered(), unanswered);
        assert_eq!(unanswered, if enabled { 8 } else { 4 });
        assert!(d.needs_fix());
        assert_eq!(d.fixed_list().to_string(), fixed.join(" "));
        assert_eq!(
            d.command().to_string(),
            format!(
                "w32tm /config /manualpeerlist:\"{}\" /syncfromflags:MANUAL /update",
                fixed.join(" ")
            )
        );
    }
}

#[test]
fn list_diagnosis_in_sysadmin_words() {
    let list = ManualPeerList::parse("time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x4").unwrap();
    let d = list.diagnose(NtpServerProvider::Enabled);
    assert_eq!(
        d.to_string(),
        "3 peers; this machine serves time (NtpServer provider enabled).\n\
         \x20 time.example.com,0x8: client (mode 3) since Client (0x8) is set: every server answers\n\
         \x20 10.0.0.1,0x9: client (mode 3) since Client (0x8) is set: every server answers\n\
         \x20 ntp.local,0x4: symmetric active (mode 1) since SymmetricActive (0x4) is set without Client (0x8): a server that answers only client requests stays silent\n\
         1 of 3 peers gets symmetric active requests (NTP mode 1), which a server that answers only client requests drops without a reply or an error (NTPsec up to 1.2.4 does, as do many appliances and public servers; chrony, and NTPsec from 1.2.5, answer with mode 2).\n\
         /manualpeerlist replaces the whole list, so set all of it at once, every other peer and flag kept:\n\
         \x20 w32tm /config /manualpeerlist:\"time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8\" /syncfromflags:MANUAL /update\n\
         then, so that Windows Time uses it now (KB 875424):\n\
         \x20 w32tm /resync /rediscover\n\
         or restart the service: net stop w32time && net start w32time"
    );
    let fine = ManualPeerList::parse("a.example,0x9")
        .unwrap()
        .diagnose(NtpServerProvider::Disabled);
    assert!(!fine.needs_fix());
    assert_eq!(fine.fixed_list().to_string(), "a.example,0x9");
    assert_eq!(
        fine.with_sync_type(SyncType::Nt5ds).to_string(),
        "1 peer; this machine does not serve time (NtpServer provider disabled).\n\
         \x20 a.example,0x9: client (mode 3) since Client (0x8) is set: every server answers\n\
         Note: Parameters\\Type is NT5DS, so this machine does not use this list at all (NT5DS follows the domain hierarchy); /syncfromflags:MANUAL below sets Type to NTP.\n\
         Every peer gets client requests (NTP mode 3), which every server answers. Nothing to fix."
    );
    // A peer without flags on a machine that serves time.
    let d = ManualPeerList::parse("ntp.local")
        .unwrap()
        .diagnose(NtpServerProvider::Enabled);
    assert_eq!(d.unanswered(), 1);
    assert_eq!(d.fixed_list().to_string(), "ntp.local,0x8");
    assert_eq!(d.list().len(), 1);
    assert_eq!(d.provider(), NtpServerProvider::Enabled);
    assert_eq!(d.restart(), "net stop w32time && net start w32time");
    // No peers: nothing to fix, and the command would set an empty list.
    let empty = ManualPeerList::parse("")
        .unwrap()
        .diagnose(NtpServerProvider::Enabled);
    assert!(!empty.needs_fix());
    assert_eq!(
        empty.command().to_string(),
        "w32tm /config /manualpeerlist:\"\" /syncfromflags:MANUAL /update"
    );
}

#[test]
fn registry_query_output() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/w32time-reg-query.txt"),
    )
    .unwrap();
    let settings = RegistrySettings::parse(&text);
    assert_eq!(
        settings,
        RegistrySettings {
            ntp_server: Some("time.example.com,0x8 10.0.0.1,0x9 ntp.local"),
            sync_type: Some(SyncType::Nt5ds),
            provider: Some(NtpServerProvider::Enabled),
        }
    );
    let list = settings.peer_list().unwrap().unwrap();
    let d = list.diagnose(settings.provider.unwrap());
    assert_eq!(
        d.fixed_list().to_string(),
        "time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8"
    );
    // Nothing of W32Time: nothing found.
    assert_eq!(
        RegistrySettings::parse("HKEY_CURRENT_USER\\Console\n    NtpServer    REG_SZ    x\n"),
        RegistrySettings::default()
    );
    // A policy value wins over the service's, whichever comes first.
    let both = "\
HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\W32Time\\Parameters
    NtpServer    REG_SZ    policy.example,0x9
HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters
    NtpServer    REG_SZ    service.example,0x1
    Type    REG_SZ    NTP
HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\TimeProviders\\NtpServer
    Enabled    REG_DWORD    0x0
";
    assert_eq!(
        RegistrySettings::parse(both),
        RegistrySettings {
            ntp_server: Some("policy.example,0x9"),
            sync_type: Some(SyncType::Ntp),
            provider: Some(NtpServerProvider::Disabled),
        }
    );
    for (value, t) in [
        ("NoSync", SyncType::NoSync),
        ("ntp", SyncType::Ntp),
        ("Nt5Ds", SyncType::Nt5ds),
        ("ALLSYNC", SyncType::AllSync),
        ("NTP,NT5DS", SyncType::Other),
    ] {
        assert_eq!(SyncType::from_value(value), t, "{value}");
    }
    assert!(SyncType::Ntp.uses_peer_list() && SyncType::AllSync.uses_peer_list());
    assert!(!SyncType::Nt5ds.uses_peer_list() && !SyncType::NoSync.uses_peer_list());
    assert_eq!(SyncType::Nt5ds.to_string(), "NT5DS");
}

#[cfg(feature = "alloc")]
#[test]
fn registry_export_utf16_with_byte_order_mark() {
    use ntp_wire::w32time::{decode_reg_file, RegFileError};
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/w32time-export.reg"),
    )
    .unwrap();
    assert_eq!(&bytes[..4], &[0xff, 0xfe, b'W', 0]);
    let text = decode_reg_file(&bytes).unwrap();
    assert!(text.starts_with("Windows Registry Editor Version 5.00\r\n"));
    let settings = RegistrySettings::parse(&text);
    assert_eq!(
        settings,
        RegistrySettings {
            ntp_server: Some("time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x4"),
            sync_type: Some(SyncType::Ntp),
            provider: Some(NtpServerProvider::Enabled),
        }
    );
    let d = settings
        .peer_list()
        .unwrap()
        .unwrap()
        .diagnose(NtpServerProvider::Enabled);
    assert_eq!(d.unanswered(), 1);
    assert_eq!(
        d.command().to_string(),
        "w32tm /config /manualpeerlist:\"time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8\" /syncfromflags:MANUAL /update"
    );
    // UTF-8, with or without its mark, reads the same.
    let utf8 = text.as_bytes();
    assert_eq!(decode_reg_file(utf8).unwrap(), text);
    let mut marked = vec![0xef, 0xbb, 0xbf];
    marked.extend_from_slice(utf8);
    assert_eq!(decode_reg_file(&marked).unwrap(), text);
    // Broken files, each with its reason.
    assert_eq!(
        decode_reg_file(&bytes[..bytes.len() - 1]),
        Err(RegFileError::OddLength {
            len: bytes.len() - 1
        })
    );
    assert_eq!(
        decode_reg_file(&[0xff, 0xfe, b'a', 0, 0x00, 0xd8, b'b', 0]),
        Err(RegFileError::UnpairedSurrogate { offset: 4 })
    );
    assert_eq!(
        decode_reg_file(&[0xef, 0xbb, 0xbf, b'a', 0xff]),
        Err(RegFileError::NotUtf8 { offset: 4 })
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
        list.get("NTP.example.org."),
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
        Err(err(3, 1, HostCharacter { character: ' ' }))
    );
    assert_eq!(
        list.insert("a,0x8", PeerFlags::NONE),
        Err(err(1, 1, HostCharacter { character: ',' }))
    );
    assert_eq!(list.insert("", PeerFlags::NONE), Err(err(0, 0, EmptyHost)));
    assert_eq!(
        list.insert("0x8", PeerFlags::NONE),
        Err(err(0, 3, FlagsWithoutHost))
    );
    assert_eq!(
        list.insert("a..b", PeerFlags::NONE),
        Err(err(1, 2, EmptyLabel))
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
        Err(err(6, 1, Duplicate { first: 0 }))
    );
    assert!(ManualPeerListBuf::new().is_empty());
}

/// A host the parser accepts: a DNS name, an IPv4 or an IPv6 address.
fn host() -> impl Strategy<Value = String> {
    let label = "[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?";
    let name = (
        proptest::collection::vec(label, 1..4),
        "[a-z][a-z0-9]{0,5}",
        any::<bool>(),
    )
        .prop_map(|(labels, tld, dot)| {
            let mut name = labels.join(".");
            name.push('.');
            name.push_str(&tld);
            if dot {
                name.push('.');
            }
            name
        });
    prop_oneof![
        4 => name,
        1 => any::<[u8; 4]>().prop_map(|o| std::net::Ipv4Addr::from(o).to_string()),
        1 => any::<[u16; 8]>().prop_map(|s| std::net::Ipv6Addr::from(s).to_string()),
    ]
}

/// Peers with distinct hosts, and any flags.
fn peer_list() -> impl Strategy<Value = Vec<(String, u32)>> {
    proptest::collection::vec((host(), any::<u32>()), 0..40).prop_map(|mut v| {
        let mut seen: Vec<String> = Vec::new();
        v.retain(|(h, _)| {
            let new = !seen.iter().any(|s| same_host(s, h));
            seen.push(h.clone());
            new
        });
        v
    })
}

fn format_list(peers: &[(String, u32)]) -> String {
    peers
        .iter()
        .map(|(h, f)| format!("{h},{}", PeerFlags::from_bits(*f)))
        .collect::<Vec<_>>()
        .join(" ")
}

proptest! {
    /// Any list the crate formats parses back to the same peers, and its
    /// canonical text is that text.
    #[test]
    fn formatted_lists_parse_back(peers in peer_list()) {
        let text = format_list(&peers);
        let list = ManualPeerList::parse(&text).map_err(|e| TestCaseError::fail(format!("{}", e.explain(&text))))?;
        let back: Vec<(String, u32)> = list.iter().map(|p| (p.host.to_string(), p.flags.bits())).collect();
        prop_assert_eq!(&back, &peers);
        prop_assert_eq!(list.to_string(), text.clone());
        #[cfg(feature = "alloc")]
        {
            let mut owned = ManualPeerListBuf::new();
            for (h, f) in &peers {
                prop_assert_eq!(owned.insert(h, PeerFlags::from_bits(*f)), Ok(None));
            }
            prop_assert_eq!(owned.to_string(), list.to_string());
        }
    }

    /// The full-list fix keeps every peer, in order, and every flag of the
    /// peers that need no fix; a peer sent mode 1 gets 0x8, loses 0x4, and
    /// keeps every other bit.
    #[test]
    fn the_fix_keeps_every_other_peer_and_flag(peers in peer_list(), enabled in any::<bool>()) {
        let text = format_list(&peers);
        let list = ManualPeerList::parse(&text).unwrap();
        let provider = NtpServerProvider::from(enabled);
        let d = list.diagnose(provider);
        let fixed_text = d.fixed_list().to_string();
        let fixed = ManualPeerList::parse(&fixed_text).unwrap();
        prop_assert_eq!(fixed.len(), peers.len());
        let mut changed = 0;
        for ((host, bits), after) in peers.iter().zip(fixed.iter()) {
            prop_assert_eq!(after.host, host.as_str());
            let mode1 = bits & 0x8 == 0 && (bits & 0x4 != 0 || enabled);
            if mode1 {
                prop_assert_eq!(after.flags.bits(), (bits & !0x4) | 0x8);
                changed += 1;
            } else {
                prop_assert_eq!(after.flags.bits(), *bits);
            }
            prop_assert_eq!(after.flags.request_mode(provider), Client);
        }
        prop_assert_eq!(d.unanswered(), changed);
        prop_assert_eq!(d.needs_fix(), changed > 0);
        prop_assert_eq!(
            d.command().to_string(),
            format!("w32tm /config /manualpeerlist:\"{fixed_text}\" /syncfromflags:MANUAL /update")
        );
        // The command, read back, gives the fixed list.
        let command = d.command().to_string();
        prop_assert_eq!(ManualPeerList::from_command_line(&command).unwrap().to_string(), fixed_text);
    }

    /// Long lists with repeats and typos: `parse` (sorting) reports the
    /// same first problem as `scan` and as a plain quadratic search.
    #[test]
    fn sorting_finds_the_first_problem_a_search_finds(
        words in proptest::collection::vec(prop_oneof![
            8 => "[a-e]{1,2}",
            1 => "[A-E]{1,2}\\.",
            1 => Just(",0x1".to_string()),
            1 => Just("0x8".to_string()),
        ], 0..150)
    ) {
        let text = words.join(" ");
        let parsed = ManualPeerList::parse(&text).map(|l| l.len());
        let scanned = ManualPeerList::scan(&text).find_map(Result::err);
        if words.len() <= NO_ALLOC_PEER_LIMIT || cfg!(feature = "alloc") {
            prop_assert_eq!(parsed.err(), scanned);
        }
        // The reference: the first entry that is malformed, or whose host
        // an earlier well-formed entry has.
        let mut offset = 0;
        let mut earlier: Vec<(usize, &str)> = Vec::new();
        let mut expected: Result<usize, (usize, PeerListRule)> = Ok(0);
        let mut bare = false;
        for word in &words {
            let at = text[offset..].find(word.as_str()).unwrap() + offset;
            offset = at + word.len();
            let rule = if word.starts_with(',') {
                Some(if bare { SpaceBeforeComma { gap: 1 } } else { EmptyHost })
            } else if word == "0x8" {
                Some(if bare { MissingComma { gap: 1 } } else { FlagsWithoutHost })
            } else if let Some(&(first, _)) = earlier.iter().find(|(_, h)| same_host(h, word)) {
                Some(Duplicate { first })
            } else {
                None
            };
            match rule {
                Some(rule) => {
                    let at = if matches!(rule, SpaceBeforeComma { .. }) { at - 1 } else { at };
                    expected = Err((at, rule));
                    break;
                }
                None => {
                    earlier.push((at, word));
                    bare = true;
                    expected = Ok(earlier.len());
                }
            }
        }
        if words.len() <= NO_ALLOC_PEER_LIMIT || cfg!(feature = "alloc") {
            prop_assert_eq!(parsed.map_err(|e| (e.offset, e.rule)), expected);
        }
    }
}

/// A quoted list's last host is read without the closing quote, so a
/// repeat of it is found by every path: the short check, the long one
/// (over 64 entries, with an allocator) and the scan (fuzz finding:
/// `'o\to'` parsed, though `o o` is a duplicate).
#[test]
fn duplicates_in_a_quoted_list_include_the_last_host() {
    let dup = |offset, first| PeerListError {
        offset,
        len: 1,
        rule: PeerListRule::Duplicate { first },
    };
    for (text, at) in [("'o o'", 3), ("'o\to'", 3), ("\"o o\"", 3), ("' o  o '", 5)] {
        assert_eq!(
            ManualPeerList::parse(text),
            Err(dup(at, text.find('o').unwrap())),
            "{text:?}"
        );
        let mut scratch = [0usize; 4];
        assert_eq!(
            ManualPeerList::parse_with_scratch(text, &mut scratch),
            Err(dup(at, text.find('o').unwrap())),
            "{text:?}"
        );
    }
    // 70 distinct hosts, then the first again, quoted: the long paths,
    // which need an allocator (without one such a list is TooManyPeers).
    #[cfg(feature = "alloc")]
    long_quoted_list_repeats_its_first_host();
}

#[cfg(feature = "alloc")]
fn long_quoted_list_repeats_its_first_host() {
    let mut hosts: Vec<String> = (0..70).map(|i| format!("h{i}.example")).collect();
    hosts.push("z".into());
    hosts.insert(0, "z".into());
    let text = format!("\"{}\"", hosts.join(" "));
    let last = text.len() - 2;
    let want = PeerListError {
        offset: last,
        len: 1,
        rule: PeerListRule::Duplicate { first: 1 },
    };
    assert_eq!(ManualPeerList::parse(&text), Err(want));
    let scanned: Vec<_> = ManualPeerList::scan(&text)
        .filter_map(Result::err)
        .collect();
    assert_eq!(scanned, vec![want]);
}
