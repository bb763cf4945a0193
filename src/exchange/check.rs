//! Response checks: a reply turned into a time sample or a reason
//! (RFC 5905 section 8 and appendix A.5.1.1; RFC 4330 section 5).

use core::fmt;
use core::time::Duration;

use super::ExpectedReply;
use crate::fields::{KissCode, LeapIndicator, Mode, Precision, ReferenceId, Stratum, Version};
use crate::header::Header;
use crate::time::{TimeDelta, Timestamp};
use crate::Error;

/// RFC 5905's MAXDIST: a reply whose root distance exceeds 1.5 s is not
/// used (section 11.2.1, appendix A.1.1).
pub const MAX_DISTANCE: Duration = Duration::from_millis(1500);

/// RFC 5905's MINDISP (appendix A.1.1): the smallest delay term of the
/// root distance, 0.01 s.
const MIN_DISPERSION: f64 = 0.01;

/// RFC 5905's PHI (appendix A.1.1): the frequency tolerance, 15 ppm.
const PHI: f64 = 15e-6;

/// A timestamp of a reply that must not be zero.
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

/// Why a reply gives no time sample.
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

    /// An interleaved reply (RFC 9769, chrony's `xleave`): its origin is
    /// the request's receive timestamp, and its transmit timestamp belongs
    /// to the server's previous reply. Not bogus, but not a basic sample:
    /// the offset needs the timestamps of the previous exchange.
    #[error("interleaved reply (RFC 9769): origin {origin:?} is the request's receive timestamp; its transmit timestamp belongs to the previous exchange")]
    Interleaved {
        /// The reply's origin timestamp.
        origin: Timestamp,
    },

    /// A timestamp that every usable reply sets is zero.
    #[error("reply has a zero {0} timestamp")]
    ZeroTimestamp(TimestampField),

    /// A kiss-o'-death (stratum 0, RFC 5905 section 7.4). RATE: poll less
    /// often; DENY and RSTR: stop sending to this server.
    #[error("kiss-o'-death {0}: {meaning}", meaning = .0.description().unwrap_or("unknown kiss code"))]
    KissOfDeath(KissCode),

    /// The server is not synchronized: leap indicator 3, stratum 16 or
    /// above, or stratum 0 with reference id INIT (ntpd and NTPsec before
    /// their first synchronization).
    #[error("server unsynchronized: leap {}, stratum {}", .leap.to_bits(), .stratum.0)]
    Unsynchronized {
        /// The reply's leap indicator.
        leap: LeapIndicator,
        /// The reply's stratum.
        stratum: Stratum,
        /// The reply's reference id (`INIT` at stratum 0).
        reference_id: ReferenceId,
    },

    /// The root distance (the bound on the error of the server's time, seen
    /// from here) exceeds the limit (RFC 5905 section 11.2.1).
    #[error("root distance {distance:?} exceeds the limit of {limit:?}")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sample {
    /// Offset of the server's clock from ours, θ = ((T2 - T1) + (T3 - T4)) / 2:
    /// positive when the server is ahead.
    pub offset: TimeDelta,
    /// Round-trip delay, δ = (T4 - T1) - (T3 - T2), as measured (negative
    /// only if a clock misbehaved), saturated at the range of a
    /// [`TimeDelta`] (about ±68 years) rather than wrapped.
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
    /// T1: when the request left (the caller's clock).
    pub t1: Timestamp,
    /// T2: when the request arrived (the server's receive timestamp).
    pub t2: Timestamp,
    /// T3: when the reply left (the server's transmit timestamp).
    pub t3: Timestamp,
    /// T4: when the reply arrived (the caller's clock).
    pub t4: Timestamp,
    /// The reply's header: leap, stratum, reference and the rest.
    pub reply: Header,
}

impl fmt::Display for Sample {
    /// `offset -0.000001429 s, delay 0.000002851 s, root distance 5.000969ms,
    /// stratum 8, upstream 127.127.1.1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.offset.is_negative() { "" } else { "+" };
        write!(
            f,
            "offset {sign}{}, delay {}, root distance {:?}, stratum {}, {}",
            self.offset,
            self.delay,
            self.root_distance,
            self.reply.stratum.0,
            self.reply.reference_id.interpret(self.reply.stratum)
        )
    }
}

/// A usable broadcast (mode 5): the offset from the server's transmit
/// timestamp and an assumed one-way delay (RFC 5905 section 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BroadcastSample {
    /// θ = T3 + one-way delay - T4.
    pub offset: TimeDelta,
    /// Root distance, λ = (root delay + 2 × one-way delay) / 2 + root
    /// dispersion + 2^precision(server) + 2^precision(client).
    pub root_distance: Duration,
    /// T3: when the broadcast left (its transmit timestamp).
    pub t3: Timestamp,
    /// T4: when it arrived (the caller's clock).
    pub t4: Timestamp,
    /// The broadcast's header.
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
/// 3. same version ([`Rejection::VersionMismatch`]);
/// 4. origin = the request's transmit timestamp: else
///    [`ZeroTimestamp(Origin)`](TimestampField::Origin) if zero,
///    [`Rejection::Interleaved`] if it equals the request's non-zero
///    receive timestamp, [`Rejection::Bogus`] otherwise. This comes before
///    the kiss test, so a forged kiss-o'-death is bogus, not obeyed;
/// 5. stratum 0: [`Rejection::Unsynchronized`] for `INIT`,
///    [`Rejection::KissOfDeath`] for any other code;
/// 6. leap 3 or stratum 16 and above: [`Rejection::Unsynchronized`];
/// 7. receive and transmit timestamps non-zero ([`Rejection::ZeroTimestamp`]);
/// 8. root distance within [`ResponseCheck::max_root_distance`]
///    ([`Rejection::RootDistance`]).
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
/// let request = client_request(Version::V4, t1);
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
}

impl Default for ResponseCheck {
    fn default() -> ResponseCheck {
        ResponseCheck::new()
    }
}

impl ResponseCheck {
    /// RFC 5905's limits: root distance at most [`MAX_DISTANCE`] (1.5 s),
    /// client precision 2^-20 s (about 1 µs, a typical software clock).
    #[must_use]
    pub const fn new() -> ResponseCheck {
        ResponseCheck {
            max_root_distance: MAX_DISTANCE,
            client_precision: Precision(-20),
        }
    }

    /// The largest root distance accepted. A server on an undisciplined
    /// local clock (NTPsec's `refclock local`) reports about 2 s of root
    /// dispersion and needs a larger limit than RFC 5905's 1.5 s.
    #[must_use]
    pub const fn max_root_distance(mut self, limit: Duration) -> ResponseCheck {
        self.max_root_distance = limit;
        self
    }

    /// The precision of the caller's clock, which T1 and T4 come from.
    #[must_use]
    pub const fn client_precision(mut self, precision: Precision) -> ResponseCheck {
        self.client_precision = precision;
        self
    }

    /// Checks `reply` (the received octets: a 48-octet header, and any
    /// trailer after it, which is not looked at) against `request` (the
    /// header sent), `t1` (when the request really left; its transmit
    /// timestamp may be random) and `t4` (when the reply arrived). See the
    /// type's documentation for the order of the tests.
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

    /// [`ResponseCheck::check`] for a reply already parsed.
    pub fn check_header(
        &self,
        request: &Header,
        t1: Timestamp,
        reply: &Header,
        t4: Timestamp,
    ) -> Result<Sample, Rejection> {
        if !ExpectedReply::to(request.mode).allows(reply.mode) {
            return Err(Rejection::WrongMode {
                request: request.mode,
                reply: reply.mode,
            });
        }
        if reply.version != request.version {
            return Err(Rejection::VersionMismatch {
                request: request.version,
                reply: reply.version,
            });
        }
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

        // RFC 5905 section 8: each difference of two timestamps wraps
        // (section 6); combining two of them must not wrap again, so the
        // offset is halved in 128 bits and the delay saturates.
        let offset = TimeDelta::midpoint(t2 - t1, t3 - t4);
        let delay = saturating_difference(t4 - t1, t3 - t2);

        let client_precision = self.client_precision.as_secs_f64();
        let dispersion = reply.precision.as_secs_f64()
            + client_precision
            + PHI * (t4 - t1).as_secs_f64().max(0.0);
        // The delay by its magnitude, as chrony takes it: RFC 5905's
        // packet() clamps a negative δ up to the precision, which would
        // give a reply whose timestamps contradict each other by seconds
        // the error bound of a perfect one.
        let delay_secs = abs_secs(delay);
        let delay_term = (reply.root_delay.as_secs_f64() + delay_secs.max(client_precision))
            .max(MIN_DISPERSION)
            / 2.0;
        let root_distance = delay_term + reply.root_dispersion.as_secs_f64() + dispersion;
        let root_distance = self.within_limit(root_distance)?;
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
    /// from the server (ntpd's `broadcastdelay`, 4 ms by default).
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
        let offset = t3.wrapping_add(one_way_delay) - t4;
        let one_way = abs_secs(one_way_delay);
        let root_distance = (packet.root_delay.as_secs_f64() + 2.0 * one_way) / 2.0
            + packet.root_dispersion.as_secs_f64()
            + packet.precision.as_secs_f64()
            + self.client_precision.as_secs_f64();
        let root_distance = self.within_limit(root_distance)?;
        Ok(BroadcastSample {
            offset,
            root_distance,
            t3,
            t4,
            packet,
        })
    }

    fn within_limit(&self, seconds: f64) -> Result<Duration, Rejection> {
        let distance = duration(seconds);
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
fn check_server(reply: &Header) -> Result<(), Rejection> {
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
fn check_stratum(reply: &Header) -> Result<(), Rejection> {
    let unsynchronized = Rejection::Unsynchronized {
        leap: reply.leap,
        stratum: reply.stratum,
        reference_id: reply.reference_id,
    };
    if let Some(code) = reply.reference_id.kiss_code(reply.stratum) {
        if code == KissCode::INIT {
            return Err(unsynchronized);
        }
        return Err(Rejection::KissOfDeath(code));
    }
    if reply.leap == LeapIndicator::Unsynchronized || reply.stratum.0 >= Stratum::UNSYNCHRONIZED.0 {
        return Err(unsynchronized);
    }
    Ok(())
}

/// The magnitude of `delta` in seconds, to the full precision of
/// [`TimeDelta::as_secs_f64`] (`f64::abs` is not in `core` before Rust
/// 1.85; the MSRV is older).
fn abs_secs(delta: TimeDelta) -> f64 {
    let secs = delta.as_secs_f64();
    if secs < 0.0 {
        -secs
    } else {
        secs
    }
}

/// `a - b`, saturated to the range of a [`TimeDelta`] instead of wrapping.
fn saturating_difference(a: TimeDelta, b: TimeDelta) -> TimeDelta {
    TimeDelta::from_bits(a.to_bits().saturating_sub(b.to_bits()))
}

/// Seconds as a `Duration`, saturating (never panics on NaN or overflow).
fn duration(seconds: f64) -> Duration {
    Duration::try_from_secs_f64(seconds).unwrap_or(if seconds > 0.0 {
        Duration::MAX
    } else {
        Duration::ZERO
    })
}
