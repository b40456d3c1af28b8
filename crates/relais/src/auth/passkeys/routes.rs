//! Passkeys' endpoints, called by `static/passkeys.js` (JSON; the request's origin is checked
//! like every form's): enrolment and removal from one's sign-in methods, sign-in without
//! password, and the second factor.

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use serde_json::json;
use webauthn_rs::prelude::{PublicKeyCredential, RegisterPublicKeyCredential};

use super::service::{self, Refusal};
use crate::auth::CurrentUser;
use crate::auth::session::PartialSession;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::{Client, CsrfForm, IdPath, Ui, base_url, cookies};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/account/passkeys/options", post(enrolment_options))
        .route("/account/passkeys", post(enrol))
        .route("/account/passkeys/{id}/delete", post(remove))
        .route("/login/passkey/options", post(sign_in_options))
        .route("/login/passkey", post(sign_in))
        .route("/login/totp/passkey/options", post(second_factor_options))
        .route("/login/totp/passkey", post(second_factor))
}

fn body<T>(json: Result<Json<T>, JsonRejection>) -> AppResult<T> {
    json.map(|Json(value)| value).map_err(|rejection| AppError::BadRequest(rejection.body_text()))
}

fn refused(ui: &Ui, refusal: Refusal) -> Response {
    refused_with(ui, refusal.message_key())
}

fn refused_with(ui: &Ui, code: &str) -> Response {
    let message = ui.t(code);
    (StatusCode::BAD_REQUEST, Json(json!({ "title": message, "code": code }))).into_response()
}

/// A refused field (a server without a domain name, say) as the script shows it: its message.
fn explained(ui: &Ui, result: AppResult<Response>) -> AppResult<Response> {
    match result {
        Err(AppError::Invalid { code, .. }) => Ok(refused_with(ui, code)),
        other => other,
    }
}

#[derive(Deserialize)]
struct EnrolmentRequest {
    name: String,
    #[serde(default)]
    password: String,
}

async fn enrolment_options(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    headers: HeaderMap,
    user: CurrentUser,
    request: Result<Json<EnrolmentRequest>, JsonRejection>,
) -> AppResult<Response> {
    let result: AppResult<Response> = async {
        let request = body(request)?;
        let base = base_url(&state, &headers);
        let started = service::start_enrolment(
            &state,
            &client,
            &user,
            &request.name,
            &request.password,
            &base,
        )
        .await?;
        Ok(match started {
            Ok(started) => {
                Json(json!({ "ceremony": started.ceremony, "options": started.options }))
                    .into_response()
            }
            Err(refusal) => refused(&ui.clone().with_user(&user), refusal),
        })
    }
    .await;
    explained(&ui, result)
}

#[derive(Deserialize)]
struct RegistrationAnswer {
    ceremony: String,
    credential: RegisterPublicKeyCredential,
}

async fn enrol(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    headers: HeaderMap,
    user: CurrentUser,
    answer: Result<Json<RegistrationAnswer>, JsonRejection>,
) -> AppResult<Response> {
    let result: AppResult<Response> = async {
        let answer = body(answer)?;
        let base = base_url(&state, &headers);
        let finished =
            service::finish_enrolment(&state, &client, &user, &answer.ceremony, &answer.credential, &base)
                .await?;
        Ok(match finished {
            Ok(codes) => Json(json!({ "redirect": "/account/sign-in-methods?done=passkey-added", "codes": codes })).into_response(),
            Err(refusal) => refused(&ui.clone().with_user(&user), refusal),
        })
    }
    .await;
    explained(&ui, result)
}

async fn remove(
    State(state): State<AppState>,
    client: Client,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    service::remove(&state, &client, &user, &id).await?;
    Ok(Redirect::to("/account/sign-in-methods?done=passkey-removed").into_response())
}

async fn sign_in_options(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
) -> AppResult<Response> {
    let result: AppResult<Response> = async {
        let started = service::start_sign_in(&state, &base_url(&state, &headers)).await?;
        Ok(Json(json!({ "ceremony": started.ceremony, "options": started.options }))
            .into_response())
    }
    .await;
    explained(&ui, result)
}

#[derive(Deserialize)]
struct AssertionAnswer {
    ceremony: String,
    credential: PublicKeyCredential,
}

async fn sign_in(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    headers: HeaderMap,
    jar: CookieJar,
    answer: Result<Json<AssertionAnswer>, JsonRejection>,
) -> AppResult<Response> {
    let result: AppResult<Response> = async {
        let answer = body(answer)?;
        let base = base_url(&state, &headers);
        match service::finish_sign_in(&state, &client, &answer.ceremony, &answer.credential, &base)
            .await?
        {
            Ok(sign_in) => {
                let (jar, next) = crate::auth::routes::with_session_cookies(&state, jar, sign_in);
                Ok((jar, Json(json!({ "redirect": next }))).into_response())
            }
            Err(refusal) => Ok(refused(&ui, refusal)),
        }
    }
    .await;
    explained(&ui, result)
}

async fn second_factor_options(
    State(state): State<AppState>,
    ui: Ui,
    headers: HeaderMap,
    session: PartialSession,
) -> AppResult<Response> {
    let result: AppResult<Response> = async {
        if session.record.mfa_done.0 {
            return Err(AppError::Forbidden);
        }
        let base = base_url(&state, &headers);
        let started = service::start_second_factor(&state, &session, &base)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(Json(json!({ "ceremony": started.ceremony, "options": started.options }))
            .into_response())
    }
    .await;
    explained(&ui, result)
}

async fn second_factor(
    State(state): State<AppState>,
    ui: Ui,
    client: Client,
    headers: HeaderMap,
    jar: CookieJar,
    session: PartialSession,
    answer: Result<Json<AssertionAnswer>, JsonRejection>,
) -> AppResult<Response> {
    let result: AppResult<Response> = async {
        if session.record.mfa_done.0 {
            return Err(AppError::Forbidden);
        }
        let answer = body(answer)?;
        let base = base_url(&state, &headers);
        let finished = service::finish_second_factor(
            &state,
            &client,
            &session,
            &answer.ceremony,
            &answer.credential,
            &base,
        )
        .await?;
        match finished {
            Ok(token) => {
                let cookie = cookies::build(&state.settings, cookies::SESSION, token, None);
                Ok((jar.add(cookie), Json(json!({ "redirect": "/" }))).into_response())
            }
            Err(refusal) => Ok(refused(&ui, refusal)),
        }
    }
    .await;
    explained(&ui, result)
}
