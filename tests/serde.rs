//! The owned types through serde (feature `serde`): a header survives a
//! JSON round trip, and the JSON shape is the plain one users get.
#![cfg(feature = "serde")]

mod common;

use ntp_wire::{DateTime, Header, KissCode, Mode, ReferenceId, Timestamp, UnixTime, Version};

#[test]
fn header_json_round_trip() {
    for name in [
        "chrony-server-mode4-response",
        "ntpsec-kod-rate-response",
        "handcrafted-mode1-request",
    ] {
        let h = Header::from_bytes(&common::fixture(name)).unwrap();
        let json = serde_json::to_string(&h).unwrap();
        let back: Header = serde_json::from_str(&json).unwrap();
        assert_eq!(back, h, "{name}: {json}");
    }
}

#[test]
fn json_shape() {
    let h = Header {
        transmit_timestamp: Timestamp::from_bits(0x0102_0304_0506_0708),
        reference_id: ReferenceId::from_kiss(KissCode::RATE),
        ..Header::new(ntp_wire::Version::V3, Mode::Client)
    };
    let v: serde_json::Value = serde_json::to_value(h).unwrap();
    assert_eq!(v["mode"], "Client");
    assert_eq!(v["version"], 3);
    assert_eq!(v["leap"], "NoWarning");
    assert_eq!(v["transmit_timestamp"], 0x0102_0304_0506_0708u64);
    assert_eq!(v["reference_id"], serde_json::json!([82, 65, 84, 69]));
    let d = DateTime::from_unix(UnixTime::new(2_085_978_496, 0));
    assert_eq!(
        serde_json::to_value(d).unwrap(),
        serde_json::json!({"era": 1, "era_offset": 0, "fraction": 0})
    );
}

#[test]
fn version_deserializes_only_3_bit_values() {
    // Every 3-bit value, including those the parser refuses, round-trips.
    for bits in 0u8..8 {
        let v: Version = serde_json::from_str(&bits.to_string()).unwrap();
        assert_eq!(v, Version::from_bits(bits));
    }
    // 8 and up cannot be on the wire: they used to deserialize, print as
    // "NTPv200" and emit as a different version.
    for text in ["8", "200", "255"] {
        let err = serde_json::from_str::<Version>(text).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid value: integer `{text}`, expected an NTP version number from 0 to 7")
        );
    }
    let mut json = serde_json::to_value(Header::new(Version::V4, Mode::Client)).unwrap();
    json["version"] = serde_json::json!(12);
    assert!(serde_json::from_value::<Header>(json).is_err());
}
