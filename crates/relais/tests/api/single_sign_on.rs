//! Single sign-on against a real OpenID provider (the certified `oidc-provider` package, run by
//! `e2e/oidc-provider.mjs`): linking by subject, the provider's level as the second factor,
//! accounts created at first sign-in, forged and replayed answers, logout, a provider down.
//! The provider runs when RELAIS_TEST_OIDC_PROVIDER names the script (`.ci/run` does).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use reqwest::StatusCode;

use crate::helpers::*;

/// The provider's process, stopped when the test ends.
pub(crate) struct OpenIdProvider {
    child: Child,
    pub(crate) issuer: String,
    /// Kept open: the provider writes notices to it.
    _output: BufReader<std::process::ChildStdout>,
}

impl Drop for OpenIdProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub(crate) fn start_provider(app: &TestApp) -> Option<OpenIdProvider> {
    let Ok(script) = std::env::var("RELAIS_TEST_OIDC_PROVIDER") else {
        eprintln!("RELAIS_TEST_OIDC_PROVIDER is not set: the OpenID provider tests are skipped");
        return None;
    };
    let port = free_port().to_string();
    let mut child = Command::new("node")
        .arg(&script)
        .args(["--port", &port])
        .args(["--redirect", &format!("{}/login/sso/callback", app.address)])
        .args(["--post-logout", &format!("{}/login", app.address)])
        .args(["--backchannel", &format!("{}/login/sso/backchannel-logout", app.address)])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("node runs the provider script");
    let mut output = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    output.read_line(&mut line).unwrap();
    let issuer =
        line.trim().strip_prefix("ready ").expect("the provider says it is ready").to_string();
    Some(OpenIdProvider { child, issuer, _output: output })
}

/// Sets up the provider in Relais as the administrator; returns its id.
pub(crate) async fn configure(
    app: &TestApp,
    admin: &Browser,
    issuer: &str,
    extra: &[(&str, &str)],
) -> String {
    let mut fields = vec![
        ("name", "Annuaire du GHT"),
        ("kind", "generic"),
        ("issuer", issuer),
        ("client_id", "relais"),
        ("client_secret", "relais-secret"),
        ("scopes", "email profile"),
        ("mfa_acr", "eidas1"),
        ("acr_values", "eidas1"),
        ("enabled", "on"),
        ("password", ADMIN_PASSWORD),
    ];
    fields.extend_from_slice(extra);
    let response = admin.post("/admin/sso", &fields).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());
    use sqlx::Row;
    sqlx::query("SELECT id FROM sso_providers WHERE name = 'Annuaire du GHT'")
        .fetch_one(app.state().db.reader())
        .await
        .unwrap()
        .get(0)
}

/// Follows the browser through the provider, signing in as `account` on its form, until the
/// provider sends it back to Relais; returns that callback path.
pub(crate) async fn through_provider(
    browser: &Browser,
    to_provider: reqwest::Response,
    account: &str,
) -> String {
    let mut url = reqwest::Url::parse(&provider_address(to_provider).await).unwrap();
    for _ in 0..10 {
        let response = browser.client.get(url.clone()).send().await.unwrap();
        let next = if response.status() == StatusCode::OK {
            let html = response.text().await.unwrap();
            let action = between(&html, "action=\"", "\"").expect("a form of the provider");
            let form = form_fields(&html, account);
            let posted =
                browser.client.post(url.join(&action).unwrap()).form(&form).send().await.unwrap();
            url.join(&location(&posted)).unwrap()
        } else {
            assert!(response.status().is_redirection(), "{}", response.status());
            url.join(&location(&response)).unwrap()
        };
        if next.as_str().starts_with(&browser.address) {
            return next.as_str()[browser.address.len()..].to_string();
        }
        url = next;
    }
    panic!("the provider never sent the browser back");
}

/// Where Relais sends the browser: a redirect (from a link), or a page that goes on by itself
/// (after a form, whose policy forbids redirecting to another site).
pub(crate) async fn provider_address(response: reqwest::Response) -> String {
    if response.status() == StatusCode::SEE_OTHER {
        return location(&response);
    }
    assert_eq!(response.status(), StatusCode::OK);
    let html = response.text().await.unwrap();
    let url =
        between(&html, "content=\"0;url=", "\"").expect("a page that goes on to the provider");
    url.replace("&#38;", "&").replace("&amp;", "&")
}

/// What a provider's form sends: its hidden fields (an automatic sign-out of the previous
/// account, say), and `account` in its sign-in field.
pub(crate) fn form_fields(html: &str, account: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for input in html.split("<input").skip(1) {
        let tag = input.split('>').next().unwrap_or_default();
        let Some(name) = between(tag, "name=\"", "\"") else { continue };
        let value = if name == "login" {
            account.to_string()
        } else {
            between(tag, "value=\"", "\"").unwrap_or_default()
        };
        fields.push((name, value));
    }
    fields
}

/// Signs in through the provider as `account`; the answer of Relais' callback.
pub(crate) async fn sso_sign_in(
    browser: &Browser,
    provider_id: &str,
    account: &str,
) -> reqwest::Response {
    let start = browser.get(&format!("/login/sso/{provider_id}?login_hint={account}")).await;
    let callback = through_provider(browser, start, account).await;
    browser.get(&callback).await
}

async fn link(browser: &Browser, provider_id: &str, account: &str) -> reqwest::Response {
    let start = browser.post(&format!("/account/sso/{provider_id}/link"), &[]).await;
    let callback = through_provider(browser, start, account).await;
    browser.get(&callback).await
}

#[tokio::test]
async fn a_linked_identity_signs_in_and_the_providers_level_stands_for_the_second_factor() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let Some(provider) = start_provider(&app) else { return };
    let id = configure(&app, &admin, &provider.issuer, &[]).await;

    // The sign-in page offers the provider.
    let page = app.browser().get("/login").await.text().await.unwrap();
    assert!(page.contains("Continuer avec Annuaire du GHT"), "{page}");

    // Nobody is linked to "alice" yet, and the provider does not create accounts.
    let stranger = app.browser();
    let refused = sso_sign_in(&stranger, &id, "alice").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.unwrap().contains("n’est relié à aucun compte Relais"));
    assert_eq!(stranger.get("/").await.status(), StatusCode::SEE_OTHER);

    // A nurse links her account from her sign-in methods, by the provider's subject.
    let (nurse, nurse_id, _) = app.person(&admin, "nadia@ssiad-test.fr", &["nurse"]).await;
    let linked = link(&nurse, &id, "alice").await;
    assert_eq!(location(&linked), "/account/sign-in-methods?done=linked");
    let methods = nurse.get("/account/sign-in-methods").await.text().await.unwrap();
    assert!(methods.contains("Délier Annuaire du GHT"), "{methods}");
    // What the organisation records about her says so too.
    let about_me = nurse.get("/round/me").await.text().await.unwrap();
    assert!(about_me.contains("Compte d’établissement relié"), "{about_me}");
    let subject_owner = app
        .count(&format!(
            "SELECT COUNT(*) FROM sso_identities WHERE subject = 'alice' AND user_id = '{nurse_id}'"
        ))
        .await;
    assert_eq!(subject_owner, 1);

    // Alice signs in at the provider with two factors (acr eidas1): no Relais code is asked.
    let browser = app.browser();
    let signed_in = sso_sign_in(&browser, &id, "alice").await;
    assert_eq!(location(&signed_in), "/");
    let home = browser.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sso_sign_in' AND outcome = 'success_mfa'").await, 1);

    // Someone else cannot link the same identity to their account.
    let (other, _, _) = app.person(&admin, "paul@ssiad-test.fr", &["aide"]).await;
    let refused = link(&other, &id, "alice").await;
    assert_eq!(location(&refused), "/account/sign-in-methods?refused=linked_elsewhere");

    // A provider sign-in with a password only (acr eidas0) still needs Relais' second factor.
    let weak = link(&other, &id, "weak-paul").await;
    assert_eq!(location(&weak), "/account/sign-in-methods?done=linked");
    let browser = app.browser();
    let half = sso_sign_in(&browser, &id, "weak-paul").await;
    assert_eq!(location(&half), "/login/totp");
    assert_eq!(browser.get("/").await.status(), StatusCode::SEE_OTHER);

    // The last way in cannot be unlinked by someone without a password; with one, it can.
    let unlinked = nurse.post(&format!("/account/sso/{id}/unlink"), &[]).await;
    assert_eq!(location(&unlinked), "/account/sign-in-methods?done=unlinked");
    let again = sso_sign_in(&app.browser(), &id, "alice").await;
    assert_eq!(again.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn forged_tokens_replayed_answers_and_foreign_browsers_are_refused() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let Some(provider) = start_provider(&app) else { return };
    let id = configure(&app, &admin, &provider.issuer, &[("jit_role", "aide")]).await;

    // Tokens altered after the provider signed them: a flipped signature, another audience or
    // issuer, another nonce, an expired token, `alg: none`. No session, no account.
    for how in ["signature", "audience", "issuer", "nonce", "expired", "none"] {
        let browser = app.browser();
        let response = sso_sign_in(&browser, &id, &format!("tamper-{how}-eve")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{how}");
        assert!(response.text().await.unwrap().contains("n’est pas valable"), "{how}");
        assert_eq!(browser.get("/").await.status(), StatusCode::SEE_OTHER, "{how}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users WHERE email = 'eve@example.org'").await, 0);
    let refusals = app
        .count("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.sso_sign_in' AND outcome = 'invalid_token'")
        .await;
    assert_eq!(refusals, 6);

    // The callback is used once: replayed, it is refused (and the first session stands alone).
    let browser = app.browser();
    let start = browser.get(&format!("/login/sso/{id}?login_hint=carol")).await;
    let callback = through_provider(&browser, start, "carol").await;
    let first = browser.get(&callback).await;
    assert_eq!(location(&first), "/");
    let replayed = browser.get(&callback).await;
    assert_eq!(location(&replayed), "/account/sign-in-methods?refused=expired");
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions s JOIN sso_sessions o ON o.session_public_id = s.public_id").await, 1);

    // An answer carried to another browser (a login CSRF) is refused: the state is bound to the
    // browser that started.
    let victim = app.browser();
    let start = app.browser().get(&format!("/login/sso/{id}?login_hint=carol")).await;
    let stolen = through_provider(&victim, start, "carol").await;
    let response = victim.get(&stolen).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(victim.get("/").await.status(), StatusCode::SEE_OTHER);

    // A missing or made-up state, an error from the provider, a code without a sign-in.
    for path in [
        "/login/sso/callback",
        "/login/sso/callback?code=abc&state=made-up",
        "/login/sso/callback?error=access_denied&state=x",
        &format!("/login/sso/callback?code={}&state={}", "c".repeat(5000), "s".repeat(300)),
    ] {
        assert_eq!(app.browser().get(path).await.status(), StatusCode::BAD_REQUEST, "{path}");
    }
}

#[tokio::test]
async fn accounts_are_created_at_first_sign_in_only_for_a_verified_unused_address() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let Some(provider) = start_provider(&app) else { return };
    let id = configure(&app, &admin, &provider.issuer, &[("jit_role", "aide")]).await;

    let browser = app.browser();
    let response = sso_sign_in(&browser, &id, "carol").await;
    assert_eq!(location(&response), "/");
    let roles = app
        .count("SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id WHERE u.email = 'carol@example.org' AND r.role = 'aide' AND u.password_hash IS NULL")
        .await;
    assert_eq!(roles, 1);
    assert_eq!(browser.get("/").await.status(), StatusCode::OK);
    // Carol has no password: her only way in cannot be unlinked.
    let refused = browser.post(&format!("/account/sso/{id}/unlink"), &[]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);

    // Someone already has Dave's address: the provider's account is not attached to it.
    app.person(&admin, "dave@example.org", &["staff"]).await;
    let taken = sso_sign_in(&app.browser(), &id, "dave").await;
    assert_eq!(taken.status(), StatusCode::FORBIDDEN);
    assert!(taken.text().await.unwrap().contains("existe déjà avec cette adresse"));
    assert_eq!(app.count("SELECT COUNT(*) FROM sso_identities WHERE subject = 'dave'").await, 0);
}

#[tokio::test]
async fn a_provider_that_does_not_answer_leaves_the_password_sign_in() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let nowhere = format!("http://127.0.0.1:{}", free_port());
    let id = configure(&app, &admin, &nowhere, &[]).await;
    let response = app.browser().get(&format!("/login/sso/{id}")).await;
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(response.text().await.unwrap().contains("ne répond pas"));
    let browser = app.browser();
    let signed_in = browser.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(location(&signed_in), "/login/totp");
}

#[tokio::test]
async fn setting_up_a_provider_is_checked_and_reserved_to_administrators() {
    let app = spawn_app().await;
    let (admin, _) = app.admin().await;
    let good = [
        ("name", "Annuaire"),
        ("kind", "generic"),
        ("issuer", "https://sso.example.org/realms/ght"),
        ("client_id", "relais"),
        ("client_secret", "s3cret"),
        ("enabled", "on"),
        ("password", ADMIN_PASSWORD),
    ];
    let with = |field: &'static str, value: &'static str| {
        let mut fields = good.to_vec();
        fields.retain(|(name, _)| *name != field);
        fields.push((field, value));
        fields
    };
    for (field, value, message) in [
        ("issuer", "ftp://sso.example.org", "https://"),
        ("issuer", "http://sso.example.org", "https://"),
        ("issuer", "https://sso.example.org/?next=evil", "https://"),
        ("name", "", "Donnez un nom"),
        ("kind", "saml", "type de la liste"),
        ("client_secret", "", "Donnez le secret"),
        ("scopes", "email <script>", "Des mots"),
        ("jit_role", "admin", "rôle de la liste"),
        ("password", "not my password", "incorrect"),
    ] {
        let response = admin.post("/admin/sso", &with(field, value)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}={value}");
        let page = response.text().await.unwrap();
        assert!(page.contains(message), "{field}={value}: {page}");
        assert!(!page.contains("s3cret"), "the secret is never shown again");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM sso_providers").await, 0);

    // Pro Santé Connect: its production issuer, scopes and level when left empty.
    let psc = [
        ("name", "Pro Santé Connect"),
        ("kind", "pro_sante_connect"),
        ("client_id", "ssiad-relais"),
        ("client_secret", "psc-secret"),
        ("enabled", "on"),
        ("password", ADMIN_PASSWORD),
    ];
    assert_eq!(admin.post("/admin/sso", &psc).await.status(), StatusCode::SEE_OTHER);
    use sqlx::Row;
    let row = sqlx::query(
        "SELECT issuer, scopes, acr_values, mfa_acr, client_secret_enc FROM sso_providers",
    )
    .fetch_one(app.state().db.reader())
    .await
    .unwrap();
    assert_eq!(
        row.get::<String, _>(0),
        "https://auth.esw.esante.gouv.fr/auth/realms/esante-wallet"
    );
    assert_eq!(row.get::<String, _>(1), "scope_all");
    assert_eq!(row.get::<String, _>(2), "eidas1");
    assert_eq!(row.get::<String, _>(3), "eidas1");
    let sealed: Vec<u8> = row.get(4);
    assert!(!sealed.windows(10).any(|w| w == b"psc-secret"), "the secret is sealed");
    let audit = app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'sso.provider_add'").await;
    assert_eq!(audit, 1);

    // A nurse may not see nor change it.
    let (nurse, _, _) = app.person(&admin, "nadia@ssiad-test.fr", &["nurse"]).await;
    assert_eq!(nurse.get("/admin/sso").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(nurse.post("/admin/sso", &good).await.status(), StatusCode::FORBIDDEN);
}
