//! Control messages (mode 6, RFC 9327): `ntp_wire::control`.
//!
//! The header fields carry tshark's names (`ntp.ctrl.*`, labels of
//! Wireshark 4.0's `packet-ntp.c`); the status word is read by context
//! (system, peer, clock, error) with the library's status types; the data
//! is read with the library's readers: `name=value` variables, READSTAT
//! association lists, READ_MRU entries.

use std::io::{self, Write};

use ntp_wire::control::{
    MacAlignment, MruReply, Opcode, Packet, PeerStatus, StatusWord, HEADER_LEN,
};
use serde::Serialize;
use serde_json::{json, Value};

use super::{algorithms, hex, text_of};
use crate::ntp::{self, Problem};
use crate::output::Style;

/// One `name=value` item of the data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Var {
    /// The name, as text.
    pub name: String,
    /// The value without the quotes of a quoted string; `None` for a name
    /// without `=`.
    pub value: Option<String>,
    /// The value as in the data, quotes included.
    #[serde(skip)]
    pub raw: Option<String>,
}

/// One entry of a READ_MRU reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mru {
    /// The entry's number, from 0.
    pub index: u16,
    /// `addr.N`: the client's address and port.
    pub addr: String,
    /// `first.N`, raw 64 bits.
    #[serde(serialize_with = "ts_json")]
    pub first: u64,
    /// `last.N`, raw 64 bits.
    #[serde(serialize_with = "ts_json")]
    pub last: u64,
    /// `ct.N`: packets seen.
    pub count: u32,
    /// The client's mode (`mv.N`, low 3 bits).
    pub mode: u8,
    /// The client's version (`mv.N`, bits 5-3).
    pub version: u8,
    /// `rs.N`: restriction flags.
    pub restrictions: u32,
    /// `sc.N` (NTPsec), three decimals.
    pub score: Option<String>,
    /// `dr.N` (NTPsec): packets dropped.
    pub dropped: Option<u32>,
}

fn ts_json<S: serde::Serializer>(t: &u64, s: S) -> Result<S::Ok, S::Error> {
    json!({ "raw": format!("0x{t:016x}"), "utc": ntp::timestamp_text(*t) }).serialize(s)
}

/// The reply-wide tags of a READ_MRU reply.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MruTags {
    /// `nonce`.
    pub nonce: Option<String>,
    /// `now`, raw: present only when the list reached its newest entry.
    pub now: Option<u64>,
    /// `last.newest`, raw.
    pub last_newest: Option<u64>,
}

/// What the data holds, by the reader that fits the opcode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Data {
    /// No data, or data the tool has no reader for (shown as its length).
    Raw,
    /// A `name=value` list.
    Variables(Vec<Var>),
    /// A READSTAT association list: (association id, peer status).
    Associations(Vec<(u16, u16)>),
    /// A READ_MRU reply.
    Mru(MruTags, Vec<Mru>),
}

/// The MAC after the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mac {
    /// Offset of the key id.
    pub offset: usize,
    /// Key id.
    pub key_id: u32,
    /// Digest octets (0 for a crypto-NAK).
    pub digest_len: usize,
    /// The algorithms its length allows.
    pub algorithm: String,
    /// The alignment it was found at: 8 or 4.
    pub alignment: usize,
    /// The other alignment would also give a MAC.
    pub ambiguous: bool,
    /// A lone zero key id: ntpd's "your MAC did not verify".
    pub crypto_nak: bool,
    /// The digest, hex (for payload inputs).
    pub digest: String,
    /// What the digest covers: octets 0 to the key id.
    pub covers: usize,
}

/// A control message, field by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// R: a response.
    pub response: bool,
    /// E: an error response.
    pub error: bool,
    /// M: more fragments follow.
    pub more: bool,
    /// Opcode, 5 bits.
    pub opcode: u8,
    /// Sequence number.
    pub sequence: u16,
    /// The status word read by context.
    pub status: StatusWord,
    /// Association id.
    pub association_id: u16,
    /// Offset of this fragment's data.
    pub offset: u16,
    /// Count of data octets.
    pub count: u16,
    /// Data octets present (the count, clamped to the packet).
    pub data_len: usize,
    /// The data, read.
    pub data: Data,
    /// Why the data reader stopped (items cut by a fragment boundary are
    /// expected in fragments).
    pub data_error: Option<Problem>,
    /// The MAC, if any.
    pub mac: Option<Mac>,
    /// A request a reflector can be abused with (`is_amplification_request`).
    pub amplification: bool,
    /// The data as hex (for payload inputs).
    pub data_hex: String,
}

impl View {
    /// The opcode's name (`READVAR`), or its number.
    pub fn opcode_text(&self) -> String {
        Opcode(self.opcode).to_string()
    }

    /// `true` when the message is a fragment of a longer response.
    pub fn is_fragment(&self) -> bool {
        self.more || self.offset != 0
    }
}

fn var(v: &ntp_wire::control::Variable<'_>) -> Var {
    Var {
        name: text_of(v.name()),
        value: v.value().map(text_of),
        raw: v.raw_value().map(text_of),
    }
}

/// Reads a control message; `None` when it is shorter than its 12-octet
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
        error: p.is_error(),
        more: p.has_more(),
        opcode: p.opcode().0,
        sequence: p.sequence(),
        status: p.status_word(),
        association_id: p.association_id(),
        offset: p.offset(),
        count: p.count(),
        data_len: p.data().len(),
        data: Data::Raw,
        data_error: None,
        mac: None,
        amplification: p.is_amplification_request(),
        data_hex: hex(p.data()),
    };
    if refusal.is_some() {
        return (Some(v), refusal);
    }
    let mut problem = None;
    match p.mac() {
        Ok(Some(m)) => {
            v.mac = Some(Mac {
                offset: m.offset(),
                key_id: m.key_id(),
                digest_len: m.digest().len(),
                algorithm: algorithms(m.candidates()),
                alignment: match m.alignment() {
                    MacAlignment::Eight => 8,
                    MacAlignment::Four => 4,
                },
                ambiguous: m.is_ambiguous(),
                crypto_nak: m.is_crypto_nak(),
                digest: hex(m.digest()),
                covers: m.authenticated_range().end,
            })
        }
        Ok(None) => {}
        Err(e) => problem = Some(ntp::problem_at(HEADER_LEN, &e)),
    }
    let opcode = Opcode(v.opcode);
    let stop = |e: &ntp_wire::Error| Some(ntp::problem_at(HEADER_LEN, e));
    if v.data_len > 0 && !v.error {
        if opcode == Opcode::READSTAT && v.response && v.association_id == 0 {
            match p.associations() {
                Ok(list) => {
                    v.data =
                        Data::Associations(list.map(|a| (a.association_id, a.status.0)).collect())
                }
                Err(e) => v.data_error = stop(&e),
            }
        } else if opcode == Opcode::READ_MRU && v.response {
            let reply = MruReply::new(p.data());
            let mut entries = Vec::new();
            for e in reply.entries() {
                match e {
                    Ok(e) => entries.push(Mru {
                        index: e.index,
                        addr: text_of(e.addr),
                        first: e.first.to_bits(),
                        last: e.last.to_bits(),
                        count: e.count,
                        mode: e.mode(),
                        version: e.version(),
                        restrictions: e.restrictions,
                        score: e.score.map(|s| s.to_string()),
                        dropped: e.dropped,
                    }),
                    Err(e) => {
                        v.data_error = stop(&e);
                        break;
                    }
                }
            }
            let mut tags = MruTags::default();
            match reply.summary() {
                Ok(s) => {
                    tags.nonce = s.nonce.map(text_of);
                    tags.now = s.now.map(|t| t.to_bits());
                    tags.last_newest = s.last_newest.map(|t| t.to_bits());
                }
                Err(e) => {
                    if v.data_error.is_none() {
                        v.data_error = stop(&e);
                    }
                }
            }
            v.data = Data::Mru(tags, entries);
        } else if opcode.has_text_data() || opcode == Opcode::READSTAT {
            let mut vars = Vec::new();
            for item in p.variables() {
                match item {
                    Ok(x) => vars.push(var(&x)),
                    Err(e) => {
                        v.data_error = stop(&e);
                        break;
                    }
                }
            }
            v.data = Data::Variables(vars);
        }
    }
    // Items cut at a fragment boundary are expected; anywhere else a data
    // reader's refusal is the message's.
    if problem.is_none() && !v.is_fragment() {
        problem = v.data_error.clone();
    }
    (Some(v), problem)
}

// ---------------------------------------------------------------------
// Text.

fn status_kind(s: &StatusWord) -> &'static str {
    match s {
        StatusWord::System(_) => "system status",
        StatusWord::Peer(_) => "peer status",
        StatusWord::Clock(_) => "clock status",
        StatusWord::Error(_) => "error status",
        StatusWord::Other(_) => "no status word",
    }
}

fn status_text(s: &StatusWord) -> String {
    match s {
        StatusWord::System(x) => format!("{x}"),
        StatusWord::Peer(x) => format!("{x}"),
        StatusWord::Clock(x) => format!("{x}"),
        StatusWord::Error(x) => format!("{x}"),
        StatusWord::Other(_) => "no meaning in this message".into(),
    }
}

fn bit(on: bool, set: &str, clear: &str) -> String {
    if on {
        format!("1 ({set})")
    } else {
        format!("0 ({clear})")
    }
}

/// The one-line title after the endpoints.
pub fn title(v: &View) -> String {
    let what = if v.error {
        "error response to"
    } else if v.response {
        "response to"
    } else {
        "request"
    };
    let frag = if v.is_fragment() { ", fragment" } else { "" };
    format!(
        "NTP control message (mode 6), {what} {}{frag}",
        v.opcode_text()
    )
}

/// Writes the fields below the octet-0 lines.
pub fn text(out: &mut impl Write, v: &View, style: Style, verbose: bool) -> io::Result<()> {
    writeln!(
        out,
        "    Response bit:        {}",
        bit(v.response, "response", "request")
    )?;
    writeln!(
        out,
        "    Error bit:           {}",
        bit(v.error, "error", "no error")
    )?;
    writeln!(
        out,
        "    More bit:            {}",
        bit(v.more, "more fragments follow", "last fragment")
    )?;
    let op = Opcode(v.opcode);
    match op.description() {
        Some(d) => writeln!(out, "    Opcode:              {}: {d}", v.opcode_text())?,
        None => writeln!(out, "    Opcode:              {} (unassigned)", v.opcode)?,
    }
    writeln!(out, "    Sequence:            {}", v.sequence)?;
    writeln!(
        out,
        "    Status:              0x{:04x} ({}): {}",
        v.status.raw(),
        status_kind(&v.status),
        status_text(&v.status)
    )?;
    writeln!(out, "    AssociationID:       {}", v.association_id)?;
    writeln!(out, "    Offset:              {}", v.offset)?;
    writeln!(out, "    Count:               {}", v.count)?;
    match &v.data {
        Data::Raw if v.data_len > 0 => {
            writeln!(out, "    Data:                {} octets", v.data_len)?
        }
        Data::Raw => {}
        Data::Variables(vars) => {
            writeln!(
                out,
                "    Data:                {} octets, {}",
                v.data_len,
                count(vars.len(), "variable", "variables")
            )?;
            for x in vars {
                match &x.raw {
                    Some(r) => writeln!(out, "      {}={r}", x.name)?,
                    None => writeln!(out, "      {}", x.name)?,
                }
            }
        }
        Data::Associations(list) => {
            writeln!(
                out,
                "    Data:                {} octets, {}",
                v.data_len,
                count(list.len(), "association", "associations")
            )?;
            for (id, st) in list {
                writeln!(
                    out,
                    "      association {id}: 0x{st:04x}, {}",
                    PeerStatus(*st)
                )?;
            }
        }
        Data::Mru(tags, entries) => {
            writeln!(
                out,
                "    Data:                {} octets, MRU list, {}",
                v.data_len,
                count(entries.len(), "entry", "entries")
            )?;
            if let Some(n) = &tags.nonce {
                writeln!(out, "      nonce={n}")?;
            }
            for e in entries {
                writeln!(
                    out,
                    "      entry {}: {}, {} packets, mode {}, version {}, restrictions 0x{:x}, first {}, last {}{}{}",
                    e.index,
                    e.addr,
                    e.count,
                    e.mode,
                    e.version,
                    e.restrictions,
                    ntp::timestamp_text(e.first),
                    ntp::timestamp_text(e.last),
                    e.score.as_ref().map_or(String::new(), |s| format!(", score {s}")),
                    e.dropped.map_or(String::new(), |d| format!(", dropped {d}")),
                )?;
            }
            match tags.now {
                Some(now) => writeln!(
                    out,
                    "      now={} (the list is complete), last.newest={}",
                    ntp::timestamp_text(now),
                    tags.last_newest.map_or("-".into(), ntp::timestamp_text)
                )?,
                None => writeln!(out, "      no now=: the client asks again for the rest")?,
            }
        }
    }
    if verbose && v.data_len > 0 {
        writeln!(out, "      data: {}", v.data_hex)?;
    }
    if let Some(e) = &v.data_error {
        let (w, r) = style.warn();
        let why = if v.is_fragment() {
            " (a fragment: items may continue in the next one)"
        } else {
            ""
        };
        match e.offset {
            Some(at) => writeln!(
                out,
                "      {w}data reader stopped at octet {at}{why}:{r} {}",
                e.message
            )?,
            None => writeln!(out, "      {w}data reader stopped{why}:{r} {}", e.message)?,
        }
    }
    if let Some(m) = &v.mac {
        if m.crypto_nak {
            let (w, r) = style.warn();
            writeln!(
                out,
                "    {w}Crypto-NAK at octet {}{r}: key id 0 alone, the server did not accept the request's MAC",
                m.offset
            )?;
        } else {
            writeln!(
                out,
                "    MAC at octet {}: key id {}, {}-octet digest ({}), found {}-aligned{}",
                m.offset,
                m.key_id,
                m.digest_len,
                m.algorithm,
                m.alignment,
                if m.ambiguous {
                    " (the other alignment would also give a MAC)"
                } else {
                    ""
                }
            )?;
            if verbose {
                writeln!(
                    out,
                    "      digest: {}, covers octets 0 to {}",
                    m.digest, m.covers
                )?;
            }
        }
    }
    if v.amplification {
        let (w, r) = style.warn();
        writeln!(
            out,
            "    {w}Amplification request:{r} a server answers it unauthenticated with more octets than it has (what reflection attacks send)"
        )?;
    }
    Ok(())
}

fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

// ---------------------------------------------------------------------
// JSON.

fn name_of(n: Option<&'static str>) -> Value {
    n.map_or(Value::Null, |s| Value::String(s.into()))
}

fn status_json(s: &StatusWord) -> Value {
    let raw = format!("0x{:04x}", s.raw());
    match s {
        StatusWord::System(x) => json!({
            "raw": raw, "word": "system", "text": x.to_string(),
            "leap": x.leap().to_bits(), "leap_name": x.leap_name(),
            "clock_source": x.clock_source().0, "clock_source_name": name_of(x.clock_source().name()),
            "event_count": x.event_count(),
            "event": x.event().0, "event_name": name_of(x.event().name()),
        }),
        StatusWord::Peer(x) => {
            let flags: Vec<&str> = [
                (PeerStatus::CONFIGURED, "conf"),
                (PeerStatus::AUTH_ENABLED, "authenb"),
                (PeerStatus::AUTHENTIC, "auth"),
                (PeerStatus::REACHABLE, "reach"),
                (PeerStatus::BROADCAST, "bcast"),
            ]
            .iter()
            .filter(|(m, _)| x.has(*m))
            .map(|(_, n)| *n)
            .collect();
            json!({
                "raw": raw, "word": "peer", "text": x.to_string(),
                "flags": flags,
                "selection": x.selection().0, "selection_name": name_of(x.selection().name()),
                "event_count": x.event_count(),
                "event": x.event().0, "event_name": name_of(x.event().name()),
            })
        }
        StatusWord::Clock(x) => json!({
            "raw": raw, "word": "clock", "text": x.to_string(),
            "clock_status": x.status().0, "clock_status_name": name_of(x.status().name()),
            "event": x.event().0, "event_name": name_of(x.event().name()),
        }),
        StatusWord::Error(x) => json!({
            "raw": raw, "word": "error", "text": x.to_string(),
            "code": x.code().0, "code_name": name_of(x.code().name()),
        }),
        StatusWord::Other(_) => json!({ "raw": raw, "word": "none", "text": null }),
    }
}

/// The `control` member of a packet object.
pub fn json(v: &View, verbose: bool) -> Value {
    let mut j = json!({
        "response": v.response,
        "error": v.error,
        "more": v.more,
        "opcode": v.opcode,
        "opcode_name": name_of(Opcode(v.opcode).name()),
        "sequence": v.sequence,
        "status": status_json(&v.status),
        "association_id": v.association_id,
        "offset": v.offset,
        "count": v.count,
        "data_len": v.data_len,
        "variables": null,
        "associations": null,
        "mru": null,
        "data_error": v.data_error.as_ref().map(|e| json!({ "offset": e.offset, "message": e.message })),
        "mac": v.mac.as_ref().map(|m| json!({
            "offset": m.offset, "key_id": m.key_id, "digest_len": m.digest_len,
            "algorithm": m.algorithm, "alignment": m.alignment, "ambiguous": m.ambiguous,
            "crypto_nak": m.crypto_nak,
        })),
        "amplification_request": v.amplification,
    });
    match &v.data {
        Data::Raw => {}
        Data::Variables(vars) => j["variables"] = json!(vars),
        Data::Associations(list) => {
            j["associations"] = list
                .iter()
                .map(|(id, st)| json!({ "association_id": id, "status": status_json(&StatusWord::Peer(PeerStatus(*st))) }))
                .collect();
        }
        Data::Mru(tags, entries) => {
            let ts = |t: Option<u64>| {
                t.map(|t| json!({ "raw": format!("0x{t:016x}"), "utc": ntp::timestamp_text(t) }))
            };
            j["mru"] = json!({
                "nonce": tags.nonce,
                "now": ts(tags.now),
                "last_newest": ts(tags.last_newest),
                "entries": entries,
            });
        }
    }
    if verbose {
        j["data_hex"] = json!(v.data_hex);
        if let Some(m) = &v.mac {
            j["mac"]["digest"] = json!(m.digest);
            j["mac"]["covers"] = json!(m.covers);
        }
    }
    j
}
