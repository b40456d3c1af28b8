//! Integration tests: the real server on 127.0.0.1:0, on SQLite by default and on PostgreSQL
//! when RELAIS_TEST_DATABASE_URL is set (each test gets its own database).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account_takeover;
mod admin;
mod api_v1;
mod audit;
mod backup;
mod boundaries;
mod browser;
mod calls;
mod cli;
mod csrf_and_headers;
mod demo;
mod documents;
mod encryption;
mod faults;
mod helpers;
mod homecare;
mod hostile;
mod live;
mod messaging;
mod multi_instance;
mod operations;
mod protocols;
mod schema;
mod sessions;
mod setup;
mod sign_in;
mod smtp_sink;
mod states;
mod surveys;
mod tasks;
mod teleconsultation;
mod telework;
mod tenancy;
