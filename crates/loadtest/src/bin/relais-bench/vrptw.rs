//! Runs the planner on Solomon / Gehring–Homberger instances, checks every answer independently,
//! and prints vehicles, distance and the gap to the best known solutions.
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench vrptw --seconds 5 ../shared/bench/vrptw
//!
//! With `--routes FILE` it solves nothing: it checks and scores the routes another solver wrote
//! (`NAME<TAB>1 5 3;2 4`, one line per instance), with the same checker and the same summary.

use std::path::{Path, PathBuf};
use std::time::Duration;

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
    /// Only instances whose name contains this.
    #[arg(long, default_value = "")]
    only: String,
    /// Score another solver's routes instead of solving.
    #[arg(long)]
    routes: Option<PathBuf>,
    /// Label printed on the summary line.
    #[arg(long, default_value = "relais")]
    label: String,
}

pub fn bench(options: Options) -> anyhow::Result<()> {
    let bks = solomon::best_known(
        &std::fs::read_to_string(options.path.join("bks.csv")).unwrap_or_default(),
    );
    let external = match &options.routes {
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
    for file in instance_files(&options.path)?
        .iter()
        .filter(|f| f.to_string_lossy().contains(&options.only))
    {
        let (name, instance) = solomon::parse(&std::fs::read_to_string(file)?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
        let routes = match &external {
            Some(answers) => match answers.get(&name.to_uppercase()) {
                Some(routes) => routes.clone(),
                None => continue,
            },
            None => {
                let settings = Settings {
                    time_limit: Duration::from_secs_f64(options.seconds),
                    seed: options.seed,
                    ..Settings::default()
                };
                solve(&instance, &settings, |_| {}).routes
            }
        };
        let checked = solomon::check(&instance, &routes);
        summary.record(&name, routes.len(), checked, bks.get(&name.to_uppercase()));
    }
    println!("{}", summary.line(&options.label, options.seconds));
    Ok(())
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
}

impl Summary {
    fn record(
        &mut self,
        name: &str,
        vehicles: usize,
        checked: Result<f64, String>,
        best: Option<&(usize, f64)>,
    ) {
        let distance = match checked {
            Ok(distance) => distance,
            Err(reason) => {
                self.infeasible += 1;
                println!("{name:<10} INFEASIBLE: {reason}");
                return;
            }
        };
        let Some(&(bks_vehicles, bks_distance)) = best else {
            println!("{name:<10} {vehicles:>4} {distance:>10.2}   (no best known solution)");
            return;
        };
        let gap = 100.0 * (distance - bks_distance) / bks_distance;
        self.extra_vehicles += vehicles as i64 - bks_vehicles as i64;
        self.gaps_all.push(gap);
        if vehicles == bks_vehicles {
            self.gaps_at_fleet.push(gap);
        }
        println!(
            "{name:<10} {vehicles:>4} {distance:>10.2} {bks_vehicles:>4} {bks_distance:>10.2} {gap:>+8.2}"
        );
    }

    fn line(&self, label: &str, seconds: f64) -> String {
        let mean = |v: &[f64]| {
            if v.is_empty() { f64::NAN } else { v.iter().sum::<f64>() / v.len() as f64 }
        };
        format!(
            "summary solver={label} seconds={seconds} instances={} extra_vehicles={} at_bks_fleet={} mean_gap_at_bks_fleet={:+.2}% mean_gap_all={:+.2}% infeasible={}",
            self.gaps_all.len() + self.infeasible,
            self.extra_vehicles,
            self.gaps_at_fleet.len(),
            mean(&self.gaps_at_fleet),
            mean(&self.gaps_all),
            self.infeasible
        )
    }
}
