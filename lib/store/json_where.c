/*
 * Where is a value in a JSON text?  jansson reports lines for syntax errors
 * only; a field that parses but means nothing ("type": "REG_FOO") must be
 * reported with its line too.  This walks the text — already known to be
 * valid JSON — tracking the path of each value ("registry[0].values[2].type")
 * until it reaches the one asked for.
 */
#include <stdio.h>
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
