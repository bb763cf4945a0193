//! The control message views, iterators, reassembler and builders
//! allocate nothing: a counting global allocator, in a test binary of its
//! own (`harness = false`) so that no test harness thread allocates while
//! we count.

mod common;
mod counting;

use common::mode6 as fixture;
use counting::count;
use ntp_wire::control::{
    read_mru, readvar, MacAlignment, MruQuery, MruReply, Packet, Reassembler, Signing, Variables,
};
use ntp_wire::trailer::MacAlgorithm;
use ntp_wire::Message;

fn main() {
    let rv = fixture("ntpq-rv-02-response");
    let signed = fixture("auth-md5-rv-version-04-response");
    let readstat = fixture("ntpq-as-02-response");
    let mru: Vec<Vec<u8>> = (4..=10)
        .map(|i| fixture(&format!("ntpq-mrulist-{i:02}-response")))
        .collect();

    let views = count(|| {
        let mut n = 0usize;
        for bytes in [&rv, &signed, &readstat] {
            let Ok(Message::Control(p)) = Message::parse(bytes) else {
                panic!("a control message")
            };
            let p2 = Packet::new_checked(&bytes[..]).unwrap();
            n += usize::from(p.header().count) + usize::from(p2.status_word().raw());
            n += p.mac().unwrap().map_or(0, |m| m.offset());
            n += usize::from(p.is_amplification_request());
        }
        n
    });

    let iterators = count(|| {
        let mut n = 0usize;
        let p = Packet::new_checked(&rv[..]).unwrap();
        for v in p.variables() {
            n += v.unwrap().value().map_or(0, <[u8]>::len);
        }
        n += Variables::response(p.data())
            .find(b"version")
            .unwrap()
            .is_some() as usize;
        let s = Packet::new_checked(&readstat[..]).unwrap();
        for a in s.associations().unwrap() {
            n += usize::from(a.association_id);
        }
        n
    });

    let mut buf = [0u8; 4096];
    let reassembly = count(|| {
        let mut r = Reassembler::new(&mut buf);
        for f in &mru {
            r.add(f).unwrap();
        }
        let resp = r.response().unwrap();
        let reply = MruReply::new(resp.data());
        let mut n = 0usize;
        for e in reply.entries() {
            n += e.unwrap().count as usize;
        }
        for f in reply.fields() {
            n += usize::from(f.is_ok());
        }
        n + reply.summary().unwrap().entries
    });

    let mut out = [0u8; 512];
    let builders = count(|| {
        let md5 = Signing {
            key_id: 1,
            algorithm: MacAlgorithm::Md5,
            alignment: MacAlignment::Eight,
        };
        let a = readvar(&mut out, 2, 0, &["version", "stratum"], Some(md5)).unwrap();
        let priors = [("127.0.0.2:123", ntp_wire::Timestamp::new(1, 2))];
        let q = MruQuery {
            nonce: "eebc9105213639d67e00048b",
            frags: Some(32),
            priors: &priors,
            ..MruQuery::default()
        };
        let b = read_mru(&mut out, 3, &q, None).unwrap();
        a.len + b.len
    });

    assert_eq!(
        (views, iterators, reassembly, builders),
        (0, 0, 0, 0),
        "allocations in (views, iterators, reassembly + MRU reader, builders)"
    );
    println!(
        "control_alloc: views, iterators, reassembly, MRU reader and builders allocate nothing"
    );
}
