//! The web server: routes, layers, start-up, background upkeep and graceful shutdown.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::config::Settings;
use crate::db::Db;
use crate::state::AppState;
use crate::web::{assets, csrf, error_pages, headers, listener, logging, storage};
use crate::{account, admin, auth, setup};

/// Every route, with the layers every response goes through.
pub fn router(state: AppState) -> Router {
    let max_body = state.settings.limits.max_body_bytes;
    // Upload routes raise axum's per-extractor limit to `max_upload_bytes` themselves.
    let max_request = state.settings.limits.max_upload_bytes;
    let ordinary = Router::new()
        .merge(setup::routes::router())
        .merge(auth::routes::router())
        .merge(account::router())
        .merge(crate::web::design::router())
        .merge(admin::router())
        .merge(crate::homecare::routes::router(&state))
        .merge(crate::messaging::routes::router(&state))
        .merge(crate::events::ws::router())
        .merge(crate::calls::routes::router())
        .merge(crate::teleconsultation::pages::router())
        .merge(crate::teleconsultation::guest_pages::router())
        .merge(crate::telework::routes::router())
        .merge(crate::protocols::routes::router())
        .merge(crate::privacy::routes::router())
        .merge(crate::training::routes::router())
        .merge(crate::tasks::routes::router(&state))
        .merge(crate::surveys::routes::router())
        .merge(crate::feedback::routes::router())
        .merge(crate::callrounds::routes::router())
        .merge(crate::workload::routes::router())
        .merge(crate::api::endpoints::router())
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        // Stylesheets and scripts are the same for everyone: gzip them (pages, which carry the
        // CSRF token next to what people type, are not compressed).
        .route("/static/{name}", get(assets::show).layer(CompressionLayer::new()))
        .route("/round-sw.js", get(assets::round_service_worker))
        .route("/manifest.webmanifest", get(assets::manifest))
        .layer(RequestBodyLimitLayer::new(max_request));
    Router::new()
        .merge(ordinary)
        // Documents cap their own upload routes at the (larger) document limit.
        .merge(crate::documents::routes::router(&state))
        .layer(from_fn_with_state(state.clone(), crate::audit::refusals::record_refusals))
        .fallback(error_pages::not_found)
        .layer(from_fn_with_state(state.clone(), csrf::provide_token))
        .layer(from_fn_with_state(state.clone(), csrf::check_origin))
        .layer(DefaultBodyLimit::max(max_body))
        .layer(from_fn_with_state(state.clone(), storage::watch))
        .layer(from_fn_with_state(state.clone(), error_pages::render_errors_as_pages))
        .layer(from_fn_with_state(state.clone(), headers::add_security_headers))
        .layer(from_fn_with_state(state.clone(), crate::metrics::record))
        .layer(from_fn_with_state(state.clone(), crate::web::client::resolve_address))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(logging::request_span))
        .layer(PropagateRequestIdLayer::new(request_id_header()))
        .layer(SetRequestIdLayer::new(request_id_header(), MakeRequestUuid))
        .with_state(state)
}

fn request_id_header() -> axum::http::HeaderName {
    axum::http::HeaderName::from_static(logging::REQUEST_ID_HEADER)
}

/// Ready to serve: the database answers, storage takes writes, and the event bus is connected.
async fn ready(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, crate::error::AppError> {
    if state.storage.is_full() && !storage::probe(&state).await {
        return Err(crate::error::AppError::StorageFull);
    }
    sqlx::query("SELECT 1").execute(state.db.reader()).await.map_err(|error| {
        tracing::warn!(%error, "readiness check: database unreachable");
        crate::error::AppError::Unavailable
    })?;
    if !state.bus.is_connected() {
        tracing::warn!("readiness check: event bus not connected");
        return Err(crate::error::AppError::Unavailable);
    }
    Ok("ready")
}

/// A server started in the background.
pub struct RunningServer {
    pub address: SocketAddr,
    pub state: AppState,
    /// The one-time setup link token, when no organisation exists yet.
    pub setup_token: Option<String>,
    /// Where Prometheus metrics are served, if enabled.
    pub metrics_address: Option<SocketAddr>,
    stop: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// Finishes in-flight requests, then stops.
    pub async fn shutdown(self) -> std::io::Result<()> {
        let _ = self.stop.send(true);
        self.wait().await
    }

    /// Runs until the server stops (after a shutdown signal).
    pub async fn wait(self) -> std::io::Result<()> {
        let outcome = self.task.await.map_err(std::io::Error::other)?;
        self.state.db.close().await;
        outcome
    }

    /// The address to open in a browser.
    pub fn url(&self) -> String {
        match &self.state.settings.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None if self.state.settings.serves_tls() => format!("https://{}", self.address),
            None => format!("http://{}", self.address),
        }
    }
}

/// What each feature brings to the platform: its periodic jobs, its groups of live events.
fn registrations() -> crate::state::Registrations {
    let mut features = crate::state::Registrations::default();
    crate::jobs::worker::register_platform(&mut features.jobs);
    crate::org::service::register_groups(&mut features.groups);
    crate::messaging::jobs::register(&mut features.jobs);
    crate::telework::jobs::register(&mut features.jobs);
    crate::documents::jobs::register(&mut features.jobs);
    crate::tasks::jobs::register(&mut features.jobs);
    crate::privacy::register_jobs(&mut features.jobs);
    crate::surveys::recurrence::register(&mut features.jobs);
    crate::messaging::register_groups(&mut features.groups);
    crate::api::webhooks::register(&mut features.jobs);
    features.runtimes.extend([
        crate::homecare::optimise::start_runtime as crate::state::StartRuntime,
        crate::messaging::writer::start_runtime,
        crate::calls::room::start_runtime,
    ]);
    features
}

/// Connects to the database, migrates it, binds the listener and serves in the background.
pub async fn start(settings: Settings) -> anyhow::Result<RunningServer> {
    crate::audit::anchor::check_writable(&settings)?;
    let db = Db::connect(&settings).await?;
    db.migrate().await?;
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen on {}: {error}", settings.listen))?;
    let address = listener.local_addr()?;
    let state = AppState::new(settings, db, registrations()).await?;
    let setup_token = setup::service::issue_token_if_uninitialised(&state)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let (stop, stopped) = watch::channel(false);
    if state.settings.jobs.run {
        tokio::spawn(crate::jobs::worker::run(state.clone(), stopped.clone()));
    }
    tokio::spawn(crate::events::publisher::run(
        state.db.clone(),
        state.bus.clone(),
        state.events.clone(),
        stopped.clone(),
    ));
    let metrics_address = match state.settings.metrics_address() {
        Some(address) => Some(serve_metrics(state.clone(), address, stopped.clone()).await?),
        None => None,
    };
    let tls = match (&state.settings.tls.cert_file, &state.settings.tls.key_file) {
        (Some(cert), Some(key)) => {
            Some(tokio_rustls::TlsAcceptor::from(crate::tls::server_config(cert, key)?))
        }
        _ => None,
    };
    let limits = connection_limits(&state.settings);
    let task = tokio::spawn(listener::serve(
        listener,
        router(state.clone()),
        tls,
        limits,
        state.open_connections.clone(),
        stopped,
    ));
    Ok(RunningServer { address, state, setup_token, metrics_address, stop, task })
}

/// The connection caps and timeouts, with the caps lowered to what the process's file-descriptor
/// limit allows (raised first to its hard limit where the system lets it).
fn connection_limits(settings: &Settings) -> listener::Limits {
    let connections = &settings.connections;
    let descriptors = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(error) => {
            tracing::warn!(%error, "cannot raise the open-file limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map(|(soft, _)| soft).unwrap_or(1024)
        }
    };
    // Files, database connections and the listeners need some descriptors too.
    let reserve = 128;
    let allowed =
        usize::try_from(descriptors.saturating_sub(reserve)).unwrap_or(usize::MAX).max(16);
    let max = connections.max.min(allowed);
    if max < connections.max {
        tracing::warn!(
            descriptors,
            max,
            "the open-file limit caps connections below connections.max: raise LimitNOFILE"
        );
    }
    listener::Limits {
        max,
        // One address never takes every place, so others (a health check) still get in.
        max_per_ip: connections.max_per_ip.min((max / 2).max(1)),
        trusted_proxies: connections.proxy_ranges(),
        header_timeout: Duration::from_secs(connections.header_timeout_seconds),
        tls_handshake_timeout: Duration::from_secs(connections.tls_handshake_timeout_seconds),
    }
}

/// Serves `/metrics` on its own listener until the server stops.
async fn serve_metrics(
    state: AppState,
    address: SocketAddr,
    mut stopped: watch::Receiver<bool>,
) -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind(address)
        .await
        .map_err(|error| anyhow::anyhow!("cannot listen for metrics on {address}: {error}"))?;
    let bound = listener.local_addr()?;
    if !bound.ip().is_loopback() {
        tracing::warn!(%bound, "metrics are served beyond loopback: restrict access to this port");
    }
    tokio::spawn(async move {
        let shutdown = async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        if let Err(error) = axum::serve(listener, crate::metrics::router(state))
            .with_graceful_shutdown(shutdown)
            .await
        {
            tracing::warn!(%error, "metrics listener stopped");
        }
    });
    Ok(bound)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {}
        _ = terminate => {}
    }
}

/// Serves until Ctrl-C or SIGTERM, printing where to open Relais and how to sign in.
pub async fn serve(settings: Settings) -> anyhow::Result<()> {
    let server = start(settings).await?;
    print_banner(&server);
    let stop = server.stop.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing requests in flight");
        let _ = stop.send(true);
    });
    server.wait().await?;
    Ok(())
}

fn print_banner(server: &RunningServer) {
    let url = server.url();
    println!("Relais is running: {url}");
    match &server.setup_token {
        Some(token) => {
            println!();
            println!(
                "First start. Open this one-time link (valid 1 hour) to create your organisation"
            );
            println!("and its administrator account:");
            println!(
                "  Premier démarrage : ouvrez ce lien à usage unique (valable 1 heure) pour créer"
            );
            println!("  votre organisation et son compte administrateur :");
            println!();
            println!("    {url}/setup?token={token}");
            println!();
        }
        None => println!("Sign in at {url}/login"),
    }
    println!("Stop with Ctrl-C.");
}
