/*
 * libFuzzer harness for state snapshots (target.h): JSON from an untrusted
 * file into a memory target.
 *
 * Properties checked (abort() on violation):
 *   - a failed load leaves an error with a message;
 *   - a loaded snapshot saves, the saved text loads, and saving that again
 *     gives the same text (the snapshot form is a fixed point).
 *
 * Built by setup.sh with every library source and -ljansson.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cadcom/cadcom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_snapshot: %s\n", what);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cadcom_target *t = NULL, *again = NULL;
	char *first = NULL, *second = NULL;

	if (cadcom_target_open_snapshot(&t, (const char *)data, size, "fuzz.json") != 0) {
		if (!*cadcom_error_message(cadcom_error_last()))
			broken("failure without a message");
		return 0;
	}
	if (cadcom_target_snapshot(t, &first) == 0) {
		if (cadcom_target_open_snapshot(&again, first, strlen(first), "saved.json") != 0)
			broken(cadcom_error_message(cadcom_error_last()));
		if (cadcom_target_snapshot(again, &second) != 0 || strcmp(first, second) != 0)
			broken("saving a loaded snapshot is not a fixed point");
	}
	cadcom_free(first);
	cadcom_free(second);
	cadcom_target_free(again);
	cadcom_target_free(t);
	return 0;
}
