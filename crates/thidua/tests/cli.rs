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
    // A file named for no commune (or another's) is refused: its name must carry its code.
    let unnamed = temp_file("hoan-kiem.toml", &text);
    let (code, _, err) = thidua(&["plan", "load", &unnamed, "--database-url", &db]);
    assert_ne!(code, 0);
    assert!(
        err.contains("tệp ghi mã xã 00070 (Ủy ban nhân dân phường Hoàn Kiếm) nhưng tên tệp không bắt đầu bằng mã đó"),
        "{err}"
    );
    let path = temp_file("00070-hoan-kiem.toml", &text);
    let (code, out, err) = thidua(&["plan", "load", &path, "--database-url", &db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("đã nạp") && out.contains("Phường Hoàn Kiếm"), "{out}");
    let (_, again, _) = thidua(&["plan", "load", &path, "--database-url", &db]);
    assert!(again.contains("không thay đổi"), "{again}");
    let amended = text.replacen("day = 15", "day = 10", 1);
    let path2 = temp_file("00070-hoan-kiem-2.toml", &amended);
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
    // The key that signs the heads lives beside the database file, not in it.
    assert!(dir.join("t.db.audit-key").exists());
    let (code, out, err) = thidua(&["audit", "anchor", "--database-url", &db]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Đã neo 2 chuỗi"), "the commune and the platform: {out}");
    assert!(dir.join("t.db.anchors").exists());

    let edit = Command::new("sqlite3")
        .arg(&file)
        .arg("UPDATE audit_log SET actor = 'người khác' WHERE tenant_code = '10210' AND seq = 2;")
        .status()
        .expect("the sqlite3 shell (apt package sqlite3)");
    assert!(edit.success());
    let (code, _, err) = thidua(&["audit", "verify", "--database-url", &db]);
    assert_ne!(code, 0);
    assert!(err.contains("nhật ký của 10210, mục số 2"), "{err}");
    // Recomputing the chain does not help without the key, and cutting the tail is found by
    // the anchor.
    let cut = Command::new("sqlite3")
        .arg(&file)
        .arg("DELETE FROM audit_log WHERE tenant_code = '10210' AND seq > 1; UPDATE audit_heads SET seq = 1, hash = (SELECT hash FROM audit_log WHERE tenant_code = '10210' AND seq = 1);")
        .status()
        .unwrap();
    assert!(cut.success());
    let (code, _, err) = thidua(&["audit", "verify", "--database-url", &db]);
    assert_ne!(code, 0);
    assert!(
        err.contains("chữ ký đầu chuỗi không khớp") && err.contains("không còn"),
        "{err}"
    );
    let (code, _, err) = thidua(&["audit", "seal", "--database-url", &db]);
    assert_ne!(code, 0, "a broken trail is not sealed");
    assert!(err.contains("Không ký"), "{err}");
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
    // Phú Tân's demo accounts in units: the head of Thôn Đông, the school's reporter and its
    // principal (who also sits on the council).
    assert_eq!(
        count(&a) + count(&b),
        3,
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
    assert_eq!(users, ["phutan.hieutruong", "phutan.thondong", "phutan.truong"]);
    assert!(rows[1].1.contains("còn 3 ngày (hạn 30/11/2026)"), "{}", rows[1].1);
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
        "Đã tạo 3 thông báo nhắc hạn mới.",
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

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'=' && tail.len() >= 2 {
            bytes.push(u8::from_str_radix(std::str::from_utf8(&tail[..2]).unwrap(), 16).unwrap());
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).unwrap()
}

/// A bare SMTP server that keeps every message it is given.
/// What the sink was given: (recipients, message text) per mail.
type Inbox = std::sync::Arc<std::sync::Mutex<Vec<(Vec<String>, String)>>>;

fn smtp_sink() -> (u16, Inbox) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let kept = kept.clone();
            std::thread::spawn(move || {
                let mut out = stream.try_clone().unwrap();
                let mut lines = BufReader::new(stream);
                let mut to = Vec::new();
                let _ = out.write_all(b"220 sink ESMTP\r\n");
                let mut line = String::new();
                while lines.read_line(&mut line).unwrap_or(0) > 0 {
                    let cmd = line.trim_end().to_ascii_uppercase();
                    let reply: &[u8] = if cmd.starts_with("EHLO") {
                        b"250-sink\r\n250 8BITMIME\r\n"
                    } else if cmd.starts_with("RCPT TO:") {
                        to.push(line.trim_end()[8..].trim_matches(['<', '>', ' ']).to_owned());
                        b"250 OK\r\n"
                    } else if cmd == "DATA" {
                        let _ = out.write_all(b"354 go on\r\n");
                        let mut text = String::new();
                        let mut l = String::new();
                        while lines.read_line(&mut l).unwrap_or(0) > 0 && l != ".\r\n" {
                            text.push_str(&l);
                            l.clear();
                        }
                        kept.lock().unwrap().push((std::mem::take(&mut to), text));
                        b"250 queued\r\n"
                    } else if cmd == "QUIT" {
                        let _ = out.write_all(b"221 bye\r\n");
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = out.write_all(reply);
                    line.clear();
                }
            });
        }
    });
    (port, got)
}

/// Reminders go out by e-mail through the configured SMTP server: each queued mail once, even
/// with two senders at work, and a server that is down leaves the mail queued for later.
#[tokio::test]
async fn reminder_mail_reaches_the_smtp_server_once() {
    let db = thidua_store::testing::TestDb::sqlite();
    let (code, _, err) = thidua(&["demo", "--database-url", &db.url]);
    assert_eq!(code, 0, "{err}");
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
    sqlx::query("UPDATE users SET email = 'hieutruong.phutan@example.vn' WHERE username = 'phutan.truong'")
        .execute(&pool)
        .await
        .unwrap();
    let (code, out, _) = thidua(&["reminders", "run", "--date", "2026-11-27", "--database-url", &db.url]);
    assert_eq!((code, out.trim()), (0, "Đã tạo 3 thông báo nhắc hạn mới."));

    // No server listens on this port: the mail stays queued with the error.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let down = format!("smtp://127.0.0.1:{closed}");
    let (code, out, _) = thidua(&["mail", "send", "--smtp-url", &down, "--database-url", &db.url]);
    assert_eq!((code, out.trim()), (1, "Đã gửi 0 thư, 1 thư lỗi (sẽ thử lại)."));
    let (attempts, error): (i64, String) = sqlx::query_as("SELECT attempts, last_error FROM mail_outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(attempts, 1);
    assert!(!error.is_empty());
    let (_, out, _) = thidua(&["mail", "send", "--smtp-url", &down, "--database-url", &db.url]);
    assert_eq!(
        out.trim(),
        "Đã gửi 0 thư, 0 thư lỗi (sẽ thử lại).",
        "held back a minute after a failure"
    );
    // A minute later.
    sqlx::query("UPDATE mail_outbox SET claimed_until = 0")
        .execute(&pool)
        .await
        .unwrap();

    let (port, got) = smtp_sink();
    let up = format!("smtp://127.0.0.1:{port}");
    let send = || {
        Command::new(env!("CARGO_BIN_EXE_thidua"))
            .args(["mail", "send", "--smtp-url", &up, "--database-url", &db.url])
            .args(["--mail-from", "Thi Đua xã Phú Tân <thidua@phutan.example.vn>"])
            .args(["--public-url", "https://thidua.example.vn/"])
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(send);
        let b = s.spawn(send);
        (a.join().unwrap(), b.join().unwrap())
    });
    let outs = format!(
        "{}{}",
        String::from_utf8_lossy(&a.stdout),
        String::from_utf8_lossy(&b.stdout)
    );
    assert!(a.status.success() && b.status.success(), "{outs}");
    assert!(
        outs.contains("Đã gửi 1 thư, 0 thư lỗi") && outs.contains("Đã gửi 0 thư, 0 thư lỗi"),
        "{outs}"
    );
    let mails = got.lock().unwrap().clone();
    assert_eq!(mails.len(), 1, "one mail, sent once by one of the two senders");
    let (to, text) = &mails[0];
    assert_eq!(to, &["hieutruong.phutan@example.vn"]);
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    assert!(
        head.contains("Subject: Thi =?utf-8?b?"),
        "the Vietnamese subject is encoded: {head}"
    );
    assert!(head.contains("<thidua@phutan.example.vn>"), "{head}");
    assert!(head.contains("Message-ID: <outbox-1@thidua>"), "{head}");
    let body = if head.contains("quoted-printable") {
        quoted_printable(body)
    } else {
        body.to_owned()
    };
    assert!(
        body.contains("Trường Tiểu học chưa gửi báo cáo, còn 3 ngày (hạn 30/11/2026)"),
        "{body}"
    );
    assert!(body.contains("https://thidua.example.vn/thong-bao"), "{body}");
    let sent_at: i64 = sqlx::query_scalar("SELECT sent_at FROM mail_outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(sent_at > 0);
    let (code, out, _) = thidua(&["mail", "send", "--smtp-url", &up, "--database-url", &db.url]);
    assert_eq!((code, out.trim()), (0, "Đã gửi 0 thư, 0 thư lỗi (sẽ thử lại)."));
    assert_eq!(got.lock().unwrap().len(), 1, "nothing is sent twice");
    pool.close().await;
}

/// `plan import` reads the plan a commune issued into the interchange JSON, the same shape
/// `plan show --json` prints, and says what it is unsure of on standard error; a file that is
/// not a plan exits 2 with the reason.
#[test]
fn import_reads_an_issued_plan_and_refuses_what_is_not_one() {
    let (code, out, err) = thidua(&["plan", "import", "eval/plan-import/001-long-my.docx", "--json"]);
    assert_eq!(code, 0, "{err}");
    let read: serde_json::Value = serde_json::from_str(&out).expect("JSON on standard output");
    let (_, shown, _) = thidua(&["plan", "show", "plans/31471-long-my.toml", "--json"]);
    let shown: serde_json::Value = serde_json::from_str(&shown).unwrap();
    for key in ["authority", "period", "signature", "recipients"] {
        assert_eq!(read[key], shown[key], "{key}");
    }
    assert_eq!(
        read.as_object().unwrap().keys().collect::<Vec<_>>(),
        shown.as_object().unwrap().keys().collect::<Vec<_>>(),
        "the same shape"
    );
    let letter = temp_file("thu.txt", "Kính gửi anh chị,\nHẹn gặp lại.\n");
    let (code, out, err) = thidua(&["plan", "import", &letter]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("quá ít để là một kế hoạch"), "{err}");
}

/// `thidua backup` copies a running demo with its audit key and anchors; `thidua restore`
/// brings it back into an empty place: every table equal, the audit trail verified, and it
/// never overwrites a database that is there.
#[test]
fn a_backup_restores_to_an_equal_database_with_a_verified_trail() {
    let dir = std::env::temp_dir().join(format!("thidua_cli_backup_{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).unwrap();
    let live = format!("sqlite://{}", dir.join("live.db").display());
    let (code, _, err) = thidua(&["demo", "--database-url", &live]);
    assert_eq!(code, 0, "{err}");
    let backup = dir.join("sao-luu").join("thidua.db");
    let backup = backup.to_str().unwrap();
    let (code, out, err) = thidua(&["backup", "--to", backup, "--database-url", &live]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Đã sao lưu"), "{out}");
    let (code, _, err) = thidua(&["backup", "--to", backup, "--database-url", &live]);
    assert_eq!(code, 2, "an existing backup is not overwritten");
    assert!(err.contains("đã có"), "{err}");

    let copy = format!("sqlite://{}", dir.join("khoi-phuc").join("thidua.db").display());
    let (code, out, err) = thidua(&["restore", "--from", backup, "--database-url", &copy]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Nhật ký toàn vẹn"), "{out}");
    let dump = |file: &std::path::Path| {
        let out = Command::new("sqlite3")
            .arg(file)
            .arg(".dump")
            .output()
            .expect("sqlite3");
        String::from_utf8(out.stdout).unwrap()
    };
    let (a, b) = (
        dump(&dir.join("live.db")),
        dump(&dir.join("khoi-phuc").join("thidua.db")),
    );
    assert!(a.contains("INSERT INTO audit_log"), "the dump holds the data");
    assert!(a == b, "every table of the restored copy equals the live database");
    let (code, _, _) = thidua(&["audit", "verify", "--database-url", &copy]);
    assert_eq!(code, 0);
    let (code, _, err) = thidua(&["restore", "--from", backup, "--database-url", &copy]);
    assert_eq!(code, 2, "a restore never overwrites a database");
    assert!(err.contains("không ghi đè"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}
