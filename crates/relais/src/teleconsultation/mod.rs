//! Teleconsultation and télésoin: a professional meets a patient by video, with a family carer
//! or an interpreter as second guest. Guests have no account: each has a link and a one-time code
//! sent by another channel; they check their devices, give their consent, wait, and the
//! professional admits them. The call never records; the incidents (drops, reconnections,
//! audio-only) are logged as they happen and go into the report, sealed in the patient's record.

pub mod api;
pub mod forms;
pub mod guest;
pub mod guest_pages;
pub mod invitation;
pub mod model;
pub mod pages;
pub mod report;
pub mod service;
pub mod store;

/// The waiting room opens this long before the slot.
pub const EARLY_MINUTES: i64 = 30;
/// Links still work this long after the slot's end (a consultation that runs late).
pub const GRACE_MINUTES: i64 = 60;
/// Wrong codes accepted on one link before it locks.
pub const MAX_CODE_FAILURES: i64 = 5;
/// The patient and at most two others (a family carer, an interpreter).
pub const MAX_GUESTS: usize = 3;
