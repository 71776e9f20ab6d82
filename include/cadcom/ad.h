/*
 * libcadcom — Active Directory over LDAP (doc/AD.md): the CA's group and its
 * members under the scope rules, discovery of a CA's environment, enrollee
 * tokens from tokenGroups and certificate-template permissions.
 *
 * A session is one LDAP connection to a domain controller, protected before
 * any credential crosses it (LDAPS, StartTLS, or Kerberos with a SASL
 * security layer); a password never goes over plain LDAP unless the caller
 * allows it.  Opening reads what every later call needs (the rootDSE, the
 * domain, the forest's domains and the domain's trusts), so that a change
 * the scope rules forbid is refused without sending anything.
 *
 * A session is used by one thread at a time; different sessions may be used
 * from different threads at once.
 */
#ifndef CADCOM_AD_H
#define CADCOM_AD_H

#include "common.h"
#include "sid.h"
#include "sd.h"
#include "scope.h"
#include "token.h"
#include "directory.h"
#include "topology.h"
#include "remote.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_ad cadcom_ad;

enum cadcom_ad_transport {
	/** Kerberos: plain LDAP with a SASL security layer (what Windows does);
	 *  a password: LDAPS. */
	CADCOM_AD_TRANSPORT_AUTO = 0,
	CADCOM_AD_TRANSPORT_LDAPS = 1,    /**< ldaps:// on 636 */
	CADCOM_AD_TRANSPORT_STARTTLS = 2, /**< ldap:// on 389, StartTLS before the bind */
	CADCOM_AD_TRANSPORT_PLAIN = 3     /**< ldap:// on 389; only SASL protects it */
};

#define CADCOM_AD_OPTIONS_VERSION 1

/** Connection options; fill with cadcom_ad_options_init(). */
typedef struct cadcom_ad_options {
	unsigned int version;
	int transport;            /**< CADCOM_AD_TRANSPORT_* */
	const char *ca_file;      /**< PEM CA(s) for TLS; NULL: libldap's default trust */
	unsigned int timeout_ms;  /**< connect, handshake, each operation; 0: 20000 */
	unsigned int min_ssf;     /**< least SASL layer on plain LDAP; 0: 56 (sealing) */
	int allow_plain_simple_bind; /**< send a password over plain LDAP (default 0: refused) */
} cadcom_ad_options;

/** Defaults for `version` (CADCOM_AD_OPTIONS_VERSION); EINVAL for another. */
CADCOM_EXTERN int cadcom_ad_options_init(cadcom_ad_options *opts, unsigned int version);

/**
 * Connect to the domain controller `host` (a DNS name) and bind with `cred`
 * (remote.h; Kerberos credentials bind with SASL GSSAPI, a password with a
 * simple bind over TLS).  `opts` may be NULL.  Errors: CADCOM_ECONNECT (down,
 * unknown, TLS refused), CADCOM_EAUTH, CADCOM_ETIMEOUT, CADCOM_EINVAL (a
 * password on plain LDAP), each with the server's diagnostic.
 */
CADCOM_EXTERN int cadcom_ad_open(cadcom_ad **out, const char *host,
				 const cadcom_credentials *cred, const cadcom_ad_options *opts);
CADCOM_EXTERN void cadcom_ad_close(cadcom_ad *ad);

/** LDAP operations sent so far, the bind included: a change refused by the
 *  library leaves it unchanged. */
CADCOM_EXTERN uint64_t cadcom_ad_operations(const cadcom_ad *ad);

/* ---- the domain (borrowed, valid while `ad` lives) ----------------------- */
CADCOM_EXTERN const char *cadcom_ad_domain(const cadcom_ad *ad);  /**< "contoso.test" */
CADCOM_EXTERN const char *cadcom_ad_netbios(const cadcom_ad *ad); /**< "CONTOSO" */
CADCOM_EXTERN const cadcom_sid *cadcom_ad_domain_sid(const cadcom_ad *ad);
CADCOM_EXTERN const char *cadcom_ad_forest(const cadcom_ad *ad);  /**< forest root DNS name */
CADCOM_EXTERN const char *cadcom_ad_base_dn(const cadcom_ad *ad); /**< "DC=contoso,DC=test" */
CADCOM_EXTERN const char *cadcom_ad_config_dn(const cadcom_ad *ad);
/** The DC's own DNS name as it reports it (rootDSE dnsHostName). */
CADCOM_EXTERN const char *cadcom_ad_dc_host(const cadcom_ad *ad);

/**
 * The scope environment (scope.h) read at open: the forest's domains
 * (CN=Partitions) and the domains this one trusts.  The caller may add
 * what the DC cannot know (another forest's domains); borrowed.
 */
CADCOM_EXTERN cadcom_env *cadcom_ad_env(cadcom_ad *ad);

/**
 * The domain as a directory (directory.h; borrowed):
 * - names: "DOMAIN\name", "name" (this domain), "name@dns.domain", a DN or a
 *   SID string; SIDs → "DOMAIN\sAMAccountName";
 * - kind and scope from objectClass and groupType; for principals the DC
 *   has no object of: well-known SIDs, the well-known global groups of any
 *   domain (RIDs 512-516, 521), and other domains' SIDs described with
 *   cadcom_directory_add() (recorded in the session, never written);
 * - members from `member` with range retrieval, as SIDs (a member without
 *   a SID, such as a contact, is skipped);
 * - add_member writes the member's own DN, an existing foreign security
 *   principal's DN, or `<SID=…>` (the DC creates the FSP), after checking
 *   the scope rules of scope.h — refused with CADCOM_ESCOPE and the reason,
 *   before any LDAP operation when the group and the member are known;
 * - create_group: in CN=Users of the domain whose SID is given.
 * Kinds and scopes are cached for the session.
 */
CADCOM_EXTERN cadcom_directory *cadcom_ad_directory(cadcom_ad *ad);

/**
 * Resolve `who` (as for lookup names above) to its SID and its DN (either
 * out pointer may be NULL; *dn is the foreign security principal of this
 * domain for a well-known or foreign SID, NULL when there is none).
 * CADCOM_ENOTFOUND when nothing matches.
 */
CADCOM_EXTERN int cadcom_ad_resolve(cadcom_ad *ad, const char *who, cadcom_sid **sid,
				    char **dn);

/**
 * Create security group `name` (cn and sAMAccountName) of `scope`
 * (CADCOM_SCOPE_GLOBAL, _DOMAIN_LOCAL or _UNIVERSAL) in `container_dn`
 * (NULL: CN=Users).  *out (may be NULL) gets its SID.  CADCOM_ESTATE when
 * the name is taken.
 */
CADCOM_EXTERN int cadcom_ad_create_group(cadcom_ad *ad, const char *name,
					 const char *container_dn, int scope, cadcom_sid **out);
/** Delete a group created with cadcom_ad_create_group(); builtin groups are
 *  refused (CADCOM_EKIND). */
CADCOM_EXTERN int cadcom_ad_delete_group(cadcom_ad *ad, const cadcom_sid *group);

/**
 * The token of `principal` (a user or computer of this domain): its SID,
 * its tokenGroups (every group, transitively, the primary group included;
 * domain local and builtin groups of this domain too) and the well-known
 * SIDs of a CADCOM_LOGON_* logon.
 */
CADCOM_EXTERN int cadcom_ad_token(cadcom_ad *ad, const cadcom_sid *principal, int logon,
				  cadcom_token **out);

/* ---- enterprise CAs (CN=Enrollment Services) ----------------------------- */

typedef struct cadcom_ad_cas cadcom_ad_cas;

/** Every pKIEnrollmentService of the forest. */
CADCOM_EXTERN int cadcom_ad_find_cas(cadcom_ad *ad, cadcom_ad_cas **out);
CADCOM_EXTERN void cadcom_ad_cas_free(cadcom_ad_cas *cas);
CADCOM_EXTERN size_t cadcom_ad_cas_count(const cadcom_ad_cas *cas);
/** The CA's name (cn), its host (dNSHostName; NULL when absent) (borrowed). */
CADCOM_EXTERN const char *cadcom_ad_cas_name(const cadcom_ad_cas *cas, size_t index);
CADCOM_EXTERN const char *cadcom_ad_cas_host(const cadcom_ad_cas *cas, size_t index);
CADCOM_EXTERN size_t cadcom_ad_cas_template_count(const cadcom_ad_cas *cas, size_t index);
CADCOM_EXTERN const char *cadcom_ad_cas_template(const cadcom_ad_cas *cas, size_t index,
						 size_t template_index);

/**
 * The topology of the CA on `host` (a DNS or computer name): its computer
 * object (a DC when it is a server trust account), its generation (2003 for
 * "Windows Server 2003" in operatingSystem, else 2008), its domain, the
 * published CA's name when one is on that host, the forest's domains, this
 * domain's trusts, and every domain it may take enrollees from (the forest
 * and the domains it trusts) enrolling, domain controllers included.  A
 * 2003 CA on a DC gets the SID of an existing CERTSVC_DCOM_ACCESS.
 */
CADCOM_EXTERN int cadcom_ad_discover(cadcom_ad *ad, const char *host, cadcom_topology **out);

/**
 * The nTSecurityDescriptor (owner, group and DACL) of the certificate
 * template `name` (its cn or displayName) under CN=Certificate Templates.
 */
CADCOM_EXTERN int cadcom_ad_template_security(cadcom_ad *ad, const char *name,
					      cadcom_sd **out);

#ifdef __cplusplus
}
#endif

#endif
