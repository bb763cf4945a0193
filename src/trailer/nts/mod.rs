//! Network Time Security for NTPv4 (RFC 8915 section 5): the four NTS
//! extension fields, the request and response rules, the request layout,
//! and the walk of decrypted inner fields.
//!
//! ```text
//! +--------+--------------------+------------+----------------+-------------------------+
//! | header | Unique Identifier  | NTS Cookie | Placeholder... | NTS Authenticator (last)|
//! +--------+--------------------+------------+----------------+-------------------------+
//! |<------------- associated data (authenticated) ------------>|
//! ```
//!
//! No cryptography here: [`NtsAuthenticator`] gives the associated data,
//! nonce and ciphertext ranges; the caller runs the AEAD (RFC 8915 section
//! 5.6) and walks the plaintext with [`InnerFields`].

mod check;
mod fields;
mod inner;
mod write;

pub use check::{NtsRequest, NtsResponse};
pub use fields::{NtsAuthenticator, NtsCookie, NtsCookiePlaceholder, NtsUniqueIdentifier};
pub use inner::InnerFields;
pub use write::{nts_authenticator_len, write_request, NtsRequestLayout};
