//! Body and invariants: `ntp_wire::fuzzing::ms_sntp`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::ms_sntp(data));
