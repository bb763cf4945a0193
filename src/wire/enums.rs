//! The one macro for the wire's open enumerations: a code point that an
//! RFC or a registry names, where any other value may arrive and must be
//! kept (RFC 7822 field types, NTS-KE record types, control opcodes, ...).

/// Defines a newtype over an unsigned integer, with a named constant per
/// known value and the same behaviour everywhere:
///
/// - `pub` tuple field, `From` both ways, `Default` (zero), ordering and
///   hashing by value: nothing read is lost and re-emitting gives the
///   same bits;
/// - `name()`: the registry's name, `None` for a value it does not
///   assign (an optional `else PATH` names a `const fn(Self) ->
///   Option<&'static str>` consulted for the values not listed, such as
///   ranges);
/// - `Debug`: the constant's path for a listed value
///   (`RecordType::END_OF_MESSAGE`), else `Type(value)`;
/// - `Display`: `Name (value)`, or the bare value, the value written with
///   the format given after `as`;
/// - `serde` as the bare number, `defmt` like `Debug`'s value.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($repr:ty) as $fmt:literal $(, else $fallback:path)?;
        $(
            $(#[$cmeta:meta])*
            $const:ident = $value:literal => $text:literal,
        )*
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(transparent))]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        $vis struct $name(pub $repr);

        impl $name {
            $(
                $(#[$cmeta])*
                pub const $const: $name = $name($value);
            )*

            /// The name the specification gives this value, `None` for a
            /// value it does not assign.
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($text),)*
                    #[allow(unreachable_patterns)]
                    _ => $crate::wire::wire_enum!(@fallback self $(, $fallback)?),
                }
            }

            /// The constant's identifier for a listed value.
            const fn const_name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some(stringify!($const)),)*
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }

        impl From<$repr> for $name {
            fn from(v: $repr) -> $name {
                $name(v)
            }
        }

        impl From<$name> for $repr {
            fn from(v: $name) -> $repr {
                v.0
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.const_name() {
                    Some(c) => write!(f, concat!(stringify!($name), "::{}"), c),
                    None => write!(f, concat!(stringify!($name), "(", $fmt, ")"), self.0),
                }
            }
        }

        impl core::fmt::Display for $name {
            /// `Name (value)`, or the bare value when it has no name.
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, concat!("{} (", $fmt, ")"), n, self.0),
                    None => write!(f, $fmt, self.0),
                }
            }
        }
    };
    (@fallback $self:ident) => { None };
    (@fallback $self:ident, $fallback:path) => { $fallback($self) };
}

pub(crate) use wire_enum;
