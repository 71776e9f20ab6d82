/*
 * One svcctl session, the same call for call in tests/gen/capture_svcctl.c
 * (against the lab, recording every byte) and in tests/test_svcctl.c
 * (replaying the recording: our requests must be the very bytes that got
 * those answers, and the answers decode again).  It stops and starts the
 * lab's Spooler, which Samba flips at once, and leaves it running.
 */
#ifndef CADCOM_TEST_SVCCTL_SCENARIO_H
#define CADCOM_TEST_SVCCTL_SCENARIO_H

#include <stdio.h>
#include <string.h>
#include "../lib/rpc/svcctl.h"

enum { SCENARIO_WAIT_MS = 30000 };

/* Each step's result code. */
enum {
	S_BIND, S_OPEN_SCM, S_OPEN_SPOOLER, S_QUERY_RUNNING, S_STOP, S_WAIT_STOPPED, S_STOP_AGAIN,
	S_START, S_WAIT_RUNNING, S_START_AGAIN, S_OPEN_CERTSVC, S_FAULT, S_CLOSE_SPOOLER,
	S_CLOSE_SCM, S_STEPS
};

struct scenario {
	int rc[S_STEPS];
	char msg[S_STEPS][512]; /* the error message of each failed step */
	/* What QueryServiceStatus, ControlService and the waits gave. */
	struct svc_status running, stopped, stop, stop_again, started;
};

static inline void scenario_step(struct scenario *s, int step, int rc)
{
	s->rc[step] = rc;
	if (rc)
		snprintf(s->msg[step], sizeof(s->msg[step]), "%s",
			 cadcom_error_message(cadcom_error_last()));
}

/* Runs every step even after a failure (each on what it has).  `bind`:
 * whether the pipe still needs its bind (the capture's is bound on open);
 * `clock` for the waits (NULL: the real one). */
static inline void scenario_run(struct rpc_conn *c, bool bind, const struct svc_clock *clock,
				struct scenario *s)
{
	struct rpc_handle scm = { { 0 } }, spooler = { { 0 } }, certsvc;
	struct ndr_out req;
	struct rpc_reply rep;

	memset(s, 0, sizeof(*s));
	scenario_step(s, S_BIND, bind ? rpc_bind(c) : 0);
	scenario_step(s, S_OPEN_SCM, svcctl_open_scm(c, SVC_SC_MANAGER_CONNECT, &scm));
	scenario_step(s, S_OPEN_SPOOLER,
		      svcctl_open_service(c, &scm, "Spooler",
					  SVC_QUERY_STATUS | SVC_START | SVC_STOP, &spooler));
	scenario_step(s, S_QUERY_RUNNING, svcctl_query_status(c, &spooler, &s->running));
	scenario_step(s, S_STOP, svcctl_control(c, &spooler, SVC_CONTROL_STOP, &s->stop));
	scenario_step(s, S_WAIT_STOPPED,
		      svcctl_wait(c, &spooler, SVC_STOPPED, SCENARIO_WAIT_MS, clock, &s->stopped));
	scenario_step(s, S_STOP_AGAIN,
		      svcctl_control(c, &spooler, SVC_CONTROL_STOP, &s->stop_again));
	scenario_step(s, S_START, svcctl_start(c, &spooler));
	scenario_step(s, S_WAIT_RUNNING,
		      svcctl_wait(c, &spooler, SVC_RUNNING, SCENARIO_WAIT_MS, clock, &s->started));
	scenario_step(s, S_START_AGAIN, svcctl_start(c, &spooler));
	scenario_step(s, S_OPEN_CERTSVC,
		      svcctl_open_service(c, &scm, "CertSvc", SVC_QUERY_STATUS, &certsvc));
	ndr_out_init(&req);
	ndr_put_u32(&req, 0);
	scenario_step(s, S_FAULT, rpc_call(c, 250, "Opnum250", &req, &rep));
	rpc_reply_free(&rep);
	ndr_out_free(&req);
	scenario_step(s, S_CLOSE_SPOOLER, svcctl_close(c, &spooler));
	scenario_step(s, S_CLOSE_SCM, svcctl_close(c, &scm));
}

#endif
