/*
 * libFuzzer harness for the samr and lsarpc stubs: the input's first byte
 * picks the session (even: samr, odd: lsarpc, as recorded in
 * tests/data/rpc/), the rest is what the server answers to it
 * (tests/sam_scenario.h).  Seeds: fuzz/corpus/sam/, the recordings with
 * their selector byte.  Built by setup.sh with the library's sources.
 */
#include <stdint.h>
#include "../tests/replay.h"
#include "../tests/sam_scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replay r;
	struct rpc_stats st;
	struct rpc_conn c;

	if (!size)
		return 0;
	if (data[0] % 2 == 0) {
		struct samr_scenario s;

		c = replay_conn(&r, NULL, 0, data + 1, size - 1, &rpc_samr, &st);
		samr_scenario_run(&c, true, &s);
		samr_scenario_free(&s);
	} else {
		struct lsa_scenario s;

		c = replay_conn(&r, NULL, 0, data + 1, size - 1, &rpc_lsarpc, &st);
		lsa_scenario_run(&c, true, &s);
		lsa_scenario_free(&s);
	}
	return 0;
}
