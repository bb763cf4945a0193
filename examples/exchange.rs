//! The crate's main job in one run: an NTP server (the `server` example's
//! logic) on 127.0.0.1 in this process, and a client that sends it the two
//! requests Windows Time can send, a client request (peer flag 0x8, mode 3)
//! and a symmetric active one (0x4, mode 1), then prints both replies
//! decoded with the offset and delay they give.
//!
//! ```text
//! cargo run --example exchange
//! ```
//!
//! Nothing leaves the loopback interface.

#[path = "server.rs"]
mod server;

use std::net::UdpSocket;
use std::time::Duration;

use ntp_wire::exchange::ResponseCheck;
use ntp_wire::w32time::{NtpServerProvider, PeerFlags};
use ntp_wire::{Header, Timestamp, Version};

fn main() -> std::io::Result<()> {
    let server_socket = UdpSocket::bind("127.0.0.1:0")?;
    let server_addr = server_socket.local_addr()?;
    std::thread::spawn(move || server::serve(&server_socket, &server::Options::default()));
    println!("server listening on {server_addr} (stratum 8, local clock)\n");

    let client = UdpSocket::bind("127.0.0.1:0")?;
    client.connect(server_addr)?;
    client.set_read_timeout(Some(Duration::from_secs(2)))?;

    for flags in [PeerFlags::CLIENT, PeerFlags::SYMMETRIC_ACTIVE] {
        let t1 = Timestamp::now();
        let request = flags
            .request(NtpServerProvider::Disabled, Version::V3, t1)
            .unwrap();
        println!(
            "peer flags {flags} ({}) -> {} request, {}",
            flags.names(),
            request.mode,
            request.version
        );
        client.send(&request.to_bytes())?;

        let mut buf = [0u8; 1024];
        let len = client.recv(&mut buf)?;
        let t4 = Timestamp::now();
        match Header::from_bytes(&buf[..len]) {
            Ok(reply) => println!("reply: {reply:#?}"),
            Err(e) => println!("undecodable reply: {e}"),
        }
        match ResponseCheck::new().check(&request, t1, &buf[..len], t4) {
            Ok(sample) => println!("sample: {sample}\n"),
            Err(reason) => println!("rejected: {reason}\n"),
        }
    }
    Ok(())
}
