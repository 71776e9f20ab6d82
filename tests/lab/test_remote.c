/*
 * Integration tests of remote targets against the lab's Samba AD DC
 * (tests/lab/lab.sh; run inside its network namespace with its env).
 * Built from the library's sources: besides the public API it reaches a
 * pipe the server does not have and an opnum it does not know.
 *
 * What is written is confirmed with an independent client: Samba's
 * `net rpc registry export`, whose .reg output we parse.
 */
/* The fault injection of store.h: this test links lib/libcadcom_test.la,
 * which is built with it. */
#define CADCOM_TEST_HOOKS 1
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
#include "../cu.h"
#include "lab.h"
#include "../../lib/rpc/winreg.h"
#include "../../lib/store/store.h"

#define OLE "HKLM\\SOFTWARE\\Microsoft\\Ole"
#define APPID "HKLM\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID
#define SCRATCH "HKLM\\SOFTWARE\\cadcom-test"
#define LABKEY "HKLM\\SOFTWARE\\cadcom-labtest-reconnect"

static cadcom_credentials *ntlm(const char *u, const char *pw)
{
	cadcom_credentials *c = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&c, domain, u, pw), 0);
	return c;
}

static char *principal(const char *u)
{
	static _Thread_local char buf[256];

	snprintf(buf, sizeof(buf), "%s@%s", u, realm);
	return buf;
}

static cadcom_target *open_remote(const cadcom_credentials *c)
{
	cadcom_target *t = NULL;
	int rc = cadcom_target_open_remote(&t, host, c, NULL);

	if (rc)
		fprintf(stderr, "open_remote: %s\n", cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return t;
}

static unsigned char *sd_bytes(const char *sddl, size_t *len)
{
	cadcom_sd *sd = cu_sd(sddl, NULL);
	unsigned char *b = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_to_bytes(sd, &b, len), 0);
	cadcom_sd_free(sd);
	return b;
}

/* The value as `net rpc registry export` sees it, or NULL. */
static unsigned char *net_export_value(const char *key, const char *name, size_t *len)
{
	char path[] = "/tmp/cadcom-net-export-XXXXXX", cmd[2048];
	unsigned char *data = NULL, *out = NULL;
	cadcom_regfile *f = NULL;
	FILE *fp;
	long n;
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd),
		 "net rpc registry export '%s' '%s' -S '%s' -U '%s%%%s' >/dev/null 2>&1", key, path,
		 host, admin, admin_pw);
	CU_ASSERT_EQUAL(system(cmd), 0);
	fp = fopen(path, "rb");
	CU_ASSERT_FATAL(fp != NULL);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	data = malloc((size_t)n + 1);
	CU_ASSERT_EQUAL_FATAL(fread(data, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	unlink(path);
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_parse(&f, data, (size_t)n, "net rpc registry export"), 0);
	for (size_t i = 0; i < cadcom_regfile_count(f); i++) {
		const char *nm = cadcom_regfile_entry_name(f, i);
		int type;

		if (cadcom_regfile_entry_op(f, i) == CADCOM_REGFILE_SET_VALUE && nm &&
		    !strcasecmp(nm, name) && !cadcom_regfile_entry_value(f, i, &type, &out, len))
			break;
	}
	cadcom_regfile_free(f);
	free(data);
	return out;
}

/* Write the four DCOM values of the CA fix, read them back through us and
 * through net, all byte-identical. */
static void write_four(cadcom_target *t, const char *trustee)
{
	static const struct {
		const char *key, *name, *rights;
	} values[] = {
		{ APPID, "LaunchPermission", "CCSWRP" },
		{ APPID, "AccessPermission", "CCDCLC" },
		{ OLE, "MachineLaunchRestriction", "CCDCLCSWRP" },
		{ OLE, "MachineAccessRestriction", "CCDCLC" },
	};
	cadcom_registry *reg = cadcom_target_registry(t);

	for (size_t i = 0; i < 4; i++) {
		char sddl[256];
		unsigned char *want, *got = NULL, *net;
		size_t want_len, got_len = 0, net_len = 0;
		int type = 0;

		snprintf(sddl, sizeof(sddl), "O:BAG:BAD:(A;;%s;;;BA)(A;;%s;;;%s)", values[i].rights,
			 values[i].rights, trustee);
		want = sd_bytes(sddl, &want_len);
		CU_ASSERT_EQUAL_FATAL(cadcom_registry_set(reg, values[i].key, values[i].name,
							  CADCOM_REG_BINARY, want, want_len), 0);
		CU_ASSERT_EQUAL(cadcom_registry_get(reg, values[i].key, values[i].name, &type, &got,
						    &got_len), 0);
		CU_ASSERT_EQUAL(type, CADCOM_REG_BINARY);
		CU_ASSERT(got_len == want_len && got && !memcmp(got, want, want_len));
		net = net_export_value(values[i].key, values[i].name, &net_len);
		CU_ASSERT(net && net_len == want_len && !memcmp(net, want, want_len));
		cadcom_free(net);
		cadcom_free(got);
		cadcom_free(want);
	}
}

static void test_ntlm(void)
{
	cadcom_credentials *c = ntlm(admin, admin_pw);
	cadcom_target *t = open_remote(c);

	CU_ASSERT_EQUAL(cadcom_credentials_is_kerberos(c), 0);
	write_four(t, "WD");
	cadcom_target_free(t);
	cadcom_credentials_free(c);
}

static void test_kerberos(void)
{
	cadcom_credentials *kt = NULL, *pw = NULL, *cc = NULL;
	cadcom_target *t;
	char ccache[] = "/tmp/cadcom-kinit-XXXXXX", cmd[1024], name[1100];
	int fd = mkstemp(ccache);

	/* A ticket from the keytab, in a private cache. */
	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_keytab(&kt, principal(admin), keytab), 0);
	CU_ASSERT_EQUAL(cadcom_credentials_is_kerberos(kt), 1);
	t = open_remote(kt);
	write_four(t, "AU");
	cadcom_target_free(t);

	/* From a password, and from a cache kinit made. */
	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_kerberos(&pw, principal(admin), admin_pw), 0);
	t = open_remote(pw);
	write_four(t, "IU");
	cadcom_target_free(t);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "KRB5CCNAME=FILE:%s kinit -k -t '%s' '%s' >/dev/null", ccache,
		 keytab, principal(admin));
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	snprintf(name, sizeof(name), "FILE:%s", ccache);
	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_ccache(&cc, name), 0);
	t = open_remote(cc);
	write_four(t, "WD");
	cadcom_target_free(t);
	cadcom_credentials_free(cc);
	unlink(ccache);

	/* Kerberos to an address: refused before anything is sent. */
	t = NULL;
	CU_ASSERT_EQUAL(cadcom_target_open_remote(&t, getenv("CADCOM_LAB_IP"), pw, NULL),
			CADCOM_EINVAL);
	CU_ASSERT(strstr(cadcom_error_message(cadcom_error_last()), "not an address") != NULL);
	cadcom_credentials_free(pw);
	cadcom_credentials_free(kt);
}

/* A value larger than a fragment goes out and comes back in several. */
static void test_fragments(void)
{
	cadcom_credentials *c = ntlm(admin, admin_pw);
	cadcom_target *t = open_remote(c);
	cadcom_registry *reg = cadcom_target_registry(t);
	unsigned char big[10000], *got = NULL;
	uint64_t calls0, sent0, recv0, calls1, sent1, recv1;
	size_t len = 0;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + 3);
	CU_ASSERT_EQUAL_FATAL(cadcom_registry_create_key(reg, SCRATCH), 0);
	CU_ASSERT_EQUAL(cadcom_target_rpc_stats(t, &calls0, &sent0, &recv0), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_registry_set(reg, SCRATCH, "Big", CADCOM_REG_BINARY, big,
						  sizeof(big)), 0);
	CU_ASSERT_EQUAL(cadcom_target_rpc_stats(t, &calls1, &sent1, &recv1), 0);
	CU_ASSERT_EQUAL(calls1 - calls0, 1);          /* the key was kept open */
	CU_ASSERT_EQUAL(sent1 - sent0, 3);            /* 10 KB in 4280-byte fragments */
	CU_ASSERT_EQUAL(recv1 - recv0, 1);
	CU_ASSERT_EQUAL_FATAL(cadcom_registry_get(reg, SCRATCH, "Big", NULL, &got, &len), 0);
	CU_ASSERT_EQUAL(cadcom_target_rpc_stats(t, &calls0, &sent0, &recv0), 0);
	CU_ASSERT_EQUAL(calls0 - calls1, 1);
	CU_ASSERT_EQUAL(sent0 - sent1, 1);
	CU_ASSERT_EQUAL(recv0 - recv1, 3);
	CU_ASSERT(len == sizeof(big) && !memcmp(got, big, len));
	cadcom_free(got);
	CU_ASSERT_EQUAL(cadcom_target_rpc_stats(NULL, &calls0, NULL, NULL), CADCOM_EINVAL);
	cadcom_target_free(t);
	cadcom_credentials_free(c);
}

/* Two targets, two accounts, two threads: the administrator (Kerberos)
 * writes and reads back; the plain user (NTLM) is refused every write.
 * Crossed credentials would show as a refused admin or a successful user. */
struct worker {
	bool admin;
	int ok, failures;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	cadcom_credentials *c = NULL;
	cadcom_target *t = NULL;
	char name[32];
	int rc = w->admin ? cadcom_credentials_new_keytab(&c, principal(admin), keytab)
			  : cadcom_credentials_new_password(&c, domain, user, user_pw);

	if (!rc)
		rc = cadcom_target_open_remote(&t, host, c, NULL);
	for (int i = 0; !rc && i < 25; i++) {
		cadcom_registry *reg = cadcom_target_registry(t);
		unsigned char v[4] = { (unsigned char)i, 1, 2, 3 }, *got = NULL;
		size_t len = 0;

		snprintf(name, sizeof(name), "thread-%d", i % 3);
		rc = cadcom_registry_set(reg, SCRATCH, name, CADCOM_REG_BINARY, v, 4);
		if (w->admin) {
			if (!rc && !(rc = cadcom_registry_get(reg, SCRATCH, name, NULL, &got, &len)) &&
			    len == 4 && !memcmp(got, v, 4))
				w->ok++;
			else
				w->failures++;
			cadcom_free(got);
		} else {
			if (rc == CADCOM_EACCESS)
				w->ok++;
			else
				w->failures++;
			rc = 0;
		}
	}
	if (rc)
		w->failures++;
	cadcom_target_free(t);
	cadcom_credentials_free(c);
	return NULL;
}

static void test_threads(void)
{
	struct worker a = { .admin = true }, b = { .admin = false };
	pthread_t ta, tb;

	CU_ASSERT_EQUAL_FATAL(pthread_create(&ta, NULL, work, &a), 0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&tb, NULL, work, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	CU_ASSERT_EQUAL(a.ok, 25);
	CU_ASSERT_EQUAL(b.ok, 25);
	CU_ASSERT_EQUAL(a.failures + b.failures, 0);
}

static void test_errors(void)
{
	cadcom_credentials *good = ntlm(admin, admin_pw), *bad = ntlm(admin, "not-the-password");
	cadcom_remote_options opts;
	cadcom_target *t = NULL;
	unsigned char *before = NULL, *after = NULL;
	size_t before_len = 0, after_len = 0;
	int lsn;

	/* Unreachable: an address with nothing listening, and a name nobody has. */
	CU_ASSERT_EQUAL(cadcom_target_open_remote(&t, "127.0.0.12", good, NULL), CADCOM_ECONNECT);
	cu_assert_message("127.0.0.12", "winreg", NULL);
	CU_ASSERT_EQUAL(cadcom_target_open_remote(&t, "nosuchhost.contoso.test", good, NULL),
			CADCOM_ECONNECT);
	cu_assert_message("nosuchhost.contoso.test", "resolve", NULL);

	/* Wrong password: refused, and nothing written. */
	t = open_remote(good);
	CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(t), OLE,
					    "MachineLaunchRestriction", NULL, &before, &before_len), 0);
	cadcom_target_free(t);
	t = NULL;
	CU_ASSERT_EQUAL(cadcom_target_open_remote(&t, host, bad, NULL), CADCOM_EAUTH);
	cu_assert_message(host, "winreg", "password");
	CU_ASSERT_PTR_NULL(t);
	t = open_remote(good);
	CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(t), OLE,
					    "MachineLaunchRestriction", NULL, &after, &after_len), 0);
	CU_ASSERT(before_len == after_len && !memcmp(before, after, before_len));
	cadcom_free(before);
	cadcom_free(after);
	cadcom_target_free(t);

	/* Timeout: a server that accepts and never speaks. */
	lsn = lab_silent_listener(445);
	CU_ASSERT_FATAL(lsn >= 0);
	cadcom_remote_options_init(&opts, CADCOM_REMOTE_OPTIONS_VERSION);
	opts.timeout_ms = 1500;
	t = NULL;
	CU_ASSERT_EQUAL(cadcom_target_open_remote(&t, "127.0.0.13", good, &opts), CADCOM_ETIMEOUT);
	cu_assert_message("127.0.0.13", "winreg", NULL);
	close(lsn);
	CU_ASSERT_EQUAL(cadcom_remote_options_init(&opts, 99), CADCOM_EINVAL);
	opts.encryption = 7;
	CU_ASSERT_EQUAL(cadcom_target_open_remote(&t, host, good, &opts), CADCOM_EINVAL);
	cadcom_credentials_free(bad);
	cadcom_credentials_free(good);
}

/* Errors only the RPC layer can provoke: a pipe the server lacks, an
 * operation it does not know, a value that is not there. */
static void test_rpc_errors(void)
{
	static const struct rpc_iface nopipe = { .name = "nopipe", .pipe = "cadcom_nosuchpipe",
						 .syntax = { { 1 }, 1, 0 } };
	cadcom_credentials *c = ntlm(admin, admin_pw);
	cadcom_remote_options opts;
	struct rpc_session *s = NULL;
	struct rpc_conn *conn = NULL;
	struct ndr_out req;
	struct rpc_reply rep;
	struct rpc_handle hklm;

	cadcom_remote_options_init(&opts, CADCOM_REMOTE_OPTIONS_VERSION);
	CU_ASSERT_EQUAL_FATAL(rpc_session_open(&s, host, c, &opts), 0);
	CU_ASSERT_EQUAL(rpc_session_pipe(s, &nopipe, &conn), CADCOM_ENOPIPE);
	cu_assert_message(host, "cadcom_nosuchpipe", NULL);
	CU_ASSERT_EQUAL_FATAL(rpc_session_pipe(s, &rpc_winreg, &conn), 0);
	CU_ASSERT_EQUAL_FATAL(winreg_open_hklm(conn, WINREG_MAXIMUM_ALLOWED, &hklm), 0);

	/* An opnum winreg does not have: a fault, and the pipe still works. */
	ndr_out_init(&req);
	ndr_put_u32(&req, 0);
	CU_ASSERT_EQUAL(rpc_call(conn, 250, "Opnum250", &req, &rep), CADCOM_ERPCFAULT);
	cu_assert_message("winreg", "Opnum250", "nca_s_op_rng_error");
	rpc_reply_free(&rep);
	ndr_out_free(&req);
	{
		struct rpc_handle h;

		CU_ASSERT_EQUAL(winreg_open_key(conn, &hklm, "SOFTWARE\\cadcom-no-such-key",
						WINREG_KEY_READ, &h), CADCOM_ENOTFOUND);
		cu_assert_message("OpenKey", "cadcom-no-such-key", NULL);
	}
	CU_ASSERT_EQUAL(winreg_close_key(conn, &hklm), 0);
	rpc_session_free(s);
	cadcom_credentials_free(c);
}

/* Keys: create, enumerate, security, delete a tree. */
static void test_keys(void)
{
	cadcom_credentials *c = ntlm(admin, admin_pw);
	cadcom_target *t = open_remote(c);
	cadcom_registry *reg = cadcom_target_registry(t);
	unsigned char one[4] = { 1, 0, 0, 0 };
	char *name = NULL, *sddl = NULL;
	cadcom_sd *sd = NULL;
	bool seen_a = false;

	CU_ASSERT_EQUAL(cadcom_registry_set(reg, SCRATCH "\\tree\\a\\deep", "v", CADCOM_REG_DWORD,
					    one, 4), 0);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, SCRATCH "\\tree\\b"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, SCRATCH "\\tree", "w", CADCOM_REG_DWORD, one, 4),
			0);
	for (size_t i = 0; cadcom_registry_subkey(reg, SCRATCH "\\tree", i, &name) == 0; i++) {
		seen_a |= !strcmp(name, "a");
		cadcom_free(name);
		CU_ASSERT(i < 2);
	}
	CU_ASSERT(seen_a);
	CU_ASSERT_EQUAL(cadcom_registry_value_name(reg, SCRATCH "\\tree", 0, &name), 0);
	CU_ASSERT_STRING_EQUAL(name ? name : "", "w");
	cadcom_free(name);
	CU_ASSERT_EQUAL(cadcom_registry_value_name(reg, SCRATCH "\\tree", 1, &name),
			CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, SCRATCH "\\tree\\a\\deep"), 1);
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, SCRATCH "\\tree", "w"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, SCRATCH "\\tree", "w"), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, SCRATCH "\\tree"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, SCRATCH "\\tree"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, SCRATCH "\\tree\\a\\deep"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKEY_CURRENT_USER\\x", "y", NULL,
					    (unsigned char **)&name, &(size_t){ 0 }),
			CADCOM_EUNSUPPORTED);

	CU_ASSERT_EQUAL(cadcom_registry_key_security(reg, "HKLM\\SOFTWARE", &sd), 0);
	CU_ASSERT_EQUAL(cadcom_sd_to_sddl(sd, NULL, CADCOM_WINDOWS_LATEST, &sddl), 0);
	CU_ASSERT(sddl && strstr(sddl, "D:") != NULL);
	cadcom_free(sddl);
	cadcom_sd_free(sd);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, SCRATCH), 0);
	cadcom_target_free(t);
	cadcom_credentials_free(c);
}

/* Services through the public API: the lab has Spooler, not CertSvc. */
static void test_services(void)
{
	cadcom_credentials *c = ntlm(admin, admin_pw);
	cadcom_target *t = open_remote(c), *offline = NULL;
	int state = 0;

	CU_ASSERT_EQUAL(cadcom_service_query(t, "Spooler", &state), 0);
	CU_ASSERT_EQUAL(state, CADCOM_SERVICE_RUNNING);
	CU_ASSERT_STRING_EQUAL(cadcom_service_state_name(state), "running");
	CU_ASSERT_EQUAL(cadcom_service_restart(t, "Spooler", 30000), 0);
	CU_ASSERT_EQUAL(cadcom_service_query(t, "Spooler", &state), 0);
	CU_ASSERT_EQUAL(state, CADCOM_SERVICE_RUNNING);
	CU_ASSERT_EQUAL(cadcom_service_start(t, "Spooler", 30000), CADCOM_ESTATE);
	cu_assert_message("StartServiceW", "ERROR_SERVICE_ALREADY_RUNNING", NULL);
	CU_ASSERT_EQUAL(cadcom_service_query(t, "CertSvc", &state), CADCOM_ENOTFOUND);
	cu_assert_message(host, "svcctl", "CertSvc");
	CU_ASSERT_EQUAL(cadcom_target_open_memory(&offline), 0);
	CU_ASSERT_EQUAL(cadcom_service_query(offline, "CertSvc", &state), CADCOM_EUNSUPPORTED);
	cadcom_target_free(offline);
	cadcom_target_free(t);
	cadcom_credentials_free(c);
}

static int kind_of(cadcom_directory *dir, const char *sid, int *scope)
{
	cadcom_sid *s = cu_sid(sid);
	int kind = -1;

	if (cadcom_directory_info(dir, s, &kind, scope))
		kind = -1;
	cadcom_sid_free(s);
	return kind;
}

/* The DC's SAM as a directory: kinds and scopes, a new domain local
 * group, members added and removed (each twice), and the refusals. */
static void test_directory(void)
{
	cadcom_credentials *c = ntlm(admin, admin_pw);
	cadcom_target *t = open_remote(c);
	cadcom_directory *dir = cadcom_target_directory(t);
	cadcom_sid *du = NULL, *dsid = NULL, *group = NULL, *m = NULL, *ghost;
	char *text = NULL, *name = NULL, dom[256], ghost_sid[300];
	int scope = -1, kind = 0;

	CU_ASSERT_EQUAL_FATAL(cadcom_directory_lookup_name(dir, "CONTOSO\\Domain Users", &du), 0);
	CU_ASSERT_EQUAL(cadcom_sid_to_string(du, &text), 0);
	snprintf(dom, sizeof(dom), "%.*s", (int)(strrchr(text, '-') - text), text);
	CU_ASSERT(!strcmp(strrchr(text, '-'), "-513"));
	dsid = cu_sid(dom);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, du, &name), 0);
	CU_ASSERT_STRING_EQUAL(name ? name : "", "CONTOSO\\Domain Users");
	cadcom_free(name);
	CU_ASSERT_EQUAL(kind_of(dir, text, &scope), CADCOM_PRINCIPAL_GROUP);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_GLOBAL);
	CU_ASSERT_EQUAL(kind_of(dir, "S-1-5-32-574", &scope), CADCOM_PRINCIPAL_GROUP);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_BUILTIN_LOCAL);
	CU_ASSERT_EQUAL(kind_of(dir, "S-1-1-0", &scope), CADCOM_PRINCIPAL_WELL_KNOWN);
	snprintf(ghost_sid, sizeof(ghost_sid), "%s-500", dom);
	CU_ASSERT_EQUAL(kind_of(dir, ghost_sid, &scope), CADCOM_PRINCIPAL_USER);

	/* A new group here is domain local: this computer is a DC. */
	CU_ASSERT_EQUAL_FATAL(cadcom_directory_create_group(dir, dsid, "cadcom-pub-test",
							    CADCOM_SCOPE_DOMAIN_LOCAL, &group), 0);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, dsid, "cadcom-pub-test",
						      CADCOM_SCOPE_DOMAIN_LOCAL, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_create_group(dir, dsid, "cadcom-pub-test2",
						      CADCOM_SCOPE_COMPUTER_LOCAL, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, group, NULL, &scope), 0);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_DOMAIN_LOCAL);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, group, du), 1);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, group, du), 0);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, group, du), 1);
	CU_ASSERT_EQUAL(cadcom_directory_member(dir, group, 0, &m), 0);
	CU_ASSERT(m && cadcom_sid_equal(m, du));
	cadcom_sid_free(m);
	CU_ASSERT_EQUAL(cadcom_directory_member(dir, group, 1, &m), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, group, du), 1);
	CU_ASSERT_EQUAL(cadcom_directory_remove_member(dir, group, du), 0);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, group, du), 0);

	/* Refusals: a member nobody knows, a global group as the group. */
	snprintf(ghost_sid, sizeof(ghost_sid), "%s-987654", dom);
	ghost = cu_sid(ghost_sid);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, group, ghost), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, du, ghost), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, du, group), CADCOM_EKIND);
	cu_assert_message("global group", "Active Directory", NULL);
	/* Described, the unknown SID is known to this session (an untrusted
	 * domain's group, say): named, of a kind; nothing is written. */
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, ghost, "FABRIKAM\\Ghosts", CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_GLOBAL),
			0);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, ghost, &name), 0);
	CU_ASSERT_STRING_EQUAL(name ? name : "", "FABRIKAM\\Ghosts");
	cadcom_free(name);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, ghost, &kind, &scope), 0);
	CU_ASSERT(kind == CADCOM_PRINCIPAL_GROUP && scope == CADCOM_SCOPE_GLOBAL);

	CU_ASSERT_EQUAL(cadcom_directory_delete_group(dir, group), 0);
	cadcom_sid_free(ghost);
	cadcom_sid_free(group);
	cadcom_sid_free(dsid);
	cadcom_sid_free(du);
	cadcom_free(text);
	cadcom_target_free(t);
	cadcom_credentials_free(c);
}

static uint32_t get_dword(cadcom_registry *reg, int want_rc)
{
	unsigned char *got = NULL;
	size_t len = 0;
	uint32_t v = 0;
	int rc = cadcom_registry_get(reg, LABKEY, "v", NULL, &got, &len);

	CU_ASSERT_EQUAL(rc, want_rc);
	if (rc != want_rc)
		fprintf(stderr, "\n  get: %s\n", cadcom_error_message(cadcom_error_last()));
	if (!rc && len == 4)
		v = (uint32_t)got[0] | (uint32_t)got[1] << 8 | (uint32_t)got[2] << 16 |
		    (uint32_t)got[3] << 24;
	cadcom_free(got);
	return v;
}

static int set_dword(cadcom_registry *reg, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };

	return cadcom_registry_set(reg, LABKEY, "v", CADCOM_REG_DWORD, b, 4);
}

static uint64_t writes(const cadcom_target *t)
{
	uint64_t n = 0;

	CU_ASSERT_EQUAL(cadcom__target_writes(t, &n), 0);
	return n;
}

/* A new session under a target that is in use: the kept key, the SAM's
 * pipes and handles and the statistics go on as if nothing happened. */
static void test_reconnect(void)
{
	cadcom_credentials *c = ntlm(admin, admin_pw);
	cadcom_target *t = open_remote(c), *mem = NULL;
	cadcom_registry *reg = cadcom_target_registry(t);
	cadcom_directory *dir = cadcom_target_directory(t);
	cadcom_sid *du = NULL, *cda = cu_sid("S-1-5-32-574");
	uint64_t calls0 = 0, calls1 = 0, w0, w;
	char *name = NULL;
	int member, scope = 0;

	CU_ASSERT_EQUAL(set_dword(reg, 1), 0);
	CU_ASSERT_EQUAL(get_dword(reg, 0), 1);
	CU_ASSERT_EQUAL_FATAL(cadcom_directory_lookup_name(dir, "CONTOSO\\Domain Users", &du), 0);
	member = cadcom_directory_is_member(dir, cda, du);
	CU_ASSERT(member == 0 || member == 1);
	w0 = writes(t);
	CU_ASSERT_EQUAL(w0, 2); /* CreateKey, SetValue */
	CU_ASSERT_EQUAL(cadcom_target_rpc_stats(t, &calls0, NULL, NULL), 0);

	CU_ASSERT_EQUAL_FATAL(cadcom__target_reconnect(t), 0);
	CU_ASSERT_EQUAL(get_dword(reg, 0), 1);
	CU_ASSERT_EQUAL(set_dword(reg, 2), 0);
	CU_ASSERT_EQUAL(get_dword(reg, 0), 2);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_sid(dir, du, &name), 0);
	CU_ASSERT_STRING_EQUAL(name ? name : "", "CONTOSO\\Domain Users");
	cadcom_free(name);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, cda, du), member);
	CU_ASSERT_EQUAL(cadcom_directory_info(dir, cda, NULL, &scope), 0);
	CU_ASSERT_EQUAL(scope, CADCOM_SCOPE_BUILTIN_LOCAL);
	/* Counted over both sessions; the reopened key was created again. */
	CU_ASSERT_EQUAL(cadcom_target_rpc_stats(t, &calls1, NULL, NULL), 0);
	CU_ASSERT(calls1 > calls0);
	w = writes(t);
	CU_ASSERT_EQUAL(w, w0 + 2);

	/* Twice in a row, and then the directory and registry still work. */
	CU_ASSERT_EQUAL(cadcom__target_reconnect(t), 0);
	CU_ASSERT_EQUAL(cadcom__target_reconnect(t), 0);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, cda, du), member);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, LABKEY), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, LABKEY), 0);

	/* Only remote targets reconnect, count writes or drop. */
	CU_ASSERT_EQUAL(cadcom_target_open_memory(&mem), 0);
	CU_ASSERT_EQUAL(cadcom__target_reconnect(mem), CADCOM_EUNSUPPORTED);
	CU_ASSERT_EQUAL(cadcom__target_writes(mem, &w), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom__target_fault(mem, CADCOM__FAULT_BEFORE, 1), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom__target_fault(t, CADCOM__FAULT_BEFORE, 0), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom__target_fault(t, 4, 1), CADCOM_EINVAL);
	CU_ASSERT(cadcom__error_is_connection(CADCOM_ECONNECT) && cadcom__error_is_connection(CADCOM_EIO) &&
		  cadcom__error_is_connection(CADCOM_ETIMEOUT));
	CU_ASSERT(!cadcom__error_is_connection(CADCOM_EPROTO) &&
		  !cadcom__error_is_connection(CADCOM_EACCESS));
	cadcom_target_free(mem);
	cadcom_sid_free(cda);
	cadcom_sid_free(du);
	cadcom_target_free(t);
	cadcom_credentials_free(c);
}

/* Every call on a dropped session fails with CADCOM_ECONNECT: kept key,
 * a pipe not opened yet (lsarpc), another one (svcctl). */
static void assert_dropped(cadcom_target *t)
{
	cadcom_sid *sid = NULL;
	int state;

	get_dword(cadcom_target_registry(t), CADCOM_ECONNECT);
	CU_ASSERT_EQUAL(set_dword(cadcom_target_registry(t), 3), CADCOM_ECONNECT);
	CU_ASSERT_EQUAL(cadcom_directory_lookup_name(cadcom_target_directory(t),
						     "CONTOSO\\Domain Users", &sid),
			CADCOM_ECONNECT);
	CU_ASSERT_EQUAL(cadcom_service_query(t, "Spooler", &state), CADCOM_ECONNECT);
	cu_assert_message("dropped", NULL, NULL);
}

/* The value is 1; the drop is armed at the next write, setting it to 2. */
static void drop_case(cadcom_credentials *c, int kind)
{
	cadcom_target *t = open_remote(c);
	cadcom_registry *reg = cadcom_target_registry(t);
	uint64_t w0;

	/* The key stays open for writing: setting it again is one SetValue. */
	CU_ASSERT_EQUAL_FATAL(set_dword(reg, 1), 0);
	w0 = writes(t);
	CU_ASSERT_EQUAL_FATAL(cadcom__target_fault(t, kind, 1), 0);
	CU_ASSERT_EQUAL(set_dword(reg, 2), CADCOM_ECONNECT);
	cu_assert_message(host, "SetValue", "dropped");
	CU_ASSERT_EQUAL(writes(t), w0 + (kind != CADCOM__FAULT_BEFORE));
	assert_dropped(t);
	if (kind == CADCOM__FAULT_REFUSE) {
		CU_ASSERT_EQUAL(cadcom__target_reconnect(t), CADCOM_ECONNECT);
		cu_assert_message(host, "refused", NULL);
		CU_ASSERT_EQUAL(cadcom__target_reconnect(t), CADCOM_ECONNECT);
		assert_dropped(t);
		/* Cleared, the next reconnect goes through. */
		CU_ASSERT_EQUAL(cadcom__target_fault(t, CADCOM__FAULT_NONE, 0), 0);
	}
	CU_ASSERT_EQUAL_FATAL(cadcom__target_reconnect(t), 0);
	/* BEFORE: never sent; AFTER (and REFUSE): the server did it. */
	CU_ASSERT_EQUAL(get_dword(reg, 0), kind == CADCOM__FAULT_BEFORE ? 1u : 2u);
	/* The drop struck once: writes go through again. */
	CU_ASSERT_EQUAL(set_dword(reg, 4), 0);
	CU_ASSERT_EQUAL(get_dword(reg, 0), 4);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, LABKEY), 0);
	cadcom_target_free(t);
}

static void test_faults(void)
{
	cadcom_credentials *c = ntlm(admin, admin_pw);
	cadcom_target *t;
	cadcom_registry *reg;

	drop_case(c, CADCOM__FAULT_BEFORE);
	drop_case(c, CADCOM__FAULT_AFTER);
	drop_case(c, CADCOM__FAULT_REFUSE);

	/* Counted across a reconnect: the second write from arming, on the
	 * next session, is the one that never goes out. */
	t = open_remote(c);
	reg = cadcom_target_registry(t);
	CU_ASSERT_EQUAL_FATAL(set_dword(reg, 1), 0);
	CU_ASSERT_EQUAL(cadcom__target_fault(t, CADCOM__FAULT_BEFORE, 2), 0);
	CU_ASSERT_EQUAL(set_dword(reg, 5), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom__target_reconnect(t), 0);
	CU_ASSERT_EQUAL(get_dword(reg, 0), 5);
	CU_ASSERT_EQUAL(set_dword(reg, 6), CADCOM_ECONNECT); /* CreateKey: write 2 */
	CU_ASSERT_EQUAL_FATAL(cadcom__target_reconnect(t), 0);
	CU_ASSERT_EQUAL(get_dword(reg, 0), 5);
	/* Cleared before it struck: nothing drops. */
	CU_ASSERT_EQUAL(cadcom__target_fault(t, CADCOM__FAULT_AFTER, 1), 0);
	CU_ASSERT_EQUAL(cadcom__target_fault(t, CADCOM__FAULT_NONE, 0), 0);
	CU_ASSERT_EQUAL(set_dword(reg, 7), 0);
	CU_ASSERT_EQUAL(get_dword(reg, 0), 7);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, LABKEY), 0);
	cadcom_target_free(t);
	cadcom_credentials_free(c);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "NTLM: the four DCOM values, read back and by net", test_ntlm },
		{ "Kerberos (keytab, password, ccache): the same", test_kerberos },
		{ "multi-fragment request and response", test_fragments },
		{ "two threads, two accounts", test_threads },
		{ "unreachable, wrong password, timeout", test_errors },
		{ "missing pipe, server fault, missing key", test_rpc_errors },
		{ "keys: enumerate, security, delete a tree", test_keys },
		{ "services: query, restart, not found", test_services },
		{ "the SAM as a directory", test_directory },
		{ "reconnect: registry, directory and counts go on", test_reconnect },
		{ "a dropped connection: before, after, refused", test_faults },
		CU_TEST_INFO_NULL,
	};

	lab_load();
	return cu_run("remote (lab)", tests);
}
