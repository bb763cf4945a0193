//! Request builders: client (mode 3) and symmetric active (mode 1)
//! (RFC 5905 sections 7.3 and 9.1).

use crate::fields::{Mode, Version};
use crate::header::Header;
use crate::time::Timestamp;
use crate::{Error, Result};

/// A client request (mode 3): every field zero but version, mode and the
/// transmit timestamp.
///
/// This is the data-minimised request of current practice
/// (draft-ietf-ntp-data-minimization section 3; chrony and NTPsec's ntpdig
/// send the same): a server needs only the mode and version to answer and
/// echoes `transmit` as the reply's origin. `transmit` may be the send time
/// or a random value (chrony's default, so that a request does not reveal
/// the client's clock); either way remember it to match the reply, and
/// pass the true send time as T1 to [`ResponseCheck`](super::ResponseCheck).
///
/// A zero `transmit` is refused ([`Error::ZeroTransmitTimestamp`]): the
/// reply would carry a zero origin, which means "unset" (RFC 5905 section
/// 7.3) and matches no request, so [`ResponseCheck`](super::ResponseCheck)
/// could never accept it. (The wire value is zero at exactly
/// 2036-02-07 06:28:16 UTC, the start of era 1: a client reading its clock
/// then tries again, or sends a random value.)
///
/// Any [`Version`] is written as given; 1 to 4 are the ones servers answer
/// (Windows sends 3, chrony and ntpd echo it).
///
/// ```
/// use ntp_wire::exchange::client_request;
/// use ntp_wire::{Error, Timestamp, Version};
///
/// let bytes = client_request(Version::V3, Timestamp::new(1, 2))?.to_bytes();
/// assert_eq!(bytes[0], 0x1b); // LI 0, version 3, mode 3
/// assert_eq!(&bytes[1..40], &[0u8; 39][..]);
/// assert_eq!(&bytes[40..48], &[0, 0, 0, 1, 0, 0, 0, 2]);
/// assert_eq!(client_request(Version::V4, Timestamp::ZERO), Err(Error::ZeroTransmitTimestamp));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
pub const fn client_request(version: Version, transmit: Timestamp) -> Result<Header> {
    minimal(version, Mode::Client, transmit)
}

/// A symmetric active request (mode 1), as Windows Time sends for a peer
/// flagged 0x4 (or without a mode flag on a machine that serves time):
/// every field zero but version, mode and the transmit timestamp, as in
/// [`client_request`], and a zero `transmit` refused the same way.
///
/// A server that keeps no association answers it with mode 2 (chrony,
/// NTPsec from 1.2.5); a server that answers only clients drops it
/// (NTPsec up to 1.2.4, RFC 5905 section 9.2 leaves it to the server's
/// configuration).
///
/// ```
/// use ntp_wire::exchange::symmetric_active_request;
/// use ntp_wire::{Mode, Timestamp, Version};
///
/// let request = symmetric_active_request(Version::V3, Timestamp::new(1, 2))?;
/// assert_eq!((request.mode, request.to_bytes()[0]), (Mode::SymmetricActive, 0x19));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
pub const fn symmetric_active_request(version: Version, transmit: Timestamp) -> Result<Header> {
    minimal(version, Mode::SymmetricActive, transmit)
}

const fn minimal(version: Version, mode: Mode, transmit: Timestamp) -> Result<Header> {
    if transmit.is_zero() {
        return Err(Error::ZeroTransmitTimestamp);
    }
    let mut header = Header::new(version, mode);
    header.transmit_timestamp = transmit;
    Ok(header)
}
