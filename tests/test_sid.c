/*
 * SIDs.  Text rules: MS-DTYP 2.4.2.1 and Microsoft's SecAuthZ/sid-strings.md;
 * Windows' own quirks (clamping, hex) as observed on Windows and recorded in
 * Samba's libcli/security/tests/windows/ files (see doc/SDDL.md).
 */
#include "cu.h"

static char *str(const char *in, const cadcom_sid *domain)
{
	cadcom_sid *sid;
	char *out = NULL;

	if (cadcom_sid_from_string(&sid, in, domain) != 0)
		return strdup("ERR");
	CU_ASSERT_EQUAL(cadcom_sid_to_string(sid, &out), 0);
	cadcom_sid_free(sid);
	return out;
}

#define CHECK_SID(in, want, dom)                                 \
	do {                                                     \
		char *s_ = str(in, dom);                         \
		if (strcmp(s_, want))                            \
			fprintf(stderr, "\n %s -> %s\n", in, s_); \
		CU_ASSERT_STRING_EQUAL(s_, want);                \
		free(s_);                                        \
	} while (0)

/* MS-DTYP 2.4.2.1: S-1-IdentifierAuthority-SubAuthority... */
static void test_sid_standard_forms(void)
{
	CHECK_SID("S-1-5-32-574", "S-1-5-32-574", NULL);
	CHECK_SID("s-1-5-18", "S-1-5-18", NULL);
	CHECK_SID("S-1-5", "S-1-5", NULL);
	CHECK_SID("S-1-0x2-3-4", "S-1-2-3-4", NULL);
	CHECK_SID("S-1-5-21-0x1-0x2-0x3-513", "S-1-5-21-1-2-3-513", NULL);
	/* Authorities of 2^32 and more print in hex (observed Windows output). */
	CHECK_SID("S-1-21474836480-32-579", "S-1-0x500000000-32-579", NULL);
	CHECK_SID("S-1-5000000000-30-40", "S-1-0x12A05F200-30-40", NULL);
	CHECK_SID("S-1-281474976710655", "S-1-0xFFFFFFFFFFFF", NULL);
}

/* Windows clamps sub-authorities to 32 bits; "S-0x1-" makes the rest hex. */
static void test_sid_windows_quirks(void)
{
	CHECK_SID("S-1-3-4294967296-3-4", "S-1-3-4294967295-3-4", NULL);
	CHECK_SID("S-1-3-0x100000000-3-4", "S-1-3-4294967295-3-4", NULL);
	CHECK_SID("S-1-5-21-0x1313131313131-513", "S-1-5-21-4294967295-513", NULL);
	CHECK_SID("S-1-5-99999999999999999999999999", "S-1-5-4294967295", NULL);
	CHECK_SID("S-0x1-0-0-579", "S-1-0-0-1401", NULL);
	CHECK_SID("S-0x1-20-0-579", "S-1-32-0-1401", NULL);
	CHECK_SID("S- 1- 2-3", "S-1-2-3", NULL);
}

static void test_sid_rejects(void)
{
	static const char *bad[] = {
		"", "S", "S-", "S-1", "S-10", "S-0", "S-1-", "S-0x1", "S-0x1-", "S-2-5",
		"S-1-0x1313131313131-513", /* authority wider than 48 bits */
		"S-1-281474976710656", "S-1-5-", "S-1-5-x", "S-1-5-1 ", " S-1-5-1", "S-1-5--1",
		"XX", "wd ", "S-1-5-0x",
		"S-1-5-21-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", /* 16 sub-authorities */
	};
	cadcom_sid *sid;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sid = NULL;
		int rc = cadcom_sid_from_string(&sid, bad[i], NULL);
		if (rc >= 0)
			fprintf(stderr, "\n accepted %s\n", bad[i]);
		CU_ASSERT(rc < 0);
		CU_ASSERT_PTR_NULL(sid);
		CU_ASSERT(strlen(cadcom_error_message(cadcom_error_last())) > 0);
	}
	CU_ASSERT_EQUAL(cadcom_sid_from_string(&sid, "S-1-5-21-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16",
					       NULL), CADCOM_ELIMIT);
	CU_ASSERT_EQUAL(cadcom_sid_from_string(NULL, "S-1-1-0", NULL), CADCOM_EINVAL);
}

/* sid-strings.md: the aliases, including CD = S-1-5-32-574. */
static void test_sid_aliases(void)
{
	cadcom_sid *dom;

	CHECK_SID("WD", "S-1-1-0", NULL);
	CHECK_SID("cd", "S-1-5-32-574", NULL);
	CHECK_SID("BA", "S-1-5-32-544", NULL);
	CHECK_SID("OW", "S-1-3-4", NULL);
	CHECK_SID("UD", "S-1-5-84-0-0-0-0-0", NULL);
	CHECK_SID("AC", "S-1-15-2-1", NULL);
	CHECK_SID("SI", "S-1-16-16384", NULL);
	CHECK_SID("RM", "S-1-5-32-580", NULL);
	CU_ASSERT_EQUAL_FATAL(cadcom_sid_from_string(&dom, "S-1-5-21-1-2-3", NULL), 0);
	CHECK_SID("DU", "S-1-5-21-1-2-3-513", dom);
	CHECK_SID("DD", "S-1-5-21-1-2-3-516", dom);
	CHECK_SID("RO", "S-1-5-21-1-2-3-498", dom);
	CHECK_SID("RS", "S-1-5-21-1-2-3-553", dom);
	cadcom_sid *sid = NULL;
	CU_ASSERT_EQUAL(cadcom_sid_from_string(&sid, "DU", NULL), CADCOM_ENEEDDOMAIN);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "domain"));

	/* Output aliases follow the target release (sid-strings.md "Not available"). */
	CU_ASSERT_EQUAL_FATAL(cadcom_sid_from_string(&sid, "S-1-5-32-574", NULL), 0);
	CU_ASSERT_STRING_EQUAL(cadcom_sid_alias(sid, NULL, CADCOM_WINDOWS_LATEST), "CD");
	CU_ASSERT_STRING_EQUAL(cadcom_sid_alias(sid, NULL, CADCOM_WINDOWS_2008R2), "CD");
	CU_ASSERT_PTR_NULL(cadcom_sid_alias(sid, NULL, CADCOM_WINDOWS_2008));
	CU_ASSERT_PTR_NULL(cadcom_sid_alias(sid, NULL, CADCOM_WINDOWS_2003));
	CU_ASSERT_STRING_EQUAL(cadcom_sid_name(sid), "Certificate Service DCOM Access");
	cadcom_sid_free(sid);
	/* RM and MS are read but never written (not in Microsoft's table for current Windows). */
	CU_ASSERT_EQUAL_FATAL(cadcom_sid_from_string(&sid, "RM", NULL), 0);
	CU_ASSERT_PTR_NULL(cadcom_sid_alias(sid, NULL, CADCOM_WINDOWS_LATEST));
	cadcom_sid_free(sid);
	/* Domain aliases need the SID to be in the given domain. */
	CU_ASSERT_EQUAL_FATAL(cadcom_sid_from_string(&sid, "S-1-5-21-1-2-3-513", NULL), 0);
	CU_ASSERT_STRING_EQUAL(cadcom_sid_alias(sid, dom, CADCOM_WINDOWS_LATEST), "DU");
	CU_ASSERT_PTR_NULL(cadcom_sid_alias(sid, NULL, CADCOM_WINDOWS_LATEST));
	CU_ASSERT_STRING_EQUAL(cadcom_sid_name(sid), "Domain Users");
	CU_ASSERT(cadcom_sid_in_domain(sid, dom));
	CU_ASSERT_EQUAL(cadcom_sid_rid(sid), 513);
	cadcom_sid_free(sid);
	/* Distributed COM Users has a name but no alias (facts.md §4). */
	CU_ASSERT_EQUAL_FATAL(cadcom_sid_from_string(&sid, "S-1-5-32-562", NULL), 0);
	CU_ASSERT_PTR_NULL(cadcom_sid_alias(sid, NULL, CADCOM_WINDOWS_LATEST));
	CU_ASSERT_STRING_EQUAL(cadcom_sid_name(sid), "Distributed COM Users");
	cadcom_sid_free(sid);
	cadcom_sid_free(dom);
}

/* MS-DTYP 2.4.2.2: revision, count, 6-byte big-endian authority, LE subs. */
static void test_sid_binary(void)
{
	static const unsigned char ba[] = { 1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 2, 0, 0, 0xEE };
	cadcom_sid *sid, *back;
	unsigned char *bytes;
	size_t len, used;
	char *s;

	CU_ASSERT_EQUAL_FATAL(cadcom_sid_from_bytes(&sid, ba, sizeof(ba), &used), 0);
	CU_ASSERT_EQUAL(used, 16);
	CU_ASSERT_EQUAL(cadcom_sid_to_string(sid, &s), 0);
	CU_ASSERT_STRING_EQUAL(s, "S-1-5-32-544");
	cadcom_free(s);
	CU_ASSERT_EQUAL(cadcom_sid_to_bytes(sid, &bytes, &len), 0);
	CU_ASSERT_EQUAL(len, 16);
	CU_ASSERT_EQUAL(memcmp(bytes, ba, 16), 0);
	CU_ASSERT_EQUAL(cadcom_sid_from_bytes(&back, bytes, len, NULL), 0);
	CU_ASSERT(cadcom_sid_equal(sid, back));
	cadcom_free(bytes);
	cadcom_sid_free(back);
	cadcom_sid_free(sid);

	/* Truncation, bad revision, 16 sub-authorities. */
	CU_ASSERT_EQUAL(cadcom_sid_from_bytes(&sid, ba, 7, NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_sid_from_bytes(&sid, ba, 15, NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 15);
	unsigned char bad[sizeof(ba)];
	memcpy(bad, ba, sizeof(ba));
	bad[0] = 2;
	CU_ASSERT_EQUAL(cadcom_sid_from_bytes(&sid, bad, sizeof(bad), NULL), CADCOM_EPARSE);
	bad[0] = 1;
	bad[1] = 16;
	CU_ASSERT_EQUAL(cadcom_sid_from_bytes(&sid, bad, sizeof(bad), NULL), CADCOM_ELIMIT);
}

static void test_sid_new_compare(void)
{
	uint32_t subs[] = { 21, 1, 2, 3, 513 };
	uint32_t many[16] = { 0 };
	cadcom_sid *a, *b, *c;

	CU_ASSERT_EQUAL_FATAL(cadcom_sid_new(&a, 5, subs, 5), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_sid_from_string(&b, "S-1-5-21-1-2-3-513", NULL), 0);
	CU_ASSERT(cadcom_sid_equal(a, b));
	CU_ASSERT_EQUAL(cadcom_sid_compare(a, b), 0);
	CU_ASSERT_EQUAL(cadcom_sid_authority(a), 5);
	CU_ASSERT_EQUAL(cadcom_sid_subauth_count(a), 5);
	CU_ASSERT_EQUAL(cadcom_sid_subauth(a, 4), 513);
	CU_ASSERT_EQUAL(cadcom_sid_subauth(a, 5), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_sid_new(&c, 5, subs, 4), 0);
	CU_ASSERT(cadcom_sid_compare(c, a) < 0);
	CU_ASSERT(cadcom_sid_in_domain(a, c));
	CU_ASSERT(!cadcom_sid_in_domain(c, a));
	CU_ASSERT(!cadcom_sid_equal(a, NULL));
	cadcom_sid_free(c);
	CU_ASSERT_EQUAL(cadcom_sid_new(&c, 5, many, 16), CADCOM_ELIMIT);
	CU_ASSERT_EQUAL(cadcom_sid_new(&c, UINT64_C(1) << 48, subs, 1), CADCOM_EINVAL);
	cadcom_sid_free(a);
	cadcom_sid_free(b);
	cadcom_sid_free(NULL);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "standard forms", test_sid_standard_forms },
		{ "Windows quirks", test_sid_windows_quirks },
		{ "rejects", test_sid_rejects },
		{ "aliases", test_sid_aliases },
		{ "binary", test_sid_binary },
		{ "new and compare", test_sid_new_compare },
		CU_TEST_INFO_NULL,
	};
	return cu_run("sid", tests);
}
