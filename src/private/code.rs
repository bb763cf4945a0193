//! The numbered fields of the header: implementation, request code, err.
//! Each keeps any value read, named or not.

use crate::wire::wire_enum;

wire_enum! {
    /// The implementation number, octet 2 (`IMPL_*` in ntpd's
    /// `ntp_request.h`): which table of request codes applies. ntpd
    /// answers implementation 0 with err [`REQUEST`](ErrorCode::REQUEST)
    /// (its universal table is empty), 2 and 3 from its own table, any
    /// other with [`IMPLEMENTATION`](ErrorCode::IMPLEMENTATION); 255 is
    /// reserved "for extensions". Implementation 3 items are the full
    /// structures of `ntp_request.h`, implementation 2 items end before
    /// their `v6_flag` (`v4sizeof`).
    ///
    /// ```
    /// use ntp_wire::private::Implementation;
    ///
    /// assert_eq!(Implementation::XNTPD.to_string(), "XNTPD (3)");
    /// assert_eq!(Implementation(9).name(), None);
    /// ```
    pub struct Implementation(u8) as "{}";
    /// 0, `IMPL_UNIV`: request codes all implementations agree on (there
    /// are none).
    UNIV = 0 => "UNIV",
    /// 2, `IMPL_XNTPD_OLD`: ntpd's codes, "used by pre ipv6 ntpdc" (IPv4
    /// items), and by most monlist scanners. Named as Wireshark names it.
    XNTPD_OLD = 2 => "XNTPD_OLD (pre-IPv6)",
    /// 3, `IMPL_XNTPD`: ntpd's codes, "used by post ipv6 ntpdc".
    XNTPD = 3 => "XNTPD",
}

wire_enum! {
    /// The request code, octet 3 (`REQ_*` in ntpd's `ntp_request.h`,
    /// named as ntpd and Wireshark name them, without the `REQ_`
    /// prefix). A response carries the code of its request. 40 is not
    /// assigned; codes above 45 are unknown to ntpd (it answers err
    /// [`REQUEST`](ErrorCode::REQUEST)).
    ///
    /// ```
    /// use ntp_wire::private::RequestCode;
    ///
    /// assert_eq!(RequestCode(42), RequestCode::MON_GETLIST_1);
    /// assert_eq!(RequestCode::MON_GETLIST_1.to_string(), "MON_GETLIST_1 (42)");
    /// assert_eq!(RequestCode(40).to_string(), "40");
    /// ```
    pub struct RequestCode(u8) as "{}";
    /// 0: the list of peers (`info_peer_list` items).
    PEER_LIST = 0 => "PEER_LIST",
    /// 1: summary information for all peers (`info_peer_summary`).
    PEER_LIST_SUM = 1 => "PEER_LIST_SUM",
    /// 2: standard information on peers (`info_peer`).
    PEER_INFO = 2 => "PEER_INFO",
    /// 3: statistics for peers (`info_peer_stats`).
    PEER_STATS = 3 => "PEER_STATS",
    /// 4: system information (`info_sys`).
    SYS_INFO = 4 => "SYS_INFO",
    /// 5: system statistics.
    SYS_STATS = 5 => "SYS_STATS",
    /// 6: I/O statistics.
    IO_STATS = 6 => "IO_STATS",
    /// 7: statistics of the peer list's memory.
    MEM_STATS = 7 => "MEM_STATS",
    /// 8: loop filter information.
    LOOP_INFO = 8 => "LOOP_INFO",
    /// 9: timer statistics.
    TIMER_STATS = 9 => "TIMER_STATS",
    /// 10: configure a new peer (authenticated).
    CONFIG = 10 => "CONFIG",
    /// 11: unconfigure a peer (authenticated).
    UNCONFIG = 11 => "UNCONFIG",
    /// 12: set system flags (authenticated).
    SET_SYS_FLAG = 12 => "SET_SYS_FLAG",
    /// 13: clear system flags (authenticated).
    CLR_SYS_FLAG = 13 => "CLR_SYS_FLAG",
    /// 14: not used.
    MONITOR = 14 => "MONITOR",
    /// 15: not used.
    NOMONITOR = 15 => "NOMONITOR",
    /// 16: the restrict list.
    GET_RESTRICT = 16 => "GET_RESTRICT",
    /// 17: add flags to the restrict list (authenticated).
    RESADDFLAGS = 17 => "RESADDFLAGS",
    /// 18: remove flags from the restrict list (authenticated).
    RESSUBFLAGS = 18 => "RESSUBFLAGS",
    /// 19: remove a restrict list entry (authenticated).
    UNRESTRICT = 19 => "UNRESTRICT",
    /// 20: the monitor list (`info_monitor` items; "monlist" of old
    /// ntpdc; CVE-2013-5211).
    MON_GETLIST = 20 => "MON_GETLIST",
    /// 21: reset statistics counters (authenticated).
    RESET_STATS = 21 => "RESET_STATS",
    /// 22: reset peer statistics counters (authenticated).
    RESET_PEER = 22 => "RESET_PEER",
    /// 23: reread the key file (authenticated).
    REREAD_KEYS = 23 => "REREAD_KEYS",
    /// 24: not used.
    DO_DIRTY_HACK = 24 => "DO_DIRTY_HACK",
    /// 25: not used.
    DONT_DIRTY_HACK = 25 => "DONT_DIRTY_HACK",
    /// 26: add a trusted key (authenticated).
    TRUSTKEY = 26 => "TRUSTKEY",
    /// 27: remove a trusted key (authenticated).
    UNTRUSTKEY = 27 => "UNTRUSTKEY",
    /// 28: authentication information.
    AUTHINFO = 28 => "AUTHINFO",
    /// 29: the traps set.
    TRAPS = 29 => "TRAPS",
    /// 30: add a trap (authenticated).
    ADD_TRAP = 30 => "ADD_TRAP",
    /// 31: clear a trap (authenticated).
    CLR_TRAP = 31 => "CLR_TRAP",
    /// 32: define the request key id (authenticated).
    REQUEST_KEY = 32 => "REQUEST_KEY",
    /// 33: define the control key id (authenticated).
    CONTROL_KEY = 33 => "CONTROL_KEY",
    /// 34: statistics of the control module.
    GET_CTLSTATS = 34 => "GET_CTLSTATS",
    /// 35: not used.
    GET_LEAPINFO = 35 => "GET_LEAPINFO",
    /// 36: reference clock information.
    GET_CLOCKINFO = 36 => "GET_CLOCKINFO",
    /// 37: set reference clock fudge factors (authenticated).
    SET_CLKFUDGE = 37 => "SET_CLKFUDGE",
    /// 38: kernel PLL/PPS information.
    GET_KERNEL = 38 => "GET_KERNEL",
    /// 39: reference clock debugging information.
    GET_CLKBUGINFO = 39 => "GET_CLKBUGINFO",
    /// 41: not used.
    SET_PRECISION = 41 => "SET_PRECISION",
    /// 42: the monitor list with local addresses (`info_monitor_1`
    /// items; `ntpdc -c monlist`; CVE-2013-5211).
    MON_GETLIST_1 = 42 => "MON_GETLIST_1",
    /// 43: a host name and association id.
    HOSTNAME_ASSOCID = 43 => "HOSTNAME_ASSOCID",
    /// 44: interface statistics.
    IF_STATS = 44 => "IF_STATS",
    /// 45: reload the interface list (authenticated).
    IF_RELOAD = 45 => "IF_RELOAD",
}

impl RequestCode {
    /// `true` for the two monitor-list codes, 20 and 42, whose answers
    /// ntpd before 4.2.7p26 sent in up to 100 packets (CVE-2013-5211).
    #[must_use]
    pub const fn is_monlist(self) -> bool {
        matches!(self.0, 20 | 42)
    }
}

wire_enum! {
    /// The err nibble of octet 4 (`INFO_ERR_*` in ntpd's
    /// `ntp_request.h`, texts from its header comment): 0 in requests,
    /// the outcome in responses. An error response is the 8-octet header
    /// with no items (ntpd's `req_ack`). 5 and 6 are unassigned ("I don't
    /// know"); the nibble holds up to 15.
    ///
    /// ```
    /// use ntp_wire::private::ErrorCode;
    ///
    /// assert_eq!(ErrorCode::NO_DATA.to_string(), "no data available (4)");
    /// assert_eq!(ErrorCode(5).name(), None);
    /// ```
    pub struct ErrorCode(u8) as "{}";
    /// 0, `INFO_OKAY`.
    OK = 0 => "no error",
    /// 1, `INFO_ERR_IMPL`.
    IMPLEMENTATION = 1 => "incompatible implementation number",
    /// 2, `INFO_ERR_REQ`.
    REQUEST = 2 => "unimplemented request code",
    /// 3, `INFO_ERR_FMT`: wrong data items, data size, packet size.
    FORMAT = 3 => "format error",
    /// 4, `INFO_ERR_NODATA`: e.g. a request about an unknown peer; what
    /// ntpd since 4.2.7p26 answers to the monitor-list codes.
    NO_DATA = 4 => "no data available",
    /// 7, `INFO_ERR_AUTH`: authentication failure, permission denied.
    AUTHENTICATION = 7 => "authentication failure",
}
