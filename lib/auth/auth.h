/*
 * libcadcom — credentials as the transports need them (never installed).
 */
#ifndef CADCOM_AUTH_H
#define CADCOM_AUTH_H

#include <stdatomic.h>
#include "../core/internal.h"
#include "cadcom/remote.h"

/* Shared by the caller and every target opened with them: the last
 * cadcom_credentials_free() wipes the password and removes the cache. */
struct cadcom_credentials {
	atomic_int refs;
	bool kerberos;
	char *domain, *user; /* NTLM; for Kerberos the principal's parts */
	char *password;      /* NTLM only; wiped on free */
	char *ccache;        /* Kerberos: "FILE:/path" */
	bool own_ccache;     /* a private cache: removed on free */
};

/* One more holder (released with cadcom_credentials_free). */
const struct cadcom_credentials *cadcom__credentials_ref(const struct cadcom_credentials *c);

/* ---- process-wide state (ccache.c) ---- */
/* The one lock around everything that touches process-wide state:
 * KRB5CCNAME and every libsmbclient call. */
void cadcom__process_lock(void);
void cadcom__process_unlock(void);

/* With the lock held: KRB5CCNAME points at the Kerberos credentials' cache
 * until cadcom__ccache_leave() restores it (NTLM credentials change
 * nothing). */
struct ccache_env {
	char *saved;
	bool set;
};
int cadcom__ccache_enter(const struct cadcom_credentials *c, struct ccache_env *e);
void cadcom__ccache_leave(struct ccache_env *e);

#endif
