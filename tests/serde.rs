//! The owned types through serde (feature `serde`): a header survives a
//! JSON round trip, and the JSON shape is the plain one users get.
#![cfg(feature = "serde")]

mod common;

use ntp_wire::{DateTime, Header, KissCode, Mode, ReferenceId, Timestamp, UnixTime};

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
