//! The exchange layer against the real packets of tests/data (chrony 4.3,
//! NTPsec 1.2.2, ntpdig) and against hand-computed offsets and delays,
//! including across the era boundary of 2036-02-07 06:28:16 UTC.

mod common;

use core::time::Duration;

use common::{data_dir, fixture};
use ntp_wire::exchange::{
    client_request, kiss_of_death, reply, reply_in_place, symmetric_active_request, ExpectedReply,
    PreparedReply, Rejection, ResponseCheck, ServerState, TimestampField, VersionPolicy,
    MAX_DISTANCE,
};
use ntp_wire::w32time::{ModeCause, NtpServerProvider, PeerFlags};
use ntp_wire::{
    Error, Header, KissCode, LeapIndicator, Mode, Packet, Poll, Precision, ReferenceId, ShortTime,
    Stratum, TimeDelta, Timestamp, UnixTime, Version,
};

/// The capture time of fixture `name` (tshark's "Epoch Time"): T1 for a
/// request, T4 for a reply.
fn captured_at(name: &str) -> Timestamp {
    let text = std::fs::read_to_string(data_dir().join(format!("{name}.txt"))).unwrap();
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Epoch Time: "))
        .unwrap();
    let (secs, rest) = line.split_once('.').unwrap();
    let nanos = &rest[..9];
    Timestamp::from_unix(UnixTime::new(secs.parse().unwrap(), nanos.parse().unwrap()))
}

fn header(name: &str) -> Header {
    Header::from_bytes(&fixture(name)).unwrap()
}

/// θ and δ by RFC 5905 section 8, in 128-bit integers on the raw 32.32
/// values, independent of the library's arithmetic.
fn by_hand(t1: Timestamp, t2: Timestamp, t3: Timestamp, t4: Timestamp) -> (i64, i64) {
    let d = |a: Timestamp, b: Timestamp| i128::from(a.to_bits().wrapping_sub(b.to_bits()) as i64);
    let offset = (d(t2, t1) + d(t3, t4)).div_euclid(2);
    let delay = d(t4, t1) - d(t3, t2);
    (offset as i64, delay as i64)
}

/// The state each real server reported, read from its reply.
fn state_of(reply: &Header) -> ServerState {
    ServerState {
        leap: reply.leap,
        stratum: reply.stratum,
        precision: reply.precision,
        root_delay: reply.root_delay,
        root_dispersion: reply.root_dispersion,
        reference_id: reply.reference_id,
        reference_timestamp: reply.reference_timestamp,
    }
}

const PAIRS: [(&str, &str); 3] = [
    (
        "chrony-client-mode3-request",
        "chrony-server-mode4-response",
    ),
    ("handcrafted-mode1-request", "chrony-server-mode2-response"),
    ("ntpdig-mode3-request", "ntpsec-mode4-response"),
];

#[test]
fn real_pairs_give_samples_with_hand_computed_offset_and_delay() {
    let lenient = ResponseCheck::new().max_root_distance(Duration::from_secs(3));
    for (req, rsp) in PAIRS {
        let request = header(req);
        let (t1, t4) = (captured_at(req), captured_at(rsp));
        let reply = header(rsp);
        let sample = lenient
            .check(&request, t1, &fixture(rsp), t4)
            .unwrap_or_else(|r| panic!("{rsp}: {r}"));
        let (offset, delay) = by_hand(t1, reply.receive_timestamp, reply.transmit_timestamp, t4);
        assert_eq!(sample.offset.to_bits(), offset, "{rsp}");
        assert_eq!(sample.delay.to_bits(), delay, "{rsp}");
        assert_eq!(
            (sample.t1, sample.t2, sample.t3, sample.t4),
            (t1, reply.receive_timestamp, reply.transmit_timestamp, t4)
        );
        assert_eq!(sample.reply, reply);
        // One host, one clock: under 100 us either way, and the loopback
        // round trip took between 0 and 100 us.
        assert!(sample.offset.as_nanos().abs() < 100_000, "{rsp}: {sample}");
        assert!(
            (0..100_000).contains(&sample.delay.as_nanos()),
            "{rsp}: {sample}"
        );
    }
}

#[test]
fn chrony_sample_exact_values() {
    let req = "chrony-client-mode3-request";
    let rsp = "chrony-server-mode4-response";
    let (t1, t4) = (captured_at(req), captured_at(rsp));
    // tshark's capture times, as 32.32 timestamps.
    assert_eq!(
        t1,
        Timestamp::from_unix(UnixTime::new(1_795_585_041, 611_732_818))
    );
    assert_eq!(
        t4,
        Timestamp::from_unix(UnixTime::new(1_795_585_041, 611_746_148))
    );
    let sample = ResponseCheck::new()
        .check(&header(req), t1, &fixture(rsp), t4)
        .unwrap();
    // T2 = eeb0f291.9c9a8591, T3 = eeb0f291.9c9b3560: chrony held the
    // request 0xafcf fraction units (10.479 us); T4 - T1 = 13.330 us.
    assert_eq!((sample.t3 - sample.t2).to_bits(), 0xafcf);
    assert_eq!((sample.t4 - sample.t1).as_nanos(), 13_330);
    // δ = 13.330 - 10.479 us; θ = ((T2 - T1) + (T3 - T4)) / 2 in 2^-32 s.
    assert_eq!(sample.delay.to_bits(), 12_245);
    assert_eq!(sample.delay.as_nanos(), 2_851);
    assert_eq!(sample.offset.to_bits(), -6_138);
    assert_eq!(sample.offset.as_nanos(), -1_429);
    // λ = max(0.01, 0 + δ)/2 + 0 + 2^-26 + 2^-20 + 15e-6 × 13.33 us
    //   = 5 ms + 14.901 ns + 953.674 ns + 0.200 ns = 5 000 968.78 ns,
    // which Duration rounds to the nearest nanosecond.
    assert_eq!(sample.root_distance.as_nanos(), 5_000_969);
    assert_eq!(
        sample.to_string(),
        "offset -0.000001429 s, delay 0.000002851 s, root distance 0.005000969 s, stratum 8, local clock 127.127.1.1"
    );
}

#[test]
fn ntpsec_local_clock_exceeds_the_default_maxdist() {
    let (req, rsp) = ("ntpdig-mode3-request", "ntpsec-mode4-response");
    let (t1, t4) = (captured_at(req), captured_at(rsp));
    let err = ResponseCheck::new()
        .check(&header(req), t1, &fixture(rsp), t4)
        .unwrap_err();
    // Root dispersion 0x0001f295 = 1.947586060 s, plus the MINDISP floor
    // of the delay term, 5 ms, plus ε = 2^precision(NTPsec) + 2^-20 +
    // 15 ppm of the round trip, 1.014 us.
    assert_eq!(
        err,
        Rejection::RootDistance {
            distance: Duration::from_nanos(1_952_587_074),
            limit: Duration::from_millis(1500)
        }
    );
}

#[test]
fn ntpsec_rate_kiss_and_init_unsync() {
    // The RATE kiss echoes the request's transmit timestamp everywhere.
    let kod = header("ntpsec-kod-rate-response");
    let request = client_request(Version::V4, kod.origin_timestamp).unwrap();
    let t4 = captured_at("ntpsec-kod-rate-response");
    let check = ResponseCheck::new();
    let got = check.check(&request, t4, &fixture("ntpsec-kod-rate-response"), t4);
    assert_eq!(got, Err(Rejection::KissOfDeath(KissCode::RATE)));
    assert_eq!(
        got.unwrap_err().to_string(),
        "kiss-o'-death RATE: rate exceeded: the server has temporarily denied access"
    );
    // The same kiss answering another request is forged: bogus, not obeyed.
    let other = client_request(Version::V4, Timestamp::new(1, 1)).unwrap();
    assert_eq!(
        check.check(&other, t4, &fixture("ntpsec-kod-rate-response"), t4),
        Err(Rejection::Bogus {
            expected: Timestamp::new(1, 1),
            origin: kod.origin_timestamp
        })
    );

    // NTPsec before its first synchronization: LI 3, stratum 0, INIT.
    let init = header("ntpsec-unsync-init-response");
    let request = client_request(Version::V4, init.origin_timestamp).unwrap();
    assert_eq!(
        check.check(
            &request,
            init.origin_timestamp,
            &fixture("ntpsec-unsync-init-response"),
            t4
        ),
        Err(Rejection::Unsynchronized {
            leap: LeapIndicator::Unsynchronized,
            stratum: Stratum(0),
            reference_id: ReferenceId(*b"INIT"),
        })
    );
}

#[test]
fn reply_mode_and_version_must_fit_the_request() {
    let check = ResponseCheck::new();
    let mode4 = fixture("chrony-server-mode4-response");
    let reply = header("chrony-server-mode4-response");
    let t = captured_at("chrony-server-mode4-response");
    // A mode 4 reply to a mode 1 request.
    let sym = symmetric_active_request(Version::V4, reply.origin_timestamp).unwrap();
    assert_eq!(
        check.check(&sym, t, &mode4, t),
        Err(Rejection::WrongMode {
            request: Mode::SymmetricActive,
            reply: Mode::Server
        })
    );
    // A mode 2 reply to a mode 3 request.
    let mode2 = fixture("chrony-server-mode2-response");
    let client = client_request(
        Version::V4,
        header("chrony-server-mode2-response").origin_timestamp,
    )
    .unwrap();
    assert_eq!(
        check.check(&client, t, &mode2, t),
        Err(Rejection::WrongMode {
            request: Mode::Client,
            reply: Mode::SymmetricPassive
        })
    );
    // A v4 reply to a v3 request.
    let v3 = client_request(Version::V3, reply.origin_timestamp).unwrap();
    assert_eq!(
        check.check(&v3, t, &mode4, t),
        Err(Rejection::VersionMismatch {
            request: Version::V3,
            reply: Version::V4
        })
    );
    // Too short, and mode 6, are malformed.
    assert_eq!(
        check.check(&v3, t, &mode4[..47], t),
        Err(Rejection::Malformed(Error::Truncated {
            needed: 48,
            available: 47
        }))
    );
    assert_eq!(
        check.check(&v3, t, &fixture("ntpsec-mode6-readvar-response"), t),
        Err(Rejection::Malformed(Error::UnsupportedMode {
            mode: Mode::Control
        }))
    );
    // A symmetric active peer may answer mode 1 with mode 1.
    let mut peer = header("chrony-server-mode2-response");
    peer.mode = Mode::SymmetricActive;
    let request = symmetric_active_request(Version::V4, peer.origin_timestamp).unwrap();
    let s = check
        .check(
            &request,
            peer.origin_timestamp,
            &peer.to_bytes(),
            peer.transmit_timestamp,
        )
        .unwrap();
    // T1 = origin ...b298b400, T2 = ...b29aec6d, T3 = T4 = ...b29e93a8:
    // θ = (0x2386d + 0) / 2 rounded down, δ = 0x5dfa8 - 0x3a73b.
    assert_eq!(s.offset, TimeDelta::from_bits(72_758));
    assert_eq!(s.delay, TimeDelta::from_bits(145_517));
    assert_eq!(s.reply, peer);
}

/// A synchronized reply to `request` with the given T2 and T3.
fn answer(request: &Header, t2: Timestamp, t3: Timestamp) -> Header {
    let state = ServerState {
        leap: LeapIndicator::NoWarning,
        stratum: Stratum(2),
        precision: Precision(-20),
        root_delay: ShortTime::ZERO,
        root_dispersion: ShortTime::ZERO,
        reference_id: ReferenceId([192, 0, 2, 1]),
        reference_timestamp: t2,
    };
    reply(request, &state, t2, t3).unwrap()
}

#[test]
fn zero_timestamps_interleaved_and_unsynchronized() {
    let check = ResponseCheck::new();
    let t1 = Timestamp::new(100, 0);
    let request = client_request(Version::V4, t1).unwrap();
    let good = answer(&request, Timestamp::new(100, 1), Timestamp::new(100, 2));

    let mut r = good;
    r.origin_timestamp = Timestamp::ZERO;
    assert_eq!(
        check.check_header(&request, t1, &r, t1),
        Err(Rejection::ZeroTimestamp(TimestampField::Origin))
    );
    let mut r = good;
    r.receive_timestamp = Timestamp::ZERO;
    assert_eq!(
        check.check_header(&request, t1, &r, t1),
        Err(Rejection::ZeroTimestamp(TimestampField::Receive))
    );
    let mut r = good;
    r.transmit_timestamp = Timestamp::ZERO;
    assert_eq!(
        check.check_header(&request, t1, &r, t1),
        Err(Rejection::ZeroTimestamp(TimestampField::Transmit))
    );
    // The field is named as RFC 5905 section 7.3 names it.
    assert_eq!(
        [
            TimestampField::Origin,
            TimestampField::Receive,
            TimestampField::Transmit
        ]
        .map(|f| f.to_string()),
        ["origin", "receive", "transmit"]
    );

    // chrony's interleaved request carries the previous reply's receive
    // timestamp as origin and its own previous T4 as receive; the
    // interleaved reply's origin is that receive timestamp.
    let mut xleave = request;
    xleave.origin_timestamp = Timestamp::new(90, 5);
    xleave.receive_timestamp = Timestamp::new(90, 9);
    let mut r = good;
    r.origin_timestamp = Timestamp::new(90, 9);
    assert_eq!(
        check.check_header(&xleave, t1, &r, t1),
        Err(Rejection::Interleaved {
            origin: Timestamp::new(90, 9)
        })
    );
    // An origin that is neither the request's transmit nor its (non-zero)
    // receive timestamp is bogus, not interleaved.
    let mut r = good;
    r.origin_timestamp = Timestamp::new(90, 8);
    assert_eq!(
        check.check_header(&xleave, t1, &r, t1),
        Err(Rejection::Bogus {
            expected: Timestamp::new(100, 0),
            origin: Timestamp::new(90, 8)
        })
    );
    // Answering the request's transmit timestamp, it is a basic reply.
    assert_eq!(
        check.check_header(&xleave, t1, &good, t1).map(|s| s.reply),
        Ok(good)
    );

    for (leap, stratum) in [
        (LeapIndicator::Unsynchronized, Stratum(2)),
        (LeapIndicator::NoWarning, Stratum(16)),
        (LeapIndicator::NoWarning, Stratum(255)),
    ] {
        let mut r = good;
        r.leap = leap;
        r.stratum = stratum;
        assert_eq!(
            check.check_header(&request, t1, &r, t1),
            Err(Rejection::Unsynchronized {
                leap,
                stratum,
                reference_id: r.reference_id
            })
        );
    }
    let mut r = good;
    r.stratum = Stratum(0);
    r.reference_id = ReferenceId(*b"DENY");
    assert_eq!(
        check.check_header(&request, t1, &r, t1),
        Err(Rejection::KissOfDeath(KissCode::DENY))
    );
}

#[test]
fn offset_and_delay_by_hand() {
    let check = ResponseCheck::new();
    // Server 1 s ahead, 0.25 s each way, 0.5 s in the server.
    // T1 = 100, T2 = 101.25, T3 = 101.75, T4 = 101.
    let t1 = Timestamp::new(100, 0);
    let request = client_request(Version::V4, t1).unwrap();
    let r = answer(
        &request,
        Timestamp::new(101, 1 << 30),
        Timestamp::new(101, 3 << 30),
    );
    let s = check
        .check_header(&request, t1, &r, Timestamp::new(101, 0))
        .unwrap();
    assert_eq!(s.offset, TimeDelta::from_secs(1));
    assert_eq!(s.delay, TimeDelta::from_bits(1 << 31));
    // λ = 0.5/2 + 2^-20 + 2^-20 + 15e-6 × 1 s = 250 016 907.35 ns
    assert_eq!(s.root_distance.as_nanos(), 250_016_907);
    assert_eq!(s.dispersion.as_nanos(), 16_907);

    // Server 2.5 s behind, no delay at all.
    let r = answer(
        &request,
        Timestamp::new(97, 1 << 31),
        Timestamp::new(97, 1 << 31),
    );
    let s = check.check_header(&request, t1, &r, t1).unwrap();
    assert_eq!(s.offset, TimeDelta::from_bits(-(5 << 31)));
    assert_eq!(s.offset.to_string(), "-2.500000000 s");
    assert_eq!(s.delay, TimeDelta::ZERO);
    // The delay term is at least MINDISP / 2 = 5 ms: 5 001 907.35 ns.
    assert_eq!(s.root_distance.as_nanos(), 5_001_907);
}

/// 2036-02-07 06:28:16 UTC + `secs` + `frac`/2^32 s, as a wire timestamp.
fn era1(secs: i64, nanos: u32) -> Timestamp {
    Timestamp::from_unix(UnixTime::new(
        Timestamp::ERA_1_START_UNIX_SECS + secs,
        nanos,
    ))
}

#[test]
fn offset_and_delay_across_the_2036_era_boundary() {
    let check = ResponseCheck::new();
    // The client sends half a second before the rollover; the server is
    // 0.5 s ahead; each leg takes 0.25 s; the server holds it 0.125 s.
    let t1 = era1(-1, 500_000_000);
    assert_eq!(t1, Timestamp::new(0xffff_ffff, 0x8000_0000));
    let t2 = era1(0, 250_000_000);
    assert_eq!(t2, Timestamp::new(0, 0x4000_0000));
    let t3 = era1(0, 375_000_000);
    assert_eq!(t3, Timestamp::new(0, 0x6000_0000));
    let t4 = era1(0, 125_000_000);
    assert_eq!(t4, Timestamp::new(0, 0x2000_0000));

    let request = client_request(Version::V4, t1).unwrap();
    let s = check
        .check_header(&request, t1, &answer(&request, t2, t3), t4)
        .unwrap();
    // θ = ((0.25 - -0.5) + (0.375 - 0.125)) / 2 = 0.5
    // δ = (0.125 - -0.5) - (0.375 - 0.25) = 0.5
    assert_eq!(s.offset, TimeDelta::from_bits(0x8000_0000));
    assert_eq!(s.delay, TimeDelta::from_bits(0x8000_0000));

    // The other way round: the server still in era 0 while the client is
    // in era 1, 10 s ahead of it.
    let t1 = era1(3, 0);
    let t2 = era1(-7, 0);
    let t3 = era1(-7, 0);
    let t4 = era1(3, 0);
    let request = client_request(Version::V4, t1).unwrap();
    let s = check
        .check_header(&request, t1, &answer(&request, t2, t3), t4)
        .unwrap();
    assert_eq!(s.offset, TimeDelta::from_secs(-10));
    assert_eq!(s.delay, TimeDelta::ZERO);
    assert_eq!((s.t2.seconds(), s.t1.seconds()), (0xffff_fff9, 3));
}

#[test]
fn builders_reproduce_the_real_replies_byte_for_byte() {
    for (req, rsp) in PAIRS {
        let request = header(req);
        let real = header(rsp);
        let state = state_of(&real);
        let built = reply(
            &request,
            &state,
            real.receive_timestamp,
            real.transmit_timestamp,
        )
        .unwrap();
        assert_eq!(built.to_bytes().to_vec(), fixture(rsp), "{rsp}");

        let mut prepared = PreparedReply::new(&state);
        let bytes = prepared
            .answer(
                &Packet::new_checked(&fixture(req)[..]).unwrap(),
                real.receive_timestamp,
                real.transmit_timestamp,
            )
            .unwrap();
        assert_eq!(bytes.to_vec(), fixture(rsp), "{rsp} prepared");

        // Rewritten over the received request itself, trailer and all
        // (chrony's MD5 request carries a 20-octet MAC): the same 48
        // octets, and the length to send is 48.
        let mut datagram = fixture(req);
        let received = datagram.len();
        assert_eq!(
            reply_in_place(
                &mut datagram,
                &state,
                real.receive_timestamp,
                real.transmit_timestamp
            ),
            Ok(48)
        );
        assert_eq!(datagram.len(), received);
        assert_eq!(datagram[..48].to_vec(), fixture(rsp), "{rsp} in place");
        let mut datagram = fixture(req);
        let prepared = PreparedReply::new(&state);
        assert_eq!(
            prepared.answer_in_place(
                &mut datagram,
                real.receive_timestamp,
                real.transmit_timestamp
            ),
            Ok(48)
        );
        assert_eq!(
            datagram[..48].to_vec(),
            fixture(rsp),
            "{rsp} prepared, in place"
        );
        assert_eq!(
            prepared,
            PreparedReply::new(&state),
            "the prepared reply is unchanged"
        );
    }
    let mut with_mac = fixture("chrony-client-md5-request");
    let mac = with_mac[48..].to_vec();
    assert_eq!(mac.len(), 20);
    let state = state_of(&header("chrony-server-md5-response"));
    let (t2, t3) = (Timestamp::new(5, 0), Timestamp::new(6, 0));
    assert_eq!(reply_in_place(&mut with_mac, &state, t2, t3), Ok(48));
    let request = header("chrony-client-md5-request");
    assert_eq!(
        Header::from_bytes(&with_mac).unwrap(),
        reply(&request, &state, t2, t3).unwrap()
    );
    assert_eq!(with_mac[48..], mac[..], "the request's MAC is left, unsent");
    // Refused requests leave the octets as they were.
    for (mut bytes, error) in [
        (
            fixture("chrony-client-mode3-request")[..47].to_vec(),
            Error::Truncated {
                needed: 48,
                available: 47,
            },
        ),
        (
            fixture("chrony-server-mode4-response"),
            Error::NotARequest { mode: Mode::Server },
        ),
        (
            fixture("ntpq-mode6-readvar-request"),
            Error::UnsupportedMode {
                mode: Mode::Control,
            },
        ),
    ] {
        let before = bytes.clone();
        assert_eq!(reply_in_place(&mut bytes, &state, t2, t3), Err(error));
        assert_eq!(bytes, before);
        assert_eq!(
            PreparedReply::new(&state).answer_in_place(&mut bytes, t2, t3),
            Err(error)
        );
        assert_eq!(bytes, before);
    }
}

#[test]
fn requests_with_a_zero_transmit_timestamp_are_refused() {
    // The reply would echo zero as its origin: "unset", matching nothing.
    assert_eq!(
        client_request(Version::V4, Timestamp::ZERO),
        Err(Error::ZeroTransmitTimestamp)
    );
    assert_eq!(
        symmetric_active_request(Version::V3, Timestamp::ZERO),
        Err(Error::ZeroTransmitTimestamp)
    );
    for bits in [0x0, 0x4, 0x8] {
        for provider in [NtpServerProvider::Enabled, NtpServerProvider::Disabled] {
            assert_eq!(
                PeerFlags::from_bits(bits).request(provider, Version::V3, Timestamp::ZERO),
                Err(Error::ZeroTransmitTimestamp)
            );
        }
    }
    // One 2^-32 s is enough.
    assert_eq!(
        client_request(Version::V4, Timestamp::from_bits(1)).map(|h| h.transmit_timestamp),
        Ok(Timestamp::from_bits(1))
    );
    assert_eq!(
        Error::ZeroTransmitTimestamp.to_string(),
        "a request's transmit timestamp must not be zero: the reply echoes it as its origin, and a zero origin matches no request (RFC 5905 sections 7.3 and 8); read the clock again or send a random value"
    );
}

#[test]
fn version_policy_and_stratum_zero_without_a_code() {
    let t1 = Timestamp::new(100, 0);
    let request = client_request(Version::V4, t1).unwrap();
    let good = answer(&request, Timestamp::new(100, 1), Timestamp::new(100, 2));
    let strict = ResponseCheck::new();
    let lenient = strict.version_policy(VersionPolicy::AcceptMismatch);
    assert_eq!(
        ResponseCheck::new().version_policy(VersionPolicy::default()),
        strict
    );
    for v in 1..=4 {
        let mut r = good;
        r.version = Version::from_bits(v);
        let strictly = strict.check_header(&request, t1, &r, t1);
        if v == 4 {
            assert_eq!(strictly.map(|s| s.reply), Ok(r));
        } else {
            assert_eq!(
                strictly,
                Err(Rejection::VersionMismatch {
                    request: Version::V4,
                    reply: Version::from_bits(v)
                })
            );
        }
        assert_eq!(
            lenient.check_header(&request, t1, &r, t1).map(|s| s.reply),
            Ok(r)
        );
    }
    // Versions that are no v4-style header stay malformed.
    let mut bytes = good.to_bytes();
    bytes[0] = (bytes[0] & 0b1100_0111) | (5 << 3);
    assert_eq!(
        lenient.check(&request, t1, &bytes, t1),
        Err(Rejection::Malformed(Error::Ntpv5))
    );
    // Stratum 0 with no code at all is no time to use (and no kiss).
    let mut r = good;
    r.stratum = Stratum(0);
    r.reference_id = ReferenceId::ZERO;
    assert_eq!(
        strict.check_header(&request, t1, &r, t1),
        Err(Rejection::Unsynchronized {
            leap: r.leap,
            stratum: Stratum(0),
            reference_id: ReferenceId::ZERO
        })
    );
    assert_eq!(
        Rejection::Unsynchronized {
            leap: LeapIndicator::NoWarning,
            stratum: Stratum(0),
            reference_id: ReferenceId::ZERO
        }
        .to_string(),
        "server unsynchronized: leap 0, stratum 0"
    );
    // A code RFC 5905 does not define has no protocol significance
    // (section 7.4): an unspecified stratum, not a kiss-o'-death.
    for code in [*b"WXYZ", *b"rate", [0, 0, 0, 1]] {
        let mut r = good;
        r.stratum = Stratum(0);
        r.reference_id = ReferenceId(code);
        assert_eq!(
            strict.check_header(&request, t1, &r, t1),
            Err(Rejection::Unsynchronized {
                leap: r.leap,
                stratum: Stratum(0),
                reference_id: ReferenceId(code)
            })
        );
    }
    let mut r = good;
    r.stratum = Stratum(0);
    r.reference_id = ReferenceId(*b"WXYZ");
    assert_eq!(
        strict
            .check_header(&request, t1, &r, t1)
            .unwrap_err()
            .to_string(),
        "server unsynchronized: leap 0, stratum 0, unspecified stratum, unknown code WXYZ"
    );
    // Every defined code but INIT is a kiss.
    for code in KissCode::KNOWN {
        let mut r = good;
        r.stratum = Stratum(0);
        r.reference_id = ReferenceId::from_kiss(code);
        let expected = if code == KissCode::INIT {
            Rejection::Unsynchronized {
                leap: r.leap,
                stratum: Stratum(0),
                reference_id: ReferenceId::from_kiss(code),
            }
        } else {
            Rejection::KissOfDeath(code)
        };
        assert_eq!(strict.check_header(&request, t1, &r, t1), Err(expected));
    }
    // The root distance limit reads in seconds.
    assert_eq!(
        Rejection::RootDistance {
            distance: Duration::from_nanos(1_952_587_074),
            limit: MAX_DISTANCE
        }
        .to_string(),
        "root distance 1.952587074 s exceeds the limit of 1.500000000 s"
    );
}

#[test]
fn kiss_of_death_reproduces_ntpsec_rate() {
    let real = header("ntpsec-kod-rate-response");
    // The request it answered: a v4 client request with poll 6 and
    // precision -20, only the transmit timestamp set.
    let request = Header {
        poll: Poll(6),
        precision: Precision(-20),
        ..client_request(Version::V4, real.origin_timestamp).unwrap()
    };
    let kod = kiss_of_death(&request, KissCode::RATE).unwrap();
    assert_eq!(kod.to_bytes().to_vec(), fixture("ntpsec-kod-rate-response"));
    // And the client side reads it as the kiss it is.
    assert_eq!(
        ResponseCheck::new().check_header(
            &request,
            real.origin_timestamp,
            &kod,
            real.origin_timestamp
        ),
        Err(Rejection::KissOfDeath(KissCode::RATE))
    );
    let sym = symmetric_active_request(Version::V3, Timestamp::new(5, 5)).unwrap();
    let deny = kiss_of_death(&sym, KissCode::DENY).unwrap();
    assert_eq!(
        deny.to_bytes()[..16],
        [0xda, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, b'D', b'E', b'N', b'Y']
    );
    // A peer's request carries its own stratum: the kiss-o'-death is at
    // stratum 0 whatever the request said (RFC 5905 section 7.4).
    let mut peer = sym;
    peer.stratum = Stratum(3);
    assert_eq!(
        kiss_of_death(&peer, KissCode::RATE).unwrap().stratum,
        Stratum(0)
    );
}

#[test]
fn replies_echo_every_version_and_refuse_non_requests() {
    let state = state_of(&header("chrony-server-mode4-response"));
    let (rx, tx) = (Timestamp::new(7, 0), Timestamp::new(8, 0));
    let mut prepared = PreparedReply::new(&state);
    for v in 1..=4 {
        let version = Version::from_bits(v);
        for (request, octet0) in [
            (
                client_request(version, Timestamp::new(6, 0)).unwrap(),
                (v << 3) | 4,
            ),
            (
                symmetric_active_request(version, Timestamp::new(6, 0)).unwrap(),
                (v << 3) | 2,
            ),
        ] {
            let built = reply(&request, &state, rx, tx).unwrap();
            assert_eq!(built.to_bytes()[0], octet0);
            assert_eq!(built.origin_timestamp, Timestamp::new(6, 0));
            let bytes = request.to_bytes();
            let in_place = prepared
                .answer(&Packet::new_checked(&bytes[..]).unwrap(), rx, tx)
                .unwrap();
            assert_eq!(*in_place, built.to_bytes());
        }
    }
    for mode in [
        Mode::Reserved,
        Mode::SymmetricPassive,
        Mode::Server,
        Mode::Broadcast,
    ] {
        let request = Header::new(Version::V4, mode);
        assert_eq!(
            reply(&request, &state, rx, tx),
            Err(Error::NotARequest { mode })
        );
        assert_eq!(
            kiss_of_death(&request, KissCode::RATE),
            Err(Error::NotARequest { mode })
        );
        let bytes = request.to_bytes();
        let before = *prepared.as_bytes();
        assert_eq!(
            prepared.answer(&Packet::new_unchecked(&bytes[..]), rx, tx),
            Err(Error::NotARequest { mode })
        );
        assert_eq!(*prepared.as_bytes(), before, "unchanged on error");
    }
    let v5 = Header::new(Version::V5, Mode::Client);
    assert_eq!(reply(&v5, &state, rx, tx), Err(Error::Ntpv5));
    let v0 = Header::new(Version::from_bits(0), Mode::Client);
    assert_eq!(
        reply(&v0, &state, rx, tx),
        Err(Error::BadVersion { version: 0 })
    );
    // A short unchecked view is an error, not a panic.
    assert_eq!(
        prepared.answer(&Packet::new_unchecked(&[0x23u8; 47][..]), rx, tx),
        Err(Error::Truncated {
            needed: 48,
            available: 47
        })
    );
    assert_eq!(
        Error::NotARequest { mode: Mode::Server }.to_string(),
        "mode 4 (server) is not answered: only client (3) and symmetric active (1) requests get a time reply"
    );
}

#[test]
fn request_builders_exact_bytes() {
    let tx = Timestamp::new(0xeeb0_f290, 0x77b8_37b6);
    let mut expected = [0u8; 48];
    expected[40..].copy_from_slice(&tx.to_be_bytes());
    for v in 1u8..=4 {
        expected[0] = (v << 3) | 3;
        assert_eq!(
            client_request(Version::from_bits(v), tx)
                .unwrap()
                .to_bytes(),
            expected
        );
        expected[0] = (v << 3) | 1;
        assert_eq!(
            symmetric_active_request(Version::from_bits(v), tx)
                .unwrap()
                .to_bytes(),
            expected
        );
    }
    // chrony's own request is exactly ours but for poll and precision.
    let chrony = header("chrony-client-mode3-request");
    assert_eq!(
        Header {
            poll: Poll(-2),
            precision: Precision(0x20),
            ..client_request(Version::V4, chrony.transmit_timestamp).unwrap()
        },
        chrony
    );
}

#[test]
fn requests_from_every_peer_flag_value() {
    let tx = Timestamp::new(1, 2);
    for bits in 0u32..=0xf {
        for high in [0, 0x8000_0000] {
            let flags = PeerFlags::from_bits(bits | high);
            for provider in [NtpServerProvider::Enabled, NtpServerProvider::Disabled] {
                let request = flags.request(provider, Version::V3, tx).unwrap();
                let mode = if bits & 0x8 != 0 {
                    Mode::Client
                } else if bits & 0x4 != 0 || provider == NtpServerProvider::Enabled {
                    Mode::SymmetricActive
                } else {
                    Mode::Client
                };
                assert_eq!(request.mode, mode, "{flags} {provider:?}");
                assert_eq!(request.to_bytes()[0], 0x18 | mode.to_bits());
                let d = flags.diagnose(provider);
                assert_eq!(d.mode(), mode);
                assert_eq!(d.may_go_unanswered(), mode == Mode::SymmetricActive);
                assert_eq!(d.fixed_flags().bits(), ((bits | high) & !0x4) | 0x8);
                assert_eq!(
                    ExpectedReply::to(mode).server_mode(),
                    Some(if mode == Mode::Client {
                        Mode::Server
                    } else {
                        Mode::SymmetricPassive
                    })
                );
            }
        }
    }
}

#[test]
fn diagnosis_in_sysadmin_words() {
    let d = PeerFlags::from_bits(0x1).diagnose(NtpServerProvider::Enabled);
    assert_eq!(d.cause(), ModeCause::DefaultOnTimeServer);
    assert_eq!(
        d.to_string(),
        "Peer flags 0x1 (SpecialInterval): neither Client (0x8) nor SymmetricActive (0x4) is \
         set, and this machine is itself a time server (NtpServer provider enabled), so \
         Windows Time sends its requests in symmetric active mode (NTP mode 1). A server that \
         answers only client requests (mode 3) drops mode 1 packets without any reply or \
         error (NTPsec up to 1.2.4 does, as do many appliances and public servers; chrony, \
         and NTPsec from 1.2.5, answer with mode 2): such a server stays silent, this peer \
         never synchronizes, and Windows Time only reports that no time data was available. \
         Fix: set the Client flag, HOST,0x9, so that requests use client mode, which every \
         server answers. /manualpeerlist replaces the whole list, so give every peer with its \
         flags, only this one changed: w32tm /config /manualpeerlist:\"HOST,0x9 OTHER,FLAGS \
         ...\" /syncfromflags:MANUAL /update, then w32tm /resync /rediscover (or restart the \
         service: net stop w32time && net start w32time)."
    );
    let d = PeerFlags::from_bits(0x4).diagnose(NtpServerProvider::Disabled);
    assert_eq!(d.cause(), ModeCause::SymmetricActiveFlag);
    assert!(d.to_string().starts_with(
        "Peer flags 0x4 (SymmetricActive): SymmetricActive (0x4) is set without Client (0x8), \
         so Windows Time sends its requests in symmetric active mode (NTP mode 1)."
    ));
    assert!(d.to_string().contains(
        "Fix: set the Client flag, HOST,0x8, so that requests use client mode, which every \
         server answers. /manualpeerlist replaces the whole list"
    ));

    let d = PeerFlags::from_bits(0x9).diagnose(NtpServerProvider::Enabled);
    assert_eq!(d.cause(), ModeCause::ClientFlag);
    assert_eq!(
        d.to_string(),
        "Peer flags 0x9 (SpecialInterval | Client): Client (0x8) is set, so Windows Time sends \
         client requests (NTP mode 3), which every NTP server answers with mode 4. Nothing to fix."
    );
    let d = PeerFlags::from_bits(0xc).diagnose(NtpServerProvider::Enabled);
    assert_eq!(d.cause(), ModeCause::ClientFlagOverSymmetricActive);
    assert!(d.to_string().ends_with("can be dropped: use 0x8."));
    let d = PeerFlags::from_bits(0x2).diagnose(NtpServerProvider::Disabled);
    assert_eq!(d.cause(), ModeCause::DefaultOnClientOnly);
    assert!(!d.may_go_unanswered());
    assert!(d
        .to_string()
        .ends_with("set Client explicitly to prevent that: HOST,0xa."));
}

#[test]
fn broadcast_check() {
    let check = ResponseCheck::new();
    let mut b = header("chrony-server-mode4-response");
    b.mode = Mode::Broadcast;
    b.origin_timestamp = Timestamp::ZERO;
    b.receive_timestamp = Timestamp::ZERO;
    let t3 = b.transmit_timestamp;
    let t4 = t3.wrapping_add(TimeDelta::from_nanos(4_000_000 + 1_000));
    let s = check
        .broadcast(&b.to_bytes(), t4, TimeDelta::from_nanos(4_000_000))
        .unwrap();
    // θ = T3 + 4 ms - T4 = -1 us: -4294.97 units, as the two delays were
    // each rounded to 2^-32 s.
    assert_eq!(s.offset, TimeDelta::from_bits(-4295));
    assert_eq!((s.t3, s.t4), (t3, t4));
    // λ = max(MINDISP, 0 + 2 × 4 ms)/2 + 0 + 2^-26 + 2^-20: RFC 5905's
    // root_dist() floors the delay term at MINDISP = 10 ms for broadcasts
    // too, so 5 ms + 968.58 ns = 5 000 968.58 ns.
    assert_eq!(s.root_distance.as_nanos(), 5_000_969);
    // A negative delay counts by its magnitude in the root distance.
    let s = check
        .broadcast(
            &b.to_bytes(),
            t4,
            TimeDelta::from_bits(-TimeDelta::from_nanos(4_000_000).to_bits()),
        )
        .unwrap();
    assert_eq!(s.root_distance.as_nanos(), 5_000_969);
    // Above the floor the delay term is the delay's: 2 × 6 ms / 2 = 6 ms.
    let s = check
        .broadcast(&b.to_bytes(), t4, TimeDelta::from_nanos(6_000_000))
        .unwrap();
    assert_eq!(s.root_distance.as_nanos(), 6_000_969);

    assert_eq!(
        check.broadcast(
            &fixture("chrony-server-mode4-response"),
            t4,
            TimeDelta::ZERO
        ),
        Err(Rejection::NotBroadcast(Mode::Server))
    );
    let mut unsync = b;
    unsync.leap = LeapIndicator::Unsynchronized;
    assert_eq!(
        check.broadcast(&unsync.to_bytes(), t4, TimeDelta::ZERO),
        Err(Rejection::Unsynchronized {
            leap: LeapIndicator::Unsynchronized,
            stratum: Stratum(8),
            reference_id: ReferenceId([127, 127, 1, 1])
        })
    );
    let mut far = b;
    far.root_dispersion = ShortTime::new(2, 0);
    // MINDISP / 2 + 2 s + 2^-26 + 2^-20: no delay assumed still leaves
    // the 5 ms floor.
    assert_eq!(
        check.broadcast(&far.to_bytes(), t4, TimeDelta::ZERO),
        Err(Rejection::RootDistance {
            distance: Duration::from_nanos(2_005_000_969),
            limit: Duration::from_millis(1500)
        })
    );
}

#[test]
fn delay_does_not_wrap_and_a_negative_delay_counts_by_its_magnitude() {
    let check = ResponseCheck::new();
    let t1 = Timestamp::new(0x1000_0000, 0);
    let request = client_request(Version::V4, t1).unwrap();
    // The server claims it received the request 2^30 s (34 years) after it
    // left and answered 2^31 s before it received it: T3 - T2 = -2^63
    // units, T4 = T1. δ = 0 - (-2^63) = +2^63 units, one past i64::MAX: a
    // wrapping subtraction made it i64::MIN, a negative delay that the
    // precision clamp then turned into a 5 ms root distance.
    let t2 = t1.wrapping_add(TimeDelta::from_bits(1 << 62));
    let t3 = t2.wrapping_add(TimeDelta::from_bits(i64::MIN));
    let r = answer(&request, t2, t3);
    let Err(Rejection::RootDistance { distance, limit }) = check.check_header(&request, t1, &r, t1)
    else {
        panic!(
            "a 68-year delay was accepted: {:?}",
            check.check_header(&request, t1, &r, t1)
        );
    };
    // |δ| / 2 = 2^30 s, plus ε (15 ppm of nothing and the precisions).
    assert_eq!(limit, MAX_DISTANCE);
    assert_eq!(distance.as_secs(), 1 << 30);
    let s = ResponseCheck::new()
        .max_root_distance(Duration::MAX)
        .check_header(&request, t1, &r, t1)
        .unwrap();
    assert_eq!(s.delay, TimeDelta::from_bits(i64::MAX), "saturated");
    assert_eq!(s.offset, TimeDelta::ZERO);

    // The other way: δ = -2^63 - 2^63 saturates at i64::MIN.
    let t4 = t1.wrapping_add(TimeDelta::from_bits(i64::MIN));
    let t3 = t2.wrapping_add(TimeDelta::from_bits(i64::MAX));
    let s = ResponseCheck::new()
        .max_root_distance(Duration::MAX)
        .check_header(&request, t1, &answer(&request, t2, t3), t4)
        .unwrap();
    assert_eq!(s.delay, TimeDelta::from_bits(i64::MIN), "saturated");

    // A server that says it held the request 2000 s while the round trip
    // took 10 ms: δ = -1999.99 s. RFC 5905's packet() would clamp it to
    // the precision and claim a 5 ms error bound; as chrony does, its
    // magnitude goes into the root distance: 999.995 s + ε.
    let t2 = Timestamp::new(0x1000_0000 + 1000, 0);
    let t3 = Timestamp::new(0x1000_0000 + 3000, 0);
    let t4 = t1.wrapping_add(TimeDelta::from_nanos(10_000_000));
    let r = answer(&request, t2, t3);
    let Err(Rejection::RootDistance { distance, .. }) = check.check_header(&request, t1, &r, t4)
    else {
        panic!("a 2000 s negative delay was accepted");
    };
    // 1999.99 s / 2 + 2^-20 + 2^-20 + 15e-6 × 10 ms = 999.995 002 057 s,
    // to the 2^-32 s rounding of 10 ms.
    assert!(
        distance > Duration::from_nanos(999_995_002_056)
            && distance < Duration::from_nanos(999_995_002_059),
        "{distance:?}"
    );
    // A slightly negative delay (clock noise) is still accepted, at the
    // MINDISP floor: 5 ms + ε.
    let t2 = Timestamp::new(0x1000_0000, 1000);
    let t3 = Timestamp::new(0x1000_0000, 2000);
    let s = check
        .check_header(&request, t1, &answer(&request, t2, t3), t1)
        .unwrap();
    assert_eq!(s.delay, TimeDelta::from_bits(-1000));
    assert_eq!(s.root_distance.as_nanos(), 5_001_907);
}

#[test]
fn precisions_beyond_a_nanosecond_and_beyond_a_century_stay_bounded() {
    let state = ServerState {
        leap: LeapIndicator::NoWarning,
        stratum: Stratum(2),
        precision: Precision(-128),
        root_delay: ShortTime::ZERO,
        root_dispersion: ShortTime::ZERO,
        reference_id: ReferenceId([192, 0, 2, 1]),
        reference_timestamp: Timestamp::new(99, 0),
    };
    let t1 = Timestamp::new(100, 0);
    let request = client_request(Version::V4, t1).unwrap();
    let t4 = Timestamp::new(100, 1 << 31);
    let answer = reply(
        &request,
        &state,
        Timestamp::new(98, 1 << 30),
        Timestamp::new(98, 1 << 30),
    )
    .unwrap();
    // 2^-128 s counts as one 2^-32 s unit, an upper bound: half the 0.5 s
    // delay, plus 15 ppm of 0.5 s (7.5 us, rounded up to 32,213 units),
    // plus two units: 0.25000750063 s.
    let s = ResponseCheck::new()
        .client_precision(Precision(-128))
        .check(&request, t1, &answer.to_bytes(), t4)
        .unwrap();
    assert_eq!(s.root_distance, Duration::from_nanos(250_007_501));
    assert_eq!(s.dispersion, Duration::from_nanos(7_501));
    // 2^127 s, from a hostile server, saturates: no overflow, no wrap.
    let mut hostile = answer;
    hostile.precision = Precision(127);
    assert_eq!(
        ResponseCheck::new().check_header(&request, t1, &hostile, t4),
        Err(Rejection::RootDistance {
            distance: Duration::MAX,
            limit: MAX_DISTANCE
        })
    );
    let s = ResponseCheck::new()
        .max_root_distance(Duration::MAX)
        .check_header(&request, t1, &hostile, t4)
        .unwrap();
    assert_eq!(s.root_distance, Duration::MAX);
    // 2^68 s is the last exponent held exactly; it does not fit a Duration
    // either.
    hostile.precision = Precision(68);
    assert_eq!(
        ResponseCheck::new()
            .max_root_distance(Duration::MAX)
            .check_header(&request, t1, &hostile, t4)
            .map(|s| s.root_distance),
        Ok(Duration::MAX)
    );
    // A broadcast from the same server: the same bounds.
    let mut b = answer;
    b.mode = Mode::Broadcast;
    b.precision = Precision(-128);
    let bs = ResponseCheck::new()
        .client_precision(Precision(-128))
        .broadcast(&b.to_bytes(), t4, TimeDelta::from_nanos(4_000_000))
        .unwrap();
    // max(MINDISP, 2 x 4 ms) / 2 + two units: 5 ms (42 949 673 units,
    // rounded up, halved up) and 2 units, 5.000001 ms to the nanosecond.
    assert_eq!(bs.root_distance, Duration::from_nanos(5_000_001));
}
