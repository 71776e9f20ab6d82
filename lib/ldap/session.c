/*
 * LDAP sessions (ldap.h) on OpenLDAP's libldap and Cyrus SASL.
 *
 * libldap reads process-wide defaults once (ldap.conf, ~/.ldaprc, LDAP*
 * environment variables).  Everything that decides how safe a connection
 * is gets set on the connection itself, so those defaults cannot weaken
 * it: protocol 3, referrals off, a private TLS context that demands a
 * certificate chaining to our CA file and naming the host, the SASL
 * strength bounds, and the host name used as given for Kerberos (no
 * reverse-DNS canonicalisation an attacker could steer).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <openldap.h>
#include <sasl/sasl.h>
#include "ldap.h"

/* LDAP_SERVER_SD_FLAGS_OID (MS-ADTS 3.1.1.3.4.1.11); libldap has no name for it. */
#define SD_FLAGS_OID "1.2.840.113556.1.4.801"

enum { PAGE_SIZE = 500, DEFAULT_TIMEOUT_MS = 20000, DEFAULT_MIN_SSF = 56 };

struct ldap_conn {
	LDAP *ld;
	char *host;
	struct timeval timeout;
	uint64_t ops;
	/* Controls sent with every search (cadcom__ldap_search_controls). */
	unsigned sd_flags;
	bool extended_dn;
};

/* ---- errors -------------------------------------------------------------- */

/* Where a failure happened decides what some results mean. */
enum stage { OPERATION, HANDSHAKE, BINDING };

static const struct {
	int result, code;
	const char *reason;
} results[] = {
	{ LDAP_TIMEOUT, CADCOM_ETIMEOUT, "no answer in time" },
	{ LDAP_TIMELIMIT_EXCEEDED, CADCOM_ETIMEOUT, "no answer in time" },
	{ LDAP_INVALID_CREDENTIALS, CADCOM_EAUTH, "the credentials were refused" },
	{ LDAP_STRONG_AUTH_REQUIRED, CADCOM_EAUTH,
	  "the server requires a stronger authentication (a protected bind)" },
	{ LDAP_CONFIDENTIALITY_REQUIRED, CADCOM_EAUTH, "the server requires an encrypted connection" },
	{ LDAP_INSUFFICIENT_ACCESS, CADCOM_EACCESS, "access denied" },
	{ LDAP_NO_SUCH_OBJECT, CADCOM_ENOTFOUND, "no such object" },
	{ LDAP_ALREADY_EXISTS, CADCOM_ESTATE, "the object already exists" },
	{ LDAP_NO_MEMORY, CADCOM_ENOMEM, "out of memory" },
	{ LDAP_DECODING_ERROR, CADCOM_EPROTO, "malformed answer" },
	/* Refused certificates too (libldap keeps GnuTLS' reason to its debug
	 * output): the connection cannot be made safe, and other credentials
	 * would not help. */
	{ LDAP_SERVER_DOWN, CADCOM_ECONNECT, "the connection failed" },
	{ LDAP_CONNECT_ERROR, CADCOM_ECONNECT, "the connection failed" },
};

#define TLS_REFUSED                                                                    \
	"TLS failed: the handshake or the server's certificate was refused (it must "  \
	"chain to the CA file and name the host as given"

static bool is_address(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 || inet_pton(AF_INET6, host, buf) == 1;
}

/* Record the failure of `op` on `dn` (for a bind: the identity; for TLS:
 * the URL), with the server's diagnostic. */
static int fail(const struct ldap_conn *c, int rc, const char *op, const char *dn,
		enum stage stage)
{
	const char *reason = "refused";
	char *diag = NULL;
	int code = CADCOM_ESERVER;

	for (size_t i = 0; i < ARRAY_SIZE(results); i++)
		if (results[i].result == rc) {
			code = results[i].code;
			reason = results[i].reason;
		}
	if (code == CADCOM_ECONNECT && stage == HANDSHAKE) /* TCP is up: TLS failed */
		reason = is_address(c->host)
				 ? TLS_REFUSED "; this is an address, and certificates name hosts)"
				 : TLS_REFUSED ")";
	else if (code == CADCOM_ESERVER && stage == BINDING) { /* SASL, GSSAPI, 53... */
		code = CADCOM_EAUTH;
		reason = "authentication failed";
	}
	ldap_get_option(c->ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diag);
	/* libldap's placeholder for a TLS failure it has no text for. */
	if (diag && !strcmp(diag, "(unknown error code)"))
		*diag = '\0';
	cadcom__error(code, -1, "%s: LDAP %s %s: %s (%s, result %d)%s%s", c->host, op,
		      *dn ? dn : "the rootDSE", reason, ldap_err2string(rc), rc,
		      diag && *diag ? ": " : "", diag ? diag : "");
	ldap_memfree(diag);
	return code;
}

static int set_option(const struct ldap_conn *c, int option, const void *value, const char *what)
{
	if (ldap_set_option(c->ld, option, value) == LDAP_OPT_SUCCESS)
		return 0;
	return cadcom__error(CADCOM_EIO, -1, "%s: LDAP: libldap refused the %s setting", c->host,
			     what);
}

/* ---- connecting ------------------------------------------------------------ */

/* Only a host name or an address goes into the URL, so nothing in it can
 * change the URL's meaning. */
static int make_url(const char *host, enum ldap_transport t, char *url, size_t size)
{
	bool v6 = strchr(host, ':') != NULL, tls = t == LDAP_TRANSPORT_LDAPS;

	if (!*host || strpbrk(host, "/?#@[]% \t\r\n"))
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP: \"%s\" is not a host name or address",
				     host);
	if ((size_t)snprintf(url, size, "%s://%s%s%s:%d", tls ? "ldaps" : "ldap", v6 ? "[" : "",
			     host, v6 ? "]" : "", tls ? 636 : 389) >= size)
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP: the host name %.64s... is too long", host);
	return 0;
}

/* A private TLS context: our CA file only (no CA directory inherited from
 * ldap.conf), and a certificate demanded. */
static int set_tls(const struct ldap_conn *c, const char *ca_file)
{
	int demand = LDAP_OPT_X_TLS_DEMAND, client = 0, rc;

	if (ca_file && access(ca_file, R_OK))
		return cadcom__error(CADCOM_EIO, -1, "%s: LDAP: cannot read the CA file %s: %s", c->host,
				     ca_file, strerror(errno));
	if ((ca_file && ((rc = set_option(c, LDAP_OPT_X_TLS_CACERTFILE, ca_file, "CA file")) ||
			 (rc = set_option(c, LDAP_OPT_X_TLS_CACERTDIR, NULL, "CA directory")))) ||
	    (rc = set_option(c, LDAP_OPT_X_TLS_REQUIRE_CERT, &demand, "certificate check")))
		return rc;
	if (ldap_set_option(c->ld, LDAP_OPT_X_TLS_NEWCTX, &client) != LDAP_OPT_SUCCESS)
		return cadcom__error(CADCOM_EIO, -1, "%s: LDAP: cannot load the CA file %s (PEM expected)",
				     c->host, ca_file ? ca_file : "(libldap's default)");
	return 0;
}

static long elapsed_ms(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Our own TCP connection (non-blocking) to the first address of `host`
 * that answers within the timeout.  Not libldap's: with a network timeout
 * (and no asynchronous connect) libldap 2.5.13 spins without end in a TLS
 * handshake the server never answers; with an asynchronous connect it
 * starts TLS before TCP is up and reports a refused connection as a failed
 * handshake.
 */
static int tcp_connect(const char *host, int port, unsigned timeout_ms, const char *url,
		       int *out)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai = NULL;
	struct timespec t0;
	char service[8];
	int fd = -1, err = 0, gai;

	snprintf(service, sizeof(service), "%d", port);
	if ((gai = getaddrinfo(host, service, &hints, &ai)))
		return cadcom__error(CADCOM_ECONNECT, -1,
				     "%s: LDAP connect to %s: cannot resolve the host name: %s", host,
				     url, gai_strerror(gai));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (struct addrinfo *p = ai; p && fd < 0 && err != ETIMEDOUT; p = p->ai_next) {
		struct pollfd pfd = { .events = POLLOUT };
		socklen_t len = sizeof(err);
		long left;
		int n;

		if ((fd = socket(p->ai_family, p->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
				 p->ai_protocol)) < 0) {
			err = errno;
			continue;
		}
		if (!connect(fd, p->ai_addr, p->ai_addrlen))
			break;
		if ((err = errno) == EINPROGRESS) {
			pfd.fd = fd;
			do
				left = (long)timeout_ms - elapsed_ms(&t0);
			while ((n = poll(&pfd, 1, left > 0 ? (int)left : 0)) < 0 && errno == EINTR);
			err = n < 0 ? errno : !n ? ETIMEDOUT
			      : getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) ? errno : err;
		}
		if (err) {
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(ai);
	if (fd < 0 && err == ETIMEDOUT)
		return cadcom__error(CADCOM_ETIMEOUT, -1, "%s: LDAP connect to %s: no answer in time",
				     host, url);
	if (fd < 0)
		return cadcom__error(CADCOM_ECONNECT, -1, "%s: LDAP connect to %s: cannot connect: %s",
				     host, url, strerror(err));
	*out = fd;
	return 0;
}

/* Hand the connected socket `fd` to libldap, which owns it from here (it
 * closes it on unbind; we close it when libldap cannot take it), and set
 * what every connection gets. */
static int take_fd(struct ldap_conn *c, int fd, const char *url)
{
	int v3 = LDAP_VERSION3, rc;

	if (ldap_init_fd(fd, LDAP_PROTO_TCP, url, &c->ld) != LDAP_SUCCESS || !c->ld) {
		close(fd);
		return cadcom__error(CADCOM_ENOMEM, -1, "%s: LDAP: libldap cannot take the connection",
				     c->host);
	}
	/* The asynchronous-connect flag makes libldap's TLS handshake wait
	 * with poll() and the network timeout on our non-blocking socket. */
	if ((rc = set_option(c, LDAP_OPT_PROTOCOL_VERSION, &v3, "protocol version")) ||
	    (rc = set_option(c, LDAP_OPT_REFERRALS, LDAP_OPT_OFF, "referrals")) ||
	    (rc = set_option(c, LDAP_OPT_RESTART, LDAP_OPT_ON, "restart")) ||
	    (rc = set_option(c, LDAP_OPT_NETWORK_TIMEOUT, &c->timeout, "network timeout")) ||
	    (rc = set_option(c, LDAP_OPT_CONNECT_ASYNC, LDAP_OPT_ON, "asynchronous connect")) ||
	    (rc = set_option(c, LDAP_OPT_TIMEOUT, &c->timeout, "timeout")) ||
	    (rc = set_option(c, LDAP_OPT_X_SASL_NOCANON, LDAP_OPT_ON, "SASL host name")))
		return rc;
	return 0;
}

static int connect_to(struct ldap_conn *c, enum ldap_transport t, const char *ca_file)
{
	unsigned ms = (unsigned)(c->timeout.tv_sec * 1000 + c->timeout.tv_usec / 1000);
	int fd = -1, flags, rc, lrc;
	char url[300];

	if ((rc = make_url(c->host, t, url, sizeof(url))) ||
	    (rc = tcp_connect(c->host, t == LDAP_TRANSPORT_LDAPS ? 636 : 389, ms, url, &fd)) ||
	    (rc = take_fd(c, fd, url)) ||
	    (t != LDAP_TRANSPORT_PLAIN && (rc = set_tls(c, ca_file))))
		return rc;
	if (t == LDAP_TRANSPORT_LDAPS && (lrc = ldap_install_tls(c->ld)) != LDAP_SUCCESS)
		return fail(c, lrc, "TLS handshake with", url, HANDSHAKE);
	if (t == LDAP_TRANSPORT_STARTTLS) {
		c->ops++;
		if ((lrc = ldap_start_tls_s(c->ld, NULL, NULL)) != LDAP_SUCCESS)
			return fail(c, lrc, "StartTLS on", url, HANDSHAKE);
	}
	/* Nothing that needs TLS goes out without it. */
	if (t != LDAP_TRANSPORT_PLAIN && !ldap_tls_inplace(c->ld))
		return cadcom__error(CADCOM_EPROTO, -1, "%s: LDAP: no TLS on %s after the handshake",
				     c->host, url);
	/* Blocking again, as libldap's own connections are: it polls with the
	 * operation timeout before it reads. */
	if ((flags = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0)
		return cadcom__error(CADCOM_EIO, -1, "%s: LDAP: cannot set up the socket: %s", c->host,
				     strerror(errno));
	return 0;
}

/* ---- binding --------------------------------------------------------------- */

/* The name to bind as: AD takes DOMAIN\user and user@dns.domain. */
static int bind_name(const struct cadcom_credentials *cred, char **out)
{
	struct strbuf sb = { 0 };

	if (cred->kerberos)
		sb_printf(&sb, "%s@%s", cred->user, cred->domain);
	else if (strpbrk(cred->user, "@\\") || !*cred->domain)
		sb_puts(&sb, cred->user);
	else if (strchr(cred->domain, '.'))
		sb_printf(&sb, "%s@%s", cred->user, cred->domain);
	else
		sb_printf(&sb, "%s\\%s", cred->domain, cred->user);
	return sb_finish(&sb, out);
}

static int bind_simple(struct ldap_conn *c, const struct cadcom_credentials *cred, const char *who)
{
	/* No copy of ours: libldap encodes the password straight from the
	 * credentials into its request buffer. */
	struct berval pw = { strlen(cred->password), cred->password };
	int lrc;

	c->ops++;
	lrc = ldap_sasl_bind_s(c->ld, who, LDAP_SASL_SIMPLE, &pw, NULL, NULL, NULL);
	return lrc == LDAP_SUCCESS ? 0 : fail(c, lrc, "simple bind as", who, BINDING);
}

/* GSSAPI asks only for an authorisation identity: none, i.e. the ticket's
 * own principal. */
static int interact(LDAP *ld, unsigned flags, void *defaults, void *list)
{
	(void)ld, (void)flags, (void)defaults;
	for (sasl_interact_t *i = list; i->id != SASL_CB_LIST_END; i++) {
		i->result = "";
		i->len = 0;
	}
	return LDAP_SUCCESS;
}

static int bind_gssapi(struct ldap_conn *c, const struct cadcom_credentials *cred, const char *who,
		       bool tls, unsigned min_ssf)
{
	/* Over TLS no SASL layer: AD refuses sign/seal inside TLS.  Without
	 * TLS the layer is the only protection, so it must be strong enough. */
	ber_len_t min = tls ? 0 : min_ssf ? min_ssf : DEFAULT_MIN_SSF, max = tls ? 0 : INT_MAX;
	struct ccache_env env;
	int rc, lrc = LDAP_SUCCESS;

	if ((rc = set_option(c, LDAP_OPT_X_SASL_SSF_MIN, &min, "SASL minimum strength")) ||
	    (rc = set_option(c, LDAP_OPT_X_SASL_SSF_MAX, &max, "SASL maximum strength")))
		return rc;
	/* MIT krb5 finds the ticket through KRB5CCNAME while GSSAPI runs. */
	cadcom__process_lock();
	if (!(rc = cadcom__ccache_enter(cred, &env))) {
		c->ops++;
		lrc = ldap_sasl_interactive_bind_s(c->ld, NULL, "GSSAPI", NULL, NULL, LDAP_SASL_QUIET,
						   interact, NULL);
		cadcom__ccache_leave(&env);
	}
	cadcom__process_unlock();
	if (rc)
		return rc;
	if (lrc != LDAP_SUCCESS)
		return fail(c, lrc, "GSSAPI bind as", who, BINDING);
	if (cadcom__ldap_ssf(c) < min)
		return cadcom__error(CADCOM_EAUTH, -1,
				     "%s: LDAP GSSAPI bind as %s: the SASL layer's strength %u is "
				     "below the %lu required",
				     c->host, who, cadcom__ldap_ssf(c), (unsigned long)min);
	return 0;
}

/* A connection to `host` not yet made, with its timeout (0: the default);
 * NULL on ENOMEM. */
static struct ldap_conn *new_conn(const char *host, unsigned timeout_ms)
{
	unsigned ms = timeout_ms ? timeout_ms : DEFAULT_TIMEOUT_MS;
	struct ldap_conn *c = calloc(1, sizeof(*c));

	if (!c || !(c->host = cadcom__strdup(host))) {
		free(c);
		return NULL;
	}
	c->timeout = (struct timeval){ .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };
	return c;
}

int cadcom__ldap_open(struct ldap_conn **out, const char *host,
		      const struct cadcom_credentials *cred, const struct ldap_options *o)
{
	static const struct ldap_options defaults;
	struct ldap_conn *c = NULL;
	enum ldap_transport t;
	char *who = NULL;
	int rc;

	if (!out || !host || !cred)
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP: NULL argument");
	*out = NULL;
	o = o ? o : &defaults;
	t = o->transport ? o->transport : cred->kerberos ? LDAP_TRANSPORT_PLAIN : LDAP_TRANSPORT_LDAPS;
	if (t > LDAP_TRANSPORT_PLAIN)
		return cadcom__error(CADCOM_EINVAL, -1, "%s: LDAP: unknown transport %d", host, (int)t);
	if ((rc = bind_name(cred, &who)))
		return rc;
	/* Refusals that need no server come before any connection. */
	if (!cred->kerberos && t == LDAP_TRANSPORT_PLAIN && !o->allow_plain_simple_bind)
		rc = cadcom__error(CADCOM_EINVAL, -1,
				   "%s: LDAP simple bind as %s refused: the password would cross "
				   "ldap://%s:389 unencrypted; use LDAPS or StartTLS (or Kerberos)",
				   host, who, host);
	else if (!cred->kerberos && !*cred->password)
		rc = cadcom__error(CADCOM_EINVAL, -1,
				   "%s: LDAP simple bind as %s refused: an empty password is an "
				   "unauthenticated (anonymous) bind",
				   host, who);
	else if (!(c = new_conn(host, o->timeout_ms)))
		rc = cadcom__enomem();
	if (rc) {
		free(who);
		return rc;
	}
	if (!(rc = connect_to(c, t, o->ca_file)))
		rc = cred->kerberos ? bind_gssapi(c, cred, who, t != LDAP_TRANSPORT_PLAIN, o->min_ssf)
				    : bind_simple(c, cred, who);
	free(who);
	if (rc) {
		cadcom__ldap_close(c);
		return rc;
	}
	*out = c;
	return 0;
}

#ifdef CADCOM_TEST_HOOKS
int cadcom__ldap_open_fd(struct ldap_conn **out, int fd, const char *host, unsigned timeout_ms)
{
	struct ldap_conn *c = NULL;
	char url[300];
	int rc;

	*out = NULL;
	if ((rc = make_url(host, LDAP_TRANSPORT_PLAIN, url, sizeof(url))) ||
	    !(c = new_conn(host, timeout_ms))) {
		close(fd);
		return rc ? rc : cadcom__enomem();
	}
	if ((rc = take_fd(c, fd, url))) {
		cadcom__ldap_close(c);
		return rc;
	}
	*out = c;
	return 0;
}
#endif

void cadcom__ldap_close(struct ldap_conn *c)
{
	if (!c)
		return;
	if (c->ld)
		ldap_unbind_ext_s(c->ld, NULL, NULL);
	free(c->host);
	free(c);
}

uint64_t cadcom__ldap_ops(const struct ldap_conn *c)
{
	return c ? c->ops : 0;
}

unsigned cadcom__ldap_ssf(const struct ldap_conn *c)
{
	ber_len_t ssf = 0;

	/* No SASL context (a simple bind): no layer, 0. */
	if (c && ldap_get_option(c->ld, LDAP_OPT_X_SASL_SSF, &ssf) != LDAP_OPT_SUCCESS)
		ssf = 0;
	return (unsigned)ssf;
}

/* ---- searching ------------------------------------------------------------- */

/* Does the attribute description `desc` ("member;range=0-1499") name
 * attribute `name`? */
static bool same_attr(const char *desc, const char *name)
{
	size_t n = strlen(name);

	return !strncasecmp(desc, name, n) && (desc[n] == '\0' || desc[n] == ';');
}

struct berval **cadcom__ldap_attr_values(const struct ldap_attr *attrs, size_t count,
					 const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (same_attr(attrs[i].name, name))
			return attrs[i].values;
	return NULL;
}

/* ldap_get_dn() failed: memory, or an entry it cannot read (a DN with a
 * NUL byte in it, say). */
static int unreadable(const struct ldap_conn *c, const char *op, const char *base)
{
	int lrc = LDAP_OTHER;

	if (ldap_get_option(c->ld, LDAP_OPT_RESULT_CODE, &lrc) == LDAP_OPT_SUCCESS &&
	    lrc == LDAP_NO_MEMORY)
		return cadcom__enomem();
	return cadcom__error(CADCOM_EPROTO, -1, "%s: LDAP %s %s: an entry with a malformed DN",
			     c->host, op, *base ? base : "the rootDSE");
}

/* Hand each entry of a page to `fn`; a base search (`one`) has one at
 * most, and the callbacks count on it. */
static int each_entry(struct ldap_conn *c, LDAPMessage *res, bool one, const char *op,
		      const char *base, ldap_entry_fn *fn, void *arg)
{
	bool first = true;

	for (LDAPMessage *e = ldap_first_entry(c->ld, res); e; e = ldap_next_entry(c->ld, e)) {
		struct ldap_attr *attrs = NULL, *grown;
		size_t n = 0, cap = 0;
		BerElement *ber = NULL;
		char *dn;
		int rc;

		if (one && !first)
			return cadcom__error(CADCOM_EPROTO, -1,
					     "%s: LDAP %s %s: more than one entry for a base search",
					     c->host, op, *base ? base : "the rootDSE");
		first = false;
		dn = ldap_get_dn(c->ld, e);
		rc = dn ? 0 : unreadable(c, op, base);

		for (char *a = ldap_first_attribute(c->ld, e, &ber); a;
		     a = ldap_next_attribute(c->ld, e, ber)) {
			struct berval **v = rc ? NULL : ldap_get_values_len(c->ld, e, a);

			/* An attribute without values (a range past the end) says
			 * nothing. */
			if (v && (grown = cadcom__grow(attrs, &cap, n, sizeof(*attrs)))) {
				attrs = grown;
				attrs[n++] = (struct ldap_attr){ a, v };
				continue;
			}
			if (v)
				rc = cadcom__enomem();
			ldap_value_free_len(v);
			ldap_memfree(a);
		}
		ber_free(ber, 0);
		if (!rc)
			rc = fn(arg, dn, attrs, n);
		for (size_t i = 0; i < n; i++) {
			ldap_memfree((char *)attrs[i].name);
			ldap_value_free_len(attrs[i].values);
		}
		free(attrs);
		ldap_memfree(dn);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Is the connection we gave libldap still its connection?  Once libldap
 * has dropped it (a Notice of Disconnection does that), it would open one
 * of its own to the URL for the next request: no TLS on ldap:// and no
 * bind, answers anyone could forge.  A lost connection stays lost.
 */
static int connected(const struct ldap_conn *c, const char *op, const char *dn)
{
	int fd = -1;

	if (ldap_get_option(c->ld, LDAP_OPT_DESC, &fd) == LDAP_OPT_SUCCESS && fd >= 0)
		return 0;
	return cadcom__error(CADCOM_ECONNECT, -1,
			     "%s: LDAP %s %s: the connection was lost; the session must be "
			     "opened again",
			     c->host, op, *dn ? dn : "the rootDSE");
}

/* libldap's synchronous calls report success, and no result, when an
 * unsolicited Notice of Disconnection carrying success ends the wait
 * (RFC 4511 4.4.1): the operation's outcome is unknown. */
static int no_result(const struct ldap_conn *c, const char *op, const char *dn)
{
	return cadcom__error(CADCOM_EPROTO, -1,
			     "%s: LDAP %s %s: the server sent no result (it is disconnecting)",
			     c->host, op, *dn ? dn : "the rootDSE");
}

/* One search request (one page); its entries in *res. */
static int search_once(struct ldap_conn *c, const char *op, const char *base, int scope,
		       const char *filter, const char *const *attrs, LDAPControl *page,
		       LDAPMessage **res)
{
	LDAPControl *ctrls[4] = { page }, ext, sd;
	/* BER SEQUENCE { INTEGER } values: extended DN form 1 (string SIDs and
	 * GUIDs), SD flags as asked (MS-ADTS 3.1.1.3.4.1.5 and .11). */
	unsigned char ext_value[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
	unsigned char sd_value[] = { 0x30, 0x03, 0x02, 0x01, (unsigned char)c->sd_flags };
	struct timeval tv = c->timeout;
	size_t n = page ? 1 : 0;
	int lrc, rc;

	if ((rc = connected(c, op, base)))
		return rc;
	if (c->extended_dn) {
		ext = (LDAPControl){ LDAP_CONTROL_X_EXTENDED_DN,
				     { sizeof(ext_value), (char *)ext_value }, 1 };
		ctrls[n++] = &ext;
	}
	if (c->sd_flags) {
		sd = (LDAPControl){ SD_FLAGS_OID, { sizeof(sd_value), (char *)sd_value }, 1 };
		ctrls[n++] = &sd;
	}
	c->ops++;
	lrc = ldap_search_ext_s(c->ld, base, scope, filter, (char **)attrs, 0, ctrls, NULL, &tv, 0,
				res);
	if (lrc == LDAP_SUCCESS && *res)
		return 0;
	ldap_msgfree(*res);
	*res = NULL;
	return lrc == LDAP_SUCCESS ? no_result(c, op, base) : fail(c, lrc, op, base, OPERATION);
}

void cadcom__ldap_search_controls(struct ldap_conn *c, bool extended_dn, unsigned sd_flags)
{
	c->extended_dn = extended_dn;
	c->sd_flags = sd_flags & 0x7f;
}

/* The cookie for the next page (empty after the last). */
static int next_cookie(struct ldap_conn *c, LDAPMessage *res, const char *op, const char *base,
		       struct berval *cookie)
{
	LDAPControl **ctrls = NULL, *page;
	ber_int_t estimate;
	int rc = 0;

	if (ldap_parse_result(c->ld, res, NULL, NULL, NULL, NULL, &ctrls, 0) != LDAP_SUCCESS ||
	    !(page = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, ctrls, NULL)) ||
	    ldap_parse_pageresponse_control(c->ld, page, &estimate, cookie) != LDAP_SUCCESS)
		rc = cadcom__error(CADCOM_EPROTO, -1,
				   "%s: LDAP %s %s: the answer lacks a valid paged results control",
				   c->host, op, base);
	ldap_controls_free(ctrls);
	return rc;
}

int cadcom__ldap_search(struct ldap_conn *c, const char *base, int scope, const char *filter,
			const char *const *attrs, ldap_entry_fn *fn, void *arg)
{
	/* A base search finds one entry at most: no paging. */
	bool paged = scope != LDAP_SCOPE_BASE;
	struct berval cookie = { 0, NULL };
	char op[200];
	int rc;

	if (!c || !base || !filter || !fn)
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP search: NULL argument");
	snprintf(op, sizeof(op), "search for %s under", filter);
	do {
		LDAPControl *page = NULL;
		LDAPMessage *res = NULL;
		int lrc;

		if (paged && (lrc = ldap_create_page_control(c->ld, PAGE_SIZE, &cookie, 1, &page))) {
			rc = fail(c, lrc, op, base, OPERATION);
			break;
		}
		rc = search_once(c, op, base, scope, filter, attrs, page, &res);
		ldap_control_free(page);
		ber_memfree(cookie.bv_val);
		cookie = (struct berval){ 0, NULL };
		if (!rc && paged)
			rc = next_cookie(c, res, op, base, &cookie);
		if (!rc)
			rc = each_entry(c, res, !paged, op, base, fn, arg);
		ldap_msgfree(res);
	} while (!rc && cookie.bv_len);
	/* When `fn` stops early the server keeps the search's state until the
	 * connection ends (RFC 2696's page size 0 would release it: libldap
	 * refuses to encode it, Samba 4.17 answers it with 12). */
	ber_memfree(cookie.bv_val);
	return rc;
}

/* ---- range retrieval ------------------------------------------------------- */

struct ranged {
	const struct ldap_conn *c;
	const char *dn, *attr;
	ldap_value_fn *fn;
	void *arg;
	unsigned long first; /* where the next range must start */
	bool done;
};

/* Take the range "LOW-HIGH" or "LOW-*" the server answered (after
 * ";range=") and move past it; false when it is malformed or does not
 * start where we asked. */
static bool range_next(const char *range, struct ranged *r)
{
	unsigned long low, high;
	int n = 0, m = 0;

	if (sscanf(range, "%lu-%n", &low, &n) != 1 || !n || low != r->first)
		return false;
	if (!strcmp(range + n, "*"))
		return r->done = true;
	if (sscanf(range + n, "%lu%n", &high, &m) != 1 || range[n + m] || high < low)
		return false;
	r->first = high + 1;
	return true;
}

static int range_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t count)
{
	struct ranged *r = arg;

	(void)dn;
	for (size_t i = 0; i < count; i++) {
		const char *range = NULL;
		int rc;

		if (!same_attr(attrs[i].name, r->attr))
			continue;
		for (const char *p = strchr(attrs[i].name, ';'); p && !range; p = strchr(p + 1, ';'))
			if (!strncasecmp(p + 1, "range=", 6))
				range = p + 7;
		/* No range option: the server sent every value at once. */
		r->done = !range;
		if (range && !range_next(range, r))
			return cadcom__error(CADCOM_EPROTO, -1,
					     "%s: LDAP range retrieval of %s of %s: asked from value "
					     "%lu, the server answered %s",
					     r->c->host, r->attr, r->dn, r->first, attrs[i].name);
		for (struct berval **v = attrs[i].values; *v; v++)
			if ((rc = r->fn(r->arg, *v)))
				return rc;
		return 0;
	}
	r->done = true; /* the attribute has no (more) values */
	return 0;
}

int cadcom__ldap_values_ranged(struct ldap_conn *c, const char *dn, const char *attr,
			       unsigned step, ldap_value_fn *fn, void *arg)
{
	struct ranged r = { c, dn, attr, fn, arg, 0, false };
	char want[200];
	int rc = 0;

	if (!c || !dn || !attr || !fn)
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP range retrieval: NULL argument");
	while (!rc && !r.done) {
		const char *attrs[] = { want, NULL };
		int n = step ? snprintf(want, sizeof(want), "%s;range=%lu-%lu", attr, r.first,
					r.first + step - 1)
			     : snprintf(want, sizeof(want), "%s;range=%lu-*", attr, r.first);

		if (n < 0 || (size_t)n >= sizeof(want))
			return cadcom__error(CADCOM_EINVAL, -1, "LDAP: attribute name %.64s... too long",
					     attr);
		r.done = true; /* unless the answer says there is more */
		rc = cadcom__ldap_search(c, dn, LDAP_SCOPE_BASE, "(objectClass=*)", attrs,
					 range_entry, &r);
	}
	return rc;
}

/* ---- changes ------------------------------------------------------------- */

/* The outcome of change `msgid` sent (lrc: how sending went), as
 * ldap_*_ext_s() would give it but for a notice of success, which is no
 * result (no_result). */
static int changed(struct ldap_conn *c, int lrc, int msgid, const char *op, const char *dn)
{
	LDAPMessage *res = NULL;

	if (lrc == LDAP_SUCCESS) {
		if (ldap_result(c->ld, msgid, LDAP_MSG_ALL, NULL, &res) <= 0 || !res) {
			lrc = LDAP_OTHER;
			ldap_get_option(c->ld, LDAP_OPT_RESULT_CODE, &lrc);
			ldap_msgfree(res);
			if (lrc == LDAP_SUCCESS)
				return no_result(c, op, dn);
		} else {
			int err = LDAP_OTHER;
			/* freed; the diagnostic stays for fail() */
			lrc = ldap_parse_result(c->ld, res, &err, NULL, NULL, NULL, NULL, 1);
			if (lrc == LDAP_SUCCESS)
				lrc = err;
		}
	}
	return lrc == LDAP_SUCCESS ? 0 : fail(c, lrc, op, dn, OPERATION);
}

int cadcom__ldap_add(struct ldap_conn *c, const char *dn, LDAPMod **attrs)
{
	int rc, msgid = -1;

	if (!c || !dn || !attrs)
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP add: NULL argument");
	if ((rc = connected(c, "add", dn)))
		return rc;
	c->ops++;
	rc = ldap_add_ext(c->ld, dn, attrs, NULL, NULL, &msgid);
	return changed(c, rc, msgid, "add", dn);
}

int cadcom__ldap_modify(struct ldap_conn *c, const char *dn, LDAPMod **mods)
{
	int rc, msgid = -1;

	if (!c || !dn || !mods)
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP modify: NULL argument");
	if ((rc = connected(c, "modify", dn)))
		return rc;
	c->ops++;
	rc = ldap_modify_ext(c->ld, dn, mods, NULL, NULL, &msgid);
	return changed(c, rc, msgid, "modify", dn);
}

int cadcom__ldap_delete(struct ldap_conn *c, const char *dn)
{
	int rc, msgid = -1;

	if (!c || !dn)
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP delete: NULL argument");
	if ((rc = connected(c, "delete", dn)))
		return rc;
	c->ops++;
	rc = ldap_delete_ext(c->ld, dn, NULL, NULL, &msgid);
	return changed(c, rc, msgid, "delete", dn);
}

/* ---- rootDSE --------------------------------------------------------------- */

#define DSE_STRING(name, field) { name, offsetof(struct ldap_rootdse, field), true }
#define DSE_LEVEL(name, field) { name, offsetof(struct ldap_rootdse, field), false }

static const struct {
	const char *name;
	size_t off;
	bool string;
} dse_fields[] = {
	DSE_STRING("defaultNamingContext", default_nc),
	DSE_STRING("configurationNamingContext", config_nc),
	DSE_STRING("schemaNamingContext", schema_nc),
	DSE_STRING("rootDomainNamingContext", root_domain_nc),
	DSE_STRING("dnsHostName", dns_host_name),
	DSE_STRING("serverName", server_name),
	DSE_STRING("dsServiceName", ds_service_name),
	DSE_LEVEL("domainFunctionality", domain_level),
	DSE_LEVEL("forestFunctionality", forest_level),
	DSE_LEVEL("domainControllerFunctionality", dc_level),
};

static int dse_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t count)
{
	struct ldap_rootdse *r = arg;
	struct berval **v;

	(void)dn;
	for (size_t i = 0; i < ARRAY_SIZE(dse_fields); i++) {
		void *field = (char *)r + dse_fields[i].off;

		if (!(v = cadcom__ldap_attr_values(attrs, count, dse_fields[i].name)) || !v[0])
			continue;
		if (!dse_fields[i].string)
			*(int *)field = atoi(v[0]->bv_val); /* libldap ends values with a NUL */
		else if (!(*(char **)field = strndup(v[0]->bv_val, v[0]->bv_len)))
			return cadcom__enomem();
	}
	v = cadcom__ldap_attr_values(attrs, count, "isGlobalCatalogReady");
	r->global_catalog_ready = v && v[0] && !strcasecmp(v[0]->bv_val, "TRUE");
	return 0;
}

int cadcom__ldap_rootdse(struct ldap_conn *c, struct ldap_rootdse *out)
{
	const char *attrs[ARRAY_SIZE(dse_fields) + 2] = { NULL };
	int rc;

	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "LDAP rootDSE: NULL argument");
	*out = (struct ldap_rootdse){ .domain_level = -1, .forest_level = -1, .dc_level = -1 };
	for (size_t i = 0; i < ARRAY_SIZE(dse_fields); i++)
		attrs[i] = dse_fields[i].name;
	attrs[ARRAY_SIZE(dse_fields)] = "isGlobalCatalogReady";
	if ((rc = cadcom__ldap_search(c, "", LDAP_SCOPE_BASE, "(objectClass=*)", attrs, dse_entry,
				      out)))
		cadcom__ldap_rootdse_clear(out);
	return rc;
}

void cadcom__ldap_rootdse_clear(struct ldap_rootdse *r)
{
	if (!r)
		return;
	free(r->default_nc);
	free(r->config_nc);
	free(r->schema_nc);
	free(r->root_domain_nc);
	free(r->dns_host_name);
	free(r->server_name);
	free(r->ds_service_name);
	*r = (struct ldap_rootdse){ .domain_level = -1, .forest_level = -1, .dc_level = -1 };
}
