//! Reading and building private messages (mode 7) allocate nothing:
//! `tests/counting`'s allocator, in a test binary of its own (`harness =
//! false`) so that no test harness thread allocates while we count.

use std::fmt::Write;

use ntp_wire::private::{
    is_monlist_request, Header, Implementation, Items, Packet, RequestBuilder, RequestCode,
};
use ntp_wire::{Message, Timestamp};

mod counting;

use counting::count;

/// Counts the octets written: formatting without a `String`.
struct Sink(usize);

impl Write for Sink {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

fn main() {
    // A MON_GETLIST_1 response with 6 items of 72 octets, built in place.
    let mut response = [0u8; 440];
    let header = Header {
        response: true,
        more: true,
        nitems: 6,
        item_size: 72,
        ..Header::request(Implementation::XNTPD, RequestCode::MON_GETLIST_1)
    };
    let mut request = [0u8; 216];
    let flags = 0x10u32.to_be_bytes();

    let builds = count(|| {
        header.emit_slice(&mut response).unwrap();
        let b = RequestBuilder::new(Implementation::XNTPD, RequestCode::SET_SYS_FLAG)
            .items(4, &flags)
            .ntpdc_size();
        let n = b.build(&mut request).unwrap();
        let s = b
            .build_authenticated(&mut request, Timestamp::new(1, 2), 1, 16)
            .unwrap();
        n + s.len
    });

    let reads = count(|| {
        let p = Packet::new_checked(&response[..]).unwrap();
        let mut n: usize = p
            .items()
            .map(|i| i.as_bytes()[0] as usize + i.offset())
            .sum();
        n += Items::new(&response).unwrap().len();
        let h = Header::parse(&p).unwrap();
        let r = Packet::new_checked(&request[..212]).unwrap();
        let a = r.authenticator().unwrap();
        n += a.key_id() as usize + a.digest().len() + a.authenticated_range().end;
        n += usize::from(is_monlist_request(&response)) + usize::from(r.is_monlist_request());
        n += match Message::parse(&request[..212]).unwrap() {
            Message::Private(p) => p.padding().len(),
            _ => 0,
        };
        let mut sink = Sink(0);
        write!(sink, "{h} {} {}", h.request_code, h.err).unwrap();
        n + sink.0
    });

    let errors = count(|| {
        let mut hostile = response;
        hostile[6] = 0x10;
        let e = Packet::new_checked(&hostile[..]).unwrap_err();
        let mut sink = Sink(0);
        write!(sink, "{e}").unwrap();
        sink.0
    });

    assert_eq!(
        (builds, reads, errors),
        (0, 0, 0),
        "allocations in (builds, reads, errors)"
    );
    // The counter works: a Vec allocates.
    assert_eq!(count(|| vec![1u8; 10]), 1);
    println!("private_alloc: views, items, authenticator and builder allocate nothing: ok");
}
