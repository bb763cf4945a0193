//! Body and invariants: `ntp_wire::fuzzing::control_readstat`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::control_readstat(data));
