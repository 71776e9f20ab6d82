#!/bin/bash
# Run integration tests against the lab: start it (unless it already runs),
# run each test inside its network namespace with its environment, and
# stop it again whatever happens — a failing test, Ctrl-C or a kill.
# TEST_WRAPPER, when set, runs each test under it (tests/valgrind.sh).
# Exit 0 when every test passed.
set -uo pipefail
lab=$(cd "$(dirname "$0")" && pwd)/lab.sh
ours=false
if ! "$lab" status >/dev/null 2>&1; then
	ours=true
	trap '"$lab" stop >/dev/null 2>&1' EXIT
	trap 'exit 130' INT TERM
	"$lab" start || exit 2
fi
rc=0
for t in "$@"; do
	echo "=== lab: $(basename "$t")"
	t0=$SECONDS
	if "$lab" exec ${TEST_WRAPPER:+"$TEST_WRAPPER"} "$t"; then
		echo "--- ok: $(basename "$t") ($((SECONDS - t0))s)"
	else
		echo "--- FAILED: $(basename "$t") ($((SECONDS - t0))s)"
		rc=1
	fi
done
$ours || echo "(the lab was running before; left running)"
exit $rc
