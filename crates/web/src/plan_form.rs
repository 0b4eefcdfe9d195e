//! The plan editor as one form described once: every section of the plan model with its
//! Vietnamese label and the kind of input it takes. The same description draws the form from
//! the plan's interchange JSON and reads the posted form back into that JSON, so the editor
//! covers the whole model and a field cannot be drawn one way and read another. Rows are added
//! and removed with plain buttons: the editor works without JavaScript.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value, json};
use thidua_domain::plan::import::Found;

/// What a field holds and how it is typed in.
#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    Long,
    /// A whole number; `optional` ones are null when left empty.
    Int {
        optional: bool,
    },
    OptText,
    OptLong,
    /// YYYY-MM-DD, null when empty.
    OptDate,
    Bool,
    /// One of (value, label); `optional` ones add "—" for null.
    Choice {
        options: &'static [(&'static str, &'static str)],
        optional: bool,
    },
    /// Several of (value, label), as checkboxes.
    Choices(&'static [(&'static str, &'static str)]),
    /// A group of fields; `optional` ones are null when every field inside is empty.
    Object {
        fields: &'static [Field],
        optional: bool,
    },
    /// Rows of a group of fields, each row called `item` and a number.
    List {
        fields: &'static [Field],
        item: &'static str,
    },
    /// Paragraphs, one box each.
    Paragraphs {
        item: &'static str,
    },
    /// An ordered list of choices, one select each (the order of the plan's parts).
    Order {
        item: &'static str,
        options: &'static [(&'static str, &'static str)],
    },
}

#[derive(Clone, Copy)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: Kind,
}

const fn f(key: &'static str, label: &'static str, kind: Kind) -> Field {
    Field { key, label, kind }
}

const OCCASIONS: &[(&str, &str)] = &[
    ("annual", "Hằng năm"),
    ("so_ket", "Sơ kết"),
    ("tong_ket", "Tổng kết"),
    ("dot_xuat", "Đột xuất"),
];
const LEVELS: &[(&str, &str)] = &[
    ("state", "Cấp Nhà nước"),
    ("government", "Cấp Chính phủ"),
    ("province", "Cấp tỉnh"),
    ("commune", "Cấp xã"),
];
const FORMS: &[(&str, &str)] = &[
    ("huan_chuong_lao_dong", "Huân chương Lao động"),
    ("co_thi_dua_chinh_phu", "Cờ thi đua của Chính phủ"),
    ("bang_khen_thu_tuong", "Bằng khen của Thủ tướng Chính phủ"),
    ("co_thi_dua_tinh", "Cờ thi đua của Ủy ban nhân dân tỉnh"),
    ("bang_khen_chu_tich_tinh", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"),
    ("giay_khen_chu_tich_xa", "Giấy khen của Chủ tịch Ủy ban nhân dân xã"),
    ("giay_khen_thu_truong", "Giấy khen của Thủ trưởng cơ quan, đơn vị"),
    ("lao_dong_tien_tien", "Lao động tiên tiến"),
    ("chien_si_thi_dua_co_so", "Chiến sĩ thi đua cơ sở"),
    ("tap_the_lao_dong_tien_tien", "Tập thể lao động tiên tiến"),
    ("tap_the_lao_dong_xuat_sac", "Tập thể lao động xuất sắc"),
];
const DEADLINE_KINDS: &[(&str, &str)] = &[
    ("unit_plan", "Đơn vị ban hành kế hoạch"),
    ("registration", "Đăng ký thi đua"),
    ("unit_report", "Đơn vị báo cáo kết quả"),
    ("report_to_province", "Báo cáo lên tỉnh"),
    ("nomination", "Gửi hồ sơ đề nghị khen thưởng"),
];

const PARTS: &[(&str, &str)] = &[
    ("purposes", "Mục đích, yêu cầu"),
    ("participants", "Đối tượng thi đua"),
    ("content", "Nội dung thi đua"),
    ("solutions", "Giải pháp thực hiện"),
    ("phases", "Thời gian thực hiện"),
    ("criteria", "Tiêu chí thi đua"),
    ("commendation", "Khen thưởng"),
    ("inspection", "Kiểm tra, giám sát"),
    ("duties", "Tổ chức thực hiện"),
];

const INT: Kind = Kind::Int { optional: false };
const OPT_INT: Kind = Kind::Int { optional: true };

/// The whole plan, section by section, in the order of a plan document.
pub const SECTIONS: &[(&str, &[Field])] = &[
    (
        "Cơ quan ban hành, số, ký hiệu, trích yếu",
        &[
            f(
                "authority",
                "Cơ quan ban hành",
                Kind::Object {
                    optional: false,
                    fields: &[
                        f("code", "Mã xã (theo danh mục hành chính)", Kind::Text),
                        f("name", "Tên cơ quan ban hành (theo danh mục hành chính)", Kind::Text),
                        f("short_name", "Tên viết tắt trong ký hiệu (UBND)", Kind::Text),
                        f(
                            "name_as_issued",
                            "Tên như văn bản ghi (nếu khác tên theo danh mục)",
                            Kind::OptText,
                        ),
                    ],
                },
            ),
            f(
                "document",
                "Văn bản",
                Kind::Object {
                    optional: false,
                    fields: &[
                        f("number", "Số (để trống khi chưa vào sổ)", OPT_INT),
                        f("symbol", "Ký hiệu (KH-UBND)", Kind::Text),
                        f("place", "Địa danh ghi trước ngày", Kind::Text),
                        f("date", "Ngày ban hành", Kind::OptDate),
                        f("year", "Năm ban hành (khi văn bản không ghi ngày)", OPT_INT),
                        f("title", "Trích yếu", Kind::Long),
                    ],
                },
            ),
            f(
                "period",
                "Thời gian thực hiện",
                Kind::Object {
                    optional: false,
                    fields: &[f("start_year", "Từ năm", INT), f("end_year", "Đến năm", INT)],
                },
            ),
            f("movement", "Tên phong trào (không có ngoặc kép)", Kind::Text),
            f("revision_note", "Ghi chú lần ban hành", Kind::OptLong),
            f(
                "part_order",
                "Thứ tự các phần như văn bản ban hành (để trống: thứ tự thông thường)",
                Kind::Order {
                    item: "Phần",
                    options: PARTS,
                },
            ),
            f(
                "abbreviations",
                "Chữ viết tắt kế hoạch định nghĩa",
                Kind::List {
                    item: "Chữ viết tắt",
                    fields: &[f("short", "Viết tắt", Kind::Text), f("full", "Viết đầy đủ", Kind::Long)],
                },
            ),
        ],
    ),
    (
        "Căn cứ",
        &[
            f(
                "legal_bases",
                "Căn cứ",
                Kind::List {
                    item: "Căn cứ",
                    fields: &[
                        f(
                            "kind",
                            "Loại",
                            Kind::Choice {
                                options: &[("can_cu", "Căn cứ …"), ("thuc_hien", "Thực hiện …")],
                                optional: false,
                            },
                        ),
                        f("text", "Nội dung (sau chữ «Căn cứ»/«Thực hiện»)", Kind::Long),
                        f("abbreviation", "Tên viết tắt dùng về sau", Kind::OptText),
                    ],
                },
            ),
            f("preamble", "Câu mở đầu («… ban hành Kế hoạch … như sau:»)", Kind::Long),
        ],
    ),
    (
        "Mục đích, yêu cầu, mục tiêu",
        &[
            f("purposes", "Mục đích", Kind::Paragraphs { item: "Mục đích" }),
            f("requirements", "Yêu cầu", Kind::Paragraphs { item: "Yêu cầu" }),
            f("goals", "Mục tiêu", Kind::Paragraphs { item: "Mục tiêu" }),
        ],
    ),
    (
        "Đối tượng thi đua",
        &[f(
            "participants",
            "Đối tượng",
            Kind::Object {
                optional: false,
                fields: &[
                    f("collectives", "Tập thể", Kind::Long),
                    f("individuals", "Cá nhân", Kind::Long),
                ],
            },
        )],
    ),
    (
        "Nội dung thi đua",
        &[
            f("content_intro", "Câu dẫn", Kind::OptLong),
            f(
                "content_areas",
                "Nội dung",
                Kind::List {
                    item: "Nội dung",
                    fields: &[
                        f("code", "Ký hiệu (a, b, … hoặc 1, 2, …)", Kind::Text),
                        f("title", "Tên ngắn (dùng trong báo cáo, biểu đồ)", Kind::Text),
                        f("text", "Toàn văn", Kind::Long),
                    ],
                },
            ),
        ],
    ),
    (
        "Giải pháp thực hiện",
        &[f(
            "solutions",
            "Giải pháp",
            Kind::List {
                item: "Giải pháp",
                fields: &[
                    f("title", "Tiêu đề", Kind::OptText),
                    f("paragraphs", "Đoạn", Kind::Paragraphs { item: "Đoạn" }),
                ],
            },
        )],
    ),
    (
        "Giai đoạn, sơ kết, tổng kết",
        &[f(
            "phases",
            "Giai đoạn",
            Kind::List {
                item: "Giai đoạn",
                fields: &[
                    f("number", "Giai đoạn số", INT),
                    f("start_year", "Từ năm", INT),
                    f("end_year", "Đến năm", INT),
                    f(
                        "review",
                        "Cuối giai đoạn",
                        Kind::Choice {
                            options: &[("so_ket", "Sơ kết"), ("tong_ket", "Tổng kết")],
                            optional: false,
                        },
                    ),
                    f("review_year", "Năm sơ kết / tổng kết", INT),
                    f("description", "Nội dung giai đoạn", Kind::Long),
                ],
            },
        )],
    ),
    (
        "Tiêu chí thi đua",
        &[
            f(
                "criteria_groups",
                "Nhóm tiêu chí",
                Kind::List {
                    item: "Nhóm",
                    fields: &[
                        f("id", "Mã nhóm (chữ thường không dấu, gạch dưới)", Kind::Text),
                        f(
                            "kind",
                            "Áp dụng cho",
                            Kind::Choice {
                                options: &[("collective", "Tập thể"), ("individual", "Cá nhân")],
                                optional: false,
                            },
                        ),
                        f("name", "Tên nhóm («Đối với …»)", Kind::Text),
                    ],
                },
            ),
            f(
                "criteria",
                "Tiêu chí",
                Kind::List {
                    item: "Tiêu chí",
                    fields: &[
                        f("group", "Mã nhóm", Kind::Text),
                        f("text", "Nội dung tiêu chí", Kind::Long),
                        f(
                            "ranking",
                            "Xếp hạng theo chỉ số (nếu có)",
                            Kind::Object {
                                optional: true,
                                fields: &[
                                    f(
                                        "indicator",
                                        "Chỉ số",
                                        Kind::Choice {
                                            options: &[
                                                ("dti", "Chỉ số chuyển đổi số (DTI)"),
                                                ("dbi", "Chỉ số chuyển đổi số doanh nghiệp (DBI)"),
                                                ("digital_skills", "Tỷ lệ hoàn thành kỹ năng số cơ bản"),
                                            ],
                                            optional: true,
                                        },
                                    ),
                                    f("top", "Xếp từ thứ 1 đến thứ", OPT_INT),
                                    f("from_year", "Trung bình từ năm", OPT_INT),
                                    f("to_year", "đến năm", OPT_INT),
                                ],
                            },
                        ),
                        f("applies_when", "Điều kiện áp dụng", Kind::OptLong),
                    ],
                },
            ),
        ],
    ),
    (
        "Khen thưởng",
        &[
            f(
                "awards",
                "Hình thức khen thưởng",
                Kind::List {
                    item: "Hình thức",
                    fields: &[
                        f(
                            "form",
                            "Hình thức, danh hiệu",
                            Kind::Choice {
                                options: FORMS,
                                optional: false,
                            },
                        ),
                        f("name", "Tên như kế hoạch ghi", Kind::Text),
                        f(
                            "issuer",
                            "Người tặng (chỉ với Giấy khen của Thủ trưởng: «Hiệu trưởng các trường học»)",
                            Kind::OptText,
                        ),
                        f("occasions", "Xét vào dịp", Kind::Choices(OCCASIONS)),
                        f(
                            "quota",
                            "Chỉ tiêu mỗi đợt (để trống: không giới hạn)",
                            Kind::Object {
                                optional: true,
                                fields: &[
                                    f("collective", "Tối đa số tập thể", OPT_INT),
                                    f("individual", "Tối đa số cá nhân", OPT_INT),
                                ],
                            },
                        ),
                        f("source", "Theo văn bản", Kind::OptLong),
                        f("note", "Ghi chú", Kind::OptLong),
                    ],
                },
            ),
            f(
                "commendation",
                "Khen thưởng theo đợt",
                Kind::List {
                    item: "Đoạn khen thưởng",
                    fields: &[
                        f("occasions", "Dịp", Kind::Choices(OCCASIONS)),
                        f("heading", "Tiêu đề", Kind::Text),
                        f("paragraphs", "Đoạn", Kind::Paragraphs { item: "Đoạn" }),
                    ],
                },
            ),
        ],
    ),
    (
        "Hồ sơ, quy trình, kinh phí",
        &[
            f(
                "dossiers",
                "Hồ sơ đề nghị",
                Kind::List {
                    item: "Hồ sơ",
                    fields: &[
                        f(
                            "level",
                            "Cấp khen",
                            Kind::Choice {
                                options: LEVELS,
                                optional: false,
                            },
                        ),
                        f(
                            "items",
                            "Thành phần",
                            Kind::List {
                                item: "Thành phần",
                                fields: &[
                                    f(
                                        "document",
                                        "Loại giấy tờ",
                                        Kind::Choice {
                                            options: &[
                                                ("to_trinh", "Tờ trình"),
                                                ("bien_ban_hop_xet", "Biên bản họp xét"),
                                                ("bao_cao_thanh_tich", "Báo cáo thành tích"),
                                                ("chung_nhan_sang_kien", "Chứng nhận sáng kiến"),
                                            ],
                                            optional: false,
                                        },
                                    ),
                                    f("text", "Như kế hoạch ghi", Kind::Long),
                                ],
                            },
                        ),
                        f("copies", "Số bộ", OPT_INT),
                        f("reference", "Theo văn bản", Kind::OptLong),
                    ],
                },
            ),
            f(
                "procedures",
                "Quy trình xét",
                Kind::List {
                    item: "Quy trình",
                    fields: &[
                        f(
                            "level",
                            "Cấp khen",
                            Kind::Choice {
                                options: LEVELS,
                                optional: false,
                            },
                        ),
                        f(
                            "steps",
                            "Bước",
                            Kind::List {
                                item: "Bước",
                                fields: &[f("actor", "Ai làm", Kind::Text), f("action", "Làm gì", Kind::Long)],
                            },
                        ),
                        f("reference", "Theo văn bản", Kind::OptLong),
                    ],
                },
            ),
            f("funding", "Kinh phí và mức khen thưởng", Kind::OptLong),
        ],
    ),
    (
        "Kiểm tra, giám sát",
        &[f(
            "inspection",
            "Kiểm tra, giám sát",
            Kind::Object {
                optional: true,
                fields: &[
                    f("by", "Cơ quan kiểm tra", Kind::Text),
                    f("yearly", "Hằng năm", Kind::Bool),
                    f("text", "Nội dung", Kind::Long),
                ],
            },
        )],
    ),
    (
        "Thời hạn",
        &[f(
            "deadlines",
            "Thời hạn",
            Kind::List {
                item: "Thời hạn",
                fields: &[
                    f(
                        "kind",
                        "Việc",
                        Kind::Choice {
                            options: DEADLINE_KINDS,
                            optional: false,
                        },
                    ),
                    f(
                        "bound",
                        "Cách ghi hạn",
                        Kind::Choice {
                            options: &[
                                ("through", "Đến hết ngày (ngày ghi vẫn còn hạn)"),
                                ("before", "Trước ngày (hạn cuối là ngày hôm trước)"),
                            ],
                            optional: false,
                        },
                    ),
                    f("day", "Ngày", INT),
                    f("month", "Tháng", INT),
                    f("yearly", "Hằng năm", Kind::Bool),
                    f("year", "Năm (thời hạn một lần)", OPT_INT),
                    f("from", "Ai gửi, thực hiện", Kind::Text),
                    f("to", "Gửi về", Kind::Text),
                    f("text", "Câu trong kế hoạch", Kind::Long),
                ],
            },
        )],
    ),
    (
        "Tổ chức thực hiện",
        &[f(
            "duties",
            "Nhiệm vụ",
            Kind::List {
                item: "Cơ quan",
                fields: &[
                    f("code", "Số thứ tự như kế hoạch ghi (1, 2 … hoặc a, b …)", Kind::OptText),
                    f("office", "Cơ quan, đơn vị", Kind::Text),
                    f("standing_body", "Là cơ quan thường trực", Kind::Bool),
                    f("requested", "Kế hoạch «đề nghị» (không giao)", Kind::Bool),
                    f("tasks", "Nhiệm vụ", Kind::Paragraphs { item: "Nhiệm vụ" }),
                ],
            },
        )],
    ),
    (
        "Phần kết, nơi nhận, chữ ký",
        &[
            f("closing", "Phần kết", Kind::Paragraphs { item: "Đoạn" }),
            f("recipients", "Nơi nhận", Kind::Paragraphs { item: "Nơi nhận" }),
            f(
                "signature",
                "Chữ ký",
                Kind::Object {
                    optional: false,
                    fields: &[
                        f("authority", "Thẩm quyền (TM. ỦY BAN NHÂN DÂN)", Kind::OptText),
                        f("on_behalf", "Ký thay (KT. CHỦ TỊCH)", Kind::OptText),
                        f("position", "Chức vụ", Kind::Text),
                        f("name", "Họ và tên", Kind::Text),
                    ],
                },
            ),
        ],
    ),
];

// ------------------------------------------------------------------ reading the form

/// The plan JSON from the posted fields (`name` = the field's path: `deadlines[2].day`).
pub fn read(pairs: &[(String, String)]) -> Value {
    let mut values: HashMap<&str, Vec<&str>> = HashMap::new();
    for (k, v) in pairs {
        values.entry(k.as_str()).or_default().push(v.as_str());
    }
    let mut out = Map::new();
    for (_, fields) in SECTIONS {
        for field in *fields {
            out.insert(field.key.to_owned(), read_field(field, field.key, &values, pairs));
        }
    }
    Value::Object(out)
}

fn read_field(field: &Field, path: &str, values: &HashMap<&str, Vec<&str>>, pairs: &[(String, String)]) -> Value {
    let one = || values.get(path).and_then(|v| v.first()).map_or("", |s| s.trim());
    match field.kind {
        Kind::Text | Kind::Long => json!(one()),
        Kind::OptText | Kind::OptLong | Kind::OptDate => {
            if one().is_empty() {
                Value::Null
            } else {
                json!(one())
            }
        }
        Kind::Int { optional } => match (one(), optional) {
            ("", true) => Value::Null,
            (s, _) => s.parse::<i64>().map_or_else(|_| json!(s), |n| json!(n)),
        },
        Kind::Bool => json!(!one().is_empty()),
        Kind::Choice { optional, .. } => match (one(), optional) {
            ("", true) => Value::Null,
            (s, _) => json!(s),
        },
        Kind::Choices(_) => json!(values.get(path).cloned().unwrap_or_default()),
        Kind::Object { fields, optional } => {
            let mut obj = Map::new();
            for inner in fields {
                let p = format!("{path}.{}", inner.key);
                obj.insert(inner.key.to_owned(), read_field(inner, &p, values, pairs));
            }
            if optional && obj.values().all(empty) {
                Value::Null
            } else {
                Value::Object(obj)
            }
        }
        Kind::List { fields, .. } => {
            let rows = rows_of(path, pairs);
            Value::Array(
                (0..rows)
                    .map(|i| {
                        let mut obj = Map::new();
                        for inner in fields {
                            let p = format!("{path}[{i}].{}", inner.key);
                            obj.insert(inner.key.to_owned(), read_field(inner, &p, values, pairs));
                        }
                        Value::Object(obj)
                    })
                    .collect(),
            )
        }
        Kind::Paragraphs { .. } | Kind::Order { .. } => {
            let rows = rows_of(path, pairs);
            Value::Array(
                (0..rows)
                    // Empty boxes stay until `drop_empty_paragraphs`, so the posted indices hold.
                    .map(|i| {
                        let p = format!("{path}[{i}]");
                        json!(values.get(p.as_str()).and_then(|v| v.first()).map_or("", |s| s.trim()))
                    })
                    .collect(),
            )
        }
    }
}

/// How many rows of the list at `path` the form sent (one more than the highest index seen).
fn rows_of(path: &str, pairs: &[(String, String)]) -> usize {
    let prefix = format!("{path}[");
    pairs
        .iter()
        .filter_map(|(k, _)| k.strip_prefix(&prefix))
        .filter_map(|rest| rest.split(']').next()?.parse::<usize>().ok())
        .map(|i| i + 1)
        .max()
        .unwrap_or(0)
        .min(500)
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.values().all(empty),
        Value::Number(_) => false,
    }
}

/// Removes the paragraphs left empty everywhere in the plan, as an empty box means none.
pub fn drop_empty_paragraphs(plan: &mut Value) {
    fn walk(fields: &[Field], value: &mut Value) {
        for field in fields {
            let Some(v) = value.get_mut(field.key) else { continue };
            match field.kind {
                Kind::Paragraphs { .. } | Kind::Order { .. } => {
                    if let Value::Array(a) = v {
                        a.retain(|p| p.as_str().is_none_or(|s| !s.trim().is_empty()));
                    }
                }
                Kind::Object { fields, .. } => walk(fields, v),
                Kind::List { fields, .. } => {
                    if let Value::Array(rows) = v {
                        for row in rows {
                            walk(fields, row);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    for (_, fields) in SECTIONS {
        walk(fields, plan);
    }
}

/// Adds an empty row to the list at `path` ("deadlines", "duties[1].tasks").
pub fn add_row(plan: &mut Value, path: &str) {
    let Some(field) = field_at(path) else { return };
    let row = match field.kind {
        Kind::List { fields, .. } => blank(fields),
        Kind::Paragraphs { .. } => json!(""),
        Kind::Order { options, .. } => json!(options.first().map_or("", |o| o.0)),
        _ => return,
    };
    if let Some(Value::Array(a)) = pointer_mut(plan, path) {
        a.push(row);
    }
}

/// Removes the row at `path` ("deadlines[2]").
pub fn remove_row(plan: &mut Value, path: &str) {
    let Some((list, index)) = path.strip_suffix(']').and_then(|p| p.rsplit_once('[')) else {
        return;
    };
    let Ok(index) = index.parse::<usize>() else { return };
    if let Some(Value::Array(a)) = pointer_mut(plan, list)
        && index < a.len()
    {
        a.remove(index);
    }
}

fn blank(fields: &[Field]) -> Value {
    let mut obj = Map::new();
    for field in fields {
        let v = match field.kind {
            Kind::Text | Kind::Long => json!(""),
            Kind::Int { optional: false } => json!(0),
            Kind::Bool => json!(false),
            Kind::Choice {
                options,
                optional: false,
            } => json!(options.first().map_or("", |o| o.0)),
            Kind::Choices(_) | Kind::List { .. } | Kind::Paragraphs { .. } | Kind::Order { .. } => json!([]),
            Kind::Object {
                fields,
                optional: false,
            } => blank(fields),
            _ => Value::Null,
        };
        obj.insert(field.key.to_owned(), v);
    }
    Value::Object(obj)
}

/// The description of the field at a path, indices ignored.
fn field_at(path: &str) -> Option<&'static Field> {
    let mut keys = path.split('.').map(|k| k.split('[').next().unwrap_or(k));
    let first = keys.next()?;
    let mut found = SECTIONS.iter().flat_map(|(_, f)| f.iter()).find(|f| f.key == first)?;
    for key in keys {
        let inner = match found.kind {
            Kind::Object { fields, .. } | Kind::List { fields, .. } => fields,
            _ => return None,
        };
        found = inner.iter().find(|f| f.key == key)?;
    }
    Some(found)
}

fn pointer_mut<'v>(plan: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut at = plan;
    for part in path.split('.') {
        let (key, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        at = at.get_mut(key)?;
        for index in indices.split('[').filter(|s| !s.is_empty()) {
            at = at.get_mut(index.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(at)
}

/// "Thời hạn 3 › Ngày": a field's path as a person reads it, for error lists.
pub fn label(path: &str) -> String {
    let mut out = Vec::new();
    let mut fields: &[Field] = &[];
    let mut first = true;
    for part in path.split('.') {
        let (key, index) = match part.find('[') {
            Some(i) => (&part[..i], part[i + 1..].trim_end_matches(']').parse::<usize>().ok()),
            None => (part, None),
        };
        let found = if first {
            SECTIONS.iter().flat_map(|(_, f)| f.iter()).find(|f| f.key == key)
        } else {
            fields.iter().find(|f| f.key == key)
        };
        first = false;
        let Some(found) = found else {
            out.push(key.to_owned());
            break;
        };
        match (found.kind, index) {
            (Kind::List { item, fields: inner }, Some(i)) => {
                out.push(format!("{item} {}", i + 1));
                fields = inner;
            }
            (Kind::Paragraphs { item } | Kind::Order { item, .. }, Some(i)) => out.push(format!("{item} {}", i + 1)),
            (Kind::Object { fields: inner, .. } | Kind::List { fields: inner, .. }, None) => {
                out.push(found.label.to_owned());
                fields = inner;
            }
            _ => out.push(found.label.to_owned()),
        }
    }
    out.join(" › ")
}

// ------------------------------------------------------------------ drawing the form

/// What the form shows beside its fields: the rules broken and what the import read.
#[derive(Default)]
pub struct Notes<'a> {
    pub issues: BTreeMap<String, Vec<(String, bool)>>,
    pub found: HashMap<&'a str, &'a Found>,
}

/// The editor's sections as HTML, drawn from the plan JSON.
pub fn render(plan: &Value, notes: &Notes<'_>) -> String {
    let mut out = String::new();
    for (i, (title, fields)) in SECTIONS.iter().enumerate() {
        let paths: Vec<&str> = fields.iter().map(|f| f.key).collect();
        let flagged = notes.issues.keys().any(|k| {
            paths
                .iter()
                .any(|p| k == p || k.starts_with(&format!("{p}.")) || k.starts_with(&format!("{p}[")))
        });
        let unsure = notes.found.iter().any(|(k, found)| {
            !found.sure
                && paths
                    .iter()
                    .any(|p| k == p || k.starts_with(&format!("{p}.")) || k.starts_with(&format!("{p}[")))
        });
        out.push_str(&format!(
            "<details class=\"plan-section\" id=\"phan-{i}\"{}><summary>{}{}{}</summary>",
            if flagged { " open" } else { "" },
            esc(title),
            if flagged {
                " <span class=\"badge late\">cần sửa</span>"
            } else {
                ""
            },
            if unsure {
                " <span class=\"badge\">chưa chắc</span>"
            } else {
                ""
            },
        ));
        for field in *fields {
            draw(
                &mut out,
                field,
                field.key,
                plan.get(field.key).unwrap_or(&Value::Null),
                notes,
            );
        }
        out.push_str("</details>");
    }
    out
}

fn id_of(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id
}

fn text_of(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn note_html(out: &mut String, path: &str, notes: &Notes<'_>) {
    if let Some(found) = notes.found.get(path) {
        out.push_str(&format!(
            "<p class=\"source{}\"><span class=\"badge\">{}</span> Đọc từ: «{}»{}</p>",
            if found.sure { "" } else { " unsure" },
            if found.sure { "chắc chắn" } else { "chưa chắc" },
            esc(&found.source),
            found
                .note
                .as_ref()
                .map_or_else(String::new, |n| format!(" — {}", esc(n)))
        ));
    }
    if let Some(list) = notes.issues.get(path) {
        for (message, warning) in list {
            out.push_str(&format!(
                "<p class=\"{}\" id=\"{}-loi\">{}</p>",
                if *warning { "warning" } else { "field-error" },
                id_of(path),
                esc(message)
            ));
        }
    }
}

fn draw(out: &mut String, field: &Field, path: &str, value: &Value, notes: &Notes<'_>) {
    let id = id_of(path);
    let name = esc(path);
    let invalid = notes.issues.get(path).is_some_and(|l| l.iter().any(|(_, w)| !w));
    let aria = if invalid {
        format!(" aria-invalid=\"true\" aria-describedby=\"{id}-loi\"")
    } else {
        String::new()
    };
    let label = esc(field.label);
    match field.kind {
        Kind::Text | Kind::OptText => {
            out.push_str(&format!(
                "<label for=\"{id}\">{label}</label><input id=\"{id}\" name=\"{name}\" value=\"{}\"{aria}>",
                esc(&text_of(value))
            ));
            note_html(out, path, notes);
        }
        Kind::Long | Kind::OptLong => {
            let text = text_of(value);
            let rows = (text.chars().count() / 90 + 2).clamp(2, 12);
            out.push_str(&format!(
                "<label for=\"{id}\">{label}</label><textarea id=\"{id}\" name=\"{name}\" rows=\"{rows}\"{aria}>{}</textarea>",
                esc(&text)
            ));
            note_html(out, path, notes);
        }
        Kind::Int { .. } => {
            out.push_str(&format!(
                "<label for=\"{id}\">{label}</label><input id=\"{id}\" name=\"{name}\" inputmode=\"numeric\" value=\"{}\"{aria}>",
                esc(&text_of(value))
            ));
            note_html(out, path, notes);
        }
        Kind::OptDate => {
            out.push_str(&format!(
                "<label for=\"{id}\">{label}</label><input id=\"{id}\" name=\"{name}\" type=\"date\" value=\"{}\"{aria}>",
                esc(&text_of(value))
            ));
            note_html(out, path, notes);
        }
        Kind::Bool => {
            out.push_str(&format!(
                "<label class=\"inline\"><input type=\"checkbox\" id=\"{id}\" name=\"{name}\" value=\"1\"{}> {label}</label>",
                if value.as_bool() == Some(true) { " checked" } else { "" }
            ));
            note_html(out, path, notes);
        }
        Kind::Choice { options, optional } => {
            let current = text_of(value);
            out.push_str(&format!(
                "<label for=\"{id}\">{label}</label><select id=\"{id}\" name=\"{name}\"{aria}>"
            ));
            if optional {
                out.push_str("<option value=\"\">—</option>");
            }
            for (v, l) in options {
                out.push_str(&format!(
                    "<option value=\"{v}\"{}>{}</option>",
                    if current == *v { " selected" } else { "" },
                    esc(l)
                ));
            }
            out.push_str("</select>");
            note_html(out, path, notes);
        }
        Kind::Choices(options) => {
            let chosen: Vec<String> = value
                .as_array()
                .map_or_else(Vec::new, |a| a.iter().map(text_of).collect());
            out.push_str(&format!(
                "<fieldset class=\"choices\" id=\"{id}\"><legend>{label}</legend>"
            ));
            for (v, l) in options {
                out.push_str(&format!(
                    "<label class=\"inline\"><input type=\"checkbox\" name=\"{name}\" value=\"{v}\"{}> {}</label>",
                    if chosen.iter().any(|c| c == v) { " checked" } else { "" },
                    esc(l)
                ));
            }
            out.push_str("</fieldset>");
            note_html(out, path, notes);
        }
        Kind::Object { fields, .. } => {
            out.push_str(&format!("<fieldset id=\"{id}\"><legend>{label}</legend>"));
            note_html(out, path, notes);
            for inner in fields {
                let p = format!("{path}.{}", inner.key);
                draw(out, inner, &p, value.get(inner.key).unwrap_or(&Value::Null), notes);
            }
            out.push_str("</fieldset>");
        }
        Kind::List { fields, item } => {
            let rows = value.as_array().map_or(&[][..], Vec::as_slice);
            out.push_str(&format!(
                "<div class=\"rows\" id=\"{id}\"><h3>{label} ({})</h3>",
                rows.len()
            ));
            note_html(out, path, notes);
            for (i, row) in rows.iter().enumerate() {
                let p = format!("{path}[{i}]");
                out.push_str(&format!(
                    "<fieldset class=\"row\" id=\"{}\"><legend>{} {}</legend>",
                    id_of(&p),
                    esc(item),
                    i + 1
                ));
                note_html(out, &p, notes);
                for inner in fields {
                    let ip = format!("{p}.{}", inner.key);
                    draw(out, inner, &ip, row.get(inner.key).unwrap_or(&Value::Null), notes);
                }
                out.push_str(&format!(
                    "<button type=\"submit\" name=\"xoa\" value=\"{}\" class=\"secondary\" formnovalidate>Xóa {} {}</button></fieldset>",
                    esc(&p),
                    esc(&item.to_lowercase()),
                    i + 1
                ));
            }
            out.push_str(&format!(
                "<button type=\"submit\" name=\"them\" value=\"{name}\" class=\"secondary\" formnovalidate>Thêm {}</button></div>",
                esc(&item.to_lowercase())
            ));
        }
        Kind::Order { item, options } => {
            draw_order(out, (path, &id), value, &label, (item, options));
            note_html(out, path, notes);
        }
        Kind::Paragraphs { item } => {
            let rows = value.as_array().map_or(&[][..], Vec::as_slice);
            out.push_str(&format!(
                "<div class=\"rows\" id=\"{id}\"><h3>{label} ({})</h3>",
                rows.len()
            ));
            note_html(out, path, notes);
            for (i, row) in rows.iter().enumerate() {
                let p = format!("{path}[{i}]");
                let pid = id_of(&p);
                let text = text_of(row);
                let lines = (text.chars().count() / 90 + 2).clamp(2, 10);
                out.push_str(&format!(
                    "<div class=\"row\"><label for=\"{pid}\">{} {}</label><textarea id=\"{pid}\" name=\"{}\" rows=\"{lines}\">{}</textarea>",
                    esc(item),
                    i + 1,
                    esc(&p),
                    esc(&text)
                ));
                note_html(out, &p, notes);
                out.push_str(&format!(
                    "<button type=\"submit\" name=\"xoa\" value=\"{}\" class=\"secondary\" formnovalidate>Xóa</button></div>",
                    esc(&p)
                ));
            }
            out.push_str(&format!(
                "<button type=\"submit\" name=\"them\" value=\"{name}\" class=\"secondary\" formnovalidate>Thêm {}</button></div>",
                esc(&item.to_lowercase())
            ));
        }
    }
}

/// One select per row, in order, each with a remove button.
fn draw_order(out: &mut String, (path, id): (&str, &str), value: &Value, label: &str, kind: (&str, &[(&str, &str)])) {
    let (item, options) = kind;
    let rows = value.as_array().map_or(&[][..], Vec::as_slice);
    out.push_str(&format!(
        "<div class=\"rows\" id=\"{id}\"><h3>{label} ({})</h3>",
        rows.len()
    ));
    for (i, row) in rows.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let pid = id_of(&p);
        let current = text_of(row);
        out.push_str(&format!(
            "<div class=\"row\"><label for=\"{pid}\">{} {}</label><select id=\"{pid}\" name=\"{}\">",
            esc(item),
            i + 1,
            esc(&p)
        ));
        for (v, l) in options {
            out.push_str(&format!(
                "<option value=\"{v}\"{}>{}</option>",
                if current == *v { " selected" } else { "" },
                esc(l)
            ));
        }
        out.push_str(&format!(
            "</select><button type=\"submit\" name=\"xoa\" value=\"{}\" class=\"secondary\" formnovalidate>Xóa</button></div>",
            esc(&p)
        ));
    }
    out.push_str(&format!(
        "<button type=\"submit\" name=\"them\" value=\"{}\" class=\"secondary\" formnovalidate>Thêm {}</button></div>",
        esc(path),
        esc(&item.to_lowercase())
    ));
}

/// HTML-escaped text for element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> thidua_domain::plan::Plan {
        thidua_domain::plan::parse_plan("x", include_bytes!("../../../plans/30406-phu-tan.toml"))
            .unwrap()
            .plan
    }

    /// The pairs a browser would send for the drawn form.
    fn posted(html: &str) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        let attr = |tag: &str, name: &str| {
            tag.split(&format!(" {name}=\""))
                .nth(1)
                .and_then(|r| r.split('"').next())
                .map(unescape)
        };
        for piece in html.split('<').skip(1) {
            let (tag, rest) = piece.split_once('>').unwrap_or((piece, ""));
            if tag.starts_with("input") {
                let Some(name) = attr(tag, "name") else { continue };
                if tag.contains("type=\"checkbox\"") {
                    if tag.contains(" checked") {
                        pairs.push((name, attr(tag, "value").unwrap_or_default()));
                    }
                } else {
                    pairs.push((name, attr(tag, "value").unwrap_or_default()));
                }
            } else if tag.starts_with("textarea") {
                pairs.push((attr(tag, "name").unwrap(), unescape(rest)));
            } else if tag.starts_with("select") {
                let name = attr(tag, "name").unwrap();
                let select = &html[html.find(&format!("name=\"{}\"", esc(&name))).unwrap()..];
                let select = &select[..select.find("</select>").unwrap()];
                let chosen = select
                    .split("<option ")
                    .find(|o| o.contains(" selected"))
                    .or_else(|| select.split("<option ").nth(1))
                    .and_then(|o| o.split("value=\"").nth(1))
                    .and_then(|r| r.split('"').next())
                    .unwrap_or("");
                pairs.push((name, chosen.to_owned()));
            }
        }
        pairs
    }

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn the_form_covers_the_whole_plan_and_reads_back_the_same_plan() {
        use thidua_domain::plan::{Abbreviation, DueBound, PlanPart};
        let mut plan = seed();
        // Every optional part of the format, so the form is known to carry each one.
        plan.authority.name_as_issued = Some("UBND xã Phú Tân".into());
        plan.part_order = vec![PlanPart::Purposes, PlanPart::Duties, PlanPart::Commendation];
        plan.abbreviations = vec![Abbreviation {
            short: "HĐTĐKT".into(),
            full: "Hội đồng Thi đua – Khen thưởng".into(),
        }];
        plan.deadlines[0].bound = DueBound::Before;
        plan.duties[0].code = Some("1".into());
        let mut head = plan.awards[0].clone();
        head.form = thidua_domain::awards::AwardForm::GiayKhenThuTruong;
        head.issuer = Some("Hiệu trưởng các trường học".into());
        head.quota = None;
        plan.awards.push(head);
        let mut json = serde_json::to_value(&plan).unwrap();
        let html = render(&json, &Notes::default());
        let mut back = read(&posted(&html));
        drop_empty_paragraphs(&mut back);
        back["format"] = json["format"].take();
        back["revision"] = json["revision"].take();
        let back: thidua_domain::plan::Plan = serde_json::from_value(back).unwrap();
        let mut expected = plan.clone();
        for a in &mut expected.awards {
            a.level = None;
        }
        assert_eq!(back, expected);
    }

    #[test]
    fn the_paragraph_clicked_is_the_one_removed_even_after_an_emptied_box() {
        let pairs: Vec<(String, String)> = [("purposes[0]", "Một"), ("purposes[1]", ""), ("purposes[2]", "Ba")]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let mut plan = read(&pairs);
        remove_row(&mut plan, "purposes[2]");
        drop_empty_paragraphs(&mut plan);
        assert_eq!(plan["purposes"], json!(["Một"]));
    }

    #[test]
    fn rows_are_added_and_removed_and_paths_read_as_labels() {
        let mut json = serde_json::to_value(seed()).unwrap();
        let before = json["deadlines"].as_array().unwrap().len();
        add_row(&mut json, "deadlines");
        assert_eq!(json["deadlines"].as_array().unwrap().len(), before + 1);
        assert_eq!(json["deadlines"][before]["kind"], "unit_plan");
        remove_row(&mut json, "deadlines[0]");
        assert_eq!(json["deadlines"].as_array().unwrap().len(), before);
        add_row(&mut json, "duties[0].tasks");
        assert_eq!(json["duties"][0]["tasks"].as_array().unwrap().last().unwrap(), "");
        assert_eq!(label("deadlines[2].day"), "Thời hạn 3 › Ngày");
        assert_eq!(label("document.title"), "Văn bản › Trích yếu");
        assert_eq!(
            label("awards[0].quota.individual"),
            "Hình thức 1 › Chỉ tiêu mỗi đợt (để trống: không giới hạn) › Tối đa số cá nhân"
        );
        assert_eq!(label("recipients[4]"), "Nơi nhận 5");
    }
}
