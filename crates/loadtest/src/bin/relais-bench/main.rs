//! Relais' benchmarks in one program (one link of the server instead of six):
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench <chat|call|documents|platform|round|tasks|vrptw|hhcrsp> [options]   (--help for each)
//!
//! The chat and call benchmarks start `relais serve` from the same directory, so build both:
//! `cargo build --release --workspace --bins`.

mod call;
mod chat;
mod documents;
mod hhcrsp;
mod platform;
mod round;
mod tasks;
mod vrptw;

use clap::Parser;

#[derive(Parser)]
#[command(name = "relais-bench", about = "Relais' benchmarks (programs, not tests)")]
enum Bench {
    /// Messages per second and delivery latency with many users on WebSocket (or a Matrix server).
    Chat(chat::Options),
    /// Call signalling under many concurrent two-party calls.
    Call(call::Options),
    /// One large document uploaded and downloaded: throughput and peak memory.
    Documents(documents::Options),
    /// Outbox throughput, WebSocket fan-out and audit verification.
    Platform(platform::Options),
    /// Caregivers' offline outboxes replayed, each event applied exactly once.
    Round(round::Options),
    /// Task boards: rendering a board of many cards, many people watching while cards move.
    Tasks(tasks::Options),
    /// The planner on Solomon and Gehring–Homberger instances.
    Vrptw(vrptw::Options),
    /// The home-care planner on the Mankowska instances.
    Hhcrsp(hhcrsp::Options),
}

fn main() -> anyhow::Result<()> {
    match Bench::parse() {
        Bench::Chat(options) => runtime()?.block_on(chat::bench(options)),
        Bench::Call(options) => runtime()?.block_on(call::bench(options)),
        Bench::Documents(options) => runtime()?.block_on(documents::bench(options)),
        Bench::Platform(options) => runtime()?.block_on(platform::bench(options)),
        Bench::Round(options) => runtime()?.block_on(round::bench(options)),
        Bench::Tasks(options) => runtime()?.block_on(tasks::bench(options)),
        Bench::Vrptw(options) => vrptw::bench(options),
        Bench::Hhcrsp(options) => hhcrsp::bench(options),
    }
}

fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build()
}
