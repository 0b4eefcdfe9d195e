//! Document generation timings for `bench/documents.sh`: a decision with a 200-person annex as
//! DOCX and as PDF, and 1,000 Giấy khen in one PDF. Writes one copy of each file to the
//! directory given as the first argument, so the run can be checked with real clients.
//!
//! cargo run --release -p thidua-documents --example bench_documents -- OUT_DIR [ROUNDS]

use std::time::{Duration, Instant};

use thidua_documents::{docx, pdf, samples};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Runs `f` `rounds` times after one unrecorded warm-up; prints p50/p99/max in ms and the size.
fn measure(name: &str, rounds: usize, mut f: impl FnMut() -> Vec<u8>) -> Vec<u8> {
    let first = f();
    let mut times = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let start = Instant::now();
        let out = f();
        times.push(start.elapsed());
        assert_eq!(out.len(), first.len(), "the same input gives the same file");
    }
    times.sort();
    println!(
        "| {name} | {rounds} | {:.1} | {:.1} | {:.1} | {} |",
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        times.last().map_or(0.0, |t| t.as_secs_f64() * 1000.0),
        first.len() / 1024
    );
    first
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = std::path::PathBuf::from(args.next().unwrap_or_else(|| "bench/out/documents".into()));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    std::fs::create_dir_all(&out).expect("the output directory");

    let decision = samples::decision(200);
    let certificates = samples::certificates(1000);
    println!("| what | rounds | p50 ms | p99 ms | max ms | size KiB |");
    println!("|---|---|---|---|---|---|");
    let d = measure("decision, 200-person annex, DOCX", rounds, || {
        docx::docx(&decision).unwrap()
    });
    std::fs::write(out.join("quyet-dinh-200.docx"), d).unwrap();
    let p = measure("decision, 200-person annex, PDF", rounds, || {
        pdf::official_pdf(&decision).unwrap()
    });
    std::fs::write(out.join("quyet-dinh-200.pdf"), p).unwrap();
    let c = measure("1,000 Giấy khen in one PDF", rounds.div_ceil(4).max(3), || {
        pdf::certificates_pdf(&certificates).unwrap()
    });
    std::fs::write(out.join("giay-khen-1000.pdf"), c).unwrap();
}
