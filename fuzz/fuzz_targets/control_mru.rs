//! Body and invariants: `ntp_wire::fuzzing::control_mru`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::control_mru(data));
