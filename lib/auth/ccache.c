/*
 * The library's one lock for process-wide state, and KRB5CCNAME.
 *
 * Kerberos libraries find the credential cache through KRB5CCNAME: the
 * Heimdal inside libsmbclient when an SMB session logs on, MIT krb5 under
 * Cyrus SASL when an LDAP connection binds with GSSAPI.  Both read the
 * variable while we call them, so every such call runs under this one lock
 * with KRB5CCNAME pointing at its own credentials' cache — two locks would
 * let an SMB logon in one thread read the cache an LDAP bind in another
 * thread just set.  libsmbclient needs the lock for all of its calls anyway
 * (lib/rpc/smb.c says why).
 */
#include <pthread.h>
#include <stdlib.h>
#include "auth.h"

static pthread_mutex_t process_lock = PTHREAD_MUTEX_INITIALIZER;

void cadcom__process_lock(void)
{
	pthread_mutex_lock(&process_lock);
}

void cadcom__process_unlock(void)
{
	pthread_mutex_unlock(&process_lock);
}

int cadcom__ccache_enter(const struct cadcom_credentials *c, struct ccache_env *e)
{
	const char *old = getenv("KRB5CCNAME");

	e->saved = NULL;
	e->set = c->kerberos;
	if (!e->set)
		return 0;
	if (old && !(e->saved = cadcom__strdup(old)))
		return cadcom__enomem();
	if (setenv("KRB5CCNAME", c->ccache, 1)) {
		free(e->saved);
		return cadcom__enomem();
	}
	return 0;
}

void cadcom__ccache_leave(struct ccache_env *e)
{
	if (!e->set)
		return;
	if (e->saved)
		setenv("KRB5CCNAME", e->saved, 1);
	else
		unsetenv("KRB5CCNAME");
	free(e->saved);
}
