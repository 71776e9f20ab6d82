/*
 * Named pipes on libsmbclient: one SMBCCTX per session, so every pipe of a
 * target shares one SMB connection and one logon (libsmbclient caches the
 * server connection in the context).
 *
 * libsmbclient keeps its configuration (smb.conf parameters) per process,
 * and its Kerberos code finds the credential cache through KRB5CCNAME.  So
 * (remote.h) the first session loads our client configuration once, and
 * everything that may log on — context set-up, opening a pipe, freeing —
 * runs with KRB5CCNAME pointing at the session's cache.  Debian's
 * libsmbclient (Samba 4.17) shares talloc stack frames between threads and
 * does not export smbc_thread_posix(), so every libsmbclient call, reads
 * and writes included, runs under one lock — the library's process lock
 * (lib/auth/ccache.c), which LDAP's Kerberos binds share: two targets in
 * two threads take turns PDU by PDU (a test with two threads aborted in
 * talloc without it).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libsmbclient.h>
#include "rpc.h"
#include "../auth/auth.h"

/* What every session needs, whatever the system's smb.conf says: no
 * broadcasts or NetBIOS lookups, SMB2 or later, signing always. */
static const char client_conf[] = "[global]\n"
				  "\tname resolve order = host\n"
				  "\tdisable netbios = yes\n"
				  "\tclient min protocol = SMB2_02\n"
				  "\tclient signing = required\n"
				  "\tclient ipc signing = required\n";

static bool configured; /* under the process lock */

enum { MAX_PIPES = 4 };

struct smb_pipe {
	struct rpc_session *s;
	SMBCFILE *file;
	struct rpc_conn conn;
};

struct rpc_session {
	SMBCCTX *ctx;
	char *host;
	const struct cadcom_credentials *cred;
	struct rpc_stats stats;
	struct smb_pipe pipes[MAX_PIPES];
	size_t npipes;
	rpc_tap_fn *tap;
	void *tap_arg;
#ifdef CADCOM_TEST_HOOKS
	struct rpc_fault fault;
#endif
};

/* libsmbclient's DEBUG output: a library does not print. */
static void quiet(void *priv, int level, const char *msg)
{
	(void)priv, (void)level, (void)msg;
}

static void auth_data(SMBCCTX *ctx, const char *srv, const char *shr, char *wg, int wglen,
		      char *un, int unlen, char *pw, int pwlen)
{
	const struct cadcom_credentials *c = smbc_getOptionUserData(ctx);

	(void)srv, (void)shr;
	snprintf(wg, (size_t)wglen, "%s", c->domain);
	snprintf(un, (size_t)unlen, "%s", c->user);
	snprintf(pw, (size_t)pwlen, "%s", c->password ? c->password : "");
}

/* Load client_conf into libsmbclient (process-wide, once).  The file is
 * private and removed at once: libsmbclient keeps the parsed values. */
static int configure_once(SMBCCTX *ctx)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, ok;

	if (configured)
		return 0;
	snprintf(path, sizeof(path), "%s/cadcom_smbconf_XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return cadcom__error(CADCOM_EIO, -1, "SMB: cannot write a client configuration in %s: %s",
				     dir && *dir ? dir : "/tmp", strerror(errno));
	ok = write(fd, client_conf, sizeof(client_conf) - 1) == (ssize_t)(sizeof(client_conf) - 1);
	close(fd);
	ok = ok && smbc_setConfiguration(ctx, path) == 0;
	unlink(path);
	if (!ok)
		return cadcom__error(CADCOM_EIO, -1, "SMB: libsmbclient refused its configuration");
	configured = true;
	return 0;
}

/* ---- the pipe as a byte stream ----------------------------------------- */

static int io_error(struct smb_pipe *p, int err, const char *op)
{
	int code = err == ETIMEDOUT ? CADCOM_ETIMEOUT : CADCOM_EIO;

	return cadcom__error(code, -1, "%s \\pipe\\%s: %s failed: %s", p->s->host,
			     p->conn.iface->pipe, op, strerror(err));
}

static int pipe_write(void *ctx, const unsigned char *buf, size_t n)
{
	struct smb_pipe *p = ctx;
	smbc_write_fn wr = smbc_getFunctionWrite(p->s->ctx);

	while (n) {
		ssize_t w;

		cadcom__process_lock();
		w = wr(p->s->ctx, p->file, buf, n);
		cadcom__process_unlock();

		if (w <= 0)
			return io_error(p, w < 0 ? errno : EPIPE, "write");
		if (p->s->tap)
			p->s->tap(p->s->tap_arg, true, buf, (size_t)w);
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int pipe_read(void *ctx, unsigned char *buf, size_t n)
{
	struct smb_pipe *p = ctx;
	smbc_read_fn rd = smbc_getFunctionRead(p->s->ctx);

	while (n) {
		ssize_t r;

		cadcom__process_lock();
		r = rd(p->s->ctx, p->file, buf, n);
		cadcom__process_unlock();

		if (r < 0)
			return io_error(p, errno, "read");
		if (r == 0)
			return cadcom__error(CADCOM_EPROTO, -1,
					     "%s \\pipe\\%s: the server closed the pipe in the middle of a PDU",
					     p->s->host, p->conn.iface->pipe);
		if (p->s->tap)
			p->s->tap(p->s->tap_arg, false, buf, (size_t)r);
		buf += r;
		n -= (size_t)r;
	}
	return 0;
}

/* ---- sessions ------------------------------------------------------------ */

static int open_error(const struct rpc_session *s, const char *pipe, int err)
{
	const char *cred = s->cred->kerberos ? "Kerberos ticket" : "user name or password";

	switch (err) {
	case EACCES:
	case EPERM:
		return cadcom__error(CADCOM_EAUTH, -1,
				     "%s: the logon to open \\pipe\\%s was refused (check the %s): %s",
				     s->host, pipe, cred, strerror(err));
	case ENOENT:
		return cadcom__error(CADCOM_ENOPIPE, -1, "%s: the server has no pipe \\pipe\\%s",
				     s->host, pipe);
	case ETIMEDOUT:
		return cadcom__error(CADCOM_ETIMEOUT, -1, "%s: no answer in time opening \\pipe\\%s",
				     s->host, pipe);
	case ECONNREFUSED:
	case EHOSTUNREACH:
	case ENETUNREACH:
	case EHOSTDOWN:
	case ECONNRESET:
		return cadcom__error(CADCOM_ECONNECT, -1, "%s: cannot connect to open \\pipe\\%s: %s",
				     s->host, pipe, strerror(err));
	default:
		return cadcom__error(CADCOM_EIO, -1, "%s: opening \\pipe\\%s failed: %s", s->host,
				     pipe, strerror(err));
	}
}

void rpc_session_free(struct rpc_session *s)
{
	struct ccache_env e;

	if (!s)
		return;
	if (s->ctx) {
		cadcom__process_lock();
		if (!cadcom__ccache_enter(s->cred, &e)) {
			for (size_t i = 0; i < s->npipes; i++)
				smbc_getFunctionClose(s->ctx)(s->ctx, s->pipes[i].file);
			cadcom__ccache_leave(&e);
		}
		smbc_free_context(s->ctx, 1);
		cadcom__process_unlock();
	}
	cadcom_credentials_free((struct cadcom_credentials *)s->cred);
	free(s->host);
	free(s);
}

static bool is_address(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

/* The host must resolve: libsmbclient reports an unknown name as ENOENT,
 * the same as a missing pipe. */
static int resolve(const char *host)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai = NULL;
	int rc = getaddrinfo(host, "445", &hints, &ai);

	if (rc)
		return cadcom__error(CADCOM_ECONNECT, -1, "%s: cannot resolve the host name: %s", host,
				     gai_strerror(rc));
	freeaddrinfo(ai);
	return 0;
}

static int new_context(struct rpc_session *s, const struct cadcom_remote_options *o)
{
	SMBCCTX *ctx = smbc_new_context();

	if (!ctx)
		return cadcom__enomem();
	s->ctx = ctx;
	smbc_setDebug(ctx, 0);
	smbc_setLogCallback(ctx, NULL, quiet);
	smbc_setOptionUserData(ctx, (void *)s->cred);
	smbc_setFunctionAuthDataWithContext(ctx, auth_data);
	smbc_setOptionUseKerberos(ctx, s->cred->kerberos);
	smbc_setOptionFallbackAfterKerberos(ctx, 0);
	smbc_setOptionUseCCache(ctx, s->cred->kerberos);
	smbc_setOptionNoAutoAnonymousLogin(ctx, 1);
	smbc_setTimeout(ctx, o && o->timeout_ms ? (int)o->timeout_ms : 20000);
	smbc_setOptionSmbEncryptionLevel(ctx, !o ? SMBC_ENCRYPTLEVEL_NONE
					      : o->encryption == CADCOM_SMB_ENCRYPT_REQUIRE
						      ? SMBC_ENCRYPTLEVEL_REQUIRE
					      : o->encryption == CADCOM_SMB_ENCRYPT_REQUEST
						      ? SMBC_ENCRYPTLEVEL_REQUEST
						      : SMBC_ENCRYPTLEVEL_NONE);
	if (!smbc_init_context(ctx))
		return cadcom__error(CADCOM_EIO, -1, "SMB: libsmbclient cannot initialise: %s",
				     strerror(errno));
	return configure_once(ctx);
}

int rpc_session_open(struct rpc_session **out, const char *host,
		     const struct cadcom_credentials *cred, const struct cadcom_remote_options *opts)
{
	struct rpc_session *s;
	int rc;

	if (cred->kerberos && is_address(host))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "%s: Kerberos needs the host's name (its service principal), "
				     "not an address; give the name or use a password (NTLM)",
				     host);
	if ((rc = resolve(host)))
		return rc;
	if (!(s = calloc(1, sizeof(*s))) || !(s->host = cadcom__strdup(host))) {
		free(s);
		return cadcom__enomem();
	}
	s->cred = cadcom__credentials_ref(cred);
	cadcom__process_lock();
	rc = new_context(s, opts);
	cadcom__process_unlock();
	if (rc) {
		rpc_session_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int rpc_session_pipe(struct rpc_session *s, const struct rpc_iface *iface, struct rpc_conn **out)
{
	struct smb_pipe *p;
	struct ccache_env e;
	char url[1024];
	int rc, err = 0;

#ifdef CADCOM_TEST_HOOKS
	if (s->fault.dropped)
		return cadcom__error(CADCOM_ECONNECT, -1,
				     "%s: the connection was dropped (fault injection), no \\pipe\\%s",
				     s->host, iface->pipe);
#endif
	for (size_t i = 0; i < s->npipes; i++)
		if (s->pipes[i].conn.iface == iface) {
			if (s->pipes[i].conn.broken)
				return cadcom__error(CADCOM_ECONNECT, -1,
						     "%s \\pipe\\%s is unusable after an earlier failure: "
						     "the session must be opened again",
						     s->host, iface->pipe);
			*out = &s->pipes[i].conn;
			return 0;
		}
	if (s->npipes == MAX_PIPES)
		return cadcom__error(CADCOM_ELIMIT, -1, "%s: more than %d pipes", s->host, MAX_PIPES);
	p = &s->pipes[s->npipes];
	memset(p, 0, sizeof(*p));
	snprintf(url, sizeof(url), "smb://%s/IPC$/%s", s->host, iface->pipe);
	cadcom__process_lock();
	if (!(rc = cadcom__ccache_enter(s->cred, &e))) {
		p->file = smbc_getFunctionOpen(s->ctx)(s->ctx, url, O_RDWR, 0);
		err = errno;
		cadcom__ccache_leave(&e);
	}
	cadcom__process_unlock();
	if (rc)
		return rc;
	if (!p->file)
		return open_error(s, iface->pipe, err);
	s->npipes++;
	p->s = s;
	p->conn = (struct rpc_conn){ .io = { pipe_write, pipe_read, p },
				     .iface = iface,
				     .host = s->host,
				     .stats = &s->stats };
#ifdef CADCOM_TEST_HOOKS
	p->conn.fault = &s->fault;
#endif
	if ((rc = rpc_bind(&p->conn)))
		return rc;
	*out = &p->conn;
	return 0;
}

const struct rpc_stats *rpc_session_stats(const struct rpc_session *s)
{
	return &s->stats;
}

const char *rpc_session_host(const struct rpc_session *s)
{
	return s->host;
}

void rpc_session_tap(struct rpc_session *s, rpc_tap_fn *tap, void *arg)
{
	s->tap = tap;
	s->tap_arg = arg;
}

#ifdef CADCOM_TEST_HOOKS
struct rpc_fault *rpc_session_fault(struct rpc_session *s)
{
	return &s->fault;
}
#endif
