/*
 * Group scopes (doc/SCOPE.md; Microsoft windowsserverdocs
 * identity/ad-ds/manage/understand-security-groups.md): who may be a member
 * of which group, why, and how the membership is stored.
 *
 * The world: forest contoso.test (root) with child.contoso.test; forest
 * fabrikam.test (root) with sub.fabrikam.test; northwind.test alone.
 * contoso.test trusts fabrikam.test by a forest trust, by an external trust,
 * or not at all, depending on the test.  Computers ca01 and ws01 are joined
 * to contoso.test, lonely is standalone.
 */
#include "cu.h"
#include <cadcom/scope.h>

enum { NO_TRUST = 0 };

#define USER CADCOM_PRINCIPAL_USER
#define COMPUTER CADCOM_PRINCIPAL_COMPUTER
#define GROUP CADCOM_PRINCIPAL_GROUP
#define WELL_KNOWN CADCOM_PRINCIPAL_WELL_KNOWN
#define NONE CADCOM_SCOPE_NONE
#define GLOBAL CADCOM_SCOPE_GLOBAL
#define DLOCAL CADCOM_SCOPE_DOMAIN_LOCAL
#define UNIVERSAL CADCOM_SCOPE_UNIVERSAL
#define BUILTIN CADCOM_SCOPE_BUILTIN_LOCAL
#define CLOCAL CADCOM_SCOPE_COMPUTER_LOCAL

#define CONTOSO "S-1-5-21-100-100-100"
#define CHILD "S-1-5-21-110-110-110"
#define FABRIKAM "S-1-5-21-200-200-200"
#define SUBFAB "S-1-5-21-210-210-210"
#define NORTHWIND "S-1-5-21-300-300-300"
#define CA01 "S-1-5-21-900-900-901"
#define WS01 "S-1-5-21-900-900-902"
#define LONELY "S-1-5-21-900-900-903"

static void add_domain(cadcom_env *env, const char *name, const char *sid, const char *forest)
{
	cadcom_sid *s = cu_sid(sid);

	CU_ASSERT_EQUAL_FATAL(cadcom_env_add_domain(env, name, s, forest), 0);
	cadcom_sid_free(s);
}

static void add_machine(cadcom_env *env, const char *name, const char *sid, const char *domain)
{
	cadcom_sid *s = cu_sid(sid);

	CU_ASSERT_EQUAL_FATAL(cadcom_env_add_machine(env, name, s, domain), 0);
	cadcom_sid_free(s);
}

/* `trust`: NO_TRUST or the kind of trust from contoso.test to fabrikam.test. */
static cadcom_env *make_env(int trust)
{
	cadcom_env *env = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_env_new(&env), 0);
	add_domain(env, "contoso.test", CONTOSO, NULL);
	add_domain(env, "child.contoso.test", CHILD, "contoso.test");
	add_domain(env, "fabrikam.test", FABRIKAM, NULL);
	add_domain(env, "sub.fabrikam.test", SUBFAB, "fabrikam.test");
	add_domain(env, "northwind.test", NORTHWIND, "northwind.test");
	add_machine(env, "ca01", CA01, "contoso.test");
	add_machine(env, "ws01", WS01, "CONTOSO.TEST");
	add_machine(env, "lonely", LONELY, NULL);
	if (trust != NO_TRUST)
		CU_ASSERT_EQUAL_FATAL(cadcom_env_add_trust(env, "contoso.test", "fabrikam.test", trust),
				      0);
	return env;
}

static cadcom_principal *pr(int kind, int scope, const char *sid, const char *home,
			    const char *name)
{
	cadcom_principal *p = NULL;
	cadcom_sid *s = cu_sid(sid);

	CU_ASSERT_EQUAL_FATAL(cadcom_principal_new(&p, kind, scope, s, home, name), 0);
	cadcom_sid_free(s);
	return p;
}

/* Every principal the tests use, and the environment they live in. */
struct world {
	cadcom_env *env;
	cadcom_principal *c_dl, *c_dl2, *c_gg, *c_gg2, *c_ug, *c_user, *c_comp, *c_bi, *c_bi_users;
	cadcom_principal *ch_gg, *ch_ug, *ch_dl, *ch_user;
	cadcom_principal *f_gg, *f_dl, *f_ug, *f_user, *sf_gg;
	cadcom_principal *n_gg, *n_user;
	cadcom_principal *ca_cl, *ca_cl2, *ca_user, *ca_bi, *ca_cd, *ws_user, *ws_cl;
	cadcom_principal *l_cl, *l_user, *l_bi;
	cadcom_principal *everyone, *auth_users;
};

static void world_new(struct world *w, int trust)
{
	w->env = make_env(trust);
	w->c_dl = pr(GROUP, DLOCAL, CONTOSO "-1105", NULL, "CONTOSO\\CERTSVC_DCOM_ACCESS");
	w->c_dl2 = pr(GROUP, DLOCAL, CONTOSO "-1106", NULL, "CONTOSO\\Resource Admins");
	w->c_gg = pr(GROUP, GLOBAL, CONTOSO "-513", NULL, "CONTOSO\\Domain Users");
	w->c_gg2 = pr(GROUP, GLOBAL, CONTOSO "-1200", NULL, "CONTOSO\\PKI Team");
	w->c_ug = pr(GROUP, UNIVERSAL, CONTOSO "-1300", NULL, "CONTOSO\\All Staff");
	w->c_user = pr(USER, NONE, CONTOSO "-1500", NULL, "CONTOSO\\alice");
	w->c_comp = pr(COMPUTER, NONE, CONTOSO "-1600", NULL, "CONTOSO\\WS01$");
	w->c_bi = pr(GROUP, BUILTIN, "S-1-5-32-574", "contoso.test",
		     "BUILTIN\\Certificate Service DCOM Access");
	w->c_bi_users = pr(GROUP, BUILTIN, "S-1-5-32-545", "contoso.test", "BUILTIN\\Users");
	w->ch_gg = pr(GROUP, GLOBAL, CHILD "-513", NULL, "CHILD\\Domain Users");
	w->ch_ug = pr(GROUP, UNIVERSAL, CHILD "-1300", NULL, "CHILD\\Everybody");
	w->ch_dl = pr(GROUP, DLOCAL, CHILD "-1105", NULL, "CHILD\\Printers");
	w->ch_user = pr(USER, NONE, CHILD "-1500", NULL, "CHILD\\erin");
	w->f_gg = pr(GROUP, GLOBAL, FABRIKAM "-513", NULL, "FABRIKAM\\Domain Users");
	w->f_dl = pr(GROUP, DLOCAL, FABRIKAM "-1105", NULL, "FABRIKAM\\X");
	w->f_ug = pr(GROUP, UNIVERSAL, FABRIKAM "-1300", NULL, "FABRIKAM\\Staff");
	w->f_user = pr(USER, NONE, FABRIKAM "-1500", NULL, "FABRIKAM\\frank");
	w->sf_gg = pr(GROUP, GLOBAL, SUBFAB "-513", NULL, "SUB\\Domain Users");
	w->n_gg = pr(GROUP, GLOBAL, NORTHWIND "-513", NULL, "NORTHWIND\\Domain Users");
	w->n_user = pr(USER, NONE, NORTHWIND "-1500", NULL, "NORTHWIND\\nina");
	w->ca_cl = pr(GROUP, CLOCAL, CA01 "-1000", NULL, "CA01\\CERTSVC_DCOM_ACCESS");
	w->ca_cl2 = pr(GROUP, CLOCAL, CA01 "-1002", NULL, "CA01\\Operators");
	w->ca_user = pr(USER, NONE, CA01 "-1001", NULL, "CA01\\bob");
	w->ca_bi = pr(GROUP, BUILTIN, "S-1-5-32-545", "ca01", "CA01\\Users");
	w->ca_cd = pr(GROUP, BUILTIN, "S-1-5-32-574", "ca01",
		      "CA01\\Certificate Service DCOM Access");
	w->ws_user = pr(USER, NONE, WS01 "-1001", NULL, "WS01\\carol");
	w->ws_cl = pr(GROUP, CLOCAL, WS01 "-1000", NULL, "WS01\\Team");
	w->l_cl = pr(GROUP, CLOCAL, LONELY "-1000", NULL, "LONELY\\CERTSVC_DCOM_ACCESS");
	w->l_user = pr(USER, NONE, LONELY "-1001", NULL, "LONELY\\dave");
	w->l_bi = pr(GROUP, BUILTIN, "S-1-5-32-544", "lonely", "LONELY\\Administrators");
	w->everyone = pr(WELL_KNOWN, NONE, "S-1-1-0", NULL, "Everyone");
	w->auth_users = pr(WELL_KNOWN, NONE, "S-1-5-11", NULL, NULL); /* shown as its SID */
}

static void world_free(struct world *w)
{
	cadcom_principal *all[] = {
		w->c_dl, w->c_dl2, w->c_gg, w->c_gg2, w->c_ug, w->c_user, w->c_comp, w->c_bi,
		w->c_bi_users, w->ch_gg, w->ch_ug, w->ch_dl, w->ch_user, w->f_gg, w->f_dl, w->f_ug,
		w->f_user, w->sf_gg, w->n_gg, w->n_user, w->ca_cl, w->ca_cl2, w->ca_user, w->ca_bi,
		w->ca_cd, w->ws_user, w->ws_cl, w->l_cl, w->l_user, w->l_bi, w->everyone,
		w->auth_users,
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		cadcom_principal_free(all[i]);
	cadcom_env_free(w->env);
}

/* May `g` contain `m`?  The answer must be `want` and the sentence must hold
 * every word of `words` (both names, both homes, the rule). */
static void check(const cadcom_env *env, const cadcom_principal *g, const cadcom_principal *m,
		  int want, const char *const *words, int line)
{
	char *why = NULL;
	int rc = cadcom_scope_may_contain(env, g, m, &why);
	bool ok = rc == want && why != NULL;

	for (size_t i = 0; ok && words[i]; i++)
		ok = strstr(why, words[i]) != NULL;
	if (!ok)
		fprintf(stderr, "\n  line %d: got %d, want %d\n  why: %s\n  error: %s\n", line, rc,
			want, why ? why : "(none)",
			cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL(rc, want);
	CU_ASSERT_PTR_NOT_NULL(why);
	CU_ASSERT(ok);
	cadcom_free(why);
}

#define MAY(w, g, m, ...) check((w).env, (w).g, (w).m, 1, (const char *[]){ __VA_ARGS__, NULL }, __LINE__)
#define MAY_NOT(w, g, m, ...) \
	check((w).env, (w).g, (w).m, 0, (const char *[]){ __VA_ARGS__, NULL }, __LINE__)

/* A failing call: the code, a recorded error of that code, a message that
 * names `word`. */
static void expect_err(int rc, int code, const char *word, int line)
{
	const cadcom_error *err = cadcom_error_last();
	const char *msg = err ? cadcom_error_message(err) : "";
	bool ok = rc == code && err && cadcom_error_code(err) == code && *msg &&
		  (!word || strstr(msg, word));

	if (!ok)
		fprintf(stderr, "\n  line %d: got %d, want %d; message: %s\n", line, rc, code, msg);
	CU_ASSERT_EQUAL(rc, code);
	CU_ASSERT(ok);
}

#define EXPECT_ERR(call, code, word)                              \
	do {                                                      \
		cadcom_error_clear();                             \
		expect_err((call), (code), (word), __LINE__);     \
	} while (0)

/* ---- trusts ------------------------------------------------------------ */

static void test_env_trusts(void)
{
	cadcom_env *env = make_env(CADCOM_TRUST_FOREST);

	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "contoso.test"), 1);
	/* A forest's domains trust each other transitively. */
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "child.contoso.test", "contoso.test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "child.contoso.test"), 1);
	/* A forest trust covers every domain of both forests, one way only. */
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "fabrikam.test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "child.contoso.test", "sub.fabrikam.test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "CONTOSO.test", "Sub.Fabrikam.Test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "fabrikam.test", "contoso.test"), 0);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "northwind.test"), 0);
	EXPECT_ERR(cadcom_env_trusts(env, "contoso.test", "nowhere.test"), CADCOM_ENOTFOUND,
		   "nowhere.test");
	EXPECT_ERR(cadcom_env_trusts(env, "ca01", "contoso.test"), CADCOM_ENOTFOUND, "ca01");
	cadcom_env_free(env);

	/* An external trust joins two domains only. */
	env = make_env(CADCOM_TRUST_EXTERNAL);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "fabrikam.test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "sub.fabrikam.test"), 0);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "child.contoso.test", "fabrikam.test"), 0);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "fabrikam.test", "contoso.test"), 0);
	cadcom_env_free(env);

	env = make_env(NO_TRUST);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "fabrikam.test"), 0);
	/* Adding the same trust twice changes nothing. */
	CU_ASSERT_EQUAL(cadcom_env_add_trust(env, "contoso.test", "fabrikam.test",
					     CADCOM_TRUST_EXTERNAL), 0);
	CU_ASSERT_EQUAL(cadcom_env_add_trust(env, "contoso.test", "fabrikam.test",
					     CADCOM_TRUST_EXTERNAL), 0);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "fabrikam.test"), 1);
	cadcom_env_free(env);
}

/* ---- domain local ------------------------------------------------------ */

/* The case: contoso trusts fabrikam, by a forest trust and, in a
 * separate world, by an external trust. */
static void test_domain_local_takes_trusted_global(void)
{
	const int kinds[] = { CADCOM_TRUST_FOREST, CADCOM_TRUST_EXTERNAL };

	for (size_t i = 0; i < 2; i++) {
		struct world w;
		char *why = NULL;

		world_new(&w, kinds[i]);
		MAY(w, c_dl, f_gg, "a domain local group of contoso.test (CONTOSO\\CERTSVC_DCOM_ACCESS)",
		    "may contain the global group FABRIKAM\\Domain Users of fabrikam.test",
		    "a domain local group accepts global groups from domains its domain trusts");
		MAY(w, c_dl, f_user, "FABRIKAM\\frank", "users and computers from domains its domain trusts");
		MAY_NOT(w, c_dl, f_dl, "CONTOSO\\CERTSVC_DCOM_ACCESS", "FABRIKAM\\X", "cannot contain",
			"domain local groups nest only within their own domain");
		CU_ASSERT_EQUAL(cadcom_scope_may_contain(w.env, w.c_dl, w.f_dl, &why), 0);
		CU_ASSERT_STRING_EQUAL(why, "a domain local group of contoso.test "
					    "(CONTOSO\\CERTSVC_DCOM_ACCESS) cannot contain the domain "
					    "local group FABRIKAM\\X of fabrikam.test: domain local "
					    "groups nest only within their own domain");
		cadcom_free(why);
		/* The answer without a sentence is the same. */
		CU_ASSERT_EQUAL(cadcom_scope_may_contain(w.env, w.c_dl, w.f_gg, NULL), 1);
		world_free(&w);
	}
}

static void test_no_trust_refused(void)
{
	struct world w;

	world_new(&w, NO_TRUST);
	MAY_NOT(w, c_dl, f_gg, "FABRIKAM\\Domain Users", "CONTOSO\\CERTSVC_DCOM_ACCESS",
		"accepts members only from domains its domain trusts");
	MAY_NOT(w, c_dl, f_user, "FABRIKAM\\frank", "only from domains its domain trusts");
	MAY_NOT(w, c_dl, f_ug, "FABRIKAM\\Staff", "only from domains its domain trusts");
	world_free(&w);

	world_new(&w, CADCOM_TRUST_FOREST);
	MAY_NOT(w, c_dl, n_gg, "NORTHWIND\\Domain Users", "northwind.test",
		"only from domains its domain trusts");
	/* A trust goes one way: fabrikam does not trust contoso. */
	MAY_NOT(w, f_dl, c_gg, "FABRIKAM\\X", "CONTOSO\\Domain Users",
		"only from domains its domain trusts");
	world_free(&w);
}

static void test_child_domain_trusted_transitively(void)
{
	struct world w;

	world_new(&w, NO_TRUST);
	MAY(w, c_dl, ch_gg, "CHILD\\Domain Users", "child.contoso.test",
	    "global groups from domains its domain trusts");
	MAY(w, c_dl, ch_user, "the user CHILD\\erin of child.contoso.test",
	    "users and computers from domains its domain trusts");
	MAY(w, ch_dl, c_gg, "CHILD\\Printers", "CONTOSO\\Domain Users",
	    "global groups from domains its domain trusts");
	MAY(w, c_dl, ch_ug, "CHILD\\Everybody", "universal groups from its forest");
	MAY_NOT(w, c_dl, ch_dl, "CHILD\\Printers", "nest only within their own domain");
	world_free(&w);
}

static void test_domain_local_members(void)
{
	struct world w;

	world_new(&w, NO_TRUST);
	MAY(w, c_dl, c_dl2, "CONTOSO\\Resource Admins",
	    "a domain local group accepts domain local groups of its own domain");
	MAY(w, c_dl, c_comp, "the computer CONTOSO\\WS01$ of contoso.test", "users and computers");
	MAY(w, c_dl, c_ug, "CONTOSO\\All Staff", "universal groups from its forest");
	MAY(w, c_dl, everyone, "the well-known principal Everyone",
	    "accepts well-known principals, stored as foreign security principals");
	MAY_NOT(w, c_dl, c_bi, "BUILTIN\\Certificate Service DCOM Access",
		"cannot contain builtin local groups");
	MAY_NOT(w, c_dl, ca_cl, "CA01\\CERTSVC_DCOM_ACCESS", "of ca01",
		"cannot contain a computer's own users or groups");
	MAY_NOT(w, c_dl, ca_user, "the local user CA01\\bob of ca01",
		"cannot contain a computer's own users or groups");
	world_free(&w);
}

/* Universal groups of another forest: only with a trust that reaches them. */
static void test_cross_forest_universal_into_domain_local(void)
{
	struct world w;

	world_new(&w, CADCOM_TRUST_FOREST);
	MAY(w, c_dl, f_ug, "the universal group FABRIKAM\\Staff of fabrikam.test",
	    "universal groups from its forest and from trusted domains and forests");
	MAY(w, c_dl, sf_gg, "SUB\\Domain Users", "sub.fabrikam.test", "from domains its domain trusts");
	world_free(&w);

	world_new(&w, CADCOM_TRUST_EXTERNAL);
	MAY(w, c_dl, f_ug, "FABRIKAM\\Staff", "from trusted domains and forests");
	MAY_NOT(w, c_dl, sf_gg, "SUB\\Domain Users", "only from domains its domain trusts");
	world_free(&w);

	world_new(&w, NO_TRUST);
	MAY_NOT(w, c_dl, f_ug, "FABRIKAM\\Staff", "only from domains its domain trusts");
	world_free(&w);
}

/* ---- global and universal ---------------------------------------------- */

static void test_global_group(void)
{
	struct world w;

	world_new(&w, CADCOM_TRUST_FOREST);
	MAY(w, c_gg2, c_user, "a global group of contoso.test (CONTOSO\\PKI Team)", "CONTOSO\\alice",
	    "a global group accepts users, computers and global groups of its own domain");
	MAY(w, c_gg2, c_comp, "CONTOSO\\WS01$", "of its own domain");
	MAY(w, c_gg2, c_gg, "CONTOSO\\Domain Users", "of its own domain");
	MAY_NOT(w, c_gg2, ch_gg, "CONTOSO\\PKI Team", "CHILD\\Domain Users",
		"global groups nest only within their own domain");
	MAY_NOT(w, c_gg2, f_gg, "FABRIKAM\\Domain Users", "nest only within their own domain");
	MAY_NOT(w, c_gg2, ch_user, "CHILD\\erin", "users and computers of its own domain only");
	MAY_NOT(w, c_gg2, c_ug, "CONTOSO\\All Staff", "cannot contain universal groups");
	MAY_NOT(w, c_gg2, c_dl, "CONTOSO\\CERTSVC_DCOM_ACCESS",
		"contains only users, computers and global groups of its own domain");
	MAY_NOT(w, c_gg2, everyone, "Everyone", "contains only users, computers and global groups");
	MAY_NOT(w, c_gg2, c_bi, "BUILTIN\\Certificate Service DCOM Access", "contains only");
	MAY_NOT(w, c_gg2, ca_user, "CA01\\bob", "contains only");
	MAY_NOT(w, c_gg2, ca_cl, "CA01\\CERTSVC_DCOM_ACCESS", "contains only");
	world_free(&w);
}

static void test_universal_group(void)
{
	struct world w;

	world_new(&w, CADCOM_TRUST_FOREST);
	MAY(w, c_ug, ch_user, "a universal group of contoso.test (CONTOSO\\All Staff)", "CHILD\\erin",
	    "any domain of its forest");
	MAY(w, c_ug, c_user, "CONTOSO\\alice", "any domain of its forest");
	MAY(w, c_ug, ch_gg, "CHILD\\Domain Users", "any domain of its forest");
	MAY(w, c_ug, ch_ug, "CHILD\\Everybody", "any domain of its forest");
	MAY_NOT(w, c_ug, c_dl, "CONTOSO\\All Staff", "the domain local group CONTOSO\\CERTSVC_DCOM_ACCESS",
		"a universal group cannot contain domain local groups");
	MAY_NOT(w, c_ug, f_gg, "FABRIKAM\\Domain Users", "from its own forest only");
	MAY_NOT(w, c_ug, f_ug, "FABRIKAM\\Staff", "from its own forest only");
	MAY_NOT(w, c_ug, everyone, "Everyone", "cannot contain well-known principals");
	MAY_NOT(w, c_ug, c_bi, "BUILTIN\\Certificate Service DCOM Access",
		"contains only users, computers, global and universal groups of its forest");
	MAY_NOT(w, c_ug, ca_cl, "CA01\\CERTSVC_DCOM_ACCESS", "contains only");
	world_free(&w);
}

/* ---- builtin local on a domain's DCs ----------------------------------- */

static void test_domain_builtin(void)
{
	struct world w;

	world_new(&w, CADCOM_TRUST_FOREST);
	MAY(w, c_bi, c_gg, "a builtin local group of contoso.test (BUILTIN\\Certificate Service DCOM Access)",
	    "CONTOSO\\Domain Users", "follows the domain local rules",
	    "global groups from domains its domain trusts");
	MAY(w, c_bi, f_gg, "FABRIKAM\\Domain Users", "from domains its domain trusts");
	MAY(w, c_bi, c_dl, "CONTOSO\\CERTSVC_DCOM_ACCESS", "domain local groups of its own domain");
	MAY(w, c_bi, everyone, "Everyone", "well-known principals");
	MAY_NOT(w, c_bi, ch_dl, "CHILD\\Printers", "nest only within their own domain");
	MAY_NOT(w, c_bi, c_bi_users, "BUILTIN\\Users",
		"builtin local groups do not contain other builtin local groups",
		"no documented rule");
	MAY_NOT(w, c_bi, ca_bi, "CA01\\Users", "no documented rule");
	MAY_NOT(w, c_bi, ca_cl, "CA01\\CERTSVC_DCOM_ACCESS", "a computer's own users or groups");
	MAY_NOT(w, c_bi, ca_user, "CA01\\bob", "a computer's own users or groups");
	world_free(&w);

	world_new(&w, NO_TRUST);
	MAY_NOT(w, c_bi, f_gg, "FABRIKAM\\Domain Users", "only from domains its domain trusts");
	world_free(&w);
}

/* ---- a computer's own groups ------------------------------------------- */

static void test_computer_local(void)
{
	struct world w;

	world_new(&w, CADCOM_TRUST_FOREST);
	/* KB 903220: Everyone in the computer-local CERTSVC_DCOM_ACCESS ... */
	MAY(w, ca_cl, everyone, "a computer-local group of ca01 (CA01\\CERTSVC_DCOM_ACCESS)",
	    "may contain the well-known principal Everyone", "accepts well-known principals");
	/* ... but never in a global group. */
	MAY_NOT(w, c_gg2, everyone, "CONTOSO\\PKI Team", "the well-known principal Everyone");
	MAY(w, ca_cl, auth_users, "the well-known principal S-1-5-11", "well-known principals");
	MAY(w, ca_cl, ca_user, "the local user CA01\\bob of ca01", "the local users of that computer");
	MAY_NOT(w, ca_cl, ws_user, "WS01\\carol", "of ws01", "local users of its own computer only");
	MAY(w, ca_cl, c_gg, "CONTOSO\\Domain Users",
	    "users, computers, global and universal groups from domains its computer's domain trusts");
	MAY(w, ca_cl, c_user, "CONTOSO\\alice", "its computer's domain trusts");
	MAY(w, ca_cl, c_comp, "CONTOSO\\WS01$", "its computer's domain trusts");
	MAY(w, ca_cl, f_gg, "FABRIKAM\\Domain Users", "its computer's domain trusts");
	MAY(w, ca_cl, ch_ug, "CHILD\\Everybody", "its computer's domain trusts");
	MAY_NOT(w, ca_cl, n_gg, "NORTHWIND\\Domain Users",
		"domain members only from domains its computer's domain trusts");
	MAY(w, ca_cl, c_dl, "the domain local group CONTOSO\\CERTSVC_DCOM_ACCESS of contoso.test",
	    "a computer-local group accepts domain local groups of its computer's domain");
	MAY_NOT(w, ca_cl, ch_dl, "CHILD\\Printers", "of its computer's own domain only");
	/* A builtin local group may not be nested into a computer-local group. */
	MAY_NOT(w, ca_cl, ca_bi, "CA01\\CERTSVC_DCOM_ACCESS", "the builtin local group CA01\\Users of ca01",
		"a computer's local groups do not nest");
	MAY_NOT(w, ca_cl, c_bi, "BUILTIN\\Certificate Service DCOM Access", "do not nest");
	MAY_NOT(w, ca_cl, ca_cl2, "CA01\\Operators", "do not nest");
	MAY_NOT(w, ca_cl, ws_cl, "WS01\\Team", "do not nest");
	world_free(&w);
}

static void test_computer_builtin(void)
{
	struct world w;

	world_new(&w, CADCOM_TRUST_FOREST);
	MAY(w, ca_cd, c_gg, "a builtin local group of ca01 (CA01\\Certificate Service DCOM Access)",
	    "CONTOSO\\Domain Users", "from domains its computer's domain trusts");
	MAY(w, ca_cd, f_ug, "FABRIKAM\\Staff", "from domains its computer's domain trusts");
	MAY(w, ca_cd, ca_user, "CA01\\bob", "the local users of that computer");
	MAY(w, ca_cd, everyone, "Everyone", "well-known principals");
	MAY_NOT(w, ca_cd, c_dl, "CONTOSO\\CERTSVC_DCOM_ACCESS",
		"a computer's builtin groups (well-known SIDs) cannot contain domain local groups");
	MAY_NOT(w, ca_cd, ca_cl, "CA01\\CERTSVC_DCOM_ACCESS", "do not nest");
	MAY_NOT(w, ca_cd, ca_bi, "CA01\\Users", "do not nest");
	world_free(&w);

	world_new(&w, NO_TRUST);
	MAY_NOT(w, ca_cd, f_gg, "FABRIKAM\\Domain Users", "its computer's domain trusts");
	world_free(&w);
}

static void test_standalone_computer(void)
{
	struct world w;

	world_new(&w, CADCOM_TRUST_FOREST);
	MAY(w, l_cl, l_user, "a computer-local group of lonely (LONELY\\CERTSVC_DCOM_ACCESS)",
	    "LONELY\\dave", "the local users of that computer");
	MAY(w, l_cl, everyone, "Everyone", "well-known principals");
	MAY_NOT(w, l_cl, c_gg, "CONTOSO\\Domain Users",
		"a standalone computer's groups accept only its own local users and well-known "
		"principals");
	MAY_NOT(w, l_cl, c_user, "CONTOSO\\alice", "standalone");
	MAY_NOT(w, l_cl, c_dl, "CONTOSO\\CERTSVC_DCOM_ACCESS", "standalone");
	MAY_NOT(w, l_cl, ca_user, "CA01\\bob", "local users of its own computer only");
	MAY(w, l_bi, l_user, "LONELY\\Administrators", "LONELY\\dave", "local users");
	MAY_NOT(w, l_bi, c_gg, "LONELY\\Administrators", "standalone");
	world_free(&w);
}

/* ---- how a membership is stored ---------------------------------------- */

static void test_member_form(void)
{
	struct world w;

	world_new(&w, CADCOM_TRUST_FOREST);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.c_dl, w.c_gg), CADCOM_MEMBER_DIRECT);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.c_dl, w.ch_gg), CADCOM_MEMBER_DIRECT);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.c_ug, w.ch_user), CADCOM_MEMBER_DIRECT);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.c_bi, w.c_gg), CADCOM_MEMBER_DIRECT);
	/* Other forests and well-known SIDs: foreign security principals. */
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.c_dl, w.f_gg), CADCOM_MEMBER_FOREIGN);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.c_dl, w.sf_gg), CADCOM_MEMBER_FOREIGN);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.c_dl, w.everyone), CADCOM_MEMBER_FOREIGN);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.c_bi, w.everyone), CADCOM_MEMBER_FOREIGN);
	/* A computer's SAM stores SIDs. */
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.ca_cl, w.c_gg), CADCOM_MEMBER_SID);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.ca_cl, w.everyone), CADCOM_MEMBER_SID);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.ca_cd, w.ca_user), CADCOM_MEMBER_SID);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(w.env, w.l_cl, w.l_user), CADCOM_MEMBER_SID);
	EXPECT_ERR(cadcom_scope_member_form(w.env, w.c_user, w.c_gg), CADCOM_EINVAL,
		   "CONTOSO\\alice");
	EXPECT_ERR(cadcom_scope_member_form(NULL, w.c_dl, w.c_gg), CADCOM_EINVAL, NULL);
	world_free(&w);
}

static void test_fsp_dn(void)
{
	cadcom_sid *sid = cu_sid(FABRIKAM "-513");
	char *dn = NULL;

	CU_ASSERT_EQUAL(cadcom_scope_fsp_dn(sid, "contoso.test", &dn), 0);
	CU_ASSERT_STRING_EQUAL(dn, "CN=" FABRIKAM "-513,CN=ForeignSecurityPrincipals,"
				   "DC=contoso,DC=test");
	cadcom_free(dn);
	CU_ASSERT_EQUAL(cadcom_scope_fsp_dn(sid, "child.Contoso.test", &dn), 0);
	CU_ASSERT_STRING_EQUAL(dn, "CN=" FABRIKAM "-513,CN=ForeignSecurityPrincipals,"
				   "DC=child,DC=Contoso,DC=test");
	cadcom_free(dn);
	CU_ASSERT_EQUAL(cadcom_scope_fsp_dn(sid, "corp", &dn), 0);
	CU_ASSERT_STRING_EQUAL(dn, "CN=" FABRIKAM "-513,CN=ForeignSecurityPrincipals,DC=corp");
	cadcom_free(dn);
	cadcom_sid_free(sid);

	sid = cu_sid("S-1-1-0");
	CU_ASSERT_EQUAL(cadcom_scope_fsp_dn(sid, "contoso.test", &dn), 0);
	CU_ASSERT_STRING_EQUAL(dn, "CN=S-1-1-0,CN=ForeignSecurityPrincipals,DC=contoso,DC=test");
	cadcom_free(dn);

	dn = NULL;
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, "", &dn), CADCOM_EINVAL, "empty label");
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, ".", &dn), CADCOM_EINVAL, "empty label");
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, "contoso..test", &dn), CADCOM_EINVAL,
		   "\"contoso..test\"");
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, ".contoso.test", &dn), CADCOM_EINVAL, "empty label");
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, "contoso.test.", &dn), CADCOM_EINVAL, "empty label");
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, "con,toso.test", &dn), CADCOM_EINVAL, "\",\"");
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, "con toso.test", &dn), CADCOM_EINVAL, "con toso");
	EXPECT_ERR(cadcom_scope_fsp_dn(NULL, "contoso.test", &dn), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, NULL, &dn), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_scope_fsp_dn(sid, "contoso.test", NULL), CADCOM_EINVAL, NULL);
	CU_ASSERT_PTR_NULL(dn);
	cadcom_sid_free(sid);
}

/* ---- principals and bad input ------------------------------------------ */

static void test_principal_copies(void)
{
	cadcom_sid *sid = cu_sid("S-1-5-32-574");
	char home[] = "ca01", name[] = "CA01\\Certificate Service DCOM Access";
	cadcom_principal *p = NULL;

	CU_ASSERT_EQUAL(cadcom_principal_new(&p, GROUP, BUILTIN, sid, home, name), 0);
	memset(home, 'x', sizeof(home) - 1);
	memset(name, 'x', sizeof(name) - 1);
	cadcom_sid_free(sid);
	CU_ASSERT_EQUAL(cadcom_principal_kind(p), GROUP);
	CU_ASSERT_EQUAL(cadcom_principal_scope(p), BUILTIN);
	CU_ASSERT_STRING_EQUAL(cadcom_principal_home(p), "ca01");
	CU_ASSERT_STRING_EQUAL(cadcom_principal_name(p), "CA01\\Certificate Service DCOM Access");
	sid = cu_sid("S-1-5-32-574");
	CU_ASSERT_EQUAL(cadcom_sid_equal(cadcom_principal_sid(p), sid), 1);
	cadcom_sid_free(sid);
	cadcom_principal_free(p);

	p = pr(USER, NONE, CONTOSO "-1500", NULL, NULL);
	CU_ASSERT_PTR_NULL(cadcom_principal_home(p));
	CU_ASSERT_PTR_NULL(cadcom_principal_name(p));
	cadcom_principal_free(p);

	EXPECT_ERR(cadcom_principal_kind(NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_principal_scope(NULL), CADCOM_EINVAL, NULL);
	CU_ASSERT_PTR_NULL(cadcom_principal_sid(NULL));
	CU_ASSERT_PTR_NULL(cadcom_principal_home(NULL));
	CU_ASSERT_PTR_NULL(cadcom_principal_name(NULL));
	cadcom_principal_free(NULL);
	cadcom_env_free(NULL);
}

static void test_bad_principals(void)
{
	cadcom_sid *sid = cu_sid(CONTOSO "-1105");
	cadcom_sid *wk = cu_sid("S-1-1-0");
	cadcom_sid *bi = cu_sid("S-1-5-32-574");
	cadcom_principal *p = NULL;

	EXPECT_ERR(cadcom_principal_new(NULL, USER, NONE, sid, NULL, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_principal_new(&p, USER, NONE, NULL, NULL, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_principal_new(&p, 0, NONE, sid, NULL, "X"), CADCOM_EINVAL, "kind 0");
	EXPECT_ERR(cadcom_principal_new(&p, 9, NONE, sid, NULL, "X"), CADCOM_EINVAL, "kind 9");
	EXPECT_ERR(cadcom_principal_new(&p, GROUP, 6, sid, NULL, "X"), CADCOM_EINVAL, "scope 6");
	/* Kind and scope must agree. */
	EXPECT_ERR(cadcom_principal_new(&p, GROUP, NONE, sid, NULL, "CONTOSO\\X"), CADCOM_EINVAL,
		   "CONTOSO\\X");
	EXPECT_ERR(cadcom_principal_new(&p, USER, GLOBAL, sid, NULL, NULL), CADCOM_EINVAL,
		   CONTOSO "-1105");
	EXPECT_ERR(cadcom_principal_new(&p, WELL_KNOWN, DLOCAL, wk, NULL, "Everyone"),
		   CADCOM_EINVAL, "Everyone");
	/* Well-known principals have no home; builtin local groups need one. */
	EXPECT_ERR(cadcom_principal_new(&p, WELL_KNOWN, NONE, wk, "contoso.test", "Everyone"),
		   CADCOM_EINVAL, "contoso.test");
	EXPECT_ERR(cadcom_principal_new(&p, GROUP, BUILTIN, bi, NULL, "BUILTIN\\CD"), CADCOM_EINVAL,
		   "BUILTIN\\CD");
	EXPECT_ERR(cadcom_principal_new(&p, USER, NONE, sid, "", NULL), CADCOM_EINVAL, "empty");
	CU_ASSERT_PTR_NULL(p);
	cadcom_sid_free(sid);
	cadcom_sid_free(wk);
	cadcom_sid_free(bi);
}

static void test_bad_environment(void)
{
	cadcom_sid *sid = cu_sid("S-1-5-21-500-500-500");
	cadcom_sid *contoso = cu_sid(CONTOSO);
	cadcom_sid *account = cu_sid(CONTOSO "-500");
	cadcom_env *env = make_env(NO_TRUST);

	EXPECT_ERR(cadcom_env_new(NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_env_add_domain(NULL, "x.test", sid, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_env_add_domain(env, NULL, sid, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_env_add_domain(env, "x.test", NULL, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_env_add_domain(env, "", sid, NULL), CADCOM_EINVAL, "empty");
	/* Duplicates: a name (any case, also a computer's) or a SID. */
	EXPECT_ERR(cadcom_env_add_domain(env, "CONTOSO.test", sid, NULL), CADCOM_EINVAL,
		   "CONTOSO.test");
	EXPECT_ERR(cadcom_env_add_domain(env, "CA01", sid, NULL), CADCOM_EINVAL, "CA01");
	EXPECT_ERR(cadcom_env_add_domain(env, "x.test", contoso, NULL), CADCOM_EINVAL,
		   "contoso.test");
	EXPECT_ERR(cadcom_env_add_machine(env, "srv", contoso, NULL), CADCOM_EINVAL, "contoso.test");
	/* A domain SID is S-1-5-21-a-b-c. */
	EXPECT_ERR(cadcom_env_add_domain(env, "x.test", account, NULL), CADCOM_EINVAL,
		   CONTOSO "-500");
	/* Forest roots must be known roots. */
	EXPECT_ERR(cadcom_env_add_domain(env, "x.y.test", sid, "y.test"), CADCOM_ENOTFOUND, "y.test");
	EXPECT_ERR(cadcom_env_add_domain(env, "x.child.contoso.test", sid, "child.contoso.test"),
		   CADCOM_EINVAL, "child.contoso.test");
	/* Trusts. */
	EXPECT_ERR(cadcom_env_add_trust(env, "child.contoso.test", "fabrikam.test",
					CADCOM_TRUST_FOREST), CADCOM_EINVAL, "child.contoso.test");
	EXPECT_ERR(cadcom_env_add_trust(env, "contoso.test", "sub.fabrikam.test",
					CADCOM_TRUST_FOREST), CADCOM_EINVAL, "sub.fabrikam.test");
	EXPECT_ERR(cadcom_env_add_trust(env, "contoso.test", "nowhere.test", CADCOM_TRUST_EXTERNAL),
		   CADCOM_ENOTFOUND, "nowhere.test");
	EXPECT_ERR(cadcom_env_add_trust(env, "nowhere.test", "contoso.test", CADCOM_TRUST_EXTERNAL),
		   CADCOM_ENOTFOUND, "nowhere.test");
	EXPECT_ERR(cadcom_env_add_trust(env, "ca01", "contoso.test", CADCOM_TRUST_EXTERNAL),
		   CADCOM_ENOTFOUND, "ca01");
	EXPECT_ERR(cadcom_env_add_trust(env, "contoso.test", "fabrikam.test", 7), CADCOM_EINVAL,
		   "kind 7");
	EXPECT_ERR(cadcom_env_add_trust(env, "contoso.test", "Contoso.Test", CADCOM_TRUST_EXTERNAL),
		   CADCOM_EINVAL, "itself");
	EXPECT_ERR(cadcom_env_add_trust(env, NULL, "contoso.test", CADCOM_TRUST_EXTERNAL),
		   CADCOM_EINVAL, NULL);
	/* Computers. */
	EXPECT_ERR(cadcom_env_add_machine(env, "srv", sid, "nowhere.test"), CADCOM_ENOTFOUND,
		   "nowhere.test");
	EXPECT_ERR(cadcom_env_add_machine(env, NULL, sid, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_env_trusts(NULL, "a", "b"), CADCOM_EINVAL, NULL);
	/* None of the failures above changed the environment. */
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "fabrikam.test"), 0);
	EXPECT_ERR(cadcom_env_trusts(env, "x.test", "contoso.test"), CADCOM_ENOTFOUND, "x.test");
	cadcom_env_free(env);
	cadcom_sid_free(sid);
	cadcom_sid_free(contoso);
	cadcom_sid_free(account);
}

/* Homes: given (any case) or derived from the SID, and checked against it. */
static void test_homes(void)
{
	struct world w;
	cadcom_principal *p;
	char *why = (char *)"untouched";

	world_new(&w, NO_TRUST);
	/* The environment's spelling appears in sentences, whatever was given. */
	p = pr(GROUP, GLOBAL, CONTOSO "-513", "Contoso.TEST", "CONTOSO\\Domain Users");
	CU_ASSERT_EQUAL(cadcom_scope_may_contain(w.env, w.c_dl, p, &why), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "of contoso.test:"));
	cadcom_free(why);
	cadcom_principal_free(p);

	/* A home that is not in the environment. */
	p = pr(USER, NONE, CONTOSO "-1500", "nowhere.test", "CONTOSO\\alice");
	why = (char *)"untouched";
	cadcom_error_clear();
	expect_err(cadcom_scope_may_contain(w.env, w.c_dl, p, &why), CADCOM_ENOTFOUND,
		   "nowhere.test", __LINE__);
	CU_ASSERT_PTR_NULL(why);
	cadcom_principal_free(p);
	/* A SID no domain or computer holds, without a home. */
	p = pr(USER, NONE, "S-1-5-21-7-7-7-1000", NULL, NULL);
	EXPECT_ERR(cadcom_scope_may_contain(w.env, w.c_dl, p, NULL), CADCOM_ENOTFOUND,
		   "S-1-5-21-7-7-7-1000");
	/* The group is checked first: a user is no group, wherever it lives. */
	EXPECT_ERR(cadcom_scope_may_contain(w.env, p, w.c_user, NULL), CADCOM_EINVAL, "not a group");
	cadcom_principal_free(p);
	/* The SID decides: a home that does not hold it is refused. */
	p = pr(GROUP, GLOBAL, FABRIKAM "-513", "contoso.test", "FABRIKAM\\Domain Users");
	EXPECT_ERR(cadcom_scope_may_contain(w.env, w.c_dl, p, NULL), CADCOM_EINVAL,
		   "FABRIKAM\\Domain Users");
	EXPECT_ERR(cadcom_scope_member_form(w.env, p, w.c_user), CADCOM_EINVAL, "contoso.test");
	cadcom_principal_free(p);
	/* Scopes need the right kind of home. */
	p = pr(GROUP, GLOBAL, CA01 "-1500", NULL, "CA01\\NotGlobal");
	EXPECT_ERR(cadcom_scope_may_contain(w.env, p, w.ca_user, NULL), CADCOM_EINVAL,
		   "CA01\\NotGlobal");
	cadcom_principal_free(p);
	p = pr(GROUP, CLOCAL, CONTOSO "-1700", NULL, "CONTOSO\\NotLocal");
	EXPECT_ERR(cadcom_scope_may_contain(w.env, w.ca_cl, p, NULL), CADCOM_EINVAL,
		   "CONTOSO\\NotLocal");
	cadcom_principal_free(p);
	p = pr(COMPUTER, NONE, CA01 "-1700", "ca01", "CA01\\PC$");
	EXPECT_ERR(cadcom_scope_may_contain(w.env, w.ca_cl, p, NULL), CADCOM_EINVAL, "CA01\\PC$");
	cadcom_principal_free(p);
	/* NULLs, and a group that is not a group. */
	EXPECT_ERR(cadcom_scope_may_contain(NULL, w.c_dl, w.c_gg, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_scope_may_contain(w.env, NULL, w.c_gg, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_scope_may_contain(w.env, w.c_dl, NULL, NULL), CADCOM_EINVAL, NULL);
	EXPECT_ERR(cadcom_scope_may_contain(w.env, w.everyone, w.c_gg, NULL), CADCOM_EINVAL,
		   "Everyone");
	EXPECT_ERR(cadcom_scope_may_contain(w.env, w.c_user, w.c_gg, NULL), CADCOM_EINVAL,
		   "CONTOSO\\alice is not a group");
	world_free(&w);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "trusts: forest, external, none, transitive", test_env_trusts },
		{ "domain local takes a trusted domain's global group", test_domain_local_takes_trusted_global },
		{ "no trust: refused", test_no_trust_refused },
		{ "child domain trusted transitively", test_child_domain_trusted_transitively },
		{ "domain local: its members", test_domain_local_members },
		{ "universal of another forest into domain local", test_cross_forest_universal_into_domain_local },
		{ "global group", test_global_group },
		{ "universal group", test_universal_group },
		{ "builtin local group of a domain", test_domain_builtin },
		{ "computer-local group", test_computer_local },
		{ "builtin local group of a computer", test_computer_builtin },
		{ "standalone computer", test_standalone_computer },
		{ "member form: direct, foreign, SID", test_member_form },
		{ "foreign security principal DN", test_fsp_dn },
		{ "principals copy their input", test_principal_copies },
		{ "bad principals", test_bad_principals },
		{ "bad environment", test_bad_environment },
		{ "homes given, derived, checked", test_homes },
		CU_TEST_INFO_NULL,
	};
	return cu_run("scope", tests);
}
