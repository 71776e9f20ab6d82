/*
 * libFuzzer harness for the samr and lsarpc stubs: the input's first byte
 * picks the session (even: samr, odd: lsarpc, as recorded in
 * tests/data/rpc/), the rest is what the server answers to it
 * (tests/sam_scenario.h).
 *
 * Properties checked (abort() on violation): besides what ASan, UBSan and
 * LeakSanitizer see, sam.h's "outputs are untouched on error" (the
 * scenario starts them zeroed), and a lookup that succeeded gives a name.
 *
 * Seeds: fuzz/corpus/sam/, each with its selector byte.  `samr` and
 * `lsarpc` are the recordings.  samr-* and lsarpc-* (made by
 * tests/gen/gen_rpc_seeds.py) are a recording with
 * one answer changed, named for the change, call ids renumbered when a
 * step takes more or fewer calls: the lies of tests/test_sam.c and more
 * (cut short, counts without arrays, arrays without counts, NULL names
 * and SIDs, unknown types, statuses), and what Samba 4.17 does not send:
 * samr-enum-pages (the domains in two pages), lsarpc-names2-* (LookupNames3
 * answered nca_s_op_rng_error, then the recorded LookupNames2 answer,
 * as is or lying).
 * Built by fuzz/run.sh with the library's sources.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "../tests/replay.h"
#include "../tests/sam_scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *call, const char *what)
{
	fprintf(stderr, "fuzz_sam: %s: %s\n", call, what);
	abort();
}

static bool zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* A failed step left its outputs as they were (zero); `got` says whether
 * a successful one gave what it must (a name). */
static void outputs(int rc, bool untouched, bool got, const char *call)
{
	if (rc && !untouched)
		die(call, "a failure changed the outputs");
	if (!rc && !got)
		die(call, "a success without its output");
}

static void check_samr(const struct samr_scenario *s)
{
	outputs(s->rc[S_ENUM], !s->domains && !s->ndomains, true, "EnumerateDomains");
	outputs(s->rc[S_LOOKUP_DOMAIN], zero(&s->domain, sizeof(s->domain)), true,
		"LookupDomain");
	outputs(s->rc[S_LOOKUP_BUILTIN], zero(&s->builtin, sizeof(s->builtin)), true,
		"LookupDomain Builtin");
	outputs(s->rc[S_CREATE], !s->rid, true, "CreateAlias");
	outputs(s->rc[S_LOOKUP_NAME], !s->name_rid && !s->name_type, true, "LookupNames");
	outputs(s->rc[S_LOOKUP_RID], !s->rid_name && !s->rid_type, s->rid_name != NULL,
		"LookupIds");
	outputs(s->rc[S_LOOKUP_RID_GROUP], !s->group_name && !s->group_type,
		s->group_name != NULL, "LookupIds of a group");
	outputs(s->rc[S_MEMBERS], !s->members && !s->nmembers, !s->nmembers == !s->members,
		"GetMembersInAlias");
	outputs(s->rc[S_MEMBERS_EMPTY], !s->members_after && !s->nmembers_after,
		!s->nmembers_after == !s->members_after, "GetMembersInAlias again");
	outputs(s->rc[S_MEMBERS_CDA], !s->members_cda && !s->nmembers_cda,
		!s->nmembers_cda == !s->members_cda, "GetMembersInAlias of Builtin");
}

static void check_lsa(const struct lsa_scenario *s)
{
	outputs(s->rc[L_NAME_DU], zero(&s->du, sizeof(s->du)) && !s->du_type && !s->du_domain,
		true, "LookupNames");
	outputs(s->rc[L_NAME_EVERYONE],
		zero(&s->everyone, sizeof(s->everyone)) && !s->everyone_type &&
			!s->everyone_domain,
		true, "LookupNames Everyone");
	outputs(s->rc[L_NAME_CDA], zero(&s->cda, sizeof(s->cda)) && !s->cda_type && !s->cda_domain,
		true, "LookupNames of an alias");
	for (int i = 0; i < L_NSIDS; i++)
		outputs(s->rc[L_SID_CDA + i],
			!s->sid_domain[i] && !s->sid_name[i] && !s->sid_type[i],
			s->sid_name[i] != NULL, "LookupSids");
}

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
		check_samr(&s);
		samr_scenario_free(&s);
	} else {
		struct lsa_scenario s;

		c = replay_conn(&r, NULL, 0, data + 1, size - 1, &rpc_lsarpc, &st);
		lsa_scenario_run(&c, true, &s);
		check_lsa(&s);
		lsa_scenario_free(&s);
	}
	return 0;
}
