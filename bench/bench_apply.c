/*
 * The main job against the lab DC: wall time, round trips (RPC calls,
 * binds included) and write requests of `audit` (connect, read, plan),
 * `apply` (preflight, backup, journal, each step written and read back)
 * and `rollback`, on the seed's broken state (MachineLaunchRestriction
 * and LaunchPermission without their grants, SetupStatus with 0x2000 in
 * two places, the group without Domain Controllers).  Medians of ROUNDS.
 * Runs inside the lab (make bench-lab); prints figures, asserts nothing.
 */
#include <string.h>
#include <cadcom/cadcom.h>
#include "bench.h"

#define OLE "HKLM\\SOFTWARE\\Microsoft\\Ole"
#define APPID "HKLM\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID
#define CONFIG "HKLM\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration"
enum { ROUNDS = 9 };

static const char *host, *domain, *admin, *password, *domain_sid;

static void die(const char *what)
{
	fprintf(stderr, "bench_apply: %s: %s\n", what, cadcom_error_message(cadcom_error_last()));
	exit(1);
}

static cadcom_target *open_target(void)
{
	cadcom_credentials *c = NULL;
	cadcom_target *t = NULL;

	if (cadcom_credentials_new_password(&c, domain, admin, password) ||
	    cadcom_target_open_remote(&t, host, c, NULL))
		die("connect");
	cadcom_credentials_free(c);
	return t;
}

static void set_sddl(cadcom_target *t, const char *key, const char *name, const char *sddl)
{
	cadcom_sd *sd = NULL;
	unsigned char *b = NULL;
	size_t len;

	if (cadcom_sd_from_sddl(&sd, sddl, NULL) || cadcom_sd_to_bytes(sd, &b, &len) ||
	    cadcom_registry_set(cadcom_target_registry(t), key, name, CADCOM_REG_BINARY, b, len))
		die(name);
	cadcom_free(b);
	cadcom_sd_free(sd);
}

static void set_dword(cadcom_target *t, const char *key, uint32_t v)
{
	unsigned char b[4] = { v & 0xff, v >> 8 & 0xff, v >> 16 & 0xff, v >> 24 };

	if (cadcom_registry_set(cadcom_target_registry(t), key, "SetupStatus", CADCOM_REG_DWORD, b,
				4))
		die("SetupStatus");
}

static void seed(void)
{
	cadcom_target *t = open_target();
	cadcom_sid *g = NULL, *dcs = NULL;
	unsigned char *sz = NULL;
	size_t len;
	char text[160];

	set_sddl(t, OLE, "MachineLaunchRestriction",
		 "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)");
	set_sddl(t, OLE, "MachineAccessRestriction",
		 "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)"
		 "(A;;CCDCLC;;;S-1-5-32-574)");
	set_sddl(t, APPID, "LaunchPermission",
		 "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)");
	set_sddl(t, APPID, "AccessPermission",
		 "O:BAG:BAD:(A;;CCDCLC;;;SY)(A;;CCDCLC;;;BA)(A;;CCDCLC;;;WD)");
	if (cadcom_reg_sz_encode("Bench CA", &sz, &len) ||
	    cadcom_registry_set(cadcom_target_registry(t), CONFIG, "Active", CADCOM_REG_SZ, sz, len))
		die("Active");
	cadcom_free(sz);
	set_dword(t, CONFIG, 0x2063);
	set_dword(t, CONFIG "\\Bench CA", 0x2063);
	snprintf(text, sizeof(text), "%s-516", domain_sid);
	if (cadcom_sid_from_string(&g, "S-1-5-32-574", NULL) ||
	    cadcom_sid_from_string(&dcs, text, NULL) ||
	    cadcom_directory_remove_member(cadcom_target_directory(t), g, dcs) < 0)
		die("group");
	for (unsigned rid = 513; rid <= 515; rid += 2) {
		cadcom_sid *m = NULL;
		snprintf(text, sizeof(text), "%s-%u", domain_sid, rid);
		if (cadcom_sid_from_string(&m, text, NULL) ||
		    cadcom_directory_add_member(cadcom_target_directory(t), g, m) < 0)
			die("group");
		cadcom_sid_free(m);
	}
	cadcom_sid_free(g);
	cadcom_sid_free(dcs);
	cadcom_target_free(t);
}

static cadcom_topology *topology(void)
{
	cadcom_topology *t = NULL;
	cadcom_sid *d = NULL;

	if (cadcom_topology_new(&t) ||
	    cadcom_topology_set_host(t, "DC1", CADCOM_ROLE_DC, CADCOM_GENERATION_2008) ||
	    cadcom_topology_set_ca_name(t, "Bench CA") || cadcom_sid_from_string(&d, domain_sid, NULL) ||
	    cadcom_topology_add_domain(t, "contoso.test", "CONTOSO", d, NULL) ||
	    cadcom_topology_set_ca_domain(t, "contoso.test") ||
	    cadcom_topology_add_enroll_domain(t, "contoso.test") || cadcom_topology_set_dcs_enroll(t, 1))
		die("topology");
	cadcom_sid_free(d);
	return t;
}

struct figures {
	double seconds[ROUNDS];
	uint64_t calls, writes;
};

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void print(const char *what, struct figures *f)
{
	qsort(f->seconds, ROUNDS, sizeof(double), by_value);
	printf("  %-9s median %7.1f ms (min %7.1f, max %7.1f)  %3llu round trips\n", what,
	       f->seconds[ROUNDS / 2] * 1e3, f->seconds[0] * 1e3, f->seconds[ROUNDS - 1] * 1e3,
	       (unsigned long long)f->calls);
}

int main(void)
{
	struct figures audit = { 0 }, apply = { 0 }, rollback = { 0 };
	cadcom_topology *topo;
	char dir[] = "/tmp/cadcom-bench-apply-XXXXXX", backup[64], cmd[128];
	size_t steps = 0;

	host = bench_env("CADCOM_LAB_HOST");
	domain = bench_env("CADCOM_LAB_DOMAIN");
	admin = bench_env("CADCOM_LAB_ADMIN");
	password = bench_env("CADCOM_LAB_ADMIN_PASSWORD");
	{
		/* The domain's SID: Domain Users' without its RID. */
		static char text[160];
		cadcom_target *t = open_target();
		cadcom_sid *du = NULL;
		char *s = NULL, name[128];
		snprintf(name, sizeof(name), "%s\\Domain Users", domain);
		if (cadcom_directory_lookup_name(cadcom_target_directory(t), name, &du) ||
		    cadcom_sid_to_string(du, &s))
			die("domain SID");
		snprintf(text, sizeof(text), "%.*s", (int)(strrchr(s, '-') - s), s);
		domain_sid = text;
		cadcom_free(s);
		cadcom_sid_free(du);
		cadcom_target_free(t);
	}
	topo = topology();
	if (!mkdtemp(dir))
		die("mkdtemp");
	for (int r = 0; r < ROUNDS; r++) {
		cadcom_apply_options o;
		cadcom_target *t;
		cadcom_plan *p = NULL;
		cadcom_apply *a = NULL;
		uint64_t calls;
		double t0;

		seed();
		snprintf(backup, sizeof(backup), "%s/%d", dir, r);
		/* audit: connect, read everything, plan */
		t0 = bench_now();
		t = open_target();
		if (cadcom_plan_compute(topo, t, &p) || cadcom_plan_reset_setup_flag(p, topo, t))
			die("plan");
		audit.seconds[r] = bench_now() - t0;
		cadcom_target_rpc_stats(t, &audit.calls, NULL, NULL);
		steps = cadcom_plan_action_count(p);
		/* apply on the same connection */
		cadcom_apply_options_init(&o, CADCOM_APPLY_OPTIONS_VERSION);
		o.backup_dir = backup;
		t0 = bench_now();
		if (cadcom_plan_apply(p, t, &o, &a) ||
		    cadcom_apply_outcome(a) != CADCOM_OUTCOME_APPLIED)
			die("apply");
		apply.seconds[r] = bench_now() - t0;
		cadcom_target_rpc_stats(t, &calls, NULL, NULL);
		apply.calls = calls - audit.calls;
		cadcom_apply_free(a);
		cadcom_plan_free(p);
		cadcom_target_free(t);
		/* rollback: a new connection, as after a crash */
		t0 = bench_now();
		t = open_target();
		if (cadcom_rollback(t, backup, NULL, &a) ||
		    cadcom_apply_outcome(a) != CADCOM_OUTCOME_ROLLED_BACK)
			die("rollback");
		rollback.seconds[r] = bench_now() - t0;
		cadcom_target_rpc_stats(t, &rollback.calls, NULL, NULL);
		cadcom_apply_free(a);
		cadcom_target_free(t);
	}
	printf("bench_apply: the seed's fix on %s, %zu steps, %d rounds\n", host, steps, ROUNDS);
	print("audit", &audit);
	print("apply", &apply);
	print("rollback", &rollback);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	cadcom_topology_free(topo);
	return 0;
}
