//! The manual peer list: `w32tm /config /manualpeerlist:"..."`, stored in
//! the `W32Time\Parameters\NtpServer` registry value.

use core::fmt;

use super::PeerFlags;
use crate::{Error, Result};

/// The longest host name accepted: a DNS name is at most 253 characters in
/// its text form (RFC 1035 section 2.3.4: 255 octets on the wire).
pub const MAX_HOST_LEN: usize = 253;

/// One entry of a manual peer list: a host and its flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ManualPeer<'a> {
    /// The host as written: a DNS name or an IP address.
    pub host: &'a str,
    /// The flags after the comma, [`PeerFlags::NONE`] when there is no
    /// comma.
    pub flags: PeerFlags,
    /// Offset of the entry in the string parsed, in octets.
    pub offset: usize,
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
/// "if the flags are not specified, they default to 0x0", Windows Server
/// 2003 registry reference).
///
/// Read leniently where people type differently and strictly where a
/// mistake changes the meaning:
/// - runs of spaces, tabs and line breaks separate entries; leading and
///   trailing white space is ignored; one pair of double or single quotes
///   around the whole list (as pasted from a command line) is removed;
/// - flags are [`PeerFlags`] text (`0x9`, `0x09`, `0X9`); `host,` with
///   nothing after the comma, a second comma, or bare digits are
///   [`Error::InvalidPeerFlags`];
/// - a host is 1 to [`MAX_HOST_LEN`] characters without quotes or control
///   characters, else [`Error::InvalidPeerHost`];
/// - hosts compare ASCII case-insensitively, as DNS names do (RFC 4343); a
///   repeated host is [`Error::DuplicatePeer`].
///
/// Every error carries the offset in the text given. [`ManualPeerList::scan`]
/// reports each entry's result, for tools that list every problem.
///
/// Checking for duplicates compares each entry with the ones before it
/// (no allocation, so quadratic in the length of the text: instant for the
/// handful of peers a real list holds; in a release build about 3 ms for a
/// thousand short hosts and 30 ms for a 10 KB list of 2600).
///
/// ```
/// use ntp_wire::w32time::{ManualPeerList, PeerFlags};
///
/// let list = ManualPeerList::parse("\"time.windows.com,0x9  ntp.example.org\"")?;
/// assert_eq!(list.len(), 2);
/// assert_eq!(list.get("TIME.windows.com").unwrap().flags, PeerFlags::from_bits(0x9));
/// assert_eq!(list.to_string(), "time.windows.com,0x9 ntp.example.org,0x0");
/// # Ok::<(), ntp_wire::Error>(())
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
    /// Checks the whole list and returns it, or the first problem found.
    pub fn parse(text: &'a str) -> Result<ManualPeerList<'a>> {
        let scan = ManualPeerList::scan(text);
        let (start, end) = (scan.start, scan.end);
        let mut len = 0;
        for entry in scan {
            entry?;
            len += 1;
        }
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
    /// later entry.
    #[must_use]
    pub fn scan(text: &'a str) -> Scan<'a> {
        let (start, end) = body(text);
        Scan {
            text,
            start,
            end,
            pos: start,
        }
    }

    /// The number of peers.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// `true` for a list without peers (an empty or blank string).
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text as given.
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// The peers in order.
    pub fn iter(&self) -> Peers<'a> {
        Peers(Scan {
            text: self.text,
            start: self.start,
            end: self.end,
            pos: self.start,
        })
    }

    /// The entry for `host` (compared ASCII case-insensitively).
    #[must_use]
    pub fn get(&self, host: &str) -> Option<ManualPeer<'a>> {
        self.iter().find(|p| p.host.eq_ignore_ascii_case(host))
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

/// Splits the token at `offset` into a checked host and flags.
fn entry(token: &str, offset: usize) -> Result<ManualPeer<'_>> {
    let (host, flags) = match token.split_once(',') {
        Some((host, flags)) => (host, Some(flags)),
        None => (token, None),
    };
    let bad_host = host.is_empty()
        || host.len() > MAX_HOST_LEN
        || host
            .chars()
            .any(|c| c.is_control() || c == '"' || c == '\'');
    if bad_host {
        return Err(Error::InvalidPeerHost {
            offset,
            len: host.len(),
        });
    }
    let flags = match flags {
        Some(text) => PeerFlags::parse_at(text, offset + host.len() + 1)?,
        None => PeerFlags::NONE,
    };
    Ok(ManualPeer {
        host,
        flags,
        offset,
    })
}

/// The entries of a manual peer list text, each checked
/// ([`ManualPeerList::scan`]).
#[derive(Debug, Clone)]
pub struct Scan<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    pos: usize,
}

impl<'a> Scan<'a> {
    /// The next white-space separated token in `start..end` from `pos`, as
    /// (offset, token).
    fn next_token(&mut self) -> Option<(usize, &'a str)> {
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

impl Scan<'_> {
    /// The offset of the first well-formed entry before `offset` whose host
    /// is `host` (ASCII case-insensitively).
    ///
    /// Quadratic over the whole list, so the inner loop is lean: one pass
    /// over the octets, and the full check of an entry only when its host
    /// matches.
    fn earlier(&self, offset: usize, host: &str) -> Option<usize> {
        let b = self.text.as_bytes();
        let end = offset.min(b.len());
        let mut pos = self.start;
        while pos < end {
            if b[pos].is_ascii_whitespace() {
                pos += 1;
                continue;
            }
            let begin = pos;
            let mut comma = None;
            while pos < end && !b[pos].is_ascii_whitespace() {
                if b[pos] == b',' && comma.is_none() {
                    comma = Some(pos);
                }
                pos += 1;
            }
            let host_end = comma.unwrap_or(pos);
            if b[begin..host_end].eq_ignore_ascii_case(host.as_bytes()) {
                // ASCII white space never splits a UTF-8 sequence.
                let token = self.text.get(begin..pos).unwrap_or("");
                if entry(token, begin).is_ok() {
                    return Some(begin);
                }
            }
        }
        None
    }
}

impl<'a> Iterator for Scan<'a> {
    type Item = Result<ManualPeer<'a>>;

    fn next(&mut self) -> Option<Result<ManualPeer<'a>>> {
        let (offset, token) = self.next_token()?;
        let peer = match entry(token, offset) {
            Ok(peer) => peer,
            Err(e) => return Some(Err(e)),
        };
        match self.earlier(offset, peer.host) {
            Some(first) => Some(Err(Error::DuplicatePeer { offset, first })),
            None => Some(Ok(peer)),
        }
    }
}

impl core::iter::FusedIterator for Scan<'_> {}

/// The peers of a checked [`ManualPeerList`].
#[derive(Debug, Clone)]
pub struct Peers<'a>(Scan<'a>);

impl<'a> Iterator for Peers<'a> {
    type Item = ManualPeer<'a>;

    fn next(&mut self) -> Option<ManualPeer<'a>> {
        // The list was checked, so every entry parses; no need to look for
        // duplicates again.
        loop {
            let (offset, token) = self.0.next_token()?;
            if let Ok(peer) = entry(token, offset) {
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

    use super::{entry, ManualPeerList};
    use crate::w32time::PeerFlags;
    use crate::{Error, Result};

    /// One owned peer of a [`ManualPeerListBuf`].
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
    pub struct ManualPeerBuf {
        /// The host: a DNS name or an IP address.
        pub host: String,
        /// Its flags.
        pub flags: PeerFlags,
    }

    /// An owned, editable manual peer list (feature `alloc`): hosts unique
    /// (ASCII case-insensitively), in the order added. Its
    /// [`Display`](fmt::Display) is the canonical text for
    /// `w32tm /config /manualpeerlist:`.
    ///
    /// With feature `serde` it is `{"peers": [{"host": .., "flags": ..}]}`,
    /// and deserializing checks each peer as [`ManualPeerListBuf::insert`]
    /// does: an invalid host is [`Error::InvalidPeerHost`], a repeated one
    /// [`Error::DuplicatePeer`] whose offsets are positions in `peers`.
    ///
    /// ```
    /// use ntp_wire::w32time::{ManualPeerListBuf, PeerFlags};
    ///
    /// let mut list: ManualPeerListBuf = "time.windows.com,0x1 ntp.example.org,0x5".parse()?;
    /// assert_eq!(list.require_client_mode(), 2);
    /// assert_eq!(list.to_string(), "time.windows.com,0x9 ntp.example.org,0x9");
    /// # Ok::<(), ntp_wire::Error>(())
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
        type Error = Error;

        fn try_from(unchecked: Unchecked) -> Result<ManualPeerListBuf> {
            let mut list = ManualPeerListBuf::new();
            for (offset, peer) in unchecked.peers.into_iter().enumerate() {
                if let Some(first) = list.position(&peer.host) {
                    return Err(Error::DuplicatePeer { offset, first });
                }
                list.insert(&peer.host, peer.flags)?;
            }
            Ok(list)
        }
    }

    impl ManualPeerListBuf {
        /// An empty list.
        #[must_use]
        pub const fn new() -> ManualPeerListBuf {
            ManualPeerListBuf { peers: Vec::new() }
        }

        /// The peers in order.
        #[must_use]
        pub fn peers(&self) -> &[ManualPeerBuf] {
            &self.peers
        }

        /// The number of peers.
        #[must_use]
        pub fn len(&self) -> usize {
            self.peers.len()
        }

        /// `true` when there is no peer.
        #[must_use]
        pub fn is_empty(&self) -> bool {
            self.peers.is_empty()
        }

        /// The flags of `host` (ASCII case-insensitive).
        #[must_use]
        pub fn get(&self, host: &str) -> Option<PeerFlags> {
            self.position(host).map(|i| self.peers[i].flags)
        }

        fn position(&self, host: &str) -> Option<usize> {
            self.peers
                .iter()
                .position(|p| p.host.eq_ignore_ascii_case(host))
        }

        /// Adds `host` with `flags` at the end, or, if it is listed already,
        /// sets its flags in place and returns the old ones.
        /// [`Error::InvalidPeerHost`] (offset 0 in `host`) for a host the
        /// list text could not hold (empty, too long, with white space,
        /// comma, quote or control character).
        pub fn insert(&mut self, host: &str, flags: PeerFlags) -> Result<Option<PeerFlags>> {
            let invalid = Error::InvalidPeerHost {
                offset: 0,
                len: host.len(),
            };
            if host.contains(|c: char| c == ',' || c.is_ascii_whitespace()) {
                return Err(invalid);
            }
            let peer = entry(host, 0).map_err(|_| invalid)?;
            if let Some(i) = self.position(peer.host) {
                return Ok(Some(core::mem::replace(&mut self.peers[i].flags, flags)));
            }
            self.peers.push(ManualPeerBuf {
                host: String::from(host),
                flags,
            });
            Ok(None)
        }

        /// Removes `host`, returning its flags.
        pub fn remove(&mut self, host: &str) -> Option<PeerFlags> {
            let i = self.position(host)?;
            Some(self.peers.remove(i).flags)
        }

        /// The fix of KB 875424 for every peer: requests in client mode
        /// (mode 3), which every server answers. Sets
        /// [`PeerFlags::CLIENT`] and clears the then meaningless
        /// [`PeerFlags::SYMMETRIC_ACTIVE`], keeping the other bits; returns
        /// how many peers changed.
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
        type Err = Error;

        /// [`ManualPeerList::parse`], then owned.
        fn from_str(s: &str) -> Result<ManualPeerListBuf> {
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
