//! FHIR R4 JSON: a team's patients, caregivers, care plans, visits and vigilance signs as a
//! `collection` Bundle, and the import of Patient and CarePlan bundles with a report of what
//! was refused. French FR Core profiles are declared where they apply (Patient, Practitioner,
//! Encounter); what Relais adds has its own extension or code system under `urn:relais:fhir:`.

pub mod export;
pub mod import;
mod mapping;
mod read;

pub use export::team_bundle;
pub use import::{ImportReport, Rejected, import_bundle};

/// The media type of FHIR JSON.
pub const MEDIA_TYPE: &str = "application/fhir+json";
/// The largest bundle accepted for import.
pub const MAX_IMPORT_BYTES: usize = 4 * 1024 * 1024;
/// The most entries a bundle may hold for import.
pub const MAX_IMPORT_ENTRIES: usize = 2000;
/// The longest period one export may cover.
pub const MAX_EXPORT_DAYS: i64 = 62;
