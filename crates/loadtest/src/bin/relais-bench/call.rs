//! Call signalling load: N concurrent two-party calls on a Relais server started here. The first of
//! each pair starts the call ("Appel vidéo": the announcement in the conversation), then both join
//! its call socket, the newcomer sends an SDP offer (~6 KB) and twelve ICE
//! candidates, the other answers likewise, then both send a state frame every two seconds (as
//! muting, hands and reconnections do) for the duration. Media never touches the server; this
//! measures what it does carry: relay latency, server CPU and memory.
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench call [--calls 50] [--duration 30]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use relais::config::Settings;
use relais_loadtest::chat::percentile;
use relais_loadtest::chat::relais as relais_target;
use relais_loadtest::chat::{cpu_seconds, rss_mib};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[derive(clap::Args)]
pub struct Options {
    /// Concurrent two-party calls.
    #[arg(long, default_value_t = 50)]
    calls: usize,
    /// Seconds of steady signalling after every call is set up.
    #[arg(long, default_value_t = 30)]
    duration: u64,
}

type Latencies = Arc<Mutex<Vec<f64>>>;

pub async fn bench(options: Options) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let settings = Settings { data_dir: dir.path().to_path_buf(), ..Settings::default() };
    let (layout, _) = relais_target::seed(&settings, options.calls * 2, options.calls).await?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let mut child = relais_target::start_server(&settings, port).await?;
    let pid = child.id().to_string();
    let outcome = run(&options, &layout, port, &pid).await;
    let _ = child.kill();
    let _ = child.wait();
    outcome
}

async fn run(
    options: &Options,
    layout: &relais_loadtest::chat::target::Layout,
    port: u16,
    pid: &str,
) -> anyhow::Result<()> {
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss = rss_mib(pid);
    let latencies: Latencies = Arc::default();
    let setup: Latencies = Arc::default();
    let base = format!("http://127.0.0.1:{port}");
    let (cpu_before, started) = (cpu_seconds(pid), Instant::now());
    let mut tasks = Vec::new();
    for (room, conversation) in layout.rooms.iter().enumerate() {
        let pair: Vec<_> = layout.users.iter().filter(|u| u.room == room).cloned().collect();
        for (place, user) in pair.into_iter().enumerate() {
            if place == 0 {
                start_call(&base, conversation, &user.credential).await?;
            }
            let url = format!("{}/messages/{conversation}/call/ws", base.replacen("http", "ws", 1));
            let task = participant(
                url,
                base.clone(),
                user.credential,
                Duration::from_secs(options.duration),
                latencies.clone(),
                setup.clone(),
                started,
            );
            tasks.push(tokio::spawn(task));
            // The second of each pair joins once the first is in.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
    tokio::time::sleep(Duration::from_secs(options.duration / 2)).await;
    let busy_rss = rss_mib(pid);
    let mut failures = 0;
    for task in tasks {
        match task.await {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                failures += 1;
                eprintln!("participant failed: {error:#}");
            }
            Err(error) => {
                failures += 1;
                eprintln!("participant task failed: {error}");
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu_pct = (cpu_seconds(pid) - cpu_before) / wall * 100.0;
    let mut relay = latencies.lock().map(|l| l.clone()).unwrap_or_default();
    relay.sort_by(f64::total_cmp);
    let mut setups = setup.lock().map(|l| l.clone()).unwrap_or_default();
    setups.sort_by(f64::total_cmp);
    println!(
        "calls={} participants={} failures={failures} probes_relayed={} relay_p50_ms={:.2} relay_p99_ms={:.2} relay_max_ms={:.2} offer_to_answer_p50_ms={:.2} offer_to_answer_p99_ms={:.2} server_cpu_pct={cpu_pct:.1} idle_rss_mib={idle_rss:.1} calls_rss_mib={busy_rss:.1} client_cpu_s={:.1}",
        options.calls,
        options.calls * 2,
        relay.len(),
        percentile(&relay, 0.5),
        percentile(&relay, 0.99),
        relay.last().copied().unwrap_or(0.0),
        percentile(&setups, 0.5),
        percentile(&setups, 0.99),
        cpu_seconds("self"),
    );
    Ok(())
}

/// "Appel vidéo": the form post that announces the call in its conversation.
async fn start_call(base: &str, conversation: &str, session_cookie: &str) -> anyhow::Result<()> {
    let csrf = "relais-bench call-form-token-0123456789abcdef";
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?
        .post(format!("{base}/messages/{conversation}/call"))
        .header("cookie", format!("{session_cookie}; relais_csrf={csrf}"))
        .header("origin", base)
        .form(&[("csrf", csrf)])
        .send()
        .await?;
    anyhow::ensure!(response.status() == 303, "starting a call answered {}", response.status());
    Ok(())
}

#[allow(clippy::too_many_arguments)]
/// One browser's signalling: join, negotiate with the other participant, then send a state
/// frame every two seconds; every frame carries its send time so the receiver measures the relay.
async fn participant(
    url: String,
    origin: String,
    cookie: String,
    duration: Duration,
    latencies: Latencies,
    setup: Latencies,
    epoch: Instant,
) -> anyhow::Result<()> {
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("cookie", cookie.parse()?);
    request.headers_mut().insert("origin", origin.parse()?);
    // Small frames go out at once (no Nagle delay), as browsers send them.
    let (socket, _) = tokio_tungstenite::connect_async_with_config(request, None, true).await?;
    let (mut sink, mut stream) = socket.split();
    // Milliseconds since one instant shared by every participant of this process.
    let stamp = || epoch.elapsed().as_secs_f64() * 1000.0;
    let mut other: Option<String> = None;
    let mut offered_at = 0.0;
    let sdp = "a=candidate-and-codec-lines ".repeat(220);
    let mut ticker = tokio::time::interval(Duration::from_secs(2));
    let deadline = tokio::time::Instant::now() + duration;
    loop {
        tokio::select! {
            _ = tokio::time::sleep_until(deadline) => break,
            _ = ticker.tick() => {
                if other.is_some() {
                    let frame = json!({ "type": "state", "audio": true, "video": true, "hand": false, "screen": false });
                    sink.send(Message::Text(frame.to_string().into())).await?;
                    // The state frame has no room for a timestamp: a chat line measures the relay.
                    let probe = json!({ "type": "chat", "text": format!("t={}", stamp()) });
                    sink.send(Message::Text(probe.to_string().into())).await?;
                }
            }
            frame = stream.next() => {
                let Some(Ok(Message::Text(text))) = frame else { anyhow::bail!("socket closed") };
                let value: Value = serde_json::from_str(&text)?;
                match value["type"].as_str() {
                    // Whoever finds the other already there offers.
                    Some("welcome") if value["peers"][0]["peer"].is_string() => {
                        let peer = value["peers"][0]["peer"].as_str().unwrap_or_default().to_string();
                        offered_at = stamp();
                        negotiate(&mut sink, &peer, "offer", &sdp).await?;
                        other = Some(peer);
                    }
                    Some("signal") if value["data"]["description"]["type"] == "offer" => {
                        let from = value["from"].as_str().unwrap_or_default().to_string();
                        negotiate(&mut sink, &from, "answer", &sdp).await?;
                        other = Some(from);
                    }
                    Some("signal") if value["data"]["description"]["type"] == "answer" => {
                        if let Ok(mut all) = setup.lock() {
                            all.push(stamp() - offered_at);
                        }
                    }
                    Some("chat") => {
                        let text = value["text"].as_str().unwrap_or_default();
                        if let Some(sent) = text.strip_prefix("t=").and_then(|t| t.parse::<f64>().ok())
                            && let Ok(mut all) = latencies.lock()
                        {
                            all.push(stamp() - sent);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

async fn negotiate(
    sink: &mut futures_util::stream::SplitSink<
        tokio_tungstenite::WebSocketStream<
            tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
        >,
        Message,
    >,
    peer: &str,
    kind: &str,
    sdp: &str,
) -> anyhow::Result<()> {
    let description = json!({ "type": "signal", "to": peer, "data": { "description": { "type": kind, "sdp": sdp } } });
    sink.send(Message::Text(description.to_string().into())).await?;
    for n in 0..12 {
        let candidate = json!({ "type": "signal", "to": peer, "data": { "candidate": {
            "candidate": format!("candidate:{n} 1 udp 2122260223 192.168.1.{n} 5{n:04} typ host"),
            "sdpMid": "0", "sdpMLineIndex": 0 } } });
        sink.send(Message::Text(candidate.to_string().into())).await?;
    }
    Ok(())
}
