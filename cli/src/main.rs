//! `ntpwire`: decode and explain NTP in captures. See `ntpwire --help`.
#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = ntp_wire_cli::args::Args::parse();
    ExitCode::from(ntp_wire_cli::app::run(&args))
}
