//! Builders for the requests ntpq sends (RFC 9327, "Commands"; what
//! NTPsec's `pylib/packet.py` and classic `ntpq` write), into a caller's
//! buffer, optionally with room for a MAC that the caller fills.

use core::fmt::Write as _;
use core::ops::Range;

use super::mac::MacAlignment;
use super::mru::Score;
use super::vars::Limits;
use super::{field, Header, Opcode, HEADER_LEN, MAX_DATA_LEN};
use crate::error::MruTag;
use crate::time::Timestamp;
use crate::trailer::MacAlgorithm;
use crate::wire::pad4;
use crate::{ControlRule, Error, Result};

/// The most `frags` a READ_MRU request may ask for (`MRU_FRAGS_LIMIT`).
pub const MRU_FRAGS_LIMIT: u16 = 128;
/// The most `limit` a READ_MRU request may ask for (`MRU_ROW_LIMIT`).
pub const MRU_ROW_LIMIT: u32 = 256;
/// The most `addr.N` / `last.N` pairs a server reads (N < 16).
pub const MRU_MAX_PRIORS: usize = 16;

/// How a request is signed: the key id, the algorithm (only for its
/// length: [`MacAlgorithm::for_length`]`(len, 4)` must know it), and where
/// the MAC goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Signing {
    /// The key id written before the digest.
    pub key_id: u32,
    /// The algorithm of the key, which fixes the digest's length.
    pub algorithm: MacAlgorithm,
    /// [`MacAlignment::Eight`] for ntpd and NTPsec up to 1.2.2,
    /// [`MacAlignment::Four`] for NTPsec 1.2.3 and later.
    pub alignment: MacAlignment,
}

/// What a builder wrote: the request's length, and where a signature goes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Built {
    /// Octets of the whole request.
    pub len: usize,
    /// For a signed request: the octets to hash (key ‖ these) and where
    /// the digest goes (zero-filled until the caller writes it).
    pub signature: Option<SignatureRanges>,
}

/// The ranges a caller needs to sign a request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SignatureRanges {
    /// Header, data and padding: everything before the key id.
    pub authenticated: Range<usize>,
    /// Where the key id is (written).
    pub key_id: Range<usize>,
    /// Where the digest goes.
    pub digest: Range<usize>,
}

/// Writes a request into a caller's buffer: the header, then data items
/// one by one, then the padding and, if asked, the room for a MAC.
///
/// Names and values are checked as a server will read them
/// (`ctl_getitem`): a name of 1 to 127 octets, a value of at most 127, no
/// space, comma, quote or control octet in either and no `=` in a name
/// ([`ControlRule::EmptyName`], [`ControlRule::NameTooLong`],
/// [`ControlRule::ValueTooLong`], [`ControlRule::BadOctet`]); at most 468
/// octets of data ([`ControlRule::CountTooLarge`]).
///
/// ```
/// use ntp_wire::control::{Header, MacAlignment, Opcode, RequestWriter, Signing};
/// use ntp_wire::trailer::MacAlgorithm;
///
/// // `ntpq -c "rv 0 version"` with MD5 key 1, the MAC at 8.
/// let mut buf = [0u8; 64];
/// let mut w = RequestWriter::new(&mut buf, Header::request(Opcode::READVAR, 2, 0))?;
/// w.variable("version", None)?;
/// let signing = Signing { key_id: 1, algorithm: MacAlgorithm::Md5, alignment: MacAlignment::Eight };
/// let built = w.finish(Some(signing))?;
/// let ranges = built.signature.unwrap();
/// assert_eq!((built.len, ranges.authenticated, ranges.digest), (44, 0..24, 28..44));
/// assert_eq!(&buf[12..24], b"version\0\0\0\0\0");
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug)]
pub struct RequestWriter<'b> {
    buf: &'b mut [u8],
    header: Header,
    len: usize,
    separator: &'static [u8],
}

/// A name or value octet a server reads as it was meant.
const fn plain(b: u8) -> bool {
    b > b' ' && b < 0x7f && b != b',' && b != b'"'
}

fn check_text(text: &[u8], at: usize, limit: u16, name: bool) -> Result<()> {
    if let Some(i) = text.iter().position(|&b| !plain(b) || (name && b == b'=')) {
        return Err(Error::control(
            at + i,
            ControlRule::BadOctet { octet: text[i] },
        ));
    }
    if text.len() > usize::from(limit) {
        let len = crate::wire::to_u32(text.len());
        let rule = if name {
            ControlRule::NameTooLong { len, limit }
        } else {
            ControlRule::ValueTooLong { len, limit }
        };
        return Err(Error::control(at, rule));
    }
    Ok(())
}

impl<'b> RequestWriter<'b> {
    /// A writer of a request with `header` (its count and offset are
    /// written by [`RequestWriter::finish`]); [`Error::BufferTooSmall`]
    /// below 12 octets.
    pub fn new(buf: &'b mut [u8], header: Header) -> Result<RequestWriter<'b>> {
        if buf.len() < HEADER_LEN {
            return Err(Error::buffer_too_small(HEADER_LEN, buf.len()));
        }
        Ok(RequestWriter {
            buf,
            header,
            len: 0,
            separator: b",",
        })
    }

    /// Separate items with `", "`, as ntpq's `mrulist` does (`rv` uses
    /// `","`, the default).
    #[must_use]
    pub fn spaced(mut self) -> RequestWriter<'b> {
        self.separator = b", ";
        self
    }

    /// Octets of data written so far.
    #[must_use]
    pub const fn data_len(&self) -> usize {
        self.len
    }

    fn append(&mut self, bytes: &[u8]) -> Result<()> {
        let end = self.len + bytes.len();
        if end > MAX_DATA_LEN {
            let count = u16::try_from(end).unwrap_or(u16::MAX);
            return Err(Error::control(
                field::COUNT.start,
                ControlRule::CountTooLarge { count },
            ));
        }
        let at = HEADER_LEN + self.len;
        let Some(dst) = self.buf.get_mut(at..at + bytes.len()) else {
            return Err(Error::buffer_too_small(at + bytes.len(), self.buf.len()));
        };
        dst.copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    /// Appends `name` or `name=value`, after the separator if it is not
    /// the first item. Nothing is written if it fails.
    pub fn variable(&mut self, name: &str, value: Option<&str>) -> Result<&mut Self> {
        let (name, value) = (name.as_bytes(), value.map(str::as_bytes));
        let sep = if self.len == 0 {
            &b""[..]
        } else {
            self.separator
        };
        let at = HEADER_LEN + self.len + sep.len();
        if name.is_empty() {
            return Err(Error::control(at, ControlRule::EmptyName));
        }
        check_text(name, at, Limits::REQUEST.name, true)?;
        if let Some(v) = value {
            check_text(v, at + name.len() + 1, Limits::REQUEST.value, false)?;
        }
        let total = sep.len() + name.len() + value.map_or(0, |v| v.len() + 1);
        if self.len + total > MAX_DATA_LEN {
            let count = u16::try_from(self.len + total).unwrap_or(u16::MAX);
            return Err(Error::control(
                field::COUNT.start,
                ControlRule::CountTooLarge { count },
            ));
        }
        let before = self.len;
        let written =
            self.append(sep)
                .and_then(|()| self.append(name))
                .and_then(|()| match value {
                    Some(v) => self.append(b"=").and_then(|()| self.append(v)),
                    None => Ok(()),
                });
        if written.is_err() {
            self.len = before;
        }
        written.map(|()| self)
    }

    /// Appends `name=value` with the value formatted (numbers, hex).
    fn formatted(&mut self, name: &str, value: core::fmt::Arguments<'_>) -> Result<&mut Self> {
        let mut text = Text::<32>::new();
        // 32 octets hold every number this module writes.
        let _ = text.write_fmt(value);
        self.variable(name, Some(text.as_str()))
    }

    /// Appends raw data (CONFIGURE text, say), unchecked but for the
    /// 468-octet bound.
    pub fn raw(&mut self, data: &[u8]) -> Result<&mut Self> {
        self.append(data).map(|()| self)
    }

    /// Appends READ_MRU's parameters (see [`MruQuery`]), in the order
    /// NTPsec's ntpq writes them.
    pub fn mru_query(&mut self, q: &MruQuery<'_>) -> Result<&mut Self> {
        let at = HEADER_LEN + self.len;
        let fail = |tag, value| Err(Error::control(at, ControlRule::MruParameter { tag, value }));
        if q.nonce.is_empty() {
            return Err(Error::control(at, ControlRule::MissingValue));
        }
        match (q.frags, q.limit) {
            (None, None) => return fail(MruTag::Frags, 0),
            (Some(f), _) if f > MRU_FRAGS_LIMIT => return fail(MruTag::Frags, u32::from(f)),
            (_, Some(l)) if l == 0 || l > MRU_ROW_LIMIT => return fail(MruTag::Limit, l),
            _ => {}
        }
        if q.priors.len() > MRU_MAX_PRIORS {
            return fail(MruTag::Addr, crate::wire::to_u32(q.priors.len()));
        }
        let before = self.len;
        let written = self.mru_items(q);
        if written.is_err() {
            self.len = before;
        }
        written.map(|()| self)
    }

    fn mru_items(&mut self, q: &MruQuery<'_>) -> Result<()> {
        self.variable("nonce", Some(q.nonce))?;
        if let Some(v) = q.frags {
            self.formatted("frags", format_args!("{v}"))?;
        }
        if let Some(v) = q.limit {
            self.formatted("limit", format_args!("{v}"))?;
        }
        let decimals = [("mincount", q.mincount), ("mindrop", q.mindrop)];
        for (name, v) in decimals {
            if let Some(v) = v {
                self.formatted(name, format_args!("{v}"))?;
            }
        }
        if let Some(v) = q.minscore {
            self.formatted("minscore", format_args!("{v}"))?;
        }
        for (name, v) in [("resall", q.resall), ("resany", q.resany)] {
            if let Some(v) = v {
                self.formatted(name, format_args!("{v:#x}"))?;
            }
        }
        for (name, v) in [("maxlstint", q.maxlstint), ("minlstint", q.minlstint)] {
            if let Some(v) = v {
                self.formatted(name, format_args!("{v}"))?;
            }
        }
        if let Some(v) = q.laddr {
            self.variable("laddr", Some(v))?;
        }
        if let Some(v) = q.recent {
            self.formatted("recent", format_args!("{v}"))?;
        }
        for (n, (addr, last)) in q.priors.iter().enumerate() {
            let mut name = Text::<8>::new();
            let _ = write!(name, "addr.{n}");
            self.variable(name.as_str(), Some(addr))?;
            let mut name = Text::<8>::new();
            let _ = write!(name, "last.{n}");
            self.formatted(
                name.as_str(),
                format_args!("{:#010x}.{:08x}", last.seconds(), last.fraction()),
            )?;
        }
        Ok(())
    }

    /// Pads the data to 4 with zeros, writes the header with the count,
    /// and with `signing` pads on to its alignment and writes the key id
    /// and a zero digest for the caller to fill: the ranges are in the
    /// [`Built`] returned. [`ControlRule::MacLength`] for an algorithm
    /// whose MAC no mode 6 peer takes.
    pub fn finish(self, signing: Option<Signing>) -> Result<Built> {
        let data_end = HEADER_LEN + self.len;
        let padded = pad4(data_end);
        let (end, signature) = match signing {
            None => (padded, None),
            Some(s) => {
                let mac_len = 4 + s.algorithm.digest_len();
                let known =
                    MacAlgorithm::for_length(mac_len, 4).is_some_and(|c| c.contains(&s.algorithm));
                if !known {
                    let length = u16::try_from(mac_len).unwrap_or(u16::MAX);
                    return Err(Error::control(padded, ControlRule::MacLength { length }));
                }
                let key_at = s.alignment.pad(data_end);
                let ranges = SignatureRanges {
                    authenticated: 0..key_at,
                    key_id: key_at..key_at + 4,
                    digest: key_at + 4..key_at + mac_len,
                };
                (key_at + mac_len, Some((ranges, s.key_id)))
            }
        };
        if self.buf.len() < end {
            return Err(Error::buffer_too_small(end, self.buf.len()));
        }
        self.buf[data_end..end].fill(0);
        let header = Header {
            count: self.len as u16,
            offset: 0,
            ..self.header
        };
        self.buf[..HEADER_LEN].copy_from_slice(&header.to_bytes());
        let signature = signature.map(|(ranges, key_id)| {
            self.buf[ranges.key_id.clone()].copy_from_slice(&key_id.to_be_bytes());
            ranges
        });
        Ok(Built {
            len: end,
            signature,
        })
    }
}

/// The parameters of a READ_MRU request (`read_mru_list` of ntpd 4.2.8p15
/// and NTPsec 1.2.2); `None` leaves one out. A server needs the `nonce`
/// and `frags` or `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MruQuery<'a> {
    /// The nonce from the REQ_NONCE answer (its 24 hex digits, without
    /// `nonce=`).
    pub nonce: &'a str,
    /// The most fragments to answer with, at most 128.
    pub frags: Option<u16>,
    /// The most entries, 1 to 256.
    pub limit: Option<u32>,
    /// Only entries with at least this many packets.
    pub mincount: Option<u32>,
    /// Only entries with at least this many drops (NTPsec).
    pub mindrop: Option<u32>,
    /// Only entries with at least this score (NTPsec), written with 3
    /// decimals.
    pub minscore: Option<Score>,
    /// Only entries with all these restriction bits.
    pub resall: Option<u16>,
    /// Only entries with any of these restriction bits.
    pub resany: Option<u16>,
    /// Only entries heard from within this many seconds.
    pub maxlstint: Option<u32>,
    /// Only entries not heard from for this many seconds (NTPsec).
    pub minlstint: Option<u32>,
    /// Only entries that came to this local address.
    pub laddr: Option<&'a str>,
    /// Start about this many entries before the newest (NTPsec).
    pub recent: Option<u32>,
    /// `addr.N` and `last.N` of the entries the client already has,
    /// newest first, at most 16: the server goes on after the newest of
    /// them still unchanged.
    pub priors: &'a [(&'a str, Timestamp)],
}

/// Formats into a fixed buffer.
struct Text<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Text<N> {
    fn new() -> Self {
        Text {
            buf: [0; N],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        core::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> core::fmt::Write for Text<N> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        let dst = self.buf.get_mut(self.len..end).ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A READSTAT request (`ntpq -c as`): association list (id 0) or one
/// peer's status and variables.
pub fn readstat(
    buf: &mut [u8],
    sequence: u16,
    association_id: u16,
    signing: Option<Signing>,
) -> Result<Built> {
    RequestWriter::new(
        buf,
        Header::request(Opcode::READSTAT, sequence, association_id),
    )?
    .finish(signing)
}

/// A READVAR request (`ntpq -c "rv ASSOC names"`): the variables named,
/// all of them when `names` is empty.
pub fn readvar(
    buf: &mut [u8],
    sequence: u16,
    association_id: u16,
    names: &[&str],
    signing: Option<Signing>,
) -> Result<Built> {
    let mut w = RequestWriter::new(
        buf,
        Header::request(Opcode::READVAR, sequence, association_id),
    )?;
    for name in names {
        w.variable(name, None)?;
    }
    w.finish(signing)
}

/// A REQ_NONCE request, the first step of `ntpq -c mrulist`.
pub fn req_nonce(buf: &mut [u8], sequence: u16, signing: Option<Signing>) -> Result<Built> {
    RequestWriter::new(buf, Header::request(Opcode::REQ_NONCE, sequence, 0))?.finish(signing)
}

/// A READ_MRU request with `query`'s parameters, separated by `", "` as
/// ntpq writes them.
pub fn read_mru(
    buf: &mut [u8],
    sequence: u16,
    query: &MruQuery<'_>,
    signing: Option<Signing>,
) -> Result<Built> {
    let mut w = RequestWriter::new(buf, Header::request(Opcode::READ_MRU, sequence, 0))?.spaced();
    w.mru_query(query)?;
    w.finish(signing)
}
