//! The endpoints of `/api/v1`, each with what the OpenAPI document says about it. Features list
//! theirs in their own `api` module; this table gathers them, routes them and documents them.

use axum::Router;
use axum::http::{Method, StatusCode};
use axum::routing::{MethodRouter, get};
use schemars::{JsonSchema, SchemaGenerator};

use super::caller::Scope;
use crate::org::Permission;
use crate::state::AppState;

type Schema = fn(&mut SchemaGenerator) -> schemars::Schema;

/// One endpoint: how to route it and how to document it.
pub struct Endpoint {
    pub method: Method,
    pub path: &'static str,
    pub summary: &'static str,
    pub scope: Scope,
    pub permission: Option<Permission>,
    pub request: Option<Schema>,
    /// `application/json`, or `application/octet-stream` for a file.
    pub request_type: &'static str,
    pub response: Option<Schema>,
    /// `application/json`, or the type of a file answered as it is.
    pub response_type: &'static str,
    pub success: StatusCode,
    pub parameters: Vec<Parameter>,
    pub handler: MethodRouter<AppState>,
}

/// The schema of `T`, for `Endpoint::takes` and `Endpoint::gives`.
pub fn schema<T: JsonSchema>(generator: &mut SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<T>()
}

impl Endpoint {
    /// An endpoint answering 200 with no body described yet; the builder methods fill it in.
    pub fn new(
        method: Method,
        path: &'static str,
        scope: Scope,
        summary: &'static str,
        handler: MethodRouter<AppState>,
    ) -> Self {
        Self {
            method,
            path,
            summary,
            scope,
            permission: None,
            request: None,
            request_type: "application/json",
            response: None,
            response_type: "application/json",
            success: StatusCode::OK,
            parameters: Vec::new(),
            handler,
        }
    }

    pub fn get(
        path: &'static str,
        scope: Scope,
        summary: &'static str,
        handler: MethodRouter<AppState>,
    ) -> Self {
        Self::new(Method::GET, path, scope, summary, handler)
    }

    pub fn post(
        path: &'static str,
        scope: Scope,
        summary: &'static str,
        handler: MethodRouter<AppState>,
    ) -> Self {
        Self::new(Method::POST, path, scope, summary, handler)
    }

    /// The JSON body it takes.
    pub fn takes<T: JsonSchema>(mut self) -> Self {
        self.request = Some(schema::<T>);
        self
    }

    /// A file as the body (`application/octet-stream`), its name and caption in the query. A
    /// raw body rather than a multipart form: it needs no CSRF field (a browser cannot send it
    /// cross-site without asking first) and streams as it is.
    pub fn uploads_file(mut self) -> Self {
        self.request = Some(|_| schemars::json_schema!({ "type": "string", "format": "binary" }));
        self.request_type = "application/octet-stream";
        self
    }

    /// The JSON it answers with.
    pub fn gives<T: JsonSchema>(mut self) -> Self {
        self.response = Some(schema::<T>);
        self
    }

    /// A file answered as it is (its own content type).
    pub fn gives_file(mut self) -> Self {
        self.response_type = "application/octet-stream";
        self.response = Some(|_| schemars::json_schema!({ "type": "string", "format": "binary" }));
        self
    }

    pub fn status(mut self, success: StatusCode) -> Self {
        self.success = success;
        self
    }

    pub fn needs(mut self, permission: Permission) -> Self {
        self.permission = Some(permission);
        self
    }

    pub fn with(mut self, parameters: impl IntoIterator<Item = Parameter>) -> Self {
        self.parameters.extend(parameters);
        self
    }

    /// `cursor` and `limit` of a list answered as a page.
    pub fn paged(self) -> Self {
        self.with([
            Parameter::query("cursor", "Where to resume: the next_cursor of the previous page"),
            Parameter::query("limit", "Items per page, 1 to 500 (default 50)"),
        ])
    }
}

/// A parameter in the path, the query string or a header; `required` is what the handler enforces.
pub struct Parameter {
    pub name: &'static str,
    pub place: &'static str,
    pub required: bool,
    pub description: &'static str,
}

impl Parameter {
    pub const fn path(name: &'static str, description: &'static str) -> Self {
        Self { name, place: "path", required: true, description }
    }

    pub const fn query(name: &'static str, description: &'static str) -> Self {
        Self { name, place: "query", required: false, description }
    }

    pub const fn required_query(name: &'static str, description: &'static str) -> Self {
        Self { name, place: "query", required: true, description }
    }

    pub const fn header(name: &'static str, description: &'static str) -> Self {
        Self { name, place: "header", required: false, description }
    }

    pub const fn required_header(name: &'static str, description: &'static str) -> Self {
        Self { name, place: "header", required: true, description }
    }

    /// `If-Match` of an update.
    pub const fn if_match() -> Self {
        Self::header("If-Match", "The ETag read before: refused with 412 if it changed since")
    }

    /// `Idempotency-Key` of a request a phone may replay.
    pub const fn idempotency_key() -> Self {
        Self::required_header(
            "Idempotency-Key",
            "8 to 100 letters, digits, - or _ chosen by the client; the same key and body \
             apply once, another body with the same key is refused with 409",
        )
    }
}

/// Every endpoint of the API. Adding one here routes it and documents it.
pub fn endpoints() -> Vec<Endpoint> {
    let mut all = super::platform::endpoints();
    all.extend(super::webhooks::api::endpoints());
    all.extend(super::bots::endpoints());
    all.extend(crate::messaging::api::endpoints());
    all.extend(crate::homecare::api::endpoints());
    all.extend(crate::teleconsultation::api::endpoints());
    all.extend(crate::tasks::api::endpoints());
    all
}

/// The router of every endpoint (methods of one path merged).
pub fn router() -> Router<AppState> {
    let mut by_path: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for endpoint in endpoints() {
        match by_path.iter_mut().find(|(path, _)| *path == endpoint.path) {
            Some((_, existing)) => *existing = std::mem::take(existing).merge(endpoint.handler),
            None => by_path.push((endpoint.path, endpoint.handler)),
        }
    }
    by_path
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| router.route(path, handler))
        .route("/api/v1/openapi.json", get(|| async { axum::Json(super::openapi::document()) }))
        .route("/hooks/{secret}", axum::routing::post(super::incoming::incoming))
}
