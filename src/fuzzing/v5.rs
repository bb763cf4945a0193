//! Targets of the NTPv5 module: the view, the field walk, the builders,
//! the Bloom filter.

use super::support::{formats, Reader};
use crate::fields::ExtensionFieldType;
use crate::trailer::Strictness;
use crate::v5::{
    BloomFilter, Cookie, FieldValue, FieldWriter, Fields, Header, Packet, ReferenceIdsRequest,
    Reply, Request, ServerId, Timescale, DRAFT_07, DRAFT_08, DRAFT_09, HEADER_LEN,
};
use crate::{Error, Kind, Message, V5Rule};

/// The check ntpd-rs 1.9 makes, written out: what `new_checked` must
/// give, strictly or not.
fn expected_check(data: &[u8], strict: bool) -> Result<(), Error> {
    if data.len() < HEADER_LEN {
        return Err(Error::truncated(HEADER_LEN, data.len()));
    }
    let version = (data[0] >> 3) & 7;
    match version {
        0 | 6 | 7 => return Err(Error::BadVersion { version }),
        5 => {}
        _ => return Err(Error::v5(0, V5Rule::Version { version })),
    }
    let mode = data[0] & 7;
    if mode != 3 && mode != 4 {
        return Err(Error::v5(0, V5Rule::Mode { mode }));
    }
    if data.len() % 4 != 0 {
        return Err(Error::v5(
            data.len() / 4 * 4,
            V5Rule::Unaligned {
                length: crate::wire::to_u32(data.len()),
            },
        ));
    }
    if strict && data[12] > 3 {
        return Err(Error::v5(
            12,
            V5Rule::UnknownTimescale {
                timescale: data[12],
            },
        ));
    }
    let flags = u16::from_be_bytes([data[14], data[15]]);
    if strict && flags & !7 != 0 {
        return Err(Error::v5(14, V5Rule::UnknownFlags { flags }));
    }
    Ok(())
}

/// [`Packet::new_checked`] (strict and lenient), every getter and setter,
/// [`Header`] parse and emit, and the front door.
///
/// - The checks accept or reject exactly as the draft and ntpd-rs say,
///   with the documented error, in their order.
/// - Every getter reads the octets at its offsets; the setters, fed the
///   values read, rebuild the header over a junk buffer; the leniently
///   parsed header emits back to the same 48 octets.
/// - [`Message::parse`] gives [`Message::V5`] exactly when the strict check
///   passes.
pub fn v5_view(data: &[u8]) {
    assert_eq!(
        Packet::new_checked(data).map(|p| p.packet_len()),
        expected_check(data, true).map(|()| data.len())
    );
    let lenient = Packet::new_checked_with(data, Strictness::Lenient);
    assert_eq!(
        lenient.map(|p| p.packet_len()),
        expected_check(data, false).map(|()| data.len())
    );
    if Kind::of(data) == Ok(Kind::TimeV5) {
        assert_eq!(
            Message::parse(data).map(|m| m.as_bytes().len()),
            Packet::new_checked(data).map(|p| p.packet_len())
        );
    }
    if data.len() < HEADER_LEN {
        return;
    }
    let p = Packet::new_unchecked(data);
    assert_eq!(p.leap().to_bits(), data[0] >> 6);
    assert_eq!(p.version().to_bits(), (data[0] >> 3) & 7);
    assert_eq!(p.mode().to_bits(), data[0] & 7);
    assert_eq!(p.stratum().0, data[1]);
    assert_eq!(p.poll().to_bits(), data[2]);
    assert_eq!(p.precision().to_bits(), data[3]);
    assert_eq!(p.root_delay().to_bits().to_be_bytes(), data[4..8]);
    assert_eq!(p.root_dispersion().to_bits().to_be_bytes(), data[8..12]);
    assert_eq!(p.timescale().0, data[12]);
    assert_eq!(p.era(), data[13]);
    assert_eq!(p.flags().0.to_be_bytes(), data[14..16]);
    assert_eq!(p.server_cookie().0, data[16..24]);
    assert_eq!(p.client_cookie().0, data[24..32]);
    assert_eq!(p.receive_timestamp().to_be_bytes(), data[32..40]);
    assert_eq!(p.transmit_timestamp().to_be_bytes(), data[40..48]);
    assert_eq!(p.payload(), &data[HEADER_LEN..]);

    let mut buf = [0u8; HEADER_LEN];
    for (out, &b) in buf.iter_mut().zip(data) {
        *out = !b;
    }
    // The version bits are the one part the setters leave alone.
    buf[0] = (buf[0] & !0x38) | (data[0] & 0x38);
    let mut w = Packet::new_unchecked(&mut buf[..]);
    w.set_leap(p.leap());
    w.set_mode(p.mode());
    w.set_stratum(p.stratum());
    w.set_poll(p.poll());
    w.set_precision(p.precision());
    w.set_root_delay(p.root_delay());
    w.set_root_dispersion(p.root_dispersion());
    w.set_timescale(p.timescale());
    w.set_era(p.era());
    w.set_flags(p.flags());
    w.set_server_cookie(p.server_cookie());
    w.set_client_cookie(p.client_cookie());
    w.set_receive_timestamp(p.receive_timestamp());
    w.set_transmit_timestamp(p.transmit_timestamp());
    assert_eq!(buf[..], data[..HEADER_LEN], "setters rebuild the header");

    if let Ok(h) = Header::parse_with(&p, Strictness::Lenient) {
        assert_eq!(h.to_bytes()[..], data[..HEADER_LEN]);
        assert_eq!(Header::parse(&p).is_ok(), Packet::new_checked(data).is_ok());
        formats(format_args!("{h} {h:?}"));
        let mut again = [0xa5u8; HEADER_LEN];
        assert_eq!(h.emit_slice(&mut again), Ok(HEADER_LEN));
        assert_eq!(again[..], data[..HEADER_LEN]);
    }
}

/// The [`Fields`] walk and [`FieldValue`] over any octets after a header.
///
/// - The walk ends: each field starts where the previous one ended, takes
///   at least 4 octets and a whole number of words, lies inside the
///   packet, and the walk either reaches the end or stops at one error.
/// - Nothing but a Correction follows a MAC; nothing follows a
///   Correction.
/// - Each field's typed value, written again with [`FieldWriter`], reads
///   back as the same value, and as the same octets when the field's
///   padding is zero (a Reference IDs Request's octets after its offset
///   excepted: padding too).
pub fn v5_fields(data: &[u8]) {
    let mut pos = HEADER_LEN;
    let mut steps = 0;
    let mut after_mac = false;
    let mut after_correction = false;
    let mut ended_well = false;
    let mut walk = Fields::new(data);
    for item in walk.by_ref() {
        steps += 1;
        assert!(steps <= data.len() / 4 + 1, "bounded");
        let f = match item {
            Ok(f) => f,
            Err(_) => break,
        };
        assert_eq!(f.offset(), pos);
        assert!(f.len() >= 4 && f.len() % 4 == 0 && f.len() >= usize::from(f.length()));
        assert!(f.len() < usize::from(f.length()) + 4);
        assert_eq!(f.as_bytes(), &data[pos..pos + f.len()]);
        assert!(!after_correction);
        let t = f.field_type();
        assert!(!after_mac || t == ExtensionFieldType::V5_CORRECTION);
        after_mac |= t == ExtensionFieldType::V5_MAC;
        after_correction |= t == ExtensionFieldType::V5_CORRECTION;
        pos += f.len();
        ended_well = pos == data.len();
        if let Ok(v) = FieldValue::read(&f) {
            assert_eq!(v.field_type(), t);
            rewrite(data, &f, &v);
        }
    }
    assert!(walk.next().is_none(), "fused");
    if data.len() >= HEADER_LEN && data.len() <= u32::MAX as usize {
        assert_eq!(
            Fields::new(data).check().is_ok(),
            ended_well || data.len() == HEADER_LEN
        );
    }
}

/// The field `f`, typed as `v`, written again after `data`'s header.
fn rewrite(data: &[u8], f: &crate::trailer::ExtensionField<'_>, v: &FieldValue<'_>) {
    let mut buf = [0u8; 66_000];
    let Some(out) = buf.get_mut(..HEADER_LEN + f.len()) else {
        return;
    };
    out[0] = 0x2b;
    let mut w = FieldWriter::new(out).expect("a v5 header");
    assert_eq!(w.value(v), Ok(HEADER_LEN..HEADER_LEN + f.len()));
    let back = Fields::new(out)
        .next()
        .expect("one field")
        .expect("readable");
    match (FieldValue::read(&back).expect("typed"), *v) {
        (FieldValue::Other(a), FieldValue::Other(b)) => {
            assert_eq!((a.field_type(), a.body()), (b.field_type(), b.body()))
        }
        (a, b) => assert_eq!(a, b),
    }
    let padding_zero = f.as_bytes()[usize::from(f.length())..]
        .iter()
        .all(|b| *b == 0);
    let refids = matches!(v, FieldValue::ReferenceIdsRequest(_));
    if padding_zero && !refids {
        assert_eq!(back.as_bytes(), f.as_bytes());
    }
    let _ = data;
}

/// [`Request::emit`] from fields the input chooses, then [`Reply::emit`]
/// to it and to the raw input.
///
/// - The request reads back: its header, then its fields in order, as
///   long as [`Request::buffer_len`] says.
/// - The reply is exactly as long as the request, echoes its client
///   cookie, carries the server's header otherwise, and walks cleanly.
/// - Any octets as a request give a reply or a typed error, and a reply
///   only to what the strict view takes.
pub fn v5_build(data: &[u8]) {
    let mut r = Reader(data);
    let flags = r.u8();
    let draft = match flags & 3 {
        0 => None,
        1 => Some(DRAFT_07),
        2 => Some(DRAFT_08),
        _ => Some(DRAFT_09),
    };
    let refids = (flags & 4 != 0).then(|| ReferenceIdsRequest {
        offset: r.u16() % 1024,
        length: r.u16() % 600,
    });
    let request = Request {
        timescale: Timescale(r.u8() % 4),
        interleaved: flags & 8 != 0,
        server_cookie: Cookie::from_u64(r.u64()),
        client_cookie: Cookie::from_u64(r.u64()),
        draft,
        reference_ids: refids,
        pad_to: usize::from(r.u16() % 1500),
    };
    let server = Header {
        stratum: crate::Stratum(r.u8()),
        server_cookie: Cookie::from_u64(r.u64()),
        receive_timestamp: crate::Timestamp::from_bits(r.u64()),
        ..Header::new(crate::Mode::Server)
    };
    let mut filter = BloomFilter::new();
    for _ in 0..(r.u8() % 8) {
        filter.set(r.u16());
    }
    let reply = Reply {
        header: server,
        draft,
        reference_ids: Some(&filter),
    };

    let mut buf = [0u8; 2048];
    match request.emit(&mut buf) {
        Ok(len) => {
            assert_eq!(len, request.buffer_len());
            let p = Packet::new_checked(&buf[..len]).expect("a request reads back");
            assert_eq!(Header::parse(&p), Ok(request.header()));
            assert!(p.fields().check().is_ok());
            assert_eq!(
                p.fields().draft_identification(),
                Ok(draft.map(str::as_bytes))
            );
            let mut out = [0u8; 2048];
            let n = reply.emit(&buf[..len], &mut out).expect("answered");
            assert_eq!(n, len);
            let rp = Packet::new_checked(&out[..n]).expect("a reply reads back");
            assert_eq!(rp.client_cookie(), request.client_cookie);
            assert_eq!(rp.server_cookie(), server.server_cookie);
            assert!(rp.fields().check().is_ok());
        }
        Err(e) => {
            // Only a chunk too short for its offset, or padding to no
            // whole word, is refused (the buffer holds any other).
            let refused = matches!(
                e,
                Error::V5 {
                    rule: V5Rule::ValueTooShort { .. } | V5Rule::PaddingLength { .. },
                    ..
                }
            );
            assert!(refused, "{e:?}");
        }
    }
    let mut out = [0u8; 2048];
    if let Ok(n) = reply.emit(data, &mut out) {
        assert_eq!(n, data.len());
        assert!(Packet::new_checked(data).is_ok());
        assert!(Packet::new_checked(&out[..n]).is_ok());
    }
}

/// The [`BloomFilter`]: ids the input gives, inserted and found; chunks
/// written at offsets the input gives.
///
/// - Every id inserted is contained; no more than ten bits per id are set.
/// - [`ServerId::from_indices`] inverts [`ServerId::indices`].
/// - A chunk inside the filter is copied exactly; one outside is refused
///   with [`V5Rule::ChunkOutOfRange`] and writes nothing.
pub fn v5_bloom(data: &[u8]) {
    let mut filter = BloomFilter::new();
    let mut ids = 0;
    let mut chunks = data.chunks_exact(15);
    for c in chunks.by_ref().take(16) {
        let mut id = [0u8; 15];
        id.copy_from_slice(c);
        let id = ServerId(id);
        assert_eq!(ServerId::from_indices(id.indices()), id);
        filter.insert(&id);
        ids += 1;
        assert!(filter.contains(&id));
        assert!(filter.count_ones() <= 10 * ids);
    }
    let mut r = Reader(chunks.remainder());
    let offset = usize::from(r.u16());
    let len = usize::from(r.u16() % 600);
    let before = filter.clone();
    let chunk = [0x5au8; 600];
    match filter.write_chunk(offset, &chunk[..len]) {
        Ok(()) => {
            assert!(offset + len <= 512);
            assert_eq!(filter.chunk(offset, len), Some(&chunk[..len]));
        }
        Err(e) => {
            assert!(offset + len > 512);
            assert!(matches!(
                e,
                Error::V5 {
                    rule: V5Rule::ChunkOutOfRange { .. },
                    ..
                }
            ));
            assert_eq!(filter, before);
            assert_eq!(before.chunk(offset, len), None);
        }
    }
    formats(format_args!("{filter:?}"));
}
