/*
 * The samr and lsarpc stubs, from recorded sessions with the lab's DC
 * (tests/data/rpc/samr.* and lsarpc.*, made by tests/gen/capture_sam.c):
 * replayed as recorded, every request must be the very bytes that got the
 * recorded answer and every answer decodes to what the DC said; then the
 * answers are damaged — cut short, every byte flipped, lying counts and
 * lengths, another call_id, other statuses — and each run must end in the
 * exact error, without a crash or a leak (run it under ASan or valgrind).
 * A made-up server covers what a recording cannot: 100000 members, paged
 * domain lists, and the LookupNames2 fallback.
 */
#include "cu.h"
#include "replay.h"
#include "sam_scenario.h"

struct rec {
	const char *pipe;
	unsigned char *out, *in;
	size_t out_len, in_len;
	size_t pdus[64], npdus; /* offsets of the response PDUs in `in` */
};

static struct rec samr_rec = { .pipe = "samr" }, lsa_rec = { .pipe = "lsarpc" };

static void replay_samr(const unsigned char *in, size_t len, struct replay *r,
			struct samr_scenario *s, struct rpc_stats *st)
{
	struct rpc_conn c = replay_conn(r, samr_rec.out, samr_rec.out_len, in, len, &rpc_samr, st);

	samr_scenario_run(&c, true, s);
}

static void replay_lsa(const unsigned char *in, size_t len, struct replay *r,
		       struct lsa_scenario *s, struct rpc_stats *st)
{
	struct rpc_conn c = replay_conn(r, lsa_rec.out, lsa_rec.out_len, in, len, &rpc_lsarpc, st);

	lsa_scenario_run(&c, true, s);
}

/* What each step of the recorded sessions answered (Samba 4.17). */
static int samr_want(int step)
{
	switch (step) {
	case S_LOOKUP_NO_DOMAIN: /* STATUS_NO_SUCH_DOMAIN */
	case S_LEFTOVER:         /* STATUS_NONE_MAPPED: nothing left over */
	case S_LOOKUP_NAME_MISSING:
	case S_LOOKUP_RID_MISSING:
	case S_OPEN_DELETED: /* STATUS_NO_SUCH_ALIAS */
	case S_OPEN_GROUP:   /* a global group is no alias: STATUS_NO_SUCH_ALIAS */
		return CADCOM_ENOTFOUND;
	case S_CREATE_AGAIN:    /* STATUS_ALIAS_EXISTS */
	case S_ADD_DU_AGAIN:    /* Samba: STATUS_MEMBER_IN_GROUP */
	case S_REMOVE_DU_AGAIN: /* Samba: STATUS_MEMBER_NOT_IN_GROUP */
		return CADCOM_ESTATE;
	case S_ADD_EVERYONE: /* Samba: STATUS_INTERNAL_DB_CORRUPTION */
		return CADCOM_ESERVER;
	case S_FAULT:
		return CADCOM_ERPCFAULT;
	default:
		return 0;
	}
}

static int lsa_want(int step)
{
	return step == L_NAME_MISSING || step == L_SID_MISSING ? CADCOM_ENOTFOUND
	       : step == L_FAULT				? CADCOM_ERPCFAULT
								: 0;
}

static void load(struct rec *rec)
{
	char name[64];

	snprintf(name, sizeof(name), "rpc/%s.out", rec->pipe);
	rec->out = cu_data(name, &rec->out_len);
	snprintf(name, sizeof(name), "rpc/%s.in", rec->pipe);
	rec->in = cu_data(name, &rec->in_len);
	for (size_t off = 0; off + RPC_HDR_LEN <= rec->in_len && rec->npdus < 64;) {
		rec->pdus[rec->npdus++] = off;
		off += (size_t)(rec->in[off + 8] | rec->in[off + 9] << 8);
	}
}

static void assert_msg(const char *msg, const char *needle)
{
	CU_ASSERT(strstr(msg, needle) != NULL);
	if (!strstr(msg, needle))
		printf("\n  want \"%s\" in: %s\n", needle, msg);
}

static bool sid_is(const struct cadcom_sid *sid, const char *text)
{
	cadcom_sid *want = cu_sid(text);
	bool eq = cadcom__sid_eq(sid, want);

	cadcom_sid_free(want);
	return eq;
}

static struct cadcom_sid samr_domain, lsa_domain; /* the lab's domain, as each pipe said */

static void test_samr_replay(void)
{
	struct cadcom_sid du;
	struct samr_scenario s;
	struct rpc_stats st;
	struct replay r;

	replay_samr(samr_rec.in, samr_rec.in_len, &r, &s, &st);
	CU_ASSERT_EQUAL(r.mismatch, SIZE_MAX);
	CU_ASSERT_EQUAL(r.out_off, samr_rec.out_len);
	CU_ASSERT_EQUAL(r.in_off, samr_rec.in_len);
	for (int i = 0; i < S_STEPS; i++) {
		CU_ASSERT_EQUAL(s.rc[i], samr_want(i));
		if (s.rc[i] != samr_want(i))
			printf("\n  samr step %d: %d %s\n", i, s.rc[i], s.msg[i]);
	}
	CU_ASSERT_EQUAL(st.calls, S_STEPS); /* one call a step, the bind included */
	CU_ASSERT_EQUAL(samr_rec.npdus, S_STEPS);
	CU_ASSERT_EQUAL_FATAL(s.ndomains, 2);
	CU_ASSERT_STRING_EQUAL(s.domains[0], "CONTOSO");
	CU_ASSERT_STRING_EQUAL(s.domains[1], "BUILTIN");
	CU_ASSERT(s.domain.count == 4 && s.domain.authority == 5 && s.domain.sub[0] == 21);
	samr_domain = s.domain;
	CU_ASSERT(sid_is(&s.builtin, "S-1-5-32"));
	CU_ASSERT(s.rid >= 1000);
	CU_ASSERT_EQUAL(s.name_rid, s.rid);
	CU_ASSERT_EQUAL(s.name_type, SID_TYPE_ALIAS);
	CU_ASSERT_STRING_EQUAL(s.rid_name ? s.rid_name : "", SAM_ALIAS);
	CU_ASSERT_EQUAL(s.rid_type, SID_TYPE_ALIAS);
	CU_ASSERT_STRING_EQUAL(s.group_name ? s.group_name : "", "Domain Users");
	CU_ASSERT_EQUAL(s.group_type, SID_TYPE_GROUP);
	du = sam_sid_rid(&s.domain, SAM_RID_DU);
	CU_ASSERT(s.nmembers == 1 && cadcom__sid_eq(&s.members[0], &du));
	CU_ASSERT(s.nmembers_after == 0 && !s.members_after);
	CU_ASSERT(!memcmp(&s.deleted, &(struct rpc_handle){ { 0 } }, sizeof(s.deleted)));
	CU_ASSERT_EQUAL(s.nmembers_cda, 0); /* the lab's S-1-5-32-574 had none when recorded */
	/* The messages name host, pipe, call, what, status and its name. */
	assert_msg(s.msg[S_ADD_DU_AGAIN], "dc1.contoso.test \\pipe\\samr AddMemberToAlias S-1-5-21-");
	assert_msg(s.msg[S_ADD_DU_AGAIN], "-513: NTSTATUS 0xc0000067 (STATUS_MEMBER_IN_GROUP)");
	assert_msg(s.msg[S_REMOVE_DU_AGAIN], "NTSTATUS 0xc0000068 (STATUS_MEMBER_NOT_IN_GROUP)");
	assert_msg(s.msg[S_ADD_EVERYONE],
		   "AddMemberToAlias S-1-1-0: NTSTATUS 0xc00000e4 (STATUS_INTERNAL_DB_CORRUPTION)");
	assert_msg(s.msg[S_OPEN_GROUP],
		   "OpenAlias RID 513: NTSTATUS 0xc0000151 (STATUS_NO_SUCH_ALIAS)");
	assert_msg(s.msg[S_CREATE_AGAIN],
		   "CreateAliasInDomain " SAM_ALIAS ": NTSTATUS 0xc0000154 (STATUS_ALIAS_EXISTS)");
	assert_msg(s.msg[S_LOOKUP_NO_DOMAIN], "LookupDomainInSamServer NOSUCHDOMAIN: "
					      "NTSTATUS 0xc00000df (STATUS_NO_SUCH_DOMAIN)");
	assert_msg(s.msg[S_LOOKUP_RID_MISSING],
		   "LookupIdsInDomain RID 2147483632: NTSTATUS 0xc0000073");
	assert_msg(s.msg[S_FAULT], "nca_s_op_rng_error");
	samr_scenario_free(&s);
}

static void test_lsa_replay(void)
{
	/* The SIDs found (the last, a missing RID, is not). */
	static const char *const names[L_NSIDS - 1] = { "Certificate Service DCOM Access",
							"Domain Users", "Domain Computers",
							"Domain Controllers", "Everyone" };
	static const char *const domains[L_NSIDS - 1] = { "BUILTIN", "CONTOSO", "CONTOSO",
							  "CONTOSO", NULL };
	static const uint32_t types[L_NSIDS - 1] = { SID_TYPE_ALIAS, SID_TYPE_GROUP, SID_TYPE_GROUP,
						     SID_TYPE_GROUP, SID_TYPE_WELL_KNOWN };
	struct lsa_scenario s;
	struct rpc_stats st;
	struct replay r;

	replay_lsa(lsa_rec.in, lsa_rec.in_len, &r, &s, &st);
	CU_ASSERT_EQUAL(r.mismatch, SIZE_MAX);
	CU_ASSERT_EQUAL(r.out_off, lsa_rec.out_len);
	CU_ASSERT_EQUAL(r.in_off, lsa_rec.in_len);
	for (int i = 0; i < L_STEPS; i++) {
		CU_ASSERT_EQUAL(s.rc[i], lsa_want(i));
		if (s.rc[i] != lsa_want(i))
			printf("\n  lsarpc step %d: %d %s\n", i, s.rc[i], s.msg[i]);
	}
	CU_ASSERT_EQUAL(st.calls, L_STEPS);
	CU_ASSERT_EQUAL(lsa_rec.npdus, L_STEPS);
	lsa_domain = s.domain;
	CU_ASSERT(s.domain.count == 4 && cadcom__sid_eq(&s.domain, &samr_domain));
	CU_ASSERT(s.du.count == 5 && s.du.sub[4] == SAM_RID_DU);
	CU_ASSERT_EQUAL(s.du_type, SID_TYPE_GROUP);
	CU_ASSERT_STRING_EQUAL(s.du_domain ? s.du_domain : "", "CONTOSO");
	CU_ASSERT(sid_is(&s.everyone, "S-1-1-0"));
	CU_ASSERT_EQUAL(s.everyone_type, SID_TYPE_WELL_KNOWN);
	CU_ASSERT_PTR_NULL(s.everyone_domain); /* Samba names S-1-1 "" */
	CU_ASSERT(sid_is(&s.cda, "S-1-5-32-574"));
	CU_ASSERT_EQUAL(s.cda_type, SID_TYPE_ALIAS);
	CU_ASSERT_STRING_EQUAL(s.cda_domain ? s.cda_domain : "", "BUILTIN");
	for (int i = 0; i < L_NSIDS - 1; i++) {
		CU_ASSERT_STRING_EQUAL(s.sid_name[i] ? s.sid_name[i] : "", names[i]);
		CU_ASSERT(domains[i] ? s.sid_domain[i] && !strcmp(s.sid_domain[i], domains[i])
				     : !s.sid_domain[i]);
		CU_ASSERT_EQUAL(s.sid_type[i], types[i]);
	}
	CU_ASSERT(!s.sid_name[L_NSIDS - 1] && !s.sid_domain[L_NSIDS - 1]); /* not found */
	assert_msg(s.msg[L_NAME_MISSING], "dc1.contoso.test \\pipe\\lsarpc LookupNames3 " LSA_MISSING
					  ": NTSTATUS 0xc0000073 (STATUS_NONE_MAPPED)");
	assert_msg(s.msg[L_SID_MISSING], "LookupSids2 S-1-5-21-");
	assert_msg(s.msg[L_SID_MISSING], "-2147483632: NTSTATUS 0xc0000073 (STATUS_NONE_MAPPED)");
	lsa_scenario_free(&s);
}

/* ---- damage ----------------------------------------------------------------- */

/* CADCOM_ECONNECT: a call on the pipe a damaged answer left out of step. */
static bool clean(int rc)
{
	return rc == 0 || rc == CADCOM_EPROTO || rc == CADCOM_EIO || rc == CADCOM_ERPCFAULT ||
	       rc == CADCOM_ESERVER || rc == CADCOM_EACCESS || rc == CADCOM_ENOTFOUND ||
	       rc == CADCOM_EUNSUPPORTED || rc == CADCOM_ELIMIT || rc == CADCOM_ESTATE ||
	       rc == CADCOM_ECONNECT;
}

/* Run a damaged copy of `rec`'s answers: true when every code is a clean
 * one and some step failed that did not fail in the recording (`cut`:
 * a shortened recording must show). */
static bool damaged(const struct rec *rec, const unsigned char *in, size_t len, bool cut)
{
	struct rpc_stats st;
	struct replay r;
	bool ok = true, failed = false;

	if (rec == &samr_rec) {
		struct samr_scenario s;

		replay_samr(in, len, &r, &s, &st);
		for (int i = 0; i < S_STEPS; i++) {
			ok &= clean(s.rc[i]);
			failed |= s.rc[i] != samr_want(i);
		}
		samr_scenario_free(&s);
	} else {
		struct lsa_scenario s;

		replay_lsa(in, len, &r, &s, &st);
		for (int i = 0; i < L_STEPS; i++) {
			ok &= clean(s.rc[i]);
			failed |= s.rc[i] != lsa_want(i);
		}
		lsa_scenario_free(&s);
	}
	return ok && (failed || !cut);
}

static void truncated(const struct rec *rec)
{
	int bad = 0;

	for (size_t cut = 0; cut < rec->in_len; cut++)
		bad += !damaged(rec, rec->in, cut, true);
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_truncated(void)
{
	truncated(&samr_rec);
	truncated(&lsa_rec);
}

/* Every byte of the answers, flipped one at a time. */
static void flips(const struct rec *rec)
{
	unsigned char *in = malloc(rec->in_len);
	int bad = 0;

	for (size_t i = 0; i < rec->in_len; i++) {
		memcpy(in, rec->in, rec->in_len);
		in[i] ^= 0xff;
		bad += !damaged(rec, in, rec->in_len, false);
	}
	free(in);
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_flips(void)
{
	flips(&samr_rec);
	flips(&lsa_rec);
}

/* A field of a recorded answer: the PDU, the offset from its start
 * (24 is the first stub byte), the value and its size in bytes. */
struct patch {
	size_t pdu, off;
	uint32_t v;
	size_t n;
};

static unsigned char *patched(const struct rec *rec, const struct patch *p, size_t np)
{
	unsigned char *in = malloc(rec->in_len);

	memcpy(in, rec->in, rec->in_len);
	for (size_t k = 0; k < np; k++)
		for (size_t i = 0; i < p[k].n; i++)
			in[rec->pdus[p[k].pdu] + p[k].off + i] = (unsigned char)(p[k].v >> (8 * i));
	return in;
}

/* The step reading the damaged answer fails with `code`, its message
 * naming what is wrong. */
static void expect_n(const struct rec *rec, const struct patch *p, size_t np, int step, int code,
		     const char *needle)
{
	unsigned char *in = patched(rec, p, np);
	struct rpc_stats st;
	struct replay r;
	char msg[512];
	int rc;

	if (rec == &samr_rec) {
		struct samr_scenario s;

		replay_samr(in, rec->in_len, &r, &s, &st);
		rc = s.rc[step];
		memcpy(msg, s.msg[step], sizeof(msg));
		samr_scenario_free(&s);
	} else {
		struct lsa_scenario s;

		replay_lsa(in, rec->in_len, &r, &s, &st);
		rc = s.rc[step];
		memcpy(msg, s.msg[step], sizeof(msg));
		lsa_scenario_free(&s);
	}
	CU_ASSERT_EQUAL(rc, code);
	if (needle)
		CU_ASSERT(strstr(msg, needle) != NULL);
	if (rc != code || (needle && !strstr(msg, needle)))
		printf("\n  %s pdu %zu off %zu: step %d gave %d: %s\n", rec->pipe, p[0].pdu, p[0].off,
		       step, rc, msg);
	free(in);
}

#define EXPECT(rec, step, code, needle, ...)                                                     \
	expect_n(rec, (const struct patch[]){ __VA_ARGS__ },                                     \
		 sizeof((const struct patch[]){ __VA_ARGS__ }) / sizeof(struct patch), step, code, \
		 needle)

/* Byte offsets below are from the recorded answers' layout (README). */
static void test_samr_lies(void)
{
	const struct rec *R = &samr_rec;

	/* Connect5: another call_id; OutVersion 2, an arm we cannot size. */
	EXPECT(R, S_CONNECT, CADCOM_EPROTO, "call_id", { S_CONNECT, 12, 99, 4 });
	EXPECT(R, S_CONNECT, CADCOM_EPROTO, "Connect5 reply: OutVersion 2", { S_CONNECT, 24, 2, 4 });
	/* EnumerateDomains: Resume 24, ptr 28, count 32, ptr 36, max 40,
	 * {RID, name header} at 44 and 56, the names from 68. */
	EXPECT(R, S_ENUM, CADCOM_EPROTO, "max_count 2, but a count of 2147483647",
	       { S_ENUM, 32, 0x7fffffff, 4 });
	EXPECT(R, S_ENUM, CADCOM_EPROTO, "2147483647 domains, but 88 bytes left",
	       { S_ENUM, 32, 0x7fffffff, 4 }, { S_ENUM, 40, 0x7fffffff, 4 });
	EXPECT(R, S_ENUM, CADCOM_EPROTO, "truncated string characters",
	       { S_ENUM, 48, 0x04000400, 4 }, { S_ENUM, 68, 0x200, 4 }, { S_ENUM, 76, 0x200, 4 });
	EXPECT(R, S_ENUM, CADCOM_EPROTO, "CountReturned 3, but 2 entries", { S_ENUM, 124, 3, 4 });
	EXPECT(R, S_ENUM, CADCOM_EPROTO, "2 domains without an array", { S_ENUM, 36, 0, 4 });
	/* LookupDomain: ptr 24, conformance 28, SID 32. */
	EXPECT(R, S_LOOKUP_DOMAIN, CADCOM_EPROTO, "SID conformance 16",
	       { S_LOOKUP_DOMAIN, 28, 16, 4 });
	EXPECT(R, S_LOOKUP_DOMAIN, CADCOM_EPROTO, "SID with 16 sub-authorities",
	       { S_LOOKUP_DOMAIN, 33, 16, 1 });
	EXPECT(R, S_LOOKUP_DOMAIN, CADCOM_EPROTO, "bytes after the status",
	       { S_LOOKUP_DOMAIN, 24, 0, 4 });
	/* GetMembersInAlias: Count 24, ptr 28, max 32, SidPointer 36,
	 * conformance 40, SID 44 (five sub-authorities), status 72. */
	EXPECT(R, S_MEMBERS, CADCOM_EPROTO, "max_count 1, but a count of 2147483647",
	       { S_MEMBERS, 24, 0x7fffffff, 4 });
	EXPECT(R, S_MEMBERS, CADCOM_EPROTO, "2147483647 members, but 40 bytes left",
	       { S_MEMBERS, 24, 0x7fffffff, 4 }, { S_MEMBERS, 32, 0x7fffffff, 4 });
	EXPECT(R, S_MEMBERS, CADCOM_EPROTO, "GetMembersInAlias reply",
	       { S_MEMBERS, 24, 2, 4 }, { S_MEMBERS, 32, 2, 4 });
	EXPECT(R, S_MEMBERS, CADCOM_EPROTO, "member 0 is a NULL SID", { S_MEMBERS, 36, 0, 4 });
	EXPECT(R, S_MEMBERS, CADCOM_EPROTO, "SID conformance 16", { S_MEMBERS, 40, 16, 4 });
	EXPECT(R, S_MEMBERS, CADCOM_EPROTO, "SID with 16 sub-authorities", { S_MEMBERS, 45, 16, 1 });
	EXPECT(R, S_MEMBERS, CADCOM_EPROTO, "truncated SID", { S_MEMBERS, 45, 7, 1 },
	       { S_MEMBERS, 40, 7, 4 });
	EXPECT(R, S_MEMBERS, CADCOM_EPROTO, "1 members without an array", { S_MEMBERS, 28, 0, 4 });
	/* LookupNamesInDomain: {Count 24, ptr, max, RID 36}, {Count 40,
	 * ptr, max, Use 52}, status 56. */
	EXPECT(R, S_LOOKUP_NAME, CADCOM_EPROTO, "2 answers to one lookup",
	       { S_LOOKUP_NAME, 24, 2, 4 });
	EXPECT(R, S_LOOKUP_NAME, CADCOM_EPROTO, "1 RIDs but 0 types", { S_LOOKUP_NAME, 40, 0, 4 },
	       { S_LOOKUP_NAME, 48, 0, 4 }, { S_LOOKUP_NAME, 52, 0, 4 });
	EXPECT(R, S_LOOKUP_NAME, CADCOM_ENOTFOUND, SAM_ALIAS ": not found (type 8)",
	       { S_LOOKUP_NAME, 52, SID_TYPE_UNKNOWN, 4 });
	EXPECT(R, S_LOOKUP_NAME, 0, NULL, { S_LOOKUP_NAME, 56, 0x107, 4 }); /* SOME_NOT_MAPPED */
	/* LookupIdsInDomain: Count 24, ptr, max, name header 36 (length,
	 * size), ptr, body max 44, offset, actual 52, characters. */
	EXPECT(R, S_LOOKUP_RID, CADCOM_EPROTO, "truncated string characters",
	       { S_LOOKUP_RID, 36, 0x7ffe7ffe, 4 }, { S_LOOKUP_RID, 44, 0x3fff, 4 },
	       { S_LOOKUP_RID, 52, 0x3fff, 4 });
	/* A NULL name: what was its body is read as the next array. */
	EXPECT(R, S_LOOKUP_RID, CADCOM_EPROTO, "LookupIdsInDomain reply: 14 answers to one lookup",
	       { S_LOOKUP_RID, 40, 0, 4 }, { S_LOOKUP_RID, 36, 0, 4 });
	/* Statuses: each named, each its code. */
	EXPECT(R, S_ADD_DU, CADCOM_ESTATE, "NTSTATUS 0xc0000153 (STATUS_MEMBER_IN_ALIAS)",
	       { S_ADD_DU, 24, 0xC0000153, 4 });
	EXPECT(R, S_ADD_DU, CADCOM_ENOTFOUND, "NTSTATUS 0xc000017a (STATUS_NO_SUCH_MEMBER)",
	       { S_ADD_DU, 24, 0xC000017A, 4 });
	EXPECT(R, S_ADD_DU, CADCOM_EACCESS, "AddMemberToAlias S-1-5-21-",
	       { S_ADD_DU, 24, 0xC0000022, 4 });
	EXPECT(R, S_ADD_DU, CADCOM_EACCESS, "STATUS_ACCESS_DENIED",
	       { S_ADD_DU, 24, 0xC0000022, 4 });
	EXPECT(R, S_ADD_DU, CADCOM_ESERVER, "NTSTATUS 0xc0000001", { S_ADD_DU, 24, 0xC0000001, 4 });
	EXPECT(R, S_REMOVE_DU, CADCOM_ESTATE, "NTSTATUS 0xc0000152 (STATUS_MEMBER_NOT_IN_ALIAS)",
	       { S_REMOVE_DU, 24, 0xC0000152, 4 });
	EXPECT(R, S_CREATE, CADCOM_ESTATE, "(STATUS_GROUP_EXISTS)", { S_CREATE, 48, 0xC0000065, 4 });
	EXPECT(R, S_CREATE, CADCOM_ESTATE, "(STATUS_USER_EXISTS)", { S_CREATE, 48, 0xC0000063, 4 });
	EXPECT(R, S_OPEN_DOMAIN, CADCOM_ENOTFOUND, "OpenDomain S-1-5-21-",
	       { S_OPEN_DOMAIN, 44, 0xC00000DF, 4 });
	EXPECT(R, S_FAULT, CADCOM_EACCESS, "Opnum250", { S_FAULT, 24, 5, 4 });
}

static void test_lsa_lies(void)
{
	const struct rec *R = &lsa_rec;

	/* LookupNames3 of CONTOSO\Domain Users: the domain list (ptr 24,
	 * Entries 28, ptr 32, MaxEntries 36, max 40, {name header 44, SID
	 * ptr 52}, name body 56 (max, offset 60, actual 64), SID 84), the
	 * translations (Entries 112, ptr, max, {Use 124, SID ptr 128,
	 * DomainIndex 132, Flags 136}, SID 140), MappedCount 172, status 176. */
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "call_id", { L_NAME_DU, 12, 99, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "2147483647 referenced domains, but 136 bytes left",
	       { L_NAME_DU, 28, 0x7fffffff, 4 }, { L_NAME_DU, 40, 0x7fffffff, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "1000 referenced domains, but",
	       { L_NAME_DU, 28, 1000, 4 }, { L_NAME_DU, 40, 1000, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "LookupNames3 reply", { L_NAME_DU, 28, 5, 4 },
	       { L_NAME_DU, 40, 5, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "max_count 1, but a count of 2", { L_NAME_DU, 28, 2, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "truncated string characters",
	       { L_NAME_DU, 44, 0x7ffe7ffe, 4 }, { L_NAME_DU, 56, 0x3fff, 4 },
	       { L_NAME_DU, 64, 0x3fff, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "SID conformance 16", { L_NAME_DU, 84, 16, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "SID with 16 sub-authorities", { L_NAME_DU, 89, 16, 1 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "SID with 16 sub-authorities", { L_NAME_DU, 145, 16, 1 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "2 translations of one item", { L_NAME_DU, 112, 2, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "DomainIndex 5, but 1 referenced domains",
	       { L_NAME_DU, 132, 5, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_ENOTFOUND, LSA_DU ": not found (type 8)",
	       { L_NAME_DU, 124, SID_TYPE_UNKNOWN, 2 });
	EXPECT(R, L_NAME_DU, CADCOM_EPROTO, "LookupNames3 reply", { L_NAME_DU, 128, 0, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_EACCESS, "STATUS_ACCESS_DENIED",
	       { L_NAME_DU, 176, 0xC0000022, 4 });
	EXPECT(R, L_NAME_DU, CADCOM_ENOTFOUND, "(STATUS_NONE_MAPPED)",
	       { L_NAME_DU, 176, 0xC0000073, 4 });
	EXPECT(R, L_NAME_DU, 0, NULL, { L_NAME_DU, 176, 0x107, 4 }); /* SOME_NOT_MAPPED */
	/* LookupSids2 of S-1-5-32-574: the list ends at 100, then Entries,
	 * ptr, max, {Use 112, name header 116, ptr 120, DomainIndex 124,
	 * Flags 128}, name body 132 (max, offset, actual 140), status 212. */
	EXPECT(R, L_SID_CDA, CADCOM_EPROTO, "truncated string characters",
	       { L_SID_CDA, 116, 0x7ffe7ffe, 4 }, { L_SID_CDA, 132, 0x3fff, 4 },
	       { L_SID_CDA, 140, 0x3fff, 4 });
	EXPECT(R, L_SID_CDA, CADCOM_EPROTO, "LookupSids2 reply", { L_SID_CDA, 120, 0, 4 });
	EXPECT(R, L_SID_CDA, CADCOM_ENOTFOUND, "LookupSids2 S-1-5-32-574: not found (type 7)",
	       { L_SID_CDA, 112, SID_TYPE_INVALID, 2 });
	EXPECT(R, L_SID_CDA, CADCOM_ESERVER, "LookupSids2 S-1-5-32-574: NTSTATUS 0xc000018c",
	       { L_SID_CDA, 212, 0xC000018C, 4 });
	EXPECT(R, L_OPEN, CADCOM_EACCESS, "OpenPolicy2", { L_OPEN, 44, 0xC0000022, 4 });
}

/* DomainIndex -1: found, in no domain. */
static void test_no_domain(void)
{
	unsigned char *in = patched(&lsa_rec, &(struct patch){ L_NAME_DU, 132, 0xffffffff, 4 }, 1);
	struct lsa_scenario s;
	struct rpc_stats st;
	struct replay r;

	replay_lsa(in, lsa_rec.in_len, &r, &s, &st);
	CU_ASSERT_EQUAL(s.rc[L_NAME_DU], 0);
	CU_ASSERT_PTR_NULL(s.du_domain);
	CU_ASSERT(s.du.count == 5 && s.du.sub[4] == SAM_RID_DU);
	lsa_scenario_free(&s);
	free(in);
}

/* ---- a made-up server ------------------------------------------------------- */

/* Plays response PDUs made with fake_answer (the conn is not bound, so
 * its calls are 1, 2...) and keeps what the client wrote. */
struct fake {
	struct ndr_out in, out;
	size_t off; /* read so far of `in` */
};

static int f_write(void *ctx, const unsigned char *p, size_t n)
{
	ndr_put_bytes(&((struct fake *)ctx)->out, p, n);
	return 0;
}

static int f_read(void *ctx, unsigned char *p, size_t n)
{
	struct fake *f = ctx;

	if (n > f->in.len - f->off)
		return cadcom__error(CADCOM_EIO, -1, "fake: no more answers");
	memcpy(p, f->in.data + f->off, n);
	f->off += n;
	return 0;
}

/* A response to call `call_id` carrying `stub`, in fragments: requests
 * and responses share the layout but for the type and the last 4 bytes. */
static void fake_answer(struct fake *f, uint32_t call_id, const struct ndr_out *stub)
{
	struct ndr_out pdu;
	size_t off = 0, used;

	ndr_out_init(&pdu);
	do {
		pdu.len = 0;
		CU_ASSERT_EQUAL_FATAL(rpc_pdu_request(&pdu, call_id, 0, stub->data, stub->len, off,
						      RPC_MAX_FRAG, &used), 0);
		pdu.data[2] = RPC_PTYPE_RESPONSE;
		ndr_put_bytes(&f->in, pdu.data, pdu.len);
		off += used;
	} while (off < stub->len);
	ndr_out_free(&pdu);
}

static struct rpc_conn fake_conn(struct fake *f, const struct rpc_iface *iface,
				 struct rpc_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	return (struct rpc_conn){ .io = { f_write, f_read, f }, .iface = iface, .host = "fake",
				  .max_xmit = RPC_MAX_FRAG, .max_recv = RPC_MAX_FRAG, .stats = stats };
}

/* GetMembersInAlias answering `n` members S-1-5-21-1-2-3-<i>. */
static void members_stub(struct ndr_out *o, uint32_t n)
{
	struct cadcom_sid sid = { 1, 5, 5, { 21, 1, 2, 3, 0 } };

	ndr_out_init(o);
	ndr_put_u32(o, n);
	ndr_put_ptr(o, true);
	ndr_put_u32(o, n);
	for (uint32_t i = 0; i < n; i++)
		ndr_put_ptr(o, true);
	for (uint32_t i = 0; i < n; i++) {
		sid.sub[4] = i;
		ndr_put_sid(o, &sid);
	}
	ndr_put_u32(o, 0);
}

static int fake_members(uint32_t n, struct cadcom_sid **sids, size_t *count)
{
	struct fake f = { .off = 0 };
	struct rpc_stats st;
	struct rpc_conn c = fake_conn(&f, &rpc_samr, &st);
	struct ndr_out stub;
	int rc;

	ndr_out_init(&f.in);
	ndr_out_init(&f.out);
	members_stub(&stub, n);
	fake_answer(&f, 1, &stub);
	rc = samr_alias_members(&c, &(struct rpc_handle){ { 0 } }, sids, count);
	ndr_out_free(&stub);
	ndr_out_free(&f.in);
	ndr_out_free(&f.out);
	return rc;
}

static void test_many_members(void)
{
	struct cadcom_sid *sids = NULL;
	size_t n = 0;

	CU_ASSERT_EQUAL(fake_members(100000, &sids, &n), 0);
	CU_ASSERT(n == 100000 && sids && sids[99999].sub[4] == 99999 && sids[0].count == 5);
	free(sids);
	sids = NULL;
	CU_ASSERT_EQUAL(fake_members(100001, &sids, &n), CADCOM_ELIMIT);
	assert_msg(cadcom_error_message(cadcom_error_last()),
		   "fake \\pipe\\samr GetMembersInAlias reply: 100001 members, more than the 100000");
	CU_ASSERT_PTR_NULL(sids);
}

/* One page of EnumerateDomains: `names`, resume `resume`, `status`. */
static void enum_stub(struct ndr_out *o, const char *const *names, uint32_t n, uint32_t resume,
		      uint32_t status)
{
	ndr_out_init(o);
	ndr_put_u32(o, resume);
	ndr_put_ptr(o, true);
	ndr_put_u32(o, n);
	ndr_put_ptr(o, true);
	ndr_put_u32(o, n);
	for (uint32_t i = 0; i < n; i++) {
		ndr_put_u32(o, i);
		ndr_put_ustr_hdr(o, names[i], false);
	}
	for (uint32_t i = 0; i < n; i++)
		ndr_put_ustr_body(o, names[i], false);
	ndr_put_u32(o, n);
	ndr_put_u32(o, status);
}

static void test_enum_pages(void)
{
	static const char *const one[] = { "ACCOUNT" }, *const two[] = { "Builtin" };
	struct fake f = { .off = 0 };
	struct rpc_stats st;
	struct rpc_conn c = fake_conn(&f, &rpc_samr, &st);
	struct ndr_out p1, p2;
	char **names = NULL;
	size_t n = 0;

	ndr_out_init(&f.in);
	ndr_out_init(&f.out);
	enum_stub(&p1, one, 1, 0x1234, 0x105 /* STATUS_MORE_ENTRIES */);
	enum_stub(&p2, two, 1, 0x5678, 0);
	fake_answer(&f, 1, &p1);
	fake_answer(&f, 2, &p2);
	CU_ASSERT_EQUAL(samr_enum_domains(&c, &(struct rpc_handle){ { 0 } }, &names, &n), 0);
	CU_ASSERT(n == 2 && !strcmp(names[0], "ACCOUNT") && !strcmp(names[1], "Builtin"));
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	/* The second request resumes where the first answer said: request
	 * header 24, handle 20, then EnumerationContext. */
	CU_ASSERT_EQUAL_FATAL(f.out.len, 2 * (24 + 28));
	CU_ASSERT_EQUAL(f.out.data[52 + 44] | f.out.data[52 + 45] << 8, 0x1234);
	ndr_out_free(&p1);
	ndr_out_free(&p2);

	/* More entries, yet none: refused before it loops for ever. */
	f.in.len = f.out.len = f.off = 0;
	c = fake_conn(&f, &rpc_samr, &st);
	enum_stub(&p1, one, 0, 0, 0x105);
	fake_answer(&f, 1, &p1);
	names = NULL;
	CU_ASSERT_EQUAL(samr_enum_domains(&c, &(struct rpc_handle){ { 0 } }, &names, &n),
			CADCOM_EPROTO);
	assert_msg(cadcom_error_message(cadcom_error_last()), "more entries, yet none");
	CU_ASSERT_PTR_NULL(names);
	ndr_out_free(&p1);
	ndr_out_free(&f.in);
	ndr_out_free(&f.out);
}

/* A copy of the recorded PDU at `at` of `buf`, with another call_id. */
static void put_pdu(struct ndr_out *o, const unsigned char *buf, size_t at, uint32_t call_id)
{
	size_t len = (size_t)(buf[at + 8] | buf[at + 9] << 8), start = o->len;

	ndr_put_bytes(o, buf + at, len);
	for (int i = 0; i < 4; i++)
		o->data[start + 12 + i] = (unsigned char)(call_id >> (8 * i));
}

/* The offset of request PDU `index` of the recorded lsarpc session. */
static size_t request_at(size_t index)
{
	size_t off = 0;

	for (size_t i = 0; i < index; i++)
		off += (size_t)(lsa_rec.out[off + 8] | lsa_rec.out[off + 9] << 8);
	return off;
}

/* LookupNames3 answered by nca_s_op_rng_error: LookupNames2, which the
 * recording has Samba's answer to, and the SID built from the RID. */
static void fallback(uint32_t fault, int want, size_t names2_index_patch)
{
	struct ndr_out out, in;
	struct cadcom_sid sid;
	struct rpc_stats st;
	struct replay r;
	struct rpc_conn c;
	struct rpc_handle policy;
	char *domain = NULL;
	uint32_t type = 0;

	ndr_out_init(&out);
	ndr_out_init(&in);
	/* Bind, OpenPolicy2, LookupNames3 as recorded, but the answer to
	 * the last is the recorded fault with `fault`. */
	for (size_t i = 0; i <= L_NAME_DU; i++)
		put_pdu(&out, lsa_rec.out, request_at(i), (uint32_t)i + 1);
	for (size_t i = 0; i < L_NAME_DU; i++)
		put_pdu(&in, lsa_rec.in, lsa_rec.pdus[i], (uint32_t)i + 1);
	put_pdu(&in, lsa_rec.in, lsa_rec.pdus[L_FAULT], L_NAME_DU + 1);
	for (int i = 0; i < 4; i++)
		in.data[in.len - 8 + i] = (unsigned char)(fault >> (8 * i));
	put_pdu(&out, lsa_rec.out, request_at(L_NAMES2_RAW), L_NAME_DU + 2);
	put_pdu(&in, lsa_rec.in, lsa_rec.pdus[L_NAMES2_RAW], L_NAME_DU + 2);
	if (names2_index_patch) /* from the start of the PDU just added */
		memset(in.data + in.len - (lsa_rec.pdus[L_NAMES2_RAW + 1] - lsa_rec.pdus[L_NAMES2_RAW]) +
			       names2_index_patch,
		       0xff, 4);
	c = replay_conn(&r, out.data, out.len, in.data, in.len, &rpc_lsarpc, &st);
	CU_ASSERT_EQUAL(rpc_bind(&c), 0);
	CU_ASSERT_EQUAL(lsa_open_policy2(&c,
					 LSA_POLICY_LOOKUP_NAMES | LSA_POLICY_VIEW_LOCAL_INFORMATION,
					 &policy),
			0);
	CU_ASSERT_EQUAL(lsa_lookup_name(&c, &policy, LSA_DU, &sid, &type, &domain), want);
	CU_ASSERT_EQUAL(r.mismatch, SIZE_MAX);
	if (want == 0) {
		struct cadcom_sid du = sam_sid_rid(&lsa_domain, SAM_RID_DU);

		CU_ASSERT(cadcom__sid_eq(&sid, &du));
		CU_ASSERT_EQUAL(type, SID_TYPE_GROUP);
		CU_ASSERT_STRING_EQUAL(domain ? domain : "", "CONTOSO");
		CU_ASSERT_EQUAL(r.in_off, in.len);
		CU_ASSERT_EQUAL(r.out_off, out.len);
	} else if (want == CADCOM_ERPCFAULT) { /* another fault: no second try */
		CU_ASSERT_EQUAL(r.out_off, (size_t)request_at(L_NAME_DU + 1));
	}
	free(domain);
	ndr_out_free(&out);
	ndr_out_free(&in);
}

static void test_fallback(void)
{
	fallback(0x1c010002 /* nca_s_op_rng_error */, 0, 0);
	fallback(0x000006f7 /* nca_s_fault_ndr */, CADCOM_ERPCFAULT, 0);
	/* LookupNames2's DomainIndex (at 132) -1: a RID without a domain. */
	fallback(0x1c010002, CADCOM_EPROTO, 132);
	assert_msg(cadcom_error_message(cadcom_error_last()),
		   "LookupNames2 reply: a RID without a domain SID");
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "samr: the recorded session replays exactly", test_samr_replay },
		{ "lsarpc: the recorded session replays exactly", test_lsa_replay },
		{ "cut short anywhere", test_truncated },
		{ "every byte flipped", test_flips },
		{ "samr: lying counts, lengths, SIDs, call_id, statuses", test_samr_lies },
		{ "lsarpc: lying counts, lengths, SIDs, indexes, statuses", test_lsa_lies },
		{ "lsarpc: a name in no domain", test_no_domain },
		{ "samr: 100000 members, and one more", test_many_members },
		{ "samr: domains in pages", test_enum_pages },
		{ "lsarpc: LookupNames2 when LookupNames3 is missing", test_fallback },
		CU_TEST_INFO_NULL,
	};
	int rc;

	load(&samr_rec);
	load(&lsa_rec);
	rc = cu_run("sam", tests);
	free(samr_rec.out);
	free(samr_rec.in);
	free(lsa_rec.out);
	free(lsa_rec.in);
	return rc;
}
