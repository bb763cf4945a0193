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

#[test]
fn v5_constructor_and_texts() {
    assert_eq!(
        Error::v5(usize::MAX, V5Rule::DraftMissing),
        Error::V5 {
            offset: u32::MAX,
            rule: V5Rule::DraftMissing
        }
    );
    let t = |r: V5Rule| r.to_string();
    let padding = ExtensionFieldType::V5_PADDING;
    assert_eq!(
        Error::v5(0, V5Rule::Mode { mode: 1 }).to_string(),
        "invalid NTPv5 packet at offset 0: mode 1: NTPv5 has only request (3) and response (4) packets (draft-ietf-ntp-ntpv5-07 section 6)"
    );
    assert_eq!(
        t(V5Rule::Version { version: 4 }),
        "version 4 where an NTPv5 packet is needed (draft-ietf-ntp-ntpv5-07 section 6)"
    );
    assert_eq!(
        t(V5Rule::Unaligned { length: 77 }),
        "a packet of 77 octets; an NTPv5 packet is a multiple of 4 (draft-ietf-ntp-ntpv5-07 section 6)"
    );
    assert_eq!(
        t(V5Rule::UnknownTimescale { timescale: 4 }),
        "timescale 4 is none of 0 (UTC), 1 (TAI), 2 (UT1), 3 (leap-smeared UTC) (draft-ietf-ntp-ntpv5-07 section 6)"
    );
    assert_eq!(
        t(V5Rule::AfterMac { field_type: padding }),
        "a Padding (0xf501) field follows the MAC; only a Correction may (draft-ietf-ntp-ntpv5-07 sections 7.3, 7.6)"
    );
    assert_eq!(
        t(V5Rule::AfterCorrection {
            field_type: ExtensionFieldType::NTS_COOKIE
        }),
        "a NTS Cookie (0x0204) field follows the Correction, which must be last (draft-ietf-ntp-ntpv5-07 section 7.6)"
    );
    assert_eq!(
        t(V5Rule::FieldLength {
            field_type: ExtensionFieldType::V5_CORRECTION,
            length: 20,
            expected: 28
        }),
        "Correction (0xf506) field of length 20; it must be 28 (draft-ietf-ntp-ntpv5-07 section 7)"
    );
    assert_eq!(
        t(V5Rule::ValueTooShort {
            field_type: ExtensionFieldType::V5_MAC,
            length: 6,
            minimum: 8
        }),
        "Message Authentication Code (0xf502) field of length 6; its layout needs at least 8 (draft-ietf-ntp-ntpv5-07 section 7)"
    );
    assert_eq!(
        t(V5Rule::FieldTooLong { needed: 65_536 }),
        "an extension field of 65536 octets does not fit its 16-bit length"
    );
    assert_eq!(
        t(V5Rule::PaddingLength { length: 2 }),
        "a Padding of 2 octets cannot be written: it takes a multiple of 4, at least 4 (draft-ietf-ntp-ntpv5-07 sections 6, 7.2)"
    );
    assert_eq!(
        t(V5Rule::DraftMissing),
        "the request has no Draft Identification, which a draft server requires (draft-ietf-ntp-ntpv5-07 section 7.1)"
    );
    assert_eq!(
        t(V5Rule::DraftMismatch),
        "the request's Draft Identification is not the server's draft (draft-ietf-ntp-ntpv5-07 section 7.1)"
    );
    assert_eq!(
        t(V5Rule::DraftUnexpected),
        "a Draft Identification in a request of the final protocol (draft-ietf-ntp-ntpv5-07 section 7.1)"
    );
    assert_eq!(
        t(V5Rule::ChunkOutOfRange {
            offset: 500,
            length: 16
        }),
        "a chunk of 16 octets at offset 500 runs past the 512-octet Bloom filter (draft-ietf-ntp-ntpv5-07 section 7.4)"
    );
}
