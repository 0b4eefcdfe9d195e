//! Precision and recall of the duplicate check on the labelled pairs in
//! `eval/initiative-duplicates/pairs.jsonl` (issue #5). Run with `--nocapture` to see the table:
//!
//!     cargo test -p thidua-domain --test duplicate_eval -- --nocapture
//!
//! Word weights come from all texts of the set, standing in for a province's initiatives. The
//! threshold is chosen on the odd-numbered pairs and also reported on the even-numbered ones,
//! which took no part in choosing it.

use serde::Deserialize;
use thidua_domain::similarity::{DEFAULT_THRESHOLD, DocumentFrequency, Fingerprint, fingerprint, similarity};

#[derive(Deserialize)]
struct Text {
    title: String,
    summary: String,
}

#[derive(Deserialize)]
struct Pair {
    id: u32,
    label: String,
    kind: String,
    a: Text,
    b: Text,
}

struct Scored {
    id: u32,
    duplicate: bool,
    kind: String,
    score: f64,
}

fn load() -> Vec<Pair> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../eval/initiative-duplicates/pairs.jsonl"
    );
    std::fs::read_to_string(path)
        .expect("the labelled set")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a labelled pair"))
        .collect()
}

fn scored() -> Vec<Scored> {
    let pairs = load();
    let prints: Vec<(Fingerprint, Fingerprint)> = pairs
        .iter()
        .map(|p| {
            (
                fingerprint(&p.a.title, &p.a.summary),
                fingerprint(&p.b.title, &p.b.summary),
            )
        })
        .collect();
    let df = DocumentFrequency::of(prints.iter().flat_map(|(a, b)| [a, b]));
    pairs
        .iter()
        .zip(&prints)
        .map(|(p, (a, b))| Scored {
            id: p.id,
            duplicate: p.label == "duplicate",
            kind: p.kind.clone(),
            score: similarity(a, b, &df),
        })
        .collect()
}

/// (precision, recall, true positives, false positives, false negatives) at `threshold`.
fn measure<'a>(pairs: impl IntoIterator<Item = &'a Scored>, threshold: f64) -> (f64, f64, u32, u32, u32) {
    let (mut tp, mut fp, mut fn_) = (0, 0, 0);
    for p in pairs {
        match (p.score >= threshold, p.duplicate) {
            (true, true) => tp += 1,
            (true, false) => fp += 1,
            (false, true) => fn_ += 1,
            (false, false) => {}
        }
    }
    let precision = if tp + fp == 0 {
        1.0
    } else {
        f64::from(tp) / f64::from(tp + fp)
    };
    let recall = if tp + fn_ == 0 {
        1.0
    } else {
        f64::from(tp) / f64::from(tp + fn_)
    };
    (precision, recall, tp, fp, fn_)
}

#[test]
fn precision_and_recall_on_the_labelled_set() {
    let all = scored();
    assert!(all.len() >= 200, "at least 200 labelled pairs");
    println!("threshold  precision  recall   (all {} pairs)", all.len());
    for t in [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7] {
        let (p, r, ..) = measure(&all, t);
        println!("{t:>9.2}  {p:>9.3}  {r:>6.3}");
    }
    // The threshold with the best F1 on the odd pairs, for comparison with the shipped default
    // (which leans to recall: a shown candidate costs the author a glance, a missed one a
    // commendation given twice).
    let odd: Vec<&Scored> = all.iter().filter(|p| p.id % 2 == 1).collect();
    let even: Vec<&Scored> = all.iter().filter(|p| p.id % 2 == 0).collect();
    let f1 = |(p, r, ..): (f64, f64, u32, u32, u32)| if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    let best = (20..=80)
        .map(|i| f64::from(i) / 100.0)
        .max_by(|a, b| f1(measure(odd.iter().copied(), *a)).total_cmp(&f1(measure(odd.iter().copied(), *b))))
        .unwrap();
    println!("best threshold on the odd pairs: {best:.2}; shipped default {DEFAULT_THRESHOLD:.2}");
    for (name, set) in [("odd (tuning)", &odd), ("even (held out)", &even)] {
        let (p, r, tp, fp, fn_) = measure(set.iter().copied(), DEFAULT_THRESHOLD);
        println!("{name}: precision {p:.3}, recall {r:.3} (tp {tp}, fp {fp}, fn {fn_})");
    }
    let (precision, recall, tp, fp, fn_) = measure(&all, DEFAULT_THRESHOLD);
    println!(
        "all at {DEFAULT_THRESHOLD:.2}: precision {precision:.3}, recall {recall:.3} (tp {tp}, fp {fp}, fn {fn_})"
    );
    let mut misses: Vec<&Scored> = all
        .iter()
        .filter(|p| (p.score >= DEFAULT_THRESHOLD) != p.duplicate)
        .collect();
    misses.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.id.cmp(&b.id)));
    for m in misses {
        let what = if m.duplicate { "missed duplicate" } else { "false alarm" };
        println!("  #{:<4} {:<26} {what:<16} score {:.3}", m.id, m.kind, m.score);
    }
    // The figures reported in eval/initiative-duplicates/README.md; a change that lowers them
    // fails here.
    assert!(precision >= MIN_PRECISION, "precision {precision:.3}");
    assert!(recall >= MIN_RECALL, "recall {recall:.3}");
}

/// Measured on 2026-11-21: precision 0.958, recall 0.966 at 0.50 (114 found, 5 false alarms,
/// 4 missed, all four paraphrases).
const MIN_PRECISION: f64 = 0.95;
const MIN_RECALL: f64 = 0.96;

#[test]
fn exact_copies_and_accent_stripped_copies_are_always_found() {
    for p in scored() {
        if p.kind == "exact_copy" || p.kind == "accent_stripped" {
            assert!(p.score >= 0.9, "#{} {} scored {:.3}", p.id, p.kind, p.score);
        }
    }
}
