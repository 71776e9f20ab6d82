/* cadcom(1) — shared declarations of the command-line tool. */
#ifndef CADCOM_CLI_H
#define CADCOM_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <cadcom/cadcom.h>

/* Exit codes (DESIGN.md): 0 ok; 1 some input rejected / findings; 2 usage
 * or runtime error. */
enum { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2 };

int cmd_sddl(int argc, char **argv);
int cmd_plan(int argc, char **argv); /* plan and audit */
int cmd_why(int argc, char **argv);  /* why and diagnose */
int cmd_reg(int argc, char **argv);
int cmd_service(int argc, char **argv); /* cmd_host.c */
int cmd_group(int argc, char **argv);   /* cmd_host.c */
int cmd_ad(int argc, char **argv);
int cmd_apply(int argc, char **argv); /* apply and rollback */

/* cmd_host.c: list a group, or add or remove a member and read it back
 * (verb "list", "add-member", "remove-member"), on any directory. */
int group_run(cadcom_directory *dir, const char *verb, const char *group, const char *member,
	      bool json);

/* cmd_reg.c: copy the values of `key` (and, recursively, of its subkeys) into `f`. */
int export_key(cadcom_registry *reg, const char *key, bool recursive, cadcom_regfile *f);

/* auth.c: the options of remote targets (-U, -A, -k, --keytab, --encrypt,
 * --timeout, --ldap-transport, --ca-file). */
struct auth_opts {
	const char *user, *authfile, *keytab, *encrypt, *timeout, *ldap_transport, *ca_file;
	bool kerberos;
};
/* 1 when argv[*i] was an authentication option (and its value consumed),
 * 0 when it is something else, -1 on a usage error (printed). */
int auth_option(int argc, char **argv, int *i, struct auth_opts *a);
cadcom_credentials *auth_credentials(const struct auth_opts *a);
/* The remote target `host`; *cred must be freed after the target. */
cadcom_target *auth_open_remote(const char *host, const struct auth_opts *a,
				cadcom_credentials **cred);
/* An AD session with the domain controller `host`; the same rule for *cred. */
cadcom_ad *auth_open_ad(const char *host, const struct auth_opts *a, cadcom_credentials **cred);

/* cmd_plan.c: what the CA commands share. */
struct plan_opts {
	const char *topology_file, *target, *reg_out, *revert_out;
	const char *role, *generation, *domain, *group_sid, *host, *machine_sid, *ca_name;
	const char *enroll[32];
	size_t n_enroll;
	bool dcs_enroll, json;
	const char *enrollee, *groups; /* why */
	bool local;                    /* why: enrolling on the CA itself */
	const char *template_name;     /* why: the certificate template (AD) */
	bool autoenroll;
	/* --discover HOST through --dc DC (default HOST) with `auth`; the
	 * session stays open in `ad` (close_discovery()). */
	const char *discover, *dc;
	/* apply, rollback */
	const char *plan_file, *backup;
	bool dry_run, reset_flag, restart, registry_only;
	struct auth_opts auth;
	cadcom_ad *ad;
	cadcom_credentials *cred, *target_cred;
};
int ca_options(int argc, char **argv, struct plan_opts *o, const char *usage);
char *slurp(const char *path, size_t *len); /* the whole file, NUL-terminated */
cadcom_topology *load_topology(struct plan_opts *o);
void close_discovery(struct plan_opts *o);
cadcom_target *load_target(const char *spec);
/* A target of any kind: HOST (remote, with `a`; free *cred after the
 * target), or as load_target(); hives writable when `write`. */
cadcom_target *open_target(const char *spec, const struct auth_opts *a, cadcom_credentials **cred,
			   bool write);
/* Write a file through a temporary and a rename (in place for devices). */
int write_file(const char *path, const unsigned char *data, size_t len);

/* hex.c: lower-case hex of a buffer (malloc'd), and the reverse, accepting
 * plain hex and the .reg "hex:xx,xx,..." form; on error `err` says where. */
char *hex_encode(const unsigned char *buf, size_t len);
int hex_decode(const char *s, unsigned char **out, size_t *len, char *err, size_t errsz);

/* sddl_explain.c: describe a descriptor for people, or as a JSON object. */
int explain_text(const cadcom_sd *sd, const cadcom_sid *domain, int windows, int com_kind,
		 FILE *out);
int explain_json(const cadcom_sd *sd, const cadcom_sid *domain, int windows, int com_kind,
		 char **out);

/* What a DCOM descriptor controls, for naming COM rights. */
enum { COM_AUTO, COM_LAUNCH, COM_ACCESS };

/* Print "cadcom: <msg>: <library error>" to stderr. */
void cli_error(const char *what);
/* Print (and free) the text a *_to_text / *_to_json call made, `rc` being
 * its result: 0, or -1 after cli_error(what). */
int cli_print(int rc, char *text, bool json, const char *what);

#endif
