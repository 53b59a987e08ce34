//! Who is asking, as the rate limits count it: the same client address the
//! JSON API uses (`ClientKey::behind_proxies`), so the limits are shared.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use motcua_app::ClientKey;
use std::convert::Infallible;
use std::future::{Ready, ready};

use crate::WebSettings;

/// The client behind the configured proxies.
pub struct Client(pub ClientKey);

impl FromRequest for Client {
    type Error = Infallible;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let hops = req
            .app_data::<web::Data<WebSettings>>()
            .map_or(0, |s| s.trusted_proxy_hops);
        let forwarded: Vec<&str> = req
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok())
            .collect();
        let peer = req.peer_addr().map(|a| a.ip());
        ready(Ok(Client(ClientKey::behind_proxies(
            peer, &forwarded, hops,
        ))))
    }
}
