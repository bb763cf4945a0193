//! Body and invariants: `ntp_wire::fuzzing::private_view`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::private_view(data));
