/*
 * Records the winreg scenario (tests/rpc_scenario.h) against the lab: every
 * byte we write to the pipe goes to DIR/winreg.out, every byte we read to
 * DIR/winreg.in.  tests/test_rpc.c replays them.  How to run it (once,
 * when the scenario changes; tests/data/rpc/README.md):
 *
 *   tests/lab/lab.sh start
 *   tests/lab/lab.sh exec _build/default/tests/gen/rpc_capture tests/data/rpc
 *   tests/lab/lab.sh stop
 */
#include <stdio.h>
#include <stdlib.h>
#include "../rpc_scenario.h"
#include "cadcom/remote.h"
#include "../lab/lab.h"

static FILE *streams[2];

static void tap(void *arg, bool out, const unsigned char *p, size_t n)
{
	(void)arg;
	fwrite(p, 1, n, streams[out]);
}

int main(int argc, char **argv)
{
	cadcom_credentials *cred = NULL;
	struct rpc_session *s = NULL;
	struct rpc_conn *c = NULL;
	struct scenario sc;
	char path[4096];
	int failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: rpc_capture DIR\n");
		return 2;
	}
	for (int out = 0; out < 2; out++) {
		snprintf(path, sizeof(path), "%s/winreg.%s", argv[1], out ? "out" : "in");
		if (!(streams[out] = fopen(path, "wb"))) {
			perror(path);
			return 2;
		}
	}
	if (cadcom_credentials_new_password(&cred, lab_env("CADCOM_LAB_DOMAIN"), lab_env("CADCOM_LAB_ADMIN"),
					    lab_env("CADCOM_LAB_ADMIN_PASSWORD")) ||
	    rpc_session_open(&s, lab_env("CADCOM_LAB_HOST"), cred, NULL)) {
		fprintf(stderr, "rpc_capture: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	rpc_session_tap(s, tap, NULL);
	if (rpc_session_pipe(s, &rpc_winreg, &c)) {
		fprintf(stderr, "rpc_capture: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	scenario_run(c, false, &sc);
	for (int i = 0; i < S_STEPS; i++)
		printf("step %2d: %d %s\n", i, sc.rc[i], sc.msg[i]);
	printf("big value: %llu fragments out, %llu back in\n",
	       (unsigned long long)sc.frags_big_set.frags_sent,
	       (unsigned long long)sc.frags_big_query.frags_received);
	failed = sc.rc[S_QUERY_MISSING] != CADCOM_ENOTFOUND || sc.rc[S_FAULT] != CADCOM_ERPCFAULT ||
		 sc.rc[S_ENUM_KEY1] != CADCOM_ENOTFOUND;
	scenario_free(&sc);
	rpc_session_free(s);
	cadcom_credentials_free(cred);
	fclose(streams[0]);
	fclose(streams[1]);
	return failed;
}
