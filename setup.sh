#!/bin/bash
# libcadcom's two entry points (README.md):
#   ./setup.sh demo   install build dependencies, build, audit and plan the embedded example
#   ./setup.sh test   install test dependencies, build, run every test:
#                     unit + CLI + Python + Perl, integration against a Samba AD DC
#                     (tests/lab/), ASan+UBSan, valgrind over both suites, fuzz smoke,
#                     ABI gate (and proof that it bites), exported-symbol check,
#                     make distcheck
# Environment: PYTHON (default /usr/bin/python3), FUZZ_SECONDS (default 10),
# JOBS (default: number of cores).  Build trees go to _build/.
set -euo pipefail
cd "$(dirname "$0")"
top=$PWD
PYTHON=${PYTHON:-/usr/bin/python3}
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
JOBS=${JOBS:-$(nproc)}

BUILD_PKGS="build-essential autoconf automake libtool pkg-config libcunit1-dev libjansson-dev swig python3-dev perl
	libsmbclient-dev libkrb5-dev libldap-dev libsasl2-dev libhivex-dev"
# The lab (tests/lab/lab.sh): a Samba AD DC; samba-ad-provision is only
# recommended by samba-ad-dc, and we install without recommends.
LAB_PKGS="samba samba-ad-dc samba-ad-provision winbind smbclient samba-common-bin krb5-user
	ldap-utils ldb-tools iproute2 libsasl2-modules-gssapi-mit"
# hivexregedit (libwin-hivex-perl) reads the test hives back independently;
# python3-samba and python3-impacket are the peers bench/ compares with.
TEST_PKGS="$BUILD_PKGS clang libclang-rt-dev llvm valgrind abigail-tools python3-samba python3-impacket libwin-hivex-perl
	$LAB_PKGS"

say() { printf '\n=== %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 2; }

install_pkgs() {
	local missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})"
	say "installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Package scripts must not start the system's own samba: a policy-rc.d
	# that refuses, only when there is none, removed again afterwards.
	local policy=/usr/sbin/policy-rc.d ours=false
	if [ ! -e "$policy" ]; then
		printf '#!/bin/sh\n# setup.sh: no service starts while installing\nexit 101\n' >"$policy"
		chmod 755 "$policy"
		ours=true
	fi
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	if $ours; then rm -f "$policy"; fi
}

# configure + build in _build/NAME with extra configure arguments.
build() {
	local name=$1; shift
	[ -x configure ] || autoreconf -fi >/dev/null
	mkdir -p "_build/$name"
	(cd "_build/$name" && { [ -f Makefile ] || "$top/configure" -q "$@"; } && make -s -j"$JOBS")
}

stage() { # name, command...
	local name=$1 t0=$SECONDS; shift
	say "$name"
	"$@"
	printf -- '--- %s: ok (%ds)\n' "$name" $((SECONDS - t0))
}

demo() {
	install_pkgs $BUILD_PKGS
	build default --enable-werror PYTHON="$PYTHON" >/dev/null
	local cadcom="_build/default/tools/cadcom/cadcom" ex=examples/forest out=_build/demo
	mkdir -p "$out"
	say "The embedded example ($ex): contoso.test with its Windows Server 2003 SP1 CA on DC1;"
	echo "fabrikam.test in the same forest and northwind.test (external trust) enrol, and so do"
	echo "domain controllers.  before.json is the CA's state: the seed's failures (KB 903220)."
	say "cadcom audit: what is wrong, layer by layer"
	"$cadcom" audit --topology "$ex/topology.json" --target "json:$ex/before.json" || [ $? -eq 1 ]
	say "cadcom plan: the changes, with a .reg file to apply and one to revert"
	"$cadcom" plan --topology "$ex/topology.json" --target "json:$ex/before.json" \
		--reg-out "$out/forward.reg" --revert-out "$out/revert.reg" | sed -n '/^Actions/,$p' || true
	echo "wrote $out/forward.reg and $out/revert.reg (UTF-16LE, as regedit writes them)"
	say "cadcom why: every layer a failing domain controller and a fabrikam computer cross"
	"$cadcom" why --topology "$ex/topology.json" --target "json:$ex/before.json" --enrollee 'CONTOSO\DC2$' || true
	"$cadcom" why --topology "$ex/topology.json" --target "json:$ex/before.json" --enrollee 'FABRIKAM\WS01$' || true
	say "cadcom diagnose: AutoEnrollment event 13 ($ex/event13.txt) explained"
	"$cadcom" diagnose "$ex/event13.txt" --topology "$ex/topology.json" --target "json:$ex/before.json" || true
	say "The same plan from Windows' defaults for a 2008-and-later CA on a DC (no target)"
	"$cadcom" plan --role dc --generation 2008 --domain contoso.test=S-1-5-21-1-2-3 |
		sed -n '/^Actions/,$p' || true
	say "One descriptor explained: the 2003 SP1 machine launch restriction"
	echo 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)' |
		"$cadcom" sddl explain
}

unit_tests() {
	(cd _build/default && make -s -j"$JOBS" check) || { cat _build/default/tests/*.log >&2; return 1; }
	# The Perl suite once more the way Perl people run it.
	(cd _build/default && make -s check-perl)
}

sanitizers() {
	# The bindings stay out: an instrumented module cannot load into an
	# uninstrumented interpreter.
	build asan --disable-python --disable-perl --enable-werror CC=gcc \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
	(cd _build/asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		make -s -j"$JOBS" check) || { cat _build/asan/tests/*.log >&2; return 1; }
}

# valgrind memcheck over the unit and integration suites: every native test
# program, the cadcom tool and the binding tests' interpreters
# (tests/valgrind.sh; suppressions with their reasons in tests/valgrind.supp).
valgrind_tests() {
	(cd _build/default && make -s -j"$JOBS" check-valgrind) || { cat _build/default/test-suite.log >&2; return 1; }
}
# The lab DC (tests/lab/): the integration tests of the remote back-ends,
# each under valgrind memcheck (every assertion runs as natively; make
# check-lab runs them without it).  run.sh stops the lab whatever happens.
valgrind_lab() { (cd _build/default && make -s check-valgrind-lab); }

fuzz_smoke() { (cd _build/default && make -s fuzz-smoke FUZZ_SECONDS="$FUZZ_SECONDS"); }

abi_gate() {
	local dest=$top/_build/install
	rm -rf "$dest"
	(cd _build/default && make -s install DESTDIR="$dest" >/dev/null)
	CADCOM_ABI_CURRENT=_build/current.abi abi/check.sh "$(ls "$dest"/usr/local/lib/libcadcom.so.*.*.*)" \
		"$dest/usr/local/include/cadcom"
	# ...and the gate bites: a changed signature fails it, an added function
	# does not (each in a scratch copy).
	tests/abi_gate_proof.sh _build/default
}


python_both() {
	# The module is built for $PYTHON; CPython 3.11 from pyenv loads the same ABI.
	local other; other=$(command -v python3)
	[ "$other" != "$PYTHON" ] && [ -x "$other" ] || return 0
	(cd _build/default && make -s check TESTS="bindings/python/test_smoke.py bindings/python/test_cadcom.py" PYTHON_TEST_INTERPRETER="$other") ||
		die "python smoke test failed under $other"
	echo "python smoke test passed under $other too"
}

distcheck() { (cd _build/default && make -s distcheck DISTCHECK_CONFIGURE_FLAGS="PYTHON=$PYTHON" >/dev/null); echo "distcheck passed"; }

tests() {
	install_pkgs $TEST_PKGS
	stage "build" build default --enable-werror PYTHON="$PYTHON"
	stage "unit, CLI and Python tests" unit_tests
	stage "python under the other interpreter" python_both
	stage "ASan+UBSan build and tests" sanitizers
	stage "valgrind memcheck: unit, CLI and binding tests" valgrind_tests
	stage "integration tests against the Samba lab, under valgrind memcheck" valgrind_lab
	stage "fuzz smoke (${FUZZ_SECONDS}s per harness)" fuzz_smoke
	stage "exported symbols and ABI gate" abi_gate
	stage "make distcheck" distcheck
	say "all checks passed"
}

case "${1:-}" in
demo) demo ;;
test) tests ;;
*) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac
