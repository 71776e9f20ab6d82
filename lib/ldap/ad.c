/*
 * Active Directory sessions (ad.h): the domain, its forest and trusts read
 * once at open, principals by SID cached for the session, names, groups,
 * members, tokens and template descriptors.
 *
 * SIDs are found with the DC's own <SID=S-1-…> base DN (MS-ADTS 3.1.1.3.1.2.4)
 * and members are read with the extended DN control, so that a group of any
 * size costs one operation per 1500 members and none per member.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ad_internal.h"

/* A group's member list is bounded like the SAM's (lib/store/sam.c). */
enum { MAX_MEMBERS = 100000 };

static const char *const principal_attrs[] = { "objectClass", "objectSid", "sAMAccountName",
					       "groupType", "isCriticalSystemObject", NULL };

static const struct cadcom_sid builtin_domain = { 1, 1, 5, { 32 } };

char *cadcom__ad_sid_text(const struct cadcom_sid *sid)
{
	char *s = NULL;

	return cadcom_sid_to_string(sid, &s) == 0 ? s : NULL;
}

char *cadcom__ad_str(const struct berval *v)
{
	char *s = v ? strndup(v->bv_val, v->bv_len) : NULL;

	if (v && !s)
		cadcom__enomem();
	return s;
}

/* The first value of `name` as a string, or NULL (without error). */
const struct berval *cadcom__ad_first(const struct ldap_attr *attrs, size_t n, const char *name)
{
	struct berval **v = cadcom__ldap_attr_values(attrs, n, name);

	return v && v[0] ? v[0] : NULL;
}

bool cadcom__ad_long(const struct berval *v, long long *out)
{
	char buf[32], *end;

	if (!v || v->bv_len == 0 || v->bv_len >= sizeof(buf))
		return false;
	memcpy(buf, v->bv_val, v->bv_len);
	buf[v->bv_len] = '\0';
	*out = strtoll(buf, &end, 10);
	return *end == '\0';
}

int cadcom__ad_bad_answer(const struct cadcom_ad *ad, const char *dn, const char *what)
{
	return cadcom__error(CADCOM_EPROTO, -1, "%s: LDAP %s: %s", ad->dse.dns_host_name, dn,
			     what);
}

bool cadcom__ad_ext_dn(const char *value, struct cadcom_sid *sid, bool *has_sid,
		       const char **dn)
{
	const char *p = value;

	*has_sid = false;
	while (*p == '<') {
		const char *end = strchr(p, '>');

		if (!end)
			return false;
		if (!strncasecmp(p, "<SID=", 5)) {
			size_t used = 0;
			if (cadcom__sid_parse_numeric(p + 5, (size_t)(end - p - 5), &used, sid, 0) ||
			    used != (size_t)(end - p - 5))
				return false;
			*has_sid = true;
		}
		p = end + 1;
		if (*p == ';')
			p++;
	}
	*dn = p;
	return true;
}

/* ---- the principal cache ---------------------------------------------------- */

/* Entries are allocated one by one: a pointer handed out stays valid while
 * more principals are learnt (a group and then its member). */
static size_t find(const struct cadcom_ad *ad, const struct cadcom_sid *sid)
{
	size_t i = 0;

	while (i < ad->nknown && !cadcom__sid_eq(&ad->known[i]->sid, sid))
		i++;
	return i;
}

static void drop(struct ad_principal *p)
{
	free(p->dn);
	free(p->name);
	free(p);
}

struct ad_principal *cadcom__ad_remember(struct cadcom_ad *ad, const struct ad_principal *p)
{
	size_t at = find(ad, &p->sid);
	struct ad_principal **grown, *slot = at < ad->nknown ? ad->known[at] : NULL;

	if (slot) {
		free(slot->dn);
		free(slot->name);
	} else if (!(slot = malloc(sizeof(*slot))) ||
		   !(grown = cadcom__grow(ad->known, &ad->capknown, ad->nknown, sizeof(*grown)))) {
		free(slot);
		free(p->dn);
		free(p->name);
		cadcom__enomem();
		return NULL;
	} else {
		ad->known = grown;
		ad->known[ad->nknown++] = slot;
	}
	*slot = *p;
	return slot;
}

void cadcom__ad_forget(struct cadcom_ad *ad, const struct cadcom_sid *sid)
{
	size_t at = find(ad, sid);

	if (ad->has_members && cadcom__sid_eq(&ad->members_of, sid))
		cadcom__ad_forget_members(ad);
	if (at == ad->nknown)
		return;
	drop(ad->known[at]);
	ad->known[at] = ad->known[--ad->nknown];
}

void cadcom__ad_forget_all(struct cadcom_ad *ad)
{
	for (size_t i = 0; i < ad->nknown; i++)
		drop(ad->known[i]);
	free(ad->known);
	ad->known = NULL;
	ad->nknown = ad->capknown = 0;
	cadcom__ad_forget_members(ad);
}

/* kind and scope from objectClass and groupType. */
static void classify(const struct ldap_attr *attrs, size_t n, int *kind, int *scope)
{
	struct berval **oc = cadcom__ldap_attr_values(attrs, n, "objectClass");
	long long gt = 0;
	bool user = false, computer = false, group = false;

	for (size_t i = 0; oc && oc[i]; i++) {
		user |= oc[i]->bv_len == 4 && !strncasecmp(oc[i]->bv_val, "user", 4);
		computer |= oc[i]->bv_len == 8 && !strncasecmp(oc[i]->bv_val, "computer", 8);
		group |= oc[i]->bv_len == 5 && !strncasecmp(oc[i]->bv_val, "group", 5);
	}
	*scope = CADCOM_SCOPE_NONE;
	*kind = computer ? CADCOM_PRINCIPAL_COMPUTER : user ? CADCOM_PRINCIPAL_USER : 0;
	if (group) {
		unsigned t;
		cadcom__ad_long(cadcom__ad_first(attrs, n, "groupType"), &gt);
		t = (unsigned)gt;
		*kind = CADCOM_PRINCIPAL_GROUP;
		*scope = t & GROUP_TYPE_BUILTIN_LOCAL  ? CADCOM_SCOPE_BUILTIN_LOCAL
			 : t & GROUP_TYPE_GLOBAL       ? CADCOM_SCOPE_GLOBAL
			 : t & GROUP_TYPE_UNIVERSAL    ? CADCOM_SCOPE_UNIVERSAL
			 : t & GROUP_TYPE_DOMAIN_LOCAL ? CADCOM_SCOPE_DOMAIN_LOCAL
						       : CADCOM_SCOPE_NONE;
		/* A distribution group holds no SIDs in tokens. */
		if (!(t & GROUP_TYPE_SECURITY))
			*kind = 0;
	}
}

/* Well-known SIDs (not of a domain): no object needed to know their kind. */
static bool well_known(const struct cadcom_sid *sid)
{
	return !(sid->authority == 5 && sid->count >= 1 && (sid->sub[0] == 21 || sid->sub[0] == 32));
}

struct fetched {
	struct cadcom_ad *ad;
	struct ad_principal p;
	bool found, fsp;
};

static int principal_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	struct fetched *f = arg;
	const struct berval *sam = cadcom__ad_first(attrs, n, "sAMAccountName"),
			    *crit = cadcom__ad_first(attrs, n, "isCriticalSystemObject");
	struct berval **oc = cadcom__ldap_attr_values(attrs, n, "objectClass");
	struct cadcom_sid dummy;
	bool has_sid;
	const char *plain;

	if (!cadcom__ad_ext_dn(dn, &dummy, &has_sid, &plain))
		return cadcom__ad_bad_answer(f->ad, dn, "a malformed extended DN");
	f->found = true;
	for (size_t i = 0; oc && oc[i]; i++)
		f->fsp |= oc[i]->bv_len == 24 && !strncasecmp(oc[i]->bv_val, "foreignSecurityPrincipal", 24);
	classify(attrs, n, &f->p.kind, &f->p.scope);
	f->p.critical = crit && crit->bv_len == 4 && !strncasecmp(crit->bv_val, "TRUE", 4);
	if (!(f->p.dn = cadcom__strdup(plain)))
		return cadcom__enomem();
	if (sam) {
		bool builtin = cadcom_sid_in_domain(&f->p.sid, &builtin_domain);
		f->p.name = cadcom__printf("%s\\%.*s", builtin ? "BUILTIN" : f->ad->netbios,
					   (int)sam->bv_len, sam->bv_val);
		if (!f->p.name)
			return cadcom__enomem();
	}
	return 0;
}

/* Kinds of the well-known RIDs of every domain (MS-DTYP 2.4.2.4), for another
 * domain's principals the DC holds no object of. */
static bool rid_kind(uint32_t rid, int *kind, int *scope)
{
	static const struct {
		uint32_t rid;
		int scope;
	} rids[] = {
		{ RID_DOMAIN_ADMINS, CADCOM_SCOPE_GLOBAL },
		{ RID_DOMAIN_USERS, CADCOM_SCOPE_GLOBAL },
		{ RID_DOMAIN_GUESTS, CADCOM_SCOPE_GLOBAL },
		{ RID_DOMAIN_COMPUTERS, CADCOM_SCOPE_GLOBAL },
		{ RID_DOMAIN_CONTROLLERS, CADCOM_SCOPE_GLOBAL },
		{ RID_READONLY_DCS, CADCOM_SCOPE_GLOBAL },
	};

	for (size_t i = 0; i < ARRAY_SIZE(rids); i++)
		if (rids[i].rid == rid) {
			*kind = CADCOM_PRINCIPAL_GROUP;
			*scope = rids[i].scope;
			return true;
		}
	return false;
}

/* Is `dn` in this domain's CN=ForeignSecurityPrincipals? */
static bool is_fsp_here(const struct cadcom_ad *ad, const char *dn)
{
	static const char fsp[] = ",CN=ForeignSecurityPrincipals,";
	size_t n = dn ? strlen(dn) : 0, base = strlen(ad->dse.default_nc), tail = sizeof(fsp) - 1;

	return n > tail + base && !strcasecmp(dn + n - base, ad->dse.default_nc) &&
	       !strncasecmp(dn + n - base - tail, fsp, tail);
}

/* A SID with no object here, or only a foreign security principal (or a
 * well-known principal's object in the configuration) standing for it: what
 * the SID itself says.  Groups hold such members through an FSP of this
 * domain: its DN is kept (the FSP may also be made later, cadcom__ad_fsp_dn). */
static int without_object(struct cadcom_ad *ad, const struct cadcom_sid *sid, const char *text,
			  struct ad_principal *p)
{
	const char *name = well_known(sid) ? cadcom_sid_name(sid) : NULL;
	struct cadcom_sid dom = *sid;
	int rc = 0;

	dom.count--;
	if (!is_fsp_here(ad, p->dn)) {
		free(p->dn);
		p->dn = NULL;
		/* <SID=…> of a well-known SID finds its object in the
		 * configuration, or nothing (Samba, S-1-5-11), not the FSP. */
		if (!cadcom__sid_eq(&dom, &ad->domain_sid) &&
		    (rc = cadcom__ad_fsp_dn(ad, sid, &p->dn)))
			return rc;
	}
	if (well_known(sid)) {
		p->kind = CADCOM_PRINCIPAL_WELL_KNOWN;
		p->scope = CADCOM_SCOPE_NONE;
	} else if (cadcom__sid_eq(&dom, &ad->domain_sid)) {
		rc = cadcom__error(CADCOM_ENOTFOUND, -1, "%s: no object of %s has SID %s",
				   ad->dse.dns_host_name, ad->domain, text);
	} else if (!(sid->count > 1 && sid->sub[0] == 21 &&
		     rid_kind(sid->sub[sid->count - 1], &p->kind, &p->scope))) {
		rc = cadcom__error(CADCOM_ENOTFOUND, -1,
				   "%s: %s is not of %s and has not been described "
				   "(cadcom_directory_add)",
				   ad->dse.dns_host_name, text, ad->domain);
	}
	if (!rc && name && !p->name && !(p->name = cadcom__strdup(name)))
		rc = cadcom__enomem();
	if (rc) {
		free(p->dn);
		p->dn = NULL;
	}
	return rc;
}

/* A search's entries that are users, computers or security groups go into
 * the cache as they come (a name looked up is usually asked about next). */
struct learning {
	struct cadcom_ad *ad;
	struct cadcom_sid sid; /* the last principal seen */
	size_t n;
};

static int learn_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t count)
{
	struct learning *l = arg;
	const struct berval *v = cadcom__ad_first(attrs, count, "objectSid");
	struct fetched f = { .ad = l->ad };
	int rc;

	if (!v)
		return 0; /* not a security principal */
	if (cadcom__sid_decode((const unsigned char *)v->bv_val, v->bv_len, &f.p.sid) != 0)
		return cadcom__ad_bad_answer(l->ad, dn, "a malformed objectSid");
	l->sid = f.p.sid;
	l->n++;
	if (find(l->ad, &f.p.sid) < l->ad->nknown)
		return 0;
	if ((rc = principal_entry(&f, dn, attrs, count)) || f.fsp || !f.p.kind) {
		/* An FSP or anything else: cadcom__ad_principal() decides. */
		free(f.p.dn);
		free(f.p.name);
		return rc;
	}
	return cadcom__ad_remember(l->ad, &f.p) ? 0 : cadcom__enomem();
}

/* One search for a principal; ENOTFOUND when none, EINVAL when several. */
int cadcom__ad_search_sid(struct cadcom_ad *ad, const char *base, int scope, const char *filter,
			  const char *who, struct cadcom_sid *out)
{
	struct learning l = { .ad = ad };
	int rc = cadcom__ldap_search(ad->c, base, scope, filter, principal_attrs, learn_entry, &l);

	if (rc)
		return rc;
	if (l.n == 0)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "%s: no principal %s in %s",
				     ad->dse.dns_host_name, who, ad->domain);
	if (l.n > 1)
		return cadcom__error(CADCOM_EINVAL, -1, "%s: %zu principals match %s",
				     ad->dse.dns_host_name, l.n, who);
	*out = l.sid;
	return 0;
}

/* "(attr=value)" with the value escaped (RFC 4515); NULL on ENOMEM (set). */
static char *equality_filter(const char *attr, const char *value)
{
	char *esc = cadcom__ad_filter_escape(value), *filter;

	if (!esc)
		return NULL;
	if (!(filter = cadcom__printf("(%s=%s)", attr, esc)))
		cadcom__enomem();
	free(esc);
	return filter;
}

/* The members of the group last read, learnt with one search of their
 * memberOf instead of one per member (`cadcom ad group show` names each). */
static int learn_members(struct cadcom_ad *ad)
{
	struct learning l = { .ad = ad };
	char *filter = equality_filter("memberOf", ad->members_dn);
	int rc;

	ad->members_learnt = true;
	if (!filter)
		return CADCOM_ENOMEM;
	rc = cadcom__ldap_search(ad->c, ad->dse.default_nc, LDAP_SCOPE_SUBTREE, filter,
				 principal_attrs, learn_entry, &l);
	free(filter);
	return rc;
}

long cadcom__ad_member_index(const struct cadcom_ad *ad, const struct cadcom_sid *sid)
{
	for (size_t i = 0; i < ad->nmembers; i++)
		if (cadcom__sid_eq(&ad->members[i].sid, sid))
			return (long)i;
	return -1;
}

const struct ad_principal *cadcom__ad_principal(struct cadcom_ad *ad, const struct cadcom_sid *sid)
{
	size_t at = find(ad, sid);
	struct fetched f = { .ad = ad, .p = { .sid = *sid } };
	char *text, base[200];
	int rc;

	if (at < ad->nknown)
		return ad->known[at];
	if (!ad->members_learnt && ad->nmembers > 1 && cadcom__ad_member_index(ad, sid) >= 0) {
		if ((rc = learn_members(ad)))
			return NULL;
		if ((at = find(ad, sid)) < ad->nknown)
			return ad->known[at];
	}
	if (!(text = cadcom__ad_sid_text(sid)))
		return NULL;
	snprintf(base, sizeof(base), "<SID=%s>", text);
	rc = cadcom__ldap_search(ad->c, base, LDAP_SCOPE_BASE, "(objectClass=*)", principal_attrs,
				 principal_entry, &f);
	if (rc == CADCOM_ENOTFOUND) {
		cadcom_error_clear();
		rc = 0;
	}
	if (!rc && (!f.found || f.fsp)) {
		rc = without_object(ad, sid, text, &f.p);
	} else if (!rc && !f.p.kind) {
		rc = cadcom__error(CADCOM_EKIND, -1,
				   "%s: %s is neither a user, a computer nor a security group",
				   ad->dse.dns_host_name, text);
	}
	free(text);
	if (rc) { /* the search may fail after its entry (at a second one) */
		free(f.p.dn);
		free(f.p.name);
		return NULL;
	}
	return cadcom__ad_remember(ad, &f.p);
}

/* ---- names ------------------------------------------------------------------ */

char *cadcom__ad_filter_escape(const char *value)
{
	struct berval in = { strlen(value), (char *)value }, out = { 0, NULL };
	char *s;

	if (ldap_bv2escaped_filter_value(&in, &out) != 0) {
		cadcom__enomem();
		return NULL;
	}
	s = cadcom__strdup(out.bv_val ? out.bv_val : ""); /* "" comes back as NULL */
	ber_memfree(out.bv_val);
	return s;
}

static int by_account(struct cadcom_ad *ad, const char *base, const char *attr,
		      const char *value, const char *who, struct cadcom_sid *out)
{
	char *filter = equality_filter(attr, value);
	int rc;

	if (!filter)
		return CADCOM_ENOMEM;
	rc = cadcom__ad_search_sid(ad, base, LDAP_SCOPE_SUBTREE, filter, who, out);
	free(filter);
	return rc;
}

/* A principal described by the caller, by its name. */
static bool described(struct cadcom_ad *ad, const char *who, struct cadcom_sid *out)
{
	for (size_t i = 0; i < ad->nknown; i++)
		if (ad->known[i]->name && !strcasecmp(ad->known[i]->name, who)) {
			*out = ad->known[i]->sid;
			return true;
		}
	return false;
}

static bool is_dn(const char *who)
{
	const char *eq = strchr(who, '=');

	return who[0] == '<' || (eq && eq - who <= 3 && strchr(eq, ',') != NULL) ||
	       !strncasecmp(who, "DC=", 3);
}

int cadcom__ad_lookup(struct cadcom_ad *ad, const char *who, struct cadcom_sid *sid)
{
	cadcom_sid *parsed = NULL;
	const char *bs = strchr(who, '\\'), *at = strrchr(who, '@');
	char *builtin_dn;
	int rc;

	if (!strncasecmp(who, "S-1-", 4) && cadcom_sid_from_string(&parsed, who, NULL) == 0) {
		*sid = *parsed;
		cadcom_sid_free(parsed);
		return 0;
	}
	cadcom_error_clear();
	if (is_dn(who))
		return cadcom__ad_search_sid(ad, who, LDAP_SCOPE_BASE, "(objectClass=*)", who, sid);
	if (described(ad, who, sid))
		return 0;
	if (bs) {
		size_t n = (size_t)(bs - who);
		bool ours = (strlen(ad->netbios) == n && !strncasecmp(who, ad->netbios, n)) ||
			    (strlen(ad->domain) == n && !strncasecmp(who, ad->domain, n));

		if (ours)
			return by_account(ad, ad->dse.default_nc, "sAMAccountName", bs + 1, who, sid);
		if (n == 7 && !strncasecmp(who, "BUILTIN", 7)) {
			if (!(builtin_dn = cadcom__printf("CN=Builtin,%s", ad->dse.default_nc)))
				return cadcom__enomem();
			rc = by_account(ad, builtin_dn, "sAMAccountName", bs + 1, who, sid);
			free(builtin_dn);
			return rc;
		}
		return cadcom__error(CADCOM_ENOTFOUND, -1,
				     "%s: %s is not of %s (%s); name another domain's principals "
				     "by SID",
				     ad->dse.dns_host_name, who, ad->domain, ad->netbios);
	}
	if (at) {
		char *user;
		/* userPrincipalName is optional: user@domain is also DOMAIN\user. */
		rc = by_account(ad, ad->dse.default_nc, "userPrincipalName", who, who, sid);
		if (rc != CADCOM_ENOTFOUND || strcasecmp(at + 1, ad->domain))
			return rc;
		if (!(user = strndup(who, (size_t)(at - who))))
			return cadcom__enomem();
		rc = by_account(ad, ad->dse.default_nc, "sAMAccountName", user, who, sid);
		free(user);
		return rc;
	}
	rc = by_account(ad, ad->dse.default_nc, "sAMAccountName", who, who, sid);
	if (rc == CADCOM_ENOTFOUND) {
		/* Well-known names ("Everyone", "Authenticated Users"). */
		static const struct cadcom_sid wk[] = { { 1, 1, 1, { 0 } }, { 1, 1, 5, { 11 } },
							{ 1, 1, 5, { 4 } }, { 1, 1, 5, { 2 } },
							{ 1, 1, 5, { 9 } }, { 1, 1, 5, { 15 } },
							{ 1, 1, 5, { 18 } } };
		for (size_t i = 0; i < ARRAY_SIZE(wk); i++) {
			const char *name = cadcom_sid_name(&wk[i]);
			if (name && !strcasecmp(name, who)) {
				cadcom_error_clear();
				*sid = wk[i];
				return 0;
			}
		}
	}
	return rc;
}

static int exists_entry(void *arg, const char *dn, const struct ldap_attr *attrs, size_t n)
{
	(void)dn, (void)attrs, (void)n;
	*(bool *)arg = true;
	return 0;
}

int cadcom__ad_fsp_dn(struct cadcom_ad *ad, const struct cadcom_sid *sid, char **dn)
{
	static const char *const attrs[] = { "objectSid", NULL };
	bool found = false;
	int rc;

	*dn = NULL;
	if ((rc = cadcom_scope_fsp_dn(sid, ad->domain, dn)))
		return rc;
	rc = cadcom__ldap_search(ad->c, *dn, LDAP_SCOPE_BASE, "(objectClass=foreignSecurityPrincipal)",
				 attrs, exists_entry, &found);
	if (rc == CADCOM_ENOTFOUND) {
		cadcom_error_clear();
		rc = 0;
	}
	if (rc || !found) {
		cadcom_free(*dn);
		*dn = NULL;
	}
	return rc;
}

int cadcom_ad_resolve(cadcom_ad *ad, const char *who, cadcom_sid **sid, char **dn)
{
	struct cadcom_sid s;
	const struct ad_principal *p;
	int rc;

	if (sid)
		*sid = NULL;
	if (dn)
		*dn = NULL;
	if (!ad || !who)
		return cadcom__error(CADCOM_EINVAL, -1, "AD resolve: NULL argument");
	if ((rc = cadcom__ad_lookup(ad, who, &s)))
		return rc;
	if (dn) {
		if (!(p = cadcom__ad_principal(ad, &s)))
			return cadcom_error_code(cadcom_error_last());
		if (p->dn && !(*dn = cadcom__strdup(p->dn)))
			return cadcom__enomem();
	}
	if (sid && cadcom_sid_dup(&s, sid)) {
		if (dn) {
			free(*dn);
			*dn = NULL;
		}
		return cadcom__enomem();
	}
	return 0;
}

/* ---- members ---------------------------------------------------------------- */

void cadcom__ad_forget_members(struct cadcom_ad *ad)
{
	free(ad->members_dn);
	ad->members_dn = NULL;
	ad->members_learnt = false;
	for (size_t i = 0; i < ad->nmembers; i++)
		free(ad->members[i].dn);
	free(ad->members);
	ad->members = NULL;
	ad->nmembers = 0;
	ad->has_members = false;
}

struct members {
	struct cadcom_ad *ad;
	const char *group;
	size_t cap;
};

static int member_value(void *arg, const struct berval *v)
{
	struct members *m = arg;
	struct cadcom_ad *ad = m->ad;
	struct ad_member *grown;
	struct cadcom_sid sid;
	bool has_sid;
	const char *dn;
	char *text = cadcom__ad_str(v);

	if (!text)
		return cadcom__enomem();
	if (!cadcom__ad_ext_dn(text, &sid, &has_sid, &dn)) {
		free(text);
		return cadcom__ad_bad_answer(ad, m->group, "a member value is a malformed extended DN");
	}
	if (!has_sid) { /* not a security principal (a contact, a distribution group) */
		free(text);
		return 0;
	}
	if (ad->nmembers >= MAX_MEMBERS) {
		free(text);
		return cadcom__error(CADCOM_ELIMIT, -1, "%s: %s has more than %d members",
				     ad->dse.dns_host_name, m->group, MAX_MEMBERS);
	}
	if (!(grown = cadcom__grow(ad->members, &m->cap, ad->nmembers, sizeof(*grown)))) {
		free(text);
		return cadcom__enomem();
	}
	ad->members = grown;
	memmove(text, dn, strlen(dn) + 1);
	ad->members[ad->nmembers++] = (struct ad_member){ sid, text };
	return 0;
}

int cadcom__ad_members(struct cadcom_ad *ad, const struct ad_principal *group)
{
	struct members m = { ad, group->dn, 0 };
	int rc;

	if (ad->has_members && cadcom__sid_eq(&ad->members_of, &group->sid))
		return 0;
	cadcom__ad_forget_members(ad);
	if (!(ad->members_dn = cadcom__strdup(group->dn)))
		return cadcom__enomem();
	cadcom__ldap_search_controls(ad->c, true, 0);
	rc = cadcom__ldap_values_ranged(ad->c, group->dn, "member", 0, member_value, &m);
	cadcom__ldap_search_controls(ad->c, false, 0);
	if (rc) {
		cadcom__ad_forget_members(ad);
		return rc;
	}
	ad->has_members = true;
	ad->members_of = group->sid;
	return 0;
}

/* ---- the session ---------------------------------------------------------- */

uint64_t cadcom_ad_operations(const cadcom_ad *ad)
{
	return ad ? cadcom__ldap_ops(ad->c) : 0;
}

const char *cadcom_ad_domain(const cadcom_ad *ad) { return ad ? ad->domain : NULL; }
const char *cadcom_ad_netbios(const cadcom_ad *ad) { return ad ? ad->netbios : NULL; }
const cadcom_sid *cadcom_ad_domain_sid(const cadcom_ad *ad) { return ad ? &ad->domain_sid : NULL; }
const char *cadcom_ad_forest(const cadcom_ad *ad) { return ad ? ad->forest : NULL; }
const char *cadcom_ad_base_dn(const cadcom_ad *ad) { return ad ? ad->dse.default_nc : NULL; }
const char *cadcom_ad_config_dn(const cadcom_ad *ad) { return ad ? ad->dse.config_nc : NULL; }
const char *cadcom_ad_dc_host(const cadcom_ad *ad) { return ad ? ad->dse.dns_host_name : NULL; }
cadcom_env *cadcom_ad_env(cadcom_ad *ad) { return ad ? ad->env : NULL; }
cadcom_directory *cadcom_ad_directory(cadcom_ad *ad) { return ad ? ad->dir : NULL; }
