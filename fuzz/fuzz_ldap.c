/*
 * libFuzzer harness for the AD back-end's handling of LDAP answers
 * (lib/ldap/): the rootDSE, CN=Partitions, trusts, the domain object,
 * principals by SID and by name, members by range retrieval, paged
 * results, tokenGroups, CAs, computers and template descriptors — answered
 * by a hostile domain controller.
 *
 * A real libldap session runs on one end of a socket pair
 * (cadcom__ldap_open_fd, test hook: no TCP, TLS or bind) and a responder
 * thread on the other end reads each request and answers it from the
 * input, a script of text lines (fuzz/corpus/ldap/, made by
 * tests/gen/gen_ldap_seeds.py):
 *
 *   call VERB ARGS   what the harness does once the session is open, in
 *                    order (run_call): resolve WHO, sid WHO, lookup NAME,
 *                    name SID, info SID, members GROUP, ismember|add|remove
 *                    GROUP MEMBER, describe SID KIND SCOPE NAME, token|dtoken
 *                    SID LOGON, cas, discover HOST, template NAME, create
 *                    SCOPE NAME, createin DOMAIN SCOPE NAME, delete SID,
 *                    ranged STEP ATTR DN, forget.  Every other line is
 *                    part of the answers, one answer per request in order:
 *   entry DN         a SearchResultEntry (DN and text take \XX escapes)
 *   attr NAME        an attribute of it ("member;range=0-1499")
 *   val TEXT | hex HEX | sid S-1-... | sd SDDL
 *                    a value: text, bytes, a binary SID, a binary
 *                    descriptor (sid/sd fall back to the text)
 *   repeat N         the last value N times more
 *   ref URL          a SearchResultReference
 *   op HEX           any protocolOp (tag and all) in a well-formed message
 *                    with the request's message ID
 *   stray            a result for a message ID nobody asked for
 *   notice           an unsolicited Notice of Disconnection (message ID 0)
 *   cookie [HEX]     the paged results control on the coming result
 *   ctl OID [HEX]    any control on the coming result
 *   done CODE [TEXT] the result (resultCode, diagnostic): ends the answer
 *   raw HEX          bytes as they are, then the connection closes
 *   close            the connection closes
 *   hangup           after a `done`: the connection closes once it is sent
 * An answer without `done` (and the end of the script) closes the
 * connection, so libldap never waits for a byte that will not come.
 *
 * Properties (abort() on violation, so libFuzzer keeps the input):
 *   - no crash, no leak (LeakSanitizer; not for sessions with op, raw or
 *     notice: see LLVMFuzzerTestOneInput), no thread or descriptor left;
 *   - every failure records an error with its code and a message (the
 *     end of a member list, CADCOM_ENOTFOUND, is no error), and none is
 *     CADCOM_ENOMEM (memory does not run out here);
 *   - what a call hands out on success is there, nothing on failure;
 *   - the paged results control goes with every one- and multi-level
 *     search and no base search, and a page's cookie is the one the server
 *     sent last;
 *   - no operation waits for its timeout (the responder always answers or
 *     closes), and no connection is made (libldap would reconnect on its
 *     own: connect() aborts here);
 *   - cadcom_ad_operations() counts at least the requests the server saw.
 *
 * FUZZ_LDAP_TRACE=1 prints each request, call and result to stderr.
 * Built by fuzz/run.sh with the library's sources and -DCADCOM_TEST_HOOKS.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "../lib/ldap/ad_internal.h"

#ifndef CADCOM_TEST_HOOKS
#error "fuzz_ldap needs the library built with -DCADCOM_TEST_HOOKS (fuzz/run.sh does)"
#endif

/* LeakSanitizer's switches, in the ASan build only (not the coverage one). */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#define LEAKS_UNCHECKED() __lsan_disable()
#define LEAKS_CHECKED() __lsan_enable()
#endif
#endif
#ifndef LEAKS_UNCHECKED
#define LEAKS_UNCHECKED() ((void)0)
#define LEAKS_CHECKED() ((void)0)
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

enum {
	TIMEOUT_MS = 3000,     /* never reached: a timeout is a failure here */
	MAX_CALLS = 64,
	MAX_MEMBERS_READ = 2000, /* members enumerated by one call */
	MAX_REPEATED = 5000,     /* values made by `repeat` in one script (fast) */
	MAX_REQUEST = 1 << 20,
};

static bool trace;

static void say(const char *fmt, ...)
{
	va_list ap;

	if (!trace)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

static void die(const char *fmt, ...)
{
	const cadcom_error *err = cadcom_error_last();
	va_list ap;

	fprintf(stderr, "fuzz_ldap: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	if (err)
		fprintf(stderr, "  last error: %d %s\n", cadcom_error_code(err),
			cadcom_error_message(err));
	abort();
}

/* libldap reconnects by itself when its connection is gone: nothing here
 * may connect anywhere. */
int connect(int fd, __CONST_SOCKADDR_ARG addr, socklen_t len)
{
	(void)fd, (void)addr, (void)len;
	die("a connection was attempted (libldap reconnecting?)");
	return -1;
}

/* ---- bytes and BER ------------------------------------------------------- */

struct bytes {
	unsigned char *p;
	size_t n, cap;
};

static void put(struct bytes *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->n + n)
			cap *= 2;
		if (!(b->p = realloc(b->p, cap)))
			abort();
		b->cap = cap;
	}
	if (n && p) /* NULL: room only */
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void put1(struct bytes *b, unsigned char c)
{
	put(b, &c, 1);
}

static void put_tlv(struct bytes *b, unsigned char tag, const void *p, size_t n)
{
	unsigned char len[5];
	size_t k = 0;

	put1(b, tag);
	if (n < 0x80) {
		put1(b, (unsigned char)n);
	} else {
		for (size_t v = n; v; v >>= 8)
			k++;
		len[0] = (unsigned char)(0x80 | k);
		for (size_t i = 0; i < k; i++)
			len[1 + i] = (unsigned char)(n >> (8 * (k - 1 - i)));
		put(b, len, k + 1);
	}
	put(b, p, n);
}

static void put_int(struct bytes *b, unsigned char tag, long v)
{
	unsigned char buf[sizeof(long)];
	size_t n = sizeof(long), i = 0;

	for (size_t k = 0; k < n; k++)
		buf[k] = (unsigned char)((unsigned long)v >> (8 * (n - 1 - k)));
	/* minimal two's complement */
	while (i + 1 < n && ((buf[i] == 0 && !(buf[i + 1] & 0x80)) ||
			     (buf[i] == 0xff && (buf[i + 1] & 0x80))))
		i++;
	put_tlv(b, tag, buf + i, n - i);
}

static void bytes_free(struct bytes *b)
{
	free(b->p);
	*b = (struct bytes){ 0 };
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* Hex digits in pairs, anything else skipped. */
static void put_hex(struct bytes *b, const char *s, size_t n)
{
	int hi = -1;

	for (size_t i = 0; i < n; i++) {
		int v = hexval((unsigned char)s[i]);
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			put1(b, (unsigned char)(hi << 4 | v));
			hi = -1;
		}
	}
}

/* Text with \XX escapes. */
static void put_text(struct bytes *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int h, l;
		if (s[i] == '\\' && i + 2 < n && (h = hexval((unsigned char)s[i + 1])) >= 0 &&
		    (l = hexval((unsigned char)s[i + 2])) >= 0) {
			put1(b, (unsigned char)(h << 4 | l));
			i += 2;
		} else {
			put1(b, (unsigned char)s[i]);
		}
	}
}

/* ---- the script ------------------------------------------------------------ */

enum item_kind { IT_MSG, IT_STRAY, IT_NOTICE, IT_DONE, IT_RAW, IT_CLOSE };

struct item {
	enum item_kind kind;
	struct bytes b; /* IT_MSG: a protocolOp; IT_DONE: resultCode onwards; IT_RAW: bytes */
	struct bytes ctls; /* IT_DONE: the Control elements */
};

struct answer {
	struct item *items;
	size_t n, cap;
	bool done;   /* ends with a result: the connection stays */
	bool hangup; /* unless the server hangs up right after it */
};

struct call {
	char *verb, *arg;
};

struct script {
	struct answer *answers;
	size_t n, cap;
	struct call calls[MAX_CALLS];
	size_t ncalls;
	size_t repeated;
	/* Bytes that are not well-formed LDAP (op, raw) or a Notice of
	 * Disconnection: libldap 2.5.13 leaks on those by itself. */
	bool wild;
};

/* What is being built: the entry, its attribute, the coming result's
 * controls. */
struct building {
	bool in_entry, in_attr;
	struct bytes dn, attrs, name, vals, ctls;
	struct bytes last_val; /* for `repeat` */
};

static struct answer *cur_answer(struct script *s)
{
	if (!s->n || s->answers[s->n - 1].done || (s->answers[s->n - 1].n &&
	    (s->answers[s->n - 1].items[s->answers[s->n - 1].n - 1].kind == IT_RAW ||
	     s->answers[s->n - 1].items[s->answers[s->n - 1].n - 1].kind == IT_CLOSE))) {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 16;
			if (!(s->answers = realloc(s->answers, s->cap * sizeof(*s->answers))))
				abort();
		}
		s->answers[s->n++] = (struct answer){ 0 };
	}
	return &s->answers[s->n - 1];
}

static struct item *add_item(struct script *s, enum item_kind kind)
{
	struct answer *a = cur_answer(s);

	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 8;
		if (!(a->items = realloc(a->items, a->cap * sizeof(*a->items))))
			abort();
	}
	a->items[a->n] = (struct item){ kind };
	return &a->items[a->n++];
}

static void finish_attr(struct building *bd)
{
	struct bytes attr = { 0 };

	if (!bd->in_attr)
		return;
	put_tlv(&attr, 0x04, bd->name.p, bd->name.n);
	put_tlv(&attr, 0x31, bd->vals.p, bd->vals.n);
	put_tlv(&bd->attrs, 0x30, attr.p, attr.n);
	bytes_free(&attr);
	bytes_free(&bd->name);
	bytes_free(&bd->vals);
	bd->in_attr = false;
}

static void finish_entry(struct script *s, struct building *bd)
{
	struct bytes body = { 0 };
	struct item *it;

	finish_attr(bd);
	if (!bd->in_entry)
		return;
	put_tlv(&body, 0x04, bd->dn.p, bd->dn.n);
	put_tlv(&body, 0x30, bd->attrs.p, bd->attrs.n);
	it = add_item(s, IT_MSG);
	put_tlv(&it->b, 0x64, body.p, body.n); /* SearchResultEntry */
	bytes_free(&body);
	bytes_free(&bd->dn);
	bytes_free(&bd->attrs);
	bd->in_entry = false;
}

static void add_value(struct building *bd, const struct bytes *v)
{
	if (!bd->in_entry) {
		bd->in_entry = true; /* an entry with an empty DN */
	}
	if (!bd->in_attr)
		bd->in_attr = true; /* an attribute with an empty name */
	put_tlv(&bd->vals, 0x04, v->p, v->n);
	bd->last_val.n = 0;
	put(&bd->last_val, v->p, v->n);
}

static char *dup_n(const char *p, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

static void parse_line(struct script *s, struct building *bd, const char *line, size_t len)
{
	const char *sp = memchr(line, ' ', len);
	size_t klen = sp ? (size_t)(sp - line) : len;
	const char *arg = sp ? sp + 1 : line + len;
	size_t alen = (size_t)(line + len - arg);
	struct bytes v = { 0 };
	struct item *it;
	char *text = dup_n(arg, alen);

#define IS(word) (klen == sizeof(word) - 1 && !memcmp(line, word, klen))
	if (!len || line[0] == '#') {
		free(text);
		return;
	}
	if (IS("call")) {
		const char *sp2 = memchr(arg, ' ', alen);
		size_t vlen = sp2 ? (size_t)(sp2 - arg) : alen;

		if (s->ncalls < MAX_CALLS) {
			s->calls[s->ncalls].verb = dup_n(arg, vlen);
			s->calls[s->ncalls].arg = sp2 ? dup_n(sp2 + 1, alen - vlen - 1) : dup_n("", 0);
			s->ncalls++;
		}
	} else if (IS("entry")) {
		finish_entry(s, bd);
		bd->in_entry = true;
		put_text(&bd->dn, arg, alen);
	} else if (IS("attr")) {
		finish_attr(bd);
		bd->in_entry = true;
		bd->in_attr = true;
		put_text(&bd->name, arg, alen);
	} else if (IS("val") || IS("hex") || IS("sid") || IS("sd")) {
		cadcom_sid *sid = NULL;
		cadcom_sd *sd = NULL;
		unsigned char *bin = NULL;
		size_t n = 0;

		if (IS("hex"))
			put_hex(&v, arg, alen);
		else if (IS("sid") && !cadcom_sid_from_string(&sid, text, NULL) &&
			 !cadcom_sid_to_bytes(sid, &bin, &n))
			put(&v, bin, n);
		else if (IS("sd") && !cadcom_sd_from_sddl(&sd, text, NULL) &&
			 !cadcom_sd_to_bytes(sd, &bin, &n))
			put(&v, bin, n);
		else
			put_text(&v, arg, alen);
		cadcom_free(bin);
		cadcom_sid_free(sid);
		cadcom_sd_free(sd);
		add_value(bd, &v);
	} else if (IS("repeat")) {
		unsigned long n = strtoul(text, NULL, 10);
		if (bd->in_attr) {
			struct bytes last = { 0 };
			put(&last, bd->last_val.p, bd->last_val.n);
			for (unsigned long i = 0; i < n && s->repeated < MAX_REPEATED; i++, s->repeated++)
				add_value(bd, &last);
			bytes_free(&last);
		}
	} else if (IS("ref")) {
		finish_entry(s, bd);
		put_text(&v, arg, alen);
		it = add_item(s, IT_MSG);
		{
			struct bytes url = { 0 };
			put_tlv(&url, 0x04, v.p, v.n);
			put_tlv(&it->b, 0x73, url.p, url.n); /* SearchResultReference */
			bytes_free(&url);
		}
	} else if (IS("op")) {
		finish_entry(s, bd);
		s->wild = true;
		it = add_item(s, IT_MSG);
		put_hex(&it->b, arg, alen);
	} else if (IS("stray")) {
		finish_entry(s, bd);
		add_item(s, IT_STRAY);
	} else if (IS("notice")) {
		finish_entry(s, bd);
		s->wild = true;
		add_item(s, IT_NOTICE);
	} else if (IS("cookie")) {
		struct bytes val = { 0 }, seq = { 0 }, ctl = { 0 };
		static const char oid[] = "1.2.840.113556.1.4.319";

		put_int(&seq, 0x02, 0);
		put_hex(&v, arg, alen);
		put_tlv(&seq, 0x04, v.p, v.n);
		put_tlv(&val, 0x30, seq.p, seq.n);
		put_tlv(&ctl, 0x04, oid, sizeof(oid) - 1);
		put_tlv(&ctl, 0x04, val.p, val.n);
		put_tlv(&bd->ctls, 0x30, ctl.p, ctl.n);
		bytes_free(&val);
		bytes_free(&seq);
		bytes_free(&ctl);
	} else if (IS("ctl")) {
		const char *sp2 = memchr(arg, ' ', alen);
		size_t olen = sp2 ? (size_t)(sp2 - arg) : alen;
		struct bytes ctl = { 0 };

		put_tlv(&ctl, 0x04, arg, olen);
		if (sp2) {
			put_hex(&v, sp2 + 1, alen - olen - 1);
			put_tlv(&ctl, 0x04, v.p, v.n);
		}
		put_tlv(&bd->ctls, 0x30, ctl.p, ctl.n);
		bytes_free(&ctl);
	} else if (IS("done")) {
		const char *sp2;
		long code;

		finish_entry(s, bd);
		code = strtol(text, NULL, 10);
		sp2 = memchr(arg, ' ', alen);
		it = add_item(s, IT_DONE);
		put_int(&it->b, 0x0a, code);
		put_tlv(&it->b, 0x04, "", 0); /* matchedDN */
		if (sp2)
			put_text(&v, sp2 + 1, alen - (size_t)(sp2 + 1 - arg));
		put_tlv(&it->b, 0x04, v.p, v.n);
		it->ctls = bd->ctls;
		bd->ctls = (struct bytes){ 0 };
		cur_answer(s)->done = true;
	} else if (IS("raw")) {
		finish_entry(s, bd);
		s->wild = true;
		it = add_item(s, IT_RAW);
		put_hex(&it->b, arg, alen);
	} else if (IS("close")) {
		finish_entry(s, bd);
		add_item(s, IT_CLOSE);
	} else if (IS("hangup")) {
		finish_entry(s, bd);
		if (s->n && s->answers[s->n - 1].done)
			s->answers[s->n - 1].hangup = true;
		else
			add_item(s, IT_CLOSE);
	}
#undef IS
	bytes_free(&v);
	free(text);
}

static void script_parse(struct script *s, const uint8_t *data, size_t size)
{
	struct building bd = { 0 };
	size_t off = 0;

	*s = (struct script){ 0 };
	while (off < size) {
		const uint8_t *nl = memchr(data + off, '\n', size - off);
		size_t len = nl ? (size_t)(nl - (data + off)) : size - off;

		parse_line(s, &bd, (const char *)data + off, len);
		off += len + 1;
	}
	finish_entry(s, &bd);
	bytes_free(&bd.ctls);
	bytes_free(&bd.last_val);
}

static void script_free(struct script *s)
{
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->answers[i].n; j++) {
			bytes_free(&s->answers[i].items[j].b);
			bytes_free(&s->answers[i].items[j].ctls);
		}
		free(s->answers[i].items);
	}
	free(s->answers);
	for (size_t i = 0; i < s->ncalls; i++) {
		free(s->calls[i].verb);
		free(s->calls[i].arg);
	}
}

/* ---- the responder --------------------------------------------------------- */

struct rd {
	const unsigned char *p;
	size_t n;
};

/* The next element of `r` (definite lengths only, as libldap sends). */
static bool next_tlv(struct rd *r, unsigned char *tag, struct rd *val)
{
	size_t len = 0, hdr = 2;

	if (r->n < 2)
		return false;
	*tag = r->p[0];
	if (r->p[1] < 0x80) {
		len = r->p[1];
	} else {
		size_t k = r->p[1] & 0x7f;
		if (!k || k > 4 || r->n < 2 + k)
			return false;
		for (size_t i = 0; i < k; i++)
			len = len << 8 | r->p[2 + i];
		hdr += k;
	}
	if (len > r->n - hdr)
		return false;
	*val = (struct rd){ r->p + hdr, len };
	r->p += hdr + len;
	r->n -= hdr + len;
	return true;
}

struct request {
	long msgid;
	unsigned char op;
	struct rd base;
	int scope;
	bool paged, paged_critical;
	struct rd cookie;
};

#define PAGED_OID "1.2.840.113556.1.4.319"

static bool parse_request(const struct bytes *b, struct request *q)
{
	struct rd r = { b->p, b->n }, v, body, ctls, c;
	unsigned char tag;

	*q = (struct request){ .scope = -1 };
	if (!next_tlv(&r, &tag, &v) || tag != 0x02 || !v.n || v.n > 4)
		return false;
	for (size_t i = 0; i < v.n; i++)
		q->msgid = q->msgid << 8 | v.p[i];
	if (!next_tlv(&r, &q->op, &body))
		return false;
	if (q->op == 0x63 && next_tlv(&body, &tag, &q->base) && next_tlv(&body, &tag, &v) && v.n == 1)
		q->scope = v.p[0];
	if (!next_tlv(&r, &tag, &ctls) || tag != 0xa0)
		return true;
	while (next_tlv(&ctls, &tag, &c)) {
		struct rd oid, x, value = { NULL, 0 }, seq, size, cookie;
		bool critical = false;

		if (!next_tlv(&c, &tag, &oid))
			continue;
		while (next_tlv(&c, &tag, &x))
			if (tag == 0x01)
				critical = x.n && x.p[0];
			else if (tag == 0x04)
				value = x;
		if (oid.n != sizeof(PAGED_OID) - 1 || memcmp(oid.p, PAGED_OID, oid.n))
			continue;
		q->paged = true;
		q->paged_critical = critical;
		if (next_tlv(&value, &tag, &seq) && next_tlv(&seq, &tag, &size) &&
		    next_tlv(&seq, &tag, &cookie))
			q->cookie = cookie;
	}
	return true;
}

struct responder {
	int fd;
	const struct script *s;
	size_t next;		/* the next answer */
	unsigned long requests; /* operations seen (abandon and unbind not counted) */
	bool hung_up;		/* closed before the client's unbind */
	struct bytes last_ctls; /* the controls of the last result sent */
	pthread_t thread;
};

static bool read_full(int fd, void *p, size_t n)
{
	for (size_t off = 0; off < n;) {
		ssize_t r = read(fd, (char *)p + off, n - off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		off += (size_t)r;
	}
	return true;
}

static bool write_full(int fd, const unsigned char *p, size_t n)
{
	for (size_t off = 0; off < n;) {
		ssize_t w = send(fd, p + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		off += (size_t)w;
	}
	return true;
}

/* One LDAPMessage from the client: the contents of its SEQUENCE. */
static bool read_request(int fd, struct bytes *req)
{
	unsigned char h[2], l[4];
	size_t len = 0;

	if (!read_full(fd, h, 2) || h[0] != 0x30)
		return false;
	if (h[1] < 0x80) {
		len = h[1];
	} else {
		size_t k = h[1] & 0x7f;
		if (!k || k > 4 || !read_full(fd, l, k))
			return false;
		for (size_t i = 0; i < k; i++)
			len = len << 8 | l[i];
	}
	if (len > MAX_REQUEST)
		return false;
	req->n = 0;
	put(req, NULL, len);
	return read_full(fd, req->p, len);
}

static void put_msg(struct bytes *out, long msgid, const struct bytes *op,
		    const struct bytes *ctls)
{
	struct bytes m = { 0 };

	put_int(&m, 0x02, msgid);
	put(&m, op->p, op->n);
	if (ctls && ctls->n)
		put_tlv(&m, 0xa0, ctls->p, ctls->n);
	put_tlv(out, 0x30, m.p, m.n);
	bytes_free(&m);
}

static unsigned char result_tag(unsigned char op)
{
	switch (op) {
	case 0x60: return 0x61; /* bind */
	case 0x66: return 0x67; /* modify */
	case 0x68: return 0x69; /* add */
	case 0x4a: return 0x6b; /* delete */
	case 0x6c: return 0x6d; /* modify DN */
	case 0x6e: return 0x6f; /* compare */
	case 0x77: return 0x78; /* extended */
	default: return 0x65;   /* search */
	}
}

static bool answer(struct responder *r, const struct request *q, const struct answer *a)
{
	struct bytes out = { 0 }, op = { 0 }, body = { 0 };
	bool ok;

	/* Hanging up after the answer: the client's next request must meet a
	 * closed connection whatever the threads' timing, so reading stops
	 * first (a write to a socket whose peer stopped reading fails). */
	if (a->hangup)
		shutdown(r->fd, SHUT_RD);
	for (size_t i = 0; i < a->n; i++) {
		const struct item *it = &a->items[i];

		op.n = body.n = 0;
		switch (it->kind) {
		case IT_MSG:
			put_msg(&out, q->msgid, &it->b, NULL);
			break;
		case IT_STRAY:
			put_int(&body, 0x0a, 0);
			put_tlv(&body, 0x04, "", 0);
			put_tlv(&body, 0x04, "", 0);
			put_tlv(&op, result_tag(q->op), body.p, body.n);
			put_msg(&out, q->msgid + 100, &op, NULL);
			break;
		case IT_NOTICE: {
			static const char oid[] = "1.3.6.1.4.1.1466.20036";
			put_int(&body, 0x0a, 52); /* unavailable */
			put_tlv(&body, 0x04, "", 0);
			put_tlv(&body, 0x04, "", 0);
			put_tlv(&body, 0x8a, oid, sizeof(oid) - 1);
			put_tlv(&op, 0x78, body.p, body.n);
			put_msg(&out, 0, &op, NULL);
			break;
		}
		case IT_DONE:
			put_tlv(&op, result_tag(q->op), it->b.p, it->b.n);
			put_msg(&out, q->msgid, &op, &it->ctls);
			r->last_ctls.n = 0;
			put(&r->last_ctls, it->ctls.p, it->ctls.n);
			break;
		case IT_RAW:
			put(&out, it->b.p, it->b.n);
			break;
		case IT_CLOSE:
			break;
		}
	}
	ok = write_full(r->fd, out.p, out.n);
	bytes_free(&out);
	bytes_free(&op);
	bytes_free(&body);
	return ok && a->done && !a->hangup;
}

static bool contains(const struct bytes *hay, const struct rd *needle)
{
	for (size_t i = 0; needle->n <= hay->n && i <= hay->n - needle->n; i++)
		if (!memcmp(hay->p + i, needle->p, needle->n))
			return true;
	return false;
}

static void *respond(void *arg)
{
	struct responder *r = arg;
	struct bytes req = { 0 };
	struct request q;

	for (;;) {
		if (!read_request(r->fd, &req))
			break; /* the client closed */
		if (!parse_request(&req, &q))
			die("a request that is not an LDAPMessage");
		if (q.op == 0x42) /* unbind */
			break;
		if (q.op == 0x50) /* abandon */
			continue;
		r->requests++;
		say("  request %ld: op 0x%02x base \"%.*s\" scope %d%s%s\n", q.msgid, q.op,
		    (int)q.base.n, q.base.p ? (const char *)q.base.p : "", q.scope,
		    q.paged ? " paged" : "", q.cookie.n ? " +cookie" : "");
		if (q.op == 0x63) {
			if (q.scope == LDAP_SCOPE_BASE ? q.paged : !q.paged || !q.paged_critical)
				die("a %s search %s the (critical) paged results control",
				    q.scope == LDAP_SCOPE_BASE ? "base" : "one- or multi-level",
				    q.scope == LDAP_SCOPE_BASE ? "carries" : "lacks");
			if (q.cookie.n && !contains(&r->last_ctls, &q.cookie))
				die("a page asked with a cookie the server did not send last");
		}
		if (r->next == r->s->n) {
			r->hung_up = true; /* the script is exhausted */
			break;
		}
		if (!answer(r, &q, &r->s->answers[r->next++])) {
			r->hung_up = true;
			break;
		}
	}
	close(r->fd);
	bytes_free(&req);
	return NULL;
}

/* ---- the calls --------------------------------------------------------------- */

static int check(int rc, const char *what)
{
	const cadcom_error *err = cadcom_error_last();
	const char *msg = err ? cadcom_error_message(err) : NULL;

	say("    %s -> %d%s%s\n", what, rc, rc < 0 && msg ? ": " : "", rc < 0 && msg ? msg : "");
	if (rc >= 0)
		return rc;
	if (rc < CADCOM_ESCOPE || !err || cadcom_error_code(err) != rc || !msg || !*msg)
		die("%s: failure %d without its error", what, rc);
	/* Memory does not run out here: that would be a wrong error. */
	if (rc == CADCOM_ENOMEM)
		die("%s: CADCOM_ENOMEM for an answer", what);
	return rc;
}

static cadcom_sid *sid_of(const char *text)
{
	cadcom_sid *sid = NULL;

	if (cadcom_sid_from_string(&sid, text, NULL)) {
		cadcom_error_clear();
		return NULL;
	}
	return sid;
}

/* "A B" → the SIDs A and B. */
static bool two_sids(const char *arg, cadcom_sid **a, cadcom_sid **b)
{
	const char *sp = strchr(arg, ' ');
	char *first;

	*a = *b = NULL;
	if (!sp)
		return false;
	first = dup_n(arg, (size_t)(sp - arg));
	*a = sid_of(first);
	*b = sid_of(sp + 1);
	free(first);
	if (*a && *b)
		return true;
	cadcom_sid_free(*a);
	cadcom_sid_free(*b);
	*a = *b = NULL;
	return false;
}

static int count_value(void *arg, const struct berval *v)
{
	if (!v || !v->bv_val)
		die("a ranged value without bytes");
	++*(size_t *)arg;
	return 0;
}

static void call_members(cadcom_directory *dir, const cadcom_sid *g)
{
	for (size_t i = 0; i < MAX_MEMBERS_READ; i++) {
		cadcom_sid *m = NULL;
		char *name = NULL;
		int rc;

		cadcom_error_clear();
		rc = cadcom_directory_member(dir, g, i, &m);
		if (rc == CADCOM_ENOTFOUND && !cadcom_error_last()) {
			say("    %zu members\n", i);
			return; /* the end */
		}
		if (check(rc, "member"))
			return;
		if (!m)
			die("a member without its SID");
		/* The first question about a member learns them all. */
		if (i < 3) {
			cadcom_error_clear();
			if (!check(cadcom_directory_lookup_sid(dir, m, &name), "member's name") && !name)
				die("a name lookup without the name");
			cadcom_free(name);
		}
		cadcom_sid_free(m);
	}
}

static void call_cas(cadcom_ad *ad)
{
	cadcom_ad_cas *cas = NULL;
	int rc = check(cadcom_ad_find_cas(ad, &cas), "find CAs");

	if (rc && cas)
		die("CAs handed out with a failure");
	if (rc)
		return;
	if (!cas)
		die("no CAs handed out");
	for (size_t i = 0; i < cadcom_ad_cas_count(cas); i++) {
		if (!cadcom_ad_cas_name(cas, i))
			die("a CA without a name");
		for (size_t j = 0; j < cadcom_ad_cas_template_count(cas, i); j++)
			if (!cadcom_ad_cas_template(cas, i, j))
				die("a CA's template without a name");
	}
	cadcom_ad_cas_free(cas);
}

static void call_discover(cadcom_ad *ad, const char *host)
{
	cadcom_topology *t = NULL;
	char *json = NULL;
	int rc = check(cadcom_ad_discover(ad, host, &t), "discover");

	if (rc ? t != NULL : t == NULL)
		die("discover: topology and result disagree");
	if (rc)
		return;
	if (!cadcom_topology_host(t))
		die("a topology without its host");
	cadcom_error_clear();
	check(cadcom_topology_to_json(t, &json), "topology to JSON");
	cadcom_free(json);
	cadcom_topology_free(t);
}

static void call_template(cadcom_ad *ad, const char *name)
{
	cadcom_sd *sd = NULL;
	char *sddl = NULL;
	int rc = check(cadcom_ad_template_security(ad, name, &sd), "template");

	if (rc ? sd != NULL : sd == NULL)
		die("template: descriptor and result disagree");
	if (rc)
		return;
	cadcom_error_clear();
	check(cadcom_sd_to_sddl(sd, cadcom_ad_domain_sid(ad), 0, &sddl), "template to SDDL");
	cadcom_free(sddl);
	cadcom_sd_free(sd);
}

/* "SID LOGON": the session's token, or the directory's (`dir`). */
static void call_token(cadcom_ad *ad, const char *arg, bool dir)
{
	const char *sp = strchr(arg, ' ');
	char *text = dup_n(arg, sp ? (size_t)(sp - arg) : strlen(arg));
	cadcom_sid *sid = sid_of(text);
	cadcom_token *t = NULL;
	int rc, logon;

	free(text);
	if (!sid)
		return;
	logon = sp ? atoi(sp + 1) : CADCOM_LOGON_NETWORK;
	rc = check(dir ? cadcom_token_from_directory(cadcom_ad_directory(ad), sid, logon, &t)
		       : cadcom_ad_token(ad, sid, logon, &t),
		   "token");
	if (rc ? t != NULL : t == NULL)
		die("token: token and result disagree");
	if (!rc && !cadcom_sid_equal(cadcom_token_user(t), sid))
		die("a token of another user");
	cadcom_token_free(t);
	cadcom_sid_free(sid);
}

static void call_resolve(cadcom_ad *ad, const char *who, bool want_dn)
{
	cadcom_sid *sid = NULL;
	char *dn = NULL;
	int rc = check(cadcom_ad_resolve(ad, who, &sid, want_dn ? &dn : NULL), "resolve");

	if (rc ? sid || dn : !sid)
		die("resolve: SID and result disagree");
	cadcom_sid_free(sid);
	cadcom_free(dn);
}

/* "STEP ATTR DN": range retrieval as the session layer offers it. */
static void call_ranged(cadcom_ad *ad, const char *arg)
{
	char *end, *attr, *dn;
	unsigned long step = strtoul(arg, &end, 10);
	size_t n = 0;

	if (*end != ' ' || !(dn = strchr(end + 1, ' ')))
		return;
	attr = dup_n(end + 1, (size_t)(dn - end - 1));
	check(cadcom__ldap_values_ranged(ad->c, dn + 1, attr, (unsigned)(step % 100000),
					 count_value, &n), "ranged");
	say("    %zu values\n", n);
	free(attr);
}

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* The responder answers or hangs up at once: waiting out the timeout is a
 * request left unanswered, i.e. the harness out of step with libldap. */
static void check_time(double t0, const char *what)
{
	if (now_ms() - t0 >= TIMEOUT_MS - 500)
		die("%s waited for its timeout", what);
}

static void run_call(cadcom_ad *ad, const struct call *c)
{
	cadcom_directory *dir = cadcom_ad_directory(ad);
	const char *v = c->verb, *a = c->arg;
	cadcom_sid *s1 = NULL, *s2 = NULL;
	char *name = NULL;
	int rc, kind = -1, scope = -1;
	double t0 = now_ms();

	cadcom_error_clear();
	say("call %s %s\n", v, a);
	if (!strcmp(v, "resolve") || !strcmp(v, "sid")) {
		call_resolve(ad, a, !strcmp(v, "resolve"));
	} else if (!strcmp(v, "lookup")) {
		rc = check(cadcom_directory_lookup_name(dir, a, &s1), "lookup name");
		if (rc ? s1 != NULL : s1 == NULL)
			die("lookup: SID and result disagree");
	} else if (!strcmp(v, "name") && (s1 = sid_of(a))) {
		rc = check(cadcom_directory_lookup_sid(dir, s1, &name), "lookup SID");
		if (rc ? name != NULL : name == NULL)
			die("lookup SID: name and result disagree");
	} else if (!strcmp(v, "info") && (s1 = sid_of(a))) {
		rc = check(cadcom_directory_info(dir, s1, &kind, &scope), "info");
		if (!rc && (kind < CADCOM_PRINCIPAL_USER || kind > CADCOM_PRINCIPAL_WELL_KNOWN ||
			    scope < CADCOM_SCOPE_NONE || scope > CADCOM_SCOPE_COMPUTER_LOCAL))
			die("info: kind %d scope %d", kind, scope);
	} else if (!strcmp(v, "members") && (s1 = sid_of(a))) {
		call_members(dir, s1);
	} else if (!strcmp(v, "ismember") && two_sids(a, &s1, &s2)) {
		check(cadcom_directory_is_member(dir, s1, s2), "is member");
	} else if (!strcmp(v, "add") && two_sids(a, &s1, &s2)) {
		check(cadcom_directory_add_member(dir, s1, s2), "add member");
	} else if (!strcmp(v, "remove") && two_sids(a, &s1, &s2)) {
		check(cadcom_directory_remove_member(dir, s1, s2), "remove member");
	} else if (!strcmp(v, "describe")) {
		/* SID KIND SCOPE NAME */
		char sid[200] = "", who[200] = "";
		if (sscanf(a, "%199s %d %d %199[^\n]", sid, &kind, &scope, who) >= 3 &&
		    (s1 = sid_of(sid)))
			check(cadcom_directory_add(dir, s1, *who ? who : NULL, kind, scope), "describe");
	} else if (!strcmp(v, "token")) {
		call_token(ad, a, false);
	} else if (!strcmp(v, "dtoken")) {
		call_token(ad, a, true);
	} else if (!strcmp(v, "cas")) {
		call_cas(ad);
	} else if (!strcmp(v, "discover")) {
		call_discover(ad, a);
	} else if (!strcmp(v, "template")) {
		call_template(ad, a);
	} else if (!strcmp(v, "create")) {
		/* SCOPE NAME, in this domain */
		char *end;
		scope = (int)strtol(a, &end, 10);
		if (*end == ' ') {
			rc = check(cadcom_directory_create_group(dir, cadcom_ad_domain_sid(ad), end + 1,
								 scope, &s1),
				   "create group");
			if (rc ? s1 != NULL : s1 == NULL)
				die("create: SID and result disagree");
		}
	} else if (!strcmp(v, "createin")) {
		/* DOMAIN SCOPE NAME: the directory's create in any domain */
		char dom[200], who[200];
		if (sscanf(a, "%199s %d %199[^\n]", dom, &scope, who) == 3 && (s2 = sid_of(dom))) {
			rc = check(cadcom_directory_create_group(dir, s2, who, scope, &s1), "create group");
			if (rc ? s1 != NULL : s1 == NULL)
				die("create: SID and result disagree");
		}
	} else if (!strcmp(v, "delete") && (s1 = sid_of(a))) {
		check(cadcom_directory_delete_group(dir, s1), "delete group");
	} else if (!strcmp(v, "ranged")) {
		call_ranged(ad, a);
	} else if (!strcmp(v, "forget")) {
		cadcom__ad_forget_all(ad);
	}
	cadcom_free(name);
	cadcom_sid_free(s1);
	cadcom_sid_free(s2);
	check_time(t0, v);
}

/* ---- one session --------------------------------------------------------------- */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	trace = getenv("FUZZ_LDAP_TRACE") != NULL;
	/* libldap writes with write(2): a server gone must not kill us. */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static void check_session(const cadcom_ad *ad)
{
	const cadcom_sid *sid = cadcom_ad_domain_sid(ad);

	if (!cadcom_ad_domain(ad) || !cadcom_ad_netbios(ad) || !cadcom_ad_forest(ad) ||
	    !cadcom_ad_base_dn(ad) || !cadcom_ad_config_dn(ad) || !cadcom_ad_dc_host(ad) ||
	    !cadcom_ad_env((cadcom_ad *)ad) || !cadcom_ad_directory((cadcom_ad *)ad))
		die("an open session lacks what it read");
	if (!sid || sid->authority != 5 || sid->count < 4 || sid->sub[0] != 21)
		die("an open session whose domain SID is not one");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct script s;
	struct responder r = { 0 };
	struct ldap_conn *c = NULL;
	cadcom_ad *ad = NULL;
	uint64_t ops = 0;
	int sv[2], rc;

	script_parse(&s, data, size);
	/* libldap 2.5.13 leaks by itself on some hostile bytes: try_read1msg()
	 * drops the message of a Notice of Disconnection, and a request whose
	 * answer fails to decode keeps a reference ldap_ld_free() honours.  Its
	 * frames have no frame pointers, so LeakSanitizer's fast unwinding
	 * cannot tell them from ours: a session that meets such bytes is not
	 * checked for leaks (well-formed hostile answers are). */
	if (s.wild)
		LEAKS_UNCHECKED();
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		die("socketpair: %s", strerror(errno));
	r.fd = sv[1];
	r.s = &s;
	if (pthread_create(&r.thread, NULL, respond, &r))
		die("pthread_create failed");
	say("open\n");
	cadcom_error_clear();
	/* An address, should anything try to connect to it. */
	rc = check(cadcom__ldap_open_fd(&c, sv[0], "127.0.0.1", TIMEOUT_MS), "open the connection");
	if (!rc) {
		double t0 = now_ms();

		cadcom_error_clear();
		rc = check(cadcom__ad_open_conn(&ad, c), "open the session");
		check_time(t0, "open");
		if (rc ? ad != NULL : ad == NULL)
			die("open: session and result disagree");
	}
	if (!rc) {
		check_session(ad);
		for (size_t i = 0; i < s.ncalls; i++)
			run_call(ad, &s.calls[i]);
		ops = cadcom_ad_operations(ad);
	}
	cadcom_ad_close(ad); /* unbinds: the responder sees the end */
	pthread_join(r.thread, NULL);
	/* More may be counted than arrive (libldap fails some on a connection
	 * it knows dead), never fewer: "nothing sent" is proved by the count. */
	if (ad && ops < r.requests)
		die("%llu operations counted, %lu seen by the server", (unsigned long long)ops,
		    r.requests);
	bytes_free(&r.last_ctls);
	if (s.wild)
		LEAKS_CHECKED();
	script_free(&s);
	return 0;
}
