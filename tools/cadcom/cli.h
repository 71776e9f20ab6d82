/* cadcom(1) — shared declarations of the command-line tool. */
#ifndef CADCOM_CLI_H
#define CADCOM_CLI_H

#include <stdio.h>
#include <cadcom/cadcom.h>

/* Exit codes (DESIGN.md): 0 ok; 1 some input rejected / findings; 2 usage
 * or runtime error. */
enum { EXIT_OK = 0, EXIT_REJECTED = 1, EXIT_USAGE = 2 };

int cmd_sddl(int argc, char **argv);

/* Print "cadcom: <msg>: <library error>" to stderr. */
void cli_error(const char *what);

#endif
