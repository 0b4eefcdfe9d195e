//! Where a request came from, behind the reverse proxy every commune and province runs in
//! front of the platform: forwarded headers are believed only from the proxies the operator
//! names (`THIDUA_TRUSTED_PROXIES`), so the sign-in throttle counts the real caller, not the
//! proxy, and nobody can pick their own address by sending the header. A request the proxy
//! received over HTTPS gets a Secure session cookie and HSTS.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;

/// The proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// "127.0.0.1, 10.0.0.0/8, ::1": addresses or networks, comma- or space-separated.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("THIDUA_TRUSTED_PROXIES: «{s}» không phải địa chỉ IP hoặc dải mạng (ví dụ 10.0.0.0/8)")
                    })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// The caller as the platform sees it.
#[derive(Clone, Debug, Default)]
pub struct Forwarded {
    /// The caller's address: the socket's, or the nearest untrusted hop a trusted proxy names.
    pub client: String,
    /// The trusted proxy received the request over HTTPS.
    pub https: bool,
}

/// Reads a request's origin through the trusted proxies.
pub fn forwarded(trusted: &TrustedProxies, peer: Option<IpAddr>, headers: &axum::http::HeaderMap) -> Forwarded {
    let Some(peer) = peer else {
        return Forwarded::default();
    };
    if !trusted.trusts(peer) {
        return Forwarded {
            client: peer.to_string(),
            https: false,
        };
    }
    // Each proxy appends the address it received from, so the caller is the rightmost hop
    // that is not one of ours; everything left of it could have been typed by the caller.
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|h| h.trim().parse::<IpAddr>().ok())
        .collect();
    let client = hops
        .iter()
        .rev()
        .find(|ip| !trusted.trusts(**ip))
        .or(hops.first())
        .copied()
        .unwrap_or(peer);
    let https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("https"));
    Forwarded {
        client: client.to_string(),
        https,
    }
}

/// Puts [`Forwarded`] on the request and HSTS on responses to requests made over HTTPS.
pub async fn resolve(
    axum::Extension(trusted): axum::Extension<TrustedProxies>,
    mut req: Request,
    next: Next,
) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let found = forwarded(&trusted, peer, req.headers());
    let https = found.https;
    req.extensions_mut().insert(found);
    let mut res = next.run(req).await;
    if https {
        res.headers_mut().insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &str, proto: &str) -> axum::http::HeaderMap {
        let mut h = axum::http::HeaderMap::new();
        if !xff.is_empty() {
            h.insert("x-forwarded-for", xff.parse().unwrap());
        }
        if !proto.is_empty() {
            h.insert("x-forwarded-proto", proto.parse().unwrap());
        }
        h
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let trusted = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        // Through our proxy: the caller it names.
        let f = forwarded(&trusted, ip("127.0.0.1"), &headers("203.0.113.9", "https"));
        assert_eq!((f.client.as_str(), f.https), ("203.0.113.9", true));
        // A caller who types their own header in front of ours is still seen as themself.
        let f = forwarded(
            &trusted,
            ip("10.1.2.3"),
            &headers("1.2.3.4, 203.0.113.9, 10.0.0.5", "http"),
        );
        assert_eq!((f.client.as_str(), f.https), ("203.0.113.9", false));
        // Straight from the internet, the header is the caller's own words: ignored.
        let f = forwarded(&trusted, ip("198.51.100.7"), &headers("1.2.3.4", "https"));
        assert_eq!((f.client.as_str(), f.https), ("198.51.100.7", false));
        // No proxies configured: nothing forwarded is believed.
        let none = TrustedProxies::default();
        let f = forwarded(&none, ip("127.0.0.1"), &headers("203.0.113.9", "https"));
        assert_eq!((f.client.as_str(), f.https), ("127.0.0.1", false));
        assert!(
            TrustedProxies::parse("10.0.0.0/8, máy-chủ")
                .unwrap_err()
                .contains("máy-chủ")
        );
    }
}
