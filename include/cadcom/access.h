/*
 * libcadcom — Windows' access check (MS-DTYP 2.5.3.2), with a trace.
 *
 * cadcom_access_check() answers "does this descriptor grant these rights to
 * this token?" the way AccessCheck / AccessCheckByType do, and records why:
 * for every requested right the ACE (or the rule) that granted or denied it,
 * and for every ACE what it did.  Covered: allow and deny ACEs in DACL order,
 * inherit-only ACEs skipped, deny-only groups, the owner's implied
 * READ_CONTROL|WRITE_DAC and OWNER RIGHTS (S-1-3-4) overriding it,
 * MAXIMUM_ALLOWED, generic mapping of the desired mask, NULL and absent
 * DACLs (everything), empty DACLs (nothing), the SeSecurity and
 * SeTakeOwnership privileges, PRINCIPAL_SELF substitution, and object ACEs
 * against an object-type list.  Not covered: conditional (callback) ACEs,
 * mandatory integrity labels, central access policies; such ACEs are
 * skipped and the trace says so.
 *
 * Generic bits inside ACE masks are not mapped: Windows maps them when a
 * descriptor is created or inherited, not at check time.
 */
#ifndef CADCOM_ACCESS_H
#define CADCOM_ACCESS_H

#include "common.h"
#include "sd.h"
#include "token.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Standard and generic rights (MS-DTYP 2.4.3). */
#define CADCOM_ACCESS_DELETE 0x00010000u
#define CADCOM_ACCESS_READ_CONTROL 0x00020000u
#define CADCOM_ACCESS_WRITE_DAC 0x00040000u
#define CADCOM_ACCESS_WRITE_OWNER 0x00080000u
#define CADCOM_ACCESS_SYNCHRONIZE 0x00100000u
#define CADCOM_ACCESS_SYSTEM_SECURITY 0x01000000u
#define CADCOM_ACCESS_MAXIMUM_ALLOWED 0x02000000u
#define CADCOM_ACCESS_GENERIC_ALL 0x10000000u
#define CADCOM_ACCESS_GENERIC_EXECUTE 0x20000000u
#define CADCOM_ACCESS_GENERIC_WRITE 0x40000000u
#define CADCOM_ACCESS_GENERIC_READ 0x80000000u

/** Why a right was granted or denied (cadcom_access_result_decision()). */
enum cadcom_access_reason {
	CADCOM_REASON_NOT_REQUESTED = 0, /**< the right was not asked for */
	CADCOM_REASON_ALLOW_ACE = 1,     /**< granted by the ACE named */
	CADCOM_REASON_DENY_ACE = 2,      /**< denied by the ACE named */
	CADCOM_REASON_OWNER = 3,         /**< granted: the token is the owner */
	CADCOM_REASON_PRIVILEGE = 4,     /**< granted by a privilege */
	CADCOM_REASON_NO_DACL = 5,       /**< granted: NULL or absent DACL */
	CADCOM_REASON_NO_ACE = 6,        /**< denied: no ACE granted it */
	CADCOM_REASON_NO_PRIVILEGE = 7   /**< denied: ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege */
};

/** What one DACL entry did (cadcom_access_result_step()). */
enum cadcom_access_step {
	CADCOM_STEP_INHERIT_ONLY = 1,  /**< skipped: applies to children only */
	CADCOM_STEP_NOT_IN_TOKEN = 2,  /**< skipped: the trustee is not in the token */
	CADCOM_STEP_DENY_ONLY = 3,     /**< skipped: allow ACE for a deny-only group */
	CADCOM_STEP_OBJECT_TYPE = 4,   /**< skipped: object type not in the request */
	CADCOM_STEP_UNSUPPORTED = 5,   /**< skipped: ACE type not evaluated */
	CADCOM_STEP_ALLOWED = 6,       /**< granted the bits reported */
	CADCOM_STEP_DENIED = 7,        /**< denied the bits reported */
	CADCOM_STEP_NO_EFFECT = 8      /**< matched, but every bit was already decided */
};

/* ---- optional parameters of a check ------------------------------------ */

typedef struct cadcom_access_request cadcom_access_request;

CADCOM_EXTERN int cadcom_access_request_new(cadcom_access_request **out);
CADCOM_EXTERN void cadcom_access_request_free(cadcom_access_request *req);

/**
 * The object's generic mapping: GENERIC_READ/WRITE/EXECUTE/ALL in the desired
 * mask become these rights.  Without one, a desired mask holding generic
 * bits is refused (CADCOM_EINVAL), as AccessCheck refuses it.
 */
CADCOM_EXTERN int cadcom_access_request_set_generic_mapping(cadcom_access_request *req,
							     uint32_t read, uint32_t write,
							     uint32_t execute, uint32_t all);

/**
 * Append an element to the object-type list (MS-DTYP OBJECT_TYPE_LIST, as
 * AccessCheckByType takes it): `level` 0 is the object itself (only the first
 * element), 1 a property set, 2 a property, ... up to 4; each level at most
 * one deeper than the previous element.  `guid` is the object's class,
 * property set or property GUID ("0e10c968-78fb-11d2-90d4-00c04f79dc55").
 * Without a list, object ACEs that name an object type are skipped.
 */
CADCOM_EXTERN int cadcom_access_request_add_object_type(cadcom_access_request *req,
							 unsigned level, const char *guid);

/**
 * The SID that replaces PRINCIPAL_SELF (S-1-5-10) in ACEs: the SID of the
 * object being checked when it is itself a user, computer or group.
 */
CADCOM_EXTERN int cadcom_access_request_set_self(cadcom_access_request *req,
						  const cadcom_sid *self);

/* ---- the check ---------------------------------------------------------- */

typedef struct cadcom_access_result cadcom_access_result;

/**
 * Check `desired` (with CADCOM_ACCESS_MAXIMUM_ALLOWED: everything the
 * descriptor grants, plus the other bits asked for) for `token` against
 * `sd`'s DACL.  `req` may be NULL.  On success *out holds the verdict and
 * the trace (free with cadcom_access_result_free()); a denial is a verdict,
 * not an error.  Errors: NULL arguments, generic bits without a mapping.
 */
CADCOM_EXTERN int cadcom_access_check(const cadcom_sd *sd, const cadcom_token *token,
				      uint32_t desired, const cadcom_access_request *req,
				      cadcom_access_result **out);

/**
 * The same check without a trace, for speed: 1 when every requested right is
 * granted, 0 when denied, or a negative error.  *granted (may be NULL)
 * receives the rights granted (0 when denied, as AccessCheck).
 */
CADCOM_EXTERN int cadcom_access_check_mask(const cadcom_sd *sd, const cadcom_token *token,
					   uint32_t desired, const cadcom_access_request *req,
					   uint32_t *granted);

CADCOM_EXTERN void cadcom_access_result_free(cadcom_access_result *res);

/** 1 if everything requested was granted, else 0. */
CADCOM_EXTERN int cadcom_access_result_allowed(const cadcom_access_result *res);
/** The rights granted; 0 when denied (as AccessCheck's GrantedAccess). */
CADCOM_EXTERN uint32_t cadcom_access_result_granted(const cadcom_access_result *res);
/** The requested rights that were not granted (denied or never allowed). */
CADCOM_EXTERN uint32_t cadcom_access_result_missing(const cadcom_access_result *res);
/** The desired mask after generic mapping, without MAXIMUM_ALLOWED. */
CADCOM_EXTERN uint32_t cadcom_access_result_requested(const cadcom_access_result *res);

/**
 * Why the single right `bit` (one bit set) was granted or denied: a
 * CADCOM_REASON_* value; *ace_index (may be NULL) gets the DACL index of the
 * deciding ACE, or -1 when no ACE decided.
 */
CADCOM_EXTERN int cadcom_access_result_decision(const cadcom_access_result *res, uint32_t bit,
						long *ace_index);

/** One step per DACL entry examined, in order. */
CADCOM_EXTERN size_t cadcom_access_result_step_count(const cadcom_access_result *res);
/**
 * Step `index`: the DACL index of the ACE, what it did (CADCOM_STEP_*) and
 * the bits it granted or denied (for ALLOWED and DENIED).  CADCOM_ENOTFOUND
 * when out of range.
 */
CADCOM_EXTERN int cadcom_access_result_step(const cadcom_access_result *res, size_t index,
					    size_t *ace_index, int *what, uint32_t *bits);

/**
 * With an object-type list: the rights granted to element `index` of the
 * list (AccessCheckByTypeResultList); 0 when out of range.
 */
CADCOM_EXTERN uint32_t cadcom_access_result_object_granted(const cadcom_access_result *res,
							    size_t index);

/**
 * The trace for people, one line per requested right and per ACE step,
 * quoting each ACE in SDDL (`domain` and `windows` as cadcom_sd_to_sddl()).
 * Free with cadcom_free().
 */
CADCOM_EXTERN int cadcom_access_result_explain(const cadcom_access_result *res,
					       const cadcom_sd *sd, const cadcom_sid *domain,
					       int windows, char **out);

#ifdef __cplusplus
}
#endif

#endif
