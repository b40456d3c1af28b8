//! Runs the home-care planner on the Mankowska et al. instances (Udine JSON), checks every answer
//! independently, and prints the objective (distance + total tardiness + max tardiness) / 3 with
//! the gap to the best known value.
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench hhcrsp --seconds 60 ../shared/bench/hhcrsp
//!
//! With `--write-routes DIR` each answer is written as `DIR/sol-NAME.json` in the solution format
//! of the published best known solutions (routes of `{patient, service, arrival_time,
//! departure_time}` per caregiver), for any checker. An instance that cannot be read or makes the
//! planner fail counts as infeasible, never skipped.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use relais_loadtest::hhcrsp;
use relais_planner::Settings;
use relais_planner::homecare::solve;

#[derive(clap::Args)]
pub struct Options {
    /// Directory with `bks.csv` and `instances/`.
    path: PathBuf,
    /// Time limit per instance.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only instances whose name contains this (or one of these, separated by commas).
    #[arg(long, default_value = "")]
    only: String,
    /// Write each answer to this directory (JSON, the published solutions' format).
    #[arg(long)]
    write_routes: Option<PathBuf>,
}

pub fn bench(options: Options) -> anyhow::Result<()> {
    let bks = hhcrsp::best_known(
        &std::fs::read_to_string(options.path.join("bks.csv")).unwrap_or_default(),
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(options.path.join("instances"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| options.only.split(',').any(|o| p.to_string_lossy().contains(o)))
        .collect();
    files.sort_by_key(|p| {
        let name = p.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let numbers: Vec<u32> = name.split('_').filter_map(|s| s.parse().ok()).collect();
        (numbers, name)
    });
    println!(
        "{:<26} {:>10} {:>9} {:>8} {:>7} {:>10} {:>8} {:>9} {:>4}",
        "instance", "objective", "distance", "tard", "max", "bks", "gap %", "iter", "same"
    );
    let mut gaps_by_size: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    let mut infeasible = 0;
    for file in &files {
        let name = file.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        let solved = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|text| hhcrsp::parse(&text))
            .and_then(|instance| {
                let problem = hhcrsp::to_problem(&instance)?;
                let settings = Settings {
                    time_limit: Duration::from_secs_f64(options.seconds),
                    seed: options.seed,
                    ..Settings::default()
                };
                std::panic::catch_unwind(|| solve(&problem, &settings, |_| {}))
                    .map_err(|_| "the planner failed".to_string())?
                    .map_err(|e| e.to_string())
                    .map(|answer| (instance, answer))
            });
        let checked = solved.and_then(|(instance, answer)| {
            hhcrsp::check(&instance, &answer.rounds).map(|score| (instance, answer, score))
        });
        let (instance, answer, score) = match checked {
            Ok(checked) => checked,
            Err(reason) => {
                infeasible += 1;
                println!("{name:<26} INFEASIBLE: {reason}");
                continue;
            }
        };
        if let Some(dir) = &options.write_routes {
            std::fs::create_dir_all(dir)?;
            let solution = hhcrsp::write_solution(&instance, &answer.rounds);
            std::fs::write(dir.join(format!("sol-{name}.json")), solution)?;
        }
        let best = bks.get(&name).copied();
        let gap = best.map(|b| 100.0 * (score.objective - b) / b);
        println!(
            "{name:<26} {:>10.3} {:>9.3} {:>8.3} {:>7.3} {:>10} {:>8} {:>9} {:>4}",
            score.objective,
            score.distance,
            score.total_tardiness,
            score.max_tardiness,
            best.map_or("-".into(), |b| format!("{b:.3}")),
            gap.map_or("-".into(), |g| format!("{g:+.2}")),
            answer.iterations,
            score.same_caregiver_pairs
        );
        if let Some(gap) = gap {
            gaps_by_size.entry(instance.patients.len()).or_default().push(gap);
        }
    }
    for (size, gaps) in &gaps_by_size {
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let worst = gaps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        println!(
            "summary seconds={} patients={size} instances={} mean_gap={mean:+.2}% worst_gap={worst:+.2}%",
            options.seconds,
            gaps.len()
        );
    }
    println!("summary seconds={} infeasible={infeasible}", options.seconds);
    Ok(())
}
