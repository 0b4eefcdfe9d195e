#!/bin/bash
# Counts of the house's habits (issue #17), for a note's before and after: run from a
# checkout's root, `bash docs/house-counts.sh`. Greps, so they count lines, not meaning.
set -u
cd "${1:-.}"
count() { grep -rhoE "$@" | wc -l; }
echo "status/form/recipient/kind literals compared in templates: $(count '\.(status|form|recipient|kind) (==|!=) "[a-z_]+"' crates/web/templates)"
echo "status literals in store SQL: $(count "status (=|<>|!=) '[a-z_]+'|status IN \(" crates/store/src)"
echo "parse(..) with a silent unwrap_or/map_or: $(grep -rhE '(parse|from_code)\([^)]*\)\s*\.(unwrap_or|unwrap_or_default|map_or)' crates/app/src crates/web/src crates/store/src | wc -l)"
echo "hand-written unit filters in app: $(count '\.(filter|find)\(\|[a-z]+\| [a-z]+\.unit_id == unit_id' crates/app/src)"
echo "store opened for a tenant outside app/src/doors.rs: $(grep -rlE 'store\s*\.\s*(scope|reader)\(' crates/app/src | grep -v doors.rs | xargs -r grep -hoE 'store\s*\.\s*(scope|reader)\(' | wc -l)"
echo "hand CSRF checks in handlers: $(grep -rh 'check_csrf(&ctx' crates/web/src | wc -l)"
echo "append(..) written out in store: $(grep -rhE '^\s+append\(' crates/store/src | wc -l)"
echo "per-page template helper methods: $(grep -rhE '    fn (form_name|recipient_label|dmy|money|when|stage_label|occasion_label|kind_label|size)\(&self' crates/web/src | wc -l)"
echo "tests in the app crate: $(grep -rh '#\[test\]\|#\[tokio::test\]' crates/app | wc -l)"
echo "largest source files:"; find crates -name '*.rs' -path '*/src/*' | xargs wc -l | sort -n | tail -4 | head -3
