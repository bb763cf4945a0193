//! Body and invariants: `ntp_wire::fuzzing::control_vars`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ntp_wire::fuzzing::control_vars(data));
