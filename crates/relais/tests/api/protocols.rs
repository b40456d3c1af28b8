//! Protocol pages: a coordinator writes the team's usage protocol from the starting text, the
//! team reads and confirms, a new version asks again, the coordinator sees who has read; other
//! teams see nothing; stale versions, odd input and races are refused plainly.

use reqwest::StatusCode;

use crate::helpers::{Browser, location};
use crate::homecare::{service, team_id};

async fn create(coordinator: &Browser, team: &str, title: &str, body: &str) -> String {
    let fields = [
        ("team", team),
        ("kind", "usage"),
        ("title", title),
        ("body", body),
        ("note", ""),
        ("needs_ack", "on"),
    ];
    let answer = coordinator.post("/protocols/new", &fields).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{}", answer.text().await.unwrap());
    let target = location(&answer);
    target.trim_start_matches("/protocols/").trim_end_matches("?done=published").to_string()
}

async fn publish(
    browser: &Browser,
    id: &str,
    based_on: i64,
    body: &str,
    ack: bool,
) -> reqwest::Response {
    let based_on = based_on.to_string();
    let mut fields = vec![("based_on", based_on.as_str()), ("body", body), ("note", "Mise à jour")];
    if ack {
        fields.push(("needs_ack", "on"));
    }
    browser.post(&format!("/protocols/{id}/edit"), &fields).await
}

#[tokio::test]
async fn a_team_reads_and_confirms_its_usage_protocol_and_its_coordinator_sees_who_has() {
    let service = service().await;
    let (coordinator, nurse) = (&service.coordinator, &service.nurse);

    // The starting text, in the reader's language, for a home-care team.
    let new = coordinator.get("/protocols/new?kind=usage").await.text().await.unwrap();
    assert!(new.contains("Quand la connexion coupe") && new.contains("Équipe A"), "{new}");
    let id = create(
        coordinator,
        &service.team_a,
        "Protocole d'usage",
        "# Protocole\n\nLire les urgents d'abord.",
    )
    .await;

    // The nurse sees it to read, on the list and on the home page; confirms; it is read.
    let list = nurse.get("/protocols").await.text().await.unwrap();
    assert!(list.contains("Protocole d&#39;usage") && list.contains("À lire"), "{list}");
    let home = nurse.get("/").await.text().await.unwrap();
    assert!(home.contains("1 page à lire"), "{home}");
    let page = nurse.get(&format!("/protocols/{id}")).await.text().await.unwrap();
    assert!(page.contains("<h1>Protocole</h1>") || page.contains("Lire les urgents"), "{page}");
    let acked = nurse.post(&format!("/protocols/{id}/acknowledge"), &[("version", "1")]).await;
    assert_eq!(location(&acked), format!("/protocols/{id}?done=acknowledged"));
    let again = nurse.post(&format!("/protocols/{id}/acknowledge"), &[("version", "1")]).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER, "confirming twice is harmless");
    assert_eq!(service.app.count("SELECT COUNT(*) FROM protocol_acks").await, 1);
    let list = nurse.get("/protocols").await.text().await.unwrap();
    assert!(!list.contains("À lire"), "{list}");
    assert!(
        service
            .app
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'protocol.acknowledge'")
            .await
            == 1
    );

    // A correction that does not ask again leaves her up to date; one that asks does not.
    let v2 =
        publish(coordinator, &id, 1, "# Protocole\n\nLire les urgents d'abord (corrigé).", false)
            .await;
    assert_eq!(location(&v2), format!("/protocols/{id}?done=published"));
    assert!(!nurse.get("/protocols").await.text().await.unwrap().contains("À lire"));
    let v3 = publish(coordinator, &id, 2, "# Protocole\n\nNouveau numéro d'astreinte.", true).await;
    assert_eq!(v3.status(), StatusCode::SEE_OTHER);
    assert!(nurse.get("/protocols").await.text().await.unwrap().contains("À lire"));
    let old = nurse.get(&format!("/protocols/{id}?v=1")).await.text().await.unwrap();
    assert!(old.contains("ancienne version") && old.contains("Lire les urgents d'abord."), "{old}");
    // Confirming a version that is no longer in force is refused.
    let stale = nurse.post(&format!("/protocols/{id}/acknowledge"), &[("version", "2")]).await;
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The coordinator sees who has read the version asked; the nurse may not see that list.
    let readers = coordinator.get(&format!("/protocols/{id}/readers")).await.text().await.unwrap();
    assert!(readers.contains("Version 3 à confirmer") && readers.contains("0 / 3"), "{readers}");
    assert_eq!(
        nurse.get(&format!("/protocols/{id}/readers")).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(nurse.get(&format!("/protocols/{id}/edit")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(publish(nurse, &id, 3, "Mon texte", false).await.status(), StatusCode::FORBIDDEN);

    // Another team sees neither the page nor its title; the organisation's pages are everyone's.
    let outsider = &service.outsider;
    assert_eq!(outsider.get(&format!("/protocols/{id}")).await.status(), StatusCode::NOT_FOUND);
    assert!(
        !outsider.get("/protocols").await.text().await.unwrap().contains("Protocole d&#39;usage")
    );
    let rules = [
        ("team", ""),
        ("kind", "security"),
        ("title", "Règles de sécurité"),
        ("body", "Verrouiller son téléphone."),
        ("needs_ack", "on"),
    ];
    assert_eq!(coordinator.post("/protocols/new", &rules).await.status(), StatusCode::FORBIDDEN);
    let made = service.admin.post("/protocols/new", &rules).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER);
    assert!(outsider.get("/protocols").await.text().await.unwrap().contains("Règles de sécurité"));
}

#[tokio::test]
async fn stale_versions_odd_input_and_other_teams_are_refused_plainly() {
    let service = service().await;
    let coordinator = &service.coordinator;
    let id = create(coordinator, &service.team_a, "Protocole", "Texte").await;
    let v2 = publish(coordinator, &id, 1, "Texte 2", false).await;
    assert_eq!(v2.status(), StatusCode::SEE_OTHER);

    // Written from version 1 while version 2 was published: nothing lost, the form comes back.
    let stale = publish(coordinator, &id, 1, "Mon texte écrit depuis la v1", false).await;
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = stale.text().await.unwrap();
    assert!(
        page.contains("pendant que vous écriviez") && page.contains("Mon texte écrit depuis la v1")
    );

    let team_b = team_id(&service.app, "Équipe B").await;
    let long_title = "T".repeat(121);
    let long_body = "x".repeat(60_001);
    let cases: [(&str, &str, &str, &str, StatusCode); 7] = [
        ("", "usage", "Texte", &service.team_a, StatusCode::UNPROCESSABLE_ENTITY),
        (&long_title, "usage", "Texte", &service.team_a, StatusCode::UNPROCESSABLE_ENTITY),
        ("Titre", "usage", "   ", &service.team_a, StatusCode::UNPROCESSABLE_ENTITY),
        ("Titre", "usage", &long_body, &service.team_a, StatusCode::UNPROCESSABLE_ENTITY),
        ("Titre", "poème", "Texte", &service.team_a, StatusCode::UNPROCESSABLE_ENTITY),
        ("Titre", "usage", "Texte", "01HZZZZZZZZZZZZZZZZZZZZZZZ", StatusCode::UNPROCESSABLE_ENTITY),
        // Not their team.
        ("Titre", "usage", "Texte", &team_b, StatusCode::FORBIDDEN),
    ];
    for (title, kind, body, team, expected) in cases {
        let fields = [("team", team), ("kind", kind), ("title", title), ("body", body)];
        let answer = coordinator.post("/protocols/new", &fields).await;
        assert_eq!(answer.status(), expected, "{title:.20} {kind} {body:.20} {team}");
    }
    let note = "n".repeat(201);
    let fields = [("based_on", "2"), ("body", "Texte 3"), ("note", note.as_str())];
    let answer = coordinator.post(&format!("/protocols/{id}/edit"), &fields).await;
    assert_eq!(answer.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for path in ["/protocols/not-an-id", "/protocols/01HZZZZZZZZZZZZZZZZZZZZZZZ"] {
        assert_eq!(coordinator.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(
        coordinator.get(&format!("/protocols/{id}?v=99")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(service.app.count("SELECT COUNT(*) FROM protocol_pages").await, 1);
}

#[tokio::test]
async fn two_editors_publishing_from_the_same_version_make_one_version_and_no_error() {
    let service = service().await;
    let coordinator = &service.coordinator;
    let id = create(coordinator, &service.team_a, "Protocole", "Texte").await;
    let (first, second) = tokio::join!(
        publish(coordinator, &id, 1, "Version de Sophie", true),
        publish(&service.admin, &id, 1, "Version de Claire", true),
    );
    let mut statuses = [first.status(), second.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM protocol_versions").await, 2);
    // Two confirmations at once (a double tap): one row.
    let nurse = &service.nurse;
    let path = format!("/protocols/{id}/acknowledge");
    let (a, b) = tokio::join!(
        nurse.post(&path, &[("version", "2")]),
        nurse.post(&path, &[("version", "2")])
    );
    assert!(a.status() == StatusCode::SEE_OTHER && b.status() == StatusCode::SEE_OTHER);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM protocol_acks").await, 1);
}
