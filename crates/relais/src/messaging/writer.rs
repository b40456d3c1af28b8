//! Group commit of new messages: the messages waiting at one moment are written in one
//! transaction (each in its own savepoint, so one refusal does not sink the others). On SQLite this
//! shares the writer's `BEGIN`/`COMMIT` and fsync among them; on PostgreSQL it takes the outbox
//! head lock once per batch instead of once per message. Each sender still waits until its message
//! is durable before it is acknowledged.

use std::sync::Weak;

use tokio::sync::{mpsc, oneshot};

use super::model::Conversation;
use super::notifications::{self, Held, Recipient};
use super::store::Member;
use super::store::messages::{self as store, NewMessage};
use super::{audience, store as conversations};
use crate::audit::trail::{Trail, record};
use crate::auth::CurrentUser;
use crate::clock::now_ms;
use crate::error::{AppError, AppResult};
use crate::events::outbox;
use crate::messaging::actions::Action;
use crate::state::{AppState, Inner};

/// The most messages one transaction carries.
const MAX_BATCH: usize = 64;

/// Everything the transaction of one new message needs, prepared (checked, sealed, digested)
/// before it.
pub struct NewPost {
    pub user: CurrentUser,
    pub id: String,
    pub conversation: Conversation,
    pub thread_root_id: Option<String>,
    pub body: Vec<u8>,
    pub client_key: Option<String>,
    pub mentioned: Vec<String>,
    pub digests: Vec<String>,
    pub recipients: Vec<(Member, &'static str)>,
    /// (override id, sealed reason, reason) of an urgent message.
    pub urgent: Option<(String, Vec<u8>, String)>,
    pub attachment: Option<super::attachments::NewAttachment>,
    /// A line under a morning announcement (the database keeps one per person).
    pub announcement_line: bool,
}

/// A message once written: its number in the conversation, and who will get it later.
pub struct Written {
    pub seq: i64,
    pub held: Vec<Held>,
}

type Job = (NewPost, oneshot::Sender<AppResult<Written>>);

#[derive(Clone)]
pub struct MessageWriter {
    queue: mpsc::Sender<Job>,
}

impl MessageWriter {
    /// Starts the writing task; it ends when the state is dropped.
    pub fn start(state: Weak<Inner>) -> Self {
        let (queue, jobs) = mpsc::channel(4096);
        tokio::spawn(run(state, jobs));
        Self { queue }
    }

    /// Writes one message; returns once it is committed (or refused).
    pub async fn write(&self, post: NewPost) -> AppResult<Written> {
        let (reply, answer) = oneshot::channel();
        self.queue.send((post, reply)).await.map_err(|_| AppError::Unavailable)?;
        answer.await.map_err(|_| AppError::Unavailable)?
    }
}

async fn run(state: Weak<Inner>, mut jobs: mpsc::Receiver<Job>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let Some(state) = AppState::upgrade(&state) else { return };
        let (posts, replies): (Vec<NewPost>, Vec<_>) = batch.into_iter().unzip();
        match write_batch(&state, &posts).await {
            Ok(outcomes) => {
                for (reply, outcome) in replies.into_iter().zip(outcomes) {
                    let _ = reply.send(outcome);
                }
            }
            Err(error) => {
                tracing::warn!(%error, "writing a batch of messages failed");
                let full = crate::web::storage::is_storage_full(&error);
                for reply in replies {
                    let failure = if full {
                        AppError::StorageFull
                    } else {
                        AppError::Internal(anyhow::anyhow!("batch failed"))
                    };
                    let _ = reply.send(Err(failure));
                }
            }
        }
    }
}

async fn write_batch(state: &AppState, posts: &[NewPost]) -> sqlx::Result<Vec<AppResult<Written>>> {
    let mut tx = state.db.begin().await?;
    let mut outcomes = Vec::with_capacity(posts.len());
    for post in posts {
        sqlx::query("SAVEPOINT message").execute(&mut *tx).await?;
        match write_one(&mut tx, state, post).await {
            Ok(written) => {
                sqlx::query("RELEASE SAVEPOINT message").execute(&mut *tx).await?;
                outcomes.push(Ok(written));
            }
            Err(error) => {
                // A full disk makes SQLite roll the whole transaction back: the savepoint is
                // gone, and the write's own error is the one to report.
                if sqlx::query("ROLLBACK TO SAVEPOINT message").execute(&mut *tx).await.is_err() {
                    return Err(error);
                }
                sqlx::query("RELEASE SAVEPOINT message").execute(&mut *tx).await?;
                outcomes.push(Err(refusal(error)));
            }
        }
    }
    tx.commit().await?;
    state.events.wake();
    Ok(outcomes)
}

/// A repeated client key is the one expected failure; anything else is internal.
fn refusal(error: sqlx::Error) -> AppError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            AppError::Conflict("message-repeated")
        }
        _ => AppError::Internal(error.into()),
    }
}

async fn write_one(
    conn: &mut sqlx::AnyConnection,
    state: &AppState,
    post: &NewPost,
) -> sqlx::Result<Written> {
    let now = now_ms();
    let conversation_id = post.conversation.id.as_str();
    let user = &post.user;
    let seq = conversations::next_seq(&mut *conn, conversation_id, now).await?;
    let new = NewMessage {
        id: &post.id,
        org_id: &user.org_id,
        conversation_id,
        seq,
        author_id: &user.user_id,
        thread_root_id: post.thread_root_id.as_deref(),
        body_enc: &post.body,
        client_key: post.client_key.as_deref(),
        urgent: post.urgent.is_some(),
        announcement_line: post.announcement_line,
        created_at: now,
    };
    store::insert(&mut *conn, &new).await?;
    store::insert_mentions(&mut *conn, &post.id, &post.mentioned).await?;
    if let Some(file) = &post.attachment {
        let (org, author) = (&user.org_id, &user.user_id);
        super::attachments::insert(&mut *conn, org, &post.id, conversation_id, author, file, now)
            .await?;
    }
    store::insert_terms(&mut *conn, &user.org_id, &post.id, &post.digests).await?;
    conversations::mark_read(&mut *conn, conversation_id, &user.user_id, seq).await?;
    let recipients: Vec<Recipient<'_>> =
        post.recipients.iter().map(|(member, kind)| Recipient { member, kind }).collect();
    let held = notifications::create(
        &mut *conn,
        &user.org_id,
        conversation_id,
        &post.id,
        &recipients,
        post.urgent.is_some(),
        now,
    )
    .await?;
    if let Some((override_id, sealed, reason)) = &post.urgent {
        super::store::notifications::insert_override(
            &mut *conn,
            override_id,
            &user.org_id,
            &post.id,
            &user.user_id,
            sealed,
            now,
        )
        .await?;
        let trail = Trail {
            action: Action::MessageUrgentOverride.as_str(),
            object_type: "message",
            object_id: &post.id,
            patient_id: None,
            reason: Some(reason),
        };
        record(&mut *conn, state, user, &trail, &[]).await?;
    }
    let payload = serde_json::json!({
        "conversation_id": conversation_id,
        "message_id": post.id,
        "seq": seq,
        "thread_root_id": post.thread_root_id,
        "author_id": user.user_id,
    });
    outbox::emit(&mut *conn, &user.org_id, &audience(conversation_id), "message.posted", &payload)
        .await?;
    Ok(Written { seq, held })
}

/// Registered at start-up: the task that writes this instance's new messages.
pub fn start_runtime(state: &Weak<Inner>) -> Box<dyn std::any::Any + Send + Sync> {
    Box::new(MessageWriter::start(state.clone()))
}
