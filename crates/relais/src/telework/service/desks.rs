//! Flex office: desks per site booked for on-site days, and the week's occupancy for the
//! facilities manager. A desk is not booked on a day of approved whole-day telework.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult};
use crate::org::fields::Label;
use crate::org::{Permission, Site};
use crate::state::AppState;
use crate::telework::model::{Action, Booking, DayPart, DayStatus, Desk};
use crate::telework::store::{days, desks as store};

pub struct SiteDay {
    pub sites: Vec<Site>,
    pub site: Option<Site>,
    pub day: Date,
    pub desks: Vec<Desk>,
    /// Bookings of the site over the week of `day`.
    pub week: Vec<Booking>,
    pub days: Vec<Date>,
    pub manages: bool,
}

impl SiteDay {
    pub fn booking(&self, desk: &str) -> Option<&Booking> {
        let day = self.day.to_string();
        self.week.iter().find(|b| b.desk_id == desk && b.day == day)
    }

    /// Desks booked on `day`, of all.
    pub fn occupancy(&self, day: &Date) -> usize {
        let text = day.to_string();
        self.week.iter().filter(|b| b.day == text).count()
    }
}

pub async fn site_day(
    state: &AppState,
    actor: &CurrentUser,
    site_id: Option<&str>,
    day: Date,
) -> AppResult<SiteDay> {
    let org = &actor.org_id;
    let reader = state.db.reader();
    let sites = crate::org::store::list_sites(reader, org).await?;
    let site = match site_id {
        Some(id) => Some(sites.iter().find(|s| s.id == id).cloned().ok_or(AppError::NotFound)?),
        None => sites.first().cloned(),
    };
    let (first, last) = super::days::week_of(day)?;
    let monday: Date = first.parse().map_err(AppError::internal)?;
    let (desks, week) = match &site {
        Some(site) => (
            store::of_site(reader, org, &site.id).await?,
            store::bookings(reader, org, &site.id, &first, &last).await?,
        ),
        None => (Vec::new(), Vec::new()),
    };
    Ok(SiteDay {
        sites,
        site,
        day,
        desks,
        week,
        days: (0..5).filter_map(|n| monday.checked_add(n.days()).ok()).collect(),
        manages: manages(actor),
    })
}

fn manages(actor: &CurrentUser) -> bool {
    actor.can(Permission::ManageTelework) || actor.can(Permission::ManageTeams)
}

/// Facilities (human resources or those who manage sites) add a desk.
pub async fn add(
    state: &AppState,
    actor: &CurrentUser,
    site_id: &str,
    room: &str,
    name: &str,
) -> AppResult<()> {
    if !manages(actor) {
        return Err(AppError::Forbidden);
    }
    let invalid =
        |field| move |e: crate::org::fields::FieldError| AppError::Invalid { field, code: e.0 };
    let room = Label::parse(room).map_err(invalid("room"))?;
    let name = Label::parse(name).map_err(invalid("name"))?;
    let sites = crate::org::store::list_sites(state.db.reader(), &actor.org_id).await?;
    if !sites.iter().any(|s| s.id == site_id) {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.begin().await?;
    if !store::insert(&mut tx, &actor.org_id, site_id, room.as_str(), name.as_str()).await? {
        return Err(AppError::Invalid { field: "name", code: "telework-desk-taken" });
    }
    super::record(&mut tx, state, actor, Action::DeskAdded, ("site", site_id), &[]).await?;
    tx.commit().await?;
    Ok(())
}

/// Books a desk for an on-site day (today or later).
pub async fn book(
    state: &AppState,
    actor: &CurrentUser,
    desk_id: &str,
    day: Date,
) -> AppResult<()> {
    let org = &actor.org_id;
    let today = crate::org::service::today(state, org).await?;
    let invalid = |code| AppError::Invalid { field: "day", code };
    if day < today {
        return Err(invalid("telework-rule-past"));
    }
    if day > today.checked_add(90.days()).map_err(AppError::internal)? {
        return Err(invalid("telework-desk-too-far"));
    }
    let reader = state.db.reader();
    let sites = crate::org::store::list_sites(reader, org).await?;
    let mut found = false;
    for site in &sites {
        found |= store::of_site(reader, org, &site.id).await?.iter().any(|d| d.id == desk_id);
    }
    if !found {
        return Err(AppError::NotFound);
    }
    let text = day.to_string();
    let mine = days::of_person(reader, org, &actor.user_id, &text).await?;
    let remote = mine
        .iter()
        .any(|d| d.day == text && d.status == DayStatus::Approved && d.part == DayPart::Day);
    if remote {
        return Err(invalid("telework-desk-remote-day"));
    }
    let mut tx = state.db.begin().await?;
    let id = store::book(&mut tx, org, desk_id, &actor.user_id, &text)
        .await?
        .ok_or(invalid("telework-desk-taken-day"))?;
    super::record(&mut tx, state, actor, Action::DeskBooked, ("telework_desk_booking", &id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn release(state: &AppState, actor: &CurrentUser, id: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if !store::release(&mut tx, &actor.org_id, &actor.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    super::record(&mut tx, state, actor, Action::DeskReleased, ("telework_desk_booking", id), &[])
        .await?;
    tx.commit().await?;
    Ok(())
}
