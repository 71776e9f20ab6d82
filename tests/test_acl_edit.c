/*
 * ACL edits (DESIGN.md "Domain rules"; Microsoft win32 docs
 * SecAuthZ/order-of-aces-in-a-dacl.md): insert at the canonical position,
 * remove by trustee/type/mask, reorder only when asked.
 */
#include "cu.h"

static cadcom_ace *ace_of(int type, uint8_t flags, uint32_t mask, const char *who)
{
	cadcom_sid *sid;
	cadcom_ace *ace;

	cadcom_sid_from_string(&sid, who, NULL);
	cadcom_ace_new(&ace, type, flags, mask, sid);
	cadcom_sid_free(sid);
	return ace;
}

/* The case: an allow lands between the explicit allow and the inherited ACE. */
static void test_insert_canonical(void)
{
	cadcom_sd *sd = cu_sd("D:(D;;CC;;;WD)(A;;CC;;;BA)(A;ID;CC;;;SY)", NULL);
	cadcom_ace *allow = ace_of(CADCOM_ACE_ACCESS_ALLOWED, 0, 0x7, "S-1-5-32-574");
	cadcom_ace *deny = ace_of(CADCOM_ACE_ACCESS_DENIED, 0, 0x1, "AN");
	cadcom_ace *inh = ace_of(CADCOM_ACE_ACCESS_DENIED, CADCOM_ACE_INHERITED, 0x1, "AU");
	size_t at = 99;

	CU_ASSERT_EQUAL(cadcom_sd_insert_ace(sd, CADCOM_DACL, allow, &at), 0);
	CU_ASSERT_EQUAL(at, 2);
	cu_assert_sddl(sd, "D:(D;;CC;;;WD)(A;;CC;;;BA)(A;;CCDCLC;;;CD)(A;ID;CC;;;SY)");
	CU_ASSERT_EQUAL(cadcom_sd_insert_ace(sd, CADCOM_DACL, deny, &at), 0);
	CU_ASSERT_EQUAL(at, 1);
	cu_assert_sddl(sd, "D:(D;;CC;;;WD)(D;;CC;;;AN)(A;;CC;;;BA)(A;;CCDCLC;;;CD)(A;ID;CC;;;SY)");
	CU_ASSERT_EQUAL(cadcom_sd_insert_ace(sd, CADCOM_DACL, inh, &at), 0);
	CU_ASSERT_EQUAL(at, 5);
	CU_ASSERT_EQUAL(cadcom_sd_acl_is_canonical(sd, CADCOM_DACL, NULL), 1);
	cadcom_sd_free(sd);

	/* Into an absent DACL: it becomes present. */
	sd = cu_sd("O:BA", NULL);
	CU_ASSERT_EQUAL(cadcom_sd_insert_ace(sd, CADCOM_DACL, allow, NULL), 0);
	cu_assert_sddl(sd, "O:BAD:(A;;CCDCLC;;;CD)");
	cadcom_sd_free(sd);
	cadcom_ace_free(allow);
	cadcom_ace_free(deny);
	cadcom_ace_free(inh);
}

/* A non-canonical ACL is reported and left in its order. */
static void test_non_canonical_reported(void)
{
	cadcom_sd *sd = cu_sd("D:(A;;CC;;;BA)(A;ID;CC;;;SY)(D;;CC;;;WD)", NULL);
	cadcom_ace *allow = ace_of(CADCOM_ACE_ACCESS_ALLOWED, 0, 0x1, "AU");
	size_t bad = 0;

	CU_ASSERT_EQUAL(cadcom_sd_acl_is_canonical(sd, CADCOM_DACL, &bad), 0);
	CU_ASSERT_EQUAL(bad, 2);
	/* Inserting does not repair the order: only the new ACE is placed. */
	CU_ASSERT_EQUAL(cadcom_sd_insert_ace(sd, CADCOM_DACL, allow, NULL), 0);
	cu_assert_sddl(sd, "D:(A;;CC;;;BA)(A;;CC;;;AU)(A;ID;CC;;;SY)(D;;CC;;;WD)");
	CU_ASSERT_EQUAL(cadcom_sd_acl_is_canonical(sd, CADCOM_DACL, NULL), 0);
	/* Only an explicit request reorders, stably. */
	CU_ASSERT_EQUAL(cadcom_sd_canonicalize(sd, CADCOM_DACL), 0);
	cu_assert_sddl(sd, "D:(D;;CC;;;WD)(A;;CC;;;BA)(A;;CC;;;AU)(A;ID;CC;;;SY)");
	CU_ASSERT_EQUAL(cadcom_sd_acl_is_canonical(sd, CADCOM_DACL, NULL), 1);
	cadcom_sd_free(sd);
	cadcom_ace_free(allow);

	sd = cu_sd("D:NO_ACCESS_CONTROL", NULL);
	CU_ASSERT_EQUAL(cadcom_sd_acl_is_canonical(sd, CADCOM_DACL, NULL), 1);
	CU_ASSERT_EQUAL(cadcom_sd_acl_is_canonical(sd, 5, NULL), CADCOM_EINVAL);
	cadcom_sd_free(sd);
}

static void test_remove(void)
{
	cadcom_sd *sd = cu_sd("D:(A;;CC;;;WD)(D;;CC;;;WD)(A;;CCDC;;;WD)(A;;CC;;;BA)", NULL);
	cadcom_sid *wd;

	cadcom_sid_from_string(&wd, "WD", NULL);
	CU_ASSERT_EQUAL(cadcom_sd_remove_aces(sd, CADCOM_DACL, wd, CADCOM_ACE_ACCESS_ALLOWED, 0x3), 1);
	cu_assert_sddl(sd, "D:(A;;CC;;;WD)(D;;CC;;;WD)(A;;CC;;;BA)");
	CU_ASSERT_EQUAL(cadcom_sd_remove_aces(sd, CADCOM_DACL, wd, CADCOM_ACE_ACCESS_DENIED, 0), 1);
	CU_ASSERT_EQUAL(cadcom_sd_remove_aces(sd, CADCOM_DACL, wd, -1, 0), 1);
	cu_assert_sddl(sd, "D:(A;;CC;;;BA)");
	CU_ASSERT_EQUAL(cadcom_sd_remove_aces(sd, CADCOM_DACL, wd, -1, 0), 0);
	CU_ASSERT_EQUAL(cadcom_sd_remove_ace(sd, CADCOM_DACL, 1), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_sd_remove_ace(sd, CADCOM_DACL, 0), 0);
	cu_assert_sddl(sd, "D:");
	CU_ASSERT_EQUAL(cadcom_sd_remove_aces(sd, CADCOM_DACL, NULL, -1, 0), CADCOM_EINVAL);
	cadcom_sid_free(wd);
	cadcom_sd_free(sd);
}

/* Edits never touch the bytes of ACEs they were not asked to change. */
static void test_unrelated_bytes_kept(void)
{
	cadcom_sd *sd = cu_sd("O:BAG:BAD:(D;;CC;;;AN)(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)"
			      "(A;;CCDCLCSWRP;;;S-1-5-32-562)", NULL);
	cadcom_ace *cd = ace_of(CADCOM_ACE_ACCESS_ALLOWED, 0, 0x19, "S-1-5-32-574");
	unsigned char *before, *after;
	size_t nb, na, at;

	cadcom_sd_to_bytes(sd, &before, &nb);
	CU_ASSERT_EQUAL(cadcom_sd_insert_ace(sd, CADCOM_DACL, cd, &at), 0);
	cadcom_sd_to_bytes(sd, &after, &na);
	CU_ASSERT_EQUAL(na, nb + 24);
	/* DACL header (size, count) changes; each old ACE is byte-identical, in order. */
	size_t ace0 = 20 + 8;
	size_t split = ace0 + 16 + 24 + 20; /* three ACEs before the new one */
	CU_ASSERT_EQUAL(at, 4);
	CU_ASSERT_EQUAL(memcmp(before + ace0, after + ace0, split - ace0 + 24), 0);
	cadcom_free(before);
	cadcom_free(after);
	cadcom_ace_free(cd);
	cadcom_sd_free(sd);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "insert at the canonical position", test_insert_canonical },
		{ "non-canonical ACL reported, left alone", test_non_canonical_reported },
		{ "remove by trustee, type, mask", test_remove },
		{ "unrelated ACE bytes kept", test_unrelated_bytes_kept },
		CU_TEST_INFO_NULL,
	};
	return cu_run("acl-edit", tests);
}
