/*
 * The authentication options every remote command takes (DESIGN.md's
 * table): -U USER[%PASS] | -A AUTHFILE | -k (Kerberos ccache), plus
 * --keytab, --encrypt and --timeout, and for LDAP --ldap-transport and
 * --ca-file.  A password comes from -U, the
 * authentication file, CADCOM_PASSWORD or a prompt on the terminal — it is
 * never needed on the command line — and is wiped once the credentials
 * hold it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "cli.h"

static void wipe(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
}

int auth_option(int argc, char **argv, int *i, struct auth_opts *a)
{
	const char *o = argv[*i];
	const char **slot = NULL;

	if (!strcmp(o, "-k") || !strcmp(o, "--kerberos")) {
		a->kerberos = true;
		return 1;
	}
	if (!strcmp(o, "-U") || !strcmp(o, "--user"))
		slot = &a->user;
	else if (!strcmp(o, "-A") || !strcmp(o, "--authentication-file"))
		slot = &a->authfile;
	else if (!strcmp(o, "--keytab"))
		slot = &a->keytab;
	else if (!strcmp(o, "--encrypt"))
		slot = &a->encrypt;
	else if (!strcmp(o, "--timeout"))
		slot = &a->timeout;
	else if (!strcmp(o, "--ldap-transport"))
		slot = &a->ldap_transport;
	else if (!strcmp(o, "--ca-file"))
		slot = &a->ca_file;
	else
		return 0;
	if (*i + 1 >= argc) {
		fprintf(stderr, "cadcom: %s needs a value\n", o);
		return -1;
	}
	*slot = argv[++*i];
	return 1;
}

/* A line of the password from the terminal, without echo. */
static char *prompt(const char *user)
{
	struct termios old, quiet;
	char buf[512], *nl, *copy;
	FILE *tty = fopen("/dev/tty", "r+");
	bool ok;

	if (!tty)
		return NULL;
	fprintf(tty, "Password for %s: ", user);
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	ok = fgets(buf, sizeof(buf), tty) != NULL;
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	if (!ok)
		return NULL;
	if ((nl = strchr(buf, '\n')))
		*nl = '\0';
	copy = strdup(buf);
	explicit_bzero(buf, sizeof(buf));
	return copy;
}

/* Samba's authentication file: "username = ", "password = ", "domain = ". */
static int read_authfile(const char *path, char **user, char **password, char **domain)
{
	size_t len;
	char *text = slurp(path, &len), *line, *save = NULL;

	if (!text)
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '='), *k = line, *v, **slot = NULL;

		if (!eq)
			continue;
		*eq = '\0';
		v = eq + 1;
		while (*k == ' ' || *k == '\t')
			k++;
		for (char *e = eq; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
			e[-1] = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		v[strcspn(v, "\r")] = '\0';
		if (!strcmp(k, "username"))
			slot = user;
		else if (!strcmp(k, "password"))
			slot = password;
		else if (!strcmp(k, "domain"))
			slot = domain;
		if (slot) {
			free(*slot);
			*slot = strdup(v);
		}
	}
	explicit_bzero(text, len);
	free(text);
	if (!*user) {
		fprintf(stderr, "cadcom: %s: no \"username =\" line\n", path);
		return -1;
	}
	return 0;
}

cadcom_credentials *auth_credentials(const struct auth_opts *a)
{
	char *user = NULL, *password = NULL, *domain = NULL, *cut;
	cadcom_credentials *cred = NULL;
	const char *env = getenv("CADCOM_PASSWORD");
	int rc = -1;

	if (a->authfile && read_authfile(a->authfile, &user, &password, &domain))
		goto out;
	if (a->user) {
		free(user);
		user = strdup(a->user);
		if (user && (cut = strchr(user, '%'))) {
			*cut = '\0';
			free(password);
			password = strdup(cut + 1);
			wipe(cut + 1);
		}
	}
	if (user && (cut = strchr(user, '\\'))) { /* DOMAIN\user */
		*cut = '\0';
		free(domain);
		domain = strdup(user);
		memmove(user, cut + 1, strlen(cut + 1) + 1);
	}
	if (a->kerberos && !user) {
		rc = cadcom_credentials_new_ccache(&cred, NULL);
	} else if (a->kerberos && a->keytab) {
		rc = cadcom_credentials_new_keytab(&cred, user, a->keytab);
	} else if (!user) {
		fprintf(stderr, "cadcom: a remote target needs -U USER, -A AUTHFILE or -k\n");
		goto out;
	} else {
		if (!password && env)
			password = strdup(env);
		if (!password && !(password = prompt(user))) {
			fprintf(stderr, "cadcom: no password for %s (CADCOM_PASSWORD, -A or a terminal)\n",
				user);
			goto out;
		}
		rc = a->kerberos ? cadcom_credentials_new_kerberos(&cred, user, password)
				 : cadcom_credentials_new_password(&cred, domain, user, password);
	}
	if (rc)
		cli_error("credentials");
out:
	wipe(password);
	free(password);
	free(user);
	free(domain);
	return cred;
}

/* --timeout: seconds, into milliseconds; false on a bad value (printed). */
static bool timeout_ms(const struct auth_opts *a, unsigned *out)
{
	char *end;
	unsigned long s;

	if (!a->timeout)
		return true;
	s = strtoul(a->timeout, &end, 10);
	if (*end || !*a->timeout || s == 0 || s > 3600) {
		fprintf(stderr, "cadcom: --timeout takes seconds, 1 to 3600\n");
		return false;
	}
	*out = (unsigned)s * 1000;
	return true;
}

cadcom_target *auth_open_remote(const char *host, const struct auth_opts *a,
				cadcom_credentials **cred)
{
	cadcom_remote_options opts;
	cadcom_target *t = NULL;

	cadcom_remote_options_init(&opts, CADCOM_REMOTE_OPTIONS_VERSION);
	if (a->encrypt) {
		if (!strcmp(a->encrypt, "off"))
			opts.encryption = CADCOM_SMB_ENCRYPT_OFF;
		else if (!strcmp(a->encrypt, "request"))
			opts.encryption = CADCOM_SMB_ENCRYPT_REQUEST;
		else if (!strcmp(a->encrypt, "require"))
			opts.encryption = CADCOM_SMB_ENCRYPT_REQUIRE;
		else {
			fprintf(stderr, "cadcom: --encrypt takes off, request or require\n");
			return NULL;
		}
	}
	if (!timeout_ms(a, &opts.timeout_ms) || !(*cred = auth_credentials(a)))
		return NULL;
	if (cadcom_target_open_remote(&t, host, *cred, &opts)) {
		cli_error("connect");
		cadcom_credentials_free(*cred);
		*cred = NULL;
	}
	return t;
}

cadcom_ad *auth_open_ad(const char *host, const struct auth_opts *a, cadcom_credentials **cred)
{
	static const char *const transports[] = { "auto", "ldaps", "starttls", "plain" };
	cadcom_ad_options opts;
	cadcom_ad *ad = NULL;

	cadcom_ad_options_init(&opts, CADCOM_AD_OPTIONS_VERSION);
	if (a->ldap_transport) {
		opts.transport = -1;
		for (int i = 0; i < 4; i++)
			if (!strcmp(a->ldap_transport, transports[i]))
				opts.transport = i; /* CADCOM_AD_TRANSPORT_* in this order */
		if (opts.transport < 0) {
			fprintf(stderr, "cadcom: --ldap-transport takes auto, ldaps, starttls or plain\n");
			return NULL;
		}
	}
	opts.ca_file = a->ca_file;
	if (!timeout_ms(a, &opts.timeout_ms) || !(*cred = auth_credentials(a)))
		return NULL;
	if (cadcom_ad_open(&ad, host, *cred, &opts)) {
		cli_error("connect");
		cadcom_credentials_free(*cred);
		*cred = NULL;
	}
	return ad;
}
