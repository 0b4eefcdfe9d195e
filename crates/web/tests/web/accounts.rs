//! Signing in as the demo accounts, and what accounts can do with their own sign-in.

use crate::Server;
use thidua_app::demo::DEMO_PASSWORD;

/// A browser session of one user: its cookie and the CSRF token its forms carry.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

impl Server {
    /// Signs in through the login form; panics if it fails.
    pub async fn login(&self, username: &str) -> Session {
        self.try_login(username, DEMO_PASSWORD).await.expect("sign-in")
    }

    /// Signs in; returns the HTTP status on failure.
    pub async fn try_login(&self, username: &str, password: &str) -> Result<Session, (u16, String)> {
        let res = self
            .client
            .post(format!("{}/dang-nhap", self.base))
            .form(&[("username", username), ("password", password), ("next", "")])
            .send()
            .await
            .unwrap();
        if res.status().as_u16() != 303 {
            let status = res.status().as_u16();
            return Err((status, crate::unescape(&res.text().await.unwrap())));
        }
        let cookie = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("thidua_session="))
            .map(|v| v.split(';').next().unwrap().to_owned())
            .expect("a session cookie");
        let page = self.get_as(&cookie, "/tai-khoan").await.text().await.unwrap();
        let csrf = page
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a CSRF token in the page")
            .to_owned();
        Ok(Session { cookie, csrf })
    }

    pub async fn get_as(&self, cookie: &str, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// Posts a form as a signed-in user, with their CSRF token added.
    pub async fn post_as(&self, s: &Session, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &s.csrf));
        self.client
            .post(format!("{}{path}", self.base))
            .header("cookie", &s.cookie)
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// The văn thư (`{slug}.vanthu`) gives every paper of the commune awaiting its number the
    /// number the register offers, dated today, as a văn thư would on the register page.
    /// Returns how many were registered.
    pub async fn register_awaiting(&self, slug: &str, tenant: &str) -> usize {
        let clerk = self.login(&format!("{slug}.vanthu")).await;
        let page = self
            .get_as(&clerk.cookie, &format!("/quan-tri/{tenant}/so-van-ban-di"))
            .await
            .text()
            .await
            .unwrap();
        let marker = format!("action=\"/quan-tri/{tenant}/so-van-ban-di/");
        let mut done = 0;
        for part in page.split(&marker).skip(1) {
            let entry = &part[..part.find('"').unwrap()];
            // The number field the page fills in with the next free number.
            let field = format!("id=\"number-{entry}\"");
            let after = &page[page.find(&field).unwrap()..];
            let value = &after[after.find("value=\"").unwrap() + 7..];
            let number = &value[..value.find('"').unwrap()];
            let res = self
                .post_as(
                    &clerk,
                    &format!("/quan-tri/{tenant}/so-van-ban-di/{entry}"),
                    &[("number", number), ("date", &crate::today_iso())],
                )
                .await;
            assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
            done += 1;
        }
        done
    }

    /// Posts a multipart form with one file (`file`) as a signed-in user, with their CSRF token.
    pub async fn post_file_as(&self, s: &Session, path: &str, name: &str, bytes: Vec<u8>) -> reqwest::Response {
        let form = reqwest::multipart::Form::new().text("csrf", s.csrf.clone()).part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
        );
        self.client
            .post(format!("{}{path}", self.base))
            .header("cookie", &s.cookie)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// A personal access token the user creates on their account page, as it is shown once.
    pub async fn new_token(&self, s: &Session, name: &str) -> String {
        let page = self
            .post_as(
                s,
                "/tai-khoan/ma-truy-cap",
                &[("name", name), ("password", DEMO_PASSWORD)],
            )
            .await
            .text()
            .await
            .unwrap();
        page.split("class=\"token\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned()
    }
}

#[tokio::test]
async fn a_wrong_password_five_times_locks_the_account() {
    let s = Server::start().await;
    for attempt in 1..=4 {
        let (status, page) = s.try_login("longmy.cds", "sai-mat-khau-123").await.err().unwrap();
        assert_eq!(status, 401, "attempt {attempt}");
        assert!(page.contains("Tên đăng nhập hoặc mật khẩu không đúng"));
    }
    // The fifth failure locks the account, but says nothing a stranger could learn from:
    // the answer is the one an unknown name gets.
    for attempt in 5..=6 {
        let (status, page) = s.try_login("longmy.cds", "sai-mat-khau-123").await.err().unwrap();
        assert_eq!(status, 401, "attempt {attempt}");
        assert!(page.contains("Tên đăng nhập hoặc mật khẩu không đúng"));
    }
    // The owner, who knows the password, is told why they must wait.
    let (status, page) = s
        .try_login("longmy.cds", DEMO_PASSWORD)
        .await
        .err()
        .expect("even the right password waits");
    assert_eq!(status, 429);
    assert!(page.contains("tạm khóa"), "{page}");
    // An unknown user gets the same answer as a wrong password.
    let (status, page) = s.try_login("khong.co.ai", "sai-mat-khau-123").await.err().unwrap();
    assert_eq!(status, 401);
    assert!(page.contains("Tên đăng nhập hoặc mật khẩu không đúng"));
    s.stop().await;
}

#[tokio::test]
async fn forms_without_the_session_token_or_from_another_site_are_refused() {
    let s = Server::start().await;
    let vhxh = s.login("hongvan.vhxh").await;
    let no_token = s
        .client
        .post(format!("{}/quan-tri/10210/don-vi", s.base))
        .header("cookie", &vhxh.cookie)
        .form(&[("name", "Thôn Mới"), ("kind", "thon_to_dan_pho")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status().as_u16(), 403);
    let cross_site = s
        .client
        .post(format!("{}/quan-tri/10210/don-vi", s.base))
        .header("cookie", &vhxh.cookie)
        .header("sec-fetch-site", "cross-site")
        .form(&[("name", "Thôn Mới"), ("kind", "thon_to_dan_pho"), ("csrf", &vhxh.csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status().as_u16(), 403);
    let page = s
        .get_as(&vhxh.cookie, "/quan-tri/10210/don-vi")
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Thôn Mới"), "nothing was added");
    let ok = s
        .post_as(
            &vhxh,
            "/quan-tri/10210/don-vi",
            &[("name", "Thôn Mới"), ("kind", "thon_to_dan_pho")],
        )
        .await;
    assert_eq!(ok.status().as_u16(), 303, "the same form with its token works");
    s.stop().await;
}

#[tokio::test]
async fn sessions_cookies_and_tokens_behave() {
    let s = Server::start().await;
    let res = s
        .client
        .post(format!("{}/dang-nhap", s.base))
        .form(&[("username", "hongvan.vhxh"), ("password", DEMO_PASSWORD)])
        .send()
        .await
        .unwrap();
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );

    let vhxh = s.login("hongvan.vhxh").await;
    // A personal access token acts with the owner's roles, on the API only.
    let token = s.new_token(&vhxh, "Phần mềm báo cáo").await;
    assert!(token.starts_with("td_"));
    let api = |path: &'static str, token: String| {
        let client = s.client.clone();
        let url = format!("{}{path}", s.base);
        async move { client.get(url).bearer_auth(token).send().await.unwrap() }
    };
    let me: serde_json::Value = api("/api/v1/me", token.clone()).await.json().await.unwrap();
    assert_eq!(me["username"], "hongvan.vhxh");
    assert_eq!(
        api("/api/v1/tenants/10210/units", token.clone())
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        api("/api/v1/tenants/30406/units", token.clone())
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(api("/api/v1/me", "td_sai".to_owned()).await.status().as_u16(), 401);
    assert_eq!(s.get("/api/v1/me").await.status().as_u16(), 401);

    // Signing out everywhere ends every session of the user.
    let other = s.login("hongvan.vhxh").await;
    let res = s.post_as(&vhxh, "/tai-khoan/dang-xuat-moi-noi", &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    let after = s.get_as(&other.cookie, "/quan-tri/10210").await;
    assert_eq!(after.status().as_u16(), 303, "the other session is gone too");
    assert!(after.headers()["location"].to_str().unwrap().starts_with("/dang-nhap"));
    s.stop().await;
}

#[tokio::test]
async fn an_officer_adds_a_unit_reporter_who_sees_only_that_unit() {
    let s = Server::start().await;
    let vhxh = s.login("hongvan.vhxh").await;
    let units = s
        .get_as(&vhxh.cookie, "/api/v1/tenants/10210/units")
        .await
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let unit_id = |name: &str| units.as_array().unwrap().iter().find(|u| u["name"] == name).unwrap()["id"].to_string();
    let thon = unit_id("Thôn Đông");
    let truong = unit_id("Trường Tiểu học");
    let res = s
        .post_as(
            &vhxh,
            "/quan-tri/10210/nguoi-dung",
            &[
                ("display_name", "Nguyễn Thị Hoa"),
                ("username", "hongvan.hoa"),
                ("password", "Tam-thoi-2026"),
                ("role", "unit_reporter"),
                ("unit", &thon),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // A bad form names its field and changes nothing.
    let bad = s
        .post_as(
            &vhxh,
            "/quan-tri/10210/nguoi-dung",
            &[
                ("display_name", "X"),
                ("username", "Hồng Vân"),
                ("password", "Tam-thoi-2026"),
                ("role", "unit_reporter"),
                ("unit", &thon),
            ],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 400);
    assert!(crate::unescape(&bad.text().await.unwrap()).contains("Tên đăng nhập:"));

    // The new reporter must replace the temporary password first.
    let hoa = s.try_login("hongvan.hoa", "Tam-thoi-2026").await.unwrap();
    let first = s.get_as(&hoa.cookie, &format!("/quan-tri/10210/don-vi/{thon}")).await;
    assert_eq!(first.status().as_u16(), 303);
    let res = s
        .post_as(
            &hoa,
            "/tai-khoan/mat-khau",
            &[
                ("current", "Tam-thoi-2026"),
                ("new", "Lúa chín vàng 2026"),
                ("repeat", "Lúa chín vàng 2026"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let own = s.get_as(&hoa.cookie, &format!("/quan-tri/10210/don-vi/{thon}")).await;
    assert_eq!(own.status().as_u16(), 200);
    let own = crate::unescape(&own.text().await.unwrap());
    assert!(own.contains("Thôn Đông"));
    // The unit sees this year's report and the last day Hồng Vân's plan allows ("trước ngày
    // 15/11": the 14th), as its report page has it, with where it stands.
    let year = crate::today().year();
    let dues = &own[own.find("id=\"unit-dues\"").expect("the unit's dates")..];
    let dues = &dues[..dues.find("</ol>").unwrap()];
    assert!(
        dues.contains(&format!("14/11/{year}")) && dues.contains(&format!("Báo cáo năm {year}")),
        "{dues}"
    );
    for path in [
        format!("/quan-tri/10210/don-vi/{truong}"),
        "/quan-tri/10210".to_owned(),
        "/quan-tri/10210/nguoi-dung".to_owned(),
    ] {
        assert_eq!(s.get_as(&hoa.cookie, &path).await.status().as_u16(), 403, "{path}");
    }
    // Every step is in the trail, including the refusals and who made the account.
    let trail = s
        .get_as(&vhxh.cookie, "/quan-tri/10210/nhat-ky")
        .await
        .text()
        .await
        .unwrap();
    let trail = crate::unescape(&trail);
    assert!(trail.contains("Thêm tài khoản") && trail.contains("hongvan.hoa") && trail.contains("Bị từ chối"));
    s.stop().await;
}

#[tokio::test]
async fn a_user_sets_the_address_reminders_are_mailed_to() {
    let s = Server::start().await;
    let truong = s.login("phutan.truong").await;
    let bad = s
        .post_as(
            &truong,
            "/tai-khoan/thu-dien-tu",
            &[("email", "hieutruong phutan@gmail")],
        )
        .await;
    assert_eq!(bad.status().as_u16(), 400);
    let page = crate::unescape(&bad.text().await.unwrap());
    assert!(page.contains("Thư điện tử:"), "the error names the field");
    let res = s
        .post_as(
            &truong,
            "/tai-khoan/thu-dien-tu",
            &[("email", " hieutruong.phutan@gmail.com ")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let page = s
        .get_as(&truong.cookie, "/tai-khoan?ok=thu")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Đã lưu địa chỉ thư điện tử."));
    assert!(
        page.contains(r#"value="hieutruong.phutan@gmail.com""#),
        "stored trimmed"
    );
    s.stop().await;
}

/// Issue #16: the sign-in form cannot fill the disk, `next` cannot send anyone off-site, and a
/// token cannot outlive a password reset nor be made with a stolen session alone.
#[tokio::test]
async fn sign_in_and_tokens_hold_against_abuse() {
    let s = Server::start().await;
    let url = s.db_url.clone();
    let trail_bytes = "SELECT CAST(COALESCE(SUM(LENGTH(actor) + LENGTH(entity_id) + LENGTH(after_json)), 0) AS BIGINT) \
                       FROM audit_log WHERE action = 'login'";
    let before = crate::commendation::count(&url, trail_bytes).await;
    // A 10 MB username: refused like any unknown name, and the trail keeps a bounded line.
    let huge = "a".repeat(10 * 1024 * 1024);
    let res = s
        .client
        .post(format!("{}/dang-nhap", s.base))
        .form(&[("username", huge.as_str()), ("password", "x"), ("next", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        400,
        "refused by the one field limit, before sign-in"
    );
    let grown = crate::commendation::count(&url, trail_bytes).await - before;
    assert!(grown < 1_000, "the trail grew {grown} bytes for one attempt");
    // A flood from one address: after the throttle, one more line for the whole window.
    for _ in 0..45 {
        let _ = s.try_login("khong.co.ai", "sai-mat-khau-123").await;
    }
    let lines = crate::commendation::count(&url, "SELECT COUNT(*) FROM audit_log WHERE action = 'login'").await;
    assert!(lines <= 1 + 30 + 1, "{lines} lines for 46 attempts");

    // `next` stays on the site; a line break is not a server error.
    let vhxh = {
        // The throttle counts the test's loopback address: use a fresh server for sign-ins.
        s.stop().await;
        Server::start().await
    };
    let officer = vhxh.login("hongvan.vhxh").await;
    for next in [
        "/%09/evil.example",
        "/%0A/evil.example",
        "%0D%0A",
        "/%0B",
        "//evil.example",
        "/\\evil.example",
    ] {
        let res = vhxh.get_as(&officer.cookie, &format!("/dang-nhap?next={next}")).await;
        assert_eq!(res.status().as_u16(), 303, "{next}");
        assert_eq!(res.headers()["location"], "/viec-cho-toi", "{next}");
    }

    // A token needs the password; a reset of the owner's password revokes it.
    let cds = vhxh.login("hongvan.cds").await;
    let res = vhxh
        .post_as(
            &cds,
            "/tai-khoan/ma-truy-cap",
            &[("name", "Phần mềm"), ("password", "sai-roi-123")],
        )
        .await;
    assert!(res.text().await.unwrap().contains("Mật khẩu không đúng."));
    assert_eq!(
        crate::commendation::count(
            &vhxh.db_url,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'password.recheck' AND outcome = 'failed'"
        )
        .await,
        1,
        "the wrong password is in the trail"
    );
    assert_eq!(
        crate::commendation::count(
            &vhxh.db_url,
            "SELECT failed_logins FROM users WHERE username = 'hongvan.cds'"
        )
        .await,
        1,
        "and counts toward the lock"
    );
    assert_eq!(
        crate::commendation::count(&vhxh.db_url, "SELECT COUNT(*) FROM api_tokens").await,
        0
    );
    let token = vhxh.new_token(&cds, "Phần mềm").await;
    let audit = |token: String| {
        let request = vhxh
            .client
            .get(format!("{}/api/v1/tenants/10210/audit", vhxh.base))
            .bearer_auth(token);
        async move { request.send().await.unwrap().status().as_u16() }
    };
    assert_eq!(audit(token.clone()).await, 200);
    let user = crate::commendation::count(&vhxh.db_url, "SELECT id FROM users WHERE username = 'hongvan.cds'").await;
    let res = vhxh
        .post_as(
            &officer,
            &format!("/quan-tri/10210/nguoi-dung/{user}/mat-khau"),
            &[("password", "Mat-khau-tam-2026")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(audit(token).await, 401, "the token died with the reset");
    vhxh.stop().await;
}

/// Issue #16: behind the reverse proxy a commune runs, a flood of failed sign-ins locks out the
/// address that sent it and nobody else; a caller cannot choose their address by sending the
/// header themselves; a request the proxy took over HTTPS gets a Secure cookie and HSTS.
#[tokio::test]
async fn behind_a_proxy_the_throttle_counts_the_caller_not_the_proxy() {
    let trusted = thidua_web::proxy::TrustedProxies::parse("127.0.0.1").unwrap();
    let s = Server::start_behind(thidua_store::testing::TestDb::sqlite(), trusted).await;
    let attempt = |from: &'static str, user: &'static str, password: &'static str| {
        s.client
            .post(format!("{}/dang-nhap", s.base))
            .header("x-forwarded-for", from)
            .header("x-forwarded-proto", "https")
            .form(&[("username", user), ("password", password), ("next", "")])
            .send()
    };
    for _ in 0..thidua_app::auth::MAX_FAILURES_PER_ADDR {
        let res = attempt("203.0.113.9", "khong.co.ai", "sai-mat-khau-123").await.unwrap();
        assert_eq!(res.status().as_u16(), 401);
    }
    let locked = attempt("203.0.113.9", "hongvan.vhxh", DEMO_PASSWORD).await.unwrap();
    assert_eq!(locked.status().as_u16(), 429, "the attacker's address waits");
    // Another caller behind the same proxy signs in, over HTTPS as the proxy says.
    let res = attempt("198.51.100.7", "hongvan.vhxh", DEMO_PASSWORD).await.unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(
        res.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age="),
        "HSTS over HTTPS"
    );
    let trail = crate::commendation::count(
        &s.db_url,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'login' AND client_addr = '203.0.113.9'",
    )
    .await;
    assert!(trail >= 30, "the trail names the real caller: {trail}");
    s.stop().await;

    // With no proxy configured, the header is the caller's own words and changes nothing.
    let s = Server::start().await;
    for n in 0..thidua_app::auth::MAX_FAILURES_PER_ADDR {
        let res = s
            .client
            .post(format!("{}/dang-nhap", s.base))
            .header("x-forwarded-for", format!("192.0.2.{n}"))
            .form(&[
                ("username", "khong.co.ai"),
                ("password", "sai-mat-khau-123"),
                ("next", ""),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status().as_u16(), 401);
    }
    let res = s
        .client
        .post(format!("{}/dang-nhap", s.base))
        .header("x-forwarded-for", "192.0.2.200")
        .header("x-forwarded-proto", "https")
        .form(&[("username", "hongvan.vhxh"), ("password", DEMO_PASSWORD), ("next", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        429,
        "a forged header does not escape the throttle"
    );
    assert!(res.headers().get("strict-transport-security").is_none());
    s.stop().await;
}

/// Issue #16: every form field and JSON string has a length limit, checked in one place: a
/// unit name of 600 characters or a plan sent with a 60,000-character paragraph is refused
/// naming the field, and nothing is stored.
#[tokio::test]
async fn an_oversized_field_is_refused_naming_it_and_nothing_is_stored() {
    let s = Server::start().await;
    let officer = s.login("hongvan.vhxh").await;
    let units = "SELECT COUNT(*) FROM units WHERE tenant_code = '10210'";
    let before = crate::commendation::count(&s.db_url, units).await;
    let long_name = "Thôn Đông ".repeat(60);
    let res = s
        .post_as(
            &officer,
            "/quan-tri/10210/don-vi",
            &[("name", &long_name), ("kind", "thon_to_dan_pho")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 400);
    let page = crate::unescape(&res.text().await.unwrap());
    assert!(
        page.contains("Trường «name» dài 600 ký tự, quá mức 500 ký tự"),
        "{page}"
    );
    assert_eq!(crate::commendation::count(&s.db_url, units).await, before);

    let token = s.new_token(&officer, "Phần mềm").await;
    let (_, mut plan) = s.json("/api/v1/plans/1").await;
    plan["purposes"][0] = serde_json::Value::String("ý ".repeat(30_000));
    let res = s
        .client
        .put(format!("{}/api/v1/tenants/10210/plans/1", s.base))
        .bearer_auth(token)
        .json(&plan)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 400);
    let problem: serde_json::Value = res.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("«purposes[0]» dài 60000 ký tự"),
        "{problem}"
    );
    let (_, now) = s.json("/api/v1/plans/1").await;
    assert_eq!(now["revision"], 1, "the plan is unchanged");
    s.stop().await;
}
