/*
 * libcadcom — our DCE/RPC client (never installed).
 *
 *   ndr.c    NDR20 marshalling (little-endian, ASCII, IEEE; MS-RPCE 2.2.5, C706 ch. 14)
 *   pdu.c    connection-oriented PDUs: bind/bind_ack/bind_nak, request/response
 *            fragments, faults (C706 ch. 12, MS-RPCE 2.2.2)
 *   pipe.c   the call loop over a transport: call_id matching, fragmentation
 *            both ways, statistics; the libsmbclient named-pipe transport
 *   winreg.c the winreg stubs (MS-RRP)
 *
 * ndr.c and pdu.c do no I/O: they are fed bytes and are fuzzed alone.
 * Every decoding failure is CADCOM_EPROTO with the byte offset of the
 * problem in what was being decoded (the stub, or the PDU).
 */
#ifndef CADCOM_RPC_H
#define CADCOM_RPC_H

#include "../core/internal.h"

/* ---- NDR encoding ------------------------------------------------------ */

/* An output buffer.  Every put is sticky-failing: after the first failure
 * (out of memory, or a value NDR cannot carry) later puts do nothing and
 * `err` keeps the first code, so a stub checks once at the end. */
struct ndr_out {
	unsigned char *data;
	size_t len, cap;
	uint32_t next_ref; /* referent id of the next non-NULL pointer */
	int err;
};

void ndr_out_init(struct ndr_out *o);
void ndr_out_free(struct ndr_out *o);
void ndr_put_align(struct ndr_out *o, size_t n); /* zero bytes up to a multiple of n */
void ndr_put_u8(struct ndr_out *o, uint8_t v);
void ndr_put_u16(struct ndr_out *o, uint16_t v); /* each aligns to its size first */
void ndr_put_u32(struct ndr_out *o, uint32_t v);
void ndr_put_u64(struct ndr_out *o, uint64_t v);
void ndr_put_bytes(struct ndr_out *o, const void *p, size_t n); /* no alignment */
/* A unique or full pointer's referent id: a fresh non-zero id, or 0 (NULL). */
void ndr_put_ptr(struct ndr_out *o, bool present);

/* A 20-byte context handle (policy_handle). */
struct rpc_handle {
	uint8_t bytes[20];
};
void ndr_put_handle(struct ndr_out *o, const struct rpc_handle *h);

/*
 * Counted UTF-16 strings: RPC_UNICODE_STRING (MS-DTYP 2.3.10) and its
 * relatives, {uint16 Length; uint16 MaximumLength; [size_is(MaximumLength/2),
 * length_is(Length/2)] WCHAR *Buffer}.  The text is UTF-8 in our API and
 * UTF-16LE on the wire.  With `nul` the terminating NUL is sent and counted
 * in Length (MS-RRP's RRP_UNICODE_STRING wants it); NULL text is a NULL
 * Buffer with lengths 0.  The header (lengths and pointer) and the body
 * (the deferred conformant varying array) are separate because NDR defers
 * the bodies of embedded pointers: a top-level string is hdr then body, an
 * array of strings is every hdr then every body.  Text that is not UTF-8
 * or longer than 32766 UTF-16 units sets err = CADCOM_EINVAL.
 */
void ndr_put_ustr_hdr(struct ndr_out *o, const char *utf8, bool nul);
void ndr_put_ustr_body(struct ndr_out *o, const char *utf8, bool nul);

/* A SID as dom_sid2: the conformance (sub-authority count, uint32) then the
 * SID's bytes (MS-DTYP 2.4.2.3, RPC_SID). */
void ndr_put_sid(struct ndr_out *o, const struct cadcom_sid *sid);

/* ---- NDR decoding ------------------------------------------------------ */

/* An input view; `off` moves forward.  Functions return 0 or CADCOM_EPROTO
 * with the offset ("NDR: truncated uint32 at offset 40 of 42"). */
struct ndr_in {
	const unsigned char *data;
	size_t len, off;
};

void ndr_in_init(struct ndr_in *in, const unsigned char *data, size_t len);
int ndr_get_align(struct ndr_in *in, size_t n); /* the padding must be there */
int ndr_get_u8(struct ndr_in *in, uint8_t *v);
int ndr_get_u16(struct ndr_in *in, uint16_t *v);
int ndr_get_u32(struct ndr_in *in, uint32_t *v);
int ndr_get_u64(struct ndr_in *in, uint64_t *v);
/* n bytes in place (no copy, no alignment). */
int ndr_get_view(struct ndr_in *in, size_t n, const unsigned char **p);
int ndr_get_ptr(struct ndr_in *in, uint32_t *ref); /* referent id, 0 = NULL */
int ndr_get_handle(struct ndr_in *in, struct rpc_handle *h);

/* A conformant varying array's counts (max_count, offset, actual_count):
 * offset must be 0 and actual <= max <= limit, each checked with the
 * offset of the offending field. */
int ndr_get_varying(struct ndr_in *in, uint32_t limit, uint32_t *max, uint32_t *actual);

struct ndr_ustr {
	uint16_t length, size; /* bytes */
	uint32_t ref;          /* 0: NULL buffer */
};
int ndr_get_ustr_hdr(struct ndr_in *in, struct ndr_ustr *s);
/* The deferred body of `s` (nothing to read when s->ref is 0: *out = NULL).
 * The counts must agree with the header (actual == length/2, max ==
 * size/2, length <= size, both even); one trailing NUL is dropped; the text
 * must be valid UTF-16 (no unpaired surrogate).  Free *out with free(). */
int ndr_get_ustr_body(struct ndr_in *in, const struct ndr_ustr *s, char **out);

/* dom_sid2: the conformance must equal the SID's sub-authority count, at
 * most 15, revision 1. */
int ndr_get_sid(struct ndr_in *in, struct cadcom_sid *sid);

/* ---- PDUs (connection-oriented, MS-RPCE 2.2.2; C706 12.6) ------------- */

enum {
	RPC_PTYPE_REQUEST = 0,
	RPC_PTYPE_RESPONSE = 2,
	RPC_PTYPE_FAULT = 3,
	RPC_PTYPE_BIND = 11,
	RPC_PTYPE_BIND_ACK = 12,
	RPC_PTYPE_BIND_NAK = 13
};
enum { RPC_PFC_FIRST = 0x01, RPC_PFC_LAST = 0x02 };
enum { RPC_HDR_LEN = 16, RPC_REQ_HDR_LEN = 24, RPC_RESP_HDR_LEN = 24 };
/* Our proposal in bind; C706 12.6.3.1 lets the server lower it.  A PDU
 * below 1432 bytes is refused (MS-RPCE 3.3.1.5.2.2: the minimum). */
enum { RPC_MAX_FRAG = 4280, RPC_MIN_FRAG = 1432 };

struct rpc_syntax {
	uint8_t uuid[16]; /* in wire order (little-endian fields) */
	uint16_t major, minor;
};

/* A status code an interface names, and the error it becomes. */
struct rpc_status_name {
	uint32_t status;
	int code;
	const char *name;
};

/* An interface: its name for messages, its pipe ("winreg"), its syntax,
 * the statuses its calls answer with that callers act on (NTSTATUS or
 * WERROR), and which of its calls are write requests: those that change
 * state on the server (bit n for opnum n; none of ours is above 63), which
 * rpc_call counts and test builds may drop the connection at. */
struct rpc_iface {
	const char *name;
	const char *pipe;
	struct rpc_syntax syntax;
	bool ntstatus;
	const struct rpc_status_name *statuses;
	size_t nstatuses;
	uint64_t writes;
};
#define RPC_OPNUM_BIT(op) ((uint64_t)1 << (op))

/* The 16-byte common header.  Checks version 5.0, little-endian integer
 * and ASCII character representation, frag_length >= 16 and auth_length 0
 * (we bind without authentication: the SMB session carries it). */
struct rpc_hdr {
	uint8_t ptype, flags;
	uint16_t frag_length, auth_length;
	uint32_t call_id;
};
int rpc_hdr_parse(const unsigned char *p, size_t n, struct rpc_hdr *h);

/* A bind PDU for one presentation context (id 0, NDR20). */
int rpc_pdu_bind(struct ndr_out *o, uint32_t call_id, uint16_t max_xmit, uint16_t max_recv,
		 const struct rpc_syntax *abstract);

struct rpc_bind_result {
	uint16_t max_xmit, max_recv; /* what the server accepts: the fragment sizes */
	uint32_t assoc_group;
};
/*
 * A full bind_ack or bind_nak PDU answering `call_id`.  bind_nak, or a
 * bind_ack whose one result is not "acceptance", is CADCOM_EUNSUPPORTED
 * with the reason in words; anything malformed CADCOM_EPROTO.  The sizes
 * must be at least RPC_MIN_FRAG and are capped to what we proposed.
 */
int rpc_pdu_bind_ack(const unsigned char *pdu, size_t n, uint32_t call_id,
		     struct rpc_bind_result *r);

/*
 * One request fragment carrying stub[offset..) of a stub of `stub_len`
 * bytes, at most `max_frag` bytes in all (so at most max_frag - 24 of stub;
 * stub chunks of a multiple of 8 except the last, C706 12.6.3.7).  FIRST is
 * set when offset is 0, LAST on the fragment that carries the end;
 * alloc_hint is the stub bytes remaining.  *used is the stub bytes taken.
 */
int rpc_pdu_request(struct ndr_out *o, uint32_t call_id, uint16_t opnum, const unsigned char *stub,
		    size_t stub_len, size_t offset, size_t max_frag, size_t *used);

/* A response being reassembled. */
struct rpc_reply {
	unsigned char *stub; /* malloc'd; free with free() */
	size_t len, cap;
	unsigned frags;
	bool done;    /* the LAST fragment was seen */
	uint32_t fault; /* the status of a fault PDU, else 0 */
};
enum { RPC_REPLY_MAX = 16 << 20 }; /* a stub larger than this is refused (CADCOM_ELIMIT) */

/*
 * Take one complete PDU (header + body) of the response to `call_id`.
 * A response fragment: call_id must match, FIRST exactly on the first, the
 * stub is appended (alloc_hint is only a hint, never trusted for sizes);
 * LAST sets done.  A fault PDU for this call: done, fault = its status, and
 * CADCOM_ERPCFAULT with rpc_fault_name().  Any other type or a wrong
 * call_id: CADCOM_EPROTO.
 */
int rpc_reply_add(struct rpc_reply *r, const unsigned char *pdu, size_t n, uint32_t call_id);
void rpc_reply_free(struct rpc_reply *r);

/* "nca_s_op_rng_error (0x1c010002)"-style name of a fault status; unknown
 * statuses give "0x%08x" (in a thread-local buffer). */
const char *rpc_fault_name(uint32_t status);

/* ---- the call loop (pipe.c) --------------------------------------------- */

struct rpc_stats {
	uint64_t calls, frags_sent, frags_received;
	uint64_t writes; /* write requests (rpc_iface.writes) sent */
};

/*
 * Fault injection, for tests only: compiled with CADCOM_TEST_HOOKS (the
 * test library; store.h's cadcom__target_fault).  A session's connection
 * "drops" at the write request that brings `left` to 0: before it is sent
 * or after (then its reply is never read); from then on every call on the
 * session fails with CADCOM_ECONNECT.
 */
struct rpc_fault;
#ifdef CADCOM_TEST_HOOKS
struct rpc_fault {
	unsigned left;  /* write requests until the drop, that one counted; 0: none armed */
	bool before;    /* the request the drop strikes is not sent */
	bool dropped;   /* it struck: the session is gone */
};
#endif

/* A byte stream to the server: write all n bytes, read exactly n bytes.
 * Each returns 0 or a CADCOM_E* code with the error already recorded. */
struct rpc_io {
	int (*write)(void *ctx, const unsigned char *p, size_t n);
	int (*read)(void *ctx, unsigned char *p, size_t n);
	void *ctx;
};

/* One bound pipe.  Not shared between threads. */
struct rpc_conn {
	struct rpc_io io;
	const struct rpc_iface *iface;
	const char *host;   /* for messages */
	uint16_t max_xmit, max_recv;
	uint32_t call_id;   /* of the last call */
	struct rpc_stats *stats;
	bool broken;        /* the stream is out of step: no further calls */
	/* The session's fault state in test builds, else NULL.  The field is
	 * there in every build so that tests, which make their own rpc_conn,
	 * agree on its layout with either library. */
	struct rpc_fault *fault;
};

/* Bind c->iface.  Errors name the host and the pipe. */
int rpc_bind(struct rpc_conn *c);
/*
 * Call `opnum` (named `call` in messages) with the stub in `req`; the
 * response stub lands in `rep` (free with rpc_reply_free, also on error).
 * Errors name host, pipe and call: "dc1.contoso.test \\pipe\\winreg
 * QueryValue: ...".  A fault is CADCOM_ERPCFAULT, or CADCOM_EACCESS for
 * nca_s_fault_access_denied.  Any other failure leaves the pipe out of
 * step: every later call on it fails with CADCOM_ECONNECT (the session
 * must be opened again).
 */
int rpc_call(struct rpc_conn *c, uint16_t opnum, const char *call, const struct ndr_out *req,
	     struct rpc_reply *rep);

/* Record an error for a call's result status (a WERROR or NTSTATUS):
 * access denied → CADCOM_EACCESS, any other → CADCOM_ESERVER, each naming
 * host, pipe and call (rpc_stub_status_error names an interface's own). */
int rpc_status_error(const struct rpc_conn *c, const char *call, uint32_t status, bool ntstatus,
		     const char *what);

/* ---- what every stub shares (stub.c) ------------------------------------- */

/* One call being made: its request, then its reply being decoded. */
struct rpc_stub {
	struct rpc_conn *c;
	const char *name; /* the call's name in messages: "QueryValue" */
	struct ndr_out req;
	struct rpc_reply rep;
	struct ndr_in in;
};

void rpc_stub_init(struct rpc_stub *k, struct rpc_conn *c, const char *name);
void rpc_stub_done(struct rpc_stub *k);
/* rpc_call with k->req; k->in then reads the reply. */
int rpc_stub_run(struct rpc_stub *k, uint16_t opnum);
/* Name a decoding failure `rc` of the reply (host, pipe, call); returns rc. */
int rpc_stub_bad_reply(struct rpc_stub *k, int rc);
/* The trailing status, which must end the reply. */
int rpc_stub_status(struct rpc_stub *k, uint32_t *status);
/* The error for a failure status: the interface's named ones, else as
 * rpc_status_error.  `what` (may be NULL) names the object. */
int rpc_stub_status_error(const struct rpc_stub *k, uint32_t status, const char *what);
/* Run a call whose reply is a context handle and the status; *h is set
 * only when the reply is whole and the status 0. */
int rpc_stub_handle(struct rpc_stub *k, uint16_t opnum, struct rpc_handle *h, const char *what);
/* A conformant array's max_count, which must repeat the count before it. */
int rpc_get_conformance(struct ndr_in *in, uint32_t count);

enum { RPC_SID_TEXT = 192 }; /* "S-1-0x" + 12 hex digits + 15 x "-4294967295" */
/* A SID for a message, in buf. */
const char *rpc_sid_text(const struct cadcom_sid *sid, char buf[RPC_SID_TEXT]);

/* ---- SMB sessions (smb.c) ------------------------------------------------ */

struct cadcom_credentials;
struct cadcom_remote_options;
struct rpc_session;

/* One SMB session to `host` with `cred` (it keeps a reference); `opts`
 * NULL for the defaults. */
int rpc_session_open(struct rpc_session **out, const char *host,
		     const struct cadcom_credentials *cred, const struct cadcom_remote_options *opts);
/* The session's pipe for `iface`, opened and bound on first use. */
int rpc_session_pipe(struct rpc_session *s, const struct rpc_iface *iface, struct rpc_conn **out);
const struct rpc_stats *rpc_session_stats(const struct rpc_session *s);
const char *rpc_session_host(const struct rpc_session *s);
/* Have `tap` see every byte written (out) and read on the session's pipes
 * opened from now on: how tests/gen/rpc_capture records a session. */
typedef void rpc_tap_fn(void *arg, bool out, const unsigned char *p, size_t n);
void rpc_session_tap(struct rpc_session *s, rpc_tap_fn *tap, void *arg);
#ifdef CADCOM_TEST_HOOKS
/* The session's fault state, shared by its pipes: for the target to arm,
 * and to carry over to the session that replaces this one. */
struct rpc_fault *rpc_session_fault(struct rpc_session *s);
#endif
void rpc_session_free(struct rpc_session *s);

#endif
