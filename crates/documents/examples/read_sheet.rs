//! Reads a workbook as an import would and prints what came of it and the peak memory of this
//! process (VmHWM), for `bench/xlsx-bombs.sh`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: read_sheet FILE.xlsx");
    let bytes = std::fs::read(&path).expect("the file");
    let outcome = match thidua_documents::read_xlsx(&bytes) {
        Ok(rows) => format!("đọc được {} dòng", rows.len()),
        Err(e) => format!("từ chối: {e}"),
    };
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l[6..].trim().to_owned())
        })
        .unwrap_or_default();
    println!("{path}\t{} KB tệp\tđỉnh bộ nhớ {peak}\t{outcome}", bytes.len() / 1024);
}
