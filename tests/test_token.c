/*
 * Tokens (MS-DTYP 2.5.2): user and groups, deny-only groups, the well-known
 * SIDs of a logon, privileges, and the text form used by `cadcom why
 * --groups` and the differential test.
 */
#include "cu.h"

static void assert_text(const cadcom_token *t, const char *want)
{
	char *got = NULL;

	CU_ASSERT_EQUAL(cadcom_token_to_string(t, &got), 0);
	if (strcmp(got, want))
		fprintf(stderr, "\n  want %s\n  got  %s\n", want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	cadcom_free(got);
}

static void test_groups(void)
{
	cadcom_sid *user = cu_sid("S-1-5-21-1-2-3-1101"), *du = cu_sid("S-1-5-21-1-2-3-513"),
		   *wd = cu_sid("WD"), *an = cu_sid("AN");
	cadcom_token *t = NULL, *copy = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_token_new(&t, user), 0);
	CU_ASSERT_EQUAL(cadcom_token_group_count(t), 0);
	CU_ASSERT(cadcom_sid_equal(cadcom_token_user(t), user));
	CU_ASSERT_EQUAL(cadcom_token_add_group(t, du, CADCOM_TOKEN_DENY_ONLY), 0);
	CU_ASSERT_EQUAL(cadcom_token_add_group(t, wd, 0), 0);
	CU_ASSERT_EQUAL(cadcom_token_add_group(t, wd, 0), 0);   /* no duplicate */
	CU_ASSERT_EQUAL(cadcom_token_add_group(t, user, 0), 0); /* the user is not a group */
	CU_ASSERT_EQUAL(cadcom_token_group_count(t), 2);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(t, user), 1);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(t, wd), 1);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(t, du), 2);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(t, an), 0);
	CU_ASSERT_EQUAL(cadcom_token_group_flags(t, 0), CADCOM_TOKEN_DENY_ONLY);
	CU_ASSERT_PTR_NULL(cadcom_token_group(t, 2));
	assert_text(t, "S-1-5-21-1-2-3-1101,S-1-1-0;S-1-5-21-1-2-3-513");

	CU_ASSERT_EQUAL(cadcom_token_dup(t, &copy), 0);
	/* Added again enabled, the deny-only group becomes enabled — in the copy only. */
	CU_ASSERT_EQUAL(cadcom_token_add_group(copy, du, 0), 0);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(copy, du), 1);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(t, du), 2);
	/* ...but an enabled group does not become deny-only. */
	CU_ASSERT_EQUAL(cadcom_token_add_group(copy, wd, CADCOM_TOKEN_DENY_ONLY), 0);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(copy, wd), 1);

	CU_ASSERT_EQUAL(cadcom_token_set_privileges(t, CADCOM_PRIV_TAKE_OWNERSHIP), 0);
	CU_ASSERT_EQUAL(cadcom_token_privileges(t), CADCOM_PRIV_TAKE_OWNERSHIP);
	CU_ASSERT_EQUAL(cadcom_token_privileges(copy), 0);

	cadcom_token_free(copy);
	cadcom_token_free(t);
	cadcom_sid_free(user);
	cadcom_sid_free(du);
	cadcom_sid_free(wd);
	cadcom_sid_free(an);
}

static void test_logon_sids(void)
{
	cadcom_sid *user = cu_sid("S-1-5-21-1-2-3-1101"), *anon = cu_sid("AN");
	cadcom_token *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_token_new(&t, user), 0);
	CU_ASSERT_EQUAL(cadcom_token_add_logon_sids(t, CADCOM_LOGON_NETWORK), 0);
	assert_text(t, "S-1-5-21-1-2-3-1101,S-1-5-2,S-1-1-0,S-1-5-11");
	cadcom_token_free(t);

	CU_ASSERT_EQUAL_FATAL(cadcom_token_new(&t, user), 0);
	CU_ASSERT_EQUAL(cadcom_token_add_logon_sids(t, CADCOM_LOGON_INTERACTIVE), 0);
	assert_text(t, "S-1-5-21-1-2-3-1101,S-1-5-4,S-1-2-0,S-1-1-0,S-1-5-11");
	CU_ASSERT_EQUAL(cadcom_token_add_logon_sids(t, 7), CADCOM_EINVAL);
	cadcom_token_free(t);

	/* Anonymous is neither Everyone nor authenticated (since Server 2003). */
	CU_ASSERT_EQUAL_FATAL(cadcom_token_new(&t, anon), 0);
	CU_ASSERT_EQUAL(cadcom_token_add_logon_sids(t, CADCOM_LOGON_NETWORK), 0);
	assert_text(t, "S-1-5-7,S-1-5-2");
	cadcom_token_free(t);
	cadcom_sid_free(user);
	cadcom_sid_free(anon);
}

static void test_text(void)
{
	cadcom_sid *dom = cu_sid("S-1-5-21-1-2-3");
	cadcom_token *t = NULL;

	CU_ASSERT_EQUAL(cadcom_token_from_string(&t, " S-1-5-21-1-2-3-1101 , DU,WD ;AN, S-1-5-32-574", dom), 0);
	assert_text(t, "S-1-5-21-1-2-3-1101,S-1-5-21-1-2-3-513,S-1-1-0;S-1-5-7,S-1-5-32-574");
	cadcom_token_free(t);
	t = NULL;

	/* Errors point at the element. */
	CU_ASSERT_EQUAL(cadcom_token_from_string(&t, "S-1-1-0,XX", NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 8);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "XX"));
	CU_ASSERT_EQUAL(cadcom_token_from_string(&t, "S-1-1-0,,S-1-5-2", NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 8);
	CU_ASSERT_EQUAL(cadcom_token_from_string(&t, "S-1-1-0,S-1-5-2x", NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 15);
	CU_ASSERT_EQUAL(cadcom_token_from_string(&t, "S-1-1-0;S-1-5-2;S-1-5-7", NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_token_from_string(&t, "", NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_token_from_string(&t, "DU", NULL), CADCOM_ENEEDDOMAIN);
	CU_ASSERT_PTR_NULL(t);
	cadcom_sid_free(dom);
}

static void test_limits_and_bad_input(void)
{
	cadcom_sid *user = cu_sid("S-1-5-21-1-2-3-1101"), *g;
	cadcom_token *t = NULL;
	uint32_t sub[5] = { 21, 1, 2, 3, 0 };
	int rc = 0;

	CU_ASSERT_EQUAL_FATAL(cadcom_token_new(&t, user), 0);
	for (uint32_t i = 0; i < 1024 && rc == 0; i++) {
		sub[4] = 2000 + i;
		cadcom_sid_new(&g, 5, sub, 5);
		rc = cadcom_token_add_group(t, g, 0);
		cadcom_sid_free(g);
	}
	CU_ASSERT_EQUAL(rc, 0);
	sub[4] = 99999;
	cadcom_sid_new(&g, 5, sub, 5);
	CU_ASSERT_EQUAL(cadcom_token_add_group(t, g, 0), CADCOM_ELIMIT);
	CU_ASSERT_EQUAL(cadcom_token_add_group(t, user, 0x80), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_token_set_privileges(t, 0x100), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_token_add_group(NULL, g, 0), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_token_add_group(t, NULL, 0), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_token_new(NULL, user), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(NULL, user), 0);
	CU_ASSERT_PTR_NULL(cadcom_token_user(NULL));
	CU_ASSERT_EQUAL(cadcom_token_group_count(NULL), 0);
	CU_ASSERT(strlen(cadcom_error_message(cadcom_error_last())) > 0);
	cadcom_token_free(NULL);
	cadcom_sid_free(g);
	cadcom_token_free(t);
	cadcom_sid_free(user);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "groups, deny-only, dup, privileges", test_groups },
		{ "well-known SIDs of a logon", test_logon_sids },
		{ "text form and its errors", test_text },
		{ "limits and bad input", test_limits_and_bad_input },
		CU_TEST_INFO_NULL,
	};
	return cu_run("token", tests);
}
