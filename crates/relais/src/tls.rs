//! Optional TLS directly in `relais serve` (rustls with the `ring` provider), for small sites
//! without a reverse proxy.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// The rustls configuration for a certificate chain and key in PEM files.
pub fn server_config(
    cert_file: &Path,
    key_file: &Path,
) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let certificates: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert_file)
        .map_err(|e| {
            anyhow::anyhow!("cannot read the TLS certificate {}: {e}", cert_file.display())
        })?
        .collect::<Result<_, _>>()
        .map_err(|e| {
            anyhow::anyhow!("the TLS certificate {} is not valid PEM: {e}", cert_file.display())
        })?;
    anyhow::ensure!(!certificates.is_empty(), "no certificate found in {}", cert_file.display());
    let key = PrivateKeyDer::from_pem_file(key_file).map_err(|e| {
        anyhow::anyhow!("cannot read the TLS private key {}: {e}", key_file.display())
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certificates, key)
        .map_err(|e| anyhow::anyhow!("the TLS certificate and key do not fit together: {e}"))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
