/*
 * libcadcom — the back-end interfaces behind registry.h and directory.h
 * (never installed).  Each back-end fills one ops table; the public functions
 * check their arguments, normalise keys and set errors for NULLs, then call
 * through the table.  Back-ends set their own errors (cadcom__error) for
 * everything else.
 */
#ifndef CADCOM_STORE_H
#define CADCOM_STORE_H

#include "../core/internal.h"
#include "cadcom/registry.h"
#include "cadcom/directory.h"
#include "cadcom/regfile.h"
#include "cadcom/target.h"
#include "cadcom/token.h"

/* Keys reach back-ends normalised: "HKEY_LOCAL_MACHINE\A\B" — HKLM\ expanded,
 * no leading, trailing or doubled backslashes.  Names are never NULL. */
struct registry_ops {
	int (*get)(void *impl, const char *key, const char *name, int *type, unsigned char **out,
		   size_t *len);
	int (*set)(void *impl, const char *key, const char *name, int type,
		   const unsigned char *data, size_t len);
	int (*delete_value)(void *impl, const char *key, const char *name);
	int (*create_key)(void *impl, const char *key);
	int (*delete_key)(void *impl, const char *key);
	int (*key_exists)(void *impl, const char *key);
	int (*subkey)(void *impl, const char *key, size_t index, char **out);
	int (*value_name)(void *impl, const char *key, size_t index, char **out);
	/* The key's security descriptor, self-relative; NULL when the
	 * back-end keeps none (memory, .reg files). */
	int (*security)(void *impl, const char *key, unsigned char **out, size_t *len);
	/* Write what was changed where it lasts (offline hives); NULL: every
	 * change already is (memory, remote). */
	int (*commit)(void *impl);
	/* May these credentials change values of `key` (or create it)?  0, or
	 * CADCOM_EACCESS naming the key; NULL: always (memory). */
	int (*writable)(void *impl, const char *key);
	void (*free)(void *impl);
};

struct cadcom_registry {
	const struct registry_ops *ops;
	void *impl;
};

/* "REG_DWORD" for CADCOM_REG_DWORD...: the names of the snapshot and plan
 * formats, indexed by type (NULL for types without one). */
extern const char *const cadcom__reg_type_names[CADCOM_REG_QWORD + 1];

/* Normalise a key path into a new string (NULL and an error when invalid). */
char *cadcom__reg_key_normalize(const char *key);
/* The back-end's `writable` check for `key` (registry_ops): the server's own
 * access check before anything is written.  Nothing is changed. */
int cadcom__registry_writable(cadcom_registry *reg, const char *key);
/* The same for a group's members (directory_ops.writable); 0 when the
 * back-end cannot tell before the change. */
int cadcom__directory_writable(cadcom_directory *dir, const struct cadcom_sid *group);

struct directory_ops {
	int (*add)(void *impl, const struct cadcom_sid *sid, const char *name, int kind, int scope);
	int (*lookup_name)(void *impl, const char *name, struct cadcom_sid *out);
	int (*lookup_sid)(void *impl, const struct cadcom_sid *sid, char **out);
	int (*info)(void *impl, const struct cadcom_sid *sid, int *kind, int *scope);
	int (*create_group)(void *impl, const struct cadcom_sid *domain, const char *name,
			    int scope, struct cadcom_sid *out);
	int (*member)(void *impl, const struct cadcom_sid *group, size_t index,
		      struct cadcom_sid *out);
	int (*is_member)(void *impl, const struct cadcom_sid *group, const struct cadcom_sid *member);
	int (*add_member)(void *impl, const struct cadcom_sid *group, const struct cadcom_sid *member);
	int (*remove_member)(void *impl, const struct cadcom_sid *group,
			     const struct cadcom_sid *member);
	/* May these credentials change the members of `group`?  0, or
	 * CADCOM_EACCESS; NULL: not known before trying (memory, AD). */
	int (*writable)(void *impl, const struct cadcom_sid *group);
	/* NULL: the back-end cannot delete groups (CADCOM_EUNSUPPORTED). */
	int (*delete_group)(void *impl, const struct cadcom_sid *group);
	/* The token of a principal as the directory computes it (AD: tokenGroups);
	 * NULL: cadcom_token_from_directory() computes it from memberships. */
	int (*token)(void *impl, const struct cadcom_sid *sid, int logon, cadcom_token **out);
	/* Memory back-end only (NULL elsewhere): principal `index`, for snapshots. */
	int (*principal)(void *impl, size_t index, struct cadcom_sid *sid, const char **name,
			 int *kind, int *scope);
	void (*free)(void *impl);
};

struct cadcom_directory {
	const struct directory_ops *ops;
	void *impl;
};

struct cadcom_target {
	cadcom_registry *reg;
	cadcom_directory *dir;
};

/* ---- remote targets (remote.c, sam.c, service.c) ---- */
struct rpc_session;
/* The SMB session of a remote target, NULL for the others. */
struct rpc_session *cadcom__target_session(const cadcom_target *t);
/* `dir` becomes the SAM (samr + lsarpc) of the session's computer.  The
 * session must outlive it. */
int cadcom__directory_sam(struct rpc_session *s, cadcom_directory *dir);
/* The SAM directory `dir` goes on over session `s`: it forgets the pipes,
 * handles and members it had from the one before. */
void cadcom__directory_sam_move(cadcom_directory *dir, struct rpc_session *s);

/*
 * Connection errors: the codes after which a remote target's session is
 * gone, or can no longer be trusted, and only cadcom__target_reconnect()
 * goes on —
 *   CADCOM_ECONNECT  the host cannot be reached; the connection was
 *                    dropped; a pipe is unusable because an earlier call
 *                    failed in its middle (whatever that failure was:
 *                    every call after it fails with CADCOM_ECONNECT);
 *   CADCOM_EIO       a read or write on a pipe failed;
 *   CADCOM_ETIMEOUT  no answer in time (also a service that does not
 *                    settle, service.h: reconnecting then costs nothing).
 * A write request that fails with one of them may or may not have been
 * carried out: read the state back after reconnecting.  Every other code
 * is the server's or our own answer on a working connection — except
 * CADCOM_EPROTO (a reply that breaks the protocol), which may also leave
 * the pipe out of step: the next call on it then says CADCOM_ECONNECT.
 */
bool cadcom__error_is_connection(int code);

/*
 * Reconnect remote target `t`: a new SMB session to the same host with the
 * same credentials and options, winreg bound and HKLM opened again, the
 * SAM directory moved onto it; then the old session is freed (with what
 * cadcom__target_session() returned before).  Every handle and pipe of
 * the old session is gone (a key kept open, samr's domains: they are
 * opened again on use).  On failure `t` keeps its old session (after a
 * drop every call on it goes on failing with CADCOM_ECONNECT): call this
 * again, or free it.  CADCOM_EUNSUPPORTED for a target that is not remote.
 */
int cadcom__target_reconnect(cadcom_target *t);

/* The write requests (RPC calls that change state on the server: winreg
 * CreateKey, DeleteKey, DeleteValue, SetKeySecurity, SetValue; samr
 * CreateAliasInDomain, DeleteAlias, AddMemberToAlias,
 * RemoveMemberFromAlias; svcctl ControlService, StartServiceW) remote
 * target `t` has sent so far, over all its sessions.  CADCOM_EINVAL for a
 * target that is not remote, as cadcom_target_rpc_stats(). */
int cadcom__target_writes(const cadcom_target *t, uint64_t *writes);

#ifdef CADCOM_TEST_HOOKS
/* Fault injection: only in the test library (lib/libcadcom_test.la). */
enum {
	CADCOM__FAULT_NONE = 0,
	CADCOM__FAULT_BEFORE = 1,
	CADCOM__FAULT_AFTER = 2,
	CADCOM__FAULT_REFUSE = 3
};
/*
 * Drop the connection of remote target `t` at its n-th write request
 * (n >= 1, counted from this call, across reconnects).  BEFORE: that
 * request is never sent; AFTER: it is sent, then the connection drops
 * before its reply is read (the server acts on it; the caller cannot
 * know); REFUSE: as AFTER, and every later reconnect is refused with
 * CADCOM_ECONNECT.  The request fails with CADCOM_ECONNECT, and so does
 * every later call on the session, until cadcom__target_reconnect().
 * NONE clears what is armed and lets reconnects through again.
 * CADCOM_EINVAL for another kind, n = 0 with a kind, or a target that is
 * not remote.
 */
int cadcom__target_fault(cadcom_target *t, int kind, unsigned n);
#endif

/* ---- JSON (json_where.c) ---- */
struct json_t;
/* Parse `len` bytes of JSON from `source` into *root.  More than `max_mib`
 * MiB is CADCOM_ELIMIT ("the `what` is N bytes, more than the limit...");
 * a NUL byte, a key given twice or a syntax error is CADCOM_EPARSE
 * "SOURCE:LINE:COLUMN: ..." with the byte offset. */
int cadcom__json_load(const char *json, size_t len, const char *source, const char *what,
		      unsigned max_mib, struct json_t **root);
/* `root` (consumed) as indented JSON text in key order, for cadcom_free(). */
int cadcom__json_dump(struct json_t *root, char **out);
/* The first key of object `obj` not in `known` (NULL-terminated), or NULL:
 * readers refuse misspelt fields instead of ignoring them. */
const char *cadcom__json_unknown_key(struct json_t *obj, const char *const *known);
/* Bytes as a lower-case hex string value (NULL when out of memory). */
struct json_t *cadcom__json_hex(const unsigned char *data, size_t len);

/* Record an error for the value at `path` ("registry[0].values[2].type") of
 * the JSON text: "SOURCE:LINE: PATH: message".  The line is found by walking
 * the (already valid) text; 0 when the path is not there.  Returns `code`. */
int cadcom__json_error(int code, const char *source, const char *text, size_t len,
		       const char *path, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
