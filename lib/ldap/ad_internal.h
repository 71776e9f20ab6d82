/*
 * libcadcom — what the AD files share (never installed): the session, its
 * principal cache and the directory back-end (ad.c, ad_dir.c, discover.c).
 */
#ifndef CADCOM_AD_INTERNAL_H
#define CADCOM_AD_INTERNAL_H

#include "ldap.h"
#include "../store/store.h"
#include "cadcom/ad.h"

/* userAccountControl and groupType bits (MS-ADTS 2.2.16, 2.2.12). */
#define UF_SERVER_TRUST_ACCOUNT 0x2000u
#define UF_PARTIAL_SECRETS_ACCOUNT 0x04000000u /* read-only DC */
#define GROUP_TYPE_BUILTIN_LOCAL 0x1u
#define GROUP_TYPE_GLOBAL 0x2u
#define GROUP_TYPE_DOMAIN_LOCAL 0x4u
#define GROUP_TYPE_UNIVERSAL 0x8u
#define GROUP_TYPE_SECURITY 0x80000000u

/* trustedDomain (MS-ADTS 6.1.6.7.12-.14). */
#define TRUST_DIRECTION_OUTBOUND 0x2u /* this domain trusts the partner */
#define TRUST_ATTRIBUTE_FOREST_TRANSITIVE 0x8u
#define TRUST_ATTRIBUTE_WITHIN_FOREST 0x20u

/* What the session knows of a SID: from its object here, or described by
 * the caller (cadcom_directory_add) when the DC has none. */
struct ad_principal {
	struct cadcom_sid sid;
	char *dn;   /* NULL: no object in this domain */
	char *name; /* "CONTOSO\Domain Users", or NULL */
	int kind, scope;
	bool critical; /* isCriticalSystemObject: never deleted by us */
};

/* A domain of the forest, or one this domain has a trust with. */
struct ad_domain {
	char *dns, *netbios;
	struct cadcom_sid sid;
	bool in_forest;
	unsigned direction, attributes; /* trusts only */
};

struct ad_member {
	struct cadcom_sid sid;
	char *dn; /* the value as stored in `member` (without the extended part) */
};

struct cadcom_ad {
	struct ldap_conn *c;
	struct ldap_rootdse dse;
	char *domain, *netbios, *forest;
	struct cadcom_sid domain_sid;
	struct ad_domain *domains;
	size_t ndomains;
	cadcom_env *env;
	cadcom_directory *dir;
	struct ad_principal **known; /* each allocated alone: pointers stay valid */
	size_t nknown, capknown;
	/* The members of `members_of` (DN members_dn), valid while has_members;
	 * members_learnt once their kinds and names are cached. */
	bool has_members, members_learnt;
	struct cadcom_sid members_of;
	char *members_dn;
	struct ad_member *members;
	size_t nmembers;
};

/* ad.c: helpers of the files here */
char *cadcom__ad_sid_text(const struct cadcom_sid *sid); /* malloc'd, NULL on ENOMEM */
char *cadcom__ad_str(const struct berval *v);            /* the same; NULL for NULL */
/* The first value of attribute `name`, or NULL. */
const struct berval *cadcom__ad_first(const struct ldap_attr *attrs, size_t n, const char *name);
bool cadcom__ad_long(const struct berval *v, long long *out); /* a decimal value */
/* CADCOM_EPROTO: the DC answered `what` about `dn`. */
int cadcom__ad_bad_answer(const struct cadcom_ad *ad, const char *dn, const char *what);
/* The SID of the one principal `filter` finds (ENOTFOUND none, EINVAL several). */
int cadcom__ad_search_sid(struct cadcom_ad *ad, const char *base, int scope, const char *filter,
			  const char *who, struct cadcom_sid *out);
/* Forget what the session knows of `sid` (deleted), or of everything. */
void cadcom__ad_forget(struct cadcom_ad *ad, const struct cadcom_sid *sid);
void cadcom__ad_forget_all(struct cadcom_ad *ad);

/* Split an extended DN "<GUID=…>;<SID=S-…>;CN=…" (or a plain DN): *dn
 * points into `value` at the plain DN; *has_sid says whether a SID was
 * there.  Returns false when the form is malformed. */
bool cadcom__ad_ext_dn(const char *value, struct cadcom_sid *sid, bool *has_sid,
		       const char **dn);
/* The principal `sid`, from the cache or the DC (one base search on
 * <SID=…>); NULL with CADCOM_ENOTFOUND set when neither knows it. */
const struct ad_principal *cadcom__ad_principal(struct cadcom_ad *ad,
						const struct cadcom_sid *sid);
/* The DN of this domain's foreign security principal for `sid`, or *dn
 * NULL when there is none (free with cadcom_free). */
int cadcom__ad_fsp_dn(struct cadcom_ad *ad, const struct cadcom_sid *sid, char **dn);
/* Resolve a name, DN or SID string (cadcom_ad_resolve, without copies). */
int cadcom__ad_lookup(struct cadcom_ad *ad, const char *who, struct cadcom_sid *sid);
/* Escape a value for an LDAP filter (RFC 4515); malloc'd, NULL on ENOMEM. */
char *cadcom__ad_filter_escape(const char *value);
/* The index of `sid` among the members loaded, or -1. */
long cadcom__ad_member_index(const struct cadcom_ad *ad, const struct cadcom_sid *sid);
/* The members of `group` (cached until a change). */
int cadcom__ad_members(struct cadcom_ad *ad, const struct ad_principal *group);
void cadcom__ad_forget_members(struct cadcom_ad *ad);
/* Record a principal in the cache (takes dn and name); NULL on ENOMEM. */
struct ad_principal *cadcom__ad_remember(struct cadcom_ad *ad, const struct ad_principal *p);

/* ad_open.c: a session on the bound connection `c` (taken, even on
 * failure): what cadcom_ad_open() does once bound; the tests hand it a
 * connection to a fake DC (cadcom__ldap_open_fd). */
int cadcom__ad_open_conn(cadcom_ad **out, struct ldap_conn *c);

/* ad_dir.c: the directory view of the session. */
int cadcom__ad_directory(struct cadcom_ad *ad, cadcom_directory **out);

#endif
