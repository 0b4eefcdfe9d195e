//! Who may do what: roles, actions, and the one table that joins them.
//!
//! Every role is held in one tenant (a commune, a province, or the platform) and, for unit
//! roles, in one unit of that tenant. The server checks [`Grants::allows`] for every action;
//! `docs/roles.md` is this table in words, and a test keeps the two in step.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The tenant of the platform operator.
pub const PLATFORM: &str = "platform";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages tenants of the whole platform.
    Operator,
    /// Sở Nội vụ / Ban Thi đua – Khen thưởng of a province.
    ProvinceOfficer,
    /// Phòng Văn hóa – Xã hội: the standing body of the movement in a commune.
    StandingOfficer,
    /// Công chức phụ trách chuyển đổi số: appraises achievements and initiatives.
    DigitalOfficer,
    /// Công chức thi đua – khen thưởng: appraises dossiers, quotas, drafts decisions.
    CommendationOfficer,
    /// Thành viên Hội đồng Thi đua – Khen thưởng.
    CouncilMember,
    /// Chủ tịch, Phó Chủ tịch UBND: decides and signs.
    Signer,
    /// Văn thư: gives signed papers their number and date in the register of outgoing documents.
    Clerk,
    /// Head of one unit (office, village, organisation, school, enterprise).
    UnitHead,
    /// Reports for one unit.
    UnitReporter,
}

impl Role {
    pub const ALL: [Role; 10] = [
        Self::Operator,
        Self::ProvinceOfficer,
        Self::StandingOfficer,
        Self::DigitalOfficer,
        Self::CommendationOfficer,
        Self::CouncilMember,
        Self::Signer,
        Self::Clerk,
        Self::UnitHead,
        Self::UnitReporter,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Operator => "operator",
            Self::ProvinceOfficer => "province_officer",
            Self::StandingOfficer => "standing_officer",
            Self::DigitalOfficer => "digital_officer",
            Self::CommendationOfficer => "commendation_officer",
            Self::CouncilMember => "council_member",
            Self::Signer => "signer",
            Self::Clerk => "clerk",
            Self::UnitHead => "unit_head",
            Self::UnitReporter => "unit_reporter",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Operator => "Quản trị hệ thống",
            Self::ProvinceOfficer => "Cán bộ Sở Nội vụ (Ban Thi đua – Khen thưởng)",
            Self::StandingOfficer => "Cán bộ Phòng Văn hóa – Xã hội (thường trực phong trào)",
            Self::DigitalOfficer => "Công chức phụ trách chuyển đổi số",
            Self::CommendationOfficer => "Công chức thi đua – khen thưởng",
            Self::CouncilMember => "Thành viên Hội đồng Thi đua – Khen thưởng",
            Self::Signer => "Lãnh đạo UBND (ký, quyết định)",
            Self::Clerk => "Văn thư (vào sổ văn bản đi)",
            Self::UnitHead => "Thủ trưởng đơn vị",
            Self::UnitReporter => "Người báo cáo của đơn vị",
        }
    }

    /// Which kind of tenant may hold the role.
    pub fn tenant_kind(self) -> TenantKind {
        match self {
            Self::Operator => TenantKind::Platform,
            Self::ProvinceOfficer => TenantKind::Province,
            _ => TenantKind::Commune,
        }
    }

    /// Unit roles are held in one unit of the commune.
    pub fn needs_unit(self) -> bool {
        matches!(self, Self::UnitHead | Self::UnitReporter)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenantKind {
    Platform,
    Province,
    Commune,
}

impl TenantKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Province => "province",
            Self::Commune => "commune",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Platform, Self::Province, Self::Commune]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// Everything the server checks. Reading public pages (directory, plans, honour board)
/// needs no action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Create tenants and their first officer.
    ManageTenants,
    /// See a tenant's work area (dashboard, units).
    ViewTenant,
    /// See and manage a commune's accounts: invite, assign roles, disable, reset passwords.
    ManageUsers,
    /// Add, rename and remove units.
    ManageUnits,
    /// See and export the audit trail.
    ViewAudit,
    /// Act in the name of a unit without a computer ("nhập hộ").
    ActOnBehalf,
    /// See one unit's own page and work.
    ViewUnit,
    /// Read what communes send up to their province.
    ViewRollup,
    /// Fill in, submit a unit's report and its registration (đăng ký thi đua).
    SubmitReport,
    /// Accept or return units' reports, set report dates, send reminders.
    ReviewReports,
    /// Assemble the commune's summary report and send it to the province.
    SendRollup,
    /// Score initiatives on the scorecard (or declare a conflict of interest).
    AppraiseInitiatives,
    /// Record whether initiatives are recognised, their replication and use; set the scorecard.
    DecideInitiatives,
    /// Open and close award occasions; set the appraisal's working days and council rules.
    ManageOccasions,
    /// First appraisal step: check the achievements and list the eligible cases.
    AppraiseAchievements,
    /// Second step: check the dossier, quotas and eligibility records.
    AppraiseDossiers,
    /// Record the council's meeting and vote on nominations.
    RecordCouncil,
    /// Vote, as a council member, on a nomination before the council.
    VoteCouncil,
    /// Sign commendation decisions and forward nominations to the province.
    SignDecisions,
    /// Change the platform's reward tables and eligibility rules.
    ManageLegalTables,
    /// At the province: appraise what communes send up and record the province's outcome.
    DecideForwarded,
    /// Bring in the commune's plan (import, editor), correct and amend it.
    ManagePlan,
    /// Give signed papers their number and date in the register of outgoing documents.
    RegisterDocuments,
    /// At the province: return a commune's summary report for revision, with the reason.
    ReturnRollups,
}

impl Action {
    pub const ALL: [Action; 24] = [
        Self::ManageTenants,
        Self::ViewTenant,
        Self::ManageUsers,
        Self::ManageUnits,
        Self::ViewAudit,
        Self::ActOnBehalf,
        Self::ViewUnit,
        Self::ViewRollup,
        Self::SubmitReport,
        Self::ReviewReports,
        Self::SendRollup,
        Self::AppraiseInitiatives,
        Self::DecideInitiatives,
        Self::ManageOccasions,
        Self::AppraiseAchievements,
        Self::AppraiseDossiers,
        Self::RecordCouncil,
        Self::VoteCouncil,
        Self::SignDecisions,
        Self::ManageLegalTables,
        Self::DecideForwarded,
        Self::ManagePlan,
        Self::RegisterDocuments,
        Self::ReturnRollups,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::ManageTenants => "Quản lý đơn vị sử dụng (xã, tỉnh)",
            Self::ViewTenant => "Xem khu vực làm việc của xã",
            Self::ManageUsers => "Quản lý tài khoản của xã",
            Self::ManageUnits => "Quản lý danh sách đơn vị",
            Self::ViewAudit => "Xem, xuất nhật ký thay đổi",
            Self::ActOnBehalf => "Nhập hộ cho đơn vị",
            Self::ViewUnit => "Xem trang của đơn vị",
            Self::ViewRollup => "Xem số liệu các xã gửi lên tỉnh",
            Self::SubmitReport => "Lập, gửi báo cáo, đăng ký thi đua và sáng kiến của đơn vị",
            Self::ReviewReports => "Tiếp nhận, trả lại báo cáo; đặt hạn, nhắc hạn",
            Self::SendRollup => "Gửi báo cáo tổng hợp lên tỉnh",
            Self::AppraiseInitiatives => "Chấm điểm sáng kiến",
            Self::DecideInitiatives => "Công nhận sáng kiến; theo dõi nhân rộng, sử dụng",
            Self::ManageOccasions => "Mở, đóng đợt khen thưởng",
            Self::AppraiseAchievements => "Thẩm định thành tích",
            Self::AppraiseDossiers => "Thẩm định hồ sơ khen thưởng",
            Self::RecordCouncil => "Ghi kết quả họp Hội đồng",
            Self::VoteCouncil => "Biểu quyết trong Hội đồng Thi đua – Khen thưởng",
            Self::SignDecisions => "Ký quyết định khen thưởng, trình cấp trên",
            Self::ManageLegalTables => "Sửa mức tiền thưởng, quy tắc xét khen",
            Self::DecideForwarded => "Thẩm định hồ sơ xã trình tỉnh, ghi kết quả khen thưởng của tỉnh",
            Self::ManagePlan => "Đưa kế hoạch của xã lên hệ thống, sửa, điều chỉnh kế hoạch",
            Self::RegisterDocuments => "Vào sổ văn bản đi: cho số, ngày ban hành",
            Self::ReturnRollups => "Trả lại báo cáo tổng hợp của xã để bổ sung",
        }
    }
}

/// The one table of what each role may do, within its own tenant (and unit).
pub fn role_allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match role {
        Operator => matches!(action, ManageTenants | ManageLegalTables),
        ProvinceOfficer => matches!(action, ViewRollup | ViewAudit | DecideForwarded | ReturnRollups),
        StandingOfficer => matches!(
            action,
            ViewTenant
                | ManageUsers
                | ManageUnits
                | ViewAudit
                | ActOnBehalf
                | ViewUnit
                | ReviewReports
                | SendRollup
                | DecideInitiatives
                | ManageOccasions
                | RecordCouncil
                | ManagePlan
        ),
        DigitalOfficer => matches!(
            action,
            ViewTenant | ViewAudit | ActOnBehalf | ViewUnit | AppraiseInitiatives | AppraiseAchievements
        ),
        CommendationOfficer => matches!(
            action,
            ViewTenant | ViewAudit | ActOnBehalf | ViewUnit | AppraiseDossiers | RecordCouncil
        ),
        CouncilMember => matches!(action, ViewTenant | ViewUnit | AppraiseInitiatives | VoteCouncil),
        // The chairman chairs the council too.
        Signer => matches!(
            action,
            ViewTenant | ViewUnit | DecideInitiatives | SignDecisions | VoteCouncil
        ),
        Clerk => matches!(action, ViewTenant | RegisterDocuments),
        UnitHead | UnitReporter => matches!(action, ViewUnit | SubmitReport),
    }
}

/// The table of [`role_allows`] as Markdown: one row per role, one column per action.
pub fn roles_markdown() -> String {
    let mut out = String::from("| Vai trò | Mã | Giữ ở |");
    for a in Action::ALL {
        out.push_str(&format!(" {} |", a.label()));
    }
    out.push_str("\n|---|---|---|");
    out.push_str(&"---|".repeat(Action::ALL.len()));
    for r in Role::ALL {
        let scope = match (r.tenant_kind(), r.needs_unit()) {
            (TenantKind::Platform, _) => "nền tảng",
            (TenantKind::Province, _) => "tỉnh",
            (TenantKind::Commune, true) => "một đơn vị của xã",
            (TenantKind::Commune, false) => "xã",
        };
        out.push_str(&format!("\n| {} | `{}` | {scope} |", r.label(), r.code()));
        for a in Action::ALL {
            out.push_str(if role_allows(r, a) { " ✓ |" } else { " |" });
        }
    }
    out.push('\n');
    out
}

/// One role held by a user in one tenant (and unit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub tenant_code: String,
    pub role: Role,
    /// The unit of a unit role; `None` for tenant-wide roles.
    pub unit_id: Option<i64>,
}

/// What an action is aimed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target<'a> {
    pub tenant_code: &'a str,
    /// The province a commune belongs to, so its province can read what it sends up.
    pub province_code: Option<&'a str>,
    /// The unit, for actions on one unit.
    pub unit_id: Option<i64>,
}

impl<'a> Target<'a> {
    pub fn tenant(tenant_code: &'a str) -> Self {
        Self {
            tenant_code,
            province_code: None,
            unit_id: None,
        }
    }
}

/// All roles of one user.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grants(pub Vec<Grant>);

impl Grants {
    /// True when some role of the user allows `action` on `target`: a tenant-wide role in the
    /// target's tenant; a unit role in the target's unit; a province officer reading the
    /// roll-up of a commune of that province. Nothing crosses from one commune to another.
    pub fn allows(&self, action: Action, target: Target<'_>) -> bool {
        self.0.iter().any(|g| {
            if !role_allows(g.role, action) {
                return false;
            }
            match g.role {
                Role::Operator => g.tenant_code == PLATFORM,
                // A province reads into its communes; it decides only in its own tenant.
                Role::ProvinceOfficer => {
                    g.tenant_code == target.tenant_code
                        || (action != Action::DecideForwarded && target.province_code == Some(g.tenant_code.as_str()))
                }
                r if r.needs_unit() => {
                    g.tenant_code == target.tenant_code && g.unit_id.is_some() && g.unit_id == target.unit_id
                }
                _ => g.tenant_code == target.tenant_code,
            }
        })
    }

    /// The tenants where the user holds any role, without repeats, in grant order.
    pub fn tenants(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for g in &self.0 {
            if !out.contains(&g.tenant_code.as_str()) {
                out.push(&g.tenant_code);
            }
        }
        out
    }

    /// The units the user holds a unit role in, within `tenant_code`.
    pub fn units_in(&self, tenant_code: &str) -> Vec<i64> {
        self.0
            .iter()
            .filter(|g| g.tenant_code == tenant_code)
            .filter_map(|g| g.unit_id)
            .collect()
    }

    pub fn has_role(&self, tenant_code: &str, role: Role) -> bool {
        self.0.iter().any(|g| g.tenant_code == tenant_code && g.role == role)
    }
}

/// Why a password is refused, or None when it is acceptable.
pub fn password_problem(password: &str, username: &str) -> Option<&'static str> {
    const COMMON: [&str; 8] = [
        "1234567890",
        "12345678910",
        "matkhau123",
        "password123",
        "qwertyuiop",
        "abcd123456",
        "thidua12345",
        "admin12345",
    ];
    let chars = password.chars().count();
    if chars < 10 {
        return Some("Mật khẩu cần ít nhất 10 ký tự.");
    }
    if chars > 128 {
        return Some("Mật khẩu dài quá 128 ký tự.");
    }
    let first = password.chars().next();
    if password.chars().all(|c| Some(c) == first) {
        return Some("Mật khẩu không được chỉ lặp lại một ký tự.");
    }
    let lower = password.to_lowercase();
    if lower.contains(&username.to_lowercase()) && !username.is_empty() {
        return Some("Mật khẩu không được chứa tên đăng nhập.");
    }
    if COMMON.contains(&lower.as_str()) {
        return Some("Mật khẩu này quá phổ biến, dễ bị đoán.");
    }
    None
}

/// Why a username is refused: 3–40 characters of a–z, 0–9, '.', '_' or '-'.
pub fn username_problem(username: &str) -> Option<&'static str> {
    let len = username.len();
    if !(3..=40).contains(&len) {
        return Some("Tên đăng nhập cần từ 3 đến 40 ký tự.");
    }
    if !username
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Some("Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và các dấu . _ -");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grant(tenant: &str, role: Role, unit: Option<i64>) -> Grants {
        Grants(vec![Grant {
            tenant_code: tenant.into(),
            role,
            unit_id: unit,
        }])
    }

    #[test]
    fn a_commune_role_never_reaches_another_commune() {
        for role in Role::ALL.into_iter().filter(|r| r.tenant_kind() == TenantKind::Commune) {
            let unit = role.needs_unit().then_some(7);
            let g = grant("10210", role, unit);
            for action in Action::ALL {
                let other = Target {
                    tenant_code: "30406",
                    province_code: Some("91"),
                    unit_id: unit,
                };
                assert!(
                    !g.allows(action, other),
                    "{role:?} {action:?} crossed into another commune"
                );
            }
        }
    }

    #[test]
    fn a_unit_role_sees_only_its_unit() {
        let g = grant("10210", Role::UnitReporter, Some(7));
        let mine = Target {
            tenant_code: "10210",
            province_code: Some("01"),
            unit_id: Some(7),
        };
        assert!(g.allows(Action::ViewUnit, mine));
        assert!(!g.allows(
            Action::ViewUnit,
            Target {
                unit_id: Some(8),
                ..mine
            }
        ));
        assert!(!g.allows(Action::ViewTenant, mine));
        assert!(!g.allows(Action::ManageUsers, mine));
    }

    #[test]
    fn a_province_reads_its_communes_rollup_and_never_writes() {
        let g = grant("01", Role::ProvinceOfficer, None);
        let hong_van = Target {
            tenant_code: "10210",
            province_code: Some("01"),
            unit_id: None,
        };
        assert!(g.allows(Action::ViewRollup, hong_van));
        for action in [
            Action::ManageUsers,
            Action::ManageUnits,
            Action::ActOnBehalf,
            Action::ViewUnit,
            Action::ViewTenant,
        ] {
            assert!(!g.allows(action, hong_van), "{action:?}");
        }
        let phu_tan = Target {
            tenant_code: "30406",
            province_code: Some("91"),
            unit_id: None,
        };
        assert!(!g.allows(Action::ViewRollup, phu_tan), "another province's commune");
    }

    #[test]
    fn only_the_standing_officer_manages_users() {
        let t = Target::tenant("10210");
        for role in Role::ALL {
            let expected = role == Role::StandingOfficer;
            let unit = role.needs_unit().then_some(1);
            assert_eq!(
                grant("10210", role, unit).allows(Action::ManageUsers, t),
                expected,
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_operator_manages_tenants_only_from_the_platform() {
        assert!(grant(PLATFORM, Role::Operator, None).allows(Action::ManageTenants, Target::tenant(PLATFORM)));
        assert!(!grant("10210", Role::Operator, None).allows(Action::ManageTenants, Target::tenant(PLATFORM)));
        assert!(!grant(PLATFORM, Role::Operator, None).allows(Action::ViewTenant, Target::tenant("10210")));
    }

    /// docs/roles.md shows exactly the table the server enforces.
    #[test]
    fn the_documented_table_is_the_enforced_table() {
        let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/roles.md")).unwrap();
        assert!(
            doc.contains(&roles_markdown()),
            "regenerate the table in docs/roles.md:\n{}",
            roles_markdown()
        );
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn password_policy() {
        assert!(password_problem("ngắn", "an").is_some());
        assert!(password_problem("aaaaaaaaaaaa", "an").is_some());
        assert!(password_problem("hongvan.vhxh2026", "hongvan.vhxh").is_some());
        assert!(password_problem("Password123", "x").is_some());
        assert!(password_problem("Đồng lúa xanh 2026", "hongvan").is_none());
    }

    #[test]
    fn username_rules() {
        assert!(username_problem("hongvan.vhxh").is_none());
        assert!(username_problem("Hồng Vân").is_some());
        assert!(username_problem("ab").is_some());
    }
}
