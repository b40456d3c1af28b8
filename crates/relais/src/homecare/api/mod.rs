//! Home care in `/api/v1`: patients (within the care relationship, each read audited), care
//! plans, caregivers, weeks (read, generate, optimise: start, progress, cancel, accept), the
//! caregiver's round with check-in, check-out and report (the phone's idempotency keys), the
//! exceptions queue and the month's hours. The handlers call the same services as the pages.

mod planning;
mod round;
pub mod views;

use axum::http::StatusCode;
use axum::routing::{get, post};

use crate::api::Scope;
use crate::api::endpoints::{Endpoint, Parameter};
use crate::org::Permission;
use views::*;

const TEAM: Parameter = Parameter::path("id", "The team's id");
const VISIT: Parameter = Parameter::path("id", "The visit's id");
const OPTIMISATION: Parameter = Parameter::path("id", "The optimisation's id");

pub fn endpoints() -> Vec<Endpoint> {
    let (read, write) = (Scope::HomecareRead, Scope::HomecareWrite);
    let team_day = || [TEAM, Parameter::path("day", "Any day of the week, YYYY-MM-DD")];
    vec![
        Endpoint::get(
            "/api/v1/homecare/patients",
            read,
            "The patients in the caller's care relationship (the read is audited)",
            get(planning::patient_list),
        )
        .gives::<crate::api::page::Page<PatientOut>>()
        .needs(Permission::SeePatientData)
        .paged(),
        Endpoint::get(
            "/api/v1/homecare/patients/{id}",
            read,
            "A patient's record: identity, access notes, care plan (the read is audited)",
            get(planning::patient),
        )
        .gives::<PatientRecordOut>()
        .needs(Permission::SeePatientData)
        .with([Parameter::path("id", "The patient's id")]),
        Endpoint::get(
            "/api/v1/homecare/teams/{id}/caregivers",
            read,
            "The team's caregivers with their skills and hours",
            get(planning::caregivers),
        )
        .gives::<Vec<CaregiverOut>>()
        .needs(Permission::PlanRounds)
        .with([TEAM]),
        Endpoint::get(
            "/api/v1/homecare/teams/{id}/weeks/{day}",
            read,
            "A team's week: caregivers and visits",
            get(planning::week),
        )
        .gives::<WeekOut>()
        .needs(Permission::PlanRounds)
        .with(team_day()),
        Endpoint::post(
            "/api/v1/homecare/teams/{id}/weeks/{day}/generate",
            write,
            "Create the week's visits from the care plans (visits already there are kept)",
            post(planning::generate),
        )
        .gives::<GeneratedOut>()
        .needs(Permission::PlanRounds)
        .with(team_day()),
        Endpoint::post(
            "/api/v1/homecare/teams/{id}/optimisations",
            write,
            "Start optimising a day or a week; poll the optimisation for its progress",
            post(planning::optimise_start),
        )
        .takes::<OptimiseIn>()
        .gives::<StartedOut>()
        .status(StatusCode::ACCEPTED)
        .needs(Permission::PlanRounds)
        .with([TEAM]),
        Endpoint::get(
            "/api/v1/homecare/optimisations/{id}",
            read,
            "An optimisation's progress, then its proposal",
            get(planning::optimisation),
        )
        .gives::<OptimisationOut>()
        .needs(Permission::PlanRounds)
        .with([OPTIMISATION]),
        Endpoint::post(
            "/api/v1/homecare/optimisations/{id}/cancel",
            write,
            "Stop a running optimisation",
            post(planning::optimisation_cancel),
        )
        .status(StatusCode::NO_CONTENT)
        .needs(Permission::PlanRounds)
        .with([OPTIMISATION]),
        Endpoint::post(
            "/api/v1/homecare/optimisations/{id}/accept",
            write,
            "Apply the proposal's changes (all, or those of some visits)",
            post(planning::optimisation_accept),
        )
        .takes::<AcceptIn>()
        .gives::<AcceptedOut>()
        .needs(Permission::PlanRounds)
        .with([OPTIMISATION]),
        Endpoint::get(
            "/api/v1/homecare/teams/{id}/exceptions",
            read,
            "Visits whose realisation differs from the plan (missing punches, out of tolerance…)",
            get(planning::exceptions),
        )
        .gives::<Vec<ExceptionOut>>()
        .needs(Permission::PlanRounds)
        .with([
            TEAM,
            Parameter::query("from", "First day, YYYY-MM-DD (default: this week's Monday)"),
            Parameter::query("to", "Last day, YYYY-MM-DD (default: today; at most 62 days)"),
        ]),
        Endpoint::get(
            "/api/v1/homecare/teams/{id}/hours",
            read,
            "A month's planned, realised and funded minutes by patient, funder and caregiver",
            get(planning::month_hours),
        )
        .gives::<HoursOut>()
        .needs(Permission::PlanRounds)
        .with([TEAM, Parameter::query("month", "YYYY-MM (default: this month)")]),
        Endpoint::get(
            "/api/v1/homecare/rounds/{day}",
            read,
            "The caller's round of a day: published visits in order (each patient read audited)",
            get(round::my_day),
        )
        .gives::<Vec<StopOut>>()
        .needs(Permission::SeePatientData)
        .with([Parameter::path("day", "YYYY-MM-DD")]),
        Endpoint::post(
            "/api/v1/homecare/visits/{id}/check-in",
            write,
            "Check in at a visit",
            post(round::check_in),
        )
        .takes::<PunchIn>()
        .status(StatusCode::NO_CONTENT)
        .with([VISIT, Parameter::idempotency_key()]),
        Endpoint::post(
            "/api/v1/homecare/visits/{id}/check-out",
            write,
            "Check out of a visit",
            post(round::check_out),
        )
        .takes::<PunchIn>()
        .status(StatusCode::NO_CONTENT)
        .with([VISIT, Parameter::idempotency_key()]),
        Endpoint::post(
            "/api/v1/homecare/visits/{id}/report",
            write,
            "The visit's outcome, care note and vigilance signs",
            post(round::report),
        )
        .takes::<ReportIn>()
        .status(StatusCode::NO_CONTENT)
        .with([VISIT, Parameter::idempotency_key()]),
    ]
}
