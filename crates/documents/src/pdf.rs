//! The same documents as PDF. Typst lays them out from a fixed template in `templates/` that
//! reads the document's data as JSON, so no user text is ever parsed as markup. Liberation Serif
//! (metric-compatible with Times New Roman, SIL OFL) is compiled in and embedded in every PDF
//! with its Unicode map, so Vietnamese text can be selected, searched and extracted.

use std::sync::OnceLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::DocumentError;
use crate::docx::OfficialDoc;

pub(crate) const FONTS: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
];

const OFFICIAL: &str = include_str!("../templates/official.typ");
const CERTIFICATE: &str = include_str!("../templates/certificate.typ");

/// What every compilation shares: the standard library and the fonts, built once.
struct Base {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn base() -> &'static Base {
    static BASE: OnceLock<Base> = OnceLock::new();
    BASE.get_or_init(|| {
        let fonts: Vec<Font> = FONTS.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        Base {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// One compilation: a template and its data, nothing read from disk.
struct Job {
    main: Source,
    data_id: FileId,
    data: Bytes,
}

fn file_id(path: &str) -> FileId {
    // The paths are constants of this module, so they are always valid.
    let vpath = VirtualPath::new(path).unwrap_or_else(|_| unreachable!("fixed path {path}"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

impl World for Job {
    fn library(&self) -> &LazyHash<Library> {
        &base().library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &base().book
    }
    fn main(&self) -> FileId {
        self.main.id()
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        base().fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn messages(diags: &[SourceDiagnostic]) -> String {
    diags.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; ")
}

/// Lays out `template` over `data` and writes the PDF.
fn render(name: &str, template: &str, data: &impl Serialize, title: &str) -> Result<Vec<u8>, DocumentError> {
    let json = serde_json::to_vec(data).map_err(|e| DocumentError::Pdf(e.to_string()))?;
    let job = Job {
        main: Source::new(file_id(&format!("/{name}.typ")), template.to_owned()),
        data_id: file_id("/data.json"),
        data: Bytes::new(json),
    };
    let document: PagedDocument = typst::compile(&job)
        .output
        .map_err(|errors| DocumentError::Pdf(messages(&errors)))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(title.to_owned()),
        creator: typst::foundations::Smart::Custom(Some("Thi Đua".to_owned())),
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| DocumentError::Pdf(messages(&errors)))?;
    // Memoised layouts of one document are of no use to the next, and would grow without end.
    typst::comemo::evict(0);
    Ok(pdf)
}

/// An official document (decision, proposal, minutes, report, plan) as PDF, laid out as its
/// DOCX is.
pub fn official_pdf(d: &OfficialDoc) -> Result<Vec<u8>, DocumentError> {
    /// The document and the rule lengths the DOCX draws too.
    #[derive(Serialize)]
    struct Data<'a> {
        #[serde(flatten)]
        doc: &'a OfficialDoc,
        rules: crate::layout::Rules,
    }
    let data = Data {
        doc: d,
        rules: crate::layout::rules(d),
    };
    render("official", OFFICIAL, &data, &format!("{} {}", d.kind, d.subject))
}

/// A Giấy khen: what the certificate says, and where anyone can check it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Certificate {
    /// "ỦY BAN NHÂN DÂN"
    pub issuer_parent: String,
    /// "XÃ PHÚ TÂN"
    pub issuer: String,
    /// "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ PHÚ TÂN"
    pub authority_line: String,
    /// "GIẤY KHEN"
    pub title: String,
    /// "Bà Nguyễn Thị Lan" or "Tổ Công nghệ số cộng đồng thôn Đông"
    pub recipient: String,
    /// Position and unit, under the name.
    pub detail: String,
    /// "Đã có thành tích xuất sắc trong phong trào thi đua …"
    pub achievement: String,
    /// "Quyết định số 12/QĐ-UBND ngày 20/12/2026"
    pub decision: String,
    /// "Phú Tân, ngày 20 tháng 12 năm 2026"
    pub place_date: String,
    pub signer_position: String,
    pub signer_name: String,
    /// The public page that confirms the award; printed and encoded in the QR code.
    pub verify_url: String,
    /// "Mã xác minh: 7K3QX9PD"
    pub verify_code: String,
}

#[derive(Serialize)]
struct CertificatePage<'a> {
    #[serde(flatten)]
    certificate: &'a Certificate,
    qr_svg: String,
}

fn qr_svg(url: &str) -> Result<String, DocumentError> {
    let code = qrcode::QrCode::new(url.as_bytes()).map_err(|e| DocumentError::Pdf(format!("mã QR: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .build())
}

/// Certificates in one PDF, one landscape A4 page each, for printing in a batch.
pub fn certificates_pdf(certificates: &[Certificate]) -> Result<Vec<u8>, DocumentError> {
    let pages = certificates
        .iter()
        .map(|c| {
            Ok(CertificatePage {
                certificate: c,
                qr_svg: qr_svg(&c.verify_url)?,
            })
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;
    let title = certificates.first().map(|c| c.title.clone()).unwrap_or_default();
    render("certificate", CERTIFICATE, &pages, &title)
}

#[cfg(test)]
mod tests;
