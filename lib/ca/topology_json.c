/*
 * A topology as JSON (doc/TOPOLOGY.md): the reader and the writer.  The
 * reader goes through the same setters as API callers (topology.c), so each
 * rule is written once; it adds only where the offending field is
 * ("topo.json:4: ca.role: ...").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "topology_internal.h"
#include "ca_internal.h"

#define TOPOLOGY_FORMAT "cadcom-topology-1"
#define TOPOLOGY_JSON_MIB 1
#define PATH_LEN 256

/* ---- JSON ------------------------------------------------------------- */

/* JSON words by value (role_names[CADCOM_ROLE_DC] = "dc"). */
static const char *const role_names[] = {
	[CADCOM_ROLE_MEMBER] = "member", [CADCOM_ROLE_DC] = "dc",
	[CADCOM_ROLE_STANDALONE] = "standalone",
};
static const char *const trust_names[] = {
	[CADCOM_TRUST_EXTERNAL] = "external", [CADCOM_TRUST_FOREST] = "forest",
};

/* The value whose word is `word`, or 0. */
static int word_value(const char *const *names, size_t n, const char *word)
{
	for (size_t i = 1; i < n; i++)
		if (names[i] && strcmp(names[i], word) == 0)
			return (int)i;
	return 0;
}

/* The text being read, for messages that name its source and line. */
struct jin {
	const char *source, *text;
	size_t len;
};

static int jfail(const struct jin *in, int code, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int jfail(const struct jin *in, int code, const char *path, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!*path)
		return cadcom__error(code, -1, "%s: top level: %s", in->source, msg);
	return cadcom__json_error(code, in->source, in->text, in->len, path, "%s", msg);
}

/* Report again, at `path`, the error a setter has just recorded. */
static int jrefail(const struct jin *in, int rc, const char *path)
{
	const char *m = cadcom_error_message(cadcom_error_last());
	char msg[512];

	if (rc == CADCOM_ENOMEM)
		return rc;
	if (strncmp(m, "topology: ", 10) == 0)
		m += 10;
	snprintf(msg, sizeof(msg), "%s", m); /* copied: jfail() overwrites it */
	return jfail(in, rc, path, "%s", msg);
}

/* "ca" + "role" -> "ca.role".  A path only names a field in a message, so
 * an absurdly long key is cut (snprintf() ends the text). */
static const char *join(char out[PATH_LEN], const char *path, const char *key)
{
	int n = snprintf(out, PATH_LEN, "%s%s%s", path, *path ? "." : "", key);

	return n < 0 ? "" : out;
}

static const char *join_index(char out[PATH_LEN], const char *path, size_t i)
{
	int n = snprintf(out, PATH_LEN, "%s[%zu]", path, i);

	return n < 0 ? "" : out;
}

const char *cadcom__json_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real number";
	case JSON_TRUE: return "true";
	case JSON_FALSE: return "false";
	default: return "null";
	}
}

enum want { W_STRING, W_INTEGER, W_BOOL, W_OBJECT, W_ARRAY };
static const char *const want_words[] = { "a string", "an integer", "true or false",
					  "an object", "an array" };

static int need_type(const struct jin *in, const json_t *v, const char *path, enum want w)
{
	static const json_type types[] = { JSON_STRING, JSON_INTEGER, JSON_TRUE, JSON_OBJECT,
					   JSON_ARRAY };

	if (json_typeof(v) == types[w] || (w == W_BOOL && json_is_boolean(v)))
		return 0;
	return jfail(in, CADCOM_EPARSE, path, "must be %s, not %s", want_words[w],
		     cadcom__json_kind(v));
}

/* Every key of `obj` must be in `known`: a misspelt optional field would
 * otherwise be ignored without a word. */
static int known_fields(const struct jin *in, json_t *obj, const char *path,
			const char *const *known, const char *list)
{
	const char *key = cadcom__json_unknown_key(obj, known);
	char sub[PATH_LEN];

	if (key)
		return jfail(in, CADCOM_EPARSE, join(sub, path, key), "unknown field; %s has %s",
			     *path ? path : "the top level", list);
	return 0;
}

/* Field `key` of `obj` (at `path`) as *out, of type `w`; NULL when absent
 * and not required. */
static int field(const struct jin *in, json_t *obj, const char *path, const char *key,
		 enum want w, bool required, json_t **out)
{
	char sub[PATH_LEN];

	*out = json_object_get(obj, key);
	if (!*out)
		return required ? jfail(in, CADCOM_EPARSE, path, "missing field \"%s\"", key) : 0;
	return need_type(in, *out, join(sub, path, key), w);
}

/* A string field as C text (NULL when absent and optional). */
static int string_field(const struct jin *in, json_t *obj, const char *path, const char *key,
			bool required, const char **out)
{
	json_t *v;
	int rc = field(in, obj, path, key, W_STRING, required, &v);

	*out = v ? json_string_value(v) : NULL;
	return rc;
}

/* An optional SID field, in the numeric form to_json() writes. */
static int sid_field(const struct jin *in, json_t *obj, const char *path, const char *key,
		     struct cadcom_sid *out, bool *present)
{
	char sub[PATH_LEN], msg[400];
	cadcom_sid *sid = NULL;
	const char *text;
	int rc;

	*present = false;
	if ((rc = string_field(in, obj, path, key, false, &text)) || !text)
		return rc;
	join(sub, path, key);
	if ((text[0] != 'S' && text[0] != 's') || text[1] != '-')
		return jfail(in, CADCOM_EPARSE, sub, "\"%s\" is not a SID (S-1-...)", text);
	if ((rc = cadcom_sid_from_string(&sid, text, NULL))) {
		snprintf(msg, sizeof(msg), "%s", cadcom_error_message(cadcom_error_last()));
		return rc == CADCOM_ENOMEM ? rc : jfail(in, CADCOM_EPARSE, sub,
							"\"%s\" is not a SID (%s)", text, msg);
	}
	*out = *sid;
	*present = true;
	cadcom_sid_free(sid);
	return 0;
}

static const char *const root_fields[] = { "format", "ca", "domains", "trusts", "enroll", NULL };
static const char *const ca_fields[] = { "host", "name", "role", "generation", "domain",
					 "machine_sid", "group_sid", NULL };
static const char *const domain_fields[] = { "name", "netbios", "sid", "forest", NULL };
static const char *const trust_fields[] = { "trusting", "trusted", "kind", NULL };
static const char *const enroll_fields[] = { "domains", "domain_controllers", NULL };

/* "ca" but its domain, which needs the domains first. */
static int read_ca(const struct jin *in, cadcom_topology *t, json_t *ca)
{
	const char *host, *role, *name;
	struct cadcom_sid sid;
	bool present;
	json_t *gen;
	int r, rc;

	if ((rc = known_fields(in, ca, "ca", ca_fields,
			       "host, name, role, generation, domain, machine_sid and group_sid")) ||
	    (rc = string_field(in, ca, "ca", "host", true, &host)) ||
	    (rc = string_field(in, ca, "ca", "name", false, &name)) ||
	    (rc = string_field(in, ca, "ca", "role", true, &role)) ||
	    (rc = field(in, ca, "ca", "generation", W_INTEGER, true, &gen)))
		return rc;
	if (!(r = word_value(role_names, ARRAY_SIZE(role_names), role)))
		return jfail(in, CADCOM_EPARSE, "ca.role",
			     "unknown role \"%s\" (expected \"member\", \"dc\" or \"standalone\")", role);
	if (json_integer_value(gen) != CADCOM_GENERATION_2003 &&
	    json_integer_value(gen) != CADCOM_GENERATION_2008)
		return jfail(in, CADCOM_EPARSE, "ca.generation",
			     "unknown generation %lld (expected 2003 for Windows Server 2003 SP1, or "
			     "2008 for Windows Server 2008 and later)", (long long)json_integer_value(gen));
	if ((rc = cadcom_topology_set_host(t, host, r, (int)json_integer_value(gen))))
		return jrefail(in, rc, "ca.host");
	if (name && (rc = cadcom_topology_set_ca_name(t, name)))
		return jrefail(in, rc, "ca.name");
	if ((rc = sid_field(in, ca, "ca", "machine_sid", &sid, &present)))
		return rc;
	if (present && (rc = cadcom_topology_set_machine_sid(t, &sid)))
		return jrefail(in, rc, "ca.machine_sid");
	if ((rc = sid_field(in, ca, "ca", "group_sid", &sid, &present)))
		return rc;
	if (present && (rc = cadcom_topology_set_group_sid(t, &sid)))
		return jrefail(in, rc, "ca.group_sid");
	return 0;
}

static int read_domain(const struct jin *in, cadcom_topology *t, json_t *d, const char *path)
{
	const char *name, *netbios, *forest, *what;
	char sub[PATH_LEN];
	struct cadcom_sid sid;
	bool present;
	int rc;

	if ((rc = need_type(in, d, path, W_OBJECT)) ||
	    (rc = known_fields(in, d, path, domain_fields, "name, netbios, sid and forest")) ||
	    (rc = string_field(in, d, path, "name", true, &name)) ||
	    (rc = string_field(in, d, path, "netbios", false, &netbios)) ||
	    (rc = sid_field(in, d, path, "sid", &sid, &present)) ||
	    (rc = string_field(in, d, path, "forest", false, &forest)))
		return rc;
	if (!present)
		return jfail(in, CADCOM_EPARSE, path, "missing field \"sid\"");
	if ((rc = cadcom__topology_add_domain(t, name, netbios, &sid, forest, &what)))
		return jrefail(in, rc, join(sub, path, what));
	return 0;
}

static int read_trust(const struct jin *in, cadcom_topology *t, json_t *tr, const char *path)
{
	const char *trusting, *trusted, *kind, *what;
	char sub[PATH_LEN];
	int k, rc;

	if ((rc = need_type(in, tr, path, W_OBJECT)) ||
	    (rc = known_fields(in, tr, path, trust_fields, "trusting, trusted and kind")) ||
	    (rc = string_field(in, tr, path, "trusting", true, &trusting)) ||
	    (rc = string_field(in, tr, path, "trusted", true, &trusted)) ||
	    (rc = string_field(in, tr, path, "kind", true, &kind)))
		return rc;
	if (!(k = word_value(trust_names, ARRAY_SIZE(trust_names), kind)))
		return jfail(in, CADCOM_EPARSE, join(sub, path, "kind"),
			     "unknown trust kind \"%s\" (expected \"external\" or \"forest\")", kind);
	if ((rc = cadcom__topology_add_trust(t, trusting, trusted, k, &what)))
		return jrefail(in, rc, join(sub, path, what));
	return 0;
}

static int read_enroll(const struct jin *in, cadcom_topology *t, json_t *e)
{
	json_t *domains, *dcs, *v;
	char sub[PATH_LEN];
	size_t i;
	int rc;

	if ((rc = known_fields(in, e, "enroll", enroll_fields, "domains and domain_controllers")) ||
	    (rc = field(in, e, "enroll", "domains", W_ARRAY, true, &domains)) ||
	    (rc = field(in, e, "enroll", "domain_controllers", W_BOOL, true, &dcs)))
		return rc;
	json_array_foreach(domains, i, v) {
		join_index(sub, "enroll.domains", i);
		if ((rc = need_type(in, v, sub, W_STRING)))
			return rc;
		if ((rc = cadcom_topology_add_enroll_domain(t, json_string_value(v))))
			return jrefail(in, rc, sub);
	}
	return cadcom_topology_set_dcs_enroll(t, json_is_true(dcs));
}

/* Everything under the (already parsed) root object, in dependency order:
 * the domains before the names that refer to them. */
static int read_root(const struct jin *in, cadcom_topology *t, json_t *root)
{
	json_t *format, *ca, *domains, *trusts, *enroll, *v;
	const char *ca_domain;
	char sub[PATH_LEN];
	struct problem pb;
	size_t i;
	int rc;

	if ((rc = field(in, root, "", "format", W_STRING, true, &format)))
		return rc;
	if (strcmp(json_string_value(format), TOPOLOGY_FORMAT) != 0)
		return jfail(in, CADCOM_EUNSUPPORTED, "format",
			     "unsupported format \"%s\" (expected \"" TOPOLOGY_FORMAT "\")",
			     json_string_value(format));
	if ((rc = known_fields(in, root, "", root_fields,
			       "format, ca, domains, trusts and enroll")) ||
	    (rc = field(in, root, "", "ca", W_OBJECT, true, &ca)) ||
	    (rc = field(in, root, "", "domains", W_ARRAY, true, &domains)) ||
	    (rc = field(in, root, "", "trusts", W_ARRAY, false, &trusts)) ||
	    (rc = field(in, root, "", "enroll", W_OBJECT, true, &enroll)) ||
	    (rc = read_ca(in, t, ca)))
		return rc;
	json_array_foreach(domains, i, v)
		if ((rc = read_domain(in, t, v, join_index(sub, "domains", i))))
			return rc;
	if ((rc = string_field(in, ca, "ca", "domain", false, &ca_domain)))
		return rc;
	if (ca_domain && (rc = cadcom_topology_set_ca_domain(t, ca_domain)))
		return jrefail(in, rc, "ca.domain");
	json_array_foreach(trusts, i, v) /* NULL (absent): no iterations */
		if ((rc = read_trust(in, t, v, join_index(sub, "trusts", i))))
			return rc;
	if ((rc = read_enroll(in, t, enroll)))
		return rc;
	if (cadcom__topology_check(t, &pb))
		return jfail(in, pb.code, pb.path, "%s", pb.msg);
	return 0;
}

int cadcom_topology_from_json(cadcom_topology **out, const char *json, size_t len,
			      const char *source)
{
	struct jin in = { source ? source : "(json)", json, len };
	cadcom_topology *t = NULL;
	json_t *root;
	int rc;

	if (out)
		*out = NULL;
	if (!out || !json)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument");
	if ((rc = cadcom__json_load(json, len, in.source, "topology", TOPOLOGY_JSON_MIB, &root)))
		return rc;
	if (!json_is_object(root))
		rc = jfail(&in, CADCOM_EPARSE, "", "a topology is a JSON object, not %s",
			   cadcom__json_kind(root));
	else if (!(rc = cadcom_topology_new(&t)))
		rc = read_root(&in, t, root);
	json_decref(root);
	if (rc) {
		cadcom_topology_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

/* The JSON form of everything set, in the order doc/TOPOLOGY.md gives. */
static json_t *topology_json(const cadcom_topology *t)
{
	char msid[SID_TEXT_MAX], gsid[SID_TEXT_MAX], sid[SID_TEXT_MAX];
	json_t *root, *domains = json_array(), *trusts = json_array(), *enroll = json_array();
	bool ok = domains && trusts && enroll;

	if (t->has_machine_sid)
		ok &= cadcom__topology_sid_string(&t->machine_sid, msid);
	if (t->has_group_sid)
		ok &= cadcom__topology_sid_string(&t->group_sid, gsid);
	for (size_t i = 0; ok && i < t->ndomains; i++) {
		const struct topo_domain *d = &t->domains[i];
		ok = cadcom__topology_sid_string(&d->sid, sid) &&
		     json_array_append_new(domains,
					   json_pack("{s:s, s:s, s:s, s:s}", "name", d->name,
						     "netbios", d->netbios, "sid", sid, "forest",
						     t->domains[d->root].name)) == 0 &&
		     (!d->enrolls || json_array_append_new(enroll, json_string(d->name)) == 0);
	}
	for (size_t i = 0; ok && i < t->ntrusts; i++) {
		const struct topo_trust *tr = &t->trusts[i];
		ok = json_array_append_new(trusts,
					   json_pack("{s:s, s:s, s:s}", "trusting",
						     t->domains[tr->trusting].name, "trusted",
						     t->domains[tr->trusted].name, "kind",
						     trust_names[tr->kind])) == 0;
	}
	if (!ok) {
		json_decref(domains);
		json_decref(trusts);
		json_decref(enroll);
		return NULL;
	}
	/* "o" steals the references, also when json_pack fails. */
	root = json_pack("{s:s, s:{s:s, s:s*, s:s, s:i, s:s*, s:s*, s:s*}, s:o, s:o, s:{s:o, s:b}}",
			 "format", TOPOLOGY_FORMAT, "ca", "host", t->host, "name", t->ca_name,
			 "role", role_names[t->role], "generation", t->generation, "domain",
			 t->ca_domain >= 0 ? t->domains[t->ca_domain].name : NULL,
			 "machine_sid", t->has_machine_sid ? msid : NULL, "group_sid",
			 t->has_group_sid ? gsid : NULL, "domains", domains, "trusts", trusts,
			 "enroll", "domains", enroll, "domain_controllers", t->dcs_enroll);
	return root;
}

int cadcom_topology_to_json(const cadcom_topology *t, char **out)
{
	const size_t flags = JSON_INDENT(2) | JSON_PRESERVE_ORDER;
	size_t n;
	json_t *root;
	char *s;

	if (out)
		*out = NULL;
	if (!t || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument");
	if (!t->host)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: the CA host is not set (its name, role and generation)");
	if (!(root = topology_json(t)))
		return cadcom__enomem();
	/* Into our own buffer: the caller frees with cadcom_free(), which need
	 * not be jansson's allocator. */
	n = json_dumpb(root, NULL, 0, flags);
	if (n && (s = malloc(n + 2))) {
		if (json_dumpb(root, s, n, flags) == n) {
			s[n] = '\n';
			s[n + 1] = '\0';
			*out = s;
		} else {
			free(s);
		}
	}
	json_decref(root);
	return *out ? 0 : cadcom__enomem();
}
