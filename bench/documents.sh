#!/usr/bin/env bash
# Document generation (issue #6): a chairman's decision with a 200-person annex as DOCX and as
# PDF, and 1,000 Giấy khen in one PDF, timed in-process over ROUNDS runs after a warm-up
# (release build). For reference, the same run times LibreOffice converting our DOCX to PDF,
# the route a clerk would otherwise take, and checks every file with pdftotext.
#
#   bash bench/documents.sh            # ROUNDS=20 by default
#   ROUNDS=50 bash bench/documents.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROUNDS="${ROUNDS:-20}"
OUT="bench/out/documents-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
{
  echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "cores: $(nproc)"; echo "rustc: $(rustc --version)"
  command -v soffice >/dev/null && soffice --version 2>/dev/null | head -n 1 || true
} >"$OUT/env.txt"

cargo build --release -q -p thidua-documents --example bench_documents
target/release/examples/bench_documents "$OUT" "$ROUNDS" | tee "$OUT/results.md"

if command -v soffice >/dev/null && command -v pdftotext >/dev/null; then
  echo
  echo "Reference: LibreOffice converting the same DOCX to PDF (3 runs, a warm profile):"
  profile="file://$(pwd)/$OUT/lo-profile"
  soffice "-env:UserInstallation=$profile" --headless --convert-to pdf --outdir "$OUT/lo" "$OUT/quyet-dinh-200.docx" >/dev/null 2>&1
  for i in 1 2 3; do
    start=$(date +%s%N)
    soffice "-env:UserInstallation=$profile" --headless --convert-to pdf --outdir "$OUT/lo" "$OUT/quyet-dinh-200.docx" >/dev/null 2>&1
    echo "  run $i: $(( ($(date +%s%N) - start) / 1000000 )) ms (whole process, start-up included)"
  done | tee -a "$OUT/results.md"
  for f in quyet-dinh-200.pdf giay-khen-1000.pdf lo/quyet-dinh-200.pdf; do
    pages=$(pdfinfo "$OUT/$f" | awk '/^Pages:/ {print $2}')
    echo "  $f: $pages pages, $(pdftotext -enc UTF-8 "$OUT/$f" - | grep -c 'Mã xác minh\|710.000') lines with a code or an amount"
  done | tee -a "$OUT/results.md"
else
  echo "(LibreOffice or poppler-utils missing: reference skipped)"
fi
echo "saved in $OUT"
