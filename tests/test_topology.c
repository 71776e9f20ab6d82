/*
 * The CA topology: building it through the API, its rules (each setter's
 * and validate()'s), its JSON form both ways with errors that name source,
 * line and field, and the scope environment it gives the planner.
 */
#include "cu.h"
#include <cadcom/scope.h>
#include <cadcom/topology.h>

static const char *last_message(void)
{
	return cadcom_error_message(cadcom_error_last());
}

static void assert_message(const char *want)
{
	if (strcmp(last_message(), want))
		fprintf(stderr, "\n  want %s\n  got  %s\n", want, last_message());
	CU_ASSERT_STRING_EQUAL(last_message(), want);
}

static void assert_sid_is(const cadcom_sid *sid, const char *want)
{
	char *got = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(sid);
	CU_ASSERT_EQUAL(cadcom_sid_to_string(sid, &got), 0);
	CU_ASSERT_STRING_EQUAL(got ? got : "", want);
	cadcom_free(got);
}

/* The example of doc/TOPOLOGY.md: the CA on a DC of contoso.test, whose
 * forest also holds fabrikam.test; northwind.test is another forest with
 * an external trust both ways. */
static cadcom_topology *example_forest(void)
{
	cadcom_sid *contoso = cu_sid("S-1-5-21-1-2-3"), *fabrikam = cu_sid("S-1-5-21-4-5-6"),
		   *northwind = cu_sid("S-1-5-21-7-8-9");
	cadcom_topology *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&t), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "DC1", CADCOM_ROLE_DC, CADCOM_GENERATION_2008), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(t, "Contoso Issuing CA"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "contoso.test", NULL, contoso, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "fabrikam.test", "FABRIKAM", fabrikam,
						   "CONTOSO.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "northwind.test", "NWIND", northwind, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_domain(t, "contoso.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "contoso.test", "northwind.test",
						  CADCOM_TRUST_EXTERNAL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "northwind.test", "contoso.test",
						  CADCOM_TRUST_EXTERNAL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(t, "fabrikam.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(t, "Contoso.Test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_dcs_enroll(t, 1), 0);
	cadcom_sid_free(contoso);
	cadcom_sid_free(fabrikam);
	cadcom_sid_free(northwind);
	return t;
}

static const char example_json[] =
	"{\n"
	"  \"format\": \"cadcom-topology-1\",\n"
	"  \"ca\": {\n"
	"    \"host\": \"DC1\",\n"
	"    \"name\": \"Contoso Issuing CA\",\n"
	"    \"role\": \"dc\",\n"
	"    \"generation\": 2008,\n"
	"    \"domain\": \"contoso.test\"\n"
	"  },\n"
	"  \"domains\": [\n"
	"    {\n"
	"      \"name\": \"contoso.test\",\n"
	"      \"netbios\": \"CONTOSO\",\n"
	"      \"sid\": \"S-1-5-21-1-2-3\",\n"
	"      \"forest\": \"contoso.test\"\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"fabrikam.test\",\n"
	"      \"netbios\": \"FABRIKAM\",\n"
	"      \"sid\": \"S-1-5-21-4-5-6\",\n"
	"      \"forest\": \"contoso.test\"\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"northwind.test\",\n"
	"      \"netbios\": \"NWIND\",\n"
	"      \"sid\": \"S-1-5-21-7-8-9\",\n"
	"      \"forest\": \"northwind.test\"\n"
	"    }\n"
	"  ],\n"
	"  \"trusts\": [\n"
	"    {\n"
	"      \"trusting\": \"contoso.test\",\n"
	"      \"trusted\": \"northwind.test\",\n"
	"      \"kind\": \"external\"\n"
	"    },\n"
	"    {\n"
	"      \"trusting\": \"northwind.test\",\n"
	"      \"trusted\": \"contoso.test\",\n"
	"      \"kind\": \"external\"\n"
	"    }\n"
	"  ],\n"
	"  \"enroll\": {\n"
	"    \"domains\": [\n"
	"      \"contoso.test\",\n"
	"      \"fabrikam.test\"\n"
	"    ],\n"
	"    \"domain_controllers\": true\n"
	"  }\n"
	"}\n";

static char *to_json(const cadcom_topology *t)
{
	char *s = NULL;

	CU_ASSERT_EQUAL(cadcom_topology_to_json(t, &s), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

static cadcom_topology *from_json(const char *text)
{
	cadcom_topology *t = NULL;
	int rc = cadcom_topology_from_json(&t, text, strlen(text), "t.json");

	if (rc)
		fprintf(stderr, "\n  from_json: %s\n", last_message());
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return t;
}

/* Every getter of `a` and `b` agrees. */
static void assert_same(const cadcom_topology *a, const cadcom_topology *b)
{
	CU_ASSERT_STRING_EQUAL(cadcom_topology_host(a), cadcom_topology_host(b));
	CU_ASSERT_EQUAL(cadcom_topology_role(a), cadcom_topology_role(b));
	CU_ASSERT_EQUAL(cadcom_topology_generation(a), cadcom_topology_generation(b));
	if (cadcom_topology_ca_name(a) && cadcom_topology_ca_name(b))
		CU_ASSERT_STRING_EQUAL(cadcom_topology_ca_name(a), cadcom_topology_ca_name(b));
	CU_ASSERT_EQUAL(!cadcom_topology_ca_name(a), !cadcom_topology_ca_name(b));
	CU_ASSERT_EQUAL(cadcom_topology_ca_domain(a), cadcom_topology_ca_domain(b));
	CU_ASSERT(cadcom_sid_equal(cadcom_topology_machine_sid(a), cadcom_topology_machine_sid(b)));
	CU_ASSERT(cadcom_sid_equal(cadcom_topology_group_sid(a), cadcom_topology_group_sid(b)));
	CU_ASSERT_EQUAL(cadcom_topology_dcs_enroll(a), cadcom_topology_dcs_enroll(b));
	CU_ASSERT_EQUAL_FATAL(cadcom_topology_domain_count(a), cadcom_topology_domain_count(b));
	for (size_t i = 0; i < cadcom_topology_domain_count(a); i++) {
		CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_name(a, i),
				       cadcom_topology_domain_name(b, i));
		CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_netbios(a, i),
				       cadcom_topology_domain_netbios(b, i));
		CU_ASSERT(cadcom_sid_equal(cadcom_topology_domain_sid(a, i),
					   cadcom_topology_domain_sid(b, i)));
		CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_forest(a, i),
				       cadcom_topology_domain_forest(b, i));
		CU_ASSERT_EQUAL(cadcom_topology_domain_enrolls(a, i),
				cadcom_topology_domain_enrolls(b, i));
	}
	CU_ASSERT_EQUAL_FATAL(cadcom_topology_trust_count(a), cadcom_topology_trust_count(b));
	for (size_t i = 0; i < cadcom_topology_trust_count(a); i++) {
		size_t ta = 9, tb = 9, da = 9, db = 9;
		int ka = 0, kb = 0;
		CU_ASSERT_EQUAL(cadcom_topology_trust(a, i, &ta, &da, &ka), 0);
		CU_ASSERT_EQUAL(cadcom_topology_trust(b, i, &tb, &db, &kb), 0);
		CU_ASSERT_EQUAL(ta, tb);
		CU_ASSERT_EQUAL(da, db);
		CU_ASSERT_EQUAL(ka, kb);
	}
}

static void test_build_and_read(void)
{
	cadcom_topology *t = example_forest();
	size_t trusting = 9, trusted = 9;
	int kind = 0;

	CU_ASSERT_EQUAL(cadcom_topology_validate(t), 0);
	CU_ASSERT_STRING_EQUAL(cadcom_topology_host(t), "DC1");
	CU_ASSERT_EQUAL(cadcom_topology_role(t), CADCOM_ROLE_DC);
	CU_ASSERT_EQUAL(cadcom_topology_generation(t), CADCOM_GENERATION_2008);
	CU_ASSERT_STRING_EQUAL(cadcom_topology_ca_name(t), "Contoso Issuing CA");
	CU_ASSERT_EQUAL(cadcom_topology_ca_domain(t), 0);
	CU_ASSERT_PTR_NULL(cadcom_topology_machine_sid(t));
	CU_ASSERT_PTR_NULL(cadcom_topology_group_sid(t));
	CU_ASSERT_EQUAL(cadcom_topology_domain_count(t), 3);
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_name(t, 1), "fabrikam.test");
	/* The NetBIOS name defaults to the first label in upper case. */
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_netbios(t, 0), "CONTOSO");
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_netbios(t, 2), "NWIND");
	assert_sid_is(cadcom_topology_domain_sid(t, 1), "S-1-5-21-4-5-6");
	/* The forest is named as the root was added, whatever the caller typed. */
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_forest(t, 1), "contoso.test");
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_forest(t, 2), "northwind.test");
	CU_ASSERT_EQUAL(cadcom_topology_domain_enrolls(t, 0), 1);
	CU_ASSERT_EQUAL(cadcom_topology_domain_enrolls(t, 1), 1);
	CU_ASSERT_EQUAL(cadcom_topology_domain_enrolls(t, 2), 0);
	CU_ASSERT_EQUAL(cadcom_topology_dcs_enroll(t), 1);
	CU_ASSERT_EQUAL(cadcom_topology_trust_count(t), 2);
	CU_ASSERT_EQUAL(cadcom_topology_trust(t, 1, &trusting, &trusted, &kind), 0);
	CU_ASSERT_EQUAL(trusting, 2);
	CU_ASSERT_EQUAL(trusted, 0);
	CU_ASSERT_EQUAL(kind, CADCOM_TRUST_EXTERNAL);
	CU_ASSERT_EQUAL(cadcom_topology_trust(t, 2, &trusting, NULL, NULL), CADCOM_ENOTFOUND);
	assert_message("topology: no trust 2 (there are 2)");

	/* Out of range and NULL. */
	CU_ASSERT_PTR_NULL(cadcom_topology_domain_name(t, 3));
	CU_ASSERT_PTR_NULL(cadcom_topology_domain_sid(t, 3));
	CU_ASSERT_PTR_NULL(cadcom_topology_domain_forest(t, 3));
	CU_ASSERT_EQUAL(cadcom_topology_domain_enrolls(t, 3), 0);
	CU_ASSERT_PTR_NULL(cadcom_topology_host(NULL));
	CU_ASSERT_EQUAL(cadcom_topology_ca_domain(NULL), -1);
	CU_ASSERT_EQUAL(cadcom_topology_domain_count(NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_trust(NULL, 0, NULL, NULL, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_validate(NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_new(NULL), CADCOM_EINVAL);
	cadcom_topology_free(NULL);
	cadcom_topology_free(t);
}

static void test_json_round_trip(void)
{
	cadcom_topology *t = example_forest(), *t2, *t3;
	char *s1 = to_json(t), *s2, *s3;

	if (strcmp(s1, example_json))
		fprintf(stderr, "\n  got\n%s", s1);
	CU_ASSERT_STRING_EQUAL(s1, example_json);
	t2 = from_json(s1);
	assert_same(t, t2);
	s2 = to_json(t2);
	CU_ASSERT_STRING_EQUAL(s2, s1);
	cadcom_free(s1);
	cadcom_free(s2);
	cadcom_topology_free(t2);
	cadcom_topology_free(t);

	/* A member CA with every optional field; fields in another order,
	 * defaults left out.  Written back in the canonical form. */
	t = from_json("{\"enroll\": {\"domain_controllers\": false, \"domains\": [\"CONTOSO.TEST\"]},\n"
		      " \"domains\": [{\"sid\": \"S-1-5-21-1-2-3\", \"name\": \"contoso.test\"}],\n"
		      " \"ca\": {\"group_sid\": \"S-1-5-21-70-80-90-1001\", \"role\": \"member\",\n"
		      "        \"machine_sid\": \"S-1-5-21-70-80-0x5a\", \"domain\": \"Contoso.Test\",\n"
		      "        \"generation\": 2003, \"host\": \"CA01\", \"name\": \"Ünïcode CA\"},\n"
		      " \"format\": \"cadcom-topology-1\"}");
	assert_sid_is(cadcom_topology_machine_sid(t), "S-1-5-21-70-80-90");
	assert_sid_is(cadcom_topology_group_sid(t), "S-1-5-21-70-80-90-1001");
	CU_ASSERT_EQUAL(cadcom_topology_trust_count(t), 0);
	s1 = to_json(t);
	CU_ASSERT_STRING_EQUAL(s1, "{\n"
				   "  \"format\": \"cadcom-topology-1\",\n"
				   "  \"ca\": {\n"
				   "    \"host\": \"CA01\",\n"
				   "    \"name\": \"Ünïcode CA\",\n"
				   "    \"role\": \"member\",\n"
				   "    \"generation\": 2003,\n"
				   "    \"domain\": \"contoso.test\",\n"
				   "    \"machine_sid\": \"S-1-5-21-70-80-90\",\n"
				   "    \"group_sid\": \"S-1-5-21-70-80-90-1001\"\n"
				   "  },\n"
				   "  \"domains\": [\n"
				   "    {\n"
				   "      \"name\": \"contoso.test\",\n"
				   "      \"netbios\": \"CONTOSO\",\n"
				   "      \"sid\": \"S-1-5-21-1-2-3\",\n"
				   "      \"forest\": \"contoso.test\"\n"
				   "    }\n"
				   "  ],\n"
				   "  \"trusts\": [],\n"
				   "  \"enroll\": {\n"
				   "    \"domains\": [\n"
				   "      \"contoso.test\"\n"
				   "    ],\n"
				   "    \"domain_controllers\": false\n"
				   "  }\n"
				   "}\n");
	t2 = from_json(s1);
	assert_same(t, t2);
	s2 = to_json(t2);
	CU_ASSERT_STRING_EQUAL(s2, s1);

	/* A standalone CA: no domain, nothing enrols by domain. */
	t3 = from_json("{\"format\": \"cadcom-topology-1\", \"ca\": {\"host\": \"WG-CA\", \"role\": "
		       "\"standalone\", \"generation\": 2008}, \"domains\": [], \"enroll\": "
		       "{\"domains\": [], \"domain_controllers\": false}}");
	s3 = to_json(t3);
	CU_ASSERT_STRING_EQUAL(s3, "{\n  \"format\": \"cadcom-topology-1\",\n  \"ca\": {\n"
				   "    \"host\": \"WG-CA\",\n    \"role\": \"standalone\",\n"
				   "    \"generation\": 2008\n  },\n  \"domains\": [],\n"
				   "  \"trusts\": [],\n  \"enroll\": {\n    \"domains\": [],\n"
				   "    \"domain_controllers\": false\n  }\n}\n");
	CU_ASSERT_EQUAL(cadcom_topology_ca_domain(t3), -1);
	CU_ASSERT_PTR_NULL(cadcom_topology_ca_name(t3));

	/* Nothing to write without a host. */
	cadcom_topology *empty = NULL;
	char *none = (char *)"x";
	CU_ASSERT_EQUAL(cadcom_topology_new(&empty), 0);
	CU_ASSERT_EQUAL(cadcom_topology_to_json(empty, &none), CADCOM_EINVAL);
	CU_ASSERT_PTR_NULL(none);
	cadcom_topology_free(empty);

	cadcom_free(s1);
	cadcom_free(s2);
	cadcom_free(s3);
	cadcom_topology_free(t);
	cadcom_topology_free(t2);
	cadcom_topology_free(t3);
}

static void test_env(void)
{
	cadcom_topology *t = example_forest();
	cadcom_sid *machine = cu_sid("S-1-5-21-70-80-90"), *local = cu_sid("S-1-5-21-70-80-90-1000"),
		   *du = cu_sid("S-1-5-21-1-2-3-513");
	cadcom_principal *group = NULL, *member = NULL;
	cadcom_env *env = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_env(t, &env), 0);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "contoso.test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "fabrikam.test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "fabrikam.test", "contoso.test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "northwind.test"), 1);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "northwind.test", "contoso.test"), 1);
	/* External trusts are not transitive, nor do they reach the forest. */
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "fabrikam.test", "northwind.test"), 0);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "northwind.test", "fabrikam.test"), 0);
	CU_ASSERT_EQUAL(cadcom_env_trusts(env, "contoso.test", "tailspin.test"), CADCOM_ENOTFOUND);
	/* A DC has no SAM of its own: the host is not a computer of the env,
	 * so its name is free. */
	CU_ASSERT_EQUAL(cadcom_env_add_machine(env, "DC1", machine, NULL), 0);
	cadcom_env_free(env);
	env = NULL;

	/* A member CA with a machine SID is a computer joined to its domain. */
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "CA01", CADCOM_ROLE_MEMBER,
						 CADCOM_GENERATION_2003), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_machine_sid(t, machine), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_topology_env(t, &env), 0);
	CU_ASSERT_EQUAL(cadcom_env_add_machine(env, "ca01", machine, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_principal_new(&group, CADCOM_PRINCIPAL_GROUP,
					     CADCOM_SCOPE_COMPUTER_LOCAL, local, NULL,
					     "CA01\\CERTSVC_DCOM_ACCESS"), 0);
	CU_ASSERT_EQUAL(cadcom_principal_new(&member, CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_GLOBAL, du,
					     NULL, "CONTOSO\\Domain Users"), 0);
	CU_ASSERT_EQUAL(cadcom_scope_may_contain(env, group, member, NULL), 1);
	CU_ASSERT_EQUAL(cadcom_scope_member_form(env, group, member), CADCOM_MEMBER_SID);
	cadcom_env_free(env);
	env = NULL;

	/* Standalone: the computer is in no domain, so domain groups stay out. */
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "CA01", CADCOM_ROLE_STANDALONE,
						 CADCOM_GENERATION_2003), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_domain(t, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_dcs_enroll(t, 0), 0);
	CU_ASSERT_EQUAL(cadcom_topology_env(t, &env), CADCOM_EINVAL); /* enroll domains left */
	assert_message("topology: a standalone CA has no enroll domains (no domain trusts it to "
		       "name their members), yet \"contoso.test\" is one");
	CU_ASSERT_PTR_NULL(env);
	cadcom_topology_free(t);
	t = from_json("{\"format\": \"cadcom-topology-1\", \"ca\": {\"host\": \"CA01\", \"role\": "
		      "\"standalone\", \"generation\": 2003, \"machine_sid\": \"S-1-5-21-70-80-90\"}, "
		      "\"domains\": [{\"name\": \"contoso.test\", \"sid\": \"S-1-5-21-1-2-3\"}], "
		      "\"enroll\": {\"domains\": [], \"domain_controllers\": false}}");
	CU_ASSERT_EQUAL_FATAL(cadcom_topology_env(t, &env), 0);
	CU_ASSERT_EQUAL(cadcom_scope_may_contain(env, group, member, NULL), 0);
	cadcom_env_free(env);
	env = NULL;

	/* Without a machine SID the host is not in the environment. */
	CU_ASSERT_EQUAL(cadcom_topology_set_machine_sid(t, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_topology_env(t, &env), 0);
	CU_ASSERT_EQUAL(cadcom_scope_may_contain(env, group, member, NULL), CADCOM_ENOTFOUND);
	cadcom_env_free(env);
	CU_ASSERT_EQUAL(cadcom_topology_env(t, NULL), CADCOM_EINVAL);

	cadcom_principal_free(group);
	cadcom_principal_free(member);
	cadcom_sid_free(machine);
	cadcom_sid_free(local);
	cadcom_sid_free(du);
	cadcom_topology_free(t);
}

static void test_setters(void)
{
	cadcom_sid *s1 = cu_sid("S-1-5-21-1-2-3"), *s2 = cu_sid("S-1-5-21-4-5-6"),
		   *s3 = cu_sid("S-1-5-21-7-8-9"), *acct = cu_sid("S-1-5-21-1-2-3-513"),
		   *ba = cu_sid("BA");
	cadcom_topology *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&t), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "DC1", 4, CADCOM_GENERATION_2003), CADCOM_EINVAL);
	assert_message("topology: unknown role 4 (expected CADCOM_ROLE_MEMBER, CADCOM_ROLE_DC or "
		       "CADCOM_ROLE_STANDALONE)");
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "DC1", CADCOM_ROLE_DC, 2012), CADCOM_EINVAL);
	assert_message("topology: unknown generation 2012 (expected 2003 or 2008)");
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "DC 1", CADCOM_ROLE_DC, 2003), CADCOM_EINVAL);
	assert_message("topology: host name \"DC 1\" may hold only printable ASCII without spaces "
		       "or \\/:*?\"<>|");
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "", CADCOM_ROLE_DC, 2003), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, NULL, CADCOM_ROLE_DC, 2003), CADCOM_EINVAL);
	CU_ASSERT_PTR_NULL(cadcom_topology_host(t)); /* nothing was set */
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(t, "Bad\\Name"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(t, "Bad\nName"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(t, "\xc3\x28"), CADCOM_EINVAL); /* not UTF-8 */
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(t, ""), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(t, NULL), 0);

	/* Domains. */
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "contoso.test", NULL, s1, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "CONTOSO.TEST", "OTHER", s2, NULL),
			CADCOM_EINVAL);
	assert_message("topology: domain \"CONTOSO.TEST\" is already added");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "other.test", NULL, s1, NULL), CADCOM_EINVAL);
	assert_message("topology: SID S-1-5-21-1-2-3 of domain \"other.test\" is already the SID of "
		       "\"contoso.test\"");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "other.test", NULL, acct, NULL), CADCOM_EINVAL);
	assert_message("topology: SID S-1-5-21-1-2-3-513 of domain \"other.test\" is not of the form "
		       "S-1-5-21-a-b-c");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "other.test", NULL, ba, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "contoso.other", NULL, s2, NULL), CADCOM_EINVAL);
	assert_message("topology: NetBIOS name \"CONTOSO\" of domain \"contoso.other\" is already the "
		       "NetBIOS name of \"contoso.test\"");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "bad..test", NULL, s2, NULL), CADCOM_EINVAL);
	assert_message("topology: domain name \"bad..test\" is not a DNS name: it has an empty label");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "bad_name.test", NULL, s2, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "-bad.test", NULL, s2, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "bad.test.", NULL, s2, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "x.test", "TOO.DOTTED", s2, NULL),
			CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "x.test", "SIXTEENCHARSLONG", s2, NULL),
			CADCOM_EINVAL);
	assert_message("topology: NetBIOS name \"SIXTEENCHARSLONG\" of domain \"x.test\" is not "
		       "valid: it is longer than 15 characters");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "child.fabrikam.test", NULL, s2,
						   "fabrikam.test"), CADCOM_ENOTFOUND);
	assert_message("topology: forest root \"fabrikam.test\" of domain \"child.fabrikam.test\" is "
		       "not added (add the root first)");
	/* A long first label is cut to NetBIOS's 15 characters. */
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "averyveryverylongname.test", NULL, s2,
						   "contoso.test"), 0);
	CU_ASSERT_STRING_EQUAL(cadcom_topology_domain_netbios(t, 1), "AVERYVERYVERYLO");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "grandchild.test", NULL, s3,
						   "averyveryverylongname.test"), CADCOM_EINVAL);
	assert_message("topology: \"averyveryverylongname.test\", named as the forest root of "
		       "\"grandchild.test\", is not a forest root (its root is \"contoso.test\")");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "northwind.test", NULL, s3, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_domain_count(t), 3);

	/* Trusts. */
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "contoso.test", "tailspin.test",
						  CADCOM_TRUST_EXTERNAL), CADCOM_ENOTFOUND);
	assert_message("topology: trusted domain \"tailspin.test\" is not added");
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "contoso.test", "contoso.test",
						  CADCOM_TRUST_EXTERNAL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "contoso.test", "averyveryverylongname.test",
						  CADCOM_TRUST_EXTERNAL), CADCOM_EINVAL);
	assert_message("topology: \"contoso.test\" and \"averyveryverylongname.test\" are in one "
		       "forest, whose domains already trust each other");
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "averyveryverylongname.test", "northwind.test",
						  CADCOM_TRUST_FOREST), CADCOM_EINVAL);
	assert_message("topology: a forest trust joins forest root domains; "
		       "\"averyveryverylongname.test\" is not one (its root is \"contoso.test\")");
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "contoso.test", "northwind.test", 3),
			CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "contoso.test", "northwind.test",
						  CADCOM_TRUST_FOREST), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, "Contoso.test", "northwind.test",
						  CADCOM_TRUST_EXTERNAL), CADCOM_EINVAL);
	assert_message("topology: a trust from \"Contoso.test\" to \"northwind.test\" is already added");
	CU_ASSERT_EQUAL(cadcom_topology_trust_count(t), 1);

	/* Enroll domains, CA domain, SIDs. */
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(t, "tailspin.test"), CADCOM_ENOTFOUND);
	assert_message("topology: enroll domain \"tailspin.test\" is not added");
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_domain(t, "tailspin.test"), CADCOM_ENOTFOUND);
	assert_message("topology: the CA's domain \"tailspin.test\" is not added");
	CU_ASSERT_EQUAL(cadcom_topology_set_machine_sid(t, acct), CADCOM_EINVAL);
	assert_message("topology: machine SID S-1-5-21-1-2-3-513 is not of the form S-1-5-21-a-b-c");
	CU_ASSERT_EQUAL(cadcom_topology_set_group_sid(t, s1), CADCOM_EINVAL);
	assert_message("topology: group SID S-1-5-21-1-2-3 is not the SID of a domain or computer "
		       "group (S-1-5-21-a-b-c-RID)");
	CU_ASSERT_PTR_NULL(cadcom_topology_machine_sid(t));
	CU_ASSERT_PTR_NULL(cadcom_topology_group_sid(t));
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(NULL, "a.test", NULL, s1, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, NULL, NULL, s1, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_trust(t, NULL, "a.test", 1), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(t, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_set_dcs_enroll(NULL, 1), CADCOM_EINVAL);

	cadcom_sid_free(s1);
	cadcom_sid_free(s2);
	cadcom_sid_free(s3);
	cadcom_sid_free(acct);
	cadcom_sid_free(ba);
	cadcom_topology_free(t);
}

static void assert_invalid(const cadcom_topology *t, const char *want)
{
	CU_ASSERT_EQUAL(cadcom_topology_validate(t), CADCOM_EINVAL);
	assert_message(want);
}

static void test_validate(void)
{
	cadcom_sid *contoso = cu_sid("S-1-5-21-1-2-3"), *machine = cu_sid("S-1-5-21-70-80-90"),
		   *dgroup = cu_sid("S-1-5-21-1-2-3-1105"), *mgroup = cu_sid("S-1-5-21-70-80-90-1000"),
		   *other = cu_sid("S-1-5-21-71-81-91");
	cadcom_topology *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&t), 0);
	assert_invalid(t, "topology: the CA host is not set (its name, role and generation)");
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "DC1", CADCOM_ROLE_DC, CADCOM_GENERATION_2003), 0);
	assert_invalid(t, "topology: a domain controller CA needs its domain, and none is set");
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "CA01", CADCOM_ROLE_MEMBER,
						 CADCOM_GENERATION_2003), 0);
	assert_invalid(t, "topology: a member server CA needs its domain, and none is set");
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "contoso.test", NULL, contoso, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_domain(t, "contoso.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "Contoso.Test", CADCOM_ROLE_MEMBER,
						 CADCOM_GENERATION_2003), 0);
	assert_invalid(t, "topology: the CA host \"Contoso.Test\" has the name of a domain");
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "CA01", CADCOM_ROLE_MEMBER,
						 CADCOM_GENERATION_2003), 0);
	/* A member 2003 CA needs no machine SID (the planner finds it). */
	CU_ASSERT_EQUAL(cadcom_topology_validate(t), 0);

	/* Its CERTSVC_DCOM_ACCESS is computer-local: not a domain group... */
	CU_ASSERT_EQUAL(cadcom_topology_set_group_sid(t, dgroup), 0);
	assert_invalid(t, "topology: on a member server CA CERTSVC_DCOM_ACCESS is a group of the "
			  "computer's own SAM, but S-1-5-21-1-2-3-1105 is in domain \"contoso.test\"");
	/* ... and in the machine's SAM when its SID is known. */
	CU_ASSERT_EQUAL(cadcom_topology_set_machine_sid(t, other), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_group_sid(t, mgroup), 0);
	assert_invalid(t, "topology: on a member server CA CERTSVC_DCOM_ACCESS is a group of the "
			  "computer's own SAM (S-1-5-21-71-81-91), but S-1-5-21-70-80-90-1000 is not "
			  "in it");
	CU_ASSERT_EQUAL(cadcom_topology_set_machine_sid(t, machine), 0);
	CU_ASSERT_EQUAL(cadcom_topology_validate(t), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_machine_sid(t, contoso), 0);
	assert_invalid(t, "topology: machine SID S-1-5-21-1-2-3 is the SID of domain \"contoso.test\"");
	CU_ASSERT_EQUAL(cadcom_topology_set_machine_sid(t, machine), 0);

	/* 2008 and later use the builtin group. */
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "CA01", CADCOM_ROLE_MEMBER,
						 CADCOM_GENERATION_2008), 0);
	assert_invalid(t, "topology: a 2008-generation CA uses the builtin Certificate Service DCOM "
			  "Access (S-1-5-32-574); a group SID names the 2003 generation's "
			  "CERTSVC_DCOM_ACCESS");

	/* A DC: no SAM of its own; the group is in its domain. */
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "DC1", CADCOM_ROLE_DC, CADCOM_GENERATION_2003), 0);
	assert_invalid(t, "topology: a domain controller has no SAM of its own (its accounts are its "
			  "domain's), so it has no machine SID");
	CU_ASSERT_EQUAL(cadcom_topology_set_machine_sid(t, NULL), 0);
	assert_invalid(t, "topology: on a domain controller CERTSVC_DCOM_ACCESS is a domain local "
			  "group of the CA's domain \"contoso.test\" (S-1-5-21-1-2-3), but "
			  "S-1-5-21-70-80-90-1000 is not in it");
	CU_ASSERT_EQUAL(cadcom_topology_set_group_sid(t, dgroup), 0);
	CU_ASSERT_EQUAL(cadcom_topology_validate(t), 0);

	/* Standalone: no domain, no enroll domains, no DCs. */
	CU_ASSERT_EQUAL(cadcom_topology_set_group_sid(t, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "WG", CADCOM_ROLE_STANDALONE,
						 CADCOM_GENERATION_2003), 0);
	assert_invalid(t, "topology: a standalone CA belongs to no domain, yet its domain is "
			  "\"contoso.test\"");
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_domain(t, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_validate(t), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(t, "contoso.test"), 0);
	assert_invalid(t, "topology: a standalone CA has no enroll domains (no domain trusts it to "
			  "name their members), yet \"contoso.test\" is one");
	cadcom_topology_free(t);
	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&t), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "WG", CADCOM_ROLE_STANDALONE,
						 CADCOM_GENERATION_2008), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_dcs_enroll(t, 1), 0);
	assert_invalid(t, "topology: a standalone CA has no enroll domains whose domain controllers "
			  "could enrol");

	cadcom_sid_free(contoso);
	cadcom_sid_free(machine);
	cadcom_sid_free(dgroup);
	cadcom_sid_free(mgroup);
	cadcom_sid_free(other);
	cadcom_topology_free(t);
}

/* from_json(text) fails with `code` and exactly `message`. */
static void assert_json_error(const char *text, size_t len, int code, const char *message)
{
	cadcom_topology *t = (cadcom_topology *)&t;

	CU_ASSERT_EQUAL(cadcom_topology_from_json(&t, text, len, "bad.json"), code);
	CU_ASSERT_PTR_NULL(t);
	assert_message(message);
	cadcom_topology_free(t);
}

#define JSON_ERROR(text, code, message) assert_json_error((text), strlen(text), (code), (message))

/* A valid member-CA document around `ca_role` (line 4) and `extra`. */
static char *doc(const char *ca_role, const char *enroll, const char *extra)
{
	static char buf[2048];

	snprintf(buf, sizeof(buf),
		 "{\n"
		 "  \"format\": \"cadcom-topology-1\",\n"
		 "  \"ca\": { \"host\": \"CA01\",\n"
		 "    %s,\n"
		 "    \"generation\": 2003, \"domain\": \"contoso.test\" },\n"
		 "  \"domains\": [\n"
		 "    { \"name\": \"contoso.test\", \"sid\": \"S-1-5-21-1-2-3\" },\n"
		 "    { \"name\": \"fabrikam.test\", \"sid\": \"S-1-5-21-4-5-6\" }\n"
		 "  ],\n"
		 "  \"enroll\": { \"domains\": [%s], \"domain_controllers\": false }%s\n"
		 "}\n", ca_role, enroll, extra);
	return buf;
}

static void test_json_errors(void)
{
	cadcom_topology *t = NULL;

	/* The document itself is fine. */
	char *ok = strdup(doc("\"role\": \"member\"", "\"contoso.test\"", ""));
	CU_ASSERT_EQUAL(cadcom_topology_from_json(&t, ok, strlen(ok), "ok.json"), 0);
	cadcom_topology_free(t);

	/* Syntax: jansson's line and column. */
	JSON_ERROR("{\n  \"format\": \"cadcom-topology-1\",\n  \"ca\": {\n    \"host\" \"DC1\"\n",
		   CADCOM_EPARSE, "bad.json:4:16: ':' expected near '\"DC1\"'");
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 61);
	JSON_ERROR("", CADCOM_EPARSE, "bad.json:1:0: '[' or '{' expected near end of file");
	JSON_ERROR(doc("\"role\": \"member\", \"role\": \"dc\"", "", ""), CADCOM_EPARSE,
		   "bad.json:4:28: duplicate object key near '\"role\"'");

	/* jansson would skip this NUL; JSON has no place for one. */
	assert_json_error("{\"a\": 2008\0,\n \"b\": 1}", 20, CADCOM_EPARSE,
			  "bad.json:1:11: NUL byte in the text");
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 10);
	assert_json_error("{\n\0}", 4, CADCOM_EPARSE, "bad.json:2:1: NUL byte in the text");

	/* Meaning: source, line, path. */
	JSON_ERROR(doc("\"role\": \"king\"", "", ""), CADCOM_EPARSE,
		   "bad.json:4: ca.role: unknown role \"king\" (expected \"member\", \"dc\" or "
		   "\"standalone\")");
	JSON_ERROR(doc("\"rol\": \"member\"", "", ""), CADCOM_EPARSE,
		   "bad.json:4: ca.rol: unknown field; ca has host, name, role, generation, domain, "
		   "machine_sid and group_sid");
	JSON_ERROR(doc("\"role\": \"member\"", "", ",\n  \"trust\": []"), CADCOM_EPARSE,
		   "bad.json:11: trust: unknown field; the top level has format, ca, domains, trusts "
		   "and enroll");
	JSON_ERROR(doc("\"role\": 1", "", ""), CADCOM_EPARSE,
		   "bad.json:4: ca.role: must be a string, not an integer");
	JSON_ERROR(doc("\"role\": \"member\"", "\"contoso.test\", 7", ""), CADCOM_EPARSE,
		   "bad.json:10: enroll.domains[1]: must be a string, not an integer");
	JSON_ERROR(doc("\"role\": \"member\"", "", ",\n  \"trusts\": {}"), CADCOM_EPARSE,
		   "bad.json:11: trusts: must be an array, not an object");
	JSON_ERROR(doc("\"name\": \"x\"", "", ""), CADCOM_EPARSE,
		   "bad.json:3: ca: missing field \"role\"");
	JSON_ERROR("{\"format\": \"cadcom-topology-1\", \"ca\": {\"host\": \"x\", \"role\": "
		   "\"standalone\", \"generation\": 2008}, \"domains\": []}", CADCOM_EPARSE,
		   "bad.json: top level: missing field \"enroll\"");
	JSON_ERROR("[]", CADCOM_EPARSE, "bad.json: top level: a topology is a JSON object, not an "
		   "array");
	JSON_ERROR("{\"format\": \"cadcom-topology-2\"}", CADCOM_EUNSUPPORTED,
		   "bad.json:1: format: unsupported format \"cadcom-topology-2\" (expected "
		   "\"cadcom-topology-1\")");
	JSON_ERROR("{\"format\": \"cadcom-topology-1\",\n \"ca\": {\"host\": \"x\", \"role\": \"dc\",\n"
		   "  \"generation\": 2012}, \"domains\": [], \"enroll\": {}}", CADCOM_EPARSE,
		   "bad.json:3: ca.generation: unknown generation 2012 (expected 2003 for Windows "
		   "Server 2003 SP1, or 2008 for Windows Server 2008 and later)");
	JSON_ERROR(doc("\"role\": \"member\", \"machine_sid\": \"BA\"", "", ""), CADCOM_EPARSE,
		   "bad.json:4: ca.machine_sid: \"BA\" is not a SID (S-1-...)");
	JSON_ERROR(doc("\"role\": \"member\", \"machine_sid\": \"S-1-5-21-x\"", "", ""),
		   CADCOM_EPARSE, "bad.json:4: ca.machine_sid: \"S-1-5-21-x\" is not a SID (SID: "
		   "sub-authority missing at offset 9)");
	JSON_ERROR(doc("\"role\": \"member\", \"machine_sid\": \"S-1-5-21-1-2\"", "", ""),
		   CADCOM_EINVAL, "bad.json:4: ca.machine_sid: machine SID S-1-5-21-1-2 is not of the "
		   "form S-1-5-21-a-b-c");

	/* Rules of the setters and of validate(), at the field concerned. */
	JSON_ERROR(doc("\"role\": \"member\"", "\"contoso.test\", \"tailspin.test\"", ""),
		   CADCOM_ENOTFOUND,
		   "bad.json:10: enroll.domains[1]: enroll domain \"tailspin.test\" is not added");
	JSON_ERROR(doc("\"role\": \"standalone\"", "", ""), CADCOM_EINVAL,
		   "bad.json:5: ca.domain: a standalone CA belongs to no domain, yet its domain is "
		   "\"contoso.test\"");
	JSON_ERROR(doc("\"role\": \"member\"", "", ",\n  \"trusts\": [ { \"trusting\": "
		       "\"contoso.test\",\n    \"trusted\": \"Contoso.Test\", \"kind\": \"forest\" } ]"),
		   CADCOM_EINVAL, "bad.json:12: trusts[0].trusted: domain \"contoso.test\" cannot "
		   "trust itself");
	JSON_ERROR(doc("\"role\": \"member\"", "", ",\n  \"trusts\": [ { \"trusting\": "
		       "\"contoso.test\",\n    \"trusted\": \"fabrikam.test\", \"kind\": \"shortcut\" } ]"),
		   CADCOM_EPARSE, "bad.json:12: trusts[0].kind: unknown trust kind \"shortcut\" "
		   "(expected \"external\" or \"forest\")");
	JSON_ERROR("{\"format\": \"cadcom-topology-1\",\n \"ca\": {\"host\": \"x\", \"role\": \"dc\", "
		   "\"generation\": 2008, \"domain\": \"a.test\"},\n \"domains\": [\n"
		   "  {\"name\": \"a.test\", \"sid\": \"S-1-5-21-1-2-3\"},\n"
		   "  {\"name\": \"b.test\",\n   \"sid\": \"S-1-5-21-1-2-3\"}],\n"
		   " \"enroll\": {\"domains\": [], \"domain_controllers\": true}}",
		   CADCOM_EINVAL, "bad.json:6: domains[1].sid: SID S-1-5-21-1-2-3 of domain \"b.test\" "
		   "is already the SID of \"a.test\"");
	JSON_ERROR("{\"format\": \"cadcom-topology-1\",\n \"ca\": {\"host\": \"x\", \"role\": \"dc\", "
		   "\"generation\": 2008},\n \"domains\": [],\n"
		   " \"enroll\": {\"domains\": [], \"domain_controllers\": true}}",
		   CADCOM_EINVAL, "bad.json:2: ca: a domain controller CA needs its domain, and none "
		   "is set");

	/* Size: 1 MiB is the limit. */
	size_t big = 1024 * 1024;
	char *text = malloc(big + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	memset(text, ' ', big + 1);
	memcpy(text, ok, strlen(ok));
	CU_ASSERT_EQUAL(cadcom_topology_from_json(&t, text, big, "big.json"), 0);
	cadcom_topology_free(t);
	t = NULL;
	CU_ASSERT_EQUAL(cadcom_topology_from_json(&t, text, big + 1, "big.json"), CADCOM_ELIMIT);
	assert_message("big.json: the topology is 1048577 bytes, more than the limit of 1048576 "
		       "(1 MiB)");
	CU_ASSERT_PTR_NULL(t);
	free(text);
	free(ok);
	CU_ASSERT_EQUAL(cadcom_topology_from_json(&t, NULL, 0, "x"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_topology_from_json(NULL, "{}", 2, "x"), CADCOM_EINVAL);
	/* Without a source name. */
	CU_ASSERT_EQUAL(cadcom_topology_from_json(&t, "{", 1, NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(strncmp(last_message(), "(json):1:", 9), 0);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "build by API and read back", test_build_and_read },
		{ "JSON round trip", test_json_round_trip },
		{ "scope environment", test_env },
		{ "setters refuse bad values", test_setters },
		{ "validate: what is missing", test_validate },
		{ "JSON errors: source, line, field", test_json_errors },
		CU_TEST_INFO_NULL,
	};
	return cu_run("topology", tests);
}
