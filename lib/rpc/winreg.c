/*
 * winreg stubs (winreg.h).  Parameter order and types follow MS-RRP 3.1.5
 * (and Samba's winreg.idl, which names them the same); strings are
 * RRP_UNICODE_STRING, whose Length counts the terminating NUL (MS-RRP
 * 2.2.4).  Every reply must be consumed exactly: bytes left over after the
 * status mean the server and we disagree on the layout.
 */
#include <stdlib.h>
#include <string.h>
#include "winreg.h"

enum {
	OP_OPEN_HKLM = 2,
	OP_CLOSE_KEY = 5,
	OP_CREATE_KEY = 6,
	OP_DELETE_KEY = 7,
	OP_DELETE_VALUE = 8,
	OP_ENUM_KEY = 9,
	OP_ENUM_VALUE = 10,
	OP_GET_KEY_SECURITY = 12,
	OP_OPEN_KEY = 15,
	OP_QUERY_VALUE = 17,
	OP_SET_KEY_SECURITY = 21, /* not called: listed among the writes */
	OP_SET_VALUE = 22
};

static const struct rpc_status_name statuses[] = {
	{ 2, CADCOM_ENOTFOUND, "WERR_FILE_NOT_FOUND" },
};

/* 338cd001-2244-31f1-aaaa-900038001003 v1.0, fields little-endian */
const struct rpc_iface rpc_winreg = {
	.name = "winreg",
	.pipe = "winreg",
	.syntax = { { 0x01, 0xd0, 0x8c, 0x33, 0x44, 0x22, 0xf1, 0x31, 0xaa, 0xaa, 0x90, 0x00, 0x38, 0x00, 0x10,
		    0x03 },
		  1, 0 },
	.ntstatus = false,
	.statuses = statuses,
	.nstatuses = ARRAY_SIZE(statuses),
	/* CreateKey counts also for a key that exists: only its answer says. */
	.writes = RPC_OPNUM_BIT(OP_CREATE_KEY) | RPC_OPNUM_BIT(OP_DELETE_KEY) |
		  RPC_OPNUM_BIT(OP_DELETE_VALUE) | RPC_OPNUM_BIT(OP_SET_KEY_SECURITY) |
		  RPC_OPNUM_BIT(OP_SET_VALUE),
};

enum {
	WERR_MORE_DATA = 234,
	WERR_INSUFFICIENT_BUFFER = 122,
	WERR_NO_MORE_ITEMS = 259
};

/* Windows' limits (MS-RRP 3.1.1.1: names of 255 and 16383 characters) as
 * buffer sizes in bytes, terminator included. */
enum { KEY_NAME_BUF = 256 * 2, VALUE_NAME_BUF = 16384 * 2 };
/* The first QueryValue asks for this much: every value of the CA fix fits,
 * so a read is one round trip; larger values take a second. */
enum { QUERY_BUF = 64 * 1024, QUERY_MAX = 0x4000000 /* MS-RRP's range */ };

/* The status of a call with nothing else to check. */
static int status_only(struct rpc_stub *k, const char *what)
{
	uint32_t st;
	int rc = rpc_stub_status(k, &st);

	if (!rc && st)
		rc = rpc_stub_status_error(k, st, what);
	return rc;
}

static void put_str(struct ndr_out *o, const char *s)
{
	ndr_put_ustr_hdr(o, s, true);
	ndr_put_ustr_body(o, s, true);
}

/* An empty output string buffer of `size` bytes (winreg_StringBuf). */
static void put_strbuf(struct ndr_out *o, uint16_t size)
{
	ndr_put_u16(o, 0);
	ndr_put_u16(o, size);
	ndr_put_ptr(o, true);
	ndr_put_u32(o, size / 2);
	ndr_put_u32(o, 0);
	ndr_put_u32(o, 0);
}

int winreg_open_hklm(struct rpc_conn *c, uint32_t access, struct rpc_handle *out)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "OpenHKLM");
	ndr_put_ptr(&k.req, false); /* ServerName: ignored (MS-RRP 3.1.5.3) */
	ndr_put_u32(&k.req, access);
	rc = rpc_stub_handle(&k, OP_OPEN_HKLM, out, NULL);
	rpc_stub_done(&k);
	return rc;
}

static int open_or_create(struct rpc_conn *c, const struct rpc_handle *parent, const char *path,
			  uint32_t access, struct rpc_handle *out, bool create)
{
	struct rpc_stub k;
	uint32_t st, ref, action;
	int rc;

	rpc_stub_init(&k, c, create ? "CreateKey" : "OpenKey");
	ndr_put_handle(&k.req, parent);
	put_str(&k.req, path);
	if (create) {
		ndr_put_ustr_hdr(&k.req, NULL, false); /* lpClass */
		ndr_put_u32(&k.req, 0);                /* REG_OPTION_NON_VOLATILE */
		ndr_put_u32(&k.req, access);
		ndr_put_ptr(&k.req, false); /* pSecurityAttributes: inherit */
		ndr_put_ptr(&k.req, true);  /* lpdwDisposition */
		ndr_put_u32(&k.req, 0);
	} else {
		ndr_put_u32(&k.req, 0); /* dwOptions */
		ndr_put_u32(&k.req, access);
	}
	if (!(rc = rpc_stub_run(&k, create ? OP_CREATE_KEY : OP_OPEN_KEY))) {
		rc = ndr_get_handle(&k.in, out);
		if (!rc && create && !(rc = ndr_get_ptr(&k.in, &ref)) && ref)
			rc = ndr_get_u32(&k.in, &action);
		if (rc)
			rc = rpc_stub_bad_reply(&k, rc);
		else if (!(rc = rpc_stub_status(&k, &st)) && st)
			rc = rpc_stub_status_error(&k, st, path);
	}
	rpc_stub_done(&k);
	return rc;
}

int winreg_open_key(struct rpc_conn *c, const struct rpc_handle *parent, const char *path,
		    uint32_t access, struct rpc_handle *out)
{
	return open_or_create(c, parent, path, access, out, false);
}

int winreg_create_key(struct rpc_conn *c, const struct rpc_handle *parent, const char *path,
		      uint32_t access, struct rpc_handle *out)
{
	return open_or_create(c, parent, path, access, out, true);
}

int winreg_close_key(struct rpc_conn *c, struct rpc_handle *h)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "CloseKey");
	ndr_put_handle(&k.req, h);
	rc = rpc_stub_handle(&k, OP_CLOSE_KEY, h, NULL);
	rpc_stub_done(&k);
	return rc;
}

/* A [unique] uint32 of the reply; *v untouched when NULL. */
static int get_opt_u32(struct ndr_in *in, uint32_t *v, bool *present)
{
	uint32_t ref;
	int rc = ndr_get_ptr(in, &ref);

	*present = !rc && ref;
	if (!rc && ref)
		rc = ndr_get_u32(in, v);
	return rc;
}

/* QueryValue's reply: type, data, data_size, data_length, status. */
static int query_reply(struct rpc_stub *k, uint32_t *type, unsigned char **data, size_t *len,
		       uint32_t *size, uint32_t *status)
{
	uint32_t ref, max, actual, length;
	const unsigned char *p;
	bool have_type, have_size, have_length;
	int rc;

	*data = NULL;
	if ((rc = get_opt_u32(&k->in, type, &have_type)) || (rc = ndr_get_ptr(&k->in, &ref)))
		return rc;
	if (ref) {
		if ((rc = ndr_get_varying(&k->in, QUERY_MAX, &max, &actual)) ||
		    (rc = ndr_get_view(&k->in, actual, &p)))
			return rc;
		if (!(*data = malloc(actual ? actual : 1)))
			return cadcom__enomem();
		memcpy(*data, p, actual);
		*len = actual;
		if ((rc = ndr_get_align(&k->in, 4)))
			return rc;
	}
	if ((rc = get_opt_u32(&k->in, size, &have_size)) ||
	    (rc = get_opt_u32(&k->in, &length, &have_length)) || (rc = ndr_get_u32(&k->in, status)))
		return rc;
	if (k->in.off != k->in.len)
		return cadcom__error(CADCOM_EPROTO, (long)k->in.off, "%zu bytes after the status",
				     k->in.len - k->in.off);
	if (*status)
		return 0;
	if (!have_type || !ref || !have_size || !have_length)
		return cadcom__error(CADCOM_EPROTO, -1, "success without the type, data and lengths");
	if (length != *len)
		return cadcom__error(CADCOM_EPROTO, -1,
				     "the data length says %u bytes, the data has %zu", length, *len);
	return 0;
}

int winreg_query_value(struct rpc_conn *c, const struct rpc_handle *h, const char *name,
		       int *type, unsigned char **out, size_t *len)
{
	uint32_t want = QUERY_BUF, size = 0, st = 0, t = 0;
	unsigned char *data = NULL;
	struct rpc_stub k;
	int rc;

	for (int attempt = 0; attempt < 3; attempt++) {
		rpc_stub_init(&k, c, "QueryValue");
		ndr_put_handle(&k.req, h);
		put_str(&k.req, name);
		ndr_put_ptr(&k.req, true); /* lpType */
		ndr_put_u32(&k.req, 0);
		ndr_put_ptr(&k.req, true); /* lpData: an empty buffer of `want` bytes */
		ndr_put_u32(&k.req, want);
		ndr_put_u32(&k.req, 0);
		ndr_put_u32(&k.req, 0);
		ndr_put_ptr(&k.req, true); /* lpcbData */
		ndr_put_u32(&k.req, want);
		ndr_put_ptr(&k.req, true); /* lpcbLen */
		ndr_put_u32(&k.req, 0);
		free(data);
		data = NULL;
		size = 0;
		if (!(rc = rpc_stub_run(&k, OP_QUERY_VALUE)) &&
		    (rc = query_reply(&k, &t, &data, len, &size, &st)))
			rc = rpc_stub_bad_reply(&k, rc);
		if (!rc && st && st != WERR_MORE_DATA)
			rc = rpc_stub_status_error(&k, st, name);
		rpc_stub_done(&k);
		if (rc || st != WERR_MORE_DATA)
			break;
		/* The value grew past our buffer: ask again for what it needs now. */
		if (size <= want || size > QUERY_MAX) {
			free(data);
			return cadcom__error(CADCOM_EPROTO, -1,
					     "%s \\pipe\\%s QueryValue %s: more data, yet a size of %u",
					     c->host, c->iface->pipe, name, size);
		}
		want = size;
	}
	if (!rc && st) /* still more data after three tries */
		rc = rpc_status_error(c, "QueryValue", st, false, name);
	if (rc) {
		free(data);
		return rc;
	}
	if (type)
		*type = (int)t;
	*out = data;
	return 0;
}

int winreg_set_value(struct rpc_conn *c, const struct rpc_handle *h, const char *name, int type,
		     const unsigned char *data, size_t len)
{
	struct rpc_stub k;
	int rc;

	if (len > QUERY_MAX)
		return cadcom__error(CADCOM_ELIMIT, -1, "winreg: a value of %zu bytes is too large", len);
	rpc_stub_init(&k, c, "SetValue");
	ndr_put_handle(&k.req, h);
	put_str(&k.req, name);
	ndr_put_u32(&k.req, (uint32_t)type);
	ndr_put_u32(&k.req, (uint32_t)len); /* [ref, size_is(cbData)] lpData */
	ndr_put_bytes(&k.req, data, len);
	ndr_put_u32(&k.req, (uint32_t)len);
	if (!(rc = rpc_stub_run(&k, OP_SET_VALUE)))
		rc = status_only(&k, name);
	rpc_stub_done(&k);
	return rc;
}

int winreg_delete_value(struct rpc_conn *c, const struct rpc_handle *h, const char *name)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "DeleteValue");
	ndr_put_handle(&k.req, h);
	put_str(&k.req, name);
	if (!(rc = rpc_stub_run(&k, OP_DELETE_VALUE)))
		rc = status_only(&k, name);
	rpc_stub_done(&k);
	return rc;
}

int winreg_delete_key(struct rpc_conn *c, const struct rpc_handle *parent, const char *name)
{
	struct rpc_stub k;
	int rc;

	rpc_stub_init(&k, c, "DeleteKey");
	ndr_put_handle(&k.req, parent);
	put_str(&k.req, name);
	if (!(rc = rpc_stub_run(&k, OP_DELETE_KEY)))
		rc = status_only(&k, name);
	rpc_stub_done(&k);
	return rc;
}

/* The [unique] extras of EnumKey's answer: class (a StringBuf) and the
 * last write time; of EnumValue's: type, data and the two sizes.  We asked
 * for none but the class and time (Samba refuses EnumKey without them). */
static int skip_extras(struct ndr_in *in, bool values)
{
	struct ndr_ustr cls;
	uint32_t ref, time[2];
	char *text = NULL;
	int rc;

	if (values) {
		for (int i = 0; i < 4; i++)
			if ((rc = ndr_get_ptr(in, &ref)) ||
			    (ref && (rc = cadcom__error(CADCOM_EPROTO, (long)in->off,
							"a field that was not asked for"))))
				return rc;
		return 0;
	}
	if ((rc = ndr_get_ptr(in, &ref)))
		return rc;
	if (ref && ((rc = ndr_get_ustr_hdr(in, &cls)) || (rc = ndr_get_ustr_body(in, &cls, &text))))
		return rc;
	free(text);
	if ((rc = ndr_get_ptr(in, &ref)))
		return rc;
	/* A FILETIME: two DWORDs, so 4-byte aligned (not an 8-byte hyper). */
	if (ref && ((rc = ndr_get_u32(in, &time[0])) || (rc = ndr_get_u32(in, &time[1]))))
		return rc;
	return 0;
}

static int enum_call(struct rpc_conn *c, const struct rpc_handle *h, uint32_t index, bool values,
		     char **name)
{
	struct ndr_ustr s;
	struct rpc_stub k;
	uint32_t st;
	int rc;

	*name = NULL;
	rpc_stub_init(&k, c, values ? "EnumValue" : "EnumKey");
	ndr_put_handle(&k.req, h);
	ndr_put_u32(&k.req, index);
	put_strbuf(&k.req, values ? VALUE_NAME_BUF : KEY_NAME_BUF);
	if (values) {
		for (int i = 0; i < 4; i++)
			ndr_put_ptr(&k.req, false); /* type, data, sizes: not wanted */
	} else {
		ndr_put_ptr(&k.req, true); /* lpClassIn: an empty string */
		ndr_put_ustr_hdr(&k.req, NULL, false);
		ndr_put_ptr(&k.req, true); /* lpftLastWriteTime, a FILETIME */
		ndr_put_u32(&k.req, 0);
		ndr_put_u32(&k.req, 0);
	}
	if (!(rc = rpc_stub_run(&k, values ? OP_ENUM_VALUE : OP_ENUM_KEY))) {
		rc = ndr_get_ustr_hdr(&k.in, &s);
		if (!rc)
			rc = ndr_get_ustr_body(&k.in, &s, name);
		if (!rc)
			rc = skip_extras(&k.in, values);
		if (rc)
			rc = rpc_stub_bad_reply(&k, rc);
		else if (!(rc = rpc_stub_status(&k, &st)) && st)
			rc = st == WERR_NO_MORE_ITEMS
				     ? cadcom__error(CADCOM_ENOTFOUND, -1,
						     "%s \\pipe\\%s %s: no item %u (WERR_NO_MORE_ITEMS)",
						     c->host, c->iface->pipe, k.name, index)
				     : rpc_stub_status_error(&k, st, NULL);
		else if (!rc && !*name)
			rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, -1, "success without a name"));
	}
	rpc_stub_done(&k);
	if (rc) {
		free(*name);
		*name = NULL;
	}
	return rc;
}

int winreg_enum_key(struct rpc_conn *c, const struct rpc_handle *h, uint32_t index, char **name)
{
	return enum_call(c, h, index, false, name);
}

int winreg_enum_value(struct rpc_conn *c, const struct rpc_handle *h, uint32_t index,
		      char **name)
{
	return enum_call(c, h, index, true, name);
}

int winreg_get_key_security(struct rpc_conn *c, const struct rpc_handle *h, unsigned char **out,
			    size_t *len)
{
	/* OWNER | GROUP | DACL: the SACL needs a privilege we do not ask for. */
	const uint32_t secinfo = 0x1 | 0x2 | 0x4;
	uint32_t want = 4096, ref, size, length, max, actual, st;
	const unsigned char *p;
	struct rpc_stub k;
	int rc;

	*out = NULL;
	for (int attempt = 0; attempt < 2; attempt++) {
		rpc_stub_init(&k, c, "GetKeySecurity");
		ndr_put_handle(&k.req, h);
		ndr_put_u32(&k.req, secinfo);
		ndr_put_ptr(&k.req, true); /* RPC_SECURITY_DESCRIPTOR: an empty buffer */
		ndr_put_u32(&k.req, want);
		ndr_put_u32(&k.req, 0);
		ndr_put_u32(&k.req, want);
		ndr_put_u32(&k.req, 0);
		ndr_put_u32(&k.req, 0);
		if (!(rc = rpc_stub_run(&k, OP_GET_KEY_SECURITY))) {
			if ((rc = ndr_get_ptr(&k.in, &ref)) || (rc = ndr_get_u32(&k.in, &size)) ||
			    (rc = ndr_get_u32(&k.in, &length)))
				rc = rpc_stub_bad_reply(&k, rc);
			else if (ref && ((rc = ndr_get_varying(&k.in, 0x10000, &max, &actual)) ||
					 (rc = ndr_get_view(&k.in, actual, &p)) ||
					 (rc = ndr_get_align(&k.in, 4))))
				rc = rpc_stub_bad_reply(&k, rc);
			else if (!(rc = rpc_stub_status(&k, &st)) && st == WERR_INSUFFICIENT_BUFFER &&
				 attempt == 0 && size > want && size <= 0x10000) {
				want = size;
				rpc_stub_done(&k);
				continue;
			} else if (!rc && st) {
				rc = rpc_stub_status_error(&k, st, NULL);
			} else if (!rc && (!ref || actual != length)) {
				rc = rpc_stub_bad_reply(&k, cadcom__error(CADCOM_EPROTO, -1,
								 "a descriptor of %u bytes in %u",
								 length, ref ? actual : 0));
			} else if (!rc && !(*out = malloc(actual ? actual : 1))) {
				rc = cadcom__enomem();
			} else if (!rc) {
				memcpy(*out, p, actual);
				*len = actual;
			}
		}
		rpc_stub_done(&k);
		break;
	}
	return rc;
}
