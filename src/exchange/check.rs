//! Response checks: a reply turned into a time sample or a reason
//! (RFC 5905 section 8 and appendix A.5.1.1; RFC 4330 section 5).

use core::fmt;
use core::time::Duration;

use super::ExpectedReply;
use crate::fields::{KissCode, LeapIndicator, Mode, Precision, ReferenceId, Stratum, Version};
use crate::header::Header;
use crate::time::{Seconds, ShortTime, TimeDelta, Timestamp};
use crate::Error;

/// The default limit on a reply's root distance: 1.5 s, the default of
/// ntpd's and NTPsec's `tos maxdist` (chrony's `maxdistance` defaults to
/// 3 s).
///
/// Not RFC 5905's own value: its MAXDIST, the "distance threshold", is
/// 1 s, both in the table of global parameters (section 7.2) and in the
/// code skeleton's constants (appendix A.1.1). The test it bounds is the
/// one of section 11.2.1 and `fit()` (appendix A.5.5.3), which rejects a
/// peer whose `root_dist()` (appendix A.5.5.2) exceeds MAXDIST. The
/// crate keeps the 1.5 s that the reference implementation and its fork
/// ship, so that it accepts what they accept; a caller that wants the
/// RFC's threshold sets `ResponseCheck::new().max_root_distance(Duration::from_secs(1))`.
pub const MAX_DISTANCE: Duration = Duration::from_millis(1500);

/// Seconds in units of 2^-32 s (the fraction of NTP's 32.32 formats),
/// wide enough that no sum here can overflow: the root distance is
/// integer arithmetic, so a `no_std` target links no floating point.
type Units = u128;

/// RFC 5905's MINDISP as its code skeleton defines it (appendix A.1.1,
/// and used so by `root_dist()`, appendix A.5.5.2): the floor of the
/// delay term of the root distance, 0.01 s (42949672.96 units, rounded
/// up). The table of global parameters (section 7.2) lists MINDISP as
/// 0.005 s, the "minimum dispersion increment"; the skeleton's 0.01 s is
/// the value the root distance is computed with, and the one kept here.
const MIN_DISPERSION: Units = 42_949_673;

/// RFC 5905's PHI (appendix A.1.1), the frequency tolerance of 15 ppm
/// (3 / 200 000), times `interval`, rounded up: in 64 bits, split so that
/// nothing overflows and no 128-bit division is called.
const fn phi(interval: u64) -> Units {
    let (q, r) = (interval / 200_000, interval % 200_000);
    (q as Units) * 3 + (r * 3).div_ceil(200_000) as Units
}

/// 2^`exp` seconds: exact from 2^-32 s up; one unit (an upper bound) below.
const fn pow2(exp: i8) -> Units {
    let shift = 32 + exp as i32;
    if shift < 0 {
        1
    } else if shift > 100 {
        1 << 100
    } else {
        1 << shift
    }
}

/// A 16.16 value in units.
const fn short(s: ShortTime) -> Units {
    (s.to_bits() as Units) << 16
}

/// The magnitude of a 32.32 difference in units.
const fn magnitude(d: TimeDelta) -> Units {
    d.to_bits().unsigned_abs() as Units
}

/// Units as a `Duration`, rounded to the nearest nanosecond, saturating.
fn duration(units: Units) -> Duration {
    let secs = units >> 32;
    if secs > Units::from(u64::MAX) {
        return Duration::MAX;
    }
    let fraction = (units & 0xffff_ffff) as u64;
    let nanos = (fraction * 1_000_000_000 + (1 << 31)) >> 32;
    Duration::from_secs(secs as u64).saturating_add(Duration::from_nanos(nanos))
}

/// A timestamp of a reply that must not be zero (RFC 5905 section 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum TimestampField {
    /// Origin (octets 24-31): the reply echoes nothing.
    Origin,
    /// Receive (octets 32-39): the server did not say when the request
    /// arrived.
    Receive,
    /// Transmit (octets 40-47): the server did not say when the reply left.
    Transmit,
}

impl fmt::Display for TimestampField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimestampField::Origin => "origin",
            TimestampField::Receive => "receive",
            TimestampField::Transmit => "transmit",
        })
    }
}

/// Why a reply gives no time sample: the test of RFC 5905 appendix
/// A.5.1.1 or RFC 4330 section 5 it fails ([`ResponseCheck`] lists them in
/// order).
///
/// ```
/// use ntp_wire::exchange::{client_request, kiss_of_death, Rejection, ResponseCheck};
/// use ntp_wire::{KissCode, Timestamp, Version};
///
/// let t1 = Timestamp::new(100, 0);
/// let request = client_request(Version::V4, t1)?;
/// // The server says: poll less often.
/// let kiss = kiss_of_death(&request, KissCode::RATE)?;
/// let outcome = ResponseCheck::new().check(&request, t1, &kiss.to_bytes(), Timestamp::new(100, 1));
/// assert_eq!(outcome, Err(Rejection::KissOfDeath(KissCode::RATE)));
/// assert_eq!(
///     outcome.unwrap_err().to_string(),
///     "kiss-o'-death RATE: rate exceeded: the server has temporarily denied access"
/// );
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Rejection {
    /// The reply's header could not be read (too short, version 0 or 5-7,
    /// mode 6 or 7).
    #[error("malformed reply: {0}")]
    Malformed(Error),

    /// The reply's mode does not answer the request's (RFC 5905 section
    /// 9.2; [`ExpectedReply`]).
    #[error("a {request} request is not answered by mode {reply}")]
    WrongMode {
        /// Mode of the request sent.
        request: Mode,
        /// Mode of the reply received.
        reply: Mode,
    },

    /// The reply's version is not the request's; chrony and ntpd echo it.
    #[error("version mismatch: request was {request}, reply is {reply}")]
    VersionMismatch {
        /// Version of the request sent.
        request: Version,
        /// Version of the reply received.
        reply: Version,
    },

    /// The reply's origin timestamp is not the request's transmit
    /// timestamp: it answers another request, or is forged (RFC 5905
    /// appendix A.5.1.1, "bogus").
    #[error("bogus reply: origin {origin:?} is not the request's transmit timestamp {expected:?}")]
    Bogus {
        /// The request's transmit timestamp.
        expected: Timestamp,
        /// The reply's origin timestamp.
        origin: Timestamp,
    },

    /// An interleaved reply (RFC 9769 section 2, chrony's `xleave`): its
    /// origin is the request's receive timestamp, and its transmit
    /// timestamp belongs to the server's previous reply. Not bogus, but not
    /// a basic sample: the offset needs the timestamps of the previous
    /// exchange, which [`ResponseCheck`] does not keep;
    /// [`InterleavedClient`](super::InterleavedClient) keeps them and
    /// accepts such a reply.
    #[error("interleaved reply (RFC 9769): origin {origin:?} is the request's receive timestamp; its transmit timestamp belongs to the previous exchange")]
    Interleaved {
        /// The reply's origin timestamp.
        origin: Timestamp,
    },

    /// A second reply to a request already answered (RFC 5905 appendix
    /// A.5.1.1, "duplicate"; RFC 9769 section 2): only
    /// [`InterleavedClient`](super::InterleavedClient), which keeps the
    /// request in flight, can tell.
    #[error("duplicate reply: the request was answered already")]
    Duplicate,

    /// A timestamp that every usable reply sets is zero.
    #[error("reply has a zero {0} timestamp")]
    ZeroTimestamp(TimestampField),

    /// A kiss-o'-death (stratum 0, RFC 5905 section 7.4). RATE: poll less
    /// often; DENY and RSTR: stop sending to this server.
    #[error("kiss-o'-death {0}: {meaning}", meaning = .0.description().unwrap_or("unknown kiss code"))]
    KissOfDeath(KissCode),

    /// The server is not synchronized: leap indicator 3, stratum 16 or
    /// above, or stratum 0 with reference id INIT (ntpd and NTPsec before
    /// their first synchronization), zero, or a code RFC 5905 does not
    /// define (an unspecified stratum whose code has no protocol
    /// significance, section 7.4: no kiss-o'-death, and the message says
    /// `unspecified stratum, unknown code ...`).
    #[error("server unsynchronized: leap {}, stratum {}{}", .leap.to_bits(), .stratum.0, UnknownCode(*.stratum, *.reference_id))]
    Unsynchronized {
        /// The reply's leap indicator.
        leap: LeapIndicator,
        /// The reply's stratum.
        stratum: Stratum,
        /// The reply's reference id (`INIT` at stratum 0).
        reference_id: ReferenceId,
    },

    /// The root distance (the bound on the error of the server's time, seen
    /// from here) exceeds the limit: the test of RFC 5905 section 11.2.1
    /// and `fit()` (appendix A.5.5.3) on the distance of `root_dist()`
    /// (appendix A.5.5.2).
    #[error("root distance {} exceeds the limit of {}", Seconds(*.distance), Seconds(*.limit))]
    RootDistance {
        /// The reply's root distance.
        distance: Duration,
        /// The limit checked against.
        limit: Duration,
    },

    /// A packet passed to [`ResponseCheck::broadcast`] is not mode 5.
    #[error("not a broadcast packet: mode {0}")]
    NotBroadcast(Mode),
}

/// A usable reply: the on-wire offset and delay (RFC 5905 section 8) and
/// the root distance (appendices A.5.1.1 and A.5.5.2).
///
/// ```
/// use ntp_wire::exchange::{client_request, reply, ResponseCheck, ServerState};
/// use ntp_wire::{LeapIndicator, Precision, ReferenceId, ShortTime, Stratum, TimeDelta, Timestamp, Version};
///
/// let state = ServerState {
///     leap: LeapIndicator::NoWarning,
///     stratum: Stratum(8),
///     precision: Precision(-20),
///     root_delay: ShortTime::ZERO,
///     root_dispersion: ShortTime::ZERO,
///     reference_id: ReferenceId([127, 127, 1, 1]),
///     reference_timestamp: Timestamp::new(99, 0),
/// };
/// let t1 = Timestamp::new(100, 0);
/// let request = client_request(Version::V4, t1)?;
/// // The server is 2 s behind; the request takes 0.25 s each way. Root
/// // distance: half the 0.5 s delay, plus 2^-20 s twice and 15 ppm of 0.5 s.
/// let answer = reply(&request, &state, Timestamp::new(98, 1 << 30), Timestamp::new(98, 1 << 30))?;
/// let sample = ResponseCheck::new()
///     .check(&request, t1, &answer.to_bytes(), Timestamp::new(100, 1 << 31))
///     .unwrap();
/// assert_eq!(sample.offset, TimeDelta::from_secs(-2));
/// assert_eq!(sample.delay.to_string(), "0.500000000 s");
/// assert_eq!(
///     sample.to_string(),
///     "offset -2.000000000 s, delay 0.500000000 s, root distance 0.250009408 s, stratum 8, local clock 127.127.1.1"
/// );
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sample {
    /// Offset of the server's clock from ours, θ = ((T2 - T1) + (T3 - T4)) / 2:
    /// positive when the server is ahead (RFC 5905 section 8).
    pub offset: TimeDelta,
    /// Round-trip delay, δ = (T4 - T1) - (T3 - T2), as measured (negative
    /// only if a clock misbehaved), saturated at the range of a
    /// [`TimeDelta`] (about ±68 years) rather than wrapped (RFC 5905 section 8).
    pub delay: TimeDelta,
    /// Dispersion of this sample, ε = 2^precision(server) +
    /// 2^precision(client) + PHI × (T4 - T1), PHI = 15 ppm (RFC 5905
    /// appendix A.5.1.1, `packet()`).
    pub dispersion: Duration,
    /// Root distance, λ = max(MINDISP, root delay + |δ|) / 2 + root
    /// dispersion + ε, with |δ| no less than the client's precision and
    /// MINDISP = 0.01 s: RFC 5905's `root_dist()` (appendix A.5.5.2) for
    /// one fresh sample, whose jitter and aging terms are zero.
    ///
    /// One departure from the RFC: its `packet()` (appendix A.5.1.1)
    /// raises a negative δ to the precision, so a reply whose timestamps
    /// contradict each other by seconds would claim the error bound of a
    /// perfect one; here δ counts by its magnitude, as in chrony, and such
    /// a reply fails the [`MAX_DISTANCE`] test.
    pub root_distance: Duration,
    /// T1: when the request left (the caller's clock; RFC 5905 section 8).
    pub t1: Timestamp,
    /// T2: when the request arrived (the server's receive timestamp; RFC 5905 section 8).
    pub t2: Timestamp,
    /// T3: when the reply left (the server's transmit timestamp; RFC 5905 section 8).
    pub t3: Timestamp,
    /// T4: when the reply arrived (the caller's clock; RFC 5905 section 8).
    pub t4: Timestamp,
    /// The reply's header: leap, stratum, reference and the rest (RFC 5905 section 8).
    pub reply: Header,
}

impl fmt::Display for Sample {
    /// `offset -0.000001429 s, delay 0.000002851 s, root distance
    /// 0.005000969 s, stratum 8, local clock 127.127.1.1`: every quantity in
    /// seconds with nine decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.offset.is_negative() { "" } else { "+" };
        write!(
            f,
            "offset {sign}{}, delay {}, root distance {}, stratum {}, {}",
            self.offset,
            self.delay,
            Seconds(self.root_distance),
            self.reply.stratum.0,
            self.reply.reference_id.interpret(self.reply.stratum)
        )
    }
}

/// A usable broadcast (mode 5): the offset from the server's transmit
/// timestamp and an assumed one-way delay (RFC 5905 section 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BroadcastSample {
    /// θ = T3 + one-way delay - T4 (RFC 5905 section 8).
    pub offset: TimeDelta,
    /// Root distance, λ = max(MINDISP, root delay + 2 × one-way delay) /
    /// 2 + root dispersion + 2^precision(server) + 2^precision(client),
    /// MINDISP = 0.01 s: the floor of the delay term that RFC 5905's
    /// `root_dist()` (appendix A.5.5.2) applies to every association, as
    /// [`Sample::root_distance`] has it (RFC 5905 section 8).
    pub root_distance: Duration,
    /// T3: when the broadcast left (its transmit timestamp; RFC 5905 section 8).
    pub t3: Timestamp,
    /// T4: when it arrived (the caller's clock; RFC 5905 section 8).
    pub t4: Timestamp,
    /// The broadcast's header (RFC 5905 section 8).
    pub packet: Header,
}

/// Checks replies before their time is used: what an SNTP client or a
/// monitoring tool calls with each reply.
///
/// [`ResponseCheck::check`] applies, in this order, RFC 5905's tests
/// (appendix A.5.1.1) and RFC 4330's (section 5), stopping at the first
/// that fails:
///
/// 1. the header parses ([`Rejection::Malformed`]);
/// 2. the reply's mode answers the request's ([`Rejection::WrongMode`]);
/// 3. same version ([`Rejection::VersionMismatch`]), unless
///    [`ResponseCheck::version_policy`] accepts any;
/// 4. origin = the request's transmit timestamp: else
///    [`ZeroTimestamp(Origin)`](TimestampField::Origin) if zero,
///    [`Rejection::Interleaved`] if it equals the request's non-zero
///    receive timestamp, [`Rejection::Bogus`] otherwise. This comes before
///    the kiss test, so a forged kiss-o'-death is bogus, not obeyed;
/// 5. stratum 0: [`Rejection::KissOfDeath`] for a code of
///    [`KissCode::KNOWN`] but `INIT`; [`Rejection::Unsynchronized`] for
///    `INIT`, a zero reference id, or a code RFC 5905 does not define
///    (section 7.4: such a code has no protocol significance, so it is
///    not obeyed as a kiss);
/// 6. leap 3 or stratum 16 and above: [`Rejection::Unsynchronized`];
/// 7. receive and transmit timestamps non-zero ([`Rejection::ZeroTimestamp`]);
/// 8. root distance within [`ResponseCheck::max_root_distance`]
///    ([`Rejection::RootDistance`]; RFC 5905 section 11.2.1 and `fit()`,
///    appendix A.5.5.3).
///
/// Offsets and delays are built from wrapping 64-bit differences of
/// timestamps (RFC 5905 section 6), right across the era boundary of
/// 2036-02-07 06:28:16 UTC; combining two differences never wraps again
/// (the offset is exact, the delay saturates).
///
/// ```
/// use ntp_wire::exchange::{client_request, reply, ResponseCheck, ServerState};
/// use ntp_wire::{LeapIndicator, Precision, ReferenceId, ShortTime, Stratum, TimeDelta, Timestamp, Version};
///
/// let state = ServerState {
///     leap: LeapIndicator::NoWarning,
///     stratum: Stratum(2),
///     precision: Precision(-20),
///     root_delay: ShortTime::ZERO,
///     root_dispersion: ShortTime::ZERO,
///     reference_id: ReferenceId([192, 0, 2, 1]),
///     reference_timestamp: Timestamp::new(90, 0),
/// };
/// let t1 = Timestamp::new(100, 0);
/// let request = client_request(Version::V4, t1)?;
/// // The server is 1 s ahead; each leg takes 0.25 s.
/// let answer = reply(&request, &state, Timestamp::new(101, 1 << 30), Timestamp::new(101, 1 << 30))?;
/// let sample = ResponseCheck::new()
///     .check(&request, t1, &answer.to_bytes(), Timestamp::new(100, 1 << 31))
///     .unwrap();
/// assert_eq!(sample.offset, TimeDelta::from_secs(1));
/// assert_eq!(sample.delay, TimeDelta::from_bits(1 << 31)); // 0.5 s
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResponseCheck {
    max_root_distance: Duration,
    client_precision: Precision,
    version_policy: VersionPolicy,
}

/// What test 3 of [`ResponseCheck`] does when a reply's version is not
/// the request's: the implementations differ, so the caller chooses
/// ([`ResponseCheck::version_policy`]).
///
/// Servers: chrony and ntpd (and NTPsec, their `fast_xmit`) answer with
/// the request's version, so from them a mismatch means the reply answers
/// someone else's request or was built by hand. Clients: RFC 5905 does not
/// make the versions match; chrony accepts a reply of any version from 1
/// to 4 (its `check_packet_format`), ntpd any from 1 up (unless
/// `restrict ... version`), which is what a server that answers with its
/// own version needs.
///
/// ```
/// use ntp_wire::exchange::{client_request, reply, Rejection, ResponseCheck, ServerState, VersionPolicy};
/// use ntp_wire::{LeapIndicator, Precision, ReferenceId, ShortTime, Stratum, Timestamp, Version};
///
/// let state = ServerState { stratum: Stratum(2), leap: LeapIndicator::NoWarning, ..ServerState::UNSYNCHRONIZED };
/// let t1 = Timestamp::new(100, 0);
/// let request = client_request(Version::V4, t1)?;
/// // A server that answers a v4 request with its own version 3.
/// let mut answer = reply(&request, &state, Timestamp::new(100, 1), Timestamp::new(100, 2))?;
/// answer.version = Version::V3;
/// let t4 = Timestamp::new(100, 3);
/// let strict = ResponseCheck::new();
/// assert_eq!(
///     strict.check(&request, t1, &answer.to_bytes(), t4),
///     Err(Rejection::VersionMismatch { request: Version::V4, reply: Version::V3 })
/// );
/// let lenient = strict.version_policy(VersionPolicy::AcceptMismatch);
/// assert!(lenient.check(&request, t1, &answer.to_bytes(), t4).is_ok());
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum VersionPolicy {
    /// [`Rejection::VersionMismatch`]: the reply must carry the request's
    /// version, as chrony, ntpd and NTPsec answer. The default.
    #[default]
    RejectMismatch,
    /// Any version from 1 to 4 (0 and 5 to 7 are
    /// [`Rejection::Malformed`] either way), as chrony and ntpd accept as
    /// clients.
    AcceptMismatch,
}

impl Default for ResponseCheck {
    fn default() -> ResponseCheck {
        ResponseCheck::new()
    }
}

impl ResponseCheck {
    /// The default limits: root distance at most [`MAX_DISTANCE`] (1.5 s,
    /// ntpd's default; RFC 5905's MAXDIST is 1 s), client precision
    /// 2^-20 s (about 1 µs, a typical software clock).
    #[must_use]
    pub const fn new() -> ResponseCheck {
        ResponseCheck {
            max_root_distance: MAX_DISTANCE,
            client_precision: Precision(-20),
            version_policy: VersionPolicy::RejectMismatch,
        }
    }

    /// The largest root distance accepted (test 8). Who does what:
    /// RFC 5905's MAXDIST is 1 s (section 7.2, appendix A.1.1); ntpd's
    /// and NTPsec's `tos maxdist` defaults to 1.5 s ([`MAX_DISTANCE`],
    /// the default here), chrony's `maxdistance`
    /// defaults to 3 s, and an SNTP client of RFC 4330 section 5 makes no
    /// such test at all (`Duration::MAX` turns it off). A server on an
    /// undisciplined local clock (NTPsec's `refclock local`) reports about
    /// 2 s of root dispersion and needs a larger limit than 1.5 s.
    ///
    /// The distance is computed in integer fixed point (units of 2^-32 s,
    /// each term rounded up), so the check links no floating point.
    #[must_use]
    pub const fn max_root_distance(mut self, limit: Duration) -> ResponseCheck {
        self.max_root_distance = limit;
        self
    }

    /// The precision of the caller's clock, which T1 and T4 come from
    /// (RFC 5905 section 7.3; a term of the dispersion, appendix
    /// A.5.1.1).
    #[must_use]
    pub const fn client_precision(mut self, precision: Precision) -> ResponseCheck {
        self.client_precision = precision;
        self
    }

    /// What a reply of another version than the request's gets (test 3):
    /// [`VersionPolicy`], by default
    /// [`RejectMismatch`](VersionPolicy::RejectMismatch) (RFC 5905 section 8).
    #[must_use]
    pub const fn version_policy(mut self, policy: VersionPolicy) -> ResponseCheck {
        self.version_policy = policy;
        self
    }

    /// Checks `reply` (the received octets: a 48-octet header, and any
    /// trailer after it, which is not looked at) against `request` (the
    /// header sent), `t1` (when the request really left; its transmit
    /// timestamp may be random) and `t4` (when the reply arrived). See the
    /// type's documentation for the order of the tests (RFC 5905 section 8).
    pub fn check(
        &self,
        request: &Header,
        t1: Timestamp,
        reply: &[u8],
        t4: Timestamp,
    ) -> Result<Sample, Rejection> {
        let reply = Header::from_bytes(reply).map_err(Rejection::Malformed)?;
        self.check_header(request, t1, &reply, t4)
    }

    /// [`ResponseCheck::check`] for a reply already parsed (RFC 5905 section 8).
    pub fn check_header(
        &self,
        request: &Header,
        t1: Timestamp,
        reply: &Header,
        t4: Timestamp,
    ) -> Result<Sample, Rejection> {
        self.check_pairing(request, reply)?;
        let origin = reply.origin_timestamp;
        if origin.is_zero() {
            return Err(Rejection::ZeroTimestamp(TimestampField::Origin));
        }
        if origin != request.transmit_timestamp {
            if !request.receive_timestamp.is_zero() && origin == request.receive_timestamp {
                return Err(Rejection::Interleaved { origin });
            }
            return Err(Rejection::Bogus {
                expected: request.transmit_timestamp,
                origin,
            });
        }
        check_server(reply)?;
        let (t2, t3) = (reply.receive_timestamp, reply.transmit_timestamp);
        let elapsed = (t4 - t1).to_bits().max(0) as u64;
        self.sample_of([t1, t2, t3, t4], elapsed, reply)
    }

    /// Tests 2 and 3: the reply's mode answers the request's, and its
    /// version is the request's unless the policy accepts any.
    pub(super) fn check_pairing(&self, request: &Header, reply: &Header) -> Result<(), Rejection> {
        if !ExpectedReply::to(request.mode).allows(reply.mode) {
            return Err(Rejection::WrongMode {
                request: request.mode,
                reply: reply.mode,
            });
        }
        if reply.version != request.version && self.version_policy == VersionPolicy::RejectMismatch
        {
            return Err(Rejection::VersionMismatch {
                request: request.version,
                reply: reply.version,
            });
        }
        Ok(())
    }

    /// The sample of four timestamps `[T1, T2, T3, T4]` (test 8 included):
    /// offset, delay, dispersion with PHI over `elapsed` units of 2^-32 s,
    /// root distance from `reply`'s root delay, dispersion and precision.
    pub(super) fn sample_of(
        &self,
        [t1, t2, t3, t4]: [Timestamp; 4],
        elapsed: u64,
        reply: &Header,
    ) -> Result<Sample, Rejection> {
        // RFC 5905 section 8: each difference of two timestamps wraps
        // (section 6); combining two of them must not wrap again, so the
        // offset is halved in 128 bits and the delay saturates.
        let offset = TimeDelta::midpoint(t2 - t1, t3 - t4);
        let delay = saturating_difference(t4 - t1, t3 - t2);

        // RFC 5905 appendix A.5.1.1 (packet()) and A.5.5.2 (root_dist()),
        // in integer units of 2^-32 s, each term rounded up: a bound.
        let client_precision = pow2(self.client_precision.0);
        let dispersion = pow2(reply.precision.0) + client_precision + phi(elapsed);
        // The delay by its magnitude, as chrony takes it: RFC 5905's
        // packet() clamps a negative δ up to the precision, which would
        // give a reply whose timestamps contradict each other by seconds
        // the error bound of a perfect one.
        let delay_term = (short(reply.root_delay) + magnitude(delay).max(client_precision))
            .max(MIN_DISPERSION)
            .div_ceil(2);
        let root_distance = delay_term + short(reply.root_dispersion) + dispersion;
        let root_distance = self.within_limit(duration(root_distance))?;
        Ok(Sample {
            offset,
            delay,
            dispersion: duration(dispersion),
            root_distance,
            t1,
            t2,
            t3,
            t4,
            reply: *reply,
        })
    }

    /// Checks a received broadcast (mode 5, no request): the header
    /// parses, the mode is 5 ([`Rejection::NotBroadcast`]), then tests 5 to
    /// 8 of [`ResponseCheck::check`] (the receive timestamp of a broadcast
    /// may be zero). `one_way_delay` is the assumed or calibrated delay
    /// from the server (ntpd's `broadcastdelay`, 4 ms by default; RFC 5905 section 8).
    pub fn broadcast(
        &self,
        packet: &[u8],
        t4: Timestamp,
        one_way_delay: TimeDelta,
    ) -> Result<BroadcastSample, Rejection> {
        let packet = Header::from_bytes(packet).map_err(Rejection::Malformed)?;
        if packet.mode != Mode::Broadcast {
            return Err(Rejection::NotBroadcast(packet.mode));
        }
        check_stratum(&packet)?;
        let t3 = packet.transmit_timestamp;
        if t3.is_zero() {
            return Err(Rejection::ZeroTimestamp(TimestampField::Transmit));
        }
        self.broadcast_sample(packet, t3, t4, one_way_delay)
    }

    /// The broadcast sample of `packet` with the given T3 and T4 (test 8
    /// included; RFC 5905 section 8).
    pub(super) fn broadcast_sample(
        &self,
        packet: Header,
        t3: Timestamp,
        t4: Timestamp,
        one_way_delay: TimeDelta,
    ) -> Result<BroadcastSample, Rejection> {
        let offset = t3.wrapping_add(one_way_delay) - t4;
        // RFC 5905's root_dist() (appendix A.5.5.2) floors the delay term
        // at MINDISP for every association, broadcast ones too.
        let root_distance = (short(packet.root_delay) + 2 * magnitude(one_way_delay))
            .max(MIN_DISPERSION)
            .div_ceil(2)
            + short(packet.root_dispersion)
            + pow2(packet.precision.0)
            + pow2(self.client_precision.0);
        let root_distance = self.within_limit(duration(root_distance))?;
        Ok(BroadcastSample {
            offset,
            root_distance,
            t3,
            t4,
            packet,
        })
    }

    fn within_limit(&self, distance: Duration) -> Result<Duration, Rejection> {
        if distance > self.max_root_distance {
            return Err(Rejection::RootDistance {
                distance,
                limit: self.max_root_distance,
            });
        }
        Ok(distance)
    }
}

/// Tests 5 to 7: kiss codes, synchronization, timestamps.
pub(super) fn check_server(reply: &Header) -> Result<(), Rejection> {
    check_stratum(reply)?;
    if reply.receive_timestamp.is_zero() {
        return Err(Rejection::ZeroTimestamp(TimestampField::Receive));
    }
    if reply.transmit_timestamp.is_zero() {
        return Err(Rejection::ZeroTimestamp(TimestampField::Transmit));
    }
    Ok(())
}

/// Tests 5 and 6: kiss-o'-death and synchronization.
pub(super) fn check_stratum(reply: &Header) -> Result<(), Rejection> {
    let unsynchronized = Rejection::Unsynchronized {
        leap: reply.leap,
        stratum: reply.stratum,
        reference_id: reply.reference_id,
    };
    if reply.stratum.is_unspecified() {
        // Stratum 0 is a kiss-o'-death (a code of RFC 5905 figure 13 or
        // RFC 8915), or (INIT, no code at all, or a code without protocol
        // significance, section 7.4) a server that has no time to give.
        return match reply.reference_id.kiss_code(reply.stratum) {
            Some(code) if code != KissCode::INIT => Err(Rejection::KissOfDeath(code)),
            _ => Err(unsynchronized),
        };
    }
    if reply.leap == LeapIndicator::Unsynchronized || reply.stratum.0 >= Stratum::UNSYNCHRONIZED.0 {
        return Err(unsynchronized);
    }
    Ok(())
}

/// The tail of [`Rejection::Unsynchronized`]'s message: `, unspecified
/// stratum, unknown code X` for a stratum 0 reference id that is no
/// defined kiss code (RFC 5905 section 7.4), else nothing.
struct UnknownCode(Stratum, ReferenceId);

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1.interpret(self.0) {
            kind @ crate::fields::ReferenceKind::UnknownCode(_) => write!(f, ", {kind}"),
            _ => Ok(()),
        }
    }
}

/// `a - b`, saturated to the range of a [`TimeDelta`] instead of wrapping.
fn saturating_difference(a: TimeDelta, b: TimeDelta) -> TimeDelta {
    TimeDelta::from_bits(a.to_bits().saturating_sub(b.to_bits()))
}
