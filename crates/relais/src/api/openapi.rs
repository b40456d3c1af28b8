//! The OpenAPI 3.1 document of `/api/v1`, built from the endpoint table.

use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::endpoints::endpoints;

pub fn document() -> Value {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    let mut paths: Map<String, Value> = Map::new();
    for endpoint in endpoints() {
        let mut success = json!({
            "description": endpoint.success.canonical_reason().unwrap_or("Success"),
        });
        if let Some(response) = endpoint.response {
            success["content"] =
                json!({ endpoint.response_type: { "schema": concrete(response(&mut generator)) } });
        }
        let mut operation = json!({
            "summary": endpoint.summary,
            "operationId": operation_id(endpoint.method.as_str(), endpoint.path),
            "tags": [endpoint.scope.module()],
            "security": [{ "session": [] }, { "token": [endpoint.scope.as_str()] }],
            "responses": {
                endpoint.success.as_u16().to_string(): success,
                "default": {
                    "description": "An error, with a stable code",
                    "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
                }
            }
        });
        if let Some(permission) = endpoint.permission {
            operation["description"] = json!(format!("Requires the permission {permission:?}."));
        }
        if let Some(request) = endpoint.request {
            operation["requestBody"] = json!({
                "required": true,
                "content": { endpoint.request_type: { "schema": concrete(request(&mut generator)) } }
            });
        }
        if !endpoint.parameters.is_empty() {
            operation["parameters"] = endpoint
                .parameters
                .iter()
                .map(|parameter| {
                    json!({
                        "name": parameter.name,
                        "in": parameter.place,
                        "required": parameter.required,
                        "description": parameter.description,
                        "schema": { "type": "string" }
                    })
                })
                .collect();
        }
        let item = paths.entry(endpoint.path.to_string()).or_insert_with(|| json!({}));
        item[endpoint.method.as_str().to_lowercase()] = operation;
    }
    let mut schemas = generator.take_definitions(true);
    schemas.insert(
        "Problem".into(),
        json!({
            "type": "object",
            "required": ["type", "title", "status", "code"],
            "properties": {
                "type": { "type": "string" },
                "title": { "type": "string" },
                "status": { "type": "integer" },
                "code": { "type": "string", "description": "Stable, snake_case; also the message key" },
                "field": { "type": "string", "description": "The field at fault, for validation errors" }
            }
        }),
    );
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Relais API",
            "version": "1",
            "description": "Authenticate with the session cookie of a signed-in page, or with a personal API token: `Authorization: Bearer rlt_…` (create one under My account → API tokens)."
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "relais_session" },
                "token": { "type": "http", "scheme": "bearer", "bearerFormat": "rlt_…" }
            }
        }
    })
}

/// A body of any JSON (FHIR bundles) is `true` in JSON Schema; generators want an object there.
fn concrete(schema: schemars::Schema) -> Value {
    match serde_json::to_value(schema) {
        Ok(Value::Bool(true)) | Err(_) => json!({ "type": "object" }),
        Ok(value) => value,
    }
}

fn operation_id(method: &str, path: &str) -> String {
    let words: Vec<String> = path
        .trim_start_matches("/api/v1/")
        .split('/')
        .map(|part| part.trim_matches(|c| c == '{' || c == '}').replace(['-', '.'], "_"))
        .collect();
    format!("{}_{}", method.to_lowercase(), words.join("_"))
}
