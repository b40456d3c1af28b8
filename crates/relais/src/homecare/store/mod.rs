//! SQL of the home-care feature.

pub mod care;
pub mod corrections;
pub mod patients;
pub mod photos;
pub mod rounds;
pub mod visits;

/// A stored text that is not one of the known values.
fn bad(column: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode { index: column.into(), source: "unknown value".into() }
}
