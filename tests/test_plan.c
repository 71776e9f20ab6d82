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
		CU_TEST_INFO_NULL,
	};
	return cu_run("plan", tests);
}
