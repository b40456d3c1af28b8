//! What the home page shows a person can do today: unread notifications, their visits of the
//! day, the visits left to plan this week in their teams, their next teleconsultation, and for
//! the administrator of a new organisation the next steps. Figures only: no patient's data, so
//! nothing here is a read of patient data to audit.

use jiff::civil::Date;

use crate::auth::CurrentUser;
use crate::error::AppResult;
use crate::homecare::planning::local_minute;
use crate::homecare::store::{patients as patient_store, visits as visit_store};
use crate::org::Permission;
use crate::state::AppState;

pub struct Today {
    /// The organisation's today (`YYYY-MM-DD`).
    pub day: String,
    pub unread: i64,
    /// Protocol pages whose version in force asks the person to confirm their reading.
    pub protocols_to_read: i64,
    /// Open surveys asking the person that they have not answered: the reminder, seen only when
    /// they open Relais (no message outside working hours).
    pub surveys_waiting: i64,
    /// The person's visits today, if they go on rounds.
    pub visits: Option<i64>,
    /// Visits not assigned yet this week in the teams the person plans.
    pub to_plan: Option<i64>,
    /// The next teleconsultation the person holds: its id, day and time.
    pub consultation: Option<NextConsultation>,
    pub first_steps: Option<FirstSteps>,
}

pub struct NextConsultation {
    pub id: String,
    pub day: String,
    pub time: String,
}

/// An organisation's first steps, and which are done.
pub struct FirstSteps {
    pub teams: bool,
    pub people: bool,
    pub patients: bool,
}

impl FirstSteps {
    pub fn all_done(&self) -> bool {
        self.teams && self.people && self.patients
    }
}

pub async fn of(state: &AppState, user: &CurrentUser) -> AppResult<Today> {
    let db = state.db.reader();
    let zone = crate::org::service::zone(state, &user.org_id).await?;
    let now = state.clock.now().to_zoned(zone.clone());
    let today = now.date();
    let day = today.to_string();
    let unread = crate::messaging::notifications::unread_count(state, user).await?;
    let protocols_to_read = figure(crate::protocols::service::waiting_count(state, user).await?);
    let surveys_waiting = crate::surveys::service::waiting_count(state, user).await?;
    let visits = if user.can(Permission::SeePatientData) {
        let mine = visit_store::of_caregiver(db, &user.org_id, &user.user_id, &day, &day).await?;
        Some(figure(mine.iter().filter(|v| !v.cancelled()).count()))
    } else {
        None
    };
    let to_plan = if user.can(Permission::PlanRounds) {
        Some(figure(unassigned_this_week(state, user, today).await?))
    } else {
        None
    };
    let next = crate::teleconsultation::store::next_of_professional(
        db,
        &user.org_id,
        &user.user_id,
        now.timestamp().as_millisecond(),
    )
    .await?;
    let consultation = next.map(|c| {
        let date = jiff::Timestamp::from_millisecond(c.starts_at)
            .map(|at| at.to_zoned(zone.clone()).date().to_string())
            .unwrap_or_default();
        let minute = u16::try_from(local_minute(c.starts_at, &zone).0).unwrap_or(0);
        NextConsultation { id: c.id, day: date, time: crate::org::fields::clock_text(minute) }
    });
    let first_steps = if user.can(Permission::ManagePeople) && user.can(Permission::ManageTeams) {
        let teams = crate::org::store::list_teams(db, &user.org_id).await?;
        let people = crate::org::service::list_people(state, user).await?;
        let patients = patient_store::count(db, &user.org_id).await?;
        let steps = FirstSteps {
            teams: !teams.is_empty(),
            people: people.len() > 1,
            patients: patients > 0,
        };
        (!steps.all_done()).then_some(steps)
    } else {
        None
    };
    Ok(Today {
        day,
        unread,
        protocols_to_read,
        surveys_waiting,
        visits,
        to_plan,
        consultation,
        first_steps,
    })
}

async fn unassigned_this_week(
    state: &AppState,
    user: &CurrentUser,
    today: Date,
) -> AppResult<usize> {
    let monday = today
        .checked_sub(jiff::Span::new().days(i64::from(today.weekday().to_monday_zero_offset())))
        .unwrap_or(today);
    let sunday = monday.checked_add(jiff::Span::new().days(6)).unwrap_or(monday);
    let (first, last) = (monday.to_string(), sunday.to_string());
    let mut count = 0;
    for team in crate::homecare::routes::my_teams(state, user).await? {
        let visits =
            visit_store::of_team(state.db.reader(), &user.org_id, &team.id, &first, &last).await?;
        count += visits.iter().filter(|v| !v.cancelled() && v.caregiver_id.is_none()).count();
    }
    Ok(count)
}

fn figure(count: usize) -> i64 {
    i64::try_from(count).unwrap_or(i64::MAX)
}
