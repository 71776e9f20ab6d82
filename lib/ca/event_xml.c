/*
 * Event XML (doc/EVENTS.md): wevtutil's /f:xml and /f:RenderedXml (one
 * <Event> per event, concatenated) and Event Viewer's "Save as XML" (an
 * <Events> wrapper).  A scanner for that shape, not a general XML parser:
 * entities and CDATA are decoded, comments and processing instructions
 * skipped, document type declarations refused.  Each event's description (its
 * rendered message, or the provider's template filled with its insertion
 * strings) goes to cadcom__event_add_desc() in event.c, as the event viewer's
 * text does, so a description is recognised in one place.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "event_internal.h"

#define XML_MAX_DEPTH 64
#define XML_MAX_DATA 32

/* ---- event XML ---------------------------------------------------------- */

__attribute__((format(printf, 3, 4))) static int parse_error(struct ctx *c, size_t pos, const char *fmt, ...)
{
	char msg[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cadcom__error(CADCOM_EPARSE, cadcom__event_in_offset(c, pos), "%s:%ld: %s",
			     c->source, cadcom__event_line_at(c, pos), msg);
}

enum role {
	R_OTHER, R_EVENTS, R_EVENT, R_SYSTEM, R_EVENTDATA, R_RENDER, R_PROVIDER, R_EVENTID,
	R_COMPUTER, R_DATA, R_MESSAGE
};

struct xevent {
	size_t pos;
	bool have_provider;
	struct strbuf provider, id, computer, message, culture;
	struct strbuf data[XML_MAX_DATA];
	size_t ndata;
	bool data_over; /* in a Data element beyond the XML_MAX_DATA kept */
};

static void xevent_clear(struct xevent *x)
{
	free(x->provider.buf);
	free(x->id.buf);
	free(x->computer.buf);
	free(x->message.buf);
	free(x->culture.buf);
	for (size_t i = 0; i < x->ndata; i++)
		free(x->data[i].buf);
	memset(x, 0, sizeof(*x));
}

static void sb_putn(struct strbuf *sb, const char *s, size_t n)
{
	for (size_t i = 0; i < n && !sb->failed; i++)
		sb_putc(sb, s[i]);
}

static void sb_putcp(struct strbuf *sb, uint32_t cp)
{
	char u[4];

	sb_putn(sb, u, cadcom__event_put_utf8(u, cp));
}

/* Decode character data s[from..to) into sb (NULL: only check it). */
static int xml_decode(struct ctx *c, size_t from, size_t to, struct strbuf *sb)
{
	static const struct { const char *name; char ch; } ents[] = {
		{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
	};
	const char *s = c->s;

	for (size_t p = from; p < to;) {
		const char *semi;
		size_t q, k;
		uint32_t cp = 0;
		bool ok = false;

		if (s[p] != '&') {
			q = p;
			while (q < to && s[q] != '&')
				q++;
			if (sb)
				sb_putn(sb, s + p, q - p);
			p = q;
			continue;
		}
		semi = memchr(s + p, ';', (to - p) < 12 ? to - p : 12);
		if (!semi)
			return parse_error(c, p, "bad entity: '&' without ';'");
		q = p + 1;
		k = (size_t)(semi - s) - q;
		if (k >= 2 && s[q] == '#') {
			bool hex = s[q + 1] == 'x';
			size_t i = q + 1 + hex;
			ok = i < q + k && q + k - i <= (hex ? 6u : 7u);
			for (; ok && i < q + k; i++) {
				int v = hex ? cadcom__hexval((unsigned char)s[i])
					    : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1);
				ok = v >= 0;
				cp = cp * (hex ? 16 : 10) + (uint32_t)(v < 0 ? 0 : v);
			}
			ok = ok && cp != 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
		} else {
			for (size_t i = 0; i < ARRAY_SIZE(ents); i++)
				if (k == strlen(ents[i].name) && memcmp(s + q, ents[i].name, k) == 0) {
					cp = (uint32_t)ents[i].ch;
					ok = true;
				}
		}
		if (!ok)
			return parse_error(c, p, "bad entity \"%.*s\"", (int)(k + 2), s + p);
		if (sb)
			sb_putcp(sb, cp);
		p = (size_t)(semi - s) + 1;
	}
	return 0;
}

static bool name_char(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == ':' || ch == '.' || ch == '-' || (unsigned char)ch >= 0x80;
}

static bool is_name(const char *s, size_t n, const char *name)
{
	return n == strlen(name) && memcmp(s, name, n) == 0;
}

static const char *const render_certenroll61 =
	"Certificate enrollment for %1 failed to enroll for a %2 certificate with request ID "
	"%4 from %3 (%5).";
static const char *const render_certenroll60 =
	"Certificate enrollment for %1 failed to enroll for a %2 certificate from %3 (%4).";
static const char *const render_autoenroll =
	"Automatic certificate enrollment for %1 failed to enroll for one %2 certificate "
	"(%3).  %4";

static int xml_finish_event(struct ctx *c, struct xevent *x)
{
	const char *v = x->id.buf ? x->id.buf : "", *fmt = NULL;
	size_t vn = x->id.len;
	struct strbuf r = { 0 };
	int rc;

	if (x->provider.failed || x->id.failed || x->computer.failed || x->message.failed ||
	    x->culture.failed)
		return cadcom__enomem();
	if (!x->have_provider ||
	    !cadcom__event_known_provider(x->provider.buf ? x->provider.buf : "", x->provider.len)) {
		cadcom__event_diag(c, x->pos, "event from provider \"%.80s\", not AutoEnrollment",
				   x->provider.buf ? x->provider.buf : "");
		return 0;
	}
	cadcom__event_trim(&v, &vn);
	if (!(vn == 2 && v[0] == '1' && v[1] == '3')) {
		cadcom__event_diag(c, x->pos, "event ID %.12s, not 13", vn ? v : "(none)");
		return 0;
	}
	if (x->culture.len &&
	    !(x->culture.len >= 2 && cadcom__event_eq_ci(x->culture.buf, 2, "en"))) {
		cadcom__event_diag(c, x->pos, "not English: rendering culture %.20s",
				   x->culture.buf);
		return 0;
	}
	if (x->message.len)
		return cadcom__event_add_desc(c, x->pos, x->message.buf, x->message.len,
					      x->computer.buf, x->computer.len, x->pos);
	/* wevtutil /f:xml: no message, only the insertion strings of the message
	 * file's template (doc/EVENTS.md). */
	if (strstr(x->provider.buf, "CertEnroll"))
		fmt = x->ndata >= 5 ? render_certenroll61 : x->ndata == 4 ? render_certenroll60 : NULL;
	else if (x->ndata >= 3)
		fmt = render_autoenroll;
	if (!fmt) {
		cadcom__event_diag(c, x->pos, "event 13 with %zu insertion strings and no message",
				   x->ndata);
		return 0;
	}
	for (const char *f = fmt; *f; f++) {
		if (f[0] == '%' && f[1] >= '1' && f[1] <= '5') {
			size_t i = (size_t)(f[1] - '1');
			const char *d = i < x->ndata && x->data[i].buf ? x->data[i].buf : "";
			size_t dn = i < x->ndata ? x->data[i].len : 0;
			cadcom__event_trim(&d, &dn);
			sb_putn(&r, d, dn);
			f++;
		} else {
			sb_putc(&r, *f);
		}
	}
	if (r.failed) {
		free(r.buf);
		return cadcom__enomem();
	}
	rc = cadcom__event_add_desc(c, x->pos, r.buf, r.len, x->computer.buf, x->computer.len,
				    x->pos);
	free(r.buf);
	return rc;
}

struct xframe {
	const char *name;
	size_t len, pos;
	enum role role;
};

static enum role child_role(const struct xframe *st, int depth, const char *nm, size_t nl)
{
	enum role parent = depth ? st[depth - 1].role : R_OTHER;

	if ((depth == 0 || parent == R_EVENTS) && is_name(nm, nl, "Event"))
		return R_EVENT;
	if (depth == 0 && is_name(nm, nl, "Events"))
		return R_EVENTS;
	if (parent == R_EVENT)
		return is_name(nm, nl, "System") ? R_SYSTEM
		       : is_name(nm, nl, "EventData") ? R_EVENTDATA
		       : is_name(nm, nl, "RenderingInfo") ? R_RENDER : R_OTHER;
	if (parent == R_SYSTEM)
		return is_name(nm, nl, "Provider") ? R_PROVIDER
		       : is_name(nm, nl, "EventID") ? R_EVENTID
		       : is_name(nm, nl, "Computer") ? R_COMPUTER : R_OTHER;
	if (parent == R_EVENTDATA && is_name(nm, nl, "Data"))
		return R_DATA;
	if (parent == R_RENDER && is_name(nm, nl, "Message"))
		return R_MESSAGE;
	return R_OTHER;
}

static struct strbuf *text_target(struct xevent *x, enum role r)
{
	switch (r) {
	case R_EVENTID: return &x->id;
	case R_COMPUTER: return &x->computer;
	case R_MESSAGE: return &x->message;
	case R_DATA: return x->ndata && !x->data_over ? &x->data[x->ndata - 1] : NULL;
	default: return NULL;
	}
}

/* One start tag at s[p] ('<' seen); *pp gets the position after it. */
static int xml_start_tag(struct ctx *c, struct xframe *st, int *depth, struct xevent *x,
			 size_t *pp)
{
	const char *s = c->s;
	size_t p = *pp + 1, nm = p, nl, q;
	enum role role;
	int rc;

	while (p < c->n && name_char(s[p]))
		p++;
	nl = p - nm;
	if (nl == 0)
		return parse_error(c, *pp, "'<' not followed by an element name");
	if (*depth == XML_MAX_DEPTH)
		return cadcom__error(CADCOM_ELIMIT, cadcom__event_in_offset(c, *pp),
				     "%s:%ld: elements nested deeper than %d", c->source,
				     cadcom__event_line_at(c, *pp), XML_MAX_DEPTH);
	role = child_role(st, *depth, s + nm, nl);
	if (*depth == 0 && role == R_OTHER)
		cadcom__event_diag(c, *pp, "XML element <%.*s>, not <Event> or <Events>",
				   SHOW(nl), s + nm);
	if (role == R_EVENT) {
		xevent_clear(x);
		x->pos = *pp;
	} else if (role == R_DATA) {
		x->data_over = x->ndata == XML_MAX_DATA;
		x->ndata += !x->data_over;
	}
	for (;;) {
		size_t an, al, vq;
		struct strbuf *into = NULL;
		while (p < c->n && cadcom__event_is_ws(s[p]))
			p++;
		if (p >= c->n)
			return parse_error(c, *pp, "unterminated tag <%.*s",
					   SHOW(nl), s + nm);
		if (s[p] == '>' || (s[p] == '/' && p + 1 < c->n && s[p + 1] == '>'))
			break;
		an = p;
		while (p < c->n && name_char(s[p]))
			p++;
		al = p - an;
		while (p < c->n && cadcom__event_is_ws(s[p]))
			p++;
		if (al == 0 || p + 1 >= c->n || s[p] != '=')
			return parse_error(c, p < c->n ? p : c->n, "malformed attribute in <%.*s>",
					   SHOW(nl), s + nm);
		p++;
		while (p < c->n && cadcom__event_is_ws(s[p]))
			p++;
		if (p >= c->n || (s[p] != '"' && s[p] != '\''))
			return parse_error(c, p, "attribute value without quotes");
		vq = p;
		for (q = p + 1; q < c->n && s[q] != s[vq]; q++)
			if (s[q] == '<')
				return parse_error(c, q, "'<' in an attribute value");
		if (q >= c->n)
			return parse_error(c, vq, "unterminated attribute value");
		if (role == R_PROVIDER && is_name(s + an, al, "Name") && !x->have_provider) {
			into = &x->provider;
			x->have_provider = true;
		} else if (role == R_RENDER && is_name(s + an, al, "Culture")) {
			into = &x->culture;
			into->len = 0;
		}
		if ((rc = xml_decode(c, vq + 1, q, into)))
			return rc;
		p = q + 1;
	}
	st[*depth].name = s + nm;
	st[*depth].len = nl;
	st[*depth].pos = *pp;
	st[*depth].role = role;
	if (s[p] == '/') { /* <x/>: open and closed */
		*pp = p + 2;
		return role == R_EVENT ? xml_finish_event(c, x) : 0;
	}
	(*depth)++;
	*pp = p + 1;
	return 0;
}

int cadcom__event_parse_xml(struct ctx *c)
{
	const char *s = c->s;
	struct xframe st[XML_MAX_DEPTH];
	struct xevent x;
	int depth = 0, rc = 0;
	size_t p = 0;

	memset(&x, 0, sizeof(x));
	while (p < c->n && !rc) {
		size_t q, e;
		if (s[p] != '<') {
			q = p;
			while (q < c->n && s[q] != '<')
				q++;
			if (depth == 0) {
				for (size_t i = p; i < q; i++)
					if (!cadcom__event_is_ws(s[i])) {
						rc = parse_error(c, i, "text outside an element");
						break;
					}
			} else {
				rc = xml_decode(c, p, q, text_target(&x, st[depth - 1].role));
			}
			p = q;
		} else if (cadcom__event_starts(s + p, c->n - p, "<!--")) {
			if ((e = cadcom__event_find(s, p + 4, c->n, "-->")) == SIZE_MAX)
				rc = parse_error(c, p, "unterminated comment");
			p = e == SIZE_MAX ? c->n : e + 3;
		} else if (cadcom__event_starts(s + p, c->n - p, "<![CDATA[") && depth > 0) {
			struct strbuf *t = text_target(&x, st[depth - 1].role);
			if ((e = cadcom__event_find(s, p + 9, c->n, "]]>")) == SIZE_MAX)
				rc = parse_error(c, p, "unterminated CDATA section");
			else if (t)
				sb_putn(t, s + p + 9, e - p - 9);
			p = e == SIZE_MAX ? c->n : e + 3;
		} else if (cadcom__event_starts(s + p, c->n - p, "<!")) {
			rc = cadcom__error(CADCOM_EUNSUPPORTED, cadcom__event_in_offset(c, p),
					   "%s:%ld: document type declarations are not accepted; "
					   "not recognised: " EXPECTED, c->source,
					   cadcom__event_line_at(c, p));
		} else if (cadcom__event_starts(s + p, c->n - p, "<?")) {
			if ((e = cadcom__event_find(s, p + 2, c->n, "?>")) == SIZE_MAX)
				rc = parse_error(c, p, "unterminated processing instruction");
			p = e == SIZE_MAX ? c->n : e + 2;
		} else if (cadcom__event_starts(s + p, c->n - p, "</")) {
			size_t nm = p + 2;
			q = nm;
			while (q < c->n && name_char(s[q]))
				q++;
			e = q;
			while (e < c->n && cadcom__event_is_ws(s[e]))
				e++;
			if (e >= c->n || s[e] != '>')
				rc = parse_error(c, p, "unterminated end tag");
			else if (depth == 0)
				rc = parse_error(c, p, "end tag </%.*s> without a start tag",
						 SHOW(q - nm), s + nm);
			else if (st[depth - 1].len != q - nm ||
				 memcmp(st[depth - 1].name, s + nm, q - nm) != 0)
				rc = parse_error(c, p, "end tag </%.*s> does not match <%.*s> of line %ld",
						 SHOW(q - nm), s + nm,
						 SHOW(st[depth - 1].len),
						 st[depth - 1].name,
						 cadcom__event_line_at(c, st[depth - 1].pos));
			else if (st[--depth].role == R_EVENT)
				rc = xml_finish_event(c, &x);
			p = e + 1;
		} else {
			rc = xml_start_tag(c, st, &depth, &x, &p);
		}
		for (size_t i = 0; !rc && i < x.ndata; i++)
			if (x.data[i].failed)
				rc = cadcom__enomem();
	}
	if (!rc && depth > 0)
		rc = parse_error(c, st[depth - 1].pos, "unterminated element <%.*s>",
				 SHOW(st[depth - 1].len),
				 st[depth - 1].name);
	xevent_clear(&x);
	return rc;
}
