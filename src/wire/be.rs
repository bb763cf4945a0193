//! Big-endian reads of fixed-width integers at a byte range: the network
//! byte order of every NTP structure but MS-SNTP's key id.
//!
//! Each takes a range the caller has already checked against the slice;
//! a range of the wrong width or out of bounds panics (a bug in the
//! caller, never a property of the input), which the fuzz targets would
//! find.

use core::ops::Range;

/// The `u16` at `range` (2 octets) of `data`.
#[inline]
pub(crate) fn be_u16(data: &[u8], range: Range<usize>) -> u16 {
    let mut b = [0u8; 2];
    b.copy_from_slice(&data[range]);
    u16::from_be_bytes(b)
}

/// The `u32` at `range` (4 octets) of `data`.
#[inline]
pub(crate) fn be_u32(data: &[u8], range: Range<usize>) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&data[range]);
    u32::from_be_bytes(b)
}

/// The `u64` at `range` (8 octets) of `data`.
#[inline]
pub(crate) fn be_u64(data: &[u8], range: Range<usize>) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&data[range]);
    u64::from_be_bytes(b)
}
