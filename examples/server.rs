//! A small NTP responder: answers client requests (mode 3) with mode 4 and
//! symmetric active requests (mode 1) with mode 2, echoing the version, as
//! chrony does; optionally sends RATE kisses to clients that ask too often.
//!
//! ```text
//! cargo run --example server -- [ADDR] [--rate-limit SECS] [--drop-mode1]
//! ```
//!
//! ADDR defaults to 127.0.0.1:12323. `--drop-mode1` drops mode 1 requests
//! silently, as NTPsec up to 1.2.4 does: point `sntp_client --flags 0x4` at it to see
//! the Windows Time failure.
//!
//! All the protocol work is `ntp_wire::exchange`: this file only moves
//! datagrams and reads the clock. Each request is rewritten in place into
//! its reply (`reply_in_place`): receive into a buffer, rewrite it, send
//! its first 48 octets.

use std::collections::HashMap;
use std::net::{IpAddr, UdpSocket};
use std::time::{Duration, Instant};

use ntp_wire::exchange::{kiss_of_death, reply_in_place, ServerState};
use ntp_wire::{
    Header, KissCode, LeapIndicator, Mode, Packet, Precision, ReferenceId, ShortTime, Stratum,
    Timestamp,
};

/// How the responder behaves.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Drop mode 1 requests without a reply (NTPsec's behaviour).
    pub drop_mode1: bool,
    /// Answer with a RATE kiss-o'-death when a client sends again sooner
    /// than this.
    pub rate_limit: Option<Duration>,
}

/// A server on its own undisciplined clock, as chrony's `local stratum 8`.
pub fn local_clock_state() -> ServerState {
    ServerState {
        leap: LeapIndicator::NoWarning,
        stratum: Stratum(8),
        precision: Precision(-20),
        root_delay: ShortTime::ZERO,
        root_dispersion: ShortTime::from_bits(0x10), // 244 us
        reference_id: ReferenceId([127, 127, 1, 1]),
        reference_timestamp: Timestamp::now(),
    }
}

/// Answers requests on `socket` until an I/O error.
pub fn serve(socket: &UdpSocket, options: &Options) -> std::io::Result<()> {
    let state = local_clock_state();
    let mut last_seen: HashMap<IpAddr, Instant> = HashMap::new();
    let mut buf = [0u8; 1024];
    loop {
        let (len, peer) = socket.recv_from(&mut buf)?;
        let received = Timestamp::now();
        let Ok(request) = Packet::new_checked(&buf[..len]) else {
            continue; // not a time packet: no answer
        };
        if options.drop_mode1 && request.mode() == Mode::SymmetricActive {
            continue;
        }
        if let Some(limit) = options.rate_limit {
            let now = Instant::now();
            let too_soon = last_seen
                .insert(peer.ip(), now)
                .is_some_and(|before| now - before < limit);
            if too_soon {
                let kiss = Header::parse(&request).and_then(|h| kiss_of_death(&h, KissCode::RATE));
                if let Ok(kiss) = kiss {
                    socket.send_to(&kiss.to_bytes(), peer)?;
                }
                continue;
            }
        }
        // Modes other than 1 and 3 get no reply (RFC 5905 section 9.2).
        if let Ok(reply_len) = reply_in_place(&mut buf[..len], &state, received, Timestamp::now()) {
            socket.send_to(&buf[..reply_len], peer)?;
        }
    }
}

const USAGE: &str = "usage: server [ADDR] [--rate-limit SECS] [--drop-mode1]";

/// Reads the arguments (without the program name) into the address to
/// listen on and the options, or says what is wrong with them.
#[allow(dead_code)] // examples/exchange.rs includes this file for `serve`
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<(String, Options), String> {
    let mut addr = String::from("127.0.0.1:12323");
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--drop-mode1" => options.drop_mode1 = true,
            "--rate-limit" => {
                let text = args.next().unwrap_or_default();
                // A positive number of seconds a `Duration` can hold.
                let limit = text
                    .parse::<f64>()
                    .ok()
                    .and_then(|secs| Duration::try_from_secs_f64(secs).ok())
                    .filter(|d| !d.is_zero())
                    .ok_or_else(|| {
                        format!(
                            "--rate-limit {text:?}: write a positive number of seconds, such as 2"
                        )
                    })?;
                options.rate_limit = Some(limit);
            }
            _ if !arg.starts_with("--") => addr = arg,
            _ => return Err(format!("unknown option {arg}")),
        }
    }
    Ok((addr, options))
}

#[allow(dead_code)] // examples/exchange.rs includes this file for `serve`
fn main() -> std::process::ExitCode {
    let (addr, options) = match parse_args(std::env::args().skip(1)) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("server: {message}\n{USAGE}");
            return std::process::ExitCode::from(2);
        }
    };
    let socket = match UdpSocket::bind(&addr) {
        Ok(socket) => socket,
        Err(e) => {
            eprintln!("server: cannot listen on {addr:?}: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match socket.local_addr() {
        Ok(local) => eprintln!("answering NTP modes 1 and 3 on {local} ({options:?})"),
        Err(e) => {
            eprintln!("answering NTP modes 1 and 3 ({options:?}); local address unknown: {e}")
        }
    }
    if let Err(e) = serve(&socket, &options) {
        eprintln!("server: stopped: {e}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Result<(String, Options), String> {
        parse_args(text.split_whitespace().map(String::from))
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        for (text, message) in [
            (
                "--rate-limit",
                "--rate-limit \"\": write a positive number of seconds, such as 2",
            ),
            (
                "--rate-limit x",
                "--rate-limit \"x\": write a positive number of seconds, such as 2",
            ),
            (
                "--rate-limit -1",
                "--rate-limit \"-1\": write a positive number of seconds, such as 2",
            ),
            (
                "--rate-limit NaN",
                "--rate-limit \"NaN\": write a positive number of seconds, such as 2",
            ),
            (
                "--rate-limit 1e300",
                "--rate-limit \"1e300\": write a positive number of seconds, such as 2",
            ),
            ("--bogus", "unknown option --bogus"),
        ] {
            assert_eq!(args(text).map(|_| ()), Err(String::from(message)), "{text}");
        }
        let (addr, options) = args("[::1]:12300 --drop-mode1 --rate-limit 0.25").unwrap();
        assert_eq!(addr, "[::1]:12300");
        assert!(options.drop_mode1);
        assert_eq!(options.rate_limit, Some(Duration::from_millis(250)));
    }
}
