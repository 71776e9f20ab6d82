/*
 * The planner, one case per situation of KB 903220 (../shared/seed/).  The
 * expected ACEs and members are written by hand from the article's text:
 *   - CertSrv Request: Everyone gets local and remote access (CCDCLC:
 *     EXECUTE | EXECUTE_LOCAL | EXECUTE_REMOTE) and local and remote
 *     activation (CCSWRP: EXECUTE | ACTIVATE_LOCAL | ACTIVATE_REMOTE), no
 *     launch;
 *   - machine restrictions: CERTSVC_DCOM_ACCESS gets the same two grants;
 *   - the group holds Everyone on a member server; Domain Users and Domain
 *     Computers on a domain controller; Domain Controllers when DCs enrol;
 *     other domains' Domain Users and Domain Computers by hand; and, being
 *     domain local, only domain groups.
 */
#include "cu.h"

#define CONTOSO "S-1-5-21-1-2-3"
#define FABRIKAM "S-1-5-21-4-5-6"
#define TAILSPIN "S-1-5-21-7-7-7"
#define CA01 "S-1-5-21-9-9-9"

/* Windows' defaults the requirements are merged into (facts.md §2, §8). */
#define ML "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)"
#define MA "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)"
#define DLP "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)"
#define DAP "O:BAG:BAD:(A;;CCDCLC;;;SY)(A;;CCDCLC;;;PS)"
#define ACTIVATION "CCSWRP"
#define ACCESS "CCDCLC"

static void add_domain(cadcom_topology *t, const char *name, const char *netbios, const char *sid,
		       const char *forest)
{
	cadcom_sid *s = cu_sid(sid);

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_add_domain(t, name, netbios, s, forest), 0);
	cadcom_sid_free(s);
}

static cadcom_topology *dc_topology(int dcs_enroll)
{
	cadcom_topology *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&t), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "DC1", CADCOM_ROLE_DC, CADCOM_GENERATION_2003), 0);
	add_domain(t, "contoso.test", "CONTOSO", CONTOSO, NULL);
	add_domain(t, "fabrikam.test", "FABRIKAM", FABRIKAM, "contoso.test");
	add_domain(t, "tailspin.test", "TAILSPIN", TAILSPIN, NULL);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_domain(t, "contoso.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(t, "contoso.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_dcs_enroll(t, dcs_enroll), 0);
	return t;
}

/* A target whose directory has the group (no registry values: Windows'
 * defaults apply) and the given members. */
static cadcom_target *target_with_group(const char *group, const char *name, int scope,
					const char *const *members)
{
	cadcom_target *t = NULL;
	cadcom_directory *dir;
	cadcom_sid *g = cu_sid(group);

	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_memory(&t), 0);
	dir = cadcom_target_directory(t);
	CU_ASSERT_EQUAL(cadcom_directory_add(dir, g, name, CADCOM_PRINCIPAL_GROUP, scope), 0);
	for (; members && *members; members++) {
		cadcom_sid *m = cu_sid(*members);
		CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, m), 1);
		cadcom_sid_free(m);
	}
	cadcom_sid_free(g);
	return t;
}

/* The SDDL a SET_VALUE action of `layer` writes, or NULL. */
static char *written(const cadcom_plan *p, int layer)
{
	for (size_t i = 0; i < cadcom_plan_action_count(p); i++) {
		unsigned char *data = NULL;
		size_t len;
		cadcom_sd *sd = NULL;
		char *text = NULL;

		if (cadcom_plan_action_kind(p, i) != CADCOM_ACTION_SET_VALUE ||
		    cadcom_plan_action_layer(p, i) != layer)
			continue;
		CU_ASSERT_EQUAL_FATAL(cadcom_plan_action_value(p, i, 0, NULL, &data, &len), 0);
		CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_bytes(&sd, data, len), 0);
		cadcom_sd_to_sddl(sd, NULL, CADCOM_WINDOWS_LATEST, &text);
		cadcom_sd_free(sd);
		cadcom_free(data);
		return text;
	}
	return NULL;
}

static void assert_written(const cadcom_plan *p, int layer, const char *want)
{
	char *got = written(p, layer);

	if (!got || strcmp(got, want))
		fprintf(stderr, "\n  layer %d\n  want %s\n  got  %s\n", layer, want, got ? got : "(none)");
	CU_ASSERT_STRING_EQUAL(got ? got : "", want);
	cadcom_free(got);
}

/* The members the plan adds, as "S-..,S-.." in order. */
static void assert_added(const cadcom_plan *p, const char *want)
{
	char got[1024] = "";
	size_t n = 0;

	for (size_t i = 0; i < cadcom_plan_action_count(p); i++) {
		char *s = NULL;
		if (cadcom_plan_action_kind(p, i) != CADCOM_ACTION_ADD_MEMBER)
			continue;
		cadcom_sid_to_string(cadcom_plan_action_member(p, i), &s);
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s", n ? "," : "", s);
		cadcom_free(s);
	}
	if (strcmp(got, want))
		fprintf(stderr, "\n  members want %s\n  got          %s\n", want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static bool has_finding(const cadcom_plan *p, int severity, const char *a, const char *b)
{
	for (size_t i = 0; i < cadcom_plan_finding_count(p); i++) {
		const char *t = cadcom_plan_finding_text(p, i);
		if (cadcom_plan_finding_severity(p, i) == severity && strstr(t, a) && (!b || strstr(t, b)))
			return true;
	}
	return false;
}

/* "If the certification authority is installed on a member server,
 * CERTSVC_DCOM_ACCESS is created as a computer local group.  The Everyone
 * security group is added to CERTSVC_DCOM_ACCESS." */
static void test_member_server(void)
{
	cadcom_topology *topo = NULL;
	cadcom_target *target = target_with_group(CA01 "-1000", "CA01\\CERTSVC_DCOM_ACCESS",
						  CADCOM_SCOPE_COMPUTER_LOCAL, NULL);
	cadcom_sid *machine = cu_sid(CA01), *contoso = cu_sid(CONTOSO);
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&topo), 0);
	cadcom_topology_set_host(topo, "CA01", CADCOM_ROLE_MEMBER, CADCOM_GENERATION_2003);
	cadcom_topology_add_domain(topo, "contoso.test", "CONTOSO", contoso, NULL);
	cadcom_topology_set_ca_domain(topo, "contoso.test");
	cadcom_topology_set_machine_sid(topo, machine);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);

	assert_written(p, CADCOM_LAYER_MACHINE_LAUNCH, ML "(A;;" ACTIVATION ";;;" CA01 "-1000)");
	assert_written(p, CADCOM_LAYER_MACHINE_ACCESS, MA "(A;;" ACCESS ";;;" CA01 "-1000)");
	assert_written(p, CADCOM_LAYER_APP_LAUNCH, DLP "(A;;" ACTIVATION ";;;WD)");
	assert_written(p, CADCOM_LAYER_APP_ACCESS, DAP "(A;;" ACCESS ";;;WD)");
	assert_added(p, "S-1-1-0");
	CU_ASSERT_EQUAL(cadcom_plan_worst(p), CADCOM_SEVERITY_ERROR);
	cadcom_plan_free(p);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
	cadcom_sid_free(machine);
	cadcom_sid_free(contoso);
}

/* "If the certification authority is installed on a domain controller,
 * CERTSVC_DCOM_ACCESS is created as a domain local group.  The Domain Users
 * security group and the Domain Computers security group from the
 * certification authority's domain are added." */
static void test_domain_controller(void)
{
	cadcom_topology *topo = dc_topology(0);
	cadcom_target *target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
						  CADCOM_SCOPE_DOMAIN_LOCAL, NULL);
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
	assert_written(p, CADCOM_LAYER_MACHINE_LAUNCH, ML "(A;;" ACTIVATION ";;;" CONTOSO "-1105)");
	assert_written(p, CADCOM_LAYER_MACHINE_ACCESS, MA "(A;;" ACCESS ";;;" CONTOSO "-1105)");
	assert_added(p, CONTOSO "-513," CONTOSO "-515");
	CU_ASSERT(has_finding(p, CADCOM_SEVERITY_ERROR, "lacks", "Domain Users"));
	cadcom_plan_free(p);
	cadcom_target_free(target);

	/* Once it is all there, nothing is left to do. */
	{
		static const char *const members[] = { CONTOSO "-513", CONTOSO "-515", NULL };
		cadcom_registry *reg;
		cadcom_regfile *fw = NULL;

		target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
					   CADCOM_SCOPE_DOMAIN_LOCAL, members);
		CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
		reg = cadcom_target_registry(target);
		CU_ASSERT_EQUAL(cadcom_plan_regfiles(p, &fw, NULL), 0);
		CU_ASSERT_EQUAL(cadcom_regfile_apply(fw, reg), 0);
		cadcom_regfile_free(fw);
		cadcom_plan_free(p);
		CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
		CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 0);
		CU_ASSERT(cadcom_plan_worst(p) < CADCOM_SEVERITY_WARNING);
		cadcom_plan_free(p);
		cadcom_target_free(target);
	}
	cadcom_topology_free(topo);
}

/* "If domain controllers need access ... you must add the Domain Controllers
 * security group ... domain controllers are not part of the Domain
 * Computers security group" and "you must restart the domain controller". */
static void test_dcs_enroll(void)
{
	static const char *const members[] = { CONTOSO "-513", CONTOSO "-515", NULL };
	cadcom_topology *topo = dc_topology(1);
	cadcom_target *target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
						  CADCOM_SCOPE_DOMAIN_LOCAL, members);
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
	assert_added(p, CONTOSO "-516");
	CU_ASSERT(has_finding(p, CADCOM_SEVERITY_ERROR, "lacks", "Domain Controllers"));
	CU_ASSERT(has_finding(p, CADCOM_SEVERITY_INFO, "restart", NULL));
	cadcom_plan_free(p);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
}

/* "If users and computers from another domain ... have to enroll ... you
 * must manually add the Contoso\Domain Users group and the Contoso\Domain
 * Computers group to the CERTSVC_DCOM_ACCESS security group." */
static void test_other_domain(void)
{
	static const char *const members[] = { CONTOSO "-513", CONTOSO "-515", NULL };
	cadcom_topology *topo = dc_topology(0);
	cadcom_target *target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
						  CADCOM_SCOPE_DOMAIN_LOCAL, members);
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(topo, "fabrikam.test"), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
	assert_added(p, FABRIKAM "-513," FABRIKAM "-515");
	CU_ASSERT(has_finding(p, CADCOM_SEVERITY_ERROR, "FABRIKAM\\Domain Users", "by hand"));
	cadcom_plan_free(p);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
}

/* "Because the CERTSVC_DCOM_ACCESS security group is a domain local group,
 * you can add only domain groups to it": a domain the CA's domain does not
 * trust cannot be let in, and the plan says why instead of trying. */
static void test_only_domain_groups(void)
{
	static const char *const members[] = { CONTOSO "-513", CONTOSO "-515", NULL };
	cadcom_topology *topo = dc_topology(0);
	cadcom_target *target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
						  CADCOM_SCOPE_DOMAIN_LOCAL, members);
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(topo, "tailspin.test"), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
	assert_added(p, "");
	CU_ASSERT(has_finding(p, CADCOM_SEVERITY_ERROR, "TAILSPIN\\Domain Users cannot be added",
			      "domain local"));
	cadcom_plan_free(p);

	/* A group of the wrong scope is reported, not changed. */
	cadcom_target_free(target);
	target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
				   CADCOM_SCOPE_GLOBAL, members);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
	CU_ASSERT(has_finding(p, CADCOM_SEVERITY_ERROR, "is a global group", "domain local"));
	cadcom_plan_free(p);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
}

/* Forward then revert gives back every value byte for byte, and deletes the
 * values that were absent. */
static void test_forward_revert(void)
{
	cadcom_topology *topo = dc_topology(1);
	cadcom_target *target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
						  CADCOM_SCOPE_DOMAIN_LOCAL, NULL);
	cadcom_registry *reg = cadcom_target_registry(target);
	cadcom_sd *sd = cu_sd("O:BAG:BAD:(D;;CCDC;;;AN)(A;;CCDCLC;;;WD)(A;ID;CCDCLC;;;SY)", NULL);
	unsigned char *before = NULL, *after = NULL, *bytes = NULL, *back = NULL;
	size_t before_len, after_len, len, back_len;
	cadcom_regfile *fw = NULL, *rv = NULL, *again = NULL;
	cadcom_plan *p = NULL;
	int type;

	CU_ASSERT_EQUAL(cadcom_sd_to_bytes(sd, &before, &before_len), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, "HKLM\\SOFTWARE\\Microsoft\\Ole",
					    "MachineAccessRestriction", CADCOM_REG_BINARY, before,
					    before_len), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_regfiles(p, &fw, &rv), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_count(fw), 4);

	/* The merge kept the deny and the inherited ACE where they were. */
	assert_written(p, CADCOM_LAYER_MACHINE_ACCESS,
		       "O:BAG:BAD:(D;;CCDC;;;AN)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;" CONTOSO
		       "-1105)(A;ID;CCDCLC;;;SY)");
	CU_ASSERT(has_finding(p, CADCOM_SEVERITY_WARNING, "deny ACE 0", "Anonymous"));

	/* A .reg written by cadcom reads back the same. */
	CU_ASSERT_EQUAL(cadcom_regfile_to_bytes(fw, &bytes, &len), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_parse(&again, bytes, len, "forward.reg"), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_to_bytes(again, &back, &back_len), 0);
	CU_ASSERT(len == back_len && memcmp(bytes, back, len) == 0);
	cadcom_free(back);
	back = NULL;

	CU_ASSERT_EQUAL(cadcom_regfile_apply(again, reg), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID,
					    "LaunchPermission", &type, &after, &after_len), 0);
	cadcom_free(after);
	CU_ASSERT_EQUAL(cadcom_regfile_apply(rv, reg), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Microsoft\\Ole",
					    "MachineAccessRestriction", &type, &after, &after_len), 0);
	CU_ASSERT(after_len == before_len && memcmp(after, before, before_len) == 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID,
					    "LaunchPermission", &type, &back, &back_len), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Microsoft\\Ole",
					    "MachineLaunchRestriction", &type, &back, &back_len),
			CADCOM_ENOTFOUND);

	cadcom_free(after);
	cadcom_free(bytes);
	cadcom_regfile_free(again);
	cadcom_regfile_free(fw);
	cadcom_regfile_free(rv);
	cadcom_free(before);
	cadcom_sd_free(sd);
	cadcom_plan_free(p);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
}

/* Group Policy wins, and is never written. */
static void test_policy_override(void)
{
	cadcom_topology *topo = dc_topology(0);
	cadcom_target *target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
						  CADCOM_SCOPE_DOMAIN_LOCAL, NULL);
	unsigned char *sz = NULL;
	size_t len;
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL(cadcom_reg_sz_encode(MA, &sz, &len), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(cadcom_target_registry(target),
					    "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM",
					    "MachineAccessRestriction", CADCOM_REG_SZ, sz, len), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
	CU_ASSERT_PTR_NULL(written(p, CADCOM_LAYER_MACHINE_ACCESS));
	assert_written(p, CADCOM_LAYER_MACHINE_LAUNCH, ML "(A;;" ACTIVATION ";;;" CONTOSO "-1105)");
	CU_ASSERT(has_finding(p, CADCOM_SEVERITY_ERROR, "Group Policy", "Machine Access Restrictions"));
	for (size_t i = 0; i < cadcom_plan_action_count(p); i++)
		CU_ASSERT(!cadcom_plan_action_key(p, i) || !strstr(cadcom_plan_action_key(p, i), "Policies"));
	cadcom_free(sz);
	cadcom_plan_free(p);
	cadcom_target_free(target);
	cadcom_topology_free(topo);
}

/* ---- the plan as JSON, read back ----------------------------------------- */

/* Every getter of action `i` says the same in both plans. */
static void assert_same_action(const cadcom_plan *a, const cadcom_plan *b, size_t i)
{
	CU_ASSERT_EQUAL(cadcom_plan_action_kind(a, i), cadcom_plan_action_kind(b, i));
	CU_ASSERT_EQUAL(cadcom_plan_action_layer(a, i), cadcom_plan_action_layer(b, i));
	CU_ASSERT_STRING_EQUAL(cadcom_plan_action_text(a, i), cadcom_plan_action_text(b, i));
	if (cadcom_plan_action_kind(a, i) != CADCOM_ACTION_SET_VALUE) {
		const cadcom_sid *ma = cadcom_plan_action_member(a, i);
		const cadcom_sid *mb = cadcom_plan_action_member(b, i);
		CU_ASSERT((!ma && !mb) || (ma && mb && cadcom_sid_equal(ma, mb)));
		return;
	}
	CU_ASSERT_STRING_EQUAL(cadcom_plan_action_key(a, i), cadcom_plan_action_key(b, i));
	CU_ASSERT_STRING_EQUAL(cadcom_plan_action_value_name(a, i),
			       cadcom_plan_action_value_name(b, i));
	for (int old = 0; old < 2; old++) {
		unsigned char *da = NULL, *db = NULL;
		size_t la = 0, lb = 0;
		int ta = -1, tb = -2;
		int ra = cadcom_plan_action_value(a, i, old, &ta, &da, &la);
		int rb = cadcom_plan_action_value(b, i, old, &tb, &db, &lb);

		CU_ASSERT_EQUAL(ra, rb);
		if (ra == 0 && rb == 0) {
			CU_ASSERT_EQUAL(ta, tb);
			CU_ASSERT(la == lb && memcmp(da, db, la) == 0);
		}
		cadcom_free(da);
		cadcom_free(db);
	}
}

#define FORMAT_LINE "{\n  \"format\": \"cadcom-plan-1\",\n"

/* to_json(from_json(to_json(p))) == to_json(p), and the plan read back
 * answers every getter as `p` does.  Returns the JSON (cadcom_free()). */
static char *assert_round_trip(const cadcom_plan *p)
{
	char *first = NULL, *second = NULL;
	cadcom_plan *back = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_plan_to_json(p, &first), 0);
	CU_ASSERT_EQUAL(strncmp(first, FORMAT_LINE, strlen(FORMAT_LINE)), 0);
	if (cadcom_plan_from_json(&back, first, strlen(first), "plan.json") != 0)
		fprintf(stderr, "\n  %s\n", cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_PTR_NOT_NULL_FATAL(back);
	CU_ASSERT_EQUAL(cadcom_plan_to_json(back, &second), 0);
	CU_ASSERT_STRING_EQUAL(second, first);
	CU_ASSERT_EQUAL(cadcom_plan_assumption_count(back), cadcom_plan_assumption_count(p));
	CU_ASSERT_EQUAL(cadcom_plan_finding_count(back), cadcom_plan_finding_count(p));
	CU_ASSERT_EQUAL(cadcom_plan_worst(back), cadcom_plan_worst(p));
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_action_count(back), cadcom_plan_action_count(p));
	for (size_t i = 0; i < cadcom_plan_action_count(p); i++)
		assert_same_action(p, back, i);
	cadcom_free(second);
	cadcom_plan_free(back);
	return first;
}

static void test_json_round_trip(void)
{
	cadcom_topology *topo = cu_example_topology(), *dc = dc_topology(1);
	cadcom_target *target = cu_example_target(), *empty = NULL;
	cadcom_plan *p = NULL;
	char *json;

	/* The example forest: add-member actions, findings with evidence. */
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, target, &p), 0);
	CU_ASSERT(cadcom_plan_action_count(p) > 0);
	cadcom_free(assert_round_trip(p));
	/* ... with the SetupStatus reset: a REG_DWORD with its old value. */
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, target), 0);
	json = assert_round_trip(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"type\": \"REG_DWORD\",\n      \"hex\": \"63000000\""));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(json, "\"old_type\": \"REG_DWORD\",\n      \"old_hex\": \"63200000\""));
	cadcom_free(json);
	cadcom_plan_free(p);

	/* The example without a target: Windows' defaults. */
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, NULL, &p), 0);
	cadcom_free(assert_round_trip(p));
	cadcom_plan_free(p);

	/* Descriptors written where no value is (old_type and old_hex null). */
	cadcom_target_free(target);
	target = target_with_group(CONTOSO "-1105", "CONTOSO\\CERTSVC_DCOM_ACCESS",
				   CADCOM_SCOPE_DOMAIN_LOCAL, NULL);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(dc, target, &p), 0);
	json = assert_round_trip(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"type\": \"REG_BINARY\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"old_type\": null,\n      \"old_hex\": null"));
	cadcom_free(json);
	cadcom_plan_free(p);

	/* A group to create: its SID is null, in create-group and add-member. */
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_memory(&empty), 0);
	cadcom_topology_free(dc);
	dc = dc_topology(0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(dc, empty, &p), 0);
	CU_ASSERT_EQUAL(cadcom_plan_action_kind(p, 0), CADCOM_ACTION_CREATE_GROUP);
	json = assert_round_trip(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"kind\": \"create-group\",\n      \"layer\": \"group\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"group\": null,\n      \"member\": \"S-1-5-21-1-2-3-513\""));
	cadcom_free(json);
	cadcom_plan_free(p);

	cadcom_target_free(empty);
	cadcom_target_free(target);
	cadcom_topology_free(dc);
	cadcom_topology_free(topo);
}

/* A small plan of every kind, one field a line (the comments number the
 * lines the messages name).  Each error case replaces one piece of it. */
/* The CertSvc configuration key, escaped for JSON. */
#define CFG \
	"HKEY_LOCAL_MACHINE\\\\SYSTEM\\\\CurrentControlSet\\\\Services\\\\CertSvc\\\\" \
	"Configuration"
static const char plan_head[] =
	"{\n"							/* 1 */
	"  \"format\": \"cadcom-plan-1\",\n"			/* 2 */
	"  \"assumptions\": [ \"as given\" ],\n"		/* 3 */
	"  \"findings\": [\n"					/* 4 */
	"    {\n"						/* 5 */
	"      \"severity\": \"info\",\n"			/* 6 */
	"      \"layer\": \"CertSvc\",\n"			/* 7 */
	"      \"text\": \"SetupStatus has the flag\",\n"	/* 8 */
	"      \"evidence\": null,\n"				/* 9 */
	"      \"fix\": \"clear it\"\n"				/* 10 */
	"    }\n"						/* 11 */
	"  ],\n"						/* 12 */
	"  \"actions\": [\n"					/* 13 */
	"    {\n"						/* 14 */
	"      \"kind\": \"add-member\",\n"			/* 15 */
	"      \"layer\": \"members\",\n"			/* 16 */
	"      \"text\": \"add Domain Controllers\",\n"	/* 17 */
	"      \"group\": \"S-1-5-21-1-2-3-1105\",\n"		/* 18 */
	"      \"member\": \"S-1-5-21-1-2-3-516\"\n"		/* 19 */
	"    },\n"						/* 20 */
	"    { \"kind\": \"create-group\", \"layer\": \"group\", \"text\": \"create\", "
	"\"group\": null },\n"					/* 21 */
	"    {\n";						/* 22 */
static const char plan_value[] =
	"      \"kind\": \"set-value\",\n"			/* 23 */
	"      \"layer\": \"CertSvc\",\n"			/* 24 */
	"      \"text\": \"clear the flag\",\n"			/* 25 */
	"      \"key\": \"" CFG "\",\n"				/* 26 */
	"      \"name\": \"SetupStatus\",\n"			/* 27 */
	"      \"type\": \"REG_DWORD\",\n"			/* 28 */
	"      \"hex\": \"63000000\",\n"			/* 29 */
	"      \"sddl\": null,\n"				/* 30 */
	"      \"old_type\": \"REG_DWORD\",\n"			/* 31 */
	"      \"old_hex\": \"63200000\"\n";			/* 32 */
static const char plan_tail[] = "    }\n  ]\n}\n";

/* The plan with `from` (which must occur once) replaced by `to`; "" for
 * the plan as it is. */
static char *plan_with(const char *from, const char *to)
{
	char whole[4096], *at, *out;

	snprintf(whole, sizeof(whole), "%s%s%s", plan_head, plan_value, plan_tail);
	if (!*from)
		return strdup(whole);
	at = strstr(whole, from);
	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	CU_ASSERT_PTR_NULL_FATAL(strstr(at + 1, from));
	out = malloc(strlen(whole) + strlen(to) + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	sprintf(out, "%.*s%s%s", (int)(at - whole), whole, to, at + strlen(from));
	return out;
}

/* Reading the plan changed so fails with `code` and a message holding `a`
 * (and `b`). */
static void assert_bad_plan(const char *from, const char *to, int code, const char *a,
			    const char *b)
{
	char *json = plan_with(from, to);
	cadcom_plan *p = (cadcom_plan *)json; /* must be reset to NULL */

	CU_ASSERT_EQUAL(cadcom_plan_from_json(&p, json, strlen(json), "plan.json"), code);
	CU_ASSERT_PTR_NULL(p);
	cu_assert_message(a, b, NULL);
	free(json);
}

static void test_json_errors(void)
{
	cadcom_plan *p = NULL;
	char *json = plan_with("", ""), *big;
	const cadcom_sid *m;
	unsigned char *data = NULL;
	size_t len;
	int type;

	/* The plan itself reads, and says what it says. */
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_from_json(&p, json, strlen(json), "plan.json"), 0);
	CU_ASSERT_EQUAL(cadcom_plan_assumption_count(p), 1);
	CU_ASSERT_STRING_EQUAL(cadcom_plan_finding_fix(p, 0), "clear it");
	CU_ASSERT_PTR_NULL(cadcom_plan_finding_evidence(p, 0));
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 3);
	m = cadcom_plan_action_member(p, 0);
	CU_ASSERT(m && cadcom_sid_rid(m) == 516);
	CU_ASSERT_EQUAL(cadcom_plan_action_kind(p, 1), CADCOM_ACTION_CREATE_GROUP);
	CU_ASSERT_EQUAL(cadcom_plan_action_value(p, 2, 1, &type, &data, &len), 0);
	CU_ASSERT(type == CADCOM_REG_DWORD && len == 4 && data && data[1] == 0x20);
	cadcom_free(data);
	cadcom_plan_free(p);
	free(json);

	/* Words the writer does not use. */
	assert_bad_plan("cadcom-plan-1", "cadcom-plan-2", CADCOM_EPARSE,
			"plan.json:2: format: unknown format \"cadcom-plan-2\"", NULL);
	assert_bad_plan("\"add-member\"", "\"remove-member\"", CADCOM_EPARSE,
			"plan.json:15: actions[0].kind: unknown action kind \"remove-member\"", NULL);
	assert_bad_plan("\"layer\": \"members\"", "\"layer\": \"people\"", CADCOM_EPARSE,
			"plan.json:16: actions[0].layer: unknown layer \"people\"", NULL);
	assert_bad_plan("\"info\"", "\"fatal\"", CADCOM_EPARSE,
			"plan.json:6: findings[0].severity: unknown severity \"fatal\"", NULL);
	assert_bad_plan("\"type\": \"REG_DWORD\"", "\"type\": \"REG_WORD\"", CADCOM_EPARSE,
			"plan.json:28: actions[2].type: unknown registry type \"REG_WORD\"", NULL);
	assert_bad_plan("\"old_type\": \"REG_DWORD\"", "\"old_type\": \"dword\"", CADCOM_EPARSE,
			"plan.json:31: actions[2].old_type: unknown registry type \"dword\"", NULL);

	/* Hex, SIDs, keys. */
	assert_bad_plan("\"63000000\"", "\"6300000\"", CADCOM_EPARSE,
			"plan.json:29: actions[2].hex: odd number of hex digits (7)", NULL);
	assert_bad_plan("\"63000000\"", "\"63x00000\"", CADCOM_EPARSE,
			"plan.json:29: actions[2].hex: character 3 is not a hex digit", NULL);
	assert_bad_plan("\"63200000\"", "\"6320 000\"", CADCOM_EPARSE,
			"plan.json:32: actions[2].old_hex: character 5 is not a hex digit", NULL);
	assert_bad_plan("\"63000000\"", "\"6300\"", CADCOM_EPARSE,
			"plan.json:29: actions[2].hex: 2 bytes for a REG_DWORD value (it takes 4)", NULL);
	assert_bad_plan("S-1-5-21-1-2-3-516", "S-1-5-21-1-2-x", CADCOM_EPARSE,
			"plan.json:19: actions[0].member: not a SID", NULL);
	assert_bad_plan("\"S-1-5-21-1-2-3-516\"", "\"DD\"", CADCOM_EPARSE,
			"plan.json:19: actions[0].member: \"DD\" is not a SID (S-1-...)", NULL);
	assert_bad_plan("\"S-1-5-21-1-2-3-516\"", "null", CADCOM_EPARSE,
			"plan.json:19: actions[0].member: must be a string, not null", NULL);
	assert_bad_plan("\"key\": \"HKEY_LOCAL_MACHINE", "\"key\": \"HKEY_LOCAL_MACHINA", CADCOM_EPARSE,
			"plan.json:26: actions[2].key: registry key", "unknown root");

	/* Fields: missing, unknown, of the wrong type, or at odds. */
	assert_bad_plan("      \"key\": \"" CFG "\",\n", "", CADCOM_EPARSE,
			"plan.json:22: actions[2]: missing field \"key\"", NULL);
	assert_bad_plan("      \"name\": \"SetupStatus\",\n", "", CADCOM_EPARSE,
			"actions[2]: missing field \"name\"", NULL);
	assert_bad_plan("      \"hex\": \"63000000\",\n", "", CADCOM_EPARSE,
			"actions[2]: missing field \"hex\"", NULL);
	assert_bad_plan("      \"type\": \"REG_DWORD\",\n", "", CADCOM_EPARSE,
			"actions[2]: missing field \"type\"", NULL);
	assert_bad_plan(",\n      \"member\": \"S-1-5-21-1-2-3-516\"", "", CADCOM_EPARSE,
			"plan.json:14: actions[0]: missing field \"member\"", NULL);
	assert_bad_plan("\"group\": null }", "\"group\": null, \"member\": \"S-1-1-0\" }",
			CADCOM_EPARSE, "plan.json:21: actions[1].member: unknown field",
			"kind, layer, text and group");
	assert_bad_plan("\"fix\": \"clear it\"", "\"fixes\": \"clear it\"", CADCOM_EPARSE,
			"plan.json:10: findings[0].fixes: unknown field", NULL);
	assert_bad_plan("\"old_hex\": \"63200000\"", "\"old_hex\": null", CADCOM_EPARSE,
			"plan.json:32: actions[2].old_hex: old_type and old_hex are both null", NULL);
	assert_bad_plan("\"old_type\": \"REG_DWORD\"", "\"old_type\": null", CADCOM_EPARSE,
			"plan.json:31: actions[2].old_type: old_type and old_hex", NULL);
	assert_bad_plan("\"sddl\": null", "\"sddl\": \"D:(A;;CC;;;WD)\"", CADCOM_EPARSE,
			"plan.json:30: actions[2].sddl: hex is not a security descriptor", NULL);
	assert_bad_plan("\"as given\"", "42", CADCOM_EPARSE,
			"plan.json:3: assumptions[0]: an assumption is a string, not an integer", NULL);
	assert_bad_plan("[ \"as given\" ]", "{ }", CADCOM_EPARSE,
			"plan.json:3: assumptions: must be an array, not an object", NULL);
	assert_bad_plan("\"assumptions\"", "\"assumption\"", CADCOM_EPARSE,
			"plan.json:3: assumption: unknown field; a plan has format, assumptions",
			NULL);
	assert_bad_plan("  \"assumptions\": [ \"as given\" ],\n", "", CADCOM_EPARSE,
			"plan.json: top level: missing field \"assumptions\"", NULL);

	/* Not JSON, or not a plan: jansson's line and column, and the offset. */
	assert_bad_plan("\"as given\" ]", "\"as given\", ]", CADCOM_EPARSE, "plan.json:3:", NULL);
	CU_ASSERT(cadcom_error_offset(cadcom_error_last()) > 40);
	assert_bad_plan("\"evidence\": null,", "\"evidence\": null, \"evidence\": null,",
			CADCOM_EPARSE, "plan.json:9:", "duplicate");
	assert_bad_plan("\"as given\"", "\"as\\u0000given\"", CADCOM_EPARSE, "plan.json:3:", NULL);
	json = plan_with("", "");
	len = strlen(json);
	strstr(json, "as given")[2] = '\0'; /* a raw NUL, which JSON has no place for */
	CU_ASSERT_EQUAL(cadcom_plan_from_json(&p, json, len, "plan.json"), CADCOM_EPARSE);
	cu_assert_message("plan.json:3:", "NUL byte", NULL);
	free(json);
	CU_ASSERT_EQUAL(cadcom_plan_from_json(&p, "[]", 2, NULL), CADCOM_EPARSE);
	cu_assert_message("(json): top level: a plan is a JSON object, not an array", NULL, NULL);
	big = malloc(16 * 1024 * 1024 + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, ' ', 16 * 1024 * 1024 + 1);
	CU_ASSERT_EQUAL(cadcom_plan_from_json(&p, big, 16 * 1024 * 1024 + 1, "big.json"),
			CADCOM_ELIMIT);
	free(big);
	CU_ASSERT_EQUAL(cadcom_plan_from_json(NULL, "{}", 2, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_plan_from_json(&p, NULL, 0, NULL), CADCOM_EINVAL);
	CU_ASSERT_PTR_NULL(p);
}

/* ---- the SetupStatus reset ------------------------------------------------ */

#define CONFIG_KEY "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration"
#define CA_NAME "Contoso Issuing CA"
#define CA_KEY CONFIG_KEY "\\" CA_NAME
#define NOT_A_CA "target is not a CA: no " CONFIG_KEY " key"

static void put_value(cadcom_target *t, const char *key, const char *name, int type,
		      const unsigned char *data, size_t len)
{
	CU_ASSERT_EQUAL_FATAL(cadcom_registry_set(cadcom_target_registry(t), key, name, type, data,
						  len), 0);
}

static void put_status(cadcom_target *t, const char *key, uint32_t v)
{
	const unsigned char b[4] = { v & 0xff, v >> 8 & 0xff, v >> 16 & 0xff, v >> 24 };

	put_value(t, key, "SetupStatus", CADCOM_REG_DWORD, b, 4);
}

static uint32_t status_of(cadcom_target *t, const char *key)
{
	unsigned char *d = NULL;
	size_t len = 0;
	int type = 0;
	uint32_t v;

	CU_ASSERT_EQUAL_FATAL(cadcom_registry_get(cadcom_target_registry(t), key, "SetupStatus",
						  &type, &d, &len), 0);
	CU_ASSERT_FATAL(type == CADCOM_REG_DWORD && len == 4);
	v = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 | (uint32_t)d[3] << 24;
	cadcom_free(d);
	return v;
}

/* Action `i` sets `key`\SetupStatus from `old` to `now`. */
static void assert_reset(const cadcom_plan *p, size_t i, const char *key, uint32_t old,
			 uint32_t now)
{
	for (int o = 0; o < 2; o++) {
		unsigned char *d = NULL;
		size_t len = 0;
		int type = 0;
		uint32_t want = o ? old : now;

		CU_ASSERT_EQUAL_FATAL(cadcom_plan_action_value(p, i, o, &type, &d, &len), 0);
		CU_ASSERT(type == CADCOM_REG_DWORD && len == 4);
		CU_ASSERT(d[0] == (want & 0xff) && d[1] == (want >> 8 & 0xff) &&
			  d[2] == (want >> 16 & 0xff) && d[3] == want >> 24);
		cadcom_free(d);
	}
	CU_ASSERT_EQUAL(cadcom_plan_action_kind(p, i), CADCOM_ACTION_SET_VALUE);
	CU_ASSERT_EQUAL(cadcom_plan_action_layer(p, i), CADCOM_LAYER_CA);
	CU_ASSERT_STRING_EQUAL(cadcom_plan_action_key(p, i), key);
	CU_ASSERT_STRING_EQUAL(cadcom_plan_action_value_name(p, i), "SetupStatus");
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_plan_action_text(p, i), "clear DCOM_SECURITY_UPDATED"));
}

static cadcom_plan *empty_plan(void)
{
	static const char json[] = "{\"format\": \"cadcom-plan-1\", \"assumptions\": [], "
				   "\"findings\": [], \"actions\": []}";
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_plan_from_json(&p, json, strlen(json), "empty.json"), 0);
	return p;
}

static size_t count_findings(const cadcom_plan *p, int severity, const char *a, const char *b)
{
	size_t n = 0;

	for (size_t i = 0; i < cadcom_plan_finding_count(p); i++) {
		const char *t = cadcom_plan_finding_text(p, i);
		n += cadcom_plan_finding_severity(p, i) == severity && strstr(t, a) &&
		     (!b || strstr(t, b));
	}
	return n;
}

/* "clear the SETUP_DCOM_SECURITY_UPDATED_FLAG", in both places that hold
 * SetupStatus; after it, the planner says CertSvc re-applies its defaults. */
static void test_reset_both_places(void)
{
	cadcom_topology *topo = dc_topology(0);
	cadcom_target *t = NULL;
	cadcom_regfile *fw = NULL, *rv = NULL;
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_set_ca_name(topo, CA_NAME), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_memory(&t), 0);
	put_status(t, CONFIG_KEY, 0x2063);
	put_status(t, CA_KEY, 0x6001);

	/* Before: one finding per place, each saying the flag is set. */
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, t, &p), 0);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_INFO, "has DCOM_SECURITY_UPDATED", NULL), 2);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_INFO, "0x00002063 in CertSvc\\Configuration has",
				       NULL), 1);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_INFO, "0x00006001 in CertSvc\\Configuration\\"
				       CA_NAME " has", NULL), 1);
	cadcom_plan_free(p);

	p = empty_plan();
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_reset_setup_flag(p, topo, t), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_action_count(p), 2);
	assert_reset(p, 0, CONFIG_KEY, 0x2063, 0x63);
	assert_reset(p, 1, CA_KEY, 0x6001, 0x4001);
	/* A second reset adds nothing. */
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, t), 0);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 2);

	/* Applied (as .reg), the planner sees the flag clear in both places:
	 * still information, no more. */
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_regfiles(p, &fw, &rv), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_apply(fw, cadcom_target_registry(t)), 0);
	CU_ASSERT_EQUAL(status_of(t, CONFIG_KEY), 0x63);
	CU_ASSERT_EQUAL(status_of(t, CA_KEY), 0x4001);
	cadcom_plan_free(p);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, t, &p), 0);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_INFO, "lacks DCOM_SECURITY_UPDATED",
				       "re-applies its DCOM defaults at its next start"), 2);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_INFO, "has DCOM_SECURITY_UPDATED", NULL), 0);
	cadcom_plan_free(p);
	p = empty_plan();
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, t), 0);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 0);

	/* And undone. */
	CU_ASSERT_EQUAL(cadcom_regfile_apply(rv, cadcom_target_registry(t)), 0);
	CU_ASSERT_EQUAL(status_of(t, CONFIG_KEY), 0x2063);
	CU_ASSERT_EQUAL(status_of(t, CA_KEY), 0x6001);

	cadcom_regfile_free(fw);
	cadcom_regfile_free(rv);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	cadcom_topology_free(topo);
}

/* The example CA has SetupStatus in its own key only; and a CA whose name
 * only Configuration's Active value gives. */
static void test_reset_one_place(void)
{
	cadcom_topology *topo = cu_example_topology(), *unnamed = dc_topology(0);
	cadcom_target *t = cu_example_target();
	unsigned char *sz = NULL;
	size_t len;
	cadcom_plan *p = empty_plan();
	char *text = NULL;

	CU_ASSERT_EQUAL(cadcom_plan_check_ca(t), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_reset_setup_flag(p, topo, t), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_action_count(p), 1);
	assert_reset(p, 0, CA_KEY, 0x2063, 0x63);
	CU_ASSERT_EQUAL(cadcom_plan_to_text(p, &text), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\\SetupStatus = 0x00000063 (REG_DWORD)"));
	cadcom_free(text);
	cadcom_plan_free(p);

	cadcom_target_free(t);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_memory(&t), 0);
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode(CA_NAME, &sz, &len), 0);
	put_value(t, CONFIG_KEY, "Active", CADCOM_REG_SZ, sz, len);
	put_status(t, CA_KEY, 0x2000);
	p = empty_plan();
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_reset_setup_flag(p, unnamed, t), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_action_count(p), 1);
	assert_reset(p, 0, CA_KEY, 0x2000, 0);
	cadcom_plan_free(p);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(unnamed, t, &p), 0);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_INFO, "in CertSvc\\Configuration\\" CA_NAME
				       " has DCOM_SECURITY_UPDATED", NULL), 1);
	{
		bool named = false;
		for (size_t i = 0; i < cadcom_plan_assumption_count(p); i++)
			named |= strstr(cadcom_plan_assumption(p, i), "Configuration\\Active") != NULL;
		CU_ASSERT(named);
	}
	cadcom_plan_free(p);

	/* No flag anywhere: nothing to do, and no error. */
	put_status(t, CA_KEY, 0x63);
	put_status(t, CONFIG_KEY, 0x1);
	p = empty_plan();
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, unnamed, t), 0);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 0);

	cadcom_free(sz);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	cadcom_topology_free(unnamed);
	cadcom_topology_free(topo);
}

/* Not a CA, or values the reset cannot read: an error, nothing added. */
static void test_reset_refused(void)
{
	static const unsigned char three[3] = { 0, 0x20, 0 };
	cadcom_topology *topo = dc_topology(0);
	cadcom_target *t = NULL;
	unsigned char *sz = NULL;
	size_t len;
	cadcom_plan *p = empty_plan();

	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(topo, CA_NAME), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_memory(&t), 0);
	CU_ASSERT_EQUAL(cadcom_plan_check_ca(t), CADCOM_ENOTFOUND);
	cu_assert_message(NOT_A_CA, NULL, NULL);
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, t), CADCOM_ENOTFOUND);
	cu_assert_message(NOT_A_CA, NULL, NULL);
	CU_ASSERT_EQUAL(cadcom_plan_check_ca(NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(NULL, topo, t), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, NULL), CADCOM_EINVAL);

	/* The key alone makes a CA, one with no SetupStatus yet. */
	CU_ASSERT_EQUAL(cadcom_registry_create_key(cadcom_target_registry(t), CONFIG_KEY), 0);
	CU_ASSERT_EQUAL(cadcom_plan_check_ca(t), 0);
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, t), 0);

	/* Text where a REG_DWORD should be: the flag in Configuration is not
	 * cleared either (all or nothing), and the planner warns. */
	put_status(t, CONFIG_KEY, 0x2000);
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("8291", &sz, &len), 0);
	put_value(t, CA_KEY, "SetupStatus", CADCOM_REG_SZ, sz, len);
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, t), CADCOM_EPARSE);
	cu_assert_message(CA_KEY "\\SetupStatus is REG_SZ of 10 bytes, not a 4-byte REG_DWORD", NULL,
			  NULL);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 0);
	cadcom_plan_free(p);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, t, &p), 0);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_WARNING, "not a 4-byte REG_DWORD", NULL), 1);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_INFO, "has DCOM_SECURITY_UPDATED", NULL), 1);
	cadcom_plan_free(p);

	/* A REG_DWORD of three bytes is no better. */
	put_value(t, CA_KEY, "SetupStatus", CADCOM_REG_DWORD, three, 3);
	p = empty_plan();
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, t), CADCOM_EPARSE);
	cu_assert_message("is REG_DWORD of 3 bytes, not a 4-byte REG_DWORD", NULL, NULL);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 0);

	/* Without a name in the topology, Active must name the CA's key. */
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(topo, NULL), 0);
	put_value(t, CONFIG_KEY, "Active", CADCOM_REG_DWORD, three, 3);
	CU_ASSERT_EQUAL(cadcom_plan_reset_setup_flag(p, topo, t), CADCOM_EPARSE);
	cu_assert_message(CONFIG_KEY "\\Active is REG_DWORD, not REG_SZ", NULL, NULL);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 0);
	cadcom_plan_free(p);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, t, &p), 0);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_WARNING, "SetupStatus cannot be read",
				       "Active is REG_DWORD"), 1);
	CU_ASSERT_EQUAL(count_findings(p, CADCOM_SEVERITY_INFO, "in CertSvc\\Configuration has", NULL),
			1);

	cadcom_free(sz);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	cadcom_topology_free(topo);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "member server: Everyone in a computer-local group", test_member_server },
		{ "domain controller: Domain Users and Domain Computers", test_domain_controller },
		{ "DCs enrol: Domain Controllers, then restart", test_dcs_enroll },
		{ "another domain's enrollees are added by hand", test_other_domain },
		{ "only domain groups may join a domain local group", test_only_domain_groups },
		{ "forward and revert .reg", test_forward_revert },
		{ "Group Policy override", test_policy_override },
		{ "JSON: to_json(from_json(to_json(p))) == to_json(p)", test_json_round_trip },
		{ "JSON: every error at its line", test_json_errors },
		{ "SetupStatus reset: both places, then nothing left", test_reset_both_places },
		{ "SetupStatus reset: one place; the CA named by Active", test_reset_one_place },
		{ "SetupStatus reset: not a CA, values it cannot read", test_reset_refused },
		CU_TEST_INFO_NULL,
	};
	return cu_run("plan", tests);
}
