//! The `ntpwire` binary on the committed captures: exact output, exit
//! status, filters, damage reports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ntpwire"))
        .args(args)
        .output()
        .expect("run ntpwire")
}

fn run_file(args: &[&str], file: &str) -> Output {
    let path = data(file);
    let mut v: Vec<&str> = args.to_vec();
    v.push(path.to_str().unwrap());
    run(&v)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn frames(o: &Output) -> Vec<u64> {
    json_lines(o)
        .iter()
        .filter(|v| v["type"] == "packet")
        .map(|v| v["frame"].as_u64().unwrap())
        .collect()
}

#[test]
fn explain_names_the_windows_cause_and_fix() {
    let o = run_file(&["--explain"], "windows-mode1-ntpsec.pcapng");
    assert_eq!(o.status.code(), Some(0));
    let advice = ntp_wire_cli::ntp::windows_advice();
    let here = |s: &str| s.replace("HOST,", "127.0.0.1,");
    let want = format!(
        "ERROR: 2 symmetric active (mode 1) requests from 127.0.0.1 to 127.0.0.1:123 got no reply\n\
         \x20 The same server answered client (mode 3) requests (frames 3): it serves clients but drops symmetric active packets without a word, as NTPsec 1.2.2 and many servers that answer only clients do. This is the Windows Time peer-flag situation (KB 875424).\n\
         \x20 The requests are NTP version 3, as Windows Time sends them.\n\
         \x20 What makes Windows Time send mode 1, and the fix (ntp_wire::w32time): {}\n\
         \x20 On a machine that serves time: {}\n\
         \x20 In short: add the Client flag 0x8 to this peer (0x9 with the default SpecialInterval 0x1), so that Windows Time sends client (mode 3) requests.\n\
         \x20 /manualpeerlist replaces the whole list: a command that names only this peer drops every other. For the one command that keeps every peer, run ntpwire again with --peer-list \"LIST\" (the NtpServer value that w32tm /query /configuration shows) and, if this machine serves time, --time-server.\n\
         \x20 Frames: 1, 2\n\n",
        here(&advice.symmetric_flag),
        here(&advice.default_on_server)
    );
    assert_eq!(stdout(&o), want);
    assert!(want.contains("manualpeerlist:\"127.0.0.1,0x8 OTHER,FLAGS ...\""));
    assert_eq!(stderr(&o), "");
}

#[test]
fn peer_list_gives_the_one_command_that_keeps_every_peer() {
    // The machine serves time; its list has the capture's silent server
    // (127.0.0.1) with the default 0x1, a named peer with 0x9 and another
    // address with SymmetricActive 0x4.
    let list = "127.0.0.1,0x1 time.example.com,0x9 10.0.0.5,0x4";
    let o = run_file(
        &["--explain", "--peer-list", list, "--time-server"],
        "windows-mode1-ntpsec.pcapng",
    );
    assert_eq!(o.status.code(), Some(0));
    let want = "\
ERROR: 2 symmetric active (mode 1) requests from 127.0.0.1 to 127.0.0.1:123 got no reply
  The same server answered client (mode 3) requests (frames 3): it serves clients but drops symmetric active packets without a word, as NTPsec 1.2.2 and many servers that answer only clients do. This is the Windows Time peer-flag situation (KB 875424).
  The requests are NTP version 3, as Windows Time sends them.
  The manual peer list given (--peer-list) has 3 peers; this machine serves time (--time-server: NtpServer provider enabled).
  127.0.0.1,0x1: Windows Time sends symmetric active (mode 1): a server that answers only clients stays silent.
  time.example.com,0x9: Windows Time sends client (mode 3): every server answers.
  10.0.0.5,0x4: Windows Time sends symmetric active (mode 1): a server that answers only clients stays silent.
  Listed peers seen leaving mode 1 requests unanswered in this capture: 127.0.0.1,0x1.
  The complete corrected list (every peer kept, Client 0x8 where mode 1 was sent): 127.0.0.1,0x9 time.example.com,0x9 10.0.0.5,0x8
  Run, as administrator (/manualpeerlist replaces the whole list, so this one command keeps every peer): w32tm /config /manualpeerlist:\"127.0.0.1,0x9 time.example.com,0x9 10.0.0.5,0x8\" /syncfromflags:MANUAL /update
  Then: w32tm /resync /rediscover (or restart the service: net stop w32time && net start w32time).
  Frames: 1, 2

";
    assert_eq!(stdout(&o), want);
    assert_eq!(stderr(&o), "");

    // Without --time-server, 0x1 sends client requests: only 10.0.0.5
    // changes, and no listed address is the silent server.
    let o = run_file(
        &[
            "--explain",
            "--json",
            "--peer-list",
            "127.0.0.2,0x1 10.0.0.5,0x4",
        ],
        "windows-mode1-ntpsec.pcapng",
    );
    let f = &json_lines(&o)[0];
    let detail: Vec<&str> = f["detail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(
        detail[2..],
        [
            "The manual peer list given (--peer-list) has 2 peers; this machine does not serve time (no --time-server: NtpServer provider disabled).",
            "127.0.0.2,0x1: Windows Time sends client (mode 3): every server answers.",
            "10.0.0.5,0x4: Windows Time sends symmetric active (mode 1): a server that answers only clients stays silent.",
            "No listed peer is an address seen leaving mode 1 requests unanswered in this capture.",
            "The complete corrected list (every peer kept, Client 0x8 where mode 1 was sent): 127.0.0.2,0x1 10.0.0.5,0x8",
            "Run, as administrator (/manualpeerlist replaces the whole list, so this one command keeps every peer): w32tm /config /manualpeerlist:\"127.0.0.2,0x1 10.0.0.5,0x8\" /syncfromflags:MANUAL /update",
            "Then: w32tm /resync /rediscover (or restart the service: net stop w32time && net start w32time).",
        ]
    );

    // A list that is no list is a usage error, before any input is read.
    let o = run(&["--explain", "--peer-list", "a,0x1 ,0x8", "none.pcap"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stdout(&o), "");
    assert_eq!(
        stderr(&o),
        "ntpwire: --peer-list \"a,0x1 ,0x8\": an entry without a host: write the host before the comma, as host,0x8 (at offset 6, 1 octets)\n"
    );
}

#[test]
fn summary_of_the_windows_capture() {
    let o = run_file(&["--summary"], "windows-mode1-ntpsec.pcapng");
    assert_eq!(o.status.code(), Some(0));
    let want = "\
client     server         requests  replies  modes  versions  kiss  pairs  offset median   offset IQR     delay median   delay IQR      unanswered  mode 6  mode 7  NTPv5  
127.0.0.1  127.0.0.1:123  3         1        1,3,4  3         -     1      -0.000002089 s  0.000000000 s  0.000004276 s  0.000000000 s  2           0       0       0      

1 flow. Offset and delay: matched request/reply pairs, T1 and T4 from the capture's clock (meaningful for a capture taken on the client); IQR = p75 - p25; ~ = estimated from a sample of 256 pairs.
";
    assert_eq!(stdout(&o), want);
}

#[test]
fn per_packet_text_of_a_refused_and_a_paired_packet() {
    let o = run_file(&["--frames", "3-4"], "windows-mode1-ntpsec.pcapng");
    let out = stdout(&o);
    let reply = out.split("\n\n").nth(1).unwrap();
    let first: Vec<&str> = reply.lines().take(3).collect();
    assert_eq!(first[2], "  NTP version 3, server (mode 4)");
    assert!(first[0].starts_with("Frame 4: 2026-12-04T"), "{}", first[0]);
    assert!(first[0].ends_with(", 90 octets on the wire (Ethernet, interface 0)"));
    assert_eq!(
        reply.lines().last().unwrap(),
        "    Reply to frame 3 (origin = its transmit timestamp): offset -0.000002089 s, delay 0.000004276 s, root distance 3.952632850 s (T1, T4: capture clock)"
    );
    // Version 0: refused, and shown field by field all the same.
    let o = run_file(&["--frames", "5"], "ntpsec-unsync-kod-mode6.pcap");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[2],
        "  Refused by the strict reading at octet 0: unsupported NTP version 0: NTP versions are 1 to 5"
    );
    assert_eq!(lines[4], "    Version:             0");
    assert_eq!(lines[5], "    Mode:                3 (client)");
    assert_eq!(stderr(&o), "ntpwire: 1 of 1 NTP packets failed to decode\n");
}

#[test]
fn json_lines_carry_the_schema_version_and_every_packet() {
    let o = run_file(&["--json", "--port", "12300"], "chrony-nano.pcap");
    assert_eq!(o.status.code(), Some(0));
    let v = json_lines(&o);
    assert_eq!(v.len(), 23);
    assert!(v
        .iter()
        .all(|p| p["schema_version"] == 1 && p["type"] == "packet"));
    let signed = &v[4];
    assert_eq!(signed["frame"], 5);
    assert_eq!(signed["udp_len"], 68);
    assert_eq!(
        signed["trailer"],
        serde_json::json!([{"item": "mac", "offset": 48, "key_id": 1, "digest_len": 16,
            "algorithm": "MD5 or AES-128-CMAC or AES-256-CMAC", "waived": null, "ms_sntp_request_key": null}])
    );
    let interleaved = &v[17];
    assert_eq!(interleaved["pair"]["request_frame"], 17);
    assert_eq!(interleaved["pair"]["interleaved"], true);
    assert_eq!(interleaved["pair"]["offset_seconds"], Value::Null);
    // The request signed with a key chrony does not have: no reply.
    assert_eq!(v[22]["frame"], 23);
    assert_eq!(v[22]["trailer"][0]["key_id"], 3);
    let o = run_file(
        &["--json", "--explain", "--port", "12300"],
        "chrony-nano.pcap",
    );
    let found: Vec<Value> = json_lines(&o);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["type"], "finding");
    assert_eq!(found[0]["code"], "mode3-unanswered");
    assert_eq!(found[0]["frames"], serde_json::json!([23]));
    assert!(found[0]["detail"][0]
        .as_str()
        .unwrap()
        .starts_with("The unanswered requests are signed (MAC, frames 23) with key id 3, which the server never answered."));
}

#[test]
fn filters() {
    let f = |args: &[&str], file| frames(&run_file(&[&["--json"], args].concat(), file));
    assert_eq!(
        f(&["--mode", "1"], "windows-mode1-ntpsec.pcapng"),
        vec![1, 2]
    );
    assert_eq!(
        f(&["--frames", "2-"], "windows-mode1-ntpsec.pcapng"),
        vec![2, 3, 4]
    );
    assert_eq!(f(&["--frames=-1"], "windows-mode1-ntpsec.pcapng"), vec![1]);
    assert_eq!(
        f(&["--errors-only"], "crafted-trailers.pcap"),
        vec![5, 6, 7, 14, 17, 18]
    );
    let kod = f(&["--kod-only"], "ntpsec-unsync-kod-mode6.pcap");
    assert_eq!(kod.len(), 10);
    assert_eq!(&kod[..3], &[69, 71, 73]);
    assert_eq!(
        f(&["--host", "127.0.0.2"], "ntpsec-unsync-kod-mode6.pcap").len(),
        60
    );
    assert_eq!(
        f(&["--host", "192.0.2.1"], "ntpsec-unsync-kod-mode6.pcap"),
        Vec::<u64>::new()
    );
}

#[test]
fn link_types_resolutions_and_fragments() {
    let o = run_file(&["--json"], "crafted-links.pcapng");
    let got: Vec<(u64, String, String, u64, Value, Value)> = json_lines(&o)
        .iter()
        .map(|j| {
            (
                j["frame"].as_u64().unwrap(),
                j["time"].as_str().unwrap().to_string(),
                j["link"].as_str().unwrap().to_string(),
                j["interface"].as_u64().unwrap(),
                j["vlan"].clone(),
                j["fragments"].clone(),
            )
        })
        .collect();
    let row =
        |f, t: &str, l: &str, i, v: Value, fr: Value| (f, t.to_string(), l.to_string(), i, v, fr);
    assert_eq!(
        got,
        vec![
            row(
                1,
                "2026-11-18T11:06:40.000001000Z",
                "BSD loopback",
                0,
                Value::Null,
                serde_json::json!([])
            ),
            row(
                2,
                "2026-11-18T11:06:40.000002000Z",
                "BSD loopback",
                0,
                Value::Null,
                serde_json::json!([])
            ),
            row(
                3,
                "2026-11-18T11:06:40.000000003Z",
                "raw IP",
                1,
                Value::Null,
                serde_json::json!([])
            ),
            row(
                4,
                "2026-11-18T11:06:40.500000000Z",
                "Ethernet",
                2,
                serde_json::json!(100),
                serde_json::json!([])
            ),
            row(
                5,
                "2026-11-18T11:06:40.000005000Z",
                "Linux cooked v2",
                3,
                Value::Null,
                serde_json::json!([])
            ),
            row(
                7,
                "2026-11-18T11:06:40.000000007Z",
                "raw IP",
                1,
                Value::Null,
                serde_json::json!([6, 7])
            ),
        ]
    );
    let o = run_file(&["--json", "--port", "12300"], "chrony-sll.pcap");
    assert_eq!(json_lines(&o)[0]["link"], "Linux cooked v1");
    let o = run_file(&["--json", "--port", "12300"], "chrony-sll2.pcap");
    assert_eq!(json_lines(&o)[0]["link"], "Linux cooked v2");
}

#[test]
fn private_and_ntpv5_messages_are_shown_field_by_field() {
    let o = run_file(&["--frames", "19-20"], "crafted-trailers.pcap");
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        r#"Frame 19: 2026-11-18T11:06:58.000000000Z, 50 octets on the wire (Ethernet, interface 0)
  127.0.0.1:40000 -> 127.0.0.2:123, UDP payload 8 octets
  NTP private message (mode 7), request MON_GETLIST_1 (42)
    Response bit:        0 (request)
    More bit:            0 (last packet)
    Version:             2
    Mode:                7 (private)
    Auth bit:            0 (not authenticated)
    Sequence number:     0
    Implementation:      XNTPD (3)
    Request code:        MON_GETLIST_1 (42)
    Err:                 no error (0)
    Number of items:     0
    Reserved (MBZ):      0
    Size of data item:   0
    Items:               0 of 0 octets, 0 octets at octet 8; 0 octets of padding after them
    Monitor-list request (CVE-2013-5211): one small datagram that an ntpd with mode 7 enabled answers with up to 100 packets

Frame 20: 2026-11-18T11:06:59.000000000Z, 90 octets on the wire (Ethernet, interface 0)
  127.0.0.1:40000 -> 127.0.0.2:123, UDP payload 48 octets
  NTPv5 packet, client (mode 3)
    Leap indicator:      0 (no warning)
    Version:             5
    Mode:                3 (client)
    Stratum:             0 (unspecified or kiss-o'-death)
    Poll:                0 (1.000000000 s)
    Precision:           0 (1.000000000 s)
    Root delay:          0.000000000 s (0x00000000)
    Root dispersion:     0.000000000 s (0x00000000)
    Timescale:           UTC (0)
    Era:                 0
    Flags:               0x0000
    Server cookie:       0x0000000000000000
    Client cookie:       0x0000000000000000
    Receive timestamp:   0x00000000.00000000 (unset)
    Transmit timestamp:  0x00000000.00000000 (unset)

"#
    );
    let o = run_file(&["--json", "--mode", "6"], "ntpsec-unsync-kod-mode6.pcap");
    let v = json_lines(&o);
    assert_eq!(v.len(), 4);
    assert!(v
        .iter()
        .all(|p| p["kind"] == "control" && p["header"].is_null() && p["error"].is_null()));
    let ops: Vec<(bool, &str, u64)> = v
        .iter()
        .map(|p| {
            let c = &p["control"];
            (
                c["response"].as_bool().unwrap(),
                c["opcode_name"].as_str().unwrap(),
                c["sequence"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ops,
        [
            (false, "READVAR", 1),
            (true, "READVAR", 1),
            (false, "READSTAT", 7),
            (true, "READSTAT", 7)
        ]
    );
    let reply = &v[1]["control"];
    assert_eq!(reply["status"]["word"], "system");
    assert_eq!(reply["status"]["leap_name"], "leap_alarm");
    assert_eq!(reply["variables"].as_array().unwrap().len(), 19);
    assert_eq!(
        reply["variables"][16],
        serde_json::json!({ "name": "version", "value": "ntpd ntpsec-1.2.2" })
    );
    assert_eq!(v[3]["control"]["associations"][0]["association_id"], 17767);
    assert_eq!(
        v[3]["control"]["associations"][0]["status"]["flags"],
        serde_json::json!(["conf", "reach"])
    );
}

#[test]
fn per_packet_text_of_an_authenticated_mode7_request_and_an_ntpv5_request() {
    let o = run_file(&["--frames", "8"], "crafted-mode6-mode7.pcap");
    assert_eq!(
        stdout(&o),
        r#"Frame 8: 2026-11-18T11:06:47.000000000Z, 254 octets on the wire (Ethernet, interface 0)
  203.0.113.7:40001 -> 192.0.2.1:123, UDP payload 212 octets
  NTP private message (mode 7), request SET_SYS_FLAG (12)
    Response bit:        0 (request)
    More bit:            0 (last packet)
    Version:             2
    Mode:                7 (private)
    Auth bit:            1 (authenticated)
    Sequence number:     0
    Implementation:      XNTPD (3)
    Request code:        SET_SYS_FLAG (12)
    Err:                 no error (0)
    Number of items:     1
    Reserved (MBZ):      0
    Size of data item:   4
    Items:               1 of 4 octets, 4 octets at octet 8; 172 octets of padding after them
    Authenticator at octet 184 (at the end): timestamp 0xeebc9000.12345678 (2026-12-04T01:04:00.071111110Z), key id 1, 16-octet digest (MD5 or AES-128-CMAC or AES-256-CMAC)

"#
    );
    let o = run_file(&["--frames", "1"], "crafted-ntpv5.pcap");
    assert_eq!(
        stdout(&o),
        r#"Frame 1: 2026-11-18T11:06:40.000000000Z, 118 octets on the wire (Ethernet, interface 0)
  127.0.0.1:40001 -> 127.0.0.2:123, UDP payload 76 octets
  NTPv5 packet, client (mode 3)
    Leap indicator:      0 (no warning)
    Version:             5
    Mode:                3 (client)
    Stratum:             0 (unspecified or kiss-o'-death)
    Poll:                0 (1.000000000 s)
    Precision:           0 (1.000000000 s)
    Root delay:          0.000000000 s (0x00000000)
    Root dispersion:     0.000000000 s (0x00000000)
    Timescale:           UTC (0)
    Era:                 0
    Flags:               0x0000
    Server cookie:       0x0000000000000000
    Client cookie:       0x0b6151a7683a30d8
    Receive timestamp:   0x00000000.00000000 (unset)
    Transmit timestamp:  0x00000000.00000000 (unset)
    Extension field at octet 48: type Draft Identification (0xf5ff), length 27: "draft-ietf-ntp-ntpv5-08"

"#
    );
}

#[test]
fn hex_input_shows_every_octet_as_the_decode_example_did() {
    let hex = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/chrony-client-md5-request.hex"),
    )
    .unwrap();
    let o = run(&["--hex", hex.trim()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).ends_with(
        r#"    MAC at octet 48: key id 1, 16-octet digest (MD5 or AES-128-CMAC or AES-256-CMAC)
      digest: 1aaec9e395d47481f2a854b94e029144, covers octets 0 to 48

"#
    ));
}

#[test]
fn truncated_capture_decodes_up_to_the_damage() {
    let bytes = std::fs::read(data("chrony-sll2.pcap")).unwrap();
    // Four records of 16 + 96 octets after the 24-octet header: cut the last.
    assert_eq!(bytes.len(), 24 + 4 * 112);
    let dir = std::env::temp_dir().join(format!("ntpwire-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cut = dir.join("cut.pcap");
    std::fs::write(&cut, &bytes[..bytes.len() - 10]).unwrap();
    let o = run(&["--json", "--port", "12300", cut.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    let v = json_lines(&o);
    assert_eq!(frames(&o), vec![1, 2, 3]);
    assert_eq!(v[3]["type"], "damage");
    let msg = format!(
        "{}: damaged at octet 360 (after frame 3): truncated record: the file ends inside it (capture cut short?)",
        cut.display()
    );
    assert_eq!(v[3]["message"], msg.as_str());
    assert_eq!(stderr(&o), format!("ntpwire: {msg}\n"));
    // A file that is no capture and too long for a payload.
    let junk = dir.join("junk.bin");
    std::fs::write(&junk, vec![0xffu8; 70_000]).unwrap();
    let o = run(&[junk.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(3));
    std::fs::remove_dir_all(&dir).unwrap();
    let o = run(&["/nonexistent/x.pcap"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).starts_with("ntpwire: /nonexistent/x.pcap: cannot open: "));
}

#[test]
fn hex_arguments_standard_input_and_usage() {
    let hex = "2408fee600000000000000007f7f0101eeb0f29077b837b62f3c7862d571dddbeeb0f2919c9a8591eeb0f2919c9b3560";
    let o = run(&["--json", "--hex", hex, "zz"]);
    assert_eq!(o.status.code(), Some(1));
    let v = json_lines(&o);
    assert_eq!(v[0]["header"]["stratum"], 8);
    assert_eq!(v[0]["link"], "UDP payload");
    assert_eq!(v[1]["type"], "bad_input");
    assert_eq!(
        v[1]["message"],
        "invalid hex: 'z' at character 0 is not a hex digit"
    );
    // A pcap on standard input.
    let mut child = Command::new(env!("CARGO_BIN_EXE_ntpwire"))
        .args(["--json", "--port", "12300", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = std::fs::read(data("chrony-sll.pcap")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(frames(&o), vec![1, 2]);
    // No input at all: a usage error.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["--mode", "9", "x"]);
    assert_eq!(o.status.code(), Some(2));
    let help = stdout(&run(&["--help"]));
    assert!(help.contains("ntpwire --explain capture.pcap"));
}

#[test]
fn colour_only_when_asked() {
    let plain = stdout(&run_file(&["--frames", "1"], "windows-mode1-ntpsec.pcapng"));
    assert!(!plain.contains('\x1b'));
    let coloured = stdout(&run_file(
        &["--frames", "1", "--color", "always"],
        "windows-mode1-ntpsec.pcapng",
    ));
    assert!(
        coloured.starts_with("\x1b[1mFrame 1\x1b[0m"),
        "{coloured:?}"
    );
}

#[test]
fn findings_of_every_capture() {
    let codes = |file: &str| -> Vec<(String, Vec<u64>)> {
        json_lines(&run_file(&["--explain", "--json", "--port", "12300"], file))
            .iter()
            .map(|j| {
                let frames = j["frames"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_u64().unwrap());
                (j["code"].as_str().unwrap().to_string(), frames.collect())
            })
            .collect()
    };
    let c = |code: &str, frames: &[u64]| (code.to_string(), frames.to_vec());
    assert_eq!(
        codes("windows-mode1-ntpsec.pcapng"),
        vec![c("mode1-unanswered", &[1, 2])]
    );
    assert_eq!(
        codes("ntpsec-unsync-kod-mode6.pcap"),
        vec![
            c("unsynchronized-server", &[2, 4, 11, 13, 15, 23]),
            c("decode-error", &[5]),
            c("kiss-o-death", &[69, 71, 73, 75, 77, 87]),
        ]
    );
    assert_eq!(
        codes("chrony-nano.pcap"),
        vec![c("mode3-unanswered", &[23])]
    );
    // The NTS NAK: kiss code NTSN.
    assert_eq!(codes("chrony-nts.pcapng"), vec![c("kiss-o-death", &[6])]);
    assert_eq!(
        codes("crafted-trailers.pcap"),
        vec![
            c("mode3-unanswered", &[1, 2, 3, 4, 6, 17]),
            c("crypto-nak", &[15]),
            c("nts-rule", &[14]),
            c("decode-error", &[5, 6, 7, 17, 18]),
            c("monlist-request", &[19]),
            c("ntpv5-unanswered", &[20]),
        ]
    );
    assert_eq!(
        codes("crafted-mode6-mode7.pcap"),
        vec![
            c("decode-error", &[10]),
            c("monlist-request", &[3]),
            c("amplification-probe", &[1]),
        ]
    );
    assert_eq!(
        codes("crafted-ntpv5.pcap"),
        vec![c("decode-error", &[7]), c("ntpv5-unanswered", &[7, 8])]
    );
    let o = run_file(&["--explain"], "crafted-mode6-mode7.pcap");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains(
        "ERROR: 1 monitor-list request (mode 7, CVE-2013-5211) from 203.0.113.7 to 192.0.2.1:123\n"
    ));
    assert!(out.contains("  The server answered the mode 7 requests of this flow with 4 responses (frames 4, 5, 7, 9): 704 octets for 236 octets of requests, 3.0 times as many.\n"));
    assert!(out.contains("WARNING: 1 control request (mode 6) from 203.0.113.7 to 192.0.2.1:123, outside the site: amplification probes\n"));
    assert_eq!(codes("chrony-sll2.pcap"), Vec::<(String, Vec<u64>)>::new());
    let o = run_file(&["--explain", "--port", "12300"], "chrony-sll2.pcap");
    assert_eq!(
        stdout(&o),
        "No problem found in 1 flow: every request was answered with a usable reply.\n"
    );
}
