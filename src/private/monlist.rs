//! The monitor-list request of CVE-2013-5211, for reflection filters and
//! intrusion detection.
//!
//! NVD: "The monlist feature in ntp_request.c in ntpd in NTP before
//! 4.2.7p26 allows remote attackers to cause a denial of service (traffic
//! amplification) via forged (1) REQ_MON_GETLIST or (2)
//! REQ_MON_GETLIST_1 requests, as exploited in the wild in December
//! 2013" (US-CERT TA14-013A). One request of 8 octets (scanners often pad
//! it to 48) was answered by up to 600 entries: 100 packets of 440
//! octets at implementation 3, 40 packets of 488 at implementation 2.
//! ntpd 4.2.7p26 and later answer both codes with err 4, "no data
//! available", in one 8-octet packet.

use super::field;

/// `true` when `payload` (a UDP payload, nothing checked before) is a
/// monitor-list request: at least 4 octets, mode 7 with R clear in octet
/// 0, sequence 0 in octet 1 (the A bit either way), implementation 2 or
/// 3 in octet 2, request code 20 (`MON_GETLIST`) or 42 (`MON_GETLIST_1`)
/// in octet 3. Version, M and the rest are not looked at.
///
/// This is the rule of the Emerging Threats Open signatures for the
/// requests (Snort and Suricata, the same text), widened by the A bit:
///
/// | sid | content at offset 1, depth 3 | octet 0 tests | name |
/// |---|---|---|---|
/// | 2017918 | `00 02 2A` | `!&128` (R clear), `&4`, `&2`, `&1` (mode 7) | Possible NTP DDoS Inbound Frequent Un-Authed MON_LIST Requests IMPL 0x02 |
/// | 2017919 | `00 03 2A` | the same | the same, IMPL 0x03 |
///
/// Both match only code 42 with octet 1 exactly `00`; this rule also
/// takes code 20 (the older `MON_GETLIST`, CVE-2013-5211's first form)
/// and a set A bit, which ntpd ignores for the monitor codes (they need
/// no authentication: `ntp_codes[]` in `ntpd/ntp_request.c`) and so
/// answers alike. A nonzero sequence ntpd drops unanswered, so it is not
/// taken. The response signatures (2017920, 2017921: R and M set,
/// `00 02 2a` / `00 03 2a`; 2017965: the same to a port below 1024) see
/// the answers; the later sids 2019010-2019021 flag PEER_LIST (0),
/// PEER_LIST_SUM (1) and GET_RESTRICT (16) in the same way, which answer
/// more modestly and are not taken here.
///
/// ```
/// use ntp_wire::private::is_monlist_request;
///
/// assert!(is_monlist_request(&[0x17, 0x00, 0x03, 0x2a]));
/// assert!(is_monlist_request(&[0x17, 0x00, 0x02, 0x14, 0, 0, 0, 0]));
/// assert!(!is_monlist_request(&[0x97, 0x00, 0x03, 0x2a])); // a response
/// assert!(!is_monlist_request(&[0x17, 0x00, 0x00, 0x2a])); // implementation 0
/// ```
#[must_use]
pub const fn is_monlist_request(payload: &[u8]) -> bool {
    let [octet0, auth_seq, implementation, request, ..] = *payload else {
        return false;
    };
    octet0 & (field::RESPONSE | field::MODE_MASK) == field::MODE_MASK
        && auth_seq & field::SEQ_MASK == 0
        && matches!(implementation, 2 | 3)
        && matches!(request, 20 | 42)
}
