/*
 * The DCE/RPC call loop over a byte stream (rpc.h): bind, then for each call
 * the request in as many fragments as the server's receive size allows and
 * the response read PDU by PDU — exactly the header, then exactly the rest
 * (a larger read on an SMB2 pipe waits for a PDU that never comes).
 */
#include <stdlib.h>
#include <string.h>
#include "rpc.h"

/* Failures leave the stream somewhere inside a PDU, or with an answer to a
 * call nobody waits for: the connection cannot be trusted after them. */
static int broken(struct rpc_conn *c, int rc)
{
	if (rc != CADCOM_ERPCFAULT && rc != CADCOM_EACCESS)
		c->broken = true;
	return rc;
}

/* One whole PDU into a malloc'd buffer. */
static int read_pdu(struct rpc_conn *c, unsigned char **out, size_t *len)
{
	unsigned char hdr[RPC_HDR_LEN], *pdu;
	struct rpc_hdr h;
	int rc;

	if ((rc = c->io.read(c->io.ctx, hdr, sizeof(hdr))) ||
	    (rc = rpc_hdr_parse(hdr, sizeof(hdr), &h)))
		return rc;
	if (h.frag_length > c->max_recv)
		return cadcom__error(CADCOM_EPROTO, 8,
				     "PDU of %u bytes, larger than the %u agreed at bind",
				     h.frag_length, c->max_recv);
	if (!(pdu = malloc(h.frag_length)))
		return cadcom__enomem();
	memcpy(pdu, hdr, sizeof(hdr));
	if ((rc = c->io.read(c->io.ctx, pdu + RPC_HDR_LEN, h.frag_length - RPC_HDR_LEN))) {
		free(pdu);
		return rc;
	}
	c->stats->frags_received++;
	*out = pdu;
	*len = h.frag_length;
	return 0;
}

int rpc_bind(struct rpc_conn *c)
{
	struct ndr_out o;
	struct rpc_bind_result r;
	unsigned char *pdu = NULL;
	size_t len;
	int rc;

	ndr_out_init(&o);
	c->max_recv = RPC_MAX_FRAG; /* what we may receive in the bind_ack */
	c->call_id++;
	if (!(rc = rpc_pdu_bind(&o, c->call_id, RPC_MAX_FRAG, RPC_MAX_FRAG, &c->iface->syntax)) &&
	    !(rc = c->io.write(c->io.ctx, o.data, o.len))) {
		c->stats->calls++;
		c->stats->frags_sent++;
		if (!(rc = read_pdu(c, &pdu, &len)))
			rc = rpc_pdu_bind_ack(pdu, len, c->call_id, &r);
	}
	free(pdu);
	ndr_out_free(&o);
	if (rc) {
		c->broken = true;
		return cadcom__error_prefix("%s \\pipe\\%s bind", c->host, c->iface->pipe);
	}
	c->max_xmit = r.max_xmit;
	c->max_recv = r.max_recv;
	return 0;
}

static int send_request(struct rpc_conn *c, uint16_t opnum, const struct ndr_out *req)
{
	struct ndr_out o;
	size_t off = 0, used;
	int rc = 0;

	ndr_out_init(&o);
	do {
		o.len = 0;
		if ((rc = rpc_pdu_request(&o, c->call_id, opnum, req->data, req->len, off, c->max_xmit,
					  &used)) ||
		    (rc = c->io.write(c->io.ctx, o.data, o.len)))
			break;
		c->stats->frags_sent++;
		off += used;
	} while (off < req->len);
	ndr_out_free(&o);
	return rc;
}

#ifdef CADCOM_TEST_HOOKS
/* Fault injection (rpc.h): count write request `write` against the armed
 * drop; the error when the connection is gone or goes now, `sent` telling
 * which side of sending the request this is. */
static int fault(struct rpc_conn *c, bool write, bool sent)
{
	struct rpc_fault *f = c->fault;

	if (f && write && f->left && f->before != sent && !--f->left)
		f->dropped = true;
	if (f && f->dropped)
		return cadcom__error(CADCOM_ECONNECT, -1,
				     "the connection was dropped (fault injection)%s",
				     sent ? " after the request was sent" : "");
	return 0;
}
#else
static int fault(struct rpc_conn *c, bool write, bool sent)
{
	(void)c, (void)write, (void)sent;
	return 0;
}
#endif

int rpc_call(struct rpc_conn *c, uint16_t opnum, const char *call, const struct ndr_out *req,
	     struct rpc_reply *rep)
{
	bool write = opnum < 64 && (c->iface->writes & RPC_OPNUM_BIT(opnum));
	unsigned char *pdu;
	size_t len;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (c->broken) {
		rc = cadcom__error(CADCOM_ECONNECT, -1,
				   "the pipe is unusable after an earlier failure in the middle of a "
				   "call: the session must be opened again");
	} else if (req->err) {
		rc = req->err;
	} else if (!(rc = fault(c, write, false))) {
		c->call_id++;
		c->stats->calls++;
		if (!(rc = send_request(c, opnum, req)) && write)
			c->stats->writes++;
		if (!rc)
			rc = fault(c, write, true);
		while (!rc && !rep->done) {
			if (!(rc = read_pdu(c, &pdu, &len))) {
				rc = rpc_reply_add(rep, pdu, len, c->call_id);
				free(pdu);
			}
		}
		if (rc == CADCOM_ERPCFAULT && rep->fault == 5 /* nca_s_fault_access_denied */)
			rc = cadcom__error(CADCOM_EACCESS, -1, "access denied (RPC fault %s)",
					   rpc_fault_name(rep->fault));
		if (rc)
			broken(c, rc);
	}
	if (rc)
		return cadcom__error_prefix("%s \\pipe\\%s %s", c->host, c->iface->pipe, call);
	return 0;
}

int rpc_status_error(const struct rpc_conn *c, const char *call, uint32_t status, bool ntstatus,
		     const char *what)
{
	int code = CADCOM_ESERVER;
	const char *name = "";

	if (status == (ntstatus ? 0xC0000022u : 5u)) {
		code = CADCOM_EACCESS;
		name = ntstatus ? " (STATUS_ACCESS_DENIED)" : " (WERR_ACCESS_DENIED)";
	}
	return cadcom__error(code, -1, "%s \\pipe\\%s %s%s%s: %s 0x%08x%s", c->host, c->iface->pipe,
			     call, what ? " " : "", what ? what : "", ntstatus ? "NTSTATUS" : "WERROR",
			     status, name);
}
