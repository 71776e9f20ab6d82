/* The descriptor model: ACL states, ACEs, equality, copies (MS-DTYP 2.4.4-2.4.6). */
#include "cu.h"

static void test_sd_empty(void)
{
	cadcom_sd *sd;
	char *text;

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_new(&sd), 0);
	CU_ASSERT_PTR_NULL(cadcom_sd_owner(sd));
	CU_ASSERT_PTR_NULL(cadcom_sd_group(sd));
	CU_ASSERT_EQUAL(cadcom_sd_acl_state(sd, CADCOM_DACL), CADCOM_ACL_ABSENT);
	CU_ASSERT_EQUAL(cadcom_sd_acl_state(sd, CADCOM_SACL), CADCOM_ACL_ABSENT);
	CU_ASSERT_EQUAL(cadcom_sd_control(sd), CADCOM_SD_SELF_RELATIVE);
	CU_ASSERT_EQUAL(cadcom_sd_ace_count(sd, CADCOM_DACL), 0);
	CU_ASSERT_PTR_NULL(cadcom_sd_ace(sd, CADCOM_DACL, 0));
	CU_ASSERT_EQUAL(cadcom_sd_to_sddl(sd, NULL, 0, &text), 0);
	CU_ASSERT_STRING_EQUAL(text, "");
	cadcom_free(text);
	CU_ASSERT_EQUAL(cadcom_sd_acl_state(sd, 7), CADCOM_EINVAL);
	cadcom_sd_free(sd);
}

/* Absent vs NULL vs present-and-empty are three different descriptors. */
static void test_sd_acl_states(void)
{
	cadcom_sd *a, *b;
	char *text;

	cadcom_sd_new(&a);
	cadcom_sd_new(&b);
	CU_ASSERT(cadcom_sd_equal(a, b));
	cadcom_sd_set_acl_state(a, CADCOM_DACL, CADCOM_ACL_NULL);
	CU_ASSERT(!cadcom_sd_equal(a, b));
	CU_ASSERT(cadcom_sd_control(a) & CADCOM_SD_DACL_PRESENT);
	cadcom_sd_to_sddl(a, NULL, 0, &text);
	CU_ASSERT_STRING_EQUAL(text, "D:NO_ACCESS_CONTROL");
	cadcom_free(text);
	cadcom_sd_set_acl_state(b, CADCOM_DACL, CADCOM_ACL_PRESENT);
	CU_ASSERT(!cadcom_sd_equal(a, b));
	CU_ASSERT_EQUAL(cadcom_sd_acl_revision(b, CADCOM_DACL), CADCOM_ACL_REVISION);
	cadcom_sd_to_sddl(b, NULL, 0, &text);
	CU_ASSERT_STRING_EQUAL(text, "D:");
	cadcom_free(text);
	CU_ASSERT_EQUAL(cadcom_sd_set_acl_state(b, CADCOM_SACL, 9), CADCOM_EINVAL);
	cadcom_sd_free(a);
	cadcom_sd_free(b);
}

static void test_sd_aces_and_copy(void)
{
	cadcom_sd *sd, *copy;
	cadcom_ace *ace, *obj;
	cadcom_sid *wd = cu_sid("WD"), *ba = cu_sid("BA");
	char *g = NULL, *text;

	cadcom_sd_new(&sd);
	cadcom_sd_set_owner(sd, ba);
	cadcom_sd_set_group(sd, ba);
	CU_ASSERT(cadcom_sid_equal(cadcom_sd_owner(sd), ba));
	CU_ASSERT_EQUAL_FATAL(cadcom_ace_new(&ace, CADCOM_ACE_ACCESS_ALLOWED, 0, 0x7, wd), 0);
	CU_ASSERT_EQUAL(cadcom_sd_append_ace(sd, CADCOM_DACL, ace), 0);
	CU_ASSERT_EQUAL(cadcom_ace_object_type(ace, &g), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_ace_set_object_type(ace, "0e10c968-78fb-11d2-90d4-00c04f79dc55"),
			CADCOM_EINVAL);
	CU_ASSERT_EQUAL_FATAL(cadcom_ace_new(&obj, CADCOM_ACE_ACCESS_ALLOWED_OBJECT, 0, 0x100, wd), 0);
	CU_ASSERT_EQUAL(cadcom_ace_set_object_type(obj, "0E10C968-78FB-11D2-90D4-00C04F79DC55"), 0);
	CU_ASSERT_EQUAL(cadcom_ace_set_object_type(obj, "not-a-guid"), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_ace_object_type(obj, &g), 0);
	CU_ASSERT_STRING_EQUAL(g, "0e10c968-78fb-11d2-90d4-00c04f79dc55");
	cadcom_free(g);
	CU_ASSERT_EQUAL(cadcom_ace_inherited_object_type(obj, &g), CADCOM_ENOTFOUND);
	CU_ASSERT(cadcom_ace_is_object(obj));
	CU_ASSERT_EQUAL(cadcom_sd_append_ace(sd, CADCOM_DACL, obj), 0);
	/* An object ACE makes the ACL revision 4 (ACL_REVISION_DS). */
	CU_ASSERT_EQUAL(cadcom_sd_acl_revision(sd, CADCOM_DACL), CADCOM_ACL_REVISION_DS);
	CU_ASSERT_EQUAL(cadcom_sd_ace_count(sd, CADCOM_DACL), 2);
	CU_ASSERT(cadcom_ace_equal(cadcom_sd_ace(sd, CADCOM_DACL, 1), obj));
	CU_ASSERT(!cadcom_ace_equal(cadcom_sd_ace(sd, CADCOM_DACL, 0), obj));
	CU_ASSERT_EQUAL(cadcom_sd_to_sddl(sd, NULL, 0, &text), 0);
	CU_ASSERT_STRING_EQUAL(text, "O:BAG:BAD:(A;;CCDCLC;;;WD)"
				     "(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;WD)");
	cadcom_free(text);

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_dup(sd, &copy), 0);
	CU_ASSERT(cadcom_sd_equal(sd, copy));
	/* Deep copy: changing the copy leaves the original alone. */
	cadcom_sd_set_owner(copy, wd);
	CU_ASSERT(!cadcom_sd_equal(sd, copy));
	CU_ASSERT(cadcom_sid_equal(cadcom_sd_owner(sd), ba));
	cadcom_sd_set_owner(copy, ba);
	cadcom_sd_set_control(copy, CADCOM_SD_DACL_PROTECTED | CADCOM_SD_SELF_RELATIVE);
	CU_ASSERT(!cadcom_sd_equal(sd, copy));
	CU_ASSERT_EQUAL(cadcom_sd_control(copy), CADCOM_SD_DACL_PROTECTED | CADCOM_SD_SELF_RELATIVE |
							  CADCOM_SD_DACL_PRESENT);
	cadcom_sd_set_owner(copy, NULL);
	CU_ASSERT_PTR_NULL(cadcom_sd_owner(copy));

	cadcom_ace_set_mask(ace, 0x1f01ff);
	cadcom_ace_set_flags(ace, CADCOM_ACE_OBJECT_INHERIT | CADCOM_ACE_CONTAINER_INHERIT);
	CU_ASSERT_EQUAL(cadcom_ace_to_sddl(ace, NULL, 0, &text), 0);
	CU_ASSERT_STRING_EQUAL(text, "(A;OICI;FA;;;WD)");
	cadcom_free(text);
	/* ACE flag 0x20 has no SDDL letters: formatting says so instead of dropping it. */
	cadcom_ace_set_flags(ace, 0x20);
	CU_ASSERT_EQUAL(cadcom_ace_to_sddl(ace, NULL, 0, &text), CADCOM_EUNREPRESENTABLE);
	CU_ASSERT_EQUAL(cadcom_ace_new(&ace, 0x9, 0, 0, wd), CADCOM_EUNSUPPORTED);

	cadcom_ace_free(ace);
	cadcom_ace_free(obj);
	cadcom_sd_free(sd);
	cadcom_sd_free(copy);
	cadcom_sid_free(wd);
	cadcom_sid_free(ba);
}

/* facts.md §11: an ACL holds at most 65535 bytes. */
static void test_sd_acl_size_limit(void)
{
	cadcom_sd *sd;
	cadcom_ace *ace;
	cadcom_sid *s = cu_sid("S-1-1"); /* the smallest ACE: 8 + 8 bytes */
	size_t i;

	cadcom_sd_new(&sd);
	cadcom_ace_new(&ace, CADCOM_ACE_ACCESS_ALLOWED, 0, 1, s);
	for (i = 0; i < 4095; i++)
		CU_ASSERT_EQUAL_FATAL(cadcom_sd_append_ace(sd, CADCOM_DACL, ace), 0);
	CU_ASSERT_EQUAL(cadcom_sd_append_ace(sd, CADCOM_DACL, ace), CADCOM_ELIMIT);
	CU_ASSERT_EQUAL(cadcom_sd_ace_count(sd, CADCOM_DACL), 4095);
	cadcom_ace_free(ace);
	cadcom_sid_free(s);
	cadcom_sd_free(sd);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "empty descriptor", test_sd_empty },
		{ "ACL states", test_sd_acl_states },
		{ "ACEs and deep copy", test_sd_aces_and_copy },
		{ "ACL size limit", test_sd_acl_size_limit },
		CU_TEST_INFO_NULL,
	};
	return cu_run("sd", tests);
}
