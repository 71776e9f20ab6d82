/*
 * Self-relative binary descriptors (MS-DTYP 2.4.6): Windows' own bytes,
 * other valid layouts, and every kind of damage (doc/BINARY.md).
 */
#include "cu.h"

#include "windows_dlp.h"
static const char windows_dlp_sddl[] =
	"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)";

static void test_windows_bytes(void)
{
	cadcom_sd *sd, *from_text;
	unsigned char *bytes;
	size_t len;
	char *text;

	CU_ASSERT_EQUAL(sizeof(windows_dlp), 124);
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_bytes(&sd, windows_dlp, sizeof(windows_dlp)), 0);
	CU_ASSERT_EQUAL(cadcom_sd_to_sddl(sd, NULL, 0, &text), 0);
	CU_ASSERT_STRING_EQUAL(text, windows_dlp_sddl);
	cadcom_free(text);
	/* SDDL → bytes gives Windows' 124 bytes exactly. */
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_sddl(&from_text, windows_dlp_sddl, NULL), 0);
	CU_ASSERT(cadcom_sd_equal(sd, from_text));
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_to_bytes(from_text, &bytes, &len), 0);
	CU_ASSERT_EQUAL(len, sizeof(windows_dlp));
	CU_ASSERT_EQUAL(memcmp(bytes, windows_dlp, sizeof(windows_dlp)), 0);
	cadcom_free(bytes);
	cadcom_sd_free(sd);
	cadcom_sd_free(from_text);
}

/* Windows puts the SACL first (facts.md §8); NULL DACL; object ACEs. */
static void test_layout_written(void)
{
	cadcom_sd *sd, *back;
	unsigned char *b;
	size_t len;

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_sddl(&sd, "O:SYG:SYD:PAI(OA;CI;CR;0e10c968-78fb-11d2-"
						     "90d4-00c04f79dc55;;AU)S:(AU;SA;WP;;;WD)", NULL), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_to_bytes(sd, &b, &len), 0);
	/* control: SELF_RELATIVE|DACL_PROTECTED|DACL_AUTO_INHERITED|SACL_PRESENT|DACL_PRESENT */
	CU_ASSERT_EQUAL(b[2] | b[3] << 8, 0x8000 | 0x1000 | 0x0400 | 0x10 | 0x4);
	CU_ASSERT_EQUAL(b[12], 0x14);           /* SACL at 20 */
	CU_ASSERT_EQUAL(b[20], 2);              /* SACL revision 2 */
	CU_ASSERT_EQUAL(b[16], 0x14 + 0x1c);    /* DACL after the 28-byte SACL */
	CU_ASSERT_EQUAL(b[0x30], 4);            /* object ACE → ACL_REVISION_DS */
	CU_ASSERT(b[4] > b[16] && b[8] > b[4]); /* then owner, then group */
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_bytes(&back, b, len), 0);
	CU_ASSERT(cadcom_sd_equal(sd, back));
	cadcom_free(b);
	cadcom_sd_free(back);
	cadcom_sd_free(sd);

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_sddl(&sd, "D:NO_ACCESS_CONTROL", NULL), 0);
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_to_bytes(sd, &b, &len), 0);
	CU_ASSERT_EQUAL(len, 20);
	CU_ASSERT_EQUAL(b[16], 0); /* NULL DACL: present bit, offset 0 */
	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_bytes(&back, b, len), 0);
	CU_ASSERT_EQUAL(cadcom_sd_acl_state(back, CADCOM_DACL), CADCOM_ACL_NULL);
	cadcom_free(b);
	cadcom_sd_free(back);
	cadcom_sd_free(sd);
}

/* Any valid layout reads: Samba's order (owner, group, SACL, DACL), owner and
 * group sharing bytes, slack at the end of an ACL. */
static void test_other_layouts(void)
{
	/* O:BAG:BAD:(A;;CC;;;WD) with owner and group at the same offset and
	 * 4 bytes of slack in the DACL, whose size says 32 for 28 bytes used. */
	static const unsigned char shared[] = {
		0x01, 0x00, 0x04, 0x80, 0x14, 0, 0, 0, 0x14, 0, 0, 0, 0, 0, 0, 0, 0x24, 0, 0, 0,
		0x01, 0x02, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 0x02, 0, 0, /* BA at 0x14 */
		0x02, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x00,                  /* DACL at 0x24 */
		0x00, 0x00, 0x14, 0x00, 0x01, 0, 0, 0, 0x01, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		0xde, 0xad, 0xbe, 0xef,
	};
	cadcom_sd *sd;
	char *text;

	CU_ASSERT_EQUAL_FATAL(cadcom_sd_from_bytes(&sd, shared, sizeof(shared)), 0);
	CU_ASSERT_EQUAL(cadcom_sd_to_sddl(sd, NULL, 0, &text), 0);
	CU_ASSERT_STRING_EQUAL(text, "O:BAG:BAD:(A;;CC;;;WD)");
	cadcom_free(text);
	cadcom_sd_free(sd);
}

/* Damage of every kind: an error code, the offset, no crash (ASan/valgrind). */
static void test_rejections(void)
{
	unsigned char b[sizeof(windows_dlp)];
	cadcom_sd *sd = NULL;
	struct {
		size_t at;
		unsigned char value;
		int code;
		long offset;
		const char *what;
	} cases[] = {
		{ 0, 2, CADCOM_EPARSE, 0, "revision is not 1" },
		{ 3, 0x00, CADCOM_EPARSE, 2, "not self-relative" },
		{ 4, 0xf0, CADCOM_EPARSE, 4, "owner offset outside" },            /* owner past the end */
		{ 16, 0x08, CADCOM_EPARSE, 16, "DACL offset outside" },           /* DACL inside the header */
		{ 16, 0xff, CADCOM_EPARSE, 16, "DACL offset outside" },
		{ 20, 1, CADCOM_EPARSE, 20, "ACL revision" },
		{ 22, 0x90, CADCOM_EPARSE, 22, "ACL size runs past" },           /* ACL size > buffer */
		{ 22, 0x40, CADCOM_EPARSE, 74, "ACE size runs past" },            /* ACL size < its ACEs */
		{ 22, 0x04, CADCOM_EPARSE, 22, "ACL size smaller than its header" },
		{ 24, 0xff, CADCOM_EPARSE, 92, "ACE header runs past" },          /* ACE count overflows */
		{ 30, 0x44, CADCOM_EPARSE, 30, "ACE size runs past" },
		{ 30, 0x08, CADCOM_EPARSE, 30, "ACE size too small" },
		{ 30, 0x1c, CADCOM_EUNSUPPORTED, 52, "bytes after its SID" },
		{ 28, 0x09, CADCOM_EUNSUPPORTED, 28, "callback" },                /* callback ACE type */
		{ 28, 0x05, CADCOM_EPARSE, 28, "object ACE in an ACL of revision below 4" },
		{ 37, 16, CADCOM_ELIMIT, 37, "more than 15 sub-authorities" },   /* 16 sub-authorities */
		{ 37, 5, CADCOM_EPARSE, 36, "SID truncated" },
		{ 36, 2, CADCOM_EPARSE, 36, "SID revision" },
		{ 2, 0x00, CADCOM_EPARSE, 16, "DACL offset set but SE_DACL_PRESENT clear" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(b, windows_dlp, sizeof(b));
		b[cases[i].at] = cases[i].value;
		sd = NULL;
		int rc = cadcom_sd_from_bytes(&sd, b, sizeof(b));
		const char *msg = cadcom_error_message(cadcom_error_last());
		long off = cadcom_error_offset(cadcom_error_last());
		bool ok = rc == cases[i].code && off == cases[i].offset && strstr(msg, cases[i].what);
		if (!ok)
			fprintf(stderr, "\n  case %zu: rc %d offset %ld: %s\n", i, rc, off, msg);
		CU_ASSERT(ok);
		CU_ASSERT_PTR_NULL(sd);
		cadcom_sd_free(sd);
	}
	/* Every truncation of Windows' bytes fails cleanly. */
	for (size_t n = 0; n < sizeof(windows_dlp); n++) {
		sd = NULL;
		CU_ASSERT(cadcom_sd_from_bytes(&sd, windows_dlp, n) < 0);
		CU_ASSERT_PTR_NULL(sd);
	}
	CU_ASSERT_EQUAL(cadcom_sd_from_bytes(NULL, windows_dlp, 4), CADCOM_EINVAL);
	CU_ASSERT_EQUAL(cadcom_sd_from_bytes(&sd, NULL, 4), CADCOM_EINVAL);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "Windows' DefaultLaunchPermission bytes", test_windows_bytes },
		{ "the layout written", test_layout_written },
		{ "other valid layouts", test_other_layouts },
		{ "rejections", test_rejections },
		CU_TEST_INFO_NULL,
	};
	return cu_run("sd-binary", tests);
}
