//! Our files in the hands of real clients: LibreOffice converts every DOCX we write to PDF
//! without errors and keeps its words, and poppler's `pdftotext` reads the words of every PDF
//! we write. CI installs both (`libreoffice-writer-nogui`, `poppler-utils`) and sets
//! THIDUA_REQUIRE_OFFICE=1; elsewhere the check says it is skipped when they are missing.

use std::path::{Path, PathBuf};
use std::process::Command;

use thidua_documents::{docx, pdf, samples};

fn tool(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(name))
        .find(|p| p.is_file())
}

fn tools() -> Option<(PathBuf, PathBuf)> {
    match (tool("soffice"), tool("pdftotext")) {
        (Some(office), Some(pdftotext)) => Some((office, pdftotext)),
        _ if std::env::var_os("THIDUA_REQUIRE_OFFICE").is_some() => {
            panic!("THIDUA_REQUIRE_OFFICE is set but soffice or pdftotext is missing")
        }
        _ => {
            eprintln!("skipped: install libreoffice-writer-nogui and poppler-utils to check documents with them");
            None
        }
    }
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdftotext(pdftotext: &Path, file: &Path) -> String {
    let out = Command::new(pdftotext)
        .args(["-enc", "UTF-8"])
        .arg(file)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    words(&String::from_utf8(out.stdout).unwrap())
}

/// Converts `docx` to PDF with LibreOffice and returns the words of the result.
fn through_libreoffice(office: &Path, reader: &Path, dir: &Path, docx: &Path) -> String {
    let converted = dir.join("converted");
    let out = Command::new(office)
        // A private profile: a first start must not depend on, or write to, the user's.
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&converted)
        .arg(docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let name = docx.with_extension("pdf");
    pdftotext(reader, &converted.join(name.file_name().unwrap()))
}

#[test]
fn libreoffice_and_pdftotext_read_our_documents() {
    let Some((office, reader)) = tools() else { return };
    let dir = std::env::temp_dir().join(format!("thidua-office-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let decision = samples::decision(200);
    let certificates = samples::certificates(5);
    std::fs::write(dir.join("quyet-dinh.docx"), docx::docx(&decision).unwrap()).unwrap();
    std::fs::write(dir.join("quyet-dinh.pdf"), pdf::official_pdf(&decision).unwrap()).unwrap();
    std::fs::write(dir.join("giay-khen.pdf"), pdf::certificates_pdf(&certificates).unwrap()).unwrap();

    let from_docx = through_libreoffice(&office, &reader, &dir, &dir.join("quyet-dinh.docx"));
    let from_pdf = pdftotext(&reader, &dir.join("quyet-dinh.pdf"));
    for text in [&from_docx, &from_pdf] {
        for expected in [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Số: 12/QĐ-UBND",
            "Phú Tân, ngày 20 tháng 12 năm 2026",
            "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã cho 200 cá nhân",
            "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG GIẤY KHEN",
            "Nguyễn Thị Ánh",
            "Bùi Thị Khuê",
            "Tổng cộng",
            "142.000.000",
        ] {
            assert!(text.contains(expected), "«{expected}» in\n{text}");
        }
    }
    let from_certificates = pdftotext(&reader, &dir.join("giay-khen.pdf"));
    for c in &certificates {
        assert!(
            from_certificates.contains(&c.recipient),
            "«{}» in\n{from_certificates}",
            c.recipient
        );
        assert!(from_certificates.contains(&c.verify_code));
    }
    std::fs::remove_dir_all(&dir).ok();
}
