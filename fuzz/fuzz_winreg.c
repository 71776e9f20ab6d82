/*
 * libFuzzer harness for the winreg stubs and the call loop: the input is
 * what the server answers to the recorded session (tests/rpc_scenario.h);
 * every call decodes hostile answers, fragments included.  ASan and UBSan
 * watch reads, LeakSanitizer the error paths.  Seed: fuzz/corpus/winreg/,
 * the recording.  Built by setup.sh with the library's sources.
 */
#include <stdint.h>
#include "../tests/replay.h"
#include "../tests/rpc_scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct replay r;
	struct rpc_stats st;
	struct rpc_conn c = replay_conn(&r, NULL, 0, data, size, &rpc_winreg, &st);
	struct scenario s;

	scenario_run(&c, true, &s);
	scenario_free(&s);
	return 0;
}
