//! The demo's telework: posts of the whole service assessed, the charter accepted by all but one,
//! agreements for the office, its rules, and a month of telework days around today.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::db::Db;
use crate::org::Role;
use crate::telework::eligibility;
use crate::telework::model::{Answer, CheckItem, DeviceKind, IncidentKind};
use crate::telework::model::{
    Autonomy, Criteria, DataAccess, DayPart, DayStatus, OnSiteEquipment, PaperRecords,
    PatientPresence, TeamRules,
};
use crate::telework::store::agreements::{self, Proposal};
use crate::telework::store::{charter, days, desks, posts, security};

/// The charter's first version, as a human resources department would write it.
pub const CHARTER: &str = "# Charte du télétravail — SSIAD Les Tilleuls

Cette charte s’applique aux salariés dont le poste a été reconnu télétravaillable (grille \
d’éligibilité des postes). Le télétravail est volontaire et réversible.

## Jours et horaires
- Deux jours par semaine au plus, sauf avenant particulier ; le lundi, jour de réunion, tout le \
secrétariat est sur site.
- Les horaires sont ceux de la journée sur site ; la pause méridienne est prise.
- Deux personnes au moins restent sur site chaque jour pour l’accueil et le téléphone.

## Joignabilité et droit à la déconnexion
- Pendant les horaires de travail, vous êtes joignable par Relais et par téléphone.
- En dehors de vos horaires, Relais retient vos notifications ; personne n’attend de réponse.
- Aucun outil de suivi d’activité n’est utilisé : seul ce que vous déclarez est enregistré.

## Équipement et sécurité
- Le SSIAD fournit l’ordinateur portable chiffré et le casque ; le poste personnel n’est pas \
utilisé pour les données des patients.
- Les données de santé ne sont consultées que par l’accès à distance sécurisé.
- Un appareil perdu ou un courriel suspect se signale sans attendre au référent informatique.

## Suivi
- Période d’adaptation de trois mois, point annuel avec votre responsable.
- Chacun peut demander le réexamen de l’évaluation de son poste.";

/// (post, criteria as presence, paper, equipment, data, autonomy, share).
const POSTS: [(&str, PatientPresence, PaperRecords, OnSiteEquipment, DataAccess, Autonomy, i64);
    7] = [
    (
        "Secrétaire médicale",
        PatientPresence::None,
        PaperRecords::Digitisable,
        OnSiteEquipment::None,
        DataAccess::HealthRemote,
        Autonomy::High,
        60,
    ),
    (
        "Assistante de facturation",
        PatientPresence::None,
        PaperRecords::None,
        OnSiteEquipment::None,
        DataAccess::HealthRemote,
        Autonomy::High,
        80,
    ),
    (
        "Technicien DIM",
        PatientPresence::None,
        PaperRecords::None,
        OnSiteEquipment::None,
        DataAccess::HealthRemote,
        Autonomy::High,
        70,
    ),
    (
        "Responsable des ressources humaines",
        PatientPresence::None,
        PaperRecords::None,
        OnSiteEquipment::Partial,
        DataAccess::Ordinary,
        Autonomy::High,
        60,
    ),
    (
        "Infirmière coordinatrice",
        PatientPresence::Partial,
        PaperRecords::None,
        OnSiteEquipment::None,
        DataAccess::HealthRemote,
        Autonomy::High,
        40,
    ),
    (
        "Infirmière",
        PatientPresence::Constant,
        PaperRecords::None,
        OnSiteEquipment::None,
        DataAccess::HealthOnSiteOnly,
        Autonomy::Medium,
        5,
    ),
    (
        "Aide-soignante",
        PatientPresence::Constant,
        PaperRecords::None,
        OnSiteEquipment::None,
        DataAccess::HealthOnSiteOnly,
        Autonomy::Medium,
        0,
    ),
];

/// (e-mail, days a week, fixed weekdays, signed).
const AGREEMENTS: [(&str, i64, &str, bool); 5] = [
    ("secretariat@tilleuls.demo", 2, "", true),
    ("accueil@tilleuls.demo", 1, "5", false),
    ("facturation@tilleuls.demo", 2, "2,4", true),
    ("dim@tilleuls.demo", 2, "", true),
    ("rh@tilleuls.demo", 1, "3", true),
];

pub async fn seed(db: &Db, org_id: &str, office: &str) -> anyhow::Result<()> {
    let zone = jiff::tz::TimeZone::get(&crate::org::store::time_zone(db.reader(), org_id).await?)?;
    let today = crate::clock::Clock::system().today(&zone);
    let mut conn = db.reader().acquire().await?;
    let people = crate::org::store::list_people(&mut conn, org_id).await?;
    drop(conn);
    let hr =
        people.iter().find(|p| p.has_role(Role::Hr)).ok_or_else(|| anyhow::anyhow!("no hr"))?;
    let director = people
        .iter()
        .find(|p| p.has_role(Role::Manager))
        .ok_or_else(|| anyhow::anyhow!("no manager"))?;
    let mut tx = db.begin().await?;
    let mut post_ids = Vec::new();
    for (name, presence, paper, equipment, data, autonomy, share) in POSTS {
        let id = crate::secrets::new_id();
        posts::insert(&mut tx, org_id, &id, name, &name.to_lowercase()).await?;
        let criteria = Criteria {
            patient_presence: presence,
            paper_records: paper,
            onsite_equipment: equipment,
            data_access: data,
            autonomy,
            remote_share: share,
        };
        let verdict = eligibility::assess(&criteria);
        posts::insert_assessment(&mut tx, org_id, &id, &criteria, &verdict, "", &hr.id).await?;
        post_ids.push((name, id));
    }
    for person in &people {
        let post = post_of(&person.job_title).and_then(|p| post_ids.iter().find(|(n, _)| *n == p));
        if let Some((_, post_id)) = post {
            posts::set_holder(&mut tx, org_id, &person.id, Some(post_id)).await?;
        }
    }
    let (charter_id, _) = charter::publish(&mut tx, org_id, CHARTER, &hr.id).await?;
    let first = today.checked_sub(2.weeks())?;
    let last = today.checked_add(2.weeks())?;
    for (email, per_week, fixed, signed) in AGREEMENTS {
        // By the address's local part: a practice copy of the demo has its own domain.
        let local = |address: &str| address.split('@').next().unwrap_or_default().to_string();
        let Some(person) = people.iter().find(|p| local(&p.email) == local(email)) else {
            continue;
        };
        let starts_on = today.checked_sub(3.months())?.to_string();
        let ends_on = today.checked_add(9.months())?.to_string();
        let review_on = today.checked_add(3.months())?.to_string();
        let proposal = Proposal {
            user_id: &person.id,
            days_per_week: per_week,
            fixed_days: fixed,
            place: "Domicile",
            equipment: "Ordinateur portable chiffré, casque",
            starts_on: &starts_on,
            trial_until: None,
            review_on: Some(&review_on),
            ends_on: Some(&ends_on),
        };
        let agreement = agreements::insert(&mut tx, org_id, &proposal, &hr.id).await?;
        if !signed {
            continue;
        }
        agreements::sign(&mut tx, org_id, &agreement, &person.id).await?;
        charter::accept(&mut tx, &charter_id, &person.id).await?;
        let weekdays: Vec<i8> = if fixed.is_empty() {
            [2, 4, 3].into_iter().take(usize::try_from(per_week)?).collect()
        } else {
            fixed.split(',').filter_map(|d| d.parse().ok()).collect()
        };
        let mut day = first;
        while day <= last {
            if weekdays.contains(&day.weekday().to_monday_one_offset()) {
                seed_day(&mut tx, org_id, office, &person.id, &director.id, day, today).await?;
            }
            day = day.checked_add(1.day())?;
        }
    }
    let rules = TeamRules { min_on_site: 2, meeting_weekday: Some(1) };
    days::set_rules(&mut tx, org_id, office, &rules).await?;
    seed_security(&mut tx, org_id, &people, office, hr).await?;
    seed_desks(&mut tx, org_id, &people, office, today).await?;
    tx.commit().await?;
    Ok(())
}

/// The office's laptops checked (a few honest "no" and "I don't know"), the IT team's advice and
/// a phishing report waiting.
async fn seed_security(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    people: &[crate::org::Person],
    office: &str,
    hr: &crate::org::Person,
) -> anyhow::Result<()> {
    let admin = people
        .iter()
        .find(|p| p.has_role(Role::Admin))
        .ok_or_else(|| anyhow::anyhow!("no admin"))?;
    security::publish_advice(conn, org_id, ADVICE, &admin.id).await?;
    for (n, person) in
        people.iter().filter(|p| p.in_team(office) && !p.has_role(Role::Manager)).enumerate()
    {
        let device = security::insert_device(
            conn,
            org_id,
            &person.id,
            "Portable du SSIAD",
            DeviceKind::Provided,
        )
        .await?;
        let answers: Vec<(CheckItem, Answer)> = CheckItem::ALL
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let answer = match (i + n) % 7 {
                    0 if *item == CheckItem::WifiPasswordChanged => Answer::No,
                    3 if *item == CheckItem::EncryptedBackup => Answer::Unsure,
                    _ => Answer::Yes,
                };
                (*item, answer)
            })
            .collect();
        security::insert_check(conn, org_id, &person.id, &device, &answers).await?;
    }
    let at = crate::clock::now_ms() - 26 * 60 * crate::clock::MINUTE_MS;
    let report = "Courriel « Votre colis est en attente » reçu sur la boîte du secrétariat, avec un lien vers un site qui imite La Poste. Je n’ai pas cliqué.";
    security::insert_incident(conn, org_id, &hr.id, IncidentKind::Phishing, report, false, at)
        .await?;
    Ok(())
}

/// Six shared desks in the office's room, the office's on-site days of this week booked.
async fn seed_desks(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    people: &[crate::org::Person],
    office: &str,
    today: Date,
) -> anyhow::Result<()> {
    let Some(site) = crate::org::store::list_sites(&mut *conn, org_id).await?.into_iter().next()
    else {
        return Ok(());
    };
    for n in 1..=6 {
        desks::insert(conn, org_id, &site.id, "Bureau 12", &format!("Poste {n}")).await?;
    }
    let room = desks::of_site(&mut *conn, org_id, &site.id).await?;
    let monday = today.checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days())?;
    let members: Vec<&crate::org::Person> = people.iter().filter(|p| p.in_team(office)).collect();
    for offset in 0..5 {
        let day = monday.checked_add(offset.days())?.to_string();
        let remote = days::of_team(&mut *conn, org_id, office, &day, &day).await?;
        let on_site = members.iter().filter(|p| !remote.iter().any(|d| d.user_id == p.id));
        for (person, desk) in on_site.zip(&room) {
            desks::book(conn, org_id, &desk.id, &person.id, &day).await?;
        }
    }
    Ok(())
}

const ADVICE: &str = "## Les bons réflexes en télétravail

- Verrouillez votre session (Windows + L) dès que vous quittez l’écran.
- Les mises à jour Windows du jeudi s’installent à la pause déjeuner : laissez le portable allumé.
- Un doute sur un courriel ? Ne cliquez pas, signalez-le ici : nous répondons dans la journée.";

/// The post of a demo job title ("Infirmier coordinateur" holds "Infirmière coordinatrice").
fn post_of(job: &str) -> Option<&'static str> {
    const BY_PREFIX: [(&str, &str); 8] = [
        ("Secrétaire médical", "Secrétaire médicale"),
        ("Infirmière coordinatrice", "Infirmière coordinatrice"),
        ("Infirmier coordinateur", "Infirmière coordinatrice"),
        ("Infirmi", "Infirmière"),
        ("Aide-soignant", "Aide-soignante"),
        ("Assistante de facturation", "Assistante de facturation"),
        ("Technicien DIM", "Technicien DIM"),
        ("Responsable des ressources humaines", "Responsable des ressources humaines"),
    ];
    BY_PREFIX.iter().find(|(prefix, _)| job.starts_with(prefix)).map(|(_, post)| *post)
}

/// A telework day: decided before today and for this week, asked for afterwards (one refused).
async fn seed_day(
    conn: &mut sqlx::AnyConnection,
    org_id: &str,
    team: &str,
    user: &str,
    director: &str,
    day: Date,
    today: Date,
) -> anyhow::Result<()> {
    let text = day.to_string();
    let Some(id) = days::insert(conn, org_id, user, team, &text, DayPart::Day, None).await? else {
        return Ok(());
    };
    let next_week = today.checked_add(7.days())?;
    let requested = [DayStatus::Requested];
    if day < next_week {
        days::set_status(conn, org_id, &id, &requested, DayStatus::Approved, Some(director), "")
            .await?;
    } else if day.day() % 5 == 0 {
        let reason = "Fermeture du secrétariat l’après-midi : présence nécessaire ce jour-là.";
        days::set_status(conn, org_id, &id, &requested, DayStatus::Refused, Some(director), reason)
            .await?;
    }
    Ok(())
}
