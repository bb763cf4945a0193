//! The small typed values of the wire (RFC 5905 section 7.3): leap
//! indicator, version, mode, stratum, poll and precision exponents, the
//! reference id with its kiss codes, and the extension field type
//! registry (RFC 7822 section 3).
//!
//! Every type here is total over its bits: reading a field never fails, and
//! writing back what was read gives the same bits. The rules about which
//! values a packet may carry live in [`kind`](crate::kind), the one
//! classification of octet 0.

mod field_type;
mod leap;
mod log2;
mod mode;
mod refid;
mod stratum;
mod version;

pub use field_type::ExtensionFieldType;
pub use leap::LeapIndicator;
pub use log2::{Poll, Precision};
pub use mode::Mode;
pub use refid::{KissCode, ReferenceId, ReferenceKind, SourceName};
pub use stratum::{Stratum, StratumKind};
pub use version::Version;

#[cfg(test)]
mod tests;
