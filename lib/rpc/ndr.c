/*
 * NDR20 marshalling (MS-RPCE 2.2.5, C706 ch. 14): little-endian integers
 * aligned to their own size relative to the start of the stub, unique
 * pointers as referent ids, strings as conformant varying arrays of UTF-16.
 *
 * Decoding trusts nothing: every count comes from the server, so sizes are
 * compared against the bytes left before anything is multiplied or copied,
 * and every failure names the field and its offset.
 */
#include <stdio.h>
#include <stdlib.h>
#include "rpc.h"

/* Referent ids as Windows and Samba number them: the value is opaque to
 * the receiver, but matching them makes captures easy to compare. */
enum { FIRST_REFERENT = 0x00020000, REFERENT_STEP = 4 };

/* A u16 byte count holds at most 32767 units, and with the NUL counted one
 * of them is the terminator. */
enum { USTR_MAX_UNITS = 32766 };

/* ---- encoding ---------------------------------------------------------- */

void ndr_out_init(struct ndr_out *o)
{
	memset(o, 0, sizeof(*o));
	o->next_ref = FIRST_REFERENT;
}

void ndr_out_free(struct ndr_out *o)
{
	free(o->data);
	ndr_out_init(o);
}

/* Record the first failure only: the stub reports the root cause. */
static void out_fail(struct ndr_out *o, int code)
{
	if (!o->err)
		o->err = code;
}

static bool out_reserve(struct ndr_out *o, size_t extra)
{
	size_t need, cap;
	unsigned char *p;

	if (o->err)
		return false;
	if (extra <= o->cap - o->len)
		return true;
	if (extra > SIZE_MAX / 2 - o->len) {
		out_fail(o, cadcom__enomem());
		return false;
	}
	need = o->len + extra;
	cap = o->cap ? o->cap : 256;
	while (cap < need)
		cap *= 2;
	p = realloc(o->data, cap);
	if (!p) {
		out_fail(o, cadcom__enomem());
		return false;
	}
	o->data = p;
	o->cap = cap;
	return true;
}

void ndr_put_bytes(struct ndr_out *o, const void *p, size_t n)
{
	/* n == 0 may come with p == NULL, which memcpy must not see. */
	if (n == 0 || !out_reserve(o, n))
		return;
	memcpy(o->data + o->len, p, n);
	o->len += n;
}

void ndr_put_align(struct ndr_out *o, size_t n)
{
	static const unsigned char zeros[8];
	size_t pad;

	if (n <= 1)
		return;
	pad = (n - o->len % n) % n;
	while (pad > 0) { /* n is at most 8 in NDR20; loop for any n anyway */
		size_t k = pad < sizeof(zeros) ? pad : sizeof(zeros);
		ndr_put_bytes(o, zeros, k);
		pad -= k;
	}
}

/* An unsigned integer of `size` bytes, aligned to its size. */
static void put_uint(struct ndr_out *o, uint64_t v, size_t size)
{
	unsigned char b[8];

	for (size_t i = 0; i < size; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	ndr_put_align(o, size);
	ndr_put_bytes(o, b, size);
}

void ndr_put_u8(struct ndr_out *o, uint8_t v)
{
	put_uint(o, v, 1);
}

void ndr_put_u16(struct ndr_out *o, uint16_t v)
{
	put_uint(o, v, 2);
}

void ndr_put_u32(struct ndr_out *o, uint32_t v)
{
	put_uint(o, v, 4);
}

void ndr_put_u64(struct ndr_out *o, uint64_t v)
{
	put_uint(o, v, 8);
}

void ndr_put_ptr(struct ndr_out *o, bool present)
{
	if (!present) {
		ndr_put_u32(o, 0);
		return;
	}
	/* Past ~10^9 pointers the id would wrap to 0, which means NULL. */
	if (o->next_ref > UINT32_MAX - REFERENT_STEP) {
		out_fail(o, cadcom__error(CADCOM_EINVAL, -1, "NDR: out of referent ids"));
		return;
	}
	ndr_put_u32(o, o->next_ref);
	if (!o->err)
		o->next_ref += REFERENT_STEP;
}

void ndr_put_handle(struct ndr_out *o, const struct rpc_handle *h)
{
	/* policy_handle is {uint32 handle_type; GUID uuid}: aligned to 4. */
	ndr_put_align(o, 4);
	ndr_put_bytes(o, h->bytes, sizeof(h->bytes));
}

/* The strict UTF-8 sequence at s (NUL-terminated): its length and code
 * point, or 0 for an invalid one (overlong forms, surrogates, past
 * U+10FFFF, truncated).  Continuation bytes are checked one at a time, so a
 * sequence cut short by the NUL stops there. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t len;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, c &= 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, c &= 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

/* The UTF-16 units `utf8` takes (validating it), or sets EINVAL. */
static bool utf16_units(struct ndr_out *o, const char *utf8, size_t *units)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t i = 0, n = 0, len;
	uint32_t cp;

	while (s[i]) {
		if (!(len = utf8_next(s + i, &cp))) {
			out_fail(o, cadcom__error(CADCOM_EINVAL, -1,
						  "NDR: string is not valid UTF-8 (byte %zu)", i));
			return false;
		}
		n += cp >= 0x10000 ? 2 : 1;
		i += len;
		if (n > USTR_MAX_UNITS) {
			out_fail(o, cadcom__error(CADCOM_EINVAL, -1,
						  "NDR: string longer than %d UTF-16 units",
						  USTR_MAX_UNITS));
			return false;
		}
	}
	*units = n;
	return true;
}

void ndr_put_ustr_hdr(struct ndr_out *o, const char *utf8, bool nul)
{
	size_t units;
	uint16_t bytes;

	if (o->err)
		return;
	/* The struct aligns to its pointer: Length lands on a 4-byte boundary. */
	ndr_put_align(o, 4);
	if (!utf8) {
		ndr_put_u16(o, 0);
		ndr_put_u16(o, 0);
		ndr_put_ptr(o, false);
		return;
	}
	if (!utf16_units(o, utf8, &units))
		return;
	/* MaximumLength = Length, as Windows and Samba send for input strings. */
	bytes = (uint16_t)((units + nul) * 2);
	ndr_put_u16(o, bytes);
	ndr_put_u16(o, bytes);
	ndr_put_ptr(o, true);
}

void ndr_put_ustr_body(struct ndr_out *o, const char *utf8, bool nul)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t units, len;
	uint32_t cp;

	if (o->err || !utf8 || !utf16_units(o, utf8, &units))
		return;
	units += nul;
	ndr_put_u32(o, (uint32_t)units); /* max_count */
	ndr_put_u32(o, 0);               /* offset */
	ndr_put_u32(o, (uint32_t)units); /* actual_count */
	if (!out_reserve(o, units * 2)) /* one allocation for all the characters */
		return;
	for (size_t i = 0; s[i]; i += len) { /* validated above */
		len = utf8_next(s + i, &cp);
		if (cp >= 0x10000) {
			ndr_put_u16(o, (uint16_t)(0xD800 | (cp - 0x10000) >> 10));
			ndr_put_u16(o, (uint16_t)(0xDC00 | ((cp - 0x10000) & 0x3FF)));
		} else {
			ndr_put_u16(o, (uint16_t)cp);
		}
	}
	if (nul)
		ndr_put_u16(o, 0);
}

void ndr_put_sid(struct ndr_out *o, const struct cadcom_sid *sid)
{
	unsigned char b[8 + 4 * CADCOM_SID_MAX_SUBAUTH];

	if (o->err)
		return;
	if (sid->count > CADCOM_SID_MAX_SUBAUTH) {
		out_fail(o, cadcom__error(CADCOM_EINVAL, -1, "NDR: SID with %u sub-authorities",
					  sid->count));
		return;
	}
	ndr_put_u32(o, sid->count); /* the conformance of sub_auths[] */
	ndr_put_bytes(o, b, cadcom__sid_encode(b, sid));
}

/* ---- decoding ---------------------------------------------------------- */

void ndr_in_init(struct ndr_in *in, const unsigned char *data, size_t len)
{
	in->data = data;
	in->len = len;
	in->off = 0;
}

/* 0 if n more bytes are there, else the truncation error naming `what`. */
static int need(const struct ndr_in *in, size_t n, const char *what)
{
	if (in->off <= in->len && n <= in->len - in->off)
		return 0;
	return cadcom__error(CADCOM_EPROTO, (long)in->off, "NDR: truncated %s at offset %zu of %zu",
			     what, in->off, in->len);
}

int ndr_get_align(struct ndr_in *in, size_t n)
{
	size_t pad;
	int rc;

	if (n <= 1)
		return 0;
	pad = (n - in->off % n) % n;
	if ((rc = need(in, pad, "alignment padding")))
		return rc;
	in->off += pad;
	return 0;
}

static int get_uint(struct ndr_in *in, size_t size, uint64_t *v, const char *what)
{
	const unsigned char *p;
	int rc;

	if ((rc = ndr_get_align(in, size)) || (rc = need(in, size, what)))
		return rc;
	p = in->data + in->off;
	*v = 0;
	for (size_t i = size; i > 0; i--)
		*v = *v << 8 | p[i - 1];
	in->off += size;
	return 0;
}

int ndr_get_u8(struct ndr_in *in, uint8_t *v)
{
	uint64_t x;
	int rc = get_uint(in, 1, &x, "uint8");

	if (!rc)
		*v = (uint8_t)x;
	return rc;
}

int ndr_get_u16(struct ndr_in *in, uint16_t *v)
{
	uint64_t x;
	int rc = get_uint(in, 2, &x, "uint16");

	if (!rc)
		*v = (uint16_t)x;
	return rc;
}

int ndr_get_u32(struct ndr_in *in, uint32_t *v)
{
	uint64_t x;
	int rc = get_uint(in, 4, &x, "uint32");

	if (!rc)
		*v = (uint32_t)x;
	return rc;
}

int ndr_get_u64(struct ndr_in *in, uint64_t *v)
{
	return get_uint(in, 8, v, "uint64");
}

static int get_view(struct ndr_in *in, size_t n, const unsigned char **p, const char *what)
{
	int rc = need(in, n, what);

	if (rc)
		return rc;
	/* An empty input may have data == NULL: no arithmetic on it. */
	*p = in->data ? in->data + in->off : NULL;
	in->off += n;
	return 0;
}

int ndr_get_view(struct ndr_in *in, size_t n, const unsigned char **p)
{
	return get_view(in, n, p, "byte block");
}

int ndr_get_ptr(struct ndr_in *in, uint32_t *ref)
{
	return ndr_get_u32(in, ref);
}

int ndr_get_handle(struct ndr_in *in, struct rpc_handle *h)
{
	const unsigned char *p;
	int rc;

	if ((rc = ndr_get_align(in, 4)) || (rc = get_view(in, sizeof(h->bytes), &p, "policy handle")))
		return rc;
	memcpy(h->bytes, p, sizeof(h->bytes));
	return 0;
}

int ndr_get_varying(struct ndr_in *in, uint32_t limit, uint32_t *max, uint32_t *actual)
{
	uint32_t offset;
	size_t at;
	int rc;

	if ((rc = ndr_get_align(in, 4)))
		return rc;
	at = in->off;
	if ((rc = ndr_get_u32(in, max)))
		return rc;
	if (*max > limit)
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "NDR: array max_count %u exceeds the limit %u at offset %zu", *max,
				     limit, at);
	if ((rc = ndr_get_u32(in, &offset)))
		return rc;
	if (offset != 0)
		return cadcom__error(CADCOM_EPROTO, (long)at + 4,
				     "NDR: array offset %u, expected 0 at offset %zu", offset, at + 4);
	if ((rc = ndr_get_u32(in, actual)))
		return rc;
	if (*actual > *max)
		return cadcom__error(CADCOM_EPROTO, (long)at + 8,
				     "NDR: array actual_count %u exceeds max_count %u at offset %zu",
				     *actual, *max, at + 8);
	return 0;
}

int ndr_get_ustr_hdr(struct ndr_in *in, struct ndr_ustr *s)
{
	int rc;

	if ((rc = ndr_get_align(in, 4)) || (rc = ndr_get_u16(in, &s->length)) ||
	    (rc = ndr_get_u16(in, &s->size)))
		return rc;
	return ndr_get_ptr(in, &s->ref);
}

/* UTF-16LE units p[0..units) at stub offset `off` into a malloc'd UTF-8
 * string.  One trailing NUL is the terminator; any other NUL would cut the
 * C string short and hide what follows, so it is refused. */
static int utf16_to_utf8(const unsigned char *p, size_t units, size_t off, char **out)
{
	char *s;
	size_t o = 0;

	if (units > 0 && p[2 * units - 2] == 0 && p[2 * units - 1] == 0)
		units--;
	if (!(s = malloc(units * 3 + 1))) /* a unit gives at most 3 bytes, a pair 4 */
		return cadcom__enomem();
	for (size_t i = 0; i < units; i++) {
		uint32_t u = cadcom__le16(p + 2 * i), lo = 0;
		const char *bad = NULL;

		if (u == 0)
			bad = "NUL inside a string";
		else if (u >= 0xDC00 && u <= 0xDFFF)
			bad = "unpaired low surrogate";
		else if (u >= 0xD800 && u <= 0xDBFF) {
			if (i + 1 < units)
				lo = cadcom__le16(p + 2 * i + 2);
			if (lo < 0xDC00 || lo > 0xDFFF)
				bad = "unpaired high surrogate";
		}
		if (bad) {
			free(s);
			return cadcom__error(CADCOM_EPROTO, (long)(off + 2 * i),
					     "NDR: %s (0x%04x) at offset %zu", bad, u, off + 2 * i);
		}
		if (lo) {
			u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			i++;
		}
		if (u < 0x80) {
			s[o++] = (char)u;
		} else if (u < 0x800) {
			s[o++] = (char)(0xC0 | u >> 6);
			s[o++] = (char)(0x80 | (u & 0x3F));
		} else if (u < 0x10000) {
			s[o++] = (char)(0xE0 | u >> 12);
			s[o++] = (char)(0x80 | (u >> 6 & 0x3F));
			s[o++] = (char)(0x80 | (u & 0x3F));
		} else {
			s[o++] = (char)(0xF0 | u >> 18);
			s[o++] = (char)(0x80 | (u >> 12 & 0x3F));
			s[o++] = (char)(0x80 | (u >> 6 & 0x3F));
			s[o++] = (char)(0x80 | (u & 0x3F));
		}
	}
	s[o] = '\0';
	*out = s;
	return 0;
}

int ndr_get_ustr_body(struct ndr_in *in, const struct ndr_ustr *s, char **out)
{
	const unsigned char *p;
	uint32_t max, actual;
	size_t at;
	int rc;

	*out = NULL;
	if (!s->ref)
		return 0;
	if ((rc = ndr_get_align(in, 4)))
		return rc;
	at = in->off;
	/* The header was read earlier (maybe much earlier, in an array), so
	 * its faults are reported where its body starts. */
	if (s->length % 2 || s->size % 2 || s->length > s->size)
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "NDR: string Length %u, MaximumLength %u (odd, or Length > "
				     "MaximumLength) for the body at offset %zu", s->length, s->size, at);
	if ((rc = ndr_get_varying(in, s->size / 2u, &max, &actual)))
		return rc;
	if (max != s->size / 2u)
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "NDR: string max_count %u, but MaximumLength %u bytes at offset %zu",
				     max, s->size, at);
	if (actual != s->length / 2u)
		return cadcom__error(CADCOM_EPROTO, (long)at + 8,
				     "NDR: string actual_count %u, but Length %u bytes at offset %zu",
				     actual, s->length, at + 8);
	if ((rc = get_view(in, (size_t)actual * 2, &p, "string characters")))
		return rc;
	return utf16_to_utf8(p, actual, at + 12, out);
}

int ndr_get_sid(struct ndr_in *in, struct cadcom_sid *sid)
{
	uint32_t conformance;
	size_t at;
	int rc;

	if ((rc = ndr_get_align(in, 4)))
		return rc;
	at = in->off;
	if ((rc = ndr_get_u32(in, &conformance)))
		return rc;
	if (conformance > CADCOM_SID_MAX_SUBAUTH)
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "NDR: SID conformance %u, at most %d sub-authorities at offset %zu",
				     conformance, CADCOM_SID_MAX_SUBAUTH, at);
	at = in->off;
	if ((rc = need(in, 8, "SID")))
		return rc;
	switch (cadcom__sid_decode(in->data + at, in->len - at, sid)) {
	case SID_TRUNCATED:
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "NDR: truncated SID (%u sub-authorities) at offset %zu of %zu",
				     in->data[at + 1], at, in->len);
	case SID_BAD_REVISION:
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "NDR: SID revision %u, expected 1 at offset %zu", in->data[at], at);
	case SID_TOO_MANY_SUBAUTH:
		return cadcom__error(CADCOM_EPROTO, (long)at + 1,
				     "NDR: SID with %u sub-authorities, at most %d at offset %zu",
				     in->data[at + 1], CADCOM_SID_MAX_SUBAUTH, at + 1);
	}
	if (sid->count != conformance)
		return cadcom__error(CADCOM_EPROTO, (long)at + 1,
				     "NDR: SID sub-authority count %u, but conformance %u at offset %zu",
				     sid->count, conformance, at + 1);
	in->off += cadcom__sid_size(sid);
	return 0;
}
