//! NTP exchanges (RFC 5905 sections 8 and 9): which mode answers which,
//! building requests and replies, and checking a reply before its time is
//! used.
//!
//! - [`ExpectedReply`]: the mode pairing of RFC 5905 section 9.2, and
//!   whether a received mode fits the request;
//! - [`client_request`] and [`symmetric_active_request`]: data-minimised
//!   requests (mode 3, mode 1), any version;
//! - [`reply`], [`kiss_of_death`], [`PreparedReply`] and
//!   [`reply_in_place`]: the server side, from a request and the server's
//!   [`ServerState`]; the prepared reply edits a packet kept ready, the
//!   in-place ones ([`reply_in_place`], [`PreparedReply::answer_in_place`])
//!   rewrite the received request into its reply;
//! - [`ResponseCheck`]: a received reply turned into a [`Sample`] (offset,
//!   delay, root distance) or the [`Rejection`] that says why not; also
//!   for broadcasts;
//! - interleaved modes (RFC 9769): [`InterleavedClient`] (client and
//!   active symmetric peer), [`interleaved_answer`] and
//!   [`interleaved_reply`] (server), [`InterleavedBroadcast`] and
//!   [`interleaved_broadcast`] (broadcast).
//!
//! No sockets and no clock: the caller reads the clock (T1 when the request
//! leaves, T4 when the reply arrives, the server's receive and transmit
//! times) and passes the timestamps in.
//!
//! Layering: uses [`fields`](crate::fields), [`header`](crate::header) and
//! [`time`](crate::time) only. The Windows Time layer
//! ([`w32time`](crate::w32time)) sits above and maps its peer flags onto
//! the modes defined here.
//!
//! Authentication is the trailer's business: these functions read the
//! 48-octet header and ignore what follows it. A caller that uses MACs or
//! NTS verifies the trailer first and only then trusts what a check here
//! says (an unauthenticated kiss-o'-death in particular, RFC 8915
//! section 5.7).

mod check;
mod interleaved;
mod pairing;
mod reply;
mod request;

pub use check::{
    BroadcastSample, Rejection, ResponseCheck, Sample, TimestampField, VersionPolicy, MAX_DISTANCE,
};
pub use interleaved::{
    interleaved_answer, interleaved_broadcast, interleaved_reply, BroadcastReception, ClientSample,
    ExchangeTimestamps, InterleavedBroadcast, InterleavedClient, Interleaving, RequestFields,
    SavedTimestamps, ServerAnswer, TimestampSet, MAX_INTERLEAVED_REQUESTS, MAX_INTERLEAVE_DELAY,
};
pub use pairing::ExpectedReply;
pub use reply::{kiss_of_death, reply, reply_in_place, PreparedReply, ServerState};
pub use request::{client_request, symmetric_active_request};

#[cfg(test)]
mod tests;
