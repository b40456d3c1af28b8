//! Flex office: a desk per person and day, never on a telework day; two bookings at once keep one.

use reqwest::StatusCode;

use super::*;

async fn desk(office: &Office) -> (String, String) {
    office.admin.post("/admin/sites", &[("site_name", "CHU — Pontchaillou")]).await;
    let site = text(&office.app, "SELECT id FROM sites").await;
    for name in ["Poste 1", "Poste 2"] {
        let fields = [("site", site.as_str()), ("room", "Bureau 12"), ("name", name)];
        let response = office.hr.post("/telework/desks", &fields).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    }
    let desk = text(&office.app, "SELECT id FROM telework_desks WHERE name = 'Poste 1'").await;
    (site, desk)
}

async fn book(person: &Browser, desk: &str, day: &str, site: &str) -> reqwest::Response {
    person.post(&format!("/telework/desks/{desk}/book"), &[("day", day), ("site", site)]).await
}

#[tokio::test]
async fn a_desk_is_booked_once_a_day_and_never_on_a_telework_day() {
    let office = office().await;
    let (app, secretary) = (&office.app, &office.secretary);
    let (site, desk) = desk(&office).await;
    let again = office
        .hr
        .post(
            "/telework/desks",
            &[("site", site.as_str()), ("room", "Bureau 12"), ("name", "Poste 1")],
        )
        .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY, "one Poste 1 in Bureau 12");
    let staff = secretary
        .post("/telework/desks", &[("site", site.as_str()), ("room", "B"), ("name", "X")])
        .await;
    assert_eq!(staff.status(), StatusCode::FORBIDDEN);

    assert_eq!(book(secretary, &desk, "2026-12-09", &site).await.status(), StatusCode::SEE_OTHER);
    let (colleague, _) = &office.others[0];
    let taken = book(colleague, &desk, "2026-12-09", &site).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = colleague.get(&format!("/telework/desks?day=2026-12-09&site={site}")).await;
    assert!(page.text().await.unwrap().contains("Nadia Benali"), "who sits there is shown");
    let second = text(app, "SELECT id FROM telework_desks WHERE name = 'Poste 2'").await;
    let twice = book(secretary, &second, "2026-12-09", &site).await;
    assert_eq!(twice.status(), StatusCode::UNPROCESSABLE_ENTITY, "one desk a day");
    assert_eq!(
        book(secretary, &desk, "2026-12-04", &site).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );

    ask(secretary, "2026-12-10", "day").await;
    let id = day_id(app, &office.secretary_id, "2026-12-10").await;
    decide(&office.manager, &id, "approve", "").await;
    let remote = book(secretary, &desk, "2026-12-10", &site).await;
    assert_eq!(remote.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(remote.text().await.unwrap().contains("vous êtes en télétravail"));

    let booking = text(app, "SELECT id FROM telework_desk_bookings").await;
    let stolen = colleague
        .post(
            &format!("/telework/desks/bookings/{booking}/release"),
            &[("day", "2026-12-09"), ("site", &site)],
        )
        .await;
    assert_eq!(stolen.status(), StatusCode::NOT_FOUND);
    let released = secretary
        .post(
            &format!("/telework/desks/bookings/{booking}/release"),
            &[("day", "2026-12-09"), ("site", &site)],
        )
        .await;
    assert_eq!(released.status(), StatusCode::SEE_OTHER);
    assert_eq!(book(colleague, &desk, "2026-12-09", &site).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn two_people_booking_the_last_desk_at_once_get_it_once() {
    let office = office().await;
    let (site, desk) = desk(&office).await;
    let (a, b) = (&office.others[0].0, &office.others[1].0);
    let (one, two) =
        tokio::join!(book(a, &desk, "2026-12-11", &site), book(b, &desk, "2026-12-11", &site));
    let statuses = [one.status(), two.status()];
    assert!(
        statuses.contains(&StatusCode::SEE_OTHER)
            && statuses.contains(&StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    assert_eq!(office.app.count("SELECT COUNT(*) FROM telework_desk_bookings").await, 1);
}
