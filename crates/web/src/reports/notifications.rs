//! The caller's notifications.

use super::*;

#[derive(Template, WebTemplate)]
#[template(path = "notifications.html")]
pub(super) struct NotificationsPage {
    nav: Nav,
    items: Vec<thidua_app::NotificationRow>,
}

pub(super) async fn notifications(State(s): State<AppState>, SignedIn(ctx): SignedIn) -> Result<Response, PageError> {
    let items = s.app.notifications(&ctx).await?;
    // Opening the list reads them all.
    let nav = Nav {
        unread: 0,
        ..Nav::of(&ctx)
    };
    Ok(NotificationsPage { nav, items }.into_response())
}

// ---------------------------------------------------------------- iCalendar
