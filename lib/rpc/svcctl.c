/*
 * svcctl stubs (svcctl.h).  Parameter order and types follow MS-SCMR 3.1.4
 * (Samba's svcctl.idl names them the same).  Service names are [string]
 * wchar_t*: a bare conformant varying array with the NUL counted, not an
 * RPC_UNICODE_STRING.  Every reply must be consumed exactly, as in
 * winreg.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "svcctl.h"

enum {
	OP_CLOSE = 0,
	OP_CONTROL = 1,
	OP_QUERY_STATUS = 6,
	OP_OPEN_SCM = 15,
	OP_OPEN_SERVICE = 16,
	OP_START = 19
};

enum {
	WERR_SERVICE_DEPENDENT_RUNNING = 1051,
	WERR_INVALID_SERVICE_CONTROL = 1052,
	WERR_SERVICE_REQUEST_TIMEOUT = 1053,
	WERR_SERVICE_ALREADY_RUNNING = 1056,
	WERR_SERVICE_DISABLED = 1058,
	WERR_SERVICE_DOES_NOT_EXIST = 1060,
	WERR_SERVICE_CANNOT_ACCEPT_CTRL = 1061,
	WERR_SERVICE_NOT_ACTIVE = 1062
};

/* The service manager's own statuses, by name in messages.  The ones a
 * service's state explains are CADCOM_ESTATE (dependent services still
 * running among them); a service that did not answer the manager in time
 * is CADCOM_ETIMEOUT, like our own wait giving up. */
static const struct rpc_status_name scm_errors[] = {
	{ WERR_SERVICE_DEPENDENT_RUNNING, CADCOM_ESTATE, "ERROR_DEPENDENT_SERVICES_RUNNING" },
	{ WERR_INVALID_SERVICE_CONTROL, CADCOM_ESTATE, "ERROR_INVALID_SERVICE_CONTROL" },
	{ WERR_SERVICE_REQUEST_TIMEOUT, CADCOM_ETIMEOUT, "ERROR_SERVICE_REQUEST_TIMEOUT" },
	{ WERR_SERVICE_ALREADY_RUNNING, CADCOM_ESTATE, "ERROR_SERVICE_ALREADY_RUNNING" },
	{ WERR_SERVICE_DISABLED, CADCOM_ESTATE, "ERROR_SERVICE_DISABLED" },
	{ WERR_SERVICE_DOES_NOT_EXIST, CADCOM_ENOTFOUND, "ERROR_SERVICE_DOES_NOT_EXIST" },
	{ WERR_SERVICE_CANNOT_ACCEPT_CTRL, CADCOM_ESTATE, "ERROR_SERVICE_CANNOT_ACCEPT_CTRL" },
	{ WERR_SERVICE_NOT_ACTIVE, CADCOM_ESTATE, "ERROR_SERVICE_NOT_ACTIVE" },
};

/* 367abb81-9844-35f1-ad32-98f038001003 v2.0, fields little-endian */
const struct rpc_iface rpc_svcctl = {
	.name = "svcctl",
	.pipe = "svcctl",
	.syntax = { { 0x81, 0xbb, 0x7a, 0x36, 0x44, 0x98, 0xf1, 0x35, 0xad, 0x32, 0x98, 0xf0, 0x38, 0x00, 0x10,
		    0x03 },
		  2, 0 },
	.ntstatus = false,
	.statuses = scm_errors,
	.nstatuses = ARRAY_SIZE(scm_errors),
	.writes = RPC_OPNUM_BIT(OP_CONTROL) | RPC_OPNUM_BIT(OP_START),
};

int svcctl_open_scm(struct rpc_conn *c, uint32_t access, struct rpc_handle *out)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "OpenSCManagerW");
	/* MachineName: the server ignores it (we are already connected to
	 * it); DatabaseName: NULL is ServicesActive. */
	ndr_put_ptr(&k.req, false);
	ndr_put_ptr(&k.req, false);
	ndr_put_u32(&k.req, access);
	rc = rpc_stub_handle(&k, OP_OPEN_SCM, out, NULL);
	rpc_stub_done(&k);
	return rc;
}

int svcctl_open_service(struct rpc_conn *c, const struct rpc_handle *scm, const char *name,
			uint32_t access, struct rpc_handle *out)
{
	struct rpc_stub k;
	int rc;

	if (!name) /* NDR would send nothing for it: a malformed request */
		return cadcom__error(CADCOM_EINVAL, -1, "%s \\pipe\\%s OpenServiceW: no service name",
				     c->host, c->iface->pipe);
	rpc_stub_init(&k, c, "OpenServiceW");
	ndr_put_handle(&k.req, scm);
	/* [in, string] wchar_t *: a [ref] top-level pointer, so no referent
	 * id, only the array, NUL included (the body of a counted string). */
	ndr_put_ustr_body(&k.req, name, true);
	ndr_put_u32(&k.req, access);
	rc = rpc_stub_handle(&k, OP_OPEN_SERVICE, out, name);
	rpc_stub_done(&k);
	return rc;
}

int svcctl_close(struct rpc_conn *c, struct rpc_handle *h)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "CloseServiceHandle");
	ndr_put_handle(&k.req, h);
	rc = rpc_stub_handle(&k, OP_CLOSE, h, NULL);
	rpc_stub_done(&k);
	return rc;
}

/* SERVICE_STATUS: seven DWORDs. */
static int get_svc_status(struct ndr_in *in, struct svc_status *s)
{
	uint32_t *f[] = { &s->type, &s->state, &s->controls_accepted, &s->win32_exit_code,
			  &s->service_exit_code, &s->check_point, &s->wait_hint };
	int rc = 0;

	for (size_t i = 0; !rc && i < sizeof(f) / sizeof(f[0]); i++)
		rc = ndr_get_u32(in, f[i]);
	return rc;
}

/* QueryServiceStatus and ControlService answer a SERVICE_STATUS and a
 * WERROR; `valid` says for which statuses the SERVICE_STATUS is the
 * service's (MS-SCMR 3.1.4.2: ControlService fills it in for a refused
 * control too); *st is left zero otherwise. */
static int status_reply(struct rpc_stub *k, uint16_t opnum, struct svc_status *st, const char *what,
			bool (*valid)(uint32_t))
{
	struct svc_status s;
	uint32_t werr;
	int rc;

	if (st)
		memset(st, 0, sizeof(*st));
	if ((rc = rpc_stub_run(k, opnum)))
		return rc;
	if ((rc = get_svc_status(&k->in, &s)))
		return rpc_stub_bad_reply(k, rc);
	if ((rc = rpc_stub_status(k, &werr)))
		return rc;
	if (st && valid(werr))
		*st = s;
	return werr ? rpc_stub_status_error(k, werr, what) : 0;
}

static bool only_success(uint32_t werr)
{
	return werr == 0;
}

static bool control_answered(uint32_t werr)
{
	return werr == 0 || werr == WERR_INVALID_SERVICE_CONTROL ||
	       werr == WERR_SERVICE_CANNOT_ACCEPT_CTRL || werr == WERR_SERVICE_NOT_ACTIVE;
}

int svcctl_query_status(struct rpc_conn *c, const struct rpc_handle *svc, struct svc_status *st)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "QueryServiceStatus");
	ndr_put_handle(&k.req, svc);
	rc = status_reply(&k, OP_QUERY_STATUS, st, NULL, only_success);
	rpc_stub_done(&k);
	return rc;
}

int svcctl_control(struct rpc_conn *c, const struct rpc_handle *svc, uint32_t control,
		   struct svc_status *st)
{
	char what[32];
	struct rpc_stub k;
	int rc;

	if (control == SVC_CONTROL_STOP)
		snprintf(what, sizeof(what), "STOP");
	else
		snprintf(what, sizeof(what), "control %u", control);
	rpc_stub_init(&k, c, "ControlService");
	ndr_put_handle(&k.req, svc);
	ndr_put_u32(&k.req, control);
	rc = status_reply(&k, OP_CONTROL, st, what, control_answered);
	rpc_stub_done(&k);
	return rc;
}

int svcctl_start(struct rpc_conn *c, const struct rpc_handle *svc)
{
	struct rpc_stub k;
	uint32_t st;
	int rc;

	rpc_stub_init(&k, c, "StartServiceW");
	ndr_put_handle(&k.req, svc);
	ndr_put_u32(&k.req, 0);     /* argc */
	ndr_put_ptr(&k.req, false); /* argv: none */
	if (!(rc = rpc_stub_run(&k, OP_START)) && !(rc = rpc_stub_status(&k, &st)) && st)
		rc = rpc_stub_status_error(&k, st, NULL);
	rpc_stub_done(&k);
	return rc;
}

/* ---- the wait ------------------------------------------------------------ */

static const char *state_name(uint32_t state)
{
	static const char *const names[] = {
		NULL, "STOPPED", "START_PENDING", "STOP_PENDING", "RUNNING", "CONTINUE_PENDING",
		"PAUSE_PENDING", "PAUSED"
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : NULL;
}

static bool pending(uint32_t state)
{
	return state == SVC_START_PENDING || state == SVC_STOP_PENDING ||
	       state == SVC_CONTINUE_PENDING || state == SVC_PAUSE_PENDING;
}

static uint64_t real_now(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void real_sleep(void *arg, unsigned ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	(void)arg;
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static const struct svc_clock real_clock = { real_now, real_sleep, NULL };

/* Microsoft's samples poll a tenth of the wait hint, within 1 to 10 s. */
static unsigned poll_interval(uint32_t wait_hint)
{
	uint32_t ms = wait_hint / 10;

	return ms < 1000 ? 1000 : ms > 10000 ? 10000 : (unsigned)ms;
}

int svcctl_wait(struct rpc_conn *c, const struct rpc_handle *svc, uint32_t want,
		unsigned timeout_ms, const struct svc_clock *clock, struct svc_status *st)
{
	struct svc_status s, last = { 0 };
	uint64_t start, now, progress_at = 0;
	int rc = 0;

	if (want != SVC_STOPPED && want != SVC_RUNNING)
		return cadcom__error(CADCOM_EINVAL, -1, "svcctl: cannot wait for state %u", want);
	if (!clock)
		clock = &real_clock;
	start = clock->now_ms(clock->arg);
	for (bool first = true;; first = false) {
		if ((rc = svcctl_query_status(c, svc, &s)))
			break;
		now = clock->now_ms(clock->arg);
		/* A new state or check point is progress (the check point
		 * starts again at 0 in each pending state); the first answer
		 * is where progress is measured from. */
		if (first || s.state != last.state || s.check_point != last.check_point)
			progress_at = now;
		last = s;
		if (s.state == want)
			break;
		if (!state_name(s.state)) {
			rc = cadcom__error(CADCOM_EPROTO, -1,
					   "%s \\pipe\\%s QueryServiceStatus: unknown state %u",
					   c->host, c->iface->pipe, s.state);
			break;
		}
		if (!pending(s.state)) {
			rc = cadcom__error(CADCOM_ESTATE, -1,
					   "%s \\pipe\\%s waiting for %s: the service is %s "
					   "(exit code %u, service exit code %u)",
					   c->host, c->iface->pipe, state_name(want),
					   state_name(s.state), s.win32_exit_code, s.service_exit_code);
			break;
		}
		if (now - progress_at > s.wait_hint) {
			rc = cadcom__error(CADCOM_ETIMEOUT, -1,
					   "%s \\pipe\\%s waiting for %s: %s with check point %u "
					   "for %llu ms, past its wait hint of %u ms",
					   c->host, c->iface->pipe, state_name(want),
					   state_name(s.state), s.check_point,
					   (unsigned long long)(now - progress_at), s.wait_hint);
			break;
		}
		if (now - start >= timeout_ms) {
			rc = cadcom__error(CADCOM_ETIMEOUT, -1,
					   "%s \\pipe\\%s waiting for %s: still %s after %u ms",
					   c->host, c->iface->pipe, state_name(want),
					   state_name(s.state), timeout_ms);
			break;
		}
		/* Never past the deadline: the last look is at the timeout. */
		{
			unsigned ms = poll_interval(s.wait_hint);
			uint64_t left = start + timeout_ms - now;

			clock->sleep_ms(clock->arg, left < ms ? (unsigned)left : ms);
		}
	}
	if (st)
		*st = last;
	return rc;
}
