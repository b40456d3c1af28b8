//! What a round may record about the caregiver and the patient: the position at punches and
//! visit photos.

use reqwest::StatusCode;

use super::published_week;
use crate::helpers::{between, location};
use crate::homecare::{WEEK, service};

#[tokio::test]
async fn the_position_is_kept_only_at_punches_and_only_where_the_organisation_records_it() {
    let service = service().await;
    let (_, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    let at_home = |key: &'static str| {
        [
            ("key", key),
            ("method", "manual"),
            ("reason", "Carte absente"),
            ("latitude", "48.114900"),
            ("longitude", "-1.679400"),
            ("accuracy", "12"),
        ]
    };
    // Off by default: the position sent is dropped, the page does not ask for it.
    let page = nurse.get(&format!("/round?day={WEEK}")).await;
    assert!(page.headers()["permissions-policy"].to_str().unwrap().contains("geolocation=(self)"));
    assert!(!page.text().await.unwrap().contains("data-geolocate"));
    let arrived =
        nurse.post(&format!("/round/visits/{visit}/check-in"), &at_home("key-geo-1")).await;
    assert_eq!(location(&arrived), "/round?done=check_in");
    let kept = "SELECT COUNT(*) FROM visit_punches WHERE latitude_e6 IS NOT NULL";
    assert_eq!(service.app.count(kept).await, 0);

    // The administrator turns it on (audited); a nurse may not.
    let settings = "/admin/organisation/geolocation";
    assert_eq!(nurse.post(settings, &[("enabled", "on")]).await.status(), StatusCode::FORBIDDEN);
    let saved = service.admin.post(settings, &[("enabled", "on")]).await;
    assert_eq!(location(&saved), "/admin/organisation?done=saved");
    let audited = "SELECT COUNT(*) FROM audit_log WHERE action = 'org.punch_geolocation'";
    assert_eq!(service.app.count(audited).await, 1);
    let page = nurse.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(page.contains("data-geolocate") && page.contains("seulement à ce moment"));
    let home_page = service.coordinator.get("/planning").await;
    assert!(home_page.headers()["permissions-policy"].to_str().unwrap().contains("geolocation=()"));

    // Bad positions are refused plainly; a good one is kept with the departure.
    let departure = format!("/round/visits/{visit}/check-out");
    for (latitude, longitude, accuracy) in
        [("91", "-1.6", "10"), ("48.1", "east", "10"), ("48.1", "-1.6", "-5"), ("48.1", "", "")]
    {
        let fields = [
            ("key", "key-geo-bad"),
            ("method", "manual"),
            ("reason", "Carte absente"),
            ("latitude", latitude),
            ("longitude", longitude),
            ("accuracy", accuracy),
        ];
        let refused = nurse.post(&departure, &fields).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{latitude} {longitude}");
    }
    let left = nurse.post(&departure, &at_home("key-geo-2")).await;
    assert_eq!(location(&left), "/round?done=check_out");
    assert_eq!(service.app.count(kept).await, 1);

    // The caregiver sees it on their own page; the coordinator sees how far from home it was.
    let me = nurse.get("/round/me").await.text().await.unwrap();
    assert!(me.contains("48.114900, -1.679400 (± 12 m)") && me.contains("de chaque arrivée"));
    let queue = format!("/planning/exceptions?team={}&week={WEEK}", service.team_a);
    let page = service.coordinator.get(&queue).await.text().await.unwrap();
    assert!(page.contains("téléphone à 22 m du domicile (± 12 m)"), "{page}");
}

/// A refused upload: the form's fields, its file (field, name, bytes) and the message expected.
type RefusedUpload<'a> = (&'a [(&'a str, &'a str)], (&'a str, &'a str, Vec<u8>), &'a str);

#[tokio::test]
async fn a_photo_needs_consent_is_sniffed_sealed_and_shown_only_to_the_care_team() {
    let service = service().await;
    let (jeanne, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    let arrival = [("key", "key-photo-in"), ("method", "manual"), ("reason", "Carte absente")];
    nurse.post(&format!("/round/visits/{visit}/check-in"), &arrival).await;
    let path = format!("/round/visits/{visit}/photo");
    let png: Vec<u8> = crate::helpers::TINY_PNG.to_vec();

    let day = nurse.get(&format!("/round?day={WEEK}")).await.text().await.unwrap();
    assert!(day.contains("Ajouter une photo"), "offered once the arrival is recorded");
    let refusals: [RefusedUpload; 3] = [
        (&[], ("photo", "plaie.png", png.clone()), "Indiquez qui a donné son accord"),
        (
            &[("consent", "patient")],
            ("photo", "plaie.png", b"MZ\x90\0program".to_vec()),
            "pas une photo",
        ),
        (&[("consent", "patient")], ("photo", "", Vec::new()), "Choisissez un fichier"),
    ];
    for (fields, file, message) in refusals {
        let refused = nurse.post_file(&path, fields, file).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(refused.text().await.unwrap().contains(message), "{message}");
    }
    let huge = vec![0xFF; 9 * 1024 * 1024];
    let too_big =
        nurse.post_file(&path, &[("consent", "patient")], ("photo", "big.jpg", huge)).await;
    assert_eq!(too_big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let forged = reqwest::multipart::Form::new().text("consent", "patient");
    let forged = nurse.client.post(nurse.url(&path)).multipart(forged).send().await.unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let stranger = service
        .outsider
        .post_file(&path, &[("consent", "patient")], ("photo", "a.png", png.clone()))
        .await;
    assert_eq!(stranger.status(), StatusCode::NOT_FOUND);
    assert_eq!(service.app.count("SELECT COUNT(*) FROM visit_photos").await, 0);

    let sent = nurse
        .post_file(&path, &[("consent", "representative")], ("photo", "plaie.png", png.clone()))
        .await;
    assert_eq!(location(&sent), "/round?done=photo");
    let sealed: Vec<u8> = {
        use sqlx::Row;
        sqlx::query("SELECT image_enc FROM visit_photos")
            .fetch_one(service.app.state().db.reader())
            .await
            .unwrap()
            .get(0)
    };
    assert!(!sealed.windows(4).any(|w| w == b"IHDR"), "the photo is encrypted");

    // In the record, for the care team only; each viewing is audited.
    let record =
        service.coordinator.get(&format!("/patients/{jeanne}")).await.text().await.unwrap();
    let link = between(&record, &format!("href=\"/patients/{jeanne}/photos/"), "\"").unwrap();
    assert!(record.contains("accord de son représentant"));
    let photo = format!("/patients/{jeanne}/photos/{link}");
    let shown = service.coordinator.get(&photo).await;
    assert_eq!(shown.status(), StatusCode::OK);
    assert_eq!(shown.headers()["content-type"], "image/png");
    assert_eq!(shown.headers()["x-content-type-options"], "nosniff");
    assert_eq!(shown.bytes().await.unwrap().to_vec(), png);
    assert_eq!(service.outsider.get(&photo).await.status(), StatusCode::NOT_FOUND);
    let other = format!("/patients/{jeanne}/photos/0190f0c2-0000-7000-8000-000000000000");
    assert_eq!(service.coordinator.get(&other).await.status(), StatusCode::NOT_FOUND);
    let audited =
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('visit.photo_add', 'patient.photo_read')";
    assert_eq!(service.app.count(audited).await, 2);
}

#[tokio::test]
async fn a_photo_loses_its_metadata_but_not_its_orientation_and_a_huge_one_is_refused() {
    let service = service().await;
    let (jeanne, visit) = published_week(&service).await;
    let nurse = &service.nurse;
    let arrival = [("key", "key-meta-in"), ("method", "manual"), ("reason", "Carte absente")];
    nurse.post(&format!("/round/visits/{visit}/check-in"), &arrival).await;
    let path = format!("/round/visits/{visit}/photo");

    let huge = crate::helpers::png_header(100_000, 100_000);
    let refused =
        nurse.post_file(&path, &[("consent", "patient")], ("photo", "plaie.png", huge)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("trop grande"));

    let original = crate::helpers::png_with_metadata();
    assert_eq!(crate::helpers::exif_orientation(&original), Some(6));
    let sent =
        nurse.post_file(&path, &[("consent", "patient")], ("photo", "plaie.png", original)).await;
    assert_eq!(location(&sent), "/round?done=photo");
    let record =
        service.coordinator.get(&format!("/patients/{jeanne}")).await.text().await.unwrap();
    let link = between(&record, &format!("href=\"/patients/{jeanne}/photos/"), "\"").unwrap();
    let shown = service.coordinator.get(&format!("/patients/{jeanne}/photos/{link}")).await;
    let kept = shown.bytes().await.unwrap().to_vec();
    assert!(!kept.windows(3).any(|w| w == b"GPS"), "no position left in the photo");
    assert!(!kept.windows(4).any(|w| w == b"tEXt"));
    assert_eq!(crate::helpers::exif_orientation(&kept), Some(6), "still the right way up");
}
