//! What a peer list host may be: an RFC 1123 DNS name, an IPv4 address in
//! dotted decimal, or an IPv6 address in an RFC 4291 text form; and when
//! two hosts are the same.

use core::cmp::Ordering;
use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::{PeerFlags, PeerListError, PeerListRule};

/// The longest host name accepted without a trailing dot: a DNS name is at
/// most 253 characters in its text form (RFC 1035 section 2.3.4: 255
/// octets on the wire), 254 with the trailing dot of a fully qualified
/// name.
pub const MAX_HOST_LEN: usize = 253;

/// The longest label of a DNS name (RFC 1035 section 2.3.4).
const MAX_LABEL_LEN: usize = 63;

/// A checked host: a name or an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum HostKind {
    /// A DNS name (an IPv4 address compares as its text, which is
    /// canonical once leading zeros are refused).
    Name,
    /// An IPv4 address.
    V4(Ipv4Addr),
    /// An IPv6 address, compared by value.
    V6(Ipv6Addr),
}

impl HostKind {
    pub(super) const fn address(self) -> Option<IpAddr> {
        match self {
            HostKind::Name => None,
            HostKind::V4(a) => Some(IpAddr::V4(a)),
            HostKind::V6(a) => Some(IpAddr::V6(a)),
        }
    }
}

/// Checks `host` (found at `offset` of the text parsed) as a DNS name or
/// IP address, ignoring whether it is a flags value (the caller decides
/// what that means). Errors point at the offending part.
pub(super) fn check(host: &str, offset: usize) -> Result<HostKind, PeerListError> {
    let err = |at: usize, len: usize, rule| PeerListError::new(offset + at, len, rule);
    let b = host.as_bytes();
    // One pass classifies the octets: the first that is not ASCII or is a
    // control character ends it (that rule comes first), the first other
    // octet no name holds and any colon are noted for the rules after it.
    let mut odd = None;
    let mut colon = false;
    for (at, &c) in b.iter().enumerate() {
        if c.is_ascii_alphanumeric() || c == b'-' || c == b'.' {
            continue;
        }
        if !c.is_ascii() || c.is_ascii_control() {
            // Every octet before `at` is ASCII: a UTF-8 sequence starts here.
            let c = host
                .get(at..)
                .and_then(|t| t.chars().next())
                .unwrap_or('\0');
            let rule = if c.is_control() {
                PeerListRule::ControlCharacter { character: c }
            } else if c.is_whitespace() {
                PeerListRule::NonAsciiWhitespace { character: c }
            } else {
                PeerListRule::NonAscii { character: c }
            };
            return Err(err(at, c.len_utf8(), rule));
        }
        if c == b':' {
            colon = true;
        } else if odd.is_none() {
            odd = Some(at);
        }
    }
    if b.first() == Some(&b'/') {
        return Err(err(0, host.len(), PeerListRule::CommandLineOption));
    }
    if colon {
        return check_v6(host).map_err(|rule| err(0, host.len(), rule));
    }
    if let Some(at) = odd {
        let rule = match b[at] {
            b';' if host.get(at + 1..).is_some_and(is_flags) => PeerListRule::Semicolon,
            c => PeerListRule::HostCharacter {
                character: char::from(c),
            },
        };
        return Err(err(at, 1, rule));
    }
    let name = b.strip_suffix(b".").unwrap_or(b);
    if name.len() > MAX_HOST_LEN {
        return Err(err(0, host.len(), PeerListRule::HostTooLong));
    }
    let mut start = 0;
    let mut last: &[u8] = &[];
    for label in name.split(|&c| c == b'.') {
        if label.is_empty() {
            // The dots around the empty label: the one before it (if any)
            // and the one after it, which there always is (`name` ends in a
            // label that is not empty once one trailing dot is dropped, or
            // in an empty one with that dot after it).
            let before = usize::from(start > 0);
            return Err(err(start - before, before + 1, PeerListRule::EmptyLabel));
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(err(start, label.len(), PeerListRule::LabelTooLong));
        }
        if label.starts_with(b"-") {
            return Err(err(start, 1, PeerListRule::LabelHyphen));
        }
        if label.ends_with(b"-") {
            return Err(err(start + label.len() - 1, 1, PeerListRule::LabelHyphen));
        }
        start += label.len() + 1;
        last = label;
    }
    if last.iter().all(u8::is_ascii_digit) {
        return check_v4(host)
            .map(HostKind::V4)
            .ok_or_else(|| err(0, host.len(), PeerListRule::Ipv4Address));
    }
    Ok(HostKind::Name)
}

/// Four decimal numbers of 0 to 255 without leading zeros, and nothing
/// else (RFC 1123 section 2.1's `#.#.#.#`), in a host whose characters are
/// checked already (letters, digits, hyphens and dots: no sign for `u8`'s
/// parser to take). The leading zero is refused here, so that the rule
/// does not rest on `core`'s parser, which refuses it too; an empty,
/// over-long or non-numeric part is one `u8` does not parse.
fn check_v4(host: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = host.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.len() > 1 && part.starts_with('0') {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    match parts.next() {
        None => Some(Ipv4Addr::from(octets)),
        Some(_) => None,
    }
}

/// An IPv6 literal in an RFC 4291 section 2.2 text form.
fn check_v6(host: &str) -> Result<HostKind, PeerListRule> {
    if host.starts_with('[') && host.ends_with(']') {
        return Err(PeerListRule::Ipv6Brackets);
    }
    host.parse::<Ipv6Addr>()
        .map(HostKind::V6)
        .map_err(|_| PeerListRule::Ipv6Address)
}

/// `true` when `host` reads as a peer-flags value (`0x8`): a flags word
/// where a host belongs.
pub(super) fn is_flags(host: &str) -> bool {
    PeerFlags::parse_at(host, 0).is_ok()
}

/// The comparison key of a checked host: names by their octets folded to
/// ASCII lower case with one trailing dot dropped, IPv6 addresses by value
/// (after every name).
#[derive(Debug, Clone, Copy)]
pub(super) enum Key<'a> {
    Name(&'a [u8]),
    V6(Ipv6Addr),
}

/// `true` when `b` holds a colon: a plain loop, as hosts are short (the
/// `memchr` of `contains` costs more than it saves here: callgrind counted
/// it at a fifth of a five-peer parse).
#[allow(clippy::manual_contains)]
fn has_colon(b: &[u8]) -> bool {
    b.iter().any(|&c| c == b':')
}

impl<'a> Key<'a> {
    /// The key of a host already checked (an unchecked one compares as a
    /// name).
    pub(super) fn of(host: &'a str) -> Key<'a> {
        let b = host.as_bytes();
        if has_colon(b) {
            if let Ok(a) = host.parse::<Ipv6Addr>() {
                return Key::V6(a);
            }
        }
        Key::Name(b.strip_suffix(b".").unwrap_or(b))
    }
}

impl Ord for Key<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Key::Name(a), Key::Name(b)) => a
                .iter()
                .map(u8::to_ascii_lowercase)
                .cmp(b.iter().map(u8::to_ascii_lowercase)),
            (Key::V6(a), Key::V6(b)) => a.cmp(b),
            (Key::Name(_), Key::V6(_)) => Ordering::Less,
            (Key::V6(_), Key::Name(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Key<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Key<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Key::Name(a), Key::Name(b)) => a.eq_ignore_ascii_case(b),
            (Key::V6(a), Key::V6(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Key<'_> {}

/// `true` when `a` and `b` name the same peer: equal up to ASCII case and
/// one trailing dot, or the same IPv6 address however written
/// (RFC 4343 section 3 for the case of DNS names, RFC 5952 section 4 for
/// the many spellings of one IPv6 address).
///
/// ```
/// use ntp_wire::w32time::same_host;
///
/// assert!(same_host("Time.Windows.COM.", "time.windows.com"));
/// assert!(same_host("2001:DB8:0:0::1", "2001:db8::1"));
/// assert!(!same_host("time.windows.com", "time.windows.co"));
/// ```
#[must_use]
pub fn same_host(a: &str, b: &str) -> bool {
    Key::of(a) == Key::of(b)
}

/// Sorts `positions` (each the place of a host in the text, or in a list)
/// by host key, then position, and calls `repeat(later, first)` for every
/// position whose host an earlier one already has, `first` being the
/// earliest: O(n log n) comparisons, no allocation.
pub(super) fn for_each_repeat<'k>(
    positions: &mut [usize],
    key: impl Fn(usize) -> Key<'k>,
    mut repeat: impl FnMut(usize, usize),
) {
    // A handful (a real list): compare each with those before it, which
    // costs less than ordering them; at most SMALL * SMALL / 2 comparisons.
    const SMALL: usize = 12;
    if positions.len() <= SMALL {
        positions.sort_unstable();
        let mut keys = [Key::Name(&[]); SMALL];
        for (k, &p) in keys.iter_mut().zip(positions.iter()) {
            *k = key(p);
        }
        for i in 1..positions.len() {
            if let Some(j) = keys[..i].iter().position(|k| *k == keys[i]) {
                repeat(positions[i], positions[j]);
            }
        }
        return;
    }
    positions.sort_unstable_by(|&a, &b| key(a).cmp(&key(b)).then(a.cmp(&b)));
    let mut run_first = 0;
    for i in 0..positions.len() {
        let at = positions[i];
        if i > 0 && key(at) == key(positions[i - 1]) {
            repeat(at, run_first);
        } else {
            run_first = at;
        }
    }
}
