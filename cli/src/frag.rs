//! IPv4 fragment reassembly (RFC 791 section 3.2), bounded: at most
//! [`MAX_PENDING`] datagrams in progress, each at most 65,535 octets, each
//! given up [`TIMEOUT_SECS`] seconds of capture time after its first
//! fragment. What is given up (evicted to make room, timed out, or still
//! incomplete at the end of the input) is counted and reported, never
//! dropped silently.

use std::net::Ipv4Addr;

use crate::ntp::CaptureTime;

/// Datagrams in reassembly at once.
pub const MAX_PENDING: usize = 64;
/// Seconds of capture time a datagram may take to complete (Linux's
/// `ipfrag_time` default).
pub const TIMEOUT_SECS: i64 = 30;
/// The largest IPv4 payload.
const MAX_DATAGRAM: usize = 65_535;

/// One IPv4 fragment of a UDP datagram.
#[derive(Debug, Clone, Copy)]
pub struct Fragment<'a> {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// Identification field.
    pub id: u16,
    /// Offset of `data` in the datagram's payload, in octets.
    pub offset: usize,
    /// More-fragments flag.
    pub more: bool,
    /// The fragment's payload.
    pub data: &'a [u8],
    /// Frame it came in.
    pub frame: u64,
    /// Capture time.
    pub time: Option<CaptureTime>,
    /// First VLAN id of the frame.
    pub vlan: Option<u16>,
}

/// A datagram put back together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complete {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// The IP payload: UDP header and data.
    pub data: Vec<u8>,
    /// Frames of its fragments, in arrival order.
    pub frames: Vec<u64>,
    /// First VLAN id.
    pub vlan: Option<u16>,
}

/// A datagram given up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Abandoned {
    /// Source address.
    pub src: Ipv4Addr,
    /// Destination address.
    pub dst: Ipv4Addr,
    /// Identification field.
    pub id: u16,
    /// Frames of the fragments that came.
    pub frames: Vec<u64>,
    /// Why: evicted, timed out, or incomplete at the end of the input.
    pub reason: &'static str,
}

struct Pending {
    key: (Ipv4Addr, Ipv4Addr, u16),
    data: Vec<u8>,
    /// One bit per 8-octet block received.
    have: Vec<u64>,
    total: Option<usize>,
    frames: Vec<u64>,
    started: Option<CaptureTime>,
    vlan: Option<u16>,
}

impl Pending {
    fn blocks(len: usize) -> usize {
        len.div_ceil(8)
    }

    fn complete(&self) -> bool {
        let Some(total) = self.total else {
            return false;
        };
        (0..Self::blocks(total)).all(|b| self.have[b / 64] >> (b % 64) & 1 == 1)
    }

    fn abandon(self, reason: &'static str) -> Abandoned {
        Abandoned {
            src: self.key.0,
            dst: self.key.1,
            id: self.key.2,
            frames: self.frames,
            reason,
        }
    }
}

/// The reassembly state. See the module documentation for its bounds.
#[derive(Default)]
pub struct Reassembler {
    pending: Vec<Pending>,
    done: Option<Complete>,
    abandoned: Vec<Abandoned>,
}

impl Reassembler {
    /// Nothing pending.
    pub fn new() -> Reassembler {
        Reassembler::default()
    }

    /// Adds a fragment; a datagram it completes is then in
    /// [`Reassembler::take_complete`].
    pub fn add(&mut self, f: Fragment<'_>) {
        self.expire(f.time);
        let key = (f.src, f.dst, f.id);
        let end = f.offset + f.data.len();
        if end > MAX_DATAGRAM {
            self.abandoned.push(Abandoned {
                src: f.src,
                dst: f.dst,
                id: f.id,
                frames: vec![f.frame],
                reason: "fragment reaches past 65,535 octets",
            });
            return;
        }
        let i = match self.pending.iter().position(|p| p.key == key) {
            Some(i) => i,
            None => {
                if self.pending.len() == MAX_PENDING {
                    let oldest = self.pending.remove(0);
                    self.abandoned
                        .push(oldest.abandon("evicted: too many datagrams in reassembly"));
                }
                self.pending.push(Pending {
                    key,
                    data: Vec::new(),
                    have: vec![0; Pending::blocks(MAX_DATAGRAM).div_ceil(64)],
                    total: None,
                    frames: Vec::new(),
                    started: f.time,
                    vlan: f.vlan,
                });
                self.pending.len() - 1
            }
        };
        let p = &mut self.pending[i];
        if p.data.len() < end {
            p.data.resize(end, 0);
        }
        p.data[f.offset..end].copy_from_slice(f.data);
        for b in f.offset / 8..Pending::blocks(end) {
            p.have[b / 64] |= 1 << (b % 64);
        }
        if !f.more {
            p.total = Some(end);
        }
        p.frames.push(f.frame);
        if p.complete() {
            let mut p = self.pending.remove(i);
            let total = p.total.unwrap_or(p.data.len());
            p.data.truncate(total);
            self.done = Some(Complete {
                src: p.key.0,
                dst: p.key.1,
                data: p.data,
                frames: p.frames,
                vlan: p.vlan,
            });
        }
    }

    fn expire(&mut self, now: Option<CaptureTime>) {
        let Some(now) = now else { return };
        let mut i = 0;
        while i < self.pending.len() {
            let old = self.pending[i]
                .started
                .is_some_and(|t| now.secs.saturating_sub(t.secs) > TIMEOUT_SECS);
            if old {
                let p = self.pending.remove(i);
                self.abandoned.push(p.abandon("timed out (30 s)"));
            } else {
                i += 1;
            }
        }
    }

    /// The datagram the last fragment completed, if any.
    pub fn take_complete(&mut self) -> Option<Complete> {
        self.done.take()
    }

    /// Datagrams given up since the last call.
    pub fn take_abandoned(&mut self) -> Vec<Abandoned> {
        std::mem::take(&mut self.abandoned)
    }

    /// Gives up everything still pending (end of input).
    pub fn finish(&mut self) -> Vec<Abandoned> {
        let pending = std::mem::take(&mut self.pending);
        let mut out = self.take_abandoned();
        out.extend(
            pending
                .into_iter()
                .map(|p| p.abandon("incomplete at the end of the input")),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frag(id: u16, offset: usize, more: bool, data: &[u8], frame: u64) -> Fragment<'_> {
        Fragment {
            src: Ipv4Addr::LOCALHOST,
            dst: Ipv4Addr::new(127, 0, 0, 2),
            id,
            offset,
            more,
            data,
            frame,
            time: Some(CaptureTime {
                secs: frame as i64,
                nanos: 0,
            }),
            vlan: None,
        }
    }

    #[test]
    fn out_of_order_fragments_reassemble() {
        let mut r = Reassembler::new();
        let a = [1u8; 16];
        let b = [2u8; 5];
        r.add(frag(7, 16, false, &b, 1));
        assert_eq!(r.take_complete(), None);
        r.add(frag(7, 0, true, &a, 2));
        let c = r.take_complete().unwrap();
        assert_eq!(c.frames, vec![1, 2]);
        let mut want = a.to_vec();
        want.extend_from_slice(&b);
        assert_eq!(c.data, want);
        assert!(r.finish().is_empty());
    }

    #[test]
    fn missing_piece_is_reported_at_the_end() {
        let mut r = Reassembler::new();
        r.add(frag(9, 0, true, &[0; 8], 3));
        let a = r.finish();
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].id, &a[0].frames[..], a[0].reason),
            (9, &[3u64][..], "incomplete at the end of the input")
        );
    }

    #[test]
    fn bounded_and_timed_out() {
        let mut r = Reassembler::new();
        for id in 0..=MAX_PENDING as u16 {
            r.add(frag(id, 0, true, &[0; 8], 1));
        }
        let a = r.take_abandoned();
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].id, a[0].reason),
            (0, "evicted: too many datagrams in reassembly")
        );
        r.add(frag(1000, 0, true, &[0; 8], 1 + TIMEOUT_SECS as u64 + 1));
        assert_eq!(r.take_abandoned().len(), MAX_PENDING);
        assert_eq!(r.finish().len(), 1);
    }
}
