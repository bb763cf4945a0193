//! The 5-bit opcode of octet 1 (RFC 9327, "NTP Control Message Format"
//! and "Commands"; values from `include/ntp_control.h` of ntpd 4.2.8p15 and
//! NTPsec 1.2.2, which agree).

use crate::wire::wire_enum;

wire_enum! {
    /// The opcode, the low 5 bits of octet 1 (`CTL_OP_MASK` 0x1f).
    ///
    /// A newtype, not an enum: any of the 32 values is kept and written
    /// back as is. [`name`](Self::name) is the mnemonic of ntpd's
    /// `CTL_OP_*` macro, [`description`](Self::description) the text tshark
    /// prints after "Opcode:".
    ///
    /// ```
    /// use ntp_wire::control::Opcode;
    ///
    /// assert_eq!(Opcode(10), Opcode::READ_MRU);
    /// assert_eq!(Opcode::READ_MRU.to_string(), "READ_MRU (10)");
    /// assert_eq!(Opcode::READ_MRU.description(), Some("retrieve MRU (mrulist)"));
    /// assert_eq!(Opcode(13).to_string(), "13");
    /// ```
    pub struct Opcode(u8) as "{}";
    /// 0, `CTL_OP_UNSPEC`: reserved; ntpd answers it with no data.
    UNSPEC = 0 => "UNSPEC",
    /// 1, `CTL_OP_READSTAT`: the system status and the association list
    /// (association id 0), or one peer's status and default variables.
    READSTAT = 1 => "READSTAT",
    /// 2, `CTL_OP_READVAR`: variables of the system (association id 0) or
    /// of a peer, all or those named in the request.
    READVAR = 2 => "READVAR",
    /// 3, `CTL_OP_WRITEVAR`: sets variables (needs the control key).
    WRITEVAR = 3 => "WRITEVAR",
    /// 4, `CTL_OP_READCLOCK`: variables of a reference clock.
    READCLOCK = 4 => "READCLOCK",
    /// 5, `CTL_OP_WRITECLOCK`: sets reference clock variables.
    WRITECLOCK = 5 => "WRITECLOCK",
    /// 6, `CTL_OP_SETTRAP`: registers a trap receiver (classic ntpd only).
    SETTRAP = 6 => "SETTRAP",
    /// 7, `CTL_OP_ASYNCMSG`: an event sent to a trap receiver.
    ASYNCMSG = 7 => "ASYNCMSG",
    /// 8, `CTL_OP_CONFIGURE`: runtime configuration text (needs the
    /// control key).
    CONFIGURE = 8 => "CONFIGURE",
    /// 9, `CTL_OP_SAVECONFIG`: saves the configuration to a file (classic
    /// ntpd only).
    SAVECONFIG = 9 => "SAVECONFIG",
    /// 10, `CTL_OP_READ_MRU`: the most-recently-used client list (`ntpq
    /// mrulist`), after a nonce round trip.
    READ_MRU = 10 => "READ_MRU",
    /// 11, `CTL_OP_READ_ORDLIST_A`: ordered lists (`ifstats`, `reslist`;
    /// needs the control key).
    READ_ORDLIST_A = 11 => "READ_ORDLIST_A",
    /// 12, `CTL_OP_REQ_NONCE`: a nonce for READ_MRU.
    REQ_NONCE = 12 => "REQ_NONCE",
    /// 31, `CTL_OP_UNSETTRAP`: removes a trap receiver (classic ntpd only).
    UNSETTRAP = 31 => "UNSETTRAP",
}

impl Opcode {
    /// The opcode of the low 5 bits of `bits` (octet 1): every octet has
    /// a reading.
    #[must_use]
    pub const fn from_bits(bits: u8) -> Opcode {
        Opcode(bits & super::field::OPCODE)
    }

    /// What tshark (Wireshark 4.0, `ctrl_op_types`) prints for this
    /// opcode, `None` for a value it does not name.
    #[must_use]
    pub const fn description(self) -> Option<&'static str> {
        Some(match self.0 {
            0 => "reserved",
            1 => "read status",
            2 => "read variables",
            3 => "write variables",
            4 => "read clock variables",
            5 => "write clock variables",
            6 => "set trap address/port",
            7 => "asynchronous message",
            8 => "runtime configuration",
            9 => "save config to file",
            10 => "retrieve MRU (mrulist)",
            11 => "retrieve ordered list",
            12 => "request a client nonce",
            31 => "unset trap address/port",
            _ => return None,
        })
    }

    /// `true` for the opcodes whose data is `name=value` text
    /// ([`Variables`](super::Variables)): READVAR, WRITEVAR, READCLOCK,
    /// WRITECLOCK, READ_MRU, READ_ORDLIST_A, REQ_NONCE (and READSTAT of one
    /// association, which the association id tells).
    #[must_use]
    pub const fn has_text_data(self) -> bool {
        matches!(self.0, 2..=5 | 10..=12)
    }
}
