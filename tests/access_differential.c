/*
 * The access check against python3-samba's security.access_check on the
 * 1500 random (descriptor, token, desired mask) triples of
 * tests/data/access-checks.txt (tests/gen/gen_access_checks.py, run once with
 * Samba; Samba is not needed here).  The generator avoids the inputs where
 * Samba 4.17 departs from MS-DTYP and says which; it records DENIED where
 * MAXIMUM_ALLOWED grants nothing (AccessCheck fails, Samba returns 0).
 *
 * Each triple is checked twice — with the trace and without — and both must
 * agree with Samba and with each other.
 */
#include "cu.h"

static void test_against_samba(void)
{
	char path[512], *line = NULL;
	size_t cap = 0, checked = 0, granted = 0, failures = 0;
	FILE *f;

	cu_data_path(path, sizeof(path), "access-checks.txt");
	f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (int lineno = 1; getline(&line, &cap, f) > 0; lineno++) {
		char *field[5], *save = NULL;
		cadcom_sd *sd = NULL;
		cadcom_token *token = NULL;
		cadcom_access_result *res = NULL;
		uint32_t desired, got = 0;
		int n = 0, allowed;
		char want[16];

		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		for (char *p = strtok_r(line, "\t", &save); p && n < 5; p = strtok_r(NULL, "\t", &save))
			field[n++] = p;
		CU_ASSERT_EQUAL_FATAL(n, 5);
		CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_sddl(&sd, field[0], NULL), 0);
		CU_ASSERT_EQUAL_FATAL(cadcom_token_from_string(&token, field[1], NULL), 0);
		CU_ASSERT_EQUAL_FATAL(cadcom_token_set_privileges(token, (unsigned)strtoul(field[2], NULL, 16)), 0);
		desired = (uint32_t)strtoul(field[3], NULL, 16);

		allowed = cadcom_access_check_mask(sd, token, desired, NULL, &got);
		CU_ASSERT_EQUAL_FATAL(cadcom_access_check(sd, token, desired, NULL, &res), 0);
		if (allowed == 1)
			snprintf(want, sizeof(want), "0x%08x", got);
		else
			snprintf(want, sizeof(want), "DENIED");
		if (strcmp(want, field[4]) || allowed != cadcom_access_result_allowed(res) ||
		    got != cadcom_access_result_granted(res)) {
			if (failures++ < 10)
				fprintf(stderr, "\n  line %d: %s | %s | desired %s: samba %s, we %s (trace %d 0x%08x)",
					lineno, field[0], field[1], field[3], field[4], want,
					cadcom_access_result_allowed(res), cadcom_access_result_granted(res));
		}
		granted += allowed == 1;
		checked++;
		cadcom_access_result_free(res);
		cadcom_token_free(token);
		cadcom_sd_free(sd);
	}
	free(line);
	fclose(f);
	fprintf(stderr, "\n  %zu triples (%zu granted, %zu denied), %zu disagreements\n", checked,
		granted, checked - granted, failures);
	CU_ASSERT_EQUAL(failures, 0);
	CU_ASSERT(checked >= 1000);
	/* Both verdicts must be well represented, or the test proves little. */
	CU_ASSERT(granted >= checked / 4 && checked - granted >= checked / 4);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "1500 triples agree with python3-samba", test_against_samba },
		CU_TEST_INFO_NULL,
	};
	return cu_run("access differential", tests);
}
