/*
 * Hex text for binary descriptors: plain "0100048014..." or the .reg form
 * regedit writes, "hex:01,00,04,80,..." (optionally after "Name"= and with
 * the "\" continuation marks of a joined multi-line value).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cli.h"

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

char *hex_encode(const unsigned char *buf, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(2 * len + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		s[2 * i] = digits[buf[i] >> 4];
		s[2 * i + 1] = digits[buf[i] & 15];
	}
	s[2 * len] = '\0';
	return s;
}

int hex_decode(const char *s, unsigned char **out, size_t *len, char *err, size_t errsz)
{
	size_t n = strlen(s), i = 0, o = 0;
	unsigned char *buf = malloc(n / 2 + 1);
	bool comma_form = false;

	if (!buf) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (s[i] == '"') { /* "ValueName"= */
		const char *q = strstr(s + i + 1, "\"=");
		if (!q) {
			snprintf(err, errsz, "hex: unterminated value name at offset %zu", i);
			goto fail;
		}
		i = (size_t)(q - s) + 2;
	}
	if (strncasecmp(s + i, "hex:", 4) == 0) {
		i += 4;
		comma_form = true;
	} else if (strncasecmp(s + i, "hex(3):", 7) == 0) {
		i += 7;
		comma_form = true;
	}
	comma_form = comma_form || strchr(s + i, ',') != NULL;
	while (i < n) {
		if (isspace((unsigned char)s[i]) || (comma_form && (s[i] == ',' || s[i] == '\\'))) {
			i++;
			continue;
		}
		int hi = hexval((unsigned char)s[i]);
		int lo = i + 1 < n ? hexval((unsigned char)s[i + 1]) : -1;
		if (hi < 0) {
			snprintf(err, errsz, "hex: unexpected character at offset %zu", i);
			goto fail;
		}
		if (lo < 0 && i + 1 < n && !isspace((unsigned char)s[i + 1]) && s[i + 1] != ',' &&
		    s[i + 1] != '\\') {
			snprintf(err, errsz, "hex: unexpected character at offset %zu", i + 1);
			goto fail;
		}
		if (lo < 0) {
			snprintf(err, errsz, "hex: odd number of hex digits at offset %zu", i);
			goto fail;
		}
		if (comma_form && i + 2 < n && hexval((unsigned char)s[i + 2]) >= 0) {
			snprintf(err, errsz, "hex: more than two digits in a byte at offset %zu", i);
			goto fail;
		}
		buf[o++] = (unsigned char)(hi << 4 | lo);
		i += 2;
	}
	*out = buf;
	*len = o;
	return 0;
fail:
	free(buf);
	return -1;
}
