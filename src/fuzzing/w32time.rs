//! Targets of the Windows Time layer: peer-flag text and manual peer lists.

use core::fmt::Write;

use super::support::{formats, StackText};
use crate::w32time::{
    same_host, ManualPeerList, NtpServerProvider, PeerFlags, PeerListError, RegistrySettings,
    NO_ALLOC_PEER_LIMIT,
};
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
    let flags = match text.parse::<PeerFlags>() {
        Ok(flags) => flags,
        Err(e) => {
            assert_eq!((e.offset, e.len), (0, text.len()));
            return;
        }
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

/// An error's offsets fit the text, and its explanation (with any
/// correction) formats.
fn error_fits(e: &PeerListError, text: &str) {
    assert!(
        e.offset <= text.len() && e.len <= text.len() - e.offset,
        "{e:?} in {text:?}"
    );
    assert_eq!(e.offending(text).len(), e.len, "{e:?} in {text:?}");
    formats(format_args!("{}", e.explain(text)));
}

/// [`ManualPeerList::parse`], [`ManualPeerList::parse_with_scratch`],
/// [`ManualPeerList::scan`], [`ManualPeerList::from_command_line`] and
/// [`RegistrySettings::parse`], any text.
///
/// - None panics; every error's range lies in the text.
/// - `parse` and `parse_with_scratch` agree, and (for lists short enough
///   to check without allocating) `parse` succeeds exactly when every
///   entry `scan` yields is a peer, and fails on the first error it
///   reports.
/// - Each peer's canonical text (`host,0xN`) parses on its own back to
///   the same host and flags; hosts are unique ([`same_host`]); the
///   corrected list of its diagnosis parses to the same hosts, each in
///   client mode or with its flags unchanged.
pub fn manual_peer_list(data: &[u8]) {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let mut scratch = [0usize; 2048];
    let parsed = ManualPeerList::parse_with_scratch(text, &mut scratch);
    if let Err(e) = &parsed {
        error_fits(e, text);
    }
    let words = text.split_ascii_whitespace().count();
    if words <= NO_ALLOC_PEER_LIMIT {
        // Short: parse and scan need no allocation.
        assert_eq!(ManualPeerList::parse(text), parsed, "{text:?}");
        let first_error = ManualPeerList::scan(text).find_map(|entry| entry.err());
        assert_eq!(parsed.err(), first_error, "{text:?}");
        for entry in ManualPeerList::scan(text) {
            if let Err(e) = entry {
                error_fits(&e, text);
            }
        }
    }
    match ManualPeerList::from_command_line(text) {
        Ok(list) => formats(format_args!("{list:?}")),
        Err(e) => error_fits(&e, text),
    }
    let settings = RegistrySettings::parse(text);
    if let Some(value) = settings.ntp_server {
        assert!(text.contains(value));
    }
    let Ok(list) = parsed else { return };
    assert_eq!(list.iter().count(), list.len());
    for (i, peer) in list.iter().enumerate() {
        assert!(peer.offset < text.len());
        let mut out = StackText::<300>::new();
        assert!(write!(out, "{peer}").is_ok());
        let alone = ManualPeerList::parse(out.as_str()).expect("a peer's own text parses");
        let back = alone.iter().next().expect("one peer");
        assert_eq!((back.host, back.flags), (peer.host, peer.flags));
        if list.len() <= NO_ALLOC_PEER_LIMIT {
            for earlier in list.iter().take(i) {
                assert!(
                    !same_host(earlier.host, peer.host),
                    "duplicate {}",
                    peer.host
                );
            }
            assert_eq!(list.get(peer.host).map(|p| p.flags), Some(peer.flags));
        }
    }
    if list.len() <= NO_ALLOC_PEER_LIMIT {
        let diagnosis = list.diagnose(NtpServerProvider::Enabled);
        let mut fixed = StackText::<{ 64 * 270 }>::new();
        assert!(write!(fixed, "{}", diagnosis.fixed_list()).is_ok());
        let fixed = ManualPeerList::parse(fixed.as_str()).expect("the fixed list parses");
        assert_eq!(fixed.len(), list.len());
        for (before, after) in list.iter().zip(fixed.iter()) {
            assert_eq!(before.host, after.host);
            let mode = before.flags.request_mode(NtpServerProvider::Enabled);
            let unchanged = mode == Mode::Client && after.flags == before.flags;
            assert!(
                unchanged || after.flags.request_mode(NtpServerProvider::Enabled) == Mode::Client
            );
        }
        formats(format_args!("{diagnosis}"));
    }
}
