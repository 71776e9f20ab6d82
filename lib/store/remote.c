/*
 * Remote targets (remote.h): the registry back-end over winreg; the
 * directory is the computer's SAM (sam.c).  The registry back-end owns the
 * SMB session: cadcom_target_free() frees the registry before the
 * directory, which frees nothing of the session.  A reconnect puts a new
 * session under both.
 *
 * Only HKEY_LOCAL_MACHINE is reached (everything the CA fix touches is
 * there).  The most recently opened key stays open: the fix reads or
 * writes several values of one key in a row (four Ole values, two AppID
 * values), and each of them then costs one round trip instead of three.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "store.h"
#include "../rpc/winreg.h"
#include "../auth/auth.h"

#define ROOT "HKEY_LOCAL_MACHINE"

struct remote {
	struct rpc_session *s;
	struct rpc_conn *c;
	struct rpc_handle hklm;
	char *open_path; /* the key kept open (relative to HKLM), or NULL */
	uint32_t open_access;
	struct rpc_handle open_h;
	/* What a reconnect needs besides the host, which the session has. */
	const struct cadcom_credentials *cred;
	cadcom_remote_options opts;
	struct rpc_stats past; /* the sessions before this one, added up */
#ifdef CADCOM_TEST_HOOKS
	int fault; /* the CADCOM__FAULT_* kind last armed */
#endif
};

enum { READ = WINREG_KEY_READ, WRITE = WINREG_KEY_READ | WINREG_KEY_WRITE };

/* The path below HKLM ("" for HKLM itself), or an error for other roots. */
static int relative(const char *key, const char **rel)
{
	size_t n = strlen(ROOT);

	if (strncasecmp(key, ROOT, n) || (key[n] && key[n] != '\\'))
		return cadcom__error(CADCOM_EUNSUPPORTED, -1,
				     "remote registry: only HKEY_LOCAL_MACHINE is reachable, not %s", key);
	*rel = key[n] ? key + n + 1 : "";
	return 0;
}

static void close_kept(struct remote *r)
{
	if (r->open_path) {
		/* A failure here leaves a handle the server frees with the pipe. */
		winreg_close_key(r->c, &r->open_h);
		free(r->open_path);
		r->open_path = NULL;
	}
}

/* A handle on `key` with at least `access`, kept open for the next call;
 * `create` makes the key (and parents) when missing. */
static int key_handle(struct remote *r, const char *key, uint32_t access, bool create,
		      const struct rpc_handle **out)
{
	const char *rel;
	struct rpc_handle h;
	int rc;

	if ((rc = relative(key, &rel)))
		return rc;
	if (!*rel) {
		*out = &r->hklm;
		return 0;
	}
	if (r->open_path && !strcasecmp(r->open_path, rel) && (r->open_access & access) == access) {
		*out = &r->open_h;
		return 0;
	}
	rc = create ? winreg_create_key(r->c, &r->hklm, rel, access, &h)
		    : winreg_open_key(r->c, &r->hklm, rel, access, &h);
	if (rc)
		return rc;
	close_kept(r);
	if (!(r->open_path = cadcom__strdup(rel))) {
		winreg_close_key(r->c, &h);
		return cadcom__enomem();
	}
	r->open_h = h;
	r->open_access = access;
	*out = &r->open_h;
	return 0;
}

static int r_get(void *impl, const char *key, const char *name, int *type, unsigned char **out,
		 size_t *len)
{
	const struct rpc_handle *h;
	int rc;

	if ((rc = key_handle(impl, key, READ, false, &h)))
		return rc;
	return winreg_query_value(((struct remote *)impl)->c, h, name, type, out, len);
}

static int r_set(void *impl, const char *key, const char *name, int type,
		 const unsigned char *data, size_t len)
{
	const struct rpc_handle *h;
	int rc;

	if ((rc = key_handle(impl, key, WRITE, true, &h)))
		return rc;
	return winreg_set_value(((struct remote *)impl)->c, h, name, type, data, len);
}

static int r_delete_value(void *impl, const char *key, const char *name)
{
	const struct rpc_handle *h;
	int rc;

	if ((rc = key_handle(impl, key, WRITE, false, &h)))
		return rc;
	return winreg_delete_value(((struct remote *)impl)->c, h, name);
}

static int r_create_key(void *impl, const char *key)
{
	const struct rpc_handle *h;

	return key_handle(impl, key, WRITE, true, &h);
}

static int r_key_exists(void *impl, const char *key)
{
	const struct rpc_handle *h;
	int rc = key_handle(impl, key, READ, false, &h);

	return rc == CADCOM_ENOTFOUND ? 0 : rc ? rc : 1;
}

/* winreg deletes only keys without subkeys: children first. */
static int delete_tree(struct remote *r, struct strbuf *path)
{
	struct rpc_handle h;
	char *child;
	size_t len = path->len;
	int rc;

	if ((rc = winreg_open_key(r->c, &r->hklm, path->buf, READ, &h)))
		return rc;
	while (!(rc = winreg_enum_key(r->c, &h, 0, &child))) {
		sb_printf(path, "\\%s", child);
		free(child);
		if (path->failed)
			rc = cadcom__enomem();
		else
			rc = delete_tree(r, path);
		path->len = len;
		path->buf[len] = '\0';
		if (rc)
			break;
	}
	winreg_close_key(r->c, &h);
	if (rc != CADCOM_ENOTFOUND)
		return rc;
	{
		char *leaf = strrchr(path->buf, '\\');
		struct rpc_handle parent;

		if (!leaf)
			return winreg_delete_key(r->c, &r->hklm, path->buf);
		*leaf = '\0';
		rc = winreg_open_key(r->c, &r->hklm, path->buf, WRITE, &parent);
		*leaf = '\\';
		if (rc)
			return rc;
		rc = winreg_delete_key(r->c, &parent, leaf + 1);
		winreg_close_key(r->c, &parent);
		return rc;
	}
}

static int r_delete_key(void *impl, const char *key)
{
	struct remote *r = impl;
	struct strbuf path = { 0 };
	const char *rel;
	int rc;

	if ((rc = relative(key, &rel)))
		return rc;
	if (!*rel)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: %s cannot be deleted", ROOT);
	close_kept(r);
	sb_puts(&path, rel);
	rc = path.failed ? cadcom__enomem() : delete_tree(r, &path);
	free(path.buf);
	return rc;
}

static int r_subkey(void *impl, const char *key, size_t index, char **out)
{
	const struct rpc_handle *h;
	int rc;

	if (index > UINT32_MAX)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "registry: no subkey %zu", index);
	if ((rc = key_handle(impl, key, READ, false, &h)))
		return rc;
	return winreg_enum_key(((struct remote *)impl)->c, h, (uint32_t)index, out);
}

static int r_value_name(void *impl, const char *key, size_t index, char **out)
{
	const struct rpc_handle *h;
	int rc;

	if (index > UINT32_MAX)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "registry: no value %zu", index);
	if ((rc = key_handle(impl, key, READ, false, &h)))
		return rc;
	return winreg_enum_value(((struct remote *)impl)->c, h, (uint32_t)index, out);
}

static int r_security(void *impl, const char *key, unsigned char **out, size_t *len)
{
	const struct rpc_handle *h;
	int rc;

	if ((rc = key_handle(impl, key, READ, false, &h)))
		return rc;
	return winreg_get_key_security(((struct remote *)impl)->c, h, out, len);
}

/* Open `key` for writing — or, when it does not exist yet, the nearest
 * ancestor that does, for creating it: the server's own access check.  The
 * handle stays open for the writes that follow.  A refusal names the key
 * and its descriptor (when these credentials may read it). */
static int r_writable(void *impl, const char *key)
{
	char *path = cadcom__strdup(key), *cut, *sddl = NULL;
	const struct rpc_handle *h;
	cadcom_sd *sd = NULL;
	unsigned char *bytes = NULL;
	size_t len;
	int rc;

	if (!path)
		return cadcom__enomem();
	while ((rc = key_handle(impl, path, WRITE, false, &h)) == CADCOM_ENOTFOUND &&
	       (cut = strrchr(path, '\\')))
		*cut = '\0';
	if (rc == CADCOM_EACCESS) {
		if (r_security(impl, path, &bytes, &len) == 0 &&
		    cadcom_sd_from_bytes(&sd, bytes, len) == 0)
			cadcom_sd_to_sddl(sd, NULL, CADCOM_WINDOWS_LATEST, &sddl);
		rc = cadcom__error(CADCOM_EACCESS, -1,
				   "%s: these credentials may not write this key%s%s%s", path,
				   sddl ? " (its descriptor: " : "", sddl ? sddl : "", sddl ? ")" : "");
	}
	cadcom_free(sddl);
	cadcom_sd_free(sd);
	free(bytes);
	free(path);
	return rc;
}

/* No CloseKey for the kept key and HKLM: closing the pipe releases every
 * handle on it (context handle rundown), one round trip each saved. */
static void r_free(void *impl)
{
	struct remote *r = impl;

	free(r->open_path);
	rpc_session_free(r->s);
	cadcom_credentials_free((struct cadcom_credentials *)r->cred);
	free(r);
}

static const struct registry_ops remote_ops = {
	.get = r_get,
	.set = r_set,
	.delete_value = r_delete_value,
	.create_key = r_create_key,
	.delete_key = r_delete_key,
	.key_exists = r_key_exists,
	.subkey = r_subkey,
	.value_name = r_value_name,
	.security = r_security,
	.writable = r_writable,
	.free = r_free,
};

/* ---- the target ---------------------------------------------------------- */

int cadcom_remote_options_init(cadcom_remote_options *opts, unsigned int version)
{
	if (!opts || version != CADCOM_REMOTE_OPTIONS_VERSION)
		return cadcom__error(CADCOM_EINVAL, -1, "remote options: unknown version %u", version);
	*opts = (cadcom_remote_options){ .version = version };
	return 0;
}

int cadcom_target_open_remote(cadcom_target **out, const char *host,
			      const cadcom_credentials *cred, const cadcom_remote_options *opts)
{
	cadcom_remote_options defaults;
	struct cadcom_target *t;
	struct remote *r;
	int rc;

	if (!out || !host || !*host || !cred)
		return cadcom__error(CADCOM_EINVAL, -1, "remote target: NULL argument");
	if (!opts) {
		cadcom_remote_options_init(&defaults, CADCOM_REMOTE_OPTIONS_VERSION);
		opts = &defaults;
	}
	if (opts->version != CADCOM_REMOTE_OPTIONS_VERSION || opts->encryption < 0 ||
	    opts->encryption > CADCOM_SMB_ENCRYPT_REQUIRE)
		return cadcom__error(CADCOM_EINVAL, -1, "remote target: invalid options");
	t = calloc(1, sizeof(*t));
	r = calloc(1, sizeof(*r));
	if (t) {
		t->reg = calloc(1, sizeof(*t->reg));
		t->dir = calloc(1, sizeof(*t->dir));
	}
	if (!t || !r || !t->reg || !t->dir) {
		if (t) {
			free(t->reg);
			free(t->dir);
		}
		free(t);
		free(r);
		return cadcom__enomem();
	}
	t->reg->ops = &remote_ops;
	t->reg->impl = r;
	r->cred = cadcom__credentials_ref(cred);
	r->opts = *opts;
	if ((rc = rpc_session_open(&r->s, host, cred, opts)) ||
	    (rc = cadcom__directory_sam(r->s, t->dir)) ||
	    (rc = rpc_session_pipe(r->s, &rpc_winreg, &r->c)) ||
	    (rc = winreg_open_hklm(r->c, WINREG_MAXIMUM_ALLOWED, &r->hklm))) {
		if (!t->dir->ops) {
			free(t->dir);
			t->dir = NULL;
		}
		cadcom_target_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

static struct remote *remote_of(const cadcom_target *t)
{
	return t && t->reg && t->reg->ops == &remote_ops ? t->reg->impl : NULL;
}

struct rpc_session *cadcom__target_session(const cadcom_target *t)
{
	struct remote *r = remote_of(t);

	return r ? r->s : NULL;
}

/* The statistics of every session the target has had. */
static struct rpc_stats stats(const struct remote *r)
{
	const struct rpc_stats *now = rpc_session_stats(r->s);

	return (struct rpc_stats){ .calls = r->past.calls + now->calls,
				   .frags_sent = r->past.frags_sent + now->frags_sent,
				   .frags_received = r->past.frags_received + now->frags_received,
				   .writes = r->past.writes + now->writes };
}

int cadcom_target_rpc_stats(const cadcom_target *t, uint64_t *calls, uint64_t *frags_sent,
			    uint64_t *frags_received)
{
	struct remote *r = remote_of(t);
	struct rpc_stats st;

	if (!r)
		return cadcom__error(CADCOM_EINVAL, -1, "RPC statistics: not a remote target");
	st = stats(r);
	if (calls)
		*calls = st.calls;
	if (frags_sent)
		*frags_sent = st.frags_sent;
	if (frags_received)
		*frags_received = st.frags_received;
	return 0;
}

int cadcom__target_writes(const cadcom_target *t, uint64_t *writes)
{
	struct remote *r = remote_of(t);

	if (!r || !writes)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "write count: NULL argument, or not a remote target");
	*writes = stats(r).writes;
	return 0;
}

bool cadcom__error_is_connection(int code)
{
	return code == CADCOM_ECONNECT || code == CADCOM_EIO || code == CADCOM_ETIMEOUT;
}

/* ---- reconnecting, and dropping the connection in tests ------------------ */

#ifdef CADCOM_TEST_HOOKS
int cadcom__target_fault(cadcom_target *t, int kind, unsigned n)
{
	struct remote *r = remote_of(t);
	struct rpc_fault *f;

	if (!r || kind < CADCOM__FAULT_NONE || kind > CADCOM__FAULT_REFUSE ||
	    (kind != CADCOM__FAULT_NONE && !n))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "fault injection: kind %d at write %u%s", kind, n,
				     r ? "" : " on a target that is not remote");
	f = rpc_session_fault(r->s);
	f->left = kind == CADCOM__FAULT_NONE ? 0 : n;
	f->before = kind == CADCOM__FAULT_BEFORE;
	r->fault = kind;
	return 0;
}

/* A REFUSE drop that struck refuses every reconnect until it is cleared
 * (the session it struck stays the target's while reconnects fail). */
static int refused(const struct remote *r)
{
	if (r->fault == CADCOM__FAULT_REFUSE && rpc_session_fault(r->s)->dropped)
		return cadcom__error(CADCOM_ECONNECT, -1,
				     "%s: the connection is refused (fault injection)",
				     rpc_session_host(r->s));
	return 0;
}

/* A drop armed and not struck yet goes on counting in the new session. */
static void carry_fault(struct remote *r, struct rpc_session *s)
{
	const struct rpc_fault *old = rpc_session_fault(r->s);
	struct rpc_fault *f = rpc_session_fault(s);

	f->left = old->left;
	f->before = old->before;
}
#else
static int refused(const struct remote *r)
{
	(void)r;
	return 0;
}

static void carry_fault(struct remote *r, struct rpc_session *s)
{
	(void)r, (void)s;
}
#endif

int cadcom__target_reconnect(cadcom_target *t)
{
	struct remote *r = remote_of(t);
	struct rpc_session *s = NULL;
	struct rpc_conn *c;
	struct rpc_handle hklm;
	int rc;

	if (!r)
		return cadcom__error(CADCOM_EUNSUPPORTED, -1, "reconnect: not a remote target");
	if ((rc = refused(r)) ||
	    (rc = rpc_session_open(&s, rpc_session_host(r->s), r->cred, &r->opts)) ||
	    (rc = rpc_session_pipe(s, &rpc_winreg, &c)) ||
	    (rc = winreg_open_hklm(c, WINREG_MAXIMUM_ALLOWED, &hklm))) {
		rpc_session_free(s);
		return rc;
	}
	carry_fault(r, s);
	r->past = stats(r);
	/* The kept key's handle was the old pipe's: no CloseKey to send. */
	free(r->open_path);
	r->open_path = NULL;
	cadcom__directory_sam_move(t->dir, s);
	rpc_session_free(r->s);
	r->s = s;
	r->c = c;
	r->hklm = hklm;
	return 0;
}
