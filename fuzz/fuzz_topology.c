/*
 * libFuzzer harness for the topology's JSON form: arbitrary bytes to
 * cadcom_topology_from_json().
 *
 * Properties checked (abort() on violation):
 *   - a failure leaves no topology and an error with the same code and a
 *     non-empty message;
 *   - a topology read is valid (from_json() validates), so validate() agrees
 *     and its scope environment can be built;
 *   - to_json() -> from_json() -> to_json() gives the same text: the JSON
 *     form loses nothing and is canonical.
 *
 * The seed corpus in fuzz/corpus/topology/ has a member 2003 CA, a DC 2008
 * CA in a two-domain forest with an external trust, a standalone CA and a
 * forest trust between two forests; and one file per refusal the reader
 * and the setters it calls make (a field of the wrong type, missing or
 * unknown, a bad word, SID or name, a broken cross-field rule), named for
 * it: a reader's error branches are hard to reach by mutating bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cadcom/cadcom.h"
#include "cadcom/topology.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_topology: %s\n%s\n", what, detail ? detail : "");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cadcom_topology *t = NULL, *again = NULL;
	char *first = NULL, *second = NULL;
	cadcom_env *env = NULL;
	const char *msg;
	int rc;

	rc = cadcom_topology_from_json(&t, (const char *)data, size, "fuzz.json");
	if (rc) {
		msg = cadcom_error_message(cadcom_error_last());
		if (rc > 0 || cadcom_error_code(cadcom_error_last()) != rc)
			broken("from_json failed without recording its code", msg);
		if (t)
			broken("from_json failed but returned a topology", msg);
		if (!msg[0])
			broken("from_json failed with an empty message", NULL);
		return 0;
	}
	if (!t)
		broken("from_json succeeded without a topology", NULL);
	if (cadcom_topology_validate(t))
		broken("from_json returned a topology that does not validate",
		       cadcom_error_message(cadcom_error_last()));
	if (cadcom_topology_env(t, &env))
		broken("a valid topology has no scope environment",
		       cadcom_error_message(cadcom_error_last()));
	cadcom_env_free(env);
	if (cadcom_topology_to_json(t, &first))
		broken("to_json failed", cadcom_error_message(cadcom_error_last()));
	if (cadcom_topology_from_json(&again, first, strlen(first), "round trip"))
		broken("to_json wrote what from_json refuses",
		       cadcom_error_message(cadcom_error_last()));
	if (cadcom_topology_to_json(again, &second))
		broken("to_json failed on the round trip", cadcom_error_message(cadcom_error_last()));
	if (strcmp(first, second) != 0)
		broken("to_json -> from_json -> to_json changed the text", first);
	cadcom_free(first);
	cadcom_free(second);
	cadcom_topology_free(again);
	cadcom_topology_free(t);
	return 0;
}
