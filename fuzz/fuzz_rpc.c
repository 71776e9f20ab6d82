/*
 * libFuzzer harness for our DCE/RPC codec (lib/rpc/ndr.c, lib/rpc/pdu.c):
 * the bytes a hostile server could send.
 *
 * Input: anything.  It is read three ways:
 *   1. one bind_ack/bind_nak PDU (call_id taken from its own header, so the
 *      parse gets past that check);
 *   2. a response stream: split into PDUs by each header's frag_length (a
 *      frag_length that does not fit ends the stream with what is left, as
 *      one PDU) and fed to rpc_reply_add until it fails, or ends with a
 *      PDU after the last fragment (which must be refused); a stub it
 *      accepted is cut into fragments again with rpc_pdu_request, at a
 *      fragment size taken from the input's last byte, and reassembled;
 *   3. an NDR stub: a policy handle, two string headers and their bodies,
 *      a SID, a varying byte array, and a few integers.
 * The seed corpus in fuzz/corpus/rpc/ has bind_acks, bind_naks, responses,
 * faults and stubs; response_over_4k is a two-fragment response of 4,356
 * stub bytes, past the first buffer the reassembly allocates.
 *
 * Properties checked (abort() on violation, so libFuzzer keeps the input):
 *   - nothing is read outside the bytes given (every piece is an exact-size
 *     heap copy for ASan), nothing leaks;
 *   - a failure records an error with the same code, a message, and an
 *     offset in [0, n] or -1;
 *   - decoders fail only with the codes their contract allows;
 *   - accepted fragment sizes are in [RPC_MIN_FRAG, RPC_MAX_FRAG]; a
 *     reassembled stub is never larger than RPC_REPLY_MAX; a fault leaves a
 *     non-zero status and `done`; nothing is accepted after `done`;
 *   - a stub cut into fragments (each within the size, a multiple of 8
 *     stub bytes but the last, FIRST and LAST flags on the right ones)
 *     reassembles to the same bytes;
 *   - a decoded string or SID encodes again and decodes to the same value.
 *
 * Built by a script, not by automake (setup.sh's fuzz_smoke also needs
 * lib/rpc/ndr.c and lib/rpc/pdu.c on its command line):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude
 *     -I<builddir>/include -I<builddir> -DCADCOM_BUILDING_LIBRARY
 *     fuzz/fuzz_rpc.c lib/rpc/ndr.c lib/rpc/pdu.c lib/core/[the .c files]
 *     -o fuzz_rpc
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../lib/rpc/rpc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what)
{
	const cadcom_error *err = cadcom_error_last();

	fprintf(stderr, "fuzz_rpc: %s\n", what);
	if (err)
		fprintf(stderr, "  last error: %s\n", cadcom_error_message(err));
	abort();
}

/* A failure `rc` of a decoder given n bytes; `allowed` lists its codes. */
static void check_error(int rc, size_t n, const int *allowed, size_t count)
{
	const cadcom_error *err = cadcom_error_last();
	long off;
	size_t i;

	if (rc >= 0 || !err || cadcom_error_code(err) != rc)
		die("a failure without its recorded error");
	for (i = 0; i < count && allowed[i] != rc; i++)
		;
	if (i == count)
		die("a failure with a code the contract does not allow");
	if (!cadcom_error_message(err)[0])
		die("an error without a message");
	off = cadcom_error_offset(err);
	if (off != -1 && (off < 0 || (size_t)off > n))
		die("error offset outside [0, n]");
}

static const int bind_codes[] = { CADCOM_EPROTO, CADCOM_EUNSUPPORTED };
static const int reply_codes[] = { CADCOM_EPROTO, CADCOM_ERPCFAULT, CADCOM_ELIMIT };
static const int stub_codes[] = { CADCOM_EPROTO, CADCOM_ENOMEM };

static unsigned char *copy(const uint8_t *p, size_t n)
{
	unsigned char *q = malloc(n ? n : 1);

	if (!q)
		abort();
	if (n)
		memcpy(q, p, n);
	return q;
}

static uint32_t call_id_of(const unsigned char *p, size_t n)
{
	return n >= RPC_HDR_LEN ? (uint32_t)p[12] | (uint32_t)p[13] << 8 |
					  (uint32_t)p[14] << 16 | (uint32_t)p[15] << 24
				: 0;
}

static void bind_ack(const uint8_t *data, size_t size)
{
	unsigned char *pdu = copy(data, size);
	struct rpc_bind_result r;
	int rc;

	cadcom_error_clear();
	rc = rpc_pdu_bind_ack(pdu, size, call_id_of(pdu, size), &r);
	if (rc)
		check_error(rc, size, bind_codes, ARRAY_SIZE(bind_codes));
	else if (r.max_xmit < RPC_MIN_FRAG || r.max_xmit > RPC_MAX_FRAG ||
		 r.max_recv < RPC_MIN_FRAG || r.max_recv > RPC_MAX_FRAG)
		die("an accepted fragment size outside [RPC_MIN_FRAG, RPC_MAX_FRAG]");
	free(pdu);
}

/* A response of `n` stub bytes cut into fragments of at most `max_frag`
 * bytes by our request builder must reassemble to the same bytes: with
 * opnum 0, a request fragment is a response but for its type. */
static void refragment(const unsigned char *stub, size_t n, size_t max_frag, uint32_t call_id)
{
	struct rpc_reply r = { 0 };
	struct ndr_out o;
	size_t off = 0, used, frags = 0;

	ndr_out_init(&o);
	do {
		o.len = 0;
		if (rpc_pdu_request(&o, call_id, 0, n ? stub : NULL, n, off, max_frag, &used))
			die("a stub that does not cut into fragments");
		if (o.len > max_frag || (off + used < n && (!used || used % 8)) ||
		    !(o.data[3] & RPC_PFC_FIRST) != (off > 0) ||
		    !(o.data[3] & RPC_PFC_LAST) != (off + used < n))
			die("a fragment over its size, of an odd length, or with wrong flags");
		o.data[2] = RPC_PTYPE_RESPONSE;
		if (rpc_reply_add(&r, o.data, o.len, call_id))
			die("our own fragments are refused");
		off += used;
		frags++;
	} while (off < n);
	if (!r.done || r.len != n || r.frags != frags || (n && memcmp(r.stub, stub, n) != 0))
		die("a stub does not survive fragmenting and reassembly");
	rpc_reply_free(&r);
	ndr_out_free(&o);
}

static void reply(const uint8_t *data, size_t size)
{
	struct rpc_reply r = { 0 };
	uint32_t call_id = call_id_of(data, size);
	size_t off = 0;
	int rc = 0;

	/* Past `done` too: what follows the last fragment must be refused. */
	while (off < size && rc == 0) {
		size_t left = size - off, n = left;
		bool done = r.done;
		unsigned char *pdu;

		if (left >= RPC_HDR_LEN) {
			size_t frag = (size_t)data[off + 8] | (size_t)data[off + 9] << 8;
			if (frag >= RPC_HDR_LEN && frag <= left)
				n = frag;
		}
		pdu = copy(data + off, n);
		cadcom_error_clear();
		rc = rpc_reply_add(&r, pdu, n, call_id);
		free(pdu);
		if (rc)
			check_error(rc, n, reply_codes, ARRAY_SIZE(reply_codes));
		if (rc == CADCOM_ERPCFAULT && (!r.done || r.fault == 0))
			die("a fault without done and a status");
		if (rc != CADCOM_ERPCFAULT && r.fault != 0)
			die("a fault status without CADCOM_ERPCFAULT");
		if (r.len > RPC_REPLY_MAX || r.len > r.cap)
			die("a reassembled stub over its limit or its buffer");
		if (done && rc == 0)
			die("a PDU accepted after the last fragment");
		off += n;
	}
	/* Fragments of 32 to 2072 bytes: from 1 to 256 stub chunks of 8. */
	if (r.done && !r.fault && size)
		refragment(r.stub, r.len, RPC_REQ_HDR_LEN + 8 * ((size_t)data[size - 1] + 1), call_id);
	rpc_reply_free(&r);
}

/* The decoded string must survive encoding and decoding again. */
static void string_round_trip(const char *text)
{
	struct ndr_out o;
	struct ndr_in in;
	struct ndr_ustr s;
	char *back = NULL;

	/* UTF-8 takes at least one byte per UTF-16 unit: this fits the limit. */
	if (strlen(text) >= 32766)
		return;
	ndr_out_init(&o);
	ndr_put_ustr_hdr(&o, text, true);
	ndr_put_ustr_body(&o, text, true);
	if (o.err)
		die("a decoded string does not encode");
	ndr_in_init(&in, o.data, o.len);
	if (ndr_get_ustr_hdr(&in, &s) || ndr_get_ustr_body(&in, &s, &back) || !back ||
	    strcmp(back, text) != 0)
		die("a decoded string does not survive a round trip");
	free(back);
	ndr_out_free(&o);
}

static void sid_round_trip(const struct cadcom_sid *sid)
{
	struct ndr_out o;
	struct ndr_in in;
	struct cadcom_sid back;

	ndr_out_init(&o);
	ndr_put_sid(&o, sid);
	ndr_in_init(&in, o.data, o.len);
	if (o.err || ndr_get_sid(&in, &back) || !cadcom__sid_eq(&back, sid) || in.off != o.len)
		die("a decoded SID does not survive a round trip");
	ndr_out_free(&o);
}

/* The stub decode; returns the first failure (the caller checks it). */
static int stub_steps(struct ndr_in *in, char **a, char **b)
{
	struct rpc_handle h;
	struct ndr_ustr sa, sb;
	struct cadcom_sid sid;
	const unsigned char *view;
	uint32_t max, actual, ref;
	uint64_t v64;
	uint16_t v16;
	uint8_t v8;
	int rc;

	if ((rc = ndr_get_handle(in, &h)) || (rc = ndr_get_ustr_hdr(in, &sa)) ||
	    (rc = ndr_get_ustr_hdr(in, &sb)) || (rc = ndr_get_ustr_body(in, &sa, a)) ||
	    (rc = ndr_get_ustr_body(in, &sb, b)))
		return rc;
	if (*a)
		string_round_trip(*a);
	if (*b)
		string_round_trip(*b);
	if ((rc = ndr_get_ptr(in, &ref)) || (rc = ndr_get_sid(in, &sid)))
		return rc;
	sid_round_trip(&sid);
	if ((rc = ndr_get_varying(in, 4096, &max, &actual)) ||
	    (rc = ndr_get_view(in, actual, &view)) || (rc = ndr_get_u64(in, &v64)) ||
	    (rc = ndr_get_u8(in, &v8)) || (rc = ndr_get_u16(in, &v16)) ||
	    (rc = ndr_get_align(in, 8)))
		return rc;
	if (in->off > in->len)
		die("the input offset ran past the end");
	return 0;
}

static void stub(const uint8_t *data, size_t size)
{
	unsigned char *buf = copy(data, size);
	struct ndr_in in;
	char *a = NULL, *b = NULL;
	int rc;

	ndr_in_init(&in, buf, size);
	cadcom_error_clear();
	rc = stub_steps(&in, &a, &b);
	if (rc)
		check_error(rc, size, stub_codes, ARRAY_SIZE(stub_codes));
	free(a);
	free(b);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bind_ack(data, size);
	reply(data, size);
	stub(data, size);
	return 0;
}
