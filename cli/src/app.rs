//! The run: inputs through the layers into the outputs, and the exit code.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use crate::args::{Args, ColorChoice, FrameRange};
use crate::flows::{Flows, Pairing};
use crate::frag::{Abandoned, Reassembler};
use crate::input::{self, Damage, Frame, Sink, LINK_PAYLOAD};
use crate::link::{self, Datagram, Layer};
use crate::ntp::{self, CaptureTime, NtpPacket};
use crate::output::{self, Shown, Style};
use crate::report;

/// Exit status: every packet decoded.
pub const EXIT_OK: u8 = 0;
/// Exit status: a packet failed to decode.
pub const EXIT_PACKET: u8 = 1;
/// Exit status: an input is damaged or unreadable.
pub const EXIT_INPUT: u8 = 3;

/// Which packets the per-packet output shows, and which traffic counts.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Shown: only these modes.
    pub modes: Vec<u8>,
    /// Analysed and shown: only traffic of these hosts.
    pub hosts: Vec<IpAddr>,
    /// Shown: only kiss-o'-death.
    pub kod_only: bool,
    /// Shown: only packets with an error or a broken rule.
    pub errors_only: bool,
    /// Analysed and shown: only these frames.
    pub frames: Option<FrameRange>,
}

/// Counts for the closing report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Frames read.
    pub frames: u64,
    /// NTP packets (UDP payloads on an NTP port).
    pub ntp: u64,
    /// NTP packets the strict reading refused.
    pub failed: u64,
    /// Frames whose link, IP or UDP layer is cut short or corrupt.
    pub broken: u64,
    /// IPv6 fragments (not reassembled).
    pub ipv6_fragments: u64,
    /// IPv4 datagrams reassembled.
    pub reassembled: u64,
    /// IPv4 datagrams given up.
    pub abandoned: u64,
    /// Frames of link types the tool does not read, by link type.
    pub unsupported: BTreeMap<u32, u64>,
    /// Hex lines or payloads that were not octets.
    pub bad_input: u64,
    /// Inputs damaged or unreadable.
    pub damaged: u64,
}

/// The state of a run.
pub struct Engine<W: Write> {
    out: W,
    style: Style,
    json: bool,
    per_packet: bool,
    ports: Vec<u16>,
    filters: Filters,
    frag: Reassembler,
    /// Flows and pairing.
    pub flows: Flows,
    /// Counts.
    pub totals: Totals,
    base: u64,
    last: u64,
    notices: Vec<String>,
    /// The first write error, which ends the output (a closed pipe).
    pub write_error: Option<io::Error>,
    /// The Windows machine's peer list and role, for --explain.
    pub windows: report::WindowsConfig,
    progress: Option<indicatif::ProgressBar>,
}

/// Notices kept for the closing report (the rest are counted).
const MAX_NOTICES: usize = 20;

impl<W: Write> Engine<W> {
    /// A run writing to `out`.
    pub fn new(
        out: W,
        style: Style,
        json: bool,
        per_packet: bool,
        extra_ports: &[u16],
        filters: Filters,
    ) -> Engine<W> {
        let mut ports = vec![123];
        ports.extend(extra_ports.iter().copied().filter(|p| *p != 123));
        Engine {
            out,
            style,
            json,
            per_packet,
            flows: Flows::new(ports.clone()),
            ports,
            filters,
            frag: Reassembler::new(),
            totals: Totals::default(),
            base: 0,
            last: 0,
            notices: Vec::new(),
            write_error: None,
            windows: report::WindowsConfig::default(),
            progress: None,
        }
    }

    fn notice(&mut self, kind: &str, frame: Option<u64>, message: String) {
        if self.json {
            let v = serde_json::json!({ "frame": frame, "message": message });
            if let Err(e) = output::json_notice(&mut self.out, kind, v) {
                self.write_error.get_or_insert(e);
            }
        }
        if self.notices.len() < MAX_NOTICES {
            match frame {
                Some(f) => self.notices.push(format!("frame {f}: {message}")),
                None => self.notices.push(message),
            }
        }
    }

    fn is_ntp(&self, d: &Datagram<'_>) -> bool {
        self.ports.contains(&d.src.port()) || self.ports.contains(&d.dst.port())
    }

    fn host_ok(&self, src: Option<SocketAddr>, dst: Option<SocketAddr>) -> bool {
        self.filters.hosts.is_empty()
            || [src, dst]
                .iter()
                .flatten()
                .any(|a| self.filters.hosts.contains(&a.ip()))
    }

    fn shown(&self, p: &NtpPacket) -> bool {
        let f = &self.filters;
        if !f.modes.is_empty() && !p.octet0.is_some_and(|o| f.modes.contains(&o.mode)) {
            return false;
        }
        if f.kod_only && p.kiss_code().is_none() {
            return false;
        }
        let broken = p.error.is_some() || matches!(p.nts, Some(ntp::Nts::Broken(_)));
        !f.errors_only || broken
    }

    #[allow(clippy::too_many_arguments)]
    fn packet(
        &mut self,
        frame: &Frame<'_>,
        number: u64,
        src: Option<SocketAddr>,
        dst: Option<SocketAddr>,
        vlan: Option<u16>,
        fragments: &[u64],
        payload: &[u8],
    ) {
        if !self.host_ok(src, dst) {
            return;
        }
        self.totals.ntp += 1;
        let p = ntp::decode(payload, src.zip(dst).map(|(s, d)| (s.port(), d.port())));
        if p.error.is_some() {
            self.totals.failed += 1;
        }
        let pairing: Option<Pairing> = self.flows.observe(number, frame.time, src, dst, &p);
        if !self.per_packet || !self.shown(&p) || self.write_error.is_some() {
            return;
        }
        let s = Shown {
            frame: number,
            time: frame.time,
            interface: frame.interface,
            link_type: frame.link_type,
            wire_len: frame.orig_len,
            src,
            dst,
            vlan,
            fragments,
            ntp: &p,
            pairing: pairing.as_ref(),
            payload,
        };
        let r = if self.json {
            output::json(&mut self.out, &s)
        } else {
            output::text(&mut self.out, &s, self.style)
        };
        if let Err(e) = r {
            self.write_error = Some(e);
        }
    }

    fn abandoned(&mut self, list: Vec<Abandoned>) {
        for a in list {
            self.totals.abandoned += 1;
            let frames: Vec<String> = a.frames.iter().map(u64::to_string).collect();
            self.notice(
                "fragments",
                a.frames.first().copied(),
                format!(
                    "IPv4 datagram {} -> {} id {:#06x} not reassembled ({}): frames {}",
                    a.src,
                    a.dst,
                    a.id,
                    a.reason,
                    frames.join(", ")
                ),
            );
        }
    }

    /// Starts the next input: frame numbers go on from the last one.
    pub fn next_input(&mut self) {
        self.base = self.last;
    }

    /// Reads one input.
    pub fn read_input<R: io::Read + Send>(&mut self, name: &str, input: R) {
        self.next_input();
        if let Err(d) = input::read(input, self) {
            self.damage(name, d);
        }
    }

    fn damage(&mut self, name: &str, d: Damage) {
        self.totals.damaged += 1;
        self.notice(
            "damage",
            None,
            format!(
                "{name}: damaged at octet {} (after frame {}): {}",
                d.offset, self.last, d.message
            ),
        );
    }

    /// Ends the run: flushes pairing and reassembly, writes the reports,
    /// returns the exit status.
    pub fn finish(&mut self, summary: bool, explain: bool) -> u8 {
        if let Some(p) = self.progress.take() {
            p.finish_and_clear();
        }
        let left = self.frag.finish();
        self.abandoned(left);
        self.flows.finish();
        let r = (|| -> io::Result<()> {
            if summary {
                if self.json {
                    report::summary_json(&mut self.out, &self.flows)?;
                } else {
                    report::summary_text(&mut self.out, &self.flows, self.style)?;
                }
            }
            if explain {
                let found = report::findings(&self.flows, &self.windows);
                if self.json {
                    report::explain_json(&mut self.out, &found)?;
                } else {
                    if summary {
                        writeln!(self.out)?;
                    }
                    report::explain_text(&mut self.out, &found, &self.flows, self.style)?;
                }
            }
            self.out.flush()
        })();
        if let Err(e) = r {
            self.write_error.get_or_insert(e);
        }
        self.report_to_stderr();
        if self.totals.damaged > 0 {
            EXIT_INPUT
        } else if self.totals.failed > 0 || self.totals.bad_input > 0 {
            EXIT_PACKET
        } else {
            EXIT_OK
        }
    }

    fn report_to_stderr(&self) {
        let t = &self.totals;
        let mut err = io::stderr().lock();
        for n in &self.notices {
            let _ = writeln!(err, "ntpwire: {n}");
        }
        let mut lines = Vec::new();
        if t.failed > 0 {
            lines.push(format!(
                "{} of {} NTP packets failed to decode",
                t.failed, t.ntp
            ));
        }
        if t.bad_input > 0 {
            lines.push(format!(
                "{} inputs were not valid hex or octets",
                t.bad_input
            ));
        }
        if t.broken > 0 {
            lines.push(format!(
                "{} frames have a link, IP or UDP layer cut short or corrupt",
                t.broken
            ));
        }
        if t.ipv6_fragments > 0 {
            lines.push(format!(
                "{} IPv6 fragments were not reassembled",
                t.ipv6_fragments
            ));
        }
        for (lt, n) in &t.unsupported {
            lines.push(format!(
                "{n} frames of unsupported link type {lt} were skipped"
            ));
        }
        if t.ntp == 0 && t.frames > 0 {
            lines.push(format!(
                "no NTP packet in {} frames (UDP ports {:?}; add --port N for others)",
                t.frames, self.ports
            ));
        }
        for l in lines {
            let _ = writeln!(err, "ntpwire: {l}");
        }
    }
}

impl<W: Write> Sink for Engine<W> {
    fn frame(&mut self, f: &Frame<'_>) {
        let number = self.base + f.number;
        self.last = number;
        self.totals.frames += 1;
        if self.filters.frames.is_some_and(|r| !r.contains(number)) {
            return;
        }
        if f.link_type == LINK_PAYLOAD {
            self.packet(f, number, None, None, None, &[], f.data);
            return;
        }
        match link::udp(f.link_type, f.data, number, f.time, &mut self.frag) {
            Layer::Udp(d) => {
                if self.is_ntp(&d) {
                    self.packet(f, number, Some(d.src), Some(d.dst), d.vlan, &[], d.payload);
                }
            }
            Layer::FragmentHeld => {
                if let Some(c) = self.frag.take_complete() {
                    self.totals.reassembled += 1;
                    match etherparse::UdpSlice::from_slice(&c.data) {
                        Ok(u) => {
                            let d = Datagram {
                                src: SocketAddr::new(IpAddr::V4(c.src), u.source_port()),
                                dst: SocketAddr::new(IpAddr::V4(c.dst), u.destination_port()),
                                payload: u.payload(),
                                vlan: c.vlan,
                                fragments: c.frames.len(),
                            };
                            if self.is_ntp(&d) {
                                self.packet(
                                    f,
                                    number,
                                    Some(d.src),
                                    Some(d.dst),
                                    d.vlan,
                                    &c.frames,
                                    d.payload,
                                );
                            }
                        }
                        Err(e) => {
                            self.totals.broken += 1;
                            self.notice(
                                "broken",
                                Some(number),
                                format!("reassembled UDP datagram: {e}"),
                            );
                        }
                    }
                }
                let gone = self.frag.take_abandoned();
                self.abandoned(gone);
            }
            Layer::Ipv6Fragment { src, dst } => {
                self.totals.ipv6_fragments += 1;
                self.notice(
                    "fragments",
                    Some(number),
                    format!("IPv6 fragment {src} -> {dst}: not reassembled"),
                );
            }
            Layer::Other => {}
            Layer::UnsupportedLink(t) => {
                // At most 64 link types named; the rest counted under u32::MAX.
                let key = if self.totals.unsupported.len() < 64
                    || self.totals.unsupported.contains_key(&t)
                {
                    t
                } else {
                    u32::MAX
                };
                *self.totals.unsupported.entry(key).or_default() += 1;
            }
            Layer::Broken(m) => {
                self.totals.broken += 1;
                self.notice("broken", Some(number), m);
            }
        }
    }

    fn bad_input(&mut self, number: u64, message: String) {
        let number = self.base + number;
        self.last = self.last.max(number);
        self.totals.bad_input += 1;
        self.notice("bad_input", Some(number), message);
    }

    fn progress(&mut self, consumed: u64) {
        if let Some(p) = &self.progress {
            p.set_position(consumed);
        }
    }
}

fn color_on(c: ColorChoice) -> bool {
    match c {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

fn progress_bar(path: &Path) -> Option<indicatif::ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let len = std::fs::metadata(path).ok()?.len();
    if len < 16 << 20 {
        return None;
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(len),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(s) = indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {eta}") {
        bar.set_style(s);
    }
    Some(bar)
}

/// Runs the tool with parsed arguments; returns the exit status.
pub fn run(args: &Args) -> u8 {
    let filters = Filters {
        modes: args.mode.clone(),
        hosts: args.host.clone(),
        kod_only: args.kod_only,
        errors_only: args.errors_only,
        frames: args.frames,
    };
    if let Some(list) = &args.peer_list {
        if let Err(e) = ntp::check_peer_list(list) {
            let _ = writeln!(io::stderr(), "ntpwire: --peer-list {list:?}: {e}");
            return 2;
        }
    }
    let per_packet = !args.summary && !args.explain;
    let stdout = io::stdout();
    let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let style = Style::new(color_on(args.color) && !args.json);
    let mut engine = Engine::new(out, style, args.json, per_packet, &args.port, filters);
    engine.windows = report::WindowsConfig {
        peer_list: args.peer_list.clone(),
        time_server: args.time_server,
    };
    if !args.hex.is_empty() {
        for (i, h) in args.hex.iter().enumerate() {
            match input::parse_hex(h) {
                Ok(bytes) => engine.frame(&input::payload_frame(i as u64 + 1, &bytes)),
                Err(m) => engine.bad_input(i as u64 + 1, format!("invalid hex: {m}")),
            }
        }
    } else if args.files.is_empty() {
        let _ = writeln!(
            io::stderr(),
            "ntpwire: no input: give FILE (- for standard input) or --hex HEX; see --help"
        );
        return 2;
    }
    for path in &args.files {
        let name = path.display().to_string();
        if name == "-" {
            engine.read_input("standard input", io::stdin());
            continue;
        }
        match File::open(path) {
            Ok(f) => {
                engine.progress = progress_bar(path);
                engine.read_input(&name, f);
                if let Some(p) = engine.progress.take() {
                    p.finish_and_clear();
                }
            }
            Err(e) => {
                engine.totals.damaged += 1;
                engine.notice("damage", None, format!("{name}: cannot open: {e}"));
            }
        }
        if engine.write_error.is_some() {
            break;
        }
    }
    engine.finish(args.summary, args.explain)
}

/// Converts a capture time for tests and benches.
pub fn time(secs: i64, nanos: u32) -> CaptureTime {
    CaptureTime { secs, nanos }
}
