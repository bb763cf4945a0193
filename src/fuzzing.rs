//! The bodies of the fuzz targets, as plain functions.
//!
//! `fuzz/fuzz_targets/<name>.rs` calls `<name>` under libFuzzer, and
//! `tests/corpus_replay.rs` calls the same function on every file of
//! `fuzz/corpus/<name>/` in an ordinary `cargo test` (the arrangement of
//! rustls), so stable CI checks the whole corpus without a fuzzer.
//!
//! Not part of the API: hidden from the docs and free to change. Unlike the
//! rest of the crate these functions panic on purpose: every `assert!` here
//! states an invariant of the codec, and its failure is the finding. Each
//! target checks that its entry point does not panic on any input, that
//! what it reads agrees with the raw octets, and that parse, emit, parse
//! gives back equal values and (the header being canonical: every bit is
//! kept) identical bytes.
//!
//! Adding a target: a function here and its line in [`TARGETS`], a 5-line
//! file `fuzz/fuzz_targets/<name>.rs`, a seed folder `fuzz/corpus/<name>/`.
//! The replay test fails until the three agree.

use core::fmt::{self, Write};

use crate::exchange::{
    kiss_of_death, reply, ExpectedReply, PreparedReply, Rejection, ResponseCheck, ServerState,
    TimestampField,
};
use crate::header::{Header, Packet, HEADER_LEN};
use crate::time::TimeDelta;
use crate::trailer::nts::{InnerFields, NtsRequest, NtsResponse};
use crate::trailer::nts_ke::{check_message, RecordWriter, Records};
use crate::trailer::{
    ms_sntp_request, write_ms_sntp, AutokeyField, ExtensionField, ExtensionFieldType,
    MsSntpAuthenticator, MsSntpExtendedAuthenticator, Strictness, Trailer, TrailerItem,
    TrailerWriter,
};
use crate::w32time::{ManualPeerList, NtpServerProvider, PeerFlags};
use crate::KissCode;
use crate::{
    Error, LeapIndicator, Mode, Poll, Precision, ReferenceId, ShortTime, Stratum, Timestamp,
    Version,
};

/// A fuzz target body: takes any octets, panics only on a broken invariant.
pub type Target = fn(&[u8]);

/// Every target by name: the name of its file in `fuzz/fuzz_targets/` and of
/// its folder in `fuzz/corpus/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("header_view", header_view),
    ("header_roundtrip", header_roundtrip),
    ("header_emit", header_emit),
    ("peer_flags", peer_flags),
    ("manual_peer_list", manual_peer_list),
    ("reply_build", reply_build),
    ("response_check", response_check),
    ("trailer_walk", trailer_walk),
    ("trailer_write", trailer_write),
    ("nts", nts),
    ("nts_ke", nts_ke),
    ("autokey", autokey),
    ("ms_sntp", ms_sntp),
];

/// [`Packet::new_checked`] and every getter and setter of the view.
///
/// - The check accepts or rejects exactly as RFC 5905 section 7.3 says,
///   with the error the documentation promises, in its order (length,
///   version, mode).
/// - Over any buffer of at least 48 octets (whatever its version or mode)
///   every getter reads the bits at its offsets, and writing each value
///   back with its setter over a junk buffer rebuilds the 48 octets.
/// - Every value read formats (`Debug`, `Display`) without panicking.
pub fn header_view(data: &[u8]) {
    assert_eq!(
        Packet::new_checked(data).map(|p| p.packet_len()),
        expected_check(data).map(|()| data.len()),
        "new_checked on {data:02x?}"
    );
    if Packet::new_unchecked(data).check_len().is_err() {
        assert!(data.len() < HEADER_LEN);
        return;
    }
    let p = Packet::new_unchecked(data);
    let b0 = data[0];
    assert_eq!(p.leap().to_bits(), b0 >> 6);
    assert_eq!(p.version().to_bits(), (b0 >> 3) & 0b111);
    assert_eq!(p.mode().to_bits(), b0 & 0b111);
    assert_eq!(p.stratum().0, data[1]);
    assert_eq!(p.poll().to_bits(), data[2]);
    assert_eq!(p.precision().to_bits(), data[3]);
    assert_eq!(p.root_delay().to_bits().to_be_bytes(), data[4..8]);
    assert_eq!(p.root_dispersion().to_bits().to_be_bytes(), data[8..12]);
    assert_eq!(p.reference_id().octets(), data[12..16]);
    assert_eq!(p.reference_timestamp().to_be_bytes(), data[16..24]);
    assert_eq!(p.origin_timestamp().to_be_bytes(), data[24..32]);
    assert_eq!(p.receive_timestamp().to_be_bytes(), data[32..40]);
    assert_eq!(p.transmit_timestamp().to_be_bytes(), data[40..48]);
    assert_eq!(p.payload(), &data[HEADER_LEN..]);
    assert_eq!(p.as_bytes(), data);
    assert_eq!(p.packet_len(), data.len());

    // Setters: each value read, written back over the complement of the
    // input (so an octet a setter forgets cannot match by chance).
    let mut buf = [0u8; HEADER_LEN];
    for (out, &b) in buf.iter_mut().zip(data) {
        *out = !b;
    }
    let mut w = Packet::new_unchecked(&mut buf[..]);
    w.set_leap(p.leap());
    w.set_version(p.version());
    w.set_mode(p.mode());
    w.set_stratum(p.stratum());
    w.set_poll(p.poll());
    w.set_precision(p.precision());
    w.set_root_delay(p.root_delay());
    w.set_root_dispersion(p.root_dispersion());
    w.set_reference_id(p.reference_id());
    w.set_reference_timestamp(p.reference_timestamp());
    w.set_origin_timestamp(p.origin_timestamp());
    w.set_receive_timestamp(p.receive_timestamp());
    w.set_transmit_timestamp(p.transmit_timestamp());
    assert_eq!(buf[..], data[..HEADER_LEN], "setters rebuild the header");

    // Everything read must format, whatever the octets.
    let stratum = p.stratum();
    let refid = p.reference_id();
    formats(format_args!("{:?} {}", p.leap(), p.leap()));
    formats(format_args!("{:?} {}", p.version(), p.version()));
    formats(format_args!("{:?} {}", p.mode(), p.mode()));
    formats(format_args!("{stratum:?} {stratum}"));
    formats(format_args!("{:?} {}", p.poll(), p.poll()));
    formats(format_args!("{:?} {}", p.precision(), p.precision()));
    formats(format_args!("{:?} {}", p.root_delay(), p.root_delay()));
    formats(format_args!("{refid:?} {}", refid.interpret(stratum)));
    if let Some(kiss) = refid.kiss_code(stratum) {
        formats(format_args!("{kiss:?} {kiss} {:?}", kiss.description()));
    }
    for ts in [
        p.reference_timestamp(),
        p.origin_timestamp(),
        p.receive_timestamp(),
        p.transmit_timestamp(),
    ] {
        formats(format_args!("{ts:?} {ts}"));
    }
    if let Ok(h) = Header::parse(&p) {
        formats(format_args!("{h:?}"));
    }
}

/// [`Header::parse`], [`Header::emit`] and [`Header::to_bytes`] back to back.
///
/// - `parse` fails exactly when [`Packet::new_checked`] does, with the same
///   error, and ignores the octets after the header.
/// - A parsed header emits the same 48 octets (into a junk buffer, leaving
///   the octets after them alone), `to_bytes` gives them too, and parsing
///   those gives an equal header.
/// - Emitting into a buffer shorter than 48 octets is
///   [`Error::BufferTooSmall`] and writes nothing.
pub fn header_roundtrip(data: &[u8]) {
    let parsed = Header::from_bytes(data);
    assert_eq!(
        parsed.map(|_| ()),
        Packet::new_checked(data).map(|_| ()),
        "parse and the view's check agree"
    );
    let Ok(h) = parsed else { return };
    let header = &data[..HEADER_LEN];
    assert_eq!(Header::from_bytes(header), Ok(h), "the trailer is ignored");

    // Emit over junk that must survive past octet 48.
    let mut buf = [0u8; HEADER_LEN + 4];
    for (out, &b) in buf.iter_mut().zip(header) {
        *out = !b;
    }
    buf[HEADER_LEN..].copy_from_slice(&[0xa5; 4]);
    assert_eq!(h.emit(&mut Packet::new_unchecked(&mut buf[..])), Ok(48));
    assert_eq!(&buf[..HEADER_LEN], header, "emit gives the input back");
    assert_eq!(buf[HEADER_LEN..], [0xa5; 4], "emit stays in the header");
    assert_eq!(h.buffer_len(), HEADER_LEN);

    let bytes = h.to_bytes();
    assert_eq!(&bytes[..], header, "to_bytes gives the input back");
    assert_eq!(Header::from_bytes(&bytes), Ok(h), "parse(emit(h)) == h");

    // Too short an output buffer: an error, and no octet written.
    let short = data.len() % HEADER_LEN;
    let mut small = [0x5au8; HEADER_LEN - 1];
    assert_eq!(
        h.emit_slice(&mut small[..short]),
        Err(Error::BufferTooSmall {
            needed: HEADER_LEN,
            available: short,
        })
    );
    assert_eq!(
        small,
        [0x5a; HEADER_LEN - 1],
        "a failed emit writes nothing"
    );

    #[cfg(feature = "bytes")]
    {
        let mut input = data;
        assert_eq!(Header::parse_buf(&mut input), Ok(h));
        assert_eq!(input, &data[HEADER_LEN..], "parse_buf consumes 48 octets");
        let mut out = [0u8; HEADER_LEN];
        let mut sink = &mut out[..];
        assert_eq!(h.emit_buf(&mut sink), Ok(HEADER_LEN));
        assert!(sink.is_empty());
        assert_eq!(&out[..], header);
    }
}

/// Any [`Header`] value, built field by field from the input (in an order
/// unlike the wire's), through [`Header::to_bytes`], [`Header::emit`] and
/// the view's setters, and back.
///
/// - Every value is written losslessly (including version 0, 5, 6, 7 and
///   modes 6, 7, which tests and fuzzers of other stacks need): the getters
///   read each field back, and the three writers give the same octets.
/// - Parsing the octets gives the header back exactly when its version and
///   mode make a time packet, and the view's error otherwise.
pub fn header_emit(data: &[u8]) {
    let mut r = Reader(data);
    let h = Header {
        transmit_timestamp: Timestamp::from_bits(r.u64()),
        mode: Mode::from_bits(r.u8()),
        version: Version::from_bits(r.u8()),
        leap: LeapIndicator::from_bits(r.u8()),
        stratum: Stratum(r.u8()),
        reference_id: ReferenceId(r.u32().to_be_bytes()),
        poll: Poll(r.u8() as i8),
        precision: Precision(r.u8() as i8),
        root_delay: ShortTime::from_bits(r.u32()),
        root_dispersion: ShortTime::from_bits(r.u32()),
        origin_timestamp: Timestamp::from_bits(r.u64()),
        receive_timestamp: Timestamp::from_bits(r.u64()),
        reference_timestamp: Timestamp::from_bits(r.u64()),
    };
    let bytes = h.to_bytes();

    let mut emitted = [0xa5u8; HEADER_LEN];
    assert_eq!(h.emit_slice(&mut emitted), Ok(HEADER_LEN));
    assert_eq!(emitted, bytes, "emit and to_bytes agree");

    let mut set = [0x5au8; HEADER_LEN];
    let mut w = Packet::new_unchecked(&mut set[..]);
    w.set_leap(h.leap);
    w.set_version(h.version);
    w.set_mode(h.mode);
    w.set_stratum(h.stratum);
    w.set_poll(h.poll);
    w.set_precision(h.precision);
    w.set_root_delay(h.root_delay);
    w.set_root_dispersion(h.root_dispersion);
    w.set_reference_id(h.reference_id);
    w.set_reference_timestamp(h.reference_timestamp);
    w.set_origin_timestamp(h.origin_timestamp);
    w.set_receive_timestamp(h.receive_timestamp);
    w.set_transmit_timestamp(h.transmit_timestamp);
    assert_eq!(set, bytes, "the setters and emit agree");

    let p = Packet::new_unchecked(&bytes[..]);
    let read = Header {
        leap: p.leap(),
        version: p.version(),
        mode: p.mode(),
        stratum: p.stratum(),
        poll: p.poll(),
        precision: p.precision(),
        root_delay: p.root_delay(),
        root_dispersion: p.root_dispersion(),
        reference_id: p.reference_id(),
        reference_timestamp: p.reference_timestamp(),
        origin_timestamp: p.origin_timestamp(),
        receive_timestamp: p.receive_timestamp(),
        transmit_timestamp: p.transmit_timestamp(),
    };
    assert_eq!(read, h, "every value is written losslessly");

    assert_eq!(
        Header::from_bytes(&bytes),
        expected_check(&bytes).map(|()| h),
        "parse accepts exactly the time packets"
    );
}

/// [`PeerFlags`] text (`0x9`), any input.
///
/// - Parsing never panics; what parses formats to the canonical `0xN`,
///   which parses back to the same bits.
/// - The request-mode rule holds for every value: 0x8 gives client mode,
///   else 0x4 gives symmetric active, else the provider decides; the
///   diagnosis names that mode, formats, and its fix always gives mode 3.
pub fn peer_flags(data: &[u8]) {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(flags) = text.parse::<PeerFlags>() else {
        return;
    };
    let mut out = StackText::<16>::new();
    assert!(write!(out, "{flags}").is_ok());
    assert_eq!(out.as_str().parse::<PeerFlags>(), Ok(flags), "{text:?}");
    for provider in [NtpServerProvider::Enabled, NtpServerProvider::Disabled] {
        let bits = flags.bits();
        let expected = if bits & 0x8 != 0 {
            Mode::Client
        } else if bits & 0x4 != 0 || provider == NtpServerProvider::Enabled {
            Mode::SymmetricActive
        } else {
            Mode::Client
        };
        assert_eq!(
            flags.request_mode(provider),
            expected,
            "{flags} {provider:?}"
        );
        let diagnosis = flags.diagnose(provider);
        assert_eq!(diagnosis.mode(), expected);
        formats(format_args!("{diagnosis}"));
        assert_eq!(diagnosis.fixed_flags().request_mode(provider), Mode::Client);
    }
}

/// [`ManualPeerList::parse`] and [`ManualPeerList::scan`], any text.
///
/// - Neither panics; `parse` succeeds exactly when every entry `scan`
///   yields is a peer, and then fails on the first error `scan` reports.
/// - Each peer's canonical text (`host,0xN`) parses on its own back to
///   the same host and flags; hosts are unique, case-insensitively.
pub fn manual_peer_list(data: &[u8]) {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let parsed = ManualPeerList::parse(text);
    let first_error = ManualPeerList::scan(text).find_map(|entry| entry.err());
    assert_eq!(parsed.err(), first_error, "{text:?}");
    let Ok(list) = parsed else { return };
    assert_eq!(list.iter().count(), list.len());
    for (i, peer) in list.iter().enumerate() {
        assert!(peer.offset < text.len());
        let mut out = StackText::<300>::new();
        assert!(write!(out, "{peer}").is_ok());
        let alone = ManualPeerList::parse(out.as_str()).expect("a peer's own text parses");
        let back = alone.iter().next().expect("one peer");
        assert_eq!((back.host, back.flags), (peer.host, peer.flags));
        for earlier in list.iter().take(i) {
            assert!(
                !earlier.host.eq_ignore_ascii_case(peer.host),
                "duplicate {}",
                peer.host
            );
        }
        assert_eq!(list.get(peer.host).map(|p| p.flags), Some(peer.flags));
    }
    formats(format_args!("{list:?}"));
}

/// The server side: [`reply`], [`PreparedReply::answer`] and
/// [`kiss_of_death`] on any request octets and any server state.
///
/// - `reply` and a prepared reply give the same octets, or the same error,
///   which is the header's own error when the request does not parse.
/// - A reply passes the client's mode, version and origin tests against
///   its request; a kiss-o'-death is read back as that kiss code (INIT as
///   unsynchronized) unless the request has no transmit timestamp.
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
    } else if code == KissCode::INIT {
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
///   differences, computed here independently in 128-bit arithmetic.
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

    match check.check(&request, t1, reply_bytes, t4) {
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
            let delay = (d(t4, t1) - d(t3, t2)) as i64;
            assert_eq!(sample.offset, TimeDelta::from_bits(offset as i64));
            assert_eq!(sample.delay, TimeDelta::from_bits(delay));
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

/// The trailer walk, strict and lenient, over any packet.
///
/// - Neither panics nor runs long: at most one item per 4 octets, then the
///   walk ends (an error ends it too).
/// - Items tile the packet: each starts where the previous ended, the
///   first at octet 48, and a strict walk that succeeds ends exactly at the
///   end of the packet; a MAC is last and covers everything before its key
///   id; a crypto-NAK is the whole trailer.
/// - Strict items waive no rule, and where the strict walk succeeds the
///   lenient one yields the same items.
pub fn trailer_walk(data: &[u8]) {
    let strict = walk_items(data, Strictness::Strict);
    let lenient = walk_items(data, Strictness::Lenient);
    if let (Ok(strict), Ok(lenient)) = (&strict, &lenient) {
        for (a, b) in strict.iter().zip(lenient.iter()) {
            assert_eq!(a, b, "lenient agrees with a strict walk that succeeds");
        }
        assert_eq!(strict.len(), lenient.len());
    }
    if let Ok(items) = &strict {
        assert!(items.iter().all(|i| i.2.is_none()), "strict waives nothing");
    }
}

/// The items of one walk (at most 64, enough for any 4 KiB input the
/// fuzzer makes), checked for tiling; `Err` if the walk failed.
fn walk_items(
    data: &[u8],
    strictness: Strictness,
) -> Result<Vec64<(usize, usize, Option<crate::TrailerRule>)>, Error> {
    let mut items = Vec64::new();
    let mut pos = HEADER_LEN;
    let mut steps = 0;
    let mut ended_with_mac = false;
    for item in Trailer::with_strictness(data, strictness) {
        steps += 1;
        assert!(steps <= data.len() / 4 + 1, "the walk is bounded");
        let item = item?;
        assert!(!ended_with_mac, "nothing after a MAC");
        assert_eq!(item.offset(), pos, "items tile the packet");
        assert!(item.len() >= 4 || strictness == Strictness::Lenient);
        match item {
            TrailerItem::Field(f) => {
                assert_eq!(f.range(), pos..pos + f.len());
                assert_eq!(f.as_bytes(), &data[f.range()]);
                assert_eq!(f.body(), &data[f.body_range()]);
                formats(format_args!("{}", f.field_type()));
            }
            TrailerItem::Mac(m) => {
                assert_eq!(m.authenticated_range(), 0..pos);
                assert_eq!(m.digest(), &data[m.digest_range()]);
                assert_eq!(m.key_id().to_be_bytes(), data[pos..pos + 4]);
                ended_with_mac = true;
            }
            TrailerItem::CryptoNak => {
                assert_eq!(pos, HEADER_LEN);
                assert_eq!(data[HEADER_LEN..], [0, 0, 0, 0]);
            }
            _ => ended_with_mac = true,
        }
        pos += item.len();
        items.push((item.offset(), item.len(), item.waived()));
    }
    if data.len() >= HEADER_LEN {
        assert_eq!(pos, data.len(), "a walk that ends well reads every octet");
    }
    Ok(items)
}

/// Any sequence of fields and an optional MAC, built from the input,
/// written by [`TrailerWriter`] after a version 4 header and walked back.
///
/// - Writing succeeds or gives a typed error, never a panic.
/// - A finished trailer walks back strictly to the same fields (type and
///   body, zero padding) and the same MAC.
pub fn trailer_write(data: &[u8]) {
    let mut r = Reader(data);
    let mut buf = [0xa5u8; 1024];
    buf[..HEADER_LEN].copy_from_slice(&Header::new(Version::V4, Mode::Client).to_bytes());
    let Ok(mut w) = TrailerWriter::new(&mut buf) else {
        return;
    };
    let count = r.u8() % 6;
    let mut written = [(0u16, 0usize, 0usize); 6];
    let mut n = 0;
    for _ in 0..count {
        let field_type = r.u16();
        let body_len = usize::from(r.u8());
        let body_start = data.len() - r.0.len();
        let body = &r.0[..body_len.min(r.0.len())];
        r.0 = &r.0[body.len()..];
        match w.field(ExtensionFieldType(field_type), body) {
            Ok(range) => {
                written[n] = (field_type, body_start, body.len());
                n += 1;
                assert_eq!(range.len() % 4, 0);
            }
            Err(e) => {
                formats(format_args!("{e}"));
                return;
            }
        }
    }
    let mac = match r.u8() % 3 {
        0 => None,
        k => {
            let key_id = r.u32();
            let digest_len = if k == 1 { 16 } else { 20 };
            let digest = &r.0[..digest_len.min(r.0.len())];
            if digest.len() != digest_len {
                None
            } else {
                match w.mac(key_id, digest) {
                    Ok(_) => Some((key_id, digest)),
                    Err(e) => {
                        formats(format_args!("{e}"));
                        return;
                    }
                }
            }
        }
    };
    let len = match w.finish() {
        Ok(len) => len,
        Err(e) => {
            formats(format_args!("{e}"));
            return;
        }
    };
    let packet = &buf[..len];
    let mut fields = 0;
    let mut seen_mac = None;
    for item in Trailer::new(packet) {
        match item.expect("written trailers walk back strictly") {
            TrailerItem::Field(f) => {
                let (t, start, body_len) = written[fields];
                assert_eq!(f.field_type(), ExtensionFieldType(t));
                assert_eq!(&f.body()[..body_len], &data[start..start + body_len]);
                assert!(f.body()[body_len..].iter().all(|&b| b == 0), "zero padding");
                fields += 1;
            }
            TrailerItem::Mac(m) => seen_mac = Some((m.key_id(), m.digest())),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(fields, n);
    assert_eq!(seen_mac, mac);
}

/// The NTS readers (RFC 8915 section 5) on any packet: the request and
/// response checks, each field view, and the walk of decrypted inner
/// fields. None panics; every range given lies within the packet, and the
/// associated data ends where the authenticator starts.
pub fn nts(data: &[u8]) {
    if let Ok(req) = NtsRequest::parse(data) {
        let a = req.authenticator;
        assert_eq!(a.associated_data_range(), 0..a.field().offset());
        assert!(a.nonce_range().end <= data.len() && a.ciphertext_range().end <= data.len());
        assert_eq!(
            a.field().range().end,
            data.len(),
            "the authenticator is last"
        );
        assert!(req.unique_id.id().len() >= 32);
        assert!(!req.cookie.cookie().is_empty() || req.cookie.field().len() >= 4);
    }
    if let Ok(resp) = NtsResponse::parse(data) {
        let a = resp.authenticator;
        assert_eq!(a.associated_data_range(), 0..a.field().offset());
        assert_eq!(
            a.field().range().end,
            data.len(),
            "the authenticator is last"
        );
        assert!(a.nonce().len() <= data.len() && a.ciphertext().len() <= data.len());
    }
    let inner = data.get(HEADER_LEN..).unwrap_or(data);
    let mut steps = 0;
    for field in InnerFields::new(inner) {
        steps += 1;
        assert!(steps <= inner.len() / 4 + 1);
        match field {
            Ok(f) => assert_eq!(f.as_bytes(), &inner[f.range()]),
            Err(_) => break,
        }
    }
}

/// NTS-KE records (RFC 8915 section 4) from any octets: reading never
/// panics, every record's octets are where it says, and writing the
/// records read again gives the same octets.
pub fn nts_ke(data: &[u8]) {
    let _ = check_message(data);
    let mut out = [0u8; 4096];
    let mut w = RecordWriter::new(&mut out);
    let mut end = 0;
    for record in Records::new(data) {
        let Ok(record) = record else { return };
        assert_eq!(record.as_bytes(), &data[record.range()]);
        assert_eq!(record.range().start, end);
        end = record.range().end;
        if let Ok(body) = record.parse_body() {
            formats(format_args!("{body:?}"));
        }
        let range = w
            .record(record.critical(), record.record_type(), record.body())
            .expect("a record read fits the same space");
        assert_eq!(range, record.range());
    }
    assert_eq!(&out[..end], &data[..end], "records re-emit identically");
}

/// Autokey (RFC 5906) field headers and bodies from any octets: every
/// length is checked against the field, so no input panics, and every
/// part read lies inside the field.
pub fn autokey(data: &[u8]) {
    let Ok(field) = ExtensionField::parse(data, 0) else {
        return;
    };
    let ak = AutokeyField::new(field);
    formats(format_args!(
        "{:?} {} {} {}",
        ak.code(),
        ak.version(),
        ak.is_response(),
        ak.is_error()
    ));
    if let Ok(m) = ak.message() {
        let body = field.body();
        for part in [m.value, m.signature].into_iter().flatten() {
            assert!(part.len() <= body.len());
        }
    }
}

/// The MS-SNTP authenticators ([MS-SNTP] section 2.2) on any packet: the
/// views and the request rule never panic, and a 68-octet authenticator
/// read is written back to the same octets.
pub fn ms_sntp(data: &[u8]) {
    let _ = ms_sntp_request(data);
    if let Ok(a) = MsSntpAuthenticator::from_packet(data) {
        let mut checksum = [0u8; 16];
        checksum.copy_from_slice(a.checksum());
        let mut out = [0u8; 68];
        out[..HEADER_LEN].copy_from_slice(&data[..HEADER_LEN]);
        assert_eq!(write_ms_sntp(&mut out, a.key_id(), &checksum), Ok(68));
        assert_eq!(&out[..], &data[..68]);
    }
    if let Ok(e) = MsSntpExtendedAuthenticator::from_packet(data) {
        formats(format_args!(
            "{:?} {:?} {:?}",
            e.key_id(),
            e.flags(),
            e.signature_hash_id()
        ));
        assert_eq!(e.checksum().len(), 64);
    }
}

/// A fixed-capacity list, so the targets need no allocator.
struct Vec64<T> {
    items: [Option<T>; 64],
    len: usize,
}

impl<T: Copy + PartialEq + fmt::Debug> Vec64<T> {
    fn new() -> Self {
        Vec64 {
            items: [None; 64],
            len: 0,
        }
    }

    fn push(&mut self, item: T) {
        if self.len < 64 {
            self.items[self.len] = Some(item);
            self.len += 1;
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.items[..self.len].iter().flatten()
    }
}

/// Formats into a fixed buffer, for the round trips of text targets
/// without an allocator. Overflow is a formatting error.
struct StackText<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> StackText<N> {
    fn new() -> Self {
        StackText {
            buf: [0; N],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> Write for StackText<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self
            .len
            .checked_add(s.len())
            .filter(|&e| e <= N)
            .ok_or(fmt::Error)?;
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// What [`Packet::check`] must answer, straight from RFC 5905 section 7.3
/// and the [`Error`] docs: length first, then version, then mode.
fn expected_check(data: &[u8]) -> Result<(), Error> {
    if data.len() < HEADER_LEN {
        return Err(Error::Truncated {
            needed: HEADER_LEN,
            available: data.len(),
        });
    }
    match (data[0] >> 3) & 0b111 {
        1..=4 => {}
        5 => return Err(Error::Ntpv5),
        version => return Err(Error::BadVersion { version }),
    }
    match data[0] & 0b111 {
        6 => Err(Error::UnsupportedMode {
            mode: Mode::Control,
        }),
        7 => Err(Error::UnsupportedMode {
            mode: Mode::Private,
        }),
        _ => Ok(()),
    }
}

/// Formats into nothing, asserting only that formatting succeeds and writes
/// something: no allocation, so the targets stay `no_std`.
fn formats(args: fmt::Arguments<'_>) {
    struct Count(usize);
    impl Write for Count {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut count = Count(0);
    assert!(count.write_fmt(args).is_ok(), "formatting never fails");
    assert!(count.0 > 0, "formatting writes something");
}

/// Takes big-endian integers off the front of the input, zeros once it runs
/// out, so every input (even empty) builds a value.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }

    fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }

    fn u16(&mut self) -> u16 {
        u16::from_be_bytes(self.take())
    }

    fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take())
    }

    fn u64(&mut self) -> u64 {
        u64::from_be_bytes(self.take())
    }
}
