/*
 * Opening an AD session (ad.h): bind, then read once what later calls need
 * — the rootDSE, the domain's SID, the forest's domains from CN=Partitions
 * (their SIDs from nCName's extended DN) and this domain's trusts — and
 * build the scope environment from them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ad_internal.h"

int cadcom_ad_options_init(cadcom_ad_options *opts, unsigned int version)
{
	if (!opts)
		return cadcom__error(CADCOM_EINVAL, -1, "AD options: NULL argument");
	if (version != CADCOM_AD_OPTIONS_VERSION)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "AD options: version %u unknown to this library (it knows %d)",
				     version, CADCOM_AD_OPTIONS_VERSION);
	*opts = (cadcom_ad_options){ .version = version };
	return 0;
}

/* ---- opening ---------------------------------------------------------------- */

static int domain_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	struct cadcom_ad *ad = arg;
	const struct berval *v = cadcom__ad_first(attrs, n, "objectSid");

	if (!v || cadcom__sid_decode((const unsigned char *)v->bv_val, v->bv_len,
				     &ad->domain_sid) != 0 ||
	    !cadcom__sid_is_domain(&ad->domain_sid))
		return cadcom__ad_bad_answer(ad, dn, "the domain object has no valid domain SID");
	return 0;
}

/* DC=contoso,DC=test → contoso.test */
static char *dns_of(const char *nc)
{
	char *out = malloc(strlen(nc) + 1), *o = out;

	if (!out)
		return NULL;
	for (const char *p = nc; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len > 3 && !strncasecmp(p, "DC=", 3)) {
			if (o != out)
				*o++ = '.';
			memcpy(o, p + 3, len - 3);
			o += len - 3;
		}
		p += len + (end ? 1 : 0);
	}
	*o = '\0';
	return out;
}

static struct ad_domain *new_domain(struct cadcom_ad *ad, size_t *cap)
{
	struct ad_domain *grown = cadcom__grow(ad->domains, cap, ad->ndomains, sizeof(*grown));

	if (!grown) {
		cadcom__enomem();
		return NULL;
	}
	ad->domains = grown;
	grown = &ad->domains[ad->ndomains++];
	*grown = (struct ad_domain){ 0 };
	return grown;
}

struct loading {
	struct cadcom_ad *ad;
	size_t cap;
};

static int partition_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	struct loading *l = arg;
	const struct berval *nc = cadcom__ad_first(attrs, n, "nCName"), *dns = cadcom__ad_first(attrs, n, "dnsRoot"),
			    *nb = cadcom__ad_first(attrs, n, "nETBIOSName");
	struct ad_domain *d;
	char *text;
	const char *plain;
	bool has_sid;
	struct cadcom_sid sid;

	if (!nc || !dns)
		return 0;
	if (!(text = cadcom__ad_str(nc)))
		return cadcom__enomem();
	if (!cadcom__ad_ext_dn(text, &sid, &has_sid, &plain)) {
		free(text);
		return cadcom__ad_bad_answer(l->ad, dn, "nCName is a malformed extended DN");
	}
	free(text);
	if (!has_sid) /* not replicated here yet: nothing to say about it */
		return 0;
	if (!(d = new_domain(l->ad, &l->cap)))
		return cadcom__enomem();
	d->sid = sid;
	d->in_forest = true;
	if (!(d->dns = cadcom__ad_str(dns)) || (nb && !(d->netbios = cadcom__ad_str(nb))))
		return cadcom__enomem();
	return 0;
}

static int trust_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	struct loading *l = arg;
	const struct berval *partner = cadcom__ad_first(attrs, n, "trustPartner"),
			    *flat = cadcom__ad_first(attrs, n, "flatName"),
			    *sid = cadcom__ad_first(attrs, n, "securityIdentifier");
	long long dir = 0, attr = 0;
	struct ad_domain *d;

	if (!partner || !sid)
		return 0; /* an MIT realm or a half-made trust: no SIDs come from it */
	cadcom__ad_long(cadcom__ad_first(attrs, n, "trustDirection"), &dir);
	cadcom__ad_long(cadcom__ad_first(attrs, n, "trustAttributes"), &attr);
	if ((unsigned)attr & TRUST_ATTRIBUTE_WITHIN_FOREST)
		return 0; /* a domain of the forest, known from CN=Partitions */
	if (!(d = new_domain(l->ad, &l->cap)))
		return cadcom__enomem();
	if (cadcom__sid_decode((const unsigned char *)sid->bv_val, sid->bv_len, &d->sid) != 0 ||
	    !cadcom__sid_is_domain(&d->sid))
		return cadcom__ad_bad_answer(l->ad, dn, "securityIdentifier is not a domain SID");
	d->direction = (unsigned)dir;
	d->attributes = (unsigned)attr;
	if (!(d->dns = cadcom__ad_str(partner)) || (flat && !(d->netbios = cadcom__ad_str(flat))))
		return cadcom__enomem();
	return 0;
}

/* The scope environment: the forest root first, the other domains of the
 * forest, then the trusted domains (each a forest of its own as far as we
 * can tell), and the trusts this domain has outward. */
static int build_env(struct cadcom_ad *ad)
{
	int rc;

	if ((rc = cadcom_env_new(&ad->env)))
		return rc;
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < ad->ndomains; i++) {
			struct ad_domain *d = &ad->domains[i];
			bool root = d->in_forest && !strcasecmp(d->dns, ad->forest);

			if ((pass == 0 && !root) || (pass == 1 && (root || !d->in_forest)) ||
			    (pass == 2 && d->in_forest))
				continue;
			if ((rc = cadcom_env_add_domain(ad->env, d->dns, &d->sid,
							d->in_forest && !root ? ad->forest : NULL)))
				return rc;
		}
	for (size_t i = 0; i < ad->ndomains; i++) {
		const struct ad_domain *d = &ad->domains[i];

		if (d->in_forest || !(d->direction & TRUST_DIRECTION_OUTBOUND))
			continue;
		if ((d->attributes & TRUST_ATTRIBUTE_FOREST_TRANSITIVE) &&
		    !strcasecmp(ad->domain, ad->forest))
			rc = cadcom_env_add_trust(ad->env, ad->forest, d->dns, CADCOM_TRUST_FOREST);
		else
			rc = cadcom_env_add_trust(ad->env, ad->domain, d->dns, CADCOM_TRUST_EXTERNAL);
		if (rc)
			return rc;
	}
	return 0;
}

static int load(struct cadcom_ad *ad)
{
	static const char *const domain_attrs[] = { "objectSid", NULL };
	static const char *const part_attrs[] = { "nCName", "dnsRoot", "nETBIOSName", NULL };
	static const char *const trust_attrs[] = { "trustPartner", "flatName", "securityIdentifier",
						   "trustDirection", "trustAttributes", NULL };
	struct loading l = { ad, 0 };
	char *base = NULL;
	int rc;

	if ((rc = cadcom__ldap_rootdse(ad->c, &ad->dse)))
		return rc;
	if (!ad->dse.default_nc || !ad->dse.config_nc || !ad->dse.root_domain_nc ||
	    !ad->dse.dns_host_name)
		return cadcom__error(CADCOM_EPROTO, -1,
				     "%s: the rootDSE lacks naming contexts: not an Active "
				     "Directory domain controller",
				     ad->dse.dns_host_name ? ad->dse.dns_host_name : "the server");
	if (!(ad->domain = dns_of(ad->dse.default_nc)) ||
	    !(ad->forest = dns_of(ad->dse.root_domain_nc)))
		return cadcom__enomem();
	if ((rc = cadcom__ldap_search(ad->c, ad->dse.default_nc, LDAP_SCOPE_BASE, "(objectClass=*)",
				      domain_attrs, domain_entry, ad)))
		return rc;
	if (!(base = cadcom__printf("CN=Partitions,%s", ad->dse.config_nc)))
		return cadcom__enomem();
	/* systemFlags FLAG_CR_NTDS_DOMAIN (2): the crossRefs of the forest's
	 * domains; the extended DN of nCName carries the domain's SID. */
	cadcom__ldap_search_controls(ad->c, true, 0);
	rc = cadcom__ldap_search(ad->c, base, LDAP_SCOPE_ONELEVEL,
				 "(&(objectClass=crossRef)(systemFlags:1.2.840.113556.1.4.803:=2))",
				 part_attrs, partition_entry, &l);
	cadcom__ldap_search_controls(ad->c, false, 0);
	free(base);
	if (rc)
		return rc;
	for (size_t i = 0; i < ad->ndomains && !ad->netbios; i++)
		if (cadcom__sid_eq(&ad->domains[i].sid, &ad->domain_sid) && ad->domains[i].netbios &&
		    !(ad->netbios = cadcom__strdup(ad->domains[i].netbios)))
			return cadcom__enomem();
	if (!ad->netbios)
		return cadcom__error(CADCOM_EPROTO, -1,
				     "%s: CN=Partitions has no crossRef with the NetBIOS name of %s",
				     ad->dse.dns_host_name, ad->domain);
	if (!(base = cadcom__printf("CN=System,%s", ad->dse.default_nc)))
		return cadcom__enomem();
	rc = cadcom__ldap_search(ad->c, base, LDAP_SCOPE_ONELEVEL, "(objectClass=trustedDomain)",
				 trust_attrs, trust_entry, &l);
	free(base);
	return rc ? rc : build_env(ad);
}

int cadcom_ad_open(cadcom_ad **out, const char *host, const cadcom_credentials *cred,
		   const cadcom_ad_options *opts)
{
	cadcom_ad_options defaults;
	struct ldap_options o;
	struct ldap_conn *c;
	int rc;

	if (!out || !host || !cred)
		return cadcom__error(CADCOM_EINVAL, -1, "AD open: NULL argument");
	*out = NULL;
	if (!opts) {
		cadcom_ad_options_init(&defaults, CADCOM_AD_OPTIONS_VERSION);
		opts = &defaults;
	}
	if (opts->version != CADCOM_AD_OPTIONS_VERSION)
		return cadcom__error(CADCOM_EINVAL, -1, "AD open: options of version %u unknown",
				     opts->version);
	if (opts->transport < CADCOM_AD_TRANSPORT_AUTO || opts->transport > CADCOM_AD_TRANSPORT_PLAIN)
		return cadcom__error(CADCOM_EINVAL, -1, "AD open: unknown transport %d",
				     opts->transport);
	o = (struct ldap_options){ (enum ldap_transport)opts->transport, opts->ca_file,
				   opts->timeout_ms, opts->min_ssf,
				   opts->allow_plain_simple_bind != 0 };
	if ((rc = cadcom__ldap_open(&c, host, cred, &o)))
		return rc;
	return cadcom__ad_open_conn(out, c);
}

int cadcom__ad_open_conn(cadcom_ad **out, struct ldap_conn *c)
{
	struct cadcom_ad *ad;
	int rc;

	*out = NULL;
	if (!(ad = calloc(1, sizeof(*ad)))) {
		cadcom__ldap_close(c);
		return cadcom__enomem();
	}
	ad->dse.domain_level = ad->dse.forest_level = ad->dse.dc_level = -1;
	ad->c = c;
	if ((rc = load(ad)) || (rc = cadcom__ad_directory(ad, &ad->dir))) {
		cadcom_ad_close(ad);
		return rc;
	}
	*out = ad;
	return 0;
}

void cadcom_ad_close(cadcom_ad *ad)
{
	if (!ad)
		return;
	cadcom_directory_free(ad->dir);
	cadcom__ad_forget_all(ad);
	for (size_t i = 0; i < ad->ndomains; i++) {
		free(ad->domains[i].dns);
		free(ad->domains[i].netbios);
	}
	free(ad->domains);
	cadcom_env_free(ad->env);
	free(ad->domain);
	free(ad->netbios);
	free(ad->forest);
	cadcom__ldap_rootdse_clear(&ad->dse);
	cadcom__ldap_close(ad->c);
	free(ad);
}
