//! The association list of a READSTAT response about association 0
//! (RFC 9327, "Commands"; ntpd's and NTPsec's `read_status`): the data is
//! a sequence of (association id, peer status) pairs, 16 bits each,
//! big-endian, nothing between them.

use core::fmt;
use core::iter::FusedIterator;
use core::slice::ChunksExact;

use super::PeerStatus;
use crate::wire::be_u16;
use crate::{ControlRule, Error, Result};

/// One entry of a READSTAT association list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Association {
    /// The association id (octets 0-1 of the entry).
    pub association_id: u16,
    /// Its peer status word (octets 2-3).
    pub status: PeerStatus,
}

impl fmt::Display for Association {
    /// `AssociationID: 17767, Status: 0x961a, Peer Status: conf, reach, ...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "AssociationID: {}, Status: {:#06x}, {}",
            self.association_id, self.status.0, self.status
        )
    }
}

/// The entries of a READSTAT association list, in order: an iterator of
/// [`Association`]s over the data, without copying. Its length was checked
/// when it was made, so it cannot fail.
///
/// ```
/// use ntp_wire::control::AssociationList;
///
/// let list = AssociationList::new(&[0x45, 0x67, 0x96, 0x1a, 0x45, 0x68, 0x90, 0x14])?;
/// assert_eq!(list.len(), 2);
/// let ids: Vec<u16> = list.map(|a| a.association_id).collect();
/// assert_eq!(ids, [17767, 17768]);
/// assert!(AssociationList::new(&[0, 1, 2]).is_err());
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct AssociationList<'a> {
    entries: ChunksExact<'a, u8>,
}

/// Octets of one entry.
const ENTRY_LEN: usize = 4;

impl<'a> AssociationList<'a> {
    /// The list in `data` (a READSTAT response's data);
    /// [`ControlRule::AssociationListLength`] at the incomplete entry if
    /// its length is not a multiple of 4.
    pub fn new(data: &'a [u8]) -> Result<AssociationList<'a>> {
        AssociationList::at(data, 0)
    }

    /// As [`AssociationList::new`], the error's offset counted from
    /// `base`.
    pub(crate) fn at(data: &'a [u8], base: usize) -> Result<AssociationList<'a>> {
        let entries = data.chunks_exact(ENTRY_LEN);
        if !entries.remainder().is_empty() {
            let len = u16::try_from(data.len()).unwrap_or(u16::MAX);
            return Err(Error::control(
                base + data.len() - entries.remainder().len(),
                ControlRule::AssociationListLength { len },
            ));
        }
        Ok(AssociationList { entries })
    }
}

impl Iterator for AssociationList<'_> {
    type Item = Association;

    fn next(&mut self) -> Option<Association> {
        self.entries.next().map(|e| Association {
            association_id: be_u16(e, 0..2),
            status: PeerStatus(be_u16(e, 2..4)),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.entries.size_hint()
    }
}

impl ExactSizeIterator for AssociationList<'_> {}
impl FusedIterator for AssociationList<'_> {}
