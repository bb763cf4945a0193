//! Targets of the header layer: the view, the repr round trip, any value.

use super::support::{formats, Reader};
use crate::header::{Header, Packet, HEADER_LEN};
use crate::{
    Error, LeapIndicator, Mode, Poll, Precision, ReferenceId, ShortTime, Stratum, Timestamp,
    Version,
};

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
        Err(Error::buffer_too_small(HEADER_LEN, short))
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

/// What [`Packet::check`] must answer, straight from RFC 5905 section 7.3
/// and the [`Error`] docs: length first, then version, then mode.
fn expected_check(data: &[u8]) -> Result<(), Error> {
    if data.len() < HEADER_LEN {
        return Err(Error::truncated(HEADER_LEN, data.len()));
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
