/*
 * libFuzzer harness for apply journals (apply.h): a journal file from an
 * untrusted backup directory, rolled back onto an empty memory target.
 *
 * Properties checked (abort() on violation):
 *   - a refused journal leaves an error with a message, and the target
 *     untouched (nothing is written before the whole journal is read);
 *   - a read journal gives a report whose every step has a known state.
 *
 * Built by setup.sh with every library source and -ljansson.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cadcom/cadcom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_journal: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64], path[80];
	cadcom_target *t = NULL;
	cadcom_apply *a = NULL;
	char *before = NULL, *after = NULL;
	FILE *f;

	if (!path[0]) {
		/* tmpfs when there is one: the rollback flushes each line it appends. */
		snprintf(dir, sizeof(dir), "%s/cadcom-fuzz-journal-XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (!mkdtemp(dir))
			broken("mkdtemp");
		snprintf(path, sizeof(path), "%s/journal", dir);
	}
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		broken("cannot write the journal");
	if (cadcom_target_open_memory(&t) || cadcom_target_snapshot(t, &before))
		broken("memory target");
	if (cadcom_rollback(t, dir, NULL, &a) != 0) {
		if (!*cadcom_error_message(cadcom_error_last()))
			broken("failure without a message");
		if (cadcom_target_snapshot(t, &after) || strcmp(before, after))
			broken("a refused journal changed the target");
	} else {
		for (size_t i = 0; i < cadcom_apply_step_count(a); i++)
			if (!strcmp(cadcom_apply_state_name(cadcom_apply_step_state(a, i)), "?"))
				broken("a step without a known state");
	}
	cadcom_apply_free(a);
	cadcom_free(before);
	cadcom_free(after);
	cadcom_target_free(t);
	return 0;
}
