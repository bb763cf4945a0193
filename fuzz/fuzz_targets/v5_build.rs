//! Body and invariants: `ntp_wire::fuzzing::v5_build`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::v5_build(data));
