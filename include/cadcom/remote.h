/*
 * libcadcom — remote targets: a Windows computer reached over SMB named
 * pipes with our own DCE/RPC client (doc/REMOTE.md).
 *
 * Credentials are NTLM (user and password) or Kerberos (an existing
 * credential cache, or a keytab or password turned into a private FILE:
 * cache that is removed when the credentials are freed).  Passwords are
 * wiped from our memory as soon as they are no longer needed: a Kerberos
 * password right after the ticket is obtained, an NTLM password when the
 * credentials are freed.  libsmbclient keeps its own copy for the life of
 * the SMB session.
 *
 * SMB signing is always required; encryption is chosen per target.
 *
 * Process-wide effects (libsmbclient keeps these per process): the first
 * remote target loads libcadcom's own client configuration (never
 * broadcasts: name resolution by the host's resolver only, NetBIOS off,
 * SMB2 or later, signing required) — other libsmbclient users in the same
 * process see it too; and while a Kerberos session is set up, KRB5CCNAME
 * points at the target's cache.  Both happen under one library lock, so
 * targets with different credentials may be opened and used from different
 * threads at once.
 */
#ifndef CADCOM_REMOTE_H
#define CADCOM_REMOTE_H

#include <stdint.h>
#include "common.h"
#include "target.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_credentials cadcom_credentials;

/**
 * NTLM: `user` in `domain` (NULL or "" for the server's own domain) with
 * `password`.  The password is copied; wipe yours.
 */
CADCOM_EXTERN int cadcom_credentials_new_password(cadcom_credentials **out, const char *domain,
						  const char *user, const char *password);

/**
 * Kerberos from an existing credential cache: `ccache` is a name such as
 * "FILE:/tmp/krb5cc_1000", or NULL for the default (KRB5CCNAME).  A cache
 * that is not a FILE: cache is copied into a private one.  Fails with
 * CADCOM_EAUTH when the cache holds no ticket-granting ticket.
 */
CADCOM_EXTERN int cadcom_credentials_new_ccache(cadcom_credentials **out, const char *ccache);

/** Kerberos: a ticket for `principal` (user@REALM) from `keytab` (a file). */
CADCOM_EXTERN int cadcom_credentials_new_keytab(cadcom_credentials **out, const char *principal,
						const char *keytab);

/** Kerberos: a ticket for `principal` obtained with `password` (then wiped). */
CADCOM_EXTERN int cadcom_credentials_new_kerberos(cadcom_credentials **out, const char *principal,
						  const char *password);

/** Let go of `cred`; the last holder (see cadcom_target_open_remote()) wipes
 * the password and removes a private credential cache. */
CADCOM_EXTERN void cadcom_credentials_free(cadcom_credentials *cred);

/** 1 for Kerberos credentials, 0 for NTLM. */
CADCOM_EXTERN int cadcom_credentials_is_kerberos(const cadcom_credentials *cred);

/** SMB encryption (SMB3): */
enum cadcom_smb_encryption {
	CADCOM_SMB_ENCRYPT_OFF = 0,     /**< signed, not encrypted (the default) */
	CADCOM_SMB_ENCRYPT_REQUEST = 1, /**< encrypt when the server can */
	CADCOM_SMB_ENCRYPT_REQUIRE = 2  /**< fail unless the server encrypts */
};

#define CADCOM_REMOTE_OPTIONS_VERSION 1

/** Options of cadcom_target_open_remote(); initialise with cadcom_remote_options_init(). */
typedef struct cadcom_remote_options {
	unsigned int version;    /**< CADCOM_REMOTE_OPTIONS_VERSION */
	unsigned int timeout_ms; /**< each SMB exchange; 0 means 20000 */
	int encryption;          /**< a CADCOM_SMB_ENCRYPT_* value */
} cadcom_remote_options;

/** Fill `opts` with the defaults of `version` (CADCOM_EINVAL for an unknown one). */
CADCOM_EXTERN int cadcom_remote_options_init(cadcom_remote_options *opts, unsigned int version);

/**
 * A target on `host` (a name; Kerberos refuses an IP address with
 * CADCOM_EINVAL).  The SMB session is set up and the winreg pipe bound
 * before this returns, so a wrong password or an unreachable host fails
 * here: CADCOM_ECONNECT, CADCOM_EAUTH, CADCOM_ETIMEOUT, CADCOM_ENOPIPE.
 * The target keeps a reference to `cred`: free yours when you like (the
 * password is wiped and a private cache removed when the last holder lets
 * go).  `opts` may be NULL for the defaults.
 * Its registry is the remote registry (winreg); its directory is the
 * computer's SAM (samr, with names from lsarpc): on a domain controller, the
 * domain's groups.
 */
CADCOM_EXTERN int cadcom_target_open_remote(cadcom_target **out, const char *host,
					    const cadcom_credentials *cred,
					    const cadcom_remote_options *opts);

/**
 * What a remote target has sent and received so far: RPC calls (binds
 * included; each is one round trip), request fragments sent and response
 * fragments received.  CADCOM_EINVAL for a target that is not remote.
 */
CADCOM_EXTERN int cadcom_target_rpc_stats(const cadcom_target *t, uint64_t *calls,
					  uint64_t *frags_sent, uint64_t *frags_received);

#ifdef __cplusplus
}
#endif

#endif
