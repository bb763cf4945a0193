//! Interleaved modes (RFC 9769): a reply carries the transmit timestamp of
//! the previous reply, taken after that packet left (by the kernel or the
//! network card), instead of an estimate written before it left.
//!
//! - client side (section 2): [`InterleavedClient`], the state a client
//!   keeps between exchanges, which builds each request
//!   ([`InterleavedClient::request`]), tells basic replies from
//!   interleaved ones and computes the sample of either
//!   ([`InterleavedClient::receive`]);
//! - server side (section 2): [`SavedTimestamps`], the pair a server keeps
//!   per client after each reply, [`interleaved_answer`], the decision, and
//!   [`interleaved_reply`], the reply;
//! - symmetric mode (section 3): [`InterleavedClient::symmetric`] for the
//!   active peer, [`Interleaving::of`] for either peer;
//! - broadcast mode (section 4): [`InterleavedBroadcast`], the client's
//!   state, and [`interleaved_broadcast`], the server's packet.
//!
//! Everything is integer arithmetic on wrapping 32.32 differences, as in
//! [`ResponseCheck`], and right across the era boundary of 2036.

use super::check::{check_server, check_stratum};
use super::{BroadcastSample, Rejection, ResponseCheck, Sample, ServerState, TimestampField};
use crate::fields::{Mode, Version};
use crate::header::Header;
use crate::time::{TimeDelta, Timestamp};
use crate::Result;

/// How a received packet relates to the last one sent the other way
/// (RFC 9769 sections 2 and 3, the modified test for bogus packets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Interleaving {
    /// Its origin is the transmit field of the packet sent: a basic reply,
    /// whose transmit timestamp belongs to itself (RFC 5905 section 8).
    Basic,
    /// Its origin is the non-zero receive field of the packet sent: an
    /// interleaved reply, whose transmit timestamp belongs to the previous
    /// packet from the same peer (RFC 9769 sections 2 and 3).
    Interleaved,
}

impl Interleaving {
    /// Which of the two `received` is, as an answer to `sent`; `None` when
    /// its origin is neither `sent`'s transmit field nor its non-zero
    /// receive field (bogus: it answers another packet, or is forged;
    /// RFC 9769 section 2).
    ///
    /// ```
    /// use ntp_wire::exchange::Interleaving;
    /// use ntp_wire::{Header, Mode, Timestamp, Version};
    ///
    /// let mut sent = Header::new(Version::V4, Mode::SymmetricActive);
    /// sent.receive_timestamp = Timestamp::new(4, 0);
    /// sent.transmit_timestamp = Timestamp::new(1, 0);
    /// let mut got = Header::new(Version::V4, Mode::SymmetricActive);
    /// got.origin_timestamp = Timestamp::new(4, 0);
    /// assert_eq!(Interleaving::of(&sent, &got), Some(Interleaving::Interleaved));
    /// got.origin_timestamp = Timestamp::new(1, 0);
    /// assert_eq!(Interleaving::of(&sent, &got), Some(Interleaving::Basic));
    /// got.origin_timestamp = Timestamp::new(2, 0);
    /// assert_eq!(Interleaving::of(&sent, &got), None);
    /// ```
    #[must_use]
    pub fn of(sent: &Header, received: &Header) -> Option<Interleaving> {
        let origin = received.origin_timestamp;
        if origin == sent.transmit_timestamp {
            Some(Interleaving::Basic)
        } else if !sent.receive_timestamp.is_zero() && origin == sent.receive_timestamp {
            Some(Interleaving::Interleaved)
        } else {
            None
        }
    }
}

/// Which four timestamps the sample of an interleaved reply uses (RFC 9769
/// section 2). An interleaved reply to request *n* carries T3 of the reply
/// to request *n - 1*; RFC 9769 section 2 gives two sets of four
/// timestamps around it, both computed with the formulas of RFC 5905.
///
/// With requests at t1 and t5, the server's receive times t2 and t6, its
/// (real) transmit time t3 of the first reply and the client's receive
/// time t4 of it (RFC 9769 figure 1's names):
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum TimestampSet {
    /// T1 = t1, T2 = t2, T3 = t3, T4 = t4: RFC 9769 section 2's first
    /// set, RECOMMENDED there for clients that filter measurements by
    /// delay: the previous exchange whole, with the real transmit time
    /// the latest reply brings. One round trip, so the shortest intervals
    /// and the least frequency error in the delay. chrony takes this set
    /// when the round trip is under a tenth of the interval between the
    /// previous reply and the latest request (`process_response`). The
    /// default.
    #[default]
    PreviousExchange,
    /// T1 = t5, T2 = t6, T3 = t3, T4 = t4: RFC 9769 section 2's second
    /// set, which the section says measures the current offset more
    /// accurately but makes the delay much more sensitive to a frequency
    /// error, T1 and T4 being far apart. Its local and remote intervals
    /// span the time between the requests, both negative; the delay is
    /// the forward leg of the latest request plus the return leg of the
    /// previous reply. chrony takes this set otherwise.
    LatestRequest,
}

/// What goes into an interleaved request's receive and transmit fields,
/// which serve only as cookies: the server echoes one of them as the
/// reply's origin, and the client keeps its real T1 and T4 itself (RFC 9769
/// section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum RequestFields {
    /// RFC 9769 figures 1 and 2's fields: receive = T4 of the last reply,
    /// transmit = T1 of the previous request in an interleaved request,
    /// of this request in a basic one. They reveal the client's clock, and
    /// an off-path attacker can guess them: a client SHOULD use
    /// [`RequestFields::Cookies`] instead (RFC 9769 section 6). The
    /// symmetric peer needs these ([`InterleavedClient::symmetric`]).
    Timestamps,
    /// Values the caller drew at random, all 64 bits of each, as RFC 9769
    /// section 6 says clients SHOULD (so that an off-path attacker cannot
    /// guess the origin of a reply), and as chrony does (its client XORs
    /// 64 random bits into both). `receive` is used only once a reply has
    /// come.
    Cookies {
        /// The receive field (the origin an interleaved reply carries).
        receive: Timestamp,
        /// The transmit field (the origin a basic reply carries).
        transmit: Timestamp,
    },
}

/// The four timestamps of one completed exchange: local T1 and T4, and the
/// reply's receive (T2) and transmit fields (RFC 9769 section 2). In an
/// interleaved reply the transmit field is the previous reply's T3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ExchangeTimestamps {
    /// When the request left (the caller's clock; RFC 9769 section 2).
    pub t1: Timestamp,
    /// The reply's receive field: when the request arrived (RFC 9769 section 2).
    pub t2: Timestamp,
    /// The reply's transmit field as received (RFC 9769 section 2).
    pub t3: Timestamp,
    /// When the reply arrived (the caller's clock; RFC 9769 section 2).
    pub t4: Timestamp,
}

/// The request in flight: what was sent and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
struct Sent {
    request: Header,
    t1: Timestamp,
    answered: bool,
}

/// A usable reply to an interleaved client, and which kind it was (RFC 9769
/// section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientSample {
    /// A basic reply: T1..T4 of this exchange (RFC 5905 section 8).
    Basic(Sample),
    /// An interleaved reply: the timestamps of [`TimestampSet`] (RFC 9769
    /// section 2).
    Interleaved(Sample),
}

impl ClientSample {
    /// The sample, whichever the kind (RFC 9769 section 2).
    #[must_use]
    pub const fn sample(&self) -> &Sample {
        match self {
            ClientSample::Basic(s) | ClientSample::Interleaved(s) => s,
        }
    }

    /// `true` for an interleaved reply (RFC 9769 section 2).
    #[must_use]
    pub const fn is_interleaved(&self) -> bool {
        matches!(self, ClientSample::Interleaved(_))
    }
}

/// What an interleaved client keeps between exchanges (RFC 9769 section
/// 2): the request in flight (its fields and local T1) and the last
/// completed exchange ([`ExchangeTimestamps`]). Small and `Copy`; one per
/// server.
///
/// Each exchange: [`InterleavedClient::request`] builds the request (and
/// records T1), the caller sends it, and [`InterleavedClient::receive`]
/// checks the reply (and records T4). The first request carries a zero
/// origin and receive field and gets a basic reply; later ones carry, as
/// origin, the receive timestamp of the last reply, which a server that
/// saved it answers in interleaved mode. chrony 4.3 answers the third
/// request of a new client in interleaved mode at the earliest.
///
/// ```
/// use ntp_wire::exchange::{interleaved_reply, reply, ClientSample, InterleavedClient, RequestFields, ResponseCheck, ServerState};
/// use ntp_wire::{LeapIndicator, Stratum, TimeDelta, Timestamp, Version};
///
/// let state = ServerState { stratum: Stratum(2), leap: LeapIndicator::NoWarning, ..ServerState::UNSYNCHRONIZED };
/// let check = ResponseCheck::new();
/// let mut client = InterleavedClient::new();
/// // Exchange 1: basic. The server is 1 s ahead, each leg takes 1 ms.
/// let ms = |n: u32| Timestamp::new(100, n * 4_294_967); // 100 s + n ms
/// let server = |n: u32| Timestamp::new(101, n * 4_294_967);
/// let request = client.request(Version::V4, ms(0), RequestFields::Timestamps);
/// let answer = reply(&request, &state, server(1), server(1))?;
/// let first = client.receive_header(&check, &answer, ms(2)).unwrap();
/// assert!(!first.is_interleaved());
/// // Exchange 2: the server answers in interleaved mode with the real
/// // transmit time of its first reply (it left at 1 ms, as estimated).
/// let request = client.request(Version::V4, ms(100), RequestFields::Timestamps);
/// assert_eq!(request.origin_timestamp, server(1));
/// let answer = interleaved_reply(&request, &state, server(101), server(1))?;
/// let second = client.receive_header(&check, &answer, ms(102)).unwrap();
/// assert!(second.is_interleaved());
/// assert_eq!(second.sample().offset, TimeDelta::from_secs(1));
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct InterleavedClient {
    mode: Mode,
    set: TimestampSet,
    sent: Option<Sent>,
    previous: Option<ExchangeTimestamps>,
    /// Requests built since the last valid reply (chrony's `tx_count`).
    unanswered: u8,
    /// Requests built between the two last valid replies (chrony's
    /// `prev_tx_count`).
    prev_unanswered: u8,
}

/// How many requests in interleaved mode [`InterleavedClient`] sends
/// after a valid reply before it sends a basic one: 4, chrony's
/// `MAX_CLIENT_INTERLEAVED_TX`. RFC 9769 section 2: the client SHOULD
/// limit the number of interleaved requests between server responses, so
/// that after many lost packets the server does not answer with a very
/// old transmit timestamp.
pub const MAX_INTERLEAVED_REQUESTS: u8 = 4;

impl Default for InterleavedClient {
    fn default() -> InterleavedClient {
        InterleavedClient::new()
    }
}

/// `value`, or the first of `value ^ 1`, `^ 2`, `^ 3`, `^ 4` that is none
/// of `avoid`: five candidates, four values to avoid, so one always fits.
/// The change is in the lowest three bits of the fraction, under 2 ns.
fn distinct(value: Timestamp, avoid: [Timestamp; 4]) -> Timestamp {
    let mut candidate = value;
    for k in 1..=4u64 {
        if !avoid.contains(&candidate) {
            break;
        }
        candidate = Timestamp::from_bits(value.to_bits() ^ k);
    }
    candidate
}

/// The magnitude of `d` in units of 2^-32 s.
const fn magnitude(d: TimeDelta) -> u64 {
    d.to_bits().unsigned_abs()
}

impl InterleavedClient {
    /// A client (mode 3) that has sent nothing yet, with
    /// [`TimestampSet::PreviousExchange`] (RFC 9769 section 2).
    #[must_use]
    pub const fn new() -> InterleavedClient {
        InterleavedClient {
            mode: Mode::Client,
            set: TimestampSet::PreviousExchange,
            sent: None,
            previous: None,
            unanswered: 0,
            prev_unanswered: 0,
        }
    }

    /// The active peer of an interleaved symmetric association (mode 1,
    /// RFC 9769 section 3): its packets are built and its peer's checked as
    /// a client's, the peer's replies are mode 2 or 1 (RFC 5905 section 9.2),
    /// but a packet is in interleaved mode only under conditions 2 and 3
    /// of section 3 ([`InterleavedClient::request`]), so that the peer
    /// cannot pair a transmit timestamp with the wrong packet.
    ///
    /// Use [`RequestFields::Timestamps`]: in symmetric mode the receive
    /// and transmit fields are the peer's T2 and T3, not cookies (the
    /// randomisation of RFC 9769 section 6 is for clients).
    #[must_use]
    pub const fn symmetric() -> InterleavedClient {
        InterleavedClient {
            mode: Mode::SymmetricActive,
            ..InterleavedClient::new()
        }
    }

    /// The same state, with interleaved samples taken from `set` (RFC 9769
    /// section 2).
    #[must_use]
    pub const fn timestamp_set(mut self, set: TimestampSet) -> InterleavedClient {
        self.set = set;
        self
    }

    /// The last completed exchange, if any (RFC 9769 section 2).
    #[must_use]
    pub const fn previous(&self) -> Option<ExchangeTimestamps> {
        self.previous
    }

    /// The next request (RFC 9769 section 2), sent at `t1` (the caller's
    /// clock, kept here as T1; the transmit field need not be it).
    ///
    /// Before any valid reply, a basic request: origin and receive zero,
    /// transmit from [`RequestFields`] (`t1` itself under
    /// [`RequestFields::Timestamps`]), as
    /// [`client_request`](super::client_request) sends. After one, in
    /// interleaved mode when the rules below allow it:
    ///
    /// - origin: the receive field of the last valid reply;
    /// - receive and transmit: [`RequestFields`] (under
    ///   [`RequestFields::Timestamps`], T4 of the last valid reply and the
    ///   previous request's T1, as RFC 9769 figures 1 and 2 show).
    ///
    /// Otherwise in basic mode: origin the transmit field of the last
    /// valid reply, receive and transmit from [`RequestFields`] (under
    /// [`RequestFields::Timestamps`], T4 of the last valid reply and `t1`).
    ///
    /// A client (mode 3) sends interleaved requests until
    /// [`MAX_INTERLEAVED_REQUESTS`] have gone unanswered since the last
    /// valid reply (RFC 9769 section 2), then basic ones. The active
    /// symmetric peer (RFC 9769 section 3) sends one in interleaved mode
    /// only when it has sent nothing since the last valid packet from its
    /// peer (condition 2) and sent exactly one packet before that packet
    /// came (condition 3: its previous packet was the only response);
    /// these are chrony's `tx_count == 0` and `prev_tx_count == 1`.
    ///
    /// The fields are made distinct, as chrony makes them: the transmit
    /// field is never zero, nor equal to the receive field (RFC 9769
    /// section 2: a packet with equal fields MUST NOT be sent; a server
    /// answers in interleaved mode only when they differ, and a reply's
    /// kind is told by which of them its origin is), nor to the origin,
    /// nor to the previous request's transmit field (so that a late reply
    /// to that request matches nothing); the receive field, once non-zero,
    /// is not the origin nor, for a client, the previous request's receive
    /// field (a symmetric peer's receive field is its peer's T2, and RFC
    /// 9769 figure 2 repeats it). Where a value collides it is changed in
    /// its lowest three bits (chrony draws random bits below its clock's
    /// precision until they differ): the fields are cookies, and the real
    /// T1 is the one kept.
    ///
    /// ```
    /// use ntp_wire::exchange::{InterleavedClient, RequestFields};
    /// use ntp_wire::{Timestamp, Version};
    ///
    /// let mut client = InterleavedClient::new();
    /// let cookies = RequestFields::Cookies { receive: Timestamp::new(7, 7), transmit: Timestamp::new(7, 7) };
    /// let first = client.request(Version::V4, Timestamp::new(100, 0), cookies);
    /// // No reply yet: a basic request; the receive cookie is not sent.
    /// assert_eq!(first.origin_timestamp, Timestamp::ZERO);
    /// assert_eq!(first.receive_timestamp, Timestamp::ZERO);
    /// assert_eq!(first.transmit_timestamp, Timestamp::new(7, 7));
    /// // Sent again, the same cookie would repeat the transmit field.
    /// let again = client.request(Version::V4, Timestamp::new(101, 0), cookies);
    /// assert_eq!(again.transmit_timestamp, Timestamp::new(7, 6));
    /// ```
    pub fn request(&mut self, version: Version, t1: Timestamp, fields: RequestFields) -> Header {
        let last = self.sent.map(|s| s.request);
        let last_receive = last.map_or(Timestamp::ZERO, |r| r.receive_timestamp);
        let last_transmit = last.map_or(Timestamp::ZERO, |r| r.transmit_timestamp);
        let symmetric = self.mode == Mode::SymmetricActive;
        let interleaved = self.previous.is_some()
            && if symmetric {
                self.unanswered == 0 && self.prev_unanswered == 1
            } else {
                self.unanswered < MAX_INTERLEAVED_REQUESTS
            };
        let (receive, transmit) = match fields {
            RequestFields::Timestamps => (
                self.previous.map_or(Timestamp::ZERO, |p| p.t4),
                match self.sent {
                    Some(s) if interleaved => s.t1,
                    _ => t1,
                },
            ),
            RequestFields::Cookies { receive, transmit } => (receive, transmit),
        };
        let mut request = Header::new(version, self.mode);
        if let Some(previous) = self.previous {
            let origin = if interleaved {
                previous.t2
            } else {
                previous.t3
            };
            request.origin_timestamp = origin;
            let repeated = if symmetric {
                Timestamp::ZERO
            } else {
                last_receive
            };
            request.receive_timestamp = distinct(
                receive,
                [Timestamp::ZERO, origin, repeated, Timestamp::ZERO],
            );
        }
        request.transmit_timestamp = distinct(
            transmit,
            [
                Timestamp::ZERO,
                request.receive_timestamp,
                request.origin_timestamp,
                last_transmit,
            ],
        );
        self.unanswered = self.unanswered.saturating_add(1);
        self.sent = Some(Sent {
            request,
            t1,
            answered: false,
        });
        request
    }

    /// Records `t1` as the real T1 of the request in flight: the time it
    /// left, when the caller learns it only after sending (a kernel or
    /// hardware transmit timestamp), as chrony updates its own (RFC 9769
    /// section 2). The next request's transmit field carries it under
    /// [`RequestFields::Timestamps`]. Nothing happens when no request was
    /// built, or its reply came already.
    pub fn sent_at(&mut self, t1: Timestamp) {
        if let Some(sent) = self.sent.as_mut() {
            if !sent.answered {
                sent.t1 = t1;
            }
        }
    }

    /// [`InterleavedClient::receive_header`] for the received octets (a
    /// 48-octet header and any trailer, which is not looked at; RFC 9769
    /// section 2).
    pub fn receive(
        &mut self,
        check: &ResponseCheck,
        reply: &[u8],
        t4: Timestamp,
    ) -> core::result::Result<ClientSample, Rejection> {
        let reply = Header::from_bytes(reply).map_err(Rejection::Malformed)?;
        self.receive_header(check, &reply, t4)
    }

    /// Checks `reply`, which arrived at `t4`, against the request in
    /// flight, and gives its sample (RFC 9769 section 2).
    ///
    /// The tests of [`ResponseCheck::check`], with the bogus test as RFC
    /// 9769 modifies it: the origin must be the request's transmit field
    /// (a basic reply) or its non-zero receive field (an interleaved one),
    /// else [`Rejection::Bogus`] (with `expected` the transmit field; zero
    /// when no request was built). A second reply to the same request is
    /// [`Rejection::Duplicate`].
    ///
    /// A basic sample is T1..T4 of this exchange. An interleaved one takes
    /// the reply's transmit field as T3 and the rest from
    /// [`TimestampSet`]; its dispersion counts 15 ppm of |T4 - T1|, and
    /// its root distance the latest reply's root delay and dispersion.
    ///
    /// Once tests 1 to 7 pass (mode, version, origin, stratum, non-zero
    /// timestamps) the exchange is recorded for the next request, even if
    /// the root distance then fails: the server saved its timestamps all
    /// the same.
    pub fn receive_header(
        &mut self,
        check: &ResponseCheck,
        reply: &Header,
        t4: Timestamp,
    ) -> core::result::Result<ClientSample, Rejection> {
        let origin = reply.origin_timestamp;
        let Some(sent) = self.sent else {
            return Err(Rejection::Bogus {
                expected: Timestamp::ZERO,
                origin,
            });
        };
        let request = sent.request;
        check.check_pairing(&request, reply)?;
        if origin.is_zero() {
            return Err(Rejection::ZeroTimestamp(TimestampField::Origin));
        }
        let Some(kind) = Interleaving::of(&request, reply) else {
            return Err(Rejection::Bogus {
                expected: request.transmit_timestamp,
                origin,
            });
        };
        if sent.answered {
            return Err(Rejection::Duplicate);
        }
        check_server(reply)?;
        let (t2, t3) = (reply.receive_timestamp, reply.transmit_timestamp);
        let previous = self.previous;
        self.sent = Some(Sent {
            answered: true,
            ..sent
        });
        self.prev_unanswered = self.unanswered;
        self.unanswered = 0;
        self.previous = Some(ExchangeTimestamps {
            t1: sent.t1,
            t2,
            t3,
            t4,
        });
        match kind {
            Interleaving::Basic => {
                let elapsed = (t4 - sent.t1).to_bits().max(0) as u64;
                check
                    .sample_of([sent.t1, t2, t3, t4], elapsed, reply)
                    .map(ClientSample::Basic)
            }
            Interleaving::Interleaved => {
                // The receive field is non-zero only once a reply came.
                let Some(p) = previous else {
                    return Err(Rejection::Interleaved { origin });
                };
                let set = match self.set {
                    TimestampSet::PreviousExchange => [p.t1, p.t2, t3, p.t4],
                    TimestampSet::LatestRequest => [sent.t1, t2, t3, p.t4],
                };
                check
                    .sample_of(set, magnitude(set[3] - set[0]), reply)
                    .map(ClientSample::Interleaved)
            }
        }
    }
}

/// What a server saves after each reply it sends to a client, for that
/// client's next request (RFC 9769 section 2): the receive timestamp the
/// reply carried and the real transmit time of the reply (taken after it
/// left). The caller owns the storage (per client address, a ring of
/// them as chrony keeps); each pair is used once ([`interleaved_answer`]).
///
/// A server answering in basic mode MUST make its receive and transmit
/// fields differ (RFC 9769 section 2): a basic client that echoes the
/// transmit field as its next origin would otherwise look interleaved.
/// The receive and transmit timestamps it sends need to be unique too;
/// where they are not sure to increase, the section says to check that
/// neither is already saved as a receive timestamp, and to take a new
/// one if it is (section 5 describes the failures otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SavedTimestamps {
    /// The receive field of the reply sent (RFC 9769 section 2).
    pub receive: Timestamp,
    /// When that reply really left (RFC 9769 section 2).
    pub transmit: Timestamp,
}

/// How a server answers a request (RFC 9769 section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ServerAnswer {
    /// A basic reply ([`reply`](super::reply)).
    Basic,
    /// An interleaved reply ([`interleaved_reply`]) carrying this transmit
    /// time of the previous reply.
    Interleaved {
        /// The saved real transmit time of the previous reply.
        previous_transmit: Timestamp,
    },
}

impl SavedTimestamps {
    /// `true` when `request` may be answered in interleaved mode with
    /// this pair (RFC 9769 section 2): its receive and transmit fields
    /// differ, its origin is not zero and is this pair's receive
    /// timestamp, and the pair's transmit time is known (not zero).
    #[must_use]
    pub fn fits(&self, request: &Header) -> bool {
        request.receive_timestamp != request.transmit_timestamp
            && !request.origin_timestamp.is_zero()
            && request.origin_timestamp == self.receive
            && !self.transmit.is_zero()
    }
}

/// The server's decision for `request` given the pair saved for its
/// client (RFC 9769 section 2): interleaved when the pair
/// [fits](SavedTimestamps::fits), and then the pair is taken (set to
/// `None`: each is used once); basic otherwise, the pair left as it was.
///
/// chrony 4.3 adds two conditions of its own (ntp_core.c,
/// `NCR_ProcessRxUnknown`): version 4 only, and an origin whose lowest bit
/// is set, the mark it puts on every receive timestamp it sends so that it
/// need not look up the others.
///
/// ```
/// use ntp_wire::exchange::{interleaved_answer, SavedTimestamps, ServerAnswer};
/// use ntp_wire::{Header, Mode, Timestamp, Version};
///
/// let mut saved = Some(SavedTimestamps { receive: Timestamp::new(2, 1), transmit: Timestamp::new(3, 0) });
/// let mut request = Header::new(Version::V4, Mode::Client);
/// request.origin_timestamp = Timestamp::new(2, 1);
/// request.receive_timestamp = Timestamp::new(9, 4);
/// request.transmit_timestamp = Timestamp::new(9, 5);
/// assert_eq!(
///     interleaved_answer(&request, &mut saved),
///     ServerAnswer::Interleaved { previous_transmit: Timestamp::new(3, 0) }
/// );
/// // Used once.
/// assert_eq!(saved, None);
/// assert_eq!(interleaved_answer(&request, &mut saved), ServerAnswer::Basic);
/// ```
pub fn interleaved_answer(request: &Header, saved: &mut Option<SavedTimestamps>) -> ServerAnswer {
    match *saved {
        Some(pair) if pair.fits(request) => {
            *saved = None;
            ServerAnswer::Interleaved {
                previous_transmit: pair.transmit,
            }
        }
        _ => ServerAnswer::Basic,
    }
}

/// The interleaved reply to `request` (RFC 9769 section 2): as
/// [`reply`](super::reply) builds it (mode, version and poll echoed, the
/// rest from `state`), but the origin is the request's receive field and
/// the transmit timestamp is `previous_transmit`, the real transmit time of
/// the previous reply ([`ServerAnswer::Interleaved`]). `receive` is when
/// this request arrived; save it with this reply's real transmit time
/// ([`SavedTimestamps`]) after sending.
///
/// A server that supports interleaved mode MUST NOT send a packet whose
/// transmit field equals its receive field (RFC 9769 section 2): when
/// `previous_transmit` equals `receive`, the transmit field is one unit
/// (2^-32 s) later, the change the section suggests. A basic reply from
/// such a server needs the same care: build it with
/// [`reply`](super::reply) from a receive and a transmit time that
/// differ.
///
/// Errors as [`reply`](super::reply).
pub fn interleaved_reply(
    request: &Header,
    state: &ServerState,
    receive: Timestamp,
    previous_transmit: Timestamp,
) -> Result<Header> {
    let transmit = if previous_transmit == receive {
        Timestamp::from_bits(previous_transmit.to_bits().wrapping_add(1))
    } else {
        previous_transmit
    };
    let mut answer = super::reply(request, state, receive, transmit)?;
    answer.origin_timestamp = request.receive_timestamp;
    Ok(answer)
}

/// The longest interval between a broadcast's transmit field and the real
/// transmit time the next one brings that [`InterleavedBroadcast`] accepts:
/// 1 s, ntpd's bound on the interleave delay (RFC 9769 section 4).
pub const MAX_INTERLEAVE_DELAY: TimeDelta = TimeDelta::from_secs(1);

/// A usable broadcast to an interleaved broadcast client, and which kind
/// it was (RFC 9769 section 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BroadcastReception {
    /// A basic broadcast (zero origin): T3 is its transmit field, T4 its
    /// arrival (RFC 5905 section 8).
    Basic(BroadcastSample),
    /// An interleaved broadcast: T3 is its origin field (the real transmit
    /// time of the previous broadcast), T4 the arrival of the previous
    /// broadcast (RFC 9769 section 4).
    Interleaved(BroadcastSample),
}

impl BroadcastReception {
    /// The sample, whichever the kind (RFC 9769 section 4).
    #[must_use]
    pub const fn sample(&self) -> &BroadcastSample {
        match self {
            BroadcastReception::Basic(s) | BroadcastReception::Interleaved(s) => s,
        }
    }
}

/// What an interleaved broadcast client keeps (RFC 9769 section 4): the
/// transmit field of the last broadcast received and when it arrived.
///
/// The layout is RFC 9769 section 4's (figure 3), which the section takes
/// from ntpd (`ntp_proto.c`, flag `FLAG_XB`): a broadcast in interleaved
/// mode carries its own transmit timestamp in the transmit field, the
/// real transmit time of the previous broadcast in the origin field and a
/// zero receive field; a basic broadcast has a zero origin. The client
/// pairs the origin with its receive time of the previous broadcast, if
/// the origin follows that broadcast's transmit field by 0 to
/// [`MAX_INTERLEAVE_DELAY`]: the section bounds the difference (e.g. 1 s,
/// to detect lost packets); the lower bound 0 is ntpd's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct InterleavedBroadcast {
    previous: Option<(Timestamp, Timestamp)>,
}

impl InterleavedBroadcast {
    /// A client that has received nothing yet (RFC 9769 section 4).
    #[must_use]
    pub const fn new() -> InterleavedBroadcast {
        InterleavedBroadcast { previous: None }
    }

    /// Checks a broadcast received at `t4` (RFC 9769 section 4): the tests
    /// of [`ResponseCheck::broadcast`], then by its origin a basic sample
    /// (zero origin) or an interleaved one (T3 = origin, T4 = arrival of
    /// the previous broadcast); an origin that does not follow the
    /// previous broadcast's transmit field by 0 to
    /// [`MAX_INTERLEAVE_DELAY`], or comes with no previous broadcast, is
    /// [`Rejection::Bogus`] (`expected`: that transmit field, or zero).
    /// Every broadcast that passes the stratum and timestamp tests is
    /// recorded for the next.
    pub fn receive(
        &mut self,
        check: &ResponseCheck,
        packet: &[u8],
        t4: Timestamp,
        one_way_delay: TimeDelta,
    ) -> core::result::Result<BroadcastReception, Rejection> {
        let packet = Header::from_bytes(packet).map_err(Rejection::Malformed)?;
        if packet.mode != Mode::Broadcast {
            return Err(Rejection::NotBroadcast(packet.mode));
        }
        check_stratum(&packet)?;
        let transmit = packet.transmit_timestamp;
        if transmit.is_zero() {
            return Err(Rejection::ZeroTimestamp(TimestampField::Transmit));
        }
        let origin = packet.origin_timestamp;
        let previous = self.previous.replace((transmit, t4));
        if origin.is_zero() {
            return check
                .broadcast_sample(packet, transmit, t4, one_way_delay)
                .map(BroadcastReception::Basic);
        }
        match previous {
            Some((estimate, arrival))
                if (0..=MAX_INTERLEAVE_DELAY.to_bits())
                    .contains(&(origin - estimate).to_bits()) =>
            {
                check
                    .broadcast_sample(packet, origin, arrival, one_way_delay)
                    .map(BroadcastReception::Interleaved)
            }
            other => Err(Rejection::Bogus {
                expected: other.map_or(Timestamp::ZERO, |(estimate, _)| estimate),
                origin,
            }),
        }
    }
}

/// A broadcast (mode 5) in interleaved mode (RFC 9769 section 4, figure
/// 3): the state's fields, `transmit` (this packet's estimate) as
/// transmit timestamp, `previous_transmit` (the real transmit time of the
/// previous broadcast; zero for the first, which is then basic) as origin,
/// and a zero receive timestamp.
///
/// ```
/// use ntp_wire::exchange::{interleaved_broadcast, ServerState};
/// use ntp_wire::{Mode, Timestamp, Version};
///
/// let b = interleaved_broadcast(&ServerState::UNSYNCHRONIZED, Version::V4, Timestamp::new(1, 9), Timestamp::new(17, 0));
/// assert_eq!((b.mode, b.origin_timestamp, b.transmit_timestamp), (Mode::Broadcast, Timestamp::new(1, 9), Timestamp::new(17, 0)));
/// ```
#[must_use]
pub fn interleaved_broadcast(
    state: &ServerState,
    version: Version,
    previous_transmit: Timestamp,
    transmit: Timestamp,
) -> Header {
    Header {
        leap: state.leap,
        stratum: state.stratum,
        precision: state.precision,
        root_delay: state.root_delay,
        root_dispersion: state.root_dispersion,
        reference_id: state.reference_id,
        reference_timestamp: state.reference_timestamp,
        origin_timestamp: previous_transmit,
        transmit_timestamp: transmit,
        ..Header::new(version, Mode::Broadcast)
    }
}
