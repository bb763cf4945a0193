//! Body and invariants: `ntp_wire::fuzzing::header_roundtrip`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::header_roundtrip(data));
