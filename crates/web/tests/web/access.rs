//! Every route of the platform, as every kind of caller: anonymous, a user of another commune,
//! users of the same commune without the role, a province officer, and the user who may. A
//! refused request gets 401/403/404 or the sign-in page, shows none of the commune's data,
//! changes nothing, and leaves a refusal in the audit trail. Runs on SQLite and PostgreSQL.

use std::collections::BTreeMap;

use sqlx::{Connection, Row};
use thidua_domain::access::{Action, Grant, Grants, Role, Target};
use thidua_store::testing::TestDb;
use thidua_web::routes::{Access, RouteSpec};

use crate::Server;
use crate::accounts::Session;

/// What a request could have changed: counts and sums over the account tables.
async fn snapshot(url: &str) -> BTreeMap<&'static str, i64> {
    sqlx::any::install_default_drivers();
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    let mut out = BTreeMap::new();
    for (name, sql) in [
        ("tenants", "SELECT COUNT(*) FROM tenants"),
        ("users", "SELECT COUNT(*) FROM users"),
        (
            "disabled",
            "SELECT CAST(COALESCE(SUM(disabled), 0) AS BIGINT) FROM users",
        ),
        (
            "must_change",
            "SELECT CAST(COALESCE(SUM(must_change_password), 0) AS BIGINT) FROM users",
        ),
        ("grants", "SELECT COUNT(*) FROM role_grants"),
        ("units", "SELECT COUNT(*) FROM units"),
        ("live_tokens", "SELECT COUNT(*) FROM api_tokens WHERE revoked_at = 0"),
        ("reports", "SELECT COUNT(*) FROM reports"),
        (
            "report_updates",
            "SELECT CAST(COALESCE(SUM(updated_at), 0) AS BIGINT) FROM reports",
        ),
        ("versions", "SELECT COUNT(*) FROM report_versions"),
        ("attachments", "SELECT COUNT(*) FROM attachments"),
        ("files", "SELECT COUNT(*) FROM files"),
        (
            "occasions",
            "SELECT COUNT(*) FROM award_occasions WHERE status = 'open'",
        ),
        ("nominations", "SELECT COUNT(*) FROM nominations"),
        (
            "nomination_updates",
            "SELECT CAST(COALESCE(SUM(updated_at), 0) AS BIGINT) FROM nominations",
        ),
        ("decisions", "SELECT COUNT(*) FROM award_decisions"),
        (
            "nomination_stages",
            "SELECT CAST(COALESCE(SUM(CASE status WHEN 'submitted' THEN 1 WHEN 'achievement_ok' THEN 2 \
             WHEN 'dossier_ok' THEN 4 WHEN 'approved' THEN 8 WHEN 'decided' THEN 16 WHEN 'returned' THEN 32 \
             WHEN 'withdrawn' THEN 64 ELSE 0 END), 0) AS BIGINT) FROM nominations",
        ),
        (
            "nomination_bodies",
            "SELECT CAST(COALESCE(SUM(LENGTH(body)), 0) AS BIGINT) FROM nominations",
        ),
        ("ratings", "SELECT COUNT(*) FROM ratings"),
        ("plans", "SELECT COUNT(*) FROM plans"),
        ("plan_revisions", "SELECT COUNT(*) FROM plan_revisions"),
        ("plan_drafts", "SELECT COUNT(*) FROM plan_drafts"),
        (
            "followed",
            "SELECT CAST(COALESCE(SUM(active), 0) AS BIGINT) FROM people",
        ),
        (
            "plan_draft_states",
            "SELECT CAST(COALESCE(SUM(CASE status WHEN 'published' THEN 1 WHEN 'discarded' THEN 2 ELSE 0 END), 0) AS BIGINT) \
             FROM plan_drafts",
        ),
        (
            "plan_draft_documents",
            "SELECT CAST(COALESCE(SUM(LENGTH(document)), 0) AS BIGINT) FROM plan_drafts",
        ),
        ("legal_values", "SELECT COUNT(*) FROM legal_values"),
        ("rule_sets", "SELECT COUNT(*) FROM eligibility_rules"),
        (
            "settings",
            "SELECT CAST(COALESCE(SUM(step_days), 0) AS BIGINT) FROM commendation_settings",
        ),
        ("registrations", "SELECT COUNT(*) FROM registrations"),
        (
            "period_dates",
            "SELECT CAST(COALESCE(SUM(remind_days), 0) AS BIGINT) FROM report_periods",
        ),
        ("rollups", "SELECT COUNT(*) FROM rollups"),
        ("notifications", "SELECT COUNT(*) FROM notifications"),
        ("people", "SELECT COUNT(*) FROM people"),
        ("unit_kinds", "SELECT COUNT(*) FROM unit_kinds"),
        ("import_jobs", "SELECT COUNT(*) FROM import_jobs"),
        ("initiatives", "SELECT COUNT(*) FROM initiatives"),
        (
            "initiative_text",
            "SELECT CAST(COALESCE(SUM(LENGTH(body) + LENGTH(status) + LENGTH(used_for)), 0) AS BIGINT) FROM initiatives",
        ),
        ("initiative_scores", "SELECT COUNT(*) FROM initiative_scores"),
        ("initiative_settings", "SELECT COUNT(*) FROM initiative_settings"),
        ("replications", "SELECT COUNT(*) FROM initiative_milestones"),
        ("votes", "SELECT COUNT(*) FROM council_votes"),
        (
            "vote_changes",
            "SELECT CAST(COALESCE(SUM(voted_at), 0) AS BIGINT) FROM council_votes",
        ),
        ("packages", "SELECT COUNT(*) FROM forward_packages"),
        ("awards", "SELECT COUNT(*) FROM award_records"),
        ("annulled", "SELECT COUNT(*) FROM award_records WHERE annulled_on <> ''"),
        (
            "rollup_states",
            "SELECT COUNT(*) * 100 + SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END) * 10 + SUM(CASE WHEN status = 'returned' THEN 1 ELSE 0 END) FROM rollups",
        ),
        (
            "registered",
            "SELECT COUNT(*) FROM outgoing_documents WHERE status = 'registered'",
        ),
        (
            "outcomes",
            "SELECT CAST(COALESCE(SUM(LENGTH(outcome_note)), 0) AS BIGINT) FROM nominations",
        ),
    ] {
        let row = sqlx::query(sql).fetch_one(&mut c).await.unwrap();
        out.insert(name, row.try_get::<i64, _>(0).unwrap());
    }
    c.close().await.ok();
    out
}

/// Imports run in the background: waits until none is left running.
async fn imports_finish(url: &str) {
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    for _ in 0..300 {
        let running: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM import_jobs WHERE finished = 0")
            .fetch_one(&mut c)
            .await
            .unwrap();
        if running == 0 {
            c.close().await.ok();
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("an import did not finish in 15 s");
}

async fn denials(url: &str) -> i64 {
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE outcome = 'denied'")
        .fetch_one(&mut c)
        .await
        .unwrap();
    c.close().await.ok();
    n
}

async fn id_of(url: &str, sql: &str) -> String {
    let mut c = sqlx::AnyConnection::connect(url).await.unwrap();
    let id: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&mut c)
        .await
        .unwrap();
    c.close().await.ok();
    id.to_string()
}

/// The demo accounts of Hồng Vân and its province, with their roles there.
fn hong_van_people(unit_of: &dyn Fn(&str) -> i64) -> Vec<(&'static str, Grants)> {
    let commune = |role: Role| {
        Grants(vec![Grant {
            tenant_code: "10210".into(),
            role,
            unit_id: None,
        }])
    };
    let unit = |role: Role, name: &str| {
        Grants(vec![Grant {
            tenant_code: "10210".into(),
            role,
            unit_id: Some(unit_of(name)),
        }])
    };
    vec![
        ("hongvan.vhxh", commune(Role::StandingOfficer)),
        ("hongvan.cds", commune(Role::DigitalOfficer)),
        ("hongvan.tdkt", commune(Role::CommendationOfficer)),
        ("hongvan.hoidong", commune(Role::CouncilMember)),
        ("hongvan.chutich", commune(Role::Signer)),
        ("hongvan.vanthu", commune(Role::Clerk)),
        ("hongvan.thondong", unit(Role::UnitHead, "Thôn Đông")),
        ("hongvan.truong", unit(Role::UnitReporter, "Trường Tiểu học")),
        (
            "hanoi.snv",
            Grants(vec![Grant {
                tenant_code: "01".into(),
                role: Role::ProvinceOfficer,
                unit_id: None,
            }]),
        ),
    ]
}

/// A form that would change something if it were accepted, for every POST route.
fn body_for(path: &str) -> Vec<(&'static str, &'static str)> {
    match path {
        "/quan-tri/{tenant}/ke-hoach/moi" => vec![("change", "correction"), ("plan", "{plan}")],
        "/quan-tri/{tenant}/doi-tuong/{kind}/{participant}/theo-doi" => vec![("active", "0")],
        // The least the editor sends that still reads as a plan: a draft may break rules.
        "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}" => vec![
            ("authority.code", "10210"),
            ("authority.name", "Ủy ban nhân dân xã Hồng Vân"),
            ("authority.short_name", "UBND"),
            ("document.symbol", "KH-UBND"),
            ("document.place", "Hồng Vân"),
            ("document.title", "Phát động phong trào thi đua"),
            ("period.start_year", "2025"),
            ("period.end_year", "2030"),
            ("movement", "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số"),
            ("preamble", "Ủy ban nhân dân xã ban hành Kế hoạch như sau:"),
            ("participants.collectives", "Các cơ quan, đơn vị"),
            ("participants.individuals", "Cán bộ, công chức"),
            ("signature.position", "CHỦ TỊCH"),
            ("signature.name", "Nguyễn Văn A"),
        ],
        "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}/cong-bo" => vec![("note", "Sửa lỗi chính tả ở phần căn cứ")],
        "/quan-tri/{tenant}/ke-hoach/nhap/{plan_draft}/bo" => vec![("xac-nhan", "1")],
        "/quan-tri/he-thong" => vec![
            ("code", "00070"),
            ("username", "hoankiem.vhxh"),
            ("password", "Mat-khau-tam-2026"),
        ],
        "/quan-tri/{tenant}/nguoi-dung" => vec![
            ("display_name", "Người lạ"),
            ("username", "xam.nhap"),
            ("password", "Mat-khau-tam-2026"),
            ("role", "standing_officer"),
        ],
        "/quan-tri/{tenant}/nguoi-dung/{user}/vo-hieu" | "/quan-tri/{tenant}/nguoi-dung/{user}/kich-hoat" => vec![],
        "/quan-tri/{tenant}/nguoi-dung/{user}/mat-khau" => vec![("password", "Mat-khau-tam-2026")],
        "/quan-tri/{tenant}/nguoi-dung/{user}/vai-tro" => vec![("role", "signer")],
        "/quan-tri/{tenant}/nguoi-dung/{user}/bo-vai-tro" => vec![("role", "digital_officer")],
        "/quan-tri/{tenant}/don-vi" => vec![("name", "Đơn vị lạ"), ("kind", "co_quan")],
        "/quan-tri/{tenant}/bao-cao/{year}/thoi-han" => vec![
            ("unit_due", "2026-12-01"),
            ("province_due", "2026-12-11"),
            ("remind_days", "5"),
        ],
        "/quan-tri/{tenant}/bao-cao/{year}/nhac" => vec![],
        "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}" => vec![("area_a", "Đã tuyên truyền"), ("action", "gui")],
        "/quan-tri/{tenant}/don-vi/{unit}/bao-cao/{year}/tiep-nhan" => {
            vec![("decision", "return"), ("version", "1"), ("reason", "Bổ sung số liệu")]
        }
        "/quan-tri/{tenant}/don-vi/{unit}/dang-ky/{year}" => vec![("area_a", "Tổ chức 4 buổi tuyên truyền")],
        "/quan-tri/{tenant}/tong-hop/{year}" => vec![("assessment", "Hoàn thành"), ("action", "nhap")],
        "/quan-tri/{tenant}/cac-xa/{year}/{commune}/tra-lai" => vec![("reason", "Bổ sung số liệu")],
        "/quan-tri/{tenant}/tong-hop/{year}/rut-lai" => vec![("lý_do", "sửa số liệu")],
        "/quan-tri/{tenant}/doi-tuong/tap-the" => vec![("name", "Chi hội Nông dân"), ("kind", "mttq_doan_the")],
        "/quan-tri/{tenant}/doi-tuong/ca-nhan" => vec![
            ("full_name", "Lê Văn Lạ"),
            ("gender", "Nam"),
            ("birth_year", "1980"),
            ("category", "nguoi_dan"),
        ],
        "/quan-tri/{tenant}/doi-tuong/loai" => vec![("label", "Hợp tác xã")],
        "/quan-tri/{tenant}/sang-kien/cai-dat" => vec![
            ("weight_novelty", "25"),
            ("weight_applicability", "25"),
            ("weight_effectiveness", "25"),
            ("weight_scope", "25"),
            ("threshold", "60"),
        ],
        "/quan-tri/{tenant}/sang-kien/{initiative}/cham-diem" => vec![
            ("score_novelty", "8"),
            ("score_applicability", "7"),
            ("score_effectiveness", "9"),
            ("score_scope", "6"),
            ("note", "Cần số liệu sau 6 tháng"),
        ],
        "/quan-tri/{tenant}/sang-kien/ket-qua" => vec![
            ("id", "{initiative2}"),
            ("decision", "recognise"),
            ("decision_no", "12/QĐ-UBND"),
            ("decision_date", "2026-11-20"),
        ],
        "/quan-tri/{tenant}/sang-kien/{initiative}/ket-qua" => vec![
            ("decision", "recognise"),
            ("decision_no", "13/QĐ-UBND"),
            ("decision_date", "2026-11-20"),
        ],
        "/quan-tri/{tenant}/sang-kien/{initiative}/su-dung" => vec![("used_for", "Giấy khen của Chủ tịch UBND xã")],
        "/quan-tri/{tenant}/sang-kien/{initiative}/nhan-rong" => vec![
            ("place", "Thôn Tây"),
            ("on_date", "2026-11-20"),
            ("progress", "30"),
            ("note", "Bắt đầu áp dụng"),
        ],
        "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/moi" => vec![("title", "Sáng kiến lạ"), ("action", "nhap")],
        "/quan-tri/{tenant}/khen-thuong/dot" => vec![("kind", "dot_xuat"), ("year", "2026")],
        "/quan-tri/{tenant}/khen-thuong/cai-dat" => {
            vec![("step_days", "5"), ("quorum_percent", "50"), ("approval_percent", "60")]
        }
        "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/thanh-tich"
        | "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/ho-so" => vec![("verdict", "dat")],
        "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/hoi-dong" => vec![
            ("verdict", "dat"),
            ("members", "9"),
            ("present", "7"),
            ("votes_for", "6"),
            ("votes_against", "1"),
        ],
        "/quan-tri/{tenant}/khen-thuong/{occasion}/quyet-dinh" => vec![
            ("form", "giay_khen_chu_tich_xa"),
            ("date", "{today}"),
            ("signer_name", "Lê Tuấn Dũng"),
            ("signer_title", "chu"),
        ],
        "/quan-tri/{tenant}/khen-thuong/{occasion}/trang-thai" => vec![("open", "0")],
        "/quan-tri/{tenant}/khen-thuong/de-nghi/{nomination}/bieu-quyet" => vec![("vote", "dong-y")],
        "/quan-tri/{tenant}/khen-thuong/{occasion}/trinh" => vec![
            ("form", "bang_khen_chu_tich_tinh"),
            ("date", "{today}"),
            ("signer_name", "Lê Tuấn Dũng"),
            ("signer_title", "chu"),
        ],
        "/quan-tri/{tenant}/ho-so-trinh/{package}" => vec![
            ("id", "{proposed}"),
            ("ket_qua", "khen"),
            ("ly_do", ""),
            ("decision_no", "1234/QĐ-UBND"),
            ("decision_date", "{today}"),
        ],
        "/quan-tri/{tenant}/so-van-ban-di/{entry}" => vec![("number", "77"), ("date", "{today}")],
        "/quan-tri/{tenant}/so-vang/{award}/huy-bo" => vec![
            ("annul_decision", "20/QĐ-UBND"),
            ("annul_on", "{today}"),
            ("annul_reason", "gian_doi"),
            ("recover", "0"),
        ],
        "/quan-tri/{tenant}/so-vang" => vec![
            ("what", "rating"),
            ("recipient", "individual"),
            ("subject", "{person}"),
            ("year", "2026"),
            ("rating", "htxs"),
        ],
        "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/moi"
        | "/quan-tri/{tenant}/don-vi/{unit}/khen-thuong/{occasion}/{nomination}" => vec![
            ("form", "giay_khen_chu_tich_xa"),
            ("recipient", "individual"),
            ("person", "{person}"),
            ("achievements", "Vận động 120 hộ cài đặt VNeID"),
            ("action", "nhap"),
        ],
        "/quan-tri/he-thong/muc-thuong" => vec![
            ("table", "base_salary"),
            ("value", "2530000"),
            ("effective_from", "2026-07-01"),
            ("source", "Nghị định (dự kiến)"),
            ("confidence", "P"),
        ],
        "/quan-tri/he-thong/quy-tac-xet" => vec![(
            "body",
            "version = 2\neffective_from = \"2031-01-01\"\nsource = \"Luật sửa đổi (thử)\"\n",
        )],
        "/quan-tri/{tenant}/don-vi/{unit}/sang-kien/{initiative}" => {
            vec![("title", "Bản nháp đã sửa dài hơn"), ("action", "nhap")]
        }
        other => panic!("no test body for POST {other}: add one so that its access is tested"),
    }
}

struct Ids {
    initiative: String,
    initiative2: String,
    draft: String,
    job: String,
    unit: String,
    file: String,
    initiative_file: String,
    occasion: String,
    nomination: String,
    nomination_draft: String,
    nomination_file: String,
    decision: String,
    /// An award of that decision, to annul.
    award: String,
    /// A Tờ trình sent to Hà Nội, and the nomination in it waiting for the province's word.
    package: String,
    proposed: String,
    /// The sơ kết occasion the province-level nominations belong to.
    review: String,
    person: String,
    user: String,
    token: String,
    /// Hồng Vân's plan and three drafts correcting it: one to open and save, one to publish, one
    /// to drop.
    plan: String,
    plan_drafts: [String; 3],
    /// A person kept only to be deactivated.
    participant: String,
    /// Today in Vietnam: the only date a decision signed now can carry once its council voted today.
    today: String,
}

/// Hồng Vân's standing officer sends its 2026 summary to Hà Nội.
async fn send_summary(s: &Server, officer: &Session) {
    let res = s
        .post_as(
            officer,
            "/quan-tri/10210/tong-hop/2026",
            &[
                ("assessment", "Hoàn thành"),
                ("confirm_missing", "1"),
                ("action", "gui"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
}

fn fill(path: &str, ids: &Ids) -> String {
    let draft = if path.ends_with("/cong-bo") {
        &ids.plan_drafts[1]
    } else if path.ends_with("/bo") {
        &ids.plan_drafts[2]
    } else {
        &ids.plan_drafts[0]
    };
    let path = path
        .replace("{participant}", &ids.participant)
        .replace("{plan_draft}", draft)
        .replace("/plans/{id}", &format!("/plans/{}", ids.plan));
    // The province's pages are the province's (Hà Nội, of Hồng Vân); the Tờ trình goes up from
    // the sơ kết, where Hồng Vân's plan offers the province's forms.
    let path = path
        .replace("/quan-tri/{tenant}/ho-so-trinh", "/quan-tri/01/ho-so-trinh")
        .replace(
            "/quan-tri/{tenant}/cac-xa/{year}/{commune}",
            "/quan-tri/01/cac-xa/2026/10210",
        )
        .replace(
            "/khen-thuong/{occasion}/trinh",
            &format!("/khen-thuong/{}/trinh", ids.review),
        );
    let path = if path.contains("/sang-kien/") {
        path.replace("{file}", &ids.initiative_file)
    } else if path.contains("/khen-thuong/") {
        // A unit's own nomination page is its draft, with the draft's file.
        path.replace("{file}", &ids.nomination_file).replace(
            "/khen-thuong/{occasion}/{nomination}",
            "/khen-thuong/{occasion}/{nomination_draft}",
        )
    } else {
        path.to_owned()
    };
    // A unit's own page of an initiative is the draft, which its writers may still change.
    path.replace(
        "/don-vi/{unit}/sang-kien/{initiative}",
        "/don-vi/{unit}/sang-kien/{draft}",
    )
    .replace("{tenant}", "10210")
    .replace("{unit}", &ids.unit)
    .replace("{user}", &ids.user)
    .replace("{id}", &ids.token)
    .replace("{year}", "2026")
    .replace("{kind}", "ca-nhan")
    .replace("{file}", &ids.file)
    .replace("{job}", &ids.job)
    .replace("{initiative}", &ids.initiative)
    .replace("{draft}", &ids.draft)
    .replace("{occasion}", &ids.occasion)
    .replace("{nomination_draft}", &ids.nomination_draft)
    .replace("{nomination}", &ids.nomination)
    .replace("{decision}", &ids.decision)
    .replace("{award}", &ids.award)
    .replace("{package}", &ids.package)
    .replace("{proposed}", &ids.proposed)
    // Any paper of the register: who may not is refused before it is looked up.
    .replace("{entry}", "1")
    .replace("{format}", "pdf")
    .replace("{paper}", "bien-ban")
    .replace("{code}", "KHONGCOMA")
}

async fn request(s: &Server, ids: &Ids, spec: &RouteSpec, path: &str, who: Option<&Session>) -> (u16, String, String) {
    let url = format!("{}{path}", s.base);
    let mut req = if spec.method == "GET" {
        s.client.get(url)
    } else if spec.path.ends_with("/plans") || spec.method == "PUT" {
        // A whole plan: Hồng Vân's as it stands (PUT), or for its next period (POST).
        let mut plan: serde_json::Value = serde_json::from_str(
            &s.get(&format!("/api/v1/plans/{}", ids.plan))
                .await
                .text()
                .await
                .unwrap(),
        )
        .unwrap();
        if spec.method == "POST" {
            shift_years(&mut plan, 6);
        }
        let body = serde_json::to_string(&plan).unwrap();
        let req = if spec.method == "PUT" {
            s.client.put(url)
        } else {
            s.client.post(url)
        };
        req.header("content-type", "application/json").body(body)
    } else if spec.path.ends_with("/so-vang/nhap") {
        // An award history of one line, in the sổ vàng template's columns.
        let file = thidua_documents::xlsx(&thidua_documents::Table {
            title: "Sổ vàng",
            headers: &thidua_app::commendation::history::HEADERS,
            rows: vec![
                [
                    "Cá nhân",
                    "Trần Văn Ba",
                    "",
                    "2023",
                    "Lao động tiên tiến",
                    "công trạng",
                    "12/QĐ-UBND",
                    "",
                ]
                .iter()
                .map(|c| (*c).to_owned())
                .collect(),
            ],
        })
        .unwrap();
        let mut form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(file).file_name("so-vang.xlsx"));
        if let Some(session) = who {
            form = form.text("csrf", session.csrf.clone());
        }
        s.client.post(url).multipart(form)
    } else if spec.path.ends_with("/ke-hoach/nhap") {
        // The plan a commune issued, as the văn thư typed it in Word.
        let file = include_bytes!("../../../../eval/plan-import/000-hong-van.docx").to_vec();
        let mut form = reqwest::multipart::Form::new()
            .part("file", reqwest::multipart::Part::bytes(file).file_name("ke-hoach.docx"));
        if let Some(session) = who {
            form = form.text("csrf", session.csrf.clone());
        }
        s.client.post(url).multipart(form)
    } else if path.starts_with("/api/") {
        // The API takes JSON and a bearer token; a session cookie works the same.
        let json = r#"{"sections": {"a": "Đã tuyên truyền qua loa"}, "indicators": {"sang_kien": 1}, "submit": true}"#;
        s.client.post(url).header("content-type", "application/json").body(json)
    } else if spec.path.ends_with("/doi-tuong/nhap") {
        // An import file of one person, as the form sends it.
        let file = thidua_documents::xlsx(&thidua_documents::Table {
            title: "Cá nhân",
            headers: &[
                "Họ và tên",
                "Giới tính",
                "Năm sinh",
                "Chức vụ",
                "Đơn vị công tác",
                "Đối tượng",
            ],
            rows: vec![vec![
                "Phạm Thị Nhập".into(),
                "Nữ".into(),
                "1990".into(),
                String::new(),
                String::new(),
                "Người dân".into(),
            ]],
        })
        .unwrap();
        let mut form = reqwest::multipart::Form::new()
            .text("kind", "ca-nhan")
            .part("file", reqwest::multipart::Part::bytes(file).file_name("ca-nhan.xlsx"));
        if let Some(session) = who {
            form = form.text("csrf", session.csrf.clone());
        }
        s.client.post(url).multipart(form)
    } else if spec.path.ends_with("/dinh-kem") || spec.path.ends_with("/tep") {
        // A file upload: a small PDF, as the form sends it.
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"%PDF-1.4 bien ban".to_vec()).file_name("bien-ban.pdf"),
        );
        if let Some(session) = who {
            form = form.text("csrf", session.csrf.clone());
        }
        s.client.post(url).multipart(form)
    } else {
        let mut form: Vec<(&str, &str)> = match spec.access {
            Access::Tenant(_) | Access::UnitWriter | Access::Platform => body_for(&spec.path)
                .into_iter()
                .map(|(k, v)| {
                    (
                        k,
                        match v {
                            "{initiative2}" => ids.initiative2.as_str(),
                            "{person}" => ids.person.as_str(),
                            "{proposed}" => ids.proposed.as_str(),
                            "{today}" => ids.today.as_str(),
                            "{plan}" => ids.plan.as_str(),
                            _ => v,
                        },
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        if let Some(session) = who {
            form.push(("csrf", &session.csrf));
        }
        s.client.post(url).form(&form)
    };
    if let Some(session) = who {
        req = req.header("cookie", &session.cookie);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, crate::unescape(&res.text().await.unwrap_or_default()))
}

fn action_of(spec: &RouteSpec) -> Option<Action> {
    match spec.access {
        Access::Tenant(a) => Some(a),
        _ => None,
    }
}

async fn every_route_as_every_caller(db: TestDb) {
    let s = Server::start_on(db).await;
    let url = s.db_url.clone();
    let thon_dong: i64 = id_of(
        &url,
        "SELECT id FROM units WHERE tenant_code = '10210' AND name = 'Thôn Đông'",
    )
    .await
    .parse()
    .unwrap();
    let truong: i64 = id_of(
        &url,
        "SELECT id FROM units WHERE tenant_code = '10210' AND name = 'Trường Tiểu học'",
    )
    .await
    .parse()
    .unwrap();
    let unit_of = move |name: &str| if name == "Thôn Đông" { thon_dong } else { truong };
    let vhxh = s.login("hongvan.vhxh").await;
    let token = s
        .post_as(
            &vhxh,
            "/tai-khoan/ma-truy-cap",
            &[("name", "kiểm thử"), ("password", thidua_app::demo::DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(token.status().as_u16(), 200);
    // A file in Thôn Đông's draft report, for the download route.
    let upload = reqwest::multipart::Form::new().text("csrf", vhxh.csrf.clone()).part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.4 ke hoach".to_vec()).file_name("ke-hoach.pdf"),
    );
    let res = s
        .client
        .post(format!(
            "{}/quan-tri/10210/don-vi/{thon_dong}/bao-cao/2026/dinh-kem",
            s.base
        ))
        .header("cookie", &vhxh.cookie)
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    // An import of the officer's (a file that is not a spreadsheet), for its progress page.
    let upload = reqwest::multipart::Form::new()
        .text("csrf", vhxh.csrf.clone())
        .text("kind", "tap-the")
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"not a spreadsheet".to_vec()).file_name("x.xlsx"),
        );
    let res = s
        .client
        .post(format!("{}/quan-tri/10210/doi-tuong/nhap", s.base))
        .header("cookie", &vhxh.cookie)
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    imports_finish(&url).await;
    // Initiatives of Thôn Đông entered by the officer: a draft, and two sent for appraisal.
    let initiative = |title: &'static str, action: &'static str| {
        let form = vec![
            ("csrf", vhxh.csrf.clone()),
            ("title", title.to_owned()),
            ("kind", "sang_kien".to_owned()),
            ("area", "a".to_owned()),
            ("author_1_name", "Nguyễn Văn An".to_owned()),
            ("summary", format!("{title}: tóm tắt")),
            ("problem", "Người dân phải đi lại nhiều lần".to_owned()),
            ("novelty", "Lần đầu áp dụng ở xã".to_owned()),
            ("benefits", "Giảm 50% thời gian".to_owned()),
            ("difference", "Khác về đối tượng".to_owned()),
            ("action", action.to_owned()),
        ];
        s.client
            .post(format!("{}/quan-tri/10210/don-vi/{thon_dong}/sang-kien/moi", s.base))
            .header("cookie", &vhxh.cookie)
            .form(&form)
            .send()
    };
    for (title, action) in [
        ("Bản nháp", "nhap"),
        ("Sổ tay điện tử cho tổ hòa giải", "gui"),
        ("Loa phát thanh thông minh", "gui"),
    ] {
        let res = initiative(title, action).await.unwrap();
        assert_eq!(res.status().as_u16(), 303, "{title}");
    }
    let draft = id_of(&url, "SELECT MIN(id) FROM initiatives WHERE status = 'draft'").await;
    // A document of the draft, for its download route.
    let upload = reqwest::multipart::Form::new().text("csrf", vhxh.csrf.clone()).part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.4 mo ta".to_vec()).file_name("mô-tả.pdf"),
    );
    let res = s
        .client
        .post(format!(
            "{}/quan-tri/10210/don-vi/{thon_dong}/sang-kien/{draft}/tep",
            s.base
        ))
        .header("cookie", &vhxh.cookie)
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    // A second digital officer, the account the user routes disable and strip of its role,
    // so the first can still appraise.
    let res = s
        .post_as(
            &vhxh,
            "/quan-tri/10210/nguoi-dung",
            &[
                ("display_name", "Cán bộ chuyển đổi số 2"),
                ("username", "hongvan.cds2"),
                ("password", "Mat-khau-tam-2026"),
                ("role", "digital_officer"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    // As if its first password had been changed, so that the reset below is a change.
    {
        let mut c = sqlx::AnyConnection::connect(&url).await.unwrap();
        sqlx::query("UPDATE users SET must_change_password = 0 WHERE username = 'hongvan.cds2'")
            .execute(&mut c)
            .await
            .unwrap();
        c.close().await.ok();
    }
    // Commendation: an annual occasion; one nomination taken through to a decision, one sent,
    // one draft with a signed minutes file.
    let person = id_of(
        &url,
        "SELECT MIN(id) FROM people WHERE tenant_code = '10210' AND full_name = 'Trần Văn Ba'",
    )
    .await;
    let res = s
        .post_as(
            &vhxh,
            "/quan-tri/10210/khen-thuong/dot",
            &[("kind", "annual"), ("year", "2026")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let occasion = id_of(&url, "SELECT MAX(id) FROM award_occasions").await;
    let nominate = |action: &'static str| {
        let path = format!("/quan-tri/10210/don-vi/{thon_dong}/khen-thuong/{occasion}/moi");
        let person = person.clone();
        let (s, vhxh, url) = (&s, &vhxh, &url);
        async move {
            let res = s
                .post_as(
                    vhxh,
                    &path,
                    &[
                        ("form", "giay_khen_chu_tich_xa"),
                        ("recipient", "individual"),
                        ("person", &person),
                        ("achievements", "Vận động 120 hộ cài đặt VNeID"),
                        ("report", "Báo cáo thành tích"),
                        ("meeting_date", "2026-11-10"),
                        ("meeting_members", "9"),
                        ("meeting_present", "8"),
                        ("meeting_for", "8"),
                        ("meeting_against", "0"),
                        ("action", action),
                    ],
                )
                .await;
            assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
            id_of(url, "SELECT MAX(id) FROM nominations").await
        }
    };
    let decided = nominate("gui").await;
    for (who, step, extra) in [
        ("hongvan.cds", "thanh-tich", vec![]),
        ("hongvan.tdkt", "ho-so", vec![]),
        (
            "hongvan.tdkt",
            "hoi-dong",
            vec![
                ("members", "9"),
                ("present", "7"),
                ("votes_for", "6"),
                ("votes_against", "1"),
            ],
        ),
    ] {
        let officer = s.login(who).await;
        let mut form = vec![("verdict", "dat")];
        form.extend(extra);
        let res = s
            .post_as(
                &officer,
                &format!("/quan-tri/10210/khen-thuong/de-nghi/{decided}/{step}"),
                &form,
            )
            .await;
        assert_eq!(res.status().as_u16(), 303, "{step}: {}", res.text().await.unwrap());
    }
    let chairman = s.login("hongvan.chutich").await;
    let res = s
        .post_as(
            &chairman,
            &format!("/quan-tri/10210/khen-thuong/{occasion}/quyet-dinh"),
            &[
                ("form", "giay_khen_chu_tich_xa"),
                ("date", &crate::today_iso()),
                ("signer_name", "Lê Tuấn Dũng"),
                ("signer_title", "chu"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    // The văn thư numbers it, so that its certificates print.
    assert_eq!(s.register_awaiting("hongvan", "10210").await, 1);
    let nomination = nominate("gui").await;
    let nomination_draft = nominate("nhap").await;
    let upload = reqwest::multipart::Form::new().text("csrf", vhxh.csrf.clone()).part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.4 bien ban".to_vec()).file_name("biên-bản.pdf"),
    );
    let res = s
        .client
        .post(format!(
            "{}/quan-tri/10210/don-vi/{thon_dong}/khen-thuong/{occasion}/{nomination_draft}/tep",
            s.base
        ))
        .header("cookie", &vhxh.cookie)
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    // Two Bằng khen tỉnh nominations of the 2027 sơ kết (Hồng Vân's plan offers the province's
    // forms at its reviews) approved by the council: one sent to Hà Nội here, the other left for
    // the chairman's Tờ trình route.
    let res = s
        .post_as(
            &vhxh,
            "/quan-tri/10210/khen-thuong/dot",
            &[("kind", "so_ket"), ("year", "2027")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let review = id_of(&url, "SELECT MAX(id) FROM award_occasions").await;
    let tdkt_setup = s.login("hongvan.tdkt").await;
    let mut province_level = Vec::new();
    for name in ["Lê Thị Hoa", "Phạm Thị Dung"] {
        let subject = id_of(
            &url,
            &format!("SELECT MIN(id) FROM people WHERE tenant_code = '10210' AND full_name = '{name}'"),
        )
        .await;
        for year in ["2026", "2027"] {
            let fields = [
                ("what", "award"),
                ("recipient", "individual"),
                ("subject", subject.as_str()),
                ("year", year),
                ("form", "chien_si_thi_dua_co_so"),
                ("kind", "cong_trang"),
                ("decision_no", "05/QĐ-UBND"),
            ];
            let res = s.post_as(&tdkt_setup, "/quan-tri/10210/so-vang", &fields).await;
            assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
        }
        let res = s
            .post_as(
                &vhxh,
                &format!("/quan-tri/10210/don-vi/{thon_dong}/khen-thuong/{review}/moi"),
                &[
                    ("form", "bang_khen_chu_tich_tinh"),
                    ("recipient", "individual"),
                    ("person", &subject),
                    ("achievements", "Hướng dẫn 300 người dân dùng dịch vụ công trực tuyến"),
                    ("report", "Báo cáo thành tích"),
                    ("meeting_date", "2026-11-10"),
                    ("meeting_members", "9"),
                    ("meeting_present", "8"),
                    ("meeting_for", "8"),
                    ("meeting_against", "0"),
                    ("action", "gui"),
                ],
            )
            .await;
        assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
        let id = id_of(&url, "SELECT MAX(id) FROM nominations").await;
        for (who, step, extra) in [
            ("hongvan.cds", "thanh-tich", vec![]),
            ("hongvan.tdkt", "ho-so", vec![]),
            (
                "hongvan.tdkt",
                "hoi-dong",
                vec![
                    ("members", "9"),
                    ("present", "7"),
                    ("votes_for", "6"),
                    ("votes_against", "1"),
                ],
            ),
        ] {
            let officer = s.login(who).await;
            let mut form = vec![("verdict", "dat")];
            form.extend(extra);
            let res = s
                .post_as(
                    &officer,
                    &format!("/quan-tri/10210/khen-thuong/de-nghi/{id}/{step}"),
                    &form,
                )
                .await;
            assert_eq!(res.status().as_u16(), 303, "{step}: {}", res.text().await.unwrap());
        }
        province_level.push(id);
        if province_level.len() == 1 {
            let res = s
                .post_as(
                    &chairman,
                    &format!("/quan-tri/10210/khen-thuong/{review}/trinh"),
                    &[
                        ("form", "bang_khen_chu_tich_tinh"),
                        ("date", &crate::today_iso()),
                        ("signer_name", "Lê Tuấn Dũng"),
                        ("signer_title", "chu"),
                    ],
                )
                .await;
            assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
            // Registered, it reaches the province.
            assert_eq!(s.register_awaiting("hongvan", "10210").await, 1);
        }
    }
    // Someone to stop following.
    let res = s
        .post_as(
            &vhxh,
            "/quan-tri/10210/doi-tuong/ca-nhan",
            &[
                ("full_name", "Người Chuyển Đi"),
                ("gender", "Nam"),
                ("birth_year", "1970"),
                ("category", "nguoi_dan"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let participant = id_of(&url, "SELECT id FROM people WHERE full_name = 'Người Chuyển Đi'").await;
    // Hồng Vân's summary sent to Hà Nội and returned: readable there, editable here.
    send_summary(&s, &vhxh).await;
    let hanoi = s.login("hanoi.snv").await;
    let res = s
        .post_as(
            &hanoi,
            "/quan-tri/01/cac-xa/2026/10210/tra-lai",
            &[("reason", "Bổ sung số liệu")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    // Three drafts correcting Hồng Vân's plan.
    let plan = id_of(&url, "SELECT id FROM plans WHERE tenant_code = '10210'").await;
    for _ in 0..3 {
        let res = s
            .post_as(
                &vhxh,
                "/quan-tri/10210/ke-hoach/moi",
                &[("change", "correction"), ("plan", &plan)],
            )
            .await;
        assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    }
    let plan_drafts = [
        id_of(&url, "SELECT MIN(id) FROM plan_drafts").await,
        id_of(&url, "SELECT MIN(id) + 1 FROM plan_drafts").await,
        id_of(&url, "SELECT MAX(id) FROM plan_drafts").await,
    ];
    let ids = Ids {
        plan,
        plan_drafts,
        participant,
        occasion,
        nomination,
        nomination_draft,
        nomination_file: id_of(&url, "SELECT MAX(id) FROM files WHERE owner_kind = 'nomination'").await,
        decision: id_of(&url, "SELECT MAX(id) FROM award_decisions").await,
        award: id_of(&url, "SELECT MIN(id) FROM award_records WHERE verify_code <> ''").await,
        package: id_of(&url, "SELECT MAX(id) FROM forward_packages").await,
        proposed: province_level[0].clone(),
        today: crate::today_iso(),
        review,
        person,
        initiative_file: id_of(&url, "SELECT MAX(id) FROM files WHERE owner_kind = 'initiative'").await,
        draft,
        initiative: id_of(&url, "SELECT MIN(id) FROM initiatives WHERE status = 'submitted'").await,
        initiative2: id_of(&url, "SELECT MAX(id) FROM initiatives WHERE status = 'submitted'").await,
        job: id_of(&url, "SELECT MAX(id) FROM import_jobs").await,
        file: id_of(&url, "SELECT MAX(id) FROM attachments").await,
        unit: thon_dong.to_string(),
        user: id_of(&url, "SELECT id FROM users WHERE username = 'hongvan.cds2'").await,
        token: id_of(&url, "SELECT MAX(id) FROM api_tokens").await,
    };
    let outsider = s.login("phutan.vhxh").await;
    // The council member scores (the digital officer is the account the user routes disable).
    let council = s.login("hongvan.hoidong").await;
    let (cds, tdkt) = (s.login("hongvan.cds").await, s.login("hongvan.tdkt").await);
    let clerk = s.login("hongvan.vanthu").await;
    let mut people = Vec::new();
    for (name, grants) in hong_van_people(&unit_of) {
        people.push((name, grants, s.login(name).await));
    }
    let operator = s.login("admin").await;
    let province = s.login("hanoi.snv").await;

    let specs = thidua_web::route_specs();
    assert!(specs.len() >= 30, "the registry lists every route ({})", specs.len());
    let mut checked = 0;
    for spec in specs.iter().filter(|r| r.access != Access::Public) {
        let path = fill(&spec.path, &ids);
        let api = path.starts_with("/api/");
        let label = format!("{} {}", spec.method, spec.path);

        // Anonymous: the sign-in page or 401, nothing changed.
        let before = snapshot(&url).await;
        let (status, location, _) = request(&s, &ids, spec, &path, None).await;
        if api {
            assert_eq!(status, 401, "{label} anonymous");
        } else {
            assert_eq!(status, 303, "{label} anonymous");
            assert!(
                location.starts_with("/dang-nhap"),
                "{label} anonymous goes to sign in, not {location}"
            );
        }
        assert_eq!(
            snapshot(&url).await,
            before,
            "{label}: an anonymous request changed data"
        );

        // Callers without the right: another commune's officer, and everyone here whose
        // roles do not allow the action (or the operator's route).
        let at_province = spec.path.contains("/ho-so-trinh") || spec.path.contains("{commune}");
        let target = Target {
            tenant_code: if at_province { "01" } else { "10210" },
            province_code: if at_province { None } else { Some("01") },
            unit_id: spec.path.contains("{unit}").then_some(thon_dong),
        };
        let mut refused: Vec<(&str, &Session)> = vec![("phutan.vhxh", &outsider)];
        let mut allowed: Vec<(&str, &Session)> = Vec::new();
        for (name, grants, session) in &people {
            let may = match spec.access {
                Access::Tenant(action) => grants.allows(action, target),
                Access::UnitWriter => {
                    grants.allows(Action::SubmitReport, target) || grants.allows(Action::ActOnBehalf, target)
                }
                Access::Platform => false,
                _ => true,
            };
            if may {
                allowed.push((name, session))
            } else {
                refused.push((name, session))
            }
        }
        if spec.access == Access::Platform {
            allowed = vec![("admin", &operator)];
        } else if action_of(spec).is_some() || spec.access == Access::UnitWriter {
            refused.push(("admin", &operator));
        }
        if matches!(spec.access, Access::Tenant(_) | Access::UnitWriter | Access::Platform) {
            for (name, session) in &refused {
                let before = snapshot(&url).await;
                let denied_before = denials(&url).await;
                let (status, _, body) = request(&s, &ids, spec, &path, Some(session)).await;
                assert!(status == 403 || status == 404, "{label} as {name}: {status}");
                assert!(
                    !body.contains("hongvan.cds") && !body.contains("Trường Tiểu học"),
                    "{label} as {name} leaked data"
                );
                assert_eq!(snapshot(&url).await, before, "{label} as {name} changed data");
                assert_eq!(
                    denials(&url).await,
                    denied_before + 1,
                    "{label} as {name}: the refusal is in the audit trail"
                );
            }
            assert!(
                !allowed.is_empty() || spec.method == "POST",
                "{label}: someone may use it"
            );
            if spec.method == "GET" {
                for (name, session) in &allowed {
                    let (status, _, _) = request(&s, &ids, spec, &path, Some(session)).await;
                    assert_eq!(status, 200, "{label} as {name}, who may");
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 20, "checked {checked} routes");

    // Unit A's address with unit B's object: the unit in the path opens none of another unit's
    // nominations, initiatives or files, for that unit's own reporter nor for the officer who
    // enters data on a unit's behalf (issue #17).
    let truong_id = truong.to_string();
    let reporter = &people.iter().find(|(n, _, _)| *n == "hongvan.truong").unwrap().2;
    let mut crossed = 0;
    for spec in specs.iter().filter(|r| {
        r.path.contains("{unit}")
            && ["{initiative}", "{nomination}", "{file}"]
                .iter()
                .any(|p| r.path.contains(p))
    }) {
        let path = fill(&spec.path.replace("{unit}", &truong_id), &ids);
        for (name, who) in [("hongvan.truong", reporter), ("hongvan.vhxh", &vhxh)] {
            let before = snapshot(&url).await;
            let (status, _, body) = request(&s, &ids, spec, &path, Some(who)).await;
            assert!(
                status == 403 || status == 404,
                "{} {path} as {name}, with Thôn Đông's object under Trường Tiểu học: {status}\n{body}",
                spec.method
            );
            assert_eq!(
                snapshot(&url).await,
                before,
                "{} {path} as {name} changed data",
                spec.method
            );
        }
        crossed += 1;
    }
    assert!(crossed >= 8, "unit-scoped routes with an object: {crossed}");

    // Control: the same bodies, sent by the officer who may, do change data — so the refusals
    // above were refusals, not bad requests.
    for spec in specs
        .iter()
        .filter(|r| r.method == "POST" && matches!(r.access, Access::Tenant(_) | Access::UnitWriter | Access::Platform))
    {
        let who = match spec.access {
            Access::Platform => &operator,
            Access::Tenant(Action::AppraiseInitiatives) => &council,
            Access::Tenant(Action::AppraiseAchievements) => &cds,
            Access::Tenant(Action::AppraiseDossiers | Action::RecordCouncil) => &tdkt,
            Access::Tenant(Action::SignDecisions) => &chairman,
            Access::Tenant(Action::VoteCouncil) => &council,
            Access::Tenant(Action::DecideForwarded | Action::ReturnRollups) => &province,
            Access::Tenant(Action::RegisterDocuments) => &clerk,
            _ => &vhxh,
        };
        // Returning and recalling act on a summary that has been sent: send it first.
        if spec.path.ends_with("/tra-lai") || spec.path.ends_with("/rut-lai") {
            send_summary(&s, &vhxh).await;
        }
        let before = snapshot(&url).await;
        // The paper to number is the one the chairman's Tờ trình above has just put in the register.
        let awaiting = id_of(
            &url,
            "SELECT COALESCE(MAX(id), 0) FROM outgoing_documents WHERE status = 'awaiting'",
        )
        .await;
        let path = fill(&spec.path.replace("{entry}", &awaiting), &ids);
        // The same form from another site (a token that is not the session's) changes nothing.
        if !spec.path.starts_with("/api/") {
            let forged = Session {
                cookie: who.cookie.clone(),
                csrf: "ma-cua-trang-khac".into(),
            };
            let (status, _, _) = request(&s, &ids, spec, &path, Some(&forged)).await;
            assert_eq!(status, 403, "POST {} with another page's token", spec.path);
            assert_eq!(
                snapshot(&url).await,
                before,
                "POST {} with another page's token changed data",
                spec.path
            );
        }
        let (status, location, body) = request(&s, &ids, spec, &path, Some(who)).await;
        imports_finish(&url).await;
        let expected = if spec.path.starts_with("/api/") { 200 } else { 303 };
        assert_eq!(status, expected, "POST {} by an allowed user: {body}", spec.path);
        assert_ne!(
            snapshot(&url).await,
            before,
            "POST {} by an allowed user changed something (went to {location})",
            spec.path
        );
    }

    // Another user's token cannot be revoked: not found, still live.
    let live = snapshot(&url).await["live_tokens"];
    let res = s
        .post_as(&outsider, &format!("/tai-khoan/ma-truy-cap/{}/thu-hoi", ids.token), &[])
        .await;
    assert_eq!(res.status().as_u16(), 404);
    assert_eq!(snapshot(&url).await["live_tokens"], live);
    s.stop().await;
}

#[tokio::test]
async fn every_route_refuses_who_may_not_on_sqlite() {
    every_route_as_every_caller(TestDb::sqlite()).await;
}

#[tokio::test]
async fn every_route_refuses_who_may_not_on_postgres() {
    let Some(db) = TestDb::postgres().await else { return };
    every_route_as_every_caller(db).await;
}

/// A plan moved `years` later: its period, phases, one-off deadlines and rankings.
fn shift_years(plan: &mut serde_json::Value, years: i64) {
    let add = |v: &mut serde_json::Value| {
        if let Some(n) = v.as_i64() {
            *v = serde_json::json!(n + years);
        }
    };
    add(&mut plan["period"]["start_year"]);
    add(&mut plan["period"]["end_year"]);
    add(&mut plan["document"]["year"]);
    plan["document"]["date"] = serde_json::Value::Null;
    for phase in plan["phases"].as_array_mut().into_iter().flatten() {
        for key in ["start_year", "end_year", "review_year"] {
            add(&mut phase[key]);
        }
    }
    for deadline in plan["deadlines"].as_array_mut().into_iter().flatten() {
        add(&mut deadline["year"]);
    }
    for criterion in plan["criteria"].as_array_mut().into_iter().flatten() {
        if criterion["ranking"].is_object() {
            add(&mut criterion["ranking"]["from_year"]);
            add(&mut criterion["ranking"]["to_year"]);
        }
    }
}
