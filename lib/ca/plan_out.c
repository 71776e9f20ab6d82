/*
 * A plan read back: getters, .reg files, text for people, JSON for programs.
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "ca_internal.h"

void cadcom_plan_free(cadcom_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_assumptions; i++)
		free(p->assumptions[i]);
	for (size_t i = 0; i < p->n_findings; i++) {
		free(p->findings[i].text);
		free(p->findings[i].evidence);
		free(p->findings[i].fix);
	}
	for (size_t i = 0; i < p->n_actions; i++) {
		struct action *a = &p->actions[i];
		free(a->text);
		free(a->key);
		free(a->name);
		cadcom_free(a->data);
		cadcom_free(a->old);
	}
	free(p->assumptions);
	free(p->findings);
	free(p->actions);
	free(p);
}

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

static const char *severity_name(int s)
{
	return s == CADCOM_SEVERITY_ERROR ? "error" : s == CADCOM_SEVERITY_WARNING ? "warning" : "info";
}

static const char *layer_name(int layer)
{
	static const char *const names[] = { "", "machine launch restriction",
					     "machine access restriction",
					     "CertSrv Request launch permission",
					     "CertSrv Request access permission", "group", "members",
					     "CertSvc" };
	return layer > 0 && layer < (int)ARRAY_SIZE(names) ? names[layer] : "?";
}

static const char *action_kind_name(int kind)
{
	return kind == CADCOM_ACTION_SET_VALUE ? "set-value"
	       : kind == CADCOM_ACTION_CREATE_GROUP ? "create-group"
						    : "add-member";
}

/* A registry value's new or old bytes as SDDL when it is a descriptor. */
static char *value_sddl(const unsigned char *data, size_t len)
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
		sb_printf(&sb, "  %-7s [%s] ", severity_name(f->severity), layer_name(f->layer));
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
			char *sddl = value_sddl(a->data, a->len);
			sb_puts(&sb, "     set ");
			sb_puts(&sb, a->key);
			sb_printf(&sb, "\\%s = %s\n", a->name, sddl ? sddl : "(binary)");
			sb_puts(&sb, a->had_old ? "     revert: restore the current value\n"
						: "     revert: delete the value (it does not exist now)\n");
			cadcom_free(sddl);
		}
	}
	return sb_finish(&sb, out);
}

static json_t *sid_json(const struct cadcom_sid *sid)
{
	char *text = NULL;
	json_t *j;

	if (!sid->count && !sid->authority)
		return json_null(); /* a group still to be created */
	cadcom_sid_to_string(sid, &text);
	j = text ? json_string(text) : NULL;
	cadcom_free(text);
	return j;
}

static json_t *hex_json(const unsigned char *data, size_t len)
{
	char *hex = malloc(len * 2 + 1);
	json_t *j;

	if (!hex)
		return NULL;
	for (size_t i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", data[i]);
	hex[len * 2] = '\0';
	j = json_string(hex);
	free(hex);
	return j;
}

static json_t *action_json(const struct action *a)
{
	json_t *o = json_object();

	json_object_set_new(o, "kind", json_string(action_kind_name(a->kind)));
	json_object_set_new(o, "layer", json_string(layer_name(a->layer)));
	json_object_set_new(o, "text", json_string(a->text));
	if (a->kind == CADCOM_ACTION_SET_VALUE) {
		char *sddl = value_sddl(a->data, a->len);
		json_object_set_new(o, "key", json_string(a->key));
		json_object_set_new(o, "name", json_string(a->name));
		json_object_set_new(o, "hex", hex_json(a->data, a->len));
		json_object_set_new(o, "sddl", sddl ? json_string(sddl) : json_null());
		json_object_set_new(o, "old_hex", a->had_old ? hex_json(a->old, a->old_len) : json_null());
		cadcom_free(sddl);
	} else {
		json_object_set_new(o, "group", sid_json(&a->group));
		if (a->kind == CADCOM_ACTION_ADD_MEMBER)
			json_object_set_new(o, "member", sid_json(&a->member));
	}
	return o;
}

int cadcom_plan_to_json(const cadcom_plan *p, char **out)
{
	json_t *root, *list;
	char *text, *copy;

	if (!p || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "plan: NULL argument");
	root = json_object();
	list = json_array();
	for (size_t i = 0; i < p->n_assumptions; i++)
		json_array_append_new(list, json_string(p->assumptions[i]));
	json_object_set_new(root, "assumptions", list);
	list = json_array();
	for (size_t i = 0; i < p->n_findings; i++) {
		const struct finding *f = &p->findings[i];
		json_t *o = json_object();
		json_object_set_new(o, "severity", json_string(severity_name(f->severity)));
		json_object_set_new(o, "layer", json_string(layer_name(f->layer)));
		json_object_set_new(o, "text", json_string(f->text));
		json_object_set_new(o, "evidence", f->evidence ? json_string(f->evidence) : json_null());
		json_object_set_new(o, "fix", f->fix ? json_string(f->fix) : json_null());
		json_array_append_new(list, o);
	}
	json_object_set_new(root, "findings", list);
	list = json_array();
	for (size_t i = 0; i < p->n_actions; i++)
		json_array_append_new(list, action_json(&p->actions[i]));
	json_object_set_new(root, "actions", list);
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text)
		return cadcom__enomem();
	copy = cadcom__strdup(text); /* callers free with cadcom_free() */
	free(text);
	if (!copy)
		return cadcom__enomem();
	*out = copy;
	return 0;
}
