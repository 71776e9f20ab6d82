/*
 * A plan given out: getters, .reg files, the words of its text and JSON
 * forms, text for people (plan_json.c: JSON for programs, and read back).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ca_internal.h"

int cadcom_plan_worst(const cadcom_plan *p)
{
	int worst = 0;

	for (size_t i = 0; p && i < p->n_findings; i++)
		if (p->findings[i].severity > worst)
			worst = p->findings[i].severity;
	return worst;
}

size_t cadcom_plan_assumption_count(const cadcom_plan *p)
{
	return p ? p->n_assumptions : 0;
}

const char *cadcom_plan_assumption(const cadcom_plan *p, size_t index)
{
	return p && index < p->n_assumptions ? p->assumptions[index] : NULL;
}

size_t cadcom_plan_finding_count(const cadcom_plan *p)
{
	return p ? p->n_findings : 0;
}

static const struct finding *finding(const cadcom_plan *p, size_t index)
{
	return p && index < p->n_findings ? &p->findings[index] : NULL;
}

int cadcom_plan_finding_severity(const cadcom_plan *p, size_t index)
{
	return finding(p, index) ? finding(p, index)->severity : 0;
}

int cadcom_plan_finding_layer(const cadcom_plan *p, size_t index)
{
	return finding(p, index) ? finding(p, index)->layer : 0;
}

const char *cadcom_plan_finding_text(const cadcom_plan *p, size_t index)
{
	return finding(p, index) ? finding(p, index)->text : NULL;
}

const char *cadcom_plan_finding_evidence(const cadcom_plan *p, size_t index)
{
	return finding(p, index) ? finding(p, index)->evidence : NULL;
}

const char *cadcom_plan_finding_fix(const cadcom_plan *p, size_t index)
{
	return finding(p, index) ? finding(p, index)->fix : NULL;
}

size_t cadcom_plan_action_count(const cadcom_plan *p)
{
	return p ? p->n_actions : 0;
}

static const struct action *action(const cadcom_plan *p, size_t index)
{
	return p && index < p->n_actions ? &p->actions[index] : NULL;
}

int cadcom_plan_action_kind(const cadcom_plan *p, size_t index)
{
	return action(p, index) ? action(p, index)->kind : 0;
}

int cadcom_plan_action_layer(const cadcom_plan *p, size_t index)
{
	return action(p, index) ? action(p, index)->layer : 0;
}

const char *cadcom_plan_action_text(const cadcom_plan *p, size_t index)
{
	return action(p, index) ? action(p, index)->text : NULL;
}

const char *cadcom_plan_action_key(const cadcom_plan *p, size_t index)
{
	return action(p, index) ? action(p, index)->key : NULL;
}

const char *cadcom_plan_action_value_name(const cadcom_plan *p, size_t index)
{
	return action(p, index) ? action(p, index)->name : NULL;
}

int cadcom_plan_action_value(const cadcom_plan *p, size_t index, int old, int *type,
			     unsigned char **out, size_t *len)
{
	const struct action *a = action(p, index);
	const unsigned char *src;
	size_t n;

	if (!a || !out || !len)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: no action %zu or NULL argument", index);
	if (a->kind != CADCOM_ACTION_SET_VALUE)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: action %zu sets no value", index);
	if (old && !a->had_old)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "plan: %s\\%s does not exist yet",
				     a->key, a->name);
	src = old ? a->old : a->data;
	n = old ? a->old_len : a->len;
	*out = malloc(n ? n : 1);
	if (!*out)
		return cadcom__enomem();
	memcpy(*out, src, n);
	*len = n;
	if (type)
		*type = old ? a->old_type : a->type;
	return 0;
}

const cadcom_sid *cadcom_plan_action_group(const cadcom_plan *p, size_t index)
{
	const struct action *a = action(p, index);

	return a && a->kind != CADCOM_ACTION_SET_VALUE ? &a->group : NULL;
}

const cadcom_sid *cadcom_plan_action_member(const cadcom_plan *p, size_t index)
{
	const struct action *a = action(p, index);

	return a && a->kind == CADCOM_ACTION_ADD_MEMBER ? &a->member : NULL;
}

int cadcom_plan_regfiles(const cadcom_plan *p, cadcom_regfile **forward, cadcom_regfile **revert)
{
	cadcom_regfile *fw = NULL, *rv = NULL;
	int rc;

	if (!p)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: NULL argument");
	if ((rc = cadcom_regfile_new(&fw)) || (rc = cadcom_regfile_new(&rv)))
		goto fail;
	for (size_t i = 0; i < p->n_actions; i++) {
		const struct action *a = &p->actions[i];
		if (a->kind == CADCOM_ACTION_SET_VALUE &&
		    (rc = cadcom_regfile_set_value(fw, a->key, a->name, a->type, a->data, a->len)))
			goto fail;
	}
	/* Undo in reverse order: a value set twice returns to its first state. */
	for (size_t i = p->n_actions; i-- > 0;) {
		const struct action *a = &p->actions[i];
		if (a->kind != CADCOM_ACTION_SET_VALUE)
			continue;
		rc = a->had_old ? cadcom_regfile_set_value(rv, a->key, a->name, a->old_type, a->old,
							   a->old_len)
				: cadcom_regfile_delete_value(rv, a->key, a->name);
		if (rc)
			goto fail;
	}
	if (forward)
		*forward = fw;
	else
		cadcom_regfile_free(fw);
	if (revert)
		*revert = rv;
	else
		cadcom_regfile_free(rv);
	return 0;
fail:
	cadcom_regfile_free(fw);
	cadcom_regfile_free(rv);
	return rc;
}

/* ---- names: the words of the text and JSON forms ------------------------ */

/* Each indexed by its value; the JSON reader takes exactly these words. */
static const char *const severity_names[] = {
	[CADCOM_SEVERITY_INFO] = "info", [CADCOM_SEVERITY_WARNING] = "warning",
	[CADCOM_SEVERITY_ERROR] = "error",
};
static const char *const layer_names[] = {
	[CADCOM_LAYER_MACHINE_LAUNCH] = "machine launch restriction",
	[CADCOM_LAYER_MACHINE_ACCESS] = "machine access restriction",
	[CADCOM_LAYER_APP_LAUNCH] = "CertSrv Request launch permission",
	[CADCOM_LAYER_APP_ACCESS] = "CertSrv Request access permission",
	[CADCOM_LAYER_GROUP] = "group", [CADCOM_LAYER_MEMBERS] = "members",
	[CADCOM_LAYER_CA] = "CertSvc", [CADCOM_LAYER_CA_SECURITY] = "CA security",
	[CADCOM_LAYER_TEMPLATE] = "certificate template",
};
static const char *const kind_names[] = {
	[CADCOM_ACTION_SET_VALUE] = "set-value", [CADCOM_ACTION_CREATE_GROUP] = "create-group",
	[CADCOM_ACTION_ADD_MEMBER] = "add-member",
};
const struct plan_words cadcom__severity_words = { severity_names, ARRAY_SIZE(severity_names) };
const struct plan_words cadcom__layer_words = { layer_names, ARRAY_SIZE(layer_names) };
const struct plan_words cadcom__kind_words = { kind_names, ARRAY_SIZE(kind_names) };
const struct plan_words cadcom__type_words = { cadcom__reg_type_names,
					       ARRAY_SIZE(cadcom__reg_type_names) };

const char *cadcom__plan_word(const struct plan_words *w, int value)
{
	return value >= 0 && (size_t)value < w->n ? w->word[value] : NULL;
}

const char *cadcom__severity_name(int s)
{
	const char *w = cadcom__plan_word(&cadcom__severity_words, s);

	return w ? w : "info";
}

const char *cadcom__layer_name(int layer)
{
	const char *w = cadcom__plan_word(&cadcom__layer_words, layer);

	return w ? w : "?";
}

const char *cadcom__ca_type_name(int type)
{
	const char *w = cadcom__plan_word(&cadcom__type_words, type);

	return w ? w : "a value of unknown type";
}

char *cadcom__value_sddl(const unsigned char *data, size_t len)
{
	cadcom_sd *sd = NULL;
	char *text = NULL;

	if (cadcom_sd_from_bytes(&sd, data, len) == 0)
		cadcom_sd_to_sddl(sd, NULL, CADCOM_WINDOWS_LATEST, &text);
	cadcom_sd_free(sd);
	return text;
}

int cadcom_plan_to_text(const cadcom_plan *p, char **out)
{
	struct strbuf sb = { 0 };

	if (!p || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: NULL argument");
	sb_puts(&sb, "Assumptions:\n");
	for (size_t i = 0; i < p->n_assumptions; i++)
		sb_printf(&sb, "  - %s\n", p->assumptions[i]);
	sb_printf(&sb, "Findings (%zu):\n", p->n_findings);
	for (size_t i = 0; i < p->n_findings; i++) {
		const struct finding *f = &p->findings[i];
		sb_printf(&sb, "  %-7s [%s] ", cadcom__severity_name(f->severity), cadcom__layer_name(f->layer));
		sb_puts(&sb, f->text);
		sb_putc(&sb, '\n');
		if (f->evidence) {
			sb_puts(&sb, "          now: ");
			sb_puts(&sb, f->evidence);
			sb_putc(&sb, '\n');
		}
		if (f->fix) {
			sb_puts(&sb, "          fix: ");
			sb_puts(&sb, f->fix);
			sb_putc(&sb, '\n');
		}
	}
	sb_printf(&sb, "Actions (%zu):\n", p->n_actions);
	for (size_t i = 0; i < p->n_actions; i++) {
		const struct action *a = &p->actions[i];
		sb_printf(&sb, "  %zu. ", i + 1);
		sb_puts(&sb, a->text);
		sb_putc(&sb, '\n');
		if (a->kind == CADCOM_ACTION_SET_VALUE) {
			char *sddl = cadcom__value_sddl(a->data, a->len);
			sb_puts(&sb, "     set ");
			sb_puts(&sb, a->key);
			if (a->type == CADCOM_REG_DWORD && a->len == 4)
				sb_printf(&sb, "\\%s = 0x%08x (REG_DWORD)\n", a->name,
					  cadcom__le32(a->data));
			else
				sb_printf(&sb, "\\%s = %s\n", a->name, sddl ? sddl : "(binary)");
			sb_puts(&sb, a->had_old ? "     revert: restore the current value\n"
						: "     revert: delete the value (it does not exist now)\n");
			cadcom_free(sddl);
		}
	}
	return sb_finish(&sb, out);
}
