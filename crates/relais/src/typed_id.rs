//! Identifiers of one kind of record (`PatientId`, `VisitId`…): a visit's id cannot be passed where
//! a patient's is expected, a row decodes its id columns into them, and an id typed by someone
//! (a URL, a form) becomes one only through `parse`, which accepts only what Relais hands out.

/// Defines an identifier type stored as text.
macro_rules! typed_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(String);

        impl $name {
            /// A new, unique identifier (time-ordered).
            pub fn generate() -> Self {
                Self($crate::secrets::new_id())
            }

            /// An identifier from outside, if it can be one Relais issued.
            pub fn parse(text: &str) -> Option<Self> {
                $crate::web::ids::is_id(text).then(|| Self(text.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        /// Read from JSON or a form only if it can be an identifier Relais issued.
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).ok_or_else(|| serde::de::Error::custom("not an identifier"))
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        /// The single `{id}` of a route, already checked (anything else is "not found").
        impl<S: Send + Sync> axum::extract::FromRequestParts<S> for $name {
            type Rejection = $crate::error::AppError;

            async fn from_request_parts(
                parts: &mut axum::http::request::Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                let $crate::web::ids::IdPath(id) =
                    $crate::web::ids::IdPath::from_request_parts(parts, state).await?;
                Ok(Self(id))
            }
        }

        /// Tests write identifiers as literals.
        #[cfg(test)]
        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
    };
}

pub(crate) use typed_id;

/// A 0/1 column read as a yes/no (both databases store flags as integers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Flag(pub bool);

impl TryFrom<i64> for Flag {
    type Error = crate::text_enum::UnknownValue;

    fn try_from(value: i64) -> Result<Self, Self::Error> {
        match value {
            0 => Ok(Flag(false)),
            1 => Ok(Flag(true)),
            other => Err(crate::text_enum::UnknownValue { what: "Flag", text: other.to_string() }),
        }
    }
}

#[cfg(test)]
mod tests {
    typed_id! {
        ThingId
    }

    #[test]
    fn only_issued_identifiers_parse() {
        let id = ThingId::generate();
        assert_eq!(ThingId::parse(id.as_str()), Some(id.clone()));
        assert_eq!(id, id.to_string());
        assert!(ThingId::parse("a\u{0}b").is_none());
        assert!(ThingId::parse(&"x".repeat(65)).is_none());
    }

    #[test]
    fn a_flag_is_zero_or_one() {
        assert_eq!(super::Flag::try_from(1).ok(), Some(super::Flag(true)));
        assert!(super::Flag::try_from(2).is_err());
    }
}
