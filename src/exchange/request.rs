//! Request builders: client (mode 3) and symmetric active (mode 1).

use crate::fields::{Mode, Version};
use crate::header::Header;
use crate::time::Timestamp;

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
/// Any [`Version`] is written as given; 1 to 4 are the ones servers answer
/// (Windows sends 3, chrony and ntpd echo it).
///
/// ```
/// use ntp_wire::exchange::client_request;
/// use ntp_wire::{Timestamp, Version};
///
/// let bytes = client_request(Version::V3, Timestamp::new(1, 2)).to_bytes();
/// assert_eq!(bytes[0], 0x1b); // LI 0, version 3, mode 3
/// assert_eq!(&bytes[1..40], &[0u8; 39][..]);
/// assert_eq!(&bytes[40..48], &[0, 0, 0, 1, 0, 0, 0, 2]);
/// ```
#[must_use]
pub const fn client_request(version: Version, transmit: Timestamp) -> Header {
    minimal(version, Mode::Client, transmit)
}

/// A symmetric active request (mode 1), as Windows Time sends by default:
/// every field zero but version, mode and the transmit timestamp, as in
/// [`client_request`].
///
/// A server that keeps no association answers it with mode 2 (chrony); a
/// server that answers only clients drops it (NTPsec 1.2.2).
#[must_use]
pub const fn symmetric_active_request(version: Version, transmit: Timestamp) -> Header {
    minimal(version, Mode::SymmetricActive, transmit)
}

const fn minimal(version: Version, mode: Mode, transmit: Timestamp) -> Header {
    let mut header = Header::new(version, mode);
    header.transmit_timestamp = transmit;
    header
}
