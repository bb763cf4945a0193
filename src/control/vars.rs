//! `name=value` variable lists: [`Variables`], [`Variable`], [`Limits`].

use core::iter::FusedIterator;
use core::ops::Range;

use crate::wire::{to_u32, Span};
use crate::{ControlRule, Error, Result};

/// The longest names and values a [`Variables`] walk accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Limits {
    /// The longest name, in octets.
    pub name: u16,
    /// The longest value (quotes included), in octets.
    pub value: u16,
}

impl Limits {
    /// What a server takes in a request: fewer than 128 octets
    /// (`ctl_getitem`'s buffer; ntpd 4.2.8p15 and NTPsec 1.2.2).
    pub const REQUEST: Limits = Limits {
        name: 127,
        value: 127,
    };
    /// What classic ntpq takes in a response: names below `MAXVARLEN`
    /// 256, values below `MAXVALLEN` 2048. NTPsec's system and peer
    /// variables stay under 512 (its `ctl_putstr` buffer).
    pub const RESPONSE: Limits = Limits {
        name: 255,
        value: 2047,
    };
    /// No bound but the data's length (a `u16` cannot say more than
    /// 65535, the most a reassembled response holds).
    pub const NONE: Limits = Limits {
        name: u16::MAX,
        value: u16::MAX,
    };
}

impl Default for Limits {
    /// [`Limits::RESPONSE`].
    fn default() -> Limits {
        Limits::RESPONSE
    }
}

/// One item of a variable list: a name, and the value after its `=` if it
/// has one. Borrowed from the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Variable<'a> {
    name: Span<'a>,
    /// The value, and whether it is one quoted string.
    value: Option<Span<'a, bool>>,
}

impl<'a> Variable<'a> {
    /// The name, as in the data.
    #[must_use]
    pub const fn name(&self) -> &'a [u8] {
        self.name.bytes()
    }

    /// The name as text, `None` if it is not UTF-8.
    #[must_use]
    pub fn name_str(&self) -> Option<&'a str> {
        core::str::from_utf8(self.name()).ok()
    }

    /// The value: `None` for a name with no `=`, `Some(b"")` for `name=`.
    /// A value that is one quoted string (`"x86_64"`) comes without its
    /// quotes; any other is as in the data ([`Variable::raw_value`]).
    #[must_use]
    pub fn value(&self) -> Option<&'a [u8]> {
        self.value.map(|v| {
            let b = v.bytes();
            if v.meta() {
                &b[1..b.len() - 1]
            } else {
                b
            }
        })
    }

    /// [`Variable::value`] as text, `None` without a value or if it is
    /// not UTF-8.
    #[must_use]
    pub fn value_str(&self) -> Option<&'a str> {
        self.value().and_then(|v| core::str::from_utf8(v).ok())
    }

    /// The value exactly as in the data, quotes included.
    #[must_use]
    pub fn raw_value(&self) -> Option<&'a [u8]> {
        self.value.map(|v| v.bytes())
    }

    /// `true` when the value is one quoted string.
    #[must_use]
    pub fn is_quoted(&self) -> bool {
        self.value.is_some_and(|v| v.meta())
    }

    /// Where the name is in the data (plus the base offset of the walk).
    #[must_use]
    pub const fn name_range(&self) -> Range<usize> {
        self.name.range()
    }

    /// Where the raw value is, `None` without a value.
    #[must_use]
    pub fn value_range(&self) -> Option<Range<usize>> {
        self.value.map(|v| v.range())
    }
}

/// A walk of a `name=value` list: an iterator of borrowed [`Variable`]s.
///
/// The `name=value` variable lists of control message data (RFC 9327,
/// "Commands": READVAR, WRITEVAR, READCLOCK, READ_MRU, REQ_NONCE, READSTAT
/// of one association).
///
/// The grammar read here, the common ground of what ntpd and NTPsec write
/// (`ctl_putdata`, `ctl_putstr`, `ctl_putunqstr`) and what both ntpqs read
/// (classic `nextvar`, NTPsec `__parse_varlist`):
///
/// - items are separated by commas, spaces, tabs, CR and LF, in any number
///   (servers write `", "` and `",\r\n"`, and end the list with `"\r\n"`);
/// - an item is a name, optionally followed by `=` and a value; a name is
///   any octets but `,` `=` `"` CR LF and the control octets, stripped of
///   trailing spaces and tabs;
/// - a value runs to the next comma, CR or LF outside quotes and is
///   stripped of spaces and tabs at both ends; `"..."` parts may hold
///   commas and spaces, not CR or LF: a quote still open at the end of the
///   line is [`ControlRule::UnterminatedQuote`];
/// - a name holding NUL, another control octet than tab, or DEL, and a
///   value holding NUL, are [`ControlRule::BadOctet`]; values may hold
///   any other octet (NTPsec 1.2.2 sends stray octets such as 0x06 and the
///   four octets of a timestamp inside its peer variables `filtdelay`,
///   `filtoffset` and `filtdisp`: left from an uninitialized buffer, seen
///   in `tests/data/mode6/ntpq-p-04-response`);
/// - names and values longer than the caller's [`Limits`] are
///   [`ControlRule::NameTooLong`] / [`ControlRule::ValueTooLong`]: by
///   default 127 octets in requests, as ntpd's `ctl_getitem` takes fewer
///   than 128 (CVE-2018-7182, CVE-2016-2519), and ntpq's 255 and 2047 in
///   responses.
///
/// One difference with the server: `ctl_getitem` knows no quotes, so it
/// would split a request value at a comma inside quotes where this reader
/// does not. ntpq never sends quotes.
///
/// Never panics, whatever the octets. Each step consumes at least one
/// octet or ends the walk; after an error it yields nothing more
/// (`FusedIterator`).
///
/// ```
/// use ntp_wire::control::Variables;
///
/// let data = b"version=\"ntpd ntpsec-1.2.2\", stratum=9,\r\nrefid=127.127.1.0, flag\r\n";
/// let mut vars = Variables::response(data);
/// let v = vars.next().unwrap()?;
/// assert_eq!((v.name(), v.value()), (&b"version"[..], Some(&b"ntpd ntpsec-1.2.2"[..])));
/// assert!(v.is_quoted());
/// assert_eq!(vars.next().unwrap()?.value_str(), Some("9"));
/// assert_eq!(vars.next().unwrap()?.value_str(), Some("127.127.1.0"));
/// let flag = vars.next().unwrap()?;
/// assert_eq!((flag.name(), flag.value()), (&b"flag"[..], None));
/// assert!(vars.next().is_none());
/// # Ok::<(), ntp_wire::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Variables<'a> {
    data: &'a [u8],
    pos: usize,
    base: usize,
    limits: Limits,
    done: bool,
}

/// Octets that separate items.
const SEPARATOR: u8 = 1;
/// Octets that end a name: `,` `=` CR LF.
const NAME_END: u8 = 2;
/// Octets no name holds: `"`, NUL, control octets but tab, CR, LF, DEL.
const NAME_BAD: u8 = 4;
/// Octets a value scan stops at: `,` `"` CR LF NUL.
const VALUE_STOP: u8 = 8;

/// The classes of every octet: one load per octet in the scans.
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let mut class = 0;
        if matches!(c, b',' | b' ' | b'\t' | b'\r' | b'\n') {
            class |= SEPARATOR;
        }
        if matches!(c, b',' | b'=' | b'\r' | b'\n') {
            class |= NAME_END;
        }
        if c == b'"' || (c < 0x20 && !matches!(c, b'\t' | b'\r' | b'\n')) || c == 0x7f {
            class |= NAME_BAD;
        }
        if matches!(c, b',' | b'"' | b'\r' | b'\n' | 0) {
            class |= VALUE_STOP;
        }
        t[b] = class;
        b += 1;
    }
    t
};

/// The first position from `pos` whose octet is of `class`, or the end.
#[inline]
fn scan(data: &[u8], pos: usize, class: u8) -> usize {
    data[pos..]
        .iter()
        .position(|&b| CLASS[usize::from(b)] & class != 0)
        .map_or(data.len(), |i| pos + i)
}

/// The end of `data[start..end]` without trailing spaces and tabs.
fn trim_end(data: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(data[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    end
}

impl<'a> Variables<'a> {
    /// A walk of `data` with the given bounds; error and item offsets
    /// count from the start of `data`.
    #[must_use]
    pub fn new(data: &'a [u8], limits: Limits) -> Variables<'a> {
        Variables::at(data, 0, limits)
    }

    /// A walk of request data: [`Limits::REQUEST`].
    #[must_use]
    pub fn request(data: &'a [u8]) -> Variables<'a> {
        Variables::new(data, Limits::REQUEST)
    }

    /// A walk of response data: [`Limits::RESPONSE`].
    #[must_use]
    pub fn response(data: &'a [u8]) -> Variables<'a> {
        Variables::new(data, Limits::RESPONSE)
    }

    /// A walk whose offsets count from `base` (the data's place in its
    /// message).
    pub(crate) fn at(data: &'a [u8], base: usize, limits: Limits) -> Variables<'a> {
        // Offsets are kept as u32: a longer input is walked as its first
        // u32::MAX octets, which no message comes near.
        let data = &data[..data
            .len()
            .min(u32::MAX as usize - base.min(u32::MAX as usize))];
        Variables {
            data,
            pos: 0,
            base,
            limits,
            done: false,
        }
    }

    /// The first item named `name`, walking from here: `Ok(None)` if none
    /// is, the walk's error if it breaks first.
    pub fn find(self, name: &[u8]) -> Result<Option<Variable<'a>>> {
        for item in self {
            let v = item?;
            if v.name() == name {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// Where the walk is: the offset (from the base) of the next octet it
    /// reads.
    pub(crate) fn offset(&self) -> usize {
        self.base + self.pos
    }

    fn fail(&mut self, at: usize, rule: ControlRule) -> Option<Result<Variable<'a>>> {
        self.done = true;
        Some(Err(Error::control(self.base + at, rule)))
    }

    fn span(&self, start: usize, end: usize) -> Span<'a> {
        Span::new(&self.data[start..end], to_u32(self.base + start))
    }
}

impl<'a> Iterator for Variables<'a> {
    type Item = Result<Variable<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let data = self.data;
        let mut pos = self.pos;
        while pos < data.len() && CLASS[usize::from(data[pos])] & SEPARATOR != 0 {
            pos += 1;
        }
        if pos == data.len() {
            self.done = true;
            return None;
        }
        let start = pos;
        pos = scan(data, pos, NAME_END | NAME_BAD);
        if pos < data.len() && CLASS[usize::from(data[pos])] & NAME_BAD != 0 {
            return self.fail(pos, ControlRule::BadOctet { octet: data[pos] });
        }
        let name_end = trim_end(data, start, pos);
        if name_end == start {
            // Separators were skipped, so only a '=' stops a name at once.
            return self.fail(start, ControlRule::EmptyName);
        }
        if name_end - start > usize::from(self.limits.name) {
            let rule = ControlRule::NameTooLong {
                len: to_u32(name_end - start),
                limit: self.limits.name,
            };
            return self.fail(start, rule);
        }
        let name = self.span(start, name_end);
        if pos == data.len() || data[pos] != b'=' {
            self.pos = pos;
            return Some(Ok(Variable { name, value: None }));
        }
        pos += 1;
        while pos < data.len() && matches!(data[pos], b' ' | b'\t') {
            pos += 1;
        }
        let value_start = pos;
        let mut open_quote = None;
        let mut quotes = 0usize;
        loop {
            pos = scan(data, pos, VALUE_STOP);
            let Some(&b) = data.get(pos) else {
                break;
            };
            match (b, open_quote) {
                (b'"', Some(_)) => open_quote = None,
                (b'"', None) => {
                    open_quote = Some(pos);
                    quotes += 1;
                }
                (b'\r' | b'\n', Some(q)) => return self.fail(q, ControlRule::UnterminatedQuote),
                (b',' | b'\r' | b'\n', None) => break,
                (b',', Some(_)) => {}
                (_, _) => return self.fail(pos, ControlRule::BadOctet { octet: b }),
            }
            pos += 1;
        }
        if let Some(q) = open_quote {
            return self.fail(q, ControlRule::UnterminatedQuote);
        }
        let value_end = trim_end(data, value_start, pos);
        let len = value_end - value_start;
        if len > usize::from(self.limits.value) {
            let rule = ControlRule::ValueTooLong {
                len: to_u32(len),
                limit: self.limits.value,
            };
            return self.fail(value_start, rule);
        }
        let quoted =
            quotes == 1 && len >= 2 && data[value_start] == b'"' && data[value_end - 1] == b'"';
        self.pos = pos;
        Some(Ok(Variable {
            name,
            value: Some(Span::with_meta(
                &data[value_start..value_end],
                to_u32(self.base + value_start),
                quoted,
            )),
        }))
    }
}

impl FusedIterator for Variables<'_> {}
