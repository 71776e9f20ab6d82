/*
 * The layered verdict (verdict.h): each layer in turn the only one denying,
 * a deny ACE defeating an allow, a legacy EXECUTE-only ACE, Group Policy
 * overriding the Ole value, an absent AppID value falling back to the
 * default; tokens from a directory; and the seed's events explained
 * (KB 903220: cause and fix).
 */
#include "cu.h"

#define CONTOSO "S-1-5-21-1-2-3"
#define FABRIKAM "S-1-5-21-4-5-6"
#define GROUP CONTOSO "-1105"
#define OLE "HKLM\\SOFTWARE\\Microsoft\\Ole"
#define APPID "HKLM\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID
#define CA_KEY "HKLM\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration\\Contoso CA"

/* A CA as KB 903220 leaves it: every layer grants what enrolment needs. */
#define GOOD_ML "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCSWRP;;;" GROUP ")"
#define GOOD_MA "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;" GROUP ")"
#define GOOD_LP "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCSWRP;;;WD)"
#define GOOD_AP "O:BAG:BAD:(A;;CCDCLC;;;SY)(A;;CCDCLC;;;WD)"
#define GOOD_CA "O:BAG:SYD:(A;;0x3;;;BA)(A;;0x200;;;AU)"

static cadcom_topology *topology(void)
{
	cadcom_topology *t = NULL;
	cadcom_sid *c = cu_sid(CONTOSO), *f = cu_sid(FABRIKAM), *g = cu_sid(GROUP);

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&t), 0);
	cadcom_topology_set_host(t, "DC1", CADCOM_ROLE_DC, CADCOM_GENERATION_2003);
	cadcom_topology_set_ca_name(t, "Contoso CA");
	cadcom_topology_add_domain(t, "contoso.test", "CONTOSO", c, NULL);
	cadcom_topology_add_domain(t, "fabrikam.test", "FABRIKAM", f, "contoso.test");
	cadcom_topology_set_ca_domain(t, "contoso.test");
	cadcom_topology_set_group_sid(t, g);
	CU_ASSERT_EQUAL(cadcom_topology_validate(t), 0);
	cadcom_sid_free(c);
	cadcom_sid_free(f);
	cadcom_sid_free(g);
	return t;
}

/* Everything granting; `layer` (a CADCOM_LAYER_*, or 0) gets `sddl` instead. */
static cadcom_target *target(int layer, const char *sddl)
{
	cadcom_target *t = NULL;
	cadcom_registry *reg;

	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_memory(&t), 0);
	reg = cadcom_target_registry(t);
	cu_set_sddl(reg, OLE, "MachineLaunchRestriction",
		    layer == CADCOM_LAYER_MACHINE_LAUNCH ? sddl : GOOD_ML);
	cu_set_sddl(reg, OLE, "MachineAccessRestriction",
		    layer == CADCOM_LAYER_MACHINE_ACCESS ? sddl : GOOD_MA);
	cu_set_sddl(reg, APPID, "LaunchPermission", layer == CADCOM_LAYER_APP_LAUNCH ? sddl : GOOD_LP);
	cu_set_sddl(reg, APPID, "AccessPermission", layer == CADCOM_LAYER_APP_ACCESS ? sddl : GOOD_AP);
	cu_set_sddl(reg, CA_KEY, "Security", layer == CADCOM_LAYER_CA_SECURITY ? sddl : GOOD_CA);
	return t;
}

/* A contoso user in the group, enrolling from another computer. */
#define ENROLLEE CONTOSO "-1106," CONTOSO "-513," GROUP ",S-1-1-0,S-1-5-11,S-1-5-2"

static cadcom_verdict *verdict(cadcom_target *t, const char *token_text, int remote)
{
	cadcom_topology *topo = topology();
	cadcom_token *tok = NULL;
	cadcom_verdict *v = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_token_from_string(&tok, token_text, NULL), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_verdict_compute(topo, t, tok, remote, &v), 0);
	cadcom_token_free(tok);
	cadcom_topology_free(topo);
	return v;
}

/* The results in layer order: "GGDGG-" (granted, denied, not evaluated). */
static void assert_results(const cadcom_verdict *v, const char *want)
{
	char got[16] = "";

	for (size_t i = 0; i < cadcom_verdict_count(v) && i < sizeof(got) - 1; i++) {
		int r = cadcom_verdict_result(v, i);
		got[i] = r == CADCOM_VERDICT_GRANTED ? 'G' : r == CADCOM_VERDICT_DENIED ? 'D' : '-';
	}
	if (strcmp(got, want)) {
		char *text = NULL;
		cadcom_verdict_to_text(v, &text);
		fprintf(stderr, "\n  want %s got %s\n%s", want, got, text);
		cadcom_free(text);
	}
	CU_ASSERT_STRING_EQUAL(got, want);
}

static const char *text_of(const cadcom_verdict *v, int layer, bool fix)
{
	for (size_t i = 0; i < cadcom_verdict_count(v); i++)
		if (cadcom_verdict_layer(v, i) == layer)
			return fix ? cadcom_verdict_fix(v, i) : cadcom_verdict_text(v, i);
	return NULL;
}

#define ASSERT_HAS(s, part)                                                                    \
	do {                                                                                   \
		const char *s_ = (s);                                                          \
		if (!s_ || !strstr(s_, (part)))                                                \
			fprintf(stderr, "\n  want \"%s\" in \"%s\"\n", (part), s_ ? s_ : "(null)"); \
		CU_ASSERT(s_ && strstr(s_, (part)));                                           \
	} while (0)

static void test_all_granted(void)
{
	cadcom_target *t = target(0, NULL);
	cadcom_verdict *v = verdict(t, ENROLLEE, 1);

	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 1);
	/* machine launch, app launch, machine access, app access, CA, template */
	assert_results(v, "GGGGG-");
	CU_ASSERT_EQUAL(cadcom_verdict_layer(v, 0), CADCOM_LAYER_MACHINE_LAUNCH);
	CU_ASSERT_EQUAL(cadcom_verdict_layer(v, 1), CADCOM_LAYER_APP_LAUNCH);
	CU_ASSERT_EQUAL(cadcom_verdict_layer(v, 2), CADCOM_LAYER_MACHINE_ACCESS);
	CU_ASSERT_EQUAL(cadcom_verdict_ace(v, 0), 2);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_MACHINE_LAUNCH, false), "grants remote activation: ACE 2");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false), "not evaluated");
	cadcom_verdict_free(v);
	cadcom_target_free(t);
}

/* Each layer in turn the only one denying. */
static void test_each_layer_alone(void)
{
	static const struct {
		int layer;
		const char *sddl, *results, *fix;
	} cases[] = {
		/* The group is not granted remote activation (Everyone only locally). */
		{ CADCOM_LAYER_MACHINE_LAUNCH, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)", "DGGGG-",
		  "grant CONTOSO\\CERTSVC_DCOM_ACCESS remote activation in MachineLaunchRestriction" },
		{ CADCOM_LAYER_APP_LAUNCH, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)", "GDGGG-",
		  "grant Everyone remote activation in LaunchPermission" },
		{ CADCOM_LAYER_MACHINE_ACCESS, "O:BAG:BAD:(A;;CCDC;;;WD)", "GGDGG-",
		  "remote access in MachineAccessRestriction" },
		{ CADCOM_LAYER_APP_ACCESS, "O:BAG:BAD:(A;;CCDCLC;;;SY)", "GGGDG-",
		  "grant Everyone remote access in AccessPermission" },
		{ CADCOM_LAYER_CA_SECURITY, "O:BAG:SYD:(A;;0x3;;;BA)", "GGGGD-",
		  "allow Request Certificates to a group the enrollee is in" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cadcom_target *t = target(cases[i].layer, cases[i].sddl);
		cadcom_verdict *v = verdict(t, ENROLLEE, 1);

		CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 0);
		assert_results(v, cases[i].results);
		ASSERT_HAS(text_of(v, cases[i].layer, true), cases[i].fix);
		cadcom_verdict_free(v);
		cadcom_target_free(t);
	}
}

static void test_deny_defeats_allow(void)
{
	cadcom_target *t = target(CADCOM_LAYER_MACHINE_ACCESS,
				  "O:BAG:BAD:(D;;CCLC;;;S-1-5-11)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;" GROUP ")");
	cadcom_verdict *v = verdict(t, ENROLLEE, 1);

	assert_results(v, "GGDGG-");
	CU_ASSERT_EQUAL(cadcom_verdict_ace(v, 2), 0);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_MACHINE_ACCESS, false),
		   "denies remote access: ACE 0 (D;;CCLC;;;AU) for Authenticated Users");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_MACHINE_ACCESS, true), "remove or narrow that deny ACE");
	cadcom_verdict_free(v);
	/* Locally, the same deny (remote only) lets the caller through. */
	v = verdict(t, ENROLLEE, 0);
	assert_results(v, "GGGGG-");
	cadcom_verdict_free(v);
	cadcom_target_free(t);
}

static void test_legacy_ace(void)
{
	/* An EXECUTE-only ACE means local and remote: it grants remote activation. */
	cadcom_target *t = target(CADCOM_LAYER_APP_LAUNCH, "O:BAG:BAD:(A;;CC;;;BA)(A;;CC;;;WD)");
	cadcom_verdict *v = verdict(t, ENROLLEE, 1);

	assert_results(v, "GGGGG-");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_APP_LAUNCH, false), "ACE 1 (A;;CC;;;WD) for Everyone");
	cadcom_verdict_free(v);
	cadcom_target_free(t);
}

static void test_policy_override(void)
{
	cadcom_target *t = target(0, NULL);
	unsigned char *sz = NULL;
	size_t len;
	cadcom_verdict *v;

	/* The Ole value grants the group; the policy, which wins, does not. */
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("O:BAG:BAD:(A;;CCDC;;;WD)", &sz, &len), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(cadcom_target_registry(t),
					    "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM",
					    "MachineAccessRestriction", CADCOM_REG_SZ, sz, len), 0);
	v = verdict(t, ENROLLEE, 1);
	assert_results(v, "GGDGG-");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_MACHINE_ACCESS, false), "the Group Policy value MachineAccessRestriction");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_MACHINE_ACCESS, true), "change the policy \"DCOM: Machine Access Restrictions");
	cadcom_verdict_free(v);
	cadcom_free(sz);
	cadcom_target_free(t);
}

static void test_absent_app_value(void)
{
	cadcom_target *t = target(0, NULL);
	cadcom_verdict *v;

	/* No LaunchPermission: DefaultLaunchPermission decides. */
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(cadcom_target_registry(t), APPID, "LaunchPermission"), 0);
	cu_set_sddl(cadcom_target_registry(t), OLE, "DefaultLaunchPermission",
		    "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)");
	v = verdict(t, ENROLLEE, 1);
	assert_results(v, "GDGGG-");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_APP_LAUNCH, false), "DefaultLaunchPermission (CertSrv Request has no LaunchPermission)");
	cadcom_verdict_free(v);
	/* With that gone too, Windows' built-in default decides. */
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(cadcom_target_registry(t), OLE, "DefaultLaunchPermission"), 0);
	v = verdict(t, ENROLLEE, 1);
	assert_results(v, "GDGGG-");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_APP_LAUNCH, false), "Windows' default for LaunchPermission");
	cadcom_verdict_free(v);
	cadcom_target_free(t);
}

/* ---- tokens from the directory, and the seed's events ---- */

static void add(cadcom_directory *dir, const char *sid, const char *name, int kind, int scope)
{
	cadcom_sid *s = cu_sid(sid);

	CU_ASSERT_EQUAL(cadcom_directory_add(dir, s, name, kind, scope), 0);
	cadcom_sid_free(s);
}

static void member(cadcom_directory *dir, const char *group, const char *m)
{
	cadcom_sid *g = cu_sid(group), *s = cu_sid(m);

	CU_ASSERT_EQUAL(cadcom_directory_add_member(dir, g, s), 1);
	cadcom_sid_free(g);
	cadcom_sid_free(s);
}

/* The KB's domain controller CA: the group holds Domain Users and Domain
 * Computers; `dc` is a DC (primary group Domain Controllers), `ws` a
 * fabrikam workstation. */
static cadcom_target *forest(const char *dc, const char *ws)
{
	cadcom_target *t = target(0, NULL);
	cadcom_directory *dir = cadcom_target_directory(t);

	add(dir, GROUP, "CONTOSO\\CERTSVC_DCOM_ACCESS", CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_DOMAIN_LOCAL);
	add(dir, CONTOSO "-513", "CONTOSO\\Domain Users", CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_GLOBAL);
	add(dir, CONTOSO "-515", "CONTOSO\\Domain Computers", CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_GLOBAL);
	add(dir, CONTOSO "-516", "CONTOSO\\Domain Controllers", CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_GLOBAL);
	add(dir, FABRIKAM "-515", "FABRIKAM\\Domain Computers", CADCOM_PRINCIPAL_GROUP, CADCOM_SCOPE_GLOBAL);
	add(dir, CONTOSO "-1001", dc, CADCOM_PRINCIPAL_COMPUTER, CADCOM_SCOPE_NONE);
	add(dir, FABRIKAM "-1104", ws, CADCOM_PRINCIPAL_COMPUTER, CADCOM_SCOPE_NONE);
	member(dir, GROUP, CONTOSO "-513");
	member(dir, GROUP, CONTOSO "-515");
	member(dir, CONTOSO "-516", CONTOSO "-1001");
	member(dir, FABRIKAM "-515", FABRIKAM "-1104");
	return t;
}

static void test_token_from_directory(void)
{
	cadcom_target *t = forest("CONTOSO\\DC1$", "FABRIKAM\\WS01$");
	cadcom_directory *dir = cadcom_target_directory(t);
	cadcom_sid *ws = cu_sid(FABRIKAM "-1104"), *g = cu_sid(GROUP);
	cadcom_token *tok = NULL;
	char *text = NULL;

	/* Nesting is followed: the group holding Domain Computers of contoso is
	 * not reached from a fabrikam workstation... */
	CU_ASSERT_EQUAL_FATAL(cadcom_token_from_directory(dir, ws, CADCOM_LOGON_NETWORK, &tok), 0);
	cadcom_token_to_string(tok, &text);
	CU_ASSERT_STRING_EQUAL(text, FABRIKAM "-1104,S-1-5-2,S-1-1-0,S-1-5-11," FABRIKAM "-515");
	CU_ASSERT_EQUAL(cadcom_token_has_sid(tok, g), 0);
	cadcom_free(text);
	cadcom_token_free(tok);
	/* ...but once fabrikam's Domain Computers is in it, it is. */
	member(dir, GROUP, FABRIKAM "-515");
	CU_ASSERT_EQUAL_FATAL(cadcom_token_from_directory(dir, ws, CADCOM_LOGON_NETWORK, &tok), 0);
	CU_ASSERT_EQUAL(cadcom_token_has_sid(tok, g), 1);
	cadcom_token_free(tok);
	cadcom_sid_free(ws);
	cadcom_sid_free(g);
	cadcom_target_free(t);
}

static cadcom_events *events_of(const char *file)
{
	char path[1024], *text;
	cadcom_events *ev = NULL;
	FILE *f = fopen(cu_data_path(path, sizeof(path), file), "rb");
	long n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t)n + 1);
	CU_ASSERT_EQUAL_FATAL(fread(text, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(cadcom_events_parse(&ev, text, (size_t)n, file), 0);
	free(text);
	return ev;
}

/* The cause and the fix for event `index` of `file`, with the computer the
 * event names being a DC (dc) or a fabrikam workstation. */
static void assert_diagnosis(const char *file, size_t index, bool dc, const char *cause,
			     const char *fix)
{
	cadcom_events *ev = events_of(file);
	const char *computer = cadcom_events_computer(ev, index);
	char name[300];
	cadcom_target *t;
	cadcom_topology *topo = topology();
	cadcom_verdict *v = NULL;

	CU_ASSERT_PTR_NOT_NULL_FATAL(computer);
	snprintf(name, sizeof(name), dc ? "CONTOSO\\%s$" : "FABRIKAM\\%s$", computer);
	t = dc ? forest(name, "FABRIKAM\\OTHER$") : forest("CONTOSO\\OTHER$", name);
	CU_ASSERT_EQUAL(cadcom_events_status(ev, index), 0x80070005u);
	CU_ASSERT_EQUAL_FATAL(cadcom_verdict_for_event(topo, t, ev, index, &v), 0);
	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 0);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_MACHINE_LAUNCH, false), cause);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_MACHINE_LAUNCH, true), fix);
	cadcom_verdict_free(v);
	cadcom_target_free(t);
	cadcom_topology_free(topo);
	cadcom_events_free(ev);
}

static void test_seed_events(void)
{
	/* Event 1: Directory Email Replication, a DC's certificate. */
	assert_diagnosis("events/seed-event1.txt", 0, true, "grants remote activation to none of",
			 "is a domain controller; CONTOSO\\Domain Controllers is not in "
			 "CONTOSO\\CERTSVC_DCOM_ACCESS; domain controllers are not members of "
			 "Domain Computers; add it, then restart computer_name");
	/* Event 2: Workstation Authentication, here a fabrikam workstation. */
	assert_diagnosis("events/seed-event2.txt", 0, false, "grants remote activation to none of",
			 "is a computer of fabrikam.test; FABRIKAM\\Domain Computers is not in "
			 "CONTOSO\\CERTSVC_DCOM_ACCESS; add it, then restart computer_name");
	/* Event 3 (run together with event 2 in the article): NICHOLASH, a DC. */
	assert_diagnosis("events/seed-event2.txt", 1, true, "grants remote activation to none of",
			 "CONTOSO\\NICHOLASH$ is a domain controller; CONTOSO\\Domain Controllers "
			 "is not in CONTOSO\\CERTSVC_DCOM_ACCESS; domain controllers are not members "
			 "of Domain Computers; add it, then restart NICHOLASH");
}

static void test_snapin_and_unknown(void)
{
	cadcom_events *ev = events_of("events/snapin.txt");
	cadcom_topology *topo = topology();
	cadcom_target *t = forest("CONTOSO\\DC1$", "FABRIKAM\\WS01$");
	cadcom_verdict *v = NULL;

	/* The snap-in's message does not say who: the cause needs --enrollee. */
	CU_ASSERT_EQUAL(cadcom_events_kind(ev, 0), CADCOM_EVENT_SNAPIN_DENIED);
	CU_ASSERT_EQUAL(cadcom_verdict_for_event(topo, t, ev, 0, &v), CADCOM_EUNSUPPORTED);
	ASSERT_HAS(cadcom_error_message(cadcom_error_last()), "--enrollee");
	cadcom_events_free(ev);
	/* A computer the directory does not know. */
	ev = events_of("events/seed-event2.txt");
	CU_ASSERT_EQUAL(cadcom_verdict_for_event(topo, t, ev, 1, &v), CADCOM_ENOTFOUND);
	ASSERT_HAS(cadcom_error_message(cadcom_error_last()), "CONTOSO\\NICHOLASH$");
	cadcom_events_free(ev);
	cadcom_target_free(t);
	cadcom_topology_free(topo);
}

/* ---- the certificate template ---- */

#define ENROLL "0e10c968-78fb-11d2-90d4-00c04f79dc55"
#define AUTOENROLL "a05b8cc2-17bc-4802-a710-e7c15ab866a2"
#define TEMPLATE_CLASS "e5209ca2-3bba-11d2-90cc-00c04fd91ab1"
#define TAB "(Certificate Templates console, template Properties, Security tab)"

/* The enrollee of ENROLLEE, by hand: a contoso user in Domain Users and the group. */
static cadcom_token *enrollee_token(void)
{
	static const char *const groups[] = { CONTOSO "-513", GROUP, "S-1-1-0", "S-1-5-11", "S-1-5-2" };
	cadcom_sid *user = cu_sid(CONTOSO "-1106");
	cadcom_token *tok = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_token_new(&tok, user), 0);
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		cadcom_sid *g = cu_sid(groups[i]);
		CU_ASSERT_EQUAL(cadcom_token_add_group(tok, g, 0), 0);
		cadcom_sid_free(g);
	}
	cadcom_sid_free(user);
	return tok;
}

/* Every other layer granting; the template "User" with `sddl` (DU etc. of
 * contoso), Enroll and with `autoenroll` Autoenroll asked for. */
static cadcom_verdict *template_verdict(const char *sddl, int autoenroll)
{
	cadcom_target *t = target(0, NULL);
	cadcom_topology *topo = topology();
	cadcom_token *tok = enrollee_token();
	cadcom_sid *contoso = cu_sid(CONTOSO);
	cadcom_sd *sd = cu_sd(sddl, contoso);
	cadcom_verdict *v = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_verdict_compute(topo, t, tok, 1, &v), 0);
	/* Templates are evaluated with a descriptor read from AD; the topology
	 * and target are gone by then, and the names must not be. */
	cadcom_topology_free(topo);
	cadcom_target_free(t);
	CU_ASSERT_EQUAL(cadcom_verdict_set_template(v, "User", sd, tok, autoenroll), 0);
	cadcom_sd_free(sd);
	cadcom_sid_free(contoso);
	cadcom_token_free(tok);
	return v;
}

static long template_ace(const cadcom_verdict *v)
{
	for (size_t i = 0; i < cadcom_verdict_count(v); i++)
		if (cadcom_verdict_layer(v, i) == CADCOM_LAYER_TEMPLATE)
			return cadcom_verdict_ace(v, i);
	return -2;
}

static void test_template_enroll_granted(void)
{
	cadcom_verdict *v = template_verdict("O:DAG:DAD:(A;;RPLCLORC;;;AU)(OA;;CR;" ENROLL ";;DU)", 0);
	char *text = NULL, *json = NULL;

	assert_results(v, "GGGGGG");
	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 1);
	CU_ASSERT_EQUAL(cadcom_verdict_layer(v, 5), CADCOM_LAYER_TEMPLATE);
	CU_ASSERT_EQUAL(template_ace(v), 1);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false),
		   "the template \"User\" grants Enroll: ACE 1 (OA;;CR;" ENROLL ";;DU) for "
		   "CONTOSO\\Domain Users");
	CU_ASSERT_PTR_NULL(text_of(v, CADCOM_LAYER_TEMPLATE, true));
	/* The outputs carry it like any layer. */
	CU_ASSERT_EQUAL(cadcom_verdict_to_text(v, &text), 0);
	ASSERT_HAS(text, ": allowed\n");
	ASSERT_HAS(text, "  granted       the template \"User\" grants Enroll");
	CU_ASSERT_EQUAL(cadcom_verdict_to_json(v, &json), 0);
	ASSERT_HAS(json, "\"allowed\": true");
	ASSERT_HAS(json, "\"text\": \"the template \\\"User\\\" grants Enroll: ACE 1");
	ASSERT_HAS(json, "\"ace\": 1,");
	cadcom_free(text);
	cadcom_free(json);
	cadcom_verdict_free(v);
}

static void test_template_not_granted(void)
{
	/* Enroll for Domain Admins only; read for everyone. */
	cadcom_verdict *v = template_verdict("O:DAG:DAD:(A;;RPLCLORC;;;AU)(OA;;CR;" ENROLL ";;DA)", 0);
	char *text = NULL, *json = NULL;

	assert_results(v, "GGGGGD");
	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 0);
	CU_ASSERT_EQUAL(template_ace(v), -1);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false),
		   "the template \"User\" does not grant Enroll: no ACE grants it");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, true),
		   "grant Enroll on the template to a group the enrollee is in " TAB);
	CU_ASSERT_EQUAL(cadcom_verdict_to_text(v, &text), 0);
	ASSERT_HAS(text, ": denied\n");
	ASSERT_HAS(text, "  DENIED        the template \"User\" does not grant Enroll");
	ASSERT_HAS(text, "fix: grant Enroll on the template");
	CU_ASSERT_EQUAL(cadcom_verdict_to_json(v, &json), 0);
	ASSERT_HAS(json, "\"allowed\": false");
	ASSERT_HAS(json, "\"fix\": \"grant Enroll on the template");
	cadcom_free(text);
	cadcom_free(json);
	cadcom_verdict_free(v);
	/* An object ACE for another right (here Autoenroll) does not grant Enroll. */
	v = template_verdict("O:DAG:DAD:(OA;;CR;" AUTOENROLL ";;AU)", 0);
	assert_results(v, "GGGGGD");
	cadcom_verdict_free(v);
	/* Nor does read access: GR is 0x20094 in AD, without CR. */
	v = template_verdict("O:DAG:DAD:(A;;GR;;;AU)", 0);
	assert_results(v, "GGGGGD");
	cadcom_verdict_free(v);
}

static void test_template_deny(void)
{
	cadcom_verdict *v = template_verdict(
		"O:DAG:DAD:(OD;;CR;" ENROLL ";;DU)(OA;;CR;" ENROLL ";;AU)", 0);

	assert_results(v, "GGGGGD");
	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 0);
	CU_ASSERT_EQUAL(template_ace(v), 0);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false),
		   "the template \"User\" denies Enroll: ACE 0 (OD;;CR;" ENROLL ";;DU) for "
		   "CONTOSO\\Domain Users");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, true),
		   "remove or narrow that deny ACE on the template " TAB);
	cadcom_verdict_free(v);
	/* A deny for a group the token does not hold changes nothing. */
	v = template_verdict("O:DAG:DAD:(OD;;CR;" ENROLL ";;DA)(OA;;CR;" ENROLL ";;AU)", 0);
	assert_results(v, "GGGGGG");
	CU_ASSERT_EQUAL(template_ace(v), 1);
	cadcom_verdict_free(v);
	/* Denying the whole template class denies every right under it. */
	v = template_verdict("O:DAG:DAD:(OD;;CR;" TEMPLATE_CLASS ";;WD)(A;;CR;;;AU)", 1);
	assert_results(v, "GGGGGD");
	CU_ASSERT_EQUAL(template_ace(v), 0);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false), "denies Enroll and Autoenroll: ACE 0");
	cadcom_verdict_free(v);
}

static void test_template_autoenroll(void)
{
	cadcom_verdict *v = template_verdict("O:DAG:DAD:(OA;;CR;" ENROLL ";;DU)", 1);

	/* Autoenrolment asked for, Enroll only granted. */
	assert_results(v, "GGGGGD");
	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 0);
	CU_ASSERT_EQUAL(template_ace(v), -1);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false),
		   "the template \"User\" grants Enroll but not Autoenroll: Enroll: ACE 0 "
		   "(OA;;CR;" ENROLL ";;DU) for CONTOSO\\Domain Users; Autoenroll: no ACE grants it");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, true),
		   "grant Autoenroll on the template to a group the enrollee is in " TAB);
	cadcom_verdict_free(v);
	/* Both, by two ACEs: the layer's ACE is Autoenroll's. */
	v = template_verdict("O:DAG:DAD:(OA;;CR;" ENROLL ";;DU)(OA;;CR;" AUTOENROLL ";;DU)", 1);
	assert_results(v, "GGGGGG");
	CU_ASSERT_EQUAL(template_ace(v), 1);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false),
		   "grants Enroll and Autoenroll: Enroll: ACE 0 (OA;;CR;" ENROLL ";;DU) for CONTOSO\\Domain "
		   "Users; Autoenroll: ACE 1 (OA;;CR;" AUTOENROLL ";;DU)");
	cadcom_verdict_free(v);
	/* Autoenroll denied, Enroll granted. */
	v = template_verdict("O:DAG:DAD:(OD;;CR;" AUTOENROLL ";;AU)(A;;CR;;;AU)", 1);
	assert_results(v, "GGGGGD");
	CU_ASSERT_EQUAL(template_ace(v), 0);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false), "grants Enroll but denies Autoenroll");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, true), "remove or narrow that deny ACE");
	cadcom_verdict_free(v);
	/* Neither: both named in the fix. */
	v = template_verdict("O:DAG:DAD:(A;;RPLCLORC;;;AU)", 1);
	assert_results(v, "GGGGGD");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false),
		   "grants neither Enroll nor Autoenroll: no ACE grants it");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, true), "grant Enroll and Autoenroll on the template");
	cadcom_verdict_free(v);
}

/* Rights that are not object ACEs: CR, full control, GA, the class GUID. */
static void test_template_all_rights(void)
{
	static const struct {
		const char *sddl;
		long ace;
		const char *text;
	} cases[] = {
		{ "O:DAG:DAD:(A;;RPLCLORC;;;AU)(A;;CR;;;AU)", 1,
		  "grants Enroll and Autoenroll: ACE 1 (A;;CR;;;AU) for Authenticated Users" },
		{ "O:DAG:DAD:(A;;0xf01ff;;;DU)", 0, "grants Enroll and Autoenroll: ACE 0" },
		/* GA as AD stores it: the DS maps generic rights when writing. */
		{ "O:DAG:DAD:(A;;GA;;;DU)", 0,
		  "grants Enroll and Autoenroll: ACE 0 (A;;GA;;;DU) for CONTOSO\\Domain Users" },
		{ "O:DAG:DAD:(OA;;CR;" TEMPLATE_CLASS ";;AU)", 0, "grants Enroll and Autoenroll: ACE 0" },
		/* No DACL: everything granted, no ACE decided. */
		{ "O:DAG:DA", -1, "grants Enroll and Autoenroll: the template has no DACL" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cadcom_verdict *v = template_verdict(cases[i].sddl, 1);

		assert_results(v, "GGGGGG");
		CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 1);
		CU_ASSERT_EQUAL(template_ace(v), cases[i].ace);
		ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false), cases[i].text);
		cadcom_verdict_free(v);
	}
}

static void test_template_errors(void)
{
	cadcom_verdict *v = template_verdict("O:DAG:DAD:(A;;CR;;;AU)", 0);
	cadcom_token *tok = enrollee_token();
	cadcom_sd *sd = cu_sd("O:BAG:BAD:(A;;CR;;;AU)", NULL);

	CU_ASSERT_EQUAL(cadcom_verdict_set_template(NULL, "User", sd, tok, 0), CADCOM_EINVAL);
	cu_assert_message("verdict: NULL argument", NULL, NULL);
	CU_ASSERT_EQUAL(cadcom_verdict_set_template(v, NULL, sd, tok, 0), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_verdict_set_template(v, "User", NULL, tok, 0), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_verdict_set_template(v, "User", sd, NULL, 1), CADCOM_EINVAL);
	cu_assert_message("NULL argument", NULL, NULL);
	/* The errors left the layer as it was. */
	assert_results(v, "GGGGGG");
	cadcom_sd_free(sd);
	cadcom_token_free(tok);
	cadcom_verdict_free(v);
}

/* Again: the second evaluation replaces the first (valgrind: nothing leaks). */
static void test_template_twice(void)
{
	cadcom_verdict *v = template_verdict("O:DAG:DAD:(OD;;CR;" ENROLL ";;DU)", 1);
	cadcom_token *tok = enrollee_token();
	cadcom_sd *sd = cu_sd("O:BAG:BAD:(OA;;CR;" ENROLL ";;AU)", NULL);

	assert_results(v, "GGGGGD");
	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 0);
	CU_ASSERT_EQUAL(cadcom_verdict_set_template(v, "Machine", sd, tok, 0), 0);
	assert_results(v, "GGGGGG");
	CU_ASSERT_EQUAL(cadcom_verdict_count(v), 6);
	CU_ASSERT_EQUAL(cadcom_verdict_allowed(v), 1);
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, false), "the template \"Machine\" grants Enroll");
	CU_ASSERT_PTR_NULL(text_of(v, CADCOM_LAYER_TEMPLATE, true));
	/* And back to denied, with autoenrolment. */
	CU_ASSERT_EQUAL(cadcom_verdict_set_template(v, "Machine", sd, tok, 1), 0);
	assert_results(v, "GGGGGD");
	ASSERT_HAS(text_of(v, CADCOM_LAYER_TEMPLATE, true), "grant Autoenroll");
	cadcom_sd_free(sd);
	cadcom_token_free(tok);
	cadcom_verdict_free(v);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "every layer granting", test_all_granted },
		{ "each layer alone denying", test_each_layer_alone },
		{ "a deny ACE defeats an allow", test_deny_defeats_allow },
		{ "a legacy EXECUTE-only ACE", test_legacy_ace },
		{ "Group Policy overrides the Ole value", test_policy_override },
		{ "an absent AppID value falls back", test_absent_app_value },
		{ "tokens from the directory", test_token_from_directory },
		{ "the seed's three events: cause and fix", test_seed_events },
		{ "the snap-in's message; unknown computers", test_snapin_and_unknown },
		{ "template: Enroll granted by an object ACE", test_template_enroll_granted },
		{ "template: Enroll not granted", test_template_not_granted },
		{ "template: a deny object ACE", test_template_deny },
		{ "template: Autoenroll", test_template_autoenroll },
		{ "template: CR, full control, GA, the class", test_template_all_rights },
		{ "template: NULL arguments", test_template_errors },
		{ "template: evaluated twice", test_template_twice },
		CU_TEST_INFO_NULL,
	};
	return cu_run("verdict", tests);
}
