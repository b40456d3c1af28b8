//! Optional virus scan by a ClamAV daemon (`[antivirus] clamd`), with its INSTREAM command: the
//! file goes in length-prefixed chunks, the daemon answers `stream: OK` or `stream: <name> FOUND`.

use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::config::AntivirusSettings;

/// What the daemon said of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Clean,
    /// The signature's name, e.g. `Eicar-Test-Signature`.
    Infected(String),
}

const CHUNK: usize = 64 * 1024;
/// Answers are one short line; anything longer is not clamd.
const MAX_ANSWER: u64 = 4096;

/// Scans `bytes`; `Ok(None)` when no scanner is configured. An unreachable or confused scanner
/// is an error (the caller refuses the file rather than store it unscanned).
pub async fn scan(settings: &AntivirusSettings, bytes: &[u8]) -> anyhow::Result<Option<Verdict>> {
    let address = settings.clamd.trim();
    if address.is_empty() {
        return Ok(None);
    }
    let timeout = Duration::from_secs(settings.timeout_seconds);
    let verdict = tokio::time::timeout(timeout, async {
        if let Some(path) = address.strip_prefix("unix:") {
            instream(tokio::net::UnixStream::connect(path).await?, bytes).await
        } else {
            let host = address.strip_prefix("tcp://").unwrap_or(address);
            instream(tokio::net::TcpStream::connect(host).await?, bytes).await
        }
    })
    .await
    .map_err(|_| anyhow::anyhow!("clamd did not answer within {timeout:?}"))??;
    Ok(Some(verdict))
}

async fn instream(
    mut stream: impl AsyncRead + AsyncWrite + Unpin,
    bytes: &[u8],
) -> anyhow::Result<Verdict> {
    stream.write_all(b"zINSTREAM\0").await?;
    for chunk in bytes.chunks(CHUNK) {
        let length = u32::try_from(chunk.len())?;
        stream.write_all(&length.to_be_bytes()).await?;
        stream.write_all(chunk).await?;
    }
    stream.write_all(&0u32.to_be_bytes()).await?;
    stream.flush().await?;
    let mut answer = Vec::new();
    stream.take(MAX_ANSWER).read_to_end(&mut answer).await?;
    parse(&String::from_utf8_lossy(&answer))
}

fn parse(answer: &str) -> anyhow::Result<Verdict> {
    let answer = answer.trim_end_matches(['\0', '\n']).trim();
    let result = answer.strip_prefix("stream:").map(str::trim);
    match result {
        Some("OK") => Ok(Verdict::Clean),
        Some(found) if found.ends_with(" FOUND") => {
            Ok(Verdict::Infected(found.trim_end_matches(" FOUND").trim().to_string()))
        }
        _ => anyhow::bail!("clamd answered {answer:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_as_clamd_writes_them() {
        assert_eq!(parse("stream: OK\0").unwrap(), Verdict::Clean);
        assert_eq!(
            parse("stream: Eicar-Test-Signature FOUND\0").unwrap(),
            Verdict::Infected("Eicar-Test-Signature".into())
        );
        assert!(parse("INSTREAM size limit exceeded. ERROR\0").is_err());
        assert!(parse("").is_err());
    }

    /// The bytes a daemon receives: the command, then length-prefixed chunks, then a zero length.
    #[tokio::test]
    async fn a_file_goes_in_length_prefixed_chunks_ending_with_zero() {
        let (client, mut daemon) = tokio::io::duplex(1 << 20);
        let file = vec![7u8; CHUNK + 10];
        let sent = tokio::spawn(async move { instream(client, &file).await });
        let mut command = [0u8; 10];
        daemon.read_exact(&mut command).await.unwrap();
        assert_eq!(&command, b"zINSTREAM\0");
        let mut lengths = Vec::new();
        loop {
            let length = daemon.read_u32().await.unwrap();
            lengths.push(length);
            if length == 0 {
                break;
            }
            let mut chunk = vec![0u8; length as usize];
            daemon.read_exact(&mut chunk).await.unwrap();
        }
        assert_eq!(lengths, vec![CHUNK as u32, 10, 0]);
        daemon.write_all(b"stream: OK\0").await.unwrap();
        drop(daemon);
        assert_eq!(sent.await.unwrap().unwrap(), Verdict::Clean);
    }

    #[tokio::test]
    async fn no_scanner_configured_means_no_scan_and_an_unreachable_one_is_an_error() {
        let off = AntivirusSettings::default();
        assert_eq!(scan(&off, b"x").await.unwrap(), None);
        let closed = AntivirusSettings { clamd: "tcp://127.0.0.1:1".into(), timeout_seconds: 2 };
        assert!(scan(&closed, b"x").await.is_err());
    }
}
