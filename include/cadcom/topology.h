/*
 * libcadcom — the environment of a CA: what the planner needs to know.
 *
 * The CA host (name, role, generation), its domain, the forest's domains and
 * the trusts, and which domains' users and computers — and whether domain
 * controllers — enrol.  Built through this API, from JSON, or (in the CLI)
 * from flags.
 *
 * JSON (doc/TOPOLOGY.md):
 *   { "format": "cadcom-topology-1",
 *     "ca": { "host": "DC1", "name": "Contoso Issuing CA", "role": "dc",
 *             "generation": 2008, "domain": "contoso.test",
 *             "machine_sid": "S-1-5-21-...", "group_sid": "S-1-5-21-..." },
 *     "domains": [ { "name": "contoso.test", "netbios": "CONTOSO",
 *                    "sid": "S-1-5-21-1-2-3", "forest": "contoso.test" }, ... ],
 *     "trusts": [ { "trusting": "contoso.test", "trusted": "northwind.test",
 *                   "kind": "external" } ],
 *     "enroll": { "domains": [ "contoso.test", "fabrikam.test" ],
 *                 "domain_controllers": true } }
 * "machine_sid" (the CA's own SAM, member and standalone CAs), "group_sid"
 * (the SID of an existing CERTSVC_DCOM_ACCESS), "name", "netbios" and
 * "trusts" are optional; "forest" defaults to the domain itself.  Errors name
 * the source, the line and the field.
 */
#ifndef CADCOM_TOPOLOGY_H
#define CADCOM_TOPOLOGY_H

#include "common.h"
#include "sid.h"
#include "scope.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_topology cadcom_topology;

enum cadcom_ca_role {
	CADCOM_ROLE_MEMBER = 1,     /**< member server of a domain */
	CADCOM_ROLE_DC = 2,         /**< domain controller */
	CADCOM_ROLE_STANDALONE = 3  /**< workgroup computer */
};

/** Which DCOM group the CA uses (facts.md §4, DESIGN.md). */
enum cadcom_ca_generation {
	/** Windows Server 2003 SP1: CERTSVC_DCOM_ACCESS, computer-local or domain local. */
	CADCOM_GENERATION_2003 = 2003,
	/** Windows Server 2008 and later: builtin Certificate Service DCOM Access, S-1-5-32-574. */
	CADCOM_GENERATION_2008 = 2008
};

CADCOM_EXTERN int cadcom_topology_new(cadcom_topology **out);
CADCOM_EXTERN void cadcom_topology_free(cadcom_topology *t);

/** The CA host: computer name, CADCOM_ROLE_*, CADCOM_GENERATION_*. */
CADCOM_EXTERN int cadcom_topology_set_host(cadcom_topology *t, const char *host, int role,
					   int generation);
/** The CA's name (its Configuration subkey; optional). */
CADCOM_EXTERN int cadcom_topology_set_ca_name(cadcom_topology *t, const char *name);
/**
 * Add a domain: DNS name, NetBIOS name (may be NULL: the first DNS label in
 * upper case), domain SID, forest root DNS name (NULL: itself).
 */
CADCOM_EXTERN int cadcom_topology_add_domain(cadcom_topology *t, const char *name,
					     const char *netbios, const cadcom_sid *sid,
					     const char *forest);
/** The CA's domain (already added); not for a standalone CA. */
CADCOM_EXTERN int cadcom_topology_set_ca_domain(cadcom_topology *t, const char *name);
/** The SID of the CA's own SAM (member and standalone CAs). */
CADCOM_EXTERN int cadcom_topology_set_machine_sid(cadcom_topology *t, const cadcom_sid *sid);
/** The SID of an existing CERTSVC_DCOM_ACCESS group (2003 generation). */
CADCOM_EXTERN int cadcom_topology_set_group_sid(cadcom_topology *t, const cadcom_sid *sid);
/** A trust: `trusting` trusts `trusted` (CADCOM_TRUST_*); both already added. */
CADCOM_EXTERN int cadcom_topology_add_trust(cadcom_topology *t, const char *trusting,
					    const char *trusted, int kind);
/** Users and computers of this domain (already added) enrol. */
CADCOM_EXTERN int cadcom_topology_add_enroll_domain(cadcom_topology *t, const char *name);
/** Whether domain controllers enrol (they are not Domain Computers). */
CADCOM_EXTERN int cadcom_topology_set_dcs_enroll(cadcom_topology *t, int yes);

/**
 * Check the whole: a host is set; a DC or member CA has a domain; a
 * standalone CA has none; every name refers to an added domain.  Called by
 * the planner; 0 or CADCOM_EINVAL with a message saying what is missing.
 */
CADCOM_EXTERN int cadcom_topology_validate(const cadcom_topology *t);

CADCOM_EXTERN int cadcom_topology_from_json(cadcom_topology **out, const char *json, size_t len,
					    const char *source);
CADCOM_EXTERN int cadcom_topology_to_json(const cadcom_topology *t, char **out);

/* ---- reading (borrowed strings and SIDs, valid while `t` lives) --------- */
CADCOM_EXTERN const char *cadcom_topology_host(const cadcom_topology *t);
CADCOM_EXTERN int cadcom_topology_role(const cadcom_topology *t);
CADCOM_EXTERN int cadcom_topology_generation(const cadcom_topology *t);
CADCOM_EXTERN const char *cadcom_topology_ca_name(const cadcom_topology *t);
/** Index of the CA's domain among the domains, or -1 (standalone). */
CADCOM_EXTERN long cadcom_topology_ca_domain(const cadcom_topology *t);
CADCOM_EXTERN const cadcom_sid *cadcom_topology_machine_sid(const cadcom_topology *t);
CADCOM_EXTERN const cadcom_sid *cadcom_topology_group_sid(const cadcom_topology *t);
CADCOM_EXTERN size_t cadcom_topology_domain_count(const cadcom_topology *t);
CADCOM_EXTERN const char *cadcom_topology_domain_name(const cadcom_topology *t, size_t i);
CADCOM_EXTERN const char *cadcom_topology_domain_netbios(const cadcom_topology *t, size_t i);
CADCOM_EXTERN const cadcom_sid *cadcom_topology_domain_sid(const cadcom_topology *t, size_t i);
CADCOM_EXTERN const char *cadcom_topology_domain_forest(const cadcom_topology *t, size_t i);
/** 1 if users and computers of domain `i` enrol. */
CADCOM_EXTERN int cadcom_topology_domain_enrolls(const cadcom_topology *t, size_t i);
CADCOM_EXTERN int cadcom_topology_dcs_enroll(const cadcom_topology *t);
CADCOM_EXTERN size_t cadcom_topology_trust_count(const cadcom_topology *t);
/** Trust `i`: indexes of the trusting and trusted domains and the kind. */
CADCOM_EXTERN int cadcom_topology_trust(const cadcom_topology *t, size_t i, size_t *trusting,
					size_t *trusted, int *kind);

/**
 * The scope environment (scope.h) of this topology: its domains, forests and
 * trusts, and the CA host as a machine when it is not a DC.
 */
CADCOM_EXTERN int cadcom_topology_env(const cadcom_topology *t, cadcom_env **out);

#ifdef __cplusplus
}
#endif

#endif
