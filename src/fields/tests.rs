extern crate std;
use std::format;
use std::string::ToString;
use std::vec::Vec;

use core::net::Ipv4Addr;
use core::time::Duration;

use super::*;

#[test]
fn every_mode_bit_pattern() {
    let names = [
        "reserved",
        "symmetric active",
        "symmetric passive",
        "client",
        "server",
        "broadcast",
        "control",
        "private",
    ];
    for bits in 0u8..8 {
        let m = Mode::from_bits(bits);
        assert_eq!(m.to_bits(), bits);
        assert_eq!(m.name(), names[usize::from(bits)]);
        assert_eq!(Mode::from_bits(bits | 0xf8), m, "high bits are ignored");
    }
    assert_eq!(Mode::Client.to_string(), "client (3)");
}

#[test]
fn every_leap_bit_pattern() {
    let expected = [
        LeapIndicator::NoWarning,
        LeapIndicator::InsertSecond,
        LeapIndicator::DeleteSecond,
        LeapIndicator::Unsynchronized,
    ];
    for bits in 0u8..4 {
        assert_eq!(LeapIndicator::from_bits(bits), expected[usize::from(bits)]);
        assert_eq!(expected[usize::from(bits)].to_bits(), bits);
        assert_eq!(
            LeapIndicator::from_bits(bits | 0xfc),
            expected[usize::from(bits)]
        );
    }
    assert_eq!(LeapIndicator::Unsynchronized.to_string(), "unsynchronized");
}

#[test]
fn every_version_bit_pattern() {
    for bits in 0u8..8 {
        let v = Version::from_bits(bits);
        assert_eq!(v.to_bits(), bits);
        assert_eq!(Version::new(bits), Some(v));
    }
    assert_eq!(Version::new(8), None);
    assert_eq!(Version::new(255), None);
    assert_eq!(Version::default(), Version::V4);
    assert_eq!(Version::V3.to_string(), "NTPv3");
    assert_eq!(format!("{:?}", Version::V2), "V2");
}

#[test]
fn stratum_kinds() {
    assert_eq!(Stratum(0).kind(), StratumKind::Unspecified);
    assert_eq!(Stratum(1).kind(), StratumKind::Primary);
    assert_eq!(Stratum(2).kind(), StratumKind::Secondary);
    assert_eq!(Stratum(15).kind(), StratumKind::Secondary);
    assert_eq!(Stratum(16).kind(), StratumKind::Unsynchronized);
    assert_eq!(Stratum(17).kind(), StratumKind::Reserved);
    assert_eq!(Stratum(255).kind(), StratumKind::Reserved);
    assert!(Stratum(0).is_unspecified());
    assert!(!Stratum(16).is_synchronized());
    assert!(Stratum(9).is_synchronized());
    assert_eq!(Stratum(9).to_string(), "9 (secondary)");
}

#[test]
fn log2_values() {
    assert_eq!(Poll(6).as_duration(), Some(Duration::from_secs(64)));
    assert_eq!(Poll(-2).as_duration(), Some(Duration::from_millis(250)));
    assert_eq!(Poll(63).as_duration(), Some(Duration::from_secs(1 << 63)));
    assert_eq!(Poll(64).as_duration(), None);
    assert_eq!(Poll(127).as_duration(), None);
    assert_eq!(Poll::from_bits(0xfe), Poll(-2));
    assert_eq!(Poll(-2).to_bits(), 0xfe);
    // -26: 14.901161 ns rounds to 15 ns; -20: 953.674 ns rounds to 954.
    assert_eq!(Precision(-26).as_duration(), Some(Duration::from_nanos(15)));
    assert_eq!(
        Precision(-20).as_duration(),
        Some(Duration::from_nanos(954))
    );
    assert_eq!(Precision(-30).as_duration(), Some(Duration::from_nanos(1)));
    assert_eq!(Precision(-31).as_duration(), Some(Duration::ZERO));
    assert_eq!(Precision(-128).as_duration(), Some(Duration::ZERO));
    assert_eq!(Precision(-26).as_secs_f64(), 1.0 / 67_108_864.0);
    assert_eq!(Precision(-128).as_secs_f64(), 2f64.powi(-128));
    assert_eq!(Poll(127).as_secs_f64(), 2f64.powi(127));
    // One unit: seconds, nine decimals, rounded to the nanosecond.
    assert_eq!(Precision(-26).to_string(), "2^-26 s (0.000000015 s)");
    assert_eq!(Poll(6).to_string(), "2^6 s (64 s)");
    assert_eq!(Poll(-2).to_string(), "2^-2 s (0.250000000 s)");
    assert_eq!(Precision(-10).to_string(), "2^-10 s (0.000976563 s)");
    assert_eq!(Precision(-20).to_string(), "2^-20 s (0.000000954 s)");
    assert_eq!(Precision(-1).to_string(), "2^-1 s (0.500000000 s)");
    assert_eq!(Precision(-30).to_string(), "2^-30 s (0.000000001 s)");
    assert_eq!(Precision(-31).to_string(), "2^-31 s (under 0.000000001 s)");
    // Extremes a hostile packet can carry: exact whole seconds up to 2^63,
    // the exponent alone beyond.
    assert_eq!(Poll(63).to_string(), "2^63 s (9223372036854775808 s)");
    assert_eq!(Poll(64).to_string(), "2^64 s");
    assert_eq!(Poll(127).to_string(), "2^127 s");
    assert_eq!(
        format!("{:?}", Precision(-128)),
        "Precision(-128 = 2^-128 s (under 0.000000001 s))"
    );
}

#[test]
fn reference_id_readings() {
    let kiss = ReferenceId(*b"RATE");
    assert_eq!(
        kiss.interpret(Stratum(0)),
        ReferenceKind::Kiss(KissCode::RATE)
    );
    assert_eq!(kiss.kiss_code(Stratum(0)), Some(KissCode::RATE));
    assert_eq!(kiss.kiss_code(Stratum(1)), None);
    let gps = ReferenceId::from_source_name("GPS").unwrap();
    assert_eq!(gps.octets(), *b"GPS\0");
    assert_eq!(
        gps.interpret(Stratum(1)),
        ReferenceKind::Source(SourceName::GPS)
    );
    assert_eq!(SourceName::GPS.as_str(), Some("GPS"));
    assert_eq!(SourceName::LOCL.as_str(), Some("LOCL"));
    assert_eq!(SourceName(*b"G\0S\0").as_str(), None, "NUL inside the name");
    assert_eq!(SourceName([0; 4]).as_str(), None);
    let ip = ReferenceId::from_ipv4(Ipv4Addr::new(127, 127, 1, 1));
    assert_eq!(ip.to_u32(), 0x7f7f_0101);
    // 127.127.t.u is ntpd's pseudo-address of a reference clock, here
    // the local clock chrony's `local stratum 8` names: not an upstream.
    assert_eq!(
        ip.interpret(Stratum(8)),
        ReferenceKind::LocalClock {
            clock_type: 1,
            unit: 1
        }
    );
    assert_eq!(
        ip.interpret(Stratum(8)).to_string(),
        "local clock 127.127.1.1"
    );
    let upstream = ReferenceId::from_ipv4(Ipv4Addr::new(127, 126, 1, 1));
    assert_eq!(
        upstream.interpret(Stratum(15)),
        ReferenceKind::Upstream(Ipv4Addr::new(127, 126, 1, 1))
    );
    assert_eq!(ip.interpret(Stratum(16)).to_string(), "other 0x7f7f0101");
    assert_eq!(
        ReferenceId(*b"ABCD").interpret(Stratum(200)).to_string(),
        "other ABCD"
    );
    // Stratum 0: zero is none, then a known kiss code, else an unknown one.
    assert_eq!(ReferenceId::ZERO.interpret(Stratum(0)), ReferenceKind::None);
    assert_eq!(ReferenceId::ZERO.interpret(Stratum(0)).to_string(), "none");
    assert_eq!(ReferenceId::ZERO.kiss_code(Stratum(0)), None);
    // A code RFC 5905 does not define has no protocol significance
    // (section 7.4): an unspecified stratum, not a kiss.
    assert_eq!(
        ReferenceId(*b"WXYZ").interpret(Stratum(0)),
        ReferenceKind::UnknownCode(*b"WXYZ")
    );
    assert_eq!(
        ReferenceId(*b"WXYZ").interpret(Stratum(0)).to_string(),
        "unspecified stratum, unknown code WXYZ"
    );
    assert_eq!(ReferenceId(*b"WXYZ").kiss_code(Stratum(0)), None);
    assert_eq!(
        ReferenceId([1, 2, 3, 4]).interpret(Stratum(0)).to_string(),
        "unspecified stratum, unknown code 0x01020304"
    );
    assert_eq!(ReferenceId([0, 0, 0, 1]).kiss_code(Stratum(0)), None);
    // Every defined code is a kiss, and reads as one.
    for code in KissCode::KNOWN {
        assert_eq!(
            ReferenceId(code.0).interpret(Stratum(0)),
            ReferenceKind::Kiss(code)
        );
        assert_eq!(ReferenceId(code.0).kiss_code(Stratum(0)), Some(code));
    }
    assert_eq!(
        ReferenceId(*b"NTSN").interpret(Stratum(0)).to_string(),
        "kiss NTSN"
    );
    // Zero at other strata keeps the stratum's reading.
    assert_eq!(
        ReferenceId::ZERO.interpret(Stratum(2)),
        ReferenceKind::Upstream(Ipv4Addr::UNSPECIFIED)
    );
    assert_eq!(
        ip.interpret(Stratum(16)),
        ReferenceKind::Other([127, 127, 1, 1])
    );
    assert_eq!(ReferenceId::from_u32(0x7f7f_0101), ip);
    assert_eq!(
        format!("{ip:?}"),
        "ReferenceId(0x7f7f0101 \"\\x7f\\x7f\\x01\\x01\" 127.127.1.1)"
    );
    // Unprintable octets used to be dropped: the 2nd and 3rd read "GPS".
    assert_eq!(
        format!("{:?}", ReferenceId(*b"GPS\0")),
        "ReferenceId(0x47505300 \"GPS\" 71.80.83.0)"
    );
    assert_eq!(
        format!("{:?}", ReferenceId(*b"G\x01PS")),
        "ReferenceId(0x47015053 \"G\\x01PS\" 71.1.80.83)"
    );
    assert_eq!(
        format!("{:?}", ReferenceId(*b"G PS")),
        "ReferenceId(0x47205053 \"G PS\" 71.32.80.83)"
    );
    assert_eq!(
        format!("{:?}", ReferenceId::ZERO),
        "ReferenceId(0x00000000 \"\" 0.0.0.0)"
    );
    assert_eq!(
        ReferenceId::from_kiss(KissCode::DENY)
            .interpret(Stratum(0))
            .to_string(),
        "kiss DENY"
    );
    assert_eq!(gps.interpret(Stratum(1)).to_string(), "source GPS");
    for bad in ["", "TOOLONG", "G S", "Ü"] {
        assert_eq!(ReferenceId::from_source_name(bad), None, "{bad:?}");
    }
}

#[test]
fn kiss_codes() {
    let names: Vec<&str> = KissCode::KNOWN
        .iter()
        .map(|k| core::str::from_utf8(&k.0).unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "ACST", "AUTH", "AUTO", "BCST", "CRYP", "DENY", "DROP", "RSTR", "INIT", "MCST", "NKEY",
            "NTSN", "RATE", "RMOT", "STEP"
        ]
    );
    for k in KissCode::KNOWN {
        assert!(k.description().is_some(), "{k}");
    }
    // RFC 5905 figure 13's meanings, where the descriptions once strayed.
    assert_eq!(
        KissCode::NKEY.description(),
        Some("no key found: the key was never installed or is not trusted")
    );
    assert_eq!(
        KissCode::STEP.description(),
        Some(
            "a step change in system time has occurred, the association has not yet resynchronized"
        )
    );
    assert_eq!(
        KissCode::RATE.description(),
        Some("rate exceeded: the server has temporarily denied access")
    );
    assert_eq!(KissCode(*b"XXXX").description(), None);
    assert!(KissCode::DENY.is_access_denied());
    assert!(KissCode::RSTR.is_access_denied());
    assert!(!KissCode::RATE.is_access_denied());
    assert!(KissCode::RATE.is_rate());
    assert!(!KissCode::DENY.is_rate());
    assert!(!KissCode(*b"rate").is_rate());
    assert_eq!(
        format!("{:?}", KissCode([0xff, 0, 1, 2])),
        "KissCode(0xff000102)"
    );
}

#[cfg(feature = "md5")]
#[test]
fn ipv6_reference_id_is_md5_prefix() {
    // The MD5 of the 16 octets of ::1 begins cf404dc8, computed with
    // Python: hashlib.md5(bytes(15) + b"\x01").hexdigest()[:8].
    let id = ReferenceId::from_ipv6(core::net::Ipv6Addr::LOCALHOST);
    assert_eq!(id.to_u32(), IPV6_LOCALHOST_MD5_PREFIX);
}

#[cfg(feature = "md5")]
const IPV6_LOCALHOST_MD5_PREFIX: u32 = 0xcf40_4dc8;

#[test]
fn reference_ids_from_an_address_and_a_kiss_code() {
    let id: ReferenceId = Ipv4Addr::new(192, 0, 2, 7).into();
    assert_eq!(id, ReferenceId([192, 0, 2, 7]));
    let kiss: ReferenceId = KissCode::RATE.into();
    assert_eq!(kiss, ReferenceId(*b"RATE"));
}

#[test]
fn four_octet_names_as_text_or_hex() {
    assert_eq!(
        format!("{:?}", SourceName::new("GPS").unwrap()),
        "SourceName(GPS)"
    );
    assert_eq!(SourceName::new("PPS").unwrap().to_string(), "PPS");
    // Nothing printable (all NUL) is hex, not an empty name.
    assert_eq!(KissCode([0; 4]).to_string(), "0x00000000");
    assert_eq!(KissCode([b'R', 0, b'T', 0]).to_string(), "0x52005400");
}
