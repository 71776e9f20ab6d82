/*
 * lsarpc stubs (sam.h): LsarOpenPolicy2 and LsarClose (MS-LSAD 3.1.4.4.1,
 * 3.1.4.9.4), LsarLookupNames3 / LookupNames2 and LsarLookupSids2 (MS-LSAT
 * 3.1.4.6, 3.1.4.7, 3.1.4.10), parameters in the order of their IDL
 * (Samba's lsa.idl has the same layout).  Each lookup asks about one item,
 * so an answer of more than one translation is a protocol error; the
 * referenced domain list before it is the server's word, bounded and
 * checked against the bytes left like every count.  Every reply must be
 * consumed exactly.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sam.h"

/* STATUS_NONE_MAPPED: nothing of what was asked could be found. */
static const struct rpc_status_name statuses[] = {
	{ 0xC0000073u, CADCOM_ENOTFOUND, "STATUS_NONE_MAPPED" },
};

/* 12345778-1234-abcd-ef00-0123456789ab v0.0, fields little-endian */
const struct rpc_iface rpc_lsarpc = {
	.name = "lsarpc",
	.pipe = "lsarpc",
	.syntax = { { 0x78, 0x57, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab, 0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89,
		    0xab },
		  0, 0 },
	.ntstatus = true,
	.statuses = statuses,
	.nstatuses = ARRAY_SIZE(statuses),
};

enum {
	OP_CLOSE = 0,
	OP_OPEN_POLICY2 = 44,
	OP_LOOKUP_SIDS2 = 57,
	OP_LOOKUP_NAMES2 = 58,
	OP_LOOKUP_NAMES3 = 68
};

#define STATUS_SOME_NOT_MAPPED 0x00000107u /* a success: some names were found */
#define STATUS_NONE_MAPPED 0xC0000073u
#define NCA_S_OP_RNG_ERROR 0x1c010002u   /* the fault for an opnum the server lacks */
#define NO_DOMAIN 0xFFFFFFFFu            /* DomainIndex -1: no referenced domain */

enum {
	LOOKUP_WKSTA = 1,      /* LsapLookupWksta: every domain the server can reach */
	CLIENT_REVISION_2 = 2, /* LSA_CLIENT_REVISION_2, as Windows sends it */
	MAX_DOMAINS = 1000     /* the referenced domain list's range in Samba's lsa.idl */
};

int lsa_open_policy2(struct rpc_conn *c, uint32_t access, struct rpc_handle *out)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "OpenPolicy2");
	ndr_put_ptr(&k.req, false); /* SystemName: ignored on receipt (MS-LSAD 3.1.4.4.1) */
	/* LSAPR_OBJECT_ATTRIBUTES: ignored but for RootDirectory, which must
	 * be NULL; the structure's size on 32-bit Windows and nothing else. */
	ndr_put_u32(&k.req, 24);
	ndr_put_ptr(&k.req, false); /* RootDirectory */
	ndr_put_ptr(&k.req, false); /* ObjectName */
	ndr_put_u32(&k.req, 0);     /* Attributes */
	ndr_put_ptr(&k.req, false); /* SecurityDescriptor */
	ndr_put_ptr(&k.req, false); /* SecurityQualityOfService */
	ndr_put_u32(&k.req, access);
	rc = rpc_stub_handle(&k, OP_OPEN_POLICY2, out, NULL);
	rpc_stub_done(&k);
	return rc;
}

int lsa_close(struct rpc_conn *c, struct rpc_handle *h)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "Close");
	ndr_put_handle(&k.req, h);
	rc = rpc_stub_handle(&k, OP_CLOSE, h, NULL); /* the server zeroes it */
	rpc_stub_done(&k);
	return rc;
}

/* ---- lookups ------------------------------------------------------------ */

struct domain {
	char *name;
	bool has_sid;
	struct cadcom_sid sid;
};

/* What a one-item lookup answered. */
struct answer {
	struct domain *domains;
	uint32_t ndomains;
	uint32_t n; /* translations: 0 or 1 */
	uint32_t type, index;
	bool has_sid;           /* LookupNames3 */
	struct cadcom_sid sid;
	uint32_t rid;           /* LookupNames2 */
	char *name;             /* LookupSids2 */
};

static void answer_free(struct answer *a)
{
	for (uint32_t i = 0; i < a->ndomains; i++)
		free(a->domains[i].name);
	free(a->domains);
	free(a->name);
}

/* The request's tail after the item: the empty [in,out] translations,
 * LookupLevel (a 16-bit enum), MappedCount, LookupOptions, ClientRevision. */
static void put_lookup_tail(struct ndr_out *o)
{
	ndr_put_u32(o, 0); /* Entries */
	ndr_put_ptr(o, false);
	ndr_put_u16(o, LOOKUP_WKSTA);
	ndr_put_u32(o, 0);
	ndr_put_u32(o, 0);
	ndr_put_u32(o, CLIENT_REVISION_2);
}

/* PLSAPR_REFERENCED_DOMAIN_LIST: a unique pointer to {Entries, Domains →
 * [max_count, {Name header, Sid pointer}..., then each Name and Sid],
 * MaxEntries}. */
static int get_domains(struct ndr_in *in, struct answer *a)
{
	uint32_t ref, count, buf, max_entries, sid_ref;
	const unsigned char *skip;
	struct ndr_in hdrs;
	struct ndr_ustr s;
	int rc;

	if ((rc = ndr_get_ptr(in, &ref)) || !ref)
		return rc;
	if ((rc = ndr_get_u32(in, &count)) || (rc = ndr_get_ptr(in, &buf)) ||
	    (rc = ndr_get_u32(in, &max_entries)))
		return rc;
	if (!buf)
		return count ? cadcom__error(CADCOM_EPROTO, (long)in->off,
					     "%u referenced domains without an array", count) : 0;
	if ((rc = rpc_get_conformance(in, count)))
		return rc;
	/* An entry is 12 bytes (the name's header and the SID's pointer). */
	if (count > (in->len - in->off) / 12)
		return cadcom__error(CADCOM_EPROTO, (long)in->off,
				     "%u referenced domains, but %zu bytes left at offset %zu", count,
				     in->len - in->off, in->off);
	if (count > MAX_DOMAINS)
		return cadcom__error(CADCOM_EPROTO, (long)in->off,
				     "%u referenced domains, at most %d", count, MAX_DOMAINS);
	if (!count)
		return 0;
	if (!(a->domains = calloc(count, sizeof(*a->domains))))
		return cadcom__enomem();
	/* The headers first, the names and SIDs after them: a second cursor
	 * walks the headers while the first reads what they point to. */
	hdrs = *in;
	if ((rc = ndr_get_view(in, (size_t)count * 12, &skip)))
		return rc;
	for (uint32_t i = 0; i < count; i++) {
		struct domain *d = &a->domains[i];

		a->ndomains = i + 1; /* so that answer_free frees what was read */
		if ((rc = ndr_get_ustr_hdr(&hdrs, &s)) || (rc = ndr_get_ptr(&hdrs, &sid_ref)) ||
		    (rc = ndr_get_ustr_body(in, &s, &d->name)))
			return rc;
		d->has_sid = sid_ref != 0;
		if (sid_ref && (rc = ndr_get_sid(in, &d->sid)))
			return rc;
	}
	return 0;
}

enum kind { NAMES3, NAMES2, SIDS2 };

/* The translations array of one item: {Entries, pointer → [max_count,
 * 0 or 1 element, its deferred SID or name]}.  An element is Use (a 16-bit
 * enum), then the SID pointer (NAMES3), the RID (NAMES2) or the name
 * (SIDS2), DomainIndex and Flags. */
static int get_translation(struct ndr_in *in, enum kind kind, struct answer *a)
{
	uint32_t ref, flags, sid_ref = 0;
	struct ndr_ustr s;
	uint16_t use;
	int rc;

	if ((rc = ndr_get_u32(in, &a->n)) || (rc = ndr_get_ptr(in, &ref)))
		return rc;
	if (a->n > 1)
		return cadcom__error(CADCOM_EPROTO, (long)in->off - 8,
				     "%u translations of one item", a->n);
	if (!ref)
		return a->n ? cadcom__error(CADCOM_EPROTO, (long)in->off,
					    "a translation without an array") : 0;
	if ((rc = rpc_get_conformance(in, a->n)) || !a->n)
		return rc;
	if ((rc = ndr_get_u16(in, &use)))
		return rc;
	a->type = use;
	if (kind == NAMES3)
		rc = ndr_get_ptr(in, &sid_ref);
	else if (kind == NAMES2)
		rc = ndr_get_u32(in, &a->rid);
	else
		rc = ndr_get_ustr_hdr(in, &s);
	if (rc || (rc = ndr_get_u32(in, &a->index)) || (rc = ndr_get_u32(in, &flags)))
		return rc;
	if (kind == SIDS2)
		return ndr_get_ustr_body(in, &s, &a->name);
	a->has_sid = sid_ref != 0;
	return sid_ref ? ndr_get_sid(in, &a->sid) : 0;
}

/* A lookup's reply: the domains, the translations, MappedCount and the
 * status, checked: a success must translate the item into a known type. */
static int get_answer(struct rpc_stub *k, enum kind kind, const char *what, struct answer *a)
{
	uint32_t mapped, st;
	int rc;

	if ((rc = get_domains(&k->in, a)) || (rc = get_translation(&k->in, kind, a)) ||
	    (rc = ndr_get_u32(&k->in, &mapped)))
		return rpc_stub_bad_reply(k, rc);
	if ((rc = rpc_stub_status(k, &st)))
		return rc;
	if (st && st != STATUS_SOME_NOT_MAPPED)
		return rpc_stub_status_error(k, st, what);
	if (a->n != 1)
		return rpc_stub_bad_reply(k, cadcom__error(CADCOM_EPROTO, -1,
						  "success without a translation"));
	if (a->type == SID_TYPE_UNKNOWN || a->type == SID_TYPE_INVALID)
		return cadcom__error(CADCOM_ENOTFOUND, -1, "%s \\pipe\\%s %s %s: not found (type %u)",
				     k->c->host, k->c->iface->pipe, k->name, what, a->type);
	if (a->index != NO_DOMAIN && a->index >= a->ndomains)
		return rpc_stub_bad_reply(k, cadcom__error(CADCOM_EPROTO, -1,
						  "DomainIndex %u, but %u referenced domains",
						  a->index, a->ndomains));
	if (kind == SIDS2 && !a->name)
		return rpc_stub_bad_reply(k, cadcom__error(CADCOM_EPROTO, -1, "a translation without a name"));
	if (kind == NAMES3 && !a->has_sid)
		return rpc_stub_bad_reply(k, cadcom__error(CADCOM_EPROTO, -1, "a translation without a SID"));
	return 0;
}

/* LookupNames2 answers a RID in a domain: the SID is the domain's and
 * the RID, or the domain's alone for a domain, whose RID is not valid
 * (ntsecapi.h's LSA_TRANSLATED_SID). */
static int names2_sid(struct rpc_stub *k, struct answer *a)
{
	const struct domain *d = a->index != NO_DOMAIN ? &a->domains[a->index] : NULL;

	if (!d || !d->has_sid ||
	    (a->type != SID_TYPE_DOMAIN && d->sid.count >= CADCOM_SID_MAX_SUBAUTH))
		return rpc_stub_bad_reply(k, cadcom__error(CADCOM_EPROTO, -1,
						  "a RID without a domain SID it can extend"));
	a->sid = d->sid;
	if (a->type != SID_TYPE_DOMAIN)
		a->sid.sub[a->sid.count++] = a->rid;
	return 0;
}

/* The referenced domain's name for *domain: NULL without a domain or with
 * an empty name (the well-known S-1-1 comes back as ""). */
static int domain_name(const struct answer *a, char **domain)
{
	const char *name = a->index != NO_DOMAIN ? a->domains[a->index].name : NULL;

	*domain = NULL;
	if (name && *name && !(*domain = cadcom__strdup(name)))
		return cadcom__enomem();
	return 0;
}

static int lookup_names(struct rpc_conn *c, const struct rpc_handle *policy, const char *name,
			enum kind kind, struct answer *a)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, kind == NAMES3 ? "LookupNames3" : "LookupNames2");
	ndr_put_handle(&k.req, policy);
	ndr_put_u32(&k.req, 1); /* Count */
	ndr_put_u32(&k.req, 1); /* Names: [size_is(Count)] */
	ndr_put_ustr_hdr(&k.req, name, false);
	ndr_put_ustr_body(&k.req, name, false);
	put_lookup_tail(&k.req);
	rc = rpc_stub_run(&k, kind == NAMES3 ? OP_LOOKUP_NAMES3 : OP_LOOKUP_NAMES2);
	if (rc == CADCOM_ERPCFAULT && kind == NAMES3 && k.rep.fault == NCA_S_OP_RNG_ERROR) {
		/* Servers before Windows XP / 2003 have no LookupNames3. */
		rpc_stub_done(&k);
		return lookup_names(c, policy, name, NAMES2, a);
	}
	if (!rc && !(rc = get_answer(&k, kind, name, a)) && kind == NAMES2)
		rc = names2_sid(&k, a);
	rpc_stub_done(&k);
	return rc;
}

int lsa_lookup_name(struct rpc_conn *c, const struct rpc_handle *policy, const char *name,
		    struct cadcom_sid *sid, uint32_t *type, char **domain)
{
	struct answer a = { 0 };
	int rc = lookup_names(c, policy, name, NAMES3, &a);

	if (!rc && !(rc = domain_name(&a, domain))) {
		*sid = a.sid;
		*type = a.type;
	}
	answer_free(&a);
	return rc;
}

int lsa_lookup_sid(struct rpc_conn *c, const struct rpc_handle *policy,
		   const struct cadcom_sid *sid, char **domain, char **name, uint32_t *type)
{
	struct answer a = { 0 };
	char text[RPC_SID_TEXT];
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "LookupSids2");
	ndr_put_handle(&k.req, policy);
	ndr_put_u32(&k.req, 1);       /* SidEnumBuffer: Entries */
	ndr_put_ptr(&k.req, true);    /* SidInfo */
	ndr_put_u32(&k.req, 1);       /* its max_count */
	ndr_put_ptr(&k.req, true);    /* the one SidPointer */
	ndr_put_sid(&k.req, sid);
	put_lookup_tail(&k.req);
	if (!(rc = rpc_stub_run(&k, OP_LOOKUP_SIDS2)) &&
	    !(rc = get_answer(&k, SIDS2, rpc_sid_text(sid, text), &a)) &&
	    !(rc = domain_name(&a, domain))) {
		*name = a.name;
		a.name = NULL;
		*type = a.type;
	}
	rpc_stub_done(&k);
	answer_free(&a);
	return rc;
}
