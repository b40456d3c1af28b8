//! Chat load benchmark: N users connected over WebSocket, S senders posting at a target rate,
//! and per message the time from send until every member of the room has received it.
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench chat --scenario d [--duration 10] [--database-url postgres://…]
//! target/release/relais-bench chat --scenario c --homeserver http://127.0.0.1:8008 \
//!     --registration-token TOKEN [--server-pid PID]      (a Matrix homeserver, e.g. Synapse)
//!
//! Scenarios: (a) 50 users, 1 room, 20 msg/s; (b) 200 users, 10 rooms, 50 msg/s; (c) 200 users,
//! 10 rooms, 20 senders, stepping the rate until p99 passes 1 s; (d) 2,000 users, 100 rooms of
//! 20, stepping to 1,000 msg/s. One line per step, `key=value`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use relais::config::Settings;
use relais::secrets::Redacted;
use relais_loadtest::chat::relais as relais_target;
use relais_loadtest::chat::target::{Layout, Server};
use relais_loadtest::chat::{Ledger, SharedLedger, cpu_seconds, drain, matrix, rss_mib};

#[derive(clap::Args)]
pub struct Options {
    /// A preset: a, b, c or d (the other options then only change the duration).
    #[arg(long)]
    scenario: Option<String>,
    #[arg(long, default_value_t = 50)]
    users: usize,
    #[arg(long, default_value_t = 1)]
    rooms: usize,
    #[arg(long, default_value_t = 10)]
    senders: usize,
    /// Messages per second, or several separated by commas to step through.
    #[arg(long, default_value = "20")]
    rates: String,
    /// Seconds of sending per step.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// PostgreSQL to measure instead of SQLite (a fresh, empty database).
    #[arg(long)]
    database_url: Option<String>,
    /// Drive this Matrix homeserver instead of a Relais started here, e.g. http://127.0.0.1:8008.
    #[arg(long)]
    homeserver: Option<String>,
    /// The homeserver's registration token (users are registered with it).
    #[arg(long)]
    registration_token: Option<String>,
    /// The homeserver's process id, to report its CPU and memory.
    #[arg(long)]
    server_pid: Option<u32>,
}

struct Plan {
    name: String,
    users: usize,
    rooms: usize,
    senders: usize,
    rates: Vec<f64>,
    stop_at_p99_ms: Option<f64>,
}

fn plan(options: &Options) -> anyhow::Result<Plan> {
    let custom = |name: &str| -> anyhow::Result<Plan> {
        let rates = options
            .rates
            .split(',')
            .map(|r| r.trim().parse::<f64>().map_err(|e| anyhow::anyhow!("rate {r:?}: {e}")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Plan {
            name: name.into(),
            users: options.users,
            rooms: options.rooms.max(1),
            senders: options.senders.max(1),
            stop_at_p99_ms: (rates.len() > 1).then_some(1000.0),
            rates,
        })
    };
    let preset = |name: &str, users, rooms, senders, rates: &[f64], stop| Plan {
        name: name.into(),
        users,
        rooms,
        senders,
        rates: rates.to_vec(),
        stop_at_p99_ms: stop,
    };
    Ok(match options.scenario.as_deref() {
        None => custom("custom")?,
        Some("a") => preset("a", 50, 1, 10, &[20.0], None),
        Some("b") => preset("b", 200, 10, 20, &[50.0], None),
        Some("c") => {
            let rates = [10.0, 20.0, 50.0, 100.0, 200.0, 400.0, 800.0, 1600.0, 2400.0, 3200.0];
            preset("c", 200, 10, 20, &rates, Some(1000.0))
        }
        Some("d") => {
            let rates = [100.0, 250.0, 500.0, 750.0, 1000.0, 1500.0, 2000.0];
            preset("d", 2000, 100, 100, &rates, Some(1000.0))
        }
        Some(other) => anyhow::bail!("unknown scenario {other:?} (a, b, c or d)"),
    })
}

pub async fn bench(options: Options) -> anyhow::Result<()> {
    let plan = plan(&options)?;
    let http = reqwest::Client::builder().pool_max_idle_per_host(4096).build()?;
    if let Some(homeserver) = &options.homeserver {
        let token = options.registration_token.as_deref().ok_or_else(|| {
            anyhow::anyhow!(
                "--homeserver needs --registration-token (see docs/benchmarks-messaging.md)"
            )
        })?;
        let base = homeserver.trim_end_matches('/').to_string();
        let layout = matrix::seed(&http, &base, token, plan.users, plan.rooms).await?;
        let server = Server::Matrix { base };
        return run(&plan, &options, &http, &server, &layout, options.server_pid, "matrix").await;
    }
    let dir = tempfile::tempdir()?;
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        database_url: options.database_url.clone().map(Redacted),
        ..Settings::default()
    };
    let backend = if options.database_url.is_some() { "postgresql" } else { "sqlite" };
    let (layout, csrf) = relais_target::seed(&settings, plan.users, plan.rooms).await?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut child = relais_target::start_server(&settings, port).await?;
    let server = Server::Relais { base: format!("http://127.0.0.1:{port}"), csrf };
    let outcome = run(&plan, &options, &http, &server, &layout, Some(child.id()), backend).await;
    let _ = child.kill();
    let _ = child.wait();
    outcome
}

async fn run(
    plan: &Plan,
    options: &Options,
    http: &reqwest::Client,
    server: &Server,
    layout: &Layout,
    server_pid: Option<u32>,
    backend: &str,
) -> anyhow::Result<()> {
    let pid = server_pid.map(|pid| pid.to_string()).unwrap_or_default();
    let known = |value: f64| if pid.is_empty() { "n/a".to_string() } else { format!("{value:.1}") };
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = known(rss_mib(&pid));
    let ledger: SharedLedger = Arc::default();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (ready, mut readies) = tokio::sync::mpsc::channel(layout.users.len().max(1));
    let connecting = Instant::now();
    let mut listeners = Vec::new();
    for (index, user) in layout.users.iter().enumerate() {
        let task = server.clone().listen(
            http.clone(),
            user.clone(),
            u32::try_from(index)?,
            ledger.clone(),
            ready.clone(),
            stopped.clone(),
        );
        listeners.push(tokio::spawn(task));
        if index % 100 == 99 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    for _ in 0..layout.users.len() {
        tokio::time::timeout(Duration::from_secs(120), readies.recv())
            .await
            .map_err(|_| anyhow::anyhow!("not every user connected within 120 s"))?;
    }
    println!(
        "chat-setup scenario={} server={} backend={backend} users={} rooms={} senders={} connect_s={:.2} idle_rss_mib={idle_rss} connected_rss_mib={}",
        plan.name,
        server.name(),
        plan.users,
        plan.rooms,
        plan.senders,
        connecting.elapsed().as_secs_f64(),
        known(rss_mib(&pid))
    );
    for rate in &plan.rates {
        if let Ok(mut book) = ledger.lock() {
            *book = Ledger::default();
        }
        let (server_cpu, client_cpu, started) =
            (cpu_seconds(&pid), cpu_seconds("self"), Instant::now());
        let sending =
            send_at_rate(plan, layout, http, server, *rate, options.duration, &ledger).await;
        let send_seconds = started.elapsed().as_secs_f64();
        drain(&ledger, &layout.room_sizes, Duration::from_secs(5)).await;
        let wall = started.elapsed().as_secs_f64();
        let outcome = ledger
            .lock()
            .map(|book| book.outcome(&layout.room_sizes))
            .map_err(|_| anyhow::anyhow!("ledger poisoned"))?;
        println!(
            "chat scenario={} server={} backend={backend} users={} rooms={} senders={} offered_per_s={rate:.0} achieved_per_s={:.1} acks={} failures={} deliveries={} expected={} lost={} duplicates={} p50_ms={:.1} p95_ms={:.1} p99_ms={:.1} max_ms={:.1} ack_p50_ms={:.1} ack_p99_ms={:.1} deliveries_per_s={:.0} server_cpu_pct={} server_rss_mib={} client_cpu_pct={:.0}",
            plan.name,
            server.name(),
            plan.users,
            plan.rooms,
            plan.senders,
            outcome.acks as f64 / send_seconds,
            outcome.acks,
            outcome.failures,
            outcome.deliveries,
            outcome.expected,
            outcome.lost,
            outcome.duplicates,
            outcome.p50_ms,
            outcome.p95_ms,
            outcome.p99_ms,
            outcome.max_ms,
            outcome.ack_p50_ms,
            outcome.ack_p99_ms,
            outcome.deliveries as f64 / send_seconds,
            known((cpu_seconds(&pid) - server_cpu) / wall * 100.0),
            known(rss_mib(&pid)),
            (cpu_seconds("self") - client_cpu) / wall * 100.0,
        );
        sending?;
        if plan.stop_at_p99_ms.is_some_and(|limit| outcome.p99_ms > limit || outcome.lost > 0) {
            break;
        }
    }
    let _ = stop.send(true);
    for listener in listeners {
        let _ = listener.await;
    }
    Ok(())
}

/// Every sender posts at its share of `rate` for `seconds`, without waiting for one answer
/// before the next send (an open loop, as people do).
async fn send_at_rate(
    plan: &Plan,
    layout: &Layout,
    http: &reqwest::Client,
    server: &Server,
    rate: f64,
    seconds: u64,
    ledger: &SharedLedger,
) -> anyhow::Result<()> {
    let per_sender = rate / plan.senders as f64;
    let interval = Duration::from_secs_f64(1.0 / per_sender.max(0.001));
    let count = (per_sender * seconds as f64).round().max(1.0) as usize;
    let mut senders = Vec::new();
    let senders_count = plan.senders;
    for s in 0..plan.senders {
        let user = layout.users[s % layout.users.len()].clone();
        let room_id = layout.rooms[user.room].clone();
        let (http, server, ledger) = (http.clone(), server.clone(), ledger.clone());
        senders.push(tokio::spawn(async move {
            // Senders start spread over one interval, so that the load is even, not in bursts.
            let offset = interval.mul_f64(s as f64 / senders_count as f64);
            let mut ticker =
                tokio::time::interval_at(tokio::time::Instant::now() + offset, interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut in_flight = Vec::with_capacity(count);
            for n in 0..count {
                ticker.tick().await;
                let (http, server, user, room_id, ledger) =
                    (http.clone(), server.clone(), user.clone(), room_id.clone(), ledger.clone());
                in_flight.push(tokio::spawn(async move {
                    let at = Instant::now();
                    let text = format!("Message {n} de l'expéditeur {s} : point sur la tournée");
                    match server.send(&http, &user, &room_id, &text).await {
                        Ok(id) => Ledger::sent(&ledger, id, at, user.room),
                        Err(_) => Ledger::failed(&ledger),
                    }
                }));
            }
            for task in in_flight {
                let _ = task.await;
            }
            anyhow::Ok(())
        }));
    }
    for sender in senders {
        sender.await??;
    }
    Ok(())
}
