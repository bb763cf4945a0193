//! RFC 9769's interleaved modes, figure by figure, with distinct concrete
//! timestamps: which four timestamps each sample uses and its exact offset
//! and delay; the server's decision and reply; a property test against the
//! four-timestamp formulas computed independently in i128.

use core::time::Duration;

use ntp_wire::exchange::{
    interleaved_answer, interleaved_broadcast, interleaved_reply, reply, BroadcastReception,
    ClientSample, ExchangeTimestamps, InterleavedBroadcast, InterleavedClient, Interleaving,
    Rejection, RequestFields, ResponseCheck, SavedTimestamps, ServerAnswer, ServerState,
    TimestampField, TimestampSet, MAX_INTERLEAVED_REQUESTS, MAX_INTERLEAVE_DELAY,
};
use ntp_wire::{
    Header, LeapIndicator, Mode, Precision, ReferenceId, ShortTime, Stratum, TimeDelta, Timestamp,
    Version,
};
use proptest::prelude::*;

/// One tick: 2^-10 s, exact in 32.32 (2^22 units).
const TICK: i64 = 1 << 22;

/// An arbitrary base near the end of era 0, so that the figures cross
/// nothing but still use large values.
const BASE: u64 = 0xE000_0000_0000_0000;

/// `BASE + n` ticks.
fn ts(n: u64) -> Timestamp {
    Timestamp::from_bits(BASE + n * TICK as u64)
}

const STATE: ServerState = ServerState {
    leap: LeapIndicator::NoWarning,
    stratum: Stratum(2),
    precision: Precision(-20),
    root_delay: ShortTime::ZERO,
    root_dispersion: ShortTime::ZERO,
    reference_id: ReferenceId([192, 0, 2, 1]),
    reference_timestamp: Timestamp::new(0xE000_0000, 0),
};

/// θ and δ of RFC 5905 section 8 on raw 32.32 values, in i128.
fn by_hand(t1: Timestamp, t2: Timestamp, t3: Timestamp, t4: Timestamp) -> (i64, i64) {
    let d = |a: Timestamp, b: Timestamp| i128::from(a.to_bits().wrapping_sub(b.to_bits()) as i64);
    let offset = (d(t2, t1) + d(t3, t4)).div_euclid(2);
    let delay = d(t4, t1) - d(t3, t2);
    (
        offset as i64,
        delay.clamp(i64::MIN.into(), i64::MAX.into()) as i64,
    )
}

fn stamps(s: &ntp_wire::exchange::Sample) -> [Timestamp; 4] {
    [s.t1, s.t2, s.t3, s.t4]
}

/// RFC 9769 figure 1 (client/server), client clock 0.5 s (512 ticks)
/// behind the server's:
///
/// ```text
/// request 1: t1~ = 999 (estimate), t1 = 1000 (left), leg 3 -> t2 = 1515
/// reply 1:   t3~ = 1516 (in its transmit field), t3 = 1518 (left), leg 4 -> t4 = 1010
/// request 2: t5 = 2000, leg 5 -> t6 = 2517
/// reply 2:   t7~ = 2518, t7 = 2519, leg 6 -> t8 = 2013
/// request 3: t9 = 3000, leg 2 -> t10 = 3514
/// reply 3:   t11~ = 3516 (basic: the server no longer has t6 and t7), leg 3 -> t12 = 3007
/// ```
///
/// Fields, as in the figure (modes B, B, I, I, I, B): Org / Rx / Tx =
/// 0 / 0 / t1~, t1~ / t2 / t3~, t2 / t4 / t1, t4 / t6 / t3, t6 / t8 / t5,
/// t5 / t10 / t11~.
#[test]
fn figure_1_client_server() {
    let check = ResponseCheck::new();
    let mut client = InterleavedClient::new();
    let mut saved: Option<SavedTimestamps> = None;

    // Request 1: basic, built with the estimate, then the real T1 recorded.
    let r1 = client.request(Version::V4, ts(999), RequestFields::Timestamps);
    client.sent_at(ts(1000));
    assert_eq!(
        (
            r1.origin_timestamp,
            r1.receive_timestamp,
            r1.transmit_timestamp
        ),
        (Timestamp::ZERO, Timestamp::ZERO, ts(999))
    );
    // The server: nothing saved, a basic reply; it saves (t2, real t3).
    assert_eq!(interleaved_answer(&r1, &mut saved), ServerAnswer::Basic);
    let a1 = reply(&r1, &STATE, ts(1515), ts(1516)).unwrap();
    saved = Some(SavedTimestamps {
        receive: ts(1515),
        transmit: ts(1518),
    });
    assert_eq!(
        (
            a1.origin_timestamp,
            a1.receive_timestamp,
            a1.transmit_timestamp
        ),
        (ts(999), ts(1515), ts(1516))
    );
    let s1 = client.receive_header(&check, &a1, ts(1010)).unwrap();
    let ClientSample::Basic(s1) = s1 else {
        panic!("reply 1 is basic: {s1:?}")
    };
    assert_eq!(stamps(&s1), [ts(1000), ts(1515), ts(1516), ts(1010)]);
    // θ = (515 + 506) / 2 = 510.5 ticks, δ = 10 - 1 = 9 ticks.
    assert_eq!(s1.offset, TimeDelta::from_bits(1021 * TICK / 2));
    assert_eq!(s1.delay, TimeDelta::from_bits(9 * TICK));
    assert_eq!(
        client.previous(),
        Some(ExchangeTimestamps {
            t1: ts(1000),
            t2: ts(1515),
            t3: ts(1516),
            t4: ts(1010)
        })
    );

    // Request 2: origin t2, receive t4, transmit t1 (the real one).
    let r2 = client.request(Version::V4, ts(2000), RequestFields::Timestamps);
    assert_eq!(
        (
            r2.origin_timestamp,
            r2.receive_timestamp,
            r2.transmit_timestamp
        ),
        (ts(1515), ts(1010), ts(1000))
    );
    // The server: the pair fits, is taken, and the reply carries t3.
    let answer = interleaved_answer(&r2, &mut saved);
    assert_eq!(
        answer,
        ServerAnswer::Interleaved {
            previous_transmit: ts(1518)
        }
    );
    assert_eq!(saved, None);
    let a2 = interleaved_reply(&r2, &STATE, ts(2517), ts(1518)).unwrap();
    saved = Some(SavedTimestamps {
        receive: ts(2517),
        transmit: ts(2519),
    });
    assert_eq!(
        (
            a2.origin_timestamp,
            a2.receive_timestamp,
            a2.transmit_timestamp
        ),
        (ts(1010), ts(2517), ts(1518))
    );
    assert_eq!((a2.mode, a2.version), (Mode::Server, Version::V4));
    // The same reply, seen with the other timestamp set.
    let mut other = client.timestamp_set(TimestampSet::LatestRequest);
    let s2 = client.receive_header(&check, &a2, ts(2013)).unwrap();
    let ClientSample::Interleaved(s2) = s2 else {
        panic!("reply 2 is interleaved: {s2:?}")
    };
    // RFC 9769 section 2's first set (RECOMMENDED when filtering by
    // delay): T1 = t1, T2 = t2, T3 = t3 (from the second reply), T4 = t4.
    assert_eq!(stamps(&s2), [ts(1000), ts(1515), ts(1518), ts(1010)]);
    // θ = (515 + 508) / 2 = 511.5 ticks, δ = 10 - 3 = 7 ticks (3 + 4).
    assert_eq!(s2.offset, TimeDelta::from_bits(1023 * TICK / 2));
    assert_eq!(s2.delay, TimeDelta::from_bits(7 * TICK));
    let ClientSample::Interleaved(latest) = other.receive_header(&check, &a2, ts(2013)).unwrap()
    else {
        panic!("interleaved")
    };
    // RFC 9769 section 2's second set: T1 = t5, T2 = t6, T3 = t3, T4 = t4.
    assert_eq!(stamps(&latest), [ts(2000), ts(2517), ts(1518), ts(1010)]);
    // θ = (517 + 508) / 2 = 512.5 ticks, δ = -990 + 999 = 9 ticks (5 + 4).
    assert_eq!(latest.offset, TimeDelta::from_bits(1025 * TICK / 2));
    assert_eq!(latest.delay, TimeDelta::from_bits(9 * TICK));
    // 15 ppm of |T4 - T1| = 990 ticks: the longer interval costs.
    assert_eq!(s2.dispersion.as_nanos(), 1_907 + 147);
    assert_eq!(latest.dispersion.as_nanos(), 1_907 + 14_502);

    // Request 3 is interleaved (origin t6, receive t8, transmit t5), but
    // the server dropped t6 and t7 (RFC 9769 figure 1): a basic reply,
    // whose origin is the request's transmit field t5.
    let r3 = client.request(Version::V4, ts(3000), RequestFields::Timestamps);
    assert_eq!(
        (
            r3.origin_timestamp,
            r3.receive_timestamp,
            r3.transmit_timestamp
        ),
        (ts(2517), ts(2013), ts(2000))
    );
    // With (t6, t7) it would have answered in interleaved mode.
    let dropped = saved.take().unwrap();
    assert!(dropped.fits(&r3));
    assert_eq!(interleaved_answer(&r3, &mut saved), ServerAnswer::Basic);
    let a3 = reply(&r3, &STATE, ts(3514), ts(3516)).unwrap();
    assert_eq!(
        (
            a3.origin_timestamp,
            a3.receive_timestamp,
            a3.transmit_timestamp
        ),
        (ts(2000), ts(3514), ts(3516))
    );
    let s3 = client.receive_header(&check, &a3, ts(3007)).unwrap();
    assert!(!s3.is_interleaved());
    // A basic sample: t9, t10, t11~, t12.
    assert_eq!(
        stamps(s3.sample()),
        [ts(3000), ts(3514), ts(3516), ts(3007)]
    );
    // θ = (514 + 509) / 2 = 511.5 ticks, δ = 7 - 2 = 5 ticks (2 + 3).
    assert_eq!(s3.sample().offset, TimeDelta::from_bits(1023 * TICK / 2));
    assert_eq!(s3.sample().delay, TimeDelta::from_bits(5 * TICK));
    // A copy of the reply is a duplicate; a reply to request 2 now is bogus.
    assert_eq!(
        client.receive_header(&check, &a3, ts(3008)),
        Err(Rejection::Duplicate)
    );
    assert_eq!(
        client.receive_header(&check, &a2, ts(3008)),
        Err(Rejection::Bogus {
            expected: ts(2000),
            origin: ts(1010)
        })
    );
    // ResponseCheck alone cannot use an interleaved reply, and says why.
    assert_eq!(
        check.check_header(&r2, ts(2000), &a2, ts(2013)),
        Err(Rejection::Interleaved { origin: ts(1010) })
    );
}

/// RFC 9769 figure 2 (symmetric): peer B (active, this crate's
/// [`InterleavedClient::symmetric`]) polls twice as often as peer A; A's
/// clock is 0.25 s (256 ticks) ahead, every leg 2 ticks. B's clock:
///
/// ```text
/// 1 B->A: t1 = 100 (estimate 99)  -> t2 = 358     B  0   / 0   / t1~
/// 2 A->B: t3 = 400 (estimate 399) -> t4 = 146     B  t1~ / t2  / t3~
/// 3 B->A: t5 = 200                -> t6 = 458     I  t2  / t4  / t1
/// 4 B->A: t7 = 300 (estimate 299) -> t8 = 558     B  t3~ / t4  / t7~
/// 5 A->B: t9 = 600                -> t10 = 346    I  t4  / t8  / t3
/// 6 B->A: t11 = 400 (est. 399)    -> t12 = 658    B  t3  / t10 / t11~
/// 7 B->A: t13 = 500 (est. 499)    -> t14 = 758    B  t3  / t10 / t13~
/// 8 A->B: t15 = 800               -> t16 = 546    I  t10 / t14 / t9
/// ```
///
/// Packet 4 is basic because B sent packet 3 since A's last packet
/// (condition 2 of section 3), packet 6 because two packets (3 and 4)
/// answered packet 2 (condition 3), packet 7 by condition 2 again.
#[test]
fn figure_2_symmetric() {
    let check = ResponseCheck::new();
    let fields = |h: &Header| {
        (
            h.origin_timestamp,
            h.receive_timestamp,
            h.transmit_timestamp,
        )
    };
    let mut b = InterleavedClient::symmetric();
    let p1 = b.request(Version::V4, ts(99), RequestFields::Timestamps);
    b.sent_at(ts(100));
    assert_eq!(p1.mode, Mode::SymmetricActive);
    assert_eq!(fields(&p1), (Timestamp::ZERO, Timestamp::ZERO, ts(99)));
    // A's first packet (a passive peer would send mode 2; an active one 1).
    let mut p2 = reply(&p1, &STATE, ts(358), ts(399)).unwrap();
    p2.mode = Mode::SymmetricActive;
    assert_eq!(fields(&p2), (ts(99), ts(358), ts(399)));
    assert_eq!(Interleaving::of(&p1, &p2), Some(Interleaving::Basic));
    let s2 = b.receive_header(&check, &p2, ts(146)).unwrap();
    assert!(!s2.is_interleaved());
    assert_eq!(stamps(s2.sample()), [ts(100), ts(358), ts(399), ts(146)]);
    // θ = (258 + 253) / 2 = 255.5, δ = 46 - 41 = 5 ticks.
    assert_eq!(s2.sample().offset, TimeDelta::from_bits(511 * TICK / 2));
    assert_eq!(s2.sample().delay, TimeDelta::from_bits(5 * TICK));

    let p3 = b.request(Version::V4, ts(200), RequestFields::Timestamps);
    assert_eq!(fields(&p3), (ts(358), ts(146), ts(100)));
    let p4 = b.request(Version::V4, ts(299), RequestFields::Timestamps);
    b.sent_at(ts(300));
    assert_eq!(fields(&p4), (ts(399), ts(146), ts(299)));

    // A answers packet 4 in interleaved mode: origin = its receive field,
    // transmit = the real time A's first packet left.
    let mut p5 = interleaved_reply(&p4, &STATE, ts(558), ts(400)).unwrap();
    p5.mode = Mode::SymmetricActive;
    assert_eq!(fields(&p5), (ts(146), ts(558), ts(400)));
    assert_eq!(Interleaving::of(&p4, &p5), Some(Interleaving::Interleaved));
    let mut latest = b.timestamp_set(TimestampSet::LatestRequest);
    let s5 = b.receive_header(&check, &p5, ts(346)).unwrap();
    assert!(s5.is_interleaved());
    // First set: t1, t2, t3, t4.
    assert_eq!(stamps(s5.sample()), [ts(100), ts(358), ts(400), ts(146)]);
    // θ = (258 + 254) / 2 = 256 ticks exactly: symmetric legs, real T3.
    assert_eq!(s5.sample().offset, TimeDelta::from_bits(256 * TICK));
    assert_eq!(s5.sample().delay, TimeDelta::from_bits(4 * TICK));
    // Second set: t7, t8, t3, t4; δ = -154 + 158 = 4 ticks.
    let l5 = latest.receive_header(&check, &p5, ts(346)).unwrap();
    assert_eq!(stamps(l5.sample()), [ts(300), ts(558), ts(400), ts(146)]);
    assert_eq!(l5.sample().offset, TimeDelta::from_bits(256 * TICK));
    assert_eq!(l5.sample().delay, TimeDelta::from_bits(4 * TICK));

    let p6 = b.request(Version::V4, ts(399), RequestFields::Timestamps);
    b.sent_at(ts(400));
    assert_eq!(fields(&p6), (ts(400), ts(346), ts(399)));
    let p7 = b.request(Version::V4, ts(499), RequestFields::Timestamps);
    b.sent_at(ts(500));
    assert_eq!(fields(&p7), (ts(400), ts(346), ts(499)));

    let mut p8 = interleaved_reply(&p7, &STATE, ts(758), ts(600)).unwrap();
    p8.mode = Mode::SymmetricActive;
    assert_eq!(fields(&p8), (ts(346), ts(758), ts(600)));
    let s8 = b.receive_header(&check, &p8, ts(546)).unwrap();
    assert!(s8.is_interleaved());
    // First set: t7, t8, t9, t10.
    assert_eq!(stamps(s8.sample()), [ts(300), ts(558), ts(600), ts(346)]);
    assert_eq!(s8.sample().offset, TimeDelta::from_bits(256 * TICK));
    assert_eq!(s8.sample().delay, TimeDelta::from_bits(4 * TICK));
    // Two packets (6 and 7) answered packet 5: B's next one is basic.
    let p9 = b.request(Version::V4, ts(601), RequestFields::Timestamps);
    assert_eq!(fields(&p9), (ts(600), ts(546), ts(601)));

    // Peer A's side, from B's packet 3: A's last packet (2) had receive
    // field t2, so packet 3 is interleaved at A. A's sample is T1 = t3
    // (its real transmit), T2 = t4 (B's receive field), T3 = t1 (B's
    // transmit field), T4 = t2 (A's receive time of B's first packet).
    assert_eq!(Interleaving::of(&p2, &p3), Some(Interleaving::Interleaved));
    // θ = ((146 - 400) + (100 - 358)) / 2 = -256, δ = (358 - 400) - (100 - 146) = 4.
    assert_eq!(
        by_hand(ts(400), ts(146), ts(100), ts(358)),
        (-256 * TICK, 4 * TICK)
    );
}

/// RFC 9769 figure 3 (broadcast: origin = real transmit time of the previous
/// broadcast, receive zero, transmit = this one's estimate): server clock 0.25 s
/// (256 ticks) ahead, 4-tick legs, 4 ticks assumed:
///
/// ```text
/// b1: t1~ = 10000 (tx field), t1 = 10002 (left) -> t2 = 9750
/// b2: t3~ = 11000, t3 = 11003, origin t1 -> t4 = 10751
/// b3: t5~ = 12000, origin t3 -> t6 = 11748
/// ```
#[test]
fn figure_3_broadcast() {
    let check = ResponseCheck::new();
    let d = TimeDelta::from_bits(4 * TICK);
    let mut client = InterleavedBroadcast::new();
    let b1 = interleaved_broadcast(&STATE, Version::V4, Timestamp::ZERO, ts(10_000));
    assert_eq!(
        (b1.mode, b1.origin_timestamp, b1.receive_timestamp),
        (Mode::Broadcast, Timestamp::ZERO, Timestamp::ZERO)
    );
    let r1 = client.receive(&check, &b1.to_bytes(), ts(9750), d).unwrap();
    let BroadcastReception::Basic(s1) = r1 else {
        panic!("basic: {r1:?}")
    };
    // θ = T3 + d - T4 = 10000 + 4 - 9750 = 254 ticks (the estimate's error).
    assert_eq!((s1.t3, s1.t4), (ts(10_000), ts(9750)));
    assert_eq!(s1.offset, TimeDelta::from_bits(254 * TICK));
    // MINDISP / 2 + 2^-20 twice: 5 001 907 ns.
    assert_eq!(s1.root_distance.as_nanos(), 5_001_907);

    let b2 = interleaved_broadcast(&STATE, Version::V4, ts(10_002), ts(11_000));
    let r2 = client
        .receive(&check, &b2.to_bytes(), ts(10_751), d)
        .unwrap();
    let BroadcastReception::Interleaved(s2) = r2 else {
        panic!("interleaved: {r2:?}")
    };
    // T3 = real t1 (b2's origin), T4 = t2: θ = 10002 + 4 - 9750 = 256.
    assert_eq!((s2.t3, s2.t4), (ts(10_002), ts(9750)));
    assert_eq!(s2.offset, TimeDelta::from_bits(256 * TICK));
    let b3 = interleaved_broadcast(&STATE, Version::V4, ts(11_003), ts(12_000));
    let s3 = *client
        .receive(&check, &b3.to_bytes(), ts(11_748), d)
        .unwrap()
        .sample();
    assert_eq!((s3.t3, s3.t4), (ts(11_003), ts(10_751)));
    assert_eq!(s3.offset, TimeDelta::from_bits(256 * TICK));

    // An origin before the previous transmit field, or more than 1 s after
    // it, belongs to no broadcast this client saw.
    for origin in [
        ts(11_999),
        Timestamp::from_bits(ts(12_000 + 1024).to_bits() + 1),
    ] {
        let mut c = client;
        let bad = interleaved_broadcast(&STATE, Version::V4, origin, ts(13_000));
        assert_eq!(
            c.receive(&check, &bad.to_bytes(), ts(12_748), d),
            Err(Rejection::Bogus {
                expected: ts(12_000),
                origin
            })
        );
    }
    // 1 s exactly is accepted.
    let mut c = client;
    let edge = interleaved_broadcast(&STATE, Version::V4, ts(12_000 + 1024), ts(13_000));
    assert_eq!(MAX_INTERLEAVE_DELAY.to_bits(), 1024 * TICK);
    assert!(matches!(
        c.receive(&check, &edge.to_bytes(), ts(12_748), d),
        Ok(BroadcastReception::Interleaved(_))
    ));
    // No previous broadcast: an interleaved one is bogus.
    assert_eq!(
        InterleavedBroadcast::new().receive(&check, &b2.to_bytes(), ts(1), d),
        Err(Rejection::Bogus {
            expected: Timestamp::ZERO,
            origin: ts(10_002)
        })
    );
    // Not mode 5, zero transmit.
    let mut not = b2;
    not.mode = Mode::Server;
    assert_eq!(
        InterleavedBroadcast::new().receive(&check, &not.to_bytes(), ts(1), d),
        Err(Rejection::NotBroadcast(Mode::Server))
    );
    let mut zero = b2;
    zero.transmit_timestamp = Timestamp::ZERO;
    assert_eq!(
        InterleavedBroadcast::new().receive(&check, &zero.to_bytes(), ts(1), d),
        Err(Rejection::ZeroTimestamp(TimestampField::Transmit))
    );
    assert_eq!(
        InterleavedBroadcast::new().receive(&check, &[0u8; 47], ts(1), d),
        Err(Rejection::Malformed(ntp_wire::Error::Truncated {
            needed: 48,
            available: 47
        }))
    );
}

#[test]
fn server_rules_one_by_one() {
    let pair = SavedTimestamps {
        receive: ts(5),
        transmit: ts(6),
    };
    let mut request = Header::new(Version::V4, Mode::Client);
    request.origin_timestamp = ts(5);
    request.receive_timestamp = ts(7);
    request.transmit_timestamp = ts(8);
    assert!(pair.fits(&request));
    // Receive and transmit fields equal: basic (a client in basic mode).
    let mut same = request;
    same.receive_timestamp = ts(8);
    assert!(!pair.fits(&same));
    // Origin not the saved receive timestamp.
    let mut other = request;
    other.origin_timestamp = ts(6);
    assert!(!pair.fits(&other));
    // A zero origin never fits, even a zero saved receive timestamp.
    let zero_pair = SavedTimestamps {
        receive: Timestamp::ZERO,
        transmit: ts(6),
    };
    let mut basic = request;
    basic.origin_timestamp = Timestamp::ZERO;
    assert!(!zero_pair.fits(&basic));
    // No real transmit time saved.
    let unknown = SavedTimestamps {
        receive: ts(5),
        transmit: Timestamp::ZERO,
    };
    assert!(!unknown.fits(&request));
    // The decision leaves a pair that does not fit where it was.
    let mut saved = Some(pair);
    assert_eq!(interleaved_answer(&same, &mut saved), ServerAnswer::Basic);
    assert_eq!(saved, Some(pair));
    assert_eq!(interleaved_answer(&request, &mut None), ServerAnswer::Basic);
    assert_eq!(
        interleaved_answer(&request, &mut saved),
        ServerAnswer::Interleaved {
            previous_transmit: ts(6)
        }
    );
    assert_eq!(saved, None);
    // The reply: origin = request's receive field.
    let answer = interleaved_reply(&request, &STATE, ts(9), ts(6)).unwrap();
    assert_eq!(
        (
            answer.origin_timestamp,
            answer.receive_timestamp,
            answer.transmit_timestamp
        ),
        (ts(7), ts(9), ts(6))
    );
    // Transmit field never equal to the receive field: one unit later.
    let same = interleaved_reply(&request, &STATE, ts(9), ts(9)).unwrap();
    assert_eq!(
        (same.receive_timestamp, same.transmit_timestamp),
        (ts(9), Timestamp::from_bits(ts(9).to_bits() + 1))
    );
    assert_eq!(
        interleaved_reply(
            &Header::new(Version::V4, Mode::Server),
            &STATE,
            ts(9),
            ts(6)
        ),
        Err(ntp_wire::Error::NotARequest { mode: Mode::Server })
    );
}

#[test]
fn request_fields_are_made_distinct() {
    let check = ResponseCheck::new();
    let mut client = InterleavedClient::new();
    // A zero transmit cookie becomes 1 unit.
    let r = client.request(
        Version::V4,
        ts(1),
        RequestFields::Cookies {
            receive: ts(3),
            transmit: Timestamp::ZERO,
        },
    );
    assert_eq!(r.transmit_timestamp, Timestamp::from_bits(1));
    assert_eq!(r.receive_timestamp, Timestamp::ZERO, "no reply yet");
    let a = reply(&r, &STATE, ts(10), ts(11)).unwrap();
    client.receive_header(&check, &a, ts(2)).unwrap();
    // Receive cookie = origin: changed; transmit = receive: changed.
    let r = client.request(
        Version::V4,
        ts(20),
        RequestFields::Cookies {
            receive: ts(10),
            transmit: Timestamp::from_bits(ts(10).to_bits() ^ 1),
        },
    );
    assert_eq!(r.origin_timestamp, ts(10));
    assert_eq!(
        r.receive_timestamp,
        Timestamp::from_bits(ts(10).to_bits() ^ 1)
    );
    // ^1 is the receive field, ^0 the origin: ^2 of the given value.
    assert_eq!(
        r.transmit_timestamp,
        Timestamp::from_bits(ts(10).to_bits() ^ 1 ^ 2)
    );
    assert_ne!(r.receive_timestamp, r.transmit_timestamp);
    // The same cookies again: each field differs from the previous one.
    let again = client.request(
        Version::V4,
        ts(21),
        RequestFields::Cookies {
            receive: r.receive_timestamp,
            transmit: r.transmit_timestamp,
        },
    );
    assert_eq!(
        again.receive_timestamp,
        Timestamp::from_bits(r.receive_timestamp.to_bits() ^ 2)
    );
    assert_eq!(
        again.transmit_timestamp,
        Timestamp::from_bits(r.transmit_timestamp.to_bits() ^ 1)
    );
    // A reply before any request is bogus against nothing.
    assert_eq!(
        InterleavedClient::new().receive_header(&check, &a, ts(2)),
        Err(Rejection::Bogus {
            expected: Timestamp::ZERO,
            origin: a.origin_timestamp
        })
    );
    // Malformed octets, wrong mode, zero origin.
    assert_eq!(
        client.receive(&check, &[0u8; 10], ts(2)),
        Err(Rejection::Malformed(ntp_wire::Error::Truncated {
            needed: 48,
            available: 10
        }))
    );
    let mut wrong = a;
    wrong.mode = Mode::SymmetricPassive;
    assert_eq!(
        client.receive_header(&check, &wrong, ts(2)),
        Err(Rejection::WrongMode {
            request: Mode::Client,
            reply: Mode::SymmetricPassive
        })
    );
    let mut zero = a;
    zero.origin_timestamp = Timestamp::ZERO;
    assert_eq!(
        client.receive_header(&check, &zero, ts(2)),
        Err(Rejection::ZeroTimestamp(TimestampField::Origin))
    );
}

#[test]
fn a_rejected_root_distance_still_records_the_exchange() {
    let strict = ResponseCheck::new().max_root_distance(Duration::from_millis(1));
    let mut client = InterleavedClient::new();
    let r = client.request(Version::V4, ts(1), RequestFields::Timestamps);
    let a = reply(&r, &STATE, ts(2), ts(3)).unwrap();
    assert!(matches!(
        client.receive_header(&strict, &a, ts(4)),
        Err(Rejection::RootDistance { .. })
    ));
    assert_eq!(
        client.previous(),
        Some(ExchangeTimestamps {
            t1: ts(1),
            t2: ts(2),
            t3: ts(3),
            t4: ts(4)
        })
    );
    // So the next request names that reply's receive timestamp.
    assert_eq!(
        client
            .request(Version::V4, ts(5), RequestFields::Timestamps)
            .origin_timestamp,
        ts(2)
    );
}

proptest! {
    /// The interleaved sample is the four-timestamp formula (RFC 5905
    /// section 8 over RFC 9769's timestamps), computed independently in
    /// i128, for both sets and any values (wrapping across eras).
    #[test]
    fn interleaved_sample_is_the_four_timestamp_formula(
        t in proptest::array::uniform8(1u64..),
        cookies in proptest::array::uniform4(any::<u64>()),
    ) {
        let [t1, t2, t3, t4, t5, t6, t3real, t8] = t.map(Timestamp::from_bits);
        let check = ResponseCheck::new().max_root_distance(Duration::MAX);
        for set in [TimestampSet::PreviousExchange, TimestampSet::LatestRequest] {
            let mut client = InterleavedClient::new().timestamp_set(set);
            let fields = RequestFields::Cookies {
                receive: Timestamp::from_bits(cookies[0]),
                transmit: Timestamp::from_bits(cookies[1]),
            };
            let r1 = client.request(Version::V4, t1, fields);
            let a1 = reply(&r1, &STATE, t2, t3).unwrap();
            let basic = client.receive_header(&check, &a1, t4).unwrap();
            prop_assert!(!basic.is_interleaved());
            prop_assert_eq!(
                (basic.sample().offset.to_bits(), basic.sample().delay.to_bits()),
                by_hand(t1, t2, t3, t4)
            );
            let fields = RequestFields::Cookies {
                receive: Timestamp::from_bits(cookies[2]),
                transmit: Timestamp::from_bits(cookies[3]),
            };
            let r2 = client.request(Version::V4, t5, fields);
            prop_assert_eq!(r2.origin_timestamp, t2);
            prop_assert_ne!(r2.receive_timestamp, r2.transmit_timestamp);
            let a2 = interleaved_reply(&r2, &STATE, t6, t3real).unwrap();
            let s = client.receive_header(&check, &a2, t8).unwrap();
            prop_assert!(s.is_interleaved());
            let expected = match set {
                TimestampSet::PreviousExchange => [t1, t2, t3real, t4],
                TimestampSet::LatestRequest => [t5, t6, t3real, t4],
            };
            prop_assert_eq!(stamps(s.sample()), expected);
            let [a, b, c, d] = expected;
            prop_assert_eq!(
                (s.sample().offset.to_bits(), s.sample().delay.to_bits()),
                by_hand(a, b, c, d)
            );
        }
    }
}

/// RFC 9769 section 2: the client limits the interleaved requests between
/// replies; after [`MAX_INTERLEAVED_REQUESTS`] unanswered ones it sends a
/// basic request (origin = the last reply's transmit field).
#[test]
fn unanswered_interleaved_requests_are_limited() {
    assert_eq!(MAX_INTERLEAVED_REQUESTS, 4);
    let check = ResponseCheck::new();
    let mut client = InterleavedClient::new();
    let r = client.request(Version::V4, ts(1), RequestFields::Timestamps);
    let a = reply(&r, &STATE, ts(10), ts(11)).unwrap();
    client.receive_header(&check, &a, ts(3)).unwrap();
    // Four interleaved requests, all lost: origin t2 each time.
    for n in 0..4u64 {
        let r = client.request(Version::V4, ts(20 + n), RequestFields::Timestamps);
        assert_eq!(r.origin_timestamp, ts(10), "request {n}");
    }
    // The fifth: basic, its own T1 in the transmit field.
    let basic = client.request(Version::V4, ts(30), RequestFields::Timestamps);
    assert_eq!(
        (
            basic.origin_timestamp,
            basic.receive_timestamp,
            basic.transmit_timestamp
        ),
        (ts(11), ts(3), ts(30))
    );
    let a = reply(&basic, &STATE, ts(40), ts(41)).unwrap();
    let s = client.receive_header(&check, &a, ts(33)).unwrap();
    assert!(!s.is_interleaved());
    assert_eq!(stamps(s.sample()), [ts(30), ts(40), ts(41), ts(33)]);
    // A valid reply restarts the count: interleaved again.
    let next = client.request(Version::V4, ts(50), RequestFields::Timestamps);
    assert_eq!(next.origin_timestamp, ts(40));
}

/// A broadcast carries every field of the server's state, whatever its
/// values (RFC 9769 section 4; RFC 5905 section 7.3).
#[test]
fn broadcast_header_carries_the_state() {
    let state = ServerState {
        leap: LeapIndicator::InsertSecond,
        stratum: Stratum(3),
        precision: Precision(-23),
        root_delay: ShortTime::from_bits(0x0001_8000),
        root_dispersion: ShortTime::from_bits(0x0000_4000),
        reference_id: ReferenceId([198, 51, 100, 9]),
        reference_timestamp: Timestamp::new(0xE100_0000, 7),
    };
    let b = interleaved_broadcast(&state, Version::V3, ts(1), ts(2));
    assert_eq!(
        (b.leap, b.version, b.stratum, b.precision),
        (
            LeapIndicator::InsertSecond,
            Version::V3,
            Stratum(3),
            Precision(-23)
        )
    );
    assert_eq!(
        (
            b.root_delay,
            b.root_dispersion,
            b.reference_id,
            b.reference_timestamp
        ),
        (
            ShortTime::from_bits(0x0001_8000),
            ShortTime::from_bits(0x0000_4000),
            ReferenceId([198, 51, 100, 9]),
            Timestamp::new(0xE100_0000, 7)
        )
    );
}
