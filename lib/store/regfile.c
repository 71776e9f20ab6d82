/*
 * .reg files: an ordered list of key and value operations, read from and
 * written as regedit's text (doc/REGFILE.md has the grammar, the wrapping
 * rule and its sources).  The parser is in regfile_parse.c.
 *
 * Writing builds the UTF-8 text and encodes it once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "regfile_internal.h"

/* regedit ends a hex line once it is this long (with its trailing comma). */
#define HEX_WRAP_AT 77

/* ---- the list ------------------------------------------------------------- */

int cadcom_regfile_new(cadcom_regfile **out)
{
	if (!out)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL output");
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : cadcom__enomem();
}

void cadcom_regfile_free(cadcom_regfile *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->count; i++) {
		free(f->ops[i].key);
		free(f->ops[i].name);
		free(f->ops[i].data);
	}
	free(f->ops);
	free(f);
}

/* Append an operation: takes `key` and `name` (freed on failure), copies
 * the data of a SET_VALUE. */
int cadcom__regfile_push(cadcom_regfile *f, int op, char *key, char *name, int type,
			 const unsigned char *data, size_t len)
{
	unsigned char *copy = NULL;
	struct op *p = cadcom__grow(f->ops, &f->cap, f->count, sizeof(*p));

	if (p)
		f->ops = p;
	if (!p ||
	    (op == CADCOM_REGFILE_SET_VALUE && !(copy = malloc(len ? len : 1)))) {
		free(key);
		free(name);
		return cadcom__enomem();
	}
	if (len)
		memcpy(copy, data, len);
	f->ops[f->count++] = (struct op){ op, key, name, type, copy, len };
	return 0;
}

/* Keys and names go into the file as text: valid UTF-8, no line breaks. */
static int check_text(const char *what, const char *s)
{
	unsigned char *tmp = NULL;
	size_t n;
	int rc;

	if (strpbrk(s, "\r\n"))
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: %s \"%.60s\" has a line break, "
				     "which a .reg file cannot hold", what, s);
	rc = cadcom_reg_sz_encode(s, &tmp, &n);
	free(tmp);
	if (rc == CADCOM_EPARSE)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: %s is not valid UTF-8", what);
	return rc;
}

/* The checks behind the appending functions (name NULL for key operations). */
static int append(cadcom_regfile *f, int op, const char *key, const char *name, int type,
		  const unsigned char *data, size_t len)
{
	bool value = op == CADCOM_REGFILE_SET_VALUE || op == CADCOM_REGFILE_DELETE_VALUE;
	char *k, *n = NULL;
	int rc;

	if (!f || (value && !name) || (!data && len))
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL %s", !f ? "file" :
				     (value && !name) ? "value name (use \"\" for the default value)" :
				     "data with a length");
	if (value && cadcom__utf16_units(name, strlen(name)) > VALUE_NAME_MAX)
		return cadcom__error(CADCOM_ELIMIT, -1, "regfile: value name \"%.40s...\" is longer "
				     "than %d characters", name, VALUE_NAME_MAX);
	if (!(k = cadcom__reg_key_normalize(key)))
		return cadcom_error_code(cadcom_error_last());
	if (!(rc = check_text("key", k)) && value && !(rc = check_text("value name", name)) &&
	    !(n = cadcom__strdup(name)))
		rc = cadcom__enomem();
	if (rc) {
		free(k);
		return rc;
	}
	return cadcom__regfile_push(f, op, k, n, type, data, len);
}

int cadcom_regfile_create_key(cadcom_regfile *f, const char *key)
{
	return append(f, CADCOM_REGFILE_CREATE_KEY, key, NULL, 0, NULL, 0);
}

int cadcom_regfile_delete_key(cadcom_regfile *f, const char *key)
{
	return append(f, CADCOM_REGFILE_DELETE_KEY, key, NULL, 0, NULL, 0);
}

int cadcom_regfile_set_value(cadcom_regfile *f, const char *key, const char *name, int type,
			     const unsigned char *data, size_t len)
{
	return append(f, CADCOM_REGFILE_SET_VALUE, key, name, type, data, len);
}

int cadcom_regfile_delete_value(cadcom_regfile *f, const char *key, const char *name)
{
	return append(f, CADCOM_REGFILE_DELETE_VALUE, key, name, 0, NULL, 0);
}

/* ---- reading the operations ---------------------------------------------- */

size_t cadcom_regfile_count(const cadcom_regfile *f)
{
	return f ? f->count : 0;
}

static const struct op *entry(const cadcom_regfile *f, size_t index)
{
	return f && index < f->count ? &f->ops[index] : NULL;
}

static int no_entry(const cadcom_regfile *f, size_t index)
{
	if (!f)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL file");
	return cadcom__error(CADCOM_ENOTFOUND, -1, "regfile: no operation %zu (there are %zu)",
			     index, f->count);
}

int cadcom_regfile_entry_op(const cadcom_regfile *f, size_t index)
{
	const struct op *o = entry(f, index);

	return o ? o->op : no_entry(f, index);
}

const char *cadcom_regfile_entry_key(const cadcom_regfile *f, size_t index)
{
	const struct op *o = entry(f, index);

	return o ? o->key : NULL;
}

const char *cadcom_regfile_entry_name(const cadcom_regfile *f, size_t index)
{
	const struct op *o = entry(f, index);

	return o ? o->name : NULL;
}

int cadcom_regfile_entry_value(const cadcom_regfile *f, size_t index, int *type,
			       unsigned char **out, size_t *len)
{
	const struct op *o = entry(f, index);

	if (!out || !len)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL output");
	*out = NULL;
	*len = 0;
	if (!o)
		return no_entry(f, index);
	if (o->op != CADCOM_REGFILE_SET_VALUE)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: operation %zu does not set a value",
				     index);
	if (!(*out = malloc(o->len ? o->len : 1)))
		return cadcom__enomem();
	if (o->len)
		memcpy(*out, o->data, o->len);
	*len = o->len;
	if (type)
		*type = o->type;
	return 0;
}

/* ---- applying ------------------------------------------------------------- */

int cadcom_regfile_apply(const cadcom_regfile *f, cadcom_registry *reg)
{
	if (!f || !reg)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL argument");
	for (size_t i = 0; i < f->count; i++) {
		const struct op *o = &f->ops[i];
		bool del = o->op == CADCOM_REGFILE_DELETE_KEY || o->op == CADCOM_REGFILE_DELETE_VALUE;
		int rc = o->op == CADCOM_REGFILE_CREATE_KEY ? cadcom_registry_create_key(reg, o->key)
			: o->op == CADCOM_REGFILE_DELETE_KEY ? cadcom_registry_delete_key(reg, o->key)
			: o->op == CADCOM_REGFILE_SET_VALUE
				? cadcom_registry_set(reg, o->key, o->name, o->type, o->data, o->len)
				: cadcom_registry_delete_value(reg, o->key, o->name);

		if (rc && !(del && rc == CADCOM_ENOTFOUND)) /* regedit: absent is deleted */
			return rc;
	}
	return 0;
}

/* ---- writing -------------------------------------------------------------- */

static void put_escaped(struct strbuf *sb, const char *s)
{
	sb_putc(sb, '"');
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			sb_putc(sb, '\\');
		sb_putc(sb, *s);
	}
	sb_putc(sb, '"');
}

/* The text of a REG_SZ value whose bytes "string" form carries exactly:
 * UTF-16 ending in its one NUL, no other NUL, no line break.  NULL: the
 * value is written as hex(1): (also when out of memory: still lossless). */
static char *sz_text(const struct op *o)
{
	char *text = NULL;

	if (o->len < 2 || o->len % 2 || o->data[o->len - 1] || o->data[o->len - 2])
		return NULL;
	for (size_t i = 0; i + 2 < o->len; i += 2)
		if (!o->data[i] && !o->data[i + 1])
			return NULL;
	if (cadcom_reg_sz_decode(o->data, o->len, &text) == 0 && strpbrk(text, "\r\n")) {
		free(text);
		text = NULL;
	}
	return text;
}

/* regedit's hex list (ReactOS/Wine regproc.c export_hex_data): after each
 * "xx," the line length counts 3 more; once it reaches HEX_WRAP_AT the line
 * ends in "\" and the next starts with two spaces.  The last byte has no
 * comma and never wraps. */
static void put_hex(struct strbuf *sb, size_t line_len, const unsigned char *d, size_t n)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		sb_putc(sb, hex[d[i] >> 4]);
		sb_putc(sb, hex[d[i] & 15]);
		if (i + 1 == n)
			break;
		sb_putc(sb, ',');
		line_len += 3;
		if (line_len >= HEX_WRAP_AT) {
			sb_puts(sb, "\\\r\n  ");
			line_len = 2;
		}
	}
}

static void put_value(struct strbuf *sb, const struct op *o)
{
	size_t start = sb->len;
	char *text = NULL;

	if (*o->name)
		put_escaped(sb, o->name);
	else
		sb_putc(sb, '@');
	sb_putc(sb, '=');
	if (o->op == CADCOM_REGFILE_DELETE_VALUE)
		sb_putc(sb, '-');
	else if (o->type == CADCOM_REG_SZ && (text = sz_text(o)))
		put_escaped(sb, text);
	else if (o->type == CADCOM_REG_DWORD && o->len == 4)
		sb_printf(sb, "dword:%08lx", (unsigned long)cadcom__le32(o->data));
	else {
		if (o->type == CADCOM_REG_BINARY)
			sb_puts(sb, "hex:");
		else
			sb_printf(sb, "hex(%x):", (unsigned)o->type);
		put_hex(sb, sb->failed ? 0 : cadcom__utf16_units(sb->buf + start,
									 sb->len - start),
			o->data, o->len);
	}
	free(text);
	sb_puts(sb, "\r\n");
}

/* The file as UTF-8 text in regedit's layout: the header, then each key
 * block after a blank line, and a blank line at the end.  A value opens a
 * block of its own unless it follows a [key] line of its key. */
static int build_text(const cadcom_regfile *f, char **out)
{
	struct strbuf sb = { 0 };
	const char *cur = NULL; /* the key the last [key] line opened */

	sb_puts(&sb, HEADER_V5 "\r\n");
	for (size_t i = 0; i < f->count; i++) {
		const struct op *o = &f->ops[i];
		bool value = o->op == CADCOM_REGFILE_SET_VALUE ||
			     o->op == CADCOM_REGFILE_DELETE_VALUE;

		if (!value || !cur || strcmp(cur, o->key) != 0) {
			sb_puts(&sb, o->op == CADCOM_REGFILE_DELETE_KEY ? "\r\n[-" : "\r\n[");
			sb_puts(&sb, o->key);
			sb_puts(&sb, "]\r\n");
			cur = o->op == CADCOM_REGFILE_DELETE_KEY ? NULL : o->key;
		}
		if (value)
			put_value(&sb, o);
	}
	sb_puts(&sb, "\r\n");
	return sb_finish(&sb, out);
}

int cadcom_regfile_to_text(const cadcom_regfile *f, char **out)
{
	if (!f || !out)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL argument");
	*out = NULL;
	return build_text(f, out);
}

int cadcom_regfile_to_bytes(const cadcom_regfile *f, unsigned char **out, size_t *len)
{
	unsigned char *u16;
	char *text;
	size_t n;
	int rc;

	if (!f || !out || !len)
		return cadcom__error(CADCOM_EINVAL, -1, "regfile: NULL argument");
	*out = NULL;
	*len = 0;
	if ((rc = build_text(f, &text)))
		return rc;
	rc = cadcom_reg_sz_encode(text, &u16, &n); /* keys and names were checked: only ENOMEM */
	free(text);
	if (rc)
		return rc;
	/* The encoder's NUL terminator becomes room for the BOM in front. */
	memmove(u16 + 2, u16, n - 2);
	u16[0] = 0xFF;
	u16[1] = 0xFE;
	*out = u16;
	*len = n;
	return 0;
}
