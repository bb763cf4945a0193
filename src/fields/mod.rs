//! The header's small fields as types (RFC 5905 section 7.3): leap
//! indicator, version, mode, stratum, poll and precision exponents, and the
//! reference id with its kiss codes.
//!
//! Every type here is total over its bits: reading a field never fails, and
//! writing back what was read gives the same bits. The rules about which
//! values a packet may carry live in the header parser.

mod leap;
mod log2;
mod mode;
mod refid;
mod stratum;
mod version;

pub use leap::LeapIndicator;
pub use log2::{Poll, Precision};
pub use mode::Mode;
pub use refid::{KissCode, ReferenceId, ReferenceKind, SourceName};
pub use stratum::{Stratum, StratumKind};
pub use version::Version;

#[cfg(test)]
mod tests;
