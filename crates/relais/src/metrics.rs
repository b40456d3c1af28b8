//! Prometheus metrics on a separate listener bound to loopback (`metrics_listen`): requests by
//! route and status, latencies, WebSocket connections, event bus lag, job queue depth, DB pool.

use std::time::Instant;

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    pool: &'static str,
    state: &'static str,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    websocket_connections: Gauge,
    bus_lag: Gauge,
    jobs_queued: Gauge,
    pool_connections: Family<PoolLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("relais");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register("http_requests", "HTTP requests by route and status", requests.clone());
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer, by route",
            latency.clone(),
        );
        let websocket_connections = Gauge::default();
        registry.register(
            "websocket_connections",
            "Open live-update connections",
            websocket_connections.clone(),
        );
        let bus_lag = Gauge::default();
        registry.register("event_bus_lag", "Events written but not yet published", bus_lag.clone());
        let jobs_queued = Gauge::default();
        registry.register("jobs_queued", "Background jobs waiting to run", jobs_queued.clone());
        let pool_connections = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database connections by pool and state",
            pool_connections.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            websocket_connections,
            bus_lag,
            jobs_queued,
            pool_connections,
        }
    }
}

/// Counts and times every request, labelled by its route pattern (never the raw path).
pub async fn record(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let response = next.run(request).await;
    let metrics = &state.metrics;
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route: route.clone(),
            status: response.status().as_u16(),
        })
        .inc();
    metrics.latency.get_or_create(&RouteLabels { route }).observe(started.elapsed().as_secs_f64());
    response
}

/// The router of the metrics listener.
pub fn router(state: AppState) -> Router {
    Router::new().route("/metrics", get(render)).with_state(state)
}

async fn render(State(state): State<AppState>) -> Response {
    let metrics = &state.metrics;
    metrics.websocket_connections.set(state.connections.open() as i64);
    if let Ok((_, waiting)) = crate::events::outbox::backlog(state.db.reader()).await {
        metrics.bus_lag.set(waiting);
    }
    if let Ok(queued) = crate::jobs::store::queued(state.db.reader()).await {
        metrics.jobs_queued.set(queued);
    }
    for (name, pool) in [("reader", state.db.reader()), ("writer", state.db.writer())] {
        let idle = pool.num_idle() as i64;
        let size = i64::from(pool.size());
        metrics.pool_connections.get_or_create(&PoolLabels { pool: name, state: "idle" }).set(idle);
        metrics
            .pool_connections
            .get_or_create(&PoolLabels { pool: name, state: "busy" })
            .set(size - idle);
    }
    let mut text = String::new();
    if prometheus_client::encoding::text::encode(&mut text, &metrics.registry).is_err() {
        return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    ([("content-type", "application/openmetrics-text; version=1.0.0; charset=utf-8")], text)
        .into_response()
}
