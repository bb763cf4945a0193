//! A Windows Time peer-list checker for administrators: which mode each
//! peer is sent, whether a server that answers only clients will answer,
//! and the one command that fixes the whole list.
//!
//! ```text
//! cargo run --example w32tm -- 'time.example.com,0x8 10.0.0.1,0x9 ntp.local' --time-server
//! cargo run --example w32tm -- 'w32tm /config /manualpeerlist:"ntp.local,0x4" /syncfromflags:MANUAL /update'
//! reg query HKLM\SYSTEM\CurrentControlSet\Services\W32Time /s | cargo run --example w32tm
//! cargo run --example w32tm -- --json < w32time-export.reg
//! ```
//!
//! The input is a peer list as typed, a whole `w32tm` command line, or (on
//! standard input, when no list is given or it is `-`) the same, or the
//! output of `reg query` or a `.reg` export (UTF-16LE with a byte-order
//! mark, as regedit writes it) holding the `NtpServer` value. Registry
//! input also gives `Type` and `TimeProviders\NtpServer\Enabled`; the
//! latter says whether the machine serves time, as `--time-server` does on
//! the command line.
//!
//! Exit status: 0 when every peer gets client requests (nothing to fix),
//! 1 when some peer may go unanswered (the fix is printed), 2 when the
//! input cannot be read (the offset, the offending text and, for the usual
//! typos, the corrected text are printed). `--json` prints one JSON object
//! instead of the text.

use std::io::Read;
use std::process::ExitCode;

use ntp_wire::w32time::{
    decode_reg_file, ListDiagnosis, ManualPeerList, NtpServerProvider, PeerListError,
    RegistrySettings, SyncType,
};
use serde_json::{json, Value};

const USAGE: &str =
    "usage: w32tm [LIST | 'w32tm /config /manualpeerlist:...' | -] [--time-server] [--json]\n\
     With no LIST (or -), the input is read from standard input: a list, a w32tm line,\n\
     reg query output or a .reg export.";

/// What the arguments ask for.
#[derive(Debug, Default, PartialEq)]
struct Options {
    /// The list or line, or `None` for standard input.
    input: Option<String>,
    time_server: bool,
    json: bool,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    for arg in args {
        match arg.as_str() {
            "--time-server" => options.time_server = true,
            "--json" => options.json = true,
            "-" => {}
            "-h" | "--help" => return Err(String::new()),
            a if a.starts_with("--") => return Err(format!("unknown option {a}")),
            a => {
                if options.input.is_some() {
                    return Err(String::from(
                        "give one list (quote it: it has spaces), or none to read standard input",
                    ));
                }
                options.input = Some(a.to_string());
            }
        }
    }
    Ok(options)
}

/// Where the list came from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    List,
    CommandLine,
    Registry,
}

impl Source {
    fn name(self) -> &'static str {
        match self {
            Source::List => "peer list as typed",
            Source::CommandLine => "w32tm command line",
            Source::Registry => "registry value Parameters\\NtpServer",
        }
    }
}

/// The output and the exit status of one run.
struct Outcome {
    text: String,
    status: u8,
}

fn looks_like_registry(text: &str) -> bool {
    [
        "REG_SZ",
        "REG_DWORD",
        "Windows Registry Editor",
        "[HKEY_",
        "REGEDIT4",
    ]
    .iter()
    .any(|m| text.contains(m))
}

fn looks_like_command_line(text: &str) -> bool {
    text.to_ascii_lowercase().contains("manualpeerlist:")
}

/// A peer-list error for people: where, what, and the fix of a typo.
fn error_text(source: Source, text: &str, e: &PeerListError) -> String {
    let mut out = format!(
        "w32tm: cannot read the {}: {}\n",
        source.name(),
        e.explain(text)
    );
    // The line holding the error, with a caret under the offending part.
    let start = text[..e.offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..end];
    let column = text[start..e.offset.min(text.len())].chars().count();
    let width = e.offending(text).chars().count().max(1);
    out.push_str(&format!(
        "  {line}\n  {}{}\n",
        " ".repeat(column),
        "^".repeat(width)
    ));
    if let Some(fixed) = e.corrected(text) {
        out.push_str(&format!("did you mean:\n  {fixed}\n"));
    }
    out
}

fn error_json(source: Source, text: &str, e: &PeerListError) -> Value {
    json!({
        "source": source.name(),
        "error": {
            "offset": e.offset,
            "length": e.len,
            "text": e.offending(text),
            "message": e.rule.to_string(),
            "corrected": e.corrected(text).map(|c| c.to_string()),
        }
    })
}

fn report_text(source: Source, d: &ListDiagnosis<'_>, sync_type: Option<SyncType>) -> String {
    let mut out = format!("{}: {}\n", source.name(), d.list().entries_text());
    out.push_str(match d.provider() {
        NtpServerProvider::Enabled => {
            "This machine serves time: a peer without 0x4 or 0x8 gets symmetric active requests (mode 1).\n"
        }
        NtpServerProvider::Disabled => {
            "This machine does not serve time: a peer without 0x4 or 0x8 gets client requests (mode 3).\n"
        }
    });
    if let Some(t) = sync_type {
        if !t.uses_peer_list() {
            out.push_str(&format!(
                "Note: Parameters\\Type is {t}: this machine does not use the list now; \
                 /syncfromflags:MANUAL in the command below sets NTP.\n"
            ));
        }
    }
    let rows: Vec<[String; 4]> = d
        .peers()
        .map(|(peer, diagnosis)| {
            let mode = diagnosis.mode();
            [
                peer.host.to_string(),
                format!("{} {}", peer.flags, peer.flags.names()),
                format!("{} ({})", mode.name(), mode.to_bits()),
                String::from(if diagnosis.may_go_unanswered() {
                    "drops it: no reply, no error"
                } else {
                    "answers"
                }),
            ]
        })
        .collect();
    let header = [
        "peer".to_string(),
        "flags".to_string(),
        "mode sent".to_string(),
        "a client-only server".to_string(),
    ];
    let mut widths = [0usize; 3];
    for row in rows.iter().chain(std::iter::once(&header)) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    out.push('\n');
    for row in std::iter::once(&header).chain(&rows) {
        out.push_str(&format!(
            "  {:<w0$}  {:<w1$}  {:<w2$}  {}\n",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        ));
    }
    out.push('\n');
    let n = d.list().len();
    if !d.needs_fix() {
        out.push_str(if n == 0 {
            "The list is empty: nothing to fix.\n"
        } else {
            "Every peer gets client requests (mode 3), which every server answers: nothing to fix.\n"
        });
        return out;
    }
    out.push_str(&format!(
        "{} of {n} peers may never be answered: a server that answers only client requests \
         (NTPsec up to 1.2.4, many appliances and public servers) drops mode 1 without a reply.\n\
         /manualpeerlist replaces the whole list; this command sets all of it, every other peer \
         and flag kept:\n  {}\nthen (KB 875424):\n  {}\nor restart the service: {}\n",
        d.unanswered(),
        d.command(),
        d.follow_up(),
        d.restart()
    ));
    out
}

fn report_json(source: Source, d: &ListDiagnosis<'_>, sync_type: Option<SyncType>) -> Value {
    let peers: Vec<Value> = d
        .peers()
        .map(|(peer, diagnosis)| {
            let fixed = if diagnosis.may_go_unanswered() {
                diagnosis.fixed_flags()
            } else {
                peer.flags
            };
            json!({
                "host": peer.host,
                "flags": peer.flags.to_string(),
                "flag_names": peer.flags.names().to_string(),
                "mode": diagnosis.mode().to_bits(),
                "mode_name": diagnosis.mode().name(),
                "client_only_server_answers": !diagnosis.may_go_unanswered(),
                "fixed_flags": fixed.to_string(),
            })
        })
        .collect();
    json!({
        "source": source.name(),
        "time_server": d.provider() == NtpServerProvider::Enabled,
        "sync_type": sync_type.map(|t| t.to_string()),
        "peers": peers,
        "needs_fix": d.needs_fix(),
        "unanswered": d.unanswered(),
        "corrected_list": d.fixed_list().to_string(),
        "command": d.needs_fix().then(|| d.command().to_string()),
        "then": d.needs_fix().then(|| d.follow_up()),
    })
}

/// One run over the arguments (without the program name) and standard
/// input.
fn run(args: &[String], stdin: impl FnOnce() -> std::io::Result<Vec<u8>>) -> Outcome {
    let options = match parse_args(args) {
        Ok(o) => o,
        Err(message) => {
            if message.is_empty() {
                return Outcome {
                    text: format!("{USAGE}\n"),
                    status: 0,
                };
            }
            let text = format!("w32tm: {message}\n{USAGE}\n");
            return Outcome { text, status: 2 };
        }
    };
    let fail = |text: String| Outcome { text, status: 2 };
    let input = match options.input {
        Some(text) => text,
        None => {
            let bytes = match stdin() {
                Ok(b) => b,
                Err(e) => return fail(format!("w32tm: cannot read standard input: {e}\n")),
            };
            match decode_reg_file(&bytes) {
                Ok(text) => text,
                Err(e) => return fail(format!("w32tm: standard input is not text: {e}\n")),
            }
        }
    };
    let mut provider = NtpServerProvider::from(options.time_server);
    let mut sync_type = None;
    let settings;
    let (source, text) = if looks_like_registry(&input) {
        settings = RegistrySettings::parse(&input);
        let Some(value) = settings.ntp_server else {
            return fail(String::from(
                "w32tm: the registry input has no W32Time\\Parameters\\NtpServer value\n",
            ));
        };
        if !options.time_server {
            provider = settings.provider.unwrap_or(provider);
        }
        sync_type = settings.sync_type;
        (Source::Registry, value)
    } else if looks_like_command_line(&input) {
        (Source::CommandLine, input.as_str())
    } else {
        (Source::List, input.as_str())
    };
    let list = match source {
        Source::CommandLine => ManualPeerList::from_command_line(text),
        _ => ManualPeerList::parse(text),
    };
    let list = match list {
        Ok(list) => list,
        Err(e) => {
            let text = if options.json {
                format!("{}\n", error_json(source, text, &e))
            } else {
                error_text(source, text, &e)
            };
            return fail(text);
        }
    };
    let d = list.diagnose(provider);
    let d = match sync_type {
        Some(t) => d.with_sync_type(t),
        None => d,
    };
    let text = if options.json {
        format!("{}\n", report_json(source, &d, sync_type))
    } else {
        report_text(source, &d, sync_type)
    };
    Outcome {
        text,
        status: u8::from(d.needs_fix()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = run(&args, || {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes)
    });
    if outcome.status == 2 {
        eprint!("{}", outcome.text);
    } else {
        print!("{}", outcome.text);
    }
    ExitCode::from(outcome.status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(args: &[&str], stdin: &[u8]) -> (String, u8) {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let stdin = stdin.to_vec();
        let outcome = run(&args, move || Ok(stdin));
        (outcome.text, outcome.status)
    }

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/data")
                .join(name),
        )
        .unwrap()
    }

    #[test]
    fn the_issue_example_on_a_time_server() {
        let (text, status) = check(
            &[
                "time.example.com,0x8 10.0.0.1,0x9 ntp.local",
                "--time-server",
            ],
            b"",
        );
        assert_eq!(status, 1);
        assert_eq!(
            text,
            "peer list as typed: time.example.com,0x8 10.0.0.1,0x9 ntp.local\n\
             This machine serves time: a peer without 0x4 or 0x8 gets symmetric active requests (mode 1).\n\
             \n\
             \x20 peer              flags                         mode sent             a client-only server\n\
             \x20 time.example.com  0x8 Client                    client (3)            answers\n\
             \x20 10.0.0.1          0x9 SpecialInterval | Client  client (3)            answers\n\
             \x20 ntp.local         0x0 none                      symmetric active (1)  drops it: no reply, no error\n\
             \n\
             1 of 3 peers may never be answered: a server that answers only client requests (NTPsec up to 1.2.4, many appliances and public servers) drops mode 1 without a reply.\n\
             /manualpeerlist replaces the whole list; this command sets all of it, every other peer and flag kept:\n\
             \x20 w32tm /config /manualpeerlist:\"time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8\" /syncfromflags:MANUAL /update\n\
             then (KB 875424):\n\
             \x20 w32tm /resync /rediscover\n\
             or restart the service: net stop w32time && net start w32time\n"
        );
    }

    #[test]
    fn the_same_list_on_a_workstation_needs_nothing() {
        let (text, status) = check(&["time.example.com,0x8 10.0.0.1,0x9 ntp.local"], b"");
        assert_eq!(status, 0);
        assert!(text.ends_with(
            "Every peer gets client requests (mode 3), which every server answers: nothing to fix.\n"
        ));
        assert!(text.contains("  ntp.local         0x0 none"));
        let (text, status) = check(&[""], b"");
        assert_eq!(
            (
                text.ends_with("The list is empty: nothing to fix.\n"),
                status
            ),
            (true, 0)
        );
    }

    #[test]
    fn a_typo_is_exit_2_with_its_correction() {
        let (text, status) = check(&["time.windows.com 0x8"], b"");
        assert_eq!(status, 2);
        assert_eq!(
            text,
            "w32tm: cannot read the peer list as typed: at offset 17: \"0x8\": flags written as a separate word after a host: the comma is missing, so Windows Time would read two hosts, both with flags 0; did you mean \"time.windows.com,0x8\"?\n\
             \x20 time.windows.com 0x8\n\
             \x20                  ^^^\n\
             did you mean:\n\
             \x20 time.windows.com,0x8\n"
        );
        let (text, status) = check(&["a.example;0x8", "--json"], b"");
        assert_eq!(status, 2);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v,
            json!({
                "source": "peer list as typed",
                "error": {
                    "offset": 9, "length": 1, "text": ";",
                    "message": "a semicolon between host and flags: write a comma, as host,0x8",
                    "corrected": "a.example,0x8",
                }
            })
        );
        // No correction to offer: the caret still shows where.
        let (text, status) = check(&["good.example *"], b"");
        assert_eq!(status, 2);
        assert!(
            text.ends_with("  good.example *\n               ^\n"),
            "{text}"
        );
    }

    #[test]
    fn a_whole_w32tm_line() {
        let line = "w32tm /config /manualpeerlist:\"ntp.local,0x4 10.0.0.1,0x9\" /syncfromflags:MANUAL /update";
        let (text, status) = check(&[line], b"");
        assert_eq!(status, 1);
        assert!(
            text.starts_with("w32tm command line: ntp.local,0x4 10.0.0.1,0x9\n"),
            "{text}"
        );
        assert!(text.contains(
            "  w32tm /config /manualpeerlist:\"ntp.local,0x8 10.0.0.1,0x9\" /syncfromflags:MANUAL /update\n"
        ));
        // Unquoted, with spaces: cmd.exe would pass the first peer only.
        let line = "w32tm /config /manualpeerlist:ntp.local,0x8 10.0.0.1,0x9 /update";
        let (text, status) = check(&[line], b"");
        assert_eq!(status, 2);
        assert!(text.ends_with(
            "did you mean:\n  w32tm /config /manualpeerlist:\"ntp.local,0x8 10.0.0.1,0x9\" /update\n"
        ));
    }

    #[test]
    fn registry_input_on_stdin() {
        // reg query output: Type NT5DS, the NtpServer provider enabled.
        let (text, status) = check(&[], &fixture("w32time-reg-query.txt"));
        assert_eq!(status, 1);
        assert!(text.starts_with(
            "registry value Parameters\\NtpServer: time.example.com,0x8 10.0.0.1,0x9 ntp.local\n\
             This machine serves time: a peer without 0x4 or 0x8 gets symmetric active requests (mode 1).\n\
             Note: Parameters\\Type is NT5DS: this machine does not use the list now; /syncfromflags:MANUAL in the command below sets NTP.\n"
        ), "{text}");
        assert!(text.contains("ntp.local,0x8\" /syncfromflags:MANUAL /update\n"));

        // A .reg export, UTF-16LE with its byte-order mark, as JSON.
        let (text, status) = check(&["-", "--json"], &fixture("w32time-export.reg"));
        assert_eq!(status, 1);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v,
            json!({
                "source": "registry value Parameters\\NtpServer",
                "time_server": true,
                "sync_type": "NTP",
                "peers": [
                    {"host": "time.example.com", "flags": "0x8", "flag_names": "Client", "mode": 3, "mode_name": "client", "client_only_server_answers": true, "fixed_flags": "0x8"},
                    {"host": "10.0.0.1", "flags": "0x9", "flag_names": "SpecialInterval | Client", "mode": 3, "mode_name": "client", "client_only_server_answers": true, "fixed_flags": "0x9"},
                    {"host": "ntp.local", "flags": "0x4", "flag_names": "SymmetricActive", "mode": 1, "mode_name": "symmetric active", "client_only_server_answers": false, "fixed_flags": "0x8"},
                ],
                "needs_fix": true,
                "unanswered": 1,
                "corrected_list": "time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8",
                "command": "w32tm /config /manualpeerlist:\"time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8\" /syncfromflags:MANUAL /update",
                "then": "w32tm /resync /rediscover",
            })
        );
        // A list on stdin, nothing to fix, as JSON.
        let (text, status) = check(&["--json"], b"a.example,0x9\n");
        assert_eq!(status, 0);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            (v["needs_fix"].clone(), v["command"].clone()),
            (json!(false), Value::Null)
        );
        // Registry text without the value.
        let (text, status) = check(
            &[],
            b"HKEY_LOCAL_MACHINE\\SOFTWARE\\Other\n    X    REG_SZ    y\n",
        );
        assert_eq!(
            (text.as_str(), status),
            (
                "w32tm: the registry input has no W32Time\\Parameters\\NtpServer value\n",
                2
            )
        );
        // Octets that are no text.
        let (text, status) = check(&[], &[0xff, 0xfe, 0x00]);
        assert_eq!(status, 2);
        assert_eq!(text, "w32tm: standard input is not text: a UTF-16 .reg file has an even number of octets, this one 3\n");
    }

    /// Every shape of the peer-list tests of issue 8, through the checker:
    /// its exit status and its first line (the error, with the offset, the
    /// offending text and the correction where there is one).
    #[test]
    fn every_shape_of_a_peer_list() {
        let n253 = format!(
            "{}.{}.{}.{}",
            "a".repeat(63),
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(61)
        );
        let n254 = format!("{n253}e");
        let l63 = format!("{}.example", "x".repeat(63));
        let l64 = format!("{}.example", "x".repeat(64));
        let cases: Vec<(String, u8, String)> = vec![
            ("time.windows.com 0x8".into(), 2, "w32tm: cannot read the peer list as typed: at offset 17: \"0x8\": flags written as a separate word after a host: the comma is missing, so Windows Time would read two hosts, both with flags 0; did you mean \"time.windows.com,0x8\"?".into()),
            ("time.windows.com;0x8".into(), 2, "w32tm: cannot read the peer list as typed: at offset 16: \";\": a semicolon between host and flags: write a comma, as host,0x8; did you mean \"time.windows.com,0x8\"?".into()),
            ("/config".into(), 2, "w32tm: cannot read the peer list as typed: at offset 0: \"/config\": a w32tm option in a peer list: this looks like a whole command line; read it with ManualPeerList::from_command_line".into()),
            ("*".into(), 2, "w32tm: cannot read the peer list as typed: at offset 0: \"*\": '*' cannot be part of a host: a DNS name has letters, digits, hyphens and dots (RFC 1123 section 2.1), an IPv6 address hex digits and colons".into()),
            ("..".into(), 2, "w32tm: cannot read the peer list as typed: at offset 0: \".\": a host name has an empty label: no two dots in a row and no dot first (RFC 1035 section 2.3.1)".into()),
            ("time\u{a0}windows.com".into(), 2, "w32tm: cannot read the peer list as typed: at offset 4: \"\\u{a0}\": U+00A0 is white space outside ASCII: it looks like a separator but is part of the host; separate entries with ASCII spaces".into()),
            ("time\u{feff}windows.com".into(), 2, "w32tm: cannot read the peer list as typed: at offset 4: \"\\u{feff}\": U+FEFF is not ASCII: a host is an ASCII DNS name (internationalized names in their xn-- form, RFC 5891 section 4.4) or an IP address".into()),
            ("time\u{2028}windows.com".into(), 2, "w32tm: cannot read the peer list as typed: at offset 4: \"\\u{2028}\": U+2028 is white space outside ASCII: it looks like a separator but is part of the host; separate entries with ASCII spaces".into()),
            ("[2001:db8::1],0x8".into(), 2, "w32tm: cannot read the peer list as typed: at offset 0: \"[2001:db8::1]\": an IPv6 address in brackets: write it without them, as 2001:db8::1,0x8".into()),
            (n254.clone(), 2, format!("w32tm: cannot read the peer list as typed: at offset 0: \"{n254}\": a host name has at most 253 characters, 254 with a trailing dot (RFC 1035 section 2.3.4)")),
            (l64.clone(), 2, format!("w32tm: cannot read the peer list as typed: at offset 0: \"{}\": a label of a host name has at most 63 characters (RFC 1035 section 2.3.4)", "x".repeat(64))),
            ("a.example,0x8 A.EXAMPLE.,0x9".into(), 2, "w32tm: cannot read the peer list as typed: at offset 14: \"A.EXAMPLE.\": the same host is already listed at offset 0; list each host once".into()),
            // Accepted: each gets its diagnosis (exit 1: mode 1 on a time server).
            ("2001:db8::1,0x4".into(), 1, "peer list as typed: 2001:db8::1,0x4".into()),
            ("time.windows.com.,0x9".into(), 0, "peer list as typed: time.windows.com.,0x9".into()),
            (format!("{n253},0x8"), 0, format!("peer list as typed: {n253},0x8")),
            (format!("{n253}.,0x8"), 0, format!("peer list as typed: {n253}.,0x8")),
            (format!("{l63},0x8"), 0, format!("peer list as typed: {l63},0x8")),
            // A whole w32tm line is read as one.
            ("w32tm /config /manualpeerlist:\"a.example,0x8\" /update".into(), 0, "w32tm command line: a.example,0x8".into()),
        ];
        for (input, status, first_line) in cases {
            let (text, got) = check(&[input.as_str()], b"");
            assert_eq!(got, status, "{input:?}: {text}");
            assert_eq!(text.lines().next().unwrap(), first_line, "{input:?}");
        }
    }

    #[test]
    fn arguments() {
        let args = |a: &[&str]| parse_args(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            args(&["x", "--json", "--time-server"]),
            Ok(Options {
                input: Some("x".into()),
                time_server: true,
                json: true
            })
        );
        assert_eq!(args(&["-"]), Ok(Options::default()));
        assert_eq!(
            args(&["--frobnicate"]),
            Err("unknown option --frobnicate".into())
        );
        assert!(args(&["a", "b"]).is_err());
        let (text, status) = check(&["--frobnicate"], b"");
        assert_eq!(status, 2);
        assert!(text.starts_with("w32tm: unknown option --frobnicate\nusage: w32tm"));
        let (text, status) = check(&["--help"], b"");
        assert_eq!((text.starts_with("usage: w32tm"), status), (true, 0));
    }
}
