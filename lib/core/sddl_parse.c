/*
 * SDDL → descriptor, accepting what Windows accepts.
 *
 * Whitespace and number rules follow Windows' observed behaviour (doc/SDDL.md
 * lists each rule and where it was observed): blanks may precede a part's
 * value, the ACL flags, ACEs and each ACE field; a blank after a two-letter
 * SID alias is ignored but one after a numeric SID, a rights string, a GUID or
 * the ACL flags "AI"/"AR" is an error.  Every error names the byte offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include "sddl_tables.h"

struct parser {
	const char *s;
	size_t n;
	size_t i;
	const cadcom_sid *domain;
	cadcom_sd *sd;
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void skip_ws(struct parser *p)
{
	while (p->i < p->n && is_ws(p->s[p->i]))
		p->i++;
}

static bool is_part_start(const struct parser *p, size_t i)
{
	return i + 1 < p->n && strchr("OGDS", p->s[i]) && p->s[i] != '\0' && p->s[i + 1] == ':';
}

static int fail(size_t off, int code, const char *what)
{
	return cadcom__error(code, (long)off, "SDDL: %s at offset %zu", what, off);
}

/* Quote up to 16 bytes of the input for a message, escaping non-printables. */
static void quote(const struct parser *p, size_t from, size_t to, char *buf, size_t bufsz)
{
	size_t o = 0;

	if (to - from > 16)
		to = from + 16;
	for (size_t k = from; k < to && o + 5 < bufsz; k++) {
		unsigned char c = (unsigned char)p->s[k];
		if (c >= 0x20 && c < 0x7f && c != '"')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, bufsz - o, "\\x%02x", c);
	}
	buf[o] = '\0';
}

static int fail_token(const struct parser *p, size_t from, size_t to, int code, const char *what)
{
	char q[80];

	quote(p, from, to, q, sizeof(q));
	return cadcom__error(code, (long)from, "SDDL: %s \"%s\" at offset %zu", what, q, from);
}

static bool match_ci(const struct parser *p, size_t i, const char *tok)
{
	size_t k = strlen(tok);

	return i + k <= p->n && strncasecmp(p->s + i, tok, k) == 0;
}

/* ---- SIDs ---- */

/* Parse a SID occupying s[from..to): blanks first, then a numeric SID that
 * must end exactly at `to`, or a two-letter alias that blanks may follow. */
static int parse_sid_field(struct parser *p, size_t from, size_t to, struct cadcom_sid *out)
{
	size_t j = from, used;
	int rc;

	while (j < to && is_ws(p->s[j]))
		j++;
	if (j == to)
		return fail(j, CADCOM_EPARSE, "SID missing");
	if ((p->s[j] == 'S' || p->s[j] == 's') && j + 1 < to && p->s[j + 1] == '-') {
		rc = cadcom__sid_parse_numeric(p->s + j, to - j, &used, out, (long)j);
		if (rc)
			return rc;
		if (j + used != to)
			return fail_token(p, j + used, to, CADCOM_EPARSE, "unexpected text after SID");
		return 0;
	}
	size_t k = j + 2;
	while (k < to && is_ws(p->s[k]))
		k++;
	const struct sid_alias *a = (j + 2 <= to && k == to) ? cadcom__alias_find(p->s + j) : NULL;
	if (!a) {
		size_t e = j;
		while (e < to && !is_ws(p->s[e]))
			e++;
		return fail_token(p, j, e, CADCOM_EPARSE, "unknown SID");
	}
	if (a->kind == ALIAS_DOMAIN && !p->domain)
		return cadcom__error(CADCOM_ENEEDDOMAIN, (long)j,
				     "SDDL: SID alias %s (%s) is relative to a domain and no domain "
				     "SID was given, at offset %zu",
				     a->alias, a->name, j);
	rc = cadcom__alias_resolve(a, p->domain, out);
	if (rc)
		return cadcom__error(rc, (long)j, "SDDL: cannot resolve SID alias %s at offset %zu",
				     a->alias, j);
	return 0;
}

/* O: and G: take everything up to the next part ("X:" with X in OGDS), so
 * that "O:S-1-2-0x200D:" is S-1-2-512 followed by a DACL, as on Windows. */
static int parse_owner_group(struct parser *p, bool owner)
{
	size_t end = p->i;
	struct cadcom_sid sid;
	int rc;

	while (end < p->n && !is_part_start(p, end))
		end++;
	rc = parse_sid_field(p, p->i, end, &sid);
	if (rc)
		return rc;
	if (owner) {
		p->sd->has_owner = true;
		p->sd->owner = sid;
	} else {
		p->sd->has_group = true;
		p->sd->group = sid;
	}
	p->i = end;
	return 0;
}

/* ---- ACE fields ---- */

/* End of the field starting at `from`: the next ';' before the ACE's ')'. */
static int field_end(const struct parser *p, size_t from, size_t *end)
{
	size_t k = from;

	while (k < p->n && p->s[k] != ';' && p->s[k] != ')')
		k++;
	if (k >= p->n)
		return fail(k, CADCOM_EPARSE, "ACE not closed with ')'");
	if (p->s[k] == ')')
		return fail(k, CADCOM_EPARSE, "ACE has too few fields (6 expected)");
	*end = k;
	return 0;
}

static size_t skip_ws_to(const struct parser *p, size_t j, size_t end)
{
	while (j < end && is_ws(p->s[j]))
		j++;
	return j;
}

static int parse_ace_type(struct parser *p, size_t from, size_t end, uint8_t *type)
{
	size_t j = skip_ws_to(p, from, end);

	for (size_t k = 0; k < ARRAY_SIZE(sddl_ace_types); k++) {
		size_t len = strlen(sddl_ace_types[k].text);
		if (end - j == len && match_ci(p, j, sddl_ace_types[k].text)) {
			*type = (uint8_t)sddl_ace_types[k].value;
			return 0;
		}
	}
	for (size_t k = 0; k < ARRAY_SIZE(sddl_unsupported_types); k++)
		if (end - j == 2 && match_ci(p, j, sddl_unsupported_types[k]))
			return fail_token(p, j, end, CADCOM_EUNSUPPORTED,
					  "conditional, resource attribute and scoped policy ACEs "
					  "are not supported: ACE type");
	return fail_token(p, j, end, CADCOM_EPARSE, "unknown ACE type");
}

/* If the two letters at j (before `end`) are a token of `table`, OR its
 * value into *value. */
static bool token_in(const struct parser *p, size_t j, size_t end, const struct sddl_token *table,
		     size_t count, uint32_t *value)
{
	for (size_t k = 0; k < count; k++)
		if (j + 2 <= end && match_ci(p, j, table[k].text)) {
			*value |= table[k].value;
			return true;
		}
	return false;
}

/* Two-letter tokens, concatenated, from `table`, OR-ed into *value. */
static int parse_tokens(struct parser *p, size_t j, size_t end, const struct sddl_token *table,
			size_t count, uint32_t *value, const char *what)
{
	for (; j < end; j += 2)
		if (!token_in(p, j, end, table, count, value))
			return fail_token(p, j, j + 2 <= end ? j + 2 : end, CADCOM_EPARSE, what);
	return 0;
}

static int parse_ace_flags(struct parser *p, size_t from, size_t end, uint8_t *flags)
{
	uint32_t v = 0;
	int rc = parse_tokens(p, skip_ws_to(p, from, end), end, sddl_ace_flags,
			      ARRAY_SIZE(sddl_ace_flags), &v, "unknown ACE flag");

	*flags = (uint8_t)v;
	return rc;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : 99;
}

/* A numeric mask as Windows reads it (observed): optional sign, 0x hex,
 * leading-0 octal or decimal; a magnitude over 32 bits becomes 0xffffffff
 * before a minus sign negates it. */
static int parse_mask_number(struct parser *p, size_t j, size_t end, uint32_t *mask)
{
	bool neg = false, any = false;
	unsigned base = 10;
	uint64_t v = 0;
	size_t start = j;

	if (p->s[j] == '-' || p->s[j] == '+')
		neg = p->s[j++] == '-';
	if (j + 1 < end && p->s[j] == '0' && (p->s[j + 1] == 'x' || p->s[j + 1] == 'X')) {
		base = 16;
		j += 2;
	} else if (j < end && p->s[j] == '0') {
		base = 8;
	}
	for (; j < end; j++) {
		int d = digit_value(p->s[j]);
		if (d >= (int)base)
			break;
		any = true;
		v = v * base + (unsigned)d;
		if (v > UINT32_MAX)
			v = (uint64_t)UINT32_MAX + 1; /* saturate; clamped below */
	}
	if (!any || j != end)
		return fail_token(p, start, end, CADCOM_EPARSE, "invalid access mask");
	if (v > UINT32_MAX)
		v = UINT32_MAX;
	*mask = neg ? (uint32_t)(0u - (uint32_t)v) : (uint32_t)v;
	return 0;
}

static int parse_rights(struct parser *p, size_t from, size_t end, uint32_t *mask)
{
	size_t j = skip_ws_to(p, from, end);
	uint32_t v = 0;

	*mask = 0;
	if (j == end)
		return 0;
	if (isdigit((unsigned char)p->s[j]) || p->s[j] == '-' || p->s[j] == '+')
		return parse_mask_number(p, j, end, mask);
	for (; j < end; j += 2)
		if (!token_in(p, j, end, sddl_right_bits, ARRAY_SIZE(sddl_right_bits), &v) &&
		    !token_in(p, j, end, sddl_right_aliases, ARRAY_SIZE(sddl_right_aliases), &v) &&
		    !token_in(p, j, end, sddl_label_bits, ARRAY_SIZE(sddl_label_bits), &v))
			return fail_token(p, j, j + 2 <= end ? j + 2 : end, CADCOM_EPARSE,
					  "unknown access right");
	*mask = v;
	return 0;
}

/* A GUID field: only blanks means "none"; otherwise exactly a GUID. */
static int parse_guid_field(struct parser *p, size_t from, size_t end, uint8_t out[16],
			    bool *present)
{
	if (skip_ws_to(p, from, end) == end) {
		*present = false;
		return 0;
	}
	if (end - from != 36 || !cadcom__guid_parse(p->s + from, out))
		return fail_token(p, from, end, CADCOM_EPARSE, "invalid GUID");
	*present = true;
	return 0;
}

static bool type_allowed(int acl, uint8_t type)
{
	bool access = type == CADCOM_ACE_ACCESS_ALLOWED || type == CADCOM_ACE_ACCESS_DENIED ||
		      type == CADCOM_ACE_ACCESS_ALLOWED_OBJECT ||
		      type == CADCOM_ACE_ACCESS_DENIED_OBJECT;

	return acl == CADCOM_DACL ? access : !access;
}

static int parse_ace(struct parser *p, int acl)
{
	struct cadcom_ace ace = { 0 };
	size_t open = p->i, f[6], e[6], close;
	bool has_obj, has_inh;
	int rc;

	p->i++; /* '(' */
	for (int k = 0; k < 5; k++) {
		f[k] = p->i;
		if ((rc = field_end(p, p->i, &e[k])))
			return rc;
		if (k == 0 && (rc = parse_ace_type(p, f[0], e[0], &ace.type)))
			return rc; /* early, so that conditional ACEs say "unsupported" */
		p->i = e[k] + 1;
	}
	f[5] = p->i;
	close = p->i;
	while (close < p->n && p->s[close] != ')' && p->s[close] != ';')
		close++;
	if (close >= p->n)
		return fail(open, CADCOM_EPARSE, "ACE not closed with ')'");
	if (p->s[close] == ';')
		return fail(close, CADCOM_EPARSE, "ACE has too many fields (6 expected)");
	e[5] = close;

	if (!type_allowed(acl, ace.type))
		return fail_token(p, skip_ws_to(p, f[0], e[0]), e[0], CADCOM_EPARSE,
				  acl == CADCOM_DACL ? "ACE type not allowed in a DACL"
						     : "ACE type not allowed in a SACL");
	if ((rc = parse_ace_flags(p, f[1], e[1], &ace.flags)) ||
	    (rc = parse_rights(p, f[2], e[2], &ace.mask)) ||
	    (rc = parse_guid_field(p, f[3], e[3], ace.object_type, &has_obj)) ||
	    (rc = parse_guid_field(p, f[4], e[4], ace.inherited_object_type, &has_inh)) ||
	    (rc = parse_sid_field(p, f[5], e[5], &ace.sid)))
		return rc;
	if (cadcom__ace_type_is_object(ace.type)) {
		ace.object_flags = (has_obj ? ACE_OBJECT_TYPE_PRESENT : 0) |
				   (has_inh ? ACE_INHERITED_OBJECT_TYPE_PRESENT : 0);
		/* ace-strings.md: OA without either GUID becomes A. */
		if (ace.type == CADCOM_ACE_ACCESS_ALLOWED_OBJECT && !ace.object_flags)
			ace.type = CADCOM_ACE_ACCESS_ALLOWED;
	} else if (has_obj || has_inh) {
		return fail(has_obj ? f[3] : f[4], CADCOM_EPARSE,
			    "a GUID is given for an ACE type that has none (only OA, OD, OU, OL)");
	}
	rc = cadcom__acl_append(&p->sd->acl[acl], &ace);
	if (rc)
		return cadcom__error(rc, (long)open,
				     "SDDL: the %s exceeds 65535 bytes at the ACE at offset %zu",
				     acl == CADCOM_DACL ? "DACL" : "SACL", open);
	p->i = close + 1;
	return 0;
}

static int parse_acl(struct parser *p, int acl)
{
	bool null_acl = false;
	size_t null_at = 0;
	int rc;

	p->sd->state[acl] = CADCOM_ACL_PRESENT;
	p->sd->acl[acl].revision = CADCOM_ACL_REVISION;
	skip_ws(p);
	for (;;) {
		if (match_ci(p, p->i, SDDL_NULL_ACL)) {
			null_acl = true;
			null_at = p->i;
			p->i += strlen(SDDL_NULL_ACL);
		} else if (p->i < p->n && (p->s[p->i] == 'P' || p->s[p->i] == 'p')) {
			p->sd->control |= sddl_acl_flag_bits[acl][0];
			p->i++;
			skip_ws(p); /* Windows accepts "D:P (A;...)" */
		} else if (match_ci(p, p->i, "AR")) {
			p->sd->control |= sddl_acl_flag_bits[acl][1];
			p->i += 2; /* ...but not "D:AI (A;...)" */
		} else if (match_ci(p, p->i, "AI")) {
			p->sd->control |= sddl_acl_flag_bits[acl][2];
			p->i += 2;
		} else {
			break;
		}
	}
	while (p->i < p->n && p->s[p->i] == '(') {
		if ((rc = parse_ace(p, acl)))
			return rc;
		skip_ws(p);
	}
	if (null_acl) {
		if (p->sd->acl[acl].count)
			return fail(null_at, CADCOM_EPARSE, "NO_ACCESS_CONTROL (a NULL ACL) with ACEs");
		p->sd->state[acl] = CADCOM_ACL_NULL;
	}
	return 0;
}

int cadcom__sd_from_sddl_n(cadcom_sd **out, const char *s, size_t n, const cadcom_sid *domain)
{
	struct parser p = { .s = s, .n = n, .domain = domain };
	bool seen[4] = { false };
	int rc;

	if (!out || (!s && n))
		return cadcom__error(CADCOM_EINVAL, -1, "SDDL: NULL argument");
	if ((rc = cadcom_sd_new(&p.sd)))
		return rc;
	skip_ws(&p);
	while (p.i < p.n) {
		const char *parts = "OGDS";
		const char *which = is_part_start(&p, p.i) ? strchr(parts, p.s[p.i]) : NULL;
		if (!which) {
			rc = fail_token(&p, p.i, p.i + 1, CADCOM_EPARSE,
					"expected O:, G:, D: or S:, found");
			goto fail;
		}
		int part = (int)(which - parts);
		if (seen[part]) {
			rc = fail_token(&p, p.i, p.i + 2, CADCOM_EPARSE, "repeated part");
			goto fail;
		}
		seen[part] = true;
		p.i += 2;
		switch (part) {
		case 0: rc = parse_owner_group(&p, true); break;
		case 1: rc = parse_owner_group(&p, false); break;
		case 2: rc = parse_acl(&p, CADCOM_DACL); break;
		default: rc = parse_acl(&p, CADCOM_SACL); break;
		}
		if (rc)
			goto fail;
		skip_ws(&p);
	}
	*out = p.sd;
	return 0;
fail:
	cadcom_sd_free(p.sd);
	return rc;
}

int cadcom_sd_from_sddl(cadcom_sd **out, const char *sddl, const cadcom_sid *domain)
{
	if (!sddl)
		return cadcom__error(CADCOM_EINVAL, -1, "SDDL: NULL argument");
	return cadcom__sd_from_sddl_n(out, sddl, strlen(sddl), domain);
}
