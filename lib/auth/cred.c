/*
 * Credentials (remote.h): NTLM passwords, and Kerberos tickets in a FILE:
 * credential cache — the one kind both MIT krb5 (ours) and the Heimdal
 * bundled in libsmbclient read.  Keytabs and passwords become a private
 * cache made with MIT krb5, removed on free.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <krb5.h>
#include "auth.h"

static void wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

const struct cadcom_credentials *cadcom__credentials_ref(const struct cadcom_credentials *c)
{
	atomic_fetch_add(&((struct cadcom_credentials *)c)->refs, 1);
	return c;
}

void cadcom_credentials_free(cadcom_credentials *cred)
{
	if (!cred || atomic_fetch_sub(&cred->refs, 1) > 1)
		return;
	if (cred->own_ccache && cred->ccache)
		unlink(cred->ccache + strlen("FILE:"));
	wipe_free(cred->password);
	free(cred->domain);
	free(cred->user);
	free(cred->ccache);
	free(cred);
}

int cadcom_credentials_is_kerberos(const cadcom_credentials *cred)
{
	return cred && cred->kerberos;
}

int cadcom_credentials_new_password(cadcom_credentials **out, const char *domain,
				    const char *user, const char *password)
{
	struct cadcom_credentials *c;

	if (!out || !user || !*user || !password)
		return cadcom__error(CADCOM_EINVAL, -1, "credentials: a user name and a password are needed");
	if ((c = calloc(1, sizeof(*c))))
		atomic_init(&c->refs, 1);
	if (!c || !(c->domain = cadcom__strdup(domain ? domain : "")) ||
	    !(c->user = cadcom__strdup(user)) || !(c->password = cadcom__strdup(password))) {
		cadcom_credentials_free(c);
		return cadcom__enomem();
	}
	*out = c;
	return 0;
}

/* ---- Kerberos ------------------------------------------------------------ */

static int krb_error(krb5_context kc, krb5_error_code code, int cadcom_code, const char *what)
{
	const char *msg = krb5_get_error_message(kc, code);
	int rc = cadcom__error(cadcom_code, -1, "Kerberos: %s: %s", what, msg);

	krb5_free_error_message(kc, msg);
	return rc;
}

/* Split user@REALM into the credentials' user and domain. */
static int set_principal(struct cadcom_credentials *c, krb5_context kc, krb5_principal p)
{
	char *name = NULL;
	krb5_error_code kr;

	if ((kr = krb5_unparse_name_flags(kc, p, KRB5_PRINCIPAL_UNPARSE_NO_REALM, &name)))
		return krb_error(kc, kr, CADCOM_EAUTH, "principal name");
	c->user = cadcom__strdup(name);
	krb5_free_unparsed_name(kc, name);
	c->domain = malloc(p->realm.length + 1);
	if (!c->user || !c->domain)
		return cadcom__enomem();
	memcpy(c->domain, p->realm.data, p->realm.length);
	c->domain[p->realm.length] = '\0';
	return 0;
}

/* A new private FILE: cache (mode 0600 from mkstemp) initialised for `p`. */
static int private_ccache(struct cadcom_credentials *c, krb5_context kc, krb5_principal p,
			  krb5_ccache *cc)
{
	const char *dir = getenv("TMPDIR");
	struct strbuf sb = { 0 };
	krb5_error_code kr;
	int fd, rc;

	sb_printf(&sb, "FILE:%s/cadcom_krb5cc_XXXXXX", dir && *dir ? dir : "/tmp");
	if ((rc = sb_finish(&sb, &c->ccache)))
		return rc;
	if ((fd = mkstemp(c->ccache + strlen("FILE:"))) < 0)
		return cadcom__error(CADCOM_EIO, -1, "Kerberos: cannot create a credential cache %s: %s",
				     c->ccache + 5, strerror(errno));
	close(fd);
	c->own_ccache = true;
	if ((kr = krb5_cc_resolve(kc, c->ccache, cc)))
		return krb_error(kc, kr, CADCOM_EIO, "credential cache");
	if ((kr = krb5_cc_initialize(kc, *cc, p)))
		return krb_error(kc, kr, CADCOM_EIO, "credential cache");
	return 0;
}

enum krb_source { FROM_CCACHE, FROM_KEYTAB, FROM_PASSWORD };

static int kerberos(cadcom_credentials **out, enum krb_source src, const char *name,
		    const char *secret)
{
	struct cadcom_credentials *c;
	krb5_context kc = NULL;
	krb5_principal p = NULL;
	krb5_ccache cc = NULL, from = NULL;
	krb5_keytab kt = NULL;
	krb5_creds creds;
	krb5_error_code kr;
	bool have_creds = false;
	int rc = 0;

	if (!out || (src != FROM_CCACHE && (!name || !*name || !secret)))
		return cadcom__error(CADCOM_EINVAL, -1, "credentials: NULL argument");
	if (!(c = calloc(1, sizeof(*c))))
		return cadcom__enomem();
	atomic_init(&c->refs, 1);
	c->kerberos = true;
	if ((kr = krb5_init_context(&kc))) {
		rc = cadcom__error(CADCOM_EAUTH, -1, "Kerberos: cannot initialise (%s)", strerror(kr));
		goto out;
	}
	if (src == FROM_CCACHE) {
		/* Any cache type in; a FILE: cache out (libsmbclient's Heimdal reads
		 * only that kind of ours). */
		kr = name ? krb5_cc_resolve(kc, name, &from) : krb5_cc_default(kc, &from);
		if (!kr)
			kr = krb5_cc_get_principal(kc, from, &p);
		if (kr) {
			rc = krb_error(kc, kr, CADCOM_EAUTH, "no usable credential cache");
			goto out;
		}
		if (!strcmp(krb5_cc_get_type(kc, from), "FILE")) {
			struct strbuf sb = { 0 };

			sb_printf(&sb, "FILE:%s", krb5_cc_get_name(kc, from));
			rc = sb_finish(&sb, &c->ccache);
		} else if (!(rc = private_ccache(c, kc, p, &cc)) && (kr = krb5_cc_copy_creds(kc, from, cc))) {
			rc = krb_error(kc, kr, CADCOM_EAUTH, "copying the credential cache");
		}
		if (rc)
			goto out;
		rc = set_principal(c, kc, p);
		goto out;
	}
	if ((kr = krb5_parse_name(kc, name, &p))) {
		rc = krb_error(kc, kr, CADCOM_EINVAL, "principal");
		goto out;
	}
	if (src == FROM_KEYTAB) {
		if ((kr = krb5_kt_resolve(kc, secret, &kt)) ||
		    (kr = krb5_get_init_creds_keytab(kc, &creds, p, kt, 0, NULL, NULL))) {
			rc = krb_error(kc, kr, CADCOM_EAUTH, name);
			goto out;
		}
	} else if ((kr = krb5_get_init_creds_password(kc, &creds, p, secret, NULL, NULL, 0, NULL,
						       NULL))) {
		rc = krb_error(kc, kr, CADCOM_EAUTH, name);
		goto out;
	}
	have_creds = true;
	if ((rc = private_ccache(c, kc, p, &cc)))
		goto out;
	if ((kr = krb5_cc_store_cred(kc, cc, &creds))) {
		rc = krb_error(kc, kr, CADCOM_EIO, "storing the ticket");
		goto out;
	}
	rc = set_principal(c, kc, p);
out:
	if (have_creds)
		krb5_free_cred_contents(kc, &creds);
	if (cc)
		krb5_cc_close(kc, cc);
	if (from)
		krb5_cc_close(kc, from);
	if (kt)
		krb5_kt_close(kc, kt);
	if (p)
		krb5_free_principal(kc, p);
	if (kc)
		krb5_free_context(kc);
	if (rc) {
		cadcom_credentials_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int cadcom_credentials_new_ccache(cadcom_credentials **out, const char *ccache)
{
	return kerberos(out, FROM_CCACHE, ccache, NULL);
}

int cadcom_credentials_new_keytab(cadcom_credentials **out, const char *principal,
				  const char *keytab)
{
	return kerberos(out, FROM_KEYTAB, principal, keytab);
}

int cadcom_credentials_new_kerberos(cadcom_credentials **out, const char *principal,
				    const char *password)
{
	return kerberos(out, FROM_PASSWORD, principal, password);
}
