//! Driving a Relais server: an organisation, users with sessions and channels written straight
//! into a fresh database, then the server started as its own process (so that its CPU and memory
//! are its own), users listening on `/ws` and senders posting through the form API.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use relais::config::Settings;
use relais::messaging::model::Kind;
use relais::messaging::store::{self as conversations, NewConversation};
use relais::web::cookies;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use super::target::{Layout, User};
use super::{Ledger, Listener};

/// Seeds `users` people spread round-robin over `rooms` channels. Returns them and the CSRF
/// token their cookies carry.
pub async fn seed(
    settings: &Settings,
    users: usize,
    rooms: usize,
) -> anyhow::Result<(Layout, String)> {
    let csrf = relais::secrets::random_token(16);
    let cookie_of = |session: &str| {
        format!(
            "{}={session}; {}={csrf}",
            cookies::name(settings, cookies::SESSION),
            cookies::name(settings, cookies::CSRF)
        )
    };
    let db = relais::db::Db::connect(settings).await?;
    db.migrate().await?;
    let mut tx = db.begin().await?;
    let org_id = relais::org::store::insert_organisation(&mut tx, "Bench chat").await?;
    let mut people = Vec::with_capacity(users);
    for u in 0..users {
        let signed_in = crate::seed::person_with_session(
            &mut tx,
            &org_id,
            &format!("p{u}@bench.test"),
            &format!("Personne {u}"),
            relais::org::Role::Staff,
            Vec::new(),
        )
        .await?;
        let user = User { credential: cookie_of(&signed_in.session), room: u % rooms.max(1) };
        people.push((signed_in.user_id, user));
    }
    let mut room_ids = Vec::with_capacity(rooms);
    let mut room_sizes = vec![0; rooms];
    for r in 0..rooms {
        let name = format!("Salon {r}");
        let new = NewConversation {
            kind: Kind::Channel,
            private: false,
            name: &name,
            topic: "",
            direct_key: None,
        };
        let creator = people.get(r).map(|(id, _)| id.clone()).unwrap_or_default();
        room_ids.push(conversations::insert(&mut tx, &org_id, &creator, &new).await?);
    }
    for (user_id, user) in &people {
        conversations::add_member(&mut tx, &room_ids[user.room], user_id, 0).await?;
        room_sizes[user.room] += 1;
    }
    tx.commit().await?;
    db.close().await;
    let users = people.into_iter().map(|(_, u)| u).collect();
    Ok((Layout { users, rooms: room_ids, room_sizes }, csrf))
}

/// Starts `relais serve` (the binary next to this program) on the seeded data; returns it once
/// it answers.
pub async fn start_server(settings: &Settings, port: u16) -> anyhow::Result<Child> {
    let program = std::env::current_exe()?.with_file_name("relais");
    if !program.exists() {
        anyhow::bail!(
            "{} not found: build it first (cargo build --release --workspace --bins)",
            program.display()
        );
    }
    let mut command = Command::new(&program);
    command
        .arg("serve")
        .env("RELAIS__LISTEN", format!("127.0.0.1:{port}"))
        .env("RELAIS__DATA_DIR", &settings.data_dir)
        .env("RELAIS__METRICS_LISTEN", "")
        .env("RELAIS__WEBSOCKET__MAX_PER_IP", "100000")
        .env("RELAIS__LOG__LEVEL", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    if let Some(url) = &settings.database_url {
        command.env("RELAIS__DATABASE_URL", url.0.as_str());
    }
    let child = command.spawn()?;
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client.get(format!("http://127.0.0.1:{port}/readyz")).send().await.is_ok() {
            return Ok(child);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    anyhow::bail!("the server did not answer within 10 s")
}

/// Listens on `/ws` with a session cookie, recording every message event until told to stop.
pub async fn listen(base: &str, cookie: &str, listener: Listener) -> anyhow::Result<()> {
    let Listener { receiver, ledger, ready, mut stop } = listener;
    let url = format!("{}/ws", base.replacen("http", "ws", 1));
    let mut request = url.into_client_request()?;
    request.headers_mut().insert("cookie", cookie.parse()?);
    request.headers_mut().insert("origin", base.parse()?);
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await?;
    loop {
        tokio::select! {
            frame = socket.next() => {
                let Some(Ok(frame)) = frame else { anyhow::bail!("connection {receiver} closed") };
                let Message::Text(text) = frame else { continue };
                let at = Instant::now();
                let value: serde_json::Value = serde_json::from_str(&text)?;
                match value["type"].as_str() {
                    Some("hello") => { let _ = ready.send(()).await; }
                    Some("event") if value["kind"] == "message.posted" => {
                        if let Some(id) = value["payload"]["message_id"].as_str() {
                            Ledger::received(&ledger, receiver, id.to_string(), at);
                        }
                    }
                    _ => {}
                }
            }
            _ = stop.changed() => return Ok(()),
        }
    }
}

/// Posts one message as a script does; returns the message id from the acknowledgement.
pub async fn send(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    csrf: &str,
    room: &str,
    text: &str,
) -> anyhow::Result<String> {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("csrf", csrf)
        .append_pair("text", text)
        .finish();
    let response = client
        .post(format!("{base}/messages/{room}/post"))
        .header("cookie", cookie)
        .header("origin", base)
        .header("accept", "application/json")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::CREATED {
        anyhow::bail!("send refused: {}", response.status());
    }
    let answer: serde_json::Value = response.json().await?;
    answer["message_id"].as_str().map(str::to_string).ok_or_else(|| anyhow::anyhow!("no id"))
}
