/*
 * Reading the DCOM descriptors a CA depends on, as Windows resolves them:
 * the Group Policy value first (machine restrictions), then the value, then
 * the Ole default it falls back to (CertSrv Request), then Windows' built-in
 * default.  Shared by the planner and the verdicts.
 *
 * And the CertSvc layer: SetupStatus, read in the places the planner
 * reports and the reset clears (one reader for both, so that they never
 * disagree on where it is), and whether a target is a CA at all.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ca_internal.h"

int cadcom__ca_read(cadcom_target *t, const char *key, const char *name, int *type,
		    unsigned char **data, size_t *len)
{
	if (!t)
		return CADCOM_ENOTFOUND;
	return cadcom_registry_get(cadcom_target_registry(t), key, name, type, data, len);
}

static int sd_from_value(const char *name, int type, const unsigned char *data, size_t len,
			 cadcom_sd **sd)
{
	if (type != CADCOM_REG_BINARY)
		return cadcom__error(CADCOM_EINVALIDSD, -1, "%s is of type %d, not REG_BINARY", name,
				     type);
	return cadcom_sd_from_bytes(sd, data, len);
}

int cadcom__layer_sd(cadcom_target *t, const struct dcom_layer *L, cadcom_sd **sd, int *from,
		     unsigned char **old, size_t *old_len)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int type, rc;

	rc = cadcom__ca_read(t, L->key, L->value, &type, &data, &len);
	if (rc == 0) {
		*from = SD_FROM_VALUE;
		rc = sd_from_value(L->value, type, data, len, sd);
		if (old) {
			*old = data;
			*old_len = len;
		} else {
			cadcom_free(data);
		}
		return rc;
	}
	if (rc != CADCOM_ENOTFOUND)
		return rc;
	if (L->fallback_value) {
		rc = cadcom__ca_read(t, OLE_KEY, L->fallback_value, &type, &data, &len);
		if (rc == 0) {
			*from = SD_FROM_FALLBACK;
			rc = sd_from_value(L->fallback_value, type, data, len, sd);
			cadcom_free(data);
			return rc;
		}
		if (rc != CADCOM_ENOTFOUND)
			return rc;
	}
	*from = SD_FROM_DEFAULT;
	return cadcom_sd_from_sddl(sd, L->windows_default, NULL);
}

int cadcom__layer_policy(cadcom_target *t, const struct dcom_layer *L, const cadcom_sid *domain,
			 cadcom_sd **sd, char **text)
{
	unsigned char *data = NULL;
	size_t len;
	int type, rc;

	*sd = NULL;
	*text = NULL;
	if (!L->policy_value)
		return 0;
	rc = cadcom__ca_read(t, POLICY_KEY, L->policy_value, &type, &data, &len);
	if (rc == CADCOM_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (type != CADCOM_REG_SZ && type != CADCOM_REG_EXPAND_SZ)
		rc = cadcom__error(CADCOM_EINVALIDSD, -1, "the Group Policy value %s is of type %d, "
					       "not REG_SZ", L->policy_value, type);
	else if ((rc = cadcom_reg_sz_decode(data, len, text)) == 0)
		rc = cadcom_sd_from_sddl(sd, *text, domain);
	cadcom_free(data);
	return rc ? rc : 1;
}

char *cadcom__ca_display(const cadcom_topology *topo, cadcom_directory *dir,
			 const struct cadcom_sid *group, const char *group_name,
			 const struct cadcom_sid *sid)
{
	const char *known = cadcom_sid_name(sid);
	char *text = NULL;

	if (group && group_name && cadcom_sid_equal(sid, group))
		return cadcom__strdup(group_name);
	if (dir && cadcom_directory_lookup_sid(dir, sid, &text) == 0)
		return text;
	for (size_t i = 0; known && i < cadcom_topology_domain_count(topo); i++)
		if (cadcom_sid_in_domain(sid, cadcom_topology_domain_sid(topo, i)))
			return cadcom__printf("%s\\%s", cadcom_topology_domain_netbios(topo, i), known);
	if (known && sid->authority == 5 && sid->count == 2 && sid->sub[0] == 32)
		return cadcom__printf("BUILTIN\\%s", known);
	if (known)
		return cadcom__strdup(known);
	cadcom_sid_to_string(sid, &text);
	return text;
}

/* The builtin "Certificate Service DCOM Access" (facts.md §4). */
static const struct cadcom_sid sid_cert_dcom = { 1, 2, 5, { 32, 574 } };

int cadcom__ca_group(const cadcom_topology *topo, cadcom_directory *dir, struct ca_group *g)
{
	bool dc = cadcom_topology_role(topo) == CADCOM_ROLE_DC;
	long d = cadcom_topology_ca_domain(topo);
	const char *prefix = dc && d >= 0 ? cadcom_topology_domain_netbios(topo, (size_t)d)
					  : cadcom_topology_host(topo);
	cadcom_sid *found = NULL;

	memset(g, 0, sizeof(*g));
	if (cadcom_topology_generation(topo) == CADCOM_GENERATION_2008) {
		g->sid = sid_cert_dcom;
		g->known = true;
		g->scope = CADCOM_SCOPE_BUILTIN_LOCAL;
		g->name = cadcom__strdup("BUILTIN\\" GROUP_2008_NAME);
		return g->name ? 0 : cadcom__enomem();
	}
	g->scope = dc ? CADCOM_SCOPE_DOMAIN_LOCAL : CADCOM_SCOPE_COMPUTER_LOCAL;
	if (!(g->name = cadcom__printf("%s\\" GROUP_2003_NAME, prefix)))
		return cadcom__enomem();
	if (cadcom_topology_group_sid(topo)) {
		g->sid = *cadcom_topology_group_sid(topo);
		g->known = true;
	} else if (dir && (cadcom_directory_lookup_name(dir, g->name, &found) == 0 ||
			   cadcom_directory_lookup_name(dir, GROUP_2003_NAME, &found) == 0)) {
		g->sid = *found;
		g->known = true;
		cadcom_sid_free(found);
	}
	return 0;
}

/* ---- the CertSvc layer ------------------------------------------------------ */

/* SetupStatus where CertSvc keeps it (facts.md §3): CertSvc\Configuration,
 * where KB 903220's unprefixed `certutil -setreg SetupStatus` writes
 * (INFERRED), and the per-CA key Configuration\<CA> that certsrv.h lists it
 * under.  The planner reports, and the reset clears, both (doc/CA.md). */
enum { SETUP_CONFIG, SETUP_PER_CA, SETUP_PLACES };
struct setup_status {
	char *key;         /* the full key; NULL: the CA's name is not known */
	const char *label; /* "CertSvc\Configuration..." in key, for messages */
	bool from_active;  /* the CA's name came from Configuration's Active value */
	bool present;      /* the value exists */
	bool valid;        /* ... and is a 4-byte REG_DWORD: `value` holds it */
	int type;
	size_t len;
	uint32_t value;
};

/* The CA's key name: the topology's, else what Configuration's Active says.
 * *name stays NULL when neither knows it. */
static int setup_ca_name(cadcom_target *t, const cadcom_topology *topo, char **name, bool *active)
{
	const char *given = topo ? cadcom_topology_ca_name(topo) : NULL;
	unsigned char *data = NULL;
	size_t len;
	int type, rc;

	*name = NULL;
	*active = false;
	if (given)
		return (*name = cadcom__strdup(given)) ? 0 : cadcom__enomem();
	rc = cadcom__ca_read(t, CERTSVC_CONFIG_KEY, "Active", &type, &data, &len);
	if (rc == CADCOM_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (type != CADCOM_REG_SZ)
		rc = cadcom__error(CADCOM_EPARSE, -1, "%s\\Active is %s, not REG_SZ: it does not name "
				   "the CA's key", CERTSVC_CONFIG_KEY, cadcom__ca_type_name(type));
	else if ((rc = cadcom_reg_sz_decode(data, len, name)) == 0 &&
		 (!**name || strchr(*name, '\\'))) {
		/* A backslash would name a key deeper down, not the CA's. */
		rc = cadcom__error(CADCOM_EPARSE, -1, "%s\\Active \"%s\" is not a CA name (a key "
				   "name: not empty, no backslash)", CERTSVC_CONFIG_KEY, *name);
		cadcom_free(*name);
		*name = NULL;
	}
	cadcom_free(data);
	*active = rc == 0;
	return rc;
}

/* SetupStatus in one place; absent is not an error. */
static int setup_read(cadcom_target *t, struct setup_status *p)
{
	unsigned char *data = NULL;
	int rc;

	p->label = strstr(p->key, "\\CertSvc\\") + 1;
	rc = cadcom__ca_read(t, p->key, "SetupStatus", &p->type, &data, &p->len);
	if (rc)
		return rc == CADCOM_ENOTFOUND ? 0 : rc;
	p->present = true;
	p->valid = p->type == CADCOM_REG_DWORD && p->len == 4;
	if (p->valid)
		p->value = cadcom__le32(data);
	cadcom_free(data);
	return 0;
}

static int setup_status(cadcom_target *t, const cadcom_topology *topo,
			struct setup_status s[SETUP_PLACES])
{
	char *ca = NULL;
	bool active;
	int rc;

	memset(s, 0, SETUP_PLACES * sizeof(*s));
	if (!(s[SETUP_CONFIG].key = cadcom__strdup(CERTSVC_CONFIG_KEY)))
		return cadcom__enomem();
	/* Configuration first: when the CA's name cannot be known, what it
	 * holds is still reported. */
	if ((rc = setup_read(t, &s[SETUP_CONFIG])) || (rc = setup_ca_name(t, topo, &ca, &active)) ||
	    !ca)
		return rc;
	s[SETUP_PER_CA].key = cadcom__printf("%s\\%s", CERTSVC_CONFIG_KEY, ca);
	s[SETUP_PER_CA].from_active = active;
	cadcom_free(ca);
	return s[SETUP_PER_CA].key ? setup_read(t, &s[SETUP_PER_CA]) : cadcom__enomem();
}

static void setup_status_free(struct setup_status s[SETUP_PLACES])
{
	for (int i = 0; i < SETUP_PLACES; i++)
		free(s[i].key);
}

/* The certutil command that clears the flag in one place (facts.md §3: an
 * unprefixed name is under Configuration, "ca\" selects the active CA's key). */
static const char *const setup_certutil[SETUP_PLACES] = {
	[SETUP_CONFIG] = "certutil -setreg SetupStatus -SETUP_DCOM_SECURITY_UPDATED_FLAG",
	[SETUP_PER_CA] = "certutil -setreg ca\\SetupStatus -SETUP_DCOM_SECURITY_UPDATED_FLAG",
};

int cadcom__setup_layer(struct cadcom_plan *plan, cadcom_target *t, const cadcom_topology *topo)
{
	struct setup_status s[SETUP_PLACES];
	struct finding *f;
	int rc = setup_status(t, topo, s);

	if (rc && rc != CADCOM_ENOMEM) {
		f = cadcom__plan_find(plan, CADCOM_SEVERITY_WARNING, CADCOM_LAYER_CA,
				      "SetupStatus cannot be read: %s",
				      cadcom_error_message(cadcom_error_last()));
		if (f)
			f->fix = cadcom__printf("check the CertSvc configuration by hand (regedit)");
		rc = 0;
	}
	if (rc == 0 && s[SETUP_PER_CA].from_active)
		cadcom__plan_assume(plan, "the topology names no CA: its key is %s, from %s\\Active",
				    s[SETUP_PER_CA].label, s[SETUP_CONFIG].label);
	for (int i = 0; rc == 0 && i < SETUP_PLACES; i++) {
		const struct setup_status *p = &s[i];

		if (!p->present)
			continue;
		if (!p->valid) {
			f = cadcom__plan_find(plan, CADCOM_SEVERITY_WARNING, CADCOM_LAYER_CA,
					      "SetupStatus in %s is %s of %zu bytes, not a 4-byte "
					      "REG_DWORD: what CertSvc makes of it is unknown",
					      p->label, cadcom__ca_type_name(p->type), p->len);
			if (f)
				f->fix = cadcom__printf("check the value by hand (regedit); the "
							"SetupStatus reset leaves a value it cannot "
							"read alone");
		} else if (p->value & CADCOM_SETUP_DCOM_SECURITY_UPDATED) {
			f = cadcom__plan_find(plan, CADCOM_SEVERITY_INFO, CADCOM_LAYER_CA,
					      "SetupStatus 0x%08x in %s has DCOM_SECURITY_UPDATED: "
					      "CertSvc will not re-apply its DCOM defaults when it starts",
					      p->value, p->label);
			if (f)
				f->fix = cadcom__printf("to have CertSvc redo its own settings: %s, "
							"then restart CertSvc (KB 903220); or the "
							"plan's SetupStatus reset",
							setup_certutil[i]);
		} else {
			cadcom__plan_find(plan, CADCOM_SEVERITY_INFO, CADCOM_LAYER_CA,
					  "SetupStatus 0x%08x in %s lacks DCOM_SECURITY_UPDATED: CertSvc "
					  "re-applies its DCOM defaults at its next start",
					  p->value, p->label);
		}
	}
	setup_status_free(s);
	return rc;
}

int cadcom_plan_check_ca(cadcom_target *target)
{
	int rc;

	if (!target)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: NULL target");
	rc = cadcom_registry_key_exists(cadcom_target_registry(target), CERTSVC_CONFIG_KEY);
	if (rc == 0)
		rc = cadcom__error(CADCOM_ENOTFOUND, -1,
				   "target is not a CA: no " CERTSVC_CONFIG_KEY " key");
	return rc < 0 ? rc : 0;
}

/* Does the plan already set this value?  (A second reset adds nothing.) */
static bool plan_sets(const struct cadcom_plan *p, const char *key, const char *name)
{
	for (size_t i = 0; i < p->n_actions; i++)
		if (p->actions[i].kind == CADCOM_ACTION_SET_VALUE &&
		    strcasecmp(p->actions[i].key, key) == 0 &&
		    strcasecmp(p->actions[i].name, name) == 0)
			return true;
	return false;
}

static void reset_action(struct cadcom_plan *p, const struct setup_status *s)
{
	uint32_t now = s->value & ~CADCOM_SETUP_DCOM_SECURITY_UPDATED;
	struct action *a = cadcom__plan_act(p, CADCOM_ACTION_SET_VALUE, CADCOM_LAYER_CA,
					    "clear DCOM_SECURITY_UPDATED (0x2000) in SetupStatus of "
					    "%s (0x%08x to 0x%08x), so that CertSvc re-applies its "
					    "DCOM defaults at its next start",
					    s->label, s->value, now);

	if (!a)
		return;
	a->key = cadcom__strdup(s->key);
	a->name = cadcom__strdup("SetupStatus");
	a->type = a->old_type = CADCOM_REG_DWORD;
	a->data = malloc(4);
	a->old = malloc(4);
	a->len = a->old_len = 4;
	a->had_old = true;
	if (!a->key || !a->name || !a->data || !a->old) {
		p->failed = true;
		return;
	}
	cadcom__put_le32(a->data, now);
	cadcom__put_le32(a->old, s->value);
}

int cadcom_plan_reset_setup_flag(cadcom_plan *p, const cadcom_topology *topo,
				 cadcom_target *target)
{
	struct setup_status s[SETUP_PLACES];
	size_t before;
	int rc;

	if (!p || !target)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: NULL argument to reset SetupStatus");
	if ((rc = cadcom_plan_check_ca(target)))
		return rc;
	if ((rc = setup_status(target, topo, s)))
		goto out;
	/* Every place is checked before anything is added: all or nothing. */
	for (int i = 0; i < SETUP_PLACES; i++)
		if (s[i].present && !s[i].valid) {
			rc = cadcom__error(CADCOM_EPARSE, -1,
					   "%s\\SetupStatus is %s of %zu bytes, not a 4-byte "
					   "REG_DWORD: the flag cannot be cleared in it",
					   s[i].key, cadcom__ca_type_name(s[i].type), s[i].len);
			goto out;
		}
	before = p->n_actions;
	for (int i = 0; i < SETUP_PLACES; i++)
		if (s[i].valid && (s[i].value & CADCOM_SETUP_DCOM_SECURITY_UPDATED) &&
		    !plan_sets(p, s[i].key, "SetupStatus"))
			reset_action(p, &s[i]);
	if (p->failed) {
		cadcom__plan_truncate(p, before);
		p->failed = false;
		rc = cadcom__enomem();
	}
out:
	setup_status_free(s);
	return rc;
}
