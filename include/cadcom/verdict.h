/*
 * libcadcom — why is this enrollee denied?  The layered verdict (doc/WHY.md).
 *
 * An enrollee crosses, in order: the machine launch restriction (or its
 * Group Policy value), CertSrv Request's launch permission (or the default),
 * the machine access restriction, CertSrv Request's access permission, and
 * the CA's own Security descriptor (CA_ACCESS_ENROLL), and the certificate
 * template's Enroll (and, for autoenrolment, Autoenroll) extended rights.
 * Each layer is evaluated with the access check and reported as granted,
 * denied or not evaluated, with the deciding ACE and the fix.  The
 * template's descriptor lives in Active Directory: cadcom_verdict_compute()
 * reports that layer as not evaluated until cadcom_verdict_set_template()
 * evaluates it with the descriptor read there.
 */
#ifndef CADCOM_VERDICT_H
#define CADCOM_VERDICT_H

#include "common.h"
#include "token.h"
#include "directory.h"
#include "topology.h"
#include "target.h"
#include "event.h"
#include "sd.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_verdict cadcom_verdict;

/** CA rights (certadm.h; facts.md §9). */
#define CADCOM_CA_ACCESS_ENROLL 0x200u

enum cadcom_verdict_result {
	CADCOM_VERDICT_DENIED = 0,
	CADCOM_VERDICT_GRANTED = 1,
	CADCOM_VERDICT_NOT_EVALUATED = 2
};

/**
 * The token of principal `sid` as the target's directory knows it: its
 * groups, transitively (the snapshot's memberships must include primary
 * groups, as tokenGroups does), plus the well-known SIDs of a
 * CADCOM_LOGON_* logon.  CADCOM_EUNSUPPORTED for a directory that cannot
 * list its groups.
 */
CADCOM_EXTERN int cadcom_token_from_directory(cadcom_directory *dir, const cadcom_sid *sid,
					      int logon, cadcom_token **out);

/**
 * Evaluate every layer for `token` enrolling from another computer
 * (`remote` 1) or on the CA itself (0).  `target` may be NULL (Windows'
 * defaults).
 */
CADCOM_EXTERN int cadcom_verdict_compute(const cadcom_topology *topo, cadcom_target *target,
					 const cadcom_token *token, int remote,
					 cadcom_verdict **out);

/**
 * The verdict for event `index` of `events` (event.h): the computer that
 * logged it is looked up in the target's directory ("DC1" or
 * "DC1.contoso.test" → CONTOSO\DC1$), its token built from there, and the
 * layers evaluated for a remote enrolment.  CADCOM_ENOTFOUND when the
 * computer is not in the directory; CADCOM_EUNSUPPORTED when the event does
 * not say who enrolled (a user's enrolment, the snap-in message).
 */
CADCOM_EXTERN int cadcom_verdict_for_event(const cadcom_topology *topo, cadcom_target *target,
					   const cadcom_events *events, size_t index,
					   cadcom_verdict **out);

/**
 * Evaluate the certificate-template layer with the template's
 * nTSecurityDescriptor `sd` (ad.h: cadcom_ad_template_security()) for `token`:
 * the Certificate-Enrollment extended right, and with `autoenroll` also
 * Certificate-AutoEnrollment (facts.md §9), by the object-ACE access check.
 * Replaces the layer cadcom_verdict_compute() left not evaluated; `name` is
 * the template's name for the text.
 *
 * Each right is checked as a DC does (AccessCheckByType on the
 * pKICertificateTemplate object with the right's GUID, asking for
 * ADS_RIGHT_DS_CONTROL_ACCESS): an object ACE naming the right or the
 * template class, or a plain ACE with CR, grants or denies it; generic
 * rights in ACE masks count as AD stores them (GA is full control).  The
 * layer is granted when every right asked for is; its ACE is the one that
 * decided Enroll when Enroll is missing or asked alone, else Autoenroll's
 * (-1 when no ACE decided).  When denied, the text names what decided and
 * the fix says what to change on the template's Security tab.  Calling it
 * again replaces the earlier evaluation.  Errors: CADCOM_EINVAL for NULL
 * arguments, CADCOM_ENOMEM.
 */
CADCOM_EXTERN int cadcom_verdict_set_template(cadcom_verdict *v, const char *name,
					      const cadcom_sd *sd, const cadcom_token *token,
					      int autoenroll);

CADCOM_EXTERN void cadcom_verdict_free(cadcom_verdict *v);

/** 1 when no layer denies, 0 when one does. */
CADCOM_EXTERN int cadcom_verdict_allowed(const cadcom_verdict *v);
/** The enrollee's name (or SID) as the verdict calls it (borrowed). */
CADCOM_EXTERN const char *cadcom_verdict_enrollee(const cadcom_verdict *v);

CADCOM_EXTERN size_t cadcom_verdict_count(const cadcom_verdict *v);
/** Layer `index`: a CADCOM_LAYER_* (ca.h), its CADCOM_VERDICT_* result. */
CADCOM_EXTERN int cadcom_verdict_layer(const cadcom_verdict *v, size_t index);
CADCOM_EXTERN int cadcom_verdict_result(const cadcom_verdict *v, size_t index);
/** The deciding ACE's index in that layer's DACL, or -1. */
CADCOM_EXTERN long cadcom_verdict_ace(const cadcom_verdict *v, size_t index);
/** What happened there, and the fix when denied (borrowed; fix may be NULL). */
CADCOM_EXTERN const char *cadcom_verdict_text(const cadcom_verdict *v, size_t index);
CADCOM_EXTERN const char *cadcom_verdict_fix(const cadcom_verdict *v, size_t index);

/** Informational notes (DCOM hardening values, InterfaceFlags) (borrowed). */
CADCOM_EXTERN size_t cadcom_verdict_note_count(const cadcom_verdict *v);
CADCOM_EXTERN const char *cadcom_verdict_note(const cadcom_verdict *v, size_t index);

/** For people / as JSON (free with cadcom_free()). */
CADCOM_EXTERN int cadcom_verdict_to_text(const cadcom_verdict *v, char **out);
CADCOM_EXTERN int cadcom_verdict_to_json(const cadcom_verdict *v, char **out);

#ifdef __cplusplus
}
#endif

#endif
