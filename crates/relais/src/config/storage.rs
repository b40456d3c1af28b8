//! Where documents' files are kept: the data directory, or S3-compatible object storage for
//! deployments with several instances.

use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::secrets::Redacted;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// `data_dir/files/blobs`.
    #[default]
    Local,
    /// A bucket of an S3-compatible service (AWS, Scaleway, OVHcloud, MinIO, Garage…).
    S3,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StorageSettings {
    pub kind: StorageKind,
    pub s3: S3Settings,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct S3Settings {
    /// The bucket, which must exist.
    pub bucket: String,
    /// The service's address, e.g. `https://s3.fr-par.scw.cloud`; empty: AWS.
    pub endpoint: String,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: Option<Redacted>,
    /// Keys start with this (several installations in one bucket); empty: none.
    pub prefix: String,
    /// Allows an `http://` endpoint (a service on loopback); otherwise only HTTPS.
    pub allow_http: bool,
}

impl Default for S3Settings {
    fn default() -> Self {
        Self {
            bucket: String::new(),
            endpoint: String::new(),
            region: "us-east-1".into(),
            access_key_id: String::new(),
            secret_access_key: None,
            prefix: String::new(),
            allow_http: false,
        }
    }
}

impl StorageSettings {
    pub(super) fn validate(&self) -> Result<(), ConfigError> {
        if self.kind == StorageKind::Local {
            return Ok(());
        }
        let s3 = &self.s3;
        let invalid = |message: &str| Err(ConfigError::Invalid(message.into()));
        if s3.bucket.is_empty() {
            return invalid("storage.s3.bucket is required when storage.kind = \"s3\"");
        }
        if s3.access_key_id.is_empty()
            || s3.secret_access_key.as_ref().is_none_or(|s| s.0.is_empty())
        {
            return invalid(
                "storage.s3.access_key_id and storage.s3.secret_access_key are required",
            );
        }
        if s3.endpoint.starts_with("http://") && !s3.allow_http {
            return invalid(
                "storage.s3.endpoint is http://: set storage.s3.allow_http = true to accept it",
            );
        }
        let scheme_known = ["http://", "https://"].iter().any(|s| s3.endpoint.starts_with(s));
        if !s3.endpoint.is_empty() && !scheme_known {
            return invalid("storage.s3.endpoint must start with https:// (or http://)");
        }
        if s3.prefix.split('/').any(|part| part == "..") {
            return invalid("storage.s3.prefix may not contain ..");
        }
        Ok(())
    }
}
