//! `relais demo`: a living home-care service to explore, in its own data directory.
//! A SSIAD with two care teams (twelve caregivers, three coordinators), its administrative office
//! (human resources, secretaries, billing, a DIM technician), a director and an administrator.

use crate::auth::{password, store as auth_store, totp};
use crate::config::Settings;
use crate::crypto::{Kek, KeyRing, store as crypto_store};
use crate::db::Db;
use crate::homecare::demo::DemoCaregiver;
use crate::i18n::Lang;
use crate::org::fields::{Email, Label, Phone};
use crate::org::model::NewPerson;
use crate::org::{Role, store as org_store};

mod people;

use people::{CARE_TEAMS, PEOPLE, TEAMS};
pub use people::{PRACTICE_PERSON, address};

/// Every demo account shares this password (never use it for real data).
pub const DEMO_PASSWORD: &str = "tilleuls-demo-2026";
pub const DEMO_ORGANISATION: &str = "SSIAD Les Tilleuls (démo)";
/// The demo people's addresses are at this domain.
const DEMO_DOMAIN: &str = "tilleuls.demo";

/// Marks a seeding in progress; removed once the demo is complete. Found at start, it means the
/// previous `relais demo` was stopped half-way.
const SEEDING_MARK: &str = "demo.seeding";

/// Seeds the demo organisation if the database is empty, prints the logins, then serves.
pub async fn run(settings: Settings) -> anyhow::Result<()> {
    let mut db = Db::connect(&settings).await?;
    db.migrate().await?;
    if interrupted(&db).await? {
        db = start_again(&settings, db).await?;
    }
    let (kek, _) = Kek::load_or_generate(&settings)?;
    let keys = KeyRing::open(&db, kek).await?;
    if org_store::count_organisations(db.reader()).await? == 0 {
        crypto_store::set_meta(db.writer(), SEEDING_MARK, b"started").await?;
        seed(&db, &keys, &crate::blobs::Blobs::from_settings(&settings)?).await?;
        sqlx::query("DELETE FROM meta WHERE name = $1")
            .bind(SEEDING_MARK)
            .execute(db.writer())
            .await?;
    }
    print_logins(&db, &keys).await?;
    db.close().await;
    crate::server::serve(settings).await
}

/// Whether a previous seeding was stopped before it finished.
async fn interrupted(db: &Db) -> anyhow::Result<bool> {
    Ok(crypto_store::meta(db.reader(), SEEDING_MARK).await?.is_some())
}

/// Throws a half-seeded demo database away so that seeding starts again from nothing. Only the
/// embedded database of the demo's own data directory is removed, and only when it holds the demo
/// organisation alone; anything else is left for a person to look at.
async fn start_again(settings: &Settings, db: Db) -> anyhow::Result<Db> {
    let organisations = org_store::count_organisations(db.reader()).await?;
    let demo_only = organisations == 0
        || (organisations == 1
            && org_store::find_organisation_by_name(db.reader(), DEMO_ORGANISATION)
                .await?
                .is_some());
    if db.backend() != crate::db::Backend::Sqlite || !demo_only {
        anyhow::bail!(
            "the demo's seeding was interrupted in this database; start the demo on an empty database"
        );
    }
    println!("The previous demo start was interrupted while seeding: starting again from nothing.");
    db.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let file = settings.data_dir.join(format!("relais.sqlite3{suffix}"));
        match std::fs::remove_file(&file) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error.into()),
        }
    }
    let db = Db::connect(settings).await?;
    db.migrate().await?;
    Ok(db)
}

/// Loads the demo organisation into an empty database.
pub async fn seed(db: &Db, keys: &KeyRing, blobs: &crate::blobs::Blobs) -> anyhow::Result<()> {
    seed_as(db, keys, blobs, DEMO_ORGANISATION, DEMO_DOMAIN).await.map(|_| ())
}

/// Loads a copy of the demo organisation named `name`, its people's addresses at `domain`;
/// returns its id.
pub async fn seed_as(
    db: &Db,
    keys: &KeyRing,
    blobs: &crate::blobs::Blobs,
    name: &str,
    domain: &str,
) -> anyhow::Result<String> {
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let org_id = crate::secrets::new_id();
    let key = keys.current(db, &org_id).await?;
    let mut tx = db.begin().await?;
    org_store::insert_organisation_with_id(&mut tx, &org_id, name).await?;
    let site_id = org_store::insert_site(&mut *tx, &org_id, "Rennes").await?;
    let mut team_ids = Vec::new();
    for team in TEAMS {
        team_ids.push(org_store::insert_team(&mut *tx, &org_id, Some(&site_id), team).await?);
    }
    let care_teams = team_ids.get(..CARE_TEAMS).unwrap_or(&team_ids).to_vec();
    let mut carers = Vec::new();
    for (index, demo) in PEOPLE.iter().enumerate() {
        let invalid = |what: &str| anyhow::anyhow!("invalid demo {what} for {}", demo.name);
        let email = address(index, domain).ok_or_else(|| invalid("e-mail"))?;
        let person = NewPerson {
            email: Email::parse(&email).map_err(|_| invalid("e-mail"))?,
            display_name: Label::parse(demo.name).map_err(|_| invalid("name"))?,
            job_title: Label::parse(demo.job).map_err(|_| invalid("job"))?,
            phone: Phone::parse_optional(demo.phone).map_err(|_| invalid("phone"))?,
            roles: vec![demo.role],
            // The deputy coordinator (no team of her own) plans both teams.
            team_ids: match demo.team {
                Some(team) => team_ids.get(team).cloned().into_iter().collect(),
                None if demo.role == Role::Coordinator => care_teams.to_vec(),
                None => Vec::new(),
            },
            locale: Lang::Fr,
        };
        let user_id = org_store::insert_person(&mut tx, &org_id, &person).await?;
        auth_store::set_password(&mut *tx, &user_id, &hash).await?;
        if demo.role.requires_mfa() {
            let sealed = key.seal(auth_store::totp_place(&user_id), totp::new_secret().as_bytes());
            auth_store::set_totp(&mut *tx, &user_id, Some(&sealed), None).await?;
        }
        if let (Some(team), Role::Nurse | Role::Aide) = (demo.team, demo.role) {
            carers.push((user_id, team, demo.role == Role::Nurse));
        }
    }
    let caregivers: Vec<DemoCaregiver<'_>> = carers
        .iter()
        .map(|(user_id, team, nurse)| DemoCaregiver { user_id, team: *team, nurse: *nurse })
        .collect();
    crate::homecare::demo::seed(&mut tx, &org_id, &key, &care_teams, &caregivers).await?;
    tx.commit().await?;
    crate::homecare::demo::plan_this_week(db, &org_id, &care_teams).await?;
    crate::homecare::demo_history::record(db, &key, &org_id, &care_teams).await?;
    crate::messaging::demo::seed(db, keys, &org_id).await?;
    let office = team_ids.get(CARE_TEAMS).ok_or_else(|| anyhow::anyhow!("no office team"))?;
    crate::telework::demo::seed(db, &org_id, office).await?;
    let author_email = address(0, domain).unwrap_or_default();
    let author = auth_store::credentials_by_email(db.reader(), &author_email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo administrator"))?;
    crate::documents::demo::seed(db, keys, blobs, &org_id, &team_ids, &author.user_id).await?;
    crate::protocols::demo::seed(db, &org_id, &care_teams, &author.user_id).await?;
    let north = care_teams.first().ok_or_else(|| anyhow::anyhow!("no care team"))?;
    let members: Vec<String> = carers
        .iter()
        .filter(|(_, team, _)| *team == 0)
        .map(|(user_id, _, _)| user_id.clone())
        .collect();
    crate::tasks::demo::seed(db, keys, &org_id, north, &members, &author.user_id).await?;
    crate::surveys::demo::seed(db, keys, &org_id, north, &members, &author.user_id).await?;
    let coordinator_email = address(2, domain).unwrap_or_default();
    let coordinator = auth_store::credentials_by_email(db.reader(), &coordinator_email)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no demo coordinator"))?;
    crate::feedback::demo::seed(db, keys, &org_id, north, &members, &coordinator.user_id).await?;
    let caller = members.first().ok_or_else(|| anyhow::anyhow!("no caregiver"))?;
    let callers = (coordinator.user_id.as_str(), caller.as_str());
    crate::callrounds::demo::seed(db, keys, &org_id, north, callers).await?;
    Ok(org_id)
}

async fn print_logins(db: &Db, keys: &KeyRing) -> anyhow::Result<()> {
    println!("Demo organisation: {DEMO_ORGANISATION}");
    println!("Every account's password: {DEMO_PASSWORD}");
    println!("TOTP secrets (add one to an authenticator app, or run `oathtool --totp -b SECRET`):");
    for demo in &PEOPLE {
        let sealed = auth_store::credentials_by_email(db.reader(), demo.email)
            .await?
            .and_then(|c| c.totp_sealed.map(|sealed| (c.user_id, c.org_id, sealed)));
        let secret = match sealed {
            Some((user_id, org_id, sealed)) => {
                let place = auth_store::totp_place(&user_id);
                String::from_utf8(keys.open_sealed(db, &org_id, place, &sealed).await?)?
            }
            None => "-".into(),
        };
        println!("  {:<12} {:<36} {secret}", demo.role.as_str(), demo.email);
    }
    println!();
    Ok(())
}
