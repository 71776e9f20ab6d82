/*
 * libcadcom — what a Certification Authority needs, what it has, and the
 * plan that gets it there (KB 903220; doc/CA.md).
 *
 * cadcom_plan_compute() takes a topology (topology.h) and a target
 * (target.h; NULL: a CA with Windows' default values) and produces:
 *   - assumptions: what the planner took for granted ("no LaunchPermission:
 *     CertSrv Request uses DefaultLaunchPermission");
 *   - findings: each with a severity, the layer it concerns, the evidence
 *     and the fix;
 *   - actions: ordered changes, each with its revert (registry values as
 *     they are and will be; groups to create; members to add).
 * Requirements are merged into what the target holds: nothing else in the
 * descriptors or the group changes.  Values under
 * HKLM\SOFTWARE\Policies (Group Policy) are read and win, but are never
 * written: the plan names the policy to change instead.
 */
#ifndef CADCOM_CA_H
#define CADCOM_CA_H

#include "common.h"
#include "sid.h"
#include "topology.h"
#include "target.h"
#include "regfile.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The CertSrv Request DCOM application (CLSID = AppID). */
#define CADCOM_CERTSRV_REQUEST_APPID "{D99E6E74-FC88-11D0-B498-00A0C90312F3}"
/** SetupStatus flag whose reset makes CertSvc re-apply its DCOM security. */
#define CADCOM_SETUP_DCOM_SECURITY_UPDATED 0x2000u

typedef struct cadcom_plan cadcom_plan;

enum cadcom_severity {
	CADCOM_SEVERITY_INFO = 1,    /**< worth knowing; nothing to fix */
	CADCOM_SEVERITY_WARNING = 2, /**< may deny some enrollees, or needs a person */
	CADCOM_SEVERITY_ERROR = 3    /**< enrollees are denied until it is fixed */
};

/** Where a finding or action belongs, outermost first. */
enum cadcom_layer {
	CADCOM_LAYER_MACHINE_LAUNCH = 1, /**< MachineLaunchRestriction (or its policy) */
	CADCOM_LAYER_MACHINE_ACCESS = 2, /**< MachineAccessRestriction (or its policy) */
	CADCOM_LAYER_APP_LAUNCH = 3,     /**< CertSrv Request LaunchPermission */
	CADCOM_LAYER_APP_ACCESS = 4,     /**< CertSrv Request AccessPermission */
	CADCOM_LAYER_GROUP = 5,          /**< the DCOM access group itself */
	CADCOM_LAYER_MEMBERS = 6,        /**< its members */
	CADCOM_LAYER_CA = 7,             /**< CertSvc configuration (SetupStatus) */
	CADCOM_LAYER_CA_SECURITY = 8,    /**< the CA's own Security descriptor (Enroll) */
	CADCOM_LAYER_TEMPLATE = 9        /**< the certificate template's permissions (AD) */
};

enum cadcom_action_kind {
	CADCOM_ACTION_SET_VALUE = 1,    /**< write a registry value (revert: old value or delete) */
	CADCOM_ACTION_CREATE_GROUP = 2, /**< create the group (revert: delete it) */
	CADCOM_ACTION_ADD_MEMBER = 3    /**< add a member (revert: remove it) */
};

/**
 * Compute requirement, findings and plan.  `target` may be NULL (Windows'
 * default values, no group).  Fails for an invalid topology, or when the
 * target cannot be read; findings are not failures.
 */
CADCOM_EXTERN int cadcom_plan_compute(const cadcom_topology *topo, cadcom_target *target,
				      cadcom_plan **out);
CADCOM_EXTERN void cadcom_plan_free(cadcom_plan *p);

/** The highest severity among the findings, 0 when there are none. */
CADCOM_EXTERN int cadcom_plan_worst(const cadcom_plan *p);

CADCOM_EXTERN size_t cadcom_plan_assumption_count(const cadcom_plan *p);
/** Borrowed; NULL out of range. */
CADCOM_EXTERN const char *cadcom_plan_assumption(const cadcom_plan *p, size_t index);

CADCOM_EXTERN size_t cadcom_plan_finding_count(const cadcom_plan *p);
/** CADCOM_SEVERITY_* / CADCOM_LAYER_* of finding `index` (0 out of range). */
CADCOM_EXTERN int cadcom_plan_finding_severity(const cadcom_plan *p, size_t index);
CADCOM_EXTERN int cadcom_plan_finding_layer(const cadcom_plan *p, size_t index);
/** What is wrong, the evidence (e.g. the current SDDL), the fix (borrowed; may be NULL). */
CADCOM_EXTERN const char *cadcom_plan_finding_text(const cadcom_plan *p, size_t index);
CADCOM_EXTERN const char *cadcom_plan_finding_evidence(const cadcom_plan *p, size_t index);
CADCOM_EXTERN const char *cadcom_plan_finding_fix(const cadcom_plan *p, size_t index);

CADCOM_EXTERN size_t cadcom_plan_action_count(const cadcom_plan *p);
/** CADCOM_ACTION_* of action `index` (0 out of range). */
CADCOM_EXTERN int cadcom_plan_action_kind(const cadcom_plan *p, size_t index);
CADCOM_EXTERN int cadcom_plan_action_layer(const cadcom_plan *p, size_t index);
/** One sentence for people (borrowed). */
CADCOM_EXTERN const char *cadcom_plan_action_text(const cadcom_plan *p, size_t index);
/** SET_VALUE: key and value name (borrowed; NULL for other kinds). */
CADCOM_EXTERN const char *cadcom_plan_action_key(const cadcom_plan *p, size_t index);
CADCOM_EXTERN const char *cadcom_plan_action_value_name(const cadcom_plan *p, size_t index);
/**
 * SET_VALUE: the new (`old` 0) or current (`old` 1) type and bytes (free with
 * cadcom_free()); CADCOM_ENOTFOUND for a current value that does not exist.
 */
CADCOM_EXTERN int cadcom_plan_action_value(const cadcom_plan *p, size_t index, int old,
					   int *type, unsigned char **out, size_t *len);
/** CREATE_GROUP / ADD_MEMBER: the group, and for ADD_MEMBER the member (borrowed). */
CADCOM_EXTERN const cadcom_sid *cadcom_plan_action_group(const cadcom_plan *p, size_t index);
CADCOM_EXTERN const cadcom_sid *cadcom_plan_action_member(const cadcom_plan *p, size_t index);

/**
 * The registry actions as .reg files: `forward` makes the change, `revert`
 * undoes it (deleting values that did not exist).  Either pointer may be
 * NULL.  Group actions cannot be expressed in a .reg file; when the plan has
 * some, the files still hold the registry part (cadcom_plan_action_count()
 * tells the rest).
 */
CADCOM_EXTERN int cadcom_plan_regfiles(const cadcom_plan *p, cadcom_regfile **forward,
				       cadcom_regfile **revert);

/**
 * The whole plan for people / as JSON (free with cadcom_free()).  The JSON
 * ("format": "cadcom-plan-1", doc/CA.md) carries everything an apply needs
 * and reads back with cadcom_plan_from_json(); CADCOM_EUNREPRESENTABLE when
 * a text of the plan is not UTF-8.
 */
CADCOM_EXTERN int cadcom_plan_to_text(const cadcom_plan *p, char **out);
CADCOM_EXTERN int cadcom_plan_to_json(const cadcom_plan *p, char **out);

/**
 * Read a plan written by cadcom_plan_to_json(): its assumptions, findings
 * and actions, so that it can be reviewed, then applied as it was written
 * (free with cadcom_plan_free()).  `len` bytes of `json`, named `source` in
 * messages (may be NULL).  Strict: every field the writer writes that
 * carries meaning is required, unknown fields and words (format, kind,
 * layer, severity, type) are errors, as are bad hex, SIDs that are not
 * "S-1-...", registry keys without a valid root, a REG_DWORD of other than
 * 4 bytes (REG_QWORD 8), an old_type without old_hex or the other way
 * round, and an "sddl" that does not describe "hex" (it is only shown;
 * "hex" is written).  Errors are CADCOM_EPARSE "SOURCE:LINE: PATH: message"
 * ("plan.json:14: actions[2].hex: odd number of hex digits (5)"); malformed
 * JSON gives jansson's line and column and the byte offset
 * (cadcom_error_offset()); CADCOM_ELIMIT past 16 MiB.
 * to_json(from_json(to_json(p))) is to_json(p), byte for byte.
 */
CADCOM_EXTERN int cadcom_plan_from_json(cadcom_plan **out, const char *json, size_t len,
					const char *source);

/**
 * Is `target` a CA?  0 when it has the key
 * HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\CertSvc\Configuration;
 * CADCOM_ENOTFOUND ("target is not a CA: no ... key") when it has not; or
 * the error reading it.  Works on every target kind; an offline target
 * needs its SYSTEM hive (cadcom_target_open_hives()) to have the key.
 */
CADCOM_EXTERN int cadcom_plan_check_ca(cadcom_target *target);

/**
 * Append to `p` the SetupStatus reset of KB 903220: SET_VALUE actions
 * (layer CADCOM_LAYER_CA) that clear CADCOM_SETUP_DCOM_SECURITY_UPDATED
 * (0x2000), so that CertSvc re-applies its DCOM defaults when it next starts
 * (restarting it is the caller's part).  Each action's old value is the
 * REG_DWORD there now, the new one the same without the flag.
 *
 * Where: SetupStatus of ...\CertSvc\Configuration, and SetupStatus of the
 * per-CA key Configuration\<CA> when that value exists; the CA's name is the
 * topology's (cadcom_topology_ca_name(); `topo` may be NULL), else
 * Configuration's Active value.  Why both: the KB's unprefixed
 * `certutil -setreg SetupStatus -SETUP_DCOM_SECURITY_UPDATED_FLAG` writes
 * Configuration\SetupStatus (INFERRED from how certutil names values:
 * facts.md §3), while certsrv.h lists SetupStatus under the per-CA key,
 * where CA setup keeps it; clearing the flag in both covers either reading.
 *
 * A place whose value is absent or whose flag is clear gets no action, nor
 * does one the plan already sets (a second call adds nothing).  Errors,
 * with nothing appended: cadcom_plan_check_ca()'s CADCOM_ENOTFOUND;
 * CADCOM_EPARSE when a SetupStatus is not a 4-byte REG_DWORD, or Active
 * is not a REG_SZ naming a key; the target's read errors.
 */
CADCOM_EXTERN int cadcom_plan_reset_setup_flag(cadcom_plan *p, const cadcom_topology *topo,
					       cadcom_target *target);

#ifdef __cplusplus
}
#endif

#endif
