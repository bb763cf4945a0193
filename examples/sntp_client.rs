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

use std::net::UdpSocket;
use std::time::Duration;

use ntp_wire::exchange::ResponseCheck;
use ntp_wire::w32time::{NtpServerProvider, PeerFlags};
use ntp_wire::{Header, Timestamp, Version};

fn usage() -> ! {
    eprintln!(
        "usage: sntp_client [SERVER] [--flags 0xN] [--version 1-4] [--time-server] [--timeout SECS] [--max-distance SECS]"
    );
    std::process::exit(2)
}

fn main() -> std::io::Result<()> {
    let mut server = String::from("127.0.0.1:123");
    let mut flags = PeerFlags::CLIENT;
    let mut version = Version::V4;
    let mut provider = NtpServerProvider::Disabled;
    let mut timeout = Duration::from_secs(2);
    let mut check = ResponseCheck::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match arg.as_str() {
            "--flags" => {
                flags = value().parse().unwrap_or_else(|e| {
                    eprintln!("{e}");
                    usage()
                })
            }
            "--version" => {
                version = value()
                    .parse::<u8>()
                    .ok()
                    .and_then(|v| Version::try_from(v).ok())
                    .unwrap_or_else(|| usage())
            }
            "--timeout" => {
                timeout = Duration::from_secs_f64(value().parse().unwrap_or_else(|_| usage()))
            }
            "--max-distance" => {
                let secs: f64 = value().parse().unwrap_or_else(|_| usage());
                check = check.max_root_distance(Duration::from_secs_f64(secs));
            }
            "--time-server" => provider = NtpServerProvider::Enabled,
            _ if !arg.starts_with("--") => server = arg,
            _ => usage(),
        }
    }

    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.connect(&server)?;
    socket.set_read_timeout(Some(timeout))?;

    let t1 = Timestamp::now();
    let request = flags.request(provider, version, t1);
    println!(
        "sending a {} request ({}, peer flags {flags} = {}) to {server}",
        request.mode,
        request.version,
        flags.names()
    );
    socket.send(&request.to_bytes())?;

    let mut buf = [0u8; 1024];
    let len = match socket.recv(&mut buf) {
        Ok(len) => len,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            println!(
                "no reply from {server} within {timeout:?} to a {} request",
                request.mode
            );
            let diagnosis = flags.diagnose(provider);
            if diagnosis.may_go_unanswered() {
                println!("{diagnosis}");
            }
            std::process::exit(1);
        }
        Err(e) => return Err(e),
    };
    let t4 = Timestamp::now();
    if let Ok(reply) = Header::from_bytes(&buf[..len]) {
        println!("reply ({len} octets): {reply:#?}");
    }
    match check.check(&request, t1, &buf[..len], t4) {
        Ok(sample) => println!("sample: {sample}"),
        Err(reason) => {
            println!("rejected: {reason}");
            std::process::exit(1);
        }
    }
    Ok(())
}
