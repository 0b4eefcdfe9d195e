use crate::Server;
use thidua_app::SEED_PLANS;
use thidua_domain::plan::parse_plan;

/// The paragraphs every rendering of a plan carries, page or document.
fn paragraphs(plan: &thidua_domain::plan::Plan) -> Vec<&str> {
    let mut out: Vec<&str> = vec![&plan.document.title, &plan.signature.name, &plan.preamble];
    out.extend(plan.legal_bases.iter().map(|b| b.text.as_str()));
    out.extend(
        plan.purposes
            .iter()
            .chain(&plan.requirements)
            .chain(&plan.goals)
            .chain(&plan.closing)
            .chain(&plan.recipients)
            .map(String::as_str),
    );
    out.extend(plan.content_areas.iter().map(|a| a.text.as_str()));
    out.extend(plan.criteria.iter().map(|c| c.text.as_str()));
    out.extend(plan.phases.iter().map(|p| p.description.as_str()));
    out.extend(
        plan.commendation
            .iter()
            .flat_map(|c| c.paragraphs.iter().map(String::as_str)),
    );
    out.extend(plan.duties.iter().flat_map(|d| d.tasks.iter().map(String::as_str)));
    out.extend(plan.deadlines.iter().map(|d| d.text.as_str()));
    out
}

/// Every piece of each seed plan a reader needs appears on its page.
#[tokio::test]
async fn the_four_seed_plans_render_completely() {
    let s = Server::start().await;
    let (_, plans) = s.json("/api/v1/plans").await;
    for (name, text) in SEED_PLANS {
        let plan = parse_plan(name, text.as_bytes()).unwrap().plan;
        let id = plans
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["commune_code"] == plan.authority.code)
            .expect("seed plan listed")["id"]
            .as_i64()
            .unwrap();
        let (status, page) = s.text(&format!("/ke-hoach/{id}")).await;
        assert_eq!(status, 200, "{name}");
        let mut expected = paragraphs(&plan);
        expected.push(&plan.movement);
        expected.extend(plan.criteria_groups.iter().map(|g| g.name.as_str()));
        expected.extend(plan.awards.iter().map(|a| a.name.as_str()));
        expected.extend(plan.duties.iter().map(|d| d.office.as_str()));
        expected.extend(
            plan.solutions
                .iter()
                .flat_map(|x| x.paragraphs.iter().map(String::as_str)),
        );
        expected.extend(
            plan.dossiers
                .iter()
                .flat_map(|d| d.items.iter().map(|i| i.text.as_str())),
        );
        expected.extend(
            plan.procedures
                .iter()
                .flat_map(|p| p.steps.iter().map(|st| st.action.as_str())),
        );
        for piece in expected {
            assert!(page.contains(piece), "{name}: the page lacks {piece:?}");
        }
        for d in &plan.deadlines {
            assert!(
                page.contains(&format!("{:02}/{:02}", d.day, d.month)),
                "{name}: deadline date"
            );
        }
    }
    s.stop().await;
}

/// Each seed plan downloads as the official document it is: DOCX and PDF with every paragraph,
/// the number, the recipients and the signature.
#[tokio::test]
async fn each_seed_plan_downloads_as_its_official_document() {
    let s = Server::start().await;
    let (_, plans) = s.json("/api/v1/plans").await;
    for (name, text) in SEED_PLANS {
        let plan = parse_plan(name, text.as_bytes()).unwrap().plan;
        let id = plans
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["commune_code"] == plan.authority.code)
            .expect("seed plan listed")["id"]
            .as_i64()
            .unwrap();
        let res = s.get(&format!("/ke-hoach/{id}/van-ban/docx")).await;
        assert_eq!(res.status().as_u16(), 200, "{name}");
        let docx = thidua_documents::docx::docx_text(&res.bytes().await.unwrap()).unwrap();
        let res = s.get(&format!("/ke-hoach/{id}/van-ban/pdf")).await;
        assert_eq!(res.status().as_u16(), 200, "{name}");
        let pdf = pdf_extract::extract_text_from_mem(&res.bytes().await.unwrap()).unwrap();
        // A paragraph may run over a page break, where the page number sits between its words,
        // and readers differ on the space at a forced line break: bare numbers and whitespace
        // are left out on both sides, every other character is compared in order.
        let words = |t: &str| {
            t.split_whitespace()
                .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
                .collect::<String>()
        };
        let pdf = words(&pdf);
        let mut expected = paragraphs(&plan);
        expected.push("KẾ HOẠCH");
        for piece in expected {
            assert!(docx.contains(piece), "{name}: the DOCX lacks {piece:?}");
            let piece = words(piece);
            let start: String = piece.chars().take(12).collect();
            let near: String = pdf
                .find(&start)
                .map(|i| pdf[i..].chars().take(300).collect())
                .unwrap_or_default();
            assert!(pdf.contains(&piece), "{name}: the PDF lacks {piece:?}, has {near:?}");
        }
        if let Some(n) = plan.document.number {
            assert!(docx.contains(&format!("Số: {n}/{}", plan.document.symbol)), "{name}");
        }
    }
    let res = s.get("/ke-hoach/1/van-ban/odt").await;
    assert_eq!(res.status().as_u16(), 404);
    s.stop().await;
}

#[tokio::test]
async fn hong_van_shows_its_15_november_deadline_and_quotas_of_phu_tan() {
    let s = Server::start().await;
    let (_, hong_van) = s.text("/ke-hoach/1").await;
    assert!(hong_van.contains("15/11 hằng năm"));
    assert!(hong_van.contains("Sơ kết năm 2027") && hong_van.contains("Tổng kết năm 2030"));
    let (_, phu_tan) = s.text("/ke-hoach/4").await;
    assert!(phu_tan.contains("Xã Phú Tân"));
    assert!(
        phu_tan.contains("tối đa 2") && phu_tan.contains("tối đa 4"),
        "quotas shown"
    );
    s.stop().await;
}

#[tokio::test]
async fn home_province_commune_and_search_lead_to_the_plan() {
    let s = Server::start().await;
    let (status, home) = s.text("/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Thành phố Hà Nội") && home.contains("An Giang"));
    assert!(home.contains("/ke-hoach/1"));
    let (_, search) = s.text("/tim-kiem?q=hong+van").await;
    assert!(search.contains("href=\"/xa/10210\">Xã Hồng Vân</a>"), "{search}");
    let (_, province) = s.text("/tinh/01").await;
    assert!(province.contains("Xã Hồng Vân") && province.contains("Có kế hoạch"));
    let (_, commune) = s.text("/xa/10210").await;
    assert!(commune.contains("Kế hoạch giai đoạn 2025–2030"));
    let (_, nothing) = s.text("/tim-kiem?q=zzzz+khong+co").await;
    assert!(nothing.contains("Không tìm thấy"));
    s.stop().await;
}

#[tokio::test]
async fn unknown_pages_are_vietnamese_404s() {
    let s = Server::start().await;
    for path in ["/ke-hoach/999", "/ke-hoach/abc", "/xa/00000", "/tinh/99", "/khong-co"] {
        let (status, page) = s.text(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(page.contains("Không tìm thấy trang"), "{path}");
        assert!(!page.to_lowercase().contains("error"), "{path}: no English error text");
    }
    s.stop().await;
}

#[tokio::test]
async fn pages_carry_security_headers_and_no_inline_script() {
    let s = Server::start().await;
    let res = s.get("/ke-hoach/1").await;
    let h = res.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'") && !csp.contains("unsafe-inline"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    let body = res.text().await.unwrap();
    assert!(
        !body.contains("<script") && !body.contains("style=\""),
        "CSP-clean markup"
    );
    assert!(body.contains("lang=\"vi\""));
    // A commune's pages and exports are not kept by browsers or proxies; the stylesheet is.
    let officer = s.login("phutan.vhxh").await;
    for path in ["/quan-tri/30406", "/quan-tri/30406/nhat-ky.csv", "/api/v1/me"] {
        let res = s.get_as(&officer.cookie, path).await;
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    assert_eq!(
        s.get("/static/app.css").await.headers()["cache-control"],
        "public, max-age=3600"
    );
    s.stop().await;
}
