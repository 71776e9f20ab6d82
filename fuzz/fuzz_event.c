/*
 * libFuzzer harness for the event parser (AutoEnrollment event 13 as text or
 * XML, the Certificate snap-in's message; lib/ca/event.c, event_xml.c).
 *
 * Input: the file's bytes, as they are (UTF-8, UTF-16LE with a BOM, or junk).
 * The seed corpus in fuzz/corpus/event/ holds the test fixtures.
 *
 * Properties checked (abort() on violation, so libFuzzer keeps the input):
 *   - parsing never reads outside the bytes it was given (an exact-size heap
 *     copy: ASan) and never leaks (LeakSanitizer);
 *   - a failure returns a negative code, records the same code with a
 *     non-empty message naming the source and an offset in [0, n] or -1;
 *   - a success holds at least one event; every getter works in range with
 *     the documented values (kind known, line >= 1, text non-NULL, a template
 *     for enrollment failures, no computer/template/status for the snap-in)
 *     and returns 0 / NULL out of range.
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
	}
	if (cadcom_events_kind(ev, count) || cadcom_events_line(ev, count) ||
	    cadcom_events_text(ev, count) || cadcom_events_template(ev, count) ||
	    cadcom_events_computer(ev, count) || cadcom_events_status(ev, count) ||
	    cadcom_events_local_system(ev, count))
		die("getter out of range returned something");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cadcom_events *ev = NULL;
	char *buf = malloc(size ? size : 1);
	int rc;

	if (!buf)
		abort();
	if (size)
		memcpy(buf, data, size);
	cadcom_error_clear();
	rc = cadcom_events_parse(&ev, buf, size, "fuzz");
	free(buf);
	if (rc) {
		if (ev)
			die("failure left an object");
		check_error(rc, size);
		return 0;
	}
	check_events(ev);
	cadcom_events_free(ev);
	return 0;
}
