//! Proleptic Gregorian calendar arithmetic for printing UTC dates.
//!
//! `core` has no calendar, and pulling in a date crate only to print a
//! timestamp would be out of proportion. These are the classic day-count
//! conversions (days since 1970-01-01 to year, month, day and back), valid for
//! every `i64` second count the crate produces, i.e. far beyond NTP's eras.

use core::fmt;

/// Seconds in a civil day (UTC has no leap seconds in its count).
const SECS_PER_DAY: i64 = 86_400;

/// Days from 0000-03-01 to 1970-01-01 in the proleptic Gregorian calendar.
const DAYS_0000_03_01_TO_UNIX: i64 = 719_468;

/// Days in a 400-year Gregorian cycle.
const DAYS_PER_ERA: i64 = 146_097;

/// The civil date of `days` after 1970-01-01: (year, month 1-12, day 1-31).
pub(crate) fn date_from_days(days: i64) -> (i64, u8, u8) {
    // Shift to an epoch of 0000-03-01 so that the leap day ends each year.
    let z = days + DAYS_0000_03_01_TO_UNIX;
    let era = z.div_euclid(DAYS_PER_ERA);
    let day_of_era = z.rem_euclid(DAYS_PER_ERA); // 0..=146096
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // 0 = March
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // month is 1..=12 and day 1..=31 by construction.
    (year, month as u8, day as u8)
}

/// Days from 1970-01-01 to the civil date given (month 1-12, day 1-31).
#[cfg(test)]
pub(crate) fn days_from_date(year: i64, month: u8, day: u8) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month = i64::from(month);
    let month_from_march = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * DAYS_PER_ERA + day_of_era - DAYS_0000_03_01_TO_UNIX
}

/// Writes `secs` (since 1970-01-01 UTC) and `nanos` as
/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`. Years before 1 (astronomical
/// numbering, year 0 is 1 BC) get a minus sign ahead of at least four
/// digits, as ISO 8601's expanded years: `-0001`, not `-001`.
pub(crate) fn write_utc(f: &mut fmt::Formatter<'_>, secs: i64, nanos: u32) -> fmt::Result {
    let days = secs.div_euclid(SECS_PER_DAY);
    let sec_of_day = secs.rem_euclid(SECS_PER_DAY);
    let (year, month, day) = date_from_days(days);
    let sign = if year < 0 { "-" } else { "" };
    let year = year.unsigned_abs();
    write!(
        f,
        "{sign}{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
        sec_of_day / 3600,
        sec_of_day / 60 % 60,
        sec_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(date_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_date(1900, 1, 1), -25_567);
        assert_eq!(date_from_days(-25_567), (1900, 1, 1));
        // NTP era 1 begins 2036-02-07 (2^32 s after 1900).
        assert_eq!(
            days_from_date(2036, 2, 7) * SECS_PER_DAY + 6 * 3600 + 28 * 60 + 16,
            4_294_967_296 - 2_208_988_800
        );
        assert_eq!(date_from_days(days_from_date(2000, 2, 29)), (2000, 2, 29));
        assert_eq!(
            date_from_days(days_from_date(2100, 3, 1) - 1),
            (2100, 2, 28)
        );
    }

    #[test]
    fn round_trip_over_many_years() {
        let mut d = days_from_date(1600, 1, 1);
        let end = days_from_date(2500, 1, 1);
        let mut prev = date_from_days(d - 1);
        while d < end {
            let ymd = date_from_days(d);
            assert_eq!(days_from_date(ymd.0, ymd.1, ymd.2), d);
            assert!(ymd > prev, "dates must increase: {prev:?} then {ymd:?}");
            prev = ymd;
            d += 1;
        }
    }
}
