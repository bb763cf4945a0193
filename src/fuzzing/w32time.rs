//! Targets of the Windows Time layer: peer-flag text and manual peer lists.

use core::fmt::Write;

use super::support::{formats, StackText};
use crate::w32time::{ManualPeerList, NtpServerProvider, PeerFlags};
use crate::Mode;

/// [`PeerFlags`] text (`0x9`), any input.
///
/// - Parsing never panics; what parses formats to the canonical `0xN`,
///   which parses back to the same bits.
/// - The request-mode rule holds for every value: 0x8 gives client mode,
///   else 0x4 gives symmetric active, else the provider decides; the
///   diagnosis names that mode, formats, and its fix always gives mode 3.
pub fn peer_flags(data: &[u8]) {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(flags) = text.parse::<PeerFlags>() else {
        return;
    };
    let mut out = StackText::<16>::new();
    assert!(write!(out, "{flags}").is_ok());
    assert_eq!(out.as_str().parse::<PeerFlags>(), Ok(flags), "{text:?}");
    for provider in [NtpServerProvider::Enabled, NtpServerProvider::Disabled] {
        let bits = flags.bits();
        let expected = if bits & 0x8 != 0 {
            Mode::Client
        } else if bits & 0x4 != 0 || provider == NtpServerProvider::Enabled {
            Mode::SymmetricActive
        } else {
            Mode::Client
        };
        assert_eq!(
            flags.request_mode(provider),
            expected,
            "{flags} {provider:?}"
        );
        let diagnosis = flags.diagnose(provider);
        assert_eq!(diagnosis.mode(), expected);
        formats(format_args!("{diagnosis}"));
        assert_eq!(diagnosis.fixed_flags().request_mode(provider), Mode::Client);
    }
}

/// [`ManualPeerList::parse`] and [`ManualPeerList::scan`], any text.
///
/// - Neither panics; `parse` succeeds exactly when every entry `scan`
///   yields is a peer, and then fails on the first error `scan` reports.
/// - Each peer's canonical text (`host,0xN`) parses on its own back to
///   the same host and flags; hosts are unique, case-insensitively.
pub fn manual_peer_list(data: &[u8]) {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let parsed = ManualPeerList::parse(text);
    let first_error = ManualPeerList::scan(text).find_map(|entry| entry.err());
    assert_eq!(parsed.err(), first_error, "{text:?}");
    let Ok(list) = parsed else { return };
    assert_eq!(list.iter().count(), list.len());
    for (i, peer) in list.iter().enumerate() {
        assert!(peer.offset < text.len());
        let mut out = StackText::<300>::new();
        assert!(write!(out, "{peer}").is_ok());
        let alone = ManualPeerList::parse(out.as_str()).expect("a peer's own text parses");
        let back = alone.iter().next().expect("one peer");
        assert_eq!((back.host, back.flags), (peer.host, peer.flags));
        for earlier in list.iter().take(i) {
            assert!(
                !earlier.host.eq_ignore_ascii_case(peer.host),
                "duplicate {}",
                peer.host
            );
        }
        assert_eq!(list.get(peer.host).map(|p| p.flags), Some(peer.flags));
    }
    formats(format_args!("{list:?}"));
}
