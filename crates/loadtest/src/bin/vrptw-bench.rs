//! Runs the planner on Solomon / Gehring–Homberger instances, checks every answer independently,
//! and prints vehicles, distance and the gap to the best known solutions.
//!
//! cargo run --release -p relais-loadtest --bin vrptw-bench -- --seconds 5 ../shared/bench/vrptw

use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use relais_loadtest::solomon;
use relais_planner::{Settings, solve};

#[derive(Parser)]
struct Options {
    /// Directory with `bks.csv` and instance folders (or instance files).
    path: PathBuf,
    /// Time limit per instance.
    #[arg(long, default_value_t = 1.0)]
    seconds: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only instances whose name contains this.
    #[arg(long, default_value = "")]
    only: String,
}

fn main() -> anyhow::Result<()> {
    let options = Options::parse();
    let bks = solomon::best_known(
        &std::fs::read_to_string(options.path.join("bks.csv")).unwrap_or_default(),
    );
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&options.path)? {
        let path = entry?.path();
        if path.is_dir() {
            for inner in std::fs::read_dir(&path)? {
                files.push(inner?.path());
            }
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    files.sort();
    let (mut extra_vehicles, mut gaps_at_fleet, mut gaps_all, mut infeasible) =
        (0i64, Vec::new(), Vec::new(), 0);
    println!(
        "{:<10} {:>4} {:>10} {:>4} {:>10} {:>8}",
        "instance", "veh", "distance", "bks", "bks dist", "gap %"
    );
    for file in files.iter().filter(|f| f.to_string_lossy().contains(&options.only)) {
        let (name, instance) = solomon::parse(&std::fs::read_to_string(file)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let settings = Settings {
            time_limit: Duration::from_secs_f64(options.seconds),
            seed: options.seed,
            ..Settings::default()
        };
        let solution = solve(&instance, &settings, |_| {});
        let checked = solomon::check(&instance, &solution.routes);
        let Ok(distance) = checked else {
            infeasible += 1;
            println!("{name:<10} INFEASIBLE: {}", checked.err().unwrap_or_default());
            continue;
        };
        let Some(&(bks_vehicles, bks_distance)) = bks.get(&name.to_uppercase()) else {
            println!(
                "{name:<10} {:>4} {distance:>10.2}   (no best known solution)",
                solution.routes.len()
            );
            continue;
        };
        let gap = 100.0 * (distance - bks_distance) / bks_distance;
        extra_vehicles += solution.routes.len() as i64 - bks_vehicles as i64;
        gaps_all.push(gap);
        if solution.routes.len() == bks_vehicles {
            gaps_at_fleet.push(gap);
        }
        println!(
            "{name:<10} {:>4} {distance:>10.2} {bks_vehicles:>4} {bks_distance:>10.2} {gap:>+8.2}",
            solution.routes.len()
        );
    }
    let mean =
        |v: &[f64]| if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 };
    println!(
        "summary seconds={} instances={} extra_vehicles={extra_vehicles} at_bks_fleet={} mean_gap_at_bks_fleet={:+.2}% mean_gap_all={:+.2}% infeasible={infeasible}",
        options.seconds,
        gaps_all.len() + infeasible,
        gaps_at_fleet.len(),
        mean(&gaps_at_fleet),
        mean(&gaps_all)
    );
    Ok(())
}
