/*
 * libFuzzer harness for the security engine: the token text parser, the
 * access check with its trace and explanation, and the DCOM rules and edits.
 *
 * Input: three lines — SDDL, a token ("USER,GROUP...;DENYONLY..."), the
 * desired mask in hex — then control bytes (see struct ctl below): the
 * generic mapping, an object-type list, privileges, logon SIDs, a domain
 * SID, and the DCOM checkboxes and trustee the edits use.  The seed corpus
 * in fuzz/corpus/access/ has real launch/access descriptors and template
 * ACLs.
 *
 * Properties checked (abort() on violation):
 *   - a failed token parse leaves an error with a message and an offset
 *     within the text, or -1;
 *   - a token's text form parses back to the same token (same text, same
 *     groups and flags, same verdicts), and so does a copy of it;
 *   - the fast check and the traced check agree on verdict and rights;
 *   - a granted check grants what was asked (MAXIMUM_ALLOWED aside), misses
 *     nothing, and misses only what was requested;
 *   - MAXIMUM_ALLOWED grants the rights asked for with it exactly when a
 *     check of those rights alone does;
 *   - the trace has one step per examined ACE at most, in DACL order; each
 *     decided right names an ACE of the right kind, and it explains;
 *   - DCOM: the form agrees with the rules; a DCOM check granting every
 *     checkbox grants each one; an upgrade of a legacy ACL changes no
 *     verdict; a grant gives what it says and a second one changes nothing;
 *     a revoke done twice changes nothing the second time; edits keep the
 *     rules; a merge of a valid descriptor with itself, or with its own
 *     allow ACEs, changes nothing it does not report, a second merge
 *     changes nothing, and every conflict names a deny ACE.
 *
 * Built by fuzz/run.sh like the other harnesses, with every lib/core source.
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

/* Object types: real ones first (the certificate template class, Enroll,
 * AutoEnroll, a property set), then made-up ones for long lists. */
static const char *const guids[] = {
	"e5209ca2-3bba-11d2-90cc-00c04fd91ab1", "0e10c968-78fb-11d2-90d4-00c04f79dc55",
	"a05b8cc2-17bc-4802-a710-e7c15ab866a2", "4c164200-20c0-11d0-a768-00aa006e0529",
};

/*
 * The bytes after the three lines (missing ones read as 0, so the older
 * seeds keep their meaning):
 *   byte 0    bit 0 a file-like generic mapping, bit 1 PRINCIPAL_SELF = the
 *             user, bit 2 an object-type list, bits 3-4 the privileges
 *             (SeSecurity, SeTakeOwnership), bits 5-6 the logon SIDs added
 *             (1 network, 2 interactive), bit 7 domain S-1-5-21-1-2-3 for
 *             the aliases, and explanations for Windows Server 2003;
 *   bytes 1-3 object-type list levels, each modulo 3 (0 ends the list);
 *   byte 4    the DCOM checkboxes the edits name (bits 0-5; none: all of
 *             the kind), and bits 6-7 whose rights they edit: the user, a
 *             group, an ACE's trustee, or a SID in no ACE;
 *   byte 5    which group or ACE;
 *   bytes 6-  more object-type list levels, modulo 5, up to MAX_TYPES
 *             elements (longer than the check keeps on its stack).
 */
#define MAX_TYPES 16

struct ctl {
	uint8_t b[6 + MAX_TYPES - 4];
};

static struct ctl ctl_of(const uint8_t *p, const uint8_t *end)
{
	struct ctl c = { { 0 } };

	for (size_t i = 0; i < sizeof(c.b) && p + i < end; i++)
		c.b[i] = p[i];
	return c;
}

static cadcom_access_request *request(const struct ctl *c, const cadcom_token *t)
{
	cadcom_access_request *req = NULL;

	if (cadcom_access_request_new(&req))
		return NULL;
	if (c->b[0] & 1)
		cadcom_access_request_set_generic_mapping(req, 0x120089, 0x120116, 0x1200a0, 0x1f01ff);
	if (c->b[0] & 2)
		cadcom_access_request_set_self(req, cadcom_token_user(t));
	if (!(c->b[0] & 4))
		return req;
	cadcom_access_request_add_object_type(req, 0, guids[0]);
	for (int i = 1; i < MAX_TYPES; i++) {
		uint8_t b = i < 4 ? c->b[i] : c->b[i + 2];
		char made_up[37];

		if (!b)
			break;
		snprintf(made_up, sizeof(made_up), "5f202010-79a5-11d0-9020-00c04fc2d4%02x", i);
		/* May be refused: a level too deep, or one skipped. */
		cadcom_access_request_add_object_type(req, i < 4 ? b % 3 : b % 5,
						      i < 4 ? guids[i] : made_up);
	}
	return req;
}

static char *token_text(const cadcom_token *t)
{
	char *s = NULL;

	if (cadcom_token_to_string(t, &s))
		broken("a token has no text form");
	return s;
}

/* Same user, same groups with the same flags (the order may differ: the
 * text form puts the deny-only groups last). */
static void same_token(const cadcom_token *a, const cadcom_token *b)
{
	size_t n = cadcom_token_group_count(a);

	if (!cadcom_sid_equal(cadcom_token_user(a), cadcom_token_user(b)) ||
	    cadcom_token_group_count(b) != n ||
	    cadcom_token_privileges(a) != cadcom_token_privileges(b))
		broken("tokens differ in user, group count or privileges");
	for (size_t i = 0; i < n; i++) {
		int want = cadcom_token_group_flags(a, i) & CADCOM_TOKEN_DENY_ONLY ? 2 : 1;
		if (cadcom_token_has_sid(b, cadcom_token_group(a, i)) != want)
			broken("tokens differ in a group");
	}
	if (cadcom_token_group(a, n) || cadcom_token_group_flags(a, n))
		broken("a group past the end");
}

/* The text form, parsed back, is the same token, and so is a copy.
 * Returns the parsed-back token. */
static cadcom_token *token_round_trip(const cadcom_token *t, const cadcom_sid *domain)
{
	cadcom_token *back = NULL, *copy = NULL;
	char *text = token_text(t), *again;

	if (cadcom_token_from_string(&back, text, domain))
		broken("a token's text form does not parse");
	cadcom_token_set_privileges(back, cadcom_token_privileges(t));
	same_token(t, back);
	again = token_text(back);
	if (strcmp(text, again))
		broken("a token's text form is not stable");
	cadcom_free(again);
	if (cadcom_token_dup(t, &copy))
		broken("no copy of a token");
	same_token(t, copy);
	cadcom_token_free(copy);
	cadcom_free(text);
	return back;
}

static const struct cadcom_sid sid_network = { 1, 1, 5, { 2 } };
static const struct cadcom_sid sid_interactive = { 1, 1, 5, { 4 } };

/* Privileges and the logon SIDs from the control byte. */
static void token_extras(cadcom_token *t, uint8_t b)
{
	int logon = b >> 5 & 3;

	if (cadcom_token_set_privileges(t, b >> 3 & 3))
		broken("privileges refused");
	if (logon == CADCOM_LOGON_NETWORK || logon == CADCOM_LOGON_INTERACTIVE) {
		/* May hit the group limit. */
		if (cadcom_token_add_logon_sids(t, logon) == 0 &&
		    cadcom_token_has_sid(t, logon == CADCOM_LOGON_NETWORK ? &sid_network
									  : &sid_interactive) != 1)
			broken("a logon SID is missing");
	}
}

static bool is_allow(int type)
{
	return type == CADCOM_ACE_ACCESS_ALLOWED || type == CADCOM_ACE_ACCESS_ALLOWED_OBJECT;
}

static bool is_deny(int type)
{
	return type == CADCOM_ACE_ACCESS_DENIED || type == CADCOM_ACE_ACCESS_DENIED_OBJECT;
}

/* What the trace says about each right and each ACE. */
static void check_trace(const cadcom_access_result *r, const cadcom_sd *sd, uint32_t desired,
			const cadcom_access_request *req)
{
	uint32_t requested = cadcom_access_result_requested(r);
	uint32_t missing = cadcom_access_result_missing(r);
	size_t n_aces = cadcom_sd_ace_count(sd, CADCOM_DACL);
	size_t steps = cadcom_access_result_step_count(r);
	long last = -1;

	if (missing & ~requested)
		broken("a missing right was not requested");
	if (cadcom_access_result_allowed(r) && missing)
		broken("allowed with rights missing");
	if (!(desired & CADCOM_ACCESS_MAXIMUM_ALLOWED) && !cadcom_access_result_allowed(r) &&
	    !missing)
		broken("denied with nothing missing");
	for (int b = 0; b < 32; b++) {
		long ace = -2;
		int why = cadcom_access_result_decision(r, 1u << b, &ace);
		const cadcom_ace *a = ace >= 0 ? cadcom_sd_ace(sd, CADCOM_DACL, (size_t)ace) : NULL;

		if (why < CADCOM_REASON_NOT_REQUESTED || why > CADCOM_REASON_NO_PRIVILEGE)
			broken("a decision out of range");
		if (((requested | missing) >> b & 1) != (why != CADCOM_REASON_NOT_REQUESTED))
			broken("a requested right without a decision, or the reverse");
		if ((why == CADCOM_REASON_ALLOW_ACE || why == CADCOM_REASON_DENY_ACE) != (ace >= 0))
			broken("an ACE named for a decision no ACE made, or the reverse");
		if (why == CADCOM_REASON_ALLOW_ACE && !(a && is_allow(cadcom_ace_type(a))))
			broken("a right granted by an ACE that does not allow");
		if (why == CADCOM_REASON_DENY_ACE && !(a && is_deny(cadcom_ace_type(a))))
			broken("a right denied by an ACE that does not deny");
	}
	if (cadcom_access_result_decision(r, 3, NULL) != CADCOM_EINVAL ||
	    cadcom_access_result_decision(r, 0, NULL) != CADCOM_EINVAL)
		broken("a decision for something other than one right");
	if (steps > n_aces)
		broken("more steps than ACEs");
	for (size_t i = 0; i < steps; i++) {
		size_t ace;
		int what;
		uint32_t bits;

		if (cadcom_access_result_step(r, i, &ace, &what, &bits))
			broken("a step is missing");
		if ((long)ace <= last || ace >= n_aces)
			broken("steps out of DACL order");
		last = (long)ace;
		if (what < CADCOM_STEP_INHERIT_ONLY || what > CADCOM_STEP_NO_EFFECT)
			broken("a step out of range");
		if ((what == CADCOM_STEP_ALLOWED || what == CADCOM_STEP_DENIED) != (bits != 0))
			broken("a step decided bits it does not report, or the reverse");
	}
	if (cadcom_access_result_step(r, steps, NULL, NULL, NULL) != CADCOM_ENOTFOUND)
		broken("a step past the end");
	if (req && cadcom_access_result_allowed(r) && cadcom_access_result_object_granted(r, 0) &&
	    cadcom_access_result_object_granted(r, 0) != cadcom_access_result_granted(r))
		broken("the object's node and the verdict disagree");
}

static void check(const cadcom_sd *sd, const cadcom_token *t, uint32_t desired,
		  const cadcom_access_request *req, const cadcom_sid *domain, int windows)
{
	cadcom_access_result *r = NULL;
	uint32_t g = 0;
	int rc = cadcom_access_check_mask(sd, t, desired, req, &g);
	char *text = NULL;

	if (rc < 0) {
		if (cadcom_access_check(sd, t, desired, req, &r) != rc)
			broken("the traced check succeeded where the fast one failed");
		return;
	}
	if (cadcom_access_check(sd, t, desired, req, &r) != 0)
		broken("traced check failed where the fast one did not");
	if (cadcom_access_result_allowed(r) != rc || cadcom_access_result_granted(r) != g)
		broken("fast and traced checks disagree");
	if (rc == 1 && !(desired & CADCOM_ACCESS_MAXIMUM_ALLOWED) &&
	    (g & cadcom_access_result_requested(r)) != cadcom_access_result_requested(r))
		broken("granted without every requested right");
	check_trace(r, sd, desired, req);
	if (!(desired & CADCOM_ACCESS_MAXIMUM_ALLOWED) && cadcom_access_result_requested(r)) {
		/* MAXIMUM_ALLOWED grants a right exactly when asking for it would. */
		uint32_t want = cadcom_access_result_requested(r), max = 0;
		int max_rc = cadcom_access_check_mask(sd, t, desired | CADCOM_ACCESS_MAXIMUM_ALLOWED,
						      req, &max);

		if (max_rc != rc || (rc == 1 && (max & want) != want))
			broken("MAXIMUM_ALLOWED and the rights asked for disagree");
	}
	if (cadcom_access_result_explain(r, sd, domain, windows, &text) != 0 || !*text)
		broken("no explanation");
	cadcom_free(text);
	cadcom_access_result_free(r);
}

/* ---- DCOM ---------------------------------------------------------------- */

static const struct cadcom_sid sid_nobody = { 1, 5, 5, { 21, 9, 9, 9, 4242 } };

/* The SID whose rights the edits change (see struct ctl). */
static const cadcom_sid *trustee_of(const struct ctl *c, const cadcom_sd *sd, const cadcom_token *t)
{
	size_t i = c->b[5];
	const cadcom_ace *ace;

	switch (c->b[4] >> 6) {
	case 1:
		if (cadcom_token_group_count(t))
			return cadcom_token_group(t, i % cadcom_token_group_count(t));
		break;
	case 2:
		if (cadcom_sd_ace_count(sd, CADCOM_DACL)) {
			ace = cadcom_sd_ace(sd, CADCOM_DACL, i % cadcom_sd_ace_count(sd, CADCOM_DACL));
			return cadcom_ace_sid(ace);
		}
		break;
	case 3:
		return &sid_nobody;
	}
	return cadcom_token_user(t);
}

/* DCOM verdict of `sd` for `perms`: 1, 0, or a negative error. */
static int com_verdict(const cadcom_sd *sd, int kind, const cadcom_token *t, unsigned perms)
{
	cadcom_access_result *r = NULL;
	int rc = cadcom_com_check(sd, kind, t, perms, &r);

	if (rc == 0)
		rc = cadcom_access_result_allowed(r);
	cadcom_access_result_free(r);
	return rc;
}

/* A DCOM check of every checkbox against each one alone: the verdicts (one
 * bit each, bit 7 all) — every checkbox granted means each one is. */
static unsigned com_verdicts(const cadcom_sd *sd, int kind, const cadcom_token *t)
{
	unsigned all = cadcom_com_all_permissions(kind), v = 0;
	int rc = com_verdict(sd, kind, t, all);

	if (rc < 0)
		return ~0u;
	v = rc ? 0x80 : 0;
	for (unsigned bit = 1; bit <= all; bit <<= 1) {
		if (!(all & bit))
			continue;
		rc = com_verdict(sd, kind, t, bit);
		if (rc < 0)
			broken("a DCOM check of one checkbox failed, of all of them not");
		if (rc)
			v |= bit;
		else if (v & 0x80)
			broken("a DCOM check grants every checkbox but not each one");
	}
	return v;
}

/* The rules, form and permissions of each ACE agree. */
static bool com_rules(const cadcom_sd *sd, int kind)
{
	size_t bad = (size_t)-1, n = cadcom_sd_ace_count(sd, CADCOM_DACL);
	int valid = cadcom_com_sd_validate(sd, &bad) == 0, form = cadcom_com_sd_form(sd);

	if (form < CADCOM_COM_FORM_EMPTY || form > CADCOM_COM_FORM_MIXED)
		broken("a DCOM form out of range");
	if (valid && form == CADCOM_COM_FORM_MIXED)
		broken("a mixed DCOM ACL is valid");
	if (!valid && (cadcom_error_code(cadcom_error_last()) != CADCOM_EINVALIDSD || bad >= n))
		broken("an invalid DCOM ACL without the rule or the ACE it breaks");
	if (form == CADCOM_COM_FORM_EMPTY && n)
		broken("an ACL with ACEs has the empty form");
	for (size_t i = 0; i < n; i++) {
		uint32_t mask = cadcom_ace_mask(cadcom_sd_ace(sd, CADCOM_DACL, i));
		unsigned perms = 0;
		int rc = cadcom_com_permissions(kind, mask, &perms);

		if ((rc == 0) != !!(mask & CADCOM_COM_RIGHTS_EXECUTE) ||
		    (rc && rc != CADCOM_EINVALIDSD))
			broken("DCOM permissions of an ACE mask and the rules disagree");
		if (perms & ~cadcom_com_all_permissions(kind))
			broken("DCOM permissions of another kind");
	}
	return valid;
}

/* Upgrade a copy: legacy ACLs become new-form ones with the same verdicts. */
static void com_upgrade(const cadcom_sd *sd, int kind, const cadcom_token *t)
{
	cadcom_sd *copy = NULL;
	int legacy = cadcom_com_sd_form(sd) == CADCOM_COM_FORM_LEGACY, rc;

	if (cadcom_sd_dup(sd, &copy))
		return;
	rc = cadcom_com_sd_upgrade(copy, kind);
	if (rc < 0 || (rc > 0) != legacy)
		broken("a DCOM upgrade of a valid ACL failed, or changed another form");
	if (rc > 0) {
		if (cadcom_com_sd_form(copy) != CADCOM_COM_FORM_NEW ||
		    cadcom_com_sd_validate(copy, NULL))
			broken("an upgraded DCOM ACL is not in the new form");
		if (com_verdicts(sd, kind, t) != com_verdicts(copy, kind, t))
			broken("a DCOM upgrade changed a verdict");
	} else if (!cadcom_sd_equal(copy, sd)) {
		broken("a DCOM upgrade with nothing to do changed the SD");
	}
	cadcom_sd_free(copy);
}

/* Grant and revoke `perms` to `who` in copies.  Neither touches a deny ACE. */
static void com_edits(const cadcom_sd *sd, int kind, const cadcom_sid *who, unsigned perms)
{
	bool present = cadcom_sd_acl_state(sd, CADCOM_DACL) == CADCOM_ACL_PRESENT;
	cadcom_sd *copy = NULL;
	unsigned allowed = 0, denied = 0, denied_before = 0;
	int rc;

	if (cadcom_com_query(sd, kind, who, NULL, &denied_before))
		broken("a DCOM query failed");
	if (cadcom_sd_dup(sd, &copy))
		return;
	rc = cadcom_com_grant(copy, kind, who, perms);
	if (rc < 0) {
		if (rc != CADCOM_EUNREPRESENTABLE && rc != CADCOM_ELIMIT)
			broken("a DCOM grant failed on a valid descriptor");
		if (!cadcom_sd_equal(copy, sd))
			broken("a failed DCOM grant changed the SD");
	} else {
		if ((rc == 0) != cadcom_sd_equal(copy, sd))
			broken("a DCOM grant's answer and what it did disagree");
		if (cadcom_com_sd_validate(copy, NULL))
			broken("a DCOM grant broke the rules");
		if (cadcom_com_query(copy, kind, who, &allowed, &denied) ||
		    (present && (allowed & perms) != perms) || denied != denied_before)
			broken("a DCOM grant did not allow what it was asked, or changed a deny");
		if (cadcom_com_grant(copy, kind, who, perms) != 0)
			broken("a second DCOM grant changed the SD");
	}
	cadcom_sd_free(copy);

	if (cadcom_sd_dup(sd, &copy))
		return;
	rc = cadcom_com_revoke(copy, kind, who, perms);
	if (rc < 0) {
		if (rc != CADCOM_EUNREPRESENTABLE)
			broken("a DCOM revoke failed on a valid descriptor");
		if (!cadcom_sd_equal(copy, sd))
			broken("a failed DCOM revoke changed the SD");
	} else {
		if ((rc == 0) != cadcom_sd_equal(copy, sd))
			broken("a DCOM revoke's answer and what it did disagree");
		if (cadcom_com_sd_validate(copy, NULL))
			broken("a DCOM revoke broke the rules");
		if (cadcom_com_query(copy, kind, who, NULL, &denied) || denied != denied_before)
			broken("a DCOM revoke changed a deny");
		if (cadcom_com_revoke(copy, kind, who, perms) != 0)
			broken("a second DCOM revoke changed the SD");
	}
	cadcom_sd_free(copy);
}

/* Merge `required` into a copy of `sd`; check the report and that a second
 * merge has nothing left to do. */
static void com_merge(const cadcom_sd *sd, int kind, const cadcom_sd *required)
{
	cadcom_sd *copy = NULL, *again = NULL;
	cadcom_com_report *rep = NULL;
	size_t n, n_req = cadcom_sd_ace_count(required, CADCOM_DACL);

	if (cadcom_sd_dup(sd, &copy))
		return;
	if (cadcom_com_merge(copy, kind, required, &rep) != 0) {
		if (!cadcom_sd_equal(copy, sd))
			broken("a failed DCOM merge changed the SD");
		cadcom_sd_free(copy);
		return;
	}
	if (cadcom_com_report_changes(rep) == 0 && !cadcom_sd_equal(copy, sd))
		broken("merge reported no change but changed the SD");
	if (cadcom_com_sd_validate(copy, NULL))
		broken("a DCOM merge broke the rules");
	n = cadcom_com_report_conflict_count(rep);
	for (size_t i = 0; i < n; i++) {
		size_t deny = 0, req = 0;
		unsigned perms = 0;
		int kind_of = 0;
		const cadcom_ace *d;
		const char *msg = cadcom_com_report_message(rep, i);

		if (cadcom_com_report_conflict(rep, i, &deny, &req, &perms, &kind_of))
			broken("a DCOM conflict is missing");
		d = cadcom_sd_ace(copy, CADCOM_DACL, deny);
		if (!d || cadcom_ace_type(d) != CADCOM_ACE_ACCESS_DENIED || req >= n_req ||
		    !perms || (perms & ~cadcom_com_all_permissions(kind)) ||
		    (kind_of != CADCOM_COM_CONFLICT_CERTAIN &&
		     kind_of != CADCOM_COM_CONFLICT_POSSIBLE))
			broken("a DCOM conflict names no deny ACE, no requirement or no checkbox");
		if (!msg || !*msg)
			broken("a DCOM conflict without a message");
	}
	if (cadcom_com_report_conflict(rep, n, NULL, NULL, NULL, NULL) != CADCOM_ENOTFOUND ||
	    cadcom_com_report_message(rep, n))
		broken("a DCOM conflict past the end");
	cadcom_com_report_free(rep);
	if (cadcom_sd_dup(copy, &again) == 0) {
		if (cadcom_com_merge(again, kind, required, NULL) != 0 ||
		    !cadcom_sd_equal(again, copy))
			broken("a second DCOM merge changed the SD");
		cadcom_sd_free(again);
	}
	cadcom_sd_free(copy);
}

/* Edits refuse a descriptor that breaks the rules, and leave it alone. */
static void com_refused(const cadcom_sd *sd, int kind, const cadcom_sid *who, unsigned all)
{
	cadcom_sd *copy = NULL;

	if (cadcom_sd_dup(sd, &copy))
		return;
	if (cadcom_com_grant(copy, kind, who, all) != CADCOM_EINVALIDSD ||
	    cadcom_com_revoke(copy, kind, who, all) != CADCOM_EINVALIDSD ||
	    cadcom_com_sd_upgrade(copy, kind) != CADCOM_EINVALIDSD ||
	    cadcom_com_merge(copy, kind, sd, NULL) == 0 || !cadcom_sd_equal(copy, sd))
		broken("a DCOM edit of an invalid descriptor did not fail, or changed it");
	cadcom_sd_free(copy);
}

static void dcom(const cadcom_sd *sd, const cadcom_token *t, const struct ctl *c)
{
	const cadcom_sid *who = trustee_of(c, sd, t);
	cadcom_sd *allows = NULL;

	for (int kind = CADCOM_COM_LAUNCH; kind <= CADCOM_COM_ACCESS; kind++) {
		unsigned all = cadcom_com_all_permissions(kind), perms = c->b[4] & all;

		com_verdicts(sd, kind, t);
		if (!com_rules(sd, kind)) {
			com_refused(sd, kind, who, all);
			continue;
		}
		com_upgrade(sd, kind, t);
		com_edits(sd, kind, who, perms ? perms : all);
		/* Every ACE of a valid SD is already there: nothing to add,
		 * unless the merge of allow ACEs with inherited twins adds one. */
		com_merge(sd, kind, sd);
		/* Its own allow ACEs as a requirement: its deny ACEs conflict. */
		if (!allows && cadcom_sd_dup(sd, &allows) == 0)
			for (size_t i = cadcom_sd_ace_count(allows, CADCOM_DACL); i-- > 0;) {
				const cadcom_ace *ace = cadcom_sd_ace(allows, CADCOM_DACL, i);
				if (cadcom_ace_type(ace) != CADCOM_ACE_ACCESS_ALLOWED)
					cadcom_sd_remove_ace(allows, CADCOM_DACL, i);
			}
		if (allows)
			com_merge(sd, kind, allows);
	}
	cadcom_sd_free(allows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct cadcom_sid domain_sid = { 1, 4, 5, { 21, 1, 2, 3 } };
	const uint8_t *p = data, *end = data + size;
	char *sddl = line(&p, end), *token_text = line(&p, end), *desired_text = line(&p, end);
	uint32_t desired = (uint32_t)strtoul(desired_text, NULL, 16);
	struct ctl c = ctl_of(p, end);
	const cadcom_sid *domain = c.b[0] & 0x80 ? &domain_sid : NULL;
	int windows = c.b[0] & 0x80 ? CADCOM_WINDOWS_2003 : CADCOM_WINDOWS_LATEST;
	cadcom_sd *sd = NULL;
	cadcom_token *t = NULL, *back = NULL;
	cadcom_access_request *req = NULL;
	uint32_t g = 0, g_back = 0;
	int rc;

	rc = cadcom_token_from_string(&t, token_text, domain);
	if (rc) {
		const cadcom_error *e = cadcom_error_last();
		long off = cadcom_error_offset(e);
		if (!*cadcom_error_message(e) || off < -1 || off > (long)strlen(token_text))
			broken("token error without a message or with a bad offset");
		if (t)
			broken("a failed token parse handed out a token");
	} else {
		token_extras(t, c.b[0]);
		back = token_round_trip(t, domain);
	}
	if (rc == 0 && cadcom_sd_from_sddl(&sd, sddl, domain) == 0) {
		if (p < end) /* no control bytes: no request at all */
			req = request(&c, t);
		check(sd, t, desired, req, domain, windows);
		if (cadcom_access_check_mask(sd, t, desired, req, &g) !=
			    cadcom_access_check_mask(sd, back, desired, req, &g_back) ||
		    g != g_back)
			broken("a token and its text form parsed back get different verdicts");
		dcom(sd, t, &c);
	}
	cadcom_access_request_free(req);
	cadcom_sd_free(sd);
	cadcom_token_free(back);
	cadcom_token_free(t);
	free(sddl);
	free(token_text);
	free(desired_text);
	return 0;
}
