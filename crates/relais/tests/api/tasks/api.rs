//! Task boards through `/api/v1`: the same rights as the pages (another team's board is 404), a
//! read token cannot create or move, cards are created and moved (and completed) through the
//! services, and bad bodies get problem+json.

use reqwest::{Method, StatusCode};

use super::*;
use crate::api_v1::{call, new_token};

#[tokio::test]
async fn boards_and_cards_through_the_api_follow_the_pages_rights() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    card(app, &service.coordinator, &board_id, &lists[0], "Appeler la pharmacie").await;
    let nurse = &service.nurse;
    let write = new_token(nurse, &["tasks:read", "tasks:write"]).await;
    let read = new_token(nurse, &["tasks:read"]).await;

    let (status, boards) =
        call(nurse, Method::GET, "/api/v1/tasks/boards", Some(&read), None).await;
    assert_eq!(status, StatusCode::OK, "{boards}");
    let board = boards.as_array().unwrap().iter().find(|b| b["id"] == board_id.as_str()).unwrap();
    assert_eq!(board["lists"][2]["completes_cards"], true);
    let path = format!("/api/v1/tasks/boards/{board_id}/cards");
    let (_, cards) = call(nurse, Method::GET, &path, Some(&read), None).await;
    assert_eq!(cards[0]["title"], "Appeler la pharmacie");
    assert_eq!(cards[0]["patient_linked"], false);

    let body = format!(
        r#"{{"list_id":"{}","title":"Commander des gants","priority":"high","due":"2026-12-10T14:00"}}"#,
        lists[0]
    );
    let (status, _) = call(nurse, Method::POST, &path, Some(&read), Some(&body)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "a read token does not write");
    let (status, created) = call(nurse, Method::POST, &path, Some(&write), Some(&body)).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["due_at"], "2026-12-10T13:00:00Z");
    let id = created["id"].as_str().unwrap().to_string();
    let moved = format!(r#"{{"list_id":"{}","before":"top"}}"#, lists[2]);
    let path_move = format!("/api/v1/tasks/cards/{id}/move");
    let (status, card) = call(nurse, Method::POST, &path_move, Some(&write), Some(&moved)).await;
    assert_eq!(status, StatusCode::OK, "{card}");
    assert!(card["completed_at"].is_string(), "moved into the done list: {card}");
    let page = service.coordinator.get(&format!("/tasks/cards/{id}")).await.text().await.unwrap();
    assert!(page.contains("Commander des gants"), "the pages see what the API did");

    // Another team's member gets 404 for the board and the card, with a token as with a page.
    let outsider = new_token(&service.outsider, &["tasks:read", "tasks:write"]).await;
    for path in
        [format!("/api/v1/tasks/boards/{board_id}/cards"), format!("/api/v1/tasks/cards/{id}")]
    {
        let (status, problem) = call(nurse, Method::GET, &path, Some(&outsider), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}: {problem}");
    }
    let (status, _) = call(nurse, Method::POST, &path_move, Some(&outsider), Some(&moved)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Bad bodies: clear problems, never a server error.
    for bad in [
        "{",
        "[]",
        r#"{"title":"x"}"#,
        r#"{"list_id":"nope","title":"x"}"#,
        &format!(r#"{{"list_id":"{}","title":""}}"#, lists[0]),
        &format!(r#"{{"list_id":"{}","title":"x","priority":"maximal"}}"#, lists[0]),
        &format!(r#"{{"list_id":"{}","title":"x","due":"2026-02-30"}}"#, lists[0]),
        &format!(r#"{{"list_id":"{}","title":"x","extra":1}}"#, lists[0]),
    ] {
        let (status, problem) = call(nurse, Method::POST, &path, Some(&write), Some(bad)).await;
        assert!(status.is_client_error(), "{bad}: {status}");
        assert!(problem["type"].is_string() || problem["title"].is_string(), "{bad}: {problem}");
    }
    let (_, mine) = call(nurse, Method::GET, "/api/v1/tasks/mine", Some(&read), None).await;
    assert!(mine.as_array().unwrap().is_empty(), "nothing assigned to the nurse: {mine}");
}
