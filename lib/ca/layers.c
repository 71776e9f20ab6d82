/*
 * Reading the DCOM descriptors a CA depends on, as Windows resolves them:
 * the Group Policy value first (machine restrictions), then the value, then
 * the Ole default it falls back to (CertSrv Request), then Windows' built-in
 * default.  Shared by the planner and the verdicts.
 */
#include <stdlib.h>
#include <string.h>
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
