/*
 * The report of an apply or a rollback (apply.h): accessors, text, JSON.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "apply_internal.h"

struct step *cadcom__apply_step(struct cadcom_apply *a)
{
	struct step *s = cadcom__grow(a->steps, &a->cap, a->n, sizeof(*s));

	if (!s)
		return NULL;
	a->steps = s;
	s = &a->steps[a->n++];
	memset(s, 0, sizeof(*s));
	return s;
}

void cadcom__apply_note(struct cadcom_apply *a, const char *fmt, ...)
{
	char **notes = cadcom__grow(a->notes, &a->cap_notes, a->nnotes, sizeof(*notes));
	char *text = NULL;
	va_list ap;
	int n;

	if (notes) {
		a->notes = notes;
		va_start(ap, fmt);
		n = vsnprintf(NULL, 0, fmt, ap);
		va_end(ap);
		if (n >= 0 && (text = malloc((size_t)n + 1))) {
			va_start(ap, fmt);
			vsnprintf(text, (size_t)n + 1, fmt, ap);
			va_end(ap);
		}
	}
	if (text)
		a->notes[a->nnotes++] = text;
	else
		a->failed = true;
}

void cadcom__step_error(struct cadcom_apply *a, struct step *s, int state)
{
	const char *msg = cadcom_error_message(cadcom_error_last());

	s->state = state;
	free(s->error);
	if (!(s->error = cadcom__strdup(msg ? msg : "unknown error")))
		a->failed = true;
}

void cadcom_apply_free(cadcom_apply *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->n; i++) {
		struct step *s = &a->steps[i];
		free(s->text);
		free(s->key);
		free(s->name);
		free(s->data);
		free(s->old);
		free(s->error);
	}
	for (size_t i = 0; i < a->nnotes; i++)
		free(a->notes[i]);
	free(a->steps);
	free(a->notes);
	free(a);
}

int cadcom_apply_outcome(const cadcom_apply *a)
{
	return a ? a->outcome : 0;
}

const char *cadcom_apply_outcome_name(int outcome)
{
	static const char *const names[] = { "?",	  "nothing to do", "applied",
					     "reverted",  "incomplete",	   "refused",
					     "dry run",	  "rolled back" };
	return outcome > 0 && outcome < (int)ARRAY_SIZE(names) ? names[outcome] : "?";
}

const char *cadcom_apply_state_name(int state)
{
	static const char *const names[] = { "pending",	 "skipped",  "done",	"failed",
					     "in doubt", "reverted", "conflict" };
	return state >= 0 && state < (int)ARRAY_SIZE(names) ? names[state] : "?";
}

size_t cadcom_apply_step_count(const cadcom_apply *a)
{
	return a ? a->n : 0;
}

const char *cadcom_apply_step_text(const cadcom_apply *a, size_t index)
{
	return a && index < a->n ? a->steps[index].text : NULL;
}

int cadcom_apply_step_state(const cadcom_apply *a, size_t index)
{
	return a && index < a->n ? a->steps[index].state : -1;
}

const char *cadcom_apply_step_error(const cadcom_apply *a, size_t index)
{
	return a && index < a->n ? a->steps[index].error : NULL;
}

size_t cadcom_apply_note_count(const cadcom_apply *a)
{
	return a ? a->nnotes : 0;
}

const char *cadcom_apply_note(const cadcom_apply *a, size_t index)
{
	return a && index < a->nnotes ? a->notes[index] : NULL;
}

int cadcom_apply_to_text(const cadcom_apply *a, char **out)
{
	struct strbuf sb = { 0 };

	if (!a || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "apply report: NULL argument");
	sb_printf(&sb, "Outcome: %s\n", cadcom_apply_outcome_name(a->outcome));
	sb_printf(&sb, "Steps (%zu):\n", a->n);
	for (size_t i = 0; i < a->n; i++) {
		const struct step *s = &a->steps[i];
		sb_printf(&sb, "  %zu. %-8s ", i + 1, cadcom_apply_state_name(s->state));
		sb_puts(&sb, s->text);
		sb_putc(&sb, '\n');
		if (s->error) {
			sb_puts(&sb, "     why: ");
			sb_puts(&sb, s->error);
			sb_putc(&sb, '\n');
		}
	}
	for (size_t i = 0; i < a->nnotes; i++) {
		sb_puts(&sb, i ? "  - " : "Notes:\n  - ");
		sb_puts(&sb, a->notes[i]);
		sb_putc(&sb, '\n');
	}
	return sb_finish(&sb, out);
}

int cadcom_apply_to_json(const cadcom_apply *a, char **out)
{
	json_t *root, *list;

	if (!a || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "apply report: NULL argument");
	root = json_object();
	json_object_set_new(root, "outcome", json_string(cadcom_apply_outcome_name(a->outcome)));
	list = json_array();
	for (size_t i = 0; i < a->n; i++) {
		const struct step *s = &a->steps[i];
		json_t *o = json_object();
		json_object_set_new(o, "text", json_string(s->text));
		json_object_set_new(o, "state", json_string(cadcom_apply_state_name(s->state)));
		json_object_set_new(o, "error", s->error ? json_string(s->error) : json_null());
		json_array_append_new(list, o);
	}
	json_object_set_new(root, "steps", list);
	list = json_array();
	for (size_t i = 0; i < a->nnotes; i++)
		json_array_append_new(list, json_string(a->notes[i]));
	json_object_set_new(root, "notes", list);
	return cadcom__json_dump(root, out);
}
