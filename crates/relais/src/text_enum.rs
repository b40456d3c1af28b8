//! Closed sets of values stored as text (states, kinds, roles), and ids that are not just any
//! string. Rows decode into them directly (`#[derive(sqlx::FromRow)]` with
//! `#[sqlx(try_from = "String")]`): a value the code does not know is a decode error, never a
//! silent default — and the database refuses it in the first place (`migrations/*/0019`).

/// A stored value the code does not know.
#[derive(Debug, thiserror::Error)]
#[error("{what}: unknown stored value {text:?}")]
pub struct UnknownValue {
    pub what: &'static str,
    pub text: String,
}

/// Defines a closed set of values stored as text, with their stored names.
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        $(#[$meta])*
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &[$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|value| value.as_str() == text)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::text_enum::UnknownValue;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::parse(&text)
                    .ok_or($crate::text_enum::UnknownValue { what: stringify!($name), text })
            }
        }
    };
}

pub(crate) use text_enum;

#[cfg(test)]
mod tests {
    text_enum! {
        Light { Red = "red", Green = "green" }
    }

    #[test]
    fn a_stored_value_the_code_does_not_know_is_an_error_not_a_default() {
        assert_eq!(Light::try_from("green".to_string()).ok(), Some(Light::Green));
        let unknown = Light::try_from("blue".to_string()).unwrap_err();
        assert_eq!(unknown.to_string(), "Light: unknown stored value \"blue\"");
    }
}
