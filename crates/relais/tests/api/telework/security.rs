//! The home workstation self-check and problem reports: declared, never collected; coverage for
//! IT as aggregates only; possible breaches to the DPO with the 72-hour clock.

use relais::telework::model::CheckItem;
use reqwest::StatusCode;

use super::*;
use crate::helpers::location;

async fn add_device(person: &Browser, app: &TestApp, user: &str) -> String {
    let response = person
        .post("/telework/security/devices", &[("name", "Portable du SSIAD"), ("kind", "provided")])
        .await;
    assert_eq!(location(&response), "/telework/security?done=device");
    text(app, &format!("SELECT id FROM telework_devices WHERE user_id = '{user}'")).await
}

fn answers(answer: &str) -> Vec<(&'static str, String)> {
    CheckItem::ALL.iter().map(|item| (item.as_str(), answer.to_string())).collect()
}

async fn check(person: &Browser, device: &str, answer: &str) -> reqwest::Response {
    let answers = answers(answer);
    let fields: Vec<(&str, &str)> = answers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    person.post(&format!("/telework/security/devices/{device}/check"), &fields).await
}

#[tokio::test]
async fn a_device_is_checked_by_what_the_person_declares_and_renewed_when_due() {
    let office = office().await;
    let (app, secretary) = (&office.app, &office.secretary);
    let device = add_device(secretary, app, &office.secretary_id).await;
    let page = secretary.get("/telework/security").await.text().await.unwrap();
    assert!(page.contains("À faire"), "a new device is due");
    let incomplete = secretary
        .post(&format!("/telework/security/devices/{device}/check"), &[("disk_encryption", "yes")])
        .await;
    assert_eq!(incomplete.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = check(secretary, &device, "maybe").await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(check(secretary, &device, "yes").await.status(), StatusCode::SEE_OTHER);
    let page = secretary.get("/telework/security").await.text().await.unwrap();
    assert!(page.contains("À jour"), "{page}");
    let answers = app.count("SELECT COUNT(*) FROM telework_check_answers").await;
    assert_eq!(answers, i64::try_from(CheckItem::ALL.len()).unwrap());
    app.state().clock.pin("2027-07-01T08:00:00Z".parse().unwrap());
    let later = secretary.get("/telework/security").await.text().await.unwrap();
    assert!(later.contains("À faire"), "six months later the check is due again");
    let (colleague, _) = &office.others[0];
    let foreign = check(colleague, &device, "yes").await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND, "nobody answers for another's device");
    let me = secretary.get("/round/me").await.text().await.unwrap();
    assert!(me.contains("Portable du SSIAD") && me.contains("Le disque est chiffré — Oui"), "{me}");
}

#[tokio::test]
async fn it_sees_coverage_only_for_teams_of_five_checked_people() {
    let office = office().await;
    let app = &office.app;
    let people: Vec<(&Browser, &String)> =
        std::iter::once((&office.secretary, &office.secretary_id))
            .chain(office.others.iter().map(|(b, id)| (b, id)))
            .collect();
    for (browser, id) in &people {
        let device = add_device(browser, app, id).await;
        check(browser, &device, "yes").await;
    }
    let overview = office.admin.get("/telework/security/overview").await.text().await.unwrap();
    assert!(overview.contains("Moins de 5 personnes à jour"), "four checked: hidden");
    let device = add_device(
        &office.manager,
        app,
        &text(app, "SELECT id FROM users WHERE email = 'cadre@chu.fr'").await,
    )
    .await;
    check(&office.manager, &device, "no").await;
    let overview = office.admin.get("/telework/security/overview").await.text().await.unwrap();
    assert!(overview.contains("80 %"), "four yes out of five: {overview}");
    assert_eq!(
        office.secretary.get("/telework/security/overview").await.status(),
        StatusCode::FORBIDDEN
    );
    let read =
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'telework.incidents_read'").await;
    assert_eq!(read, 2);
}

#[tokio::test]
async fn a_possible_breach_reaches_the_dpo_with_its_deadline_and_it_closes_it() {
    let office = office().await;
    let (app, secretary) = (&office.app, &office.secretary);
    let fields = [
        ("kind", "lost_device"),
        ("description", "Portable oublié dans le train Rennes–Paris"),
        ("personal_data", "1"),
    ];
    assert_eq!(
        location(&secretary.post("/telework/security/incidents", &fields).await),
        "/telework/security?done=reported"
    );
    let phishing = [("kind", "phishing"), ("description", "Courriel « votre colis »")];
    secretary.post("/telework/security/incidents", &phishing).await;
    let empty = secretary
        .post("/telework/security/incidents", &[("kind", "other"), ("description", " ")])
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let forged = secretary
        .post("/telework/security/incidents", &[("kind", "alien"), ("description", "x")])
        .await;
    assert_eq!(forged.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let (dpo, _, _) = app.person(&office.admin, "dpo@chu.fr", &["dpo"]).await;
    let page = dpo.get("/telework/security/overview").await.text().await.unwrap();
    assert!(page.contains("Portable oublié") && page.contains("72 heures"), "{page}");
    assert!(page.contains("72 heures restantes") || page.contains("71 heures restantes"), "{page}");
    assert!(!page.contains("votre colis"), "the DPO sees possible breaches only");
    let it = office.admin.get("/telework/security/overview").await.text().await.unwrap();
    assert!(it.contains("votre colis"), "IT sees every report");

    let id = text(app, "SELECT id FROM telework_incidents WHERE kind = 'lost_device'").await;
    let by_dpo =
        dpo.post(&format!("/telework/security/incidents/{id}/close"), &[("response", "Vu")]).await;
    assert_eq!(by_dpo.status(), StatusCode::FORBIDDEN);
    let close = [("response", "Accès coupés, appareil chiffré : pas de notification.")];
    let closed =
        office.admin.post(&format!("/telework/security/incidents/{id}/close"), &close).await;
    assert_eq!(closed.status(), StatusCode::SEE_OTHER);
    let again =
        office.admin.post(&format!("/telework/security/incidents/{id}/close"), &close).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let mine = secretary.get("/telework/security").await.text().await.unwrap();
    assert!(mine.contains("Accès coupés"), "the person reads the answer");
}
