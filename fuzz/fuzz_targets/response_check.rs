//! Body and invariants: `ntp_wire::fuzzing::response_check`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::response_check(data));
