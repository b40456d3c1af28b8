//! Single logout against the real OpenID provider: signing out here ends the provider's
//! session, signing out there ends the sessions it opened here; and a sign-in answered twice at
//! once opens one session.

use reqwest::StatusCode;

use crate::helpers::*;
use crate::single_sign_on::{
    configure, form_fields, provider_address, sso_sign_in, start_provider, through_provider,
};

#[tokio::test]
async fn signing_out_ends_the_session_at_the_provider_too() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let Some(provider) = start_provider(&app) else { return };
    let id = configure(&app, &admin, &provider.issuer, &[("jit_role", "staff")]).await;
    let browser = app.browser();
    assert_eq!(location(&sso_sign_in(&browser, &id, "erin").await), "/");
    let out = browser.post("/logout", &[]).await;
    let to = provider_address(out).await;
    assert!(to.starts_with(&format!("{}/session/end?", provider.issuer)), "{to}");
    assert!(to.contains("id_token_hint="), "{to}");
    assert!(
        to.contains(&format!(
            "post_logout_redirect_uri={}",
            urlencode(&format!("{}/login", app.address))
        )),
        "{to}"
    );
    assert_eq!(browser.get("/").await.status(), StatusCode::SEE_OTHER);
    // The provider accepts it: it shows its sign-out confirmation.
    let confirm = browser.client.get(&to).send().await.unwrap();
    assert_eq!(confirm.status(), StatusCode::OK);
}

#[tokio::test]
async fn signing_out_at_the_provider_ends_the_sessions_it_opened_here() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let Some(provider) = start_provider(&app) else { return };
    let id = configure(&app, &admin, &provider.issuer, &[("jit_role", "staff")]).await;
    let browser = app.browser();
    assert_eq!(location(&sso_sign_in(&browser, &id, "frank").await), "/");
    assert_eq!(browser.get("/").await.status(), StatusCode::OK);

    // Frank signs out at the provider (from another application, say): it tells Relais.
    let end = format!("{}/session/end", provider.issuer);
    let page = browser.client.get(&end).send().await.unwrap().text().await.unwrap();
    let action = between(&page, "action=\"", "\"").expect("the provider's sign-out form");
    let mut fields = form_fields(&page, "");
    fields.push(("logout".into(), "yes".into()));
    let confirmed = browser.client.post(&action).form(&fields).send().await.unwrap();
    assert!(confirmed.status().is_redirection() || confirmed.status().is_success());
    // The provider delivers it from its server, perhaps after answering the browser.
    let mut status = StatusCode::OK;
    for _ in 0..50 {
        status = browser.get("/").await.status();
        if status == StatusCode::SEE_OTHER {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let sids = app.count("SELECT COUNT(*) FROM sso_sessions WHERE sid IS NOT NULL").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the session ended here too ({sids} with sid)");
    let revoked = app.count("SELECT COUNT(*) FROM sessions WHERE revoked_at IS NOT NULL").await;
    assert!(revoked >= 1);

    // Tokens that are not a provider's signed logout token change nothing.
    let (other, _, _) = app.person(&admin, "gina@ssiad-test.fr", &["staff"]).await;
    let header = "eyJhbGciOiJub25lIn0";
    for token in ["garbage", &format!("{header}.eyJzdWIiOiJmcmFuayJ9."), &"x".repeat(20_000)] {
        let response = app
            .browser()
            .client
            .post(format!("{}/login/sso/backchannel-logout", app.address))
            .form(&[("logout_token", token)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    }
    assert_eq!(other.get("/").await.status(), StatusCode::OK);
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The same answer sent twice at once (a double click, a retried request): the pending sign-in
/// is taken by one `DELETE … RETURNING`, so one request opens a session and the other is refused
/// (on PostgreSQL, where two transactions really race).
#[tokio::test]
async fn one_answer_sent_twice_at_once_opens_one_session() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let Some(provider) = start_provider(&app) else { return };
    let id = configure(&app, &admin, &provider.issuer, &[("jit_role", "staff")]).await;
    for round in 0..5 {
        let account = format!("racer{round}");
        let browser = app.browser();
        let start = browser.get(&format!("/login/sso/{id}?login_hint={account}")).await;
        let callback = through_provider(&browser, start, &account).await;
        let (first, second) = tokio::join!(browser.get(&callback), browser.get(&callback));
        let opened = [&first, &second].iter().filter(|r| location(r) == "/").count();
        assert_eq!(opened, 1, "round {round}: {} and {}", first.status(), second.status());
    }
    let sessions =
        app.count("SELECT COUNT(*) FROM sessions s JOIN sso_sessions o ON o.session_public_id = s.public_id").await;
    assert_eq!(sessions, 5);
}
