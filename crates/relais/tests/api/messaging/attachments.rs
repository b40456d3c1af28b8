//! Files with messages: sealed, typed from their bytes, images inline, the rest downloads only,
//! members only, within the organisation's quota.

use reqwest::StatusCode;

use super::{channel, chat, page};

const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn file_ids(html: &str) -> Vec<String> {
    html.split("/messages/files/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn images_show_inline_and_everything_else_downloads() {
    let c = chat().await;
    let id = channel(&c.admin, "Équipe", true).await;
    let photo = c
        .admin
        .post_file(
            &format!("/messages/{id}/attach"),
            &[("text", "La plaie ce matin")],
            ("file", "plaie.png", PNG.to_vec()),
        )
        .await;
    assert_eq!(photo.status(), StatusCode::SEE_OTHER);
    let exe = c
        .admin
        .post_file(
            &format!("/messages/{id}/attach"),
            &[],
            ("file", "photo.png", b"MZ\x90\0\x03 not an image".to_vec()),
        )
        .await;
    assert_eq!(exe.status(), StatusCode::SEE_OTHER);
    let html_file = c
        .admin
        .post_file(
            &format!("/messages/{id}/attach"),
            &[],
            ("file", "../../<b>page.html", b"<script>alert(1)</script>".to_vec()),
        )
        .await;
    assert_eq!(html_file.status(), StatusCode::SEE_OTHER);

    let html = page(&c.admin, &format!("/messages/{id}")).await;
    assert!(html.contains("La plaie ce matin") && html.contains("class=\"attachment-thumb\""));
    assert!(html.contains("📎 photo.png") && html.contains("📎 bpage.html"), "names cleaned");
    let ids = file_ids(&html);
    let image = c.admin.get(&format!("/messages/files/{}", ids[0])).await;
    assert_eq!(image.headers()["content-type"], "image/png");
    assert!(image.headers()["content-disposition"].to_str().unwrap().starts_with("inline"));
    assert_eq!(image.bytes().await.unwrap().as_ref(), PNG);
    for forged in &ids[2..] {
        let download = c.admin.get(&format!("/messages/files/{forged}")).await;
        assert_eq!(download.headers()["content-type"], "application/octet-stream");
        assert!(
            download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment")
        );
        assert!(
            download.headers()["content-security-policy"].to_str().unwrap().contains("sandbox")
        );
    }
    let sealed =
        c.app.count("SELECT COUNT(*) FROM message_attachments WHERE content_enc IS NOT NULL").await;
    assert_eq!(sealed, 3);
    // Not a member: not found; another organisation: not found.
    assert_eq!(
        c.nurse.get(&format!("/messages/files/{}", ids[0])).await.status(),
        StatusCode::NOT_FOUND
    );
    let outsider = c.app.second_organisation_admin().await;
    assert_eq!(
        outsider.get(&format!("/messages/files/{}", ids[0])).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn empty_oversize_and_over_quota_files_are_refused() {
    let c = chat().await;
    let id = channel(&c.admin, "Équipe", false).await;
    let empty = c
        .admin
        .post_file(&format!("/messages/{id}/attach"), &[], ("file", "vide.txt", Vec::new()))
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let huge = c
        .admin
        .post_file(
            &format!("/messages/{id}/attach"),
            &[],
            ("file", "gros.bin", vec![7u8; 9 * 1024 * 1024]),
        )
        .await;
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    c.app.execute("UPDATE organisations SET attachment_quota_bytes = 100").await;
    let over = c
        .admin
        .post_file(&format!("/messages/{id}/attach"), &[], ("file", "note.txt", vec![b'a'; 101]))
        .await;
    assert_eq!(over.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(over.text().await.unwrap().contains("stockage des fichiers"));
    let fits = c
        .admin
        .post_file(&format!("/messages/{id}/attach"), &[], ("file", "note.txt", vec![b'a'; 100]))
        .await;
    assert_eq!(fits.status(), StatusCode::SEE_OTHER);
    // Not a member of the channel yet: refused.
    let stranger = c
        .nurse
        .post_file(&format!("/messages/{id}/attach"), &[], ("file", "x.txt", b"x".to_vec()))
        .await;
    assert_eq!(stranger.status(), StatusCode::FORBIDDEN);
    // Deleting the message deletes its file.
    let html = page(&c.admin, &format!("/messages/{id}")).await;
    let file = file_ids(&html).pop().unwrap();
    let message = html.split("data-id=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    c.admin.post(&format!("/messages/m/{message}/delete"), &[]).await;
    assert_eq!(
        c.admin.get(&format!("/messages/files/{file}")).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_huge_image_is_a_download_names_lose_bidi_controls_and_files_are_not_cached() {
    let c = chat().await;
    let id = channel(&c.admin, "Équipe", true).await;
    let attach = |name: &'static str, bytes: Vec<u8>| {
        let path = format!("/messages/{id}/attach");
        let admin = &c.admin;
        async move { admin.post_file(&path, &[], ("file", name, bytes)).await }
    };
    let bomb = crate::helpers::png_header(100_000, 100_000);
    assert_eq!(attach("bombe.png", bomb).await.status(), StatusCode::SEE_OTHER);
    let disguised = "facture\u{202E}gpj.exe";
    let sent = attach(disguised, crate::helpers::png_with_metadata()).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);

    let html = page(&c.admin, &format!("/messages/{id}")).await;
    assert!(!html.contains('\u{202E}') && html.contains("facturegpj.exe"), "no reordering");
    let ids = file_ids(&html);
    let bomb = c.admin.get(&format!("/messages/files/{}", ids[0])).await;
    assert_eq!(bomb.headers()["content-type"], "application/octet-stream");
    assert!(bomb.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert_eq!(bomb.headers()["cache-control"], "no-store");
    let photo = c.admin.get(&format!("/messages/files/{}", ids[1])).await;
    assert_eq!(photo.headers()["content-type"], "image/png");
    let kept = photo.bytes().await.unwrap().to_vec();
    assert!(!kept.windows(3).any(|w| w == b"GPS"), "position removed");
    assert_eq!(crate::helpers::exif_orientation(&kept), Some(6));
}
