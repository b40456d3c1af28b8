//! What the demo's caregivers have already done: every published visit before today has its
//! arrival and departure (by the home card's code), and most a report, some with a care note and a
//! few with a vigilance sign. A few visits went wrong the way real rounds do (a late arrival, a
//! forgotten departure, a patient not at home), so the exceptions queue has work waiting.

use super::model::{PunchKind, PunchMethod};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::store::rounds::{self, NewPunch, ReportRow};
use super::store::visits;
use crate::clock::{MINUTE_MS, now_ms};
use crate::crypto::DataKey;
use crate::db::Db;

const NOTES: [&str; 8] = [
    "Toilette complète au lit, peau intègre, patient détendu.",
    "Glycémie 1,32 g/l avant injection, pas de malaise signalé.",
    "Pansement refait, plaie propre, bourgeonnement en cours.",
    "Patiente fatiguée ce matin, a peu mangé hier soir selon sa fille.",
    "Aide au lever et à la douche, marche avec déambulateur sans difficulté.",
    "Rougeur au talon droit, effleurage et mise en décharge ; à surveiller.",
    "Patient désorienté en début de visite, rassuré ; famille prévenue.",
    "Coucher sans difficulté, prothèses auditives retirées et rangées.",
];
const FLAGS: [&str; 5] = ["fall", "pain", "skin", "appetite", "behaviour"];

/// Records the history of every team's visits planned before now.
pub async fn record(
    db: &Db,
    key: &DataKey,
    org_id: &str,
    team_ids: &[String],
) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(1789);
    let zone = jiff::tz::TimeZone::get(super::demo::DEMO_ZONE)?;
    let today = crate::clock::Clock::system().today(&zone);
    let first = today.checked_sub(jiff::Span::new().weeks(2))?.to_string();
    // Today is left to the person trying the demo: their round starts fresh.
    let yesterday = today.yesterday()?.to_string();
    let now = now_ms();
    let mut tx = db.begin().await?;
    for team_id in team_ids {
        for visit in visits::of_team(&mut *tx, org_id, team_id, &first, &yesterday).await? {
            let (Some(caregiver), Some(start)) = (&visit.caregiver_id, visit.planned_start_at)
            else {
                continue;
            };
            let end = start + visit.duration_minutes * MINUTE_MS;
            if visit.cancelled() || end + 30 * MINUTE_MS > now {
                continue;
            }
            let roll: u32 = rng.gen_range(0..100);
            let (late, no_departure, absent) = (roll < 3, (3..6).contains(&roll), roll == 6);
            let arrival =
                start + rng.gen_range(-5..8) * MINUTE_MS + if late { 55 * MINUTE_MS } else { 0 };
            let departure = if absent {
                arrival + 5 * MINUTE_MS
            } else {
                arrival + (end - start) + rng.gen_range(-4..6) * MINUTE_MS
            };
            let punch = |kind, at| NewPunch {
                visit_id: &visit.id,
                caregiver_id: caregiver,
                kind,
                method: PunchMethod::Code,
                reason: None,
                device_at: at,
                position: None,
            };
            rounds::insert_punch(&mut *tx, org_id, &punch(PunchKind::CheckIn, arrival)).await?;
            if no_departure {
                continue;
            }
            rounds::insert_punch(&mut *tx, org_id, &punch(PunchKind::CheckOut, departure)).await?;
            let with_note = absent || rng.gen_range(0..4) == 0;
            let note = if absent {
                "Patient absent, porte close ; fille jointe : rendez-vous à l'hôpital non signalé."
            } else {
                NOTES[rng.gen_range(0..NOTES.len())]
            };
            let flags = if !absent && rng.gen_range(0..40) == 0 {
                FLAGS[rng.gen_range(0..FLAGS.len())]
            } else {
                ""
            };
            let report = ReportRow {
                visit_id: visit.id.clone(),
                outcome: if absent { "absent".into() } else { "done".into() },
                note_sealed: with_note
                    .then(|| key.seal(super::round::report_place(&visit.id), note.as_bytes())),
                flags: flags.into(),
            };
            rounds::insert_report(&mut *tx, org_id, caregiver, &report, departure).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
