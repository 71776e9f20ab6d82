/*
 * Self-relative binary security descriptors (MS-DTYP 2.4.6, 2.4.5, 2.4.4).
 *
 * Reading accepts any valid layout: parts in any order, owner and group
 * sharing bytes, slack after an ACL's last ACE.  What is rejected, and why,
 * is listed in doc/BINARY.md; every rejection names the byte offset.
 * Writing produces Windows' layout (notes/facts.md §8): header, SACL, DACL,
 * owner, group, each ACL exactly as large as its ACEs.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define SD_HEADER 20
#define ACL_HEADER 8
#define ACE_HEADER 4

static int bad(size_t off, int code, const char *what)
{
	return cadcom__error(code, (long)off, "binary SD: %s at offset %zu", what, off);
}

/* A SID at buf[off..end).  Errors point into the whole buffer. */
static int read_sid(const unsigned char *buf, size_t off, size_t end, struct cadcom_sid *sid)
{
	switch (cadcom__sid_decode(buf + off, end > off ? end - off : 0, sid)) {
	case SID_TRUNCATED:
		return bad(off, CADCOM_EPARSE, "SID truncated");
	case SID_BAD_REVISION:
		return bad(off, CADCOM_EPARSE, "SID revision is not 1");
	case SID_TOO_MANY_SUBAUTH:
		return bad(off + 1, CADCOM_ELIMIT, "SID has more than 15 sub-authorities");
	}
	return 0;
}

static int read_ace(const unsigned char *buf, size_t off, size_t acl_end, uint8_t acl_rev,
		    struct cadcom_ace *ace)
{
	size_t size, p, end;
	int rc;

	if (acl_end - off < ACE_HEADER)
		return bad(off, CADCOM_EPARSE, "ACE header runs past the end of its ACL");
	memset(ace, 0, sizeof(*ace));
	ace->type = buf[off];
	ace->flags = buf[off + 1];
	size = cadcom__le16(buf + off + 2);
	if (size < ACE_HEADER + 4 + 8)
		return bad(off + 2, CADCOM_EPARSE, "ACE size too small");
	if (size > acl_end - off)
		return bad(off + 2, CADCOM_EPARSE, "ACE size runs past the end of its ACL");
	switch (ace->type) {
	case CADCOM_ACE_ACCESS_ALLOWED:
	case CADCOM_ACE_ACCESS_DENIED:
	case CADCOM_ACE_SYSTEM_AUDIT:
	case CADCOM_ACE_SYSTEM_ALARM:
	case CADCOM_ACE_MANDATORY_LABEL:
	case CADCOM_ACE_ACCESS_ALLOWED_OBJECT:
	case CADCOM_ACE_ACCESS_DENIED_OBJECT:
	case CADCOM_ACE_SYSTEM_AUDIT_OBJECT:
	case CADCOM_ACE_SYSTEM_ALARM_OBJECT:
		break;
	default:
		return cadcom__error(CADCOM_EUNSUPPORTED, (long)off,
				     "binary SD: ACE type 0x%02x (callback, compound or resource "
				     "ACE) is not supported, at offset %zu", ace->type, off);
	}
	end = off + size;
	ace->mask = cadcom__le32(buf + off + 4);
	p = off + 8;
	if (cadcom__ace_type_is_object(ace->type)) {
		/* MS-DTYP 2.4.5: object ACEs need ACL_REVISION_DS. */
		if (acl_rev < CADCOM_ACL_REVISION_DS)
			return bad(off, CADCOM_EPARSE, "object ACE in an ACL of revision below 4");
		if (end - p < 4)
			return bad(p, CADCOM_EPARSE, "object ACE flags truncated");
		ace->object_flags = cadcom__le32(buf + p);
		if (ace->object_flags & ~(uint32_t)(ACE_OBJECT_TYPE_PRESENT |
						   ACE_INHERITED_OBJECT_TYPE_PRESENT))
			return bad(p, CADCOM_EPARSE, "unknown object ACE flags");
		p += 4;
		if (ace->object_flags & ACE_OBJECT_TYPE_PRESENT) {
			if (end - p < 16)
				return bad(p, CADCOM_EPARSE, "object type GUID truncated");
			memcpy(ace->object_type, buf + p, 16);
			p += 16;
		}
		if (ace->object_flags & ACE_INHERITED_OBJECT_TYPE_PRESENT) {
			if (end - p < 16)
				return bad(p, CADCOM_EPARSE, "inherited object type GUID truncated");
			memcpy(ace->inherited_object_type, buf + p, 16);
			p += 16;
		}
	}
	if ((rc = read_sid(buf, p, end, &ace->sid)))
		return rc;
	p += cadcom__sid_size(&ace->sid);
	if (p != end)
		return cadcom__error(CADCOM_EUNSUPPORTED, (long)p,
				     "binary SD: ACE has %zu bytes after its SID (application data is "
				     "not supported), at offset %zu", end - p, p);
	return 0;
}

static int read_acl(const unsigned char *buf, size_t len, size_t off, struct cadcom_acl *acl)
{
	size_t size, count, p;
	struct cadcom_ace ace;
	int rc;

	acl->revision = buf[off];
	if (acl->revision < CADCOM_ACL_REVISION || acl->revision > CADCOM_ACL_REVISION_DS)
		return bad(off, CADCOM_EPARSE, "ACL revision is not 2, 3 or 4");
	size = cadcom__le16(buf + off + 2);
	count = cadcom__le16(buf + off + 4);
	if (size < ACL_HEADER)
		return bad(off + 2, CADCOM_EPARSE, "ACL size smaller than its header");
	if (size > len - off)
		return bad(off + 2, CADCOM_EPARSE, "ACL size runs past the end of the buffer");
	p = off + ACL_HEADER;
	for (size_t i = 0; i < count; i++) {
		if ((rc = read_ace(buf, p, off + size, acl->revision, &ace)))
			return rc;
		if ((rc = cadcom__acl_append(acl, &ace)))
			return rc;
		p += cadcom__le16(buf + p + 2);
	}
	/* cadcom__acl_append raises the revision for object ACEs; keep the stored one. */
	acl->revision = buf[off];
	return 0;
}

int cadcom_sd_from_bytes(cadcom_sd **out, const unsigned char *buf, size_t len)
{
	cadcom_sd *sd;
	uint16_t control;
	uint32_t off[4]; /* owner, group, SACL, DACL */
	int rc;

	if (!out || (!buf && len))
		return cadcom__error(CADCOM_EINVAL, -1, "binary SD: NULL argument");
	if (len < SD_HEADER)
		return bad(len, CADCOM_EPARSE, "shorter than the 20-byte header");
	if (buf[0] != 1)
		return bad(0, CADCOM_EPARSE, "revision is not 1");
	control = cadcom__le16(buf + 2);
	if (!(control & CADCOM_SD_SELF_RELATIVE))
		return bad(2, CADCOM_EPARSE, "not self-relative (SE_SELF_RELATIVE clear)");
	for (int i = 0; i < 4; i++)
		off[i] = cadcom__le32(buf + 4 + 4 * i);
	if (off[2] && !(control & CADCOM_SD_SACL_PRESENT))
		return bad(12, CADCOM_EPARSE, "SACL offset set but SE_SACL_PRESENT clear");
	if (off[3] && !(control & CADCOM_SD_DACL_PRESENT))
		return bad(16, CADCOM_EPARSE, "DACL offset set but SE_DACL_PRESENT clear");
	if ((rc = cadcom_sd_new(&sd)))
		return rc;
	sd->control = control & (uint16_t) ~(CADCOM_SD_DACL_PRESENT | CADCOM_SD_SACL_PRESENT |
					     CADCOM_SD_SELF_RELATIVE);
	sd->rm_control = buf[1];
	for (int i = 0; i < 2 && !rc; i++) {
		if (!off[i])
			continue;
		if (off[i] < SD_HEADER || off[i] >= len) {
			rc = bad(4 + 4 * (size_t)i, CADCOM_EPARSE,
				 i ? "group offset outside the buffer" : "owner offset outside the buffer");
			break;
		}
		rc = read_sid(buf, off[i], len, i ? &sd->group : &sd->owner);
		*(i ? &sd->has_group : &sd->has_owner) = rc == 0;
	}
	for (int k = 0; k < 2 && !rc; k++) {
		int acl = k == 0 ? CADCOM_DACL : CADCOM_SACL;
		uint32_t o = k == 0 ? off[3] : off[2];
		uint16_t present = k == 0 ? CADCOM_SD_DACL_PRESENT : CADCOM_SD_SACL_PRESENT;
		if (!(control & present))
			continue;
		sd->state[acl] = o ? CADCOM_ACL_PRESENT : CADCOM_ACL_NULL;
		if (o && (o < SD_HEADER || o > len || len - o < ACL_HEADER))
			rc = bad(k == 0 ? 16 : 12, CADCOM_EPARSE,
				 k == 0 ? "DACL offset outside the buffer" : "SACL offset outside the buffer");
		else if (o)
			rc = read_acl(buf, len, o, &sd->acl[acl]);
	}
	if (rc) {
		cadcom_sd_free(sd);
		return rc;
	}
	*out = sd;
	return 0;
}

static size_t write_acl(unsigned char *p, const struct cadcom_acl *acl)
{
	size_t n = ACL_HEADER;

	p[0] = acl->revision;
	p[1] = 0;
	cadcom__put_le16(p + 2, (uint16_t)cadcom__acl_size(acl));
	cadcom__put_le16(p + 4, (uint16_t)acl->count);
	cadcom__put_le16(p + 6, 0);
	for (size_t i = 0; i < acl->count; i++) {
		const struct cadcom_ace *ace = &acl->aces[i];
		unsigned char *a = p + n;
		size_t q = 8;
		a[0] = ace->type;
		a[1] = ace->flags;
		cadcom__put_le16(a + 2, (uint16_t)cadcom__ace_size(ace));
		cadcom__put_le32(a + 4, ace->mask);
		if (cadcom__ace_type_is_object(ace->type)) {
			cadcom__put_le32(a + q, ace->object_flags);
			q += 4;
			if (ace->object_flags & ACE_OBJECT_TYPE_PRESENT) {
				memcpy(a + q, ace->object_type, 16);
				q += 16;
			}
			if (ace->object_flags & ACE_INHERITED_OBJECT_TYPE_PRESENT) {
				memcpy(a + q, ace->inherited_object_type, 16);
				q += 16;
			}
		}
		q += cadcom__sid_encode(a + q, &ace->sid);
		n += q;
	}
	return n;
}

int cadcom_sd_to_bytes(const cadcom_sd *sd, unsigned char **out, size_t *len)
{
	size_t total = SD_HEADER, n = SD_HEADER;
	unsigned char *buf;
	bool acl_written[2];

	if (!sd || !out || !len)
		return cadcom__error(CADCOM_EINVAL, -1, "binary SD: NULL argument");
	for (int k = 0; k < 2; k++) {
		acl_written[k] = sd->state[k] == CADCOM_ACL_PRESENT;
		if (acl_written[k])
			total += cadcom__acl_size(&sd->acl[k]);
	}
	if (sd->has_owner)
		total += cadcom__sid_size(&sd->owner);
	if (sd->has_group)
		total += cadcom__sid_size(&sd->group);
	buf = calloc(1, total);
	if (!buf)
		return cadcom__enomem();
	buf[0] = 1;
	buf[1] = sd->rm_control;
	cadcom__put_le16(buf + 2, cadcom_sd_control(sd));
	/* Windows' order: SACL, DACL, owner, group. */
	if (acl_written[CADCOM_SACL]) {
		cadcom__put_le32(buf + 12, (uint32_t)n);
		n += write_acl(buf + n, &sd->acl[CADCOM_SACL]);
	}
	if (acl_written[CADCOM_DACL]) {
		cadcom__put_le32(buf + 16, (uint32_t)n);
		n += write_acl(buf + n, &sd->acl[CADCOM_DACL]);
	}
	if (sd->has_owner) {
		cadcom__put_le32(buf + 4, (uint32_t)n);
		n += cadcom__sid_encode(buf + n, &sd->owner);
	}
	if (sd->has_group) {
		cadcom__put_le32(buf + 8, (uint32_t)n);
		n += cadcom__sid_encode(buf + n, &sd->group);
	}
	*out = buf;
	*len = total;
	return 0;
}
