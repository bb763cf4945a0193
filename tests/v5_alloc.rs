//! The NTPv5 views, walks, builders and the Bloom filter allocate
//! nothing: a counting global allocator, in a test binary of its own
//! (`harness = false`) so that no test harness thread allocates while we
//! count.

mod counting;

use counting::count;

use ntp_wire::v5::{
    BloomFilter, Cookie, FieldValue, FieldWriter, Header, Packet, ReferenceIdsRequest, Reply,
    Request, ServerId, Upgrade,
};
use ntp_wire::{Message, Mode, Stratum, Timestamp, Version};

fn main() {
    let mut request = [0u8; 160];
    let mut filter = BloomFilter::new();
    let build = count(|| {
        filter.insert(&ServerId([7; 15]));
        let len = Request {
            reference_ids: Some(ReferenceIdsRequest {
                offset: 16,
                length: 64,
            }),
            pad_to: 160,
            ..Request::new(Cookie::from_u64(1))
        }
        .emit(&mut request)
        .unwrap();
        assert_eq!(len, 160);
        len
    });

    let mut reply = [0u8; 160];
    let answer = count(|| {
        let server = Header {
            stratum: Stratum(1),
            ..Header::new(Mode::Server)
        };
        Reply {
            reference_ids: Some(&filter),
            ..Reply::new(server)
        }
        .emit(&request, &mut reply)
        .unwrap()
    });

    let read = count(|| {
        let mut n = 0usize;
        for bytes in [&request[..], &reply[..]] {
            let p = Packet::new_checked(bytes).unwrap();
            let h = Header::parse(&p).unwrap();
            n += usize::from(h.stratum.0) + p.client_cookie().0[7] as usize;
            for f in p.fields() {
                let f = f.unwrap();
                if let FieldValue::ReferenceIdsResponse(chunk) = FieldValue::read(&f).unwrap() {
                    n += chunk.len();
                }
            }
            n += p.fields().check().unwrap();
            if let Ok(Message::V5(m)) = Message::parse(bytes) {
                n += m.packet_len();
            }
        }
        n
    });

    let mut out = [0u8; 128];
    let write = count(|| {
        let h = Header::request(Cookie::ZERO);
        h.emit_slice(&mut out).unwrap();
        let mut w = FieldWriter::new(&mut out).unwrap();
        w.draft_identification(ntp_wire::v5::DRAFT_08).unwrap();
        w.mac(1, &[2; 16]).unwrap();
        w.finish()
    });

    let bloom = count(|| {
        let mut copy = BloomFilter::new();
        for r in ReferenceIdsRequest::chunks(16) {
            let at = usize::from(r.offset);
            copy.write_chunk(at, filter.chunk(at, 16).unwrap()).unwrap();
        }
        copy.contains(&ServerId([7; 15])) && copy == filter
    });

    let upgrade = count(|| {
        let h = Upgrade::Draft.request(Version::V4, Timestamp::from_bits(1));
        let b = h.to_bytes();
        Upgrade::offered(&ntp_wire::Packet::new_checked(&b[..]).unwrap())
    });

    assert_eq!(
        (build, answer, read, write, bloom, upgrade),
        (0, 0, 0, 0, 0, 0),
        "allocations in (request, reply, read, field writer, Bloom filter, upgrade)"
    );
    // The counter works: a Vec allocates.
    assert_eq!(count(|| vec![1u8; 10]), 1);
    println!("v5_alloc: views, walks, builders and the Bloom filter allocate nothing: ok");
}
