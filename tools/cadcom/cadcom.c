/*
 * cadcom — the command-line front of libcadcom.  Each command lives in its
 * own cmd_*.c; this file only dispatches.
 */
#include <string.h>
#include "cli.h"

static const char usage[] =
	"usage: cadcom COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  sddl canon     canonicalise SDDL read from standard input, one per line\n"
	"  sddl to-hex    SDDL to the self-relative binary form, in hex\n"
	"  sddl from-hex  hex (plain or .reg hex:) to SDDL\n"
	"  sddl explain   owner, group and every ACE in words (--json)\n"
	"  plan           what a CA needs and the changes that get it there\n"
	"  audit          what is wrong with a CA's DCOM security (--target)\n"
	"  why            every layer an enrollee crosses, and which one denies it\n"
	"  diagnose       explain AutoEnrollment event 13 / the snap-in's message\n"
	"  reg            get, set or export registry values of a host (winreg) or file\n"
	"  service        status, start, stop or restart a service of a host (svcctl)\n"
	"  group          list a local group of a host, add or remove members (samr)\n"
	"  ad             Active Directory: the CA's group, enterprise CAs, discovery\n"
	"  apply          fix a CA: backup, journal, verified steps, revert on failure\n"
	"  rollback       undo an apply from its backup directory's journal\n"
	"\n"
	"options:\n"
	"  --help         this text (also after a command: cadcom sddl --help)\n"
	"  --version      library and tool version\n"
	"\n"
	"Exit status: 0 ok, 1 some input rejected or findings, 2 usage or runtime error.\n"
	"See cadcom(1).\n";

void cli_error(const char *what)
{
	const cadcom_error *e = cadcom_error_last();

	fprintf(stderr, "cadcom: %s: %s\n", what, cadcom_error_message(e));
}

int cli_print(int rc, char *text, bool json, const char *what)
{
	if (rc) {
		cli_error(what);
		return -1;
	}
	fputs(text, stdout);
	if (json)
		putchar('\n');
	cadcom_free(text);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs(usage, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("cadcom %s (libcadcom %s)\n", CADCOM_VERSION_STRING, cadcom_version());
		return EXIT_OK;
	}
	if (strcmp(argv[1], "sddl") == 0)
		return cmd_sddl(argc - 1, argv + 1);
	if (strcmp(argv[1], "plan") == 0 || strcmp(argv[1], "audit") == 0)
		return cmd_plan(argc - 1, argv + 1);
	if (strcmp(argv[1], "why") == 0 || strcmp(argv[1], "diagnose") == 0)
		return cmd_why(argc - 1, argv + 1);
	if (strcmp(argv[1], "reg") == 0)
		return cmd_reg(argc - 1, argv + 1);
	if (strcmp(argv[1], "service") == 0)
		return cmd_service(argc - 1, argv + 1);
	if (strcmp(argv[1], "group") == 0)
		return cmd_group(argc - 1, argv + 1);
	if (strcmp(argv[1], "ad") == 0)
		return cmd_ad(argc - 1, argv + 1);
	if (strcmp(argv[1], "apply") == 0 || strcmp(argv[1], "rollback") == 0)
		return cmd_apply(argc - 1, argv + 1);
	fprintf(stderr, "cadcom: unknown command \"%s\"\n\n%s", argv[1], usage);
	return EXIT_USAGE;
}
