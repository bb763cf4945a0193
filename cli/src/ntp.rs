//! Where the tool uses `ntp-wire`'s decoding, with [`crate::kinds`].
//!
//! Everything else in the tool (inputs, link layers, flows, pairing state,
//! output, filters) works on the plain data defined here and there:
//! [`NtpPacket`], [`TimeHeader`], [`Item`], [`Nts`], [`PairCheck`], and
//! the [`View`]s of control, private and NTPv5 messages.
//!
//! The reading, in order:
//!
//! 1. `ntp_wire::Kind::of` classifies the payload by octet 0 (version
//!    first); control, private and NTPv5 messages go to their modules in
//!    [`crate::kinds`];
//! 2. the front door, `ntp_wire::Message::parse_udp` (with the UDP ports,
//!    so an NTPv1 packet gets the mode its ports give it, as chrony reads
//!    it) or `Message::parse` (payloads given as hex), then
//!    `Header::parse` (RFC 5905 section 7.3). A refusal (version 0, 6 or
//!    7, fewer than 48 octets) is kept as the packet's [`Problem`], and the
//!    header fields are still read from the buffer when 48 octets are
//!    there;
//! 3. the trailer is walked strictly (RFC 7822, chrony's rules); if that
//!    fails the reason is kept and the walk is redone leniently to show
//!    what is there, each out-of-spec item with the rule it breaks;
//! 4. packets with NTS fields (RFC 8915 section 5) get the NTS checks.

use std::time::Duration;

use ntp_wire::exchange::{Rejection, ResponseCheck};

use crate::kinds;
use ntp_wire::trailer::nts::{NtsAuthenticator, NtsRequest, NtsResponse};
use ntp_wire::trailer::{ExtensionFieldType, Strictness, Trailer, TrailerItem};
use ntp_wire::{
    Header, KissCode, LeapIndicator, Message, Mode, Packet, Poll, Precision, ReferenceId,
    ReferenceKind, ShortTime, Stratum, Timestamp, UnixTime, Version,
};

/// The 48-octet header of versions 1 to 4 (RFC 5905 section 7.3), raw
/// values as on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeHeader {
    /// Leap indicator, octet 0 bits 0-1.
    pub leap: u8,
    /// Version number, octet 0 bits 2-4.
    pub version: u8,
    /// Mode, octet 0 bits 5-7.
    pub mode: u8,
    /// Stratum, octet 1.
    pub stratum: u8,
    /// Poll exponent (log2 s), octet 2, signed.
    pub poll: i8,
    /// Precision exponent (log2 s), octet 3, signed.
    pub precision: i8,
    /// Root delay, 16.16 seconds, octets 4-7.
    pub root_delay: u32,
    /// Root dispersion, 16.16 seconds, octets 8-11.
    pub root_dispersion: u32,
    /// Reference id, octets 12-15.
    pub reference_id: [u8; 4],
    /// Reference timestamp, 32.32, octets 16-23.
    pub reference: u64,
    /// Origin timestamp (T1 echoed), octets 24-31.
    pub origin: u64,
    /// Receive timestamp (T2), octets 32-39.
    pub receive: u64,
    /// Transmit timestamp (T3), octets 40-47.
    pub transmit: u64,
}

/// Octet 0 of any NTP message: LI (2 bits), VN (3), mode (3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Octet0 {
    /// Leap indicator (mode 7 uses these bits as R and M).
    pub leap: u8,
    /// Version number.
    pub version: u8,
    /// Mode.
    pub mode: u8,
}

impl Octet0 {
    fn read(b: u8) -> Octet0 {
        Octet0 {
            leap: b >> 6,
            version: (b >> 3) & 7,
            mode: b & 7,
        }
    }
}

/// What a UDP payload on an NTP port is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A v1-v4 time packet (modes 0-5) with a 48-octet header.
    Time,
    /// Mode 6, control (RFC 9327).
    Control,
    /// Mode 7, private (ntpd's ntpdc).
    Private,
    /// Version 5 (draft-ietf-ntp-ntpv5).
    Ntpv5,
    /// Refused by the strict reading: empty, version 0, 6 or 7, or shorter
    /// than the 48-octet header.
    Malformed,
}

impl Kind {
    /// The name used in the text and JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Time => "time",
            Kind::Control => "control",
            Kind::Private => "private",
            Kind::Ntpv5 => "ntpv5",
            Kind::Malformed => "malformed",
        }
    }
}

/// A rule the packet breaks, where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Octet offset in the UDP payload, when the rule has a place.
    pub offset: Option<usize>,
    /// The rule, in words (the library's error text).
    pub message: String,
}

/// One trailer item (RFC 5905 section 7.5, RFC 7822).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// An extension field.
    Field {
        /// Offset in the payload.
        offset: usize,
        /// Field type.
        field_type: u16,
        /// Length field (whole field, padding included).
        length: u16,
        /// IANA name of the type, if it has one.
        name: Option<&'static str>,
        /// The rule a lenient walk waived for it.
        waived: Option<String>,
    },
    /// The MAC (key id + digest) that ends the packet.
    Mac {
        /// Offset in the payload.
        offset: usize,
        /// Key id, big-endian (RFC 5905).
        key_id: u32,
        /// Digest octets.
        digest_len: usize,
        /// The algorithm its length suggests.
        algorithm: String,
        /// The rule a lenient walk waived for it.
        waived: Option<String>,
        /// `Some(rid)` when it reads as an MS-SNTP request authenticator
        /// (version 3, zero checksum): the key id little-endian.
        ms_sntp_request_key: Option<u32>,
    },
    /// A crypto-NAK: 4 zero octets as the whole trailer.
    CryptoNak {
        /// Offset in the payload (48).
        offset: usize,
    },
    /// A 72-octet MS-SNTP extended authenticator (version 3 or lower).
    MsSntpExtended {
        /// Offset in the payload (48).
        offset: usize,
    },
    /// Octets that neither walk could read.
    Unread {
        /// Offset in the payload.
        offset: usize,
        /// Octets left.
        len: usize,
    },
}

/// The NTS reading of a packet that carries NTS fields (RFC 8915 section 5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nts {
    /// A request that passes the checks of RFC 8915 sections 5.3 to 5.7.
    Request {
        /// Unique Identifier body octets.
        unique_id_len: usize,
        /// Cookie body octets.
        cookie_len: usize,
        /// Cookie Placeholder fields.
        placeholders: usize,
        /// Nonce octets in the authenticator.
        nonce_len: u16,
        /// Ciphertext octets in the authenticator.
        ciphertext_len: u16,
    },
    /// A response that passes the checks.
    Response {
        /// Unique Identifier body octets.
        unique_id_len: usize,
        /// Nonce octets in the authenticator.
        nonce_len: u16,
        /// Ciphertext octets in the authenticator.
        ciphertext_len: u16,
    },
    /// An NTS NAK: kiss code NTSN with a Unique Identifier and no
    /// authenticator (RFC 8915 section 5.7).
    Nak,
    /// NTS fields that break a rule.
    Broken(Problem),
}

/// Everything the tool knows of one UDP payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NtpPacket {
    /// UDP payload octets.
    pub len: usize,
    /// Octet 0 read as LI, VN, mode (absent for an empty payload).
    pub octet0: Option<Octet0>,
    /// What it is.
    pub kind: Kind,
    /// The mode it acts in: the mode bits, or for an NTPv1 packet the mode
    /// its ports give it (`ntp_wire::kind::association_mode`).
    pub mode: u8,
    /// The 48-octet header, for time packets and for refused packets long
    /// enough to hold one.
    pub header: Option<TimeHeader>,
    /// Trailer items: the strict walk, or if it failed the lenient one.
    pub items: Vec<Item>,
    /// Why the strict reading refuses it: header or trailer.
    pub error: Option<Problem>,
    /// NTS reading, when it has NTS fields.
    pub nts: Option<Nts>,
    /// The view of a control, private or NTPv5 message (absent for time
    /// packets, and for a message shorter than its kind's header).
    pub view: Option<Box<View>>,
}

/// The fields of a control, private or NTPv5 message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Mode 6.
    Control(kinds::control::View),
    /// Mode 7.
    Private(kinds::private::View),
    /// NTPv5.
    V5(kinds::v5::View),
}

impl NtpPacket {
    /// The kiss code of a kiss-o'-death: a reply (mode 2, 4 or 5) of
    /// stratum 0 whose reference id is a defined kiss code (RFC 5905
    /// section 7.4; any other code has no protocol significance).
    /// `INIT` is left out: it says "not synchronized yet", which
    /// [`is_unsynchronized`] reports, as the library's `ResponseCheck` does.
    pub fn kiss_code(&self) -> Option<[u8; 4]> {
        let h = self.header?;
        if self.kind != Kind::Time || !matches!(h.mode, 2 | 4 | 5) {
            return None;
        }
        let id = ReferenceId(h.reference_id);
        match id.kiss_code(Stratum(h.stratum)) {
            Some(k) if id != ReferenceId::ZERO && k != KissCode::INIT => Some(k.0),
            _ => None,
        }
    }

    /// `true` when the packet ends with a MAC (signed, RFC 5905 section 7.5).
    pub fn has_mac(&self) -> bool {
        self.items.iter().any(|i| matches!(i, Item::Mac { .. }))
    }

    /// The key id of the MAC that ends the packet, if it is signed.
    pub fn mac_key_id(&self) -> Option<u32> {
        self.items.iter().find_map(|i| match i {
            Item::Mac { key_id, .. } => Some(*key_id),
            _ => None,
        })
    }

    /// `true` when the trailer is a crypto-NAK.
    pub fn is_crypto_nak(&self) -> bool {
        self.items
            .iter()
            .any(|i| matches!(i, Item::CryptoNak { .. }))
    }

    /// `true` when the packet has at least one NTS field.
    pub fn has_nts(&self) -> bool {
        self.nts.is_some()
    }
}

/// The library's error as a [`Problem`]: its own offset when it has one,
/// else `offset`.
pub fn problem_at(offset: usize, e: &ntp_wire::Error) -> Problem {
    let own = match e {
        ntp_wire::Error::Trailer { offset, .. }
        | ntp_wire::Error::Control { offset, .. }
        | ntp_wire::Error::Private { offset, .. }
        | ntp_wire::Error::V5 { offset, .. } => Some(*offset as usize),
        _ => None,
    };
    Problem {
        offset: Some(own.unwrap_or(offset)),
        message: e.to_string(),
    }
}

fn problem(offset: Option<usize>, e: &ntp_wire::Error) -> Problem {
    let offset = match e {
        ntp_wire::Error::Trailer { offset, .. } => Some(*offset as usize),
        _ => offset,
    };
    Problem {
        offset,
        message: e.to_string(),
    }
}

/// Reads one UDP payload; `ports` (source, destination) when it came in
/// a UDP datagram. Never panics; every payload gets a value.
pub fn decode(payload: &[u8], ports: Option<(u16, u16)>) -> NtpPacket {
    let octet0 = payload.first().map(|&b| Octet0::read(b));
    let mut p = NtpPacket {
        len: payload.len(),
        octet0,
        kind: Kind::Malformed,
        mode: octet0.map_or(0, |o| o.mode),
        header: None,
        items: Vec::new(),
        error: None,
        nts: None,
        view: None,
    };
    let Some(_) = octet0 else {
        p.error = Some(Problem {
            offset: Some(0),
            message: "empty UDP payload: an NTP message has at least octet 0 (LI, VN, mode)".into(),
        });
        return p;
    };
    // The kinds with their own layouts: each read by its layer's checked
    // view (what the front door, `Message::parse`, calls for them), and
    // field by field from the raw octets when that refuses.
    let other = match ntp_wire::Kind::of(payload) {
        Ok(ntp_wire::Kind::Control) => {
            let (v, e) = kinds::control::decode(payload);
            Some((Kind::Control, v.map(View::Control), e))
        }
        Ok(ntp_wire::Kind::Private) => {
            let (v, e) = kinds::private::decode(payload);
            Some((Kind::Private, v.map(View::Private), e))
        }
        Ok(ntp_wire::Kind::TimeV5) => {
            let (v, e) = kinds::v5::decode(payload);
            Some((Kind::Ntpv5, v.map(View::V5), e))
        }
        _ => None,
    };
    if let Some((kind, view, error)) = other {
        p.kind = kind;
        p.view = view.map(Box::new);
        p.error = error;
        return p;
    }
    let message = match ports {
        Some((src, dst)) => Message::parse_udp(payload, src, dst),
        None => Message::parse(payload),
    };
    match message.and_then(|m| match m {
        Message::Time { packet, mode } => Header::parse(&packet).map(|h| (h, mode)),
        // Control, private and NTPv5 messages were read above.
        _ => Err(ntp_wire::Error::UnsupportedMode {
            mode: Mode::from_bits(payload[0]),
        }),
    }) {
        Ok((h, mode)) => {
            p.kind = Kind::Time;
            p.mode = mode.to_bits();
            p.header = Some(from_header(&h));
            walk_trailer(payload, &mut p);
            check_nts(payload, &mut p);
        }
        Err(e) => {
            p.error = Some(problem(Some(0), &e));
            if payload.len() >= ntp_wire::HEADER_LEN {
                // Shown field by field all the same, from the raw view.
                let view = Packet::new_unchecked(payload);
                p.header = Some(from_view(&view));
                walk_trailer_lenient(payload, &mut p);
            }
        }
    }
    p
}

fn from_header(h: &Header) -> TimeHeader {
    TimeHeader {
        leap: h.leap.to_bits(),
        version: h.version.to_bits(),
        mode: h.mode.to_bits(),
        stratum: h.stratum.0,
        poll: h.poll.0,
        precision: h.precision.0,
        root_delay: h.root_delay.to_bits(),
        root_dispersion: h.root_dispersion.to_bits(),
        reference_id: h.reference_id.octets(),
        reference: h.reference_timestamp.to_bits(),
        origin: h.origin_timestamp.to_bits(),
        receive: h.receive_timestamp.to_bits(),
        transmit: h.transmit_timestamp.to_bits(),
    }
}

fn from_view(v: &Packet<&[u8]>) -> TimeHeader {
    TimeHeader {
        leap: v.leap().to_bits(),
        version: v.version().to_bits(),
        mode: v.mode().to_bits(),
        stratum: v.stratum().0,
        poll: v.poll().0,
        precision: v.precision().0,
        root_delay: v.root_delay().to_bits(),
        root_dispersion: v.root_dispersion().to_bits(),
        reference_id: v.reference_id().octets(),
        reference: v.reference_timestamp().to_bits(),
        origin: v.origin_timestamp().to_bits(),
        receive: v.receive_timestamp().to_bits(),
        transmit: v.transmit_timestamp().to_bits(),
    }
}

fn to_header(h: &TimeHeader) -> Header {
    Header {
        leap: LeapIndicator::from_bits(h.leap),
        version: Version::from_bits(h.version),
        mode: Mode::from_bits(h.mode),
        stratum: Stratum(h.stratum),
        poll: Poll(h.poll),
        precision: Precision(h.precision),
        root_delay: ShortTime::from_bits(h.root_delay),
        root_dispersion: ShortTime::from_bits(h.root_dispersion),
        reference_id: ReferenceId(h.reference_id),
        reference_timestamp: Timestamp::from_bits(h.reference),
        origin_timestamp: Timestamp::from_bits(h.origin),
        receive_timestamp: Timestamp::from_bits(h.receive),
        transmit_timestamp: Timestamp::from_bits(h.transmit),
    }
}

fn item(payload: &[u8], i: &TrailerItem<'_>) -> Item {
    let waived = i.waived().map(|r| r.to_string());
    match i {
        TrailerItem::Field(f) => Item::Field {
            offset: f.offset(),
            field_type: f.field_type().0,
            length: f.length(),
            name: f.field_type().name(),
            waived,
        },
        TrailerItem::Mac(m) => Item::Mac {
            offset: m.offset(),
            key_id: m.key_id(),
            digest_len: m.digest().len(),
            algorithm: algorithms(m.candidates()),
            waived,
            ms_sntp_request_key: ntp_wire::trailer::ms_sntp_request(payload)
                .and_then(|_| ntp_wire::trailer::MsSntpAuthenticator::from_packet(payload).ok())
                .map(|a| a.key_id().0),
        },
        TrailerItem::CryptoNak => Item::CryptoNak { offset: i.offset() },
        _ => Item::MsSntpExtended { offset: i.offset() },
    }
}

/// The algorithms a MAC's length allows, `MD5 or AES-128-CMAC or ...`.
fn algorithms(c: &[ntp_wire::trailer::MacAlgorithm]) -> String {
    if c.is_empty() {
        return "no known algorithm".into();
    }
    c.iter().map(|a| a.name()).collect::<Vec<_>>().join(" or ")
}

/// Strict walk; on failure, the reason and the lenient walk's items.
fn walk_trailer(payload: &[u8], p: &mut NtpPacket) {
    if payload.len() == ntp_wire::HEADER_LEN {
        return;
    }
    let mut strict = Trailer::new(payload);
    for i in strict.by_ref() {
        match i {
            Ok(i) => p.items.push(item(payload, &i)),
            Err(e) => {
                p.error = Some(problem(None, &e));
                p.items.clear();
                walk_trailer_lenient(payload, p);
                return;
            }
        }
    }
}

fn walk_trailer_lenient(payload: &[u8], p: &mut NtpPacket) {
    let mut end = ntp_wire::HEADER_LEN;
    for i in Trailer::with_strictness(payload, Strictness::Lenient) {
        match i {
            Ok(i) => {
                end = i.offset() + i.len();
                p.items.push(item(payload, &i));
            }
            Err(_) => break,
        }
    }
    if end < payload.len() {
        p.items.push(Item::Unread {
            offset: end,
            len: payload.len() - end,
        });
    }
}

fn check_nts(payload: &[u8], p: &mut NtpPacket) {
    let nts_field = p.items.iter().any(|i| match i {
        Item::Field { field_type, .. } => ExtensionFieldType(*field_type).is_nts(),
        _ => false,
    });
    if !nts_field || p.error.is_some() {
        return;
    }
    let Some(h) = p.header else { return };
    let auth = |a: &NtsAuthenticator<'_>| (a.nonce_len(), a.ciphertext_len());
    let nts = match h.mode {
        1 | 3 => match NtsRequest::parse(payload) {
            Ok(r) => {
                let (nonce_len, ciphertext_len) = auth(&r.authenticator);
                Nts::Request {
                    unique_id_len: r.unique_id.id().len(),
                    cookie_len: r.cookie.cookie().len(),
                    placeholders: r.placeholders,
                    nonce_len,
                    ciphertext_len,
                }
            }
            Err(e) => Nts::Broken(problem(None, &e)),
        },
        _ => match NtsResponse::parse(payload) {
            Ok(r) => {
                let (nonce_len, ciphertext_len) = auth(&r.authenticator);
                Nts::Response {
                    unique_id_len: r.unique_id.id().len(),
                    nonce_len,
                    ciphertext_len,
                }
            }
            Err(_) if p.kiss_code() == Some(KissCode::NTSN.0) => Nts::Nak,
            Err(e) => Nts::Broken(problem(None, &e)),
        },
    };
    p.nts = Some(nts);
}

// ---------------------------------------------------------------------
// Readings in words, for the outputs.

/// RFC 5905 mode name: `client`, `symmetric active`, ...
pub fn mode_name(mode: u8) -> &'static str {
    Mode::from_bits(mode).name()
}

/// The leap indicator in words.
pub fn leap_text(leap: u8) -> &'static str {
    LeapIndicator::from_bits(leap).description()
}

/// The stratum in words: `8 (secondary)`.
pub fn stratum_text(stratum: u8) -> String {
    Stratum(stratum).to_string()
}

/// A 16.16 value in seconds.
pub fn short_secs(bits: u32) -> f64 {
    ShortTime::from_bits(bits).as_secs_f64()
}

/// `2^exponent` in seconds.
pub fn log2_secs(exponent: i8) -> f64 {
    Poll(exponent).as_secs_f64()
}

/// A timestamp as a UTC date (RFC 4330 era window), `unset` for zero.
pub fn timestamp_text(bits: u64) -> String {
    Timestamp::from_bits(bits).to_string()
}

/// The reference id read at the header's stratum: `none` for zero, a kiss
/// code with its meaning, a source name, an upstream IPv4 address.
pub fn reference_text(h: &TimeHeader) -> String {
    let id = ReferenceId(h.reference_id);
    if id == ReferenceId::ZERO {
        return "none".into();
    }
    match id.interpret(Stratum(h.stratum)) {
        ReferenceKind::Kiss(k) => format!("kiss code {k}: {}", kiss_meaning(k.0)),
        other => other.to_string(),
    }
}

/// A kiss code as text (`RATE`, or hex when not printable).
pub fn kiss_text(code: [u8; 4]) -> String {
    KissCode(code).to_string()
}

/// What a kiss code means (RFC 5905 figure 13, RFC 8915).
pub fn kiss_meaning(code: [u8; 4]) -> &'static str {
    KissCode(code).description().unwrap_or("unknown kiss code")
}

/// What a client must do on this kiss code (RFC 5905 section 7.4).
pub fn kiss_action(code: [u8; 4]) -> &'static str {
    let k = KissCode(code);
    if k.is_access_denied() {
        "the client must stop sending to this server (RFC 5905 section 7.4)"
    } else if k.is_rate() {
        "the client must reduce its polling rate (RFC 5905 section 7.4)"
    } else if k == KissCode::NTSN {
        "the client must get new cookies by NTS-KE before it asks again (RFC 8915 section 5.7)"
    } else {
        "the client should not use this server's time until it answers normally"
    }
}

/// Name of an extension field type (`NTS Cookie (0x0204)`).
pub fn field_type_text(field_type: u16) -> String {
    ExtensionFieldType(field_type).to_string()
}

/// `true` for the NTS field types (RFC 8915 section 5).
pub fn is_nts_type(field_type: u16) -> bool {
    ExtensionFieldType(field_type).is_nts()
}

/// `true` when the reply's leap, stratum or reference id says the server is
/// not synchronized (RFC 5905: LI 3, stratum 16 and above, kiss INIT).
pub fn is_unsynchronized(h: &TimeHeader) -> bool {
    h.leap == 3
        || h.stratum >= 16
        || ReferenceId(h.reference_id).kiss_code(Stratum(h.stratum)) == Some(KissCode::INIT)
}

// ---------------------------------------------------------------------
// Exchanges.

/// A capture timestamp in Unix seconds and nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CaptureTime {
    /// Seconds since 1970-01-01 UTC.
    pub secs: i64,
    /// Nanoseconds within the second.
    pub nanos: u32,
}

impl CaptureTime {
    fn to_ntp(self) -> Timestamp {
        Timestamp::from_unix(UnixTime::new(self.secs, self.nanos.min(999_999_999)))
    }

    /// As a UTC date with nanoseconds.
    pub fn text(self) -> String {
        UnixTime::new(self.secs, self.nanos.min(999_999_999)).to_string()
    }

    /// Seconds as a float.
    pub fn as_f64(self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) * 1e-9
    }
}

/// How a reply was matched to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// Origin timestamp = the request's transmit timestamp.
    Basic,
    /// Origin timestamp = the request's receive timestamp (RFC 9769).
    Interleaved,
}

/// The key a reply is matched by: its origin timestamp.
pub fn reply_key(h: &TimeHeader) -> u64 {
    h.origin
}

/// The keys a request is matched by: its transmit timestamp, and its
/// receive timestamp when non-zero (interleaved mode, RFC 9769).
pub fn request_keys(h: &TimeHeader) -> (u64, Option<u64>) {
    (h.transmit, (h.receive != 0).then_some(h.receive))
}

/// `true` for the modes that expect a reply (1 and 3: RFC 5905 section
/// 9.2) among time packets.
pub fn is_request_mode(mode: u8) -> bool {
    matches!(mode, 1 | 3)
}

/// `true` when a reply of mode `reply` answers a request of mode `request`
/// (RFC 5905 section 9.2).
pub fn mode_answers(request: u8, reply: u8) -> bool {
    ntp_wire::exchange::ExpectedReply::to(Mode::from_bits(request)).allows(Mode::from_bits(reply))
}

/// The verdict on a matched request and reply: `ResponseCheck` of the
/// library, with T1 and T4 from the capture's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct PairCheck {
    /// How they were matched.
    pub matched: Match,
    /// Offset θ in seconds (T1, T4: the capture clock).
    pub offset: Option<f64>,
    /// Delay δ in seconds.
    pub delay: Option<f64>,
    /// Root distance in seconds.
    pub root_distance: Option<f64>,
    /// Why the reply gives no time sample, in words.
    pub rejection: Option<String>,
    /// Versions differ (chrony and ntpd echo the request's).
    pub version_mismatch: bool,
}

/// Checks `reply` against `request` ([`ResponseCheck`], RFC 5905
/// appendix A.5.1.1). `t1` and `t4` are the capture times of the request
/// and the reply; without them (hex input) no offset or delay is given.
pub fn check_pair(
    request: &TimeHeader,
    t1: Option<CaptureTime>,
    reply: &TimeHeader,
    t4: Option<CaptureTime>,
    matched: Match,
) -> PairCheck {
    let req = to_header(request);
    let rep = to_header(reply);
    let times = t1.zip(t4);
    let (t1, t4) = times.map_or(
        (req.transmit_timestamp, rep.transmit_timestamp),
        |(a, b)| (a.to_ntp(), b.to_ntp()),
    );
    let checker = ResponseCheck::new().max_root_distance(Duration::MAX);
    let mut out = PairCheck {
        matched,
        offset: None,
        delay: None,
        root_distance: None,
        rejection: None,
        version_mismatch: request.version != reply.version,
    };
    match checker.check_header(&req, t1, &rep, t4) {
        Ok(s) if times.is_some() => {
            out.offset = Some(s.offset.as_secs_f64());
            out.delay = Some(s.delay.as_secs_f64());
            out.root_distance = Some(s.root_distance.as_secs_f64());
        }
        Ok(_) => {}
        Err(Rejection::Interleaved { .. }) => {
            out.rejection = Some(
                "interleaved reply (RFC 9769): its transmit timestamp belongs to the previous exchange; offset not computed"
                    .into(),
            );
        }
        Err(r) => out.rejection = Some(r.to_string()),
    }
    out
}

// ---------------------------------------------------------------------
// Windows Time.

/// The Windows Time explanation for symmetric active (mode 1) requests that
/// a server leaves unanswered: what makes Windows send mode 1, and the flag
/// that fixes it, from `ntp_wire::w32time`.
pub struct WindowsAdvice {
    /// Diagnosis of SymmetricActive (0x4) set without Client.
    pub symmetric_flag: String,
    /// Diagnosis of the default flags (0x1) on a machine that serves time.
    pub default_on_server: String,
    /// The flag to add: Client, `0x8`.
    pub client_flag: String,
    /// The flags to use on a machine with the default 0x1: `0x9`.
    pub fixed_default: String,
}

/// See [`WindowsAdvice`]: the advice for one peer, when the machine's
/// list is not known ([`peer_list_fix`] is the advice for a whole list).
pub fn windows_advice() -> WindowsAdvice {
    use ntp_wire::w32time::{NtpServerProvider, PeerFlags};
    let symmetric = PeerFlags::SYMMETRIC_ACTIVE.diagnose(NtpServerProvider::Disabled);
    let default = PeerFlags::SPECIAL_INTERVAL.diagnose(NtpServerProvider::Enabled);
    WindowsAdvice {
        symmetric_flag: symmetric.to_string(),
        default_on_server: default.to_string(),
        client_flag: PeerFlags::CLIENT.to_string(),
        fixed_default: default.fixed_flags().to_string(),
    }
}

/// The fields of a 72-octet MS-SNTP extended authenticator in words (for
/// payload inputs), `None` when the payload has none.
pub fn ms_sntp_extended_text(payload: &[u8]) -> Option<String> {
    let e = ntp_wire::trailer::MsSntpExtendedAuthenticator::from_packet(payload).ok()?;
    Some(format!(
        "RID {}, previous key {}, flags {:#04x}, client hash id hints {:#04x}, signature hash id {:#04x}, checksum {}",
        e.key_id().rid(),
        e.key_id().previous_key(),
        e.flags().0,
        e.client_hash_id_hints().0,
        e.signature_hash_id().0,
        kinds::hex(e.checksum())
    ))
}

/// Checks a manual peer list (`--peer-list`): the library's reason when
/// it is not one.
pub fn check_peer_list(text: &str) -> Result<(), String> {
    ntp_wire::w32time::ManualPeerList::parse(text)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The fix of a whole manual peer list, from
/// `ManualPeerList::diagnose`: every peer kept, the mode 1 ones given
/// Client (0x8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFix {
    /// Peers in the list.
    pub peers: usize,
    /// Whether the machine serves time, as given.
    pub time_server: bool,
    /// Each peer (`host,0xN`) with the mode Windows Time sends it and
    /// whether a server answering only clients stays silent.
    pub per_peer: Vec<(String, String, bool)>,
    /// The listed peers whose address is a server seen leaving mode 1
    /// requests unanswered in the capture.
    pub seen_unanswered: Vec<String>,
    /// Listed peers given by DNS name (not matched to addresses).
    pub names: Vec<String>,
    /// `true` when some peer gets mode 1.
    pub needs_fix: bool,
    /// The complete corrected list.
    pub fixed_list: String,
    /// `w32tm /config /manualpeerlist:"..." /syncfromflags:MANUAL /update`.
    pub command: String,
    /// `w32tm /resync /rediscover`.
    pub follow_up: &'static str,
}

impl ListFix {
    /// The lines of the mode 1 finding.
    pub fn lines(&self) -> Vec<String> {
        let serves = if self.time_server {
            "serves time (--time-server: NtpServer provider enabled)"
        } else {
            "does not serve time (no --time-server: NtpServer provider disabled)"
        };
        let mut d = vec![format!(
            "The manual peer list given (--peer-list) has {} peer{}; this machine {serves}.",
            self.peers,
            if self.peers == 1 { "" } else { "s" }
        )];
        for (peer, mode, silent) in &self.per_peer {
            let answer = if *silent {
                "a server that answers only clients stays silent"
            } else {
                "every server answers"
            };
            d.push(format!("{peer}: Windows Time sends {mode}: {answer}."));
        }
        if self.seen_unanswered.is_empty() {
            let names = if self.names.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} given by name, which a capture's addresses cannot confirm)",
                    self.names.join(", ")
                )
            };
            d.push(format!(
                "No listed peer is an address seen leaving mode 1 requests unanswered in this capture{names}."
            ));
        } else {
            d.push(format!(
                "Listed peers seen leaving mode 1 requests unanswered in this capture: {}.",
                self.seen_unanswered.join(", ")
            ));
        }
        if self.needs_fix {
            d.push(format!(
                "The complete corrected list (every peer kept, Client 0x8 where mode 1 was sent): {}",
                self.fixed_list
            ));
            d.push(format!(
                "Run, as administrator (/manualpeerlist replaces the whole list, so this one command keeps every peer): {}",
                self.command
            ));
            d.push(format!(
                "Then: {} (or restart the service: net stop w32time && net start w32time).",
                self.follow_up
            ));
        } else {
            d.push(format!(
                "With these flags every listed peer gets client (mode 3) requests{}: the mode 1 requests in the capture come from another list or setting. Check that this list is the one in force (w32tm /query /configuration) and whether the machine serves time (--time-server).",
                if self.time_server { "" } else { " on a machine that does not serve time" }
            ));
        }
        d
    }
}

/// The fix of the manual peer list `text` on a machine that serves time
/// or not, naming the listed peers whose address is in `silent` (servers
/// seen leaving mode 1 requests unanswered).
pub fn peer_list_fix(
    text: &str,
    time_server: bool,
    silent: &[std::net::IpAddr],
) -> Result<ListFix, String> {
    use ntp_wire::w32time::{ManualPeerList, NtpServerProvider};
    let list = ManualPeerList::parse(text).map_err(|e| e.to_string())?;
    let provider = if time_server {
        NtpServerProvider::Enabled
    } else {
        NtpServerProvider::Disabled
    };
    let d = list.diagnose(provider);
    let mut fix = ListFix {
        peers: list.len(),
        time_server,
        per_peer: Vec::new(),
        seen_unanswered: Vec::new(),
        names: Vec::new(),
        needs_fix: d.needs_fix(),
        fixed_list: d.fixed_list().to_string(),
        command: d.command().to_string(),
        follow_up: d.follow_up(),
    };
    for (peer, diag) in d.peers() {
        fix.per_peer.push((
            peer.to_string(),
            format!("{} (mode {})", diag.mode().name(), diag.mode().to_bits()),
            diag.may_go_unanswered(),
        ));
        match peer.address() {
            Some(a) if silent.contains(&a) => fix.seen_unanswered.push(peer.to_string()),
            Some(_) => {}
            None => fix.names.push(peer.host.to_string()),
        }
    }
    Ok(fix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    const CHRONY_MODE4: &str = "2408fee600000000000000007f7f0101eeb0f29077b837b62f3c7862d571dddbeeb0f2919c9a8591eeb0f2919c9b3560";

    #[test]
    fn time_packet_fields() {
        let p = decode(&hex(CHRONY_MODE4), None);
        assert_eq!(p.kind, Kind::Time);
        assert_eq!(p.error, None);
        let h = p.header.unwrap();
        assert_eq!((h.leap, h.version, h.mode, h.stratum), (0, 4, 4, 8));
        assert_eq!((h.poll, h.precision), (-2, -26));
        assert_eq!(h.reference_id, [0x7f, 0x7f, 1, 1]);
        assert_eq!(h.origin, 0x2f3c_7862_d571_dddb);
        assert_eq!(reference_text(&h), "local clock 127.127.1.1");
        assert!(p.items.is_empty());
    }

    #[test]
    fn other_kinds_get_their_views() {
        let p = decode(&[0x16, 0x02, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], None);
        assert_eq!(p.kind, Kind::Control);
        let Some(View::Control(c)) = p.view.as_deref() else {
            panic!("no control view")
        };
        assert_eq!((c.opcode, c.sequence, c.response), (2, 1, false));
        assert!(c.amplification);
        assert_eq!(
            p.octet0,
            Some(Octet0 {
                leap: 0,
                version: 2,
                mode: 6
            })
        );
        assert_eq!((p.len, p.header, p.error), (12, None, None));
        let p = decode(&[0x17, 0, 3, 42, 0, 0, 0, 0], None);
        assert_eq!((p.kind, p.len, p.error), (Kind::Private, 8, None));
        assert!(matches!(p.view.as_deref(), Some(View::Private(v)) if v.monlist));
        let mut v5 = [0u8; 48];
        v5[0] = 0x2b; // VN 5, mode 3
        let p = decode(&v5, None);
        assert_eq!((p.kind, p.error), (Kind::Ntpv5, None));
        assert!(matches!(p.view.as_deref(), Some(View::V5(v)) if v.mode == 3));
        // Too short for their headers: refused, no view, never a panic.
        let p = decode(&[0x16, 0x02], None);
        assert_eq!((p.kind, p.view.is_none()), (Kind::Control, true));
        assert_eq!(
            p.error.unwrap().message,
            "packet truncated: 12 octets needed, only 2 available"
        );
        let p = decode(&[0x2c; 20], None);
        assert_eq!((p.kind, p.view.is_none()), (Kind::Ntpv5, true));
    }

    #[test]
    fn version_zero_is_shown_with_its_reason() {
        let mut b = hex(CHRONY_MODE4);
        b[0] = 0x04; // VN 0, mode 4
        let p = decode(&b, None);
        assert_eq!(p.kind, Kind::Malformed);
        assert_eq!(p.header.unwrap().stratum, 8);
        let e = p.error.unwrap();
        assert_eq!(e.offset, Some(0));
        assert_eq!(
            e.message,
            "unsupported NTP version 0: NTP versions are 1 to 5"
        );
    }

    #[test]
    fn bad_trailer_keeps_reason_and_lenient_items() {
        // 48 + a 16-octet last field (too short without a MAC).
        let mut b = hex(CHRONY_MODE4);
        b.extend_from_slice(&[0x12, 0x34, 0, 16]);
        b.extend_from_slice(&[0; 12]);
        let p = decode(&b, None);
        assert_eq!(p.kind, Kind::Time);
        let e = p.error.unwrap();
        assert_eq!(e.offset, Some(48));
        assert_eq!(
            p.items,
            vec![Item::Field {
                offset: 48,
                field_type: 0x1234,
                length: 16,
                name: None,
                waived: Some("last extension field is 16 octets without a MAC; it must be at least 28 (RFC 7822 section 3, updating RFC 5905 section 7.5)".into()),
            }]
        );
    }

    #[test]
    fn short_payload_is_malformed() {
        let p = decode(&[0x23; 20], None);
        assert_eq!((p.kind, p.header), (Kind::Malformed, None));
        assert_eq!(
            p.error.unwrap().message,
            "packet truncated: 48 octets needed, only 20 available"
        );
        let p = decode(&[], None);
        assert_eq!((p.kind, p.octet0), (Kind::Malformed, None));
    }

    #[test]
    fn pair_check_gives_offset_and_delay_from_capture_times() {
        let mut req = decode(&hex(CHRONY_MODE4), None).header.unwrap();
        req.mode = 3;
        req.transmit = 0x2f3c_7862_d571_dddb;
        req.receive = 0;
        let rep = decode(&hex(CHRONY_MODE4), None).header.unwrap();
        // T2 = T3 here (0xeeb0f291.9c9a8591 vs .9c9b3560: 10 us apart).
        let t2 = Timestamp::from_bits(rep.receive).to_unix();
        let t1 = CaptureTime {
            secs: t2.secs,
            nanos: 0,
        };
        let t4 = CaptureTime {
            secs: t2.secs,
            nanos: 900_000_000,
        };
        let c = check_pair(&req, Some(t1), &rep, Some(t4), Match::Basic);
        assert_eq!(c.rejection, None);
        let delay = c.delay.unwrap();
        // 0.9 s round trip less the server's 10.4 us of processing.
        assert!((delay - (0.9 - 0.000_010_4)).abs() < 1e-6, "{delay}");
    }
}
