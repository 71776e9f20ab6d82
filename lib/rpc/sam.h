/*
 * libcadcom — samr (MS-SAMR) and lsarpc (MS-LSAT/MS-LSAD) stubs (never
 * installed): a computer's local groups, and names for SIDs.
 */
#ifndef CADCOM_SAM_H
#define CADCOM_SAM_H

#include "rpc.h"

extern const struct rpc_iface rpc_samr, rpc_lsarpc;

/* SID_NAME_USE (MS-LSAT 2.2.13) */
enum {
	SID_TYPE_USER = 1,
	SID_TYPE_GROUP = 2, /* a domain (global or universal) group */
	SID_TYPE_DOMAIN = 3,
	SID_TYPE_ALIAS = 4, /* a local / domain local group */
	SID_TYPE_WELL_KNOWN = 5,
	SID_TYPE_DELETED = 6,
	SID_TYPE_INVALID = 7,
	SID_TYPE_UNKNOWN = 8,
	SID_TYPE_COMPUTER = 9,
	SID_TYPE_LABEL = 10
};

/* Access masks */
enum {
	SAMR_MAXIMUM_ALLOWED = 0x02000000,
	SAMR_DOMAIN_LOOKUP = 0x0200,
	SAMR_DOMAIN_CREATE_ALIAS = 0x0040,
	SAMR_ALIAS_ADD_MEMBER = 0x0001,
	SAMR_ALIAS_REMOVE_MEMBER = 0x0002,
	SAMR_ALIAS_LIST_MEMBERS = 0x0004,
	SAMR_DELETE = 0x00010000,
	LSA_POLICY_VIEW_LOCAL_INFORMATION = 0x0001,
	LSA_POLICY_LOOKUP_NAMES = 0x0800
};

/* ---- samr: errors as rpc_status_error (NTSTATUS), plus
 * STATUS_NONE_MAPPED / NO_SUCH_ALIAS / NO_SUCH_MEMBER / NO_SUCH_DOMAIN /
 * OBJECT_NAME_NOT_FOUND → CADCOM_ENOTFOUND; MEMBER_IN_ALIAS and
 * MEMBER_NOT_IN_ALIAS (and Samba's MEMBER_IN_GROUP / MEMBER_NOT_IN_GROUP
 * for the same) → CADCOM_ESTATE; ALIAS_EXISTS / USER_EXISTS /
 * GROUP_EXISTS → CADCOM_ESTATE; INTERNAL_DB_CORRUPTION (Samba's answer to a
 * member it cannot resolve) stays CADCOM_ESERVER; each named.  Outputs are
 * untouched on error.  samr_open_alias on a global group's RID is
 * CADCOM_ENOTFOUND (NO_SUCH_ALIAS), like a missing RID: tell them apart
 * with samr_lookup_rid first. */
int samr_connect5(struct rpc_conn *c, uint32_t access, struct rpc_handle *server);
/* The names of the server's domains (the account domain, "Builtin"):
 * SamrEnumerateDomainsInSamServer.  Free each and the array with free(). */
int samr_enum_domains(struct rpc_conn *c, const struct rpc_handle *server, char ***names,
		      size_t *count);
int samr_lookup_domain(struct rpc_conn *c, const struct rpc_handle *server, const char *name,
		       struct cadcom_sid *sid);
int samr_open_domain(struct rpc_conn *c, const struct rpc_handle *server,
		     const struct cadcom_sid *sid, uint32_t access, struct rpc_handle *out);
int samr_create_alias(struct rpc_conn *c, const struct rpc_handle *domain, const char *name,
		      uint32_t access, struct rpc_handle *alias, uint32_t *rid);
int samr_open_alias(struct rpc_conn *c, const struct rpc_handle *domain, uint32_t rid,
		    uint32_t access, struct rpc_handle *out);
/* Deletes the alias and invalidates its handle. */
int samr_delete_alias(struct rpc_conn *c, struct rpc_handle *alias);
/* The members' SIDs (malloc'd array, free with free()). */
int samr_alias_members(struct rpc_conn *c, const struct rpc_handle *alias,
		       struct cadcom_sid **sids, size_t *count);
int samr_add_alias_member(struct rpc_conn *c, const struct rpc_handle *alias,
			  const struct cadcom_sid *member);
int samr_remove_alias_member(struct rpc_conn *c, const struct rpc_handle *alias,
			     const struct cadcom_sid *member);
/* One name in the domain: its RID and SID_TYPE_*. */
int samr_lookup_name(struct rpc_conn *c, const struct rpc_handle *domain, const char *name,
		     uint32_t *rid, uint32_t *type);
/* One RID in the domain (SamrLookupIdsInDomain): its name (free()) and type. */
int samr_lookup_rid(struct rpc_conn *c, const struct rpc_handle *domain, uint32_t rid,
		    char **name, uint32_t *type);
int samr_close(struct rpc_conn *c, struct rpc_handle *h);

/* ---- lsarpc ------------------------------------------------------------ */
int lsa_open_policy2(struct rpc_conn *c, uint32_t access, struct rpc_handle *out);
/* One name ("DOMAIN\name", "name@domain" or "name") → SID, SID_TYPE_* and
 * the domain's name (free(); NULL when the server names none, as for
 * well-known SIDs):
 * LsarLookupNames3, falling back to LookupNames2 when the server lacks it.
 * Not found (STATUS_NONE_MAPPED, or a SID_TYPE_UNKNOWN or _INVALID
 * result) → CADCOM_ENOTFOUND. */
int lsa_lookup_name(struct rpc_conn *c, const struct rpc_handle *policy, const char *name,
		    struct cadcom_sid *sid, uint32_t *type, char **domain);
/* One SID → its domain's name (may be NULL), its name and SID_TYPE_*:
 * LsarLookupSids2.  Unknown → CADCOM_ENOTFOUND. */
int lsa_lookup_sid(struct rpc_conn *c, const struct rpc_handle *policy,
		   const struct cadcom_sid *sid, char **domain, char **name, uint32_t *type);
int lsa_close(struct rpc_conn *c, struct rpc_handle *h);

#endif
