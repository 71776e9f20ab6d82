/*
 * libFuzzer harness for the self-relative binary descriptor parser.
 *
 * Properties (abort() on violation, so libFuzzer keeps the input):
 *   - parsing never reads outside the buffer (ASan: the input is copied into
 *     an allocation of exactly its size);
 *   - a failed parse leaves an error whose code matches, with a message and
 *     an offset in [0, size] or -1;
 *   - a parsed descriptor builds, the built bytes parse to an equal object,
 *     and building that again gives the same bytes (Windows' layout is a
 *     fixed point).
 *
 * Built by setup.sh (fuzz_smoke) with clang -fsanitize=fuzzer,address,undefined
 * together with every lib/core source; seeds in fuzz/corpus/sd_binary/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cadcom/cadcom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	const cadcom_error *err = cadcom_error_last();

	fprintf(stderr, "fuzz_sd_binary: %s (last error: %s)\n", what,
		err ? cadcom_error_message(err) : "none");
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char *buf = malloc(size ? size : 1), *b1 = NULL, *b2 = NULL;
	cadcom_sd *first = NULL, *second = NULL;
	size_t n1, n2;
	int rc;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	cadcom_error_clear();
	rc = cadcom_sd_from_bytes(&first, buf, size);
	if (rc != 0) {
		const cadcom_error *err = cadcom_error_last();
		long off = err ? cadcom_error_offset(err) : -2;
		if (rc > 0 || !err || cadcom_error_code(err) != rc ||
		    !*cadcom_error_message(err) || off < -1 || (off >= 0 && (size_t)off > size))
			die("bad error report");
		if (first)
			die("output set on failure");
		free(buf);
		return 0;
	}
	if (cadcom_sd_to_bytes(first, &b1, &n1) != 0)
		die("a parsed descriptor does not build");
	if (cadcom_sd_from_bytes(&second, b1, n1) != 0)
		die("built bytes do not parse");
	if (!cadcom_sd_equal(first, second))
		die("built bytes parse to a different descriptor");
	if (cadcom_sd_to_bytes(second, &b2, &n2) != 0 || n1 != n2 || memcmp(b1, b2, n1) != 0)
		die("building is not a fixed point");
	cadcom_free(b1);
	cadcom_free(b2);
	cadcom_sd_free(first);
	cadcom_sd_free(second);
	free(buf);
	return 0;
}
