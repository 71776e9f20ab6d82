/*
 * The seed's fix end to end against the lab's Samba AD DC, whose winreg and
 * samr stand in for a CA on a domain controller (Windows Server 2008+: the
 * builtin Certificate Service DCOM Access group, S-1-5-32-574):
 *
 *   broken state  CertSrv Request's LaunchPermission without Everyone's
 *                 activation; MachineLaunchRestriction without the group;
 *                 the group without Domain Controllers and without
 *                 FABRIKAM's groups (plus one member the plan knows nothing
 *                 of, which must survive everything); SetupStatus with
 *                 DCOM_SECURITY_UPDATED (0x2000) in Configuration and in the
 *                 CA's key
 *   audit         exactly those findings
 *   apply         fixes them; audit is clean; apply again does nothing
 *   rollback      the registry values byte for byte, the exact membership
 *
 * Then every write request of that apply is dropped, in turn, in each of
 * the three ways the test library can (before it is sent, after it is sent
 * and before its answer, and that with every reconnect refused): the target
 * is afterwards fully applied or unchanged, or the report and the journal
 * say exactly which steps happened — each proven by reading the target on
 * a new connection — and a rollback restores the broken state exactly.
 *
 * Built from the library's sources (lib/libcadcom_test.la) for the fault
 * hooks.  Every object it changes is put back; the unrelated member is a
 * foreign SID no domain has.
 */
#define CADCOM_TEST_HOOKS 1
#include <sys/stat.h>
#include "../cu.h"
#include "lab.h"
#include "../../lib/store/store.h"

#define OLE "HKLM\\SOFTWARE\\Microsoft\\Ole"
#define APPID "HKLM\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID
#define CONFIG "HKLM\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration"
#define CA_NAME "Contoso Lab CA"
#define FABRIKAM "S-1-5-21-4-5-6"
#define BYSTANDER "S-1-5-21-77-88-99-1234"

/* The broken values (Windows' defaults where the seed's trouble is). */
#define ML_BROKEN "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)"
#define MA_GOOD                                                                               \
	"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;"  \
	"S-1-5-32-574)"
#define LAUNCH_BROKEN "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)"
#define ACCESS_GOOD "O:BAG:BAD:(A;;CCDCLC;;;SY)(A;;CCDCLC;;;BA)(A;;CCDCLC;;;WD)"

static const char *const cd_group = "S-1-5-32-574";
static char domain_sid[128];
static char backups[] = "/tmp/cadcom-lab-apply-XXXXXX";

/* The lab is one domain: FABRIKAM's groups and the bystander have no
 * trust to be resolved through, so they are described to the target's
 * directory (as a trusted domain's DC would resolve them). */
static void describe(cadcom_target *t)
{
	static const char *const who[][2] = { { FABRIKAM "-513", "FABRIKAM\\Domain Users" },
					      { FABRIKAM "-515", "FABRIKAM\\Domain Computers" },
					      { FABRIKAM "-516", "FABRIKAM\\Domain Controllers" },
					      { BYSTANDER, "NORTHWIND\\bystander" } };

	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++) {
		cadcom_sid *sid = cu_sid(who[i][0]);
		CU_ASSERT_EQUAL_FATAL(cadcom_directory_add(cadcom_target_directory(t), sid, who[i][1],
							   i < 3 ? CADCOM_PRINCIPAL_GROUP
								 : CADCOM_PRINCIPAL_USER,
							   i < 3 ? CADCOM_SCOPE_GLOBAL
								 : CADCOM_SCOPE_NONE),
				      0);
		cadcom_sid_free(sid);
	}
}

static cadcom_target *open_admin(void)
{
	cadcom_credentials *c = NULL;
	cadcom_target *t = NULL;
	int rc;

	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&c, domain, admin, admin_pw), 0);
	rc = cadcom_target_open_remote(&t, host, c, NULL);
	if (rc)
		fprintf(stderr, "open: %s\n", cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	cadcom_credentials_free(c);
	describe(t);
	return t;
}

static void set_dword(cadcom_target *t, const char *key, const char *name, uint32_t v)
{
	unsigned char b[4] = { v & 0xff, v >> 8 & 0xff, v >> 16 & 0xff, v >> 24 };

	CU_ASSERT_EQUAL_FATAL(
		cadcom_registry_set(cadcom_target_registry(t), key, name, CADCOM_REG_DWORD, b, 4), 0);
}

static void member(cadcom_target *t, const char *sid, bool in)
{
	cadcom_sid *g = cu_sid(cd_group), *m = cu_sid(sid);
	cadcom_directory *d = cadcom_target_directory(t);
	int rc = in ? cadcom_directory_add_member(d, g, m) : cadcom_directory_remove_member(d, g, m);

	if (rc < 0)
		fprintf(stderr, "member %s: %s\n", sid, cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_FATAL(rc >= 0);
	cadcom_sid_free(g);
	cadcom_sid_free(m);
}

static char *rid(const char *dom, unsigned r)
{
	static char buf[8][160];
	static int next;
	char *p = buf[next++ % 8];

	snprintf(p, sizeof(buf[0]), "%s-%u", dom, r);
	return p;
}

/* The seed's broken state, whatever the lab held before. */
static void seed(void)
{
	cadcom_target *t = open_admin();
	cadcom_registry *reg = cadcom_target_registry(t);
	unsigned char *sz = NULL;
	size_t len;

	cu_set_sddl(reg, OLE, "MachineLaunchRestriction", ML_BROKEN);
	cu_set_sddl(reg, OLE, "MachineAccessRestriction", MA_GOOD);
	cu_set_sddl(reg, APPID, "LaunchPermission", LAUNCH_BROKEN);
	cu_set_sddl(reg, APPID, "AccessPermission", ACCESS_GOOD);
	CU_ASSERT_EQUAL_FATAL(cadcom_reg_sz_encode(CA_NAME, &sz, &len), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_registry_set(reg, CONFIG, "Active", CADCOM_REG_SZ, sz, len), 0);
	cadcom_free(sz);
	set_dword(t, CONFIG, "SetupStatus", 0x2063);
	set_dword(t, CONFIG "\\" CA_NAME, "SetupStatus", 0x2063);
	member(t, rid(domain_sid, 513), true);
	member(t, rid(domain_sid, 515), true);
	member(t, BYSTANDER, true);
	member(t, rid(domain_sid, 516), false);
	member(t, rid(FABRIKAM, 513), false);
	member(t, rid(FABRIKAM, 515), false);
	member(t, rid(FABRIKAM, 516), false);
	cadcom_target_free(t);
}

/* What the fix touches, as text: every value's bytes in hex, the members
 * sorted.  Read on a connection of its own. */
static char *state(void)
{
	static const char *const values[][2] = {
		{ OLE, "MachineLaunchRestriction" }, { OLE, "MachineAccessRestriction" },
		{ APPID, "LaunchPermission" },	     { APPID, "AccessPermission" },
		{ CONFIG, "SetupStatus" },	     { CONFIG "\\" CA_NAME, "SetupStatus" },
	};
	cadcom_target *t = open_admin();
	char *out = NULL, *members[64];
	size_t n = 0, len = 0, nm = 0;
	cadcom_sid *g = cu_sid(cd_group);
	FILE *f = open_memstream(&out, &len);

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		unsigned char *data = NULL;
		size_t dlen = 0;
		int type = 0;
		CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(t), values[i][0],
						    values[i][1], &type, &data, &dlen),
				0);
		fprintf(f, "%s %d ", values[i][1], type);
		for (size_t k = 0; k < dlen; k++)
			fprintf(f, "%02x", data[k]);
		fputc('\n', f);
		cadcom_free(data);
	}
	for (;; n++) {
		cadcom_sid *m = NULL;
		if (cadcom_directory_member(cadcom_target_directory(t), g, n, &m))
			break;
		CU_ASSERT_EQUAL(cadcom_sid_to_string(m, &members[nm]), 0);
		nm++;
		cadcom_sid_free(m);
	}
	for (size_t i = 0; i < nm; i++)
		for (size_t k = i + 1; k < nm; k++)
			if (strcmp(members[i], members[k]) > 0) {
				char *x = members[i];
				members[i] = members[k];
				members[k] = x;
			}
	for (size_t i = 0; i < nm; i++) {
		fprintf(f, "member %s\n", members[i]);
		cadcom_free(members[i]);
	}
	fclose(f);
	cadcom_sid_free(g);
	cadcom_target_free(t);
	return out;
}

static cadcom_topology *topology(void)
{
	cadcom_topology *t = NULL;
	cadcom_sid *d = cu_sid(domain_sid), *f = cu_sid(FABRIKAM);

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&t), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(t, "DC1", CADCOM_ROLE_DC, CADCOM_GENERATION_2008), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_name(t, CA_NAME), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "contoso.test", "CONTOSO", d, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(t, "fabrikam.test", "FABRIKAM", f, "contoso.test"),
			0);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_domain(t, "contoso.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(t, "contoso.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(t, "fabrikam.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_dcs_enroll(t, 1), 0);
	cadcom_sid_free(d);
	cadcom_sid_free(f);
	return t;
}

static cadcom_plan *plan_for(cadcom_target *t, bool reset)
{
	cadcom_topology *topo = topology();
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, t, &p), 0);
	if (reset)
		CU_ASSERT_EQUAL_FATAL(cadcom_plan_reset_setup_flag(p, topo, t), 0);
	cadcom_topology_free(topo);
	return p;
}

static size_t findings(const cadcom_plan *p, int layer, int min_severity)
{
	size_t n = 0;

	for (size_t i = 0; i < cadcom_plan_finding_count(p); i++)
		n += cadcom_plan_finding_layer(p, i) == layer &&
		     cadcom_plan_finding_severity(p, i) >= min_severity;
	return n;
}

static const char *backup_dir(const char *name)
{
	static char buf[4][4200];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", backups, name);
	return p;
}

static cadcom_apply *apply(cadcom_target *t, const cadcom_plan *p, const char *backup,
			   unsigned flags, const char *service)
{
	cadcom_apply_options o;
	cadcom_apply *a = NULL;
	int rc;

	cadcom_apply_options_init(&o, CADCOM_APPLY_OPTIONS_VERSION);
	o.backup_dir = backup;
	o.flags = flags;
	o.service = service;
	rc = cadcom_plan_apply(p, t, &o, &a);
	if (rc)
		fprintf(stderr, "apply: %s\n", cadcom_error_message(cadcom_error_last()));
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return a;
}

static void print_report(const cadcom_apply *a)
{
	char *text = NULL;

	if (cadcom_apply_to_text(a, &text) == 0)
		fputs(text, stderr);
	cadcom_free(text);
}

static int rollback(const char *backup)
{
	cadcom_target *t = open_admin();
	cadcom_apply *a = NULL;
	int outcome;

	CU_ASSERT_EQUAL_FATAL(cadcom_rollback(t, backup, NULL, &a), 0);
	outcome = cadcom_apply_outcome(a);
	if (outcome != CADCOM_OUTCOME_ROLLED_BACK)
		print_report(a);
	cadcom_apply_free(a);
	cadcom_target_free(t);
	return outcome;
}

static uint64_t clean_writes; /* write requests of the whole fix */
static char *broken_state, *fixed_state;

static void test_end_to_end(void)
{
	cadcom_target *t;
	cadcom_plan *p;
	cadcom_apply *a;
	char *now;

	seed();
	broken_state = state();
	t = open_admin();
	p = plan_for(t, true);
	/* The audit: exactly the seeded trouble. */
	CU_ASSERT_EQUAL(findings(p, CADCOM_LAYER_MACHINE_LAUNCH, CADCOM_SEVERITY_WARNING), 1);
	CU_ASSERT_EQUAL(findings(p, CADCOM_LAYER_MACHINE_ACCESS, CADCOM_SEVERITY_WARNING), 0);
	CU_ASSERT_EQUAL(findings(p, CADCOM_LAYER_APP_LAUNCH, CADCOM_SEVERITY_WARNING), 1);
	CU_ASSERT_EQUAL(findings(p, CADCOM_LAYER_APP_ACCESS, CADCOM_SEVERITY_WARNING), 0);
	CU_ASSERT_EQUAL(findings(p, CADCOM_LAYER_GROUP, CADCOM_SEVERITY_WARNING), 0);
	CU_ASSERT_EQUAL(findings(p, CADCOM_LAYER_MEMBERS, CADCOM_SEVERITY_ERROR), 4);
	CU_ASSERT_EQUAL(findings(p, CADCOM_LAYER_CA, CADCOM_SEVERITY_INFO), 2);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 8);
	if (cadcom_plan_action_count(p) != 8) {
		char *text = NULL;
		cadcom_plan_to_text(p, &text);
		fprintf(stderr, "%s", text);
		cadcom_free(text);
	}

	a = apply(t, p, backup_dir("e2e"), 0, NULL);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_APPLIED);
	if (cadcom_apply_outcome(a) != CADCOM_OUTCOME_APPLIED)
		print_report(a);
	for (size_t i = 0; i < cadcom_apply_step_count(a); i++)
		CU_ASSERT_EQUAL(cadcom_apply_step_state(a, i), CADCOM_STEP_DONE);
	CU_ASSERT(cadcom_apply_note_count(a) >= 1); /* DCs must restart */
	cadcom_apply_free(a);
	CU_ASSERT_EQUAL(cadcom__target_writes(t, &clean_writes), 0);
	cadcom_plan_free(p);
	cadcom_target_free(t);

	/* Audit again on a new connection: clean, and nothing to do. */
	t = open_admin();
	p = plan_for(t, true);
	CU_ASSERT(cadcom_plan_worst(p) < CADCOM_SEVERITY_WARNING);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(p), 0);
	a = apply(t, p, backup_dir("e2e-again"), 0, NULL);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_NOTHING);
	cadcom_apply_free(a);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	fixed_state = state();
	CU_ASSERT(strstr(fixed_state, "member " BYSTANDER) != NULL);
	CU_ASSERT(strstr(fixed_state, "member " FABRIKAM "-513") != NULL);

	CU_ASSERT_EQUAL(rollback(backup_dir("e2e")), CADCOM_OUTCOME_ROLLED_BACK);
	now = state();
	CU_ASSERT_STRING_EQUAL(now, broken_state);
	free(now);
	CU_ASSERT_EQUAL(rollback(backup_dir("e2e")), CADCOM_OUTCOME_ROLLED_BACK);
	now = state();
	CU_ASSERT_STRING_EQUAL(now, broken_state);
	free(now);
}

/* Which of the fix's steps the target holds now, read on a new connection:
 * for step i, 1 when it holds the planned state. */
static void holds(const cadcom_plan *p, int *out)
{
	cadcom_target *t = open_admin();

	for (size_t i = 0; i < cadcom_plan_action_count(p); i++) {
		if (cadcom_plan_action_kind(p, i) == CADCOM_ACTION_ADD_MEMBER) {
			out[i] = cadcom_directory_is_member(cadcom_target_directory(t),
							    cadcom_plan_action_group(p, i),
							    cadcom_plan_action_member(p, i));
		} else {
			unsigned char *want = NULL, *got = NULL;
			size_t wl = 0, gl = 0;
			int wt, gt;
			cadcom_plan_action_value(p, i, 0, &wt, &want, &wl);
			out[i] = cadcom_registry_get(cadcom_target_registry(t),
						     cadcom_plan_action_key(p, i),
						     cadcom_plan_action_value_name(p, i), &gt, &got,
						     &gl) == 0 &&
				 gt == wt && gl == wl && !memcmp(got, want, wl);
			cadcom_free(want);
			cadcom_free(got);
		}
	}
	cadcom_target_free(t);
}

static size_t lines_with(const char *path, const char *needle)
{
	char line[65536];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

/* One dropped write: write n of the fix, dropped the `kind` way. */
static void drop_one(int kind, unsigned n)
{
	static const char *const kinds[] = { "", "before", "after", "refuse" };
	char name[64], journal[4300], *now;
	cadcom_target *t;
	cadcom_plan *p;
	cadcom_apply *a;
	int held[16] = { 0 };
	size_t steps;

	seed();
	t = open_admin();
	p = plan_for(t, true);
	steps = cadcom_plan_action_count(p);
	CU_ASSERT_FATAL(steps <= 16);
	snprintf(name, sizeof(name), "%s-%u", kinds[kind], n);
	CU_ASSERT_EQUAL_FATAL(cadcom__target_fault(t, kind, n), 0);
	a = apply(t, p, backup_dir(name), 0, NULL);
	cadcom_target_free(t);
	holds(p, held);
	snprintf(journal, sizeof(journal), "%s/journal", backup_dir(name));
	if (kind != CADCOM__FAULT_REFUSE) {
		/* Reconnected: the step is decided by reading, the fix goes on. */
		CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_APPLIED);
		now = state();
		if (strcmp(now, fixed_state))
			fprintf(stderr, "after the fault the target holds:\n%sthe fixed state is:\n%s",
				now, fixed_state);
		CU_ASSERT_STRING_EQUAL(now, fixed_state);
		free(now);
	} else {
		/* No way back to the host: the report says what happened, and
		 * the target (read afresh) agrees with it step by step. */
		size_t done = 0, doubt = 0;
		CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_INCOMPLETE);
		for (size_t i = 0; i < steps; i++) {
			int s = cadcom_apply_step_state(a, i);
			if (s == CADCOM_STEP_DONE) {
				done++;
				CU_ASSERT_EQUAL(held[i], 1);
			} else if (s == CADCOM_STEP_IN_DOUBT) {
				doubt++;
			} else {
				CU_ASSERT_EQUAL(s, CADCOM_STEP_PENDING);
				CU_ASSERT_EQUAL(held[i], 0);
			}
		}
		CU_ASSERT_EQUAL(doubt, 1);
		CU_ASSERT_EQUAL(lines_with(journal, "\"intent\""), done + doubt);
		CU_ASSERT_EQUAL(lines_with(journal, "\"done\""), done);
	}
	if (cadcom_apply_outcome(a) != (kind == CADCOM__FAULT_REFUSE ? CADCOM_OUTCOME_INCOMPLETE
								      : CADCOM_OUTCOME_APPLIED)) {
		fprintf(stderr, "fault %s at write %u:\n", kinds[kind], n);
		print_report(a);
	}
	cadcom_apply_free(a);
	cadcom_plan_free(p);
	/* Whatever happened, the rollback brings back the broken state. */
	CU_ASSERT_EQUAL(rollback(backup_dir(name)), CADCOM_OUTCOME_ROLLED_BACK);
	now = state();
	CU_ASSERT_STRING_EQUAL(now, broken_state);
	free(now);
}

static void test_dropped_writes(void)
{
	CU_ASSERT_FATAL(clean_writes > 0 && broken_state && fixed_state);
	fprintf(stderr, "(%llu write requests, each dropped three ways) ",
		(unsigned long long)clean_writes);
	for (int kind = CADCOM__FAULT_BEFORE; kind <= CADCOM__FAULT_REFUSE; kind++)
		for (unsigned n = 1; n <= clean_writes; n++)
			drop_one(kind, n);
}

/* A change by someone else between the plan and the apply: refused,
 * nothing written, their value kept. */
static void test_concurrent_change(void)
{
	cadcom_target *t, *other;
	cadcom_plan *p;
	cadcom_apply *a;
	char *now;

	seed();
	t = open_admin();
	p = plan_for(t, true);
	other = open_admin();
	cu_set_sddl(cadcom_target_registry(other), OLE, "MachineLaunchRestriction",
		    ML_BROKEN "(A;;CCDC;;;IU)");
	cadcom_target_free(other);
	a = apply(t, p, backup_dir("concurrent"), 0, NULL);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_REFUSED);
	cadcom_apply_free(a);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	now = state();
	CU_ASSERT(strcmp(now, broken_state) != 0); /* their change is there ... */
	free(now);
	seed(); /* ... and only theirs: put back, the state is the broken one */
	now = state();
	CU_ASSERT_STRING_EQUAL(now, broken_state);
	free(now);
	CU_ASSERT(access(backup_dir("concurrent"), F_OK) != 0);
}

/* Preflight: a plain user may not write the keys; nothing is touched. */
static void test_preflight_rights(void)
{
	char json[1024];
	cadcom_credentials *c = NULL;
	cadcom_target *t = NULL;
	cadcom_apply_options o;
	cadcom_apply *a = NULL;
	cadcom_plan *p;
	char *now;

	seed();
	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&c, domain, user, user_pw), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_remote(&t, host, c, NULL), 0);
	cadcom_credentials_free(c);
	describe(t);
	p = plan_for(t, true);
	cadcom_apply_options_init(&o, CADCOM_APPLY_OPTIONS_VERSION);
	o.backup_dir = backup_dir("user");
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, t, &o, &a), CADCOM_EACCESS);
	cu_assert_message("may not write this key", "its descriptor: O:", NULL);
	cadcom_plan_free(p);
	CU_ASSERT(access(backup_dir("user"), F_OK) != 0);

	/* Only a member step: Samba lets the user open the group for writing
	 * (Windows refuses there, in the preflight) and refuses the change
	 * itself: the step fails, nothing is left changed. */
	snprintf(json, sizeof(json),
		 "{\"format\": \"cadcom-plan-1\", \"assumptions\": [], \"findings\": [], "
		 "\"actions\": [{\"kind\": \"add-member\", \"layer\": \"members\", "
		 "\"text\": \"add Domain Controllers\", \"group\": \"%s\", "
		 "\"member\": \"%s-516\"}]}",
		 cd_group, domain_sid);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_from_json(&p, json, strlen(json), "members.json"), 0);
	a = apply(t, p, backup_dir("user-members"), 0, NULL);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_REVERTED);
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, 0), CADCOM_STEP_FAILED);
	CU_ASSERT(strstr(cadcom_apply_step_error(a, 0) ? cadcom_apply_step_error(a, 0) : "",
			 "ACCESS_DENIED") != NULL);
	cadcom_apply_free(a);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	now = state();
	CU_ASSERT_STRING_EQUAL(now, broken_state);
	free(now);
}

/* The restart: the lab has no CertSvc (a clear failure after a complete
 * apply), and Spooler stands in for it. */
static void test_restart(void)
{
	cadcom_target *t;
	cadcom_plan *p;
	cadcom_apply *a;
	size_t n;

	seed();
	t = open_admin();
	p = plan_for(t, true);
	a = apply(t, p, backup_dir("restart-certsvc"), CADCOM_APPLY_RESTART, NULL);
	n = cadcom_apply_step_count(a);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_APPLIED);
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, n - 1), CADCOM_STEP_FAILED);
	CU_ASSERT(strstr(cadcom_apply_step_text(a, n - 1), "CertSvc") != NULL);
	CU_ASSERT(strstr(cadcom_apply_step_error(a, n - 1), "SERVICE_DOES_NOT_EXIST") != NULL);
	cadcom_apply_free(a);
	cadcom_plan_free(p);
	CU_ASSERT_EQUAL(rollback(backup_dir("restart-certsvc")), CADCOM_OUTCOME_ROLLED_BACK);
	p = plan_for(t, true);
	a = apply(t, p, backup_dir("restart-spooler"), CADCOM_APPLY_RESTART, "Spooler");
	n = cadcom_apply_step_count(a);
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, n - 1), CADCOM_STEP_DONE);
	cadcom_apply_free(a);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	CU_ASSERT_EQUAL(rollback(backup_dir("restart-spooler")), CADCOM_OUTCOME_ROLLED_BACK);
}

/* Leave the lab as it was found for the other tests: without the seed's
 * members. */
static void test_cleanup(void)
{
	cadcom_target *t = open_admin();

	member(t, BYSTANDER, false);
	member(t, rid(domain_sid, 513), false);
	member(t, rid(domain_sid, 515), false);
	cadcom_target_free(t);
}

int main(void)
{
	static CU_TestInfo tests[] = {
		{ "seeded trouble: audit, apply, audit, rollback", test_end_to_end },
		{ "a change between plan and apply", test_concurrent_change },
		{ "preflight: a user without rights", test_preflight_rights },
		{ "the restart", test_restart },
		{ "every write dropped, three ways", test_dropped_writes },
		{ "cleanup", test_cleanup },
		CU_TEST_INFO_NULL,
	};
	char *out = NULL;
	int rc;

	lab_load();
	/* The domain SID, from the DC's database (no RPC involved). */
	if (lab_run(&out, "ldbsearch -H '%s/dc/private/sam.ldb' -s base -b "
			  "\"$(ldbsearch -H '%s/dc/private/sam.ldb' -s base -b '' "
			  "defaultNamingContext 2>/dev/null | sed -n 's/^defaultNamingContext: //p')\" "
			  "objectSid 2>/dev/null | sed -n 's/^objectSid: //p'",
			  labdir, labdir) != 0 ||
	    !out || sscanf(out, "%127s", domain_sid) != 1) {
		fprintf(stderr, "cannot read the domain SID\n");
		return 2;
	}
	free(out);
	/* Samba's samr cannot make a foreign security principal (its
	 * AddAliasMember answers INTERNAL_DB_CORRUPTION), its LDAP can: make
	 * the ones this test adds through samr, once (an existing one answers
	 * "already exists", which -c passes over). */
	lab_run(NULL,
		"for s in " FABRIKAM "-513 " FABRIKAM "-515 " FABRIKAM "-516 " BYSTANDER "; do "
		"printf 'dn: CN=Certificate Service DCOM Access,CN=Builtin,%%s\nchangetype: modify\n"
		"add: member\nmember: <SID=%%s>\n\n' \"$CADCOM_LAB_BASE_DN\" $s; done | "
		"LDAPTLS_CACERT=\"$CADCOM_LAB_CA\" ldapmodify -c -H ldaps://%s -x "
		"-D '%s@%s' -w '%s' >/dev/null 2>&1",
		host, admin, realm, admin_pw);
	if (!mkdtemp(backups))
		return 2;
	rc = cu_run("apply (lab)", tests);
	free(broken_state);
	free(fixed_state);
	lab_run(NULL, "rm -rf '%s'", backups);
	return rc;
}
