#!/bin/bash
# The ABI gate (setup.sh's abi_gate, after its install step), for any copy of
# the library:
#
#   abi/check.sh LIBRARY.so HEADERS_DIR [BASELINE]
#
# LIBRARY.so   the installed libcadcom.so.X.Y.Z to check
# HEADERS_DIR  its installed public headers (.../include/cadcom)
# BASELINE     abidw output to compare with; default: libcadcom.abi beside
#              this script
#
# Checks that only cadcom_* functions at CADCOM_1.0 (and the version node)
# are exported, writes the library's current ABI with abidw to
# $CADCOM_ABI_CURRENT (default: a temporary file, removed at exit), then runs
# abidiff against BASELINE.  What fails the gate is an incompatible change:
# a removed export (abidiff's bit 8), and a changed one.  For C, abidiff
# sets only bit 4 ("ABI change, needs review") for a changed signature, the
# same bit as for an added function, so a second abidiff that ignores
# additions tells them apart: any change it still reports fails.  Type
# changes our versioning makes compatible (members appended to a versioned
# options struct) are suppressed by libcadcom.abignore beside this script,
# each rule with its reason.  Additions pass with a note.
#
# Exit status: 0 compatible (identical or compatible additions);
#              1 incompatible ABI change, or unexpected exported symbols;
#              2 usage error, or abidw/abidiff failed to run.
set -euo pipefail

me=abi/check.sh
die() { printf '%s: %s\n' "$me" "$2" >&2; exit "$1"; }

[ $# -ge 2 ] && [ $# -le 3 ] || { echo "usage: $0 LIBRARY.so HEADERS_DIR [BASELINE]" >&2; exit 2; }
lib=$1 headers=$2
baseline=${3:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/libcadcom.abi}
base=${3:-abi/libcadcom.abi}   # as messages name it
[ -f "$lib" ] || die 2 "no such library: $lib"
[ -d "$headers" ] || die 2 "no such headers directory: $headers"
[ -f "$baseline" ] || die 2 "no such baseline: $baseline"

# Only cadcom_* functions at CADCOM_1.0 and the version node are exported.
bad=$(nm -D --defined-only "$lib" | awk '{print $3}' |
	grep -Ev '^cadcom_[a-z0-9_]+@@CADCOM_1\.0$|^CADCOM_1\.0$' || true)
[ -z "$bad" ] || die 1 "unexpected exported symbols: $bad"
echo "exports: $(nm -D --defined-only "$lib" | grep -c '@@CADCOM_1.0') symbols, all cadcom_*@@CADCOM_1.0"

current=${CADCOM_ABI_CURRENT:-}
if [ -z "$current" ]; then
	current=$(mktemp "${TMPDIR:-/tmp}/cadcom-current.XXXXXX.abi")
	trap 'rm -f "$current"' EXIT
fi
abidw --no-corpus-path --headers-dir "$headers" "$lib" >"$current" || die 2 "abidw failed on $lib"

ignore=$(dirname "${BASH_SOURCE[0]}")/libcadcom.abignore
set +e
abidiff --suppressions "$ignore" --headers-dir2 "$headers" "$baseline" "$lib"
rc=$?
abidiff --no-added-syms --suppressions "$ignore" --headers-dir2 "$headers" "$baseline" "$lib" >/dev/null
changed=$?
set -e
[ $((rc & 3)) -eq 0 ] && [ $((changed & 3)) -eq 0 ] || die 2 "abidiff failed ($rc, $changed)"
[ $((rc & 8)) -eq 0 ] && [ $((changed & 12)) -eq 0 ] ||
	die 1 "ABI: incompatible change against $base (a removed or changed export; bump the soname and the baseline on purpose, with a reason)"
[ $((rc & 4)) -eq 0 ] || echo "ABI: compatible additions; refresh $base from ${CADCOM_ABI_CURRENT:-the current abidw output} in the same commit"
echo "ABI: compatible with $base"
