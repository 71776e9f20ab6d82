/*
 * One samr session and one lsarpc session, the same call for call in
 * tests/gen/capture_sam.c (against the lab, recording every byte) and in
 * tests/test_sam.c (replaying the recordings, which checks that our
 * requests are the very bytes that got those answers, and decodes the
 * answers again).  Every step runs even after a failure, each on what it
 * has, and what a step sends depends only on earlier answers: a replay
 * makes the same calls as the capture, the alias it created included.
 */
#ifndef CADCOM_TEST_SAM_SCENARIO_H
#define CADCOM_TEST_SAM_SCENARIO_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../lib/rpc/sam.h"

#define SAM_ALIAS "cadcom-capture"
#define SAM_MISSING "cadcom-no-such-name"
#define LSA_DU "CONTOSO\\Domain Users"
#define LSA_CDA "BUILTIN\\Certificate Service DCOM Access"
#define LSA_MISSING "CONTOSO\\cadcom-no-such-name"
enum { SAM_RID_DU = 513, SAM_RID_DC_COMPUTERS = 515, SAM_RID_DC_CONTROLLERS = 516,
       SAM_RID_MISSING = 0x7ffffff0, SAM_RID_CDA = 574 };

/* ---- samr ----------------------------------------------------------------- */

enum {
	S_BIND, S_CONNECT, S_ENUM, S_LOOKUP_DOMAIN, S_LOOKUP_BUILTIN, S_LOOKUP_NO_DOMAIN,
	S_OPEN_DOMAIN, S_LEFTOVER, S_CREATE, S_CREATE_AGAIN, S_LOOKUP_NAME, S_LOOKUP_NAME_MISSING,
	S_LOOKUP_RID, S_LOOKUP_RID_GROUP, S_LOOKUP_RID_MISSING, S_CLOSE_CREATED, S_OPEN_ALIAS,
	S_ADD_DU, S_ADD_EVERYONE, S_ADD_DU_AGAIN, S_MEMBERS, S_REMOVE_DU, S_REMOVE_DU_AGAIN,
	S_MEMBERS_EMPTY, S_DELETE, S_OPEN_DELETED, S_OPEN_GROUP, S_OPEN_BUILTIN, S_OPEN_CDA,
	S_MEMBERS_CDA, S_CLOSE_CDA, S_FAULT, S_CLOSE_BUILTIN, S_CLOSE_DOMAIN, S_CLOSE_SERVER,
	S_STEPS
};

struct samr_scenario {
	int rc[S_STEPS];
	char msg[S_STEPS][512]; /* the error message of each failed step */
	char **domains;
	size_t ndomains;
	struct cadcom_sid domain, builtin;
	uint32_t rid, name_rid, name_type, rid_type, group_type;
	char *rid_name, *group_name;
	struct cadcom_sid *members, *members_after, *members_cda;
	size_t nmembers, nmembers_after, nmembers_cda;
	struct rpc_handle deleted; /* the alias handle after DeleteAlias */
};

static inline void sam_step(int *rc, char *msg, int got)
{
	*rc = got;
	if (got)
		snprintf(msg, 512, "%s", cadcom_error_message(cadcom_error_last()));
}

#define SAMR_STEP(s, step, call) sam_step(&(s)->rc[step], (s)->msg[step], (call))

static inline void samr_scenario_free(struct samr_scenario *s)
{
	for (size_t i = 0; i < s->ndomains; i++)
		free(s->domains[i]);
	free(s->domains);
	free(s->rid_name);
	free(s->group_name);
	free(s->members);
	free(s->members_after);
	free(s->members_cda);
}

/* `sid` + `rid` */
static inline struct cadcom_sid sam_sid_rid(const struct cadcom_sid *sid, uint32_t rid)
{
	struct cadcom_sid r = *sid;

	if (r.count < CADCOM_SID_MAX_SUBAUTH)
		r.sub[r.count++] = rid;
	return r;
}

/* An alias left by an interrupted capture: delete it first (the replay
 * sees the lookup fail and does nothing more, as the capture did). */
static inline int samr_scenario_leftover(struct rpc_conn *c, const struct rpc_handle *domain)
{
	struct rpc_handle h;
	uint32_t rid, type;
	int rc = samr_lookup_name(c, domain, SAM_ALIAS, &rid, &type);

	if (!rc && !(rc = samr_open_alias(c, domain, rid, SAMR_DELETE, &h)))
		rc = samr_delete_alias(c, &h);
	return rc;
}

/* `bind`: whether the pipe still needs its bind (the capture's is bound
 * on open). */
static inline void samr_scenario_run(struct rpc_conn *c, bool bind, struct samr_scenario *s)
{
	const struct cadcom_sid everyone = { 1, 1, 1, { 0 } }, builtin = { 1, 1, 5, { 32 } };
	struct rpc_handle server = { { 0 } }, dom = { { 0 } }, bdom = { { 0 } }, alias = { { 0 } },
			  h = { { 0 } };
	const char *account = "";
	struct cadcom_sid du;
	struct ndr_out req;
	struct rpc_reply rep;
	uint32_t t;
	char *none;

	memset(s, 0, sizeof(*s));
	SAMR_STEP(s, S_BIND, bind ? rpc_bind(c) : 0);
	SAMR_STEP(s, S_CONNECT, samr_connect5(c, SAMR_MAXIMUM_ALLOWED, &server));
	SAMR_STEP(s, S_ENUM, samr_enum_domains(c, &server, &s->domains, &s->ndomains));
	for (size_t i = 0; i < s->ndomains && !*account; i++)
		if (strcasecmp(s->domains[i], "Builtin"))
			account = s->domains[i];
	SAMR_STEP(s, S_LOOKUP_DOMAIN, samr_lookup_domain(c, &server, account, &s->domain));
	SAMR_STEP(s, S_LOOKUP_BUILTIN, samr_lookup_domain(c, &server, "Builtin", &s->builtin));
	{
		struct cadcom_sid x;

		SAMR_STEP(s, S_LOOKUP_NO_DOMAIN, samr_lookup_domain(c, &server, "NOSUCHDOMAIN", &x));
	}
	SAMR_STEP(s, S_OPEN_DOMAIN, samr_open_domain(c, &server, &s->domain,
						     SAMR_DOMAIN_LOOKUP | SAMR_DOMAIN_CREATE_ALIAS,
						     &dom));
	SAMR_STEP(s, S_LEFTOVER, samr_scenario_leftover(c, &dom));
	SAMR_STEP(s, S_CREATE, samr_create_alias(c, &dom, SAM_ALIAS, SAMR_MAXIMUM_ALLOWED, &h,
						 &s->rid));
	{
		struct rpc_handle x;
		uint32_t r;

		SAMR_STEP(s, S_CREATE_AGAIN,
			  samr_create_alias(c, &dom, SAM_ALIAS, SAMR_MAXIMUM_ALLOWED, &x, &r));
		SAMR_STEP(s, S_LOOKUP_NAME, samr_lookup_name(c, &dom, SAM_ALIAS, &s->name_rid,
							     &s->name_type));
		SAMR_STEP(s, S_LOOKUP_NAME_MISSING, samr_lookup_name(c, &dom, SAM_MISSING, &r, &t));
	}
	SAMR_STEP(s, S_LOOKUP_RID, samr_lookup_rid(c, &dom, s->rid, &s->rid_name, &s->rid_type));
	SAMR_STEP(s, S_LOOKUP_RID_GROUP,
		  samr_lookup_rid(c, &dom, SAM_RID_DU, &s->group_name, &s->group_type));
	none = NULL;
	SAMR_STEP(s, S_LOOKUP_RID_MISSING, samr_lookup_rid(c, &dom, SAM_RID_MISSING, &none, &t));
	free(none);
	SAMR_STEP(s, S_CLOSE_CREATED, samr_close(c, &h));
	SAMR_STEP(s, S_OPEN_ALIAS,
		  samr_open_alias(c, &dom, s->rid,
				  SAMR_ALIAS_ADD_MEMBER | SAMR_ALIAS_REMOVE_MEMBER |
					  SAMR_ALIAS_LIST_MEMBERS | SAMR_DELETE,
				  &alias));
	du = sam_sid_rid(&s->domain, SAM_RID_DU);
	SAMR_STEP(s, S_ADD_DU, samr_add_alias_member(c, &alias, &du));
	SAMR_STEP(s, S_ADD_EVERYONE, samr_add_alias_member(c, &alias, &everyone));
	SAMR_STEP(s, S_ADD_DU_AGAIN, samr_add_alias_member(c, &alias, &du));
	SAMR_STEP(s, S_MEMBERS, samr_alias_members(c, &alias, &s->members, &s->nmembers));
	SAMR_STEP(s, S_REMOVE_DU, samr_remove_alias_member(c, &alias, &du));
	SAMR_STEP(s, S_REMOVE_DU_AGAIN, samr_remove_alias_member(c, &alias, &du));
	SAMR_STEP(s, S_MEMBERS_EMPTY,
		  samr_alias_members(c, &alias, &s->members_after, &s->nmembers_after));
	SAMR_STEP(s, S_DELETE, samr_delete_alias(c, &alias));
	s->deleted = alias;
	SAMR_STEP(s, S_OPEN_DELETED, samr_open_alias(c, &dom, s->rid, SAMR_MAXIMUM_ALLOWED, &h));
	SAMR_STEP(s, S_OPEN_GROUP, samr_open_alias(c, &dom, SAM_RID_DU, SAMR_MAXIMUM_ALLOWED, &h));
	SAMR_STEP(s, S_OPEN_BUILTIN, samr_open_domain(c, &server, &builtin, SAMR_DOMAIN_LOOKUP,
						      &bdom));
	SAMR_STEP(s, S_OPEN_CDA, samr_open_alias(c, &bdom, SAM_RID_CDA, SAMR_ALIAS_LIST_MEMBERS, &h));
	SAMR_STEP(s, S_MEMBERS_CDA, samr_alias_members(c, &h, &s->members_cda, &s->nmembers_cda));
	SAMR_STEP(s, S_CLOSE_CDA, samr_close(c, &h));
	ndr_out_init(&req);
	ndr_put_u32(&req, 0);
	SAMR_STEP(s, S_FAULT, rpc_call(c, 250, "Opnum250", &req, &rep));
	rpc_reply_free(&rep);
	ndr_out_free(&req);
	SAMR_STEP(s, S_CLOSE_BUILTIN, samr_close(c, &bdom));
	SAMR_STEP(s, S_CLOSE_DOMAIN, samr_close(c, &dom));
	SAMR_STEP(s, S_CLOSE_SERVER, samr_close(c, &server));
}

/* ---- lsarpc --------------------------------------------------------------- */

enum {
	L_BIND, L_OPEN, L_NAME_DU, L_NAME_EVERYONE, L_NAME_CDA, L_NAME_MISSING, L_SID_CDA,
	L_SID_DU, L_SID_COMPUTERS, L_SID_CONTROLLERS, L_SID_EVERYONE, L_SID_MISSING, L_NAMES2_RAW,
	L_FAULT, L_CLOSE, L_STEPS
};

/* The SIDs L_SID_* look up, in order. */
enum { L_NSIDS = L_SID_MISSING - L_SID_CDA + 1 };

struct lsa_scenario {
	int rc[L_STEPS];
	char msg[L_STEPS][512];
	struct cadcom_sid du, everyone, cda, domain; /* domain: du without its RID */
	uint32_t du_type, everyone_type, cda_type;
	char *du_domain, *everyone_domain, *cda_domain;
	char *sid_domain[L_NSIDS], *sid_name[L_NSIDS];
	uint32_t sid_type[L_NSIDS];
};

#define LSA_STEP(s, step, call) sam_step(&(s)->rc[step], (s)->msg[step], (call))

static inline void lsa_scenario_free(struct lsa_scenario *s)
{
	free(s->du_domain);
	free(s->everyone_domain);
	free(s->cda_domain);
	for (int i = 0; i < L_NSIDS; i++) {
		free(s->sid_domain[i]);
		free(s->sid_name[i]);
	}
}

/* The stub lsarpc.c sends for LsarLookupNames2 of one name: called
 * directly, it records a real LookupNames2 answer, which tests/test_sam.c
 * plays to lsa_lookup_name after a LookupNames3 fault (the fallback). */
static inline void lsa_names2_stub(struct ndr_out *o, const struct rpc_handle *policy,
				   const char *name)
{
	ndr_put_handle(o, policy);
	ndr_put_u32(o, 1);
	ndr_put_u32(o, 1);
	ndr_put_ustr_hdr(o, name, false);
	ndr_put_ustr_body(o, name, false);
	ndr_put_u32(o, 0);
	ndr_put_ptr(o, false);
	ndr_put_u16(o, 1); /* LsapLookupWksta */
	ndr_put_u32(o, 0);
	ndr_put_u32(o, 0);
	ndr_put_u32(o, 2); /* ClientRevision */
}

static inline void lsa_scenario_run(struct rpc_conn *c, bool bind, struct lsa_scenario *s)
{
	struct rpc_handle policy = { { 0 } };
	struct cadcom_sid sids[L_NSIDS], x;
	struct ndr_out req;
	struct rpc_reply rep;
	uint32_t t;
	char *d;

	memset(s, 0, sizeof(*s));
	LSA_STEP(s, L_BIND, bind ? rpc_bind(c) : 0);
	LSA_STEP(s, L_OPEN, lsa_open_policy2(c, LSA_POLICY_LOOKUP_NAMES |
						      LSA_POLICY_VIEW_LOCAL_INFORMATION,
					     &policy));
	LSA_STEP(s, L_NAME_DU, lsa_lookup_name(c, &policy, LSA_DU, &s->du, &s->du_type,
					       &s->du_domain));
	LSA_STEP(s, L_NAME_EVERYONE, lsa_lookup_name(c, &policy, "Everyone", &s->everyone,
						     &s->everyone_type, &s->everyone_domain));
	LSA_STEP(s, L_NAME_CDA, lsa_lookup_name(c, &policy, LSA_CDA, &s->cda, &s->cda_type,
						&s->cda_domain));
	d = NULL;
	LSA_STEP(s, L_NAME_MISSING, lsa_lookup_name(c, &policy, LSA_MISSING, &x, &t, &d));
	free(d);
	s->domain = s->du;
	if (s->domain.count)
		s->domain.count--;
	sids[0] = (struct cadcom_sid){ 1, 2, 5, { 32, SAM_RID_CDA } };
	sids[1] = sam_sid_rid(&s->domain, SAM_RID_DU);
	sids[2] = sam_sid_rid(&s->domain, SAM_RID_DC_COMPUTERS);
	sids[3] = sam_sid_rid(&s->domain, SAM_RID_DC_CONTROLLERS);
	sids[4] = (struct cadcom_sid){ 1, 1, 1, { 0 } };
	sids[5] = sam_sid_rid(&s->domain, SAM_RID_MISSING);
	for (int i = 0; i < L_NSIDS; i++)
		LSA_STEP(s, L_SID_CDA + i, lsa_lookup_sid(c, &policy, &sids[i], &s->sid_domain[i],
							   &s->sid_name[i], &s->sid_type[i]));
	ndr_out_init(&req);
	lsa_names2_stub(&req, &policy, LSA_DU);
	LSA_STEP(s, L_NAMES2_RAW, rpc_call(c, 58, "LookupNames2", &req, &rep));
	rpc_reply_free(&rep);
	ndr_out_free(&req);
	ndr_out_init(&req);
	ndr_put_u32(&req, 0);
	LSA_STEP(s, L_FAULT, rpc_call(c, 250, "Opnum250", &req, &rep));
	rpc_reply_free(&rep);
	ndr_out_free(&req);
	LSA_STEP(s, L_CLOSE, lsa_close(c, &policy));
}

#endif
