//! `thidua`: the one binary. `serve` runs the platform; `plan` checks, shows and loads plan
//! files.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod mail;

use anyhow::Context;
use clap::{Parser, Subcommand};
use mail::{MailArgs, Mailer};
use thidua_app::App;
use thidua_domain::plan::{PlanIssue, parse_plan};

const DEFAULT_DATABASE: &str = "sqlite://data/thidua.db";

#[derive(Parser)]
#[command(
    name = "thidua",
    version,
    about = "Thi Đua — điều hành phong trào thi đua đổi mới sáng tạo và chuyển đổi số"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DatabaseArg {
    /// Database: sqlite://path/to/file.db (default, embedded) or postgres://user@host/db.
    #[arg(long, env = "THIDUA_DATABASE_URL", default_value = DEFAULT_DATABASE)]
    database_url: String,
}

#[derive(Subcommand)]
enum Command {
    /// Starts the web platform.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "THIDUA_LISTEN", default_value = "127.0.0.1:8080")]
        listen: String,
        #[command(flatten)]
        db: DatabaseArg,
        /// Also load the four seed communes with their plans.
        #[arg(long)]
        demo: bool,
        /// Reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
        /// ("127.0.0.1, 10.0.0.0/8"); none by default.
        #[arg(long, env = "THIDUA_TRUSTED_PROXIES", default_value = "")]
        trusted_proxies: String,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// The e-mail outbox.
    Mail {
        #[command(subcommand)]
        command: MailCommand,
    },
    /// Plan files: check, show, load.
    Plan {
        #[command(subcommand)]
        command: PlanCommand,
    },
    /// Accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Personal access tokens for the API.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Copies the database with its audit key and anchors into a backup while the platform
    /// runs (SQLite); for PostgreSQL, prints the pg_dump commands to use.
    Backup {
        /// The backup file to create, e.g. backups/thidua-2026-11-29.db.
        #[arg(long)]
        to: PathBuf,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Restores a backup made by `thidua backup` into a new database file, with its audit key
    /// and anchors, then verifies the audit trail.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Reminders of report deadlines.
    Reminders {
        #[command(subcommand)]
        command: RemindersCommand,
    },
    /// Loads demo data. `--scale commune` (default): the four seed communes with their plans,
    /// units and one account per role. `--scale national`: a synthetic country for benchmarks.
    Demo {
        #[arg(long, value_parser = ["commune", "national"], default_value = "commune")]
        scale: String,
        /// Seed of the synthetic country: the same seed gives the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Communes to generate (national scale; 0 = all 3,321).
        #[arg(long, default_value_t = 0)]
        communes: usize,
        #[arg(long, default_value_t = 100)]
        units: usize,
        #[arg(long, default_value_t = 1000)]
        people: usize,
        /// Past years with every unit's report accepted.
        #[arg(long, value_delimiter = ',', default_value = "2025")]
        report_years: Vec<i32>,
        /// Unit reporters with API tokens, for a load test.
        #[arg(long, default_value_t = 0)]
        reporters: usize,
        /// Where to write the reporters' tokens: one "token tenant unit" per line.
        #[arg(long)]
        tokens_file: Option<PathBuf>,
        /// Initiatives of each commune (301 × 3,321 communes ≈ 1,000,000), for a benchmark.
        #[arg(long, default_value_t = 0)]
        initiatives: usize,
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Measures the initiative look-alike check and search on a national data set (see
    /// bench/initiatives.sh): latency percentiles, the database's own lookups, and how many
    /// copies found their original.
    BenchInitiatives {
        #[arg(long, default_value_t = 400)]
        samples: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum MailCommand {
    /// Sends every waiting e-mail now (every server with THIDUA_SMTP_URL also does so each
    /// minute). Safe beside running servers: each mail is claimed before it is sent.
    Send {
        #[command(flatten)]
        mail: MailArgs,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum RemindersCommand {
    /// Runs one reminder round now (every server also runs one every 10 minutes). Safe to run
    /// on several machines at once: each reminder is stored and mailed once.
    Run {
        /// The day to act as, YYYY-MM-DD (default: today in Vietnam).
        #[arg(long)]
        date: Option<String>,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Creates an account with one role in a tenant (commune or province code, or `platform`).
    /// The password is read from --password-file, or from standard input (one line), never
    /// from an argument.
    Add {
        #[arg(long)]
        tenant: String,
        /// operator, province_officer, standing_officer, digital_officer, commendation_officer,
        /// council_member, signer
        #[arg(long)]
        role: String,
        #[arg(long)]
        username: String,
        /// Full name as shown in the platform (defaults to the username).
        #[arg(long)]
        name: Option<String>,
        /// A file whose first line is the password.
        #[arg(long)]
        password_file: Option<PathBuf>,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Creates a token for a user and prints it once.
    Create {
        #[arg(long)]
        username: String,
        /// What the token is for.
        #[arg(long, default_value = "Dòng lệnh")]
        name: String,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Checks every tenant's hash chain, its signed head and the anchors file beside the audit
    /// key; names each edited, deleted, reordered or cut entry.
    Verify {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Appends a signed line per grown chain to the anchors file (`serve` does it hourly).
    Anchor {
        #[command(flatten)]
        db: DatabaseArg,
    },
    /// Signs chain heads written before heads were signed, once every chain verifies.
    Seal {
        #[command(flatten)]
        db: DatabaseArg,
    },
}

#[derive(Subcommand)]
enum PlanCommand {
    /// Checks plan files; exits non-zero naming the file, line and field of every error.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Prints a plan, normalised; with --json in the plan interchange format.
    Show {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Reads a plan out of the document a commune issued (.docx, .pdf with a text layer, or
    /// text): the plan on standard output (with --json in the interchange format), what is
    /// unsure or not understood on standard error. Exits 2 when the file is not a plan.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Checks plan files and saves them to the database (a changed plan becomes a new revision).
    Load {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        db: DatabaseArg,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Lỗi: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Plan {
            command: PlanCommand::Check { files },
        } => Ok(check(&files)),
        Command::Plan {
            command: PlanCommand::Show { file, json },
        } => show(&file, json),
        Command::Plan {
            command: PlanCommand::Load { files, db },
        } => runtime()?.block_on(load(&files, &db.database_url)),
        Command::Plan {
            command: PlanCommand::Import { file, json },
        } => import(&file, json),
        Command::Reminders {
            command: RemindersCommand::Run { date, db },
        } => runtime()?.block_on(reminders(date.as_deref(), &db.database_url)),
        Command::Backup { to, db } => runtime()?.block_on(backup(&to, &db.database_url)),
        Command::Restore { from, db } => runtime()?.block_on(restore(&from, &db.database_url)),
        Command::Mail {
            command: MailCommand::Send { mail, db },
        } => runtime()?.block_on(send_mail(&mail, &db.database_url)),
        Command::Demo {
            scale,
            seed,
            communes,
            units,
            people,
            report_years,
            reporters,
            tokens_file,
            initiatives,
            db,
        } => runtime()?.block_on(async {
            let app = open(&db.database_url).await?;
            if scale == "national" {
                let scale = thidua_bench_data::Scale {
                    seed,
                    communes,
                    units_per_commune: units,
                    people_per_commune: people,
                    report_years,
                    reporters,
                    initiatives_per_commune: initiatives,
                };
                let started = std::time::Instant::now();
                let made = thidua_bench_data::Generator::connect(&app, &db.database_url)
                    .await?
                    .load_national(&scale)
                    .await?;
                println!(
                    "Đã tạo {} xã, {} tập thể, {} cá nhân, {} báo cáo, {} sáng kiến, {} người báo cáo trong {:.0} giây.",
                    made.communes,
                    made.units,
                    made.people,
                    made.reports,
                    made.initiatives,
                    made.reporters.len(),
                    started.elapsed().as_secs_f64()
                );
                if let Some(path) = tokens_file {
                    let lines: String = made
                        .reporters
                        .iter()
                        .map(|(token, tenant, unit)| format!("{token} {tenant} {unit}\n"))
                        .collect();
                    std::fs::write(&path, lines).with_context(|| format!("không ghi được {}", path.display()))?;
                }
            } else {
                load_demo(&app).await?;
            }
            app.close().await;
            Ok(ExitCode::SUCCESS)
        }),
        Command::BenchInitiatives { samples, seed, db } => runtime()?.block_on(async {
            let app = open(&db.database_url).await?;
            let b = thidua_bench_data::Generator::connect(&app, &db.database_url)
                .await?
                .bench_initiatives(samples, seed)
                .await?;
            println!("initiatives {}", b.initiatives);
            for t in &b.timings {
                println!(
                    "{:<45} n={:<5} p50={:>8.2} ms  p99={:>8.2} ms",
                    t.name,
                    t.samples.len(),
                    t.percentile_ms(0.5),
                    t.percentile_ms(0.99)
                );
            }
            println!("copies found {}/{}", b.copies_found, b.copies);
            app.close().await;
            Ok(ExitCode::SUCCESS)
        }),
        Command::Serve {
            listen,
            db,
            demo,
            trusted_proxies,
            mail,
        } => {
            let trusted = thidua_web::proxy::TrustedProxies::parse(&trusted_proxies).map_err(anyhow::Error::msg)?;
            runtime()?.block_on(serve(&listen, &db.database_url, demo, trusted, &mail))
        }
        Command::User {
            command:
                UserCommand::Add {
                    tenant,
                    role,
                    username,
                    name,
                    password_file,
                    db,
                },
        } => {
            let password = read_password(password_file.as_ref())?;
            let display = name.unwrap_or_else(|| username.clone());
            runtime()?.block_on(with_app(&db.database_url, async |app: &App| {
                let id = app.add_user_cli(&tenant, &role, &username, &display, &password).await?;
                println!("Đã tạo tài khoản {username} (số {id}), vai trò {role} tại {tenant}.");
                Ok(ExitCode::SUCCESS)
            }))
        }
        Command::Token {
            command: TokenCommand::Create { username, name, db },
        } => runtime()?.block_on(with_app(&db.database_url, async |app: &App| {
            let token = app.create_token_cli(&username, &name).await?;
            println!("{token}");
            eprintln!("Mã truy cập chỉ hiện một lần: hãy lưu lại. Dùng: Authorization: Bearer <mã>");
            Ok(ExitCode::SUCCESS)
        })),
        Command::Audit {
            command: AuditCommand::Verify { db },
        } => runtime()?.block_on(with_app(&db.database_url, async |app: &App| {
            let breaks = app.verify_audit().await?;
            if breaks.is_empty() {
                println!("Nhật ký toàn vẹn: không mục nào bị sửa hoặc xóa.");
                return Ok(ExitCode::SUCCESS);
            }
            for b in &breaks {
                eprintln!("{b}");
            }
            eprintln!("Nhật ký đã bị can thiệp: {} chỗ hỏng.", breaks.len());
            Ok(ExitCode::FAILURE)
        })),
        Command::Audit {
            command: AuditCommand::Anchor { db },
        } => runtime()?.block_on(with_app(&db.database_url, async |app: &App| {
            let mut anchored = app.anchored();
            let n = app.anchor_audit(&mut anchored).await?;
            println!("Đã neo {n} chuỗi nhật ký vào {}.", app.anchor_file().display());
            Ok(ExitCode::SUCCESS)
        })),
        Command::Audit {
            command: AuditCommand::Seal { db },
        } => runtime()?.block_on(with_app(&db.database_url, async |app: &App| match app.seal_audit().await? {
            Ok(n) => {
                println!("Đã ký {n} đầu chuỗi nhật ký.");
                Ok(ExitCode::SUCCESS)
            }
            Err(breaks) => {
                for b in &breaks {
                    eprintln!("{b}");
                }
                eprintln!("Không ký: nhật ký có {} chỗ hỏng, cần xem xét trước.", breaks.len());
                Ok(ExitCode::FAILURE)
            }
        })),
    }
}

/// Opens the database, runs `f`, closes it. A refusal from the app (bad input, unknown user)
/// is printed in Vietnamese with a failing exit code.
async fn with_app(
    database_url: &str,
    f: impl AsyncFnOnce(&App) -> Result<ExitCode, thidua_app::AppError>,
) -> anyhow::Result<ExitCode> {
    let app = App::open(database_url).await?;
    let result = f(&app).await;
    app.close().await;
    match result {
        Ok(code) => Ok(code),
        Err(e @ (thidua_app::AppError::Invalid(_) | thidua_app::AppError::NotFound(_))) => {
            eprintln!("Lỗi: {e}");
            Ok(ExitCode::FAILURE)
        }
        Err(e) => Err(e.into()),
    }
}

/// The password from a file's first line, or from standard input — never from an argument,
/// which would land in the shell history.
fn read_password(file: Option<&PathBuf>) -> anyhow::Result<String> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("không đọc được {}", path.display()))?,
        // Typed at a terminal: asked twice, nothing shown on screen.
        None if std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
            let first = rpassword::prompt_password("Mật khẩu: ")?;
            let again = rpassword::prompt_password("Nhập lại mật khẩu: ")?;
            anyhow::ensure!(first == again, "hai lần nhập mật khẩu không khớp");
            first
        }
        None => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line
        }
    };
    let password = text.lines().next().unwrap_or("").to_owned();
    anyhow::ensure!(!password.is_empty(), "chưa có mật khẩu");
    Ok(password)
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

fn read(file: &PathBuf) -> Result<Vec<u8>, PlanIssue> {
    std::fs::read(file).map_err(|e| PlanIssue {
        file: file.display().to_string(),
        line: 0,
        column: 0,
        field: String::new(),
        message: format!("không đọc được tệp: {e}"),
        detail: None,
    })
}

fn check(files: &[PathBuf]) -> ExitCode {
    let mut failed = false;
    for file in files {
        let name = file.display().to_string();
        match read(file).map_err(|e| vec![e]).and_then(|b| parse_plan(&name, &b)) {
            Ok(checked) => {
                for w in &checked.warnings {
                    eprintln!("cảnh báo: {w}");
                }
                println!("{name}: hợp lệ ({})", checked.plan.authority.name);
            }
            Err(issues) => {
                failed = true;
                issues.iter().for_each(|i| eprintln!("{i}"));
            }
        }
    }
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn show(file: &PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("không đọc được tệp {name}"))?;
    let checked = match parse_plan(&name, &bytes) {
        Ok(c) => c,
        Err(issues) => {
            issues.iter().for_each(|i| eprintln!("{i}"));
            return Ok(ExitCode::FAILURE);
        }
    };
    print_plan(&checked.plan, json)?;
    Ok(ExitCode::SUCCESS)
}

/// Reads a plan out of an issued document, as the web import does.
fn import(file: &PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    let name = file.display().to_string();
    let bytes = std::fs::read(file).with_context(|| format!("không đọc được tệp {name}"))?;
    let extraction = match thidua_app::plan_editing::read_plan_document(&bytes) {
        Ok((_, x)) => x,
        Err(message) => {
            eprintln!("{name}: {message}");
            return Ok(ExitCode::from(2));
        }
    };
    for f in extraction.fields.iter().filter(|f| !f.sure) {
        eprintln!(
            "chưa chắc: {} = {} (đoạn {}: «{}»){}",
            f.field,
            f.value,
            f.block + 1,
            f.source,
            f.note.as_ref().map_or_else(String::new, |n| format!(" — {n}"))
        );
    }
    for u in &extraction.not_understood {
        eprintln!("chưa hiểu: đoạn {}: «{}»", u.block + 1, u.text);
    }
    for issue in thidua_domain::plan::validate(&extraction.plan) {
        eprintln!(
            "{}: {}: {}",
            if issue.warning { "lưu ý" } else { "cần sửa" },
            issue.path,
            issue.message
        );
    }
    print_plan(&extraction.plan, json)?;
    Ok(ExitCode::SUCCESS)
}

fn print_plan(plan: &thidua_domain::plan::Plan, json: bool) -> anyhow::Result<()> {
    if json {
        println!("{}", serde_json::to_string_pretty(plan)?);
    } else {
        println!("{} — {}", plan.authority.name, plan.document.title);
        println!("Thời gian: {}–{}", plan.period.start_year, plan.period.end_year);
        for p in &plan.phases {
            println!(
                "  Giai đoạn {}: {}–{}, {} năm {}",
                p.number,
                p.start_year,
                p.end_year,
                p.review.label(),
                p.review_year
            );
        }
        for d in &plan.deadlines {
            println!("  Thời hạn {}: {} ({} → {})", d.when(), d.kind.label(), d.from, d.to);
        }
        for a in &plan.awards {
            println!(
                "  Khen thưởng: {} [{}]",
                a.name,
                a.occasions.iter().map(|o| o.label()).collect::<Vec<_>>().join(", ")
            );
        }
    }
    Ok(())
}

async fn load(files: &[PathBuf], database_url: &str) -> anyhow::Result<ExitCode> {
    let app = App::open(database_url).await?;
    let mut failed = false;
    for file in files {
        let name = file.display().to_string();
        let bytes = std::fs::read(file).with_context(|| format!("không đọc được tệp {name}"))?;
        match app
            .load_plan(&thidua_app::Actor::system("thidua plan load"), &name, &bytes)
            .await
        {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    eprintln!("cảnh báo: {w}");
                }
                let what = if !loaded.saved.changed {
                    "không thay đổi".to_owned()
                } else if loaded.saved.revision == 1 {
                    "đã nạp".to_owned()
                } else {
                    format!("đã cập nhật, lần ban hành {}", loaded.saved.revision)
                };
                println!(
                    "{name}: {what} — kế hoạch số {} của {}",
                    loaded.saved.id, loaded.commune_name
                );
            }
            Err(thidua_app::AppError::InvalidPlan(issues)) => {
                failed = true;
                issues.iter().for_each(|i| eprintln!("{i}"));
            }
            Err(e) => return Err(e.into()),
        }
    }
    app.close().await;
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

async fn open(database_url: &str) -> anyhow::Result<App> {
    App::open(database_url)
        .await
        .with_context(|| format!("không mở được cơ sở dữ liệu {}", thidua_app::redact(database_url)))
}

async fn load_demo(app: &App) -> anyhow::Result<()> {
    let accounts = app.load_demo().await?;
    for loaded in app.load_seed_plans().await? {
        tracing::info!(id = loaded.saved.id, commune = %loaded.commune_name, "kế hoạch mẫu");
    }
    println!("Dữ liệu mẫu: kế hoạch của Xã Hồng Vân, Phường Long Mỹ, Xã Vĩnh Linh, Xã Phú Tân đã được nạp.");
    println!("Tài khoản mẫu, mật khẩu chung “{}”:", thidua_app::demo::DEMO_PASSWORD);
    for a in &accounts {
        println!("  {:<20} {:<9} {}", a.username, a.tenant, a.role.label());
    }
    Ok(())
}

async fn reminders(date: Option<&str>, database_url: &str) -> anyhow::Result<ExitCode> {
    let now = match date {
        None => time::OffsetDateTime::now_utc(),
        Some(d) => {
            let day = thidua_domain::calendar::parse_iso_date(d)
                .with_context(|| format!("--date: “{d}” không phải ngày dạng YYYY-MM-DD"))?;
            // Noon in Vietnam on that day.
            time::PrimitiveDateTime::new(day, time::Time::from_hms(12, 0, 0)?)
                .assume_offset(thidua_domain::calendar::VIETNAM)
        }
    };
    let app = open(database_url).await?;
    let sent = app.run_reminders(now).await?;
    println!("Đã tạo {sent} thông báo nhắc hạn mới.");
    app.close().await;
    Ok(ExitCode::SUCCESS)
}

/// Every 10 minutes, this server runs a reminder round; other servers doing the same never
/// duplicate a reminder.
fn spawn_reminders(app: App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(600));
        loop {
            tick.tick().await;
            match app.run_reminders(time::OffsetDateTime::now_utc()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(notices = n, "đã nhắc hạn báo cáo"),
                Err(e) => tracing::warn!(error = %e, "vòng nhắc hạn lỗi, sẽ thử lại sau 10 phút"),
            }
        }
    });
}

async fn send_mail(args: &MailArgs, database_url: &str) -> anyhow::Result<ExitCode> {
    let Some(mailer) = Mailer::from_args(args)? else {
        anyhow::bail!("chưa cấu hình máy chủ thư: đặt THIDUA_SMTP_URL hoặc --smtp-url");
    };
    let app = open(database_url).await?;
    let done = mailer.send_waiting(&app).await;
    app.close().await;
    let done = done?;
    println!("Đã gửi {} thư, {} thư lỗi (sẽ thử lại).", done.sent, done.failed);
    Ok(if done.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Every minute, this server sends the waiting e-mails.
fn spawn_mail(app: App, mailer: Mailer) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            match mailer.send_waiting(&app).await {
                Ok(d) if d.sent + d.failed > 0 => tracing::info!(sent = d.sent, failed = d.failed, "đã gửi thư"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "vòng gửi thư lỗi, sẽ thử lại sau 1 phút"),
            }
        }
    });
}

/// Every minute, the "last used" times of access tokens are written in one batch.
/// The backup's companions: its audit key and anchors, named after it.
fn backup_companions(file: &Path) -> (PathBuf, PathBuf) {
    let key = PathBuf::from(format!("{}.audit-key", file.display()));
    let anchors = thidua_app::audit_anchors::anchor_path(&key);
    (key, anchors)
}

const PG_BACKUP: &str = "PostgreSQL: sao lưu bằng «pg_dump --format=custom --file=thidua.dump $THIDUA_DATABASE_URL», \
khôi phục bằng «pg_restore --dbname=$THIDUA_DATABASE_URL thidua.dump» vào cơ sở dữ liệu trống; \
sao lưu kèm tệp khóa nhật ký (THIDUA_AUDIT_KEY_FILE) và tệp neo bên cạnh, rồi chạy «thidua audit verify».";

async fn backup(to: &Path, database_url: &str) -> anyhow::Result<ExitCode> {
    if !database_url.starts_with("sqlite:") {
        println!("{PG_BACKUP}");
        return Ok(ExitCode::from(2));
    }
    if to.exists() {
        eprintln!("Tệp sao lưu {} đã có: chọn tên khác, không ghi đè.", to.display());
        return Ok(ExitCode::from(2));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
    }
    let app = open(database_url).await?;
    // The backup carries anchors up to this moment.
    let mut anchored = app.anchored();
    app.anchor_audit(&mut anchored).await?;
    app.backup_into(to).await?;
    let (key, anchors) = backup_companions(to);
    std::fs::copy(app.audit_key_file(), &key).context("không chép được tệp khóa nhật ký")?;
    std::fs::copy(app.anchor_file(), &anchors).context("không chép được tệp neo nhật ký")?;
    app.close().await;
    println!(
        "Đã sao lưu vào {} (kèm {} và {}). Giữ ba tệp cùng nhau, ở nơi khác máy chủ.",
        to.display(),
        key.display(),
        anchors.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn restore(from: &Path, database_url: &str) -> anyhow::Result<ExitCode> {
    let Some(target) = database_url
        .strip_prefix("sqlite:")
        .map(|r| PathBuf::from(r.trim_start_matches("//").split('?').next().unwrap_or("")))
    else {
        println!("{PG_BACKUP}");
        return Ok(ExitCode::from(2));
    };
    let (key, anchors) = backup_companions(from);
    for needed in [from, key.as_path()] {
        if !needed.exists() {
            eprintln!("Không có tệp {}: cần tệp sao lưu và tệp khóa đi kèm.", needed.display());
            return Ok(ExitCode::from(2));
        }
    }
    let (target_key, target_anchors) = thidua_app::audit_anchors::audit_files_for(database_url);
    for taken in [&target, &target_key, &target_anchors] {
        if taken.exists() {
            eprintln!(
                "{} đã có: khôi phục chỉ vào chỗ trống, không ghi đè dữ liệu đang có.",
                taken.display()
            );
            return Ok(ExitCode::from(2));
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::copy(from, &target).context("không chép được tệp sao lưu")?;
    std::fs::copy(&key, &target_key).context("không chép được tệp khóa nhật ký")?;
    if anchors.exists() {
        std::fs::copy(&anchors, &target_anchors).context("không chép được tệp neo nhật ký")?;
    }
    let app = open(database_url).await?;
    let breaks = app.verify_audit().await?;
    app.close().await;
    if breaks.is_empty() {
        println!("Đã khôi phục vào {}. Nhật ký toàn vẹn.", target.display());
        return Ok(ExitCode::SUCCESS);
    }
    for b in &breaks {
        eprintln!("{b}");
    }
    eprintln!(
        "Đã khôi phục nhưng nhật ký có {} chỗ hỏng: xem xét trước khi dùng.",
        breaks.len()
    );
    Ok(ExitCode::FAILURE)
}

/// Pins every chain's growth in the anchors file outside the database, at start and hourly,
/// so a later cut of the trail's tail is found by `audit verify`.
fn spawn_audit_anchors(app: App) {
    tokio::spawn(async move {
        let mut anchored = app.anchored();
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = app.anchor_audit(&mut anchored).await {
                tracing::warn!(error = %e, "không neo được nhật ký");
            }
        }
    });
}

fn spawn_token_flush(app: App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = app.flush_token_uses().await {
                tracing::warn!(error = %e, "không ghi được thời điểm dùng mã truy cập");
            }
        }
    });
}

async fn serve(
    listen: &str,
    database_url: &str,
    demo: bool,
    trusted: thidua_web::proxy::TrustedProxies,
    mail: &MailArgs,
) -> anyhow::Result<ExitCode> {
    let mailer = Mailer::from_args(mail)?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("không mở được cổng {listen}"))?;
    let address = format!("http://{}", listener.local_addr()?);
    // Certificates print the public address in their QR code. A demo on one machine uses the
    // address it listens on; a real server must be told (THIDUA_PUBLIC_URL).
    let public_url = match (&mail.public_url, demo) {
        (Some(url), _) => url.clone(),
        (None, true) => address.clone(),
        (None, false) => {
            tracing::warn!("chưa đặt THIDUA_PUBLIC_URL: hệ thống sẽ không in Giấy khen (mã QR cần địa chỉ cố định)");
            String::new()
        }
    };
    let app = open(database_url).await?.with_public_url(&public_url);
    if demo {
        load_demo(&app).await?;
    }
    spawn_reminders(app.clone());
    spawn_token_flush(app.clone());
    spawn_audit_anchors(app.clone());
    match mailer {
        Some(mailer) => spawn_mail(app.clone(), mailer),
        None => tracing::info!("chưa cấu hình THIDUA_SMTP_URL: thư nhắc hạn được giữ trong hàng đợi"),
    }
    println!("Thi Đua đang chạy tại {address}");
    thidua_web::serve_behind(app.clone(), listener, trusted).await?;
    app.close().await;
    Ok(ExitCode::SUCCESS)
}
