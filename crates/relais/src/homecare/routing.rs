//! Travel between the places of a team (caregivers' starts, patients' homes) for the optimiser:
//! road times and distances from an OSRM-compatible server when one is configured
//! (`planning.routing.osrm_url`), else the straight-line estimate. A server that fails, times out
//! or answers nonsense never stops planning: the estimate takes over and the log says why.

use std::collections::HashMap;
use std::time::Duration;

use planner::travel::{Matrices, TravelModel};
use serde::Deserialize;

use super::model::Coordinates;
use crate::config::RoutingSettings;

/// Where the times come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Estimate,
    RoutingServer,
}

/// Car travel between every pair of a set of places: metres and minutes.
#[derive(Debug, Clone)]
pub struct TravelTable {
    index: HashMap<(i64, i64), usize>,
    distance: Vec<Vec<f64>>,
    minutes: Vec<Vec<f64>>,
    pub source: Source,
}

/// At most this many places per side of one table request (OSRM's default limit is 100 in all).
const BLOCK: usize = 50;

fn unique(places: &[Coordinates]) -> Vec<Coordinates> {
    let mut seen = HashMap::new();
    places
        .iter()
        .copied()
        .filter(|p| seen.insert((p.latitude_e6, p.longitude_e6), ()).is_none())
        .collect()
}

impl TravelTable {
    fn new(places: Vec<Coordinates>, (distance, minutes): Matrices, source: Source) -> Self {
        let index =
            places.iter().enumerate().map(|(i, p)| ((p.latitude_e6, p.longitude_e6), i)).collect();
        Self { index, distance, minutes, source }
    }

    /// The straight-line estimate between `places`.
    pub fn estimate(places: &[Coordinates]) -> Option<Self> {
        let places = unique(places);
        let points: Vec<_> = places.iter().map(|p| p.point()).collect();
        let matrices = TravelModel::default().matrices(&points).ok()?;
        Some(Self::new(places, matrices, Source::Estimate))
    }

    /// The matrices between `places` (each one of the table's), in their order.
    pub fn matrices(&self, places: &[Coordinates]) -> Option<Matrices> {
        let rows: Vec<usize> = places
            .iter()
            .map(|p| self.index.get(&(p.latitude_e6, p.longitude_e6)).copied())
            .collect::<Option<_>>()?;
        let pick = |matrix: &Vec<Vec<f64>>| -> Vec<Vec<f64>> {
            rows.iter().map(|&i| rows.iter().map(|&j| matrix[i][j]).collect()).collect()
        };
        Some((pick(&self.distance), pick(&self.minutes)))
    }
}

/// The travel table between `places`: from the routing server when configured and answering,
/// else estimated.
pub async fn travel_table(
    settings: &RoutingSettings,
    places: &[Coordinates],
) -> Option<TravelTable> {
    let estimate = TravelTable::estimate(places)?;
    let url = settings.osrm_url.trim().trim_end_matches('/');
    if url.is_empty() {
        return Some(estimate);
    }
    let places = unique(places);
    match osrm_matrices(settings, url, &places, &estimate).await {
        Ok(matrices) => Some(TravelTable::new(places, matrices, Source::RoutingServer)),
        Err(error) => {
            tracing::warn!(%error, "routing server unavailable; travel times are estimated");
            Some(estimate)
        }
    }
}

#[derive(Deserialize)]
struct TableAnswer {
    code: String,
    durations: Option<Vec<Vec<Option<f64>>>>,
    distances: Option<Vec<Vec<Option<f64>>>>,
}

/// Asks the server block by block; a pair it cannot route keeps the estimate.
async fn osrm_matrices(
    settings: &RoutingSettings,
    url: &str,
    places: &[Coordinates],
    estimate: &TravelTable,
) -> anyhow::Result<Matrices> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(settings.timeout_seconds))
        .build()?;
    let (mut distance, mut minutes) =
        estimate.matrices(places).ok_or_else(|| anyhow::anyhow!("places missing"))?;
    let blocks: Vec<std::ops::Range<usize>> = (0..places.len())
        .step_by(BLOCK)
        .map(|start| start..(start + BLOCK).min(places.len()))
        .collect();
    for sources in &blocks {
        for destinations in &blocks {
            let mut chosen: Vec<usize> = sources.clone().collect();
            chosen.extend(destinations.clone().filter(|d| !sources.contains(d)));
            let coordinates = chosen
                .iter()
                .map(|&i| {
                    let p = places[i];
                    format!("{:.6},{:.6}", p.longitude_e6 as f64 / 1e6, p.latitude_e6 as f64 / 1e6)
                })
                .collect::<Vec<_>>()
                .join(";");
            let position = |i: usize| chosen.iter().position(|&c| c == i).unwrap_or(0).to_string();
            let list = |range: &std::ops::Range<usize>| {
                range.clone().map(position).collect::<Vec<_>>().join(";")
            };
            let request = format!(
                "{url}/table/v1/{}/{coordinates}?sources={}&destinations={}&annotations=duration,distance",
                settings.profile,
                list(sources),
                list(destinations)
            );
            let answer: TableAnswer =
                client.get(&request).send().await?.error_for_status()?.json().await?;
            if answer.code != "Ok" {
                anyhow::bail!("routing server answered {}", answer.code);
            }
            let (durations, distances) = (
                answer.durations.ok_or_else(|| anyhow::anyhow!("no durations"))?,
                answer.distances.ok_or_else(|| anyhow::anyhow!("no distances"))?,
            );
            let fits = |m: &Vec<Vec<Option<f64>>>| {
                m.len() == sources.len() && m.iter().all(|row| row.len() == destinations.len())
            };
            if !fits(&durations) || !fits(&distances) {
                anyhow::bail!("routing server answered a table of the wrong size");
            }
            for (row, i) in sources.clone().enumerate() {
                for (column, j) in destinations.clone().enumerate() {
                    let valid = |v: Option<f64>| v.filter(|v| v.is_finite() && *v >= 0.0);
                    if let Some(seconds) = valid(durations[row][column]) {
                        minutes[i][j] = seconds / 60.0;
                    }
                    if let Some(metres) = valid(distances[row][column]) {
                        distance[i][j] = metres;
                    }
                }
            }
        }
    }
    Ok((distance, minutes))
}
