//! Body and invariants: `ntp_wire::fuzzing::v5_bloom`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::v5_bloom(data));
