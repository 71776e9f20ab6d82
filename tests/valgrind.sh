#!/bin/sh
# Runs one program of the test suite under valgrind memcheck: a test
# program, the cadcom tool (as $CADCOM), or an interpreter running a binding
# test.  make check-valgrind and setup.sh use it.
#
# A memory error, or a definitely or indirectly lost block that
# tests/valgrind.supp does not suppress, makes it exit 99.  A libtool
# wrapper script is run through libtool ($CADCOM_LIBTOOL, the build tree's), so
# valgrind watches the program and not the shell.  VALGRIND_LOG_DIR, when
# set, collects one log per process instead of writing to stderr.
here=$(cd "$(dirname "$0")" && pwd)
opts="-q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
 --errors-for-leak-kinds=definite,indirect --suppressions=$here/valgrind.supp --num-callers=30
 --child-silent-after-fork=yes"
[ -z "${VALGRIND_LOG_DIR:-}" ] || opts="$opts --log-file=$VALGRIND_LOG_DIR/%p.log"
# --child-silent-after-fork: libtdb (under libsmbclient) forks a child that
# only probes robust mutexes and _exit()s; its leak report would list
# whatever the parent's other threads held at the fork.
# Interpreters allocate through malloc, so valgrind sees their blocks too.
# The binding suites' RSS leak bounds step aside (CADCOM_UNDER_VALGRIND).
export PYTHONMALLOC=malloc PERL_DESTRUCT_LEVEL=2 CADCOM_UNDER_VALGRIND=1
# shellcheck disable=SC2086
case $(head -c 4096 "$1" 2>/dev/null | tr -d '\0') in
*'libtool wrapper'*)
	exec "${CADCOM_LIBTOOL:?set CADCOM_LIBTOOL to the build tree's libtool}" --mode=execute valgrind $opts "$@" ;;
# A test script: what it runs is wrapped through $CADCOM.  A pyenv shim
# lands here too, and its Python runs unwatched: pyenv's builds are not
# valgrind-clean (uninitialised reads in the evaluation loop), so the
# binding tests are watched under Debian's python3 (setup.sh's PYTHON).
'#!'*) exec "$@" ;;
esac
# shellcheck disable=SC2086
exec valgrind $opts "$@"
