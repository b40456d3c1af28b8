//! Help and training: help pages per role and language, searched; the first steps on the home
//! page; the cybersecurity quiz graded on the server; coverage per team, hidden below five.

use reqwest::StatusCode;

use crate::helpers::*;

#[tokio::test]
async fn help_is_searchable_in_the_readers_language_and_reached_from_the_screens() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (aide, _, _) = app.person(&admin, "aide@ssiad-test.fr", &["aide"]).await;
    let index = aide.get("/help").await.text().await.unwrap();
    let (mine, others) = index.split_once("Les autres modules").unwrap();
    assert!(mine.contains("Ma tournée") && !mine.contains("Planning de la semaine"), "for an aide");
    assert!(others.contains("Planning de la semaine"), "other pages still reachable");
    let found = aide.get("/help?q=DECONNEXION").await.text().await.unwrap();
    assert!(found.contains("/help/messages"), "accents and case ignored");
    let none = aide.get("/help?q=%3Cscript%3Ezzz").await.text().await.unwrap();
    assert!(none.contains("Aucun résultat") && !none.contains("<script>zzz"));
    let long = aide.get(&format!("/help?q={}", "a".repeat(5000))).await;
    assert_eq!(long.status(), StatusCode::OK);
    assert_eq!(aide.get("/help/../etc/passwd").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(aide.get("/help/nothing-here").await.status(), StatusCode::NOT_FOUND);
    assert!(
        aide.get("/round").await.text().await.unwrap().contains("href=\"/help/round\""),
        "the screen's ?"
    );
    aide.post("/language", &[("lang", "en"), ("next", "/help")]).await;
    let english = aide.get("/help/round").await.text().await.unwrap();
    assert!(english.contains("<h1>My round</h1>"), "{english}");
    assert_eq!(app.browser().get("/help").await.status(), StatusCode::SEE_OTHER, "signed in only");
}

#[tokio::test]
async fn the_quiz_is_graded_on_the_server_and_coverage_is_a_team_share_from_five() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (nurse, _, _) = app.person(&admin, "nurse@ssiad-test.fr", &["nurse"]).await;
    let wrong: Vec<(String, String)> =
        (1..=6).map(|q| (format!("q{q}"), "0".to_string())).collect();
    let fields = |answers: &[(String, String)]| {
        answers.iter().map(|(k, v)| (k.clone(), v.clone())).collect::<Vec<_>>()
    };
    let post = |answers: Vec<(String, String)>| {
        let nurse = &nurse;
        async move {
            let refs: Vec<(&str, &str)> =
                answers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            nurse.post("/training/security/quiz", &refs).await
        }
    };
    let failed = post(fields(&wrong)).await;
    assert_eq!(failed.status(), StatusCode::OK);
    assert!(failed.text().await.unwrap().contains("Il faut 5 bonnes réponses"));
    assert_eq!(app.count("SELECT COUNT(*) FROM training_completions").await, 0);
    let odd = post(vec![("q1".into(), "9".into())]).await;
    assert_eq!(odd.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let right: Vec<(String, String)> = relais::training::course::ANSWERS
        .iter()
        .enumerate()
        .map(|(i, a)| (format!("q{}", i + 1), a.to_string()))
        .collect();
    let passed = post(right).await.text().await.unwrap();
    assert!(passed.contains("Module validé"), "{passed}");
    assert_eq!(app.count("SELECT COUNT(*) FROM training_completions WHERE score = 6").await, 1);
    assert!(
        nurse.get("/help/cybersecurity").await.text().await.unwrap().contains("Module validé le")
    );

    // Coverage: for IT, per team, hidden below five members, never names.
    assert_eq!(nurse.get("/training/coverage").await.status(), StatusCode::FORBIDDEN);
    admin.post("/admin/teams", &[("name", "Équipe Nord")]).await;
    let team: String = sqlx::Row::get(
        &sqlx::query("SELECT id FROM teams").fetch_one(app.state().db.reader()).await.unwrap(),
        0,
    );
    let nurse_id = app.person_id("nurse@ssiad-test.fr").await;
    app.execute(&format!(
        "INSERT INTO team_members (team_id, user_id) VALUES ('{team}', '{nurse_id}')"
    ))
    .await;
    let small = admin.get("/training/coverage").await.text().await.unwrap();
    assert!(
        small.contains("Moins de 5 personnes") && !small.contains("nurse@"),
        "hidden below five"
    );
    for n in 0..4 {
        let (_, id, _) = app.person(&admin, &format!("staff{n}@ssiad-test.fr"), &["staff"]).await;
        app.execute(&format!(
            "INSERT INTO team_members (team_id, user_id) VALUES ('{team}', '{id}')"
        ))
        .await;
    }
    let shown = admin.get("/training/coverage").await.text().await.unwrap();
    assert!(shown.contains("20 %"), "one of five: {shown}");
}

#[tokio::test]
async fn first_steps_tick_themselves_and_can_be_hidden() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let (staff, _, _) = app.person(&admin, "staff@ssiad-test.fr", &["staff"]).await;
    let home = staff.get("/").await.text().await.unwrap();
    assert!(home.contains("Mes premiers pas") && home.contains("Indiquer mes horaires"));
    assert!(home.contains("0 / 4"), "nothing done yet (no protocol published: no step for it)");
    let profile = staff
        .post(
            "/account",
            &[
                ("display_name", "Nadia Benali"),
                ("phone", ""),
                ("locale", "fr"),
                ("time_zone", "Europe/Paris"),
                ("days", "0"),
                ("days", "1"),
                ("start", "08:00"),
                ("end", "16:00"),
            ],
        )
        .await;
    assert_eq!(profile.status(), StatusCode::SEE_OTHER, "{}", profile.text().await.unwrap());
    assert!(staff.get("/").await.text().await.unwrap().contains("1 / 4"), "hours ticked");
    assert_eq!(staff.post("/training/first-steps/hide", &[]).await.status(), StatusCode::SEE_OTHER);
    assert!(!staff.get("/").await.text().await.unwrap().contains("Mes premiers pas"));
}
