/*
 * libFuzzer harness for the security engine: the token text parser, the
 * access check with its trace and explanation, and the DCOM rules and edits.
 *
 * Input: three lines — SDDL, a token ("USER,GROUP...;DENYONLY..."), the
 * desired mask in hex — then any bytes, whose first four pick the generic
 * mapping and an object-type list (see below).  The seed corpus in
 * fuzz/corpus/access/ has real launch/access descriptors and template ACLs.
 *
 * Properties checked (abort() on violation):
 *   - a failed token parse leaves an error with a message and an offset
 *     within the text, or -1;
 *   - the fast check and the traced check agree on verdict and rights;
 *   - a granted check grants what was asked (MAXIMUM_ALLOWED aside);
 *   - the trace has one step per examined ACE at most, and explains;
 *   - a DCOM merge of a valid descriptor with itself changes nothing.
 *
 * Built by setup.sh like the other harnesses, with every lib/core source.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cadcom/cadcom.h"
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_access: %s\n", what);
	abort();
}

/* Line `*p` of data as a NUL-terminated copy (freed by the caller). */
static char *line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = (size_t)((nl ? nl : end) - *p);
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, *p, n);
	s[n] = '\0';
	*p = nl ? nl + 1 : end;
	return s;
}

static const char *const guids[] = {
	"e5209ca2-3bba-11d2-90cc-00c04fd91ab1", "0e10c968-78fb-11d2-90d4-00c04f79dc55",
	"a05b8cc2-17bc-4802-a710-e7c15ab866a2", "4c164200-20c0-11d0-a768-00aa006e0529",
};

/* Byte 0: bit 0 a file-like generic mapping, bit 1 PRINCIPAL_SELF = the
 * user; bytes 1..3: object-type list levels (0 ends the list). */
static cadcom_access_request *request(const uint8_t *p, const uint8_t *end, const cadcom_token *t)
{
	cadcom_access_request *req = NULL;

	if (p >= end || cadcom_access_request_new(&req))
		return NULL;
	if (*p & 1)
		cadcom_access_request_set_generic_mapping(req, 0x120089, 0x120116, 0x1200a0, 0x1f01ff);
	if (*p & 2)
		cadcom_access_request_set_self(req, cadcom_token_user(t));
	if (*p & 4) {
		cadcom_access_request_add_object_type(req, 0, guids[0]);
		for (int i = 1; i < 4 && p + i < end && p[i]; i++)
			cadcom_access_request_add_object_type(req, p[i] % 3, guids[i]); /* may be refused */
	}
	return req;
}

static void dcom(cadcom_sd *sd, const cadcom_token *t)
{
	for (int kind = CADCOM_COM_LAUNCH; kind <= CADCOM_COM_ACCESS; kind++) {
		cadcom_access_result *r = NULL;
		cadcom_sd *copy = NULL;
		cadcom_com_report *rep = NULL;

		if (cadcom_com_check(sd, kind, t, cadcom_com_all_permissions(kind), &r) == 0)
			cadcom_access_result_free(r);
		if (cadcom_com_sd_validate(sd, NULL) != 0 || cadcom_sd_dup(sd, &copy) != 0)
			continue;
		if (cadcom_com_merge(copy, kind, sd, &rep) == 0) {
			/* Every ACE of a valid SD is already there: nothing to add,
			 * unless the merge of allow ACEs with inherited twins adds one. */
			if (cadcom_com_report_changes(rep) == 0 && !cadcom_sd_equal(copy, sd))
				broken("merge reported no change but changed the SD");
			cadcom_com_report_free(rep);
		}
		cadcom_sd_free(copy);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *sddl = line(&p, end), *token_text = line(&p, end), *desired_text = line(&p, end);
	uint32_t desired = (uint32_t)strtoul(desired_text, NULL, 16), g = 0;
	cadcom_sd *sd = NULL;
	cadcom_token *t = NULL;
	cadcom_access_request *req = NULL;
	cadcom_access_result *r = NULL;
	int rc;

	rc = cadcom_token_from_string(&t, token_text, NULL);
	if (rc) {
		const cadcom_error *e = cadcom_error_last();
		long off = cadcom_error_offset(e);
		if (!*cadcom_error_message(e) || off < -1 || off > (long)strlen(token_text))
			broken("token error without a message or with a bad offset");
	}
	if (rc == 0 && cadcom_sd_from_sddl(&sd, sddl, NULL) == 0) {
		req = request(p, end, t);
		rc = cadcom_access_check_mask(sd, t, desired, req, &g);
		if (rc >= 0) {
			char *text = NULL;
			if (cadcom_access_check(sd, t, desired, req, &r) != 0)
				broken("traced check failed where the fast one did not");
			if (cadcom_access_result_allowed(r) != rc || cadcom_access_result_granted(r) != g)
				broken("fast and traced checks disagree");
			if (rc == 1 && !(desired & CADCOM_ACCESS_MAXIMUM_ALLOWED) &&
			    (g & cadcom_access_result_requested(r)) != cadcom_access_result_requested(r))
				broken("granted without every requested right");
			if (cadcom_access_result_step_count(r) > cadcom_sd_ace_count(sd, CADCOM_DACL))
				broken("more steps than ACEs");
			if (cadcom_access_result_explain(r, sd, NULL, 0, &text) != 0)
				broken("no explanation");
			cadcom_free(text);
			cadcom_access_result_free(r);
		}
		dcom(sd, t);
	}
	cadcom_access_request_free(req);
	cadcom_sd_free(sd);
	cadcom_token_free(t);
	free(sddl);
	free(token_text);
	free(desired_text);
	return 0;
}
