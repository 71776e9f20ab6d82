/*
 * The access check, case by case from MS-DTYP 2.5.3.2 (and, for object
 * types, AccessCheckByType's documentation).  The differential test
 * (access_differential.c) covers random inputs against python3-samba.
 */
#include "cu.h"

#define DOM "S-1-5-21-1-2-3"
#define USER DOM "-1101"
#define ENROLL "0e10c968-78fb-11d2-90d4-00c04f79dc55"
#define AUTOENROLL "a05b8cc2-17bc-4802-a710-e7c15ab866a2"
#define TEMPLATE_CLASS "e5209ca2-3bba-11d2-90cc-00c04fd91ab1"
#define RC CADCOM_ACCESS_READ_CONTROL
#define WD CADCOM_ACCESS_WRITE_DAC
#define MAX CADCOM_ACCESS_MAXIMUM_ALLOWED

static cadcom_sid *domain;

static cadcom_token *token_of(const char *text)
{
	cadcom_token *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_token_from_string(&t, text, domain), 0);
	return t;
}

/* Check with a trace, and make sure the fast path agrees. */
static cadcom_access_result *check_req(const char *sddl, const char *token, uint32_t desired,
				       const cadcom_access_request *req)
{
	cadcom_sd *sd = cu_sd(sddl, domain);
	cadcom_token *t = token_of(token);
	cadcom_access_result *res = NULL;
	uint32_t granted = 0xdeadbeef;
	int fast;

	CU_ASSERT_EQUAL_FATAL(cadcom_access_check(sd, t, desired, req, &res), 0);
	fast = cadcom_access_check_mask(sd, t, desired, req, &granted);
	CU_ASSERT_EQUAL(fast, cadcom_access_result_allowed(res));
	CU_ASSERT_EQUAL(granted, cadcom_access_result_granted(res));
	cadcom_token_free(t);
	cadcom_sd_free(sd);
	return res;
}

static cadcom_access_result *check(const char *sddl, const char *token, uint32_t desired)
{
	return check_req(sddl, token, desired, NULL);
}

static void assert_decision(const cadcom_access_result *res, uint32_t bit, int reason, long ace)
{
	long got = -2;

	CU_ASSERT_EQUAL(cadcom_access_result_decision(res, bit, &got), reason);
	CU_ASSERT_EQUAL(got, ace);
}

static void assert_step(const cadcom_access_result *res, size_t i, size_t ace, int what,
			uint32_t bits)
{
	size_t a = 99;
	int w = 0;
	uint32_t b = 0xdead;

	CU_ASSERT_EQUAL_FATAL(cadcom_access_result_step(res, i, &a, &w, &b), 0);
	CU_ASSERT_EQUAL(a, ace);
	CU_ASSERT_EQUAL(w, what);
	CU_ASSERT_EQUAL(b, bits);
}

static void test_allow(void)
{
	cadcom_access_result *r = check("D:(A;;0x3;;;BA)(A;;0x5;;;WD)", USER ",WD", 0x5);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x5);
	CU_ASSERT_EQUAL(cadcom_access_result_missing(r), 0);
	assert_decision(r, 0x1, CADCOM_REASON_ALLOW_ACE, 1);
	assert_decision(r, 0x4, CADCOM_REASON_ALLOW_ACE, 1);
	assert_decision(r, 0x2, CADCOM_REASON_NOT_REQUESTED, -1);
	CU_ASSERT_EQUAL(cadcom_access_result_step_count(r), 2);
	assert_step(r, 0, 0, CADCOM_STEP_NOT_IN_TOKEN, 0);
	assert_step(r, 1, 1, CADCOM_STEP_ALLOWED, 0x5);
	cadcom_access_result_free(r);

	/* Two ACEs together grant what neither grants alone. */
	r = check("D:(A;;0x1;;;WD)(A;;0x4;;;" USER ")", USER ",WD", 0x5);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_decision(r, 0x4, CADCOM_REASON_ALLOW_ACE, 1);
	cadcom_access_result_free(r);

	/* Part granted is denied, with nothing granted (AccessCheck's GrantedAccess). */
	r = check("D:(A;;0x1;;;WD)", USER ",WD", 0x3);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_missing(r), 0x2);
	assert_decision(r, 0x2, CADCOM_REASON_NO_ACE, -1);
	cadcom_access_result_free(r);
}

static void test_deny_order(void)
{
	/* Deny before allow: denied, and the allow has no effect. */
	cadcom_access_result *r = check("D:(D;;0x1;;;WD)(A;;0x3;;;WD)", USER ",WD", 0x3);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_missing(r), 0x1);
	assert_decision(r, 0x1, CADCOM_REASON_DENY_ACE, 0);
	assert_decision(r, 0x2, CADCOM_REASON_ALLOW_ACE, 1);
	assert_step(r, 0, 0, CADCOM_STEP_DENIED, 0x1);
	assert_step(r, 1, 1, CADCOM_STEP_ALLOWED, 0x2);
	cadcom_access_result_free(r);

	/* Deny after allow: the right was already granted, the deny has no effect. */
	r = check("D:(A;;0x3;;;WD)(D;;0x1;;;" USER ")", USER ",WD", 0x3);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_step(r, 1, 1, CADCOM_STEP_NO_EFFECT, 0);
	cadcom_access_result_free(r);

	/* A deny only bites on rights still pending. */
	r = check("D:(D;;0x2;;;WD)(A;;0x1;;;WD)", USER ",WD", 0x1);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_step(r, 0, 0, CADCOM_STEP_NO_EFFECT, 0);
	cadcom_access_result_free(r);
}

static void test_inherit_only(void)
{
	cadcom_access_result *r = check("D:(A;OICIIO;0x1;;;WD)", USER ",WD", 0x1);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	assert_step(r, 0, 0, CADCOM_STEP_INHERIT_ONLY, 0);
	cadcom_access_result_free(r);
	/* An inherit-only deny does not deny; an inherited (ID) allow applies. */
	r = check("D:(D;IO;0x1;;;WD)(A;ID;0x1;;;WD)", USER ",WD", 0x1);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_decision(r, 0x1, CADCOM_REASON_ALLOW_ACE, 1);
	cadcom_access_result_free(r);
}

static void test_owner(void)
{
	/* The owner may always read and change the DACL... */
	cadcom_access_result *r = check("O:" USER "D:", USER, RC | WD);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_decision(r, RC, CADCOM_REASON_OWNER, -1);
	cadcom_access_result_free(r);
	/* ...even against a deny ACE, but nothing else. */
	r = check("O:" USER "D:(D;;RCWD;;;WD)", USER ",WD", RC | WD | 0x1);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_missing(r), 0x1);
	assert_decision(r, WD, CADCOM_REASON_OWNER, -1);
	cadcom_access_result_free(r);
	/* Owner through a group of the token. */
	r = check("O:BAD:", USER ",BA", RC);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	cadcom_access_result_free(r);
	/* Not the owner: nothing. */
	r = check("O:BAD:", USER, RC);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	cadcom_access_result_free(r);
	/* A deny-only owner SID does not make the token the owner. */
	r = check("O:BAD:", USER ";BA", RC);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	cadcom_access_result_free(r);
}

static void test_owner_rights(void)
{
	/* An OWNER RIGHTS ACE replaces the implied rights... */
	cadcom_access_result *r = check("O:" USER "D:(A;;0x1;;;OW)", USER, RC);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	cadcom_access_result_free(r);
	/* ...and grants what it names, to the owner only. */
	r = check("O:" USER "D:(A;;0x1;;;OW)", USER, 0x1);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_decision(r, 0x1, CADCOM_REASON_ALLOW_ACE, 0);
	cadcom_access_result_free(r);
	r = check("O:BAD:(A;;0x1;;;OW)", USER, 0x1);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	assert_step(r, 0, 0, CADCOM_STEP_NOT_IN_TOKEN, 0);
	cadcom_access_result_free(r);
	/* An OWNER RIGHTS deny of READ_CONTROL. */
	r = check("O:" USER "D:(D;;RC;;;OW)(A;;RC;;;WD)", USER ",WD", RC);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	cadcom_access_result_free(r);
	/* An inherit-only OWNER RIGHTS ACE does not apply to this object, so
	 * the implied rights stay. */
	r = check("O:" USER "D:(A;OICIIO;0x1;;;OW)", USER, RC | WD);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	cadcom_access_result_free(r);
}

static void test_maximum_allowed(void)
{
	cadcom_access_result *r = check("D:(D;;0x2;;;WD)(A;;0x3;;;WD)(A;;0x10;;;BA)", USER ",WD", MAX);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x1);
	assert_decision(r, 0x2, CADCOM_REASON_DENY_ACE, 0);
	assert_decision(r, 0x1, CADCOM_REASON_ALLOW_ACE, 1);
	cadcom_access_result_free(r);
	r = check("D:(D;;0x2;;;WD)(A;;0x3;;;WD)(A;;0x10;;;BA)", USER ",WD,BA", MAX);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x11);
	cadcom_access_result_free(r);
	/* In DACL order: an allow before the deny wins (MS-DTYP; Samba differs). */
	r = check("D:(A;;0x3;;;WD)(D;;0x2;;;WD)", USER ",WD", MAX);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x3);
	cadcom_access_result_free(r);
	/* The owner's implied rights are part of the maximum. */
	r = check("O:" USER "D:(A;;0x1;;;WD)", USER ",WD", MAX);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x1 | RC | WD);
	cadcom_access_result_free(r);
	/* With other rights asked for, they must be among the maximum. */
	r = check("D:(A;;0x3;;;WD)", USER ",WD", MAX | 0x4);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_missing(r), 0x4);
	cadcom_access_result_free(r);
	r = check("D:(A;;0x3;;;WD)", USER ",WD", MAX | 0x2);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x3);
	cadcom_access_result_free(r);
	/* Nothing at all: AccessCheck fails. */
	r = check("D:(A;;0x3;;;BA)", USER ",WD", MAX);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0);
	cadcom_access_result_free(r);
	/* ACCESS_SYSTEM_SECURITY never comes from a DACL. */
	r = check("D:(A;;0x01000001;;;WD)", USER ",WD", MAX);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x1);
	cadcom_access_result_free(r);
}

static void test_generic_mapping(void)
{
	/* The file object's mapping (FILE_GENERIC_READ etc., MS-DTYP/WinNT.h). */
	cadcom_access_request *req = NULL;
	cadcom_access_result *r;
	cadcom_sd *sd = cu_sd("D:(A;;0x120089;;;WD)", domain);
	cadcom_token *t = token_of(USER ",WD");

	CU_ASSERT_EQUAL_FATAL(cadcom_access_request_new(&req), 0);
	CU_ASSERT_EQUAL(cadcom_access_request_set_generic_mapping(req, 0x120089, 0x120116, 0x1200a0,
								    0x1f01ff), 0);
	r = check_req("D:(A;;0x120089;;;WD)", USER ",WD", CADCOM_ACCESS_GENERIC_READ, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x120089);
	CU_ASSERT_EQUAL(cadcom_access_result_requested(r), 0x120089);
	cadcom_access_result_free(r);
	r = check_req("D:(A;;0x120089;;;WD)", USER ",WD", CADCOM_ACCESS_GENERIC_WRITE, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_missing(r), 0x116);
	cadcom_access_result_free(r);
	/* Generic bits in an ACE are not mapped at check time. */
	r = check_req("D:(A;;GR;;;WD)", USER ",WD", CADCOM_ACCESS_GENERIC_READ, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	cadcom_access_result_free(r);
	/* Without a mapping, generic rights cannot be asked for. */
	CU_ASSERT_EQUAL(cadcom_access_check(sd, t, CADCOM_ACCESS_GENERIC_READ, NULL, &r), CADCOM_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "generic"));
	CU_ASSERT_EQUAL(cadcom_access_check_mask(sd, t, CADCOM_ACCESS_GENERIC_ALL, NULL, NULL),
			CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_request_set_generic_mapping(req, CADCOM_ACCESS_GENERIC_READ, 0, 0, 0),
			CADCOM_EINVAL);
	cadcom_token_free(t);
	cadcom_sd_free(sd);
	cadcom_access_request_free(req);
}

static void test_null_and_empty_dacl(void)
{
	cadcom_access_request *req = NULL;
	cadcom_access_result *r = check("O:BAD:NO_ACCESS_CONTROL", USER, 0x1f01ff);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_decision(r, 0x1, CADCOM_REASON_NO_DACL, -1);
	cadcom_access_result_free(r);
	/* No DACL at all means the same (MS-DTYP: "no DACL, full access"). */
	r = check("O:BA", USER, 0x7);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	cadcom_access_result_free(r);
	r = check("O:BA", USER, MAX);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x1fffff);
	cadcom_access_result_free(r);
	cadcom_access_request_new(&req);
	cadcom_access_request_set_generic_mapping(req, 0x120089, 0x120116, 0x1200a0, 0x1f01ff);
	r = check_req("O:BA", USER, MAX, req);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x1f01ff);
	cadcom_access_result_free(r);
	cadcom_access_request_free(req);
	/* An empty DACL grants nothing (but the owner's rights). */
	r = check("O:BAD:", USER ",WD", 0x1);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_step_count(r), 0);
	cadcom_access_result_free(r);
	r = check("O:BAD:", USER ",BA", MAX);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), RC | WD);
	cadcom_access_result_free(r);
	/* Nothing asked, nothing refused (MS-DTYP: no remaining rights). */
	r = check("O:BAD:", USER, 0);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	cadcom_access_result_free(r);
}

/* A certificate template's object-type list: the template, then the
 * extended rights under it. */
static cadcom_access_request *template_request(const char *right1, const char *right2)
{
	cadcom_access_request *req = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_access_request_new(&req), 0);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 0, TEMPLATE_CLASS), 0);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 1, right1), 0);
	if (right2)
		CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 1, right2), 0);
	return req;
}

static void test_object_aces(void)
{
	const char *sddl = "D:(OA;;CR;" ENROLL ";;DU)(A;;RPLCLORC;;;AU)";
	cadcom_access_request *req = template_request(ENROLL, NULL);
	cadcom_access_result *r = check_req(sddl, USER ",DU,AU", 0x100, req);

	/* Matching object type: Enroll granted, and so the template as a whole. */
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 0), 0x100);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 1), 0x100);
	assert_decision(r, 0x100, CADCOM_REASON_ALLOW_ACE, 0);
	cadcom_access_result_free(r);
	cadcom_access_request_free(req);

	/* Not matching: the ACE is skipped. */
	req = template_request(AUTOENROLL, NULL);
	r = check_req(sddl, USER ",DU,AU", 0x100, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	assert_step(r, 0, 0, CADCOM_STEP_OBJECT_TYPE, 0);
	cadcom_access_result_free(r);
	cadcom_access_request_free(req);

	/* Without an object-type list, an ACE naming a type is skipped too. */
	r = check(sddl, USER ",DU,AU", 0x100);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	assert_step(r, 0, 0, CADCOM_STEP_OBJECT_TYPE, 0);
	cadcom_access_result_free(r);

	/* Two rights asked for, one granted: the template is not, per element it is. */
	req = template_request(ENROLL, AUTOENROLL);
	r = check_req(sddl, USER ",DU,AU", 0x100, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 0), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 1), 0x100);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 2), 0);
	cadcom_access_result_free(r);
	/* Both granted: the template is. */
	r = check_req("D:(OA;;CR;" ENROLL ";;DU)(OA;;CR;" AUTOENROLL ";;DU)", USER ",DU", 0x100, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_decision(r, 0x100, CADCOM_REASON_ALLOW_ACE, 1);
	cadcom_access_result_free(r);
	/* A plain allow covers every element. */
	r = check_req("D:(A;;CR;;;DU)", USER ",DU", 0x100, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 2), 0x100);
	cadcom_access_result_free(r);
	/* An object deny on one element denies the request. */
	r = check_req("D:(OD;;CR;" AUTOENROLL ";;WD)(A;;CR;;;DU)", USER ",DU,WD", 0x100, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 1), 0x100);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 2), 0);
	assert_decision(r, 0x100, CADCOM_REASON_DENY_ACE, 0);
	cadcom_access_result_free(r);
	cadcom_access_request_free(req);
	/* ...but not when its type is not asked for. */
	req = template_request(ENROLL, NULL);
	r = check_req("D:(OD;;CR;" AUTOENROLL ";;WD)(A;;CR;;;DU)", USER ",DU,WD", 0x100, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	cadcom_access_result_free(r);
	/* An object ACE without an object type applies like a plain one. */
	r = check_req("D:(OA;;CR;;" TEMPLATE_CLASS ";DU)", USER ",DU", 0x100, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	cadcom_access_result_free(r);
	/* MAXIMUM_ALLOWED with a list. */
	r = check_req(sddl, USER ",DU,AU", MAX, req);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 1), 0x100 | 0x20094);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x100 | 0x20094);
	cadcom_access_result_free(r);
	cadcom_access_request_free(req);
}

/* Found by fuzz_access: MAXIMUM_ALLOWED granted the object a right that an
 * object deny had taken from one of its elements — a right that asking for
 * it alone is refused. */
static void test_object_deny_maximum_allowed(void)
{
	const char *sddl = "D:(OD;;CR;" AUTOENROLL ";;WD)(A;;CRRC;;;DU)";
	cadcom_access_request *req = template_request(ENROLL, AUTOENROLL);
	cadcom_access_result *r = check_req(sddl, USER ",DU,WD", 0x100, req);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	cadcom_access_result_free(r);
	r = check_req(sddl, USER ",DU,WD", MAX, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), RC);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 0), RC);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 1), 0x100 | RC);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 2), RC);
	assert_decision(r, 0x100, CADCOM_REASON_DENY_ACE, 0);
	cadcom_access_result_free(r);
	/* ...and the same rights asked for with it. */
	r = check_req(sddl, USER ",DU,WD", MAX | 0x100, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	cadcom_access_result_free(r);
	/* An allow for the object before the deny still wins. */
	r = check_req("D:(A;;CR;;;DU)(OD;;CR;" AUTOENROLL ";;WD)", USER ",DU,WD", MAX, req);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(r), 0x100);
	cadcom_access_result_free(r);
	cadcom_access_request_free(req);
}

static void test_deny_only_privileges_self(void)
{
	cadcom_access_request *req = NULL;
	cadcom_sid *self = NULL;
	cadcom_sd *sd;
	cadcom_token *t;
	cadcom_access_result *r = check("D:(A;;0x1;;;DU)", USER ";DU", 0x1);

	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	assert_step(r, 0, 0, CADCOM_STEP_DENY_ONLY, 0);
	cadcom_access_result_free(r);
	r = check("D:(D;;0x1;;;DU)(A;;0x1;;;WD)", USER ",WD;DU", 0x1);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	cadcom_access_result_free(r);

	/* SeSecurityPrivilege is the only way to ACCESS_SYSTEM_SECURITY. */
	sd = cu_sd("D:(A;;0x01000000;;;WD)", domain);
	t = token_of(USER ",WD");
	CU_ASSERT_EQUAL(cadcom_access_check(sd, t, CADCOM_ACCESS_SYSTEM_SECURITY, NULL, &r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	assert_decision(r, CADCOM_ACCESS_SYSTEM_SECURITY, CADCOM_REASON_NO_PRIVILEGE, -1);
	cadcom_access_result_free(r);
	cadcom_token_set_privileges(t, CADCOM_PRIV_SECURITY);
	CU_ASSERT_EQUAL(cadcom_access_check_mask(sd, t, CADCOM_ACCESS_SYSTEM_SECURITY, NULL, NULL), 1);
	cadcom_sd_free(sd);
	/* SeTakeOwnershipPrivilege beats a deny. */
	sd = cu_sd("D:(D;;WO;;;WD)", domain);
	CU_ASSERT_EQUAL(cadcom_access_check_mask(sd, t, CADCOM_ACCESS_WRITE_OWNER, NULL, NULL), 0);
	cadcom_token_set_privileges(t, CADCOM_PRIV_TAKE_OWNERSHIP);
	CU_ASSERT_EQUAL(cadcom_access_check(sd, t, CADCOM_ACCESS_WRITE_OWNER, NULL, &r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	assert_decision(r, CADCOM_ACCESS_WRITE_OWNER, CADCOM_REASON_PRIVILEGE, -1);
	assert_step(r, 0, 0, CADCOM_STEP_NO_EFFECT, 0);
	cadcom_access_result_free(r);
	cadcom_sd_free(sd);

	/* PRINCIPAL_SELF stands for the object's own SID when one is given. */
	sd = cu_sd("D:(A;;0x1;;;PS)", domain);
	CU_ASSERT_EQUAL(cadcom_access_check_mask(sd, t, 0x1, NULL, NULL), 0);
	cadcom_access_request_new(&req);
	cadcom_sid_from_string(&self, USER, NULL);
	CU_ASSERT_EQUAL(cadcom_access_request_set_self(req, self), 0);
	CU_ASSERT_EQUAL(cadcom_access_check_mask(sd, t, 0x1, req, NULL), 1);
	cadcom_sid_free(self);
	cadcom_access_request_free(req);
	cadcom_sd_free(sd);
	cadcom_token_free(t);
}

static void test_explain(void)
{
	cadcom_sd *sd = cu_sd("O:BAD:(D;;0x2;;;AN)(A;IO;0x1;;;WD)(A;;0x3;;;WD)", domain);
	cadcom_access_result *r = check("O:BAD:(D;;0x2;;;AN)(A;IO;0x1;;;WD)(A;;0x3;;;WD)",
					USER ",WD,AN", 0x3);
	char *text = NULL;

	CU_ASSERT_EQUAL(cadcom_access_result_explain(r, sd, NULL, 0, &text), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "requested 0x00000003: denied, missing 0x00000002"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "right 0x00000002 denied by ACE 0 (D;;DC;;;AN)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "right 0x00000001 granted by ACE 2 (A;;CCDC;;;WD)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "ACE 1 (A;IO;CC;;;WD): skipped: inherit-only"));
	if (!strstr(text, "denied by ACE 0"))
		fprintf(stderr, "\n%s", text);
	cadcom_free(text);
	cadcom_access_result_free(r);
	cadcom_sd_free(sd);
}

static void test_bad_input(void)
{
	cadcom_sd *sd = cu_sd("D:(A;;0x1;;;WD)", domain);
	cadcom_token *t = token_of(USER);
	cadcom_access_request *req = NULL;
	cadcom_access_result *r = NULL;

	CU_ASSERT_EQUAL(cadcom_access_check(NULL, t, 1, NULL, &r), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_check(sd, NULL, 1, NULL, &r), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_check(sd, t, 1, NULL, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_check_mask(NULL, t, 1, NULL, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_request_new(NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL_FATAL(cadcom_access_request_new(&req), 0);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 1, ENROLL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 0, "not-a-guid"), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 0, ENROLL "0"), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 0, TEMPLATE_CLASS), 0);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 0, ENROLL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 2, ENROLL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 1, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_request_set_self(req, NULL), CADCOM_EINVAL);
	CU_ASSERT(strlen(cadcom_error_message(cadcom_error_last())) > 0);
	CU_ASSERT_EQUAL(cadcom_access_check(sd, t, 1, req, &r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_decision(r, 0x3, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_result_decision(r, 0, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_access_result_step(r, 5, NULL, NULL, NULL), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 9), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_granted(NULL), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_explain(NULL, sd, NULL, 0, NULL), CADCOM_EINVAL);
	cadcom_access_result_free(r);
	cadcom_access_result_free(NULL);
	cadcom_access_request_free(req);
	cadcom_token_free(t);
	cadcom_sd_free(sd);
}

/* A list longer than the evaluator's stack space. */
static void test_long_object_list(void)
{
	cadcom_access_request *req = NULL;
	cadcom_access_result *r;
	char guid[40];

	cadcom_access_request_new(&req);
	cadcom_access_request_add_object_type(req, 0, TEMPLATE_CLASS);
	for (int i = 0; i < 40; i++) {
		snprintf(guid, sizeof(guid), "00000000-0000-0000-0000-%012d", i);
		CU_ASSERT_EQUAL(cadcom_access_request_add_object_type(req, 1 + (i % 2), guid), 0);
	}
	r = check_req("D:(OA;;RP;00000000-0000-0000-0000-000000000003;;WD)(A;;RP;;;WD)", USER ",WD",
		      0x10, req);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 1);
	CU_ASSERT_EQUAL(cadcom_access_result_object_granted(r, 40), 0x10);
	cadcom_access_result_free(r);
	cadcom_access_request_free(req);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "allow ACEs grant", test_allow },
		{ "deny before and after allow", test_deny_order },
		{ "inherit-only ACEs are skipped", test_inherit_only },
		{ "owner implied READ_CONTROL|WRITE_DAC", test_owner },
		{ "OWNER RIGHTS overrides the implied rights", test_owner_rights },
		{ "MAXIMUM_ALLOWED", test_maximum_allowed },
		{ "generic mapping", test_generic_mapping },
		{ "NULL, absent and empty DACL", test_null_and_empty_dacl },
		{ "object ACEs and object-type lists", test_object_aces },
		{ "an object deny and MAXIMUM_ALLOWED", test_object_deny_maximum_allowed },
		{ "deny-only groups, privileges, PRINCIPAL_SELF", test_deny_only_privileges_self },
		{ "explanation text", test_explain },
		{ "bad input", test_bad_input },
		{ "long object-type list", test_long_object_list },
		CU_TEST_INFO_NULL,
	};
	int rc;

	cadcom_sid_from_string(&domain, DOM, NULL);
	rc = cu_run("access", tests);
	cadcom_sid_free(domain);
	return rc;
}
