//! The sizes the hot paths rely on, and the texts people read.

extern crate std;
use std::string::ToString;

use super::*;
use crate::fields::ExtensionFieldType;

#[test]
fn constructors_saturate() {
    assert_eq!(
        Error::truncated(48, 3),
        Error::Truncated {
            needed: 48,
            available: 3
        }
    );
    assert_eq!(
        Error::buffer_too_small(usize::MAX, 7),
        Error::BufferTooSmall {
            needed: u32::MAX,
            available: 7
        }
    );
    assert_eq!(
        Error::trailer(usize::MAX, TrailerRule::AfterMac),
        Error::Trailer {
            offset: u32::MAX,
            rule: TrailerRule::AfterMac
        }
    );
    assert_eq!(
        Error::nts_ke(5, NtsKeRule::EndOfMessage),
        Error::NtsKe {
            offset: 5,
            rule: NtsKeRule::EndOfMessage
        }
    );
}

#[test]
fn texts() {
    let t = |e: Error| e.to_string();
    assert_eq!(
        t(Error::BadVersion { version: 7 }),
        "unsupported NTP version 7: NTP versions are 1 to 5"
    );
    assert_eq!(
        t(Error::trailer(
            60,
            TrailerRule::FieldTooShort {
                length: 8,
                minimum: 16
            }
        )),
        "invalid trailer at offset 60: extension field length 8 is below the minimum of 16 (RFC 7822 section 3)"
    );
    assert_eq!(
        TrailerRule::FieldTooShort {
            length: 2,
            minimum: 4
        }
        .to_string(),
        "extension field length 2 is below the minimum of 4"
    );
    assert_eq!(
        TrailerRule::MacLength {
            length: 28,
            version: 4
        }
        .to_string(),
        "a 28-octet MAC matches no algorithm: version 4 takes 20 or 24 (RFC 5905 section 7.5, RFC 8573)"
    );
    assert_eq!(
        TrailerRule::MacLength {
            length: 40,
            version: 3
        }
        .to_string(),
        "a 40-octet authenticator matches no algorithm: versions 1 to 3 take 4 (crypto-NAK), 12, 20, 24, 28, 32, 36, 52, 68 or 72"
    );
    assert_eq!(
        TrailerRule::FieldBodyTooShort {
            field_type: ExtensionFieldType::NTS_UNIQUE_IDENTIFIER,
            body_len: 12,
            minimum: 32
        }
        .to_string(),
        "Unique Identifier (0x0104) body of 12 octets; at least 32 are required"
    );
    assert_eq!(
        t(Error::nts_ke(
            9,
            NtsKeRule::CriticalBit {
                record_type: 5,
                critical: true
            }
        )),
        "invalid NTS-KE message at offset 9: record type 5 must have its critical bit clear (RFC 8915 section 4.1)"
    );
}
