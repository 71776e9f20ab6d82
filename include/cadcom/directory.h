/*
 * libcadcom — the directory as the CA fix sees it: principals (SID, name,
 * kind, group scope) and group memberships, by SID.
 *
 * One interface, several back-ends: memory (here), Active Directory over
 * LDAP, a computer's SAM over samr.  Identity is the SID; names
 * ("CONTOSO\Domain Users", localised on non-English systems) are for
 * display and for input only, and compare without regard to ASCII case.
 */
#ifndef CADCOM_DIRECTORY_H
#define CADCOM_DIRECTORY_H

#include "common.h"
#include "sid.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_directory cadcom_directory;

/** An empty in-memory directory.  Free with cadcom_directory_free(). */
CADCOM_EXTERN int cadcom_directory_new_memory(cadcom_directory **out);
CADCOM_EXTERN void cadcom_directory_free(cadcom_directory *dir);

/**
 * Record a principal: SID, display name (may be NULL), kind
 * (CADCOM_PRINCIPAL_*) and scope (CADCOM_SCOPE_* for groups, else
 * CADCOM_SCOPE_NONE).  Recording a SID again replaces name, kind and scope
 * (memberships stay).  A computer's SAM (a remote target) and an AD session
 * keep what is described in the session, never written: another domain's
 * principals the computer cannot resolve (no trust yet) then become
 * known, so they may be added to a group.
 */
CADCOM_EXTERN int cadcom_directory_add(cadcom_directory *dir, const cadcom_sid *sid,
				       const char *name, int kind, int scope);

/** Name → SID; CADCOM_ENOTFOUND when unknown. */
CADCOM_EXTERN int cadcom_directory_lookup_name(cadcom_directory *dir, const char *name,
					       cadcom_sid **out);
/** SID → name (free with cadcom_free()); CADCOM_ENOTFOUND when unknown or nameless. */
CADCOM_EXTERN int cadcom_directory_lookup_sid(cadcom_directory *dir, const cadcom_sid *sid,
					      char **out);
/** Kind and scope of a known SID (either pointer may be NULL); CADCOM_ENOTFOUND. */
CADCOM_EXTERN int cadcom_directory_info(cadcom_directory *dir, const cadcom_sid *sid, int *kind,
					int *scope);

/**
 * Create a group `name` of `scope` in the domain (or machine SAM) whose SID
 * is `domain`; *out (may be NULL) gets the new group's SID, which the
 * back-end chooses (memory: the next RID from 1000 up).  CADCOM_EINVAL if the
 * name is taken.
 */
CADCOM_EXTERN int cadcom_directory_create_group(cadcom_directory *dir, const cadcom_sid *domain,
						const char *name, int scope, cadcom_sid **out);

/**
 * Member `index` of group `group` (free with cadcom_sid_free()), in the
 * back-end's order; CADCOM_ENOTFOUND past the last one.  A group that is not
 * known is CADCOM_ENOTFOUND too (check with cadcom_directory_info()).
 */
CADCOM_EXTERN int cadcom_directory_member(cadcom_directory *dir, const cadcom_sid *group,
					  size_t index, cadcom_sid **out);
/** 1 if `member` is a direct member of `group`, 0 if not, or an error. */
CADCOM_EXTERN int cadcom_directory_is_member(cadcom_directory *dir, const cadcom_sid *group,
					     const cadcom_sid *member);
/** Add a member: 1 added, 0 already there, or an error (unknown group: ENOTFOUND). */
CADCOM_EXTERN int cadcom_directory_add_member(cadcom_directory *dir, const cadcom_sid *group,
					      const cadcom_sid *member);
/** Remove a member: 1 removed, 0 was not there, or an error. */
CADCOM_EXTERN int cadcom_directory_remove_member(cadcom_directory *dir, const cadcom_sid *group,
						 const cadcom_sid *member);

/**
 * Delete group `group`.  Its own memberships go with it, and so does its
 * place in every group it was a member of; its SID is never given to a
 * group created later.  CADCOM_ENOTFOUND when there is no such group (the
 * memory directory: also a principal that is not a group); CADCOM_EKIND
 * for a group Windows made, never deleted (builtin local groups,
 * S-1-5-32-x; in AD critical system objects; in a SAM RIDs below 1000),
 * and for a SID that is not a group of this AD domain or SAM;
 * CADCOM_EUNSUPPORTED for a back-end that cannot delete groups.
 */
CADCOM_EXTERN int cadcom_directory_delete_group(cadcom_directory *dir, const cadcom_sid *group);

#ifdef __cplusplus
}
#endif

#endif
