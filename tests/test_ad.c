/*
 * The AD back-end without a server: the extended DN reader every member
 * value and nCName goes through, the options, and the refusals made
 * before a connection exists.  Everything with a DC is in
 * tests/lab/test_ad.c.
 */
#include "cu.h"
#include "../lib/ldap/ad_internal.h"

static void check_ext(const char *value, bool ok, const char *sid, const char *dn)
{
	struct cadcom_sid s;
	bool has_sid = true;
	const char *plain = NULL;
	char *text = NULL;

	CU_ASSERT_EQUAL(cadcom__ad_ext_dn(value, &s, &has_sid, &plain), ok);
	if (!ok)
		return;
	CU_ASSERT_EQUAL(has_sid, sid != NULL);
	if (sid && has_sid) {
		CU_ASSERT_EQUAL(cadcom_sid_to_string(&s, &text), 0);
		CU_ASSERT_STRING_EQUAL(text, sid);
		cadcom_free(text);
	}
	CU_ASSERT_STRING_EQUAL(plain, dn);
}

static void test_extended_dn(void)
{
	check_ext("<GUID=6c5b1a8e-3b7c-4f26-9f5e-2b8a3d4c5e6f>;<SID=S-1-5-21-1-2-3-513>;"
		  "CN=Domain Users,CN=Users,DC=contoso,DC=test",
		  true, "S-1-5-21-1-2-3-513", "CN=Domain Users,CN=Users,DC=contoso,DC=test");
	/* A contact: no SID part. */
	check_ext("<GUID=0b8e1c02>;CN=Contact,DC=contoso,DC=test", true, NULL,
		  "CN=Contact,DC=contoso,DC=test");
	/* A plain DN (an entry's name when the server adds nothing). */
	check_ext("CN=x,DC=contoso,DC=test", true, NULL, "CN=x,DC=contoso,DC=test");
	check_ext("<SID=S-1-5-11>;CN=S-1-5-11,CN=ForeignSecurityPrincipals,DC=c", true,
		  "S-1-5-11", "CN=S-1-5-11,CN=ForeignSecurityPrincipals,DC=c");
	/* Malformed: unclosed, a SID that is not one, trailing junk in it. */
	check_ext("<SID=S-1-5-21-1-2", false, NULL, NULL);
	check_ext("<SID=S-1-x>;CN=a", false, NULL, NULL);
	check_ext("<SID=S-1-5-11 >;CN=a", false, NULL, NULL);
	check_ext("<SID=>;CN=a", false, NULL, NULL);
}

static void test_options(void)
{
	cadcom_ad_options o;

	CU_ASSERT_EQUAL(cadcom_ad_options_init(&o, CADCOM_AD_OPTIONS_VERSION), 0);
	CU_ASSERT_EQUAL(o.transport, CADCOM_AD_TRANSPORT_AUTO);
	CU_ASSERT_EQUAL(o.allow_plain_simple_bind, 0);
	CU_ASSERT_EQUAL(cadcom_ad_options_init(&o, 99), CADCOM_EINVAL);
	cu_assert_message("version 99", NULL, NULL);
	CU_ASSERT_EQUAL(cadcom_ad_options_init(NULL, CADCOM_AD_OPTIONS_VERSION), CADCOM_EINVAL);
}

static void test_refused_before_connecting(void)
{
	cadcom_credentials *cred = NULL;
	cadcom_ad_options o;
	cadcom_ad *ad = (cadcom_ad *)&o;

	CU_ASSERT_EQUAL_FATAL(cadcom_credentials_new_password(&cred, "CONTOSO", "u", "pw"), 0);
	cadcom_ad_options_init(&o, CADCOM_AD_OPTIONS_VERSION);
	o.transport = CADCOM_AD_TRANSPORT_PLAIN;
	CU_ASSERT_EQUAL(cadcom_ad_open(&ad, "dc1.contoso.test", cred, &o), CADCOM_EINVAL);
	CU_ASSERT_PTR_NULL(ad);
	cu_assert_message("unencrypted", NULL, NULL);
	o.transport = 7;
	CU_ASSERT_EQUAL(cadcom_ad_open(&ad, "dc1.contoso.test", cred, &o), CADCOM_EINVAL);
	cu_assert_message("transport 7", NULL, NULL);
	o.transport = CADCOM_AD_TRANSPORT_LDAPS;
	o.version = 2;
	CU_ASSERT_EQUAL(cadcom_ad_open(&ad, "dc1.contoso.test", cred, &o), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_ad_open(&ad, NULL, cred, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_ad_open(&ad, "dc1.contoso.test", NULL, NULL), CADCOM_EINVAL);
	/* Nothing listens on 636 here (the lab's DC lives in its namespace). */
	o.version = CADCOM_AD_OPTIONS_VERSION;
	CU_ASSERT_EQUAL(cadcom_ad_open(&ad, "127.0.0.1", cred, &o), CADCOM_ECONNECT);
	cu_assert_message("127.0.0.1", "refused", NULL);
	CU_ASSERT_PTR_NULL(ad);
	cadcom_credentials_free(cred);
}

static void test_null_session(void)
{
	cadcom_sid *sid = NULL;
	cadcom_topology *t = NULL;

	CU_ASSERT_EQUAL(cadcom_ad_resolve(NULL, "x", &sid, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_ad_discover(NULL, "x", &t), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_ad_create_group(NULL, "x", NULL, CADCOM_SCOPE_GLOBAL, &sid),
			CADCOM_EINVAL);
	CU_ASSERT_PTR_NULL(cadcom_ad_directory(NULL));
	CU_ASSERT_PTR_NULL(cadcom_ad_domain(NULL));
	CU_ASSERT_EQUAL(cadcom_ad_operations(NULL), 0);
	cadcom_ad_close(NULL);
	CU_ASSERT_EQUAL(cadcom_ad_cas_count(NULL), 0);
	CU_ASSERT_PTR_NULL(cadcom_ad_cas_name(NULL, 0));
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "extended DNs", test_extended_dn },
		{ "options", test_options },
		{ "refused before connecting", test_refused_before_connecting },
		{ "NULL sessions", test_null_session },
		CU_TEST_INFO_NULL,
	};

	return cu_run("ad", tests);
}
