//! How well a plan is read out of the document its commune issued: the four seed plans as
//! typed in Word (.docx) and as posted (.pdf), each compared field group by field group with its
//! right answer in `plans/`. `cargo test -p thidua-documents --test plan_import -- --nocapture`
//! prints the table; the test fails when agreement drops below the floors measured.

use thidua_documents::plan_file::read_plan_file;
use thidua_domain::plan::import::{Agreement, agreement, read_plan};
use thidua_domain::plan::parse_plan;

/// (commune, its DOCX, its PDF, the right answer)
type Seed = (&'static str, &'static [u8], &'static [u8], &'static [u8]);

const SEEDS: [Seed; 4] = [
    (
        "Hồng Vân",
        include_bytes!("../../../eval/plan-import/000-hong-van.docx"),
        include_bytes!("../../../eval/plan-import/000-hong-van.pdf"),
        include_bytes!("../../../plans/10210-hong-van.toml"),
    ),
    (
        "Long Mỹ",
        include_bytes!("../../../eval/plan-import/001-long-my.docx"),
        include_bytes!("../../../eval/plan-import/001-long-my.pdf"),
        include_bytes!("../../../plans/31471-long-my.toml"),
    ),
    (
        "Vĩnh Linh",
        include_bytes!("../../../eval/plan-import/002-vinh-linh.docx"),
        include_bytes!("../../../eval/plan-import/002-vinh-linh.pdf"),
        include_bytes!("../../../plans/19363-vinh-linh.toml"),
    ),
    (
        "Phú Tân",
        include_bytes!("../../../eval/plan-import/003-phu-tan.docx"),
        include_bytes!("../../../eval/plan-import/003-phu-tan.pdf"),
        include_bytes!("../../../plans/30406-phu-tan.toml"),
    ),
];

/// Overall agreement (matched / total over every field group) below which the test fails, per
/// file kind: the figures measured when the reader landed, less a small margin.
const FLOOR_DOCX: f64 = 0.95;
const FLOOR_PDF: f64 = 0.83;

fn total(rows: &[Agreement]) -> (usize, usize) {
    rows.iter().fold((0, 0), |(m, t), r| (m + r.matched, t + r.total))
}

#[test]
fn the_seed_plans_are_read_from_their_docx_and_pdf() {
    let mut table: Vec<(String, Vec<Agreement>)> = Vec::new();
    for (name, docx, pdf, truth) in SEEDS {
        let truth = parse_plan(name, truth).unwrap().plan;
        for (kind, bytes) in [("DOCX", docx), ("PDF", pdf)] {
            let (_, blocks) = read_plan_file(bytes).unwrap_or_else(|e| panic!("{name} {kind}: {e}"));
            let found = read_plan(&blocks).unwrap_or_else(|e| panic!("{name} {kind}: {}", e.0));
            table.push((format!("{name} {kind}"), agreement(&found.plan, &truth)));
        }
    }
    let groups: Vec<&str> = table[0].1.iter().map(|a| a.field).collect();
    println!(
        "\n| Nhóm trường | {} |",
        table.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(" | ")
    );
    println!("|---|{}", "---|".repeat(table.len()));
    for (i, group) in groups.iter().enumerate() {
        let cells: Vec<String> = table
            .iter()
            .map(|(_, rows)| {
                rows.get(i)
                    .map_or_else(String::new, |a| format!("{}/{}", a.matched, a.total))
            })
            .collect();
        println!("| {group} | {} |", cells.join(" | "));
    }
    let overall: Vec<String> = table
        .iter()
        .map(|(_, rows)| {
            let (m, t) = total(rows);
            format!("{:.1}%", 100.0 * m as f64 / t.max(1) as f64)
        })
        .collect();
    println!("| **Tổng** | {} |", overall.join(" | "));
    for kind in ["DOCX", "PDF"] {
        let (m, t) = table
            .iter()
            .filter(|(n, _)| n.ends_with(kind))
            .fold((0, 0), |(m, t), (_, rows)| {
                let (a, b) = total(rows);
                (m + a, t + b)
            });
        let share = m as f64 / t.max(1) as f64;
        println!("{kind}: {m}/{t} = {:.1}%", 100.0 * share);
        let floor = if kind == "DOCX" { FLOOR_DOCX } else { FLOOR_PDF };
        assert!(share >= floor, "{kind} agreement {share:.3} fell below {floor}");
    }
}

/// Plans written blind to the reader (eval/plan-import/holdout/README.md), in other orders and
/// words than the seeds: how the reader does on plans it was not tuned on.
const HELD_OUT: [(&str, &[u8], &[u8]); 3] = [
    (
        "Bình Minh",
        include_bytes!("../../../eval/plan-import/holdout/29771-binh-minh.txt"),
        include_bytes!("../../../eval/plan-import/holdout/29771-binh-minh.toml"),
    ),
    (
        "Chiêm Hóa",
        include_bytes!("../../../eval/plan-import/holdout/02287-chiem-hoa.txt"),
        include_bytes!("../../../eval/plan-import/holdout/02287-chiem-hoa.toml"),
    ),
    (
        "Cô Tô",
        include_bytes!("../../../eval/plan-import/holdout/07192-co-to.txt"),
        include_bytes!("../../../eval/plan-import/holdout/07192-co-to.toml"),
    ),
];

/// The held-out plans' overall agreement below which the test fails: measured, less a margin.
const FLOOR_HELD_OUT: f64 = 0.72;

#[test]
fn plans_the_reader_was_not_tuned_on_are_read_too() {
    let mut table: Vec<(String, Vec<Agreement>)> = Vec::new();
    for (name, text, truth) in HELD_OUT {
        let truth = parse_plan(name, truth).unwrap_or_else(|e| panic!("{name}: {e:?}")).plan;
        let (_, blocks) = read_plan_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let found = read_plan(&blocks).unwrap_or_else(|e| panic!("{name}: {}", e.0));
        table.push((name.to_owned(), agreement(&found.plan, &truth)));
    }
    println!(
        "\n| Nhóm trường | {} |",
        table.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(" | ")
    );
    println!("|---|{}", "---|".repeat(table.len()));
    for (i, row) in table[0].1.iter().enumerate() {
        let cells: Vec<String> = table
            .iter()
            .map(|(_, rows)| {
                rows.get(i)
                    .map_or_else(String::new, |a| format!("{}/{}", a.matched, a.total))
            })
            .collect();
        println!("| {} | {} |", row.field, cells.join(" | "));
    }
    let (m, t) = table.iter().fold((0, 0), |(m, t), (_, rows)| {
        let (a, b) = total(rows);
        (m + a, t + b)
    });
    let share = m as f64 / t.max(1) as f64;
    println!("Held out: {m}/{t} = {:.1}%", 100.0 * share);
    assert!(
        share >= FLOOR_HELD_OUT,
        "held-out agreement {share:.3} fell below {FLOOR_HELD_OUT}"
    );
}
