//! Body and invariants: `ntp_wire::fuzzing::nts_ke`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::nts_ke(data));
