//! Per-packet output: the readable view (after `tshark -V`, with NTP
//! meaning) and JSON Lines (schema in cli/README.md, [`SCHEMA_VERSION`]).

use std::io::{self, Write};
use std::net::SocketAddr;

use serde::Serialize;

use crate::flows::Pairing;
use crate::kinds;
use crate::link;
use crate::ntp::{self, CaptureTime, Item, Kind, Match, NtpPacket, Nts, TimeHeader, View};

/// Version of the JSON Lines schema. Bumped on any change that is not a
/// new optional member.
pub const SCHEMA_VERSION: u32 = 1;

/// One NTP packet in its capture context.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// Frame number (1-based).
    pub frame: u64,
    /// Capture time.
    pub time: Option<CaptureTime>,
    /// pcapng interface id.
    pub interface: u32,
    /// Link type.
    pub link_type: u32,
    /// Frame length on the wire.
    pub wire_len: u32,
    /// Source, when captured.
    pub src: Option<SocketAddr>,
    /// Destination, when captured.
    pub dst: Option<SocketAddr>,
    /// First VLAN id.
    pub vlan: Option<u16>,
    /// Frames of the IPv4 fragments it was reassembled from.
    pub fragments: &'a [u64],
    /// The NTP reading.
    pub ntp: &'a NtpPacket,
    /// Pairing, for a reply.
    pub pairing: Option<&'a Pairing>,
    /// The UDP payload: with a payload input (hex, raw file) the view
    /// shows every octet (field values, digests), as the retired decode
    /// example did.
    pub payload: &'a [u8],
}

impl Shown<'_> {
    /// `true` for payloads given as hex or raw files: show every octet.
    pub fn verbose(&self) -> bool {
        self.link_type == crate::input::LINK_PAYLOAD
    }
}

/// Terminal styles; empty strings without colour.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    on: bool,
}

impl Style {
    /// Colours on or off.
    pub fn new(on: bool) -> Style {
        Style { on }
    }

    fn paint(&self, s: anstyle::Style) -> (String, String) {
        if self.on {
            (s.render().to_string(), s.render_reset().to_string())
        } else {
            (String::new(), String::new())
        }
    }

    /// Frame lines.
    pub fn title(&self) -> (String, String) {
        self.paint(anstyle::Style::new().bold())
    }

    /// Rule breaks and failures.
    pub fn bad(&self) -> (String, String) {
        self.paint(
            anstyle::Style::new()
                .fg_color(Some(anstyle::AnsiColor::Red.into()))
                .bold(),
        )
    }

    /// Notes worth a look (kiss codes, undecoded kinds).
    pub fn warn(&self) -> (String, String) {
        self.paint(anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Yellow.into())))
    }
}

/// Seconds with the precision that shows the value: nine decimals, or
/// scientific below a nanosecond.
pub fn secs(v: f64) -> String {
    if v != 0.0 && v.abs() < 1e-9 {
        format!("{v:e} s")
    } else {
        format!("{v:.9} s")
    }
}

fn signed_secs(v: f64) -> String {
    if v >= 0.0 {
        format!("+{}", secs(v))
    } else {
        secs(v)
    }
}

/// A 64-bit timestamp as `0xSSSSSSSS.FFFFFFFF`.
pub fn ts_hex(t: u64) -> String {
    format!("0x{:08x}.{:08x}", t >> 32, t & 0xffff_ffff)
}

fn endpoints(s: &Shown<'_>) -> Option<String> {
    Some(format!("{} -> {}", s.src?, s.dst?))
}

/// Writes the readable view of one packet.
pub fn text(out: &mut impl Write, s: &Shown<'_>, style: Style) -> io::Result<()> {
    let (b, r) = style.title();
    let p = s.ntp;
    write!(out, "{b}Frame {}{r}", s.frame)?;
    if let Some(t) = s.time {
        write!(out, ": {}", t.text())?;
    }
    if s.link_type == crate::input::LINK_PAYLOAD {
        writeln!(out, ", {} octets", p.len)?;
    } else {
        write!(
            out,
            ", {} octets on the wire ({}, interface {}",
            s.wire_len,
            link::link_name(s.link_type),
            s.interface
        )?;
        if let Some(v) = s.vlan {
            write!(out, ", VLAN {v}")?;
        }
        writeln!(out, ")")?;
    }
    if let Some(e) = endpoints(s) {
        write!(out, "  {e}, UDP payload {} octets", p.len)?;
        if !s.fragments.is_empty() {
            let list: Vec<String> = s.fragments.iter().map(u64::to_string).collect();
            write!(
                out,
                ", reassembled from IPv4 fragments in frames {}",
                list.join(", ")
            )?;
        }
        writeln!(out)?;
    }
    match p.kind {
        Kind::Time => {
            if let Some(h) = &p.header {
                writeln!(
                    out,
                    "  NTP version {}, {} (mode {})",
                    h.version,
                    ntp::mode_name(h.mode),
                    h.mode
                )?;
            }
        }
        _ => match p.view.as_deref() {
            Some(View::Control(v)) => writeln!(out, "  {}", kinds::control::title(v))?,
            Some(View::Private(v)) => writeln!(out, "  {}", kinds::private::title(v))?,
            Some(View::V5(v)) => writeln!(out, "  {}", kinds::v5::title(v))?,
            None if p.kind != Kind::Malformed => {
                let what = match p.kind {
                    Kind::Control => "NTP control message (mode 6)",
                    Kind::Private => "NTP private message (mode 7)",
                    _ => "NTPv5 packet",
                };
                let o = p.octet0.map_or((0, 0, 0), |o| (o.leap, o.version, o.mode));
                writeln!(
                    out,
                    "  {what}, too short for its header: {} octets; octet 0: leap {}, version {}, mode {}",
                    p.len, o.0, o.1, o.2
                )?;
            }
            None => {}
        },
    }
    if let Some(e) = &p.error {
        let (x, r) = style.bad();
        match e.offset {
            Some(at) => writeln!(
                out,
                "  {x}Refused by the strict reading at octet {at}:{r} {}",
                e.message
            )?,
            None => writeln!(out, "  {x}Refused by the strict reading:{r} {}", e.message)?,
        }
    }
    if let Some(h) = &p.header {
        header_text(out, h, style)?;
    }
    let verbose = s.verbose();
    match p.view.as_deref() {
        Some(View::Control(v)) => {
            if let Some(o) = p.octet0 {
                writeln!(
                    out,
                    "    Leap indicator:      {} ({})",
                    o.leap,
                    ntp::leap_text(o.leap)
                )?;
                writeln!(out, "    Version:             {}", o.version)?;
                writeln!(out, "    Mode:                {} (control)", o.mode)?;
            }
            kinds::control::text(out, v, style, verbose)?;
        }
        Some(View::Private(v)) => kinds::private::text(out, v, style, verbose)?,
        Some(View::V5(v)) => kinds::v5::text(out, v, style, verbose)?,
        None => {}
    }
    for item in &p.items {
        item_text(out, item, style)?;
        if verbose {
            item_octets(out, item, s.payload)?;
        }
    }
    if let Some(n) = &p.nts {
        nts_text(out, n, style)?;
    }
    if let Some(pairing) = s.pairing {
        pairing_text(out, pairing, style)?;
    }
    writeln!(out)
}

fn header_text(out: &mut impl Write, h: &TimeHeader, style: Style) -> io::Result<()> {
    writeln!(
        out,
        "    Leap indicator:      {} ({})",
        h.leap,
        ntp::leap_text(h.leap)
    )?;
    writeln!(out, "    Version:             {}", h.version)?;
    writeln!(
        out,
        "    Mode:                {} ({})",
        h.mode,
        ntp::mode_name(h.mode)
    )?;
    writeln!(
        out,
        "    Stratum:             {}",
        ntp::stratum_text(h.stratum)
    )?;
    writeln!(
        out,
        "    Poll:                {} ({})",
        h.poll,
        secs(ntp::log2_secs(h.poll))
    )?;
    writeln!(
        out,
        "    Precision:           {} ({})",
        h.precision,
        secs(ntp::log2_secs(h.precision))
    )?;
    writeln!(
        out,
        "    Root delay:          {} (0x{:08x})",
        secs(ntp::short_secs(h.root_delay)),
        h.root_delay
    )?;
    writeln!(
        out,
        "    Root dispersion:     {} (0x{:08x})",
        secs(ntp::short_secs(h.root_dispersion)),
        h.root_dispersion
    )?;
    let reference = ntp::reference_text(h);
    let id = u32::from_be_bytes(h.reference_id);
    if reference.starts_with("kiss") {
        let (w, r) = style.warn();
        writeln!(
            out,
            "    Reference ID:        0x{id:08x} ({w}{reference}{r})"
        )?;
    } else {
        writeln!(out, "    Reference ID:        0x{id:08x} ({reference})")?;
    }
    for (name, t) in [
        ("Reference timestamp:", h.reference),
        ("Origin timestamp:   ", h.origin),
        ("Receive timestamp:  ", h.receive),
        ("Transmit timestamp: ", h.transmit),
    ] {
        writeln!(out, "    {name} {} ({})", ts_hex(t), ntp::timestamp_text(t))?;
    }
    Ok(())
}

fn waived_text(out: &mut impl Write, w: &Option<String>, style: Style) -> io::Result<()> {
    if let Some(w) = w {
        let (x, r) = style.bad();
        writeln!(out, "      {x}breaks a rule:{r} {w}")?;
    }
    Ok(())
}

fn item_text(out: &mut impl Write, item: &Item, style: Style) -> io::Result<()> {
    match item {
        Item::Field {
            offset,
            field_type,
            length,
            waived,
            ..
        } => {
            writeln!(
                out,
                "    Extension field at octet {offset}: type {}, length {length}",
                ntp::field_type_text(*field_type)
            )?;
            waived_text(out, waived, style)
        }
        Item::Mac {
            offset,
            key_id,
            digest_len,
            algorithm,
            waived,
            ms_sntp_request_key,
        } => {
            writeln!(
                out,
                "    MAC at octet {offset}: key id {key_id}, {digest_len}-octet digest ({algorithm})"
            )?;
            if let Some(rid) = ms_sntp_request_key {
                writeln!(
                    out,
                    "      reads as an MS-SNTP request (zero checksum): key id {rid} little-endian, RID {}",
                    rid & 0x7fff_ffff
                )?;
            }
            waived_text(out, waived, style)
        }
        Item::CryptoNak { offset } => {
            let (w, r) = style.warn();
            writeln!(
                out,
                "    {w}Crypto-NAK at octet {offset}{r}: 4 zero octets, the server did not accept the request's MAC"
            )
        }
        Item::MsSntpExtended { offset } => writeln!(
            out,
            "    MS-SNTP extended authenticator at octet {offset}: 72 octets"
        ),
        Item::Unread { offset, len } => {
            let (x, r) = style.bad();
            writeln!(
                out,
                "    {x}Unread at octet {offset}:{r} {len} octets neither walk could read"
            )
        }
    }
}

/// The octets of a trailer item (for payload inputs): a field's value, a
/// MAC's digest and what it covers, an NTS authenticator's nonce.
fn item_octets(out: &mut impl Write, item: &Item, payload: &[u8]) -> io::Result<()> {
    match item {
        Item::Field {
            offset,
            field_type,
            length,
            ..
        } => {
            let body = payload
                .get(offset + 4..offset + usize::from(*length))
                .unwrap_or(&[]);
            if !body.is_empty() {
                writeln!(out, "      value: {}", kinds::hex(body))?;
            }
            if *field_type == 0x0404 {
                let n = |at: usize| {
                    body.get(at..at + 2)
                        .map(|b| usize::from(b[0]) << 8 | usize::from(b[1]))
                };
                if let (Some(nonce_len), Some(ct_len)) = (n(0), n(2)) {
                    if let Some(nonce) = body.get(4..4 + nonce_len) {
                        writeln!(
                            out,
                            "      nonce: {}, ciphertext {ct_len} octets, associated data: octets 0 to {offset}",
                            kinds::hex(nonce)
                        )?;
                    }
                }
            }
            Ok(())
        }
        Item::Mac {
            offset, digest_len, ..
        } => {
            let digest = payload
                .get(offset + 4..offset + 4 + digest_len)
                .unwrap_or(&[]);
            writeln!(
                out,
                "      digest: {}, covers octets 0 to {offset}",
                kinds::hex(digest)
            )
        }
        Item::MsSntpExtended { .. } => match ntp::ms_sntp_extended_text(payload) {
            Some(t) => writeln!(out, "      {t}"),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

fn nts_text(out: &mut impl Write, n: &Nts, style: Style) -> io::Result<()> {
    match n {
        Nts::Request {
            unique_id_len,
            cookie_len,
            placeholders,
            nonce_len,
            ciphertext_len,
        } => writeln!(
            out,
            "    NTS request: unique identifier {unique_id_len} octets, cookie {cookie_len} octets, {placeholders} placeholders, nonce {nonce_len} octets, ciphertext {ciphertext_len} octets"
        ),
        Nts::Response {
            unique_id_len,
            nonce_len,
            ciphertext_len,
        } => writeln!(
            out,
            "    NTS response: unique identifier {unique_id_len} octets, nonce {nonce_len} octets, ciphertext {ciphertext_len} octets"
        ),
        Nts::Nak => writeln!(out, "    NTS NAK: kiss code NTSN, the server did not accept the cookie"),
        Nts::Broken(e) => {
            let (x, r) = style.bad();
            writeln!(out, "    {x}NTS rule broken:{r} {}", e.message)
        }
    }
}

fn pairing_text(out: &mut impl Write, p: &Pairing, style: Style) -> io::Result<()> {
    match p {
        Pairing::Matched { request, check } => {
            let how = match check.matched {
                Match::Basic => "origin = its transmit timestamp",
                Match::Interleaved => "origin = its receive timestamp, interleaved",
            };
            write!(out, "    Reply to frame {request} ({how})")?;
            if let (Some(o), Some(d)) = (check.offset, check.delay) {
                write!(out, ": offset {}, delay {}", signed_secs(o), secs(d))?;
                if let Some(rd) = check.root_distance {
                    write!(out, ", root distance {}", secs(rd))?;
                }
                write!(out, " (T1, T4: capture clock)")?;
            }
            writeln!(out)?;
            if let Some(why) = &check.rejection {
                let (w, r) = style.warn();
                writeln!(out, "      {w}no time sample:{r} {why}")?;
            }
            Ok(())
        }
        Pairing::Unmatched => {
            let (w, r) = style.warn();
            writeln!(
                out,
                "    {w}Reply to no request seen:{r} its origin timestamp matches no request of this flow"
            )
        }
    }
}

// ---------------------------------------------------------------------
// JSON Lines.

#[derive(Serialize)]
struct JTime {
    raw: String,
    utc: String,
}

#[derive(Serialize)]
struct JShort {
    raw: String,
    seconds: f64,
}

#[derive(Serialize)]
struct JReference {
    raw: String,
    reading: String,
}

#[derive(Serialize)]
struct JHeader {
    leap: u8,
    version: u8,
    mode: u8,
    mode_name: &'static str,
    stratum: u8,
    poll: i8,
    precision: i8,
    root_delay: JShort,
    root_dispersion: JShort,
    reference_id: JReference,
    reference_timestamp: JTime,
    origin_timestamp: JTime,
    receive_timestamp: JTime,
    transmit_timestamp: JTime,
}

#[derive(Serialize)]
#[serde(tag = "item", rename_all = "snake_case")]
enum JItem<'a> {
    Field {
        offset: usize,
        #[serde(rename = "type")]
        field_type: u16,
        type_name: Option<&'static str>,
        length: u16,
        waived: Option<&'a str>,
    },
    Mac {
        offset: usize,
        key_id: u32,
        digest_len: usize,
        algorithm: &'a str,
        waived: Option<&'a str>,
        ms_sntp_request_key: Option<u32>,
    },
    CryptoNak {
        offset: usize,
    },
    MsSntpExtended {
        offset: usize,
    },
    Unread {
        offset: usize,
        length: usize,
    },
}

#[derive(Serialize)]
struct JProblem<'a> {
    offset: Option<usize>,
    message: &'a str,
}

#[derive(Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
enum JNts<'a> {
    Request {
        unique_id_len: usize,
        cookie_len: usize,
        placeholders: usize,
        nonce_len: u16,
        ciphertext_len: u16,
    },
    Response {
        unique_id_len: usize,
        nonce_len: u16,
        ciphertext_len: u16,
    },
    Nak,
    Broken {
        error: JProblem<'a>,
    },
}

#[derive(Serialize)]
struct JPair<'a> {
    matched: bool,
    request_frame: Option<u64>,
    interleaved: bool,
    offset_seconds: Option<f64>,
    delay_seconds: Option<f64>,
    root_distance_seconds: Option<f64>,
    rejection: Option<&'a str>,
}

#[derive(Serialize)]
struct JOctet0 {
    leap: u8,
    version: u8,
    mode: u8,
}

#[derive(Serialize)]
struct JPacket<'a> {
    schema_version: u32,
    #[serde(rename = "type")]
    record: &'static str,
    frame: u64,
    time: Option<String>,
    time_unix: Option<f64>,
    interface: u32,
    link: &'static str,
    wire_len: u32,
    src: Option<String>,
    dst: Option<String>,
    vlan: Option<u16>,
    fragments: &'a [u64],
    udp_len: usize,
    kind: &'static str,
    octet0: Option<JOctet0>,
    header: Option<JHeader>,
    trailer: Vec<JItem<'a>>,
    nts: Option<JNts<'a>>,
    error: Option<JProblem<'a>>,
    kiss_code: Option<String>,
    pair: Option<JPair<'a>>,
    control: Option<serde_json::Value>,
    private: Option<serde_json::Value>,
    ntpv5: Option<serde_json::Value>,
}

fn jtime(t: u64) -> JTime {
    JTime {
        raw: format!("0x{t:016x}"),
        utc: ntp::timestamp_text(t),
    }
}

fn jshort(v: u32) -> JShort {
    JShort {
        raw: format!("0x{v:08x}"),
        seconds: ntp::short_secs(v),
    }
}

fn jheader(h: &TimeHeader) -> JHeader {
    JHeader {
        leap: h.leap,
        version: h.version,
        mode: h.mode,
        mode_name: ntp::mode_name(h.mode),
        stratum: h.stratum,
        poll: h.poll,
        precision: h.precision,
        root_delay: jshort(h.root_delay),
        root_dispersion: jshort(h.root_dispersion),
        reference_id: JReference {
            raw: format!("0x{:08x}", u32::from_be_bytes(h.reference_id)),
            reading: ntp::reference_text(h),
        },
        reference_timestamp: jtime(h.reference),
        origin_timestamp: jtime(h.origin),
        receive_timestamp: jtime(h.receive),
        transmit_timestamp: jtime(h.transmit),
    }
}

fn jitem(i: &Item) -> JItem<'_> {
    match i {
        Item::Field {
            offset,
            field_type,
            length,
            name,
            waived,
        } => JItem::Field {
            offset: *offset,
            field_type: *field_type,
            type_name: *name,
            length: *length,
            waived: waived.as_deref(),
        },
        Item::Mac {
            offset,
            key_id,
            digest_len,
            algorithm,
            waived,
            ms_sntp_request_key,
        } => JItem::Mac {
            offset: *offset,
            key_id: *key_id,
            digest_len: *digest_len,
            algorithm,
            waived: waived.as_deref(),
            ms_sntp_request_key: *ms_sntp_request_key,
        },
        Item::CryptoNak { offset } => JItem::CryptoNak { offset: *offset },
        Item::MsSntpExtended { offset } => JItem::MsSntpExtended { offset: *offset },
        Item::Unread { offset, len } => JItem::Unread {
            offset: *offset,
            length: *len,
        },
    }
}

fn jnts(n: &Nts) -> JNts<'_> {
    match *n {
        Nts::Request {
            unique_id_len,
            cookie_len,
            placeholders,
            nonce_len,
            ciphertext_len,
        } => JNts::Request {
            unique_id_len,
            cookie_len,
            placeholders,
            nonce_len,
            ciphertext_len,
        },
        Nts::Response {
            unique_id_len,
            nonce_len,
            ciphertext_len,
        } => JNts::Response {
            unique_id_len,
            nonce_len,
            ciphertext_len,
        },
        Nts::Nak => JNts::Nak,
        Nts::Broken(ref e) => JNts::Broken {
            error: JProblem {
                offset: e.offset,
                message: &e.message,
            },
        },
    }
}

fn jpair(p: &Pairing) -> JPair<'_> {
    match p {
        Pairing::Matched { request, check } => JPair {
            matched: true,
            request_frame: Some(*request),
            interleaved: check.matched == Match::Interleaved,
            offset_seconds: check.offset,
            delay_seconds: check.delay,
            root_distance_seconds: check.root_distance,
            rejection: check.rejection.as_deref(),
        },
        Pairing::Unmatched => JPair {
            matched: false,
            request_frame: None,
            interleaved: false,
            offset_seconds: None,
            delay_seconds: None,
            root_distance_seconds: None,
            rejection: None,
        },
    }
}

/// Writes one packet as one JSON object and a newline.
pub fn json(out: &mut impl Write, s: &Shown<'_>) -> io::Result<()> {
    let p = s.ntp;
    let j = JPacket {
        schema_version: SCHEMA_VERSION,
        record: "packet",
        frame: s.frame,
        time: s.time.map(CaptureTime::text),
        time_unix: s.time.map(CaptureTime::as_f64),
        interface: s.interface,
        link: link::link_name(s.link_type),
        wire_len: s.wire_len,
        src: s.src.map(|a| a.to_string()),
        dst: s.dst.map(|a| a.to_string()),
        vlan: s.vlan,
        fragments: s.fragments,
        udp_len: p.len,
        kind: p.kind.name(),
        octet0: p.octet0.map(|o| JOctet0 {
            leap: o.leap,
            version: o.version,
            mode: o.mode,
        }),
        header: p.header.as_ref().map(jheader),
        trailer: p.items.iter().map(jitem).collect(),
        nts: p.nts.as_ref().map(jnts),
        error: p.error.as_ref().map(|e| JProblem {
            offset: e.offset,
            message: &e.message,
        }),
        kiss_code: p.kiss_code().map(ntp::kiss_text),
        pair: s.pairing.map(jpair),
        control: None,
        private: None,
        ntpv5: None,
    };
    let mut j = j;
    let verbose = s.verbose();
    match p.view.as_deref() {
        Some(View::Control(v)) => j.control = Some(kinds::control::json(v, verbose)),
        Some(View::Private(v)) => j.private = Some(kinds::private::json(v, verbose)),
        Some(View::V5(v)) => j.ntpv5 = Some(kinds::v5::json(v, verbose)),
        None => {}
    }
    if verbose {
        let mut v = serde_json::to_value(&j).map_err(io::Error::other)?;
        add_octets(&mut v, p, s.payload);
        serde_json::to_writer(&mut *out, &v).map_err(io::Error::other)?;
        return out.write_all(b"\n");
    }
    serde_json::to_writer(&mut *out, &j).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

/// The octets of the trailer items, for payload inputs: `value_hex` of a
/// field, `digest_hex` and `covers` of a MAC.
fn add_octets(v: &mut serde_json::Value, p: &NtpPacket, payload: &[u8]) {
    let Some(items) = v.get_mut("trailer").and_then(|t| t.as_array_mut()) else {
        return;
    };
    for (j, item) in items.iter_mut().zip(&p.items) {
        match item {
            Item::Field { offset, length, .. } => {
                let body = payload
                    .get(offset + 4..offset + usize::from(*length))
                    .unwrap_or(&[]);
                j["value_hex"] = kinds::hex(body).into();
            }
            Item::Mac {
                offset, digest_len, ..
            } => {
                let d = payload
                    .get(offset + 4..offset + 4 + digest_len)
                    .unwrap_or(&[]);
                j["digest_hex"] = kinds::hex(d).into();
                j["covers"] = (*offset).into();
            }
            _ => {}
        }
    }
}

/// A notice (damage, unreadable input, fragments given up) as JSON.
pub fn json_notice(out: &mut impl Write, kind: &str, fields: serde_json::Value) -> io::Result<()> {
    let mut v = serde_json::json!({ "schema_version": SCHEMA_VERSION, "type": kind });
    if let (Some(m), serde_json::Value::Object(f)) = (v.as_object_mut(), fields) {
        m.extend(f);
    }
    serde_json::to_writer(&mut *out, &v).map_err(io::Error::other)?;
    out.write_all(b"\n")
}
