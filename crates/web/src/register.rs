//! The register of outgoing documents in the browser: the văn thư sees the papers waiting for
//! their number and gives each its number and date; everyone who sees the commune reads the
//! year's register.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use thidua_app::register::{RegisterCommand, RegisterView};
use thidua_domain::access::Action;
use thidua_domain::reporting::FieldError;

use crate::AppState;
use crate::error::PageError;
use crate::filters;
use crate::nav::Nav;
use crate::reports::{field_errors, number, status_of};
use crate::routes::{Access, Routes};
use crate::session::{SignedIn, check_csrf};

pub fn routes() -> Routes {
    Routes::new()
        .get(
            "/quan-tri/{tenant}/so-van-ban-di",
            Access::Tenant(Action::ViewTenant),
            register_page,
        )
        .post(
            "/quan-tri/{tenant}/so-van-ban-di/{entry}",
            Access::Tenant(Action::RegisterDocuments),
            register,
        )
}

#[derive(Deserialize, Default)]
struct RegisterQuery {
    #[serde(default)]
    nam: Option<i32>,
    #[serde(default)]
    ok: String,
}

/// The form of one awaiting paper.
#[derive(Deserialize)]
struct RegisterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    number: String,
    #[serde(default)]
    date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "register/register.html")]
struct RegisterPage {
    nav: Nav,
    tenant: String,
    v: RegisterView,
    message: Option<String>,
    errors: Vec<FieldError>,
    /// The entry the errors are about, and what was typed there.
    about: i64,
    typed: (String, String),
}

impl RegisterPage {
    /// The number field's value: what was typed after an error, else the next free number.
    fn number_of(&self, entry: &i64, next: &i64) -> String {
        if *entry == self.about {
            self.typed.0.clone()
        } else {
            next.to_string()
        }
    }

    fn date_of(&self, entry: &i64) -> String {
        if *entry == self.about {
            self.typed.1.clone()
        } else {
            self.v.today.clone()
        }
    }

    fn invalid(&self, entry: &i64, field: &str) -> bool {
        *entry == self.about && self.errors.iter().any(|e| e.field == field)
    }
}

async fn register_page(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path(tenant): Path<String>,
    Query(q): Query<RegisterQuery>,
) -> Result<Response, PageError> {
    let year = q.nam.filter(|y| (2000..=2100).contains(y));
    let v = s.app.register_view(&ctx, &tenant, year).await?;
    let message = (q.ok == "vao-so").then(|| {
        "Đã vào sổ: văn bản đã có số và ngày ban hành; văn bản, sổ vàng và Giấy khen mang cùng số này.".to_owned()
    });
    Ok(RegisterPage {
        nav: Nav::of(&ctx),
        tenant,
        v,
        message,
        errors: Vec::new(),
        about: 0,
        typed: (String::new(), String::new()),
    }
    .into_response())
}

async fn register(
    State(s): State<AppState>,
    SignedIn(ctx): SignedIn,
    Path((tenant, entry)): Path<(String, String)>,
    Form(f): Form<RegisterForm>,
) -> Result<Response, PageError> {
    check_csrf(&ctx, &f.csrf)?;
    let entry = number(&entry, "văn bản")?;
    let done = match RegisterCommand::parse(entry, &f.number, &f.date) {
        Ok(cmd) => s.app.register_document(&ctx, &tenant, cmd).await,
        Err(e) => Err(e),
    };
    match done {
        Ok(e) => Ok(Redirect::to(&format!("/quan-tri/{tenant}/so-van-ban-di?ok=vao-so#so-{}", e.id)).into_response()),
        Err(e) => {
            let errors = field_errors(e)?;
            let v = s.app.register_view(&ctx, &tenant, None).await?;
            let status = status_of(&errors);
            let page = RegisterPage {
                nav: Nav::of(&ctx),
                tenant,
                v,
                message: None,
                errors,
                about: entry,
                typed: (f.number, f.date),
            };
            Ok((status, page).into_response())
        }
    }
}
