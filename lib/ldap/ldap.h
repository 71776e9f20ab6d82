/*
 * libcadcom — LDAP sessions with an Active Directory domain controller
 * (never installed; doc/LDAP.md describes the behaviour).
 *
 * A connection is protected before credentials cross it: LDAPS, StartTLS,
 * or a Kerberos SASL security layer on plain LDAP.  Passwords go only over
 * TLS unless the caller explicitly allows otherwise.  Referrals are never
 * chased.  Every failure names the host, the operation and the DN.
 *
 * A connection is used by one thread at a time; different connections may
 * be used from different threads.  A Kerberos bind runs under the library's
 * process lock with KRB5CCNAME set (lib/auth/ccache.c).
 */
#ifndef CADCOM_LDAP_H
#define CADCOM_LDAP_H

#include <ldap.h>
#include "../auth/auth.h"

enum ldap_transport {
	/* Kerberos credentials: LDAP_TRANSPORT_PLAIN (what Windows itself does,
	 * and the one way both AD and Samba accept GSSAPI); a password: LDAPS. */
	LDAP_TRANSPORT_AUTO = 0,
	LDAP_TRANSPORT_LDAPS,    /* ldaps:// on 636: TLS from the first byte */
	LDAP_TRANSPORT_STARTTLS, /* ldap:// on 389, StartTLS before the bind */
	/* ldap:// on 389 without TLS: only a Kerberos SASL security layer
	 * (integrity or confidentiality) protects it. */
	LDAP_TRANSPORT_PLAIN
};

/* Zero-initialised options (or NULL) mean the defaults. */
struct ldap_options {
	enum ldap_transport transport;
	/* PEM file of the CA(s) the server's certificate must chain to; NULL:
	 * libldap's default (ldap.conf's TLS_CACERT, else the system store).
	 * The certificate must also name the host as given. */
	const char *ca_file;
	unsigned timeout_ms; /* connect, TLS handshake and each operation; 0: 20000 */
	/* LDAP_TRANSPORT_PLAIN: the least SASL strength accepted; 0: 56
	 * (confidentiality); 1 also accepts a server that offers integrity only. */
	unsigned min_ssf;
	/* Send a password in the clear on LDAP_TRANSPORT_PLAIN.  Off: refused
	 * with CADCOM_EINVAL before anything is sent. */
	bool allow_plain_simple_bind;
};

struct ldap_conn;

/*
 * Connect to `host` (a name; an address works for TLS only if the
 * certificate names it) and bind: Kerberos credentials with SASL GSSAPI,
 * a password with a simple bind as DOMAIN\user (user@domain when the
 * domain has a dot; the user as given when it has '@' or '\').
 */
int cadcom__ldap_open(struct ldap_conn **out, const char *host,
		      const struct cadcom_credentials *cred, const struct ldap_options *o);
void cadcom__ldap_close(struct ldap_conn *c); /* NULL accepted */
#ifdef CADCOM_TEST_HOOKS
/* Tests only (the test library; fuzz/run.sh): a session on the connected
 * socket `fd` (taken, even on failure), without TLS or bind, for a fake
 * server on the other end (fuzz/fuzz_ldap.c, tests/test_ad.c).  `host`
 * names it in messages; timeout_ms 0: 20000. */
int cadcom__ldap_open_fd(struct ldap_conn **out, int fd, const char *host, unsigned timeout_ms);
#endif

/* LDAP operations sent on `c`, its bind and StartTLS included (a SASL bind
 * counts once whatever its round trips): a refused change must leave it
 * unchanged. */
uint64_t cadcom__ldap_ops(const struct ldap_conn *c);
/* The SASL security layer's strength: 0 over TLS (TLS protects), at least
 * min_ssf on LDAP_TRANSPORT_PLAIN. */
unsigned cadcom__ldap_ssf(const struct ldap_conn *c);

/* An attribute of an entry as the server returned it: `name` keeps its
 * options ("member;range=0-1499"); `values` is NULL-terminated. */
struct ldap_attr {
	const char *name;
	struct berval **values;
};
/* The values of attribute `name` (case-insensitive, options ignored), or
 * NULL. */
struct berval **cadcom__ldap_attr_values(const struct ldap_attr *attrs, size_t count,
					 const char *name);

/* Called once per entry; the pointers live until it returns.  A non-zero
 * return (a CADCOM_E* code, the error set) stops the search, which returns
 * it. */
typedef int ldap_entry_fn(void *arg, const char *dn, const struct ldap_attr *attrs,
			  size_t count);

/*
 * Search `base` (scope LDAP_SCOPE_BASE, _ONELEVEL or _SUBTREE) for `filter`,
 * asking for `attrs` (NULL-terminated; NULL for all).  One- and multi-level
 * searches go in pages of 500 with the paged results control (critical),
 * so the server's size limit never truncates them silently; each page is
 * one operation.  Continuation references are skipped (referrals are off).
 * A base search answered with more than one entry is CADCOM_EPROTO.
 * When `fn` stops a search early the server keeps its paging state until
 * the connection is closed.
 */
int cadcom__ldap_search(struct ldap_conn *c, const char *base, int scope, const char *filter,
			const char *const *attrs, ldap_entry_fn *fn, void *arg);

/*
 * Controls sent with every later search on `c` until changed: the extended
 * DN control (DN values, and entry DNs, come as "<GUID=…>;<SID=S-1-…>;DN",
 * the SID part only for security principals), and the SD flags control
 * with `sd_flags` (0: none; 7 reads owner, group and DACL of
 * nTSecurityDescriptor without the right to read the SACL).  Both critical.
 */
void cadcom__ldap_search_controls(struct ldap_conn *c, bool extended_dn, unsigned sd_flags);

typedef int ldap_value_fn(void *arg, const struct berval *value);

/*
 * Every value of `attr` of the entry `dn`, by range retrieval ("member;
 * range=0-*", then from where the server stopped: AD answers 1500 values
 * at a time).  `step` > 0 asks for that many at a time instead (Samba
 * ignores MaxValRange and answers everything at once).  One operation per
 * range; none of the attribute is no value.
 */
int cadcom__ldap_values_ranged(struct ldap_conn *c, const char *dn, const char *attr,
			       unsigned step, ldap_value_fn *fn, void *arg);

/* Thin wrappers: `mods` NULL-terminated as libldap wants them. */
int cadcom__ldap_add(struct ldap_conn *c, const char *dn, LDAPMod **attrs);
int cadcom__ldap_modify(struct ldap_conn *c, const char *dn, LDAPMod **mods);
int cadcom__ldap_delete(struct ldap_conn *c, const char *dn);

/* What a domain controller says about itself (rootDSE); strings NULL when
 * absent, levels -1. */
struct ldap_rootdse {
	char *default_nc, *config_nc, *schema_nc, *root_domain_nc;
	char *dns_host_name, *server_name, *ds_service_name;
	int domain_level, forest_level, dc_level; /* *Functionality: 0 = 2000 ... 7 = 2016 */
	bool global_catalog_ready;
};
int cadcom__ldap_rootdse(struct ldap_conn *c, struct ldap_rootdse *out);
void cadcom__ldap_rootdse_clear(struct ldap_rootdse *r);

#endif
