//! `ntpwire`: pcap/pcapng captures in, NTP explained out.
//!
//! The binary's logic lives in this library so that tests and benches call
//! it directly. Layers, each a module:
//!
//! - [`input`]: pcap, pcapng, raw payload files and hex, streamed;
//! - [`link`] and [`frag`]: link layers, IP, UDP, IPv4 reassembly;
//! - [`ntp`]: where `ntp-wire`'s decoding is used, with [`kinds`] (one
//!   module each for control, private and NTPv5 messages);
//! - [`flows`]: flows and request/reply pairing, bounded;
//! - [`output`] and [`report`]: per-packet text and JSON, summary, findings;
//! - [`app`]: the run, filters and exit status; [`args`]: the command line;
//! - [`synth`]: a generated capture for the benches.
#![forbid(unsafe_code)]

pub mod app;
pub mod args;
pub mod flows;
pub mod frag;
pub mod input;
pub mod kinds;
pub mod link;
pub mod ntp;
pub mod output;
pub mod report;
pub mod synth;
