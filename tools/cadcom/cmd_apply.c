/*
 * cadcom apply | rollback — change a CA as its plan says, and undo it.
 *
 * The library does the work (apply.h): preflight, backup, journal, one
 * verified step at a time, revert on failure.  This file chooses the
 * backup directory, prints a progress line per step on a terminal, and
 * writes reg: and json: targets back to their files.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "cli.h"

static const char apply_usage[] =
	"usage: cadcom apply TOPOLOGY --target T [--dry-run] [--backup DIR] [--reset-flag]\n"
	"                    [--restart] [--registry-only] [--json] [AUTH]\n"
	"       cadcom apply --plan F --target T [--dry-run] [--backup DIR] [--restart]\n"
	"                    [--registry-only] [--json] [AUTH]\n"
	"       cadcom rollback --target T BACKUP [--json] [AUTH]\n"
	"\n"
	"TOPOLOGY      as for cadcom plan (not needed with --plan)\n"
	"T             HOST | reg:FILE.reg | json:FILE.json | hive:SOFTWARE[,SYSTEM]\n"
	"              (files are rewritten in place, through a temporary file)\n"
	"--plan F      apply a reviewed plan (cadcom plan --json > F); refused when the\n"
	"              target has changed since\n"
	"--dry-run     check everything, write nothing\n"
	"--backup DIR  where the journal, revert.reg and members.json go (created;\n"
	"              default ./cadcom-backup-YYYYMMDDTHHMMSS)\n"
	"--reset-flag  also clear SetupStatus's DCOM_SECURITY_UPDATED flag (0x2000)\n"
	"--restart     then restart CertSvc\n"
	"--registry-only  leave the group steps out (hive: and reg: targets hold no\n"
	"              groups; add the members on the running computer)\n"
	"AUTH          -U, -A, -k, --keytab, --timeout, --encrypt (as for cadcom reg)\n"
	"\n"
	"Exit status: 0 applied, nothing to do or rolled back; 1 a dry run found changes\n"
	"to make; 2 usage or runtime error, refused, reverted or incomplete.\n";

static void progress(void *arg, size_t step, size_t count, const char *text, int state)
{
	(void)arg;
	if (state != CADCOM_STEP_PENDING)
		fprintf(stderr, "[%zu/%zu] %-8s %s\n", step + 1, count,
			cadcom_apply_state_name(state), text);
}

/* reg: and json: targets live in memory: their file gets the result. */
static int save(cadcom_target *t, const char *spec)
{
	static const char *const roots[] = { "HKEY_LOCAL_MACHINE", "HKEY_CURRENT_USER",
					     "HKEY_USERS", "HKEY_CLASSES_ROOT",
					     "HKEY_CURRENT_CONFIG" };
	cadcom_regfile *f = NULL;
	unsigned char *bytes = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!strncmp(spec, "json:", 5)) {
		if ((rc = cadcom_target_snapshot(t, &text)) == 0)
			rc = write_file(spec + 5, (unsigned char *)text, strlen(text));
		else
			cli_error(spec);
		cadcom_free(text);
		return rc;
	}
	if (strncmp(spec, "reg:", 4))
		return 0;
	rc = cadcom_regfile_new(&f);
	for (size_t i = 0; rc == 0 && i < sizeof(roots) / sizeof(roots[0]); i++) {
		char *sub = NULL;
		/* Only roots with something in them: an empty root is no section. */
		if (cadcom_registry_subkey(cadcom_target_registry(t), roots[i], 0, &sub) == 0)
			rc = export_key(cadcom_target_registry(t), roots[i], true, f);
		cadcom_free(sub);
	}
	if (rc == 0)
		rc = cadcom_regfile_to_bytes(f, &bytes, &len);
	if (rc)
		cli_error(spec);
	else
		rc = write_file(spec + 4, bytes, len);
	cadcom_free(bytes);
	cadcom_regfile_free(f);
	return rc;
}

static int report(const cadcom_apply *a, bool json)
{
	char *text = NULL;
	int rc = json ? cadcom_apply_to_json(a, &text) : cadcom_apply_to_text(a, &text);

	return cli_print(rc, text, json, "report");
}

static int exit_status(const cadcom_apply *a)
{
	size_t n = cadcom_apply_step_count(a);

	for (size_t i = 0; i < n; i++)
		if (cadcom_apply_step_state(a, i) == CADCOM_STEP_FAILED)
			return EXIT_USAGE; /* the restart, after a complete apply */
	switch (cadcom_apply_outcome(a)) {
	case CADCOM_OUTCOME_NOTHING:
	case CADCOM_OUTCOME_APPLIED:
	case CADCOM_OUTCOME_ROLLED_BACK:
		return EXIT_OK;
	case CADCOM_OUTCOME_DRY_RUN:
		for (size_t i = 0; i < n; i++)
			if (cadcom_apply_step_state(a, i) == CADCOM_STEP_PENDING)
				return EXIT_REJECTED;
		return EXIT_OK;
	default:
		return EXIT_USAGE;
	}
}

/* The plan: reviewed (--plan F) or computed now. */
static cadcom_plan *get_plan(struct plan_opts *o, cadcom_target *t)
{
	cadcom_topology *topo = NULL;
	cadcom_plan *p = NULL;
	size_t len;
	char *text;

	if (o->plan_file) {
		if (!(text = slurp(o->plan_file, &len)))
			return NULL;
		if (cadcom_plan_from_json(&p, text, len, o->plan_file))
			cli_error("--plan");
		free(text);
		return p;
	}
	if (!(topo = load_topology(o)))
		return NULL;
	if (cadcom_plan_compute(topo, t, &p) ||
	    (o->reset_flag && cadcom_plan_reset_setup_flag(p, topo, t))) {
		cli_error("plan");
		cadcom_plan_free(p);
		p = NULL;
	}
	cadcom_topology_free(topo);
	return p;
}

int cmd_apply(int argc, char **argv)
{
	struct plan_opts o = { 0 };
	bool rollback = strcmp(argv[0], "rollback") == 0;
	bool topology = false;
	cadcom_apply_options opts;
	cadcom_target *t = NULL;
	cadcom_plan *plan = NULL;
	cadcom_apply *a = NULL;
	char backup[64];
	int status = ca_options(argc, argv, &o, apply_usage), rc;

	if (status >= 0)
		return status;
	status = EXIT_USAGE;
	topology = o.topology_file || o.discover || o.role || o.generation || o.domain || o.n_enroll;
	if (!o.target || o.reg_out || o.revert_out || o.enrollee || o.groups || o.local ||
	    o.template_name || o.autoenroll ||
	    (rollback ? optind != argc - 1 || o.plan_file || o.dry_run || o.reset_flag ||
				o.restart || o.backup || o.registry_only || topology
		      : optind != argc || (o.plan_file && (topology || o.reset_flag)))) {
		fputs(apply_usage, stderr);
		return EXIT_USAGE;
	}
	cadcom_apply_options_init(&opts, CADCOM_APPLY_OPTIONS_VERSION);
	if (isatty(STDERR_FILENO))
		opts.progress = progress;
	if (!(t = open_target(o.target, &o.auth, &o.target_cred, true)))
		goto out;
	if (rollback) {
		rc = cadcom_rollback(t, argv[optind], &opts, &a);
	} else {
		if (!(plan = get_plan(&o, t)))
			goto out;
		opts.flags = (o.dry_run ? CADCOM_APPLY_DRY_RUN : 0) |
			     (o.restart ? CADCOM_APPLY_RESTART : 0) |
			     (o.registry_only ? CADCOM_APPLY_REGISTRY_ONLY : 0);
		if (!o.backup && !o.dry_run) {
			time_t now = time(NULL);
			struct tm tm;
			gmtime_r(&now, &tm);
			strftime(backup, sizeof(backup), "cadcom-backup-%Y%m%dT%H%M%S", &tm);
			o.backup = backup;
		}
		opts.backup_dir = o.backup;
		rc = cadcom_plan_apply(plan, t, &opts, &a);
		if (rc == 0 && !o.dry_run && cadcom_apply_outcome(a) != CADCOM_OUTCOME_NOTHING &&
		    cadcom_apply_outcome(a) != CADCOM_OUTCOME_REFUSED)
			fprintf(stderr, "cadcom: backup and journal in %s\n", o.backup);
	}
	if (rc) {
		cli_error(rollback ? "rollback" : "apply");
		goto out;
	}
	if ((cadcom_apply_outcome(a) == CADCOM_OUTCOME_APPLIED ||
	     cadcom_apply_outcome(a) == CADCOM_OUTCOME_ROLLED_BACK) &&
	    save(t, o.target))
		goto out;
	if (report(a, o.json))
		goto out;
	status = exit_status(a);
out:
	cadcom_apply_free(a);
	cadcom_plan_free(plan);
	cadcom_target_free(t);
	close_discovery(&o);
	return status;
}
