/*
 * The apply engine (apply.h): preflight, backup, each step read, written,
 * read back and journaled; revert on failure; rollback from the journal.
 *
 * Every decision about a step is made by reading the target, never by
 * remembering what was sent: a write whose answer was lost may or may not
 * have happened, and only the target knows.  A step's state on the target
 * is one of three: as the plan found it (OLD), as the plan wants it (NEW),
 * or something else (OTHER: someone changed it; it is never overwritten).
 */
#include <stdlib.h>
#include <string.h>
#include "apply_internal.h"
#include "cadcom/service.h"

enum { AS_OLD, AS_NEW, AS_OTHER };

#define DEFAULT_SERVICE "CertSvc"

struct engine {
	cadcom_target *t;
	struct cadcom_apply *a;
	const cadcom_apply_options *o;
	struct journal j;
	bool gone; /* the connection is lost and cannot be re-established */
};

static int reconnect(struct engine *e)
{
	int rc;

	if (e->gone)
		return CADCOM_ECONNECT;
	if ((rc = cadcom__target_reconnect(e->t)))
		e->gone = true;
	return rc;
}

static bool same(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

static int classify(struct engine *e, const struct step *s, int *where)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int type = 0, rc;

	if (s->kind == CADCOM_ACTION_ADD_MEMBER) {
		rc = cadcom_directory_is_member(cadcom_target_directory(e->t), &s->group, &s->member);
		if (rc < 0)
			return rc;
		*where = rc ? AS_NEW : AS_OLD;
		return 0;
	}
	rc = cadcom_registry_get(cadcom_target_registry(e->t), s->key, s->name, &type, &data, &len);
	if (rc == CADCOM_ENOTFOUND) {
		*where = s->had_old ? AS_OTHER : AS_OLD;
		return 0;
	}
	if (rc)
		return rc;
	if (type == s->type && same(data, len, s->data, s->len))
		*where = AS_NEW;
	else if (s->had_old && type == s->old_type && same(data, len, s->old, s->old_len))
		*where = AS_OLD;
	else
		*where = AS_OTHER;
	cadcom_free(data);
	return 0;
}

/* classify(), reconnecting once when the connection was lost. */
static int read_state(struct engine *e, const struct step *s, int *where)
{
	int rc = classify(e, s, where);

	if (rc && cadcom__error_is_connection(rc) && reconnect(e) == 0)
		rc = classify(e, s, where);
	return rc;
}

static int write_step(struct engine *e, const struct step *s, bool forward)
{
	cadcom_registry *reg = cadcom_target_registry(e->t);
	cadcom_directory *dir = cadcom_target_directory(e->t);
	int rc;

	if (s->kind == CADCOM_ACTION_ADD_MEMBER) {
		rc = forward ? cadcom_directory_add_member(dir, &s->group, &s->member)
			     : cadcom_directory_remove_member(dir, &s->group, &s->member);
		return rc < 0 ? rc : 0;
	}
	if (forward)
		return cadcom_registry_set(reg, s->key, s->name, s->type, s->data, s->len);
	if (s->had_old)
		return cadcom_registry_set(reg, s->key, s->name, s->old_type, s->old, s->old_len);
	rc = cadcom_registry_delete_value(reg, s->key, s->name);
	return rc == CADCOM_ENOTFOUND ? 0 : rc;
}

/*
 * Bring step `s` from its old to its new state (forward) or back, and
 * verify by reading it.  A write whose connection dropped is decided by
 * reading after a reconnect: done, or never arrived (then written again,
 * once).  Returns 0 when the target reads as wanted; otherwise the error,
 * with e->gone set when the outcome cannot be known.
 */
static int change(struct engine *e, const struct step *s, bool forward)
{
	int want = forward ? AS_NEW : AS_OLD, from = forward ? AS_OLD : AS_NEW, where, rc;

	for (int attempt = 0; attempt < 2; attempt++) {
		bool dropped;

		rc = write_step(e, s, forward);
		if (rc && !cadcom__error_is_connection(rc))
			return rc; /* refused by the server: nothing changed */
		dropped = rc != 0;
		if (dropped && (rc = reconnect(e)))
			return rc;
		if ((rc = read_state(e, s, &where)))
			return rc;
		if (where == want)
			return 0;
		if (where != from)
			return cadcom__error(CADCOM_ESTATE, -1,
					     "%s: someone else changed it at the same time; left "
					     "alone",
					     s->text);
		if (!dropped)
			return cadcom__error(CADCOM_ESTATE, -1,
					     "%s: the write was accepted but reads back unchanged",
					     s->text);
	}
	return cadcom__error(CADCOM_ECONNECT, -1, "%s: the connection dropped twice", s->text);
}

static void progress(struct engine *e, size_t i, const struct step *s)
{
	if (e->o && e->o->progress)
		e->o->progress(e->o->progress_arg, i, e->a->n, s->text, s->state);
}

/* Record a step's event; a journal that cannot be written stops the apply
 * before the step it would have covered. */
static int journal(struct engine *e, size_t i, const char *event)
{
	return cadcom__journal_event(&e->j, i, event);
}

static void set_error(struct engine *e, struct step *s, int state)
{
	cadcom__step_error(e->a, s, state);
}

/* Undo step i (apply's failure path and rollback). */
static void revert_step(struct engine *e, size_t i)
{
	struct step *s = &e->a->steps[i];
	int where, rc;

	if (e->gone)
		return;
	if ((rc = read_state(e, s, &where))) {
		set_error(e, s, s->state == CADCOM_STEP_PENDING ? CADCOM_STEP_IN_DOUBT : s->state);
		return;
	}
	if (where == AS_OTHER) {
		cadcom__error(CADCOM_ESTATE, -1,
			      "%s: the target holds neither the old nor the applied state; left "
			      "alone",
			      s->text);
		set_error(e, s, CADCOM_STEP_CONFLICT);
		progress(e, i, s);
		return;
	}
	if (where == AS_NEW && (rc = change(e, s, false))) {
		set_error(e, s, e->gone ? CADCOM_STEP_IN_DOUBT : s->state);
		progress(e, i, s);
		return;
	}
	/* The step that failed keeps its failure: it is why the rest was
	 * undone (and it changed nothing, or is now undone too). */
	if (s->state != CADCOM_STEP_FAILED || where == AS_NEW) {
		s->state = CADCOM_STEP_REVERTED;
		free(s->error);
		s->error = NULL;
	}
	s->reverted = true;
	if (journal(e, i, "reverted"))
		set_error(e, s, CADCOM_STEP_REVERTED);
	progress(e, i, s);
}

/* Undo every step the journal has an intent for, newest first; true when
 * the target is back as it was.  A rollback also looks again at steps the
 * journal says were reverted: reading costs little, and a hive whose
 * reverted state was never saved is then still put right. */
static bool revert_all(struct engine *e, bool again)
{
	bool whole = true;

	for (size_t i = e->a->n; i-- > 0;) {
		struct step *s = &e->a->steps[i];
		if (s->kind == STEP_RESTART || !s->intent || (s->reverted && !again))
			continue;
		revert_step(e, i);
		whole &= s->reverted;
	}
	return whole && !e->gone;
}

/* Step i forward; 0 when it holds afterwards (done or skipped). */
static int forward_step(struct engine *e, size_t i)
{
	struct step *s = &e->a->steps[i];
	int where, rc;

	progress(e, i, s);
	if ((rc = read_state(e, s, &where))) {
		set_error(e, s, CADCOM_STEP_FAILED);
		return rc;
	}
	if (where == AS_NEW) {
		s->state = CADCOM_STEP_SKIPPED;
		progress(e, i, s);
		return 0;
	}
	if (where == AS_OTHER) {
		rc = cadcom__error(CADCOM_ESTATE, -1,
				   "%s: changed since the plan was made; not overwritten", s->text);
		set_error(e, s, CADCOM_STEP_CONFLICT);
		progress(e, i, s);
		return rc;
	}
	if ((rc = journal(e, i, "intent"))) {
		set_error(e, s, CADCOM_STEP_FAILED);
		return rc;
	}
	s->intent = true;
	if ((rc = change(e, s, true))) {
		set_error(e, s, e->gone ? CADCOM_STEP_IN_DOUBT : CADCOM_STEP_FAILED);
		progress(e, i, s);
		return rc;
	}
	s->state = CADCOM_STEP_DONE;
	s->done = true;
	progress(e, i, s);
	/* A journal that cannot be written any more stops the apply; undoing
	 * reads the target, so the missing line does no harm. */
	return journal(e, i, "done");
}

/* ---- preparing ------------------------------------------------------------ */

static int copy_action(struct cadcom_apply *a, const cadcom_plan *p, size_t i, bool registry_only)
{
	int kind = cadcom_plan_action_kind(p, i), rc;
	struct step *s;

	if (kind == CADCOM_ACTION_CREATE_GROUP)
		return cadcom__error(CADCOM_EUNSUPPORTED, -1,
				     "apply: the plan creates a group (\"%s\"); create it first "
				     "(cadcom group create, cadcom ad group create), then plan again",
				     cadcom_plan_action_text(p, i));
	if (!(s = cadcom__apply_step(a)) || !(s->text = cadcom__strdup(cadcom_plan_action_text(p, i))))
		return cadcom__enomem();
	s->kind = kind;
	if (kind == CADCOM_ACTION_ADD_MEMBER) {
		s->group = *cadcom_plan_action_group(p, i);
		s->member = *cadcom_plan_action_member(p, i);
		if (registry_only) {
			s->left_out = true;
			if (!(s->error = cadcom__strdup("left out: registry only")))
				return cadcom__enomem();
		}
		return 0;
	}
	if (!(s->key = cadcom__strdup(cadcom_plan_action_key(p, i))) ||
	    !(s->name = cadcom__strdup(cadcom_plan_action_value_name(p, i))))
		return cadcom__enomem();
	if ((rc = cadcom_plan_action_value(p, i, 0, &s->type, &s->data, &s->len)))
		return rc;
	rc = cadcom_plan_action_value(p, i, 1, &s->old_type, &s->old, &s->old_len);
	s->had_old = rc == 0;
	return rc == CADCOM_ENOTFOUND ? 0 : rc;
}

/* The server's own access check on every key and group the plan changes
 * (a key's descriptor is named when it refuses). */
static int check_writable(struct engine *e)
{
	for (size_t i = 0; i < e->a->n; i++) {
		const struct step *s = &e->a->steps[i];
		bool seen = false, value = s->kind == CADCOM_ACTION_SET_VALUE;
		int rc;

		if (s->state != CADCOM_STEP_PENDING || s->left_out)
			continue;
		for (size_t k = 0; k < i; k++) {
			const struct step *o = &e->a->steps[k];
			seen |= o->kind == s->kind && o->state == CADCOM_STEP_PENDING &&
				(value ? !strcmp(o->key, s->key) : cadcom_sid_equal(&o->group, &s->group));
		}
		if (seen)
			continue;
		rc = value ? cadcom__registry_writable(cadcom_target_registry(e->t), s->key)
			   : cadcom__directory_writable(cadcom_target_directory(e->t), &s->group);
		if (rc)
			return rc;
	}
	return 0;
}

/* A group the directory does not know is a target without groups (an
 * offline hive, a .reg file) or the wrong computer: say which. */
static int known_group(struct engine *e, const struct step *s)
{
	int rc = cadcom_directory_info(cadcom_target_directory(e->t), &s->group, NULL, NULL);

	if (rc != CADCOM_ENOTFOUND)
		return rc;
	return cadcom__error(CADCOM_ENOTFOUND, -1,
			     "%s: the target does not know the group (offline hives and .reg "
			     "files hold no groups: apply the registry steps only, then the "
			     "members on the running computer)",
			     s->text);
}

static void left_out_note(struct engine *e)
{
	size_t n = 0;

	for (size_t i = 0; i < e->a->n; i++)
		n += e->a->steps[i].left_out;
	if (n)
		cadcom__apply_note(e->a,
				   "%zu group step%s left out (registry only): add the members on "
				   "the running computer (cadcom group add-member, cadcom ad group "
				   "add-member)",
				   n, n == 1 ? " was" : "s were");
}

static void dc_note(struct engine *e)
{
	for (size_t i = 0; i < e->a->n; i++) {
		const struct step *s = &e->a->steps[i];
		uint32_t rid = cadcom_sid_rid(&s->member);
		if (s->kind == CADCOM_ACTION_ADD_MEMBER && s->state == CADCOM_STEP_DONE &&
		    (rid == RID_DOMAIN_CONTROLLERS || rid == RID_READONLY_DCS) &&
		    cadcom_sid_subauth_count(&s->member) == 5 && cadcom_sid_subauth(&s->member, 0) == 21) {
			cadcom__apply_note(e->a,
					   "domain controllers see the group's new members only "
					   "after they restart; restart them (libcadcom does not)");
			return;
		}
	}
}

static void restart(struct engine *e)
{
	const char *name = e->o->service ? e->o->service : DEFAULT_SERVICE;
	struct step *s = cadcom__apply_step(e->a);
	int rc;

	if (!s || !(s->text = cadcom__printf("restart the %s service", name))) {
		e->a->failed = true;
		return;
	}
	s->kind = STEP_RESTART;
	progress(e, e->a->n - 1, s);
	rc = cadcom_service_restart(e->t, name, e->o->timeout_ms);
	if (rc)
		set_error(e, s, CADCOM_STEP_FAILED);
	else
		s->state = CADCOM_STEP_DONE;
	progress(e, e->a->n - 1, s);
}

int cadcom_apply_options_init(cadcom_apply_options *opts, unsigned int version)
{
	if (!opts || version != CADCOM_APPLY_OPTIONS_VERSION)
		return cadcom__error(CADCOM_EINVAL, -1, "apply options: unknown version %u", version);
	*opts = (cadcom_apply_options){ .version = version };
	return 0;
}

static int check_options(const cadcom_apply_options *o, bool need_dir)
{
	if (!o || o->version != CADCOM_APPLY_OPTIONS_VERSION)
		return cadcom__error(CADCOM_EINVAL, -1, "apply: options missing or of an unknown version");
	if (o->flags & ~(CADCOM_APPLY_DRY_RUN | CADCOM_APPLY_RESTART | CADCOM_APPLY_REGISTRY_ONLY))
		return cadcom__error(CADCOM_EINVAL, -1, "apply: unknown flags 0x%x", o->flags);
	if (need_dir && (!o->backup_dir || !*o->backup_dir))
		return cadcom__error(CADCOM_EINVAL, -1, "apply: a backup directory is required");
	return 0;
}

/* Finish an engine run: the outcome, the journal's end line, the report. */
static int finish(struct engine *e, int outcome, const char *end, cadcom_apply **out)
{
	e->a->outcome = outcome;
	if (end && e->j.fd >= 0 && cadcom__journal_end(&e->j, end))
		cadcom__apply_note(e->a, "the journal's last line could not be written: %s",
				   cadcom_error_message(cadcom_error_last()));
	if (outcome == CADCOM_OUTCOME_INCOMPLETE)
		cadcom__apply_note(e->a,
				   "the target is partly changed; the journal says which steps "
				   "happened: run cadcom rollback on the backup directory");
	cadcom__journal_close(&e->j);
	if (e->a->failed) {
		cadcom_apply_free(e->a);
		return cadcom__enomem();
	}
	*out = e->a;
	return 0;
}

int cadcom_plan_apply(const cadcom_plan *plan, cadcom_target *target,
		      const cadcom_apply_options *opts, cadcom_apply **out)
{
	struct engine e = { .t = target, .o = opts, .j = { .fd = -1 } };
	bool dry, todo = false;
	int rc, where;

	if (!plan || !target || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "apply: NULL argument");
	if ((rc = check_options(opts, !(opts && (opts->flags & CADCOM_APPLY_DRY_RUN)))))
		return rc;
	dry = opts->flags & CADCOM_APPLY_DRY_RUN;
	if ((rc = cadcom_plan_check_ca(target)))
		return rc;
	if (!(e.a = calloc(1, sizeof(*e.a))))
		return cadcom__enomem();
	for (size_t i = 0; rc == 0 && i < cadcom_plan_action_count(plan); i++)
		rc = copy_action(e.a, plan, i, opts->flags & CADCOM_APPLY_REGISTRY_ONLY);
	/* Preflight: every step as the plan found it, or already as it wants. */
	for (size_t i = 0; rc == 0 && i < e.a->n; i++) {
		struct step *s = &e.a->steps[i];
		if (s->left_out)
			continue;
		if (s->kind == CADCOM_ACTION_ADD_MEMBER && (rc = known_group(&e, s)))
			break;
		if ((rc = read_state(&e, s, &where)))
			break;
		if (where == AS_NEW) {
			s->state = CADCOM_STEP_SKIPPED;
		} else if (where == AS_OTHER) {
			cadcom__error(CADCOM_ESTATE, -1,
				      "%s: the target changed since the plan was made; nothing "
				      "written",
				      s->text);
			set_error(&e, s, CADCOM_STEP_CONFLICT);
		} else {
			todo = true;
		}
	}
	if (rc == 0)
		for (size_t i = 0; i < e.a->n; i++)
			if (e.a->steps[i].state == CADCOM_STEP_CONFLICT)
				return finish(&e, CADCOM_OUTCOME_REFUSED, NULL, out);
	if (rc == 0 && !dry && todo)
		rc = check_writable(&e);
	if (rc) {
		cadcom_apply_free(e.a);
		return rc;
	}
	if (dry)
		return finish(&e, CADCOM_OUTCOME_DRY_RUN, NULL, out);
	if (todo) {
		if ((rc = cadcom__journal_create(&e.j, opts->backup_dir, e.a, target))) {
			cadcom_apply_free(e.a);
			return rc;
		}
		for (size_t i = 0; rc == 0 && i < e.a->n; i++)
			if (e.a->steps[i].state == CADCOM_STEP_PENDING && !e.a->steps[i].left_out)
				rc = forward_step(&e, i);
		if (rc == 0 && (rc = cadcom_target_commit(target))) {
			cadcom__apply_note(e.a, "the changes could not be saved: %s",
					   cadcom_error_message(cadcom_error_last()));
			for (size_t i = 0; i < e.a->n; i++)
				if (e.a->steps[i].state == CADCOM_STEP_DONE)
					e.a->steps[i].state = CADCOM_STEP_REVERTED;
			return finish(&e, CADCOM_OUTCOME_REVERTED, "reverted", out);
		}
		if (rc) {
			bool back = !e.gone && revert_all(&e, false);
			return finish(&e, back ? CADCOM_OUTCOME_REVERTED : CADCOM_OUTCOME_INCOMPLETE,
				      back ? "reverted" : NULL, out);
		}
		dc_note(&e);
	}
	left_out_note(&e);
	if (opts->flags & CADCOM_APPLY_RESTART)
		restart(&e);
	return finish(&e, todo ? CADCOM_OUTCOME_APPLIED : CADCOM_OUTCOME_NOTHING,
		      todo ? "complete" : NULL, out);
}

int cadcom_rollback(cadcom_target *target, const char *backup_dir,
		    const cadcom_apply_options *opts, cadcom_apply **out)
{
	struct engine e = { .t = target, .o = opts, .j = { .fd = -1 } };
	bool whole;
	int rc;

	if (!target || !backup_dir || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "rollback: NULL argument");
	if (opts && (rc = check_options(opts, false)))
		return rc;
	if (!(e.a = calloc(1, sizeof(*e.a))))
		return cadcom__enomem();
	if ((rc = cadcom__journal_open(&e.j, backup_dir, e.a))) {
		cadcom_apply_free(e.a);
		return rc;
	}
	for (size_t i = 0; i < e.a->n; i++) {
		struct step *s = &e.a->steps[i];
		s->state = s->reverted ? CADCOM_STEP_REVERTED
			   : s->done   ? CADCOM_STEP_DONE
			   : s->intent ? CADCOM_STEP_IN_DOUBT
				       : CADCOM_STEP_PENDING;
	}
	whole = revert_all(&e, true);
	if (whole && (rc = cadcom_target_commit(target))) {
		cadcom__apply_note(e.a, "the restored values could not be saved: %s",
				   cadcom_error_message(cadcom_error_last()));
		whole = false;
	}
	return finish(&e, whole ? CADCOM_OUTCOME_ROLLED_BACK : CADCOM_OUTCOME_INCOMPLETE,
		      whole ? "rolled-back" : NULL, out);
}
