//! Every route is declared here with who may reach it, so that the access test can walk all
//! of them: the router is built from the same list it reads.

use axum::Router;
use axum::handler::Handler;
use thidua_domain::access::Action;

use crate::AppState;

/// Who may reach a route. The handler itself checks the role through the app layer; this
/// declaration is what the access test holds it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in user, about their own account.
    SignedIn,
    /// A role allowing this action in the tenant named by `{tenant}` (and `{unit}`).
    Tenant(Action),
    /// Whoever may write for the unit named by `{unit}`: its own head or reporter
    /// ([`Action::SubmitReport`]), or an officer entering it for the unit
    /// ([`Action::ActOnBehalf`], "nhập hộ").
    UnitWriter,
    /// The platform operator.
    Platform,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteSpec {
    pub method: &'static str,
    /// The path as axum matches it, e.g. `/quan-tri/{tenant}/nguoi-dung`.
    pub path: String,
    pub access: Access,
}

pub struct Routes {
    router: Router<AppState>,
    specs: Vec<RouteSpec>,
}

impl Routes {
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            specs: Vec::new(),
        }
    }

    pub fn get<H, T>(mut self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, axum::routing::get(handler));
        self.specs.push(RouteSpec {
            method: "GET",
            path: path.to_owned(),
            access,
        });
        self
    }

    pub fn post<H, T>(mut self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, axum::routing::post(handler));
        self.specs.push(RouteSpec {
            method: "POST",
            path: path.to_owned(),
            access,
        });
        self
    }

    pub fn put<H, T>(mut self, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(path, axum::routing::put(handler));
        self.specs.push(RouteSpec {
            method: "PUT",
            path: path.to_owned(),
            access,
        });
        self
    }

    /// Mounts `other` under `prefix` (e.g. the API under `/api/v1`).
    pub fn nest(mut self, prefix: &'static str, other: Routes) -> Self {
        self.router = self.router.nest(prefix, other.router);
        for spec in other.specs {
            self.specs.push(RouteSpec {
                path: format!("{prefix}{}", spec.path),
                ..spec
            });
        }
        self
    }

    pub fn merge(mut self, other: Routes) -> Self {
        self.router = self.router.merge(other.router);
        self.specs.extend(other.specs);
        self
    }

    pub fn into_parts(self) -> (Router<AppState>, Vec<RouteSpec>) {
        (self.router, self.specs)
    }
}

impl Default for Routes {
    fn default() -> Self {
        Self::new()
    }
}
