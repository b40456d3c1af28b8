//! Accepting connections: a cap on open connections (in all and per address) with a clean
//! refusal, a deadline for a request's headers that also closes idle keep-alive connections and
//! slow-header ("slowloris") clients, a deadline for the TLS handshake, and graceful shutdown.
//! WebSocket connections keep their slot until they close (the slot travels with the socket).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tower::ServiceExt;

/// What the listener allows; see `[connections]` in the configuration.
#[derive(Debug, Clone)]
pub struct Limits {
    pub max: usize,
    pub max_per_ip: usize,
    /// Reverse proxies: every client comes through them, so the per-address cap does not apply.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub header_timeout: Duration,
    pub tls_handshake_timeout: Duration,
}

/// Answered to a connection beyond the caps, before closing it.
const REFUSAL: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nConnection: close\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: 33\r\n\r\nToo many connections, retry soon\n";

/// How long shutdown waits for requests in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Open connections, in all and per address.
#[derive(Debug, Default)]
pub struct Counter {
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
    /// Refusals since the last warning, and when that was: a flood logs one line a second.
    refusals: Mutex<(u64, Option<std::time::Instant>)>,
}

impl Counter {
    /// A slot for a new connection from `ip`, or `None` when a cap is reached.
    pub fn take(self: &Arc<Self>, ip: IpAddr, limits: &Limits) -> Option<Slot> {
        let mut open = self.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let from_ip = open.1.get(&ip).copied().unwrap_or(0);
        let proxy = limits.trusted_proxies.iter().any(|range| range.contains(&ip));
        if open.0 >= limits.max || (from_ip >= limits.max_per_ip && !proxy) {
            return None;
        }
        open.0 += 1;
        open.1.insert(ip, from_ip + 1);
        Some(Slot { counter: self.clone(), ip })
    }

    /// Counts a refusal; the number to report when a warning is due (one a second at most).
    fn refusal_to_report(&self) -> Option<u64> {
        let mut refusals = self.refusals.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        refusals.0 += 1;
        let due = refusals.1.is_none_or(|last| last.elapsed() >= Duration::from_secs(1));
        if !due {
            return None;
        }
        let count = refusals.0;
        *refusals = (0, Some(std::time::Instant::now()));
        Some(count)
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.open.lock().map(|open| open.0).unwrap_or(0)
    }
}

/// One connection's place in the count, given back when the connection closes.
#[derive(Debug)]
pub struct Slot {
    counter: Arc<Counter>,
    ip: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.counter.open.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        open.0 = open.0.saturating_sub(1);
        if let Some(count) = open.1.get_mut(&self.ip) {
            *count -= 1;
            if *count == 0 {
                open.1.remove(&self.ip);
            }
        }
    }
}

/// A TCP stream that holds its slot: the slot is freed when the stream is dropped, including
/// after an upgrade to WebSocket.
struct Counted {
    stream: TcpStream,
    _slot: Slot,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }
}

/// Serves `router` on `listener` until `stopped` turns true, then lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    tls: Option<tokio_rustls::TlsAcceptor>,
    limits: Limits,
    counter: Arc<Counter>,
    mut stopped: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let (closing, closing_seen) = watch::channel(false);
    let (alive, _) = watch::channel(());
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stopped.wait_for(|stop| *stop) => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors and the like: wait a little instead of spinning.
                tracing::warn!(%error, "cannot accept a connection");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Some(slot) = counter.take(peer.ip(), &limits) else {
            if let Some(refused) = counter.refusal_to_report() {
                let open = counter.open();
                tracing::warn!(peer = %peer.ip(), open, refused, "connections refused: too many open");
            }
            if tls.is_none() {
                tokio::spawn(refuse(stream));
            }
            continue;
        };
        if let Err(error) = stream.set_nodelay(true) {
            tracing::debug!(%error, "could not set TCP_NODELAY");
        }
        let io = Counted { stream, _slot: slot };
        let connection = Connection {
            router: router.clone(),
            peer,
            header_timeout: limits.header_timeout,
            closing: closing_seen.clone(),
            _alive: alive.subscribe(),
        };
        match &tls {
            None => {
                let deadline = limits.header_timeout;
                tokio::spawn(async move {
                    // A client that connects and says nothing is dropped like a slow one (the
                    // protocol is only known, and hyper's deadline only set, once bytes arrive).
                    let mut first = [0u8; 1];
                    let waited = tokio::time::timeout(deadline, io.stream.peek(&mut first)).await;
                    if let Ok(Ok(1..)) = waited {
                        connection.run(io).await;
                    }
                });
            }
            Some(acceptor) => {
                let acceptor = acceptor.clone();
                let deadline = limits.tls_handshake_timeout;
                tokio::spawn(async move {
                    let handshake = tokio::time::timeout(deadline, acceptor.accept(io));
                    match handshake.await {
                        Ok(Ok(io)) => connection.run(io).await,
                        Ok(Err(error)) => tracing::debug!(%error, "TLS handshake failed"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                });
            }
        }
    }
    drop(listener);
    let _ = closing.send(true);
    if tokio::time::timeout(SHUTDOWN_GRACE, alive.closed()).await.is_err() {
        tracing::warn!("some connections were still open when shutdown ended");
    }
    Ok(())
}

/// Says "503, retry soon" to a connection beyond the caps and closes it.
async fn refuse(mut stream: TcpStream) {
    let _ = tokio::time::timeout(Duration::from_secs(2), stream.write_all(REFUSAL)).await;
    let _ = stream.shutdown().await;
}

struct Connection {
    router: Router,
    peer: SocketAddr,
    header_timeout: Duration,
    closing: watch::Receiver<bool>,
    _alive: watch::Receiver<()>,
}

impl Connection {
    async fn run<I>(mut self, io: I)
    where
        I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let peer = self.peer;
        let service = self.router.map_request(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            request.map(Body::new)
        });
        let service = TowerToHyperService::new(service);
        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .keep_alive(true)
            .header_read_timeout(self.header_timeout);
        builder
            .http2()
            .timer(TokioTimer::new())
            .enable_connect_protocol()
            .keep_alive_interval(Some(Duration::from_secs(30)))
            .keep_alive_timeout(Duration::from_secs(20));
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(io), service);
        tokio::pin!(connection);
        let mut graceful = false;
        loop {
            tokio::select! {
                outcome = connection.as_mut() => {
                    if let Err(error) = outcome {
                        tracing::trace!(%error, "connection ended with an error");
                    }
                    break;
                }
                _ = self.closing.wait_for(|closing| *closing), if !graceful => {
                    graceful = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caps_hold_per_address_and_in_all_and_slots_come_back() {
        let limits = Limits {
            max: 3,
            max_per_ip: 2,
            trusted_proxies: vec!["10.0.0.9/32".parse().unwrap()],
            header_timeout: Duration::from_secs(1),
            tls_handshake_timeout: Duration::from_secs(1),
        };
        let counter = Arc::new(Counter::default());
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let first = counter.take(a, &limits).unwrap();
        let _second = counter.take(a, &limits).unwrap();
        assert!(counter.take(a, &limits).is_none(), "a third from one address is refused");
        let _third = counter.take(b, &limits).unwrap();
        assert!(counter.take(b, &limits).is_none(), "the global cap is reached");
        drop(first);
        assert!(counter.take(a, &limits).is_some(), "a closed connection frees its slot");
        let limits = Limits { max: 10, ..limits };
        let proxy: IpAddr = [10, 0, 0, 9].into();
        let through_proxy: Vec<_> = (0..5).filter_map(|_| counter.take(proxy, &limits)).collect();
        assert_eq!(through_proxy.len(), 5, "a trusted proxy is not capped per address");
    }
}
