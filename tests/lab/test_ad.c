/*
 * Integration tests of the public AD API (ad.h) against the lab's Samba AD
 * DC (run through tests/lab/lab.sh exec).  Every answer is compared with the
 * lab's own: ldbsearch on the DC's sam.ldb and samba-tool.  lib/ldap (the
 * internal test library) writes what the API cannot: CA objects, an OU tree.
 * Our objects are cadcom-ad-*, cadcom-test-*, cadcomTestTemplate and
 * CERTSVC_DCOM_ACCESS: leftovers of a failed run are removed first, the last
 * test removes everything and checks that nothing is left.  The one existing
 * object changed, BUILTIN\Certificate Service DCOM Access, is restored.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "../cu.h"
#include "lab.h"
#include "../../lib/ldap/ldap.h"

#define FABRIKAM "S-1-5-21-1-2-3"
#define ALICE FABRIKAM "-1105"       /* RID >= 1100: Samba 4.17 can delete its FSP */
#define FAB_DL FABRIKAM "-1200"      /* a domain local group of fabrikam */
#define UNTRUSTED "S-1-5-21-9-9-9-1100"
#define BUILTIN_DCOM "S-1-5-32-574"
#define ENROLL_ACE "(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;DU)"
/* The lab's fixed names (lab.sh provisions them). */
#define BASE "DC=contoso,DC=test"
#define CFG "CN=Configuration," BASE
#define BUILTIN_DN "CN=Certificate Service DCOM Access,CN=Builtin," BASE
#define GROUP_DN "CN=CERTSVC_DCOM_ACCESS,CN=Users," BASE
#define DU_DN "CN=Domain Users,CN=Users," BASE
#define OU_DN "OU=cadcom-ad-test," BASE
#define FSP_DN(sid) "CN=" sid ",CN=ForeignSecurityPrincipals," BASE
#define PKS_DN "CN=Public Key Services,CN=Services," CFG
#define ES_DN "CN=Enrollment Services," PKS_DN
#define CT_DN "CN=Certificate Templates," PKS_DN
#define CA_DN "CN=cadcom-test-ca," ES_DN
#define TPL_DN "CN=cadcomTestTemplate," CT_DN
#define TEMPLATE_SDDL "O:DAG:DAD:(A;;RPLCLORC;;;AU)(A;;GA;;;DA)"

static const char *ca, *base = BASE;
static char sam[512], dom_sid[128];
static const char *const containers[3] = { PKS_DN, ES_DN, CT_DN };
static bool made[3];              /* which of them this run created */
static struct ldap_conn *adm;     /* internal admin connection, for fixtures */
static cadcom_sid *group;         /* CERTSVC_DCOM_ACCESS, made by the lifecycle test */

/* ---- the lab's answers ------------------------------------------------------ */

/* ldbsearch on the DC's database (as root: every attribute is readable). */
static char *ldb(const char *b, const char *scope, const char *rest)
{
	char *out;

	lab_run(&out, "ldbsearch -H '%s' -b '%s' -s %s %s 2>&1", sam, b, scope, rest);
	return out;
}

static void free_all(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}

static void free_sids(cadcom_sid **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cadcom_sid_free(v[i]);
}

/* The first value of `attr` of `dn`, or "" (rotating static buffers). */
static const char *ldb_value(const char *dn, const char *attr)
{
	static char bufs[8][256];
	static unsigned next;
	char *ldif = ldb(dn, "base", attr), *v[1], *b = bufs[next++ % 8];

	snprintf(b, 256, "%s", lab_ldif_values(ldif, attr, v, 1) ? v[0] : "");
	if (b[0])
		free(v[0]);
	free(ldif);
	return b;
}

static bool ldb_exists(const char *dn)
{
	char *ldif = ldb(dn, "base", "dn");
	bool yes = strstr(ldif, "# record 1") != NULL;

	free(ldif);
	return yes;
}

/* ---- sets ----------------------------------------------------------------- */

static int cmp_ci(const void *a, const void *b)
{
	return strcasecmp(*(char *const *)a, *(char *const *)b);
}

/* got and want hold the same strings (ignoring case and order); prints both
 * when not.  Sorts got, not want. */
static bool same_set(const char *what, char **got, size_t ng, const char *const *want_in, size_t nw)
{
	const char *want[128];
	bool same = ng == nw && nw <= 128;

	memcpy(want, want_in, (nw < 128 ? nw : 128) * sizeof(*want));
	qsort(got, ng, sizeof(*got), cmp_ci);
	qsort(want, nw < 128 ? nw : 128, sizeof(*want), cmp_ci);
	for (size_t i = 0; same && i < ng; i++)
		same = !strcasecmp(got[i], want[i]);
	if (!same) {
		fprintf(stderr, "\n%s:\n  want", what);
		for (size_t i = 0; i < nw; i++)
			fprintf(stderr, " %s", want[i]);
		fprintf(stderr, "\n  got ");
		for (size_t i = 0; i < ng; i++)
			fprintf(stderr, " %s", got[i]);
		fprintf(stderr, "\n");
	}
	return same;
}

/* A SID as text; rotating static buffers, for messages and sets. */
static const char *st(const cadcom_sid *sid)
{
	static char bufs[16][128];
	static unsigned next;
	char *s = NULL, *b = bufs[next++ % 16];

	snprintf(b, 128, "%s", sid && !cadcom_sid_to_string(sid, &s) ? s : "(null)");
	cadcom_free(s);
	return b;
}

/* This domain's SID with `rid` (free with cadcom_sid_free). */
static cadcom_sid *rid_sid(uint32_t rid)
{
	char text[160];

	snprintf(text, sizeof(text), "%s-%u", dom_sid, rid);
	return cu_sid(text);
}

/* The members of `g` as the library reads them (cadcom_directory_member). */
static bool dir_members_are(cadcom_directory *dir, const cadcom_sid *g, const char *const *want,
			    size_t nw)
{
	char *got[64];
	size_t n = 0;
	cadcom_sid *m = NULL;
	int rc;
	bool same;

	while (n < 64 && (rc = cadcom_directory_member(dir, g, n, &m)) == 0) {
		got[n++] = strdup(st(m));
		cadcom_sid_free(m);
	}
	if (rc != CADCOM_ENOTFOUND)
		fprintf(stderr, "member %zu of %s: %d %s\n", n, st(g), rc,
			cadcom_error_message(cadcom_error_last()));
	same = rc == CADCOM_ENOTFOUND && same_set("members (library)", got, n, want, nw);
	free_all(got, n);
	return same;
}

/* The member values (DNs) of `dn` as the lab reads them. */
static bool ldb_members_are(const char *dn, const char *const *want, size_t nw)
{
	char *ldif = ldb(dn, "base", "member"), *got[64];
	size_t n = lab_ldif_values(ldif, "member", got, 64);
	bool same = same_set("member (ldbsearch)", got, n, want, nw);

	free_all(got, n);
	free(ldif);
	return same;
}

/* ---- sessions ----------------------------------------------------------------- */

static cadcom_credentials *from_keytab(void)
{
	cadcom_credentials *c = NULL;
	char principal[256];

	snprintf(principal, sizeof(principal), "%s@%s", admin, realm);
	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_keytab(&c, principal, keytab), 0);
	return c;
}

static cadcom_credentials *password(const char *u, const char *pw)
{
	cadcom_credentials *c = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&c, domain, u, pw), 0);
	return c;
}

static cadcom_ad_options ldaps_opts(void)
{
	cadcom_ad_options o;

	CU_ASSERT_EQUAL(cadcom_ad_options_init(&o, CADCOM_AD_OPTIONS_VERSION), 0);
	o.transport = CADCOM_AD_TRANSPORT_LDAPS;
	o.ca_file = ca;
	o.timeout_ms = 60000;
	return o;
}

static cadcom_ad *open_ok(const char *to, const cadcom_credentials *cred, const cadcom_ad_options *o)
{
	cadcom_ad *ad = NULL;
	int rc = cadcom_ad_open(&ad, to, cred, o);

	if (rc)
		fprintf(stderr, "open: %s\n", cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ad);
	return ad;
}

/* An administrator's session over Kerberos (plain LDAP + SASL sealing).
 * 60 s per operation: the lab is shared, and another user's bulk deletes
 * once held sam.ldb's lock for over a minute. */
static cadcom_ad *admin_session(void)
{
	cadcom_credentials *kt = from_keytab();
	cadcom_ad_options o;
	cadcom_ad *ad;

	cadcom_ad_options_init(&o, CADCOM_AD_OPTIONS_VERSION);
	o.timeout_ms = 60000;
	ad = open_ok(host, kt, &o);

	cadcom_credentials_free(kt); /* the session needs it no more */
	return ad;
}

/* A failing open: its code, and no session left behind. */
static int open_rc(const char *to, const cadcom_credentials *cred, const cadcom_ad_options *o)
{
	cadcom_ad *ad = (cadcom_ad *)&ad; /* must be reset to NULL */
	int rc = cadcom_ad_open(&ad, to, cred, o);

	CU_ASSERT_PTR_NULL(ad);
	if (!rc)
		cadcom_ad_close(ad);
	return rc;
}

/* The domain as opened equals the lab's. */
static void check_domain(cadcom_ad *ad)
{
	uint64_t ops = cadcom_ad_operations(ad);
	char want_base[300];

	CU_ASSERT(ops >= 2); /* the bind and at least the rootDSE */
	CU_ASSERT_STRING_EQUAL(cadcom_ad_domain(ad), "contoso.test");
	CU_ASSERT_STRING_EQUAL(cadcom_ad_netbios(ad), "CONTOSO");
	CU_ASSERT_STRING_EQUAL(st(cadcom_ad_domain_sid(ad)), dom_sid);
	CU_ASSERT_STRING_EQUAL(cadcom_ad_forest(ad), "contoso.test");
	CU_ASSERT_STRING_EQUAL(cadcom_ad_base_dn(ad), base);
	snprintf(want_base, sizeof(want_base), "CN=Configuration,%s", base);
	CU_ASSERT_STRING_EQUAL(cadcom_ad_config_dn(ad), want_base);
	CU_ASSERT_EQUAL(strcasecmp(cadcom_ad_dc_host(ad), host), 0);
	CU_ASSERT_EQUAL(cadcom_env_trusts(cadcom_ad_env(ad), "contoso.test", "contoso.test"), 1);
	/* All of it was read at open: asking sends nothing. */
	CU_ASSERT_EQUAL(cadcom_ad_operations(ad), ops);
}

/* ---- fixtures over lib/ldap ------------------------------------------------------ */

static int add_entry(const char *dn, const char *const *pairs, const struct berval *sd)
{
	LDAPMod mods[12], *list[13];
	char *vals[12][2];
	struct berval *bvals[2] = { (struct berval *)sd, NULL };
	size_t n = 0;

	for (; pairs[2 * n]; n++) {
		vals[n][0] = (char *)pairs[2 * n + 1];
		vals[n][1] = NULL;
		mods[n] = (LDAPMod){ LDAP_MOD_ADD, (char *)pairs[2 * n], { vals[n] } };
		list[n] = &mods[n];
	}
	if (sd) {
		mods[n] = (LDAPMod){ LDAP_MOD_ADD | LDAP_MOD_BVALUES, "nTSecurityDescriptor", { NULL } };
		mods[n].mod_bvalues = bvals;
		list[n] = &mods[n];
		n++;
	}
	list[n] = NULL;
	return cadcom__ldap_add(adm, dn, list);
}

/* What this test may have left (whether or not it exists): tree-delete in
 * one call each, errors ignored. */
static void fixture_remove(void)
{
	lab_run(NULL, "LDAPTLS_CACERT='%s' ldapdelete -c -x -H ldaps://%s -D '%s@%s' -w '%s' "
	    "-e '!1.2.840.113556.1.4.805' '" OU_DN "' '" GROUP_DN "' '" CA_DN "' '" TPL_DN "' '"
	    FSP_DN(ALICE) "' '" FSP_DN(FAB_DL) "' '" FSP_DN(UNTRUSTED) "' >/dev/null 2>&1",
	    ca, host, admin, realm, admin_pw);
}

/* ---- 1: binds ------------------------------------------------------------------ */

static void test_open(void)
{
	char path[] = "/tmp/cadcom-ad-kinit-XXXXXX", name[64];
	int fd = mkstemp(path), lsn;
	cadcom_credentials *cc = NULL, *kt = from_keytab(), *pw = password(admin, admin_pw);
	cadcom_ad_options o = ldaps_opts(), strict, plain;
	cadcom_ad *ad;

	/* SASL GSSAPI from a kinit cache. */
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	CU_ASSERT_EQUAL_FATAL(lab_run(NULL, "kinit -k -t '%s' -c 'FILE:%s' '%s@%s' >/dev/null 2>&1", keytab,
				 path, admin, realm), 0);
	snprintf(name, sizeof(name), "FILE:%s", path);
	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_ccache(&cc, name), 0);
	ad = open_ok(host, cc, NULL);
	check_domain(ad);
	cadcom_ad_close(ad);
	cadcom_credentials_free(cc);
	unlink(path);

	/* From a keytab: AUTO is plain LDAP with a SASL layer.  The layer's
	 * strength is not visible through ad.h; that it is negotiated and
	 * checked shows in a demand GSSAPI cannot meet being refused. */
	ad = open_ok(host, kt, NULL);
	check_domain(ad);
	cadcom_ad_close(ad);
	CU_ASSERT_EQUAL(cadcom_ad_options_init(&strict, CADCOM_AD_OPTIONS_VERSION), 0);
	strict.min_ssf = 1000;
	CU_ASSERT_EQUAL(open_rc(host, kt, &strict), CADCOM_EAUTH);
	cu_assert_message(host, "GSSAPI", NULL);

	/* A password over LDAPS. */
	ad = open_ok(host, pw, &o);
	check_domain(ad);
	CU_ASSERT_EQUAL(cadcom_ad_operations(ad) >= 2, 1);
	cadcom_ad_close(ad);

	/* A password over plain LDAP: refused before any connection (the
	 * listener sees none). */
	CU_ASSERT_EQUAL(cadcom_ad_options_init(&plain, CADCOM_AD_OPTIONS_VERSION), 0);
	plain.transport = CADCOM_AD_TRANSPORT_PLAIN;
	lsn = lab_silent_listener(389);
	CU_ASSERT_FATAL(lsn >= 0);
	CU_ASSERT_EQUAL(open_rc("127.0.0.13", pw, &plain), CADCOM_EINVAL);
	cu_assert_message("127.0.0.13", "CONTOSO\\Administrator", NULL);
	CU_ASSERT_EQUAL(open_rc(host, pw, &plain), CADCOM_EINVAL);
	cu_assert_message(host, "LDAPS or StartTLS", NULL);
	CU_ASSERT_EQUAL(accept(lsn, NULL, NULL), -1);
	CU_ASSERT_EQUAL(errno, EAGAIN);
	close(lsn);
	CU_ASSERT(strstr(cadcom_error_message(cadcom_error_last()), admin_pw) == NULL);
	CU_ASSERT_EQUAL(cadcom_ad_options_init(&plain, 99), CADCOM_EINVAL);
	cadcom_credentials_free(pw);
	cadcom_credentials_free(kt);
}

/* ---- 2: the group's lifecycle ------------------------------------------------------- */

/* Describe fabrikam.test (trusted by contoso.test, external) and its alice. */
static void describe_fabrikam(cadcom_ad *ad)
{
	cadcom_sid *fab = cu_sid(FABRIKAM), *alice = cu_sid(ALICE);
	cadcom_env *env = cadcom_ad_env(ad);

	CU_ASSERT_EQUAL(cadcom_env_add_domain(env, "fabrikam.test", fab, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_env_add_trust(env, "contoso.test", "fabrikam.test",
					     CADCOM_TRUST_EXTERNAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(cadcom_ad_directory(ad), alice, "FABRIKAM\\alice",
					     CADCOM_PRINCIPAL_USER, CADCOM_SCOPE_NONE), 0);
	cadcom_sid_free(alice);
	cadcom_sid_free(fab);
}

enum { MEMBERS = 5 };

static void test_group_lifecycle(void)
{
	cadcom_ad *ad = admin_session();
	cadcom_directory *dir = cadcom_ad_directory(ad);
	cadcom_sid *m[MEMBERS] = { rid_sid(513), rid_sid(515), rid_sid(516), cu_sid(ALICE), NULL },
		   *again = NULL;
	char usn[64], want_sid[MEMBERS][128], *gdn = NULL;
	const char *want[MEMBERS], *const dns[MEMBERS] = {
		DU_DN, "CN=Domain Computers,CN=Users," BASE, "CN=Domain Controllers,CN=Users," BASE,
		FSP_DN(ALICE), FSP_DN("S-1-5-11") };
	int kind = 0, scope = 0;

	describe_fabrikam(ad);
	/* The existing FSP of Authenticated Users, by its DN, which comes back. */
	CU_ASSERT_EQUAL(cadcom_ad_resolve(ad, dns[4], &m[4], &gdn), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m[4]);
	CU_ASSERT_STRING_EQUAL(st(m[4]), "S-1-5-11");
	CU_ASSERT_STRING_EQUAL(gdn ? gdn : "", dns[4]);
	cadcom_free(gdn);
	gdn = NULL;
	for (size_t i = 0; i < MEMBERS; i++) /* st()'s buffers rotate */
		snprintf(want_sid[i], sizeof(want_sid[i]), "%s", st(m[i]));

	CU_ASSERT_EQUAL_FATAL(cadcom_ad_create_group(ad, "CERTSVC_DCOM_ACCESS", NULL,
						     CADCOM_SCOPE_DOMAIN_LOCAL, &group), 0);
	CU_ASSERT_STRING_EQUAL(ldb_value(GROUP_DN, "groupType"), "-2147483644");
	CU_ASSERT_STRING_EQUAL(st(group), ldb_value(GROUP_DN, "objectSid"));
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, group, &kind, &scope), 0);
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_GROUP);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_DOMAIN_LOCAL);
	CU_ASSERT_EQUAL(cadcom_ad_resolve(ad, "CONTOSO\\CERTSVC_DCOM_ACCESS", &again, &gdn), 0);
	CU_ASSERT_STRING_EQUAL(st(again), st(group));
	CU_ASSERT_EQUAL(strcasecmp(gdn ? gdn : "", GROUP_DN), 0);
	CU_ASSERT_EQUAL(cadcom_ad_create_group(ad, "CERTSVC_DCOM_ACCESS", NULL,
					       CADCOM_SCOPE_DOMAIN_LOCAL, NULL), CADCOM_ESTATE);
	cu_assert_message("CERTSVC_DCOM_ACCESS", NULL, NULL);
	CU_ASSERT_TRUE(dir_members_are(dir, group, NULL, 0));

	CU_ASSERT_FALSE(ldb_exists(FSP_DN(ALICE)));

	/* Twice the same changes: the second run writes nothing. */
	for (int run = 0; run < 2; run++) {
		uint64_t ops = cadcom_ad_operations(ad);

		snprintf(usn, sizeof(usn), "%s", ldb_value(GROUP_DN, "uSNChanged"));
		for (size_t i = 0; i < MEMBERS; i++) {
			CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, group, m[i]), run ? 0 : 1);
			want[i] = want_sid[i];
			CU_ASSERT_TRUE(dir_members_are(dir, group, want, i + 1 + (run ? MEMBERS - i - 1 : 0)));
			CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, group, m[i]), 1);
		}
		CU_ASSERT_TRUE(ldb_members_are(GROUP_DN, dns, MEMBERS));
		if (run) {
			CU_ASSERT_STRING_EQUAL(ldb_value(GROUP_DN, "uSNChanged"), usn);
			/* Nothing written: a handful of reads at most, no write per member. */
			CU_ASSERT(cadcom_ad_operations(ad) - ops < MEMBERS);
		} else {
			CU_ASSERT_STRING_NOT_EQUAL(ldb_value(GROUP_DN, "uSNChanged"), usn);
			CU_ASSERT(cadcom_ad_operations(ad) - ops >= MEMBERS);
		}
	}
	/* The DC made alice's FSP. */
	CU_ASSERT_TRUE(ldb_exists(FSP_DN(ALICE)));
	CU_ASSERT_STRING_EQUAL(ldb_value(FSP_DN(ALICE), "objectSid"), ALICE);

	/* Remove every member, twice. */
	for (int run = 0; run < 2; run++) {
		snprintf(usn, sizeof(usn), "%s", ldb_value(GROUP_DN, "uSNChanged"));
		for (size_t i = 0; i < MEMBERS; i++) {
			CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, group, m[i]), run ? 0 : 1);
			CU_ASSERT_TRUE(dir_members_are(dir, group, want + i + 1, run ? 0 : MEMBERS - i - 1));
			CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, group, m[i]), 0);
		}
		CU_ASSERT_TRUE(ldb_members_are(GROUP_DN, NULL, 0));
		if (run) {
			CU_ASSERT_STRING_EQUAL(ldb_value(GROUP_DN, "uSNChanged"), usn);
		}
	}
	free_sids(m, MEMBERS);
	cadcom_sid_free(again);
	cadcom_free(gdn);
	cadcom_ad_close(ad);
}

/* ---- 3: the scope rules ------------------------------------------------------------ */

static void test_scope(void)
{
	cadcom_ad *ad = admin_session();
	cadcom_directory *dir = cadcom_ad_directory(ad);
	cadcom_sid *sids[] = { cu_sid(FAB_DL), cu_sid(UNTRUSTED), rid_sid(513), cu_sid(BUILTIN_DCOM) },
		   *fab_dl = sids[0], *untrusted = sids[1], *du = sids[2], *dcom = sids[3];
	char *before[64], *orig[64], *ldif;
	const char *with_du[65];
	size_t nb, no;
	int kind = 0, scope = 0, was, rc;
	uint64_t ops;

	CU_ASSERT_PTR_NOT_NULL_FATAL(group);
	describe_fabrikam(ad);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, fab_dl, "FABRIKAM\\dl-group", CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_DOMAIN_LOCAL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, untrusted, "NOWHERE\\bob", CADCOM_PRINCIPAL_USER,
					     CADCOM_SCOPE_NONE), 0);
	/* Know every side first, so that a refusal needs no lookup. */
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, group, NULL, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, du, &kind, &scope), 0);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_GLOBAL);
	CU_ASSERT_TRUE(dir_members_are(dir, group, NULL, 0));

	ops = cadcom_ad_operations(ad);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, group, fab_dl), CADCOM_ESCOPE);
	cu_assert_message("domain local", "FABRIKAM\\dl-group", NULL);
	CU_ASSERT_EQUAL(cadcom_ad_operations(ad), ops);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, group, untrusted), CADCOM_ESCOPE);
	cu_assert_message(UNTRUSTED, NULL, NULL);
	CU_ASSERT_EQUAL(cadcom_ad_operations(ad), ops);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, du, group), CADCOM_ESCOPE);
	cu_assert_message("global", "domain local", NULL);
	CU_ASSERT_EQUAL(cadcom_ad_operations(ad), ops);
	/* Samba would take a group into itself; the library does not. */
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, group, group), CADCOM_ESCOPE);
	cu_assert_message("cannot contain itself", NULL, NULL);
	CU_ASSERT_EQUAL(cadcom_ad_operations(ad), ops);
	CU_ASSERT_TRUE(dir_members_are(dir, group, NULL, 0));
	CU_ASSERT_TRUE(ldb_members_are(GROUP_DN, NULL, 0));
	/* Nor was anything written to Domain Users. */
	ldif = ldb(DU_DN, "base", "member");
	CU_ASSERT_PTR_NULL(strstr(ldif, "CERTSVC_DCOM_ACCESS"));
	free(ldif);
	CU_ASSERT_FALSE(ldb_exists(FSP_DN(FAB_DL)));
	CU_ASSERT_FALSE(ldb_exists(FSP_DN(UNTRUSTED)));

	/* BUILTIN\Certificate Service DCOM Access: add Domain Users, remove
	 * it, and leave the members exactly as they were. */
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, dcom, &kind, &scope), 0);
	CU_ASSERT_EQUAL(kind, CADCOM_PRINCIPAL_GROUP);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_BUILTIN_LOCAL);
	ldif = ldb(BUILTIN_DN, "base", "member");
	no = lab_ldif_values(ldif, "member", orig, 64);
	free(ldif);
	was = cadcom_directory_is_member(dir, dcom, du);
	CU_ASSERT(was == 0 || was == 1);
	if (was == 1) { /* left by a failed run, or someone's: out first, back at the end */
		fprintf(stderr, "\nDomain Users was in %s already\n", BUILTIN_DN);
		CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, dcom, du), 1);
	}
	ldif = ldb(BUILTIN_DN, "base", "member");
	nb = lab_ldif_values(ldif, "member", before, 63);
	free(ldif);
	for (size_t i = 0; i < nb; i++)
		with_du[i] = before[i];
	with_du[nb] = DU_DN;
	CU_ASSERT_EQUAL(rc = cadcom_directory_add_member(dir, dcom, du), 1);
	if (rc != 1)
		fprintf(stderr, "\nadd to builtin: %d %s\n", rc, cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, dcom, du), 1);
	CU_ASSERT_TRUE(ldb_members_are(BUILTIN_DN, with_du, nb + 1));
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, dcom, du), 0);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, dcom, du), 1);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, dcom, du), 0);
	CU_ASSERT_TRUE(ldb_members_are(BUILTIN_DN, (const char **)before, nb));
	if (was == 1)
		CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, dcom, du), 1);
	CU_ASSERT_TRUE(ldb_members_are(BUILTIN_DN, (const char **)orig, no));
	free_all(before, nb);
	free_all(orig, no);
	free_sids(sids, ARRAY_SIZE(sids));
	cadcom_ad_close(ad);
}

/* ---- 4: errors ------------------------------------------------------------------ */

static void test_errors(void)
{
	cadcom_credentials *pw = password(admin, admin_pw), *bad = password(admin, "not-the-password"),
			   *plain_user = password(user, user_pw);
	cadcom_ad_options o = ldaps_opts();
	cadcom_ad *ad, *ud;
	cadcom_directory *dir, *udir;
	cadcom_sid *sids[] = { rid_sid(513), rid_sid(515), rid_sid(500), cu_sid(BUILTIN_DCOM) },
		   *du = sids[0], *dc = sids[1], *adm_sid = sids[2], *dcom = sids[3],
		   *s = (cadcom_sid *)&s;
	char du_sid[128], *dn = (char *)&dn;
	const char *one[1] = { du_sid }, *one_dn[1] = { DU_DN };

	CU_ASSERT_PTR_NOT_NULL_FATAL(group);
	/* Nothing listens on localhost in the lab's namespace. */
	CU_ASSERT_EQUAL(open_rc("localhost", pw, &o), CADCOM_ECONNECT);
	cu_assert_message("localhost", "Connection refused", NULL);
	CU_ASSERT_EQUAL(open_rc(host, bad, &o), CADCOM_EAUTH);
	cu_assert_message(host, "CONTOSO\\Administrator", "result 49");
	CU_ASSERT(strstr(cadcom_error_message(cadcom_error_last()), "not-the-password") == NULL);

	/* A plain user may read the group but not change it: EACCESS, and
	 * the members are what they were. */
	ad = admin_session();
	dir = cadcom_ad_directory(ad);
	snprintf(du_sid, sizeof(du_sid), "%s", st(du));
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, group, du), 1);
	ud = open_ok(host, plain_user, &o);
	udir = cadcom_ad_directory(ud);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(udir, group, dc), CADCOM_EACCESS);
	cu_assert_message(host, "CERTSVC_DCOM_ACCESS", "result 50");
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(udir, group, du), CADCOM_EACCESS);
	cu_assert_message(host, "CERTSVC_DCOM_ACCESS", "result 50");
	CU_ASSERT_TRUE(dir_members_are(udir, group, one, 1));
	CU_ASSERT_TRUE(dir_members_are(dir, group, one, 1));
	CU_ASSERT_TRUE(ldb_members_are(GROUP_DN, one_dn, 1));
	cadcom_ad_close(ud);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, group, du), 1);
	CU_ASSERT_TRUE(ldb_members_are(GROUP_DN, NULL, 0));

	/* No such DN; not a group; groups Windows made. */
	CU_ASSERT_EQUAL(cadcom_ad_resolve(ad, "CN=nope,CN=Users,DC=contoso,DC=test", &s, &dn),
			CADCOM_ENOTFOUND);
	cu_assert_message("CN=nope,CN=Users", NULL, NULL);
	CU_ASSERT_PTR_NULL(s);
	CU_ASSERT_PTR_NULL(dn);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, adm_sid, du), CADCOM_EKIND);
	cu_assert_message("Administrator", "not a group", NULL);
	CU_ASSERT_EQUAL(cadcom_ad_delete_group(ad, du), CADCOM_EKIND);
	cu_assert_message("Domain Users", "not deleted", NULL);
	CU_ASSERT_EQUAL(cadcom_ad_delete_group(ad, dcom), CADCOM_EKIND);
	cu_assert_message(BUILTIN_DCOM, "not deleted", NULL);
	CU_ASSERT_TRUE(ldb_exists(DU_DN));
	CU_ASSERT_TRUE(ldb_exists(BUILTIN_DN));
	{
		cadcom_token *tok = (cadcom_token *)&tok;

		CU_ASSERT_EQUAL(cadcom_ad_token(ad, du, CADCOM_LOGON_NETWORK, &tok), CADCOM_EKIND);
		CU_ASSERT_PTR_NULL(tok);
	}
	cadcom_ad_close(ad);
	free_sids(sids, ARRAY_SIZE(sids));
	cadcom_credentials_free(plain_user);
	cadcom_credentials_free(bad);
	cadcom_credentials_free(pw);
}

/* ---- 5: discovery and published CAs ------------------------------------------------- */

/* "Key   : value" of samba-tool's output, into buf. */
static const char *tool_field(const char *text, const char *key, char *buf, size_t size)
{
	buf[0] = '\0';
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *colon = strchr(l, ':'), *end = strchr(l, '\n');

		if (!strncmp(l, key, strlen(key)) && l[strlen(key)] == ' ' && colon && colon[1] == ' ')
			snprintf(buf, size, "%.*s", (int)((end ? end : colon + strlen(colon)) - colon - 2),
				 colon + 2);
	}
	return buf;
}

static void check_topology(const cadcom_topology *t, const char *info, const char *ca_name)
{
	char buf[128];

	CU_ASSERT_EQUAL(cadcom_topology_role(t), CADCOM_ROLE_DC);
	/* operatingSystem "Samba": not "Windows Server 2003"; no group SID then. */
	CU_ASSERT_EQUAL(cadcom_topology_generation(t), CADCOM_GENERATION_2008);
	CU_ASSERT_PTR_NULL(cadcom_topology_group_sid(t));
	CU_ASSERT_EQUAL(strcasecmp(cadcom_topology_host(t), host), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_topology_domain_count(t), 1);
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_name(t, 0), tool_field(info, "Domain", buf, 128));
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_netbios(t, 0),
			       tool_field(info, "Netbios domain", buf, 128));
	CU_ASSERT_STRING_EQUAL(st(cadcom_topology_domain_sid(t, 0)), dom_sid);
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_forest(t, 0), tool_field(info, "Forest", buf, 128));
	CU_ASSERT_EQUAL(cadcom_topology_ca_domain(t), 0);
	CU_ASSERT_EQUAL(cadcom_topology_domain_enrolls(t, 0), 1);
	CU_ASSERT_EQUAL(cadcom_topology_dcs_enroll(t), 1);
	CU_ASSERT_EQUAL(cadcom_topology_trust_count(t), 0); /* the lab has no trusts */
	if (ca_name) {
		CU_ASSERT_STRING_EQUAL(cadcom_topology_ca_name(t) ? cadcom_topology_ca_name(t) : "(none)",
				       ca_name);
	} else {
		CU_ASSERT_PTR_NULL(cadcom_topology_ca_name(t));
	}
}

static void test_discover(void)
{
	cadcom_ad *ad = admin_session();
	cadcom_topology *t = NULL;
	char *info = NULL, *ldif, buf[64];
	cadcom_sd *sd = cu_sd(TEMPLATE_SDDL, cadcom_ad_domain_sid(ad));
	unsigned char *bytes = NULL;
	size_t len = 0, found = SIZE_MAX, published;
	cadcom_ad_cas *cas = NULL;

	lab_run(&info, "/usr/bin/python3 /usr/bin/samba-tool domain info %s -s /dev/null 2>&1",
	    lab_env("CADCOM_LAB_IP"));
	CU_ASSERT_STRING_EQUAL(tool_field(info, "Domain", buf, sizeof(buf)), "contoso.test");
	CU_ASSERT_STRING_EQUAL(cadcom_ad_forest(ad), tool_field(info, "Forest", buf, sizeof(buf)));
	CU_ASSERT_EQUAL(lab_run(NULL, "ldbsearch -H '%s' -b 'CN=System,%s' '(objectClass=trustedDomain)' dn "
			   "| grep -q '^dn:'", sam, base), 1);
	CU_ASSERT_EQUAL_FATAL(cadcom_ad_discover(ad, host, &t), 0);
	/* No CA is published for dc1 yet (the lab has none). */
	check_topology(t, info, NULL);
	cadcom_topology_free(t);
	CU_ASSERT_EQUAL(cadcom_ad_discover(ad, "nosuchhost.contoso.test", &t), CADCOM_ENOTFOUND);
	cu_assert_message("nosuchhost.contoso.test", NULL, NULL);

	/* Publish a CA and a template (the containers only if missing). */
	for (size_t i = 0; i < 3; i++)
		if (!ldb_exists(containers[i])) {
			const char *c[] = { "objectClass", "container", NULL };

			CU_ASSERT_EQUAL(add_entry(containers[i], c, NULL), 0);
			made[i] = true;
		}
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_to_bytes(sd, &bytes, &len), 0);
	{
		const char *tpl[] = { "objectClass", "pKICertificateTemplate", "displayName",
				      "cadcom Test Template", NULL },
			   *svc[] = { "objectClass", "pKIEnrollmentService", "dNSHostName",
				      "dc1.contoso.test", "certificateTemplates", "cadcomTestTemplate",
				      NULL };
		struct berval bv = { len, (char *)bytes };
		int rc = add_entry(TPL_DN, tpl, &bv);

		if (rc)
			fprintf(stderr, "template: %s\n", cadcom_error_message(cadcom_error_last()));
		CU_ASSERT_EQUAL(rc, 0);
		if ((rc = add_entry(CA_DN, svc, NULL)))
			fprintf(stderr, "CA: %s\n", cadcom_error_message(cadcom_error_last()));
		CU_ASSERT_EQUAL(rc, 0);
	}
	cadcom_free(bytes);

	CU_ASSERT_EQUAL_FATAL(cadcom_ad_find_cas(ad, &cas), 0);
	ldif = ldb(ES_DN, "one", "'(objectClass=pKIEnrollmentService)' dn");
	published = 0;
	for (const char *p = ldif; (p = strstr(p, "\ndn: ")); p++)
		published++;
	free(ldif);
	CU_ASSERT_EQUAL(cadcom_ad_cas_count(cas), published);
	for (size_t i = 0; i < cadcom_ad_cas_count(cas); i++)
		if (!strcmp(cadcom_ad_cas_name(cas, i), "cadcom-test-ca"))
			found = i;
	CU_ASSERT_FATAL(found != SIZE_MAX);
	CU_ASSERT_STRING_EQUAL(cadcom_ad_cas_host(cas, found), "dc1.contoso.test");
	CU_ASSERT_EQUAL(cadcom_ad_cas_template_count(cas, found), 1);
	CU_ASSERT_STRING_EQUAL(cadcom_ad_cas_template(cas, found, 0), "cadcomTestTemplate");
	CU_ASSERT_PTR_NULL(cadcom_ad_cas_template(cas, found, 1));
	cadcom_ad_cas_free(cas);

	CU_ASSERT_EQUAL_FATAL(cadcom_ad_discover(ad, host, &t), 0);
	check_topology(t, info, "cadcom-test-ca");
	cadcom_topology_free(t);
	/* By computer name too. */
	CU_ASSERT_EQUAL_FATAL(cadcom_ad_discover(ad, "dc1", &t), 0);
	check_topology(t, info, "cadcom-test-ca");
	cadcom_topology_free(t);
	cadcom_sd_free(sd);
	free(info);
	cadcom_ad_close(ad);
}

/* ---- 6: the template's verdict --------------------------------------------------------- */

/* `sd` (as the library read it) has the owner, group and DACL the lab's
 * ldbsearch shows for the template. */
static bool template_sd_is_labs(const cadcom_sd *sd, const cadcom_sid *dom)
{
	char *ldif = ldb(TPL_DN, "base", "nTSecurityDescriptor"), *v[1], *sacl;
	cadcom_sd *lab = NULL;
	bool same;

	if (lab_ldif_values(ldif, "nTSecurityDescriptor", v, 1) != 1) {
		free(ldif);
		return false;
	}
	if ((sacl = strstr(v[0], "S:")))
		*sacl = '\0'; /* the library asks for no SACL */
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_sddl(&lab, v[0], dom), 0);
	same = cadcom_sid_equal(cadcom_sd_owner(sd), cadcom_sd_owner(lab)) == 1 &&
	       cadcom_sid_equal(cadcom_sd_group(sd), cadcom_sd_group(lab)) == 1 &&
	       cadcom_sd_ace_count(sd, CADCOM_DACL) == cadcom_sd_ace_count(lab, CADCOM_DACL);
	for (size_t i = 0; same && i < cadcom_sd_ace_count(sd, CADCOM_DACL); i++)
		same = cadcom_ace_equal(cadcom_sd_ace(sd, CADCOM_DACL, i),
					cadcom_sd_ace(lab, CADCOM_DACL, i)) == 1;
	if (!same) {
		char *mine = NULL;

		cadcom_sd_to_sddl(sd, dom, 0, &mine);
		fprintf(stderr, "\n  lab %s\n  lib %s\n", v[0], mine ? mine : "?");
		cadcom_free(mine);
	}
	cadcom_sd_free(lab);
	free(v[0]);
	free(ldif);
	return same;
}

/* The template layer's result after set_template (or before: -1 if absent). */
static int template_layer(const cadcom_verdict *v, size_t *at)
{
	for (size_t i = 0; i < cadcom_verdict_count(v); i++)
		if (cadcom_verdict_layer(v, i) == CADCOM_LAYER_TEMPLATE) {
			*at = i;
			return cadcom_verdict_result(v, i);
		}
	return -1;
}

static void test_template_verdict(void)
{
	cadcom_ad *ad = admin_session();
	const cadcom_sid *dom = cadcom_ad_domain_sid(ad);
	cadcom_sd *sd = NULL, *by_display = NULL, *none = (cadcom_sd *)&none, *grant = cu_sd(TEMPLATE_SDDL ENROLL_ACE, dom);
	cadcom_sid *usid = NULL;
	cadcom_token *tok = NULL;
	cadcom_topology *t = NULL;
	cadcom_verdict *v = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0, at = 0;
	struct berval bv, *bvs[] = { &bv, NULL };
	LDAPMod m = { LDAP_MOD_REPLACE | LDAP_MOD_BVALUES, "nTSecurityDescriptor", { NULL } },
		*mods[] = { &m, NULL };

	CU_ASSERT_EQUAL_FATAL(cadcom_ad_template_security(ad, "cadcomTestTemplate", &sd), 0);
	CU_ASSERT_EQUAL(cadcom_ad_template_security(ad, "cadcom Test Template", &by_display), 0);
	CU_ASSERT_EQUAL(cadcom_sd_equal(sd, by_display), 1);
	CU_ASSERT_TRUE(template_sd_is_labs(sd, dom));
	CU_ASSERT_EQUAL(cadcom_ad_template_security(ad, "cadcomNoTemplate", &none), CADCOM_ENOTFOUND);
	cu_assert_message("cadcomNoTemplate", NULL, NULL);
	CU_ASSERT_PTR_NULL(none);

	CU_ASSERT_EQUAL_FATAL(cadcom_ad_resolve(ad, "CONTOSO\\cadcomuser", &usid, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_ad_token(ad, usid, CADCOM_LOGON_NETWORK, &tok), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_ad_discover(ad, host, &t), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_verdict_compute(t, NULL, tok, 1, &v), 0);
	CU_ASSERT_EQUAL(template_layer(v, &at), CADCOM_VERDICT_NOT_EVALUATED);
	CU_ASSERT_EQUAL(cadcom_verdict_set_template(v, "cadcomTestTemplate", sd, tok, 0), 0);
	CU_ASSERT_EQUAL(template_layer(v, &at), CADCOM_VERDICT_DENIED);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_verdict_text(v, at), "cadcomTestTemplate"));
	CU_ASSERT_PTR_NOT_NULL(cadcom_verdict_fix(v, at));
	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 0);

	/* Grant Domain Users Enroll on the template; read it again. */
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_to_bytes(grant, &bytes, &len), 0);
	bv = (struct berval){ len, (char *)bytes };
	m.mod_bvalues = bvs;
	CU_ASSERT_EQUAL(cadcom__ldap_modify(adm, TPL_DN, mods), 0);
	cadcom_free(bytes);
	cadcom_sd_free(sd);
	sd = NULL;
	CU_ASSERT_EQUAL_FATAL(cadcom_ad_template_security(ad, "cadcomTestTemplate", &sd), 0);
	CU_ASSERT_TRUE(template_sd_is_labs(sd, dom));
	CU_ASSERT_EQUAL(cadcom_verdict_set_template(v, "cadcomTestTemplate", sd, tok, 0), 0);
	CU_ASSERT_EQUAL(template_layer(v, &at), CADCOM_VERDICT_GRANTED);
	CU_ASSERT_PTR_NULL(cadcom_verdict_fix(v, at));

	cadcom_verdict_free(v);
	cadcom_topology_free(t);
	cadcom_token_free(tok);
	cadcom_sid_free(usid);
	cadcom_sd_free(grant);
	cadcom_sd_free(by_display);
	cadcom_sd_free(sd);
	cadcom_ad_close(ad);
}

/* ---- 7: tokens from tokenGroups -------------------------------------------------------- */

static void test_token(void)
{
	static const char *const names[] = { "cadcom-ad-u1", "cadcom-ad-g1", "cadcom-ad-g2",
					     "cadcom-ad-u", "cadcom-ad-dl" };
	static const char *const types[] = { NULL, "-2147483646", "-2147483646", "-2147483640",
					     "-2147483644" };
	char dn[5][400], *ldif, *want[64], *got[64], sids[5][128];
	const char *ou[] = { "objectClass", "organizationalUnit", NULL };
	cadcom_ad *ad;
	cadcom_sid *usid = NULL, *wk[3] = { cu_sid("S-1-1-0"), cu_sid("S-1-5-2"), cu_sid("S-1-5-11") };
	cadcom_token *tok = NULL;
	size_t nw, ng = 0;

	CU_ASSERT_EQUAL_FATAL(add_entry(OU_DN, ou, NULL), 0);
	for (size_t i = 0; i < 5; i++) {
		const char *user_attrs[] = { "objectClass", "user", "sAMAccountName", names[i], NULL },
			   *group_attrs[] = { "objectClass", "group", "sAMAccountName", names[i],
					      "groupType", types[i], "member", i ? dn[i - 1] : "", NULL };

		snprintf(dn[i], sizeof(dn[i]), "CN=%s,%s", names[i], OU_DN);
		CU_ASSERT_EQUAL_FATAL(add_entry(dn[i], i ? group_attrs : user_attrs, NULL), 0);
		snprintf(sids[i], sizeof(sids[i]), "%s", ldb_value(dn[i], "objectSid"));
	}
	ad = admin_session();
	CU_ASSERT_EQUAL_FATAL(cadcom_ad_resolve(ad, "CONTOSO\\cadcom-ad-u1", &usid, NULL), 0);
	CU_ASSERT_STRING_EQUAL(st(usid), sids[0]);
	CU_ASSERT_EQUAL_FATAL(cadcom_ad_token(ad, usid, CADCOM_LOGON_NETWORK, &tok), 0);
	CU_ASSERT_STRING_EQUAL(st(cadcom_token_user(tok)), sids[0]);
	for (size_t i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(cadcom_token_has_sid(tok, wk[i]), 1);
	for (size_t i = 0; i < cadcom_token_group_count(tok) && ng < 64; i++) {
		const cadcom_sid *g = cadcom_token_group(tok, i);
		bool logon = false;

		for (size_t k = 0; k < 3; k++)
			logon |= cadcom_sid_equal(g, wk[k]) == 1;
		CU_ASSERT_EQUAL(cadcom_token_group_flags(tok, i), 0);
		if (!logon && strcmp(st(g), sids[0]))
			got[ng++] = strdup(st(g));
	}
	/* The lab's answer. */
	ldif = ldb(dn[0], "base", "tokenGroups");
	nw = lab_ldif_values(ldif, "tokenGroups", want, 64);
	free(ldif);
	CU_ASSERT(nw >= 6);
	CU_ASSERT_TRUE(same_set("token groups", got, ng, (const char **)want, nw));
	for (size_t i = 1; i < 5; i++) {
		bool in = false;

		for (size_t k = 0; k < ng; k++)
			in |= !strcmp(got[k], sids[i]);
		CU_ASSERT_TRUE(in);
	}
	{
		cadcom_sid *du = rid_sid(513);

		CU_ASSERT_EQUAL(cadcom_token_has_sid(tok, du), 1);
		cadcom_sid_free(du);
	}
	free_all(want, nw);
	free_all(got, ng);
	free_sids(wk, 3);
	cadcom_token_free(tok);
	cadcom_sid_free(usid);
	cadcom_ad_close(ad);
}

/* ---- cleanup ------------------------------------------------------------------------------ */

/* Objects of ours anywhere (the domain and the configuration): ldbsearch's dn lines. */
static char *leftovers(void)
{
	char *out;

	lab_run(&out, "for b in '%s' '%s'; do ldbsearch -H '%s' -b \"$b\" "
	    "'(|(cn=cadcom-ad-*)(ou=cadcom-ad-*)(cn=cadcom-test-*)(cn=cadcomTestTemplate)"
	    "(cn=CERTSVC_DCOM_ACCESS)(cn=" ALICE ")(cn=" FAB_DL ")(cn=" UNTRUSTED "))' dn; "
	    "done 2>/dev/null | grep '^dn:'", BASE, CFG, sam);
	return out;
}

static void test_cleanup(void)
{
	cadcom_ad *ad = admin_session();
	char *left;

	CU_ASSERT_PTR_NOT_NULL_FATAL(group);
	/* Through the directory interface: cadcom_ad_delete_group() behind it. */
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(cadcom_ad_directory(ad), group), 0);
	CU_ASSERT_EQUAL(cadcom_directory_info(cadcom_ad_directory(ad), group, NULL, NULL),
			CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_delete_group(cadcom_ad_directory(ad), group),
			CADCOM_ENOTFOUND);
	CU_ASSERT_FALSE(ldb_exists(GROUP_DN));
	cadcom_ad_close(ad);
	/* What the DC made for alice goes too (Samba 4.17 allows it: RID 1105). */
	CU_ASSERT_EQUAL(cadcom__ldap_delete(adm, FSP_DN(ALICE)), 0);
	CU_ASSERT_EQUAL(cadcom__ldap_delete(adm, CA_DN), 0);
	CU_ASSERT_EQUAL(cadcom__ldap_delete(adm, TPL_DN), 0);
	fixture_remove(); /* the OU tree */
	for (size_t i = 3; i-- > 0;)
		if (made[i]) {
			CU_ASSERT_EQUAL(cadcom__ldap_delete(adm, containers[i]), 0);
			made[i] = false;
		}
	left = leftovers();
	CU_ASSERT_STRING_EQUAL(left, "");
	if (*left)
		fprintf(stderr, "left in the lab:\n%s", left);
	free(left);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "open: GSSAPI (kinit cache, keytab), LDAPS password, plain refused", test_open },
		{ "CERTSVC_DCOM_ACCESS: create, add, add again, FSPs, remove", test_group_lifecycle },
		{ "scope rules refuse before any operation; builtin group", test_scope },
		{ "errors: down, bad password, no rights, no DN, not a group", test_errors },
		{ "discovery equals samba-tool; published CA and template", test_discover },
		{ "template permissions: denied, then Enroll granted", test_template_verdict },
		{ "token from tokenGroups equals the lab's (nested groups)", test_token },
		{ "cleanup: delete the group, nothing of ours left", test_cleanup },
		CU_TEST_INFO_NULL,
	};
	struct ldap_options o = { .transport = LDAP_TRANSPORT_AUTO, .timeout_ms = 60000 };
	cadcom_credentials *kt = NULL;
	char principal[256], *left;
	int rc;

	lab_load();
	ca = lab_env("CADCOM_LAB_CA");
	if (strcmp(lab_env("CADCOM_LAB_BASE_DN"), BASE)) {
		fprintf(stderr, "test_ad: the lab's base DN is not %s\n", BASE);
		return 2;
	}
	snprintf(sam, sizeof(sam), "%s/dc/private/sam.ldb", labdir);
	snprintf(dom_sid, sizeof(dom_sid), "%s", ldb_value(base, "objectSid"));
	snprintf(principal, sizeof(principal), "%s@%s", admin, realm);
	if (strncmp(dom_sid, "S-1-5-21-", 9) || cadcom_credentials_new_keytab(&kt, principal, keytab) ||
	    cadcom__ldap_open(&adm, host, kt, &o)) {
		fprintf(stderr, "test_ad: domain SID \"%s\"; %s\n", dom_sid,
			cadcom_error_message(cadcom_error_last()));
		cadcom_credentials_free(kt);
		return 2;
	}
	fixture_remove(); /* an earlier run's */
	rc = cu_run("ad (lab)", tests);
	fixture_remove();
	for (size_t i = 3; i-- > 0;)
		if (made[i])
			cadcom__ldap_delete(adm, containers[i]);
	cadcom__ldap_close(adm);
	cadcom_credentials_free(kt);
	cadcom_sid_free(group);
	left = leftovers();
	if (*left) {
		fprintf(stderr, "test_ad: objects of ours are left in the lab:\n%s", left);
		rc = 1;
	}
	free(left);
	return rc;
}
