/*
 * The AD session as a directory (directory.h): lookups through the
 * principal cache, members by SID, and changes checked against the scope
 * rules (scope.h) before anything is sent — Samba, for one, accepts
 * memberships Windows refuses (notes/samba-lab.md), so the server is not
 * the judge.
 */
#include <stdlib.h>
#include <string.h>
#include "ad_internal.h"

static int last_code(void)
{
	return cadcom_error_code(cadcom_error_last());
}

static int d_lookup_name(void *impl, const char *name, struct cadcom_sid *out)
{
	return cadcom__ad_lookup(impl, name, out);
}

static int d_lookup_sid(void *impl, const struct cadcom_sid *sid, char **out)
{
	const struct ad_principal *p = cadcom__ad_principal(impl, sid);

	if (!p)
		return last_code();
	if (!p->name)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "%s has no name", p->dn ? p->dn : "the SID");
	return (*out = cadcom__strdup(p->name)) ? 0 : cadcom__enomem();
}

static int d_info(void *impl, const struct cadcom_sid *sid, int *kind, int *scope)
{
	const struct ad_principal *p = cadcom__ad_principal(impl, sid);

	if (!p)
		return last_code();
	if (kind)
		*kind = p->kind;
	if (scope)
		*scope = p->scope;
	return 0;
}

/* The group `sid`, which must be a group with an object here. */
static const struct ad_principal *group_of(struct cadcom_ad *ad, const struct cadcom_sid *sid)
{
	const struct ad_principal *g = cadcom__ad_principal(ad, sid);
	char *text;

	if (!g || (g->kind == CADCOM_PRINCIPAL_GROUP && g->dn))
		return g;
	text = cadcom__ad_sid_text(sid);
	cadcom__error(CADCOM_EKIND, -1, "%s: %s%s%s%s is %s", ad->dse.dns_host_name,
		      g->name ? g->name : "", g->name ? " (" : "", text ? text : "?",
		      g->name ? ")" : "",
		      g->kind != CADCOM_PRINCIPAL_GROUP ? "not a group" : "not a group of this domain");
	free(text);
	return NULL;
}

/* The members of group `sid` loaded (cadcom__ad_members), or an error. */
static int load_members(struct cadcom_ad *ad, const struct cadcom_sid *sid)
{
	const struct ad_principal *g = group_of(ad, sid);

	return g ? cadcom__ad_members(ad, g) : last_code();
}

static int d_member(void *impl, const struct cadcom_sid *group, size_t index,
		    struct cadcom_sid *out)
{
	struct cadcom_ad *ad = impl;
	int rc;

	if ((rc = load_members(ad, group)))
		return rc;
	if (index >= ad->nmembers)
		return CADCOM_ENOTFOUND;
	*out = ad->members[index].sid;
	return 0;
}

static int d_is_member(void *impl, const struct cadcom_sid *group, const struct cadcom_sid *member)
{
	struct cadcom_ad *ad = impl;
	int rc;

	if ((rc = load_members(ad, group)))
		return rc;
	return cadcom__ad_member_index(ad, member) >= 0;
}

/* The principal as scope.h sees it: home is this domain for its own objects
 * and builtin groups, derived from the SID otherwise. */
static int describe(struct cadcom_ad *ad, const struct ad_principal *p, cadcom_principal **out)
{
	bool ours = cadcom_sid_in_domain(&p->sid, &ad->domain_sid) ||
		    p->scope == CADCOM_SCOPE_BUILTIN_LOCAL;

	return cadcom_principal_new(out, p->kind, p->scope, &p->sid,
				    p->kind == CADCOM_PRINCIPAL_WELL_KNOWN ? NULL
				    : ours				   ? ad->domain
									   : NULL,
				    p->name);
}

/* The scope rules, with nothing sent when both sides are already known. */
static int check_scope(struct cadcom_ad *ad, const struct ad_principal *g,
		       const struct ad_principal *m)
{
	cadcom_principal *pg = NULL, *pm = NULL;
	char *why = NULL, *text = NULL;
	int rc;

	if (cadcom__sid_eq(&g->sid, &m->sid)) {
		text = cadcom__ad_sid_text(&m->sid);
		rc = cadcom__error(CADCOM_ESCOPE, -1, "%s: refused before writing: %s cannot "
				   "contain itself", ad->dse.dns_host_name,
				   g->name ? g->name : text ? text : "?");
		goto out;
	}
	if ((rc = describe(ad, g, &pg)) || (rc = describe(ad, m, &pm)))
		goto out;
	rc = cadcom_scope_may_contain(ad->env, pg, pm, &why);
	if (rc == 1) {
		rc = 0;
	} else if (rc == 0) {
		rc = cadcom__error(CADCOM_ESCOPE, -1, "%s: refused before writing: %s",
				   ad->dse.dns_host_name, why);
	} else if (rc == CADCOM_ENOTFOUND) {
		text = cadcom__ad_sid_text(&m->sid);
		rc = cadcom__error(CADCOM_ESCOPE, -1,
				   "%s: refused before writing: %s%s%s%s belongs to no domain of the "
				   "forest of %s nor to one it trusts",
				   ad->dse.dns_host_name, m->name ? m->name : "", m->name ? " (" : "",
				   text ? text : "?", m->name ? ")" : "", ad->domain);
	}
out:
	free(why);
	free(text);
	cadcom_principal_free(pg);
	cadcom_principal_free(pm);
	return rc;
}

/* The value to write in `member`: the member's DN (its own object or an
 * existing foreign security principal), else "<SID=…>", from which the DC
 * makes the FSP (or resolves a principal of another domain of the forest). */
static char *member_value(const struct ad_principal *m)
{
	char *text;

	if (m->dn)
		return cadcom__strdup(m->dn);
	if (!(text = cadcom__ad_sid_text(&m->sid)))
		return NULL;
	char *v = cadcom__printf("<SID=%s>", text);
	free(text);
	return v;
}

static int change(struct cadcom_ad *ad, const struct cadcom_sid *group,
		  const struct cadcom_sid *member, bool add)
{
	const struct ad_principal *g = group_of(ad, group), *m = NULL;
	char *value = NULL, *vals[2] = { NULL, NULL };
	LDAPMod mod = { add ? LDAP_MOD_ADD : LDAP_MOD_DELETE, "member", { vals } };
	LDAPMod *mods[] = { &mod, NULL };
	long at;
	int rc;

	if (!g)
		return last_code();
	if (add) {
		if (!(m = cadcom__ad_principal(ad, member)))
			return last_code();
		if ((rc = check_scope(ad, g, m)))
			return rc;
	}
	if ((rc = cadcom__ad_members(ad, g)))
		return rc;
	at = cadcom__ad_member_index(ad, member);
	if (add == (at >= 0))
		return 0; /* already so: nothing to write */
	if (!add)
		value = cadcom__strdup(ad->members[at].dn);
	else if (!m->dn && (rc = cadcom__ad_fsp_dn(ad, &m->sid, &value)))
		return rc; /* Samba refuses <SID=…> with 68 when the FSP exists */
	if (add && !value)
		value = member_value(m);
	if (!value)
		return cadcom__enomem();
	vals[0] = value;
	rc = cadcom__ldap_modify(ad->c, g->dn, mods);
	free(value);
	cadcom__ad_forget_members(ad);
	return rc ? rc : 1;
}

static int d_add_member(void *impl, const struct cadcom_sid *group,
			const struct cadcom_sid *member)
{
	return change(impl, group, member, true);
}

static int d_remove_member(void *impl, const struct cadcom_sid *group,
			   const struct cadcom_sid *member)
{
	return change(impl, group, member, false);
}

static int d_create_group(void *impl, const struct cadcom_sid *domain, const char *name,
			  int scope, struct cadcom_sid *out)
{
	struct cadcom_ad *ad = impl;
	cadcom_sid *sid = NULL;
	int rc;

	if (!cadcom__sid_eq(domain, &ad->domain_sid))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "%s: groups are created in %s only, not in another domain",
				     ad->dse.dns_host_name, ad->domain);
	if ((rc = cadcom_ad_create_group(ad, name, NULL, scope, &sid)))
		return rc;
	*out = *sid;
	cadcom_sid_free(sid);
	return 0;
}

static int d_delete_group(void *impl, const struct cadcom_sid *group)
{
	return cadcom_ad_delete_group(impl, group);
}

/* Describe a principal the DC has no object of: another domain's, known to
 * the caller.  Kept in the session only. */
static int d_add(void *impl, const struct cadcom_sid *sid, const char *name, int kind, int scope)
{
	struct cadcom_ad *ad = impl;
	struct cadcom_sid builtin = { 1, 1, 5, { 32 } };
	struct ad_principal p = { *sid, NULL, NULL, kind, scope, false };

	if (cadcom_sid_in_domain(sid, &ad->domain_sid) || cadcom_sid_in_domain(sid, &builtin))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "%s: principals of %s are read from the domain, not described",
				     ad->dse.dns_host_name, ad->domain);
	if (kind < CADCOM_PRINCIPAL_USER || kind > CADCOM_PRINCIPAL_WELL_KNOWN ||
	    (kind == CADCOM_PRINCIPAL_GROUP) != (scope != CADCOM_SCOPE_NONE))
		return cadcom__error(CADCOM_EINVAL, -1, "%s: kind %d with scope %d is not a principal",
				     ad->dse.dns_host_name, kind, scope);
	if (name && !(p.name = cadcom__strdup(name)))
		return cadcom__enomem();
	return cadcom__ad_remember(ad, &p) ? 0 : cadcom__enomem();
}

static int d_token(void *impl, const struct cadcom_sid *sid, int logon, cadcom_token **out)
{
	return cadcom_ad_token(impl, sid, logon, out);
}

static void d_free(void *impl)
{
	(void)impl; /* the session owns everything */
}

static const struct directory_ops ad_ops = {
	.add = d_add,
	.lookup_name = d_lookup_name,
	.lookup_sid = d_lookup_sid,
	.info = d_info,
	.create_group = d_create_group,
	.member = d_member,
	.is_member = d_is_member,
	.add_member = d_add_member,
	.remove_member = d_remove_member,
	.delete_group = d_delete_group,
	.token = d_token,
	.free = d_free,
};

int cadcom__ad_directory(struct cadcom_ad *ad, cadcom_directory **out)
{
	if (!(*out = calloc(1, sizeof(**out))))
		return cadcom__enomem();
	(*out)->ops = &ad_ops;
	(*out)->impl = ad;
	return 0;
}
