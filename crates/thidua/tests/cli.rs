//! The `thidua` command as a user runs it.

use std::process::Command;

fn thidua(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run thidua");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("thidua_cli_{}_{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn the_seed_plans_check_clean() {
    let (code, out, err) = thidua(&[
        "plan",
        "check",
        "plans/10210-hong-van.toml",
        "plans/31471-long-my.toml",
        "plans/19363-vinh-linh.toml",
        "plans/30406-phu-tan.toml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.matches("hợp lệ").count(), 4);
}

#[test]
fn a_broken_plan_fails_naming_file_line_and_field() {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../plans/19363-vinh-linh.toml")).unwrap();
    let broken = text.replacen("review_year = 2030", "review_year = 2035", 1);
    let line = broken.lines().position(|l| l.contains("review_year = 2035")).unwrap() + 1;
    let path = temp_file("vinh-linh.toml", &broken);
    let (code, _, err) = thidua(&["plan", "check", &path]);
    assert_ne!(code, 0);
    assert!(err.contains(&format!("{path}:{line}:")), "{err}");
    assert!(err.contains("review_year"), "{err}");
}

#[test]
fn show_json_prints_the_interchange_format() {
    let (code, out, _) = thidua(&["plan", "show", "plans/31471-long-my.toml", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["authority"]["code"], "31471");
    assert_eq!(v["period"]["start_year"], 2026);
    assert_eq!(v["phases"][1]["start_year"], 2028);
    assert_eq!(v["deadlines"][0]["day"], 5);
    assert_eq!(v["deadlines"][0]["month"], 12);
    assert_eq!(v["signature"]["position"], "PHÓ CHỦ TỊCH");
}

#[test]
fn load_adds_a_fifth_plan_and_a_revision_without_code_changes() {
    let dir = std::env::temp_dir().join(format!("thidua_cli_load_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite://{}", dir.join("t.db").display());
    // A fifth commune, written in the same format: Phường Hoàn Kiếm with its own deadline.
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../plans/10210-hong-van.toml"))
        .unwrap()
        .replace("code = \"10210\"", "code = \"00070\"")
        .replace("Ủy ban nhân dân xã Hồng Vân", "Ủy ban nhân dân phường Hoàn Kiếm");
    let path = temp_file("hoan-kiem.toml", &text);
    let (code, out, err) = thidua(&["plan", "load", &path, "--database-url", &db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("đã nạp") && out.contains("Phường Hoàn Kiếm"), "{out}");
    let (_, again, _) = thidua(&["plan", "load", &path, "--database-url", &db]);
    assert!(again.contains("không thay đổi"), "{again}");
    let amended = text.replacen("day = 15", "day = 10", 1);
    let path2 = temp_file("hoan-kiem-2.toml", &amended);
    let (_, revised, _) = thidua(&["plan", "load", &path2, "--database-url", &db]);
    assert!(revised.contains("lần ban hành 2"), "{revised}");
    std::fs::remove_dir_all(dir).ok();
}

/// Accounts made from the command line take the password from a file or standard input, and
/// `audit verify` passes on a clean trail and names the entry someone edited with the sqlite3
/// shell.
#[test]
fn audit_verify_names_an_entry_edited_with_the_sqlite3_shell() {
    let dir = std::env::temp_dir().join(format!("thidua_cli_audit_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.db");
    let db = format!("sqlite://{}", file.display());
    let password = temp_file("pw.txt", "Mat-khau-rat-dai-2026\n");
    let (code, out, err) = thidua(&[
        "user",
        "add",
        "--tenant",
        "10210",
        "--role",
        "standing_officer",
        "--username",
        "hongvan.an",
        "--password-file",
        &password,
        "--database-url",
        &db,
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("hongvan.an"));
    let (code, _, err) = thidua(&[
        "user",
        "add",
        "--tenant",
        "10210",
        "--role",
        "king",
        "--username",
        "x.y",
        "--password-file",
        &password,
        "--database-url",
        &db,
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("Vai trò “king” không có"), "{err}");
    let (code, token, _) = thidua(&["token", "create", "--username", "hongvan.an", "--database-url", &db]);
    assert_eq!(code, 0);
    assert!(token.trim().starts_with("td_"));

    let (code, out, _) = thidua(&["audit", "verify", "--database-url", &db]);
    assert_eq!(code, 0, "a clean trail verifies");
    assert!(out.contains("toàn vẹn"));

    let edit = Command::new("sqlite3")
        .arg(&file)
        .arg("UPDATE audit_log SET actor = 'người khác' WHERE tenant_code = '10210' AND seq = 2;")
        .status()
        .expect("the sqlite3 shell (apt package sqlite3)");
    assert!(edit.success());
    let (code, _, err) = thidua(&["audit", "verify", "--database-url", &db]);
    assert_ne!(code, 0);
    assert!(err.contains("nhật ký của 10210, mục số 2"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

/// Two servers sharing one database both run the reminder round at the same moment: every
/// unit account is reminded once, and a later round adds nothing.
async fn reminder_round_twice_at_once(db: thidua_store::testing::TestDb) {
    let (code, _, err) = thidua(&["demo", "--database-url", &db.url]);
    assert_eq!(code, 0, "{err}");
    // Phú Tân's plan sets no report date: units report by 30/11, reminded three days before.
    let round = || {
        Command::new(env!("CARGO_BIN_EXE_thidua"))
            .args(["reminders", "run", "--date", "2026-11-27", "--database-url", &db.url])
            .output()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(round);
        let b = s.spawn(round);
        (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
    });
    assert!(
        a.status.success() && b.status.success(),
        "{}{}",
        String::from_utf8_lossy(&a.stderr),
        String::from_utf8_lossy(&b.stderr)
    );
    let count = |out: &std::process::Output| -> u32 {
        let text = String::from_utf8_lossy(&out.stdout);
        text.split_whitespace()
            .nth(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{text}"))
    };
    // Phú Tân's demo accounts in units: the head of Thôn Đông and the school's reporter.
    assert_eq!(
        count(&a) + count(&b),
        2,
        "the two rounds together made each reminder once"
    );
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.username, n.text FROM notifications n JOIN users u ON u.id = n.user_id ORDER BY u.username",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let users: Vec<&str> = rows.iter().map(|(u, _)| u.as_str()).collect();
    assert_eq!(users, ["phutan.thondong", "phutan.truong"]);
    assert!(rows[0].1.contains("còn 3 ngày (hạn 30/11/2026)"), "{}", rows[0].1);
    pool.close().await;
    let (code, out, _) = thidua(&["reminders", "run", "--date", "2026-11-27", "--database-url", &db.url]);
    assert_eq!((code, out.trim()), (0, "Đã tạo 0 thông báo nhắc hạn mới."));
    let (_, out, _) = thidua(&["reminders", "run", "--date", "2026-11-28", "--database-url", &db.url]);
    assert_eq!(
        out.trim(),
        "Đã tạo 0 thông báo nhắc hạn mới.",
        "no reminder between the first and the due day"
    );
    let (_, out, _) = thidua(&["reminders", "run", "--date", "2026-11-30", "--database-url", &db.url]);
    assert_eq!(
        out.trim(),
        "Đã tạo 2 thông báo nhắc hạn mới.",
        "again on the day itself"
    );
    db.drop_db().await;
}

#[tokio::test]
async fn two_servers_remind_each_unit_once_on_postgres() {
    let Some(db) = thidua_store::testing::TestDb::postgres().await else {
        return;
    };
    reminder_round_twice_at_once(db).await;
}

#[tokio::test]
async fn two_processes_remind_each_unit_once_on_sqlite() {
    reminder_round_twice_at_once(thidua_store::testing::TestDb::sqlite()).await;
}
