//! Walking and writing a trailer allocate nothing: a counting global
//! allocator, in a test binary of its own (`harness = false`) so that no
//! test harness thread allocates while we count.

mod alloc_support;

use alloc_support::count;

use ntp_wire::nts_ke::{check_message, RecordWriter};
use ntp_wire::trailer::nts::{write_request, InnerFields, NtsRequest};
use ntp_wire::trailer::{ExtensionFieldType, Trailer, TrailerItem, TrailerWriter};

#[global_allocator]
static GLOBAL: alloc_support::Counting = alloc_support::Counting;

fn main() {
    // chrony's NTS request (tests/data/chrony-nts-request.hex), rebuilt in
    // a stack buffer by the writer itself.
    let mut buf = [0xa5u8; 512];
    buf[..48].fill(0);
    buf[0] = 0x23;
    let writes = count(|| {
        let l = write_request(&mut buf, &[7; 32], &[9; 100], 1, 16, 16).unwrap();
        l.len
    });
    let len = 48 + 36 + 104 + 104 + 40;

    let walks = count(|| {
        let mut n = 0;
        for item in Trailer::new(&buf[..len]) {
            if let Ok(TrailerItem::Field(f)) = item {
                n += f.body().len();
            }
        }
        let r = NtsRequest::parse(&buf[..len]).unwrap();
        n + r.placeholders + InnerFields::new(&buf[48..len]).count()
    });

    let mut mac_packet = [0u8; 100];
    mac_packet[0] = 0x23;
    let mac_writes = count(|| {
        let mut w = TrailerWriter::new(&mut mac_packet).unwrap();
        w.field(ExtensionFieldType(0xf001), &[1; 12]).unwrap();
        w.mac(1, &[2; 16]).unwrap();
        w.finish().unwrap()
    });

    let mut ke = [0u8; 64];
    let ke_rw = count(|| {
        let mut w = RecordWriter::new(&mut ke);
        w.next_protocols(&[0]).unwrap();
        w.aead_algorithms(&[15]).unwrap();
        let n = w.end_of_message().unwrap();
        check_message(&ke[..n]).unwrap()
    });

    assert_eq!(
        (writes, walks, mac_writes, ke_rw),
        (0, 0, 0, 0),
        "allocations in (NTS write, walks, MAC write, NTS-KE)"
    );
    // The counter works: a Vec allocates.
    assert_eq!(count(|| vec![1u8; 10]), 1);
    println!("trailer_alloc: walk and write allocate nothing: ok");
}
