/*
 * JSON in and out, the same way everywhere, and where a value is in a JSON
 * text.  jansson reports lines for syntax errors
 * only; a field that parses but means nothing ("type": "REG_FOO") must be
 * reported with its line too.  This walks the text — already known to be
 * valid JSON — tracking the path of each value ("registry[0].values[2].type")
 * until it reaches the one asked for.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"

struct walk {
	const char *p, *end, *want;
	const char *found;
};

static void skip_ws(struct walk *w)
{
	while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' || *w->p == '\n' || *w->p == '\r'))
		w->p++;
}

/* Skip a string at w->p (at its opening quote); copy its raw text (escapes
 * kept, which is enough for the keys we name) into buf when given. */
static void string(struct walk *w, char *buf, size_t size)
{
	size_t n = 0;

	w->p++;
	while (w->p < w->end && *w->p != '"') {
		if (*w->p == '\\' && w->p + 1 < w->end) {
			if (buf && n + 1 < size)
				buf[n++] = w->p[1];
			w->p += 2;
			continue;
		}
		if (buf && n + 1 < size)
			buf[n++] = *w->p;
		w->p++;
	}
	if (buf)
		buf[n] = '\0';
	if (w->p < w->end)
		w->p++;
}

static void value(struct walk *w, char *path, size_t len, size_t size, int depth);

static void container(struct walk *w, char *path, size_t len, size_t size, int depth, bool object)
{
	char close = object ? '}' : ']';
	size_t index = 0;

	w->p++;
	for (;;) {
		size_t n = len;

		skip_ws(w);
		if (w->p >= w->end || *w->p == close || w->found) {
			if (w->p < w->end && !w->found)
				w->p++;
			return;
		}
		if (object) {
			char key[128];
			string(w, key, sizeof(key));
			n += (size_t)snprintf(path + len, size - len, "%s%s", len ? "." : "", key);
			skip_ws(w);
			if (w->p < w->end && *w->p == ':')
				w->p++;
		} else {
			n += (size_t)snprintf(path + len, size - len, "[%zu]", index++);
		}
		if (n >= size)
			n = size - 1;
		value(w, path, n, size, depth + 1);
		path[len] = '\0';
		skip_ws(w);
		if (w->p < w->end && *w->p == ',')
			w->p++;
	}
}

static void value(struct walk *w, char *path, size_t len, size_t size, int depth)
{
	skip_ws(w);
	if (w->found || w->p >= w->end)
		return;
	if (strcmp(path, w->want) == 0) {
		w->found = w->p;
		return;
	}
	if (depth > 64) /* deeper than any of our formats: give up quietly */
		w->p = w->end;
	else if (*w->p == '{' || *w->p == '[')
		container(w, path, len, size, depth, *w->p == '{');
	else if (*w->p == '"')
		string(w, NULL, 0);
	else
		/* strchr() finds the terminating NUL too: a NUL byte (which jansson
		 * lets through after a number) must not stop the walk. */
		while (w->p < w->end && (*w->p == '\0' || !strchr(",]} \t\r\n", *w->p)))
			w->p++;
}

static long line_of(const char *text, size_t len, const char *path)
{
	char buf[512] = "";
	struct walk w = { text, text + len, path, NULL };
	long line = 1;

	value(&w, buf, 0, sizeof(buf), 0);
	if (!w.found)
		return 0;
	for (const char *p = text; p < w.found; p++)
		line += *p == '\n';
	return line;
}

int cadcom__json_error(int code, const char *source, const char *text, size_t len,
		       const char *path, const char *fmt, ...)
{
	char msg[400];
	long line = text ? line_of(text, len, path) : 0;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line)
		return cadcom__error(code, -1, "%s:%ld: %s: %s", source ? source : "(json)", line,
				     path, msg);
	return cadcom__error(code, -1, "%s: %s: %s", source ? source : "(json)", path, msg);
}

int cadcom__json_load(const char *json, size_t len, const char *source, const char *what,
		      unsigned max_mib, json_t **root)
{
	size_t max = (size_t)max_mib << 20;
	const char *nul = memchr(json, '\0', len);
	json_error_t err;

	if (len > max)
		return cadcom__error(CADCOM_ELIMIT, -1,
				     "%s: the %s is %zu bytes, more than the limit of %zu (%u MiB)",
				     source, what, len, max, max_mib);
	/* JSON has no place for a NUL byte (RFC 8259), but jansson 2.14 skips
	 * one after a number; the line finder above must never see one. */
	if (nul) {
		long line = 1, column = 1;
		for (const char *p = json; p < nul; p++, column++)
			if (*p == '\n')
				line++, column = 0;
		return cadcom__error(CADCOM_EPARSE, nul - json, "%s:%ld:%ld: NUL byte in the text",
				     source, line, column);
	}
	/* A key given twice is as suspect as a misspelt one. */
	if (!(*root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &err)))
		return cadcom__error(CADCOM_EPARSE, (long)err.position, "%s:%d:%d: %s", source,
				     err.line, err.column, err.text);
	return 0;
}

int cadcom__json_dump(json_t *root, char **out)
{
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(root);
	/* jansson's malloc is not necessarily ours: callers free with cadcom_free(). */
	if (!text || !(*out = cadcom__strdup(text))) {
		free(text);
		return cadcom__enomem();
	}
	free(text);
	return 0;
}

const char *cadcom__json_unknown_key(json_t *obj, const char *const *known)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		size_t i = 0;
		while (known[i] && strcmp(known[i], key) != 0)
			i++;
		if (!known[i])
			return key;
	}
	return NULL;
}

json_t *cadcom__json_hex(const unsigned char *data, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *hex = malloc(len * 2 + 1);
	json_t *j;

	if (!hex)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		hex[2 * i] = digits[data[i] >> 4];
		hex[2 * i + 1] = digits[data[i] & 0xf];
	}
	hex[len * 2] = '\0';
	j = json_string(hex);
	free(hex);
	return j;
}
