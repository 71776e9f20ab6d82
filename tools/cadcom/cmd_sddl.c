/*
 * cadcom sddl canon — a line protocol: one SDDL per input line, exactly one
 * output line per input line (the canonical SDDL, or "error: <message>").
 */
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include "cli.h"

static const char sddl_usage[] =
	"usage: cadcom sddl canon [--domain-sid SID] [--windows VER]\n"
	"\n"
	"Reads SDDL from standard input, one descriptor per line, and writes one\n"
	"line per input line: Windows' canonical SDDL, or \"error: <message>\".\n"
	"\n"
	"  --domain-sid SID  resolve and print domain-relative aliases (DU, DA...)\n"
	"  --windows VER     write only SID aliases VER knows: 2003, 2008, 2008r2,\n"
	"                    2012, 2012r2, 2016, 2019, 2022, 2025, latest (default)\n"
	"\n"
	"Exit status: 0 all lines accepted, 1 some line rejected, 2 usage error.\n";

struct sddl_opts {
	cadcom_sid *domain;
	int windows;
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
		if (fn(buf, o, &out) == 0) {
			printf("%s\n", out);
			cadcom_free(out);
		} else {
			printf("error: %s\n", cadcom_error_message(cadcom_error_last()));
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
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sddl_opts o = { NULL, CADCOM_WINDOWS_LATEST };
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
