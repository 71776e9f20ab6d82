/*
 * libFuzzer harness for the .reg parser and writer.
 *
 * Input: the bytes of a .reg file as given to cadcom_regfile_parse (UTF-16LE
 * with BOM, UTF-8, anything).  The seed corpus in fuzz/corpus/regfile/ has
 * both encodings.
 *
 * Properties checked (abort() on violation, so libFuzzer keeps the input):
 *   - parsing never reads outside the bytes it was given (ASan);
 *   - a failed parse leaves an error with the same code, a message and an
 *     offset in [0, n] or -1;
 *   - a parsed file is written (regedit's UTF-16 bytes and the UTF-8
 *     text), both parse back to identical operations, and writing the
 *     re-parsed file gives the same bytes: the written form is a fixed point;
 *   - applying it to a memory registry succeeds or records an error.
 *
 * Built by a script, not by automake, with the lib/core and lib/store
 * sources it needs:
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude
 *     -I<builddir>/include -I<builddir> -Ilib/core -Ilib/store
 *     -DCADCOM_BUILDING_LIBRARY fuzz/fuzz_regfile.c lib/core/[the .c files]
 *     lib/store/registry.c lib/store/regfile.c lib/store/regfile_parse.c lib/store/json_where.c
 *     -o fuzz_regfile
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cadcom/cadcom.h"
#include "cadcom/registry.h"
#include "cadcom/regfile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Say which property broke before aborting; the crash file holds the input. */
static void die(const char *what, const char *text)
{
	const cadcom_error *err = cadcom_error_last();

	fprintf(stderr, "fuzz_regfile: %s\n", what);
	if (text)
		fprintf(stderr, "  written:\n%s\n", text);
	if (err)
		fprintf(stderr, "  last error: %s\n", cadcom_error_message(err));
	abort();
}

static void check_error(int rc, size_t n, const char *what)
{
	const cadcom_error *err = cadcom_error_last();
	long off;

	if (rc >= 0 || !err || cadcom_error_code(err) != rc)
		die(what, NULL);
	if (!cadcom_error_message(err)[0])
		die("an error without a message", NULL);
	off = cadcom_error_offset(err);
	if (off != -1 && (off < 0 || (size_t)off > n))
		die("error offset outside [0, n]", NULL);
}

static int same_ops(const cadcom_regfile *a, const cadcom_regfile *b)
{
	if (cadcom_regfile_count(a) != cadcom_regfile_count(b))
		return 0;
	for (size_t i = 0; i < cadcom_regfile_count(a); i++) {
		const char *na = cadcom_regfile_entry_name(a, i), *nb = cadcom_regfile_entry_name(b, i);
		unsigned char *da = NULL, *db = NULL;
		size_t la = 0, lb = 0;
		int ta = 0, tb = 0, same;

		if (cadcom_regfile_entry_op(a, i) != cadcom_regfile_entry_op(b, i) ||
		    strcmp(cadcom_regfile_entry_key(a, i), cadcom_regfile_entry_key(b, i)) ||
		    !na != !nb || (na && strcmp(na, nb)))
			return 0;
		if (cadcom_regfile_entry_op(a, i) != CADCOM_REGFILE_SET_VALUE)
			continue;
		if (cadcom_regfile_entry_value(a, i, &ta, &da, &la) ||
		    cadcom_regfile_entry_value(b, i, &tb, &db, &lb))
			die("reading a value back failed", NULL);
		same = ta == tb && la == lb && memcmp(da, db, la) == 0;
		cadcom_free(da);
		cadcom_free(db);
		if (!same)
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cadcom_regfile *first = NULL, *second = NULL, *third = NULL;
	cadcom_registry *reg = NULL;
	unsigned char *buf, *bytes = NULL, *bytes2 = NULL;
	size_t len = 0, len2 = 0;
	char *text = NULL;
	int rc;

	/* An exact-size heap copy: any read past `size` is an ASan error
	 * (libFuzzer's own buffer may have slack after it). */
	buf = malloc(size ? size : 1);
	if (!buf)
		abort();
	if (size)
		memcpy(buf, data, size);
	/* Errors are sticky across calls; clear so a stale one cannot mask a
	 * failure path that forgets to record its own. */
	cadcom_error_clear();
	rc = cadcom_regfile_parse(&first, buf, size, "fuzz.reg");
	free(buf);
	if (rc) {
		check_error(rc, size, "parse failed without recording its error");
		if (first)
			die("a failed parse handed out a file", NULL);
		return 0;
	}

	if (cadcom_regfile_to_bytes(first, &bytes, &len) || cadcom_regfile_to_text(first, &text))
		die("writing a parsed file failed", NULL);
	if (len < 2 || bytes[0] != 0xFF || bytes[1] != 0xFE)
		die("written bytes do not start with the UTF-16LE BOM", text);
	if (cadcom_regfile_parse(&second, bytes, len, "written.reg"))
		die("the written bytes do not parse", text);
	if (!same_ops(first, second))
		die("the written bytes parse to different operations", text);
	if (cadcom_regfile_parse(&third, (const unsigned char *)text, strlen(text), "written.txt"))
		die("the written text does not parse", text);
	if (!same_ops(first, third))
		die("the written text parses to different operations", text);
	if (cadcom_regfile_to_bytes(second, &bytes2, &len2))
		die("writing the re-parsed file failed", text);
	if (len != len2 || memcmp(bytes, bytes2, len) != 0)
		die("the written form is not a fixed point", text);

	if (cadcom_registry_new_memory(&reg))
		abort();
	cadcom_error_clear();
	rc = cadcom_regfile_apply(first, reg);
	if (rc)
		check_error(rc, len, "apply failed without recording its error");

	cadcom_registry_free(reg);
	cadcom_free(bytes);
	cadcom_free(bytes2);
	cadcom_free(text);
	cadcom_regfile_free(first);
	cadcom_regfile_free(second);
	cadcom_regfile_free(third);
	return 0;
}
