/*
 * What a tool does first against a domain: connect, discover the CA host's
 * environment, read a big group's members.  Wall time of one such run
 * (cadcom_ad_open, cadcom_ad_discover, every cadcom_directory_member of a
 * 2000-member domain local group, close) and its LDAP operations, against
 * python3-samba's SamDB doing the same reads in one process, and samba-tool
 * (`domain info` + `group listmembers`) as a shell script would run it.
 * Kerberos as Administrator from the lab's keytab everywhere.  Runs inside
 * the lab (make bench-lab); prints figures, asserts only the member count.
 *
 * The group lives in the benchmark's own fixture, OU=cadcom-bench-ad, written
 * into the DC's sam.ldb with one ldbadd (as tests/lab/test_ldap.c does) and
 * removed, leftovers first, with ldapdelete: the group first (its 2000 links
 * in one go rather than one a deleted user), then the OU with the
 * tree-delete control.  The tombstones that leaves are then expunged from
 * sam.ldb (one transaction, relax control): the lab keeps every tombstone,
 * and each makes every later add and delete in the lab slower.
 */
#include "bench.h" /* first: it sets _POSIX_C_SOURCE (mkdtemp, popen) */
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cadcom/cadcom.h>

enum { USERS = 2000, ROUNDS = 20, HALF = ROUNDS / 2, TOOL_ROUNDS = 10 };
#define GROUP "cadcom-bench-ad-big"
/* Debian's python with the samba modules, as tests/lab/lab.sh runs it. */
#define PYTHON "env -u PYTHONPATH -u PYTHONHOME -u VIRTUAL_ENV /usr/bin/python3"
#define SAMBA_TOOL "KRB5CCNAME=FILE:%s/cc " PYTHON " /usr/bin/samba-tool"

static const char *host, *ip, *keytab, *admin_pw, *ca, *base;
static char ou_dn[256], sam[512], tmp[] = "/tmp/cadcom-bench-ad-XXXXXX", principal[256];

/* `bench_ad.py expunge SAM`: our tombstones out of CN=Deleted Objects.
 * `bench_ad.py HOST GROUP N`: SamDB over ldap:// with the Kerberos cache of
 * KRB5CCNAME reads the rootDSE, the domain's SID, the forest's crossRefs,
 * the trusts, the host's computer object, the enrollment services and the
 * group's member with SIDs; a warm-up, then "seconds members" per run. */
static const char script_py[] =
	"import sys, time, ldb\n"
	"from samba.samdb import SamDB\n"
	"from samba.param import LoadParm\n"
	"from samba.auth import system_session\n"
	"from samba.credentials import Credentials, MUST_USE_KERBEROS\n"
	"lp = LoadParm(); lp.load_default()\n"
	"B, L = ldb.SCOPE_BASE, ldb.SCOPE_ONELEVEL\n"
	"if sys.argv[1] == 'expunge':\n"
	"    db = SamDB(url=sys.argv[2], session_info=system_session(), lp=lp)\n"
	"    db.transaction_start()\n"
	"    for m in db.search('CN=Deleted Objects,' + str(db.domain_dn()), L,\n"
	"                       '(name=cadcom-bench-*)', attrs=[],\n"
	"                       controls=['show_deleted:1', 'show_recycled:1']):\n"
	"        db.delete(m.dn, ['relax:0', 'show_recycled:0'])\n"
	"    db.transaction_commit()\n"
	"    sys.exit(0)\n"
	"host, group, n = sys.argv[1], sys.argv[2], int(sys.argv[3])\n"
	"creds = Credentials(); creds.guess(lp); creds.set_kerberos_state(MUST_USE_KERBEROS)\n"
	"for r in range(n + 1):\n"
	"    t0 = time.monotonic()\n"
	"    db = SamDB(url='ldap://' + host, credentials=creds, lp=lp)\n"
	"    dse = db.search('', B, attrs=['*'])[0]\n"
	"    base, conf = str(dse['defaultNamingContext']), str(dse['configurationNamingContext'])\n"
	"    db.search(base, B, attrs=['objectSid'])\n"
	"    db.search('CN=Partitions,' + conf, L, '(objectClass=crossRef)',\n"
	"              attrs=['nCName', 'dnsRoot', 'nETBIOSName', 'systemFlags'])\n"
	"    db.search('CN=System,' + base, L, '(objectClass=trustedDomain)', attrs=['*'])\n"
	"    db.search(base, ldb.SCOPE_SUBTREE, '(&(objectClass=computer)(dNSHostName=%s))' % host,\n"
	"              attrs=['objectSid', 'operatingSystem', 'userAccountControl'])\n"
	"    db.search('CN=Enrollment Services,CN=Public Key Services,CN=Services,' + conf, L,\n"
	"              '(objectClass=pKIEnrollmentService)',\n"
	"              attrs=['cn', 'dNSHostName', 'certificateTemplates'])\n"
	"    g = db.search(base, ldb.SCOPE_SUBTREE, '(&(objectClass=group)(sAMAccountName=%s))'\n"
	"                  % group, attrs=['member', 'objectSid', 'groupType'],\n"
	"                  controls=['extended_dn:1:1'])\n"
	"    members = len(g[0]['member'])\n"
	"    del db\n"
	"    if r:\n"
	"        print('%.6f %d' % (time.monotonic() - t0, members), flush=True)\n";

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void fixture_remove(void)
{
	sh("LDAPTLS_CACERT='%s' ldapdelete -c -x -H ldaps://%s -D '%s' -w '%s' "
	   "-e '!1.2.840.113556.1.4.805' 'CN=" GROUP ",%s' '%s' >/dev/null 2>&1",
	   ca, host, principal, admin_pw, ou_dn, ou_dn);
	if (sh(PYTHON " %s/bench_ad.py expunge '%s'", tmp, sam))
		fprintf(stderr, "bench_ad: the tombstones of cadcom-bench-* stay in the lab\n");
}

static void cleanup(void)
{
	fixture_remove();
	sh("rm -rf '%s'", tmp);
}

static void die(const char *what)
{
	fprintf(stderr, "bench_ad: %s: %s\n", what, cadcom_error_message(cadcom_error_last()));
	cleanup();
	exit(1);
}

/* OU=cadcom-bench-ad: USERS users and a domain local group of them all. */
static int fixture_create(void)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/fixture.ldif", tmp);
	if (!(f = fopen(path, "w")))
		return -1;
	fprintf(f, "dn: %s\nobjectClass: organizationalUnit\n\n", ou_dn);
	for (int i = 1; i <= USERS; i++)
		fprintf(f, "dn: CN=cadcom-bench-u%04d,%s\nobjectClass: user\n"
			   "sAMAccountName: cadcom-bench-u%04d\n\n", i, ou_dn, i);
	fprintf(f, "dn: CN=" GROUP ",%s\nobjectClass: group\nsAMAccountName: " GROUP "\n"
		   "groupType: -2147483644\n", ou_dn); /* security, domain local */
	for (int i = 1; i <= USERS; i++)
		fprintf(f, "member: CN=cadcom-bench-u%04d,%s\n", i, ou_dn);
	return fclose(f) ? -1 : sh("ldbadd -H '%s' '%s' >/dev/null", sam, path);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Sorts v; its median. */
static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One run; seconds of open, discover, members, close in phase[]. */
static uint64_t run_once(const cadcom_credentials *cred, double phase[4])
{
	cadcom_ad *ad;
	cadcom_topology *topo;
	cadcom_sid *group, *m;
	cadcom_directory *dir;
	uint64_t ops;
	size_t n = 0;
	double t[4] = { bench_now() };
	int rc, scope = 0;

	if (cadcom_ad_open(&ad, host, cred, NULL))
		die("cadcom_ad_open");
	t[1] = bench_now();
	if (cadcom_ad_discover(ad, host, &topo))
		die("cadcom_ad_discover");
	cadcom_topology_free(topo);
	t[2] = bench_now();
	dir = cadcom_ad_directory(ad);
	if (cadcom_directory_lookup_name(dir, GROUP, &group) ||
	    cadcom_directory_info(dir, group, NULL, &scope))
		die("looking up " GROUP);
	while ((rc = cadcom_directory_member(dir, group, n, &m)) == 0) {
		cadcom_sid_free(m);
		n++;
	}
	if (rc != CADCOM_ENOTFOUND)
		die("cadcom_directory_member");
	cadcom_sid_free(group);
	ops = cadcom_ad_operations(ad);
	t[3] = bench_now();
	cadcom_ad_close(ad);
	for (int k = 0; k < 3; k++)
		phase[k] = t[k + 1] - t[k];
	phase[3] = bench_now() - t[3];
	if (n != USERS || scope != CADCOM_SCOPE_DOMAIN_LOCAL) {
		fprintf(stderr, "bench_ad: %zu members (scope %d), expected %d (domain local)\n", n,
			scope, USERS);
		cleanup();
		exit(1);
	}
	return ops;
}

/* What `cadcom ad group show` does after the read: every member's name.
 * Seconds; *ops gets the LDAP operations the names cost. */
static double names_once(const cadcom_credentials *cred, uint64_t *ops)
{
	cadcom_ad *ad;
	cadcom_directory *dir;
	cadcom_sid *group, *m;
	char *name;
	size_t n = 0;
	uint64_t before;
	double t0;

	if (cadcom_ad_open(&ad, host, cred, NULL))
		die("cadcom_ad_open");
	dir = cadcom_ad_directory(ad);
	if (cadcom_directory_lookup_name(dir, GROUP, &group) ||
	    cadcom_directory_member(dir, group, 0, &m))
		die("looking up " GROUP);
	cadcom_sid_free(m);
	before = cadcom_ad_operations(ad);
	t0 = bench_now();
	for (; cadcom_directory_member(dir, group, n, &m) == 0; n++) {
		if (cadcom_directory_lookup_sid(dir, m, &name))
			die("a member's name");
		cadcom_free(name);
		cadcom_sid_free(m);
	}
	t0 = bench_now() - t0;
	*ops = cadcom_ad_operations(ad) - before;
	cadcom_sid_free(group);
	cadcom_ad_close(ad);
	if (n != USERS)
		die("the names of the members");
	return t0;
}

/* python3-samba: `runs` runs (after its warm-up) into v; 0, or -1 and why. */
static int python_peer(double *v, int runs, char *why, size_t whylen)
{
	char cmd[1024], line[256];
	FILE *p;
	int n = 0, members;

	snprintf(cmd, sizeof(cmd), "KRB5CCNAME=FILE:%s/cc " PYTHON " %s/bench_ad.py %s " GROUP
		 " %d 2>%s/peer.err", tmp, tmp, host, runs, tmp);
	if (!(p = popen(cmd, "r"))) {
		snprintf(why, whylen, "popen failed");
		return -1;
	}
	while (n < runs && fgets(line, sizeof(line), p))
		if (sscanf(line, "%lf %d", &v[n], &members) == 2 && members == USERS)
			n++;
	if (pclose(p) || n < runs) {
		snprintf(why, whylen, "failed after %d runs (its error above)", n);
		sh("tail -3 %s/peer.err >&2", tmp);
		return -1;
	}
	return 0;
}

/* samba-tool domain info + group listmembers: a warm-up, then TOOL_ROUNDS
 * runs into v; 0, or -1 and why. */
static int samba_tool_peer(double *v, char *why, size_t whylen)
{
	for (int r = -1; r < TOOL_ROUNDS; r++) {
		double t0 = bench_now();

		if (sh(SAMBA_TOOL " domain info %s >/dev/null 2>%s/tool.err && " SAMBA_TOOL
				  " group listmembers " GROUP " -H ldap://%s --use-kerberos=required "
				  ">%s/tool.out 2>>%s/tool.err",
		       tmp, ip, tmp, tmp, host, tmp, tmp)) {
			snprintf(why, whylen, "samba-tool failed (its error above)");
			sh("tail -3 %s/tool.err >&2", tmp);
			return -1;
		}
		if (r >= 0)
			v[r] = bench_now() - t0;
		if (sh("test $(wc -l <%s/tool.out) -eq %d", tmp, USERS)) {
			snprintf(why, whylen, "listmembers did not print %d names", USERS);
			return -1;
		}
	}
	return 0;
}

/* A table row: min, median (sorts v), the ratio to `ours` when it is > 0. */
static void row(const char *what, double *v, int n, double ours, const char *note)
{
	double m = median(v, n);

	printf("  %-42s %7.1f ms %7.1f ms", what, v[0] * 1e3, m * 1e3);
	if (ours > 0)
		printf(" %6.1fx", m / ours);
	printf("%s%s\n", *note ? "  " : "", note);
}

int main(void)
{
	cadcom_credentials *cred;
	double phase[4], ph[4][ROUNDS], total[ROUNDS], py[ROUNDS], tool[TOOL_ROUNDS], t0, ours;
	double names[HALF];
	uint64_t name_ops = 0;
	uint64_t ops = 0;
	char why_py[256] = "", why_tool[256] = "", note[128], path[600];
	FILE *f;
	int py_ok;

	host = bench_env("CADCOM_LAB_HOST");
	ip = bench_env("CADCOM_LAB_IP");
	keytab = bench_env("CADCOM_LAB_KEYTAB");
	admin_pw = bench_env("CADCOM_LAB_ADMIN_PASSWORD");
	ca = bench_env("CADCOM_LAB_CA");
	base = bench_env("CADCOM_LAB_BASE_DN");
	snprintf(principal, sizeof(principal), "%s@%s", bench_env("CADCOM_LAB_ADMIN"),
		 bench_env("CADCOM_LAB_REALM"));
	snprintf(ou_dn, sizeof(ou_dn), "OU=cadcom-bench-ad,%s", base);
	snprintf(sam, sizeof(sam), "%s/dc/private/sam.ldb", bench_env("CADCOM_LAB_DIR"));
	if (!mkdtemp(tmp) || snprintf(path, sizeof(path), "%s/bench_ad.py", tmp) < 0 ||
	    !(f = fopen(path, "w")) || fputs(script_py, f) < 0 || fclose(f)) {
		perror(tmp);
		return 1;
	}
	fixture_remove();
	t0 = bench_now();
	if (fixture_create()) {
		fprintf(stderr, "bench_ad: cannot create the fixture in %s\n", sam);
		cleanup();
		return 1;
	}
	printf("fixture: %s, %d users, a domain local group of them all: %.1f s\n", ou_dn, USERS,
	       bench_now() - t0);
	if (cadcom_credentials_new_keytab(&cred, principal, keytab))
		die("the keytab");
	/* The peers' own Kerberos cache, from the same keytab. */
	if (!(py_ok = !sh("KRB5CCNAME=FILE:%s/cc kinit -k -t '%s' '%s' >/dev/null 2>&1", tmp,
			  keytab, principal))) {
		snprintf(why_py, sizeof(why_py), "kinit from %s failed", keytab);
		snprintf(why_tool, sizeof(why_tool), "%s", why_py);
	}
	/* Ours, python's, ours, python's: a change of the machine's load falls on
	 * both. */
	run_once(cred, phase); /* warm-up: the service ticket, the server's caches */
	for (int h = 0; h < 2; h++) {
		for (int r = h * HALF; r < (h + 1) * HALF; r++) {
			ops = run_once(cred, phase);
			total[r] = 0;
			for (int k = 0; k < 4; k++)
				ph[k][r] = phase[k], total[r] += phase[k];
		}
		py_ok = py_ok && !python_peer(py + h * HALF, HALF, why_py, sizeof(why_py));
	}
	for (int r = 0; r < HALF; r++)
		names[r] = names_once(cred, &name_ops);
	cadcom_credentials_free(cred);
	if (!why_tool[0])
		samba_tool_peer(tool, why_tool, sizeof(why_tool));

	printf("discovery + full read of a %d-member domain local group on %s,\n"
	       "Kerberos (Administrator, keytab), SASL-sealed LDAP, %d runs (samba-tool %d)\n",
	       USERS, host, ROUNDS, TOOL_ROUNDS);
	printf("  %-42s %10s %10s  peer/libcadcom\n", "", "min", "median");
	snprintf(note, sizeof(note), "%llu LDAP operations a run", (unsigned long long)ops);
	row("libcadcom: open, discover, members, close", total, ROUNDS, 0, note);
	ours = median(total, ROUNDS);
	row("  cadcom_ad_open (bind, domain, forest)", ph[0], ROUNDS, 0, "");
	row("  cadcom_ad_discover", ph[1], ROUNDS, 0, "");
	row("  group lookup, every member", ph[2], ROUNDS, 0, "");
	row("  cadcom_ad_close", ph[3], ROUNDS, 0, "");
	snprintf(note, sizeof(note), "%llu LDAP operations", (unsigned long long)name_ops);
	row("  then every member's name (ad group show)", names, HALF, 0, note);
	if (py_ok)
		row("python3-samba SamDB, the same reads", py, ROUNDS, ours, "bind + 7 searches");
	else
		printf("  python3-samba SamDB: not measured: %s\n", why_py);
	if (!why_tool[0])
		row("samba-tool domain info + group listmembers", tool, TOOL_ROUNDS, ours,
		    "2 processes");
	else
		printf("  samba-tool: not measured: %s\n", why_tool);
	t0 = bench_now();
	cleanup();
	printf("clean-up (ldapdelete, tombstones expunged): %.1f s\n", bench_now() - t0);
	if (sh("ldbsearch -H '%s' -b '%s' --show-deleted --show-recycled "
	       "'(|(name=cadcom-bench-*)(sAMAccountName=cadcom-bench-*))' dn | grep -q '^dn:'",
	       sam, base) == 0)
		fprintf(stderr, "bench_ad: objects named cadcom-bench-* are left in the lab\n");
	return 0;
}
