//! The packets of the comparison and, for every crate, what it reads from
//! them: the bench (benches/compare.rs) times only rows whose reading is
//! right, and prints the reading of the others instead of a time.
//!
//! Packets:
//! - `reply_48`: chrony 4.3's mode 4 reply (tests/data).
//! - `fields_136`: a server header, a unique-identifier field (RFC 8915,
//!   36 octets), an NTS cookie field (32 octets) and an MD5 MAC (key id 1
//!   and the 16-octet digest of chrony's MD5 reply): 136 octets.
//! - `fields_1k`: the same header and 1024 octets of fields (a 64-octet
//!   unique identifier and fifteen 64-octet cookies), no MAC: 1072 octets.

use std::io::Cursor;

/// Extension field type: NTS unique identifier (RFC 8915 section 5.3).
pub const UNIQUE_ID: u16 = 0x0104;
/// Extension field type: NTS cookie (RFC 8915 section 5.4).
pub const COOKIE: u16 = 0x0204;

/// The transmit timestamp of chrony's reply, the value every crate must read.
pub const REPLY_XMT: u64 = 0xeeb0_f291_9c9b_3560;

fn unhex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    digits
        .chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

/// chrony's 48-octet mode 4 reply.
pub fn reply_48() -> Vec<u8> {
    unhex(include_str!(
        "../../../tests/data/chrony-server-mode4-response.hex"
    ))
}

fn field(out: &mut Vec<u8>, kind: u16, len: usize, fill: u8) {
    out.extend_from_slice(&kind.to_be_bytes());
    out.extend_from_slice(&(len as u16).to_be_bytes());
    out.extend(std::iter::repeat_n(fill, len - 4));
}

/// 48 + unique id (36) + cookie (32) + MD5 MAC (20) = 136 octets.
pub fn fields_136() -> Vec<u8> {
    let md5_reply = unhex(include_str!(
        "../../../tests/data/chrony-server-md5-response.hex"
    ));
    let mut p = reply_48();
    field(&mut p, UNIQUE_ID, 36, 0x11);
    field(&mut p, COOKIE, 32, 0x22);
    p.extend_from_slice(&md5_reply[48..68]);
    assert_eq!(p.len(), 136);
    p
}

/// 48 + sixteen 64-octet fields = 1072 octets, no MAC.
pub fn fields_1k() -> Vec<u8> {
    let mut p = reply_48();
    field(&mut p, UNIQUE_ID, 64, 0x11);
    for i in 0..15 {
        field(&mut p, COOKIE, 64, 0x30 + i);
    }
    assert_eq!(p.len(), 48 + 1024);
    p
}

/// What a crate read from a packet's trailer: each field's type and whole
/// length, and the MAC (key id, digest length) if it named one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Walk {
    /// (type, length including the 4-octet field header).
    pub fields: Vec<(u16, usize)>,
    /// (key id, digest octets).
    pub mac: Option<(u32, usize)>,
    /// Octets the crate could not read as either (kept as opaque bytes).
    pub opaque: usize,
    /// Set if the crate returned an error.
    pub error: Option<String>,
}

/// The right reading of `fields_136`.
pub fn expected_136() -> Walk {
    Walk {
        fields: vec![(UNIQUE_ID, 36), (COOKIE, 32)],
        mac: Some((1, 16)),
        ..Walk::default()
    }
}

/// The right reading of `fields_1k`.
pub fn expected_1k() -> Walk {
    let mut fields = vec![(UNIQUE_ID, 64)];
    fields.extend(std::iter::repeat_n((COOKIE, 64), 15));
    Walk {
        fields,
        ..Walk::default()
    }
}

/// Header reading: (version, mode, stratum, transmit timestamp), and the
/// 48 octets the crate writes back from what it parsed (None if it cannot).
pub type HeaderReading = Result<((u8, u8, u8, u64), Option<Vec<u8>>), String>;

/// Per crate: how it reads the header of `data` and writes it back.
pub mod read {
    use super::*;

    pub fn ntp_wire(data: &[u8]) -> HeaderReading {
        let h = ntp_wire::Header::from_bytes(data).map_err(|e| e.to_string())?;
        Ok((
            (
                h.version.to_bits(),
                h.mode.to_bits(),
                h.stratum.0,
                h.transmit_timestamp.to_bits(),
            ),
            Some(h.to_bytes().to_vec()),
        ))
    }

    pub fn ntp_proto(data: &[u8]) -> HeaderReading {
        let (p, _) = ntp_proto::NtpPacket::deserialize(data, &ntp_proto::NoCipher)
            .map_err(|e| format!("{e:?}"))?;
        let version = match p.version() {
            v if format!("{v:?}").contains('4') => 4,
            v => return Err(format!("version {v:?}")),
        };
        let mode = format!("{:?}", p.mode());
        let mode = if mode == "Server" { 4 } else { 0 };
        let mut out = [0u8; 48];
        p.serialize(&mut Cursor::new(&mut out[..]), &ntp_proto::NoCipher, None)
            .map_err(|e| e.to_string())?;
        let xmt = u64::from_be_bytes(out[40..48].try_into().unwrap());
        Ok(((version, mode, p.stratum(), xmt), Some(out.to_vec())))
    }

    pub fn usg(data: &[u8]) -> HeaderReading {
        use usg_proto::protocol::{FromBytes, Packet, ToBytes};
        let (p, _) = Packet::from_bytes(data).map_err(|e| format!("{e:?}"))?;
        let mut out = [0u8; 48];
        p.to_bytes(&mut out).map_err(|e| format!("{e:?}"))?;
        let xmt = (u64::from(p.transmit_timestamp.seconds) << 32)
            | u64::from(p.transmit_timestamp.fraction);
        Ok((
            (out[0] >> 3 & 7, p.mode as u8, p.stratum.0, xmt),
            Some(out.to_vec()),
        ))
    }

    pub fn rusty_time(data: &[u8]) -> HeaderReading {
        let p = rusty_time_core::NtpPacket::parse(data).map_err(|e| e.to_string())?;
        Ok((
            (p.version, p.mode as u8, p.stratum, p.transmit_ts.0),
            Some(p.to_bytes().to_vec()),
        ))
    }

    pub fn ntp_parser(data: &[u8]) -> HeaderReading {
        match ntp_parser::parse_ntp(data).map_err(|e| format!("{e:?}"))?.1 {
            ntp_parser::NtpPacket::V4(p) => Ok(((p.version, p.mode.0, p.stratum, p.ts_xmit), None)),
            ntp_parser::NtpPacket::V3(p) => Ok(((p.version, p.mode.0, p.stratum, p.ts_xmit), None)),
        }
    }

    pub fn ntp05(data: &[u8]) -> HeaderReading {
        let p = ntp::packet::Packet::try_from(data).map_err(|e| e.to_string())?;
        // Its enums are not Copy: read version and mode back from its output.
        let stratum = p.stratum.get_value();
        let out: Vec<u8> = p.into();
        let (version, mode) = (out[0] >> 3 & 7, out[0] & 7);
        let xmt = u64::from_be_bytes(out[40..48].try_into().unwrap());
        Ok(((version, mode, stratum, xmt), Some(out)))
    }
}

/// Per crate: how it walks the trailer of `data` (None: it has no way to).
pub mod walk {
    use super::*;

    pub fn ntp_wire(data: &[u8]) -> Option<Walk> {
        use ntp_wire::trailer::{Trailer, TrailerItem};
        let mut w = Walk::default();
        if let Err(e) = ntp_wire::Header::from_bytes(data) {
            w.error = Some(e.to_string());
            return Some(w);
        }
        for item in Trailer::new(data) {
            match item {
                Ok(TrailerItem::Field(f)) => w.fields.push((f.field_type().0, f.len())),
                Ok(TrailerItem::Mac(m)) => w.mac = Some((m.key_id(), m.digest().len())),
                Ok(other) => w.opaque += other.len(),
                Err(e) => w.error = Some(e.to_string()),
            }
        }
        Some(w)
    }

    pub fn ntp_proto(data: &[u8]) -> Option<Walk> {
        let mut w = Walk::default();
        match ntp_proto::NtpPacket::deserialize(data, &ntp_proto::NoCipher) {
            Err(e) => w.error = Some(format!("{e:?}")),
            Ok((p, _)) => {
                // ExtensionField is exported only with __internal-fuzz:
                // read its Debug form, `UniqueIdentifier([17, 17, ...])`.
                for f in p.untrusted_extension_fields() {
                    let debug = format!("{f:?}");
                    let kind = match debug.split('(').next() {
                        Some("UniqueIdentifier") => UNIQUE_ID,
                        Some("NtsCookie") => COOKIE,
                        _ => 0xffff,
                    };
                    w.fields.push((kind, debug.matches(',').count() + 1 + 4));
                }
                // The MAC is private; its Debug form shows it.
                let debug = format!("{p:?}");
                if let Some(at) = debug.find("mac: Some(Mac { keyid: ") {
                    let rest = &debug[at + 23..];
                    let keyid: u32 = rest[..rest.find(',').unwrap()].parse().unwrap();
                    let digest = data.len() - 48 - w.fields.iter().map(|f| f.1).sum::<usize>() - 4;
                    w.mac = Some((keyid, digest));
                }
            }
        }
        Some(w)
    }

    pub fn usg(data: &[u8]) -> Option<Walk> {
        let mut w = Walk::default();
        for f in usg_proto::extension::iter_extension_fields(&data[48..]) {
            match f {
                Ok(f) => w.fields.push((f.field_type, f.value.len() + 4)),
                Err(e) => w.error = Some(format!("{e:?}")),
            }
        }
        Some(w)
    }

    pub fn rusty_time(data: &[u8]) -> Option<Walk> {
        use rusty_time_core::ntp::{extension_fields, Trailer};
        let mut w = Walk::default();
        for t in extension_fields(data) {
            match t {
                Trailer::Extension(f) => w.fields.push((f.field_type, f.value.len() + 4)),
                Trailer::Opaque(b) => w.opaque += b.len(),
            }
        }
        Some(w)
    }

    pub fn ntp_parser(data: &[u8]) -> Option<Walk> {
        let mut w = Walk::default();
        match ntp_parser::parse_ntp(data) {
            Err(e) => w.error = Some(format!("{e:?}")),
            Ok((_, ntp_parser::NtpPacket::V4(p))) => {
                w.fields = p
                    .extensions
                    .iter()
                    .map(|f| (f.field_type, f.length as usize))
                    .collect();
                w.mac = p.auth.map(|m| (m.key_id, m.mac.len()));
            }
            Ok((_, ntp_parser::NtpPacket::V3(_))) => w.error = Some("read as v3".into()),
        }
        Some(w)
    }
}

/// A short verdict: "ok" or what went wrong, for the table.
pub fn verdict(got: &Walk, want: &Walk) -> String {
    if got == want {
        return "ok".into();
    }
    let mut why = Vec::new();
    if let Some(e) = &got.error {
        why.push(format!("error {e}"));
    }
    if got.fields != want.fields {
        why.push(format!(
            "{} fields read, {} expected",
            got.fields.len(),
            want.fields.len()
        ));
    }
    match (got.mac, want.mac) {
        (None, Some(_)) if got.opaque > 0 => {
            why.push(format!("MAC not identified ({} opaque octets)", got.opaque))
        }
        (None, Some(_)) => why.push("MAC not identified".into()),
        (Some(m), None) => why.push(format!(
            "reads the last {} octets as a MAC (key id {:#x})",
            m.1 + 4,
            m.0
        )),
        (Some(a), Some(b)) if a != b => why.push(format!("MAC {a:?}, expected {b:?}")),
        _ => {}
    }
    if got.mac.is_none() && want.mac.is_none() && got.opaque > 0 {
        why.push(format!("{} opaque octets", got.opaque));
    }
    why.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report() {
        let reply = reply_48();
        for (name, f) in [
            ("ntp-wire", read::ntp_wire as fn(&[u8]) -> HeaderReading),
            ("ntp-proto", read::ntp_proto),
            ("ntp_usg-proto", read::usg),
            ("rusty_time-core", read::rusty_time),
            ("ntp-parser", read::ntp_parser),
            ("ntp 0.5", read::ntp05),
        ] {
            let r = f(&reply);
            println!("{name}: {r:?}");
            if let Ok((_, Some(out))) = &r {
                println!("  reemits identically: {}", out[..] == reply[..]);
            }
        }
        for (pname, packet, want) in [
            ("136", fields_136(), expected_136()),
            ("1k", fields_1k(), expected_1k()),
        ] {
            for (name, f) in [
                ("ntp-wire", walk::ntp_wire as fn(&[u8]) -> Option<Walk>),
                ("ntp-proto", walk::ntp_proto),
                ("ntp_usg-proto", walk::usg),
                ("rusty_time-core", walk::rusty_time),
                ("ntp-parser", walk::ntp_parser),
            ] {
                let got = f(&packet).unwrap();
                println!("{pname} {name}: {}", verdict(&got, &want));
            }
        }
    }
}

/// The floor: what touching the 48 octets costs at all. A hand-written
/// decode into a plain struct and an encode from it, with no validation
/// and no types, over a fixed-size array (so no length check either).
pub mod floor {
    /// The header as plain integers.
    #[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
    pub struct Plain {
        pub li_vn_mode: u8,
        pub stratum: u8,
        pub poll: i8,
        pub precision: i8,
        pub root_delay: u32,
        pub root_dispersion: u32,
        pub reference_id: u32,
        pub reference: u64,
        pub origin: u64,
        pub receive: u64,
        pub transmit: u64,
    }

    fn u32_at<const AT: usize>(b: &[u8; 48]) -> u32 {
        u32::from_be_bytes([b[AT], b[AT + 1], b[AT + 2], b[AT + 3]])
    }

    fn u64_at<const AT: usize>(b: &[u8; 48]) -> u64 {
        u64::from_be_bytes([
            b[AT],
            b[AT + 1],
            b[AT + 2],
            b[AT + 3],
            b[AT + 4],
            b[AT + 5],
            b[AT + 6],
            b[AT + 7],
        ])
    }

    #[inline]
    pub fn decode(b: &[u8; 48]) -> Plain {
        Plain {
            li_vn_mode: b[0],
            stratum: b[1],
            poll: b[2] as i8,
            precision: b[3] as i8,
            root_delay: u32_at::<4>(b),
            root_dispersion: u32_at::<8>(b),
            reference_id: u32_at::<12>(b),
            reference: u64_at::<16>(b),
            origin: u64_at::<24>(b),
            receive: u64_at::<32>(b),
            transmit: u64_at::<40>(b),
        }
    }

    /// [`decode`] behind the checks ntp-wire's parse makes (length, version
    /// 1 to 4, mode not 6 or 7), with a one-octet error: what validation
    /// costs at the least.
    #[inline]
    pub fn decode_checked(b: &[u8]) -> Result<Plain, u8> {
        let Some(b) = b.first_chunk::<48>() else {
            return Err(0);
        };
        let version = (b[0] >> 3) & 0b111;
        if !(1..=4).contains(&version) || b[0] & 0b111 >= 6 {
            return Err(1);
        }
        Ok(decode(b))
    }

    /// [`encode`] into a slice, length checked.
    #[inline]
    pub fn encode_checked(p: &Plain, out: &mut [u8]) -> Result<usize, u8> {
        let Some(out) = out.first_chunk_mut::<48>() else {
            return Err(0);
        };
        encode(p, out);
        Ok(48)
    }

    #[inline]
    pub fn encode(p: &Plain, out: &mut [u8; 48]) {
        out[0] = p.li_vn_mode;
        out[1] = p.stratum;
        out[2] = p.poll as u8;
        out[3] = p.precision as u8;
        out[4..8].copy_from_slice(&p.root_delay.to_be_bytes());
        out[8..12].copy_from_slice(&p.root_dispersion.to_be_bytes());
        out[12..16].copy_from_slice(&p.reference_id.to_be_bytes());
        out[16..24].copy_from_slice(&p.reference.to_be_bytes());
        out[24..32].copy_from_slice(&p.origin.to_be_bytes());
        out[32..40].copy_from_slice(&p.receive.to_be_bytes());
        out[40..48].copy_from_slice(&p.transmit.to_be_bytes());
    }
}
