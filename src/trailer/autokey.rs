//! Autokey messages (RFC 5906 section 10), as ntpd 4.2 put them on the
//! wire.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |R|E| Version 2 |     Code      |            Length             |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Association ID                        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                           Timestamp                           |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                           Filestamp                           |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                          Value Length                         |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .                    Value (padded to a word)                   .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                        Signature Length                       |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .                  Signature (padded to a word)                 .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! The first two octets are the field type: R (response), E (error) and
//! the Autokey version 2 in the first, the message code in the second. So
//! a cookie request is 0x0203, its response 0x8203, an error 0xC203. The
//! IANA registry once listed these values byte-swapped (0x0302...), and
//! RFC 9748 keeps the swapped values reserved; what ntpd sent is what this
//! module reads.
//!
//! 0x0204 (autokey request) is also the NTS Cookie of RFC 8915. Nothing on
//! the wire tells them apart: an association uses one or the other. This
//! crate reads 0x0204 as NTS unless the caller asks for [`AutokeyField`].
//!
//! Requests may stop after the association id (ntpd sent 8-octet fields,
//! below RFC 7822's 16: read them with a lenient walk); every part after
//! it is read only if present, and every length is checked against the
//! field, with no arithmetic that can overflow (historic parsers did).

use super::ExtensionField;
use crate::wire::{be_u32, pad4, wire_enum};
use crate::{Error, Result, TrailerRule};

wire_enum! {
    /// The message code, the second octet of the field type (RFC 5906
    /// section 10).
    pub struct AutokeyCode(u8) as "{}";
    /// 0: no operation.
    NO_OPERATION = 0 => "no operation",
    /// 1: association message (host name, status word).
    ASSOCIATION = 1 => "association",
    /// 2: certificate message.
    CERTIFICATE = 2 => "certificate",
    /// 3: cookie message.
    COOKIE = 3 => "cookie",
    /// 4: autokey message.
    AUTOKEY = 4 => "autokey",
    /// 5: leapseconds values message.
    LEAP = 5 => "leapseconds",
    /// 6: sign message.
    SIGN = 6 => "sign",
    /// 7: IFF identity message.
    IFF = 7 => "IFF identity",
    /// 8: GQ identity message.
    GQ = 8 => "GQ identity",
    /// 9: MV identity message.
    MV = 9 => "MV identity",
}

/// An extension field read as an Autokey message header (RFC 5906 section 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AutokeyField<'a> {
    field: ExtensionField<'a>,
}

const RESPONSE: u8 = 0x80;
const ERROR: u8 = 0x40;
const VERSION_MASK: u8 = 0x3f;

mod body {
    use core::ops::Range;
    pub(super) const ASSOCIATION_ID: Range<usize> = 0..4;
    pub(super) const TIMESTAMP: Range<usize> = 4..8;
    pub(super) const FILESTAMP: Range<usize> = 8..12;
    pub(super) const VALUE_LENGTH: Range<usize> = 12..16;
    pub(super) const VALUE: usize = 16;
}

impl<'a> AutokeyField<'a> {
    /// Reads `field` as Autokey (any field type is accepted: the caller
    /// knows the association uses Autokey; RFC 5906 section 10).
    #[must_use]
    pub const fn new(field: ExtensionField<'a>) -> AutokeyField<'a> {
        AutokeyField { field }
    }

    /// The R bit: a response (RFC 5906 section 10).
    #[must_use]
    pub fn is_response(&self) -> bool {
        self.field.as_bytes()[0] & RESPONSE != 0
    }

    /// The E bit: an error response (RFC 5906 section 10).
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.field.as_bytes()[0] & ERROR != 0
    }

    /// The Autokey version, the low 6 bits of the first octet (2 in ntpd; RFC 5906 section 10).
    #[must_use]
    pub fn version(&self) -> u8 {
        self.field.as_bytes()[0] & VERSION_MASK
    }

    /// The message code, the second octet (RFC 5906 section 10).
    #[must_use]
    pub fn code(&self) -> AutokeyCode {
        AutokeyCode(self.field.as_bytes()[1])
    }

    /// The field read (RFC 5906 section 10).
    #[must_use]
    pub const fn field(&self) -> ExtensionField<'a> {
        self.field
    }

    /// The message body, every length checked against the field (RFC 5906 section 10).
    pub fn message(&self) -> Result<AutokeyMessage<'a>> {
        let b = self.field.body();
        let at = |r: usize| self.field.body_range().start + r;
        let fail = |offset, rule| Err(Error::trailer(offset, rule));
        if b.len() < body::ASSOCIATION_ID.end {
            return fail(
                self.field.offset(),
                TrailerRule::FieldBodyTooShort {
                    field_type: self.field.field_type(),
                    body_len: b.len() as u16,
                    minimum: body::ASSOCIATION_ID.end as u16,
                },
            );
        }
        let word = |r: core::ops::Range<usize>| b.get(r.clone()).map(|_| be_u32(b, r));
        let mut m = AutokeyMessage {
            association_id: be_u32(b, body::ASSOCIATION_ID),
            timestamp: word(body::TIMESTAMP),
            filestamp: word(body::FILESTAMP),
            value: None,
            signature: None,
        };
        let Some(vallen) = word(body::VALUE_LENGTH) else {
            return Ok(m);
        };
        let rest = &b[body::VALUE..];
        let Some(value) = usize::try_from(vallen).ok().and_then(|n| rest.get(..n)) else {
            return fail(
                at(body::VALUE_LENGTH.start),
                TrailerRule::AutokeyValueLength { length: vallen },
            );
        };
        m.value = Some(value);
        let sig_at = body::VALUE + pad4(value.len()).min(rest.len());
        let Some(siglen) = word(sig_at..sig_at + 4) else {
            return Ok(m);
        };
        let rest = &b[sig_at + 4..];
        let Some(sig) = usize::try_from(siglen).ok().and_then(|n| rest.get(..n)) else {
            return fail(
                at(sig_at),
                TrailerRule::AutokeySignatureLength { length: siglen },
            );
        };
        m.signature = Some(sig);
        Ok(m)
    }
}

/// The body of an Autokey message. Parts after the association id are
/// `None` when the field ends before them (RFC 5906 section 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AutokeyMessage<'a> {
    /// Association ID (RFC 5906 section 10).
    pub association_id: u32,
    /// Timestamp (NTP seconds of the signature; RFC 5906 section 10).
    pub timestamp: Option<u32>,
    /// Filestamp (NTP seconds of the file the value came from; RFC 5906 section 10).
    pub filestamp: Option<u32>,
    /// Value, without its padding (RFC 5906 section 10).
    pub value: Option<&'a [u8]>,
    /// Signature, without its padding (RFC 5906 section 10).
    pub signature: Option<&'a [u8]>,
}
