/*
 * Access tokens (MS-DTYP 2.5.2): a user SID, group SIDs with their
 * attributes, and the privileges the access check looks at.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* More than Windows' 1015-SID PAC limit, so any real token fits. */
#define TOKEN_MAX_GROUPS 1024

static const struct cadcom_sid sid_everyone = { 1, 1, 1, { 0 } };
static const struct cadcom_sid sid_authenticated_users = { 1, 1, 5, { 11 } };
static const struct cadcom_sid sid_network = { 1, 1, 5, { 2 } };
static const struct cadcom_sid sid_interactive = { 1, 1, 5, { 4 } };
static const struct cadcom_sid sid_local = { 1, 1, 2, { 0 } };
static const struct cadcom_sid sid_anonymous = { 1, 1, 5, { 7 } };

static void filter_add(struct cadcom_token *t, const struct cadcom_sid *sid)
{
	unsigned h = cadcom__sid_hash(sid);

	t->filter[h >> 6] |= (uint64_t)1 << (h & 63);
}

int cadcom_token_new(cadcom_token **out, const cadcom_sid *user)
{
	struct cadcom_token *t;

	if (!out || !user)
		return cadcom__error(CADCOM_EINVAL, -1, "token: NULL argument");
	t = calloc(1, sizeof(*t));
	if (!t)
		return cadcom__enomem();
	t->user = *user;
	filter_add(t, user);
	*out = t;
	return 0;
}

void cadcom_token_free(cadcom_token *token)
{
	if (!token)
		return;
	free(token->groups);
	free(token);
}

int cadcom_token_dup(const cadcom_token *token, cadcom_token **out)
{
	struct cadcom_token *t;

	if (!token || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "token: NULL argument");
	t = malloc(sizeof(*t));
	if (!t)
		return cadcom__enomem();
	*t = *token;
	t->groups = NULL;
	if (token->count) {
		t->groups = malloc(token->count * sizeof(*t->groups));
		if (!t->groups) {
			free(t);
			return cadcom__enomem();
		}
		memcpy(t->groups, token->groups, token->count * sizeof(*t->groups));
	}
	t->cap = t->count;
	*out = t;
	return 0;
}

int cadcom_token_add_group(cadcom_token *token, const cadcom_sid *sid, unsigned flags)
{
	struct token_group *g;

	if (!token || !sid)
		return cadcom__error(CADCOM_EINVAL, -1, "token: NULL argument");
	if (flags & ~(unsigned)CADCOM_TOKEN_DENY_ONLY)
		return cadcom__error(CADCOM_EINVAL, -1, "token: unknown group flags 0x%x", flags);
	if (cadcom_sid_equal(&token->user, sid))
		return 0;
	for (size_t i = 0; i < token->count; i++)
		if (cadcom_sid_equal(&token->groups[i].sid, sid)) {
			token->groups[i].flags &= flags; /* enabled wins over deny-only */
			return 0;
		}
	if (token->count == TOKEN_MAX_GROUPS)
		return cadcom__error(CADCOM_ELIMIT, -1, "token: more than %d groups",
				     TOKEN_MAX_GROUPS);
	if (!(g = cadcom__grow(token->groups, &token->cap, token->count, sizeof(*g))))
		return cadcom__enomem();
	token->groups = g;
	g = &token->groups[token->count++];
	g->sid = *sid;
	g->flags = flags;
	filter_add(token, sid);
	return 0;
}

int cadcom_token_add_logon_sids(cadcom_token *token, int logon)
{
	const struct cadcom_sid *add[4];
	size_t n = 0;
	int rc;

	if (!token)
		return cadcom__error(CADCOM_EINVAL, -1, "token: NULL argument");
	if (logon == CADCOM_LOGON_NETWORK) {
		add[n++] = &sid_network;
	} else if (logon == CADCOM_LOGON_INTERACTIVE) {
		add[n++] = &sid_interactive;
		add[n++] = &sid_local;
	} else {
		return cadcom__error(CADCOM_EINVAL, -1, "token: unknown logon type %d", logon);
	}
	if (!cadcom_sid_equal(&token->user, &sid_anonymous)) {
		add[n++] = &sid_everyone;
		add[n++] = &sid_authenticated_users;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = cadcom_token_add_group(token, add[i], 0)))
			return rc;
	return 0;
}

int cadcom_token_set_privileges(cadcom_token *token, unsigned privileges)
{
	if (!token)
		return cadcom__error(CADCOM_EINVAL, -1, "token: NULL argument");
	if (privileges & ~(unsigned)(CADCOM_PRIV_SECURITY | CADCOM_PRIV_TAKE_OWNERSHIP))
		return cadcom__error(CADCOM_EINVAL, -1, "token: unknown privileges 0x%x",
				     privileges);
	token->privileges = privileges;
	return 0;
}

unsigned cadcom_token_privileges(const cadcom_token *token)
{
	return token ? token->privileges : 0;
}

const cadcom_sid *cadcom_token_user(const cadcom_token *token)
{
	return token ? &token->user : NULL;
}

size_t cadcom_token_group_count(const cadcom_token *token)
{
	return token ? token->count : 0;
}

const cadcom_sid *cadcom_token_group(const cadcom_token *token, size_t index)
{
	return (token && index < token->count) ? &token->groups[index].sid : NULL;
}

unsigned cadcom_token_group_flags(const cadcom_token *token, size_t index)
{
	return (token && index < token->count) ? token->groups[index].flags : 0;
}

int cadcom__token_match(const struct cadcom_token *token, const struct cadcom_sid *sid)
{
	unsigned h = cadcom__sid_hash(sid);

	if (!(token->filter[h >> 6] >> (h & 63) & 1))
		return 0;
	if (cadcom__sid_eq(&token->user, sid))
		return 1;
	for (size_t i = 0; i < token->count; i++)
		if (cadcom__sid_eq(&token->groups[i].sid, sid))
			return (token->groups[i].flags & CADCOM_TOKEN_DENY_ONLY) ? 2 : 1;
	return 0;
}

int cadcom_token_has_sid(const cadcom_token *token, const cadcom_sid *sid)
{
	return (token && sid) ? cadcom__token_match(token, sid) : 0;
}

/* ---- text form ---------------------------------------------------------- */

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* One SID or alias in s[0..n), already trimmed, at offset `base` of the text. */
static int parse_element(const char *s, size_t n, long base, const cadcom_sid *domain,
			 struct cadcom_sid *out)
{
	size_t used;
	int rc;

	if (n == 0)
		return cadcom__error(CADCOM_EPARSE, base, "token: empty SID at offset %ld", base);
	if (n == 2) {
		char two[3] = { s[0], s[1], '\0' };
		const struct sid_alias *a = cadcom__alias_find(two);
		if (!a)
			return cadcom__error(CADCOM_EPARSE, base,
					     "token: unknown SID alias \"%s\" at offset %ld", two, base);
		return cadcom__alias_resolve(a, domain, out);
	}
	rc = cadcom__sid_parse_numeric(s, n, &used, out, base);
	if (rc)
		return rc;
	if (used != n)
		return cadcom__error(CADCOM_EPARSE, base + (long)used,
				     "token: unexpected \"%c\" at offset %ld", s[used],
				     base + (long)used);
	return 0;
}

int cadcom_token_from_string(cadcom_token **out, const char *text, const cadcom_sid *domain)
{
	struct cadcom_token *t = NULL;
	const char *p;
	unsigned flags = 0;
	int rc = 0;

	if (!out || !text)
		return cadcom__error(CADCOM_EINVAL, -1, "token: NULL argument");
	p = text;
	for (;;) {
		const char *start, *end;
		struct cadcom_sid sid;

		while (blank(*p))
			p++;
		start = p;
		while (*p && *p != ',' && *p != ';')
			p++;
		end = p;
		while (end > start && blank(end[-1]))
			end--;
		rc = parse_element(start, (size_t)(end - start), (long)(start - text), domain, &sid);
		if (rc)
			break;
		if (!t)
			rc = cadcom_token_new(&t, &sid);
		else
			rc = cadcom_token_add_group(t, &sid, flags);
		if (rc)
			break;
		if (*p == ';') {
			if (flags) {
				rc = cadcom__error(CADCOM_EPARSE, (long)(p - text),
						   "token: second \";\" at offset %ld",
						   (long)(p - text));
				break;
			}
			flags = CADCOM_TOKEN_DENY_ONLY;
		} else if (!*p) {
			break;
		}
		p++;
	}
	if (rc) {
		cadcom_token_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int cadcom_token_to_string(const cadcom_token *token, char **out)
{
	struct strbuf sb = { 0 };

	if (!token || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "token: NULL argument");
	cadcom__sid_format(&sb, &token->user);
	for (int deny_only = 0; deny_only <= 1; deny_only++) {
		bool first = true;
		for (size_t i = 0; i < token->count; i++) {
			bool is_deny_only = token->groups[i].flags & CADCOM_TOKEN_DENY_ONLY;
			if (is_deny_only != (bool)deny_only)
				continue;
			sb_putc(&sb, deny_only && first ? ';' : ',');
			first = false;
			cadcom__sid_format(&sb, &token->groups[i].sid);
		}
	}
	return sb_finish(&sb, out);
}
