/*
 * A few lines shared by the CUnit test programs: one suite per program,
 * the basic runner, and the exit status CI reads.
 */
#ifndef CADCOM_TEST_CU_H
#define CADCOM_TEST_CU_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>
#include <cadcom/cadcom.h>

static inline int cu_run(const char *suite_name, CU_TestInfo *tests)
{
	CU_SuiteInfo suites[] = { { suite_name, NULL, NULL, NULL, NULL, tests }, CU_SUITE_INFO_NULL };
	unsigned failed;

	if (CU_initialize_registry() != CUE_SUCCESS || CU_register_suites(suites) != CUE_SUCCESS)
		return 2;
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return failed ? 1 : 0;
}

/* Path of a file in the test data directory, $TEST_DATA_DIR (make check and
 * setup.sh set it), into buf. */
static inline const char *cu_data_path(char *buf, size_t size, const char *name)
{
	const char *dir = getenv("TEST_DATA_DIR");

	if (!dir) {
		fprintf(stderr, "TEST_DATA_DIR is not set (run through make check)\n");
		exit(2);
	}
	snprintf(buf, size, "%s/%s", dir, name);
	return buf;
}

/* The whole of test data file `name` (malloc'd); exits when unreadable. */
static inline unsigned char *cu_data(const char *name, size_t *len)
{
	char path[4096];
	FILE *f = fopen(cu_data_path(path, sizeof(path), name), "rb");
	unsigned char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)n + 1)) || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(2);
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* File `name` of examples/forest ($EXAMPLES, set by make check), whole and
 * NUL-terminated (malloc'd); a failure ends the test. */
static inline char *cu_example(const char *name, size_t *len)
{
	const char *base = getenv("EXAMPLES");
	char path[4096];
	FILE *f;
	char *buf;
	long n = -1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(base);
	snprintf(path, sizeof(path), "%s/forest/%s", base, name);
	f = fopen(path, "rb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	if (fseek(f, 0, SEEK_END) == 0)
		n = ftell(f);
	CU_ASSERT_FATAL(n >= 0 && fseek(f, 0, SEEK_SET) == 0);
	buf = malloc((size_t)n + 1);
	CU_ASSERT_FATAL(buf && fread(buf, 1, (size_t)n, f) == (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* The example forest's topology and its CA's state (a memory target). */
static inline cadcom_topology *cu_example_topology(void)
{
	size_t len;
	char *text = cu_example("topology.json", &len);
	cadcom_topology *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_topology_from_json(&t, text, len, "topology.json"), 0);
	free(text);
	return t;
}

static inline cadcom_target *cu_example_target(void)
{
	size_t len;
	char *text = cu_example("before.json", &len);
	cadcom_target *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_snapshot(&t, text, len, "before.json"), 0);
	free(text);
	return t;
}

/* The last error's message contains `a`, and `b` and `c` unless NULL;
 * prints the message when not. */
static inline void cu_assert_message(const char *a, const char *b, const char *c)
{
	const char *m = cadcom_error_message(cadcom_error_last());

	CU_ASSERT(strstr(m, a) != NULL);
	if (b)
		CU_ASSERT(strstr(m, b) != NULL);
	if (c)
		CU_ASSERT(strstr(m, c) != NULL);
	if (!strstr(m, a) || (b && !strstr(m, b)) || (c && !strstr(m, c)))
		fprintf(stderr, "message: %s\n", m);
}

/* Parse a SID or alias; a failure ends the test. */
static inline cadcom_sid *cu_sid(const char *text)
{
	cadcom_sid *sid = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_sid_from_string(&sid, text, NULL), 0);
	return sid;
}

/* Parse SDDL (domain-relative aliases against `domain`); a failure ends the test. */
static inline cadcom_sd *cu_sd(const char *sddl, const cadcom_sid *domain)
{
	cadcom_sd *sd = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_sddl(&sd, sddl, domain), 0);
	return sd;
}

/* Store the descriptor `sddl` as REG_BINARY `name` of `key`; a failure
 * ends the test. */
static inline void cu_set_sddl(cadcom_registry *reg, const char *key, const char *name,
			       const char *sddl)
{
	cadcom_sd *sd = cu_sd(sddl, NULL);
	unsigned char *bytes = NULL;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_to_bytes(sd, &bytes, &len), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_registry_set(reg, key, name, CADCOM_REG_BINARY, bytes, len), 0);
	cadcom_free(bytes);
	cadcom_sd_free(sd);
}

/* Assert that `sd` formats (no domain, latest Windows) to `want`. */
static inline void cu_assert_sddl(const cadcom_sd *sd, const char *want)
{
	char *got = NULL;

	CU_ASSERT_EQUAL(cadcom_sd_to_sddl(sd, NULL, 0, &got), 0);
	if (!got || strcmp(got, want))
		fprintf(stderr, "\n  want %s\n  got  %s\n", want, got ? got : "(error)");
	CU_ASSERT_STRING_EQUAL(got ? got : "", want);
	cadcom_free(got);
}

/* Parse `in` and format it again; returns a malloc'd string, or a malloc'd
 * "ERR <code>: <message>" so that assertions can show what happened. */
static inline char *cu_canon(const char *in, const cadcom_sid *domain, int windows)
{
	cadcom_sd *sd;
	char *out = NULL, *err;
	int rc = cadcom_sd_from_sddl(&sd, in, domain);

	if (rc == 0) {
		rc = cadcom_sd_to_sddl(sd, domain, windows, &out);
		cadcom_sd_free(sd);
	}
	if (rc == 0)
		return out;
	err = malloc(600);
	snprintf(err, 600, "ERR %d: %s", rc, cadcom_error_message(cadcom_error_last()));
	return err;
}

#define CU_ASSERT_CANON(in, expected, domain, windows)                               \
	do {                                                                           \
		char *got_ = cu_canon((in), (domain), (windows));                      \
		if (strcmp(got_, (expected)) != 0)                                     \
			fprintf(stderr, "\n  %s\n  want %s\n  got  %s\n", (in), (expected), got_); \
		CU_ASSERT_STRING_EQUAL(got_, (expected));                              \
		free(got_);                                                            \
	} while (0)

#endif
