//! Flows (one client and one server) and the pairing of requests with
//! replies, in bounded memory.
//!
//! A reply is matched to an outstanding request of its flow by its origin
//! timestamp: the request's transmit timestamp (basic mode), or the
//! request's receive timestamp (interleaved mode, RFC 9769). T1 and T4 of
//! each pair are the capture's timestamps of the request and the reply:
//! meaningful only for a capture taken on the client (chrony, for one,
//! sends a random transmit timestamp, so T1 is not in the packet).
//!
//! Bounds, so memory stays constant on any input:
//! - at most [`MAX_FLOWS`] flows; packets of further flows are counted in
//!   one overflow row, unpaired;
//! - at most [`MAX_OUTSTANDING_PER_FLOW`] requests awaiting a reply per
//!   flow and [`MAX_OUTSTANDING`] in all; the oldest is evicted (counted)
//!   to make room;
//! - a request unanswered after [`REPLY_WINDOW_SECS`] of capture time is
//!   counted unanswered and forgotten;
//! - offsets and delays kept for the medians: [`MAX_SAMPLES`] per flow
//!   (a uniform reservoir sample beyond that, so the medians become
//!   estimates; the count says so).

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasherDefault, Hasher};
use std::net::{IpAddr, SocketAddr};

use crate::ntp::{self, CaptureTime, Kind, Match, NtpPacket, PairCheck, TimeHeader};

/// Flows tracked one by one.
pub const MAX_FLOWS: usize = 16_384;
/// Requests awaiting a reply, per flow.
pub const MAX_OUTSTANDING_PER_FLOW: usize = 64;
/// Requests awaiting a reply, in all.
pub const MAX_OUTSTANDING: usize = 1 << 17;
/// Seconds of capture time a reply may take.
pub const REPLY_WINDOW_SECS: i64 = 10;
/// Samples kept per flow for the medians.
pub const MAX_SAMPLES: usize = 256;
/// Frames named as evidence per finding.
pub const EVIDENCE_FRAMES: usize = 5;

/// Which end of a flow sent a packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The client (modes 1, 3; requests of modes 6 and 7).
    Client,
    /// The server (modes 2, 4, 5; responses).
    Server,
}

/// The two ends of a flow: the client's address (any port: chrony, for
/// one, sends each request from a new port) and the server's address and
/// port; `None` for packets given as hex or raw files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FlowKey {
    /// Client address.
    pub client: Option<IpAddr>,
    /// Server address and port.
    pub server: Option<SocketAddr>,
}

/// A small fast hasher (FxHash's multiply-rotate): flow keys are not
/// attacker-chosen in a way that matters for an offline tool, and the
/// table is bounded anyway.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(b));
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
    fn write_u16(&mut self, i: u16) {
        self.write_u64(u64::from(i));
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

/// Frames that back a finding: how many, the first few, the last.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Evidence {
    /// Packets seen.
    pub count: u64,
    /// The first frames (at most [`EVIDENCE_FRAMES`]).
    pub first: Vec<u64>,
    /// The last frame.
    pub last: u64,
    /// A detail of the first one (a rule broken, a version pair).
    pub note: Option<String>,
}

impl Evidence {
    /// Records one frame.
    pub fn add(&mut self, frame: u64) {
        self.count += 1;
        if self.first.len() < EVIDENCE_FRAMES {
            self.first.push(frame);
        }
        self.last = frame;
    }

    /// Records one frame with a note kept from the first.
    pub fn add_noted(&mut self, frame: u64, note: impl FnOnce() -> String) {
        if self.note.is_none() {
            self.note = Some(note());
        }
        self.add(frame);
    }

    /// The frames to name: the first ones, and the last if not among them.
    pub fn frames(&self) -> Vec<u64> {
        let mut v = self.first.clone();
        if self.count > 0 && !v.contains(&self.last) {
            v.push(self.last);
        }
        v
    }
}

/// A bounded sample of values (uniform reservoir, deterministic).
#[derive(Debug, Clone, Default)]
pub struct Samples {
    /// Values offered.
    pub seen: u64,
    kept: Vec<f64>,
    rng: u64,
}

impl Samples {
    /// Offers one value.
    pub fn add(&mut self, v: f64) {
        self.seen += 1;
        if self.kept.len() < MAX_SAMPLES {
            self.kept.push(v);
            return;
        }
        // xorshift64*, seeded once: reproducible output for the same input.
        if self.rng == 0 {
            self.rng = 0x9e37_79b9_7f4a_7c15;
        }
        self.rng ^= self.rng >> 12;
        self.rng ^= self.rng << 25;
        self.rng ^= self.rng >> 27;
        // A uniform index below `seen` by multiply-high (no division).
        let x = self.rng.wrapping_mul(0x2545_f491_4f6c_dd1d);
        let r = ((u128::from(x) * u128::from(self.seen)) >> 64) as u64;
        if let Some(slot) = self.kept.get_mut(r as usize) {
            *slot = v;
        }
    }

    /// Median and interquartile range (p75 - p25) of the values kept.
    pub fn median_iqr(&self) -> Option<(f64, f64)> {
        if self.kept.is_empty() {
            return None;
        }
        let mut v = self.kept.clone();
        v.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let pos = p * (v.len() - 1) as f64;
            let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
            v[lo] + (v[hi] - v[lo]) * (pos - lo as f64)
        };
        Some((q(0.5), q(0.75) - q(0.25)))
    }

    /// `true` once values were dropped from the sample.
    pub fn estimated(&self) -> bool {
        self.seen > MAX_SAMPLES as u64
    }
}

/// A request waiting for its reply.
#[derive(Debug, Clone)]
struct Outstanding {
    frame: u64,
    time: Option<CaptureTime>,
    header: TimeHeader,
    key_id: Option<u32>,
}

/// Everything kept about one flow.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    /// Packets from the client.
    pub requests: u64,
    /// Packets from the server.
    pub replies: u64,
    /// Bit `m` set when mode `m` was seen (any direction).
    pub modes: u8,
    /// Bit `v` set when version `v` was seen.
    pub versions: u8,
    /// Kiss codes seen, with their frames (at most 8 codes).
    pub kiss: Vec<([u8; 4], Evidence)>,
    /// Offsets θ of matched pairs, seconds.
    pub offsets: Samples,
    /// Delays δ of matched pairs, seconds.
    pub delays: Samples,
    /// Matched pairs.
    pub pairs: u64,
    /// Interleaved pairs among them.
    pub interleaved: u64,
    /// Mode 1 requests left unanswered.
    pub mode1_unanswered: Evidence,
    /// Mode 1 requests answered.
    pub mode1_answered: Evidence,
    /// Mode 3 requests left unanswered.
    pub mode3_unanswered: Evidence,
    /// Mode 3 requests answered.
    pub mode3_answered: Evidence,
    /// Signed (MAC) requests left unanswered.
    pub signed_unanswered: Evidence,
    /// Signed requests answered.
    pub signed_answered: Evidence,
    /// Key ids of answered signed requests (at most 16).
    pub answered_keys: Vec<u32>,
    /// Key ids of unanswered signed requests never answered (at most 16).
    pub silent_keys: Vec<u32>,
    /// Versions of the unanswered mode 1 requests (bit per version).
    pub mode1_versions: u8,
    /// Crypto-NAK replies.
    pub crypto_nak: Evidence,
    /// Replies from a server not synchronized.
    pub unsynchronized: Evidence,
    /// Replies whose origin matches no request of the flow.
    pub bogus: Evidence,
    /// Pairs whose versions differ.
    pub version_mismatch: Evidence,
    /// NTS rule breaks.
    pub nts_broken: Evidence,
    /// Packets the strict reading refused.
    pub errors: Evidence,
    /// Control (mode 6) packets.
    pub control: u64,
    /// Private (mode 7) packets.
    pub private: u64,
    /// NTPv5 packets.
    pub ntpv5: u64,
    /// Requests evicted from the pairing state before a reply could come.
    pub evicted: u64,
    /// Mode 7 monitor-list requests (CVE-2013-5211).
    pub monlist: Evidence,
    /// Mode 6 requests a reflector can be abused with
    /// (`is_amplification_request`).
    pub amplification: Evidence,
    /// Octets of the requests, mode 6 then mode 7 ([`CONTROL`],
    /// [`PRIVATE`]), for the amplification factor.
    pub query_octets: [u64; 2],
    /// Octets of the responses, mode 6 then mode 7.
    pub answer_octets: [u64; 2],
    /// The responses, mode 6 then mode 7.
    pub answers: [Evidence; 2],
    /// NTPv5 requests answered (the client cookie echoed).
    pub v5_answered: Evidence,
    /// NTPv5 requests left unanswered.
    pub v5_unanswered: Evidence,
    outstanding: VecDeque<Outstanding>,
    v5_outstanding: VecDeque<V5Request>,
}

/// Index of mode 6 in [`Flow::query_octets`] and its siblings.
pub const CONTROL: usize = 0;
/// Index of mode 7.
pub const PRIVATE: usize = 1;

/// An NTPv5 request waiting for its reply: frame, capture time, client
/// cookie, Draft Identification.
#[derive(Debug, Clone)]
struct V5Request {
    frame: u64,
    time: Option<CaptureTime>,
    cookie: u64,
    draft: Option<String>,
}

/// The most NTPv5 requests awaiting a reply per flow (the oldest is
/// counted unanswered when a newer one does not fit).
pub const MAX_V5_OUTSTANDING_PER_FLOW: usize = 16;

/// What pairing found for a reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Pairing {
    /// Matched: the request's frame and the check.
    Matched {
        /// Frame of the request.
        request: u64,
        /// The library's verdict, offset and delay.
        check: PairCheck,
    },
    /// A reply whose origin matches no outstanding request of its flow.
    Unmatched,
}

/// All flows.
#[derive(Default)]
pub struct Flows {
    map: HashMap<FlowKey, Flow, BuildHasherDefault<FxHasher>>,
    /// Packets of flows beyond [`MAX_FLOWS`].
    pub overflow: Flow,
    /// Flows beyond the limit.
    pub overflow_flows: u64,
    outstanding: usize,
    /// Requests evicted in all.
    pub evicted: u64,
    /// The NTP ports, to tell client from server for packets without a
    /// client or server mode.
    ports: Vec<u16>,
}

fn is_ntp_port(ports: &[u16], a: Option<SocketAddr>) -> bool {
    a.is_some_and(|a| ports.contains(&a.port()))
}

/// Which end sent `p`: by mode for time packets, by port for the rest.
pub fn role(
    p: &NtpPacket,
    src: Option<SocketAddr>,
    dst: Option<SocketAddr>,
    ports: &[u16],
) -> Role {
    if p.header.is_some() {
        match p.mode {
            1 | 3 => return Role::Client,
            2 | 4 | 5 => return Role::Server,
            _ => {}
        }
    }
    match p.view.as_deref() {
        Some(ntp::View::Control(c)) => {
            return if c.response {
                Role::Server
            } else {
                Role::Client
            }
        }
        Some(ntp::View::Private(c)) => {
            return if c.response {
                Role::Server
            } else {
                Role::Client
            }
        }
        Some(ntp::View::V5(v)) if matches!(v.mode, 3 | 4) => {
            return if v.mode == 3 {
                Role::Client
            } else {
                Role::Server
            }
        }
        _ => {}
    }
    match (is_ntp_port(ports, src), is_ntp_port(ports, dst)) {
        (false, true) => Role::Client,
        (true, false) => Role::Server,
        _ => {
            if p.kind == Kind::Ntpv5 && p.octet0.is_some_and(|o| o.mode == 4) {
                return Role::Server;
            }
            if src <= dst {
                Role::Client
            } else {
                Role::Server
            }
        }
    }
}

impl Flows {
    /// No flows yet; `ports` are the NTP ports in use.
    pub fn new(ports: Vec<u16>) -> Flows {
        Flows {
            ports,
            ..Flows::default()
        }
    }

    /// The flows, for the summary and the findings.
    pub fn iter(&self) -> impl Iterator<Item = (&FlowKey, &Flow)> {
        self.map.iter()
    }

    /// Number of flows tracked.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// `true` when no flow was seen.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Takes in one NTP packet; for a reply, what pairing found.
    pub fn observe(
        &mut self,
        frame: u64,
        time: Option<CaptureTime>,
        src: Option<SocketAddr>,
        dst: Option<SocketAddr>,
        p: &NtpPacket,
    ) -> Option<Pairing> {
        let role = role(p, src, dst, &self.ports);
        let key = match role {
            Role::Client => FlowKey {
                client: src.map(|a| a.ip()),
                server: dst,
            },
            Role::Server => FlowKey {
                client: dst.map(|a| a.ip()),
                server: src,
            },
        };
        let full = self.map.len() >= MAX_FLOWS;
        let flow = if full && !self.map.contains_key(&key) {
            self.overflow_flows += 1;
            let f = &mut self.overflow;
            count(f, role, frame, p);
            return None;
        } else {
            self.map.entry(key).or_default()
        };
        count(flow, role, frame, p);
        if let Some(now) = time {
            self.outstanding -= expire(flow, now);
        }
        if let Some(ntp::View::V5(v)) = p.view.as_deref() {
            v5_observe(flow, role, frame, time, v);
            return None;
        }
        let mut h = p.header?;
        if p.kind != Kind::Time {
            return None;
        }
        // The mode it acts in (an NTPv1 packet's comes from its ports).
        h.mode = p.mode;
        match role {
            Role::Client if ntp::is_request_mode(h.mode) => {
                if flow.outstanding.len() >= MAX_OUTSTANDING_PER_FLOW
                    || self.outstanding >= MAX_OUTSTANDING
                {
                    if flow.outstanding.pop_front().is_some() {
                        self.outstanding -= 1;
                    }
                    flow.evicted += 1;
                    self.evicted += 1;
                }
                if self.outstanding < MAX_OUTSTANDING {
                    flow.outstanding.push_back(Outstanding {
                        frame,
                        time,
                        header: h,
                        key_id: p.mac_key_id(),
                    });
                    self.outstanding += 1;
                }
                None
            }
            Role::Server if matches!(h.mode, 1 | 2 | 4) => {
                let key = ntp::reply_key(&h);
                let found = flow.outstanding.iter().enumerate().find_map(|(i, r)| {
                    let (xmt, rec) = ntp::request_keys(&r.header);
                    if xmt == key {
                        Some((i, Match::Basic))
                    } else if rec == Some(key) {
                        Some((i, Match::Interleaved))
                    } else {
                        None
                    }
                });
                let Some((i, matched)) = found else {
                    // Payloads given as hex or raw files have no flow to
                    // speak of: an unmatched one is no finding.
                    src?;
                    flow.bogus.add(frame);
                    return Some(Pairing::Unmatched);
                };
                let req = flow.outstanding.remove(i)?;
                self.outstanding -= 1;
                let check = ntp::check_pair(&req.header, req.time, &h, time, matched);
                record_pair(flow, &req, frame, p, &check);
                Some(Pairing::Matched {
                    request: req.frame,
                    check,
                })
            }
            _ => None,
        }
    }

    /// End of input: every request still waiting is unanswered.
    pub fn finish(&mut self) {
        for flow in self.map.values_mut() {
            while let Some(r) = flow.outstanding.pop_front() {
                unanswered(flow, &r);
            }
            while let Some(r) = flow.v5_outstanding.pop_front() {
                v5_unanswered(flow, &r);
            }
        }
        self.outstanding = 0;
    }
}

fn count(flow: &mut Flow, role: Role, frame: u64, p: &NtpPacket) {
    match role {
        Role::Client => flow.requests += 1,
        Role::Server => flow.replies += 1,
    }
    if let Some(o) = p.octet0 {
        flow.modes |= 1 << o.mode;
        flow.versions |= 1 << o.version;
    }
    match p.kind {
        Kind::Control => flow.control += 1,
        Kind::Private => flow.private += 1,
        Kind::Ntpv5 => flow.ntpv5 += 1,
        _ => {}
    }
    if let Some(e) = &p.error {
        flow.errors.add_noted(frame, || e.message.clone());
    }
    match p.view.as_deref() {
        Some(ntp::View::Control(c)) if c.response => {
            flow.answer_octets[CONTROL] += p.len as u64;
            flow.answers[CONTROL].add(frame);
        }
        Some(ntp::View::Control(c)) => {
            flow.query_octets[CONTROL] += p.len as u64;
            if c.amplification {
                flow.amplification.add_noted(frame, || {
                    format!("{} request, {} octets", c.opcode_text(), p.len)
                });
            }
        }
        Some(ntp::View::Private(c)) if c.response => {
            flow.answer_octets[PRIVATE] += p.len as u64;
            flow.answers[PRIVATE].add(frame);
        }
        Some(ntp::View::Private(c)) => {
            flow.query_octets[PRIVATE] += p.len as u64;
            if c.monlist {
                flow.monlist.add_noted(frame, || {
                    format!(
                        "request code {}, implementation {}, {} octets",
                        c.request_code, c.implementation, p.len
                    )
                });
            }
        }
        _ => {}
    }
    if let Some(ntp::Nts::Broken(e)) = &p.nts {
        flow.nts_broken.add_noted(frame, || e.message.clone());
    }
    if role == Role::Server && p.kind == Kind::Time {
        if let Some(code) = p.kiss_code() {
            if let Some((_, ev)) = flow.kiss.iter_mut().find(|(c, _)| *c == code) {
                ev.add(frame);
            } else if flow.kiss.len() < 8 {
                let mut ev = Evidence::default();
                ev.add(frame);
                flow.kiss.push((code, ev));
            }
        }
        if let (Some(h), None) = (p.header, p.kiss_code()) {
            if ntp::is_unsynchronized(&h) {
                flow.unsynchronized.add_noted(frame, || {
                    format!(
                        "leap {}, stratum {}, reference {}",
                        h.leap,
                        h.stratum,
                        ntp::reference_text(&h)
                    )
                });
            }
        }
        if p.is_crypto_nak() {
            flow.crypto_nak.add(frame);
        }
    }
}

fn v5_observe(
    flow: &mut Flow,
    role: Role,
    frame: u64,
    time: Option<CaptureTime>,
    v: &crate::kinds::v5::View,
) {
    match role {
        Role::Client if v.mode == 3 => {
            if flow.v5_outstanding.len() >= MAX_V5_OUTSTANDING_PER_FLOW {
                if let Some(r) = flow.v5_outstanding.pop_front() {
                    v5_unanswered(flow, &r);
                }
            }
            flow.v5_outstanding.push_back(V5Request {
                frame,
                time,
                cookie: v.client_cookie,
                draft: v.draft().map(str::to_string),
            });
        }
        Role::Server if v.mode == 4 => {
            let at = flow
                .v5_outstanding
                .iter()
                .position(|r| r.cookie == v.client_cookie);
            if let Some(r) = at.and_then(|i| flow.v5_outstanding.remove(i)) {
                flow.v5_answered.add(r.frame);
            }
        }
        _ => {}
    }
}

fn v5_unanswered(flow: &mut Flow, r: &V5Request) {
    let draft = r.draft.clone();
    flow.v5_unanswered.add_noted(r.frame, || match draft {
        Some(d) => format!("Draft Identification {d:?}"),
        None => "no Draft Identification field".into(),
    });
}

/// Forgets the requests older than the reply window; returns how many.
fn expire(flow: &mut Flow, now: CaptureTime) -> usize {
    while let Some(r) = flow.v5_outstanding.front() {
        let old = r
            .time
            .is_some_and(|t| now.secs.saturating_sub(t.secs) > REPLY_WINDOW_SECS);
        if !old {
            break;
        }
        if let Some(r) = flow.v5_outstanding.pop_front() {
            v5_unanswered(flow, &r);
        }
    }
    let mut n = 0;
    while let Some(r) = flow.outstanding.front() {
        let old = r
            .time
            .is_some_and(|t| now.secs.saturating_sub(t.secs) > REPLY_WINDOW_SECS);
        if !old {
            break;
        }
        if let Some(r) = flow.outstanding.pop_front() {
            unanswered(flow, &r);
            n += 1;
        }
    }
    n
}

fn unanswered(flow: &mut Flow, r: &Outstanding) {
    match r.header.mode {
        1 => {
            flow.mode1_unanswered.add(r.frame);
            flow.mode1_versions |= 1 << r.header.version;
        }
        _ => flow.mode3_unanswered.add(r.frame),
    }
    if let Some(k) = r.key_id {
        flow.signed_unanswered.add(r.frame);
        if !flow.silent_keys.contains(&k) && flow.silent_keys.len() < 16 {
            flow.silent_keys.push(k);
        }
    }
}

fn record_pair(flow: &mut Flow, req: &Outstanding, frame: u64, p: &NtpPacket, c: &PairCheck) {
    flow.pairs += 1;
    if c.matched == Match::Interleaved {
        flow.interleaved += 1;
    }
    match req.header.mode {
        1 => flow.mode1_answered.add(req.frame),
        _ => flow.mode3_answered.add(req.frame),
    }
    if let Some(k) = req.key_id {
        flow.signed_answered.add(req.frame);
        if !flow.answered_keys.contains(&k) && flow.answered_keys.len() < 16 {
            flow.answered_keys.push(k);
        }
    }
    if c.version_mismatch {
        let (a, b) = (req.header.version, p.header.map_or(0, |h| h.version));
        flow.version_mismatch
            .add_noted(frame, || format!("request version {a}, reply version {b}"));
    }
    if let Some(o) = c.offset {
        flow.offsets.add(o);
    }
    if let Some(d) = c.delay {
        flow.delays.add(d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packet(mode: u8, version: u8, origin: u64, receive: u64, transmit: u64) -> NtpPacket {
        let mut b = [0u8; 48];
        b[0] = version << 3 | mode;
        b[1] = if mode == 4 || mode == 2 { 2 } else { 0 };
        b[12..16].copy_from_slice(&[192, 0, 2, 1]);
        b[24..32].copy_from_slice(&origin.to_be_bytes());
        b[32..40].copy_from_slice(&receive.to_be_bytes());
        b[40..48].copy_from_slice(&transmit.to_be_bytes());
        ntp::decode(&b, None)
    }

    fn addr(s: &str) -> Option<SocketAddr> {
        Some(s.parse().unwrap())
    }

    fn t(secs: i64) -> Option<CaptureTime> {
        Some(CaptureTime { secs, nanos: 0 })
    }

    const C: &str = "10.0.0.1:40000";
    const S: &str = "10.0.0.2:123";

    #[test]
    fn reply_pairs_by_origin_and_mode1_unanswered_counts() {
        let mut f = Flows::new(vec![123]);
        let x = 0xe000_0000_0000_0000u64;
        assert_eq!(
            f.observe(1, t(100), addr(C), addr(S), &packet(1, 3, 0, 0, x)),
            None
        );
        assert_eq!(
            f.observe(2, t(101), addr(C), addr(S), &packet(3, 3, 0, 0, x + 1)),
            None
        );
        let r = f.observe(
            3,
            t(101),
            addr(S),
            addr(C),
            &packet(4, 3, x + 1, x + 2, x + 3),
        );
        match r {
            Some(Pairing::Matched { request: 2, check }) => {
                assert_eq!(check.matched, Match::Basic);
                assert_eq!(check.rejection, None);
            }
            other => panic!("{other:?}"),
        }
        // A reply nobody asked for.
        assert_eq!(
            f.observe(4, t(102), addr(S), addr(C), &packet(4, 3, 77, x, x)),
            Some(Pairing::Unmatched)
        );
        f.finish();
        let (k, flow) = f.iter().next().unwrap();
        assert_eq!((k.client, k.server), (addr(C).map(|a| a.ip()), addr(S)));
        assert_eq!((flow.requests, flow.replies, flow.pairs), (2, 2, 1));
        assert_eq!(flow.mode1_unanswered.first, vec![1]);
        assert_eq!(flow.mode1_versions, 1 << 3);
        assert_eq!(flow.mode3_answered.first, vec![2]);
        assert_eq!(flow.bogus.first, vec![4]);
        assert_eq!(flow.modes, 1 << 1 | 1 << 3 | 1 << 4);
    }

    #[test]
    fn interleaved_reply_matches_the_receive_timestamp() {
        let mut f = Flows::new(vec![123]);
        f.observe(1, t(1), addr(C), addr(S), &packet(3, 4, 5, 0x1234, 0x9999));
        let r = f.observe(2, t(1), addr(S), addr(C), &packet(4, 4, 0x1234, 7, 8));
        match r {
            Some(Pairing::Matched { request: 1, check }) => {
                assert_eq!(check.matched, Match::Interleaved);
                assert!(check.offset.is_none());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn old_requests_expire_and_bounds_evict() {
        let mut f = Flows::new(vec![123]);
        f.observe(1, t(0), addr(C), addr(S), &packet(3, 4, 0, 0, 1));
        f.observe(
            2,
            t(REPLY_WINDOW_SECS + 1),
            addr(C),
            addr(S),
            &packet(3, 4, 0, 0, 2),
        );
        let flow = f.iter().next().unwrap().1;
        assert_eq!(flow.mode3_unanswered.first, vec![1]);
        let mut f = Flows::new(vec![123]);
        for i in 0..=MAX_OUTSTANDING_PER_FLOW as u64 {
            f.observe(i + 1, None, addr(C), addr(S), &packet(3, 4, 0, 0, i + 1));
        }
        assert_eq!(f.evicted, 1);
        f.finish();
        let flow = f.iter().next().unwrap().1;
        assert_eq!(flow.mode3_unanswered.count, MAX_OUTSTANDING_PER_FLOW as u64);
    }

    #[test]
    fn version_mismatch_is_evidence() {
        let mut f = Flows::new(vec![123]);
        let x = 0xe000_0000_0000_0000u64;
        f.observe(1, t(1), addr(C), addr(S), &packet(3, 3, 0, 0, x));
        let r = f.observe(2, t(1), addr(S), addr(C), &packet(4, 4, x, x + 1, x + 2));
        match r {
            Some(Pairing::Matched { request: 1, check }) => {
                assert!(check.version_mismatch);
                assert_eq!(
                    check.rejection.as_deref(),
                    Some("version mismatch: request was NTPv3, reply is NTPv4")
                );
            }
            other => panic!("{other:?}"),
        }
        let flow = f.iter().next().unwrap().1;
        assert_eq!(flow.version_mismatch.first, vec![2]);
        assert_eq!(
            flow.version_mismatch.note.as_deref(),
            Some("request version 3, reply version 4")
        );
    }

    #[test]
    fn samples_median_and_iqr() {
        let mut s = Samples::default();
        for v in [5.0, 1.0, 3.0, 2.0, 4.0] {
            s.add(v);
        }
        assert_eq!(s.median_iqr(), Some((3.0, 2.0)));
        assert!(!s.estimated());
        for _ in 0..MAX_SAMPLES {
            s.add(3.0);
        }
        assert!(s.estimated());
        assert_eq!(s.median_iqr().unwrap().0, 3.0);
    }

    #[test]
    fn role_by_r_bit_then_by_port() {
        // A control request (R clear) is the client's whatever the ports.
        let p = ntp::decode(&[0x16, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], None);
        assert_eq!(role(&p, addr(C), addr(S), &[123]), Role::Client);
        assert_eq!(role(&p, addr(S), addr(C), &[123]), Role::Client);
        // A response (R set) is the server's.
        let p = ntp::decode(&[0x16, 0x82, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], None);
        assert_eq!(role(&p, addr(C), addr(S), &[123]), Role::Server);
        // Too short for a view: by port.
        let p = ntp::decode(&[0x16, 2], None);
        assert_eq!(role(&p, addr(C), addr(S), &[123]), Role::Client);
        assert_eq!(role(&p, addr(S), addr(C), &[123]), Role::Server);
    }
}
