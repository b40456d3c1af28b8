//! Relais: a self-hosted workspace for health and medico-social teams.
//!
//! The map of this crate is in `docs/architecture.md`.

pub mod account;
pub mod admin;
pub mod antivirus;
pub mod api;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod blobs;
pub mod callrounds;
pub mod calls;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod documents;
pub mod error;
pub mod events;
pub mod feedback;
pub mod homecare;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod messaging;
pub mod metrics;
pub mod org;
pub mod privacy;
pub mod protocols;
pub mod secrets;
pub mod server;
pub mod setup;
pub mod state;
pub mod surveys;
pub mod tasks;
pub mod teleconsultation;
pub mod telework;
pub mod text_enum;
pub mod tls;
pub mod training;
pub mod typed_id;
pub mod web;
pub mod workload;
