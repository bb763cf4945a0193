//! Body and invariants: `ntp_wire::fuzzing::manual_peer_list`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::manual_peer_list(data));
