//! Targets of the trailer layer: the walk, the writer, NTS, NTS-KE,
//! Autokey and MS-SNTP.

use core::fmt;

use super::support::{formats, Reader};
use crate::header::{Header, HEADER_LEN};
use crate::nts_ke::{check_message, RecordWriter, Records};
use crate::trailer::nts::{InnerFields, NtsRequest, NtsResponse};
use crate::trailer::{
    ms_sntp_request, write_ms_sntp, AutokeyField, ExtensionField, ExtensionFieldType,
    MsSntpAuthenticator, MsSntpExtendedAuthenticator, Strictness, Trailer, TrailerItem,
    TrailerWriter,
};
use crate::{Error, Mode, TrailerRule, Version};

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
) -> Result<Vec64<(usize, usize, Option<TrailerRule>)>, Error> {
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
        assert_eq!(&data[a.nonce_range()], a.nonce());
        assert_eq!(&data[a.ciphertext_range()], a.ciphertext());
        assert_eq!(
            a.field().range().end,
            data.len(),
            "the authenticator is last"
        );
        assert!(req.unique_id.id().len() >= 32);
        // A strict walk's field: at least 16 octets, so a 12-octet body.
        assert!(req.cookie.cookie().len() >= 12);
    }
    if let Ok(resp) = NtsResponse::parse(data) {
        let a = resp.authenticator;
        assert_eq!(a.associated_data_range(), 0..a.field().offset());
        assert_eq!(
            a.field().range().end,
            data.len(),
            "the authenticator is last"
        );
        assert_eq!(&data[a.nonce_range()], a.nonce());
        assert_eq!(&data[a.ciphertext_range()], a.ciphertext());
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
    let out_len = out.len();
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
        match w.record(record.critical(), record.record_type(), record.body()) {
            Ok(range) => assert_eq!(range, record.range()),
            // An input longer than `out` (libFuzzer's -max_len may exceed
            // 4096): the writer refuses exactly the record that does not fit.
            Err(e) => {
                let needed = record.range().end;
                assert!(needed > out_len, "a record read fits the same space");
                assert_eq!(e, Error::buffer_too_small(needed, out_len));
                end = record.range().start;
                break;
            }
        }
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
        // Each part is a piece of the body itself, not just as long.
        let body = field.body().as_ptr_range();
        for part in [m.value, m.signature].into_iter().flatten() {
            let part = part.as_ptr_range();
            assert!(body.start <= part.start && part.end <= body.end);
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
