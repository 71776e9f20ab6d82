/*
 * Reading a .reg file (doc/REGFILE.md has the grammar): cadcom_regfile_parse().
 *
 * Parsing works on UTF-8 text: a UTF-16LE file is decoded first, keeping
 * the original byte offset of every text byte so that errors point into the
 * caller's buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "regfile_internal.h"

#define INPUT_MAX ((size_t)64 << 20) /* far above any real .reg; bounds memory */

/* ---- parsing -------------------------------------------------------------- */

struct parser {
	const char *t;       /* the text, UTF-8, NUL-terminated */
	size_t n;
	const uint32_t *map; /* UTF-16 input: input offset of each text byte (n + 1) */
	size_t base;         /* UTF-8 input: offset of the text in the input (a BOM) */
	const char *source;
	size_t line, pos, eol, next;
	bool v4;
	char *key; /* the key of the last [key] line, NULL before one or after [-key] */
	cadcom_regfile *f;
};

static int perr(const struct parser *p, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(const struct parser *p, size_t pos, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cadcom__error(CADCOM_EPARSE, (long)(p->map ? p->map[pos] : p->base + pos),
			     "%s:%zu: %s", p->source, p->line, msg);
}

static bool next_line(struct parser *p)
{
	const char *nl;

	if (p->next >= p->n && p->line > 0)
		return false;
	p->pos = p->next;
	nl = memchr(p->t + p->pos, '\n', p->n - p->pos);
	p->eol = nl ? (size_t)(nl - p->t) : p->n;
	p->next = nl ? p->eol + 1 : p->n;
	if (p->eol > p->pos && p->t[p->eol - 1] == '\r')
		p->eol--;
	p->line++;
	return true;
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->eol && (p->t[p->pos] == ' ' || p->t[p->pos] == '\t'))
		p->pos++;
}

static bool at(const struct parser *p, char c)
{
	return p->pos < p->eol && p->t[p->pos] == c;
}

/* Nothing but blanks or a ; comment left on the line. */
static int expect_end(struct parser *p, const char *after)
{
	skip_ws(p);
	if (p->pos == p->eol || at(p, ';'))
		return 0;
	return perr(p, p->pos, "unexpected text after %s", after);
}

/* Blanks, and a "\" ending the line: the list goes on on the next line. */
static int skip_gap(struct parser *p)
{
	for (;;) {
		size_t save;

		skip_ws(p);
		if (!at(p, '\\'))
			return 0;
		save = p->pos++;
		skip_ws(p);
		if (p->pos != p->eol) {
			p->pos = save;
			return 0;
		}
		if (!next_line(p))
			return perr(p, p->n, "the value continues ('\\') past the end of the file");
	}
}

/* ASCII case-insensitive keyword at p->pos; consumed when it matches. */
static bool keyword(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->eol - p->pos < n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p->t[p->pos + i];
		if ((c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c) != word[i])
			return false;
	}
	p->pos += n;
	return true;
}

static int hexval(const struct parser *p, size_t pos)
{
	return pos < p->eol ? cadcom__hexval((unsigned char)p->t[pos]) : -1;
}

/* 1..8 hex digits (a DWORD), nothing more. */
static int parse_hex32(struct parser *p, const char *what, uint32_t *out)
{
	size_t start = p->pos;

	*out = 0;
	while (hexval(p, p->pos) >= 0) {
		if (p->pos - start == 8)
			return perr(p, p->pos, "expected at most 8 hex digits %s", what);
		*out = *out << 4 | (uint32_t)hexval(p, p->pos++);
	}
	if (p->pos == start)
		return perr(p, p->pos, "expected 1 to 8 hex digits %s", what);
	return 0;
}

/* "..." with \\ and \" escapes, at p->pos (on the quote), into sb. */
static int parse_quoted(struct parser *p, const char *what, struct strbuf *sb)
{
	size_t open = p->pos++;

	sb_puts(sb, ""); /* "" is a string too */
	for (; !at(p, '"'); p->pos++) {
		char c = p->pos < p->eol ? p->t[p->pos] : '\0', e;

		if (p->pos >= p->eol)
			return perr(p, open, "unterminated %s: expected a closing '\"' on this line",
				    what);
		if (c == '\\') {
			e = p->pos + 1 < p->eol ? p->t[p->pos + 1] : '\0';
			if (e != '\\' && e != '"' && e > ' ' && e < 0x7f)
				return perr(p, p->pos, "unknown escape \"\\%c\" in a %s (only \\\\ and "
					    "\\\" are allowed)", e, what);
			if (e != '\\' && e != '"')
				return perr(p, p->pos, "a '\\' in a %s must be followed by '\\' or '\"'",
					    what);
			c = e;
			p->pos++;
		}
		sb_putc(sb, c);
	}
	p->pos++;
	return sb->failed ? cadcom__enomem() : 0;
}

/* The bytes of hex: and hex(N): — two digits each, comma-separated. */
static int parse_hex_list(struct parser *p, struct strbuf *out)
{
	int rc = skip_gap(p);

	if (rc || p->pos == p->eol || at(p, ';'))
		return rc;
	for (;;) {
		int hi = hexval(p, p->pos), lo = hexval(p, p->pos + 1);

		if (hi < 0 || lo < 0 || hexval(p, p->pos + 2) >= 0)
			return perr(p, p->pos, "expected two hex digits for each byte");
		sb_putc(out, (char)(hi << 4 | lo));
		p->pos += 2;
		skip_ws(p);
		if (!at(p, ','))
			return expect_end(p, "the hex bytes (expected ',' between bytes)");
		p->pos++;
		if ((rc = skip_gap(p)))
			return rc;
	}
}

/* What follows '=': "string", dword:, hex:, hex(N): — or - (delete). */
static int parse_data(struct parser *p, int *op, int *type, struct strbuf *out)
{
	uint32_t v;
	int rc;

	*op = CADCOM_REGFILE_SET_VALUE;
	if (at(p, '-')) {
		p->pos++;
		*op = CADCOM_REGFILE_DELETE_VALUE;
		return expect_end(p, "'=-' (a value deletion)");
	}
	if (at(p, '"')) {
		struct strbuf text = { 0 };
		unsigned char *u = NULL;
		size_t n = 0;

		*type = CADCOM_REG_SZ;
		if (!(rc = parse_quoted(p, "string", &text)) && !(rc = expect_end(p, "the string")) &&
		    !(rc = cadcom_reg_sz_encode(text.buf, &u, &n))) /* text: valid UTF-8 */
			for (size_t i = 0; i < n; i++)
				sb_putc(out, (char)u[i]);
		free(text.buf);
		free(u);
		return rc;
	}
	if (keyword(p, "dword:")) {
		*type = CADCOM_REG_DWORD;
		if ((rc = parse_hex32(p, "after dword:", &v)) || (rc = expect_end(p, "the dword")))
			return rc;
		for (int i = 0; i < 4; i++)
			sb_putc(out, (char)(v >> (8 * i)));
		return 0;
	}
	if (!keyword(p, "hex"))
		return perr(p, p->pos, "expected a value after '=': \"string\", dword:, hex:, hex(N): "
			    "or - (delete)");
	*type = CADCOM_REG_BINARY;
	if (at(p, '(')) {
		p->pos++;
		if ((rc = parse_hex32(p, "in hex(N)", &v)))
			return rc;
		if (!at(p, ')'))
			return perr(p, p->pos, "expected ')' after the type in hex(N)");
		p->pos++;
		*type = (int)v; /* a DWORD; types above 0x7fffffff come out negative */
	}
	if (!at(p, ':'))
		return perr(p, p->pos, "expected ':' after hex");
	p->pos++;
	return parse_hex_list(p, out);
}

/* REGEDIT4 stores hex(2) and hex(7) strings in the ANSI code page, a byte
 * a character; regedit widens them on import.  ASCII maps exactly; other
 * bytes are taken as Latin-1, the nearest code page without a table. */
static void widen(struct strbuf *data)
{
	struct strbuf w = { 0 };

	for (size_t i = 0; i < data->len; i++) {
		sb_putc(&w, data->buf[i]);
		sb_putc(&w, '\0');
	}
	w.failed |= data->failed;
	free(data->buf);
	*data = w;
}

static int parse_value_line(struct parser *p)
{
	struct strbuf name = { 0 }, data = { 0 };
	size_t start = p->pos;
	int rc = 0, op = 0, type = 0;
	char *key = NULL;

	if (!p->key)
		return perr(p, start, "a value needs a [key] line before it");
	if (at(p, '@')) {
		p->pos++;
		sb_puts(&name, "");
		rc = name.failed ? cadcom__enomem() : 0;
	} else {
		rc = parse_quoted(p, "value name", &name);
	}
	if (!rc && strchr(name.buf, '\r'))
		rc = perr(p, start, "a value name cannot hold a carriage return");
	else if (!rc && cadcom__utf16_units(name.buf, name.len) > VALUE_NAME_MAX)
		rc = perr(p, start, "value name longer than %d characters", VALUE_NAME_MAX);
	if (!rc) {
		skip_ws(p);
		if (!at(p, '='))
			rc = perr(p, p->pos, "expected '=' after the value name");
	}
	if (!rc) {
		p->pos++;
		skip_ws(p);
		rc = parse_data(p, &op, &type, &data);
	}
	if (!rc && p->v4 && (type == CADCOM_REG_EXPAND_SZ || type == CADCOM_REG_MULTI_SZ))
		widen(&data);
	sb_puts(&data, ""); /* a buffer even for no bytes */
	if (!rc && (data.failed || !(key = cadcom__strdup(p->key))))
		rc = cadcom__enomem();
	if (!rc) {
		rc = cadcom__regfile_push(p->f, op, key, name.buf, type, (unsigned char *)data.buf,
					  data.len);
		name.buf = NULL; /* push took it */
	}
	free(name.buf);
	free(data.buf);
	return rc;
}

static int parse_key_line(struct parser *p)
{
	size_t open = p->pos, close = p->eol, start = open + 1;
	const char *cr;
	char *raw, *key;
	bool del;
	int rc;

	while (close > open && p->t[close - 1] != ']') /* the last ']': names may hold one */
		close--;
	if (close-- == open)
		return perr(p, p->eol, "expected ']' at the end of the key");
	if ((del = start < close && p->t[start] == '-'))
		start++;
	p->pos = close + 1;
	if ((rc = expect_end(p, "']'")))
		return rc;
	if ((cr = memchr(p->t + start, '\r', close - start)))
		return perr(p, (size_t)(cr - p->t), "a key cannot hold a carriage return");
	if (!(raw = malloc(close - start + 1)))
		return cadcom__enomem();
	memcpy(raw, p->t + start, close - start);
	raw[close - start] = '\0';
	key = cadcom__reg_key_normalize(raw);
	free(raw);
	if (!key) {
		char why[512];
		if (cadcom_error_code(cadcom_error_last()) == CADCOM_ENOMEM)
			return CADCOM_ENOMEM;
		snprintf(why, sizeof(why), "%s", cadcom_error_message(cadcom_error_last()));
		return perr(p, start, "%s", why);
	}
	free(p->key);
	p->key = NULL;
	if (!del && !(p->key = cadcom__strdup(key))) {
		free(key);
		return cadcom__enomem();
	}
	return cadcom__regfile_push(p->f, del ? CADCOM_REGFILE_DELETE_KEY : CADCOM_REGFILE_CREATE_KEY,
				    key, NULL, 0, NULL, 0);
}

static bool line_is(const struct parser *p, const char *s)
{
	size_t n = strlen(s), end = p->eol;

	while (end > p->pos && (p->t[end - 1] == ' ' || p->t[end - 1] == '\t'))
		end--;
	return end - p->pos == n && memcmp(p->t + p->pos, s, n) == 0;
}

static int parse_lines(struct parser *p)
{
	bool header = false;
	int rc = 0;

	while (!rc && next_line(p)) {
		skip_ws(p);
		if (p->pos == p->eol || (header && at(p, ';')))
			continue;
		if (header && at(p, '['))
			rc = parse_key_line(p);
		else if (header && (at(p, '"') || at(p, '@')))
			rc = parse_value_line(p);
		else if (header)
			rc = perr(p, p->pos, "expected [key], \"name\"=, @= or a ';' comment");
		else if ((p->v4 = line_is(p, HEADER_V4)) || line_is(p, HEADER_V5))
			header = true;
		else
			break;
	}
	if (!rc && !header)
		rc = perr(p, p->pos, "expected the header \"" HEADER_V5 "\" (or \"" HEADER_V4 "\")");
	return rc;
}

static int decode_error(const struct parser *p, size_t at_byte, size_t line, const char *what)
{
	return cadcom__error(CADCOM_EPARSE, (long)at_byte, "%s:%zu: %s", p->source, line, what);
}

/* UTF-16LE after the BOM: decoded by the REG_SZ decoder (which stops at a
 * NUL, so that is looked for first); each text byte is then mapped back to
 * its unit, one per UTF-8 lead byte, two for a 4-byte sequence. */
static int load_utf16(struct parser *p, const unsigned char *buf, size_t len, char **text,
		      uint32_t **map)
{
	size_t n = len - 2, stop = n & ~(size_t)1, bad, line = 1;
	uint32_t o = 2, cur = 2;
	int rc;

	for (size_t i = 0; i + 1 < n; i += 2)
		if (!buf[2 + i] && !buf[3 + i]) {
			stop = i;
			break;
		}
	rc = cadcom_reg_sz_decode(buf + 2, stop, text);
	if (rc == CADCOM_ENOMEM)
		return rc;
	if (rc || stop != n) {
		bad = 2 + (rc ? (size_t)cadcom_error_offset(cadcom_error_last()) : stop);
		for (size_t i = 2; i + 1 < bad; i += 2)
			line += buf[i] == '\n' && !buf[i + 1];
		return decode_error(p, bad, line, rc ? "invalid UTF-16 (an unpaired surrogate)" :
				    stop < (n & ~(size_t)1) ? "a NUL character" :
				    "the UTF-16 text ends in the middle of a character");
	}
	p->t = *text;
	p->n = strlen(*text);
	if (!(*map = malloc((p->n + 1) * sizeof(**map))))
		return cadcom__enomem();
	for (size_t i = 0; i < p->n; i++) {
		unsigned char c = (unsigned char)(*text)[i];
		if ((c & 0xC0) != 0x80) {
			cur = o;
			o += c >= 0xF0 ? 4 : 2;
		}
		(*map)[i] = cur;
	}
	(*map)[p->n] = (uint32_t)len;
	p->map = *map;
	return 0;
}

/* UTF-8 (after an optional BOM): valid (the REG_SZ encoder finds the first
 * bad byte) and free of NULs. */
static int load_utf8(struct parser *p, const unsigned char *buf, size_t len, char **text)
{
	unsigned char *u = NULL;
	size_t n, bad, line = 1;
	int rc;

	p->base = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	n = len - p->base;
	if (!(*text = malloc(n + 1)))
		return cadcom__enomem();
	if (n)
		memcpy(*text, buf + p->base, n);
	(*text)[n] = '\0';
	p->t = *text;
	p->n = n;
	rc = cadcom_reg_sz_encode(*text, &u, &bad); /* checks up to a NUL */
	free(u);
	if (rc == CADCOM_ENOMEM || (rc == 0 && strlen(*text) == n))
		return rc;
	bad = rc ? (size_t)cadcom_error_offset(cadcom_error_last()) : strlen(*text);
	for (size_t i = 0; i < bad; i++)
		line += (*text)[i] == '\n';
	return decode_error(p, p->base + bad, line, rc ? "invalid UTF-8 (save the file as UTF-16 "
			    "or UTF-8)" : "a NUL character");
}

int cadcom_regfile_parse(cadcom_regfile **out, const unsigned char *buf, size_t len,
			 const char *source)
{
	struct parser p = { .source = source ? source : "(reg)" };
	char *text = NULL;
	uint32_t *map = NULL;
	int rc;

	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL output");
	*out = NULL;
	if (!buf && len)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL input");
	if (len > INPUT_MAX)
		return cadcom__error(CADCOM_ELIMIT, -1, "%s: larger than 64 MiB; not a .reg file",
				     p.source);
	if (len >= 2 && buf[0] == 0xFE && buf[1] == 0xFF)
		return decode_error(&p, 0, 1, "UTF-16 big-endian is not supported (regedit writes "
				    "little-endian)");
	if (len >= 2 && buf[0] == 0xFF && buf[1] == 0xFE)
		rc = load_utf16(&p, buf, len, &text, &map);
	else
		rc = load_utf8(&p, buf, len, &text);
	if (rc == 0 && (rc = cadcom_regfile_new(&p.f)) == 0)
		rc = parse_lines(&p);
	free(text);
	free(map);
	free(p.key);
	if (rc) {
		cadcom_regfile_free(p.f);
		return rc;
	}
	*out = p.f;
	return 0;
}
