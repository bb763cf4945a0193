//! Targets of the exchange layer: the server's replies, the client's checks.

use super::support::{formats, Reader};
use crate::exchange::{
    kiss_of_death, reply, reply_in_place, ExpectedReply, PreparedReply, Rejection, ResponseCheck,
    ServerState, TimestampField, VersionPolicy,
};
use crate::header::{Header, Packet, HEADER_LEN};
use crate::time::TimeDelta;
use crate::{
    KissCode, LeapIndicator, Mode, Precision, ReferenceId, ShortTime, Stratum, Timestamp, Version,
};

/// The server side: [`reply`], [`PreparedReply::answer`],
/// [`reply_in_place`], [`PreparedReply::answer_in_place`] and
/// [`kiss_of_death`] on any request octets and any server state.
///
/// - `reply`, a prepared reply and the in-place rewrite give the same
///   octets, or the same error, which is the header's own error when the
///   request does not parse.
/// - A reply passes the client's mode, version and origin tests against
///   its request; a kiss-o'-death is read back as that kiss code (INIT and
///   a zero reference id as unsynchronized) unless the request has no
///   transmit timestamp.
pub fn reply_build(data: &[u8]) {
    let (request_bytes, rest) = data.split_at(data.len().min(HEADER_LEN));
    let mut r = Reader(rest);
    let state = ServerState {
        leap: LeapIndicator::from_bits(r.u8()),
        stratum: Stratum(r.u8()),
        precision: Precision(r.u8() as i8),
        root_delay: ShortTime::from_bits(r.u32()),
        root_dispersion: ShortTime::from_bits(r.u32()),
        reference_id: ReferenceId(r.u32().to_be_bytes()),
        reference_timestamp: Timestamp::from_bits(r.u64()),
    };
    let (receive, transmit) = (Timestamp::from_bits(r.u64()), Timestamp::from_bits(r.u64()));
    let code = KissCode(r.u32().to_be_bytes());

    let mut prepared = PreparedReply::new(&state);
    let answered = prepared
        .answer(&Packet::new_unchecked(request_bytes), receive, transmit)
        .copied();
    // In place, over the request's own octets and whatever follows them:
    // the same 48 octets or the same error; the octets after the header
    // are no part of the reply, and on error nothing changes.
    let mut buf = [0u8; HEADER_LEN + 64];
    let len = data.len().min(buf.len());
    buf[..len].copy_from_slice(&data[..len]);
    let original = buf;
    let datagram = &mut buf[..len];
    let fresh = PreparedReply::new(&state);
    for prepared_too in [false, true] {
        datagram.copy_from_slice(&original[..len]);
        let outcome = if prepared_too {
            fresh.answer_in_place(datagram, receive, transmit)
        } else {
            reply_in_place(datagram, &state, receive, transmit)
        };
        match outcome {
            Ok(n) => {
                assert_eq!(n, HEADER_LEN);
                assert_eq!(
                    Ok(&datagram[..HEADER_LEN]),
                    answered.as_ref().map(|b| &b[..])
                );
                assert_eq!(&datagram[HEADER_LEN..], &original[HEADER_LEN..len]);
            }
            Err(e) => {
                assert_eq!(answered, Err(e));
                assert_eq!(&datagram[..], &original[..len]);
            }
        }
    }
    let request = match Header::from_bytes(request_bytes) {
        Ok(request) => request,
        Err(e) => {
            assert_eq!(answered, Err(e));
            return;
        }
    };
    let built = reply(&request, &state, receive, transmit);
    assert_eq!(answered, built.map(|h| h.to_bytes()), "prepared == reply");

    let Ok(built) = built else {
        assert!(
            !ExpectedReply::to(request.mode).allows(Mode::Server)
                && !ExpectedReply::to(request.mode).allows(Mode::SymmetricPassive)
        );
        return;
    };
    assert!(ExpectedReply::to(request.mode).allows(built.mode));
    assert_eq!(built.version, request.version);
    assert_eq!(built.origin_timestamp, request.transmit_timestamp);

    let check = ResponseCheck::new();
    let t1 = request.transmit_timestamp;
    let outcome = check.check(&request, t1, &built.to_bytes(), transmit);
    if t1.is_zero() {
        assert_eq!(
            outcome.err(),
            Some(Rejection::ZeroTimestamp(TimestampField::Origin))
        );
    } else if let Err(rejection) = outcome {
        assert!(
            !matches!(
                rejection,
                Rejection::WrongMode { .. }
                    | Rejection::VersionMismatch { .. }
                    | Rejection::Bogus { .. }
            ),
            "a reply built for the request fails the request tests: {rejection}"
        );
    }

    let kod = kiss_of_death(&request, code).expect("reply succeeded, so does a kiss");
    assert_eq!(
        (kod.mode, kod.stratum, kod.leap),
        (built.mode, Stratum(0), LeapIndicator::Unsynchronized)
    );
    let outcome = check.check(&request, t1, &kod.to_bytes(), transmit);
    let expected = if t1.is_zero() {
        Rejection::ZeroTimestamp(TimestampField::Origin)
    } else if code == KissCode::INIT || code.description().is_none() {
        // INIT, no code at all, or a code RFC 5905 does not define (no
        // protocol significance, section 7.4): a server with no time to
        // give, not a kiss.
        Rejection::Unsynchronized {
            leap: LeapIndicator::Unsynchronized,
            stratum: Stratum(0),
            reference_id: ReferenceId::from_kiss(code),
        }
    } else {
        Rejection::KissOfDeath(code)
    };
    assert_eq!(outcome.err(), Some(expected));
}

/// The client side: [`ResponseCheck::check`] and
/// [`ResponseCheck::broadcast`] on any request, reply and times.
///
/// - Neither panics, and every outcome formats.
/// - A sample obeys the request tests (mode pairing, version, origin) and
///   its offset and delay are RFC 5905 section 8's formulas over wrapping
///   differences, computed here independently in 128-bit arithmetic (the
///   delay saturated to 64 bits); its root distance is at least half the
///   delay's magnitude.
pub fn response_check(data: &[u8]) {
    let (request_bytes, rest) = data.split_at(data.len().min(HEADER_LEN));
    let mut head = [0u8; HEADER_LEN];
    head[..request_bytes.len()].copy_from_slice(request_bytes);
    let request = Header::from_bytes(&head).unwrap_or_else(|_| {
        let p = Packet::new_unchecked(&head[..]);
        Header {
            mode: p.mode(),
            transmit_timestamp: p.transmit_timestamp(),
            receive_timestamp: p.receive_timestamp(),
            ..Header::new(Version::V4, p.mode())
        }
    });
    let mut r = Reader(rest);
    let (t1, t4) = (Timestamp::from_bits(r.u64()), Timestamp::from_bits(r.u64()));
    let limit = core::time::Duration::from_millis(u64::from(r.u32()));
    let reply_bytes = r.0;
    let check = ResponseCheck::new().max_root_distance(limit);

    let outcome = check.check(&request, t1, reply_bytes, t4);
    // Accepting another version changes test 3 only.
    let lenient = check.version_policy(VersionPolicy::AcceptMismatch);
    match (&outcome, lenient.check(&request, t1, reply_bytes, t4)) {
        (Err(Rejection::VersionMismatch { .. }), other) => {
            assert!(!matches!(other, Err(Rejection::VersionMismatch { .. })));
        }
        (strict, other) => assert_eq!(strict, &other),
    }
    match outcome {
        Ok(sample) => {
            let h = sample.reply;
            assert_eq!(Header::from_bytes(reply_bytes), Ok(h));
            assert!(ExpectedReply::to(request.mode).allows(h.mode));
            assert_eq!(h.version, request.version);
            assert_eq!(h.origin_timestamp, request.transmit_timestamp);
            assert!(!h.origin_timestamp.is_zero());
            assert!(h.stratum.is_synchronized());
            assert_ne!(h.leap, LeapIndicator::Unsynchronized);
            assert!(sample.root_distance <= limit);
            let d = |a: Timestamp, b: Timestamp| {
                i128::from(a.to_bits().wrapping_sub(b.to_bits()) as i64)
            };
            let (t2, t3) = (h.receive_timestamp, h.transmit_timestamp);
            let offset = (d(t2, t1) + d(t3, t4)) >> 1;
            // Saturated, not wrapped.
            let delay = (d(t4, t1) - d(t3, t2)).clamp(i64::MIN.into(), i64::MAX.into()) as i64;
            assert_eq!(sample.offset, TimeDelta::from_bits(offset as i64));
            assert_eq!(sample.delay, TimeDelta::from_bits(delay));
            let half = TimeDelta::from_bits(delay / 2).abs_duration();
            assert!(
                sample.root_distance >= half.saturating_sub(core::time::Duration::from_micros(1))
            );
            formats(format_args!("{sample}"));
        }
        Err(rejection) => formats(format_args!("{rejection} {rejection:?}")),
    }
    match check.broadcast(
        reply_bytes,
        t4,
        TimeDelta::from_bits(i64::from(r.u32() as i32)),
    ) {
        Ok(b) => {
            assert_eq!(b.packet.mode, Mode::Broadcast);
            assert!(b.root_distance <= limit);
            formats(format_args!("{b:?}"));
        }
        Err(rejection) => formats(format_args!("{rejection}")),
    }
}
