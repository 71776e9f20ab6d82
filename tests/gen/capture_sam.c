/*
 * Records the samr and lsarpc scenarios (tests/sam_scenario.h) against the
 * lab, one SMB session per pipe: every byte we write to the pipe goes to
 * DIR/<pipe>.out, every byte we read to DIR/<pipe>.in.  tests/test_sam.c
 * replays them.  How to run it (once, when a scenario changes;
 * tests/data/rpc/README.md):
 *
 *   tests/lab/lab.sh start
 *   tests/lab/lab.sh exec _build/default/tests/gen/capture_sam tests/data/rpc
 *
 * It creates the alias "cadcom-capture" in the DC's account domain and
 * deletes it again (one left by an interrupted run is deleted first).
 */
#include <stdio.h>
#include <stdlib.h>
#include "../sam_scenario.h"
#include "cadcom/remote.h"
#include "../lab/lab.h"

static FILE *streams[2];

static void tap(void *arg, bool out, const unsigned char *p, size_t n)
{
	(void)arg;
	fwrite(p, 1, n, streams[out]);
}

/* A session with its `iface` pipe bound, tapped into DIR/<pipe>.{out,in}. */
static int open_pipe(const char *dir, const cadcom_credentials *cred,
		     const struct rpc_iface *iface, struct rpc_session **s, struct rpc_conn **c)
{
	char path[4096];

	for (int out = 0; out < 2; out++) {
		snprintf(path, sizeof(path), "%s/%s.%s", dir, iface->pipe, out ? "out" : "in");
		if (!(streams[out] = fopen(path, "wb"))) {
			perror(path);
			exit(2);
		}
	}
	if (rpc_session_open(s, lab_env("CADCOM_LAB_HOST"), cred, NULL))
		return -1;
	rpc_session_tap(*s, tap, NULL);
	return rpc_session_pipe(*s, iface, c);
}

static void close_pipe(struct rpc_session *s)
{
	rpc_session_free(s);
	fclose(streams[0]);
	fclose(streams[1]);
}

static void print_steps(const char *pipe, const int *rc, char (*msg)[512], int n)
{
	for (int i = 0; i < n; i++)
		printf("%s step %2d: %d %s\n", pipe, i, rc[i], msg[i]);
}

int main(int argc, char **argv)
{
	cadcom_credentials *cred = NULL;
	struct rpc_session *s = NULL;
	struct rpc_conn *c = NULL;
	struct samr_scenario sam;
	struct lsa_scenario lsa;
	int failed;

	if (argc != 2) {
		fprintf(stderr, "usage: capture_sam DIR\n");
		return 2;
	}
	if (cadcom_credentials_new_password(&cred, lab_env("CADCOM_LAB_DOMAIN"), lab_env("CADCOM_LAB_ADMIN"),
					    lab_env("CADCOM_LAB_ADMIN_PASSWORD")) ||
	    open_pipe(argv[1], cred, &rpc_samr, &s, &c)) {
		fprintf(stderr, "capture_sam: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	samr_scenario_run(c, false, &sam);
	close_pipe(s);
	print_steps("samr", sam.rc, sam.msg, S_STEPS);
	if (open_pipe(argv[1], cred, &rpc_lsarpc, &s, &c)) {
		fprintf(stderr, "capture_sam: %s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	lsa_scenario_run(c, false, &lsa);
	close_pipe(s);
	print_steps("lsarpc", lsa.rc, lsa.msg, L_STEPS);
	/* The steps that must fail, and the alias gone again. */
	failed = sam.rc[S_DELETE] || sam.rc[S_CREATE] || sam.rc[S_FAULT] != CADCOM_ERPCFAULT ||
		 lsa.rc[L_NAME_MISSING] != CADCOM_ENOTFOUND || lsa.rc[L_FAULT] != CADCOM_ERPCFAULT;
	samr_scenario_free(&sam);
	lsa_scenario_free(&lsa);
	cadcom_credentials_free(cred);
	return failed;
}
