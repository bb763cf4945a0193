//! The command line, after tshark's and tcpdump's habits.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  ntpwire capture.pcapng                     every NTP packet, field by field
  ntpwire --explain capture.pcap             why requests went unanswered
  ntpwire --summary capture.pcap             one line per client/server flow
  ntpwire --explain --peer-list \"a,0x1 b,0x9\" --time-server w.pcap
                                             the one w32tm command for the whole list
  ntpwire --json capture.pcap | jq .         JSON Lines (schema in cli/README.md)
  ntpwire --port 12300 chrony.pcap           NTP on a port other than 123
  ntpwire --mode 1 --host 192.0.2.1 cap.pcap symmetric active packets of one host
  ntpwire --frames 10-20 --errors-only x.pcap
  ntpwire --hex 2408fee600000000...          a UDP payload typed as hex
  tcpdump -i any -w - port 123 | ntpwire -   a live capture on standard input

Exit status: 0 when every packet decoded, 1 when a packet failed to decode,
2 for a usage error, 3 when an input is damaged or unreadable.";

/// How colours are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colours when standard output is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colours.
    Always,
    /// Never colours.
    Never,
}

/// `ntpwire`: NTP in captures, explained.
#[derive(Debug, Parser)]
#[command(
    name = "ntpwire",
    version,
    about = "Decode and explain NTP in pcap/pcapng captures, raw payloads or hex",
    after_help = EXAMPLES
)]
pub struct Args {
    /// pcap, pcapng or raw UDP payload files, or hex text (one packet a
    /// line); `-` for standard input.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// UDP payloads typed as hex (spaces and colons allowed), instead of files.
    #[arg(long, value_name = "HEX", num_args = 1.., conflicts_with = "files")]
    pub hex: Vec<String>,

    /// One JSON object per line (JSON Lines): packets, and with --summary or
    /// --explain the flows and findings.
    #[arg(long)]
    pub json: bool,

    /// A table of flows (client, server): requests, replies, modes,
    /// versions, kiss codes, offset and delay; no per-packet output.
    #[arg(long)]
    pub summary: bool,

    /// Findings: unanswered requests and their likely reason, kiss-o'-death,
    /// unsynchronised servers, bogus origins, MAC and NTS mistakes; no
    /// per-packet output.
    #[arg(long)]
    pub explain: bool,

    /// Also treat this UDP port as NTP (123 always is). Repeatable.
    #[arg(long, value_name = "N")]
    pub port: Vec<u16>,

    /// Show only packets of this mode (0-7). Repeatable.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=7))]
    pub mode: Vec<u8>,

    /// Only traffic to or from this address. Repeatable.
    #[arg(long, value_name = "ADDR")]
    pub host: Vec<IpAddr>,

    /// Show only kiss-o'-death packets.
    #[arg(long)]
    pub kod_only: bool,

    /// Show only packets that failed to decode or break a rule.
    #[arg(long)]
    pub errors_only: bool,

    /// Only frames in this range: N, N-M, N- or -M (1-based, as tshark counts).
    #[arg(long, value_name = "RANGE", value_parser = parse_range)]
    pub frames: Option<FrameRange>,

    /// The Windows machine's manual peer list (the NtpServer value of `w32tm
    /// /query /configuration`), for --explain: the one command that fixes
    /// every peer that gets mode 1, keeping the others.
    #[arg(long, value_name = "LIST")]
    pub peer_list: Option<String>,

    /// The Windows machine serves time (NtpServer provider enabled), for
    /// --peer-list.
    #[arg(long)]
    pub time_server: bool,

    /// Colours: auto, always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// An inclusive range of frame numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRange {
    /// First frame.
    pub first: u64,
    /// Last frame.
    pub last: u64,
}

impl FrameRange {
    /// `true` when `n` is in the range.
    pub fn contains(&self, n: u64) -> bool {
        (self.first..=self.last).contains(&n)
    }
}

/// `N`, `N-M`, `N-` or `-M`.
pub fn parse_range(s: &str) -> Result<FrameRange, String> {
    let num = |t: &str| {
        t.trim()
            .parse::<u64>()
            .map_err(|_| format!("{t:?} is not a frame number"))
    };
    let (first, last) = match s.split_once('-') {
        None => {
            let n = num(s)?;
            (n, n)
        }
        Some((a, b)) => (
            if a.is_empty() { 1 } else { num(a)? },
            if b.is_empty() { u64::MAX } else { num(b)? },
        ),
    };
    if first > last {
        return Err(format!("range {s}: the first frame is after the last"));
    }
    Ok(FrameRange { first, last })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("7"), Ok(FrameRange { first: 7, last: 7 }));
        assert_eq!(parse_range("3-9"), Ok(FrameRange { first: 3, last: 9 }));
        assert_eq!(
            parse_range("3-"),
            Ok(FrameRange {
                first: 3,
                last: u64::MAX
            })
        );
        assert_eq!(parse_range("-4"), Ok(FrameRange { first: 1, last: 4 }));
        assert_eq!(
            parse_range("9-3"),
            Err("range 9-3: the first frame is after the last".into())
        );
        assert_eq!(parse_range("x"), Err("\"x\" is not a frame number".into()));
    }

    #[test]
    fn command_line() {
        let a = Args::try_parse_from([
            "ntpwire",
            "--summary",
            "--port",
            "12300",
            "--port",
            "4123",
            "--mode",
            "3",
            "a.pcap",
        ])
        .unwrap();
        assert!(a.summary && !a.json);
        assert_eq!(a.port, vec![12300, 4123]);
        assert_eq!(a.mode, vec![3]);
        assert_eq!(a.files, vec![PathBuf::from("a.pcap")]);
        assert!(Args::try_parse_from(["ntpwire", "--mode", "8"]).is_err());
        assert!(Args::try_parse_from(["ntpwire", "f.pcap", "--hex", "23"]).is_err());
    }
}
