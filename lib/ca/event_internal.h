/*
 * libcadcom — the event parser's scanning state and the helpers shared by
 * event.c (the description sentence, the event viewer's text, the encodings,
 * the entry point) and event_xml.c (event XML); never installed.
 */
#ifndef CADCOM_EVENT_INTERNAL_H
#define CADCOM_EVENT_INTERNAL_H

#include "../core/internal.h"
#include "cadcom/event.h"

/* At most 40 bytes of `n` for a message (the text is not terminated). */
#define SHOW(n) ((int)((n) > 40 ? 40 : (n)))

#define EXPECTED                                                                     \
	"expected AutoEnrollment event 13 (the event viewer's text or event XML) or " \
	"the Certificate snap-in's message"

enum { ENC_UTF8, ENC_UTF8_BOM, ENC_UTF16LE };

struct ctx {
	const char *s; /* the text as UTF-8 */
	size_t n;
	const char *source;
	const unsigned char *in; /* the caller's bytes, to map offsets back */
	size_t in_len;
	int enc;
	size_t line_pos; /* line cursor: s[line_pos] starts within line line_no */
	long line_no;
	struct cadcom_events *ev;
	bool have_diag; /* the first reason a candidate was not recognised */
	size_t diag_pos;
	char diag[240];
};

/* ---- in event.c, for event_xml.c ---- */
bool cadcom__event_is_ws(char c);
/* First `pat` in s[from..to), or SIZE_MAX. */
size_t cadcom__event_find(const char *s, size_t from, size_t to, const char *pat);
bool cadcom__event_starts(const char *s, size_t n, const char *pat);
/* `word` in any case, exactly s[0..n). */
bool cadcom__event_eq_ci(const char *s, size_t n, const char *word);
void cadcom__event_trim(const char **p, size_t *n);
/* A provider (or classic source name) that logs the event. */
bool cadcom__event_known_provider(const char *s, size_t n);
/* Where s[pos] is, for messages: its 1-based line, and its offset in the
 * caller's bytes (which may be UTF-16 or carry a byte order mark). */
long cadcom__event_line_at(struct ctx *c, size_t pos);
long cadcom__event_in_offset(const struct ctx *c, size_t pos);
/* Encode code point `cp` (valid, not a surrogate) into u[0..4); its length. */
size_t cadcom__event_put_utf8(char *u, uint32_t cp);
/* Keep the first reason a candidate was not recognised: reported only when
 * no event is found at all. */
void cadcom__event_diag(struct ctx *c, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Recognise the description d[0..n) of the event at `pos` and add it, or
 * note why not at `diag_pos`; nonzero only on an error (memory). */
int cadcom__event_add_desc(struct ctx *c, size_t pos, const char *d, size_t n,
			   const char *computer, size_t clen, size_t diag_pos);

/* ---- in event_xml.c, for event.c ---- */
/* The events of event XML (the first non-blank character is '<'). */
int cadcom__event_parse_xml(struct ctx *c);

#endif
