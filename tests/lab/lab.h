/*
 * What the C lab tests share: the lab's environment (tests/lab/lab.sh env;
 * the tests run through `lab.sh exec`, which exports it).
 */
#ifndef CADCOM_TEST_LAB_H
#define CADCOM_TEST_LAB_H

#include <stdio.h>
#include <stdlib.h>

static const char *host, *admin, *admin_pw, *user, *user_pw, *realm, *keytab, *domain, *labdir;

static inline const char *lab_env(const char *name)
{
	const char *v = getenv(name);

	if (!v || !*v) {
		fprintf(stderr, "%s is not set: run through tests/lab/lab.sh exec\n", name);
		exit(2);
	}
	return v;
}

/* Read the lab's environment; exits when a variable is missing. */
static inline void lab_load(void)
{
	host = lab_env("CADCOM_LAB_HOST");
	admin = lab_env("CADCOM_LAB_ADMIN");
	admin_pw = lab_env("CADCOM_LAB_ADMIN_PASSWORD");
	user = lab_env("CADCOM_LAB_USER");
	user_pw = lab_env("CADCOM_LAB_USER_PASSWORD");
	realm = lab_env("CADCOM_LAB_REALM");
	keytab = lab_env("CADCOM_LAB_KEYTAB");
	domain = lab_env("CADCOM_LAB_DOMAIN");
	labdir = lab_env("CADCOM_LAB_DIR");
}

#endif
