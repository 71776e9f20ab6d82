/*
 * libcadcom — definitions shared inside lib/ (never installed).
 */
#ifndef CADCOM_INTERNAL_H
#define CADCOM_INTERNAL_H

#include <stdbool.h>
#include <stdarg.h>
#include <string.h>
#include "cadcom/cadcom.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct cadcom_sid {
	uint8_t revision;
	uint8_t count;
	uint64_t authority; /* 48 bits */
	uint32_t sub[CADCOM_SID_MAX_SUBAUTH];
};

/* ACE object flags (MS-DTYP 2.4.4.3). */
#define ACE_OBJECT_TYPE_PRESENT 0x1
#define ACE_INHERITED_OBJECT_TYPE_PRESENT 0x2

struct cadcom_ace {
	uint8_t type;
	uint8_t flags;
	uint32_t mask;
	uint32_t object_flags; /* object ACEs only */
	uint8_t object_type[16];           /* GUID, wire (little-endian) order */
	uint8_t inherited_object_type[16];
	struct cadcom_sid sid;
};

struct cadcom_acl {
	uint8_t revision;
	size_t count, cap;
	struct cadcom_ace *aces;
};

struct cadcom_sd {
	uint16_t control; /* without DACL/SACL_PRESENT and SELF_RELATIVE */
	uint8_t rm_control; /* Sbz1, meaningful with SE_RM_CONTROL_VALID */
	bool has_owner, has_group;
	struct cadcom_sid owner, group;
	int state[2]; /* CADCOM_ACL_* for DACL, SACL */
	struct cadcom_acl acl[2];
};

struct token_group {
	struct cadcom_sid sid;
	unsigned flags; /* CADCOM_TOKEN_* */
};

struct cadcom_token {
	struct cadcom_sid user;
	size_t count, cap;
	struct token_group *groups;
	unsigned privileges; /* CADCOM_PRIV_* */
	/* One bit per cadcom__sid_hash() of every SID held: most ACE trustees
	 * are rejected without comparing SIDs (the access check's hot path). */
	uint64_t filter[4];
};

/* ---- errors (error.c) ---- */
/* Record the calling thread's error; returns `code` so callers can
 * `return cadcom__error(...)`.  `offset` is -1 when not applicable. */
int cadcom__error(int code, long offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int cadcom__enomem(void);
/* Put "<prefix>: " in front of this thread's last message (keeping its code
 * and offset); returns the code. */
int cadcom__error_prefix(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- growable string (util.c) ---- */
struct strbuf {
	char *buf;
	size_t len, cap;
	bool failed;
};
void sb_putc(struct strbuf *sb, char c);
void sb_puts(struct strbuf *sb, const char *s);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the string to *out (or report ENOMEM); frees on failure. */
int sb_finish(struct strbuf *sb, char **out);
char *cadcom__strdup(const char *s);
/* A formatted string, malloc'd; NULL when out of memory (no error set). */
char *cadcom__printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `items` with room for one more of `size` bytes (doubling `*cap`), or NULL
 * with `items` still valid. */
void *cadcom__grow(void *items, size_t *cap, size_t count, size_t size);
/* The value of a hex digit, or -1. */
int cadcom__hexval(int c);
/* How many UTF-16 code units the UTF-8 text s[0..n) takes (Windows' limits
 * count those). */
size_t cadcom__utf16_units(const char *s, size_t n);

/* Is `windows` one of the CADCOM_WINDOWS_* values? */
bool cadcom__windows_valid(int windows);
/* Windows release ordering with LATEST mapped above every known release. */
int cadcom__windows_rank(int windows);

/* ---- SIDs (sid.c, sid_names.c) ---- */
size_t cadcom__sid_size(const struct cadcom_sid *sid); /* binary length */
/* A domain or computer SID: S-1-5-21-a-b-c (MS-DTYP 2.4.2.4); account SIDs
 * add one RID, which cadcom_sid_in_domain() relies on. */
bool cadcom__sid_is_domain(const struct cadcom_sid *sid);
/* Well-known RIDs of a domain's groups (MS-DTYP 2.4.2.4), each named once. */
enum {
	RID_DOMAIN_ADMINS = 512,
	RID_DOMAIN_USERS = 513,
	RID_DOMAIN_GUESTS = 514,
	RID_DOMAIN_COMPUTERS = 515,
	RID_DOMAIN_CONTROLLERS = 516,
	RID_READONLY_DCS = 521
};
void cadcom__sid_format(struct strbuf *sb, const struct cadcom_sid *sid);
/* The binary form (MS-DTYP 2.4.2.2), shared by the SID and SD readers and
 * writers.  Decoding returns 0 or one of the SID_* reasons below. */
enum { SID_TRUNCATED = 1, SID_BAD_REVISION, SID_TOO_MANY_SUBAUTH };
int cadcom__sid_decode(const unsigned char *p, size_t avail, struct cadcom_sid *out);
size_t cadcom__sid_encode(unsigned char *p, const struct cadcom_sid *sid);
/* Parse numeric SID text "S-..." in s[0..n) the way Windows' SDDL parser
 * does; *used gets the bytes consumed.  Errors carry `base` + local offset. */
int cadcom__sid_parse_numeric(const char *s, size_t n, size_t *used,
			      struct cadcom_sid *out, long base);

enum alias_kind { ALIAS_FIXED, ALIAS_DOMAIN };
struct sid_alias {
	const char *alias;   /* SDDL alias, or NULL for a name only */
	const char *name;    /* English display name */
	enum alias_kind kind;
	struct cadcom_sid sid; /* FIXED: the SID; DOMAIN: only sub[0] = RID */
	int min_windows;     /* CADCOM_WINDOWS_* rank that first knows the alias */
};
/* Alias for two letters (case-insensitive), or NULL. */
const struct sid_alias *cadcom__alias_find(const char *two);
/* Resolve an alias to a SID; CADCOM_ENEEDDOMAIN without a needed domain. */
int cadcom__alias_resolve(const struct sid_alias *a, const struct cadcom_sid *domain,
			  struct cadcom_sid *out);

/* ---- GUIDs (util.c) ---- */
/* Parse exactly 36 characters "8-4-4-4-12" into wire order. */
bool cadcom__guid_parse(const char *s, uint8_t out[16]);
void cadcom__guid_format(const uint8_t g[16], char out[37]);

/* ---- ACLs (sd.c) ---- */
size_t cadcom__ace_size(const struct cadcom_ace *ace);
bool cadcom__ace_type_is_object(uint8_t type);
size_t cadcom__acl_size(const struct cadcom_acl *acl); /* bytes incl. 8-byte header */
int cadcom__acl_append(struct cadcom_acl *acl, const struct cadcom_ace *ace);
void cadcom__acl_clear(struct cadcom_acl *acl);

/* SID equality for hot paths: the RID differs first in domain SIDs. */
/* Little-endian integers in byte buffers (every Windows format we read). */
static inline uint16_t cadcom__le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t cadcom__le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void cadcom__put_le16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static inline void cadcom__put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static inline bool cadcom__sid_eq(const struct cadcom_sid *a, const struct cadcom_sid *b)
{
	return a->count == b->count && a->authority == b->authority &&
	       (a->count == 0 || a->sub[a->count - 1] == b->sub[a->count - 1]) &&
	       memcmp(a->sub, b->sub, a->count * sizeof(uint32_t)) == 0;
}

static inline unsigned cadcom__sid_hash(const struct cadcom_sid *s)
{
	uint32_t h = (s->count ? s->sub[s->count - 1] : 0) ^ (uint32_t)s->authority ^
		     ((uint32_t)s->count << 16);
	return (h * 2654435761u) >> 24; /* 0..255 */
}

/* ---- tokens (token.c) ---- */
/* 1: `sid` is the user or an enabled group; 2: a deny-only group; 0: absent. */
int cadcom__token_match(const struct cadcom_token *token, const struct cadcom_sid *sid);

/* SDDL (sddl_parse.c) with an explicit length (used by the fuzzer too). */
int cadcom__sd_from_sddl_n(cadcom_sd **out, const char *s, size_t n,
			   const cadcom_sid *domain);

#endif
