//! The catalogue of commendation forms and emulation titles (Luật Thi đua, khen thưởng 2022).
//! The codes are stable identifiers used in plan files, the API and the database.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardLevel {
    State,
    Government,
    Province,
    Commune,
}

impl AwardLevel {
    pub fn label(self) -> &'static str {
        match self {
            Self::State => "Cấp Nhà nước",
            Self::Government => "Cấp Chính phủ",
            Self::Province => "Cấp tỉnh",
            Self::Commune => "Cấp xã",
        }
    }
}

/// An occasion on which a plan awards: yearly, at the mid-term or final review, or at any time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Occasion {
    Annual,
    SoKet,
    TongKet,
    DotXuat,
}

impl Occasion {
    pub const ALL: [Occasion; 4] = [Self::Annual, Self::SoKet, Self::TongKet, Self::DotXuat];

    /// The code stored and sent in forms: "annual", "so_ket", "tong_ket", "dot_xuat".
    pub fn code(self) -> &'static str {
        match self {
            Self::Annual => "annual",
            Self::SoKet => "so_ket",
            Self::TongKet => "tong_ket",
            Self::DotXuat => "dot_xuat",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Annual => "Hằng năm",
            Self::SoKet => "Sơ kết",
            Self::TongKet => "Tổng kết",
            Self::DotXuat => "Đột xuất",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AwardForm {
    HuanChuongLaoDong,
    CoThiDuaChinhPhu,
    BangKhenThuTuong,
    CoThiDuaTinh,
    BangKhenChuTichTinh,
    GiayKhenChuTichXa,
    /// Giấy khen of the head of an agency or organisation (Luật Thi đua, khen thưởng 2022,
    /// Article 75): named in a plan, decided by that head, never in the commune's rounds.
    GiayKhenThuTruong,
    LaoDongTienTien,
    ChienSiThiDuaCoSo,
    TapTheLaoDongTienTien,
    TapTheLaoDongXuatSac,
}

/// Who may receive a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipients {
    pub individual: bool,
    pub collective: bool,
    pub household: bool,
}

impl AwardForm {
    pub const ALL: [AwardForm; 11] = [
        Self::HuanChuongLaoDong,
        Self::CoThiDuaChinhPhu,
        Self::BangKhenThuTuong,
        Self::CoThiDuaTinh,
        Self::BangKhenChuTichTinh,
        Self::GiayKhenChuTichXa,
        Self::GiayKhenThuTruong,
        Self::LaoDongTienTien,
        Self::ChienSiThiDuaCoSo,
        Self::TapTheLaoDongTienTien,
        Self::TapTheLaoDongXuatSac,
    ];

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::HuanChuongLaoDong => "huan_chuong_lao_dong",
            Self::CoThiDuaChinhPhu => "co_thi_dua_chinh_phu",
            Self::BangKhenThuTuong => "bang_khen_thu_tuong",
            Self::CoThiDuaTinh => "co_thi_dua_tinh",
            Self::BangKhenChuTichTinh => "bang_khen_chu_tich_tinh",
            Self::GiayKhenChuTichXa => "giay_khen_chu_tich_xa",
            Self::GiayKhenThuTruong => "giay_khen_thu_truong",
            Self::LaoDongTienTien => "lao_dong_tien_tien",
            Self::ChienSiThiDuaCoSo => "chien_si_thi_dua_co_so",
            Self::TapTheLaoDongTienTien => "tap_the_lao_dong_tien_tien",
            Self::TapTheLaoDongXuatSac => "tap_the_lao_dong_xuat_sac",
        }
    }

    /// The official name.
    pub fn name(self) -> &'static str {
        match self {
            Self::HuanChuongLaoDong => "Huân chương Lao động",
            Self::CoThiDuaChinhPhu => "Cờ thi đua của Chính phủ",
            Self::BangKhenThuTuong => "Bằng khen của Thủ tướng Chính phủ",
            Self::CoThiDuaTinh => "Cờ thi đua của Ủy ban nhân dân tỉnh",
            Self::BangKhenChuTichTinh => "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            Self::GiayKhenChuTichXa => "Giấy khen của Chủ tịch Ủy ban nhân dân xã",
            Self::GiayKhenThuTruong => "Giấy khen của Thủ trưởng cơ quan, đơn vị",
            Self::LaoDongTienTien => "Lao động tiên tiến",
            Self::ChienSiThiDuaCoSo => "Chiến sĩ thi đua cơ sở",
            Self::TapTheLaoDongTienTien => "Tập thể lao động tiên tiến",
            Self::TapTheLaoDongXuatSac => "Tập thể lao động xuất sắc",
        }
    }

    /// The name as the issuing unit's papers write it: the commune chairman's Giấy khen names
    /// the unit's own kind ("… Ủy ban nhân dân phường" for a ward, "… đặc khu" for a special
    /// zone).
    pub fn name_in(self, kind: crate::directory::CommuneKind) -> String {
        match self {
            Self::GiayKhenChuTichXa => format!("Giấy khen của Chủ tịch Ủy ban nhân dân {}", kind.label()),
            other => other.name().to_owned(),
        }
    }

    /// [`Self::name_in`] for the commune of `code`, or the catalogue name when it is unknown.
    pub fn name_for(self, code: &str) -> String {
        crate::directory::national()
            .commune(code)
            .map_or_else(|| self.name().to_owned(), |c| self.name_in(c.kind))
    }

    pub fn level(self) -> AwardLevel {
        match self {
            Self::HuanChuongLaoDong => AwardLevel::State,
            Self::CoThiDuaChinhPhu | Self::BangKhenThuTuong => AwardLevel::Government,
            Self::CoThiDuaTinh | Self::BangKhenChuTichTinh | Self::TapTheLaoDongXuatSac => AwardLevel::Province,
            Self::GiayKhenChuTichXa
            | Self::GiayKhenThuTruong
            | Self::LaoDongTienTien
            | Self::ChienSiThiDuaCoSo
            | Self::TapTheLaoDongTienTien => AwardLevel::Commune,
        }
    }

    /// False for a head of agency's Giấy khen, which the head decides inside the agency.
    pub fn decided_by_commune_or_above(self) -> bool {
        self != Self::GiayKhenThuTruong
    }

    /// Who decides it.
    pub fn decided_by(self) -> &'static str {
        if !self.decided_by_commune_or_above() {
            return "Thủ trưởng cơ quan, đơn vị";
        }
        match self.level() {
            AwardLevel::State => "Chủ tịch nước",
            AwardLevel::Government => "Thủ tướng Chính phủ",
            AwardLevel::Province => "Chủ tịch Ủy ban nhân dân tỉnh",
            AwardLevel::Commune => "Chủ tịch Ủy ban nhân dân xã",
        }
    }

    /// True for an emulation title (danh hiệu thi đua), false for a commendation form.
    pub fn is_title(self) -> bool {
        matches!(
            self,
            Self::CoThiDuaChinhPhu
                | Self::CoThiDuaTinh
                | Self::LaoDongTienTien
                | Self::ChienSiThiDuaCoSo
                | Self::TapTheLaoDongTienTien
                | Self::TapTheLaoDongXuatSac
        )
    }

    pub fn recipients(self) -> Recipients {
        let (individual, collective, household) = match self {
            Self::HuanChuongLaoDong => (true, true, false),
            Self::CoThiDuaChinhPhu | Self::CoThiDuaTinh => (false, true, false),
            Self::BangKhenThuTuong | Self::BangKhenChuTichTinh | Self::GiayKhenChuTichXa => (true, true, true),
            Self::GiayKhenThuTruong => (true, true, false),
            Self::LaoDongTienTien | Self::ChienSiThiDuaCoSo => (true, false, false),
            Self::TapTheLaoDongTienTien | Self::TapTheLaoDongXuatSac => (false, true, false),
        };
        Recipients {
            individual,
            collective,
            household,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_through_serde() {
        for form in AwardForm::ALL {
            let json = serde_json::to_string(&form).unwrap();
            assert_eq!(json, format!("\"{}\"", form.code()));
            let back: AwardForm = serde_json::from_str(&json).unwrap();
            assert_eq!(back, form);
        }
    }

    #[test]
    fn a_flag_goes_only_to_collectives() {
        let r = AwardForm::CoThiDuaTinh.recipients();
        assert!(r.collective && !r.individual && !r.household);
        assert_eq!(AwardForm::GiayKhenChuTichXa.level(), AwardLevel::Commune);
        assert_eq!(AwardForm::BangKhenThuTuong.level(), AwardLevel::Government);
    }
}
