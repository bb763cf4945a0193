//! Conversions across the era boundary, around 1970 and 1900, and the
//! precision each conversion keeps.

extern crate std;
use std::format;
use std::string::ToString;

use core::time::Duration;
use proptest::prelude::*;

use super::*;

/// 2036-02-07 06:28:16 UTC, the first second of era 1.
const ERA1_UNIX: i64 = 2_085_978_496;

#[test]
fn prime_epoch_and_unix_epoch() {
    // 1900-01-01 is wire value 0 in era 0; 1970 is 2208988800 s later.
    let unix_epoch = Timestamp::from_unix(UnixTime::EPOCH);
    assert_eq!(unix_epoch.seconds(), 2_208_988_800);
    assert_eq!(unix_epoch.fraction(), 0);
    assert_eq!(unix_epoch.to_unix(), UnixTime::EPOCH);
    let prime = DateTime::new(0, 0, 0);
    assert_eq!(
        prime.to_unix(),
        UnixTime {
            secs: -2_208_988_800,
            nanos: 0
        }
    );
    assert_eq!(prime.to_string(), "1900-01-01T00:00:00.000000000Z");
    assert_eq!(
        UnixTime::EPOCH.to_string(),
        "1970-01-01T00:00:00.000000000Z"
    );
    // Just before 1970: negative Unix seconds, positive nanos.
    let before = UnixTime::new(-1, 999_999_999);
    assert_eq!(Timestamp::from_unix(before).to_unix(), before);
    assert_eq!(before.to_string(), "1969-12-31T23:59:59.999999999Z");
}

#[test]
fn display_carries_excess_nanos() {
    // The fields are public, so nanos can be 1e9 or more; the date used to
    // print "00:00:00.1500000000Z".
    let t = UnixTime {
        secs: 0,
        nanos: 1_500_000_000,
    };
    assert_eq!(t.to_string(), "1970-01-01T00:00:01.500000000Z");
    let top = UnixTime {
        secs: i64::MAX,
        nanos: u32::MAX,
    };
    assert_eq!(top.to_string(), "292277026596-12-04T15:30:07.294967295Z");
}

#[test]
fn display_of_years_before_1() {
    // 0000-01-01 and the day before it; the sign used to eat a digit
    // ("-001-12-31").
    let year0 = UnixTime::new(-62_167_219_200, 0);
    assert_eq!(year0.to_string(), "0000-01-01T00:00:00.000000000Z");
    assert_eq!(
        UnixTime::new(year0.secs - 86_400, 0).to_string(),
        "-0001-12-31T00:00:00.000000000Z"
    );
    // Era -15 of the 128-bit date starts in 143 BC (astronomical -142).
    assert_eq!(
        DateTime::new(-15, 0, 0).to_string(),
        "-0142-06-20T22:56:00.000000000Z"
    );
    assert_eq!(
        DateTime::new(i32::MIN, 0, 0).to_string(),
        "-292277022657-01-27T08:29:52.000000000Z"
    );
}

#[test]
fn era_boundary_2036() {
    assert_eq!(Timestamp::ERA_1_START_UNIX_SECS, ERA1_UNIX);
    let last0 = UnixTime {
        secs: ERA1_UNIX - 1,
        nanos: 500_000_000,
    };
    let first1 = UnixTime {
        secs: ERA1_UNIX,
        nanos: 0,
    };
    let ts_last0 = Timestamp::from_unix(last0);
    let ts_first1 = Timestamp::from_unix(first1);
    assert_eq!(ts_last0.to_bits(), 0xffff_ffff_8000_0000);
    assert_eq!(ts_first1.to_bits(), 0);
    // The RFC 4330 window places both correctly.
    assert_eq!(ts_last0.to_unix(), last0);
    assert_eq!(ts_first1.to_unix(), first1);
    assert_eq!(first1.to_string(), "2036-02-07T06:28:16.000000000Z");
    // The difference wraps: half a second, not minus 136 years.
    assert_eq!((ts_first1 - ts_last0).to_bits(), 1 << 31);
    assert_eq!((ts_last0 - ts_first1).to_bits(), -(1 << 31));
    // The 128-bit date names the era.
    assert_eq!(DateTime::from_unix(first1), DateTime::new(1, 0, 0));
    assert_eq!(
        DateTime::from_unix(last0),
        DateTime::new(0, u32::MAX, 1 << 63)
    );
}

#[test]
fn rfc4330_window_edges() {
    // Top bit set: era 0, from 1968-01-20 03:14:08.
    let start = Timestamp::new(0x8000_0000, 0).to_unix();
    assert_eq!(start.to_string(), "1968-01-20T03:14:08.000000000Z");
    // Top bit clear: era 1, up to 2104-02-26 09:42:23.
    let end = Timestamp::new(0x7fff_ffff, 0).to_unix();
    assert_eq!(end.to_string(), "2104-02-26T09:42:23.000000000Z");
}

#[test]
fn to_unix_near_chooses_the_era_of_the_pivot() {
    let ts = Timestamp::new(10, 0); // 10 s into some era
                                    // Near 2036: era 1.
    assert_eq!(
        ts.to_unix_near(UnixTime::new(ERA1_UNIX, 0)).secs,
        ERA1_UNIX + 10
    );
    // Near 1900: era 0.
    assert_eq!(
        ts.to_unix_near(UnixTime::new(-2_208_988_800, 0)).secs,
        -2_208_988_790
    );
    // Near 2150 (beyond the RFC 4330 window): still era 1.
    let y2150 = UnixTime::new(5_680_281_600, 0);
    let late = Timestamp::from_unix(y2150);
    assert_eq!(late.to_unix_near(y2150), y2150);
    assert_ne!(late.to_unix(), y2150);
    // Era 2 starts 2^33 s after 1900.
    let era2 = (1i64 << 33) - NTP_TO_UNIX_SECONDS;
    assert_eq!(
        ts.to_unix_near(UnixTime::new(era2 + 100, 0)).secs,
        era2 + 10
    );
}

#[test]
fn date_time_from_timestamp_near() {
    let pivot = DateTime::from_unix(UnixTime::new(ERA1_UNIX - 5, 0));
    let after = DateTime::from_timestamp_near(Timestamp::new(3, 7 << 28), pivot);
    assert_eq!(after, DateTime::new(1, 3, 7 << 60));
    let before = DateTime::from_timestamp_near(Timestamp::new(u32::MAX - 2, 1 << 31), pivot);
    assert_eq!(before, DateTime::new(0, u32::MAX - 2, 1 << 63));
    assert_eq!(before.to_unix(), UnixTime::new(ERA1_UNIX - 3, 500_000_000));
    assert_eq!(DateTime::from_be_bytes(after.to_be_bytes()), after);
    assert_eq!(
        after.to_be_bytes(),
        [0, 0, 0, 1, 0, 0, 0, 3, 0x70, 0, 0, 0, 0, 0, 0, 0]
    );
    let neg = DateTime::new(-1, 5, 0);
    assert_eq!(DateTime::from_be_bytes(neg.to_be_bytes()), neg);
    assert_eq!(neg.seconds_since_1900(), -(1i64 << 32) + 5);
    assert_eq!(neg.to_string(), "1763-11-24T17:31:49.000000000Z");
}

#[test]
fn offset_arithmetic_straddles_the_era_boundary() {
    // Client clock 1.5 s behind the server; 20 ms each way; T1 just before
    // the boundary, the server's T2, T3 just after it.
    let t1 = Timestamp::from_unix(UnixTime::new(ERA1_UNIX - 1, 0));
    let t2 = Timestamp::from_unix(UnixTime::new(ERA1_UNIX, 520_000_000));
    let t3 = Timestamp::from_unix(UnixTime::new(ERA1_UNIX, 530_000_000));
    let t4 = Timestamp::from_unix(UnixTime::new(ERA1_UNIX - 1, 50_000_000));
    let offset = TimeDelta::midpoint(t2 - t1, t3 - t4);
    let delay = (t4 - t1).checked_sub(t3 - t2).unwrap();
    assert_eq!(offset.as_nanos(), 1_500_000_000);
    assert_eq!(delay.as_nanos(), 40_000_000);
    assert_eq!(offset.to_string(), "1.500000000 s");
    assert_eq!(TimeDelta::from_nanos(-1_500).to_string(), "-0.000001500 s");
}

#[test]
fn short_time_readings() {
    // NTPsec's root dispersion from the fixtures: 0x0001f295.
    let d = ShortTime::from_bits(0x0001_f295);
    assert_eq!(d.seconds(), 1);
    assert_eq!(d.fraction(), 0xf295);
    assert_eq!(d.to_duration(), Duration::new(1, 947_586_059));
    assert_eq!(d.to_string(), "1.947586 s");
    assert_eq!(format!("{d:?}"), "ShortTime(0x0001f295 = 1.947586 s)");
    // Top bit set: huge unsigned, negative as ntpd reads root delay.
    let neg = ShortTime::from_bits(0xffff_8000);
    assert_eq!(neg.to_duration(), Duration::new(65_535, 500_000_000));
    assert_eq!(neg.to_signed_nanos(), -500_000_000);
    assert_eq!(ShortTime::from_bits(0xffff_ffff).to_signed_nanos(), -15_259);
    assert_eq!(ShortTime::from_bits(1).to_signed_nanos(), 15_258);
    assert_eq!(
        ShortTime::from_bits(0x8000_0000).to_signed_nanos(),
        -32_768_000_000_000
    );
    assert_eq!(ShortTime::from_duration(Duration::from_secs(65_536)), None);
    assert_eq!(
        ShortTime::from_duration(Duration::new(65_535, 999_984_741)),
        Some(ShortTime::MAX)
    );
    assert_eq!(
        ShortTime::from_duration(Duration::from_nanos(1)),
        Some(ShortTime::from_bits(1))
    );
    assert_eq!(
        ShortTime::from_duration(Duration::ZERO),
        Some(ShortTime::ZERO)
    );
    assert_eq!(ShortTime::from_duration(Duration::MAX), None);
    // 999_999_999 ns rounds up to a whole second: the carry reaches the
    // seconds instead of overflowing the fraction.
    assert_eq!(
        ShortTime::from_duration(Duration::new(2, 999_999_999)),
        Some(ShortTime::new(3, 0))
    );
}

#[test]
fn delta_readings() {
    let d = TimeDelta::from_bits(-(3 << 32) - (1 << 31));
    assert_eq!(d.as_nanos(), -3_500_000_000);
    assert_eq!(d.abs_duration(), Duration::new(3, 500_000_000));
    assert!(d.is_negative());
    assert_eq!(d.as_secs_f64(), -3.5);
    assert_eq!(TimeDelta::from_secs(-2).to_bits(), -(2i64 << 32));
    assert_eq!(
        TimeDelta::from_bits(i64::MAX).checked_add(TimeDelta::from_bits(1)),
        None
    );
    assert_eq!(
        TimeDelta::midpoint(
            TimeDelta::from_bits(i64::MAX),
            TimeDelta::from_bits(i64::MAX)
        ),
        TimeDelta::from_bits(i64::MAX)
    );
}

#[test]
fn debug_prints_dates() {
    let ts = Timestamp::from_bits(0xeeb0_f290_77b8_37b6);
    assert_eq!(
        format!("{ts:?}"),
        "Timestamp(0xeeb0f290.77b837b6 = 2026-11-25T05:37:20.467654687Z)"
    );
    assert_eq!(format!("{:?}", Timestamp::ZERO), "Timestamp(0 = unset)");
    assert_eq!(Timestamp::ZERO.to_string(), "unset");
}

#[cfg(feature = "std")]
#[test]
fn system_time_round_trip() {
    use std::time::{SystemTime, UNIX_EPOCH};
    let t = UNIX_EPOCH + Duration::new(1_795_585_046, 473_765_253);
    let ts = Timestamp::from(t);
    assert_eq!(ts.to_system_time(), Some(t));
    let before = UNIX_EPOCH - Duration::new(10, 250_000_000);
    assert_eq!(UnixTime::from(before), UnixTime::new(-11, 750_000_000));
    assert_eq!(UnixTime::from(before).to_system_time(), Some(before));
    let after_2036 = UNIX_EPOCH + Duration::from_secs(ERA1_UNIX as u64 + 1);
    assert_eq!(Timestamp::from(after_2036).seconds(), 1);
    assert_eq!(
        Timestamp::from(after_2036).to_system_time(),
        Some(after_2036)
    );
    // now() reads the same clock as SystemTime::now(), era dropped.
    let before_now = Timestamp::from(SystemTime::now());
    let now = Timestamp::now();
    let after_now = Timestamp::from(SystemTime::now());
    assert!(!(now - before_now).is_negative());
    assert!(!(after_now - now).is_negative());
    assert!((after_now - before_now).abs_duration() < Duration::from_secs(5));
}

proptest! {
    #[test]
    fn nanos_survive_timestamp_round_trip(secs in -2_208_988_800i64..(ERA1_UNIX + (1 << 31) - 1), nanos in 0u32..1_000_000_000) {
        let t = UnixTime::new(secs, nanos);
        let ts = Timestamp::from_unix(t);
        prop_assert_eq!(ts.to_unix_near(t), t);
        if (-(1i64 << 31) + ERA1_UNIX..ERA1_UNIX + (1 << 31)).contains(&secs) {
            prop_assert_eq!(ts.to_unix(), t);
        }
    }

    #[test]
    fn fraction_moves_at_most_4_units(bits in any::<u64>()) {
        let ts = Timestamp::from_bits(bits);
        let back = Timestamp::from_unix(ts.to_unix());
        prop_assert_eq!(back.seconds(), ts.seconds());
        // Truncating to ns then rounding up: within one nanosecond, and
        // never above the original (the truncation loses, the ceiling
        // cannot win back more than it lost).
        let moved = i64::from(back.fraction()) - i64::from(ts.fraction());
        prop_assert!((-4..=0).contains(&moved), "moved {}", moved);
    }

    #[test]
    fn date_time_unix_round_trip_is_exact(secs in -(1i64 << 40)..(1i64 << 40), nanos in 0u32..1_000_000_000) {
        let t = UnixTime::new(secs, nanos);
        let d = DateTime::from_unix(t);
        prop_assert_eq!(d.to_unix(), t);
        // to_timestamp truncates the 64-bit fraction; from_unix rounds up.
        let (a, b) = (d.to_timestamp(), Timestamp::from_unix(t));
        prop_assert_eq!(a.seconds(), b.seconds());
        let gap = i64::from(b.fraction()) - i64::from(a.fraction());
        prop_assert!((0..=1).contains(&gap), "gap {}", gap);
        prop_assert_eq!(DateTime::from_timestamp_near(d.to_timestamp(), d).era, d.era);
    }

    #[test]
    fn short_time_duration_round_trip(bits in any::<u32>()) {
        let s = ShortTime::from_bits(bits);
        prop_assert_eq!(ShortTime::from_duration(s.to_duration()), Some(s));
    }

    #[test]
    fn duration_to_short_gains_under_one_unit(secs in 0u64..65_535, nanos in 0u32..1_000_000_000) {
        let d = Duration::new(secs, nanos);
        // Rounded up to the next 2^-16 s, then truncated to the ns: never
        // below d, and less than one unit (15258.8 ns) above it. (The old
        // `d - 1 ns` bound panicked for a zero duration.)
        let back = ShortTime::from_duration(d).unwrap().to_duration();
        prop_assert!(back >= d, "{:?} -> {:?}", d, back);
        prop_assert!(back - d < Duration::from_nanos(15_259), "{:?} -> {:?}", d, back);
    }

    #[test]
    fn to_unix_near_stays_near_any_pivot(pivot_secs in prop_oneof![any::<i64>(), i64::MIN..i64::MIN + (1 << 33), i64::MAX - (1 << 33)..=i64::MAX], pivot_nanos in 0u32..1_000_000_000, bits in any::<u64>()) {
        let pivot = UnixTime::new(pivot_secs, pivot_nanos);
        let ts = Timestamp::from_bits(bits);
        let r = ts.to_unix_near(pivot);
        prop_assert_eq!(r.nanos, ts.to_unix().nanos);
        let away = i128::from(r.secs) - i128::from(pivot.secs);
        prop_assert!((-(1i128 << 31) - 1..=1i128 << 31).contains(&away), "{:?} from {:?}", r, pivot);
        if r.secs != i64::MAX && r.secs != i64::MIN {
            prop_assert_eq!(Timestamp::from_unix(r).seconds(), ts.seconds());
        }
    }

    #[test]
    fn display_is_total(secs in any::<i64>(), nanos in any::<u32>(), era in any::<i32>(), off in any::<u32>(), frac in any::<u64>(), bits in any::<i64>()) {
        let t = UnixTime { secs, nanos };
        let text = t.to_string();
        prop_assert!(text.ends_with('Z'), "{}", text);
        // Exactly nine fraction digits, whatever nanos held.
        let dot = text.rfind('.').unwrap();
        prop_assert_eq!(text.len() - dot, 11, "{}", text);
        let d = DateTime::new(era, off, frac);
        prop_assert_eq!(d.to_string(), d.to_unix().to_string());
        let _ = format!("{:?} {:?}", d, Timestamp::from_bits(bits as u64));
        let _ = format!("{} {:?}", TimeDelta::from_bits(bits), ShortTime::from_bits(off));
    }

    #[test]
    fn wrapping_delta_matches_true_difference(a in -(1i64 << 34)..(1i64 << 34), d in -(1i64 << 31)+1..(1i64 << 31)) {
        let ta = Timestamp::from_unix(UnixTime::new(a, 0));
        let tb = Timestamp::from_unix(UnixTime::new(a + d, 0));
        prop_assert_eq!((tb - ta).to_bits(), d << 32);
        prop_assert_eq!(ta.wrapping_add(tb - ta), tb);
    }
}

#[test]
fn date_time_extremes_do_not_overflow() {
    let lowest = DateTime::new(i32::MIN, 0, 0);
    assert_eq!(lowest.to_unix().secs, i64::MIN);
    let highest = DateTime::new(i32::MAX, u32::MAX, u64::MAX);
    assert_eq!(highest.to_unix().secs, i64::MAX - NTP_TO_UNIX_SECONDS);
    assert_eq!(
        DateTime::from_unix(UnixTime::new(i64::MAX, 999_999_999)),
        DateTime::new(i32::MAX, u32::MAX, 0xffff_fffb_b47d_05f7)
    );
    // The last Unix second whose date is exact, and the first that
    // saturates onto the same date.
    let last_exact = UnixTime::new(i64::MAX - NTP_TO_UNIX_SECONDS, 0);
    assert_eq!(DateTime::from_unix(last_exact).to_unix(), last_exact);
    let first_saturated = UnixTime::new(i64::MAX - NTP_TO_UNIX_SECONDS + 1, 0);
    assert_eq!(
        DateTime::from_unix(first_saturated),
        DateTime::from_unix(last_exact)
    );
    // Era i32::MIN: its first 2208988800 s saturate at i64::MIN.
    assert_eq!(
        DateTime::new(i32::MIN, 2_208_988_799, 0).to_unix().secs,
        i64::MIN
    );
    assert_eq!(
        DateTime::new(i32::MIN, 2_208_988_800, 0).to_unix().secs,
        i64::MIN
    );
    assert_eq!(
        DateTime::new(i32::MIN, 2_208_988_801, 0).to_unix().secs,
        i64::MIN + 1
    );
    assert_eq!(
        DateTime::from_unix(UnixTime::new(i64::MIN, 0)).era,
        (i64::MIN + NTP_TO_UNIX_SECONDS).div_euclid(1 << 32) as i32
    );
    assert_eq!(
        DateTime::from_timestamp_near(Timestamp::new(5, 0), highest).era,
        i32::MAX
    );
}

#[test]
fn to_unix_near_saturates_at_the_ends_of_i64() {
    // The era after i64::MAX seconds does not fit: the answer stays at the
    // top end instead of wrapping round to i64::MIN (it used to).
    let top = UnixTime::new(i64::MAX, 0);
    let top_ts = Timestamp::from_unix(top);
    let later = top_ts.wrapping_add(TimeDelta::from_secs(10));
    assert_eq!(later.to_unix_near(top), UnixTime::new(i64::MAX, 0));
    let earlier = top_ts.wrapping_add(TimeDelta::from_secs(-10));
    assert_eq!(earlier.to_unix_near(top), UnixTime::new(i64::MAX - 10, 0));
    // Same at the bottom: before i64::MIN saturates there.
    let bottom = UnixTime::new(i64::MIN, 0);
    let bottom_ts = Timestamp::from_unix(bottom);
    let before = bottom_ts.wrapping_add(TimeDelta::from_secs(-10));
    assert_eq!(before.to_unix_near(bottom), UnixTime::new(i64::MIN, 0));
    let after = bottom_ts.wrapping_add(TimeDelta::from_secs(10));
    assert_eq!(after.to_unix_near(bottom), UnixTime::new(i64::MIN + 10, 0));
}

// ---------------------------------------------------------------------
// Lines the mutation run of src/time found unchecked (mutants.md).

/// The pivot's fraction counts when it sits a hair before an era
/// boundary: a timestamp 2^-32 s later is in the next era.
#[test]
fn from_timestamp_near_counts_the_pivot_fraction() {
    let pivot = DateTime::new(0, u32::MAX, 0xffff_ffff_0000_0000);
    assert_eq!(
        DateTime::from_timestamp_near(Timestamp::new(0, 0), pivot),
        DateTime::new(1, 0, 0)
    );
    // And a timestamp just before the pivot stays in its era.
    assert_eq!(
        DateTime::from_timestamp_near(Timestamp::new(u32::MAX, 0), pivot),
        DateTime::new(0, u32::MAX, 0)
    );
}

/// Below the first era the format can name, the era saturates at
/// `i32::MIN` (it never wraps to the far future).
#[test]
fn from_timestamp_near_saturates_below_the_first_era() {
    let pivot = DateTime::new(i32::MIN, 0, 0);
    let before = DateTime::from_timestamp_near(Timestamp::new(0xf000_0000, 0), pivot);
    assert_eq!(before, DateTime::new(i32::MIN, 0xf000_0000, 0));
    let pivot = DateTime::new(i32::MAX, u32::MAX, 0);
    let after = DateTime::from_timestamp_near(Timestamp::new(5, 0), pivot);
    assert_eq!(after, DateTime::new(i32::MAX, 5, 0));
}

#[test]
fn date_time_conversions_and_debug() {
    let unix = UnixTime::new(ERA1_UNIX + 3, 250_000_000);
    let date: DateTime = unix.into();
    assert_eq!(date, DateTime::new(1, 3, 1 << 62));
    let back: UnixTime = date.into();
    assert_eq!(back, unix);
    assert_eq!(
        format!("{date:?}"),
        "DateTime(era 1, 0x00000003.4000000000000000 = 2036-02-07T06:28:19.250000000Z)"
    );
}

#[test]
fn time_delta_rounding_sign_and_sums() {
    // from_nanos rounds to the nearest 2^-32 s, both ways from zero:
    // 3 ns is 12.88 units, -3 ns is -12.88.
    assert_eq!(TimeDelta::from_nanos(3).to_bits(), 13);
    assert_eq!(TimeDelta::from_nanos(-3).to_bits(), -13);
    // as_nanos rounds to the nearest nanosecond: -3 units is -0.698 ns.
    assert_eq!(TimeDelta::from_bits(-3).as_nanos(), -1);
    assert_eq!(TimeDelta::from_bits(3).as_nanos(), 1);
    assert_eq!(TimeDelta::from_bits(0).as_nanos(), 0);
    assert!(!TimeDelta::from_bits(0).is_negative());
    assert!(TimeDelta::from_bits(-1).is_negative());
    assert_eq!(
        TimeDelta::from_secs(2).checked_add(TimeDelta::from_secs(-3)),
        Some(TimeDelta::from_secs(-1))
    );
    assert_eq!(
        TimeDelta::from_bits(i64::MAX).checked_add(TimeDelta::from_bits(1)),
        None
    );
    assert_eq!(TimeDelta::from_bits(0).to_string(), "0.000000000 s");
    assert_eq!(
        format!("{:?}", TimeDelta::from_secs(-2)),
        "TimeDelta(-2.000000000 s)"
    );
}

#[test]
fn short_time_into_duration() {
    let d: Duration = ShortTime::from_bits(0x0001_8000).into();
    assert_eq!(d, Duration::from_millis(1500));
}

#[test]
fn with_era_keeps_the_fraction_in_the_high_bits() {
    assert_eq!(
        Timestamp::new(3, 0x4000_0001).with_era(2),
        DateTime::new(2, 3, 0x4000_0001_0000_0000)
    );
}

#[test]
fn time32_fields_and_conversions() {
    let t = Time32::from_bits(0x1800_0000);
    assert_eq!(
        (t.seconds(), t.fraction(), t.to_bits()),
        (1, 0x0800_0000, 0x1800_0000)
    );
    assert_eq!(t.to_duration(), Duration::from_millis(1500));
    assert_eq!(Duration::from(t), Duration::from_millis(1500));
    assert_eq!(t.as_secs_f64(), 1.5);
    assert_eq!(Time32::MAX.seconds(), 15);
    assert_eq!(Time32::MAX.fraction(), 0x0fff_ffff);
    // 16 s - 2^-28 s, truncated to the nanosecond.
    assert_eq!(Time32::MAX.to_duration(), Duration::new(15, 999_999_996));
    assert_eq!(Time32::MAX.as_secs_f64(), 16.0 - 1.0 / 268_435_456.0);
    assert_eq!(Time32::ZERO, Time32::default());
    // One unit is 3.725... ns: 1 ns rounds up to it, 3 ns too, 4 ns to two.
    assert_eq!(
        Time32::from_duration(Duration::from_nanos(1)),
        Some(Time32::from_bits(1))
    );
    assert_eq!(
        Time32::from_duration(Duration::from_nanos(3)),
        Some(Time32::from_bits(1))
    );
    assert_eq!(
        Time32::from_duration(Duration::from_nanos(4)),
        Some(Time32::from_bits(2))
    );
    assert_eq!(Time32::from_duration(Duration::ZERO), Some(Time32::ZERO));
    assert_eq!(
        Time32::from_duration(Duration::new(15, 999_999_996)),
        Some(Time32::MAX)
    );
    assert_eq!(Time32::from_duration(Duration::new(15, 999_999_997)), None);
    assert_eq!(Time32::from_duration(Duration::from_secs(16)), None);
    assert_eq!(Time32::from_duration(Duration::MAX), None);
    assert_eq!(
        Time32::saturating_from_duration(Duration::from_secs(16)),
        Time32::MAX
    );
    assert_eq!(
        Time32::saturating_from_duration(Duration::from_millis(1500)),
        t
    );
}

#[test]
fn time32_and_short_time() {
    // 1.5 s in 16.16 is 0x00018000.
    let t = Time32::from_bits(0x1800_0000);
    assert_eq!(t.to_short_time(), ShortTime::from_bits(0x0001_8000));
    assert_eq!(
        Time32::from_short_time(ShortTime::from_bits(0x0001_8000)),
        Some(t)
    );
    // The fraction below 2^-16 s is dropped.
    assert_eq!(
        Time32::from_bits(0x1800_0fff).to_short_time(),
        ShortTime::from_bits(0x0001_8000)
    );
    assert_eq!(
        Time32::MAX.to_short_time(),
        ShortTime::from_bits(0x000f_ffff)
    );
    assert_eq!(
        Time32::from_short_time(ShortTime::from_bits(0x000f_ffff)),
        Some(Time32::from_bits(0xffff_f000))
    );
    assert_eq!(
        Time32::from_short_time(ShortTime::from_bits(0x0010_0000)),
        None
    );
    assert_eq!(Time32::from_short_time(ShortTime::MAX), None);
}

#[test]
fn time32_text() {
    assert_eq!(Time32::from_bits(0x1800_0000).to_string(), "1.500000000 s");
    assert_eq!(Time32::from_bits(1).to_string(), "0.000000003 s");
    assert_eq!(
        format!("{:?}", Time32::from_bits(0x1800_0000)),
        "Time32(0x18000000 = 1.500000000 s)"
    );
    assert_eq!(Time32::MAX.to_string(), "15.999999996 s");
}

proptest! {
    #[test]
    fn time32_round_trips(bits in any::<u32>()) {
        let t = Time32::from_bits(bits);
        prop_assert_eq!(Time32::from_duration(t.to_duration()), Some(t));
        prop_assert_eq!(Time32::from_short_time(t.to_short_time()).map(|x| x.to_bits()), Some(bits & !0xfff));
        prop_assert_eq!(u32::from(t.seconds()) << 28 | t.fraction(), bits);
    }
}
