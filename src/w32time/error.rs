//! Why a peer list text is refused: [`PeerListError`] and its
//! [`PeerListRule`].

use core::fmt;

/// Why a manual peer list (the `w32tm /config /manualpeerlist:` text, the
/// `W32Time\Parameters\NtpServer` registry value of [MS-W32T] section
/// 2.2.11), a peer-flags value or a `w32tm` command line is refused.
///
/// `Copy`, allocation-free, the same with and without `std`: it names the
/// place (`offset` and `len`, in octets of the text given) and the
/// [`PeerListRule`] broken. The text itself is not kept;
/// [`PeerListError::explain`] shows the offending part and, for the typos
/// it recognizes (a missing comma, a space around the comma, a semicolon
/// for a comma, a list with spaces but no quotes), the corrected text.
///
/// ```
/// use ntp_wire::w32time::{ManualPeerList, PeerListRule};
///
/// let text = "time.windows.com 0x8";
/// let err = ManualPeerList::parse(text).unwrap_err();
/// assert_eq!(err.rule, PeerListRule::MissingComma { gap: 1 });
/// assert_eq!((err.offset, err.len), (17, 3));
/// assert_eq!(err.offending(text), "0x8");
/// assert_eq!(err.corrected(text).unwrap().to_string(), "time.windows.com,0x8");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[error("{rule} (at offset {offset}, {len} octets)")]
pub struct PeerListError {
    /// Where the offending text starts, in octets from the start of the
    /// text given (of the whole line for a command line; [MS-W32T] section 2.2.11).
    pub offset: usize,
    /// Its length in octets (0 where something is missing, such as the
    /// flags after a comma; [MS-W32T] section 2.2.11).
    pub len: usize,
    /// The rule it breaks ([MS-W32T] section 2.2.11).
    pub rule: PeerListRule,
}

/// The rule a peer list text breaks ([`PeerListError::rule`]).
///
/// Hosts follow RFC 1123 section 2.1 (labels of RFC 1035 section 2.3.1,
/// with a digit allowed first), IPv4 addresses are dotted decimal
/// (RFC 1123 section 2.1), IPv6 addresses the text forms of RFC 4291
/// section 2.2; flags are the `0xN` DWORD of [MS-W32T] section 2.2.11 and
/// KB 875424.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum PeerListRule {
    /// The flags after a comma are not `0x` and 1 to 8 significant hex
    /// digits ([MS-W32T] section 2.2.11: a DWORD, written `0x9`); the
    /// offending text is the flags (empty when nothing follows the comma).
    Flags,
    /// Nothing before the comma: an entry needs a host.
    EmptyHost,
    /// A host longer than a DNS name can be: 253 characters, 254 with a
    /// trailing dot (RFC 1035 section 2.3.4, 255 octets on the wire).
    HostTooLong,
    /// An empty label: two dots in a row, or a dot first (RFC 1035
    /// section 2.3.1). The offending text is the dots.
    EmptyLabel,
    /// A label longer than 63 octets (RFC 1035 section 2.3.4).
    LabelTooLong,
    /// A label that starts or ends with a hyphen (RFC 1035 section 2.3.1,
    /// RFC 1123 section 2.1).
    LabelHyphen,
    /// A character no host name holds: a DNS name has letters, digits,
    /// hyphens and dots only (RFC 1123 section 2.1), an IPv6 address hex
    /// digits, colons and dots.
    HostCharacter {
        /// The character.
        character: char,
    },
    /// A control character (C0, DEL or C1): never part of a host, and
    /// invisible when the list is shown.
    ControlCharacter {
        /// The character.
        character: char,
    },
    /// White space that is not ASCII (U+00A0 no-break space, U+2028 line
    /// separator, U+3000, ...): it looks like a separator but is not one,
    /// so the entry would not be what it looks like. Only ASCII space,
    /// tab and line breaks separate entries.
    NonAsciiWhitespace {
        /// The character.
        character: char,
    },
    /// Any other character outside ASCII: invisible ones such as U+FEFF
    /// (a byte-order mark) or U+200B, and letters of internationalized
    /// names, which DNS carries in their ASCII `xn--` form (RFC 5891
    /// section 4.4).
    NonAscii {
        /// The character.
        character: char,
    },
    /// A semicolon where the comma between host and flags belongs
    /// (`time.windows.com;0x8`). [`PeerListError::corrected`] replaces it.
    Semicolon,
    /// A flags value written as a separate word right after a host
    /// (`time.windows.com 0x8`): without the comma Windows Time reads two
    /// hosts, the second named `0x8`, both with flags 0.
    /// [`PeerListError::corrected`] joins them.
    MissingComma {
        /// Octets of white space between the host and the flags.
        gap: usize,
    },
    /// White space between the comma and the flags (`host, 0x8`): Windows
    /// Time reads an entry with empty flags and a host named `0x8`.
    /// [`PeerListError::corrected`] removes it.
    SpaceAfterComma {
        /// Octets of white space after the comma.
        gap: usize,
    },
    /// White space before the comma (`host ,0x8`): the flags would belong
    /// to an entry without a host. [`PeerListError::corrected`] removes it.
    SpaceBeforeComma {
        /// Octets of white space before the comma.
        gap: usize,
    },
    /// A flags value where a host belongs, with no host before it that
    /// lacks flags (`0x8` alone, or after `host,0x1`).
    FlagsWithoutHost,
    /// A host whose last label is all digits (RFC 1123 section 2.1: such a
    /// name is an IPv4 address) but which is not a dotted-decimal address:
    /// four numbers from 0 to 255 without leading zeros (Windows reads
    /// `010` as octal, 8), and no trailing dot.
    Ipv4Address,
    /// A host with a colon that is not an IPv6 address in a text form of
    /// RFC 4291 section 2.2 (see [`ManualPeerList`](super::ManualPeerList)
    /// on which forms are accepted).
    Ipv6Address,
    /// An IPv6 address in brackets (`[2001:db8::1]`). The brackets of
    /// RFC 3986 section 3.2.2 belong to URIs, where a port may follow; the
    /// Windows Time documents show none in a peer list, and no port can be
    /// given there. Write the address without them.
    Ipv6Brackets,
    /// A word that starts with `/` or `-`, such as `/config`: a `w32tm`
    /// option, so the text is a whole command line, not a peer list. Read
    /// it with [`ManualPeerList::from_command_line`](super::ManualPeerList::from_command_line).
    CommandLineOption,
    /// The same host twice, up to ASCII case and a trailing dot (IPv6
    /// addresses by their value): the NtpServer value of the Windows Time
    /// registry reference says "Each DNS name or IP address listed must be
    /// unique". The offending text is the later host.
    Duplicate {
        /// Offset of the first entry with that host.
        first: usize,
    },
    /// More entries than the duplicate check can hold: the scratch buffer
    /// given to [`ManualPeerList::parse_with_scratch`](super::ManualPeerList::parse_with_scratch)
    /// has fewer slots, or, without the `alloc` feature, the list has more
    /// than [`NO_ALLOC_PEER_LIMIT`](super::NO_ALLOC_PEER_LIMIT) entries.
    /// The offending text is the first entry past the limit.
    TooManyPeers {
        /// The number of entries that fit.
        limit: usize,
    },
    /// A command line without a `/manualpeerlist:` option
    /// ([`ManualPeerList::from_command_line`](super::ManualPeerList::from_command_line)).
    NoPeerListOption,
    /// A second `/manualpeerlist:` option on the same command line: which
    /// one `w32tm` keeps is not documented.
    RepeatedPeerListOption {
        /// Offset of the first one.
        first: usize,
    },
    /// A double quote opened on the command line and never closed.
    UnclosedQuote,
    /// Quotes inside the value of `/manualpeerlist:` other than one pair
    /// around all of it (`/manualpeerlist:a" "b`): cmd.exe and the C
    /// runtime join such pieces by rules too subtle to rely on.
    Quoting,
    /// A peer list with spaces given to `/manualpeerlist:` without quotes:
    /// cmd.exe splits it at the first space, so `w32tm` sets only the
    /// first peer (and takes the rest for stray arguments).
    /// [`PeerListError::corrected`] adds the quotes.
    UnquotedList {
        /// Octets from the start of the value to the end of its last peer.
        span: usize,
    },
}

impl fmt::Display for PeerListRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PeerListRule::*;
        match *self {
            Flags => f.write_str("peer flags are 0x and a hex value of at most 8 significant digits, such as 0x8 or 0x9 ([MS-W32T] section 2.2.11)"),
            EmptyHost => f.write_str("an entry without a host: write the host before the comma, as host,0x8"),
            HostTooLong => f.write_str("a host name has at most 253 characters, 254 with a trailing dot (RFC 1035 section 2.3.4)"),
            EmptyLabel => f.write_str("a host name has an empty label: no two dots in a row and no dot first (RFC 1035 section 2.3.1)"),
            LabelTooLong => f.write_str("a label of a host name has at most 63 characters (RFC 1035 section 2.3.4)"),
            LabelHyphen => f.write_str("a label of a host name neither starts nor ends with a hyphen (RFC 1123 section 2.1)"),
            HostCharacter { character } => write!(f, "{character:?} cannot be part of a host: a DNS name has letters, digits, hyphens and dots (RFC 1123 section 2.1), an IPv6 address hex digits and colons"),
            ControlCharacter { character } => write!(f, "control character {:?} (U+{:04X}) in a host", character, u32::from(character)),
            NonAsciiWhitespace { character } => write!(f, "U+{:04X} is white space outside ASCII: it looks like a separator but is part of the host; separate entries with ASCII spaces", u32::from(character)),
            NonAscii { character } => write!(f, "U+{:04X} is not ASCII: a host is an ASCII DNS name (internationalized names in their xn-- form, RFC 5891 section 4.4) or an IP address", u32::from(character)),
            Semicolon => f.write_str("a semicolon between host and flags: write a comma, as host,0x8"),
            MissingComma { .. } => f.write_str("flags written as a separate word after a host: the comma is missing, so Windows Time would read two hosts, both with flags 0"),
            SpaceAfterComma { .. } => f.write_str("white space after the comma: write host and flags as one word, as host,0x8"),
            SpaceBeforeComma { .. } => f.write_str("white space before the comma: write host and flags as one word, as host,0x8"),
            FlagsWithoutHost => f.write_str("a flags value where a host belongs: flags follow their host after a comma, as host,0x8"),
            Ipv4Address => f.write_str("a name ending in a number is an IPv4 address (RFC 1123 section 2.1), written as four numbers from 0 to 255 without leading zeros or a trailing dot"),
            Ipv6Address => f.write_str("not an IPv6 address in the text form of RFC 4291 section 2.2 (no zone index, no port)"),
            Ipv6Brackets => f.write_str("an IPv6 address in brackets: write it without them, as 2001:db8::1,0x8"),
            CommandLineOption => f.write_str("a w32tm option in a peer list: this looks like a whole command line; read it with ManualPeerList::from_command_line"),
            Duplicate { first } => write!(f, "the same host is already listed at offset {first}; list each host once"),
            TooManyPeers { limit } => write!(f, "more than {limit} entries; give a larger scratch buffer to parse_with_scratch"),
            NoPeerListOption => f.write_str("no /manualpeerlist: option on this command line"),
            RepeatedPeerListOption { first } => write!(f, "a second /manualpeerlist: option (the first is at offset {first})"),
            UnclosedQuote => f.write_str("a double quote is opened and never closed"),
            Quoting => f.write_str("quotes inside the /manualpeerlist: value: put one pair of double quotes around the whole list"),
            UnquotedList { .. } => f.write_str("a peer list with spaces but no quotes: cmd.exe passes only the first peer to /manualpeerlist:; put the list in double quotes"),
        }
    }
}

impl PeerListError {
    /// An error of `rule` over `len` octets at `offset` ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn new(offset: usize, len: usize, rule: PeerListRule) -> PeerListError {
        PeerListError { offset, len, rule }
    }

    /// The offending part of `text` (the text that was parsed), or `""`
    /// if the range does not fit it ([MS-W32T] section 2.2.11).
    #[must_use]
    pub fn offending<'t>(&self, text: &'t str) -> &'t str {
        self.offset
            .checked_add(self.len)
            .and_then(|end| text.get(self.offset..end))
            .unwrap_or("")
    }

    /// `text` (the text that was parsed) with the typo fixed, for the rules
    /// that say what was meant: [`PeerListRule::MissingComma`],
    /// [`SpaceAfterComma`](PeerListRule::SpaceAfterComma),
    /// [`SpaceBeforeComma`](PeerListRule::SpaceBeforeComma),
    /// [`Semicolon`](PeerListRule::Semicolon) and
    /// [`UnquotedList`](PeerListRule::UnquotedList). `None` for the other
    /// rules and for a text the offsets do not fit ([MS-W32T] section 2.2.11).
    ///
    /// It fixes this one mistake; the result may hold others.
    #[must_use]
    pub fn corrected<'t>(&self, text: &'t str) -> Option<Corrected<'t>> {
        let (cut, insert, resume) = match self.rule {
            PeerListRule::MissingComma { gap } => (self.offset.checked_sub(gap)?, ",", self.offset),
            PeerListRule::SpaceAfterComma { gap } | PeerListRule::SpaceBeforeComma { gap } => {
                (self.offset, "", self.offset.checked_add(gap)?)
            }
            PeerListRule::Semicolon => (self.offset, ",", self.offset.checked_add(1)?),
            PeerListRule::UnquotedList { span } => {
                let end = self.offset.checked_add(span)?;
                return Some(Corrected {
                    parts: [text.get(..self.offset)?, "\"", text.get(self.offset..end)?],
                    tail: ["\"", text.get(end..)?],
                });
            }
            _ => return None,
        };
        Some(Corrected {
            parts: [text.get(..cut)?, insert, text.get(resume..)?],
            tail: ["", ""],
        })
    }

    /// This error with the text it was found in: its
    /// [`Display`](fmt::Display) is the message, the offending part quoted
    /// and, where [`PeerListError::corrected`] knows it, the corrected
    /// text ([MS-W32T] section 2.2.11).
    #[must_use]
    pub const fn explain<'t>(&self, text: &'t str) -> Explained<'t> {
        Explained { error: *self, text }
    }
}

/// A text with one typo fixed ([`PeerListError::corrected`]): its
/// [`Display`](fmt::Display) writes it, without allocating ([MS-W32T] section 2.2.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Corrected<'t> {
    parts: [&'t str; 3],
    tail: [&'t str; 2],
}

impl fmt::Display for Corrected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in self.parts.iter().chain(&self.tail) {
            f.write_str(part)?;
        }
        Ok(())
    }
}

/// A [`PeerListError`] with its text ([`PeerListError::explain`]; [MS-W32T] section 2.2.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Explained<'t> {
    error: PeerListError,
    text: &'t str,
}

impl fmt::Display for Explained<'_> {
    /// `at offset 17: "0x8": flags written as ... ; did you mean "time.windows.com,0x8"?`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.error;
        write!(
            f,
            "at offset {}: {:?}: {}",
            e.offset,
            e.offending(self.text),
            e.rule
        )?;
        if let Some(fixed) = e.corrected(self.text) {
            write!(f, "; did you mean \"{fixed}\"?")?;
        }
        Ok(())
    }
}
