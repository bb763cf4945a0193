//! The rules of ntpd's private messages (mode 7): [`PrivateRule`].

use core::fmt;

/// The rule a private message (mode 7) breaks: the reason carried by
/// [`Error::Private`](crate::Error::Private).
///
/// Mode 7 has no RFC: its one specification is the header comment of
/// ntpd's `include/ntp_request.h`, and what ntpd accepts is read from
/// `process_private` in `ntpd/ntp_request.c`, what ntpdc accepts from
/// `getresponse` in `ntpdc/ntpdc.c` (ntp-project/ntp, NTP 4.2.8 and
/// 4.3). Fields are raw numbers: the named types of the values live in
/// [`private`](crate::private), above this layer.
///
/// ```
/// use ntp_wire::PrivateRule;
///
/// let rule = PrivateRule::Mbz { mbz: 1 };
/// assert_eq!(
///     rule.to_string(),
///     "the MBZ bits are 1; they must be zero in requests and responses (ntp_request.h)",
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum PrivateRule {
    /// Octet 0 does not announce a private message: mode 7 at versions 1
    /// to 4 ([`Kind::Private`](crate::Kind::Private)).
    NotPrivate {
        /// Octet 0 as received.
        octet0: u8,
    },
    /// A request (R clear) with the More bit set: ntpd drops it
    /// (`process_private`, drop test 2; M marks all but the last packet
    /// of a response).
    RequestMore,
    /// A request whose sequence number is not 0: ntpd drops it
    /// (`process_private`, drop test 5; sequence numbers count the
    /// packets of a response).
    RequestSequence {
        /// The 7-bit sequence number.
        sequence: u8,
    },
    /// A request whose err nibble is not 0 ("Err: Must be 0 for a
    /// request", `ntp_request.h`; ntpd's drop test 6).
    RequestErr {
        /// The 4-bit err value.
        err: u8,
    },
    /// The must-be-zero nibble is not zero ("MBZ: A reserved data field,
    /// must be zero in requests and responses", `ntp_request.h`; ntpd's
    /// drop test 7, and ntpdc discards such responses).
    Mbz {
        /// The 4-bit MBZ value.
        mbz: u8,
    },
    /// A response with the A bit set: ntpd never authenticates responses
    /// (`ntp_request.h`: "this implementation doesn't authenticate
    /// responses") and ntpdc discards them ("Encrypted packet received",
    /// `getresponse`).
    ResponseAuthenticated,
    /// Number of data items times item size runs past the data
    /// (`ntp_request.h`: the data area holds at least that product;
    /// ntpd answers `INFO_ERR_FMT`, ntpdc discards).
    ItemsPastEnd {
        /// Number of data items (12 bits).
        nitems: u16,
        /// Size of a data item (12 bits).
        item_size: u16,
        /// Octets after the 8-octet header (saturated at `u16::MAX`).
        available: u16,
    },
    /// A request's items are longer than its 176-octet data area
    /// (`MODE7_PAYLOAD_LIM`, `req_data_u` in `ntp_request.h`).
    RequestItemsTooLong {
        /// Number of data items.
        nitems: u16,
        /// Size of a data item.
        item_size: u16,
    },
    /// A response longer than 508 octets: the header and at most 500
    /// octets of data (`RESP_DATA_SIZE`, `struct resp_pkt`).
    ResponseTooLong {
        /// The packet's length (saturated at `u16::MAX`).
        len: u16,
    },
    /// An authenticated request (A set) too short for its items and the
    /// 28-octet tail of timestamp, key id and 16-octet digest
    /// (`REQ_TAIL_MIN`; ntpd answers `INFO_ERR_FMT`).
    AuthTooShort {
        /// The packet's length.
        len: u16,
        /// The fewest octets that hold header, items and tail.
        needed: u16,
    },
    /// An authenticated request longer than 216 octets,
    /// `REQ_LEN_NOMAC` + `MAX_MAC_LEN` (ntpd: "bad pkt length",
    /// `INFO_ERR_FMT`).
    AuthTooLong {
        /// The packet's length (saturated at `u16::MAX`).
        len: u16,
    },
    /// Where ntpd looks for the MAC of an authenticated request, what it
    /// finds is of a length no algorithm gives (`MacAlgorithm::for_length`
    /// at version 4: 20 or 24 octets of key id and digest).
    AuthMacLength {
        /// Octets of key id and digest.
        mac_len: u8,
    },
    /// A builder was asked for an authenticated request whose key id
    /// ntpd would look for elsewhere (`process_private` counts back 20
    /// octets from the end unless the packet ends at most 24 octets past
    /// the items and timestamp).
    AuthMisplaced {
        /// The packet's length.
        len: u16,
    },
    /// A value does not fit its bit field.
    FieldTooWide {
        /// The field.
        field: PrivateField,
        /// The value given.
        value: u16,
    },
    /// Items given to a builder are not a whole number of items of the
    /// item size.
    ItemsNotWhole {
        /// Octets of items given (saturated at `u16::MAX`).
        len: u16,
        /// The item size.
        item_size: u16,
    },
}

/// A bit field of the private message header, named in
/// [`PrivateRule::FieldTooWide`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum PrivateField {
    /// The sequence number, 7 bits (octet 1).
    Sequence,
    /// The err nibble, 4 bits (octet 4).
    Err,
    /// The number of data items, 12 bits (octets 4-5).
    Nitems,
    /// The size of a data item, 12 bits (octets 6-7).
    ItemSize,
}

impl PrivateField {
    /// The field's name and width in bits.
    #[must_use]
    pub const fn name_and_bits(self) -> (&'static str, u8) {
        match self {
            PrivateField::Sequence => ("sequence number", 7),
            PrivateField::Err => ("err", 4),
            PrivateField::Nitems => ("number of data items", 12),
            PrivateField::ItemSize => ("size of data item", 12),
        }
    }
}

impl fmt::Display for PrivateRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use PrivateRule::*;
        match *self {
            NotPrivate { octet0 } => write!(f, "octet 0 {octet0:#04x} is version {}, mode {}; a private message is mode 7 at versions 1 to 4 (ntp_request.h)", (octet0 >> 3) & 7, octet0 & 7),
            RequestMore => f.write_str("a request with the More bit set, which ntpd drops (ntp_request.c, process_private)"),
            RequestSequence { sequence } => write!(f, "a request with sequence number {sequence}, which ntpd drops: requests have 0 (ntp_request.c, process_private)"),
            RequestErr { err } => write!(f, "a request with err {err}; err must be 0 in a request (ntp_request.h)"),
            Mbz { mbz } => write!(f, "the MBZ bits are {mbz}; they must be zero in requests and responses (ntp_request.h)"),
            ResponseAuthenticated => f.write_str("a response with the A bit set; ntpd never authenticates responses and ntpdc discards them (ntp_request.h, ntpdc.c)"),
            ItemsPastEnd { nitems, item_size, available } => write!(f, "{nitems} items of {item_size} octets run past the {available} octets of data (ntp_request.h)"),
            RequestItemsTooLong { nitems, item_size } => write!(f, "{nitems} items of {item_size} octets do not fit a request's 176-octet data area (ntp_request.h, MODE7_PAYLOAD_LIM)"),
            ResponseTooLong { len } => write!(f, "a {len}-octet response; responses carry at most 500 octets of data, 508 in all (ntp_request.h, RESP_DATA_SIZE)"),
            AuthTooShort { len, needed } => write!(f, "an authenticated request of {len} octets, {needed} needed for its items, timestamp, key id and MAC (ntp_request.h, REQ_TAIL_MIN)"),
            AuthTooLong { len } => write!(f, "an authenticated request of {len} octets; ntpd takes at most 216 (ntp_request.c, process_private)"),
            AuthMacLength { mac_len } => write!(f, "ntpd finds a {mac_len}-octet key id and MAC; a mode 7 MAC is 20 or 24 octets (ntp_request.c, process_private)"),
            AuthMisplaced { len } => write!(f, "in an authenticated request of {len} octets ntpd would look for the key id elsewhere (ntp_request.c, process_private)"),
            FieldTooWide { field, value } => {
                let (name, bits) = field.name_and_bits();
                write!(f, "{value} does not fit the {bits}-bit {name} field (ntp_request.h)")
            }
            ItemsNotWhole { len, item_size } => write!(f, "{len} octets of items are no whole number of {item_size}-octet items"),
        }
    }
}

const _: () = assert!(core::mem::size_of::<PrivateRule>() <= 8);
