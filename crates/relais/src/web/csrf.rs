//! Cross-site request forgery defences, two layers deep:
//! 1. every state-changing request must come from our own origin (`Sec-Fetch-Site`, `Origin`);
//! 2. every form carries a token equal to the `relais_csrf` cookie (checked by `CsrfForm`).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;

use super::cookies;
use crate::error::AppError;
use crate::state::AppState;

/// The CSRF token of this request, for forms to embed.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Refuses state-changing requests sent by another site.
pub async fn check_origin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !same_origin(request.headers(), state.settings.public_url.as_deref()) {
        tracing::info!(path = %request.uri().path(), "cross-site request refused");
        return AppError::CsrfRejected.into_response();
    }
    next.run(request).await
}

/// Modern browsers say where a request comes from in `Sec-Fetch-Site`, which pages cannot forge;
/// it is trusted when present (with `Referrer-Policy: no-referrer`, Chromium sends `Origin: null`
/// on same-origin form posts). Otherwise `Origin`, when sent, must be this server.
fn same_origin(headers: &HeaderMap, public_url: Option<&str>) -> bool {
    let text = |name| headers.get(name).and_then(|v: &header::HeaderValue| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text(header::ORIGIN.as_str()) else {
        // Browsers send Origin with every POST; clients without it are not browsers.
        return true;
    };
    let host = text(header::HOST.as_str()).unwrap_or_default();
    let matches_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|rest| !host.is_empty() && rest == host);
    let matches_public = public_url.is_some_and(|url| url.trim_end_matches('/') == origin);
    matches_host || matches_public
}

/// Makes sure the browser has a CSRF cookie and hands its value to the page being rendered.
pub async fn provide_token(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    let name = cookies::name(&state.settings, cookies::CSRF);
    let existing = jar.get(&name).map(|c| c.value().to_string()).filter(|v| v.len() >= 32);
    let token = existing.clone().unwrap_or_else(|| crate::secrets::random_token(32));
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let response = next.run(request).await;
    if existing.is_some() {
        return response;
    }
    let cookie = cookies::build(&state.settings, cookies::CSRF, token, None);
    (jar.add(cookie), response).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, header::HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_requests_pass_and_cross_site_ones_do_not() {
        let ok = headers(&[("host", "relais.local:8080"), ("origin", "http://relais.local:8080")]);
        assert!(same_origin(&ok, None));
        let evil = headers(&[("host", "relais.local:8080"), ("origin", "https://evil.example")]);
        assert!(!same_origin(&evil, None));
        let fetch = headers(&[("host", "relais.local"), ("sec-fetch-site", "cross-site")]);
        assert!(!same_origin(&fetch, None));
        let proxied =
            headers(&[("host", "127.0.0.1:8080"), ("origin", "https://relais.example.org")]);
        assert!(same_origin(&proxied, Some("https://relais.example.org/")));
        assert!(same_origin(&headers(&[("host", "x")]), None));
        let null_origin_same_site =
            headers(&[("host", "x"), ("origin", "null"), ("sec-fetch-site", "same-origin")]);
        assert!(same_origin(&null_origin_same_site, None));
        assert!(!same_origin(&headers(&[("host", "x"), ("origin", "null")]), None));
        let forged =
            headers(&[("host", "x"), ("origin", "http://x"), ("sec-fetch-site", "same-site")]);
        assert!(!same_origin(&forged, None));
    }
}
