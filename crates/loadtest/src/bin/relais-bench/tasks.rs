//! Task boards: the time to render a board of many cards, and the server's cost when many people
//! watch boards while cards move (each watcher on its WebSocket, fetching the changed card's tile
//! after each change, as the page does), on a Relais server started here.
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench tasks [--cards 500] [--watchers 100] [--moves 200] [--database-url postgres://…]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use relais::config::Settings;
use relais::secrets::Redacted;
use relais::server::start;
use relais::web::cookies;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[derive(clap::Args)]
pub struct Options {
    /// Cards on the board.
    #[arg(long, default_value_t = 500)]
    cards: usize,
    /// People watching the board (one WebSocket each, fetching each changed card's tile).
    #[arg(long, default_value_t = 100)]
    watchers: usize,
    /// Cards moved while they watch, one every `--interval-ms`.
    #[arg(long, default_value_t = 200)]
    moves: usize,
    #[arg(long, default_value_t = 50)]
    interval_ms: u64,
    /// PostgreSQL to measure instead of SQLite (a fresh, empty database).
    #[arg(long)]
    database_url: Option<String>,
}

/// CPU seconds this process has used (server and clients share it).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> =
        stat.rsplit(')').next().unwrap_or_default().split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(index).copied().unwrap_or(0.0)
}

struct Client {
    http: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
}

impl Client {
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> anyhow::Result<reqwest::Response> {
        let mut body = form_urlencoded::Serializer::new(String::new());
        body.append_pair("csrf", &self.csrf);
        for (name, value) in fields {
            body.append_pair(name, value);
        }
        let answer = self
            .http
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("origin", &self.base)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.finish())
            .send()
            .await?;
        anyhow::ensure!(answer.status().is_redirection(), "POST {path}: {}", answer.status());
        Ok(answer)
    }

    async fn get(&self, path: &str) -> anyhow::Result<usize> {
        let answer = self
            .http
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .send()
            .await?;
        anyhow::ensure!(answer.status().is_success(), "GET {path}: {}", answer.status());
        Ok(answer.bytes().await?.len())
    }
}

pub async fn bench(options: Options) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let settings = Settings {
        listen: "127.0.0.1:0".parse()?,
        data_dir: dir.path().to_path_buf(),
        database_url: options.database_url.clone().map(Redacted),
        metrics_listen: String::new(),
        ..Settings::default()
    };
    let backend = if options.database_url.is_some() { "postgresql" } else { "sqlite" };
    let server = start(settings.clone()).await?;
    let state = &server.state;
    let mut tx = state.db.begin().await?;
    let org_id = relais::org::store::insert_organisation(&mut tx, "Bench SSIAD").await?;
    let team_id = relais::org::store::insert_team(&mut *tx, &org_id, None, "Équipe").await?;
    let mut people = Vec::new();
    for n in 0..options.watchers.max(1) {
        let email = format!("ide{n}@bench.test");
        let name = format!("IDE {n}");
        let role = relais::org::Role::Nurse;
        people.push(
            relais_loadtest::seed::person_with_session(
                &mut tx,
                &org_id,
                &email,
                &name,
                role,
                vec![team_id.clone()],
            )
            .await?,
        );
    }
    tx.commit().await?;
    // Everyone at work, always: notices are delivered at once (the heaviest case).
    sqlx::query("UPDATE users SET work_days = 127, work_start_minute = 0, work_end_minute = 1440")
        .execute(state.db.writer())
        .await?;
    let base = format!("http://{}", server.address);
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let client_of = |session: &str| {
        let csrf = relais::secrets::random_token(16);
        Client {
            http: http.clone(),
            base: base.clone(),
            cookie: format!(
                "{}={session}; {}={csrf}",
                cookies::name(&settings, cookies::SESSION),
                cookies::name(&settings, cookies::CSRF)
            ),
            csrf,
        }
    };
    let mover = client_of(&people[0].session);
    let made = mover.post("/tasks/boards", &[("name", "Coordination"), ("team", &team_id)]).await?;
    let location = made.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let board = location.trim_start_matches("/tasks/boards/").to_string();
    let lists: Vec<String> =
        sqlx::query_scalar("SELECT id FROM task_lists WHERE board_id = $1 ORDER BY position")
            .bind(&board)
            .fetch_all(state.db.reader())
            .await?;
    anyhow::ensure!(lists.len() == 3, "the board has its three lists");

    let started = Instant::now();
    for n in 0..options.cards {
        let list = &lists[n % 2];
        let title = format!("Carte {n} : appeler le cabinet médical au sujet du traitement");
        mover
            .post(&format!("/tasks/boards/{board}/cards"), &[("list", list), ("title", &title)])
            .await?;
    }
    let create_s = started.elapsed().as_secs_f64();
    let cards: Vec<String> = sqlx::query_scalar("SELECT id FROM task_cards WHERE board_id = $1")
        .bind(&board)
        .fetch_all(state.db.reader())
        .await?;

    let path = format!("/tasks/boards/{board}");
    let mut renders = Vec::new();
    let mut bytes = 0;
    for _ in 0..30 {
        let at = Instant::now();
        bytes = mover.get(&path).await?;
        renders.push(at.elapsed().as_secs_f64() * 1000.0);
    }
    renders.sort_by(f64::total_cmp);

    // Watchers: 500 ms after an event, each fetches the changed cards' tiles, as the board page does.
    let events = Arc::new(AtomicU64::new(0));
    let reads = Arc::new(AtomicU64::new(0));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut watching = Vec::new();
    for person in people.iter().skip(1).take(options.watchers) {
        let client = client_of(&person.session);
        let (events, reads, mut stopped) = (events.clone(), reads.clone(), stopped.clone());
        let url = format!("{}/ws", base.replacen("http", "ws", 1));
        let mut request = url.into_client_request()?;
        request.headers_mut().insert("cookie", client.cookie.parse()?);
        request.headers_mut().insert("origin", base.parse()?);
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
        watching.push(tokio::spawn(async move {
            let mut due: Option<tokio::time::Instant> = None;
            let mut changed = std::collections::BTreeSet::new();
            loop {
                let wait = due.map_or(Duration::from_secs(3600), |at| {
                    at.saturating_duration_since(tokio::time::Instant::now())
                });
                tokio::select! {
                    frame = socket.next() => {
                        let Some(Ok(Message::Text(text))) = frame else { continue };
                        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
                        if value["kind"].as_str().is_some_and(|k| k.starts_with("task.")) {
                            events.fetch_add(1, Ordering::Relaxed);
                            let id = value["payload"]["id"].as_str().unwrap_or_default();
                            changed.insert(id.to_string());
                            due.get_or_insert(tokio::time::Instant::now() + Duration::from_millis(500));
                        }
                    }
                    () = tokio::time::sleep(wait) => {
                        due = None;
                        // As the page does: each changed card's tile alone.
                        for id in std::mem::take(&mut changed) {
                            if client.get(&format!("/tasks/cards/{id}/tile")).await.is_ok() {
                                reads.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                    _ = stopped.changed() => return,
                }
            }
        }));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let mut move_ms = Vec::new();
    for n in 0..options.moves {
        let card = &cards[n % cards.len()];
        let list = &lists[(n + 1) % 3];
        let at = Instant::now();
        mover.post(&format!("/tasks/cards/{card}/move"), &[("list", list)]).await?;
        move_ms.push(at.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(options.interval_ms)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let watch_s = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    let _ = stop.send(true);
    for task in watching {
        let _ = task.await;
    }
    move_ms.sort_by(f64::total_cmp);
    println!(
        "tasks backend={backend} cards={} create_per_s={:.0} board_bytes={bytes} render_ms_p50={:.1} \
         render_ms_p95={:.1} watchers={} moves={} move_ms_p50={:.1} move_ms_p95={:.1} \
         events_received={} tile_reads={} cpu_s={cpu:.2} cpu_share={:.2} cpu_ms_per_move={:.1}",
        cards.len(),
        options.cards as f64 / create_s,
        percentile(&renders, 0.5),
        percentile(&renders, 0.95),
        options.watchers,
        options.moves,
        percentile(&move_ms, 0.5),
        percentile(&move_ms, 0.95),
        events.load(Ordering::Relaxed),
        reads.load(Ordering::Relaxed),
        cpu / watch_s,
        cpu * 1000.0 / options.moves.max(1) as f64,
    );
    server.shutdown().await?;
    Ok(())
}
