//! Reassembly of one response from its fragments: [`Reassembler`] and,
//! with `alloc`, `VecReassembler`.

#[cfg(feature = "alloc")]
use alloc::vec::Vec;

use super::mru::MruReply;
use super::readstat::AssociationList;
use super::vars::{Limits, Variables};
use super::{field, Header, Opcode, Packet, StatusWord, HEADER_LEN};
use crate::{ControlRule, Error, Result};

/// ntpq's limit of fragments in one response (`MAXFRAGS`, classic
/// `ntpq.h` and NTPsec `pylib/packet.py`).
pub const MAX_FRAGMENTS: usize = 32;

/// Where one fragment's data lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Frag {
    offset: u16,
    count: u16,
}

impl Frag {
    fn end(self) -> u32 {
        u32::from(self.offset) + u32::from(self.count)
    }
}

/// The bookkeeping both reassemblers share: which octets have arrived.
#[derive(Debug, Clone)]
struct Fragments<const N: usize> {
    /// Sorted by offset.
    frags: [Frag; N],
    len: usize,
    /// Sequence and opcode of the first fragment.
    first: Option<(u16, Opcode)>,
    /// The last fragment's header (M clear), or the error response's.
    last: Option<Header>,
    /// Octets received.
    received: u32,
    complete: bool,
}

/// What a fragment adds: its data at its offset (empty for an error
/// response).
struct Accepted<'p> {
    offset: usize,
    data: &'p [u8],
}

impl<const N: usize> Fragments<N> {
    const fn new() -> Fragments<N> {
        Fragments {
            frags: [Frag {
                offset: 0,
                count: 0,
            }; N],
            len: 0,
            first: None,
            last: None,
            received: 0,
            complete: false,
        }
    }

    /// The end of the last fragment, once it came (an error response
    /// completes at once, so no later fragment asks this of it).
    fn total(&self) -> Option<u32> {
        self.last.map(|h| u32::from(h.offset) + u32::from(h.count))
    }

    /// Checks `bytes` against every rule, then records it.
    fn accept<'p>(&mut self, bytes: &'p [u8], capacity: usize) -> Result<Accepted<'p>> {
        if self.complete {
            return Err(Error::control(0, ControlRule::AlreadyComplete));
        }
        let packet = Packet::new_checked(bytes)?;
        let header = packet.header();
        if !header.response {
            return Err(Error::control(field::REM_OP, ControlRule::NotAResponse));
        }
        if let Some((sequence, opcode)) = self.first {
            if (sequence, opcode) != (header.sequence, header.opcode) {
                return Err(Error::control(
                    field::SEQUENCE.start,
                    ControlRule::ForeignFragment {
                        sequence: header.sequence,
                        opcode: header.opcode.0,
                    },
                ));
            }
        }
        let count = header.count;
        // The view holds 12 + count octets; a multiple of 4 that does holds
        // 12 + count rounded up to 4.
        if bytes.len() % 4 != 0 {
            return Err(Error::control(
                0,
                ControlRule::FragmentLength {
                    len: crate::wire::to_u32(bytes.len()),
                    count,
                },
            ));
        }
        if header.error {
            self.first = Some((header.sequence, header.opcode));
            self.last = Some(header);
            self.complete = true;
            return Ok(Accepted {
                offset: 0,
                data: &[],
            });
        }
        if count == 0 && header.more {
            return Err(Error::control(
                field::COUNT.start,
                ControlRule::EmptyFragment,
            ));
        }
        if self.len == N {
            let limit = u16::try_from(N).unwrap_or(u16::MAX);
            return Err(Error::control(0, ControlRule::TooManyFragments { limit }));
        }
        let new = Frag {
            offset: header.offset,
            count,
        };
        let end = new.end() as usize;
        if end > capacity {
            return Err(Error::buffer_too_small(end, capacity));
        }
        let held = &self.frags[..self.len];
        let at = field::OFFSET.start;
        if held.iter().any(|f| f.offset == new.offset) {
            let offset = new.offset;
            return Err(Error::control(
                at,
                ControlRule::DuplicateFragment { offset },
            ));
        }
        if held
            .iter()
            .any(|f| u32::from(new.offset) < f.end() && u32::from(f.offset) < new.end())
        {
            return Err(Error::control(
                at,
                ControlRule::FragmentOverlap {
                    offset: new.offset,
                    count,
                },
            ));
        }
        if let Some(total) = self.total() {
            if new.end() > total || !header.more {
                let offset = new.offset;
                return Err(Error::control(at, ControlRule::PastLastFragment { offset }));
            }
        } else if !header.more {
            if let Some(f) = held.iter().rev().find(|f| f.end() > new.end()) {
                let offset = f.offset;
                return Err(Error::control(at, ControlRule::PastLastFragment { offset }));
            }
        }
        // Every rule holds: record it.
        let i = held.partition_point(|f| f.offset < new.offset);
        self.frags.copy_within(i..self.len, i + 1);
        self.frags[i] = new;
        self.len += 1;
        self.received += u32::from(count);
        self.first = Some((header.sequence, header.opcode));
        if !header.more {
            self.last = Some(header);
        }
        self.complete = self.total() == Some(self.received);
        Ok(Accepted {
            offset: usize::from(new.offset),
            data: &bytes[field::DATA..HEADER_LEN + usize::from(count)],
        })
    }

    /// The first octet no fragment holds (the end of the data received
    /// when the last fragment has not come).
    fn first_missing(&self) -> u16 {
        let mut expected = 0u32;
        for f in &self.frags[..self.len] {
            if u32::from(f.offset) > expected {
                break;
            }
            expected = expected.max(f.end());
        }
        u16::try_from(expected).unwrap_or(u16::MAX)
    }

    /// The response over `data`, the reassembled octets.
    fn response<'a>(&self, data: &'a [u8]) -> Result<Response<'a>> {
        let header = self.response_header()?;
        let len = if header.error {
            0
        } else {
            usize::from(header.count)
        };
        Ok(Response {
            header,
            data: &data[..len],
        })
    }

    /// The response's header: the last fragment's (M clear), offset 0,
    /// count the whole data; an error response's as it came.
    fn response_header(&self) -> Result<Header> {
        match (self.complete, self.last) {
            (true, Some(h)) if h.error => Ok(h),
            (true, Some(h)) => Ok(Header {
                offset: 0,
                count: u16::try_from(self.received).unwrap_or(u16::MAX),
                ..h
            }),
            _ => Err(Error::control(
                0,
                ControlRule::MissingFragment {
                    offset: self.first_missing(),
                },
            )),
        }
    }
}

/// A whole response, reassembled: the last fragment's header (offset 0,
/// count the whole data, M clear) and the data of all fragments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Response<'a> {
    header: Header,
    data: &'a [u8],
}

impl<'a> Response<'a> {
    /// The header: the last fragment's, with offset 0 and the count of
    /// the whole data; an error response's header as it came.
    #[must_use]
    pub const fn header(&self) -> Header {
        self.header
    }

    /// The status word (the last fragment's) read by context.
    #[must_use]
    pub const fn status_word(&self) -> StatusWord {
        self.header.status_word()
    }

    /// All the data, in order.
    #[must_use]
    pub const fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The data as a `name=value` list with [`Limits::RESPONSE`].
    #[must_use]
    pub fn variables(&self) -> Variables<'a> {
        Variables::new(self.data, Limits::RESPONSE)
    }

    /// The data as a READSTAT association list.
    pub fn associations(&self) -> Result<AssociationList<'a>> {
        AssociationList::new(self.data)
    }

    /// The data as a READ_MRU reply.
    #[must_use]
    pub fn mru(&self) -> MruReply<'a> {
        MruReply::new(self.data)
    }
}

/// Reassembles one response into a caller's buffer, without allocating.
///
/// One response from its fragments (RFC 9327, "NTP Control Message
/// Format": the M bit and the offset field), into a caller's buffer or,
/// with the `alloc` feature, a `Vec`.
///
/// The rules, those of classic ntpq's and NTPsec ntpq's `getresponse`
/// made errors instead of silent drops:
///
/// - every fragment is a response ([`ControlRule::NotAResponse`]) with the
///   first fragment's sequence and opcode ([`ControlRule::ForeignFragment`];
///   the association id may differ, as ntpq accepts);
/// - its length is a multiple of 4 and at least 12 + count rounded up to 4
///   ([`ControlRule::FragmentLength`]);
/// - a count of 0 with M set never ends ([`ControlRule::EmptyFragment`]);
/// - no two fragments start at one offset
///   ([`ControlRule::DuplicateFragment`]) or overlap
///   ([`ControlRule::FragmentOverlap`]); none lies past the end of the last
///   fragment (M clear), and there is one last fragment
///   ([`ControlRule::PastLastFragment`]);
/// - at most `N` fragments ([`ControlRule::TooManyFragments`]; ntpq's
///   `MAXFRAGS` is 32, [`MAX_FRAGMENTS`]) and no octet past the buffer
///   ([`Error::BufferTooSmall`]);
/// - the response is complete when the last fragment, offset 0 and every
///   octet between are there; until then [`Reassembler::response`] names
///   the first missing octet ([`ControlRule::MissingFragment`]);
/// - the status word is the last fragment's;
/// - an error response (E set) completes the response at once, with no
///   data, whatever its offset (NTPsec does not reset the offset of error
///   responses).
///
/// A fragment that breaks a rule changes nothing: the caller may go on
/// with the next.
///
/// `N` is the most
/// fragments taken (32 by [`Reassembler::new`], ntpq's `MAXFRAGS`); the
/// buffer's length is the most octets.
///
/// ```
/// use ntp_wire::control::{Opcode, Reassembler};
///
/// // Two fragments of a READVAR response, the second first.
/// let frag = |offset: u16, more: bool, data: &[u8]| {
///     let mut f = vec![0x16, if more { 0xa2 } else { 0x82 }, 0, 7, 0x05, 0x14, 0, 0];
///     f.extend_from_slice(&offset.to_be_bytes());
///     f.extend_from_slice(&(data.len() as u16).to_be_bytes());
///     f.extend_from_slice(data);
///     while f.len() % 4 != 0 { f.push(0) }
///     f
/// };
/// let mut buf = [0u8; 1024];
/// let mut r = Reassembler::new(&mut buf);
/// assert!(!r.add(&frag(4, false, b"=9\r\n"))?);
/// assert!(r.add(&frag(0, true, b"stra"))?);
/// let response = r.response()?;
/// assert_eq!(response.data(), b"stra=9\r\n");
/// assert_eq!((response.header().opcode, response.header().count), (Opcode::READVAR, 8));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug)]
pub struct Reassembler<'b, const N: usize = MAX_FRAGMENTS> {
    buf: &'b mut [u8],
    fragments: Fragments<N>,
}

impl<'b> Reassembler<'b> {
    /// A reassembler of up to 32 fragments into `buf`.
    #[must_use]
    pub fn new(buf: &'b mut [u8]) -> Reassembler<'b> {
        Reassembler::with_limit(buf)
    }
}

impl<'b, const N: usize> Reassembler<'b, N> {
    /// A reassembler of up to `N` fragments into `buf`.
    #[must_use]
    pub fn with_limit(buf: &'b mut [u8]) -> Reassembler<'b, N> {
        Reassembler {
            buf,
            fragments: Fragments::new(),
        }
    }

    /// Adds one fragment (a whole UDP payload); `Ok(true)` once the
    /// response is complete. A fragment that breaks a rule is refused and
    /// changes nothing.
    pub fn add(&mut self, fragment: &[u8]) -> Result<bool> {
        let got = self.fragments.accept(fragment, self.buf.len())?;
        self.buf[got.offset..got.offset + got.data.len()].copy_from_slice(got.data);
        Ok(self.fragments.complete)
    }

    /// `true` once the response is complete.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.fragments.complete
    }

    /// Fragments taken so far (an error response counts none).
    #[must_use]
    pub fn fragments(&self) -> usize {
        self.fragments.len
    }

    /// The response; [`ControlRule::MissingFragment`] with the first
    /// missing octet while it is not complete.
    pub fn response(&self) -> Result<Response<'_>> {
        self.fragments.response(self.buf)
    }

    /// Forgets every fragment, to reassemble another response.
    pub fn reset(&mut self) {
        self.fragments = Fragments::new();
    }
}

/// Reassembles one response into a `Vec` that grows as fragments come, up
/// to a caller's limit of octets (the rules are in the
/// [`Reassembler`]). `N` is the most fragments (32 by
/// [`VecReassembler::new`]).
///
/// ```
/// use ntp_wire::control::VecReassembler;
///
/// let reply = [0x16, 0x8c, 0, 1, 0, 0, 0, 0, 0, 0, 0, 4, b'a', b'=', b'1', b'\n'];
/// let mut r = VecReassembler::new(15360);
/// assert!(r.add(&reply)?);
/// assert_eq!(r.response()?.data(), b"a=1\n");
/// assert_eq!(r.into_data(), b"a=1\n");
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[cfg(feature = "alloc")]
#[derive(Debug, Clone)]
pub struct VecReassembler<const N: usize = MAX_FRAGMENTS> {
    data: Vec<u8>,
    max_octets: usize,
    fragments: Fragments<N>,
}

#[cfg(feature = "alloc")]
impl VecReassembler {
    /// A reassembler of up to 32 fragments and `max_octets` octets of
    /// data (classic ntpq stops at 15360, `MAXFRAGS * 480`).
    #[must_use]
    pub fn new(max_octets: usize) -> VecReassembler {
        VecReassembler::with_limit(max_octets)
    }
}

#[cfg(feature = "alloc")]
impl<const N: usize> VecReassembler<N> {
    /// A reassembler of up to `N` fragments and `max_octets` octets.
    #[must_use]
    pub fn with_limit(max_octets: usize) -> VecReassembler<N> {
        VecReassembler {
            data: Vec::new(),
            max_octets,
            fragments: Fragments::new(),
        }
    }

    /// Adds one fragment; `Ok(true)` once the response is complete. A
    /// fragment that breaks a rule is refused and changes nothing.
    pub fn add(&mut self, fragment: &[u8]) -> Result<bool> {
        let got = self.fragments.accept(fragment, self.max_octets)?;
        let end = got.offset + got.data.len();
        if self.data.len() < end {
            self.data.resize(end, 0);
        }
        self.data[got.offset..end].copy_from_slice(got.data);
        Ok(self.fragments.complete)
    }

    /// `true` once the response is complete.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.fragments.complete
    }

    /// Fragments taken so far.
    #[must_use]
    pub fn fragments(&self) -> usize {
        self.fragments.len
    }

    /// The response; [`ControlRule::MissingFragment`] while incomplete.
    pub fn response(&self) -> Result<Response<'_>> {
        self.fragments.response(&self.data)
    }

    /// The data received (the whole response's once complete).
    #[must_use]
    pub fn into_data(self) -> Vec<u8> {
        let mut data = self.data;
        if self.fragments.last.is_some_and(|h| h.error) {
            data.clear();
        }
        data
    }
}
