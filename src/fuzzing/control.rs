//! Targets of the control layer (mode 6): the view, the variable list,
//! the READSTAT list, the READ_MRU reader, the reassembler and the
//! request builders.

use super::support::{formats, Reader};
use crate::control::{
    AssociationList, Header, Limits, MacAlignment, MruField, MruQuery, MruReply, Opcode, Packet,
    Reassembler, RequestWriter, Score, Signing, StatusWord, Variables,
};
use crate::kind::Kind;
use crate::trailer::MacAlgorithm;
use crate::{Error, Message, Timestamp};

/// The view over any payload.
///
/// - [`Packet::new_checked`] takes exactly the payloads whose kind is
///   control, whose count is at most 468 and fits the data, and whose
///   offset plus count fits 16 bits; the front door agrees.
/// - Getters read the raw octets; the header re-emits the same 12 octets.
/// - The MAC, if found, lies after the data padded to 4, ends the packet,
///   and has a known length (or is a crypto-NAK).
/// - The data readers neither panic nor run long.
pub fn control_view(data: &[u8]) {
    let checked = Packet::new_checked(data);
    let front = Message::parse(data);
    if let Ok(p) = checked {
        assert_eq!(front, Ok(Message::Control(p)));
        assert_eq!(Kind::of(data), Ok(Kind::Control));
        let count = usize::from(u16::from_be_bytes([data[10], data[11]]));
        assert!(count <= 468 && 12 + count <= data.len());
        assert_eq!(p.data(), &data[12..12 + count]);
        assert_eq!(p.after_data(), &data[12 + count..]);
        assert_eq!(p.opcode().0, data[1] & 0x1f);
        assert_eq!(p.is_response(), data[1] & 0x80 != 0);
        assert_eq!(p.sequence(), u16::from_be_bytes([data[2], data[3]]));
        assert_eq!(
            p.status_word().raw(),
            u16::from_be_bytes([data[4], data[5]])
        );
        let h = Header::parse(&p).expect("a checked view's header reads");
        assert_eq!(h.to_bytes(), data[..12], "the header re-emits identically");
        assert_eq!(h, p.header());
        assert!(matches!(p.status_word(), StatusWord::Other(_)) || h.response);
        formats(format_args!("{h}"));
        match p.mac() {
            Ok(Some(m)) => {
                assert!(m.offset() >= (12 + count + 3) & !3);
                assert_eq!(m.offset() + m.len(), data.len());
                assert_eq!(m.authenticated_range(), 0..m.offset());
                assert!(!m.candidates().is_empty() || m.is_crypto_nak());
                assert_eq!(m.offset() % 4, 0);
            }
            Ok(None) => assert!(data.len() <= (12 + count + 3) & !3),
            Err(e) => assert!(matches!(e, Error::Control { .. })),
        }
        for a in [MacAlignment::Eight, MacAlignment::Four] {
            if let Ok(Some(m)) = p.mac_at(a) {
                assert_eq!(m.alignment(), a);
            }
        }
        let _ = p.is_amplification_request();
        if let Ok(list) = p.associations() {
            assert_eq!(list.len(), count / 4);
        }
        let _ = p.variables().count();
    } else {
        match (Kind::of(data), front) {
            (Ok(Kind::Control), f) => assert_eq!(f.err(), checked.err()),
            (_, Ok(m)) => assert_ne!(m.kind(), Kind::Control),
            _ => {}
        }
    }
}

/// The `name=value` walk over any octets with bounds from the first two:
/// bounded (at most one item per octet plus one), items lie in the data in
/// order, their octets are the data's, and after an error nothing follows.
pub fn control_vars(data: &[u8]) {
    let mut r = Reader(data);
    let limits = Limits {
        name: u16::from(r.u8()) * 4,
        value: u16::from(r.u8()) * 16,
    };
    let text = r.0;
    let mut steps = 0;
    let mut end = 0;
    let mut failed = false;
    for item in Variables::new(text, limits) {
        steps += 1;
        assert!(steps <= text.len() + 1, "the walk is bounded");
        assert!(!failed, "nothing after an error");
        match item {
            Ok(v) => {
                let n = v.name_range();
                assert!(n.start >= end && !v.name().is_empty());
                assert_eq!(&text[n.clone()], v.name());
                assert!(v.name().len() <= usize::from(limits.name));
                end = n.end;
                if let Some(range) = v.value_range() {
                    assert_eq!(Some(&text[range.clone()]), v.raw_value());
                    assert!(range.start > n.end);
                    assert!(range.len() <= usize::from(limits.value));
                    let value = v.value().unwrap();
                    assert!(
                        value.len() == range.len()
                            || (v.is_quoted() && value.len() + 2 == range.len())
                    );
                    end = range.end;
                }
            }
            Err(e) => {
                assert!(matches!(e, Error::Control { .. }));
                failed = true;
            }
        }
    }
}

/// READSTAT lists over any octets: made exactly when the length is a
/// multiple of 4, one entry per 4 octets, each the raw octets.
pub fn control_readstat(data: &[u8]) {
    match AssociationList::new(data) {
        Ok(list) => {
            assert_eq!(data.len() % 4, 0);
            assert_eq!(list.len(), data.len() / 4);
            for (a, raw) in list.zip(data.chunks_exact(4)) {
                assert_eq!(a.association_id.to_be_bytes(), raw[..2]);
                assert_eq!(a.status.0.to_be_bytes(), raw[2..]);
                formats(format_args!("{a}"));
            }
        }
        Err(_) => assert_ne!(data.len() % 4, 0),
    }
}

/// READ_MRU replies over any text: fields, entries and the summary
/// neither panic nor run long, and agree: when the entries read without
/// error, the summary counts them.
pub fn control_mru(data: &[u8]) {
    let reply = MruReply::with_limits(data, Limits::NONE);
    let mut fields = 0;
    for f in reply.fields() {
        fields += 1;
        assert!(fields <= data.len() + 1);
        if let Ok(MruField::Entry { value, .. }) = f {
            let _ = value.tag();
        }
    }
    let mut entries = 0;
    let mut ok = true;
    let mut expected_index = 0u32;
    for e in reply.entries() {
        match e {
            Ok(e) => {
                assert_eq!(u32::from(e.index), expected_index, "entries in order");
                expected_index += 1;
                entries += 1;
                let _ = e.socket_addr();
            }
            Err(_) => ok = false,
        }
        assert!(entries <= data.len());
    }
    if let Ok(s) = reply.summary() {
        assert!(ok);
        assert_eq!(s.entries, entries);
    }
}

/// The reassembler over fragments cut from the input (a 2-octet length
/// before each): never panics, a refused fragment changes nothing, and a
/// complete response holds each accepted fragment's data at its offset.
pub fn control_reassembly(data: &[u8]) {
    let mut buf = [0u8; 2048];
    let mut copy = [0u8; 2048];
    let mut r: Reassembler<'_, 8> = Reassembler::with_limit(&mut buf);
    let mut input = Reader(data);
    let mut accepted: [(usize, usize, usize); 8] = [(0, 0, 0); 8];
    let mut n = 0;
    while !input.0.is_empty() {
        let len = usize::from(input.u16()) % 600;
        let start = data.len() - input.0.len();
        let end = (start + len).min(data.len());
        let fragment = &data[start..end];
        input.0 = &data[end..];
        let before = r.fragments();
        match r.add(fragment) {
            Ok(_) => {
                let p = Packet::new_checked(fragment).expect("an accepted fragment is a view");
                if !p.is_error() {
                    assert_eq!(r.fragments(), before + 1);
                    let off = usize::from(p.offset());
                    copy[off..off + p.data().len()].copy_from_slice(p.data());
                    accepted[n] = (off, p.data().len(), start);
                    n += 1;
                }
            }
            Err(_) => assert_eq!(r.fragments(), before, "a refusal changes nothing"),
        }
    }
    if let Ok(resp) = r.response() {
        let h = resp.header();
        if !h.error {
            assert_eq!(usize::from(h.count), resp.data().len());
            assert_eq!(resp.data(), &copy[..resp.data().len()]);
            let total: usize = accepted[..n].iter().map(|a| a.1).sum();
            assert_eq!(total, resp.data().len(), "no overlap, no hole");
        } else {
            assert!(resp.data().is_empty());
        }
        let _ = resp.variables().count();
    }
}

/// The request builders from any input: a request that builds is a
/// checked view whose variables read back as written and whose MAC, when
/// signed, is where the builder put it.
pub fn control_request(data: &[u8]) {
    let mut r = Reader(data);
    let opcode = Opcode::from_bits(r.u8());
    let sequence = r.u16();
    let flags = r.u8();
    let mut buf = [0u8; 560];
    let mut w = match RequestWriter::new(&mut buf, Header::request(opcode, sequence, r.u16())) {
        Ok(w) => w,
        Err(_) => unreachable!("560 octets hold a header"),
    };
    let mut names: [(usize, usize); 16] = [(0, 0); 16];
    let mut count = 0;
    let text = r.0;
    let mut at = 0;
    while at < text.len() && count < 16 {
        let len = usize::from(text[at] % 24);
        let start = at + 1;
        let end = (start + len).min(text.len());
        at = end;
        let Ok(name) = core::str::from_utf8(&text[start..end]) else {
            continue;
        };
        if w.variable(name, None).is_ok() {
            names[count] = (start, end);
            count += 1;
        }
    }
    if flags & 1 != 0 {
        let priors = [("127.0.0.1:123", Timestamp::from_bits(u64::from(sequence)))];
        let q = MruQuery {
            nonce: "0123456789abcdef01234567",
            frags: (flags & 2 != 0).then_some(u16::from(flags >> 2)),
            limit: (flags & 4 != 0).then_some(u32::from(flags)),
            minscore: Some(Score(u32::from(sequence))),
            priors: &priors,
            ..MruQuery::default()
        };
        let _ = w.mru_query(&q);
    }
    let alignment = if flags & 0x10 != 0 {
        MacAlignment::Four
    } else {
        MacAlignment::Eight
    };
    let signing = (flags & 0x20 != 0).then_some(Signing {
        key_id: u32::from(sequence),
        algorithm: if flags & 0x40 != 0 {
            MacAlgorithm::Sha1
        } else {
            MacAlgorithm::Md5
        },
        alignment,
    });
    let Ok(built) = w.finish(signing) else {
        return;
    };
    let p = Packet::new_checked(&buf[..built.len]).expect("a built request is a view");
    assert!(!p.is_response() && p.offset() == 0);
    assert_eq!((p.opcode(), p.sequence()), (opcode, sequence));
    let mut vars = Variables::new(p.data(), Limits::REQUEST);
    if flags & 1 == 0 {
        for &(start, end) in &names[..count] {
            let v = vars.next().expect("every name").expect("reads back");
            assert_eq!(v.name(), &text[start..end]);
            assert_eq!(v.value(), None);
        }
        assert!(vars.next().is_none());
    } else {
        assert!(vars.all(|v| v.is_ok()));
    }
    match built.signature {
        Some(s) => {
            let m = p.mac_at(alignment).expect("a MAC").expect("a MAC");
            assert_eq!(
                (m.offset(), m.key_id()),
                (s.key_id.start, u32::from(sequence))
            );
            assert_eq!(m.digest_range(), s.digest);
        }
        None => assert_eq!(p.mac(), Ok(None)),
    }
}
