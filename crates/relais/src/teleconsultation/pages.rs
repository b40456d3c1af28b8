//! The professional's pages: scheduling from the patient's record, the invitation (link and code,
//! shown once), the consultation with its guests, log and report, and the call with its waiting
//! room.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::forms::{DURATIONS, ScheduleForm, suggested};
use super::invitation::Invitation;
use super::model::{Consultation, GuestRole, Kind, Status};
use super::report::{self, CallSummary};
use super::service::{self, Details};
use crate::auth::CurrentUser;
use crate::calls::seat::Seat;
use crate::error::{AppError, AppResult};
use crate::homecare::model::PatientId;
use crate::state::AppState;
use crate::web::{CsrfForm, IdPath, Page, Ui};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/patients/{id}/teleconsultations/new", get(new))
        .route("/patients/{id}/teleconsultations", post(schedule))
        .route("/teleconsultations/{id}", get(show))
        .route("/teleconsultations/{id}/guests", post(invite))
        .route("/teleconsultations/{id}/guests/{guest}/renew", post(renew))
        .route("/teleconsultations/{id}/cancel", post(cancel))
        .route("/teleconsultations/{id}/report", post(write_report))
        .route("/teleconsultations/{id}/call", get(call))
        .route("/teleconsultations/{id}/call/ws", get(connect))
}

fn when(at: i64, time_zone: &str) -> String {
    crate::clock::format_local(at, time_zone)
}

#[derive(Template)]
#[template(path = "teleconsultation_new.html")]
struct NewPage {
    ui: Ui,
    patient_id: String,
    patient_name: String,
    form: ScheduleForm,
    kinds: [Kind; 4],
    durations: [i64; 6],
}

async fn new_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    patient_id: &PatientId,
    form: ScheduleForm,
) -> AppResult<Page> {
    let patient = crate::homecare::patients::visible(state, user, patient_id).await?;
    user.require(crate::org::Permission::HoldTeleconsultations)?;
    let ui = ui.with_user(user);
    let form = if form.date.is_empty() && form.time.is_empty() { suggested(user) } else { form };
    let page = NewPage {
        ui: ui.clone(),
        patient_id: patient_id.to_string(),
        patient_name: patient.full_name(),
        form,
        kinds: Kind::ALL,
        durations: DURATIONS,
    };
    Page::form(&page, &ui)
}

async fn new(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    id: PatientId,
) -> AppResult<Page> {
    new_page(&state, ui, &user, &id, ScheduleForm::default()).await
}

#[derive(Template)]
#[template(path = "teleconsultation_invitation.html")]
struct InvitationPage {
    ui: Ui,
    consultation_id: String,
    role: GuestRole,
    link: String,
    code: String,
    when: String,
}

fn invitation_page(
    state: &AppState,
    headers: &HeaderMap,
    ui: Ui,
    consultation: &Consultation,
    role: GuestRole,
    invitation: &Invitation,
) -> AppResult<Response> {
    let link = format!("{}/visio/{}", crate::web::base_url(state, headers), invitation.link);
    let page = InvitationPage {
        ui,
        consultation_id: consultation.id.clone(),
        role,
        link,
        code: invitation.code_spaced(),
        when: when(consultation.starts_at, &consultation.time_zone),
    };
    // The code is shown this once: never cached, never kept in history.
    let mut response = Page::render(&page)?.into_response();
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

async fn schedule(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    id: PatientId,
    CsrfForm(form): CsrfForm<ScheduleForm>,
) -> AppResult<Response> {
    let outcome = match form.parse(&user.time_zone) {
        Ok(input) => service::schedule(&state, &user, &id, input).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok((consultation_id, invitation)) => {
            let consultation = service::visible(&state, &user, &consultation_id).await?;
            let ui = ui.with_user(&user);
            invitation_page(&state, &headers, ui, &consultation, GuestRole::Patient, &invitation)
        }
        Err(AppError::Invalid { field, code }) => {
            let page = new_page(&state, ui.with_error(field, code), &user, &id, form).await?;
            Ok(page.into_response())
        }
        Err(error) => Err(error),
    }
}

#[derive(Template)]
#[template(path = "teleconsultation.html")]
struct ConsultationPage {
    ui: Ui,
    details: Details,
    summary: CallSummary,
    hosting: bool,
    report_form: ReportForm,
    time_zone: String,
}

impl ConsultationPage {
    fn when(&self, at: &i64) -> String {
        when(*at, &self.time_zone)
    }

    fn who(&self, who: &str) -> String {
        let (role, name) = who.split_once(':').unwrap_or(("", who));
        let role = self.ui.t(&format!("teleconsultation-role-{role}"));
        if name.is_empty() { role } else { format!("{name} ({role})") }
    }

    /// The report form's text areas: name, label key, value, rows.
    fn report_fields(&self) -> [(&'static str, &'static str, &str, u8); 4] {
        let form = &self.report_form;
        [
            ("report", "teleconsultation-report-text", &form.report, 8),
            ("acts", "teleconsultation-acts", &form.acts, 3),
            ("prescriptions", "teleconsultation-prescriptions", &form.prescriptions, 4),
            ("chat", "teleconsultation-chat", &form.chat, 4),
        ]
    }

    fn scheduled(&self) -> bool {
        self.details.consultation.status == Status::Scheduled
    }
}

#[derive(Deserialize, Default)]
pub struct ReportForm {
    #[serde(default)]
    report: String,
    #[serde(default)]
    acts: String,
    #[serde(default)]
    prescriptions: String,
    #[serde(default)]
    chat: String,
}

async fn consultation_page(
    state: &AppState,
    ui: Ui,
    user: &CurrentUser,
    id: &str,
    report_form: ReportForm,
) -> AppResult<Page> {
    let details = service::open(state, user, id).await?;
    let summary = report::summarise(&details.consultation, &details.guests, &details.events);
    let hosting = details.consultation.professional_id == user.user_id;
    let ui = ui.with_user(user);
    let page = ConsultationPage {
        ui: ui.clone(),
        details,
        summary,
        hosting,
        report_form,
        time_zone: user.time_zone.clone(),
    };
    Page::form(&page, &ui)
}

async fn show(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    Query(done): Query<crate::web::Done>,
) -> AppResult<Page> {
    let notices =
        [("report", "teleconsultation-report-saved"), ("cancelled", "teleconsultation-cancelled")];
    let ui = ui.with_done(&done, &notices);
    consultation_page(&state, ui, &user, &id, ReportForm::default()).await
}

#[derive(Deserialize)]
struct InviteForm {
    #[serde(default)]
    role: String,
}

async fn invite(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> AppResult<Response> {
    let role = GuestRole::parse(&form.role).filter(|r| *r != GuestRole::Patient);
    let outcome = match role {
        Some(role) => service::invite(&state, &user, &id, role).await.map(|i| (role, i)),
        None => Err(AppError::Invalid { field: "role", code: "choice-invalid" }),
    };
    match outcome {
        Ok((role, invitation)) => {
            let consultation = service::visible(&state, &user, &id).await?;
            invitation_page(&state, &headers, ui.with_user(&user), &consultation, role, &invitation)
        }
        Err(AppError::Invalid { field, code }) => {
            let ui = ui.with_error(field, code);
            Ok(consultation_page(&state, ui, &user, &id, ReportForm::default())
                .await?
                .into_response())
        }
        Err(error) => Err(error),
    }
}

async fn renew(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    headers: HeaderMap,
    Path((id, guest)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Response> {
    if !crate::web::ids::is_id(&id) || !crate::web::ids::is_id(&guest) {
        return Err(AppError::NotFound);
    }
    let (role, invitation) = service::renew(&state, &user, &id, &guest).await?;
    let consultation = service::visible(&state, &user, &id).await?;
    invitation_page(&state, &headers, ui.with_user(&user), &consultation, role, &invitation)
}

async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(_): CsrfForm<serde::de::IgnoredAny>,
) -> AppResult<Redirect> {
    service::cancel(&state, &user, &id).await?;
    Ok(Redirect::to(&format!("/teleconsultations/{id}?done=cancelled")))
}

async fn write_report(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
    CsrfForm(form): CsrfForm<ReportForm>,
) -> AppResult<Response> {
    let written = report::Written {
        text: &form.report,
        acts: &form.acts,
        prescriptions: &form.prescriptions,
        chat: &form.chat,
    };
    let outcome = report::write(&state, &user, &id, &written).await;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/teleconsultations/{id}?done=report")).into_response()),
        Err(AppError::Invalid { field, code }) => {
            let ui = ui.with_error(field, code);
            Ok(consultation_page(&state, ui, &user, &id, form).await?.into_response())
        }
        Err(error) => Err(error),
    }
}

async fn call(
    State(state): State<AppState>,
    ui: Ui,
    user: CurrentUser,
    IdPath(id): IdPath,
) -> AppResult<Page> {
    let consultation = service::hosted(&state, &user, &id).await?;
    let patient =
        crate::homecare::patients::visible(&state, &user, &consultation.patient_id).await?;
    let call = crate::calls::page::CallPage::host(ui.with_user(&user), &consultation, &patient);
    Page::render(&call)
}

async fn connect(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
    IdPath(id): IdPath,
    upgrade: WebSocketUpgrade,
) -> AppResult<Response> {
    let consultation = service::hosted(&state, &user, &id).await?;
    crate::calls::routes::open(state, &headers, upgrade, Seat::Host { user, consultation })
}
