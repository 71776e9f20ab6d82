/*
 * DCOM permissions (Microsoft win32 docs, com/access-control-lists-for-com.md
 * and the XP SP2 / Server 2003 SP1 enhancements doc; facts.md §1, §2, §9):
 * checkboxes, the legacy form, validity, grant / revoke / query, the DCOM
 * access check, and merging a requirement without touching other ACEs.
 */
#include "cu.h"
#include "windows_dlp.h"

#define L CADCOM_COM_LAUNCH
#define A CADCOM_COM_ACCESS
#define LL CADCOM_COM_LOCAL_LAUNCH
#define RL CADCOM_COM_REMOTE_LAUNCH
#define LA CADCOM_COM_LOCAL_ACTIVATION
#define RA CADCOM_COM_REMOTE_ACTIVATION
#define LC CADCOM_COM_LOCAL_ACCESS
#define RC CADCOM_COM_REMOTE_ACCESS

/* Windows Server 2003 SP1 machine restrictions (facts.md §2, DERIVED SDDL). */
#define LAUNCH_2003 "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)"
#define ACCESS_2003 "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)"

/* Every non-empty combination of each kind's checkboxes, both ways. */
static void test_checkboxes(void)
{
	static const struct {
		int kind;
		unsigned boxes[4];
		uint32_t bits[4];
		int n;
	} kinds[] = {
		{ L, { LL, RL, LA, RA }, { 0x2, 0x4, 0x8, 0x10 }, 4 },
		{ A, { LC, RC }, { 0x2, 0x4 }, 2 },
	};
	int combos = 0;

	for (size_t k = 0; k < 2; k++) {
		for (unsigned set = 1; set < (1u << kinds[k].n); set++) {
			unsigned perms = 0, back = 0;
			uint32_t want = CADCOM_COM_RIGHTS_EXECUTE, mask = 0;
			for (int b = 0; b < kinds[k].n; b++)
				if (set >> b & 1) {
					perms |= kinds[k].boxes[b];
					want |= kinds[k].bits[b];
				}
			CU_ASSERT_EQUAL(cadcom_com_mask(kinds[k].kind, perms, &mask), 0);
			CU_ASSERT_EQUAL(mask, want);
			CU_ASSERT_EQUAL(cadcom_com_permissions(kinds[k].kind, mask, &back), 0);
			CU_ASSERT_EQUAL(back, perms);
			combos++;
		}
	}
	CU_ASSERT_EQUAL(combos, 15 + 3);
	CU_ASSERT_EQUAL(cadcom_com_all_permissions(L), LL | RL | LA | RA);
	CU_ASSERT_EQUAL(cadcom_com_all_permissions(A), LC | RC);
	CU_ASSERT_EQUAL(cadcom_com_all_permissions(9), 0);
}

static void test_checkbox_errors_and_legacy(void)
{
	uint32_t mask;
	unsigned perms;

	CU_ASSERT_EQUAL(cadcom_com_mask(A, LL, &mask), CADCOM_EINVAL); /* a launch box */
	CU_ASSERT_EQUAL(cadcom_com_mask(L, LC, &mask), CADCOM_EINVAL); /* an access box */
	CU_ASSERT_EQUAL(cadcom_com_mask(L, 0, &mask), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_com_mask(0, LL, &mask), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_com_mask(L, LL, NULL), CADCOM_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "NULL"));
	/* A legacy mask (EXECUTE only) is every box. */
	CU_ASSERT_EQUAL(cadcom_com_permissions(L, 0x1, &perms), 0);
	CU_ASSERT_EQUAL(perms, LL | RL | LA | RA);
	CU_ASSERT_EQUAL(cadcom_com_permissions(A, 0x1, &perms), 0);
	CU_ASSERT_EQUAL(perms, LC | RC);
	/* Bits meaningless for the kind are ignored; EXECUTE is required. */
	CU_ASSERT_EQUAL(cadcom_com_permissions(A, 0x1b, &perms), 0);
	CU_ASSERT_EQUAL(perms, LC);
	CU_ASSERT_EQUAL(cadcom_com_permissions(L, 0x1e, &perms), CADCOM_EINVALIDSD);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "COM_RIGHTS_EXECUTE"));
	/* What enrolment needs (facts.md §9). */
	CU_ASSERT_EQUAL(cadcom_com_enroll_permission(L, 1), RA);
	CU_ASSERT_EQUAL(cadcom_com_enroll_permission(L, 0), LA);
	CU_ASSERT_EQUAL(cadcom_com_enroll_permission(A, 1), RC);
	CU_ASSERT_EQUAL(cadcom_com_enroll_permission(A, 0), LC);
	CU_ASSERT_EQUAL(cadcom_com_enroll_permission(3, 1), 0);
}

static void test_forms_and_validity(void)
{
	static const struct {
		const char *sddl;
		int form;
		int valid; /* 0, or the bad ACE's index + 1 */
		const char *words;
	} cases[] = {
		{ LAUNCH_2003, CADCOM_COM_FORM_NEW, 0, NULL },
		{ ACCESS_2003, CADCOM_COM_FORM_NEW, 0, NULL },
		{ "D:(A;;CC;;;WD)(D;;CC;;;AN)", CADCOM_COM_FORM_LEGACY, 0, NULL },
		{ "D:", CADCOM_COM_FORM_EMPTY, 0, NULL },
		{ "O:BA", CADCOM_COM_FORM_EMPTY, 0, NULL },
		{ "D:(A;;CC;;;WD)(A;;CCDC;;;AN)", CADCOM_COM_FORM_MIXED, 2, "mix" },
		{ "D:(A;;CCDC;;;WD)(A;;CC;;;AN)", CADCOM_COM_FORM_MIXED, 2, "legacy" },
		{ "D:(A;;CCDC;;;WD)(A;;DCLC;;;AN)", CADCOM_COM_FORM_NEW, 2, "COM_RIGHTS_EXECUTE" },
		{ "D:(OA;;CC;0e10c968-78fb-11d2-90d4-00c04f79dc55;;WD)", CADCOM_COM_FORM_LEGACY, 1,
		  "allow and deny" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cadcom_sd *sd = cu_sd(cases[i].sddl, NULL);
		size_t bad = 99;
		int rc = cadcom_com_sd_validate(sd, &bad);

		CU_ASSERT_EQUAL(cadcom_com_sd_form(sd), cases[i].form);
		if (cases[i].valid == 0) {
			CU_ASSERT_EQUAL(rc, 0);
		} else {
			CU_ASSERT_EQUAL(rc, CADCOM_EINVALIDSD);
			CU_ASSERT_EQUAL(bad, (size_t)cases[i].valid - 1);
			CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()),
						      cases[i].words));
		}
		cadcom_sd_free(sd);
	}
	CU_ASSERT_EQUAL(cadcom_com_sd_form(NULL), CADCOM_EINVAL);
}

static void test_query(void)
{
	cadcom_sd *sd = cu_sd(LAUNCH_2003 "(D;;CCDC;;;WD)", NULL);
	cadcom_sid *wd = cu_sid("WD"), *ba = cu_sid("BA"), *an = cu_sid("AN");
	unsigned allowed = 0, denied = 0;

	CU_ASSERT_EQUAL(cadcom_com_query(sd, L, wd, &allowed, &denied), 0);
	CU_ASSERT_EQUAL(allowed, LL | LA); /* the SP1 table: Everyone LL LA */
	CU_ASSERT_EQUAL(denied, LL);
	CU_ASSERT_EQUAL(cadcom_com_query(sd, L, ba, &allowed, NULL), 0);
	CU_ASSERT_EQUAL(allowed, LL | RL | LA | RA);
	CU_ASSERT_EQUAL(cadcom_com_query(sd, L, an, &allowed, &denied), 0);
	CU_ASSERT_EQUAL(allowed | denied, 0);
	CU_ASSERT_EQUAL(cadcom_com_query(sd, 0, an, &allowed, &denied), CADCOM_EINVAL);
	cadcom_sd_free(sd);
	/* Legacy ACEs show every box. */
	sd = cu_sd("D:(A;;CC;;;AN)", NULL);
	CU_ASSERT_EQUAL(cadcom_com_query(sd, A, an, &allowed, NULL), 0);
	CU_ASSERT_EQUAL(allowed, LC | RC);
	cadcom_sd_free(sd);
	cadcom_sid_free(wd);
	cadcom_sid_free(ba);
	cadcom_sid_free(an);
}

static void test_grant_revoke(void)
{
	cadcom_sd *sd = cu_sd("D:(D;;CCDC;;;AN)(A;;CCDC;;;WD)(A;ID;CCDCLC;;;SY)", NULL);
	cadcom_sid *cd = cu_sid("S-1-5-32-574"), *wd = cu_sid("WD"), *sy, *an;

	/* A new trustee: inserted after the explicit ACEs, before the inherited. */
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, cd, LC | RC), 1);
	cu_assert_sddl(sd, "D:(D;;CCDC;;;AN)(A;;CCDC;;;WD)(A;;CCDCLC;;;CD)(A;ID;CCDCLC;;;SY)");
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, cd, RC), 0); /* already there */
	/* An existing trustee: its own ACE widens in place. */
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, wd, RC), 1);
	cu_assert_sddl(sd, "D:(D;;CCDC;;;AN)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;CD)(A;ID;CCDCLC;;;SY)");
	/* Revoke one box, then the other: the ACE goes rather than become legacy. */
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, cd, LC), 1);
	cu_assert_sddl(sd, "D:(D;;CCDC;;;AN)(A;;CCDCLC;;;WD)(A;;CCLC;;;CD)(A;ID;CCDCLC;;;SY)");
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, cd, RC), 1);
	cu_assert_sddl(sd, "D:(D;;CCDC;;;AN)(A;;CCDCLC;;;WD)(A;ID;CCDCLC;;;SY)");
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, cd, RC), 0);
	/* Deny and inherited ACEs are never edited. */
	sy = cu_sid("SY");
	an = cu_sid("AN");
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, sy, LC | RC), 0);
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, an, LC | RC), 0);
	cu_assert_sddl(sd, "D:(D;;CCDC;;;AN)(A;;CCDCLC;;;WD)(A;ID;CCDCLC;;;SY)");
	cadcom_sid_free(sy);
	cadcom_sid_free(an);
	cadcom_sd_free(sd);

	/* Launch: the KB's activation-only grant to CERTSVC_DCOM_ACCESS. */
	sd = cu_sd(LAUNCH_2003, NULL);
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, L, cd, LA | RA), 1);
	cu_assert_sddl(sd, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)"
			"(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCSWRP;;;CD)");
	cadcom_sd_free(sd);

	/* A legacy ACL: everything or nothing. */
	sd = cu_sd("D:(A;;CC;;;WD)", NULL);
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, cd, RC), CADCOM_EUNREPRESENTABLE);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "legacy"));
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, cd, LC | RC), 1);
	cu_assert_sddl(sd, "D:(A;;CC;;;WD)(A;;CC;;;CD)");
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, wd, LC), CADCOM_EUNREPRESENTABLE);
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, wd, LC | RC), 1);
	cu_assert_sddl(sd, "D:(A;;CC;;;CD)");
	/* Upgraded to the new form, a partial grant works. */
	CU_ASSERT_EQUAL(cadcom_com_sd_upgrade(sd, A), 1);
	cu_assert_sddl(sd, "D:(A;;CCDCLC;;;CD)");
	CU_ASSERT_EQUAL(cadcom_com_sd_upgrade(sd, A), 0);
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, wd, LC), 1);
	cu_assert_sddl(sd, "D:(A;;CCDCLC;;;CD)(A;;CCDC;;;WD)");
	cadcom_sd_free(sd);

	/* No DACL: everyone has everything already; revoking cannot be expressed. */
	sd = cu_sd("O:BAD:NO_ACCESS_CONTROL", NULL);
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, cd, RC), 0);
	cu_assert_sddl(sd, "O:BAD:NO_ACCESS_CONTROL");
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, cd, RC), CADCOM_EUNREPRESENTABLE);
	cadcom_sd_free(sd);

	/* Invalid descriptors and arguments. */
	sd = cu_sd("D:(A;;CC;;;WD)(A;;CCDC;;;AN)", NULL);
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, cd, RC), CADCOM_EINVALIDSD);
	CU_ASSERT_EQUAL(cadcom_com_revoke(sd, A, cd, RC), CADCOM_EINVALIDSD);
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, NULL, RC), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_com_grant(sd, A, cd, RA), CADCOM_EINVAL);
	cadcom_sd_free(sd);
	cadcom_sid_free(cd);
	cadcom_sid_free(wd);
}

static cadcom_access_result *com_check(const char *sddl, int kind, const char *token, unsigned perms)
{
	cadcom_sd *sd = cu_sd(sddl, NULL);
	cadcom_token *t = NULL;
	cadcom_access_result *r = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_token_from_string(&t, token, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_com_check(sd, kind, t, perms, &r), 0);
	cadcom_token_free(t);
	cadcom_sd_free(sd);
	return r;
}

static int com_allowed(const char *sddl, int kind, const char *token, unsigned perms)
{
	cadcom_access_result *r = com_check(sddl, kind, token, perms);
	int allowed = cadcom_access_result_allowed(r);

	cadcom_access_result_free(r);
	return allowed;
}

#define ENROLLEE "S-1-5-21-1-2-3-1101,S-1-1-0,S-1-5-11,S-1-5-2"

static void test_com_check(void)
{
	cadcom_access_result *r;
	cadcom_sd *sd;
	cadcom_token *t = NULL;

	/* SP1 launch restriction: Everyone may activate locally, not remotely. */
	CU_ASSERT_EQUAL(com_allowed(LAUNCH_2003, L, ENROLLEE, LA), 1);
	CU_ASSERT_EQUAL(com_allowed(LAUNCH_2003, L, ENROLLEE, RA), 0);
	CU_ASSERT_EQUAL(com_allowed(LAUNCH_2003, L, ENROLLEE ",S-1-5-32-562", RA), 1);
	CU_ASSERT_EQUAL(com_allowed(ACCESS_2003, A, ENROLLEE, RC), 1);
	/* A new-form deny of remote launch leaves local launch alone... */
	CU_ASSERT_EQUAL(com_allowed("D:(D;;CCLC;;;WD)(A;;CCDCLCSWRP;;;WD)", L, ENROLLEE, LL), 1);
	CU_ASSERT_EQUAL(com_allowed("D:(D;;CCLC;;;WD)(A;;CCDCLCSWRP;;;WD)", L, ENROLLEE, RL), 0);
	/* ...and the trace names it. */
	r = com_check("D:(D;;CCLC;;;WD)(A;;CCDCLCSWRP;;;WD)", L, ENROLLEE, RL | RA);
	CU_ASSERT_EQUAL(cadcom_access_result_allowed(r), 0);
	CU_ASSERT_EQUAL(cadcom_access_result_missing(r), CADCOM_COM_RIGHTS_EXECUTE_REMOTE);
	CU_ASSERT_EQUAL(cadcom_access_result_decision(r, CADCOM_COM_RIGHTS_EXECUTE_REMOTE, NULL),
			CADCOM_REASON_DENY_ACE);
	cadcom_access_result_free(r);
	/* A legacy ACE grants everything, a legacy deny denies everything. */
	CU_ASSERT_EQUAL(com_allowed("D:(A;;CC;;;WD)", L, ENROLLEE, RA), 1);
	CU_ASSERT_EQUAL(com_allowed("D:(D;;CC;;;AN)(A;;CC;;;WD)", A, "S-1-5-7,S-1-1-0", RC), 0);
	/* Empty DACL: nobody; NULL DACL: everybody. */
	CU_ASSERT_EQUAL(com_allowed("D:", A, ENROLLEE, LC), 0);
	CU_ASSERT_EQUAL(com_allowed("D:NO_ACCESS_CONTROL", A, ENROLLEE, LC), 1);
	/* A mixed ACL is refused, not guessed at. */
	sd = cu_sd("D:(A;;CC;;;WD)(A;;CCDC;;;AN)", NULL);
	cadcom_token_from_string(&t, ENROLLEE, NULL);
	CU_ASSERT_EQUAL(cadcom_com_check(sd, A, t, LC, &r), CADCOM_EINVALIDSD);
	CU_ASSERT_EQUAL(cadcom_com_check(sd, A, t, LL, &r), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_com_check(sd, A, NULL, LC, &r), CADCOM_EINVAL);
	cadcom_token_free(t);
	cadcom_sd_free(sd);
}


/* Every ACE of `before` is in `after`, unchanged and in the same order. */
static void assert_kept(const cadcom_sd *before, const cadcom_sd *after, size_t skip)
{
	size_t n = cadcom_sd_ace_count(before, CADCOM_DACL), j = 0;

	CU_ASSERT_EQUAL(cadcom_sd_ace_count(after, CADCOM_DACL), n + 1);
	for (size_t i = 0; i < n; i++, j++) {
		if (j == skip)
			j++;
		CU_ASSERT(cadcom_ace_equal(cadcom_sd_ace(before, CADCOM_DACL, i),
					   cadcom_sd_ace(after, CADCOM_DACL, j)));
	}
}

static void test_merge_keeps_bytes(void)
{
	cadcom_sd *sd = NULL, *orig = NULL, *req = cu_sd("D:(A;;CCSWRP;;;CD)", NULL);
	cadcom_com_report *rep = NULL;
	unsigned char *before = NULL, *after = NULL;
	size_t before_len, after_len;

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_bytes(&sd, windows_dlp, sizeof(windows_dlp)), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_dup(sd, &orig), 0);
	CU_ASSERT_EQUAL(cadcom_com_merge(sd, L, req, &rep), 0);
	CU_ASSERT_EQUAL(cadcom_com_report_changes(rep), 1);
	CU_ASSERT_EQUAL(cadcom_com_report_conflict_count(rep), 0);
	cu_assert_sddl(sd, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)"
			"(A;;CCSWRP;;;CD)");
	assert_kept(orig, sd, 3);
	/* Without the added ACE, the bytes are Windows' bytes exactly. */
	CU_ASSERT_EQUAL(cadcom_sd_remove_ace(sd, CADCOM_DACL, 3), 0);
	CU_ASSERT_EQUAL(cadcom_sd_to_bytes(sd, &after, &after_len), 0);
	CU_ASSERT_EQUAL(after_len, sizeof(windows_dlp));
	CU_ASSERT(after && memcmp(after, windows_dlp, sizeof(windows_dlp)) == 0);
	cadcom_free(after);
	cadcom_com_report_free(rep);
	rep = NULL;

	/* Merging again changes nothing. */
	CU_ASSERT_EQUAL(cadcom_com_merge(sd, L, req, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_sd_to_bytes(sd, &before, &before_len), 0);
	CU_ASSERT_EQUAL(cadcom_com_merge(sd, L, req, &rep), 0);
	CU_ASSERT_EQUAL(cadcom_com_report_changes(rep), 0);
	CU_ASSERT_EQUAL(cadcom_sd_to_bytes(sd, &after, &after_len), 0);
	CU_ASSERT(before_len == after_len && memcmp(before, after, after_len) == 0);
	cadcom_free(before);
	cadcom_free(after);
	cadcom_com_report_free(rep);
	cadcom_sd_free(req);
	cadcom_sd_free(orig);
	cadcom_sd_free(sd);
}

static void test_merge_conflicts(void)
{
	cadcom_sd *sd = cu_sd("O:BAG:BAD:(D;;CCDC;;;AN)(D;;CCLC;;;CD)(D;;CCDC;;;WD)(A;;CCDCLC;;;WD)"
			       "(A;;CCDC;;;BA)(A;ID;CCDCLC;;;SY)", NULL);
	cadcom_sd *orig = NULL, *req = cu_sd("D:(A;;CCDCLC;;;CD)(A;;CCDC;;;BA)", NULL);
	cadcom_com_report *rep = NULL;
	size_t deny = 9, reqi = 9;
	unsigned perms = 0;
	int kind = 0;

	cadcom_sd_dup(sd, &orig);
	CU_ASSERT_EQUAL_FATAL(cadcom_com_merge(sd, A, req, &rep), 0);
	/* CD gets a new ACE; BA already had local access. */
	CU_ASSERT_EQUAL(cadcom_com_report_changes(rep), 1);
	cu_assert_sddl(sd, "O:BAG:BAD:(D;;CCDC;;;AN)(D;;CCLC;;;CD)(D;;CCDC;;;WD)(A;;CCDCLC;;;WD)"
			"(A;;CCDC;;;BA)(A;;CCDCLC;;;CD)(A;ID;CCDCLC;;;SY)");
	assert_kept(orig, sd, 5);
	/* Deny ACEs stay; each one that defeats a grant is reported. */
	CU_ASSERT_EQUAL_FATAL(cadcom_com_report_conflict_count(rep), 5);
	/* AN denies local access: the grantees' callers may be anonymous. */
	CU_ASSERT_EQUAL(cadcom_com_report_conflict(rep, 0, &deny, &reqi, &perms, &kind), 0);
	CU_ASSERT(deny == 0 && reqi == 0 && perms == LC && kind == CADCOM_COM_CONFLICT_POSSIBLE);
	CU_ASSERT_EQUAL(cadcom_com_report_conflict(rep, 1, &deny, &reqi, &perms, &kind), 0);
	CU_ASSERT(deny == 0 && reqi == 1 && perms == LC && kind == CADCOM_COM_CONFLICT_POSSIBLE);
	/* CD itself is denied remote access: certain. */
	CU_ASSERT_EQUAL(cadcom_com_report_conflict(rep, 2, &deny, &reqi, &perms, &kind), 0);
	CU_ASSERT(deny == 1 && reqi == 0 && perms == RC && kind == CADCOM_COM_CONFLICT_CERTAIN);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_com_report_message(rep, 2), "remote access"));
	/* Everyone denied local access defeats both grants, certainly. */
	CU_ASSERT_EQUAL(cadcom_com_report_conflict(rep, 3, &deny, &reqi, &perms, &kind), 0);
	CU_ASSERT(deny == 2 && reqi == 0 && perms == LC && kind == CADCOM_COM_CONFLICT_CERTAIN);
	CU_ASSERT_EQUAL(cadcom_com_report_conflict(rep, 4, &deny, &reqi, &perms, &kind), 0);
	CU_ASSERT(deny == 2 && reqi == 1 && perms == LC && kind == CADCOM_COM_CONFLICT_CERTAIN);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_com_report_message(rep, 4), "Everyone"));
	CU_ASSERT_PTR_NULL(cadcom_com_report_message(rep, 5));
	CU_ASSERT_EQUAL(cadcom_com_report_conflict(rep, 5, NULL, NULL, NULL, NULL), CADCOM_ENOTFOUND);
	cadcom_com_report_free(rep);
	cadcom_sd_free(req);
	cadcom_sd_free(orig);
	cadcom_sd_free(sd);
}

static void test_merge_errors_leave_sd_alone(void)
{
	cadcom_sd *sd = cu_sd("D:(A;;CC;;;WD)", NULL), *orig = NULL, *req;

	cadcom_sd_dup(sd, &orig);
	/* A legacy ACL cannot take a partial grant: nothing changes. */
	req = cu_sd("D:(A;;CCDCLC;;;WD)(A;;CCDC;;;CD)", NULL);
	CU_ASSERT_EQUAL(cadcom_com_merge(sd, A, req, NULL), CADCOM_EUNREPRESENTABLE);
	CU_ASSERT(cadcom_sd_equal(sd, orig));
	cadcom_sd_free(req);
	/* Requirements hold allow ACEs only. */
	req = cu_sd("D:(D;;CCDC;;;CD)", NULL);
	CU_ASSERT_EQUAL(cadcom_com_merge(sd, A, req, NULL), CADCOM_EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "allow"));
	cadcom_sd_free(req);
	req = cu_sd("O:BA", NULL);
	CU_ASSERT_EQUAL(cadcom_com_merge(sd, A, req, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_com_merge(sd, 0, req, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_com_merge(NULL, A, req, NULL), CADCOM_EINVAL);
	cadcom_sd_free(req);
	CU_ASSERT(cadcom_sd_equal(sd, orig));
	cadcom_sd_free(orig);
	cadcom_sd_free(sd);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "every checkbox combination", test_checkboxes },
		{ "checkbox errors, legacy masks, enrolment needs", test_checkbox_errors_and_legacy },
		{ "forms and validity", test_forms_and_validity },
		{ "query one trustee", test_query },
		{ "grant and revoke", test_grant_revoke },
		{ "DCOM access check", test_com_check },
		{ "merge keeps Windows' bytes", test_merge_keeps_bytes },
		{ "merge reports defeating denies", test_merge_conflicts },
		{ "merge errors leave the SD alone", test_merge_errors_leave_sd_alone },
		CU_TEST_INFO_NULL,
	};
	return cu_run("comrights", tests);
}
