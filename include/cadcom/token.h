/*
 * libcadcom — access tokens: who is asking (MS-DTYP 2.5.2).
 *
 * A token is the user SID, the group SIDs (each enabled, or usable for deny
 * only) and the privileges that change an access check.  Tokens are built by
 * the caller — from a directory's group expansion, from tokenGroups, or by
 * hand — and are plain values: nothing here talks to a server.
 */
#ifndef CADCOM_TOKEN_H
#define CADCOM_TOKEN_H

#include "common.h"
#include "sid.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_token cadcom_token;

/** Attributes of a group SID in a token. */
enum cadcom_token_group_flag {
	/** Matches deny ACEs only, never allow ACEs (SE_GROUP_USE_FOR_DENY_ONLY). */
	CADCOM_TOKEN_DENY_ONLY = 0x1
};

/** Privileges the access check honours (MS-DTYP 2.5.3.2). */
enum cadcom_privilege {
	/** SeSecurityPrivilege: the only way to ACCESS_SYSTEM_SECURITY. */
	CADCOM_PRIV_SECURITY = 0x1,
	/** SeTakeOwnershipPrivilege: grants WRITE_OWNER whatever the DACL says. */
	CADCOM_PRIV_TAKE_OWNERSHIP = 0x2
};

/** How the user logged on; decides the well-known SIDs Windows adds. */
enum cadcom_logon {
	/** Everyone, Authenticated Users, NETWORK (what a DCOM client presents). */
	CADCOM_LOGON_NETWORK = 1,
	/** Everyone, Authenticated Users, INTERACTIVE, LOCAL. */
	CADCOM_LOGON_INTERACTIVE = 2
};

/** A token for `user` with no groups.  Free with cadcom_token_free(). */
CADCOM_EXTERN int cadcom_token_new(cadcom_token **out, const cadcom_sid *user);
CADCOM_EXTERN void cadcom_token_free(cadcom_token *token);
CADCOM_EXTERN int cadcom_token_dup(const cadcom_token *token, cadcom_token **out);

/**
 * Parse "USER,GROUP,GROUP..." — SIDs or SDDL aliases separated by commas
 * (blanks around them allowed), the first being the user — plus, optionally,
 * ";deny-only SID,..." groups.  `domain` resolves domain-relative aliases.
 * Errors carry the offset of the bad element.
 */
CADCOM_EXTERN int cadcom_token_from_string(cadcom_token **out, const char *text,
					   const cadcom_sid *domain);
/** The same form back ("S-1-5-21-...,S-1-1-0"; deny-only groups after ';'). */
CADCOM_EXTERN int cadcom_token_to_string(const cadcom_token *token, char **out);

/**
 * Add a group SID with CADCOM_TOKEN_* flags.  A SID already present (as the
 * user or a group) is not added twice; if it was deny-only and is now added
 * enabled, it becomes enabled.  Tokens hold at most 1024 groups (Windows'
 * limit is 1015 for a Kerberos PAC): CADCOM_ELIMIT beyond.
 */
CADCOM_EXTERN int cadcom_token_add_group(cadcom_token *token, const cadcom_sid *sid,
					 unsigned flags);

/**
 * Add the well-known SIDs a CADCOM_LOGON_* logon carries.  Everyone and
 * Authenticated Users are not added for ANONYMOUS LOGON (S-1-5-7), as Windows
 * does since Windows Server 2003 ("Everyone includes anonymous" off).
 */
CADCOM_EXTERN int cadcom_token_add_logon_sids(cadcom_token *token, int logon);

/** Replace the privileges (CADCOM_PRIV_* bits). */
CADCOM_EXTERN int cadcom_token_set_privileges(cadcom_token *token, unsigned privileges);
CADCOM_EXTERN unsigned cadcom_token_privileges(const cadcom_token *token);

/** The user SID (borrowed; valid while the token lives). */
CADCOM_EXTERN const cadcom_sid *cadcom_token_user(const cadcom_token *token);
CADCOM_EXTERN size_t cadcom_token_group_count(const cadcom_token *token);
/** Group `index` (borrowed), or NULL when out of range. */
CADCOM_EXTERN const cadcom_sid *cadcom_token_group(const cadcom_token *token, size_t index);
/** CADCOM_TOKEN_* flags of group `index` (0 when out of range). */
CADCOM_EXTERN unsigned cadcom_token_group_flags(const cadcom_token *token, size_t index);

/**
 * 1 if `sid` is the user or an enabled group, 2 if it is a deny-only group,
 * 0 if absent (or an argument is NULL).
 */
CADCOM_EXTERN int cadcom_token_has_sid(const cadcom_token *token, const cadcom_sid *sid);

#ifdef __cplusplus
}
#endif

#endif
