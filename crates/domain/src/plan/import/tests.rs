use super::*;
use crate::plan::parse_plan;

struct Seed {
    name: &'static str,
    text: &'static str,
    truth_file: &'static str,
    truth: &'static [u8],
}

const SEEDS: [Seed; 4] = [
    Seed {
        name: "000 Hồng Vân",
        text: include_str!("../../../../../eval/plan-import/000-hong-van.txt"),
        truth_file: "plans/10210-hong-van.toml",
        truth: include_bytes!("../../../../../plans/10210-hong-van.toml"),
    },
    Seed {
        name: "001 Long Mỹ",
        text: include_str!("../../../../../eval/plan-import/001-long-my.txt"),
        truth_file: "plans/31471-long-my.toml",
        truth: include_bytes!("../../../../../plans/31471-long-my.toml"),
    },
    Seed {
        name: "002 Vĩnh Linh",
        text: include_str!("../../../../../eval/plan-import/002-vinh-linh.txt"),
        truth_file: "plans/19363-vinh-linh.toml",
        truth: include_bytes!("../../../../../plans/19363-vinh-linh.toml"),
    },
    Seed {
        name: "003 Phú Tân",
        text: include_str!("../../../../../eval/plan-import/003-phu-tan.txt"),
        truth_file: "plans/30406-phu-tan.toml",
        truth: include_bytes!("../../../../../plans/30406-phu-tan.toml"),
    },
];

fn read(seed: &Seed) -> (Extraction, Plan) {
    let blocks = blocks_from_text(seed.text);
    let found = read_plan(&blocks).unwrap_or_else(|e| panic!("{}: {}", seed.name, e.0));
    let truth = parse_plan(seed.truth_file, seed.truth)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .plan;
    (found, truth)
}

#[test]
fn dump_seed() {
    let Ok(which) = std::env::var("DUMP_SEED") else { return };
    let seed = &SEEDS[which.parse::<usize>().unwrap()];
    if std::env::var("DUMP_BLOCKS").is_ok() {
        for (i, b) in blocks_from_text(seed.text).iter().enumerate() {
            println!("[{i}] {}", b.text);
        }
    }
    let (found, truth) = read(seed);
    println!("{}", serde_json::to_string_pretty(&found.plan).unwrap());
    for u in &found.not_understood {
        println!("UNREAD [{}] {}", u.block, u.text);
    }
    for f in &found.fields {
        if !f.sure {
            println!("UNSURE {} = {} ({:?})", f.field, f.value, f.note);
        }
    }
    for (a, b) in found.plan.legal_bases.iter().zip(truth.legal_bases.iter()) {
        if crate::text::fold(&a.text) != crate::text::fold(&b.text) || a.abbreviation != b.abbreviation {
            println!("BASIS FOUND {a:?}\nBASIS TRUTH {b:?}");
        }
    }
    for a in agreement(&found.plan, &truth) {
        println!("{:40} {}/{}", a.field, a.matched, a.total);
    }
}
