//! What the page header shows about the caller: their name, links to their work and account,
//! and the sign-out form with its CSRF token.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use thidua_app::Ctx;

use crate::session::Caller;

#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub display_name: String,
    pub username: String,
    pub csrf: String,
    pub signed_in: bool,
    /// Notifications not yet read: the badge beside "Thông báo".
    pub unread: i64,
}

impl Nav {
    pub fn anonymous() -> Self {
        Self::default()
    }

    pub fn of(ctx: &Ctx) -> Self {
        Self {
            display_name: ctx.user.display_name.clone(),
            username: ctx.user.username.clone(),
            csrf: ctx.csrf_token.clone().unwrap_or_default(),
            signed_in: true,
            unread: ctx.unread,
        }
    }
}

/// The header of a public page shows the caller too, when there is one.
impl<S: Send + Sync> FromRequestParts<S> for Nav {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Caller>()
            .and_then(|c| c.ctx.as_ref())
            .map_or_else(Nav::anonymous, Nav::of))
    }
}
