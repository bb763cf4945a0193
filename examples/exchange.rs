//! The crate's main job in one run: why Windows Time can get no answer,
//! and the command that fixes it.
//!
//! Two NTP servers run in this process on 127.0.0.1 (the `server`
//! example's code): one answers only client requests (mode 3), as NTPsec
//! up to 1.2.4, many appliances and public servers do; the other also
//! answers symmetric active requests (mode 1) with mode 2, as chrony does.
//! Each gets the request Windows Time builds for three peer lists: a peer
//! flagged `0x4`, a peer without a flag on a machine that serves time, and
//! a peer flagged `0x8`. For each, the output says what was sent, what came
//! back (or that nothing came back within the timeout), the offset and
//! delay of each sample, and for every silent server the diagnosis of the
//! list with the exact command that fixes it.
//!
//! ```text
//! cargo run --example exchange
//! ```
//!
//! Nothing leaves the loopback interface; it takes about half a second
//! (the two silent cases wait 250 ms each).

#[path = "server.rs"]
mod server;

use std::io::{self, Write};
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use ntp_wire::exchange::ResponseCheck;
use ntp_wire::w32time::{ManualPeerList, NtpServerProvider};
use ntp_wire::{Header, Timestamp, Version};

/// How long a silent server is waited for.
const TIMEOUT: Duration = Duration::from_millis(250);

/// The peer name the lists use (the requests go to 127.0.0.1).
const PEER: &str = "ntp.example.com";

/// One server of the story.
struct Server {
    name: &'static str,
    addr: SocketAddr,
}

/// Starts a server thread on 127.0.0.1; `drop_mode1` makes it answer
/// only client requests.
fn start(name: &'static str, drop_mode1: bool) -> io::Result<Server> {
    let socket = UdpSocket::bind("127.0.0.1:0")?;
    let addr = socket.local_addr()?;
    let options = server::Options {
        drop_mode1,
        rate_limit: None,
    };
    std::thread::spawn(move || server::serve(&socket, &options));
    Ok(Server { name, addr })
}

/// One peer list of the story, and the machine it is on.
struct Case {
    list: &'static str,
    what: &'static str,
    provider: NtpServerProvider,
}

const CASES: [Case; 3] = [
    Case {
        list: "ntp.example.com,0x4",
        what: "0x4 = SymmetricActive, on a workstation",
        provider: NtpServerProvider::Disabled,
    },
    Case {
        list: "ntp.example.com",
        what: "no flag, on a domain controller or any machine that serves time",
        provider: NtpServerProvider::Enabled,
    },
    Case {
        list: "ntp.example.com,0x8",
        what: "0x8 = Client, on a machine that serves time",
        provider: NtpServerProvider::Enabled,
    },
];

/// Writes the whole story to `out`.
fn run(out: &mut impl Write) -> io::Result<()> {
    let servers = [start("client-only", true)?, start("chrony-like", false)?];
    writeln!(
        out,
        "Why Windows Time can get no answer, shown on 127.0.0.1."
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Windows Time chooses the NTP mode of its requests from the flags after each\n\
         peer's comma (w32tm /config /manualpeerlist:\"HOST,0xN\") and from whether the\n\
         machine itself serves time (KB 875424). Two servers run in this process:\n\
         \x20 client-only  answers client requests (mode 3) and nothing else, as NTPsec up\n\
         \x20              to 1.2.4, many appliances and public servers do\n\
         \x20 chrony-like  also answers symmetric active requests (mode 1), with mode 2,\n\
         \x20              as chrony and NTPsec from 1.2.5 do"
    )?;
    let check = ResponseCheck::new();
    let mut silent = 0;
    for (n, case) in CASES.iter().enumerate() {
        let list = ManualPeerList::parse(case.list).map_err(io::Error::other)?;
        let peer = list.get(PEER).ok_or_else(|| io::Error::other("no peer"))?;
        writeln!(out)?;
        writeln!(
            out,
            "{}. Peer list \"{}\" ({})",
            n + 1,
            case.list,
            case.what
        )?;
        let mode = peer.flags.request_mode(case.provider);
        writeln!(
            out,
            "   Windows Time sends: a {} request, mode {}, {}",
            mode.name(),
            mode.to_bits(),
            Version::V3
        )?;
        let mut unanswered = Vec::new();
        for server in &servers {
            // T1 just before each send: the request Windows Time builds.
            let t1 = Timestamp::now();
            let request = peer
                .flags
                .request(case.provider, Version::V3, t1)
                .map_err(io::Error::other)?;
            let socket = UdpSocket::bind("127.0.0.1:0")?;
            socket.connect(server.addr)?;
            socket.set_read_timeout(Some(TIMEOUT))?;
            socket.send(&request.to_bytes())?;
            let mut buf = [0u8; 1024];
            let Ok(len) = socket.recv(&mut buf) else {
                writeln!(
                    out,
                    "   {}: no reply within {} ms",
                    server.name,
                    TIMEOUT.as_millis()
                )?;
                unanswered.push(server.name);
                continue;
            };
            let t4 = Timestamp::now();
            let reply = match Header::from_bytes(&buf[..len]) {
                Ok(reply) => reply,
                Err(e) => {
                    writeln!(out, "   {}: an undecodable reply: {e}", server.name)?;
                    continue;
                }
            };
            write!(
                out,
                "   {}: a {} reply, mode {}, {}, stratum {}, ",
                server.name,
                reply.mode.name(),
                reply.mode.to_bits(),
                reply.version,
                reply.stratum.0
            )?;
            match check.check(&request, t1, &buf[..len], t4) {
                Ok(s) => {
                    let sign = if s.offset.is_negative() { "" } else { "+" };
                    writeln!(out, "offset {sign}{}, delay {}", s.offset, s.delay)?
                }
                Err(reason) => writeln!(out, "rejected: {reason}")?,
            }
        }
        if unanswered.is_empty() {
            writeln!(out, "   Both servers answer: nothing to fix.")?;
            continue;
        }
        silent += 1;
        writeln!(out, "   Diagnosis (ntp_wire::w32time::ListDiagnosis):")?;
        let diagnosis = list.diagnose(case.provider);
        for line in diagnosis.to_string().lines() {
            writeln!(out, "   | {line}")?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "In short: {silent} of {} peer lists send mode 1, which the client-only server\n\
         drops without a reply or an error; Windows Time then reports only that no\n\
         time data was available. The flag 0x8 makes it send mode 3, which every server\n\
         answers; set it with the one command above, for the whole list at once.",
        CASES.len()
    )?;
    Ok(())
}

fn main() -> io::Result<()> {
    run(&mut io::stdout().lock())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The output with every measured number (a decimal with a point:
    /// offsets and delays) replaced by `#`.
    fn masked(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let starts_number = c.is_ascii_digit()
                || ((c == '+' || c == '-') && chars.peek().is_some_and(char::is_ascii_digit));
            if !starts_number {
                out.push(c);
                continue;
            }
            let mut number = String::from(c);
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || d == '.' {
                    number.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            // A measured number has exactly one point, between digits:
            // 0.000012345, not 127.0.0.1 or 1.2.4.
            let body = number.trim_start_matches(['+', '-']);
            let decimal =
                body.matches('.').count() == 1 && !body.starts_with('.') && !body.ends_with('.');
            out.push_str(if decimal { "#" } else { &number });
        }
        out
    }

    #[test]
    fn the_masking_masks_measured_numbers_only() {
        assert_eq!(
            masked("offset +0.000012345 s, delay 0.000098765 s, mode 3, NTPv3, 1.2.4, 250 ms"),
            "offset # s, delay # s, mode 3, NTPv3, 1.2.4, 250 ms"
        );
    }

    #[test]
    fn the_story_as_printed() {
        let mut out = Vec::new();
        run(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        // Each sample's T1 is its own: no delay holds the 250 ms another
        // server was waited for.
        for delay in text.split("delay ").skip(1) {
            let secs: f64 = delay.split(' ').next().unwrap().parse().unwrap();
            assert!(secs < TIMEOUT.as_secs_f64(), "{delay}");
        }
        let text = masked(&text);
        let expected = r#"Why Windows Time can get no answer, shown on 127.0.0.1.

Windows Time chooses the NTP mode of its requests from the flags after each
peer's comma (w32tm /config /manualpeerlist:"HOST,0xN") and from whether the
machine itself serves time (KB 875424). Two servers run in this process:
  client-only  answers client requests (mode 3) and nothing else, as NTPsec up
               to 1.2.4, many appliances and public servers do
  chrony-like  also answers symmetric active requests (mode 1), with mode 2,
               as chrony and NTPsec from 1.2.5 do

1. Peer list "ntp.example.com,0x4" (0x4 = SymmetricActive, on a workstation)
   Windows Time sends: a symmetric active request, mode 1, NTPv3
   client-only: no reply within 250 ms
   chrony-like: a symmetric passive reply, mode 2, NTPv3, stratum 8, offset # s, delay # s
   Diagnosis (ntp_wire::w32time::ListDiagnosis):
   | 1 peer; this machine does not serve time (NtpServer provider disabled).
   |   ntp.example.com,0x4: symmetric active (mode 1) since SymmetricActive (0x4) is set without Client (0x8): a server that answers only client requests stays silent
   | 1 of 1 peer gets symmetric active requests (NTP mode 1), which a server that answers only client requests drops without a reply or an error (NTPsec up to 1.2.4 does, as do many appliances and public servers; chrony, and NTPsec from 1.2.5, answer with mode 2).
   | /manualpeerlist replaces the whole list, so set all of it at once, every other peer and flag kept:
   |   w32tm /config /manualpeerlist:"ntp.example.com,0x8" /syncfromflags:MANUAL /update
   | then, so that Windows Time uses it now (KB 875424):
   |   w32tm /resync /rediscover
   | or restart the service: net stop w32time && net start w32time

2. Peer list "ntp.example.com" (no flag, on a domain controller or any machine that serves time)
   Windows Time sends: a symmetric active request, mode 1, NTPv3
   client-only: no reply within 250 ms
   chrony-like: a symmetric passive reply, mode 2, NTPv3, stratum 8, offset # s, delay # s
   Diagnosis (ntp_wire::w32time::ListDiagnosis):
   | 1 peer; this machine serves time (NtpServer provider enabled).
   |   ntp.example.com,0x0: symmetric active (mode 1) since no mode flag, and this machine serves time (NtpServer provider enabled): a server that answers only client requests stays silent
   | 1 of 1 peer gets symmetric active requests (NTP mode 1), which a server that answers only client requests drops without a reply or an error (NTPsec up to 1.2.4 does, as do many appliances and public servers; chrony, and NTPsec from 1.2.5, answer with mode 2).
   | /manualpeerlist replaces the whole list, so set all of it at once, every other peer and flag kept:
   |   w32tm /config /manualpeerlist:"ntp.example.com,0x8" /syncfromflags:MANUAL /update
   | then, so that Windows Time uses it now (KB 875424):
   |   w32tm /resync /rediscover
   | or restart the service: net stop w32time && net start w32time

3. Peer list "ntp.example.com,0x8" (0x8 = Client, on a machine that serves time)
   Windows Time sends: a client request, mode 3, NTPv3
   client-only: a server reply, mode 4, NTPv3, stratum 8, offset # s, delay # s
   chrony-like: a server reply, mode 4, NTPv3, stratum 8, offset # s, delay # s
   Both servers answer: nothing to fix.

In short: 2 of 3 peer lists send mode 1, which the client-only server
drops without a reply or an error; Windows Time then reports only that no
time data was available. The flag 0x8 makes it send mode 3, which every server
answers; set it with the one command above, for the whole list at once.
"#;
        assert_eq!(text, expected);
    }
}
