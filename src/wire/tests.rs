//! The shared helpers, and the macro on a small enum of its own.

extern crate std;
use std::format;

use super::*;

wire_enum! {
    /// A test enum.
    pub(crate) struct Colour(u8) as "{}";
    /// Red.
    RED = 1 => "red",
    /// Green.
    GREEN = 2 => "green",
}

const fn odd_name(c: Wide) -> Option<&'static str> {
    if c.0 % 2 == 1 {
        Some("odd")
    } else {
        None
    }
}

wire_enum! {
    /// With a fallback for unlisted values, written in hex.
    pub(crate) struct Wide(u16) as "{:#06x}", else odd_name;
    /// Two.
    TWO = 2 => "two",
}

#[test]
fn named_and_unknown_values() {
    assert_eq!(Colour::RED, Colour(1));
    assert_eq!(Colour::GREEN.name(), Some("green"));
    assert_eq!(Colour(9).name(), None);
    assert_eq!(format!("{:?}", Colour::RED), "Colour::RED");
    assert_eq!(format!("{:?}", Colour(9)), "Colour(9)");
    assert_eq!(format!("{}", Colour::GREEN), "green (2)");
    assert_eq!(format!("{}", Colour(0)), "0");
    assert_eq!(u8::from(Colour::from(7)), 7);
    assert_eq!(Colour::default(), Colour(0));
    assert!(Colour::RED < Colour::GREEN);
}

#[test]
fn fallback_and_format() {
    assert_eq!(Wide::TWO.name(), Some("two"));
    assert_eq!(Wide(3).name(), Some("odd"));
    assert_eq!(Wide(4).name(), None);
    assert_eq!(format!("{}", Wide(3)), "odd (0x0003)");
    assert_eq!(format!("{}", Wide(4)), "0x0004");
    assert_eq!(format!("{:?}", Wide(3)), "Wide(0x0003)");
    assert_eq!(format!("{:?}", Wide::TWO), "Wide::TWO");
}

#[test]
fn padding_and_lengths() {
    assert_eq!([pad4(0), pad4(1), pad4(4), pad4(5)], [0, 4, 4, 8]);
    assert_eq!(pad4(usize::MAX), usize::MAX & !3);
    assert_eq!(pad4(usize::MAX - 3), usize::MAX & !3);
    assert_eq!(checked_pad4(usize::MAX - 2), None);
    assert_eq!(checked_pad4(usize::MAX - 3), Some(usize::MAX & !3));
    assert_eq!(checked_pad4(13), Some(16));
    assert_eq!(to_u32(7), 7);
    assert_eq!(
        (to_u16(65_535), to_u16(65_536), to_u16(usize::MAX)),
        (65_535, 65_535, 65_535)
    );
    assert_eq!(to_u32(u32::MAX as usize), u32::MAX);
    #[cfg(target_pointer_width = "64")]
    assert_eq!(to_u32(u32::MAX as usize + 1), u32::MAX);
}

#[test]
fn big_endian_and_spans() {
    let data = [1u8, 2, 3, 4, 5, 6, 7, 8, 9];
    assert_eq!(be_u16(&data, 1..3), 0x0203);
    assert_eq!(be_u32(&data, 0..4), 0x0102_0304);
    assert_eq!(be_u64(&data, 1..9), 0x0203_0405_0607_0809);
    let s = Span::new(&data[2..6], 10);
    assert_eq!((s.offset(), s.len(), s.range()), (10, 4, 10..14));
    assert_eq!(s.range_from(1), 11..14);
    assert_eq!(s.bytes(), &[3, 4, 5, 6]);
}
