/*
 * The objects an AD session changes or reads whole (ad.h): groups made and
 * deleted, an enrollee's token from tokenGroups, a certificate template's
 * descriptor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ad_internal.h"

/* A token's group list is bounded like a group's member list. */
enum { MAX_TOKEN_GROUPS = 100000 };

/* ---- groups ----------------------------------------------------------------- */

/* A DN's RDN value escaped (RFC 4514). */
static char *rdn_escape(const char *v)
{
	size_t n = strlen(v);
	char *out = malloc(3 * n + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)v[i];
		if (strchr(",+\"\\<>;=", ch) || (i == 0 && (ch == '#' || ch == ' ')) ||
		    (i == n - 1 && ch == ' '))
			*o++ = '\\';
		*o++ = (char)ch;
	}
	*o = '\0';
	return out;
}

int cadcom_ad_create_group(cadcom_ad *ad, const char *name, const char *container_dn, int scope,
			   cadcom_sid **out)
{
	unsigned type;
	char gt[16], *rdn = NULL, *dn = NULL;
	char *oc_v[] = { "top", "group", NULL }, *sam_v[] = { (char *)name, NULL },
	     *gt_v[] = { gt, NULL };
	LDAPMod oc = { LDAP_MOD_ADD, "objectClass", { oc_v } },
		sam = { LDAP_MOD_ADD, "sAMAccountName", { sam_v } },
		gtm = { LDAP_MOD_ADD, "groupType", { gt_v } };
	LDAPMod *mods[] = { &oc, &sam, &gtm, NULL };
	struct cadcom_sid sid;
	int rc;

	if (out)
		*out = NULL;
	if (!ad || !name)
		return cadcom__error(CADCOM_EINVAL, -1, "AD create group: NULL argument");
	switch (scope) {
	case CADCOM_SCOPE_GLOBAL: type = GROUP_TYPE_GLOBAL; break;
	case CADCOM_SCOPE_DOMAIN_LOCAL: type = GROUP_TYPE_DOMAIN_LOCAL; break;
	case CADCOM_SCOPE_UNIVERSAL: type = GROUP_TYPE_UNIVERSAL; break;
	default:
		return cadcom__error(CADCOM_EINVAL, -1,
				     "AD create group %s: scope %d is not global, domain local or "
				     "universal (builtin groups are made by Windows)",
				     name, scope);
	}
	/* sAMAccountName: at most 256 characters, none of "/\[]:;|=,+*?<> (MS-ADTS 3.1.1.5.2.2). */
	if (!*name || strlen(name) > 256 || strpbrk(name, "\"/\\[]:;|=,+*?<>"))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "AD create group: \"%s\" is not a valid account name", name);
	snprintf(gt, sizeof(gt), "%d", (int)(GROUP_TYPE_SECURITY | type));
	if (!(rdn = rdn_escape(name)) ||
	    !(dn = container_dn ? cadcom__printf("CN=%s,%s", rdn, container_dn)
				: cadcom__printf("CN=%s,CN=Users,%s", rdn, ad->dse.default_nc))) {
		free(rdn);
		return cadcom__enomem();
	}
	free(rdn);
	if (!(rc = cadcom__ldap_add(ad->c, dn, mods)) &&
	    !(rc = cadcom__ad_search_sid(ad, dn, LDAP_SCOPE_BASE, "(objectClass=*)", dn, &sid)) && out)
		rc = cadcom_sid_dup(&sid, out);
	free(dn);
	return rc;
}

int cadcom_ad_delete_group(cadcom_ad *ad, const cadcom_sid *group)
{
	const struct ad_principal *p;
	char *text;
	int rc;

	if (!ad || !group)
		return cadcom__error(CADCOM_EINVAL, -1, "AD delete group: NULL argument");
	if (!(p = cadcom__ad_principal(ad, group)))
		return cadcom_error_code(cadcom_error_last());
	if (!(text = cadcom__ad_sid_text(group)))
		return cadcom__enomem();
	if (p->kind != CADCOM_PRINCIPAL_GROUP || !p->dn || p->critical ||
	    p->scope == CADCOM_SCOPE_BUILTIN_LOCAL)
		rc = cadcom__error(CADCOM_EKIND, -1,
				   "%s: %s (%s) is %s: not deleted", ad->dse.dns_host_name,
				   p->name ? p->name : text, text,
				   p->kind != CADCOM_PRINCIPAL_GROUP ? "not a group"
				   : !p->dn ? "not an object of this domain"
					    : "a group Windows made");
	else if (!(rc = cadcom__ldap_delete(ad->c, p->dn))) {
		cadcom__ad_forget(ad, group); /* the SID is gone */
		cadcom__ad_forget_members(ad); /* and with it, from the groups it was in */
	}
	free(text);
	return rc;
}

/* ---- tokens ----------------------------------------------------------------- */

struct token_load {
	struct cadcom_ad *ad;
	cadcom_token *t;
	long long primary;
	bool found;
};

static int token_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	struct token_load *l = arg;
	struct berval **groups = cadcom__ldap_attr_values(attrs, n, "tokenGroups");
	size_t count = 0;
	int rc = 0;

	l->found = true;
	cadcom__ad_long(cadcom__ad_first(attrs, n, "primaryGroupID"), &l->primary);
	for (size_t i = 0; !rc && groups && groups[i]; i++) {
		struct cadcom_sid g;
		if (++count > MAX_TOKEN_GROUPS)
			return cadcom__error(CADCOM_ELIMIT, -1, "%s: %s has more than %d groups",
					     l->ad->dse.dns_host_name, dn, MAX_TOKEN_GROUPS);
		if (cadcom__sid_decode((const unsigned char *)groups[i]->bv_val, groups[i]->bv_len,
				       &g) != 0)
			return cadcom__ad_bad_answer(l->ad, dn, "a malformed SID in tokenGroups");
		if (!cadcom_token_has_sid(l->t, &g))
			rc = cadcom_token_add_group(l->t, &g, 0);
	}
	return rc;
}

int cadcom_ad_token(cadcom_ad *ad, const cadcom_sid *principal, int logon, cadcom_token **out)
{
	static const char *const attrs[] = { "tokenGroups", "primaryGroupID", NULL };
	const struct ad_principal *p;
	struct token_load l = { ad, NULL, 0, false };
	char *text = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!ad || !principal || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "AD token: NULL argument");
	if (!(p = cadcom__ad_principal(ad, principal)))
		return cadcom_error_code(cadcom_error_last());
	if (!(text = cadcom__ad_sid_text(principal)))
		return cadcom__enomem();
	if (!p->dn || (p->kind != CADCOM_PRINCIPAL_USER && p->kind != CADCOM_PRINCIPAL_COMPUTER)) {
		rc = cadcom__error(CADCOM_EKIND, -1,
				   "%s: %s is not a user or computer of %s: no token to read",
				   ad->dse.dns_host_name, p->name ? p->name : text, ad->domain);
		goto out;
	}
	if ((rc = cadcom_token_new(&l.t, principal)))
		goto out;
	/* tokenGroups is constructed: only a base search returns it. */
	rc = cadcom__ldap_search(ad->c, p->dn, LDAP_SCOPE_BASE, "(objectClass=*)", attrs,
				 token_entry, &l);
	if (!rc && !l.found)
		rc = cadcom__error(CADCOM_ENOTFOUND, -1, "%s: %s vanished", ad->dse.dns_host_name,
				   p->dn);
	if (!rc && l.primary > 0 && l.primary <= UINT32_MAX) {
		/* tokenGroups holds the primary group; add it should a DC not. */
		struct cadcom_sid g = ad->domain_sid;
		g.sub[g.count++] = (uint32_t)l.primary;
		if (!cadcom_token_has_sid(l.t, &g))
			rc = cadcom_token_add_group(l.t, &g, 0);
	}
	if (!rc)
		rc = cadcom_token_add_logon_sids(l.t, logon);
	if (!rc) {
		*out = l.t;
		l.t = NULL;
	}
out:
	cadcom_token_free(l.t);
	free(text);
	return rc;
}

/* ---- certificate templates -------------------------------------------------- */

struct sd_load {
	struct cadcom_ad *ad;
	cadcom_sd *sd;
	size_t n;
};

static int sd_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	struct sd_load *l = arg;
	const struct berval *v = cadcom__ad_first(attrs, n, "nTSecurityDescriptor");

	if (++l->n > 1 || !v)
		return l->n > 1 ? 0 : cadcom__error(CADCOM_EACCESS, -1,
						    "%s: %s: nTSecurityDescriptor cannot be read "
						    "with these credentials",
						    l->ad->dse.dns_host_name, dn);
	if (cadcom_sd_from_bytes(&l->sd, (const unsigned char *)v->bv_val, v->bv_len))
		return cadcom__error(CADCOM_EPROTO, -1, "%s: %s: nTSecurityDescriptor: %s",
				     l->ad->dse.dns_host_name, dn,
				     cadcom_error_message(cadcom_error_last()));
	return 0;
}

int cadcom_ad_template_security(cadcom_ad *ad, const char *name, cadcom_sd **out)
{
	static const char *const attrs[] = { "nTSecurityDescriptor", NULL };
	struct sd_load l = { ad, NULL, 0 };
	char *esc = NULL, *filter = NULL, *base = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!ad || !name || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "AD template: NULL argument");
	if (!(esc = cadcom__ad_filter_escape(name)) ||
	    !(filter = cadcom__printf("(&(objectClass=pKICertificateTemplate)(|(cn=%s)(displayName=%s)))",
				      esc, esc)) ||
	    !(base = cadcom__printf("CN=Certificate Templates,CN=Public Key Services,CN=Services,%s",
				    ad->dse.config_nc))) {
		rc = cadcom__enomem();
		goto out;
	}
	/* Owner, group and DACL: reading the SACL would need SeSecurityPrivilege. */
	cadcom__ldap_search_controls(ad->c, false, 7);
	rc = cadcom__ldap_search(ad->c, base, LDAP_SCOPE_ONELEVEL, filter, attrs, sd_entry, &l);
	cadcom__ldap_search_controls(ad->c, false, 0);
	if (rc == CADCOM_ENOTFOUND || (!rc && l.n == 0))
		rc = cadcom__error(CADCOM_ENOTFOUND, -1, "%s: no certificate template \"%s\" in %s",
				   ad->dse.dns_host_name, name, base);
	else if (!rc && l.n > 1)
		rc = cadcom__error(CADCOM_EINVAL, -1, "%s: %zu certificate templates are called \"%s\"",
				   ad->dse.dns_host_name, l.n, name);
	if (!rc) {
		*out = l.sd;
		l.sd = NULL;
	}
out:
	cadcom_sd_free(l.sd);
	free(esc);
	free(filter);
	free(base);
	return rc;
}
