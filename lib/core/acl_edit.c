/*
 * ACL edits that respect canonical order (Microsoft win32 docs,
 * SecAuthZ/order-of-aces-in-a-dacl.md) and touch nothing else.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* 0: explicit deny, 1: other explicit ACEs, 2: inherited.  Windows orders
 * inherited ACEs by distance from the parent, which an ACL does not record,
 * so inherited ACEs form one class whose order is left as it is. */
static int ace_class(const struct cadcom_ace *ace)
{
	if (ace->flags & CADCOM_ACE_INHERITED)
		return 2;
	if (ace->type == CADCOM_ACE_ACCESS_DENIED || ace->type == CADCOM_ACE_ACCESS_DENIED_OBJECT)
		return 0;
	return 1;
}

static int check_args(const cadcom_sd *sd, int acl)
{
	if (!sd || (acl != CADCOM_DACL && acl != CADCOM_SACL))
		return cadcom__error(CADCOM_EINVAL, -1, "ACL: invalid argument");
	return 0;
}

int cadcom_sd_acl_is_canonical(const cadcom_sd *sd, int acl, size_t *first_bad)
{
	const struct cadcom_acl *a;
	int rc;

	if ((rc = check_args(sd, acl)))
		return rc;
	a = &sd->acl[acl];
	if (sd->state[acl] != CADCOM_ACL_PRESENT)
		return 1;
	for (size_t i = 1; i < a->count; i++)
		if (ace_class(&a->aces[i]) < ace_class(&a->aces[i - 1])) {
			if (first_bad)
				*first_bad = i;
			return 0;
		}
	return 1;
}

int cadcom_sd_insert_ace(cadcom_sd *sd, int acl, const cadcom_ace *ace, size_t *index)
{
	struct cadcom_acl *a;
	size_t pos;
	int rc, cls;

	if ((rc = check_args(sd, acl)))
		return rc;
	if (!ace)
		return cadcom__error(CADCOM_EINVAL, -1, "ACL: NULL ACE");
	if (sd->state[acl] != CADCOM_ACL_PRESENT)
		cadcom_sd_set_acl_state(sd, acl, CADCOM_ACL_PRESENT);
	a = &sd->acl[acl];
	cls = ace_class(ace);
	for (pos = 0; pos < a->count && ace_class(&a->aces[pos]) <= cls; pos++)
		;
	if ((rc = cadcom__acl_append(a, ace))) /* grows the array, checks the size limit */
		return rc;
	memmove(&a->aces[pos + 1], &a->aces[pos], (a->count - 1 - pos) * sizeof(*a->aces));
	a->aces[pos] = *ace;
	if (index)
		*index = pos;
	return 0;
}

int cadcom_sd_remove_ace(cadcom_sd *sd, int acl, size_t index)
{
	struct cadcom_acl *a;
	int rc;

	if ((rc = check_args(sd, acl)))
		return rc;
	a = &sd->acl[acl];
	if (sd->state[acl] != CADCOM_ACL_PRESENT || index >= a->count)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "ACL: no ACE at index %zu", index);
	memmove(&a->aces[index], &a->aces[index + 1], (a->count - index - 1) * sizeof(*a->aces));
	a->count--;
	return 0;
}

int cadcom_sd_remove_aces(cadcom_sd *sd, int acl, const cadcom_sid *sid, int type, uint32_t mask)
{
	struct cadcom_acl *a;
	size_t kept = 0;
	int rc, removed;

	if ((rc = check_args(sd, acl)))
		return rc;
	if (!sid)
		return cadcom__error(CADCOM_EINVAL, -1, "ACL: NULL trustee");
	a = &sd->acl[acl];
	if (sd->state[acl] != CADCOM_ACL_PRESENT)
		return 0;
	for (size_t i = 0; i < a->count; i++) {
		const struct cadcom_ace *e = &a->aces[i];
		bool match = cadcom_sid_equal(&e->sid, sid) && (type == -1 || e->type == type) &&
			     (mask == 0 || e->mask == mask);
		if (!match)
			a->aces[kept++] = *e;
	}
	removed = (int)(a->count - kept);
	a->count = kept;
	return removed;
}

int cadcom_sd_canonicalize(cadcom_sd *sd, int acl)
{
	struct cadcom_acl *a;
	struct cadcom_ace *sorted;
	size_t n = 0;
	int rc;

	if ((rc = check_args(sd, acl)))
		return rc;
	a = &sd->acl[acl];
	if (sd->state[acl] != CADCOM_ACL_PRESENT || a->count < 2)
		return 0;
	sorted = malloc(a->count * sizeof(*sorted));
	if (!sorted)
		return cadcom__enomem();
	for (int cls = 0; cls <= 2; cls++) /* stable: one pass per class */
		for (size_t i = 0; i < a->count; i++)
			if (ace_class(&a->aces[i]) == cls)
				sorted[n++] = a->aces[i];
	memcpy(a->aces, sorted, n * sizeof(*sorted));
	free(sorted);
	return 0;
}
