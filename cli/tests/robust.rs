//! No input makes the tool panic: every committed capture, truncated at
//! every 23rd octet and with random octets changed (a fixed seed, so a
//! failure reproduces), goes through the whole run in every output mode.

use std::io;
use std::path::Path;

use ntp_wire_cli::app::{Engine, Filters, EXIT_INPUT, EXIT_OK, EXIT_PACKET};
use ntp_wire_cli::output::Style;

fn run(bytes: &[u8], json: bool, per_packet: bool) -> u8 {
    let mut e = Engine::new(
        io::sink(),
        Style::new(true),
        json,
        per_packet,
        &[12300],
        Filters::default(),
    );
    e.read_input("mutated", bytes);
    e.finish(true, true)
}

#[test]
fn mutated_captures_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut runs = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.ends_with(".pcap") || name.ends_with(".pcapng")) {
            continue;
        }
        let original = std::fs::read(&path).unwrap();
        assert_ne!(run(&original, true, true), EXIT_INPUT, "{name} reads whole");
        for cut in (0..original.len()).step_by(23) {
            let code = run(&original[..cut], false, false);
            assert!(
                [EXIT_OK, EXIT_PACKET, EXIT_INPUT].contains(&code),
                "{name} cut at {cut}"
            );
            runs += 1;
        }
        for _ in 0..60 {
            let mut m = original.clone();
            for _ in 0..1 + next() % 8 {
                let i = (next() % m.len() as u64) as usize;
                m[i] = next() as u8;
            }
            let json = next() % 2 == 0;
            let code = run(&m, json, true);
            assert!(
                [EXIT_OK, EXIT_PACKET, EXIT_INPUT].contains(&code),
                "{name} mutated"
            );
            runs += 1;
        }
    }
    assert!(runs > 1000, "{runs} runs");
}
