//! Demo data for `serve --demo`: the four seed communes and their provinces as tenants, a few
//! units each, and one account per role. Every demo account shares one documented password.

use thidua_domain::access::{Grant, PLATFORM, Role};
use thidua_domain::text::fold;
use thidua_store::{Actor, Person, TenantRow};

use crate::auth::hash_password;
use crate::{App, Result};

/// The password of every demo account (printed at start and in the README).
pub const DEMO_PASSWORD: &str = "ThiDua@2026-demo";

/// A demo account: username, display name, tenant, role, unit name for unit roles.
pub struct DemoAccount {
    pub username: String,
    pub display_name: String,
    pub tenant: String,
    pub role: Role,
    pub unit: Option<&'static str>,
    /// A second role held in the same tenant, with its unit.
    pub also: Option<(Role, Option<&'static str>)>,
}

/// (commune code, short slug, province code, province slug)
const SEED_TENANTS: [(&str, &str, &str, &str); 4] = [
    ("10210", "hongvan", "01", "hanoi"),
    ("31471", "longmy", "92", "cantho"),
    ("19363", "vinhlinh", "44", "quangtri"),
    ("30406", "phutan", "91", "angiang"),
];

/// Units each seed commune starts with: (name, kind).
const SEED_UNITS: [(&str, &str); 5] = [
    ("Văn phòng HĐND và UBND", "co_quan"),
    ("Phòng Văn hóa – Xã hội", "co_quan"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "mttq_doan_the"),
    ("Thôn Đông", "thon_to_dan_pho"),
    ("Trường Tiểu học", "truong_hoc"),
];

/// People of Thôn Đông in every demo commune, so nominations have someone to name:
/// (name, gender, birth year, position).
const SEED_PEOPLE: [(&str, &str, i64, &str); 6] = [
    ("Trần Văn Ba", "nam", 1978, "Trưởng thôn"),
    ("Lê Thị Hoa", "nu", 1985, "Chi hội trưởng Chi hội Phụ nữ"),
    ("Nguyễn Văn Cường", "nam", 1990, "Công an viên"),
    ("Phạm Thị Dung", "nu", 1992, "Thành viên Tổ công nghệ số cộng đồng"),
    ("Võ Văn Em", "nam", 1969, "Bí thư Chi bộ"),
    ("Đặng Thị Giang", "nu", 1995, "Đoàn viên thanh niên"),
];

pub fn demo_accounts() -> Vec<DemoAccount> {
    let mut out = vec![DemoAccount {
        username: "admin".to_owned(),
        display_name: "Quản trị hệ thống".to_owned(),
        tenant: PLATFORM.to_owned(),
        role: Role::Operator,
        unit: None,
        also: None,
    }];
    for (commune, slug, province, pslug) in SEED_TENANTS {
        let commune_roles = [
            ("vhxh", "Cán bộ Phòng Văn hóa – Xã hội", Role::StandingOfficer, None),
            ("cds", "Công chức phụ trách chuyển đổi số", Role::DigitalOfficer, None),
            (
                "tdkt",
                "Công chức thi đua – khen thưởng",
                Role::CommendationOfficer,
                None,
            ),
            ("hoidong", "Thành viên Hội đồng TĐKT", Role::CouncilMember, None),
            ("chutich", "Chủ tịch UBND", Role::Signer, None),
            ("vanthu", "Văn thư UBND", Role::Clerk, None),
            ("thondong", "Trưởng thôn Đông", Role::UnitHead, Some("Thôn Đông")),
            (
                "truong",
                "Người báo cáo của Trường Tiểu học",
                Role::UnitReporter,
                Some("Trường Tiểu học"),
            ),
        ];
        for (suffix, name, role, unit) in commune_roles {
            out.push(DemoAccount {
                username: format!("{slug}.{suffix}"),
                display_name: name.to_owned(),
                tenant: commune.to_owned(),
                role,
                unit,
                also: None,
            });
        }
        // A school principal on the council: may appraise initiatives, except the school's own.
        out.push(DemoAccount {
            username: format!("{slug}.hieutruong"),
            display_name: "Hiệu trưởng Trường Tiểu học (thành viên Hội đồng TĐKT)".to_owned(),
            tenant: commune.to_owned(),
            role: Role::CouncilMember,
            unit: None,
            also: Some((Role::UnitHead, Some("Trường Tiểu học"))),
        });
        if !out.iter().any(|a| a.tenant == province) {
            out.push(DemoAccount {
                username: format!("{pslug}.snv"),
                display_name: "Cán bộ Ban Thi đua – Khen thưởng, Sở Nội vụ".to_owned(),
                tenant: province.to_owned(),
                role: Role::ProvinceOfficer,
                unit: None,
                also: None,
            });
        }
    }
    out
}

impl App {
    /// Creates what is missing of the demo tenants, units and accounts; changes nothing that
    /// exists. Returns the accounts.
    pub async fn load_demo(&self) -> Result<Vec<DemoAccount>> {
        let actor = Actor::system("dữ liệu mẫu");
        self.store
            .ensure_tenant(
                &actor,
                &TenantRow {
                    code: PLATFORM.to_owned(),
                    kind: "platform".to_owned(),
                    name: "Nền tảng Thi Đua".to_owned(),
                    province_code: None,
                },
            )
            .await?;
        for (commune, _, province, _) in SEED_TENANTS {
            for code in [province, commune] {
                let row = self.directory_tenant(code)?;
                self.store.ensure_tenant(&actor, &row).await?;
            }
            let scope = self.system_scope(commune, "dữ liệu mẫu");
            let existing = scope.units().await?;
            for (name, kind) in SEED_UNITS {
                if !existing.iter().any(|u| u.name == name) {
                    scope.add_unit(name, kind).await?;
                }
            }
            if scope.people_count().await? == 0
                && let Some(village) = scope.units().await?.into_iter().find(|u| u.name == "Thôn Đông")
            {
                let people: Vec<Person> = SEED_PEOPLE
                    .iter()
                    .map(|(name, gender, birth_year, position)| Person {
                        id: 0,
                        unit_id: village.id,
                        full_name: (*name).to_owned(),
                        gender: (*gender).to_owned(),
                        birth_year: *birth_year,
                        position: (*position).to_owned(),
                        category: "khong_chuyen_trach".to_owned(),
                        match_key: format!("{}|{birth_year}|{}", fold(name), fold(&village.name)),
                    })
                    .collect();
                scope.save_people(&people).await?;
            }
        }
        let accounts = demo_accounts();
        let hash = hash_password(DEMO_PASSWORD).await?;
        for a in &accounts {
            if self.store.user_by_name(&a.username).await?.is_some() {
                continue;
            }
            let units = self.system_scope(&a.tenant, "dữ liệu mẫu").units().await?;
            let grant = |role: Role, unit: Option<&str>| Grant {
                tenant_code: a.tenant.clone(),
                role,
                unit_id: unit.and_then(|name| units.iter().find(|u| u.name == name).map(|u| u.id)),
            };
            let mut grants = vec![grant(a.role, a.unit)];
            if let Some((role, unit)) = a.also {
                grants.push(grant(role, unit));
            }
            self.store
                .create_user(&actor, &a.username, &a.display_name, &hash, false, &grants)
                .await?;
        }
        Ok(accounts)
    }
}
