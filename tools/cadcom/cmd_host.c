/*
 * cadcom service status|start|stop|restart HOST NAME
 * cadcom group list|add-member|remove-member HOST GROUP [MEMBER]
 *
 * The low-level commands on one remote computer: its services (svcctl) and
 * its local groups (samr), with names and SIDs resolved by lsarpc.  GROUP
 * and MEMBER are names ("BUILTIN\Certificate Service DCOM Access",
 * "CONTOSO\Domain Users") or SIDs.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static const char service_usage[] =
	"usage: cadcom service status|start|stop|restart HOST NAME [--timeout-wait SECONDS] [AUTH]\n"
	"\n"
	"Stop, start and restart wait until the service is stopped / running\n"
	"(default 60 seconds).  AUTH as for cadcom reg (-U, -A, -k, --keytab, --encrypt,\n"
	"--timeout).\n";

static const char group_usage[] =
	"usage: cadcom group list HOST GROUP [--json] [AUTH]\n"
	"       cadcom group add-member|remove-member HOST GROUP MEMBER [AUTH]\n"
	"\n"
	"GROUP is a local group (alias) of HOST: a name or a SID.  MEMBER is any\n"
	"principal HOST can resolve.  AUTH as for cadcom reg.\n";

struct host_cmd {
	struct auth_opts auth;
	const char *args[4];
	size_t nargs;
	const char *wait;
	bool json;
};

/* Options and up to `max` arguments; -1 on a usage error (printed). */
static int parse(int argc, char **argv, struct host_cmd *c, size_t max, const char *usage)
{
	for (int i = 2; i < argc; i++) {
		int r = auth_option(argc, argv, &i, &c->auth);

		if (r < 0)
			return -1;
		if (r)
			continue;
		if (!strcmp(argv[i], "--json")) {
			c->json = true;
		} else if (!strcmp(argv[i], "--timeout-wait") && i + 1 < argc) {
			c->wait = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "cadcom: unknown option %s\n\n%s", argv[i], usage);
			return -1;
		} else if (c->nargs < max) {
			c->args[c->nargs++] = argv[i];
		} else {
			fprintf(stderr, "cadcom: too many arguments\n\n%s", usage);
			return -1;
		}
	}
	if (c->nargs != max) {
		fputs(usage, stderr);
		return -1;
	}
	return 0;
}

int cmd_service(int argc, char **argv)
{
	static const char *const verbs[] = { "status", "start", "stop", "restart" };
	struct host_cmd c = { 0 };
	cadcom_credentials *cred = NULL;
	cadcom_target *t;
	const char *verb = argc > 1 ? argv[1] : "";
	unsigned wait_ms = 0;
	int state, rc = -1, v = -1, status = EXIT_USAGE;

	for (int i = 0; i < 4; i++)
		if (!strcmp(verb, verbs[i]))
			v = i;
	if (argc > 1 && (!strcmp(verb, "--help") || !strcmp(verb, "-h"))) {
		fputs(service_usage, stdout);
		return EXIT_OK;
	}
	if (v < 0 || parse(argc, argv, &c, 2, service_usage))
		return v < 0 ? (fputs(service_usage, stderr), EXIT_USAGE) : EXIT_USAGE;
	if (c.wait) {
		char *end;
		unsigned long s = strtoul(c.wait, &end, 10);

		if (*end || !*c.wait || s == 0 || s > 3600) {
			fprintf(stderr, "cadcom: --timeout-wait takes seconds, 1 to 3600\n");
			return EXIT_USAGE;
		}
		wait_ms = (unsigned)s * 1000;
	}
	if (!(t = auth_open_remote(c.args[0], &c.auth, &cred)))
		return EXIT_USAGE;
	switch (v) {
	case 1: rc = cadcom_service_start(t, c.args[1], wait_ms); break;
	case 2: rc = cadcom_service_stop(t, c.args[1], wait_ms); break;
	case 3: rc = cadcom_service_restart(t, c.args[1], wait_ms); break;
	default: rc = 0;
	}
	if (!rc)
		rc = cadcom_service_query(t, c.args[1], &state);
	if (rc) {
		cli_error(verb);
	} else {
		printf("%s on %s: %s\n", c.args[1], c.args[0], cadcom_service_state_name(state));
		status = EXIT_OK;
	}
	cadcom_target_free(t);
	cadcom_credentials_free(cred);
	return status;
}

/* A SID given as text, or a name the directory resolves. */
static cadcom_sid *principal(cadcom_directory *dir, const char *text)
{
	cadcom_sid *sid = NULL;

	if (!strncmp(text, "S-1-", 4) || !strncmp(text, "s-1-", 4)) {
		if (cadcom_sid_from_string(&sid, text, NULL))
			cli_error(text);
	} else if (cadcom_directory_lookup_name(dir, text, &sid)) {
		cli_error(text);
	}
	return sid;
}

/* "CONTOSO\Domain Users (S-1-5-21-...-513)", or the SID alone. */
static void print_principal(cadcom_directory *dir, const cadcom_sid *sid, FILE *out)
{
	char *name = NULL, *text = NULL;

	cadcom_sid_to_string(sid, &text);
	if (!cadcom_directory_lookup_sid(dir, sid, &name))
		fprintf(out, "%s (%s)", name, text ? text : "?");
	else
		fputs(text ? text : "?", out);
	cadcom_free(name);
	cadcom_free(text);
}

static int list(cadcom_directory *dir, const cadcom_sid *group, bool json)
{
	json_t *arr = json_array();
	cadcom_sid *m = NULL;
	size_t i;
	int rc;

	for (i = 0; !(rc = cadcom_directory_member(dir, group, i, &m)); i++) {
		char *text = NULL, *name = NULL;

		if (json) {
			cadcom_sid_to_string(m, &text);
			cadcom_directory_lookup_sid(dir, m, &name);
			json_array_append_new(arr, json_pack("{s:s,s:s?}", "sid", text ? text : "",
							     "name", name));
			cadcom_free(text);
			cadcom_free(name);
		} else {
			fputs("  ", stdout);
			print_principal(dir, m, stdout);
			putchar('\n');
		}
		cadcom_sid_free(m);
	}
	if (rc != CADCOM_ENOTFOUND) {
		json_decref(arr);
		cli_error("group list");
		return EXIT_USAGE;
	}
	if (json) {
		json_t *root = json_pack("{s:o}", "members", arr); /* takes arr */
		char *dump = root ? json_dumps(root, JSON_INDENT(2)) : NULL;

		puts(dump ? dump : "{}");
		free(dump);
		json_decref(root);
	} else {
		json_decref(arr);
		if (i == 0)
			puts("  (no members)");
	}
	return EXIT_OK;
}

int group_run(cadcom_directory *dir, const char *verb, const char *group_name,
	      const char *member_name, bool json)
{
	cadcom_sid *group = NULL, *member = NULL;
	bool add = !strcmp(verb, "add-member");
	int rc, status = EXIT_USAGE;

	if (!(group = principal(dir, group_name)))
		goto out;
	if (!member_name) {
		if (!json) {
			print_principal(dir, group, stdout);
			puts(":");
		}
		status = list(dir, group, json);
		goto out;
	}
	if (!(member = principal(dir, member_name)))
		goto out;
	rc = add ? cadcom_directory_add_member(dir, group, member)
		 : cadcom_directory_remove_member(dir, group, member);
	if (rc < 0) {
		cli_error(verb);
		goto out;
	}
	/* A change counts when it reads back. */
	if (cadcom_directory_is_member(dir, group, member) != (add ? 1 : 0)) {
		fprintf(stderr, "cadcom: %s: %s does not read back as %s\n", verb, member_name,
			add ? "a member" : "gone");
		goto out;
	}
	print_principal(dir, member, stdout);
	printf(rc ? (add ? " added to " : " removed from ")
		  : (add ? " was already in " : " was not in "));
	print_principal(dir, group, stdout);
	putchar('\n');
	status = EXIT_OK;
out:
	cadcom_sid_free(group);
	cadcom_sid_free(member);
	return status;
}

int cmd_group(int argc, char **argv)
{
	struct host_cmd c = { 0 };
	cadcom_credentials *cred = NULL;
	cadcom_target *t = NULL;
	const char *verb = argc > 1 ? argv[1] : "";
	bool is_list = !strcmp(verb, "list");
	int status;

	if (argc > 1 && (!strcmp(verb, "--help") || !strcmp(verb, "-h"))) {
		fputs(group_usage, stdout);
		return EXIT_OK;
	}
	if (!is_list && strcmp(verb, "add-member") && strcmp(verb, "remove-member")) {
		fputs(group_usage, stderr);
		return EXIT_USAGE;
	}
	if (parse(argc, argv, &c, is_list ? 2 : 3, group_usage) ||
	    !(t = auth_open_remote(c.args[0], &c.auth, &cred)))
		return EXIT_USAGE;
	status = group_run(cadcom_target_directory(t), verb, c.args[1], c.args[2], c.json);
	cadcom_target_free(t);
	cadcom_credentials_free(cred);
	return status;
}
