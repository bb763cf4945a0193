//! The peer list inside a whole `w32tm /config /manualpeerlist:"..."`
//! command line.

use super::{ManualPeerList, PeerListError, PeerListRule};

/// The option that carries the list (`w32tm /?`; the `w32tm` reference
/// of "Windows Time service tools and settings").
const OPTION: &[u8] = b"manualpeerlist:";

/// One argument of a command line as cmd.exe hands it over: a run of
/// characters without white space outside double quotes.
struct Argument {
    start: usize,
    end: usize,
}

/// The arguments of `line`, or [`PeerListRule::UnclosedQuote`].
fn arguments(line: &str) -> Result<impl Iterator<Item = Argument> + '_, PeerListError> {
    // Check the quotes once, so that the iterator cannot fail.
    let mut open = None;
    for (i, c) in line.bytes().enumerate() {
        if c == b'"' {
            open = if open.is_some() { None } else { Some(i) };
        }
    }
    if let Some(at) = open {
        return Err(PeerListError::new(at, 1, PeerListRule::UnclosedQuote));
    }
    let b = line.as_bytes();
    let mut pos = 0;
    Ok(core::iter::from_fn(move || {
        while pos < b.len() && b[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= b.len() {
            return None;
        }
        let start = pos;
        let mut quoted = false;
        while pos < b.len() && (quoted || !b[pos].is_ascii_whitespace()) {
            quoted ^= b[pos] == b'"';
            pos += 1;
        }
        Some(Argument { start, end: pos })
    }))
}

/// Where the value of a `/manualpeerlist:` argument lies, with whether it
/// was quoted; `None` for another argument.
fn value_of(line: &str, arg: &Argument) -> Option<Result<(usize, usize, bool), PeerListError>> {
    let b = &line.as_bytes()[arg.start..arg.end];
    let lead = usize::from(b.first() == Some(&b'"'));
    let rest = &b[lead..];
    let is_option = matches!(rest.first(), Some(b'/' | b'-'))
        && rest.len() > OPTION.len()
        && rest[1..=OPTION.len()].eq_ignore_ascii_case(OPTION);
    if !is_option {
        return None;
    }
    let value = arg.start + lead + 1 + OPTION.len();
    let quoting = PeerListError::new(value, arg.end - value, PeerListRule::Quoting);
    let inner = &line.as_bytes()[value..arg.end];
    let quotes = inner.iter().filter(|&&c| c == b'"').count();
    Some(if lead == 1 {
        // "/manualpeerlist:a b": the whole argument in quotes.
        match (quotes, inner.last()) {
            (1, Some(b'"')) => Ok((value, arg.end - 1, true)),
            _ => Err(quoting),
        }
    } else if inner.first() == Some(&b'"') {
        // /manualpeerlist:"a b"
        match (quotes, inner.last()) {
            (2, Some(b'"')) => Ok((value + 1, arg.end - 1, true)),
            _ => Err(quoting),
        }
    } else if quotes == 0 {
        Ok((value, arg.end, false))
    } else {
        Err(quoting)
    })
}

impl<'a> ManualPeerList<'a> {
    /// The peer list of a whole command line such as
    /// `w32tm /config /manualpeerlist:"time.windows.com,0x8 ntp.example.org,0x9" /syncfromflags:MANUAL /update`,
    /// quoted or not, read as cmd.exe splits arguments (white space outside
    /// double quotes). The option is found in any case, after `/` or `-`;
    /// the rest of the line is not looked at, so a prompt or `w32tm.exe`
    /// before it does not matter. Offsets of peers and errors are in
    /// `line` (KB 875424).
    ///
    /// Errors: [`PeerListRule::NoPeerListOption`],
    /// [`PeerListRule::RepeatedPeerListOption`],
    /// [`PeerListRule::UnclosedQuote`], [`PeerListRule::Quoting`],
    /// [`PeerListRule::UnquotedList`] (a list with spaces but no quotes,
    /// which cmd.exe cuts after the first peer: [`PeerListError::corrected`]
    /// quotes it), and every error of [`ManualPeerList::parse`].
    ///
    /// ```
    /// use ntp_wire::w32time::{ManualPeerList, PeerListRule};
    ///
    /// let line = r#"C:\> w32tm /config /manualpeerlist:"ntp.local,0x4 10.0.0.1,0x9" /syncfromflags:manual /update"#;
    /// let list = ManualPeerList::from_command_line(line)?;
    /// assert_eq!(list.to_string(), "ntp.local,0x4 10.0.0.1,0x9");
    /// assert_eq!(list.iter().next().unwrap().offset, 36);
    ///
    /// let line = "w32tm /config /manualpeerlist:a.example,0x8 b.example,0x8 /update";
    /// let err = ManualPeerList::from_command_line(line).unwrap_err();
    /// assert_eq!(err.rule, PeerListRule::UnquotedList { span: 27 });
    /// assert_eq!(
    ///     err.corrected(line).unwrap().to_string(),
    ///     "w32tm /config /manualpeerlist:\"a.example,0x8 b.example,0x8\" /update"
    /// );
    /// # Ok::<(), ntp_wire::w32time::PeerListError>(())
    /// ```
    pub fn from_command_line(line: &'a str) -> Result<ManualPeerList<'a>, PeerListError> {
        let mut args = arguments(line)?.peekable();
        let mut found: Option<(usize, usize, usize)> = None;
        while let Some(arg) = args.next() {
            let Some(value) = value_of(line, &arg) else {
                continue;
            };
            if let Some((first, _, _)) = found {
                let len = arg.end - arg.start;
                let rule = PeerListRule::RepeatedPeerListOption { first };
                return Err(PeerListError::new(arg.start, len, rule));
            }
            let (start, mut end, quoted) = value?;
            if !quoted {
                // Words after an unquoted value that are no options are
                // the rest of a list cmd.exe has cut.
                while let Some(next) =
                    args.next_if(|a| !matches!(line.as_bytes()[a.start], b'/' | b'-'))
                {
                    end = next.end;
                }
                let value = line.get(start..end).unwrap_or("");
                if value.bytes().any(|c| c.is_ascii_whitespace()) {
                    let rule = PeerListRule::UnquotedList { span: end - start };
                    return Err(PeerListError::new(start, end - start, rule));
                }
            }
            found = Some((arg.start, start, end));
        }
        match found {
            Some((_, start, end)) => ManualPeerList::parse_span(line, start, end),
            None => Err(PeerListError::new(
                0,
                line.len(),
                PeerListRule::NoPeerListOption,
            )),
        }
    }
}
