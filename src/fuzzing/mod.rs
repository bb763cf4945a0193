//! The bodies of the fuzz targets, as plain functions.
//!
//! `fuzz/fuzz_targets/<name>.rs` calls `<name>` under libFuzzer, and
//! `tests/corpus_replay.rs` calls the same function on every file of
//! `fuzz/corpus/<name>/` in an ordinary `cargo test` (the arrangement of
//! rustls), so stable CI checks the whole corpus without a fuzzer.
//!
//! Not part of the API: hidden from the docs and free to change. Unlike the
//! rest of the crate these functions panic on purpose: every `assert!` here
//! states an invariant of the codec, and its failure is the finding. Each
//! target checks that its entry point does not panic on any input, that
//! what it reads agrees with the raw octets, and that parse, emit, parse
//! gives back equal values and (the header being canonical: every bit is
//! kept) identical bytes.
//!
//! Adding a target: a function in the file of its layer and its line in
//! [`TARGETS`], a 5-line file `fuzz/fuzz_targets/<name>.rs` with its `[[bin]]`
//! in `fuzz/Cargo.toml`, a seed folder `fuzz/corpus/<name>/`.
//! The replay test fails until the three agree.

mod control;
mod exchange;
mod header;
mod message;
mod private;
mod support;
mod trailer;
mod v5;
mod w32time;

pub use control::{
    control_mru, control_readstat, control_reassembly, control_request, control_vars, control_view,
};
pub use exchange::{reply_build, response_check};
pub use header::{header_emit, header_roundtrip, header_view};
pub use message::message;
pub use private::{private_items, private_request, private_view};
pub use trailer::{autokey, ms_sntp, nts, nts_ke, trailer_walk, trailer_write};
pub use v5::{v5_bloom, v5_build, v5_fields, v5_view};
pub use w32time::{manual_peer_list, peer_flags};

/// A fuzz target body: takes any octets, panics only on a broken invariant.
pub type Target = fn(&[u8]);

/// Every target by name: the name of its file in `fuzz/fuzz_targets/` and of
/// its folder in `fuzz/corpus/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("message", message),
    ("header_view", header_view),
    ("header_roundtrip", header_roundtrip),
    ("header_emit", header_emit),
    ("peer_flags", peer_flags),
    ("manual_peer_list", manual_peer_list),
    ("reply_build", reply_build),
    ("response_check", response_check),
    ("trailer_walk", trailer_walk),
    ("trailer_write", trailer_write),
    ("nts", nts),
    ("nts_ke", nts_ke),
    ("autokey", autokey),
    ("ms_sntp", ms_sntp),
    ("control_view", control_view),
    ("control_vars", control_vars),
    ("control_readstat", control_readstat),
    ("control_mru", control_mru),
    ("control_reassembly", control_reassembly),
    ("control_request", control_request),
    ("private_view", private_view),
    ("private_items", private_items),
    ("private_request", private_request),
    ("v5_view", v5_view),
    ("v5_fields", v5_fields),
    ("v5_build", v5_build),
    ("v5_bloom", v5_bloom),
];
