/*
 * Thread-local last error.  One fixed buffer per thread: recording an error
 * never allocates, so ENOMEM can always be reported.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"

struct cadcom_error {
	int code;
	long offset;
	char message[512];
};

static _Thread_local struct cadcom_error last_error;
static _Thread_local bool have_error;

int cadcom__error(int code, long offset, const char *fmt, ...)
{
	va_list ap;

	last_error.code = code;
	last_error.offset = offset;
	va_start(ap, fmt);
	vsnprintf(last_error.message, sizeof(last_error.message), fmt, ap);
	va_end(ap);
	have_error = true;
	return code;
}

int cadcom__enomem(void)
{
	return cadcom__error(CADCOM_ENOMEM, -1, "out of memory");
}

int cadcom__error_prefix(const char *fmt, ...)
{
	char old[sizeof(last_error.message)];
	size_t n, size = sizeof(last_error.message), keep;
	va_list ap;

	memcpy(old, last_error.message, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(last_error.message, size, fmt, ap);
	va_end(ap);
	/* Append ": " and the old message, cut to fit. */
	n = strlen(last_error.message);
	keep = strlen(old);
	if (n + 2 < size) {
		memcpy(last_error.message + n, ": ", 2);
		n += 2;
		if (keep > size - 1 - n)
			keep = size - 1 - n;
		memcpy(last_error.message + n, old, keep);
		last_error.message[n + keep] = '\0';
	}
	have_error = true;
	return last_error.code;
}

const cadcom_error *cadcom_error_last(void)
{
	return have_error ? &last_error : NULL;
}

int cadcom_error_code(const cadcom_error *err)
{
	return err ? err->code : CADCOM_OK;
}

const char *cadcom_error_message(const cadcom_error *err)
{
	return err ? err->message : "no error";
}

long cadcom_error_offset(const cadcom_error *err)
{
	return err ? err->offset : -1;
}

void cadcom_error_clear(void)
{
	have_error = false;
	memset(&last_error, 0, sizeof(last_error));
}

const char *cadcom_error_name(int code)
{
	switch (code) {
	case CADCOM_OK: return "success";
	case CADCOM_EINVAL: return "invalid argument";
	case CADCOM_ENOMEM: return "out of memory";
	case CADCOM_EPARSE: return "parse error";
	case CADCOM_EUNSUPPORTED: return "unsupported";
	case CADCOM_ENOTFOUND: return "not found";
	case CADCOM_ELIMIT: return "limit exceeded";
	case CADCOM_ENEEDDOMAIN: return "domain SID needed";
	case CADCOM_EUNREPRESENTABLE: return "not representable";
	case CADCOM_EINVALIDSD: return "invalid descriptor";
	case CADCOM_EPROTO: return "protocol error";
	case CADCOM_ECONNECT: return "cannot connect";
	case CADCOM_EAUTH: return "authentication failed";
	case CADCOM_EACCESS: return "access denied";
	case CADCOM_ENOPIPE: return "no such pipe";
	case CADCOM_ERPCFAULT: return "RPC fault";
	case CADCOM_ETIMEOUT: return "timed out";
	case CADCOM_ESERVER: return "server error";
	case CADCOM_EIO: return "I/O error";
	case CADCOM_ESTATE: return "wrong state";
	case CADCOM_EKIND: return "wrong kind of object";
	case CADCOM_ESCOPE: return "forbidden by the group scope rules";
	default: return "unknown error";
	}
}
