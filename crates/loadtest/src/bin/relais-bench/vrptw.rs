//! Runs the planner on Solomon / Gehring–Homberger instances, checks every answer independently,
//! and prints vehicles, distance and the gap to the best known solutions.
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench vrptw --seconds 5 ../shared/bench/vrptw
//!
//! With `--routes FILE` it solves nothing: it checks and scores the routes another solver wrote
//! (`NAME<TAB>1 5 3;2 4`, one line per instance), with the same checker and the same summary.
//! With `--write-routes DIR` it writes each answer as `DIR/NAME.sol` in the CVRPLIB solution
//! format (`Route #1: 5 3 8` … `Cost 1234.56`) so that anyone can check it; `--routes DIR` reads
//! such a directory back and scores it. An instance that
//! cannot be read, has no answer or makes the solver fail counts as infeasible, never skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use relais_loadtest::solomon;
use relais_planner::{Settings, solve};

#[derive(clap::Args)]
pub struct Options {
    /// Directory with `bks.csv` and instance folders (or instance files).
    path: PathBuf,
    /// Time limit per instance.
    #[arg(long, default_value_t = 1.0)]
    seconds: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only instances whose name contains this (or one of these, separated by commas).
    #[arg(long, default_value = "")]
    only: String,
    /// Score another solver's routes instead of solving: a file of `NAME<TAB>routes` lines, or a
    /// directory of `NAME.sol` files in the CVRPLIB format (as `--write-routes` writes them).
    #[arg(long)]
    routes: Option<PathBuf>,
    /// Label printed on the summary line.
    #[arg(long, default_value = "relais")]
    label: String,
    /// Write each answer to this directory (CVRPLIB solution format).
    #[arg(long)]
    write_routes: Option<PathBuf>,
}

pub fn bench(options: Options) -> anyhow::Result<()> {
    let bks = solomon::best_known(
        &std::fs::read_to_string(options.path.join("bks.csv")).unwrap_or_default(),
    );
    let external = match &options.routes {
        Some(path) if path.is_dir() => Some(read_solution_files(path)?),
        Some(path) => Some(
            solomon::read_routes(&std::fs::read_to_string(path)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        ),
        None => None,
    };
    let mut summary = Summary::default();
    println!(
        "{:<10} {:>4} {:>10} {:>4} {:>10} {:>8}",
        "instance", "veh", "distance", "bks", "bks dist", "gap %"
    );
    if let Some(dir) = &options.write_routes {
        std::fs::create_dir_all(dir)?;
    }
    for file in instance_files(&options.path)?
        .iter()
        .filter(|f| options.only.split(',').any(|o| f.to_string_lossy().contains(o)))
    {
        let fallback_name = file.file_stem().map(|s| s.to_string_lossy().to_string());
        let (name, instance) = match std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| solomon::parse(&text))
        {
            Ok(parsed) => parsed,
            Err(reason) => {
                summary.unanswered(&fallback_name.unwrap_or_default(), &reason);
                continue;
            }
        };
        let answer = match &external {
            Some(answers) => answers
                .get(&name.to_uppercase())
                .cloned()
                .map(|routes| (routes, None))
                .ok_or_else(|| "no answer for this instance".to_string()),
            None => {
                let settings = Settings {
                    time_limit: Duration::from_secs_f64(options.seconds),
                    seed: options.seed,
                    ..Settings::default()
                };
                let started = Instant::now();
                std::panic::catch_unwind(|| solve(&instance, &settings, |_| {}))
                    .map(|solution| {
                        let speed = solution.iterations as f64 / started.elapsed().as_secs_f64();
                        (solution.routes, Some(speed))
                    })
                    .map_err(|_| "the solver failed".to_string())
            }
        };
        let (routes, speed) = match answer {
            Ok(answer) => answer,
            Err(reason) => {
                summary.unanswered(&name, &reason);
                continue;
            }
        };
        let checked = solomon::check(&instance, &routes);
        if let (Some(dir), Ok(distance)) = (&options.write_routes, &checked) {
            std::fs::write(
                dir.join(format!("{name}.sol")),
                solomon::write_solution(&routes, *distance),
            )?;
        }
        summary.record(&name, routes.len(), checked, bks.get(&name.to_uppercase()), speed);
    }
    println!("{}", summary.line(&options.label, options.seconds));
    Ok(())
}

/// `NAME.sol` files (CVRPLIB format) by upper-case instance name; an unreadable one is an error.
fn read_solution_files(dir: &Path) -> anyhow::Result<HashMap<String, Vec<Vec<usize>>>> {
    let mut answers = HashMap::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "sol")
            && let Some(name) = path.file_stem()
        {
            let routes = solomon::read_solution(&std::fs::read_to_string(&path)?)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            answers.insert(name.to_string_lossy().to_uppercase(), routes);
        }
    }
    Ok(answers)
}

fn instance_files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path)? {
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
    Ok(files)
}

#[derive(Default)]
struct Summary {
    extra_vehicles: i64,
    gaps_at_fleet: Vec<f64>,
    gaps_all: Vec<f64>,
    infeasible: usize,
    speeds: Vec<f64>,
}

impl Summary {
    fn record(
        &mut self,
        name: &str,
        vehicles: usize,
        checked: Result<f64, String>,
        best: Option<&(usize, f64)>,
        speed: Option<f64>,
    ) {
        let distance = match checked {
            Ok(distance) => distance,
            Err(reason) => return self.unanswered(name, &reason),
        };
        self.speeds.extend(speed);
        let speed = speed.map_or(String::new(), |s| format!(" {s:>9.0} it/s"));
        let Some(&(bks_vehicles, bks_distance)) = best else {
            println!("{name:<10} {vehicles:>4} {distance:>10.2}   (no best known solution){speed}");
            return;
        };
        let gap = 100.0 * (distance - bks_distance) / bks_distance;
        self.extra_vehicles += vehicles as i64 - bks_vehicles as i64;
        self.gaps_all.push(gap);
        if vehicles == bks_vehicles {
            self.gaps_at_fleet.push(gap);
        }
        println!(
            "{name:<10} {vehicles:>4} {distance:>10.2} {bks_vehicles:>4} {bks_distance:>10.2} {gap:>+8.2}{speed}"
        );
    }

    /// An instance without a checked answer (unreadable, unanswered, failed or infeasible).
    fn unanswered(&mut self, name: &str, reason: &str) {
        self.infeasible += 1;
        println!("{name:<10} INFEASIBLE: {reason}");
    }

    fn line(&self, label: &str, seconds: f64) -> String {
        let mean = |v: &[f64]| {
            if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 }
        };
        format!(
            "summary solver={label} seconds={seconds} instances={} extra_vehicles={} at_bks_fleet={} mean_gap_at_bks_fleet={:+.2}% mean_gap_all={:+.2}% infeasible={} iterations_per_second={:.0}",
            self.gaps_all.len() + self.infeasible,
            self.extra_vehicles,
            self.gaps_at_fleet.len(),
            mean(&self.gaps_at_fleet),
            mean(&self.gaps_all),
            self.infeasible,
            mean(&self.speeds)
        )
    }
}
