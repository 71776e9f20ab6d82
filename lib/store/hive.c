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

/* ---- a hive is changed only when it is whole -------------------------------
 *
 * hivex changes a hive in memory and trusts the cells it frees and links:
 * a key whose class name, value data or security cell points where no used
 * cell is, a cell two keys or values share, a security cell counted fewer
 * times than keys use it — and hivex stops the program (an assertion in
 * mark_block_unused) or writes where no cell is, when that key is deleted or
 * a value of it set.  Reading checks what it follows; writing does not.  So
 * a hive opened for writing is checked first, from its bytes: the bins as
 * hivex scans them (its idea of a used cell), then every cell reachable
 * from the root key that hivex may free or write — subkey lists, value
 * lists, values, value data, class names, keys — a used cell of the kind
 * expected, met once; security cells (shared by keys) with their chain and
 * a reference count no lower than the keys using them.  And hivex must read
 * every key and value (hivex_visit), or deleting a key stops half-way.
 * A damaged hive can still be opened read-only.  Offsets inside the hive
 * are from its first bin, 0x1000 into the file.
 */
#define NO_CELL 0xffffffffu
#define BIN_START 0x1000u

struct scan {
	const unsigned char *p;
	size_t size;
	unsigned char *used, *seen, *sec; /* one bit per 4 bytes of the file */
	struct pending {
		uint32_t rel;  /* a key to check */
		size_t parent; /* its parent's cell */
	} *todo;
	size_t ntodo, cap;
	size_t *sk; /* the security cell of each key, to count them */
	size_t nsk, cap_sk;
	const char *what; /* the first problem found, and where */
	size_t at;
	bool nomem;
};

static bool bit(const unsigned char *map, size_t off)
{
	return map[off / 32] >> (off / 4 % 8) & 1;
}

static void set_bit(unsigned char *map, size_t off)
{
	map[off / 32] |= (unsigned char)(1u << (off / 4 % 8));
}

static size_t damaged(struct scan *s, const char *what, size_t at)
{
	if (!s->what) {
		s->what = what;
		s->at = at;
	}
	return 0;
}

/* The size of the used cell at `off` (its size field included). */
static size_t cell_len(const struct scan *s, size_t off)
{
	return (size_t)-(int64_t)(int32_t)cadcom__le32(s->p + off);
}

/* The used cell `rel` points at, of at least `need` bytes and with `id`
 * (NULL: any); met before only when `shared` (security cells, which are
 * never anything else).  0 when it is not one. */
static size_t cell(struct scan *s, uint32_t rel, const char *id, size_t need, bool shared,
		   const char *what)
{
	size_t off = (size_t)rel + BIN_START;

	if (rel == NO_CELL || off % 4 || off >= s->size || !bit(s->used, off) ||
	    cell_len(s, off) < need || (id && memcmp(s->p + off + 4, id, 2)))
		return damaged(s, what, off);
	if (bit(s->seen, off) && (!shared || !bit(s->sec, off)))
		return damaged(s, what, off); /* met twice */
	set_bit(s->seen, off);
	if (shared)
		set_bit(s->sec, off);
	return off;
}

/* The bins, as hivex_open() reads them: which cells are used. */
static bool scan_bins(struct scan *s)
{
	size_t end = (size_t)cadcom__le32(s->p + 0x28) + BIN_START;

	if (end % 0x1000 || end > s->size)
		return damaged(s, "the end of the bins", 0x28);
	for (size_t off = BIN_START; off < end;) {
		size_t page = cadcom__le32(s->p + off + 8);

		if (memcmp(s->p + off, "hbin", 4) ||
		    (size_t)cadcom__le32(s->p + off + 4) + BIN_START != off || page <= 0x20 ||
		    page % 0x1000 || page > end - off)
			return damaged(s, "a bin", off);
		for (size_t c = off + 0x20; c < off + page;) {
			int32_t raw = (int32_t)cadcom__le32(s->p + c);
			size_t len = raw < 0 ? (size_t)-(int64_t)raw : (size_t)raw;

			if (len <= 4 || len % 4 || len > off + page - c)
				return damaged(s, "the size of a cell", c);
			if (raw < 0)
				set_bit(s->used, c);
			c += len;
		}
		off += page;
	}
	return true;
}

static bool later(struct scan *s, uint32_t rel, size_t parent)
{
	struct pending *t;

	if (!(t = cadcom__grow(s->todo, &s->cap, s->ntodo, sizeof(*t))))
		return !(s->nomem = true);
	s->todo = t;
	s->todo[s->ntodo++] = (struct pending){ rel, parent };
	return true;
}

/* A subkey list (lf, lh, li; ri: a list of those): its keys for later. */
static bool scan_list(struct scan *s, uint32_t rel, size_t parent, bool top, size_t *count)
{
	size_t c = cell(s, rel, NULL, 8, false, "a subkey list"), n, step;
	const unsigned char *l = s->p + c;

	if (!c)
		return false;
	n = cadcom__le16(l + 6);
	step = l[4] == 'l' && (l[5] == 'f' || l[5] == 'h') ? 8 : 4;
	if (!(l[4] == 'l' && (l[5] == 'f' || l[5] == 'h' || l[5] == 'i')) &&
	    !(top && l[4] == 'r' && l[5] == 'i'))
		return damaged(s, "a subkey list", c);
	if (8 + n * step > cell_len(s, c))
		return damaged(s, "the length of a subkey list", c);
	for (size_t i = 0; i < n; i++) {
		uint32_t to = cadcom__le32(l + 8 + i * step);

		if (l[4] == 'r') {
			if (!scan_list(s, to, parent, false, count))
				return false;
		} else if (!later(s, to, parent)) {
			return false;
		} else {
			++*count;
		}
	}
	return true;
}

/* A value's data: a cell, or when longer than that, a big-data cell (db)
 * and its list of segments (hivex reads as many as the db says). */
static bool scan_data(struct scan *s, uint32_t rel, size_t len)
{
	size_t c = cell(s, rel, NULL, 4, false, "the data of a value"), list;

	if (!c || len <= cell_len(s, c) - 4)
		return c != 0;
	if (memcmp(s->p + c + 4, "db", 2) || cell_len(s, c) < 12)
		return damaged(s, "the data of a value", c);
	if (!(list = cell(s, cadcom__le32(s->p + c + 8), NULL, 4, false, "a big-data list")))
		return false;
	if (4 + 4 * (size_t)cadcom__le16(s->p + c + 6) > cell_len(s, list))
		return damaged(s, "the length of a big-data list", list);
	return true;
}

static bool scan_values(struct scan *s, size_t nk)
{
	uint32_t n = cadcom__le32(s->p + nk + 0x28), rel = cadcom__le32(s->p + nk + 0x2C);
	size_t list;

	/* hivex reads no list for no values, but frees one it is given. */
	if (!n && rel == NO_CELL)
		return true;
	if (!(list = cell(s, rel, NULL, 4, false, "a value list")))
		return false;
	if (n > (cell_len(s, list) - 4) / 4)
		return damaged(s, "the length of a value list", list);
	for (uint32_t i = 0; i < n; i++) {
		size_t vk = cell(s, cadcom__le32(s->p + list + 4 + 4 * i), "vk", 0x18, false,
				 "a value");

		if (!vk)
			return false;
		if (0x18 + (size_t)cadcom__le16(s->p + vk + 6) > cell_len(s, vk))
			return damaged(s, "the name of a value", vk);
		/* Data of four bytes or fewer is in the value itself. */
		if (!(cadcom__le32(s->p + vk + 8) & 0x80000000u) &&
		    !scan_data(s, cadcom__le32(s->p + vk + 0xC), cadcom__le32(s->p + vk + 8)))
			return false;
	}
	return true;
}

/* One more key using security cell `sk`. */
static bool count_sk(struct scan *s, size_t sk)
{
	size_t *t = cadcom__grow(s->sk, &s->cap_sk, s->nsk, sizeof(*t));

	if (!t)
		return !(s->nomem = true);
	s->sk = t;
	s->sk[s->nsk++] = sk;
	return true;
}

static bool scan_key(struct scan *s, uint32_t rel, size_t parent)
{
	size_t nk = cell(s, rel, "nk", 0x50, false, "a key"), count = 0, sk;
	uint32_t lists, cls;

	if (!nk)
		return false;
	if (0x50 + (size_t)cadcom__le16(s->p + nk + 0x4C) > cell_len(s, nk))
		return damaged(s, "the name of a key", nk);
	if (parent && cadcom__le32(s->p + nk + 0x14) + (size_t)BIN_START != parent)
		return damaged(s, "the parent of a key", nk);
	lists = cadcom__le32(s->p + nk + 0x20);
	if (lists != NO_CELL && !scan_list(s, lists, nk, true, &count))
		return false;
	if (count != cadcom__le32(s->p + nk + 0x18))
		return damaged(s, "the subkey count of a key", nk);
	if (!scan_values(s, nk))
		return false;
	if ((cls = cadcom__le32(s->p + nk + 0x34)) != NO_CELL &&
	    !cell(s, cls, NULL, 4, false, "the class name of a key"))
		return false;
	/* hivex inherits the parent's security cell for a new key, and
	 * unlinks it from its chain when the last key using it goes. */
	if (!(sk = cell(s, cadcom__le32(s->p + nk + 0x30), "sk", 0x18, true,
			"the security cell of a key")))
		return false;
	for (int i = 0; i < 2; i++)
		if (!cell(s, cadcom__le32(s->p + sk + 8 + 4 * i), "sk", 0x18, true,
			  "the chain of security cells"))
			return false;
	return count_sk(s, sk);
}

static int by_offset(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Each security cell counted at least as often as keys use it. */
static bool scan_refcounts(struct scan *s)
{
	qsort(s->sk, s->nsk, sizeof(*s->sk), by_offset);
	for (size_t i = 0, j; i < s->nsk; i = j) {
		for (j = i; j < s->nsk && s->sk[j] == s->sk[i]; j++)
			;
		if (cadcom__le32(s->p + s->sk[i] + 0x10) < j - i)
			return damaged(s, "the reference count of a security cell", s->sk[i]);
	}
	return true;
}

static int visit_value(hive_h *h, void *arg, hive_node_h node, hive_value_h value, hive_type t,
		       size_t len, const char *key, const char *data)
{
	(void)h, (void)arg, (void)node, (void)value, (void)t, (void)len, (void)key, (void)data;
	return 0;
}

/* The file's bytes, as hivex read them (it keeps its own copy to write). */
static int read_file(const char *path, unsigned char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long size = -1;
	int rc = 0;

	*out = NULL;
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		rc = cadcom__error(CADCOM_EIO, -1, "%s: reading: %s", path, strerror(errno));
	else if (!(*out = malloc(size ? (size_t)size : 1)))
		rc = cadcom__enomem();
	else if (fread(*out, 1, (size_t)size, f) != (size_t)size)
		rc = cadcom__error(CADCOM_EIO, -1, "%s: reading: %s", path,
				   ferror(f) ? strerror(errno) : "the file is shorter than it was");
	if (f)
		fclose(f);
	if (rc) {
		free(*out);
		*out = NULL;
	}
	*len = size > 0 ? (size_t)size : 0;
	return rc;
}

static int check_whole(hive_h *h, const char *path)
{
	static const struct hivex_visitor read_all = { .value_any = visit_value };
	struct scan s = { 0 };
	unsigned char *buf;
	int rc;

	if ((rc = read_file(path, &buf, &s.size)))
		return rc;
	s.p = buf;
	if (!(s.used = calloc(1, s.size / 32 + 1)) || !(s.seen = calloc(1, s.size / 32 + 1)) ||
	    !(s.sec = calloc(1, s.size / 32 + 1))) {
		s.nomem = true;
	} else if (s.size < 0x2000) {
		damaged(&s, "the size of the file", 0);
	} else if (scan_bins(&s) && later(&s, cadcom__le32(buf + 0x24), 0)) {
		while (s.ntodo) {
			struct pending k = s.todo[--s.ntodo];
			if (!scan_key(&s, k.rel, k.parent))
				break;
		}
		if (!s.what && !s.nomem)
			scan_refcounts(&s);
	}
	errno = 0;
	if (s.nomem)
		rc = cadcom__enomem();
	else if (s.what)
		rc = cadcom__error(CADCOM_EPARSE, -1,
				   "%s: the hive is damaged (%s, at 0x%zx): hivex cannot change it "
				   "safely (open it read-only)",
				   path, s.what, s.at);
	else if (hivex_visit(h, &read_all, sizeof(read_all), NULL, 0))
		rc = cadcom__error(CADCOM_EPARSE, -1,
				   "%s: the hive is damaged (hivex cannot read all of it: %s): it "
				   "cannot be changed safely (open it read-only)",
				   path, errno ? strerror(errno) : "a bad key or value");
	free(buf);
	free(s.used);
	free(s.seen);
	free(s.sec);
	free(s.todo);
	free(s.sk);
	return rc;
}

/* Open one hive; the SYSTEM hive's current control set. */
static int open_hive(struct hives *hv, int which, const char *path)
{
	hive_node_h select;
	hive_value_h current;
	hive_type t;
	size_t len;
	char *data;
	int rc;

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
	if (hv->write && (rc = check_whole(hv->h[which], path)))
		return rc;
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
