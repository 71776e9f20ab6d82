/*
 * libFuzzer harness for the plan's JSON form (ca.h): arbitrary bytes to
 * cadcom_plan_from_json(), the reader of the file `cadcom apply --plan`
 * applies.
 *
 * Properties checked (abort() on violation):
 *   - a failure leaves no plan and an error with the same code and a
 *     non-empty message;
 *   - a plan read writes as JSON, that JSON reads back, and writing it
 *     again gives the same text (the JSON form loses nothing and is a fixed
 *     point after one round);
 *   - both plans answer the getters alike (counts, kinds, values), and the
 *     text and .reg forms can be made from what was read.
 *
 * The seed corpus in fuzz/corpus/plan/ holds plans written by
 * cadcom_plan_to_json() from the example forest (with and without a target,
 * with the SetupStatus reset), a DC whose group is still to be created, a
 * small plan of every action kind and field (every-field.json: a descriptor
 * with its SDDL; sddl-other-spelling.json: the same SDDL written
 * otherwise), and one malformed plan per refusal of the reader, named for
 * it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cadcom/cadcom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_plan: %s\n%s\n", what, detail ? detail : "");
	abort();
}

static const char *last(void)
{
	return cadcom_error_message(cadcom_error_last());
}

/* Action `i` of `a` and `b` say the same. */
static void same_action(const cadcom_plan *a, const cadcom_plan *b, size_t i)
{
	if (cadcom_plan_action_kind(a, i) != cadcom_plan_action_kind(b, i) ||
	    cadcom_plan_action_layer(a, i) != cadcom_plan_action_layer(b, i) ||
	    strcmp(cadcom_plan_action_text(a, i), cadcom_plan_action_text(b, i)) != 0)
		broken("an action changed on the round trip", cadcom_plan_action_text(a, i));
	for (int old = 0; old < 2 && cadcom_plan_action_kind(a, i) == CADCOM_ACTION_SET_VALUE;
	     old++) {
		unsigned char *da = NULL, *db = NULL;
		size_t la = 0, lb = 0;
		int ta = 0, tb = 0;
		int ra = cadcom_plan_action_value(a, i, old, &ta, &da, &la);
		int rb = cadcom_plan_action_value(b, i, old, &tb, &db, &lb);

		if (ra != rb || (ra == 0 && (ta != tb || la != lb || memcmp(da, db, la) != 0)))
			broken("a value changed on the round trip", cadcom_plan_action_key(a, i));
		cadcom_free(da);
		cadcom_free(db);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cadcom_plan *p = (cadcom_plan *)&p, *again = NULL;
	char *first = NULL, *second = NULL, *text = NULL;
	cadcom_regfile *fw = NULL, *rv = NULL;
	int rc;

	rc = cadcom_plan_from_json(&p, (const char *)data, size, "fuzz.json");
	if (rc) {
		if (rc > 0 || cadcom_error_code(cadcom_error_last()) != rc)
			broken("from_json failed without recording its code", last());
		if (p)
			broken("from_json failed but returned a plan", last());
		if (!last()[0])
			broken("from_json failed with an empty message", NULL);
		return 0;
	}
	if (!p)
		broken("from_json succeeded without a plan", NULL);
	if (cadcom_plan_to_json(p, &first))
		broken("to_json failed on a plan read", last());
	if (cadcom_plan_from_json(&again, first, strlen(first), "round trip"))
		broken("to_json wrote what from_json refuses", last());
	if (cadcom_plan_to_json(again, &second))
		broken("to_json failed on the round trip", last());
	if (strcmp(first, second) != 0)
		broken("to_json -> from_json -> to_json changed the text", first);
	if (cadcom_plan_assumption_count(p) != cadcom_plan_assumption_count(again) ||
	    cadcom_plan_finding_count(p) != cadcom_plan_finding_count(again) ||
	    cadcom_plan_worst(p) != cadcom_plan_worst(again) ||
	    cadcom_plan_action_count(p) != cadcom_plan_action_count(again))
		broken("the round trip changed the plan's counts", first);
	for (size_t i = 0; i < cadcom_plan_action_count(p); i++)
		same_action(p, again, i);
	/* What the reader accepted, the other outputs take too (the .reg
	 * writer may refuse a value it cannot express, with an error). */
	if (cadcom_plan_to_text(p, &text))
		broken("to_text failed on a plan read", last());
	if (cadcom_plan_regfiles(p, &fw, &rv) && !last()[0])
		broken("regfiles failed with an empty message", NULL);
	cadcom_regfile_free(fw);
	cadcom_regfile_free(rv);
	cadcom_free(text);
	cadcom_free(first);
	cadcom_free(second);
	cadcom_plan_free(again);
	cadcom_plan_free(p);
	return 0;
}
