/*
 * What every interface's stubs share (rpc.h): making one call, reading the
 * trailing status, naming errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rpc.h"

void rpc_stub_init(struct rpc_stub *k, struct rpc_conn *c, const char *name)
{
	k->c = c;
	k->name = name;
	ndr_out_init(&k->req);
	memset(&k->rep, 0, sizeof(k->rep));
	ndr_in_init(&k->in, NULL, 0);
}

void rpc_stub_done(struct rpc_stub *k)
{
	ndr_out_free(&k->req);
	rpc_reply_free(&k->rep);
}

int rpc_stub_run(struct rpc_stub *k, uint16_t opnum)
{
	int rc = rpc_call(k->c, opnum, k->name, &k->req, &k->rep);

	ndr_in_init(&k->in, k->rep.stub, k->rep.len);
	return rc;
}

int rpc_stub_bad_reply(struct rpc_stub *k, int rc)
{
	cadcom__error_prefix("%s \\pipe\\%s %s reply", k->c->host, k->c->iface->pipe, k->name);
	return rc;
}

int rpc_stub_status(struct rpc_stub *k, uint32_t *status)
{
	int rc = ndr_get_u32(&k->in, status);

	/* Bytes after the status: the server and we disagree on the layout. */
	if (!rc && k->in.off != k->in.len)
		rc = cadcom__error(CADCOM_EPROTO, (long)k->in.off, "%zu bytes after the status",
				   k->in.len - k->in.off);
	return rc ? rpc_stub_bad_reply(k, rc) : 0;
}

int rpc_stub_status_error(const struct rpc_stub *k, uint32_t status, const char *what)
{
	const struct rpc_iface *i = k->c->iface;

	for (size_t n = 0; n < i->nstatuses; n++)
		if (i->statuses[n].status == status)
			return cadcom__error(i->statuses[n].code, -1, "%s \\pipe\\%s %s%s%s: %s 0x%08x (%s)",
					     k->c->host, i->pipe, k->name, what ? " " : "",
					     what ? what : "", i->ntstatus ? "NTSTATUS" : "WERROR",
					     status, i->statuses[n].name);
	return rpc_status_error(k->c, k->name, status, i->ntstatus, what);
}

int rpc_stub_handle(struct rpc_stub *k, uint16_t opnum, struct rpc_handle *h, const char *what)
{
	struct rpc_handle got;
	uint32_t st;
	int rc;

	if ((rc = rpc_stub_run(k, opnum)))
		return rc;
	if ((rc = ndr_get_handle(&k->in, &got)))
		return rpc_stub_bad_reply(k, rc);
	if ((rc = rpc_stub_status(k, &st)))
		return rc;
	if (st)
		return rpc_stub_status_error(k, st, what);
	*h = got;
	return 0;
}

int rpc_get_conformance(struct ndr_in *in, uint32_t count)
{
	size_t at = in->off;
	uint32_t max;
	int rc = ndr_get_u32(in, &max);

	if (!rc && max != count)
		rc = cadcom__error(CADCOM_EPROTO, (long)at, "array max_count %u, but a count of %u",
				   max, count);
	return rc;
}

const char *rpc_sid_text(const struct cadcom_sid *sid, char buf[RPC_SID_TEXT])
{
	struct strbuf sb = { 0 };

	cadcom__sid_format(&sb, sid);
	snprintf(buf, RPC_SID_TEXT, "%s", sb.buf && !sb.failed ? sb.buf : "(a SID)");
	free(sb.buf);
	return buf;
}
