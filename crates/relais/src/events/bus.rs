//! The bus between instances. In-process by default; NATS JetStream when `bus = "nats://…"`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};
use futures_util::StreamExt;

use super::Event;
use super::hub::Hub;

pub type BusFuture<'a> = Pin<Box<dyn Future<Output = Result<(), BusError>> + Send + 'a>>;

#[derive(Debug, thiserror::Error)]
#[error("event bus: {0}")]
pub struct BusError(pub String);

/// Publishes events, in order, to every instance (including this one).
pub trait EventBus: Send + Sync {
    fn publish<'a>(&'a self, event: &'a Event) -> BusFuture<'a>;
    /// Whether the bus can currently publish (for `/readyz`).
    fn is_connected(&self) -> bool;
}

/// One instance: published events go straight to the local hub.
pub struct LocalBus {
    hub: Hub,
}

impl LocalBus {
    pub fn new(hub: Hub) -> Self {
        Self { hub }
    }
}

impl EventBus for LocalBus {
    fn publish<'a>(&'a self, event: &'a Event) -> BusFuture<'a> {
        self.hub.deliver(event.clone());
        Box::pin(async { Ok(()) })
    }

    fn is_connected(&self) -> bool {
        true
    }
}

/// Several instances: events go through a JetStream stream; every instance consumes it into its
/// own hub. The event id is the message id, so a re-publication is dropped by the server.
pub struct NatsBus {
    jetstream: jetstream::Context,
    subject_prefix: String,
    connected: Arc<AtomicBool>,
}

const PUBLISH_TIMEOUT: Duration = Duration::from_secs(5);

impl NatsBus {
    /// Connects in the background (the server starts even when NATS is down) and starts the
    /// consumer that feeds `hub`.
    pub async fn start(url: &str, stream_name: &str, hub: Hub) -> Result<Self, BusError> {
        let connected = Arc::new(AtomicBool::new(false));
        let flag = connected.clone();
        let client = async_nats::ConnectOptions::new()
            .retry_on_initial_connect()
            .connection_timeout(Duration::from_secs(2))
            .event_callback(move |event| {
                let flag = flag.clone();
                async move {
                    match event {
                        async_nats::Event::Connected => flag.store(true, Ordering::SeqCst),
                        async_nats::Event::Disconnected => flag.store(false, Ordering::SeqCst),
                        _ => {}
                    }
                }
            })
            .connect(url)
            .await
            .map_err(|e| BusError(e.to_string()))?;
        let jetstream = jetstream::new(client);
        let subject_prefix = format!("{stream_name}.events");
        tokio::spawn(consume(
            jetstream.clone(),
            stream_name.to_string(),
            subject_prefix.clone(),
            hub,
        ));
        Ok(Self { jetstream, subject_prefix, connected })
    }
}

impl EventBus for NatsBus {
    fn publish<'a>(&'a self, event: &'a Event) -> BusFuture<'a> {
        Box::pin(async move {
            let payload = serde_json::to_vec(event).map_err(|e| BusError(e.to_string()))?;
            let mut headers = async_nats::HeaderMap::new();
            headers.insert("Nats-Msg-Id", event.id.to_string().as_str());
            let subject = format!("{}.{}", self.subject_prefix, event.org_id);
            let ack = tokio::time::timeout(
                PUBLISH_TIMEOUT,
                self.jetstream.publish_with_headers(subject, headers, payload.into()),
            )
            .await
            .map_err(|_| BusError("publish timed out".into()))?
            .map_err(|e| BusError(e.to_string()))?;
            tokio::time::timeout(PUBLISH_TIMEOUT, ack)
                .await
                .map_err(|_| BusError("acknowledgement timed out".into()))?
                .map_err(|e| BusError(e.to_string()))?;
            Ok(())
        })
    }

    fn is_connected(&self) -> bool {
        self.connected.load(Ordering::SeqCst)
    }
}

/// Feeds the hub from the stream, for as long as the process runs; retries while NATS is away.
async fn consume(
    jetstream: jetstream::Context,
    stream_name: String,
    subject_prefix: String,
    hub: Hub,
) {
    let started_at = time::OffsetDateTime::now_utc();
    let mut next_sequence = None;
    loop {
        let attempt = consume_once(
            &jetstream,
            &stream_name,
            &subject_prefix,
            &hub,
            started_at,
            &mut next_sequence,
        );
        if let Err(error) = attempt.await {
            tracing::warn!(%error, "event bus consumer stopped; retrying");
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Consumes until an error; `next_sequence` remembers where to pick up again.
async fn consume_once(
    jetstream: &jetstream::Context,
    stream_name: &str,
    subject_prefix: &str,
    hub: &Hub,
    started_at: time::OffsetDateTime,
    next_sequence: &mut Option<u64>,
) -> Result<(), BusError> {
    let fail = |e: &dyn std::fmt::Display| BusError(e.to_string());
    let stream = jetstream
        .get_or_create_stream(stream::Config {
            name: stream_name.to_string(),
            subjects: vec![format!("{subject_prefix}.>")],
            max_age: Duration::from_secs(24 * 3600),
            duplicate_window: Duration::from_secs(120),
            ..Default::default()
        })
        .await
        .map_err(|e| fail(&e))?;
    let start = match *next_sequence {
        // Everything published since this instance started (older events are in the outbox).
        None => consumer::DeliverPolicy::ByStartTime { start_time: started_at },
        Some(start_sequence) => consumer::DeliverPolicy::ByStartSequence { start_sequence },
    };
    let consumer = stream
        .create_consumer(consumer::pull::OrderedConfig {
            deliver_policy: start,
            ..Default::default()
        })
        .await
        .map_err(|e| fail(&e))?;
    let mut messages = consumer.messages().await.map_err(|e| fail(&e))?;
    while let Some(message) = messages.next().await {
        let message = message.map_err(|e| fail(&e))?;
        if let Ok(info) = message.info() {
            *next_sequence = Some(info.stream_sequence + 1);
        }
        match serde_json::from_slice::<Event>(&message.payload) {
            Ok(event) => hub.deliver(event),
            Err(error) => tracing::warn!(%error, "ignoring a malformed event from the bus"),
        }
    }
    Ok(())
}
