//! Real NTP daemons for the integration tests: chrony 4.3 and NTPsec 1.2.2
//! on 127.0.0.1 only, each started by PID in its own temporary directory,
//! polled until ready within a bound, and killed (and reaped) on drop, on
//! failure too. See .ci/daemons/README.md for how they are installed.

#![allow(dead_code)]

use std::fs;
use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use ntp_wire::exchange::client_request;
use ntp_wire::{Header, LeapIndicator, Mode, Timestamp, Version};

/// chrony's port in these tests (its config sets it).
pub const CHRONY_PORT: u16 = 12300;
/// NTPsec's port: 123, which NTPsec 1.2.2 cannot change.
pub const NTPSEC_PORT: u16 = 123;

/// `true` under `CI=true`, where a missing daemon fails the test.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The daemon binary: `$var` if set, else `default` looked up on PATH.
/// `None` (after a loud message) when it is missing outside CI; a panic
/// under `CI=true`.
pub fn binary(var: &str, default: Option<&str>) -> Option<PathBuf> {
    let path = match (std::env::var_os(var), default) {
        (Some(p), _) => Some(PathBuf::from(p)),
        (None, Some(name)) => which(name),
        (None, None) => None,
    };
    match path {
        Some(p) if p.is_file() => Some(p),
        other => {
            let why = match other {
                Some(p) => format!("{var} = {} is not a file", p.display()),
                None if default.is_some() => {
                    format!("{var} is unset and {default:?} is not on PATH")
                }
                None => format!("{var} is unset"),
            };
            if in_ci() {
                panic!("{why}: under CI=true the daemon tests must run (bash .ci/daemons/install.sh installs the daemons)");
            }
            eprintln!("\n*** SKIPPING a daemon: {why}. Run `bash .ci/daemons/install.sh` and set {var}. ***\n");
            None
        }
    }
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/usr/bin".into()])
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// A running daemon: killed, reaped and its directory removed on drop.
pub struct Daemon {
    pub name: &'static str,
    pub port: u16,
    child: Child,
    dir: PathBuf,
    log: PathBuf,
    pub started: Instant,
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

impl Daemon {
    fn spawn(
        name: &'static str,
        port: u16,
        dir: PathBuf,
        log: PathBuf,
        mut cmd: Command,
    ) -> Daemon {
        let out = fs::File::create(dir.join(format!("{name}.out"))).unwrap();
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Daemon {
            name,
            port,
            child,
            dir,
            log,
            started: Instant::now(),
        }
    }

    /// The daemon's log and console output, for failure messages.
    pub fn logs(&self) -> String {
        let mut text = String::new();
        for path in [
            self.log.clone(),
            self.dir.join(format!("{}.out", self.name)),
        ] {
            if let Ok(s) = fs::read_to_string(&path) {
                text.push_str(&format!("--- {} ---\n{s}", path.display()));
            }
        }
        text
    }

    /// Polls with client requests every `every` until `ready` accepts a
    /// reply; panics (with the logs) if the daemon exits or `limit` passes.
    /// Returns the time from spawn to the first accepted reply.
    pub fn wait_ready(
        &mut self,
        limit: Duration,
        every: Duration,
        ready: impl Fn(&Header) -> bool,
    ) -> Duration {
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{} exited with {status} before it was ready\n{}",
                    self.name,
                    self.logs()
                );
            }
            let request = client_request(Version::V4, Timestamp::now()).unwrap();
            if let Ok(reply) = ask(self.port, &request, every) {
                if let Ok(h) = Header::from_bytes(&reply.bytes) {
                    if h.origin_timestamp == request.transmit_timestamp && ready(&h) {
                        return self.started.elapsed();
                    }
                }
            }
            if self.started.elapsed() > limit {
                panic!("{} not ready after {limit:?}\n{}", self.name, self.logs());
            }
            std::thread::sleep(every.saturating_sub(Duration::from_millis(10)));
        }
    }
}

/// A fresh private directory for one daemon.
fn temp_dir(name: &str) -> PathBuf {
    let nanos = Timestamp::now().fraction();
    let dir = std::env::temp_dir().join(format!(
        "ntp-wire-{name}-{}-{nanos:08x}",
        std::process::id()
    ));
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Fails if something already holds UDP 127.0.0.1:`port`: a daemon left
/// over would answer in our daemon's place.
fn port_free(port: u16) {
    if let Err(e) = UdpSocket::bind(("127.0.0.1", port)) {
        panic!("UDP 127.0.0.1:{port} is taken ({e}): stop the NTP server on it first");
    }
}

/// Starts chrony on 127.0.0.1:12300 (config of .ci/daemons/README.md),
/// not yet polled for readiness.
pub fn start_chrony(chronyd: &Path) -> Daemon {
    port_free(CHRONY_PORT);
    let dir = temp_dir("chrony");
    let d = dir.display();
    fs::write(
        dir.join("chrony.conf"),
        format!(
            "port {CHRONY_PORT}\nbindaddress 127.0.0.1\nallow 127.0.0.1\nlocal stratum 8\n\
             cmdport 0\nbindcmdaddress /\npidfile {d}/chronyd.pid\ndriftfile {d}/chrony.drift\n"
        ),
    )
    .unwrap();
    let mut cmd = Command::new(chronyd);
    cmd.args(["-4", "-d", "-x", "-u", "root", "-f"])
        .arg(dir.join("chrony.conf"));
    let log = dir.join("chronyd.out");
    Daemon::spawn("chronyd", CHRONY_PORT, dir, log, cmd)
}

/// Starts NTPsec on 127.0.0.1:123 without the right to set the clock
/// (config of .ci/daemons/README.md), not yet polled for readiness.
pub fn start_ntpsec(ntpd: &Path) -> Daemon {
    port_free(NTPSEC_PORT);
    let dir = temp_dir("ntpsec");
    let d = dir.display();
    fs::write(
        dir.join("ntp.conf"),
        format!(
            "interface ignore all\ninterface listen 127.0.0.1\n\
             refclock local stratum 8 minpoll 3 maxpoll 3\ndisable kernel\n\
             restrict default kod limited nomodify noquery nopeer\nrestrict 127.0.0.1\n\
             tos minclock 1 minsane 1 maxdist 16 orphanwait 1\n\
             driftfile {d}/ntp.drift\nstatsdir {d}/\n"
        ),
    )
    .unwrap();
    let mut cmd = Command::new("setpriv");
    cmd.args(["--bounding-set=-sys_time", "--inh-caps=-sys_time"])
        .arg(ntpd)
        .arg("-n")
        .arg("-c")
        .arg(dir.join("ntp.conf"))
        .arg("-p")
        .arg(dir.join("ntpd.pid"))
        .arg("-l")
        .arg(dir.join("ntpd.log"));
    let log = dir.join("ntpd.log");
    Daemon::spawn("ntpd", NTPSEC_PORT, dir, log, cmd)
}

/// What `binary --version` prints, trimmed (NTPsec: `ntpd ntpsec-1.2.2`).
pub fn version_of(binary: &Path) -> String {
    let out = Command::new(binary)
        .arg("--version")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {} --version: {e}", binary.display()));
    let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if text.is_empty() {
        String::from_utf8_lossy(&out.stderr).trim().to_string()
    } else {
        text
    }
}

/// chrony is ready at its first mode 4 reply.
pub fn chrony_ready(h: &Header) -> bool {
    h.mode == Mode::Server
}

/// NTPsec is ready once synchronized: leap not 3, stratum 1 to 15 (until
/// then it answers leap 3, stratum 0, INIT).
pub fn ntpsec_ready(h: &Header) -> bool {
    h.mode == Mode::Server && h.leap != LeapIndicator::Unsynchronized && h.stratum.is_synchronized()
}

/// One reply and its timestamps.
pub struct Reply {
    pub bytes: Vec<u8>,
    /// When the request left (our clock).
    pub t1: Timestamp,
    /// When the reply arrived (our clock).
    pub t4: Timestamp,
    /// Wall time from send to receive.
    pub rtt: Duration,
}

/// Why no reply came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoReply {
    /// Nothing within the timeout: the server dropped the request.
    Silence,
    /// ICMP port unreachable: nothing listens on the port at all.
    Refused,
}

/// Sends `request` to 127.0.0.1:`port` and waits up to `timeout` for one
/// datagram from it.
pub fn ask(port: u16, request: &Header, timeout: Duration) -> Result<Reply, NoReply> {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.connect(("127.0.0.1", port)).unwrap();
    socket.set_read_timeout(Some(timeout)).unwrap();
    let mut buf = [0u8; 2048];
    let sent = Instant::now();
    let t1 = Timestamp::now();
    socket.send(&request.to_bytes()).unwrap();
    loop {
        match socket.recv(&mut buf) {
            Ok(len) => {
                let t4 = Timestamp::now();
                return Ok(Reply {
                    bytes: buf[..len].to_vec(),
                    t1,
                    t4,
                    rtt: sent.elapsed(),
                });
            }
            // ICMP port unreachable shows up as a refused receive.
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                return Err(NoReply::Refused)
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(NoReply::Silence)
            }
            Err(_) if sent.elapsed() < timeout => continue, // EINTR and the like
            Err(e) => panic!("receive from 127.0.0.1:{port}: {e}"),
        }
    }
}

/// The lock every daemon test holds while its daemons run (their ports
/// are fixed): `/tmp/ntp-daemons.lock`, taken with flock(2) as flock(1)
/// takes it, unless `NTP_DAEMONS_LOCKED` is set or an ancestor process is
/// `flock /tmp/ntp-daemons.lock ...` (it holds the lock for us). Released
/// when the returned file is dropped. Waits up to 10 minutes, then fails.
#[allow(clippy::incompatible_msrv)]
pub fn daemons_lock() -> Option<fs::File> {
    const LOCK: &str = "/tmp/ntp-daemons.lock";
    const WAIT: Duration = Duration::from_secs(600);
    if std::env::var_os("NTP_DAEMONS_LOCKED").is_some() || flock_ancestor(LOCK) {
        return None;
    }
    let f = fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(LOCK)
        .unwrap();
    // Polled, so that a holder this test cannot see fails it instead of
    // hanging it. (File::try_lock is Rust 1.89; the tests are not built
    // at the MSRV.)
    let since = Instant::now();
    while f.try_lock().is_err() {
        assert!(
            since.elapsed() < WAIT,
            "{LOCK} still held after {WAIT:?}; if this test runs under it, set NTP_DAEMONS_LOCKED=1"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(f)
}

/// `true` if a process above this one is `flock LOCK ...`.
fn flock_ancestor(lock: &str) -> bool {
    let mut pid = std::process::id();
    for _ in 0..64 {
        let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
            return false;
        };
        let Some(ppid) = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            return false;
        };
        if ppid <= 1 {
            return false;
        }
        pid = ppid;
        let cmdline = fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
        if args.first().is_some_and(|a| a.ends_with(b"flock")) && args.contains(&lock.as_bytes()) {
            return true;
        }
    }
    false
}
