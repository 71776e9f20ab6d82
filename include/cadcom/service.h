/*
 * libcadcom — the services of a remote target (svcctl, MS-SCMR): what the
 * seed's fix needs to restart Certificate Services (CertSvc) after the
 * change.  Offline targets have no services (CADCOM_EUNSUPPORTED).
 */
#ifndef CADCOM_SERVICE_H
#define CADCOM_SERVICE_H

#include "common.h"
#include "target.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A service's state (SERVICE_STATUS.dwCurrentState). */
enum cadcom_service_state {
	CADCOM_SERVICE_STOPPED = 1,
	CADCOM_SERVICE_START_PENDING = 2,
	CADCOM_SERVICE_STOP_PENDING = 3,
	CADCOM_SERVICE_RUNNING = 4,
	CADCOM_SERVICE_CONTINUE_PENDING = 5,
	CADCOM_SERVICE_PAUSE_PENDING = 6,
	CADCOM_SERVICE_PAUSED = 7
};

/** "running", "stop pending", ...; "unknown" for other values. */
CADCOM_EXTERN const char *cadcom_service_state_name(int state);

/**
 * The state of service `name` ("CertSvc") into *state.  CADCOM_ENOTFOUND
 * when the computer has no such service; CADCOM_EACCESS when these
 * credentials may not query it.
 */
CADCOM_EXTERN int cadcom_service_query(cadcom_target *t, const char *name, int *state);

/**
 * Stop / start `name` and wait until it is stopped / running, polling
 * through the pending states for at most `timeout_ms` (0: 60000).
 * CADCOM_ESTATE when its state forbids the request (stopping a stopped
 * service, starting a disabled one) or it settles in the other state;
 * CADCOM_ETIMEOUT when it is still pending, or stops making progress.
 */
CADCOM_EXTERN int cadcom_service_stop(cadcom_target *t, const char *name, unsigned timeout_ms);
CADCOM_EXTERN int cadcom_service_start(cadcom_target *t, const char *name, unsigned timeout_ms);

/**
 * Stop `name` if it runs, then start it, each with `timeout_ms` — how the
 * CA reads its DCOM settings again.  A stopped service is just started.
 */
CADCOM_EXTERN int cadcom_service_restart(cadcom_target *t, const char *name,
					 unsigned timeout_ms);

#ifdef __cplusplus
}
#endif

#endif
