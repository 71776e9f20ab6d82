/*
 * Our DCE/RPC codec (lib/rpc/ndr.c, lib/rpc/pdu.c): NDR20 marshalling
 * (MS-RPCE 2.2.5, C706 ch. 14) and connection-oriented PDUs (C706 12.6,
 * MS-RPCE 2.2.2).  The codec is internal, so this program is linked with
 * its sources rather than through the shared library.
 *
 * Decoding is exercised as a hostile server would: every count wrong,
 * every length short, and each failure must carry the exact error code
 * and the offset of the offending field.
 */
#include "cu.h"
#include "../lib/rpc/rpc.h"

/* Hex text ("05 00 0b ...", spaces ignored) into out; the byte count. */
static size_t hex(unsigned char *out, const char *s)
{
	size_t n = 0;

	for (; *s; s++) {
		if (*s == ' ')
			continue;
		out[n++] = (unsigned char)(cadcom__hexval(s[0]) << 4 | cadcom__hexval(s[1]));
		s++;
	}
	return n;
}

static void set16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
}

static void set32(unsigned char *p, uint32_t v)
{
	set16(p, v & 0xFFFF);
	set16(p + 2, v >> 16);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Assert that `o` holds exactly the bytes of `wire` (hex). */
static void check_out(const struct ndr_out *o, const char *wire)
{
	unsigned char want[128];
	size_t n = hex(want, wire);

	CU_ASSERT_EQUAL(o->err, 0);
	CU_ASSERT_EQUAL(o->len, n);
	CU_ASSERT(o->len == n && (n == 0 || memcmp(o->data, want, n) == 0));
}

/* Assert that `expr` fails with `code` at `off` (-1: no offset). */
#define CHECK_ERR(expr, code, off)                                                        \
	do {                                                                              \
		cadcom_error_clear();                                                     \
		int rc_ = (expr);                                                         \
		long off_ = cadcom_error_offset(cadcom_error_last());                     \
		if (rc_ != (code) || off_ != (off))                                       \
			fprintf(stderr, "\n  line %d: rc %d offset %ld: %s\n", __LINE__, rc_, \
				off_, cadcom_error_message(cadcom_error_last()));         \
		CU_ASSERT_EQUAL(rc_, (code));                                             \
		CU_ASSERT_EQUAL(off_, (off));                                             \
	} while (0)

#define MESSAGE_HAS(text) \
	CU_ASSERT_PTR_NOT_NULL(strstr(cadcom_error_message(cadcom_error_last()), (text)))

/* ---- NDR round trips ----------------------------------------------------- */

/* Each integer aligns to its size relative to the stub start, with zeros. */
static void test_integers(void)
{
	struct ndr_out o;
	struct ndr_in in;
	const unsigned char *view;
	uint8_t a = 0, c = 0, e = 0;
	uint16_t b = 0;
	uint32_t d = 0;
	uint64_t f = 0;

	ndr_out_init(&o);
	ndr_put_u8(&o, 0xAB);
	ndr_put_u16(&o, 0x1234);
	ndr_put_u8(&o, 1);
	ndr_put_u32(&o, 0xDEADBEEF);
	ndr_put_u8(&o, 7);
	ndr_put_u64(&o, UINT64_C(0x0102030405060708));
	ndr_put_bytes(&o, "xyz", 3);
	ndr_put_align(&o, 8);
	ndr_put_bytes(&o, NULL, 0);
	check_out(&o, "ab 00 3412 01 000000 efbeadde 07 000000 0807060504030201 78797a 0000000000");
	CU_ASSERT_EQUAL_FATAL(o.len, 32);

	ndr_in_init(&in, o.data, o.len);
	CU_ASSERT(!ndr_get_u8(&in, &a) && !ndr_get_u16(&in, &b) && !ndr_get_u8(&in, &c) &&
		  !ndr_get_u32(&in, &d) && !ndr_get_u8(&in, &e) && !ndr_get_u64(&in, &f));
	CU_ASSERT_EQUAL(in.off, 24);
	CU_ASSERT_EQUAL(ndr_get_view(&in, 3, &view), 0);
	CU_ASSERT_EQUAL(memcmp(view, "xyz", 3), 0);
	CU_ASSERT_EQUAL(ndr_get_align(&in, 8), 0);
	CU_ASSERT_EQUAL(in.off, 32);
	CU_ASSERT_EQUAL(ndr_get_view(&in, 0, &view), 0);
	CU_ASSERT(a == 0xAB && b == 0x1234 && c == 1 && d == 0xDEADBEEF && e == 7);
	CU_ASSERT_EQUAL(f, UINT64_C(0x0102030405060708));
	ndr_out_free(&o);
	CU_ASSERT_PTR_NULL(o.data);
	CU_ASSERT_EQUAL(o.len, 0);

	/* An empty input may come as NULL. */
	ndr_in_init(&in, NULL, 0);
	CU_ASSERT_EQUAL(ndr_get_view(&in, 0, &view), 0);
	CHECK_ERR(ndr_get_u8(&in, &a), CADCOM_EPROTO, 0);
}

/* Referent ids 0x00020000, +4 each; NULL is 0 and takes no id; handles. */
static void test_pointers_handles(void)
{
	struct ndr_out o;
	struct ndr_in in;
	struct rpc_handle h, back;
	uint32_t r1 = 1, r2 = 1, r3 = 1;
	uint8_t u = 0;

	for (int i = 0; i < 20; i++)
		h.bytes[i] = (uint8_t)(i + 1);
	ndr_out_init(&o);
	CU_ASSERT_EQUAL(o.next_ref, 0x00020000);
	ndr_put_ptr(&o, true);
	ndr_put_ptr(&o, false);
	ndr_put_ptr(&o, true);
	ndr_put_u8(&o, 9);
	ndr_put_handle(&o, &h); /* aligned to 4 */
	check_out(&o, "00000200 00000000 04000200 09 000000 0102030405060708090a0b0c0d0e0f1011121314");

	ndr_in_init(&in, o.data, o.len);
	CU_ASSERT(!ndr_get_ptr(&in, &r1) && !ndr_get_ptr(&in, &r2) && !ndr_get_ptr(&in, &r3) &&
		  !ndr_get_u8(&in, &u) && !ndr_get_handle(&in, &back));
	CU_ASSERT(r1 == 0x00020000 && r2 == 0 && r3 == 0x00020004 && u == 9);
	CU_ASSERT_EQUAL(memcmp(back.bytes, h.bytes, 20), 0);
	CU_ASSERT_EQUAL(in.off, in.len);
	CHECK_ERR(ndr_get_handle(&in, &back), CADCOM_EPROTO, 36);
	in.off = 20;
	CHECK_ERR(ndr_get_handle(&in, &back), CADCOM_EPROTO, 20);
	MESSAGE_HAS("policy handle at offset 20 of 36");

	/* Sticky failure: after invalid text, nothing more is written. */
	ndr_put_ustr_hdr(&o, "\xff", false);
	CU_ASSERT_EQUAL(o.err, CADCOM_EINVAL);
	size_t len = o.len;
	ndr_put_u32(&o, 1);
	ndr_put_ptr(&o, true);
	ndr_put_ustr_hdr(&o, "ok", true);
	ndr_put_bytes(&o, "x", 1);
	CU_ASSERT_EQUAL(o.len, len);
	CU_ASSERT_EQUAL(o.err, CADCOM_EINVAL);
	ndr_out_free(&o);
}

/* Encode one string (hdr then body) and decode it back. */
static char *ustr_round_trip(const char *text, bool nul, struct ndr_out *o)
{
	struct ndr_in in;
	struct ndr_ustr s;
	char *back = NULL;

	ndr_out_init(o);
	ndr_put_ustr_hdr(o, text, nul);
	ndr_put_ustr_body(o, text, nul);
	CU_ASSERT_EQUAL(o->err, 0);
	ndr_in_init(&in, o->data, o->len);
	CU_ASSERT_EQUAL(ndr_get_ustr_hdr(&in, &s), 0);
	CU_ASSERT_EQUAL(ndr_get_ustr_body(&in, &s, &back), 0);
	CU_ASSERT_EQUAL(in.off, in.len);
	return back;
}

static void test_ustr(void)
{
	/* Exact bytes: Length counts the NUL when sent; max = actual = units;
	 * non-BMP text is a surrogate pair; NULL text is a NULL buffer with no
	 * body; "" is a real buffer of zero units. */
	static const struct {
		const char *text;
		bool nul;
		const char *wire;
	} exact[] = {
		{ "ab", true, "0600 0600 00000200 03000000 00000000 03000000 6100 6200 0000" },
		{ "ab", false, "0400 0400 00000200 02000000 00000000 02000000 6100 6200" },
		{ "\xf0\x9f\x98\x80", false,
		  "0400 0400 00000200 02000000 00000000 02000000 3dd8 00de" },
		{ NULL, true, "0000 0000 00000000" },
		{ "", false, "0000 0000 00000200 00000000 00000000 00000000" },
		{ "", true, "0200 0200 00000200 01000000 00000000 01000000 0000" },
	};
	static const char *texts[] = {
		"winreg", "SOFTWARE\\Microsoft\\Ole", "caf\xc3\xa9 \xe2\x82\xac",
		("a\xf0\x9f\x98\x80" "b\xf4\x8f\xbf\xbf"), /* U+1F600, U+10FFFF */
	};
	struct ndr_out o;
	char *back;

	for (size_t i = 0; i < ARRAY_SIZE(exact); i++) {
		back = ustr_round_trip(exact[i].text, exact[i].nul, &o);
		check_out(&o, exact[i].wire);
		if (exact[i].text) {
			CU_ASSERT_STRING_EQUAL(back ? back : "(null)", exact[i].text);
		} else {
			CU_ASSERT_PTR_NULL(back);
			CU_ASSERT_EQUAL(o.next_ref, 0x00020000);
		}
		free(back);
		ndr_out_free(&o);
	}
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		for (int nul = 0; nul < 2; nul++) {
			back = ustr_round_trip(texts[i], nul, &o);
			CU_ASSERT_PTR_NOT_NULL_FATAL(back);
			CU_ASSERT_STRING_EQUAL(back, texts[i]);
			free(back);
			ndr_out_free(&o);
		}
}

/* Embedded strings: every header, then every body, each body 4-aligned. */
static void test_ustr_array_and_limits(void)
{
	static const char *bad_utf8[] = {
		"\xff", "\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xe2\x82",
		"\xf4\x90\x80\x80", "\xf0\x80\x80\x80", "a\x80", "\xf5\x80\x80\x80",
	};
	const char *texts[] = { "a", "bcd", NULL, "" };
	struct ndr_out o;
	struct ndr_in in;
	struct ndr_ustr s[4];
	char *back, *big;

	ndr_out_init(&o);
	ndr_put_u8(&o, 1); /* so the first header needs padding */
	for (int i = 0; i < 4; i++)
		ndr_put_ustr_hdr(&o, texts[i], false);
	for (int i = 0; i < 4; i++)
		ndr_put_ustr_body(&o, texts[i], false);
	CU_ASSERT_EQUAL_FATAL(o.err, 0);
	CU_ASSERT(get32(o.data + 8) == 0x00020000 && get32(o.data + 16) == 0x00020004 &&
		  get32(o.data + 24) == 0 && get32(o.data + 32) == 0x00020008);
	/* Bodies at 36 ("a": 12+2 bytes, padded to 52), 52 ("bcd"), 72 (""). */
	CU_ASSERT_EQUAL(o.len, 84);
	ndr_in_init(&in, o.data, o.len);
	CU_ASSERT_EQUAL(ndr_get_u8(&in, &(uint8_t){ 0 }), 0);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(ndr_get_ustr_hdr(&in, &s[i]), 0);
	for (int i = 0; i < 4; i++) {
		CU_ASSERT_EQUAL(ndr_get_ustr_body(&in, &s[i], &back), 0);
		if (texts[i]) {
			CU_ASSERT_STRING_EQUAL(back ? back : "(null)", texts[i]);
		} else {
			CU_ASSERT_PTR_NULL(back);
		}
		free(back);
	}
	CU_ASSERT_EQUAL(in.off, 84);
	ndr_out_free(&o);

	for (size_t i = 0; i < ARRAY_SIZE(bad_utf8); i++) {
		ndr_out_init(&o);
		ndr_put_ustr_body(&o, bad_utf8[i], true);
		CU_ASSERT_EQUAL(o.err, CADCOM_EINVAL);
		CU_ASSERT_EQUAL(o.len, 0);
		ndr_out_free(&o);
	}

	/* 32766 units fit (with the NUL: Length 65534); 32767 do not. */
	big = malloc(32768);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	memset(big, 'x', 32767);
	big[32766] = '\0';
	back = ustr_round_trip(big, true, &o);
	CU_ASSERT_EQUAL(o.data[0] | o.data[1] << 8, 65534);
	CU_ASSERT(back && strcmp(back, big) == 0);
	free(back);
	ndr_out_free(&o);
	big[32766] = 'x';
	big[32767] = '\0';
	ndr_out_init(&o);
	ndr_put_ustr_hdr(&o, big, false);
	CU_ASSERT_EQUAL(o.err, CADCOM_EINVAL);
	ndr_out_free(&o);
	memcpy(big + 32763, "\xf0\x9f\x98\x80", 5); /* 32763 + 2 units */
	ndr_out_init(&o);
	ndr_put_ustr_body(&o, big, false);
	CU_ASSERT_EQUAL(o.err, 0);
	CU_ASSERT_EQUAL(get32(o.data), 32765);
	ndr_put_ustr_body(&o, big, true);
	CU_ASSERT_EQUAL(o.err, 0);
	ndr_out_free(&o);
	free(big);
}

static void test_sid_round_trip(void)
{
	static const char *sids[] = {
		"S-1-5", "S-1-5-32-574", "S-1-5-21-1-2-3-500",
		"S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
	};
	struct ndr_out o;
	struct ndr_in in;
	struct cadcom_sid back;

	for (size_t i = 0; i < ARRAY_SIZE(sids); i++) {
		cadcom_sid *sid = cu_sid(sids[i]);
		ndr_out_init(&o);
		ndr_put_u16(&o, 7);
		ndr_put_sid(&o, sid);
		CU_ASSERT_EQUAL(o.err, 0);
		CU_ASSERT_EQUAL(get32(o.data + 4), sid->count);
		CU_ASSERT_EQUAL(o.len, 8 + cadcom__sid_size(sid));
		if (i == 1)
			check_out(&o, "0700 0000 02000000 0102000000000005 20000000 3e020000");
		ndr_in_init(&in, o.data, o.len);
		in.off = 2;
		CU_ASSERT_EQUAL(ndr_get_sid(&in, &back), 0);
		CU_ASSERT(cadcom__sid_eq(&back, sid));
		CU_ASSERT_EQUAL(in.off, o.len);
		ndr_out_free(&o);
		cadcom_sid_free(sid);
	}
	back.count = 16;
	ndr_out_init(&o);
	ndr_put_sid(&o, &back);
	CU_ASSERT_EQUAL(o.err, CADCOM_EINVAL);
	ndr_out_free(&o);
}

/* ---- hostile NDR ----------------------------------------------------------- */

static void test_truncated(void)
{
	unsigned char b[32] = { 0 };
	struct ndr_in in;
	struct ndr_ustr s;
	struct cadcom_sid sid;
	const unsigned char *view;
	uint16_t v16;
	uint32_t v32, max, actual;
	uint64_t v64;

	ndr_in_init(&in, b, 1);
	CHECK_ERR(ndr_get_u16(&in, &v16), CADCOM_EPROTO, 0);
	MESSAGE_HAS("truncated uint16 at offset 0 of 1");
	ndr_in_init(&in, b, 6);
	CU_ASSERT_EQUAL(ndr_get_u16(&in, &v16), 0);
	CU_ASSERT_EQUAL(ndr_get_u16(&in, &v16), 0);
	CHECK_ERR(ndr_get_u32(&in, &v32), CADCOM_EPROTO, 4);
	MESSAGE_HAS("truncated uint32 at offset 4 of 6");
	CU_ASSERT_EQUAL(in.off, 4);
	ndr_in_init(&in, b, 15);
	in.off = 1;
	CHECK_ERR(ndr_get_u64(&in, &v64), CADCOM_EPROTO, 8);
	MESSAGE_HAS("uint64");
	ndr_in_init(&in, b, 2);
	in.off = 1;
	CHECK_ERR(ndr_get_align(&in, 4), CADCOM_EPROTO, 1);
	CHECK_ERR(ndr_get_ptr(&in, &v32), CADCOM_EPROTO, 1);
	ndr_in_init(&in, b, 10);
	in.off = 3;
	CHECK_ERR(ndr_get_view(&in, 8, &view), CADCOM_EPROTO, 3);
	CHECK_ERR(ndr_get_view(&in, SIZE_MAX, &view), CADCOM_EPROTO, 3);
	CU_ASSERT_EQUAL(in.off, 3);
	ndr_in_init(&in, b, 7);
	CHECK_ERR(ndr_get_ustr_hdr(&in, &s), CADCOM_EPROTO, 4);
	ndr_in_init(&in, b, 11);
	CHECK_ERR(ndr_get_varying(&in, 10, &max, &actual), CADCOM_EPROTO, 8);
	/* A SID: the conformance, the fixed 8 bytes, the sub-authorities. */
	ndr_in_init(&in, b, 3);
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 0);
	b[0] = 1;
	ndr_in_init(&in, b, 11);
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 4);
	b[4] = 1;
	b[5] = 1;
	ndr_in_init(&in, b, 15);
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 4);
	MESSAGE_HAS("truncated SID");
	ndr_in_init(&in, b, 16);
	CU_ASSERT_EQUAL(ndr_get_sid(&in, &sid), 0);
}

static void test_varying(void)
{
	unsigned char b[32];
	struct ndr_in in;
	uint32_t max, actual;

	hex(b, "ffffffff 00000000 01000000");
	ndr_in_init(&in, b, 12);
	CHECK_ERR(ndr_get_varying(&in, 100, &max, &actual), CADCOM_EPROTO, 0);
	MESSAGE_HAS("max_count 4294967295");
	ndr_in_init(&in, b, 12);
	CU_ASSERT_EQUAL(ndr_get_varying(&in, UINT32_MAX, &max, &actual), 0);
	CU_ASSERT(max == UINT32_MAX && actual == 1);
	hex(b, "0000 0000 05000000 01000000 02000000");
	ndr_in_init(&in, b, 16);
	in.off = 2;
	CHECK_ERR(ndr_get_varying(&in, 100, &max, &actual), CADCOM_EPROTO, 8);
	MESSAGE_HAS("offset 1, expected 0");
	hex(b, "05000000 00000000 06000000");
	ndr_in_init(&in, b, 12);
	CHECK_ERR(ndr_get_varying(&in, 100, &max, &actual), CADCOM_EPROTO, 8);
	hex(b, "05000000 00000000 05000000");
	ndr_in_init(&in, b, 12);
	CU_ASSERT_EQUAL(ndr_get_varying(&in, 5, &max, &actual), 0);
	CU_ASSERT_EQUAL(in.off, 12);
}

/* Decode a string body `body` (hex) for header {length, size, ref 1}
 * placed after `lead` bytes of a stub; expect `code` at `off`. */
static void check_body(unsigned length, unsigned size, size_t lead, const char *body, int code,
		       long off)
{
	unsigned char b[128] = { 0 };
	size_t n = lead + hex(b + lead, body);
	struct ndr_ustr s = { (uint16_t)length, (uint16_t)size, 0x00020000 };
	struct ndr_in in;
	char *out = (char *)"untouched";

	ndr_in_init(&in, b, n);
	in.off = lead;
	CHECK_ERR(ndr_get_ustr_body(&in, &s, &out), code, off);
	if (code == 0) {
		CU_ASSERT_PTR_NOT_NULL(out);
		free(out);
	} else {
		CU_ASSERT_PTR_NULL(out);
	}
}

static void test_ustr_hostile(void)
{
	struct ndr_ustr s = { 40, 40, 0 };
	struct ndr_in in;
	char *out = (char *)"x";

	/* No buffer: nothing is read even from an empty input. */
	ndr_in_init(&in, NULL, 0);
	CU_ASSERT_EQUAL(ndr_get_ustr_body(&in, &s, &out), 0);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(in.off, 0);

	check_body(4, 4, 0, "02000000 00000000 02000000 6100 6200", 0, -1);
	check_body(4, 4, 2, "0000 02000000 00000000 02000000 6100 6200", 0, -1);
	/* A hostile max_count, at a non-zero offset. */
	check_body(4, 4, 4, "ffffffff 00000000 02000000 6100 6200", CADCOM_EPROTO, 4);
	check_body(0xfffe, 0xfffe, 0, "ffffffff 00000000 ffffffff", CADCOM_EPROTO, 0);
	/* Huge but consistent counts with no characters behind them. */
	check_body(0xfffe, 0xfffe, 0, "ff7f0000 00000000 ff7f0000 6100", CADCOM_EPROTO, 12);
	check_body(4, 4, 0, "02000000 01000000 02000000 6100 6200", CADCOM_EPROTO, 4);
	check_body(4, 4, 0, "02000000 00000000 03000000 6100 6200 6300", CADCOM_EPROTO, 8);
	/* Header and body disagree. */
	check_body(4, 6, 0, "02000000 00000000 02000000 6100 6200", CADCOM_EPROTO, 0);
	check_body(2, 4, 0, "02000000 00000000 02000000 6100 6200", CADCOM_EPROTO, 8);
	check_body(4, 4, 4, "01000000 00000000 01000000 6100", CADCOM_EPROTO, 4);
	check_body(6, 4, 0, "02000000 00000000 02000000 6100 6200", CADCOM_EPROTO, 0);
	/* Odd byte counts. */
	check_body(3, 4, 0, "02000000 00000000 01000000 6100", CADCOM_EPROTO, 0);
	check_body(2, 3, 8, "01000000 00000000 01000000 6100", CADCOM_EPROTO, 8);
	/* Bad UTF-16: each reported at its unit. */
	check_body(4, 4, 0, "02000000 00000000 02000000 6100 3dd8", CADCOM_EPROTO, 14);
	check_body(4, 4, 0, "02000000 00000000 02000000 3dd8 6100", CADCOM_EPROTO, 12);
	check_body(4, 4, 0, "02000000 00000000 02000000 00de 6100", CADCOM_EPROTO, 12);
	check_body(6, 6, 0, "03000000 00000000 03000000 3dd8 00de 00de", CADCOM_EPROTO, 16);
	check_body(2, 2, 0, "01000000 00000000 01000000 3dd8", CADCOM_EPROTO, 12);
	check_body(6, 6, 0, "03000000 00000000 03000000 6100 0000 6200", CADCOM_EPROTO, 14);
	MESSAGE_HAS("NUL inside");
	/* Only one trailing NUL is the terminator. */
	check_body(6, 6, 0, "03000000 00000000 03000000 6100 0000 0000", CADCOM_EPROTO, 14);
	check_body(4, 4, 0, "02000000 00000000 02000000 3dd8 00de", 0, -1);
	check_body(2, 2, 0, "01000000 00000000 01000000 0000", 0, -1);
	/* Characters cut short. */
	check_body(4, 4, 0, "02000000 00000000 02000000 6100 62", CADCOM_EPROTO, 12);
	check_body(4, 4, 0, "02000000 00000000 02", CADCOM_EPROTO, 8);
}

static void test_sid_hostile(void)
{
	unsigned char b[96];
	struct ndr_in in;
	struct cadcom_sid sid;
	size_t n;

	n = hex(b, "ffffffff 0102000000000005 20000000 3e020000");
	ndr_in_init(&in, b, n);
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 0);
	n = hex(b, "0000 0000 10000000 0110000000000005 20000000 3e020000");
	ndr_in_init(&in, b, n);
	in.off = 2;
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 4);
	/* Conformance and count disagree either way. */
	n = hex(b, "03000000 0102000000000005 20000000 3e020000 00000000");
	ndr_in_init(&in, b, n);
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 5);
	MESSAGE_HAS("conformance 3");
	n = hex(b, "01000000 0102000000000005 20000000 3e020000");
	ndr_in_init(&in, b, n);
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 5);
	/* 16 sub-authorities in the SID itself. */
	memset(b, 0, sizeof(b));
	hex(b, "0f000000 0110000000000005");
	ndr_in_init(&in, b, 12 + 64);
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 5);
	MESSAGE_HAS("16 sub-authorities");
	n = hex(b, "02000000 0202000000000005 20000000 3e020000");
	ndr_in_init(&in, b, n);
	CHECK_ERR(ndr_get_sid(&in, &sid), CADCOM_EPROTO, 4);
	MESSAGE_HAS("revision 2");
}

/* ---- PDUs ---------------------------------------------------------------- */

static const struct rpc_syntax winreg = {
	{ 0x01, 0xd0, 0x8c, 0x33, 0x44, 0x22, 0xf1, 0x31, 0xaa, 0xaa, 0x90, 0x00, 0x38, 0x00, 0x10,
	  0x03 },
	1, 0,
};

static void test_bind(void)
{
	struct ndr_out o;

	ndr_out_init(&o);
	CU_ASSERT_EQUAL(rpc_pdu_bind(&o, 1, RPC_MAX_FRAG, RPC_MAX_FRAG, &winreg), 0);
	CU_ASSERT_EQUAL(o.len, 72);
	check_out(&o, "05000b03 10000000 4800 0000 01000000"
		      "b810 b810 00000000 01 000000 0000 01 00"
		      "01d08c33 4422 f131 aaaa 900038001003 0100 0000"
		      "045d888a eb1c c911 9fe8 08002b104860 02000000");
	ndr_out_free(&o);
}

static void test_header(void)
{
	unsigned char b[32];
	struct rpc_hdr h;
	size_t n = hex(b, "05000203 10000000 1800 0000 07000000");

	CU_ASSERT_EQUAL(rpc_hdr_parse(b, n, &h), 0);
	CU_ASSERT(h.ptype == 2 && h.flags == 3 && h.frag_length == 24 && h.auth_length == 0 &&
		  h.call_id == 7);
	CHECK_ERR(rpc_hdr_parse(b, 15, &h), CADCOM_EPROTO, 15);
	b[0] = 4;
	CHECK_ERR(rpc_hdr_parse(b, n, &h), CADCOM_EPROTO, 0);
	b[0] = 5;
	b[1] = 1;
	CHECK_ERR(rpc_hdr_parse(b, n, &h), CADCOM_EPROTO, 1);
	b[1] = 0;
	b[4] = 0x00; /* big-endian */
	CHECK_ERR(rpc_hdr_parse(b, n, &h), CADCOM_EPROTO, 4);
	b[4] = 0x10;
	set16(b + 8, 15);
	CHECK_ERR(rpc_hdr_parse(b, n, &h), CADCOM_EPROTO, 8);
	set16(b + 8, 24);
	set16(b + 10, 16);
	CHECK_ERR(rpc_hdr_parse(b, n, &h), CADCOM_EPROTO, 10);
}

/* A bind_ack from Windows for winreg: sec_addr "\PIPE\winreg". */
static size_t bind_ack(unsigned char *b)
{
	return hex(b, "05000c03 10000000 4400 0000 01000000"
		      "b810 b810 78563412 0d00 5c504950455c77696e72656700 00"
		      "01 000000 0000 0000 045d888a eb1c c911 9fe8 08002b104860 02000000");
}

static void test_bind_ack(void)
{
	unsigned char b[128];
	struct rpc_bind_result r;
	size_t n = bind_ack(b);

	CU_ASSERT_EQUAL_FATAL(n, 68);
	CU_ASSERT_EQUAL(rpc_pdu_bind_ack(b, n, 1, &r), 0);
	CU_ASSERT(r.max_xmit == 4280 && r.max_recv == 4280 && r.assoc_group == 0x12345678);
	/* Sizes are capped to our proposal and must reach the minimum. */
	set16(b + 16, 5840);
	set16(b + 18, RPC_MIN_FRAG);
	CU_ASSERT_EQUAL(rpc_pdu_bind_ack(b, n, 1, &r), 0);
	CU_ASSERT(r.max_xmit == RPC_MAX_FRAG && r.max_recv == RPC_MIN_FRAG);
	set16(b + 18, RPC_MIN_FRAG - 1);
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 18);
	set16(b + 16, 1024);
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 16);
	n = bind_ack(b);
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 2, &r), CADCOM_EPROTO, 12);
	/* The server accepts NDR64 (which we did not offer). */
	b[44 + 4] ^= 0xff;
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 48);
	n = bind_ack(b);
	b[40] = 2;
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 40);
	b[40] = 0;
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 40);
	/* sec_addr running past the end; results cut short. */
	n = bind_ack(b);
	set16(b + 24, 60);
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 24);
	set16(b + 24, 16); /* results at 44, where the count reads 0 */
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 44);
	set16(b + 24, 40); /* the count would be at 68, the end */
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 68);
	MESSAGE_HAS("truncated bind_ack result count at offset 68 of 68");
	n = bind_ack(b);
	set16(b + 8, 60);
	CHECK_ERR(rpc_pdu_bind_ack(b, 60, 1, &r), CADCOM_EPROTO, 44);
	MESSAGE_HAS("truncated bind_ack result");
	/* The smallest bind_ack; one byte shorter is below the minimum. */
	n = bind_ack(b);
	set16(b + 8, 25);
	CHECK_ERR(rpc_pdu_bind_ack(b, 25, 1, &r), CADCOM_EPROTO, 8);
	set16(b + 8, 26);
	set16(b + 24, 0);
	CHECK_ERR(rpc_pdu_bind_ack(b, 26, 1, &r), CADCOM_EPROTO, 26);
	/* Padding past the end is reported at the end (found by fuzz_rpc). */
	set16(b + 8, 27);
	set16(b + 24, 1);
	CHECK_ERR(rpc_pdu_bind_ack(b, 27, 1, &r), CADCOM_EPROTO, 27);
	MESSAGE_HAS("at offset 27 of 27");
	/* frag_length lying either way. */
	n = bind_ack(b);
	CHECK_ERR(rpc_pdu_bind_ack(b, n + 2, 1, &r), CADCOM_EPROTO, 8);
	CHECK_ERR(rpc_pdu_bind_ack(b, n - 8, 1, &r), CADCOM_EPROTO, 8);
	MESSAGE_HAS("frag_length 68, but the PDU has 60 bytes");
	/* Not a bind answer at all. */
	b[2] = 14;
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 2);
	b[2] = RPC_PTYPE_RESPONSE;
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EPROTO, 2);
}

static void test_bind_refused(void)
{
	unsigned char b[128];
	struct rpc_bind_result r;
	size_t n;

	/* Provider rejection: abstract syntax not supported, syntax zeros. */
	n = hex(b, "05000c03 10000000 4400 0000 01000000"
		   "b810 b810 00000000 0d00 5c504950455c77696e72656700 00"
		   "01 000000 0200 0100 0000000000000000000000000000000000000000");
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EUNSUPPORTED, -1);
	MESSAGE_HAS("provider_rejection");
	MESSAGE_HAS("abstract_syntax_not_supported");
	set16(b + 44, 7);
	set16(b + 46, 9);
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EUNSUPPORTED, -1);
	MESSAGE_HAS("result 7 (unknown), reason 9 (unknown)");

	/* bind_nak: protocol version not supported, with its version list. */
	n = hex(b, "05000d03 10000000 1800 0000 01000000 0400 01 05 00 000000");
	CU_ASSERT_EQUAL(n, 24);
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EUNSUPPORTED, -1);
	MESSAGE_HAS("bind_nak");
	MESSAGE_HAS("protocol_version_not_supported");
	set16(b + 16, 8);
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EUNSUPPORTED, -1);
	MESSAGE_HAS("authentication_type_not_recognized");
	set16(b + 16, 77);
	CHECK_ERR(rpc_pdu_bind_ack(b, n, 1, &r), CADCOM_EUNSUPPORTED, -1);
	MESSAGE_HAS("reason 77 (unknown)");
	set16(b + 8, 18);
	CHECK_ERR(rpc_pdu_bind_ack(b, 18, 1, &r), CADCOM_EUNSUPPORTED, -1);
	set16(b + 8, 17);
	CHECK_ERR(rpc_pdu_bind_ack(b, 17, 1, &r), CADCOM_EPROTO, 8);
	MESSAGE_HAS("bind_nak PDU of 17 bytes");
	set16(b + 8, 18);
	CHECK_ERR(rpc_pdu_bind_ack(b, 18, 9, &r), CADCOM_EPROTO, 12);
}

static void test_request_fragments(void)
{
	enum { STUB = 10000 };
	unsigned char *stub = malloc(STUB), *joined = malloc(STUB);
	static const uint32_t hints[] = { 10000, 5744, 1488 };
	static const uint8_t flags[] = { RPC_PFC_FIRST, 0, RPC_PFC_LAST };
	size_t off = 0, used, frags = 0;
	struct ndr_out o;

	CU_ASSERT_FATAL(stub && joined);
	for (size_t i = 0; i < STUB; i++)
		stub[i] = (unsigned char)(i * 7 + i / 251);
	while (off < STUB && frags < 10) {
		ndr_out_init(&o);
		CU_ASSERT_EQUAL_FATAL(rpc_pdu_request(&o, 5, 22, stub, STUB, off, RPC_MAX_FRAG, &used),
				      0);
		CU_ASSERT(o.len <= RPC_MAX_FRAG);
		CU_ASSERT_EQUAL(o.len, 24 + used);
		CU_ASSERT(o.data[0] == 5 && o.data[1] == 0 && o.data[2] == RPC_PTYPE_REQUEST &&
			  o.data[4] == 0x10 && get32(o.data + 12) == 5);
		CU_ASSERT_EQUAL((size_t)(o.data[8] | o.data[9] << 8), o.len);
		CU_ASSERT_EQUAL(get32(o.data + 20), 22u << 16); /* context 0, opnum 22 */
		if (frags < 3) {
			CU_ASSERT_EQUAL(o.data[3], flags[frags]);
			CU_ASSERT_EQUAL(get32(o.data + 16), hints[frags]);
		}
		if (off + used < STUB)
			CU_ASSERT_EQUAL(used % 8, 0);
		CU_ASSERT_EQUAL(used, frags < 2 ? 4256u : 1488u);
		memcpy(joined + off, o.data + 24, used);
		off += used;
		frags++;
		ndr_out_free(&o);
	}
	CU_ASSERT_EQUAL(frags, 3);
	CU_ASSERT_EQUAL(memcmp(joined, stub, STUB), 0);

	/* Odd sizes round the chunk down to a multiple of 8. */
	ndr_out_init(&o);
	CU_ASSERT_EQUAL(rpc_pdu_request(&o, 1, 0, stub, STUB, 0, 1500, &used), 0);
	CU_ASSERT_EQUAL(used, 1472);
	ndr_out_free(&o);
	/* An empty stub is one FIRST|LAST fragment. */
	ndr_out_init(&o);
	CU_ASSERT_EQUAL(rpc_pdu_request(&o, 1, 5, NULL, 0, 0, RPC_MAX_FRAG, &used), 0);
	CU_ASSERT(o.len == 24 && used == 0 && o.data[3] == (RPC_PFC_FIRST | RPC_PFC_LAST));
	CU_ASSERT_EQUAL(get32(o.data + 16), 0);
	/* Caller mistakes. */
	CHECK_ERR(rpc_pdu_request(&o, 1, 5, stub, STUB, 0, 31, &used), CADCOM_EINVAL, -1);
	CHECK_ERR(rpc_pdu_request(&o, 1, 5, stub, STUB, 0, 65536, &used), CADCOM_EINVAL, -1);
	CHECK_ERR(rpc_pdu_request(&o, 1, 5, stub, STUB, STUB, 4280, &used), CADCOM_EINVAL, -1);
	CHECK_ERR(rpc_pdu_request(&o, 1, 5, stub, 10, 11, 4280, &used), CADCOM_EINVAL, -1);
	CU_ASSERT_EQUAL(o.len, 24);
	ndr_out_free(&o);
	free(stub);
	free(joined);
}

/* A response PDU carrying `n` bytes of `stub` into b. */
static size_t response(unsigned char *b, uint8_t flags, uint32_t call_id, const void *stub,
		       size_t n)
{
	hex(b, "05000200 10000000 0000 0000 00000000 00000000 0000 00 00");
	b[3] = flags;
	set16(b + 8, (unsigned)(24 + n));
	set32(b + 12, call_id);
	set32(b + 16, (uint32_t)n);
	if (n)
		memcpy(b + 24, stub, n);
	return 24 + n;
}

static void test_reply(void)
{
	unsigned char b[256];
	struct rpc_reply r = { 0 };
	size_t n;

	n = response(b, RPC_PFC_FIRST, 3, "0123456789abcdef", 16);
	CU_ASSERT_EQUAL(rpc_reply_add(&r, b, n, 3), 0);
	CU_ASSERT(!r.done && r.frags == 1);
	n = response(b, 0, 3, "ghijklmnopqrstuv", 16);
	CU_ASSERT_EQUAL(rpc_reply_add(&r, b, n, 3), 0);
	n = response(b, RPC_PFC_LAST, 3, "wxyz", 4);
	CU_ASSERT_EQUAL(rpc_reply_add(&r, b, n, 3), 0);
	CU_ASSERT(r.done && r.frags == 3 && r.fault == 0);
	CU_ASSERT_EQUAL_FATAL(r.len, 36);
	CU_ASSERT_EQUAL(memcmp(r.stub, "0123456789abcdefghijklmnopqrstuvwxyz", 36), 0);
	CHECK_ERR(rpc_reply_add(&r, b, n, 3), CADCOM_EPROTO, 0);
	rpc_reply_free(&r);
	CU_ASSERT_PTR_NULL(r.stub);

	/* A single empty FIRST|LAST response is legal. */
	n = response(b, RPC_PFC_FIRST | RPC_PFC_LAST, 3, NULL, 0);
	CU_ASSERT_EQUAL(rpc_reply_add(&r, b, n, 3), 0);
	CU_ASSERT(r.done && r.len == 0);
	rpc_reply_free(&r);

	n = response(b, RPC_PFC_FIRST, 3, "abcd", 4);
	CHECK_ERR(rpc_reply_add(&r, b, n, 4), CADCOM_EPROTO, 12);
	n = response(b, 0, 3, "abcd", 4);
	CHECK_ERR(rpc_reply_add(&r, b, n, 3), CADCOM_EPROTO, 3);
	MESSAGE_HAS("without PFC_FIRST_FRAG");
	n = response(b, RPC_PFC_FIRST, 3, "abcd", 4);
	CU_ASSERT_EQUAL(rpc_reply_add(&r, b, n, 3), 0);
	CHECK_ERR(rpc_reply_add(&r, b, n, 3), CADCOM_EPROTO, 3);
	MESSAGE_HAS("repeated");
	n = response(b, 0, 3, NULL, 0);
	CHECK_ERR(rpc_reply_add(&r, b, n, 3), CADCOM_EPROTO, 24);
	n = response(b, 0, 3, "abcd", 4);
	b[20] = 1;
	CHECK_ERR(rpc_reply_add(&r, b, n, 3), CADCOM_EPROTO, 20);
	CU_ASSERT(r.len == 4 && r.frags == 1 && !r.done);
	/* frag_length lying, short, or another type. */
	n = response(b, RPC_PFC_LAST, 3, "abcd", 4);
	CHECK_ERR(rpc_reply_add(&r, b, n - 1, 3), CADCOM_EPROTO, 8);
	CHECK_ERR(rpc_reply_add(&r, b, n + 1, 3), CADCOM_EPROTO, 8);
	set16(b + 8, 20);
	CHECK_ERR(rpc_reply_add(&r, b, 20, 3), CADCOM_EPROTO, 8);
	MESSAGE_HAS("response PDU of 20 bytes");
	n = response(b, RPC_PFC_LAST, 3, "abcd", 4);
	b[2] = 9;
	CHECK_ERR(rpc_reply_add(&r, b, n, 3), CADCOM_EPROTO, 2);
	b[2] = RPC_PTYPE_BIND_ACK;
	CHECK_ERR(rpc_reply_add(&r, b, n, 3), CADCOM_EPROTO, 2);
	CHECK_ERR(rpc_reply_add(&r, b, 10, 3), CADCOM_EPROTO, 10);
	CU_ASSERT(r.len == 4 && !r.done);
	rpc_reply_free(&r);
}

static void test_fault(void)
{
	unsigned char b[64];
	struct rpc_reply r = { 0 };
	size_t n = hex(b, "05000303 10000000 2000 0000 09000000 20000000 0000 00 00 0200011c 00000000");

	CU_ASSERT_EQUAL_FATAL(n, 32);
	CHECK_ERR(rpc_reply_add(&r, b, n, 9), CADCOM_ERPCFAULT, -1);
	MESSAGE_HAS("nca_s_op_rng_error (0x1c010002)");
	CU_ASSERT(r.done && r.fault == 0x1c010002);
	rpc_reply_free(&r);
	/* After a first fragment. */
	CU_ASSERT_EQUAL(rpc_reply_add(&r, b + 32,
				      response(b + 32, RPC_PFC_FIRST, 9, "12345678", 8), 9), 0);
	set32(b + 24, 5);
	CHECK_ERR(rpc_reply_add(&r, b, n, 9), CADCOM_ERPCFAULT, -1);
	CU_ASSERT(r.done && r.fault == 5 && r.len == 8);
	MESSAGE_HAS("nca_s_fault_access_denied");
	rpc_reply_free(&r);
	CHECK_ERR(rpc_reply_add(&r, b, n, 8), CADCOM_EPROTO, 12);
	set32(b + 24, 0);
	CHECK_ERR(rpc_reply_add(&r, b, n, 9), CADCOM_EPROTO, 24);
	CU_ASSERT(!r.done);
	set16(b + 8, 28);
	CHECK_ERR(rpc_reply_add(&r, b, 28, 9), CADCOM_EPROTO, 8);
	rpc_reply_free(&r);

	CU_ASSERT_STRING_EQUAL(rpc_fault_name(0x1c010003), "nca_s_unk_if (0x1c010003)");
	CU_ASSERT_STRING_EQUAL(rpc_fault_name(0x1c01000b), "nca_s_proto_error (0x1c01000b)");
	CU_ASSERT_STRING_EQUAL(rpc_fault_name(0x6f7), "nca_s_fault_ndr (0x000006f7)");
	CU_ASSERT_STRING_EQUAL(rpc_fault_name(0x1c00001a),
			       "nca_s_fault_context_mismatch (0x1c00001a)");
	CU_ASSERT_STRING_EQUAL(rpc_fault_name(0x1c00001b),
			       "nca_s_fault_remote_no_memory (0x1c00001b)");
	CU_ASSERT_STRING_EQUAL(rpc_fault_name(0xdeadbeef), "0xdeadbeef");
	CU_ASSERT_STRING_EQUAL(rpc_fault_name(0), "0x00000000");
}

/* RPC_REPLY_MAX: exactly the limit is accepted, one byte more is not. */
static void test_reply_limit(void)
{
	enum { CHUNK = 65535 - 24 };
	unsigned char *b = calloc(1, 65535);
	struct rpc_reply r = { 0 };
	size_t full = RPC_REPLY_MAX / CHUNK, rest = RPC_REPLY_MAX - full * CHUNK;
	int rc = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	for (size_t i = 0; i < full && rc == 0; i++) {
		response(b, i ? 0 : RPC_PFC_FIRST, 1, NULL, 0);
		set16(b + 8, 65535);
		rc = rpc_reply_add(&r, b, 65535, 1);
	}
	CU_ASSERT_EQUAL(rc, 0);
	CU_ASSERT_EQUAL(r.len, full * CHUNK);
	set16(b + 8, (unsigned)(24 + rest + 1));
	CHECK_ERR(rpc_reply_add(&r, b, 24 + rest + 1, 1), CADCOM_ELIMIT, 24);
	set16(b + 8, (unsigned)(24 + rest));
	b[3] = RPC_PFC_LAST;
	CU_ASSERT_EQUAL(rpc_reply_add(&r, b, 24 + rest, 1), 0);
	CU_ASSERT(r.done && r.len == RPC_REPLY_MAX && r.cap <= RPC_REPLY_MAX);
	rpc_reply_free(&r);
	free(b);
}

int main(void)
{
	CU_TestInfo tests[] = {
		{ "NDR integers and alignment", test_integers },
		{ "NDR pointers and handles", test_pointers_handles },
		{ "NDR strings", test_ustr },
		{ "NDR string arrays and limits", test_ustr_array_and_limits },
		{ "NDR SIDs", test_sid_round_trip },
		{ "NDR truncated input", test_truncated },
		{ "NDR varying arrays", test_varying },
		{ "NDR hostile strings", test_ustr_hostile },
		{ "NDR hostile SIDs", test_sid_hostile },
		{ "bind PDU bytes", test_bind },
		{ "common header", test_header },
		{ "bind_ack", test_bind_ack },
		{ "bind refused", test_bind_refused },
		{ "request fragments", test_request_fragments },
		{ "response reassembly", test_reply },
		{ "fault PDUs", test_fault },
		{ "reply size limit", test_reply_limit },
		CU_TEST_INFO_NULL,
	};
	return cu_run("ndr", tests);
}
