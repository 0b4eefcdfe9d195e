use crate::Server;
use thidua_store::testing::TestDb;

#[tokio::test]
async fn directory_endpoints() {
    let s = Server::start().await;
    let (status, provinces) = s.json("/api/v1/provinces").await;
    assert_eq!(status, 200);
    let provinces = provinces.as_array().unwrap();
    assert_eq!(provinces.len(), 34);
    assert!(
        provinces
            .iter()
            .all(|p| p["code"].as_str().unwrap().len() == 2 && p["name"].is_string())
    );
    let (_, communes) = s.json("/api/v1/provinces/91/communes").await;
    assert!(communes.as_array().unwrap().iter().any(|c| c["code"] == "30406"));
    let (_, found) = s.json("/api/v1/communes?q=quang%20trach").await;
    assert!(found.as_array().unwrap().iter().any(|c| c["name"] == "Xã Quảng Trạch"));
    let (_, one) = s.json("/api/v1/communes/10210").await;
    assert_eq!(one["name"], "Xã Hồng Vân");
    s.stop().await;
}

#[tokio::test]
async fn bad_input_gets_a_vietnamese_problem_never_a_500() {
    let s = Server::start().await;
    for (path, status, needle) in [
        ("/api/v1/communes", 400, "Thiếu tham số `q`"),
        ("/api/v1/communes?q=a&limit=0", 400, "`limit`"),
        ("/api/v1/communes?q=a&limit=abc", 400, "`limit`"),
        ("/api/v1/plans/abc", 400, "không hợp lệ"),
        ("/api/v1/plans/99999", 404, "Không có kế hoạch"),
        ("/api/v1/provinces/77/communes", 404, "Không có tỉnh"),
        ("/api/v1/communes/1", 404, "Không có xã"),
        ("/api/v1/khong-co", 404, "Không có địa chỉ API"),
    ] {
        let res = s.get(path).await;
        assert_eq!(res.status().as_u16(), status, "{path}");
        assert_eq!(res.headers()["content-type"], "application/problem+json", "{path}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["status"], status, "{path}");
        assert!(body["detail"].as_str().unwrap().contains(needle), "{path}: {body}");
    }
    let long = "a".repeat(500);
    assert_eq!(
        s.get(&format!("/api/v1/communes?q={long}")).await.status().as_u16(),
        400
    );
    s.stop().await;
}

#[tokio::test]
async fn a_plan_is_served_in_the_interchange_format() {
    let s = Server::start().await;
    let (_, list) = s.json("/api/v1/plans").await;
    assert_eq!(list.as_array().unwrap().len(), 4);
    let (status, plan) = s.json("/api/v1/plans/4").await;
    assert_eq!(status, 200);
    assert_eq!(plan["authority"]["code"], "30406");
    assert_eq!(plan["period"]["start_year"], 2025);
    assert_eq!(plan["phases"][0]["review"], "so_ket");
    assert_eq!(plan["phases"][1]["review_year"], 2030);
    let awards = plan["awards"].as_array().unwrap();
    let giay_khen = awards
        .iter()
        .find(|a| {
            a["form"] == "giay_khen_chu_tich_xa" && a["occasions"].as_array().unwrap().iter().any(|o| o == "annual")
        })
        .unwrap();
    assert_eq!(giay_khen["level"], "commune");
    assert_eq!(giay_khen["quota"]["collective"], 2);
    assert_eq!(giay_khen["quota"]["individual"], 4);
    assert!(awards.iter().any(|a| a["quota"].is_null()), "no quota is null");
    assert_eq!(plan["signature"]["name"], "Nguyễn Quốc Bảo");
    assert!(plan["signature"]["authority"].is_null());
    assert_eq!(plan["deadlines"][0]["yearly"], false);
    assert_eq!(plan["deadlines"][0]["year"], 2025);
    assert!(plan["criteria"][0]["group"].is_string() && plan["criteria"][0]["text"].is_string());
    s.stop().await;
}

#[tokio::test]
async fn the_openapi_document_lists_every_route() {
    let s = Server::start().await;
    let (status, doc) = s.json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/provinces",
        "/provinces/{code}/communes",
        "/communes",
        "/communes/{code}",
        "/plans",
        "/plans/{id}",
    ] {
        assert!(paths.contains_key(p), "{p} documented");
    }
    let (health, _) = (s.get("/healthz").await.status().as_u16(), ());
    assert_eq!(health, 200);
    s.stop().await;
}

/// The same API on PostgreSQL.
#[tokio::test]
async fn the_api_runs_on_postgres_too() {
    let Some(db) = TestDb::postgres().await else {
        return;
    };
    let s = Server::start_on(db).await;
    let (_, provinces) = s.json("/api/v1/provinces").await;
    assert_eq!(provinces.as_array().unwrap().len(), 34);
    let (_, found) = s.json("/api/v1/communes?q=hong%20van").await;
    assert_eq!(found[0]["code"], "10210");
    let (_, plan) = s.json("/api/v1/plans/1").await;
    assert_eq!(plan["deadlines"][0]["day"], 15);
    let (status, page) = s.text("/ke-hoach/1").await;
    assert_eq!(status, 200);
    assert!(page.contains("15/11 hằng năm"));
    s.stop().await;
}

/// A unit's reporting software sends its report with a token: a wrong value is named in
/// Vietnamese, and a retry of the same submission is answered as the first was.
#[tokio::test]
async fn a_report_sent_through_the_api_is_checked_in_vietnamese_and_a_retry_is_not_a_failure() {
    let s = Server::start().await;
    let head = s.login("phutan.thondong").await;
    let token = s.new_token(&head, "Phần mềm báo cáo").await;
    let unit = crate::commendation::count(
        &s.db_url,
        "SELECT id FROM units WHERE tenant_code = '30406' AND name = 'Thôn Đông'",
    )
    .await;
    let send = |body: &'static str| {
        let request = s
            .client
            .post(format!("{}/api/v1/tenants/30406/units/{unit}/reports/2026", s.base))
            .bearer_auth(token.clone())
            .header("content-type", "application/json")
            .body(body);
        async move {
            let res = request.send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<serde_json::Value>().await.unwrap())
        }
    };
    for (body, expected) in [
        (
            r#"{"sections": {"1": "Đã triển khai"}, "indicators": {"sang_kien": "hai"}, "submit": true}"#,
            "Trường «indicators.sang_kien»: giá trị không đúng, phải là một số nguyên không âm.",
        ),
        (
            r#"{"sections": {"1": "Đã triển khai"}, "submit": "có"}"#,
            "Trường «submit»: giá trị không đúng, phải là true hoặc false.",
        ),
        (
            r#"{"sections": {"1": "Đã triển khai"}, "nop": true}"#,
            "Trường «nop» không có trong nội dung này",
        ),
        (r#"{"sections": {"1": "Đã triển khai""#, "JSON chưa kết thúc"),
    ] {
        let (status, problem) = send(body).await;
        assert_eq!(status, 400, "{body}");
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(expected), "«{expected}» in {detail}");
        for english in ["invalid type", "expected", "line", "column", "unknown field", "EOF"] {
            assert!(!detail.contains(english), "English «{english}» in {detail}");
        }
    }
    let good =
        r#"{"sections": {"1": "Đã triển khai Zalo OA của thôn"}, "indicators": {"sang_kien": 2}, "submit": true}"#;
    let (status, first) = send(good).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        (first["submitted"].as_bool(), first["version"].as_i64()),
        (Some(true), Some(1))
    );
    // The connection dropped before the answer: the unit sends again and is told it worked.
    let (status, again) = send(good).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again, first);
    let versions = crate::commendation::count(
        &s.db_url,
        &format!(
            "SELECT COUNT(*) FROM report_versions WHERE report_id = {}",
            first["report_id"]
        ),
    )
    .await;
    assert_eq!(versions, 1, "the retry wrote nothing");
    // The standing office is told once that the report arrived (issue #18), retry or not.
    let officer = s.login("phutan.vhxh").await;
    let told = crate::unescape(&crate::commendation::page(&s, &officer, "/thong-bao").await);
    assert_eq!(told.matches("Thôn Đông đã gửi báo cáo năm").count(), 1, "{told}");
    // Something else sent over a submitted report is still refused.
    let (status, _) = send(r#"{"sections": {"1": "Nội dung khác"}, "submit": true}"#).await;
    assert_eq!(status, 400);
    s.stop().await;
}
