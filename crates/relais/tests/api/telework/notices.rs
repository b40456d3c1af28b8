//! Telework notices follow the right to disconnect: given at once during working hours, held
//! until the next working period otherwise; reminders are sent once.

use super::*;

async fn notices(app: &TestApp, email: &str, kind: &str) -> (i64, i64) {
    let sql = |delivered: &str| {
        format!(
            "SELECT COUNT(*) FROM telework_notices n JOIN users u ON u.id = n.user_id \
             WHERE u.email = '{email}' AND n.kind = '{kind}' AND n.delivered_at IS {delivered}"
        )
    };
    (app.count(&sql("NOT NULL")).await, app.count(&sql("NULL")).await)
}

#[tokio::test]
async fn a_decision_made_at_night_reaches_the_person_the_next_morning() {
    let office = office().await;
    let (app, secretary, manager) = (&office.app, &office.secretary, &office.manager);
    ask(secretary, "2026-12-09", "day").await;
    assert_eq!(notices(app, "cadre@chu.fr", "day_requested").await, (1, 0), "the manager, at work");
    let id = day_id(app, &office.secretary_id, "2026-12-09").await;
    // 22:00 in Paris: the secretary's working hours (08:00–18:00) are over.
    app.state().clock.pin("2026-12-07T21:00:00Z".parse().unwrap());
    decide(manager, &id, "approve", "").await;
    assert_eq!(notices(app, "sec1@chu.fr", "day_decided").await, (0, 1), "held overnight");
    let page = secretary.get("/telework").await.text().await.unwrap();
    assert!(!page.contains("Votre responsable a répondu"));
    let state = app.state();
    assert_eq!(relais::telework::service::notices::deliver_due(state).await.unwrap(), 0);
    state.clock.pin("2026-12-08T07:05:00Z".parse().unwrap());
    assert_eq!(relais::telework::service::notices::deliver_due(state).await.unwrap(), 1);
    assert_eq!(notices(app, "sec1@chu.fr", "day_decided").await, (1, 0));
    let page = secretary.get("/telework").await.text().await.unwrap();
    assert!(page.contains("Votre responsable a répondu"), "{page}");
    secretary.post("/telework/notices/read", &[]).await;
    let page = secretary.get("/telework").await.text().await.unwrap();
    assert!(!page.contains("Votre responsable a répondu"), "read");
}

#[tokio::test]
async fn the_charter_reminder_is_sent_once_to_those_who_have_not_accepted() {
    let office = office().await;
    let (app, state) = (&office.app, office.app.state());
    let (published, held) = notices(app, "sec2@chu.fr", "charter_published").await;
    assert_eq!(published + held, 1, "told when the charter was published");
    state.clock.pin("2026-12-14T09:00:00Z".parse().unwrap());
    relais::telework::service::notices::remind(state).await.unwrap();
    relais::telework::service::notices::remind(state).await.unwrap();
    let reminders =
        app.count("SELECT COUNT(*) FROM telework_notices WHERE kind = 'charter_reminder'").await;
    assert_eq!(reminders, 3, "the three secretaries who have not accepted, once each");
    assert_eq!(notices(app, "sec1@chu.fr", "charter_reminder").await, (0, 0), "she accepted");
}
