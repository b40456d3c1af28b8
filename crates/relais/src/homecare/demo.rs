//! The demonstration service's home care: 80 patients around Rennes split between two teams,
//! their care plans, the caregivers' profiles, last week and this week planned by the optimiser
//! and published (what was done is in `demo_history`), and next week's visits still to plan.

use jiff::tz::TimeZone;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::model::*;
use super::planning::planned_visits;
use super::recurrence::{days_of_week, week_start};
use super::store::{care, patients, visits};
use crate::crypto::{DataKey, Place};
use crate::db::Transaction;

/// The demo organisation's time zone.
pub const DEMO_ZONE: &str = "Europe/Paris";

const GIVEN: [&str; 20] = [
    "Jeanne",
    "Marcel",
    "Yvonne",
    "René",
    "Simone",
    "André",
    "Germaine",
    "Louis",
    "Odette",
    "Pierre",
    "Denise",
    "Jean",
    "Paulette",
    "Roger",
    "Lucienne",
    "Marcel",
    "Huguette",
    "Joseph",
    "Madeleine",
    "Raymond",
];
const FAMILY: [&str; 20] = [
    "Le Goff", "Martin", "Hamon", "Lebreton", "Guillou", "Tanguy", "Riou", "Morvan", "Le Roux",
    "Jégou", "Collet", "Gautier", "Pichon", "Hervé", "Le Gall", "Briand", "Rault", "Lemoine",
    "Texier", "Boucher",
];
const STREETS: [&str; 10] = [
    "rue de Saint-Malo",
    "boulevard de la Liberté",
    "rue de Fougères",
    "avenue Janvier",
    "rue d'Antrain",
    "rue de Nantes",
    "boulevard Villebois-Mareuil",
    "rue de Brest",
    "rue Saint-Hélier",
    "allée de Maurepas",
];

/// Rennes town hall; patients live within about 5 km (north team to the north, south to the south).
const CENTRE: (f64, f64) = (48.1114, -1.6800);

/// One caregiver of the demo: user id, team index, whether a nurse.
pub struct DemoCaregiver<'a> {
    pub user_id: &'a str,
    pub team: usize,
    pub nurse: bool,
}

pub async fn seed(
    tx: &mut Transaction,
    org_id: &str,
    key: &DataKey,
    team_ids: &[String],
    caregivers: &[DemoCaregiver<'_>],
) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(2026);
    for caregiver in caregivers {
        let skills = if caregiver.nurse {
            vec![Skill::Nurse, Skill::CareAide]
        } else {
            vec![Skill::CareAide]
        };
        let start = place(&mut rng, caregiver.team, 2.0);
        care::save_caregiver(
            &mut **tx,
            org_id,
            caregiver.user_id,
            &skills,
            35 * 60,
            Transport::Car,
            start,
        )
        .await?;
        sqlx::query("UPDATE users SET work_days = 127, work_start_minute = 420, work_end_minute = 1170 WHERE id = $1")
            .bind(caregiver.user_id)
            .execute(&mut **tx)
            .await?;
    }
    let zone = TimeZone::get(DEMO_ZONE)?;
    let monday = week_start(crate::clock::Clock::system().today(&zone));
    let mondays = demo_weeks(monday)?;
    let days: Vec<jiff::civil::Date> = mondays.iter().flat_map(|m| days_of_week(*m)).collect();
    for (team, team_id) in team_ids.iter().enumerate() {
        let mut items = Vec::new();
        for n in 0..40 {
            let id = PatientId::generate();
            let input = patient(&mut rng, team, n, team_id);
            let sealed = key.seal(
                Place { table: "patients", column: "access_notes_enc", row_id: &id },
                input.access_notes.as_bytes(),
            );
            patients::insert(&mut **tx, org_id, &id, &input, Some(sealed)).await?;
            for item in care_plan(&mut rng, &id, n) {
                let item_id = care::insert_item(&mut **tx, org_id, &item).await?;
                items.push(CarePlanItem { id: item_id, ..item });
            }
        }
        for visit in planned_visits(&items, team_id, &days, &zone) {
            visits::insert_generated(&mut **tx, org_id, &visit).await?;
        }
        for week in &mondays {
            visits::mark_generated(&mut **tx, org_id, team_id, &week.to_string()).await?;
        }
    }
    Ok(())
}

/// Last week (done, with its history), this week (published) and next week (to plan).
fn demo_weeks(monday: jiff::civil::Date) -> anyhow::Result<[jiff::civil::Date; 3]> {
    let week = jiff::Span::new().weeks(1);
    Ok([monday.checked_sub(week)?, monday, monday.checked_add(week)?])
}

fn place(rng: &mut StdRng, team: usize, radius_km: f64) -> Coordinates {
    let north = if team == 0 { 1.0 } else { -1.0 };
    let dy = north * rng.gen_range(0.3..radius_km) / 111.0;
    let dx = rng.gen_range(-radius_km..radius_km) / 74.0;
    Coordinates {
        latitude_e6: ((CENTRE.0 + dy) * 1e6).round() as i64,
        longitude_e6: ((CENTRE.1 + dx) * 1e6).round() as i64,
    }
}

fn patient(rng: &mut StdRng, team: usize, n: usize, team_id: &str) -> PatientInput {
    let given = GIVEN[(n + team * 7) % GIVEN.len()];
    let family = FAMILY[(n * 3 + team) % FAMILY.len()];
    let year = rng.gen_range(1928..1950);
    let month = rng.gen_range(1..13);
    let sex = if n.is_multiple_of(2) { Sex::Female } else { Sex::Male };
    PatientInput {
        team_id: team_id.to_string(),
        given_name: given.to_string(),
        family_name: family.to_string(),
        identity: Identity {
            birth_family_name: family.to_uppercase(),
            birth_first_names: given.to_string(),
            birth_date: format!("{year}-{month:02}-{:02}", rng.gen_range(1..29)),
            sex,
            birth_place_code: "35238".into(),
            ins_matricule: String::new(),
            ins_oid: String::new(),
            status: IdentityStatus::Validated,
        },
        address: format!("{} {}", rng.gen_range(1..120), STREETS[n % STREETS.len()]),
        postcode: if team == 0 { "35700".into() } else { "35200".into() },
        city: "Rennes".into(),
        place: place(rng, team, 5.0),
        // Numbers of the range set aside for fiction (06 39 98 xx xx).
        phone: format!("+3363998{:04}", 100 + n),
        access_notes: format!("Code porte {}", rng.gen_range(1000..9999)),
        financer: if n.is_multiple_of(5) { Financer::Apa } else { Financer::Ssiad },
        funded_minutes_per_month: 30 * 60,
        status: PatientStatus::Active,
    }
}

fn item(
    patient_id: &PatientId,
    label: &str,
    skill: Skill,
    days: i64,
    window: (i64, i64),
    duration: i64,
) -> CarePlanItem {
    CarePlanItem {
        id: String::new(),
        patient_id: patient_id.clone(),
        label: label.to_string(),
        skill,
        days,
        window_start_minute: window.0,
        window_end_minute: window.1,
        duration_minutes: duration,
        caregivers: 1,
        sync_kind: SyncKind::Simultaneous,
        min_gap_minutes: 0,
        max_gap_minutes: 0,
        preferred_caregiver: None,
        excluded_caregiver: None,
        first_day: "2026-01-01".into(),
        last_day: None,
    }
}

/// A plausible SSIAD care plan: a morning toilet for most, injections for some, evening care,
/// and a two-caregiver transfer for the most dependent.
fn care_plan(rng: &mut StdRng, patient_id: &PatientId, n: usize) -> Vec<CarePlanItem> {
    const EVERY_DAY: i64 = 0b111_1111;
    const WEEKDAYS: i64 = 0b001_1111;
    let mut plan = Vec::new();
    // Morning toilets spread from 7:00 to 11:30 over three-hour windows; a third of the patients
    // need one on weekdays only.
    let start = 420 + 30 * rng.gen_range(0..10);
    let days = if n.is_multiple_of(3) { WEEKDAYS } else { EVERY_DAY };
    plan.push(item(
        patient_id,
        "Toilette",
        Skill::CareAide,
        days,
        (start, start + 180),
        rng.gen_range(2..5) * 10,
    ));
    if n % 6 == 1 {
        plan.push(item(
            patient_id,
            "Injection d'insuline",
            Skill::Nurse,
            EVERY_DAY,
            (420, 600),
            15,
        ));
    }
    if n % 5 == 2 {
        plan.push(item(patient_id, "Pansement", Skill::Nurse, 0b001_0101, (600, 780), 30));
    }
    if n % 6 == 3 {
        plan.push(item(patient_id, "Coucher", Skill::CareAide, EVERY_DAY, (1020, 1170), 30));
    }
    if n % 10 == 7 {
        let mut transfer =
            item(patient_id, "Lever (deux soignants)", Skill::CareAide, EVERY_DAY, (600, 690), 30);
        transfer.caregivers = 2;
        plan.push(transfer);
    }
    plan
}

/// Plans last week and this week with the optimiser and publishes them, so that caregivers have
/// a round to open and coordinators a published planning; next week stays to be planned.
pub async fn plan_this_week(
    db: &crate::db::Db,
    org_id: &str,
    team_ids: &[String],
) -> anyhow::Result<()> {
    let zone = TimeZone::get(DEMO_ZONE)?;
    let today = crate::clock::Clock::system().today(&zone);
    let [last_monday, this_monday, _] = demo_weeks(week_start(today))?;
    for (team_id, monday) in team_ids.iter().flat_map(|t| [(t, last_monday), (t, this_monday)]) {
        let week = super::planning::load_week_in(db, zone.clone(), org_id, team_id, monday)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let items = care::items_of_team(db.reader(), org_id, team_id)
            .await?
            .into_iter()
            .map(|i| (i.id.clone(), i))
            .collect();
        let budget = std::time::Duration::from_millis(200 * 7);
        let proposal = super::optimise::plan_now(&week, &week.days, &items, budget);
        let mut tx = db.begin().await?;
        for change in &proposal.changes {
            visits::assign(
                &mut *tx,
                org_id,
                &change.visit_id,
                change.version,
                Some(&change.to_caregiver),
                Some(change.to_start),
            )
            .await?;
        }
        visits::mark_published(&mut *tx, org_id, team_id, &monday.to_string(), "demo").await?;
        tx.commit().await?;
    }
    Ok(())
}
