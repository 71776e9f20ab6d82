/*
 * The security descriptor model: descriptors, ACLs, ACEs.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Control bits the model stores; PRESENT bits follow the ACL states and
 * SELF_RELATIVE is a property of the binary form. */
#define STORED_CONTROL \
	((uint16_t) ~(CADCOM_SD_DACL_PRESENT | CADCOM_SD_SACL_PRESENT | CADCOM_SD_SELF_RELATIVE))

bool cadcom__ace_type_is_object(uint8_t type)
{
	return type >= CADCOM_ACE_ACCESS_ALLOWED_OBJECT && type <= CADCOM_ACE_SYSTEM_ALARM_OBJECT;
}

static bool ace_type_known(int type)
{
	switch (type) {
	case CADCOM_ACE_ACCESS_ALLOWED:
	case CADCOM_ACE_ACCESS_DENIED:
	case CADCOM_ACE_SYSTEM_AUDIT:
	case CADCOM_ACE_SYSTEM_ALARM:
	case CADCOM_ACE_ACCESS_ALLOWED_OBJECT:
	case CADCOM_ACE_ACCESS_DENIED_OBJECT:
	case CADCOM_ACE_SYSTEM_AUDIT_OBJECT:
	case CADCOM_ACE_SYSTEM_ALARM_OBJECT:
	case CADCOM_ACE_MANDATORY_LABEL:
		return true;
	default:
		return false;
	}
}

size_t cadcom__ace_size(const struct cadcom_ace *ace)
{
	size_t n = 8 + cadcom__sid_size(&ace->sid);

	if (cadcom__ace_type_is_object(ace->type)) {
		n += 4;
		if (ace->object_flags & ACE_OBJECT_TYPE_PRESENT)
			n += 16;
		if (ace->object_flags & ACE_INHERITED_OBJECT_TYPE_PRESENT)
			n += 16;
	}
	return n;
}

size_t cadcom__acl_size(const struct cadcom_acl *acl)
{
	size_t n = 8;

	for (size_t i = 0; i < acl->count; i++)
		n += cadcom__ace_size(&acl->aces[i]);
	return n;
}

int cadcom__acl_append(struct cadcom_acl *acl, const struct cadcom_ace *ace)
{
	if (cadcom__acl_size(acl) + cadcom__ace_size(ace) > CADCOM_ACL_MAX_BYTES)
		return cadcom__error(CADCOM_ELIMIT, -1,
				     "ACL: adding this ACE would exceed the 65535-byte ACL size limit");
	struct cadcom_ace *p = cadcom__grow(acl->aces, &acl->cap, acl->count, sizeof(*p));

	if (!p)
		return cadcom__enomem();
	acl->aces = p;
	acl->aces[acl->count++] = *ace;
	if (cadcom__ace_type_is_object(ace->type))
		acl->revision = CADCOM_ACL_REVISION_DS;
	return 0;
}

void cadcom__acl_clear(struct cadcom_acl *acl)
{
	free(acl->aces);
	memset(acl, 0, sizeof(*acl));
}

/* ---- descriptors ---- */

int cadcom_sd_new(cadcom_sd **out)
{
	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "SD: NULL argument");
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : cadcom__enomem();
}

void cadcom_sd_free(cadcom_sd *sd)
{
	if (!sd)
		return;
	cadcom__acl_clear(&sd->acl[0]);
	cadcom__acl_clear(&sd->acl[1]);
	free(sd);
}

int cadcom_sd_dup(const cadcom_sd *sd, cadcom_sd **out)
{
	cadcom_sd *copy;

	if (!sd || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "SD: NULL argument");
	copy = malloc(sizeof(*copy));
	if (!copy)
		return cadcom__enomem();
	*copy = *sd;
	for (int k = 0; k < 2; k++) {
		copy->acl[k].aces = NULL;
		copy->acl[k].cap = copy->acl[k].count;
		if (sd->acl[k].count) {
			copy->acl[k].aces = malloc(sd->acl[k].count * sizeof(struct cadcom_ace));
			if (!copy->acl[k].aces) {
				free(copy->acl[0].aces);
				free(copy);
				return cadcom__enomem();
			}
			memcpy(copy->acl[k].aces, sd->acl[k].aces,
			       sd->acl[k].count * sizeof(struct cadcom_ace));
		}
	}
	*out = copy;
	return 0;
}

int cadcom_ace_equal(const cadcom_ace *a, const cadcom_ace *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type || a->flags != b->flags || a->mask != b->mask ||
	    !cadcom_sid_equal(&a->sid, &b->sid))
		return 0;
	if (!cadcom__ace_type_is_object(a->type))
		return 1;
	if (a->object_flags != b->object_flags)
		return 0;
	if ((a->object_flags & ACE_OBJECT_TYPE_PRESENT) &&
	    memcmp(a->object_type, b->object_type, 16))
		return 0;
	if ((a->object_flags & ACE_INHERITED_OBJECT_TYPE_PRESENT) &&
	    memcmp(a->inherited_object_type, b->inherited_object_type, 16))
		return 0;
	return 1;
}

int cadcom_sd_equal(const cadcom_sd *a, const cadcom_sd *b)
{
	if (!a || !b)
		return a == b;
	if (a->control != b->control || a->has_owner != b->has_owner ||
	    a->has_group != b->has_group)
		return 0;
	if (a->rm_control != b->rm_control)
		return 0;
	if (a->has_owner && !cadcom_sid_equal(&a->owner, &b->owner))
		return 0;
	if (a->has_group && !cadcom_sid_equal(&a->group, &b->group))
		return 0;
	for (int k = 0; k < 2; k++) {
		if (a->state[k] != b->state[k])
			return 0;
		if (a->state[k] != CADCOM_ACL_PRESENT)
			continue;
		if (a->acl[k].revision != b->acl[k].revision || a->acl[k].count != b->acl[k].count)
			return 0;
		for (size_t i = 0; i < a->acl[k].count; i++)
			if (!cadcom_ace_equal(&a->acl[k].aces[i], &b->acl[k].aces[i]))
				return 0;
	}
	return 1;
}

uint16_t cadcom_sd_control(const cadcom_sd *sd)
{
	uint16_t c;

	if (!sd)
		return 0;
	c = sd->control | CADCOM_SD_SELF_RELATIVE;
	if (sd->state[CADCOM_DACL] != CADCOM_ACL_ABSENT)
		c |= CADCOM_SD_DACL_PRESENT;
	if (sd->state[CADCOM_SACL] != CADCOM_ACL_ABSENT)
		c |= CADCOM_SD_SACL_PRESENT;
	return c;
}

int cadcom_sd_set_control(cadcom_sd *sd, uint16_t control)
{
	if (!sd)
		return cadcom__error(CADCOM_EINVAL, -1, "SD: NULL argument");
	sd->control = control & STORED_CONTROL;
	return 0;
}

const cadcom_sid *cadcom_sd_owner(const cadcom_sd *sd)
{
	return (sd && sd->has_owner) ? &sd->owner : NULL;
}

const cadcom_sid *cadcom_sd_group(const cadcom_sd *sd)
{
	return (sd && sd->has_group) ? &sd->group : NULL;
}

static int set_sid(cadcom_sd *sd, bool *has, struct cadcom_sid *slot, const cadcom_sid *sid)
{
	if (!sd)
		return cadcom__error(CADCOM_EINVAL, -1, "SD: NULL argument");
	*has = sid != NULL;
	if (sid)
		*slot = *sid;
	return 0;
}

int cadcom_sd_set_owner(cadcom_sd *sd, const cadcom_sid *sid)
{
	return set_sid(sd, sd ? &sd->has_owner : NULL, sd ? &sd->owner : NULL, sid);
}

int cadcom_sd_set_group(cadcom_sd *sd, const cadcom_sid *sid)
{
	return set_sid(sd, sd ? &sd->has_group : NULL, sd ? &sd->group : NULL, sid);
}

static bool acl_kind_ok(int acl)
{
	return acl == CADCOM_DACL || acl == CADCOM_SACL;
}

int cadcom_sd_acl_state(const cadcom_sd *sd, int acl)
{
	if (!sd || !acl_kind_ok(acl))
		return cadcom__error(CADCOM_EINVAL, -1, "SD: invalid argument");
	return sd->state[acl];
}

int cadcom_sd_set_acl_state(cadcom_sd *sd, int acl, int state)
{
	if (!sd || !acl_kind_ok(acl) || state < CADCOM_ACL_ABSENT || state > CADCOM_ACL_PRESENT)
		return cadcom__error(CADCOM_EINVAL, -1, "SD: invalid argument");
	if (state != CADCOM_ACL_PRESENT || sd->state[acl] != CADCOM_ACL_PRESENT) {
		cadcom__acl_clear(&sd->acl[acl]);
		sd->acl[acl].revision = CADCOM_ACL_REVISION;
	}
	sd->state[acl] = state;
	return 0;
}

int cadcom_sd_acl_revision(const cadcom_sd *sd, int acl)
{
	if (!sd || !acl_kind_ok(acl) || sd->state[acl] != CADCOM_ACL_PRESENT)
		return 0;
	return sd->acl[acl].revision;
}

size_t cadcom_sd_ace_count(const cadcom_sd *sd, int acl)
{
	if (!sd || !acl_kind_ok(acl) || sd->state[acl] != CADCOM_ACL_PRESENT)
		return 0;
	return sd->acl[acl].count;
}

const cadcom_ace *cadcom_sd_ace(const cadcom_sd *sd, int acl, size_t index)
{
	if (index >= cadcom_sd_ace_count(sd, acl))
		return NULL;
	return &sd->acl[acl].aces[index];
}

int cadcom_sd_append_ace(cadcom_sd *sd, int acl, const cadcom_ace *ace)
{
	if (!sd || !ace || !acl_kind_ok(acl))
		return cadcom__error(CADCOM_EINVAL, -1, "SD: invalid argument");
	if (sd->state[acl] != CADCOM_ACL_PRESENT)
		cadcom_sd_set_acl_state(sd, acl, CADCOM_ACL_PRESENT);
	return cadcom__acl_append(&sd->acl[acl], ace);
}

/* ---- ACEs ---- */

int cadcom_ace_new(cadcom_ace **out, int type, uint8_t flags, uint32_t mask,
		   const cadcom_sid *sid)
{
	struct cadcom_ace *ace;

	if (!out || !sid)
		return cadcom__error(CADCOM_EINVAL, -1, "ACE: NULL argument");
	if (!ace_type_known(type))
		return cadcom__error(CADCOM_EUNSUPPORTED, -1, "ACE: type 0x%x is not supported", type);
	ace = calloc(1, sizeof(*ace));
	if (!ace)
		return cadcom__enomem();
	ace->type = (uint8_t)type;
	ace->flags = flags;
	ace->mask = mask;
	ace->sid = *sid;
	*out = ace;
	return 0;
}

void cadcom_ace_free(cadcom_ace *ace)
{
	free(ace);
}

int cadcom_ace_dup(const cadcom_ace *ace, cadcom_ace **out)
{
	if (!ace || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "ACE: NULL argument");
	*out = malloc(sizeof(**out));
	if (!*out)
		return cadcom__enomem();
	**out = *ace;
	return 0;
}

int cadcom_ace_type(const cadcom_ace *ace)
{
	return ace ? ace->type : -1;
}

uint8_t cadcom_ace_flags(const cadcom_ace *ace)
{
	return ace ? ace->flags : 0;
}

uint32_t cadcom_ace_mask(const cadcom_ace *ace)
{
	return ace ? ace->mask : 0;
}

const cadcom_sid *cadcom_ace_sid(const cadcom_ace *ace)
{
	return ace ? &ace->sid : NULL;
}

int cadcom_ace_set_flags(cadcom_ace *ace, uint8_t flags)
{
	if (!ace)
		return cadcom__error(CADCOM_EINVAL, -1, "ACE: NULL argument");
	ace->flags = flags;
	return 0;
}

int cadcom_ace_set_mask(cadcom_ace *ace, uint32_t mask)
{
	if (!ace)
		return cadcom__error(CADCOM_EINVAL, -1, "ACE: NULL argument");
	ace->mask = mask;
	return 0;
}

int cadcom_ace_is_object(const cadcom_ace *ace)
{
	return ace && cadcom__ace_type_is_object(ace->type);
}

static int guid_out(const cadcom_ace *ace, uint32_t bit, const uint8_t *g, char **out)
{
	char text[37];

	if (!ace || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "ACE: NULL argument");
	if (!cadcom__ace_type_is_object(ace->type) || !(ace->object_flags & bit))
		return CADCOM_ENOTFOUND; /* a normal answer, not an error to record */
	cadcom__guid_format(g, text);
	*out = cadcom__strdup(text);
	return *out ? 0 : cadcom__enomem();
}

int cadcom_ace_object_type(const cadcom_ace *ace, char **out)
{
	return guid_out(ace, ACE_OBJECT_TYPE_PRESENT, ace ? ace->object_type : NULL, out);
}

int cadcom_ace_inherited_object_type(const cadcom_ace *ace, char **out)
{
	return guid_out(ace, ACE_INHERITED_OBJECT_TYPE_PRESENT,
			ace ? ace->inherited_object_type : NULL, out);
}

static int guid_in(cadcom_ace *ace, uint32_t bit, uint8_t *slot, const char *text)
{
	if (!ace)
		return cadcom__error(CADCOM_EINVAL, -1, "ACE: NULL argument");
	if (!cadcom__ace_type_is_object(ace->type))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "ACE: only object ACEs (OA, OD, OU, OL) carry GUIDs");
	if (!text) {
		ace->object_flags &= ~bit;
		memset(slot, 0, 16);
		return 0;
	}
	uint8_t g[16];
	if (strlen(text) != 36 || !cadcom__guid_parse(text, g))
		return cadcom__error(CADCOM_EPARSE, -1,
				     "ACE: \"%s\" is not a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)",
				     text);
	memcpy(slot, g, 16);
	ace->object_flags |= bit;
	return 0;
}

int cadcom_ace_set_object_type(cadcom_ace *ace, const char *guid)
{
	return guid_in(ace, ACE_OBJECT_TYPE_PRESENT, ace ? ace->object_type : NULL, guid);
}

int cadcom_ace_set_inherited_object_type(cadcom_ace *ace, const char *guid)
{
	return guid_in(ace, ACE_INHERITED_OBJECT_TYPE_PRESENT,
		       ace ? ace->inherited_object_type : NULL, guid);
}
