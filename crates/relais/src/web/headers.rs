//! Security headers on every response.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; frame-src 'self'; \
    form-action 'self'; base-uri 'none'; frame-ancestors 'self'";

const PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), \
    interest-cohort=()";

/// The caregiver's round may ask for the position at check-in and check-out (its script does so
/// only when the organisation records it).
const ROUND_PERMISSIONS_POLICY: &str = "camera=(), microphone=(), geolocation=(self), payment=(), \
    usb=(), interest-cohort=()";

/// A call page uses the camera and microphone (and may share the screen); a teleconsultation
/// guest's pages all do (the device check comes before the call).
const CALL_PERMISSIONS_POLICY: &str = "camera=(self), microphone=(self), display-capture=(self), \
    geolocation=(), payment=(), usb=(), interest-cohort=()";

fn permissions_for(path: &str) -> &'static str {
    if path.starts_with("/round") {
        ROUND_PERMISSIONS_POLICY
    } else if (path.starts_with("/messages/") || path.starts_with("/teleconsultations/"))
        && path.ends_with("/call")
        || path.starts_with("/visio/")
    {
        CALL_PERMISSIONS_POLICY
    } else {
        PERMISSIONS_POLICY
    }
}

pub async fn add_security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let permissions = permissions_for(request.uri().path());
    let mut response = next.run(request).await;
    let mut wanted = vec![
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "SAMEORIGIN"),
        (HeaderName::from_static("permissions-policy"), permissions),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
        (header::CACHE_CONTROL, "no-store"),
    ];
    if state.settings.behind_tls() {
        wanted.push((header::STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains"));
    }
    let headers = response.headers_mut();
    for (name, value) in wanted {
        headers.entry(name).or_insert(HeaderValue::from_static(value));
    }
    response
}
