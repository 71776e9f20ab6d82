/*
 * The svcctl stubs live against the lab's Samba AD DC (tests/lab/lab.sh;
 * run inside its network namespace with its env).  Only Spooler is
 * stopped and started — Samba flips it at once — and it is started again
 * whatever happens; the other services are only asked to do what they
 * refuse.
 *
 * Samba keeps Spooler's state in the memory of each rpcd_classic worker,
 * and samba-dcerpcd gives a new connection to the least busy worker: a
 * second session (or `net rpc service status`) opened while ours is open
 * sees another worker's Spooler, still running.  So the stop, what is
 * observed of it and the start all happen on one connection.
 */
#include <stdarg.h>
#include "../cu.h"
#include "lab.h"
#include "../../lib/rpc/svcctl.h"

enum { WAIT_MS = 30000 };

/* One account's svcctl pipe, bound, and the service manager opened. */
struct scm {
	cadcom_credentials *cred;
	struct rpc_session *s;
	struct rpc_conn *c;
	struct rpc_handle h;
};

static void scm_open(struct scm *m, const char *u, const char *pw)
{
	int rc;

	memset(m, 0, sizeof(*m));
	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&m->cred, domain, u, pw), 0);
	if ((rc = rpc_session_open(&m->s, host, m->cred, NULL)) ||
	    (rc = rpc_session_pipe(m->s, &rpc_svcctl, &m->c)) ||
	    (rc = svcctl_open_scm(m->c, SVC_SC_MANAGER_CONNECT, &m->h)))
		fprintf(stderr, "svcctl as %s: %s\n", u, cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
}

static void scm_close(struct scm *m)
{
	CU_ASSERT_EQUAL(svcctl_close(m->c, &m->h), 0);
	rpc_session_free(m->s);
	cadcom_credentials_free(m->cred);
}

/* The last error's message is exactly the formatted text. */
static void assert_message(const char *fmt, ...)
{
	char want[512], m[512];
	va_list ap;

	snprintf(m, sizeof(m), "%s", cadcom_error_message(cadcom_error_last()));
	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	if (strcmp(m, want))
		fprintf(stderr, "\n  want %s\n  got  %s\n", want, m);
	CU_ASSERT_STRING_EQUAL(m, want);
}

static void test_stop_start(void)
{
	struct svc_status st, stopped = { 0 }, running = { 0 };
	struct rpc_handle svc, again;
	struct scm m;
	int stop_rc;

	scm_open(&m, admin, admin_pw);
	CU_ASSERT_EQUAL_FATAL(svcctl_open_service(m.c, &m.h, "Spooler",
						  SVC_QUERY_STATUS | SVC_START | SVC_STOP, &svc), 0);
	CU_ASSERT_EQUAL_FATAL(svcctl_query_status(m.c, &svc, &st), 0);
	if (st.state != SVC_RUNNING) { /* left stopped on this worker by someone */
		fprintf(stderr, "Spooler found in state %u: starting it first\n", st.state);
		CU_ASSERT_EQUAL_FATAL(svcctl_start(m.c, &svc), 0);
		CU_ASSERT_EQUAL_FATAL(svcctl_wait(m.c, &svc, SVC_RUNNING, WAIT_MS, NULL, &st), 0);
	}
	CU_ASSERT(st.controls_accepted & 1); /* SERVICE_ACCEPT_STOP */

	/* From here on, no fatal assertion before the start. */
	stop_rc = svcctl_control(m.c, &svc, SVC_CONTROL_STOP, &st);
	CU_ASSERT_EQUAL(stop_rc, 0);
	CU_ASSERT_EQUAL(svcctl_wait(m.c, &svc, SVC_STOPPED, WAIT_MS, NULL, &stopped), 0);
	CU_ASSERT_EQUAL(stopped.state, SVC_STOPPED);
	/* Stopped as seen through a handle opened afresh. */
	if (!svcctl_open_service(m.c, &m.h, "Spooler", SVC_QUERY_STATUS, &again)) {
		CU_ASSERT_EQUAL(svcctl_query_status(m.c, &again, &st), 0);
		CU_ASSERT_EQUAL(st.state, SVC_STOPPED);
		CU_ASSERT_EQUAL(svcctl_close(m.c, &again), 0);
	} else {
		CU_FAIL("opening Spooler a second time");
	}
	/* Samba answers a stop of a stopped service with success, where
	 * Windows says ERROR_SERVICE_NOT_ACTIVE. */
	CU_ASSERT_EQUAL(svcctl_control(m.c, &svc, SVC_CONTROL_STOP, &st), 0);
	CU_ASSERT_EQUAL(st.state, SVC_STOPPED);

	/* Started; started twice, the second is refused by name. */
	CU_ASSERT_EQUAL(svcctl_start(m.c, &svc), 0);
	CU_ASSERT_EQUAL(svcctl_wait(m.c, &svc, SVC_RUNNING, WAIT_MS, NULL, &running), 0);
	CU_ASSERT_EQUAL(running.state, SVC_RUNNING);
	CU_ASSERT_EQUAL(svcctl_start(m.c, &svc), CADCOM_ESTATE);
	assert_message("%s \\pipe\\svcctl StartServiceW: WERROR 0x00000420 "
		       "(ERROR_SERVICE_ALREADY_RUNNING)", host);
	CU_ASSERT_EQUAL(svcctl_query_status(m.c, &svc, &st), 0);
	CU_ASSERT_EQUAL(st.state, SVC_RUNNING);
	CU_ASSERT_EQUAL(svcctl_close(m.c, &svc), 0);
	scm_close(&m);
}

static void test_refusals(void)
{
	struct svc_status st;
	struct rpc_handle svc;
	struct scm m;

	scm_open(&m, admin, admin_pw);
	/* The CA's service is not on a DC without Certificate Services. */
	CU_ASSERT_EQUAL(svcctl_open_service(m.c, &m.h, "CertSvc", SVC_QUERY_STATUS, &svc),
			CADCOM_ENOTFOUND);
	assert_message("%s \\pipe\\svcctl OpenServiceW CertSvc: WERROR 0x00000424 "
		       "(ERROR_SERVICE_DOES_NOT_EXIST)", host);

	/* NETLOGON accepts no control (controls_accepted 0); where Windows
	 * says ERROR_SERVICE_CANNOT_ACCEPT_CTRL, Samba says access denied. */
	CU_ASSERT_EQUAL_FATAL(svcctl_open_service(m.c, &m.h, "NETLOGON",
						  SVC_QUERY_STATUS | SVC_STOP, &svc), 0);
	CU_ASSERT_EQUAL(svcctl_query_status(m.c, &svc, &st), 0);
	CU_ASSERT_EQUAL(st.state, SVC_RUNNING);
	CU_ASSERT_EQUAL(st.controls_accepted, 0);
	CU_ASSERT_EQUAL(svcctl_control(m.c, &svc, SVC_CONTROL_STOP, &st), CADCOM_EACCESS);
	assert_message("%s \\pipe\\svcctl ControlService STOP: WERROR 0x00000005 "
		       "(WERR_ACCESS_DENIED)", host);
	CU_ASSERT_EQUAL(svcctl_query_status(m.c, &svc, &st), 0);
	CU_ASSERT_EQUAL(st.state, SVC_RUNNING);
	CU_ASSERT_EQUAL(svcctl_close(m.c, &svc), 0);

	/* The pipe still answers after the refusals. */
	CU_ASSERT_EQUAL(svcctl_open_service(m.c, &m.h, "Spooler", SVC_QUERY_STATUS, &svc), 0);
	CU_ASSERT_EQUAL(svcctl_query_status(m.c, &svc, &st), 0);
	CU_ASSERT_EQUAL(svcctl_close(m.c, &svc), 0);
	scm_close(&m);
}

static void test_plain_user(void)
{
	struct svc_status st;
	struct rpc_handle svc;
	struct scm m;

	scm_open(&m, user, user_pw);
	/* Asking for the right to stop is refused at the open ... */
	CU_ASSERT_EQUAL(svcctl_open_service(m.c, &m.h, "Spooler", SVC_QUERY_STATUS | SVC_STOP,
					    &svc), CADCOM_EACCESS);
	assert_message("%s \\pipe\\svcctl OpenServiceW Spooler: WERROR 0x00000005 "
		       "(WERR_ACCESS_DENIED)", host);
	/* ... and a handle that may only query cannot stop. */
	CU_ASSERT_EQUAL_FATAL(svcctl_open_service(m.c, &m.h, "Spooler", SVC_QUERY_STATUS, &svc),
			      0);
	CU_ASSERT_EQUAL(svcctl_query_status(m.c, &svc, &st), 0);
	CU_ASSERT_EQUAL(svcctl_control(m.c, &svc, SVC_CONTROL_STOP, &st), CADCOM_EACCESS);
	assert_message("%s \\pipe\\svcctl ControlService STOP: WERROR 0x00000005 "
		       "(WERR_ACCESS_DENIED)", host);
	CU_ASSERT_EQUAL(svcctl_start(m.c, &svc), CADCOM_EACCESS);
	CU_ASSERT_EQUAL(svcctl_close(m.c, &svc), 0);
	scm_close(&m);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "Spooler stopped, seen stopped, started, seen running", test_stop_start },
		{ "missing service, a service that refuses to stop", test_refusals },
		{ "a plain user may not stop Spooler", test_plain_user },
		CU_TEST_INFO_NULL,
	};

	lab_load();
	return cu_run("svcctl (lab)", tests);
}
