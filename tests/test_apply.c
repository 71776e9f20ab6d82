/*
 * The apply engine on offline targets (apply.h): the example forest's CA
 * (examples/forest) fixed, checked, fixed again (nothing to do) and rolled
 * back to the very same snapshot; every refusal before a write; the
 * journal read after a crash, in doubt, torn or corrupt.
 *
 * Remote targets, dropped connections and the service restart are in
 * tests/lab/test_apply.c against the Samba lab.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include "cu.h"

static char dir[] = "/tmp/cadcom-test-apply-XXXXXX";

static char *snapshot(cadcom_target *t)
{
	char *text = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_target_snapshot(t, &text), 0);
	return text;
}

/* The example's plan with the SetupStatus reset. */
static cadcom_plan *plan_for(cadcom_target *t)
{
	cadcom_topology *topo = cu_example_topology();
	cadcom_plan *p = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_plan_compute(topo, t, &p), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_reset_setup_flag(p, topo, t), 0);
	cadcom_topology_free(topo);
	return p;
}

static cadcom_apply_options options(const char *backup)
{
	cadcom_apply_options o;

	CU_ASSERT_EQUAL(cadcom_apply_options_init(&o, CADCOM_APPLY_OPTIONS_VERSION), 0);
	o.backup_dir = backup;
	return o;
}

static char *backup_path(const char *name)
{
	static char path[4][4200];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", dir, name);
	return p;
}

static void rm_backup(const char *backup)
{
	char cmd[4400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", backup);
	CU_ASSERT_EQUAL(system(cmd), 0);
}

static size_t count_lines(const char *path, const char *needle)
{
	char line[65536];
	size_t n = 0;
	FILE *f = fopen(path, "r");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

static uint32_t setup_status(cadcom_target *t)
{
	unsigned char *data = NULL;
	size_t len = 0;
	int type = 0;
	uint32_t v = 0;

	CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(t),
					    "HKLM\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\"
					    "Configuration\\Contoso Issuing CA",
					    "SetupStatus", &type, &data, &len),
			0);
	if (len == 4)
		v = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		    (uint32_t)data[3] << 24;
	cadcom_free(data);
	return v;
}

/* Fix, check that the fix holds, fix again, roll back, roll back again. */
static void test_apply_and_rollback(void)
{
	cadcom_target *t = cu_example_target();
	char *orig = snapshot(t), *after, *text = NULL;
	cadcom_plan *p = plan_for(t), *again = NULL;
	cadcom_topology *topo = cu_example_topology();
	char *backup = strdup(backup_path("fix"));
	cadcom_apply_options o = options(backup);
	cadcom_apply *a = NULL;
	size_t n = cadcom_plan_action_count(p);

	CU_ASSERT(n >= 4);
	CU_ASSERT_EQUAL(setup_status(t), 0x2063);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_apply(p, t, &o, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_APPLIED);
	CU_ASSERT_EQUAL(cadcom_apply_step_count(a), n);
	for (size_t i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(cadcom_apply_step_state(a, i), CADCOM_STEP_DONE);
		CU_ASSERT_STRING_EQUAL(cadcom_apply_step_text(a, i), cadcom_plan_action_text(p, i));
		CU_ASSERT_PTR_NULL(cadcom_apply_step_error(a, i));
	}
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, n), -1);
	/* Domain Controllers were added: the operator must restart them. */
	CU_ASSERT(cadcom_apply_note_count(a) >= 1);
	CU_ASSERT(strstr(cadcom_apply_note(a, 0), "restart") != NULL);
	CU_ASSERT_EQUAL(cadcom_apply_to_text(a, &text), 0);
	CU_ASSERT(strstr(text, "Outcome: applied") != NULL);
	cadcom_free(text);
	CU_ASSERT_EQUAL(cadcom_apply_to_json(a, &text), 0);
	CU_ASSERT(strstr(text, "\"outcome\": \"applied\"") != NULL);
	cadcom_free(text);
	cadcom_apply_free(a);
	CU_ASSERT_EQUAL(setup_status(t), 0x0063);
	/* The journal: a first line, an intent and a done per step, the end. */
	CU_ASSERT_EQUAL(count_lines(backup_path("fix/journal"), "\"intent\""), n);
	CU_ASSERT_EQUAL(count_lines(backup_path("fix/journal"), "\"done\""), n);
	CU_ASSERT_EQUAL(count_lines(backup_path("fix/journal"), "\"complete\""), 1);
	CU_ASSERT_EQUAL(access(backup_path("fix/members.json"), R_OK), 0);

	/* The fixed target needs nothing: the planner and the engine agree. */
	CU_ASSERT_EQUAL(cadcom_plan_compute(topo, t, &again), 0);
	CU_ASSERT_EQUAL(cadcom_plan_action_count(again), 0);
	/* (the example's deny ACE for Anonymous stays a warning: the plan
	 * never removes deny ACEs) */
	CU_ASSERT(cadcom_plan_worst(again) < CADCOM_SEVERITY_ERROR);
	cadcom_plan_free(again);
	o.backup_dir = backup_path("fix-again");
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, t, &o, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_NOTHING);
	for (size_t i = 0; i < n; i++)
		CU_ASSERT_EQUAL(cadcom_apply_step_state(a, i), CADCOM_STEP_SKIPPED);
	cadcom_apply_free(a);
	CU_ASSERT_EQUAL(access(backup_path("fix-again"), F_OK), -1); /* nothing to back up */

	/* revert.reg, for a Windows colleague, restores every value; the
	 * rollback then has only the members left to undo. */
	after = snapshot(t);
	CU_ASSERT(strcmp(orig, after) != 0);
	cadcom_free(after);
	{
		size_t len, values = 0;
		char *bytes = NULL;
		cadcom_regfile *rf = NULL;
		FILE *f = fopen(backup_path("fix/revert.reg"), "rb");

		CU_ASSERT_PTR_NOT_NULL_FATAL(f);
		bytes = malloc(1 << 20);
		len = fread(bytes, 1, 1 << 20, f);
		fclose(f);
		CU_ASSERT_EQUAL_FATAL(cadcom_regfile_parse(&rf, (unsigned char *)bytes, len,
							   "revert.reg"),
				      0);
		for (size_t i = 0; i < n; i++)
			values += cadcom_plan_action_kind(p, i) == CADCOM_ACTION_SET_VALUE;
		for (size_t i = 0; i < cadcom_regfile_count(rf); i++)
			values -= cadcom_regfile_entry_op(rf, i) == CADCOM_REGFILE_SET_VALUE;
		CU_ASSERT_EQUAL(values, 0);
		CU_ASSERT_EQUAL(cadcom_regfile_apply(rf, cadcom_target_registry(t)), 0);
		CU_ASSERT_EQUAL(setup_status(t), 0x2063);
		cadcom_regfile_free(rf);
		free(bytes);
	}
	/* Rollback: the snapshot is byte for byte the one before. */
	CU_ASSERT_EQUAL_FATAL(cadcom_rollback(t, backup, NULL, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_ROLLED_BACK);
	for (size_t i = 0; i < n; i++)
		CU_ASSERT_EQUAL(cadcom_apply_step_state(a, i), CADCOM_STEP_REVERTED);
	cadcom_apply_free(a);
	after = snapshot(t);
	CU_ASSERT_STRING_EQUAL(after, orig);
	cadcom_free(after);
	CU_ASSERT_EQUAL(count_lines(backup_path("fix/journal"), "\"rolled-back\""), 1);
	/* Again: nothing left to undo, and nothing changes. */
	CU_ASSERT_EQUAL_FATAL(cadcom_rollback(t, backup, NULL, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_ROLLED_BACK);
	cadcom_apply_free(a);
	after = snapshot(t);
	CU_ASSERT_STRING_EQUAL(after, orig);
	cadcom_free(after);

	cadcom_free(orig);
	cadcom_topology_free(topo);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	rm_backup(backup);
	free(backup);
}

/* A value changed between plan and apply: refused, nothing overwritten,
 * not even a backup directory. */
static void test_concurrent_change(void)
{
	static const unsigned char other[] = { 1, 2, 3 };
	cadcom_target *t = cu_example_target();
	cadcom_plan *p = plan_for(t), *reviewed = NULL;
	char *backup = strdup(backup_path("conflict"));
	cadcom_apply_options o = options(backup);
	cadcom_apply *a = NULL;
	char *json = NULL, *orig;
	const char *key = NULL, *name = NULL;
	size_t i, n = cadcom_plan_action_count(p);
	unsigned char *data = NULL;
	size_t len = 0;

	/* The reviewed plan is a file: read back from its JSON. */
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_to_json(p, &json), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_from_json(&reviewed, json, strlen(json), "plan.json"), 0);
	cadcom_free(json);
	for (i = 0; i < n && cadcom_plan_action_kind(p, i) != CADCOM_ACTION_SET_VALUE; i++)
		;
	CU_ASSERT_FATAL(i < n);
	key = cadcom_plan_action_key(p, i);
	name = cadcom_plan_action_value_name(p, i);
	CU_ASSERT_EQUAL(cadcom_registry_set(cadcom_target_registry(t), key, name, CADCOM_REG_BINARY,
					    other, sizeof(other)),
			0);
	orig = snapshot(t);
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_apply(reviewed, t, &o, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_REFUSED);
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, i), CADCOM_STEP_CONFLICT);
	CU_ASSERT(strstr(cadcom_apply_step_error(a, i), "changed since the plan was made") != NULL);
	for (size_t k = 0; k < n; k++)
		if (k != i)
			CU_ASSERT_EQUAL(cadcom_apply_step_state(a, k), CADCOM_STEP_PENDING);
	cadcom_apply_free(a);
	CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(t), key, name, NULL, &data, &len),
			0);
	CU_ASSERT(len == sizeof(other) && !memcmp(data, other, len));
	cadcom_free(data);
	json = snapshot(t);
	CU_ASSERT_STRING_EQUAL(json, orig);
	cadcom_free(json);
	cadcom_free(orig);
	CU_ASSERT_EQUAL(access(backup, F_OK), -1);
	free(backup);
	cadcom_plan_free(reviewed);
	cadcom_plan_free(p);
	cadcom_target_free(t);
}

static void test_dry_run(void)
{
	cadcom_target *t = cu_example_target();
	cadcom_plan *p = plan_for(t);
	cadcom_apply_options o = options(NULL);
	cadcom_apply *a = NULL;
	char *orig = snapshot(t), *after;

	o.flags = CADCOM_APPLY_DRY_RUN;
	CU_ASSERT_EQUAL_FATAL(cadcom_plan_apply(p, t, &o, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_DRY_RUN);
	for (size_t i = 0; i < cadcom_apply_step_count(a); i++)
		CU_ASSERT_EQUAL(cadcom_apply_step_state(a, i), CADCOM_STEP_PENDING);
	cadcom_apply_free(a);
	after = snapshot(t);
	CU_ASSERT_STRING_EQUAL(after, orig);
	cadcom_free(after);
	cadcom_free(orig);
	cadcom_plan_free(p);
	cadcom_target_free(t);
}

/* Each refusal comes before any write. */
static void test_refusals(void)
{
	cadcom_target *t = cu_example_target(), *not_ca = NULL;
	cadcom_plan *p = plan_for(t);
	cadcom_apply_options o = options(NULL);
	cadcom_apply *a = NULL;
	char *orig = snapshot(t), *after;
	char *backup = strdup(backup_path("taken"));

	/* No backup directory: required. */
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, t, &o, &a), CADCOM_EINVAL);
	cu_assert_message("backup directory is required", NULL, NULL);
	/* A backup directory that cannot be made (its parent is a file). */
	o.backup_dir = "/dev/null/backup";
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, t, &o, &a), CADCOM_EIO);
	cu_assert_message("/dev/null/backup", "cannot create the backup directory", NULL);
	/* A backup directory that holds a journal already. */
	CU_ASSERT_EQUAL_FATAL(mkdir(backup, 0700), 0);
	close(open(backup_path("taken/journal"), O_CREAT | O_WRONLY, 0600));
	o.backup_dir = backup;
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, t, &o, &a), CADCOM_EIO);
	cu_assert_message("a journal is there already", NULL, NULL);
	CU_ASSERT_EQUAL(access(backup_path("taken/revert.reg"), F_OK), -1);
	after = snapshot(t);
	CU_ASSERT_STRING_EQUAL(after, orig);
	cadcom_free(after);
	/* Unknown options. */
	o.version = 99;
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, t, &o, &a), CADCOM_EINVAL);
	o = options(backup_path("x"));
	o.flags = 0x80;
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, t, &o, &a), CADCOM_EINVAL);
	/* A target that is not a CA. */
	o = options(backup_path("not-ca"));
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_memory(&not_ca), 0);
	CU_ASSERT_EQUAL(cadcom_plan_apply(p, not_ca, &o, &a), CADCOM_ENOTFOUND);
	cu_assert_message("not a CA", "CertSvc\\Configuration", NULL);
	CU_ASSERT_EQUAL(access(backup_path("not-ca"), F_OK), -1);
	CU_ASSERT_EQUAL(cadcom_apply_options_init(NULL, CADCOM_APPLY_OPTIONS_VERSION), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_rollback(t, backup_path("nowhere"), NULL, &a), CADCOM_ENOTFOUND);
	cadcom_target_free(not_ca);
	cadcom_free(orig);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	rm_backup(backup);
	free(backup);
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fputs(text, f);
	fclose(f);
}

/* The journal's lines up to and including the n-th line containing
 * `cut` (all of them when n is 0), rewritten in place. */
static void truncate_journal(const char *path, const char *cut, size_t n)
{
	char line[65536];
	struct strbuf_ {
		char *buf;
		size_t len;
	} out = { NULL, 0 };
	FILE *f = fopen(path, "r");
	size_t seen = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	while (fgets(line, sizeof(line), f)) {
		size_t l = strlen(line);
		out.buf = realloc(out.buf, out.len + l + 1);
		memcpy(out.buf + out.len, line, l + 1);
		out.len += l;
		if (strstr(line, cut) && ++seen == n)
			break;
	}
	fclose(f);
	write_text(path, out.buf ? out.buf : "");
	free(out.buf);
}

/*
 * After a crash: the journal ends after step k's intent.  Whether step k's
 * write happened is decided by reading the target — on the applied target
 * it did (undone), on a fresh copy of the original nothing did (nothing to
 * undo).  Either way the result is the original, byte for byte.
 */
static void test_rollback_in_doubt(void)
{
	cadcom_target *t = cu_example_target(), *fresh = cu_example_target();
	char *orig = snapshot(t), *after;
	cadcom_plan *p = plan_for(t);
	char *backup = strdup(backup_path("crash"));
	cadcom_apply_options o = options(backup);
	cadcom_apply *a = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_plan_apply(p, t, &o, &a), 0);
	cadcom_apply_free(a);
	truncate_journal(backup_path("crash/journal"), "\"intent\"", 3);
	CU_ASSERT_EQUAL_FATAL(cadcom_rollback(fresh, backup, NULL, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_ROLLED_BACK);
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, 0), CADCOM_STEP_REVERTED);
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, 2), CADCOM_STEP_REVERTED);
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, 3), CADCOM_STEP_PENDING);
	cadcom_apply_free(a);
	after = snapshot(fresh);
	CU_ASSERT_STRING_EQUAL(after, orig);
	cadcom_free(after);

	/* On the target that has every step, steps 0..2 (all the journal
	 * knows of) are undone. */
	CU_ASSERT_EQUAL_FATAL(cadcom_rollback(t, backup, NULL, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_ROLLED_BACK);
	CU_ASSERT_EQUAL(cadcom_apply_step_state(a, 2), CADCOM_STEP_REVERTED);
	cadcom_apply_free(a);

	cadcom_free(orig);
	cadcom_plan_free(p);
	cadcom_target_free(t);
	cadcom_target_free(fresh);
	rm_backup(backup);
	free(backup);
}

/* Corrupt journals: a clear error with the line, nothing written; a torn
 * last line (a crash in the middle of an append) is not corruption. */
static void test_corrupt_journal(void)
{
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ "", "no complete first line" },
		{ "{\"format\":\"cadcom-journal-1\",\"steps\":[]", "no complete first line" },
		{ "garbage\n", "journal:1: not JSON" },
		{ "{\"format\":\"other\",\"steps\":[]}\n", "journal:1: not a cadcom journal" },
		{ "{\"format\":\"cadcom-journal-1\",\"steps\":[{\"kind\":\"dance\"}]}\n",
		  "journal:1: steps: a step without a known kind" },
		{ "{\"format\":\"cadcom-journal-1\",\"steps\":[{\"kind\":\"add-member\",\"text\":\"x\","
		  "\"group\":\"S-1-5-32-574\",\"member\":\"not a sid\"}]}\n",
		  "not a SID in member" },
		{ "{\"format\":\"cadcom-journal-1\",\"steps\":[{\"kind\":\"set-value\",\"text\":\"x\","
		  "\"key\":\"HKLM\\\\A\",\"name\":\"v\",\"type\":4,\"hex\":\"0g000000\","
		  "\"old_type\":null,\"old_hex\":null}]}\n",
		  "not hex in hex" },
		{ "{\"format\":\"cadcom-journal-1\",\"steps\":[]}\n{\"step\":0,\"event\":\"intent\"}\n",
		  "journal:2: an event for a step that does not exist" },
		{ "{\"format\":\"cadcom-journal-1\",\"steps\":[{\"kind\":\"add-member\",\"text\":\"x\","
		  "\"group\":\"S-1-5-32-574\",\"member\":\"S-1-1-0\"}]}\n{\"step\":0,\"event\":\"done\"}\n",
		  "journal:2: an outcome without its intent" },
		{ "{\"format\":\"cadcom-journal-1\",\"steps\":[]}\n{\"event\":\"party\"}\n",
		  "journal:2: unknown end event party" },
	};
	cadcom_target *t = cu_example_target();
	char *orig = snapshot(t), *after;
	char *backup = strdup(backup_path("corrupt"));
	cadcom_apply *a = NULL;

	CU_ASSERT_EQUAL_FATAL(mkdir(backup, 0700), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		write_text(backup_path("corrupt/journal"), cases[i].text);
		CU_ASSERT_EQUAL(cadcom_rollback(t, backup, NULL, &a), CADCOM_EPARSE);
		cu_assert_message(cases[i].message, NULL, NULL);
	}
	/* Torn after the first line: ignored. */
	write_text(backup_path("corrupt/journal"),
		   "{\"format\":\"cadcom-journal-1\",\"steps\":[]}\n{\"step\":0,\"ev");
	CU_ASSERT_EQUAL(cadcom_rollback(t, backup, NULL, &a), 0);
	CU_ASSERT_EQUAL(cadcom_apply_outcome(a), CADCOM_OUTCOME_ROLLED_BACK);
	CU_ASSERT_EQUAL(cadcom_apply_step_count(a), 0);
	cadcom_apply_free(a);
	after = snapshot(t);
	CU_ASSERT_STRING_EQUAL(after, orig);
	cadcom_free(after);
	cadcom_free(orig);
	cadcom_target_free(t);
	rm_backup(backup);
	free(backup);
}

/* Names of states and outcomes, for reports and the CLI. */
static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(cadcom_apply_state_name(CADCOM_STEP_IN_DOUBT), "in doubt");
	CU_ASSERT_STRING_EQUAL(cadcom_apply_state_name(99), "?");
	CU_ASSERT_STRING_EQUAL(cadcom_apply_outcome_name(CADCOM_OUTCOME_INCOMPLETE), "incomplete");
	CU_ASSERT_STRING_EQUAL(cadcom_apply_outcome_name(0), "?");
	CU_ASSERT_EQUAL(cadcom_apply_outcome(NULL), 0);
	CU_ASSERT_EQUAL(cadcom_apply_step_count(NULL), 0);
	CU_ASSERT_PTR_NULL(cadcom_apply_note(NULL, 0));
}

int main(void)
{
	static CU_TestInfo tests[] = {
		{ "apply, apply again, rollback twice", test_apply_and_rollback },
		{ "a change between plan and apply", test_concurrent_change },
		{ "dry run", test_dry_run },
		{ "refusals before any write", test_refusals },
		{ "rollback after a crash, in doubt", test_rollback_in_doubt },
		{ "corrupt journals", test_corrupt_journal },
		{ "names", test_names },
		CU_TEST_INFO_NULL,
	};
	char cmd[256];
	int rc;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	rc = cu_run("apply", tests);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
