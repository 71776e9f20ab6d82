/*
 * The layered verdict: every layer an enrollee crosses, in order, with the
 * ACE that decided and the fix (include/cadcom/verdict.h, doc/WHY.md).  The
 * certificate template's layer is evaluated later, with a descriptor read
 * from Active Directory (cadcom_verdict_set_template()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <jansson.h>
#include "ca_internal.h"
#include "cadcom/verdict.h"

#define MAX_LAYERS 8

struct vlayer {
	int layer, result;
	long ace;
	char *text, *fix;
};

struct vdomain {
	struct cadcom_sid sid;
	char *netbios;
};

struct cadcom_verdict {
	char *enrollee;
	size_t n, n_notes, cap_notes;
	struct vlayer layers[MAX_LAYERS];
	char **notes;
	bool failed;
	/* What names SIDs once compute has returned and its topology may be
	 * gone (the template layer): the CA's domain for SDDL aliases, the
	 * domains' NetBIOS names, the DCOM group. */
	struct cadcom_sid domain, group;
	bool has_domain;
	int windows;
	char *group_name;
	size_t n_domains;
	struct vdomain *domains;
};

struct vctx {
	const cadcom_topology *topo;
	cadcom_target *target;
	cadcom_directory *dir;
	const cadcom_token *token;
	bool remote;
	const cadcom_sid *domain;
	int windows;
	struct cadcom_sid group;
	char *group_name;
	struct cadcom_verdict *v;
};

/* ---- building the verdict ------------------------------------------------- */

static struct vlayer *add_layer(struct vctx *c, int layer, int result, long ace, char *text,
				char *fix)
{
	struct vlayer *l = &c->v->layers[c->v->n++];

	*l = (struct vlayer){ layer, result, ace, text, fix };
	if (!text)
		c->v->failed = true;
	return l;
}

static void add_note(struct vctx *c, char *note)
{
	char **n = cadcom__grow(c->v->notes, &c->v->cap_notes, c->v->n_notes, sizeof(*n));

	if (!n || !note) {
		free(note);
		c->v->failed = true;
		return;
	}
	c->v->notes = n;
	n[c->v->n_notes++] = note;
}

static char *name_of(const struct vctx *c, const struct cadcom_sid *sid)
{
	const char *known = cadcom_sid_name(sid);

	/* Without the topology (the template layer), the verdict's copy of its
	 * domains gives "CONTOSO\Domain Users" as cadcom__ca_display() would. */
	for (size_t i = 0; !c->topo && known && i < c->v->n_domains; i++)
		if (c->v->domains[i].netbios && cadcom_sid_in_domain(sid, &c->v->domains[i].sid))
			return cadcom__printf("%s\\%s", c->v->domains[i].netbios, known);
	return cadcom__ca_display(c->topo, c->dir, &c->group, c->group_name, sid);
}
static const char *perm_name(unsigned perm)
{
	switch (perm) {
	case CADCOM_COM_LOCAL_ACTIVATION: return "local activation";
	case CADCOM_COM_REMOTE_ACTIVATION: return "remote activation";
	case CADCOM_COM_LOCAL_ACCESS: return "local access";
	default: return "remote access";
	}
}

/* The enrollee's domain (index) and the domain-group RIDs its token holds. */
static long enrollee_domain(const struct vctx *c, bool *dc, bool *computer, bool *user)
{
	const cadcom_sid *sid = cadcom_token_user(c->token);

	for (size_t i = 0; i < cadcom_topology_domain_count(c->topo); i++) {
		struct cadcom_sid g = *cadcom_topology_domain_sid(c->topo, i);
		if (!cadcom_sid_in_domain(sid, &g))
			continue;
		g.sub[g.count++] = RID_DOMAIN_CONTROLLERS;
		*dc = cadcom_token_has_sid(c->token, &g) == 1;
		g.sub[g.count - 1] = RID_DOMAIN_COMPUTERS;
		*computer = cadcom_token_has_sid(c->token, &g) == 1;
		g.sub[g.count - 1] = RID_DOMAIN_USERS;
		*user = cadcom_token_has_sid(c->token, &g) == 1;
		return (long)i;
	}
	return -1;
}

/* "CONTOSO\DC1$ is a domain controller; CONTOSO\Domain Controllers is not in
 * CONTOSO\CERTSVC_DCOM_ACCESS; domain controllers are not members of Domain
 * Computers; add it, then restart DC1" */
static char *membership_fix(const struct vctx *c)
{
	const char *who = c->v->enrollee, *slash = strrchr(who, '\\');
	char host[256];
	bool dc = false, computer = false, user = false;
	long d = enrollee_domain(c, &dc, &computer, &user);
	const char *nb = d >= 0 ? cadcom_topology_domain_netbios(c->topo, (size_t)d) : NULL;

	snprintf(host, sizeof(host), "%s", slash ? slash + 1 : who);
	if (*host && host[strlen(host) - 1] == '$')
		host[strlen(host) - 1] = '\0';
	if (nb && dc)
		return cadcom__printf("%s is a domain controller; %s\\Domain Controllers is not in %s; "
				      "domain controllers are not members of Domain Computers; add "
				      "it, then restart %s",
				      who, nb, c->group_name, host);
	if (nb && computer)
		return cadcom__printf("%s is a computer of %s; %s\\Domain Computers is not in %s; add "
				      "it, then restart %s",
				      who, cadcom_topology_domain_name(c->topo, (size_t)d), nb,
				      c->group_name, host);
	if (nb && user)
		return cadcom__printf("%s is a user of %s; %s\\Domain Users is not in %s; add it, then "
				      "have %s log on again",
				      who, cadcom_topology_domain_name(c->topo, (size_t)d), nb,
				      c->group_name, who);
	return cadcom__printf("add %s, or a group it is in, to %s", who, c->group_name);
}

static char *ace_text(const struct vctx *c, const cadcom_sd *sd, long index)
{
	const cadcom_ace *ace = index >= 0 ? cadcom_sd_ace(sd, CADCOM_DACL, (size_t)index) : NULL;
	char *sddl = NULL, *who, *out;

	if (!ace || cadcom_ace_to_sddl(ace, c->domain, c->windows, &sddl) != 0)
		return cadcom__printf("ACE %ld", index);
	who = name_of(c, cadcom_ace_sid(ace));
	out = cadcom__printf("ACE %ld %s for %s", index, sddl, who ? who : "?");
	free(who);
	cadcom_free(sddl);
	return out;
}

static void eval_dcom(struct vctx *c, const struct dcom_layer *L)
{
	unsigned perm = cadcom_com_enroll_permission(L->kind, c->remote);
	cadcom_sd *sd = NULL;
	cadcom_access_result *res = NULL;
	char *policy = NULL, *source, *fix = NULL, *what;
	long ace = -1;
	int from = 0, reason = 0, rc;
	uint32_t mask = 0, bit;

	rc = cadcom__layer_policy(c->target, L, c->domain, &sd, &policy);
	if (rc > 0 || rc < 0)
		source = cadcom__printf("the Group Policy value %s (policy \"%s\")", L->policy_value,
					L->policy_name);
	else if ((rc = cadcom__layer_sd(c->target, L, &sd, &from, NULL, NULL)) != 0 ||
		 from == SD_FROM_VALUE)
		source = cadcom__strdup(L->value);
	else if (from == SD_FROM_FALLBACK)
		source = cadcom__printf("%s (CertSrv Request has no %s)", L->fallback_value, L->value);
	else
		source = cadcom__printf("Windows' default for %s (%s is absent)", L->value, L->value);
	if (rc >= 0 && (rc = cadcom_com_check(sd, L->kind, c->token, perm, &res)) == 0) {
		cadcom_com_mask(L->kind, perm, &mask);
		bit = cadcom_com_sd_form(sd) == CADCOM_COM_FORM_LEGACY ? CADCOM_COM_RIGHTS_EXECUTE
									: mask & ~CADCOM_COM_RIGHTS_EXECUTE;
		reason = cadcom_access_result_decision(res, bit, &ace);
	}
	if (rc < 0 && rc != CADCOM_ENOMEM) {
		add_layer(c, L->layer, CADCOM_VERDICT_DENIED, -1,
			  cadcom__printf("%s cannot be used: %s; COM refuses every caller",
					 source ? source : L->value,
					 cadcom_error_message(cadcom_error_last())),
			  cadcom__printf("rewrite %s (cadcom plan shows a valid one)", L->value));
	} else if (rc == 0 && cadcom_access_result_allowed(res)) {
		what = reason == CADCOM_REASON_NO_DACL ? cadcom__strdup("it has no DACL")
						       : ace_text(c, sd, ace);
		add_layer(c, L->layer, CADCOM_VERDICT_GRANTED, ace,
			  cadcom__printf("%s grants %s: %s", source, perm_name(perm), what ? what : ""),
			  NULL);
		free(what);
	} else if (rc == 0) {
		unsigned allowed = 0;
		if (reason == CADCOM_REASON_DENY_ACE) {
			what = ace_text(c, sd, ace);
			fix = cadcom__printf("remove or narrow that deny ACE in %s (cadcom never removes "
					     "deny ACEs itself)",
					     L->value);
			add_layer(c, L->layer, CADCOM_VERDICT_DENIED, ace,
				  cadcom__printf("%s denies %s: %s", source, perm_name(perm),
						 what ? what : ""),
				  fix);
			free(what);
		} else {
			if (L->for_group && cadcom_com_query(sd, L->kind, &c->group, &allowed, NULL) == 0 &&
			    (allowed & perm))
				fix = membership_fix(c);
			else if (policy)
				fix = cadcom__printf("change the policy \"%s\" to grant %s %s",
						     L->policy_name,
						     L->for_group ? c->group_name : "Everyone",
						     perm_name(perm));
			else
				fix = cadcom__printf("grant %s %s in %s (cadcom plan)",
						     L->for_group ? c->group_name : "Everyone",
						     perm_name(perm), L->value);
			add_layer(c, L->layer, CADCOM_VERDICT_DENIED, -1,
				  cadcom__printf("%s grants %s to none of %s's SIDs", source,
						 perm_name(perm), c->v->enrollee),
				  fix);
		}
	} else {
		c->v->failed = true;
	}
	free(source);
	cadcom_free(policy);
	cadcom_access_result_free(res);
	cadcom_sd_free(sd);
}

static void ca_security(struct vctx *c)
{
	const char *ca = cadcom_topology_ca_name(c->topo);
	char key[512];
	unsigned char *data = NULL;
	size_t len;
	cadcom_sd *sd = NULL;
	cadcom_access_result *res = NULL;
	long ace = -1;
	int type;

	if (!ca) {
		add_layer(c, CADCOM_LAYER_CA_SECURITY, CADCOM_VERDICT_NOT_EVALUATED, -1,
			  cadcom__strdup("the CA's own permissions: the topology does not name the CA"),
			  NULL);
		return;
	}
	snprintf(key, sizeof(key), "%s\\%s", CERTSVC_CONFIG_KEY, ca);
	if (cadcom__ca_read(c->target, key, "Security", &type, &data, &len) != 0) {
		add_layer(c, CADCOM_LAYER_CA_SECURITY, CADCOM_VERDICT_NOT_EVALUATED, -1,
			  cadcom__printf("the CA's own permissions: %s\\Security is not in the target", key),
			  NULL);
		return;
	}
	if (type != CADCOM_REG_BINARY || cadcom_sd_from_bytes(&sd, data, len) != 0 ||
	    cadcom_access_check(sd, c->token, CADCOM_CA_ACCESS_ENROLL, NULL, &res) != 0) {
		add_layer(c, CADCOM_LAYER_CA_SECURITY, CADCOM_VERDICT_DENIED, -1,
			  cadcom__printf("the CA's Security value cannot be read: %s",
					 cadcom_error_message(cadcom_error_last())),
			  cadcom__strdup("reset the CA's permissions (Certification Authority console, "
					 "Security tab)"));
	} else {
		int reason = cadcom_access_result_decision(res, CADCOM_CA_ACCESS_ENROLL, &ace);
		char *what = ace >= 0 ? ace_text(c, sd, ace) : cadcom__strdup("no ACE grants it");
		bool ok = cadcom_access_result_allowed(res);
		add_layer(c, CADCOM_LAYER_CA_SECURITY, ok ? CADCOM_VERDICT_GRANTED : CADCOM_VERDICT_DENIED,
			  ace,
			  cadcom__printf("the CA's Security %s Request Certificates (Enroll): %s",
					 ok ? "grants" : "does not grant", what ? what : ""),
			  ok ? NULL
			     : cadcom__strdup(reason == CADCOM_REASON_DENY_ACE
						      ? "remove or narrow that deny ACE (Certification "
							"Authority console, Security tab)"
						      : "allow Request Certificates to a group the enrollee "
							"is in (Certification Authority console, Security tab)"));
		free(what);
	}
	cadcom_access_result_free(res);
	cadcom_sd_free(sd);
	cadcom_free(data);
}

/* DCOM hardening (KB5004442) and the CA's InterfaceFlags (facts.md §3). */
static void notes(struct vctx *c)
{
	static const struct {
		uint32_t flag;
		const char *text;
	} flags[] = {
		{ 0x2, "IF_NOREMOTEICERTREQUEST: the CA refuses remote requests" },
		{ 0x4, "IF_NOLOCALICERTREQUEST: the CA refuses local requests" },
		{ 0x8, "IF_NORPCICERTREQUEST: the CA refuses requests over RPC" },
		{ 0x200, "IF_ENFORCEENCRYPTICERTREQUEST: clients must use packet privacy (MS-WCCE)" },
	};
	const char *ca = cadcom_topology_ca_name(c->topo);
	unsigned char *data = NULL;
	size_t len;
	int type;
	char key[512];

	if (cadcom__ca_read(c->target, OLE_KEY "\\AppCompat", "RequireIntegrityActivationAuthenticationLevel",
			    &type, &data, &len) == 0) {
		if (type == CADCOM_REG_DWORD && len == 4)
			add_note(c, cadcom__printf("Ole\\AppCompat\\RequireIntegrityActivationAuthenticationLevel = %u: "
						   "DCOM hardening (KB5004442) %s; since 14 March 2023 "
						   "it cannot be turned off",
						   data[0], data[0] ? "on" : "off"));
		cadcom_free(data);
		data = NULL;
	} else if (c->target) {
		add_note(c, cadcom__strdup("Ole\\AppCompat\\RequireIntegrityActivationAuthenticationLevel "
					   "is not set: DCOM hardening (KB5004442) is on, so clients "
					   "must activate with packet integrity or better"));
	}
	if (!ca)
		return;
	snprintf(key, sizeof(key), "%s\\%s", CERTSVC_CONFIG_KEY, ca);
	if (cadcom__ca_read(c->target, key, "InterfaceFlags", &type, &data, &len) == 0 &&
	    type == CADCOM_REG_DWORD && len == 4) {
		uint32_t v = cadcom__le32(data);
		for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
			if (v & flags[i].flag)
				add_note(c, cadcom__printf("InterfaceFlags 0x%08x has %s", v, flags[i].text));
	}
	cadcom_free(data);
}

static void resolve_group(struct vctx *c)
{
	struct ca_group g;

	if (cadcom__ca_group(c->topo, c->dir, &g) == 0) {
		c->group = g.sid;
		c->group_name = g.name;
	}
}

/* Keep what name_of() needs after the topology is gone. */
static void keep_names(struct vctx *c)
{
	struct cadcom_verdict *v = c->v;
	size_t n = cadcom_topology_domain_count(c->topo);

	v->group = c->group;
	v->group_name = c->group_name;
	v->windows = c->windows;
	if ((v->has_domain = c->domain != NULL))
		v->domain = *c->domain;
	if (!(v->domains = calloc(n ? n : 1, sizeof(*v->domains)))) {
		v->failed = true;
		return;
	}
	for (; v->n_domains < n; v->n_domains++) {
		const char *nb = cadcom_topology_domain_netbios(c->topo, v->n_domains);
		v->domains[v->n_domains].sid = *cadcom_topology_domain_sid(c->topo, v->n_domains);
		if (nb && !(v->domains[v->n_domains].netbios = cadcom__strdup(nb)))
			v->failed = true;
	}
}

int cadcom_verdict_compute(const cadcom_topology *topo, cadcom_target *target,
			   const cadcom_token *token, int remote, cadcom_verdict **out)
{
	/* The order an enrollee meets them in (facts.md §9). */
	static const int order[] = { 0, 2, 1, 3 };
	struct vctx c = { 0 };
	long d;
	int rc;

	if (!topo || !token || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "verdict: NULL argument");
	if ((rc = cadcom_topology_validate(topo)))
		return rc;
	c.topo = topo;
	c.target = target;
	c.dir = target ? cadcom_target_directory(target) : NULL;
	c.token = token;
	c.remote = remote != 0;
	d = cadcom_topology_ca_domain(topo);
	c.domain = d >= 0 ? cadcom_topology_domain_sid(topo, (size_t)d) : NULL;
	c.windows = cadcom_topology_generation(topo) == CADCOM_GENERATION_2003 ? CADCOM_WINDOWS_2003
										  : CADCOM_WINDOWS_2008;
	if (!(c.v = calloc(1, sizeof(*c.v))))
		return cadcom__enomem();
	resolve_group(&c);
	keep_names(&c); /* the verdict owns c.group_name from here */
	c.v->enrollee = name_of(&c, cadcom_token_user(token));
	if (!c.v->enrollee || !c.group_name)
		c.v->failed = true;
	for (size_t i = 0; !c.v->failed && i < ARRAY_SIZE(order); i++)
		eval_dcom(&c, &cadcom__dcom_layers[order[i]]);
	if (!c.v->failed) {
		ca_security(&c);
		add_layer(&c, CADCOM_LAYER_TEMPLATE, CADCOM_VERDICT_NOT_EVALUATED, -1,
			  cadcom__strdup("the certificate template's Enroll and AutoEnroll permissions "
					 "are in Active Directory and were not evaluated"),
			  NULL);
		notes(&c);
	}
	if (c.v->failed) {
		cadcom_verdict_free(c.v);
		return cadcom__enomem();
	}
	*out = c.v;
	return 0;
}

/* ---- from an event ----------------------------------------------------------- */

int cadcom_verdict_for_event(const cadcom_topology *topo, cadcom_target *target,
			     const cadcom_events *events, size_t index, cadcom_verdict **out)
{
	const char *computer = cadcom_events_computer(events, index), *dot;
	cadcom_directory *dir = target ? cadcom_target_directory(target) : NULL;
	cadcom_sid *sid = NULL;
	cadcom_token *token = NULL;
	char name[512], host[256], tried[1024] = "";
	size_t n = 0;
	int rc;

	if (!topo || !events || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "verdict: NULL argument");
	if (index >= cadcom_events_count(events))
		return cadcom__error(CADCOM_ENOTFOUND, -1, "verdict: no event %zu", index);
	if (!computer || !cadcom_events_local_system(events, index))
		return cadcom__error(CADCOM_EUNSUPPORTED, -1,
				     "the event does not say which account enrolled; name it with "
				     "cadcom why --enrollee");
	if (!dir)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "verdict: the target holds no directory to find %s in", computer);
	dot = strchr(computer, '.');
	snprintf(host, sizeof(host), "%.*s", dot ? (int)(dot - computer) : (int)strlen(computer),
		 computer);
	/* Try the domain the FQDN names first, then every domain. */
	for (int pass = 0; pass < 2 && !sid; pass++)
		for (size_t i = 0; i < cadcom_topology_domain_count(topo) && !sid; i++) {
			bool named = dot && strcasecmp(dot + 1, cadcom_topology_domain_name(topo, i)) == 0;
			if (named != (pass == 0))
				continue;
			snprintf(name, sizeof(name), "%s\\%s$", cadcom_topology_domain_netbios(topo, i),
				 host);
			if (cadcom_directory_lookup_name(dir, name, &sid) != 0)
				n += (size_t)snprintf(tried + n, n < sizeof(tried) ? sizeof(tried) - n : 0,
						      "%s%s", n ? ", " : "", name);
		}
	if (!sid)
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "the target's directory has no computer account for %s (looked "
				     "for %s)",
				     computer, n ? tried : "no domain");
	rc = cadcom_token_from_directory(dir, sid, CADCOM_LOGON_NETWORK, &token);
	if (rc == 0)
		rc = cadcom_verdict_compute(topo, target, token,
					    strcasecmp(host, cadcom_topology_host(topo)) != 0, out);
	cadcom_token_free(token);
	cadcom_sid_free(sid);
	return rc;
}

/* ---- the certificate template (facts.md §9) ---------------------------------- */

#define TEMPLATE_TAB "(Certificate Templates console, template Properties, Security tab)"

/* What decided one extended right of the template. */
struct right_check {
	bool granted;
	int reason; /* CADCOM_REASON_* */
	long ace;
};

/* The DS maps generic rights in ACEs when it stores a descriptor, and the
 * access check does not map ACE masks (access.h): a template written as SDDL
 * with GA is evaluated as the 0xF01FF that AD would hold. */
static int as_stored(const cadcom_sd *sd, cadcom_sd **out)
{
	struct cadcom_acl *dacl;
	int rc = cadcom_sd_dup(sd, out);

	if (rc)
		return rc;
	dacl = &(*out)->acl[CADCOM_DACL];
	for (size_t i = 0; i < dacl->count; i++) {
		uint32_t m = dacl->aces[i].mask;
		dacl->aces[i].mask = (m & 0x0FFFFFFFu) | /* the generic bits, mapped */
				     (m & CADCOM_ACCESS_GENERIC_READ ? DS_GENERIC_READ : 0) |
				     (m & CADCOM_ACCESS_GENERIC_WRITE ? DS_GENERIC_WRITE : 0) |
				     (m & CADCOM_ACCESS_GENERIC_EXECUTE ? DS_GENERIC_EXECUTE : 0) |
				     (m & CADCOM_ACCESS_GENERIC_ALL ? DS_GENERIC_ALL : 0);
	}
	return 0;
}

/* AccessCheckByType as a DC asks it: the template object, then the right.
 * One right per check, so that the object's decision is the right's own. */
static int check_right(const cadcom_sd *sd, const cadcom_token *token, int right,
		       struct right_check *out)
{
	cadcom_access_request *req = NULL;
	cadcom_access_result *res = NULL;
	int rc;

	if ((rc = cadcom_access_request_new(&req)) == 0 &&
	    (rc = cadcom_access_request_set_generic_mapping(req, DS_GENERIC_READ, DS_GENERIC_WRITE,
							    DS_GENERIC_EXECUTE, DS_GENERIC_ALL)) == 0 &&
	    (rc = cadcom_access_request_add_object_type(req, 0, cadcom__template_class_guid)) == 0 &&
	    (rc = cadcom_access_request_add_object_type(req, 1, cadcom__template_rights[right].guid)) == 0 &&
	    (rc = cadcom_access_check(sd, token, DS_CONTROL_ACCESS, req, &res)) == 0) {
		out->granted = cadcom_access_result_object_granted(res, 1) & DS_CONTROL_ACCESS;
		out->reason = cadcom_access_result_decision(res, DS_CONTROL_ACCESS, &out->ace);
	}
	cadcom_access_result_free(res);
	cadcom_access_request_free(req);
	return rc;
}

static char *why(const struct vctx *c, const cadcom_sd *sd, const struct right_check *r)
{
	if (r->ace >= 0)
		return ace_text(c, sd, r->ace);
	return cadcom__strdup(r->reason == CADCOM_REASON_NO_DACL ? "the template has no DACL"
				: r->granted			  ? "granted"
								  : "no ACE grants it");
}

static const char *verb(const struct right_check *r)
{
	return r->granted ? "grants" : r->reason == CADCOM_REASON_DENY_ACE ? "denies" : "does not grant";
}

/* "grants Enroll but not Autoenroll", "denies Enroll and Autoenroll", ... */
static char *outcome(const struct right_check *r, size_t n)
{
	const char *e = cadcom__template_rights[TEMPLATE_ENROLL].label,
		   *a = cadcom__template_rights[TEMPLATE_AUTOENROLL].label;

	if (n == 1)
		return cadcom__printf("%s %s", verb(&r[0]), e);
	if (r[0].granted != r[1].granted) {
		const struct right_check *missing = r[0].granted ? &r[1] : &r[0];
		return cadcom__printf("grants %s but %s %s", r[0].granted ? e : a,
				      missing->reason == CADCOM_REASON_DENY_ACE ? "denies" : "not",
				      r[0].granted ? a : e);
	}
	if (strcmp(verb(&r[0]), verb(&r[1])))
		return cadcom__printf("%s %s and %s %s", verb(&r[0]), e, verb(&r[1]), a);
	if (!r[0].granted && r[0].reason != CADCOM_REASON_DENY_ACE)
		return cadcom__printf("grants neither %s nor %s", e, a);
	return cadcom__printf("%s %s and %s", verb(&r[0]), e, a);
}

/* Remove the deny ACEs that decided; grant what no ACE grants. */
static char *template_fix(const struct right_check *r, size_t n)
{
	const char *grant[2] = { NULL, NULL }, *deny = NULL;
	size_t g = 0;

	for (size_t i = 0; i < n; i++) {
		if (r[i].granted)
			continue;
		if (r[i].reason != CADCOM_REASON_DENY_ACE)
			grant[g++] = cadcom__template_rights[i].label;
		else if (!deny || r[i].ace != r[0].ace)
			deny = deny ? "those deny ACEs" : "that deny ACE";
	}
	if (!g)
		return cadcom__printf("remove or narrow %s on the template " TEMPLATE_TAB, deny);
	return cadcom__printf("%s%s%sgrant %s%s%s on the template to a group the enrollee is in "
			      TEMPLATE_TAB,
			      deny ? "remove or narrow " : "", deny ? deny : "", deny ? ", and " : "",
			      grant[0], g == 2 ? " and " : "", g == 2 ? grant[1] : "");
}

int cadcom_verdict_set_template(cadcom_verdict *v, const char *name, const cadcom_sd *sd,
				const cadcom_token *token, int autoenroll)
{
	struct right_check r[2] = { { false, 0, -1 }, { false, 0, -1 } };
	size_t n = autoenroll ? 2 : 1, decisive;
	cadcom_sd *stored = NULL;
	char *what[2] = { NULL, NULL }, *result = NULL, *text = NULL, *fix = NULL;
	struct vlayer *l = NULL;
	struct vctx c = { 0 };
	int rc;

	if (!v || !name || !sd || !token)
		return cadcom__error(CADCOM_EINVAL, -1, "verdict: NULL argument");
	if ((rc = as_stored(sd, &stored)) != 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = check_right(stored, token, (int)i, &r[i]);
	cadcom_sd_free(stored);
	if (rc)
		return rc;
	/* Names as compute gave them, from what the verdict kept. */
	c.token = token;
	c.v = v;
	c.domain = v->has_domain ? &v->domain : NULL;
	c.windows = v->windows;
	c.group = v->group;
	c.group_name = v->group_name;
	/* The right that decides the layer: Enroll when it is missing or asked
	 * alone, else Autoenroll. */
	decisive = r[0].granted ? n - 1 : 0;
	for (size_t i = 0; i < n; i++)
		what[i] = why(&c, sd, &r[i]);
	result = outcome(r, n);
	if (what[0] && what[n - 1] && result) {
		if (n == 1 || (r[0].ace == r[1].ace && r[0].reason == r[1].reason))
			text = cadcom__printf("the template \"%s\" %s: %s", name, result, what[0]);
		else
			text = cadcom__printf("the template \"%s\" %s: %s: %s; %s: %s", name, result,
					      cadcom__template_rights[0].label, what[0],
					      cadcom__template_rights[1].label, what[1]);
	}
	if (!r[decisive].granted)
		fix = template_fix(r, n);
	free(what[0]);
	free(what[1]);
	free(result);
	if (!text || (!r[decisive].granted && !fix)) {
		free(text);
		free(fix);
		return cadcom__enomem();
	}
	for (size_t i = 0; i < v->n && !l; i++)
		if (v->layers[i].layer == CADCOM_LAYER_TEMPLATE)
			l = &v->layers[i];
	if (l) {
		free(l->text);
		free(l->fix);
	} else { /* compute always adds it; MAX_LAYERS leaves room */
		l = &v->layers[v->n++];
	}
	*l = (struct vlayer){ CADCOM_LAYER_TEMPLATE,
			      r[decisive].granted ? CADCOM_VERDICT_GRANTED : CADCOM_VERDICT_DENIED,
			      r[decisive].ace, text, fix };
	return 0;
}

/* ---- reading it ------------------------------------------------------------- */

void cadcom_verdict_free(cadcom_verdict *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++) {
		free(v->layers[i].text);
		free(v->layers[i].fix);
	}
	for (size_t i = 0; i < v->n_notes; i++)
		free(v->notes[i]);
	for (size_t i = 0; i < v->n_domains; i++)
		free(v->domains[i].netbios);
	free(v->domains);
	free(v->notes);
	free(v->enrollee);
	free(v->group_name);
	free(v);
}

int cadcom_verdict_allowed(const cadcom_verdict *v)
{
	for (size_t i = 0; v && i < v->n; i++)
		if (v->layers[i].result == CADCOM_VERDICT_DENIED)
			return 0;
	return v ? 1 : 0;
}

const char *cadcom_verdict_enrollee(const cadcom_verdict *v)
{
	return v ? v->enrollee : NULL;
}

size_t cadcom_verdict_count(const cadcom_verdict *v)
{
	return v ? v->n : 0;
}

static const struct vlayer *layer_at(const cadcom_verdict *v, size_t i)
{
	return v && i < v->n ? &v->layers[i] : NULL;
}

int cadcom_verdict_layer(const cadcom_verdict *v, size_t i)
{
	return layer_at(v, i) ? layer_at(v, i)->layer : 0;
}

int cadcom_verdict_result(const cadcom_verdict *v, size_t i)
{
	return layer_at(v, i) ? layer_at(v, i)->result : CADCOM_VERDICT_NOT_EVALUATED;
}

long cadcom_verdict_ace(const cadcom_verdict *v, size_t i)
{
	return layer_at(v, i) ? layer_at(v, i)->ace : -1;
}

const char *cadcom_verdict_text(const cadcom_verdict *v, size_t i)
{
	return layer_at(v, i) ? layer_at(v, i)->text : NULL;
}

const char *cadcom_verdict_fix(const cadcom_verdict *v, size_t i)
{
	return layer_at(v, i) ? layer_at(v, i)->fix : NULL;
}

size_t cadcom_verdict_note_count(const cadcom_verdict *v)
{
	return v ? v->n_notes : 0;
}

const char *cadcom_verdict_note(const cadcom_verdict *v, size_t i)
{
	return v && i < v->n_notes ? v->notes[i] : NULL;
}

static const char *result_name(int r)
{
	return r == CADCOM_VERDICT_GRANTED ? "granted" : r == CADCOM_VERDICT_DENIED ? "DENIED"
											: "not evaluated";
}

int cadcom_verdict_to_text(const cadcom_verdict *v, char **out)
{
	struct strbuf sb = { 0 };

	if (!v || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "verdict: NULL argument");
	sb_printf(&sb, "%s: %s\n", v->enrollee, cadcom_verdict_allowed(v) ? "allowed" : "denied");
	for (size_t i = 0; i < v->n; i++) {
		sb_printf(&sb, "  %-13s %s\n", result_name(v->layers[i].result), v->layers[i].text);
		if (v->layers[i].fix)
			sb_printf(&sb, "                fix: %s\n", v->layers[i].fix);
	}
	for (size_t i = 0; i < v->n_notes; i++)
		sb_printf(&sb, "  note: %s\n", v->notes[i]);
	return sb_finish(&sb, out);
}

int cadcom_verdict_to_json(const cadcom_verdict *v, char **out)
{
	json_t *root, *layers, *notes_list;

	if (!v || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "verdict: NULL argument");
	root = json_object();
	layers = json_array();
	notes_list = json_array();
	json_object_set_new(root, "enrollee", json_string(v->enrollee));
	json_object_set_new(root, "allowed", json_boolean(cadcom_verdict_allowed(v)));
	for (size_t i = 0; i < v->n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "result", json_string(result_name(v->layers[i].result)));
		json_object_set_new(o, "text", json_string(v->layers[i].text));
		json_object_set_new(o, "ace", v->layers[i].ace >= 0 ? json_integer(v->layers[i].ace)
								   : json_null());
		json_object_set_new(o, "fix", v->layers[i].fix ? json_string(v->layers[i].fix)
							       : json_null());
		json_array_append_new(layers, o);
	}
	for (size_t i = 0; i < v->n_notes; i++)
		json_array_append_new(notes_list, json_string(v->notes[i]));
	json_object_set_new(root, "layers", layers);
	json_object_set_new(root, "notes", notes_list);
	return cadcom__json_dump(root, out);
}
