/*
 * Descriptor → SDDL as Windows writes it.
 *
 * Observed Windows output (doc/SDDL.md has the sources): parts in the order
 * O G D S; ACL flags P AR AI, a NULL ACL as NO_ACCESS_CONTROL after them;
 * ACE flags and rights letters from the lowest bit up ("OICIIO", "GXGR",
 * label policies "NWNR"); a mask equal to FA/FR/FW/FX/KA/KR/KW is printed as
 * that alias; a mask with any bit that has no letter is printed as lower-case
 * hex; identifier authorities >= 2^32 in upper-case hex; GUIDs lower case.
 */
#include <string.h>
#include "sddl_tables.h"

static void format_sid(struct strbuf *sb, const struct cadcom_sid *sid,
		       const cadcom_sid *domain, int windows)
{
	const char *alias = cadcom_sid_alias(sid, domain, windows);

	if (alias)
		sb_puts(sb, alias);
	else
		cadcom__sid_format(sb, sid);
}

static void format_bits(struct strbuf *sb, uint32_t mask, const struct sddl_token *t, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (mask & t[k].value)
			sb_puts(sb, t[k].text);
}

static uint32_t table_bits(const struct sddl_token *t, size_t n)
{
	uint32_t all = 0;

	for (size_t k = 0; k < n; k++)
		all |= t[k].value;
	return all;
}

static void format_mask(struct strbuf *sb, uint32_t mask, uint8_t type)
{
	if (mask == 0)
		return;
	if (type == CADCOM_ACE_MANDATORY_LABEL) {
		if (mask & ~table_bits(sddl_label_bits, ARRAY_SIZE(sddl_label_bits)))
			sb_printf(sb, "0x%x", (unsigned)mask);
		else
			format_bits(sb, mask, sddl_label_bits, ARRAY_SIZE(sddl_label_bits));
		return;
	}
	for (size_t k = 0; k < ARRAY_SIZE(sddl_right_aliases); k++)
		if (mask == sddl_right_aliases[k].value) {
			sb_puts(sb, sddl_right_aliases[k].text);
			return;
		}
	if (mask & ~table_bits(sddl_right_bits, ARRAY_SIZE(sddl_right_bits)))
		sb_printf(sb, "0x%x", (unsigned)mask);
	else
		format_bits(sb, mask, sddl_right_bits, ARRAY_SIZE(sddl_right_bits));
}

static const char *type_text(uint8_t type)
{
	for (size_t k = 0; k < ARRAY_SIZE(sddl_ace_types); k++)
		if (sddl_ace_types[k].value == type)
			return sddl_ace_types[k].text;
	return NULL;
}

static int format_ace(struct strbuf *sb, const struct cadcom_ace *ace, const cadcom_sid *domain,
		      int windows)
{
	const char *type = type_text(ace->type);
	uint32_t known_flags = table_bits(sddl_ace_flags, ARRAY_SIZE(sddl_ace_flags));
	char guid[37];

	if (!type)
		return cadcom__error(CADCOM_EUNREPRESENTABLE, -1,
				     "SDDL: ACE type 0x%02x has no SDDL form", ace->type);
	if (ace->flags & ~known_flags)
		return cadcom__error(CADCOM_EUNREPRESENTABLE, -1,
				     "SDDL: ACE flags 0x%02x have no SDDL form",
				     (unsigned)(ace->flags & ~known_flags));
	sb_putc(sb, '(');
	sb_puts(sb, type);
	sb_putc(sb, ';');
	format_bits(sb, ace->flags, sddl_ace_flags, ARRAY_SIZE(sddl_ace_flags));
	sb_putc(sb, ';');
	format_mask(sb, ace->mask, ace->type);
	sb_putc(sb, ';');
	if (cadcom__ace_type_is_object(ace->type) && (ace->object_flags & ACE_OBJECT_TYPE_PRESENT)) {
		cadcom__guid_format(ace->object_type, guid);
		sb_puts(sb, guid);
	}
	sb_putc(sb, ';');
	if (cadcom__ace_type_is_object(ace->type) &&
	    (ace->object_flags & ACE_INHERITED_OBJECT_TYPE_PRESENT)) {
		cadcom__guid_format(ace->inherited_object_type, guid);
		sb_puts(sb, guid);
	}
	sb_putc(sb, ';');
	format_sid(sb, &ace->sid, domain, windows);
	sb_putc(sb, ')');
	return 0;
}

static int format_acl(struct strbuf *sb, const cadcom_sd *sd, int acl, const cadcom_sid *domain,
		      int windows)
{
	static const char *const flag_text[3] = { "P", "AR", "AI" };
	int rc;

	if (sd->state[acl] == CADCOM_ACL_ABSENT)
		return 0;
	sb_puts(sb, acl == CADCOM_DACL ? "D:" : "S:");
	for (int k = 0; k < 3; k++)
		if (sd->control & sddl_acl_flag_bits[acl][k])
			sb_puts(sb, flag_text[k]);
	if (sd->state[acl] == CADCOM_ACL_NULL) {
		sb_puts(sb, SDDL_NULL_ACL);
		return 0;
	}
	for (size_t i = 0; i < sd->acl[acl].count; i++)
		if ((rc = format_ace(sb, &sd->acl[acl].aces[i], domain, windows)))
			return rc;
	return 0;
}

int cadcom_sd_to_sddl(const cadcom_sd *sd, const cadcom_sid *domain, int windows, char **out)
{
	struct strbuf sb = { 0 };
	int rc;

	if (!sd || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "SDDL: NULL argument");
	if (!cadcom__windows_valid(windows))
		return cadcom__error(CADCOM_EINVAL, -1, "SDDL: unknown Windows release %d", windows);
	if (sd->has_owner) {
		sb_puts(&sb, "O:");
		format_sid(&sb, &sd->owner, domain, windows);
	}
	if (sd->has_group) {
		sb_puts(&sb, "G:");
		format_sid(&sb, &sd->group, domain, windows);
	}
	if ((rc = format_acl(&sb, sd, CADCOM_DACL, domain, windows)) ||
	    (rc = format_acl(&sb, sd, CADCOM_SACL, domain, windows))) {
		cadcom_free(sb.buf);
		return rc;
	}
	sb_puts(&sb, ""); /* an empty descriptor is the empty string */
	return sb_finish(&sb, out);
}

int cadcom_ace_to_sddl(const cadcom_ace *ace, const cadcom_sid *domain, int windows, char **out)
{
	struct strbuf sb = { 0 };
	int rc;

	if (!ace || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "SDDL: NULL argument");
	if (!cadcom__windows_valid(windows))
		return cadcom__error(CADCOM_EINVAL, -1, "SDDL: unknown Windows release %d", windows);
	if ((rc = format_ace(&sb, ace, domain, windows))) {
		cadcom_free(sb.buf);
		return rc;
	}
	return sb_finish(&sb, out);
}
