//! Crate-private helpers every layer shares, the bottom of the layer order:
//! big-endian reads ([`be`]), the borrowed span of octets every view holds
//! ([`Span`]), word padding ([`pad4`]), and the macro that makes the wire
//! enums which keep unknown values ([`wire_enum!`](crate::wire::wire_enum)).
//!
//! Nothing here knows NTP: these are the few lines that would otherwise be
//! written once per layer.

mod be;
mod enums;
mod span;

pub(crate) use be::{be_u16, be_u32, be_u64};
pub(crate) use enums::wire_enum;
pub(crate) use span::Span;

/// `n` rounded up to a multiple of 4, saturating at the largest multiple
/// of 4 (`usize::MAX & !3`): no length this crate reads comes near it,
/// and a caller's length that does is refused by a later size check.
#[inline]
#[must_use]
pub(crate) const fn pad4(n: usize) -> usize {
    match n.checked_add(3) {
        Some(m) => m & !3,
        None => usize::MAX & !3,
    }
}

/// `n` rounded up to a multiple of 4, `None` if that overflows: for
/// lengths a caller gives, which may be anything.
#[inline]
#[must_use]
pub(crate) const fn checked_pad4(n: usize) -> Option<usize> {
    match n.checked_add(3) {
        Some(m) => Some(m & !3),
        None => None,
    }
}

/// A length or offset as the `u32` that errors and spans carry, saturated:
/// every input longer than `u32::MAX` octets is refused before any offset
/// into it is kept, so saturation only ever applies to numbers that are
/// reported, never to positions that are used.
#[inline]
#[must_use]
pub(crate) const fn to_u32(n: usize) -> u32 {
    if n > u32::MAX as usize {
        u32::MAX
    } else {
        n as u32
    }
}

/// A length as the `u16` that some rules carry (lengths inside one UDP
/// payload), saturated at `u16::MAX`: only for numbers that are reported.
#[inline]
#[must_use]
pub(crate) const fn to_u16(n: usize) -> u16 {
    if n > u16::MAX as usize {
        u16::MAX
    } else {
        n as u16
    }
}

#[cfg(test)]
mod tests;
