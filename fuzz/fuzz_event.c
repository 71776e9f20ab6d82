/*
 * libFuzzer harness for the event parser (AutoEnrollment event 13 as text or
 * XML, the Certificate snap-in's message; lib/ca/event.c, event_xml.c).
 *
 * Input: the file's bytes, as they are (UTF-8, UTF-16LE with a BOM, or junk).
 * The seed corpus in fuzz/corpus/event/ holds the test fixtures, and one
 * input per refusal (each wording, field, encoding and XML error of
 * doc/EVENTS.md), named for it.
 *
 * Properties checked (abort() on violation, so libFuzzer keeps the input):
 *   - parsing never reads outside the bytes it was given (an exact-size heap
 *     copy: ASan) and never leaks (LeakSanitizer);
 *   - a failure returns a negative code, records the same code with a
 *     non-empty message naming the source and an offset in [0, n] or -1;
 *   - a success holds at least one event; every getter works in range with
 *     the documented values (kind known, line >= 1, text non-NULL, a template
 *     for enrollment failures, no computer/template/status for the snap-in,
 *     a computer name within 512 bytes) and returns 0 / NULL out of range;
 *   - the encoding does not matter (doc/EVENTS.md): input that is UTF-8
 *     without a byte order mark is parsed again with one, and as UTF-16LE
 *     with one, and each gives the same events, or the same code and
 *     message with the offset mapped back to the bytes given.
 *
 * Built by a script, not by automake:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude
 *     -I<builddir>/include -I<builddir> -Ilib/core -DCADCOM_BUILDING_LIBRARY
 *     fuzz/fuzz_event.c lib/core/[the .c files] lib/ca/event.c lib/ca/event_xml.c
 *     -o fuzz_event
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cadcom/cadcom.h"
#include "cadcom/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	const cadcom_error *err = cadcom_error_last();

	fprintf(stderr, "fuzz_event: %s\n", what);
	if (err)
		fprintf(stderr, "  last error: %s\n", cadcom_error_message(err));
	abort();
}

static void check_error(int rc, size_t n)
{
	const cadcom_error *err = cadcom_error_last();
	const char *msg;
	long off;

	if (rc >= 0)
		die("parse failed with a non-negative code");
	if (!err || cadcom_error_code(err) != rc)
		die("failure without its error recorded");
	msg = cadcom_error_message(err);
	if (!msg || !*msg || !strstr(msg, "fuzz"))
		die("error message empty or not naming the source");
	off = cadcom_error_offset(err);
	if (off != -1 && (off < 0 || (size_t)off > n))
		die("error offset outside [0, n]");
}

static void check_events(const cadcom_events *ev)
{
	size_t count = cadcom_events_count(ev);

	if (count == 0)
		die("success without an event");
	for (size_t i = 0; i < count; i++) {
		int kind = cadcom_events_kind(ev, i);
		const char *text = cadcom_events_text(ev, i), *tmpl = cadcom_events_template(ev, i);
		const char *computer = cadcom_events_computer(ev, i);
		int local = cadcom_events_local_system(ev, i);

		if (cadcom_events_line(ev, i) < 1 || !text)
			die("event without a line or a text");
		if (kind == CADCOM_EVENT_AUTOENROLL_FAILED) {
			if (!tmpl || !*tmpl)
				die("enrollment failure without a template");
		} else if (kind == CADCOM_EVENT_SNAPIN_DENIED) {
			if (computer || tmpl || cadcom_events_status(ev, i) || local)
				die("snap-in message with a computer, template or status");
		} else {
			die("unknown event kind");
		}
		if (local != 0 && local != 1)
			die("local_system not 0 or 1");
		/* touch every byte: the strings are terminated and readable */
		(void)strlen(text);
		if (computer && !*computer)
			die("empty computer name instead of NULL");
		/* doc/EVENTS.md: "computer [is] read within 512 bytes", in each format */
		if (computer && strlen(computer) > 512)
			die("computer name longer than 512 bytes");
	}
	if (cadcom_events_kind(ev, count) || cadcom_events_line(ev, count) ||
	    cadcom_events_text(ev, count) || cadcom_events_template(ev, count) ||
	    cadcom_events_computer(ev, count) || cadcom_events_status(ev, count) ||
	    cadcom_events_local_system(ev, count))
		die("getter out of range returned something");
}

/* What one parse gave: the events, or the error's code, message and offset
 * (copied: the next parse replaces the error). */
struct outcome {
	int rc;
	cadcom_events *ev;
	char *msg;
	long off;
};

static void outcome_free(struct outcome *o)
{
	cadcom_events_free(o->ev);
	free(o->msg);
}

static char *copy(const char *s)
{
	size_t len = strlen(s) + 1;
	char *c = malloc(len);

	if (!c)
		abort();
	return memcpy(c, s, len);
}

/* Parse `size` bytes from an exact-size heap copy (ASan sees any read past
 * the end) and check what came back. */
static struct outcome parse(const uint8_t *data, size_t size)
{
	struct outcome o = { 0 };
	char *buf = malloc(size ? size : 1);

	if (!buf)
		abort();
	if (size)
		memcpy(buf, data, size);
	cadcom_error_clear();
	o.rc = cadcom_events_parse(&o.ev, buf, size, "fuzz");
	free(buf);
	if (o.rc) {
		if (o.ev)
			die("failure left an object");
		check_error(o.rc, size);
		o.off = cadcom_error_offset(cadcom_error_last());
		o.msg = copy(cadcom_error_message(cadcom_error_last()));
	} else {
		check_events(o.ev);
	}
	return o;
}

/* Bytes of the code point whose UTF-8 starts at s[0..n), as the library
 * decodes strictly (no overlong forms, surrogates, NUL or values past
 * U+10FFFF); 0 when there is none. */
static size_t utf8_char(const uint8_t *s, size_t n, uint32_t *cp)
{
	size_t w = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
		 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	static const uint32_t least[] = { 0, 0, 0x80, 0x800, 0x10000 };

	if (w == 0 || w > n || s[0] == 0)
		return 0;
	*cp = w == 1 ? s[0] : s[0] & (0x7Fu >> w);
	for (size_t k = 1; k < w; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[k] & 0x3Fu);
	}
	if (*cp < least[w] || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
		return 0;
	return w;
}

/* `data` as UTF-16LE after its byte order mark, or NULL when `data` is not
 * strict UTF-8. */
static uint8_t *to_utf16(const uint8_t *data, size_t size, size_t *outn)
{
	uint8_t *u = malloc(2 + 2 * size); /* a byte gives at most one unit */
	size_t o = 2, w;
	uint32_t cp;

	if (!u)
		abort();
	u[0] = 0xFF;
	u[1] = 0xFE;
	for (size_t i = 0; i < size; i += w) {
		if (!(w = utf8_char(data + i, size - i, &cp))) {
			free(u);
			return NULL;
		}
		if (cp >= 0x10000) { /* a surrogate pair */
			uint32_t v = cp - 0x10000, hi = 0xD800 | v >> 10, lo = 0xDC00 | (v & 0x3FF);
			u[o++] = (uint8_t)hi;
			u[o++] = (uint8_t)(hi >> 8);
			cp = lo;
		}
		u[o++] = (uint8_t)cp;
		u[o++] = (uint8_t)(cp >> 8);
	}
	*outn = o;
	return u;
}

/* Offset `off` of the UTF-8 text in its UTF-16LE form (after the byte
 * order mark); within a character, the end of that character. */
static long utf16_offset(const uint8_t *data, size_t size, long off)
{
	size_t i = 0, o = 2, w;
	uint32_t cp;

	while (i < size && i < (size_t)off) {
		w = utf8_char(data + i, size - i, &cp);
		i += w;
		o += cp >= 0x10000 ? 4 : 2;
	}
	return (long)o;
}

/* `b` (the same text in another encoding) came out as `a`; `off` is where
 * a's error offset lies in b's bytes. */
static void same_outcome(const struct outcome *a, const struct outcome *b, long off,
			 const char *enc)
{
	char what[120];

	snprintf(what, sizeof(what), "the text as %s parsed otherwise", enc);
	if (a->rc != b->rc)
		die(what);
	if (a->rc) {
		if (strcmp(a->msg, b->msg) != 0 || b->off != (a->off == -1 ? -1 : off)) {
			fprintf(stderr, "  UTF-8: %s (offset %ld)\n  %s: %s (offset %ld, not %ld)\n",
				a->msg, a->off, enc, b->msg, b->off, a->off == -1 ? -1 : off);
			die(what);
		}
		return;
	}
	if (cadcom_events_count(a->ev) != cadcom_events_count(b->ev))
		die(what);
	for (size_t i = 0; i < cadcom_events_count(a->ev); i++) {
		const char *sa[] = { cadcom_events_text(a->ev, i), cadcom_events_template(a->ev, i),
				     cadcom_events_computer(a->ev, i) };
		const char *sb[] = { cadcom_events_text(b->ev, i), cadcom_events_template(b->ev, i),
				     cadcom_events_computer(b->ev, i) };

		if (cadcom_events_kind(a->ev, i) != cadcom_events_kind(b->ev, i) ||
		    cadcom_events_line(a->ev, i) != cadcom_events_line(b->ev, i) ||
		    cadcom_events_status(a->ev, i) != cadcom_events_status(b->ev, i) ||
		    cadcom_events_local_system(a->ev, i) != cadcom_events_local_system(b->ev, i))
			die(what);
		for (size_t k = 0; k < 3; k++)
			if (!sa[k] != !sb[k] || (sa[k] && strcmp(sa[k], sb[k]) != 0))
				die(what);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome plain = parse(data, size), other;
	uint8_t *u16, *bom8;
	size_t n16;

	/* The same text in the other encodings: only UTF-8 without a byte
	 * order mark has them (to_utf16() refuses the rest, UTF-16's marks
	 * included), and as UTF-16 it must stay under the 16 MiB limit. */
	if (size > ((size_t)4 << 20) || (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) ||
	    !(u16 = to_utf16(data, size, &n16))) {
		outcome_free(&plain);
		return 0;
	}
	other = parse(u16, n16);
	same_outcome(&plain, &other, utf16_offset(data, size, plain.off), "UTF-16LE");
	outcome_free(&other);
	free(u16);
	if (!(bom8 = malloc(size + 3)))
		abort();
	memcpy(bom8, "\xEF\xBB\xBF", 3);
	if (size)
		memcpy(bom8 + 3, data, size);
	other = parse(bom8, size + 3);
	same_outcome(&plain, &other, plain.off + 3, "UTF-8 with a byte order mark");
	outcome_free(&other);
	free(bom8);
	outcome_free(&plain);
	return 0;
}
