/*
 * libFuzzer harness for the svcctl stubs and the wait through pending
 * states: the input is what the server answers to the recorded scenario
 * (tests/svcctl_scenario.h); the clock is fake, so waits cost no time.
 * Seed: fuzz/corpus/svcctl/, the recording.  Built by setup.sh with the
 * library's sources.
 */
#include <stdint.h>
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct svc_clock clock = { fake_now, fake_sleep, NULL };
	struct replay r;
	struct rpc_stats st;
	struct rpc_conn c = replay_conn(&r, NULL, 0, data, size, &rpc_svcctl, &st);
	struct scenario s;

	fake_ms = 0;
	scenario_run(&c, true, &clock, &s);
	return 0;
}
