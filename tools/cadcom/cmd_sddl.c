/*
 * cadcom sddl canon|to-hex|from-hex|explain — a line protocol: one
 * descriptor per input line, exactly one output line per input line (or, for
 * explain without --json, one block), "error: <message>" for bad input.
 */
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include "cli.h"

static const char sddl_usage[] =
	"usage: cadcom sddl canon    [--domain-sid SID] [--windows VER]\n"
	"       cadcom sddl to-hex   [--domain-sid SID]\n"
	"       cadcom sddl from-hex [--domain-sid SID] [--windows VER]\n"
	"       cadcom sddl explain  [--domain-sid SID] [--windows VER] [--json]\n"
	"                            [--com launch|access]\n"
	"\n"
	"Each reads standard input, one descriptor per line, and writes one line\n"
	"per input line (explain: one block per line; with --json one JSON object\n"
	"per line), or \"error: <message>\" for a line it cannot read.\n"
	"\n"
	"  canon     SDDL in, Windows' canonical SDDL out\n"
	"  to-hex    SDDL in, the self-relative binary descriptor in hex out\n"
	"  from-hex  hex in (plain, or a .reg value: hex:01,00,04,80,...), SDDL out\n"
	"  explain   SDDL in, owner, group and every ACE in words\n"
	"\n"
	"  --domain-sid SID  resolve and print domain-relative aliases (DU, DA...)\n"
	"  --windows VER     write only SID aliases VER knows: 2003, 2008, 2008r2,\n"
	"                    2012, 2012r2, 2016, 2019, 2022, 2025, latest (default)\n"
	"  --json            explain: one JSON object per input line\n"
	"  --com KIND        explain: name COM rights for a launch or an access\n"
	"                    descriptor (default: launch if activation rights appear)\n"
	"\n"
	"Exit status: 0 all lines accepted, 1 some line rejected, 2 usage error.\n";

struct sddl_opts {
	cadcom_sid *domain;
	int windows;
	bool json;
	int com;
};

/* Read one line without its LF or CRLF terminator.  Returns NULL at EOF. */
static char *read_line(FILE *in, char **buf, size_t *cap, size_t *len)
{
	ssize_t n = getline(buf, cap, in);

	if (n < 0)
		return NULL;
	if (n > 0 && (*buf)[n - 1] == '\n')
		(*buf)[--n] = '\0';
	if (n > 0 && (*buf)[n - 1] == '\r')
		(*buf)[--n] = '\0';
	*len = (size_t)n;
	return *buf;
}

typedef int (*line_fn)(const char *line, const struct sddl_opts *o, char **out);

static int canon_line(const char *line, const struct sddl_opts *o, char **out)
{
	cadcom_sd *sd;
	int rc = cadcom_sd_from_sddl(&sd, line, o->domain);

	if (rc)
		return rc;
	rc = cadcom_sd_to_sddl(sd, o->domain, o->windows, out);
	cadcom_sd_free(sd);
	return rc;
}

static int to_hex_line(const char *line, const struct sddl_opts *o, char **out)
{
	cadcom_sd *sd;
	unsigned char *bytes;
	size_t len;
	int rc = cadcom_sd_from_sddl(&sd, line, o->domain);

	if (rc)
		return rc;
	rc = cadcom_sd_to_bytes(sd, &bytes, &len);
	cadcom_sd_free(sd);
	if (rc)
		return rc;
	*out = hex_encode(bytes, len);
	cadcom_free(bytes);
	return *out ? 0 : CADCOM_ENOMEM;
}

static const char *line_error;
static char hex_error[200];

static int from_hex_line(const char *line, const struct sddl_opts *o, char **out)
{
	cadcom_sd *sd;
	unsigned char *bytes;
	size_t len;
	int rc;

	if (hex_decode(line, &bytes, &len, hex_error, sizeof(hex_error)) != 0) {
		line_error = hex_error;
		return CADCOM_EPARSE;
	}
	rc = cadcom_sd_from_bytes(&sd, bytes, len);
	free(bytes);
	if (rc)
		return rc;
	rc = cadcom_sd_to_sddl(sd, o->domain, o->windows, out);
	cadcom_sd_free(sd);
	return rc;
}

static int explain_line(const char *line, const struct sddl_opts *o, char **out)
{
	cadcom_sd *sd;
	int rc = cadcom_sd_from_sddl(&sd, line, o->domain);

	if (rc)
		return rc;
	if (o->json) {
		rc = explain_json(sd, o->domain, o->windows, o->com, out) == 0 ? 0 : CADCOM_ENOMEM;
	} else {
		char *text = NULL;
		size_t size = 0;
		FILE *f = open_memstream(&text, &size);
		rc = (f && explain_text(sd, o->domain, o->windows, o->com, f) == 0) ? 0 : CADCOM_ENOMEM;
		if (f)
			fclose(f);
		if (rc == 0 && size && text[size - 1] == '\n')
			text[size - 1] = '\0'; /* run_lines adds the newline */
		if (rc)
			free(text);
		else
			*out = text;
	}
	cadcom_sd_free(sd);
	return rc;
}

static int run_lines(line_fn fn, const struct sddl_opts *o)
{
	char *buf = NULL, *out;
	size_t cap = 0, len;
	int status = EXIT_OK;

	while (read_line(stdin, &buf, &cap, &len)) {
		if (strlen(buf) != len) {
			printf("error: input line contains a NUL byte at offset %zu\n", strlen(buf));
			status = EXIT_REJECTED;
			continue;
		}
		line_error = NULL;
		if (fn(buf, o, &out) == 0) {
			printf("%s\n", out);
			free(out);
		} else {
			printf("error: %s\n", line_error ? line_error
							  : cadcom_error_message(cadcom_error_last()));
			status = EXIT_REJECTED;
		}
	}
	free(buf);
	if (fflush(stdout) != 0 || ferror(stdout) || ferror(stdin)) {
		fprintf(stderr, "cadcom: sddl: I/O error\n");
		return EXIT_USAGE;
	}
	return status;
}

int cmd_sddl(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "domain-sid", required_argument, NULL, 'd' },
		{ "windows", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ "com", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sddl_opts o = { NULL, CADCOM_WINDOWS_LATEST, false, COM_AUTO };
	const char *sub;
	line_fn fn = NULL;
	int c, status;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		fputs(sddl_usage, stdout);
		return EXIT_OK;
	}
	if (argc < 2) {
		fputs(sddl_usage, stderr);
		return EXIT_USAGE;
	}
	sub = argv[1];
	if (strcmp(sub, "canon") == 0)
		fn = canon_line;
	else if (strcmp(sub, "to-hex") == 0)
		fn = to_hex_line;
	else if (strcmp(sub, "from-hex") == 0)
		fn = from_hex_line;
	else if (strcmp(sub, "explain") == 0)
		fn = explain_line;
	if (!fn) {
		fprintf(stderr, "cadcom: sddl: unknown subcommand \"%s\"\n\n%s", sub, sddl_usage);
		return EXIT_USAGE;
	}
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			cadcom_sid_free(o.domain);
			o.domain = NULL;
			if (cadcom_sid_from_string(&o.domain, optarg, NULL)) {
				cli_error("--domain-sid");
				return EXIT_USAGE;
			}
			break;
		case 'w':
			o.windows = cadcom_windows_from_string(optarg);
			if (o.windows < 0) {
				cli_error("--windows");
				cadcom_sid_free(o.domain);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			o.json = true;
			break;
		case 'c':
			if (strcmp(optarg, "launch") == 0) {
				o.com = COM_LAUNCH;
			} else if (strcmp(optarg, "access") == 0) {
				o.com = COM_ACCESS;
			} else {
				fprintf(stderr, "cadcom: sddl: --com takes launch or access\n");
				cadcom_sid_free(o.domain);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(sddl_usage, stdout);
			cadcom_sid_free(o.domain);
			return EXIT_OK;
		default:
			fputs(sddl_usage, stderr);
			cadcom_sid_free(o.domain);
			return EXIT_USAGE;
		}
	}
	if ((o.json || o.com != COM_AUTO) && fn != explain_line) {
		fprintf(stderr, "cadcom: sddl %s: --json and --com go with explain\n", sub);
		cadcom_sid_free(o.domain);
		return EXIT_USAGE;
	}
	if (optind < argc - 1) {
		fprintf(stderr, "cadcom: sddl %s: unexpected argument \"%s\"\n", sub,
			argv[optind + 1]);
		cadcom_sid_free(o.domain);
		return EXIT_USAGE;
	}
	status = run_lines(fn, &o);
	cadcom_sid_free(o.domain);
	return status;
}
