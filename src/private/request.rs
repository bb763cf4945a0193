//! Building requests as ntpdc does (`sendrequest` in `ntpdc/ntpdc.c`).

use core::ops::Range;

use super::auth::{locate, AuthLayout};
use super::code::{Implementation, RequestCode};
use super::field;
use super::header::Header;
use crate::fields::Version;
use crate::time::Timestamp;
use crate::trailer::MacAlgorithm;
use crate::wire::{pad4, to_u16};
use crate::{Error, PrivateField, PrivateRule, Result};

/// A request to build: header fields, the items, and the size to pad to.
/// Plain `Copy` configuration; [`build`](Self::build) and
/// [`build_authenticated`](Self::build_authenticated) write every octet
/// of the message into a `&mut [u8]`, so the buffer's old content never
/// leaks.
///
/// By default the message is the header and the items, nothing more (what
/// scapy builds and ntpd takes); [`ntpdc_size`](Self::ntpdc_size) pads
/// it with zeros to 192 octets, the size of every request ntpdc 4.2.8
/// sends (`REQ_LEN_NOMAC`: header, 176-octet data area, timestamp).
///
/// ```
/// use ntp_wire::private::{Implementation, Packet, RequestBuilder, RequestCode};
/// use ntp_wire::Timestamp;
///
/// // ntpdc -c "enable monitor": SET_SYS_FLAG with one 4-octet item, MD5.
/// let flags = 0x10u32.to_be_bytes();
/// let request = RequestBuilder::new(Implementation::XNTPD, RequestCode::SET_SYS_FLAG)
///     .items(4, &flags)
///     .ntpdc_size();
/// let mut buf = [0u8; 216];
/// let signing = request.build_authenticated(&mut buf, Timestamp::new(0xeebc_9000, 0x1234_5678), 1, 16)?;
/// assert_eq!((signing.len, signing.authenticated.clone(), signing.digest.clone()), (212, 0..192, 196..212));
/// // The caller writes MD5(key || buf[0..192]) into buf[196..212]; then:
/// let packet = Packet::new_checked(&buf[..signing.len])?;
/// assert_eq!(packet.authenticator().map(|a| a.key_id()), Some(1));
///
/// // The same with SHA-1: the tail follows the item, 44 octets in all.
/// let signing = request.build_authenticated(&mut buf, Timestamp::new(0xeebc_9000, 0x1234_5678), 2, 20)?;
/// assert_eq!((signing.len, signing.authenticated, signing.digest), (44, 0..20, 24..44));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestBuilder<'a> {
    /// Version, implementation and request code (the rest is computed).
    header: Header,
    /// The items, concatenated.
    items: &'a [u8],
    /// Octets before any key id: at least header and items.
    size: usize,
}

/// Where to put the MAC of an authenticated request that
/// [`RequestBuilder::build_authenticated`] wrote: the caller computes the
/// digest of `authenticated` (for ntpd: `MD5(key || octets)` or
/// `SHA1(key || octets)`) and writes it at `digest`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Signing {
    /// Octets of the whole request.
    pub len: usize,
    /// Where ntpd will find the tail.
    pub layout: AuthLayout,
    /// The octets the digest covers: the request up to its key id.
    pub authenticated: Range<usize>,
    /// Where the digest goes (zeros until the caller writes it).
    pub digest: Range<usize>,
}

impl<'a> RequestBuilder<'a> {
    /// A request of `request_code` to `implementation`, version 2, no
    /// items, no padding.
    #[must_use]
    pub const fn new(
        implementation: Implementation,
        request_code: RequestCode,
    ) -> RequestBuilder<'a> {
        RequestBuilder {
            header: Header::request(implementation, request_code),
            items: &[],
            size: field::DATA,
        }
    }

    /// The version number to send (ntpdc: 2; ntpd takes 1 to 4).
    #[must_use]
    pub const fn version(mut self, version: Version) -> RequestBuilder<'a> {
        self.header.version = version;
        self
    }

    /// The items: `items` holds whole items of `item_size` octets,
    /// concatenated (the number of items is computed). ntpdc also sends
    /// an item size with no items (`MBZ_ITEMSIZE(qsize)`, "allow for
    /// optional first item"): give an empty `items` for that.
    #[must_use]
    pub const fn items(mut self, item_size: u16, items: &'a [u8]) -> RequestBuilder<'a> {
        self.header.item_size = item_size;
        self.items = items;
        self
    }

    /// Pads the request with zeros to `size` octets before any key id
    /// (for a 16-octet digest; ntpdc puts the tail of a longer digest
    /// right after the items whatever its size). Below the header and the
    /// items (and timestamp, when authenticated) it has no effect.
    #[must_use]
    pub const fn size(mut self, size: usize) -> RequestBuilder<'a> {
        self.size = size;
        self
    }

    /// Pads to 192 octets, as ntpdc 4.2.8 sends every request
    /// (`REQ_LEN_NOMAC`); 212 with an MD5 authenticator.
    #[must_use]
    pub const fn ntpdc_size(self) -> RequestBuilder<'a> {
        self.size(field::NTPDC_REQUEST_LEN)
    }

    /// The header the request will have (A clear): the number of items
    /// computed from the items given. [`PrivateRule::FieldTooWide`] for an
    /// item size above 4095, [`PrivateRule::ItemsNotWhole`] for items that
    /// are no whole number of items, [`PrivateRule::RequestItemsTooLong`]
    /// for items longer than the 176-octet data area.
    pub fn header(&self) -> Result<Header> {
        let size = self.header.item_size;
        if size > field::TWELVE_BITS {
            return Err(Error::private(
                field::MBZ_ITEMSIZE.start,
                PrivateRule::FieldTooWide {
                    field: PrivateField::ItemSize,
                    value: size,
                },
            ));
        }
        let len = self.items.len();
        let nitems = match len.checked_div(usize::from(size)) {
            Some(n) if n * usize::from(size) == len => n,
            None if len == 0 => 0,
            _ => {
                return Err(Error::private(
                    field::DATA,
                    PrivateRule::ItemsNotWhole {
                        len: to_u16(len),
                        item_size: size,
                    },
                ))
            }
        };
        if len > field::REQUEST_DATA_MAX {
            return Err(Error::private(
                field::DATA,
                PrivateRule::RequestItemsTooLong {
                    nitems: to_u16(nitems),
                    item_size: size,
                },
            ));
        }
        Ok(Header {
            nitems: nitems as u16,
            ..self.header
        })
    }

    /// Octets [`build`](Self::build) writes: header and items, or the
    /// size asked for if more.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        (field::DATA + self.items.len()).max(self.size)
    }

    /// Writes the request without authenticator into `buf` and returns
    /// its length: the errors of [`header`](Self::header), and
    /// [`Error::BufferTooSmall`].
    pub fn build(&self, buf: &mut [u8]) -> Result<usize> {
        let header = self.header()?;
        let len = self.buffer_len();
        self.write(buf, &header, len)?;
        Ok(len)
    }

    /// Writes the request with the A bit and an authenticator, the digest
    /// left as zeros, and says where the digest goes ([`Signing`]), in the
    /// layout ntpdc uses and ntpd reads ([`AuthLayout`]):
    ///
    /// - a 16-octet digest (MD5, `digest_len` 16): the request padded to
    ///   [`size`](Self::size) (at least header, items and timestamp,
    ///   rounded up to 4), the timestamp in its last 8 octets, then key id
    ///   and digest: 212 octets with [`ntpdc_size`](Self::ntpdc_size);
    /// - a 20-octet digest (SHA-1): header, items, timestamp (ending on a
    ///   4-octet boundary), key id, digest, whatever the size.
    ///
    /// Errors: those of [`header`](Self::header);
    /// [`PrivateRule::AuthMacLength`] for a digest length that makes no
    /// mode 7 MAC ([`MacAlgorithm::for_length`] at version 4);
    /// [`PrivateRule::AuthTooLong`] past 216 octets;
    /// [`PrivateRule::AuthMisplaced`] where ntpd would look for the key id
    /// elsewhere (a size 1 to 4 octets past header, items and timestamp:
    /// ntpdc's own 212-octet MD5 request with 169 to 172 octets of items
    /// is one); [`Error::BufferTooSmall`].
    pub fn build_authenticated(
        &self,
        buf: &mut [u8],
        timestamp: Timestamp,
        key_id: u32,
        digest_len: usize,
    ) -> Result<Signing> {
        let header = Header {
            authenticated: true,
            ..self.header()?
        };
        let items_end = field::DATA + self.items.len();
        let noslop = pad4(items_end + field::TIMESTAMP_LEN);
        let mac_len = digest_len.saturating_add(4);
        if MacAlgorithm::for_length(mac_len, 4).is_none() {
            return Err(Error::private(
                noslop,
                PrivateRule::AuthMacLength {
                    mac_len: mac_len.min(255) as u8,
                },
            ));
        }
        let key_at = if mac_len == field::MD5_MAC_LEN {
            noslop.max(pad4(self.size))
        } else {
            noslop
        };
        let len = key_at + mac_len;
        let (layout, found) = locate(len, self.items.len())?;
        if found != key_at {
            return Err(Error::private(
                key_at,
                PrivateRule::AuthMisplaced { len: to_u16(len) },
            ));
        }
        let out = self.write(buf, &header, len)?;
        out[key_at - field::TIMESTAMP_LEN..key_at].copy_from_slice(&timestamp.to_be_bytes());
        out[key_at..key_at + 4].copy_from_slice(&key_id.to_be_bytes());
        Ok(Signing {
            len,
            layout,
            authenticated: 0..key_at,
            digest: key_at + 4..len,
        })
    }

    /// Writes header and items, zeros to `len`, and gives the `len` octets.
    fn write<'b>(&self, buf: &'b mut [u8], header: &Header, len: usize) -> Result<&'b mut [u8]> {
        let available = buf.len();
        let Some(out) = buf.get_mut(..len) else {
            return Err(Error::buffer_too_small(len, available));
        };
        let (head, rest) = out.split_at_mut(field::DATA);
        head.copy_from_slice(&header.to_bytes()?);
        let (items, fill) = rest.split_at_mut(self.items.len());
        items.copy_from_slice(self.items);
        fill.fill(0);
        Ok(out)
    }
}
