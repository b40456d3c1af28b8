//! WebDAV with application passwords: listing, download (ranges too), upload as a new version,
//! folders, move and trash through a file manager's requests; and what is refused.

use reqwest::{Method, StatusCode};

use super::{document_id, space_root, uploaded};
use crate::helpers::between;
use crate::homecare::service;

async fn new_token(browser: &crate::helpers::Browser, scopes: &[&str]) -> String {
    let mut fields = vec![("name", "Explorateur"), ("expires_in_days", "30")];
    fields.extend(scopes.iter().map(|s| ("scopes", *s)));
    let page = browser.post("/account/tokens", &fields).await.text().await.unwrap();
    between(&page, "id=\"new-token\" type=\"text\" readonly value=\"", "\"").expect("shown once")
}

struct Dav {
    client: reqwest::Client,
    base: String,
    user: String,
    password: String,
}

impl Dav {
    fn request(&self, method: &str, path: &str) -> reqwest::RequestBuilder {
        let url = format!("{}/dav/{}", self.base, path);
        self.client
            .request(Method::from_bytes(method.as_bytes()).unwrap(), url)
            .basic_auth(&self.user, Some(&self.password))
    }

    async fn list(&self, path: &str) -> (StatusCode, String) {
        let answer = self.request("PROPFIND", path).header("Depth", "1").send().await.unwrap();
        (answer.status(), answer.text().await.unwrap())
    }
}

/// Percent-encodes each name of a path (its slashes stay).
fn encoded(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        match byte {
            b'/' | b'-' | b'.' | b'_' | b'~' => out.push(byte as char),
            b if b.is_ascii_alphanumeric() => out.push(b as char),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[tokio::test]
async fn a_file_manager_lists_downloads_saves_and_moves_documents_with_an_application_password() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    let content: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    uploaded(nurse, &team, "Protocole.pdf", &content).await;
    let password = new_token(nurse, &["files"]).await;
    let dav = Dav {
        client: reqwest::Client::new(),
        base: service.app.address.clone(),
        user: "IDE@ssiad.fr".into(),
        password,
    };

    // The root lists the spaces by their names; a team space lists its documents.
    let (status, root) = dav.list("").await;
    assert_eq!(status, StatusCode::MULTI_STATUS, "{root}");
    assert!(root.contains("%C3%89quipe%20A") || root.contains("Équipe A"), "{root}");
    assert!(!root.contains("quipe%20B") && !root.contains("Équipe B"), "not my team: {root}");
    let (status, listing) = dav.list(&encoded("Équipe A/")).await;
    assert_eq!(status, StatusCode::MULTI_STATUS);
    assert!(listing.contains("Protocole.pdf") && listing.contains("300000"), "{listing}");

    // Download whole, and a range (what players and resuming clients ask for).
    let path = encoded("Équipe A/Protocole.pdf");
    let whole = dav.request("GET", &path).send().await.unwrap();
    assert_eq!(whole.status(), StatusCode::OK);
    assert_eq!(whole.bytes().await.unwrap().to_vec(), content);
    let part =
        dav.request("GET", &path).header("Range", "bytes=200000-200009").send().await.unwrap();
    assert_eq!(part.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(part.bytes().await.unwrap().to_vec(), content[200_000..200_010].to_vec());
    let beyond = dav.request("GET", &path).header("Range", "bytes=400000-").send().await.unwrap();
    assert_eq!(beyond.status(), StatusCode::RANGE_NOT_SATISFIABLE);

    // Saving over it makes version 2; a new name makes a new document.
    let saved = dav.request("PUT", &path).body(b"%PDF-1.7 v2".to_vec()).send().await.unwrap();
    assert!(saved.status().is_success(), "{}", saved.status());
    let id = document_id(&service.app, "Protocole.pdf").await;
    assert_eq!(
        service
            .app
            .count(&format!("SELECT COUNT(*) FROM document_versions WHERE document_id = '{id}'"))
            .await,
        2
    );
    let created = dav
        .request("PUT", &encoded("Équipe A/Compte rendu.txt"))
        .body("Réunion du jeudi")
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let page = nurse.get(&format!("/documents/folders/{team}")).await.text().await.unwrap();
    assert!(page.contains("Compte rendu.txt"), "seen in the pages too");

    // Folders, move, rename, delete (to the trash).
    let made = dav.request("MKCOL", &encoded("Équipe A/Archives")).send().await.unwrap();
    assert_eq!(made.status(), StatusCode::CREATED);
    let destination = format!("{}/dav/{}", dav.base, encoded("Équipe A/Archives/CR jeudi.txt"));
    let moved = dav
        .request("MOVE", &encoded("Équipe A/Compte rendu.txt"))
        .header("Destination", destination)
        .send()
        .await
        .unwrap();
    assert!(moved.status().is_success(), "{}", moved.status());
    let (_, archives) = dav.list(&encoded("Équipe A/Archives/")).await;
    assert!(archives.contains("CR%20jeudi.txt") || archives.contains("CR jeudi.txt"), "{archives}");
    let deleted =
        dav.request("DELETE", &encoded("Équipe A/Archives/CR jeudi.txt")).send().await.unwrap();
    assert!(deleted.status().is_success(), "{}", deleted.status());
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM documents WHERE deleted_at IS NOT NULL").await,
        1,
        "in the trash, not gone"
    );

    // An interrupted upload leaves nothing.
    let versions = service.app.count("SELECT COUNT(*) FROM document_versions").await;
    let mut raw = tokio::net::TcpStream::connect(service.app.address.trim_start_matches("http://"))
        .await
        .unwrap();
    use base64::Engine;
    let auth =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", dav.user, dav.password));
    let head = format!(
        "PUT /dav/{} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {auth}\r\nContent-Length: 100000\r\n\r\n",
        encoded("Équipe A/Coupé.txt")
    );
    tokio::io::AsyncWriteExt::write_all(&mut raw, head.as_bytes()).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut raw, &[b'x'; 5000]).await.unwrap();
    drop(raw);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(service.app.count("SELECT COUNT(*) FROM document_versions").await, versions);
    let (_, listing) = dav.list(&encoded("Équipe A/")).await;
    assert!(!listing.contains("Coup"), "{listing}");
}

#[tokio::test]
async fn webdav_refuses_wrong_passwords_other_scopes_other_people_and_infinite_listings() {
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    uploaded(nurse, &team, "Note.txt", b"interne").await;
    let files = new_token(nurse, &["files"]).await;
    let api_only = new_token(nurse, &["org:read", "messaging:write"]).await;
    let outsider_files = new_token(&service.outsider, &["files"]).await;
    let client = reqwest::Client::new();
    let url = |path: &str| format!("{}/dav/{}", service.app.address, path);
    let propfind = |user: &str, password: Option<&str>, depth: &str| {
        let request = client
            .request(Method::from_bytes(b"PROPFIND").unwrap(), url(&encoded("Équipe A/")))
            .header("Depth", depth);
        match password {
            Some(password) => request.basic_auth(user, Some(password)),
            None => request,
        }
    };
    let status = |r: reqwest::Response| r.status();

    let anonymous = propfind("", None, "1").send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert!(anonymous.headers()["www-authenticate"].to_str().unwrap().starts_with("Basic"));
    for (user, password) in [
        ("ide@ssiad.fr", "rlt_not-a-token"),
        ("ide@ssiad.fr", relais_password()),
        ("ide@ssiad.fr", api_only.as_str()),
        ("coord@ssiad.fr", files.as_str()),
    ] {
        let answer = propfind(user, Some(password), "1").send().await.unwrap();
        assert_eq!(status(answer), StatusCode::UNAUTHORIZED, "{user} {password}");
    }
    // The outsider's own password works, and their listing does not show the other team.
    let theirs = propfind("as.b@ssiad.fr", Some(&outsider_files), "1").send().await.unwrap();
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    let by_path = client
        .get(url(&encoded("Équipe A/Note.txt")))
        .basic_auth("as.b@ssiad.fr", Some(&outsider_files))
        .send()
        .await
        .unwrap();
    assert_eq!(by_path.status(), StatusCode::NOT_FOUND);

    // Depth: infinity is refused, even when a client claims to be the protocol's test suite.
    let infinite = propfind("ide@ssiad.fr", Some(&files), "infinity")
        .header("X-Litmus", "props: 1")
        .send()
        .await
        .unwrap();
    assert_eq!(infinite.status(), StatusCode::NOT_IMPLEMENTED);

    // Odd names: traversal and NUL name nothing; spaces cannot be made or removed.
    for path in ["..%2F..%2Fetc%2Fpasswd", "%C3%89quipe%20A/..%2F..%2FNote.txt", "%00"] {
        let answer =
            client.get(url(path)).basic_auth("ide@ssiad.fr", Some(&files)).send().await.unwrap();
        assert!(answer.status().is_client_error(), "{path}: {}", answer.status());
    }
    let space = client
        .request(Method::from_bytes(b"MKCOL").unwrap(), url("Nouvel%20espace"))
        .basic_auth("ide@ssiad.fr", Some(&files))
        .send()
        .await
        .unwrap();
    assert_eq!(space.status(), StatusCode::FORBIDDEN);
    let remove_space = client
        .delete(url(&encoded("Équipe A")))
        .basic_auth("ide@ssiad.fr", Some(&files))
        .send()
        .await
        .unwrap();
    assert!(remove_space.status().is_client_error(), "{}", remove_space.status());
    assert_eq!(
        service.app.count("SELECT COUNT(*) FROM doc_folders WHERE deleted_at IS NOT NULL").await,
        0
    );

    // Wrong passwords are throttled per address.
    let mut last = StatusCode::OK;
    for _ in 0..60 {
        last = status(propfind("ide@ssiad.fr", Some("rlt_wrong"), "1").send().await.unwrap());
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

fn relais_password() -> &'static str {
    crate::helpers::ADMIN_PASSWORD
}

/// A real WebDAV client (rclone, from Debian) against the server: `RELAIS_TEST_RCLONE` names
/// its binary (`.ci/run` installs it and sets it).
#[tokio::test]
async fn rclone_lists_downloads_and_uploads_over_webdav() {
    let Some(rclone) = std::env::var("RELAIS_TEST_RCLONE").ok().filter(|v| !v.is_empty()) else {
        eprintln!("RELAIS_TEST_RCLONE not set: the WebDAV client test did not run");
        return;
    };
    let service = service().await;
    let nurse = &service.nurse;
    let team = space_root(nurse, "Équipe A").await;
    let content: Vec<u8> = (0..1_500_000u32).map(|i| (i % 241) as u8).collect();
    uploaded(nurse, &team, "Planning soins.pdf", &content).await;
    let password = new_token(nurse, &["files"]).await;
    let work = tempfile::tempdir().unwrap();
    let run = |args: Vec<String>| {
        let rclone = rclone.clone();
        let password = password.clone();
        let address = service.app.address.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let obscured = std::process::Command::new(&rclone)
                    .args(["obscure", &password])
                    .output()
                    .unwrap();
                let obscured = String::from_utf8(obscured.stdout).unwrap().trim().to_string();
                let output = std::process::Command::new(&rclone)
                    .args(&args)
                    .args([
                        "--webdav-url",
                        &format!("{address}/dav/"),
                        "--webdav-user",
                        "ide@ssiad.fr",
                        "--webdav-pass",
                        &obscured,
                        "--webdav-vendor",
                        "other",
                        "--config",
                        "/dev/null",
                        "--retries",
                        "1",
                    ])
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
                assert!(output.status.success(), "rclone {args:?}: {stderr}");
                String::from_utf8(output.stdout).unwrap()
            })
            .await
            .unwrap()
        }
    };
    let spaces = run(vec!["lsf".into(), ":webdav:".into()]).await;
    assert!(spaces.contains("Équipe A/") && spaces.contains("Mes documents/"), "{spaces}");
    let files = run(vec!["lsl".into(), ":webdav:Équipe A".into()]).await;
    assert!(files.contains("1500000") && files.contains("Planning soins.pdf"), "{files}");
    let local = work.path().join("copie.pdf");
    let target = local.to_string_lossy().into_owned();
    run(vec!["copyto".into(), ":webdav:Équipe A/Planning soins.pdf".into(), target]).await;
    assert_eq!(std::fs::read(&local).unwrap(), content);
    let note = work.path().join("note.txt");
    std::fs::write(&note, "Transmission : Mme R. à revoir demain.").unwrap();
    let source = note.to_string_lossy().into_owned();
    run(vec!["copyto".into(), source, ":webdav:Équipe A/Transmission.txt".into()]).await;
    let page = nurse.get(&format!("/documents/folders/{team}")).await.text().await.unwrap();
    assert!(page.contains("Transmission.txt"), "{page}");
}
