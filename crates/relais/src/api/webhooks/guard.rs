//! Where a webhook may point: `http`/`https` addresses on the public Internet, unless the
//! administrator allowed private networks for this webhook (a tool on the organisation's own
//! network). The address is resolved at each delivery and the connection pinned to the address
//! checked, so a name that changes to 127.0.0.1 between the check and the request (DNS
//! rebinding) reaches nothing it should not.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::Url;

/// The longest webhook address.
pub const MAX_URL_CHARS: usize = 2000;

/// Checks the form of a webhook address; the error is a message key.
pub fn parse(text: &str) -> Result<Url, &'static str> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_URL_CHARS {
        return Err("webhook-url-invalid");
    }
    let url = Url::parse(text).map_err(|_| "webhook-url-invalid")?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("webhook-url-invalid");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("webhook-url-credentials");
    }
    Ok(url)
}

/// The address to connect to: the first one the host resolves to, each checked.
pub async fn resolve(url: &Url, allow_private: bool) -> Result<SocketAddr, &'static str> {
    let host = url.host_str().ok_or("webhook-url-invalid")?;
    let port = url.port_or_known_default().ok_or("webhook-url-invalid")?;
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let addresses: Vec<SocketAddr> = match bare.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((bare, port))
            .await
            .map_err(|_| "webhook-url-unresolved")?
            .collect(),
    };
    let first = *addresses.first().ok_or("webhook-url-unresolved")?;
    // Every address must pass: a name answering one public and one private address could be
    // steered to the private one.
    if !allow_private && addresses.iter().any(|a| !is_public(a.ip())) {
        return Err("webhook-url-private");
    }
    Ok(first)
}

/// Whether an address is on the public Internet (not loopback, private, link-local, shared,
/// reserved, documentation or multicast).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments, 192.0.0.0/24.
        || (a == 192 && b == 0 && c == 0)
        // Benchmarking, 198.18.0.0/15.
        || (a == 198 && (18..20).contains(&b))
        // Reserved, 240.0.0.0/4.
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        // Unique local, fc00::/7.
        || (first & 0xfe00) == 0xfc00
        // Link-local, fe80::/10.
        || (first & 0xffc0) == 0xfe80
        // Documentation, 2001:db8::/32.
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        // NAT64, 64:ff9b::/96: it leads to IPv4 addresses of any kind.
        || (first == 0x0064 && ip.segments()[1] == 0xff9b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_pass() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "64:ff9b::7f00:1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "2a00:1450:4007:80e::200e", "1.1.1.1"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn addresses_are_checked_in_form() {
        assert!(parse("https://example.org/hook").is_ok());
        assert_eq!(parse("ftp://example.org/"), Err("webhook-url-invalid"));
        assert_eq!(parse("https://user:pw@example.org/"), Err("webhook-url-credentials"));
        assert_eq!(parse("not a url"), Err("webhook-url-invalid"));
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        let url = parse("http://127.0.0.1:9/hook").unwrap();
        assert_eq!(resolve(&url, false).await, Err("webhook-url-private"));
        assert!(resolve(&url, true).await.is_ok());
        let named = parse("http://localhost:9/hook").unwrap();
        assert_eq!(resolve(&named, false).await, Err("webhook-url-private"));
    }
}
