//! What a UDP payload on port 123 is: the one classification of octet 0.
//!
//! Every NTP message starts with the same octet, LI (2 bits), version
//! (3 bits) and mode (3 bits) (RFC 5905 section 7.3; RFC 9327 section 2
//! and ntpd's `ntp_request.h` keep the version and mode bits in place),
//! and those bits alone say how the rest is laid out:
//!
//! | version | mode | kind | header |
//! |---|---|---|---|
//! | 1-3 | 0-5 | [`Kind::TimeV1To3`]: header, then at most one authenticator | 48 |
//! | 4 | 0-5 | [`Kind::TimeV4`]: header, extension fields, MAC (RFC 7822) | 48 |
//! | 5 | any | [`Kind::TimeV5`]: NTPv5 (draft-ietf-ntp-ntpv5) | 48 |
//! | 1-4 | 6 | [`Kind::Control`]: control message (RFC 9327) | 12 |
//! | 1-4 | 7 | [`Kind::Private`]: ntpd's private message | 8 |
//! | 0, 6, 7 | any | no NTP version: [`Error::BadVersion`] | |
//!
//! The version is read first: an NTPv5 packet in mode 6 is an NTPv5
//! packet (whose reader refuses the mode), not a control message. This
//! module is the only place where these rules are written; the views of
//! each kind ([`Packet::new_checked`](crate::Packet::new_checked) and the
//! rest) and the front door ([`Message::parse`](crate::Message::parse))
//! all ask it.

use core::fmt;

use crate::fields::{Mode, Version};
use crate::{Error, Result};

/// The kind of an NTP message, from octet 0 (see the
/// [module documentation](self) for the table).
///
/// ```
/// use ntp_wire::Kind;
///
/// assert_eq!(Kind::of(&[0x23])?, Kind::TimeV4); // version 4, client
/// assert_eq!(Kind::of(&[0x1b])?, Kind::TimeV1To3); // version 3, client (Windows)
/// assert_eq!(Kind::of(&[0x16])?, Kind::Control); // version 2, mode 6 (ntpq)
/// assert_eq!(Kind::of(&[0x17])?, Kind::Private); // version 2, mode 7 (ntpdc)
/// assert_eq!(Kind::of(&[0x2b])?, Kind::TimeV5); // version 5, client
/// assert_eq!(Kind::TimeV4.header_len(), 48);
/// assert_eq!(
///     Kind::of(&[0x03]).unwrap_err(),
///     ntp_wire::Error::BadVersion { version: 0 },
/// );
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Kind {
    /// Versions 1 to 3 (RFC 1059, 1119, 1305), modes 0 to 5: the 48-octet
    /// header of RFC 5905 section 7.3, then at most one authenticator
    /// (key id and digest), never extension fields.
    TimeV1To3,
    /// Version 4 (RFC 5905), modes 0 to 5: the 48-octet header, extension
    /// fields (RFC 7822) and a MAC.
    TimeV4,
    /// Version 5 (draft-ietf-ntp-ntpv5): a 48-octet header of another
    /// layout, then NTPv5 extension fields.
    TimeV5,
    /// Mode 6 at versions 1 to 4: a control message (RFC 9327, RFC 1305
    /// appendix B), 12-octet header.
    Control,
    /// Mode 7 at versions 1 to 4: an ntpd private message (`ntpdc`),
    /// 8-octet header.
    Private,
}

/// Bit `VN << 3 | Mode` is set for the (version, mode) pairs of the
/// 48-octet v1-v4 header: versions 1 to 4, modes 0 to 5. One shift and
/// mask decides the common case.
const TIME_V1_TO_V4: u64 = {
    let mut mask = 0u64;
    let mut vn = 1;
    while vn <= 4 {
        mask |= 0x3f << (vn * 8);
        vn += 1;
    }
    mask
};

impl Kind {
    /// The kind octet 0 announces; [`Error::BadVersion`] for versions 0,
    /// 6 and 7.
    #[inline]
    pub const fn of_octet0(octet0: u8) -> Result<Kind> {
        let version = (octet0 >> 3) & 0b111;
        match (version, octet0 & 0b111) {
            (0 | 6 | 7, _) => Err(Error::BadVersion { version }),
            (5, _) => Ok(Kind::TimeV5),
            (_, 6) => Ok(Kind::Control),
            (_, 7) => Ok(Kind::Private),
            (4, _) => Ok(Kind::TimeV4),
            _ => Ok(Kind::TimeV1To3),
        }
    }

    /// The kind of `payload` (a whole UDP payload): [`Error::Truncated`]
    /// for an empty one, else [`Kind::of_octet0`]. Only octet 0 is read;
    /// each kind's view checks the rest.
    #[inline]
    pub const fn of(payload: &[u8]) -> Result<Kind> {
        match payload.first() {
            Some(&octet0) => Kind::of_octet0(octet0),
            None => Err(Error::Truncated {
                needed: 1,
                available: 0,
            }),
        }
    }

    /// Octets of the fixed header of this kind: 48 for time packets
    /// (RFC 5905 section 7.3, and NTPv5's), 12 for control messages
    /// (RFC 9327 section 2), 8 for private messages (`ntp_request.h`).
    #[must_use]
    pub const fn header_len(self) -> usize {
        match self {
            Kind::TimeV1To3 | Kind::TimeV4 | Kind::TimeV5 => 48,
            Kind::Control => 12,
            Kind::Private => 8,
        }
    }

    /// `true` for the kinds that use the v1-v4 header of RFC 5905 section
    /// 7.3 ([`Packet`](crate::Packet) reads them).
    #[must_use]
    pub const fn is_time_v1_to_v4(self) -> bool {
        matches!(self, Kind::TimeV1To3 | Kind::TimeV4)
    }

    /// What people call it: "NTPv4 time packet", "control message", ...
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Kind::TimeV1To3 => "NTPv1-v3 time packet",
            Kind::TimeV4 => "NTPv4 time packet",
            Kind::TimeV5 => "NTPv5 time packet",
            Kind::Control => "control message (mode 6)",
            Kind::Private => "private message (mode 7)",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The rule of [`Packet::check`](crate::Packet::check): `Ok` for a v1-v4
/// time packet's octet 0, else the error that says what it is instead.
/// The common case is one shift and mask.
#[inline]
pub(crate) const fn check_time_v1_to_v4(octet0: u8) -> Result<()> {
    if is_time_v1_to_v4(octet0) {
        return Ok(());
    }
    not_time_v1_to_v4(octet0)
}

/// `true` when octet 0 is an NTPv4 time packet's ([`Kind::TimeV4`]):
/// version 4, mode 0 to 5.
#[inline(always)]
pub(crate) const fn is_time_v4(octet0: u8) -> bool {
    (octet0 & 0b0011_1000 == 4 << 3) & (octet0 & 0b111 < 6)
}

/// `true` when octet 0 is a v1-v4 time packet's ([`Kind::TimeV1To3`] or
/// [`Kind::TimeV4`]): one shift and mask.
#[inline(always)]
pub(crate) const fn is_time_v1_to_v4(octet0: u8) -> bool {
    (TIME_V1_TO_V4 >> (octet0 & 0x3f)) & 1 == 1
}

/// The error for an octet 0 that [`check_time_v1_to_v4`] refused.
#[cold]
const fn not_time_v1_to_v4(octet0: u8) -> Result<()> {
    match Kind::of_octet0(octet0) {
        Err(e) => Err(e),
        Ok(Kind::TimeV5) => Err(Error::Ntpv5),
        Ok(_) => Err(Error::UnsupportedMode {
            mode: Mode::from_bits(octet0),
        }),
    }
}

/// The version rule for a request to be answered at: a v1-v4 version
/// (`Ok`), [`Error::Ntpv5`] for 5, [`Error::BadVersion`] for 0, 6, 7.
#[inline]
pub(crate) const fn check_time_version(version: Version) -> Result<Version> {
    match version.to_bits() {
        1..=4 => Ok(version),
        5 => Err(Error::Ntpv5),
        v => Err(Error::BadVersion { version: v }),
    }
}

/// The UDP port of NTP (RFC 5905 section 7.2).
pub const NTP_PORT: u16 = 123;

/// The mode a v1-v4 time packet acts in, given the UDP port it came
/// from: its mode field, except that an NTPv1 packet has no mode field
/// (RFC 1059 reserves those bits, so they read 0) and one sent from a
/// port other than 123 is a client request, as chrony reads it
/// (`ntp_core.c`, `process_request`: "NTPv1 packets have a reserved field
/// instead of the mode field and the actual mode is determined from the
/// port numbers"). From port 123 the mode stays 0, which chrony discards.
#[must_use]
pub const fn association_mode(octet0: u8, source_port: u16) -> Mode {
    let mode = Mode::from_bits(octet0);
    let version = (octet0 >> 3) & 0b111;
    if version == 1 && matches!(mode, Mode::Reserved) && source_port != NTP_PORT {
        Mode::Client
    } else {
        mode
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_octet0() {
        for octet0 in 0..=255u8 {
            let (vn, mode) = ((octet0 >> 3) & 7, octet0 & 7);
            let expected = match (vn, mode) {
                (0 | 6 | 7, _) => Err(Error::BadVersion { version: vn }),
                (5, _) => Ok(Kind::TimeV5),
                (1..=4, 6) => Ok(Kind::Control),
                (1..=4, 7) => Ok(Kind::Private),
                (4, _) => Ok(Kind::TimeV4),
                _ => Ok(Kind::TimeV1To3),
            };
            assert_eq!(Kind::of_octet0(octet0), expected, "{octet0:#04x}");
            assert_eq!(Kind::of(&[octet0, 9, 9]), expected);
            let fast = match expected {
                Ok(Kind::TimeV1To3 | Kind::TimeV4) => Ok(()),
                Ok(Kind::TimeV5) => Err(Error::Ntpv5),
                Ok(_) => Err(Error::UnsupportedMode {
                    mode: Mode::from_bits(mode),
                }),
                Err(e) => Err(e),
            };
            assert_eq!(check_time_v1_to_v4(octet0), fast, "{octet0:#04x}");
            assert_eq!(
                expected.map(Kind::is_time_v1_to_v4).unwrap_or(false),
                fast.is_ok()
            );
            assert_eq!(is_time_v4(octet0), expected == Ok(Kind::TimeV4));
        }
        assert_eq!(
            Kind::of(&[]),
            Err(Error::Truncated {
                needed: 1,
                available: 0
            })
        );
    }

    #[test]
    fn names_and_lengths() {
        extern crate std;
        use std::string::ToString;
        let all = [
            (Kind::TimeV1To3, 48, "NTPv1-v3 time packet"),
            (Kind::TimeV4, 48, "NTPv4 time packet"),
            (Kind::TimeV5, 48, "NTPv5 time packet"),
            (Kind::Control, 12, "control message (mode 6)"),
            (Kind::Private, 8, "private message (mode 7)"),
        ];
        for (kind, len, name) in all {
            assert_eq!(kind.header_len(), len);
            assert_eq!(kind.to_string(), name);
        }
    }

    #[test]
    fn time_versions() {
        for v in 0..8 {
            let version = Version::from_bits(v);
            let expected = match v {
                1..=4 => Ok(version),
                5 => Err(Error::Ntpv5),
                _ => Err(Error::BadVersion { version: v }),
            };
            assert_eq!(check_time_version(version), expected);
        }
    }

    #[test]
    fn ntpv1_mode_zero_from_a_client_port() {
        // version 1, mode 0: a client request unless it comes from 123.
        assert_eq!(association_mode(0x08, 1024), Mode::Client);
        assert_eq!(association_mode(0x08, NTP_PORT), Mode::Reserved);
        // Only version 1 has no mode field.
        assert_eq!(association_mode(0x10, 1024), Mode::Reserved);
        assert_eq!(association_mode(0x20, 1024), Mode::Reserved);
        // Any real mode is kept, at any port.
        assert_eq!(association_mode(0x09, 1024), Mode::SymmetricActive);
        assert_eq!(association_mode(0x0c, NTP_PORT), Mode::Server);
    }
}
