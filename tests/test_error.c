/* The thread-local last error (DESIGN.md: cadcom_error_last is per thread). */
#include <pthread.h>
#include "cu.h"

static void test_error_describes_failure(void)
{
	cadcom_sd *sd = NULL;

	cadcom_error_clear();
	CU_ASSERT_PTR_NULL(cadcom_error_last());
	CU_ASSERT_EQUAL(cadcom_sd_from_sddl(&sd, "D:(Antlers;;GA;;;SY)", NULL), CADCOM_EPARSE);
	CU_ASSERT_PTR_NULL(sd);
	const cadcom_error *e = cadcom_error_last();
	CU_ASSERT_PTR_NOT_NULL_FATAL(e);
	CU_ASSERT_EQUAL(cadcom_error_code(e), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(e), 3);
	CU_ASSERT_STRING_EQUAL(cadcom_error_message(e),
			       "SDDL: unknown ACE type \"Antlers\" at offset 3");
	cadcom_error_clear();
	CU_ASSERT_PTR_NULL(cadcom_error_last());
}

static void *other_thread(void *arg)
{
	(void)arg;
	/* A fresh thread starts without an error, whatever the main thread did. */
	return (void *)(cadcom_error_last() == NULL ? (void *)1 : NULL);
}

static void test_error_is_per_thread(void)
{
	pthread_t t;
	void *ok = NULL;
	cadcom_sid *sid;

	CU_ASSERT(cadcom_sid_from_string(&sid, "S-1-x", NULL) < 0);
	CU_ASSERT_PTR_NOT_NULL(cadcom_error_last());
	CU_ASSERT_EQUAL(pthread_create(&t, NULL, other_thread, NULL), 0);
	pthread_join(t, &ok);
	CU_ASSERT_PTR_NOT_NULL(ok);
	CU_ASSERT_PTR_NOT_NULL(cadcom_error_last());
}

static void test_error_names_and_version(void)
{
	CU_ASSERT_STRING_EQUAL(cadcom_error_name(CADCOM_EPARSE), "parse error");
	CU_ASSERT_STRING_EQUAL(cadcom_error_name(CADCOM_ENEEDDOMAIN), "domain SID needed");
	CU_ASSERT_STRING_EQUAL(cadcom_error_name(CADCOM_EINVALIDSD), "invalid descriptor");
	CU_ASSERT_STRING_EQUAL(cadcom_error_name(12345), "unknown error");
	CU_ASSERT_STRING_EQUAL(cadcom_version(), CADCOM_VERSION_STRING);
	CU_ASSERT_EQUAL(cadcom_version_number(), CADCOM_VERSION_NUMBER);
	CU_ASSERT_EQUAL(cadcom_windows_from_string("2008R2"), CADCOM_WINDOWS_2008R2);
	CU_ASSERT_EQUAL(cadcom_windows_from_string("latest"), CADCOM_WINDOWS_LATEST);
	CU_ASSERT_EQUAL(cadcom_windows_from_string("vista"), CADCOM_EINVAL);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "error describes the failure", test_error_describes_failure },
		{ "error is per thread", test_error_is_per_thread },
		{ "error names and version", test_error_names_and_version },
		CU_TEST_INFO_NULL,
	};
	return cu_run("error", tests);
}
