/*
 * libcadcom — the evidence administrators start from: AutoEnrollment event
 * 13 ("... failed to enroll for one Domain Controller certificate
 * (0x80070005). Access is denied.") as the event viewer's text, as Windows
 * event XML (wevtutil qe ... /f:xml), and the Certificate snap-in's error
 * message (KB 903220; doc/EVENTS.md).
 *
 * A file may hold several events.  Anything else — another event, another
 * language, another format — is CADCOM_EUNSUPPORTED, "not recognised", with
 * what was expected: nothing is guessed.
 */
#ifndef CADCOM_EVENT_H
#define CADCOM_EVENT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_events cadcom_events;

enum cadcom_event_kind {
	CADCOM_EVENT_AUTOENROLL_FAILED = 1, /**< AutoEnrollment event 13 */
	CADCOM_EVENT_SNAPIN_DENIED = 2      /**< the Certificate snap-in's request failure */
};

/**
 * Parse `len` bytes of text (UTF-8, or UTF-16LE with a BOM as the event
 * viewer saves it); `source` names the file in messages.  At least one event
 * must be recognised.
 */
CADCOM_EXTERN int cadcom_events_parse(cadcom_events **out, const char *text, size_t len,
				      const char *source);
CADCOM_EXTERN void cadcom_events_free(cadcom_events *ev);

CADCOM_EXTERN size_t cadcom_events_count(const cadcom_events *ev);
/** CADCOM_EVENT_* of event `index` (0 out of range). */
CADCOM_EXTERN int cadcom_events_kind(const cadcom_events *ev, size_t index);
/** The line of the file where event `index` starts (1-based; 0 out of range). */
CADCOM_EXTERN long cadcom_events_line(const cadcom_events *ev, size_t index);
/**
 * The computer that logged it, as written ("NICHOLASH", "DC1.contoso.test");
 * NULL when the text does not say (the snap-in message).  Borrowed.
 */
CADCOM_EXTERN const char *cadcom_events_computer(const cadcom_events *ev, size_t index);
/** The certificate template named ("Domain Controller 2003"), or NULL.  Borrowed. */
CADCOM_EXTERN const char *cadcom_events_template(const cadcom_events *ev, size_t index);
/** The status code (0x80070005 for access denied), 0 when none is given. */
CADCOM_EXTERN uint32_t cadcom_events_status(const cadcom_events *ev, size_t index);
/** 1 when the computer enrolled for itself ("for local system"), 0 for a user. */
CADCOM_EXTERN int cadcom_events_local_system(const cadcom_events *ev, size_t index);
/** The event's description text (borrowed). */
CADCOM_EXTERN const char *cadcom_events_text(const cadcom_events *ev, size_t index);

#ifdef __cplusplus
}
#endif

#endif
