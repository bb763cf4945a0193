//! The diagnosis of a whole manual peer list, and the one command that
//! fixes it without losing a peer.

use core::fmt;

use super::diagnosis::{FOLLOW_UP, RESTART, WHO_DROPS_MODE1};
use super::{Diagnosis, ManualPeer, ManualPeerList, NtpServerProvider, Peers, SyncType};
use crate::fields::Mode;

impl<'a> ManualPeerList<'a> {
    /// What Windows Time sends to each peer of this list, and the complete
    /// corrected list ([`ListDiagnosis`]): `provider` says whether the
    /// machine itself serves time
    /// (`TimeProviders\NtpServer\Enabled`, KB 875424).
    #[must_use]
    pub const fn diagnose(self, provider: NtpServerProvider) -> ListDiagnosis<'a> {
        ListDiagnosis {
            list: self,
            provider,
            sync_type: None,
        }
    }
}

/// The diagnosis of a whole manual peer list: which peers get symmetric
/// active requests (mode 1) that a server answering only clients drops,
/// the complete corrected list, and the one `w32tm` command that sets it.
///
/// `w32tm /config /manualpeerlist:` replaces the whole list (KB 875424's
/// command sets one peer and drops every other), so the fix rewrites the
/// list: the peers that get mode 1 get Client (0x8) instead of
/// SymmetricActive (0x4) ([`Diagnosis::fixed_flags`]), every other peer and
/// every other flag stays as it was, in the same order. Then, as KB 875424
/// says, Windows Time has to take the new list up: restart the service, or
/// run `w32tm /resync /rediscover`.
///
/// The command is for cmd.exe: the list always goes in double quotes,
/// which is enough, since a checked host holds only letters, digits,
/// hyphens, dots and colons, and flags are `0x` and hex digits: nothing
/// cmd.exe expands (`%`) or splits on (`&`, `|`, `<`, `>`, `^`).
///
/// ```
/// use ntp_wire::w32time::{ManualPeerList, NtpServerProvider};
///
/// let list = ManualPeerList::parse("time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x4")?;
/// let d = list.diagnose(NtpServerProvider::Enabled);
/// assert_eq!(d.unanswered(), 1);
/// assert_eq!(d.fixed_list().to_string(), "time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8");
/// assert_eq!(
///     d.command().to_string(),
///     r#"w32tm /config /manualpeerlist:"time.example.com,0x8 10.0.0.1,0x9 ntp.local,0x8" /syncfromflags:MANUAL /update"#
/// );
/// assert_eq!(d.follow_up(), "w32tm /resync /rediscover");
/// # Ok::<(), ntp_wire::w32time::PeerListError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListDiagnosis<'a> {
    list: ManualPeerList<'a>,
    provider: NtpServerProvider,
    sync_type: Option<SyncType>,
}

impl<'a> ListDiagnosis<'a> {
    /// The same diagnosis, knowing `Parameters\Type` too: with `NT5DS`
    /// or `NoSync` the list is not used at all, which
    /// [`Display`](fmt::Display) says (`/syncfromflags:MANUAL`, in the
    /// command, sets `NTP`; KB 875424).
    #[must_use]
    pub const fn with_sync_type(mut self, sync_type: SyncType) -> ListDiagnosis<'a> {
        self.sync_type = Some(sync_type);
        self
    }

    /// The list diagnosed (KB 875424).
    #[must_use]
    pub const fn list(&self) -> ManualPeerList<'a> {
        self.list
    }

    /// Whether the machine serves time, as given (KB 875424).
    #[must_use]
    pub const fn provider(&self) -> NtpServerProvider {
        self.provider
    }

    /// Each peer with its own [`Diagnosis`], in list order (KB 875424).
    pub fn peers(&self) -> PeerDiagnoses<'a> {
        PeerDiagnoses {
            peers: self.list.iter(),
            provider: self.provider,
        }
    }

    /// How many peers get symmetric active requests (mode 1), which a
    /// server that answers only clients drops (KB 875424).
    #[must_use]
    pub fn unanswered(&self) -> usize {
        self.peers().filter(|(_, d)| d.may_go_unanswered()).count()
    }

    /// `true` when some peer gets mode 1: the list needs the fix (KB 875424).
    #[must_use]
    pub fn needs_fix(&self) -> bool {
        self.peers().any(|(_, d)| d.may_go_unanswered())
    }

    /// The corrected list, canonical text (`host,0xN` each, one space
    /// apart); the list itself when nothing needs fixing (KB 875424).
    #[must_use]
    pub const fn fixed_list(&self) -> FixedList<'a> {
        FixedList {
            list: self.list,
            provider: self.provider,
        }
    }

    /// The one command that sets the corrected list:
    /// `w32tm /config /manualpeerlist:"LIST" /syncfromflags:MANUAL /update` (KB 875424).
    #[must_use]
    pub const fn command(&self) -> FixCommand<'a> {
        FixCommand(self.fixed_list())
    }

    /// What to run after [`ListDiagnosis::command`] so that Windows Time
    /// uses the new list at once: `w32tm /resync /rediscover` (KB 875424).
    #[must_use]
    pub const fn follow_up(&self) -> &'static str {
        FOLLOW_UP
    }

    /// KB 875424's other way to the same end: restart the service,
    /// `net stop w32time && net start w32time`.
    #[must_use]
    pub const fn restart(&self) -> &'static str {
        RESTART
    }
}

/// The peers of a [`ListDiagnosis`], each with its [`Diagnosis`] (KB 875424).
#[derive(Debug, Clone)]
pub struct PeerDiagnoses<'a> {
    peers: Peers<'a>,
    provider: NtpServerProvider,
}

impl<'a> Iterator for PeerDiagnoses<'a> {
    type Item = (ManualPeer<'a>, Diagnosis);

    fn next(&mut self) -> Option<(ManualPeer<'a>, Diagnosis)> {
        let peer = self.peers.next()?;
        Some((peer, peer.flags.diagnose(self.provider)))
    }
}

/// The corrected list of a [`ListDiagnosis`]; [`Display`](fmt::Display)
/// writes it without allocating (KB 875424).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixedList<'a> {
    list: ManualPeerList<'a>,
    provider: NtpServerProvider,
}

impl fmt::Display for FixedList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        for peer in self.list.iter() {
            let d = peer.flags.diagnose(self.provider);
            let flags = if d.may_go_unanswered() {
                d.fixed_flags()
            } else {
                peer.flags
            };
            write!(f, "{sep}{},{flags}", peer.host)?;
            sep = " ";
        }
        Ok(())
    }
}

/// The command of a [`ListDiagnosis`] ([`ListDiagnosis::command`]; KB 875424).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FixCommand<'a>(FixedList<'a>);

impl fmt::Display for FixCommand<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "w32tm /config /manualpeerlist:\"{}\" /syncfromflags:MANUAL /update",
            self.0
        )
    }
}

impl fmt::Display for ListDiagnosis<'_> {
    /// For the administrator: one line per peer (its mode and why), then
    /// the verdict and, when a peer may go unanswered, the command and
    /// what to run after it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.list.len();
        let serves = match self.provider {
            NtpServerProvider::Enabled => "serves time (NtpServer provider enabled)",
            NtpServerProvider::Disabled => "does not serve time (NtpServer provider disabled)",
        };
        let plural = if n == 1 { "" } else { "s" };
        writeln!(f, "{n} peer{plural}; this machine {serves}.")?;
        for (peer, d) in self.peers() {
            let answer = if d.may_go_unanswered() {
                "a server that answers only client requests stays silent"
            } else {
                "every server answers"
            };
            writeln!(
                f,
                "  {peer}: {} (mode {}) since {}: {answer}",
                d.mode().name(),
                d.mode().to_bits(),
                d.cause().reason()
            )?;
        }
        match self.sync_type {
            Some(t @ (SyncType::Nt5ds | SyncType::NoSync)) => writeln!(
                f,
                "Note: Parameters\\Type is {t}, so this machine does not use this list at all \
                 (NT5DS follows the domain hierarchy); /syncfromflags:MANUAL below sets Type to NTP."
            )?,
            Some(SyncType::AllSync) => writeln!(
                f,
                "Note: Parameters\\Type is AllSync: this machine uses this list and the domain hierarchy."
            )?,
            _ => {}
        }
        let unanswered = self.unanswered();
        if unanswered == 0 {
            return write!(
                f,
                "Every peer gets client requests (NTP mode {}), which every server answers. \
                 Nothing to fix.",
                Mode::Client.to_bits()
            );
        }
        let verb = if unanswered == 1 { "gets" } else { "get" };
        writeln!(
            f,
            "{unanswered} of {n} peer{plural} {verb} symmetric active requests (NTP mode 1), which a \
             server that answers only client requests drops without a reply or an error \
             ({WHO_DROPS_MODE1})."
        )?;
        writeln!(
            f,
            "/manualpeerlist replaces the whole list, so set all of it at once, every other peer \
             and flag kept:"
        )?;
        writeln!(f, "  {}", self.command())?;
        write!(
            f,
            "then, so that Windows Time uses it now (KB 875424):\n  {}\n\
             or restart the service: {}",
            self.follow_up(),
            self.restart()
        )
    }
}
