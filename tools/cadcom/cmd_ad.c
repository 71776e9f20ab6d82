/*
 * cadcom ad group show|add-member|remove-member|create|delete DC ...
 * cadcom ad cas DC | cadcom ad discover DC CAHOST
 *
 * Active Directory through one of its domain controllers: the CA's group
 * and its members (the scope rules checked before anything is written),
 * the enterprise CAs, and the topology of a CA host.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static const char ad_usage[] =
	"usage: cadcom ad group show DC GROUP [--json] [AUTH]\n"
	"       cadcom ad group add-member|remove-member DC GROUP MEMBER [--member-kind K] [AUTH]\n"
	"       cadcom ad group create DC NAME [--scope S] [--ou DN] [AUTH]\n"
	"       cadcom ad group delete DC GROUP [AUTH]\n"
	"       cadcom ad cas DC [--json] [AUTH]\n"
	"       cadcom ad discover DC CAHOST [AUTH]\n"
	"\n"
	"DC       a domain controller (DNS name; Kerberos needs the name, not an address)\n"
	"GROUP, MEMBER  DOMAIN\\name, name, name@domain, a DN or a SID.  A member of\n"
	"         another domain is named by SID; --member-kind user|computer|global|\n"
	"         universal|domain-local says what it is when the DC cannot (the scope\n"
	"         rules are checked before anything is written).\n"
	"create   a security group, --scope domain-local (default), global or universal,\n"
	"         in CN=Users or --ou DN (CERTSVC_DCOM_ACCESS for a 2003 CA on a DC)\n"
	"delete   a group made with create (groups Windows made are refused)\n"
	"cas      the enterprise CAs published in the forest, their hosts and templates\n"
	"discover the topology of the CA on CAHOST as JSON (cadcom plan --topology)\n"
	"AUTH     -U [DOM\\]USER[%PASS] | -A FILE | -k [--keytab F], --timeout S,\n"
	"         --ldap-transport auto|ldaps|starttls|plain, --ca-file PEM\n"
	"         (default: Kerberos over LDAP with sealing, a password over LDAPS)\n";

struct ad_cmd {
	struct auth_opts auth;
	const char *args[4], *scope, *ou, *member_kind;
	size_t nargs;
	bool json;
};

static int parse(int argc, char **argv, int first, struct ad_cmd *c, size_t want)
{
	for (int i = first; i < argc; i++) {
		int r = auth_option(argc, argv, &i, &c->auth);
		const char **slot = NULL;

		if (r < 0)
			return -1;
		if (r)
			continue;
		if (!strcmp(argv[i], "--json"))
			c->json = true;
		else if (!strcmp(argv[i], "--scope"))
			slot = &c->scope;
		else if (!strcmp(argv[i], "--ou"))
			slot = &c->ou;
		else if (!strcmp(argv[i], "--member-kind"))
			slot = &c->member_kind;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "cadcom: unknown option %s\n\n%s", argv[i], ad_usage);
			return -1;
		} else if (c->nargs < want) {
			c->args[c->nargs++] = argv[i];
		} else {
			fprintf(stderr, "cadcom: too many arguments\n\n%s", ad_usage);
			return -1;
		}
		if (slot) {
			if (i + 1 >= argc) {
				fprintf(stderr, "cadcom: %s needs a value\n", argv[i]);
				return -1;
			}
			*slot = argv[++i];
		}
	}
	if (c->nargs != want) {
		fputs(ad_usage, stderr);
		return -1;
	}
	return 0;
}

static int scope_of(const char *s)
{
	return !s || !strcmp(s, "domain-local") ? CADCOM_SCOPE_DOMAIN_LOCAL
	       : !strcmp(s, "global")		? CADCOM_SCOPE_GLOBAL
	       : !strcmp(s, "universal")	? CADCOM_SCOPE_UNIVERSAL
						: 0;
}

/* --member-kind: describe a SID of another domain to the session. */
static int describe_member(cadcom_ad *ad, const char *member, const char *kind)
{
	cadcom_sid *sid = NULL;
	int k = CADCOM_PRINCIPAL_GROUP, scope = scope_of(kind), rc;

	if (!strcmp(kind, "user"))
		k = CADCOM_PRINCIPAL_USER, scope = CADCOM_SCOPE_NONE;
	else if (!strcmp(kind, "computer"))
		k = CADCOM_PRINCIPAL_COMPUTER, scope = CADCOM_SCOPE_NONE;
	else if (!scope) {
		fprintf(stderr, "cadcom: --member-kind takes user, computer, global, universal or "
				"domain-local\n");
		return -1;
	}
	if (cadcom_sid_from_string(&sid, member, NULL)) {
		fprintf(stderr, "cadcom: --member-kind describes a member given by SID\n");
		return -1;
	}
	rc = cadcom_directory_add(cadcom_ad_directory(ad), sid, NULL, k, scope);
	cadcom_sid_free(sid);
	if (rc)
		cli_error(member);
	return rc ? -1 : 0;
}

static int create(cadcom_ad *ad, const struct ad_cmd *c)
{
	int scope = scope_of(c->scope);
	cadcom_sid *sid = NULL;
	char *text = NULL, *dn = NULL;

	if (!scope) {
		fprintf(stderr, "cadcom: --scope takes domain-local, global or universal\n");
		return EXIT_USAGE;
	}
	if (cadcom_ad_create_group(ad, c->args[1], c->ou, scope, &sid) ||
	    cadcom_sid_to_string(sid, &text) || cadcom_ad_resolve(ad, text, NULL, &dn)) {
		cli_error("create");
		cadcom_sid_free(sid);
		cadcom_free(text);
		return EXIT_USAGE;
	}
	printf("created %s (%s)\n", dn ? dn : c->args[1], text);
	cadcom_free(dn);
	cadcom_free(text);
	cadcom_sid_free(sid);
	return EXIT_OK;
}

static int delete(cadcom_ad *ad, const char *group)
{
	cadcom_sid *sid = NULL;
	int rc = cadcom_ad_resolve(ad, group, &sid, NULL);

	if (!rc)
		rc = cadcom_ad_delete_group(ad, sid);
	cadcom_sid_free(sid);
	if (rc) {
		cli_error("delete");
		return EXIT_USAGE;
	}
	printf("deleted %s\n", group);
	return EXIT_OK;
}

static int show_header(cadcom_ad *ad, const char *group, bool json)
{
	static const char *const scopes[] = { "not a group", "global", "domain local",
					      "universal", "builtin local", "computer local" };
	cadcom_directory *dir = cadcom_ad_directory(ad);
	cadcom_sid *sid = NULL;
	char *dn = NULL, *text = NULL;
	int kind = 0, scope = 0;

	if (json)
		return 0; /* the members are the JSON */
	if (cadcom_ad_resolve(ad, group, &sid, &dn) || cadcom_directory_info(dir, sid, &kind, &scope) ||
	    cadcom_sid_to_string(sid, &text)) {
		cli_error(group);
		cadcom_sid_free(sid);
		cadcom_free(dn);
		return -1;
	}
	printf("%s\n  SID %s, %s group\n", dn ? dn : group, text,
	       scope >= 0 && scope <= 5 ? scopes[scope] : "?");
	cadcom_free(text);
	cadcom_free(dn);
	cadcom_sid_free(sid);
	return 0;
}

static int group(int argc, char **argv)
{
	struct ad_cmd c = { 0 };
	const char *verb = argc > 2 ? argv[2] : "";
	bool show = !strcmp(verb, "show"), make = !strcmp(verb, "create"),
	     drop = !strcmp(verb, "delete");
	bool change = !strcmp(verb, "add-member") || !strcmp(verb, "remove-member");
	cadcom_credentials *cred = NULL;
	cadcom_ad *ad;
	int status = EXIT_USAGE;

	if (!show && !make && !drop && !change) {
		fputs(ad_usage, stderr);
		return EXIT_USAGE;
	}
	if (parse(argc, argv, 3, &c, change ? 3 : 2) || !(ad = auth_open_ad(c.args[0], &c.auth, &cred)))
		return EXIT_USAGE;
	if (make)
		status = create(ad, &c);
	else if (drop)
		status = delete(ad, c.args[1]);
	else if (show && show_header(ad, c.args[1], c.json) == 0)
		status = group_run(cadcom_ad_directory(ad), "list", c.args[1], NULL, c.json);
	else if (change && (!c.member_kind || describe_member(ad, c.args[2], c.member_kind) == 0))
		status = group_run(cadcom_ad_directory(ad), verb, c.args[1], c.args[2], false);
	cadcom_ad_close(ad);
	cadcom_credentials_free(cred);
	return status;
}

static int cas(cadcom_ad *ad, bool json)
{
	cadcom_ad_cas *list = NULL;
	json_t *arr = json_array();

	if (cadcom_ad_find_cas(ad, &list)) {
		cli_error("cas");
		json_decref(arr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < cadcom_ad_cas_count(list); i++) {
		const char *host = cadcom_ad_cas_host(list, i);
		json_t *tpl = json_array();

		if (!json)
			printf("%s on %s\n", cadcom_ad_cas_name(list, i), host ? host : "(no host)");
		for (size_t j = 0; j < cadcom_ad_cas_template_count(list, i); j++) {
			if (json)
				json_array_append_new(tpl, json_string(cadcom_ad_cas_template(list, i, j)));
			else
				printf("  template %s\n", cadcom_ad_cas_template(list, i, j));
		}
		json_array_append_new(arr, json_pack("{s:s,s:s?,s:o}", "name",
						     cadcom_ad_cas_name(list, i), "host", host,
						     "templates", tpl));
	}
	if (json) {
		char *dump = json_dumps(arr, JSON_INDENT(2));
		puts(dump ? dump : "[]");
		free(dump);
	} else if (!cadcom_ad_cas_count(list)) {
		printf("no enterprise CA is published in %s\n", cadcom_ad_forest(ad));
	}
	json_decref(arr);
	cadcom_ad_cas_free(list);
	return EXIT_OK;
}

static int discover(cadcom_ad *ad, const char *host)
{
	cadcom_topology *t = NULL;
	char *json = NULL;

	if (cadcom_ad_discover(ad, host, &t) || cadcom_topology_to_json(t, &json)) {
		cli_error("discover");
		cadcom_topology_free(t);
		return EXIT_USAGE;
	}
	puts(json);
	cadcom_free(json);
	cadcom_topology_free(t);
	return EXIT_OK;
}

int cmd_ad(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	struct ad_cmd c = { 0 };
	cadcom_credentials *cred = NULL;
	cadcom_ad *ad;
	int status;

	if (!strcmp(what, "--help") || !strcmp(what, "-h")) {
		fputs(ad_usage, stdout);
		return EXIT_OK;
	}
	if (!strcmp(what, "group"))
		return group(argc, argv);
	if (strcmp(what, "cas") && strcmp(what, "discover")) {
		fputs(ad_usage, stderr);
		return EXIT_USAGE;
	}
	if (parse(argc, argv, 2, &c, what[0] == 'c' ? 1 : 2) ||
	    !(ad = auth_open_ad(c.args[0], &c.auth, &cred)))
		return EXIT_USAGE;
	status = what[0] == 'c' ? cas(ad, c.json) : discover(ad, c.args[1]);
	cadcom_ad_close(ad);
	cadcom_credentials_free(cred);
	return status;
}
