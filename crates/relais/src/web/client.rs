//! Who is on the other end of a request: address and user agent, for throttling and the security
//! log. Behind a reverse proxy listed in `connections.trusted_proxies`, the address is the one the
//! proxy reports (`Forwarded` or `X-Forwarded-For`); from anyone else those headers are ignored,
//! so a client cannot choose the address it is throttled and logged under.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::header::USER_AGENT;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct Client {
    pub ip: IpAddr,
    pub user_agent: String,
}

/// The client's address as worked out by [`resolve_address`].
#[derive(Debug, Clone, Copy)]
struct ClientAddress(IpAddr);

impl Client {
    pub fn ip_text(&self) -> String {
        self.ip.to_string()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let ip = match parts.extensions.get::<ClientAddress>() {
            Some(address) => address.0,
            None => peer(parts.extensions.get::<ConnectInfo<SocketAddr>>()),
        };
        let user_agent = parts
            .headers
            .get(USER_AGENT)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        Ok(Self { ip, user_agent })
    }
}

fn peer(info: Option<&ConnectInfo<SocketAddr>>) -> IpAddr {
    info.map(|info| info.0.ip()).unwrap_or(IpAddr::from([0, 0, 0, 0]))
}

/// Works out the client's address once per request.
pub async fn resolve_address(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = peer(request.extensions().get::<ConnectInfo<SocketAddr>>());
    let proxies = &state.trusted_proxies;
    let address = client_address(peer, request.headers(), proxies);
    request.extensions_mut().insert(ClientAddress(address));
    next.run(request).await
}

/// The peer, unless it is a trusted proxy: then the nearest address in the forwarding chain that
/// is not itself a trusted proxy (the right-most entries are the ones our proxies added).
pub fn client_address(peer: IpAddr, headers: &HeaderMap, proxies: &[ipnet::IpNet]) -> IpAddr {
    let trusted = |ip: &IpAddr| proxies.iter().any(|range| range.contains(ip));
    if !trusted(&peer) {
        return peer;
    }
    let chain = forwarded_chain(headers);
    chain.into_iter().rev().find(|ip| !trusted(ip)).unwrap_or(peer)
}

/// The addresses of `Forwarded: for=…` (RFC 7239) or else `X-Forwarded-For`, first to last.
/// An entry that is not an address (`unknown`, an obfuscated name, garbage) ends the chain there.
fn forwarded_chain(headers: &HeaderMap) -> Vec<IpAddr> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|entry| entry.trim().to_string())
            .collect()
    };
    let forwarded = values("forwarded");
    let entries: Vec<String> = if forwarded.is_empty() {
        values("x-forwarded-for")
    } else {
        forwarded
            .iter()
            .map(|element| {
                element
                    .split(';')
                    .find_map(|pair| {
                        let (name, value) = pair.trim().split_once('=')?;
                        name.eq_ignore_ascii_case("for")
                            .then(|| value.trim_matches('"').to_string())
                    })
                    .unwrap_or_default()
            })
            .collect()
    };
    let mut chain = Vec::new();
    for entry in entries.iter().rev() {
        match parse_node(entry) {
            Some(ip) => chain.push(ip),
            None => break,
        }
    }
    chain.reverse();
    chain
}

/// `192.0.2.1`, `192.0.2.1:4711`, `[2001:db8::1]` or `[2001:db8::1]:4711`, or `2001:db8::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(address) = node.parse::<SocketAddr>() {
        return Some(address.ip());
    }
    node.strip_prefix('[')?.split(']').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn forwarding_headers_are_believed_only_from_a_trusted_proxy() {
        let proxies: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4")]);
        let stranger: IpAddr = [198, 51, 100, 7].into();
        assert_eq!(client_address(stranger, &spoofed, &proxies), stranger);

        let proxy: IpAddr = [10, 0, 0, 2].into();
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.9, 10.0.0.3")]);
        assert_eq!(
            client_address(proxy, &chain, &proxies),
            "203.0.113.9".parse::<IpAddr>().unwrap(),
            "the right-most untrusted address, not the one the client wrote first"
        );
        let forwarded = headers(&[("forwarded", "for=\"[2001:db8::1]:4711\";proto=https")]);
        assert_eq!(
            client_address(proxy, &forwarded, &proxies),
            "2001:db8::1".parse::<IpAddr>().unwrap()
        );
        let garbage = headers(&[("x-forwarded-for", "not an address")]);
        assert_eq!(client_address(proxy, &garbage, &proxies), proxy);
        assert_eq!(client_address(proxy, &HeaderMap::new(), &proxies), proxy);
    }
}
