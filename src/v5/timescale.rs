//! The timescale of an NTPv5 packet (draft-ietf-ntp-ntpv5-07 section 6).

use crate::wire::wire_enum;

wire_enum! {
    /// The 8-bit Timescale of an NTPv5 header, octet 12
    /// (draft-ietf-ntp-ntpv5-07 section 6): in a request the timescale the
    /// client asks for, in a response that of its receive and transmit
    /// timestamps. The Secondary Receive Timestamp field (section 7.9)
    /// names one the same way.
    ///
    /// A newtype that keeps any value: a strict reading
    /// ([`Packet::new_checked`](super::Packet::new_checked)) refuses values
    /// above 3 with [`V5Rule::UnknownTimescale`](crate::V5Rule::UnknownTimescale),
    /// as ntpd-rs does; a lenient one keeps them.
    ///
    /// ```
    /// use ntp_wire::v5::Timescale;
    ///
    /// assert_eq!(Timescale::TAI.to_string(), "TAI (1)");
    /// assert!(Timescale(3).is_known() && !Timescale(4).is_known());
    /// ```
    pub struct Timescale(u8) as "{}";
    /// 0: UTC, the default (leap seconds inserted as the UTC timescale
    /// has them; section 5: seconds since 1972 plus 2272060800).
    UTC = 0 => "UTC",
    /// 1: TAI (International Atomic Time, leap seconds included).
    TAI = 1 => "TAI",
    /// 2: UT1 (the Earth's rotation).
    UT1 = 2 => "UT1",
    /// 3: leap-smeared UTC (a leap second spread over some time; LI 0).
    LEAP_SMEARED_UTC = 3 => "leap-smeared UTC",
}

impl Timescale {
    /// `true` for the four timescales the draft defines (0 to 3).
    #[must_use]
    pub const fn is_known(self) -> bool {
        self.0 <= 3
    }
}
