//! Decodes NTP packets given as hex and prints every header field and
//! every trailer item (extension fields, MAC, crypto-NAK, MS-SNTP).
//!
//! ```text
//! cargo run --features serde --example decode -- 2408fee6...  [HEX ...]
//! echo 2408fee6... | cargo run --features serde --example decode
//! cargo run --features serde --example decode -- --json 2408fee6...
//! cargo run --features serde --example decode -- --lenient 2408fee6...
//! ```
//!
//! The trailer is walked strictly (RFC 7822, as chrony reads it); with
//! `--lenient`, out-of-spec items are shown with the rule they break.
//!
//! Hex may contain spaces and colons. With no packet arguments, one packet
//! is read per line of standard input. Each packet that fails (bad hex or a
//! packet error) prints its typed error and decoding goes on with the next;
//! the exit code is 1 if any failed. With `--json`, every packet is one line
//! holding one JSON object, with an `error` member when it failed.

use std::io::BufRead;
use std::process::ExitCode;

use ntp_wire::trailer::nts::NtsAuthenticator;
use ntp_wire::trailer::{ExtensionFieldType, Strictness, Trailer, TrailerItem};
use ntp_wire::{Header, Packet};
use serde_json::{json, Value};

/// Why an input could not be decoded.
enum Failure {
    /// Not hex: the message says where.
    Hex(String),
    /// Hex, but not a packet this crate reads.
    Packet(ntp_wire::Error),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Hex(m) => write!(f, "invalid hex: {m}"),
            Failure::Packet(e) => write!(f, "invalid packet: {e}"),
        }
    }
}

/// Hex digits to octets; spaces, tabs and colons are separators.
fn parse_hex(text: &str) -> Result<Vec<u8>, Failure> {
    let digits: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(_, c)| !matches!(c, ' ' | '\t' | ':' | '\r'))
        .collect();
    if let Some((i, c)) = digits.iter().find(|(_, c)| !c.is_ascii_hexdigit()) {
        return Err(Failure::Hex(format!(
            "{c:?} at character {i} is not a hex digit"
        )));
    }
    if digits.len() % 2 != 0 {
        return Err(Failure::Hex(format!(
            "odd number of hex digits ({})",
            digits.len()
        )));
    }
    Ok(digits
        .chunks(2)
        .map(|p| {
            // Both are ASCII hex digits, checked above.
            let hi = p[0].1.to_digit(16).unwrap_or(0);
            let lo = p[1].1.to_digit(16).unwrap_or(0);
            (hi * 16 + lo) as u8
        })
        .collect())
}

/// The header of `bytes`, or why not.
fn decode(bytes: &[u8]) -> Result<(Header, &[u8]), Failure> {
    let packet = Packet::new_checked(bytes).map_err(Failure::Packet)?;
    let header = Header::parse(&packet).map_err(Failure::Packet)?;
    Ok((header, &bytes[header.buffer_len()..]))
}

fn print_text(h: &Header, payload: &[u8]) {
    println!("  leap indicator:      {} ({})", h.leap, h.leap.to_bits());
    println!("  version:             {}", h.version);
    println!("  mode:                {}", h.mode);
    println!("  stratum:             {}", h.stratum);
    println!("  poll:                {}", h.poll);
    println!("  precision:           {}", h.precision);
    println!(
        "  root delay:          {} ({:#010x})",
        h.root_delay,
        h.root_delay.to_bits()
    );
    println!(
        "  root dispersion:     {} ({:#010x})",
        h.root_dispersion,
        h.root_dispersion.to_bits()
    );
    println!(
        "  reference id:        {:#010x}: {}",
        h.reference_id.to_u32(),
        reference_reading(h)
    );
    for (name, ts) in [
        ("reference timestamp", h.reference_timestamp),
        ("origin timestamp", h.origin_timestamp),
        ("receive timestamp", h.receive_timestamp),
        ("transmit timestamp", h.transmit_timestamp),
    ] {
        println!("  {:<20} {:#018x} {ts}", format!("{name}:"), ts.to_bits());
    }
    println!("  after the header:    {} octets", payload.len());
}

/// The reference id read at the header's stratum, in words: a zero id
/// (what requests carry) is "none", a kiss code gets its meaning.
fn reference_reading(h: &Header) -> String {
    if h.reference_id == ntp_wire::ReferenceId::ZERO {
        return "none".into();
    }
    match h.reference_id.interpret(h.stratum) {
        ntp_wire::ReferenceKind::Kiss(k) => {
            format!("kiss {k}: {}", k.description().unwrap_or_default())
        }
        other => other.to_string(),
    }
}

fn timestamp_json(ts: ntp_wire::Timestamp) -> Value {
    json!({ "raw": format!("{:#018x}", ts.to_bits()), "utc": ts.to_string() })
}

fn header_json(h: &Header, payload: &[u8]) -> Value {
    json!({
        "leap": h.leap.to_bits(),
        "leap_text": h.leap.to_string(),
        "version": h.version.to_bits(),
        "mode": h.mode.to_bits(),
        "mode_name": h.mode.name(),
        "stratum": h.stratum.0,
        "poll": h.poll.0,
        "precision": h.precision.0,
        "root_delay": { "raw": format!("{:#010x}", h.root_delay.to_bits()), "seconds": h.root_delay.as_secs_f64() },
        "root_dispersion": { "raw": format!("{:#010x}", h.root_dispersion.to_bits()), "seconds": h.root_dispersion.as_secs_f64() },
        "reference_id": { "raw": format!("{:#010x}", h.reference_id.to_u32()), "reading": reference_reading(h) },
        "reference_timestamp": timestamp_json(h.reference_timestamp),
        "origin_timestamp": timestamp_json(h.origin_timestamp),
        "receive_timestamp": timestamp_json(h.receive_timestamp),
        "transmit_timestamp": timestamp_json(h.transmit_timestamp),
        "trailer_octets": payload.len(),
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// One trailer item as JSON (the text form prints the same members).
fn item_json(item: &TrailerItem<'_>) -> Value {
    let mut v = match item {
        TrailerItem::Field(f) => {
            let mut v = json!({
                "kind": "extension_field",
                "type": format!("{:#06x}", f.field_type().0),
                "type_name": f.field_type().name(),
                "length": f.length(),
                "body": hex(f.body()),
            });
            if f.field_type() == ExtensionFieldType::NTS_AUTHENTICATOR {
                match NtsAuthenticator::new(*f) {
                    Ok(a) => {
                        v["nonce"] = json!(hex(a.nonce()));
                        v["ciphertext_length"] = json!(a.ciphertext_len());
                        v["associated_data"] = json!(format!("{:?}", a.associated_data_range()));
                    }
                    Err(e) => v["error"] = json!(e.to_string()),
                }
            }
            v
        }
        TrailerItem::Mac(m) => json!({
            "kind": "mac",
            "key_id": m.key_id(),
            "algorithms": m.candidates().iter().map(|a| a.name()).collect::<Vec<_>>(),
            "digest": hex(m.digest()),
            "covers": format!("{:?}", m.authenticated_range()),
        }),
        TrailerItem::CryptoNak => json!({ "kind": "crypto_nak" }),
        TrailerItem::MsSntpExtended(e) => json!({
            "kind": "ms_sntp_extended",
            "rid": e.key_id().rid(),
            "previous_key": e.key_id().previous_key(),
            "flags": e.flags().0,
            "client_hash_id_hints": e.client_hash_id_hints().0,
            "signature_hash_id": e.signature_hash_id().0,
            "checksum": hex(e.checksum()),
        }),
        _ => json!({ "kind": "unknown" }),
    };
    v["offset"] = json!(item.offset());
    v["octets"] = json!(item.len());
    if let Some(rule) = item.waived() {
        v["waived"] = json!(rule.to_string());
    }
    v
}

/// Every trailer item, then the error that stopped the walk, if any.
fn trailer_json(bytes: &[u8], strictness: Strictness) -> (Vec<Value>, Option<ntp_wire::Error>) {
    let mut items = Vec::new();
    for item in Trailer::with_strictness(bytes, strictness) {
        match item {
            Ok(item) => items.push(item_json(&item)),
            Err(e) => return (items, Some(e)),
        }
    }
    (items, None)
}

fn print_trailer(items: &[Value], error: Option<ntp_wire::Error>) {
    for item in items {
        let Value::Object(members) = item else {
            continue;
        };
        let mut line = format!(
            "  @{:<3} {}",
            item["offset"],
            item["kind"].as_str().unwrap_or("")
        );
        for (k, v) in members {
            if !matches!(k.as_str(), "kind" | "offset") {
                let v = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                line += &format!(" {k}={v}");
            }
        }
        println!("{line}");
    }
    if let Some(e) = error {
        println!("  trailer error: {e}");
    }
}

/// Decodes and prints one input; `false` if it failed.
fn run_one(input: &str, as_json: bool, strictness: Strictness) -> bool {
    let result = parse_hex(input).and_then(|bytes| {
        let (h, payload) = decode(&bytes)?;
        let (items, error) = trailer_json(&bytes, strictness);
        Ok(if as_json {
            let mut v = header_json(&h, payload);
            v["length"] = json!(bytes.len());
            v["trailer"] = json!(items);
            if let Some(e) = error {
                v["trailer_error"] = json!(e.to_string());
            }
            v.to_string()
        } else {
            println!("packet of {} octets", bytes.len());
            print_text(&h, payload);
            print_trailer(&items, error);
            String::new()
        })
    });
    match result {
        Ok(line) => {
            if as_json {
                println!("{line}");
            }
            true
        }
        Err(failure) => {
            if as_json {
                let mut v = json!({ "input": input.trim(), "error": failure.to_string() });
                if let Failure::Packet(e) = &failure {
                    v["error_debug"] = json!(format!("{e:?}"));
                }
                println!("{v}");
            } else {
                println!("{}: {failure}", input.trim());
            }
            false
        }
    }
}

fn main() -> ExitCode {
    let mut as_json = false;
    let mut strictness = Strictness::Strict;
    let mut inputs = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--json" => as_json = true,
            "--lenient" => strictness = Strictness::Lenient,
            "-h" | "--help" => {
                println!("usage: decode [--json] [--lenient] [HEX ...]   (no HEX: one packet per stdin line)");
                return ExitCode::SUCCESS;
            }
            _ => inputs.push(arg),
        }
    }
    if inputs.is_empty() {
        for line in std::io::stdin().lock().lines() {
            match line {
                Ok(l) if l.trim().is_empty() => {}
                Ok(l) => inputs.push(l),
                Err(e) => {
                    eprintln!("reading standard input: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    let mut ok = true;
    for input in &inputs {
        ok &= run_one(input, as_json, strictness);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
