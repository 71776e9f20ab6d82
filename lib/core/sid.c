/*
 * SIDs: text (as Windows' SDDL parser reads it), binary, comparison.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define SID_AUTHORITY_MAX ((UINT64_C(1) << 48) - 1)

size_t cadcom__sid_size(const struct cadcom_sid *sid)
{
	return 8 + 4 * (size_t)sid->count;
}

int cadcom_sid_new(cadcom_sid **out, uint64_t authority, const uint32_t *subauth, size_t count)
{
	struct cadcom_sid *sid;

	if (!out || (count && !subauth))
		return cadcom__error(CADCOM_EINVAL, -1, "SID: NULL argument");
	if (count > CADCOM_SID_MAX_SUBAUTH)
		return cadcom__error(CADCOM_ELIMIT, -1,
				     "SID: %zu sub-authorities; at most 15 are allowed", count);
	if (authority > SID_AUTHORITY_MAX)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "SID: identifier authority does not fit in 48 bits");
	sid = calloc(1, sizeof(*sid));
	if (!sid)
		return cadcom__enomem();
	sid->revision = 1;
	sid->authority = authority;
	sid->count = (uint8_t)count;
	if (count)
		memcpy(sid->sub, subauth, count * sizeof(uint32_t));
	*out = sid;
	return 0;
}

static int sid_copy_out(const struct cadcom_sid *src, cadcom_sid **out)
{
	struct cadcom_sid *sid = malloc(sizeof(*sid));

	if (!sid)
		return cadcom__enomem();
	*sid = *src;
	*out = sid;
	return 0;
}

/*
 * Numbers inside SID text.  Windows (observed, see doc/SDDL.md): a part is
 * decimal unless it starts with 0x (hex); after a revision written as "0x1"
 * every later part is hex even without the prefix; a sub-authority too large
 * for 32 bits is clamped to 4294967295; an identifier authority must fit in
 * 48 bits.
 *
 * Parse one number at s[*i..n); returns false when no digit is there. */
static bool sid_number(const char *s, size_t n, size_t *i, bool hex_mode,
		       uint64_t *value, bool *saturated, bool *had_prefix)
{
	size_t p = *i;
	unsigned base = hex_mode ? 16 : 10;
	uint64_t v = 0;
	bool any = false, sat = false;

	*had_prefix = false;
	if (p + 1 < n && s[p] == '0' && (s[p + 1] == 'x' || s[p + 1] == 'X')) {
		base = 16;
		p += 2;
		*had_prefix = true;
	}
	for (; p < n; p++) {
		int d = cadcom__hexval((unsigned char)s[p]);
		if (d < 0 || (unsigned)d >= base)
			break;
		any = true;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			sat = true;
		else
			v = v * base + (unsigned)d;
	}
	if (!any)
		return false;
	*i = p;
	*value = v;
	*saturated = sat;
	return true;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int cadcom__sid_parse_numeric(const char *s, size_t n, size_t *used, struct cadcom_sid *out,
			      long base)
{
	struct cadcom_sid sid = { .revision = 1 };
	size_t i = 0;
	uint64_t v;
	bool sat, prefix, hex_mode;

	if (n < 2 || (s[0] != 'S' && s[0] != 's') || s[1] != '-')
		return cadcom__error(CADCOM_EPARSE, base, "SID: expected \"S-\" at offset %ld", base);
	i = 2;
	/* Windows skips blanks before the revision and the authority. */
	while (i < n && is_ws(s[i]))
		i++;
	if (!sid_number(s, n, &i, false, &v, &sat, &prefix) || sat || v != 1)
		return cadcom__error(CADCOM_EPARSE, base + (long)i,
				     "SID: revision must be 1 at offset %ld", base + (long)i);
	hex_mode = prefix;
	if (i >= n || s[i] != '-')
		return cadcom__error(CADCOM_EPARSE, base + (long)i,
				     "SID: identifier authority missing at offset %ld",
				     base + (long)i);
	i++;
	while (i < n && is_ws(s[i]))
		i++;
	if (!sid_number(s, n, &i, hex_mode, &v, &sat, &prefix))
		return cadcom__error(CADCOM_EPARSE, base + (long)i,
				     "SID: identifier authority missing at offset %ld",
				     base + (long)i);
	if (sat || v > SID_AUTHORITY_MAX)
		return cadcom__error(CADCOM_EPARSE, base + (long)i,
				     "SID: identifier authority does not fit in 48 bits at offset %ld",
				     base + (long)i);
	sid.authority = v;
	while (i < n && s[i] == '-') {
		size_t at = i + 1;
		if (!sid_number(s, n, &at, hex_mode, &v, &sat, &prefix))
			return cadcom__error(CADCOM_EPARSE, base + (long)i + 1,
					     "SID: sub-authority missing at offset %ld",
					     base + (long)i + 1);
		if (sid.count == CADCOM_SID_MAX_SUBAUTH)
			return cadcom__error(CADCOM_ELIMIT, base + (long)i + 1,
					     "SID: more than 15 sub-authorities at offset %ld",
					     base + (long)i + 1);
		sid.sub[sid.count++] = (sat || v > UINT32_MAX) ? UINT32_MAX : (uint32_t)v;
		i = at;
	}
	*out = sid;
	*used = i;
	return 0;
}

int cadcom_sid_from_string(cadcom_sid **out, const char *str, const cadcom_sid *domain)
{
	struct cadcom_sid sid;
	size_t n, used;
	int rc;

	if (!out || !str)
		return cadcom__error(CADCOM_EINVAL, -1, "SID: NULL argument");
	n = strlen(str);
	if (n == 2) { /* no numeric SID is two characters long */
		const struct sid_alias *a = cadcom__alias_find(str);
		if (!a)
			return cadcom__error(CADCOM_EPARSE, 0, "SID: unknown alias \"%s\" at offset 0",
					     str);
		rc = cadcom__alias_resolve(a, domain, &sid);
		if (rc)
			return rc;
		return sid_copy_out(&sid, out);
	}
	rc = cadcom__sid_parse_numeric(str, n, &used, &sid, 0);
	if (rc)
		return rc;
	if (used != n)
		return cadcom__error(CADCOM_EPARSE, (long)used,
				     "SID: unexpected \"%c\" at offset %zu", str[used], used);
	return sid_copy_out(&sid, out);
}

void cadcom__sid_format(struct strbuf *sb, const struct cadcom_sid *sid)
{
	/* Observed Windows output: authorities >= 2^32 in upper-case hex. */
	if (sid->authority >> 32)
		sb_printf(sb, "S-%u-0x%llX", sid->revision, (unsigned long long)sid->authority);
	else
		sb_printf(sb, "S-%u-%llu", sid->revision, (unsigned long long)sid->authority);
	for (unsigned i = 0; i < sid->count; i++)
		sb_printf(sb, "-%u", (unsigned)sid->sub[i]);
}

int cadcom_sid_to_string(const cadcom_sid *sid, char **out)
{
	struct strbuf sb = { 0 };

	if (!sid || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "SID: NULL argument");
	cadcom__sid_format(&sb, sid);
	return sb_finish(&sb, out);
}

int cadcom__sid_decode(const unsigned char *p, size_t avail, struct cadcom_sid *out)
{
	if (avail < 8)
		return SID_TRUNCATED;
	if (p[0] != 1)
		return SID_BAD_REVISION;
	if (p[1] > CADCOM_SID_MAX_SUBAUTH)
		return SID_TOO_MANY_SUBAUTH;
	if (avail < 8 + 4 * (size_t)p[1])
		return SID_TRUNCATED;
	memset(out, 0, sizeof(*out));
	out->revision = 1;
	out->count = p[1];
	for (int i = 2; i < 8; i++) /* the authority is big-endian */
		out->authority = out->authority << 8 | p[i];
	for (unsigned i = 0; i < out->count; i++) {
		const unsigned char *q = p + 8 + 4 * i;
		out->sub[i] = cadcom__le32(q);
	}
	return 0;
}

size_t cadcom__sid_encode(unsigned char *p, const struct cadcom_sid *sid)
{
	p[0] = sid->revision;
	p[1] = sid->count;
	for (int i = 0; i < 6; i++)
		p[2 + i] = (unsigned char)(sid->authority >> (8 * (5 - i)));
	for (unsigned i = 0; i < sid->count; i++)
		for (int b = 0; b < 4; b++)
			p[8 + 4 * i + b] = (unsigned char)(sid->sub[i] >> (8 * b));
	return cadcom__sid_size(sid);
}

int cadcom_sid_from_bytes(cadcom_sid **out, const unsigned char *buf, size_t len,
			  size_t *consumed)
{
	struct cadcom_sid sid;

	if (!out || (!buf && len))
		return cadcom__error(CADCOM_EINVAL, -1, "SID: NULL argument");
	switch (cadcom__sid_decode(buf, len, &sid)) {
	case SID_TRUNCATED:
		return cadcom__error(CADCOM_EPARSE, (long)len,
				     "binary SID: truncated at %zu bytes (offset %zu)", len, len);
	case SID_BAD_REVISION:
		return cadcom__error(CADCOM_EPARSE, 0, "binary SID: revision %u, expected 1 at offset 0",
				     buf[0]);
	case SID_TOO_MANY_SUBAUTH:
		return cadcom__error(CADCOM_ELIMIT, 1,
				     "binary SID: %u sub-authorities, at most 15 allowed at offset 1",
				     buf[1]);
	}
	if (consumed)
		*consumed = cadcom__sid_size(&sid);
	return sid_copy_out(&sid, out);
}

int cadcom_sid_to_bytes(const cadcom_sid *sid, unsigned char **out, size_t *len)
{
	unsigned char *p;

	if (!sid || !out || !len)
		return cadcom__error(CADCOM_EINVAL, -1, "SID: NULL argument");
	p = malloc(cadcom__sid_size(sid));
	if (!p)
		return cadcom__enomem();
	*len = cadcom__sid_encode(p, sid);
	*out = p;
	return 0;
}

int cadcom_sid_dup(const cadcom_sid *sid, cadcom_sid **out)
{
	if (!sid || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "SID: NULL argument");
	return sid_copy_out(sid, out);
}

int cadcom_sid_compare(const cadcom_sid *a, const cadcom_sid *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	if (a->authority != b->authority)
		return a->authority < b->authority ? -1 : 1;
	for (unsigned i = 0; i < a->count && i < b->count; i++)
		if (a->sub[i] != b->sub[i])
			return a->sub[i] < b->sub[i] ? -1 : 1;
	return (int)a->count - (int)b->count;
}

int cadcom_sid_equal(const cadcom_sid *a, const cadcom_sid *b)
{
	return cadcom_sid_compare(a, b) == 0;
}

void cadcom_sid_free(cadcom_sid *sid)
{
	free(sid);
}

uint64_t cadcom_sid_authority(const cadcom_sid *sid)
{
	return sid ? sid->authority : 0;
}

size_t cadcom_sid_subauth_count(const cadcom_sid *sid)
{
	return sid ? sid->count : 0;
}

uint32_t cadcom_sid_subauth(const cadcom_sid *sid, size_t i)
{
	return (sid && i < sid->count) ? sid->sub[i] : 0;
}

uint32_t cadcom_sid_rid(const cadcom_sid *sid)
{
	return (sid && sid->count) ? sid->sub[sid->count - 1] : 0;
}

bool cadcom__sid_is_domain(const struct cadcom_sid *sid)
{
	return sid->authority == 5 && sid->count == 4 && sid->sub[0] == 21;
}

int cadcom_sid_in_domain(const cadcom_sid *sid, const cadcom_sid *domain)
{
	if (!sid || !domain || sid->count != domain->count + 1 ||
	    sid->authority != domain->authority)
		return 0;
	return memcmp(sid->sub, domain->sub, domain->count * sizeof(uint32_t)) == 0;
}
