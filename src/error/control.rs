//! The rules of control messages (mode 6): [`ControlRule`], and the MRU
//! tags it names ([`MruTag`]).

use core::fmt;

/// The rule a control message (mode 6, RFC 9327) breaks: the reason
/// carried by [`Error::Control`](crate::Error::Control), whose `offset`
/// counts from the start of the message (of the reassembled data for the
/// data readers).
///
/// Sources are named in each variant: ntpd 4.2.8p15's and NTPsec 1.2.2's
/// `ntpd/ntp_control.c` (what a server accepts), classic `ntpq/ntpq.c`
/// and NTPsec's `pylib/packet.py` (what ntpq accepts).
///
/// ```
/// use ntp_wire::ControlRule;
///
/// let rule = ControlRule::CountTooLarge { count: 469 };
/// assert_eq!(rule.to_string(), "count 469 is above the 468 data octets a control message holds (CTL_MAX_DATA_LEN)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ControlRule {
    /// Octet 0 is not a control message's: a valid version, but the mode
    /// is not 6 (or the version is 5, whose mode 6 is NTPv5's).
    NotControl {
        /// Octet 0 as received.
        octet0: u8,
    },
    /// The count is above `CTL_MAX_DATA_LEN`, 468 (NTPsec answers
    /// `CERR_BADFMT`; a request built with more data would be too).
    CountTooLarge {
        /// The count (saturated at `u16::MAX` for a builder).
        count: u16,
    },
    /// Offset plus count runs past 65535: no response can hold data there.
    OffsetPastEnd {
        /// The offset field.
        offset: u16,
        /// The count field.
        count: u16,
    },
    /// A READSTAT association list whose length is not a multiple of 4
    /// (NTPsec ntpq: "Response length should have been a multiple of 4").
    AssociationListLength {
        /// Octets of data.
        len: u16,
    },
    /// Octets after the data, padded to 4, that hold no MAC at the 8- or
    /// 4-aligned place (key id and a digest of a length
    /// [`MacAlgorithm::for_length`](crate::trailer::MacAlgorithm::for_length)
    /// knows at version 4), nor a crypto-NAK.
    NoMac {
        /// Octets after the data padded to 4.
        trailing: u16,
    },
    /// A MAC of a length no algorithm gives to a mode 6 message (key id
    /// and a 16- or 20-octet digest; ntpd's limit is 24 in all), asked of
    /// a builder.
    MacLength {
        /// Octets of key id and digest.
        length: u16,
    },
    /// A quoted value with no closing `"` before the end of its line or
    /// of the data (classic ntpq: "no closing quote, stop").
    UnterminatedQuote,
    /// A variable name is longer than the caller's bound (ntpd's
    /// `ctl_getitem` keeps values in a 128-octet buffer, CVE-2018-7182,
    /// CVE-2016-2519; classic ntpq skips names of 256 or more).
    NameTooLong {
        /// Octets of the name (saturated at `u32::MAX`).
        len: u32,
        /// The longest name allowed.
        limit: u16,
    },
    /// A variable value is longer than the caller's bound (`ctl_getitem`:
    /// a value of 128 octets or more abandons the request).
    ValueTooLong {
        /// Octets of the value (saturated at `u32::MAX`).
        len: u32,
        /// The longest value allowed.
        limit: u16,
    },
    /// An item with `=` but no name before it.
    EmptyName,
    /// An octet no variable list holds where it is: in a name NUL, a
    /// control octet other than tab, DEL or `"`; in a value NUL; in a
    /// request built here also a space, comma, quote or control octet in
    /// a name or value and `=` in a name, which `ctl_getitem` would split
    /// at or strip.
    BadOctet {
        /// The octet.
        octet: u8,
    },
    /// A parameter with no `=` where a value is required: a READ_MRU
    /// parameter (CVE-2016-7434 crashed ntpd with one), or an MRU reply
    /// tag.
    MissingValue,
    /// A READ_MRU reply tag of a known name whose index is not a decimal
    /// number below 65536 (NTPsec ntpq `SERR_BADTAG`).
    MruIndex {
        /// The tag.
        tag: MruTag,
    },
    /// A READ_MRU reply value that does not parse as its tag's format
    /// (`0x%08x.%08x` times, decimal counts, `0x%x` restriction bits).
    MruValue {
        /// The tag.
        tag: MruTag,
    },
    /// A READ_MRU reply entry index out of order: entries are numbered
    /// from 0 up, all tags of one entry before the next (NTPsec
    /// `docs/mode6.adoc`: "all *.0 values preceding any *.1 values").
    MruOrder {
        /// The index found.
        index: u16,
        /// The index expected (the current entry's or the next).
        expected: u16,
    },
    /// The same tag twice in one READ_MRU reply entry, or a second
    /// `nonce`, `now`, `last.newest`, `addr.older` or `last.older`.
    MruRepeated {
        /// The tag.
        tag: MruTag,
        /// The entry's index (0 for the reply-wide tags).
        index: u16,
    },
    /// A READ_MRU reply entry without a tag both ntpd and NTPsec always
    /// send (`addr`, `last`, `first`, `ct`, `mv`, `rs`).
    MruMissing {
        /// The tag missing.
        tag: MruTag,
        /// The entry's index.
        index: u16,
    },
    /// A READ_MRU request parameter out of the server's range:
    /// `frags` above 128 (`MRU_FRAGS_LIMIT`), `limit` 0 or above 256
    /// (`MRU_ROW_LIMIT`), more than 16 `addr.N`/`last.N` pairs (N < 16),
    /// or neither `frags` nor `limit` (`CERR_BADVALUE`).
    MruParameter {
        /// The parameter.
        tag: MruTag,
        /// The value given (saturated at `u32::MAX`).
        value: u32,
    },
    /// A fragment that is not a response (R clear).
    NotAResponse,
    /// A fragment of another response: its sequence or opcode differs
    /// from the first fragment's (ntpq ignores such packets).
    ForeignFragment {
        /// Its sequence number.
        sequence: u16,
        /// Its opcode.
        opcode: u8,
    },
    /// A fragment whose length is not a multiple of 4 or is below 12 +
    /// count rounded up to 4 (ntpq: `ERR_INCOMPLETE`, "Response packet
    /// claims N octets payload").
    FragmentLength {
        /// Octets of the fragment (saturated at `u32::MAX`).
        len: u32,
        /// Its count.
        count: u16,
    },
    /// A fragment with no data and M set (ntpq ignores it: it would never
    /// end).
    EmptyFragment,
    /// A second fragment at the same offset.
    DuplicateFragment {
        /// The offset.
        offset: u16,
    },
    /// A fragment that overlaps one already received.
    FragmentOverlap {
        /// Its offset.
        offset: u16,
        /// Its count.
        count: u16,
    },
    /// A fragment past the end of the last one (M clear), or a second
    /// last fragment.
    PastLastFragment {
        /// Its offset.
        offset: u16,
    },
    /// More fragments than the caller's limit (ntpq's `MAXFRAGS` is 32).
    TooManyFragments {
        /// The limit.
        limit: u16,
    },
    /// The response is not complete: the octets from `offset` on are
    /// missing (a hole, or no last fragment yet).
    MissingFragment {
        /// The first octet no fragment holds.
        offset: u16,
    },
    /// A fragment after the response was complete.
    AlreadyComplete,
}

const _: () = assert!(core::mem::size_of::<ControlRule>() <= 8);

impl fmt::Display for ControlRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ControlRule::*;
        match *self {
            NotControl { octet0 } => write!(f, "octet 0 is {octet0:#04x}: version {}, mode {}; a control message is mode 6 at versions 1 to 4 (RFC 9327)", (octet0 >> 3) & 7, octet0 & 7),
            CountTooLarge { count } => write!(f, "count {count} is above the 468 data octets a control message holds (CTL_MAX_DATA_LEN)"),
            OffsetPastEnd { offset, count } => write!(f, "offset {offset} plus count {count} runs past 65535"),
            AssociationListLength { len } => write!(f, "a READSTAT association list of {len} octets; it is a multiple of 4 (association id, status)"),
            NoMac { trailing } => write!(f, "{trailing} octets after the padded data hold no MAC at the 8- or 4-aligned place (key id and a 16- or 20-octet digest)"),
            MacLength { length } => write!(f, "a {length}-octet MAC matches no algorithm of mode 6: key id and a 16- or 20-octet digest (20 or 24)"),
            UnterminatedQuote => f.write_str("a quoted value has no closing quote before the end of its line"),
            NameTooLong { len, limit } => write!(f, "a variable name of {len} octets; at most {limit} are allowed"),
            ValueTooLong { len, limit } => write!(f, "a variable value of {len} octets; at most {limit} are allowed (ntpd's ctl_getitem takes fewer than 128)"),
            EmptyName => f.write_str("an item with '=' has no name"),
            BadOctet { octet } => write!(f, "octet {octet:#04x} is not allowed here in a variable list"),
            MissingValue => f.write_str("a parameter has no '=' and value (CVE-2016-7434)"),
            MruIndex { tag } => write!(f, "the index of an MRU {tag}.N tag is not a decimal number below 65536"),
            MruValue { tag } => write!(f, "an MRU {tag}.N value does not parse"),
            MruOrder { index, expected } => write!(f, "MRU entry {index} where entry {expected} was expected: entries come in order, each entry's tags together"),
            MruRepeated { tag, index } => write!(f, "a second {tag} tag for MRU entry {index}"),
            MruMissing { tag, index } => write!(f, "MRU entry {index} has no {tag} tag"),
            MruParameter { tag: MruTag::Frags, value } => write!(f, "frags={value}; the server takes at most 128 (MRU_FRAGS_LIMIT)"),
            MruParameter { tag: MruTag::Limit, value } => write!(f, "limit={value}; the server takes 1 to 256 (MRU_ROW_LIMIT)"),
            MruParameter { tag: MruTag::Addr | MruTag::Last, value } => write!(f, "{value} addr.N/last.N pairs; the server reads N up to 15"),
            MruParameter { tag, value } => write!(f, "{tag}={value} is out of the server's range (a READ_MRU request needs frags or limit)"),
            NotAResponse => f.write_str("a fragment with R clear is a request, not part of a response"),
            ForeignFragment { sequence, opcode } => write!(f, "a fragment of another response (sequence {sequence}, opcode {opcode})"),
            FragmentLength { len, count } => write!(f, "a {len}-octet fragment with count {count}: the length is a multiple of 4 and at least 12 + count rounded up to 4"),
            EmptyFragment => f.write_str("a fragment with count 0 and M set"),
            DuplicateFragment { offset } => write!(f, "a second fragment at offset {offset}"),
            FragmentOverlap { offset, count } => write!(f, "the fragment at offset {offset} with count {count} overlaps one already received"),
            PastLastFragment { offset } => write!(f, "a fragment at offset {offset} lies past the end of the last fragment"),
            TooManyFragments { limit } => write!(f, "more than {limit} fragments"),
            MissingFragment { offset } => write!(f, "the response is incomplete: no fragment holds octet {offset}"),
            AlreadyComplete => f.write_str("a fragment after the response was complete"),
        }
    }
}

/// The tags of READ_MRU requests and replies (ntpd and NTPsec
/// `read_mru_list`, `send_mru_entry`): what [`ControlRule`]'s MRU rules
/// name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum MruTag {
    /// `addr.N`: address and port.
    Addr,
    /// `last.N`: last packet time.
    Last,
    /// `first.N`: first packet time.
    First,
    /// `ct.N`: packet count.
    Count,
    /// `mv.N`: the client's mode and version octet.
    ModeVersion,
    /// `rs.N`: restriction flags.
    Restrictions,
    /// `sc.N`: score (NTPsec).
    Score,
    /// `dr.N`: dropped packets (NTPsec).
    Dropped,
    /// `nonce`.
    Nonce,
    /// `now`.
    Now,
    /// `last.newest`.
    LastNewest,
    /// `addr.older`.
    AddrOlder,
    /// `last.older`.
    LastOlder,
    /// `frags` (request).
    Frags,
    /// `limit` (request).
    Limit,
}

impl MruTag {
    /// The tag's name on the wire, without `.N`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        use MruTag::*;
        match self {
            Addr => "addr",
            Last => "last",
            First => "first",
            Count => "ct",
            ModeVersion => "mv",
            Restrictions => "rs",
            Score => "sc",
            Dropped => "dr",
            Nonce => "nonce",
            Now => "now",
            LastNewest => "last.newest",
            AddrOlder => "addr.older",
            LastOlder => "last.older",
            Frags => "frags",
            Limit => "limit",
        }
    }
}

impl fmt::Display for MruTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
