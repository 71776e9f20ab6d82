/*
 * libcadcom — applying a plan to a target, and undoing it (doc/APPLY.md).
 *
 * winreg, samr and LDAP have no transactions, so cadcom_plan_apply()
 * earns "all or nothing" itself:
 *   1. preflight: every step's current state is read and compared with
 *      what the plan expects, and every key to be written is opened for
 *      writing (the server's own access check), before anything changes;
 *   2. backup: revert.reg (the values as they are) and members.json (the
 *      groups' members as they are) are written to the backup directory,
 *      and the journal is created there;
 *   3. each step: read again and compare (someone else may have changed
 *      it), record the intent in the journal (flushed to disk), write,
 *      read back, verify, record the outcome;
 *   4. on a failure, every step the journal says was done is undone, in
 *      reverse order, each verified by reading back.  A lost connection is
 *      re-established first; when it cannot be, the report and the journal
 *      say exactly which steps happened, and cadcom_rollback() finishes the
 *      job later.
 * A step whose target already holds the planned state is skipped, so a
 * second apply of the same plan writes nothing.
 */
#ifndef CADCOM_APPLY_H
#define CADCOM_APPLY_H

#include "common.h"
#include "ca.h"
#include "target.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The report of one apply or rollback. */
typedef struct cadcom_apply cadcom_apply;

/** cadcom_apply_options.flags */
#define CADCOM_APPLY_DRY_RUN 1u /**< preflight only: read and compare, write nothing */
#define CADCOM_APPLY_RESTART 2u /**< after a complete apply, restart the CA's service */
/** Leave the group steps out (offline hives and .reg files hold no groups):
 * they stay CADCOM_STEP_PENDING with the reason, and a note says what to
 * do on the running computer.  Without it, such a target refuses them. */
#define CADCOM_APPLY_REGISTRY_ONLY 4u

/** What became of a step. */
enum cadcom_step_state {
	CADCOM_STEP_PENDING = 0,  /**< not started (or, in a dry run, would be written) */
	CADCOM_STEP_SKIPPED = 1,  /**< the target already holds the planned state */
	CADCOM_STEP_DONE = 2,     /**< written, read back and verified */
	CADCOM_STEP_FAILED = 3,   /**< the write failed; this step changed nothing */
	CADCOM_STEP_IN_DOUBT = 4, /**< sent without an answer, and the target cannot be read */
	CADCOM_STEP_REVERTED = 5, /**< done, then undone and verified */
	CADCOM_STEP_CONFLICT = 6  /**< the target holds neither the old nor the planned state */
};

/** The whole result. */
enum cadcom_outcome {
	CADCOM_OUTCOME_NOTHING = 1,    /**< nothing to do: every step already holds */
	CADCOM_OUTCOME_APPLIED = 2,    /**< every step done (or already so) */
	CADCOM_OUTCOME_REVERTED = 3,   /**< a step failed and every done step was undone */
	CADCOM_OUTCOME_INCOMPLETE = 4, /**< some steps happened and could not be undone now:
					    run cadcom_rollback() on the backup directory */
	CADCOM_OUTCOME_REFUSED = 5,    /**< preflight found a conflict: nothing was written */
	CADCOM_OUTCOME_DRY_RUN = 6,    /**< preflight passed; nothing was written */
	CADCOM_OUTCOME_ROLLED_BACK = 7 /**< cadcom_rollback(): the target is as before the apply */
};

/** Called before each step (state CADCOM_STEP_PENDING), after it, and after it is undone. */
typedef void cadcom_progress_fn(void *arg, size_t step, size_t count, const char *text,
				int state);

#define CADCOM_APPLY_OPTIONS_VERSION 1

/** Options of cadcom_plan_apply() and cadcom_rollback(); initialise with
 * cadcom_apply_options_init(). */
typedef struct cadcom_apply_options {
	unsigned int version;    /**< CADCOM_APPLY_OPTIONS_VERSION */
	unsigned int flags;      /**< CADCOM_APPLY_* */
	/** Where the journal, revert.reg and members.json go: created (mode
	 * 0700) if missing; it must not hold a journal already.  Required
	 * unless CADCOM_APPLY_DRY_RUN. */
	const char *backup_dir;
	const char *service;     /**< CADCOM_APPLY_RESTART: NULL means "CertSvc" */
	unsigned int timeout_ms; /**< CADCOM_APPLY_RESTART: for stop and for start; 0: 60000 */
	cadcom_progress_fn *progress; /**< may be NULL */
	void *progress_arg;
} cadcom_apply_options;

/** Fill `opts` with the defaults of `version` (CADCOM_EINVAL for an unknown one). */
CADCOM_EXTERN int cadcom_apply_options_init(cadcom_apply_options *opts, unsigned int version);

/**
 * Apply `plan` to `target` (see above).  Returns 0 with a report in *out
 * whatever the outcome (cadcom_apply_outcome() says it); an error, with
 * nothing written and *out untouched, when it cannot start:
 * CADCOM_EINVAL (options), CADCOM_ENOTFOUND (the target is not a CA: no
 * CertSvc configuration), CADCOM_EUNSUPPORTED (a plan that creates the
 * group: create it, then plan again), CADCOM_EIO (the backup directory
 * cannot be written, or already holds a journal), CADCOM_EACCESS (these
 * credentials may not write a key the plan changes).
 * A hive target is committed (cadcom_target_commit()) after the last step.
 */
CADCOM_EXTERN int cadcom_plan_apply(const cadcom_plan *plan, cadcom_target *target,
				    const cadcom_apply_options *opts, cadcom_apply **out);

/**
 * Undo what the journal in `backup_dir` says an apply did, newest first,
 * also after a crash or a lost connection: each step is decided by reading
 * the target (a write that was sent without an answer may or may not have
 * happened).  A value is restored byte for byte (or deleted, when it did
 * not exist); a member added is removed.  A step whose target holds
 * neither state is a conflict and is left alone.  Rolling back twice
 * changes nothing the second time.  CADCOM_EPARSE for a corrupt journal
 * (nothing written), CADCOM_ENOTFOUND when there is none.
 */
CADCOM_EXTERN int cadcom_rollback(cadcom_target *target, const char *backup_dir,
				  const cadcom_apply_options *opts, cadcom_apply **out);

CADCOM_EXTERN void cadcom_apply_free(cadcom_apply *a);

/** A CADCOM_OUTCOME_* value. */
CADCOM_EXTERN int cadcom_apply_outcome(const cadcom_apply *a);
/** "applied", "in doubt", ... for outcomes and step states. */
CADCOM_EXTERN const char *cadcom_apply_outcome_name(int outcome);
CADCOM_EXTERN const char *cadcom_apply_state_name(int state);

CADCOM_EXTERN size_t cadcom_apply_step_count(const cadcom_apply *a);
/** The step in words (borrowed; NULL out of range). */
CADCOM_EXTERN const char *cadcom_apply_step_text(const cadcom_apply *a, size_t index);
/** A CADCOM_STEP_* value (-1 out of range). */
CADCOM_EXTERN int cadcom_apply_step_state(const cadcom_apply *a, size_t index);
/** Why the step failed or conflicts (borrowed; NULL when it did not). */
CADCOM_EXTERN const char *cadcom_apply_step_error(const cadcom_apply *a, size_t index);

/**
 * What else the operator must know: domain controllers added to the group
 * must restart (the library does not restart them), the service restart's
 * result, what to run after an incomplete apply.
 */
CADCOM_EXTERN size_t cadcom_apply_note_count(const cadcom_apply *a);
CADCOM_EXTERN const char *cadcom_apply_note(const cadcom_apply *a, size_t index);

/** The report for people / as JSON (free with cadcom_free()). */
CADCOM_EXTERN int cadcom_apply_to_text(const cadcom_apply *a, char **out);
CADCOM_EXTERN int cadcom_apply_to_json(const cadcom_apply *a, char **out);

#ifdef __cplusplus
}
#endif

#endif
