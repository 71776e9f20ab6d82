/*
 * Offline targets (target.h): memory, state snapshots (JSON), .reg files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "store.h"

#define SNAPSHOT_FORMAT "cadcom-snapshot-1"
#define SNAPSHOT_MAX_BYTES (64u << 20)

static const char *const kinds[] = { NULL, "user", "computer", "group", "well-known" };
static const char *const scopes[] = { "none", "global", "domain-local", "universal",
				      "builtin-local", "computer-local" };
static const char *const roots[] = { "HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER",
				     "HKEY_CLASSES_ROOT", "HKEY_USERS", "HKEY_CURRENT_CONFIG" };

int cadcom_target_open_memory(cadcom_target **out)
{
	struct cadcom_target *t;
	int rc;

	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "target: NULL argument");
	t = calloc(1, sizeof(*t));
	if (!t)
		return cadcom__enomem();
	if ((rc = cadcom_registry_new_memory(&t->reg)) ||
	    (rc = cadcom_directory_new_memory(&t->dir))) {
		cadcom_target_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

void cadcom_target_free(cadcom_target *t)
{
	if (!t)
		return;
	cadcom_registry_free(t->reg);
	cadcom_directory_free(t->dir);
	free(t);
}

cadcom_registry *cadcom_target_registry(cadcom_target *t)
{
	return t ? t->reg : NULL;
}

cadcom_directory *cadcom_target_directory(cadcom_target *t)
{
	return t ? t->dir : NULL;
}

int cadcom_target_open_regfile(cadcom_target **out, const unsigned char *buf, size_t len,
			       const char *source)
{
	cadcom_regfile *f = NULL;
	cadcom_target *t = NULL;
	int rc;

	if (!out || !buf)
		return cadcom__error(CADCOM_EINVAL, -1, "target: NULL argument");
	if ((rc = cadcom_regfile_parse(&f, buf, len, source)) || (rc = cadcom_target_open_memory(&t)) ||
	    (rc = cadcom_regfile_apply(f, t->reg))) {
		cadcom_target_free(t);
		cadcom_regfile_free(f);
		return rc;
	}
	cadcom_regfile_free(f);
	*out = t;
	return 0;
}

/* ---- loading a snapshot --------------------------------------------------- */

struct load {
	const char *source, *text;
	size_t len;
	cadcom_target *t;
	cadcom_sid *domain; /* resolves aliases in "sddl" values */
};

/* A parse error at `path` of the snapshot, with its line. */
#define bad(l, path, ...) \
	cadcom__json_error(CADCOM_EPARSE, (l)->source, (l)->text, (l)->len, (path), __VA_ARGS__)

/* Every key of `obj` must be one of `allowed` (a typo must not pass silently). */
static int only_fields(const struct load *l, json_t *obj, const char *path,
		       const char *const *allowed)
{
	const char *key;
	json_t *v;
	char sub[256];

	json_object_foreach(obj, key, v) {
		bool ok = false;
		for (const char *const *a = allowed; *a; a++)
			ok = ok || strcmp(*a, key) == 0;
		if (!ok) {
			snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", key);
			return bad(l, sub, "unknown field \"%s\"", key);
		}
	}
	return 0;
}

static const char *string_field(const struct load *l, json_t *obj, const char *path,
				const char *name, bool required, int *rc)
{
	json_t *v = json_object_get(obj, name);
	char sub[256];

	snprintf(sub, sizeof(sub), "%s.%s", path, name);
	if (!v) {
		if (required)
			*rc = bad(l, path, "missing field \"%s\"", name);
		return NULL;
	}
	if (!json_is_string(v)) {
		*rc = bad(l, sub, "%s must be a string", name);
		return NULL;
	}
	return json_string_value(v);
}

static int parse_sid(const struct load *l, const char *text, const char *path, cadcom_sid **out)
{
	if (cadcom_sid_from_string(out, text, l->domain) != 0)
		return bad(l, path, "%s", cadcom_error_message(cadcom_error_last()));
	return 0;
}

/* "01,00,04,80" or "01000480" (commas and blanks between pairs ignored). */
static int hex_bytes(const char *hex, unsigned char **out, size_t *len)
{
	unsigned char *buf = malloc(strlen(hex) / 2 + 1);
	size_t n = 0;
	int hi = -1;

	if (!buf)
		return CADCOM_ENOMEM;
	for (const char *p = hex; *p; p++) {
		int d = cadcom__hexval((unsigned char)*p);
		if (d < 0 && (*p == ',' || *p == ' ') && hi < 0)
			continue;
		if (d < 0) {
			free(buf);
			return CADCOM_EPARSE;
		}
		if (hi < 0) {
			hi = d;
		} else {
			buf[n++] = (unsigned char)(hi << 4 | d);
			hi = -1;
		}
	}
	if (hi >= 0) {
		free(buf);
		return CADCOM_EPARSE;
	}
	*out = buf;
	*len = n;
	return 0;
}

static int multi_sz(json_t *arr, unsigned char **out, size_t *len)
{
	struct strbuf sb = { 0 };
	size_t i;
	json_t *v;

	/* Encode each string, drop its NUL only to add one back: "a\0b\0\0". */
	json_array_foreach(arr, i, v) {
		unsigned char *one = NULL;
		size_t n;
		if (!json_is_string(v) || cadcom_reg_sz_encode(json_string_value(v), &one, &n)) {
			free(sb.buf);
			return CADCOM_EPARSE;
		}
		for (size_t k = 0; k < n; k++)
			sb_putc(&sb, (char)one[k]);
		cadcom_free(one);
	}
	sb_putc(&sb, 0);
	sb_putc(&sb, 0);
	if (sb.failed) {
		free(sb.buf);
		return CADCOM_ENOMEM;
	}
	*out = (unsigned char *)sb.buf;
	*len = sb.len;
	return 0;
}

static int load_value(struct load *l, const char *key, json_t *v, const char *path)
{
	static const char *const fields[] = { "name", "type", "hex", "sddl", "string", "dword",
					      "strings", NULL };
	const char *name, *tname;
	json_t *data;
	unsigned char *bytes = NULL;
	size_t len = 0;
	int type = -1, rc = 0, given = 0;
	char sub[256];

	if (!json_is_object(v))
		return bad(l, path, "%s", "a value must be an object");
	if ((rc = only_fields(l, v, path, fields)))
		return rc;
	name = string_field(l, v, path, "name", true, &rc);
	tname = rc ? NULL : string_field(l, v, path, "type", true, &rc);
	if (rc)
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(cadcom__reg_type_names); i++)
		if (cadcom__reg_type_names[i] && strcasecmp(tname, cadcom__reg_type_names[i]) == 0)
			type = (int)i;
	snprintf(sub, sizeof(sub), "%s.type", path);
	if (type < 0)
		return bad(l, sub, "unknown type \"%s\"", tname);
	for (const char *const *f = fields + 2; *f; f++)
		given += json_object_get(v, *f) != NULL;
	if (given != 1)
		return bad(l, path, "%s", "give exactly one of hex, sddl, string, dword, strings");
	if ((data = json_object_get(v, "hex"))) {
		snprintf(sub, sizeof(sub), "%s.hex", path);
		if (!json_is_string(data) || hex_bytes(json_string_value(data), &bytes, &len))
			return bad(l, sub, "%s", "hex must be a string of byte pairs (\"01,00,04,80\")");
	} else if ((data = json_object_get(v, "sddl"))) {
		cadcom_sd *sd = NULL;
		snprintf(sub, sizeof(sub), "%s.sddl", path);
		if (type != CADCOM_REG_BINARY)
			return bad(l, sub, "%s", "sddl is for REG_BINARY values");
		if (!json_is_string(data) ||
		    cadcom_sd_from_sddl(&sd, json_string_value(data), l->domain) != 0)
			return bad(l, sub, "%s", cadcom_error_message(cadcom_error_last()));
		rc = cadcom_sd_to_bytes(sd, &bytes, &len);
		cadcom_sd_free(sd);
		if (rc)
			return rc;
	} else if ((data = json_object_get(v, "string"))) {
		snprintf(sub, sizeof(sub), "%s.string", path);
		if ((type != CADCOM_REG_SZ && type != CADCOM_REG_EXPAND_SZ) || !json_is_string(data) ||
		    cadcom_reg_sz_encode(json_string_value(data), &bytes, &len))
			return bad(l, sub, "%s", "string is a text for REG_SZ or REG_EXPAND_SZ");
	} else if ((data = json_object_get(v, "dword"))) {
		json_int_t d = json_is_integer(data) ? json_integer_value(data) : -1;
		snprintf(sub, sizeof(sub), "%s.dword", path);
		if (type != CADCOM_REG_DWORD || d < 0 || d > 0xFFFFFFFF)
			return bad(l, sub, "%s", "dword is a number from 0 to 4294967295 for REG_DWORD");
		if (!(bytes = malloc(4)))
			return cadcom__enomem();
		for (int k = 0; k < 4; k++)
			bytes[k] = (unsigned char)((uint32_t)d >> (8 * k));
		len = 4;
	} else {
		data = json_object_get(v, "strings");
		snprintf(sub, sizeof(sub), "%s.strings", path);
		if (type != CADCOM_REG_MULTI_SZ || !json_is_array(data) || multi_sz(data, &bytes, &len))
			return bad(l, sub, "%s", "strings is an array of texts for REG_MULTI_SZ");
	}
	rc = cadcom_registry_set(l->t->reg, key, name, type, bytes, len);
	free(bytes);
	return rc;
}

static int load_registry(struct load *l, json_t *arr)
{
	static const char *const fields[] = { "key", "values", NULL };
	char path[128], sub[192];
	size_t i, j;
	json_t *e, *v;
	int rc = 0;

	if (!json_is_array(arr))
		return bad(l, "registry", "%s", "registry must be an array");
	json_array_foreach(arr, i, e) {
		const char *key;
		json_t *values;
		snprintf(path, sizeof(path), "registry[%zu]", i);
		if (!json_is_object(e))
			return bad(l, path, "%s", "an entry must be an object");
		if ((rc = only_fields(l, e, path, fields)))
			return rc;
		if (!(key = string_field(l, e, path, "key", true, &rc)))
			return rc;
		if ((rc = cadcom_registry_create_key(l->t->reg, key))) {
			snprintf(sub, sizeof(sub), "%s.key", path);
			return bad(l, sub, "%s", cadcom_error_message(cadcom_error_last()));
		}
		values = json_object_get(e, "values");
		if (values && !json_is_array(values)) {
			snprintf(sub, sizeof(sub), "%s.values", path);
			return bad(l, sub, "%s", "values must be an array");
		}
		json_array_foreach(values, j, v) {
			snprintf(sub, sizeof(sub), "%s.values[%zu]", path, j);
			if ((rc = load_value(l, key, v, sub)))
				return rc;
		}
	}
	return 0;
}

static int name_index(const char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static int load_principals(struct load *l, json_t *arr)
{
	static const char *const fields[] = { "sid", "name", "kind", "scope", NULL };
	char path[128], sub[192];
	size_t i;
	json_t *e;
	int rc = 0;

	if (!json_is_array(arr))
		return bad(l, "principals", "%s", "principals must be an array");
	json_array_foreach(arr, i, e) {
		const char *sid_text, *name, *kind, *scope;
		cadcom_sid *sid = NULL;
		int k, s = 0;
		snprintf(path, sizeof(path), "principals[%zu]", i);
		if (!json_is_object(e))
			return bad(l, path, "%s", "a principal must be an object");
		if ((rc = only_fields(l, e, path, fields)))
			return rc;
		sid_text = string_field(l, e, path, "sid", true, &rc);
		name = rc ? NULL : string_field(l, e, path, "name", false, &rc);
		kind = rc ? NULL : string_field(l, e, path, "kind", true, &rc);
		scope = rc ? NULL : string_field(l, e, path, "scope", false, &rc);
		if (rc)
			return rc;
		snprintf(sub, sizeof(sub), "%s.kind", path);
		if ((k = name_index(kinds, ARRAY_SIZE(kinds), kind)) < 0)
			return bad(l, sub, "unknown kind \"%s\" (user, computer, group, well-known)",
				   kind);
		snprintf(sub, sizeof(sub), "%s.scope", path);
		if (scope && (s = name_index(scopes, ARRAY_SIZE(scopes), scope)) < 0)
			return bad(l, sub, "unknown scope \"%s\"", scope);
		snprintf(sub, sizeof(sub), "%s.sid", path);
		if ((rc = parse_sid(l, sid_text, sub, &sid)))
			return rc;
		rc = cadcom_directory_add(l->t->dir, sid, name, k, s);
		cadcom_sid_free(sid);
		if (rc)
			return bad(l, path, "%s", cadcom_error_message(cadcom_error_last()));
	}
	return 0;
}

static int load_members(struct load *l, json_t *arr)
{
	static const char *const fields[] = { "group", "members", NULL };
	char path[128], sub[192];
	size_t i, j;
	json_t *e, *m;
	int rc = 0;

	if (!json_is_array(arr))
		return bad(l, "members", "%s", "members must be an array");
	json_array_foreach(arr, i, e) {
		const char *group_text;
		cadcom_sid *group = NULL;
		json_t *list;
		snprintf(path, sizeof(path), "members[%zu]", i);
		if (!json_is_object(e))
			return bad(l, path, "%s", "an entry must be an object");
		if ((rc = only_fields(l, e, path, fields)))
			return rc;
		if (!(group_text = string_field(l, e, path, "group", true, &rc)))
			return rc;
		snprintf(sub, sizeof(sub), "%s.group", path);
		if ((rc = parse_sid(l, group_text, sub, &group)))
			return rc;
		list = json_object_get(e, "members");
		snprintf(sub, sizeof(sub), "%s.members", path);
		if (!json_is_array(list))
			rc = bad(l, sub, "%s", "members must be an array of SIDs");
		json_array_foreach(list, j, m) {
			cadcom_sid *member = NULL;
			if (rc)
				break;
			snprintf(sub, sizeof(sub), "%s.members[%zu]", path, j);
			if (!json_is_string(m))
				rc = bad(l, sub, "%s", "a member is a SID string");
			else if ((rc = parse_sid(l, json_string_value(m), sub, &member)) == 0 &&
				 cadcom_directory_add_member(l->t->dir, group, member) < 0)
				rc = bad(l, sub, "%s", cadcom_error_message(cadcom_error_last()));
			cadcom_sid_free(member);
		}
		cadcom_sid_free(group);
		if (rc)
			return rc;
	}
	return 0;
}

int cadcom_target_open_snapshot(cadcom_target **out, const char *json, size_t len,
				const char *source)
{
	static const char *const fields[] = { "format", "domain_sid", "registry", "principals",
					      "members", NULL };
	struct load l = { source ? source : "(snapshot)", json, len, NULL, NULL };
	json_error_t jerr;
	json_t *root, *v;
	const char *format, *dom;
	int rc = 0;

	if (!out || !json)
		return cadcom__error(CADCOM_EINVAL, -1, "snapshot: NULL argument");
	if (len > SNAPSHOT_MAX_BYTES)
		return cadcom__error(CADCOM_ELIMIT, -1, "%s: larger than %u bytes", l.source,
				     SNAPSHOT_MAX_BYTES);
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return cadcom__error(CADCOM_EPARSE, jerr.position, "%s:%d:%d: %s", l.source,
				     jerr.line, jerr.column, jerr.text);
	if (!json_is_object(root)) {
		rc = bad(&l, "", "%s", "a snapshot is a JSON object");
		goto out;
	}
	if ((rc = only_fields(&l, root, "", fields)))
		goto out;
	format = string_field(&l, root, "", "format", true, &rc);
	if (rc)
		goto out;
	if (strcmp(format, SNAPSHOT_FORMAT) != 0) {
		rc = bad(&l, "format", "expected \"" SNAPSHOT_FORMAT "\", not \"%s\"", format);
		goto out;
	}
	dom = string_field(&l, root, "", "domain_sid", false, &rc);
	if (rc || (dom && (rc = parse_sid(&l, dom, "domain_sid", &l.domain))))
		goto out;
	if ((rc = cadcom_target_open_memory(&l.t)))
		goto out;
	if ((v = json_object_get(root, "registry")) && (rc = load_registry(&l, v)))
		goto out;
	if ((v = json_object_get(root, "principals")) && (rc = load_principals(&l, v)))
		goto out;
	if ((v = json_object_get(root, "members")) && (rc = load_members(&l, v)))
		goto out;
	*out = l.t;
	l.t = NULL;
out:
	cadcom_target_free(l.t);
	cadcom_sid_free(l.domain);
	json_decref(root);
	return rc;
}

/* ---- writing a snapshot ---------------------------------------------------- */

static const char *type_name(int type)
{
	return type >= 0 && type <= CADCOM_REG_QWORD ? cadcom__reg_type_names[type] : NULL;
}

/* The SDDL of a binary descriptor when reading that SDDL gives exactly these
 * bytes back (not every binary descriptor can say so: an audit ACE in a DACL
 * formats, but SDDL does not accept it there), else NULL. */
static char *exact_sddl(const unsigned char *data, size_t len)
{
	cadcom_sd *sd = NULL, *again = NULL;
	unsigned char *back = NULL;
	size_t back_len = 0;
	char *text = NULL;
	bool same = cadcom_sd_from_bytes(&sd, data, len) == 0 &&
		    cadcom_sd_to_sddl(sd, NULL, 0, &text) == 0 &&
		    cadcom_sd_from_sddl(&again, text, NULL) == 0 &&
		    cadcom_sd_to_bytes(again, &back, &back_len) == 0 && back_len == len &&
		    memcmp(back, data, len) == 0;

	cadcom_sd_free(sd);
	cadcom_sd_free(again);
	cadcom_free(back);
	if (!same) {
		cadcom_free(text);
		return NULL;
	}
	return text;
}

/* The most readable form that gives the same bytes back. */
static int value_json(json_t *o, int type, const unsigned char *data, size_t len)
{
	char *text = NULL, *hex;
	unsigned char *back = NULL;
	size_t back_len = 0;
	bool same = false;

	if (type == CADCOM_REG_BINARY && (text = exact_sddl(data, len))) {
		json_object_set_new(o, "sddl", json_string(text));
		same = true;
	} else if ((type == CADCOM_REG_SZ || type == CADCOM_REG_EXPAND_SZ) &&
		   cadcom_reg_sz_decode(data, len, &text) == 0 &&
		   cadcom_reg_sz_encode(text, &back, &back_len) == 0 && back_len == len &&
		   memcmp(back, data, len) == 0) {
		json_object_set_new(o, "string", json_string(text));
		same = true;
	} else if (type == CADCOM_REG_DWORD && len == 4) {
		json_object_set_new(o, "dword", json_integer((json_int_t)cadcom__le32(data)));
		same = true;
	}
	cadcom_free(text);
	cadcom_free(back);
	if (same)
		return 0;
	hex = malloc(len * 3 + 1);
	if (!hex)
		return cadcom__enomem();
	hex[0] = '\0';
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 3 * i, 4, i + 1 < len ? "%02x," : "%02x", data[i]);
	json_object_set_new(o, "hex", json_string(hex));
	free(hex);
	return 0;
}

static int save_key(cadcom_registry *reg, const char *key, json_t *arr)
{
	json_t *values = json_array();
	char *name = NULL, *sub = NULL, *child;
	int rc = 0;

	for (size_t i = 0; rc == 0 && cadcom_registry_value_name(reg, key, i, &name) == 0; i++) {
		unsigned char *data = NULL;
		size_t len;
		int type;
		json_t *o = json_object();
		rc = cadcom_registry_get(reg, key, name, &type, &data, &len);
		json_object_set_new(o, "name", json_string(name));
		if (rc == 0 && type_name(type))
			json_object_set_new(o, "type", json_string(type_name(type)));
		else if (rc == 0)
			rc = cadcom__error(CADCOM_EUNREPRESENTABLE, -1,
					   "snapshot: %s\\%s has type %d, which the snapshot "
					   "format cannot name", key, name, type);
		if (rc == 0)
			rc = value_json(o, type, data, len);
		json_array_append_new(values, o);
		cadcom_free(data);
		cadcom_free(name);
		name = NULL;
	}
	/* A key is listed when it holds values, or when it is an empty leaf
	 * (so that empty keys survive); the always-present roots are not. */
	if (json_array_size(values) ||
	    (strchr(key, '\\') && cadcom_registry_subkey(reg, key, 0, &sub) == CADCOM_ENOTFOUND)) {
		json_t *entry = json_object();
		json_object_set_new(entry, "key", json_string(key));
		json_object_set_new(entry, "values", values);
		json_array_append_new(arr, entry);
	} else {
		json_decref(values);
	}
	cadcom_free(sub);
	sub = NULL;
	for (size_t i = 0; rc == 0 && cadcom_registry_subkey(reg, key, i, &sub) == 0; i++) {
		child = malloc(strlen(key) + strlen(sub) + 2);
		if (!child) {
			rc = cadcom__enomem();
		} else {
			sprintf(child, "%s\\%s", key, sub);
			rc = save_key(reg, child, arr);
			free(child);
		}
		cadcom_free(sub);
		sub = NULL;
	}
	return rc;
}

static int save_directory(cadcom_directory *dir, json_t *root)
{
	json_t *principals = json_array(), *members = json_array();
	struct cadcom_sid sid;
	const char *name;
	int kind, scope, rc = 0;
	char *text = NULL;

	json_object_set_new(root, "principals", principals);
	json_object_set_new(root, "members", members);
	if (!dir->ops->principal)
		return 0;
	for (size_t i = 0; rc == 0 && dir->ops->principal(dir->impl, i, &sid, &name, &kind, &scope) == 0;
	     i++) {
		json_t *o = json_object(), *list = NULL;
		cadcom_sid *m = NULL;
		rc = cadcom_sid_to_string(&sid, &text);
		json_object_set_new(o, "sid", json_string(text ? text : ""));
		if (name)
			json_object_set_new(o, "name", json_string(name));
		if (kind > 0 && kind < (int)ARRAY_SIZE(kinds))
			json_object_set_new(o, "kind", json_string(kinds[kind]));
		if (scope > 0 && scope < (int)ARRAY_SIZE(scopes))
			json_object_set_new(o, "scope", json_string(scopes[scope]));
		json_array_append_new(principals, o);
		for (size_t j = 0; rc == 0 && cadcom_directory_member(dir, &sid, j, &m) == 0; j++) {
			char *mt = NULL;
			if (!list) {
				json_t *e = json_object();
				list = json_array();
				json_object_set_new(e, "group", json_string(text ? text : ""));
				json_object_set_new(e, "members", list);
				json_array_append_new(members, e);
			}
			rc = cadcom_sid_to_string(m, &mt);
			json_array_append_new(list, json_string(mt ? mt : ""));
			cadcom_free(mt);
			cadcom_sid_free(m);
			m = NULL;
		}
		cadcom_free(text);
		text = NULL;
	}
	return rc;
}

int cadcom_target_snapshot(cadcom_target *t, char **out)
{
	json_t *root, *registry;
	int rc = 0;

	if (!t || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "snapshot: NULL argument");
	root = json_object();
	registry = json_array();
	json_object_set_new(root, "format", json_string(SNAPSHOT_FORMAT));
	json_object_set_new(root, "registry", registry);
	for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(roots); i++)
		if (cadcom_registry_key_exists(t->reg, roots[i]) == 1)
			rc = save_key(t->reg, roots[i], registry);
	if (rc == 0)
		rc = save_directory(t->dir, root);
	if (rc) {
		json_decref(root);
		return rc;
	}
	return cadcom__json_dump(root, out);
}
