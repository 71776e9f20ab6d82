#!/bin/bash
# Proof that the ABI gate (abi/check.sh, run by setup.sh's abi_gate) bites:
#
#   tests/abi_gate_proof.sh BUILDDIR
#
# BUILDDIR is a configured and built tree inside its source tree (e.g.
# _build/default).  In a scratch directory the
# source and build trees are copied once per case, keeping their layout and file
# times, so `make lib/libcadcom.la` recompiles only what changed; then
#   (a) a public function's signature changes (cadcom_error_name gets a
#       second parameter, in error.h and error.c; it has no internal
#       callers): the gate must FAIL;
#   (b) a public function is added (cadcom_error_is_remote, declared with
#       CADCOM_EXTERN in error.h, defined in error.c): the gate must PASS,
#       reporting compatible additions;
#   (c) for contrast only (not part of the verdict): cadcom_error_name
#       removed, which abidiff classifies as incompatible (bit 8).
# Each modified library and its headers are installed into a DESTDIR and
# checked with abi/check.sh against abi/libcadcom.abi.  Exit 0 only if (a)
# failed and (b) passed.  Nothing outside the scratch directory is written.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 BUILDDIR" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
check=$here/abi/check.sh
baseline=$here/abi/libcadcom.abi
build=$(cd "$1" && pwd)
[ -f "$build/Makefile" ] && [ -f "$build/lib/libcadcom.la" ] ||
	{ echo "$0: $build is not a built libcadcom tree (no Makefile or lib/libcadcom.la)" >&2; exit 2; }
# The source tree: top_srcdir, relative (../.., configure run as
# ../../configure) or absolute (setup.sh runs it by its full path).
top_srcdir=$(sed -n 's/^top_srcdir = //p' "$build/Makefile")
src=$(cd "$build" && cd "$top_srcdir" && pwd)
rel_build=${build#"$src"/}   # e.g. _build/default
[ "$rel_build" != "$build" ] || { echo "$0: $build is not inside its source tree $src" >&2; exit 2; }
MAKE=${MAKE:-make}

now_ms() { echo $(($(date +%s%N) / 1000000)); }
since() { local ms=$(($(now_ms) - $1)); printf '%d.%02ds' $((ms / 1000)) $((ms % 1000 / 10)); }
t0=$(now_ms)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/abi-gate-proof.XXXXXX")
if [ -n "${ABI_PROOF_KEEP:-}" ]; then trap 'echo "kept $scratch"' EXIT   # for debugging
else trap 'rm -rf "$scratch"' EXIT; fi
echo "source $src, build tree $rel_build, scratch $scratch"

# copy NAME: the source tree (without .git and build trees) and the build
# tree (without what lib/libcadcom.la and its install do not need) into
# $scratch/NAME, file times kept to the nanosecond (pax format), and the
# build tree's absolute paths pointed at the copy.
copy() {
	local dst=$scratch/$1/src
	mkdir -p "$dst/$rel_build"
	tar -C "$src" --format=posix --exclude=./.git --exclude=./_build --exclude=./autom4te.cache -cf - . |
		tar -C "$dst" -xf -
	# Build tree: top-level files, lib/ (without the test library's objects),
	# include/, pkgconfig/, and every dependency directory (the Makefile
	# includes all of them).
	(cd "$build" && {
		find . -maxdepth 1 -type f ! -name '*.tar.gz' -print0
		find lib include pkgconfig -name 'libcadcom_test*' -prune -o ! -type d -print0
		find . -path '*/.deps/*' -print0
	}) | tar -C "$build" --format=posix --null --no-recursion -T - -cf - |
		tar -C "$dst/$rel_build" -xf -
	local f
	for f in Makefile config.status; do
		sed "s|$src|$scratch/$1/src|g" "$dst/$rel_build/$f" >"$dst/$rel_build/$f.new"
		touch -r "$dst/$rel_build/$f" "$dst/$rel_build/$f.new"
		chmod --reference="$dst/$rel_build/$f" "$dst/$rel_build/$f.new"
		mv "$dst/$rel_build/$f.new" "$dst/$rel_build/$f"
	done
}

# edit FILE PYTHON-EXPR: rewrite FILE with a Python expression on `s`
# (the text), failing if nothing changed.
edit() {
	python3 - "$1" "$2" <<'EOF'
import sys
path, expr = sys.argv[1], sys.argv[2]
s = open(path).read()
new = eval(expr)
if new == s:
    sys.exit(f"edit: {path}: no change")
open(path, "w").write(new)
EOF
}

# build_and_check NAME: rebuild the copy's library, install it with its
# headers into a DESTDIR and run the gate; prints the gate's output, returns
# its status.
#
# Every library source includes every public header (lib/core/internal.h
# includes cadcom/cadcom.h), so an edited header would recompile all ~50
# files.  The edits here only touch declarations no other source uses
# (checked before building), so make is told to assume the header old
# (-o): only the edited .c file recompiles.  ABI_PROOF_FULL_DEPS=1 honours
# the header dependency instead (slower, same result).
build_and_check() {
	local b=$scratch/$1/src/$rel_build dest=$scratch/$1/inst log=$scratch/$1/make.log
	local t; t=$(now_ms)
	local assume_old=(-o "$top_srcdir/$inc")
	case $top_srcdir in /*) assume_old=(-o "$scratch/$1/src/$inc") ;; esac
	[ -z "${ABI_PROOF_FULL_DEPS:-}" ] || assume_old=()
	if ! (cd "$b" && $MAKE -j1 "${assume_old[@]}" lib/libcadcom.la &&
		$MAKE -j1 "${assume_old[@]}" install-libLTLIBRARIES install-cadcomincludeHEADERS install-nodist_cadcomincludeHEADERS \
			DESTDIR="$dest") >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo "($1: the modified library did not build)" >&2
		return 3
	fi
	local cc; cc=$(sed -n 's/^ *CC  *\(.*\)\.lo$/\1/p' "$log" | sed 's/libcadcom_la-//' | tr '\n' ' ')
	echo "[$1] rebuilt in $(since "$t"): compiled $(echo $cc | wc -w) file(s) [${cc% }], relinked, installed"
	local lib; lib=$(ls "$dest"/usr/local/lib/libcadcom.so.*.*.*)
	echo "[$1] abi/check.sh ${lib#"$scratch"/} ${dest#"$scratch"/}/usr/local/include/cadcom"
	local rc
	set +e
	CADCOM_ABI_CURRENT=$scratch/$1/current.abi "$check" "$lib" "$dest/usr/local/include/cadcom" "$baseline" 2>&1 |
		sed 's/^/    | /'
	rc=${PIPESTATUS[0]}
	set -e
	return "$rc"
}

# show_diff NAME: what NAME changed in the source (diff exits 1 on changes).
show_diff() { (cd "$scratch/$1/src" && { diff -u "$src/$inc" "$inc"; diff -u "$src/$c" "$c"; } || true); }

# only_user NAME FUNCTION: no library source but the edited one mentions
# FUNCTION (what lets build_and_check skip recompiling the others).
only_user() {
	local users; users=$(cd "$scratch/$1/src" && grep -rlw "$2" lib --include='*.[ch]' | grep -vx "$c" || true)
	[ -z "$users" ] || { echo "$0: $2 is also used by: $users" >&2; exit 2; }
}

inc=include/cadcom/error.h c=lib/core/error.c
copy a
copy b
copy c
echo "copied source + build tree three times in $(since "$t0")"

echo
echo "=== (a) signature change: const char *cadcom_error_name(int code) -> (int code, int flags)"
edit "$scratch/a/src/$inc" "s.replace('const char *cadcom_error_name(int code);', 'const char *cadcom_error_name(int code, int flags);')"
edit "$scratch/a/src/$c" "s.replace('const char *cadcom_error_name(int code)\n{\n', 'const char *cadcom_error_name(int code, int flags)\n{\n\t(void)flags;\n')"
show_diff a | sed -n '/^[-+][^-+]/s/^/    /p'
only_user a cadcom_error_name
rc_a=0; build_and_check a || rc_a=$?
echo "[a] gate exit status: $rc_a"

echo
echo "=== (b) addition: int cadcom_error_is_remote(int code)"
edit "$scratch/b/src/$inc" "s.replace('CADCOM_EXTERN const char *cadcom_error_name(int code);\n', 'CADCOM_EXTERN const char *cadcom_error_name(int code);\n\n/** Whether a code is one of the remote-target errors (CADCOM_EPROTO..CADCOM_EIO). */\nCADCOM_EXTERN int cadcom_error_is_remote(int code);\n')"
edit "$scratch/b/src/$c" "s + '\nint cadcom_error_is_remote(int code)\n{\n\treturn code <= CADCOM_EPROTO && code >= CADCOM_EIO;\n}\n'"
show_diff b | sed -n '/^[-+][^-+]/s/^/    /p'
only_user b cadcom_error_is_remote
rc_b=0; build_and_check b || rc_b=$?
echo "[b] gate exit status: $rc_b"

echo
echo "=== (c) for contrast, not part of the verdict: cadcom_error_name removed"
edit "$scratch/c/src/$inc" "s.replace('\n/** A short English name for an error code (\"parse error\", ...). */\nCADCOM_EXTERN const char *cadcom_error_name(int code);\n', '')"
edit "$scratch/c/src/$c" "s[:s.index('const char *cadcom_error_name(int code)\n')] + s[s.index('\n}\n', s.index('const char *cadcom_error_name(int code)\n')) + 3:]"
show_diff c | sed -n '/^[-+][^-+]/s/^/    /p' | sed -n '1,4p;$p' | sed '4a\    ...'
only_user c cadcom_error_name
rc_c=0; build_and_check c || rc_c=$?
echo "[c] gate exit status: $rc_c"

echo
ok=true
if [ "$rc_a" -eq 1 ]; then echo "PASS (a): the gate rejected the changed signature (exit 1)"
else echo "FAIL (a): the gate did not reject the changed signature (exit $rc_a)"; ok=false; fi
if [ "$rc_b" -eq 0 ]; then echo "PASS (b): the gate accepted the added function (exit 0)"
else echo "FAIL (b): the gate rejected the added function (exit $rc_b)"; ok=false; fi
echo "(c) removal, for contrast: gate exit $rc_c"
echo "wall time: $(since "$t0")"
$ok
