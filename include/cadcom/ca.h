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

/** The whole plan for people / as JSON (free with cadcom_free()). */
CADCOM_EXTERN int cadcom_plan_to_text(const cadcom_plan *p, char **out);
CADCOM_EXTERN int cadcom_plan_to_json(const cadcom_plan *p, char **out);

#ifdef __cplusplus
}
#endif

#endif
