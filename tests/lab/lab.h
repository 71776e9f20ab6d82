/*
 * What the C lab tests share: the lab's environment (tests/lab/lab.sh env;
 * the tests run through `lab.sh exec`, which exports it).
 */
#ifndef CADCOM_TEST_LAB_H
#define CADCOM_TEST_LAB_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* Run a shell command; its exit status (-1 when it could not run), and in
 * *out (malloc'd; when `out` is not NULL) everything it printed. */
static inline int lab_run(char **out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline int lab_run(char **out, const char *fmt, ...)
{
	char cmd[4096], *buf = NULL, *grown;
	size_t n = 0, cap = 0;
	va_list ap;
	FILE *p;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (!out) {
		st = system(cmd);
		return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	}
	*out = NULL;
	if (!(p = popen(cmd, "r")))
		return -1;
	do {
		if (n + 1024 > cap) {
			if (!(grown = realloc(buf, cap = cap ? cap * 2 : 8192))) {
				free(buf);
				pclose(p);
				return -1;
			}
			buf = grown;
		}
		n += fread(buf + n, 1, cap - n - 1, p);
	} while (!feof(p) && !ferror(p));
	st = pclose(p);
	buf[n] = '\0';
	*out = buf;
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Every value of `attr` in LDIF text, continuation lines joined, into
 * vals[] (malloc'd); their number.  Base64 values ("attr::") would be
 * unreadable here: they are reported, not silently skipped. */
static inline size_t lab_ldif_values(const char *ldif, const char *attr, char **vals, size_t max)
{
	size_t n = strlen(attr), count = 0;

	for (const char *l = ldif; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char value[2048];
		size_t len = 0;

		if (strncasecmp(l, attr, n) || l[n] != ':')
			continue;
		if (l[n + 1] == ':') {
			fprintf(stderr, "ldif: %s is base64 in:\n%s\n", attr, ldif);
			continue;
		}
		for (const char *p = l + n + 2; *p && len < sizeof(value) - 1; p++) {
			if (*p == '\n' && p[1] == ' ')
				p++; /* a continuation line */
			else if (*p == '\n')
				break;
			else
				value[len++] = *p;
		}
		value[len] = '\0';
		if (count < max)
			vals[count++] = strdup(value);
	}
	return count;
}

/* A socket on 127.0.0.13:port that accepts connections and never answers:
 * a server that hangs (non-blocking: accept() tells whether anyone came). */
static inline int lab_silent_listener(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;

	inet_pton(AF_INET, "127.0.0.13", &sa.sin_addr);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) || listen(s, 4)) {
		close(s);
		return -1;
	}
	return s;
}

#endif
