//! READ_MRU replies: [`MruReply`] and what it yields.

use core::fmt;
use core::iter::FusedIterator;
use core::net::SocketAddr;

use super::vars::{Limits, Variable, Variables};
use crate::error::MruTag;
use crate::time::Timestamp;
use crate::{ControlRule, Error, Result};

/// An MRU score (NTPsec's `sc.N`, written with 3 decimals): in
/// thousandths, so `0.050` is `Score(50)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Score(pub u32);

impl fmt::Display for Score {
    /// Three decimals, as NTPsec writes it: `0.050`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}", self.0 / 1000, self.0 % 1000)
    }
}

/// One field of a READ_MRU reply, typed; what [`MruFields`] yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MruField<'a> {
    /// `nonce=`: the nonce for the next request.
    Nonce(&'a [u8]),
    /// `now=`: the server's time when it answered.
    Now(Timestamp),
    /// `last.newest=`: the `last` of the newest entry sent.
    LastNewest(Timestamp),
    /// `addr.older=`: address of the oldest entry of the request still
    /// there.
    AddrOlder(&'a [u8]),
    /// `last.older=`: its `last`.
    LastOlder(Timestamp),
    /// One tag of entry `index`.
    Entry {
        /// The entry's number, from 0.
        index: u16,
        /// Its value.
        value: EntryValue<'a>,
    },
}

/// The value of one entry tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EntryValue<'a> {
    /// `addr.N`.
    Addr(&'a [u8]),
    /// `last.N`.
    Last(Timestamp),
    /// `first.N`.
    First(Timestamp),
    /// `ct.N`.
    Count(u32),
    /// `mv.N`.
    ModeVersion(u8),
    /// `rs.N`.
    Restrictions(u32),
    /// `sc.N`.
    Score(Score),
    /// `dr.N`.
    Dropped(u32),
}

impl EntryValue<'_> {
    /// The tag this value comes with.
    #[must_use]
    pub const fn tag(&self) -> MruTag {
        match self {
            EntryValue::Addr(_) => MruTag::Addr,
            EntryValue::Last(_) => MruTag::Last,
            EntryValue::First(_) => MruTag::First,
            EntryValue::Count(_) => MruTag::Count,
            EntryValue::ModeVersion(_) => MruTag::ModeVersion,
            EntryValue::Restrictions(_) => MruTag::Restrictions,
            EntryValue::Score(_) => MruTag::Score,
            EntryValue::Dropped(_) => MruTag::Dropped,
        }
    }
}

/// A decimal number of at most `u32`'s range, nothing else.
fn decimal(v: &[u8]) -> Option<u32> {
    if v.is_empty() || v.len() > 10 {
        return None;
    }
    let mut n = 0u64;
    for &b in v {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + u64::from(b - b'0');
    }
    u32::try_from(n).ok()
}

/// `0x` and 1 to 8 hex digits.
fn hex(v: &[u8]) -> Option<u32> {
    let digits = v.strip_prefix(b"0x")?;
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    let mut n = 0u32;
    for &b in digits {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => return None,
        };
        n = n << 4 | u32::from(d);
    }
    Some(n)
}

/// `0x%08x.%08x`: an NTP timestamp as ntpd's `ctl_putts` writes it.
pub(crate) fn timestamp(v: &[u8]) -> Option<Timestamp> {
    let (secs, frac) = match v.iter().position(|&b| b == b'.') {
        Some(dot) => (&v[..dot], &v[dot + 1..]),
        None => return None,
    };
    let secs = hex(secs)?;
    if frac.is_empty() || frac.len() > 8 || !frac.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let mut f = [b'0'; 10];
    f[..2].copy_from_slice(b"0x");
    f[2..2 + frac.len()].copy_from_slice(frac);
    // Fewer than 8 digits are the leading ones of the fraction.
    let frac = hex(&f[..10])?;
    Some(Timestamp::new(secs, frac))
}

/// Decimal, a dot and up to 3 decimals: an NTPsec score.
fn score(v: &[u8]) -> Option<Score> {
    let (whole, frac) = match v.iter().position(|&b| b == b'.') {
        Some(dot) => (&v[..dot], &v[dot + 1..]),
        None => (v, &b""[..]),
    };
    if frac.len() > 3 || !frac.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let mut thousandths = 0u32;
    for i in 0..3 {
        thousandths = thousandths * 10 + frac.get(i).map_or(0, |&b| u32::from(b - b'0'));
    }
    decimal(whole)?
        .checked_mul(1000)?
        .checked_add(thousandths)
        .map(Score)
}

/// The entry tags by name, and how each value is read.
fn entry_tag(name: &[u8]) -> Option<MruTag> {
    Some(match name {
        b"addr" => MruTag::Addr,
        b"last" => MruTag::Last,
        b"first" => MruTag::First,
        b"ct" => MruTag::Count,
        b"mv" => MruTag::ModeVersion,
        b"rs" => MruTag::Restrictions,
        b"sc" => MruTag::Score,
        b"dr" => MruTag::Dropped,
        _ => return None,
    })
}

/// Reads one item: `Ok(None)` for a tag this reader skips.
fn field<'a>(v: &Variable<'a>) -> Result<Option<MruField<'a>>> {
    let name = v.name();
    let at = v.name_range().start;
    let global = match name {
        b"nonce" => Some(MruTag::Nonce),
        b"now" => Some(MruTag::Now),
        b"last.newest" => Some(MruTag::LastNewest),
        b"addr.older" => Some(MruTag::AddrOlder),
        b"last.older" => Some(MruTag::LastOlder),
        _ => None,
    };
    let (tag, index) = match global {
        Some(tag) => (tag, None),
        None => {
            let Some(dot) = name.iter().position(|&b| b == b'.') else {
                return Ok(None);
            };
            let Some(tag) = entry_tag(&name[..dot]) else {
                return Ok(None);
            };
            let index = decimal(&name[dot + 1..]).and_then(|i| u16::try_from(i).ok());
            let Some(index) = index else {
                return Err(Error::control(at, ControlRule::MruIndex { tag }));
            };
            (tag, Some(index))
        }
    };
    let Some(value) = v.value() else {
        return Err(Error::control(at, ControlRule::MissingValue));
    };
    let bad = || {
        Error::control(
            v.value_range().map_or(at, |r| r.start),
            ControlRule::MruValue { tag },
        )
    };
    let time = || timestamp(value).ok_or_else(bad);
    let field = match (tag, index) {
        (MruTag::Nonce, _) => MruField::Nonce(value),
        (MruTag::Now, _) => MruField::Now(time()?),
        (MruTag::LastNewest, _) => MruField::LastNewest(time()?),
        (MruTag::AddrOlder, _) => MruField::AddrOlder(value),
        (MruTag::LastOlder, _) => MruField::LastOlder(time()?),
        (tag, Some(index)) => {
            let value = match tag {
                MruTag::Addr => EntryValue::Addr(value),
                MruTag::Last => EntryValue::Last(time()?),
                MruTag::First => EntryValue::First(time()?),
                MruTag::Count => EntryValue::Count(decimal(value).ok_or_else(bad)?),
                MruTag::ModeVersion => EntryValue::ModeVersion(
                    decimal(value)
                        .and_then(|n| u8::try_from(n).ok())
                        .ok_or_else(bad)?,
                ),
                MruTag::Restrictions => EntryValue::Restrictions(hex(value).ok_or_else(bad)?),
                MruTag::Score => EntryValue::Score(score(value).ok_or_else(bad)?),
                _ => EntryValue::Dropped(decimal(value).ok_or_else(bad)?),
            };
            MruField::Entry { index, value }
        }
        (_, None) => return Ok(None),
    };
    Ok(Some(field))
}

/// The typed fields of a READ_MRU reply in the order they come, filler
/// and unknown tags skipped. Each step consumes at least one item of the
/// list or ends; after an error it yields nothing more.
#[derive(Debug, Clone)]
pub struct MruFields<'a> {
    vars: Variables<'a>,
}

impl<'a> Iterator for MruFields<'a> {
    type Item = Result<MruField<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let v = match self.vars.next()? {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            match field(&v) {
                Ok(Some(f)) => return Some(Ok(f)),
                Ok(None) => continue,
                Err(e) => {
                    // One error ends the walk.
                    self.vars = Variables::new(&[], Limits::NONE);
                    return Some(Err(e));
                }
            }
        }
    }
}

impl FusedIterator for MruFields<'_> {}

/// One client of the MRU list, from its `*.N` tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MruEntry<'a> {
    /// The entry's number in this reply (0 is the oldest sent).
    pub index: u16,
    /// `addr.N`: address and port as the server wrote them.
    pub addr: &'a [u8],
    /// `last.N`: when its last packet came.
    pub last: Timestamp,
    /// `first.N`: when its first packet came.
    pub first: Timestamp,
    /// `ct.N`: packets received from it.
    pub count: u32,
    /// `mv.N`: the mode/version octet of its last packet (`0x23` is 35).
    pub mode_version: u8,
    /// `rs.N`: the restriction flags applied to it.
    pub restrictions: u32,
    /// `sc.N`: its score (NTPsec only).
    pub score: Option<Score>,
    /// `dr.N`: its packets dropped (NTPsec only).
    pub dropped: Option<u32>,
}

impl MruEntry<'_> {
    /// The address as a socket address, `None` if it does not parse
    /// (`127.0.0.2:33368`, `[::1]:123`).
    #[must_use]
    pub fn socket_addr(&self) -> Option<SocketAddr> {
        core::str::from_utf8(self.addr).ok()?.parse().ok()
    }

    /// The client's mode (low 3 bits of [`MruEntry::mode_version`]).
    #[must_use]
    pub const fn mode(&self) -> u8 {
        self.mode_version & 7
    }

    /// The client's version (bits 5-3 of [`MruEntry::mode_version`]).
    #[must_use]
    pub const fn version(&self) -> u8 {
        (self.mode_version >> 3) & 7
    }
}

/// An entry being gathered from its tags.
#[derive(Debug, Clone, Copy, Default)]
struct Partial<'a> {
    index: u16,
    addr: Option<&'a [u8]>,
    last: Option<Timestamp>,
    first: Option<Timestamp>,
    count: Option<u32>,
    mode_version: Option<u8>,
    restrictions: Option<u32>,
    score: Option<Score>,
    dropped: Option<u32>,
    any: bool,
}

impl<'a> Partial<'a> {
    /// Sets one tag; `false` if it was set already.
    fn set(&mut self, value: EntryValue<'a>) -> bool {
        fn put<T>(slot: &mut Option<T>, v: T) -> bool {
            let fresh = slot.is_none();
            *slot = Some(v);
            fresh
        }
        self.any = true;
        match value {
            EntryValue::Addr(v) => put(&mut self.addr, v),
            EntryValue::Last(v) => put(&mut self.last, v),
            EntryValue::First(v) => put(&mut self.first, v),
            EntryValue::Count(v) => put(&mut self.count, v),
            EntryValue::ModeVersion(v) => put(&mut self.mode_version, v),
            EntryValue::Restrictions(v) => put(&mut self.restrictions, v),
            EntryValue::Score(v) => put(&mut self.score, v),
            EntryValue::Dropped(v) => put(&mut self.dropped, v),
        }
    }

    fn finish(&self, at: usize) -> Result<MruEntry<'a>> {
        let missing = |tag| {
            Error::control(
                at,
                ControlRule::MruMissing {
                    tag,
                    index: self.index,
                },
            )
        };
        Ok(MruEntry {
            index: self.index,
            addr: self.addr.ok_or_else(|| missing(MruTag::Addr))?,
            last: self.last.ok_or_else(|| missing(MruTag::Last))?,
            first: self.first.ok_or_else(|| missing(MruTag::First))?,
            count: self.count.ok_or_else(|| missing(MruTag::Count))?,
            mode_version: self
                .mode_version
                .ok_or_else(|| missing(MruTag::ModeVersion))?,
            restrictions: self
                .restrictions
                .ok_or_else(|| missing(MruTag::Restrictions))?,
            score: self.score,
            dropped: self.dropped,
        })
    }
}

/// The entries of a READ_MRU reply, in order, each gathered from its tags
/// whatever their order: an entry ends where the next index or a
/// reply-wide tag begins. [`ControlRule::MruOrder`] for an index out of
/// sequence, [`ControlRule::MruRepeated`] for a tag given twice,
/// [`ControlRule::MruMissing`] for an entry without one of `addr`, `last`,
/// `first`, `ct`, `mv`, `rs`. After an error it yields nothing more.
#[derive(Debug, Clone)]
pub struct MruEntries<'a> {
    fields: MruFields<'a>,
    partial: Partial<'a>,
    /// Where the entry being gathered started.
    at: usize,
    done: bool,
}

impl<'a> MruEntries<'a> {
    fn fail(&mut self, e: Error) -> Option<Result<MruEntry<'a>>> {
        self.done = true;
        Some(Err(e))
    }

    /// Ends the entry being gathered; the next one is `index`, from `at`.
    fn finish(&mut self, index: u16, at: usize) -> Result<MruEntry<'a>> {
        let done = self.partial;
        let started = self.at;
        self.partial = Partial {
            index,
            ..Partial::default()
        };
        self.at = at;
        done.finish(started)
    }
}

impl<'a> Iterator for MruEntries<'a> {
    type Item = Result<MruEntry<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        loop {
            let at = self.fields.vars.offset();
            let Some(item) = self.fields.next() else {
                self.done = true;
                let last = self.partial;
                return last.any.then(|| last.finish(self.at));
            };
            let (index, value) = match item {
                Ok(MruField::Entry { index, value }) => (index, value),
                Ok(_) if self.partial.any => {
                    // A reply-wide tag ends the entry.
                    let next = self.partial.index.saturating_add(1);
                    let done = self.finish(next, at);
                    if done.is_err() {
                        self.done = true;
                    }
                    return Some(done);
                }
                Ok(_) => continue,
                Err(e) => return self.fail(e),
            };
            let current = self.partial.index;
            let mut finished = None;
            if !self.partial.any {
                if index != current {
                    let rule = ControlRule::MruOrder {
                        index,
                        expected: current,
                    };
                    return self.fail(Error::control(at, rule));
                }
                self.at = at;
            } else if index != current {
                if Some(index) != current.checked_add(1) {
                    let rule = ControlRule::MruOrder {
                        index,
                        expected: current.saturating_add(1),
                    };
                    return self.fail(Error::control(at, rule));
                }
                match self.finish(index, at) {
                    Ok(e) => finished = Some(e),
                    Err(e) => return self.fail(e),
                }
            }
            if !self.partial.set(value) {
                let rule = ControlRule::MruRepeated {
                    tag: value.tag(),
                    index,
                };
                return self.fail(Error::control(at, rule));
            }
            if let Some(e) = finished {
                return Some(Ok(e));
            }
        }
    }
}

impl FusedIterator for MruEntries<'_> {}

/// The reply-wide tags of a READ_MRU reply, gathered by
/// [`MruReply::summary`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct MruSummary<'a> {
    /// `nonce`: the nonce for the next request.
    pub nonce: Option<&'a [u8]>,
    /// `now`: present only when the list was sent to its newest entry.
    pub now: Option<Timestamp>,
    /// `last.newest`.
    pub last_newest: Option<Timestamp>,
    /// `addr.older`.
    pub addr_older: Option<&'a [u8]>,
    /// `last.older`.
    pub last_older: Option<Timestamp>,
    /// Entries in the reply.
    pub entries: usize,
}

impl MruSummary<'_> {
    /// `true` when the server reached its newest entry (`now` is there):
    /// else the client asks again from the last entry it got.
    #[must_use]
    pub const fn is_complete(&self) -> bool {
        self.now.is_some()
    }
}

/// A READ_MRU reply's data (reassembled).
///
/// READ_MRU replies (opcode 10): the most-recently-used client list as
/// ntpd 4.2.8p15 and NTPsec 1.2.2 send it (`read_mru_list`,
/// `send_mru_entry`), a `name=value` list of these tags:
///
/// | tag | value | reader |
/// |---|---|---|
/// | `nonce` | the nonce for the next request | [`MruSummary::nonce`] |
/// | `addr.older`, `last.older` | the oldest entry the request named that is still there | [`MruSummary`] |
/// | `addr.N` | `a.b.c.d:port` or `[v6]:port` | [`MruEntry::addr`] |
/// | `last.N`, `first.N` | `0x%08x.%08x` NTP timestamps | [`MruEntry::last`], [`MruEntry::first`] |
/// | `ct.N` | decimal packet count | [`MruEntry::count`] |
/// | `mv.N` | decimal mode/version octet of the client | [`MruEntry::mode_version`] |
/// | `rs.N` | `0x%x` restriction flags | [`MruEntry::restrictions`] |
/// | `sc.N` | score, 3 decimals (NTPsec) | [`MruEntry::score`] |
/// | `dr.N` | decimal dropped count (NTPsec) | [`MruEntry::dropped`] |
/// | `now`, `last.newest` | the server's time and the newest entry's `last`, when the list is complete | [`MruSummary`] |
///
/// The tags of one entry come in a random order and entries are numbered
/// from 0; between them both servers put random filler tags (three
/// lowercase letters, `.`, an index, `=`, a number: `hvm.0=41`), which are
/// skipped, as is every tag this reader does not know (NTPsec ntpq does
/// the same, `__mru_analyze`).
///
/// ```
/// use ntp_wire::control::MruReply;
/// use ntp_wire::Timestamp;
///
/// let data = b"nonce=eebc91052145e55e5d745bee, mv.0=35, ct.0=1, rs.0=0xc0, sc.0=0.050,\r\n\
///     dr.0=0, addr.0=127.0.0.2:33368, first.0=0xeebc90fa.e0b3be88,\r\n\
///     last.0=0xeebc90fa.e0b3be88, hvm.0=41, now=0xeebc9105.2146f0a5, last.newest=0xeebc90fa.e0b3be88\r\n";
/// let reply = MruReply::new(data);
/// let entry = reply.entries().next().unwrap()?;
/// assert_eq!(entry.socket_addr(), Some("127.0.0.2:33368".parse().unwrap()));
/// assert_eq!((entry.count, entry.mode(), entry.version()), (1, 3, 4));
/// assert_eq!(entry.score.map(|s| s.to_string()), Some("0.050".into()));
/// let summary = reply.summary()?;
/// assert_eq!(summary.entries, 1);
/// assert_eq!(summary.now, Some(Timestamp::new(0xeebc9105, 0x2146f0a5)));
/// assert!(summary.is_complete());
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct MruReply<'a> {
    data: &'a [u8],
    limits: Limits,
}

impl<'a> MruReply<'a> {
    /// The reply in `data`, read with [`Limits::RESPONSE`].
    #[must_use]
    pub const fn new(data: &'a [u8]) -> MruReply<'a> {
        MruReply {
            data,
            limits: Limits::RESPONSE,
        }
    }

    /// The reply with other bounds on names and values.
    #[must_use]
    pub const fn with_limits(data: &'a [u8], limits: Limits) -> MruReply<'a> {
        MruReply { data, limits }
    }

    /// Every known field in order.
    #[must_use]
    pub fn fields(&self) -> MruFields<'a> {
        MruFields {
            vars: Variables::new(self.data, self.limits),
        }
    }

    /// The entries in order.
    #[must_use]
    pub fn entries(&self) -> MruEntries<'a> {
        MruEntries {
            fields: self.fields(),
            partial: Partial::default(),
            at: 0,
            done: false,
        }
    }

    /// The reply-wide tags and the number of entries, in one walk of the
    /// whole reply (entries checked as [`MruReply::entries`] does);
    /// [`ControlRule::MruRepeated`] for a reply-wide tag given twice.
    pub fn summary(&self) -> Result<MruSummary<'a>> {
        let mut s = MruSummary::default();
        for f in self.fields() {
            let f = f?;
            let (tag, fresh) = match f {
                MruField::Nonce(v) => (MruTag::Nonce, s.nonce.replace(v).is_none()),
                MruField::Now(v) => (MruTag::Now, s.now.replace(v).is_none()),
                MruField::LastNewest(v) => (MruTag::LastNewest, s.last_newest.replace(v).is_none()),
                MruField::AddrOlder(v) => (MruTag::AddrOlder, s.addr_older.replace(v).is_none()),
                MruField::LastOlder(v) => (MruTag::LastOlder, s.last_older.replace(v).is_none()),
                MruField::Entry { .. } => continue,
            };
            if !fresh {
                return Err(Error::control(
                    0,
                    ControlRule::MruRepeated { tag, index: 0 },
                ));
            }
        }
        for e in self.entries() {
            e?;
            s.entries += 1;
        }
        Ok(s)
    }
}
