/*
 * libFuzzer harness for the svcctl stubs and the wait through pending
 * states: the input is what the server answers to the recorded scenario
 * (tests/svcctl_scenario.h); the clock is fake, so waits cost no time.
 *
 * Properties checked (abort() on violation): besides what ASan and UBSan
 * see, a wait that succeeded ends on the state it waited for, and no wait
 * runs past its timeout (the fake clock moves only when slept on).
 *
 * Seeds: fuzz/corpus/svcctl/.  `recorded` is the recording
 * (tests/data/rpc/svcctl.in); the others (tests/gen/gen_rpc_seeds.py)
 * are its answers with some
 * replaced, call ids renumbered to follow, for what the lab's Samba never
 * answers:
 *   wait-pending         STOP_PENDING (check points 1, 2) then STOPPED;
 *                        START_PENDING (1, 2, 3) then RUNNING
 *   wait-stuck           ControlService refused (1061, 1052) with a
 *                        status; PAUSED while waiting for STOPPED;
 *                        START_PENDING stuck at check point 3 past its hint
 *   wait-timeout         STOP_PENDING moving slowly until our 30 s are up;
 *                        state 9; ControlService 1062
 *   wait-continue-pause  CONTINUE_PENDING, PAUSE_PENDING (hints 20 s and
 *                        200 s), then state 0; STOPPED while starting
 *   statuses             QueryServiceStatus cut short, with a byte too
 *                        many, ControlService without its status; WERRORs
 *                        1051, 1053, 1058, 5, and an access-denied fault
 * Built by fuzz/run.sh with the library's sources.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "../tests/replay.h"
#include "../tests/svcctl_scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t fake_ms;

static uint64_t fake_now(void *arg)
{
	(void)arg;
	return fake_ms;
}

static void fake_sleep(void *arg, unsigned ms)
{
	(void)arg;
	fake_ms += ms;
}

static void die(const char *what)
{
	fprintf(stderr, "fuzz_svcctl: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct svc_clock clock = { fake_now, fake_sleep, NULL };
	struct replay r;
	struct rpc_stats st;
	struct rpc_conn c = replay_conn(&r, NULL, 0, data, size, &rpc_svcctl, &st);
	struct scenario s;

	fake_ms = 0;
	scenario_run(&c, true, &clock, &s);
	if ((s.rc[S_WAIT_STOPPED] == 0 && s.stopped.state != SVC_STOPPED) ||
	    (s.rc[S_WAIT_RUNNING] == 0 && s.started.state != SVC_RUNNING))
		die("a wait succeeded on another state");
	/* Each wait's last look is at its deadline, never after it. */
	if (fake_ms > 2 * (uint64_t)SCENARIO_WAIT_MS)
		die("a wait slept past its timeout");
	return 0;
}
