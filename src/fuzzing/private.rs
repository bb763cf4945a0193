//! Targets of the private message layer (mode 7): the view, the item walk,
//! the request builder.

use super::support::{formats, Reader};
use crate::private::{
    is_monlist_request, AuthLayout, ErrorCode, Header, Implementation, Items, Packet,
    RequestBuilder, RequestCode,
};
use crate::trailer::MacAlgorithm;
use crate::{Error, PrivateField, PrivateRule, Result, Timestamp, Version};

/// The rules of [`Packet::check`] written out again, independently, from
/// `ntp_request.h` and `process_private`: the oracle of the view target.
/// `Ok` carries where ntpd reads the key id of an authenticated request.
fn expected_check(d: &[u8]) -> Result<Option<usize>> {
    let err = |offset: u32, rule| Err(Error::Private { offset, rule });
    if d.len() < 8 {
        return Err(Error::Truncated {
            needed: 8,
            available: d.len() as u32,
        });
    }
    let (vn, mode) = ((d[0] >> 3) & 7, d[0] & 7);
    if matches!(vn, 0 | 6 | 7) {
        return Err(Error::BadVersion { version: vn });
    }
    if vn == 5 || mode != 7 {
        return err(0, PrivateRule::NotPrivate { octet0: d[0] });
    }
    let response = d[0] & 0x80 != 0;
    let auth = d[1] & 0x80 != 0;
    if !response {
        if d[0] & 0x40 != 0 {
            return err(0, PrivateRule::RequestMore);
        }
        if d[1] & 0x7f != 0 {
            return err(
                1,
                PrivateRule::RequestSequence {
                    sequence: d[1] & 0x7f,
                },
            );
        }
        if d[4] >> 4 != 0 {
            return err(4, PrivateRule::RequestErr { err: d[4] >> 4 });
        }
    } else if auth {
        return err(1, PrivateRule::ResponseAuthenticated);
    }
    if d[6] >> 4 != 0 {
        return err(6, PrivateRule::Mbz { mbz: d[6] >> 4 });
    }
    let nitems = u16::from_be_bytes([d[4], d[5]]) & 0xfff;
    let item_size = u16::from_be_bytes([d[6], d[7]]) & 0xfff;
    let items = u32::from(nitems) * u32::from(item_size);
    let available = d.len() - 8;
    if items as usize > available {
        let available = available.min(0xffff) as u16;
        return err(
            8,
            PrivateRule::ItemsPastEnd {
                nitems,
                item_size,
                available,
            },
        );
    }
    if !response && items > 176 {
        return err(8, PrivateRule::RequestItemsTooLong { nitems, item_size });
    }
    if response && available > 500 {
        let len = d.len().min(0xffff) as u16;
        return err(508, PrivateRule::ResponseTooLong { len });
    }
    if response || !auth {
        return Ok(None);
    }
    let (len, items) = (d.len(), items as usize);
    if len < 36 + items {
        let (len, needed) = (len as u16, (36 + items) as u16);
        return err(8 + items as u32, PrivateRule::AuthTooShort { len, needed });
    }
    if len > 216 {
        return err(
            216,
            PrivateRule::AuthTooLong {
                len: len.min(0xffff) as u16,
            },
        );
    }
    let noslop = (16 + items).div_ceil(4) * 4;
    let mac_len = if len > noslop + 24 { 20 } else { len - noslop };
    if mac_len != 20 && mac_len != 24 {
        let mac_len = mac_len as u8;
        return err(
            (len - usize::from(mac_len)) as u32,
            PrivateRule::AuthMacLength { mac_len },
        );
    }
    Ok(Some(len - mac_len))
}

/// [`Packet::new_checked`], [`Header::parse`] and every getter and setter.
///
/// - The check accepts or rejects exactly as `ntp_request.h` and ntpd's
///   `process_private` say, with the documented error in its order.
/// - [`Header::parse`] fails on the header rules with the same error, and
///   where the view is good gives the view's header, which emits back to
///   the same 8 octets; the setters rebuild them over junk.
/// - Getters read the bits at their offsets; the items tile the data from
///   octet 8; data, padding and authenticator split the packet without a
///   gap, the digest covering everything before the key id.
/// - The monlist rule of the view is the free function's.
pub fn private_view(data: &[u8]) {
    let checked = Packet::new_checked(data);
    assert_eq!(
        checked.map(|p| p.authenticator().map(|a| a.mac().offset())),
        expected_check(data),
        "new_checked, and the key id's place, on {data:02x?}"
    );
    let header = Header::from_bytes(data);
    match (&checked, &header) {
        (Ok(p), Ok(h)) => assert_eq!(p.header(), *h),
        (Ok(_), Err(e)) => panic!("Header::parse refused a good view: {e}"),
        (Err(e), Ok(_)) => assert!(
            matches!(e, Error::Private { offset: 8.., .. }),
            "only body rules pass the header: {e}"
        ),
        (Err(e), Err(h)) => assert_eq!(e, h, "the header's error first"),
    }
    assert_eq!(
        is_monlist_request(data),
        data.len() >= 4
            && data[0] & 0x87 == 7
            && data[1] & 0x7f == 0
            && matches!(data[2], 2 | 3)
            && matches!(data[3], 20 | 42)
    );
    let Ok(p) = checked else {
        return;
    };
    assert!(
        Items::new(data).is_ok(),
        "the view's items pass the item walk"
    );
    let h = p.header();
    assert_eq!(h.response, data[0] & 0x80 != 0);
    assert_eq!(h.more, data[0] & 0x40 != 0);
    assert_eq!(h.version.to_bits(), (data[0] >> 3) & 7);
    assert_eq!(p.mode(), crate::Mode::Private);
    assert_eq!(
        (h.authenticated, h.sequence),
        (data[1] & 0x80 != 0, data[1] & 0x7f)
    );
    assert_eq!((h.implementation.0, h.request_code.0), (data[2], data[3]));
    assert_eq!(
        u16::from(h.err.0) << 12 | h.nitems,
        u16::from_be_bytes([data[4], data[5]])
    );
    assert_eq!(
        (p.mbz(), h.item_size),
        (0, u16::from_be_bytes([data[6], data[7]]))
    );
    assert_eq!(
        &h.to_bytes().unwrap()[..],
        &data[..8],
        "the header emits back"
    );
    assert_eq!(p.is_monlist_request(), is_monlist_request(data));

    let mut buf = [0u8; 8];
    for (out, &b) in buf.iter_mut().zip(data) {
        *out = !b;
    }
    let mut w = Packet::new_unchecked(&mut buf[..]);
    w.set_response(p.is_response());
    w.set_more(p.is_more());
    w.set_version(p.version());
    w.set_mode(p.mode());
    w.set_authenticated(p.is_authenticated());
    w.set_sequence(p.sequence());
    w.set_implementation(p.implementation());
    w.set_request_code(p.request_code());
    w.set_err(p.err());
    w.set_nitems(p.nitems());
    w.set_mbz(p.mbz());
    w.set_item_size(p.item_size());
    assert_eq!(buf[..], data[..8], "setters rebuild the header");

    let mut next = 8;
    for (n, item) in p.items().enumerate() {
        assert_eq!((item.offset(), item.index() as usize), (next, n));
        assert_eq!(item.len(), usize::from(h.item_size));
        assert_eq!(item.as_bytes(), &data[next..next + item.len()]);
        next += item.len();
    }
    let items_len = p.items_len();
    let walked = if h.item_size == 0 { 0 } else { items_len };
    assert_eq!(next, 8 + walked, "the items tile their octets");
    let d = p.data();
    assert_eq!(d, &data[8..8 + d.len()]);
    assert_eq!(p.padding(), &d[items_len..]);
    match p.authenticator() {
        None => {
            assert!(h.response || !h.authenticated);
            assert_eq!(d.len(), data.len() - 8);
        }
        Some(a) => {
            assert!(!h.response && h.authenticated);
            assert_eq!(a.offset(), 8 + d.len(), "the tail follows the data");
            assert_eq!(a.offset() + a.len(), data.len());
            assert_eq!(a.timestamp_range(), a.offset()..a.offset() + 8);
            assert_eq!(a.authenticated_range(), 0..a.offset() + 8);
            assert_eq!(a.digest_range(), a.offset() + 12..data.len());
            assert_eq!(
                a.timestamp().to_be_bytes(),
                data[a.offset()..a.offset() + 8]
            );
            assert_eq!(
                a.key_id().to_be_bytes(),
                data[a.offset() + 8..a.offset() + 12]
            );
            assert_eq!(a.digest(), &data[a.digest_range()]);
            assert_eq!(
                MacAlgorithm::for_length(4 + a.digest().len(), 4),
                Some(a.candidates())
            );
            let at_end = a.layout() == AuthLayout::AtEnd;
            assert!(!at_end || a.digest().len() == 16);
            assert!(data.len() <= 216);
        }
    }
    formats(format_args!("{h} {h:?}"));
    formats(format_args!("{} {:?}", h.request_code, h.implementation));
}

/// [`Items::new`] over any octets: bounded, exact, tiling, and refusing
/// only what the view refuses too.
pub fn private_items(data: &[u8]) {
    let items = match Items::new(data) {
        Ok(items) => items,
        Err(e) => {
            assert!(
                Packet::new_checked(data).is_err(),
                "{e}: the view refuses too"
            );
            assert!(matches!(
                e,
                Error::Truncated { .. }
                    | Error::Private {
                        rule: PrivateRule::ItemsPastEnd { .. }
                            | PrivateRule::RequestItemsTooLong { .. }
                            | PrivateRule::ResponseTooLong { .. },
                        ..
                    }
            ));
            return;
        }
    };
    let nitems = usize::from(u16::from_be_bytes([data[4], data[5]]) & 0xfff);
    let size = usize::from(u16::from_be_bytes([data[6], data[7]]) & 0xfff);
    let expected = if size == 0 { 0 } else { nitems };
    assert_eq!(items.len(), expected);
    let mut walk = items.clone();
    let mut next = 8;
    let mut steps = 0;
    for item in walk.by_ref() {
        steps += 1;
        assert!(steps <= 4095, "bounded by the 12-bit count");
        assert_eq!((item.offset(), item.len()), (next, size));
        assert_eq!(item.as_bytes(), &data[next..next + size]);
        next += size;
    }
    assert_eq!(steps, expected);
    assert!(next <= data.len());
    assert!(walk.next().is_none() && walk.next().is_none(), "fused");
    if let Ok(p) = Packet::new_checked(data) {
        assert!(p.items().eq(items), "the view walks the same items");
    }
}

/// [`RequestBuilder`] from any octets: implementation, code, version,
/// item size, number of items, size, then optionally an authenticator
/// (timestamp, key id, digest length); the items' octets from the rest.
///
/// - A request that builds passes [`Packet::new_checked`] with the header,
///   items and zero padding it was built with, and with an authenticator
///   where ntpd finds it at the ranges [`Signing`](crate::private::Signing)
///   gave.
/// - A request that does not build fails with one of the documented
///   errors, and a buffer one octet short gives `BufferTooSmall`.
pub fn private_request(data: &[u8]) {
    let mut r = Reader(data);
    let implementation = Implementation(r.u8());
    let code = RequestCode(r.u8());
    let version = Version::from_bits(r.u8() % 4 + 1);
    let item_size = r.u16() % 300;
    let nitems = usize::from(r.u8() % 64);
    let size = usize::from(r.u8());
    let auth = r.u8();
    let (timestamp, key_id) = (Timestamp::from_bits(r.u64()), r.u32());
    let digest_len = match auth % 4 {
        0 | 1 => 16,
        2 => 20,
        _ => usize::from(r.u8()),
    };
    let mut items = [0u8; 256];
    let len = (usize::from(item_size) * nitems).min(items.len());
    for (i, o) in items[..len].iter_mut().enumerate() {
        *o = r.0.get(i % r.0.len().max(1)).copied().unwrap_or(i as u8);
    }
    let b = RequestBuilder::new(implementation, code)
        .version(version)
        .items(item_size, &items[..len])
        .size(size);
    let mut buf = [0x5au8; 256];
    let built = if auth & 0x80 == 0 {
        b.build(&mut buf).map(|n| (n, None))
    } else {
        b.build_authenticated(&mut buf, timestamp, key_id, digest_len)
            .map(|s| (s.len, Some(s)))
    };
    let (n, signing) = match built {
        Ok(ok) => ok,
        Err(e) => {
            assert!(
                matches!(
                    e,
                    Error::Private {
                        rule: PrivateRule::ItemsNotWhole { .. }
                            | PrivateRule::RequestItemsTooLong { .. }
                            | PrivateRule::AuthMacLength { .. }
                            | PrivateRule::AuthMisplaced { .. }
                            | PrivateRule::AuthTooLong { .. }
                            | PrivateRule::FieldTooWide {
                                field: PrivateField::ItemSize,
                                ..
                            },
                        ..
                    }
                ),
                "{e}"
            );
            return;
        }
    };
    let p = Packet::new_checked(&buf[..n]).unwrap_or_else(|e| panic!("the builder made {e}"));
    let h = p.header();
    let whole = if item_size == 0 {
        0
    } else {
        len / usize::from(item_size)
    };
    assert_eq!(
        h,
        Header {
            version,
            authenticated: signing.is_some(),
            nitems: whole as u16,
            item_size,
            ..Header::request(implementation, code)
        }
    );
    assert_eq!(h.err, ErrorCode::OK);
    assert_eq!(&p.data()[..len], &items[..len]);
    assert!(p.padding().iter().all(|&o| o == 0), "zero padding");
    match signing {
        None => {
            assert_eq!(n, (8 + len).max(size));
            assert!(p.authenticator().is_none());
            assert_eq!(
                b.build(&mut buf[..n - 1]),
                Err(Error::BufferTooSmall {
                    needed: n as u32,
                    available: n as u32 - 1
                })
            );
        }
        Some(s) => {
            let a = p
                .authenticator()
                .expect("an authenticator where ntpd looks");
            assert_eq!((a.timestamp(), a.key_id()), (timestamp, key_id));
            assert_eq!(a.digest().len(), digest_len);
            assert!(
                a.digest().iter().all(|&o| o == 0),
                "the digest is the caller's"
            );
            assert_eq!(a.layout(), s.layout);
            assert_eq!(a.authenticated_range(), s.authenticated);
            assert_eq!(a.digest_range(), s.digest);
        }
    }
}
