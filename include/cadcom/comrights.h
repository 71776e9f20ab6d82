/*
 * libcadcom — DCOM launch/activation and access permissions.
 *
 * A DCOM security descriptor (MachineLaunchRestriction, LaunchPermission,
 * MachineAccessRestriction, AccessPermission, the Default* values) uses the
 * five COM_RIGHTS bits (Microsoft win32 docs, com/access-control-lists-for-com.md):
 * every ACE carries COM_RIGHTS_EXECUTE; an ACE with nothing else is the
 * legacy (pre Windows XP SP2 / Server 2003 SP1) form and means "local and
 * remote"; one ACL never mixes the two forms.  dcomcnfg shows the bits as
 * checkboxes (CADCOM_COM_LOCAL_LAUNCH...), which is how this API speaks.
 *
 * Edits follow DESIGN.md's rule: a new ACE goes to its canonical position,
 * and no ACE the caller did not name is dropped, reordered or changed.
 */
#ifndef CADCOM_COMRIGHTS_H
#define CADCOM_COMRIGHTS_H

#include "common.h"
#include "sd.h"
#include "token.h"
#include "access.h"

#ifdef __cplusplus
extern "C" {
#endif

/* COM_RIGHTS_* (the ACE mask bits). */
#define CADCOM_COM_RIGHTS_EXECUTE 0x01u
#define CADCOM_COM_RIGHTS_EXECUTE_LOCAL 0x02u
#define CADCOM_COM_RIGHTS_EXECUTE_REMOTE 0x04u
#define CADCOM_COM_RIGHTS_ACTIVATE_LOCAL 0x08u
#define CADCOM_COM_RIGHTS_ACTIVATE_REMOTE 0x10u

/** The two kinds of DCOM descriptor. */
enum cadcom_com_kind {
	CADCOM_COM_LAUNCH = 1, /**< launch and activation permissions / restrictions */
	CADCOM_COM_ACCESS = 2  /**< access permissions / restrictions */
};

/** dcomcnfg's checkboxes (a set of them is an `unsigned` of these bits). */
enum cadcom_com_permission {
	CADCOM_COM_LOCAL_LAUNCH = 0x01,      /**< launch SD: EXECUTE_LOCAL */
	CADCOM_COM_REMOTE_LAUNCH = 0x02,     /**< launch SD: EXECUTE_REMOTE */
	CADCOM_COM_LOCAL_ACTIVATION = 0x04,  /**< launch SD: ACTIVATE_LOCAL */
	CADCOM_COM_REMOTE_ACTIVATION = 0x08, /**< launch SD: ACTIVATE_REMOTE */
	CADCOM_COM_LOCAL_ACCESS = 0x10,      /**< access SD: EXECUTE_LOCAL */
	CADCOM_COM_REMOTE_ACCESS = 0x20      /**< access SD: EXECUTE_REMOTE */
};

/** The form of a DCOM ACL (cadcom_com_sd_form()). */
enum cadcom_com_form {
	CADCOM_COM_FORM_EMPTY = 0,  /**< no ACEs (or no DACL): either form may follow */
	CADCOM_COM_FORM_LEGACY = 1, /**< every ACE is EXECUTE only */
	CADCOM_COM_FORM_NEW = 2,    /**< every ACE is EXECUTE plus local/remote bits */
	CADCOM_COM_FORM_MIXED = 3   /**< both: invalid */
};

/** Every checkbox of a kind (0 for an unknown kind). */
CADCOM_EXTERN unsigned cadcom_com_all_permissions(int kind);

/**
 * The ACE mask for checkboxes `perms` of `kind` (EXECUTE always included).
 * CADCOM_EINVAL for an unknown kind, no checkbox, or a checkbox of the other
 * kind.
 */
CADCOM_EXTERN int cadcom_com_mask(int kind, unsigned perms, uint32_t *mask);

/**
 * The checkboxes an ACE mask stands for: a legacy mask (EXECUTE only) stands
 * for all of them; bits that mean nothing for `kind` are ignored.  A mask
 * without COM_RIGHTS_EXECUTE is invalid (CADCOM_EINVALIDSD).
 */
CADCOM_EXTERN int cadcom_com_permissions(int kind, uint32_t mask, unsigned *perms);

/**
 * What enrolment needs from a DCOM descriptor of `kind` (facts: the client
 * activates the running CertSvc, it does not launch it): remote or local
 * activation in launch descriptors, remote or local access in access
 * descriptors.  0 for an unknown kind.
 */
CADCOM_EXTERN unsigned cadcom_com_enroll_permission(int kind, int remote);

/** The form of `sd`'s DACL (a CADCOM_COM_FORM_* value), or an error. */
CADCOM_EXTERN int cadcom_com_sd_form(const cadcom_sd *sd);

/**
 * Check the DCOM rules: every DACL ACE is an allow or deny ACE holding
 * COM_RIGHTS_EXECUTE, and the forms are not mixed.  0 when valid; otherwise
 * CADCOM_EINVALIDSD with a message naming the ACE and the rule, and
 * *bad_index (may be NULL) = that ACE's index.
 */
CADCOM_EXTERN int cadcom_com_sd_validate(const cadcom_sd *sd, size_t *bad_index);

/**
 * Rewrite a legacy ACL in the new form without changing its meaning: each
 * EXECUTE-only ACE gets every local and remote bit of `kind`.  Nothing to do
 * for other forms.  Returns the number of ACEs rewritten.
 */
CADCOM_EXTERN int cadcom_com_sd_upgrade(cadcom_sd *sd, int kind);

/**
 * The checkboxes the ACEs naming exactly `trustee` allow and deny (as
 * dcomcnfg shows them; group membership is not considered; inherit-only
 * ACEs do not count).  Either out-pointer may be NULL.
 */
CADCOM_EXTERN int cadcom_com_query(const cadcom_sd *sd, int kind, const cadcom_sid *trustee,
				   unsigned *allowed, unsigned *denied);

/**
 * Allow `perms` to `trustee`: add the bits to the trustee's first explicit
 * allow ACE, or insert a new ACE at its canonical position.  Deny ACEs are
 * left alone (cadcom_com_merge() reports those that defeat a grant).  A
 * legacy ACL can only grant everything: other sets fail with
 * CADCOM_EUNREPRESENTABLE (cadcom_com_sd_upgrade() first).  An invalid SD
 * fails with CADCOM_EINVALIDSD.  Returns 1 if the SD changed, 0 if the
 * trustee already had the permissions explicitly.
 */
CADCOM_EXTERN int cadcom_com_grant(cadcom_sd *sd, int kind, const cadcom_sid *trustee,
				   unsigned perms);

/**
 * Withdraw `perms` from `trustee`'s explicit allow ACEs; an ACE left with
 * EXECUTE alone is removed (it would mean "everything" in the legacy form).
 * Inherited ACEs are not edited.  In a legacy ACL only everything can be
 * revoked (else CADCOM_EUNREPRESENTABLE).  Returns 1 if the SD changed, else 0.
 */
CADCOM_EXTERN int cadcom_com_revoke(cadcom_sd *sd, int kind, const cadcom_sid *trustee,
				    unsigned perms);

/**
 * An access check in DCOM's terms: does `sd` (of `kind`) give `token` the
 * checkboxes `perms`?  A legacy ACL is checked for COM_RIGHTS_EXECUTE, a
 * new-form ACL for the specific bits — so a new-form deny ACE (which always
 * carries EXECUTE) denies only the checkboxes it names.  Same result object
 * as cadcom_access_check().  CADCOM_EINVALIDSD for a mixed ACL.
 */
CADCOM_EXTERN int cadcom_com_check(const cadcom_sd *sd, int kind, const cadcom_token *token,
				   unsigned perms, cadcom_access_result **out);

/* ---- merging a requirement ---------------------------------------------- */

typedef struct cadcom_com_report cadcom_com_report;

/** How sure a conflict is (cadcom_com_report_conflict()). */
enum cadcom_com_conflict_kind {
	/** The deny ACE names the trustee itself, or a SID every caller has
	 *  (Everyone, Authenticated Users): the grant cannot work. */
	CADCOM_COM_CONFLICT_CERTAIN = 1,
	/** The deny ACE names another SID: it defeats the grant for callers
	 *  that are also members of it. */
	CADCOM_COM_CONFLICT_POSSIBLE = 2
};

/**
 * Grant every allow ACE of `required` (a DCOM descriptor of `kind`, allow
 * ACEs only) into `sd`, as cadcom_com_grant() does: the union of rights,
 * every unrelated ACE kept byte for byte.  Existing deny ACEs that would
 * defeat a required grant are reported in *report (may be NULL), never
 * removed.  On error `sd` is unchanged.
 */
CADCOM_EXTERN int cadcom_com_merge(cadcom_sd *sd, int kind, const cadcom_sd *required,
				   cadcom_com_report **report);
CADCOM_EXTERN void cadcom_com_report_free(cadcom_com_report *report);
/** ACEs the merge added or widened (0: `sd` already satisfied `required`). */
CADCOM_EXTERN size_t cadcom_com_report_changes(const cadcom_com_report *report);
CADCOM_EXTERN size_t cadcom_com_report_conflict_count(const cadcom_com_report *report);
/**
 * Conflict `index`: the index of the deny ACE in the merged `sd`, the index
 * of the allow ACE in `required` it defeats, the checkboxes it denies, and a
 * CADCOM_COM_CONFLICT_* kind.  Any out-pointer may be NULL.
 */
CADCOM_EXTERN int cadcom_com_report_conflict(const cadcom_com_report *report, size_t index,
					     size_t *deny_ace, size_t *required_ace,
					     unsigned *perms, int *kind);
/** A sentence describing conflict `index` (borrowed; NULL when out of range). */
CADCOM_EXTERN const char *cadcom_com_report_message(const cadcom_com_report *report,
						    size_t index);

#ifdef __cplusplus
}
#endif

#endif
