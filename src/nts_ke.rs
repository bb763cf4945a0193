//! NTS Key Establishment records (RFC 8915 section 4), read and written
//! without TLS: the caller feeds the application data of the TLS 1.3
//! session in and out. Not an NTP packet and not a trailer: a record
//! stream of its own, with its own rules ([`NtsKeRule`]).
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |C|         Record Type         |          Body Length          |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! .                           Record Body                         .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! A message is a sequence of records ending with a critical End of
//! Message (section 4.1.1). [`Records`] walks any byte string; offsets in
//! errors ([`Error::NtsKe`]) count from its start. [`check_message`] applies the body rules
//! of each known record type; unknown types are kept as they are.

use core::ops::Range;

use crate::wire::{be_u16, to_u32, wire_enum, Span};
use crate::{Error, NtsKeRule, Result};

mod field {
    use core::ops::Range;
    pub(super) const TYPE: Range<usize> = 0..2;
    pub(super) const BODY_LENGTH: Range<usize> = 2..4;
    pub(super) const HEADER_LEN: usize = 4;
    pub(super) const CRITICAL: u16 = 0x8000;
}

wire_enum! {
    /// The 15-bit record type (RFC 8915 section 7.4 registry).
    pub struct RecordType(u16) as "{}";
    /// 0, End of Message (section 4.1.1).
    END_OF_MESSAGE = 0 => "End of Message",
    /// 1, NTS Next Protocol Negotiation (section 4.1.2).
    NEXT_PROTOCOL = 1 => "NTS Next Protocol Negotiation",
    /// 2, Error (section 4.1.3).
    ERROR = 2 => "Error",
    /// 3, Warning (section 4.1.4).
    WARNING = 3 => "Warning",
    /// 4, AEAD Algorithm Negotiation (section 4.1.5).
    AEAD_ALGORITHM = 4 => "AEAD Algorithm Negotiation",
    /// 5, New Cookie for NTPv4 (section 4.1.6).
    NEW_COOKIE = 5 => "New Cookie for NTPv4",
    /// 6, NTPv4 Server Negotiation (section 4.1.7).
    SERVER = 6 => "NTPv4 Server Negotiation",
    /// 7, NTPv4 Port Negotiation (section 4.1.8).
    PORT = 7 => "NTPv4 Port Negotiation",
}

/// One record, borrowed from the stream (RFC 8915 section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Record<'a> {
    span: Span<'a>,
}

/// A record body read by its type (RFC 8915 section 4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordBody<'a> {
    /// End of Message.
    EndOfMessage,
    /// Next protocol ids (0 = NTPv4).
    NextProtocols(U16List<'a>),
    /// Error code (0 unrecognized critical record, 1 bad request, 2
    /// internal server error).
    Error(u16),
    /// Warning code.
    Warning(u16),
    /// AEAD algorithm ids (IANA AEAD registry: 15 = AEAD_AES_SIV_CMAC_256).
    AeadAlgorithms(U16List<'a>),
    /// A cookie for NTPv4.
    NewCookie(&'a [u8]),
    /// The NTPv4 server: an ASCII host name or IP address.
    Server(&'a [u8]),
    /// The NTPv4 UDP port.
    Port(u16),
    /// A type this crate does not know: its body as is.
    Unknown(&'a [u8]),
}

impl<'a> Record<'a> {
    /// The critical bit (RFC 8915 section 4).
    #[must_use]
    pub fn critical(&self) -> bool {
        be_u16(self.span.bytes(), field::TYPE) & field::CRITICAL != 0
    }

    /// The record type (15 bits; RFC 8915 section 4).
    #[must_use]
    pub fn record_type(&self) -> RecordType {
        RecordType(be_u16(self.span.bytes(), field::TYPE) & !field::CRITICAL)
    }

    /// The body (RFC 8915 section 4).
    #[must_use]
    pub fn body(&self) -> &'a [u8] {
        &self.span.bytes()[field::HEADER_LEN..]
    }

    /// The record as on the wire (RFC 8915 section 4).
    #[must_use]
    pub const fn as_bytes(&self) -> &'a [u8] {
        self.span.bytes()
    }

    /// Offset of the record in the stream (RFC 8915 section 4).
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.span.offset()
    }

    /// Where the record lies in the stream (RFC 8915 section 4).
    #[must_use]
    pub const fn range(&self) -> Range<usize> {
        self.span.range()
    }

    /// The body read by type; [`NtsKeRule::BodyLength`] when its size is
    /// wrong for the type.
    pub fn parse_body(&self) -> Result<RecordBody<'a>> {
        let body = self.body();
        let t = self.record_type();
        let bad = || {
            Error::nts_ke(
                self.offset(),
                NtsKeRule::BodyLength {
                    record_type: t.0,
                    body_len: body.len() as u16,
                },
            )
        };
        let u16_body = || {
            if body.len() == 2 {
                Ok(be_u16(body, 0..2))
            } else {
                Err(bad())
            }
        };
        let list = || {
            if body.len() % 2 == 0 {
                Ok(U16List(body))
            } else {
                Err(bad())
            }
        };
        Ok(match t {
            RecordType::END_OF_MESSAGE if body.is_empty() => RecordBody::EndOfMessage,
            RecordType::END_OF_MESSAGE => return Err(bad()),
            RecordType::NEXT_PROTOCOL => RecordBody::NextProtocols(list()?),
            RecordType::ERROR => RecordBody::Error(u16_body()?),
            RecordType::WARNING => RecordBody::Warning(u16_body()?),
            RecordType::AEAD_ALGORITHM => RecordBody::AeadAlgorithms(list()?),
            RecordType::NEW_COOKIE => RecordBody::NewCookie(body),
            RecordType::SERVER => RecordBody::Server(body),
            RecordType::PORT => RecordBody::Port(u16_body()?),
            _ => RecordBody::Unknown(body),
        })
    }
}

/// A list of big-endian 16-bit values, borrowed (RFC 8915 section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct U16List<'a>(&'a [u8]);

impl<'a> U16List<'a> {
    /// The values in order (RFC 8915 section 4).
    pub fn iter(&self) -> impl Iterator<Item = u16> + 'a {
        self.0
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
    }

    /// Number of values (RFC 8915 section 4).
    #[must_use]
    pub const fn len(&self) -> usize {
        self.0.len() / 2
    }

    /// `true` for an empty list (RFC 8915 section 4).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A zero-copy walk of NTS-KE records. After an error it ends (RFC 8915 section 4).
#[derive(Debug, Clone)]
pub struct Records<'a> {
    data: &'a [u8],
    pos: usize,
    done: bool,
}

impl<'a> Records<'a> {
    /// A walk of `data`, the TLS application data of one direction (RFC 8915 section 4).
    #[must_use]
    pub const fn new(data: &'a [u8]) -> Records<'a> {
        Records {
            data,
            pos: 0,
            done: false,
        }
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<Record<'a>>;

    fn next(&mut self) -> Option<Result<Record<'a>>> {
        let rest = self
            .data
            .get(self.pos..)
            .filter(|r| !r.is_empty() && !self.done)?;
        let offset = self.pos;
        if self.data.len() > u32::MAX as usize {
            self.done = true;
            return Some(Err(Error::nts_ke(0, NtsKeRule::StreamTooLong)));
        }
        if rest.len() < field::HEADER_LEN {
            self.done = true;
            return Some(Err(Error::nts_ke(
                offset,
                NtsKeRule::HeaderTruncated {
                    available: rest.len() as u16,
                },
            )));
        }
        let body_len = be_u16(rest, field::BODY_LENGTH);
        let len = field::HEADER_LEN + usize::from(body_len);
        let Some(bytes) = rest.get(..len) else {
            self.done = true;
            return Some(Err(Error::nts_ke(
                offset,
                NtsKeRule::RecordPastEnd {
                    body_len,
                    available: to_u32(rest.len() - field::HEADER_LEN),
                },
            )));
        };
        self.pos += len;
        // The stream is at most u32::MAX octets, so the offset fits.
        Some(Ok(Record {
            span: Span::new(bytes, offset as u32),
        }))
    }
}

impl core::iter::FusedIterator for Records<'_> {}

/// Checks a whole NTS-KE message: every record reads, every known body has
/// its size, the critical bit is as RFC 8915 section 4.1 has it for each
/// type that fixes it (set on Next Protocol Negotiation, Error and
/// Warning, clear on New Cookie for NTPv4; either on the others), and the
/// last record, and only it, is a critical End of Message. Returns the
/// number of records.
pub fn check_message(data: &[u8]) -> Result<usize> {
    let mut count = 0;
    let mut ended = false;
    for record in Records::new(data) {
        let record = record?;
        let eom = Error::nts_ke(record.offset(), NtsKeRule::EndOfMessage);
        if ended {
            return Err(eom);
        }
        if let RecordBody::EndOfMessage = record.parse_body()? {
            if !record.critical() {
                return Err(eom);
            }
            ended = true;
        }
        let must_be_set = match record.record_type() {
            RecordType::NEXT_PROTOCOL | RecordType::ERROR | RecordType::WARNING => Some(true),
            RecordType::NEW_COOKIE => Some(false),
            _ => None,
        };
        if must_be_set.is_some_and(|set| set != record.critical()) {
            return Err(Error::nts_ke(
                record.offset(),
                NtsKeRule::CriticalBit {
                    record_type: record.record_type().0,
                    critical: record.critical(),
                },
            ));
        }
        count += 1;
    }
    if !ended {
        return Err(Error::nts_ke(data.len(), NtsKeRule::EndOfMessage));
    }
    Ok(count)
}

/// Appends NTS-KE records into a `&mut [u8]` (RFC 8915 section 4).
#[derive(Debug)]
pub struct RecordWriter<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> RecordWriter<'a> {
    /// A writer at the start of `buf` (RFC 8915 section 4).
    pub fn new(buf: &'a mut [u8]) -> RecordWriter<'a> {
        RecordWriter { buf, pos: 0 }
    }

    /// Octets written so far (RFC 8915 section 4).
    #[must_use]
    pub const fn position(&self) -> usize {
        self.pos
    }

    /// Appends a record of any type with a body given in parts (joined).
    fn record_parts(
        &mut self,
        critical: bool,
        record_type: RecordType,
        parts: &[&[u8]],
        body_len: usize,
    ) -> Result<Range<usize>> {
        let len_field = u16::try_from(body_len).map_err(|_| {
            Error::nts_ke(
                self.pos,
                NtsKeRule::RecordTooLong {
                    body_len: to_u32(body_len),
                },
            )
        })?;
        let end = self.pos + field::HEADER_LEN + body_len;
        let available = self.buf.len();
        let out = self
            .buf
            .get_mut(self.pos..end)
            .ok_or(Error::buffer_too_small(end, available))?;
        let ty = (record_type.0 & !field::CRITICAL) | if critical { field::CRITICAL } else { 0 };
        out[field::TYPE].copy_from_slice(&ty.to_be_bytes());
        out[field::BODY_LENGTH].copy_from_slice(&len_field.to_be_bytes());
        let mut at = field::HEADER_LEN;
        for p in parts {
            out[at..at + p.len()].copy_from_slice(p);
            at += p.len();
        }
        let range = self.pos..end;
        self.pos = end;
        Ok(range)
    }

    /// Appends a record; the type keeps its low 15 bits (RFC 8915 section 4).
    pub fn record(
        &mut self,
        critical: bool,
        record_type: RecordType,
        body: &[u8],
    ) -> Result<Range<usize>> {
        self.record_parts(critical, record_type, &[body], body.len())
    }

    fn u16_list(&mut self, critical: bool, t: RecordType, values: &[u16]) -> Result<Range<usize>> {
        let start = self.pos;
        let r = self.record_parts(critical, t, &[], values.len() * 2)?;
        for (i, v) in values.iter().enumerate() {
            let at = r.start + field::HEADER_LEN + 2 * i;
            self.buf[at..at + 2].copy_from_slice(&v.to_be_bytes());
        }
        debug_assert_eq!(r.start, start);
        Ok(r)
    }

    /// Next Protocol Negotiation (critical): `&[0]` for NTPv4 (RFC 8915 section 4).
    pub fn next_protocols(&mut self, protocols: &[u16]) -> Result<Range<usize>> {
        self.u16_list(true, RecordType::NEXT_PROTOCOL, protocols)
    }

    /// AEAD Algorithm Negotiation (critical, as chrony sends it; RFC 8915 section 4).
    pub fn aead_algorithms(&mut self, algorithms: &[u16]) -> Result<Range<usize>> {
        self.u16_list(true, RecordType::AEAD_ALGORITHM, algorithms)
    }

    /// Error (critical; RFC 8915 section 4).
    pub fn error(&mut self, code: u16) -> Result<Range<usize>> {
        self.record(true, RecordType::ERROR, &code.to_be_bytes())
    }

    /// Warning (critical; RFC 8915 section 4).
    pub fn warning(&mut self, code: u16) -> Result<Range<usize>> {
        self.record(true, RecordType::WARNING, &code.to_be_bytes())
    }

    /// New Cookie for NTPv4 (not critical; RFC 8915 section 4).
    pub fn new_cookie(&mut self, cookie: &[u8]) -> Result<Range<usize>> {
        self.record(false, RecordType::NEW_COOKIE, cookie)
    }

    /// NTPv4 Server Negotiation (RFC 8915 section 4).
    pub fn server(&mut self, critical: bool, host: &[u8]) -> Result<Range<usize>> {
        self.record(critical, RecordType::SERVER, host)
    }

    /// NTPv4 Port Negotiation (RFC 8915 section 4).
    pub fn port(&mut self, critical: bool, port: u16) -> Result<Range<usize>> {
        self.record(critical, RecordType::PORT, &port.to_be_bytes())
    }

    /// End of Message (critical); returns the message length (RFC 8915 section 4).
    pub fn end_of_message(mut self) -> Result<usize> {
        self.record(true, RecordType::END_OF_MESSAGE, &[])?;
        Ok(self.pos)
    }
}
