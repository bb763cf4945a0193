//! The crate's one error type.
//!
//! Every fallible function in the crate returns [`Result<T>`](Result). Each
//! variant carries what a caller needs to act: the octet counts that did not
//! fit, the offending value, and (for the layers after the header) the offset
//! into the packet where the rule was broken.

use crate::fields::Mode;

/// Shorthand for `core::result::Result<T, ntp_wire::Error>` (RFC 5905 section 7.3).
pub type Result<T> = core::result::Result<T, Error>;

/// Why a packet could not be read or written.
///
/// `Copy`, allocation-free and `#[non_exhaustive]`: later layers (trailer,
/// control and private messages) add variants without a breaking change.
/// (Peer-list text has its own error,
/// [`PeerListError`](crate::w32time::PeerListError).)
///
/// ```
/// use ntp_wire::{Error, Header, Mode, Packet, TrailerRule};
///
/// // Each variant carries the numbers that did not fit.
/// assert_eq!(Header::from_bytes(&[0x23; 20]), Err(Error::Truncated { needed: 48, available: 20 }));
/// let mut control = [0u8; 48];
/// control[0] = 0x16; // version 2, mode 6 (ntpq)
/// assert_eq!(Header::from_bytes(&control), Err(Error::UnsupportedMode { mode: Mode::Control }));
/// // A trailer error says where and which rule (RFC 7822 section 3 here).
/// let mut packet = [0u8; 51];
/// packet[0] = 0x23;
/// let err = Packet::new_checked(&packet[..])?.trailer().next().unwrap().unwrap_err();
/// assert_eq!(err, Error::Trailer { offset: 48, rule: TrailerRule::Unaligned { trailer_len: 3 } });
/// assert_eq!(
///     err.to_string(),
///     "invalid trailer at offset 48: 3 octets follow the header; an NTPv4 trailer is a multiple of 4 (RFC 7822 section 3)"
/// );
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The input ends before a structure it must hold: an NTP header needs 48
    /// octets (RFC 5905 section 7.3).
    #[error("packet truncated: {needed} octets needed, only {available} available")]
    Truncated {
        /// Octets the structure needs.
        needed: usize,
        /// Octets the input has.
        available: usize,
    },

    /// The version number (bits 2-4 of octet 0) is 0, 6 or 7: no NTP version
    /// has that number. Versions 1 to 4 (RFC 1059, 1119, 1305, 5905) share
    /// the 48-octet layout of RFC 5905 section 7.3; 5 is [`Error::Ntpv5`].
    #[error("unsupported NTP version {version}: a v4-style header has version 1 to 4")]
    BadVersion {
        /// The 3-bit version field as received, or the number above 7
        /// given to `Version::try_from`.
        version: u8,
    },

    /// Version 5: an NTPv5 packet (draft-ietf-ntp-ntpv5), whose header layout
    /// differs from versions 1-4 after octet 3 and is not read as a v4 header.
    #[error("NTPv5 packet: its header layout differs from NTPv4 and needs an NTPv5 reader")]
    Ntpv5,

    /// Mode 6 (control) or 7 (private) in a place that needs a time packet:
    /// those messages have their own 12- and 8-octet headers (RFC 9327,
    /// ntpd's mode 7), not the 48-octet header of RFC 5905 section 7.3.
    #[error("mode {} ({}) has its own message layout, not the 48-octet NTP header", *mode as u8, mode.name())]
    UnsupportedMode {
        /// The mode received.
        mode: Mode,
    },

    /// The output buffer is too small for what is being written.
    #[error("output buffer too small: {needed} octets needed, only {available} available")]
    BufferTooSmall {
        /// Octets the write needs.
        needed: usize,
        /// Octets the buffer has.
        available: usize,
    },

    /// A stratum-1 reference source name must be 1 to 4 printable ASCII
    /// characters, NUL-padded on the wire (RFC 5905 section 7.3, figure 12).
    #[error("reference source name must be 1 to 4 printable ASCII characters")]
    InvalidSourceName,

    /// A reply was asked for a packet of a mode that gets none (RFC 5905
    /// section 9.2: modes 0, 2, 4 and 5 are never answered), or a request
    /// was asked for a mode that is not a request.
    #[error("mode {} ({}) is not answered: only client (3) and symmetric active (1) requests get a time reply", *mode as u8, mode.name())]
    NotARequest {
        /// The mode of the packet.
        mode: Mode,
    },

    /// A request was asked for with a zero transmit timestamp: the reply
    /// echoes it as its origin, and a zero origin means "unset" (RFC 5905
    /// section 7.3) and matches no request (section 8), so the reply could
    /// never be accepted.
    #[error("a request's transmit timestamp must not be zero: the reply echoes it as its origin, and a zero origin matches no request (RFC 5905 sections 7.3 and 8); read the clock again or send a random value")]
    ZeroTransmitTimestamp,

    /// What follows the header breaks a rule of its RFC: an extension
    /// field, MAC, NTS field, NTS-KE record, Autokey message, checksum
    /// complement or MS-SNTP authenticator. `offset` is where the broken
    /// structure starts, in octets from the start of the packet (of the
    /// record stream for NTS-KE, of the plaintext for decrypted NTS fields).
    #[error("invalid trailer at offset {offset}: {rule}")]
    Trailer {
        /// Offset of the structure that breaks the rule.
        offset: usize,
        /// The rule broken.
        rule: TrailerRule,
    },
}

/// The rule a trailer breaks: the reason carried by [`Error::Trailer`] (RFC 5905 section 7.3).
///
/// In [lenient](crate::trailer::Strictness::Lenient) walks the same values
/// name what was accepted out of spec
/// ([`ExtensionField::waived`](crate::trailer::ExtensionField::waived)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum TrailerRule {
    /// An NTPv4 trailer is a whole number of 32-bit words (RFC 7822
    /// section 3; chrony drops packets whose length is not a multiple of 4).
    Unaligned {
        /// Octets after the header.
        trailer_len: usize,
    },
    /// Fewer than the 4 octets of an extension field header are left.
    FieldHeaderTruncated {
        /// Octets left.
        available: usize,
    },
    /// An extension field is shorter than the 16 octets of RFC 7822
    /// section 3 (or than its own 4-octet header, in any mode).
    FieldTooShort {
        /// The length field.
        length: u16,
    },
    /// An extension field's length runs past the end of the packet.
    FieldPastEnd {
        /// The length field.
        length: u16,
        /// Octets left from the start of the field.
        available: usize,
    },
    /// An extension field's length is not a multiple of 4 (RFC 7822
    /// section 3: the length includes the padding).
    FieldNotAligned {
        /// The length field.
        length: u16,
    },
    /// The last extension field of a packet without a MAC is shorter than
    /// 28 octets (RFC 7822 section 3, updating RFC 5905 section 7.5), so it could be taken for a MAC.
    LastFieldTooShort {
        /// The length field.
        length: u16,
    },
    /// A MAC or authenticator of a length no known algorithm uses: at
    /// version 4 only 20 or 24 octets end a packet (RFC 5905 section 7.5,
    /// RFC 8573); at version 3 or lower 4 (crypto-NAK), 12 (DES), 20, 24,
    /// 36, 68 or 72 (MS-SNTP extended) octets.
    MacLength {
        /// Octets of key id and digest.
        length: usize,
    },
    /// Something was written after the MAC or crypto-NAK, which ends a
    /// packet (RFC 5905 section 7.5).
    AfterMac,
    /// A crypto-NAK is the whole trailer (RFC 5905 section 7.5): it cannot
    /// follow extension fields.
    CryptoNakNotAlone,
    /// A field length asked of a writer is below what the body needs, not
    /// a multiple of 4, or below 16 (RFC 7822 section 3).
    FieldLengthRequest {
        /// The length asked for.
        length: usize,
        /// The smallest length that holds the body.
        minimum: usize,
    },
    /// Extension fields exist only at version 4 (RFC 5905 section 7.5);
    /// the packet being written has an older version number.
    FieldBeforeVersion4,
    /// An extension field body does not fit the 16-bit length field.
    FieldTooLong {
        /// Octets the field would need.
        needed: usize,
    },
    /// The NTS Unique Identifier body is shorter than 32 octets (RFC 8915
    /// section 5.3).
    NtsUniqueIdentifierTooShort {
        /// Body octets.
        body_len: usize,
    },
    /// An NTS packet has no Unique Identifier (RFC 8915 section 5.3: a
    /// request MUST include one and the response echoes it).
    NtsUniqueIdentifierMissing,
    /// A second Unique Identifier.
    NtsUniqueIdentifierRepeated,
    /// An NTS request carries no NTS Cookie (RFC 8915 section 5.4).
    NtsCookieMissing,
    /// A second NTS Cookie in a request: a request holds exactly one
    /// (RFC 8915 section 5.7).
    NtsCookieRepeated,
    /// A Cookie Placeholder of another length than the cookie (RFC 8915
    /// section 5.5).
    NtsPlaceholderSize {
        /// Length of the cookie field.
        cookie: u16,
        /// Length of the placeholder field.
        placeholder: u16,
    },
    /// No NTS Authenticator and Encrypted Extension Fields (RFC 8915
    /// section 5.6).
    NtsAuthenticatorMissing,
    /// Something follows the NTS Authenticator, which must come last
    /// (RFC 8915 section 5.6: it authenticates everything before it).
    NtsAuthenticatorNotLast,
    /// The NTS Authenticator body is shorter than its two length fields
    /// plus the 16 octets of nonce and padding (RFC 8915 section 5.6).
    NtsAuthenticatorTooShort {
        /// Body octets.
        body_len: usize,
    },
    /// The nonce and ciphertext lengths, each padded to a word, do not fit
    /// in the NTS Authenticator body.
    NtsLengthsPastBody {
        /// The nonce length field.
        nonce_len: u16,
        /// The ciphertext length field.
        ciphertext_len: u16,
        /// Body octets after the two length fields.
        available: usize,
    },
    /// An NTS request or response field appears where RFC 8915 section 5.7
    /// forbids it (a cookie or placeholder in a response).
    NtsUnexpectedField {
        /// Its field type.
        field_type: u16,
    },
    /// Fewer than the 4 octets of an NTS-KE record header are left (RFC 8915
    /// section 4).
    NtsKeHeaderTruncated {
        /// Octets left.
        available: usize,
    },
    /// An NTS-KE record's body runs past the end of the data (RFC 8915
    /// section 4).
    NtsKeRecordPastEnd {
        /// The body length field.
        body_len: u16,
        /// Octets left after the record header.
        available: usize,
    },
    /// An NTS-KE record body has the wrong size for its type (RFC 8915
    /// section 4.1: End of Message is empty, a port is 2 octets, the
    /// protocol and algorithm lists are 16-bit values, errors and warnings
    /// 2 octets).
    NtsKeBodyLength {
        /// The record type.
        record_type: u16,
        /// The body length field.
        body_len: u16,
    },
    /// An NTS-KE message does not end with a critical End of Message
    /// record (RFC 8915 section 4.1.1), or a record follows it.
    NtsKeEndOfMessage,
    /// An NTS-KE record's critical bit contradicts RFC 8915 section 4.1:
    /// Next Protocol Negotiation, Error and Warning must have it set, New
    /// Cookie for NTPv4 must have it clear. (End of Message without it is
    /// [`NtsKeEndOfMessage`](Self::NtsKeEndOfMessage).)
    NtsKeCriticalBit {
        /// The record type, without the critical bit.
        record_type: u16,
        /// The critical bit as the record has it.
        critical: bool,
    },
    /// An Autokey message is shorter than its fixed part (RFC 5906 section
    /// 10: association id, and with a timestamp, filestamp and value
    /// length).
    AutokeyTooShort {
        /// Body octets.
        body_len: usize,
    },
    /// An Autokey value length runs past the field (RFC 5906 section 10).
    AutokeyValueLength {
        /// The value length field.
        length: u32,
    },
    /// An Autokey signature length runs past the field.
    AutokeySignatureLength {
        /// The signature length field.
        length: u32,
    },
    /// A Checksum Complement field is not 28 octets, or not the last item
    /// (RFC 7821 section 3).
    ChecksumComplement,
    /// An MS-SNTP authenticator is neither 20 nor 72 octets ([MS-SNTP]
    /// section 2.2).
    MsSntpLength {
        /// Octets after the header.
        length: usize,
    },
}

impl core::fmt::Display for TrailerRule {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        use TrailerRule::*;
        match *self {
            Unaligned { trailer_len } => write!(f, "{trailer_len} octets follow the header; an NTPv4 trailer is a multiple of 4 (RFC 7822 section 3)"),
            FieldHeaderTruncated { available } => write!(f, "only {available} octets left, an extension field header needs 4"),
            FieldTooShort { length } => write!(f, "extension field length {length} is below the minimum of 16 (RFC 7822 section 3)"),
            FieldPastEnd { length, available } => write!(f, "extension field length {length} runs past the packet: {available} octets left"),
            FieldNotAligned { length } => write!(f, "extension field length {length} is not a multiple of 4 (RFC 7822 section 3)"),
            LastFieldTooShort { length } => write!(f, "last extension field is {length} octets without a MAC; it must be at least 28 (RFC 7822 section 3, updating RFC 5905 section 7.5)"),
            MacLength { length } => write!(f, "a {length}-octet MAC matches no algorithm: version 4 takes 20 or 24, version 3 also 4, 12, 36, 68 or 72"),
            AfterMac => f.write_str("nothing may follow the MAC or crypto-NAK (RFC 5905 section 7.5)"),
            CryptoNakNotAlone => f.write_str("a crypto-NAK is the whole trailer; it cannot follow extension fields (RFC 5905 section 7.5)"),
            FieldLengthRequest { length, minimum } => write!(f, "field length {length} asked for; it must be a multiple of 4 and at least {minimum}"),
            FieldBeforeVersion4 => f.write_str("extension fields need version 4; set the header's version first"),
            FieldTooLong { needed } => write!(f, "an extension field of {needed} octets does not fit its 16-bit length"),
            NtsUniqueIdentifierTooShort { body_len } => write!(f, "NTS Unique Identifier body is {body_len} octets, at least 32 are required (RFC 8915 section 5.3)"),
            NtsUniqueIdentifierMissing => f.write_str("no NTS Unique Identifier (RFC 8915 section 5.3)"),
            NtsUniqueIdentifierRepeated => f.write_str("a second NTS Unique Identifier"),
            NtsCookieMissing => f.write_str("an NTS request needs one NTS Cookie (RFC 8915 section 5.4)"),
            NtsCookieRepeated => f.write_str("a second NTS Cookie; a request carries exactly one (RFC 8915 section 5.7)"),
            NtsPlaceholderSize { cookie, placeholder } => write!(f, "cookie placeholder of {placeholder} octets, the cookie field has {cookie}; they must be equal (RFC 8915 section 5.5)"),
            NtsAuthenticatorMissing => f.write_str("no NTS Authenticator and Encrypted Extension Fields (RFC 8915 section 5.6)"),
            NtsAuthenticatorNotLast => f.write_str("something follows the NTS Authenticator, which must be the last field (RFC 8915 section 5.6)"),
            NtsAuthenticatorTooShort { body_len } => write!(f, "NTS Authenticator body of {body_len} octets cannot hold the two lengths and a 16-octet nonce"),
            NtsLengthsPastBody { nonce_len, ciphertext_len, available } => write!(f, "nonce length {nonce_len} and ciphertext length {ciphertext_len}, padded, exceed the {available} octets of the NTS Authenticator body"),
            NtsUnexpectedField { field_type } => write!(f, "field type {field_type:#06x} is not allowed here by RFC 8915 section 5.7"),
            NtsKeHeaderTruncated { available } => write!(f, "only {available} octets left, an NTS-KE record header needs 4"),
            NtsKeRecordPastEnd { body_len, available } => write!(f, "NTS-KE record body length {body_len} runs past the data: {available} octets left"),
            NtsKeBodyLength { record_type, body_len } => write!(f, "NTS-KE record type {record_type} cannot have a {body_len}-octet body (RFC 8915 section 4.1)"),
            NtsKeCriticalBit { record_type, critical: false } => write!(f, "NTS-KE record type {record_type} must have its critical bit set (RFC 8915 section 4.1)"),
            NtsKeCriticalBit { record_type, critical: true } => write!(f, "NTS-KE record type {record_type} must have its critical bit clear (RFC 8915 section 4.1)"),
            NtsKeEndOfMessage => f.write_str("an NTS-KE message ends with exactly one critical End of Message record (RFC 8915 section 4.1.1)"),
            AutokeyTooShort { body_len } => write!(f, "Autokey message body of {body_len} octets is shorter than its fixed part (RFC 5906 section 10)"),
            AutokeyValueLength { length } => write!(f, "Autokey value length {length} runs past the field"),
            AutokeySignatureLength { length } => write!(f, "Autokey signature length {length} runs past the field"),
            ChecksumComplement => f.write_str("a Checksum Complement field is 28 octets and the last item, with no MAC (RFC 7821 section 3)"),
            MsSntpLength { length } => write!(f, "an MS-SNTP authenticator is 20 or 72 octets, not {length} ([MS-SNTP] section 2.2)"),
        }
    }
}
