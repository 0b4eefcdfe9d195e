//! Participants of a commune's movement: collectives (its units with head, parent, members
//! and cluster) and individuals, kept by hand or imported from Excel. An import checks every
//! row and applies the whole file in one transaction or nothing; each wrong cell is reported
//! by row, column and reason; importing the same file again changes nothing.

use serde::{Deserialize, Serialize};
use thidua_domain::access::Action;
use thidua_domain::legacy_text::legacy_warning;
use thidua_domain::text::{compare, compare_person_names, fold, nfc};
use thidua_store::{Applied, Collective, Person, Reader, Scope};

use crate::admin::UNIT_KINDS;
use crate::auth::Ctx;
use crate::{App, AppError, Result};

/// Who an individual is, as the plans name them.
pub const PERSON_CATEGORIES: [(&str, &str); 7] = [
    ("cbccvc", "Cán bộ, công chức, viên chức"),
    ("nguoi_lao_dong", "Người lao động"),
    ("khong_chuyen_trach", "Người hoạt động không chuyên trách"),
    ("nguoi_dan", "Người dân"),
    ("doanh_nhan", "Doanh nhân"),
    ("nha_khoa_hoc", "Nhà khoa học"),
    ("kieu_bao", "Người Việt Nam ở nước ngoài"),
];

pub fn person_category_label(code: &str) -> &str {
    PERSON_CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, l)| l)
}

pub fn gender_label(code: &str) -> &'static str {
    if code == "nu" { "Nữ" } else { "Nam" }
}

/// Which list a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    Collectives,
    People,
}

impl ListKind {
    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "tap-the" => Some(Self::Collectives),
            "ca-nhan" => Some(Self::People),
            _ => None,
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Self::Collectives => "tap-the",
            Self::People => "ca-nhan",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Collectives => "Tập thể",
            Self::People => "Cá nhân",
        }
    }

    /// The template's example row, which explains the columns; an import skips it.
    pub fn example(self) -> &'static [&'static str] {
        match self {
            Self::Collectives => &[
                "Hội Liên hiệp Phụ nữ xã (dòng ví dụ)",
                "Mặt trận Tổ quốc, đoàn thể",
                "",
                "Nguyễn Thị Hồng",
                "350",
                "350",
                "Khối Mặt trận – đoàn thể",
            ],
            Self::People => &[
                "Trần Văn Mẫu (dòng ví dụ)",
                "Nam",
                "1985",
                "Công chức Văn hóa – Xã hội",
                "Phòng Văn hóa – Xã hội",
                "Cán bộ, công chức, viên chức",
            ],
        }
    }

    /// The template's header row, in order.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Self::Collectives => &[
                "Tên tập thể",
                "Loại",
                "Trực thuộc",
                "Người đứng đầu",
                "Số thành viên",
                "Số thành viên nữ",
                "Cụm, khối thi đua",
            ],
            Self::People => &[
                "Họ và tên",
                "Giới tính",
                "Năm sinh",
                "Chức vụ",
                "Đơn vị công tác",
                "Đối tượng",
            ],
        }
    }
}

/// Largest file accepted, in data rows.
pub const MAX_IMPORT_ROWS: usize = 50_000;

/// What a background import is doing, in order; the page shows the step and the rows.
const STAGES: [&str; 3] = ["Đang đọc tệp", "Đang kiểm tra từng dòng", "Đang ghi vào cơ sở dữ liệu"];

/// A running job that has not moved for this long was cut short (its server stopped).
const STALLED_AFTER_SECS: i64 = 120;

/// A background import as its page shows it.
#[derive(Debug, Clone)]
pub struct ImportJob {
    pub row: thidua_store::ImportJobRow,
    pub kind: ListKind,
    /// 1-based step of [`STAGES`] and how many there are.
    pub step: usize,
    pub steps: usize,
    pub outcome: Option<ImportOutcome>,
    /// Cut short: nothing was applied; import the file again.
    pub stalled: bool,
}

/// One thing wrong in an import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// Spreadsheet row number (the header is row 1).
    pub row: usize,
    /// Column letter and header, e.g. "B (Loại)"; empty for the whole row.
    pub column: String,
    pub reason: String,
}

/// What an import did, or every reason it did nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportOutcome {
    Applied { rows: usize, applied: Applied },
    Rejected(Vec<RowError>),
}

/// Errors an import reports at most; a file with more says how many more.
pub const MAX_REPORTED_ERRORS: usize = 200;

impl ImportOutcome {
    /// The first errors in row order, and one line for the rest: a file wrong on every row
    /// gets a page a person can read, not hundreds of megabytes.
    pub fn rejected(mut errors: Vec<RowError>) -> Self {
        errors.sort_by_key(|e| e.row);
        if errors.len() > MAX_REPORTED_ERRORS {
            let more = errors.len() - MAX_REPORTED_ERRORS;
            errors.truncate(MAX_REPORTED_ERRORS);
            errors.push(RowError {
                row: 0,
                column: String::new(),
                reason: format!("… và {more} lỗi khác ở các dòng sau; hãy sửa các lỗi trên rồi nhập lại để xem tiếp."),
            });
        }
        Self::Rejected(errors)
    }
}

/// A commune's participants for its list page.
#[derive(Debug, Clone)]
pub struct Participants {
    pub collectives: Vec<Collective>,
    pub people: Vec<Person>,
    /// Built-in and the commune's own kinds: (code, label).
    pub kinds: Vec<(String, String)>,
    /// Who the commune no longer follows (kept with their history).
    pub inactive_units: Vec<i64>,
    pub inactive_people: Vec<i64>,
}

impl Participants {
    pub fn kind_label<'a>(&'a self, code: &'a str) -> &'a str {
        self.kinds
            .iter()
            .find(|(c, _)| c == code)
            .map_or(code, |(_, l)| l.as_str())
    }

    pub fn unit_name(&self, id: i64) -> &str {
        self.collectives
            .iter()
            .find(|c| c.id == id)
            .map_or("", |c| c.name.as_str())
    }
}

fn column(index: usize, kind: ListKind) -> String {
    column_of(index, kind.headers())
}

/// "B (Loại)": a column as the person looking at the sheet finds it.
pub(crate) fn column_of(index: usize, headers: &[&str]) -> String {
    let letter = char::from(b'A' + u8::try_from(index.min(25)).unwrap_or(25));
    match headers.get(index) {
        Some(h) => format!("{letter} ({h})"),
        None => letter.to_string(),
    }
}

/// The data rows of a sheet made from one of our templates, numbered as the spreadsheet shows
/// them: the header row checked against `headers`, empty rows and the template's `example`
/// row left out, the row limit applied. Cells are trimmed and NFC.
pub(crate) fn template_rows(
    rows: &[Vec<String>],
    headers: &[&str],
    example: &[&str],
) -> std::result::Result<Vec<(usize, Vec<String>)>, Vec<RowError>> {
    let (header, data) = rows
        .split_first()
        .map_or((&[][..], &[][..]), |(h, d)| (h.as_slice(), d));
    let mut errors = Vec::new();
    for (i, expected) in headers.iter().enumerate() {
        let found = header.get(i).map_or("", |s| s.trim());
        if fold(found) != fold(expected) {
            errors.push(RowError {
                row: 1,
                column: column_of(i, headers),
                reason: format!(
                    "tiêu đề cột phải là «{expected}» (đang là «{found}»). Hãy dùng tệp mẫu tải từ hệ thống."
                ),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let filled: Vec<(usize, Vec<String>)> = data
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut cells: Vec<String> = r.iter().map(|c| nfc(c.trim())).collect();
            cells.resize(cells.len().max(headers.len()), String::new());
            (i + 2, cells)
        })
        .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
        // The template's example row left in the file is not data.
        .filter(|(_, r)| {
            !r.iter()
                .take(example.len())
                .map(String::as_str)
                .eq(example.iter().copied())
        })
        .collect();
    if filled.is_empty() {
        return Err(vec![RowError {
            row: 2,
            column: String::new(),
            reason: "tệp không có dòng dữ liệu nào dưới dòng tiêu đề (dòng ví dụ của tệp mẫu không được nhập).".into(),
        }]);
    }
    if filled.len() > MAX_IMPORT_ROWS {
        return Err(vec![RowError {
            row: 0,
            column: String::new(),
            reason: format!(
                "tệp có {} dòng, nhiều hơn mức {MAX_IMPORT_ROWS} dòng một lần nhập; hãy chia thành nhiều tệp.",
                filled.len()
            ),
        }]);
    }
    Ok(filled)
}

/// Reads a whole-number cell: "" → None; "1.250" and "1 250" are 1250.
fn count(raw: &str) -> std::result::Result<Option<i64>, ()> {
    let digits: String = raw.chars().filter(|c| !matches!(c, '.' | ' ' | '\u{a0}')).collect();
    if digits.is_empty() {
        return Ok(None);
    }
    digits
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=10_000_000).contains(n))
        .map(Some)
        .ok_or(())
}

impl App {
    async fn unit_kinds(&self, scope: &Reader<'_>) -> Result<Vec<(String, String)>> {
        let mut kinds: Vec<(String, String)> = UNIT_KINDS
            .iter()
            .map(|(c, l)| ((*c).to_owned(), (*l).to_owned()))
            .collect();
        kinds.extend(scope.custom_unit_kinds().await?);
        Ok(kinds)
    }

    pub async fn participants(&self, ctx: &Ctx, tenant: &str) -> Result<Participants> {
        let scope = self.authorize_view(ctx, Action::ViewTenant, tenant, None).await?;
        let mut collectives = scope.collectives().await?;
        collectives.sort_by(|a, b| compare(&a.name, &b.name));
        let mut people = scope.all_people().await?;
        people.sort_by(|a, b| compare_person_names(&a.full_name, &b.full_name));
        let (inactive_units, inactive_people) = scope.inactive_participants().await?;
        Ok(Participants {
            kinds: self.unit_kinds(&scope).await?,
            collectives,
            people,
            inactive_units,
            inactive_people,
        })
    }

    /// Stops following a collective or a person (or takes them back). Their history stays;
    /// they leave the lists of who reports and who may be nominated.
    pub async fn set_participant_active(
        &self,
        ctx: &Ctx,
        tenant: &str,
        kind: ListKind,
        id: i64,
        active: bool,
    ) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageUnits, tenant, None).await?;
        if !scope
            .set_participant_active(kind == ListKind::People, id, active)
            .await?
        {
            return Err(AppError::NotFound(if active {
                "Không có đối tượng này trong danh sách ngừng theo dõi.".into()
            } else {
                "Không có đối tượng này, hoặc đã ngừng theo dõi.".into()
            }));
        }
        Ok(())
    }

    /// Adds a kind of collective to the commune's catalogue.
    pub async fn add_unit_kind(&self, ctx: &Ctx, tenant: &str, label: &str) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageUnits, tenant, None).await?;
        let label = nfc(label.trim());
        if label.is_empty() || label.chars().count() > 100 {
            return Err(AppError::Invalid("Tên loại tập thể: cần từ 1 đến 100 ký tự.".into()));
        }
        let code = fold(&label).replace(' ', "_");
        let taken = self
            .unit_kinds(&scope)
            .await?
            .iter()
            .any(|(c, l)| *c == code || fold(l) == fold(&label));
        if taken || !scope.add_unit_kind(&code, &label).await? {
            return Err(AppError::Invalid(format!("Loại “{label}” đã có trong danh mục.")));
        }
        Ok(())
    }

    /// Starts checking a list file in the background and returns the job the page follows. The
    /// file is applied whole or, with every wrong cell reported, not at all; a job cut short
    /// changed nothing.
    pub async fn start_import(&self, ctx: &Ctx, tenant: &str, kind: ListKind, bytes: Vec<u8>) -> Result<i64> {
        let scope = self.authorize(ctx, Action::ManageUnits, tenant, None).await?;
        let job = scope.start_import_job(ctx.user.id, kind.slug(), STAGES[0]).await?;
        let (app, tenant, actor) = (self.clone(), tenant.to_owned(), ctx.actor());
        tokio::spawn(async move {
            let scope = app.continued_scope(&tenant, actor);
            let outcome = match app.import_with(&scope, kind, &bytes, Some(job)).await {
                Ok(outcome) => outcome,
                Err(e) => {
                    tracing::error!(job, error = %e, "nhập danh sách lỗi");
                    ImportOutcome::Rejected(vec![RowError {
                        row: 0,
                        column: String::new(),
                        reason: "máy chủ gặp lỗi khi ghi, chưa dòng nào được lưu; hãy thử lại sau ít phút.".into(),
                    }])
                }
            };
            let json = serde_json::to_string(&outcome).unwrap_or_default();
            if let Err(e) = scope.finish_import_job(job, &json).await {
                tracing::error!(job, error = %e, "không ghi được kết quả nhập danh sách");
            }
        });
        Ok(job)
    }

    /// An import job of the caller's, with its outcome once it has one.
    pub async fn import_job(&self, ctx: &Ctx, tenant: &str, job: i64) -> Result<ImportJob> {
        let scope = self.authorize_view(ctx, Action::ManageUnits, tenant, None).await?;
        let row = scope
            .import_job(job)
            .await?
            .filter(|j| j.user_id == ctx.user.id)
            .ok_or_else(|| AppError::NotFound("Không có lần nhập này.".into()))?;
        let outcome = if row.finished {
            Some(serde_json::from_str(&row.outcome).map_err(|e| AppError::Internal(e.to_string()))?)
        } else {
            None
        };
        let stalled = !row.finished && thidua_store::now_unix() - row.updated_at > STALLED_AFTER_SECS;
        let step = STAGES.iter().position(|s| *s == row.stage).unwrap_or(0) + 1;
        Ok(ImportJob {
            kind: ListKind::parse(&row.list_kind).ok_or_else(|| {
                AppError::Internal(format!(
                    "import_jobs.list_kind có giá trị «{}» mà hệ thống không biết",
                    row.list_kind
                ))
            })?,
            step,
            steps: STAGES.len(),
            row,
            outcome,
            stalled,
        })
    }

    async fn import_with(
        &self,
        scope: &Scope<'_>,
        kind: ListKind,
        bytes: &[u8],
        job: Option<i64>,
    ) -> Result<ImportOutcome> {
        let progress = async |stage: usize, done: usize, total: usize| -> Result<()> {
            if let Some(job) = job {
                scope
                    .import_progress(job, STAGES[stage], done as i64, total as i64)
                    .await?;
            }
            Ok(())
        };
        let rows = match thidua_documents::read_xlsx(bytes) {
            Ok(rows) => rows,
            Err(e) => {
                if let thidua_documents::DocumentError::Read { detail, .. } = &e {
                    tracing::info!(%detail, "participant import: unreadable workbook");
                }
                return Ok(ImportOutcome::Rejected(vec![RowError {
                    row: 0,
                    column: String::new(),
                    reason: e.to_string(),
                }]));
            }
        };
        let filled = match template_rows(&rows, kind.headers(), kind.example()) {
            Ok(filled) => filled,
            Err(errors) => return Ok(ImportOutcome::Rejected(errors)),
        };
        progress(1, 0, filled.len()).await?;
        let mut errors = Vec::new();
        // Text typed in a legacy font is reported, never stored as garbage.
        for (row, cells) in &filled {
            for (i, cell) in cells.iter().enumerate() {
                if let Some(warning) = legacy_warning(cell) {
                    errors.push(RowError {
                        row: *row,
                        column: column(i, kind),
                        reason: warning,
                    });
                }
            }
        }
        let existing = scope.collectives().await?;
        let result = match kind {
            ListKind::Collectives => {
                let kinds = self.unit_kinds(scope).await?;
                let rows = check_collectives(&filled, &existing, &kinds, &mut errors);
                if errors.is_empty() {
                    progress(2, filled.len(), filled.len()).await?;
                    Some(scope.save_collectives(&rows).await?)
                } else {
                    None
                }
            }
            ListKind::People => {
                let rows = check_people(&filled, &existing, &mut errors);
                if errors.is_empty() {
                    progress(2, filled.len(), filled.len()).await?;
                    Some(scope.save_people(&rows).await?)
                } else {
                    None
                }
            }
        };
        Ok(match result {
            Some(applied) => ImportOutcome::Applied {
                rows: filled.len(),
                applied,
            },
            None => ImportOutcome::rejected(errors),
        })
    }

    /// One collective from the form: added, or updated when the name exists.
    pub async fn save_collective(&self, ctx: &Ctx, tenant: &str, cells: Vec<String>) -> Result<()> {
        self.save_one(ctx, tenant, ListKind::Collectives, cells).await
    }

    /// One individual from the form.
    pub async fn save_person(&self, ctx: &Ctx, tenant: &str, cells: Vec<String>) -> Result<()> {
        self.save_one(ctx, tenant, ListKind::People, cells).await
    }

    /// A form is one row of the same checks as the file, so both say the same things.
    async fn save_one(&self, ctx: &Ctx, tenant: &str, kind: ListKind, cells: Vec<String>) -> Result<()> {
        let scope = self.authorize(ctx, Action::ManageUnits, tenant, None).await?;
        let filled = vec![(2, cells.iter().map(|c| nfc(c.trim())).collect::<Vec<_>>())];
        let mut errors = Vec::new();
        for (i, cell) in filled[0].1.iter().enumerate() {
            if let Some(w) = legacy_warning(cell) {
                errors.push(RowError {
                    row: 2,
                    column: column(i, kind),
                    reason: w,
                });
            }
        }
        let existing = scope.collectives().await?;
        match kind {
            ListKind::Collectives => {
                let kinds = self.unit_kinds(&scope).await?;
                let rows = check_collectives(&filled, &existing, &kinds, &mut errors);
                if errors.is_empty() {
                    scope.save_collectives(&rows).await?;
                }
            }
            ListKind::People => {
                let rows = check_people(&filled, &existing, &mut errors);
                if errors.is_empty() {
                    scope.save_people(&rows).await?;
                }
            }
        }
        if errors.is_empty() {
            return Ok(());
        }
        Err(AppError::Fields(
            errors
                .into_iter()
                .map(|e| thidua_domain::reporting::FieldError {
                    field: String::new(),
                    message: format!(
                        "{}: {}",
                        e.column.split(" (").nth(1).map_or("", |h| h.trim_end_matches(')')),
                        e.reason
                    ),
                })
                .collect(),
        ))
    }

    /// A list as an .xlsx in the template's columns, so it can be edited and imported back.
    pub async fn export_participants(&self, ctx: &Ctx, tenant: &str, kind: ListKind) -> Result<Vec<u8>> {
        let p = self.participants(ctx, tenant).await?;
        let rows: Vec<Vec<String>> = match kind {
            ListKind::Collectives => p
                .collectives
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        p.kind_label(&c.kind).to_owned(),
                        p.unit_name(c.parent_id).to_owned(),
                        c.head_name.clone(),
                        c.members.to_string(),
                        c.women_members.to_string(),
                        c.cluster.clone(),
                    ]
                })
                .collect(),
            ListKind::People => p
                .people
                .iter()
                .map(|x| {
                    vec![
                        x.full_name.clone(),
                        gender_label(&x.gender).to_owned(),
                        if x.birth_year > 0 {
                            x.birth_year.to_string()
                        } else {
                            String::new()
                        },
                        x.position.clone(),
                        p.unit_name(x.unit_id).to_owned(),
                        person_category_label(&x.category).to_owned(),
                    ]
                })
                .collect(),
        };
        table_xlsx(kind.title(), kind.headers(), rows)
    }

    /// The empty template with one example row.
    pub fn participants_template(kind: ListKind) -> Result<Vec<u8>> {
        table_xlsx(
            kind.title(),
            kind.headers(),
            vec![kind.example().iter().map(|c| (*c).to_owned()).collect()],
        )
    }

    /// The reasons an import was refused, as a spreadsheet to work through.
    pub fn import_errors_xlsx(errors: &[RowError]) -> Result<Vec<u8>> {
        let rows = errors
            .iter()
            .map(|e| {
                vec![
                    if e.row == 0 { String::new() } else { e.row.to_string() },
                    e.column.clone(),
                    e.reason.clone(),
                ]
            })
            .collect();
        table_xlsx("Lỗi nhập", &["Dòng", "Cột", "Lỗi"], rows)
    }
}

fn table_xlsx(title: &str, headers: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    thidua_documents::xlsx(&thidua_documents::Table { title, headers, rows })
        .map_err(|e| AppError::Internal(e.to_string()))
}

fn check_collectives(
    filled: &[(usize, Vec<String>)],
    existing: &[Collective],
    kinds: &[(String, String)],
    errors: &mut Vec<RowError>,
) -> Vec<Collective> {
    let kind_of = |raw: &str| {
        kinds
            .iter()
            .find(|(c, l)| fold(c) == fold(raw) || fold(l) == fold(raw))
            .map(|(c, _)| c.clone())
    };
    let mut out: Vec<Collective> = Vec::new();
    for (row, cells) in filled {
        let cell = |i: usize| cells.get(i).map_or("", String::as_str);
        let mut err = |i: usize, reason: String| {
            errors.push(RowError {
                row: *row,
                column: column(i, ListKind::Collectives),
                reason,
            })
        };
        let name = cell(0);
        if name.is_empty() || name.chars().count() > 200 {
            err(0, "tên tập thể bắt buộc, tối đa 200 ký tự.".into());
        } else if out.iter().any(|c| fold(&c.name) == fold(name)) {
            err(0, format!("«{name}» đã có ở một dòng trên trong tệp."));
        }
        let kind = kind_of(cell(1));
        if kind.is_none() {
            let names: Vec<&str> = kinds.iter().map(|(_, l)| l.as_str()).collect();
            err(
                1,
                format!("loại «{}» không có trong danh mục ({}).", cell(1), names.join("; ")),
            );
        }
        let parent = cell(2);
        let parent_id = if parent.is_empty() {
            0
        } else if fold(parent) == fold(name) {
            err(2, "một tập thể không trực thuộc chính nó.".into());
            0
        } else if let Some(p) = existing.iter().find(|c| fold(&c.name) == fold(parent)) {
            p.id
        } else if out.iter().any(|c| fold(&c.name) == fold(parent)) {
            // Resolved when saved: the parent is earlier in this file.
            -1
        } else {
            err(
                2,
                format!("chưa có tập thể «{parent}» trong xã (hoặc ở dòng trên trong tệp)."),
            );
            0
        };
        let head = cell(3);
        if head.chars().count() > 100 {
            err(3, "tên người đứng đầu tối đa 100 ký tự.".into());
        }
        let members = count(cell(4)).unwrap_or_else(|()| {
            err(4, format!("phải là số nguyên không âm (đang là «{}»).", cell(4)));
            None
        });
        let women = count(cell(5)).unwrap_or_else(|()| {
            err(5, format!("phải là số nguyên không âm (đang là «{}»).", cell(5)));
            None
        });
        if let (Some(m), Some(w)) = (members, women)
            && w > m
        {
            err(5, format!("số thành viên nữ ({w}) lớn hơn số thành viên ({m})."));
        }
        let cluster = cell(6);
        if cluster.chars().count() > 100 {
            err(6, "tên cụm, khối tối đa 100 ký tự.".into());
        }
        out.push(Collective {
            id: 0,
            name: name.to_owned(),
            kind: kind.unwrap_or_default(),
            head_name: head.to_owned(),
            parent_id,
            parent_name: match parent_id {
                -1 => out
                    .iter()
                    .find(|c| fold(&c.name) == fold(parent))
                    .map_or_else(String::new, |c| c.name.clone()),
                _ => String::new(),
            },
            members: members.unwrap_or(0),
            women_members: women.unwrap_or(0),
            cluster: cluster.to_owned(),
        });
    }
    out
}

fn check_people(filled: &[(usize, Vec<String>)], existing: &[Collective], errors: &mut Vec<RowError>) -> Vec<Person> {
    let this_year = thidua_domain::calendar::today_in_vietnam(time::OffsetDateTime::now_utc()).year();
    let mut out: Vec<Person> = Vec::new();
    for (row, cells) in filled {
        let cell = |i: usize| cells.get(i).map_or("", String::as_str);
        let mut err = |i: usize, reason: String| {
            errors.push(RowError {
                row: *row,
                column: column(i, ListKind::People),
                reason,
            })
        };
        let name = cell(0);
        if name.is_empty() || name.chars().count() > 100 {
            err(0, "họ và tên bắt buộc, tối đa 100 ký tự.".into());
        }
        let gender = match fold(cell(1)).as_str() {
            "nam" => "nam",
            "nu" => "nu",
            _ => {
                err(1, format!("ghi «Nam» hoặc «Nữ» (đang là «{}»).", cell(1)));
                ""
            }
        };
        let birth_year = match cell(2) {
            "" => 0,
            raw => match raw.parse::<i64>() {
                Ok(y) if (1900..=i64::from(this_year)).contains(&y) => y,
                _ => {
                    err(
                        2,
                        format!("năm sinh gồm 4 chữ số, từ 1900 đến {this_year} (đang là «{raw}»)."),
                    );
                    0
                }
            },
        };
        let position = cell(3);
        if position.chars().count() > 200 {
            err(3, "chức vụ tối đa 200 ký tự.".into());
        }
        let unit = cell(4);
        let unit_id = if unit.is_empty() {
            0
        } else if let Some(u) = existing.iter().find(|c| fold(&c.name) == fold(unit)) {
            u.id
        } else {
            err(
                4,
                format!("chưa có tập thể «{unit}» trong xã; hãy nhập danh sách tập thể trước."),
            );
            0
        };
        let category = PERSON_CATEGORIES
            .iter()
            .find(|(c, l)| fold(c) == fold(cell(5)) || fold(l) == fold(cell(5)))
            .map(|(c, _)| *c);
        if category.is_none() {
            let names: Vec<&str> = PERSON_CATEGORIES.iter().map(|(_, l)| *l).collect();
            err(
                5,
                format!(
                    "đối tượng «{}» không có trong danh mục ({}).",
                    cell(5),
                    names.join("; ")
                ),
            );
        }
        let match_key = format!("{}|{birth_year}|{}", fold(name), fold(unit));
        if out.iter().any(|p| p.match_key == match_key) {
            err(
                0,
                format!("«{name}» (sinh {birth_year}) ở cùng đơn vị đã có ở một dòng trên trong tệp."),
            );
        }
        out.push(Person {
            id: 0,
            unit_id,
            full_name: name.to_owned(),
            gender: gender.to_owned(),
            birth_year,
            position: position.to_owned(),
            category: category.unwrap_or_default().to_owned(),
            match_key,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_wrong_on_every_row_reports_the_first_errors_and_a_count() {
        let errors: Vec<RowError> = (2..50_002)
            .rev()
            .map(|row| RowError {
                row,
                column: "A (Tên)".into(),
                reason: "trống".into(),
            })
            .collect();
        let ImportOutcome::Rejected(shown) = ImportOutcome::rejected(errors) else {
            panic!("rejected")
        };
        assert_eq!(shown.len(), MAX_REPORTED_ERRORS + 1);
        assert_eq!(shown[0].row, 2, "in row order");
        assert!(shown.last().unwrap().reason.contains("49800 lỗi khác"));
    }
}
