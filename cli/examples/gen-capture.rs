//! Writes a generated capture of NTP traffic (see `ntp_wire_cli::synth`):
//!
//! ```text
//! cargo run --release -p ntp-wire-cli --example gen-capture -- FILE PACKETS [CLIENTS]
//! ```

use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(Ok(packets))) = (args.first(), args.get(1).map(|s| s.parse::<u64>()))
    else {
        eprintln!("usage: gen-capture FILE PACKETS [CLIENTS]");
        return ExitCode::from(2);
    };
    let clients = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let run = || -> std::io::Result<u64> {
        let mut out = BufWriter::new(std::fs::File::create(path)?);
        let n = ntp_wire_cli::synth::write_capture(&mut out, packets, clients)?;
        out.flush()?;
        Ok(n)
    };
    match run() {
        Ok(n) => {
            eprintln!("{path}: {packets} packets, {n} octets");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}
