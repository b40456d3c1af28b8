use reqwest::StatusCode;

use super::*;

async fn refused_with(response: reqwest::Response, message: &str) {
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains(message), "expected {message:?} in {page}");
}

#[tokio::test]
async fn each_refused_day_names_the_rule_it_breaks() {
    let office = office().await;
    let (secretary, manager) = (&office.secretary, &office.manager);
    refused_with(ask(secretary, "2026-12-04", "day").await, "Ce jour est passé").await;
    refused_with(ask(secretary, "2028-01-10", "day").await, "Au plus un an").await;
    refused_with(ask(secretary, "2027-12-01", "day").await, "Aucun avenant signé").await;
    ask(secretary, "2026-12-08", "day").await;
    refused_with(ask(secretary, "2026-12-08", "morning").await, "déjà une demande").await;
    ask(secretary, "2026-12-09", "morning").await;
    refused_with(ask(secretary, "2026-12-10", "day").await, "nombre de jours prévu").await;
    assert_eq!(ask(secretary, "2026-12-11", "afternoon").await.status(), StatusCode::SEE_OTHER);

    let team = &office.team;
    let response = manager
        .post(
            &format!("/telework/team/{team}/rules"),
            &[("min_on_site", "0"), ("meeting_weekday", "1")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    refused_with(ask(secretary, "2026-12-14", "day").await, "jour de présence de toute").await;
    let response = manager
        .post(
            &format!("/telework/team/{team}/blackouts"),
            &[
                ("first_day", "2026-12-21"),
                ("last_day", "2026-12-24"),
                ("reason", "Certification HAS"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    refused_with(ask(secretary, "2026-12-22", "day").await, "suspendu pour l’équipe").await;
    let calendar = manager.get("/telework/team?week=2026-12-21").await.text().await.unwrap();
    assert!(calendar.contains("Certification HAS"));
}

#[tokio::test]
async fn the_minimum_on_site_is_checked_on_request_and_again_on_approval() {
    let office = office().await;
    let (app, hr, manager) = (&office.app, &office.hr, &office.manager);
    for (browser, id) in &office.others {
        propose(hr, id, "2", &[]).await;
        sign(browser, app, id).await;
        accept(browser, 1).await;
    }
    // Five in the team (manager and four secretaries): at least three stay on site.
    let team = &office.team;
    manager.post(&format!("/telework/team/{team}/rules"), &[("min_on_site", "3")]).await;
    let (second, second_id) = &office.others[0];
    let (third, third_id) = &office.others[1];
    for browser in [&office.secretary, second, third] {
        assert_eq!(ask(browser, "2026-12-08", "day").await.status(), StatusCode::SEE_OTHER);
    }
    let first = day_id(app, &office.secretary_id, "2026-12-08").await;
    assert_eq!(decide(manager, &first, "approve", "").await.status(), StatusCode::SEE_OTHER);
    let second_day = day_id(app, second_id, "2026-12-08").await;
    assert_eq!(decide(manager, &second_day, "approve", "").await.status(), StatusCode::SEE_OTHER);
    let third_day = day_id(app, third_id, "2026-12-08").await;
    let refused = decide(manager, &third_day, "approve", "").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("minimum de personnes sur site"));
    let (fourth, _) = &office.others[2];
    refused_with(ask(fourth, "2026-12-08", "day").await, "minimum de personnes sur site").await;
    assert_eq!(
        ask(fourth, "2026-12-08", "morning").await.status(),
        StatusCode::SEE_OTHER,
        "half a day"
    );
}

#[tokio::test]
async fn nobody_decides_their_own_request_nor_another_teams_and_staff_decide_nothing() {
    let office = office().await;
    let (app, secretary) = (&office.app, &office.secretary);
    ask(secretary, "2026-12-08", "day").await;
    let id = day_id(app, &office.secretary_id, "2026-12-08").await;
    let (colleague, _) = &office.others[0];
    assert_eq!(decide(colleague, &id, "approve", "").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(decide(secretary, &id, "approve", "").await.status(), StatusCode::FORBIDDEN);
    let (other_manager, _, _) = app.person(&office.admin, "cadre2@chu.fr", &["manager"]).await;
    assert_eq!(decide(&other_manager, &id, "approve", "").await.status(), StatusCode::NOT_FOUND);
    let forged =
        decide(&office.manager, "01234567-89ab-cdef-0123-456789abcdef", "approve", "").await;
    assert_eq!(forged.status(), StatusCode::NOT_FOUND);
    let stranger = app.second_organisation_admin().await;
    assert_eq!(decide(&stranger, &id, "approve", "").await.status(), StatusCode::FORBIDDEN);
    let cancelled = colleague.post(&format!("/telework/days/{id}/cancel"), &[]).await;
    assert_eq!(cancelled.status(), StatusCode::NOT_FOUND, "only the requester cancels");
    let cancelled = secretary.post(&format!("/telework/days/{id}/cancel"), &[]).await;
    assert_eq!(cancelled.status(), StatusCode::SEE_OTHER);
    let late = decide(&office.manager, &id, "approve", "").await;
    assert_eq!(late.status(), StatusCode::CONFLICT, "a cancelled request is not approved");
}

#[tokio::test]
async fn malformed_and_oversized_telework_forms_are_refused_with_their_message() {
    let office = office().await;
    let (hr, secretary) = (&office.hr, &office.secretary);
    let garbage = secretary.post("/telework/days", &[("day", "2026-02-30"), ("part", "day")]).await;
    assert_eq!(garbage.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let part = secretary.post("/telework/days", &[("day", "2026-12-08"), ("part", "night")]).await;
    assert_eq!(part.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let weeks = secretary
        .post("/telework/days", &[("day", "2026-12-08"), ("part", "day"), ("weeks", "900")])
        .await;
    assert_eq!(weeks.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let huge = "# Charte\n".to_string() + &"a".repeat(70_000);
    let response = hr.post("/telework/charter", &[("body", huge.as_str())]).await;
    assert!(
        [StatusCode::UNPROCESSABLE_ENTITY, StatusCode::PAYLOAD_TOO_LARGE]
            .contains(&response.status()),
        "{}",
        response.status()
    );
    let share = hr
        .post(
            &format!("/telework/posts/{}/assess", office.post),
            &[
                ("patient_presence", "none"),
                ("paper_records", "none"),
                ("onsite_equipment", "none"),
                ("data_access", "ordinary"),
                ("autonomy", "high"),
                ("remote_share", "250"),
            ],
        )
        .await;
    assert_eq!(share.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let taken = hr.post("/telework/posts", &[("name", "SECRÉTAIRE MÉDICALE")]).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY, "same name, other case");
    let dates = propose(hr, &office.others[0].1, "1", &["9"]).await;
    assert_eq!(dates.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let count = office.app.count("SELECT COUNT(*) FROM telework_charters").await;
    assert_eq!(count, 1, "nothing half-written");
    let other = office.others[0].1.as_str();
    let fields = [("day", "2026-12-08"), ("part", "day"), ("user", other), ("user_id", other)];
    assert_eq!(secretary.post("/telework/days", &fields).await.status(), StatusCode::SEE_OTHER);
    let theirs = format!("SELECT COUNT(*) FROM telework_days WHERE user_id = '{other}'");
    assert_eq!(office.app.count(&theirs).await, 0, "nobody asks for someone else");
}

#[tokio::test]
async fn a_repeated_request_asks_every_week_or_nothing() {
    let office = office().await;
    let (app, secretary) = (&office.app, &office.secretary);
    let response = secretary
        .post("/telework/days", &[("day", "2026-12-08"), ("part", "day"), ("weeks", "4")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    assert_eq!(app.count("SELECT COUNT(*) FROM telework_days").await, 4);
    let series = app.count("SELECT COUNT(DISTINCT series_id) FROM telework_days").await;
    assert_eq!(series, 1);
    office
        .manager
        .post(
            &format!("/telework/team/{}/blackouts", office.team),
            &[("first_day", "2027-01-07"), ("last_day", "2027-01-07"), ("reason", "Inventaire")],
        )
        .await;
    let response = secretary
        .post("/telework/days", &[("day", "2026-12-31"), ("part", "day"), ("weeks", "2")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "7 January is closed");
    assert_eq!(app.count("SELECT COUNT(*) FROM telework_days").await, 4, "nothing kept");
}
