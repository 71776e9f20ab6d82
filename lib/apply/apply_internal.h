/*
 * libcadcom — the apply engine's shared definitions (never installed).
 *
 *   apply.c    preflight, the steps, revert, rollback
 *   journal.c  the journal and the backup files on disk
 *   report.c   the report's accessors, text and JSON
 *
 * This layer sits above lib/ca and lib/store: it is the one that writes
 * files of its own (lib/ca stays free of I/O).
 */
#ifndef CADCOM_APPLY_INTERNAL_H
#define CADCOM_APPLY_INTERNAL_H

#include "../store/store.h"
#include "cadcom/apply.h"
#include "cadcom/ca.h"

/* A step kind beyond the plan's CADCOM_ACTION_*: the service restart,
 * reported like a step but never journaled or reverted. */
enum { STEP_RESTART = 100 };

struct step {
	int kind; /* CADCOM_ACTION_SET_VALUE, _ADD_MEMBER, or STEP_RESTART */
	char *text;
	/* SET_VALUE: the value, its new type and bytes, and what it was */
	char *key, *name;
	int type, old_type;
	unsigned char *data, *old;
	size_t len, old_len;
	bool had_old;
	/* ADD_MEMBER */
	struct cadcom_sid group, member;
	/* what happened */
	int state;   /* CADCOM_STEP_* */
	char *error; /* FAILED, CONFLICT, IN_DOUBT: why */
	/* what the journal holds for it */
	bool intent, done, reverted;
	bool left_out; /* CADCOM_APPLY_REGISTRY_ONLY: a group step, not done */
};

struct cadcom_apply {
	int outcome;
	struct step *steps;
	size_t n, cap;
	char **notes;
	size_t nnotes, cap_notes;
	bool failed; /* an allocation failed while reporting */
};

/* report.c */
struct step *cadcom__apply_step(struct cadcom_apply *a); /* a new zeroed step, NULL: ENOMEM */
void cadcom__apply_note(struct cadcom_apply *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Record this thread's last error as step `s`'s reason. */
void cadcom__step_error(struct cadcom_apply *a, struct step *s, int state);

/* journal.c: an append-only file of JSON lines in the backup directory.
 * The first line lists every step with its old and new state; each later
 * line is one event {"step":N,"event":"intent"|"done"|"reverted"} or the
 * end {"event":"complete"|"reverted"|"rolled-back"}.  Each line is on disk
 * (fdatasync) before the caller goes on. */
#define JOURNAL_NAME "journal"
struct journal {
	int fd;
	char *path;
};
/* Make the backup directory (if missing), write revert.reg and
 * members.json there, and create the journal with its first line.  Fails
 * (CADCOM_EIO) when it exists already or anything cannot be written. */
int cadcom__journal_create(struct journal *j, const char *dir, const struct cadcom_apply *a,
			   cadcom_target *t);
/* Read the journal of `dir` into `a` (its steps, with intent / done /
 * reverted from the events) and open it for appending.  A last line
 * without its newline was never flushed and is ignored; anything else
 * malformed is CADCOM_EPARSE "DIR/journal:LINE: ...". */
int cadcom__journal_open(struct journal *j, const char *dir, struct cadcom_apply *a);
int cadcom__journal_event(struct journal *j, size_t step, const char *event);
int cadcom__journal_end(struct journal *j, const char *event);
void cadcom__journal_close(struct journal *j);

#endif
