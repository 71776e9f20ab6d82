/*
 * Services of a remote target (service.h) over svcctl: each request opens
 * the service control manager and the service with just the rights it
 * needs, so that a query works for accounts that may not stop anything.
 */
#include "store.h"
#include "../rpc/svcctl.h"
#include "cadcom/service.h"

enum { DEFAULT_TIMEOUT_MS = 60000 };

const char *cadcom_service_state_name(int state)
{
	static const char *const names[] = { NULL, "stopped", "start pending", "stop pending",
					     "running", "continue pending", "pause pending",
					     "paused" };

	return state >= 1 && state <= 7 ? names[state] : "unknown";
}

/* The service's handle on the session's svcctl pipe. */
static int open_service(cadcom_target *t, const char *name, uint32_t access,
			struct rpc_conn **c, struct rpc_handle *scm, struct rpc_handle *svc)
{
	struct rpc_session *s = cadcom__target_session(t);
	int rc;

	if (!t || !name || !*name)
		return cadcom__error(CADCOM_EINVAL, -1, "service: NULL argument");
	if (!s)
		return cadcom__error(CADCOM_EUNSUPPORTED, -1,
				     "service %s: only remote targets have services", name);
	if ((rc = rpc_session_pipe(s, &rpc_svcctl, c)) ||
	    (rc = svcctl_open_scm(*c, SVC_SC_MANAGER_CONNECT, scm)))
		return rc;
	if ((rc = svcctl_open_service(*c, scm, name, access, svc)))
		svcctl_close(*c, scm);
	return rc;
}

static void close_service(struct rpc_conn *c, struct rpc_handle *scm, struct rpc_handle *svc)
{
	svcctl_close(c, svc);
	svcctl_close(c, scm);
}

int cadcom_service_query(cadcom_target *t, const char *name, int *state)
{
	struct rpc_conn *c;
	struct rpc_handle scm, svc;
	struct svc_status st;
	int rc;

	if (!state)
		return cadcom__error(CADCOM_EINVAL, -1, "service: NULL output");
	if ((rc = open_service(t, name, SVC_QUERY_STATUS, &c, &scm, &svc)))
		return rc;
	if (!(rc = svcctl_query_status(c, &svc, &st)))
		*state = (int)st.state;
	close_service(c, &scm, &svc);
	return rc;
}

enum request { STOP, START, WAIT_STOPPED };

/* Stop or start (or neither), then wait for the state that leads to. */
static int control(cadcom_target *t, const char *name, enum request what, unsigned timeout_ms)
{
	bool start = what == START;
	struct rpc_conn *c;
	struct rpc_handle scm, svc;
	struct svc_status st;
	int rc;

	if ((rc = open_service(t, name,
			       SVC_QUERY_STATUS | (start ? SVC_START : what == STOP ? SVC_STOP : 0),
			       &c, &scm, &svc)))
		return rc;
	rc = start ? svcctl_start(c, &svc)
	     : what == STOP ? svcctl_control(c, &svc, SVC_CONTROL_STOP, &st)
			    : 0;
	if (!rc)
		rc = svcctl_wait(c, &svc, start ? SVC_RUNNING : SVC_STOPPED,
				 timeout_ms ? timeout_ms : DEFAULT_TIMEOUT_MS, NULL, &st);
	close_service(c, &scm, &svc);
	return rc;
}

int cadcom_service_stop(cadcom_target *t, const char *name, unsigned timeout_ms)
{
	return control(t, name, STOP, timeout_ms);
}

int cadcom_service_start(cadcom_target *t, const char *name, unsigned timeout_ms)
{
	return control(t, name, START, timeout_ms);
}

int cadcom_service_restart(cadcom_target *t, const char *name, unsigned timeout_ms)
{
	int state, rc;

	if ((rc = cadcom_service_query(t, name, &state)))
		return rc;
	/* Already on its way down: a stop request would be refused. */
	if (state == CADCOM_SERVICE_STOP_PENDING)
		rc = control(t, name, WAIT_STOPPED, timeout_ms);
	else if (state != CADCOM_SERVICE_STOPPED)
		rc = control(t, name, STOP, timeout_ms);
	if (rc)
		return rc;
	return cadcom_service_start(t, name, timeout_ms);
}
