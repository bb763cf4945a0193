//! Body and invariants: `ntp_wire::fuzzing::trailer_walk`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::trailer_walk(data));
