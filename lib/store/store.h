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
	void (*free)(void *impl);
};

struct cadcom_registry {
	const struct registry_ops *ops;
	void *impl;
};

/* Normalise a key path into a new string (NULL and an error when invalid). */
char *cadcom__reg_key_normalize(const char *key);

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

/* ---- JSON input errors (json_where.c) ---- */
/* Record an error for the value at `path` ("registry[0].values[2].type") of
 * the JSON text: "SOURCE:LINE: PATH: message".  The line is found by walking
 * the (already valid) text; 0 when the path is not there.  Returns `code`. */
int cadcom__json_error(int code, const char *source, const char *text, size_t len,
		       const char *path, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

#endif
