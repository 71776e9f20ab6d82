/*
 * Integration tests of the LDAP session layer (lib/ldap) against the lab's
 * Samba AD DC (tests/lab/lab.sh; run inside its network namespace with its
 * env).  Built from the library's sources: lib/ldap is internal.
 *
 * The fixture — OU=cadcom-ldap-test with 600 users and two groups — is
 * written straight into the DC's sam.ldb with ldbadd (one transaction,
 * ~3 s) and removed with ldapdelete and the tree-delete control (one
 * server transaction; ldbdel -r takes ~20 ms per user).  Leftovers of an
 * earlier failed run are removed first.  What the library reads is
 * compared with what ldbsearch reads from the same database.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "../cu.h"
#include "lab.h"
#include "../../lib/ldap/ldap.h"

enum { USERS = 600, DOMAIN_ADMINS = 512, DOMAIN_USERS = 513 };

static const char *ca, *base, *lab_ip;
static char ou_dn[256], big_dn[300], empty_dn[300], rt_dn[300], sam[512];

static char *principal(const char *u)
{
	static _Thread_local char buf[256];

	snprintf(buf, sizeof(buf), "%s@%s", u, realm);
	return buf;
}

/* ---- fixture ------------------------------------------------------------- */

/* The first value of `attr` in LDIF text (folded lines joined), or "". */
static const char *ldif_value(const char *ldif, const char *attr)
{
	static char value[1024];
	char *v = NULL;

	value[0] = '\0';
	if (lab_ldif_values(ldif, attr, &v, 1)) {
		snprintf(value, sizeof(value), "%s", v);
		free(v);
	}
	return value;
}

/* The fixture and the round-trip group, whether or not they exist. */
static void fixture_remove(void)
{
	lab_run(NULL, "LDAPTLS_CACERT='%s' ldapdelete -c -x -H ldaps://%s -D '%s' -w '%s' "
	   "-e '!1.2.840.113556.1.4.805' '%s' '%s' '%s' >/dev/null 2>&1",
	   ca, host, principal(admin), admin_pw, big_dn, ou_dn, rt_dn);
}

static int fixture_create(void)
{
	char path[] = "/tmp/cadcom-ldap-fixture-XXXXXX";
	int fd = mkstemp(path), rc;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f)
		return -1;
	fprintf(f, "dn: %s\nobjectClass: organizationalUnit\n\n", ou_dn);
	for (int i = 1; i <= USERS; i++)
		fprintf(f, "dn: CN=cadcom-ldap-u%04d,%s\nobjectClass: user\n"
			   "sAMAccountName: cadcom-ldap-u%04d\n\n", i, ou_dn, i);
	fprintf(f, "dn: %s\nobjectClass: group\nsAMAccountName: cadcom-ldap-big\n", big_dn);
	for (int i = 1; i <= USERS; i++)
		fprintf(f, "member: CN=cadcom-ldap-u%04d,%s\n", i, ou_dn);
	fprintf(f, "\ndn: %s\nobjectClass: group\nsAMAccountName: cadcom-ldap-empty\n\n", empty_dn);
	fclose(f);
	rc = lab_run(NULL, "ldbadd -H '%s' '%s' >/dev/null", sam, path);
	unlink(path);
	return rc;
}

/* ---- helpers -------------------------------------------------------------- */

static struct ldap_conn *open_ok(const cadcom_credentials *cred, enum ldap_transport t)
{
	struct ldap_options o = { .transport = t, .ca_file = ca };
	struct ldap_conn *c = NULL;
	int rc = cadcom__ldap_open(&c, host, cred, &o);

	if (rc)
		fprintf(stderr, "open: %s\n", cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return c;
}

static int open_rc(const char *to, const cadcom_credentials *cred, struct ldap_options o)
{
	struct ldap_conn *c = NULL;
	int rc = cadcom__ldap_open(&c, to, cred, &o);

	CU_ASSERT_PTR_NULL(c);
	cadcom__ldap_close(c);
	return rc;
}

static cadcom_credentials *password(const char *dom, const char *u, const char *pw)
{
	cadcom_credentials *c = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&c, dom, u, pw), 0);
	return c;
}

static cadcom_credentials *from_keytab(void)
{
	cadcom_credentials *c = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_keytab(&c, principal(admin), keytab), 0);
	return c;
}

/* Does the bound identity's token (the rootDSE's tokenGroups) hold the
 * domain group `rid`?  Proves who the connection is bound as. */
static int has_rid(void *arg, const char *dn, const struct ldap_attr *attrs, size_t count)
{
	struct berval **v = cadcom__ldap_attr_values(attrs, count, "tokenGroups");
	uint32_t *rid = arg;

	(void)dn;
	for (; v && *v; v++) {
		const unsigned char *b = (const unsigned char *)(*v)->bv_val;

		/* S-1-5-21-a-b-c-RID: 5 sub-authorities, the RID last (LE). */
		if ((*v)->bv_len == 28 && b[1] == 5 && b[8] == 21 &&
		    (uint32_t)(b[24] | b[25] << 8 | b[26] << 16 | (uint32_t)b[27] << 24) == *rid) {
			*rid = 0;
			return 0;
		}
	}
	return 0;
}

static bool token_has(struct ldap_conn *c, uint32_t rid)
{
	const char *attrs[] = { "tokenGroups", NULL };

	if (cadcom__ldap_search(c, "", LDAP_SCOPE_BASE, "(objectClass=*)", attrs, has_rid, &rid))
		return false;
	return rid == 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* ---- binds ------------------------------------------------------------------ */

static void test_gssapi_keytab(void)
{
	cadcom_credentials *kt = from_keytab();
	char *before = strdup(getenv("KRB5CCNAME") ? getenv("KRB5CCNAME") : "");
	struct ldap_options strict = { .transport = LDAP_TRANSPORT_PLAIN, .min_ssf = 1000 },
			    ldaps = { .transport = LDAP_TRANSPORT_LDAPS, .ca_file = ca },
			    starttls = { .transport = LDAP_TRANSPORT_STARTTLS, .ca_file = ca };
	struct ldap_conn *c = open_ok(kt, LDAP_TRANSPORT_AUTO); /* Kerberos: plain + SASL */

	CU_ASSERT_EQUAL(cadcom__ldap_ops(c), 1);
	CU_ASSERT(cadcom__ldap_ssf(c) >= 56);
	CU_ASSERT(token_has(c, DOMAIN_ADMINS));
	CU_ASSERT_EQUAL(cadcom__ldap_ops(c), 2);
	/* KRB5CCNAME was only borrowed. */
	CU_ASSERT_STRING_EQUAL(getenv("KRB5CCNAME") ? getenv("KRB5CCNAME") : "", before);
	cadcom__ldap_close(c);

	/* A SASL layer stronger than GSSAPI has is refused. */
	CU_ASSERT_EQUAL(open_rc(host, kt, strict), CADCOM_EAUTH);
	cu_assert_message(host, "GSSAPI bind as Administrator@", NULL);

	/* Over TLS the bind asks for no SASL layer (AD refuses one inside
	 * TLS); Samba 4.17 with its default "ldap server require strong auth"
	 * insists on one — and refuses it over TLS too. */
	CU_ASSERT_EQUAL(open_rc(host, kt, ldaps), CADCOM_EAUTH);
	cu_assert_message("GSSAPI bind", "result 8", "Sign or Seal are required");
	CU_ASSERT_EQUAL(open_rc(host, kt, starttls), CADCOM_EAUTH);
	cu_assert_message("GSSAPI bind", "result 8", NULL);
	free(before);
	cadcom_credentials_free(kt);
}

static void test_gssapi_kinit(void)
{
	char ccache[] = "/tmp/cadcom-ldap-kinit-XXXXXX", name[64];
	int fd = mkstemp(ccache);
	cadcom_credentials *cc = NULL;
	struct ldap_conn *c;

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	CU_ASSERT_EQUAL_FATAL(lab_run(NULL, "kinit -k -t '%s' -c 'FILE:%s' '%s' >/dev/null 2>&1", keytab, ccache,
				 principal(admin)), 0);
	snprintf(name, sizeof(name), "FILE:%s", ccache);
	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_ccache(&cc, name), 0);
	c = open_ok(cc, LDAP_TRANSPORT_PLAIN);
	CU_ASSERT(cadcom__ldap_ssf(c) >= 56);
	CU_ASSERT(token_has(c, DOMAIN_ADMINS));
	cadcom__ldap_close(c);

	/* To the address: libldap uses it as given for the service principal
	 * (no reverse DNS), and the lab has ldap/127.0.0.11. */
	{
		struct ldap_options o = { .transport = LDAP_TRANSPORT_PLAIN };

		CU_ASSERT_EQUAL(cadcom__ldap_open(&c, lab_ip, cc, &o), 0);
		CU_ASSERT(token_has(c, DOMAIN_ADMINS));
		cadcom__ldap_close(c);
	}
	cadcom_credentials_free(cc);
	unlink(ccache);
}

static void test_simple_tls(void)
{
	cadcom_credentials *pw = password(domain, admin, admin_pw), *upn, *given;
	struct ldap_conn *c = open_ok(pw, LDAP_TRANSPORT_LDAPS);
	char dotted[256], down_level[256];

	CU_ASSERT_EQUAL(cadcom__ldap_ops(c), 1);
	CU_ASSERT_EQUAL(cadcom__ldap_ssf(c), 0);
	CU_ASSERT(token_has(c, DOMAIN_ADMINS));
	cadcom__ldap_close(c);

	c = open_ok(pw, LDAP_TRANSPORT_STARTTLS);
	CU_ASSERT_EQUAL(cadcom__ldap_ops(c), 2); /* StartTLS, bind */
	CU_ASSERT(token_has(c, DOMAIN_ADMINS));
	cadcom__ldap_close(c);

	/* A password defaults to LDAPS; other spellings of the name bind too:
	 * user@dns.domain, and DOMAIN\user given whole. */
	c = open_ok(pw, LDAP_TRANSPORT_AUTO);
	CU_ASSERT_EQUAL(cadcom__ldap_ops(c), 1);
	cadcom__ldap_close(c);
	snprintf(dotted, sizeof(dotted), "%s", realm);
	for (char *p = dotted; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	snprintf(down_level, sizeof(down_level), "%s\\%s", domain, admin);
	upn = password(dotted, admin, admin_pw);
	given = password("", down_level, admin_pw);
	cadcom__ldap_close(open_ok(upn, LDAP_TRANSPORT_LDAPS));
	cadcom__ldap_close(open_ok(given, LDAP_TRANSPORT_LDAPS));
	cadcom_credentials_free(given);
	cadcom_credentials_free(upn);
	cadcom_credentials_free(pw);
}

/* A password over plain LDAP: refused before any connection is made (the
 * listener sees none), unless allowed — then the server refuses it. */
static void test_plain_refused(void)
{
	cadcom_credentials *pw = password(domain, admin, admin_pw), *empty = password(domain, admin, "");
	struct ldap_options plain = { .transport = LDAP_TRANSPORT_PLAIN },
			    ldaps = { .transport = LDAP_TRANSPORT_LDAPS };
	int lsn = lab_silent_listener(389);

	CU_ASSERT_FATAL(lsn >= 0);
	CU_ASSERT_EQUAL(open_rc("127.0.0.13", pw, plain), CADCOM_EINVAL);
	cu_assert_message("127.0.0.13", "CONTOSO\\Administrator", "unencrypted");
	CU_ASSERT_EQUAL(open_rc(host, pw, plain), CADCOM_EINVAL);
	cu_assert_message(host, "simple bind", "LDAPS or StartTLS");
	/* An empty password would be an anonymous bind that "succeeds". */
	CU_ASSERT_EQUAL(open_rc("127.0.0.13", empty, ldaps), CADCOM_EINVAL);
	cu_assert_message("127.0.0.13", "anonymous", NULL);
	CU_ASSERT_EQUAL(accept(lsn, NULL, NULL), -1); /* nobody connected */
	CU_ASSERT_EQUAL(errno, EAGAIN);
	close(lsn);

	plain.allow_plain_simple_bind = true;
	CU_ASSERT_EQUAL(open_rc(host, pw, plain), CADCOM_EAUTH);
	cu_assert_message("simple bind as CONTOSO\\Administrator", "result 8",
		       "Transport encryption required");
	cadcom_credentials_free(empty);
	cadcom_credentials_free(pw);
}

static void test_errors(void)
{
	cadcom_credentials *pw = password(domain, admin, admin_pw),
			   *bad = password(domain, admin, "not-the-password");
	struct ldap_options ldaps = { .transport = LDAP_TRANSPORT_LDAPS, .ca_file = ca },
			    starttls = { .transport = LDAP_TRANSPORT_STARTTLS, .ca_file = ca };
	struct timespec t0;
	int lsn389, lsn636;

	CU_ASSERT_EQUAL(open_rc(host, bad, ldaps), CADCOM_EAUTH);
	cu_assert_message(host, "bind as CONTOSO\\Administrator", "result 49");
	CU_ASSERT(strstr(cadcom_error_message(cadcom_error_last()), "not-the-password") == NULL);

	CU_ASSERT_EQUAL(open_rc("127.0.0.12", pw, ldaps), CADCOM_ECONNECT);
	cu_assert_message("127.0.0.12", "ldaps://127.0.0.12:636", "Connection refused");
	CU_ASSERT_EQUAL(open_rc("nosuchhost.contoso.test", pw, ldaps), CADCOM_ECONNECT);
	cu_assert_message("nosuchhost.contoso.test", "resolve", NULL);
	CU_ASSERT_EQUAL(open_rc("ldap://x", pw, ldaps), CADCOM_EINVAL);

	/* The certificate names DC1.contoso.test, not the address: the
	 * connection cannot be made safe — ECONNECT, the reason named. */
	CU_ASSERT_EQUAL(open_rc(lab_ip, pw, ldaps), CADCOM_ECONNECT);
	cu_assert_message(lab_ip, "TLS", "certificate");
	cu_assert_message("name the host", "address", NULL);
	CU_ASSERT_EQUAL(open_rc(lab_ip, pw, starttls), CADCOM_ECONNECT);
	cu_assert_message("StartTLS", "certificate", NULL);
	/* No CA file: the system's store does not know the lab's CA. */
	CU_ASSERT_EQUAL(open_rc(host, pw, (struct ldap_options){ .transport = LDAP_TRANSPORT_LDAPS }),
			CADCOM_ECONNECT);
	cu_assert_message(host, "certificate", NULL);
	CU_ASSERT_EQUAL(open_rc(host, pw, (struct ldap_options){ .transport = LDAP_TRANSPORT_LDAPS,
								  .ca_file = "/nonexistent/ca.pem" }),
			CADCOM_EIO);
	cu_assert_message("/nonexistent/ca.pem", NULL, NULL);
	CU_ASSERT_EQUAL(open_rc(host, pw, (struct ldap_options){ .transport = 9 }), CADCOM_EINVAL);

	/* A server that accepts and never speaks: TLS and StartTLS time out. */
	lsn389 = lab_silent_listener(389);
	lsn636 = lab_silent_listener(636);
	CU_ASSERT_FATAL(lsn389 >= 0 && lsn636 >= 0);
	ldaps.timeout_ms = starttls.timeout_ms = 1500;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL(open_rc("127.0.0.13", pw, ldaps), CADCOM_ETIMEOUT);
	cu_assert_message("127.0.0.13", "TLS handshake", "no answer in time");
	CU_ASSERT_EQUAL(open_rc("127.0.0.13", pw, starttls), CADCOM_ETIMEOUT);
	cu_assert_message("127.0.0.13", "StartTLS", "no answer in time");
	CU_ASSERT(seconds_since(&t0) < 6);
	close(lsn389);
	close(lsn636);
	cadcom_credentials_free(bad);
	cadcom_credentials_free(pw);
}

/* ---- reading ---------------------------------------------------------------- */

static void test_rootdse(void)
{
	static const struct {
		const char *attr;
		size_t off;
	} strings[] = {
		{ "defaultNamingContext", offsetof(struct ldap_rootdse, default_nc) },
		{ "configurationNamingContext", offsetof(struct ldap_rootdse, config_nc) },
		{ "schemaNamingContext", offsetof(struct ldap_rootdse, schema_nc) },
		{ "rootDomainNamingContext", offsetof(struct ldap_rootdse, root_domain_nc) },
		{ "dnsHostName", offsetof(struct ldap_rootdse, dns_host_name) },
		{ "serverName", offsetof(struct ldap_rootdse, server_name) },
		{ "dsServiceName", offsetof(struct ldap_rootdse, ds_service_name) },
	};
	cadcom_credentials *kt = from_keytab();
	struct ldap_conn *c = open_ok(kt, LDAP_TRANSPORT_AUTO);
	struct ldap_rootdse r;
	char cmd[700], *ldif;

	snprintf(cmd, sizeof(cmd), "ldbsearch -H '%s' -b '' -s base 2>/dev/null", sam);
	lab_run(&ldif, "%s", cmd);
	CU_ASSERT_FATAL(ldif != NULL);
	CU_ASSERT_EQUAL_FATAL(cadcom__ldap_rootdse(c, &r), 0);
	CU_ASSERT_EQUAL(cadcom__ldap_ops(c), 2);
	for (size_t i = 0; i < ARRAY_SIZE(strings); i++) {
		const char *got = *(char **)((char *)&r + strings[i].off);

		CU_ASSERT_PTR_NOT_NULL(got);
		CU_ASSERT_STRING_EQUAL(got ? got : "", ldif_value(ldif, strings[i].attr));
	}
	CU_ASSERT_STRING_EQUAL(r.default_nc ? r.default_nc : "", base);
	CU_ASSERT_EQUAL(r.domain_level, atoi(ldif_value(ldif, "domainFunctionality")));
	CU_ASSERT_EQUAL(r.forest_level, atoi(ldif_value(ldif, "forestFunctionality")));
	CU_ASSERT_EQUAL(r.dc_level, atoi(ldif_value(ldif, "domainControllerFunctionality")));
	CU_ASSERT(r.domain_level >= 0);
	CU_ASSERT_EQUAL(r.global_catalog_ready,
			!strcmp(ldif_value(ldif, "isGlobalCatalogReady"), "TRUE"));
	cadcom__ldap_rootdse_clear(&r);
	CU_ASSERT_PTR_NULL(r.default_nc);
	free(ldif);
	cadcom__ldap_close(c);
	cadcom_credentials_free(kt);
}

struct users {
	unsigned char seen[USERS + 1];
	size_t entries, fixture, stop_after;
	bool bad_value;
};

/* Count the entries; check the fixture's users' name and binary SID. */
static int each_user(void *arg, const char *dn, const struct ldap_attr *attrs, size_t count)
{
	struct users *u = arg;
	struct berval **name = cadcom__ldap_attr_values(attrs, count, "sAMAccountName");
	struct berval **sid = cadcom__ldap_attr_values(attrs, count, "objectSid");
	int i;

	u->entries++;
	if (sscanf(dn, "CN=cadcom-ldap-u%4d,", &i) == 1 && i >= 1 && i <= USERS) {
		char want[32];

		snprintf(want, sizeof(want), "cadcom-ldap-u%04d", i);
		u->seen[i]++;
		u->fixture++;
		u->bad_value |= !name || !name[0] || strcmp(name[0]->bv_val, want) || name[1] ||
				!sid || !sid[0] || sid[0]->bv_len != 28 || sid[0]->bv_val[0] != 1;
	}
	if (u->stop_after && u->entries == u->stop_after)
		return cadcom__error(CADCOM_ELIMIT, -1, "enough");
	return 0;
}

static void test_paged_search(void)
{
	static const char *const attrs[] = { "sAMAccountName", "objectSid", NULL };
	cadcom_credentials *kt = from_keytab();
	struct ldap_conn *c = open_ok(kt, LDAP_TRANSPORT_AUTO);
	struct users *u = calloc(1, sizeof(*u));
	uint64_t ops = cadcom__ldap_ops(c);
	size_t once = 0;

	/* Every user of the domain: more than one page of 500. */
	CU_ASSERT_EQUAL(cadcom__ldap_search(c, base, LDAP_SCOPE_SUBTREE,
					    "(&(objectCategory=person)(objectClass=user))", attrs,
					    each_user, u),
			0);
	CU_ASSERT_EQUAL(u->fixture, USERS);
	for (int i = 1; i <= USERS; i++)
		once += u->seen[i] == 1;
	CU_ASSERT_EQUAL(once, USERS);
	CU_ASSERT(u->entries >= USERS + 4); /* + Administrator, Guest, krbtgt, cadcomuser */
	CU_ASSERT_FALSE(u->bad_value);
	CU_ASSERT(cadcom__ldap_ops(c) - ops >= 2);
	CU_ASSERT(cadcom__ldap_ops(c) - ops <= u->entries / 500 + 1);

	/* Just the fixture: exactly two pages. */
	memset(u, 0, sizeof(*u));
	ops = cadcom__ldap_ops(c);
	CU_ASSERT_EQUAL(cadcom__ldap_search(c, ou_dn, LDAP_SCOPE_ONELEVEL, "(objectClass=user)",
					    attrs, each_user, u),
			0);
	CU_ASSERT_EQUAL(u->entries, USERS);
	CU_ASSERT_EQUAL(cadcom__ldap_ops(c) - ops, 2);

	/* The callback stops it: its error comes back, nothing more is sent. */
	memset(u, 0, sizeof(*u));
	u->stop_after = 10;
	ops = cadcom__ldap_ops(c);
	CU_ASSERT_EQUAL(cadcom__ldap_search(c, ou_dn, LDAP_SCOPE_ONELEVEL, "(objectClass=user)",
					    attrs, each_user, u),
			CADCOM_ELIMIT);
	cu_assert_message("enough", NULL, NULL);
	CU_ASSERT_EQUAL(u->entries, 10);
	CU_ASSERT_EQUAL(cadcom__ldap_ops(c) - ops, 1);

	/* The connection still works; a missing base is ENOTFOUND. */
	memset(u, 0, sizeof(*u));
	CU_ASSERT_EQUAL(cadcom__ldap_search(c, big_dn, LDAP_SCOPE_BASE, "(objectClass=*)", NULL,
					    each_user, u),
			0);
	CU_ASSERT_EQUAL(u->entries, 1);
	CU_ASSERT_EQUAL(cadcom__ldap_search(c, "OU=cadcom-ldap-nothing,DC=contoso,DC=test",
					    LDAP_SCOPE_SUBTREE, "(objectClass=*)", NULL, each_user,
					    u),
			CADCOM_ENOTFOUND);
	cu_assert_message(host, "search for (objectClass=*)", "OU=cadcom-ldap-nothing");
	free(u);
	cadcom__ldap_close(c);
	cadcom_credentials_free(kt);
}

struct members {
	unsigned char seen[USERS + 1];
	size_t values, others;
};

static int each_member(void *arg, const struct berval *v)
{
	struct members *m = arg;
	int i;
	char tail[300];

	m->values++;
	if (sscanf(v->bv_val, "CN=cadcom-ldap-u%4d,%299s", &i, tail) == 2 && i >= 1 &&
	    i <= USERS && !strcasecmp(tail, ou_dn))
		m->seen[i]++;
	else
		m->others++;
	return 0;
}

/* Samba 4.17 advertises MaxValRange=1500 but does not apply it: 0-* brings
 * every value at once (1600 were tried).  A step makes the ranges. */
static void test_ranged(void)
{
	static const unsigned steps[] = { 0, 250, 200, 1000 };
	static const uint64_t ops_for[] = { 1, 3, 3, 1 }; /* 0-*; 0-249,250-499,500-*; ... */
	cadcom_credentials *kt = from_keytab();
	struct ldap_conn *c = open_ok(kt, LDAP_TRANSPORT_AUTO);

	for (size_t s = 0; s < ARRAY_SIZE(steps); s++) {
		struct members *m = calloc(1, sizeof(*m));
		uint64_t ops = cadcom__ldap_ops(c);
		size_t once = 0;

		CU_ASSERT_EQUAL(cadcom__ldap_values_ranged(c, big_dn, "member", steps[s],
							   each_member, m),
				0);
		for (int i = 1; i <= USERS; i++)
			once += m->seen[i] == 1;
		CU_ASSERT_EQUAL(m->values, USERS);
		CU_ASSERT_EQUAL(once, USERS);
		CU_ASSERT_EQUAL(m->others, 0);
		CU_ASSERT_EQUAL(cadcom__ldap_ops(c) - ops, ops_for[s]);
		if (cadcom__ldap_ops(c) - ops != ops_for[s])
			fprintf(stderr, "step %u: %llu ranges\n", steps[s],
				(unsigned long long)(cadcom__ldap_ops(c) - ops));
		free(m);
	}
	{
		struct members m = { { 0 }, 0, 0 };

		CU_ASSERT_EQUAL(cadcom__ldap_values_ranged(c, empty_dn, "member", 0, each_member, &m),
				0);
		CU_ASSERT_EQUAL(m.values, 0);
		CU_ASSERT_EQUAL(cadcom__ldap_values_ranged(c, rt_dn, "member", 0, each_member, &m),
				CADCOM_ENOTFOUND);
		cu_assert_message(host, "CN=cadcom-ldap-test,CN=Users", NULL);
	}
	cadcom__ldap_close(c);
	cadcom_credentials_free(kt);
}

/* ---- writing ---------------------------------------------------------------- */

struct readback {
	bool found;
	char description[64];
	size_t members;
};

static int read_group(void *arg, const char *dn, const struct ldap_attr *attrs, size_t count)
{
	struct readback *r = arg;
	struct berval **d = cadcom__ldap_attr_values(attrs, count, "description");
	struct berval **m = cadcom__ldap_attr_values(attrs, count, "member");

	(void)dn;
	r->found = true;
	snprintf(r->description, sizeof(r->description), "%s", d && d[0] ? d[0]->bv_val : "");
	r->members = m ? (size_t)ldap_count_values_len(m) : 0;
	return 0;
}

static struct readback read_back(struct ldap_conn *c)
{
	static const char *const attrs[] = { "description", "member", NULL };
	struct readback r = { false, "", 0 };
	int rc = cadcom__ldap_search(c, rt_dn, LDAP_SCOPE_BASE, "(objectClass=group)", attrs,
				     read_group, &r);

	CU_ASSERT(rc == 0 || rc == CADCOM_ENOTFOUND);
	return r;
}

static void test_group_roundtrip(void)
{
	char *oc[] = { "top", "group", NULL }, *sam_name[] = { "cadcom-ldap-test", NULL },
	     *type[] = { "-2147483644", NULL }, *d1[] = { "made by test_ldap", NULL },
	     *d2[] = { "changed by test_ldap", NULL }, member[300], *members[] = { member, NULL };
	LDAPMod m_oc = { LDAP_MOD_ADD, "objectClass", { oc } },
		m_sam = { LDAP_MOD_ADD, "sAMAccountName", { sam_name } },
		m_type = { LDAP_MOD_ADD, "groupType", { type } },
		m_d1 = { LDAP_MOD_ADD, "description", { d1 } },
		m_d2 = { LDAP_MOD_REPLACE, "description", { d2 } },
		m_member = { LDAP_MOD_ADD, "member", { members } };
	LDAPMod *add[] = { &m_oc, &m_sam, &m_type, &m_d1, NULL }, *mod[] = { &m_d2, &m_member, NULL };
	cadcom_credentials *kt = from_keytab(), *plain_user = password(domain, user, user_pw);
	struct ldap_conn *c = open_ok(kt, LDAP_TRANSPORT_AUTO), *u;
	struct readback r;
	uint64_t ops;

	snprintf(member, sizeof(member), "CN=cadcom-ldap-u0001,%s", ou_dn);
	/* A plain user may not create it. */
	u = open_ok(plain_user, LDAP_TRANSPORT_LDAPS);
	CU_ASSERT_EQUAL(cadcom__ldap_add(u, rt_dn, add), CADCOM_EACCESS);
	cu_assert_message(host, "add CN=cadcom-ldap-test,CN=Users", "result 50");
	cadcom__ldap_close(u);
	CU_ASSERT_FALSE(read_back(c).found);

	CU_ASSERT_EQUAL(cadcom__ldap_add(c, rt_dn, add), 0);
	r = read_back(c);
	CU_ASSERT(r.found);
	CU_ASSERT_STRING_EQUAL(r.description, "made by test_ldap");
	CU_ASSERT_EQUAL(cadcom__ldap_add(c, rt_dn, add), CADCOM_ESTATE);
	cu_assert_message("add", rt_dn, "result 68");

	CU_ASSERT_EQUAL(cadcom__ldap_modify(c, rt_dn, mod), 0);
	r = read_back(c);
	CU_ASSERT_STRING_EQUAL(r.description, "changed by test_ldap");
	CU_ASSERT_EQUAL(r.members, 1);

	/* Refused by the library: nothing is sent. */
	ops = cadcom__ldap_ops(c);
	CU_ASSERT_EQUAL(cadcom__ldap_modify(c, rt_dn, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom__ldap_ops(c), ops);

	CU_ASSERT_EQUAL(cadcom__ldap_delete(c, rt_dn), 0);
	CU_ASSERT_FALSE(read_back(c).found);
	CU_ASSERT_EQUAL(cadcom__ldap_delete(c, rt_dn), CADCOM_ENOTFOUND);
	cu_assert_message(host, "delete", rt_dn);
	CU_ASSERT_EQUAL(cadcom__ldap_modify(c, rt_dn, mod), CADCOM_ENOTFOUND);
	cu_assert_message("modify", rt_dn, "result 32");
	cadcom__ldap_close(c);
	cadcom_credentials_free(plain_user);
	cadcom_credentials_free(kt);
}

/* ---- threads ---------------------------------------------------------------- */

/* Three threads log on with Kerberos at once, over and over: the
 * administrator and a plain user over LDAP, the plain user over SMB
 * (libsmbclient).  Each logon points KRB5CCNAME at its own cache under the
 * one process lock; a crossed cache would show as the wrong token. */
enum who { LDAP_ADMIN, LDAP_USER, SMB_USER };
enum { ROUNDS = 20 };

struct worker {
	enum who who;
	int ok, failures;
};

static bool logon(enum who who, const cadcom_credentials *c)
{
	struct ldap_options o = { .transport = LDAP_TRANSPORT_PLAIN };
	struct ldap_conn *conn = NULL;
	cadcom_target *t = NULL;
	bool ok;

	if (who == SMB_USER) {
		ok = !cadcom_target_open_remote(&t, host, c, NULL) &&
		     cadcom_registry_key_exists(cadcom_target_registry(t), "HKLM\\SOFTWARE") == 1;
		cadcom_target_free(t);
		return ok;
	}
	ok = !cadcom__ldap_open(&conn, host, c, &o) && token_has(conn, DOMAIN_USERS) &&
	     token_has(conn, DOMAIN_ADMINS) == (who == LDAP_ADMIN);
	cadcom__ldap_close(conn);
	return ok;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	cadcom_credentials *c = NULL;
	int rc = w->who == LDAP_ADMIN ? cadcom_credentials_new_keytab(&c, principal(admin), keytab)
				      : cadcom_credentials_new_kerberos(&c, principal(user), user_pw);

	for (int i = 0; !rc && i < ROUNDS; i++) {
		if (logon(w->who, c))
			w->ok++;
		else
			w->failures++;
	}
	if (rc)
		w->failures++;
	cadcom_credentials_free(c);
	return NULL;
}

static void test_threads(void)
{
	struct worker w[] = { { LDAP_ADMIN, 0, 0 }, { LDAP_USER, 0, 0 }, { SMB_USER, 0, 0 } };
	pthread_t t[ARRAY_SIZE(w)];

	for (size_t i = 0; i < ARRAY_SIZE(w); i++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&t[i], NULL, work, &w[i]), 0);
	for (size_t i = 0; i < ARRAY_SIZE(w); i++) {
		pthread_join(t[i], NULL);
		CU_ASSERT_EQUAL(w[i].ok, ROUNDS);
		CU_ASSERT_EQUAL(w[i].failures, 0);
	}
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "SASL GSSAPI from a keytab; no SASL layer over TLS", test_gssapi_keytab },
		{ "SASL GSSAPI from a kinit ccache, to the name and the address", test_gssapi_kinit },
		{ "simple bind over LDAPS and StartTLS", test_simple_tls },
		{ "simple bind over plain LDAP refused, by us then by the server", test_plain_refused },
		{ "wrong password, unreachable, certificate, timeouts", test_errors },
		{ "rootDSE equals ldbsearch's", test_rootdse },
		{ "paged search: pages, early stop, missing base", test_paged_search },
		{ "range retrieval of member", test_ranged },
		{ "add, modify, delete a group; access denied", test_group_roundtrip },
		{ "three threads: Kerberos over LDAP and SMB, two accounts", test_threads },
		CU_TEST_INFO_NULL,
	};
	int rc;

	lab_load();
	ca = lab_env("CADCOM_LAB_CA");
	base = lab_env("CADCOM_LAB_BASE_DN");
	lab_ip = lab_env("CADCOM_LAB_IP");
	snprintf(ou_dn, sizeof(ou_dn), "OU=cadcom-ldap-test,%s", base);
	snprintf(big_dn, sizeof(big_dn), "CN=cadcom-ldap-big,%s", ou_dn);
	snprintf(empty_dn, sizeof(empty_dn), "CN=cadcom-ldap-empty,%s", ou_dn);
	snprintf(rt_dn, sizeof(rt_dn), "CN=cadcom-ldap-test,CN=Users,%s", base);
	snprintf(sam, sizeof(sam), "%s/dc/private/sam.ldb", labdir);
	fixture_remove();
	if (fixture_create()) {
		fprintf(stderr, "test_ldap: cannot create the fixture in %s\n", sam);
		fixture_remove();
		return 2;
	}
	rc = cu_run("ldap (lab)", tests);
	fixture_remove();
	/* Nothing of ours may stay behind. */
	if (lab_run(NULL, "ldbsearch -H '%s' -b '%s' '(|(cn=cadcom-ldap-*)(ou=cadcom-ldap-*))' dn "
	       "| grep -q '^dn:'", sam, base) == 0) {
		fprintf(stderr, "test_ldap: objects named cadcom-ldap-* are left in the lab\n");
		rc = 1;
	}
	return rc;
}
