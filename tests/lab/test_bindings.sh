#!/bin/bash
# The bindings against the lab DC: an audit and an apply (then a rollback)
# through Python — under Debian's interpreter and the python3 first on PATH
# — and through Perl.  Run by tests/lab/run.sh (inside the lab's namespace,
# with its environment); make check-lab sets PYTHON, PYTHONPATH and the Perl
# module directory (CADCOM_PERL_DIR); a binding that was not built is
# skipped with a line that says so.  TEST_WRAPPER (make check-valgrind-lab)
# runs each interpreter under it.
set -uo pipefail
here=$(dirname "$0")
: "${CADCOM:?}"
rc=0
if [ -n "${PYTHON:-}" ] && [ -f "${PYTHONPATH:-}/cadcom.py" ]; then
	pythons=("$PYTHON")
	other=$(command -v python3)
	[ -n "$other" ] && [ "$other" != "$PYTHON" ] && pythons+=("$other")
	for py in "${pythons[@]}"; do
		echo "--- python: $py"
		${TEST_WRAPPER:+"$TEST_WRAPPER"} "$py" "$here/test_bindings_lab.py" || rc=1
	done
else
	echo "--- python: not built, skipped"
fi
if [ -f "${CADCOM_PERL_DIR:-}/Cadcom.pm" ]; then
	echo "--- perl"
	prove --exec "${TEST_WRAPPER:+$TEST_WRAPPER }perl -I$CADCOM_PERL_DIR" "$here/test_bindings_lab.t" || rc=1
else
	echo "--- perl: not built, skipped"
fi
exit $rc
