//! Replays every file of `fuzz/corpus/<target>/` through the same function
//! the fuzz target runs (`ntp_wire::fuzzing`), so an ordinary `cargo test`
//! on stable re-checks every seed and every input a fuzzer ever kept.
//!
//! The target list is `ntp_wire::fuzzing::TARGETS`; this test also checks
//! that each listed target has its file in `fuzz/fuzz_targets/`, its `[[bin]]`
//! in `fuzz/Cargo.toml` and a non-empty corpus folder, and that nothing in
//! those places is missing from the list.

use std::collections::BTreeSet;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use ntp_wire::fuzzing::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The file stems (or folder names) directly under `dir`.
fn names_in(dir: &Path, extension: Option<&str>) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| extension.map_or(true, |ext| p.extension().is_some_and(|e| e == ext)))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_corpus_file_passes_its_target() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for &(name, target) in TARGETS {
        let dir = fuzz_dir().join("corpus").join(name);
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: no corpus files", dir.display());
        for file in files {
            let data = fs::read(&file).unwrap();
            if panic::catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
                failures.push(file.display().to_string());
            }
            replayed += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {replayed} corpus files failed (reproduce: cargo fuzz run TARGET FILE):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn targets_files_and_corpus_folders_agree() {
    let listed: BTreeSet<String> = TARGETS.iter().map(|&(n, _)| n.to_string()).collect();
    assert_eq!(listed.len(), TARGETS.len(), "duplicate names in TARGETS");

    let files = names_in(&fuzz_dir().join("fuzz_targets"), Some("rs"));
    assert_eq!(files, listed, "fuzz/fuzz_targets/*.rs against TARGETS");

    let corpora = names_in(&fuzz_dir().join("corpus"), None);
    assert_eq!(corpora, listed, "fuzz/corpus/* against TARGETS");

    let manifest = fs::read_to_string(fuzz_dir().join("Cargo.toml")).unwrap();
    for name in &listed {
        let bin = format!("name = \"{name}\"\npath = \"fuzz_targets/{name}.rs\"");
        assert!(
            manifest.contains(&bin),
            "fuzz/Cargo.toml: no [[bin]] {name}"
        );
        let source =
            fs::read_to_string(fuzz_dir().join(format!("fuzz_targets/{name}.rs"))).unwrap();
        assert!(
            source.contains(&format!("ntp_wire::fuzzing::{name}(data)")),
            "fuzz_targets/{name}.rs must call ntp_wire::fuzzing::{name}"
        );
    }
}
