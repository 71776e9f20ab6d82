/*
 * The samr and lsarpc stubs live against the lab's Samba AD DC
 * (tests/lab/lab.sh; run inside its network namespace with its env):
 * an alias created, filled, listed, emptied and deleted; names and SIDs
 * both ways; what Samba answers for a global group opened as an alias and
 * for a plain user changing an alias; an alias deleted through the
 * directory interface of a remote target.
 *
 * Every SID and name is checked against the DC's database read directly
 * (`ldbsearch` on its sam.ldb, no RPC involved) or winbind (`wbinfo`,
 * for Everyone, which the database does not hold).  The test removes
 * every object it creates, also ones an interrupted run left.
 */
#include <stdint.h>
#include <strings.h>
#include "../cu.h"
#include "lab.h"
#include "../../lib/rpc/sam.h"

#define ALIAS "cadcom-labtest"
#define USER_ALIAS "cadcom-labtest-user"
#define DIR_ALIAS "cadcom-labtest-dir"

/* The first line "<prefix>VALUE" a command prints: VALUE (malloc'd), or NULL. */
static char *command_line(const char *cmd, const char *prefix)
{
	char line[1024], *out = NULL;
	size_t n = strlen(prefix);
	FILE *p = popen(cmd, "r");

	CU_ASSERT_FATAL(p != NULL);
	while (fgets(line, sizeof(line), p))
		if (!out && !strncmp(line, prefix, n)) {
			line[strcspn(line, "\n")] = '\0';
			out = strdup(line + n);
		}
	pclose(p);
	return out;
}

/* `attr` of the object matching `filter` in the DC's sam.ldb, or NULL. */
static char *ldb(const char *filter, const char *attr)
{
	char cmd[1024], prefix[64];

	snprintf(cmd, sizeof(cmd), "ldbsearch -H '%s/dc/private/sam.ldb' '%s' %s 2>/dev/null",
		 labdir, filter, attr);
	snprintf(prefix, sizeof(prefix), "%s: ", attr);
	return command_line(cmd, prefix);
}

/* How many values `attr` has on the object matching `filter`. */
static int ldb_count(const char *filter, const char *attr)
{
	char cmd[1024], line[1024], prefix[64];
	FILE *p;
	int n = 0;

	snprintf(cmd, sizeof(cmd), "ldbsearch -H '%s/dc/private/sam.ldb' '%s' %s 2>/dev/null",
		 labdir, filter, attr);
	snprintf(prefix, sizeof(prefix), "%s: ", attr);
	CU_ASSERT_FATAL((p = popen(cmd, "r")) != NULL);
	while (fgets(line, sizeof(line), p))
		n += !strncmp(line, prefix, strlen(prefix));
	pclose(p);
	return n;
}

/* A SID from its text (NULL: none, which fails the test). */
static struct cadcom_sid sid_of(char *text)
{
	struct cadcom_sid sid;
	cadcom_sid *p;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	p = cu_sid(text);
	sid = *p;
	cadcom_sid_free(p);
	free(text);
	return sid;
}

/* The SID the DC's database has for `account` (a sAMAccountName). */
static struct cadcom_sid ldb_sid(const char *account)
{
	char filter[256];

	snprintf(filter, sizeof(filter), "(sAMAccountName=%s)", account);
	return sid_of(ldb(filter, "objectSid"));
}

static struct cadcom_sid domain_sid(void)
{
	return sid_of(ldb("(objectClass=domain)", "objectSid"));
}

static struct cadcom_sid with_rid(struct cadcom_sid sid, uint32_t rid)
{
	sid.sub[sid.count++] = rid;
	return sid;
}

static char *sid_str(const struct cadcom_sid *sid)
{
	char *s = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_sid_to_string(sid, &s), 0);
	return s;
}

static void assert_message(const char *a, const char *b)
{
	const char *m = cadcom_error_message(cadcom_error_last());

	CU_ASSERT(strstr(m, a) != NULL);
	if (b)
		CU_ASSERT(strstr(m, b) != NULL);
	if (!strstr(m, a) || (b && !strstr(m, b)))
		fprintf(stderr, "\n  message: %s\n", m);
}

struct pipe {
	cadcom_credentials *cred;
	struct rpc_session *s;
	struct rpc_conn *c;
};

static void pipe_open(struct pipe *p, const char *u, const char *pw, const struct rpc_iface *iface)
{
	int rc;

	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&p->cred, domain, u, pw), 0);
	if ((rc = rpc_session_open(&p->s, host, p->cred, NULL)) ||
	    (rc = rpc_session_pipe(p->s, iface, &p->c)))
		fprintf(stderr, "\n  %s: %s\n", iface->pipe, cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static void pipe_close(struct pipe *p)
{
	rpc_session_free(p->s);
	cadcom_credentials_free(p->cred);
}

/* samr's account domain opened with `access` (server handle in *server). */
static void open_account(struct rpc_conn *c, uint32_t access, struct rpc_handle *server,
			 struct rpc_handle *dom)
{
	struct cadcom_sid sid;

	CU_ASSERT_EQUAL_FATAL(samr_connect5(c, SAMR_MAXIMUM_ALLOWED, server), 0);
	CU_ASSERT_EQUAL_FATAL(samr_lookup_domain(c, server, domain, &sid), 0);
	CU_ASSERT_EQUAL_FATAL(samr_open_domain(c, server, &sid, access, dom), 0);
}

/* Delete alias `name` if it exists (a run that was interrupted). */
static void delete_alias(struct rpc_conn *c, const struct rpc_handle *dom, const char *name)
{
	struct rpc_handle h;
	uint32_t rid, type;
	int rc = samr_lookup_name(c, dom, name, &rid, &type);

	CU_ASSERT(rc == 0 || rc == CADCOM_ENOTFOUND);
	if (!rc && type == SID_TYPE_ALIAS && !samr_open_alias(c, dom, rid, SAMR_DELETE, &h))
		CU_ASSERT_EQUAL(samr_delete_alias(c, &h), 0);
}

static bool has(const struct cadcom_sid *v, size_t n, const struct cadcom_sid *sid)
{
	for (size_t i = 0; i < n; i++)
		if (cadcom__sid_eq(&v[i], sid))
			return true;
	return false;
}

/* Create, fill, list, empty, delete: each step seen in the database. */
static void test_alias(void)
{
	const struct cadcom_sid dom_sid = domain_sid(), du = ldb_sid("Domain Users"),
				comps = ldb_sid("Domain Computers");
	struct cadcom_sid got, nobody = with_rid(dom_sid, 0x7ffffff0), *members = NULL, want;
	struct rpc_handle server, dom, alias, h;
	char **names = NULL, *text, *name = NULL;
	size_t n = 0;
	uint32_t rid = 0, r = 0, type = 0;
	bool contoso = false, builtin = false;
	struct pipe p;

	pipe_open(&p, admin, admin_pw, &rpc_samr);
	CU_ASSERT_EQUAL_FATAL(samr_connect5(p.c, SAMR_MAXIMUM_ALLOWED, &server), 0);
	CU_ASSERT_EQUAL(samr_enum_domains(p.c, &server, &names, &n), 0);
	for (size_t i = 0; i < n; i++) {
		contoso |= !strcasecmp(names[i], domain);
		builtin |= !strcasecmp(names[i], "Builtin");
		free(names[i]);
	}
	free(names);
	CU_ASSERT(n == 2 && contoso && builtin);
	CU_ASSERT_EQUAL_FATAL(samr_lookup_domain(p.c, &server, domain, &got), 0);
	CU_ASSERT(cadcom__sid_eq(&got, &dom_sid));
	CU_ASSERT_EQUAL_FATAL(samr_open_domain(p.c, &server, &dom_sid,
					       SAMR_DOMAIN_LOOKUP | SAMR_DOMAIN_CREATE_ALIAS, &dom), 0);
	delete_alias(p.c, &dom, ALIAS);

	CU_ASSERT_EQUAL_FATAL(samr_create_alias(p.c, &dom, ALIAS, SAMR_MAXIMUM_ALLOWED, &h, &rid), 0);
	CU_ASSERT_EQUAL(samr_close(p.c, &h), 0);
	/* On a DC an alias is a domain local security group (0x80000004). */
	want = with_rid(dom_sid, rid);
	got = ldb_sid(ALIAS);
	CU_ASSERT(cadcom__sid_eq(&got, &want));
	text = ldb("(sAMAccountName=" ALIAS ")", "groupType");
	CU_ASSERT_STRING_EQUAL(text ? text : "", "-2147483644");
	free(text);
	CU_ASSERT_EQUAL(samr_create_alias(p.c, &dom, ALIAS, SAMR_MAXIMUM_ALLOWED, &h, &r),
			CADCOM_ESTATE);
	assert_message("CreateAliasInDomain " ALIAS, "(STATUS_ALIAS_EXISTS)");
	CU_ASSERT_EQUAL(samr_lookup_name(p.c, &dom, ALIAS, &r, &type), 0);
	CU_ASSERT(r == rid && type == SID_TYPE_ALIAS);
	CU_ASSERT_EQUAL(samr_lookup_rid(p.c, &dom, rid, &name, &type), 0);
	CU_ASSERT(name && !strcmp(name, ALIAS) && type == SID_TYPE_ALIAS);
	free(name);

	CU_ASSERT_EQUAL(samr_open_alias(p.c, &dom, rid,
					SAMR_ALIAS_ADD_MEMBER | SAMR_ALIAS_REMOVE_MEMBER |
						SAMR_ALIAS_LIST_MEMBERS | SAMR_DELETE,
					&alias), 0);
	CU_ASSERT_EQUAL(samr_add_alias_member(p.c, &alias, &du), 0);
	CU_ASSERT_EQUAL(samr_add_alias_member(p.c, &alias, &comps), 0);
	/* Already a member: Samba says STATUS_MEMBER_IN_GROUP. */
	CU_ASSERT_EQUAL(samr_add_alias_member(p.c, &alias, &du), CADCOM_ESTATE);
	assert_message("AddMemberToAlias S-1-5-21-", "(STATUS_MEMBER_IN_GROUP)");
	CU_ASSERT_EQUAL(samr_alias_members(p.c, &alias, &members, &n), 0);
	CU_ASSERT(n == 2 && has(members, n, &du) && has(members, n, &comps));
	free(members);
	CU_ASSERT_EQUAL(ldb_count("(sAMAccountName=" ALIAS ")", "member"), 2);
	/* A SID nobody has: Samba 4.17 cannot add it (it answers
	 * STATUS_INTERNAL_DB_CORRUPTION where Windows says NO_SUCH_MEMBER),
	 * and removing it is "not found". */
	CU_ASSERT_EQUAL(samr_add_alias_member(p.c, &alias, &nobody), CADCOM_ESERVER);
	assert_message("-2147483632: NTSTATUS 0xc00000e4", "(STATUS_INTERNAL_DB_CORRUPTION)");
	CU_ASSERT_EQUAL(samr_remove_alias_member(p.c, &alias, &nobody), CADCOM_ENOTFOUND);
	assert_message("RemoveMemberFromAlias S-1-5-21-", "(STATUS_OBJECT_NAME_NOT_FOUND)");

	CU_ASSERT_EQUAL(samr_remove_alias_member(p.c, &alias, &du), 0);
	CU_ASSERT_EQUAL(samr_remove_alias_member(p.c, &alias, &du), CADCOM_ESTATE);
	assert_message("RemoveMemberFromAlias", "(STATUS_MEMBER_NOT_IN_GROUP)");
	members = NULL;
	CU_ASSERT_EQUAL(samr_alias_members(p.c, &alias, &members, &n), 0);
	CU_ASSERT(n == 1 && cadcom__sid_eq(&members[0], &comps));
	free(members);
	CU_ASSERT_EQUAL(samr_remove_alias_member(p.c, &alias, &comps), 0);
	members = NULL;
	CU_ASSERT_EQUAL(samr_alias_members(p.c, &alias, &members, &n), 0);
	CU_ASSERT(n == 0 && !members);
	CU_ASSERT_EQUAL(ldb_count("(sAMAccountName=" ALIAS ")", "member"), 0);

	CU_ASSERT_EQUAL(samr_delete_alias(p.c, &alias), 0);
	CU_ASSERT(!memcmp(&alias, &(struct rpc_handle){ { 0 } }, sizeof(alias)));
	CU_ASSERT_EQUAL(samr_open_alias(p.c, &dom, rid, SAMR_MAXIMUM_ALLOWED, &h), CADCOM_ENOTFOUND);
	text = ldb("(sAMAccountName=" ALIAS ")", "objectSid");
	CU_ASSERT_PTR_NULL(text);
	free(text);
	CU_ASSERT_EQUAL(samr_close(p.c, &dom), 0);
	CU_ASSERT_EQUAL(samr_close(p.c, &server), 0);
	pipe_close(&p);
}

/* A global group is no alias; Builtin's aliases open, but none is made. */
static void test_kinds(void)
{
	const struct cadcom_sid builtin = { 1, 1, 5, { 32 } };
	struct rpc_handle server, dom, bdom, h;
	struct cadcom_sid got, *members = NULL;
	char *name = NULL;
	uint32_t type = 0, rid;
	size_t n;
	struct pipe p;

	pipe_open(&p, admin, admin_pw, &rpc_samr);
	open_account(p.c, SAMR_MAXIMUM_ALLOWED, &server, &dom);
	CU_ASSERT_EQUAL(samr_open_alias(p.c, &dom, 513, SAMR_MAXIMUM_ALLOWED, &h), CADCOM_ENOTFOUND);
	assert_message("OpenAlias RID 513: NTSTATUS 0xc0000151", "(STATUS_NO_SUCH_ALIAS)");
	CU_ASSERT_EQUAL(samr_lookup_rid(p.c, &dom, 513, &name, &type), 0);
	CU_ASSERT(name && !strcmp(name, "Domain Users") && type == SID_TYPE_GROUP);
	free(name);

	CU_ASSERT_EQUAL(samr_lookup_domain(p.c, &server, "Builtin", &got), 0);
	CU_ASSERT(cadcom__sid_eq(&got, &builtin));
	CU_ASSERT_EQUAL(samr_lookup_domain(p.c, &server, "NOSUCHDOMAIN", &got), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL_FATAL(samr_open_domain(p.c, &server, &builtin, SAMR_MAXIMUM_ALLOWED, &bdom), 0);
	name = NULL;
	CU_ASSERT_EQUAL(samr_lookup_rid(p.c, &bdom, 574, &name, &type), 0);
	CU_ASSERT(name && !strcmp(name, "Certificate Service DCOM Access") && type == SID_TYPE_ALIAS);
	free(name);
	CU_ASSERT_EQUAL(samr_open_alias(p.c, &bdom, 574, SAMR_ALIAS_LIST_MEMBERS, &h), 0);
	CU_ASSERT_EQUAL(samr_alias_members(p.c, &h, &members, &n), 0);
	free(members);
	CU_ASSERT_EQUAL(samr_close(p.c, &h), 0);
	/* MS-SAMR 3.1.5.4.1: never in the builtin domain; Samba denies it. */
	CU_ASSERT_EQUAL(samr_create_alias(p.c, &bdom, ALIAS, SAMR_MAXIMUM_ALLOWED, &h, &rid),
			CADCOM_EACCESS);
	assert_message("CreateAliasInDomain " ALIAS, "STATUS_ACCESS_DENIED");
	CU_ASSERT_EQUAL(samr_close(p.c, &bdom), 0);
	CU_ASSERT_EQUAL(samr_close(p.c, &dom), 0);
	CU_ASSERT_EQUAL(samr_close(p.c, &server), 0);
	pipe_close(&p);
}

/* One principal both ways: its name to the database's SID, and back. */
static void both_ways(struct rpc_conn *c, const struct rpc_handle *policy, const char *name,
		      const struct cadcom_sid *sid, const char *account, const char *dom,
		      uint32_t type)
{
	struct cadcom_sid got;
	char *d = NULL, *nm = NULL, *text = sid_str(sid);
	uint32_t t = 0;

	CU_ASSERT_EQUAL(lsa_lookup_name(c, policy, name, &got, &t, &d), 0);
	CU_ASSERT(cadcom__sid_eq(&got, sid));
	CU_ASSERT_EQUAL(t, type);
	CU_ASSERT(dom ? d && !strcmp(d, dom) : !d);
	free(d);
	d = NULL;
	CU_ASSERT_EQUAL(lsa_lookup_sid(c, policy, sid, &d, &nm, &t), 0);
	CU_ASSERT_STRING_EQUAL(nm ? nm : "", account);
	CU_ASSERT(dom ? d && !strcmp(d, dom) : !d);
	CU_ASSERT_EQUAL(t, type);
	if (!nm || strcmp(nm, account))
		fprintf(stderr, "\n  %s (%s): %s\n", name, text, nm ? nm : "(none)");
	free(d);
	free(nm);
	free(text);
}

static void test_lsa(void)
{
	static const struct {
		const char *name, *account;
		uint32_t type;
		bool builtin;
	} principals[] = {
		{ "Domain Users", "Domain Users", SID_TYPE_GROUP, false },
		{ "Domain Computers", "Domain Computers", SID_TYPE_GROUP, false },
		{ "Domain Controllers", "Domain Controllers", SID_TYPE_GROUP, false },
		{ "Certificate Service DCOM Access", "Certificate Service DCOM Access", SID_TYPE_ALIAS,
		  true },
	};
	const struct cadcom_sid everyone = { 1, 1, 1, { 0 } }, dom_sid = domain_sid(),
				cda = { 1, 2, 5, { 32, 574 } };
	struct cadcom_sid sid, got, nobody = with_rid(dom_sid, 0x7ffffff0);
	struct rpc_handle policy;
	char full[256], *wb, *d = NULL, *nm = NULL;
	uint32_t t;
	struct pipe p;

	pipe_open(&p, admin, admin_pw, &rpc_lsarpc);
	CU_ASSERT_EQUAL_FATAL(lsa_open_policy2(p.c, LSA_POLICY_LOOKUP_NAMES |
							 LSA_POLICY_VIEW_LOCAL_INFORMATION,
					       &policy), 0);
	for (size_t i = 0; i < ARRAY_SIZE(principals); i++) {
		snprintf(full, sizeof(full), "%s\\%s", principals[i].builtin ? "BUILTIN" : domain,
			 principals[i].name);
		sid = ldb_sid(principals[i].account);
		both_ways(p.c, &policy, full, &sid, principals[i].account,
			  principals[i].builtin ? "BUILTIN" : domain, principals[i].type);
	}
	/* S-1-5-32-574 is what the database has for the DCOM group. */
	CU_ASSERT(cadcom__sid_eq(&sid, &cda));
	/* Everyone: winbind's name for S-1-1-0, in no domain ("\Everyone"). */
	wb = command_line("wbinfo -s S-1-1-0 2>/dev/null", "\\");
	CU_ASSERT_STRING_EQUAL(wb ? wb : "", "Everyone 5");
	both_ways(p.c, &policy, "Everyone", &everyone, "Everyone", NULL, SID_TYPE_WELL_KNOWN);
	free(wb);
	/* The plain user by name and by UPN, and the domain itself. */
	sid = ldb_sid(user);
	both_ways(p.c, &policy, user, &sid, user, domain, SID_TYPE_USER);
	snprintf(full, sizeof(full), "%s@%s", user, getenv("CADCOM_LAB_REALM"));
	CU_ASSERT_EQUAL(lsa_lookup_name(p.c, &policy, full, &got, &t, &d), 0);
	CU_ASSERT(cadcom__sid_eq(&got, &sid) && t == SID_TYPE_USER);
	free(d);
	d = NULL;
	CU_ASSERT_EQUAL(lsa_lookup_name(p.c, &policy, domain, &got, &t, &d), 0);
	CU_ASSERT(cadcom__sid_eq(&got, &dom_sid) && t == SID_TYPE_DOMAIN);
	free(d);
	d = NULL;
	/* Nobody. */
	snprintf(full, sizeof(full), "%s\\cadcom-no-such-name", domain);
	CU_ASSERT_EQUAL(lsa_lookup_name(p.c, &policy, full, &got, &t, &d), CADCOM_ENOTFOUND);
	assert_message("LookupNames3 CONTOSO\\cadcom-no-such-name", "(STATUS_NONE_MAPPED)");
	CU_ASSERT_EQUAL(lsa_lookup_sid(p.c, &policy, &nobody, &d, &nm, &t), CADCOM_ENOTFOUND);
	assert_message("LookupSids2 S-1-5-21-", "(STATUS_NONE_MAPPED)");
	CU_ASSERT(!d && !nm);
	CU_ASSERT_EQUAL(lsa_close(p.c, &policy), 0);
	pipe_close(&p);
}

/* A plain user may open the alias (Samba checks rights at the change, not
 * at the open) and read names, but not change a membership. */
static void test_plain_user(void)
{
	const struct cadcom_sid du = ldb_sid("Domain Users");
	struct rpc_handle server, dom, userver, udom, alias, h, policy;
	struct cadcom_sid *members = NULL, got;
	uint32_t rid = 0, r, t;
	size_t n = 9;
	char *d = NULL, *text;
	struct pipe a, u, ul;

	pipe_open(&a, admin, admin_pw, &rpc_samr);
	open_account(a.c, SAMR_DOMAIN_LOOKUP | SAMR_DOMAIN_CREATE_ALIAS, &server, &dom);
	delete_alias(a.c, &dom, USER_ALIAS);
	delete_alias(a.c, &dom, USER_ALIAS "2");
	CU_ASSERT_EQUAL_FATAL(samr_create_alias(a.c, &dom, USER_ALIAS, SAMR_MAXIMUM_ALLOWED, &h,
						&rid), 0);
	CU_ASSERT_EQUAL(samr_close(a.c, &h), 0);

	pipe_open(&u, user, user_pw, &rpc_samr);
	open_account(u.c, SAMR_MAXIMUM_ALLOWED, &userver, &udom);
	CU_ASSERT_EQUAL(samr_open_alias(u.c, &udom, rid,
					SAMR_ALIAS_ADD_MEMBER | SAMR_ALIAS_LIST_MEMBERS, &alias), 0);
	CU_ASSERT_EQUAL(samr_add_alias_member(u.c, &alias, &du), CADCOM_EACCESS);
	assert_message("AddMemberToAlias S-1-5-21-", "NTSTATUS 0xc0000022 (STATUS_ACCESS_DENIED)");
	CU_ASSERT_EQUAL(samr_alias_members(u.c, &alias, &members, &n), 0);
	CU_ASSERT(n == 0 && !members);
	CU_ASSERT_EQUAL(samr_close(u.c, &alias), 0);
	CU_ASSERT_EQUAL(samr_create_alias(u.c, &udom, USER_ALIAS "2", SAMR_MAXIMUM_ALLOWED, &h, &r),
			CADCOM_EACCESS);
	text = ldb("(sAMAccountName=" USER_ALIAS "2)", "objectSid");
	CU_ASSERT_PTR_NULL(text);
	free(text);
	pipe_close(&u);

	/* Names are anybody's to read. */
	pipe_open(&ul, user, user_pw, &rpc_lsarpc);
	CU_ASSERT_EQUAL_FATAL(lsa_open_policy2(ul.c, LSA_POLICY_LOOKUP_NAMES, &policy), 0);
	CU_ASSERT_EQUAL(lsa_lookup_name(ul.c, &policy, "Domain Users", &got, &t, &d), 0);
	CU_ASSERT(cadcom__sid_eq(&got, &du) && t == SID_TYPE_GROUP);
	free(d);
	CU_ASSERT_EQUAL(lsa_close(ul.c, &policy), 0);
	pipe_close(&ul);

	delete_alias(a.c, &dom, USER_ALIAS "2");
	delete_alias(a.c, &dom, USER_ALIAS);
	text = ldb("(sAMAccountName=" USER_ALIAS ")", "objectSid");
	CU_ASSERT_PTR_NULL(text);
	free(text);
	CU_ASSERT_EQUAL(samr_close(a.c, &dom), 0);
	CU_ASSERT_EQUAL(samr_close(a.c, &server), 0);
	pipe_close(&a);
}

/* cadcom_directory_delete_group on a remote target: the alias, with its
 * member, is gone from the database; what Windows made is refused before
 * anything is sent. */
static void test_directory_delete(void)
{
	const struct cadcom_sid dom_sid = domain_sid(), du = ldb_sid("Domain Users"),
				certpub = ldb_sid("Cert Publishers"),
				cda = { 1, 2, 5, { 32, 574 } }, other = { 1, 5, 5, { 21, 7, 8, 9, 1000 } };
	struct rpc_handle server, dom;
	cadcom_credentials *cred = NULL;
	cadcom_target *t = NULL;
	cadcom_directory *dir;
	cadcom_sid *g = NULL;
	char *text;
	struct pipe p;
	int rc;

	/* What an interrupted run left. */
	pipe_open(&p, admin, admin_pw, &rpc_samr);
	open_account(p.c, SAMR_MAXIMUM_ALLOWED, &server, &dom);
	delete_alias(p.c, &dom, DIR_ALIAS);
	pipe_close(&p);

	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&cred, domain, admin, admin_pw), 0);
	if ((rc = cadcom_target_open_remote(&t, host, cred, NULL)))
		fprintf(stderr, "\n  %s\n", cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	dir = cadcom_target_directory(t);
	CU_ASSERT_EQUAL_FATAL(cadcom_directory_create_group(dir, &dom_sid, DIR_ALIAS,
							    CADCOM_SCOPE_DOMAIN_LOCAL, &g), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, &du), 1);
	CU_ASSERT_EQUAL(ldb_count("(sAMAccountName=" DIR_ALIAS ")", "member"), 1);

	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, g), 0);
	text = ldb("(sAMAccountName=" DIR_ALIAS ")", "objectSid");
	CU_ASSERT_PTR_NULL(text);
	free(text);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, g, NULL, NULL), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, g), CADCOM_ENOTFOUND);

	/* Refused: Builtin's, the account domain's below RID 1000 (Cert
	 * Publishers is an alias Samba would delete), another domain's. */
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, &cda), CADCOM_EKIND);
	assert_message("S-1-5-32-574", "builtin local group");
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, &certpub), CADCOM_EKIND);
	assert_message("-517 is a group Windows made", NULL);
	text = ldb("(sAMAccountName=Cert Publishers)", "objectSid");
	CU_ASSERT_PTR_NOT_NULL(text);
	free(text);
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, &other), CADCOM_EKIND);
	assert_message("S-1-5-21-7-8-9-1000", "not a group of this computer's SAM");

	cadcom_sid_free(g);
	cadcom_target_free(t);
	cadcom_credentials_free(cred);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "samr: an alias created, filled, emptied, deleted", test_alias },
		{ "samr: a global group is no alias; Builtin", test_kinds },
		{ "lsarpc: names and SIDs both ways", test_lsa },
		{ "a plain user cannot change an alias", test_plain_user },
		{ "the directory deletes an alias", test_directory_delete },
		CU_TEST_INFO_NULL,
	};

	lab_load();
	return cu_run("sam (lab)", tests);
}
