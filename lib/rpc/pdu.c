/*
 * Connection-oriented DCE/RPC PDUs (C706 ch. 12.6, MS-RPCE 2.2.2): the bind
 * we send, the bind_ack/bind_nak we read, request fragments, response
 * reassembly and faults.
 *
 * Every PDU handed in is complete (the pipe splits the byte stream by
 * frag_length), so each reader first checks that frag_length is exactly the
 * bytes given and at least the fixed part of its type; after that, fixed
 * fields are read without further checks and only variable parts (the
 * secondary address, the result list) need their own bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include "rpc.h"

/* Fixed sizes of the PDUs (C706 12.6.4). */
enum {
	BIND_LEN = 72,     /* header, sizes, one context with one transfer syntax */
	BIND_ACK_MIN = 26, /* header, sizes, assoc_group, sec_addr length */
	BIND_NAK_MIN = 18, /* header, provider_reject_reason */
	FAULT_LEN = 32,    /* header, alloc_hint, ids, status, reserved (C706 12.6.4.7) */
	SYNTAX_LEN = 20,   /* uuid and u32 version */
	RESULT_LEN = 4 + SYNTAX_LEN
};

/* NDR 2.0: 8a885d04-1ceb-11c9-9fe8-08002b104860 version 2, wire order. */
static const unsigned char ndr20_syntax[SYNTAX_LEN] = {
	0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11, 0x9f, 0xe8,
	0x08, 0x00, 0x2b, 0x10, 0x48, 0x60, 0x02, 0x00, 0x00, 0x00,
};

/* The common header: version 5.0, NDR little-endian/ASCII/IEEE, no auth. */
static void set_hdr(unsigned char *p, uint8_t ptype, uint8_t flags, size_t frag_len,
		    uint32_t call_id)
{
	static const unsigned char start[8] = { 5, 0, 0, 0, 0x10, 0, 0, 0 };

	memcpy(p, start, sizeof(start));
	p[2] = ptype;
	p[3] = flags;
	cadcom__put_le16(p + 8, (uint16_t)frag_len);
	cadcom__put_le16(p + 10, 0);
	cadcom__put_le32(p + 12, call_id);
}

int rpc_hdr_parse(const unsigned char *p, size_t n, struct rpc_hdr *h)
{
	if (n < RPC_HDR_LEN)
		return cadcom__error(CADCOM_EPROTO, (long)n,
				     "RPC: truncated PDU header (%zu of %d bytes) at offset %zu", n,
				     RPC_HDR_LEN, n);
	if (p[0] != 5 || p[1] != 0)
		return cadcom__error(CADCOM_EPROTO, p[0] != 5 ? 0 : 1,
				     "RPC: version %u.%u, expected 5.0 at offset %d", p[0], p[1],
				     p[0] != 5 ? 0 : 1);
	/* drep[0]: integers in the high nibble (1 = little-endian), characters
	 * in the low one (0 = ASCII).  Floats (drep[1]) never occur in our
	 * interfaces. */
	if (p[4] != 0x10)
		return cadcom__error(CADCOM_EPROTO, 4,
				     "RPC: data representation 0x%02x, expected 0x10 (little-endian, "
				     "ASCII) at offset 4", p[4]);
	h->ptype = p[2];
	h->flags = p[3];
	h->frag_length = cadcom__le16(p + 8);
	h->auth_length = cadcom__le16(p + 10);
	h->call_id = cadcom__le32(p + 12);
	if (h->frag_length < RPC_HDR_LEN)
		return cadcom__error(CADCOM_EPROTO, 8,
				     "RPC: frag_length %u, below the %d-byte header at offset 8",
				     h->frag_length, RPC_HDR_LEN);
	if (h->auth_length != 0)
		return cadcom__error(CADCOM_EPROTO, 10,
				     "RPC: auth_length %u on an unauthenticated binding at offset 10",
				     h->auth_length);
	return 0;
}

/* The header of a complete PDU answering `call_id`. */
static int pdu_open(const unsigned char *pdu, size_t n, uint32_t call_id, struct rpc_hdr *h)
{
	int rc = rpc_hdr_parse(pdu, n, h);

	if (rc)
		return rc;
	if (h->frag_length != n)
		return cadcom__error(CADCOM_EPROTO, 8,
				     "RPC: frag_length %u, but the PDU has %zu bytes at offset 8",
				     h->frag_length, n);
	if (h->call_id != call_id)
		return cadcom__error(CADCOM_EPROTO, 12,
				     "RPC: call_id %u, expected %u at offset 12", h->call_id, call_id);
	return 0;
}

static int check_min(const struct rpc_hdr *h, size_t min, const char *type)
{
	if (h->frag_length >= min)
		return 0;
	return cadcom__error(CADCOM_EPROTO, 8,
			     "RPC: %s PDU of %u bytes, below its %zu-byte minimum (frag_length at "
			     "offset 8)", type, h->frag_length, min);
}

static int unexpected(const struct rpc_hdr *h, const char *wanted)
{
	return cadcom__error(CADCOM_EPROTO, 2, "RPC: PDU type %u where %s was expected at offset 2",
			     h->ptype, wanted);
}

/* ---- bind ---------------------------------------------------------------- */

int rpc_pdu_bind(struct ndr_out *o, uint32_t call_id, uint16_t max_xmit, uint16_t max_recv,
		 const struct rpc_syntax *abstract)
{
	unsigned char b[BIND_LEN] = { 0 };

	set_hdr(b, RPC_PTYPE_BIND, RPC_PFC_FIRST | RPC_PFC_LAST, BIND_LEN, call_id);
	cadcom__put_le16(b + 16, max_xmit);
	cadcom__put_le16(b + 18, max_recv);
	/* assoc_group_id 0: a new association group. */
	b[24] = 1; /* n_context_elem, then 3 bytes of padding */
	/* p_cont_id 0 at 28; n_transfer_syn 1 and a pad byte. */
	b[30] = 1;
	memcpy(b + 32, abstract->uuid, 16);
	cadcom__put_le16(b + 48, abstract->major);
	cadcom__put_le16(b + 50, abstract->minor);
	memcpy(b + 52, ndr20_syntax, SYNTAX_LEN);
	ndr_put_bytes(o, b, sizeof(b));
	return o->err;
}

/* C706 12.6.3.1 names, for messages (negotiate_ack and nak reasons 8 and 9
 * are MS-RPCE additions; values as in Samba's librpc/idl/dcerpc.idl). */
static const char *const result_names[] = {
	"acceptance", "user_rejection", "provider_rejection", "negotiate_ack",
};
static const char *const provider_reasons[] = {
	"reason_not_specified", "abstract_syntax_not_supported",
	"proposed_transfer_syntaxes_not_supported", "local_limit_exceeded",
};
static const char *const nak_reasons[] = {
	"reason_not_specified", "temporary_congestion", "local_limit_exceeded",
	"called_paddr_unknown", "protocol_version_not_supported", "default_context_not_supported",
	"user_data_not_readable", "no_psap_available", "authentication_type_not_recognized",
	"invalid_checksum",
};

static const char *name_of(const char *const *names, size_t count, unsigned v)
{
	return v < count ? names[v] : "unknown";
}

static int bind_nak(const unsigned char *pdu, const struct rpc_hdr *h)
{
	uint16_t reason;
	int rc = check_min(h, BIND_NAK_MIN, "bind_nak");

	if (rc)
		return rc;
	reason = cadcom__le16(pdu + 16);
	return cadcom__error(CADCOM_EUNSUPPORTED, -1,
			     "RPC: the server refused the bind (bind_nak): reason %u (%s)", reason,
			     name_of(nak_reasons, ARRAY_SIZE(nak_reasons), reason));
}

/* A fragment size from the server: at least the MS-RPCE minimum, at most
 * what we proposed. */
static int frag_size(const unsigned char *pdu, size_t at, const char *what, uint16_t *out)
{
	uint16_t v = cadcom__le16(pdu + at);

	if (v < RPC_MIN_FRAG)
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "RPC: bind_ack %s %u, below the minimum %d at offset %zu", what, v,
				     RPC_MIN_FRAG, at);
	*out = v < RPC_MAX_FRAG ? v : RPC_MAX_FRAG;
	return 0;
}

int rpc_pdu_bind_ack(const unsigned char *pdu, size_t n, uint32_t call_id,
		     struct rpc_bind_result *r)
{
	struct rpc_hdr h;
	size_t at;
	uint16_t result, reason;
	int rc;

	if ((rc = pdu_open(pdu, n, call_id, &h)))
		return rc;
	if (h.ptype == RPC_PTYPE_BIND_NAK)
		return bind_nak(pdu, &h);
	if (h.ptype != RPC_PTYPE_BIND_ACK)
		return unexpected(&h, "bind_ack");
	if ((rc = check_min(&h, BIND_ACK_MIN, "bind_ack")))
		return rc;
	/* sec_addr: a u16 length (with the NUL) and the port spec, then
	 * padding to 4 from the PDU start. */
	at = BIND_ACK_MIN + cadcom__le16(pdu + 24);
	if (at > n)
		return cadcom__error(CADCOM_EPROTO, 24,
				     "RPC: bind_ack secondary address of %u bytes runs past the %zu-byte "
				     "PDU at offset 24", cadcom__le16(pdu + 24), n);
	at = (at + 3) & ~(size_t)3;
	if (at + 4 > n) { /* the padding itself may run past the end */
		at = at < n ? at : n;
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "RPC: truncated bind_ack result count at offset %zu of %zu", at, n);
	}
	if (pdu[at] != 1)
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "RPC: bind_ack with %u results for our 1 context at offset %zu",
				     pdu[at], at);
	at += 4;
	if (at + RESULT_LEN > n)
		return cadcom__error(CADCOM_EPROTO, (long)at,
				     "RPC: truncated bind_ack result at offset %zu of %zu", at, n);
	result = cadcom__le16(pdu + at);
	reason = cadcom__le16(pdu + at + 2);
	if (result != 0)
		return cadcom__error(CADCOM_EUNSUPPORTED, -1,
				     "RPC: the server refused the interface: result %u (%s), reason %u "
				     "(%s)", result, name_of(result_names, ARRAY_SIZE(result_names), result),
				     reason, name_of(provider_reasons, ARRAY_SIZE(provider_reasons), reason));
	if (memcmp(pdu + at + 4, ndr20_syntax, SYNTAX_LEN) != 0)
		return cadcom__error(CADCOM_EPROTO, (long)at + 4,
				     "RPC: bind_ack accepted a transfer syntax other than NDR 2.0 at "
				     "offset %zu", at + 4);
	if ((rc = frag_size(pdu, 16, "max_xmit_frag", &r->max_xmit)) ||
	    (rc = frag_size(pdu, 18, "max_recv_frag", &r->max_recv)))
		return rc;
	r->assoc_group = cadcom__le32(pdu + 20);
	return 0;
}

/* ---- request ------------------------------------------------------------- */

int rpc_pdu_request(struct ndr_out *o, uint32_t call_id, uint16_t opnum, const unsigned char *stub,
		    size_t stub_len, size_t offset, size_t max_frag, size_t *used)
{
	unsigned char b[RPC_REQ_HDR_LEN];
	size_t chunk, room;
	uint8_t flags = 0;

	*used = 0;
	if (max_frag < RPC_REQ_HDR_LEN + 8 || max_frag > UINT16_MAX)
		return cadcom__error(CADCOM_EINVAL, -1,
				     "RPC: fragment size %zu outside [%d, 65535]", max_frag,
				     RPC_REQ_HDR_LEN + 8);
	if (stub_len > UINT32_MAX || offset > stub_len || (offset == stub_len && stub_len > 0))
		return cadcom__error(CADCOM_EINVAL, -1,
				     "RPC: request stub offset %zu of %zu bytes", offset, stub_len);
	/* C706 12.6.3.7: every fragment but the last carries a multiple of 8
	 * stub bytes, so that NDR alignment holds across fragments. */
	room = (max_frag - RPC_REQ_HDR_LEN) & ~(size_t)7;
	chunk = stub_len - offset < room ? stub_len - offset : room;
	if (offset == 0)
		flags |= RPC_PFC_FIRST;
	if (offset + chunk == stub_len)
		flags |= RPC_PFC_LAST;
	set_hdr(b, RPC_PTYPE_REQUEST, flags, RPC_REQ_HDR_LEN + chunk, call_id);
	cadcom__put_le32(b + 16, (uint32_t)(stub_len - offset)); /* alloc_hint: the stub bytes left */
	cadcom__put_le16(b + 20, 0);                              /* p_cont_id: our one context */
	cadcom__put_le16(b + 22, opnum);
	ndr_put_bytes(o, b, sizeof(b));
	if (chunk) /* stub may be NULL for an empty stub */
		ndr_put_bytes(o, stub + offset, chunk);
	if (o->err)
		return o->err;
	*used = chunk;
	return 0;
}

/* ---- response -------------------------------------------------------------- */

static int reply_append(struct rpc_reply *r, const unsigned char *p, size_t n)
{
	size_t cap;
	unsigned char *q;

	if (n > RPC_REPLY_MAX - r->len)
		return cadcom__error(CADCOM_ELIMIT, RPC_RESP_HDR_LEN,
				     "RPC: response stub over %d bytes (after %zu, %zu more at offset %d)",
				     RPC_REPLY_MAX, r->len, n, RPC_RESP_HDR_LEN);
	if (n > r->cap - r->len) {
		/* Grow geometrically up to the limit; alloc_hint is never used
		 * to size anything since the server chooses it. */
		cap = r->cap ? r->cap : 4096;
		while (cap < r->len + n)
			cap *= 2;
		if (cap > RPC_REPLY_MAX)
			cap = RPC_REPLY_MAX;
		if (!(q = realloc(r->stub, cap)))
			return cadcom__enomem();
		r->stub = q;
		r->cap = cap;
	}
	if (n)
		memcpy(r->stub + r->len, p, n);
	r->len += n;
	return 0;
}

static int fault(struct rpc_reply *r, const unsigned char *pdu, const struct rpc_hdr *h)
{
	uint32_t status;
	int rc = check_min(h, FAULT_LEN, "fault");

	if (rc)
		return rc;
	status = cadcom__le32(pdu + 24);
	/* MS-RPCE 2.2.2.8: status 0 must not be sent; it would also read as
	 * "no fault" in r->fault. */
	if (status == 0)
		return cadcom__error(CADCOM_EPROTO, 24, "RPC: fault PDU with status 0 at offset 24");
	r->done = true;
	r->fault = status;
	return cadcom__error(CADCOM_ERPCFAULT, -1, "RPC fault %s", rpc_fault_name(status));
}

int rpc_reply_add(struct rpc_reply *r, const unsigned char *pdu, size_t n, uint32_t call_id)
{
	struct rpc_hdr h;
	bool first;
	int rc;

	if ((rc = pdu_open(pdu, n, call_id, &h)))
		return rc;
	if (r->done)
		return cadcom__error(CADCOM_EPROTO, 0,
				     "RPC: a PDU after the last fragment of call %u at offset 0", call_id);
	if (h.ptype == RPC_PTYPE_FAULT)
		return fault(r, pdu, &h);
	if (h.ptype != RPC_PTYPE_RESPONSE)
		return unexpected(&h, "a response");
	if ((rc = check_min(&h, RPC_RESP_HDR_LEN, "response")))
		return rc;
	first = h.flags & RPC_PFC_FIRST;
	if (!first && r->frags == 0)
		return cadcom__error(CADCOM_EPROTO, 3,
				     "RPC: first response fragment without PFC_FIRST_FRAG at offset 3");
	if (first && r->frags > 0)
		return cadcom__error(CADCOM_EPROTO, 3,
				     "RPC: PFC_FIRST_FRAG repeated on response fragment %u at offset 3",
				     r->frags + 1);
	if (cadcom__le16(pdu + 20) != 0)
		return cadcom__error(CADCOM_EPROTO, 20,
				     "RPC: response for presentation context %u, we bound 0 at offset 20",
				     cadcom__le16(pdu + 20));
	/* An empty fragment that is not the last moves nothing forward: a
	 * server sending them could keep us reading forever. */
	if (n == RPC_RESP_HDR_LEN && !(h.flags & RPC_PFC_LAST))
		return cadcom__error(CADCOM_EPROTO, RPC_RESP_HDR_LEN,
				     "RPC: empty response fragment before the last at offset %d",
				     RPC_RESP_HDR_LEN);
	if ((rc = reply_append(r, pdu + RPC_RESP_HDR_LEN, n - RPC_RESP_HDR_LEN)))
		return rc;
	r->frags++;
	if (h.flags & RPC_PFC_LAST)
		r->done = true;
	return 0;
}

void rpc_reply_free(struct rpc_reply *r)
{
	free(r->stub);
	memset(r, 0, sizeof(*r));
}

/* ---- fault names ------------------------------------------------------------ */

/* C706 appendix E names with the nca_s_ prefix throughout; the Win32
 * statuses that Windows servers send as faults under their lower-cased
 * Windows names (nca_s_fault_* where MS-RPCE-based tools use one).  Values
 * checked against Samba's librpc/idl/dcerpc.idl (dcerpc_nca_status). */
static const struct {
	uint32_t status;
	const char *name;
} fault_names[] = {
	{ 0x00000005, "nca_s_fault_access_denied" },
	{ 0x000006ba, "rpc_s_server_unavailable" },
	{ 0x000006bd, "rpc_s_no_call_active" },
	{ 0x000006d8, "nca_s_fault_cant_perform" },
	{ 0x000006f7, "nca_s_fault_ndr" },
	{ 0x00000721, "rpc_s_sec_pkg_error" },
	{ 0x1c000001, "nca_s_fault_int_div_by_zero" },
	{ 0x1c000002, "nca_s_fault_addr_error" },
	{ 0x1c000003, "nca_s_fault_fp_div_zero" },
	{ 0x1c000004, "nca_s_fault_fp_underflow" },
	{ 0x1c000005, "nca_s_fault_fp_overflow" },
	{ 0x1c000006, "nca_s_fault_invalid_tag" },
	{ 0x1c000007, "nca_s_fault_invalid_bound" },
	{ 0x1c000008, "nca_s_rpc_version_mismatch" },
	{ 0x1c000009, "nca_s_unspec_reject" },
	{ 0x1c00000a, "nca_s_bad_actid" },
	{ 0x1c00000b, "nca_s_who_are_you_failed" },
	{ 0x1c00000c, "nca_s_manager_not_entered" },
	{ 0x1c00000d, "nca_s_fault_cancel" },
	{ 0x1c00000e, "nca_s_fault_ill_inst" },
	{ 0x1c00000f, "nca_s_fault_fp_error" },
	{ 0x1c000010, "nca_s_fault_int_overflow" },
	{ 0x1c000012, "nca_s_fault_unspec" },
	{ 0x1c000013, "nca_s_fault_remote_comm_failure" },
	{ 0x1c000014, "nca_s_fault_pipe_empty" },
	{ 0x1c000015, "nca_s_fault_pipe_closed" },
	{ 0x1c000016, "nca_s_fault_pipe_order" },
	{ 0x1c000017, "nca_s_fault_pipe_discipline" },
	{ 0x1c000018, "nca_s_fault_pipe_comm_error" },
	{ 0x1c000019, "nca_s_fault_pipe_memory" },
	{ 0x1c00001a, "nca_s_fault_context_mismatch" },
	{ 0x1c00001b, "nca_s_fault_remote_no_memory" },
	{ 0x1c00001c, "nca_s_invalid_pres_context_id" },
	{ 0x1c00001d, "nca_s_unsupported_authn_level" },
	{ 0x1c00001f, "nca_s_invalid_checksum" },
	{ 0x1c000020, "nca_s_invalid_crc" },
	{ 0x1c000021, "nca_s_fault_user_defined" },
	{ 0x1c000022, "nca_s_fault_tx_open_failed" },
	{ 0x1c000023, "nca_s_fault_codeset_conv_error" },
	{ 0x1c000024, "nca_s_fault_object_not_found" },
	{ 0x1c000025, "nca_s_fault_no_client_stub" },
	{ 0x1c010001, "nca_s_comm_failure" },
	{ 0x1c010002, "nca_s_op_rng_error" },
	{ 0x1c010003, "nca_s_unk_if" },
	{ 0x1c010006, "nca_s_wrong_boot_time" },
	{ 0x1c010009, "nca_s_you_crashed" },
	{ 0x1c01000b, "nca_s_proto_error" },
	{ 0x1c010013, "nca_s_out_args_too_big" },
	{ 0x1c010014, "nca_s_server_too_busy" },
	{ 0x1c010015, "nca_s_string_too_long" },
	{ 0x1c010017, "nca_s_unsupported_type" },
};

const char *rpc_fault_name(uint32_t status)
{
	/* Per thread, so concurrent calls on other threads cannot change a
	 * name already handed out. */
	static _Thread_local char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(fault_names); i++)
		if (fault_names[i].status == status) {
			snprintf(buf, sizeof(buf), "%s (0x%08x)", fault_names[i].name, status);
			return buf;
		}
	snprintf(buf, sizeof(buf), "0x%08x", status);
	return buf;
}
