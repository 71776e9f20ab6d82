/*
 * Offline hive targets (cadcom_target_open_hives): a SOFTWARE and a SYSTEM
 * hive made from tests/data/hive/minimal.hiv (tests/gen/minimal_hive.py)
 * with hivex itself — a SYSTEM hive gets Select\Current = 2 and
 * ControlSet002 — then written through the library, committed, read back
 * through the library, through hivex, and through hivexregedit
 * (libwin-hivex-perl) when it is installed.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, popen */
#include <hivex.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cu.h"

static char dir[64], software[128], system_[128];

static const unsigned char mlr[] = { 1, 0, 4, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x14, 0,
				     0, 0, 2, 0, 8, 0, 0, 0, 0, 0 };
#define OLE "HKLM\\SOFTWARE\\Microsoft\\Ole"
#define CONFIG "HKLM\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration"

/* The fixtures are made before CUnit runs: false when they cannot be. */
static bool copy_minimal(const char *to)
{
	size_t len;
	unsigned char *data = cu_data("hive/minimal.hiv", &len);
	FILE *f = data ? fopen(to, "wb") : NULL;
	bool ok = f && fwrite(data, 1, len, f) == len;

	if (f && fclose(f))
		ok = false;
	free(data);
	return ok;
}

/* A SYSTEM hive as Windows has it offline: Select\Current names the set. */
static bool make_system(const char *path)
{
	hive_h *h;
	hive_node_h root, select;
	unsigned char two[4] = { 2, 0, 0, 0 };
	hive_set_value current = { "Current", hive_t_REG_DWORD, 4, (char *)two };
	bool ok;

	if (!copy_minimal(path) || !(h = hivex_open(path, HIVEX_OPEN_WRITE)))
		return false;
	root = hivex_root(h);
	ok = (select = hivex_node_add_child(h, root, "Select")) != 0 &&
	     hivex_node_set_value(h, select, &current, 0) == 0 &&
	     hivex_node_add_child(h, root, "ControlSet002") != 0 && hivex_commit(h, NULL, 0) == 0;
	hivex_close(h);
	return ok;
}

static void test_open_errors(void)
{
	cadcom_target *t = NULL;
	char text[160];
	FILE *f;

	CU_ASSERT_EQUAL(cadcom_target_open_hives(&t, NULL, NULL, 0), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_target_open_hives(NULL, software, NULL, 0), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_target_open_hives(&t, software, NULL, 8), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_target_open_hives(&t, "/nonexistent/SOFTWARE", NULL, 0),
			CADCOM_ENOTFOUND);
	cu_assert_message("/nonexistent/SOFTWARE", NULL, NULL);
	snprintf(text, sizeof(text), "%s/not-a-hive", dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(f = fopen(text, "w"));
	fputs("Windows Registry Editor Version 5.00\r\n", f);
	fclose(f);
	CU_ASSERT_EQUAL(cadcom_target_open_hives(&t, text, NULL, 0), CADCOM_EPARSE);
	cu_assert_message("not a registry hive", NULL, NULL);
	/* A hive without Select\Current is no SYSTEM hive. */
	CU_ASSERT_EQUAL(cadcom_target_open_hives(&t, NULL, software, 0), CADCOM_EPARSE);
	cu_assert_message("Select\\Current", NULL, NULL);
	CU_ASSERT_PTR_NULL(t);
	remove(text);
}

static void check_value(cadcom_registry *reg, const char *key, const char *name, int type,
			const unsigned char *want, size_t want_len)
{
	unsigned char *got = NULL;
	size_t len = 0;
	int t = -1;

	CU_ASSERT_EQUAL_FATAL(cadcom_registry_get(reg, key, name, &t, &got, &len), 0);
	CU_ASSERT_PTR_NOT_NULL(got); /* also for an empty value */
	CU_ASSERT_EQUAL(t, type);
	CU_ASSERT_EQUAL(len, want_len);
	CU_ASSERT(len == want_len && memcmp(got, want, len) == 0);
	cadcom_free(got);
}

static void test_write_commit_read(void)
{
	cadcom_target *t = NULL;
	cadcom_registry *reg;
	const unsigned char flag[4] = { 0x0e, 0x20, 0, 0 }; /* SetupStatus with 0x2000 */
	char *name = NULL, tmp[160];
	hive_h *h;
	hive_node_h node;

	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, software, system_, CADCOM_HIVE_WRITE), 0);
	reg = cadcom_target_registry(t);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "MachineLaunchRestriction", CADCOM_REG_BINARY,
					    mlr, sizeof(mlr)), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "MachineAccessRestriction", CADCOM_REG_BINARY,
					    mlr, sizeof(mlr)), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, CONFIG, "SetupStatus", CADCOM_REG_DWORD, flag, 4), 0);
	check_value(reg, OLE, "MachineLaunchRestriction", CADCOM_REG_BINARY, mlr, sizeof(mlr));
	check_value(reg, CONFIG, "SetupStatus", CADCOM_REG_DWORD, flag, 4);
	/* An empty value, and the key's default value (""). */
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "Empty", CADCOM_REG_BINARY, flag, 0), 0);
	check_value(reg, OLE, "Empty", CADCOM_REG_BINARY, flag, 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "", CADCOM_REG_DWORD, flag, 4), 0);
	check_value(reg, OLE, "", CADCOM_REG_DWORD, flag, 4);
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, OLE, "Empty"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, OLE, ""), 0);
	/* CurrentControlSet is ControlSet002 here. */
	check_value(reg, "HKLM\\SYSTEM\\ControlSet002\\Services\\CertSvc\\Configuration",
		    "SetupStatus", CADCOM_REG_DWORD, flag, 4);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\SYSTEM\\ControlSet001\\Services"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, OLE), 1);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM"), 1);
	CU_ASSERT_EQUAL(cadcom_registry_subkey(reg, "HKLM\\SOFTWARE", 0, &name), 0);
	CU_ASSERT_STRING_EQUAL(name ? name : "", "Microsoft");
	cadcom_free(name);
	CU_ASSERT_EQUAL(cadcom_registry_subkey(reg, "HKLM", 1, &name), 0);
	CU_ASSERT_STRING_EQUAL(name ? name : "", "SYSTEM");
	cadcom_free(name);
	/* Delete one value of two; the other stays, byte for byte. */
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, OLE, "MachineAccessRestriction"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, OLE, "MachineAccessRestriction"),
			CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_registry_value_name(reg, OLE, 0, &name), 0);
	CU_ASSERT_STRING_EQUAL(name ? name : "", "MachineLaunchRestriction");
	cadcom_free(name);
	CU_ASSERT_EQUAL(cadcom_registry_value_name(reg, OLE, 1, &name), CADCOM_ENOTFOUND);
	check_value(reg, OLE, "MachineLaunchRestriction", CADCOM_REG_BINARY, mlr, sizeof(mlr));
	/* Keys: made with parents, deleted with children; a hive's root stays. */
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "HKLM\\SOFTWARE\\Classes\\AppID\\x\\y"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, "HKLM\\SOFTWARE\\Classes"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\SOFTWARE\\Classes\\AppID"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, "HKLM\\SOFTWARE"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKEY_USERS\\x", "y", NULL, &(unsigned char *){ 0 },
					    &(size_t){ 0 }),
			CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_target_commit(t), 0);
	cadcom_target_free(t);

	/* Read back: through the library, read-only... */
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, software, system_, 0), 0);
	reg = cadcom_target_registry(t);
	check_value(reg, OLE, "MachineLaunchRestriction", CADCOM_REG_BINARY, mlr, sizeof(mlr));
	check_value(reg, CONFIG, "SetupStatus", CADCOM_REG_DWORD, flag, 4);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "x", CADCOM_REG_DWORD, flag, 4), CADCOM_EACCESS);
	cu_assert_message("read-only", NULL, NULL);
	cadcom_target_free(t);
	/* ...and through hivex: the value is in ControlSet002. */
	CU_ASSERT_PTR_NOT_NULL_FATAL(h = hivex_open(system_, 0));
	node = hivex_root(h);
	for (const char *const *p = (const char *const[]){ "ControlSet002", "Services", "CertSvc",
							  "Configuration", NULL };
	     *p && node; p++)
		node = hivex_node_get_child(h, node, *p);
	CU_ASSERT(node != 0 && hivex_node_get_value(h, node, "SetupStatus") != 0);
	hivex_close(h);
	/* The commit left no temporary file behind. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", software);
	CU_ASSERT_NOT_EQUAL(access(tmp, F_OK), 0);
}

/* Without a commit the files do not change. */
static void test_no_commit_no_change(void)
{
	cadcom_target *t = NULL;
	const unsigned char one[4] = { 1, 0, 0, 0 };
	unsigned char *got = NULL;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, software, NULL, CADCOM_HIVE_WRITE), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(cadcom_target_registry(t), OLE, "EnableDCOM",
					    CADCOM_REG_SZ, one, 4), 0);
	cadcom_target_free(t);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, software, NULL, 0), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(t), OLE, "EnableDCOM", NULL, &got,
					    &len),
			CADCOM_ENOTFOUND);
	/* Only the SOFTWARE hive was given: the SYSTEM keys do not exist. */
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(cadcom_target_registry(t), CONFIG), 0);
	CU_ASSERT_EQUAL(cadcom_target_commit(t), 0); /* nothing to write */
	cadcom_target_free(t);
}

/* hivexregedit, a reader that is not ours, sees the committed value. */
static void test_hivexregedit(void)
{
	char cmd[300], line[512];
	bool seen = false;
	FILE *p;

	if (system("command -v hivexregedit >/dev/null 2>&1") != 0) {
		fprintf(stderr, "test_hive: hivexregedit is not installed (libwin-hivex-perl): "
				"the independent read-back is skipped\n");
		return;
	}
	snprintf(cmd, sizeof(cmd), "hivexregedit --export '%s' '\\Microsoft\\Ole' 2>&1", software);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p = popen(cmd, "r"));
	while (fgets(line, sizeof(line), p))
		seen |= strstr(line, "\"MachineLaunchRestriction\"=hex(3):01,00,04,80,00,00,00,00,00,00,"
				     "00,00,00,00,00,00,14,00,00,00,02,00,08,00,00,00,00,00") != NULL;
	CU_ASSERT_EQUAL(pclose(p), 0);
	CU_ASSERT(seen);
}

/* The first line of `hivexregedit --export HIVE KEY` holding `want`. */
static bool hivexregedit_has(const char *hive, const char *key, const char *want)
{
	char cmd[400], line[4096];
	bool seen = false;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "hivexregedit --export '%s' '%s' 2>&1", hive, key);
	if (!(p = popen(cmd, "r")))
		return false;
	while (fgets(line, sizeof(line), p))
		seen |= strstr(line, want) != NULL;
	return pclose(p) == 0 && seen;
}

/*
 * The seed's fix on a CA's offline hives: the registry steps applied (the
 * group steps left out: a hive holds no groups), committed, seen by
 * hivexregedit; then rolled back from the journal on the files opened
 * anew, byte for byte.
 */
static void test_apply_rollback(void)
{
	static const unsigned char setup[4] = { 0x63, 0x20, 0, 0 };
	char backup[160], *text = NULL;
	cadcom_target *t = NULL;
	cadcom_registry *reg;
	cadcom_topology *topo = NULL;
	cadcom_plan *p = NULL;
	cadcom_apply_options o;
	cadcom_apply *a = NULL;
	cadcom_sid *d = cu_sid("S-1-5-21-1-2-3");
	bool hivexregedit = system("command -v hivexregedit >/dev/null 2>&1") == 0;
	unsigned char *sz = NULL;
	size_t len;

	/* The broken CA, committed. */
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, software, system_, CADCOM_HIVE_WRITE), 0);
	reg = cadcom_target_registry(t);
	cu_set_sddl(reg, OLE, "MachineLaunchRestriction",
		 "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)");
	cu_set_sddl(reg, "HKLM\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID,
		 "LaunchPermission", "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;SY)");
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("Hive CA", &sz, &len), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, CONFIG, "Active", CADCOM_REG_SZ, sz, len), 0);
	cadcom_free(sz);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, CONFIG, "SetupStatus", CADCOM_REG_DWORD, setup, 4),
			0);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_commit(t), 0);
	cadcom_target_free(t);

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_new(&topo), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_host(topo, "CA01", CADCOM_ROLE_MEMBER,
						 CADCOM_GENERATION_2008),
			0);
	CU_ASSERT_EQUAL(cadcom_topology_add_domain(topo, "contoso.test", "CONTOSO", d, NULL), 0);
	CU_ASSERT_EQUAL(cadcom_topology_set_ca_domain(topo, "contoso.test"), 0);
	CU_ASSERT_EQUAL(cadcom_topology_add_enroll_domain(topo, "contoso.test"), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, software, system_, CADCOM_HIVE_WRITE), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, t, &p), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_reset_setup_flag(p, topo, t), 0);

	snprintf(backup, sizeof(backup), "%s/backup", dir);
	cadcom_apply_options_init(&o, CADCOM_APPLY_OPTIONS_VERSION);
	o.backup_dir = backup;
	/* A hive has no groups: the member step is refused, unless left out. */
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, t, &o, &a), CADCOM_ENOTFOUND);
	cu_assert_message("does not know the group", "registry steps only", NULL);
	o.flags = CADCOM_APPLY_REGISTRY_ONLY;
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_apply(p, t, &o, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_APPLIED);
	CU_ASSERT_EQUAL(cadcom_apply_to_text(a, &text), 0);
	CU_ASSERT(strstr(text, "left out: registry only") != NULL);
	CU_ASSERT(strstr(text, "group step was left out") != NULL);
	if (cadcom_apply_outcome(a) != CADCOM_OUTCOME_APPLIED)
		fputs(text, stderr);
	cadcom_free(text);
	cadcom_apply_free(a);
	cadcom_plan_free(p);
	cadcom_target_free(t); /* committed by the apply */

	if (hivexregedit) {
		CU_ASSERT(hivexregedit_has(system_, "\\ControlSet002\\Services\\CertSvc\\Configuration",
					   "\"SetupStatus\"=dword:00000063"));
		CU_ASSERT(hivexregedit_has(software, "\\Microsoft\\Ole",
					   "\"MachineLaunchRestriction\"=hex(3):"));
		/* the group's grant: S-1-5-32-574 is 01,02,...,20,00,00,00,3e,02 */
		CU_ASSERT(hivexregedit_has(software, "\\Microsoft\\Ole", "20,00,00,00,3e,02,00,00"));
	} else {
		fprintf(stderr, "test_hive: hivexregedit is not installed: read-back skipped\n");
	}

	/* Rollback on the files opened anew: the broken values, byte for byte. */
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, software, system_, CADCOM_HIVE_WRITE), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_rollback(t, backup, NULL, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_ROLLED_BACK);
	cadcom_apply_free(a);
	cadcom_target_free(t);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, software, system_, 0), 0);
	check_value(cadcom_target_registry(t), CONFIG, "SetupStatus", CADCOM_REG_DWORD, setup, 4);
	cadcom_target_free(t);
	if (hivexregedit) {
		CU_ASSERT(hivexregedit_has(system_, "\\ControlSet002\\Services\\CertSvc\\Configuration",
					   "\"SetupStatus\"=dword:00002063"));
		CU_ASSERT(!hivexregedit_has(software, "\\Microsoft\\Ole", "20,00,00,00,3e,02,00,00"));
	}
	snprintf(backup, sizeof(backup), "rm -rf '%s/backup'", dir);
	CU_ASSERT_EQUAL(system(backup), 0);
	cadcom_topology_free(topo);
	cadcom_sid_free(d);
}

/* The 32-bit field at `off` of file `path` (offsets as hivex hands out
 * nodes and values: into the file), read or patched. */
static bool field32(const char *path, size_t off, uint32_t *v)
{
	FILE *f = fopen(path, "rb");
	unsigned char b[4];
	bool ok = f && fseek(f, (long)off, SEEK_SET) == 0 && fread(b, 1, 4, f) == 4;

	if (f)
		fclose(f);
	if (ok)
		*v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	return ok;
}

static bool patch32(const char *path, size_t off, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };
	FILE *f = fopen(path, "r+b");
	bool ok = f && fseek(f, (long)off, SEEK_SET) == 0 && fwrite(b, 1, 4, f) == 4;

	if (f && fclose(f))
		ok = false;
	return ok;
}

/* A hive with key `name` holding two values of eight bytes (their data in
 * cells of their own); its node and the values, as hivex numbers them. */
static bool make_key(const char *path, const char *name, hive_node_h *node, hive_value_h *v)
{
	static char eight[8] = "12345678";
	hive_set_value two[2] = { { "A", hive_t_REG_BINARY, 8, eight },
				  { "B", hive_t_REG_BINARY, 8, eight } };
	hive_value_h *vals = NULL;
	hive_h *h;
	bool ok;

	if (!copy_minimal(path) || !(h = hivex_open(path, HIVEX_OPEN_WRITE)))
		return false;
	ok = (*node = hivex_node_add_child(h, hivex_root(h), name)) != 0 &&
	     hivex_node_set_values(h, *node, 2, two, 0) == 0 && hivex_commit(h, NULL, 0) == 0 &&
	     (vals = hivex_node_values(h, *node)) && vals[0] && vals[1];
	if (ok) {
		v[0] = vals[0];
		v[1] = vals[1];
	}
	free(vals);
	hivex_close(h);
	return ok;
}

/*
 * hivex changes a hive in place and trusts the cells it frees: deleting a
 * key whose class name points at no cell, or setting a value of a key two
 * of whose values share a data cell, made hivex stop the program
 * (mark_block_unused: Assertion `IS_VALID_BLOCK (h, offset)' failed; found
 * by fuzz_hive).  Such a hive is refused for writing, and still reads.
 */
static void test_damaged_not_written(void)
{
	static const unsigned char one[4] = { 1 };
	char path[160];
	cadcom_target *t = NULL;
	hive_node_h node;
	hive_value_h v[2];
	unsigned char *got = NULL;
	uint32_t data;
	size_t len;

	snprintf(path, sizeof(path), "%s/damaged", dir);
	/* The class name of HKLM\SOFTWARE\Damaged points into nothing. */
	CU_ASSERT_FATAL(make_key(path, "Damaged", &node, v));
	CU_ASSERT_FATAL(patch32(path, node + 0x34, 0x00345678));
	CU_ASSERT_EQUAL(cadcom_target_open_hives(&t, path, NULL, CADCOM_HIVE_WRITE), CADCOM_EPARSE);
	cu_assert_message("damaged", "class name", "read-only");
	if (t) /* without the check: this is where hivex stopped the program */
		CU_ASSERT_EQUAL(cadcom_registry_delete_key(cadcom_target_registry(t),
							   "HKLM\\SOFTWARE\\Damaged"),
				0);
	cadcom_target_free(t);
	t = NULL;
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, path, NULL, 0), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(cadcom_target_registry(t),
						   "HKLM\\SOFTWARE\\Damaged"),
			1);
	cadcom_target_free(t);
	t = NULL;

	/* Values A and B of HKLM\SOFTWARE\Shared have one data cell. */
	CU_ASSERT_FATAL(make_key(path, "Shared", &node, v));
	CU_ASSERT_FATAL(field32(path, v[0] + 0xC, &data) && patch32(path, v[1] + 0xC, data));
	CU_ASSERT_EQUAL(cadcom_target_open_hives(&t, path, NULL, CADCOM_HIVE_WRITE), CADCOM_EPARSE);
	cu_assert_message("damaged", "the data of a value", NULL);
	if (t) /* and here */
		CU_ASSERT_EQUAL(cadcom_registry_set(cadcom_target_registry(t),
						    "HKLM\\SOFTWARE\\Shared", "C", CADCOM_REG_DWORD,
						    one, 4),
				0);
	cadcom_target_free(t);
	t = NULL;
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_hives(&t, path, NULL, 0), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(t), "HKLM\\SOFTWARE\\Shared",
					    "B", NULL, &got, &len),
			0);
	CU_ASSERT(len == 8 && got && memcmp(got, "12345678", 8) == 0);
	cadcom_free(got);
	cadcom_target_free(t);
	remove(path);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "open: missing, not a hive, no Select\\Current", test_open_errors },
		{ "write, commit, read back; CurrentControlSet", test_write_commit_read },
		{ "no commit, no change", test_no_commit_no_change },
		{ "hivexregedit reads what was committed", test_hivexregedit },
		{ "apply and rollback on hives", test_apply_rollback },
		{ "a damaged hive is not written, and still reads", test_damaged_not_written },
		CU_TEST_INFO_NULL,
	};
	int rc;

	snprintf(dir, sizeof(dir), "/tmp/cadcom-hive-XXXXXX");
	if (!mkdtemp(dir))
		return 2;
	snprintf(software, sizeof(software), "%s/SOFTWARE", dir);
	snprintf(system_, sizeof(system_), "%s/SYSTEM", dir);
	rc = copy_minimal(software) && make_system(system_) ? cu_run("hive", tests) : 2;
	if (rc == 2)
		fprintf(stderr, "test_hive: cannot make the test hives in %s\n", dir);
	remove(software);
	remove(system_);
	rmdir(dir);
	return rc;
}
