/*
 * cadcom plan | audit — what a CA needs, what it has, and the changes.
 *
 * Input is read whole and checked before anything is written: a bad
 * topology, snapshot or .reg file leaves no output file behind.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "cli.h"

static const char plan_usage[] =
	"usage: cadcom plan  TOPOLOGY [--target T [--reset-flag]] [--reg-out F] [--revert-out F] [--json]\n"
	"       cadcom audit TOPOLOGY --target T [--json]\n"
	"\n"
	"TOPOLOGY   --topology FILE.json, or --discover HOST [--dc DC] [AUTH] (from Active\n"
	"           Directory: cadcom ad discover), or flags:\n"
	"             --role member|dc|standalone  --generation 2003|2008\n"
	"             --domain NAME=SID            the CA's domain\n"
	"             --enroll-domain NAME=SID     another domain whose users and computers\n"
	"                                          enrol (repeatable; same forest)\n"
	"             --dcs-enroll                 domain controllers enrol too\n"
	"             --group-sid SID              SID of an existing CERTSVC_DCOM_ACCESS\n"
	"             --host NAME  --machine-sid SID  --ca-name NAME\n"
	"T          HOST (remote: winreg and samr over SMB, with AUTH) |\n"
	"           reg:FILE.reg (registry values) | json:FILE.json (state snapshot) |\n"
	"           hive:SOFTWARE[,SYSTEM] (offline hive files, read-only here)\n"
	"           plan without --target starts from Windows' default values\n"
	"--reg-out F     write the registry changes as a .reg file (UTF-16LE, as regedit)\n"
	"--revert-out F  write the .reg file that undoes them\n"
	"--reset-flag    add clearing SetupStatus's DCOM_SECURITY_UPDATED flag (0x2000)\n"
	"--json          the plan as JSON\n"
	"AUTH       for a HOST target and --discover: as for cadcom reg and cadcom ad\n"
	"           (-U, -A, -k, --keytab, --timeout, --encrypt, --ldap-transport, --ca-file)\n"
	"\n"
	"Exit status: 0 nothing to fix, 1 findings, 2 usage or input error.\n";

/* The whole file, NUL-terminated; NULL with a message on failure. */
char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f) {
		fprintf(stderr, "cadcom: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *b = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (!b) {
				free(buf);
				fclose(f);
				fprintf(stderr, "cadcom: %s: out of memory\n", path);
				return NULL;
			}
			buf = b;
		}
		size_t got = fread(buf + n, 1, 4096, f);
		n += got;
		if (got < 4096)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "cadcom: %s: %s\n", path, strerror(errno));
		free(buf);
		buf = NULL;
	} else {
		buf[n] = '\0';
		*len = n;
	}
	fclose(f);
	return buf;
}

/* Write a regular file through a temporary one, so that a failure leaves no
 * half file; anything else (a pipe, /dev/stdout) is written directly. */
int write_file(const char *path, const unsigned char *data, size_t len)
{
	char tmp[4096];
	struct stat st;
	bool direct = stat(path, &st) == 0 && !S_ISREG(st.st_mode), ok;
	FILE *f;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp)) {
		fprintf(stderr, "cadcom: %s: path too long\n", path);
		return -1;
	}
	f = fopen(direct ? path : tmp, "wb");
	ok = f && fwrite(data, 1, len, f) == len;
	if (f && fclose(f) != 0)
		ok = false;
	if (ok && !direct && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		fprintf(stderr, "cadcom: %s: %s\n", path, strerror(errno));
		if (f && !direct)
			remove(tmp);
		return -1;
	}
	return 0;
}


/* "NAME=SID": add the domain (in the CA's forest when `forest` is given). */
static int add_domain_arg(cadcom_topology *t, const char *arg, const char *forest, char **name)
{
	const char *eq = strchr(arg, '=');
	cadcom_sid *sid = NULL;
	int rc;

	if (!eq || eq == arg) {
		fprintf(stderr, "cadcom: \"%s\": expected NAME=SID\n", arg);
		return -1;
	}
	*name = strndup(arg, (size_t)(eq - arg));
	if (!*name || cadcom_sid_from_string(&sid, eq + 1, NULL) != 0) {
		cli_error(arg);
		return -1;
	}
	rc = cadcom_topology_add_domain(t, *name, NULL, sid, forest);
	cadcom_sid_free(sid);
	if (rc)
		cli_error(arg);
	return rc;
}

static int set_sid_arg(cadcom_topology *t, const char *arg,
		       int (*set)(cadcom_topology *, const cadcom_sid *))
{
	cadcom_sid *sid = NULL;
	int rc = cadcom_sid_from_string(&sid, arg, NULL);

	if (rc == 0)
		rc = set(t, sid);
	cadcom_sid_free(sid);
	if (rc)
		cli_error(arg);
	return rc;
}

static cadcom_topology *topology_from_flags(const struct plan_opts *o)
{
	cadcom_topology *t = NULL;
	char *ca_domain = NULL, *name = NULL;
	int role = 0, generation = 0, rc;

	if (!o->role || !o->generation) {
		fprintf(stderr, "cadcom: give --topology FILE or at least --role and --generation\n");
		return NULL;
	}
	role = !strcmp(o->role, "member") ? CADCOM_ROLE_MEMBER
	       : !strcmp(o->role, "dc")	  ? CADCOM_ROLE_DC
	       : !strcmp(o->role, "standalone") ? CADCOM_ROLE_STANDALONE
						: 0;
	generation = !strcmp(o->generation, "2003") ? CADCOM_GENERATION_2003
		     : !strcmp(o->generation, "2008") ? CADCOM_GENERATION_2008
						      : 0;
	if (!role || !generation) {
		fprintf(stderr, "cadcom: --role is member, dc or standalone; --generation 2003 or 2008\n");
		return NULL;
	}
	if (cadcom_topology_new(&t) ||
	    cadcom_topology_set_host(t, o->host ? o->host : "CA", role, generation)) {
		cli_error("topology");
		goto fail;
	}
	if (o->ca_name && cadcom_topology_set_ca_name(t, o->ca_name)) {
		cli_error("--ca-name");
		goto fail;
	}
	if (o->domain) {
		if (add_domain_arg(t, o->domain, NULL, &ca_domain) ||
		    cadcom_topology_set_ca_domain(t, ca_domain) ||
		    cadcom_topology_add_enroll_domain(t, ca_domain)) {
			cli_error(o->domain);
			goto fail;
		}
	}
	for (size_t i = 0; i < o->n_enroll; i++) {
		rc = add_domain_arg(t, o->enroll[i], ca_domain, &name);
		if (rc == 0 && (rc = cadcom_topology_add_enroll_domain(t, name)))
			cli_error(o->enroll[i]);
		free(name);
		name = NULL;
		if (rc)
			goto fail;
	}
	if ((o->dcs_enroll && cadcom_topology_set_dcs_enroll(t, 1)) ||
	    (o->group_sid && set_sid_arg(t, o->group_sid, cadcom_topology_set_group_sid)) ||
	    (o->machine_sid && set_sid_arg(t, o->machine_sid, cadcom_topology_set_machine_sid)))
		goto fail;
	if (cadcom_topology_validate(t)) {
		cli_error("topology");
		goto fail;
	}
	free(ca_domain);
	return t;
fail:
	free(name);
	free(ca_domain);
	cadcom_topology_free(t);
	return NULL;
}

/* --discover HOST: the topology from Active Directory, through --dc or
 * HOST itself (a CA on a DC). */
static cadcom_topology *discover(struct plan_opts *o)
{
	cadcom_topology *t = NULL;

	if (!(o->ad = auth_open_ad(o->dc ? o->dc : o->discover, &o->auth, &o->cred)))
		return NULL;
	if (cadcom_ad_discover(o->ad, o->discover, &t))
		cli_error("--discover");
	else if (o->ca_name && cadcom_topology_set_ca_name(t, o->ca_name)) {
		cli_error("--ca-name");
		cadcom_topology_free(t);
		t = NULL;
	}
	return t;
}

void close_discovery(struct plan_opts *o)
{
	cadcom_ad_close(o->ad);
	cadcom_credentials_free(o->cred);
	cadcom_credentials_free(o->target_cred);
	o->ad = NULL;
	o->cred = NULL;
	o->target_cred = NULL;
}

cadcom_topology *load_topology(struct plan_opts *o)
{
	cadcom_topology *t = NULL;
	size_t len;
	char *text;

	if ((o->topology_file != NULL) + (o->discover != NULL) +
		    (o->role || o->generation || o->domain || o->n_enroll) > 1) {
		fprintf(stderr, "cadcom: --topology, --discover and topology flags exclude each other\n");
		return NULL;
	}
	if (o->discover)
		return discover(o);
	if (!o->topology_file)
		return topology_from_flags(o);
	if (!(text = slurp(o->topology_file, &len)))
		return NULL;
	if (cadcom_topology_from_json(&t, text, len, o->topology_file))
		cli_error("topology");
	free(text);
	return t;
}

/* hive:SOFTWARE[,SYSTEM], either part may be empty. */
static cadcom_target *open_hives(const char *files, unsigned flags)
{
	char *software = strdup(files), *system = software ? strchr(software, ',') : NULL;
	cadcom_target *t = NULL;

	if (system)
		*system++ = '\0';
	if (!software)
		fprintf(stderr, "cadcom: out of memory\n");
	else if (cadcom_target_open_hives(&t, *software ? software : NULL,
					  system && *system ? system : NULL, flags))
		cli_error("target");
	free(software);
	return t;
}

cadcom_target *load_target(const char *spec)
{
	cadcom_target *t = NULL;
	size_t len;
	char *data;
	int rc;

	if (!strncmp(spec, "hive:", 5))
		return open_hives(spec + 5, 0);
	if (strncmp(spec, "reg:", 4) && strncmp(spec, "json:", 5)) {
		fprintf(stderr, "cadcom: target \"%s\": this build reads reg:FILE, json:FILE and "
				"hive:SOFTWARE[,SYSTEM] targets here\n",
			spec);
		return NULL;
	}
	data = slurp(strchr(spec, ':') + 1, &len);
	if (!data)
		return NULL;
	if (spec[0] == 'r')
		rc = cadcom_target_open_regfile(&t, (unsigned char *)data, len, spec + 4);
	else
		rc = cadcom_target_open_snapshot(&t, data, len, spec + 5);
	if (rc)
		cli_error("target");
	free(data);
	return t;
}

cadcom_target *open_target(const char *spec, const struct auth_opts *a, cadcom_credentials **cred,
			   bool write)
{
	if (strncmp(spec, "reg:", 4) && strncmp(spec, "json:", 5) && strncmp(spec, "hive:", 5))
		return auth_open_remote(spec, a, cred);
	if (write && !strncmp(spec, "hive:", 5))
		return open_hives(spec + 5, CADCOM_HIVE_WRITE);
	return load_target(spec);
}

static int write_regfiles(const cadcom_plan *p, const struct plan_opts *o)
{
	cadcom_regfile *fw = NULL, *rv = NULL;
	unsigned char *bytes[2] = { NULL, NULL };
	size_t len[2] = { 0, 0 };
	int rc = cadcom_plan_regfiles(p, &fw, &rv);

	/* Encode both before writing either: all or nothing. */
	if (rc == 0 && o->reg_out)
		rc = cadcom_regfile_to_bytes(fw, &bytes[0], &len[0]);
	if (rc == 0 && o->revert_out)
		rc = cadcom_regfile_to_bytes(rv, &bytes[1], &len[1]);
	if (rc)
		cli_error("writing .reg");
	else if ((o->reg_out && write_file(o->reg_out, bytes[0], len[0])) ||
		 (o->revert_out && write_file(o->revert_out, bytes[1], len[1])))
		rc = -1;
	cadcom_free(bytes[0]);
	cadcom_free(bytes[1]);
	cadcom_regfile_free(fw);
	cadcom_regfile_free(rv);
	return rc;
}

static int print_plan(const cadcom_plan *p, bool json, bool audit)
{
	char *text = NULL;
	int rc = json ? cadcom_plan_to_json(p, &text) : cadcom_plan_to_text(p, &text);

	if (rc) {
		cli_error("plan");
		return -1;
	}
	if (audit && !json) {
		/* An audit reports; the actions are the plan's business. */
		char *cut = strstr(text, "Actions (");
		if (cut)
			*cut = '\0';
	}
	fputs(text, stdout);
	if (json)
		putchar('\n');
	cadcom_free(text);
	return 0;
}

/* Parse the options every CA command shares (cli.h); the command's own
 * options are the ones after TOPOLOGY/target in `o`.  Returns -1 to go on,
 * else the exit status. */
int ca_options(int argc, char **argv, struct plan_opts *o, const char *usage)
{
	enum { O_TOPOLOGY = 256, O_TARGET, O_REG_OUT, O_REVERT_OUT, O_JSON, O_ROLE, O_GENERATION,
	       O_DOMAIN, O_ENROLL, O_DCS, O_GROUP_SID, O_HOST, O_MACHINE_SID, O_CA_NAME,
	       O_ENROLLEE, O_GROUPS, O_REMOTE, O_LOCAL, O_HELP, O_DISCOVER, O_DC, O_TEMPLATE,
	       O_AUTOENROLL, O_KEYTAB, O_TIMEOUT, O_TRANSPORT, O_CA_FILE, O_PLAN, O_BACKUP,
	       O_DRY_RUN, O_RESET_FLAG, O_RESTART, O_ENCRYPT, O_REGISTRY_ONLY };
	static const struct option longopts[] = {
		{ "topology", required_argument, NULL, O_TOPOLOGY },
		{ "target", required_argument, NULL, O_TARGET },
		{ "reg-out", required_argument, NULL, O_REG_OUT },
		{ "revert-out", required_argument, NULL, O_REVERT_OUT },
		{ "json", no_argument, NULL, O_JSON },
		{ "role", required_argument, NULL, O_ROLE },
		{ "generation", required_argument, NULL, O_GENERATION },
		{ "domain", required_argument, NULL, O_DOMAIN },
		{ "enroll-domain", required_argument, NULL, O_ENROLL },
		{ "dcs-enroll", no_argument, NULL, O_DCS },
		{ "group-sid", required_argument, NULL, O_GROUP_SID },
		{ "host", required_argument, NULL, O_HOST },
		{ "machine-sid", required_argument, NULL, O_MACHINE_SID },
		{ "ca-name", required_argument, NULL, O_CA_NAME },
		{ "enrollee", required_argument, NULL, O_ENROLLEE },
		{ "groups", required_argument, NULL, O_GROUPS },
		{ "remote", no_argument, NULL, O_REMOTE },
		{ "local", no_argument, NULL, O_LOCAL },
		{ "help", no_argument, NULL, O_HELP },
		{ "discover", required_argument, NULL, O_DISCOVER },
		{ "dc", required_argument, NULL, O_DC },
		{ "template", required_argument, NULL, O_TEMPLATE },
		{ "autoenroll", no_argument, NULL, O_AUTOENROLL },
		{ "user", required_argument, NULL, 'U' },
		{ "authentication-file", required_argument, NULL, 'A' },
		{ "kerberos", no_argument, NULL, 'k' },
		{ "keytab", required_argument, NULL, O_KEYTAB },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "ldap-transport", required_argument, NULL, O_TRANSPORT },
		{ "ca-file", required_argument, NULL, O_CA_FILE },
		{ "encrypt", required_argument, NULL, O_ENCRYPT },
		{ "plan", required_argument, NULL, O_PLAN },
		{ "backup", required_argument, NULL, O_BACKUP },
		{ "dry-run", no_argument, NULL, O_DRY_RUN },
		{ "reset-flag", no_argument, NULL, O_RESET_FLAG },
		{ "restart", no_argument, NULL, O_RESTART },
		{ "registry-only", no_argument, NULL, O_REGISTRY_ONLY },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "U:A:k", longopts, NULL)) != -1) {
		switch (c) {
		case O_TOPOLOGY: o->topology_file = optarg; break;
		case O_TARGET: o->target = optarg; break;
		case O_REG_OUT: o->reg_out = optarg; break;
		case O_REVERT_OUT: o->revert_out = optarg; break;
		case O_JSON: o->json = true; break;
		case O_ROLE: o->role = optarg; break;
		case O_GENERATION: o->generation = optarg; break;
		case O_DOMAIN: o->domain = optarg; break;
		case O_ENROLL:
			if (o->n_enroll == sizeof(o->enroll) / sizeof(o->enroll[0])) {
				fprintf(stderr, "cadcom: too many --enroll-domain\n");
				return EXIT_USAGE;
			}
			o->enroll[o->n_enroll++] = optarg;
			break;
		case O_DCS: o->dcs_enroll = true; break;
		case O_GROUP_SID: o->group_sid = optarg; break;
		case O_HOST: o->host = optarg; break;
		case O_MACHINE_SID: o->machine_sid = optarg; break;
		case O_CA_NAME: o->ca_name = optarg; break;
		case O_ENROLLEE: o->enrollee = optarg; break;
		case O_GROUPS: o->groups = optarg; break;
		case O_REMOTE: o->local = false; break;
		case O_LOCAL: o->local = true; break;
		case O_DISCOVER: o->discover = optarg; break;
		case O_DC: o->dc = optarg; break;
		case O_TEMPLATE: o->template_name = optarg; break;
		case O_AUTOENROLL: o->autoenroll = true; break;
		case 'U': o->auth.user = optarg; break;
		case 'A': o->auth.authfile = optarg; break;
		case 'k': o->auth.kerberos = true; break;
		case O_KEYTAB: o->auth.keytab = optarg; break;
		case O_TIMEOUT: o->auth.timeout = optarg; break;
		case O_TRANSPORT: o->auth.ldap_transport = optarg; break;
		case O_CA_FILE: o->auth.ca_file = optarg; break;
		case O_ENCRYPT: o->auth.encrypt = optarg; break;
		case O_PLAN: o->plan_file = optarg; break;
		case O_BACKUP: o->backup = optarg; break;
		case O_DRY_RUN: o->dry_run = true; break;
		case O_RESET_FLAG: o->reset_flag = true; break;
		case O_RESTART: o->restart = true; break;
		case O_REGISTRY_ONLY: o->registry_only = true; break;
		case O_HELP: fputs(usage, stdout); return EXIT_OK;
		default: fputs(usage, stderr); return EXIT_USAGE;
		}
	}
	return -1;
}

int cmd_plan(int argc, char **argv)
{
	struct plan_opts o = { 0 };
	bool audit = strcmp(argv[0], "audit") == 0;
	cadcom_topology *topo = NULL;
	cadcom_target *target = NULL;
	cadcom_plan *plan = NULL;
	int status = ca_options(argc, argv, &o, plan_usage);

	if (status >= 0)
		return status;
	status = EXIT_USAGE;
	if (optind != argc || o.enrollee || o.groups || o.local || o.template_name || o.autoenroll ||
	    o.plan_file || o.backup || o.dry_run || o.restart || o.registry_only ||
	    (o.reset_flag && (audit || !o.target)) ||
	    (audit && (!o.target || o.reg_out || o.revert_out))) {
		fputs(plan_usage, stderr);
		return EXIT_USAGE;
	}
	if (!(topo = load_topology(&o)) || (o.target && !(target = open_target(o.target, &o.auth, &o.target_cred, false))))
		goto out;
	if (cadcom_plan_compute(topo, target, &plan) ||
	    (o.reset_flag && cadcom_plan_reset_setup_flag(plan, topo, target))) {
		cli_error("plan");
		goto out;
	}
	if ((o.reg_out || o.revert_out) && write_regfiles(plan, &o))
		goto out;
	if (print_plan(plan, o.json, audit))
		goto out;
	status = cadcom_plan_worst(plan) >= CADCOM_SEVERITY_WARNING ? EXIT_REJECTED : EXIT_OK;
out:
	cadcom_plan_free(plan);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
	close_discovery(&o);
	return status;
}
