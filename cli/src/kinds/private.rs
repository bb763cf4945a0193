//! ntpd's private messages (mode 7, `ntp_request.h`): `ntp_wire::private`.
//!
//! Field names are tshark's (`ntp.priv.*`); request codes, implementations
//! and error codes carry ntpd's names.

use std::io::{self, Write};

use ntp_wire::private::{AuthLayout, ErrorCode, Implementation, Packet, RequestCode, HEADER_LEN};
use serde_json::{json, Value};

use super::{algorithms, hex};
use crate::ntp::{self, Problem};
use crate::output::Style;

/// The authenticator of a request with the A bit set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth {
    /// Offset of its timestamp.
    pub offset: usize,
    /// Where ntpd found it: `at end` (the last 28 octets) or `after items`.
    pub layout: &'static str,
    /// The request's timestamp, raw.
    pub timestamp: u64,
    /// Key id.
    pub key_id: u32,
    /// Digest octets.
    pub digest_len: usize,
    /// The algorithms its length allows.
    pub algorithm: String,
    /// The digest, hex (for payload inputs).
    pub digest: String,
    /// What the digest covers: octets 0 to the key id.
    pub covers: usize,
}

/// A private message, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// R: a response.
    pub response: bool,
    /// M: more packets of the response follow.
    pub more: bool,
    /// Version number.
    pub version: u8,
    /// Mode (7).
    pub mode: u8,
    /// A: an authenticated request.
    pub auth_bit: bool,
    /// Sequence number (7 bits).
    pub sequence: u8,
    /// Implementation number.
    pub implementation: u8,
    /// Request code.
    pub request_code: u8,
    /// Err (4 bits).
    pub err: u8,
    /// Number of data items (12 bits).
    pub nitems: u16,
    /// The must-be-zero nibble.
    pub mbz: u8,
    /// Size of a data item (12 bits).
    pub item_size: u16,
    /// Octets the items take (nitems times item size).
    pub items_len: usize,
    /// Items present (the data they need is there).
    pub items: usize,
    /// Data octets after the items, before any authenticator.
    pub padding: usize,
    /// The authenticator.
    pub auth: Option<Auth>,
    /// A monitor-list request (CVE-2013-5211).
    pub monlist: bool,
    /// The items as hex, one string each (for payload inputs).
    pub items_hex: Vec<String>,
}

/// Reads a private message; `None` when it is shorter than its 8-octet
/// header. The second value is why the strict reading refuses it.
pub fn decode(payload: &[u8]) -> (Option<View>, Option<Problem>) {
    let refusal = Packet::new_checked(payload)
        .err()
        .map(|e| ntp::problem_at(0, &e));
    if payload.len() < HEADER_LEN {
        return (None, refusal);
    }
    let p = Packet::new_unchecked(payload);
    let mut v = View {
        response: p.is_response(),
        more: p.is_more(),
        version: p.version().to_bits(),
        mode: p.mode().to_bits(),
        auth_bit: p.is_authenticated(),
        sequence: p.sequence(),
        implementation: p.implementation().0,
        request_code: p.request_code().0,
        err: p.err().0,
        nitems: p.nitems(),
        mbz: p.mbz(),
        item_size: p.item_size(),
        items_len: p.items_len(),
        items: 0,
        padding: 0,
        auth: None,
        monlist: p.is_monlist_request(),
        items_hex: Vec::new(),
    };
    if refusal.is_none() {
        for item in p.items() {
            v.items += 1;
            v.items_hex.push(hex(item.as_bytes()));
        }
        v.padding = p.padding().len();
        v.auth = p.authenticator().map(|a| Auth {
            offset: a.offset(),
            layout: match a.layout() {
                AuthLayout::AtEnd => "at the end",
                AuthLayout::AfterItems => "after the items",
            },
            timestamp: a.timestamp().to_bits(),
            key_id: a.key_id(),
            digest_len: a.digest().len(),
            algorithm: algorithms(a.candidates()),
            digest: hex(a.digest()),
            covers: a.authenticated_range().end,
        });
    }
    (Some(v), refusal)
}

fn name(n: Option<&'static str>, v: u8) -> String {
    match n {
        Some(n) => format!("{n} ({v})"),
        None => format!("{v} (unassigned)"),
    }
}

/// The one-line title after the endpoints.
pub fn title(v: &View) -> String {
    let code = name(RequestCode(v.request_code).name(), v.request_code);
    if v.response {
        format!("NTP private message (mode 7), response to {code}")
    } else {
        format!("NTP private message (mode 7), request {code}")
    }
}

/// Writes the fields.
pub fn text(out: &mut impl Write, v: &View, style: Style, verbose: bool) -> io::Result<()> {
    let b = |on: bool, set: &str, clear: &str| {
        if on {
            format!("1 ({set})")
        } else {
            format!("0 ({clear})")
        }
    };
    writeln!(
        out,
        "    Response bit:        {}",
        b(v.response, "response", "request")
    )?;
    writeln!(
        out,
        "    More bit:            {}",
        b(v.more, "more packets follow", "last packet")
    )?;
    writeln!(out, "    Version:             {}", v.version)?;
    writeln!(out, "    Mode:                {} (private)", v.mode)?;
    writeln!(
        out,
        "    Auth bit:            {}",
        b(v.auth_bit, "authenticated", "not authenticated")
    )?;
    writeln!(out, "    Sequence number:     {}", v.sequence)?;
    writeln!(
        out,
        "    Implementation:      {}",
        name(Implementation(v.implementation).name(), v.implementation)
    )?;
    writeln!(
        out,
        "    Request code:        {}",
        name(RequestCode(v.request_code).name(), v.request_code)
    )?;
    writeln!(
        out,
        "    Err:                 {}",
        name(ErrorCode(v.err).name(), v.err)
    )?;
    writeln!(out, "    Number of items:     {}", v.nitems)?;
    writeln!(out, "    Reserved (MBZ):      {}", v.mbz)?;
    writeln!(out, "    Size of data item:   {}", v.item_size)?;
    writeln!(
        out,
        "    Items:               {} of {} octets, {} octets at octet 8; {} octets of padding after them",
        v.items, v.item_size, v.items_len, v.padding
    )?;
    if verbose {
        for (i, h) in v.items_hex.iter().enumerate() {
            writeln!(out, "      item {i}: {h}")?;
        }
    }
    if let Some(a) = &v.auth {
        writeln!(
            out,
            "    Authenticator at octet {} ({}): timestamp {} ({}), key id {}, {}-octet digest ({})",
            a.offset,
            a.layout,
            crate::output::ts_hex(a.timestamp),
            ntp::timestamp_text(a.timestamp),
            a.key_id,
            a.digest_len,
            a.algorithm
        )?;
        if verbose {
            writeln!(
                out,
                "      digest: {}, covers octets 0 to {}",
                a.digest, a.covers
            )?;
        }
    }
    if v.monlist {
        let (w, r) = style.warn();
        writeln!(
            out,
            "    {w}Monitor-list request (CVE-2013-5211):{r} one small datagram that an ntpd with mode 7 enabled answers with up to 100 packets"
        )?;
    }
    Ok(())
}

/// The `private` member of a packet object.
pub fn json(v: &View, verbose: bool) -> Value {
    let mut j = json!({
        "response": v.response,
        "more": v.more,
        "version": v.version,
        "mode": v.mode,
        "auth": v.auth_bit,
        "sequence": v.sequence,
        "implementation": v.implementation,
        "implementation_name": Implementation(v.implementation).name(),
        "request_code": v.request_code,
        "request_code_name": RequestCode(v.request_code).name(),
        "err": v.err,
        "err_name": ErrorCode(v.err).name(),
        "nitems": v.nitems,
        "mbz": v.mbz,
        "item_size": v.item_size,
        "items_len": v.items_len,
        "items": v.items,
        "padding": v.padding,
        "authenticator": v.auth.as_ref().map(|a| json!({
            "offset": a.offset, "layout": a.layout,
            "timestamp": { "raw": format!("0x{:016x}", a.timestamp), "utc": ntp::timestamp_text(a.timestamp) },
            "key_id": a.key_id, "digest_len": a.digest_len, "algorithm": a.algorithm,
        })),
        "monlist_request": v.monlist,
    });
    if verbose {
        j["items_hex"] = json!(v.items_hex);
        if let Some(a) = &v.auth {
            j["authenticator"]["digest"] = json!(a.digest);
            j["authenticator"]["covers"] = json!(a.covers);
        }
    }
    j
}
