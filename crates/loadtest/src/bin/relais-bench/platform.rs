//! Platform benchmarks: events per second through the outbox, WebSocket delivery latency with
//! many connected clients, and `audit verify` time for a large log.
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench platform [--database-url postgres://…]

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use relais::config::Settings;
use relais::secrets::Redacted;
use relais::server::{RunningServer, start};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[derive(clap::Args)]
pub struct Options {
    /// PostgreSQL to measure instead of SQLite (a fresh, empty database).
    #[arg(long)]
    database_url: Option<String>,
    /// Events written through the outbox.
    #[arg(long, default_value_t = 5000)]
    events: usize,
    /// Concurrent writers.
    #[arg(long, default_value_t = 8)]
    writers: usize,
    /// WebSocket clients connected at once.
    #[arg(long, default_value_t = 1000)]
    clients: usize,
    /// Events sent to every client, at `rate` per second.
    #[arg(long, default_value_t = 100)]
    messages: usize,
    #[arg(long, default_value_t = 20)]
    rate: u64,
    /// Audit rows to write, then verify.
    #[arg(long, default_value_t = 1_000_000)]
    audit_rows: usize,
}

pub async fn bench(options: Options) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let settings = Settings {
        listen: "127.0.0.1:0".parse()?,
        data_dir: dir.path().to_path_buf(),
        database_url: options.database_url.clone().map(Redacted),
        metrics_listen: String::new(),
        websocket: relais::config::WebSocketSettings { max_per_user: 100_000, max_per_ip: 100_000 },
        ..Settings::default()
    };
    let backend = if options.database_url.is_some() { "postgresql" } else { "sqlite" };
    let server = start(settings).await?;
    let org_id = seed_organisation(&server).await?;
    let outbox = outbox_throughput(&server, &org_id, options.events, options.writers).await?;
    println!(
        "outbox  backend={backend} events={} writers={} elapsed={:.2}s events_per_s={:.0}",
        options.events, options.writers, outbox.0, outbox.1
    );
    let latency =
        websocket_latency(&server, &org_id, options.clients, options.messages, options.rate)
            .await?;
    println!(
        "ws      backend={backend} clients={} messages={} deliveries={} lost={} p50_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        options.clients,
        options.messages,
        latency.deliveries,
        latency.lost,
        latency.p50,
        latency.p99,
        latency.max
    );
    let audit = audit_verify(&server, &org_id, options.audit_rows).await?;
    println!(
        "audit   backend={backend} rows={} write_s={:.1} verify_s={:.2} intact={}",
        options.audit_rows, audit.0, audit.1, audit.2
    );
    server.shutdown().await?;
    Ok(())
}

async fn seed_organisation(server: &RunningServer) -> anyhow::Result<String> {
    let mut tx = server.state.db.begin().await?;
    let org_id = relais::org::store::insert_organisation(&mut tx, "Benchmark").await?;
    tx.commit().await?;
    Ok(org_id)
}

/// Writes `events` events, each in its own durable transaction, from `writers` tasks; returns
/// seconds until the last one is delivered, and events per second.
async fn outbox_throughput(
    server: &RunningServer,
    org_id: &str,
    events: usize,
    writers: usize,
) -> anyhow::Result<(f64, f64)> {
    let state = server.state.clone();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for writer in 0..writers {
        let state = state.clone();
        let org_id = org_id.to_string();
        let count = events / writers + usize::from(writer < events % writers);
        tasks.push(tokio::spawn(async move {
            let mut last = 0;
            for _ in 0..count {
                let mut tx = state.db.begin().await?;
                last = relais::events::outbox::emit(
                    &mut tx,
                    &org_id,
                    &format!("org:{org_id}"),
                    "bench.event",
                    &serde_json::json!({}),
                )
                .await?;
                tx.commit().await?;
                state.events.wake();
            }
            anyhow::Ok(last)
        }));
    }
    let mut last = 0;
    for task in tasks {
        last = last.max(task.await??);
    }
    while state.hub.last_delivered() < last {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok((elapsed, events as f64 / elapsed))
}

struct Latency {
    deliveries: usize,
    lost: usize,
    p50: f64,
    p99: f64,
    max: f64,
}

/// Connects `clients` WebSockets as one person, sends `messages` events at `rate` per second,
/// and measures the time from commit to reception at every client.
async fn websocket_latency(
    server: &RunningServer,
    org_id: &str,
    clients: usize,
    messages: usize,
    rate: u64,
) -> anyhow::Result<Latency> {
    let state = server.state.clone();
    let session = open_session(server, org_id).await?;
    let origin = Instant::now();
    let url = format!("ws://{}/ws", server.address);
    let mut receivers = Vec::new();
    for _ in 0..clients {
        let mut request = url.as_str().into_client_request()?;
        request.headers_mut().insert("cookie", format!("relais_session={session}").parse()?);
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
        socket.next().await; // hello
        receivers.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(messages);
            while latencies.len() < messages {
                match tokio::time::timeout(Duration::from_secs(10), socket.next()).await {
                    Ok(Some(Ok(Message::Text(text)))) => {
                        let frame: serde_json::Value =
                            serde_json::from_str(&text).unwrap_or_default();
                        if let Some(sent) = frame["payload"]["sent_us"].as_u64() {
                            let now = origin.elapsed().as_micros() as u64;
                            latencies.push(now.saturating_sub(sent) as f64 / 1000.0);
                        }
                    }
                    Ok(Some(Ok(_))) => {}
                    _ => break,
                }
            }
            latencies
        }));
    }
    let interval = Duration::from_micros(1_000_000 / rate.max(1));
    let mut ticker = tokio::time::interval(interval);
    for _ in 0..messages {
        ticker.tick().await;
        let sent_us = origin.elapsed().as_micros() as u64;
        let mut tx = state.db.begin().await?;
        let payload = serde_json::json!({ "sent_us": sent_us });
        relais::events::outbox::emit(
            &mut tx,
            org_id,
            &format!("org:{org_id}"),
            "bench.message",
            &payload,
        )
        .await?;
        tx.commit().await?;
        state.events.wake();
    }
    let mut all = Vec::new();
    for receiver in receivers {
        all.extend(receiver.await?);
    }
    let deliveries = all.len();
    all.sort_by(f64::total_cmp);
    let at = |q: f64| {
        all.get(((all.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or(f64::NAN)
    };
    Ok(Latency {
        deliveries,
        lost: clients * messages - deliveries,
        p50: at(0.5),
        p99: at(0.99),
        max: at(1.0),
    })
}

/// A signed-in session for a benchmark person, straight in the database.
async fn open_session(server: &RunningServer, org_id: &str) -> anyhow::Result<String> {
    let state = &server.state;
    let person = relais::org::model::NewPerson {
        email: relais::org::fields::Email::parse("bench@relais.test")
            .map_err(|e| anyhow::anyhow!("{e:?}"))?,
        display_name: relais::org::fields::Label::parse("Bench")
            .map_err(|e| anyhow::anyhow!("{e:?}"))?,
        job_title: relais::org::fields::Label::parse_optional("")
            .map_err(|e| anyhow::anyhow!("{e:?}"))?,
        phone: relais::org::fields::Phone::parse_optional("")
            .map_err(|e| anyhow::anyhow!("{e:?}"))?,
        roles: vec![relais::org::Role::Staff],
        team_ids: vec![],
        locale: relais::i18n::Lang::Fr,
    };
    let mut tx = state.db.begin().await?;
    let user_id = relais::org::store::insert_person(&mut tx, org_id, &person).await?;
    tx.commit().await?;
    let token = relais::secrets::random_token(32);
    relais::auth::store::insert_session(
        state.db.writer(),
        &relais::auth::store::NewSession {
            id_hash: &relais::secrets::digest(&token),
            public_id: &relais::secrets::random_token(12),
            user_id: &user_id,
            mfa_done: true,
            expires_at: relais::clock::now_ms() + 3_600_000,
            ip: "127.0.0.1",
            user_agent: "bench",
        },
    )
    .await?;
    Ok(token)
}

/// Writes `rows` audit rows (in transactions of 10,000), then verifies the chain.
async fn audit_verify(
    server: &RunningServer,
    org_id: &str,
    rows: usize,
) -> anyhow::Result<(f64, f64, bool)> {
    let state = Arc::new(server.state.clone());
    let actor = relais::audit::Actor {
        user_id: Some("bench".into()),
        roles: "staff".into(),
        ip: "127.0.0.1".into(),
        user_agent: "bench".into(),
        session_id: None,
    };
    let started = Instant::now();
    let mut written = 0;
    while written < rows {
        let batch = (rows - written).min(10_000);
        let mut tx = state.db.begin().await?;
        for i in 0..batch {
            let id = (written + i).to_string();
            let entry = relais::audit::Entry::success(
                Some(org_id),
                &actor,
                "patient.read",
                "patient",
                Some(&id),
            );
            relais::audit::record(&mut tx, &state.audit_key, &entry).await?;
        }
        tx.commit().await?;
        written += batch;
    }
    let write = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let report = relais::audit::chain::verify(&state.db, &state.audit_key, None).await?;
    Ok((write, started.elapsed().as_secs_f64(), report.is_intact()))
}
