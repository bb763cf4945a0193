//! Zero allocations: every parse, emit and formatting path of the crate runs
//! over every packet of `tests/data` (and hostile ones) under a counting
//! global allocator, and none may allocate.
//!
//! Its own test binary with `harness = false` (see Cargo.toml): the global
//! allocator counts for the whole process, and libtest's threads would
//! allocate while a path is being counted. The inputs are read before
//! counting starts; counting stops before any assertion formats a message.
//!
//! Each fuzz target runs over the packets and over its own corpus in
//! `fuzz/corpus/<target>/`, which reaches the trailer, exchange and Windows
//! Time paths with inputs of their own shape.
//!
//! Excluded by name, because allocating is their purpose: the `alloc`
//! conveniences `w32time::ManualPeerListBuf` (an owned, editable peer list)
//! and the `String` formatting of `ToString`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::{self, Write};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use ntp_wire::fuzzing::{Target, TARGETS};
use ntp_wire::{
    DateTime, Header, Mode, Packet, ShortTime, Stratum, TimeDelta, Timestamp, UnixTime,
};

mod common;

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call unchanged to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: the caller's contract is passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: as above.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f`.
fn allocations_in(f: impl FnOnce()) -> usize {
    ALLOCATIONS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    f();
    COUNTING.store(false, Ordering::SeqCst);
    ALLOCATIONS.load(Ordering::SeqCst)
}

/// Formats into a fixed buffer, as an embedded caller would.
struct Fixed {
    buf: [u8; 1024],
    len: usize,
}

impl Write for Fixed {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn format(args: fmt::Arguments<'_>) {
    let mut out = Fixed {
        buf: [0; 1024],
        len: 0,
    };
    out.write_fmt(args).expect("fits in 1 KiB");
    black_box(&out.buf[..out.len]);
}

fn view_getters(data: &[u8]) {
    if let Ok(p) = Packet::new_checked(black_box(data)) {
        black_box((p.leap(), p.version(), p.mode(), p.stratum()));
        black_box((p.poll(), p.precision(), p.root_delay(), p.root_dispersion()));
        black_box((p.reference_id(), p.reference_timestamp()));
        black_box((p.origin_timestamp(), p.receive_timestamp()));
        black_box((p.transmit_timestamp(), p.payload(), p.packet_len()));
    }
    black_box(Packet::new_unchecked(data).check_len()).ok();
}

fn view_setters(data: &[u8]) {
    let Ok(h) = Header::from_bytes(data) else {
        return;
    };
    let mut buf = [0u8; 48];
    let mut p = Packet::new_unchecked(&mut buf[..]);
    p.set_leap(h.leap);
    p.set_version(h.version);
    p.set_mode(h.mode);
    p.set_stratum(h.stratum);
    p.set_poll(h.poll);
    p.set_precision(h.precision);
    p.set_root_delay(h.root_delay);
    p.set_root_dispersion(h.root_dispersion);
    p.set_reference_id(h.reference_id);
    p.set_reference_timestamp(h.reference_timestamp);
    p.set_origin_timestamp(h.origin_timestamp);
    p.set_receive_timestamp(h.receive_timestamp);
    p.set_transmit_timestamp(h.transmit_timestamp);
    black_box(p.payload_mut());
    black_box(&buf);
}

fn header_parse(data: &[u8]) {
    black_box(Header::parse(&Packet::new_unchecked(black_box(data)))).ok();
    black_box(Header::from_bytes(black_box(data))).ok();
}

fn header_emit(data: &[u8]) {
    let h = Header::from_bytes(data).unwrap_or_default();
    let mut buf = [0u8; 64];
    black_box(h.emit(&mut Packet::new_unchecked(&mut buf[..]))).ok();
    black_box(h.emit_slice(&mut buf[..47])).ok();
    black_box(h.to_bytes());
    black_box(h.buffer_len());
}

#[cfg(feature = "bytes")]
fn header_bytes(data: &[u8]) {
    let mut input = data;
    if let Ok(h) = Header::parse_buf(&mut input) {
        let mut out = [0u8; 48];
        black_box(h.emit_buf(&mut &mut out[..])).ok();
    }
}

fn formatting(data: &[u8]) {
    let Ok(h) = Header::from_bytes(data) else {
        if let Err(e) = Header::from_bytes(data) {
            format(format_args!("{e} {e:?}"));
        }
        return;
    };
    format(format_args!("{h:?}"));
    format(format_args!(
        "{} {} {} {}",
        h.leap, h.version, h.mode, h.stratum
    ));
    format(format_args!("{} {} {}", h.poll, h.precision, h.root_delay));
    format(format_args!("{}", h.reference_id.interpret(h.stratum)));
    if let Some(kiss) = h.reference_id.kiss_code(h.stratum) {
        format(format_args!("{kiss} {kiss:?}"));
    }
    format(format_args!(
        "{} {}",
        h.transmit_timestamp, h.origin_timestamp
    ));
}

fn time_conversions(data: &[u8]) {
    let Ok(h) = Header::from_bytes(data) else {
        return;
    };
    let t = h.transmit_timestamp;
    let unix: UnixTime = t.to_unix();
    black_box(Timestamp::from_unix(unix));
    black_box(t.to_unix_near(UnixTime::new(1_764_000_000, 0)));
    let date: DateTime = t.with_era(1);
    black_box((date.to_be_bytes(), date.to_unix(), date.to_timestamp()));
    black_box(DateTime::from_timestamp_near(t, date));
    let delta: TimeDelta = t.wrapping_delta(h.origin_timestamp);
    black_box((
        delta.as_nanos(),
        delta.abs_duration(),
        t.wrapping_add(delta),
    ));
    format(format_args!("{unix} {date} {delta}"));
    let st: ShortTime = h.root_dispersion;
    black_box((st.to_duration(), st.to_signed_nanos()));
    #[cfg(feature = "std")]
    black_box(t.to_system_time());
    black_box(Stratum(h.stratum.0).kind());
    black_box(Mode::from_bits(data[0]).name());
}

/// Every path: a name and a body that takes any octets.
const PATHS: &[(&str, Target)] = &[
    ("Packet::new_checked + getters", view_getters),
    ("Packet setters", view_setters),
    ("Header::parse / from_bytes", header_parse),
    ("Header::emit / emit_slice / to_bytes", header_emit),
    #[cfg(feature = "bytes")]
    ("Header::parse_buf / emit_buf", header_bytes),
    ("Display / Debug into a fixed buffer", formatting),
    ("time conversions", time_conversions),
];

fn main() {
    // The counter counts: one Vec is one allocation.
    assert_eq!(allocations_in(|| drop(black_box(vec![0u8; 48]))), 1);

    let mut packets: Vec<(String, Vec<u8>)> = std::fs::read_dir(common::data_dir())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hex"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let data = common::fixture(&name);
            (name, data)
        })
        .collect();
    packets.sort();
    assert!(packets.len() >= 10, "tests/data has the captured packets");
    let base = common::fixture("chrony-server-mode4-response");
    for (name, len) in [("short-0", 0), ("short-1", 1), ("short-47", 47)] {
        packets.push((name.into(), base[..len].to_vec()));
    }
    for octet0 in [0x03, 0x2b, 0x33, 0x3b, 0x26, 0x27] {
        let mut hostile = base.clone();
        hostile[0] = octet0;
        packets.push((format!("octet0-{octet0:#04x}"), hostile));
    }

    // Each fuzz target also gets its own corpus: the text, exchange and
    // trailer targets take input shapes of their own (peer lists, request
    // and reply pairs with times, structured trailers).
    let corpus = |target: &str| -> Vec<(String, Vec<u8>)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fuzz/corpus")
            .join(target);
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
            .map(|d| {
                d.map(|e| e.unwrap().path())
                    .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    };

    let mut passed = 0;
    let mut failed = Vec::new();
    let paths = PATHS.iter().map(|&(n, f)| (n, f, Vec::new()));
    let targets = TARGETS.iter().map(|&(n, f)| (n, f, corpus(n)));
    // The fuzz targets too: everything they reach is allocation-free.
    for (path, f, own) in paths.chain(targets) {
        let mut worst = (0, "");
        for (name, data) in packets.iter().chain(&own) {
            let n = allocations_in(|| f(data));
            if n > worst.0 {
                worst = (n, name);
            }
        }
        if worst.0 == 0 {
            passed += 1;
            println!(
                "alloc_free: {path}: 0 allocations over {} inputs",
                packets.len() + own.len()
            );
        } else {
            failed.push(format!("{path}: {} allocations on {}", worst.0, worst.1));
        }
    }
    for f in &failed {
        println!("alloc_free: FAILED {f}");
    }
    println!("alloc_free: {passed} passed, {} failed", failed.len());
    if !failed.is_empty() {
        std::process::exit(1);
    }
}
