//! The web platform end to end over HTTP: a real server on a free port, a real database,
//! the four seed plans loaded.

mod access;
mod accounts;
mod api;
mod calendar;
mod commendation;
mod initiatives;
mod pages;
mod participants;
mod plans;
mod province;
mod waiting;

use thidua_app::App;
use thidua_store::testing::TestDb;

pub struct Server {
    pub base: String,
    pub client: reqwest::Client,
    /// The database the server runs on, for checking what a request changed.
    pub db_url: String,
    db: Option<TestDb>,
}

impl Server {
    pub async fn start_on(db: TestDb) -> Self {
        Self::start_behind(db, thidua_web::proxy::TrustedProxies::default()).await
    }

    /// A server that believes the forwarded headers of the proxies named.
    pub async fn start_behind(db: TestDb, trusted: thidua_web::proxy::TrustedProxies) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = App::open(&db.url).await.expect("open").with_public_url(&base);
        app.load_demo().await.expect("demo accounts");
        app.load_seed_plans().await.expect("seeds");
        tokio::spawn(async move { thidua_web::serve_behind(app, listener, trusted).await.ok() });
        Self {
            base,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            db_url: db.url.clone(),
            db: Some(db),
        }
    }

    pub async fn start() -> Self {
        Self::start_on(TestDb::sqlite()).await
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    /// The page's text with HTML entities decoded, for comparing with plan text.
    pub async fn text(&self, path: &str) -> (u16, String) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, unescape(&res.text().await.unwrap()))
    }

    pub async fn json(&self, path: &str) -> (u16, serde_json::Value) {
        let res = self.get(path).await;
        let status = res.status().as_u16();
        (status, res.json().await.expect("JSON body"))
    }

    pub async fn stop(mut self) {
        if let Some(db) = self.db.take() {
            db.drop_db().await;
        }
    }
}

pub fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Today in Vietnam (UTC+7): the date a decision signed now may carry.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+7))
        .date()
}

/// Today as a date field sends it: "2026-11-29".
pub fn today_iso() -> String {
    today().to_string()
}

/// Today as an official document writes it: "ngày 29 tháng 11 năm 2026" (a leading zero on
/// days 1–9 and on January and February only, as Nghị định 30 asks).
pub fn today_long() -> String {
    let d = today();
    let month = u8::from(d.month());
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

/// Today as people write it: "29/11/2026".
pub fn today_dmy() -> String {
    let d = today();
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}
