//! Poll interval and precision: signed powers of two of a second
//! (RFC 5905 section 7.3).

use core::fmt;
use core::time::Duration;

/// `2^exp` seconds as a float, exact for every `i8` exponent.
fn pow2_f64(exp: i8) -> f64 {
    // An f64 with a zero mantissa is exactly a power of two; the biased
    // exponent 1023 + exp is within 895..=1150, inside the normal range.
    f64::from_bits(((1023 + i64::from(exp)) as u64) << 52)
}

/// `2^exp` seconds as a `Duration`, rounded to the nearest nanosecond;
/// `None` when it does not fit (`exp >= 64`).
const fn pow2_duration(exp: i8) -> Option<Duration> {
    if exp >= 64 {
        None
    } else if exp >= 0 {
        Some(Duration::from_secs(1u64 << exp))
    } else {
        let shift = exp.unsigned_abs() as u32;
        if shift > 40 {
            // 2^-40 s is under a picosecond: rounds to 0 ns.
            return Some(Duration::ZERO);
        }
        let nanos = (1_000_000_000u64 + (1u64 << (shift - 1))) >> shift;
        Some(Duration::from_nanos(nanos))
    }
}

macro_rules! log2_seconds {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $name(
            /// The signed exponent, octet 2 or 3 (RFC 5905 section 7.3).
            pub i8,
        );

        impl $name {
            /// The exponent: the value is `2^exponent` seconds (RFC 5905
            /// section 7.3).
            #[must_use]
            pub const fn exponent(self) -> i8 {
                self.0
            }

            /// The octet on the wire (two's complement; RFC 5905 section
            /// 7.3).
            #[must_use]
            pub const fn to_bits(self) -> u8 {
                self.0 as u8
            }

            /// From the octet on the wire (two's complement; RFC 5905
            /// section 7.3).
            #[must_use]
            pub const fn from_bits(bits: u8) -> Self {
                Self(bits as i8)
            }

            /// `2^exponent` seconds as a float (exact; RFC 5905 section
            /// 7.3). A convenience: nothing else in the crate uses floating
            /// point.
            #[must_use]
            pub fn as_secs_f64(self) -> f64 {
                pow2_f64(self.0)
            }

            /// `2^exponent` seconds as a `Duration`, rounded to the nearest
            /// nanosecond (so -30, 0.93 ns, reads as 1 ns and every exponent
            /// from -31 down reads as zero); `None` for exponents of 64 and
            /// above, beyond `Duration` (RFC 5905 section 7.3).
            #[must_use]
            pub const fn as_duration(self) -> Option<Duration> {
                pow2_duration(self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({} = {})"), self.0, self)
            }
        }

        impl fmt::Display for $name {
            /// The exponent and its value in seconds: `2^6 s (64 s)`,
            /// `2^-20 s (0.000000954 s)` (nine decimals, rounded to the
            /// nanosecond, as every duration the crate prints), `2^-31 s
            /// (under 0.000000001 s)`; from 2^64 s, beyond a `u64` of
            /// seconds, the exponent alone. Integer arithmetic only.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let e = self.0;
                if (0..64).contains(&e) {
                    write!(f, "2^{e} s ({} s)", 1u64 << e)
                } else if e >= 64 {
                    write!(f, "2^{e} s")
                } else if e >= -30 {
                    let shift = u32::from(e.unsigned_abs());
                    let nanos = (1_000_000_000u64 + (1 << (shift - 1))) >> shift;
                    write!(f, "2^{e} s (0.{nanos:09} s)")
                } else {
                    write!(f, "2^{e} s (under 0.000000001 s)")
                }
            }
        }
    };
}

log2_seconds!(
    /// The poll exponent, octet 2 (RFC 5905 section 7.3): the maximum
    /// interval between successive messages is `2^poll` seconds. RFC 5905
    /// suggests 6 (64 s) and 10 (1024 s) as default limits (section 7.3)
    /// within MINPOLL 4 (16 s) and MAXPOLL 17 (36 h, section 7.2); senders
    /// use other values (chrony's requests carry -2 for a quarter second),
    /// so every `i8` is kept.
    Poll
);

log2_seconds!(
    /// The precision exponent, octet 3 (RFC 5905 section 7.3): the
    /// precision of the sender's clock is `2^precision` seconds, e.g. -20
    /// for about a microsecond, -26 for about 15 ns.
    Precision
);
