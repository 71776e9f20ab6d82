/*
 * libcadcom — who may be a member of which group: Active Directory group
 * scopes and computer-local groups (Microsoft windowsserverdocs,
 * identity/ad-ds/manage/understand-security-groups.md; doc/SCOPE.md has the
 * full table, its sources and the choices made where the documentation is
 * silent).
 *
 * The rules depend on where each principal lives, so they are evaluated
 * against an environment (cadcom_env): the domains, the forests they form, the
 * trusts between them, and the non-DC computers whose own SAM holds
 * computer-local groups.  Identity is the SID; names are for messages only.
 */
#ifndef CADCOM_SCOPE_H
#define CADCOM_SCOPE_H

#include "common.h"
#include "sid.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_env cadcom_env;
typedef struct cadcom_principal cadcom_principal;

enum cadcom_principal_kinds {
	CADCOM_PRINCIPAL_USER = 1,
	CADCOM_PRINCIPAL_COMPUTER = 2,
	CADCOM_PRINCIPAL_GROUP = 3,
	/** Everyone, Authenticated Users, NETWORK...: no home domain. */
	CADCOM_PRINCIPAL_WELL_KNOWN = 4
};

enum cadcom_group_scope {
	CADCOM_SCOPE_NONE = 0, /**< not a group */
	CADCOM_SCOPE_GLOBAL = 1,
	CADCOM_SCOPE_DOMAIN_LOCAL = 2,
	CADCOM_SCOPE_UNIVERSAL = 3,
	/** CN=Builtin of a domain (on its DCs), or a computer's BUILTIN alias. */
	CADCOM_SCOPE_BUILTIN_LOCAL = 4,
	/** A group in a non-DC computer's own SAM (e.g. CERTSVC_DCOM_ACCESS on a member server). */
	CADCOM_SCOPE_COMPUTER_LOCAL = 5
};

enum cadcom_trust_kind {
	/** Between two domains only; not transitive. */
	CADCOM_TRUST_EXTERNAL = 1,
	/** Between two forest root domains; covers every domain of both forests. */
	CADCOM_TRUST_FOREST = 2
};

/** How a group stores a member (cadcom_scope_member_form()). */
enum cadcom_member_form {
	/** A reference to the member's own object in the same forest. */
	CADCOM_MEMBER_DIRECT = 1,
	/** A foreignSecurityPrincipal named by the SID in the group's domain
	 *  (members from outside the forest and well-known SIDs; MS-ADTS 6.1.1.4.10). */
	CADCOM_MEMBER_FOREIGN = 2,
	/** The SID itself, in a computer's SAM. */
	CADCOM_MEMBER_SID = 3
};

/* ---- the environment --------------------------------------------------- */

/** An empty environment.  Free with cadcom_env_free(). */
CADCOM_EXTERN int cadcom_env_new(cadcom_env **out);
CADCOM_EXTERN void cadcom_env_free(cadcom_env *env);

/**
 * Add a domain: its DNS name (compared case-insensitively), its domain SID
 * (S-1-5-21-a-b-c) and the DNS name of its forest root domain (NULL: the
 * domain is the root of its own forest; otherwise the root must have been
 * added first).  Domains of one forest trust each other transitively.  A name
 * or SID already known fails with CADCOM_EINVAL.
 */
CADCOM_EXTERN int cadcom_env_add_domain(cadcom_env *env, const char *name,
					const cadcom_sid *sid, const char *forest);

/**
 * Record that domain `trusting` trusts domain `trusted` (one direction:
 * principals of `trusted` may be granted access in `trusting`).  A two-way
 * trust is two calls.  For CADCOM_TRUST_FOREST both must be forest roots.
 * Unknown domains fail with CADCOM_ENOTFOUND.
 */
CADCOM_EXTERN int cadcom_env_add_trust(cadcom_env *env, const char *trusting,
				       const char *trusted, int kind);

/**
 * Add a computer that is not a domain controller and so has its own SAM
 * (machine SID S-1-5-21-a-b-c): `domain` is the domain it is joined to, or
 * NULL for a standalone (workgroup) computer.
 */
CADCOM_EXTERN int cadcom_env_add_machine(cadcom_env *env, const char *name,
					 const cadcom_sid *sid, const char *domain);

/**
 * 1 if principals of domain `trusted` may be used in domain `trusting`
 * (same domain, same forest, an external trust, or a forest trust between
 * their forests), 0 if not, CADCOM_ENOTFOUND for an unknown domain.
 */
CADCOM_EXTERN int cadcom_env_trusts(const cadcom_env *env, const char *trusting,
				    const char *trusted);

/* ---- principals -------------------------------------------------------- */

/**
 * Describe a principal.  `scope` is a CADCOM_SCOPE_* for groups and
 * CADCOM_SCOPE_NONE otherwise.  `home` names the domain (DNS name) or the
 * machine the principal belongs to; NULL derives it from the SID's domain
 * part among the environment's domains and machines when the principal is
 * used.  Builtin local groups need `home` (S-1-5-32-x is the same
 * everywhere); well-known principals must have none.  `name` is for
 * messages only ("FABRIKAM\Domain Users"; NULL: the SID is shown).
 */
CADCOM_EXTERN int cadcom_principal_new(cadcom_principal **out, int kind, int scope,
				       const cadcom_sid *sid, const char *home,
				       const char *name);
CADCOM_EXTERN void cadcom_principal_free(cadcom_principal *p);
CADCOM_EXTERN int cadcom_principal_kind(const cadcom_principal *p);
CADCOM_EXTERN int cadcom_principal_scope(const cadcom_principal *p);
/** Borrowed; valid while `p` lives. */
CADCOM_EXTERN const cadcom_sid *cadcom_principal_sid(const cadcom_principal *p);
/** The home given to cadcom_principal_new(), or NULL.  Borrowed. */
CADCOM_EXTERN const char *cadcom_principal_home(const cadcom_principal *p);
/** The display name given, or NULL.  Borrowed. */
CADCOM_EXTERN const char *cadcom_principal_name(const cadcom_principal *p);

/* ---- the rules --------------------------------------------------------- */

/**
 * May `group` contain `member`?  1 yes, 0 no, or a negative error:
 * CADCOM_EINVAL when `group` is not a group, a home does not hold the
 * principal's SID, or a scope does not fit its home (a computer-local group
 * of a domain); CADCOM_ENOTFOUND for a home that is not in `env`.  When `why` is not NULL it
 * receives one sentence naming both sides and the rule applied, for "yes"
 * and for "no" (free with cadcom_free()): "a domain local group of
 * contoso.test (CONTOSO\X) cannot contain the domain local group
 * FABRIKAM\Y of fabrikam.test: domain local groups nest only within their
 * own domain".
 */
CADCOM_EXTERN int cadcom_scope_may_contain(const cadcom_env *env,
					   const cadcom_principal *group,
					   const cadcom_principal *member, char **why);

/**
 * How `group` would store `member` (a CADCOM_MEMBER_* value), or a negative
 * error.  Does not check that the membership is allowed.
 */
CADCOM_EXTERN int cadcom_scope_member_form(const cadcom_env *env,
					   const cadcom_principal *group,
					   const cadcom_principal *member);

/**
 * The distinguished name of the foreignSecurityPrincipal that stands for
 * `member` in domain `domain` (a DNS name):
 * "CN=S-1-5-21-...,CN=ForeignSecurityPrincipals,DC=contoso,DC=test".
 */
CADCOM_EXTERN int cadcom_scope_fsp_dn(const cadcom_sid *member, const char *domain,
				      char **out);

#ifdef __cplusplus
}
#endif

#endif
