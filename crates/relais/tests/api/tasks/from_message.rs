//! A card made from a message links to it, and a reply in the message's thread links back.

use super::*;

#[tokio::test]
async fn a_card_made_from_a_message_links_to_it_and_the_thread_links_back() {
    let service = service().await;
    let (board_id, lists) = team_board(&service).await;
    let app = &service.app;
    app.execute("UPDATE users SET work_days = 127, work_start_minute = 0, work_end_minute = 1440")
        .await;
    let channel = crate::messaging::channel(&service.coordinator, "coordination", false).await;
    service.nurse.post(&format!("/messages/{channel}/join"), &[]).await;
    let sent = crate::messaging::send(
        &service.nurse,
        &channel,
        "Plus de pansements au local\nIl en reste deux boîtes",
    )
    .await;
    let message = sent["message_id"].as_str().unwrap().to_string();

    let form = service
        .coordinator
        .get(&format!("/tasks/new?message={message}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("value=\"Plus de pansements au local\""),
        "the first line as the title: {form}"
    );
    let fields = [
        ("message", message.as_str()),
        ("list", lists[0].as_str()),
        ("title", "Commander des pansements"),
        ("reply", "on"),
    ];
    let made = service.coordinator.post("/tasks/new", &fields).await;
    assert_eq!(made.status(), StatusCode::SEE_OTHER, "{}", made.text().await.unwrap());
    let card_id = location(&made)
        .trim_start_matches("/tasks/cards/")
        .trim_end_matches("?done=created")
        .to_string();
    let page = service.nurse.get(&format!("/tasks/cards/{card_id}")).await.text().await.unwrap();
    assert!(page.contains(&format!("/messages/m/{message}")), "the card links to the message");
    let thread =
        crate::messaging::page(&service.nurse, &format!("/messages/m/{message}/thread")).await;
    assert!(
        thread.contains(&format!("/tasks/cards/{card_id}")),
        "the thread links to the card: {thread}"
    );
    let board = service.nurse.get(&format!("/tasks/boards/{board_id}")).await.text().await.unwrap();
    assert!(board.contains("Commander des pansements"));

    // Someone who cannot read the message cannot make a card of it.
    let stranger = app.second_organisation_admin().await;
    let refused = stranger.get(&format!("/tasks/new?message={message}")).await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);
}
