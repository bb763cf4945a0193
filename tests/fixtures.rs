//! The real packets of tests/data (chrony 4.3, NTPsec 1.2.2, ntpdig, ntpq)
//! through the header layer: each parses to what tshark 4.0 read from it,
//! and emits back to identical bytes.

mod common;

use common::{fixture, tshark, tshark_field};
use ntp_wire::{
    Error, Header, KissCode, LeapIndicator, Mode, Packet, Poll, Precision, ReferenceId,
    ReferenceKind, ShortTime, Stratum, Timestamp, Version,
};

/// Fixtures whose header layer reads as a time packet (modes 1-5).
const TIME_PACKETS: &[&str] = &[
    "chrony-client-mode3-request",
    "chrony-server-mode4-response",
    "handcrafted-mode1-request",
    "chrony-server-mode2-response",
    "chrony-client-md5-request",
    "chrony-server-md5-response",
    "chrony-server-sha1-response",
    "chrony-nts-request",
    "chrony-nts-response",
    "ntpdig-mode3-request",
    "ntpsec-mode4-response",
    "ntpsec-unsync-init-response",
    "ntpsec-kod-rate-response",
];

/// tshark prints dates as `Nov 25, 2026 05:37:26.473762441 UTC`; ours are
/// `2026-11-25T05:37:26.473762441Z`. Same era window (RFC 4330) here.
fn tshark_date(ts: Timestamp) -> String {
    if ts.is_zero() {
        return "NULL".into();
    }
    let s = ts.to_string();
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month: usize = s[5..7].parse().unwrap();
    let day: u32 = s[8..10].parse().unwrap();
    format!(
        "{} {}, {} {} UTC",
        months[month - 1],
        day,
        &s[..4],
        &s[11..29]
    )
}

/// Nanoseconds of a tshark date string, for a +-1 ns comparison (tshark
/// rounds the fraction, we truncate).
fn nanos_of(s: &str) -> i64 {
    let dot = s.find('.').unwrap();
    s[dot + 1..dot + 10].parse().unwrap()
}

#[test]
fn every_time_packet_matches_tshark_and_reemits_identically() {
    for &name in TIME_PACKETS {
        let bytes = fixture(name);
        let text = tshark(name);
        let packet = Packet::new_checked(&bytes[..]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let header = Header::parse(&packet).unwrap();

        let flags = tshark_field(&text, "Flags");
        assert!(
            flags.starts_with(&format!("{:#04x},", bytes[0])),
            "{name}: {flags}"
        );
        let li_line = text
            .lines()
            .find(|l| l.contains("= Leap Indicator:"))
            .unwrap();
        assert!(
            li_line.ends_with(&format!("({})", header.leap.to_bits())),
            "{name}: {li_line}"
        );
        let vn_line = text
            .lines()
            .find(|l| l.contains("= Version number:"))
            .unwrap();
        assert!(
            vn_line.ends_with(&format!("({})", header.version.to_bits())),
            "{name}"
        );
        let mode_line = text.lines().find(|l| l.contains("= Mode:")).unwrap();
        assert!(
            mode_line.ends_with(&format!("({})", header.mode.to_bits())),
            "{name}"
        );

        let stratum = tshark_field(&text, "Peer Clock Stratum");
        assert!(
            stratum.ends_with(&format!("({})", header.stratum.0)),
            "{name}: {stratum}"
        );
        let poll = tshark_field(&text, "Peer Polling Interval");
        let poll_shown = if poll.starts_with("invalid") {
            format!("invalid ({})", header.poll.to_bits())
        } else {
            let secs = header.poll.as_duration().expect("tshark shows 2^poll s");
            format!("{} ({} seconds)", header.poll.0, secs.as_secs())
        };
        assert_eq!(poll, poll_shown, "{name}");
        // tshark prints 2^precision in seconds with six decimals.
        assert_eq!(
            tshark_field(&text, "Peer Clock Precision"),
            format!("{:.6} seconds", header.precision.as_secs_f64()),
            "{name}"
        );
        for (label, v) in [
            ("Root Delay", header.root_delay),
            ("Root Dispersion", header.root_dispersion),
        ] {
            assert_eq!(
                tshark_field(&text, label),
                format!("{:.6} seconds", v.as_secs_f64()),
                "{name} {label}"
            );
        }
        let refid = tshark_field(&text, "Reference ID");
        let refid_shown = match header.reference_id.interpret(header.stratum) {
            _ if header.reference_id == ReferenceId::ZERO => "NULL".to_string(),
            ReferenceKind::None => "NULL".to_string(),
            ReferenceKind::Kiss(KissCode::INIT) => "(Initialization)".to_string(),
            // tshark shows ntpd's refclock pseudo-address as an address.
            ReferenceKind::LocalClock { clock_type, unit } => {
                format!("127.127.{clock_type}.{unit}")
            }
            ReferenceKind::Kiss(k) => format!("Unidentified reference source '{k}'"),
            ReferenceKind::Upstream(ip) => ip.to_string(),
            other => panic!("{name}: unexpected {other:?}"),
        };
        assert_eq!(refid, refid_shown, "{name}");
        for (label, ts) in [
            ("Reference Timestamp", header.reference_timestamp),
            ("Origin Timestamp", header.origin_timestamp),
            ("Receive Timestamp", header.receive_timestamp),
            ("Transmit Timestamp", header.transmit_timestamp),
        ] {
            let theirs = tshark_field(&text, label);
            let ours = tshark_date(ts);
            if ts.is_zero() {
                assert_eq!(theirs, "NULL", "{name} {label}");
            } else {
                assert_eq!(
                    theirs[..theirs.len() - 14],
                    ours[..ours.len() - 14],
                    "{name} {label}"
                );
                assert!(
                    (nanos_of(theirs) - nanos_of(&ours)).abs() <= 1,
                    "{name} {label}: {theirs} vs {ours}"
                );
            }
        }

        // Emit gives the same 48 octets; the trailer is untouched.
        assert_eq!(header.to_bytes()[..], bytes[..48], "{name}");
        let mut out = bytes.clone();
        out[..48].fill(0xa5);
        assert_eq!(
            header.emit(&mut Packet::new_unchecked(&mut out[..])),
            Ok(48)
        );
        assert_eq!(out, bytes, "{name}");
        assert_eq!(packet.payload(), &bytes[48..], "{name}");
    }
}

#[test]
fn chrony_mode4_response_exact_values() {
    let h = Header::from_bytes(&fixture("chrony-server-mode4-response")).unwrap();
    assert_eq!(
        h,
        Header {
            leap: LeapIndicator::NoWarning,
            version: Version::V4,
            mode: Mode::Server,
            stratum: Stratum(8),
            poll: Poll(-2),
            precision: Precision(-26),
            root_delay: ShortTime::ZERO,
            root_dispersion: ShortTime::ZERO,
            reference_id: ReferenceId::from_u32(0x7f7f_0101),
            reference_timestamp: Timestamp::from_bits(0xeeb0_f290_77b8_37b6),
            origin_timestamp: Timestamp::from_bits(0x2f3c_7862_d571_dddb),
            receive_timestamp: Timestamp::from_bits(0xeeb0_f291_9c9a_8591),
            transmit_timestamp: Timestamp::from_bits(0xeeb0_f291_9c9b_3560),
        }
    );
    // The request it answers: its random transmit timestamp is echoed.
    let req = Header::from_bytes(&fixture("chrony-client-mode3-request")).unwrap();
    assert_eq!(req.mode, Mode::Client);
    assert_eq!(req.poll, Poll(-2));
    assert_eq!(req.precision, Precision(0x20));
    assert_eq!(req.transmit_timestamp, h.origin_timestamp);
}

#[test]
fn ntpsec_kiss_and_unsync_exact_values() {
    let kod = Header::from_bytes(&fixture("ntpsec-kod-rate-response")).unwrap();
    assert_eq!(kod.leap, LeapIndicator::Unsynchronized);
    assert_eq!(kod.stratum, Stratum(0));
    assert_eq!(
        kod.reference_id.kiss_code(kod.stratum),
        Some(KissCode::RATE)
    );
    assert_eq!(kod.poll, Poll(6));
    assert_eq!(kod.precision, Precision(-20));
    let t = Timestamp::from_bits(0xeeb0_f2b8_166e_d800);
    assert_eq!(
        (
            kod.origin_timestamp,
            kod.receive_timestamp,
            kod.transmit_timestamp
        ),
        (t, t, t)
    );

    let init = Header::from_bytes(&fixture("ntpsec-unsync-init-response")).unwrap();
    assert_eq!(
        init.reference_id.interpret(init.stratum),
        ReferenceKind::Kiss(KissCode::INIT)
    );
    assert_eq!(init.reference_timestamp, Timestamp::ZERO);

    let synced = Header::from_bytes(&fixture("ntpsec-mode4-response")).unwrap();
    assert_eq!(synced.stratum, Stratum(9));
    assert_eq!(synced.precision, Precision(-24));
    assert_eq!(synced.root_dispersion, ShortTime::from_bits(0x0001_f295));
    // 127.127.1.0: ntpd's pseudo-address of the local clock driver, unit 0
    // (NTPsec's `refclock local`), not an upstream server.
    assert_eq!(
        synced.reference_id.interpret(synced.stratum),
        ReferenceKind::LocalClock {
            clock_type: 1,
            unit: 0
        }
    );

    let ntpdig = Header::from_bytes(&fixture("ntpdig-mode3-request")).unwrap();
    assert_eq!(ntpdig.leap, LeapIndicator::Unsynchronized);
    assert_eq!(ntpdig.transmit_timestamp, synced.origin_timestamp);
}

#[test]
fn mode1_request_and_mode2_reply() {
    let req = Header::from_bytes(&fixture("handcrafted-mode1-request")).unwrap();
    let rep = Header::from_bytes(&fixture("chrony-server-mode2-response")).unwrap();
    assert_eq!(req.mode, Mode::SymmetricActive);
    assert_eq!(rep.mode, Mode::SymmetricPassive);
    assert_eq!(rep.version, Version::V4);
    assert_eq!(rep.origin_timestamp, req.transmit_timestamp);
    assert_eq!(rep.poll, Poll(6));
}

#[test]
fn mode6_fixtures_give_the_typed_mode_error() {
    for name in [
        "ntpq-mode6-readvar-request",
        "ntpsec-mode6-readvar-response",
    ] {
        let bytes = fixture(name);
        assert_eq!(
            Packet::new_checked(&bytes[..]).unwrap_err(),
            Error::UnsupportedMode {
                mode: Mode::Control
            },
            "{name}"
        );
        assert_eq!(
            Header::from_bytes(&bytes),
            Err(Error::UnsupportedMode {
                mode: Mode::Control
            })
        );
    }
}
