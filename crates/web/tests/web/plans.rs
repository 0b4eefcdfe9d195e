//! A commune the operator has just opened brings in its own plan: bad files are refused and
//! store nothing; the Word file it issued is read and shown field by field; the officer fixes
//! what was flagged in the editor, previews, publishes; a unit then sees its deadline; an
//! amendment moves that deadline and the earlier revision stays readable. The API does the same
//! for the commune's own plan only.

use crate::Server;
use crate::accounts::Session;
use crate::commendation::count;

const HONG_VAN_DOCX: &[u8] = include_bytes!("../../../../eval/plan-import/000-hong-van.docx");

async fn upload(s: &Server, who: &Session, tenant: &str, name: &str, bytes: Vec<u8>) -> (u16, String, String) {
    let res = s
        .post_file_as(who, &format!("/quan-tri/{tenant}/ke-hoach/nhap"), name, bytes)
        .await;
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, crate::unescape(&res.text().await.unwrap()))
}

async fn page(s: &Server, who: &Session, path: &str) -> (u16, String) {
    let res = s.get_as(&who.cookie, path).await;
    let status = res.status().as_u16();
    (status, crate::unescape(&res.text().await.unwrap()))
}

/// The fields the editor's form would send as it stands on the page, in order.
fn editor_fields(html: &str) -> Vec<(String, String)> {
    let form = &html[html.find("class=\"plan-editor").expect("the editor form")..];
    let form = &form[..form.find("</form>").unwrap()];
    let attr = |tag: &str, name: &str| {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|r| r.split('"').next())
            .map(crate::unescape)
    };
    let mut out = Vec::new();
    for piece in form.split('<').skip(1) {
        let (tag, rest) = piece.split_once('>').unwrap_or((piece, ""));
        let Some(name) = attr(tag, "name") else { continue };
        if name == "csrf" || tag.starts_with("button") {
            continue;
        }
        if tag.starts_with("input") {
            if tag.contains("type=\"checkbox\"") {
                if tag.contains(" checked") {
                    out.push((name, attr(tag, "value").unwrap_or_default()));
                }
            } else {
                out.push((name, attr(tag, "value").unwrap_or_default()));
            }
        } else if tag.starts_with("textarea") {
            out.push((name, crate::unescape(rest)));
        } else if tag.starts_with("select") {
            let select = piece;
            let chosen = form[form.find(&format!("name=\"{name}\"")).unwrap()..]
                .split("</select>")
                .next()
                .unwrap()
                .split("<option ")
                .skip(1)
                .find(|o| o.contains(" selected"))
                .or_else(|| select.split("<option ").nth(1))
                .and_then(|o| o.split("value=\"").nth(1))
                .and_then(|r| r.split('"').next())
                .unwrap_or("")
                .to_owned();
            out.push((name, chosen));
        }
    }
    out
}

fn set(fields: &mut [(String, String)], name: &str, value: &str) {
    let f = fields
        .iter_mut()
        .find(|(k, _)| k == name)
        .unwrap_or_else(|| panic!("no field {name}"));
    f.1 = value.to_owned();
}

async fn post_fields(s: &Server, who: &Session, path: &str, fields: &[(String, String)]) -> (u16, String, String) {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = s.post_as(who, path, &fields).await;
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, crate::unescape(&res.text().await.unwrap()))
}

/// A zip whose one part unzips to 31 MB.
fn zip_bomb() -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip_writer(&mut out);
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(&vec![b' '; 31 * 1024 * 1024]).unwrap();
    zip.finish().unwrap();
    out.into_inner()
}

fn zip_writer(out: &mut std::io::Cursor<Vec<u8>>) -> zip::ZipWriter<&mut std::io::Cursor<Vec<u8>>> {
    zip::ZipWriter::new(out)
}

#[tokio::test]
async fn a_new_commune_brings_in_its_plan_from_its_word_file_and_amends_it() {
    let s = Server::start().await;
    let url = s.db_url.clone();

    // The operator opens Phường Hoàn Kiếm; its officer signs in and sets a password.
    let operator = s.login("admin").await;
    let res = s
        .post_as(
            &operator,
            "/quan-tri/he-thong",
            &[
                ("code", "00070"),
                ("username", "hoankiem.vhxh"),
                ("password", "Mat-khau-tam-2026"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let officer = s.try_login("hoankiem.vhxh", "Mat-khau-tam-2026").await.unwrap();
    let res = s
        .post_as(
            &officer,
            "/tai-khoan/mat-khau",
            &[
                ("current", "Mat-khau-tam-2026"),
                ("new", "Hoan-Kiem-2026-moi"),
                ("repeat", "Hoan-Kiem-2026-moi"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);

    // The officer lands on the first day's checklist.
    let (_, body) = page(&s, &officer, "/quan-tri/00070").await;
    assert!(body.contains("Bắt đầu dùng Thi Đua: 0/5 việc đã xong"), "{body}");
    assert!(body.contains("href=\"/quan-tri/00070/ke-hoach\">Đưa kế hoạch của xã lên hệ thống"));

    // Without a plan, the reports page says what to do next and leads to the plan page.
    let (status, body) = page(&s, &officer, "/quan-tri/00070/bao-cao").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Xã chưa đưa kế hoạch lên hệ thống") && body.contains("href=\"/quan-tri/00070/ke-hoach\""));
    let (status, body) = page(&s, &officer, "/quan-tri/00070/ke-hoach").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Bước 1: đưa kế hoạch lên từ văn bản xã đã ban hành"),
        "{body}"
    );

    // Files that are not a readable plan: each named plainly, nothing stored.
    // A decision in Word: an official paper, but not a plan.
    let decision =
        thidua_documents::official(&thidua_documents::samples::decision(3), thidua_documents::Format::Docx).unwrap();
    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        ("scan.pdf", thidua_documents::samples::textless_pdf(), "bản quét"),
        ("bomb.docx", zip_bomb(), "giải nén ra quá lớn"),
        (
            "mat-khau.docx",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1protected".to_vec(),
            "có đặt mật khẩu",
        ),
        (
            "tcvn3.txt",
            "KÕ ho¹ch ph¸t ®éng phong trµo thi ®ua cña ñy ban nh©n d©n x· ®æi míi s¸ng t¹o"
                .as_bytes()
                .to_vec(),
            "bảng mã TCVN3",
        ),
        ("big.docx", vec![b'x'; 30 * 1024 * 1024], "quá lớn (tối đa 10 MB)"),
        (
            "thu.txt",
            "Kính gửi anh chị,\nHẹn gặp lại vào thứ hai.\nTrân trọng."
                .as_bytes()
                .to_vec(),
            "quá ít để là một kế hoạch",
        ),
        ("quyet-dinh.docx", decision, "văn bản này không giống một kế hoạch"),
    ];
    for (name, bytes, expected) in bad {
        let (status, _, body) = upload(&s, &officer, "00070", name, bytes).await;
        assert!(matches!(status, 400 | 413), "{name}: {status}");
        assert!(body.contains(expected), "{name}: «{expected}» in {body}");
        assert_eq!(
            count(&url, "SELECT COUNT(*) FROM plan_drafts").await,
            0,
            "{name} stored nothing"
        );
    }

    // The Word file Hồng Vân issued, as a stand-in for the ward's own: read and shown with its
    // sentences; the authority is Hồng Vân's, so it is flagged and publishing is refused.
    let (status, location, body) = upload(&s, &officer, "00070", "ke-hoach.docx", HONG_VAN_DOCX.to_vec()).await;
    assert_eq!(status, 303, "{body}");
    let draft_path = location.split('?').next().unwrap().to_owned();
    let (status, draft) = page(&s, &officer, &draft_path).await;
    assert_eq!(status, 200);
    assert!(draft.contains("Đã đọc từ Word (.docx) «ke-hoach.docx»"), "{draft}");
    assert!(draft.contains("Đọc từ: «"), "every field beside its sentence");
    assert!(
        draft.contains("Kế hoạch ghi cơ quan ban hành là Xã Hồng Vân (mã 10210), không phải xã của bạn, Phường Hoàn Kiếm (mã 00070)"),
        "{draft}"
    );
    let (status, _, body) = post_fields(
        &s,
        &officer,
        &format!("{draft_path}/cong-bo"),
        &[("note".into(), String::new())],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("không phải xã của bạn"), "{body}");
    assert_eq!(
        count(&url, "SELECT COUNT(*) FROM plans WHERE tenant_code = '00070'").await,
        0
    );

    // The officer corrects the issuer in the editor; a wrong number is named by its field and
    // saves nothing.
    let mut fields = editor_fields(&draft);
    set(&mut fields, "authority.code", "00070");
    set(&mut fields, "authority.name", "Ủy ban nhân dân phường Hoàn Kiếm");
    set(&mut fields, "document.place", "Hoàn Kiếm");
    let mut wrong = fields.clone();
    set(&mut wrong, "period.end_year", "hai nghìn");
    let (status, _, body) = post_fields(&s, &officer, &draft_path, &wrong).await;
    assert_eq!(status, 400);
    assert!(
        body.contains("Thời gian thực hiện › Đến năm: giá trị không đúng kiểu"),
        "{body}"
    );
    let (status, _, body) = post_fields(&s, &officer, &draft_path, &fields).await;
    assert_eq!(status, 303, "{body}");
    let (_, draft) = page(&s, &officer, &draft_path).await;
    assert!(
        draft.contains("Kế hoạch đã đủ và đúng các quy định để công bố."),
        "{draft}"
    );

    // Preview as the public will see it, and as Word.
    let (status, preview) = page(&s, &officer, &format!("{draft_path}/xem-truoc")).await;
    assert_eq!(status, 200);
    assert!(preview.contains("Bản xem trước của bản nháp") && preview.contains("PHƯỜNG HOÀN KIẾM"));
    let res = s.get_as(&officer.cookie, &format!("{draft_path}/van-ban.docx")).await;
    assert_eq!(res.status().as_u16(), 200);
    let text = thidua_documents::docx::docx_text(&res.bytes().await.unwrap()).unwrap();
    assert!(text.contains("KẾ HOẠCH") && text.contains("Hoàn Kiếm"), "{text}");
    // Nobody else sees the draft.
    let other = s.login("hongvan.vhxh").await;
    assert!(matches!(page(&s, &other, &draft_path).await.0, 403 | 404));

    // A second draft of a first issue, opened meanwhile, cannot replace the plan once published.
    let res = s
        .post_as(&officer, "/quan-tri/00070/ke-hoach/moi", &[("change", "issue")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let second = res.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();

    // Published: a unit of the ward sees its report deadline from the plan.
    let (status, _, body) = post_fields(&s, &officer, &format!("{draft_path}/cong-bo"), &[]).await;
    assert_eq!(status, 303, "{body}");
    let mut blank = editor_fields(&page(&s, &officer, &second).await.1);
    set(&mut blank, "authority.name", "Ủy ban nhân dân phường Hoàn Kiếm");
    assert_eq!(post_fields(&s, &officer, &second, &blank).await.0, 303);
    let (status, _, body) = post_fields(&s, &officer, &format!("{second}/cong-bo"), &[]).await;
    assert_eq!(status, 400);
    assert!(body.contains("Xã đã có kế hoạch giai đoạn 2025–2030"), "{body}");
    assert_eq!(
        count(
            &url,
            "SELECT COUNT(*) FROM plan_revisions r JOIN plans p ON p.id = r.plan_id WHERE p.tenant_code = '00070'"
        )
        .await,
        1
    );
    let plan_id = count(&url, "SELECT id FROM plans WHERE tenant_code = '00070'").await;
    let res = s
        .post_as(
            &officer,
            "/quan-tri/00070/don-vi",
            &[("name", "Tổ dân phố số 1"), ("kind", "thon_to_dan_pho")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303, "{}", res.text().await.unwrap());
    let unit = count(&url, "SELECT id FROM units WHERE tenant_code = '00070'").await;
    let unit_page = format!("/quan-tri/00070/don-vi/{unit}/bao-cao/2026");
    let (status, body) = page(&s, &officer, &unit_page).await;
    assert_eq!(status, 200, "{body}");
    // The Word file says "trước ngày 15/11": the 14th is the last day.
    assert!(body.contains("hạn gửi 14/11/2026"), "{body}");

    let (_, body) = page(&s, &officer, "/quan-tri/00070").await;
    assert!(body.contains("Bắt đầu dùng Thi Đua: 2/5 việc đã xong"), "{body}");

    // An amendment moves the units' deadline to 05/11: the draft names the change and the
    // period it moves; without its number and date it is refused.
    let res = s
        .post_as(
            &officer,
            "/quan-tri/00070/ke-hoach/moi",
            &[("change", "amendment"), ("plan", &plan_id.to_string())],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let amend_path = res.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let (_, draft) = page(&s, &officer, &amend_path).await;
    let mut fields = editor_fields(&draft);
    let day = fields
        .iter()
        .position(|(k, v)| k.ends_with(".kind") && k.starts_with("deadlines[") && v == "unit_report")
        .map(|i| fields[i].0.replace(".kind", ".day"))
        .expect("a units' report deadline");
    set(&mut fields, &day, "5");
    let (status, _, body) = post_fields(&s, &officer, &amend_path, &fields).await;
    assert_eq!(status, 303, "{body}");
    let (_, draft) = page(&s, &officer, &amend_path).await;
    assert!(
        draft.contains("Đơn vị báo cáo kết quả: trước ngày 15/11 hằng năm → trước ngày 05/11 hằng năm"),
        "{draft}"
    );
    assert!(
        draft.contains("Kỳ báo cáo năm 2026: hạn đơn vị gửi chuyển từ 14/11/2026 sang 04/11/2026"),
        "{draft}"
    );
    let publish = format!("{amend_path}/cong-bo");
    let (status, _, body) = post_fields(&s, &officer, &publish, &[]).await;
    assert_eq!(status, 400);
    assert!(body.contains("Số, ký hiệu văn bản điều chỉnh: chưa nhập"), "{body}");
    let amendment = [
        ("doc_symbol".to_owned(), "15/KH-UBND".to_owned()),
        ("doc_date".to_owned(), "2026-11-20".to_owned()),
        (
            "note".to_owned(),
            "Đưa hạn báo cáo của các đơn vị lên ngày 05/11".to_owned(),
        ),
    ];
    let (status, _, body) = post_fields(&s, &officer, &publish, &amendment).await;
    assert_eq!(status, 303, "{body}");

    // The unit sees the new date; the plan page says it was amended and keeps the first issue.
    let (_, body) = page(&s, &officer, &unit_page).await;
    assert!(body.contains("hạn gửi 04/11/2026"), "{body}");
    let (_, public) = s.text(&format!("/ke-hoach/{plan_id}")).await;
    assert!(public.contains("Đã điều chỉnh, bổ sung 1 lần"), "{public}");
    assert!(public.contains("Điều chỉnh, bổ sung số 15/KH-UBND ngày 20/11/2026"));
    let (_, second) = s.text(&format!("/ke-hoach/{plan_id}/lan/2")).await;
    assert!(
        second.contains("Lần này thay đổi so với lần trước")
            && second.contains("Đơn vị báo cáo kết quả: trước ngày 15/11 hằng năm → trước ngày 05/11 hằng năm"),
        "{second}"
    );
    let (status, first) = s.text(&format!("/ke-hoach/{plan_id}/lan/1")).await;
    assert_eq!(status, 200);
    assert!(
        first.contains("không còn áp dụng") && first.contains("15/11"),
        "{first}"
    );
    let (_, api) = s.json(&format!("/api/v1/plans/{plan_id}")).await;
    assert_eq!(api["revision"], 2, "the API shows the revision the page shows");
    s.stop().await;
}

/// The API publishes and amends only the commune's own plan, with the same checks.
#[tokio::test]
async fn the_api_amends_only_the_communes_own_plan() {
    let s = Server::start().await;
    let officer = s.login("phutan.vhxh").await;
    let token = s.new_token(&officer, "Phần mềm kế hoạch").await;
    let plan_id = count(&s.db_url, "SELECT id FROM plans WHERE tenant_code = '30406'").await;
    let (_, mut plan) = s.json(&format!("/api/v1/plans/{plan_id}")).await;
    let send = |method: reqwest::Method, path: String, body: String| {
        let request = s
            .client
            .request(method, format!("{}/api/v1{path}", s.base))
            .bearer_auth(token.clone())
            .header("content-type", "application/json")
            .body(body);
        async move {
            let res = request.send().await.unwrap();
            let status = res.status().as_u16();
            (status, res.json::<serde_json::Value>().await.unwrap())
        }
    };
    // Another commune's plan (its code) is refused by name; nothing changes.
    let (_, hong_van) = s.json("/api/v1/plans/1").await;
    let (status, problem) = send(
        reqwest::Method::PUT,
        format!("/tenants/30406/plans/{plan_id}"),
        hong_van.to_string(),
    )
    .await;
    assert_eq!(status, 400, "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("không phải xã của bạn"),
        "{problem}"
    );
    // Into another commune: refused.
    let (status, _) = send(
        reqwest::Method::PUT,
        "/tenants/10210/plans/1".into(),
        hong_van.to_string(),
    )
    .await;
    assert_eq!(status, 403);
    // A wrong value is named by its field.
    let mut broken = plan.clone();
    broken["deadlines"][0]["day"] = serde_json::json!("mười lăm");
    let (status, problem) = send(
        reqwest::Method::PUT,
        format!("/tenants/30406/plans/{plan_id}"),
        broken.to_string(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        problem["detail"].as_str().unwrap().contains("deadlines[0].day"),
        "{problem}"
    );
    // The same plan amended with its paper: revision 2, and the page shows it.
    plan["recipients"]
        .as_array_mut()
        .unwrap()
        .insert(0, serde_json::json!("Thường trực Đảng ủy xã"));
    let (status, saved) = send(
        reqwest::Method::PUT,
        format!("/tenants/30406/plans/{plan_id}?doc_symbol=21/KH-UBND&doc_date=2026-11-25&note=B%E1%BB%95%20sung%20n%C6%A1i%20nh%E1%BA%ADn"),
        plan.to_string(),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        (saved["revision"].as_i64(), saved["changed"].as_bool()),
        (Some(2), Some(true))
    );
    let (_, page) = s.text(&format!("/ke-hoach/{plan_id}")).await;
    assert!(
        page.contains("Điều chỉnh, bổ sung số 21/KH-UBND ngày 25/11/2026</a>: Bổ sung nơi nhận"),
        "{page}"
    );
    // A second plan for the same period is refused: amend the first.
    let (status, problem) = send(reqwest::Method::POST, "/tenants/30406/plans".into(), plan.to_string()).await;
    assert_eq!(status, 400);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("Xã đã có kế hoạch cho giai đoạn 2025–2030"),
        "{problem}"
    );
    s.stop().await;
}
