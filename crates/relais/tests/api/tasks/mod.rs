//! Task boards: a team's board is its members' only; cards move between lists (completed in a
//! "done" list) with their history; two people moving one card at once lose nothing; edits from
//! an old version are refused; bad input gets a clear answer; card text is sealed; recurring
//! cards are created once; a card made from a message links both ways.

mod api;
mod attachments;
mod calendar;
mod from_message;
mod recurring;

use reqwest::StatusCode;

use crate::helpers::{Browser, TestApp, location};
use crate::homecare::{Service, service};

/// Creates a board for `team` (personal if empty); returns its id.
pub async fn board(browser: &Browser, team: &str, name: &str) -> String {
    let answer = browser.post("/tasks/boards", &[("name", name), ("team", team)]).await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{}", answer.text().await.unwrap());
    location(&answer).trim_start_matches("/tasks/boards/").to_string()
}

/// The ids of a board's lists, in their order.
pub async fn lists(app: &TestApp, board: &str) -> Vec<String> {
    use sqlx::Row;
    sqlx::query("SELECT id FROM task_lists WHERE board_id = $1 ORDER BY position")
        .bind(board)
        .fetch_all(app.state().db.reader())
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

/// Adds a card to a list; returns its id.
pub async fn card(
    app: &TestApp,
    browser: &Browser,
    board: &str,
    list: &str,
    title: &str,
) -> String {
    let answer = browser
        .post(&format!("/tasks/boards/{board}/cards"), &[("list", list), ("title", title)])
        .await;
    assert_eq!(answer.status(), StatusCode::SEE_OTHER, "{}", answer.text().await.unwrap());
    use sqlx::Row;
    sqlx::query("SELECT id FROM task_cards WHERE list_id = $1 ORDER BY created_at DESC, id DESC")
        .bind(list)
        .fetch_all(app.state().db.reader())
        .await
        .unwrap()
        .first()
        .map(|row| row.get(0))
        .unwrap()
}

async fn in_list(app: &TestApp, card: &str) -> (String, Option<i64>) {
    use sqlx::Row;
    let row = sqlx::query("SELECT list_id, completed_at FROM task_cards WHERE id = $1")
        .bind(card)
        .fetch_one(app.state().db.reader())
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

async fn team_board(service: &Service) -> (String, Vec<String>) {
    let id = board(&service.coordinator, &service.team_a, "Coordination").await;
    let lists = lists(&service.app, &id).await;
    (id, lists)
}

#[tokio::test]
async fn a_team_board_is_for_its_members_and_nobody_else() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    assert_eq!(lists.len(), 3, "À faire, En cours, Terminé");
    let card_id =
        card(&service.app, &service.coordinator, &board_id, &lists[0], "Commander des pansements")
            .await;

    let home = service.nurse.get("/tasks").await.text().await.unwrap();
    assert!(home.contains("Coordination"), "a member sees the board");
    let shown = service.nurse.get(&format!("/tasks/boards/{board_id}")).await.text().await.unwrap();
    assert!(shown.contains("Commander des pansements"), "{shown}");

    // Another team's aide and the administrator (not a member) find nothing.
    let (admin, outsider) = (&service.admin, &service.outsider);
    for browser in [admin, outsider] {
        for path in [format!("/tasks/boards/{board_id}"), format!("/tasks/cards/{card_id}")] {
            assert_eq!(browser.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
        }
        let home = browser.get("/tasks").await.text().await.unwrap();
        assert!(!home.contains("Coordination"));
        let moved =
            browser.post(&format!("/tasks/cards/{card_id}/move"), &[("list", &lists[1])]).await;
        assert_eq!(moved.status(), StatusCode::NOT_FOUND);
        let added = browser
            .post(
                &format!("/tasks/boards/{board_id}/cards"),
                &[("list", &lists[0]), ("title", "x")],
            )
            .await;
        assert_eq!(added.status(), StatusCode::NOT_FOUND, "a board one cannot see");
    }

    // Moving one's own card into a board one cannot see is refused the same way.
    let own = board(outsider, "", "Mes tâches").await;
    let own_lists = self::lists(&service.app, &own).await;
    let mine = card(&service.app, outsider, &own, &own_lists[0], "Ma carte").await;
    let refused = outsider.post(&format!("/tasks/cards/{mine}/move"), &[("list", &lists[0])]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(in_list(&service.app, &mine).await.0, own_lists[0], "the card stays where it was");
    // A personal board is its owner's alone, even for their teammates.
    let nurse_board = board(&service.nurse, "", "Perso").await;
    let peek = service.coordinator.get(&format!("/tasks/boards/{nurse_board}")).await;
    assert_eq!(peek.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_card_moved_to_done_is_completed_and_its_history_says_who_did_what() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    let first = card(app, &service.coordinator, &board_id, &lists[0], "Appeler le médecin").await;
    let second = card(app, &service.coordinator, &board_id, &lists[0], "Relevé du frigo").await;

    let moved = service
        .nurse
        .post(&format!("/tasks/cards/{first}/move"), &[("list", &lists[2]), ("back", "board")])
        .await;
    assert_eq!(location(&moved), format!("/tasks/boards/{board_id}?done=moved#card-{first}"));
    let (list, completed) = in_list(app, &first).await;
    assert_eq!(list, lists[2]);
    assert!(completed.is_some(), "moved into the done list");
    service.nurse.post(&format!("/tasks/cards/{first}/move"), &[("list", &lists[1])]).await;
    assert_eq!(in_list(app, &first).await.1, None, "reopened when it leaves it");

    // Order within a list: "before" a card, and to the top.
    service
        .nurse
        .post(&format!("/tasks/cards/{first}/move"), &[("list", &lists[0]), ("before", &second)])
        .await;
    let order = |sql: &str| sql.to_string();
    let sql = order(&format!(
        "SELECT COUNT(*) FROM task_cards a, task_cards b WHERE a.id = '{first}' AND b.id = '{second}' AND a.position < b.position"
    ));
    assert_eq!(app.count(&sql).await, 1, "placed before the second card");

    let page =
        service.coordinator.get(&format!("/tasks/cards/{first}")).await.text().await.unwrap();
    for said in [
        "a créé la carte dans",
        "a déplacé la carte",
        "a terminé la carte dans",
        "a rouvert la carte dans",
        "À faire → Terminé",
    ] {
        assert!(page.contains(said), "{said}: {page}");
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'task.card_moved'").await,
        3
    );
}

#[tokio::test]
async fn two_people_moving_one_card_at_once_lose_neither_the_card_nor_a_move() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    for round in 0..5 {
        let id =
            card(app, &service.coordinator, &board_id, &lists[0], &format!("Carte {round}")).await;
        let path = format!("/tasks/cards/{id}/move");
        let (to_doing, to_done) = ([("list", lists[1].as_str())], [("list", lists[2].as_str())]);
        let (a, b) = tokio::join!(
            service.coordinator.post(&path, &to_doing),
            service.nurse.post(&path, &to_done),
        );
        assert_eq!((a.status(), b.status()), (StatusCode::SEE_OTHER, StatusCode::SEE_OTHER));
        let (list, _) = in_list(app, &id).await;
        assert!(list == lists[1] || list == lists[2], "the card is in one of the two lists");
        let moves = format!(
            "SELECT COUNT(*) FROM task_card_events WHERE card_id = '{id}' AND kind = 'moved'"
        );
        assert_eq!(app.count(&moves).await, 2, "both moves are in the history");
        assert_eq!(
            app.count(&format!("SELECT COUNT(*) FROM task_cards WHERE id = '{id}'")).await,
            1
        );
    }
}

#[tokio::test]
async fn an_edit_written_from_an_old_version_is_refused_and_text_is_sealed() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    let id = card(app, &service.coordinator, &board_id, &lists[0], "Pansements Mme Durand").await;
    let path = format!("/tasks/cards/{id}/edit");
    let edit = |title: &'static str, version: &'static str| {
        [
            ("title", title),
            ("description", "Stock **bas**"),
            ("priority", "high"),
            ("due", "2026-12-10T14:00"),
            ("version", version),
        ]
    };
    let first = service.nurse.post(&path, &edit("Pansements (stock)", "1")).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let stale = service.coordinator.post(&path, &edit("Autre titre", "1")).await;
    assert_eq!(stale.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.text().await.unwrap().contains("Quelqu&#39;un a modifié cette carte"));
    let page = service.coordinator.get(&format!("/tasks/cards/{id}")).await.text().await.unwrap();
    assert!(page.contains("Pansements (stock)") && page.contains("<strong>bas</strong>"), "{page}");

    // Nothing a card says is readable in the database.
    use sqlx::Row;
    let row = sqlx::query("SELECT title_enc, description_enc FROM task_cards WHERE id = $1")
        .bind(&id)
        .fetch_one(app.state().db.reader())
        .await
        .unwrap();
    let (title, description): (Vec<u8>, Vec<u8>) = (row.get(0), row.get(1));
    for sealed in [title, description] {
        assert!(
            !String::from_utf8_lossy(&sealed).contains("Pansements")
                && !String::from_utf8_lossy(&sealed).contains("Stock")
        );
    }
}

/// A form posted to a path, and the answer it must get.
type Case<'a> = (String, Vec<(&'a str, &'a str)>, StatusCode);

/// A recurring card's rule that must be refused.
fn rule<'a>(
    board: &str,
    list: &'a str,
    frequency: &'a str,
    day: &'a str,
    time: &'a str,
) -> Case<'a> {
    let fields = vec![
        ("list", list),
        ("title", "x"),
        ("frequency", frequency),
        ("day", day),
        ("time", time),
    ];
    (format!("/tasks/boards/{board}/recurrences"), fields, StatusCode::UNPROCESSABLE_ENTITY)
}

#[tokio::test]
async fn bad_input_gets_a_clear_answer_never_an_error() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    let nurse = &service.nurse;
    let id = card(app, nurse, &board_id, &lists[0], "Carte").await;
    let long = "x".repeat(201);
    let longer = "x".repeat(301);
    let cases: Vec<Case> = vec![
        (
            format!("/tasks/boards/{board_id}/cards"),
            vec![("list", &lists[0]), ("title", "  ")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/boards/{board_id}/cards"),
            vec![("list", &lists[0]), ("title", &long)],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/boards/{board_id}/cards"),
            vec![("list", "../etc"), ("title", "x")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/boards/{board_id}/cards"),
            vec![("list", &lists[0]), ("title", "x"), ("due", "demain")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/boards/{board_id}/cards"),
            vec![("list", &lists[0]), ("title", "bip\u{7}")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/cards/{id}/edit"),
            vec![("title", "x"), ("priority", "critical"), ("version", "1")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/cards/{id}/edit"),
            vec![
                ("title", "x"),
                ("priority", "low"),
                ("due", "2026-02-30T10:00"),
                ("version", "1"),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/cards/{id}/move"),
            vec![("list", &lists[0]), ("before", "nope nope")],
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/tasks/cards/{id}/label"),
            vec![("label", "01ABCDEFGHJKMNPQRSTVWXYZ00"), ("to", "on")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/cards/{id}/assign"),
            vec![("person", &service.aide_id), ("to", "on")],
            StatusCode::SEE_OTHER,
        ),
        (
            format!("/tasks/cards/{id}/assign"),
            vec![("person", "someone"), ("to", "on")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/cards/{id}/comments"),
            vec![("text", "")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/cards/{id}/items"),
            vec![("text", &longer)],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/cards/{id}/patient"),
            vec![("patient", "not-a-patient")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/boards/{board_id}/lists"),
            vec![("action", "add"), ("name", "Terminé")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/boards/{board_id}/lists"),
            vec![("action", "delete"), ("list", &lists[0])],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            format!("/tasks/boards/{board_id}/lists"),
            vec![("action", "explode"), ("list", &lists[0])],
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/tasks/boards/{board_id}/labels"),
            vec![("name", "Urgent"), ("colour", "pink")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        rule(&board_id, &lists[0], "weekly", "8", "08:00"),
        rule(&board_id, &lists[0], "monthly", "31", "08:00"),
        rule(&board_id, &lists[0], "weekly", "1", "25:00"),
        (
            "/tasks/boards".to_string(),
            vec![("name", "Autre équipe"), ("team", "someone-else")],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    ];
    for (path, fields, expected) in cases {
        let answer = nurse.post(&path, &fields).await;
        assert_eq!(answer.status(), expected, "{path} {fields:?}");
    }
    for path in [
        format!("/tasks/boards/{board_id}?due=yesterday&label=%00&q={}", "é".repeat(500)),
        format!("/tasks/boards/{board_id}/archive?page=-3&q=x"),
        format!("/tasks/boards/{board_id}?view=list&sort=zzz"),
    ] {
        assert_eq!(nurse.get(&path).await.status(), StatusCode::OK, "{path}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM task_cards").await, 1, "nothing half-made");
}
