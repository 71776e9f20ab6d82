/*
 * samr stubs (sam.h).  Parameters in the order of MS-SAMR 3.1.5 (Samba's
 * samr.idl has the same layout under other call names: CreateDomAlias,
 * LookupRids, DeleteAliasMember...).  Names go out as RPC_UNICODE_STRING
 * without a terminating NUL, MaximumLength = Length, as Windows sends them.
 *
 * Every count in a reply is the server's word: arrays are bounded, and a
 * count is compared with the bytes left before it sizes an allocation.
 * Every reply must be consumed exactly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sam.h"

enum {
	OP_CLOSE_HANDLE = 1,
	OP_LOOKUP_DOMAIN = 5,
	OP_ENUM_DOMAINS = 6,
	OP_OPEN_DOMAIN = 7,
	OP_CREATE_ALIAS = 14,
	OP_LOOKUP_NAMES = 17,
	OP_LOOKUP_IDS = 18,
	OP_OPEN_ALIAS = 27,
	OP_DELETE_ALIAS = 30,
	OP_ADD_MEMBER = 31,
	OP_REMOVE_MEMBER = 32,
	OP_GET_MEMBERS = 33,
	OP_CONNECT5 = 64
};

/* Success codes besides 0 (MS-ERREF 2.3.1). */
#define STATUS_MORE_ENTRIES 0x00000105u
#define STATUS_SOME_NOT_MAPPED 0x00000107u

enum {
	/* An alias with more members than this is refused (CADCOM_ELIMIT):
	 * far beyond any real local group, small enough to hold in memory. */
	MAX_MEMBERS = 100000,
	/* A SAM has two domains; paging is allowed, but not without end. */
	MAX_DOMAINS = 1000,
	/* SamrLookupNamesInDomain / LookupIdsInDomain: the declared size of
	 * their arrays ([size_is(1000), length_is(Count)] in MS-SAMR's IDL). */
	LOOKUP_MAX = 1000,
	/* EnumerateDomains' preferred page: every domain list fits. */
	ENUM_PAGE = 0x10000
};

/* Statuses the SAM answers with that callers act on, named.  Samba 4.17
 * answers a duplicate or a missing alias member with the group codes
 * (MEMBER_IN_GROUP / MEMBER_NOT_IN_GROUP) where Windows uses the alias
 * ones, so both mean "already a member" / "not a member" here; and a
 * member it cannot resolve with INTERNAL_DB_CORRUPTION. */
static const struct rpc_status_name statuses[] = {
	{ 0xC0000034u, CADCOM_ENOTFOUND, "STATUS_OBJECT_NAME_NOT_FOUND" },
	{ 0xC0000073u, CADCOM_ENOTFOUND, "STATUS_NONE_MAPPED" },
	{ 0xC00000DFu, CADCOM_ENOTFOUND, "STATUS_NO_SUCH_DOMAIN" },
	{ 0xC0000151u, CADCOM_ENOTFOUND, "STATUS_NO_SUCH_ALIAS" },
	{ 0xC000017Au, CADCOM_ENOTFOUND, "STATUS_NO_SUCH_MEMBER" },
	{ 0xC0000153u, CADCOM_ESTATE, "STATUS_MEMBER_IN_ALIAS" },
	{ 0xC0000152u, CADCOM_ESTATE, "STATUS_MEMBER_NOT_IN_ALIAS" },
	{ 0xC0000067u, CADCOM_ESTATE, "STATUS_MEMBER_IN_GROUP" },
	{ 0xC0000068u, CADCOM_ESTATE, "STATUS_MEMBER_NOT_IN_GROUP" },
	{ 0xC0000154u, CADCOM_ESTATE, "STATUS_ALIAS_EXISTS" },
	{ 0xC0000065u, CADCOM_ESTATE, "STATUS_GROUP_EXISTS" },
	{ 0xC0000063u, CADCOM_ESTATE, "STATUS_USER_EXISTS" },
	{ 0xC00000E4u, CADCOM_ESERVER, "STATUS_INTERNAL_DB_CORRUPTION" },
};

/* 12345778-1234-abcd-ef00-0123456789ac v1.0, fields little-endian */
const struct rpc_iface rpc_samr = {
	.name = "samr",
	.pipe = "samr",
	.syntax = { { 0x78, 0x57, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89,
		    0xac },
		  1, 0 },
	.ntstatus = true,
	.statuses = statuses,
	.nstatuses = ARRAY_SIZE(statuses),
	.writes = RPC_OPNUM_BIT(OP_CREATE_ALIAS) | RPC_OPNUM_BIT(OP_DELETE_ALIAS) |
		  RPC_OPNUM_BIT(OP_ADD_MEMBER) | RPC_OPNUM_BIT(OP_REMOVE_MEMBER),
};

/* RPC_UNICODE_STRING, inline (a [ref] parameter or an array element's
 * header) with its body right after. */
static void put_name(struct ndr_out *o, const char *name)
{
	ndr_put_ustr_hdr(o, name, false);
	ndr_put_ustr_body(o, name, false);
}

/* `count` entries of at least `each` bytes must fit in what is left:
 * checked before a count sizes anything. */
static int fits(const struct ndr_in *in, uint32_t count, size_t each, const char *what)
{
	if (count <= (in->len - in->off) / each)
		return 0;
	return cadcom__error(CADCOM_EPROTO, (long)in->off, "%u %s, but %zu bytes left at offset %zu",
			     count, what, in->len - in->off, in->off);
}

int samr_connect5(struct rpc_conn *c, uint32_t access, struct rpc_handle *server)
{
	uint32_t version, tag, revision, features, st;
	struct rpc_handle h;
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "Connect5");
	ndr_put_ptr(&k.req, false); /* ServerName: Windows and Samba ignore it (MS-SAMR 3.1.5.1.1) */
	ndr_put_u32(&k.req, access);
	ndr_put_u32(&k.req, 1); /* InVersion */
	ndr_put_u32(&k.req, 1); /* the union's tag, then SAMPR_REVISION_INFO_V1 */
	ndr_put_u32(&k.req, 3); /* Revision */
	ndr_put_u32(&k.req, 0); /* SupportedFeatures */
	if (!(rc = rpc_stub_run(&k, OP_CONNECT5))) {
		if ((rc = ndr_get_u32(&k.in, &version)) || (rc = ndr_get_u32(&k.in, &tag)))
			rc = rpc_stub_bad_reply(&k, rc);
		else if (version != 1 || tag != 1)
			/* Only level 1 exists: another arm has a size we cannot know. */
			rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, 0,
							 "OutVersion %u with union tag %u, expected 1",
							 version, tag));
		else if ((rc = ndr_get_u32(&k.in, &revision)) ||
			 (rc = ndr_get_u32(&k.in, &features)) || (rc = ndr_get_handle(&k.in, &h)))
			rc = rpc_stub_bad_reply(&k, rc);
		else if (!(rc = rpc_stub_status(&k, &st)) && st)
			rc = rpc_stub_status_error(&k, st, NULL);
		else if (!rc)
			*server = h;
	}
	rpc_stub_done(&k);
	return rc;
}

/* One page of SAMPR_ENUMERATION_BUFFER: a unique pointer to {EntriesRead,
 * Buffer → [max_count, {RelativeId, name header}..., the names]}.  The
 * names are appended to *names (grown by *n). */
static int enum_page(struct ndr_in *in, char ***names, size_t *n, uint32_t *read)
{
	struct ndr_in hdrs;
	const unsigned char *skip;
	uint32_t ref, count, buf, rid;
	struct ndr_ustr s;
	char **grown;
	int rc;

	*read = 0;
	if ((rc = ndr_get_ptr(in, &ref)) || !ref)
		return rc;
	if ((rc = ndr_get_u32(in, &count)) || (rc = ndr_get_ptr(in, &buf)))
		return rc;
	if (!buf)
		return count ? cadcom__error(CADCOM_EPROTO, (long)in->off,
					     "%u domains without an array", count) : 0;
	/* An entry is 12 bytes: RelativeId and the name's header.  A count
	 * the data does not back is a lie (EPROTO); a true one too large for
	 * us, a limit. */
	if ((rc = rpc_get_conformance(in, count)) || (rc = fits(in, count, 12, "domains")))
		return rc;
	if (count > MAX_DOMAINS - *n)
		return cadcom__error(CADCOM_ELIMIT, (long)in->off, "more than %d domains",
				     MAX_DOMAINS);
	if (!(grown = realloc(*names, (*n + count + 1) * sizeof(**names))))
		return cadcom__enomem();
	*names = grown;
	/* The headers come first and the names after them: a second cursor
	 * walks the headers while the first reads the names. */
	hdrs = *in;
	if ((rc = ndr_get_view(in, (size_t)count * 12, &skip)))
		return rc;
	for (uint32_t i = 0; i < count; i++) {
		if ((rc = ndr_get_u32(&hdrs, &rid)) || (rc = ndr_get_ustr_hdr(&hdrs, &s)) ||
		    (rc = ndr_get_ustr_body(in, &s, &(*names)[*n])))
			return rc;
		if (!(*names)[*n])
			return cadcom__error(CADCOM_EPROTO, (long)hdrs.off,
					     "domain %u without a name", i);
		++*n;
	}
	*read = count;
	return 0;
}

int samr_enum_domains(struct rpc_conn *c, const struct rpc_handle *server, char ***names,
		      size_t *count)
{
	uint32_t resume = 0, read, returned, st = STATUS_MORE_ENTRIES;
	char **v = NULL;
	size_t n = 0;
	struct rpc_stub k;
	int rc = 0;

	while (!rc && st == STATUS_MORE_ENTRIES) {
		rpc_stub_init(&k, c, "EnumerateDomainsInSamServer");
		ndr_put_handle(&k.req, server);
		ndr_put_u32(&k.req, resume); /* EnumerationContext */
		ndr_put_u32(&k.req, ENUM_PAGE);
		if (!(rc = rpc_stub_run(&k, OP_ENUM_DOMAINS))) {
			/* EnumerationContext, Buffer, CountReturned */
			if ((rc = ndr_get_u32(&k.in, &resume)) ||
			    (rc = enum_page(&k.in, &v, &n, &read)) ||
			    (rc = ndr_get_u32(&k.in, &returned)))
				rc = rpc_stub_bad_reply(&k, rc);
			else if (!(rc = rpc_stub_status(&k, &st)) && st && st != STATUS_MORE_ENTRIES)
				rc = rpc_stub_status_error(&k, st, NULL);
			else if (!rc && returned != read)
				rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, -1,
								 "CountReturned %u, but %u entries",
								 returned, read));
			else if (!rc && st == STATUS_MORE_ENTRIES && !read)
				/* More to come, yet nothing now: it would never end. */
				rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, -1,
								 "more entries, yet none in this page"));
		}
		rpc_stub_done(&k);
	}
	if (rc) {
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
		return rc;
	}
	*names = v;
	*count = n;
	return 0;
}

int samr_lookup_domain(struct rpc_conn *c, const struct rpc_handle *server, const char *name,
		       struct cadcom_sid *sid)
{
	struct cadcom_sid got;
	uint32_t ref, st;
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "LookupDomainInSamServer");
	ndr_put_handle(&k.req, server);
	put_name(&k.req, name);
	if (!(rc = rpc_stub_run(&k, OP_LOOKUP_DOMAIN))) {
		if ((rc = ndr_get_ptr(&k.in, &ref)) || (ref && (rc = ndr_get_sid(&k.in, &got))))
			rc = rpc_stub_bad_reply(&k, rc);
		else if (!(rc = rpc_stub_status(&k, &st)) && st)
			rc = rpc_stub_status_error(&k, st, name);
		else if (!rc && !ref)
			rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, -1, "success without a SID"));
		else if (!rc)
			*sid = got;
	}
	rpc_stub_done(&k);
	return rc;
}

int samr_open_domain(struct rpc_conn *c, const struct rpc_handle *server,
		     const struct cadcom_sid *sid, uint32_t access, struct rpc_handle *out)
{
	char text[RPC_SID_TEXT];
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "OpenDomain");
	ndr_put_handle(&k.req, server);
	ndr_put_u32(&k.req, access);
	ndr_put_sid(&k.req, sid);
	rc = rpc_stub_handle(&k, OP_OPEN_DOMAIN, out, rpc_sid_text(sid, text));
	rpc_stub_done(&k);
	return rc;
}

int samr_create_alias(struct rpc_conn *c, const struct rpc_handle *domain, const char *name,
		      uint32_t access, struct rpc_handle *alias, uint32_t *rid)
{
	struct rpc_handle h;
	uint32_t r, st;
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "CreateAliasInDomain");
	ndr_put_handle(&k.req, domain);
	put_name(&k.req, name);
	ndr_put_u32(&k.req, access);
	if (!(rc = rpc_stub_run(&k, OP_CREATE_ALIAS))) {
		if ((rc = ndr_get_handle(&k.in, &h)) || (rc = ndr_get_u32(&k.in, &r)))
			rc = rpc_stub_bad_reply(&k, rc);
		else if (!(rc = rpc_stub_status(&k, &st)) && st)
			rc = rpc_stub_status_error(&k, st, name);
		else if (!rc) {
			*alias = h;
			*rid = r;
		}
	}
	rpc_stub_done(&k);
	return rc;
}

int samr_open_alias(struct rpc_conn *c, const struct rpc_handle *domain, uint32_t rid,
		    uint32_t access, struct rpc_handle *out)
{
	char what[24];
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "OpenAlias");
	ndr_put_handle(&k.req, domain);
	ndr_put_u32(&k.req, access);
	ndr_put_u32(&k.req, rid);
	snprintf(what, sizeof(what), "RID %u", rid);
	rc = rpc_stub_handle(&k, OP_OPEN_ALIAS, out, what);
	rpc_stub_done(&k);
	return rc;
}

int samr_delete_alias(struct rpc_conn *c, struct rpc_handle *alias)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "DeleteAlias");
	ndr_put_handle(&k.req, alias);
	rc = rpc_stub_handle(&k, OP_DELETE_ALIAS, alias, NULL); /* the server zeroes it */
	rpc_stub_done(&k);
	return rc;
}

/* SAMPR_PSID_ARRAY_OUT: Count, Sids → [max_count, Count unique pointers,
 * then the SIDs].  *out is malloc'd (NULL when empty). */
static int get_sid_array(struct ndr_in *in, struct cadcom_sid **out, uint32_t *count)
{
	uint32_t ref, p;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = ndr_get_u32(in, count)) || (rc = ndr_get_ptr(in, &ref)))
		return rc;
	if (!ref)
		return *count ? cadcom__error(CADCOM_EPROTO, (long)in->off,
					      "%u members without an array", *count) : 0;
	/* A member is at least 16 bytes: its pointer, the conformance and a
	 * SID without sub-authorities. */
	if ((rc = rpc_get_conformance(in, *count)) || (rc = fits(in, *count, 16, "members")))
		return rc;
	if (*count > MAX_MEMBERS)
		return cadcom__error(CADCOM_ELIMIT, (long)in->off - 4,
				     "%u members, more than the %d we take", *count, MAX_MEMBERS);
	for (uint32_t i = 0; i < *count; i++) {
		if ((rc = ndr_get_ptr(in, &p)))
			return rc;
		if (!p) /* MS-SAMR 3.1.5.8.6: every element holds a member's SID */
			return cadcom__error(CADCOM_EPROTO, (long)in->off - 4,
					     "member %u is a NULL SID", i);
	}
	if (!*count)
		return 0;
	if (!(*out = malloc(*count * sizeof(**out))))
		return cadcom__enomem();
	for (uint32_t i = 0; i < *count; i++)
		if ((rc = ndr_get_sid(in, &(*out)[i])))
			return rc;
	return 0;
}

int samr_alias_members(struct rpc_conn *c, const struct rpc_handle *alias,
		       struct cadcom_sid **sids, size_t *count)
{
	struct cadcom_sid *v = NULL;
	uint32_t n = 0, st;
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "GetMembersInAlias");
	ndr_put_handle(&k.req, alias);
	if (!(rc = rpc_stub_run(&k, OP_GET_MEMBERS))) {
		if ((rc = get_sid_array(&k.in, &v, &n)))
			rc = rpc_stub_bad_reply(&k, rc);
		else if (!(rc = rpc_stub_status(&k, &st)) && st)
			rc = rpc_stub_status_error(&k, st, NULL);
	}
	rpc_stub_done(&k);
	if (rc) {
		free(v);
		return rc;
	}
	*sids = v;
	*count = n;
	return 0;
}

static int member_call(struct rpc_conn *c, const struct rpc_handle *alias,
		       const struct cadcom_sid *member, bool add)
{
	char text[RPC_SID_TEXT];
	uint32_t st;
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, add ? "AddMemberToAlias" : "RemoveMemberFromAlias");
	ndr_put_handle(&k.req, alias);
	ndr_put_sid(&k.req, member);
	if (!(rc = rpc_stub_run(&k, add ? OP_ADD_MEMBER : OP_REMOVE_MEMBER)) &&
	    !(rc = rpc_stub_status(&k, &st)) && st)
		rc = rpc_stub_status_error(&k, st, rpc_sid_text(member, text));
	rpc_stub_done(&k);
	return rc;
}

int samr_add_alias_member(struct rpc_conn *c, const struct rpc_handle *alias,
			  const struct cadcom_sid *member)
{
	return member_call(c, alias, member, true);
}

int samr_remove_alias_member(struct rpc_conn *c, const struct rpc_handle *alias,
			     const struct cadcom_sid *member)
{
	return member_call(c, alias, member, false);
}

/* SAMPR_ULONG_ARRAY answering a lookup of one item: {Count, Element →
 * [max_count, Count values]} with Count 0 (nothing mapped) or 1. */
static int get_one_ulong(struct ndr_in *in, uint32_t *v, uint32_t *count)
{
	uint32_t ref;
	int rc;

	if ((rc = ndr_get_u32(in, count)) || (rc = ndr_get_ptr(in, &ref)))
		return rc;
	if (*count > 1)
		return cadcom__error(CADCOM_EPROTO, (long)in->off - 8, "%u answers to one lookup",
				     *count);
	if (!ref)
		return *count ? cadcom__error(CADCOM_EPROTO, (long)in->off,
					      "an answer without an array") : 0;
	if ((rc = rpc_get_conformance(in, *count)))
		return rc;
	return *count ? ndr_get_u32(in, v) : 0;
}

/* The outcome of a one-item lookup: `st` was a success (0, or
 * SOME_NOT_MAPPED, which one item cannot really give), `n` the entries in
 * each answer array; not mapped is CADCOM_ENOTFOUND. */
static int lookup_outcome(struct rpc_stub *k, uint32_t st, uint32_t n, uint32_t type,
			  const char *what)
{
	if (st && st != STATUS_SOME_NOT_MAPPED)
		return rpc_stub_status_error(k, st, what);
	if (n != 1)
		return rpc_stub_bad_reply(k, cadcom__error(CADCOM_EPROTO, -1, "success without an answer"));
	if (type == SID_TYPE_UNKNOWN || type == SID_TYPE_INVALID)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "%s \\pipe\\%s %s %s: not found (type %u)",
				     k->c->host, k->c->iface->pipe, k->name, what, type);
	return 0;
}

int samr_lookup_name(struct rpc_conn *c, const struct rpc_handle *domain, const char *name,
		     uint32_t *rid, uint32_t *type)
{
	uint32_t r = 0, t = 0, nr, nt, st;
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "LookupNamesInDomain");
	ndr_put_handle(&k.req, domain);
	ndr_put_u32(&k.req, 1);          /* Count */
	ndr_put_u32(&k.req, LOOKUP_MAX); /* Names: [size_is(1000), length_is(Count)] */
	ndr_put_u32(&k.req, 0);
	ndr_put_u32(&k.req, 1);
	put_name(&k.req, name);
	if (!(rc = rpc_stub_run(&k, OP_LOOKUP_NAMES))) {
		if ((rc = get_one_ulong(&k.in, &r, &nr)) || (rc = get_one_ulong(&k.in, &t, &nt)))
			rc = rpc_stub_bad_reply(&k, rc);
		else if (nr != nt)
			rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, -1, "%u RIDs but %u types",
							 nr, nt));
		else if (!(rc = rpc_stub_status(&k, &st)) &&
			 !(rc = lookup_outcome(&k, st, nr, t, name))) {
			*rid = r;
			*type = t;
		}
	}
	rpc_stub_done(&k);
	return rc;
}

/* SAMPR_RETURNED_USTRING_ARRAY for one RID: {Count, Element →
 * [max_count, header, body]}, Count 0 or 1; *name NULL when absent. */
static int get_one_name(struct ndr_in *in, char **name, uint32_t *count)
{
	struct ndr_ustr s;
	uint32_t ref;
	int rc;

	*name = NULL;
	if ((rc = ndr_get_u32(in, count)) || (rc = ndr_get_ptr(in, &ref)))
		return rc;
	if (*count > 1)
		return cadcom__error(CADCOM_EPROTO, (long)in->off - 8, "%u names for one RID",
				     *count);
	if (!ref)
		return *count ? cadcom__error(CADCOM_EPROTO, (long)in->off,
					      "a name without an array") : 0;
	if ((rc = rpc_get_conformance(in, *count)) || !*count)
		return rc;
	if ((rc = ndr_get_ustr_hdr(in, &s)))
		return rc;
	return ndr_get_ustr_body(in, &s, name);
}

int samr_lookup_rid(struct rpc_conn *c, const struct rpc_handle *domain, uint32_t rid,
		    char **name, uint32_t *type)
{
	uint32_t t = 0, nn, nt, st;
	char *got = NULL, what[24];
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "LookupIdsInDomain");
	ndr_put_handle(&k.req, domain);
	ndr_put_u32(&k.req, 1);          /* Count */
	ndr_put_u32(&k.req, LOOKUP_MAX); /* RelativeIds: [size_is(1000), length_is(Count)] */
	ndr_put_u32(&k.req, 0);
	ndr_put_u32(&k.req, 1);
	ndr_put_u32(&k.req, rid);
	snprintf(what, sizeof(what), "RID %u", rid);
	if (!(rc = rpc_stub_run(&k, OP_LOOKUP_IDS))) {
		if ((rc = get_one_name(&k.in, &got, &nn)) || (rc = get_one_ulong(&k.in, &t, &nt)))
			rc = rpc_stub_bad_reply(&k, rc);
		else if (nn != nt)
			rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, -1, "%u names but %u types",
							 nn, nt));
		else if (!(rc = rpc_stub_status(&k, &st)) && !(rc = lookup_outcome(&k, st, nn, t, what)) &&
			 !got)
			rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, -1, "a type without a name"));
	}
	rpc_stub_done(&k);
	if (rc) {
		free(got);
		return rc;
	}
	*name = got;
	*type = t;
	return 0;
}

int samr_close(struct rpc_conn *c, struct rpc_handle *h)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "CloseHandle");
	ndr_put_handle(&k.req, h);
	rc = rpc_stub_handle(&k, OP_CLOSE_HANDLE, h, NULL);
	rpc_stub_done(&k);
	return rc;
}
