/*
 * cadcom reg get|set|export — the registry of one target, value by value.
 * TARGET is HOST (winreg over SMB, with the authentication options) or an
 * offline reg:FILE / json:FILE for get and export.  A set is read back and
 * compared byte for byte before it counts as done.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

static const char usage[] =
	"usage: cadcom reg get    TARGET KEY NAME [--json]\n"
	"       cadcom reg set    HOST KEY NAME TYPE DATA\n"
	"       cadcom reg export TARGET KEY... [-o FILE] [--recursive]\n"
	"\n"
	"TARGET  HOST | reg:FILE.reg | json:SNAPSHOT.json | hive:SOFTWARE[,SYSTEM]\n"
	"TYPE    REG_BINARY (DATA in hex: plain or .reg hex:xx,xx), REG_DWORD (a number),\n"
	"        REG_SZ / REG_EXPAND_SZ (text), SDDL (DATA is SDDL, stored as REG_BINARY;\n"
	"        --domain-sid SID for domain aliases)\n"
	"NAME    \"\" (or @) for the key's default value; after --, arguments may start with -\n"
	"\n"
	"Authentication (HOST):\n"
	"  -U [DOMAIN\\]USER[%PASS]  NTLM, or Kerberos with -k; the password comes from\n"
	"                          CADCOM_PASSWORD or a prompt when not given\n"
	"  -A FILE                 Samba authentication file (username/password/domain)\n"
	"  -k                      Kerberos: the ticket cache (KRB5CCNAME), or with -U a\n"
	"                          password or --keytab FILE\n"
	"  --encrypt off|request|require   SMB3 encryption (signing is always required)\n"
	"  --timeout SECONDS       per SMB exchange (default 20)\n";

static const struct {
	int type;
	const char *name;
} types[] = {
	{ CADCOM_REG_NONE, "REG_NONE" },	 { CADCOM_REG_SZ, "REG_SZ" },
	{ CADCOM_REG_EXPAND_SZ, "REG_EXPAND_SZ" }, { CADCOM_REG_BINARY, "REG_BINARY" },
	{ CADCOM_REG_DWORD, "REG_DWORD" },	 { CADCOM_REG_MULTI_SZ, "REG_MULTI_SZ" },
	{ CADCOM_REG_QWORD, "REG_QWORD" },
};

static const char *type_name(int type)
{
	static char buf[32];

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].type == type)
			return types[i].name;
	snprintf(buf, sizeof(buf), "type %d", type);
	return buf;
}

struct reg_cmd {
	struct auth_opts auth;
	const char *args[64];
	size_t nargs;
	const char *out, *domain_sid;
	bool json, recursive;
	cadcom_credentials *cred;
};

static const char *value_name(const char *arg)
{
	return strcmp(arg, "@") ? arg : "";
}

/* The value in words: text, a number, or hex with the SDDL it holds. */
static int show(const char *key, const char *name, int type, const unsigned char *data,
		size_t len, bool json)
{
	char *hex = hex_encode(data, len), *text = NULL, *sddl = NULL, *dump = NULL;
	cadcom_sd *sd = NULL;
	json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "key", key, "name", name, "type", type_name(type),
			      "hex", hex ? hex : "");
	int rc = hex && o ? 0 : -1;

	if (!rc && (type == CADCOM_REG_SZ || type == CADCOM_REG_EXPAND_SZ) &&
	    !cadcom_reg_sz_decode(data, len, &text))
		json_object_set_new(o, "string", json_string(text));
	if (!rc && type == CADCOM_REG_DWORD && len == 4)
		json_object_set_new(o, "dword", json_integer(data[0] | data[1] << 8 | data[2] << 16 |
							     (json_int_t)data[3] << 24));
	if (!rc && type == CADCOM_REG_BINARY && !cadcom_sd_from_bytes(&sd, data, len) &&
	    !cadcom_sd_to_sddl(sd, NULL, CADCOM_WINDOWS_LATEST, &sddl))
		json_object_set_new(o, "sddl", json_string(sddl));
	if (!rc && json) {
		rc = (dump = json_dumps(o, JSON_INDENT(2))) ? 0 : -1;
		if (!rc)
			puts(dump);
	} else if (!rc) {
		json_t *v;

		printf("%s\\%s  %s  %s\n", key, *name ? name : "@", type_name(type), hex);
		if ((v = json_object_get(o, "string")) || (v = json_object_get(o, "sddl")))
			printf("  %s\n", json_string_value(v));
		if ((v = json_object_get(o, "dword")))
			printf("  %lld (0x%llx)\n", (long long)json_integer_value(v),
			       (long long)json_integer_value(v));
	}
	free(dump);
	cadcom_free(text);
	cadcom_free(sddl);
	cadcom_sd_free(sd);
	json_decref(o);
	free(hex);
	return rc;
}

static int reg_get(struct reg_cmd *c, cadcom_target *t)
{
	unsigned char *data = NULL;
	size_t len;
	int type, status = EXIT_USAGE;

	if (c->nargs != 3) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (cadcom_registry_get(cadcom_target_registry(t), c->args[1], value_name(c->args[2]), &type,
				&data, &len))
		cli_error("reg get");
	else if (!show(c->args[1], value_name(c->args[2]), type, data, len, c->json))
		status = EXIT_OK;
	cadcom_free(data);
	return status;
}

/* DATA of TYPE as the bytes Windows stores. */
static int encode(struct reg_cmd *c, const char *tname, const char *text, int *type,
		  unsigned char **out, size_t *len)
{
	char err[256];

	if (!strcmp(tname, "SDDL")) {
		cadcom_sid *dom = NULL;
		cadcom_sd *sd = NULL;
		int rc = -1;

		*type = CADCOM_REG_BINARY;
		if (c->domain_sid && cadcom_sid_from_string(&dom, c->domain_sid, NULL))
			cli_error("--domain-sid");
		else if (cadcom_sd_from_sddl(&sd, text, dom) || cadcom_sd_to_bytes(sd, out, len))
			cli_error("SDDL");
		else
			rc = 0;
		cadcom_sd_free(sd);
		cadcom_sid_free(dom);
		return rc;
	}
	if (!strcmp(tname, "REG_BINARY")) {
		unsigned char *bytes;

		*type = CADCOM_REG_BINARY;
		if (hex_decode(text, &bytes, len, err, sizeof(err))) {
			fprintf(stderr, "cadcom: DATA: %s\n", err);
			return -1;
		}
		*out = bytes;
		return 0;
	}
	if (!strcmp(tname, "REG_DWORD")) {
		char *end;
		unsigned long long v;

		errno = 0;
		v = strtoull(text, &end, 0);
		if (errno || *end || !*text || text[0] == '-' || v > 0xffffffffULL) {
			fprintf(stderr, "cadcom: DATA: \"%s\" is not a 32-bit number\n", text);
			return -1;
		}
		*type = CADCOM_REG_DWORD;
		if (!(*out = malloc(4))) {
			perror("cadcom");
			return -1;
		}
		for (int i = 0; i < 4; i++)
			(*out)[i] = (unsigned char)(v >> (8 * i));
		*len = 4;
		return 0;
	}
	if (!strcmp(tname, "REG_SZ") || !strcmp(tname, "REG_EXPAND_SZ")) {
		*type = tname[4] == 'S' ? CADCOM_REG_SZ : CADCOM_REG_EXPAND_SZ;
		if (cadcom_reg_sz_encode(text, out, len)) {
			cli_error("DATA");
			return -1;
		}
		return 0;
	}
	fprintf(stderr, "cadcom: TYPE \"%s\": one of REG_BINARY, REG_DWORD, REG_SZ, REG_EXPAND_SZ, "
			"SDDL\n", tname);
	return -1;
}

static int reg_set(struct reg_cmd *c, cadcom_target *t)
{
	cadcom_registry *reg = cadcom_target_registry(t);
	unsigned char *data = NULL, *back = NULL;
	const char *name;
	size_t len = 0, back_len = 0;
	int type, back_type, status = EXIT_USAGE;

	if (c->nargs != 5) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	name = value_name(c->args[2]);
	if (encode(c, c->args[3], c->args[4], &type, &data, &len))
		goto out;
	if (cadcom_registry_set(reg, c->args[1], name, type, data, len) ||
	    cadcom_registry_get(reg, c->args[1], name, &back_type, &back, &back_len)) {
		cli_error("reg set");
		goto out;
	}
	if (back_type != type || back_len != len || memcmp(back, data, len)) {
		fprintf(stderr, "cadcom: reg set: %s\\%s reads back different from what was written\n",
			c->args[1], c->args[2]);
		goto out;
	}
	printf("%s\\%s set (%s, %zu bytes), read back identical\n", c->args[1],
	       *name ? name : "@", type_name(type), len);
	status = EXIT_OK;
out:
	free(data);
	cadcom_free(back);
	return status;
}

/* Copy the values of `key` (and, recursively, of its subkeys) into `f`. */
int export_key(cadcom_registry *reg, const char *key, bool recursive, cadcom_regfile *f)
{
	char *name, *sub;
	int rc;

	if ((rc = cadcom_regfile_create_key(f, key)))
		return rc;
	for (size_t i = 0; !(rc = cadcom_registry_value_name(reg, key, i, &name)); i++) {
		unsigned char *data;
		size_t len;
		int type;

		rc = cadcom_registry_get(reg, key, name, &type, &data, &len);
		if (!rc)
			rc = cadcom_regfile_set_value(f, key, name, type, data, len);
		cadcom_free(data);
		cadcom_free(name);
		if (rc)
			return rc;
	}
	if (rc != CADCOM_ENOTFOUND)
		return rc;
	for (size_t i = 0; recursive && !(rc = cadcom_registry_subkey(reg, key, i, &sub)); i++) {
		size_t n = strlen(key) + strlen(sub) + 2;
		char *path = malloc(n);

		if (!path) {
			cadcom_free(sub);
			return CADCOM_ENOMEM;
		}
		snprintf(path, n, "%s\\%s", key, sub);
		cadcom_free(sub);
		rc = export_key(reg, path, recursive, f);
		free(path);
		if (rc)
			return rc;
	}
	return recursive && rc != CADCOM_ENOTFOUND ? rc : 0;
}

static int reg_export(struct reg_cmd *c, cadcom_target *t)
{
	cadcom_regfile *f = NULL;
	unsigned char *bytes = NULL;
	char *text = NULL;
	size_t len;
	int status = EXIT_USAGE;

	if (c->nargs < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (cadcom_regfile_new(&f))
		goto fail;
	for (size_t i = 1; i < c->nargs; i++)
		if (export_key(cadcom_target_registry(t), c->args[i], c->recursive, f))
			goto fail;
	if (c->out) {
		if (cadcom_regfile_to_bytes(f, &bytes, &len))
			goto fail;
		if (!write_file(c->out, bytes, len))
			status = EXIT_OK;
	} else {
		if (cadcom_regfile_to_text(f, &text))
			goto fail;
		fputs(text, stdout);
		status = EXIT_OK;
	}
	goto out;
fail:
	cli_error("reg export");
out:
	cadcom_free(bytes);
	cadcom_free(text);
	cadcom_regfile_free(f);
	return status;
}

int cmd_reg(int argc, char **argv)
{
	struct reg_cmd c = { 0 };
	cadcom_target *t = NULL;
	const char *sub;
	int status = EXIT_USAGE, r;

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	sub = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--")) { /* the rest are arguments, even "-1" */
			while (++i < argc && c.nargs < sizeof(c.args) / sizeof(c.args[0]))
				c.args[c.nargs++] = argv[i];
			break;
		}
		if ((r = auth_option(argc, argv, &i, &c.auth)) < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (!strcmp(a, "--json"))
			c.json = true;
		else if (!strcmp(a, "--recursive"))
			c.recursive = true;
		else if ((!strcmp(a, "-o") || !strcmp(a, "--domain-sid")) && i + 1 < argc)
			*(a[1] == 'o' ? &c.out : &c.domain_sid) = argv[++i];
		else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "cadcom: reg: unknown option %s\n\n%s", a, usage);
			return EXIT_USAGE;
		} else if (c.nargs < sizeof(c.args) / sizeof(c.args[0]))
			c.args[c.nargs++] = a;
	}
	if (strcmp(sub, "get") && strcmp(sub, "set") && strcmp(sub, "export")) {
		fprintf(stderr, "cadcom: reg: unknown command \"%s\"\n\n%s", sub, usage);
		return EXIT_USAGE;
	}
	if (c.nargs < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(sub, "set") && (!strncmp(c.args[0], "reg:", 4) || !strncmp(c.args[0], "json:", 5) ||
				    !strncmp(c.args[0], "hive:", 5))) {
		fprintf(stderr, "cadcom: reg set writes to a HOST; for files use cadcom plan --reg-out\n");
		return EXIT_USAGE;
	}
	if ((t = open_target(c.args[0], &c.auth, &c.cred, false))) {
		if (!strcmp(sub, "get"))
			status = reg_get(&c, t);
		else if (!strcmp(sub, "set"))
			status = reg_set(&c, t);
		else
			status = reg_export(&c, t);
	}
	cadcom_target_free(t);
	cadcom_credentials_free(c.cred);
	return status;
}
