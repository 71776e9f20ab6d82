/*
 * The evidence administrators start from (KB 903220): AutoEnrollment event 13
 * as the event viewer's text or as event XML, and the Certificate snap-in's
 * error message.  A small, strict scanner: every read is bounded by the
 * length, nothing is guessed, and anything else is refused with what was
 * found (doc/EVENTS.md).
 *
 * This file holds the scanning helpers, the description sentence (both
 * readers hand each event's description to cadcom__event_add_desc()), the
 * event viewer's text, the input encodings, the entry point and the getters.
 * Event XML is read by event_xml.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "event_internal.h"

#define EVENTS_MAX_INPUT ((size_t)16 << 20) /* 16 MiB */
#define FIELD_MAX 512                       /* context, template, computer */

struct event {
	int kind;
	long line;
	uint32_t status;
	int local_system;
	char *computer, *tmpl, *text;
};

struct cadcom_events {
	size_t count, cap;
	struct event *items;
};

/* Providers (and classic source names) that log the event. */
static const char *const providers[] = {
	"AutoEnrollment",
	"CertificateServicesClient-AutoEnrollment",
	"Microsoft-Windows-CertificateServicesClient-AutoEnrollment",
	"CertificateServicesClient-CertEnroll",
	"Microsoft-Windows-CertificateServicesClient-CertEnroll",
};

static const char P_OLD[] = "Automatic certificate enrollment for ";
static const char P_NEW[] = "Certificate enrollment for ";
static const char P_SNAP_START[] = "The certificate request failed because";
/* '\t' in the pattern: any whitespace or none; ' ': at least one. */
static const char P_SNAP[] =
	"The certificate request failed because of one of the following conditions:\t-\t"
	"The certificate request was submitted to a Certification Authority (CA) that is "
	"not started.\t-\tYou do not have the permissions to request certificates from "
	"the available CAs.";

/* ---- small helpers ---------------------------------------------------- */

bool cadcom__event_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* First `pat` in s[from..to), or SIZE_MAX. */
size_t cadcom__event_find(const char *s, size_t from, size_t to, const char *pat)
{
	size_t m = strlen(pat);
	const char *p;

	while (from < to && to - from >= m) {
		p = memchr(s + from, pat[0], to - from - m + 1);
		if (!p)
			break;
		from = (size_t)(p - s);
		if (memcmp(p, pat, m) == 0)
			return from;
		from++;
	}
	return SIZE_MAX;
}

bool cadcom__event_starts(const char *s, size_t n, const char *pat)
{
	size_t m = strlen(pat);

	return n >= m && memcmp(s, pat, m) == 0;
}

/* The text holds no NUL (checked on input), so strncasecmp stays within n. */
bool cadcom__event_eq_ci(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && strncasecmp(s, word, n) == 0;
}

void cadcom__event_trim(const char **p, size_t *n)
{
	while (*n && cadcom__event_is_ws(**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n && cadcom__event_is_ws((*p)[*n - 1]))
		(*n)--;
}

static bool has_newline(const char *s, size_t n)
{
	return memchr(s, '\n', n) || memchr(s, '\r', n);
}

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

bool cadcom__event_known_provider(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(providers); i++)
		if (n == strlen(providers[i]) && memcmp(s, providers[i], n) == 0)
			return true;
	return false;
}

/* The 1-based line of s[pos]; the cursor makes increasing positions cheap. */
long cadcom__event_line_at(struct ctx *c, size_t pos)
{
	const char *nl;

	if (pos > c->n)
		pos = c->n;
	if (pos < c->line_pos) {
		c->line_pos = 0;
		c->line_no = 1;
	}
	while ((nl = memchr(c->s + c->line_pos, '\n', pos - c->line_pos))) {
		c->line_pos = (size_t)(nl - c->s) + 1;
		c->line_no++;
	}
	c->line_pos = pos;
	return c->line_no;
}

static size_t utf8_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Encode code point `cp` (valid, not a surrogate) into u[0..4); its length. */
size_t cadcom__event_put_utf8(char *u, uint32_t cp)
{
	size_t w = utf8_len(cp);

	if (w == 1) {
		u[0] = (char)cp;
		return 1;
	}
	for (size_t i = w - 1; i > 0; i--, cp >>= 6)
		u[i] = (char)(0x80 | (cp & 0x3F));
	u[0] = (char)((w == 2 ? 0xC0 : w == 3 ? 0xE0 : 0xF0) | cp);
	return w;
}

/* The offset in the caller's bytes of UTF-8 position `pos`. */
long cadcom__event_in_offset(const struct ctx *c, size_t pos)
{
	size_t i = 2, u = 0;

	if (c->enc == ENC_UTF8)
		return (long)pos;
	if (c->enc == ENC_UTF8_BOM)
		return (long)(pos + 3);
	while (i + 1 < c->in_len && u < pos) {
		uint32_t cp = cadcom__le16(c->in + i);
		size_t w = 2;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			cp = 0x10000; /* a valid pair (checked when decoding): 4 bytes */
			w = 4;
		}
		u += utf8_len(cp);
		i += w;
	}
	return (long)(i < c->in_len ? i : c->in_len);
}

void cadcom__event_diag(struct ctx *c, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (c->have_diag)
		return;
	va_start(ap, fmt);
	vsnprintf(c->diag, sizeof(c->diag), fmt, ap);
	va_end(ap);
	c->have_diag = true;
	c->diag_pos = pos;
}

static int add_event(struct ctx *c, int kind, size_t pos, uint32_t status, int local,
		     const char *computer, size_t clen, const char *tmpl, size_t tlen,
		     const char *text, size_t xlen)
{
	struct cadcom_events *ev = c->ev;
	struct event *e;
	void *items = cadcom__grow(ev->items, &ev->cap, ev->count, sizeof(*e));

	if (!items)
		return cadcom__enomem();
	ev->items = items;
	e = &ev->items[ev->count];
	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->line = cadcom__event_line_at(c, pos);
	e->status = status;
	e->local_system = local;
	e->text = dupn(text, xlen);
	if (computer && clen)
		e->computer = dupn(computer, clen);
	if (tmpl)
		e->tmpl = dupn(tmpl, tlen);
	if (!e->text || (computer && clen && !e->computer) || (tmpl && !e->tmpl)) {
		free(e->text);
		free(e->computer);
		free(e->tmpl);
		return cadcom__enomem();
	}
	ev->count++;
	return 0;
}

/* ---- the description sentence ---------------------------------------- */

struct desc {
	int kind;
	uint32_t status;
	int local_system;
	const char *tmpl;
	size_t tlen;
	size_t len; /* of the text kept as the event's description */
};

/* "0x" and 1..8 hex digits at s[0..n), not part of a longer word. */
static bool hex_status(const char *s, size_t n, uint32_t *out, size_t *used)
{
	size_t i = 2;
	uint32_t v = 0;

	if (n < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	while (i < n && i < 10 && cadcom__hexval((unsigned char)s[i]) >= 0)
		v = v << 4 | (uint32_t)cadcom__hexval((unsigned char)s[i++]);
	if (i == 2 || (i < n && (cadcom__hexval((unsigned char)s[i]) >= 0 ||
				 (s[i] >= 'G' && s[i] <= 'Z') || (s[i] >= 'g' && s[i] <= 'z'))))
		return false;
	*out = v;
	*used = i;
	return true;
}

/* Match the whitespace-tolerant pattern at s[0..n); the length matched or 0. */
static size_t match_loose(const char *s, size_t n, const char *pat)
{
	size_t i = 0;

	for (; *pat; pat++) {
		if (*pat == ' ' || *pat == '\t') {
			size_t k = i;
			while (k < n && cadcom__event_is_ws(s[k]))
				k++;
			if (*pat == ' ' && k == i)
				return 0;
			i = k;
		} else if (i < n && s[i] == *pat) {
			i++;
		} else {
			return 0;
		}
	}
	return i;
}

/* The Windows Server 2003 wording: "Automatic certificate enrollment for local
 * system failed to enroll for one T certificate (0x80070005). ..." */
static bool parse_old(const char *d, size_t n, struct desc *o, char *why, size_t wn)
{
	static const char local[] = "local system failed to enroll for one ";
	size_t p = sizeof(P_OLD) - 1, end, used;
	size_t lim = n - p > FIELD_MAX ? p + FIELD_MAX : n;

	if (n - p < sizeof(local) - 1 || !cadcom__event_eq_ci(d + p, sizeof(local) - 1, local)) {
		size_t f = cadcom__event_find(d, p, lim, " failed to enroll for one ");
		if (f != SIZE_MAX && !has_newline(d + p, f - p))
			snprintf(why, wn, "enrollment \"for %.*s\": only \"for local system\" is "
				 "recognised in the Windows Server 2003 wording", (int)(f - p), d + p);
		else
			snprintf(why, wn, "an AutoEnrollment message other than \"failed to enroll "
				 "for one ... certificate\"");
		return false;
	}
	p += sizeof(local) - 1;
	lim = n - p > FIELD_MAX ? p + FIELD_MAX : n;
	end = cadcom__event_find(d, p, lim, " certificate (");
	if (end == SIZE_MAX || end == p || has_newline(d + p, end - p) ||
	    !hex_status(d + end + 14, n - end - 14, &o->status, &used) ||
	    end + 14 + used >= n || d[end + 14 + used] != ')') {
		snprintf(why, wn, "no \"<template> certificate (0x...)\" after \"failed to "
			 "enroll for one\"");
		return false;
	}
	o->kind = CADCOM_EVENT_AUTOENROLL_FAILED;
	o->local_system = 1;
	o->tmpl = d + p;
	o->tlen = end - p;
	return true;
}

/* The Vista and later wording: "Certificate enrollment for Local system failed
 * to enroll for a T certificate with request ID N/A from CA (... 0x80070005
 * (WIN32: 5 ERROR_ACCESS_DENIED))." */
static bool parse_new(const char *d, size_t n, struct desc *o, char *why, size_t wn)
{
	static const char mid[] = " failed to enroll for a ";
	size_t p = sizeof(P_NEW) - 1, f, t, end, used;
	size_t lim = n - p > FIELD_MAX ? p + FIELD_MAX : n;

	f = cadcom__event_find(d, p, lim, mid);
	if (f == SIZE_MAX || f == p || has_newline(d + p, f - p)) {
		snprintf(why, wn, "a certificate enrollment message other than \"failed to "
			 "enroll for a ... certificate\"");
		return false;
	}
	o->local_system = cadcom__event_eq_ci(d + p, f - p, "Local system");
	t = f + sizeof(mid) - 1;
	lim = n - t > FIELD_MAX ? t + FIELD_MAX : n;
	end = cadcom__event_find(d, t, lim, " certificate");
	if (end == SIZE_MAX || end == t || has_newline(d + t, end - t)) {
		snprintf(why, wn, "no \"<template> certificate\" after \"failed to enroll for a\"");
		return false;
	}
	o->kind = CADCOM_EVENT_AUTOENROLL_FAILED;
	o->tmpl = d + t;
	o->tlen = end - t;
	o->status = 0;
	for (size_t i = end; i + 2 < n; i++)
		if (d[i] == '0' && (i == 0 || !((d[i - 1] >= '0' && d[i - 1] <= '9') ||
					   (d[i - 1] >= 'A' && d[i - 1] <= 'Z') ||
					   (d[i - 1] >= 'a' && d[i - 1] <= 'z'))) &&
		    hex_status(d + i, n - i, &o->status, &used))
			break;
	return true;
}

/* Recognise the description at d[0..n) (leading whitespace skipped).  On
 * failure `why` says what it was, or is empty when it is nothing we know. */
static bool parse_desc(const char *d, size_t n, struct desc *o, char *why, size_t wn)
{
	size_t m;

	memset(o, 0, sizeof(*o));
	why[0] = '\0';
	o->len = n;
	if (cadcom__event_starts(d, n, P_OLD))
		return parse_old(d, n, o, why, wn);
	if (cadcom__event_starts(d, n, P_NEW))
		return parse_new(d, n, o, why, wn);
	if ((m = match_loose(d, n, P_SNAP))) {
		o->kind = CADCOM_EVENT_SNAPIN_DENIED;
		o->len = m;
		return true;
	}
	if (cadcom__event_starts(d, n, P_SNAP_START))
		snprintf(why, wn, "a certificate request failure other than the snap-in's "
			 "\"CA not started / no permission\" message");
	return false;
}

int cadcom__event_add_desc(struct ctx *c, size_t pos, const char *d, size_t n,
			   const char *computer, size_t clen, size_t diag_pos)
{
	struct desc o;
	char why[200];

	cadcom__event_trim(&d, &n);
	/* Past the limit it is no computer name (doc/EVENTS.md); here, so that
	 * the text and XML readers drop it alike. */
	if (clen > FIELD_MAX)
		clen = 0;
	if (!parse_desc(d, n, &o, why, sizeof(why))) {
		if (why[0])
			cadcom__event_diag(c, diag_pos, "%s", why);
		else
			cadcom__event_diag(c, diag_pos, "description \"%.*s...\" is not an "
					   "AutoEnrollment enrollment failure", SHOW(n), d);
		return 0;
	}
	return add_event(c, o.kind, pos, o.status, o.local_system,
			 o.kind == CADCOM_EVENT_SNAPIN_DENIED ? NULL : computer, clen, o.tmpl,
			 o.tlen, d, o.len);
}

/* ---- the event viewer's text ------------------------------------------ */

enum {
	L_TYPE, L_ESOURCE, L_CATEGORY, L_EVENTID, L_DATE, L_TIME, L_USER, L_COMPUTER,
	L_DESC, L_LOGNAME, L_SOURCE, L_TASKCAT, L_LEVEL, L_KEYWORDS, L_OPCODE, L_COUNT
};

/* Windows Server 2003 labels, then the Vista and later "Details" copy.  Longer
 * labels come first: "Event Source:" must win over "Source:". */
static const char *const labels[L_COUNT] = {
	"Event Type:", "Event Source:", "Event Category:", "Event ID:", "Date:", "Time:",
	"User:", "Computer:", "Description:", "Log Name:", "Source:", "Task Category:",
	"Level:", "Keywords:", "OpCode:",
};

/* Words that show the text is an event viewer's, in another language. */
static const char *const foreign[] = {
	"Ereignis-ID", "Ereigniskennung", "Ereignistyp", "Ereignisquelle", "Beschreibung:",
	"Protokollname:", "ID de l'\xc3\xa9v\xc3\xa9nement", "Source de l'\xc3\xa9v\xc3\xa9nement",
	"Id. del evento", "Origen:",
};

static int parse_record(struct ctx *c, size_t start, size_t end)
{
	const char *s = c->s;
	size_t vpos[L_COUNT], vend[L_COUNT], lpos[L_COUNT];
	bool have[L_COUNT] = { false };
	int open = -1;
	size_t p = start;

	while (p < end) {
		int l = -1;
		if (p == start || cadcom__event_is_ws(s[p - 1]))
			for (int i = 0; i < L_COUNT; i++)
				if (cadcom__event_starts(s + p, end - p, labels[i])) {
					l = i;
					break;
				}
		if (l < 0) {
			p++;
			continue;
		}
		if (open >= 0)
			vend[open] = p;
		open = -1;
		if (!have[l]) {
			have[l] = true;
			lpos[l] = p;
			vpos[l] = p + strlen(labels[l]);
			vend[l] = end;
			open = l;
		}
		p += strlen(labels[l]);
		if (l == L_DESC)
			break;
	}
	if (open >= 0)
		vend[open] = end;
	for (int i = 0; i < L_COUNT; i++) /* one-line fields end at the line's end */
		if (have[i] && i != L_DESC) {
			const char *nl = memchr(s + vpos[i], '\n', vend[i] - vpos[i]);
			if (nl)
				vend[i] = (size_t)(nl - s);
		}

	if (have[L_EVENTID]) {
		const char *v = s + vpos[L_EVENTID];
		size_t vn = vend[L_EVENTID] - vpos[L_EVENTID];
		unsigned long id = 0;
		cadcom__event_trim(&v, &vn);
		for (size_t i = 0; i < vn; i++)
			if (v[i] < '0' || v[i] > '9' || i >= 9) {
				cadcom__event_diag(c, lpos[L_EVENTID],
						   "event ID \"%.*s\" is not a number", SHOW(vn), v);
				return 0;
			} else {
				id = id * 10 + (unsigned long)(v[i] - '0');
			}
		if (vn == 0 || id != 13) {
			cadcom__event_diag(c, lpos[L_EVENTID], "event ID %lu, not 13", id);
			return 0;
		}
	}
	for (int k = L_ESOURCE; k <= L_SOURCE; k += L_SOURCE - L_ESOURCE) {
		const char *v;
		size_t vn;
		if (!have[k]) /* vpos[k] is meaningless then: no pointer arithmetic with it */
			continue;
		v = s + vpos[k];
		vn = vend[k] - vpos[k];
		cadcom__event_trim(&v, &vn);
		if (!cadcom__event_known_provider(v, vn)) {
			cadcom__event_diag(c, lpos[k], "event source \"%.*s\", not AutoEnrollment",
					   SHOW(vn), v);
			return 0;
		}
	}
	if (!have[L_DESC]) {
		cadcom__event_diag(c, start, "an event without a Description field");
		return 0;
	}
	{
		const char *comp = NULL;
		size_t cn = 0;
		if (have[L_COMPUTER]) {
			comp = s + vpos[L_COMPUTER];
			cn = vend[L_COMPUTER] - vpos[L_COMPUTER];
			cadcom__event_trim(&comp, &cn);
		}
		return cadcom__event_add_desc(c, start, s + vpos[L_DESC],
					      vend[L_DESC] - vpos[L_DESC], comp, cn, lpos[L_DESC]);
	}
}

/* Next "Log Name:" at the start of a word, from `from`. */
static size_t find_logname(const struct ctx *c, size_t from)
{
	size_t p;

	while ((p = cadcom__event_find(c->s, from, c->n, "Log Name:")) != SIZE_MAX) {
		if (p == 0 || cadcom__event_is_ws(c->s[p - 1]))
			return p;
		from = p + 1;
	}
	return SIZE_MAX;
}

/* Descriptions without the event viewer's fields: each anchor starts one. */
static int scan_bare(struct ctx *c, size_t from, size_t to)
{
	static const char *const anchors[] = { P_OLD, P_NEW, P_SNAP_START };
	size_t next[3];
	int rc;

	for (int i = 0; i < 3; i++)
		next[i] = cadcom__event_find(c->s, from, to, anchors[i]);
	for (;;) {
		size_t a = SIZE_MAX, b = SIZE_MAX;
		int k = -1;
		for (int i = 0; i < 3; i++)
			if (next[i] < a) {
				a = next[i];
				k = i;
			}
		if (k < 0)
			return 0;
		next[k] = cadcom__event_find(c->s, a + 1, to, anchors[k]);
		for (int i = 0; i < 3; i++)
			if (next[i] < b)
				b = next[i];
		if ((rc = cadcom__event_add_desc(c, a, c->s + a, (b == SIZE_MAX ? to : b) - a,
						 NULL, 0, a)))
			return rc;
	}
}

static int parse_text(struct ctx *c)
{
	size_t t = cadcom__event_find(c->s, 0, c->n, "Event Type:"), l = find_logname(c, 0);
	size_t first = t < l ? t : l;
	int rc;

	if ((rc = scan_bare(c, 0, first == SIZE_MAX ? c->n : first)))
		return rc;
	while (first != SIZE_MAX) {
		size_t next;
		if (first == t)
			t = cadcom__event_find(c->s, t + 1, c->n, "Event Type:");
		else
			l = find_logname(c, l + 1);
		next = t < l ? t : l;
		if ((rc = parse_record(c, first, next == SIZE_MAX ? c->n : next)))
			return rc;
		first = next;
	}
	return 0;
}

/* ---- input encodings and the entry point ------------------------------ */

static int unsupported(struct ctx *c, long offset, const char *why)
{
	return cadcom__error(CADCOM_EUNSUPPORTED, offset, "%s: %s%snot recognised: " EXPECTED,
			     c->source, why ? why : "", why ? "; " : "");
}

/* UTF-16LE after its byte order mark into a new UTF-8 buffer. */
static int from_utf16(struct ctx *c, char **out, size_t *outn)
{
	size_t n = c->in_len, o = 0;
	char *u;

	if ((n - 2) % 2)
		return cadcom__error(CADCOM_EPARSE, (long)n - 1, "%s: UTF-16 text with an odd "
				     "number of bytes", c->source);
	u = malloc((n - 2) / 2 * 3 + 1);
	if (!u)
		return cadcom__enomem();
	for (size_t i = 2; i + 1 < n; i += 2) {
		uint32_t cp = cadcom__le16(c->in + i);
		if (cp >= 0xD800 && cp <= 0xDBFF && i + 3 < n) {
			uint32_t lo = cadcom__le16(c->in + i + 2);
			if (lo >= 0xDC00 && lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 2;
			}
		}
		if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
			free(u);
			if (cp == 0)
				return unsupported(c, (long)i, "a NUL character in UTF-16 text");
			return cadcom__error(CADCOM_EPARSE, (long)i, "%s: unpaired UTF-16 "
					     "surrogate at offset %zu", c->source, i);
		}
		o += cadcom__event_put_utf8(u + o, cp);
	}
	u[o] = '\0';
	*out = u;
	*outn = o;
	return 0;
}

/* Strict UTF-8 without NUL; the offset of the first bad byte or SIZE_MAX. */
static size_t utf8_invalid(const unsigned char *s, size_t n, bool *nul)
{
	*nul = false;
	for (size_t i = 0; i < n;) {
		unsigned char b = s[i];
		size_t w = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3
			 : (b & 0xF8) == 0xF0 ? 4 : 0;
		uint32_t cp = w == 1 ? b : w == 2 ? b & 0x1Fu : w == 3 ? b & 0x0Fu : b & 0x07u;
		if (b == 0) {
			*nul = true;
			return i;
		}
		if (w == 0 || i + w > n)
			return i;
		for (size_t k = 1; k < w; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3Fu);
		}
		if (utf8_len(cp) != w || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += w;
	}
	return SIZE_MAX;
}

int cadcom_events_parse(cadcom_events **out, const char *text, size_t len, const char *source)
{
	struct ctx c;
	char *owned = NULL, why[120];
	size_t p = 0, bad;
	bool nul;
	int rc;

	if (out)
		*out = NULL;
	if (!out || (!text && len))
		return cadcom__error(CADCOM_EINVAL, -1, "events: NULL argument");
	memset(&c, 0, sizeof(c));
	c.source = source ? source : "input";
	c.in = (const unsigned char *)text;
	c.in_len = len;
	c.line_no = 1;
	if (len > EVENTS_MAX_INPUT)
		return cadcom__error(CADCOM_ELIMIT, -1, "%s: %zu bytes, over the 16 MiB limit for "
				     "event files", c.source, len);
	if (len >= 2 && c.in[0] == 0xFF && c.in[1] == 0xFE) {
		c.enc = ENC_UTF16LE;
		if ((rc = from_utf16(&c, &owned, &c.n)))
			return rc;
		c.s = owned;
	} else if (len >= 2 && c.in[0] == 0xFE && c.in[1] == 0xFF) {
		return unsupported(&c, 0, "UTF-16 big-endian text (save as Unicode or UTF-8)");
	} else {
		if (len >= 3 && c.in[0] == 0xEF && c.in[1] == 0xBB && c.in[2] == 0xBF)
			c.enc = ENC_UTF8_BOM;
		c.s = text + (c.enc == ENC_UTF8_BOM ? 3 : 0);
		c.n = len - (c.enc == ENC_UTF8_BOM ? 3 : 0);
		if ((bad = utf8_invalid((const unsigned char *)c.s, c.n, &nul)) != SIZE_MAX) {
			snprintf(why, sizeof(why), "not UTF-8 (byte 0x%02x at offset %ld)",
				 (unsigned char)c.s[bad], cadcom__event_in_offset(&c, bad));
			if (nul)
				snprintf(why, sizeof(why), "a NUL byte at offset %ld (UTF-16 without "
					 "a byte order mark?)", cadcom__event_in_offset(&c, bad));
			return unsupported(&c, cadcom__event_in_offset(&c, bad), why);
		}
	}
	c.ev = calloc(1, sizeof(*c.ev));
	if (!c.ev) {
		free(owned);
		return cadcom__enomem();
	}
	while (p < c.n && cadcom__event_is_ws(c.s[p]))
		p++;
	if (p == c.n)
		rc = unsupported(&c, -1, "empty input");
	else
		rc = c.s[p] == '<' ? cadcom__event_parse_xml(&c) : parse_text(&c);
	if (!rc && c.ev->count == 0) {
		if (c.have_diag) {
			rc = cadcom__error(CADCOM_EUNSUPPORTED,
					   cadcom__event_in_offset(&c, c.diag_pos),
					   "%s:%ld: %s; not recognised: " EXPECTED, c.source,
					   cadcom__event_line_at(&c, c.diag_pos), c.diag);
		} else {
			rc = unsupported(&c, -1, NULL);
			for (size_t i = 0; i < ARRAY_SIZE(foreign); i++) {
				size_t f = cadcom__event_find(c.s, 0, c.n, foreign[i]);
				if (f != SIZE_MAX) {
					snprintf(why, sizeof(why), "not English: found \"%s\"", foreign[i]);
					rc = cadcom__error(CADCOM_EUNSUPPORTED,
							   cadcom__event_in_offset(&c, f),
							   "%s:%ld: %s; not recognised: " EXPECTED,
							   c.source, cadcom__event_line_at(&c, f),
							   why);
					break;
				}
			}
		}
	}
	free(owned);
	if (rc) {
		cadcom_events_free(c.ev);
		return rc;
	}
	*out = c.ev;
	return 0;
}

void cadcom_events_free(cadcom_events *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->count; i++) {
		free(ev->items[i].computer);
		free(ev->items[i].tmpl);
		free(ev->items[i].text);
	}
	free(ev->items);
	free(ev);
}

static const struct event *at(const cadcom_events *ev, size_t i)
{
	return ev && i < ev->count ? &ev->items[i] : NULL;
}

size_t cadcom_events_count(const cadcom_events *ev)
{
	return ev ? ev->count : 0;
}

#define GETTER(type, name, field, none)                                  \
	type cadcom_events_##name(const cadcom_events *ev, size_t index) \
	{                                                                \
		return at(ev, index) ? at(ev, index)->field : none;      \
	}
GETTER(int, kind, kind, 0)
GETTER(long, line, line, 0)
GETTER(const char *, computer, computer, NULL)
GETTER(const char *, template, tmpl, NULL)
GETTER(uint32_t, status, status, 0)
GETTER(int, local_system, local_system, 0)
GETTER(const char *, text, text, NULL)
