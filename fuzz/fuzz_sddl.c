/*
 * libFuzzer harness for the SDDL parser and formatter.
 *
 * Input: byte 0 is a selector (odd: resolve domain-relative aliases against
 * S-1-5-21-1-2-3; even: no domain), the remaining bytes are the SDDL text.
 * The seed corpus in fuzz/corpus/sddl/ uses '1' and '0' as selectors.
 *
 * Properties checked (abort() on violation, so libFuzzer keeps the input):
 *   - parsing never reads outside the n bytes it was given (ASan);
 *   - a failed parse leaves an error with a message and an offset in [0, n]
 *     or -1;
 *   - a parsed descriptor formats (or is honestly unrepresentable), the text
 *     parses back to an equal descriptor, and formatting that again gives the
 *     same bytes: the canonical form is a fixed point.
 *
 * Built by a script, not by automake, together with every lib/core source:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude
 *     -I<builddir>/include -I<builddir> -Ilib/core -DCADCOM_BUILDING_LIBRARY
 *     fuzz/fuzz_sddl.c lib/core/[the .c files] -o fuzz_sddl
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cadcom/cadcom.h"
#include "internal.h" /* cadcom__sd_from_sddl_n: parse without a NUL terminator */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parsed once and kept: still reachable at exit, so LeakSanitizer is quiet. */
static const cadcom_sid *domain_sid(void)
{
	static cadcom_sid *domain;

	if (!domain && cadcom_sid_from_string(&domain, "S-1-5-21-1-2-3", NULL) != 0)
		abort();
	return domain;
}

/* Say which property broke before aborting; the crash file holds the input. */
static void die(const char *what, const char *text1, const char *text2)
{
	const cadcom_error *err = cadcom_error_last();

	fprintf(stderr, "fuzz_sddl: %s\n", what);
	if (text1)
		fprintf(stderr, "  first:  %s\n", text1);
	if (text2)
		fprintf(stderr, "  second: %s\n", text2);
	if (err)
		fprintf(stderr, "  last error: %s\n", cadcom_error_message(err));
	abort();
}

static void check_parse_error(int rc, size_t n)
{
	const cadcom_error *err = cadcom_error_last();
	const char *msg;
	long off;

	if (rc >= 0)
		die("parse failed with a non-negative code", NULL, NULL);
	if (!err)
		die("parse failed without recording an error", NULL, NULL);
	if (cadcom_error_code(err) != rc)
		die("recorded error code differs from the returned one", NULL, NULL);
	msg = cadcom_error_message(err);
	if (!msg || !*msg)
		die("parse error has an empty message", NULL, NULL);
	off = cadcom_error_offset(err);
	if (off != -1 && (off < 0 || (size_t)off > n))
		die("parse error offset outside [0, n]", NULL, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const cadcom_sid *domain;
	cadcom_sd *first = NULL, *second = NULL;
	char *buf, *text1 = NULL, *text2 = NULL;
	size_t n;
	int rc;

	if (size == 0)
		return 0;
	domain = (data[0] & 1) ? domain_sid() : NULL;
	n = size - 1;
	/* An exact-size heap copy, no terminator: any read past n is an ASan error
	 * (libFuzzer's own buffer may have slack after it). */
	buf = malloc(n);
	if (!buf && n)
		abort();
	if (n)
		memcpy(buf, data + 1, n);

	/* Errors are sticky across calls; clear so a stale one cannot mask a
	 * failure path that forgets to record its own. */
	cadcom_error_clear();
	rc = cadcom__sd_from_sddl_n(&first, buf, n, domain);
	free(buf);
	if (rc) {
		check_parse_error(rc, n);
		return 0;
	}

	rc = cadcom_sd_to_sddl(first, domain, CADCOM_WINDOWS_LATEST, &text1);
	if (rc == CADCOM_EUNREPRESENTABLE)
		goto out; /* allowed: not every parsed model has an SDDL form */
	if (rc)
		die("formatting a parsed descriptor failed", NULL, NULL);
	if (cadcom_sd_from_sddl(&second, text1, domain))
		die("canonical output does not parse", text1, NULL);
	if (!cadcom_sd_equal(first, second))
		die("canonical output parses to a different descriptor", text1, NULL);
	if (cadcom_sd_to_sddl(second, domain, CADCOM_WINDOWS_LATEST, &text2))
		die("formatting the re-parsed descriptor failed", text1, NULL);
	if (strcmp(text1, text2) != 0)
		die("canonical form is not a fixed point", text1, text2);
out:
	cadcom_free(text1);
	cadcom_free(text2);
	cadcom_sd_free(first);
	cadcom_sd_free(second);
	return 0;
}
