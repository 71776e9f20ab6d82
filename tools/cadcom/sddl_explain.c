/*
 * cadcom sddl explain: a descriptor described for people, or as JSON.
 * COM rights get dcomcnfg's checkbox names when every DACL ACE has
 * COM_RIGHTS_EXECUTE and no bit beyond the five COM bits (facts.md §1).
 */
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "cli.h"

#define COM_EXECUTE 0x1
#define COM_ALL 0x1f

struct right_name {
	uint32_t bit;
	const char *name;
};

static const struct right_name generic_rights[] = {
	{ 0x00000001, "create child" },  { 0x00000002, "delete child" },
	{ 0x00000004, "list children" }, { 0x00000008, "self write" },
	{ 0x00000010, "read property" }, { 0x00000020, "write property" },
	{ 0x00000040, "delete tree" },   { 0x00000080, "list object" },
	{ 0x00000100, "control access" }, { 0x00010000, "delete" },
	{ 0x00020000, "read control" },  { 0x00040000, "write DAC" },
	{ 0x00080000, "write owner" },   { 0x00100000, "synchronize" },
	{ 0x01000000, "access system security" }, { 0x02000000, "maximum allowed" },
	{ 0x10000000, "generic all" },   { 0x20000000, "generic execute" },
	{ 0x40000000, "generic write" }, { 0x80000000, "generic read" },
};

static const struct right_name label_rights[] = {
	{ 0x1, "no write up" }, { 0x2, "no read up" }, { 0x4, "no execute up" },
};

static const char *ace_type_word(int type)
{
	switch (type) {
	case CADCOM_ACE_ACCESS_ALLOWED: return "allow";
	case CADCOM_ACE_ACCESS_DENIED: return "deny";
	case CADCOM_ACE_SYSTEM_AUDIT: return "audit";
	case CADCOM_ACE_SYSTEM_ALARM: return "alarm";
	case CADCOM_ACE_ACCESS_ALLOWED_OBJECT: return "allow (object)";
	case CADCOM_ACE_ACCESS_DENIED_OBJECT: return "deny (object)";
	case CADCOM_ACE_SYSTEM_AUDIT_OBJECT: return "audit (object)";
	case CADCOM_ACE_SYSTEM_ALARM_OBJECT: return "alarm (object)";
	case CADCOM_ACE_MANDATORY_LABEL: return "mandatory label";
	default: return "unknown";
	}
}

static const struct right_name ace_flag_names[] = {
	{ CADCOM_ACE_OBJECT_INHERIT, "object inherit" },
	{ CADCOM_ACE_CONTAINER_INHERIT, "container inherit" },
	{ CADCOM_ACE_NO_PROPAGATE, "no propagate" },
	{ CADCOM_ACE_INHERIT_ONLY, "inherit only" },
	{ CADCOM_ACE_INHERITED, "inherited" },
	{ 0x20, "critical" },
	{ CADCOM_ACE_AUDIT_SUCCESS, "audit success" },
	{ CADCOM_ACE_AUDIT_FAILURE, "audit failure" },
};

/* A DCOM descriptor: a present, non-empty DACL whose ACEs all carry
 * COM_RIGHTS_EXECUTE and nothing outside the COM bits. */
static bool is_dcom(const cadcom_sd *sd)
{
	size_t n = cadcom_sd_ace_count(sd, CADCOM_DACL);

	for (size_t i = 0; i < n; i++) {
		uint32_t m = cadcom_ace_mask(cadcom_sd_ace(sd, CADCOM_DACL, i));
		if (!(m & COM_EXECUTE) || (m & ~(uint32_t)COM_ALL))
			return false;
	}
	return n > 0;
}

/* Launch or access?  Activation bits only exist in launch descriptors. */
static int com_kind_of(const cadcom_sd *sd, int requested)
{
	if (requested != COM_AUTO)
		return requested;
	for (size_t i = 0; i < cadcom_sd_ace_count(sd, CADCOM_DACL); i++)
		if (cadcom_ace_mask(cadcom_sd_ace(sd, CADCOM_DACL, i)) & 0x18)
			return COM_LAUNCH;
	return COM_AUTO;
}

/* Append the words for `mask` to `words` (a JSON array). */
static void rights_words(uint32_t mask, int type, bool dcom, int kind, json_t *words)
{
	static const char *const local[] = { "local launch or access", "local launch",
					     "local access" };
	static const char *const remote[] = { "remote launch or access", "remote launch",
					      "remote access" };
	const struct right_name *t = generic_rights;
	size_t n = sizeof(generic_rights) / sizeof(generic_rights[0]);
	uint32_t left = mask;
	char hex[16];

	if (dcom) {
		if (mask == COM_EXECUTE) {
			json_array_append_new(words, json_string("execute (legacy form: local and remote)"));
			return;
		}
		json_array_append_new(words, json_string("execute"));
		if (mask & 0x2)
			json_array_append_new(words, json_string(local[kind]));
		if (mask & 0x4)
			json_array_append_new(words, json_string(remote[kind]));
		if (mask & 0x8)
			json_array_append_new(words, json_string("local activation"));
		if (mask & 0x10)
			json_array_append_new(words, json_string("remote activation"));
		return;
	}
	if (type == CADCOM_ACE_MANDATORY_LABEL) {
		t = label_rights;
		n = sizeof(label_rights) / sizeof(label_rights[0]);
	}
	for (size_t i = 0; i < n; i++)
		if (mask & t[i].bit) {
			json_array_append_new(words, json_string(t[i].name));
			left &= ~t[i].bit;
		}
	if (left) {
		snprintf(hex, sizeof(hex), "0x%x", (unsigned)left);
		json_array_append_new(words, json_string(hex));
	}
}

static json_t *sid_json(const cadcom_sid *sid, const cadcom_sid *domain, int windows)
{
	char *text = NULL;
	const char *alias = cadcom_sid_alias(sid, domain, windows);
	const char *name = cadcom_sid_name(sid);
	json_t *o;

	if (cadcom_sid_to_string(sid, &text) != 0)
		return NULL;
	o = json_pack("{s:s, s:s?, s:s?}", "sid", text, "alias", alias, "name", name);
	cadcom_free(text);
	return o;
}

static json_t *ace_json(const cadcom_ace *ace, const cadcom_sid *domain, int windows, bool dcom,
			int kind)
{
	json_t *o, *flags = json_array(), *rights = json_array();
	char *sddl = NULL, *g = NULL, *ig = NULL;

	if (cadcom_ace_to_sddl(ace, domain, windows, &sddl) != 0)
		sddl = NULL; /* a flag without SDDL letters; the words still say it */
	for (size_t i = 0; i < sizeof(ace_flag_names) / sizeof(ace_flag_names[0]); i++)
		if (cadcom_ace_flags(ace) & ace_flag_names[i].bit)
			json_array_append_new(flags, json_string(ace_flag_names[i].name));
	rights_words(cadcom_ace_mask(ace), cadcom_ace_type(ace), dcom, kind, rights);
	cadcom_ace_object_type(ace, &g);
	cadcom_ace_inherited_object_type(ace, &ig);
	o = json_pack("{s:s, s:s?, s:o, s:I, s:o, s:o, s:s*, s:s*}", "type",
		      ace_type_word(cadcom_ace_type(ace)), "sddl", sddl, "trustee",
		      sid_json(cadcom_ace_sid(ace), domain, windows), "mask",
		      (json_int_t)cadcom_ace_mask(ace), "rights", rights, "flags", flags,
		      "object_type", g, "inherited_object_type", ig);
	cadcom_free(sddl);
	cadcom_free(g);
	cadcom_free(ig);
	return o;
}

static json_t *acl_json(const cadcom_sd *sd, int acl, const cadcom_sid *domain, int windows,
			int kind)
{
	static const char *const states[] = { "absent", "null", "present" };
	static const uint16_t bits[2][3] = {
		{ CADCOM_SD_DACL_PROTECTED, CADCOM_SD_DACL_AUTO_INHERIT_REQ, CADCOM_SD_DACL_AUTO_INHERITED },
		{ CADCOM_SD_SACL_PROTECTED, CADCOM_SD_SACL_AUTO_INHERIT_REQ, CADCOM_SD_SACL_AUTO_INHERITED },
	};
	static const char *const bit_names[3] = { "protected", "auto-inherit requested",
						  "auto-inherited" };
	bool dcom = acl == CADCOM_DACL && is_dcom(sd);
	json_t *aces = json_array(), *flags = json_array();
	size_t first_bad = 0;
	int canonical = cadcom_sd_acl_is_canonical(sd, acl, &first_bad);

	for (int k = 0; k < 3; k++)
		if (cadcom_sd_control(sd) & bits[acl][k])
			json_array_append_new(flags, json_string(bit_names[k]));
	for (size_t i = 0; i < cadcom_sd_ace_count(sd, acl); i++)
		json_array_append_new(aces, ace_json(cadcom_sd_ace(sd, acl, i), domain, windows, dcom,
						     kind));
	return json_pack("{s:s, s:o, s:b, s:b, s:o*, s:o}", "state",
			 states[cadcom_sd_acl_state(sd, acl)], "flags", flags, "dcom", dcom,
			 "canonical", canonical == 1, "first_out_of_order",
			 canonical == 0 ? json_integer((json_int_t)first_bad) : NULL, "aces", aces);
}

static json_t *sd_json(const cadcom_sd *sd, const cadcom_sid *domain, int windows, int com_kind)
{
	const cadcom_sid *owner = cadcom_sd_owner(sd), *group = cadcom_sd_group(sd);
	int kind = com_kind_of(sd, com_kind);
	char *sddl = NULL;
	json_t *o;

	if (cadcom_sd_to_sddl(sd, domain, windows, &sddl) != 0)
		sddl = NULL;
	o = json_pack("{s:s?, s:I, s:o?, s:o?, s:o, s:o}", "sddl", sddl, "control",
		      (json_int_t)cadcom_sd_control(sd), "owner",
		      owner ? sid_json(owner, domain, windows) : NULL, "group",
		      group ? sid_json(group, domain, windows) : NULL, "dacl",
		      acl_json(sd, CADCOM_DACL, domain, windows, kind), "sacl",
		      acl_json(sd, CADCOM_SACL, domain, windows, kind));
	cadcom_free(sddl);
	return o;
}

int explain_json(const cadcom_sd *sd, const cadcom_sid *domain, int windows, int com_kind,
		 char **out)
{
	json_t *o = sd_json(sd, domain, windows, com_kind);

	*out = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(o);
	return *out ? 0 : -1;
}

static void print_sid(FILE *f, const char *label, json_t *sid)
{
	const char *name = json_string_value(json_object_get(sid, "name"));

	fprintf(f, "%s%s (%s)", label, name ? name : "(no well-known name)",
		json_string_value(json_object_get(sid, "sid")));
}

static void print_list(FILE *f, json_t *arr)
{
	size_t i;
	json_t *v;

	if (json_array_size(arr) == 0)
		fputs("-", f);
	json_array_foreach(arr, i, v)
		fprintf(f, "%s%s", i ? ", " : "", json_string_value(v));
}

int explain_text(const cadcom_sd *sd, const cadcom_sid *domain, int windows, int com_kind,
		 FILE *f)
{
	json_t *o = sd_json(sd, domain, windows, com_kind);
	static const char *const acl_names[2] = { "dacl", "sacl" };

	if (!o)
		return -1;
	if (json_object_get(o, "owner"))
		print_sid(f, "owner: ", json_object_get(o, "owner")), fputc('\n', f);
	if (json_object_get(o, "group"))
		print_sid(f, "group: ", json_object_get(o, "group")), fputc('\n', f);
	for (int k = 0; k < 2; k++) {
		json_t *acl = json_object_get(o, acl_names[k]), *ace;
		const char *state = json_string_value(json_object_get(acl, "state"));
		size_t i;
		fprintf(f, "%s: ", k ? "SACL" : "DACL");
		if (strcmp(state, "present") != 0) {
			fprintf(f, "%s\n", strcmp(state, "null") == 0 ?
					     "NULL (no ACL: everyone has every right)" : "absent");
			continue;
		}
		fprintf(f, "%zu ACE%s", json_array_size(json_object_get(acl, "aces")),
			json_array_size(json_object_get(acl, "aces")) == 1 ? "" : "s");
		if (json_is_true(json_object_get(acl, "dcom")))
			fputs(", DCOM permissions", f);
		if (json_array_size(json_object_get(acl, "flags")))
			fputs("; ", f), print_list(f, json_object_get(acl, "flags"));
		if (!json_is_true(json_object_get(acl, "canonical")))
			fprintf(f, "; NOT in canonical order (from ACE %lld)",
				(long long)json_integer_value(json_object_get(acl, "first_out_of_order")));
		fputc('\n', f);
		json_array_foreach(json_object_get(acl, "aces"), i, ace) {
			fprintf(f, "  [%zu] %-6s ", i, json_string_value(json_object_get(ace, "type")));
			print_sid(f, "", json_object_get(ace, "trustee"));
			fprintf(f, "\n       rights: ");
			print_list(f, json_object_get(ace, "rights"));
			fprintf(f, " (0x%llx)\n       flags:  ",
				(long long)json_integer_value(json_object_get(ace, "mask")));
			print_list(f, json_object_get(ace, "flags"));
			fputc('\n', f);
			if (json_is_string(json_object_get(ace, "object_type")))
				fprintf(f, "       object type: %s\n",
					json_string_value(json_object_get(ace, "object_type")));
			if (json_is_string(json_object_get(ace, "inherited_object_type")))
				fprintf(f, "       inherited object type: %s\n",
					json_string_value(json_object_get(ace, "inherited_object_type")));
		}
	}
	json_decref(o);
	return 0;
}
