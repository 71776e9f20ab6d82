/*
 * Records the svcctl scenario (tests/svcctl_scenario.h) against the lab:
 * every byte we write to the pipe goes to DIR/svcctl.out, every byte we
 * read to DIR/svcctl.in.  tests/test_svcctl.c replays them.  How to run it
 * (once, when the scenario changes; tests/data/rpc/README.md):
 *
 *   tests/lab/lab.sh start
 *   tests/lab/lab.sh exec /tmp/capture_svcctl tests/data/rpc
 *
 * The scenario stops and starts the lab's Spooler; should it fail half
 * way, Spooler is started again, unrecorded, on the same connection: Samba
 * keeps Spooler's state per rpcd worker, and another connection may reach
 * another worker.
 */
#include <stdio.h>
#include <stdlib.h>
#include "../svcctl_scenario.h"
#include "cadcom/remote.h"
#include "../lab/lab.h"

static FILE *streams[2];
static bool recording = true;

static void tap(void *arg, bool out, const unsigned char *p, size_t n)
{
	(void)arg;
	if (recording)
		fwrite(p, 1, n, streams[out]);
}

static int fail(void)
{
	fprintf(stderr, "capture_svcctl: %s\n", cadcom_error_message(cadcom_error_last()));
	return 1;
}

/* Spooler running again, whatever the scenario left: 0 if it is. */
static int restore(struct rpc_conn *c)
{
	struct rpc_handle scm, svc;
	struct svc_status st;

	if (svcctl_open_scm(c, SVC_SC_MANAGER_CONNECT, &scm) ||
	    svcctl_open_service(c, &scm, "Spooler", SVC_QUERY_STATUS | SVC_START, &svc) ||
	    svcctl_query_status(c, &svc, &st))
		return fail();
	if (st.state != SVC_RUNNING) {
		if (svcctl_start(c, &svc))
			return fail();
		printf("Spooler was left in state %u: started again\n", st.state);
	}
	svcctl_close(c, &svc);
	svcctl_close(c, &scm);
	return 0;
}

int main(int argc, char **argv)
{
	cadcom_credentials *cred = NULL;
	struct rpc_session *s = NULL;
	struct rpc_conn *c = NULL;
	struct scenario sc;
	char path[4096];
	int failed;

	if (argc != 2) {
		fprintf(stderr, "usage: capture_svcctl DIR\n");
		return 2;
	}
	for (int out = 0; out < 2; out++) {
		snprintf(path, sizeof(path), "%s/svcctl.%s", argv[1], out ? "out" : "in");
		if (!(streams[out] = fopen(path, "wb"))) {
			perror(path);
			return 2;
		}
	}
	if (cadcom_credentials_new_password(&cred, lab_env("CADCOM_LAB_DOMAIN"), lab_env("CADCOM_LAB_ADMIN"),
					    lab_env("CADCOM_LAB_ADMIN_PASSWORD")) ||
	    rpc_session_open(&s, lab_env("CADCOM_LAB_HOST"), cred, NULL))
		return fail();
	rpc_session_tap(s, tap, NULL);
	if (rpc_session_pipe(s, &rpc_svcctl, &c))
		return fail();
	scenario_run(c, false, NULL, &sc);
	for (int i = 0; i < S_STEPS; i++)
		printf("step %2d: %d %s\n", i, sc.rc[i], sc.msg[i]);
	printf("states: running %u, stop %u, stopped %u, stop again %u, started %u\n",
	       sc.running.state, sc.stop.state, sc.stopped.state, sc.stop_again.state,
	       sc.started.state);
	failed = sc.rc[S_OPEN_SPOOLER] || sc.running.state != SVC_RUNNING || sc.rc[S_STOP] ||
		 sc.rc[S_WAIT_STOPPED] || sc.rc[S_START] || sc.rc[S_WAIT_RUNNING] ||
		 sc.rc[S_START_AGAIN] != CADCOM_ESTATE || sc.rc[S_OPEN_CERTSVC] != CADCOM_ENOTFOUND ||
		 sc.rc[S_FAULT] != CADCOM_ERPCFAULT || sc.rc[S_CLOSE_SPOOLER] || sc.rc[S_CLOSE_SCM];
	recording = false;
	failed |= restore(c) != 0;
	rpc_session_free(s);
	cadcom_credentials_free(cred);
	fclose(streams[0]);
	fclose(streams[1]);
	return failed;
}
