//! NTPv5 (draft-ietf-ntp-ntpv5): `ntp_wire::v5`.
//!
//! Header fields and extension field types carry the draft's names
//! (draft-ietf-ntp-ntpv5-07 sections 6 and 7, which -08 and -09 keep).

use std::io::{self, Write};

use ntp_wire::trailer::ExtensionField;
use ntp_wire::v5::{FieldValue, Fields, Flags, Packet, Timescale, HEADER_LEN};
use ntp_wire::ExtensionFieldType;
use serde_json::{json, Value};

use super::{hex, text_of};
use crate::ntp::{self, Problem};
use crate::output::{secs, ts_hex, Style};

/// One extension field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Offset in the packet.
    pub offset: usize,
    /// Field Type.
    pub field_type: u16,
    /// Length (4 + value, padding not counted).
    pub length: u16,
    /// The value, typed where the draft gives a layout; `None` when the
    /// value breaks its layout (the reason is the packet's error).
    pub value: Option<Typed>,
    /// The value as hex (for payload inputs).
    pub body: String,
}

/// A typed field value (plain data of `ntp_wire::v5::FieldValue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// Padding: its value's octets.
    Padding(usize),
    /// MAC: key id and MAC octets.
    Mac(u32, usize),
    /// Reference IDs Request: offset and octets asked for.
    ReferenceIdsRequest(u16, u16),
    /// Reference IDs Response: octets of the Bloom filter chunk.
    ReferenceIdsResponse(usize),
    /// Server Information: the versions bit field.
    ServerInformation(u16),
    /// Correction: origin correction (raw), delay correction (48.16 ns).
    Correction(u64, i64),
    /// Reference Timestamp, raw.
    ReferenceTimestamp(u64),
    /// Monotonic Receive Timestamp: epoch, timestamp.
    MonotonicReceiveTimestamp(u32, u64),
    /// Secondary Receive Timestamp: timescale, era, timestamp.
    SecondaryReceiveTimestamp(u8, u8, u64),
    /// Draft Identification: the string.
    DraftIdentification(String),
    /// Another type: value octets.
    Other(usize),
}

/// An NTPv5 packet, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// LI.
    pub leap: u8,
    /// VN (5).
    pub version: u8,
    /// Mode.
    pub mode: u8,
    /// Stratum.
    pub stratum: u8,
    /// Poll, log2 seconds.
    pub poll: i8,
    /// Precision, log2 seconds.
    pub precision: i8,
    /// Root Delay, time32 (4.28) raw.
    pub root_delay: u32,
    /// Root Dispersion, raw.
    pub root_dispersion: u32,
    /// Timescale.
    pub timescale: u8,
    /// Era.
    pub era: u8,
    /// Flags.
    pub flags: u16,
    /// Server Cookie.
    pub server_cookie: u64,
    /// Client Cookie.
    pub client_cookie: u64,
    /// Receive Timestamp, raw.
    pub receive: u64,
    /// Transmit Timestamp, raw.
    pub transmit: u64,
    /// The extension fields, as far as the walk reads.
    pub fields: Vec<Field>,
}

impl View {
    /// The Draft Identification string, if a field carries one.
    pub fn draft(&self) -> Option<&str> {
        self.fields.iter().find_map(|f| match &f.value {
            Some(Typed::DraftIdentification(s)) => Some(s.as_str()),
            _ => None,
        })
    }
}

fn typed(f: &ExtensionField<'_>) -> Result<Typed, ntp_wire::Error> {
    Ok(match FieldValue::read(f)? {
        FieldValue::Padding(v) => Typed::Padding(v.len()),
        FieldValue::Mac(m) => Typed::Mac(m.key_id, m.mac.len()),
        FieldValue::ReferenceIdsRequest(r) => Typed::ReferenceIdsRequest(r.offset, r.length),
        FieldValue::ReferenceIdsResponse(v) => Typed::ReferenceIdsResponse(v.len()),
        FieldValue::ServerInformation(s) => Typed::ServerInformation(s.versions),
        FieldValue::Correction(c) => Typed::Correction(c.origin_correction, c.delay_correction),
        FieldValue::ReferenceTimestamp(t) => Typed::ReferenceTimestamp(t.to_bits()),
        FieldValue::MonotonicReceiveTimestamp(m) => {
            Typed::MonotonicReceiveTimestamp(m.epoch, m.timestamp.to_bits())
        }
        FieldValue::SecondaryReceiveTimestamp(s) => {
            Typed::SecondaryReceiveTimestamp(s.timescale.0, s.era, s.timestamp.to_bits())
        }
        FieldValue::DraftIdentification(d) => Typed::DraftIdentification(text_of(d)),
        _ => Typed::Other(f.body().len()),
    })
}

/// Reads an NTPv5 packet; `None` when it is shorter than its 48-octet
/// header. The second value is why the strict reading refuses it: the
/// header (ntpd-rs's checks), the walk of the fields, or a field's layout.
pub fn decode(payload: &[u8]) -> (Option<View>, Option<Problem>) {
    let mut problem = Packet::new_checked(payload)
        .err()
        .map(|e| ntp::problem_at(0, &e));
    if payload.len() < HEADER_LEN {
        return (None, problem);
    }
    let p = Packet::new_unchecked(payload);
    let mut v = View {
        leap: p.leap().to_bits(),
        version: p.version().to_bits(),
        mode: p.mode().to_bits(),
        stratum: p.stratum().0,
        poll: p.poll().0,
        precision: p.precision().0,
        root_delay: p.root_delay().to_bits(),
        root_dispersion: p.root_dispersion().to_bits(),
        timescale: p.timescale().0,
        era: p.era(),
        flags: p.flags().0,
        server_cookie: p.server_cookie().to_u64(),
        client_cookie: p.client_cookie().to_u64(),
        receive: p.receive_timestamp().to_bits(),
        transmit: p.transmit_timestamp().to_bits(),
        fields: Vec::new(),
    };
    for f in Fields::new(payload) {
        match f {
            Ok(f) => {
                let value = match typed(&f) {
                    Ok(t) => Some(t),
                    Err(e) => {
                        problem.get_or_insert_with(|| ntp::problem_at(f.offset(), &e));
                        None
                    }
                };
                v.fields.push(Field {
                    offset: f.offset(),
                    field_type: f.field_type().0,
                    length: f.length(),
                    value,
                    body: hex(f.body()),
                });
            }
            Err(e) => {
                problem.get_or_insert_with(|| ntp::problem_at(HEADER_LEN, &e));
                break;
            }
        }
    }
    (Some(v), problem)
}

/// The draft's name of a field type, else the registry's.
pub fn type_name(t: u16) -> String {
    let t = ExtensionFieldType(t);
    match t.ntpv5_name() {
        Some(n) => format!("{n} (0x{:04x})", t.0),
        None => t.to_string(),
    }
}

fn versions(bits: u16) -> String {
    let v: Vec<String> = (1..=16u8)
        .filter(|v| bits & (1 << (v - 1)) != 0)
        .map(|v| v.to_string())
        .collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

fn typed_text(t: &Typed) -> String {
    match t {
        Typed::Padding(n) => format!("{n} octets of padding"),
        Typed::Mac(k, n) => format!("key id {k}, {n}-octet MAC"),
        Typed::ReferenceIdsRequest(o, l) => {
            format!("offset {o}, {l} octets of the Bloom filter asked for")
        }
        Typed::ReferenceIdsResponse(n) => format!("{n} octets of the Bloom filter"),
        Typed::ServerInformation(b) => format!("versions supported: {}", versions(*b)),
        Typed::Correction(o, d) => format!(
            "origin correction 0x{o:016x}, delay correction {}",
            secs(*d as f64 / 65536.0 * 1e-9)
        ),
        Typed::ReferenceTimestamp(t) => format!("{} ({})", ts_hex(*t), ntp::timestamp_text(*t)),
        Typed::MonotonicReceiveTimestamp(e, t) => {
            format!(
                "epoch 0x{e:08x}, {} ({})",
                ts_hex(*t),
                ntp::timestamp_text(*t)
            )
        }
        Typed::SecondaryReceiveTimestamp(s, e, t) => {
            format!("timescale {}, era {e}, {}", Timescale(*s), ts_hex(*t))
        }
        Typed::DraftIdentification(s) => format!("{s:?}"),
        Typed::Other(n) => format!("{n} octets"),
    }
}

/// The one-line title after the endpoints.
pub fn title(v: &View) -> String {
    format!("NTPv5 packet, {} (mode {})", ntp::mode_name(v.mode), v.mode)
}

/// Writes the header fields and the extension fields.
pub fn text(out: &mut impl Write, v: &View, _style: Style, verbose: bool) -> io::Result<()> {
    writeln!(
        out,
        "    Leap indicator:      {} ({})",
        v.leap,
        ntp::leap_text(v.leap)
    )?;
    writeln!(out, "    Version:             {}", v.version)?;
    writeln!(
        out,
        "    Mode:                {} ({})",
        v.mode,
        ntp::mode_name(v.mode)
    )?;
    writeln!(
        out,
        "    Stratum:             {}",
        ntp::stratum_text(v.stratum)
    )?;
    let poll = if v.poll == ntp_wire::v5::POLL_NEVER.0 {
        "127 (never: the server does not want to hear from the client again)".to_string()
    } else {
        format!("{} ({})", v.poll, secs(ntp::log2_secs(v.poll)))
    };
    writeln!(out, "    Poll:                {poll}")?;
    writeln!(
        out,
        "    Precision:           {} ({})",
        v.precision,
        secs(ntp::log2_secs(v.precision))
    )?;
    writeln!(
        out,
        "    Root delay:          {} (0x{:08x})",
        secs(t32(v.root_delay)),
        v.root_delay
    )?;
    writeln!(
        out,
        "    Root dispersion:     {} (0x{:08x})",
        secs(t32(v.root_dispersion)),
        v.root_dispersion
    )?;
    writeln!(out, "    Timescale:           {}", Timescale(v.timescale))?;
    writeln!(out, "    Era:                 {}", v.era)?;
    writeln!(out, "    Flags:               {}", Flags(v.flags))?;
    writeln!(out, "    Server cookie:       0x{:016x}", v.server_cookie)?;
    writeln!(out, "    Client cookie:       0x{:016x}", v.client_cookie)?;
    for (name, t) in [
        ("Receive timestamp: ", v.receive),
        ("Transmit timestamp:", v.transmit),
    ] {
        writeln!(
            out,
            "    {name}  {} ({})",
            ts_hex(t),
            ntp::timestamp_text(t)
        )?;
    }
    for f in &v.fields {
        write!(
            out,
            "    Extension field at octet {}: type {}, length {}",
            f.offset,
            type_name(f.field_type),
            f.length
        )?;
        match &f.value {
            Some(t) => writeln!(out, ": {}", typed_text(t))?,
            None => writeln!(out, ": value breaks its layout")?,
        }
        if verbose && !f.body.is_empty() {
            writeln!(out, "      value: {}", f.body)?;
        }
    }
    Ok(())
}

/// A time32 (4.28) value in seconds.
pub fn t32(bits: u32) -> f64 {
    ntp_wire::time::Time32::from_bits(bits).as_secs_f64()
}

fn ts(t: u64) -> Value {
    json!({ "raw": format!("0x{t:016x}"), "utc": ntp::timestamp_text(t) })
}

fn typed_json(t: &Typed) -> Value {
    match t {
        Typed::Padding(n) => json!({ "padding_len": n }),
        Typed::Mac(k, n) => json!({ "key_id": k, "mac_len": n }),
        Typed::ReferenceIdsRequest(o, l) => json!({ "offset": o, "length": l }),
        Typed::ReferenceIdsResponse(n) => json!({ "filter_len": n }),
        Typed::ServerInformation(b) => json!({ "versions": format!("0x{b:04x}") }),
        Typed::Correction(o, d) => json!({
            "origin_correction": format!("0x{o:016x}"),
            "delay_correction_seconds": *d as f64 / 65536.0 * 1e-9,
        }),
        Typed::ReferenceTimestamp(t) => json!({ "timestamp": ts(*t) }),
        Typed::MonotonicReceiveTimestamp(e, t) => json!({ "epoch": e, "timestamp": ts(*t) }),
        Typed::SecondaryReceiveTimestamp(s, e, t) => {
            json!({ "timescale": s, "era": e, "timestamp": ts(*t) })
        }
        Typed::DraftIdentification(s) => json!({ "draft": s }),
        Typed::Other(n) => json!({ "value_len": n }),
    }
}

/// The `ntpv5` member of a packet object.
pub fn json(v: &View, verbose: bool) -> Value {
    let fields: Vec<Value> = v
        .fields
        .iter()
        .map(|f| {
            let mut j = json!({
                "offset": f.offset,
                "type": f.field_type,
                "type_name": ExtensionFieldType(f.field_type).ntpv5_name()
                    .or(ExtensionFieldType(f.field_type).name()),
                "length": f.length,
                "value": f.value.as_ref().map(typed_json),
            });
            if verbose {
                j["body_hex"] = json!(f.body);
            }
            j
        })
        .collect();
    json!({
        "leap": v.leap,
        "version": v.version,
        "mode": v.mode,
        "mode_name": ntp::mode_name(v.mode),
        "stratum": v.stratum,
        "poll": v.poll,
        "precision": v.precision,
        "root_delay": { "raw": format!("0x{:08x}", v.root_delay), "seconds": t32(v.root_delay) },
        "root_dispersion": { "raw": format!("0x{:08x}", v.root_dispersion), "seconds": t32(v.root_dispersion) },
        "timescale": v.timescale,
        "timescale_name": Timescale(v.timescale).name(),
        "era": v.era,
        "flags": format!("0x{:04x}", v.flags),
        "flags_text": Flags(v.flags).to_string(),
        "server_cookie": format!("0x{:016x}", v.server_cookie),
        "client_cookie": format!("0x{:016x}", v.client_cookie),
        "receive_timestamp": ts(v.receive),
        "transmit_timestamp": ts(v.transmit),
        "fields": fields,
        "draft": v.draft(),
    })
}
