//! What every benchmark seeds the same way: a person with a signed-in session.

use relais::org::fields::{Email, FieldError, Label, Phone};

/// A person who may act at once.
pub struct SignedIn {
    pub user_id: String,
    /// The session cookie's value.
    pub session: String,
}

/// Creates a person (`email`, `name`, `role`, in `team_ids`) and a session with the second factor
/// done, valid for eight hours.
pub async fn person_with_session(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    email: &str,
    name: &str,
    role: relais::org::Role,
    team_ids: Vec<String>,
) -> anyhow::Result<SignedIn> {
    let invalid = |e: FieldError| anyhow::anyhow!("{e:?}");
    let person = relais::org::model::NewPerson {
        email: Email::parse(email).map_err(invalid)?,
        display_name: Label::parse(name).map_err(invalid)?,
        job_title: Label::parse_optional("").map_err(invalid)?,
        phone: Phone::parse_optional("").map_err(invalid)?,
        roles: vec![role],
        team_ids,
        locale: relais::i18n::Lang::Fr,
    };
    let user_id = relais::org::store::insert_person(&mut *conn, org_id, &person).await?;
    let session = relais::secrets::random_token(32);
    relais::auth::store::insert_session(
        &mut *conn,
        &relais::auth::store::NewSession {
            id_hash: &relais::secrets::digest(&session),
            public_id: &relais::secrets::random_token(12),
            user_id: &user_id,
            mfa_done: true,
            expires_at: relais::clock::now_ms() + 8 * 3_600_000,
            ip: "127.0.0.1",
            user_agent: "benchmark",
        },
    )
    .await?;
    Ok(SignedIn { user_id, session })
}
