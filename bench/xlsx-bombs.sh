#!/usr/bin/env bash
# Peak memory of reading hostile workbooks the way an import does (issue #16): each file is
# read by its own process and its VmHWM printed beside the outcome. The bound we state: every
# bomb below is refused and no reading process peaks above 256 MB.
#   bash bench/xlsx-bombs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p thidua-documents --example read_sheet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import sys, zipfile
d = sys.argv[1]
head = {
 "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
 "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
 "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
 "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}
def book(name, sheet, shared=""):
    with zipfile.ZipFile(f"{d}/{name}.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for k, v in head.items(): z.writestr(k, v)
        z.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + sheet + '</sheetData></worksheet>')
        z.writestr("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + shared + '</sst>')
cell = lambda r, t: f'<c r="{r}" t="inlineStr"><is><t>{t}</t></is></c>'
book("1-goc-xa", f'<row r="1">{cell("A1","Tên")}</row><row r="1048576">{cell("XFD1048576","x")}</row>')
book("2-mot-trieu-dong", "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 1_000_001)))
book("3-o-33009-ky-tu", f'<row r="1">{cell("A1","Tên")}</row><row r="2">{cell("B2","a"*33009)}</row>' * 1)
book("4-chuoi-chung-300mb", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "<si><t>" + "a" * 300 * 1024 * 1024 + "</t></si>")
book("5-50000-dong-hop-le", "".join(f'<row r="{r}">{cell(f"A{r}", f"Thôn số {r}")}{cell(f"B{r}", "thon_to_dan_pho")}</row>' for r in range(1, 50_002)))
PY
for f in "$dir"/*.xlsx; do
  target/release/examples/read_sheet "$f" | sed "s|$dir/||"
done
