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

/// Every trailer rule as a person reads it (the capture tool
/// prints these after "invalid trailer at offset N: ").
#[test]
fn every_trailer_rule_text() {
    use TrailerRule::*;
    let cookie = ExtensionFieldType::NTS_COOKIE;
    let cases: [(TrailerRule, &str); 26] = [
        (PacketTooLong, "the packet is longer than 4 GiB, which no UDP datagram can be"),
        (Unaligned { trailer_len: 6 }, "6 octets follow the header; an NTPv4 trailer is a multiple of 4 (RFC 7822 section 3)"),
        (FieldHeaderTruncated { available: 3 }, "only 3 octets left, an extension field header needs 4"),
        (FieldTooShort { length: 12, minimum: 16 }, "extension field length 12 is below the minimum of 16 (RFC 7822 section 3)"),
        (FieldTooShort { length: 2, minimum: 4 }, "extension field length 2 is below the minimum of 4"),
        (FieldPastEnd { length: 40, available: 36 }, "extension field length 40 runs past the packet: 36 octets left"),
        (FieldNotAligned { length: 18 }, "extension field length 18 is not a multiple of 4 (RFC 7822 section 3)"),
        (LastFieldTooShort { length: 24 }, "last extension field is 24 octets without a MAC; it must be at least 28 (RFC 7822 section 3, updating RFC 5905 section 7.5)"),
        (MacLength { length: 28, version: 4 }, "a 28-octet MAC matches no algorithm: version 4 takes 20 or 24 (RFC 5905 section 7.5, RFC 8573)"),
        (MacLength { length: 16, version: 3 }, "a 16-octet authenticator matches no algorithm: versions 1 to 3 take 4 (crypto-NAK), 12, 20, 24, 28, 32, 36, 52, 68 or 72"),
        (AfterMac, "nothing may follow the MAC or crypto-NAK (RFC 5905 section 7.5)"),
        (CryptoNakNotAlone, "a crypto-NAK is the whole trailer; it cannot follow extension fields (RFC 5905 section 7.5)"),
        (FieldLengthRequest { length: 10, minimum: 16 }, "field length 10 asked for; it must be a multiple of 4 and at least 16"),
        (FieldBeforeVersion4, "extension fields need version 4; set the header's version first"),
        (FieldTooLong { needed: 70_000 }, "an extension field of 70000 octets does not fit its 16-bit length"),
        (FieldMissing { field_type: cookie }, "no NTS Cookie (0x0204) field, which this message needs"),
        (FieldRepeated { field_type: cookie }, "a second NTS Cookie (0x0204) field, where one is allowed"),
        (FieldUnexpected { field_type: cookie }, "the NTS Cookie (0x0204) field is not allowed here"),
        (FieldNotLast { field_type: cookie }, "something follows the NTS Cookie (0x0204) field, which must be the last item"),
        (FieldBodyTooShort { field_type: cookie, body_len: 8, minimum: 16 }, "NTS Cookie (0x0204) body of 8 octets; at least 16 are required"),
        (FieldLength { field_type: cookie, length: 20, expected: 28 }, "NTS Cookie (0x0204) field of 20 octets; it must be 28"),
        (NtsPlaceholderSize { cookie: 104, placeholder: 100 }, "cookie placeholder of 100 octets, the cookie field has 104; they must be equal (RFC 8915 section 5.5)"),
        (NtsLengthsPastBody { nonce_len: 16, ciphertext_len: 200, available: 40 }, "nonce length 16 and ciphertext length 200, padded, exceed the 40 octets of the NTS Authenticator body"),
        (AutokeyValueLength { length: 999 }, "Autokey value length 999 runs past the field (RFC 5906 section 10)"),
        (AutokeySignatureLength { length: 77 }, "Autokey signature length 77 runs past the field (RFC 5906 section 10)"),
        (MsSntpLength { length: 36 }, "an MS-SNTP authenticator is 20 or 72 octets, not 36 ([MS-SNTP] section 2.2)"),
    ];
    for (rule, text) in cases {
        assert_eq!(rule.to_string(), text, "{rule:?}");
    }
}

#[test]
fn every_nts_ke_rule_text() {
    use NtsKeRule::*;
    let cases: [(NtsKeRule, &str); 8] = [
        (StreamTooLong, "the record stream is longer than 4 GiB"),
        (HeaderTruncated { available: 2 }, "only 2 octets left, a record header needs 4 (RFC 8915 section 4)"),
        (RecordPastEnd { body_len: 9, available: 4 }, "record body length 9 runs past the data: 4 octets left"),
        (BodyLength { record_type: 7, body_len: 3 }, "record type 7 cannot have a 3-octet body (RFC 8915 section 4.1)"),
        (EndOfMessage, "a message ends with exactly one critical End of Message record (RFC 8915 section 4.1.1)"),
        (CriticalBit { record_type: 0, critical: false }, "record type 0 must have its critical bit set (RFC 8915 section 4.1)"),
        (CriticalBit { record_type: 5, critical: true }, "record type 5 must have its critical bit clear (RFC 8915 section 4.1)"),
        (RecordTooLong { body_len: 70_000 }, "a record body of 70000 octets does not fit its 16-bit length"),
    ];
    for (rule, text) in cases {
        assert_eq!(rule.to_string(), text, "{rule:?}");
    }
}

#[test]
fn every_private_rule_text() {
    use PrivateRule::*;
    let cases: [(PrivateRule, &str); 19] = [
        (NotPrivate { octet0: 0x1e }, "octet 0 0x1e is version 3, mode 6; a private message is mode 7 at versions 1 to 4 (ntp_request.h)"),
        (RequestMore, "a request with the More bit set, which ntpd drops (ntp_request.c, process_private)"),
        (RequestSequence { sequence: 5 }, "a request with sequence number 5, which ntpd drops: requests have 0 (ntp_request.c, process_private)"),
        (RequestErr { err: 3 }, "a request with err 3; err must be 0 in a request (ntp_request.h)"),
        (Mbz { mbz: 9 }, "the MBZ bits are 9; they must be zero in requests and responses (ntp_request.h)"),
        (ResponseAuthenticated, "a response with the A bit set; ntpd never authenticates responses and ntpdc discards them (ntp_request.h, ntpdc.c)"),
        (ItemsPastEnd { nitems: 7, item_size: 72, available: 440 }, "7 items of 72 octets run past the 440 octets of data (ntp_request.h)"),
        (RequestItemsTooLong { nitems: 4, item_size: 48 }, "4 items of 48 octets do not fit a request's 176-octet data area (ntp_request.h, MODE7_PAYLOAD_LIM)"),
        (ResponseTooLong { len: 509 }, "a 509-octet response; responses carry at most 500 octets of data, 508 in all (ntp_request.h, RESP_DATA_SIZE)"),
        (AuthTooShort { len: 36, needed: 40 }, "an authenticated request of 36 octets, 40 needed for its items, timestamp, key id and MAC (ntp_request.h, REQ_TAIL_MIN)"),
        (AuthTooLong { len: 217 }, "an authenticated request of 217 octets; ntpd takes at most 216 (ntp_request.c, process_private)"),
        (AuthMacLength { mac_len: 28 }, "ntpd finds a 28-octet key id and MAC; a mode 7 MAC is 20 or 24 octets (ntp_request.c, process_private)"),
        (AuthMisplaced { len: 200 }, "in an authenticated request of 200 octets ntpd would look for the key id elsewhere (ntp_request.c, process_private)"),
        (FieldTooWide { field: PrivateField::Sequence, value: 128 }, "128 does not fit the 7-bit sequence number field (ntp_request.h)"),
        (FieldTooWide { field: PrivateField::Err, value: 16 }, "16 does not fit the 4-bit err field (ntp_request.h)"),
        (FieldTooWide { field: PrivateField::Nitems, value: 4096 }, "4096 does not fit the 12-bit number of data items field (ntp_request.h)"),
        (FieldTooWide { field: PrivateField::ItemSize, value: 5000 }, "5000 does not fit the 12-bit size of data item field (ntp_request.h)"),
        (ItemsNotWhole { len: 10, item_size: 4 }, "10 octets of items are no whole number of 4-octet items"),
        (Mbz { mbz: 1 }, "the MBZ bits are 1; they must be zero in requests and responses (ntp_request.h)"),
    ];
    for (rule, text) in cases {
        assert_eq!(rule.to_string(), text, "{rule:?}");
    }
}

#[test]
fn every_control_rule_text() {
    use ControlRule::*;
    let cases: [(ControlRule, &str); 35] = [
        (NotControl { octet0: 0x17 }, "octet 0 is 0x17: version 2, mode 7; a control message is mode 6 at versions 1 to 4 (RFC 9327)"),
        (CountTooLarge { count: 469 }, "count 469 is above the 468 data octets a control message holds (CTL_MAX_DATA_LEN)"),
        (OffsetPastEnd { offset: 65_400, count: 200 }, "offset 65400 plus count 200 runs past 65535"),
        (AssociationListLength { len: 6 }, "a READSTAT association list of 6 octets; it is a multiple of 4 (association id, status)"),
        (NoMac { trailing: 12 }, "12 octets after the padded data hold no MAC at the 8- or 4-aligned place (key id and a 16- or 20-octet digest)"),
        (MacLength { length: 28 }, "a 28-octet MAC matches no algorithm of mode 6: key id and a 16- or 20-octet digest (20 or 24)"),
        (UnterminatedQuote, "a quoted value has no closing quote before the end of its line"),
        (NameTooLong { len: 1024, limit: 128 }, "a variable name of 1024 octets; at most 128 are allowed"),
        (ValueTooLong { len: 300, limit: 128 }, "a variable value of 300 octets; at most 128 are allowed (ntpd's ctl_getitem takes fewer than 128)"),
        (EmptyName, "an item with '=' has no name"),
        (BadOctet { octet: 0 }, "octet 0x00 is not allowed here in a variable list"),
        (MissingValue, "a parameter has no '=' and value (CVE-2016-7434)"),
        (MruIndex { tag: MruTag::Addr }, "the index of an MRU addr.N tag is not a decimal number below 65536"),
        (MruValue { tag: MruTag::Count }, "an MRU ct.N value does not parse"),
        (MruOrder { index: 3, expected: 2 }, "MRU entry 3 where entry 2 was expected: entries come in order, each entry's tags together"),
        (MruRepeated { tag: MruTag::ModeVersion, index: 1 }, "a second mv tag for MRU entry 1"),
        (MruMissing { tag: MruTag::Last, index: 4 }, "MRU entry 4 has no last tag"),
        (MruParameter { tag: MruTag::Frags, value: 129 }, "frags=129; the server takes at most 128 (MRU_FRAGS_LIMIT)"),
        (MruParameter { tag: MruTag::Limit, value: 0 }, "limit=0; the server takes 1 to 256 (MRU_ROW_LIMIT)"),
        (MruParameter { tag: MruTag::Addr, value: 17 }, "17 addr.N/last.N pairs; the server reads N up to 15"),
        (MruParameter { tag: MruTag::Last, value: 16 }, "16 addr.N/last.N pairs; the server reads N up to 15"),
        (MruParameter { tag: MruTag::Nonce, value: 0 }, "nonce=0 is out of the server's range (a READ_MRU request needs frags or limit)"),
        (NotAResponse, "a fragment with R clear is a request, not part of a response"),
        (ForeignFragment { sequence: 9, opcode: 10 }, "a fragment of another response (sequence 9, opcode 10)"),
        (FragmentLength { len: 30, count: 16 }, "a 30-octet fragment with count 16: the length is a multiple of 4 and at least 12 + count rounded up to 4"),
        (EmptyFragment, "a fragment with count 0 and M set"),
        (DuplicateFragment { offset: 468 }, "a second fragment at offset 468"),
        (FragmentOverlap { offset: 400, count: 100 }, "the fragment at offset 400 with count 100 overlaps one already received"),
        (PastLastFragment { offset: 936 }, "a fragment at offset 936 lies past the end of the last fragment"),
        (TooManyFragments { limit: 32 }, "more than 32 fragments"),
        (MissingFragment { offset: 468 }, "the response is incomplete: no fragment holds octet 468"),
        (AlreadyComplete, "a fragment after the response was complete"),
        (MruIndex { tag: MruTag::LastNewest }, "the index of an MRU last.newest.N tag is not a decimal number below 65536"),
        (MruValue { tag: MruTag::Score }, "an MRU sc.N value does not parse"),
        (MruMissing { tag: MruTag::Dropped, index: 0 }, "MRU entry 0 has no dr tag"),
    ];
    for (rule, text) in cases {
        assert_eq!(rule.to_string(), text, "{rule:?}");
    }
    // The names of the tags on the wire (ntpd's send_mru_entry).
    let names: [(MruTag, &str); 15] = [
        (MruTag::Addr, "addr"),
        (MruTag::Last, "last"),
        (MruTag::First, "first"),
        (MruTag::Count, "ct"),
        (MruTag::ModeVersion, "mv"),
        (MruTag::Restrictions, "rs"),
        (MruTag::Score, "sc"),
        (MruTag::Dropped, "dr"),
        (MruTag::Nonce, "nonce"),
        (MruTag::Now, "now"),
        (MruTag::LastNewest, "last.newest"),
        (MruTag::AddrOlder, "addr.older"),
        (MruTag::LastOlder, "last.older"),
        (MruTag::Frags, "frags"),
        (MruTag::Limit, "limit"),
    ];
    for (tag, name) in names {
        assert_eq!(tag.to_string(), name);
    }
}
