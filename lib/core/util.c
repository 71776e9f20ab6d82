/*
 * Small helpers: growable strings, GUID text, version, memory.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "internal.h"
#include "config.h"

static bool sb_reserve(struct strbuf *sb, size_t extra)
{
	size_t need, cap;
	char *p;

	if (sb->failed)
		return false;
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap *= 2;
	p = realloc(sb->buf, cap);
	if (!p) {
		sb->failed = true;
		return false;
	}
	sb->buf = p;
	sb->cap = cap;
	return true;
}

void sb_putc(struct strbuf *sb, char c)
{
	if (!sb_reserve(sb, 1))
		return;
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void sb_puts(struct strbuf *sb, const char *s)
{
	size_t n = strlen(s);

	if (!sb_reserve(sb, n))
		return;
	memcpy(sb->buf + sb->len, s, n + 1);
	sb->len += n;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->failed = true;
		return;
	}
	if (!sb_reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

int sb_finish(struct strbuf *sb, char **out)
{
	if (!sb_reserve(sb, 0)) {
		free(sb->buf);
		sb->buf = NULL;
		return cadcom__enomem();
	}
	*out = sb->buf;
	sb->buf = NULL;
	return 0;
}

char *cadcom__strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

void cadcom_free(void *ptr)
{
	free(ptr);
}

const char *cadcom_version(void)
{
	return PACKAGE_VERSION;
}

int cadcom_version_number(void)
{
	return CADCOM_VERSION_NUMBER;
}

static const struct {
	const char *name;
	int value;
} windows_names[] = {
	{ "latest", CADCOM_WINDOWS_LATEST }, { "2003", CADCOM_WINDOWS_2003 },
	{ "2008", CADCOM_WINDOWS_2008 },     { "2008r2", CADCOM_WINDOWS_2008R2 },
	{ "2012", CADCOM_WINDOWS_2012 },     { "2012r2", CADCOM_WINDOWS_2012R2 },
	{ "2016", CADCOM_WINDOWS_2016 },     { "2019", CADCOM_WINDOWS_2019 },
	{ "2022", CADCOM_WINDOWS_2022 },     { "2025", CADCOM_WINDOWS_2025 },
};

int cadcom_windows_from_string(const char *name)
{
	if (!name)
		return cadcom__error(CADCOM_EINVAL, -1, "Windows release: no name given");
	for (size_t i = 0; i < ARRAY_SIZE(windows_names); i++)
		if (strcasecmp(name, windows_names[i].name) == 0)
			return windows_names[i].value;
	return cadcom__error(CADCOM_EINVAL, -1,
			     "Windows release: unknown name \"%s\" (expected 2003, 2008, "
			     "2008r2, 2012, 2012r2, 2016, 2019, 2022, 2025 or latest)", name);
}

bool cadcom__windows_valid(int windows)
{
	for (size_t i = 0; i < ARRAY_SIZE(windows_names); i++)
		if (windows_names[i].value == windows)
			return true;
	return false;
}

int cadcom__windows_rank(int windows)
{
	return windows == CADCOM_WINDOWS_LATEST ? 1000 : windows;
}

int cadcom__hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Text order of the 16 GUID bytes: Data1..Data3 are little-endian on the
 * wire, Data4 is a byte array. */
static const int guid_text_order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };

bool cadcom__guid_parse(const char *s, uint8_t out[16])
{
	int k = 0;

	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
			continue;
		}
		int hi = cadcom__hexval((unsigned char)s[i]), lo = cadcom__hexval((unsigned char)s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out[guid_text_order[k++]] = (uint8_t)(hi << 4 | lo);
		i++;
	}
	return true;
}

void cadcom__guid_format(const uint8_t g[16], char out[37])
{
	static const char hex[] = "0123456789abcdef";
	int k = 0, o = 0;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		uint8_t b = g[guid_text_order[k++]];
		out[o++] = hex[b >> 4];
		out[o++] = hex[b & 15];
	}
	out[o] = '\0';
}

void *cadcom__grow(void *items, size_t *cap, size_t count, size_t size)
{
	size_t n;
	void *p;

	if (count < *cap)
		return items;
	n = *cap ? *cap * 2 : 8;
	p = realloc(items, n * size);
	if (p)
		*cap = n;
	return p;
}

size_t cadcom__utf16_units(const char *s, size_t n)
{
	size_t units = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xC0) != 0x80) /* a lead byte: 4-byte sequences need a surrogate pair */
			units += c >= 0xF0 ? 2 : 1;
	}
	return units;
}

char *cadcom__printf(const char *fmt, ...)
{
	va_list ap, copy;
	char *out;
	int n;

	va_start(ap, fmt);
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n >= 0 && (out = malloc((size_t)n + 1)))
		vsnprintf(out, (size_t)n + 1, fmt, ap);
	else
		out = NULL;
	va_end(ap);
	return out;
}
