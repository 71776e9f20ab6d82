/*
 * The registry interface on the memory back-end: values, keys, enumeration
 * order, Windows' case rules and key spellings, limits, errors; and the
 * REG_SZ <-> UTF-8 helpers.
 */
#include "cu.h"
#include <cadcom/registry.h>

#define OLE "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole"

static cadcom_registry *new_reg(void)
{
	cadcom_registry *reg = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_registry_new_memory(&reg), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(reg);
	return reg;
}

static const char *last_message(void)
{
	return cadcom_error_message(cadcom_error_last());
}

/* Assert subkey / value `index` of `key` is `want` (NULL: there is none). */
static void assert_enum(cadcom_registry *reg, const char *key, size_t index, bool values,
			const char *want)
{
	char *got = NULL;
	int rc = values ? cadcom_registry_value_name(reg, key, index, &got)
			: cadcom_registry_subkey(reg, key, index, &got);

	if (!want) {
		CU_ASSERT_EQUAL(rc, CADCOM_ENOTFOUND);
		CU_ASSERT_PTR_NULL(got);
		return;
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_STRING_EQUAL(got ? got : "(none)", want);
	cadcom_free(got);
}

static void test_set_get(void)
{
	static const unsigned char dword[4] = { 0x2a, 0, 0, 0 }, blob[3] = { 1, 2, 0xff };
	cadcom_registry *reg = new_reg();
	unsigned char *out = NULL;
	size_t len = 99;
	int type = -1;

	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "EnableDCOM", CADCOM_REG_DWORD, dword, 4), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, OLE, "EnableDCOM", &type, &out, &len), 0);
	CU_ASSERT_EQUAL(type, CADCOM_REG_DWORD);
	CU_ASSERT_EQUAL(len, 4);
	CU_ASSERT(out && memcmp(out, dword, 4) == 0);
	cadcom_free(out);

	/* Overwriting changes type and bytes; the parents were created. */
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "EnableDCOM", CADCOM_REG_BINARY, blob, 3), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, OLE, "EnableDCOM", &type, &out, &len), 0);
	CU_ASSERT_EQUAL(type, CADCOM_REG_BINARY);
	CU_ASSERT_EQUAL(len, 3);
	CU_ASSERT(out && memcmp(out, blob, 3) == 0);
	cadcom_free(out);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft"), 1);
	assert_enum(reg, OLE, 1, true, NULL); /* replaced, not added */

	/* A zero-length value: a buffer all the same, length 0. */
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "", CADCOM_REG_NONE, NULL, 0), 0);
	out = NULL;
	len = 7;
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, OLE, "", &type, &out, &len), 0);
	CU_ASSERT_PTR_NOT_NULL(out);
	CU_ASSERT_EQUAL(len, 0);
	CU_ASSERT_EQUAL(type, CADCOM_REG_NONE);
	cadcom_free(out);

	/* The type is optional; data NULL with a length is not. */
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, OLE, "", NULL, &out, &len), 0);
	cadcom_free(out);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "x", CADCOM_REG_BINARY, NULL, 1),
			CADCOM_EINVAL);
	cadcom_registry_free(reg);
}

static void test_case_and_aliases(void)
{
	static const unsigned char v1[1] = { 1 }, v2[1] = { 2 };
	cadcom_registry *reg = new_reg();
	unsigned char *out = NULL;
	size_t len = 0;
	int type = 0;

	CU_ASSERT_EQUAL(cadcom_registry_set(reg, "HKLM\\Software\\Foo", "Bar", 3, v1, 1), 0);
	/* Another spelling of the same key and name: found, and written in place. */
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "hkey_local_machine\\SOFTWARE\\foo", "BAR", &type,
					    &out, &len), 0);
	CU_ASSERT(len == 1 && out && out[0] == 1);
	cadcom_free(out);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, "hklm\\SOFTWARE\\FOO", "bar", 3, v2, 1), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\software\\foo", "Bar", &type, &out, &len),
			0);
	CU_ASSERT(len == 1 && out && out[0] == 2);
	cadcom_free(out);
	/* Whole names only: a prefix is another name. */
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\SOFTWARE\\Fo"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\SOFTWARE\\Foo2"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Foo", "Ba", &type, &out, &len),
			CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Foo", "Bart", &type, &out, &len),
			CADCOM_ENOTFOUND);
	/* The case first written is kept. */
	assert_enum(reg, "HKLM", 0, false, "Software");
	assert_enum(reg, "HKLM\\SOFTWARE", 0, false, "Foo");
	assert_enum(reg, "HKLM\\SOFTWARE\\FOO", 0, true, "Bar");
	assert_enum(reg, "HKLM\\SOFTWARE\\FOO", 1, true, NULL);
	assert_enum(reg, "HKLM\\SOFTWARE", 1, false, NULL);

	/* Leading and trailing backslashes are dropped; every root has a short name. */
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "\\HKEY_LOCAL_MACHINE\\Software\\Foo\\"), 1);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "HKCU\\A"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKEY_CURRENT_USER\\a"), 1);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "hkcr\\.reg"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKEY_CLASSES_ROOT\\.REG"), 1);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "HKU\\S-1-5-18"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKEY_USERS\\S-1-5-18"), 1);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "HKCC\\System"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKEY_CURRENT_CONFIG\\System"), 1);
	/* HKEY_USERS is not HKU's prefix match for HKEY_CURRENT_USER */
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKEY_USERS\\A"), 0);
	/* The predefined keys exist from the start and cannot be deleted. */
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKEY_CURRENT_CONFIG"), 1);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, "HKLM"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\SOFTWARE"), 1);
	/* Case folding is ASCII only, as specified. */
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "HKLM\\\xc3\x84"), 0); /* Ä */
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\\xc3\xa4"), 0); /* ä */
	cadcom_registry_free(reg);
}

static void test_enumerate_and_delete(void)
{
	static const unsigned char b[1] = { 0 };
	cadcom_registry *reg = new_reg();
	char *got = NULL;

	/* Insertion order, not sorted. */
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, OLE "\\Zeta"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, OLE "\\Alpha\\Deep\\Deeper"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, OLE "\\Mid"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, OLE "\\alpha"), 0); /* exists: fine */
	assert_enum(reg, OLE, 0, false, "Zeta");
	assert_enum(reg, OLE, 1, false, "Alpha");
	assert_enum(reg, OLE, 2, false, "Mid");
	assert_enum(reg, OLE, 3, false, NULL);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "b", 3, b, 1), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "a", 3, b, 1), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "c", 3, b, 1), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "d", 3, b, 1), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE "\\Alpha\\Deep", "v", 3, b, 1), 0);
	assert_enum(reg, OLE, 0, true, "b");
	assert_enum(reg, OLE, 2, true, "c");

	/* Deleting a value keeps the order of the rest. */
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, OLE, "A"), 0);
	assert_enum(reg, OLE, 0, true, "b");
	assert_enum(reg, OLE, 1, true, "c");
	assert_enum(reg, OLE, 2, true, "d");
	assert_enum(reg, OLE, 3, true, NULL);

	/* Deleting a key takes its subtree; siblings keep their order. */
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, OLE "\\ALPHA"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, OLE "\\Alpha\\Deep"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, OLE "\\Alpha"), 0);
	assert_enum(reg, OLE, 0, false, "Zeta");
	assert_enum(reg, OLE, 1, false, "Mid");
	assert_enum(reg, OLE, 2, false, NULL);
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, OLE "\\Alpha"), CADCOM_ENOTFOUND);

	/* Enumerating a missing key. */
	CU_ASSERT_EQUAL(cadcom_registry_subkey(reg, OLE "\\Nope", 0, &got), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_registry_value_name(reg, OLE "\\Nope", 0, &got), CADCOM_ENOTFOUND);
	CU_ASSERT_PTR_NULL(got);
	cadcom_registry_free(reg);
}

static void test_not_found_messages(void)
{
	cadcom_registry *reg = new_reg();
	unsigned char *out = NULL;
	size_t len = 0;

	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\SOFTWARE\\Nope", "X", NULL, &out, &len),
			CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(),
			       "registry: key HKEY_LOCAL_MACHINE\\SOFTWARE\\Nope not found");
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, OLE), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, OLE, "DefaultLaunchPermission", NULL, &out, &len),
			CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(), "registry: value \"DefaultLaunchPermission\" of "
			       OLE " not found");
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, OLE, ""), CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(), "registry: the default value (@) of " OLE
			       " not found");
	CU_ASSERT_EQUAL(cadcom_registry_delete_value(reg, OLE "\\X", "v"), CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(), "registry: key " OLE "\\X not found");
	CU_ASSERT_EQUAL(cadcom_registry_delete_key(reg, "HKCU\\Gone"), CADCOM_ENOTFOUND);
	CU_ASSERT_STRING_EQUAL(last_message(), "registry: key HKEY_CURRENT_USER\\Gone not found");
	cadcom_registry_free(reg);
}

static void test_bad_keys(void)
{
	cadcom_registry *reg = new_reg();
	unsigned char *out = NULL;
	static char name[16385], big[4 * 8192 + 1];
	char comp[600], key[700];
	size_t len;

	CU_ASSERT_EQUAL(cadcom_registry_new_memory(NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(NULL, "HKLM\\A"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\A", NULL, NULL, &out, &len), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\A", "v", NULL, NULL, &len), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, "HKLM\\A", NULL, 3, NULL, 0), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_subkey(reg, "HKLM", 0, NULL), CADCOM_EINVAL);

	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, ""), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(), "registry key \"\": empty key");
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "\\\\"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "HKLM\\A\\\\B"), CADCOM_EINVAL);
	CU_ASSERT_STRING_EQUAL(last_message(),
			       "registry key \"HKLM\\A\\\\B\": empty component (doubled backslash)");
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKEY_LOCAL_MACHINEX\\A"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "HKXX\\Software"), CADCOM_EINVAL);
	CU_ASSERT(strncmp(last_message(), "registry key \"HKXX\\Software\": unknown root \"HKXX\"",
			  49) == 0);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, "SOFTWARE\\Microsoft"), CADCOM_EINVAL);

	/* 255 characters in a component, 16,383 in a value name (UTF-16 units). */
	memset(comp, 'k', 255);
	comp[255] = '\0';
	snprintf(key, sizeof(key), "HKLM\\%s", comp);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, key), 0);
	snprintf(key, sizeof(key), "HKLM\\%sk", comp);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, key), CADCOM_ELIMIT);
	memset(comp, 0, sizeof(comp)); /* 128 x U+00E4: 256 bytes, 128 units */
	for (int i = 0; i < 128; i++)
		memcpy(comp + 2 * i, "\xc3\xa4", 2);
	snprintf(key, sizeof(key), "HKLM\\%s", comp);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, key), 0);
	/* Outside the BMP a character is two units: 127 x U+1F600 is 254 units
	 * (fine), 128 is 256 (too long) though only 128 characters. */
	memset(comp, 0, sizeof(comp));
	for (int i = 0; i < 128; i++)
		memcpy(comp + 4 * i, "\xf0\x9f\x98\x80", 4);
	snprintf(key, sizeof(key), "HKLM\\%.508s", comp);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, key), 0);
	snprintf(key, sizeof(key), "HKLM\\%s", comp);
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, key), CADCOM_ELIMIT);
	for (int i = 0; i < 8192; i++) /* 16,384 units */
		memcpy(big + 4 * i, "\xf0\x9f\x98\x80", 4);
	big[4 * 8192] = '\0';
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, "HKLM\\A", big, 3, NULL, 0), CADCOM_ELIMIT);
	big[4 * 8191] = '\0';
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, "HKLM\\A", big, 3, NULL, 0), 0);
	memset(name, 'n', 16383);
	name[16383] = '\0';
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, "HKLM\\A", name, 3, NULL, 0), 0);
	name[16383] = 'n';
	name[16384] = '\0';
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, "HKLM\\A", name, 3, NULL, 0), CADCOM_ELIMIT);
	cadcom_registry_free(NULL); /* a no-op */
	cadcom_registry_free(reg);
}

static void test_depth_limit(void)
{
	cadcom_registry *reg = new_reg();
	char key[4 + 2 * 513 + 1];
	size_t n = 0;

	memcpy(key, "HKLM", 4);
	n = 4;
	for (int i = 0; i < 511; i++) { /* the root and 511 levels: 512 */
		key[n++] = '\\';
		key[n++] = 'a';
	}
	key[n] = '\0';
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, key), 0);
	key[n++] = '\\';
	key[n++] = 'a';
	key[n] = '\0';
	CU_ASSERT_EQUAL(cadcom_registry_create_key(reg, key), CADCOM_ELIMIT);
	cadcom_registry_free(reg);
}

/* Encode `text`, compare with `want`, decode back to `text`. */
static void assert_sz(const char *text, const unsigned char *want, size_t want_len)
{
	unsigned char *bytes = NULL;
	char *back = NULL;
	size_t len = 0;

	CU_ASSERT_EQUAL(cadcom_reg_sz_encode(text, &bytes, &len), 0);
	CU_ASSERT_EQUAL(len, want_len);
	CU_ASSERT(bytes && len == want_len && memcmp(bytes, want, len) == 0);
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(bytes, len, &back), 0);
	CU_ASSERT_STRING_EQUAL(back ? back : "(null)", text);
	cadcom_free(bytes);
	cadcom_free(back);
}

static void test_sz(void)
{
	static const unsigned char empty[] = { 0, 0 };
	static const unsigned char y[] = { 'Y', 0, 0, 0 };
	/* "Domänen-Benutzer": ä is U+00E4 */
	static const unsigned char domusers[] = { 'D', 0, 'o', 0, 'm', 0, 0xe4, 0, 'n', 0, 'e', 0,
						  'n', 0, '-', 0, 'B', 0, 'e', 0, 'n', 0, 'u', 0,
						  't', 0, 'z', 0, 'e', 0, 'r', 0, 0, 0 };
	/* U+20AC (3 UTF-8 bytes) and U+1F600 (a surrogate pair) */
	static const unsigned char euro_smile[] = { 0xac, 0x20, 0x3d, 0xd8, 0x00, 0xde, 0, 0 };
	static const unsigned char no_nul[] = { 'a', 0, 'b', 0 };
	static const unsigned char after_nul[] = { 'a', 0, 0, 0, 'b', 0, 0, 0 };
	static const unsigned char lone_high[] = { 'a', 0, 0x3d, 0xd8, 'b', 0, 0, 0 };
	static const unsigned char lone_high_end[] = { 'a', 0, 0x3d, 0xd8 };
	static const unsigned char lone_low[] = { 0x00, 0xde, 0, 0 };
	static const unsigned char odd[] = { 'a', 0, 'b' };
	unsigned char *bytes = NULL;
	char *text = NULL;
	size_t len = 0;

	assert_sz("", empty, sizeof(empty));
	assert_sz("Y", y, sizeof(y));
	assert_sz("Dom\xc3\xa4nen-Benutzer", domusers, sizeof(domusers));
	assert_sz("\xe2\x82\xac\xf0\x9f\x98\x80", euro_smile, sizeof(euro_smile));

	/* A missing terminator is tolerated; text ends at the first NUL. */
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(no_nul, sizeof(no_nul), &text), 0);
	CU_ASSERT_STRING_EQUAL(text, "ab");
	cadcom_free(text);
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(after_nul, sizeof(after_nul), &text), 0);
	CU_ASSERT_STRING_EQUAL(text, "a");
	cadcom_free(text);
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(NULL, 0, &text), 0);
	CU_ASSERT_STRING_EQUAL(text, "");
	cadcom_free(text);

	/* Invalid UTF-16: the offset of the bad unit. */
	text = NULL;
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(lone_high, sizeof(lone_high), &text), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 2);
	CU_ASSERT_PTR_NULL(text);
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(lone_high_end, sizeof(lone_high_end), &text),
			CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 2);
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(lone_low, sizeof(lone_low), &text), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 0);
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(odd, sizeof(odd), &text), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 2);
	CU_ASSERT_EQUAL(cadcom_reg_sz_decode(odd, 2, NULL), CADCOM_EINVAL);

	/* Invalid UTF-8: the offset of the bad byte. */
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("ab\xff", &bytes, &len), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 2);
	CU_ASSERT_PTR_NULL(bytes);
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("\xc3(", &bytes, &len), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 0);
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("x\xc0\xaf", &bytes, &len), CADCOM_EPARSE); /* overlong */
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 1);
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("\xed\xa0\x80", &bytes, &len), CADCOM_EPARSE); /* D800 */
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("\xf4\x90\x80\x80", &bytes, &len), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode("ok\xe2\x82", &bytes, &len), CADCOM_EPARSE); /* cut */
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 2);
	CU_ASSERT_EQUAL(cadcom_reg_sz_encode(NULL, &bytes, &len), CADCOM_EINVAL);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "set, get, overwrite, empty values", test_set_get },
		{ "case-insensitive names keep their case; root aliases", test_case_and_aliases },
		{ "enumeration order, delete value and subtree", test_enumerate_and_delete },
		{ "ENOTFOUND names the key and the value", test_not_found_messages },
		{ "bad keys and Windows' length limits", test_bad_keys },
		{ "a key is at most 512 levels deep", test_depth_limit },
		{ "REG_SZ encode/decode: non-ASCII, surrogates, invalid input", test_sz },
		CU_TEST_INFO_NULL,
	};

	return cu_run("registry", tests);
}
