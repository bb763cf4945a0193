//! ntpd's private messages (mode 7): what `ntpdc` sends and ntpd answers,
//! and what the monlist reflection attacks of 2013-2014 used
//! (CVE-2013-5211).
//!
//! Mode 7 has no RFC. Its one specification is the header comment of
//! ntpd's `include/ntp_request.h`; what ntpd accepts is read from
//! `process_private` in `ntpd/ntp_request.c`, what ntpdc sends and
//! accepts from `sendrequest` and `getresponse` in `ntpdc/ntpdc.c`
//! (ntp-project/ntp, NTP 4.2.8 and 4.3). Wireshark's `dissect_ntp_priv`
//! and scapy's `NTPPrivate` read the same layout. ntpd has answered mode
//! 7 only with `enable mode7` since 4.2.7p230; NTPsec and chrony never
//! answer it.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |R|M| VN  | Mode|A|  Sequence   | Implementation|   Req Code    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |  Err  | Number of data items  |  MBZ  |   Size of data item   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .   Data: items, then padding (requests: 176 octets at most of    .
//! .   items; responses: 500 octets at most)                         .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .   Requests with A set: timestamp (64), key id (32), digest      .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! - [`Packet`]: the zero-copy view, checked once ([`Packet::check`]
//!   lists the rules, those of ntpd and ntpdc); [`Header`]: the owned
//!   8-octet header; [`Implementation`], [`RequestCode`], [`ErrorCode`]:
//!   the numbered fields, which keep any value.
//! - [`Items`]: the data items, each an [`Item`] borrowed from the buffer.
//! - [`Authenticator`]: where ntpd finds timestamp, key id and digest of
//!   an authenticated request ([`AuthLayout`]), and the octets the digest
//!   covers. No digest is computed here.
//! - [`RequestBuilder`]: requests as ntpdc builds them, with or without
//!   authenticator ([`Signing`] says where the digest goes).
//! - [`is_monlist_request`]: the monitor-list request of CVE-2013-5211,
//!   as the Emerging Threats signatures match it.
//!
//! The authenticated layouts are ntpd's, not the fixed size of
//! `struct req_pkt`: a 16-octet digest (MD5) in the last 20 octets
//! (ntpdc's 212-octet requests), a longer one right after the items
//! (ntpdc's SHA-1 requests: 44 octets for one 4-octet item). A 216-octet
//! request with SHA-1 in the fixed layout is, by ntpd's rule, an MD5-sized
//! MAC at the end unless its items fill the data area; ntpd refuses it and
//! ntpdc never sends it ([`Authenticator`] has the rule).
//!
//! No-panic contract: [`Packet::new_checked`], [`Header::parse`],
//! [`Items::new`], [`RequestBuilder::build`] and
//! [`RequestBuilder::build_authenticated`] take any input and return a
//! value or an [`Error`](crate::Error); after a successful `new_checked`
//! no getter or setter panics. Only a view made with
//! [`Packet::new_unchecked`] over fewer than 8 octets panics in its header
//! getters, as its documentation says.
//!
//! ```
//! use ntp_wire::private::{Implementation, Packet, RequestBuilder, RequestCode};
//!
//! // A PEER_INFO request naming one peer (an info_peer_list item, 32
//! // octets at implementation 3), as ntpdc sends it: 192 octets.
//! let mut item = [0u8; 32];
//! item[..4].copy_from_slice(&[127, 0, 0, 2]);
//! item[4..6].copy_from_slice(&123u16.to_be_bytes());
//! let mut buf = [0u8; 192];
//! let len = RequestBuilder::new(Implementation::XNTPD, RequestCode::PEER_INFO)
//!     .items(32, &item)
//!     .ntpdc_size()
//!     .build(&mut buf)?;
//! assert_eq!(len, 192);
//!
//! let request = Packet::new_checked(&buf[..len])?;
//! assert_eq!((request.nitems(), request.item_size()), (1, 32));
//! let first = request.items().next().unwrap();
//! assert_eq!((first.offset(), &first.as_bytes()[..4]), (8, &[127, 0, 0, 2][..]));
//! assert_eq!(request.padding().len(), 192 - 8 - 32);
//! assert!(!request.is_monlist_request());
//!
//! // Hostile shapes are typed errors.
//! buf[6] |= 0x10; // an MBZ bit
//! assert_eq!(
//!     Packet::new_checked(&buf[..len]).unwrap_err(),
//!     ntp_wire::Error::Private { offset: 6, rule: ntp_wire::PrivateRule::Mbz { mbz: 1 } },
//! );
//! # Ok::<(), ntp_wire::Error>(())
//! ```

mod auth;
mod code;
mod field;
mod header;
mod items;
mod monlist;
mod packet;
mod request;

pub use auth::{AuthLayout, Authenticator};
pub use code::{ErrorCode, Implementation, RequestCode};
pub use field::{
    AUTHENTICATED_MAX_LEN, HEADER_LEN, NTPDC_REQUEST_LEN, REQUEST_DATA_MAX, RESPONSE_DATA_MAX,
};
pub use header::Header;
pub use items::{Item, Items};
pub use monlist::is_monlist_request;
pub use packet::Packet;
pub use request::{RequestBuilder, Signing};

#[cfg(test)]
mod tests;
