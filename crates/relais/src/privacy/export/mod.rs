//! The export of one's own data (GDPR art. 15 and 20): a job collects everything Relais records
//! about the person, writes a ZIP with the data as JSON, a readable summary in HTML and the files
//! they uploaded, seals it and keeps it seven days.

pub mod archive;
pub mod collect;
pub mod job;
pub mod service;

/// How long a finished export can be downloaded.
pub const KEPT_DAYS: i64 = 7;

/// The most file content put in one export; beyond it, files are listed by name and size.
pub const MAX_FILE_BYTES: i64 = 512 * 1024 * 1024;
