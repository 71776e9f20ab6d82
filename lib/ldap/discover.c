/*
 * Discovery (ad.h): the enterprise CAs published in the forest, and the
 * topology of a CA host read from its computer object, CN=Partitions and
 * this domain's trusts — what `cadcom plan --discover HOST` plans from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ad_internal.h"

/* facts.md §9 */
#define ENROLLMENT_SERVICES "CN=Enrollment Services,CN=Public Key Services,CN=Services"

struct ad_ca {
	char *name, *host;
	char **templates;
	size_t ntemplates;
};

struct cadcom_ad_cas {
	struct ad_ca *items;
	size_t n, cap;
};

void cadcom_ad_cas_free(cadcom_ad_cas *cas)
{
	if (!cas)
		return;
	for (size_t i = 0; i < cas->n; i++) {
		free(cas->items[i].name);
		free(cas->items[i].host);
		for (size_t j = 0; j < cas->items[i].ntemplates; j++)
			free(cas->items[i].templates[j]);
		free(cas->items[i].templates);
	}
	free(cas->items);
	free(cas);
}

static char *value_str(struct berval **v)
{
	return v && v[0] ? strndup(v[0]->bv_val, v[0]->bv_len) : NULL;
}

static int ca_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	struct cadcom_ad_cas *cas = arg;
	struct berval **cn = cadcom__ldap_attr_values(attrs, n, "cn"),
		      **host = cadcom__ldap_attr_values(attrs, n, "dNSHostName"),
		      **tpl = cadcom__ldap_attr_values(attrs, n, "certificateTemplates");
	struct ad_ca *grown, *ca;
	size_t count = 0;

	(void)dn;
	if (!cn || !cn[0])
		return 0;
	if (!(grown = cadcom__grow(cas->items, &cas->cap, cas->n, sizeof(*grown))))
		return cadcom__enomem();
	cas->items = grown;
	ca = &cas->items[cas->n++];
	*ca = (struct ad_ca){ 0 };
	while (tpl && tpl[count])
		count++;
	if (!(ca->name = value_str(cn)) || (host && host[0] && !(ca->host = value_str(host))) ||
	    (count && !(ca->templates = calloc(count, sizeof(*ca->templates)))))
		return cadcom__enomem();
	for (; ca->ntemplates < count; ca->ntemplates++)
		if (!(ca->templates[ca->ntemplates] = strndup(tpl[ca->ntemplates]->bv_val,
							     tpl[ca->ntemplates]->bv_len)))
			return cadcom__enomem();
	return 0;
}

int cadcom_ad_find_cas(cadcom_ad *ad, cadcom_ad_cas **out)
{
	static const char *const attrs[] = { "cn", "dNSHostName", "certificateTemplates", NULL };
	struct cadcom_ad_cas *cas;
	char *base;
	int rc;

	if (out)
		*out = NULL;
	if (!ad || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "AD find CAs: NULL argument");
	if (!(cas = calloc(1, sizeof(*cas))) ||
	    !(base = cadcom__printf(ENROLLMENT_SERVICES ",%s", ad->dse.config_nc))) {
		free(cas);
		return cadcom__enomem();
	}
	rc = cadcom__ldap_search(ad->c, base, LDAP_SCOPE_ONELEVEL,
				 "(objectClass=pKIEnrollmentService)", attrs, ca_entry, cas);
	free(base);
	if (rc == CADCOM_ENOTFOUND) { /* no CA was ever installed in the forest */
		cadcom_error_clear();
		rc = 0;
	}
	if (rc) {
		cadcom_ad_cas_free(cas);
		return rc;
	}
	*out = cas;
	return 0;
}

size_t cadcom_ad_cas_count(const cadcom_ad_cas *cas)
{
	return cas ? cas->n : 0;
}

const char *cadcom_ad_cas_name(const cadcom_ad_cas *cas, size_t index)
{
	return cas && index < cas->n ? cas->items[index].name : NULL;
}

const char *cadcom_ad_cas_host(const cadcom_ad_cas *cas, size_t index)
{
	return cas && index < cas->n ? cas->items[index].host : NULL;
}

size_t cadcom_ad_cas_template_count(const cadcom_ad_cas *cas, size_t index)
{
	return cas && index < cas->n ? cas->items[index].ntemplates : 0;
}

const char *cadcom_ad_cas_template(const cadcom_ad_cas *cas, size_t index,
				   size_t template_index)
{
	return cas && index < cas->n && template_index < cas->items[index].ntemplates
		       ? cas->items[index].templates[template_index]
		       : NULL;
}

/* ---- the topology of a CA host ----------------------------------------------- */

struct computer {
	struct cadcom_ad *ad;
	char *dns_host, *os;
	unsigned long long uac;
	size_t n;
};

static int computer_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	struct computer *c = arg;
	struct berval **uac = cadcom__ldap_attr_values(attrs, n, "userAccountControl");
	char buf[24];

	(void)dn;
	if (c->n++)
		return 0;
	if (uac && uac[0] && uac[0]->bv_len < sizeof(buf)) {
		memcpy(buf, uac[0]->bv_val, uac[0]->bv_len);
		buf[uac[0]->bv_len] = '\0';
		c->uac = strtoull(buf, NULL, 10);
	}
	c->dns_host = value_str(cadcom__ldap_attr_values(attrs, n, "dNSHostName"));
	c->os = value_str(cadcom__ldap_attr_values(attrs, n, "operatingSystem"));
	return 0;
}

/* The computer object of `host` ("ca01", "ca01.contoso.test"). */
static int find_computer(struct cadcom_ad *ad, const char *host, struct computer *c)
{
	static const char *const attrs[] = { "dNSHostName", "userAccountControl", "operatingSystem",
					     NULL };
	const char *dot = strchr(host, '.');
	char shortname[256], *esc_host = NULL, *esc_short = NULL, *filter = NULL;
	int rc;

	snprintf(shortname, sizeof(shortname), "%.*s$", dot ? (int)(dot - host) : (int)strlen(host),
		 host);
	if (!(esc_host = cadcom__ad_filter_escape(host)) ||
	    !(esc_short = cadcom__ad_filter_escape(shortname)) ||
	    !(filter = cadcom__printf("(&(objectClass=computer)(|(dNSHostName=%s)%s%s%s))", esc_host,
				      dot ? "" : "(sAMAccountName=", dot ? "" : esc_short,
				      dot ? "" : ")"))) {
		rc = cadcom__enomem();
		goto out;
	}
	rc = cadcom__ldap_search(ad->c, ad->dse.default_nc, LDAP_SCOPE_SUBTREE, filter, attrs,
				 computer_entry, c);
	if (!rc && c->n == 0)
		rc = cadcom__error(CADCOM_ENOTFOUND, -1,
				   "%s: no computer %s in %s (a CA in another domain: discover "
				   "through one of its domain controllers)",
				   ad->dse.dns_host_name, host, ad->domain);
	else if (!rc && c->n > 1)
		rc = cadcom__error(CADCOM_EINVAL, -1, "%s: %zu computers match %s; give the DNS name",
				   ad->dse.dns_host_name, c->n, host);
out:
	free(esc_host);
	free(esc_short);
	free(filter);
	return rc;
}

/* The CA published for `host`, if any. */
static int ca_name_of(struct cadcom_ad *ad, const char *host, cadcom_topology *t)
{
	cadcom_ad_cas *cas = NULL;
	int rc = cadcom_ad_find_cas(ad, &cas);

	for (size_t i = 0; !rc && i < cadcom_ad_cas_count(cas); i++) {
		const char *h = cadcom_ad_cas_host(cas, i);
		if (h && !strcasecmp(h, host)) {
			rc = cadcom_topology_set_ca_name(t, cadcom_ad_cas_name(cas, i));
			break;
		}
	}
	cadcom_ad_cas_free(cas);
	return rc;
}

/* A 2003 CA on a DC uses CERTSVC_DCOM_ACCESS of the domain when it exists. */
static int group_sid_of(struct cadcom_ad *ad, cadcom_topology *t)
{
	char *who = cadcom__printf("%s\\CERTSVC_DCOM_ACCESS", ad->netbios);
	struct cadcom_sid sid;
	int rc;

	if (!who)
		return cadcom__enomem();
	rc = cadcom__ad_lookup(ad, who, &sid);
	free(who);
	if (rc == CADCOM_ENOTFOUND) {
		cadcom_error_clear();
		return 0; /* the plan creates it */
	}
	return rc ? rc : cadcom_topology_set_group_sid(t, &sid);
}

static int build(struct cadcom_ad *ad, const struct computer *c, const char *host,
		 cadcom_topology *t)
{
	bool dc = c->uac & (UF_SERVER_TRUST_ACCOUNT | UF_PARTIAL_SECRETS_ACCOUNT);
	int generation = c->os && strstr(c->os, "2003") ? CADCOM_GENERATION_2003
							: CADCOM_GENERATION_2008;
	int rc;

	if ((rc = cadcom_topology_set_host(t, host, dc ? CADCOM_ROLE_DC : CADCOM_ROLE_MEMBER,
					   generation)))
		return rc;
	for (size_t i = 0; i < ad->ndomains; i++) {
		const struct ad_domain *d = &ad->domains[i];
		if ((rc = cadcom_topology_add_domain(t, d->dns, d->netbios, &d->sid,
						     d->in_forest ? ad->forest : NULL)))
			return rc;
	}
	if ((rc = cadcom_topology_set_ca_domain(t, ad->domain)))
		return rc;
	/* Enrollees come from the forest and from every domain this one
	 * trusts; domain controllers enrol (for their own certificates). */
	for (size_t i = 0; i < ad->ndomains; i++) {
		const struct ad_domain *d = &ad->domains[i];
		bool trusted = !d->in_forest && (d->direction & TRUST_DIRECTION_OUTBOUND);

		if (trusted && (rc = cadcom_topology_add_trust(
					t, ad->domain, d->dns,
					d->attributes & TRUST_ATTRIBUTE_FOREST_TRANSITIVE
						? CADCOM_TRUST_FOREST
						: CADCOM_TRUST_EXTERNAL)))
			return rc;
		if ((d->in_forest || trusted) && (rc = cadcom_topology_add_enroll_domain(t, d->dns)))
			return rc;
	}
	if ((rc = cadcom_topology_set_dcs_enroll(t, 1)) || (rc = ca_name_of(ad, host, t)))
		return rc;
	return dc && generation == CADCOM_GENERATION_2003 ? group_sid_of(ad, t) : 0;
}

int cadcom_ad_discover(cadcom_ad *ad, const char *host, cadcom_topology **out)
{
	struct computer c = { ad, NULL, NULL, 0, 0 };
	cadcom_topology *t = NULL;
	int rc;

	if (out)
		*out = NULL;
	if (!ad || !host || !*host || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "AD discover: NULL argument");
	if (!(rc = find_computer(ad, host, &c)) && !(rc = cadcom_topology_new(&t)))
		rc = build(ad, &c, c.dns_host ? c.dns_host : host, t);
	free(c.dns_host);
	free(c.os);
	if (rc) {
		cadcom_topology_free(t);
		return rc;
	}
	*out = t;
	return 0;
}
