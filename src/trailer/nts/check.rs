//! The NTS request and response rules (RFC 8915 sections 5.7 and 5.8).

use super::super::{ExtensionFieldType as T, Trailer, TrailerItem};
use super::{NtsAuthenticator, NtsCookie, NtsCookiePlaceholder, NtsUniqueIdentifier};
use crate::header::HEADER_LEN;
use crate::{Error, Result, TrailerRule};

fn fail<V>(offset: usize, rule: TrailerRule) -> Result<V> {
    Err(Error::trailer(offset, rule))
}

/// An NTS client request checked against RFC 8915 section 5.7: one Unique
/// Identifier, exactly one NTS Cookie, any number of Cookie Placeholders
/// each as long as the cookie field, and the NTS Authenticator last (no
/// MAC after it). Other fields may come before the authenticator.
///
/// ```
/// use ntp_wire::trailer::nts::{write_request, NtsRequest};
/// use ntp_wire::{Header, Mode, Timestamp, Version};
///
/// // Lay out a request (the AEAD is the caller's), then check it.
/// let mut buf = [0u8; 512];
/// Header { transmit_timestamp: Timestamp::new(1, 0), ..Header::new(Version::V4, Mode::Client) }
///     .emit_slice(&mut buf)?;
/// let layout = write_request(&mut buf, &[0x11; 32], &[0x22; 100], 1, 16, 16)?;
/// let request = NtsRequest::parse(&buf[..layout.len])?;
/// assert_eq!(request.unique_id.id(), &[0x11; 32][..]);
/// assert_eq!(request.cookie.cookie(), &[0x22; 100][..]);
/// assert_eq!(request.placeholders, 1);
/// assert_eq!(request.authenticator.nonce_range(), layout.nonce);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NtsRequest<'a> {
    /// The Unique Identifier (RFC 8915 section 5.7).
    pub unique_id: NtsUniqueIdentifier<'a>,
    /// The cookie (RFC 8915 section 5.7).
    pub cookie: NtsCookie<'a>,
    /// Number of Cookie Placeholders: the client asks for this many more
    /// cookies (RFC 8915 section 5.7).
    pub placeholders: usize,
    /// The authenticator, the last field (RFC 8915 section 5.7).
    pub authenticator: NtsAuthenticator<'a>,
}

/// An NTS server response checked against RFC 8915 section 5.8: the Unique
/// Identifier of the request and the NTS Authenticator last; no cookie or
/// placeholder outside the encrypted part. A response that is a NTS NAK
/// (kiss code NTSN) has no authenticator: check the header first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct NtsResponse<'a> {
    /// The Unique Identifier, echoed from the request (RFC 8915 section 5.7).
    pub unique_id: NtsUniqueIdentifier<'a>,
    /// The authenticator, the last field (RFC 8915 section 5.7).
    pub authenticator: NtsAuthenticator<'a>,
}

struct Seen<'a> {
    unique_id: Option<NtsUniqueIdentifier<'a>>,
    cookie: Option<NtsCookie<'a>>,
    placeholder: Option<NtsCookiePlaceholder<'a>>,
    placeholders: usize,
    authenticator: Option<NtsAuthenticator<'a>>,
}

fn walk(packet: &[u8], request: bool) -> Result<Seen<'_>> {
    let mut s = Seen {
        unique_id: None,
        cookie: None,
        placeholder: None,
        placeholders: 0,
        authenticator: None,
    };
    for item in Trailer::new(packet) {
        let item = item?;
        if s.authenticator.is_some() {
            return fail(
                item.offset(),
                TrailerRule::FieldNotLast {
                    field_type: T::NTS_AUTHENTICATOR,
                },
            );
        }
        let TrailerItem::Field(f) = item else {
            // A MAC or crypto-NAK without an authenticator before it.
            return fail(
                item.offset(),
                TrailerRule::FieldMissing {
                    field_type: T::NTS_AUTHENTICATOR,
                },
            );
        };
        let at = f.offset();
        match f.field_type() {
            T::NTS_UNIQUE_IDENTIFIER if s.unique_id.is_some() => {
                return fail(
                    at,
                    TrailerRule::FieldRepeated {
                        field_type: T::NTS_UNIQUE_IDENTIFIER,
                    },
                )
            }
            T::NTS_UNIQUE_IDENTIFIER => s.unique_id = Some(NtsUniqueIdentifier::new(f)?),
            T::NTS_COOKIE | T::NTS_COOKIE_PLACEHOLDER if !request => {
                return fail(
                    at,
                    TrailerRule::FieldUnexpected {
                        field_type: f.field_type(),
                    },
                )
            }
            T::NTS_COOKIE if s.cookie.is_some() => {
                return fail(
                    at,
                    TrailerRule::FieldRepeated {
                        field_type: T::NTS_COOKIE,
                    },
                )
            }
            T::NTS_COOKIE => s.cookie = Some(NtsCookie::new(f)?),
            T::NTS_COOKIE_PLACEHOLDER => {
                let p = NtsCookiePlaceholder::new(f)?;
                // Every placeholder as long as the first; the first as long
                // as the cookie, checked at the end.
                if let Some(first) = s.placeholder {
                    if first.field().length() != f.length() {
                        return fail(
                            at,
                            TrailerRule::NtsPlaceholderSize {
                                cookie: first.field().length(),
                                placeholder: f.length(),
                            },
                        );
                    }
                } else {
                    s.placeholder = Some(p);
                }
                s.placeholders += 1;
            }
            T::NTS_AUTHENTICATOR => s.authenticator = Some(NtsAuthenticator::new(f)?),
            _ => {}
        }
    }
    Ok(s)
}

impl<'a> NtsRequest<'a> {
    /// Checks `packet` (header included) as an NTS request (RFC 8915 section 5.7).
    pub fn parse(packet: &'a [u8]) -> Result<NtsRequest<'a>> {
        let s = walk(packet, true)?;
        let end = packet.len();
        let Some(unique_id) = s.unique_id else {
            return fail(
                HEADER_LEN,
                TrailerRule::FieldMissing {
                    field_type: T::NTS_UNIQUE_IDENTIFIER,
                },
            );
        };
        let Some(cookie) = s.cookie else {
            return fail(
                HEADER_LEN,
                TrailerRule::FieldMissing {
                    field_type: T::NTS_COOKIE,
                },
            );
        };
        if let Some(p) = s.placeholder {
            if p.field().length() != cookie.field().length() {
                return fail(
                    p.field().offset(),
                    TrailerRule::NtsPlaceholderSize {
                        cookie: cookie.field().length(),
                        placeholder: p.field().length(),
                    },
                );
            }
        }
        let Some(authenticator) = s.authenticator else {
            return fail(
                end,
                TrailerRule::FieldMissing {
                    field_type: T::NTS_AUTHENTICATOR,
                },
            );
        };
        Ok(NtsRequest {
            unique_id,
            cookie,
            placeholders: s.placeholders,
            authenticator,
        })
    }
}

impl<'a> NtsResponse<'a> {
    /// Checks `packet` (header included) as an NTS response (RFC 8915 section 5.7).
    pub fn parse(packet: &'a [u8]) -> Result<NtsResponse<'a>> {
        let s = walk(packet, false)?;
        let Some(unique_id) = s.unique_id else {
            return fail(
                HEADER_LEN,
                TrailerRule::FieldMissing {
                    field_type: T::NTS_UNIQUE_IDENTIFIER,
                },
            );
        };
        let Some(authenticator) = s.authenticator else {
            return fail(
                packet.len(),
                TrailerRule::FieldMissing {
                    field_type: T::NTS_AUTHENTICATOR,
                },
            );
        };
        Ok(NtsResponse {
            unique_id,
            authenticator,
        })
    }
}
