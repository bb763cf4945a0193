//! Helpers shared by the integration tests: the real packets in tests/data.

#![allow(dead_code)]

use std::path::PathBuf;

/// The directory of the captured packets.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// Decodes a hex string (whitespace ignored).
pub fn unhex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(digits.len() % 2 == 0, "odd number of hex digits");
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

/// The octets of fixture `name` (without `.hex`).
pub fn fixture(name: &str) -> Vec<u8> {
    let path = data_dir().join(format!("{name}.hex"));
    unhex(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// tshark's dissection of fixture `name`, from its "Network Time Protocol"
/// line on.
pub fn tshark(name: &str) -> String {
    let path = data_dir().join(format!("{name}.txt"));
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("Network Time Protocol").expect("an NTP section");
    text[start..].to_string()
}

/// The value after `label: ` on tshark's line for it.
pub fn tshark_field<'a>(text: &'a str, label: &str) -> &'a str {
    let needle = format!("    {label}: ");
    let line = text
        .lines()
        .find(|l| l.starts_with(&needle))
        .unwrap_or_else(|| panic!("tshark line {label:?}"));
    &line[needle.len()..]
}

/// The octets of `tests/data/mode6/NAME.hex`.
pub fn mode6(name: &str) -> Vec<u8> {
    fixture(&format!("mode6/{name}"))
}

/// The rows of an ntpq table (`-c as`, `-c mrulist`): the lines after
/// the `====` rule, split at whitespace, ntpq's `#` notes left out.
pub fn ntpq_rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .skip_while(|l| !l.starts_with("===="))
        .skip(1)
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split_whitespace().collect())
        .collect()
}
