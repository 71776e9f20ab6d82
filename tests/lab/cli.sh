# Sourced by the CLI lab tests: a scratch directory, and check/contains,
# which count what they check and report what failed.
: "${CADCOM:?}" "${CADCOM_LAB_HOST:?}"
tmp=$(mktemp -d)
fails=0 checks=0
trap 'rm -rf "$tmp"' EXIT

check() { # name, expected exit, command...
	local name=$1 want=$2 got; shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"; got=$?
	checks=$((checks + 1))
	if [ "$got" != "$want" ]; then
		echo "FAIL: $name: exit $got, wanted $want"; cat "$tmp/out" "$tmp/err"; fails=$((fails + 1))
		return 1
	fi
}
contains() { # name, file, text
	checks=$((checks + 1))
	grep -qF -- "$3" "$2" || { echo "FAIL: $1: no \"$3\" in:"; cat "$2"; fails=$((fails + 1)); }
}
