/*
 * The environment of a CA (include/cadcom/topology.h): the host, its role
 * and generation, the domains and their forests, the trusts, and who enrols.
 * Built through the setters or from JSON (doc/TOPOLOGY.md); validate()
 * checks the whole, since a topology is built piece by piece in any order.
 *
 * The JSON reader (topology_json.c) goes through the same setters as API
 * callers, so each rule is written once; the reader adds only where the
 * offending field is ("topo.json:4: ca.role: ...").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "topology_internal.h"

/* Microsoft's "Active Directory maximum limits" give about 1200 domains per
 * forest; a CA's view holds a few.  The caps keep the quadratic uniqueness
 * checks cheap on hostile input. */
#define TOPOLOGY_MAX_DOMAINS 4096
#define TOPOLOGY_MAX_TRUSTS 4096
#define NETBIOS_MAX 15  /* NetBIOS names: 15 characters and a type byte */
#define DNS_NAME_MAX 253 /* RFC 1035 2.3.4, without the final dot */
#define DNS_LABEL_MAX 63
#define NAME_MAX_CHARS 255 /* host and CA name: a registry key name's limit */

/* ---- small helpers ---------------------------------------------------- */

/* SID text; false only when memory ran out. */
bool cadcom__topology_sid_string(const struct cadcom_sid *sid, char buf[SID_TEXT_MAX])
{
	struct strbuf sb = { 0 };
	bool ok;

	cadcom__sid_format(&sb, sid);
	ok = !sb.failed && sb.buf;
	snprintf(buf, SID_TEXT_MAX, "%s", ok ? sb.buf : "(a SID)");
	free(sb.buf);
	return ok;
}

static const char *sid_text(const struct cadcom_sid *sid, char buf[SID_TEXT_MAX])
{
	cadcom__topology_sid_string(sid, buf);
	return buf;
}

/* DNS and NetBIOS names ignore ASCII case only: a C library's locale could
 * fold more ("I" is not "i" in a Turkish locale). */
static int ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;
		x += (x >= 'A' && x <= 'Z') ? 'a' - 'A' : 0;
		y += (y >= 'A' && y <= 'Z') ? 'a' - 'A' : 0;
		if (x != y || !x)
			return x - y;
	}
}

static bool find_domain(const cadcom_topology *t, const char *name, size_t *at)
{
	for (size_t i = 0; i < t->ndomains; i++)
		if (ascii_casecmp(t->domains[i].name, name) == 0) {
			*at = i;
			return true;
		}
	return false;
}

/* Why `name` is no DNS domain name as AD accepts one (RFC 1123 2.1
 * letters, digits and hyphens), or NULL. */
static const char *dns_problem(const char *name)
{
	size_t len = strlen(name), label = 0;

	if (!len)
		return "it is empty";
	if (len > DNS_NAME_MAX)
		return "it is longer than 253 characters";
	for (size_t i = 0; i <= len; i++) {
		char c = name[i];
		if (c == '.' || c == '\0') {
			if (!label)
				return "it has an empty label";
			if (name[i - 1] == '-')
				return "a label ends with a hyphen";
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-'))
			return "it may hold only letters, digits, hyphens and dots";
		if (c == '-' && !label)
			return "a label starts with a hyphen";
		if (++label > DNS_LABEL_MAX)
			return "a label is longer than 63 characters";
	}
	return NULL;
}

/* Characters Windows refuses in computer and NetBIOS domain names
 * (Microsoft, "Naming conventions in Active Directory"). */
static bool bad_name_char(char c)
{
	return (unsigned char)c <= ' ' || (unsigned char)c >= 0x7f || strchr("\\/:*?\"<>|", c);
}

static const char *netbios_problem(const char *name)
{
	size_t len = strlen(name);

	if (!len)
		return "it is empty";
	if (len > NETBIOS_MAX)
		return "it is longer than 15 characters";
	for (size_t i = 0; i < len; i++)
		if (bad_name_char(name[i]) || name[i] == '.')
			return "it may hold only printable ASCII without spaces, dots or \\/:*?\"<>|";
	return NULL;
}

/* Characters in `s` if to_json() can write it — UTF-8 as jansson checks it
 * (json_string() refuses the rest), no control characters — else -1. */
static long text_chars(const char *s)
{
	json_t *j = json_string(s);
	long n = j ? 0 : -1;

	json_decref(j);
	for (; n >= 0 && *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			n = -1;
		else if ((*s & 0xc0) != 0x80) /* not a continuation byte */
			n++;
	return n;
}

/* ---- building --------------------------------------------------------- */

int cadcom_topology_new(cadcom_topology **out)
{
	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument");
	if (!(*out = calloc(1, sizeof(**out))))
		return cadcom__enomem();
	(*out)->ca_domain = -1;
	return 0;
}

void cadcom_topology_free(cadcom_topology *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->ndomains; i++) {
		free(t->domains[i].name);
		free(t->domains[i].netbios);
	}
	free(t->domains);
	free(t->trusts);
	free(t->host);
	free(t->ca_name);
	free(t);
}

int cadcom_topology_set_host(cadcom_topology *t, const char *host, int role, int generation)
{
	char *copy;

	if (!t || !host)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument to set the host");
	if (!*host || strlen(host) > NAME_MAX_CHARS)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: host name \"%s\" must have 1 to 255 characters", host);
	for (const char *p = host; *p; p++)
		if (bad_name_char(*p))
			return cadcom__error(CADCOM_EINVAL, -1,
					     "topology: host name \"%s\" may hold only printable ASCII "
					     "without spaces or \\/:*?\"<>|", host);
	if (role != CADCOM_ROLE_MEMBER && role != CADCOM_ROLE_DC && role != CADCOM_ROLE_STANDALONE)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: unknown role %d (expected CADCOM_ROLE_MEMBER, "
				     "CADCOM_ROLE_DC or CADCOM_ROLE_STANDALONE)", role);
	if (generation != CADCOM_GENERATION_2003 && generation != CADCOM_GENERATION_2008)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: unknown generation %d (expected 2003 or 2008)",
				     generation);
	if (!(copy = cadcom__strdup(host)))
		return cadcom__enomem();
	free(t->host);
	t->host = copy;
	t->role = role;
	t->generation = generation;
	return 0;
}

int cadcom_topology_set_ca_name(cadcom_topology *t, const char *name)
{
	char *copy = NULL;
	long chars;

	if (!t)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument to set the CA name");
	/* The name is a registry key under CertSvc\Configuration. */
	if (name && ((chars = text_chars(name)) < 1 || chars > NAME_MAX_CHARS || strchr(name, '\\')))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: CA name \"%s\" must be 1 to 255 characters of UTF-8 "
				     "text without control characters or backslashes (it names a "
				     "registry key)", name);
	if (name && !(copy = cadcom__strdup(name)))
		return cadcom__enomem();
	free(t->ca_name);
	t->ca_name = copy;
	return 0;
}

/* add_domain(), naming in *field which argument a failure concerns (the
 * JSON reader points at that field). */
int cadcom__topology_add_domain(cadcom_topology *t, const char *name, const char *netbios,
				const struct cadcom_sid *sid, const char *forest,
				const char **field)
{
	struct topo_domain d = { .root = t->ndomains }, *items;
	char nb[NETBIOS_MAX + 1], buf[SID_TEXT_MAX];
	const char *why;
	size_t at;

	*field = "name";
	if ((why = dns_problem(name)))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: domain name \"%s\" is not a DNS name: %s", name, why);
	if (find_domain(t, name, &at))
		return cadcom__error(CADCOM_EINVAL, -1, "topology: domain \"%s\" is already added",
				     name);
	if (t->ndomains == TOPOLOGY_MAX_DOMAINS)
		return cadcom__error(CADCOM_ELIMIT, -1, "topology: more than %d domains",
				     TOPOLOGY_MAX_DOMAINS);
	*field = "netbios";
	if (!netbios) {
		/* Windows proposes the first DNS label, upper case, cut to 15. */
		size_t n = 0;
		for (; name[n] && name[n] != '.' && n < NETBIOS_MAX; n++)
			nb[n] = (name[n] >= 'a' && name[n] <= 'z') ? (char)(name[n] - 'a' + 'A') : name[n];
		nb[n] = '\0';
		netbios = nb;
	} else if ((why = netbios_problem(netbios))) {
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: NetBIOS name \"%s\" of domain \"%s\" is not valid: %s",
				     netbios, name, why);
	}
	for (size_t i = 0; i < t->ndomains; i++)
		if (ascii_casecmp(t->domains[i].netbios, netbios) == 0)
			return cadcom__error(CADCOM_EINVAL, -1,
					     "topology: NetBIOS name \"%s\" of domain \"%s\" is already "
					     "the NetBIOS name of \"%s\"", netbios, name,
					     t->domains[i].name);
	*field = "sid";
	if (!cadcom__sid_is_domain(sid))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: SID %s of domain \"%s\" is not of the form S-1-5-21-a-b-c",
				     sid_text(sid, buf), name);
	for (size_t i = 0; i < t->ndomains; i++)
		if (cadcom__sid_eq(&t->domains[i].sid, sid))
			return cadcom__error(CADCOM_EINVAL, -1,
					     "topology: SID %s of domain \"%s\" is already the SID of "
					     "\"%s\"", sid_text(sid, buf), name, t->domains[i].name);
	*field = "forest";
	if (forest && ascii_casecmp(forest, name) != 0) {
		if (!find_domain(t, forest, &d.root))
			return cadcom__error(CADCOM_ENOTFOUND, -1,
					     "topology: forest root \"%s\" of domain \"%s\" is not added "
					     "(add the root first)", forest, name);
		if (t->domains[d.root].root != d.root)
			return cadcom__error(CADCOM_EINVAL, -1,
					     "topology: \"%s\", named as the forest root of \"%s\", is "
					     "not a forest root (its root is \"%s\")", forest, name,
					     t->domains[t->domains[d.root].root].name);
	}
	if (!(items = cadcom__grow(t->domains, &t->cap_domains, t->ndomains, sizeof(*items))))
		return cadcom__enomem();
	t->domains = items;
	d.sid = *sid;
	if (!(d.name = cadcom__strdup(name)) || !(d.netbios = cadcom__strdup(netbios))) {
		free(d.name);
		return cadcom__enomem();
	}
	items[t->ndomains++] = d;
	return 0;
}

int cadcom_topology_add_domain(cadcom_topology *t, const char *name, const char *netbios,
			       const cadcom_sid *sid, const char *forest)
{
	const char *field;

	if (!t || !name || !sid)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument to add a domain");
	return cadcom__topology_add_domain(t, name, netbios, sid, forest, &field);
}

int cadcom_topology_set_ca_domain(cadcom_topology *t, const char *name)
{
	size_t at;

	if (!t)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument to set the CA's domain");
	if (!name) {
		t->ca_domain = -1;
		return 0;
	}
	if (!find_domain(t, name, &at))
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "topology: the CA's domain \"%s\" is not added", name);
	t->ca_domain = (long)at;
	return 0;
}

int cadcom_topology_set_machine_sid(cadcom_topology *t, const cadcom_sid *sid)
{
	char buf[SID_TEXT_MAX];

	if (!t)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument to set the machine SID");
	if (sid && !cadcom__sid_is_domain(sid))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: machine SID %s is not of the form S-1-5-21-a-b-c",
				     sid_text(sid, buf));
	if ((t->has_machine_sid = sid != NULL))
		t->machine_sid = *sid;
	return 0;
}

int cadcom_topology_set_group_sid(cadcom_topology *t, const cadcom_sid *sid)
{
	char buf[SID_TEXT_MAX];

	if (!t)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument to set the group SID");
	if (sid && !(sid->authority == 5 && sid->count == 5 && sid->sub[0] == 21))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: group SID %s is not the SID of a domain or computer "
				     "group (S-1-5-21-a-b-c-RID)", sid_text(sid, buf));
	if ((t->has_group_sid = sid != NULL))
		t->group_sid = *sid;
	return 0;
}

/* add_trust(), naming in *field the argument a failure concerns. */
int cadcom__topology_add_trust(cadcom_topology *t, const char *trusting, const char *trusted,
			       int kind, const char **field)
{
	struct topo_trust *items;
	size_t a, b;

	*field = "kind";
	if (kind != CADCOM_TRUST_EXTERNAL && kind != CADCOM_TRUST_FOREST)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: unknown trust kind %d from \"%s\" to \"%s\"", kind,
				     trusting, trusted);
	*field = "trusting";
	if (!find_domain(t, trusting, &a))
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "topology: trusting domain \"%s\" is not added", trusting);
	*field = "trusted";
	if (!find_domain(t, trusted, &b))
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "topology: trusted domain \"%s\" is not added", trusted);
	if (a == b)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: domain \"%s\" cannot trust itself",
				     trusting);
	if (t->domains[a].root == t->domains[b].root)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: \"%s\" and \"%s\" are in one forest, whose domains "
				     "already trust each other", trusting, trusted);
	for (size_t i = 0; i < t->ntrusts; i++)
		if (t->trusts[i].trusting == a && t->trusts[i].trusted == b)
			return cadcom__error(CADCOM_EINVAL, -1,
					     "topology: a trust from \"%s\" to \"%s\" is already added",
					     trusting, trusted);
	/* A forest trust is made between the two forest root domains. */
	if (kind == CADCOM_TRUST_FOREST && (t->domains[a].root != a || t->domains[b].root != b)) {
		size_t bad = t->domains[a].root != a ? a : b;
		*field = bad == a ? "trusting" : "trusted";
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: a forest trust joins forest root domains; \"%s\" is "
				     "not one (its root is \"%s\")", t->domains[bad].name,
				     t->domains[t->domains[bad].root].name);
	}
	*field = "trusted";
	if (t->ntrusts == TOPOLOGY_MAX_TRUSTS)
		return cadcom__error(CADCOM_ELIMIT, -1, "topology: more than %d trusts",
				     TOPOLOGY_MAX_TRUSTS);
	if (!(items = cadcom__grow(t->trusts, &t->cap_trusts, t->ntrusts, sizeof(*items))))
		return cadcom__enomem();
	t->trusts = items;
	items[t->ntrusts++] = (struct topo_trust){ .trusting = a, .trusted = b, .kind = kind };
	return 0;
}

int cadcom_topology_add_trust(cadcom_topology *t, const char *trusting, const char *trusted,
			      int kind)
{
	const char *field;

	if (!t || !trusting || !trusted)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument to add a trust");
	return cadcom__topology_add_trust(t, trusting, trusted, kind, &field);
}

int cadcom_topology_add_enroll_domain(cadcom_topology *t, const char *name)
{
	size_t at;

	if (!t || !name)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "topology: NULL argument to add an enroll domain");
	if (!find_domain(t, name, &at))
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "topology: enroll domain \"%s\" is not added", name);
	t->domains[at].enrolls = true;
	return 0;
}

int cadcom_topology_set_dcs_enroll(cadcom_topology *t, int yes)
{
	if (!t)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument");
	t->dcs_enroll = yes != 0;
	return 0;
}

/* ---- the whole -------------------------------------------------------- */

static int broken(struct problem *pb, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int broken(struct problem *pb, const char *path, const char *fmt, ...)
{
	va_list ap;

	pb->code = CADCOM_EINVAL;
	pb->path = path;
	va_start(ap, fmt);
	vsnprintf(pb->msg, sizeof(pb->msg), fmt, ap);
	va_end(ap);
	return pb->code;
}

static const char *const role_words[] = {
	[CADCOM_ROLE_MEMBER] = "member server", [CADCOM_ROLE_DC] = "domain controller",
	[CADCOM_ROLE_STANDALONE] = "standalone",
};

/* The rules that span fields (the setters check each field alone).  Where
 * the CERTSVC_DCOM_ACCESS group lives follows KB 903220 (notes/facts.md
 * §2): domain local in the CA's domain on a DC, in the computer's own SAM
 * on a member or workgroup CA — whose machine SID may be unknown here, the
 * planner then finds it on the target. */
int cadcom__topology_check(const cadcom_topology *t, struct problem *pb)
{
	char b1[SID_TEXT_MAX], b2[SID_TEXT_MAX];
	const struct topo_domain *cad = t->ca_domain >= 0 ? &t->domains[t->ca_domain] : NULL;

	if (!t->host)
		return broken(pb, "ca.host", "the CA host is not set (its name, role and generation)");
	/* One namespace for domains and computers in the scope environment,
	 * where the host becomes a computer. */
	for (size_t i = 0; i < t->ndomains; i++)
		if (ascii_casecmp(t->host, t->domains[i].name) == 0)
			return broken(pb, "ca.host", "the CA host \"%s\" has the name of a domain",
				      t->host);
	if (t->role != CADCOM_ROLE_STANDALONE && !cad)
		return broken(pb, "ca", "a %s CA needs its domain, and none is set",
			       role_words[t->role]);
	if (t->role == CADCOM_ROLE_STANDALONE && cad)
		return broken(pb, "ca.domain", "a standalone CA belongs to no domain, yet its domain "
			       "is \"%s\"", cad->name);
	for (size_t i = 0; t->role == CADCOM_ROLE_STANDALONE && i < t->ndomains; i++)
		if (t->domains[i].enrolls)
			return broken(pb, "enroll.domains", "a standalone CA has no enroll domains "
				       "(no domain trusts it to name their members), yet \"%s\" is one",
				       t->domains[i].name);
	if (t->role == CADCOM_ROLE_STANDALONE && t->dcs_enroll)
		return broken(pb, "enroll.domain_controllers", "a standalone CA has no enroll "
			       "domains whose domain controllers could enrol");
	if (t->has_machine_sid && t->role == CADCOM_ROLE_DC)
		return broken(pb, "ca.machine_sid", "a domain controller has no SAM of its own (its "
			       "accounts are its domain's), so it has no machine SID");
	for (size_t i = 0; t->has_machine_sid && i < t->ndomains; i++)
		if (cadcom__sid_eq(&t->machine_sid, &t->domains[i].sid))
			return broken(pb, "ca.machine_sid", "machine SID %s is the SID of domain \"%s\"",
				       sid_text(&t->machine_sid, b1), t->domains[i].name);
	if (!t->has_group_sid)
		return 0;
	sid_text(&t->group_sid, b1);
	if (t->generation == CADCOM_GENERATION_2008)
		return broken(pb, "ca.group_sid", "a 2008-generation CA uses the builtin Certificate "
			       "Service DCOM Access (S-1-5-32-574); a group SID names the 2003 "
			       "generation's CERTSVC_DCOM_ACCESS");
	if (t->role == CADCOM_ROLE_DC && !cadcom_sid_in_domain(&t->group_sid, &cad->sid))
		return broken(pb, "ca.group_sid", "on a domain controller CERTSVC_DCOM_ACCESS is a "
			       "domain local group of the CA's domain \"%s\" (%s), but %s is not in it",
			       cad->name, sid_text(&cad->sid, b2), b1);
	if (t->role == CADCOM_ROLE_DC)
		return 0;
	if (t->has_machine_sid && !cadcom_sid_in_domain(&t->group_sid, &t->machine_sid))
		return broken(pb, "ca.group_sid", "on a %s CA CERTSVC_DCOM_ACCESS is a group of the "
			       "computer's own SAM (%s), but %s is not in it", role_words[t->role],
			       sid_text(&t->machine_sid, b2), b1);
	for (size_t i = 0; i < t->ndomains; i++)
		if (cadcom_sid_in_domain(&t->group_sid, &t->domains[i].sid))
			return broken(pb, "ca.group_sid", "on a %s CA CERTSVC_DCOM_ACCESS is a group "
				       "of the computer's own SAM, but %s is in domain \"%s\"",
				       role_words[t->role], b1, t->domains[i].name);
	return 0;
}

int cadcom_topology_validate(const cadcom_topology *t)
{
	struct problem pb;

	if (!t)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument");
	if (cadcom__topology_check(t, &pb))
		return cadcom__error(pb.code, -1, "topology: %s", pb.msg);
	return 0;
}

int cadcom_topology_env(const cadcom_topology *t, cadcom_env **out)
{
	cadcom_env *env = NULL;
	int rc;

	if (!t || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument");
	*out = NULL;
	if ((rc = cadcom_topology_validate(t)) || (rc = cadcom_env_new(&env)))
		return rc;
	/* A root is always added before its domains (add_domain() insists). */
	for (size_t i = 0; !rc && i < t->ndomains; i++) {
		const struct topo_domain *d = &t->domains[i];
		rc = cadcom_env_add_domain(env, d->name, &d->sid,
					   d->root == i ? NULL : t->domains[d->root].name);
	}
	for (size_t i = 0; !rc && i < t->ntrusts; i++)
		rc = cadcom_env_add_trust(env, t->domains[t->trusts[i].trusting].name,
					  t->domains[t->trusts[i].trusted].name, t->trusts[i].kind);
	/* A DC's groups are its domain's; other CAs have their own SAM. */
	if (!rc && t->role != CADCOM_ROLE_DC && t->has_machine_sid)
		rc = cadcom_env_add_machine(env, t->host, &t->machine_sid,
					    t->ca_domain >= 0 ? t->domains[t->ca_domain].name : NULL);
	if (rc) {
		cadcom_env_free(env);
		return rc;
	}
	*out = env;
	return 0;
}

/* ---- reading ---------------------------------------------------------- */

const char *cadcom_topology_host(const cadcom_topology *t)
{
	return t ? t->host : NULL;
}

int cadcom_topology_role(const cadcom_topology *t)
{
	return t ? t->role : 0;
}

int cadcom_topology_generation(const cadcom_topology *t)
{
	return t ? t->generation : 0;
}

const char *cadcom_topology_ca_name(const cadcom_topology *t)
{
	return t ? t->ca_name : NULL;
}

long cadcom_topology_ca_domain(const cadcom_topology *t)
{
	return t ? t->ca_domain : -1;
}

const cadcom_sid *cadcom_topology_machine_sid(const cadcom_topology *t)
{
	return t && t->has_machine_sid ? &t->machine_sid : NULL;
}

const cadcom_sid *cadcom_topology_group_sid(const cadcom_topology *t)
{
	return t && t->has_group_sid ? &t->group_sid : NULL;
}

size_t cadcom_topology_domain_count(const cadcom_topology *t)
{
	return t ? t->ndomains : 0;
}

static const struct topo_domain *domain_at(const cadcom_topology *t, size_t i)
{
	return t && i < t->ndomains ? &t->domains[i] : NULL;
}

const char *cadcom_topology_domain_name(const cadcom_topology *t, size_t i)
{
	const struct topo_domain *d = domain_at(t, i);
	return d ? d->name : NULL;
}

const char *cadcom_topology_domain_netbios(const cadcom_topology *t, size_t i)
{
	const struct topo_domain *d = domain_at(t, i);
	return d ? d->netbios : NULL;
}

const cadcom_sid *cadcom_topology_domain_sid(const cadcom_topology *t, size_t i)
{
	const struct topo_domain *d = domain_at(t, i);
	return d ? &d->sid : NULL;
}

const char *cadcom_topology_domain_forest(const cadcom_topology *t, size_t i)
{
	const struct topo_domain *d = domain_at(t, i);
	return d ? t->domains[d->root].name : NULL;
}

int cadcom_topology_domain_enrolls(const cadcom_topology *t, size_t i)
{
	const struct topo_domain *d = domain_at(t, i);
	return d ? d->enrolls : 0;
}

int cadcom_topology_dcs_enroll(const cadcom_topology *t)
{
	return t ? t->dcs_enroll : 0;
}

size_t cadcom_topology_trust_count(const cadcom_topology *t)
{
	return t ? t->ntrusts : 0;
}

int cadcom_topology_trust(const cadcom_topology *t, size_t i, size_t *trusting, size_t *trusted,
			  int *kind)
{
	if (!t)
		return cadcom__error(CADCOM_EINVAL, -1, "topology: NULL argument");
	if (i >= t->ntrusts)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "topology: no trust %zu (there are %zu)", i,
				     t->ntrusts);
	if (trusting)
		*trusting = t->trusts[i].trusting;
	if (trusted)
		*trusted = t->trusts[i].trusted;
	if (kind)
		*kind = t->trusts[i].kind;
	return 0;
}
