/*
 * .reg files: every value form regedit reads, regedit's own layout when
 * writing (UTF-16LE with BOM, CRLF, hex wrapping — doc/REGFILE.md), round
 * trips, applying to a registry, errors with line and byte offset, and a
 * committed export in regedit's format.
 */
#include "cu.h"
#include <cadcom/registry.h>
#include <cadcom/regfile.h>
#include "windows_dlp.h"

#define H "Windows Registry Editor Version 5.00\r\n\r\n"
#define OLE "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole"

static const char *last_message(void)
{
	return cadcom_error_message(cadcom_error_last());
}

static cadcom_regfile *parse_ok(const char *text)
{
	cadcom_regfile *f = NULL;
	int rc = cadcom_regfile_parse(&f, (const unsigned char *)text, strlen(text), NULL);

	if (rc)
		fprintf(stderr, "\n  parse: %s\n", last_message());
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	return f;
}

/* UTF-8 text -> a UTF-16LE file with BOM (tests build their own inputs). */
static unsigned char *utf16_file(const char *text, size_t *len)
{
	unsigned char *u = NULL, *out;
	size_t n = 0;

	CU_ASSERT_EQUAL_FATAL(cadcom_reg_sz_encode(text, &u, &n), 0);
	out = malloc(n);
	out[0] = 0xFF;
	out[1] = 0xFE;
	memcpy(out + 2, u, n - 2); /* without the NUL terminator */
	cadcom_free(u);
	*len = n;
	return out;
}

static char *text_of(const cadcom_regfile *f)
{
	char *t = NULL;

	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_to_text(f, &t), 0);
	return t;
}

static void assert_text(const cadcom_regfile *f, const char *want)
{
	char *got = text_of(f);

	if (strcmp(got, want))
		fprintf(stderr, "\n  want:\n%s\n  got:\n%s\n", want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	cadcom_free(got);
}

/* Assert operation `i` in full (type, data only for SET_VALUE). */
static void assert_op(const cadcom_regfile *f, size_t i, int op, const char *key, const char *name,
		      int type, const void *data, size_t len)
{
	unsigned char *got = NULL;
	size_t got_len = 0;
	int got_type = -12345;

	CU_ASSERT_EQUAL(cadcom_regfile_entry_op(f, i), op);
	CU_ASSERT_STRING_EQUAL(cadcom_regfile_entry_key(f, i) ? cadcom_regfile_entry_key(f, i) : "",
			       key);
	if (!name) {
		CU_ASSERT_PTR_NULL(cadcom_regfile_entry_name(f, i));
	} else {
		CU_ASSERT_STRING_EQUAL(cadcom_regfile_entry_name(f, i) ?
				       cadcom_regfile_entry_name(f, i) : "(null)", name);
	}
	if (op != CADCOM_REGFILE_SET_VALUE)
		return;
	CU_ASSERT_EQUAL(cadcom_regfile_entry_value(f, i, &got_type, &got, &got_len), 0);
	CU_ASSERT_EQUAL(got_type, type);
	CU_ASSERT_EQUAL(got_len, len);
	CU_ASSERT_PTR_NOT_NULL(got);
	CU_ASSERT(got && got_len == len && (len == 0 || memcmp(got, data, len) == 0));
	cadcom_free(got);
}

static bool same_ops(const cadcom_regfile *a, const cadcom_regfile *b)
{
	if (cadcom_regfile_count(a) != cadcom_regfile_count(b))
		return false;
	for (size_t i = 0; i < cadcom_regfile_count(a); i++) {
		const char *na = cadcom_regfile_entry_name(a, i), *nb = cadcom_regfile_entry_name(b, i);
		unsigned char *da = NULL, *db = NULL;
		size_t la = 0, lb = 0;
		int ta = 0, tb = 0;
		bool same;

		if (cadcom_regfile_entry_op(a, i) != cadcom_regfile_entry_op(b, i) ||
		    strcmp(cadcom_regfile_entry_key(a, i), cadcom_regfile_entry_key(b, i)) ||
		    (!na != !nb) || (na && strcmp(na, nb)))
			return false;
		if (cadcom_regfile_entry_op(a, i) != CADCOM_REGFILE_SET_VALUE)
			continue;
		cadcom_regfile_entry_value(a, i, &ta, &da, &la);
		cadcom_regfile_entry_value(b, i, &tb, &db, &lb);
		same = ta == tb && la == lb && memcmp(da, db, la) == 0;
		cadcom_free(da);
		cadcom_free(db);
		if (!same)
			return false;
	}
	return true;
}

static void test_parse_forms(void)
{
	static const char text[] =
		"Windows Registry Editor Version 5.00\n"
		"\n"
		"; a comment\n"
		"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\n"
		"\"s\"=\"a\\\\b\\\"c\"\n"
		"@=\"def\"\n"
		"\"d\"=dword:0000002a\n"
		"\"d2\"=DWORD:FFFFFFFF\n"
		"\"d3\"=dword:1\n"
		"\"b\"=hex:01,02,ff\n"
		"\"e\"=hex:\n"
		"\"x\"=hex(2):25,00,41,00,25,00,00,00\n"
		"\"m\"=hex(7):61,00,00,00,62,00,00,00,00,00\n"
		"\"q\"=hex(b):01,02,03,04,05,06,07,08\n"
		"\"n\"=hex(0):\n"
		"\"t\"=hex(ffff0011):aa\n"
		"\"c\"=hex:01,02,\\\n"
		"  03,04\n"
		"\"crlf\"=dword:00000003\r\n"
		"  \"spaced\" = \"v\"  ; a trailing comment\n"
		"\"del\"=-\n"
		"\r\n"
		"[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Gone]\n"
		"[hklm\\SOFTWARE\\Short\\]\n"
		"\"sz1\"=hex(1):41,00,00,00\n"
		"\"\"=\"empty name is the default\"";
	static const unsigned char s[] = { 'a', 0, '\\', 0, 'b', 0, '"', 0, 'c', 0, 0, 0 };
	static const unsigned char def[] = { 'd', 0, 'e', 0, 'f', 0, 0, 0 };
	static const unsigned char d[] = { 0x2a, 0, 0, 0 }, d2[] = { 0xff, 0xff, 0xff, 0xff };
	static const unsigned char d3[] = { 1, 0, 0, 0 }, b[] = { 1, 2, 0xff }, x[] = { 0x25, 0,
		0x41, 0, 0x25, 0, 0, 0 };
	static const unsigned char m[] = { 0x61, 0, 0, 0, 0x62, 0, 0, 0, 0, 0 };
	static const unsigned char q[] = { 1, 2, 3, 4, 5, 6, 7, 8 }, t[] = { 0xaa };
	static const unsigned char c[] = { 1, 2, 3, 4 }, crlf[] = { 3, 0, 0, 0 }, v[] = { 'v', 0, 0,
		0 };
	static const unsigned char sz1[] = { 0x41, 0, 0, 0 };
	const char *k = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test";
	cadcom_regfile *f = parse_ok(text);

	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_count(f), 21);
	assert_op(f, 0, CADCOM_REGFILE_CREATE_KEY, k, NULL, 0, NULL, 0);
	assert_op(f, 1, CADCOM_REGFILE_SET_VALUE, k, "s", CADCOM_REG_SZ, s, sizeof(s));
	assert_op(f, 2, CADCOM_REGFILE_SET_VALUE, k, "", CADCOM_REG_SZ, def, sizeof(def));
	assert_op(f, 3, CADCOM_REGFILE_SET_VALUE, k, "d", CADCOM_REG_DWORD, d, 4);
	assert_op(f, 4, CADCOM_REGFILE_SET_VALUE, k, "d2", CADCOM_REG_DWORD, d2, 4);
	assert_op(f, 5, CADCOM_REGFILE_SET_VALUE, k, "d3", CADCOM_REG_DWORD, d3, 4);
	assert_op(f, 6, CADCOM_REGFILE_SET_VALUE, k, "b", CADCOM_REG_BINARY, b, sizeof(b));
	assert_op(f, 7, CADCOM_REGFILE_SET_VALUE, k, "e", CADCOM_REG_BINARY, NULL, 0);
	assert_op(f, 8, CADCOM_REGFILE_SET_VALUE, k, "x", CADCOM_REG_EXPAND_SZ, x, sizeof(x));
	assert_op(f, 9, CADCOM_REGFILE_SET_VALUE, k, "m", CADCOM_REG_MULTI_SZ, m, sizeof(m));
	assert_op(f, 10, CADCOM_REGFILE_SET_VALUE, k, "q", CADCOM_REG_QWORD, q, sizeof(q));
	assert_op(f, 11, CADCOM_REGFILE_SET_VALUE, k, "n", CADCOM_REG_NONE, NULL, 0);
	assert_op(f, 12, CADCOM_REGFILE_SET_VALUE, k, "t", (int)0xffff0011u, t, 1);
	assert_op(f, 13, CADCOM_REGFILE_SET_VALUE, k, "c", CADCOM_REG_BINARY, c, sizeof(c));
	assert_op(f, 14, CADCOM_REGFILE_SET_VALUE, k, "crlf", CADCOM_REG_DWORD, crlf, 4);
	assert_op(f, 15, CADCOM_REGFILE_SET_VALUE, k, "spaced", CADCOM_REG_SZ, v, sizeof(v));
	assert_op(f, 16, CADCOM_REGFILE_DELETE_VALUE, k, "del", 0, NULL, 0);
	assert_op(f, 17, CADCOM_REGFILE_DELETE_KEY, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Gone", NULL, 0,
		  NULL, 0);
	/* Short roots and stray backslashes are normalised like registry keys. */
	assert_op(f, 18, CADCOM_REGFILE_CREATE_KEY, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Short", NULL, 0,
		  NULL, 0);
	assert_op(f, 19, CADCOM_REGFILE_SET_VALUE, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Short", "sz1",
		  CADCOM_REG_SZ, sz1, sizeof(sz1));
	CU_ASSERT_STRING_EQUAL(cadcom_regfile_entry_name(f, 20), "");
	cadcom_regfile_free(f);
}

static void test_regedit4(void)
{
	/* REGEDIT4 keeps hex(2)/hex(7) strings one byte a character; regedit
	 * widens them to UTF-16 on import.  Other types stay as they are. */
	static const unsigned char path[] = { '%', 0, 'A', 0, '%', 0, 0, 0 };
	static const unsigned char bin[] = { '%', 'A' };
	cadcom_regfile *f = parse_ok("REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Environment]\r\n"
				     "\"Path\"=hex(2):25,41,25,00\r\n\"B\"=hex:25,41\r\n");

	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_count(f), 3);
	assert_op(f, 1, CADCOM_REGFILE_SET_VALUE, "HKEY_CURRENT_USER\\Environment", "Path",
		  CADCOM_REG_EXPAND_SZ, path, sizeof(path));
	assert_op(f, 2, CADCOM_REGFILE_SET_VALUE, "HKEY_CURRENT_USER\\Environment", "B",
		  CADCOM_REG_BINARY, bin, sizeof(bin));
	cadcom_regfile_free(f);
}

/* Everything the writer has a form for, in the shape a parse produces
 * (each value after a [key] of its own key). */
static cadcom_regfile *all_forms(void)
{
	static const unsigned char dword[] = { 0x78, 0x56, 0x34, 0x12 }, qword[] = { 1, 2, 3, 4, 5,
		6, 7, 8 };
	static const unsigned char odd[] = { 'a' }, no_nul[] = { 'a', 0 }, inner_nul[] = { 'a', 0,
		0, 0, 'b', 0, 0, 0 };
	static const unsigned char lone[] = { 0x3d, 0xd8, 0, 0 }, short_dword[] = { 1, 2, 3 };
	static const unsigned char multi[] = { 'a', 0, 0, 0, 'b', 0, 0, 0, 0, 0 };
	cadcom_regfile *f = NULL;
	unsigned char *sz;
	size_t n;

	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_new(&f), 0);
#define SET_SZ(name, text)                                                                   \
	do {                                                                                 \
		CU_ASSERT_EQUAL_FATAL(cadcom_reg_sz_encode((text), &sz, &n), 0);              \
		CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, (name), CADCOM_REG_SZ, sz, n), 0); \
		cadcom_free(sz);                                                             \
	} while (0)
	CU_ASSERT_EQUAL(cadcom_regfile_create_key(f, "HKLM\\SOFTWARE\\Microsoft\\Ole"), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "DefaultLaunchPermission", CADCOM_REG_BINARY,
						 windows_dlp, sizeof(windows_dlp)), 0);
	SET_SZ("", "default \"quoted\" C:\\path\\");
	SET_SZ("na\"me\\with \\\"quotes\\\"", "");
	SET_SZ("Dom\xc3\xa4nen-Benutzer", "Dom\xc3\xa4nen-Benutzer \xf0\x9f\x98\x80 ; [x] = -");
	SET_SZ("crlf", "two\r\nlines");
	SET_SZ("@", "a value named @");
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "dword", CADCOM_REG_DWORD, dword, 4), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "qword", CADCOM_REG_QWORD, qword, 8), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "empty", CADCOM_REG_BINARY, NULL, 0), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "none", CADCOM_REG_NONE, NULL, 0), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "multi", CADCOM_REG_MULTI_SZ, multi,
						 sizeof(multi)), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "expand", CADCOM_REG_EXPAND_SZ, no_nul, 2),
			0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "odd", CADCOM_REG_SZ, odd, 1), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "no_nul", CADCOM_REG_SZ, no_nul, 2), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "inner_nul", CADCOM_REG_SZ, inner_nul,
						 sizeof(inner_nul)), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "lone", CADCOM_REG_SZ, lone, 4), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "empty_sz", CADCOM_REG_SZ, NULL, 0), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "short", CADCOM_REG_DWORD, short_dword, 3),
			0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE, "big_type", (int)0xffff0011u, odd, 1), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_delete_value(f, OLE, "Gone"), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_delete_value(f, OLE, ""), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_delete_key(f, OLE "\\Old"), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_create_key(f, OLE "\\AppCompat"), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, OLE "\\AppCompat",
						 "RequireIntegrityActivationAuthenticationLevel",
						 CADCOM_REG_DWORD, dword, 4), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_create_key(f, OLE "\\AppCompat"), 0); /* twice: kept */
	CU_ASSERT_EQUAL(cadcom_regfile_create_key(f, "HKCU\\Empty"), 0);
#undef SET_SZ
	return f;
}

static void test_round_trip(void)
{
	cadcom_regfile *f = all_forms(), *back = NULL;
	unsigned char *bytes = NULL;
	size_t len = 0;
	char *text = text_of(f);

	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_count(f), 27);
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_to_bytes(f, &bytes, &len), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_parse(&back, bytes, len, "written.reg"), 0);
	CU_ASSERT(same_ops(f, back));
	cadcom_regfile_free(back);
	back = NULL;
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_parse(&back, (unsigned char *)text, strlen(text), NULL),
			      0);
	CU_ASSERT(same_ops(f, back));
	cadcom_regfile_free(back);

	/* The forms chosen: strings where the bytes are exactly a string, hex(1)
	 * and hex(4) where they are not, so nothing is lost. */
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n@=\"default \\\"quoted\\\" C:\\\\path\\\\\"\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"na\\\"me\\\\with \\\\\\\"quotes\\\\\\\"\"=\"\"\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"Dom\xc3\xa4nen-Benutzer\"=\"Dom\xc3\xa4nen-Benutzer "
				      "\xf0\x9f\x98\x80 ; [x] = -\"\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"crlf\"=hex(1):74,00,77,00,6f,00,0d,00,0a,00,6c,"
				      "00,69,00,6e,00,65,00,73,00,00,\\\r\n  00\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"@\"=\"a value named @\"\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"dword\"=dword:12345678\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"qword\"=hex(b):01,02,03,04,05,06,07,08\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"empty\"=hex:\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"none\"=hex(0):\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"expand\"=hex(2):61,00\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"odd\"=hex(1):61\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"no_nul\"=hex(1):61,00\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"inner_nul\"=hex(1):61,00,00,00,62,00,00,00\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"lone\"=hex(1):3d,d8,00,00\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"empty_sz\"=hex(1):\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"short\"=hex(4):01,02,03\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"big_type\"=hex(ffff0011):61\r\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\r\n\"Gone\"=-\r\n@=-\r\n\r\n[-" OLE "\\Old]\r\n\r\n["
				      OLE "\\AppCompat]\r\n\"RequireIntegrityActivationAuthentication"
				      "Level\"=dword:12345678\r\n\r\n[" OLE "\\AppCompat]\r\n\r\n"
				      "[HKEY_CURRENT_USER\\Empty]\r\n\r\n"));
	cadcom_free(text);
	cadcom_free(bytes);
	cadcom_regfile_free(f);
}

static void test_bytes_layout(void)
{
	static const char want[] = "Windows Registry Editor Version 5.00\r\n\r\n"
				   "[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]\r\n\"v\"=dword:00000001\r\n"
				   "\"w\"=\"\xc3\xa4\"\r\n\r\n"
				   "[HKEY_LOCAL_MACHINE\\SOFTWARE\\B]\r\n@=-\r\n\r\n";
	static const unsigned char one[] = { 1, 0, 0, 0 }, ae[] = { 0xe4, 0, 0, 0 };
	cadcom_regfile *f = NULL;
	unsigned char *bytes = NULL, *expect;
	size_t len = 0, expect_len;
	char *text;

	/* Values without a [key] of their own get one; a change of key opens
	 * another block. */
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_new(&f), 0);
	assert_text(f, "Windows Registry Editor Version 5.00\r\n\r\n");
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, "HKLM\\SOFTWARE\\A", "v", 4, one, 4), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, "HKLM\\SOFTWARE\\A", "w", 1, ae, 4), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_delete_value(f, "HKLM\\SOFTWARE\\B", ""), 0);
	assert_text(f, want);

	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_to_bytes(f, &bytes, &len), 0);
	expect = utf16_file(want, &expect_len);
	CU_ASSERT_EQUAL(len, expect_len);
	CU_ASSERT(len == expect_len && memcmp(bytes, expect, len) == 0);
	CU_ASSERT(bytes[0] == 0xFF && bytes[1] == 0xFE && bytes[2] == 'W' && bytes[3] == 0);
	CU_ASSERT(bytes[len - 4] == '\r' && bytes[len - 3] == 0 && bytes[len - 2] == '\n');
	/* Every line feed of the text has its carriage return. */
	text = text_of(f);
	for (size_t i = 0; text[i]; i++)
		if (text[i] == '\n')
			CU_ASSERT(i > 0 && text[i - 1] == '\r');
	cadcom_free(text);
	cadcom_free(expect);
	cadcom_free(bytes);
	cadcom_regfile_free(f);
}

/* A one-value file under `key` as text. */
static char *one_value(const char *key, const char *name, int type, const unsigned char *data,
		       size_t len)
{
	cadcom_regfile *f = NULL;
	char *t;

	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_new(&f), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_create_key(f, key), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, key, name, type, data, len), 0);
	t = text_of(f);
	cadcom_regfile_free(f);
	return t;
}

static void assert_one_value(const char *key, const char *name, int type,
			     const unsigned char *data, size_t len, const char *want_line)
{
	char want[4096], *got = one_value(key, name, type, data, len);

	snprintf(want, sizeof(want), H "[%s]\r\n%s\r\n\r\n", key, want_line);
	if (strcmp(got, want))
		fprintf(stderr, "\n  want:\n%s\n  got:\n%s\n", want, got);
	CU_ASSERT_STRING_EQUAL(got, want);
	cadcom_free(got);
}

static void test_wrapping(void)
{
	unsigned char *sz = NULL, data[27];
	char name[81], want[400];
	size_t n;

	/* DefaultLaunchPermission as Windows exported it (facts.md §8 source):
	 * 16 bytes after the 30-character prefix, then 25 a line. */
	assert_one_value(OLE, "DefaultLaunchPermission", CADCOM_REG_BINARY, windows_dlp,
			 sizeof(windows_dlp),
			 "\"DefaultLaunchPermission\"=hex:01,00,04,80,5c,00,00,00,6c,00,00,00,00,00,00,00,\\\r\n"
			 "  14,00,00,00,02,00,48,00,03,00,00,00,00,00,18,00,1f,00,00,00,01,02,00,00,00,\\\r\n"
			 "  00,00,05,20,00,00,00,20,02,00,00,00,00,14,00,1f,00,00,00,01,01,00,00,00,00,\\\r\n"
			 "  00,05,04,00,00,00,00,00,14,00,1f,00,00,00,01,01,00,00,00,00,00,05,12,00,00,\\\r\n"
			 "  00,01,02,00,00,00,00,00,05,20,00,00,00,20,02,00,00,01,02,00,00,00,00,00,05,\\\r\n"
			 "  20,00,00,00,20,02,00,00");

	/* Two REG_EXPAND_SZ values as Windows exports them (the Photo Viewer
	 * keys in public restore scripts): a short prefix fits 23 bytes on the
	 * first line; a wrap just before the last byte leaves it alone. */
	CU_ASSERT_EQUAL_FATAL(cadcom_reg_sz_encode("%SystemRoot%\\System32\\rundll32.exe \""
						   "%ProgramFiles%\\Windows Photo Viewer\\PhotoViewer"
						   ".dll\", ImageView_Fullscreen %1", &sz, &n), 0);
	assert_one_value("HKEY_CLASSES_ROOT\\Applications\\photoviewer.dll\\shell\\open\\command", "",
			 CADCOM_REG_EXPAND_SZ, sz, n,
			 "@=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,25,\\\r\n"
			 "  00,5c,00,53,00,79,00,73,00,74,00,65,00,6d,00,33,00,32,00,5c,00,72,00,75,00,\\\r\n"
			 "  6e,00,64,00,6c,00,6c,00,33,00,32,00,2e,00,65,00,78,00,65,00,20,00,22,00,25,\\\r\n"
			 "  00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,00,46,00,69,00,6c,00,65,00,73,00,\\\r\n"
			 "  25,00,5c,00,57,00,69,00,6e,00,64,00,6f,00,77,00,73,00,20,00,50,00,68,00,6f,\\\r\n"
			 "  00,74,00,6f,00,20,00,56,00,69,00,65,00,77,00,65,00,72,00,5c,00,50,00,68,00,\\\r\n"
			 "  6f,00,74,00,6f,00,56,00,69,00,65,00,77,00,65,00,72,00,2e,00,64,00,6c,00,6c,\\\r\n"
			 "  00,22,00,2c,00,20,00,49,00,6d,00,61,00,67,00,65,00,56,00,69,00,65,00,77,00,\\\r\n"
			 "  5f,00,46,00,75,00,6c,00,6c,00,73,00,63,00,72,00,65,00,65,00,6e,00,20,00,25,\\\r\n"
			 "  00,31,00,00,00");
	cadcom_free(sz);
	CU_ASSERT_EQUAL_FATAL(cadcom_reg_sz_encode("@%ProgramFiles%\\Windows Photo Viewer\\"
						   "PhotoViewer.dll,-3056", &sz, &n), 0);
	assert_one_value("HKEY_CLASSES_ROOT\\PhotoViewer.FileAssoc.Bitmap", "FriendlyTypeName",
			 CADCOM_REG_EXPAND_SZ, sz, n,
			 "\"FriendlyTypeName\"=hex(2):40,00,25,00,50,00,72,00,6f,00,67,00,72,00,61,00,6d,\\\r\n"
			 "  00,46,00,69,00,6c,00,65,00,73,00,25,00,5c,00,57,00,69,00,6e,00,64,00,6f,00,\\\r\n"
			 "  77,00,73,00,20,00,50,00,68,00,6f,00,74,00,6f,00,20,00,56,00,69,00,65,00,77,\\\r\n"
			 "  00,65,00,72,00,5c,00,50,00,68,00,6f,00,74,00,6f,00,56,00,69,00,65,00,77,00,\\\r\n"
			 "  65,00,72,00,2e,00,64,00,6c,00,6c,00,2c,00,2d,00,33,00,30,00,35,00,36,00,00,\\\r\n"
			 "  00");
	cadcom_free(sz);

	/* A name longer than a line: the first line ends after one byte. */
	memset(name, 'N', 80);
	name[80] = '\0';
	for (int i = 0; i < 27; i++)
		data[i] = (unsigned char)i;
	snprintf(want, sizeof(want), "\"%s\"=hex:00,\\\r\n"
		 "  01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,17,18,19,\\\r\n"
		 "  1a", name);
	assert_one_value("HKEY_LOCAL_MACHINE\\X", name, CADCOM_REG_BINARY, data, 27, want);
	/* Line length counts characters (UTF-16 units), not UTF-8 bytes: 24
	 * characters ("ä" x 21, quotes, "=") and "hex:" leave room for 17
	 * bytes (counting the 42 UTF-8 bytes would leave room for 10). */
	snprintf(name, sizeof(name), "%s", "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
		 "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4"
		 "\xc3\xa4\xc3\xa4\xc3\xa4\xc3\xa4");
	snprintf(want, sizeof(want), "\"%s\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,"
		 "0f,10,\\\r\n  11,12", name);
	assert_one_value("HKEY_LOCAL_MACHINE\\X", name, CADCOM_REG_BINARY, data, 19, want);
	/* Outside the BMP a character is two units: 10 x U+1F600 is 20 units,
	 * so 27 with quotes, "=" and "hex:" (as if BMP: 17, room for 17). */
	name[0] = '\0';
	for (int i = 0; i < 10; i++)
		strcat(name, "\xf0\x9f\x98\x80");
	snprintf(want, sizeof(want), "\"%s\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,"
		 "0f,10,\\\r\n  11,12", name);
	assert_one_value("HKEY_LOCAL_MACHINE\\X", name, CADCOM_REG_BINARY, data, 19, want);
}

static void test_apply(void)
{
	static const unsigned char one[] = { 1 };
	cadcom_registry *reg = NULL;
	cadcom_regfile *f;
	unsigned char *out = NULL;
	char *name = NULL;
	size_t len = 0;
	int type = 0;

	CU_ASSERT_EQUAL_FATAL(cadcom_registry_new_memory(&reg), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "a", 3, one, 1), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE, "b", 3, one, 1), 0);
	CU_ASSERT_EQUAL(cadcom_registry_set(reg, OLE "\\Sub\\Deep", "d", 3, one, 1), 0);
	f = parse_ok(H "[-" OLE "\\SUB]\r\n[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Absent]\r\n\r\n"
		     "[" OLE "]\r\n\"A\"=-\r\n\"absent\"=-\r\n\"c\"=dword:00000005\r\n\r\n"
		     "[-HKEY_CURRENT_USER\\Nope\\Deeper]\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\New\\Empty]"
		     "\r\n");
	CU_ASSERT_EQUAL(cadcom_regfile_apply(f, reg), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, OLE "\\Sub\\Deep"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, OLE "\\Sub"), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, OLE, "a", &type, &out, &len), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, OLE, "b", &type, &out, &len), 0);
	cadcom_free(out);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, OLE, "c", &type, &out, &len), 0);
	CU_ASSERT(type == CADCOM_REG_DWORD && len == 4 && out && out[0] == 5 && out[3] == 0);
	cadcom_free(out);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\SOFTWARE\\New\\Empty"), 1);
	CU_ASSERT_EQUAL(cadcom_registry_value_name(reg, OLE, 1, &name), 0);
	CU_ASSERT_STRING_EQUAL(name, "c");
	cadcom_free(name);
	cadcom_regfile_free(f);

	/* The first failure stops the rest: a root key cannot be deleted. */
	f = parse_ok(H "[-HKEY_LOCAL_MACHINE]\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\After]\r\n");
	CU_ASSERT_EQUAL(cadcom_regfile_apply(f, reg), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_registry_key_exists(reg, "HKLM\\SOFTWARE\\After"), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_apply(NULL, reg), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_apply(f, NULL), CADCOM_EINVAL);
	cadcom_regfile_free(f);
	cadcom_registry_free(reg);
}

/* Parse before+after (explicit length: inputs may hold a NUL); expect
 * EPARSE at offset strlen(before)+shift on `line`, message holding `what`. */
static void expect_error(const char *before, const char *after, size_t after_len, size_t line,
			 const char *what)
{
	size_t nb = strlen(before), n = nb + after_len;
	unsigned char *buf = malloc(n ? n : 1);
	cadcom_regfile *f = (cadcom_regfile *)buf; /* must come back NULL */
	char prefix[32];
	int rc;

	memcpy(buf, before, nb);
	memcpy(buf + nb, after, after_len);
	rc = cadcom_regfile_parse(&f, buf, n, NULL);
	snprintf(prefix, sizeof(prefix), "(reg):%zu: ", line);
	if (rc != CADCOM_EPARSE || strncmp(last_message(), prefix, strlen(prefix)) ||
	    !strstr(last_message(), what) || cadcom_error_offset(cadcom_error_last()) != (long)nb)
		fprintf(stderr, "\n  input %s|%s\n  want %s...%s @%zu\n  got %d %s @%ld\n", before,
			after, prefix, what, nb, rc, last_message(),
			cadcom_error_offset(cadcom_error_last()));
	CU_ASSERT_EQUAL(rc, CADCOM_EPARSE);
	CU_ASSERT_PTR_NULL(f);
	CU_ASSERT_EQUAL(strncmp(last_message(), prefix, strlen(prefix)), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(last_message(), what));
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), (long)nb);
	free(buf);
}

#define ERR(before, after, line, what) expect_error(before, after, strlen(after), line, what)
#define K "[HKLM\\A]\r\n"

static void test_errors(void)
{
	ERR("", "", 1, "expected the header \"Windows Registry Editor Version 5.00\"");
	ERR("", "[HKLM\\A]\r\n", 1, "expected the header");
	ERR("\r\n  \r\n", "REGEDIT5\r\n", 3, "expected the header");
	ERR("", "; comment first\r\n" H, 1, "expected the header");
	ERR(H, "\"v\"=dword:1\r\n", 3, "a value needs a [key] line before it");
	ERR(H "[-HKLM\\A]\r\n", "@=\"x\"\r\n", 4, "a value needs a [key] line");
	ERR(H K "\"v\"=dword:", "\r\n", 4, "expected 1 to 8 hex digits after dword:");
	ERR(H K "\"v\"=dword:12345678", "9\r\n", 4, "expected at most 8 hex digits after dword:");
	ERR(H K "\"v\"=dword:12", "x\r\n", 4, "unexpected text after the dword");
	ERR(H K "\"v\"=dword:", "-1\r\n", 4, "expected 1 to 8 hex digits");
	ERR(H K "\"v\"=hex:01,", "2,03\r\n", 4, "expected two hex digits for each byte");
	ERR(H K "\"v\"=hex:", "012\r\n", 4, "expected two hex digits");
	ERR(H K "\"v\"=hex:01,02,", "\r\n", 4, "expected two hex digits");
	ERR(H K "\"v\"=hex:01,\\\r\n  02,", "g0\r\n", 5, "expected two hex digits");
	ERR(H K "\"v\"=hex:01 ", "02\r\n", 4, "unexpected text after the hex bytes");
	ERR(H K "\"v\"=hex:01,\\\r\n", "", 4, "continues ('\\') past the end of the file");
	ERR(H K "\"v\"=hex(", "x):00\r\n", 4, "expected 1 to 8 hex digits in hex(N)");
	ERR(H K "\"v\"=hex(2", ":00\r\n", 4, "expected ')'");
	ERR(H K "\"v\"=hex", ";00\r\n", 4, "expected ':' after hex");
	ERR(H K "\"v\"=", "\"abc\r\n", 4, "unterminated string");
	ERR(H K "\"v\"=", "\"abc\\\"\r\n", 4, "unterminated string");
	ERR(H K, "\"v=1\r\n", 4, "unterminated value name");
	ERR(H K "\"v\"=\"a", "\\nb\"\r\n", 4, "unknown escape \"\\n\" in a string");
	ERR(H K "\"v", "\\x\"=\"\"\r\n", 4, "unknown escape \"\\x\" in a value name");
	ERR(H K "\"v\"=\"a", "\\\xc3\xa4\"\r\n", 4, "must be followed by");
	ERR(H K "\"v\" ", "\"x\"\r\n", 4, "expected '=' after the value name");
	ERR(H K "@", "\r\n", 4, "expected '='");
	ERR(H K "\"v\"=", "yes\r\n", 4, "expected a value after '='");
	ERR(H K "\"v\"=\"x\" ", "y\r\n", 4, "unexpected text after the string");
	ERR(H K "\"v\"=-", "-\r\n", 4, "unexpected text after '=-'");
	ERR(H K, "foo\r\n", 4, "expected [key], \"name\"=, @= or a ';' comment");
	ERR(H "[", "FOO\\Bar]\r\n", 3, "unknown root \"FOO\"");
	ERR(H "[", "HKLM\\A\\\\B]\r\n", 3, "empty component");
	ERR(H "[-", "]\r\n", 3, "empty key");
	ERR(H "[HKLM\\A", "\r\n", 3, "expected ']' at the end of the key");
	ERR(H "[HKLM\\A] ", "x\r\n", 3, "unexpected text after ']'");
	ERR(H "[HKLM\\A", "\rB]\r\n", 3, "carriage return");
	ERR(H "[HKLM\\", "\xff]\r\n", 3, "invalid UTF-8");
	expect_error(H "[HKLM\\A]", "\0\r\n", 3, 3, "a NUL character");
	expect_error("", "\xfe\xff\0W", 4, 1, "big-endian");
}

#undef ERR

/* UTF-16 errors carry the offset in the original bytes. */
static void test_utf16_errors(void)
{
	unsigned char *buf, *bad;
	cadcom_regfile *f = NULL;
	size_t len;
	const char *text = H K "\"v\"=dword:zz\r\n";

	/* "zz" is character 58 of the text: byte 2 + 2 * 58. */
	buf = utf16_file(text, &len);
	CU_ASSERT_EQUAL(cadcom_regfile_parse(&f, buf, len, "u16.reg"), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()),
			(long)(2 + 2 * (strstr(text, "zz") - text)));
	CU_ASSERT_STRING_EQUAL(last_message(), "u16.reg:4: expected 1 to 8 hex digits after dword:");

	/* Non-ASCII before the error: still one unit a character. */
	free(buf);
	text = H "[HKLM\\\xc3\xa4\xf0\x9f\x98\x80]\r\n\"v\"=hex:1\r\n";
	buf = utf16_file(text, &len);
	CU_ASSERT_EQUAL(cadcom_regfile_parse(&f, buf, len, NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), (long)(len - 2 * 3));
	CU_ASSERT(strncmp(last_message(), "(reg):4: expected two hex digits", 32) == 0);
	CU_ASSERT_PTR_NULL(f);

	/* An odd byte count: the text ends in the middle of a character. */
	bad = malloc(len + 1);
	memcpy(bad, buf, len);
	bad[len] = 'x';
	CU_ASSERT_EQUAL(cadcom_regfile_parse(&f, bad, len + 1, NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), (long)len);
	CU_ASSERT_STRING_EQUAL(last_message(),
			       "(reg):5: the UTF-16 text ends in the middle of a character");
	CU_ASSERT_EQUAL(cadcom_regfile_parse(&f, bad, 3, NULL), CADCOM_EPARSE); /* BOM + 1 */
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), 2);

	/* An unpaired surrogate on line 3. */
	bad[len - 8] = 0x00;
	bad[len - 7] = 0xD8;
	CU_ASSERT_EQUAL(cadcom_regfile_parse(&f, bad, len, NULL), CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()), (long)(len - 8));
	CU_ASSERT(strncmp(last_message(), "(reg):4: invalid UTF-16", 23) == 0);
	free(bad);
	free(buf);

	/* A UTF-8 BOM counts in the offset too. */
	buf = (unsigned char *)"\xef\xbb\xbf" H K "\"v\"=hex:0\r\n";
	CU_ASSERT_EQUAL(cadcom_regfile_parse(&f, buf, strlen((char *)buf), "bom.reg"),
			CADCOM_EPARSE);
	CU_ASSERT_EQUAL(cadcom_error_offset(cadcom_error_last()),
			(long)(strstr((char *)buf, ":0\r\n") + 1 - (char *)buf));
	CU_ASSERT(strncmp(last_message(), "bom.reg:4: ", 11) == 0);
}

static void test_api_checks(void)
{
	static const unsigned char b[] = { 1 };
	cadcom_regfile *f = NULL;
	unsigned char *out = NULL, *big;
	size_t len = 0;
	char name[16385], *text = NULL;

	CU_ASSERT_EQUAL(cadcom_regfile_new(NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_parse(NULL, b, 1, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_parse(&f, NULL, 1, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_create_key(NULL, "HKLM\\A"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_new(&f), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_create_key(f, "NOPE\\A"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_create_key(f, NULL), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_delete_key(f, "HKLM\\A\nB"), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, "HKLM\\A", "two\nlines", 3, b, 1), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, "HKLM\\A", "bad\xff", 3, b, 1), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, "HKLM\\A", NULL, 3, b, 1), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, "HKLM\\A", "v", 3, NULL, 1), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_delete_value(f, "HKLM\\A", NULL), CADCOM_EINVAL);
	memset(name, 'n', 16384);
	name[16384] = '\0';
	CU_ASSERT_EQUAL(cadcom_regfile_set_value(f, "HKLM\\A", name, 3, b, 1), CADCOM_ELIMIT);
	CU_ASSERT_EQUAL(cadcom_regfile_count(f), 0);

	CU_ASSERT_EQUAL(cadcom_regfile_create_key(f, "HKLM\\A"), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_count(f), 1);
	CU_ASSERT_EQUAL(cadcom_regfile_count(NULL), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_entry_op(f, 1), CADCOM_ENOTFOUND);
	CU_ASSERT_EQUAL(cadcom_regfile_entry_op(NULL, 0), CADCOM_EINVAL);
	CU_ASSERT_PTR_NULL(cadcom_regfile_entry_key(f, 1));
	CU_ASSERT_PTR_NULL(cadcom_regfile_entry_name(f, 0)); /* a key operation has no name */
	CU_ASSERT_PTR_NULL(cadcom_regfile_entry_name(NULL, 0));
	CU_ASSERT_EQUAL(cadcom_regfile_entry_value(f, 0, NULL, &out, &len), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_entry_value(f, 5, NULL, &out, &len), CADCOM_ENOTFOUND);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(cadcom_regfile_to_bytes(f, NULL, &len), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_regfile_to_text(NULL, &text), CADCOM_EINVAL);
	cadcom_regfile_free(f);
	cadcom_regfile_free(NULL);

	/* More than 64 MiB is not a .reg file (checked before reading). */
	big = calloc((64u << 20) + 1, 1);
	f = NULL;
	CU_ASSERT_EQUAL(cadcom_regfile_parse(&f, big, (64u << 20) + 1, NULL), CADCOM_ELIMIT);
	CU_ASSERT_PTR_NULL(f);
	free(big);
}

static unsigned char *read_file(const char *name, size_t *len)
{
	char path[1024];
	unsigned char *buf;
	FILE *fp = fopen(cu_data_path(path, sizeof(path), name), "rb");
	long n;

	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = malloc((size_t)n);
	CU_ASSERT_EQUAL_FATAL(fread(buf, 1, (size_t)n, fp), (size_t)n);
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* The machine restrictions of facts.md §2 in Windows' binary layout. */
static void assert_sd_value(const cadcom_regfile *f, size_t i, const char *name, const char *sddl)
{
	cadcom_sd *sd = cu_sd(sddl, NULL);
	unsigned char *want = NULL;
	size_t want_len = 0;

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_to_bytes(sd, &want, &want_len), 0);
	assert_op(f, i, CADCOM_REGFILE_SET_VALUE, OLE, name, CADCOM_REG_BINARY, want, want_len);
	cadcom_free(want);
	cadcom_sd_free(sd);
}

static void test_regedit_export(void)
{
	static const unsigned char y[] = { 'Y', 0, 0, 0 }, two[] = { 2, 0, 0, 0 }, one[] = { 1, 0,
		0, 0 };
	cadcom_regfile *f = NULL;
	cadcom_registry *reg = NULL;
	cadcom_sd *sd = NULL;
	unsigned char *file, *again = NULL, *out = NULL;
	size_t len, again_len = 0, out_len = 0;
	char *sddl = NULL;
	int type = 0;

	file = read_file("regedit-export.reg", &len);
	CU_ASSERT(len > 2 && file[0] == 0xFF && file[1] == 0xFE);
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_parse(&f, file, len, "regedit-export.reg"), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_regfile_count(f), 9);
	assert_op(f, 0, CADCOM_REGFILE_CREATE_KEY, OLE, NULL, 0, NULL, 0);
	assert_op(f, 1, CADCOM_REGFILE_SET_VALUE, OLE, "DefaultLaunchPermission", CADCOM_REG_BINARY,
		  windows_dlp, sizeof(windows_dlp));
	assert_op(f, 2, CADCOM_REGFILE_SET_VALUE, OLE, "EnableDCOM", CADCOM_REG_SZ, y, sizeof(y));
	assert_op(f, 3, CADCOM_REGFILE_SET_VALUE, OLE, "LegacyImpersonationLevel", CADCOM_REG_DWORD,
		  two, 4);
	assert_sd_value(f, 4, "MachineAccessRestriction",
			"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)");
	assert_sd_value(f, 5, "MachineLaunchRestriction",
			"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)");
	assert_op(f, 6, CADCOM_REGFILE_SET_VALUE, OLE, "LegacyAuthenticationLevel", CADCOM_REG_DWORD,
		  two, 4);
	assert_op(f, 7, CADCOM_REGFILE_CREATE_KEY, OLE "\\AppCompat", NULL, 0, NULL, 0);
	assert_op(f, 8, CADCOM_REGFILE_SET_VALUE, OLE "\\AppCompat",
		  "RequireIntegrityActivationAuthenticationLevel", CADCOM_REG_DWORD, one, 4);

	/* Written again, it is the same file byte for byte: regedit's layout. */
	CU_ASSERT_EQUAL(cadcom_regfile_to_bytes(f, &again, &again_len), 0);
	CU_ASSERT_EQUAL(again_len, len);
	CU_ASSERT(again && again_len == len && memcmp(again, file, len) == 0);

	/* Applied, the value reads back as the descriptor Windows ships. */
	CU_ASSERT_EQUAL_FATAL(cadcom_registry_new_memory(&reg), 0);
	CU_ASSERT_EQUAL(cadcom_regfile_apply(f, reg), 0);
	CU_ASSERT_EQUAL(cadcom_registry_get(reg, "HKLM\\Software\\Microsoft\\OLE",
					    "defaultlaunchpermission", &type, &out, &out_len), 0);
	CU_ASSERT_EQUAL(type, CADCOM_REG_BINARY);
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_bytes(&sd, out, out_len), 0);
	CU_ASSERT_EQUAL(cadcom_sd_to_sddl(sd, NULL, 0, &sddl), 0);
	CU_ASSERT_STRING_EQUAL(sddl, "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)"
			       "(A;;CCDCLCSWRP;;;SY)");
	cadcom_free(sddl);
	cadcom_sd_free(sd);
	cadcom_free(out);
	cadcom_registry_free(reg);
	cadcom_free(again);
	cadcom_regfile_free(f);
	free(file);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "every value form regedit reads", test_parse_forms },
		{ "REGEDIT4: hex(2)/hex(7) widened to UTF-16", test_regedit4 },
		{ "written and parsed back: identical operations", test_round_trip },
		{ "UTF-16LE with BOM, CRLF, key blocks", test_bytes_layout },
		{ "hex lists wrapped as regedit wraps them", test_wrapping },
		{ "apply: deletions, absent items, first failure stops", test_apply },
		{ "errors: line, what was expected, byte offset", test_errors },
		{ "UTF-16 errors: offsets in the original bytes", test_utf16_errors },
		{ "argument checks and getters", test_api_checks },
		{ "tests/data/regedit-export.reg", test_regedit_export },
		CU_TEST_INFO_NULL,
	};

	return cu_run("regfile", tests);
}
