/*
 * libcadcom — svcctl stubs (MS-SCMR; never installed), and the stop/start
 * wait that polls a service through its pending states.
 */
#ifndef CADCOM_SVCCTL_H
#define CADCOM_SVCCTL_H

#include "rpc.h"

extern const struct rpc_iface rpc_svcctl;

/* Access masks (MS-SCMR 2.2.2.1 and 3.1.4) */
enum {
	SVC_SC_MANAGER_CONNECT = 0x0001,
	SVC_QUERY_STATUS = 0x0004,
	SVC_START = 0x0010,
	SVC_STOP = 0x0020
};

/* dwCurrentState (MS-SCMR 2.2.47) */
enum {
	SVC_STOPPED = 1,
	SVC_START_PENDING = 2,
	SVC_STOP_PENDING = 3,
	SVC_RUNNING = 4,
	SVC_CONTINUE_PENDING = 5,
	SVC_PAUSE_PENDING = 6,
	SVC_PAUSED = 7
};

enum { SVC_CONTROL_STOP = 1 };

/* SERVICE_STATUS (MS-SCMR 2.2.47) */
struct svc_status {
	uint32_t type, state, controls_accepted, win32_exit_code, service_exit_code, check_point,
		wait_hint;
};

/* Errors as rpc_status_error, plus: no such service (1060) →
 * CADCOM_ENOTFOUND; a state that forbids the request (1051, 1052, 1056,
 * 1058, 1061, 1062) → CADCOM_ESTATE; the service did not answer the
 * manager in time (1053) → CADCOM_ETIMEOUT; each named in the message. */
int svcctl_open_scm(struct rpc_conn *c, uint32_t access, struct rpc_handle *out);
int svcctl_open_service(struct rpc_conn *c, const struct rpc_handle *scm, const char *name,
			uint32_t access, struct rpc_handle *out);
int svcctl_query_status(struct rpc_conn *c, const struct rpc_handle *svc, struct svc_status *st);
int svcctl_control(struct rpc_conn *c, const struct rpc_handle *svc, uint32_t control,
		   struct svc_status *st);
int svcctl_start(struct rpc_conn *c, const struct rpc_handle *svc);
int svcctl_close(struct rpc_conn *c, struct rpc_handle *h);

/* Time for the wait: the real monotonic clock and nanosleep unless a test
 * gives its own (recorded pending states replay in no time). */
struct svc_clock {
	uint64_t (*now_ms)(void *arg);
	void (*sleep_ms)(void *arg, unsigned ms);
	void *arg;
};

/*
 * Poll QueryServiceStatus until the service is in `want` (SVC_STOPPED or
 * SVC_RUNNING), as Microsoft's service samples do: sleep a tenth of the
 * wait hint (at least 1 s, at most 10 s — the clock decides); give up with
 * CADCOM_ETIMEOUT after `timeout_ms`, or when the check point has not moved
 * for longer than the wait hint; a service that lands in another stable
 * state (stopped while starting) is CADCOM_ESTATE.  `clock` NULL is the
 * real one.  *st (may be NULL) is the last status seen.
 */
int svcctl_wait(struct rpc_conn *c, const struct rpc_handle *svc, uint32_t want,
		unsigned timeout_ms, const struct svc_clock *clock, struct svc_status *st);

#endif
