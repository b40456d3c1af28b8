//! Replays caregivers' offline outboxes against a real server: check-in, check-out and report of
//! every visit, with a share of requests sent twice (a phone that did not hear the answer), and
//! checks that each was applied exactly once.
//!
//! cargo build --release -p relais-loadtest --bin relais-bench
//! target/release/relais-bench round [--events 10000] [--duplicates 0.1]
//!     [--phones 10] [--database-url postgres://…]

use std::time::Instant;

use relais::config::Settings;
use relais::homecare::model::{Coordinates, Financer, Identity, IdentityStatus, PatientInput};
use relais::homecare::model::{PatientId, PatientStatus, Sex, Skill, Transport, Visit};
use relais::homecare::model::{VisitId, VisitStatus};
use relais::homecare::store::{care, patients, rounds, visits};
use relais::secrets::Redacted;
use relais::server::{RunningServer, start};
use relais::typed_id::Flag;
use relais::web::cookies;
use sqlx::Row;

#[derive(clap::Args)]
pub struct Options {
    /// PostgreSQL to measure instead of SQLite (a fresh, empty database).
    #[arg(long)]
    database_url: Option<String>,
    /// Distinct events (a third each of check-ins, check-outs and reports).
    #[arg(long, default_value_t = 10_000)]
    events: usize,
    /// Share of events sent a second time, right after the first.
    #[arg(long, default_value_t = 0.1)]
    duplicates: f64,
    /// Phones replaying their outboxes at the same time (one caregiver each).
    #[arg(long, default_value_t = 10)]
    phones: usize,
}

const CARD_CODE: &str = "BENCH234";

struct Phone {
    session: String,
    visits: Vec<VisitId>,
}

pub async fn bench(options: Options) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let settings = Settings {
        listen: "127.0.0.1:0".parse()?,
        data_dir: dir.path().to_path_buf(),
        database_url: options.database_url.clone().map(Redacted),
        metrics_listen: String::new(),
        ..Settings::default()
    };
    let backend = if options.database_url.is_some() { "postgresql" } else { "sqlite" };
    let server = start(settings.clone()).await?;
    let visits_per_phone = options.events.div_ceil(3).div_ceil(options.phones.max(1));
    let phones = seed(&server, options.phones.max(1), visits_per_phone).await?;
    let base = format!("http://{}", server.address);
    let session_cookie = cookies::name(&settings, cookies::SESSION);
    let csrf_cookie = cookies::name(&settings, cookies::CSRF);

    let started = Instant::now();
    let mut tasks = Vec::new();
    for (index, phone) in phones.into_iter().enumerate() {
        let (base, session_cookie, csrf_cookie) =
            (base.clone(), session_cookie.clone(), csrf_cookie.clone());
        let share = options.duplicates;
        tasks.push(tokio::spawn(async move {
            replay_outbox(index, phone, &base, &session_cookie, &csrf_cookie, share).await
        }));
    }
    let mut sent = 0usize;
    let mut failed = 0usize;
    for task in tasks {
        let (requests, failures) = task.await??;
        sent += requests;
        failed += failures;
    }
    let elapsed = started.elapsed().as_secs_f64();

    let reader = server.state.db.reader();
    let count = |sql: &'static str| async move {
        sqlx::query(sql).fetch_one(reader).await.and_then(|row| row.try_get::<i64, _>(0))
    };
    let visits = count("SELECT COUNT(*) FROM visits").await?;
    let check_ins = count("SELECT COUNT(*) FROM visit_punches WHERE kind = 'check_in'").await?;
    let check_outs = count("SELECT COUNT(*) FROM visit_punches WHERE kind = 'check_out'").await?;
    let reports = count("SELECT COUNT(*) FROM visit_reports").await?;
    let exactly_once =
        failed == 0 && check_ins == visits && check_outs == visits && reports == visits;
    println!(
        "round-replay backend={backend} phones={} events={} requests={sent} duplicates={} \
         elapsed_s={elapsed:.2} requests_per_s={:.0} failed={failed} check_ins={check_ins} \
         check_outs={check_outs} reports={reports} visits={visits} exactly_once={exactly_once}",
        options.phones,
        visits * 3,
        sent as i64 - visits * 3,
        sent as f64 / elapsed,
    );
    server.shutdown().await?;
    if !exactly_once {
        anyhow::bail!("some events were lost or applied twice");
    }
    Ok(())
}

/// Sends one phone's outbox in order: for every visit check-in, check-out, report; a share of
/// them twice with the same key and body. Returns (requests sent, requests refused).
async fn replay_outbox(
    index: usize,
    phone: Phone,
    base: &str,
    session_cookie: &str,
    csrf_cookie: &str,
    duplicates: f64,
) -> anyhow::Result<(usize, usize)> {
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let csrf = relais::secrets::random_token(16);
    let cookie = format!("{session_cookie}={}; {csrf_cookie}={csrf}", phone.session);
    let mut sent = 0;
    let mut failed = 0;
    let mut n = 0usize;
    for visit in &phone.visits {
        let device_at = relais::clock::now_ms().to_string();
        let steps: [(&str, Vec<(&str, String)>); 3] = [
            ("check-in", vec![("method", "code".into()), ("code", CARD_CODE.into())]),
            ("check-out", vec![("method", "code".into()), ("code", CARD_CODE.into())]),
            ("report", vec![("outcome", "done".into()), ("note", "Soins faits, RAS.".into())]),
        ];
        for (action, fields) in steps {
            n += 1;
            let key = format!("bench-{index}-{n}");
            let mut body =
                url_encode(&[("csrf", csrf.as_str()), ("key", &key), ("device_at", &device_at)]);
            for (name, value) in &fields {
                body.push('&');
                body.push_str(&url_encode(&[(name, value.as_str())]));
            }
            // A duplicate every 1/share events, deterministic so runs compare.
            let times = if (n as f64 * duplicates).floor() > ((n - 1) as f64 * duplicates).floor() {
                2
            } else {
                1
            };
            for _ in 0..times {
                let response = client
                    .post(format!("{base}/round/visits/{visit}/{action}"))
                    .header("cookie", &cookie)
                    .header("origin", base)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body.clone())
                    .send()
                    .await?;
                sent += 1;
                if response.status() != reqwest::StatusCode::SEE_OTHER {
                    failed += 1;
                }
            }
        }
    }
    Ok((sent, failed))
}

fn url_encode(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{k}={}", form_encode(v))).collect::<Vec<_>>().join("&")
}

fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                char::from(b).to_string()
            }
            b' ' => "+".to_string(),
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// An organisation with one team, a patient with a printed card, and per phone a nurse with a
/// session and `visits` published visits today.
async fn seed(
    server: &RunningServer,
    phones: usize,
    visit_count: usize,
) -> anyhow::Result<Vec<Phone>> {
    let state = &server.state;
    let mut tx = state.db.begin().await?;
    let org_id = relais::org::store::insert_organisation(&mut tx, "Bench SSIAD").await?;
    let team_id = relais::org::store::insert_team(&mut *tx, &org_id, None, "Équipe").await?;
    let patient_id = PatientId::generate();
    let input = PatientInput {
        team_id: team_id.clone(),
        given_name: "Jeanne".into(),
        family_name: "Martin".into(),
        identity: Identity {
            birth_family_name: "MARTIN".into(),
            birth_first_names: "Jeanne".into(),
            birth_date: "1938-04-02".into(),
            sex: Sex::Female,
            birth_place_code: "35238".into(),
            ins_matricule: String::new(),
            ins_oid: String::new(),
            status: IdentityStatus::Provisional,
        },
        address: "1 rue de la Paix".into(),
        postcode: "35000".into(),
        city: "Rennes".into(),
        place: Coordinates { latitude_e6: 48_110_000, longitude_e6: -1_680_000 },
        phone: String::new(),
        access_notes: String::new(),
        financer: Financer::Ssiad,
        funded_minutes_per_month: 0,
        status: PatientStatus::Active,
    };
    patients::insert(&mut *tx, &org_id, &patient_id, &input, None).await?;
    let code_digest = relais::secrets::digest(&format!("{patient_id}:{CARD_CODE}"));
    rounds::set_card(&mut *tx, &org_id, &patient_id, "unused", &code_digest).await?;
    let today = jiff::Zoned::now().date();
    let monday = relais::homecare::recurrence::week_start(today).to_string();
    visits::mark_generated(&mut *tx, &org_id, &team_id, &monday).await?;
    visits::mark_published(&mut *tx, &org_id, &team_id, &monday, "bench").await?;
    let now = relais::clock::now_ms();
    let mut phones_out = Vec::new();
    for p in 0..phones {
        let email = format!("ide{p}@bench.test");
        let signed_in = relais_loadtest::seed::person_with_session(
            &mut tx,
            &org_id,
            &email,
            &format!("IDE {p}"),
            relais::org::Role::Nurse,
            vec![team_id.clone()],
        )
        .await?;
        let user_id = signed_in.user_id;
        let start = Coordinates { latitude_e6: 48_110_000, longitude_e6: -1_680_000 };
        care::save_caregiver(
            &mut *tx,
            &org_id,
            &user_id,
            &[Skill::Nurse],
            35 * 60,
            Transport::Car,
            start,
        )
        .await?;
        let mut ids = Vec::new();
        for _ in 0..visit_count {
            let visit = Visit {
                id: VisitId::generate(),
                team_id: team_id.clone(),
                patient_id: patient_id.clone(),
                care_plan_item_id: None,
                pair_id: None,
                pair_role: 0,
                day: today.to_string(),
                label: "Soins".into(),
                skill: Skill::Nurse,
                window_start_at: now,
                window_end_at: now + 3_600_000,
                duration_minutes: 15,
                caregiver_id: Some(user_id.clone()),
                planned_start_at: Some(now),
                status: VisitStatus::Planned,
                cancel_reason: None,
                locked: Flag(false),
                version: 1,
            };
            visits::insert_generated(&mut *tx, &org_id, &visit).await?;
            ids.push(visit.id);
        }
        phones_out.push(Phone { session: signed_in.session, visits: ids });
    }
    tx.commit().await?;
    Ok(phones_out)
}
