/*
 * Offline hive targets (target.h): the registry back-end on a CA's SOFTWARE
 * and SYSTEM hive files through hivex, for a machine that is not running
 * (a disk image, a backup).  HKLM\SOFTWARE\X is X in the SOFTWARE hive;
 * HKLM\SYSTEM\CurrentControlSet\X is ControlSet00N\X in the SYSTEM hive,
 * N from Select\Current (an offline hive has no CurrentControlSet,
 * notes/facts.md §10).
 *
 * Changes stay in memory until cadcom_target_commit(), which writes each
 * changed hive to FILE.tmp and renames it over FILE: a failure leaves the
 * old file whole.  The directory is an empty memory directory (the SAM is
 * another hive, and a CA's groups live in it or in AD).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <hivex.h>
#include "store.h"

#define HKLM "HKEY_LOCAL_MACHINE"
#define CURRENT_CONTROL_SET "CurrentControlSet"

enum { SOFTWARE, SYSTEM, NHIVES };
static const char *const hive_names[NHIVES] = { "SOFTWARE", "SYSTEM" };

struct hives {
	hive_h *h[NHIVES];
	char *path[NHIVES];
	bool dirty[NHIVES], write;
	unsigned control_set; /* Select\Current */
};

static int hive_error(const struct hives *hv, int which, const char *what, const char *key)
{
	int e = errno;

	return cadcom__error(e == ENOENT ? CADCOM_ENOTFOUND : e == ENOMEM ? CADCOM_ENOMEM : CADCOM_EIO,
			     -1, "%s: %s %s: %s", hv->path[which], what, key,
			     e ? strerror(e) : "hivex failed");
}

/* The hive holding `key` and the path inside it (in `buf`); *which is -1
 * for HKLM itself.  CADCOM_ENOTFOUND for a key outside the hives given. */
static int locate(const struct hives *hv, const char *key, int *which, char *buf, size_t size)
{
	size_t n = strlen(HKLM);
	const char *rest, *sub;

	if (strncasecmp(key, HKLM, n) || (key[n] && key[n] != '\\'))
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "offline hives hold HKEY_LOCAL_MACHINE only, not %s", key);
	*which = -1;
	if (!key[n])
		return 0;
	rest = key + n + 1;
	for (int i = 0; i < NHIVES; i++) {
		size_t len = strlen(hive_names[i]);

		if (strncasecmp(rest, hive_names[i], len) || (rest[len] && rest[len] != '\\'))
			continue;
		if (!hv->h[i])
			return cadcom__error(CADCOM_ENOTFOUND, -1, "%s: no %s hive was given", key,
					     hive_names[i]);
		*which = i;
		sub = rest[len] ? rest + len + 1 : "";
		if (i == SYSTEM && !strncasecmp(sub, CURRENT_CONTROL_SET, strlen(CURRENT_CONTROL_SET)) &&
		    (!sub[strlen(CURRENT_CONTROL_SET)] || sub[strlen(CURRENT_CONTROL_SET)] == '\\'))
			n = (size_t)snprintf(buf, size, "ControlSet%03u%s", hv->control_set,
					     sub + strlen(CURRENT_CONTROL_SET));
		else
			n = (size_t)snprintf(buf, size, "%s", sub);
		if (n >= size)
			return cadcom__error(CADCOM_ELIMIT, -1, "%s: key path too long", key);
		return 0;
	}
	return cadcom__error(CADCOM_ENOTFOUND, -1, "%s: not in the SOFTWARE or SYSTEM hive", key);
}

/* The node of `path` in hive `which` (0 when missing and not `create`). */
static int walk(struct hives *hv, int which, const char *path, bool create, hive_node_h *out)
{
	hive_h *h = hv->h[which];
	hive_node_h node = hivex_root(h);
	char *copy = cadcom__strdup(path), *save = NULL;
	int rc = copy ? 0 : cadcom__enomem();

	for (char *part = copy ? strtok_r(copy, "\\", &save) : NULL; part && !rc && node;
	     part = strtok_r(NULL, "\\", &save)) {
		hive_node_h child;

		errno = 0;
		child = hivex_node_get_child(h, node, part);
		if (!child && errno) {
			rc = hive_error(hv, which, "reading", path);
		} else if (!child && create) {
			if (!(child = hivex_node_add_child(h, node, part)))
				rc = hive_error(hv, which, "creating", path);
			hv->dirty[which] = true;
		}
		node = child;
	}
	free(copy);
	*out = rc ? 0 : node;
	return rc;
}

static int writable(const struct hives *hv, const char *key)
{
	return hv->write ? 0
			 : cadcom__error(CADCOM_EACCESS, -1,
					 "%s: the hives were opened read-only", key);
}

static int h_writable(void *impl, const char *key)
{
	return writable(impl, key);
}

/* The key's node; CADCOM_ENOTFOUND when it does not exist. */
static int node_of(struct hives *hv, const char *key, int *which, hive_node_h *node)
{
	char path[4096];
	int rc;

	if ((rc = locate(hv, key, which, path, sizeof(path))))
		return rc;
	if (*which < 0)
		return cadcom__error(CADCOM_EUNSUPPORTED, -1, "%s: the hives' parent holds no values",
				     key);
	if ((rc = walk(hv, *which, path, false, node)))
		return rc;
	return *node ? 0 : cadcom__error(CADCOM_ENOTFOUND, -1, "%s: no such key", key);
}

static int h_get(void *impl, const char *key, const char *name, int *type, unsigned char **out,
		 size_t *len)
{
	struct hives *hv = impl;
	hive_node_h node;
	hive_value_h val;
	hive_type t;
	char *data;
	int which, rc;

	if ((rc = node_of(hv, key, &which, &node)))
		return rc;
	errno = 0;
	if (!(val = hivex_node_get_value(hv->h[which], node, name)))
		return errno ? hive_error(hv, which, "reading", key)
			     : cadcom__error(CADCOM_ENOTFOUND, -1, "%s: no value \"%s\"", key, name);
	if (!(data = hivex_value_value(hv->h[which], val, &t, len)))
		return hive_error(hv, which, "reading a value of", key);
	if (type)
		*type = (int)t;
	*out = (unsigned char *)data;
	return 0;
}

static int h_set(void *impl, const char *key, const char *name, int type, const unsigned char *data,
		 size_t len)
{
	struct hives *hv = impl;
	char path[4096];
	hive_node_h node;
	hive_set_value v = { (char *)name, (hive_type)type, len, (char *)data };
	int which, rc;

	if ((rc = writable(hv, key)) || (rc = locate(hv, key, &which, path, sizeof(path))))
		return rc;
	if (which < 0)
		return cadcom__error(CADCOM_EUNSUPPORTED, -1, "%s: the hives' parent holds no values",
				     key);
	if ((rc = walk(hv, which, path, true, &node)))
		return rc;
	if (hivex_node_set_value(hv->h[which], node, &v, 0))
		return hive_error(hv, which, "writing a value of", key);
	hv->dirty[which] = true;
	return 0;
}

static void free_values(hive_set_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

/* hivex has no call to delete one value: write the others back. */
static int h_delete_value(void *impl, const char *key, const char *name)
{
	struct hives *hv = impl;
	hive_node_h node;
	hive_value_h *vals;
	hive_set_value *keep = NULL;
	size_t n = 0, kept = 0;
	bool found = false;
	int which, rc;

	if ((rc = writable(hv, key)) || (rc = node_of(hv, key, &which, &node)))
		return rc;
	if (!(vals = hivex_node_values(hv->h[which], node)))
		return hive_error(hv, which, "reading the values of", key);
	while (vals[n])
		n++;
	if (n && !(keep = calloc(n, sizeof(*keep))))
		rc = cadcom__enomem();
	for (size_t i = 0; !rc && i < n; i++) {
		hive_set_value *v = &keep[kept];
		hive_type t;

		if (!(v->key = hivex_value_key(hv->h[which], vals[i])) ||
		    !(v->value = hivex_value_value(hv->h[which], vals[i], &t, &v->len))) {
			rc = hive_error(hv, which, "reading the values of", key);
			kept++;
			break;
		}
		v->t = t;
		if (!strcasecmp(v->key, name) && !found) {
			found = true;
			free(v->key);
			free(v->value);
			*v = (hive_set_value){ 0 };
		} else {
			kept++;
		}
	}
	free(vals);
	if (!rc && !found)
		rc = cadcom__error(CADCOM_ENOTFOUND, -1, "%s: no value \"%s\"", key, name);
	if (!rc && hivex_node_set_values(hv->h[which], node, kept, keep, 0))
		rc = hive_error(hv, which, "deleting a value of", key);
	if (!rc)
		hv->dirty[which] = true;
	free_values(keep, kept);
	return rc;
}

static int h_create_key(void *impl, const char *key)
{
	struct hives *hv = impl;
	char path[4096];
	hive_node_h node;
	int which, rc;

	if ((rc = writable(hv, key)) || (rc = locate(hv, key, &which, path, sizeof(path))))
		return rc;
	return which < 0 ? 0 : walk(hv, which, path, true, &node);
}

static int h_delete_key(void *impl, const char *key)
{
	struct hives *hv = impl;
	hive_node_h node;
	int which, rc;

	if ((rc = writable(hv, key)) || (rc = node_of(hv, key, &which, &node)))
		return rc;
	if (node == hivex_root(hv->h[which]))
		return cadcom__error(CADCOM_EINVAL, -1, "%s: a hive's root cannot be deleted", key);
	if (hivex_node_delete_child(hv->h[which], node))
		return hive_error(hv, which, "deleting", key);
	hv->dirty[which] = true;
	return 0;
}

static int h_key_exists(void *impl, const char *key)
{
	struct hives *hv = impl;
	char path[4096];
	hive_node_h node;
	int which, rc = locate(hv, key, &which, path, sizeof(path));

	if (rc == CADCOM_ENOTFOUND) {
		cadcom_error_clear();
		return 0;
	}
	if (rc || which < 0)
		return rc ? rc : 1;
	return (rc = walk(hv, which, path, false, &node)) ? rc : node != 0;
}

static int h_subkey(void *impl, const char *key, size_t index, char **out)
{
	struct hives *hv = impl;
	hive_node_h node, *kids;
	size_t n = 0;
	int which, rc;

	if (!strcasecmp(key, HKLM)) { /* the hives given, as subkeys */
		for (int i = 0; i < NHIVES; i++)
			if (hv->h[i] && n++ == index)
				return (*out = cadcom__strdup(hive_names[i])) ? 0 : cadcom__enomem();
		return cadcom__error(CADCOM_ENOTFOUND, -1, "%s has no subkey %zu", key, index);
	}
	if ((rc = node_of(hv, key, &which, &node)))
		return rc;
	if (!(kids = hivex_node_children(hv->h[which], node)))
		return hive_error(hv, which, "reading the subkeys of", key);
	while (kids[n] && n < index)
		n++;
	rc = kids[n] ? 0 : cadcom__error(CADCOM_ENOTFOUND, -1, "%s has no subkey %zu", key, index);
	if (!rc && !(*out = hivex_node_name(hv->h[which], kids[n])))
		rc = hive_error(hv, which, "reading a subkey of", key);
	free(kids);
	return rc;
}

static int h_value_name(void *impl, const char *key, size_t index, char **out)
{
	struct hives *hv = impl;
	hive_node_h node;
	hive_value_h *vals;
	size_t n = 0;
	int which, rc;

	if ((rc = node_of(hv, key, &which, &node)))
		return rc;
	if (!(vals = hivex_node_values(hv->h[which], node)))
		return hive_error(hv, which, "reading the values of", key);
	while (vals[n] && n < index)
		n++;
	rc = vals[n] ? 0 : cadcom__error(CADCOM_ENOTFOUND, -1, "%s has no value %zu", key, index);
	if (!rc && !(*out = hivex_value_key(hv->h[which], vals[n])))
		rc = hive_error(hv, which, "reading a value of", key);
	free(vals);
	return rc;
}

/* Each changed hive to FILE.tmp, then over FILE. */
static int h_commit(void *impl)
{
	struct hives *hv = impl;

	for (int i = 0; i < NHIVES; i++) {
		char *tmp;

		if (!hv->dirty[i])
			continue;
		if (!(tmp = cadcom__printf("%s.tmp", hv->path[i])))
			return cadcom__enomem();
		if (hivex_commit(hv->h[i], tmp, 0) || rename(tmp, hv->path[i])) {
			int rc = hive_error(hv, i, "writing", tmp);
			remove(tmp);
			free(tmp);
			return rc;
		}
		free(tmp);
		hv->dirty[i] = false;
	}
	return 0;
}

static void h_free(void *impl)
{
	struct hives *hv = impl;

	for (int i = 0; i < NHIVES; i++) {
		if (hv->h[i])
			hivex_close(hv->h[i]);
		free(hv->path[i]);
	}
	free(hv);
}

static const struct registry_ops hive_ops = {
	.get = h_get,
	.set = h_set,
	.delete_value = h_delete_value,
	.create_key = h_create_key,
	.delete_key = h_delete_key,
	.key_exists = h_key_exists,
	.subkey = h_subkey,
	.value_name = h_value_name,
	.commit = h_commit,
	.writable = h_writable,
	.free = h_free,
};

/* Open one hive; the SYSTEM hive's current control set. */
static int open_hive(struct hives *hv, int which, const char *path)
{
	hive_node_h select;
	hive_value_h current;
	hive_type t;
	size_t len;
	char *data;

	errno = 0;
	if (!(hv->path[which] = cadcom__strdup(path)))
		return cadcom__enomem();
	if (!(hv->h[which] = hivex_open(path, hv->write ? HIVEX_OPEN_WRITE : 0)))
		return cadcom__error(errno == ENOENT ? CADCOM_ENOTFOUND
				     : errno == ENOTSUP || errno == EINVAL ? CADCOM_EPARSE
									   : CADCOM_EIO,
				     -1, "%s: %s", path,
				     errno == ENOTSUP || errno == EINVAL ? "not a registry hive (regf)"
				     : errno ? strerror(errno) : "hivex cannot open it");
	if (which != SYSTEM)
		return 0;
	errno = 0;
	if (!(select = hivex_node_get_child(hv->h[which], hivex_root(hv->h[which]), "Select")) ||
	    !(current = hivex_node_get_value(hv->h[which], select, "Current")) ||
	    !(data = hivex_value_value(hv->h[which], current, &t, &len)))
		return cadcom__error(CADCOM_EPARSE, -1,
				     "%s: no Select\\Current: not a SYSTEM hive", path);
	if (t != hive_t_REG_DWORD || len != 4 || !cadcom__le32((unsigned char *)data) ||
	    cadcom__le32((unsigned char *)data) > 999) {
		free(data);
		return cadcom__error(CADCOM_EPARSE, -1,
				     "%s: Select\\Current is not a control set number", path);
	}
	hv->control_set = cadcom__le32((unsigned char *)data);
	free(data);
	return 0;
}

int cadcom_target_open_hives(cadcom_target **out, const char *software, const char *system,
			     unsigned flags)
{
	struct hives *hv;
	cadcom_target *t = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!out || (!software && !system))
		return cadcom__error(CADCOM_EINVAL, -1, "hive target: NULL argument (give a SOFTWARE "
							"or a SYSTEM hive)");
	if (flags & ~(unsigned)CADCOM_HIVE_WRITE)
		return cadcom__error(CADCOM_EINVAL, -1, "hive target: unknown flags 0x%x", flags);
	if (!(hv = calloc(1, sizeof(*hv))))
		return cadcom__enomem();
	hv->write = flags & CADCOM_HIVE_WRITE;
	if ((software && (rc = open_hive(hv, SOFTWARE, software))) ||
	    (system && (rc = open_hive(hv, SYSTEM, system))) || (rc = cadcom_target_open_memory(&t))) {
		h_free(hv);
		return rc;
	}
	/* The memory registry gives way to the hives. */
	cadcom_registry_free(t->reg);
	if (!(t->reg = calloc(1, sizeof(*t->reg)))) {
		cadcom_target_free(t);
		h_free(hv);
		return cadcom__enomem();
	}
	t->reg->ops = &hive_ops;
	t->reg->impl = hv;
	*out = t;
	return 0;
}

int cadcom_target_commit(cadcom_target *t)
{
	if (!t)
		return cadcom__error(CADCOM_EINVAL, -1, "commit: NULL target");
	return t->reg && t->reg->ops->commit ? t->reg->ops->commit(t->reg->impl) : 0;
}
