//! Driving a Matrix homeserver through the client-server API (v3): users registered with a
//! registration token, one user per room creates it and the others join, messages sent with
//! `PUT …/send/m.room.message/{txn}` and received through `/sync` long polls.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};

use super::target::{Layout, User};
use super::{Ledger, Listener};

const API: &str = "/_matrix/client/v3";
/// Requests in flight while setting up (registrations, joins).
const SETUP_CONCURRENCY: usize = 16;
const PASSWORD: &str = "relais-bench chat-password-1";

/// Registers `users` people (names unique to this run) spread round-robin over `rooms` rooms.
pub async fn seed(
    http: &reqwest::Client,
    base: &str,
    registration_token: &str,
    users: usize,
    rooms: usize,
) -> anyhow::Result<Layout> {
    let run = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_secs();
    let rooms = rooms.max(1);
    let tokens: Vec<anyhow::Result<String>> = futures_util::stream::iter(0..users)
        .map(|u| register(http, base, format!("bench{run}_{u}"), registration_token))
        .buffered(SETUP_CONCURRENCY)
        .collect()
        .await;
    let tokens = tokens.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    let users: Vec<User> = tokens
        .into_iter()
        .enumerate()
        .map(|(u, credential)| User { credential, room: u % rooms })
        .collect();
    let mut room_ids = Vec::with_capacity(rooms);
    for r in 0..rooms {
        let creator = users.get(r).ok_or_else(|| anyhow::anyhow!("fewer users than rooms"))?;
        let body = json!({ "preset": "public_chat", "name": format!("Salon {r}") });
        let created =
            call(http, reqwest::Method::POST, &format!("{base}{API}/createRoom"), creator, &body)
                .await?;
        room_ids.push(text_of(&created, "room_id")?);
    }
    let joins: Vec<anyhow::Result<Value>> = futures_util::stream::iter(users.iter().skip(rooms))
        .map(|user| {
            let url = format!("{base}{API}/join/{}", encode(&room_ids[user.room]));
            async move { call(http, reqwest::Method::POST, &url, user, &json!({})).await }
        })
        .buffer_unordered(SETUP_CONCURRENCY)
        .collect()
        .await;
    joins.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    let mut room_sizes = vec![0; rooms];
    for user in &users {
        room_sizes[user.room] += 1;
    }
    Ok(Layout { users, rooms: room_ids, room_sizes })
}

/// Registers one account, completing the registration-token (and dummy) stages of
/// user-interactive authentication; returns its access token.
async fn register(
    http: &reqwest::Client,
    base: &str,
    username: String,
    registration_token: &str,
) -> anyhow::Result<String> {
    let mut body = json!({
        "username": username,
        "password": PASSWORD,
        "initial_device_display_name": "relais-bench chat",
    });
    for _ in 0..30 {
        let response =
            http.post(format!("{base}{API}/register?kind=user")).json(&body).send().await?;
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        match status.as_u16() {
            200 => return text_of(&answer, "access_token"),
            401 => body["auth"] = next_stage(&answer, registration_token)?,
            429 => wait_as_told(&answer).await,
            // Synapse may fail a registration whose token use collides with another's
            // (a serialisation failure): start that one over.
            500..=599 => {
                if let Some(fields) = body.as_object_mut() {
                    fields.remove("auth");
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            // A started-over registration that had gone through after all: sign in.
            400 if answer["errcode"] == "M_USER_IN_USE" => {
                return log_in(http, base, &username).await;
            }
            _ => anyhow::bail!("registering {username}: {status} {answer}"),
        }
    }
    anyhow::bail!("registering {username}: too many rounds")
}

async fn log_in(http: &reqwest::Client, base: &str, username: &str) -> anyhow::Result<String> {
    let body = json!({
        "type": "m.login.password",
        "identifier": { "type": "m.id.user", "user": username },
        "password": PASSWORD,
    });
    let response = http.post(format!("{base}{API}/login")).json(&body).send().await?;
    let status = response.status();
    let answer: Value = response.json().await.unwrap_or(Value::Null);
    if !status.is_success() {
        anyhow::bail!("signing in {username}: {status} {answer}");
    }
    text_of(&answer, "access_token")
}

/// The `auth` object completing the next stage of the first flow made only of stages we know.
fn next_stage(answer: &Value, registration_token: &str) -> anyhow::Result<Value> {
    const KNOWN: [&str; 2] = ["m.login.registration_token", "m.login.dummy"];
    let completed: Vec<&str> = answer["completed"]
        .as_array()
        .map(|done| done.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let flow = answer["flows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|flow| flow["stages"].as_array())
        .find(|stages| stages.iter().all(|s| s.as_str().is_some_and(|s| KNOWN.contains(&s))))
        .ok_or_else(|| anyhow::anyhow!("no registration flow with a token: {answer}"))?;
    let stage = flow
        .iter()
        .filter_map(Value::as_str)
        .find(|stage| !completed.contains(stage))
        .ok_or_else(|| anyhow::anyhow!("every stage done, still refused: {answer}"))?;
    let mut auth = json!({ "type": stage, "session": answer["session"] });
    if stage == "m.login.registration_token" {
        auth["token"] = json!(registration_token);
    }
    Ok(auth)
}

/// An authenticated call, waiting and retrying when rate-limited.
async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: &str,
    user: &User,
    body: &Value,
) -> anyhow::Result<Value> {
    for _ in 0..20 {
        let response = http
            .request(method.clone(), url)
            .bearer_auth(&user.credential)
            .json(body)
            .send()
            .await?;
        let status = response.status();
        let answer: Value = response.json().await.unwrap_or(Value::Null);
        match status.as_u16() {
            200 => return Ok(answer),
            429 => wait_as_told(&answer).await,
            _ => anyhow::bail!("{url}: {status} {answer}"),
        }
    }
    anyhow::bail!("{url}: still rate-limited")
}

async fn wait_as_told(answer: &Value) {
    let ms = answer["retry_after_ms"].as_u64().unwrap_or(500).min(10_000);
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

fn text_of(answer: &Value, key: &str) -> anyhow::Result<String> {
    answer[key].as_str().map(str::to_string).ok_or_else(|| anyhow::anyhow!("no {key} in {answer}"))
}

fn encode(segment: &str) -> String {
    form_urlencoded::byte_serialize(segment.as_bytes()).collect()
}

/// Sends one text message; returns its event id.
pub async fn send(
    http: &reqwest::Client,
    base: &str,
    access_token: &str,
    room: &str,
    text: &str,
) -> anyhow::Result<String> {
    static TRANSACTIONS: AtomicU64 = AtomicU64::new(0);
    let txn = format!("{}-{}", std::process::id(), TRANSACTIONS.fetch_add(1, Ordering::Relaxed));
    let url = format!("{base}{API}/rooms/{}/send/m.room.message/{txn}", encode(room));
    let response = http
        .put(url)
        .bearer_auth(access_token)
        .json(&json!({ "msgtype": "m.text", "body": text }))
        .send()
        .await?;
    if !response.status().is_success() {
        anyhow::bail!("send refused: {}", response.status());
    }
    text_of(&response.json().await?, "event_id")
}

/// Only timelines (no presence, typing, receipts or account data), lazy-loaded members.
fn filter(timeline_limit: u32) -> String {
    json!({
        "presence": { "types": [] },
        "account_data": { "types": [] },
        "room": {
            "timeline": { "limit": timeline_limit, "types": ["m.room.message"] },
            "state": { "lazy_load_members": true, "types": [] },
            "ephemeral": { "types": [] },
            "account_data": { "types": [] },
        },
    })
    .to_string()
}

/// Long-polls `/sync` as one user, recording every message event, until told to stop.
pub async fn listen(
    http: &reqwest::Client,
    base: &str,
    access_token: &str,
    mut listener: Listener,
) -> anyhow::Result<()> {
    let initial = sync(http, base, access_token, None, &filter(1), 0).await?;
    let mut since = text_of(&initial, "next_batch")?;
    let _ = listener.ready.send(()).await;
    let incremental = filter(1000);
    loop {
        tokio::select! {
            answer = sync(http, base, access_token, Some(&since), &incremental, 30_000) => {
                let answer = answer?;
                let at = Instant::now();
                for event in timeline_events(&answer) {
                    if let Some(id) = event["event_id"].as_str() {
                        Ledger::received(&listener.ledger, listener.receiver, id.to_string(), at);
                    }
                }
                since = text_of(&answer, "next_batch")?;
            }
            _ = listener.stop.changed() => return Ok(()),
        }
    }
}

async fn sync(
    http: &reqwest::Client,
    base: &str,
    access_token: &str,
    since: Option<&str>,
    filter: &str,
    timeout_ms: u64,
) -> anyhow::Result<Value> {
    let mut query = vec![("filter", filter.to_string()), ("timeout", timeout_ms.to_string())];
    if let Some(since) = since {
        query.push(("since", since.to_string()));
    }
    let response = http
        .get(format!("{base}{API}/sync"))
        .bearer_auth(access_token)
        .query(&query)
        .send()
        .await?;
    if !response.status().is_success() {
        anyhow::bail!("sync refused: {}", response.status());
    }
    Ok(response.json().await?)
}

fn timeline_events(answer: &Value) -> impl Iterator<Item = &Value> {
    answer["rooms"]["join"]
        .as_object()
        .into_iter()
        .flat_map(|rooms| rooms.values())
        .filter_map(|room| room["timeline"]["events"].as_array())
        .flatten()
        .filter(|event| event["type"] == "m.room.message")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_stage_comes_first_then_the_dummy_stage() {
        let first = json!({
            "session": "s1",
            "flows": [{ "stages": ["m.login.email.identity"] },
                      { "stages": ["m.login.registration_token", "m.login.dummy"] }],
        });
        let auth = next_stage(&first, "T").unwrap();
        assert_eq!(
            auth,
            json!({ "type": "m.login.registration_token", "session": "s1", "token": "T" })
        );
        let second = json!({
            "session": "s1",
            "completed": ["m.login.registration_token"],
            "flows": [{ "stages": ["m.login.registration_token", "m.login.dummy"] }],
        });
        assert_eq!(next_stage(&second, "T").unwrap()["type"], "m.login.dummy");
        assert!(
            next_stage(&json!({ "flows": [{ "stages": ["m.login.recaptcha"] }] }), "T").is_err()
        );
    }

    #[test]
    fn message_events_are_read_from_every_joined_room() {
        let answer = json!({ "rooms": { "join": {
            "!a:x": { "timeline": { "events": [
                { "type": "m.room.message", "event_id": "$1" },
                { "type": "m.room.member", "event_id": "$2" }] } },
            "!b:x": { "timeline": { "events": [{ "type": "m.room.message", "event_id": "$3" }] } },
        }}});
        let ids: Vec<&str> =
            timeline_events(&answer).filter_map(|e| e["event_id"].as_str()).collect();
        assert_eq!(ids.len(), 2);
        assert!(ids.contains(&"$1") && ids.contains(&"$3"));
    }
}
