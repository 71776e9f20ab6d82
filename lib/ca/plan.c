/*
 * The planner: requirement = f(topology), observed = what the target holds,
 * findings = the difference, plan = the changes (DESIGN.md "Data flow").
 *
 * Four DCOM descriptors (lib/ca/facts.c) must grant the DCOM group (machine
 * restrictions) or Everyone (CertSrv Request) activation and access; the
 * group must exist with the right scope and hold the enrollees' groups.  Each
 * requirement is merged into what is there: nothing else changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ca_internal.h"

static const struct cadcom_sid sid_everyone = { 1, 1, 1, { 0 } };

struct ctx {
	const cadcom_topology *topo;
	cadcom_target *target;
	cadcom_directory *dir; /* NULL: the target has no directory data */
	struct cadcom_plan *plan;
	const cadcom_sid *domain_sid; /* the CA's domain, or NULL */
	int windows;                  /* SDDL for this CA's Windows */
	struct cadcom_sid group;
	bool group_known;   /* its SID is known */
	bool group_missing; /* it has to be created first */
	int group_scope;
	char *group_name;
};

/* ---- building blocks ----------------------------------------------------- */

/* The formatted text, whatever its length, in a new string (NULL when out of
 * memory). */
static char *vformat(const char *fmt, va_list ap)
{
	va_list copy;
	char *out;
	int n;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || !(out = malloc((size_t)n + 1)))
		return NULL;
	vsnprintf(out, (size_t)n + 1, fmt, ap);
	return out;
}

void cadcom__plan_assume(struct cadcom_plan *p, const char *fmt, ...)
{
	char **a, *text;
	va_list ap;

	va_start(ap, fmt);
	text = vformat(fmt, ap);
	va_end(ap);
	if (!text || !(a = cadcom__grow(p->assumptions, &p->cap_assumptions, p->n_assumptions, sizeof(*a)))) {
		free(text);
		p->failed = true;
		return;
	}
	p->assumptions = a;
	a[p->n_assumptions++] = text;
}

struct finding *cadcom__plan_find(struct cadcom_plan *p, int severity, int layer,
				  const char *fmt, ...)
{
	struct finding *f;
	char *text;
	va_list ap;

	va_start(ap, fmt);
	text = vformat(fmt, ap);
	va_end(ap);
	if (!text || !(f = cadcom__grow(p->findings, &p->cap_findings, p->n_findings, sizeof(*f)))) {
		free(text);
		p->failed = true;
		return NULL;
	}
	p->findings = f;
	f = &f[p->n_findings++];
	*f = (struct finding){ severity, layer, text, NULL, NULL };
	return f;
}

struct action *cadcom__plan_act(struct cadcom_plan *p, int kind, int layer, const char *fmt, ...)
{
	struct action *a;
	char *text;
	va_list ap;

	va_start(ap, fmt);
	text = vformat(fmt, ap);
	va_end(ap);
	if (!text || !(a = cadcom__grow(p->actions, &p->cap_actions, p->n_actions, sizeof(*a)))) {
		free(text);
		p->failed = true;
		return NULL;
	}
	p->actions = a;
	a = &a[p->n_actions++];
	memset(a, 0, sizeof(*a));
	a->kind = kind;
	a->layer = layer;
	a->text = text;
	return a;
}

void cadcom__plan_truncate(struct cadcom_plan *p, size_t n)
{
	while (p->n_actions > n) {
		struct action *a = &p->actions[--p->n_actions];
		free(a->text);
		free(a->key);
		free(a->name);
		cadcom_free(a->data);
		cadcom_free(a->old);
	}
}

void cadcom_plan_free(cadcom_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_assumptions; i++)
		free(p->assumptions[i]);
	for (size_t i = 0; i < p->n_findings; i++) {
		free(p->findings[i].text);
		free(p->findings[i].evidence);
		free(p->findings[i].fix);
	}
	cadcom__plan_truncate(p, 0);
	free(p->assumptions);
	free(p->findings);
	free(p->actions);
	free(p);
}

static char *sddl_of(const struct ctx *c, const cadcom_sd *sd)
{
	char *text = NULL;

	if (cadcom_sd_to_sddl(sd, c->domain_sid, c->windows, &text) != 0)
		cadcom_sd_to_sddl(sd, NULL, CADCOM_WINDOWS_LATEST, &text);
	return text ? text : cadcom__strdup("(not representable in SDDL)");
}

static char *name_of(const struct ctx *c, const struct cadcom_sid *sid)
{
	return cadcom__ca_display(c->topo, c->dir, c->group_known ? &c->group : NULL, c->group_name,
				  sid);
}

static void perms_text(char *buf, size_t size, unsigned perms)
{
	static const struct {
		unsigned perm;
		const char *name;
	} names[] = {
		{ CADCOM_COM_LOCAL_LAUNCH, "local launch" },
		{ CADCOM_COM_REMOTE_LAUNCH, "remote launch" },
		{ CADCOM_COM_LOCAL_ACTIVATION, "local activation" },
		{ CADCOM_COM_REMOTE_ACTIVATION, "remote activation" },
		{ CADCOM_COM_LOCAL_ACCESS, "local access" },
		{ CADCOM_COM_REMOTE_ACCESS, "remote access" },
	};
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (perms & names[i].perm)
			n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
					      n ? " and " : "", names[i].name);
}

/* ---- the DCOM descriptors ------------------------------------------------ */

/* The Group Policy override of a machine restriction: 1 if there is one
 * (it was evaluated), 0 if not, <0 on error. */
static int policy_layer(struct ctx *c, const struct dcom_layer *L, const struct cadcom_sid *who,
			const cadcom_sd *required)
{
	char *text = NULL, *who_name, perms[128];
	cadcom_sd *sd = NULL;
	cadcom_com_report *rep = NULL;
	struct finding *f;
	int rc = cadcom__layer_policy(c->target, L, c->domain_sid, &sd, &text);

	if (rc == 0 || rc == CADCOM_ENOMEM)
		return rc;
	cadcom__plan_assume(c->plan,
			    "Group Policy sets %s (policy \"%s\"); it wins over the Ole value, "
			    "which the plan leaves alone",
			    L->policy_value, L->policy_name);
	if (rc < 0) {
		f = cadcom__plan_find(c->plan, CADCOM_SEVERITY_ERROR, L->layer,
				      "the Group Policy value %s is not valid SDDL text: %s",
				      L->policy_value, cadcom_error_message(cadcom_error_last()));
		if (f)
			f->fix = cadcom__printf("correct the policy \"%s\"", L->policy_name);
		goto out;
	}
	if (cadcom_com_merge(sd, L->kind, required, &rep) == 0 && cadcom_com_report_changes(rep)) {
		who_name = name_of(c, who);
		perms_text(perms, sizeof(perms), L->perms);
		f = cadcom__plan_find(c->plan, CADCOM_SEVERITY_ERROR, L->layer,
				      "the Group Policy \"%s\" (which overrides %s) does not grant %s "
				      "%s",
				      L->policy_name, L->value, who_name, perms);
		if (f) {
			char *fixed = sddl_of(c, sd);
			f->evidence = cadcom__strdup(text);
			f->fix = cadcom__printf("change the policy \"%s\" to %s (the plan never "
						"writes under Policies)",
						L->policy_name, fixed);
			free(fixed);
		}
		free(who_name);
	}
out:
	cadcom_com_report_free(rep);
	cadcom_sd_free(sd);
	cadcom_free(text);
	return 1;
}

/* What the layer's descriptor is now, with an assumption when Windows uses
 * something else in place of an absent value.  *had: the value exists. */
static int current_sd(struct ctx *c, const struct dcom_layer *L, cadcom_sd **sd, bool *had,
		      unsigned char **old, size_t *old_len)
{
	int from = 0, rc = cadcom__layer_sd(c->target, L, sd, &from, old, old_len);

	*had = from == SD_FROM_VALUE;
	if (from == SD_FROM_FALLBACK)
		cadcom__plan_assume(c->plan,
				    "CertSrv Request has no %s: Windows uses %s, which the plan "
				    "copies into %s before adding to it",
				    L->value, L->fallback_value, L->value);
	else if (from == SD_FROM_DEFAULT && L->fallback_value)
		cadcom__plan_assume(c->plan,
				    "CertSrv Request has no %s and there is no %s: Windows uses %s",
				    L->value, L->fallback_value, L->default_source);
	else if (from == SD_FROM_DEFAULT)
		cadcom__plan_assume(c->plan, "%s is absent: Windows uses %s", L->value,
				    L->default_source);
	return rc;
}

static void report_conflicts(struct ctx *c, const struct dcom_layer *L,
			     const cadcom_com_report *rep)
{
	for (size_t i = 0; i < cadcom_com_report_conflict_count(rep); i++) {
		int kind = 0;
		struct finding *f;

		cadcom_com_report_conflict(rep, i, NULL, NULL, NULL, &kind);
		f = cadcom__plan_find(c->plan,
				      kind == CADCOM_COM_CONFLICT_CERTAIN ? CADCOM_SEVERITY_ERROR
									  : CADCOM_SEVERITY_WARNING,
				      L->layer, "%s: %s", L->value, cadcom_com_report_message(rep, i));
		if (f)
			f->fix = cadcom__printf("review that deny ACE in %s; the plan never removes "
						"deny ACEs",
						L->value);
	}
}

static int dcom_layer(struct ctx *c, const struct dcom_layer *L)
{
	const struct cadcom_sid *who = L->for_group ? &c->group : &sid_everyone;
	cadcom_sd *sd = NULL, *required = NULL;
	cadcom_ace *ace = NULL;
	cadcom_com_report *rep = NULL;
	unsigned char *old = NULL, *new_bytes = NULL;
	size_t old_len = 0, new_len = 0, bad;
	uint32_t mask;
	bool had;
	int rc;

	if (L->for_group && !c->group_known) {
		cadcom__plan_assume(c->plan,
				    "%s cannot name the group before it exists: create it, then plan "
				    "again",
				    L->value);
		return 0;
	}
	cadcom_com_mask(L->kind, L->perms, &mask);
	if ((rc = cadcom_sd_new(&required)) || (rc = cadcom_ace_new(&ace, CADCOM_ACE_ACCESS_ALLOWED, 0,
								    mask, who)) ||
	    (rc = cadcom_sd_append_ace(required, CADCOM_DACL, ace)))
		goto out;
	rc = policy_layer(c, L, who, required);
	if (rc != 0) {
		rc = rc > 0 ? 0 : rc;
		goto out;
	}
	rc = current_sd(c, L, &sd, &had, &old, &old_len);
	if (rc == 0 && (rc = cadcom_com_sd_validate(sd, &bad)) != 0) {
		char *now = sddl_of(c, sd);
		struct finding *f = cadcom__plan_find(c->plan, CADCOM_SEVERITY_ERROR, L->layer,
						      "%s is not a valid DCOM descriptor: %s",
						      L->value, cadcom_error_message(cadcom_error_last()));
		if (f) {
			f->evidence = now;
			f->fix = cadcom__printf("rewrite %s by hand (dcomcnfg); the plan does not "
						"guess",
						L->value);
		} else {
			free(now);
		}
		rc = 0;
		goto out;
	}
	if (rc == CADCOM_EINVALIDSD || rc == CADCOM_EPARSE) {
		cadcom__plan_find(c->plan, CADCOM_SEVERITY_ERROR, L->layer, "%s cannot be read: %s",
				  L->value, cadcom_error_message(cadcom_error_last()));
		rc = 0;
		goto out;
	}
	if (rc)
		goto out;
	if (!cadcom_sd_acl_is_canonical(sd, CADCOM_DACL, &bad))
		cadcom__plan_find(c->plan, CADCOM_SEVERITY_WARNING, L->layer,
				  "%s is not in canonical order (ACE %zu); the plan inserts at the "
				  "canonical place and reorders nothing",
				  L->value, bad);
	if (cadcom_com_sd_form(sd) == CADCOM_COM_FORM_LEGACY &&
	    L->perms != cadcom_com_all_permissions(L->kind)) {
		cadcom_com_sd_upgrade(sd, L->kind);
		cadcom__plan_assume(c->plan,
				    "%s is in the legacy form (EXECUTE only); the plan rewrites it in "
				    "the new form with the same meaning to grant only some permissions",
				    L->value);
	}
	{
		char *now = sddl_of(c, sd);
		rc = cadcom_com_merge(sd, L->kind, required, &rep);
		if (rc == 0 && cadcom_com_report_changes(rep)) {
			char *who_name = name_of(c, who), perms[128];
			struct finding *f;
			struct action *a;

			perms_text(perms, sizeof(perms), L->perms);
			f = cadcom__plan_find(c->plan, CADCOM_SEVERITY_ERROR, L->layer,
					      "%s does not grant %s %s", L->value, who_name, perms);
			if (f) {
				f->evidence = cadcom__strdup(now);
				f->fix = sddl_of(c, sd);
			}
			rc = cadcom_sd_to_bytes(sd, &new_bytes, &new_len);
			a = rc ? NULL
			       : cadcom__plan_act(c->plan, CADCOM_ACTION_SET_VALUE, L->layer,
						  "grant %s %s in %s", who_name, perms, L->value);
			if (a) {
				a->key = cadcom__strdup(L->key);
				a->name = cadcom__strdup(L->value);
				a->type = CADCOM_REG_BINARY;
				a->data = new_bytes;
				a->len = new_len;
				new_bytes = NULL;
				a->had_old = had;
				a->old_type = CADCOM_REG_BINARY;
				if (had) {
					a->old = old;
					a->old_len = old_len;
					old = NULL;
				}
				if (!a->key || !a->name)
					c->plan->failed = true;
			}
			free(who_name);
		}
		free(now);
		if (rc == 0)
			report_conflicts(c, L, rep);
	}
out:
	cadcom_com_report_free(rep);
	cadcom_free(new_bytes);
	cadcom_free(old);
	cadcom_ace_free(ace);
	cadcom_sd_free(required);
	cadcom_sd_free(sd);
	return rc;
}

/* ---- the group and its members ------------------------------------------- */

static const char *scope_name(int scope)
{
	switch (scope) {
	case CADCOM_SCOPE_DOMAIN_LOCAL: return "domain local";
	case CADCOM_SCOPE_COMPUTER_LOCAL: return "computer-local";
	case CADCOM_SCOPE_BUILTIN_LOCAL: return "builtin local";
	case CADCOM_SCOPE_GLOBAL: return "global";
	case CADCOM_SCOPE_UNIVERSAL: return "universal";
	default: return "unknown";
	}
}

/* The group's home for the scope rules: the CA's domain on a DC, else the host. */
static const char *group_home(const struct ctx *c)
{
	long d = cadcom_topology_ca_domain(c->topo);

	if (cadcom_topology_role(c->topo) == CADCOM_ROLE_DC && d >= 0)
		return cadcom_topology_domain_name(c->topo, (size_t)d);
	return cadcom_topology_host(c->topo);
}

static int resolve_group(struct ctx *c)
{
	struct ca_group g;
	int rc = cadcom__ca_group(c->topo, c->dir, &g);

	if (rc)
		return rc;
	c->group = g.sid;
	c->group_known = g.known;
	c->group_scope = g.scope;
	c->group_name = g.name;
	if (cadcom_topology_generation(c->topo) == CADCOM_GENERATION_2008) {
		cadcom__plan_assume(c->plan,
				    "Windows Server 2008 and later: the DCOM group is the builtin "
				    "\"" GROUP_2008_NAME "\" (S-1-5-32-574)");
		return 0;
	}
	cadcom__plan_assume(c->plan,
			    "Windows Server 2003 SP1: the DCOM group is " GROUP_2003_NAME ", a %s "
			    "group %s",
			    scope_name(c->group_scope),
			    c->group_scope == CADCOM_SCOPE_DOMAIN_LOCAL ? "of the CA's domain" : "on the CA");
	if (!g.known && c->target)
		c->group_missing = true;
	else if (!g.known)
		cadcom__plan_assume(c->plan,
				    "without a target the group's SID is not known: give it "
				    "(--group-sid) to plan the machine restrictions");
	return 0;
}

struct need {
	struct cadcom_sid sid;
	const char *why;
};

/* Who must be in the group (KB 903220). */
static size_t needed_members(const struct ctx *c, struct need *out, size_t max)
{
	const cadcom_topology *t = c->topo;
	long ca = cadcom_topology_ca_domain(t);
	size_t n = 0;

	if (cadcom_topology_role(t) != CADCOM_ROLE_DC || ca < 0) {
		out[n++] = (struct need){ sid_everyone, "a member-server or standalone CA's group "
							"holds Everyone" };
		return n;
	}
	for (size_t i = 0; i < cadcom_topology_domain_count(t) && n + 3 <= max; i++) {
		static const uint32_t rids[3] = { RID_DOMAIN_USERS, RID_DOMAIN_COMPUTERS,
						  RID_DOMAIN_CONTROLLERS };
		const cadcom_sid *dom = cadcom_topology_domain_sid(t, i);
		bool own = (long)i == ca;

		if (!own && !cadcom_topology_domain_enrolls(t, i))
			continue;
		for (int k = 0; k < 3; k++) {
			if (k == 2 && !cadcom_topology_dcs_enroll(t))
				continue;
			out[n].sid = *dom;
			out[n].sid.sub[out[n].sid.count++] = rids[k];
			out[n].why = k == 2 ? "domain controllers enrol and are not Domain Computers"
				   : own    ? "the CA's domain enrols (KB 903220)"
					    : "enrollees of another domain are added by hand "
					      "(KB 903220)";
			n++;
		}
	}
	return n;
}

/* 1 if the group's scope allows `member`, 0 (with a finding) if not. */
static int scope_allows(struct ctx *c, cadcom_env *env, const struct need *m)
{
	cadcom_principal *g = NULL, *p = NULL;
	struct cadcom_sid gsid = c->group;
	char *why = NULL, *mname;
	const char *home = NULL;
	int rc;

	/* Everyone may join every group the CA uses: computer-local, builtin and
	 * domain local alike (doc/SCOPE.md). */
	if (cadcom_sid_equal(&m->sid, &sid_everyone))
		return 1;
	if (!c->group_known && c->domain_sid) { /* to be created: any SID of its domain */
		gsid = *c->domain_sid;
		gsid.sub[gsid.count++] = 0xFFFFFFFFu;
	}
	for (size_t i = 0; i < cadcom_topology_domain_count(c->topo); i++)
		if (cadcom_sid_in_domain(&m->sid, cadcom_topology_domain_sid(c->topo, i)))
			home = cadcom_topology_domain_name(c->topo, i);
	mname = name_of(c, &m->sid);
	rc = cadcom_principal_new(&g, CADCOM_PRINCIPAL_GROUP, c->group_scope, &gsid, group_home(c),
				  c->group_name);
	if (rc == 0)
		rc = cadcom_principal_new(&p, CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_GLOBAL, &m->sid,
					  home, mname);
	if (rc == 0)
		rc = cadcom_scope_may_contain(env, g, p, &why);
	if (rc == 0) {
		struct finding *f = cadcom__plan_find(c->plan, CADCOM_SEVERITY_ERROR,
						      CADCOM_LAYER_MEMBERS, "%s cannot be added: %s",
						      mname, why ? why : "");
		if (f)
			f->fix = cadcom__printf("its enrollees need another way in (a trust, or a "
						"group of a trusted domain)");
	} else if (rc < 0) {
		cadcom__plan_find(c->plan, CADCOM_SEVERITY_WARNING, CADCOM_LAYER_MEMBERS,
				  "the scope rules could not be checked for %s: %s", mname,
				  cadcom_error_message(cadcom_error_last()));
		rc = 1;
	}
	cadcom_free(why);
	free(mname);
	cadcom_principal_free(g);
	cadcom_principal_free(p);
	return rc;
}

static int members_layer(struct ctx *c)
{
	struct need need[64];
	size_t n = needed_members(c, need, ARRAY_SIZE(need));
	cadcom_env *env = NULL;
	int kind = 0, scope = 0, rc;
	bool listed = false; /* the target's directory knows the group */
	bool advised = false; /* the restart note is given once */
	bool defaults = !c->target;

	if (c->dir && c->group_known &&
	    cadcom_directory_info(c->dir, &c->group, &kind, &scope) == 0) {
		listed = true;
		if (scope != c->group_scope) {
			struct finding *f = cadcom__plan_find(
				c->plan, CADCOM_SEVERITY_ERROR, CADCOM_LAYER_GROUP,
				"%s is a %s group; this CA needs a %s group", c->group_name,
				scope_name(scope), scope_name(c->group_scope));
			if (f)
				f->fix = cadcom__printf("recreate it with the right scope; the plan "
							"does not change a group's scope");
		}
	} else if (c->group_missing) {
		cadcom__plan_find(c->plan, CADCOM_SEVERITY_ERROR, CADCOM_LAYER_GROUP,
				  "%s does not exist", c->group_name);
		cadcom__plan_act(c->plan, CADCOM_ACTION_CREATE_GROUP, CADCOM_LAYER_GROUP,
				 "create the %s group %s", scope_name(c->group_scope), c->group_name);
	} else if (defaults) {
		cadcom__plan_assume(c->plan, "without a target the group holds what CA setup "
					     "puts in it: Everyone on a member server, Domain Users "
					     "and Domain Computers on a domain controller");
	} else {
		cadcom__plan_find(c->plan, CADCOM_SEVERITY_WARNING, CADCOM_LAYER_MEMBERS,
				  "the target holds no membership of %s; the plan adds every member "
				  "it needs (adding a present member changes nothing)",
				  c->group_name);
	}
	if ((rc = cadcom_topology_env(c->topo, &env)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		char *mname;
		struct action *a;
		int in = 0;

		if ((rc = scope_allows(c, env, &need[i])) <= 0) {
			if (rc < 0)
				break;
			continue;
		}
		rc = 0;
		if (listed)
			in = cadcom_directory_is_member(c->dir, &c->group, &need[i].sid);
		else if (defaults)
			in = cadcom_sid_equal(&need[i].sid, &sid_everyone) ||
			     (cadcom_sid_rid(&need[i].sid) != RID_DOMAIN_CONTROLLERS &&
			      cadcom_sid_in_domain(&need[i].sid, c->domain_sid));
		if (in == 1)
			continue;
		mname = name_of(c, &need[i].sid);
		if (listed || defaults)
			cadcom__plan_find(c->plan, CADCOM_SEVERITY_ERROR, CADCOM_LAYER_MEMBERS,
					  "%s lacks %s: %s", c->group_name, mname, need[i].why);
		a = cadcom__plan_act(c->plan, CADCOM_ACTION_ADD_MEMBER, CADCOM_LAYER_MEMBERS,
				     "add %s to %s", mname, c->group_name);
		if (a) {
			a->group = c->group_known ? c->group : (struct cadcom_sid){ 0 };
			a->member = need[i].sid;
		}
		if (cadcom_sid_rid(&need[i].sid) == RID_DOMAIN_CONTROLLERS && !advised) {
			advised = true;
			cadcom__plan_find(c->plan, CADCOM_SEVERITY_INFO, CADCOM_LAYER_MEMBERS,
					  "domain controllers see %s's new members only after they "
					  "restart (KB 903220)",
					  c->group_name);
		}
		free(mname);
	}
	cadcom_env_free(env);
	return rc;
}

/* ---- the whole ------------------------------------------------------------ */

int cadcom_plan_compute(const cadcom_topology *topo, cadcom_target *target, cadcom_plan **out)
{
	struct ctx c = { 0 };
	long d;
	int rc;

	if (!topo || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: NULL argument");
	if ((rc = cadcom_topology_validate(topo)))
		return rc;
	c.topo = topo;
	c.target = target;
	c.dir = target ? cadcom_target_directory(target) : NULL;
	c.plan = calloc(1, sizeof(*c.plan));
	if (!c.plan)
		return cadcom__enomem();
	d = cadcom_topology_ca_domain(topo);
	c.domain_sid = d >= 0 ? cadcom_topology_domain_sid(topo, (size_t)d) : NULL;
	c.windows = cadcom_topology_generation(topo) == CADCOM_GENERATION_2003 ? CADCOM_WINDOWS_2003
										 : CADCOM_WINDOWS_2008;
	if (!target)
		cadcom__plan_assume(c.plan, "no target: the CA is taken to hold Windows' default values");
	rc = resolve_group(&c);
	if (rc == 0)
		rc = members_layer(&c);
	for (size_t i = 0; rc == 0 && i < ARRAY_SIZE(cadcom__dcom_layers); i++)
		rc = dcom_layer(&c, &cadcom__dcom_layers[i]);
	if (rc == 0)
		rc = cadcom__setup_layer(c.plan, target, topo);
	free(c.group_name);
	if (rc == 0 && c.plan->failed)
		rc = cadcom__enomem();
	if (rc) {
		cadcom_plan_free(c.plan);
		return rc;
	}
	*out = c.plan;
	return 0;
}
