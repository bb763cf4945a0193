//! An SNTP client that builds its request the way Windows Time would from
//! a peer-flag value, and says exactly what came back, or why nothing did.
//!
//! ```text
//! cargo run --example sntp_client -- [SERVER] [--flags 0x8] [--version 3] [--time-server] [--timeout SECS] [--max-distance SECS]
//! ```
//!
//! SERVER defaults to 127.0.0.1:123. `--time-server` says this machine is
//! itself a time server (Windows' NtpServer provider enabled), which turns
//! flags without 0x4 or 0x8 into symmetric active requests.

use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::Duration;

use ntp_wire::exchange::ResponseCheck;
use ntp_wire::w32time::{NtpServerProvider, PeerFlags};
use ntp_wire::{Header, Timestamp, Version};

const USAGE: &str = "usage: sntp_client [SERVER] [--flags 0xN] [--version 1-4] [--time-server] [--timeout SECS] [--max-distance SECS]";

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq)]
struct Options {
    server: String,
    flags: PeerFlags,
    version: Version,
    provider: NtpServerProvider,
    timeout: Duration,
    max_distance: Option<Duration>,
}

/// A positive number of seconds that a `Duration` can hold (not NaN, not
/// infinite, not negative, not zero).
fn seconds(text: &str) -> Option<Duration> {
    let secs: f64 = text.parse().ok()?;
    Duration::try_from_secs_f64(secs)
        .ok()
        .filter(|d| !d.is_zero())
}

/// Reads the arguments, or says what is wrong with them.
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options {
        server: String::from("127.0.0.1:123"),
        flags: PeerFlags::CLIENT,
        version: Version::V4,
        provider: NtpServerProvider::Disabled,
        timeout: Duration::from_secs(2),
        max_distance: None,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--flags" => {
                let text = value()?;
                options.flags = text.parse().map_err(|e| format!("--flags {text:?}: {e}"))?;
            }
            "--version" => {
                let text = value()?;
                options.version = text
                    .parse::<u8>()
                    .ok()
                    .filter(|v| (1..=4).contains(v))
                    .and_then(Version::new)
                    .ok_or_else(|| format!("--version {text:?}: write 1, 2, 3 or 4"))?;
            }
            "--timeout" => {
                let text = value()?;
                options.timeout = seconds(&text).ok_or_else(|| {
                    format!("--timeout {text:?}: write a positive number of seconds")
                })?;
            }
            "--max-distance" => {
                let text = value()?;
                options.max_distance = Some(seconds(&text).ok_or_else(|| {
                    format!("--max-distance {text:?}: write a positive number of seconds")
                })?);
            }
            "--time-server" => options.provider = NtpServerProvider::Enabled,
            _ if !arg.starts_with("--") => options.server = arg,
            _ => return Err(format!("unknown option {arg}")),
        }
    }
    Ok(options)
}

/// The first address `server` resolves to, with a port (123 if none).
fn resolve(server: &str) -> Result<SocketAddr, String> {
    let found = match server.to_socket_addrs() {
        Ok(mut addrs) => addrs.next(),
        // No port: the NTP port.
        Err(_) => (server, 123)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve {server:?}: {e}"))?
            .next(),
    };
    found.ok_or_else(|| format!("{server:?} resolves to no address"))
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("sntp_client: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&options) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("sntp_client: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(options: &Options) -> Result<ExitCode, String> {
    let Options {
        server,
        flags,
        version,
        provider,
        timeout,
        ..
    } = options;
    let (flags, provider) = (*flags, *provider);
    let mut check = ResponseCheck::new();
    if let Some(limit) = options.max_distance {
        check = check.max_root_distance(limit);
    }
    let addr = resolve(server)?;
    // A socket of the server's address family.
    let local: SocketAddr = if addr.is_ipv4() {
        ([0u8; 4], 0).into()
    } else {
        ([0u16; 8], 0).into()
    };
    let socket = UdpSocket::bind(local).map_err(|e| format!("cannot open a socket: {e}"))?;
    socket
        .connect(addr)
        .map_err(|e| format!("cannot reach {server} ({addr}): {e}"))?;
    socket
        .set_read_timeout(Some(*timeout))
        .map_err(|e| format!("cannot set the timeout: {e}"))?;

    let t1 = Timestamp::now();
    let request = flags
        .request(provider, *version, t1)
        .map_err(|e| format!("cannot build the request: {e}"))?;
    println!(
        "sending a {} request ({}, peer flags {flags} = {}) to {server} ({addr})",
        request.mode,
        request.version,
        flags.names()
    );
    let silent = |why: &str| {
        println!("no reply from {server} {why} to a {} request", request.mode);
        let diagnosis = flags.diagnose(provider);
        if diagnosis.may_go_unanswered() {
            println!("{diagnosis}");
        }
        ExitCode::FAILURE
    };
    if let Err(e) = socket.send(&request.to_bytes()) {
        return Err(format!(
            "cannot send the {} request to {server}: {e}",
            request.mode
        ));
    }

    let mut buf = [0u8; 1024];
    let len = match socket.recv(&mut buf) {
        Ok(len) => len,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            return Ok(silent(&format!("within {timeout:?}")));
        }
        // An ICMP port unreachable, reported on the connected socket.
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            return Ok(silent("(nothing listens on that port)"));
        }
        Err(e) => {
            return Err(format!(
                "no reply from {server} to a {} request: {e}",
                request.mode
            ))
        }
    };
    let t4 = Timestamp::now();
    if let Ok(reply) = Header::from_bytes(&buf[..len]) {
        println!("reply ({len} octets): {reply:#?}");
    }
    match check.check(&request, t1, &buf[..len], t4) {
        Ok(sample) => {
            println!("sample: {sample}");
            Ok(ExitCode::SUCCESS)
        }
        Err(reason) => {
            println!("rejected: {reason}");
            Ok(ExitCode::FAILURE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Result<Options, String> {
        parse_args(text.split_whitespace().map(String::from))
    }

    #[test]
    fn bad_arguments_are_errors_not_panics() {
        for (text, message) in [
            ("--timeout -1", "--timeout \"-1\": write a positive number of seconds"),
            ("--timeout nan", "--timeout \"nan\": write a positive number of seconds"),
            ("--timeout 0", "--timeout \"0\": write a positive number of seconds"),
            ("--timeout 1e300", "--timeout \"1e300\": write a positive number of seconds"),
            (
                "--max-distance inf",
                "--max-distance \"inf\": write a positive number of seconds",
            ),
            ("--version 5", "--version \"5\": write 1, 2, 3 or 4"),
            ("--flags", "--flags needs a value"),
            (
                "--flags 0x1,0x2",
                "--flags \"0x1,0x2\": peer flags are 0x and a hex value of at most 8 significant digits, such as 0x8 or 0x9 ([MS-W32T] section 2.2.11) (at offset 0, 7 octets)",
            ),
            ("--frobnicate", "unknown option --frobnicate"),
        ] {
            assert_eq!(args(text), Err(String::from(message)), "{text}");
        }
    }

    #[test]
    fn good_arguments() {
        let o = args(
            "ntp.example --flags 0x9 --version 3 --time-server --timeout 0.5 --max-distance 3",
        )
        .unwrap();
        assert_eq!(
            o,
            Options {
                server: String::from("ntp.example"),
                flags: PeerFlags::from_bits(0x9),
                version: Version::V3,
                provider: NtpServerProvider::Enabled,
                timeout: Duration::from_millis(500),
                max_distance: Some(Duration::from_secs(3)),
            }
        );
    }

    #[test]
    fn addresses() {
        assert_eq!(
            resolve("127.0.0.1:12300"),
            Ok(([127, 0, 0, 1], 12300).into())
        );
        assert_eq!(resolve("127.0.0.1"), Ok(([127, 0, 0, 1], 123).into()));
        assert_eq!(resolve("[::1]:9"), Ok("[::1]:9".parse().unwrap()));
        assert_eq!(resolve("::1"), Ok("[::1]:123".parse().unwrap()));
        assert!(resolve("127.0.0.1:notaport").is_err());
    }
}
