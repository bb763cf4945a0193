//! `--summary` (a table of flows) and `--explain` (findings), text and JSON.

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::IpAddr;

use serde::Serialize;

use crate::flows::{Evidence, Flow, FlowKey, Flows};
use crate::ntp;
use crate::output::{secs, Style, SCHEMA_VERSION};

fn bits_list(bits: u8) -> String {
    let v: Vec<String> = (0..8)
        .filter(|b| bits >> b & 1 == 1)
        .map(|b: u8| b.to_string())
        .collect();
    if v.is_empty() {
        "-".into()
    } else {
        v.join(",")
    }
}

fn end<A: std::fmt::Display>(a: Option<A>) -> String {
    a.map_or_else(|| "-".into(), |a| a.to_string())
}

fn kiss_list(flow: &Flow) -> String {
    if flow.kiss.is_empty() {
        return "-".into();
    }
    flow.kiss
        .iter()
        .map(|(c, e)| format!("{}x{}", ntp::kiss_text(*c), e.count))
        .collect::<Vec<_>>()
        .join(",")
}

fn sorted(flows: &Flows) -> Vec<(&FlowKey, &Flow)> {
    let mut v: Vec<_> = flows.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

fn stat(s: &crate::flows::Samples, signed: bool) -> (String, String) {
    match s.median_iqr() {
        None => ("-".into(), "-".into()),
        Some((m, iqr)) => {
            let est = if s.estimated() { "~" } else { "" };
            let m = if signed && m >= 0.0 {
                format!("{est}+{}", secs(m))
            } else {
                format!("{est}{}", secs(m))
            };
            (m, secs(iqr))
        }
    }
}

/// The table of flows.
pub fn summary_text(out: &mut impl Write, flows: &Flows, style: Style) -> io::Result<()> {
    let (b, r) = style.title();
    let head = [
        "client",
        "server",
        "requests",
        "replies",
        "modes",
        "versions",
        "kiss",
        "pairs",
        "offset median",
        "offset IQR",
        "delay median",
        "delay IQR",
        "unanswered",
        "mode 6",
        "mode 7",
        "NTPv5",
    ];
    let mut rows: Vec<[String; 16]> = Vec::new();
    let mut add = |k: Option<&FlowKey>, f: &Flow| {
        let (om, oi) = stat(&f.offsets, true);
        let (dm, di) = stat(&f.delays, false);
        rows.push([
            k.map_or_else(|| "(other flows)".into(), |k| end(k.client)),
            k.map_or_else(|| "-".into(), |k| end(k.server)),
            f.requests.to_string(),
            f.replies.to_string(),
            bits_list(f.modes),
            bits_list(f.versions),
            kiss_list(f),
            f.pairs.to_string(),
            om,
            oi,
            dm,
            di,
            (f.mode1_unanswered.count + f.mode3_unanswered.count + f.v5_unanswered.count)
                .to_string(),
            f.control.to_string(),
            f.private.to_string(),
            f.ntpv5.to_string(),
        ]);
    };
    for (k, f) in sorted(flows) {
        add(Some(k), f);
    }
    if flows.overflow_flows > 0 {
        add(None, &flows.overflow);
    }
    let mut width = head.map(str::len);
    for row in &rows {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.len());
        }
    }
    write!(out, "{b}")?;
    for (h, w) in head.iter().zip(width) {
        write!(out, "{h:<w$}  ")?;
    }
    writeln!(out, "{r}")?;
    for row in &rows {
        for (c, w) in row.iter().zip(width) {
            write!(out, "{c:<w$}  ")?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "\n{}. Offset and delay: matched request/reply pairs, T1 and T4 from the capture's clock (meaningful for a capture taken on the client); IQR = p75 - p25; ~ = estimated from a sample of {} pairs.",
        plural(flows.len() as u64, "flow", "flows"),
        crate::flows::MAX_SAMPLES
    )?;
    if flows.evicted > 0 {
        writeln!(
            out,
            "{} requests were evicted from the pairing state before a reply could come.",
            flows.evicted
        )?;
    }
    if flows.overflow_flows > 0 {
        writeln!(
            out,
            "More than {} flows: the packets of the others are counted together, unpaired.",
            crate::flows::MAX_FLOWS
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JStat {
    median_seconds: f64,
    iqr_seconds: f64,
    samples: u64,
    estimated: bool,
}

fn jstat(s: &crate::flows::Samples) -> Option<JStat> {
    s.median_iqr().map(|(m, i)| JStat {
        median_seconds: m,
        iqr_seconds: i,
        samples: s.seen,
        estimated: s.estimated(),
    })
}

#[derive(Serialize)]
struct JFlow {
    schema_version: u32,
    #[serde(rename = "type")]
    record: &'static str,
    client: Option<String>,
    server: Option<String>,
    requests: u64,
    replies: u64,
    modes: Vec<u8>,
    versions: Vec<u8>,
    kiss_codes: Vec<(String, u64)>,
    pairs: u64,
    interleaved: u64,
    offset: Option<JStat>,
    delay: Option<JStat>,
    unanswered_mode1: u64,
    unanswered_mode3: u64,
    evicted: u64,
    control: u64,
    private: u64,
    ntpv5: u64,
    errors: u64,
    amplification_requests: u64,
    monlist_requests: u64,
    unanswered_ntpv5: u64,
}

fn bit_vec(bits: u8) -> Vec<u8> {
    (0..8).filter(|b| bits >> b & 1 == 1).collect()
}

/// One JSON object per flow.
pub fn summary_json(out: &mut impl Write, flows: &Flows) -> io::Result<()> {
    for (k, f) in sorted(flows) {
        let j = JFlow {
            schema_version: SCHEMA_VERSION,
            record: "flow",
            client: k.client.map(|a| a.to_string()),
            server: k.server.map(|a| a.to_string()),
            requests: f.requests,
            replies: f.replies,
            modes: bit_vec(f.modes),
            versions: bit_vec(f.versions),
            kiss_codes: f
                .kiss
                .iter()
                .map(|(c, e)| (ntp::kiss_text(*c), e.count))
                .collect(),
            pairs: f.pairs,
            interleaved: f.interleaved,
            offset: jstat(&f.offsets),
            delay: jstat(&f.delays),
            unanswered_mode1: f.mode1_unanswered.count,
            unanswered_mode3: f.mode3_unanswered.count,
            evicted: f.evicted,
            control: f.control,
            private: f.private,
            ntpv5: f.ntpv5,
            errors: f.errors.count,
            amplification_requests: f.amplification.count,
            monlist_requests: f.monlist.count,
            unanswered_ntpv5: f.v5_unanswered.count,
        };
        serde_json::to_writer(&mut *out, &j).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

// ---------------------------------------------------------------------
// Findings.

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Time synchronisation fails because of it.
    Error,
    /// Something is off.
    Warning,
    /// Worth knowing.
    Info,
}

/// One finding of `--explain`, with the frames it rests on.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Client end.
    pub client: Option<String>,
    /// Server end.
    pub server: Option<String>,
    /// How much it matters.
    pub severity: Severity,
    /// A short code for scripts: `mode1-unanswered`, `kiss-o-death`, ...
    pub code: &'static str,
    /// One line.
    pub title: String,
    /// The explanation, a line each.
    pub detail: Vec<String>,
    /// Frames it rests on.
    pub frames: Vec<u64>,
}

fn frames_text(e: &Evidence) -> String {
    let v: Vec<String> = e.frames().iter().map(u64::to_string).collect();
    let more = e.count.saturating_sub(e.frames().len() as u64);
    if more > 0 {
        format!("{} and {more} more", v.join(", "))
    } else {
        v.join(", ")
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// What the server ends answered in all flows: mode 3 requests answered,
/// unsigned requests answered.
#[derive(Default)]
struct ServerSeen {
    mode3_answered: Evidence,
}

/// What the administrator told about the Windows machine: its manual peer
/// list (`--peer-list`) and whether it serves time (`--time-server`).
#[derive(Debug, Clone, Default)]
pub struct WindowsConfig {
    /// The `ManualPeerList` text, checked (`ntp::check_peer_list`).
    pub peer_list: Option<String>,
    /// The machine serves time (NtpServer provider enabled).
    pub time_server: bool,
}

/// Builds the findings for every flow.
pub fn findings(flows: &Flows, windows: &WindowsConfig) -> Vec<Finding> {
    let mut servers: HashMap<IpAddr, ServerSeen> = HashMap::new();
    for (k, f) in flows.iter() {
        if let Some(s) = k.server {
            let e = &mut servers.entry(s.ip()).or_default().mode3_answered;
            for fr in f.mode3_answered.frames() {
                e.add(fr);
            }
        }
    }
    let mut out = Vec::new();
    // The servers that left mode 1 requests unanswered, for the peer list.
    let mut silent: Vec<IpAddr> = flows
        .iter()
        .filter(|(_, f)| f.mode1_unanswered.count > 0)
        .filter_map(|(k, _)| k.server.map(|s| s.ip()))
        .collect();
    silent.sort();
    silent.dedup();
    let ctx = Context {
        servers: &servers,
        windows,
        silent: &silent,
    };
    for (k, f) in sorted(flows) {
        flow_findings(k, f, &ctx, &mut out);
    }
    out
}

/// What every flow's findings may look at.
struct Context<'a> {
    servers: &'a HashMap<IpAddr, ServerSeen>,
    windows: &'a WindowsConfig,
    silent: &'a [IpAddr],
}

/// `true` for an address from outside the site: not loopback, private
/// (RFC 1918, RFC 4193), link-local, or unspecified.
pub fn is_outside(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            !(a.is_loopback() || a.is_private() || a.is_link_local() || a.is_unspecified())
        }
        IpAddr::V6(a) => {
            let s = a.segments()[0];
            !(a.is_loopback()
                || a.is_unspecified()
                || (s & 0xfe00) == 0xfc00
                || (s & 0xffc0) == 0xfe80)
        }
    }
}

/// The answers of mode `i` (`flows::CONTROL`, `flows::PRIVATE`) against
/// the requests of that mode in the flow.
fn ratio(f: &Flow, i: usize, mode: u8) -> String {
    if f.answers[i].count == 0 {
        return format!("No mode {mode} response from the server is in the capture.");
    }
    let factor = f.answer_octets[i] as f64 / f.query_octets[i].max(1) as f64;
    format!(
        "The server answered the mode {mode} requests of this flow with {} (frames {}): {} octets for {} octets of requests, {factor:.1} times as many.",
        plural(f.answers[i].count, "response", "responses"),
        frames_text(&f.answers[i]),
        f.answer_octets[i],
        f.query_octets[i]
    )
}

/// A finding that is one count of packets: evidence, severity, code, the
/// packet noun (one, many), what they are or do, the explanation.
type OneCount<'a> = (
    &'a Evidence,
    Severity,
    &'static str,
    (&'static str, &'static str),
    String,
    &'static str,
);

fn flow_findings(k: &FlowKey, f: &Flow, ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let servers = ctx.servers;
    let client = k.client.map(|a| a.to_string());
    let server = k.server.map(|a| a.to_string());
    let who = format!("{} to {}", end(k.client), end(k.server));
    let mut push = |severity, code, title: String, detail: Vec<String>, frames: Vec<u64>| {
        out.push(Finding {
            client: client.clone(),
            server: server.clone(),
            severity,
            code,
            title,
            detail,
            frames,
        })
    };
    let served = k
        .server
        .and_then(|s| servers.get(&s.ip()))
        .map(|s| &s.mode3_answered)
        .filter(|e| e.count > 0);

    if f.mode1_unanswered.count > 0 {
        let e = &f.mode1_unanswered;
        let mut d = Vec::new();
        match served {
            Some(m3) => d.push(format!(
                "The same server answered client (mode 3) requests (frames {}): it serves clients but drops symmetric active packets without a word, as NTPsec 1.2.2 and many servers that answer only clients do. This is the Windows Time peer-flag situation (KB 875424).",
                frames_text(m3)
            )),
            None => d.push(
                "No client-mode answer from this server is in the capture either. A server that answers only clients drops mode 1 silently (NTPsec does); it may also be down or filtered."
                    .into(),
            ),
        }
        if f.mode1_versions & (1 << 3) != 0 {
            d.push("The requests are NTP version 3, as Windows Time sends them.".into());
        }
        let host = k
            .server
            .map_or_else(|| "HOST".into(), |s| s.ip().to_string());
        match &ctx.windows.peer_list {
            Some(list) => match ntp::peer_list_fix(list, ctx.windows.time_server, ctx.silent) {
                Ok(fix) => d.extend(fix.lines()),
                Err(e) => d.push(format!("--peer-list: {e}")),
            },
            None => {
                let advice = ntp::windows_advice();
                let here = |s: &str| s.replace("HOST,", &format!("{host},"));
                d.push(format!(
                    "What makes Windows Time send mode 1, and the fix (ntp_wire::w32time): {}",
                    here(&advice.symmetric_flag)
                ));
                d.push(format!(
                    "On a machine that serves time: {}",
                    here(&advice.default_on_server)
                ));
                d.push(format!(
                    "In short: add the Client flag {} to this peer ({} with the default SpecialInterval 0x1), so that Windows Time sends client (mode 3) requests.",
                    advice.client_flag, advice.fixed_default
                ));
                d.push(
                    "/manualpeerlist replaces the whole list: a command that names only this peer drops every other. For the one command that keeps every peer, run ntpwire again with --peer-list \"LIST\" (the NtpServer value that w32tm /query /configuration shows) and, if this machine serves time, --time-server."
                        .into(),
                );
            }
        }
        push(
            Severity::Error,
            "mode1-unanswered",
            format!(
                "{} from {who} got no reply",
                plural(
                    e.count,
                    "symmetric active (mode 1) request",
                    "symmetric active (mode 1) requests"
                )
            ),
            d,
            e.frames(),
        );
    }

    if f.mode3_unanswered.count > 0 {
        let e = &f.mode3_unanswered;
        let answered = f.mode3_answered.count;
        let mut d = Vec::new();
        let silent: Vec<String> = f
            .silent_keys
            .iter()
            .filter(|k| !f.answered_keys.contains(k))
            .map(u32::to_string)
            .collect();
        if !silent.is_empty() {
            d.push(format!(
                "The unanswered requests are signed (MAC, frames {}) with key id {}, which the server never answered. Silence after a signed request usually means the server does not accept the MAC: a key id it does not know or trust, or another key. chrony and NTPsec drop such requests without a reply; classic ntpd answers with a crypto-NAK.",
                frames_text(&f.signed_unanswered),
                silent.join(", ")
            ));
            if !f.answered_keys.is_empty() {
                let ok: Vec<String> = f.answered_keys.iter().map(u32::to_string).collect();
                d.push(format!(
                    "Requests signed with key id {} were answered.",
                    ok.join(", ")
                ));
            }
            if let Some(m3) = served.filter(|_| answered == 0) {
                d.push(format!(
                    "The server did answer other client requests (frames {}).",
                    frames_text(m3)
                ));
            }
        } else if answered > 0 {
            d.push(format!(
                "{} of {} client requests were answered: the others were lost, or dropped by rate limiting.",
                answered,
                answered + e.count
            ));
        } else if !f.kiss.is_empty() {
            d.push("The server sent kiss-o'-death earlier in this flow (see below): a client that ignores it is dropped.".into());
        } else {
            d.push("No reply at all: the server is down, filtered, or rate-limits without kiss-o'-death.".into());
        }
        push(
            if answered > 0 {
                Severity::Warning
            } else {
                Severity::Error
            },
            "mode3-unanswered",
            format!(
                "{} from {who} got no reply",
                plural(
                    e.count,
                    "client (mode 3) request",
                    "client (mode 3) requests"
                )
            ),
            d,
            e.frames(),
        );
    }

    for (code, e) in &f.kiss {
        push(
            Severity::Error,
            "kiss-o-death",
            format!(
                "Kiss-o'-death {} from {} to {} ({})",
                ntp::kiss_text(*code),
                end(k.server),
                end(k.client),
                plural(e.count, "reply", "replies")
            ),
            vec![
                format!("{}: {}.", ntp::kiss_text(*code), ntp::kiss_meaning(*code)),
                format!("What to do: {}.", ntp::kiss_action(*code)),
            ],
            e.frames(),
        );
    }

    if f.unsynchronized.count > 0 {
        let e = &f.unsynchronized;
        push(
            Severity::Warning,
            "unsynchronized-server",
            format!(
                "{} answered while not synchronized ({})",
                end(k.server),
                plural(e.count, "reply", "replies")
            ),
            vec![
                format!("First: {}.", e.note.clone().unwrap_or_default()),
                "A client does not use such replies (RFC 5905: leap indicator 3, stratum 0 with INIT, or stratum 16). NTPsec answers this way until its first synchronization; it passes once the server synchronizes.".into(),
            ],
            e.frames(),
        );
    }

    // Findings that are one count of packets: (evidence, severity, code,
    // what the packets are, what they do, the explanation after the note
    // of the first one).
    let server = end(k.server);
    let simple: [OneCount<'_>; 5] = [
        (
            &f.crypto_nak,
            Severity::Error,
            "crypto-nak",
            ("crypto-NAK", "crypto-NAKs"),
            format!("from {server}"),
            "The server did not accept the request's MAC (RFC 5905 section 7.5): check the key id and the key on both sides.",
        ),
        (
            &f.bogus,
            Severity::Warning,
            "bogus-origin",
            ("reply", "replies"),
            format!("from {server} match no request"),
            "Their origin timestamp is neither the transmit nor the receive timestamp of a request seen in this flow (RFC 5905 appendix A.5.1.1 calls such a reply bogus): the request was before the capture began, the reply is a late duplicate, or it is forged.",
        ),
        (
            &f.version_mismatch,
            Severity::Warning,
            "version-mismatch",
            ("reply", "replies"),
            format!("from {server} use another version than their request"),
            "chrony and ntpd echo the request's version; some clients drop replies of another version.",
        ),
        (
            &f.nts_broken,
            Severity::Error,
            "nts-rule",
            ("packet", "packets"),
            format!("of {who} with an NTS rule broken"),
            "A server drops an NTS request that breaks RFC 8915 section 5 (unique identifier, one cookie, placeholders of the cookie's size, the authenticator last); a client drops such a response.",
        ),
        (
            &f.errors,
            Severity::Error,
            "decode-error",
            ("packet", "packets"),
            format!("of {who} refused by the strict reading"),
            "",
        ),
    ];
    for (e, severity, code, (one, many), what, why) in simple {
        if e.count == 0 {
            continue;
        }
        let mut detail = Vec::new();
        if let Some(note) = &e.note {
            detail.push(format!("First: {note}."));
        }
        if !why.is_empty() {
            detail.push(why.to_string());
        }
        push(
            severity,
            code,
            format!("{} {what}", plural(e.count, one, many)),
            detail,
            e.frames(),
        );
    }

    if f.monlist.count > 0 {
        let e = &f.monlist;
        let mut detail = vec![
            format!("First: {}.", e.note.clone().unwrap_or_default()),
            "MON_GETLIST and MON_GETLIST_1 ask ntpd for its monitor list: one small, spoofable datagram that ntpd before 4.2.7p26 answered with up to 600 entries in 100 packets, the reflection attacks of CVE-2013-5211 (US-CERT TA14-013A). ntpd 4.2.7p26 and later answer err 4 (no data) in one 8-octet packet; NTPsec and chrony never answer mode 7.".into(),
            ratio(f, crate::flows::PRIVATE, 7),
        ];
        let amplifies =
            f.answer_octets[crate::flows::PRIVATE] > f.query_octets[crate::flows::PRIVATE];
        if amplifies {
            detail.push("The server amplifies: disable mode 7 (remove \"enable mode7\", or \"restrict default noquery\") or upgrade ntpd.".into());
        }
        push(
            if amplifies {
                Severity::Error
            } else {
                Severity::Warning
            },
            "monlist-request",
            format!(
                "{} (mode 7, CVE-2013-5211) from {who}",
                plural(e.count, "monitor-list request", "monitor-list requests")
            ),
            detail,
            e.frames(),
        );
    }

    let outside = k.client.is_some_and(is_outside);
    if f.amplification.count > 0 && outside {
        let e = &f.amplification;
        let mut detail = vec![
            format!("First: {}.", e.note.clone().unwrap_or_default()),
            "An unauthenticated READSTAT, READVAR or READCLOCK request (or READ_MRU with a nonce) from an address outside the site: what scanners and reflection attacks send, since a server answers it with more octets than it has (RFC 9327 section 8: restrict mode 6 to the hosts that monitor).".into(),
            ratio(f, crate::flows::CONTROL, 6),
        ];
        detail.push("If this server need not answer them: restrict default noquery (ntpd, NTPsec), and allow the monitoring hosts only.".into());
        push(
            Severity::Warning,
            "amplification-probe",
            format!(
                "{} (mode 6) from {who}, outside the site: amplification probes",
                plural(e.count, "control request", "control requests")
            ),
            detail,
            e.frames(),
        );
    }

    if f.v5_unanswered.count > 0 {
        let e = &f.v5_unanswered;
        let mut detail = vec![format!("First: {}.", e.note.clone().unwrap_or_default())];
        if f.v5_answered.count > 0 {
            detail.push(format!(
                "The server answered other NTPv5 requests (frames {}): the unanswered ones were lost, or refused by its checks (ntpd-rs drops requests with an unknown timescale, unknown flags or a Draft Identification it does not speak).",
                frames_text(&f.v5_answered)
            ));
        } else {
            detail.push("No NTPv5 reply at all: a server that does not speak NTPv5 (draft-ietf-ntp-ntpv5) drops version 5 silently, as chrony, NTPsec and ntpd do; ntpd-rs answers only its own draft. A client should offer NTPv5 in an NTPv4 request first (the NTP5DRFT reference id) and keep to NTPv4 when the server does not echo it.".into());
        }
        push(
            Severity::Warning,
            "ntpv5-unanswered",
            format!(
                "{} from {who} got no reply",
                plural(e.count, "NTPv5 request", "NTPv5 requests")
            ),
            detail,
            e.frames(),
        );
    }
}

/// Writes the findings as text.
pub fn explain_text(
    out: &mut impl Write,
    found: &[Finding],
    flows: &Flows,
    style: Style,
) -> io::Result<()> {
    if found.iter().all(|f| f.severity == Severity::Info) {
        writeln!(
            out,
            "No problem found in {}: every request was answered with a usable reply.",
            plural(flows.len() as u64, "flow", "flows")
        )?;
    }
    for f in found {
        let (c, r) = match f.severity {
            Severity::Error => style.bad(),
            Severity::Warning => style.warn(),
            Severity::Info => style.title(),
        };
        let tag = match f.severity {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "NOTE",
        };
        writeln!(out, "{c}{tag}{r}: {}", f.title)?;
        for line in &f.detail {
            writeln!(out, "  {line}")?;
        }
        if !f.frames.is_empty() {
            let v: Vec<String> = f.frames.iter().map(u64::to_string).collect();
            writeln!(out, "  Frames: {}", v.join(", "))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JFinding<'a> {
    schema_version: u32,
    #[serde(rename = "type")]
    record: &'static str,
    #[serde(flatten)]
    finding: &'a Finding,
}

/// One JSON object per finding.
pub fn explain_json(out: &mut impl Write, found: &[Finding]) -> io::Result<()> {
    for f in found {
        let j = JFinding {
            schema_version: SCHEMA_VERSION,
            record: "finding",
            finding: f,
        };
        serde_json::to_writer(&mut *out, &j).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
