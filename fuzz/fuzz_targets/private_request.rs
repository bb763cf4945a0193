//! Body and invariants: `ntp_wire::fuzzing::private_request`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::private_request(data));
