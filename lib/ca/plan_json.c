/*
 * A plan as JSON for programs (doc/CA.md "The plan as JSON"), and that JSON
 * read back: review a plan, then apply it as it was written.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "ca_internal.h"

/* ---- JSON (doc/CA.md "The plan as JSON") -------------------------------- */

#define PLAN_FORMAT "cadcom-plan-1"
/* Far above any real plan (a forest's is a few KB); bounds the work. */
#define PLAN_JSON_MIB 16
#define PATH_LEN 64

static json_t *sid_json(const struct cadcom_sid *sid)
{
	char *text = NULL;
	json_t *j;

	if (!sid->revision)
		return json_null(); /* a group still to be created */
	cadcom_sid_to_string(sid, &text);
	j = text ? json_string(text) : NULL;
	cadcom_free(text);
	return j;
}

static json_t *text_json(const char *text)
{
	return text ? json_string(text) : json_null();
}

/* Put `v` in `o`; a NULL `v` (no memory, or a text that is not UTF-8)
 * spoils the whole: a plan missing a field could not be read back. */
static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (json_object_set_new(o, key, v))
		*ok = false;
}

/* A new array under `key` of `o`, borrowed; NULL (and *ok false) when it
 * cannot be made. */
static json_t *put_list(json_t *o, const char *key, bool *ok)
{
	json_t *list = json_array();

	if (!list || json_object_set_new(o, key, list)) {
		*ok = false;
		return NULL; /* json_object_set_new() released it */
	}
	return list;
}

static json_t *action_json(const struct action *a, bool *ok)
{
	json_t *o = json_object();

	if (!o) {
		*ok = false;
		return NULL;
	}
	put(o, "kind", text_json(cadcom__plan_word(&cadcom__kind_words, a->kind)), ok);
	put(o, "layer", json_string(cadcom__layer_name(a->layer)), ok);
	put(o, "text", json_string(a->text), ok);
	if (a->kind == CADCOM_ACTION_SET_VALUE) {
		char *sddl = cadcom__value_sddl(a->data, a->len);
		put(o, "key", json_string(a->key), ok);
		put(o, "name", json_string(a->name), ok);
		put(o, "type", text_json(cadcom__plan_word(&cadcom__type_words, a->type)), ok);
		put(o, "hex", cadcom__json_hex(a->data, a->len), ok);
		put(o, "sddl", text_json(sddl), ok);
		put(o, "old_type", a->had_old ? text_json(cadcom__plan_word(&cadcom__type_words, a->old_type))
					      : json_null(), ok);
		put(o, "old_hex", a->had_old ? cadcom__json_hex(a->old, a->old_len) : json_null(), ok);
		cadcom_free(sddl);
	} else {
		put(o, "group", sid_json(&a->group), ok);
		if (a->kind == CADCOM_ACTION_ADD_MEMBER)
			put(o, "member", sid_json(&a->member), ok);
	}
	return o;
}

int cadcom_plan_to_json(const cadcom_plan *p, char **out)
{
	json_t *root, *list;
	bool ok = true;

	if (!p || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: NULL argument");
	if (!(root = json_object()))
		return cadcom__enomem();
	put(root, "format", json_string(PLAN_FORMAT), &ok);
	list = put_list(root, "assumptions", &ok);
	for (size_t i = 0; list && i < p->n_assumptions; i++)
		if (json_array_append_new(list, json_string(p->assumptions[i])))
			ok = false;
	list = put_list(root, "findings", &ok);
	for (size_t i = 0; list && i < p->n_findings; i++) {
		const struct finding *f = &p->findings[i];
		json_t *o = json_object();

		if (json_array_append_new(list, o)) {
			ok = false;
			continue;
		}
		put(o, "severity", json_string(cadcom__severity_name(f->severity)), &ok);
		put(o, "layer", json_string(cadcom__layer_name(f->layer)), &ok);
		put(o, "text", json_string(f->text), &ok);
		put(o, "evidence", text_json(f->evidence), &ok);
		put(o, "fix", text_json(f->fix), &ok);
	}
	list = put_list(root, "actions", &ok);
	for (size_t i = 0; list && i < p->n_actions; i++) {
		json_t *o = action_json(&p->actions[i], &ok);

		if (json_array_append_new(list, o))
			ok = false;
	}
	if (!ok) {
		json_decref(root);
		return cadcom__error(CADCOM_EUNREPRESENTABLE, -1,
				     "plan: cannot be written as JSON (a text that is not UTF-8, or "
				     "out of memory)");
	}
	return cadcom__json_dump(root, out);
}

/* ---- reading it back ------------------------------------------------------
 * Strict: a plan is applied as it reads, so every word must be one the
 * writer uses, every field one it writes, and what does not fit is an error
 * at its line ("plan.json:14: actions[2].hex: ...", json_where.c). */

struct pin {
	const char *source, *text;
	size_t len;
	struct cadcom_plan *plan;
};

static int pfail(const struct pin *in, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int pfail(const struct pin *in, const char *path, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!*path)
		return cadcom__error(CADCOM_EPARSE, -1, "%s: top level: %s", in->source, msg);
	return cadcom__json_error(CADCOM_EPARSE, in->source, in->text, in->len, path, "%s", msg);
}

static const char *sub(char out[PATH_LEN], const char *path, const char *key)
{
	/* Paths only name fields in messages: one cut short still helps. */
	size_t n = strnlen(path, PATH_LEN - 2), k;

	memcpy(out, path, n);
	if (n)
		out[n++] = '.';
	k = strnlen(key, PATH_LEN - 1 - n);
	memcpy(out + n, key, k);
	out[n + k] = '\0';
	return out;
}

/* Every key of `obj` must be in `known` (NULL-terminated, `list` says them
 * for people): a misspelt field would otherwise be ignored without a word. */
static int known_fields(const struct pin *in, json_t *obj, const char *path,
			const char *const *known, const char *list)
{
	const char *key = cadcom__json_unknown_key(obj, known);
	char p[PATH_LEN];

	if (key)
		return pfail(in, sub(p, path, key), "unknown field; %s has %s",
			     *path ? path : "a plan", list);
	return 0;
}

/* Field `key`: a string, or NULL for JSON null when `nullable`; absent only
 * when `optional` (then NULL too). */
static int str_field(const struct pin *in, json_t *obj, const char *path, const char *key,
		     bool nullable, bool optional, const char **out)
{
	json_t *v = json_object_get(obj, key);
	char p[PATH_LEN];

	*out = NULL;
	if (!v)
		return optional ? 0 : pfail(in, path, "missing field \"%s\"", key);
	if (json_is_string(v))
		*out = json_string_value(v);
	else if (!nullable || !json_is_null(v))
		return pfail(in, sub(p, path, key), "must be a string%s, not %s",
			     nullable ? " or null" : "", cadcom__json_kind(v));
	return 0;
}

/* A word of `words` as the value it names. */
static int word_field(const struct pin *in, json_t *obj, const char *path, const char *key,
		      const struct plan_words *words, const char *what, int *out)
{
	char p[PATH_LEN];
	const char *w;
	int rc = str_field(in, obj, path, key, false, false, &w);

	if (rc)
		return rc;
	for (size_t i = 0; i < words->n; i++)
		if (words->word[i] && strcmp(words->word[i], w) == 0) {
			*out = (int)i;
			return 0;
		}
	return pfail(in, sub(p, path, key), "unknown %s \"%.64s\"", what, w);
}

/* A hex field (lower or upper case) as new bytes; null when `nullable`
 * gives *present false. */
static int hex_field(const struct pin *in, json_t *obj, const char *path, const char *key,
		     bool nullable, unsigned char **out, size_t *len, bool *present)
{
	char p[PATH_LEN];
	const char *h;
	size_t n;
	int rc = str_field(in, obj, path, key, nullable, false, &h);

	*out = NULL;
	*len = 0;
	*present = h != NULL;
	if (rc || !h)
		return rc;
	n = json_string_length(json_object_get(obj, key));
	if (n % 2)
		return pfail(in, sub(p, path, key), "odd number of hex digits (%zu)", n);
	for (size_t i = 0; i < n; i++)
		if (cadcom__hexval((unsigned char)h[i]) < 0)
			return pfail(in, sub(p, path, key), "character %zu is not a hex digit", i + 1);
	if (!(*out = malloc(n / 2 ? n / 2 : 1)))
		return cadcom__enomem();
	for (size_t i = 0; i < n / 2; i++)
		(*out)[i] = (unsigned char)(cadcom__hexval((unsigned char)h[2 * i]) << 4 |
					    cadcom__hexval((unsigned char)h[2 * i + 1]));
	*len = n / 2;
	return 0;
}

/* A SID field in the numeric form the writer uses; null gives a zero SID
 * (a group still to be created) when `nullable`. */
static int sid_field(const struct pin *in, json_t *obj, const char *path, const char *key,
		     bool nullable, struct cadcom_sid *out)
{
	char p[PATH_LEN], msg[300];
	cadcom_sid *sid = NULL;
	const char *t;
	int rc = str_field(in, obj, path, key, nullable, false, &t);

	memset(out, 0, sizeof(*out));
	if (rc || !t)
		return rc;
	if (t[0] != 'S' || t[1] != '-')
		return pfail(in, sub(p, path, key), "\"%.64s\" is not a SID (S-1-...)", t);
	if ((rc = cadcom_sid_from_string(&sid, t, NULL))) {
		snprintf(msg, sizeof(msg), "%s", cadcom_error_message(cadcom_error_last()));
		return rc == CADCOM_ENOMEM ? rc : pfail(in, sub(p, path, key), "not a SID (%s)", msg);
	}
	*out = *sid;
	cadcom_sid_free(sid);
	return 0;
}

/* "sddl" only shows the new value: when given it must say what hex says,
 * or someone edited one without the other and the plan is ambiguous. */
static int check_sddl(const struct pin *in, json_t *obj, const char *path,
		      const struct action *a)
{
	char p[PATH_LEN], *now = NULL;
	cadcom_sd *given = NULL, *sd = NULL;
	const char *text;
	int rc = str_field(in, obj, path, "sddl", true, true, &text);

	if (rc || !text)
		return rc;
	sub(p, path, "sddl");
	if (cadcom_sd_from_bytes(&sd, a->data, a->len) != 0)
		rc = pfail(in, p, "hex is not a security descriptor; sddl must be null");
	else if (!(now = cadcom__value_sddl(a->data, a->len)) || strcmp(now, text) != 0) {
		/* Another release may write the same descriptor otherwise. */
		if (cadcom_sd_from_sddl(&given, text, NULL) != 0 || !cadcom_sd_equal(given, sd))
			rc = pfail(in, p, "does not describe hex (the value written); change both "
				   "or set sddl to null");
	}
	cadcom_free(now);
	cadcom_sd_free(given);
	cadcom_sd_free(sd);
	return rc;
}

static const char *const value_fields[] = { "kind", "layer", "text", "key", "name", "type", "hex",
					    "sddl", "old_type", "old_hex", NULL };
static const char *const group_fields[] = { "kind", "layer", "text", "group", NULL };
static const char *const member_fields[] = { "kind", "layer", "text", "group", "member", NULL };

static int read_value(const struct pin *in, json_t *o, const char *path, struct action *a)
{
	const char *key, *name, *old_type;
	char p[PATH_LEN], msg[300];
	bool present;
	int rc;

	if ((rc = known_fields(in, o, path, value_fields,
			       "kind, layer, text, key, name, type, hex, sddl, old_type and "
			       "old_hex")) ||
	    (rc = str_field(in, o, path, "key", false, false, &key)) ||
	    (rc = str_field(in, o, path, "name", false, false, &name)) ||
	    (rc = word_field(in, o, path, "type", &cadcom__type_words, "registry type", &a->type)) ||
	    (rc = hex_field(in, o, path, "hex", false, &a->data, &a->len, &present)) ||
	    (rc = str_field(in, o, path, "old_type", true, false, &old_type)) ||
	    (rc = hex_field(in, o, path, "old_hex", true, &a->old, &a->old_len, &a->had_old)))
		return rc;
	if (!(a->key = cadcom__reg_key_normalize(key))) {
		rc = cadcom_error_code(cadcom_error_last());
		if (rc == CADCOM_ENOMEM)
			return rc;
		snprintf(msg, sizeof(msg), "%s", cadcom_error_message(cadcom_error_last()));
		return pfail(in, sub(p, path, "key"), "%s", msg);
	}
	if (!(a->name = cadcom__strdup(name)))
		return cadcom__enomem();
	/* Windows stores any bytes under any type, but the plan writes these
	 * two only with their own size. */
	if ((a->type == CADCOM_REG_DWORD && a->len != 4) || (a->type == CADCOM_REG_QWORD && a->len != 8))
		return pfail(in, sub(p, path, "hex"), "%zu bytes for a %s value (it takes %d)", a->len,
			     cadcom__plan_word(&cadcom__type_words, a->type), a->type == CADCOM_REG_DWORD ? 4 : 8);
	if (!old_type != !a->had_old) /* named: the one that is null */
		return pfail(in, sub(p, path, old_type ? "old_hex" : "old_type"),
			     "old_type and old_hex are both null (no value now) or both set");
	if (old_type &&
	    (rc = word_field(in, o, path, "old_type", &cadcom__type_words, "registry type", &a->old_type)))
		return rc;
	return check_sddl(in, o, path, a);
}

static int read_action(const struct pin *in, json_t *o, const char *path)
{
	struct action *a;
	const char *text;
	int kind, layer, rc;

	if (!json_is_object(o))
		return pfail(in, path, "an action is an object, not %s", cadcom__json_kind(o));
	if ((rc = word_field(in, o, path, "kind", &cadcom__kind_words, "action kind", &kind)) ||
	    (rc = word_field(in, o, path, "layer", &cadcom__layer_words, "layer", &layer)) ||
	    (rc = str_field(in, o, path, "text", false, false, &text)))
		return rc;
	if (!(a = cadcom__plan_act(in->plan, kind, layer, "%s", text)))
		return cadcom__enomem();
	if (kind == CADCOM_ACTION_SET_VALUE)
		return read_value(in, o, path, a);
	if (kind == CADCOM_ACTION_CREATE_GROUP)
		rc = known_fields(in, o, path, group_fields, "kind, layer, text and group");
	else
		rc = known_fields(in, o, path, member_fields, "kind, layer, text, group and member");
	if (rc || (rc = sid_field(in, o, path, "group", true, &a->group)) ||
	    kind == CADCOM_ACTION_CREATE_GROUP)
		return rc;
	return sid_field(in, o, path, "member", false, &a->member);
}

static const char *const finding_fields[] = { "severity", "layer", "text", "evidence", "fix",
					      NULL };

static int read_finding(const struct pin *in, json_t *o, const char *path)
{
	const char *text, *evidence, *fix;
	struct finding *f;
	int severity, layer, rc;

	if (!json_is_object(o))
		return pfail(in, path, "a finding is an object, not %s", cadcom__json_kind(o));
	if ((rc = known_fields(in, o, path, finding_fields,
			       "severity, layer, text, evidence and fix")) ||
	    (rc = word_field(in, o, path, "severity", &cadcom__severity_words, "severity", &severity)) ||
	    (rc = word_field(in, o, path, "layer", &cadcom__layer_words, "layer", &layer)) ||
	    (rc = str_field(in, o, path, "text", false, false, &text)) ||
	    (rc = str_field(in, o, path, "evidence", true, true, &evidence)) ||
	    (rc = str_field(in, o, path, "fix", true, true, &fix)))
		return rc;
	if (!(f = cadcom__plan_find(in->plan, severity, layer, "%s", text)))
		return cadcom__enomem();
	if ((evidence && !(f->evidence = cadcom__strdup(evidence))) ||
	    (fix && !(f->fix = cadcom__strdup(fix))))
		return cadcom__enomem();
	return 0;
}

static const char *const root_fields[] = { "format", "assumptions", "findings", "actions", NULL };

static int read_root(const struct pin *in, json_t *root)
{
	static const char *const lists[] = { "assumptions", "findings", "actions" };
	json_t *list[ARRAY_SIZE(lists)], *v;
	const char *format;
	char p[PATH_LEN];
	size_t i;
	int rc;

	if ((rc = str_field(in, root, "", "format", false, false, &format)))
		return rc;
	if (strcmp(format, PLAN_FORMAT) != 0)
		return pfail(in, "format", "unknown format \"%.64s\" (expected \"" PLAN_FORMAT "\")",
			     format);
	if ((rc = known_fields(in, root, "", root_fields,
			       "format, assumptions, findings and actions")))
		return rc;
	for (i = 0; i < ARRAY_SIZE(lists); i++) {
		if (!(list[i] = json_object_get(root, lists[i])))
			return pfail(in, "", "missing field \"%s\"", lists[i]);
		if (!json_is_array(list[i]))
			return pfail(in, lists[i], "must be an array, not %s", cadcom__json_kind(list[i]));
	}
	json_array_foreach(list[0], i, v) {
		snprintf(p, sizeof(p), "assumptions[%zu]", i);
		if (!json_is_string(v))
			return pfail(in, p, "an assumption is a string, not %s", cadcom__json_kind(v));
		cadcom__plan_assume(in->plan, "%s", json_string_value(v));
	}
	json_array_foreach(list[1], i, v) {
		snprintf(p, sizeof(p), "findings[%zu]", i);
		if ((rc = read_finding(in, v, p)))
			return rc;
	}
	json_array_foreach(list[2], i, v) {
		snprintf(p, sizeof(p), "actions[%zu]", i);
		if ((rc = read_action(in, v, p)))
			return rc;
	}
	return in->plan->failed ? cadcom__enomem() : 0;
}

int cadcom_plan_from_json(cadcom_plan **out, const char *json, size_t len, const char *source)
{
	struct pin in = { source ? source : "(json)", json, len, NULL };
	json_t *root;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !json)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: NULL argument");
	if ((rc = cadcom__json_load(json, len, in.source, "plan", PLAN_JSON_MIB, &root)))
		return rc;
	if (!json_is_object(root))
		rc = pfail(&in, "", "a plan is a JSON object, not %s", cadcom__json_kind(root));
	else if (!(in.plan = calloc(1, sizeof(*in.plan))))
		rc = cadcom__enomem();
	else
		rc = read_root(&in, root);
	json_decref(root);
	if (rc) {
		cadcom_plan_free(in.plan);
		return rc;
	}
	*out = in.plan;
	return 0;
}
