/*
 * Offline targets: state snapshots (JSON) in and out, byte for byte, and
 * their errors naming the file, the line and the field; .reg targets.
 */
#include "cu.h"
#include "windows_dlp.h"

static const char snapshot[] =
	"{\n"
	"  \"format\": \"cadcom-snapshot-1\",\n"
	"  \"domain_sid\": \"S-1-5-21-1-2-3\",\n"
	"  \"registry\": [\n"
	"    { \"key\": \"HKLM\\\\SOFTWARE\\\\Microsoft\\\\Ole\", \"values\": [\n"
	"      { \"name\": \"MachineAccessRestriction\", \"type\": \"REG_BINARY\",\n"
	"        \"sddl\": \"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;DU)\" },\n"
	"      { \"name\": \"Odd\", \"type\": \"REG_BINARY\", \"hex\": \"01,02,ff\" },\n"
	"      { \"name\": \"EnableDCOM\", \"type\": \"REG_SZ\", \"string\": \"Y\" },\n"
	"      { \"name\": \"Level\", \"type\": \"REG_DWORD\", \"dword\": 4294967295 },\n"
	"      { \"name\": \"List\", \"type\": \"REG_MULTI_SZ\", \"strings\": [\"a\", \"Bé\"] }\n"
	"    ] },\n"
	"    { \"key\": \"HKLM\\\\SOFTWARE\\\\Empty\" }\n"
	"  ],\n"
	"  \"principals\": [\n"
	"    { \"sid\": \"DU\", \"name\": \"CONTOSO\\\\Domain Users\", \"kind\": \"group\", \"scope\": \"global\" },\n"
	"    { \"sid\": \"S-1-5-21-1-2-3-1105\", \"name\": \"CONTOSO\\\\CERTSVC_DCOM_ACCESS\", \"kind\": \"group\", \"scope\": \"domain-local\" }\n"
	"  ],\n"
	"  \"members\": [ { \"group\": \"S-1-5-21-1-2-3-1105\", \"members\": [ \"DU\", \"S-1-5-21-4-5-6-513\" ] } ]\n"
	"}\n";

static cadcom_target *open_snapshot(const char *text)
{
	cadcom_target *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_snapshot(&t, text, strlen(text), "state.json"), 0);
	return t;
}

static void test_load(void)
{
	cadcom_target *t = open_snapshot(snapshot);
	cadcom_registry *reg = cadcom_target_registry(t);
	cadcom_directory *dir = cadcom_target_directory(t);
	cadcom_sid *group = cu_sid("S-1-5-21-1-2-3-1105"), *du = cu_sid("S-1-5-21-1-2-3-513"), *m = NULL;
	unsigned char *data = NULL;
	size_t len;
	int type, kind, scope;
	cadcom_sd *sd = NULL;

	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Microsoft\\Ole",
					    "MachineAccessRestriction", &type, &data, &len), 0);
	CU_ASSERT_EQUAL(type, CADCOM_REG_BINARY);
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_bytes(&sd, data, len), 0);
	cu_assert_sddl(sd, "O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;S-1-5-21-1-2-3-513)");
	cadcom_sd_free(sd);
	cadcom_free(data);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Microsoft\\Ole", "Level", &type,
					    &data, &len), 0);
	CU_ASSERT(type == CADCOM_REG_DWORD && len == 4 && data[0] == 0xff && data[3] == 0xff);
	cadcom_free(data);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Microsoft\\Ole", "List", &type,
					    &data, &len), 0);
	/* "a" NUL "Bé" NUL NUL in UTF-16LE */
	CU_ASSERT(type == CADCOM_REG_MULTI_SZ && len == 12 && data[4] == 'B' && data[6] == 0xe9);
	cadcom_free(data);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\SOFTWARE\\Empty"), 1);

	CU_ASSERT_EQUAL(cadcom_directory_info(dir, group, &kind, &scope), 0);
	CU_ASSERT(kind == CADCOM_PRINCIPAL_GROUP && scope == CADCOM_SCOPE_DOMAIN_LOCAL);
	CU_ASSERT_EQUAL(cadcom_directory_is_member(dir, group, du), 1);
	CU_ASSERT_EQUAL(cadcom_directory_member(dir, group, 1, &m), 0);
	CU_ASSERT_EQUAL(cadcom_sid_rid(m), 513);
	CU_ASSERT_EQUAL(cadcom_sid_subauth(m, 1), 4);
	cadcom_sid_free(m);
	cadcom_sid_free(group);
	cadcom_sid_free(du);
	cadcom_target_free(t);
}

/* Saved and loaded again, the state is the same: the text is a fixed point
 * and every value keeps its bytes. */
static void test_round_trip(void)
{
	cadcom_target *t = open_snapshot(snapshot), *again;
	char *first = NULL, *second = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_target_snapshot(t, &first), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(first, "\"sddl\": \"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;S-1-5-21-1-2-3-513)\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(first, "\"hex\": \"01,02,ff\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(first, "\"key\": \"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Empty\""));
	CU_ASSERT_PTR_NULL(strstr(first, "HKEY_CURRENT_USER"));
	again = open_snapshot(first);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_snapshot(again, &second), 0);
	if (strcmp(first, second))
		fprintf(stderr, "\n%s\n---\n%s\n", first, second);
	CU_ASSERT_STRING_EQUAL(first, second);
	cadcom_free(first);
	cadcom_free(second);
	cadcom_target_free(again);
	cadcom_target_free(t);
}

/* Replace the first `from` in the snapshot by `to`. */
static char *edited(const char *from, const char *to)
{
	const char *at = strstr(snapshot, from);
	char *out = malloc(sizeof(snapshot) + strlen(to));

	CU_ASSERT_PTR_NOT_NULL_FATAL(at);
	memcpy(out, snapshot, (size_t)(at - snapshot));
	strcpy(out + (at - snapshot), to);
	strcat(out, at + strlen(from));
	return out;
}

static void assert_error(const char *from, const char *to, const char *want)
{
	char *text = edited(from, to);
	cadcom_target *t = NULL;
	const char *msg;

	CU_ASSERT_EQUAL(cadcom_target_open_snapshot(&t, text, strlen(text), "state.json"), CADCOM_EPARSE);
	CU_ASSERT_PTR_NULL(t);
	msg = cadcom_error_message(cadcom_error_last());
	if (!strstr(msg, want))
		fprintf(stderr, "\n  want %s\n  got  %s\n", want, msg);
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, want));
	free(text);
}

static void test_errors(void)
{
	assert_error("\"REG_DWORD\"", "\"REG_DWROD\"",
		     "state.json:10: registry[0].values[3].type: unknown type \"REG_DWROD\"");
	assert_error("\"dword\": 4294967295", "\"dword\": 4294967296",
		     "state.json:10: registry[0].values[3].dword:");
	assert_error("\"hex\": \"01,02,ff\"", "\"hex\": \"01,0\"", "state.json:8: registry[0].values[1].hex:");
	assert_error("(A;;CCDCLC;;;DU)", "(A;;CCDCLC;;;XX)", "state.json:7: registry[0].values[0].sddl:");
	assert_error("\"kind\": \"group\", \"scope\": \"global\"", "\"kind\": \"grup\"",
		     "state.json:16: principals[0].kind: unknown kind \"grup\"");
	assert_error("\"S-1-5-21-4-5-6-513\"", "\"S-1-5-21-4-5-6-513x\"", "state.json:19: members[0].members[1]:");
	assert_error("\"domain_sid\"", "\"domain_sids\"", "state.json:3: domain_sids: unknown field");
	assert_error("cadcom-snapshot-1", "cadcom-snapshot-9", "state.json:2: format:");
	assert_error("\"format\": \"cadcom-snapshot-1\",", "\"format\": \"cadcom-snapshot-1\"",
		     "state.json:3:");
	assert_error("\"string\": \"Y\"", "\"string\": \"Y\", \"dword\": 1",
		     "state.json:9: registry[0].values[2]: give exactly one of");
}

/* Found by fuzz_snapshot: a descriptor whose SDDL does not read back (an
 * audit ACE in a DACL) must be saved as hex, or the snapshot cannot be
 * loaded again. */
static void test_unreadable_sddl_saved_as_hex(void)
{
	unsigned char bytes[sizeof(windows_dlp)];
	cadcom_target *t = NULL, *again = NULL;
	unsigned char *data = NULL;
	size_t len;
	char *first = NULL, *second = NULL;

	memcpy(bytes, windows_dlp, sizeof(bytes));
	bytes[28] = 0x02; /* the first DACL ACE becomes SYSTEM_AUDIT */
	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_memory(&t), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(cadcom_target_registry(t), "HKLM\\SOFTWARE\\Microsoft\\Ole",
					    "DefaultLaunchPermission", CADCOM_REG_BINARY, bytes,
					    sizeof(bytes)), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_target_snapshot(t, &first), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(first, "\"hex\": \"01,00,04,80,"));
	CU_ASSERT_PTR_NULL(strstr(first, "\"sddl\""));
	again = open_snapshot(first);
	CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(again), "HKLM\\SOFTWARE\\Microsoft\\Ole",
					    "DefaultLaunchPermission", NULL, &data, &len), 0);
	CU_ASSERT(len == sizeof(bytes) && memcmp(data, bytes, len) == 0);
	CU_ASSERT_EQUAL(cadcom_target_snapshot(again, &second), 0);
	CU_ASSERT_STRING_EQUAL(first, second);
	cadcom_free(data);
	cadcom_free(first);
	cadcom_free(second);
	cadcom_target_free(again);
	cadcom_target_free(t);
}

static void test_regfile_target(void)
{
	static const char reg[] = "Windows Registry Editor Version 5.00\r\n\r\n"
				  "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole]\r\n"
				  "\"EnableDCOM\"=\"Y\"\r\n";
	cadcom_target *t = NULL;
	unsigned char *data = NULL;
	size_t len;
	int type;

	CU_ASSERT_EQUAL_FATAL(cadcom_target_open_regfile(&t, (const unsigned char *)reg, strlen(reg), "x.reg"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(cadcom_target_registry(t), "HKLM\\SOFTWARE\\Microsoft\\Ole",
					    "EnableDCOM", &type, &data, &len), 0);
	CU_ASSERT(type == CADCOM_REG_SZ && len == 4 && data[0] == 'Y');
	cadcom_free(data);
	cadcom_target_free(t);
	CU_ASSERT_EQUAL(cadcom_target_open_regfile(&t, (const unsigned char *)"REGEDIT9\n", 9, "x.reg"),
			CADCOM_EPARSE);
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), "x.reg:1"));
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "load a snapshot", test_load },
		{ "snapshot round trip", test_round_trip },
		{ "snapshot errors name file, line and field", test_errors },
		{ "an SD whose SDDL does not read back is saved as hex", test_unreadable_sddl_saved_as_hex },
		{ "a .reg file as a target", test_regfile_target },
		CU_TEST_INFO_NULL,
	};
	return cu_run("target", tests);
}
