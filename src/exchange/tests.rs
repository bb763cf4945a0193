//! Exchange internals; the public behaviour is tested in tests/exchange.rs.

use super::*;
use crate::fields::Mode;

#[test]
fn pairing_table_in_full() {
    let expected = [
        (Mode::Reserved, ExpectedReply::None, None),
        (
            Mode::SymmetricActive,
            ExpectedReply::Symmetric,
            Some(Mode::SymmetricPassive),
        ),
        (Mode::SymmetricPassive, ExpectedReply::None, None),
        (
            Mode::Client,
            ExpectedReply::Exactly(Mode::Server),
            Some(Mode::Server),
        ),
        (Mode::Server, ExpectedReply::None, None),
        (Mode::Broadcast, ExpectedReply::None, None),
        (
            Mode::Control,
            ExpectedReply::Exactly(Mode::Control),
            Some(Mode::Control),
        ),
        (
            Mode::Private,
            ExpectedReply::Exactly(Mode::Private),
            Some(Mode::Private),
        ),
    ];
    for (request, reply, server_mode) in expected {
        assert_eq!(ExpectedReply::to(request), reply, "{request}");
        assert_eq!(reply.server_mode(), server_mode, "{request}");
        for answer in Mode::ALL {
            let fits = match request {
                Mode::SymmetricActive => {
                    matches!(answer, Mode::SymmetricActive | Mode::SymmetricPassive)
                }
                Mode::Client => answer == Mode::Server,
                Mode::Control | Mode::Private => answer == request,
                _ => false,
            };
            assert_eq!(reply.allows(answer), fits, "{request} -> {answer}");
        }
    }
}
