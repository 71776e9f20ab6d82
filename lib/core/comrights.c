/*
 * DCOM permissions: COM_RIGHTS bits, dcomcnfg's checkboxes, the validity
 * rules, and edits of one trustee's rights (facts.md §1, §9).
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define COM_BITS 0x1Fu
#define LAUNCH_BITS                                                                   \
	(CADCOM_COM_RIGHTS_EXECUTE_LOCAL | CADCOM_COM_RIGHTS_EXECUTE_REMOTE |           \
	 CADCOM_COM_RIGHTS_ACTIVATE_LOCAL | CADCOM_COM_RIGHTS_ACTIVATE_REMOTE)
#define ACCESS_BITS (CADCOM_COM_RIGHTS_EXECUTE_LOCAL | CADCOM_COM_RIGHTS_EXECUTE_REMOTE)

/* dcomcnfg's checkboxes and the bit each one sets (Microsoft win32 docs,
 * com/access-control-lists-for-com.md; the box-to-bit pairing is DERIVED,
 * facts.md §1). */
static const struct {
	int kind;
	unsigned perm;
	uint32_t bit;
	const char *name;
} checkboxes[] = {
	{ CADCOM_COM_LAUNCH, CADCOM_COM_LOCAL_LAUNCH, CADCOM_COM_RIGHTS_EXECUTE_LOCAL, "local launch" },
	{ CADCOM_COM_LAUNCH, CADCOM_COM_REMOTE_LAUNCH, CADCOM_COM_RIGHTS_EXECUTE_REMOTE, "remote launch" },
	{ CADCOM_COM_LAUNCH, CADCOM_COM_LOCAL_ACTIVATION, CADCOM_COM_RIGHTS_ACTIVATE_LOCAL,
	  "local activation" },
	{ CADCOM_COM_LAUNCH, CADCOM_COM_REMOTE_ACTIVATION, CADCOM_COM_RIGHTS_ACTIVATE_REMOTE,
	  "remote activation" },
	{ CADCOM_COM_ACCESS, CADCOM_COM_LOCAL_ACCESS, CADCOM_COM_RIGHTS_EXECUTE_LOCAL, "local access" },
	{ CADCOM_COM_ACCESS, CADCOM_COM_REMOTE_ACCESS, CADCOM_COM_RIGHTS_EXECUTE_REMOTE, "remote access" },
};

/* SIDs every caller of a CA carries, so a deny naming them defeats any grant. */
static const struct cadcom_sid sid_everyone = { 1, 1, 1, { 0 } };
static const struct cadcom_sid sid_authenticated_users = { 1, 1, 5, { 11 } };

static bool kind_valid(int kind)
{
	return kind == CADCOM_COM_LAUNCH || kind == CADCOM_COM_ACCESS;
}

static int bad_kind(int kind)
{
	return cadcom__error(CADCOM_EINVAL, -1,
			     "DCOM: unknown descriptor kind %d (launch %d, access %d)", kind,
			     CADCOM_COM_LAUNCH, CADCOM_COM_ACCESS);
}

unsigned cadcom_com_all_permissions(int kind)
{
	unsigned all = 0;

	for (size_t i = 0; i < ARRAY_SIZE(checkboxes); i++)
		if (checkboxes[i].kind == kind)
			all |= checkboxes[i].perm;
	return all;
}

int cadcom_com_mask(int kind, unsigned perms, uint32_t *mask)
{
	uint32_t m = CADCOM_COM_RIGHTS_EXECUTE;
	unsigned all = cadcom_com_all_permissions(kind);

	if (!mask)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	if (!kind_valid(kind))
		return bad_kind(kind);
	if (!perms || (perms & ~all))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "DCOM: permissions 0x%x are not a non-empty set of %s "
				     "checkboxes (0x%x)",
				     perms, kind == CADCOM_COM_LAUNCH ? "launch" : "access", all);
	for (size_t i = 0; i < ARRAY_SIZE(checkboxes); i++)
		if (perms & checkboxes[i].perm)
			m |= checkboxes[i].bit;
	*mask = m;
	return 0;
}

static bool is_legacy(uint32_t mask)
{
	return (mask & COM_BITS) == CADCOM_COM_RIGHTS_EXECUTE;
}

/* Checkboxes of `kind` an ACE mask holding EXECUTE stands for. */
static unsigned perms_of(int kind, uint32_t mask)
{
	unsigned perms = 0;

	if (is_legacy(mask))
		return cadcom_com_all_permissions(kind);
	for (size_t i = 0; i < ARRAY_SIZE(checkboxes); i++)
		if (checkboxes[i].kind == kind && (mask & checkboxes[i].bit))
			perms |= checkboxes[i].perm;
	return perms;
}

int cadcom_com_permissions(int kind, uint32_t mask, unsigned *perms)
{
	if (!perms)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	if (!kind_valid(kind))
		return bad_kind(kind);
	if (!(mask & CADCOM_COM_RIGHTS_EXECUTE))
		return cadcom__error(CADCOM_EINVALIDSD, -1,
				     "DCOM: mask 0x%08x lacks COM_RIGHTS_EXECUTE (0x1), which "
				     "every DCOM ACE must hold",
				     mask);
	*perms = perms_of(kind, mask);
	return 0;
}

unsigned cadcom_com_enroll_permission(int kind, int remote)
{
	if (kind == CADCOM_COM_LAUNCH)
		return remote ? CADCOM_COM_REMOTE_ACTIVATION : CADCOM_COM_LOCAL_ACTIVATION;
	if (kind == CADCOM_COM_ACCESS)
		return remote ? CADCOM_COM_REMOTE_ACCESS : CADCOM_COM_LOCAL_ACCESS;
	return 0;
}

static const struct cadcom_acl *dacl_of(const cadcom_sd *sd)
{
	return sd->state[CADCOM_DACL] == CADCOM_ACL_PRESENT ? &sd->acl[CADCOM_DACL] : NULL;
}

/* 0 valid, else CADCOM_EINVALIDSD; *form gets the form of the valid ACL. */
static int validate(const cadcom_sd *sd, size_t *bad_index, int *form)
{
	const struct cadcom_acl *acl = dacl_of(sd);
	int first = CADCOM_COM_FORM_EMPTY;

	for (size_t i = 0; acl && i < acl->count; i++) {
		const struct cadcom_ace *ace = &acl->aces[i];
		int f;

		if (bad_index)
			*bad_index = i;
		if (ace->type != CADCOM_ACE_ACCESS_ALLOWED && ace->type != CADCOM_ACE_ACCESS_DENIED)
			return cadcom__error(CADCOM_EINVALIDSD, -1,
					     "DCOM: ACE %zu is of type %u; DCOM ACLs hold only "
					     "allow and deny ACEs",
					     i, ace->type);
		if (!(ace->mask & CADCOM_COM_RIGHTS_EXECUTE))
			return cadcom__error(CADCOM_EINVALIDSD, -1,
					     "DCOM: ACE %zu (mask 0x%08x) lacks COM_RIGHTS_EXECUTE "
					     "(0x1), which every DCOM ACE must hold",
					     i, ace->mask);
		f = is_legacy(ace->mask) ? CADCOM_COM_FORM_LEGACY : CADCOM_COM_FORM_NEW;
		if (first == CADCOM_COM_FORM_EMPTY)
			first = f;
		else if (f != first)
			return cadcom__error(CADCOM_EINVALIDSD, -1,
					     "DCOM: ACE %zu is in the %s form but ACE 0 is in the "
					     "%s form; one ACL must not mix them",
					     i, f == CADCOM_COM_FORM_LEGACY ? "legacy (EXECUTE only)" : "new",
					     first == CADCOM_COM_FORM_LEGACY ? "legacy (EXECUTE only)"
									     : "new");
	}
	if (form)
		*form = first;
	return 0;
}

int cadcom_com_sd_form(const cadcom_sd *sd)
{
	const struct cadcom_acl *acl;
	bool legacy = false, modern = false;

	if (!sd)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	acl = dacl_of(sd);
	for (size_t i = 0; acl && i < acl->count; i++) {
		if (is_legacy(acl->aces[i].mask))
			legacy = true;
		else
			modern = true;
	}
	if (legacy && modern)
		return CADCOM_COM_FORM_MIXED;
	return legacy ? CADCOM_COM_FORM_LEGACY : modern ? CADCOM_COM_FORM_NEW : CADCOM_COM_FORM_EMPTY;
}

int cadcom_com_sd_validate(const cadcom_sd *sd, size_t *bad_index)
{
	if (!sd)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	return validate(sd, bad_index, NULL);
}

int cadcom_com_sd_upgrade(cadcom_sd *sd, int kind)
{
	struct cadcom_acl *acl;
	int form, rc, n = 0;

	if (!sd)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	if (!kind_valid(kind))
		return bad_kind(kind);
	if ((rc = validate(sd, NULL, &form)))
		return rc;
	if (form != CADCOM_COM_FORM_LEGACY)
		return 0;
	acl = &sd->acl[CADCOM_DACL];
	for (size_t i = 0; i < acl->count; i++, n++)
		acl->aces[i].mask |= kind == CADCOM_COM_LAUNCH ? LAUNCH_BITS : ACCESS_BITS;
	return n;
}

/* An ACE the caller's edits may change: the trustee's own explicit allow. */
static bool own_explicit_allow(const struct cadcom_ace *ace, const cadcom_sid *trustee)
{
	return ace->type == CADCOM_ACE_ACCESS_ALLOWED &&
	       !(ace->flags & (CADCOM_ACE_INHERITED | CADCOM_ACE_INHERIT_ONLY)) &&
	       cadcom_sid_equal(&ace->sid, trustee);
}

static int edit_args(const cadcom_sd *sd, int kind, const cadcom_sid *trustee, unsigned perms,
		     int *form)
{
	uint32_t mask;
	int rc;

	if (!sd || !trustee)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	if ((rc = cadcom_com_mask(kind, perms, &mask)))
		return rc;
	return validate(sd, NULL, form);
}

int cadcom_com_query(const cadcom_sd *sd, int kind, const cadcom_sid *trustee, unsigned *allowed,
		     unsigned *denied)
{
	const struct cadcom_acl *acl;
	unsigned a = 0, d = 0;

	if (!sd || !trustee)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	if (!kind_valid(kind))
		return bad_kind(kind);
	acl = dacl_of(sd);
	for (size_t i = 0; acl && i < acl->count; i++) {
		const struct cadcom_ace *ace = &acl->aces[i];
		if ((ace->flags & CADCOM_ACE_INHERIT_ONLY) || !(ace->mask & CADCOM_COM_RIGHTS_EXECUTE) ||
		    !cadcom_sid_equal(&ace->sid, trustee))
			continue;
		if (ace->type == CADCOM_ACE_ACCESS_ALLOWED)
			a |= perms_of(kind, ace->mask);
		else if (ace->type == CADCOM_ACE_ACCESS_DENIED)
			d |= perms_of(kind, ace->mask);
	}
	if (allowed)
		*allowed = a;
	if (denied)
		*denied = d;
	return 0;
}

static int legacy_partial(const char *what)
{
	return cadcom__error(CADCOM_EUNREPRESENTABLE, -1,
			     "DCOM: the ACL is in the legacy form, where an ACE means every "
			     "permission; it cannot %s only some of them "
			     "(cadcom_com_sd_upgrade() rewrites it in the new form)",
			     what);
}

int cadcom_com_grant(cadcom_sd *sd, int kind, const cadcom_sid *trustee, unsigned perms)
{
	struct cadcom_acl *acl;
	struct cadcom_ace ace = { 0 };
	uint32_t mask;
	int form, rc;

	if ((rc = edit_args(sd, kind, trustee, perms, &form)))
		return rc;
	if (sd->state[CADCOM_DACL] != CADCOM_ACL_PRESENT)
		return 0; /* no DACL: everyone already has everything */
	cadcom_com_mask(kind, perms, &mask);
	if (form == CADCOM_COM_FORM_LEGACY) {
		if (perms != cadcom_com_all_permissions(kind))
			return legacy_partial("grant");
		mask = CADCOM_COM_RIGHTS_EXECUTE;
	}
	acl = &sd->acl[CADCOM_DACL];
	for (size_t i = 0; i < acl->count; i++)
		if (own_explicit_allow(&acl->aces[i], trustee)) {
			if ((acl->aces[i].mask & mask) == mask)
				return 0;
			acl->aces[i].mask |= mask;
			return 1;
		}
	ace.type = CADCOM_ACE_ACCESS_ALLOWED;
	ace.mask = mask;
	ace.sid = *trustee;
	if ((rc = cadcom_sd_insert_ace(sd, CADCOM_DACL, &ace, NULL)))
		return rc;
	return 1;
}

int cadcom_com_revoke(cadcom_sd *sd, int kind, const cadcom_sid *trustee, unsigned perms)
{
	struct cadcom_acl *acl;
	uint32_t bits;
	int form, rc, changed = 0;

	if ((rc = edit_args(sd, kind, trustee, perms, &form)))
		return rc;
	if (sd->state[CADCOM_DACL] != CADCOM_ACL_PRESENT)
		return cadcom__error(CADCOM_EUNREPRESENTABLE, -1,
				     "DCOM: the descriptor has no DACL, which allows everyone "
				     "everything; revoking needs an explicit ACL");
	if (form == CADCOM_COM_FORM_LEGACY && perms != cadcom_com_all_permissions(kind))
		return legacy_partial("revoke");
	cadcom_com_mask(kind, perms, &bits);
	bits &= ~CADCOM_COM_RIGHTS_EXECUTE;
	acl = &sd->acl[CADCOM_DACL];
	for (size_t i = acl->count; i-- > 0;) {
		struct cadcom_ace *ace = &acl->aces[i];
		uint32_t left;

		if (!own_explicit_allow(ace, trustee))
			continue;
		left = form == CADCOM_COM_FORM_LEGACY ? 0 : ace->mask & ~bits;
		if (left == ace->mask)
			continue;
		changed = 1;
		if (left & (COM_BITS & ~CADCOM_COM_RIGHTS_EXECUTE))
			ace->mask = left;
		else /* EXECUTE alone would read as the legacy "everything" */
			cadcom_sd_remove_ace(sd, CADCOM_DACL, i);
	}
	return changed;
}

int cadcom_com_check(const cadcom_sd *sd, int kind, const cadcom_token *token, unsigned perms,
		     cadcom_access_result **out)
{
	uint32_t mask;
	int form, rc;

	if (!sd || !token || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	if ((rc = cadcom_com_mask(kind, perms, &mask)) || (rc = validate(sd, NULL, &form)))
		return rc;
	/* Every ACE carries EXECUTE: asking a new-form ACL for EXECUTE would let
	 * any deny ACE deny every checkbox. */
	if (form != CADCOM_COM_FORM_LEGACY)
		mask &= ~CADCOM_COM_RIGHTS_EXECUTE;
	else
		mask = CADCOM_COM_RIGHTS_EXECUTE;
	return cadcom_access_check(sd, token, mask, NULL, out);
}

/* ---- merge ------------------------------------------------------------- */

struct conflict {
	size_t deny_ace, required_ace;
	unsigned perms;
	int kind;
	char *message;
};

struct cadcom_com_report {
	size_t changes, count, cap;
	struct conflict *items;
};

void cadcom_com_report_free(cadcom_com_report *report)
{
	if (!report)
		return;
	for (size_t i = 0; i < report->count; i++)
		free(report->items[i].message);
	free(report->items);
	free(report);
}

static void put_sid(struct strbuf *sb, const struct cadcom_sid *sid)
{
	const char *name = cadcom_sid_name(sid);

	if (name) {
		sb_printf(sb, "%s (", name);
		cadcom__sid_format(sb, sid);
		sb_putc(sb, ')');
	} else {
		cadcom__sid_format(sb, sid);
	}
}

static void put_perms(struct strbuf *sb, unsigned perms)
{
	const char *sep = "";

	for (size_t i = 0; i < ARRAY_SIZE(checkboxes); i++)
		if (perms & checkboxes[i].perm) {
			sb_printf(sb, "%s%s", sep, checkboxes[i].name);
			sep = ", ";
		}
}

static int add_conflict(struct cadcom_com_report *r, size_t deny_ace, size_t required_ace,
			const struct cadcom_ace *deny, const struct cadcom_sid *trustee,
			unsigned perms, int kind)
{
	struct conflict *c;
	struct strbuf sb = { 0 };

	c = cadcom__grow(r->items, &r->cap, r->count, sizeof(*c));
	if (!c)
		return cadcom__enomem();
	r->items = c;
	sb_printf(&sb, "deny ACE %zu for ", deny_ace);
	put_sid(&sb, &deny->sid);
	sb_puts(&sb, " denies ");
	put_perms(&sb, perms);
	sb_puts(&sb, ", which the grant to ");
	put_sid(&sb, trustee);
	sb_puts(&sb, kind == CADCOM_COM_CONFLICT_CERTAIN
			     ? " needs: the deny wins for every caller"
			     : " needs: the deny wins for callers that are also members of it");
	c = &r->items[r->count];
	*c = (struct conflict){ deny_ace, required_ace, perms, kind, NULL };
	if (sb_finish(&sb, &c->message))
		return CADCOM_ENOMEM;
	r->count++;
	return 0;
}

static int find_conflicts(struct cadcom_com_report *r, const cadcom_sd *sd, int kind,
			  const struct cadcom_acl *req)
{
	const struct cadcom_acl *acl = dacl_of(sd);
	int rc;

	for (size_t j = 0; acl && j < acl->count; j++) {
		const struct cadcom_ace *d = &acl->aces[j];
		if (d->type != CADCOM_ACE_ACCESS_DENIED || (d->flags & CADCOM_ACE_INHERIT_ONLY))
			continue;
		for (size_t i = 0; i < req->count; i++) {
			const struct cadcom_ace *g = &req->aces[i];
			unsigned hit = perms_of(kind, d->mask) & perms_of(kind, g->mask);
			bool certain = cadcom_sid_equal(&d->sid, &g->sid) ||
				       cadcom_sid_equal(&d->sid, &sid_everyone) ||
				       cadcom_sid_equal(&d->sid, &sid_authenticated_users);
			if (!hit)
				continue;
			rc = add_conflict(r, j, i, d, &g->sid, hit,
					  certain ? CADCOM_COM_CONFLICT_CERTAIN
						  : CADCOM_COM_CONFLICT_POSSIBLE);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int cadcom_com_merge(cadcom_sd *sd, int kind, const cadcom_sd *required, cadcom_com_report **report)
{
	const struct cadcom_acl *req;
	struct cadcom_com_report *r;
	cadcom_sd *work = NULL;
	int rc;

	if (!sd || !required)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: NULL argument");
	if (!kind_valid(kind))
		return bad_kind(kind);
	req = dacl_of(required);
	if (!req)
		return cadcom__error(CADCOM_EINVAL, -1, "DCOM: the requirement has no DACL");
	for (size_t i = 0; i < req->count; i++)
		if (req->aces[i].type != CADCOM_ACE_ACCESS_ALLOWED ||
		    !(req->aces[i].mask & CADCOM_COM_RIGHTS_EXECUTE))
			return cadcom__error(CADCOM_EINVAL, -1,
					     "DCOM: requirement ACE %zu is not an allow ACE holding "
					     "COM_RIGHTS_EXECUTE",
					     i);
	r = calloc(1, sizeof(*r));
	if (!r)
		return cadcom__enomem();
	/* Work on a copy so that a failure half-way leaves `sd` as it was. */
	rc = cadcom_sd_dup(sd, &work);
	for (size_t i = 0; rc == 0 && i < req->count; i++) {
		rc = cadcom_com_grant(work, kind, &req->aces[i].sid, perms_of(kind, req->aces[i].mask));
		if (rc > 0)
			r->changes++;
		if (rc > 0)
			rc = 0;
	}
	if (rc == 0)
		rc = find_conflicts(r, work, kind, req);
	if (rc) {
		cadcom_sd_free(work);
		cadcom_com_report_free(r);
		return rc;
	}
	for (int k = 0; k < 2; k++)
		cadcom__acl_clear(&sd->acl[k]);
	*sd = *work;
	free(work); /* its ACL arrays now belong to sd */
	if (report)
		*report = r;
	else
		cadcom_com_report_free(r);
	return 0;
}

size_t cadcom_com_report_changes(const cadcom_com_report *report)
{
	return report ? report->changes : 0;
}

size_t cadcom_com_report_conflict_count(const cadcom_com_report *report)
{
	return report ? report->count : 0;
}

int cadcom_com_report_conflict(const cadcom_com_report *report, size_t index, size_t *deny_ace,
			       size_t *required_ace, unsigned *perms, int *kind)
{
	const struct conflict *c;

	if (!report || index >= report->count)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "DCOM report: no conflict %zu", index);
	c = &report->items[index];
	if (deny_ace)
		*deny_ace = c->deny_ace;
	if (required_ace)
		*required_ace = c->required_ace;
	if (perms)
		*perms = c->perms;
	if (kind)
		*kind = c->kind;
	return 0;
}

const char *cadcom_com_report_message(const cadcom_com_report *report, size_t index)
{
	return (report && index < report->count) ? report->items[index].message : NULL;
}
