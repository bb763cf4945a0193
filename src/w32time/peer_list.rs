//! The manual peer list: `w32tm /config /manualpeerlist:"..."`, stored in
//! the `W32Time\Parameters\NtpServer` registry value ([MS-W32T] section
//! 2.2.11).

use core::fmt;
use core::net::IpAddr;

use super::host::{self, Key};
use super::{PeerFlags, PeerListError, PeerListRule};

/// Without the `alloc` feature, the most entries
/// [`ManualPeerList::parse`] and [`ManualPeerList::scan`] check for
/// duplicates (on a fixed buffer on the stack); a longer list is
/// [`PeerListRule::TooManyPeers`]. With `alloc` there is no limit. Real
/// lists hold a handful of peers; [`ManualPeerList::parse_with_scratch`]
/// takes a buffer of any size without an allocator ([MS-W32T] section 2.2.11).
pub const NO_ALLOC_PEER_LIMIT: usize = 64;

/// One entry of a manual peer list: a host and its flags ([MS-W32T]
/// section 2.2.11: `host` or `host,0xN`).
///
/// ```
/// use ntp_wire::w32time::{ManualPeerList, PeerFlags};
///
/// let list = ManualPeerList::parse("ntp.example.com,0x9 2001:db8::1")?;
/// let first = list.iter().next().unwrap();
/// assert_eq!((first.host, first.flags, first.offset), ("ntp.example.com", PeerFlags::from_bits(9), 0));
/// assert_eq!(first.to_string(), "ntp.example.com,0x9");
/// assert_eq!(list.iter().nth(1).unwrap().address(), Some("2001:db8::1".parse().unwrap()));
/// # Ok::<(), ntp_wire::w32time::PeerListError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ManualPeer<'a> {
    /// The host as written: a DNS name or an IP address ([MS-W32T] section 2.2.11).
    pub host: &'a str,
    /// The flags after the comma, [`PeerFlags::NONE`] when there is no
    /// comma ("If the flags are not specified, they default to 0x0", the
    /// `NtpServer` entry of the Windows Server 2003 registry reference;
    /// [MS-W32T] section 2.2.11).
    pub flags: PeerFlags,
    /// Offset of the entry in the string parsed, in octets ([MS-W32T] section 2.2.11).
    pub offset: usize,
}

impl ManualPeer<'_> {
    /// The host as an IP address, `None` for a DNS name ([MS-W32T] section 2.2.11).
    #[must_use]
    pub fn address(&self) -> Option<IpAddr> {
        host::check(self.host, 0).ok().and_then(|k| k.address())
    }
}

impl fmt::Display for ManualPeer<'_> {
    /// `host,0x9`: always with its flags.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.host, self.flags)
    }
}

/// A Windows Time manual peer list, checked, borrowing its text.
///
/// The text is what `w32tm /config /manualpeerlist:` takes and the
/// `W32Time\Parameters\NtpServer` registry value holds: entries separated
/// by white space, each `host` or `host,0xN` ([MS-W32T] section 2.2.11;
/// the registry reference: "a space-delimited list of peers [...] Each DNS
/// name or IP address listed must be unique"; "If the flags are not
/// specified, they default to 0x0").
///
/// Strict, because a typo here changes which mode Windows Time sends and
/// fails without a word:
/// - entries are separated by runs of ASCII spaces, tabs and line breaks;
///   leading and trailing ones are ignored; one pair of double or single
///   quotes around the whole list (as pasted from a command line) is
///   removed;
/// - a host is a DNS name of RFC 1123 section 2.1 (labels of 1 to 63
///   letters, digits and inner hyphens; at most [`MAX_HOST_LEN`](super::MAX_HOST_LEN)
///   characters, one more with a trailing dot), an IPv4 address in dotted
///   decimal, or an IPv6 address;
/// - flags are [`PeerFlags`] text (`0x9`, `0x09`, `0X9`);
/// - anything else is a [`PeerListError`] with the offset and length of
///   the offending text and the rule broken, including the usual typos,
///   each with its correction ([`PeerListError::corrected`]): a missing
///   comma (`time.windows.com 0x8`), a space around the comma, a
///   semicolon for the comma; a whole `w32tm` command line
///   ([`PeerListRule::CommandLineOption`]: read it with
///   [`ManualPeerList::from_command_line`]); non-ASCII white space
///   (U+00A0, U+2028), invisible characters (U+FEFF) and control
///   characters;
/// - two entries are the same host when they are equal ignoring ASCII case
///   and a trailing dot (RFC 4343 section 3), IPv6 addresses when they are
///   the same address ([`same_host`](super::same_host)); a repeat is
///   [`PeerListRule::Duplicate`], reported on the later entry.
///
/// IPv6: the Windows Time documents we have read ([MS-W32T], KB 875424,
/// the W32Time registry and `w32tm` references) never show an IPv6
/// address in a peer list, so which forms `w32tm` takes is an assumption:
/// this reader accepts the text forms of RFC 4291 section 2.2 (full,
/// `::`-compressed, with a dotted IPv4 tail), as Windows' own address
/// parser does, and refuses brackets ([`PeerListRule::Ipv6Brackets`]),
/// zone indices (`fe80::1%3`) and ports.
///
/// The duplicate check sorts the entries: O(n log n) for n entries,
/// without allocating up to [`NO_ALLOC_PEER_LIMIT`] entries; see
/// [`ManualPeerList::parse_with_scratch`] for long lists without an
/// allocator.
///
/// ```
/// use ntp_wire::w32time::{ManualPeerList, PeerFlags};
///
/// let list = ManualPeerList::parse("\"time.windows.com,0x9  ntp.example.org\"")?;
/// assert_eq!(list.len(), 2);
/// assert_eq!(list.get("TIME.windows.com.").unwrap().flags, PeerFlags::from_bits(0x9));
/// assert_eq!(list.to_string(), "time.windows.com,0x9 ntp.example.org,0x0");
/// # Ok::<(), ntp_wire::w32time::PeerListError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ManualPeerList<'a> {
    text: &'a str,
    /// Start and end of the entries within `text` (quotes removed).
    start: usize,
    end: usize,
    len: usize,
}

impl<'a> ManualPeerList<'a> {
    /// Checks the whole list and returns it, or the first problem found
    /// (the first error [`ManualPeerList::scan`] reports; [MS-W32T] section 2.2.11).
    ///
    /// Without the `alloc` feature a list of more than
    /// [`NO_ALLOC_PEER_LIMIT`] entries is [`PeerListRule::TooManyPeers`];
    /// with it, such a list is checked in a buffer allocated for it.
    pub fn parse(text: &'a str) -> Result<ManualPeerList<'a>, PeerListError> {
        let (start, end) = body(text);
        ManualPeerList::parse_span(text, start, end)
    }

    /// [`ManualPeerList::parse`] with a caller's buffer for the duplicate
    /// check, one slot per entry: any length, no allocator, O(n log n). A
    /// list with more entries than `scratch` has slots is
    /// [`PeerListRule::TooManyPeers`] (at the first entry that does not
    /// fit, unless an error comes before it; [MS-W32T] section 2.2.11).
    ///
    /// ```
    /// use ntp_wire::w32time::{ManualPeerList, PeerListRule};
    ///
    /// let mut scratch = [0usize; 4];
    /// let list = ManualPeerList::parse_with_scratch("a.example b.example", &mut scratch)?;
    /// assert_eq!(list.len(), 2);
    /// let err = ManualPeerList::parse_with_scratch("a b c d e", &mut scratch).unwrap_err();
    /// assert_eq!((err.offset, err.rule), (8, PeerListRule::TooManyPeers { limit: 4 }));
    /// # Ok::<(), ntp_wire::w32time::PeerListError>(())
    /// ```
    pub fn parse_with_scratch(
        text: &'a str,
        scratch: &mut [usize],
    ) -> Result<ManualPeerList<'a>, PeerListError> {
        let (start, end) = body(text);
        let len = check_span(text, start, end, scratch)?;
        Ok(ManualPeerList {
            text,
            start,
            end,
            len,
        })
    }

    /// The list of `text[start..end]`, offsets relative to `text`.
    pub(super) fn parse_span(
        text: &'a str,
        start: usize,
        end: usize,
    ) -> Result<ManualPeerList<'a>, PeerListError> {
        // More than NO_ALLOC_PEER_LIMIT words take at least twice as many
        // octets; with an allocator, such a list gets a slot for every word.
        #[cfg(feature = "alloc")]
        if end.saturating_sub(start) >= 2 * NO_ALLOC_PEER_LIMIT {
            let words = Tokens::new(text, start, end).count();
            if words > NO_ALLOC_PEER_LIMIT {
                let len = check_span(text, start, end, &mut alloc::vec![0; words])?;
                return Ok(ManualPeerList {
                    text,
                    start,
                    end,
                    len,
                });
            }
        }
        let mut stack = [0usize; NO_ALLOC_PEER_LIMIT];
        let len = check_span(text, start, end, &mut stack)?;
        Ok(ManualPeerList {
            text,
            start,
            end,
            len,
        })
    }

    /// Every entry of `text` in order, each checked on its own: a
    /// [`ManualPeer`] or the error of that entry. Never stops early, so a
    /// tool can report all problems at once. Duplicates are reported on the
    /// later entry; an entry with a syntax error is no earlier copy ([MS-W32T] section 2.2.11).
    ///
    /// Without the `alloc` feature the entries after the first
    /// [`NO_ALLOC_PEER_LIMIT`] are each [`PeerListRule::TooManyPeers`].
    #[must_use]
    pub fn scan(text: &'a str) -> Scan<'a> {
        let (start, end) = body(text);
        Scan::new(text, start, end)
    }

    /// The number of peers ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// `true` for a list without peers (an empty or blank string; [MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text as given (the whole line for
    /// [`ManualPeerList::from_command_line`]; [MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The part of [`as_str`](Self::as_str) that holds the entries: quotes
    /// and surrounding white space removed ([MS-W32T] section 2.2.11).
    #[must_use]
    pub fn entries_text(&self) -> &'a str {
        self.text.get(self.start..self.end).unwrap_or("")
    }

    /// The peers in order ([MS-W32T] section 2.2.11).
    pub fn iter(&self) -> Peers<'a> {
        Peers(Entries::new(self.text, self.start, self.end))
    }

    /// The entry for `host`, compared as duplicates are
    /// ([`same_host`](super::same_host): ASCII case, a trailing dot, IPv6
    /// spelling; [MS-W32T] section 2.2.11).
    #[must_use]
    pub fn get(&self, host: &str) -> Option<ManualPeer<'a>> {
        let key = Key::of(host);
        self.iter().find(|p| Key::of(p.host) == key)
    }
}

impl<'a> IntoIterator for &ManualPeerList<'a> {
    type Item = ManualPeer<'a>;
    type IntoIter = Peers<'a>;
    fn into_iter(self) -> Peers<'a> {
        self.iter()
    }
}

impl fmt::Display for ManualPeerList<'_> {
    /// The canonical form: entries separated by one space, each
    /// `host,0xN` with its flags written out (`0x0` included), no quotes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        for peer in self.iter() {
            write!(f, "{sep}{peer}")?;
            sep = " ";
        }
        Ok(())
    }
}

impl fmt::Debug for ManualPeerList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The span of the entries: white space trimmed, one pair of surrounding
/// quotes removed.
fn body(text: &str) -> (usize, usize) {
    let b = text.as_bytes();
    let mut start = 0;
    let mut end = b.len();
    while start < end && b[start].is_ascii_whitespace() {
        start += 1;
    }
    while end > start && b[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    if end - start >= 2 && matches!(b[start], b'"' | b'\'') && b[end - 1] == b[start] {
        start += 1;
        end -= 1;
    }
    (start, end)
}

/// The white-space separated words of `text[start..end]`, as
/// (offset, word).
#[derive(Debug, Clone)]
struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str, start: usize, end: usize) -> Tokens<'a> {
        Tokens {
            text,
            pos: start,
            end: end.min(text.len()),
        }
    }

    /// The next word without taking it.
    fn peek(&self) -> Option<(usize, &'a str)> {
        self.clone().next()
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let b = self.text.as_bytes();
        while self.pos < self.end && b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        if self.pos >= self.end {
            return None;
        }
        let begin = self.pos;
        while self.pos < self.end && !b[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
        // ASCII white space never splits a UTF-8 sequence.
        self.text.get(begin..self.pos).map(|t| (begin, t))
    }
}

/// The host part of the entry at `offset`: up to the comma or white space.
fn host_at(text: &str, offset: usize) -> &str {
    let rest = text.get(offset..).unwrap_or("");
    let end = rest
        .bytes()
        .position(|c| c == b',' || c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    rest.get(..end).unwrap_or("")
}

/// `text` up to `end`, where the entries stop: what [`host_at`] may read,
/// so that a host read back from its offset never takes in the closing
/// quote of a quoted list.
fn entries_only(text: &str, end: usize) -> &str {
    text.get(..end).unwrap_or(text)
}

/// One entry's syntax: a peer, or the error with the span of the words it
/// took (for [`PeerListRule::TooManyPeers`] and the duplicate check).
type Entry<'a> = (usize, usize, Result<ManualPeer<'a>, PeerListError>);

/// The entries of `text[start..end]`, each checked for syntax only (no
/// duplicates), with the typos that span two words recognized.
#[derive(Debug, Clone)]
struct Entries<'a> {
    tokens: Tokens<'a>,
    /// End of the previous word if it was a well-formed host without
    /// flags: a flags word right after it is a missing comma.
    bare_end: Option<usize>,
}

impl<'a> Entries<'a> {
    fn new(text: &'a str, start: usize, end: usize) -> Entries<'a> {
        Entries {
            tokens: Tokens::new(text, start, end),
            bare_end: None,
        }
    }

    fn entry(&mut self, offset: usize, token: &'a str) -> Result<ManualPeer<'a>, PeerListError> {
        let bare_end = self.bare_end.take();
        let (host, flags) = match token.split_once(',') {
            Some((host, flags)) => (host, Some(flags)),
            None => (token, None),
        };
        if host.is_empty() {
            return Err(match bare_end {
                Some(prev) => PeerListError::new(
                    prev,
                    offset - prev,
                    PeerListRule::SpaceBeforeComma { gap: offset - prev },
                ),
                None => PeerListError::new(offset, 1, PeerListRule::EmptyHost),
            });
        }
        if host::is_flags(host) {
            return Err(match bare_end {
                Some(prev) => PeerListError::new(
                    offset,
                    host.len(),
                    PeerListRule::MissingComma { gap: offset - prev },
                ),
                None => PeerListError::new(offset, host.len(), PeerListRule::FlagsWithoutHost),
            });
        }
        host::check(host, offset)?;
        let flags_at = offset + host.len() + 1;
        let flags = match flags {
            None => {
                self.bare_end = Some(offset + token.len());
                PeerFlags::NONE
            }
            Some("") => match self.tokens.peek() {
                Some((next, word)) if host::is_flags(word) => {
                    self.tokens.next();
                    let gap = next - flags_at;
                    return Err(PeerListError::new(
                        flags_at,
                        gap,
                        PeerListRule::SpaceAfterComma { gap },
                    ));
                }
                _ => return Err(PeerListError::new(flags_at, 0, PeerListRule::Flags)),
            },
            Some(text) => PeerFlags::parse_at(text, flags_at)?,
        };
        Ok(ManualPeer {
            host,
            flags,
            offset,
        })
    }
}

impl<'a> Iterator for Entries<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        let (offset, token) = self.tokens.next()?;
        let result = self.entry(offset, token);
        Some((offset, token.len(), result))
    }
}

/// The duplicate check of [`ManualPeerList::parse`]: the number of peers,
/// or the first error in text order (a duplicate's later entry, or a
/// syntax error, or the first entry past `scratch`).
fn check_span(
    text: &str,
    start: usize,
    end: usize,
    scratch: &mut [usize],
) -> Result<usize, PeerListError> {
    // The hosts end where the entries do: a closing quote is not part of
    // the last one (the duplicate check reads hosts back from offsets).
    let text = entries_only(text, end);
    let mut n = 0;
    let mut stop = None;
    for (offset, len, entry) in Entries::new(text, start, end) {
        let Some(slot) = scratch.get_mut(n) else {
            let limit = PeerListRule::TooManyPeers { limit: n };
            stop = Some(PeerListError::new(offset, len, limit));
            break;
        };
        match entry {
            Ok(peer) => {
                *slot = peer.offset;
                n += 1;
            }
            Err(e) => {
                stop = Some(e);
                break;
            }
        }
    }
    // Every entry before the stop is well-formed and in `scratch`, so a
    // duplicate among them comes before the stop in the text.
    if let Some(e) = first_duplicate(text, &mut scratch[..n]) {
        return Err(e);
    }
    match stop {
        Some(e) => Err(e),
        None => Ok(n),
    }
}

/// The repeat that comes first in the text among the entries at
/// `offsets` (reordered).
fn first_duplicate(text: &str, offsets: &mut [usize]) -> Option<PeerListError> {
    let mut found: Option<(usize, usize)> = None;
    host::for_each_repeat(
        offsets,
        |o| Key::of(host_at(text, o)),
        |later, first| {
            if found.map_or(true, |(f, _)| later < f) {
                found = Some((later, first));
            }
        },
    );
    found.map(|(offset, first)| {
        let len = host_at(text, offset).len();
        PeerListError::new(offset, len, PeerListRule::Duplicate { first })
    })
}

/// The entries of a manual peer list text, each checked
/// ([`ManualPeerList::scan`]; [MS-W32T] section 2.2.11).
#[derive(Debug, Clone)]
pub struct Scan<'a> {
    entries: Entries<'a>,
    text: &'a str,
    /// Host offsets of the well-formed entries so far that repeat no
    /// earlier one (short lists).
    seen: [usize; NO_ALLOC_PEER_LIMIT],
    seen_len: usize,
    /// Entries yielded.
    count: usize,
    /// For long lists (feature `alloc`): (entry, first) of every
    /// duplicate, in text order, and the next one to report.
    #[cfg(feature = "alloc")]
    table: Option<(alloc::vec::Vec<(usize, usize)>, usize)>,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str, start: usize, end: usize) -> Scan<'a> {
        let text = entries_only(text, end);
        Scan {
            entries: Entries::new(text, start, end),
            text,
            seen: [0; NO_ALLOC_PEER_LIMIT],
            seen_len: 0,
            count: 0,
            #[cfg(feature = "alloc")]
            table: Scan::table(text, start, end),
        }
    }

    /// The duplicates of a list too long for `seen`, found by sorting.
    #[cfg(feature = "alloc")]
    fn table(
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<(alloc::vec::Vec<(usize, usize)>, usize)> {
        use alloc::vec::Vec;
        if Tokens::new(text, start, end).count() <= NO_ALLOC_PEER_LIMIT {
            return None;
        }
        let mut offsets: Vec<usize> = Entries::new(text, start, end)
            .filter_map(|(_, _, e)| e.ok().map(|p| p.offset))
            .collect();
        let mut dups = Vec::new();
        host::for_each_repeat(
            &mut offsets,
            |o| Key::of(host_at(text, o)),
            |later, first| dups.push((later, first)),
        );
        dups.sort_unstable();
        Some((dups, 0))
    }

    /// The first entry with the host of `peer`, if it is not this one.
    fn earlier(&mut self, peer: &ManualPeer<'_>) -> Option<usize> {
        #[cfg(feature = "alloc")]
        if let Some((dups, next)) = &mut self.table {
            return match dups.get(*next) {
                Some(&(offset, first)) if offset == peer.offset => {
                    *next += 1;
                    Some(first)
                }
                _ => None,
            };
        }
        let key = Key::of(peer.host);
        let first = self.seen[..self.seen_len]
            .iter()
            .copied()
            .find(|&o| Key::of(host_at(self.text, o)) == key);
        if first.is_none() {
            if let Some(slot) = self.seen.get_mut(self.seen_len) {
                *slot = peer.offset;
                self.seen_len += 1;
            }
        }
        first
    }

    /// `true` when this entry is past what the check can hold.
    fn past_limit(&self) -> bool {
        #[cfg(feature = "alloc")]
        if self.table.is_some() {
            return false;
        }
        self.count > NO_ALLOC_PEER_LIMIT
    }
}

impl<'a> Iterator for Scan<'a> {
    type Item = Result<ManualPeer<'a>, PeerListError>;

    fn next(&mut self) -> Option<Result<ManualPeer<'a>, PeerListError>> {
        let (offset, len, entry) = self.entries.next()?;
        self.count += 1;
        if self.past_limit() {
            let limit = PeerListRule::TooManyPeers {
                limit: NO_ALLOC_PEER_LIMIT,
            };
            return Some(Err(PeerListError::new(offset, len, limit)));
        }
        let peer = match entry {
            Ok(peer) => peer,
            Err(e) => return Some(Err(e)),
        };
        match self.earlier(&peer) {
            Some(first) => Some(Err(PeerListError::new(
                peer.offset,
                peer.host.len(),
                PeerListRule::Duplicate { first },
            ))),
            None => Some(Ok(peer)),
        }
    }
}

impl core::iter::FusedIterator for Scan<'_> {}

/// The peers of a checked [`ManualPeerList`] ([MS-W32T] section 2.2.11).
#[derive(Debug, Clone)]
pub struct Peers<'a>(Entries<'a>);

impl<'a> Iterator for Peers<'a> {
    type Item = ManualPeer<'a>;

    fn next(&mut self) -> Option<ManualPeer<'a>> {
        // The list was checked, so every entry parses; no need to look for
        // duplicates again.
        loop {
            let (_, _, entry) = self.0.next()?;
            if let Ok(peer) = entry {
                return Some(peer);
            }
        }
    }
}

impl core::iter::FusedIterator for Peers<'_> {}

#[cfg(feature = "alloc")]
pub use owned::{ManualPeerBuf, ManualPeerListBuf};

#[cfg(feature = "alloc")]
mod owned {
    use alloc::string::String;
    use alloc::vec::Vec;
    use core::fmt;
    use core::str::FromStr;

    use super::{host, Key, ManualPeerList};
    use crate::w32time::{PeerFlags, PeerListError, PeerListRule};

    /// One owned peer of a [`ManualPeerListBuf`]: a host and its flags
    /// ([MS-W32T] section 2.2.11).
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    pub struct ManualPeerBuf {
        /// The host: a DNS name or an IP address ([MS-W32T] section 2.2.11).
        pub host: String,
        /// Its flags ([MS-W32T] section 2.2.11).
        pub flags: PeerFlags,
    }

    /// An owned, editable manual peer list (feature `alloc`): hosts unique
    /// ([`same_host`](crate::w32time::same_host)), in the order added. Its
    /// [`Display`](fmt::Display) is the canonical text for
    /// `w32tm /config /manualpeerlist:` ([MS-W32T] section 2.2.11).
    ///
    /// With feature `serde` it is `{"peers": [{"host": .., "flags": ..}]}`,
    /// and deserializing checks each peer as [`ManualPeerListBuf::insert`]
    /// does: an invalid host is refused with its [`PeerListRule`], a
    /// repeated one with [`PeerListRule::Duplicate`], offsets being
    /// positions in `peers`.
    ///
    /// ```
    /// use ntp_wire::w32time::{ManualPeerListBuf, PeerFlags};
    ///
    /// let mut list: ManualPeerListBuf = "time.windows.com,0x1 ntp.example.org,0x5".parse()?;
    /// assert_eq!(list.require_client_mode(), 2);
    /// assert_eq!(list.to_string(), "time.windows.com,0x9 ntp.example.org,0x9");
    /// # Ok::<(), ntp_wire::w32time::PeerListError>(())
    /// ```
    #[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    #[cfg_attr(feature = "serde", serde(try_from = "Unchecked"))]
    pub struct ManualPeerListBuf {
        peers: Vec<ManualPeerBuf>,
    }

    /// The serialized form, read before its peers are checked.
    #[cfg(feature = "serde")]
    #[derive(serde::Deserialize)]
    struct Unchecked {
        peers: Vec<ManualPeerBuf>,
    }

    #[cfg(feature = "serde")]
    impl TryFrom<Unchecked> for ManualPeerListBuf {
        type Error = PeerListError;

        fn try_from(unchecked: Unchecked) -> Result<ManualPeerListBuf, PeerListError> {
            for peer in &unchecked.peers {
                check_host(&peer.host)?;
            }
            // Sorted, so that a long list is not a quadratic search.
            let peers = unchecked.peers;
            let mut order: Vec<usize> = (0..peers.len()).collect();
            let mut found: Option<(usize, usize)> = None;
            host::for_each_repeat(
                &mut order,
                |i| Key::of(&peers[i].host),
                |later, first| {
                    if found.map_or(true, |(f, _)| later < f) {
                        found = Some((later, first));
                    }
                },
            );
            if let Some((offset, first)) = found {
                return Err(PeerListError::new(
                    offset,
                    1,
                    PeerListRule::Duplicate { first },
                ));
            }
            Ok(ManualPeerListBuf { peers })
        }
    }

    /// A host the list text can hold, or why not (offsets in `host`).
    fn check_host(host: &str) -> Result<(), PeerListError> {
        let token_end = host
            .bytes()
            .position(|c| c == b',' || c.is_ascii_whitespace());
        if let Some(at) = token_end {
            let c = char::from(host.as_bytes()[at]);
            return Err(PeerListError::new(
                at,
                1,
                PeerListRule::HostCharacter { character: c },
            ));
        }
        if host.is_empty() {
            return Err(PeerListError::new(0, 0, PeerListRule::EmptyHost));
        }
        if host::is_flags(host) {
            return Err(PeerListError::new(
                0,
                host.len(),
                PeerListRule::FlagsWithoutHost,
            ));
        }
        host::check(host, 0).map(|_| ())
    }

    impl ManualPeerListBuf {
        /// An empty list ([MS-W32T] section 2.2.11).
        #[must_use]
        pub const fn new() -> ManualPeerListBuf {
            ManualPeerListBuf { peers: Vec::new() }
        }

        /// The peers in order ([MS-W32T] section 2.2.11).
        #[must_use]
        pub fn peers(&self) -> &[ManualPeerBuf] {
            &self.peers
        }

        /// The number of peers ([MS-W32T] section 2.2.11).
        #[must_use]
        pub fn len(&self) -> usize {
            self.peers.len()
        }

        /// `true` when there is no peer ([MS-W32T] section 2.2.11).
        #[must_use]
        pub fn is_empty(&self) -> bool {
            self.peers.is_empty()
        }

        /// The flags of `host`, compared by
        /// [`same_host`](crate::w32time::same_host) ([MS-W32T] section
        /// 2.2.11).
        #[must_use]
        pub fn get(&self, host: &str) -> Option<PeerFlags> {
            self.position(host).map(|i| self.peers[i].flags)
        }

        fn position(&self, host: &str) -> Option<usize> {
            let key = Key::of(host);
            self.peers.iter().position(|p| Key::of(&p.host) == key)
        }

        /// Adds `host` with `flags` at the end, or, if it is listed already
        /// ([`same_host`](crate::w32time::same_host)), sets its flags in
        /// place and returns the old ones. A host the list text cannot hold
        /// is refused with the rule [`ManualPeerList::parse`] would give it
        /// (offsets in `host`; a comma or white space is
        /// [`PeerListRule::HostCharacter`], a flags value
        /// [`PeerListRule::FlagsWithoutHost`]; [MS-W32T] section 2.2.11).
        pub fn insert(
            &mut self,
            host: &str,
            flags: PeerFlags,
        ) -> Result<Option<PeerFlags>, PeerListError> {
            check_host(host)?;
            if let Some(i) = self.position(host) {
                return Ok(Some(core::mem::replace(&mut self.peers[i].flags, flags)));
            }
            self.peers.push(ManualPeerBuf {
                host: String::from(host),
                flags,
            });
            Ok(None)
        }

        /// Removes `host`, returning its flags ([MS-W32T] section 2.2.11).
        pub fn remove(&mut self, host: &str) -> Option<PeerFlags> {
            let i = self.position(host)?;
            Some(self.peers.remove(i).flags)
        }

        /// The fix of KB 875424 for every peer: requests in client mode
        /// (mode 3), which every server answers. Sets
        /// [`PeerFlags::CLIENT`] and clears the then meaningless
        /// [`PeerFlags::SYMMETRIC_ACTIVE`], keeping the other bits; returns
        /// how many peers changed. (To change only the peers that need it,
        /// see [`ManualPeerList::diagnose`].)
        pub fn require_client_mode(&mut self) -> usize {
            let mut changed = 0;
            for peer in &mut self.peers {
                let fixed = (peer.flags - PeerFlags::SYMMETRIC_ACTIVE) | PeerFlags::CLIENT;
                if fixed != peer.flags {
                    peer.flags = fixed;
                    changed += 1;
                }
            }
            changed
        }
    }

    impl From<ManualPeerList<'_>> for ManualPeerListBuf {
        fn from(list: ManualPeerList<'_>) -> ManualPeerListBuf {
            ManualPeerListBuf {
                peers: list
                    .iter()
                    .map(|p| ManualPeerBuf {
                        host: String::from(p.host),
                        flags: p.flags,
                    })
                    .collect(),
            }
        }
    }

    impl FromStr for ManualPeerListBuf {
        type Err = PeerListError;

        /// [`ManualPeerList::parse`], then owned.
        fn from_str(s: &str) -> Result<ManualPeerListBuf, PeerListError> {
            ManualPeerList::parse(s).map(ManualPeerListBuf::from)
        }
    }

    impl fmt::Display for ManualPeerListBuf {
        /// The canonical form, as [`ManualPeerList`]'s.
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut sep = "";
            for peer in &self.peers {
                write!(f, "{sep}{},{}", peer.host, peer.flags)?;
                sep = " ";
            }
            Ok(())
        }
    }
}
