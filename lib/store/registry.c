/*
 * The registry front end — argument checks and key paths shared by every
 * back-end — the memory back-end, and the REG_SZ <-> UTF-8 helpers.
 *
 * Limits are Windows' own (MS docs, win32 sysinfo/registry-element-size-
 * limits.md): 255 characters per key name component, 16,383 per value
 * name, a tree at most 512 levels deep.  Characters are UTF-16 units, as
 * Windows counts them.
 */
#include <stdlib.h>
#include <string.h>
#include "store.h"

#define KEY_COMPONENT_MAX 255
#define VALUE_NAME_MAX 16383
#define KEY_DEPTH_MAX 512

/* ---- text helpers --------------------------------------------------------- */

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Registry names compare like Windows' for ASCII; locale-independent on
 * purpose (strcasecmp follows LC_CTYPE). */
static bool name_eq_n(const char *a, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < blen; i++)
		if (a[i] == '\0' || ascii_lower(a[i]) != ascii_lower(b[i]))
			return false;
	return a[i] == '\0';
}

/* Length of the well-formed UTF-8 sequence at s[0..n) (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF), 0 if there is none. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		*cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		*cp = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		*cp = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return 0;
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3F);
	}
	return len;
}

static void utf8_put(struct strbuf *sb, uint32_t cp)
{
	if (cp < 0x80) {
		sb_putc(sb, (char)cp);
	} else if (cp < 0x800) {
		sb_putc(sb, (char)(0xC0 | cp >> 6));
		sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		sb_putc(sb, (char)(0xE0 | cp >> 12));
		sb_putc(sb, (char)(0x80 | (cp >> 6 & 0x3F)));
		sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
	} else {
		sb_putc(sb, (char)(0xF0 | cp >> 18));
		sb_putc(sb, (char)(0x80 | (cp >> 12 & 0x3F)));
		sb_putc(sb, (char)(0x80 | (cp >> 6 & 0x3F)));
		sb_putc(sb, (char)(0x80 | (cp & 0x3F)));
	}
}

/* ---- key paths ------------------------------------------------------------ */

static const struct {
	const char *abbrev, *name;
} reg_roots[] = {
	{ "HKLM", "HKEY_LOCAL_MACHINE" }, { "HKCU", "HKEY_CURRENT_USER" },
	{ "HKCR", "HKEY_CLASSES_ROOT" },  { "HKU", "HKEY_USERS" },
	{ "HKCC", "HKEY_CURRENT_CONFIG" },
};

char *cadcom__reg_key_normalize(const char *key)
{
	const char *s, *e, *root_end, *root = NULL;
	size_t depth = 1, rest, root_len;
	char *out;

	if (!key) {
		cadcom__error(CADCOM_EINVAL, -1, "registry: NULL key");
		return NULL;
	}
	s = key;
	e = key + strlen(key);
	while (s < e && *s == '\\')
		s++;
	while (e > s && e[-1] == '\\')
		e--;
	if (s == e) {
		cadcom__error(CADCOM_EINVAL, -1, "registry key \"%s\": empty key", key);
		return NULL;
	}
	root_end = memchr(s, '\\', (size_t)(e - s));
	if (!root_end)
		root_end = e;
	for (size_t i = 0; i < ARRAY_SIZE(reg_roots) && !root; i++)
		if (name_eq_n(reg_roots[i].abbrev, s, (size_t)(root_end - s)) ||
		    name_eq_n(reg_roots[i].name, s, (size_t)(root_end - s)))
			root = reg_roots[i].name;
	if (!root) {
		cadcom__error(CADCOM_EINVAL, -1,
			      "registry key \"%s\": unknown root \"%.*s\" (expected HKEY_LOCAL_MACHINE, "
			      "HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG "
			      "or HKLM, HKCU, HKCR, HKU, HKCC)", key, (int)(root_end - s), s);
		return NULL;
	}
	for (const char *p = root_end; p < e;) {
		const char *c = p + 1, *q = memchr(c, '\\', (size_t)(e - c));
		if (!q)
			q = e;
		if (q == c) {
			cadcom__error(CADCOM_EINVAL, -1,
				      "registry key \"%s\": empty component (doubled backslash)", key);
			return NULL;
		}
		if (cadcom__utf16_units(c, (size_t)(q - c)) > KEY_COMPONENT_MAX) {
			cadcom__error(CADCOM_ELIMIT, -1,
				      "registry key \"%s\": component \"%.40s...\" is longer than %d "
				      "characters", key, c, KEY_COMPONENT_MAX);
			return NULL;
		}
		if (++depth > KEY_DEPTH_MAX) {
			cadcom__error(CADCOM_ELIMIT, -1,
				      "registry key \"%.60s...\": more than %d levels deep", key,
				      KEY_DEPTH_MAX);
			return NULL;
		}
		p = q;
	}
	root_len = strlen(root);
	rest = (size_t)(e - root_end);
	out = malloc(root_len + rest + 1);
	if (!out) {
		cadcom__enomem();
		return NULL;
	}
	memcpy(out, root, root_len);
	memcpy(out + root_len, root_end, rest);
	out[root_len + rest] = '\0';
	return out;
}

/* ---- the public front end ------------------------------------------------- */

static int check_name(const char *name)
{
	if (!name)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: NULL value name (use \"\" for the "
				     "default value)");
	if (cadcom__utf16_units(name, strlen(name)) > VALUE_NAME_MAX)
		return cadcom__error(CADCOM_ELIMIT, -1, "registry: value name \"%.40s...\" is longer "
				     "than %d characters", name, VALUE_NAME_MAX);
	return 0;
}

/* Check the registry and key (and the name when `name_too`), normalise the
 * key into *norm. */
static int prepare(cadcom_registry *reg, const char *key, const char *name, bool name_too,
		   char **norm)
{
	int rc;

	if (!reg)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: NULL registry");
	if (!key)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: NULL key");
	if (name_too && (rc = check_name(name)))
		return rc;
	*norm = cadcom__reg_key_normalize(key);
	return *norm ? 0 : cadcom_error_code(cadcom_error_last());
}

int cadcom_registry_get(cadcom_registry *reg, const char *key, const char *name, int *type,
			unsigned char **out, size_t *len)
{
	char *k;
	int rc, t;

	if (!out || !len)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: NULL output");
	*out = NULL;
	*len = 0;
	if ((rc = prepare(reg, key, name, true, &k)))
		return rc;
	rc = reg->ops->get(reg->impl, k, name, &t, out, len);
	if (rc == 0 && type)
		*type = t;
	free(k);
	return rc;
}

int cadcom_registry_set(cadcom_registry *reg, const char *key, const char *name, int type,
			const unsigned char *data, size_t len)
{
	char *k;
	int rc;

	if (!data && len)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: NULL data with length %zu", len);
	if ((rc = prepare(reg, key, name, true, &k)))
		return rc;
	rc = reg->ops->set(reg->impl, k, name, type, data, len);
	free(k);
	return rc;
}

int cadcom_registry_delete_value(cadcom_registry *reg, const char *key, const char *name)
{
	char *k;
	int rc;

	if ((rc = prepare(reg, key, name, true, &k)))
		return rc;
	rc = reg->ops->delete_value(reg->impl, k, name);
	free(k);
	return rc;
}

/* The key-only operations share one shape. */
enum key_op { KEY_CREATE, KEY_DELETE, KEY_EXISTS };

static int key_call(cadcom_registry *reg, const char *key, enum key_op op)
{
	char *k;
	int rc;

	if ((rc = prepare(reg, key, NULL, false, &k)))
		return rc;
	if (op == KEY_CREATE)
		rc = reg->ops->create_key(reg->impl, k);
	else if (op == KEY_DELETE)
		rc = reg->ops->delete_key(reg->impl, k);
	else
		rc = reg->ops->key_exists(reg->impl, k);
	free(k);
	return rc;
}

int cadcom_registry_create_key(cadcom_registry *reg, const char *key)
{
	return key_call(reg, key, KEY_CREATE);
}

int cadcom_registry_delete_key(cadcom_registry *reg, const char *key)
{
	return key_call(reg, key, KEY_DELETE);
}

int cadcom_registry_key_exists(cadcom_registry *reg, const char *key)
{
	return key_call(reg, key, KEY_EXISTS);
}

int cadcom_registry_key_security(cadcom_registry *reg, const char *key, cadcom_sd **out)
{
	unsigned char *bytes = NULL;
	size_t len = 0;
	char *k;
	int rc;

	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: NULL output");
	*out = NULL;
	if ((rc = prepare(reg, key, NULL, false, &k)))
		return rc;
	if (!reg->ops->security)
		rc = cadcom__error(CADCOM_EUNSUPPORTED, -1,
				   "registry: this back-end keeps no key security (%s)", k);
	else if (!(rc = reg->ops->security(reg->impl, k, &bytes, &len)))
		rc = cadcom_sd_from_bytes(out, bytes, len);
	free(bytes);
	free(k);
	return rc;
}

const char *const cadcom__reg_type_names[CADCOM_REG_QWORD + 1] = {
	[CADCOM_REG_NONE] = "REG_NONE",		  [CADCOM_REG_SZ] = "REG_SZ",
	[CADCOM_REG_EXPAND_SZ] = "REG_EXPAND_SZ", [CADCOM_REG_BINARY] = "REG_BINARY",
	[CADCOM_REG_DWORD] = "REG_DWORD",	  [CADCOM_REG_MULTI_SZ] = "REG_MULTI_SZ",
	[CADCOM_REG_QWORD] = "REG_QWORD",
};

int cadcom__registry_writable(cadcom_registry *reg, const char *key)
{
	char *k;
	int rc;

	if ((rc = prepare(reg, key, NULL, false, &k)))
		return rc;
	if (reg->ops->writable)
		rc = reg->ops->writable(reg->impl, k);
	free(k);
	return rc;
}

static int enum_call(cadcom_registry *reg, const char *key, size_t index, char **out,
		     bool values)
{
	char *k;
	int rc;

	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: NULL output");
	*out = NULL;
	if ((rc = prepare(reg, key, NULL, false, &k)))
		return rc;
	rc = values ? reg->ops->value_name(reg->impl, k, index, out)
		    : reg->ops->subkey(reg->impl, k, index, out);
	free(k);
	return rc;
}

int cadcom_registry_subkey(cadcom_registry *reg, const char *key, size_t index, char **out)
{
	return enum_call(reg, key, index, out, false);
}

int cadcom_registry_value_name(cadcom_registry *reg, const char *key, size_t index, char **out)
{
	return enum_call(reg, key, index, out, true);
}

void cadcom_registry_free(cadcom_registry *reg)
{
	if (!reg)
		return;
	if (reg->ops && reg->ops->free)
		reg->ops->free(reg->impl);
	free(reg);
}

/* ---- the memory back-end -------------------------------------------------- */

/* A small tree: registries here hold tens of keys, so arrays and linear
 * search are enough, and they keep insertion order for enumeration. */
struct mem_value {
	char *name;
	int type;
	unsigned char *data;
	size_t len;
};

struct mem_key {
	char *name; /* as first written */
	struct mem_key **subs;
	size_t nsubs, capsubs;
	struct mem_value *values;
	size_t nvalues, capvalues;
};

static void mem_key_free(struct mem_key *k)
{
	if (!k)
		return;
	for (size_t i = 0; i < k->nsubs; i++)
		mem_key_free(k->subs[i]); /* depth <= KEY_DEPTH_MAX */
	for (size_t i = 0; i < k->nvalues; i++) {
		free(k->values[i].name);
		free(k->values[i].data);
	}
	free(k->subs);
	free(k->values);
	free(k->name);
	free(k);
}

static struct mem_key *mem_key_new(const char *name, size_t len)
{
	struct mem_key *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->name = malloc(len + 1);
	if (!k->name) {
		free(k);
		return NULL;
	}
	memcpy(k->name, name, len);
	k->name[len] = '\0';
	return k;
}

static size_t mem_sub_index(const struct mem_key *k, const char *name, size_t len)
{
	for (size_t i = 0; i < k->nsubs; i++)
		if (name_eq_n(k->subs[i]->name, name, len))
			return i;
	return (size_t)-1;
}

/* The key at a normalised path; with `create`, missing keys are made (NULL
 * then means out of memory, with the error set). */
static struct mem_key *mem_find(struct mem_key *top, const char *key, bool create)
{
	struct mem_key *k = top;
	const char *p = key;

	for (;;) {
		const char *q = strchr(p, '\\');
		size_t len = q ? (size_t)(q - p) : strlen(p), i = mem_sub_index(k, p, len);

		if (i == (size_t)-1) {
			struct mem_key *sub;
			if (!create)
				return NULL;
			struct mem_key **subs = cadcom__grow(k->subs, &k->capsubs, k->nsubs,
							     sizeof(*k->subs));
			if (subs)
				k->subs = subs;
			if (!subs || !(sub = mem_key_new(p, len))) {
				cadcom__enomem();
				return NULL;
			}
			k->subs[k->nsubs++] = sub;
			i = k->nsubs - 1;
		}
		k = k->subs[i];
		if (!q)
			return k;
		p = q + 1;
	}
}

static struct mem_value *mem_value_find(struct mem_key *k, const char *name)
{
	for (size_t i = 0; i < k->nvalues; i++)
		if (name_eq_n(k->values[i].name, name, strlen(name)))
			return &k->values[i];
	return NULL;
}

static int key_not_found(const char *key)
{
	return cadcom__error(CADCOM_ENOTFOUND, -1, "registry: key %s not found", key);
}

static int value_not_found(const char *key, const char *name)
{
	if (!*name)
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "registry: the default value (@) of %s not found", key);
	return cadcom__error(CADCOM_ENOTFOUND, -1, "registry: value \"%s\" of %s not found", name,
			     key);
}

static unsigned char *copy_bytes(const unsigned char *data, size_t len)
{
	unsigned char *p = malloc(len ? len : 1); /* non-NULL even for an empty value */

	if (p && len)
		memcpy(p, data, len);
	return p;
}

static int mem_get(void *impl, const char *key, const char *name, int *type,
		   unsigned char **out, size_t *len)
{
	struct mem_key *k = mem_find(impl, key, false);
	struct mem_value *v;

	if (!k)
		return key_not_found(key);
	if (!(v = mem_value_find(k, name)))
		return value_not_found(key, name);
	if (!(*out = copy_bytes(v->data, v->len)))
		return cadcom__enomem();
	*len = v->len;
	*type = v->type;
	return 0;
}

static int mem_set(void *impl, const char *key, const char *name, int type,
		   const unsigned char *data, size_t len)
{
	struct mem_key *k = mem_find(impl, key, true);
	struct mem_value *v;
	unsigned char *copy;

	if (!k)
		return CADCOM_ENOMEM;
	if (!(copy = copy_bytes(data, len)))
		return cadcom__enomem();
	if ((v = mem_value_find(k, name))) { /* replaced in place: keeps name case and order */
		free(v->data);
	} else {
		char *n = cadcom__strdup(name);
		struct mem_value *values = cadcom__grow(k->values, &k->capvalues, k->nvalues,
							sizeof(*k->values));
		if (values)
			k->values = values;
		if (!n || !values) {
			free(n);
			free(copy);
			return cadcom__enomem();
		}
		v = &k->values[k->nvalues++];
		v->name = n;
	}
	v->type = type;
	v->data = copy;
	v->len = len;
	return 0;
}

static int mem_delete_value(void *impl, const char *key, const char *name)
{
	struct mem_key *k = mem_find(impl, key, false);
	struct mem_value *v;
	size_t i;

	if (!k)
		return key_not_found(key);
	if (!(v = mem_value_find(k, name)))
		return value_not_found(key, name);
	i = (size_t)(v - k->values);
	free(v->name);
	free(v->data);
	memmove(&k->values[i], &k->values[i + 1], (k->nvalues - i - 1) * sizeof(*k->values));
	k->nvalues--;
	return 0;
}

static int mem_create_key(void *impl, const char *key)
{
	return mem_find(impl, key, true) ? 0 : CADCOM_ENOMEM;
}

static int mem_delete_key(void *impl, const char *key)
{
	const char *last = strrchr(key, '\\');
	struct mem_key *parent;
	size_t i;

	if (!last) /* Windows' predefined keys cannot be deleted either */
		return cadcom__error(CADCOM_EINVAL, -1, "registry: cannot delete the root key %s",
				     key);
	{
		char *pk = malloc((size_t)(last - key) + 1);
		if (!pk)
			return cadcom__enomem();
		memcpy(pk, key, (size_t)(last - key));
		pk[last - key] = '\0';
		parent = mem_find(impl, pk, false);
		free(pk);
	}
	if (!parent || (i = mem_sub_index(parent, last + 1, strlen(last + 1))) == (size_t)-1)
		return key_not_found(key);
	mem_key_free(parent->subs[i]);
	memmove(&parent->subs[i], &parent->subs[i + 1],
		(parent->nsubs - i - 1) * sizeof(*parent->subs));
	parent->nsubs--;
	return 0;
}

static int mem_key_exists(void *impl, const char *key)
{
	return mem_find(impl, key, false) ? 1 : 0;
}

static int mem_subkey(void *impl, const char *key, size_t index, char **out)
{
	struct mem_key *k = mem_find(impl, key, false);

	if (!k)
		return key_not_found(key);
	if (index >= k->nsubs)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "registry: %s has no subkey %zu (it has %zu)",
				     key, index, k->nsubs);
	return (*out = cadcom__strdup(k->subs[index]->name)) ? 0 : cadcom__enomem();
}

static int mem_value_name(void *impl, const char *key, size_t index, char **out)
{
	struct mem_key *k = mem_find(impl, key, false);

	if (!k)
		return key_not_found(key);
	if (index >= k->nvalues)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "registry: %s has no value %zu (it has %zu)",
				     key, index, k->nvalues);
	return (*out = cadcom__strdup(k->values[index].name)) ? 0 : cadcom__enomem();
}

static void mem_free(void *impl)
{
	mem_key_free(impl);
}

static const struct registry_ops mem_ops = {
	.get = mem_get,
	.set = mem_set,
	.delete_value = mem_delete_value,
	.create_key = mem_create_key,
	.delete_key = mem_delete_key,
	.key_exists = mem_key_exists,
	.subkey = mem_subkey,
	.value_name = mem_value_name,
	.free = mem_free,
};

int cadcom_registry_new_memory(cadcom_registry **out)
{
	struct cadcom_registry *reg;
	struct mem_key *top;

	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "registry: NULL output");
	*out = NULL;
	reg = calloc(1, sizeof(*reg));
	top = calloc(1, sizeof(*top));
	if (!reg || !top)
		goto nomem;
	/* The predefined keys always exist, as on Windows. */
	for (size_t i = 0; i < ARRAY_SIZE(reg_roots); i++)
		if (!mem_find(top, reg_roots[i].name, true))
			goto nomem;
	reg->ops = &mem_ops;
	reg->impl = top;
	*out = reg;
	return 0;
nomem:
	mem_key_free(top);
	free(reg);
	return cadcom__enomem();
}

/* ---- REG_SZ --------------------------------------------------------------- */

int cadcom_reg_sz_encode(const char *text, unsigned char **out, size_t *len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n, units = 0, o = 0;
	unsigned char *buf;
	uint32_t cp;

	if (!text || !out || !len)
		return cadcom__error(CADCOM_EINVAL, -1, "REG_SZ: NULL argument");
	*out = NULL;
	*len = 0;
	n = strlen(text);
	for (size_t i = 0, l; i < n; i += l) { /* validate and count first */
		if (!(l = utf8_decode(s + i, n - i, &cp)))
			return cadcom__error(CADCOM_EPARSE, (long)i,
					     "REG_SZ: invalid UTF-8 at byte %zu", i);
		units += cp >= 0x10000 ? 2 : 1;
	}
	if (!(buf = malloc((units + 1) * 2)))
		return cadcom__enomem();
	for (size_t i = 0, l; i < n; i += l) {
		uint32_t u[2];
		int k = 1;
		l = utf8_decode(s + i, n - i, &cp);
		u[0] = cp;
		if (cp >= 0x10000) {
			u[0] = 0xD800 | (cp - 0x10000) >> 10;
			u[1] = 0xDC00 | ((cp - 0x10000) & 0x3FF);
			k = 2;
		}
		for (int j = 0; j < k; j++) {
			buf[o++] = (unsigned char)(u[j] & 0xFF);
			buf[o++] = (unsigned char)(u[j] >> 8);
		}
	}
	buf[o++] = 0;
	buf[o++] = 0;
	*out = buf;
	*len = o;
	return 0;
}

int cadcom_reg_sz_decode(const unsigned char *data, size_t len, char **out)
{
	struct strbuf sb = { 0 };

	if (!out || (!data && len))
		return cadcom__error(CADCOM_EINVAL, -1, "REG_SZ: NULL argument");
	*out = NULL;
	if (len % 2)
		return cadcom__error(CADCOM_EPARSE, (long)(len - 1),
				     "REG_SZ: odd length %zu (UTF-16 text has 2-byte units)", len);
	sb_puts(&sb, ""); /* "" too comes out terminated */
	for (size_t i = 0; i < len; i += 2) {
		uint32_t u = cadcom__le16(data + i), lo;

		if (u == 0)
			break; /* the terminator; anything after it is not text */
		if (u >= 0xDC00 && u <= 0xDFFF)
			goto bad;
		if (u >= 0xD800 && u <= 0xDBFF) {
			if (i + 3 >= len)
				goto bad;
			lo = cadcom__le16(data + i + 2);
			if (lo < 0xDC00 || lo > 0xDFFF)
				goto bad;
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			i += 2;
		}
		utf8_put(&sb, u);
		continue;
bad:
		free(sb.buf);
		return cadcom__error(CADCOM_EPARSE, (long)i,
				     "REG_SZ: unpaired UTF-16 surrogate 0x%04x at byte %zu", u, i);
	}
	return sb_finish(&sb, out);
}
