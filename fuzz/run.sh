#!/bin/bash
# Builds and runs the libFuzzer harnesses (make fuzz-smoke, fuzz-long,
# fuzz-coverage; doc/SECURITY.md describes the campaigns).
#
#   run.sh smoke    [HARNESS...]  each harness for FUZZ_SECONDS (default 25)
#   run.sh long     [HARNESS...]  each until FUZZ_RUNS executions (default
#                                 10,000,000) or FUZZ_MAX_SECONDS (default 3600)
#   run.sh coverage [HARNESS...]  line coverage of each harness's parser over
#                                 its seeds and the corpus a campaign grew
#
# Environment: SRCDIR (the source tree, default: this script's parent),
# BUILDDIR (a configured build tree, for config.h; default SRCDIR/_build/default),
# OUT (default BUILDDIR/fuzz-out), JOBS, CC (default clang).
# A crash stops the run with exit 1 and the reproducer in OUT/.
set -euo pipefail

mode=${1:-}
shift || true
SRCDIR=$(cd "${SRCDIR:-$(dirname "$0")/..}" && pwd)
BUILDDIR=$(cd "${BUILDDIR:-$SRCDIR/_build/default}" && pwd)
OUT=${OUT:-$BUILDDIR/fuzz-out}
JOBS=${JOBS:-$(nproc)}
CC=${CC:-clang}
[ "$CC" != gcc ] && [ "$CC" != cc ] || CC=clang # libFuzzer is clang's
cd "$SRCDIR"

die() { printf 'fuzz/run.sh: %s\n' "$*" >&2; exit 1; }
[ -f "$BUILDDIR/config.h" ] || die "$BUILDDIR is not a configured build tree (set BUILDDIR)"

# The parser each harness targets: the files (FILE) or functions (FILE:FUNC)
# whose line coverage `coverage` reports.
declare -A TARGETS=(
	[access]="lib/core/access.c lib/core/token.c lib/core/comrights.c"
	[event]="lib/ca/event.c lib/ca/event_xml.c"
	[extdn]="lib/ldap/ad.c:cadcom__ad_ext_dn"
	[hive]="lib/store/hive.c"
	[journal]="lib/apply/journal.c"
	[ldap]="lib/ldap/session.c:session.c:fail,cadcom__ldap_ops,session.c:same_attr,cadcom__ldap_attr_values,session.c:unreadable,session.c:each_entry,session.c:connected,session.c:search_once,cadcom__ldap_search_controls,session.c:next_cookie,cadcom__ldap_search,session.c:range_next,session.c:range_entry,cadcom__ldap_values_ranged,session.c:changed,cadcom__ldap_add,cadcom__ldap_modify,cadcom__ldap_delete,session.c:dse_entry,cadcom__ldap_rootdse,cadcom__ldap_rootdse_clear lib/ldap/ad_open.c:ad_open.c:domain_entry,ad_open.c:dns_of,ad_open.c:new_domain,ad_open.c:partition_entry,ad_open.c:trust_entry,ad_open.c:build_env,ad_open.c:load,cadcom_ad_close lib/ldap/ad.c lib/ldap/ad_dir.c lib/ldap/discover.c lib/ldap/ad_objects.c"
	[plan]="lib/ca/plan_json.c"
	[regfile]="lib/store/regfile_parse.c"
	[rpc]="lib/rpc/ndr.c lib/rpc/pdu.c"
	[sam]="lib/rpc/samr.c lib/rpc/lsarpc.c"
	[sd_binary]="lib/core/sd_binary.c"
	[sddl]="lib/core/sddl_parse.c lib/core/sddl_format.c"
	[snapshot]="lib/store/target.c"
	[svcctl]="lib/rpc/svcctl.c"
	[topology]="lib/ca/topology_json.c"
	[winreg]="lib/rpc/winreg.c"
)

harnesses() {
	if [ $# -gt 0 ]; then
		local h; for h; do [ -f "fuzz/fuzz_$h.c" ] || die "no harness fuzz/fuzz_$h.c"; echo "$h"; done
	else
		local f; for f in fuzz/fuzz_*.c; do f=${f#fuzz/fuzz_}; echo "${f%.c}"; done
	fi
}

# build KIND CFLAGS: the library's sources once per kind, then each harness.
build() {
	local kind=$1 flags=$2 dir=$OUT/$1
	local cflags="-g $flags -Iinclude -I$BUILDDIR/include -I$BUILDDIR -Ilib/core -Ilib/store -DCADCOM_BUILDING_LIBRARY"
	# The test hooks too (fuzz_ldap runs a session on a socket pair).
	cflags+=" -DCADCOM_TEST_HOOKS"
	cflags+=" $(pkg-config --cflags smbclient krb5 ldap)"
	mkdir -p "$dir/obj"
	local srcs=(lib/core/*.c lib/store/*.c lib/ca/*.c lib/rpc/*.c lib/auth/*.c lib/ldap/*.c lib/apply/*.c) src objs=()
	for src in "${srcs[@]}"; do
		objs+=("$dir/obj/$(echo "$src" | tr / _).o")
	done
	printf '%s\n' "${srcs[@]}" |
		xargs -P "$JOBS" -I{} sh -c "$CC $cflags -c {} -o $dir/obj/\$(echo {} | tr / _).o"
	local h
	for h in "${HARNESS[@]}"; do
		"$CC" $cflags -fsanitize=fuzzer "fuzz/fuzz_$h.c" "${objs[@]}" -ljansson \
			$(pkg-config --libs smbclient krb5 ldap lber libsasl2 hivex) -lpthread -o "$dir/fuzz_$h"
	done
}

SANITIZE="-O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"

# Inputs as long as the longest seed (a recorded RPC session is 11 KB).
max_len() {
	local n; n=$(find "fuzz/corpus/$1" -type f -printf '%s\n' | sort -n | tail -1)
	[ "${n:-0}" -gt 4096 ] && echo "$n" || echo 4096
}

# run HARNESS LOG libFuzzer-options...: the seeds and OUT/corpus/HARNESS,
# new inputs kept in the latter.
run() {
	local h=$1 log=$2; shift 2
	mkdir -p "$OUT/corpus/$h"
	if ! "$OUT/asan/fuzz_$h" -max_len="$(max_len "$h")" -print_final_stats=1 -artifact_prefix="$OUT/" "$@" \
		"$OUT/corpus/$h" "fuzz/corpus/$h" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "fuzz_$h found a crash (reproducer: $OUT/crash-*; log: $log)"
	fi
}

stat_of() { grep -o "$1: [0-9]*" "$2" | tail -1 | awk '{print $2}'; }

mapfile -t HARNESS < <(harnesses "$@")
case "$mode" in
smoke)
	build asan "$SANITIZE"
	s=${FUZZ_SECONDS:-25}
	# JOBS harnesses at a time, each on one core.
	smoke1() {
		run "$1" "$OUT/fuzz_$1.log" -max_total_time="$s" &&
			echo "fuzz_$1: $(stat_of number_of_executed_units "$OUT/fuzz_$1.log") runs in ${s}s, no crash"
	}
	failed=0 running=0
	for h in "${HARNESS[@]}"; do
		if [ "$running" -ge "$JOBS" ]; then
			wait -n || failed=1
			running=$((running - 1))
		fi
		smoke1 "$h" &
		running=$((running + 1))
	done
	while [ "$running" -gt 0 ]; do
		wait -n || failed=1
		running=$((running - 1))
	done
	[ "$failed" -eq 0 ] || die "a harness found a crash (above)"
	;;
long)
	build asan "$SANITIZE"
	runs=${FUZZ_RUNS:-10000000} max=${FUZZ_MAX_SECONDS:-3600}
	for h in "${HARNESS[@]}"; do
		start=$SECONDS
		run "$h" "$OUT/fuzz_$h.long.log" -runs="$runs" -max_total_time="$max"
		line="fuzz_$h: $(stat_of number_of_executed_units "$OUT/fuzz_$h.long.log") runs in $((SECONDS - start))s"
		line+=", corpus $(find "$OUT/corpus/$h" -type f | wc -l) inputs, no crash"
		echo "$line" | tee -a "$OUT/long.txt"
	done
	;;
coverage)
	build cov "-O0 -fprofile-instr-generate -fcoverage-mapping -fsanitize=fuzzer-no-link"
	prof=$OUT/cov/profiles
	for h in "${HARNESS[@]}"; do
		rm -rf "${prof:?}/$h" && mkdir -p "$prof/$h" "$OUT/corpus/$h"
		# -runs=0: each input once.  A harness answering a scenario may print.
		LLVM_PROFILE_FILE="$prof/$h/%p.profraw" "$OUT/cov/fuzz_$h" -runs=0 \
			"$OUT/corpus/$h" "fuzz/corpus/$h" >"$OUT/cov/fuzz_$h.log" 2>&1 ||
			die "coverage run of fuzz_$h failed (log: $OUT/cov/fuzz_$h.log)"
		llvm-profdata merge -sparse "$prof/$h"/*.profraw -o "$prof/$h.profdata"
		[ -n "${TARGETS[$h]:-}" ] || die "no coverage target listed for $h"
		for t in ${TARGETS[$h]}; do
			if [ "$t" != "${t%%:*}" ]; then
				# FILE:FUNC[,FUNC...]: those functions' lines, summed.
				llvm-cov report -show-functions "$OUT/cov/fuzz_$h" -instr-profile="$prof/$h.profdata" "${t%%:*}" |
					awk -v h="$h" -v t="$t" -v list="${t#*:}" '
					BEGIN { n = split(list, f, ","); for (i = 1; i <= n; i++) want[f[i]] = 1 }
					($1 in want) { lines += $5; missed += $6; found++ }
					END { if (found != n) { printf "fuzz_%s: %s: %d of %d functions found\n", h, t, found, n; exit 1 }
					      printf "fuzz_%s: %s lines %d/%d = %.2f%%\n", h, t, lines - missed, lines, 100 * (lines - missed) / lines }'
			else
				llvm-cov report "$OUT/cov/fuzz_$h" -instr-profile="$prof/$h.profdata" "$t" |
					awk -v h="$h" -v t="$t" '$1 == "TOTAL" { printf "fuzz_%s: %s lines %d/%d = %s\n", h, t, $8 - $9, $8, $10 }'
			fi
		done
	done
	;;
*) die "usage: run.sh smoke|long|coverage [HARNESS...]" ;;
esac
