//! The optimiser's travel times from an OSRM-compatible routing server, against a tiny local
//! fake that answers `/table/v1/…` and records what it was asked.

use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use reqwest::StatusCode;
use serde_json::{Value, json};

use relais::config::RoutingSettings;
use relais::homecare::model::Coordinates;
use relais::homecare::routing::{Source, travel_table};

use super::{TOILETTE, WEEK, add_item, create_patient, service_with, wait_for_proposal};
use crate::helpers::location;

#[derive(Clone, Copy)]
enum Behaviour {
    /// Ten minutes and 5 km between different places; the pair (0, 1) cannot be routed.
    Roads,
    Refuses,
    WrongSize,
}

#[derive(Clone)]
struct Fake {
    behaviour: Behaviour,
    requests: Arc<Mutex<Vec<String>>>,
}

#[derive(serde::Deserialize)]
struct TableQuery {
    sources: String,
    destinations: String,
    annotations: String,
}

async fn table(
    State(fake): State<Fake>,
    Path((profile, coordinates)): Path<(String, String)>,
    Query(q): Query<TableQuery>,
) -> axum::Json<Value> {
    fake.requests.lock().unwrap().push(coordinates.clone());
    assert_eq!(profile, "driving");
    assert_eq!(q.annotations, "duration,distance");
    let count = coordinates.split(';').count();
    assert!(count <= 100, "{count} places in one request");
    let indices =
        |list: &str| -> Vec<usize> { list.split(';').map(|i| i.parse().unwrap()).collect() };
    let (sources, destinations) = (indices(&q.sources), indices(&q.destinations));
    let points: Vec<&str> = coordinates.split(';').collect();
    let cell = |i: usize, j: usize, value: f64| {
        let (a, b) = (points[sources[i]], points[destinations[j]]);
        let unroutable = a.starts_with("-1.600000") && b.starts_with("-1.601000");
        if a == b {
            json!(0.0)
        } else if unroutable {
            Value::Null
        } else {
            json!(value)
        }
    };
    let matrix = |value: f64, rows: usize| -> Value {
        (0..rows)
            .map(|i| (0..destinations.len()).map(|j| cell(i, j, value)).collect::<Vec<_>>())
            .collect()
    };
    axum::Json(match fake.behaviour {
        Behaviour::Roads => {
            json!({ "code": "Ok", "durations": matrix(600.0, sources.len()), "distances": matrix(5000.0, sources.len()) })
        }
        Behaviour::Refuses => json!({ "code": "TooBig", "message": "Too many table coordinates" }),
        Behaviour::WrongSize => {
            json!({ "code": "Ok", "durations": matrix(600.0, 1), "distances": matrix(5000.0, 1) })
        }
    })
}

async fn fake_osrm(behaviour: Behaviour) -> (RoutingSettings, Arc<Mutex<Vec<String>>>) {
    let requests = Arc::new(Mutex::new(Vec::new()));
    let fake = Fake { behaviour, requests: requests.clone() };
    let app = axum::Router::new()
        .route("/table/v1/{profile}/{coordinates}", axum::routing::get(table))
        .with_state(fake);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let settings = RoutingSettings {
        osrm_url: format!("http://{address}/"),
        profile: "driving".into(),
        timeout_seconds: 5,
    };
    (settings, requests)
}

/// 120 places: the first two on a line the fake cannot route.
fn places() -> Vec<Coordinates> {
    (0..120)
        .map(|i| Coordinates {
            latitude_e6: 48_100_000 + i * 1_000,
            longitude_e6: -1_600_000 - i * 1_000,
        })
        .collect()
}

#[tokio::test]
async fn road_times_come_from_the_server_in_blocks_and_unroutable_pairs_keep_the_estimate() {
    let (settings, requests) = fake_osrm(Behaviour::Roads).await;
    let places = places();
    let table = travel_table(&settings, &places).await.unwrap();
    assert_eq!(table.source, Source::RoutingServer);
    assert_eq!(requests.lock().unwrap().len(), 9, "120 places in blocks of 50: 3 × 3 requests");
    let (distance, minutes) = table.matrices(&places).unwrap();
    assert_eq!(minutes[5][80], 10.0);
    assert_eq!(distance[119][3], 5000.0);
    assert_eq!(minutes[7][7], 0.0);
    let estimate = relais::homecare::routing::TravelTable::estimate(&places).unwrap();
    let (estimated_distance, estimated_minutes) = estimate.matrices(&places).unwrap();
    assert_eq!(minutes[0][1], estimated_minutes[0][1], "an unroutable pair keeps the estimate");
    assert_eq!(distance[0][1], estimated_distance[0][1]);
    assert_ne!(minutes[0][2], estimated_minutes[0][2]);
    // Duplicated places are asked once; a place outside the table has no matrix.
    let twice: Vec<Coordinates> = places.iter().chain(places.iter()).copied().collect();
    let table = travel_table(&settings, &twice).await.unwrap();
    assert_eq!(table.matrices(&twice).unwrap().0.len(), 240);
    let elsewhere = Coordinates { latitude_e6: 43_600_000, longitude_e6: 1_440_000 };
    assert!(table.matrices(&[elsewhere]).is_none());
}

#[tokio::test]
async fn a_failing_or_absent_server_falls_back_to_the_estimate() {
    let places = places();
    for behaviour in [Behaviour::Refuses, Behaviour::WrongSize] {
        let (settings, requests) = fake_osrm(behaviour).await;
        let table = travel_table(&settings, &places).await.unwrap();
        assert_eq!(table.source, Source::Estimate);
        assert_eq!(requests.lock().unwrap().len(), 1, "the first bad answer stops asking");
    }
    let closed = RoutingSettings {
        osrm_url: "http://127.0.0.1:9".into(),
        profile: "driving".into(),
        timeout_seconds: 2,
    };
    assert_eq!(travel_table(&closed, &places).await.unwrap().source, Source::Estimate);
    let none = RoutingSettings::default();
    assert_eq!(travel_table(&none, &places).await.unwrap().source, Source::Estimate);
}

#[tokio::test]
async fn the_optimiser_asks_the_configured_routing_server() {
    let (routing, requests) = fake_osrm(Behaviour::Roads).await;
    let service = service_with(move |s| s.planning.routing = routing).await;
    let jeanne = create_patient(&service, "Jeanne", "48.1147").await;
    assert_eq!(add_item(&service, &jeanne, &TOILETTE).await.status(), StatusCode::SEE_OTHER);
    let team = service.team_a.as_str();
    service.coordinator.post("/planning/generate", &[("team", team), ("week", WEEK)]).await;
    let started = service
        .coordinator
        .post("/planning/optimise", &[("team", team), ("day", WEEK), ("scope", "day")])
        .await;
    let proposal = location(&started).trim_start_matches("/planning/proposals/").to_string();
    wait_for_proposal(&service, &proposal).await;
    assert_eq!(requests.lock().unwrap().len(), 1, "one table for the caregivers and the patient");
}
