/*
 * cadcom why | diagnose — which layer denies which enrollee, and the fix.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static const char why_usage[] =
	"usage: cadcom why      TOPOLOGY [--target T] --enrollee WHO [--groups SID,...]\n"
	"                       [--template NAME [--autoenroll]] [--remote|--local] [--json]\n"
	"       cadcom diagnose EVENTFILE TOPOLOGY [--target T] [--json]\n"
	"\n"
	"why       every layer WHO crosses to enrol (machine launch restriction, CertSrv\n"
	"          Request launch permission, machine access restriction, access\n"
	"          permission, the CA's own permissions), each granted or denied with\n"
	"          the deciding ACE and the fix.  WHO is a name (CONTOSO\\DC1$) or a SID\n"
	"          looked up in the target's directory (its groups, transitively, plus\n"
	"          Everyone, Authenticated Users and NETWORK), or with --groups the\n"
	"          token's groups as SIDs (the directory is not consulted).\n"
	"          --local: enrolling on the CA itself (default: from another computer).\n"
	"          With --discover HOST the enrollee's token is read from Active Directory\n"
	"          (tokenGroups), and --template NAME adds the certificate template's\n"
	"          Enroll right (with --autoenroll also AutoEnroll) as the last layer.\n"
	"diagnose  read AutoEnrollment event 13 (the event viewer's text or event XML)\n"
	"          or the Certificate snap-in's message, and explain each denial.\n"
	"\n"
	"TOPOLOGY and T as for cadcom plan (cadcom plan --help).\n"
	"Exit status: why 0 allowed, 1 denied; diagnose 0 nothing denied, 1 a denial\n"
	"explained or left unexplained; 2 usage or input error.\n";

static cadcom_token *token_for(const struct plan_opts *o, cadcom_target *target)
{
	/* Discovered: the token is AD's (tokenGroups). */
	cadcom_directory *dir = o->ad ? cadcom_ad_directory(o->ad)
			      : target ? cadcom_target_directory(target) : NULL;
	cadcom_sid *sid = NULL;
	cadcom_token *t = NULL;
	int rc;

	if (o->groups) {
		/* The enrollee, then the groups given, then the network logon's SIDs. */
		char *text = malloc(strlen(o->enrollee) + strlen(o->groups) + 2);
		if (!text)
			return NULL;
		sprintf(text, "%s,%s", o->enrollee, o->groups);
		rc = cadcom_token_from_string(&t, text, NULL);
		free(text);
		if (rc == 0 && (rc = cadcom_token_add_logon_sids(t, CADCOM_LOGON_NETWORK))) {
			cadcom_token_free(t);
			t = NULL;
		}
		if (rc)
			cli_error("--enrollee/--groups");
		return t;
	}
	if (!dir) {
		fprintf(stderr, "cadcom: --enrollee needs --discover, a --target with a directory "
				"(json:), or --groups\n");
		return NULL;
	}
	if (cadcom_directory_lookup_name(dir, o->enrollee, &sid) != 0 &&
	    cadcom_sid_from_string(&sid, o->enrollee, NULL) != 0) {
		fprintf(stderr, "cadcom: %s: no such name in the target's directory, nor a SID\n",
			o->enrollee);
		return NULL;
	}
	if (cadcom_token_from_directory(dir, sid, CADCOM_LOGON_NETWORK, &t))
		cli_error(o->enrollee);
	cadcom_sid_free(sid);
	return t;
}

static int print_verdict(const cadcom_verdict *v, bool json)
{
	char *text = NULL;
	int rc = json ? cadcom_verdict_to_json(v, &text) : cadcom_verdict_to_text(v, &text);

	return cli_print(rc, text, json, "verdict");
}

/* The certificate template's Enroll (and AutoEnroll) rights, from AD. */
static int template_layer(const struct plan_opts *o, cadcom_verdict *v, const cadcom_token *t)
{
	cadcom_sd *sd = NULL;
	int rc = cadcom_ad_template_security(o->ad, o->template_name, &sd);

	if (!rc)
		rc = cadcom_verdict_set_template(v, o->template_name, sd, t, o->autoenroll);
	if (rc)
		cli_error(o->template_name);
	cadcom_sd_free(sd);
	return rc;
}

static int why(const struct plan_opts *o, const cadcom_topology *topo, cadcom_target *target)
{
	cadcom_token *t;
	cadcom_verdict *v = NULL;
	int status = EXIT_USAGE;

	if (!o->enrollee || ((o->template_name || o->autoenroll) && !o->ad)) {
		if (o->enrollee)
			fprintf(stderr, "cadcom: --template reads the template from Active Directory: "
					"it needs --discover\n");
		fputs(why_usage, stderr);
		return EXIT_USAGE;
	}
	if (!(t = token_for(o, target)))
		return EXIT_USAGE;
	if (cadcom_verdict_compute(topo, target, t, !o->local, &v))
		cli_error("verdict");
	else if (o->template_name && template_layer(o, v, t))
		;
	else if (print_verdict(v, o->json) == 0)
		status = cadcom_verdict_allowed(v) ? EXIT_OK : EXIT_REJECTED;
	cadcom_verdict_free(v);
	cadcom_token_free(t);
	return status;
}

static int diagnose(const char *file, const struct plan_opts *o, const cadcom_topology *topo,
		    cadcom_target *target)
{
	cadcom_events *ev = NULL;
	size_t len;
	char *text = slurp(file, &len);
	int status = EXIT_OK;

	if (!text)
		return EXIT_USAGE;
	if (cadcom_events_parse(&ev, text, len, file)) {
		cli_error("diagnose");
		free(text);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < cadcom_events_count(ev); i++) {
		const char *who = cadcom_events_computer(ev, i), *tpl = cadcom_events_template(ev, i);
		uint32_t st = cadcom_events_status(ev, i);
		cadcom_verdict *v = NULL;

		printf("%s:%ld: %s%s%s%s%s", file, cadcom_events_line(ev, i),
		       cadcom_events_kind(ev, i) == CADCOM_EVENT_SNAPIN_DENIED ? "Certificate snap-in: "
									       : "AutoEnrollment event 13: ",
		       who ? who : "", who && tpl ? " enrolling for " : "", tpl ? tpl : "",
		       st ? "" : "request failed");
		if (st)
			printf(" (0x%08x)", st);
		putchar('\n');
		if (st && st != 0x80070005u) {
			printf("  not an access denial: outside what cadcom diagnoses\n");
			continue;
		}
		status = EXIT_REJECTED;
		if (cadcom_verdict_for_event(topo, target, ev, i, &v)) {
			printf("  %s\n", cadcom_error_message(cadcom_error_last()));
			continue;
		}
		if (print_verdict(v, o->json))
			status = EXIT_USAGE;
		cadcom_verdict_free(v);
	}
	cadcom_events_free(ev);
	free(text);
	return status;
}

int cmd_why(int argc, char **argv)
{
	struct plan_opts o = { 0 };
	bool diag = strcmp(argv[0], "diagnose") == 0;
	cadcom_topology *topo = NULL;
	cadcom_target *target = NULL;
	int status = ca_options(argc, argv, &o, why_usage);

	if (status >= 0)
		return status;
	if (optind != argc - (diag ? 1 : 0) || o.reg_out || o.revert_out ||
	    (diag && (o.enrollee || o.groups))) {
		fputs(why_usage, stderr);
		return EXIT_USAGE;
	}
	status = EXIT_USAGE;
	if ((topo = load_topology(&o)) && (!o.target || (target = load_target(o.target))))
		status = diag ? diagnose(argv[optind], &o, topo, target) : why(&o, topo, target);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
	close_discovery(&o);
	return status;
}
