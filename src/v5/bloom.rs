//! The reference-id Bloom filter of NTPv5 (draft-ietf-ntp-ntpv5-07
//! section 7.4), as ntpd-rs 1.9 lays it out.
//!
//! Each server has a random 120-bit reference id, split into ten 12-bit
//! indices; a filter is 4096 bits (512 octets); adding an id sets its ten
//! bits, and an id is (probably) in the filter when all ten are set. A
//! server's filter is the union of its sources' filters and its own id,
//! so a client can tell that a server is synchronized, directly or not,
//! to itself (a timing loop). The filter travels in chunks: Reference IDs
//! Request and Response fields.
//!
//! The bit order is on [`BloomFilter`].

use core::fmt;

use crate::{Error, Result, V5Rule};

/// Octets in the Bloom filter: 4096 bits.
pub const BLOOM_FILTER_LEN: usize = 512;

/// A server's 120-bit reference id (section 7.4, "Reference ID"): 15
/// octets, read as ten 12-bit Bloom filter indices.
///
/// ```
/// use ntp_wire::v5::ServerId;
///
/// let id = ServerId([0x00, 0x10, 0x02, 0xff, 0xf0, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0x01]);
/// assert_eq!(id.indices(), [0x001, 0x002, 0xfff, 0x000, 0, 0, 0, 0, 0, 0x001]);
/// assert_eq!(ServerId::from_indices(id.indices()), id);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ServerId(pub [u8; 15]);

impl ServerId {
    /// The ten 12-bit indices, each 0 to 4095: the 120 bits cut left to
    /// right.
    #[must_use]
    pub const fn indices(&self) -> [u16; 10] {
        let b = &self.0;
        let mut out = [0u16; 10];
        let mut i = 0;
        while i < 5 {
            // Three octets hold two indices.
            let w = u32::from_be_bytes([0, b[3 * i], b[3 * i + 1], b[3 * i + 2]]);
            out[2 * i] = (w >> 12) as u16;
            out[2 * i + 1] = (w & 0x0fff) as u16;
            i += 1;
        }
        out
    }

    /// The id whose indices are `indices`, each taken modulo 4096 (its
    /// low 12 bits): how ntpd-rs 1.9's `ServerId`, ten random 12-bit
    /// numbers, maps onto the draft's 120 bits.
    #[must_use]
    pub const fn from_indices(indices: [u16; 10]) -> ServerId {
        let mut b = [0u8; 15];
        let mut i = 0;
        while i < 5 {
            let (p, q) = (indices[2 * i] & 0x0fff, indices[2 * i + 1] & 0x0fff);
            // Two 12-bit values side by side in three octets.
            let [_, x, y, z] = (((p as u32) << 12) + q as u32).to_be_bytes();
            b[3 * i] = x;
            b[3 * i + 1] = y;
            b[3 * i + 2] = z;
            i += 1;
        }
        ServerId(b)
    }
}

/// The 4096-bit (512-octet) reference-id Bloom filter (section 7.4), in
/// ntpd-rs 1.9's bit order.
///
/// The draft leaves two orders open; this crate fixes them:
///
/// - **Bit `N`** (0 to 4095) is bit `N % 8`, counted from the least
///   significant, of octet `N / 8`: index 0 is `0x01` in octet 0, index
///   4095 is `0x80` in octet 511. This is ntpd-rs 1.9's layout
///   (`U12::byte_and_mask` in `server_reference_id.rs`), so the chunks
///   interoperate with it.
/// - **The split** of the 120 bits: read as a big-endian bit string, cut
///   into ten 12-bit numbers left to right (index 0 is octet 0 and the
///   high nibble of octet 1, index 1 the low nibble of octet 1 and octet
///   2, ...). ntpd-rs 1.9 draws ten random 12-bit numbers instead of a
///   120-bit string, so only the first rule matters for it;
///   [`ServerId::from_indices`] takes its form.
///
/// ```
/// use ntp_wire::v5::{BloomFilter, ServerId};
///
/// let own = ServerId::from_indices([0, 4, 8, 12, 16, 20, 24, 28, 32, 4095]);
/// let mut filter = BloomFilter::new();
/// filter.insert(&own);
/// assert!(filter.contains(&own));
/// assert_eq!(filter.as_bytes()[0], 0x11); // indices 0 and 4
/// assert_eq!(filter.as_bytes()[511], 0x80); // index 4095
/// assert_eq!(filter.count_ones(), 10);
///
/// // A client fetches it in chunks, as Reference IDs Responses bring them.
/// let mut copy = BloomFilter::new();
/// for at in (0..512).step_by(16) {
///     copy.write_chunk(at, filter.chunk(at, 16).unwrap())?;
/// }
/// assert_eq!(copy, filter);
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct BloomFilter([u8; BLOOM_FILTER_LEN]);

impl BloomFilter {
    /// The empty filter.
    #[must_use]
    pub const fn new() -> BloomFilter {
        BloomFilter([0; BLOOM_FILTER_LEN])
    }

    /// The filter whose octets are `bytes`.
    #[must_use]
    pub const fn from_bytes(bytes: [u8; BLOOM_FILTER_LEN]) -> BloomFilter {
        BloomFilter(bytes)
    }

    /// The 512 octets, as a Reference IDs Response carries them.
    #[must_use]
    pub const fn as_bytes(&self) -> &[u8; BLOOM_FILTER_LEN] {
        &self.0
    }

    /// Octet and mask of bit `index` (its low 12 bits).
    const fn place(index: u16) -> (usize, u8) {
        let index = index & 0x0fff;
        ((index / 8) as usize, 1 << (index % 8))
    }

    /// Sets bit `index` (its low 12 bits: 0 to 4095).
    pub fn set(&mut self, index: u16) {
        let (octet, mask) = BloomFilter::place(index);
        self.0[octet] |= mask;
    }

    /// `true` if bit `index` (its low 12 bits) is set.
    #[must_use]
    pub const fn is_set(&self, index: u16) -> bool {
        let (octet, mask) = BloomFilter::place(index);
        self.0[octet] & mask != 0
    }

    /// Adds `id`: sets its ten bits.
    pub fn insert(&mut self, id: &ServerId) {
        for index in id.indices() {
            self.set(index);
        }
    }

    /// `true` if all ten bits of `id` are set: `id` is in the filter, or
    /// a false positive (about 1e-12 with 26 ids in the filter, 1e-6 with
    /// 118, by the draft's figures).
    #[must_use]
    pub fn contains(&self, id: &ServerId) -> bool {
        id.indices().into_iter().all(|i| self.is_set(i))
    }

    /// Adds every id of `other` (bitwise OR): how a server combines its
    /// sources' filters.
    pub fn union(&mut self, other: &BloomFilter) {
        for (ours, theirs) in self.0.iter_mut().zip(other.0.iter()) {
            *ours |= theirs;
        }
    }

    /// The number of bits set.
    #[must_use]
    pub fn count_ones(&self) -> u32 {
        self.0.iter().map(|b| b.count_ones()).sum()
    }

    /// The `len` octets at `offset`, what a Reference IDs Response for a
    /// request of that offset and length carries; `None` if they run past
    /// the 512 octets (the server then leaves the response out).
    #[must_use]
    pub fn chunk(&self, offset: usize, len: usize) -> Option<&[u8]> {
        self.0.get(offset..)?.get(..len)
    }

    /// Copies `bytes`, a chunk received for `offset`, into the filter;
    /// [`V5Rule::ChunkOutOfRange`] (nothing written) if it runs past the
    /// 512 octets.
    pub fn write_chunk(&mut self, offset: usize, bytes: &[u8]) -> Result<()> {
        let Some(out) = offset
            .checked_add(bytes.len())
            .and_then(|end| self.0.get_mut(offset..end))
        else {
            let short = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
            return Err(Error::v5(
                0,
                V5Rule::ChunkOutOfRange {
                    offset: short(offset),
                    length: short(bytes.len()),
                },
            ));
        };
        out.copy_from_slice(bytes);
        Ok(())
    }
}

impl Default for BloomFilter {
    fn default() -> BloomFilter {
        BloomFilter::new()
    }
}

impl fmt::Debug for BloomFilter {
    /// `BloomFilter { bits_set: 10, octets: 0100..00 }`: the count and the
    /// first and last octets in hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "BloomFilter {{ bits_set: {}, octets: {:02x}{:02x}..{:02x}{:02x} }}",
            self.count_ones(),
            self.0[0],
            self.0[1],
            self.0[BLOOM_FILTER_LEN - 2],
            self.0[BLOOM_FILTER_LEN - 1]
        )
    }
}

impl fmt::Display for BloomFilter {
    /// The 512 octets in hex.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for BloomFilter {
    /// The 512 octets as bytes (a JSON array of numbers).
    fn serialize<S: serde::Serializer>(&self, s: S) -> core::result::Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for BloomFilter {
    /// Exactly 512 octets, as bytes or a sequence of numbers.
    fn deserialize<D: serde::Deserializer<'de>>(
        d: D,
    ) -> core::result::Result<BloomFilter, D::Error> {
        struct Octets;
        impl<'de> serde::de::Visitor<'de> for Octets {
            type Value = BloomFilter;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the 512 octets of an NTPv5 Bloom filter")
            }
            fn visit_bytes<E: serde::de::Error>(
                self,
                v: &[u8],
            ) -> core::result::Result<BloomFilter, E> {
                let bytes = <[u8; BLOOM_FILTER_LEN]>::try_from(v)
                    .map_err(|_| E::invalid_length(v.len(), &self))?;
                Ok(BloomFilter(bytes))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> core::result::Result<BloomFilter, A::Error> {
                let mut bytes = [0u8; BLOOM_FILTER_LEN];
                for (i, b) in bytes.iter_mut().enumerate() {
                    *b = seq
                        .next_element()?
                        .ok_or_else(|| serde::de::Error::invalid_length(i, &self))?;
                }
                if seq.next_element::<u8>()?.is_some() {
                    return Err(serde::de::Error::invalid_length(
                        BLOOM_FILTER_LEN + 1,
                        &self,
                    ));
                }
                Ok(BloomFilter(bytes))
            }
        }
        d.deserialize_bytes(Octets)
    }
}
