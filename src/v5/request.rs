//! Building NTPv5 requests and replies (draft-ietf-ntp-ntpv5-07 sections
//! 6, 7.1 and 10).

use super::value::{FieldValue, ReferenceIdsRequest};
use super::{BloomFilter, Cookie, FieldWriter, Flags, Header, Packet, Timescale, POLL_NEVER};
use crate::fields::{ExtensionFieldType, Mode, Stratum};
use crate::trailer::layout::FIELD_HEADER_LEN;
use crate::wire::pad4;
use crate::{Error, Result, V5Rule};

/// The Draft Identification of draft-ietf-ntp-ntpv5-07 (ntpd-rs 1.7 spoke
/// -06; nothing released speaks -07).
pub const DRAFT_07: &str = "draft-ietf-ntp-ntpv5-07";
/// The Draft Identification of draft-ietf-ntp-ntpv5-08: what ntpd-rs 1.8,
/// 1.9 and 2.0.0-alpha.20260715 speak, and the default of the builders.
/// ntpd-rs 1.9 drops requests with any other string, or none.
pub const DRAFT_08: &str = "draft-ietf-ntp-ntpv5-08";
/// The Draft Identification of draft-ietf-ntp-ntpv5-09, which ntpd-rs
/// speaks after 2.0.0-alpha.20260715 (commit 2f21eebe).
pub const DRAFT_09: &str = "draft-ietf-ntp-ntpv5-09";

/// Octets a field with a value of `value_len` takes, padding included.
const fn extent(value_len: usize) -> usize {
    pad4(FIELD_HEADER_LEN + value_len)
}

/// An NTPv5 client request (draft-ietf-ntp-ntpv5-07 section 6): a header
/// that is zero except the version, the mode (3), the timescale asked
/// for, the interleaved flag and the cookies; then a Draft Identification
/// (for a draft server), a Reference IDs Request if asked, and Padding up
/// to a chosen length.
///
/// ```
/// use ntp_wire::v5::{Cookie, Header, Packet, ReferenceIdsRequest, Request, DRAFT_09};
///
/// let request = Request {
///     reference_ids: Some(ReferenceIdsRequest { offset: 0, length: 16 }),
///     pad_to: 128,
///     ..Request::new(Cookie::from_u64(0x0b61_51a7_683a_30d8))
/// };
/// let mut buf = [0u8; 256];
/// let len = request.emit(&mut buf)?;
/// assert_eq!((len, request.buffer_len()), (128, 128));
/// let packet = Packet::new_checked(&buf[..len])?;
/// assert_eq!(Header::parse(&packet)?, request.header());
/// assert_eq!(packet.fields().check()?, 3); // draft id, reference ids, padding
///
/// // ntpd-rs after 2.0.0-alpha.20260715 speaks draft 9.
/// let nine = Request { draft: Some(DRAFT_09), ..Request::new(Cookie::from_u64(1)) };
/// assert_eq!(nine.emit(&mut buf)?, 76);
/// assert_eq!(&buf[52..75], DRAFT_09.as_bytes());
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Request<'a> {
    /// The timescale asked for (octet 12).
    pub timescale: Timescale,
    /// Ask for interleaved mode (flag 0x0002; section 8).
    pub interleaved: bool,
    /// The server cookie of the last response, for interleaved mode;
    /// zero in basic mode.
    pub server_cookie: Cookie,
    /// A fresh random client cookie: the response echoes it.
    pub client_cookie: Cookie,
    /// The Draft Identification to send ([`DRAFT_08`] by default); `None`
    /// for the final protocol, which has none.
    pub draft: Option<&'a str>,
    /// A Reference IDs Request to send.
    pub reference_ids: Option<ReferenceIdsRequest>,
    /// Pad the packet with one Padding field to this many octets (a
    /// multiple of 4; 0, or no more than the fields take: no padding). A
    /// server answers with as many octets, so a client can ask room for
    /// fields it expects back.
    pub pad_to: usize,
}

impl Request<'static> {
    /// A basic UTC request with `client_cookie` and the Draft
    /// Identification ntpd-rs 1.9 speaks ([`DRAFT_08`]).
    #[must_use]
    pub const fn new(client_cookie: Cookie) -> Request<'static> {
        Request {
            timescale: Timescale::UTC,
            interleaved: false,
            server_cookie: Cookie::ZERO,
            client_cookie,
            draft: Some(DRAFT_08),
            reference_ids: None,
            pad_to: 0,
        }
    }
}

impl Request<'_> {
    /// The header of the request.
    #[must_use]
    pub const fn header(&self) -> Header {
        Header {
            timescale: self.timescale,
            flags: if self.interleaved {
                Flags::INTERLEAVED
            } else {
                Flags::NONE
            },
            server_cookie: self.server_cookie,
            ..Header::request(self.client_cookie)
        }
    }

    /// Octets the fields take before any padding.
    fn fields_len(&self) -> usize {
        let draft = match self.draft {
            Some(d) => extent(d.len()),
            None => 0,
        };
        let refids = match self.reference_ids {
            Some(r) => extent(usize::from(r.length)),
            None => 0,
        };
        super::HEADER_LEN + draft + refids
    }

    /// Octets [`Request::emit`] writes.
    #[must_use]
    pub fn buffer_len(&self) -> usize {
        self.fields_len().max(self.pad_to)
    }

    /// Writes the request into the start of `buf` and returns its length.
    /// [`Error::BufferTooSmall`] if it does not fit;
    /// [`V5Rule::PaddingLength`] for a `pad_to` that is no multiple of 4;
    /// [`V5Rule::ValueTooShort`] for a Reference IDs Request of fewer than
    /// 2 octets.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        self.header().emit_slice(buf)?;
        let mut w = FieldWriter::new(buf)?;
        if let Some(d) = self.draft {
            w.draft_identification(d)?;
        }
        if let Some(r) = self.reference_ids {
            w.reference_ids_request(r)?;
        }
        if self.pad_to > w.position() {
            w.pad_to(self.pad_to)?;
        }
        Ok(w.finish())
    }
}

/// An NTPv5 server's reply to a request (draft-ietf-ntp-ntpv5-07 sections
/// 7 and 10), laid out as ntpd-rs 1.9 lays out its own: the header given,
/// answered in mode 4 with the request's client cookie; then, in the
/// request's order, an echo of each NTS Unique Identifier and a Reference
/// IDs Response for each Reference IDs Request that falls inside the
/// filter (others are ignored, as section 7.4 says); then the Draft
/// Identification; then one Padding field so that the reply is exactly
/// as long as the request (section 7.1).
///
/// A draft server (`draft` is `Some`) answers only requests that carry
/// the same Draft Identification ([`V5Rule::DraftMissing`],
/// [`V5Rule::DraftMismatch`], as ntpd-rs does); a final-protocol server
/// (`None`) only those without ([`V5Rule::DraftUnexpected`]). Other
/// fields are ignored: the reply builder does not sign (a MAC or NTS is
/// the caller's, over the ranges the walk gives).
///
/// ```
/// use ntp_wire::v5::{BloomFilter, Cookie, Header, Packet, ReferenceIdsRequest, Reply, Request};
/// use ntp_wire::{Mode, Stratum};
///
/// let mut buf = [0u8; 144];
/// let len = Request {
///     reference_ids: Some(ReferenceIdsRequest { offset: 0, length: 64 }),
///     pad_to: 144,
///     ..Request::new(Cookie::from_u64(42))
/// }
/// .emit(&mut buf)?;
/// let request = &buf[..len];
///
/// let mut filter = BloomFilter::new();
/// filter.set(7);
/// let reply = Reply {
///     reference_ids: Some(&filter),
///     ..Reply::new(Header { stratum: Stratum(1), ..Header::new(Mode::Server) })
/// };
/// let mut out = [0u8; 1500];
/// let len = reply.emit(request, &mut out)?;
/// assert_eq!(len, 144);
/// let packet = Packet::new_checked(&out[..len])?;
/// assert_eq!(packet.client_cookie(), Cookie::from_u64(42));
/// let first = packet.fields().next().unwrap()?;
/// assert_eq!((first.length(), first.body()[0]), (68, 0x80));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reply<'a> {
    /// What the server says: leap, stratum, poll, precision, root delay
    /// and dispersion, timescale, era, flags, server cookie, receive and
    /// transmit timestamps. The mode (4) and the client cookie are taken
    /// from the request.
    pub header: Header,
    /// The server's Draft Identification ([`DRAFT_08`] by default), `None`
    /// for the final protocol.
    pub draft: Option<&'a str>,
    /// The server's Bloom filter, to answer Reference IDs Requests; `None`
    /// leaves them unanswered.
    pub reference_ids: Option<&'a BloomFilter>,
}

impl Reply<'static> {
    /// A reply with `header` and the Draft Identification of ntpd-rs 1.9.
    #[must_use]
    pub const fn new(header: Header) -> Reply<'static> {
        Reply {
            header,
            draft: Some(DRAFT_08),
            reference_ids: None,
        }
    }

    /// The refusal ntpd-rs 1.9 sends a denied client: stratum 0, poll 127
    /// ([`POLL_NEVER`]: do not come back, NTPv5's DENY), LI 0, flags 0,
    /// everything else zero but the `server_cookie` (ntpd-rs makes a
    /// random one; there is no kiss code in NTPv5). RATE is the same with
    /// a poll above the client's.
    #[must_use]
    pub const fn deny(server_cookie: Cookie) -> Reply<'static> {
        Reply::new(Header {
            stratum: Stratum(0),
            poll: POLL_NEVER,
            server_cookie,
            ..Header::new(Mode::Server)
        })
    }
}

impl Reply<'_> {
    /// The value this reply gives in answer to `field` of the request, if
    /// any: the echo of a Unique Identifier, the filter chunk of a
    /// Reference IDs Request that falls inside it.
    fn answer<'r>(
        &'r self,
        field: &crate::trailer::ExtensionField<'r>,
    ) -> Result<Option<FieldValue<'r>>> {
        Ok(match field.field_type() {
            ExtensionFieldType::NTS_UNIQUE_IDENTIFIER => Some(FieldValue::Other(*field)),
            ExtensionFieldType::V5_REFERENCE_IDS_REQUEST => {
                let FieldValue::ReferenceIdsRequest(r) = FieldValue::read(field)? else {
                    return Ok(None);
                };
                self.reference_ids
                    .and_then(|f| f.chunk(usize::from(r.offset), usize::from(r.length)))
                    .map(FieldValue::ReferenceIdsResponse)
            }
            _ => None,
        })
    }

    /// Writes the reply to `request` (a whole NTPv5 request, read
    /// strictly) into `out` and returns its length, which is the
    /// request's. Errors: the request's own ([`Packet::new_checked`], its
    /// field walk); [`Error::NotARequest`] for a response;
    /// the draft rules above; [`Error::BufferTooSmall`] for an `out`
    /// shorter than the request.
    pub fn emit(&self, request: &[u8], out: &mut [u8]) -> Result<usize> {
        let packet = Packet::new_checked(request)?;
        if packet.mode() != Mode::Client {
            return Err(Error::NotARequest {
                mode: packet.mode(),
            });
        }
        // First pass: the draft rule, before anything is written. The
        // answers take no more room than the fields they answer (an echo,
        // a chunk as long as the request's), so the reply fits the
        // request's length whenever the draft strings match.
        let mut draft = None;
        for f in packet.fields() {
            let f = f?;
            if f.field_type() == ExtensionFieldType::V5_DRAFT_IDENTIFICATION && draft.is_none() {
                draft = Some(f);
            }
            self.answer(&f)?;
        }
        match (self.draft, draft) {
            (Some(_), None) => return Err(Error::v5(super::HEADER_LEN, V5Rule::DraftMissing)),
            (Some(ours), Some(f)) if f.body() != ours.as_bytes() => {
                return Err(Error::v5(f.offset(), V5Rule::DraftMismatch))
            }
            (None, Some(f)) => return Err(Error::v5(f.offset(), V5Rule::DraftUnexpected)),
            _ => {}
        }
        if out.len() < request.len() {
            return Err(Error::buffer_too_small(request.len(), out.len()));
        }
        // Second pass: write.
        Header {
            mode: Mode::Server,
            client_cookie: packet.client_cookie(),
            ..self.header
        }
        .emit_slice(out)?;
        let mut w = FieldWriter::new(out)?;
        for f in packet.fields().flatten() {
            if let Some(v) = self.answer(&f)? {
                w.value(&v)?;
            }
        }
        if let Some(d) = self.draft {
            w.draft_identification(d)?;
        }
        w.pad_to(request.len())
    }
}
