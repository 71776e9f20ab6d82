/*
 * libcadcom — security identifiers (MS-DTYP 2.4.2).
 *
 * A cadcom_sid is a small value object.  Parsing accepts what Windows accepts
 * in SDDL: "S-R-I-S..." with decimal or 0x-hex parts, Windows' clamping of
 * over-large sub-authorities to 4294967295, and the SDDL aliases ("WD", "BA",
 * "CD" = S-1-5-32-574, "DU" relative to a domain SID...).
 *
 * Limits (MS-DTYP): at most 15 sub-authorities; identifier authority < 2^48.
 */
#ifndef CADCOM_SID_H
#define CADCOM_SID_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_sid cadcom_sid;

/** Most sub-authorities a SID can have. */
#define CADCOM_SID_MAX_SUBAUTH 15

/**
 * Make a SID from its parts.  `subauth` holds `count` (0..15) values.
 * The caller frees *out with cadcom_sid_free().
 */
CADCOM_EXTERN int cadcom_sid_new(cadcom_sid **out, uint64_t authority,
				 const uint32_t *subauth, size_t count);

/**
 * Parse a SID string or an SDDL SID alias.  `domain` (may be NULL) resolves
 * domain-relative aliases such as "DU"; without it they fail with
 * CADCOM_ENEEDDOMAIN.  The whole string must be consumed.
 */
CADCOM_EXTERN int cadcom_sid_from_string(cadcom_sid **out, const char *str,
					 const cadcom_sid *domain);

/** The standard "S-1-..." form (never an alias).  Free with cadcom_free(). */
CADCOM_EXTERN int cadcom_sid_to_string(const cadcom_sid *sid, char **out);

/**
 * Parse a binary SID (MS-DTYP 2.4.2.2) from `buf`.  `*consumed` (may be NULL)
 * receives the number of bytes used; trailing bytes are allowed.
 */
CADCOM_EXTERN int cadcom_sid_from_bytes(cadcom_sid **out, const unsigned char *buf,
					size_t len, size_t *consumed);

/** The binary form (8 + 4*n bytes).  Free *out with cadcom_free(). */
CADCOM_EXTERN int cadcom_sid_to_bytes(const cadcom_sid *sid, unsigned char **out,
				      size_t *len);

/** A copy; free with cadcom_sid_free(). */
CADCOM_EXTERN int cadcom_sid_dup(const cadcom_sid *sid, cadcom_sid **out);

/** 1 if equal, 0 if not (NULL equals only NULL). */
CADCOM_EXTERN int cadcom_sid_equal(const cadcom_sid *a, const cadcom_sid *b);

/** Total order (for sorting): <0, 0, >0. */
CADCOM_EXTERN int cadcom_sid_compare(const cadcom_sid *a, const cadcom_sid *b);

CADCOM_EXTERN void cadcom_sid_free(cadcom_sid *sid);

CADCOM_EXTERN uint64_t cadcom_sid_authority(const cadcom_sid *sid);
CADCOM_EXTERN size_t cadcom_sid_subauth_count(const cadcom_sid *sid);
/** Sub-authority `i`; 0 when `i` is out of range. */
CADCOM_EXTERN uint32_t cadcom_sid_subauth(const cadcom_sid *sid, size_t i);

/**
 * The last sub-authority (the RID), or 0 when there is none.
 */
CADCOM_EXTERN uint32_t cadcom_sid_rid(const cadcom_sid *sid);

/**
 * 1 if `sid` is `domain` plus exactly one more sub-authority.
 */
CADCOM_EXTERN int cadcom_sid_in_domain(const cadcom_sid *sid, const cadcom_sid *domain);

/**
 * The SDDL alias Windows `windows` (a CADCOM_WINDOWS_* value) would print for
 * `sid`, or NULL.  Domain-relative aliases are used only when `domain` is
 * given and `sid` is in it.  Static storage.
 */
CADCOM_EXTERN const char *cadcom_sid_alias(const cadcom_sid *sid, const cadcom_sid *domain,
					   int windows);

/**
 * The English name of a well-known SID ("Everyone", "Administrators",
 * "Domain Users", "Certificate Service DCOM Access"), or NULL.  Names are for
 * display only: Windows localises them.  Static storage.
 */
CADCOM_EXTERN const char *cadcom_sid_name(const cadcom_sid *sid);

#ifdef __cplusplus
}
#endif
#endif
