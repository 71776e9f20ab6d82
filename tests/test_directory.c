/*
 * The directory's memory back-end: principals by SID and by name, groups
 * created with the next RID, memberships in order, the kind/scope rules, and
 * the enumeration that state snapshots are written from.
 */
#include "cu.h"
#include <cadcom/directory.h>
#include <cadcom/scope.h>
/* The `principal` op is internal (snapshots only): reached through the ops
 * table, so no internal symbol is linked. */
#include "../lib/store/store.h"

static const char *last_message(void)
{
	return cadcom_error_message(cadcom_error_last());
}

/* Assert the last error's message contains `part`. */
static void assert_message_has(const char *part)
{
	if (!strstr(last_message(), part))
		fprintf(stderr, "\n  want a message with \"%s\"\n  got  %s\n", part, last_message());
	CU_ASSERT_PTR_NOT_NULL(strstr(last_message(), part));
}

static void assert_sid_is(const cadcom_sid *sid, const char *want)
{
	char *got = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(sid);
	CU_ASSERT_EQUAL(cadcom_sid_to_string(sid, &got), 0);
	CU_ASSERT_STRING_EQUAL(got ? got : "", want);
	cadcom_free(got);
}

static cadcom_directory *new_dir(void)
{
	cadcom_directory *dir = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_directory_new_memory(&dir), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
	return dir;
}

static void test_add_lookup_info(void)
{
	cadcom_directory *dir = new_dir();
	cadcom_sid *du = cu_sid("S-1-5-21-1-2-3-513"), *alice = cu_sid("S-1-5-21-1-2-3-1104"),
		   *wd = cu_sid("WD"), *nameless = cu_sid("S-1-5-21-1-2-3-1105"), *got = NULL;
	char *name = NULL;
	int kind = -1, scope = -1;

	CU_ASSERT_EQUAL(cadcom_directory_add(dir, du, "CONTOSO\\Domain Users", CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_GLOBAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, alice, "CONTOSO\\alice", CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, wd, "Everyone", CADCOM_PRINCIPAL_WELL_KNOWN,
					     CADCOM_SCOPE_NONE), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, nameless, NULL, CADCOM_PRINCIPAL_COMPUTER,
					     CADCOM_SCOPE_NONE), 0);

	/* Name -> SID: the full name, any ASCII case; no partial match. */
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "contoso\\DOMAIN USERS", &got), 0);
	assert_sid_is(got, "S-1-5-21-1-2-3-513");
	cadcom_sid_free(got);
	got = NULL;
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "EVERYONE", &got), 0);
	assert_sid_is(got, "S-1-1-0");
	cadcom_sid_free(got);
	got = NULL;
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "Domain Users", &got), CADCOM_ENOTFOUND);
	CU_ASSERT_PTR_NULL(got);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: no principal is called \"Domain Users\"");
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "CONTOSO\\alic", &got), CADCOM_ENOTFOUND);
	/* Non-ASCII letters are not folded. */
	cadcom_sid *de = cu_sid("S-1-5-21-1-2-3-1106");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, de, "CONTOSO\\Domänen-Benutzer",
					     CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_GLOBAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "contoso\\domäNEN-benutzer", &got), 0);
	cadcom_sid_free(got);
	got = NULL;
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "CONTOSO\\DOMÄNEN-BENUTZER", &got),
			CADCOM_ENOTFOUND);

	/* SID -> name. */
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, alice, &name), 0);
	CU_ASSERT_STRING_EQUAL(name, "CONTOSO\\alice");
	cadcom_free(name);
	name = NULL;
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, nameless, &name), CADCOM_ENOTFOUND);
	CU_ASSERT_PTR_NULL(name);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: S-1-5-21-1-2-3-1105 has no name");
	cadcom_sid *stranger = cu_sid("S-1-5-21-9-9-9-1000");
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, stranger, &name), CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: S-1-5-21-9-9-9-1000 is not known");

	/* Kind and scope; either pointer may be NULL. */
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, du, &kind, &scope), 0);
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_GROUP);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_GLOBAL);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, wd, &kind, NULL), 0);
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_WELL_KNOWN);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, nameless, NULL, &scope), 0);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_NONE);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, stranger, &kind, &scope), CADCOM_ENOTFOUND);

	/* Recording a SID again replaces name, kind and scope. */
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, du, "CONTOSO\\Users of the domain",
					     CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_UNIVERSAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, du, &kind, &scope), 0);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_UNIVERSAL);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "CONTOSO\\Domain Users", &got),
			CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, du, &name), 0);
	CU_ASSERT_STRING_EQUAL(name, "CONTOSO\\Users of the domain");
	cadcom_free(name);
	/* ... including the name: NULL makes it nameless. */
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, alice, NULL, CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), 0);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "CONTOSO\\alice", &got), CADCOM_ENOTFOUND);

	/* A name belongs to one principal, in any case. */
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, stranger, "everyone", CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(),
			       "directory: cannot record \"everyone\": the name is taken by S-1-1-0");
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, stranger, NULL, NULL), CADCOM_ENOTFOUND);

	cadcom_sid_free(de);
	cadcom_sid_free(stranger);
	cadcom_sid_free(du);
	cadcom_sid_free(alice);
	cadcom_sid_free(wd);
	cadcom_sid_free(nameless);
	cadcom_directory_free(dir);
}

static void test_create_group(void)
{
	cadcom_directory *dir = new_dir();
	cadcom_sid *contoso = cu_sid("S-1-5-21-1-2-3"), *machine = cu_sid("S-1-5-21-70-80-90"),
		   *g1 = NULL, *g2 = NULL, *g3 = NULL, *g4 = NULL, *got = NULL;
	cadcom_sid *high = cu_sid("S-1-5-21-1-2-3-1500"), *low = cu_sid("S-1-5-21-1-2-3-512"),
		   *other = cu_sid("S-1-5-21-4-5-6-9000"), *member = cu_sid("S-1-5-21-1-2-3-2000");
	int kind = 0, scope = 0;
	char *name = NULL;

	/* The first group of a domain gets RID 1000, whatever the well-known
	 * accounts below 1000 and whatever other domains hold. */
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, low, "CONTOSO\\Domain Admins",
					     CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_GLOBAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, other, "FABRIKAM\\big", CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), 0);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\CERTSVC_DCOM_ACCESS",
						      CADCOM_SCOPE_DOMAIN_LOCAL, &g1), 0);
	assert_sid_is(g1, "S-1-5-21-1-2-3-1000");
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, g1, &kind, &scope), 0);
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_GROUP);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_DOMAIN_LOCAL);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, g1, &name), 0);
	CU_ASSERT_STRING_EQUAL(name, "CONTOSO\\CERTSVC_DCOM_ACCESS");
	cadcom_free(name);

	/* Then one above the highest RID used in the domain. */
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\second",
						      CADCOM_SCOPE_GLOBAL, &g2), 0);
	assert_sid_is(g2, "S-1-5-21-1-2-3-1001");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, high, "CONTOSO\\bob", CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), 0);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\third",
						      CADCOM_SCOPE_UNIVERSAL, &g3), 0);
	assert_sid_is(g3, "S-1-5-21-1-2-3-1501");
	/* A member SID counts as used even when it is not a known principal. */
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g3, member), 1);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\fourth",
						      CADCOM_SCOPE_GLOBAL, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "contoso\\FOURTH", &got), 0);
	assert_sid_is(got, "S-1-5-21-1-2-3-2001");
	cadcom_sid_free(got);
	got = NULL;

	/* A computer's SAM counts on its own. */
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, machine, "CA01\\CERTSVC_DCOM_ACCESS",
						      CADCOM_SCOPE_COMPUTER_LOCAL, &g4), 0);
	assert_sid_is(g4, "S-1-5-21-70-80-90-1000");

	/* A taken name, in any case, is refused and creates nothing. */
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "contoso\\certsvc_dcom_access",
						      CADCOM_SCOPE_DOMAIN_LOCAL, &got), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(),
			       "directory: cannot create group \"contoso\\certsvc_dcom_access\": "
			       "the name is taken by S-1-5-21-1-2-3-1000");
	CU_ASSERT_PTR_NULL(got);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\fifth",
						      CADCOM_SCOPE_GLOBAL, &got), 0);
	assert_sid_is(got, "S-1-5-21-1-2-3-2002");
	cadcom_sid_free(got);
	got = NULL;

	/* Bad scopes and domains. */
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "x", CADCOM_SCOPE_NONE, &got),
			CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(),
			       "directory: cannot create group \"x\": 0 is not a group scope");
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "x", 9, &got), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "x", CADCOM_SCOPE_BUILTIN_LOCAL,
						      &got), CADCOM_EINVAL);
	assert_message_has("builtin local groups (S-1-5-32-x)");
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, low, "x", CADCOM_SCOPE_GLOBAL, &got),
			CADCOM_EINVAL);
	assert_message_has("in S-1-5-21-1-2-3-512: groups are created in a domain or computer SAM");
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "", CADCOM_SCOPE_GLOBAL, &got),
			CADCOM_EINVAL);
	CU_ASSERT_PTR_NULL(got);

	/* The last RID of a domain. */
	cadcom_sid *last = cu_sid("S-1-5-21-1-2-3-4294967295");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, last, NULL, CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), 0);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\sixth",
						      CADCOM_SCOPE_GLOBAL, &got), CADCOM_ELIMIT);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: cannot create group \"CONTOSO\\sixth\": "
					       "S-1-5-21-1-2-3 has used its last RID");

	cadcom_sid_free(last);
	cadcom_sid_free(contoso);
	cadcom_sid_free(machine);
	cadcom_sid_free(high);
	cadcom_sid_free(low);
	cadcom_sid_free(other);
	cadcom_sid_free(member);
	cadcom_sid_free(g1);
	cadcom_sid_free(g2);
	cadcom_sid_free(g3);
	cadcom_sid_free(g4);
	cadcom_directory_free(dir);
}

/* The members of `group` as "SID,SID,..." (or "ERR" on a failure other than the end). */
static void assert_members(cadcom_directory *dir, const cadcom_sid *group, const char *want)
{
	char got[1024] = "";
	cadcom_sid *m;
	size_t i = 0;
	int rc;

	while ((rc = cadcom_directory_member(dir, group, i, &m)) == 0) {
		char *text = NULL;
		cadcom_sid_to_string(m, &text);
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "", text);
		cadcom_free(text);
		cadcom_sid_free(m);
		i++;
	}
	CU_ASSERT_EQUAL(rc, CADCOM_ENOTFOUND);
	if (strcmp(got, want))
		fprintf(stderr, "\n  want %s\n  got  %s\n", want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static void test_memberships(void)
{
	cadcom_directory *dir = new_dir();
	cadcom_sid *g = cu_sid("S-1-5-21-1-2-3-1000"), *du = cu_sid("S-1-5-21-1-2-3-513"),
		   *dc = cu_sid("S-1-5-21-1-2-3-515"), *fdu = cu_sid("S-1-5-21-4-5-6-513"),
		   *alice = cu_sid("S-1-5-21-1-2-3-1104"), *wd = cu_sid("WD"), *m = NULL;

	CU_ASSERT_EQUAL(cadcom_directory_add(dir, g, "CONTOSO\\CERTSVC_DCOM_ACCESS",
					     CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_DOMAIN_LOCAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, alice, "CONTOSO\\alice", CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), 0);
	assert_members(dir, g, "");

	/* Members need not be known principals (fabrikam's Domain Users is
	 * foreign here); each is added once, in order. */
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, du), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, dc), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, fdu), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, du), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, wd), 1);
	assert_members(dir, g, "S-1-5-21-1-2-3-513,S-1-5-21-1-2-3-515,S-1-5-21-4-5-6-513,S-1-1-0");
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, g, fdu), 1);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, g, alice), 0);

	/* Past the end. */
	CU_ASSERT_EQUAL(cadcom_directory_member(dir, g, 4, &m), CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(),
			       "directory: group S-1-5-21-1-2-3-1000 has no member 4 (it has 4)");
	CU_ASSERT_PTR_NULL(m);

	/* Removing keeps the others' order; removing again does nothing. */
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, g, dc), 1);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, g, dc), 0);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, g, alice), 0);
	assert_members(dir, g, "S-1-5-21-1-2-3-513,S-1-5-21-4-5-6-513,S-1-1-0");
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, g, dc), 0);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, g, wd), 1);
	assert_members(dir, g, "S-1-5-21-1-2-3-513,S-1-5-21-4-5-6-513");
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, dc), 1);
	assert_members(dir, g, "S-1-5-21-1-2-3-513,S-1-5-21-4-5-6-513,S-1-5-21-1-2-3-515");

	/* Groups that are not: unknown SIDs and known non-groups. */
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, du, alice), CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: group S-1-5-21-1-2-3-513 is not known");
	CU_ASSERT_EQUAL(cadcom_directory_member(dir, du, 0, &m), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, du, alice), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, du, alice), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, alice, du), CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(),
			       "directory: CONTOSO\\alice (S-1-5-21-1-2-3-1104) is not a group");

	/* Recording the group again keeps its members. */
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, g, "CONTOSO\\renamed", CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_DOMAIN_LOCAL), 0);
	assert_members(dir, g, "S-1-5-21-1-2-3-513,S-1-5-21-4-5-6-513,S-1-5-21-1-2-3-515");

	cadcom_sid_free(g);
	cadcom_sid_free(du);
	cadcom_sid_free(dc);
	cadcom_sid_free(fdu);
	cadcom_sid_free(alice);
	cadcom_sid_free(wd);
	cadcom_directory_free(dir);
}

static void test_kind_scope(void)
{
	cadcom_directory *dir = new_dir();
	cadcom_sid *sid = cu_sid("S-1-5-21-1-2-3-1104");
	int kind = 0;

	CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, "CONTOSO\\g", CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_NONE), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: group CONTOSO\\g needs a group scope");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, NULL, CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_GLOBAL), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: S-1-5-21-1-2-3-1104 is not a group and "
					       "cannot have a group scope");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, NULL, CADCOM_PRINCIPAL_WELL_KNOWN,
					     CADCOM_SCOPE_BUILTIN_LOCAL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, NULL, 0, CADCOM_SCOPE_NONE), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: unknown kind 0 for S-1-5-21-1-2-3-1104");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, NULL, 5, CADCOM_SCOPE_NONE), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, NULL, CADCOM_PRINCIPAL_GROUP, 6),
			CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: unknown scope 6 for S-1-5-21-1-2-3-1104");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, NULL, CADCOM_PRINCIPAL_GROUP, -1),
			CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, "", CADCOM_PRINCIPAL_USER, CADCOM_SCOPE_NONE),
			CADCOM_EINVAL);
	/* None of those recorded anything. */
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, sid, &kind, NULL), CADCOM_ENOTFOUND);
	/* Every scope fits a group. */
	for (int s = CADCOM_SCOPE_GLOBAL; s <= CADCOM_SCOPE_COMPUTER_LOCAL; s++)
		CU_ASSERT_EQUAL(cadcom_directory_add(dir, sid, NULL, CADCOM_PRINCIPAL_GROUP, s), 0);

	/* NULL arguments. */
	cadcom_sid *out = NULL;
	char *name = NULL;
	CU_ASSERT_EQUAL(cadcom_directory_new_memory(NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_add(NULL, sid, NULL, CADCOM_PRINCIPAL_USER, 0),
			CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: NULL argument to add a principal");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, NULL, NULL, CADCOM_PRINCIPAL_USER, 0),
			CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, NULL, &out), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "x", NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, NULL, &name), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(NULL, sid, &name), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_info(NULL, sid, NULL, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, NULL, "x", 1, &out), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, sid, NULL, 1, &out), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_member(dir, sid, 0, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, sid, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, NULL, sid), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(NULL, sid, sid), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: NULL argument to remove a member");
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_PTR_NULL(name);
	cadcom_directory_free(NULL);

	cadcom_sid_free(sid);
	cadcom_directory_free(dir);
}

static void test_principal_enumeration(void)
{
	cadcom_directory *dir = new_dir();
	cadcom_sid *a = cu_sid("S-1-5-21-1-2-3-513"), *b = cu_sid("WD"),
		   *c = cu_sid("S-1-5-21-1-2-3-1104"), *domain = cu_sid("S-1-5-21-1-2-3");
	struct cadcom_sid sid;
	const char *name = "unset";
	int kind = 0, scope = -1;
	char *text = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(dir->ops->principal);
	CU_ASSERT_EQUAL(dir->ops->principal(dir->impl, 0, &sid, &name, &kind, &scope),
			CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: no principal 0 (the directory holds 0)");

	CU_ASSERT_EQUAL(cadcom_directory_add(dir, a, "CONTOSO\\Domain Users", CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_GLOBAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, b, "Everyone", CADCOM_PRINCIPAL_WELL_KNOWN,
					     CADCOM_SCOPE_NONE), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, c, NULL, CADCOM_PRINCIPAL_USER, CADCOM_SCOPE_NONE),
			0);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, domain, "CONTOSO\\CERTSVC_DCOM_ACCESS",
						      CADCOM_SCOPE_DOMAIN_LOCAL, NULL), 0);
	/* Recording again keeps the first position. */
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, a, "CONTOSO\\Domain Users", CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_UNIVERSAL), 0);

	CU_ASSERT_EQUAL(dir->ops->principal(dir->impl, 0, &sid, &name, &kind, &scope), 0);
	CU_ASSERT(cadcom_sid_equal(&sid, a));
	CU_ASSERT_STRING_EQUAL(name, "CONTOSO\\Domain Users");
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_GROUP);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_UNIVERSAL);
	CU_ASSERT_EQUAL(dir->ops->principal(dir->impl, 1, &sid, &name, &kind, &scope), 0);
	CU_ASSERT(cadcom_sid_equal(&sid, b));
	CU_ASSERT_STRING_EQUAL(name, "Everyone");
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_WELL_KNOWN);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_NONE);
	CU_ASSERT_EQUAL(dir->ops->principal(dir->impl, 2, &sid, &name, &kind, &scope), 0);
	CU_ASSERT(cadcom_sid_equal(&sid, c));
	CU_ASSERT_PTR_NULL(name);
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_USER);
	/* Outputs may be NULL. */
	CU_ASSERT_EQUAL(dir->ops->principal(dir->impl, 3, &sid, NULL, NULL, &scope), 0);
	CU_ASSERT_EQUAL(cadcom_sid_to_string(&sid, &text), 0);
	CU_ASSERT_STRING_EQUAL(text, "S-1-5-21-1-2-3-1105"); /* above alice */
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_DOMAIN_LOCAL);
	cadcom_free(text);
	CU_ASSERT_EQUAL(dir->ops->principal(dir->impl, 4, NULL, NULL, NULL, NULL), CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(), "directory: no principal 4 (the directory holds 4)");

	cadcom_sid_free(a);
	cadcom_sid_free(b);
	cadcom_sid_free(c);
	cadcom_sid_free(domain);
	cadcom_directory_free(dir);
}

/* A group deleted: gone by SID and by name, its members with it, out of
 * every group it was in, and its RID never handed out again; principals
 * keep their order. */
static void test_delete_group(void)
{
	cadcom_directory *dir = new_dir();
	cadcom_sid *contoso = cu_sid("S-1-5-21-1-2-3"), *du = cu_sid("S-1-5-21-1-2-3-513"),
		   *alice = cu_sid("S-1-5-21-1-2-3-1104"), *cda = cu_sid("S-1-5-32-574"),
		   *outer = NULL, *inner = NULL, *next = NULL, *got = NULL;
	struct cadcom_sid sid;
	int kind = 0;

	CU_ASSERT_EQUAL(cadcom_directory_add(dir, alice, "CONTOSO\\alice", CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\outer",
							    CADCOM_SCOPE_DOMAIN_LOCAL, &outer), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\inner",
							    CADCOM_SCOPE_GLOBAL, &inner), 0);
	assert_sid_is(inner, "S-1-5-21-1-2-3-1106");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, cda, "BUILTIN\\Certificate Service DCOM Access",
					     CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_BUILTIN_LOCAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, inner, du), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, inner, alice), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, outer, alice), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, outer, inner), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, outer, du), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, cda, inner), 1);

	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, inner), 0);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, inner, &kind, NULL), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(dir, "CONTOSO\\inner", &got), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_member(dir, inner, 0, &got), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, inner, du), CADCOM_ENOTFOUND);
	/* Out of the groups it was in; the others' order kept. */
	assert_members(dir, outer, "S-1-5-21-1-2-3-1104,S-1-5-21-1-2-3-513");
	assert_members(dir, cda, "");
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, outer, inner), 0);
	/* Its members are principals of their own: still there. */
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, alice, &kind, NULL), 0);
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_USER);
	CU_ASSERT_EQUAL(dir->ops->principal(dir->impl, 2, &sid, NULL, NULL, NULL), 0);
	CU_ASSERT(cadcom_sid_equal(&sid, cda));
	CU_ASSERT_EQUAL(dir->ops->principal(dir->impl, 3, &sid, NULL, NULL, NULL), CADCOM_ENOTFOUND);

	/* Deleted is gone: again, ENOTFOUND; recorded again, it has no members. */
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, inner), CADCOM_ENOTFOUND);
	assert_message_has("group S-1-5-21-1-2-3-1106 is not known");
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, inner, "CONTOSO\\inner", CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_GLOBAL), 0);
	assert_members(dir, inner, "");
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, inner), 0);

	/* Like a SAM, the domain never hands its RID out again. */
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, contoso, "CONTOSO\\next",
						      CADCOM_SCOPE_GLOBAL, &next), 0);
	assert_sid_is(next, "S-1-5-21-1-2-3-1107");

	/* Refusals: not a group, a builtin group, NULLs, nothing changed. */
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, alice), CADCOM_ENOTFOUND);
	assert_message_has("CONTOSO\\alice (S-1-5-21-1-2-3-1104) is not a group");
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, cda), CADCOM_EKIND);
	assert_message_has("S-1-5-32-574 is a builtin local group");
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, cda, NULL, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(NULL, outer), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, NULL), CADCOM_EINVAL);
	assert_members(dir, outer, "S-1-5-21-1-2-3-1104,S-1-5-21-1-2-3-513");

	cadcom_sid_free(contoso);
	cadcom_sid_free(du);
	cadcom_sid_free(alice);
	cadcom_sid_free(cda);
	cadcom_sid_free(outer);
	cadcom_sid_free(inner);
	cadcom_sid_free(next);
	cadcom_directory_free(dir);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "add, lookup both ways, info, replace", test_add_lookup_info },
		{ "create_group: RIDs from 1000, taken names", test_create_group },
		{ "memberships: order, duplicates, unknown groups", test_memberships },
		{ "kind and scope rules, NULL arguments", test_kind_scope },
		{ "principal enumeration for snapshots", test_principal_enumeration },
		{ "delete_group: members, memberships, RIDs, refusals", test_delete_group },
		CU_TEST_INFO_NULL,
	};
	return cu_run("directory", tests);
}
