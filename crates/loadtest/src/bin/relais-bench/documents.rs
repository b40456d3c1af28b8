//! Documents: one large file uploaded through the page's form (streamed multipart), then
//! downloaded, on a Relais server started here; throughput each way, the bytes checked end to
//! end, and the process's peak memory (server and client share it, so it bounds the server's).
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench documents [--mib 1024] [--database-url postgres://…]
//!     [--s3-url http://127.0.0.1:9000 --s3-bucket relais-bench]

use std::time::Instant;

use futures_util::StreamExt;
use relais::config::Settings;
use relais::documents::rights::SpaceKind;
use relais::documents::store::spaces;
use relais::secrets::Redacted;
use relais::server::start;
use relais::web::cookies;
use sha2::{Digest, Sha256};

#[derive(clap::Args)]
pub struct Options {
    /// Size of the file, in MiB.
    #[arg(long, default_value_t = 1024)]
    mib: u64,
    /// PostgreSQL to measure instead of SQLite (a fresh, empty database).
    #[arg(long)]
    database_url: Option<String>,
    /// An S3-compatible server to store the file in instead of the data directory.
    #[arg(long)]
    s3_url: Option<String>,
    /// The bucket (it must exist) on that server.
    #[arg(long, default_value = "relais-bench")]
    s3_bucket: String,
    /// The access key and secret for that server.
    #[arg(long, default_value = "relais")]
    s3_key: String,
    #[arg(long, default_value = "relais-secret")]
    s3_secret: String,
}

const BLOCK: usize = 1024 * 1024;

/// The n-th MiB of the file: varied bytes (nothing compresses or repeats block to block).
fn block(n: u64) -> Vec<u8> {
    let mut state = n.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..BLOCK)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|line| line.starts_with("VmHWM:"))
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|kib| kib.parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

pub async fn bench(options: Options) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut settings = Settings {
        listen: "127.0.0.1:0".parse()?,
        data_dir: dir.path().to_path_buf(),
        database_url: options.database_url.clone().map(Redacted),
        metrics_listen: String::new(),
        ..Settings::default()
    };
    if let Some(endpoint) = &options.s3_url {
        settings.storage.kind = relais::config::StorageKind::S3;
        settings.storage.s3 = relais::config::S3Settings {
            bucket: options.s3_bucket.clone(),
            endpoint: endpoint.clone(),
            access_key_id: options.s3_key.clone(),
            secret_access_key: Some(Redacted(options.s3_secret.clone())),
            prefix: format!("bench-{}", relais::secrets::random_token(8)),
            allow_http: endpoint.starts_with("http://"),
            ..relais::config::S3Settings::default()
        };
    }
    let storage = if options.s3_url.is_some() { "s3" } else { "local" };
    let backend = if options.database_url.is_some() { "postgresql" } else { "sqlite" };
    let server = start(settings.clone()).await?;
    let state = &server.state;
    let mut tx = state.db.begin().await?;
    let org_id = relais::org::store::insert_organisation(&mut tx, "Bench SSIAD").await?;
    let team_id = relais::org::store::insert_team(&mut *tx, &org_id, None, "Équipe").await?;
    let person = relais_loadtest::seed::person_with_session(
        &mut tx,
        &org_id,
        "ide@bench.test",
        "IDE",
        relais::org::Role::Nurse,
        vec![team_id.clone()],
    )
    .await?;
    spaces::ensure(&mut tx, &org_id, SpaceKind::Team, Some(&team_id), None).await?;
    tx.commit().await?;
    let listed = spaces::listed_for(state.db.reader(), &org_id, &person.user_id).await?;
    let root = listed
        .into_iter()
        .find(|s| s.kind == SpaceKind::Team)
        .ok_or_else(|| anyhow::anyhow!("no team space"))?
        .root_id;
    let base = format!("http://{}", server.address);
    let csrf = relais::secrets::random_token(16);
    let cookie = format!(
        "{}={}; {}={csrf}",
        cookies::name(&settings, cookies::SESSION),
        person.session,
        cookies::name(&settings, cookies::CSRF)
    );
    let client = reqwest::Client::new();
    let size = options.mib * BLOCK as u64;
    let mib = options.mib;
    let body = futures_util::stream::iter(0..mib).map(|n| Ok::<_, std::io::Error>(block(n)));
    let file = reqwest::multipart::Part::stream_with_length(reqwest::Body::wrap_stream(body), size)
        .file_name("Export.bin");
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part("file", file);

    let started = Instant::now();
    let answer = client
        .post(format!("{base}/documents/folders/{root}/upload"))
        .header("cookie", &cookie)
        .header("origin", &base)
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await?;
    let upload_s = started.elapsed().as_secs_f64();
    anyhow::ensure!(answer.status().is_success(), "upload refused: {}", answer.status());
    let uploaded: serde_json::Value = answer.json().await?;
    let id = uploaded["files"][0]["id"].as_str().unwrap_or_default().to_string();
    let rss_after_upload = peak_rss_mib();

    let started = Instant::now();
    let mut download = client
        .get(format!("{base}/documents/{id}/download"))
        .header("cookie", &cookie)
        .send()
        .await?
        .bytes_stream();
    let mut received = 0u64;
    let mut hasher = Sha256::new();
    while let Some(chunk) = download.next().await {
        let chunk = chunk?;
        received += chunk.len() as u64;
        hasher.update(&chunk);
    }
    let download_s = started.elapsed().as_secs_f64();
    let mut expected = Sha256::new();
    for n in 0..mib {
        expected.update(block(n));
    }
    let intact = received == size && hasher.finalize() == expected.finalize();
    println!(
        "documents backend={backend} storage={storage} size_mib={mib} upload_s={upload_s:.2} \
         upload_mib_s={:.0} download_s={download_s:.2} download_mib_s={:.0} intact={intact} \
         peak_rss_mib_after_upload={rss_after_upload:.0} peak_rss_mib={:.0}",
        mib as f64 / upload_s,
        mib as f64 / download_s,
        peak_rss_mib(),
    );
    server.shutdown().await?;
    anyhow::ensure!(intact, "the downloaded bytes differ from the uploaded ones");
    Ok(())
}
